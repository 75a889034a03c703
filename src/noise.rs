//! Deterministic OCR-like noise for benchmarks: clean Vietnamese text in, corrupted text out, line for line.
//!
//! Three profiles of noise ([`NoiseProfile`]), and none:
//!
//! - `strip`: every mark removed (tones and quality marks, `đ` → `d`), case kept — the input of a pure diacritic
//!   restorer.
//! - `seeds`: OCR noise learned from real aligned OCR/gold documents (the `corpus/` seeds): each gold line is
//!   aligned to its OCR line character by character ([`crate::align::align_chars`]), and every gold character gets the distribution of what the
//!   OCR wrote for it (itself, another character, several characters, nothing). Spaces are characters too, so
//!   merges (a space read as nothing) and splits (a space inserted in a word) come out of the same counts.
//! - `tesseract`: the errors of an OCR engine that *does* read Vietnamese, made by rule on parsed syllables with
//!   the rates of [`TesseractParams`]: a confusable tone instead of the right one, a dropped tone, dropped quality
//!   marks, a spurious tone, a syllable split in two.
//! - `clean`: no noise, the text as it is (NFC): what the restorer changes in text that needs no change.
//!
//! Everything is driven by a small seeded [`Rng`] (SplitMix64): the same seed gives the same output. Line breaks
//! are never added, removed or changed, so the noisy text keeps the clean text's line count.
//!
//! ```
//! use vnocr::noise::{NoiseProfile, Rng, corrupt};
//!
//! let mut rng = Rng::new(42);
//! assert_eq!(corrupt("Đường Hồ Chí Minh", &NoiseProfile::Strip, &mut rng), "Duong Ho Chi Minh");
//! let a = corrupt("Thủ tướng Chính phủ\nhòa bình", &NoiseProfile::tesseract(), &mut Rng::new(7));
//! let b = corrupt("Thủ tướng Chính phủ\nhòa bình", &NoiseProfile::tesseract(), &mut Rng::new(7));
//! assert_eq!(a, b);
//! assert_eq!(a.lines().count(), 2);
//! // No noise: the text as it is, in NFC ("ủ" written as u + hook above comes out as one character).
//! assert_eq!(corrupt("Thu\u{309}", &NoiseProfile::Clean, &mut rng), "Thủ");
//! ```

use std::collections::BTreeMap;
use std::path::Path;

use unicode_normalization::UnicodeNormalization;

use crate::align::{CharOp, align_chars};
use crate::eval::read_lines;
use crate::syllable::{Case, Syllable, Tone, ToneStyle};
use crate::{Error, Result};

/// A small, fast, seedable pseudo-random generator (SplitMix64). Not for cryptography.
#[derive(Debug, Clone)]
pub struct Rng {
    state: u64,
}

impl Rng {
    /// A generator whose whole output is fixed by `seed`.
    pub fn new(seed: u64) -> Rng {
        Rng { state: seed }
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.state = self.state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.state;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A uniform float in `[0, 1)`.
    pub fn f64(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
    }

    /// A uniform integer in `0..n` (`n` > 0).
    pub fn below(&mut self, n: u64) -> u64 {
        ((u128::from(self.next_u64()) * u128::from(n)) >> 64) as u64
    }

    /// `true` with probability `p`.
    pub fn chance(&mut self, p: f64) -> bool {
        p > 0.0 && self.f64() < p
    }
}

/// Rates of the `tesseract` profile, per syllable. The defaults are a documented guess at a decent OCR engine
/// with Vietnamese training data on clean administrative scans (about 1 syllable in 10 damaged), not a
/// measurement: set them to taste.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TesseractParams {
    /// A syllable with a tone gets a visually close one instead (sắc↔huyền, hỏi↔ngã, sắc↔hỏi, nặng→sắc).
    pub wrong_tone: f64,
    /// A syllable with a tone loses it.
    pub drop_tone: f64,
    /// A syllable loses its quality marks (â ă ê ô ơ ư → a a e o o u, đ → d), keeping its tone.
    pub drop_quality: f64,
    /// A syllable without a tone gets a spurious sắc or huyền (a speck read as a mark).
    pub add_tone: f64,
    /// A word of 3 letters or more is split in two by a space.
    pub split: f64,
}

impl Default for TesseractParams {
    fn default() -> Self {
        TesseractParams { wrong_tone: 0.04, drop_tone: 0.03, drop_quality: 0.02, add_tone: 0.005, split: 0.01 }
    }
}

/// What [`TesseractParams::measure`] counted: the rates' denominators.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct MeasureCounts {
    /// Gold syllables whose OCR token has the same letters (marks aside): the ones judged.
    pub syllables: usize,
    /// ... of which with a tone.
    pub toned: usize,
    /// ... of which with a quality mark (â ă ê ô ơ ư đ).
    pub with_quality: usize,
    /// Gold words of 3 letters or more that the OCR split into two tokens.
    pub splits: usize,
    /// Gold words of 3 letters or more.
    pub long_words: usize,
}

impl TesseractParams {
    /// Estimates the rates from line-aligned OCR and gold text of a real engine. Word tokens are aligned by their
    /// letters (marks and case aside); a gold syllable whose OCR token has its letters is judged: its tone
    /// (kept, another one, dropped, or added to a level syllable) and its quality marks (all of them dropped).
    /// A split is a gold word whose letters are those of two consecutive OCR tokens, one of them aligned to it.
    pub fn measure<O: AsRef<str>, G: AsRef<str>>(ocr: &[O], gold: &[G]) -> Result<(TesseractParams, MeasureCounts)> {
        if ocr.len() != gold.len() {
            return Err(Error::Other(format!("line count differs: OCR {}, gold {}", ocr.len(), gold.len())));
        }
        let fold = |w: &str| crate::eval::strip_marks(w).to_lowercase();
        let (mut wrong, mut dropped, mut added, mut quality) = (0usize, 0usize, 0usize, 0usize);
        let mut c = MeasureCounts::default();
        for (o, g) in ocr.iter().zip(gold) {
            let (o, g): (String, String) = (o.as_ref().nfc().collect(), g.as_ref().nfc().collect());
            let ow: Vec<&str> = crate::eval::words(&o).collect();
            let gw: Vec<&str> = crate::eval::words(&g).collect();
            let of: Vec<String> = ow.iter().map(|w| fold(w)).collect();
            let gf: Vec<String> = gw.iter().map(|w| fold(w)).collect();
            let (_, steps) = crate::eval::align(&of, &gf);
            for s in steps {
                let crate::eval::Step::Pair(i, j) = s else { continue };
                if gf[j].chars().count() >= 3 {
                    c.long_words += 1;
                    let joined = |a: usize| a + 1 < of.len() && format!("{}{}", of[a], of[a + 1]) == gf[j];
                    if of[i] != gf[j] && (joined(i) || (i > 0 && joined(i - 1))) {
                        c.splits += 1;
                    }
                }
                if of[i] != gf[j] {
                    continue;
                }
                let Some(gs) = Syllable::parse(gw[j]) else { continue };
                c.syllables += 1;
                let has_quality = drop_quality(gw[j]) != gw[j];
                c.with_quality += usize::from(has_quality);
                let hs = Syllable::parse(ow[i]);
                let htone = hs.as_ref().map_or(Tone::Level, |h| h.tone);
                if gs.tone != Tone::Level {
                    c.toned += 1;
                    if htone == Tone::Level {
                        dropped += 1;
                    } else if htone != gs.tone {
                        wrong += 1;
                    }
                } else if htone != Tone::Level {
                    added += 1;
                }
                if has_quality && drop_quality(ow[i]).to_lowercase() == ow[i].to_lowercase() {
                    quality += 1;
                }
            }
        }
        let rate = |n: usize, d: usize| n as f64 / d.max(1) as f64;
        let p = TesseractParams {
            wrong_tone: rate(wrong, c.toned),
            drop_tone: rate(dropped, c.toned),
            drop_quality: rate(quality, c.with_quality),
            add_tone: rate(added, c.syllables - c.toned),
            split: rate(c.splits, c.long_words),
        };
        Ok((p, c))
    }
}

/// How to corrupt clean text.
#[derive(Debug, Clone)]
pub enum NoiseProfile {
    /// Every mark removed, `đ` → `d`, case kept.
    Strip,
    /// Character-level OCR noise learned from aligned OCR/gold documents.
    Seeds(SeedsChannel),
    /// Rule-made errors of a Vietnamese-aware OCR engine.
    Tesseract(TesseractParams),
    /// No noise: the text as it is, NFC.
    Clean,
}

impl NoiseProfile {
    /// The `tesseract` profile with the default rates.
    pub fn tesseract() -> NoiseProfile {
        NoiseProfile::Tesseract(TesseractParams::default())
    }

    /// The profile's name: `strip`, `seeds`, `tesseract` or `clean`.
    pub fn name(&self) -> &'static str {
        match self {
            NoiseProfile::Strip => "strip",
            NoiseProfile::Seeds(_) => "seeds",
            NoiseProfile::Tesseract(_) => "tesseract",
            NoiseProfile::Clean => "clean",
        }
    }
}

/// Corrupts `line` under `profile`. Line breaks (`\n`, `\r`) are kept as they are, so a multi-line text keeps its
/// line count; the output is NFC.
pub fn corrupt(line: &str, profile: &NoiseProfile, rng: &mut Rng) -> String {
    match profile {
        NoiseProfile::Strip => strip(line),
        NoiseProfile::Seeds(ch) => ch.corrupt(line, rng),
        NoiseProfile::Tesseract(p) => tesseract(line, p, rng),
        NoiseProfile::Clean => line.nfc().collect(),
    }
}

/// Corrupts lines one after the other with one generator seeded with `seed`: the same lines, profile and seed
/// always give the same output, line for line.
pub fn corrupt_lines<S: AsRef<str>>(lines: &[S], profile: &NoiseProfile, seed: u64) -> Vec<String> {
    let mut rng = Rng::new(seed);
    lines.iter().map(|l| corrupt(l.as_ref(), profile, &mut rng)).collect()
}

/// Removes every mark: `đ`/`Đ` → `d`/`D`, every combining character of the NFD form dropped; case kept.
pub fn strip(text: &str) -> String {
    crate::eval::strip_marks(text).nfc().collect()
}

// ---------------------------------------------------------------------------------------------------------------
// tesseract

fn tesseract(text: &str, p: &TesseractParams, rng: &mut Rng) -> String {
    let text: String = text.nfc().collect();
    let mut out = String::with_capacity(text.len() + 8);
    let mut word = String::new();
    for c in text.chars() {
        if c.is_alphabetic() {
            word.push(c);
        } else {
            if !word.is_empty() {
                out.push_str(&tesseract_word(&word, p, rng));
                word.clear();
            }
            out.push(c);
        }
    }
    if !word.is_empty() {
        out.push_str(&tesseract_word(&word, p, rng));
    }
    out
}

fn confusable(t: Tone, rng: &mut Rng) -> Tone {
    let options: &[Tone] = match t {
        Tone::Acute => &[Tone::Grave, Tone::Hook],
        Tone::Grave => &[Tone::Acute],
        Tone::Hook => &[Tone::Tilde, Tone::Acute],
        Tone::Tilde => &[Tone::Hook, Tone::Acute],
        Tone::Dot => &[Tone::Acute],
        Tone::Level => &[Tone::Level],
    };
    options[rng.below(options.len() as u64) as usize]
}

fn drop_quality(word: &str) -> String {
    word.chars()
        .map(|c| match c {
            'đ' => 'd',
            'Đ' => 'D',
            c => c,
        })
        .nfd()
        .filter(|c| !matches!(c, '\u{302}' | '\u{306}' | '\u{31b}'))
        .nfc()
        .collect()
}

fn tesseract_word(word: &str, p: &TesseractParams, rng: &mut Rng) -> String {
    // Draw every decision, used or not, so that one word's outcome does not shift the next word's draws.
    let (r_tone, r_pick, r_quality, r_split, r_at) = (rng.f64(), rng.next_u64(), rng.f64(), rng.f64(), rng.next_u64());
    let mut pick = Rng::new(r_pick);
    let case = Case::of(word);
    let mut w = word.to_string();
    if let Some(s) = Syllable::parse(word).filter(|_| case != Case::Mixed) {
        let style = Syllable::style_of(word).unwrap_or(ToneStyle::Classic);
        let tone = if s.tone == Tone::Level {
            if r_tone < p.add_tone { [Tone::Acute, Tone::Grave][pick.below(2) as usize] } else { Tone::Level }
        } else if r_tone < p.wrong_tone {
            confusable(s.tone, &mut pick)
        } else if r_tone < p.wrong_tone + p.drop_tone {
            Tone::Level
        } else {
            s.tone
        };
        if tone != s.tone {
            w = case.apply(&Syllable { tone, ..s }.compose(style));
        }
        if r_quality < p.drop_quality {
            w = drop_quality(&w);
        }
    }
    let n = w.chars().count();
    if n >= 3 && r_split < p.split {
        let at = 1 + (r_at % (n as u64 - 1)) as usize;
        let split: String = w.chars().take(at).chain([' ']).chain(w.chars().skip(at)).collect();
        w = split;
    }
    w
}

// ---------------------------------------------------------------------------------------------------------------
// seeds

/// Characters seen fewer times than this borrow their lowercase form's distribution, then the class model.
const MIN_COUNT: u32 = 20;

/// What the OCR wrote for one gold character: outcomes with counts, in a fixed order.
#[derive(Debug, Clone, Default)]
struct Emissions {
    total: u32,
    outcomes: Vec<(String, u32)>,
}

impl Emissions {
    fn from_counts(counts: BTreeMap<String, u32>) -> Emissions {
        let total = counts.values().sum();
        Emissions { total, outcomes: counts.into_iter().collect() }
    }

    fn sample(&self, rng: &mut Rng) -> &str {
        let mut r = rng.below(u64::from(self.total.max(1))) as u32;
        for (s, n) in &self.outcomes {
            if r < *n {
                return s;
            }
            r -= n;
        }
        &self.outcomes.last().expect("non-empty").0
    }
}

/// How a marked gold letter fared, for letters too rare to have their own distribution.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum MarkFate {
    Kept,
    ToneDropped,
    AllMarksDropped,
    Deleted,
    Other,
}

/// Character-level OCR channel learned from aligned OCR/gold text (the `seeds` profile).
#[derive(Debug, Clone, Default)]
pub struct SeedsChannel {
    table: BTreeMap<char, Emissions>,
    fates: Vec<(MarkFate, u32)>,
    pairs: usize,
    chars: u64,
}

fn is_break(c: char) -> bool {
    c == '\n' || c == '\r'
}

fn fate(gold: char, ocr: &str) -> MarkFate {
    let g = gold.to_string();
    if ocr == g {
        MarkFate::Kept
    } else if ocr.is_empty() {
        MarkFate::Deleted
    } else if ocr == crate::syllable::strip_tone(&g) {
        MarkFate::ToneDropped
    } else if ocr == strip(&g) {
        MarkFate::AllMarksDropped
    } else {
        MarkFate::Other
    }
}

impl SeedsChannel {
    /// Learns the channel from `(ocr, gold)` text pairs whose lines correspond one to one. `name` of each pair is
    /// used in errors.
    pub fn learn<'a>(pairs: impl IntoIterator<Item = (&'a str, &'a [String], &'a [String])>) -> Result<SeedsChannel> {
        let mut counts: BTreeMap<char, BTreeMap<String, u32>> = BTreeMap::new();
        let mut fates: BTreeMap<MarkFate, u32> = BTreeMap::new();
        let mut ch = SeedsChannel::default();
        for (name, ocr, gold) in pairs {
            if ocr.len() != gold.len() {
                return Err(Error::Input {
                    path: name.into(),
                    message: format!("line count differs: OCR {}, gold {}", ocr.len(), gold.len()),
                });
            }
            ch.pairs += 1;
            for (o, g) in ocr.iter().zip(gold) {
                let o: Vec<char> = o.nfc().filter(|&c| !is_break(c)).collect();
                let g: Vec<char> = g.nfc().filter(|&c| !is_break(c)).collect();
                if g.is_empty() {
                    continue;
                }
                let mut emitted = vec![String::new(); g.len()];
                let mut j = 0; // the next gold char
                let mut prefix = String::new();
                for op in align_chars(&g, &o) {
                    match op {
                        CharOp::Match(c) | CharOp::Sub(_, c) => {
                            emitted[j].push(c);
                            j += 1;
                        }
                        CharOp::Del(_) => j += 1,
                        CharOp::Ins(c) if j == 0 => prefix.push(c),
                        CharOp::Ins(c) => emitted[j - 1].push(c),
                    }
                }
                emitted[0].insert_str(0, &prefix);
                for (gc, e) in g.iter().zip(emitted) {
                    ch.chars += 1;
                    if strip(&gc.to_string()) != gc.to_string() {
                        *fates.entry(fate(*gc, &e)).or_default() += 1;
                    }
                    *counts.entry(*gc).or_default().entry(e).or_default() += 1;
                }
            }
        }
        ch.table = counts.into_iter().map(|(c, m)| (c, Emissions::from_counts(m))).collect();
        ch.fates = fates.into_iter().collect();
        Ok(ch)
    }

    /// Learns from every `<stem>.ocr.txt` of `dir` that has a `<stem>.gold.txt` beside it.
    pub fn from_dir(dir: &Path) -> Result<SeedsChannel> {
        let entries = std::fs::read_dir(dir).map_err(|source| Error::Io { path: dir.to_path_buf(), source })?;
        let mut stems = Vec::new();
        for e in entries {
            let e = e.map_err(|source| Error::Io { path: dir.to_path_buf(), source })?;
            if let Some(stem) = e.file_name().to_str().and_then(|n| n.strip_suffix(".ocr.txt")) {
                if dir.join(format!("{stem}.gold.txt")).is_file() {
                    stems.push(stem.to_string());
                }
            }
        }
        stems.sort();
        if stems.is_empty() {
            return Err(Error::Input {
                path: dir.to_path_buf(),
                message: "no <stem>.ocr.txt with a <stem>.gold.txt to learn OCR noise from".into(),
            });
        }
        let mut docs = Vec::new();
        for stem in &stems {
            let o = dir.join(format!("{stem}.ocr.txt"));
            let g = dir.join(format!("{stem}.gold.txt"));
            docs.push((o.display().to_string(), read_lines(&o)?, read_lines(&g)?));
        }
        SeedsChannel::learn(docs.iter().map(|(n, o, g)| (n.as_str(), o.as_slice(), g.as_slice())))
    }

    /// Number of document pairs and gold characters learned from.
    pub fn size(&self) -> (usize, u64) {
        (self.pairs, self.chars)
    }

    /// The probability that the OCR wrote `ocr` for the gold character `gold` (from the character's own counts;
    /// `None` when it was seen fewer than 20 times).
    pub fn prob(&self, gold: char, ocr: &str) -> Option<f64> {
        let e = self.table.get(&gold).filter(|e| e.total >= MIN_COUNT)?;
        let n = e.outcomes.iter().find(|(s, _)| s == ocr).map_or(0, |x| x.1);
        Some(f64::from(n) / f64::from(e.total))
    }

    fn emit(&self, c: char, rng: &mut Rng, out: &mut String) {
        if let Some(e) = self.table.get(&c).filter(|e| e.total >= MIN_COUNT) {
            out.push_str(e.sample(rng));
            return;
        }
        let mut lower = c.to_lowercase();
        if let (Some(l), None) = (lower.next(), lower.next())
            && l != c
            && let Some(e) = self.table.get(&l).filter(|e| e.total >= MIN_COUNT)
        {
            out.extend(e.sample(rng).chars().flat_map(char::to_uppercase));
            return;
        }
        let s = c.to_string();
        let total: u32 = self.fates.iter().map(|f| f.1).sum();
        if strip(&s) == s || total == 0 {
            out.push(c);
            return;
        }
        let mut r = rng.below(u64::from(total)) as u32;
        let mut fate = MarkFate::Kept;
        for &(f, n) in &self.fates {
            if r < n {
                fate = f;
                break;
            }
            r -= n;
        }
        match fate {
            MarkFate::Kept | MarkFate::Other => out.push(c),
            MarkFate::ToneDropped => out.push_str(&crate::syllable::strip_tone(&s)),
            MarkFate::AllMarksDropped => out.push_str(&strip(&s)),
            MarkFate::Deleted => {}
        }
    }

    /// Corrupts a text character by character (line breaks kept).
    pub fn corrupt(&self, text: &str, rng: &mut Rng) -> String {
        let mut out = String::with_capacity(text.len() + 8);
        for c in text.nfc() {
            if is_break(c) {
                out.push(c);
            } else {
                self.emit(c, rng, &mut out);
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn corpus() -> std::path::PathBuf {
        std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("corpus")
    }

    fn gold_text() -> String {
        let mut s = String::new();
        for e in std::fs::read_dir(corpus()).unwrap() {
            let p = e.unwrap().path();
            if p.to_str().unwrap().ends_with(".gold.txt") {
                s.push_str(&std::fs::read_to_string(p).unwrap());
            }
        }
        s
    }

    fn profiles() -> Vec<NoiseProfile> {
        vec![
            NoiseProfile::Strip,
            NoiseProfile::tesseract(),
            NoiseProfile::Seeds(SeedsChannel::from_dir(&corpus()).unwrap()),
        ]
    }

    #[test]
    fn same_seed_same_output_and_line_count_kept() {
        let text = gold_text();
        for p in profiles() {
            let a = corrupt(&text, &p, &mut Rng::new(1));
            let b = corrupt(&text, &p, &mut Rng::new(1));
            assert_eq!(a, b, "{}", p.name());
            assert_eq!(a.split('\n').count(), text.split('\n').count(), "{}", p.name());
            if !matches!(p, NoiseProfile::Strip) {
                let c = corrupt(&text, &p, &mut Rng::new(2));
                assert_ne!(a, c, "{}: another seed, other noise", p.name());
                assert_ne!(a, text, "{}", p.name());
            }
            // line by line gives lines
            let mut rng = Rng::new(3);
            for line in text.split('\n').take(50) {
                assert!(!corrupt(line, &p, &mut rng).contains(['\n', '\r']), "{}", p.name());
            }
        }
    }

    #[test]
    fn strip_removes_every_mark_and_keeps_case() {
        let text = gold_text();
        let out = corrupt(&text, &NoiseProfile::Strip, &mut Rng::new(0));
        for c in out.chars() {
            assert!(c != 'đ' && c != 'Đ', "{c}");
            assert!(
                c.nfd().all(|d| unicode_normalization::char::canonical_combining_class(d) == 0),
                "mark left in {c:?}"
            );
        }
        assert_eq!(out.chars().count(), text.nfc().count());
        for (a, b) in out.chars().zip(text.nfc()) {
            assert_eq!(a.is_uppercase(), b.is_uppercase(), "{a} {b}");
            assert_eq!(a.to_string(), strip(&b.to_string()));
        }
    }

    #[test]
    fn seeds_channel_learns_the_real_ocr_rates() {
        let ch = SeedsChannel::from_dir(&corpus()).unwrap();
        let (docs, chars) = ch.size();
        assert_eq!(docs, 3);
        assert!(chars > 50_000, "{chars}");
        // the corpus OCR reads plain letters mostly right and loses most marks
        assert!(ch.prob('n', "n").unwrap() > 0.9);
        let keep = ch.prob('ệ', "ệ").unwrap();
        assert!(keep < 0.5, "{keep}");
        assert!(ch.prob(' ', "").unwrap() > 0.0, "merges are learned");
    }

    #[test]
    fn tesseract_makes_the_documented_kinds_of_error() {
        let p = TesseractParams { wrong_tone: 0.5, drop_tone: 0.0, drop_quality: 0.0, add_tone: 0.0, split: 0.0 };
        let mut rng = Rng::new(5);
        let out = tesseract("Thủ tướng Chính phủ quyết định", &p, &mut rng);
        assert_eq!(strip(&out), "Thu tuong Chinh phu quyet dinh", "only tones change: {out}");
        assert_ne!(out, "Thủ tướng Chính phủ quyết định");
        let p = TesseractParams { split: 1.0, ..TesseractParams { wrong_tone: 0.0, drop_tone: 0.0, ..p } };
        let out = tesseract("nghiêng", &p, &mut rng);
        assert_eq!(out.replace(' ', ""), "nghiêng");
        assert_eq!(out.matches(' ').count(), 1);
    }
}
