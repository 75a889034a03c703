//! Candidate generation: for an OCR token, the vocabulary words (or pairs of words) the channel model says it
//! may stand for, best first.
//!
//! The index groups the vocabulary by folded skeleton ([`crate::syllable::fold`]: "tướng" → "tuong") and also
//! keeps every skeleton with one char deleted (symmetric deletes). A query folds the OCR token, rewrites it with
//! the channel model's learned confusions read backwards in folded space ("ii" → "u", "6" → "o", "w" → "u",
//! "p" → "d", at most two rewrites), looks every rewrite up (exactly and within one generic edit), and scores the
//! words found with the full channel model. One token can also be two words ("khoahoc" → "khoa học") and a span
//! of OCR tokens joined by a space can be one word ("quy ét" → "quyết").
//!
//! ```
//! use vnocr::candidates::CandidateIndex;
//! use vnocr::channel::{ChannelModel, TrainOptions};
//!
//! let pairs = vec![("ciia Chinh phi".to_string(), "của Chính phủ".to_string())];
//! let model = ChannelModel::train(&pairs, &TrainOptions::default());
//! let vocab = [(0, "của", 900), (1, "cửa", 50), (2, "chính", 400), (3, "phủ", 100), (4, "cua", 5)];
//! let index = CandidateIndex::build(vocab, &model);
//! let best = index.candidates("ciia", 3);
//! assert_eq!(best[0].text, "của");
//! assert_eq!(best[0].ids, [0]);
//! ```

use std::collections::hash_map::Entry;
use std::hash::Hash;
use std::sync::{Arc, RwLock};

use crate::align::normalize_token;
use crate::channel::{ChannelModel, FxMap, MAX_EDIT_LEN, push_nfc};
use crate::syllable::{fold_one, vowel_letter};

/// A candidate reading as the restorer keeps it ([`CandidateIndex::readings`]).
#[derive(Debug, Clone)]
pub(crate) struct Reading {
    /// Vocabulary ids, `n_ids` of them used.
    pub ids: [u32; 2],
    pub n_ids: u8,
    /// Whether `text` holds an ASCII digit (known without reading the text, which lies elsewhere in memory).
    pub digits: bool,
    /// The reading, lowercase (two words joined by a space for a split).
    pub text: Arc<str>,
    /// `log10 P(ocr | text)` from the channel model.
    pub channel_logp: f32,
}

impl Reading {
    /// The vocabulary ids of the reading: one word, or two.
    pub fn lm_ids(&self) -> &[u32] {
        &self.ids[..self.n_ids as usize]
    }
}

/// One candidate truth for an OCR token.
#[derive(Debug, Clone, PartialEq)]
pub struct Candidate {
    /// Vocabulary ids: one word, or two for an OCR token that merged two words ("khoahoc" → [khoa, học]).
    pub ids: Vec<u32>,
    /// The candidate, lowercase (two words joined by a space for a split).
    pub text: String,
    /// `log10 P(ocr | text)` from the channel model.
    pub channel_logp: f32,
}

struct Word {
    id: u32,
    text: Arc<str>,
    /// range in `CandidateIndex::chars`
    start: u32,
    end: u32,
    /// log10 relative frequency in the vocabulary
    prior: f32,
    /// whether `text` holds an ASCII digit ("m2", "u23")
    digits: bool,
}

/// Default weight of a word's log10 relative frequency in the candidate order (see
/// [`CandidateIndex::with_prior_weight`]).
pub const DEFAULT_PRIOR_WEIGHT: f32 = 0.7;

/// Cost (log10) of a generic edit found by the symmetric-delete lookup, for ordering skeletons before scoring.
const GENERIC_EDIT: f32 = -2.5;
/// Rewrites of the folded OCR token below this rough score are not followed.
const REWRITE_FLOOR: f32 = -4.5;
/// Single rewrites extended with a second one.
const MAX_FRONTIER: usize = 16;
/// Words (most frequent first) of each half's skeleton scored for a two-word reading.
const SPLIT_WORDS_PER_PART: usize = 5;
/// Folded lengths of the tokens no word explains that are also read as two damaged words, and the words of each
/// half's own search combined.
const DEEP_SPLIT_MIN: usize = 5;
const DEEP_SPLIT_MAX: usize = 12;
const DEEP_SPLIT_WORDS: usize = 3;
/// Rewritten forms (best first) also looked up within one generic edit.
const NEAR_VARIANTS: usize = 6;
/// Rewritten forms looked up per query (best rough score first). At 48, a token's many one-letter rewrites crowded
/// out a learned edit of three letters ("ngili": "ili" for "ũ"); 128 costs 0.8% of a restore's instructions
/// (DESIGN.md "More rewritten forms per token").
const MAX_VARIANTS: usize = 128;
/// Words at least this frequent (log10 relative frequency) make the common skeletons of the deep search.
const COMMON_PRIOR: f32 = -5.0;
/// A token none of whose common-word candidates scores at least this (channel log10) gets the deep search.
const DEEP_BELOW: f32 = -2.0;
/// Most generic edits (on folded letters) between a token and a skeleton the deep search returns.
const DEEP_EDITS: usize = 3;
/// Words scored with the full channel per deep search.
const DEEP_SCORED: usize = 80;
/// Skeletons this long or longer are not searched deeply.
const DEEP_MAX_LEN: usize = 32;
/// A variant this likely (rough log10 score of its rewrites) that spells a word spares the third rewrite.
const SPELLED_BY_REWRITES: f32 = -0.5;
/// Queries longer than this (folded chars) get no readings: no word, nor two or three run together, is that
/// long, and the search's rewritten forms grow with the square of the length (a 7,000-char token took 18 GB).
pub const MAX_QUERY_CHARS: usize = 64;

/// A folded gold string an OCR substring may stand for, with its log10 probability.
type Rewrite = (Box<[char]>, f32);

/// A fast index from OCR tokens to candidate vocabulary words. Immutable after [`CandidateIndex::build`]; share it
/// between threads freely.
pub struct CandidateIndex {
    channel: ChannelModel,
    /// words grouped by skeleton (each group most frequent first), so a group is contiguous in memory
    words: Vec<Word>,
    /// the NFC chars of all words
    chars: Vec<char>,
    /// the chars of all skeletons, one after another
    skel_chars: Vec<char>,
    /// where each skeleton's chars start in `skel_chars`, and its words in `words` (one more entry than there are
    /// skeletons: the ends)
    skel_at: Vec<(u32, u32)>,
    /// log10 prior of each skeleton's most frequent word (read for every skeleton a query hits)
    skel_prior: Vec<f32>,
    /// skeleton hash → skeleton index
    skel_map: FxMap<u64, u32>,
    /// skeletons of the common words (log10 prior ≥ [`COMMON_PRIOR`]), for the deep search
    common: Vec<u32>,
    /// skeleton indices grouped by the hash of the skeleton with one char deleted, each group ascending
    del_list: Vec<u32>,
    /// hash of a skeleton with one char deleted → its group's range in `del_list`
    del_map: FxMap<u64, (u32, u32)>,
    /// folded OCR string (packed) → (folded gold string, log10 P), best first
    rewrites: FxMap<u64, Vec<Rewrite>>,
    max_rewrite_len: usize,
    prior_weight: f32,
    max_skeletons: usize,
    words_per_skeleton: usize,
    max_scored: usize,
    /// Answers already computed, shared by every thread and document, by (k, OCR token). Bounded by
    /// [`CACHE_ENTRIES`].
    cache: RwLock<FxMap<(usize, Box<str>), Answer>>,
    cache_entries: usize,
    /// The best words of the halves [`CandidateIndex::deep_splits`] reads, by the half's chars: a function of
    /// the chars alone, shared like `cache` and bounded by the same number of entries.
    halves: RwLock<Halves>,
}

/// A remembered answer: (word index, second word index or `u32::MAX`, channel log10 score), best first.
type Answer = Arc<[(u32, u32, f32)]>;

/// Remembered halves of deep splits: the half's chars → its best word indices.
type Halves = FxMap<Box<[char]>, Arc<[u32]>>;

/// Queries [`CandidateIndex::candidates`] remembers by default ([`CandidateIndex::with_cache_entries`]): the
/// first 32,768 distinct ones (OCR tokens, and the pairs of tokens the restorer asks about as one word). Most of a
/// document's queries were an earlier document's (51 documents of the held-out admin tail under OCR noise: 82%
/// of the per-document distinct tokens), and the first an archive brings are its most frequent. An answer holds
/// up to `k` candidates of 12 bytes (160 such documents filled about 50,000 entries and 15 MB). When the cache
/// is full, new queries are searched and not kept: an answer never depends on the cache.
pub const CACHE_ENTRIES: usize = 32_768;

/// A token's variants under the channel's rewrites ([`CandidateIndex::variants`]): their chars in one buffer, each
/// as (start, length) in it with its rough score, the first the token itself.
struct Variants {
    chars: Vec<char>,
    list: Vec<(u32, u32, f32)>,
    /// Each variant's index in `list`, by the hash of its chars.
    seen: FxMap<u64, usize>,
    /// The two-rewrite variants that still hold a digit, which a third rewrite may take further.
    digits_left: Vec<usize>,
}

fn hash_chars(chars: &[char]) -> u64 {
    let mut h: u64 = 0x9e37_79b9_7f4a_7c15;
    for &c in chars {
        h = (h.rotate_left(5) ^ c as u64).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
    h ^ chars.len() as u64
}

fn hash_without(chars: &[char], skip: usize) -> u64 {
    let mut h: u64 = 0x9e37_79b9_7f4a_7c15;
    for (i, &c) in chars.iter().enumerate() {
        if i != skip {
            h = (h.rotate_left(5) ^ c as u64).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
        }
    }
    h ^ (chars.len() - 1) as u64
}

fn pack(chars: &[char]) -> u64 {
    chars.iter().fold(0u64, |k, &c| (k << 21) | (c as u64 + 1))
}

/// Levenshtein distances from one pattern (at most 64 chars) to many strings, by Myers' bit-parallel algorithm
/// (Hyyrö's form for whole-string distance): one pass of a few word operations per char of the other string.
struct Myers {
    /// Bit i set where the pattern's char i is the char (ASCII chars by code; others listed).
    ascii: [u64; 128],
    other: Vec<(char, u64)>,
    /// The bit of the pattern's last char.
    last: u64,
    len: usize,
}

impl Myers {
    /// `None` for an empty pattern or one longer than 64 chars.
    fn new(pattern: &[char]) -> Option<Myers> {
        if pattern.is_empty() || pattern.len() > 64 {
            return None;
        }
        let mut m = Myers { ascii: [0; 128], other: Vec::new(), last: 1 << (pattern.len() - 1), len: pattern.len() };
        for (i, &c) in pattern.iter().enumerate() {
            match m.ascii.get_mut(c as usize) {
                Some(bits) => *bits |= 1 << i,
                None => match m.other.iter_mut().find(|e| e.0 == c) {
                    Some(e) => e.1 |= 1 << i,
                    None => m.other.push((c, 1 << i)),
                },
            }
        }
        Some(m)
    }

    fn eq(&self, c: char) -> u64 {
        match self.ascii.get(c as usize) {
            Some(&bits) => bits,
            None => self.other.iter().find(|e| e.0 == c).map_or(0, |e| e.1),
        }
    }

    /// The Levenshtein distance between the pattern and `text`.
    fn distance(&self, text: &[char]) -> usize {
        let (mut pv, mut mv, mut score) = (!0u64, 0u64, self.len);
        for &c in text {
            let eq = self.eq(c);
            let xv = eq | mv;
            let xh = ((eq & pv).wrapping_add(pv) ^ pv) | eq;
            let mut ph = mv | !(xh | pv);
            let mut mh = pv & xh;
            if ph & self.last != 0 {
                score += 1;
            } else if mh & self.last != 0 {
                score -= 1;
            }
            // Row 0 of the table is 0, 1, 2, …: every step right adds one there.
            ph = (ph << 1) | 1;
            mh <<= 1;
            pv = mh | !(xv | ph);
            mv = ph & xv;
        }
        score
    }
}

/// The chars of a query as the index reads it: lowercase NFC chars, and their folded skeleton without spaces.
fn query_chars(ocr: &str) -> (Vec<char>, Vec<char>) {
    let mut o = Vec::with_capacity(ocr.len());
    push_nfc(&normalize_token(ocr), &mut o);
    let mut of = Vec::with_capacity(o.len());
    fold_chars(&o, &mut of);
    of.retain(|c| !c.is_whitespace());
    (o, of)
}

/// Folds chars one to one (each char to its base letter, lowercase; đ → d).
fn fold_chars(chars: &[char], out: &mut Vec<char>) {
    out.extend(chars.iter().map(|&c| fold_one(c)));
}

impl CandidateIndex {
    /// Builds the index from `(id, lowercase word, count)` triples (classic tone placement, as the vocabulary
    /// holds them) and the channel model (cloned into the index).
    pub fn build<'a>(vocab: impl IntoIterator<Item = (u32, &'a str, u64)>, channel: &ChannelModel) -> CandidateIndex {
        // (id, word, its NFC chars' range in `all_chars`, count)
        let mut words = Vec::new();
        let mut all_chars = Vec::new();
        let mut total = 0f64;
        for (id, w, count) in vocab {
            // A misspelt syllable of the corpora ("đươc") is never a reading.
            if w.is_empty() || crate::syllable::is_misspelt(w) {
                continue;
            }
            let start = all_chars.len();
            push_nfc(w, &mut all_chars);
            total += count as f64;
            words.push((id, w, start..all_chars.len(), count));
        }
        let total = total.max(1.0);
        let mut index = CandidateIndex {
            channel: channel.clone(),
            words: Vec::with_capacity(words.len()),
            chars: Vec::new(),
            skel_chars: Vec::new(),
            skel_at: Vec::new(),
            skel_prior: Vec::new(),
            skel_map: FxMap::default(),
            common: Vec::new(),
            del_list: Vec::new(),
            del_map: FxMap::default(),
            rewrites: FxMap::default(),
            max_rewrite_len: 1,
            prior_weight: DEFAULT_PRIOR_WEIGHT,
            max_skeletons: 40,
            words_per_skeleton: 12,
            max_scored: 50,
            cache: RwLock::default(),
            cache_entries: CACHE_ENTRIES,
            halves: RwLock::default(),
        };
        // Each word's skeleton (numbered in order of first appearance), then the words grouped by skeleton, each
        // group most frequent first (ties in vocabulary order), their chars in that order too.
        let mut skel_of = Vec::with_capacity(words.len());
        let mut char_at = vec![0u32];
        let mut folded = Vec::new();
        for (_, _, range, _) in &words {
            folded.clear();
            fold_chars(&all_chars[range.clone()], &mut folded);
            let skel = *index.skel_map.entry(hash_chars(&folded)).or_insert_with(|| {
                index.skel_chars.extend_from_slice(&folded);
                char_at.push(index.skel_chars.len() as u32);
                char_at.len() as u32 - 2
            });
            skel_of.push(skel);
        }
        // By counting: each skeleton's group starts after the groups before it.
        let mut word_at = vec![0u32; char_at.len()];
        for &skel in &skel_of {
            word_at[skel as usize + 1] += 1;
        }
        for k in 1..word_at.len() {
            word_at[k] += word_at[k - 1];
        }
        let mut order = vec![0u32; words.len()];
        let mut next = word_at.clone();
        for (w, &skel) in skel_of.iter().enumerate() {
            order[next[skel as usize] as usize] = w as u32;
            next[skel as usize] += 1;
        }
        for group in word_at.windows(2) {
            order[group[0] as usize..group[1] as usize].sort_by_key(|&w| std::cmp::Reverse(words[w as usize].3));
        }
        index.chars.reserve(all_chars.len());
        for &w in &order {
            let (id, text, range, count) = &words[w as usize];
            let start = index.chars.len() as u32;
            index.chars.extend_from_slice(&all_chars[range.clone()]);
            index.words.push(Word {
                id: *id,
                text: (*text).into(),
                start,
                end: index.chars.len() as u32,
                prior: ((*count as f64 + 0.5) / total).log10() as f32,
                digits: text.bytes().any(|b| b.is_ascii_digit()),
            });
        }
        index.skel_at = char_at.into_iter().zip(word_at).collect();
        let skels = 0..index.skel_at.len() as u32 - 1;
        index.skel_prior = skels.clone().map(|s| index.words[index.skel_words(s).start as usize].prior).collect();
        index.common = skels.clone().filter(|&s| index.skel_prior[s as usize] >= COMMON_PRIOR).collect();
        let mut dels: Vec<(u64, u32)> = Vec::new();
        for s in skels {
            let skel = index.skel(s);
            if skel.len() < 2 {
                continue;
            }
            for k in 0..skel.len() {
                if k > 0 && skel[k] == skel[k - 1] {
                    continue; // same deletion
                }
                dels.push((hash_without(skel, k), s));
            }
        }
        // Grouped by counting, not sorting (the sort was most of the build): each group's size, then its start,
        // then its skeletons in the order pushed.
        index.del_map.reserve(dels.len());
        for &(h, _) in &dels {
            index.del_map.entry(h).or_insert((0, 0)).1 += 1;
        }
        let mut next = 0;
        for range in index.del_map.values_mut() {
            let count = range.1;
            *range = (next, next);
            next += count;
        }
        index.del_list = vec![0; dels.len()];
        for &(h, s) in &dels {
            let range = index.del_map.get_mut(&h).expect("counted above");
            index.del_list[range.1 as usize] = s;
            range.1 += 1;
        }
        index.learn_rewrites();
        index
    }

    /// Sets the weight `w` of the word's log10 relative frequency in the candidate order: candidates come
    /// ordered by `channel_logp + w · log10 P(word)` (for a split, the sum over both words). 0 orders by the
    /// channel score alone; the default [`DEFAULT_PRIOR_WEIGHT`] gives the best top-k recall on the seeds (a
    /// pure channel order lets rare look-alikes and junk splits crowd out the common word).
    pub fn with_prior_weight(mut self, weight: f32) -> CandidateIndex {
        self.prior_weight = weight;
        self.forget();
        self
    }

    /// Sets how many words (found by the skeleton lookups, in rough order) are scored with the full channel model
    /// per query (default 50; twice as many for a token of two letters or more without a vowel): fewer is faster,
    /// more finds rarer readings.
    pub fn with_max_scored(mut self, n: usize) -> CandidateIndex {
        self.max_scored = n.max(1);
        self.forget();
        self
    }

    /// Drops every remembered answer (after a setting that changes them).
    fn forget(&mut self) {
        self.cache = RwLock::default();
        self.halves = RwLock::default();
    }

    /// `compute()`, remembered in `map` under `key` for later calls while the map holds fewer than
    /// `cache_entries` answers. An answer is a function of its key alone, so it never depends on what is remembered.
    fn remembered<K: Hash + Eq, V: Clone>(&self, map: &RwLock<FxMap<K, V>>, key: K, compute: impl FnOnce() -> V) -> V {
        if self.cache_entries == 0 {
            return compute();
        }
        if let Some(found) = map.read().ok().and_then(|m| m.get(&key).cloned()) {
            return found;
        }
        let found = compute();
        if let Ok(mut m) = map.write()
            && m.len() < self.cache_entries
        {
            m.insert(key, found.clone());
        }
        found
    }

    /// Sets how many answers the index remembers (default [`CACHE_ENTRIES`]; 0: none, every query is searched).
    pub fn with_cache_entries(mut self, n: usize) -> CandidateIndex {
        self.cache_entries = n;
        self.forget();
        self
    }

    /// Is `word` (any case and marks; spaces ignored) spelled, marks folded away, like some vocabulary word?
    /// ("inte rnet" is spelled like "internet").
    pub fn spells_a_word(&self, word: &str) -> bool {
        self.skel_map.contains_key(&hash_chars(&query_chars(word).1))
    }

    /// The channel model the index scores with.
    pub fn channel(&self) -> &ChannelModel {
        &self.channel
    }

    /// Reads the channel's edits backwards in folded space: folded OCR substring → folded gold substring.
    fn learn_rewrites(&mut self) {
        let mut best: FxMap<(u64, Vec<char>), (Vec<char>, f32)> = FxMap::default();
        let mut order = Vec::new();
        for (gold, ocr, lp) in self.channel.edits() {
            if ocr.is_empty() || lp < REWRITE_FLOOR {
                continue;
            }
            let (g, o): (Vec<char>, Vec<char>) = (gold.chars().collect(), ocr.chars().collect());
            let (mut gf, mut of) = (Vec::new(), Vec::new());
            fold_chars(&g, &mut gf);
            fold_chars(&o, &mut of);
            gf.retain(|c| !c.is_whitespace());
            // keep the core of the edit: context chars shared at either end are not part of the rewrite
            // ("củ" → "cii" is the rewrite "ii" → "u" in context)
            let pre = gf.iter().zip(&of).take_while(|(a, b)| a == b).count();
            let (gf, of) = (gf[pre..].to_vec(), of[pre..].to_vec());
            let suf = gf.iter().rev().zip(of.iter().rev()).take_while(|(a, b)| a == b).count();
            let (gf, of) = (gf[..gf.len() - suf].to_vec(), of[..of.len() - suf].to_vec());
            if gf == of || of.is_empty() || of.len() > MAX_EDIT_LEN {
                continue;
            }
            let key = (pack(&of), gf.clone());
            match best.entry(key) {
                Entry::Occupied(mut e) => {
                    if lp > e.get().1 {
                        e.get_mut().1 = lp;
                    }
                }
                Entry::Vacant(e) => {
                    order.push(e.key().clone());
                    e.insert((of, lp));
                }
            }
        }
        for key in order {
            let (of, lp) = &best[&key];
            self.max_rewrite_len = self.max_rewrite_len.max(of.len());
            self.rewrites.entry(key.0).or_default().push((key.1.clone().into_boxed_slice(), *lp));
        }
        for list in self.rewrites.values_mut() {
            list.sort_by(|a, b| b.1.total_cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
            list.truncate(8);
        }
    }

    /// Up to `k` candidates for an OCR token (lowercase; a space inside means a span of OCR tokens to be read as
    /// one word), best first (by channel score plus the weighted word frequency, see
    /// [`CandidateIndex::with_prior_weight`]); `channel_logp` is the channel score alone. The OCR token itself is not added unless it is a vocabulary word the model ranks.
    /// Answers are remembered for later queries, by any thread ([`CACHE_ENTRIES`]). A query over
    /// [`MAX_QUERY_CHARS`] folded chars gets none.
    pub fn candidates(&self, ocr: &str, k: usize) -> Vec<Candidate> {
        self.readings(ocr, k)
            .into_iter()
            .map(|r| Candidate { ids: r.lm_ids().to_vec(), text: r.text.to_string(), channel_logp: r.channel_logp })
            .collect()
    }

    /// [`CandidateIndex::candidates`] as the restorer keeps them: a one-word reading shares its text with the
    /// index (no allocation).
    pub(crate) fn readings(&self, ocr: &str, k: usize) -> Vec<Reading> {
        // An overlong query is neither searched nor remembered: the cache would keep its key, up to a line's
        // megabyte, for the restorer's lifetime. (Its folded chars are at most its bytes: a byte count within the
        // bound spares the folding.)
        if k == 0 || ocr.is_empty() || ocr.len() > MAX_QUERY_CHARS && query_chars(ocr).1.len() > MAX_QUERY_CHARS {
            return Vec::new();
        }
        let found: Answer = self.remembered(&self.cache, (k, Box::from(ocr)), || self.search(ocr, k).into());
        found
            .iter()
            .map(|&(a, b, lp)| {
                let wa = &self.words[a as usize];
                if b == u32::MAX {
                    Reading { ids: [wa.id, 0], n_ids: 1, digits: wa.digits, text: wa.text.clone(), channel_logp: lp }
                } else {
                    let wb = &self.words[b as usize];
                    let text = format!("{} {}", wa.text, wb.text).into();
                    Reading { ids: [wa.id, wb.id], n_ids: 2, digits: wa.digits || wb.digits, text, channel_logp: lp }
                }
            })
            .collect()
    }

    /// The `k` best readings of `ocr` as (word, second word or `u32::MAX`, channel log10 score).
    fn search(&self, ocr: &str, k: usize) -> Vec<(u32, u32, f32)> {
        let (o, of) = query_chars(ocr);
        if of.is_empty() {
            return Vec::new();
        }
        let mut out: Vec<(f32, f32, u32, u32)> = Vec::new();
        self.singles(&o, &of, true, &mut out);
        if !o.contains(&' ') && of.len() >= 4 {
            self.splits(&o, &of, &mut out);
            // A token no word explains may be two words whose halves are damaged too ("tirndm" → "từ năm").
            if !self.explained(&out) && (DEEP_SPLIT_MIN..=DEEP_SPLIT_MAX).contains(&of.len()) {
                self.deep_splits(&o, &of, &mut out);
            }
        }
        out.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.2.cmp(&b.2)).then(a.3.cmp(&b.3)));
        out.dedup_by(|a, b| (a.2, a.3) == (b.2, b.3));
        out.truncate(k);
        out.into_iter().map(|(_, lp, a, b)| (a, b, lp)).collect()
    }

    /// One-word readings of the (NFC) OCR chars `o`, folded `of`: pushes (order key, channel log-prob, word,
    /// `u32::MAX`). `deep`: also search the common skeletons within a few edits when nothing explains the token.
    fn singles(&self, o: &[char], of: &[char], deep: bool, out: &mut Vec<(f32, f32, u32, u32)>) {
        // skeleton index → rough score
        // Sized for a typical query (a few hundred skeletons), so that it is not rehashed as it fills.
        let mut hits: FxMap<u32, f32> = FxMap::with_capacity_and_hasher(1024, Default::default());
        let mut v = self.variants(of);
        let mut spelled = false;
        for (n, (start, len, s)) in Self::best_variants(&v).into_iter().enumerate() {
            let exact = self.lookup(&v.chars[start as usize..][..len as usize], s, n < NEAR_VARIANTS, &mut hits);
            spelled |= exact && s >= SPELLED_BY_REWRITES;
        }
        // A digit the two rewrites left, where no likely variant spells a word: a third rewrite ("p61" → "doi":
        // the OCR's Đ, ố and i), looked up exactly.
        if !spelled && of.iter().any(char::is_ascii_digit) {
            let two = v.list.len();
            let left = std::mem::take(&mut v.digits_left);
            self.rewrite(&mut v, &left, 2);
            for &(start, len, s) in &v.list[two..] {
                self.lookup(&v.chars[start as usize..][..len as usize], s, false, &mut hits);
            }
        }
        // rough order (skeleton score and frequency) before exact scoring
        let pw = self.prior_weight.max(0.3);
        // Skeletons in the order of their rough score plus their most frequent word's prior: a short token has
        // dozens of neighbours one generic edit away ("p" → "pv", "p2", "jp"), which must not crowd out a
        // frequent word behind a learned rewrite and an edit ("p" → "d" → "đã").
        let mut skels: Vec<(f32, u32, f32)> =
            hits.into_iter().map(|(s, rough)| (rough + pw * self.skel_prior[s as usize], s, rough)).collect();
        let order = |a: &(f32, u32, f32), b: &(f32, u32, f32)| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1));
        if skels.len() > self.max_skeletons {
            skels.select_nth_unstable_by(self.max_skeletons, order);
            skels.truncate(self.max_skeletons);
        }
        skels.sort_unstable_by(order);
        let mut pre: Vec<(f32, u32)> = Vec::new();
        for &(_, s, rough) in &skels {
            for wi in self.skel_words(s).take(self.words_per_skeleton) {
                pre.push((rough + pw * self.words[wi as usize].prior, wi));
            }
        }
        // A token of two letters or more without a vowel ("dt", "tc", "s6") lost letters the rough score prices at
        // a generic edit each, though the channel often learned them ("dt" → "đất", "tc" → "tộc"): score twice as
        // many words exactly. (A lone letter would get more look-alikes: "- P xây dựng" read "Bộ", not "Đã".)
        let vowelless = of.len() >= 2 && !of.iter().copied().any(vowel_letter);
        let max_scored = if vowelless { 2 * self.max_scored } else { self.max_scored };
        if pre.len() > max_scored {
            pre.select_nth_unstable_by(max_scored, |a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
            pre.truncate(max_scored);
        }
        out.reserve(pre.len() + 8);
        for &(_, wi) in &pre {
            let w = &self.words[wi as usize];
            let lp = self.channel.log_prob_chars(o, self.word_chars(w));
            out.push((lp + self.prior_weight * w.prior, lp, wi, u32::MAX));
        }
        // Damage the learned rewrites do not explain ("thire" → "thức", "tmg" → "ứng"): when no common word
        // explains the token well, search the common skeletons within a few generic edits.
        if deep && !self.explained(out) && !o.contains(&' ') {
            self.deep(o, of, out);
        }
    }

    /// Does a common word explain the token well among the readings found?
    fn explained(&self, out: &[(f32, f32, u32, u32)]) -> bool {
        out.iter().any(|e| e.3 == u32::MAX && e.1 >= DEEP_BELOW && self.words[e.2 as usize].prior >= COMMON_PRIOR)
    }

    /// Two-word readings of a token at every cut, each half read as the best words of its own one-word search
    /// (so both may be damaged; without the deep search, which costs more than it finds here), scored by the
    /// channel over the whole token.
    fn deep_splits(&self, o: &[char], of: &[char], out: &mut Vec<(f32, f32, u32, u32)>) {
        if of.len() != o.len() {
            return;
        }
        let best = |o: &[char], of: &[char]| -> Arc<[u32]> {
            self.remembered(&self.halves, o.into(), || {
                let mut v = Vec::new();
                self.singles(o, of, false, &mut v);
                v.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.2.cmp(&b.2)));
                v.dedup_by_key(|e| e.2);
                v.into_iter().take(DEEP_SPLIT_WORDS).map(|e| e.2).collect()
            })
        };
        for cut in 2..=of.len() - 2 {
            let (ls, rs) = (best(&o[..cut], &of[..cut]), best(&o[cut..], &of[cut..]));
            self.push_pairs(o, &ls, &rs, out);
        }
    }

    /// Pushes every two-word reading `a b` (`a` of `ls`, `b` of `rs`) of the OCR chars `o`, scored by the channel
    /// over the whole token.
    fn push_pairs(&self, o: &[char], ls: &[u32], rs: &[u32], out: &mut Vec<(f32, f32, u32, u32)>) {
        let mut truth = Vec::with_capacity(o.len() + 8);
        for &a in ls {
            for &b in rs {
                let (wa, wb) = (&self.words[a as usize], &self.words[b as usize]);
                truth.clear();
                truth.extend_from_slice(self.word_chars(wa));
                truth.push(' ');
                truth.extend_from_slice(self.word_chars(wb));
                let lp = self.channel.log_prob_chars(o, &truth);
                out.push((lp + self.prior_weight * (wa.prior + wb.prior), lp, a, b));
            }
        }
    }

    /// The folded token and its rewrites (at most two): every variant with its rough score, in one buffer (a token
    /// has hundreds).
    fn variants(&self, of: &[char]) -> Variants {
        let mut v = Variants {
            chars: of.to_vec(),
            list: vec![(0, of.len() as u32, 0.0)],
            seen: FxMap::default(),
            digits_left: Vec::new(),
        };
        v.seen.insert(hash_chars(of), 0);
        let mut frontier = self.rewrite(&mut v, &[0], 0);
        frontier.sort_by(|&a, &b| v.list[b].2.total_cmp(&v.list[a].2));
        frontier.truncate(MAX_FRONTIER);
        self.rewrite(&mut v, &frontier, 1);
        v
    }

    /// Rewrites once more each variant of `frontier`, the `depth`-th rewrite: anywhere at depths 0 and 1, only a
    /// digit at depth 2. New variants go into `v` (a better score for a known one at depths 0 and 1); returns those
    /// of depth 0, and keeps in `v.digits_left` those of depth 1 that still hold a digit.
    fn rewrite(&self, v: &mut Variants, frontier: &[usize], depth: u8) -> Vec<usize> {
        let mut next = Vec::new();
        let mut buf: Vec<char> = Vec::new();
        for &f in frontier {
            let (vs, vlen, s) = (v.list[f].0 as usize, v.list[f].1 as usize, v.list[f].2);
            for p in 0..vlen {
                if depth == 2 && !v.chars[vs + p].is_ascii_digit() {
                    continue;
                }
                for len in 1..=self.max_rewrite_len.min(vlen - p) {
                    let Some(rs) = self.rewrites.get(&pack(&v.chars[vs + p..vs + p + len])) else {
                        continue;
                    };
                    for (alpha, lp) in rs {
                        let score = s + lp;
                        if score < REWRITE_FLOOR {
                            break;
                        }
                        buf.clear();
                        buf.extend_from_slice(&v.chars[vs..vs + p]);
                        buf.extend_from_slice(alpha);
                        buf.extend_from_slice(&v.chars[vs + p + len..vs + vlen]);
                        match v.seen.entry(hash_chars(&buf)) {
                            Entry::Occupied(e) => {
                                let i = *e.get();
                                if score > v.list[i].2 && depth < 2 {
                                    v.list[i].2 = score;
                                }
                            }
                            Entry::Vacant(e) => {
                                e.insert(v.list.len());
                                if depth == 0 {
                                    next.push(v.list.len());
                                } else if depth == 1 && buf.iter().any(char::is_ascii_digit) {
                                    v.digits_left.push(v.list.len());
                                }
                                v.list.push((v.chars.len() as u32, buf.len() as u32, score));
                                v.chars.extend_from_slice(&buf);
                            }
                        }
                    }
                }
            }
        }
        next
    }

    /// The best [`MAX_VARIANTS`] of `v`, best rough score first, ties in the order found (as a stable sort would
    /// leave them), without sorting the hundreds behind them.
    fn best_variants(v: &Variants) -> Vec<(u32, u32, f32)> {
        let list = &v.list;
        let mut order: Vec<u32> = (0..list.len() as u32).collect();
        let cmp = |a: &u32, b: &u32| list[*b as usize].2.total_cmp(&list[*a as usize].2).then(a.cmp(b));
        if order.len() > MAX_VARIANTS {
            order.select_nth_unstable_by(MAX_VARIANTS, cmp);
            order.truncate(MAX_VARIANTS);
        }
        order.sort_unstable_by(cmp);
        order.into_iter().map(|i| list[i as usize]).collect()
    }

    /// Looks variant `v` (rough score `score`) up, exactly and, if `near`, within one generic edit, into `hits`;
    /// whether it is a skeleton itself.
    fn lookup(&self, v: &[char], score: f32, near: bool, hits: &mut FxMap<u32, f32>) -> bool {
        let mut hit = |s: u32, sc: f32| {
            let e = hits.entry(s).or_insert(f32::NEG_INFINITY);
            if sc > *e {
                *e = sc;
            }
        };
        let exact = self.skel_map.get(&hash_chars(v)).copied().filter(|&s| self.skel(s) == v);
        if let Some(s) = exact {
            hit(s, score);
        }
        if !near {
            return exact.is_some();
        }
        let sc = score + GENERIC_EDIT;
        // the OCR lost a char: skeletons that give v when one char is deleted (also for one-letter tokens: the
        // OCR often drops a marked vowel, "S" for "Sở", "b" for "bộ")
        for s in self.deleted(hash_chars(v)) {
            hit(s, sc);
        }
        if v.len() < 2 {
            return exact.is_some();
        }
        for k in 0..v.len() {
            if k > 0 && v[k] == v[k - 1] {
                continue;
            }
            let h = hash_without(v, k);
            // the OCR added a char
            if let Some(&s) = self.skel_map.get(&h) {
                hit(s, sc);
            }
            // the OCR replaced a char
            for s in self.deleted(h) {
                hit(s, sc);
            }
        }
        exact.is_some()
    }

    /// The deep search: common skeletons within [`DEEP_EDITS`] generic edits of the folded token (at most half
    /// its length), their most frequent words ordered by edits and frequency, the best [`DEEP_SCORED`] scored
    /// with the full channel model and added to `out` (words already there are skipped).
    fn deep(&self, o: &[char], of: &[char], out: &mut Vec<(f32, f32, u32, u32)>) {
        let max_d = DEEP_EDITS.min(of.len().div_ceil(2));
        let Some(myers) = Myers::new(of) else { return };
        let mut pre: Vec<(f32, u32)> = Vec::new();
        for &s in &self.common {
            let skel = self.skel(s);
            if skel.len().abs_diff(of.len()) > max_d || skel.len() >= DEEP_MAX_LEN {
                continue;
            }
            let d = myers.distance(skel);
            if d > max_d {
                continue;
            }
            for wi in self.skel_words(s).take(4) {
                pre.push((GENERIC_EDIT * d as f32 + self.words[wi as usize].prior, wi));
            }
        }
        if pre.len() > DEEP_SCORED {
            pre.select_nth_unstable_by(DEEP_SCORED, |a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
            pre.truncate(DEEP_SCORED);
        }
        for (_, wi) in pre {
            if out.iter().any(|e| e.2 == wi && e.3 == u32::MAX) {
                continue;
            }
            let w = &self.words[wi as usize];
            let lp = self.channel.log_prob_chars(o, self.word_chars(w));
            out.push((lp + self.prior_weight * w.prior, lp, wi, u32::MAX));
        }
    }

    fn word_chars(&self, w: &Word) -> &[char] {
        &self.chars[w.start as usize..w.end as usize]
    }

    /// The chars of skeleton `s`.
    fn skel(&self, s: u32) -> &[char] {
        let (start, end) = (self.skel_at[s as usize].0, self.skel_at[s as usize + 1].0);
        &self.skel_chars[start as usize..end as usize]
    }

    /// The words of skeleton `s` (indices in `words`), most frequent first.
    fn skel_words(&self, s: u32) -> std::ops::Range<u32> {
        self.skel_at[s as usize].1..self.skel_at[s as usize + 1].1
    }

    /// Skeletons that give the string hashed to `h` when one char is deleted.
    fn deleted(&self, h: u64) -> impl Iterator<Item = u32> + '_ {
        let (a, b) = self.del_map.get(&h).copied().unwrap_or((0, 0));
        self.del_list[a as usize..b as usize].iter().copied()
    }

    /// Two-word readings of one OCR token: both halves are vocabulary skeletons.
    fn splits(&self, o: &[char], of: &[char], out: &mut Vec<(f32, f32, u32, u32)>) {
        if of.len() != o.len() {
            return;
        }
        for cut in 2..of.len() - 1 {
            let (Some(&l), Some(&r)) =
                (self.skel_map.get(&hash_chars(&of[..cut])), self.skel_map.get(&hash_chars(&of[cut..])))
            else {
                continue;
            };
            if self.skel(l) != &of[..cut] || self.skel(r) != &of[cut..] {
                continue;
            }
            let best = |s: u32, part: &[char]| -> Vec<u32> {
                let mut v: Vec<(f32, u32)> = self
                    .skel_words(s)
                    .take(SPLIT_WORDS_PER_PART)
                    .map(|wi| {
                        let w = &self.words[wi as usize];
                        (self.channel.log_prob_chars(part, self.word_chars(w)) + 0.3 * w.prior, wi)
                    })
                    .collect();
                v.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
                v.into_iter().take(3).map(|x| x.1).collect()
            };
            let (ls, rs) = (best(l, &o[..cut]), best(r, &o[cut..]));
            self.push_pairs(o, &ls, &rs, out);
        }
    }

    /// Restores the letters of a document-code part ("QD" → "QĐ", "BCDTW" → "BCĐTW") from `known` parts with
    /// their corpus counts. Returns the known part (in its own case) that the channel model finds likely enough
    /// and clearly better than the other known parts; `None` when nothing explains `part` well.
    pub fn restore_code_part(&self, part: &str, known: &[(String, u64)]) -> Option<String> {
        restore_code_part(&self.channel, part, known)
    }
}

/// Minimum `log10 P(part | known)` for a code-part restoration.
const CODE_MIN_LOGP: f32 = -5.0;
/// Margin (log10) by which the best known part must beat the runner-up.
const CODE_MARGIN: f32 = 1.0;

/// See [`CandidateIndex::restore_code_part`].
pub fn restore_code_part(channel: &ChannelModel, part: &str, known: &[(String, u64)]) -> Option<String> {
    let p = normalize_token(part);
    if p.is_empty() {
        return None;
    }
    let same = known.iter().filter(|(k, _)| normalize_token(k) == p).max_by_key(|(k, n)| (*n, std::cmp::Reverse(k)));
    if let Some((k, _)) = same {
        return Some(k.clone());
    }
    let plen = p.chars().count();
    let mut scored: Vec<(f32, u64, &String)> = known
        .iter()
        .filter(|(k, _)| k.chars().count().abs_diff(plen) <= 1)
        .map(|(k, n)| (channel.log_prob(&p, &normalize_token(k)), *n, k))
        .collect();
    scored.sort_by(|a, b| b.0.total_cmp(&a.0).then(b.1.cmp(&a.1)).then(a.2.cmp(b.2)));
    let best = scored.first()?;
    if best.0 < CODE_MIN_LOGP {
        return None;
    }
    match scored.get(1) {
        Some(second) if best.0 - second.0 < CODE_MARGIN && second.1 * 4 > best.1 => None,
        _ => Some(best.2.clone()),
    }
}

/// Reads a word-count TSV (first column the word, second its count, a header line; such as
/// `lexicon/derived-syllable-inventory/syllable_counts.tsv`) into lowercase classic-tone words with merged counts,
/// most frequent first, keeping at most `max_words`. For building an index without the LM's vocabulary.
pub fn read_counts_tsv(path: &std::path::Path, max_words: usize) -> crate::Result<Vec<(String, u64)>> {
    use crate::syllable::{ToneStyle, retone};
    let text = std::fs::read_to_string(path).map_err(|source| crate::Error::Io { path: path.to_path_buf(), source })?;
    let mut merged: std::collections::HashMap<String, u64> = std::collections::HashMap::new();
    for (n, line) in text.lines().enumerate().skip(1) {
        let mut f = line.split('\t');
        let (Some(w), Some(c)) = (f.next(), f.next()) else {
            continue;
        };
        let count: u64 = c.trim().parse().map_err(|_| crate::Error::Input {
            path: path.to_path_buf(),
            message: format!("line {}: count {c:?} is not a number", n + 1),
        })?;
        let w = retone(&normalize_token(w), ToneStyle::Classic);
        if w.is_empty() || !w.chars().all(char::is_alphabetic) {
            continue;
        }
        *merged.entry(w).or_default() += count;
    }
    let mut v: Vec<(String, u64)> = merged.into_iter().collect();
    v.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    v.truncate(max_words);
    Ok(v)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::eval::levenshtein;
    use proptest::prelude::*;

    #[test]
    fn myers_table() {
        for (a, b, d) in [
            ("thuc", "thire", 3),
            ("ung", "tmg", 2),
            ("a", "", 1),
            ("abc", "abc", 0),
            ("nguoi", "ngwoi", 1),
            ("viet", "vịệt", 2),
            ("kitten", "sitting", 3),
        ] {
            let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
            assert_eq!(Myers::new(&a).unwrap().distance(&b), d, "{a:?} {b:?}");
        }
        assert!(Myers::new(&[]).is_none());
        assert!(Myers::new(&['a'; 65]).is_none());
    }

    proptest! {
        #[test]
        fn myers_equals_the_dynamic_program(a in "[abcđơ]{1,64}", b in "[abcđơ]{0,40}") {
            let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
            prop_assert_eq!(Myers::new(&a).unwrap().distance(&b), levenshtein(&a, &b));
        }
    }
}
