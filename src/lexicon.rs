//! The vocabulary of the language model: word forms (see [`crate::lm::lm_form`]) ↔ dense ids, with training
//! counts. A view of a model file's bytes; lookups by string go through a hash table stored in the file.
//!
//! Ids 0–3 are the special tokens `<unk>`, `<s>`, `</s>` and `<num>`; the others are ordered by decreasing
//! training count, ties by the form's bytes.

/// The four special forms, in id order.
pub const SPECIALS: [&str; 4] = ["<unk>", "<s>", "</s>", "<num>"];

#[inline(always)]
fn rd_u32(b: &[u8], off: usize) -> u32 {
    u32::from_le_bytes(b[off..off + 4].try_into().unwrap())
}

#[inline(always)]
fn rd_u64(b: &[u8], off: usize) -> u64 {
    u64::from_le_bytes(b[off..off + 8].try_into().unwrap())
}

/// FNV-1a 64 of a word's bytes: the key of the vocabulary's string table.
pub(crate) fn hash_str(s: &str) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in s.as_bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    h ^ (h >> 29)
}

/// Number of slots of the string table for `n` words.
pub(crate) fn str_table_cap(n: usize) -> usize {
    n * 2 + 1
}

/// The word list of a model: form ↔ id, and training counts.
#[derive(Debug)]
pub struct Vocab {
    pub(crate) len: usize,
    /// `len + 1` u32 offsets into `strings`.
    pub(crate) offsets: &'static [u8],
    pub(crate) strings: &'static str,
    /// `len` u64 counts.
    pub(crate) counts: &'static [u8],
    /// Open-addressing string index built at load: a power of two of slots holding id + 1 (0 = empty).
    index: Box<[u32]>,
}

/// The slot hash of the in-memory string index: [`hash_str`] with a full avalanche (MurmurHash3's finalizer).
/// The model file's own table (`vocab.table`) places words by FNV-1a's high bits, which barely depend on a word's
/// last byte, so words differing only there crowd into one run of slots: a lookup there cost 4,400
/// instructions on average (callgrind), here a few dozen.
fn index_hash(word: &str) -> u64 {
    let mut h = hash_str(word);
    h ^= h >> 33;
    h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
    h ^= h >> 33;
    h = h.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
    h ^ (h >> 33)
}

impl Vocab {
    /// Unknown word (every form below the vocabulary's count threshold).
    pub const UNK: u32 = 0;
    /// Sentence start `<s>`: starts every context, never predicted.
    pub const BOS: u32 = 1;
    /// Sentence end `</s>`.
    pub const EOS: u32 = 2;
    /// Numbers, dates, document codes and URLs (`<num>`).
    pub const NUM: u32 = 3;

    /// The vocabulary of a model file's sections (`len + 1` offsets into `strings`, checked by the caller to lie
    /// on char boundaries, and `len` counts), with its string index.
    pub(crate) fn new(len: usize, offsets: &'static [u8], strings: &'static str, counts: &'static [u8]) -> Vocab {
        let mut v = Vocab { len, offsets, strings, counts, index: Box::default() };
        let mut index = vec![0u32; (len * 2).next_power_of_two().max(2)];
        let mask = index.len() - 1;
        for id in 0..len as u32 {
            let mut i = index_hash(v.word(id)) as usize & mask;
            while index[i] != 0 {
                i = (i + 1) & mask;
            }
            index[i] = id + 1;
        }
        v.index = index.into_boxed_slice();
        v
    }

    /// The id of a form (lowercase, classic tone placement, NFC: see [`crate::lm::lm_form`]).
    pub fn id(&self, word: &str) -> Option<u32> {
        // At least half the slots are empty (`Vocab::new`), so the scan ends.
        let mask = self.index.len() - 1;
        let mut i = index_hash(word) as usize & mask;
        loop {
            let v = self.index[i];
            if v == 0 {
                return None;
            }
            if self.word(v - 1) == word {
                return Some(v - 1);
            }
            i = (i + 1) & mask;
        }
    }

    /// The form of an id. Panics if `id >= len()`.
    pub fn word(&self, id: u32) -> &str {
        let i = id as usize;
        assert!(i < self.len, "word id {id} out of range (vocabulary of {})", self.len);
        let (a, b) = (rd_u32(self.offsets, i * 4) as usize, rd_u32(self.offsets, i * 4 + 4) as usize);
        // Offsets checked to lie on char boundaries when the model was loaded.
        self.strings.get(a..b).unwrap_or("")
    }

    /// The (weighted, rounded) training count of an id; 0 for ids out of range.
    pub fn count(&self, id: u32) -> u64 {
        if (id as usize) < self.len { rd_u64(self.counts, id as usize * 8) } else { 0 }
    }

    /// Number of ids, the four specials included.
    pub fn len(&self) -> usize {
        self.len
    }

    /// True when the vocabulary has no words (never for a loaded model: the specials are always there).
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// (id, form, count) of every word in id order.
    pub fn iter(&self) -> impl Iterator<Item = (u32, &str, u64)> {
        (0..self.len as u32).map(|id| (id, self.word(id), self.count(id)))
    }

    /// The id of a form, `<unk>` when it is not in the vocabulary.
    pub fn id_or_unk(&self, word: &str) -> u32 {
        self.id(word).unwrap_or(Self::UNK)
    }
}
