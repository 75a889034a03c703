//! The syllable n-gram language model: the token forms it sees ([`lm_form`]) and the query structure
//! ([`NgramLm`]) read straight from a model file's bytes.
//!
//! The model is interpolated modified Kneser–Ney (Chen & Goodman) stored in backoff form, as in ARPA files:
//! for every stored n-gram `h w` the interpolated `log10 P(w | h)`, and for every stored context `h` its backoff
//! weight. A query for `w` after context `h` takes the longest stored `h' w` (`h'` a suffix of `h`) and adds the
//! backoff weights of the contexts it skipped.
//!
//! Storage: unigrams are a plain array indexed by id; every higher order is an open-addressing hash table
//! (Robin Hood linear probing, see `Table::find`) keyed by a 64-bit hash of the id sequence (32 bits of it
//! select the home slot, 24 of the other 32 are stored as a fingerprint, beside the slot's displacement from
//! its home and the quantized probability and backoff). A lookup is a few multiplications and one or two cache
//! lines per order; no strings are hashed.
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
use crate::tokenize::{Token, TokenKind, tokenize_clean};

/// The class token that stands for every number, date, document code and URL.
pub const NUM_TOKEN: &str = "<num>";

/// The LM form of a token: a `Word` is lowercased and its tone placed in the classic style (NFC); `Number`,
/// `Date`, `Code` and `Url` become [`NUM_TOKEN`]; a comma is itself ([`COMMA`]); other punctuation and spaces
/// are not LM tokens (`None`).
///
/// Training and the decoder both use this function, so they see the same token stream (except that the decoder
/// tokenizes OCR text, where a `$` glued to a word is a letter: [`crate::tokenize::tokenize`]).
///
/// ```
/// use vnocr::lm::lm_form;
/// use vnocr::tokenize::tokenize_clean;
///
/// let forms: Vec<_> = tokenize_clean("Thuỷ lợi, số 12/2025/NĐ-CP").iter().filter_map(lm_form).collect();
/// assert_eq!(forms, ["thủy", "lợi", ",", "số", "<num>"]);
/// ```
pub fn lm_form<'a>(tok: &Token<'a>) -> Option<Cow<'a, str>> {
    match tok.kind {
        TokenKind::Word => Some(word_form(tok.text)),
        TokenKind::Number | TokenKind::Date | TokenKind::Code | TokenKind::Url => Some(Cow::Borrowed(NUM_TOKEN)),
        TokenKind::Punct if tok.text == COMMA => Some(Cow::Borrowed(COMMA)),
        TokenKind::Punct | TokenKind::Space => None,
    }
}

/// The one punctuation mark the model sees: a comma separates list items and clauses ("bảo vệ, cải thiện"),
/// where the words on either side are less bound than without it.
pub const COMMA: &str = ",";

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
    tokenize_clean(line).iter().filter_map(lm_form).collect()
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

/// Bits of a slot's first word (u32) below its fingerprint: the slot's 4-bit displacement from its home slot
/// (saturating at 15, see [`Table::find`]) over the high 4 bits of a 12-bit quantized log10 probability, whose
/// low 8 bits are the slot's fifth byte.
const FP_SHIFT: u32 = 8;
const DISP_SHIFT: u32 = 4;
/// Largest displacement a slot records; a slot further from its home records this.
const MAX_DISP: usize = 15;
const PROB_MASK: u32 = (1 << 12) - 1;
/// How many 12-bit probability codes there are.
pub(crate) const PROB_CODES: u32 = PROB_MASK + 1;
/// Bits of a slot's first word holding the high bits of its probability.
const PROB_HI: u32 = (1 << DISP_SHIFT) - 1;

/// Fingerprint stored in a slot: 24 bits of the hash that the slot number does not use (the slot comes from
/// the high 32), never 0 (a zero word marks an empty slot). A lookup compares it only with the slots of the
/// same home slot (about one at the load factor used), so the lookup of an n-gram that is not stored matches
/// another's fingerprint with probability ≈ 2^-24.
#[inline(always)]
pub(crate) fn fingerprint(h: u64) -> u32 {
    ((h as u32) >> FP_SHIFT).max(1)
}

/// The first four bytes of a slot without its probability: fingerprint and displacement (saturated).
#[inline(always)]
fn slot_key(fp: u32, disp: usize) -> u32 {
    (fp << FP_SHIFT) | ((disp.min(MAX_DISP) as u32) << DISP_SHIFT)
}

/// The first five bytes of a slot `disp` slots after its home: fingerprint, displacement and 12-bit quantized
/// log10 probability.
#[inline(always)]
pub(crate) fn slot_head(fp: u32, disp: usize, logp: f32) -> [u8; 5] {
    let q = u32::from(quantize(logp));
    let w = (slot_key(fp, disp) | (q >> 8)).to_le_bytes();
    [w[0], w[1], w[2], w[3], q as u8]
}

/// Bytes per slot in the table of an order below the highest: the slot head ([`slot_head`]) and the quantized
/// log10 backoff (i16, [`quantize_bow`]).
pub(crate) const MID_ENTRY: usize = 7;
/// Bytes per slot in the table of the highest order: the slot head.
pub(crate) const TOP_ENTRY: usize = 5;

/// Step of the 12-bit quantization of log10 probabilities of orders ≥ 2: the range [−16, 0] in 4095 steps
/// (a relative error of at most 0.45% on a probability).
pub const QUANT_STEP: f32 = 16.0 / 4095.0;

/// The 12-bit code of a log10 probability (clamped to [−16, 0]).
#[inline]
pub fn quantize(logp: f32) -> u16 {
    ((-logp) / QUANT_STEP).round().clamp(0.0, PROB_MASK as f32) as u16
}

/// The log10 probability of a 12-bit code.
#[inline(always)]
pub fn dequantize(q: u16) -> f32 {
    -(f32::from(q) * QUANT_STEP)
}

/// Step of the 16-bit quantization of log10 backoff weights of orders ≥ 2: 1/2048, over [−16, 16] (0 exactly;
/// the trainer leaves every context some mass to back off with, so its backoffs stay well above −16).
pub const BOW_STEP: f32 = 1.0 / 2048.0;

/// The 16-bit code of a log10 backoff weight (clamped to [−16, 16]).
#[inline]
pub fn quantize_bow(bow: f32) -> i16 {
    (bow / BOW_STEP).round().clamp(-32767.0, 32767.0) as i16
}

/// The log10 backoff weight of a 16-bit code.
#[inline(always)]
pub fn dequantize_bow(q: i16) -> f32 {
    f32::from(q) * BOW_STEP
}

/// The log10 probability in the slot at `off`.
#[inline(always)]
fn slot_prob(b: &[u8], off: usize) -> f32 {
    dequantize((((rd_u32(b, off) << 8) | u32::from(b[off + 4])) & PROB_MASK) as u16)
}

/// The log10 backoff weight in the (order below the highest) slot at `off`.
#[inline(always)]
fn slot_bow(b: &[u8], off: usize) -> f32 {
    dequantize_bow(rd_u16(b, off + 5) as i16)
}

/// Bytes per unigram: log10 prob, log10 backoff.
pub(crate) const UNI_ENTRY: usize = 8;

/// The log10 probability given to `<s>` (never predicted) and to ids outside the vocabulary range.
pub const LOG_ZERO: f32 = -99.0;

#[inline(always)]
fn rd_u32(b: &[u8], off: usize) -> u32 {
    u32::from_le_bytes(b[off..off + 4].try_into().unwrap())
}

#[inline(always)]
fn rd_u16(b: &[u8], off: usize) -> u16 {
    u16::from_le_bytes(b[off..off + 2].try_into().unwrap())
}

#[inline(always)]
fn rd_f32(b: &[u8], off: usize) -> f32 {
    f32::from_le_bytes(b[off..off + 4].try_into().unwrap())
}

/// One hash table of n-grams of one order, viewed in the model's bytes: Robin Hood linear probing, i.e. the
/// slots hold the n-grams in the order of their home slots (each as early as the ones before it allow), so that
/// a lookup stops at the first slot whose n-gram has a later home. `cap` home slots; the bytes hold `cap` slots
/// and the few that the last homes overflow into (no wrap-around).
#[derive(Debug)]
pub(crate) struct Table<'a> {
    pub(crate) bytes: &'a [u8],
    pub(crate) cap: usize,
    pub(crate) entry: usize,
}

/// Hints the CPU to start loading `bytes[off]` into the cache.
#[inline(always)]
fn prefetch(bytes: &[u8], off: usize) {
    // SAFETY: prefetching is a hint that never faults, so the address may lie past the end of `bytes` (the
    // pointer is computed with `wrapping_add` and never dereferenced).
    #[cfg(target_arch = "x86_64")]
    #[allow(unused_unsafe)]
    unsafe {
        core::arch::x86_64::_mm_prefetch::<{ core::arch::x86_64::_MM_HINT_T0 }>(
            bytes.as_ptr().wrapping_add(off).cast::<i8>(),
        );
    }
    #[cfg(not(target_arch = "x86_64"))]
    let _ = (bytes, off);
}

impl Table<'_> {
    /// Starts loading the first slot of hash `h`.
    #[inline(always)]
    fn prefetch(&self, h: u64) {
        // Probe runs often cross into the next cache line. (An empty table prefetches its dangling address.)
        let off = slot_of(h, self.cap) * self.entry;
        prefetch(self.bytes, off);
        prefetch(self.bytes, off + 64);
    }

    /// Byte offset of the entry with hash `h`, if stored.
    ///
    /// Scans from the home slot: a slot `d` after it holds the n-gram sought if it records displacement `d` and
    /// the fingerprint; one that records less than `d` (an n-gram with a later home) or an empty slot ends the
    /// scan. From 15 on, displacements are saturated and only the fingerprint tells slots apart (the writer
    /// checks that every n-gram is found where it is).
    #[inline(always)]
    pub(crate) fn find(&self, h: u64) -> Option<usize> {
        // An empty table (cap 0, no bytes) scans nothing.
        let end = self.bytes.len();
        let base = self.bytes.as_ptr();
        let mut off = slot_of(h, self.cap) * self.entry;
        let mut key = slot_key(fingerprint(h), 0);
        const DISP: u32 = (MAX_DISP as u32) << DISP_SHIFT;
        // `off + 4 <= end` holds while `off < end`: `end` is a multiple of `entry ≥ 4` (checked at load).
        while off < end {
            // SAFETY: `off` is a multiple of `entry` below `end`, so 4 bytes at `off` are in bounds.
            let got = u32::from_le(unsafe { base.add(off).cast::<u32>().read_unaligned() });
            if got & !PROB_HI == key {
                return Some(off);
            }
            // An n-gram with a later home, or an empty slot (displacement 0; at the home slot itself, the next
            // slot ends the scan).
            if got & DISP < key & DISP {
                return None;
            }
            if key & DISP != DISP {
                key += 1 << DISP_SHIFT;
            }
            off += self.entry;
        }
        None
    }
}

/// Longest context a state holds (models go up to order 7).
const MAX_CTX: usize = 6;

/// Candidates [`NgramLm::score_many`] probes together.
const MANY_CHUNK: usize = 64;

/// What the model keeps of a history: its longest suffix stored as an n-gram (at most `order - 1` ids, the
/// most recent first) and the log10 backoff weight of each of that suffix's own suffixes. Made by
/// [`NgramLm::state`], carried forward by [`NgramLm::score`], as KenLM's `State`.
///
/// ```no_run
/// # fn main() -> vnocr::Result<()> {
/// use vnocr::lexicon::Vocab;
/// use vnocr::model::LmModel;
///
/// let model = LmModel::embedded()?;
/// let (vocab, lm) = (model.vocab(), model.lm());
/// let id = |w: &str| vocab.id(w).unwrap_or(Vocab::UNK);
/// let mut state = lm.state(&[Vocab::BOS]);
/// let mut total = 0.0;
/// for w in ["thủ", "tướng", "chính", "phủ"] {
///     let (lp, next) = lm.score(&state, id(w));
///     total += lp;
///     state = next;
/// }
/// assert!((total - lm.log_prob(&[Vocab::BOS], id("thủ")) - lm.log_prob(&[Vocab::BOS, id("thủ")], id("tướng"))
///     - lm.log_prob(&[id("thủ"), id("tướng")], id("chính"))
///     - lm.log_prob(&[id("thủ"), id("tướng"), id("chính")], id("phủ"))).abs() < 1e-4);
/// # Ok(()) }
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LmState {
    ids: [u32; MAX_CTX],
    bows: [f32; MAX_CTX],
    len: u8,
}

impl LmState {
    const EMPTY: LmState = LmState { ids: [0; MAX_CTX], bows: [0.0; MAX_CTX], len: 0 };

    /// The ids of the stored context, most recent first.
    pub fn context(&self) -> &[u32] {
        &self.ids[..self.len as usize]
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

    #[inline(always)]
    fn fix(&self, id: u32) -> u32 {
        if (id as usize) < self.vocab_len { id } else { crate::lexicon::Vocab::UNK }
    }

    /// The state of a history: its longest suffix stored in the model, with that suffix's backoff weights.
    /// `context` holds the preceding ids, oldest first (it may start with [`crate::lexicon::Vocab::BOS`]).
    ///
    /// One table probe per context length, shortest first, stopping at the first suffix that is not stored
    /// (the model is closed under suffixes, so no longer one is).
    pub fn state(&self, context: &[u32]) -> LmState {
        let mut st = LmState::EMPTY;
        // Hashes of the suffixes, and a prefetch of their slots so that the cache misses overlap.
        let mut hs = [0u64; MAX_CTX];
        let mut h = 0u64;
        for (j, &id) in context.iter().rev().take(self.order - 1).enumerate() {
            let id = self.fix(id);
            if j == 0 {
                h = hash_start(id);
            } else {
                h = hash_extend(h, id);
                self.tables[j - 1].prefetch(h);
            }
            hs[j] = h;
        }
        for (j, &id) in context.iter().rev().take(self.order - 1).enumerate() {
            let id = self.fix(id);
            let bow = if j == 0 {
                self.unigram(id).1
            } else {
                let t = &self.tables[j - 1];
                match t.find(hs[j]) {
                    Some(off) => slot_bow(t.bytes, off),
                    None => break,
                }
            };
            st.ids[j] = id;
            st.bows[j] = bow;
            st.len = j as u8 + 1;
        }
        st
    }

    /// log10 P(w | the history of `state`) and the state of the history extended by `w`.
    ///
    /// This is the fast path of the decoder: it probes the n-grams ending in `w` from the shortest up and stops
    /// at the first that is not stored, so a word that never followed the last context word costs one probe.
    /// The backoff weights of the contexts it did not match come from the state.
    #[inline]
    pub fn score(&self, state: &LmState, w: u32) -> (f32, LmState) {
        self.score_impl::<true>(state, w)
    }

    /// log10 P(w) and the state of the history `w` alone: where every lookup of `w` starts (`w` already
    /// [`NgramLm::fix`]ed, not `<s>`).
    #[inline(always)]
    fn unigram_state(&self, w: u32) -> (f32, LmState) {
        let (logp, bow) = self.unigram(w);
        let mut next = LmState::EMPTY;
        if self.order > 1 {
            next.ids[0] = w;
            next.bows[0] = bow;
            next.len = 1;
        }
        (logp, next)
    }

    /// [`NgramLm::score`], with the prefetch of the slots it probes or without (when the caller has issued it).
    #[inline(always)]
    fn score_impl<const PREFETCH: bool>(&self, state: &LmState, w: u32) -> (f32, LmState) {
        let w = self.fix(w);
        let keep = self.order - 1;
        if w == crate::lexicon::Vocab::BOS {
            let mut next = LmState::EMPTY;
            next.len = u8::from(keep > 0);
            next.ids[0] = w;
            next.bows[0] = self.unigram(w).1;
            return (LOG_ZERO, next);
        }
        let (mut logp, mut next) = self.unigram_state(w);
        let n = state.len as usize;
        // Hashes of (ids[..j], w) for every context length, and a prefetch of their slots so that the cache
        // misses of a long match overlap.
        let mut hs = [0u64; MAX_CTX];
        let mut h = hash_start(w);
        for ((slot, &id), t) in hs.iter_mut().zip(&state.ids[..n]).zip(&self.tables) {
            h = hash_extend(h, id);
            *slot = h;
            if PREFETCH {
                t.prefetch(h);
            }
        }
        let mut matched = 0;
        while matched < n {
            let t = &self.tables[matched];
            let Some(off) = t.find(hs[matched]) else { break };
            logp = slot_prob(t.bytes, off);
            matched += 1;
            if matched < keep {
                next.ids[matched] = state.ids[matched - 1];
                next.bows[matched] = slot_bow(t.bytes, off);
                next.len = matched as u8 + 1;
            }
        }
        for &b in &state.bows[matched..n] {
            logp += b;
        }
        (logp, next)
    }

    /// Hints the CPU to start loading every table slot that scoring word `p` of `words` may probe, the history
    /// being `words[..p]` after the history of `state` (a guess: the state's context may turn out shorter).
    #[inline(always)]
    fn prefetch_at(&self, state: &LmState, words: &[u32], p: usize) {
        let mut h = hash_start(self.fix(words[p]));
        let n = state.len as usize;
        for (j, t) in self.tables.iter().enumerate() {
            let id = if j < p {
                words[p - 1 - j]
            } else if j - p < n {
                state.ids[j - p]
            } else {
                break;
            };
            h = hash_extend(h, self.fix(id));
            t.prefetch(h);
        }
    }

    /// Scores `words` one after another from `state`, as repeated [`NgramLm::score`] calls: `out[i]` gets
    /// `log10 P(words[i] | history, words[..i])`. Returns the state after the last word.
    ///
    /// Faster than the loop of `score` calls on text known in advance: while it scores one word it prefetches
    /// the table slots of the words a few positions ahead, so that their cache misses overlap.
    ///
    /// # Panics
    ///
    /// If `out` is shorter than `words`.
    pub fn score_run(&self, state: &LmState, words: &[u32], out: &mut [f32]) -> LmState {
        // Far enough that a word's misses have arrived when it is scored (measured: 4 and 16 do no better).
        const AHEAD: usize = 8;
        let out = &mut out[..words.len()];
        for p in 0..AHEAD.min(words.len()) {
            self.prefetch_at(state, words, p);
        }
        let mut st = *state;
        for (p, (&w, o)) in words.iter().zip(out).enumerate() {
            if p + AHEAD < words.len() {
                self.prefetch_at(state, words, p + AHEAD);
            }
            let (lp, next) = self.score_impl::<false>(&st, w);
            *o = lp;
            st = next;
        }
        st
    }

    /// Scores independent lookups together: `out[i] = self.score(&states[i], words[i])`.
    ///
    /// Faster than a loop of `score` calls: it prefetches the slots of a group of lookups before probing them, so
    /// that their cache misses overlap.
    ///
    /// # Panics
    ///
    /// If `states` or `out` is shorter than `words`.
    pub fn score_each(&self, states: &[LmState], words: &[u32], out: &mut [(f32, LmState)]) {
        let (states, out) = (&states[..words.len()], &mut out[..words.len()]);
        for ((ss, ws), os) in states.chunks(MANY_CHUNK).zip(words.chunks(MANY_CHUNK)).zip(out.chunks_mut(MANY_CHUNK)) {
            for (s, &w) in ss.iter().zip(ws) {
                self.prefetch_at(s, std::slice::from_ref(&w), 0);
            }
            for ((s, &w), o) in ss.iter().zip(ws).zip(os) {
                *o = self.score_impl::<false>(s, w);
            }
        }
    }

    /// Scores every word of `words` after the same history: `out[i] = self.score(state, words[i])`.
    ///
    /// Faster than a loop of `score` calls: it probes the candidates order by order, after prefetching the slots
    /// of all of them, so that their cache misses overlap.
    ///
    /// # Panics
    ///
    /// If `out` is shorter than `words`.
    pub fn score_many(&self, state: &LmState, words: &[u32], out: &mut [(f32, LmState)]) {
        let out = &mut out[..words.len()];
        for (ws, os) in words.chunks(MANY_CHUNK).zip(out.chunks_mut(MANY_CHUNK)) {
            self.score_chunk(state, ws, os);
        }
    }

    #[inline]
    fn score_chunk(&self, state: &LmState, words: &[u32], out: &mut [(f32, LmState)]) {
        let n = state.len as usize;
        let keep = self.order - 1;
        // Candidates still matching (indices into `words`) and the hash of their next n-gram.
        let mut active = [0u8; MANY_CHUNK];
        let mut hs = [0u64; MANY_CHUNK];
        let mut na = 0;
        for (k, (&w, o)) in words.iter().zip(out.iter_mut()).enumerate() {
            let w = self.fix(w);
            if n == 0 || w == crate::lexicon::Vocab::BOS {
                *o = self.score(state, w);
                continue;
            }
            *o = self.unigram_state(w);
            let h = hash_extend(hash_start(w), state.ids[0]);
            self.tables[0].prefetch(h);
            hs[k] = h;
            active[na] = k as u8;
            na += 1;
        }
        for j in 0..n {
            let t = &self.tables[j];
            let mut still = 0;
            for a in 0..na {
                let k = active[a] as usize;
                let o = &mut out[k];
                match t.find(hs[k]) {
                    Some(off) => {
                        o.0 = slot_prob(t.bytes, off);
                        let matched = j + 1;
                        if matched < keep {
                            o.1.ids[matched] = state.ids[j];
                            o.1.bows[matched] = slot_bow(t.bytes, off);
                            o.1.len = matched as u8 + 1;
                        }
                        if matched < n {
                            let h = hash_extend(hs[k], state.ids[matched]);
                            self.tables[matched].prefetch(h);
                            hs[k] = h;
                            active[still] = k as u8;
                            still += 1;
                        }
                    }
                    None => {
                        for &b in &state.bows[j..n] {
                            o.0 += b;
                        }
                    }
                }
            }
            na = still;
        }
    }

    /// log10 P(w | context), interpolated modified Kneser–Ney in backoff form. `context` holds the preceding ids,
    /// oldest first (it may start with [`crate::lexicon::Vocab::BOS`]); only its last `order - 1` are used.
    /// Ids outside the vocabulary count as `<unk>`; `<s>` is never predicted ([`LOG_ZERO`]).
    ///
    /// Allocation-free, but it probes the context first: when many words are scored after one context, or
    /// words one after another, [`NgramLm::state`] and [`NgramLm::score`] do less work.
    #[inline]
    pub fn log_prob(&self, context: &[u32], w: u32) -> f32 {
        self.score(&self.state(context), w).0
    }

    /// log10 probability of a whole sentence of ids (without `<s>`/`</s>`): Σ log10 P(w | history) over the
    /// words and the closing `</s>`, with the history starting at `<s>`.
    pub fn sentence_log_prob(&self, ids: &[u32]) -> f64 {
        let mut st = self.state(&[crate::lexicon::Vocab::BOS]);
        let mut total = 0.0f64;
        for &w in ids.iter().chain(std::iter::once(&crate::lexicon::Vocab::EOS)) {
            let (lp, next) = self.score(&st, w);
            total += f64::from(lp);
            st = next;
        }
        total
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn forms() {
        let toks = tokenize_clean("QUYẾT ĐỊNH Hoà bình UBND 2025 ngày 31/12/2020 iPhone: xem");
        let forms: Vec<_> = toks.iter().filter_map(lm_form).collect();
        assert_eq!(forms, ["quyết", "định", "hòa", "bình", "ubnd", "<num>", "ngày", "<num>", "iphone", "xem"]);
    }

    #[test]
    fn a_sentence_start_scored_is_the_state_of_a_sentence_start() {
        use crate::lexicon::Vocab;
        let model = crate::model::LmModel::embedded().expect("shipped model");
        let (lm, v) = (model.lm(), model.vocab());
        let after = lm.state(&[v.id_or_unk("kinh"), v.id_or_unk("doanh"), Vocab::EOS]);
        assert_eq!(lm.score(&after, Vocab::BOS), (LOG_ZERO, lm.state(&[Vocab::BOS])));
    }

    #[test]
    fn hash_is_right_to_left_extension() {
        assert_eq!(hash_ids(&[5, 6, 7]), hash_extend(hash_extend(hash_start(7), 6), 5));
        assert_ne!(hash_ids(&[5, 6]), hash_ids(&[6, 5]));
        assert_ne!(hash_ids(&[0]), hash_ids(&[0, 0]));
    }
}
