//! The LM model file: vocabulary + n-gram tables + document-code parts + build metadata, one versioned file,
//! loaded by mmap or from embedded bytes without a parse step proportional to its size.
//!
//! # Format (version 4, little-endian)
//!
//! | bytes | content |
//! |---|---|
//! | 0..8 | magic `VNOCRLM\0` |
//! | 8..12 | format version (u32) |
//! | 12..16 | reserved (0) |
//! | 16..24 | length of the JSON header (u64) |
//! | 24..32 | total file length (u64) |
//! | 32..40 | checksum of bytes 40.. (u64, 4-lane multiply-rotate hash) |
//! | 40.. | JSON header ([`Header`]: build info, code parts, section table), padded to 8 |
//! | … | sections at the offsets of the section table |
//!
//! Sections: `vocab.offsets` (u32 × (V+1)), `vocab.strings` (UTF-8), `vocab.counts` (u64 × V), `vocab.table`
//! (u32 × cap: id + 1 by FNV-1a of the form, linear probing; checked, not read: [`Vocab`] builds its own index at
//! load, whose hash spreads the words better), `unigrams` ((f32 log10 p, f32 log10 backoff) × V),
//! and `order.K` for K = 2..=N: open-addressing tables (load factor 0.8, Robin Hood linear probing: the n-grams
//! in the order of their home slots, the section's `slots` counting the home slots, its bytes also the few slots
//! the last homes overflow into) of 7-byte slots (5 for the highest order, which has no backoff): a u32 holding a
//! 24-bit fingerprint, the slot's 4-bit displacement from its home (saturated at 15) and the top 4 bits of the
//! 12-bit quantized log10 p ([`crate::lm::quantize`]), a byte with its low 8 bits, and an i16 quantized log10
//! backoff ([`crate::lm::quantize_bow`]); slot and fingerprint come from a 64-bit hash of the id sequence.
//!
//! Version 4 stores the same n-grams and values as version 3, whose tables were in insertion order with a 28-bit
//! fingerprint: a lookup of a missing n-gram now stops at the first slot homed after its own (≈ 3.4 slots read
//! at load 0.8 instead of ≈ 13). Version 3 packed what version 2 stored in 10-byte slots (32-bit fingerprint,
//! 16-bit log10 p, f32 backoff; 6 for the highest order) at load factor 0.75: 1.6× the n-grams in the same bytes.
//!
//! Version 2 added a guarantee, checked by the writer: the n-grams are closed under prefixes and suffixes (with
//! `a b c` stored, so are `a b` and `b c`), which lets a lookup stop at the first n-gram that is not stored
//! ([`crate::lm::NgramLm::score`]). Version 1 files lack it and are refused.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::lexicon::{Vocab, hash_str, str_table_cap};
use crate::lm::{
    MID_ENTRY, NgramLm, TOP_ENTRY, Table, UNI_ENTRY, fingerprint, hash_ids, quantize_bow, slot_head, slot_of,
};

/// The first bytes of every model file.
pub const MAGIC: &[u8; 8] = b"VNOCRLM\0";
/// The format version this build reads and writes.
pub const FORMAT_VERSION: u32 = 4;
const FIXED: usize = 40;
/// Offsets of the fixed header's fields (the table above).
const VERSION_AT: usize = 8;
const JSON_LEN_AT: usize = 16;
const TOTAL_AT: usize = 24;
const SUM_AT: usize = 32;
/// Load factor of the n-gram hash tables.
pub const LOAD_FACTOR: f64 = 0.8;

/// One corpus a model was trained on.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct CorpusInfo {
    /// Corpus name (file stem: `admin`, `news`, ...).
    pub name: String,
    /// The path as given on the command line.
    pub path: String,
    /// Weight of its counts.
    pub weight: f64,
    /// Lines (sentences) trained on.
    pub lines: u64,
    /// Lines held out at the end of the file (never trained on).
    pub holdout_lines: u64,
    /// LM tokens trained on (without `<s>`/`</s>`).
    pub tokens: u64,
}

/// How a model was built (stored as JSON in the file header).
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct BuildInfo {
    /// `trained` (by `vnocr train`) or `arpa` (imported).
    pub source: String,
    /// The smoothing method.
    pub smoothing: String,
    /// N-gram order.
    pub order: usize,
    /// Corpora with their weights and token counts.
    pub corpora: Vec<CorpusInfo>,
    /// Vocabulary size (specials included).
    pub vocab_size: usize,
    /// Minimum weighted count for a form to enter the vocabulary.
    pub min_count: f64,
    /// Stored n-grams per order (index 0 = unigrams) after pruning.
    pub ngrams: Vec<u64>,
    /// Distinct n-grams per order before pruning.
    pub ngrams_unpruned: Vec<u64>,
    /// Modified Kneser–Ney discounts (D1, D2, D3+) per order (index 0 = unigrams).
    pub discounts: Vec<[f64; 3]>,
    /// Pruning applied, in words.
    pub pruning: String,
    /// N-grams dropped because their hash fingerprint collided with another's (expected 0 or a handful).
    pub hash_collisions: u64,
    /// The command line that built the model.
    pub command_line: String,
}

/// A section of the file.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Section {
    /// Section name.
    pub name: String,
    /// Byte offset from the start of the file.
    pub offset: u64,
    /// Length in bytes.
    pub len: u64,
    /// Number of entries, or of home slots (hash tables, whose bytes also hold the slots their last n-grams
    /// overflow into).
    pub slots: u64,
}

/// The JSON header of a model file.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Header {
    /// Build metadata.
    pub info: BuildInfo,
    /// Uppercase letter parts of document codes and acronyms seen in training, with counts.
    pub code_parts: Vec<(String, u64)>,
    /// Where the sections are.
    pub sections: Vec<Section>,
}

/// The n-grams of one order, as trained or read from ARPA, before they are written into a model file.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct NgramSet {
    /// The ids, `order` per n-gram, n-grams one after another (for unigrams: every id in order).
    pub ids: Vec<u32>,
    /// log10 P(w | h) of each n-gram.
    pub logp: Vec<f32>,
    /// log10 backoff weight of each n-gram as a context (0 when it has none).
    pub bow: Vec<f32>,
}

impl NgramSet {
    /// Number of n-grams.
    pub fn len(&self) -> usize {
        self.logp.len()
    }

    /// True when there are none.
    pub fn is_empty(&self) -> bool {
        self.logp.is_empty()
    }
}

/// Everything a model file holds, in plain vectors: what training and ARPA import produce.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ModelParts {
    /// Forms by id (the four specials first).
    pub words: Vec<String>,
    /// Training counts by id.
    pub counts: Vec<u64>,
    /// `ngrams[k - 1]` holds the n-grams of order k; `ngrams[0]` has one entry per id.
    pub ngrams: Vec<NgramSet>,
    /// Document-code parts and acronyms with counts, sorted by part.
    pub code_parts: Vec<(String, u64)>,
    /// Build metadata.
    pub info: BuildInfo,
}

impl ModelParts {
    /// Adds every missing suffix of a stored n-gram ("b c" for a stored "a b c") as a blank: the probability the
    /// model gives it by backing off, and no backoff weight. The model's distributions do not change; the file
    /// format needs the closure ([`to_bytes`] checks it). ARPA files from other tools may lack a few suffixes
    /// (KenLM fills them the same way). Returns how many were added.
    pub fn close_under_suffixes(&mut self) -> u64 {
        use std::collections::HashMap;
        let order = self.ngrams.len();
        let mut index: Vec<HashMap<Vec<u32>, usize>> = self
            .ngrams
            .iter()
            .enumerate()
            .map(|(i, set)| set.ids.chunks(i + 1).enumerate().map(|(j, ids)| (ids.to_vec(), j)).collect())
            .collect();
        // Top down: a blank of order k - 1 may itself lack its suffix of order k - 2.
        let mut blanks: Vec<Vec<usize>> = vec![Vec::new(); order];
        for k in (3..=order).rev() {
            for j in 0..self.ngrams[k - 1].len() {
                let suffix = self.ngrams[k - 1].ids[j * k + 1..(j + 1) * k].to_vec();
                if !index[k - 2].contains_key(&suffix) {
                    let set = &mut self.ngrams[k - 2];
                    index[k - 2].insert(suffix.clone(), set.len());
                    blanks[k - 2].push(set.len());
                    set.ids.extend_from_slice(&suffix);
                    set.logp.push(0.0);
                    set.bow.push(0.0);
                }
            }
        }
        // Bottom up: a blank's probability backs off to orders already complete.
        for (k0, list) in blanks.iter().enumerate() {
            let k = k0 + 1;
            for &j in list {
                let ids = self.ngrams[k0].ids[j * k..(j + 1) * k].to_vec();
                let (ctx, w) = ids.split_at(k - 1);
                let mut acc = 0.0f32;
                let bow_of = |h: &[u32]| index[h.len() - 1].get(h).map_or(0.0, |&i| self.ngrams[h.len() - 1].bow[i]);
                acc += bow_of(ctx);
                let mut logp = f32::NAN;
                for start in 1..=ctx.len() {
                    let h = &ctx[start..];
                    let key: Vec<u32> = h.iter().chain(w).copied().collect();
                    if let Some(&i) = index[key.len() - 1].get(&key) {
                        logp = acc + self.ngrams[key.len() - 1].logp[i];
                        break;
                    }
                    if !h.is_empty() {
                        acc += bow_of(h);
                    }
                }
                self.ngrams[k0].logp[j] = logp;
            }
        }
        blanks.iter().map(|b| b.len() as u64).sum()
    }
}

/// Writes a model file's length and checksum fields (`TOTAL_AT`, `SUM_AT`) for the bytes it holds: the last step
/// of [`to_bytes`], and how a file changed in place is made whole again (the tests and fuzz targets damage files
/// past their checksum so). Bytes shorter than the fixed header are left as they are.
pub fn seal(bytes: &mut [u8]) {
    if bytes.len() < FIXED {
        return;
    }
    let total = bytes.len() as u64;
    bytes[TOTAL_AT..TOTAL_AT + 8].copy_from_slice(&total.to_le_bytes());
    let sum = checksum(&bytes[FIXED..]);
    bytes[SUM_AT..SUM_AT + 8].copy_from_slice(&sum.to_le_bytes());
}

/// 4-lane multiply-rotate hash of a byte string (fast enough to check a 40 MB file in a few milliseconds).
pub fn checksum(bytes: &[u8]) -> u64 {
    const P: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut lanes = [0x243F_6A88_85A3_08D3u64, 0x1319_8A2E_0370_7344, 0xA409_3822_299F_31D0, 0x082E_FA98_EC4E_6C89];
    let mut chunks = bytes.chunks_exact(32);
    for c in &mut chunks {
        for (i, lane) in lanes.iter_mut().enumerate() {
            let w = u64::from_le_bytes(c[i * 8..i * 8 + 8].try_into().unwrap());
            *lane = (*lane ^ w).wrapping_mul(P).rotate_left(31);
        }
    }
    let mut h = bytes.len() as u64;
    for lane in lanes {
        h = (h ^ lane).wrapping_mul(P).rotate_left(27);
    }
    for &b in chunks.remainder() {
        h = (h ^ u64::from(b)).wrapping_mul(P).rotate_left(13);
    }
    h ^ (h >> 31)
}

/// Number of slots of the table holding `n` n-grams.
pub fn table_cap(n: usize) -> usize {
    if n == 0 { 0 } else { ((n as f64 / LOAD_FACTOR).ceil() as usize).max(n + 1) }
}

/// Bytes the n-gram tables of a model take for these counts per order (index 0 = unigrams).
pub fn tables_size(counts: &[usize]) -> usize {
    let order = counts.len();
    counts
        .iter()
        .enumerate()
        .map(|(i, &n)| match i {
            0 => n * UNI_ENTRY,
            _ if i + 1 == order => table_cap(n) * TOP_ENTRY,
            _ => table_cap(n) * MID_ENTRY,
        })
        .sum()
}

/// The bytes of a Robin Hood table ([`Table`]) of `cap` home slots of `entry` bytes holding the items of hashes
/// `hashes`, and the number of items dropped because a lookup could not tell them from another (same home slot
/// and fingerprint, or the same fingerprint past displacement 15: expected 0 or a handful). `fill(i, fp, disp,
/// slot)` writes item `i`, of fingerprint `fp`, into its slot, `disp` slots after its home (see [`slot_head`]).
fn robin_hood_table(
    hashes: &[u64],
    cap: usize,
    entry: usize,
    mut fill: impl FnMut(usize, u32, usize, &mut [u8]),
) -> (Vec<u8>, u64) {
    // (home slot, fingerprint, item), in Robin Hood order: by home slot, then fingerprint (for determinism).
    let mut items: Vec<(usize, u32, usize)> =
        hashes.iter().enumerate().map(|(i, &h)| (slot_of(h, cap), fingerprint(h), i)).collect();
    items.sort_unstable();
    let before = items.len();
    items.dedup_by_key(|e| (e.0, e.1));
    let mut dropped = (before - items.len()) as u64;
    loop {
        // Each item at its home slot, or right after the one before when that is taken.
        let mut slots = Vec::with_capacity(items.len());
        let mut next = 0;
        for &(home, _, _) in &items {
            let slot = home.max(next);
            slots.push(slot);
            next = slot + 1;
        }
        let mut t = vec![0u8; next.max(cap) * entry];
        for (&(home, fp, i), &s) in items.iter().zip(&slots) {
            fill(i, fp, s - home, &mut t[s * entry..(s + 1) * entry]);
        }
        let view = Table { bytes: &t, cap, entry };
        match items.iter().zip(&slots).position(|(&(_, _, i), &s)| view.find(hashes[i]) != Some(s * entry)) {
            Some(j) => {
                items.remove(j);
                dropped += 1;
            }
            None => return (t, dropped),
        }
    }
}

fn pad8(v: &mut Vec<u8>) {
    while v.len() % 8 != 0 {
        v.push(0);
    }
}

/// Serializes model parts into the file format. Deterministic: the same parts give the same bytes.
/// Returns the bytes and the number of n-grams dropped for fingerprint collisions.
pub fn to_bytes(parts: &ModelParts) -> Result<Vec<u8>> {
    let v = parts.words.len();
    let order = parts.ngrams.len();
    if v < 4 || parts.words[..4] != crate::lexicon::SPECIALS.map(String::from) {
        return Err(Error::Other("model parts: the vocabulary must start with <unk> <s> </s> <num>".into()));
    }
    if order == 0 || order > 7 || parts.ngrams[0].len() != v || parts.counts.len() != v {
        return Err(Error::Other(format!("model parts: bad shape (order {order}, vocabulary {v})")));
    }
    let mut sections: Vec<(String, Vec<u8>, u64)> = Vec::new();
    // Vocabulary.
    let mut offsets = Vec::with_capacity((v + 1) * 4);
    let mut strings = Vec::new();
    for w in &parts.words {
        offsets.extend_from_slice(&(strings.len() as u32).to_le_bytes());
        strings.extend_from_slice(w.as_bytes());
    }
    offsets.extend_from_slice(&(strings.len() as u32).to_le_bytes());
    let counts: Vec<u8> = parts.counts.iter().flat_map(|c| c.to_le_bytes()).collect();
    let cap = str_table_cap(v);
    let mut table = vec![0u32; cap];
    for (id, w) in parts.words.iter().enumerate() {
        let mut i = slot_of(hash_str(w), cap);
        while table[i] != 0 {
            if parts.words[table[i] as usize - 1] == *w {
                return Err(Error::Other(format!("model parts: duplicate word {w:?}")));
            }
            i = (i + 1) % cap;
        }
        table[i] = id as u32 + 1;
    }
    sections.push(("vocab.offsets".into(), offsets, v as u64 + 1));
    sections.push(("vocab.strings".into(), strings, v as u64));
    sections.push(("vocab.counts".into(), counts, v as u64));
    sections.push(("vocab.table".into(), table.iter().flat_map(|x| x.to_le_bytes()).collect(), cap as u64));
    // Unigrams.
    let uni = &parts.ngrams[0];
    let mut ub = Vec::with_capacity(v * UNI_ENTRY);
    for i in 0..v {
        ub.extend_from_slice(&uni.logp[i].to_le_bytes());
        ub.extend_from_slice(&uni.bow[i].to_le_bytes());
    }
    sections.push(("unigrams".into(), ub, v as u64));
    // Higher orders.
    let mut collisions = 0u64;
    for k in 2..=order {
        let set = &parts.ngrams[k - 1];
        let top = k == order;
        let entry = if top { TOP_ENTRY } else { MID_ENTRY };
        let cap = table_cap(set.len());
        let mut hashes = Vec::with_capacity(set.len());
        for i in 0..set.len() {
            let ids = &set.ids[i * k..(i + 1) * k];
            if let Some(&bad) = ids.iter().find(|&&id| id as usize >= v) {
                return Err(Error::Other(format!("model parts: id {bad} out of range in an order-{k} n-gram")));
            }
            hashes.push(hash_ids(ids));
        }
        let (t, dropped) = robin_hood_table(&hashes, cap, entry, |i, fp, disp, slot| {
            slot[..5].copy_from_slice(&slot_head(fp, disp, set.logp[i]));
            if !top {
                slot[5..7].copy_from_slice(&quantize_bow(set.bow[i]).to_le_bytes());
            }
        });
        collisions += dropped;
        if k >= 3 {
            let (_, lower, lower_cap) = &sections[sections.len() - 1];
            let lower = Table { bytes: lower, cap: *lower_cap as usize, entry: MID_ENTRY };
            if let Some(i) = (0..set.len()).find(|&i| lower.find(hash_ids(&set.ids[i * k + 1..(i + 1) * k])).is_none())
            {
                let ids = &set.ids[i * k..(i + 1) * k];
                return Err(Error::Other(format!(
                    "model parts: the order-{k} n-gram {ids:?} is stored but its suffix is not (see \
                     ModelParts::close_under_suffixes)"
                )));
            }
        }
        sections.push((format!("order.{k}"), t, cap as u64));
    }
    // Header with the section table: offsets depend on the header length, so iterate until stable.
    let mut info = parts.info.clone();
    info.order = order;
    info.vocab_size = v;
    info.ngrams = parts.ngrams.iter().map(|s| s.len() as u64).collect();
    info.hash_collisions = collisions;
    let mut header_len = 0usize;
    loop {
        let mut off = (FIXED + header_len).next_multiple_of(8) as u64;
        let mut table = Vec::new();
        for (name, bytes, slots) in &sections {
            table.push(Section { name: name.clone(), offset: off, len: bytes.len() as u64, slots: *slots });
            off = (off + bytes.len() as u64).next_multiple_of(8);
        }
        let header = Header { info: info.clone(), code_parts: parts.code_parts.clone(), sections: table };
        let json = serde_json::to_vec(&header).map_err(|e| Error::Other(e.to_string()))?;
        if json.len() != header_len {
            header_len = json.len();
            continue;
        }
        let mut out = Vec::with_capacity(off as usize);
        out.extend_from_slice(MAGIC);
        out.extend_from_slice(&FORMAT_VERSION.to_le_bytes());
        out.extend_from_slice(&0u32.to_le_bytes());
        out.extend_from_slice(&(json.len() as u64).to_le_bytes());
        out.extend_from_slice(&[0u8; 16]);
        out.extend_from_slice(&json);
        pad8(&mut out);
        for (_, bytes, _) in &sections {
            out.extend_from_slice(bytes);
            pad8(&mut out);
        }
        seal(&mut out);
        return Ok(out);
    }
}

/// Writes model parts to a file (see [`to_bytes`]).
pub fn write(parts: &ModelParts, path: &Path) -> Result<()> {
    let bytes = to_bytes(parts)?;
    std::fs::write(path, bytes).map_err(|source| Error::Io { path: path.to_path_buf(), source })
}

enum Backing {
    Static,
    Mmap(#[allow(dead_code)] memmap2::Mmap),
    Owned(#[allow(dead_code)] Vec<u8>),
}

/// A loaded model: vocabulary, n-gram LM, code parts and build info, viewed in the file's bytes.
pub struct LmModel {
    // Field order matters: `vocab` and `lm` borrow from `backing`'s bytes and are dropped first.
    vocab: Vocab,
    lm: NgramLm,
    header: Header,
    /// The file's length and the checksum its fixed header records (verified at load).
    file: (usize, u64),
    _backing: Backing,
}

impl std::fmt::Debug for LmModel {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LmModel").field("info", &self.header.info).finish_non_exhaustive()
    }
}

#[cfg(vnocr_embedded_lm)]
static EMBEDDED: &[u8] = include_bytes!(concat!(env!("CARGO_MANIFEST_DIR"), "/dictionaries/lm.bin"));
#[cfg(not(vnocr_embedded_lm))]
static EMBEDDED: &[u8] = &[];

impl LmModel {
    /// Loads a model file by mmap. Checks magic, version, length and checksum.
    pub fn load(path: &Path) -> Result<LmModel> {
        let file = std::fs::File::open(path).map_err(|source| Error::Io { path: path.to_path_buf(), source })?;
        // SAFETY: the map is read-only; model files are not modified while in use (they are written whole and
        // replaced). The checksum is verified below.
        let map =
            unsafe { memmap2::Mmap::map(&file) }.map_err(|source| Error::Io { path: path.to_path_buf(), source })?;
        // SAFETY: the slice points into `map`, which is moved into the returned model and lives as long as it;
        // the views built on the slice are fields of the same model, dropped before the map.
        let bytes: &'static [u8] = unsafe { std::slice::from_raw_parts(map.as_ptr(), map.len()) };
        Self::parse(bytes, Backing::Mmap(map), path)
    }

    /// Parses a model from bytes that live for the whole program (e.g. `include_bytes!`).
    pub fn from_bytes(bytes: &'static [u8]) -> Result<LmModel> {
        Self::parse(bytes, Backing::Static, Path::new("<bytes>"))
    }

    /// Parses a model from owned bytes.
    pub fn from_vec(bytes: Vec<u8>) -> Result<LmModel> {
        // SAFETY: the Vec's heap buffer does not move when the Vec is moved into the model; see `load`.
        let view: &'static [u8] = unsafe { std::slice::from_raw_parts(bytes.as_ptr(), bytes.len()) };
        Self::parse(view, Backing::Owned(bytes), Path::new("<memory>"))
    }

    /// The model shipped in `dictionaries/lm.bin`, embedded at build time and parsed once.
    pub fn embedded() -> Result<&'static LmModel> {
        static MODEL: OnceLock<std::result::Result<LmModel, String>> = OnceLock::new();
        let path = PathBuf::from("<embedded dictionaries/lm.bin>");
        let got = MODEL.get_or_init(|| {
            if EMBEDDED.is_empty() {
                return Err("this build has no embedded language model (dictionaries/lm.bin was missing when it \
                            was compiled); pass --model PATH"
                    .into());
            }
            Self::parse(EMBEDDED, Backing::Static, &PathBuf::from("<embedded dictionaries/lm.bin>")).map_err(
                |e| match e {
                    Error::Model { message, .. } => message,
                    other => other.to_string(),
                },
            )
        });
        got.as_ref().map_err(|message| Error::Model { path, message: message.clone() })
    }

    /// The vocabulary.
    pub fn vocab(&self) -> &Vocab {
        &self.vocab
    }

    /// The n-gram model.
    pub fn lm(&self) -> &NgramLm {
        &self.lm
    }

    /// Uppercase letter parts of document codes and acronyms seen in training ("QĐ", "TTg", "UBND"), with counts,
    /// sorted by part.
    pub fn code_parts(&self) -> &[(String, u64)] {
        &self.header.code_parts
    }

    /// How the model was built.
    pub fn info(&self) -> &BuildInfo {
        &self.header.info
    }

    /// The file header (build info, code parts, section table).
    pub fn header(&self) -> &Header {
        &self.header
    }

    /// The model file's length in bytes.
    pub fn file_len(&self) -> usize {
        self.file.0
    }

    /// The checksum of the model file's bytes after its fixed header, as the file records it (verified at load):
    /// two files with the same checksum hold the same model.
    pub fn file_checksum(&self) -> u64 {
        self.file.1
    }

    fn parse(bytes: &'static [u8], backing: Backing, path: &Path) -> Result<LmModel> {
        let err = |message: String| Error::Model { path: path.to_path_buf(), message };
        if bytes.len() < FIXED || &bytes[..8] != MAGIC {
            if bytes.len() >= 8 && &bytes[..8] == MAGIC {
                return Err(err(format!("truncated: {} bytes, shorter than the fixed header", bytes.len())));
            }
            return Err(err("not a vnocr language model (bad magic)".into()));
        }
        let rd64 = |o: usize| u64::from_le_bytes(bytes[o..o + 8].try_into().unwrap());
        let version = u32::from_le_bytes(bytes[VERSION_AT..VERSION_AT + 4].try_into().unwrap());
        if version != FORMAT_VERSION {
            return Err(err(format!(
                "format version {version}, this build reads version {FORMAT_VERSION}: rebuild it with `vnocr train`"
            )));
        }
        let (json_len, total, sum) = (rd64(JSON_LEN_AT), rd64(TOTAL_AT), rd64(SUM_AT));
        if total != bytes.len() as u64 {
            return Err(err(format!("truncated or padded: header says {total} bytes, file has {}", bytes.len())));
        }
        if checksum(&bytes[FIXED..]) != sum {
            return Err(err("corrupted: checksum mismatch".into()));
        }
        let json_end = FIXED
            .checked_add(usize::try_from(json_len).unwrap_or(usize::MAX))
            .filter(|&e| e <= bytes.len())
            .ok_or_else(|| err("corrupted: header length beyond the end of the file".into()))?;
        let header: Header =
            serde_json::from_slice(&bytes[FIXED..json_end]).map_err(|e| err(format!("corrupted header: {e}")))?;
        // A section of `slots` entries of `entry` bytes; with `overflow` (a hash table), of `slots` home slots and
        // the few slots its last n-grams overflow into.
        let section = |name: &str, entry: usize, overflow: bool| -> Result<(&'static [u8], usize)> {
            let s = header
                .sections
                .iter()
                .find(|s| s.name == name)
                .ok_or_else(|| err(format!("missing section {name}")))?;
            let end = s.offset.checked_add(s.len).filter(|&e| e <= bytes.len() as u64);
            let Some(end) = end else {
                return Err(err(format!("section {name} extends past the end of the file")));
            };
            let slots = usize::try_from(s.slots).map_err(|_| err(format!("section {name}: bad size")))?;
            let len = s.len as usize;
            let fits = |n: usize| if overflow { n <= len && len % entry == 0 } else { n == len };
            if entry > 0 && !slots.checked_mul(entry).is_some_and(fits) {
                return Err(err(format!("section {name}: {} bytes for {slots} entries of {entry}", s.len)));
            }
            Ok((&bytes[s.offset as usize..end as usize], slots))
        };
        let info = &header.info;
        let v = info.vocab_size;
        let order = info.order;
        if !(1..=7).contains(&order) || v < 4 {
            return Err(err(format!("bad header: order {order}, vocabulary {v}")));
        }
        let (offsets, n_off) = section("vocab.offsets", 4, false)?;
        let (strings, _) = section("vocab.strings", 0, false)?;
        let (counts, n_counts) = section("vocab.counts", 8, false)?;
        // The file's string table is written for readers of this format version, but `Vocab` indexes the words
        // afresh (`Vocab::new`: its hash spreads them better).
        let (_, cap) = section("vocab.table", 4, false)?;
        let (unigrams, n_uni) = section("unigrams", UNI_ENTRY, false)?;
        if n_off != v + 1 || n_counts != v || n_uni != v || cap < v {
            return Err(err("vocabulary sections disagree with the header".into()));
        }
        // Offsets must be monotone, within the strings, on char boundaries: checked once (O(V), small).
        let text = std::str::from_utf8(strings).map_err(|_| err("vocabulary is not UTF-8".into()))?;
        // Words (and code parts) reach the output as written: a space, a line break or another ASCII control
        // character in one would change the text's tokens or lines (the `model` fuzz target found a damaged file
        // whose restoration had a line more than its input). One pass over the bytes: no measurable load time.
        let blank = |s: &str| s.bytes().any(|b| b <= b' ' || b == 0x7f);
        if blank(text) {
            return Err(err("corrupted vocabulary: a word holds a space or a control character".into()));
        }
        if header.code_parts.iter().any(|(p, _)| p.is_empty() || blank(p)) {
            return Err(err("corrupted header: an empty code part, or one with a space or a control character".into()));
        }
        let mut prev = 0usize;
        for i in 0..=v {
            let o = u32::from_le_bytes(offsets[i * 4..i * 4 + 4].try_into().unwrap()) as usize;
            if o < prev || o > strings.len() || !text.is_char_boundary(o) {
                return Err(err("corrupted vocabulary offsets".into()));
            }
            prev = o;
        }
        let mut tables = Vec::new();
        for k in 2..=order {
            let entry = if k == order { TOP_ENTRY } else { MID_ENTRY };
            let (b, cap) = section(&format!("order.{k}"), entry, true)?;
            tables.push(Table { bytes: b, cap, entry });
        }
        let vocab = Vocab::new(v, offsets, text, counts);
        let lm = NgramLm { order, vocab_len: v, unigrams, tables };
        for (i, s) in crate::lexicon::SPECIALS.iter().enumerate() {
            if vocab.word(i as u32) != *s {
                return Err(err(format!("vocabulary id {i} is {:?}, expected {s}", vocab.word(i as u32))));
            }
        }
        Ok(LmModel { vocab, lm, header, file: (bytes.len(), sum), _backing: backing })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const CAP: usize = 64;

    /// A hash whose home slot in a table of `CAP` slots is `home` and whose fingerprint comes from `fp`.
    fn hash(home: usize, fp: u32) -> u64 {
        (((home as u64) << 26) << 32) | u64::from(fp << 8)
    }

    /// Builds the table of `hashes` and checks every kept item is found at a slot holding its own index.
    fn build(hashes: &[u64]) -> (Vec<u8>, u64, Vec<Option<usize>>) {
        let (t, dropped) = robin_hood_table(hashes, CAP, MID_ENTRY, |i, fp, disp, slot| {
            slot[..5].copy_from_slice(&slot_head(fp, disp, 0.0));
            slot[5..7].copy_from_slice(&(i as u16).to_le_bytes());
        });
        let view = Table { bytes: &t, cap: CAP, entry: MID_ENTRY };
        let found = hashes
            .iter()
            .map(|&h| view.find(h).map(|off| u16::from_le_bytes([t[off + 5], t[off + 6]]) as usize))
            .collect();
        (t, dropped, found)
    }

    #[test]
    fn robin_hood_tables_find_what_they_hold_and_nothing_else() {
        // (case, homes of the items): crowded homes saturate the 4-bit displacement; the last homes overflow
        // past the home slots (the table grows, no wrap-around); a load of 0.8 spread over the table.
        let spread: Vec<usize> = (0..51).map(|i| (i * 37 + i * i * 11) % CAP).collect();
        let cases: [(&str, Vec<usize>); 4] = [
            ("one home, displacements up to 39", vec![3; 40]),
            ("overflow past the end", vec![60, 61, 61, 62, 63, 63, 63, 63, 63, 63]),
            ("load 0.8", spread),
            ("empty", vec![]),
        ];
        for (case, homes) in cases {
            let hashes: Vec<u64> = homes.iter().enumerate().map(|(i, &h)| hash(h, 1000 + i as u32)).collect();
            let (t, dropped, found) = build(&hashes);
            assert_eq!(dropped, 0, "{case}");
            assert!(t.len() >= CAP * MID_ENTRY && t.len() % MID_ENTRY == 0, "{case}");
            for (i, f) in found.iter().enumerate() {
                assert_eq!(*f, Some(i), "{case}: item {i}");
            }
            let view = Table { bytes: &t, cap: CAP, entry: MID_ENTRY };
            for home in 0..CAP {
                for fp in [1u32, 999, 5000] {
                    assert_eq!(view.find(hash(home, fp)), None, "{case}: absent ({home}, {fp})");
                }
            }
        }
    }

    #[test]
    fn robin_hood_tables_drop_items_a_lookup_cannot_tell_apart() {
        // Same home and fingerprint: the second is dropped.
        let (_, dropped, found) = build(&[hash(5, 7), hash(5, 7), hash(5, 8)]);
        assert_eq!((dropped, found[2]), (1, Some(2)));
        // Past displacement 15 only fingerprints tell slots apart: the item of home 1 at slot 20 shares its
        // fingerprint with the item of home 0 at slot 16 and would be found there.
        let mut hashes: Vec<u64> = (0..20).map(|i| hash(0, 100 + i)).collect();
        hashes.push(hash(1, 116));
        let (_, dropped, found) = build(&hashes);
        assert_eq!(dropped, 1);
        assert_eq!(found[16], Some(16));
        assert_eq!(found[20], Some(16), "the dropped item's lookup lands on the item it could not be told from");
    }
}
