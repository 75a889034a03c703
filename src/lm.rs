//! The syllable n-gram language model: the token forms it sees ([`lm_form`]) and the query structure
//! ([`NgramLm`]) read straight from a model file's bytes.
//!
//! The model is interpolated modified Kneser–Ney (Chen & Goodman) stored in backoff form, as in ARPA files:
//! for every stored n-gram `h w` the interpolated `log10 P(w | h)`, and for every stored context `h` its backoff
//! weight. A query for `w` after context `h` takes the longest stored `h' w` (`h'` a suffix of `h`) and adds the
//! backoff weights of the contexts it skipped.
//!
//! Storage: unigrams are a plain array indexed by id; every higher order is an open-addressing hash table keyed
//! by a 64-bit hash of the id sequence (32 bits of it select the slot, the other 32 are stored as a
//! fingerprint). A lookup is a few multiplications and one or two cache lines per order; no strings are hashed.
//!
//! Training lives in [`train`]; the file format in [`crate::model`].
//!
//! ```no_run
//! # fn main() -> vnocr::Result<()> {
//! use vnocr::lexicon::Vocab;
//! use vnocr::model::LmModel;
//!
//! let model = LmModel::embedded()?;
//! let (vocab, lm) = (model.vocab(), model.lm());
//! let ctx = [Vocab::BOS, vocab.id("thủ").unwrap_or(Vocab::UNK)];
//! let good = lm.log_prob(&ctx, vocab.id("tướng").unwrap_or(Vocab::UNK));
//! let bad = lm.log_prob(&ctx, vocab.id("tường").unwrap_or(Vocab::UNK));
//! assert!(good > bad);
//! # Ok(()) }
//! ```

pub mod train;

use std::borrow::Cow;

use crate::syllable::{ToneStyle, retone};
use crate::tokenize::{Token, TokenKind, tokenize};

/// The class token that stands for every number, date, document code and URL.
pub const NUM_TOKEN: &str = "<num>";

/// The LM form of a token: a `Word` is lowercased and its tone placed in the classic style (NFC); `Number`,
/// `Date`, `Code` and `Url` become [`NUM_TOKEN`]; punctuation and spaces are not LM tokens (`None`).
///
/// Training and the decoder both use this function, so they see the same token stream.
///
/// ```
/// use vnocr::lm::lm_form;
/// use vnocr::tokenize::tokenize;
///
/// let forms: Vec<_> = tokenize("Thuỷ lợi, số 12/2025/NĐ-CP").iter().filter_map(lm_form).collect();
/// assert_eq!(forms, ["thủy", "lợi", "số", "<num>"]);
/// ```
pub fn lm_form<'a>(tok: &Token<'a>) -> Option<Cow<'a, str>> {
    match tok.kind {
        TokenKind::Word => Some(word_form(tok.text)),
        TokenKind::Number | TokenKind::Date | TokenKind::Code | TokenKind::Url => Some(Cow::Borrowed(NUM_TOKEN)),
        TokenKind::Punct | TokenKind::Space => None,
    }
}

/// The LM form of a word: lowercase, classic tone placement, NFC. Plain ASCII lowercase words come back
/// borrowed.
pub fn word_form(word: &str) -> Cow<'_, str> {
    if word.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit()) {
        return Cow::Borrowed(word);
    }
    Cow::Owned(retone(&word.to_lowercase(), ToneStyle::Classic))
}

/// The LM forms of a line (one sentence, without the `<s>`/`</s>` marks).
pub fn lm_tokens(line: &str) -> Vec<Cow<'_, str>> {
    tokenize(line).iter().filter_map(lm_form).collect()
}

// ---------------------------------------------------------------------------------------------------------------
// Hashing of id sequences (shared by the writer in `model` and the reader here).

const K_SEED: u64 = 0x9E37_79B9_7F4A_7C15;
const K_MIX: u64 = 0xD6E8_FEB8_6659_FD93;

#[inline(always)]
fn fmix(mut h: u64) -> u64 {
    h ^= h >> 32;
    h = h.wrapping_mul(K_MIX);
    h ^= h >> 29;
    h
}

/// Hash state of the sequence made of the single id `w` (the last word of an n-gram).
#[inline(always)]
pub(crate) fn hash_start(w: u32) -> u64 {
    fmix((u64::from(w) + 1).wrapping_mul(K_SEED))
}

/// Hash state of the sequence `id` followed by the sequence hashed as `h` (n-grams are hashed right to left,
/// so that `a b c` extends the state of `b c`).
#[inline(always)]
pub(crate) fn hash_extend(h: u64, id: u32) -> u64 {
    fmix(h.rotate_left(23) ^ (u64::from(id) + 1).wrapping_mul(K_SEED))
}

/// Hash of an id sequence (oldest first).
pub(crate) fn hash_ids(ids: &[u32]) -> u64 {
    let (&last, rest) = ids.split_last().expect("non-empty n-gram");
    rest.iter().rev().fold(hash_start(last), |h, &id| hash_extend(h, id))
}

/// Slot of a hash in a table of `cap` slots (multiply-shift range reduction on the high 32 bits).
#[inline(always)]
pub(crate) fn slot_of(h: u64, cap: usize) -> usize {
    (((h >> 32) * cap as u64) >> 32) as usize
}

/// Fingerprint stored in a slot: the low 32 bits, never 0 (0 marks an empty slot).
#[inline(always)]
pub(crate) fn fingerprint(h: u64) -> u32 {
    (h as u32).max(1)
}

/// Bytes per slot in the table of an order below the highest: fingerprint, log10 prob, log10 backoff.
pub(crate) const MID_ENTRY: usize = 12;
/// Bytes per slot in the table of the highest order: fingerprint, log10 prob.
pub(crate) const TOP_ENTRY: usize = 8;
/// Bytes per unigram: log10 prob, log10 backoff.
pub(crate) const UNI_ENTRY: usize = 8;

/// The log10 probability given to `<s>` (never predicted) and to ids outside the vocabulary range.
pub const LOG_ZERO: f32 = -99.0;

#[inline(always)]
fn rd_u32(b: &[u8], off: usize) -> u32 {
    u32::from_le_bytes(b[off..off + 4].try_into().unwrap())
}

#[inline(always)]
fn rd_f32(b: &[u8], off: usize) -> f32 {
    f32::from_le_bytes(b[off..off + 4].try_into().unwrap())
}

/// One hash table of n-grams of one order, viewed in the model's bytes.
#[derive(Debug)]
pub(crate) struct Table<'a> {
    pub(crate) bytes: &'a [u8],
    pub(crate) cap: usize,
    pub(crate) entry: usize,
}

impl Table<'_> {
    /// Byte offset of the entry with hash `h`, if stored.
    #[inline(always)]
    fn find(&self, h: u64) -> Option<usize> {
        if self.cap == 0 {
            return None;
        }
        let fp = fingerprint(h);
        let mut i = slot_of(h, self.cap);
        loop {
            let off = i * self.entry;
            let got = rd_u32(self.bytes, off);
            if got == fp {
                return Some(off);
            }
            if got == 0 {
                return None;
            }
            i += 1;
            if i == self.cap {
                i = 0;
            }
        }
    }
}

/// The n-gram language model, a view of a model file's bytes (see [`crate::model::LmModel`]).
#[derive(Debug)]
pub struct NgramLm {
    pub(crate) order: usize,
    pub(crate) vocab_len: usize,
    /// `vocab_len` × (log10 prob, log10 backoff).
    pub(crate) unigrams: &'static [u8],
    /// Tables of orders 2..=order (index 0 is order 2).
    pub(crate) tables: Vec<Table<'static>>,
}

impl NgramLm {
    /// The model's order (the longest n-grams it stores).
    pub fn order(&self) -> usize {
        self.order
    }

    /// Number of stored n-grams of each order (index 0 is unigrams), counted by scanning the tables.
    pub fn ngram_counts(&self) -> Vec<usize> {
        let mut out = vec![self.vocab_len];
        for t in &self.tables {
            out.push((0..t.cap).filter(|i| rd_u32(t.bytes, i * t.entry) != 0).count());
        }
        out
    }

    #[inline(always)]
    fn unigram(&self, w: u32) -> (f32, f32) {
        let off = w as usize * UNI_ENTRY;
        (rd_f32(self.unigrams, off), rd_f32(self.unigrams, off + 4))
    }

    /// log10 P(w | context), interpolated modified Kneser–Ney in backoff form. `context` holds the preceding ids,
    /// oldest first (it may start with [`crate::lexicon::Vocab::BOS`]); only its last `order - 1` are used.
    /// Ids outside the vocabulary count as `<unk>`; `<s>` is never predicted ([`LOG_ZERO`]).
    ///
    /// Allocation-free: a few hash mixes and one table probe per order tried.
    #[inline]
    pub fn log_prob(&self, context: &[u32], w: u32) -> f32 {
        let w = if (w as usize) < self.vocab_len { w } else { crate::lexicon::Vocab::UNK };
        if w == crate::lexicon::Vocab::BOS {
            return LOG_ZERO;
        }
        let n = context.len().min(self.order - 1);
        let ctx = &context[context.len() - n..];
        let fix = |id: u32| {
            if (id as usize) < self.vocab_len { id } else { crate::lexicon::Vocab::UNK }
        };
        // hs[j]: hash of (last j context ids, w); cs[j]: hash of the last j context ids (j ≥ 1).
        let mut hs = [0u64; 8];
        let mut cs = [0u64; 8];
        let n = n.min(7);
        hs[0] = hash_start(w);
        for j in 1..=n {
            let id = fix(ctx[n - j]);
            hs[j] = hash_extend(hs[j - 1], id);
            cs[j] = if j == 1 { hash_start(id) } else { hash_extend(cs[j - 1], id) };
        }
        let mut backoff = 0.0f32;
        let mut j = n;
        while j > 0 {
            let t = &self.tables[j - 1];
            if let Some(off) = t.find(hs[j]) {
                return backoff + rd_f32(t.bytes, off + 4);
            }
            // Back off from context of length j: its weight is stored with the context n-gram (order j).
            if j == 1 {
                backoff += self.unigram(fix(ctx[n - 1])).1;
            } else {
                let ct = &self.tables[j - 2];
                if let Some(off) = ct.find(cs[j]) {
                    backoff += rd_f32(ct.bytes, off + 8);
                }
            }
            j -= 1;
        }
        backoff + self.unigram(w).0
    }

    /// log10 probability of a whole sentence of ids (without `<s>`/`</s>`): Σ log10 P(w | history) over the
    /// words and the closing `</s>`, with the history starting at `<s>`.
    pub fn sentence_log_prob(&self, ids: &[u32]) -> f64 {
        let mut hist = Vec::with_capacity(ids.len() + 2);
        hist.push(crate::lexicon::Vocab::BOS);
        let mut total = 0.0f64;
        for &w in ids.iter().chain(std::iter::once(&crate::lexicon::Vocab::EOS)) {
            total += f64::from(self.log_prob(&hist, w));
            hist.push(w);
        }
        total
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn forms() {
        let toks = tokenize("QUYẾT ĐỊNH Hoà bình UBND 2025 ngày 31/12/2020 iPhone: xem");
        let forms: Vec<_> = toks.iter().filter_map(lm_form).collect();
        assert_eq!(forms, ["quyết", "định", "hòa", "bình", "ubnd", "<num>", "ngày", "<num>", "iphone", "xem"]);
    }

    #[test]
    fn hash_is_right_to_left_extension() {
        assert_eq!(hash_ids(&[5, 6, 7]), hash_extend(hash_extend(hash_start(7), 6), 5));
        assert_ne!(hash_ids(&[5, 6]), hash_ids(&[6, 5]));
        assert_ne!(hash_ids(&[0]), hash_ids(&[0, 0]));
    }
}
