//! The OCR channel model: how likely an OCR token is given the true word, `P(ocr | truth)`.
//!
//! The model is a weighted string-edit model in the style of Brill & Moore (2000), learned from line-aligned
//! OCR/gold pairs: tokens are aligned ([`crate::align`]), then characters, and every region where they differ is
//! counted as an edit `α → β` (gold substring to OCR substring, up to three chars each side), together with its
//! expansions into the matching chars around it, so that context-dependent confusions ("củ" → "cii", "ướ" → "wé")
//! get their own probability. Single-char substitutions are smoothed towards a factored prior
//! `P(letter | letter) · P(tone | tone)` learned from all letters, so that confusions of rare vowels borrow
//! strength from common ones, and a share of the gold lines is also fed in with all marks stripped, so that text
//! typed without diacritics is explained too.
//!
//! `log_prob` scores an OCR token against a candidate truth with the best segmentation into edits (a dynamic
//! program over both strings).
//!
//! ```
//! use vnocr::channel::{ChannelModel, TrainOptions};
//!
//! let pairs = vec![
//!     ("ciia Chinh phi".to_string(), "của Chính phủ".to_string()),
//!     ("ciia Bo Chinh tri".to_string(), "của Bộ Chính trị".to_string()),
//! ];
//! let model = ChannelModel::train(&pairs, &TrainOptions::default());
//! assert!(model.log_prob("ciia", "của") > model.log_prob("ciia", "cửa"));
//! assert!(model.log_prob("chinh", "chính") > model.log_prob("chinh", "xinh"));
//! ```

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::hash::{BuildHasherDefault, Hasher};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::decompose_canonical;

use crate::align::{AlignKind, AlignedPair, CharOp, align_chars, align_tokens};
use crate::error::{Error, Result};
use crate::syllable::{Tone, ToneStyle, fold, retone};

/// A small fast hasher for integer keys (FxHash).
#[derive(Default, Clone, Copy)]
pub(crate) struct FxHasher(u64);

impl Hasher for FxHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.write_u64(b as u64);
        }
    }
    fn write_u64(&mut self, i: u64) {
        self.0 = (self.0.rotate_left(5) ^ i).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
    fn write_u32(&mut self, i: u32) {
        self.write_u64(i as u64);
    }
    fn write_usize(&mut self, i: usize) {
        self.write_u64(i as u64);
    }
}

pub(crate) type FxMap<K, V> = HashMap<K, V, BuildHasherDefault<FxHasher>>;

/// Longest gold or OCR side of a learned edit, in chars.
pub const MAX_EDIT_LEN: usize = 3;

/// Packs up to three chars into one key.
fn pack(chars: &[char]) -> u64 {
    chars.iter().fold(0u64, |k, &c| (k << 21) | (c as u64 + 1))
}

/// Options of [`ChannelModel::train`].
#[derive(Debug, Clone)]
pub struct TrainOptions {
    /// Pairs whose folded edit distance (0..1) is above this are alignment noise and are not learned from.
    pub max_pair_distance: f32,
    /// The same for split and merged words (a large distance there is usually a dropped word).
    pub max_multi_distance: f32,
    /// Every n-th training line is also learned as a mark-stripped copy (typed without diacritics); 0 = never.
    pub stripped_every: usize,
    /// Strength of the factored letter × tone prior in single-char substitutions (pseudo-counts).
    pub prior_strength: f64,
    /// Absolute discount of multi-char edit counts.
    pub discount: f64,
    /// Edits below this probability are dropped.
    pub min_prob: f64,
}

impl Default for TrainOptions {
    fn default() -> Self {
        TrainOptions {
            max_pair_distance: 0.6,
            max_multi_distance: 0.34,
            stripped_every: 4,
            prior_strength: 4.0,
            discount: 0.5,
            min_prob: 2e-4,
        }
    }
}

/// A multi-char (or deletion) edit: gold `α` (the map key) becomes OCR `β`.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Rule {
    beta: [char; MAX_EDIT_LEN],
    blen: u8,
    lp: f32,
}

/// Does `o[j..]` start with `beta`? A loop, not `starts_with`: the edits' OCR sides are one to three chars, too
/// short for the `memcmp` call a slice comparison makes (2–3% of a restore's time went there).
#[inline]
fn starts_at(o: &[char], j: usize, beta: &[char]) -> bool {
    o.len() - j >= beta.len() && beta.iter().zip(&o[j..]).all(|(a, b)| a == b)
}

impl Rule {
    fn beta(&self) -> &[char] {
        &self.beta[..self.blen as usize]
    }
}

/// The learned OCR channel: `log10 P(ocr | truth)` for tokens. See the module docs.
#[derive(Debug, Clone)]
pub struct ChannelModel {
    /// char → symbol (0 = a char the model never saw), direct for chars below [`DIRECT`]
    direct: Vec<u16>,
    /// char → symbol for the others
    other: FxMap<u32, u16>,
    /// number of symbols (0 included)
    nsym: usize,
    /// dense (gold symbol × ocr symbol) → log10 P, identity included
    sub: Vec<f32>,
    /// gold symbol deleted → log10 P
    del: Vec<f32>,
    /// ocr symbol inserted with no gold counterpart → log10 P (per gold char)
    ins: Vec<f32>,
    /// single gold symbol → edits to OCR strings of two or more chars, keyed by (gold symbol × first OCR symbol):
    /// `rules1_at[x * nsym + y]` is 0 (none) or one more than the index of the list in `rules1` (an array read
    /// in the alignment's inner loop, where a hash lookup per cell had cost more than the rules it found)
    rules1_at: Vec<u16>,
    rules1: Vec<Vec<Rule>>,
    /// packed gold substring of 2..=3 chars → edits
    rules: FxMap<u64, Vec<Rule>>,
    /// gold symbols that start a multi-char rule
    multi_first: Vec<bool>,
    /// the learned edits in a stable order (for saving and listing): (α, β, lp)
    list: Vec<(Vec<char>, Vec<char>, f32)>,
    /// learned insertions (for saving)
    ins_list: Vec<(char, f32)>,
    /// log10 P of copying a char the model never saw.
    keep_default: f32,
    /// log10 P of an unlearned substitution.
    sub_floor: f32,
    /// log10 P of an unlearned deletion.
    del_floor: f32,
    /// log10 P of an unlearned insertion.
    ins_floor: f32,
    /// how the model was trained (empty in a format-1 file)
    provenance: Provenance,
    /// the format version and length of the file the model was read from (this build's version and 0 for a
    /// model made in memory)
    file: (u32, usize),
}

/// How a channel model was trained: the command line and the sets of line pairs it learned from, in order. Stored
/// in the model file (format 2) and printed by `vnocr info`; empty for a model read from a format-1 file.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Provenance {
    /// The command that trained the model, as typed (`vnocr train-channel --pairs …`).
    pub command_line: String,
    /// The training sets in the order they were read.
    pub sources: Vec<Source>,
}

/// One set of training pairs (see [`Provenance`]).
#[derive(Debug, Clone, PartialEq)]
pub struct Source {
    /// The file (an OCR file of a line-aligned pair, or a TSV with the rows it gave, "book_ocr_line, train half").
    pub name: String,
    /// Line pairs read from it.
    pub pairs: u32,
    /// How much each of its pairs counted against a pair of weight 1.
    pub weight: f32,
}

/// Chars below this have a direct symbol table entry (covers Latin, Vietnamese and common punctuation).
const DIRECT: usize = 0x2000;

const MAGIC: &[u8; 8] = b"VNOCRCHN";
/// The channel model format version this build writes. It reads this one and format 1, which had no
/// [`Provenance`].
pub const FORMAT_VERSION: u32 = 2;

/// Splits a lowercase char into its letter with quality marks (ă, ê, ơ, đ ...) and its tone.
pub fn letter_and_tone(c: char) -> (char, Tone) {
    if c.is_ascii() {
        return (c, Tone::Level);
    }
    let mut tone = Tone::Level;
    let mut rest = String::new();
    decompose_canonical(c, |d| match Tone::from_mark(d) {
        Some(t) => tone = t,
        None => rest.push(d),
    });
    let q: String = rest.nfc().collect();
    let mut it = q.chars();
    match (it.next(), it.next()) {
        (Some(l), None) => (l, tone),
        _ => (c, Tone::Level),
    }
}

/// The char for a letter with a tone, if it exists as one precomposed char.
fn with_tone(letter: char, tone: Tone) -> Option<char> {
    let Some(mark) = tone.mark() else {
        return Some(letter);
    };
    let s: String = [letter, mark].into_iter().nfc().collect();
    let mut it = s.chars();
    match (it.next(), it.next()) {
        (Some(c), None) => Some(c),
        _ => None,
    }
}

const VOWEL_LETTERS: &str = "aăâeêioôơuưy";
const CONSONANTS: &str = "bcdđghklmnpqrstvxfjwz";

/// Counts gathered from aligned pairs.
#[derive(Default)]
struct Counts {
    /// gold char occurrences
    chars: BTreeMap<char, f64>,
    /// gold substring (2..=3 chars) occurrences
    substrings: BTreeMap<Vec<char>, f64>,
    /// atomic 1:1 ops (match and substitution)
    sub1: BTreeMap<(char, char), f64>,
    /// atomic deletions
    del: BTreeMap<char, f64>,
    /// atomic insertions
    ins: BTreeMap<char, f64>,
    /// region edits with expansions (α, β), excluding 1:1 single chars
    regions: BTreeMap<(Vec<char>, Vec<char>), f64>,
    /// letter-quality confusions
    letters: BTreeMap<(char, char), f64>,
    /// tone confusions for vowels
    tones: BTreeMap<(Tone, Tone), f64>,
    total_chars: f64,
    total_subs: f64,
    total_dels: f64,
}

impl Counts {
    fn add_pair(&mut self, ocr: &str, gold: &str, weight: f64) {
        let g: Vec<char> = gold.chars().collect();
        let o: Vec<char> = ocr.chars().collect();
        for (i, &c) in g.iter().enumerate() {
            *self.chars.entry(c).or_default() += weight;
            self.total_chars += weight;
            for len in 2..=MAX_EDIT_LEN {
                if i + len <= g.len() {
                    *self.substrings.entry(g[i..i + len].to_vec()).or_default() += weight;
                }
            }
        }
        // a word boundary the OCR kept: a space that was not lost
        *self.chars.entry(' ').or_default() += weight;
        *self.sub1.entry((' ', ' ')).or_default() += weight;
        let ops = align_chars(&g, &o);
        for op in &ops {
            match *op {
                CharOp::Match(c) => self.one(c, c, weight),
                CharOp::Sub(a, b) => {
                    self.one(a, b, weight);
                    self.total_subs += weight;
                }
                CharOp::Del(a) => {
                    *self.del.entry(a).or_default() += weight;
                    self.total_dels += weight;
                }
                CharOp::Ins(b) => *self.ins.entry(b).or_default() += weight,
            }
        }
        self.regions_of(&ops, weight);
    }

    fn one(&mut self, a: char, b: char, weight: f64) {
        *self.sub1.entry((a, b)).or_default() += weight;
        let (la, ta) = letter_and_tone(a);
        let (lb, tb) = letter_and_tone(b);
        *self.letters.entry((la, lb)).or_default() += weight;
        if VOWEL_LETTERS.contains(la) {
            *self.tones.entry((ta, tb)).or_default() += weight;
        }
    }

    /// Counts each maximal run of non-matching ops as an edit, with its expansions into matching context.
    fn regions_of(&mut self, ops: &[CharOp], weight: f64) {
        // gold and ocr chars per op
        let side = |op: &CharOp| -> (Option<char>, Option<char>) {
            match *op {
                CharOp::Match(c) => (Some(c), Some(c)),
                CharOp::Sub(a, b) => (Some(a), Some(b)),
                CharOp::Del(a) => (Some(a), None),
                CharOp::Ins(b) => (None, Some(b)),
            }
        };
        let is_match = |op: &CharOp| matches!(op, CharOp::Match(_));
        let mut k = 0;
        while k < ops.len() {
            if is_match(&ops[k]) {
                k += 1;
                continue;
            }
            let start = k;
            while k < ops.len() && !is_match(&ops[k]) {
                k += 1;
            }
            let end = k;
            // expansions: up to MAX_EDIT_LEN matching ops on each side
            for left in 0..=MAX_EDIT_LEN.min(start) {
                for right in 0..=MAX_EDIT_LEN.min(ops.len() - end) {
                    if (start - left..end + right).any(|x| x < start && !is_match(&ops[x])) {
                        continue;
                    }
                    let span = &ops[start - left..end + right];
                    let (mut a, mut b) = (Vec::new(), Vec::new());
                    for op in span {
                        let (x, y) = side(op);
                        a.extend(x);
                        b.extend(y);
                    }
                    if a.is_empty() || a.len() > MAX_EDIT_LEN || b.len() > MAX_EDIT_LEN {
                        continue;
                    }
                    if a.len() == 1 && b.len() == 1 {
                        continue; // single-char substitutions are counted atomically
                    }
                    *self.regions.entry((a, b)).or_default() += weight;
                }
            }
        }
    }
}

impl ChannelModel {
    /// Learns the model from line-aligned (OCR line, gold line) pairs. Deterministic: the same pairs and options
    /// give the same model (and the same saved bytes).
    pub fn train(pairs: &[(String, String)], opts: &TrainOptions) -> ChannelModel {
        Self::train_weighted(&[(pairs, 1.0)], opts)
    }

    /// Learns from several sets of line pairs, each set's edits counted with its weight: pairs from another OCR
    /// engine (book pages) at less than those of the engine to restore. The sets are read in order, as one list
    /// (every [`TrainOptions::stripped_every`]-th line of it is also learned typed without diacritics).
    pub fn train_weighted(sets: &[(&[(String, String)], f64)], opts: &TrainOptions) -> ChannelModel {
        let mut counts = Counts::default();
        let mut line = 0;
        for &(pairs, weight) in sets {
            for (ocr, gold) in pairs {
                // the vocabulary is in classic tone placement; so is what the model learns to produce
                let aligned = align_tokens(ocr, gold).into_iter().map(|p| AlignedPair { gold: classic(&p.gold), ..p });
                Self::count(&mut counts, aligned, weight, opts);
                if opts.stripped_every > 0 && line % opts.stripped_every == 0 {
                    let stripped = align_tokens(gold, gold).into_iter().map(|p| AlignedPair {
                        ocr: fold(&p.gold),
                        gold: classic(&p.gold),
                        ..p
                    });
                    Self::count(&mut counts, stripped, weight, opts);
                }
                line += 1;
            }
        }
        Self::estimate(&counts, opts)
    }

    /// Counts the edits of aligned token pairs, each with `weight`.
    fn count(counts: &mut Counts, aligned: impl Iterator<Item = AlignedPair>, weight: f64, opts: &TrainOptions) {
        for p in aligned {
            if p.distance > opts.max_pair_distance || !p.gold.chars().any(char::is_alphabetic) {
                continue;
            }
            if p.kind == AlignKind::One && p.gold.contains(' ') {
                continue;
            }
            // a split or merge at a large distance is usually a dropped word, not a lost space
            if p.kind != AlignKind::One && p.distance > opts.max_multi_distance {
                continue;
            }
            counts.add_pair(&p.ocr, &p.gold, weight);
        }
    }

    fn estimate(c: &Counts, opts: &TrainOptions) -> ChannelModel {
        let beta = opts.prior_strength;
        let total = c.total_chars.max(1.0);
        // letter confusion Q(lb | la) and tone confusion T(tb | ta)
        let mut letter_tot: BTreeMap<char, f64> = BTreeMap::new();
        for (&(la, _), &n) in &c.letters {
            *letter_tot.entry(la).or_default() += n;
        }
        let mut tone_tot: BTreeMap<Tone, f64> = BTreeMap::new();
        for (&(ta, _), &n) in &c.tones {
            *tone_tot.entry(ta).or_default() += n;
        }
        let q = |la: char, lb: char| -> f64 {
            match letter_tot.get(&la) {
                Some(&t) if t > 0.0 => c.letters.get(&(la, lb)).copied().unwrap_or(0.0) / t,
                _ => f64::from(la == lb),
            }
        };
        let t = |ta: Tone, tb: Tone| -> f64 {
            let n = c.tones.get(&(ta, tb)).copied().unwrap_or(0.0);
            (n + 0.5) / (tone_tot.get(&ta).copied().unwrap_or(0.0) + 3.0)
        };
        let prior = |x: char, y: char| -> f64 {
            let (lx, tx) = letter_and_tone(x);
            let (ly, ty) = letter_and_tone(y);
            if VOWEL_LETTERS.contains(lx) { q(lx, ly) * t(tx, ty) } else { q(lx, ly) * f64::from(ty == Tone::Level) }
        };
        // letters to model: every gold char seen plus the whole lowercase Vietnamese alphabet
        let mut xs: BTreeSet<char> = c.chars.keys().copied().filter(|&x| x != ' ').collect();
        for l in VOWEL_LETTERS.chars() {
            for tone in Tone::ALL {
                xs.extend(with_tone(l, tone));
            }
        }
        xs.extend(CONSONANTS.chars());
        let mut by_letter: BTreeMap<char, BTreeSet<char>> = BTreeMap::new();
        for &(la, lb) in c.letters.keys() {
            by_letter.entry(la).or_default().insert(lb);
        }
        let mut observed: BTreeMap<char, BTreeSet<char>> = BTreeMap::new();
        for &(a, b) in c.sub1.keys() {
            observed.entry(a).or_default().insert(b);
        }
        let del_rate = (c.total_dels + 1.0) / total;
        let mut list: Vec<(Vec<char>, Vec<char>, f32)> = Vec::new();
        for &x in &xs {
            let n_x = c.chars.get(&x).copied().unwrap_or(0.0);
            let (lx, _) = letter_and_tone(x);
            let mut ys: BTreeSet<char> = observed.get(&x).cloned().unwrap_or_default();
            ys.insert(x);
            let targets: Vec<char> = by_letter.get(&lx).map(|s| s.iter().copied().collect()).unwrap_or_default();
            for ly in targets {
                if VOWEL_LETTERS.contains(ly) {
                    for tone in Tone::ALL {
                        ys.extend(with_tone(ly, tone));
                    }
                } else {
                    ys.insert(ly);
                }
            }
            for y in ys {
                let n = c.sub1.get(&(x, y)).copied().unwrap_or(0.0);
                let mut p = (n + beta * prior(x, y)) / (n_x + beta);
                if x == y && n_x == 0.0 && p == 0.0 {
                    p = 0.98;
                }
                if p >= opts.min_prob {
                    list.push((vec![x], vec![y], p.log10() as f32));
                }
            }
            let d = c.del.get(&x).copied().unwrap_or(0.0);
            let p = (d + beta * del_rate) / (n_x + beta);
            if p >= opts.min_prob {
                list.push((vec![x], vec![], p.log10() as f32));
            }
        }
        // word boundary: kept or lost (a merged pair of words)
        let spaces = c.chars.get(&' ').copied().unwrap_or(0.0) + 1.0;
        let lost = c.del.get(&' ').copied().unwrap_or(0.0) + 0.5;
        list.push((vec![' '], vec![' '], (1.0 - lost / spaces).max(0.5).log10() as f32));
        // multi-char edits
        for ((a, b), &n) in &c.regions {
            let denom = if a.len() == 1 {
                c.chars.get(&a[0]).copied().unwrap_or(0.0)
            } else {
                c.substrings.get(a).copied().unwrap_or(0.0)
            };
            if denom <= 0.0 || a.as_slice() == [' '] && b.is_empty() {
                if a.as_slice() == [' '] && b.is_empty() {
                    list.push((a.clone(), b.clone(), (lost / spaces).log10() as f32));
                }
                continue;
            }
            if a.len() == 1 && b.is_empty() {
                continue; // single deletions are estimated above
            }
            let p = ((n - opts.discount).max(0.0) / denom).min(0.95);
            if p >= opts.min_prob {
                list.push((a.clone(), b.clone(), p.log10() as f32));
            }
        }
        let mut ins = Vec::new();
        for (&y, &n) in &c.ins {
            let p = n / total;
            if p >= opts.min_prob * 0.01 {
                ins.push((y, p.log10() as f32));
            }
        }
        let floors = Floors {
            keep_default: 0.98f64.log10() as f32,
            sub_floor: (((c.total_subs + 1.0) / total) / 300.0).log10().clamp(-6.0, -3.0) as f32,
            del_floor: (del_rate / 30.0).log10().clamp(-6.0, -2.5) as f32,
            ins_floor: (0.3 / total).log10().clamp(-6.5, -3.0) as f32,
        };
        Self::assemble(list, ins, floors)
    }

    fn assemble(mut list: Vec<(Vec<char>, Vec<char>, f32)>, mut ins: Vec<(char, f32)>, f: Floors) -> ChannelModel {
        list.sort_by(|a, b| (&a.0, &a.1).cmp(&(&b.0, &b.1)));
        list.dedup_by(|a, b| a.0 == b.0 && a.1 == b.1);
        ins.sort_by_key(|x| x.0);
        ins.dedup_by_key(|x| x.0);
        let mut m = ChannelModel {
            direct: vec![0; DIRECT],
            other: FxMap::default(),
            nsym: 1,
            sub: Vec::new(),
            del: Vec::new(),
            ins: Vec::new(),
            rules1_at: Vec::new(),
            rules1: Vec::new(),
            rules: FxMap::default(),
            multi_first: Vec::new(),
            list: Vec::new(),
            ins_list: Vec::new(),
            keep_default: f.keep_default,
            sub_floor: f.sub_floor,
            del_floor: f.del_floor,
            ins_floor: f.ins_floor,
            provenance: Provenance::default(),
            file: (FORMAT_VERSION, 0),
        };
        // The char of each symbol (symbol 0: any char the model never saw).
        let mut chars = vec!['\0'];
        let mut add = |m: &mut ChannelModel, c: char| {
            if m.sym(c) == 0 && m.nsym < u16::MAX as usize {
                let s = m.nsym as u16;
                if (c as usize) < DIRECT {
                    m.direct[c as usize] = s;
                } else {
                    m.other.insert(c as u32, s);
                }
                m.nsym += 1;
                chars.push(c);
            }
        };
        for (a, b, _) in &list {
            for &c in a.iter().chain(b) {
                add(&mut m, c);
            }
        }
        for &(c, _) in &ins {
            add(&mut m, c);
        }
        let ns = m.nsym;
        m.sub = vec![f.sub_floor; ns * ns];
        for x in 0..ns {
            m.sub[x * ns + x] = f.keep_default;
        }
        m.del = vec![f.del_floor; ns];
        m.ins = vec![f.ins_floor; ns];
        m.multi_first = vec![false; ns];
        let mut rules1: FxMap<u32, Vec<Rule>> = FxMap::default();
        let mut learned = vec![false; ns * ns];
        for (a, b, lp) in &list {
            let sa = m.sym(a[0]) as usize;
            match (a.len(), b.len()) {
                (1, 1) => {
                    let sb = m.sym(b[0]) as usize;
                    m.sub[sa * ns + sb] = *lp;
                    learned[sa * ns + sb] = true;
                    continue;
                }
                (1, 0) => {
                    m.del[sa] = m.del[sa].max(*lp);
                    continue;
                }
                _ => {}
            }
            let mut beta = [' '; MAX_EDIT_LEN];
            beta[..b.len()].copy_from_slice(b);
            let rule = Rule { beta, blen: b.len() as u8, lp: *lp };
            if a.len() == 1 {
                // keyed by gold symbol and first OCR symbol
                let key = (sa * ns + m.sym(b[0]) as usize) as u32;
                rules1.entry(key).or_default().push(rule);
            } else {
                m.rules.entry(pack(a)).or_default().push(rule);
                m.multi_first[sa] = true;
            }
        }
        for &(c, lp) in &ins {
            let s = m.sym(c) as usize;
            m.ins[s] = lp;
        }
        // An unlearned substitution into `y` is the floor scaled by how readily the OCR prints `y` at all, P(y | y):
        // a letter this OCR seldom reproduces ("đ", "ê") is no likelier from an unrelated letter than from itself.
        // Marks of one letter ("ê" for "ề", "u" for "ư") keep the floor: they are that letter's own confusions.
        for y in 1..ns {
            let own = m.sub[y * ns + y].min(0.0);
            let base = crate::syllable::fold_one(chars[y]);
            for x in (1..ns).filter(|&x| x != y && !learned[x * ns + y]) {
                let d_for_đ = matches!(chars[x], 'đ' | 'Đ') || matches!(chars[y], 'đ' | 'Đ');
                let same_letter = base == crate::syllable::fold_one(chars[x]) && !d_for_đ;
                if !same_letter {
                    m.sub[x * ns + y] = m.sub[x * ns + y].min(f.sub_floor + own);
                }
            }
        }
        for v in m.rules.values_mut().chain(rules1.values_mut()) {
            v.sort_by(|x, y| y.lp.total_cmp(&x.lp).then_with(|| x.beta().cmp(y.beta())));
        }
        m.rules1_at = vec![0; ns * ns];
        let mut keys: Vec<u32> = rules1.keys().copied().collect();
        keys.sort_unstable();
        // (A model holds a few hundred such lists; past 65,534 the rest would be dropped.)
        for key in keys.into_iter().take(u16::MAX as usize - 1) {
            m.rules1.push(rules1.remove(&key).unwrap_or_default());
            m.rules1_at[key as usize] = m.rules1.len() as u16;
        }
        m.list = list;
        m.ins_list = ins;
        m
    }

    /// The symbol of a char (0 when the model never saw it).
    fn sym(&self, c: char) -> u16 {
        let i = c as usize;
        if i < DIRECT { self.direct[i] } else { self.other.get(&(i as u32)).copied().unwrap_or(0) }
    }

    /// `(1 − exact)·P(ocr | truth) + exact·[same]`: the channel mixed with a share `exact` of exact
    /// transcriptions (clean text, or an OCR engine that reads Vietnamese), `same` saying whether `ocr` is `truth`
    /// as written. The learned OCR channel alone would call a right reading unlikely when this OCR never prints
    /// its letters ("đ").
    pub fn mixed_prob(&self, ocr: &str, truth: &str, exact: f32, same: bool) -> f32 {
        mix_exact(self.log_prob(ocr, truth), exact, same)
    }

    /// `log10 P(ocr | truth)` for one token. Both lowercase (NFC or not); `truth` is a word or two words joined by
    /// a space (the OCR lost the space), `ocr` may hold a space (the OCR split a word). Never positive; finite.
    pub fn log_prob(&self, ocr: &str, truth: &str) -> f32 {
        let mut o: Vec<char> = Vec::with_capacity(ocr.len());
        let mut t: Vec<char> = Vec::with_capacity(truth.len());
        push_nfc(ocr, &mut o);
        push_nfc(truth, &mut t);
        self.log_prob_chars(&o, &t)
    }

    /// [`ChannelModel::log_prob`] over NFC chars.
    pub fn log_prob_chars(&self, o: &[char], t: &[char]) -> f32 {
        let (n, m) = (t.len(), o.len());
        let w = m + 1;
        let ns = self.nsym;
        let mut small = [0u16; 64];
        let mut heap_syms;
        let syms: &mut [u16] = if n + m <= small.len() {
            &mut small[..n + m]
        } else {
            heap_syms = vec![0u16; n + m];
            &mut heap_syms
        };
        for (k, &c) in t.iter().chain(o).enumerate() {
            syms[k] = self.sym(c);
        }
        let (ts, os) = syms.split_at(n);
        let mut buf = [f32::NEG_INFINITY; 256];
        let mut heap;
        let best: &mut [f32] = if (n + 1) * w <= buf.len() {
            &mut buf[..(n + 1) * w]
        } else {
            heap = vec![f32::NEG_INFINITY; (n + 1) * w];
            &mut heap
        };
        best[0] = 0.0;
        let no_rules: &[Rule] = &[];
        for i in 0..=n {
            // multi-char gold substrings starting at i: their rules do not depend on the OCR position
            let mut multi: [(&[Rule], usize); MAX_EDIT_LEN - 1] = [(no_rules, 0); MAX_EDIT_LEN - 1];
            if i < n && self.multi_first[ts[i] as usize] {
                for a in 2..=MAX_EDIT_LEN.min(n - i) {
                    if let Some(rs) = self.rules.get(&pack(&t[i..i + a])) {
                        multi[a - 2] = (rs.as_slice(), a);
                    }
                }
            }
            for j in 0..=m {
                let b = best[i * w + j];
                if b == f32::NEG_INFINITY {
                    continue;
                }
                if j < m {
                    let lp = b + self.ins[os[j] as usize];
                    let k = i * w + j + 1;
                    if lp > best[k] {
                        best[k] = lp;
                    }
                }
                if i == n {
                    continue;
                }
                let x = ts[i] as usize;
                if j < m {
                    let y = os[j] as usize;
                    let s = if x == 0 || y == 0 {
                        if t[i] == o[j] { self.keep_default } else { self.sub_floor }
                    } else {
                        self.sub[x * ns + y]
                    };
                    let k = (i + 1) * w + j + 1;
                    if b + s > best[k] {
                        best[k] = b + s;
                    }
                }
                let k = (i + 1) * w + j;
                if b + self.del[x] > best[k] {
                    best[k] = b + self.del[x];
                }
                let at = if j < m && x != 0 { self.rules1_at[x * ns + os[j] as usize] } else { 0 };
                let rules1: &[Rule] = if at == 0 { no_rules } else { &self.rules1[at as usize - 1] };
                for r in rules1 {
                    let beta = r.beta();
                    if starts_at(o, j, beta) {
                        let k = (i + 1) * w + j + beta.len();
                        if b + r.lp > best[k] {
                            best[k] = b + r.lp;
                        }
                    }
                }
                for &(rs, a) in &multi {
                    for r in rs {
                        let beta = r.beta();
                        if starts_at(o, j, beta) {
                            let k = (i + a) * w + j + beta.len();
                            if b + r.lp > best[k] {
                                best[k] = b + r.lp;
                            }
                        }
                    }
                }
            }
        }
        best[n * w + m]
    }

    /// Every learned edit `(gold, ocr, log10 P)` in a stable order: single-char substitutions (identity
    /// included), deletions (empty `ocr`) and multi-char edits.
    pub fn edits(&self) -> impl Iterator<Item = (String, String, f32)> + '_ {
        self.list.iter().map(|(a, b, lp)| (a.iter().collect(), b.iter().collect(), *lp))
    }

    /// Number of learned edits.
    pub fn len(&self) -> usize {
        self.list.len()
    }

    /// True when the model has no learned edits.
    pub fn is_empty(&self) -> bool {
        self.list.is_empty()
    }

    /// Number of learned insertions (OCR chars with no gold counterpart).
    pub fn insertions(&self) -> usize {
        self.ins_list.len()
    }

    /// The log10 probabilities of what the model never learned: `(copying an unseen char, a substitution, a
    /// deletion, an insertion)`.
    pub fn floors(&self) -> (f32, f32, f32, f32) {
        (self.keep_default, self.sub_floor, self.del_floor, self.ins_floor)
    }

    /// log10 P of an edit the model never learned (a substitution between unrelated chars).
    pub fn sub_floor(&self) -> f32 {
        self.sub_floor
    }

    /// The same learned edits with `floor` as the log10 P of every substitution the model never learned (when it
    /// is below the model's own): for text where only the learned confusions are evidence of an OCR error.
    pub fn with_sub_floor(&self, floor: f32) -> ChannelModel {
        let floors = Floors {
            keep_default: self.keep_default,
            sub_floor: floor.min(self.sub_floor),
            del_floor: self.del_floor,
            ins_floor: self.ins_floor,
        };
        Self::assemble(self.list.clone(), self.ins_list.clone(), floors).with_provenance(self.provenance.clone())
    }

    /// The same model, recording how it was trained (written with it by [`ChannelModel::to_bytes`]).
    pub fn with_provenance(mut self, provenance: Provenance) -> ChannelModel {
        self.provenance = provenance;
        self
    }

    /// How the model was trained, as its file records it (empty for a format-1 file or a model trained in
    /// memory).
    pub fn provenance(&self) -> &Provenance {
        &self.provenance
    }

    /// The format version of the file the model was read from ([`FORMAT_VERSION`] for a model made in memory).
    pub fn format_version(&self) -> u32 {
        self.file.0
    }

    /// The size in bytes of the file the model was read from (of [`ChannelModel::to_bytes`] for a model made in
    /// memory).
    pub fn file_len(&self) -> usize {
        if self.file.1 == 0 { self.to_bytes().len() } else { self.file.1 }
    }

    /// Serializes the model: magic, format version, provenance, floors, edits, insertions, checksum.
    pub fn to_bytes(&self) -> Vec<u8> {
        fn string(out: &mut Vec<u8>, s: &str) {
            out.extend_from_slice(&(s.len() as u32).to_le_bytes());
            out.extend_from_slice(s.as_bytes());
        }
        let mut out = Vec::with_capacity(64 + self.list.len() * 20);
        out.extend_from_slice(MAGIC);
        out.extend_from_slice(&FORMAT_VERSION.to_le_bytes());
        string(&mut out, &self.provenance.command_line);
        out.extend_from_slice(&(self.provenance.sources.len() as u32).to_le_bytes());
        for source in &self.provenance.sources {
            string(&mut out, &source.name);
            out.extend_from_slice(&source.pairs.to_le_bytes());
            out.extend_from_slice(&source.weight.to_le_bytes());
        }
        for f in [self.keep_default, self.sub_floor, self.del_floor, self.ins_floor] {
            out.extend_from_slice(&f.to_le_bytes());
        }
        out.extend_from_slice(&(self.list.len() as u32).to_le_bytes());
        for (a, b, lp) in &self.list {
            out.push(a.len() as u8);
            out.push(b.len() as u8);
            for &c in a.iter().chain(b) {
                out.extend_from_slice(&(c as u32).to_le_bytes());
            }
            out.extend_from_slice(&lp.to_le_bytes());
        }
        out.extend_from_slice(&(self.ins_list.len() as u32).to_le_bytes());
        for &(c, lp) in &self.ins_list {
            out.extend_from_slice(&(c as u32).to_le_bytes());
            out.extend_from_slice(&lp.to_le_bytes());
        }
        out.extend_from_slice(&[0; 8]);
        seal(&mut out);
        out
    }

    /// Writes the model to `path`.
    pub fn save(&self, path: &Path) -> Result<()> {
        std::fs::write(path, self.to_bytes()).map_err(|source| Error::Io { path: path.to_path_buf(), source })
    }

    /// Reads a model written by [`ChannelModel::save`]. A missing file is [`Error::Io`]; a truncated, corrupted
    /// or foreign file is [`Error::Model`].
    pub fn load(path: &Path) -> Result<ChannelModel> {
        let bytes = std::fs::read(path).map_err(|source| Error::Io { path: path.to_path_buf(), source })?;
        Self::parse(&bytes).map_err(|message| Error::Model { path: path.to_path_buf(), message })
    }

    /// Reads a model from bytes (see [`ChannelModel::to_bytes`]).
    pub fn from_bytes(bytes: &[u8]) -> Result<ChannelModel> {
        Self::parse(bytes).map_err(|message| Error::Model { path: PathBuf::from("<bytes>"), message })
    }

    /// The model shipped in the binary (`dictionaries/channel.bin`), parsed once.
    pub fn embedded() -> Result<&'static ChannelModel> {
        static MODEL: OnceLock<std::result::Result<ChannelModel, String>> = OnceLock::new();
        static BYTES: &[u8] = include_bytes!("../dictionaries/channel.bin");
        match MODEL.get_or_init(|| Self::parse(BYTES)) {
            Ok(m) => Ok(m),
            Err(message) => {
                Err(Error::Model { path: PathBuf::from("<embedded channel.bin>"), message: message.clone() })
            }
        }
    }

    fn parse(bytes: &[u8]) -> std::result::Result<ChannelModel, String> {
        if bytes.len() < MAGIC.len() + 4 || &bytes[..MAGIC.len()] != MAGIC {
            return Err("not a vnocr channel model (bad magic)".into());
        }
        if bytes.len() < MAGIC.len() + 12 {
            return Err("truncated".into());
        }
        let (body, sum) = bytes.split_at(bytes.len() - 8);
        let mut r = Reader { bytes: body, pos: MAGIC.len() };
        let version = r.u32()?;
        if !(1..=FORMAT_VERSION).contains(&version) {
            return Err(format!("format version {version}, this build reads versions 1 to {FORMAT_VERSION}"));
        }
        if checksum(body).to_le_bytes() != sum {
            return Err("checksum mismatch (file corrupted or truncated)".into());
        }
        let mut provenance = Provenance::default();
        if version >= 2 {
            provenance.command_line = r.string()?;
            for _ in 0..r.u32()? {
                let name = r.string()?;
                let pairs = r.u32()?;
                provenance.sources.push(Source { name, pairs, weight: r.weight()? });
            }
        }
        let floors = Floors { keep_default: r.lp()?, sub_floor: r.lp()?, del_floor: r.lp()?, ins_floor: r.lp()? };
        let n = r.u32()? as usize;
        let mut list = Vec::with_capacity(n.min(body.len() / 10));
        for _ in 0..n {
            let (alen, blen) = (r.u8()? as usize, r.u8()? as usize);
            if !(1..=MAX_EDIT_LEN).contains(&alen) || blen > MAX_EDIT_LEN {
                return Err(format!("bad edit lengths {alen}/{blen} at byte {}", r.pos));
            }
            let a = (0..alen).map(|_| r.char()).collect::<std::result::Result<Vec<_>, _>>()?;
            let b = (0..blen).map(|_| r.char()).collect::<std::result::Result<Vec<_>, _>>()?;
            list.push((a, b, r.lp()?));
        }
        let n = r.u32()? as usize;
        let mut ins = Vec::with_capacity(n.min(body.len() / 8));
        for _ in 0..n {
            ins.push((r.char()?, r.lp()?));
        }
        if r.pos != body.len() {
            return Err(format!("{} trailing bytes", body.len() - r.pos));
        }
        let mut model = Self::assemble(list, ins, floors).with_provenance(provenance);
        model.file = (version, bytes.len());
        Ok(model)
    }
}

struct Floors {
    keep_default: f32,
    sub_floor: f32,
    del_floor: f32,
    ins_floor: f32,
}

struct Reader<'a> {
    bytes: &'a [u8],
    pos: usize,
}

impl Reader<'_> {
    fn take(&mut self, n: usize) -> std::result::Result<&[u8], String> {
        let s = self.bytes.get(self.pos..self.pos + n).ok_or_else(|| format!("truncated at byte {}", self.pos))?;
        self.pos += n;
        Ok(s)
    }
    fn u8(&mut self) -> std::result::Result<u8, String> {
        Ok(self.take(1)?[0])
    }
    fn u32(&mut self) -> std::result::Result<u32, String> {
        Ok(u32::from_le_bytes(self.take(4)?.try_into().unwrap()))
    }
    /// A finite f32 that `ok` accepts; else an error naming it `what`.
    fn f32_where(&mut self, ok: fn(f32) -> bool, what: &str) -> std::result::Result<f32, String> {
        let at = self.pos;
        let v = f32::from_le_bytes(self.take(4)?.try_into().unwrap());
        if v.is_finite() && ok(v) { Ok(v) } else { Err(format!("bad {what} {v} at byte {at}")) }
    }
    fn lp(&mut self) -> std::result::Result<f32, String> {
        self.f32_where(|v| v <= 0.0, "log-probability")
    }
    fn weight(&mut self) -> std::result::Result<f32, String> {
        self.f32_where(|v| v >= 0.0, "source weight")
    }
    fn string(&mut self) -> std::result::Result<String, String> {
        let len = self.u32()? as usize;
        let at = self.pos;
        String::from_utf8(self.take(len)?.to_vec()).map_err(|_| format!("bad UTF-8 at byte {at}"))
    }
    fn char(&mut self) -> std::result::Result<char, String> {
        let at = self.pos;
        let v = self.u32()?;
        char::from_u32(v).ok_or_else(|| format!("bad char {v:#x} at byte {at}"))
    }
}

/// Writes the checksum a channel model file ends with (its last 8 bytes) for the bytes before it: the last step of
/// [`ChannelModel::to_bytes`], and how a file changed in place is made whole again (the fuzz target damages files
/// past their checksum so). Bytes shorter than a checksum are left as they are.
pub fn seal(bytes: &mut [u8]) {
    let Some(body) = bytes.len().checked_sub(8) else { return };
    let sum = checksum(&bytes[..body]);
    bytes[body..].copy_from_slice(&sum.to_le_bytes());
}

/// The checksum a channel model file ends with: FNV-1a of every byte before its last 8.
fn checksum(bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in bytes {
        h ^= b as u64;
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

/// Which half of a pair set to read: a deterministic split by row order (even rows train, odd rows test).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Half {
    /// Every row.
    All,
    /// Rows 0, 2, 4 … of the selected subset.
    Train,
    /// Rows 1, 3, 5 … of the selected subset.
    Test,
}

/// Reads two line-aligned files (OCR, gold) into pairs. Files of different line counts are an [`Error::Input`]
/// naming both.
pub fn read_line_pairs(ocr: &Path, gold: &Path) -> Result<Vec<(String, String)>> {
    let read = |p: &Path| std::fs::read_to_string(p).map_err(|source| Error::Io { path: p.to_path_buf(), source });
    let (o, g) = (read(ocr)?, read(gold)?);
    let (ol, gl): (Vec<&str>, Vec<&str>) = (o.lines().collect(), g.lines().collect());
    if ol.len() != gl.len() {
        return Err(Error::Input {
            path: ocr.to_path_buf(),
            message: format!("{} lines, but {} has {} lines", ol.len(), gold.display(), gl.len()),
        });
    }
    Ok(ol.into_iter().zip(gl).map(|(a, b)| (a.to_string(), b.to_string())).collect())
}

/// Reads a csv-quoted TSV of pairs with a header and the columns `subset_guess`, `ocr_or_noisy_input`,
/// `ground_truth` (the HCMUS OCR-correction pairs), keeping the rows of `subset` (e.g. `book_ocr_line`) in `half`.
pub fn read_tsv_pairs(path: &Path, subset: &str, half: Half) -> Result<Vec<(String, String)>> {
    let text = std::fs::read_to_string(path).map_err(|source| Error::Io { path: path.to_path_buf(), source })?;
    let mut lines = text.lines().enumerate();
    let header: Vec<String> = match lines.next() {
        Some((_, h)) => h.split('\t').map(unquote).collect(),
        None => {
            return Err(Error::Input { path: path.to_path_buf(), message: "empty file".into() });
        }
    };
    let col = |name: &str| {
        header.iter().position(|h| h == name).ok_or_else(|| Error::Input {
            path: path.to_path_buf(),
            message: format!("line 1: no column {name:?} in header {header:?}"),
        })
    };
    let (cs, co, cg) = (col("subset_guess")?, col("ocr_or_noisy_input")?, col("ground_truth")?);
    let mut out = Vec::new();
    let mut row = 0usize;
    for (n, line) in lines {
        if line.is_empty() {
            continue;
        }
        let fields: Vec<String> = line.split('\t').map(unquote).collect();
        let get = |c: usize| {
            fields.get(c).cloned().ok_or_else(|| Error::Input {
                path: path.to_path_buf(),
                message: format!("line {}: {} fields, expected at least {}", n + 1, fields.len(), c + 1),
            })
        };
        if get(cs)? != subset {
            continue;
        }
        let keep = match half {
            Half::All => true,
            Half::Train => row % 2 == 0,
            Half::Test => row % 2 == 1,
        };
        row += 1;
        if keep {
            out.push((get(co)?, get(cg)?));
        }
    }
    Ok(out)
}

fn unquote(f: &str) -> String {
    match f.strip_prefix('"').and_then(|s| s.strip_suffix('"')) {
        Some(inner) => inner.replace("\"\"", "\""),
        None => f.to_string(),
    }
}

/// Classic tone placement for each space-separated word.
fn classic(s: &str) -> String {
    s.split(' ').map(|w| retone(w, ToneStyle::Classic)).collect::<Vec<_>>().join(" ")
}

/// Appends the NFC chars of `s` (a fast path for ASCII and already-composed text).
pub(crate) fn push_nfc(s: &str, out: &mut Vec<char>) {
    if s.chars().any(|c| ('\u{300}'..='\u{36f}').contains(&c)) {
        out.extend(s.nfc());
    } else {
        out.extend(s.chars());
    }
}

/// [`ChannelModel::mixed_prob`] of a channel log10 probability `logp` already computed: `(1 − exact)·10^logp +
/// exact·[same]`.
pub fn mix_exact(logp: f32, exact: f32, same: bool) -> f32 {
    10f32.powf(logp) * (1.0 - exact) + if same { exact } else { 0.0 }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tiny() -> ChannelModel {
        let pairs = vec![
            ("ciia Chinh phi ban hanh".to_string(), "của Chính phủ ban hành".to_string()),
            ("Quyét dinh s6 12 ciia Bo".to_string(), "Quyết định số 12 của Bộ".to_string()),
            ("Thi twéng va khoahoc".to_string(), "Thủ tướng và khoa học".to_string()),
        ];
        ChannelModel::train(&pairs, &TrainOptions::default())
    }

    #[test]
    fn weighted_sets_count_their_edits_by_weight() {
        let set = |ocr: &str, gold: &str| vec![(ocr.to_string(), gold.to_string())];
        let (ours, other) = (set("ciia Chinh phi", "của Chính phủ"), set("cùa Chinh phu", "của Chính phủ"));
        let opts = TrainOptions::default();
        let both: Vec<_> = ours.iter().chain(&other).cloned().collect();
        // weight 1 is the sets learned as one list; weight 0 is the last set left out
        let weighted = |w: f64| ChannelModel::train_weighted(&[(&ours, 1.0), (&other, w)], &opts);
        assert_eq!(weighted(1.0).to_bytes(), ChannelModel::train(&both, &opts).to_bytes());
        assert_eq!(weighted(0.0).to_bytes(), ChannelModel::train(&ours, &opts).to_bytes());
        // in between, the other engine's confusion counts for less
        let lp = |m: &ChannelModel| m.log_prob("cùa", "của");
        assert!(lp(&weighted(0.0)) < lp(&weighted(0.5)) && lp(&weighted(0.5)) < lp(&weighted(1.0)));
    }

    #[test]
    fn learned_edits_rank_truth_first() {
        let m = tiny();
        assert!(m.log_prob("ciia", "của") > m.log_prob("ciia", "cửa"));
        assert!(m.log_prob("s6", "số") > m.log_prob("s6", "sáu"));
        assert!(m.log_prob("khoahoc", "khoa học") > m.log_prob("khoahoc", "khoa"));
        for (o, t) in [("ciia", "của"), ("", "a"), ("abc", ""), ("x y", "xy")] {
            let lp = m.log_prob(o, t);
            assert!(lp.is_finite() && lp <= 0.0, "{o} {t} {lp}");
        }
    }

    #[test]
    fn bytes_round_trip_and_corruption() {
        let m = tiny();
        let bytes = m.to_bytes();
        let back = ChannelModel::from_bytes(&bytes).unwrap();
        assert_eq!(back.to_bytes(), bytes);
        assert_eq!(back.log_prob("ciia", "của"), m.log_prob("ciia", "của"));
        for cut in [0, 5, 12, bytes.len() / 2, bytes.len() - 1] {
            assert!(ChannelModel::from_bytes(&bytes[..cut]).is_err(), "cut {cut}");
        }
        let mut bad = bytes.clone();
        bad[40] ^= 0x55;
        assert!(ChannelModel::from_bytes(&bad).is_err());

        // the provenance is written and read back
        let provenance = Provenance {
            command_line: "vnocr train-channel --pairs a.ocr.txt a.gold.txt -o c.bin".into(),
            sources: vec![Source { name: "a.ocr.txt".into(), pairs: 2, weight: 0.5 }],
        };
        let with = m.clone().with_provenance(provenance.clone());
        let back = ChannelModel::from_bytes(&with.to_bytes()).unwrap();
        assert_eq!(back.provenance(), &provenance);
        assert_eq!((back.format_version(), back.file_len()), (FORMAT_VERSION, with.to_bytes().len()));

        // a format-1 file (no provenance: the version, then the floors) still loads
        let mut v1 = MAGIC.to_vec();
        v1.extend_from_slice(&1u32.to_le_bytes());
        v1.extend_from_slice(&bytes[MAGIC.len() + 12..]);
        seal(&mut v1);
        let old = ChannelModel::from_bytes(&v1).unwrap();
        assert_eq!((old.format_version(), old.file_len()), (1, v1.len()));
        assert_eq!(old.provenance(), &Provenance::default());
        assert_eq!(old.to_bytes(), bytes);
        // a later version does not
        let mut v3 = bytes.clone();
        v3[MAGIC.len()..MAGIC.len() + 4].copy_from_slice(&3u32.to_le_bytes());
        seal(&mut v3);
        let err = ChannelModel::from_bytes(&v3).unwrap_err().to_string();
        assert!(err.contains("format version 3"), "{err}");
    }

    /// A damaged provenance block (each sealed again, so that the checksum passes) is an error naming what is
    /// wrong, never a panic or a huge allocation.
    #[test]
    fn damaged_provenance_is_an_error() {
        let provenance = Provenance {
            command_line: "vnocr train-channel".into(),
            sources: vec![Source { name: "a.ocr.txt".into(), pairs: 2, weight: 0.5 }],
        };
        let bytes = tiny().with_provenance(provenance).to_bytes();
        let at = MAGIC.len() + 4; // the command line's length
        let name_len = at + 4 + "vnocr train-channel".len() + 4;
        let weight = name_len + 4 + "a.ocr.txt".len() + 4;
        for (what, offset, patch, message) in [
            ("command line longer than the file", at, u32::MAX.to_le_bytes(), "truncated"),
            ("more sources than the file holds", name_len - 4, u32::MAX.to_le_bytes(), "truncated"),
            ("a name longer than the file", name_len, 0x7fff_ffffu32.to_le_bytes(), "truncated"),
            ("a negative weight", weight, (-1.0f32).to_le_bytes(), "bad source weight"),
            ("a weight that is no number", weight, f32::NAN.to_le_bytes(), "bad source weight"),
            ("a name that is no UTF-8", name_len + 4, [0xff, 0xfe, 0xfd, 0xfc], "bad UTF-8"),
        ] {
            let mut bad = bytes.clone();
            bad[offset..offset + 4].copy_from_slice(&patch);
            seal(&mut bad);
            let err = ChannelModel::from_bytes(&bad).unwrap_err().to_string();
            assert!(err.contains(message), "{what}: {err}");
        }
    }

    /// This OCR seldom prints "đ" or "ê" right; an unrelated letter must not explain them better than themselves,
    /// while a lost mark of the same letter ("điêu" for "điều") keeps the plain floor.
    #[test]
    fn letters_seldom_printed_are_likeliest_from_themselves() {
        let m = ChannelModel::embedded().unwrap();
        for (ocr, own, other) in [("điện", "điện", "hiện"), ("đươc", "được", "nước")] {
            assert!(m.log_prob(ocr, own) > m.log_prob(ocr, other), "{ocr}: {own} against {other}");
        }
        let floor = m.sub_floor();
        assert!(m.log_prob("đ", "đ") < floor && m.log_prob("đ", "h") < m.log_prob("đ", "đ") - 2.0);
        assert!(m.log_prob("ê", "ề") >= floor);
    }

    #[test]
    fn letter_tone_split() {
        assert_eq!(letter_and_tone('ệ'), ('ê', Tone::Dot));
        assert_eq!(letter_and_tone('ủ'), ('u', Tone::Hook));
        assert_eq!(letter_and_tone('đ'), ('đ', Tone::Level));
        assert_eq!(with_tone('ơ', Tone::Tilde), Some('ỡ'));
    }
}
