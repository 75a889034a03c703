//! Scoring restored text and extracted metadata against gold: the definitions of `shared/eval/score.py`, in Rust.
//!
//! Every figure agrees with `score.py` to the last printed digit (`tests/eval_agrees.rs` runs both):
//!
//! - **SER**: word-level Levenshtein distance over `\w+` tokens (Python's Unicode `\w`), summed over line pairs,
//!   per 100 gold tokens. Tokens are compared in canonical form ([`canon_token`]: the tone mark moved to the end),
//!   so tone placement (`hoà` / `hòa`) is never an error; everything else (letters, marks, case) is.
//! - **SERci**: the same with the canonical tokens lowercased.
//! - **DER**: gold tokens aligned 1:1 to a hypothesis token that differs but has the same letters once marks are
//!   stripped and case folded ([`strip_marks`]), per 100 gold tokens.
//! - **CER**: character-level Levenshtein distance between the canonical lines ([`canon_line`]: NFC, white-space
//!   runs folded to one space, tokens canonical), per 100 canonical gold characters.
//!
//! Rates are rounded to 3 decimals the way Python's `round(x, 3)` does. On top of `score.py`, a [`TextScore`]
//! carries a [`Breakdown`] of the word edits by kind and the counts of gold → hypothesis confusions.
//!
//! ```
//! use vnocr::eval::score_text;
//!
//! let gold = ["Thủ tướng Chính phủ", "hòa bình"];
//! let hyp = ["Thu tướng Chinh phủ", "hoà bình"]; // two marks lost; tone placement is not judged
//! let s = score_text(&hyp, &gold).unwrap();
//! assert_eq!((s.tokens, s.tok_err, s.diacritic_only), (6, 2, 2));
//! assert_eq!(s.ser, 33.333);
//! assert_eq!(s.breakdown.diacritics, 2);
//! assert_eq!(s.top_confusions(1)[0].gold, "Chính");
//! ```

use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::sync::LazyLock;

use regex::Regex;
use serde::Serialize;
use serde_json::Value;
use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::canonical_combining_class;

use crate::{Error, Result};

/// Python's `re` `\w` in Unicode mode: `str.isalnum()` (letters L*, numbers N*) or `_`.
static WORD: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"[\p{L}\p{N}_]+").expect("valid regex"));

/// Is `c` a word character in the sense of Python's Unicode `\w` (letters, numbers, underscore)?
///
/// Combining marks are *not* word characters (as in Python, unlike Rust's `char::is_alphanumeric`).
pub fn is_word_char(c: char) -> bool {
    let mut buf = [0u8; 4];
    WORD.is_match(c.encode_utf8(&mut buf))
}

/// Python's `str.isspace()`: Unicode white space plus the ASCII separators U+001C..U+001F.
pub fn is_py_space(c: char) -> bool {
    c.is_whitespace() || ('\u{1c}'..='\u{1f}').contains(&c)
}

/// The `\w+` tokens of `text`, in order (Python's `re.findall(r"\w+", text)`).
pub fn words(text: &str) -> impl Iterator<Item = &str> {
    WORD.find_iter(text).map(|m| m.as_str())
}

fn tone_digit(c: char) -> Option<char> {
    Some(match c {
        '\u{300}' => '2',
        '\u{301}' => '1',
        '\u{303}' => '4',
        '\u{309}' => '3',
        '\u{323}' => '5',
        _ => return None,
    })
}

/// The canonical form of a token: letters and quality marks in NFC, the tone marks removed and appended as digits
/// after U+2060, so that tone placement stops mattering (`hoà` and `hòa` have the same canonical form).
///
/// ```
/// use vnocr::eval::canon_token;
/// assert_eq!(canon_token("hoà"), canon_token("hòa"));
/// assert_eq!(canon_token("hòa"), "hoa\u{2060}2");
/// assert_eq!(canon_token("Việt"), "Viêt\u{2060}5");
/// ```
pub fn canon_token(tok: &str) -> String {
    let mut tone = String::new();
    let mut rest = String::with_capacity(tok.len());
    for c in tok.nfd() {
        match tone_digit(c) {
            Some(d) => tone.push(d),
            None => rest.push(c),
        }
    }
    let mut out: String = rest.nfc().collect();
    if !tone.is_empty() {
        out.push('\u{2060}');
        out.push_str(&tone);
    }
    out
}

/// Folds white space like Python's `" ".join(s.split())`.
fn fold_space(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for part in s.split(is_py_space).filter(|p| !p.is_empty()) {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(part);
    }
    out
}

/// The canonical form of a line: NFC, white-space runs folded to one space (ends trimmed), every `\w+` token
/// in [`canon_token`] form.
pub fn canon_line(line: &str) -> String {
    let nfc: String = line.nfc().collect();
    let folded = fold_space(&nfc);
    let mut out = String::with_capacity(folded.len() + 16);
    let mut last = 0;
    for m in WORD.find_iter(&folded) {
        out.push_str(&folded[last..m.start()]);
        out.push_str(&canon_token(m.as_str()));
        last = m.end();
    }
    out.push_str(&folded[last..]);
    out
}

/// A token without any mark: `đ`/`Đ` → `d`/`D`, NFD, every combining character removed; case kept.
///
/// ```
/// assert_eq!(vnocr::eval::strip_marks("Đường"), "Duong");
/// ```
pub fn strip_marks(tok: &str) -> String {
    tok.chars()
        .map(|c| match c {
            'đ' => 'd',
            'Đ' => 'D',
            c => c,
        })
        .nfd()
        .filter(|&c| canonical_combining_class(c) == 0)
        .collect()
}

/// Levenshtein distance between two sequences (unit costs). Two rows of memory.
pub fn levenshtein<T: PartialEq>(a: &[T], b: &[T]) -> usize {
    let (n, m) = (a.len(), b.len());
    if n == 0 || m == 0 {
        return n.max(m);
    }
    let mut prev: Vec<usize> = (0..=m).collect();
    let mut cur = vec![0usize; m + 1];
    for i in 1..=n {
        cur[0] = i;
        let ai = &a[i - 1];
        for j in 1..=m {
            let sub = prev[j - 1] + usize::from(*ai != b[j - 1]);
            cur[j] = (prev[j] + 1).min(cur[j - 1] + 1).min(sub);
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[m]
}

/// One step of a Levenshtein alignment of a hypothesis `a` against a gold `b`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    /// `a[i]` aligned 1:1 with `b[j]` (a match or a substitution).
    Pair(usize, usize),
    /// `a[i]` has no counterpart in the gold (an extra token).
    Extra(usize),
    /// `b[j]` has no counterpart in the hypothesis (a missing token).
    Missing(usize),
}

/// Levenshtein distance and a minimal alignment, in order, with `score.py`'s backtrace tie-breaking (diagonal
/// first, then an extra hypothesis item, then a missing gold item). The `Pair` steps are `score.py`'s `pairs`.
pub fn align<T: PartialEq>(a: &[T], b: &[T]) -> (usize, Vec<Step>) {
    let (n, m) = (a.len(), b.len());
    if n == 0 || m == 0 {
        let steps = (0..n).map(Step::Extra).chain((0..m).map(Step::Missing)).collect();
        return (n.max(m), steps);
    }
    let w = m + 1;
    let mut rows = vec![0u32; (n + 1) * w];
    for (j, cell) in rows[..w].iter_mut().enumerate() {
        *cell = j as u32;
    }
    for i in 1..=n {
        rows[i * w] = i as u32;
        let ai = &a[i - 1];
        for j in 1..=m {
            let sub = rows[(i - 1) * w + j - 1] + u32::from(*ai != b[j - 1]);
            let v = (rows[(i - 1) * w + j] + 1).min(rows[i * w + j - 1] + 1).min(sub);
            rows[i * w + j] = v;
        }
    }
    let mut steps = Vec::with_capacity(n.max(m));
    let (mut i, mut j) = (n, m);
    while i > 0 && j > 0 {
        let here = rows[i * w + j];
        if here == rows[(i - 1) * w + j - 1] + u32::from(a[i - 1] != b[j - 1]) {
            steps.push(Step::Pair(i - 1, j - 1));
            i -= 1;
            j -= 1;
        } else if here == rows[(i - 1) * w + j] + 1 {
            steps.push(Step::Extra(i - 1));
            i -= 1;
        } else {
            steps.push(Step::Missing(j - 1));
            j -= 1;
        }
    }
    steps.extend((0..i).rev().map(Step::Extra));
    steps.extend((0..j).rev().map(Step::Missing));
    steps.reverse();
    (rows[n * w + m] as usize, steps)
}

/// Rounds like Python's `round(x, digits)` (correctly rounded decimal, ties to even on the exact binary value).
pub fn py_round(x: f64, digits: usize) -> f64 {
    format!("{x:.digits$}").parse().unwrap_or(x)
}

/// Formats a float like Python's `repr` (shortest round-trip form, `80.0` rather than `80`).
pub fn py_repr(x: f64) -> String {
    let s = format!("{x}");
    if x.is_finite() && !s.contains(['.', 'e']) { s + ".0" } else { s }
}

/// `100 * num / den` with `den` at least 1, computed like Python's `100 * num / max(den, 1)`.
fn pct(num: usize, den: usize) -> f64 {
    (100 * num) as f64 / den.max(1) as f64
}

/// Word edits sorted by kind. The word kinds are disjoint and add up to [`TextScore::tok_err`]; `punctuation`
/// is counted apart (it is not part of SER).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Breakdown {
    /// Substitutions where only the marks differ (tones, quality marks, đ), possibly with case too.
    pub diacritics: usize,
    /// Substitutions where the letters themselves differ.
    pub letters: usize,
    /// Edits inside a stretch where the hypothesis has the gold's letters but cut into a different number of
    /// tokens ("ch ức" for "chức", "khoahọc" for "khoa học").
    pub split_merge: usize,
    /// Substitutions that differ by case only.
    pub case: usize,
    /// Gold tokens with no counterpart in the hypothesis.
    pub missing: usize,
    /// Hypothesis tokens with no counterpart in the gold.
    pub extra: usize,
    /// Levenshtein distance between the lines' punctuation (characters that are neither `\w` nor space).
    pub punctuation: usize,
}

impl Breakdown {
    /// The word edits (every kind but punctuation): equals the SER numerator.
    pub fn word_edits(&self) -> usize {
        self.diacritics + self.letters + self.split_merge + self.case + self.missing + self.extra
    }

    fn add(&mut self, o: &Breakdown) {
        self.diacritics += o.diacritics;
        self.letters += o.letters;
        self.split_merge += o.split_merge;
        self.case += o.case;
        self.missing += o.missing;
        self.extra += o.extra;
        self.punctuation += o.punctuation;
    }
}

/// A gold token the hypothesis got wrong, what it has instead, and how often.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Confusion {
    /// The gold token (NFC).
    pub gold: String,
    /// The hypothesis token aligned to it (NFC).
    pub hyp: String,
    /// How many times.
    pub count: usize,
}

/// Restoration quality of a hypothesis against gold: `score.py text`'s figures (same names in JSON) plus a
/// breakdown by error kind and the confusions.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct TextScore {
    /// Gold `\w+` tokens.
    pub tokens: usize,
    /// Word-level edit distance (case-sensitive, tone placement ignored).
    pub tok_err: usize,
    /// The same, case-insensitive.
    pub tok_err_ci: usize,
    /// Characters of the canonical gold lines.
    pub chars: usize,
    /// Character-level edit distance between canonical lines.
    pub char_err: usize,
    /// Aligned pairs whose letters are right and marks (or case) wrong.
    pub diacritic_only: usize,
    /// Line pairs.
    pub lines: usize,
    /// Syllable error rate, % (3 decimals).
    #[serde(rename = "SER")]
    pub ser: f64,
    /// Case-insensitive SER, %.
    #[serde(rename = "SERci")]
    pub serci: f64,
    /// Diacritic error rate, %.
    #[serde(rename = "DER")]
    pub der: f64,
    /// Character error rate, %.
    #[serde(rename = "CER")]
    pub cer: f64,
    /// Word edits by kind.
    pub breakdown: Breakdown,
    /// The 20 most frequent confusions.
    #[serde(rename = "confusions")]
    pub top: Vec<Confusion>,
    #[serde(skip)]
    confusions: HashMap<(String, String), usize>,
}

impl TextScore {
    fn finish(&mut self) {
        self.ser = py_round(pct(self.tok_err, self.tokens), 3);
        self.serci = py_round(pct(self.tok_err_ci, self.tokens), 3);
        self.der = py_round(pct(self.diacritic_only, self.tokens), 3);
        self.cer = py_round(pct(self.char_err, self.chars), 3);
        self.top = self.top_confusions(20);
    }

    /// The `n` most frequent confusions, most frequent first (ties in gold, then hypothesis order).
    pub fn top_confusions(&self, n: usize) -> Vec<Confusion> {
        let mut v: Vec<_> = self.confusions.iter().collect();
        v.sort_by(|a, b| b.1.cmp(a.1).then_with(|| a.0.cmp(b.0)));
        v.into_iter().take(n).map(|((g, h), &count)| Confusion { gold: g.clone(), hyp: h.clone(), count }).collect()
    }

    /// Every confusion with its count.
    pub fn confusions(&self) -> &HashMap<(String, String), usize> {
        &self.confusions
    }

    /// The sum of several scores (as `score.py text-dir` adds them up), with the rates recomputed.
    pub fn sum<'a>(scores: impl IntoIterator<Item = &'a TextScore>) -> TextScore {
        let mut t = TextScore::default();
        for s in scores {
            t.tokens += s.tokens;
            t.tok_err += s.tok_err;
            t.tok_err_ci += s.tok_err_ci;
            t.chars += s.chars;
            t.char_err += s.char_err;
            t.diacritic_only += s.diacritic_only;
            t.lines += s.lines;
            t.breakdown.add(&s.breakdown);
            for (k, v) in &s.confusions {
                *t.confusions.entry(k.clone()).or_default() += v;
            }
        }
        t.finish();
        t
    }

    /// `score.py text`'s summary line: `SER 12.5%  SERci 12.0%  DER 3.25%  CER 4.0%  (800 tokens)` (rounded rates
    /// in Python's `repr`).
    pub fn summary(&self) -> String {
        format!(
            "SER {}%  SERci {}%  DER {}%  CER {}%  ({} tokens)",
            py_repr(self.ser),
            py_repr(self.serci),
            py_repr(self.der),
            py_repr(self.cer),
            self.tokens
        )
    }

    /// `score.py text-dir`'s `ALL:` line format: the unrounded rates with 3 decimals.
    pub fn summary_fixed(&self) -> String {
        format!(
            "SER {:.3}%  SERci {:.3}%  DER {:.3}%  CER {:.3}%  ({} tokens)",
            pct(self.tok_err, self.tokens),
            pct(self.tok_err_ci, self.tokens),
            pct(self.diacritic_only, self.tokens),
            pct(self.char_err, self.chars),
            self.tokens
        )
    }
}

/// Punctuation of a line: its characters that are neither `\w` nor white space.
fn punctuation(line: &str) -> Vec<char> {
    let mut out = Vec::new();
    let mut last = 0;
    for m in WORD.find_iter(line) {
        out.extend(line[last..m.start()].chars().filter(|&c| !is_py_space(c)));
        last = m.end();
    }
    out.extend(line[last..].chars().filter(|&c| !is_py_space(c)));
    out
}

fn lower_stripped(tok: &str) -> String {
    strip_marks(tok).to_lowercase()
}

/// Sorts the word edits of one aligned line pair into `b` and counts the confusions.
fn classify(
    steps: &[Step],
    (hw, ht): (&[&str], &[String]),
    (gw, gt): (&[&str], &[String]),
    b: &mut Breakdown,
    confusions: &mut HashMap<(String, String), usize>,
) {
    let is_match = |s: &Step| matches!(*s, Step::Pair(i, j) if ht[i] == gt[j]);
    let mut k = 0;
    while k < steps.len() {
        if is_match(&steps[k]) {
            k += 1;
            continue;
        }
        let end = steps[k..].iter().position(is_match).map_or(steps.len(), |p| k + p);
        let region = &steps[k..end];
        // The region's tokens (contiguous runs of the hypothesis and of the gold).
        let hyp_ix: Vec<usize> = region
            .iter()
            .filter_map(|s| match *s {
                Step::Pair(i, _) | Step::Extra(i) => Some(i),
                Step::Missing(_) => None,
            })
            .collect();
        let gold_ix: Vec<usize> = region
            .iter()
            .filter_map(|s| match *s {
                Step::Pair(_, j) | Step::Missing(j) => Some(j),
                Step::Extra(_) => None,
            })
            .collect();
        let (split_h, split_g) = split_merge_tokens(&hyp_ix, hw, &gold_ix, gw);
        let (mut hs, mut gs) = (String::new(), String::new());
        for &i in &hyp_ix {
            hs.push_str(hw[i]);
        }
        for &j in &gold_ix {
            gs.push_str(gw[j]);
        }
        let (nh, ng) = (hyp_ix.len(), gold_ix.len());
        let whole = nh > 0 && ng > 0 && nh != ng && lower_stripped(&hs) == lower_stripped(&gs);
        let in_group = |s: &Step| match *s {
            Step::Pair(i, j) => split_h.contains(&i) || split_g.contains(&j),
            Step::Extra(i) => split_h.contains(&i),
            Step::Missing(j) => split_g.contains(&j),
        };
        for s in region {
            match *s {
                _ if whole || in_group(s) => b.split_merge += 1,
                Step::Pair(i, j) => {
                    *confusions.entry((gw[j].to_string(), hw[i].to_string())).or_default() += 1;
                    if ht[i].to_lowercase() == gt[j].to_lowercase() {
                        b.case += 1;
                    } else if lower_stripped(hw[i]) == lower_stripped(gw[j]) {
                        b.diacritics += 1;
                    } else {
                        b.letters += 1;
                    }
                }
                Step::Extra(_) => b.extra += 1,
                Step::Missing(_) => b.missing += 1,
            }
        }
        k = end;
    }
}

/// Tokens of an edit region that take part in a split (2 or 3 consecutive hypothesis tokens whose letters,
/// marks and case aside, make one gold token) or a merge (the other way round).
fn split_merge_tokens(
    hyp_ix: &[usize],
    hw: &[&str],
    gold_ix: &[usize],
    gw: &[&str],
) -> (HashSet<usize>, HashSet<usize>) {
    let (mut sh, mut sg) = (HashSet::new(), HashSet::new());
    let folded = |ix: &[usize], w: &[&str]| -> Vec<String> { ix.iter().map(|&i| lower_stripped(w[i])).collect() };
    let (fh, fg) = (folded(hyp_ix, hw), folded(gold_ix, gw));
    // one: the single tokens, many: the runs of 2..=3 tokens on the other side
    let mut find = |one: &[String], one_ix: &[usize], many: &[String], many_ix: &[usize], one_is_gold: bool| {
        for (a, single) in one.iter().enumerate() {
            for start in 0..many.len() {
                for k in 2..=3.min(many.len() - start) {
                    let joined: String = many[start..start + k].concat();
                    if joined.chars().count() >= 2 && &joined == single {
                        let (s1, s2) = if one_is_gold { (&mut sg, &mut sh) } else { (&mut sh, &mut sg) };
                        s1.insert(one_ix[a]);
                        s2.extend(&many_ix[start..start + k]);
                    }
                }
            }
        }
    };
    find(&fg, gold_ix, &fh, hyp_ix, true);
    find(&fh, hyp_ix, &fg, gold_ix, false);
    (sh, sg)
}

/// Token alignments larger than this (hypothesis × gold tokens of one line, 4 bytes each) are refused.
const MAX_ALIGN_CELLS: usize = 64 << 20;

/// Scores hypothesis lines against gold lines, pairwise (`score.py`'s `score_text`).
///
/// The line counts must be equal: a difference is an error (`line count differs: hypothesis N, gold M`). So is a
/// line pair too long to align in memory (more than 2^26 hypothesis × gold tokens, e.g. 8,000 × 8,000).
pub fn score_text<H: AsRef<str>, G: AsRef<str>>(hyp_lines: &[H], gold_lines: &[G]) -> Result<TextScore> {
    if hyp_lines.len() != gold_lines.len() {
        return Err(Error::Other(format!(
            "line count differs: hypothesis {}, gold {}",
            hyp_lines.len(),
            gold_lines.len()
        )));
    }
    let mut t = TextScore { lines: gold_lines.len(), ..TextScore::default() };
    for (k, (h, g)) in hyp_lines.iter().zip(gold_lines).enumerate() {
        let (h, g) = (h.as_ref(), g.as_ref());
        let hc: Vec<char> = canon_line(h).chars().collect();
        let gc: Vec<char> = canon_line(g).chars().collect();
        let hn: String = h.nfc().collect();
        let gn: String = g.nfc().collect();
        let hw: Vec<&str> = words(&hn).collect();
        let gw: Vec<&str> = words(&gn).collect();
        let ht: Vec<String> = hw.iter().map(|w| canon_token(w)).collect();
        let gt: Vec<String> = gw.iter().map(|w| canon_token(w)).collect();
        if ht.len().saturating_mul(gt.len()) > MAX_ALIGN_CELLS {
            return Err(Error::Other(format!(
                "line {}: {} × {} tokens is too long to align (split the paragraph)",
                k + 1,
                ht.len(),
                gt.len()
            )));
        }
        let (d, steps) = align(&ht, &gt);
        t.tokens += gt.len();
        t.tok_err += d;
        let hl: Vec<String> = ht.iter().map(|x| x.to_lowercase()).collect();
        let gl: Vec<String> = gt.iter().map(|x| x.to_lowercase()).collect();
        t.tok_err_ci += levenshtein(&hl, &gl);
        for s in &steps {
            if let Step::Pair(i, j) = *s
                && ht[i] != gt[j]
                && lower_stripped(hw[i]) == lower_stripped(gw[j])
            {
                t.diacritic_only += 1;
            }
        }
        classify(&steps, (&hw, &ht), (&gw, &gt), &mut t.breakdown, &mut t.confusions);
        t.breakdown.punctuation += levenshtein(&punctuation(&hn), &punctuation(&gn));
        t.chars += gc.len();
        t.char_err += levenshtein(&hc, &gc);
    }
    t.finish();
    Ok(t)
}

/// Reads a text file as `score.py` does: UTF-8, universal newlines (`\r\n` and `\r` read as `\n`), split on
/// `\n` (so a final newline gives a last empty line).
pub fn read_lines(path: &Path) -> Result<Vec<String>> {
    Ok(lines_of(&read_text(path)?))
}

/// A file's text; errors name the file (and the first byte that is not UTF-8).
fn read_text(path: &Path) -> Result<String> {
    let bytes = std::fs::read(path).map_err(|source| Error::Io { path: path.to_path_buf(), source })?;
    String::from_utf8(bytes).map_err(|e| Error::Input {
        path: path.to_path_buf(),
        message: format!("not UTF-8 (invalid byte at offset {})", e.utf8_error().valid_up_to()),
    })
}

/// The text with every lone `\r` (one not before a `\n`) read as `\n`, so that its lines split at `\n` as
/// score.py splits them (`\r\n`, `\r` and `\n` end a line), every byte offset kept; a `\r` before `\n` stays at
/// the end of its line.
fn lone_cr_as_lf(text: &str) -> Cow<'_, str> {
    if !text.contains('\r') {
        return Cow::Borrowed(text);
    }
    let b = text.as_bytes();
    let bytes = b.iter().enumerate().map(|(i, &c)| if c == b'\r' && b.get(i + 1) != Some(&b'\n') { b'\n' } else { c });
    Cow::Owned(String::from_utf8(bytes.collect()).expect("one ASCII byte for another keeps UTF-8"))
}

/// The lines of a text, as score.py reads them (see [`lone_cr_as_lf`]), without their line ends.
fn lines_of(text: &str) -> Vec<String> {
    lone_cr_as_lf(text).split('\n').map(|l| l.strip_suffix('\r').unwrap_or(l).to_string()).collect()
}

/// Scores a hypothesis file against a gold file; errors name the files.
pub fn score_files(hyp: &Path, gold: &Path) -> Result<TextScore> {
    score_read(hyp, &read_text(hyp)?, gold, &read_lines(gold)?)
}

/// [`score_files`] on texts already read: the hypothesis's text, the gold's lines.
fn score_read(hyp: &Path, hyp_text: &str, gold: &Path, gold_lines: &[String]) -> Result<TextScore> {
    score_text(&lines_of(hyp_text), gold_lines)
        .map_err(|e| Error::Input { path: hyp.to_path_buf(), message: format!("{e} (gold {})", gold.display()) })
}

// ---------------------------------------------------------------------------------------------------------------
// Metadata

/// Extraction quality of one document (`score.py meta`; the same keys in JSON, in the same order).
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct MetaScore {
    /// Document fields (number, type, issuer, parent_issuer, place, date, subject) right.
    pub document_fields_right: usize,
    /// Document fields judged (7).
    pub document_fields: usize,
    /// The fields that are wrong.
    pub document_wrong: Vec<String>,
    /// Distinct cited document numbers in the gold.
    pub ref_gold: usize,
    /// Distinct cited document numbers found.
    pub ref_found: usize,
    /// Found numbers that are in the gold.
    pub ref_right: usize,
    /// `ref_right / ref_found`, 4 decimals.
    pub ref_precision: f64,
    /// `ref_right / ref_gold`, 4 decimals.
    pub ref_recall: f64,
    /// Harmonic mean of precision and recall, 4 decimals.
    pub ref_f1: f64,
    /// Right references whose date is right too.
    pub ref_date_right: usize,
    /// ... whose type is right.
    pub ref_type_right: usize,
    /// ... whose issuer is right.
    pub ref_issuer_right: usize,
    /// Gold numbers not found (sorted, at most 20).
    pub ref_missed: Vec<Option<String>>,
    /// Found numbers not in the gold (sorted, at most 20).
    pub ref_spurious: Vec<Option<String>>,
}

/// A JSON value as Python's `dict.get` sees it: `null` and absent are both `None`.
fn field<'a>(obj: Option<&'a Value>, key: &str) -> Option<&'a Value> {
    obj.and_then(|o| o.get(key)).filter(|v| !v.is_null())
}

/// Python's truthiness of a JSON value.
fn truthy(v: Option<&Value>) -> bool {
    match v {
        None | Some(Value::Null) => false,
        Some(Value::Bool(b)) => *b,
        Some(Value::Number(n)) => n.as_f64().is_some_and(|x| x != 0.0),
        Some(Value::String(s)) => !s.is_empty(),
        Some(Value::Array(a)) => !a.is_empty(),
        Some(Value::Object(o)) => !o.is_empty(),
    }
}

/// Python's `==` on JSON values (`1 == 1.0`).
fn py_eq(a: Option<&Value>, b: Option<&Value>) -> bool {
    match (a, b) {
        (None, None) => true,
        (Some(Value::Number(x)), Some(Value::Number(y))) => x.as_f64() == y.as_f64(),
        (Some(Value::Array(x)), Some(Value::Array(y))) => {
            x.len() == y.len() && x.iter().zip(y).all(|(p, q)| py_eq(Some(p), Some(q)))
        }
        (Some(Value::Object(x)), Some(Value::Object(y))) => {
            x.len() == y.len() && x.iter().all(|(k, v)| py_eq(Some(v), y.get(k)))
        }
        (Some(x), Some(y)) => x == y,
        _ => false,
    }
}

/// `score.py`'s `norm_number`: NFC, ASCII spaces removed, uppercase. Values that are not strings (which
/// `score.py` cannot take) compare by their JSON text.
pub fn norm_number(v: Option<&Value>) -> Option<String> {
    match v? {
        Value::String(s) => Some(s.nfc().filter(|&c| c != ' ').collect::<String>().to_uppercase()),
        other => Some(other.to_string()),
    }
}

/// `score.py`'s `norm_text`: canonical line, lowercased, white space folded.
pub fn norm_text(v: Option<&Value>) -> Option<String> {
    match v? {
        Value::String(s) => Some(fold_space(&canon_line(s).to_lowercase())),
        other => Some(other.to_string()),
    }
}

const DOCUMENT_FIELDS: [&str; 7] = ["number", "type", "issuer", "parent_issuer", "place", "date", "subject"];

/// Scores extracted metadata against gold metadata (`score.py`'s `score_meta`).
///
/// Both are `{"document": {...}, "references": [{"number": ..., "type": ..., "date": ..., "issuer": ...}]}`.
/// Document fields: `number` compared after [`norm_number`], `date` exactly, the others after [`norm_text`]
/// (absent and `null` are the same). References are matched by normalized number; a hypothesis reference with
/// an empty or absent number is ignored; among right ones, `date` is compared exactly and `type`/`issuer`
/// after [`norm_text`]. Malformed input (not objects, `references` not a list) counts as empty.
///
/// ```
/// use serde_json::json;
/// let gold = json!({"document": {"number": "12/QĐ-UBND", "date": "2025-01-02"},
///                   "references": [{"number": "5/NQ-CP"}, {"number": "7/CT-TTg"}]});
/// let hyp = json!({"document": {"number": "12/qđ-ubnd"}, "references": [{"number": "5/NQ-CP"}]});
/// let s = vnocr::eval::score_meta(&hyp, &gold);
/// assert_eq!(s.document_wrong, ["date"]);
/// assert_eq!((s.ref_precision, s.ref_recall, s.ref_f1), (1.0, 0.5, 0.6667));
/// ```
pub fn score_meta(hyp: &Value, gold: &Value) -> MetaScore {
    fn doc(v: &Value) -> Option<&Value> {
        v.get("document").filter(|d| d.is_object())
    }
    let (hd, gd) = (doc(hyp), doc(gold));
    let mut out = MetaScore { document_fields: DOCUMENT_FIELDS.len(), ..MetaScore::default() };
    for k in DOCUMENT_FIELDS {
        let (g, h) = (field(gd, k), field(hd, k));
        let same = match k {
            "number" => norm_number(h) == norm_number(g),
            "date" => py_eq(h, g),
            _ => norm_text(h) == norm_text(g),
        };
        if same {
            out.document_fields_right += 1;
        } else {
            out.document_wrong.push(k.to_string());
        }
    }
    let refs = |v: &Value| -> Vec<Value> { v.get("references").and_then(Value::as_array).cloned().unwrap_or_default() };
    let mut gr: HashMap<Option<String>, Value> = HashMap::new();
    for r in refs(gold) {
        gr.insert(norm_number(field(Some(&r), "number")), r);
    }
    let mut hr: HashMap<Option<String>, Value> = HashMap::new();
    for r in refs(hyp) {
        if truthy(r.get("number")) {
            hr.insert(norm_number(field(Some(&r), "number")), r);
        }
    }
    let tp: HashSet<&Option<String>> = gr.keys().filter(|k| hr.contains_key(*k)).collect();
    let p = tp.len() as f64 / hr.len().max(1) as f64;
    let r = tp.len() as f64 / gr.len().max(1) as f64;
    out.ref_gold = gr.len();
    out.ref_found = hr.len();
    out.ref_right = tp.len();
    out.ref_precision = py_round(p, 4);
    out.ref_recall = py_round(r, 4);
    out.ref_f1 = if p + r != 0.0 { py_round(2.0 * p * r / (p + r), 4) } else { 0.0 };
    for n in &tp {
        let (g, h) = (Some(&gr[*n]), Some(&hr[*n]));
        out.ref_date_right += usize::from(py_eq(field(g, "date"), field(h, "date")));
        out.ref_type_right += usize::from(norm_text(field(g, "type")) == norm_text(field(h, "type")));
        out.ref_issuer_right += usize::from(norm_text(field(g, "issuer")) == norm_text(field(h, "issuer")));
    }
    let mut missed: Vec<Option<String>> = gr.keys().filter(|k| !tp.contains(k)).cloned().collect();
    missed.sort();
    missed.truncate(20);
    let mut spurious: Vec<Option<String>> = hr.keys().filter(|k| !tp.contains(k)).cloned().collect();
    spurious.sort();
    spurious.truncate(20);
    out.ref_missed = missed;
    out.ref_spurious = spurious;
    out
}

/// Metadata scores summed over documents: fields and references micro-averaged.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct MetaTotals {
    /// Documents scored.
    pub documents: usize,
    /// Document fields right, over all documents.
    pub document_fields_right: usize,
    /// Document fields judged.
    pub document_fields: usize,
    /// Sum of `ref_gold`.
    pub ref_gold: usize,
    /// Sum of `ref_found`.
    pub ref_found: usize,
    /// Sum of `ref_right`.
    pub ref_right: usize,
    /// Micro-averaged precision, 4 decimals.
    pub ref_precision: f64,
    /// Micro-averaged recall, 4 decimals.
    pub ref_recall: f64,
    /// Micro-averaged F1, 4 decimals.
    pub ref_f1: f64,
    /// Sum of `ref_date_right`.
    pub ref_date_right: usize,
    /// Sum of `ref_type_right`.
    pub ref_type_right: usize,
    /// Sum of `ref_issuer_right`.
    pub ref_issuer_right: usize,
}

impl MetaTotals {
    /// Adds the documents' scores up.
    pub fn sum<'a>(scores: impl IntoIterator<Item = &'a MetaScore>) -> MetaTotals {
        let mut t = MetaTotals::default();
        for s in scores {
            t.documents += 1;
            t.document_fields_right += s.document_fields_right;
            t.document_fields += s.document_fields;
            t.ref_gold += s.ref_gold;
            t.ref_found += s.ref_found;
            t.ref_right += s.ref_right;
            t.ref_date_right += s.ref_date_right;
            t.ref_type_right += s.ref_type_right;
            t.ref_issuer_right += s.ref_issuer_right;
        }
        let p = t.ref_right as f64 / t.ref_found.max(1) as f64;
        let r = t.ref_right as f64 / t.ref_gold.max(1) as f64;
        t.ref_precision = py_round(p, 4);
        t.ref_recall = py_round(r, 4);
        t.ref_f1 = if p + r != 0.0 { py_round(2.0 * p * r / (p + r), 4) } else { 0.0 };
        t
    }
}

/// Reads a JSON file; errors name the file (and line/column for bad JSON).
pub fn read_json(path: &Path) -> Result<Value> {
    let bytes = std::fs::read(path).map_err(|source| Error::Io { path: path.to_path_buf(), source })?;
    serde_json::from_slice(&bytes)
        .map_err(|e| Error::Input { path: path.to_path_buf(), message: format!("not valid JSON: {e}") })
}

/// The metadata object inside an extractor output: the value itself when it has `document` or `references`,
/// else its `metadata` member (the layout of `vnocr batch`'s `.json` files) when that is an object.
pub fn metadata_of(v: &Value) -> &Value {
    if v.get("document").is_none() && v.get("references").is_none() {
        if let Some(m) = v.get("metadata").filter(|m| m.is_object()) {
            return m;
        }
    }
    v
}

// ---------------------------------------------------------------------------------------------------------------
// Changes and their confidence

/// The edges of the confidence bands of [`ChangeScore`]; the last band includes 1.
pub const CONFIDENCE_BANDS: [f64; 6] = [0.0, 0.5, 0.7, 0.9, 0.99, 1.0];

/// The changes of one confidence band: `min <= confidence < max` (`<= 1` for the last).
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Band {
    pub min: f64,
    pub max: f64,
    /// Changes applied in the text.
    pub changes: usize,
    /// Of those, the ones the gold confirms.
    pub right: usize,
    /// The sum of their confidences (over `changes`: the band's mean confidence, to set against its share
    /// right).
    pub confidence_sum: f64,
}

/// Are the restorer's changes right, and does their confidence say so? A change (from the `changes` of `vnocr
/// restore --format json`, `process` or `batch`) is right when every `\w+` word of its output span is aligned
/// with an equal gold word, with the alignment SER uses.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ChangeScore {
    /// One per band of [`CONFIDENCE_BANDS`].
    pub bands: Vec<Band>,
    /// Changes not applied (under `--min-confidence`): the text keeps the OCR there, so they are not judged.
    pub not_applied: usize,
    /// Applied changes whose output span holds no word (a stray symbol removed): not judged.
    pub unjudged: usize,
    /// Sum over the judged changes of (confidence − right)², right 1 or 0: over their number, the Brier score.
    pub squared_error_sum: f64,
}

impl Default for ChangeScore {
    fn default() -> Self {
        let bands = CONFIDENCE_BANDS.windows(2).map(|w| Band { min: w[0], max: w[1], ..Band::default() }).collect();
        ChangeScore { bands, not_applied: 0, unjudged: 0, squared_error_sum: 0.0 }
    }
}

impl ChangeScore {
    /// Judges the `changes` (a JSON array, as the restorer writes it) of the restored `text` against the gold
    /// lines; the line counts must agree.
    pub fn judge(text: &str, changes: &[Value], gold_lines: &[String]) -> Result<ChangeScore> {
        // Lines end as `read_lines` ends them; a `\r` before `\n` stays at the end of its line, outside every word.
        let text = lone_cr_as_lf(text);
        let lines: Vec<&str> = text.split('\n').collect();
        if lines.len() != gold_lines.len() {
            return Err(Error::Other(format!(
                "line count differs: hypothesis {}, gold {}",
                lines.len(),
                gold_lines.len()
            )));
        }
        // Byte offset of each line, and per line its words (byte ranges in the line) and whether each is right.
        let mut starts = Vec::with_capacity(lines.len());
        let mut at = 0;
        for l in &lines {
            starts.push(at);
            at += l.len() + 1;
        }
        let mut judged: Vec<Option<Vec<JudgedWord>>> = vec![None; lines.len()];
        let mut score = ChangeScore::default();
        for c in changes {
            let conf = c.get("confidence").and_then(Value::as_f64).unwrap_or(0.0);
            if c.get("applied").and_then(Value::as_bool) == Some(false) {
                score.not_applied += 1;
                continue;
            }
            let span = |k: &str| c.get("output").and_then(|o| o.get(k)).and_then(Value::as_u64).map(|v| v as usize);
            let (Some(start), Some(end)) = (span("start"), span("end")) else {
                score.unjudged += 1;
                continue;
            };
            let li = starts.partition_point(|&s| s <= start).saturating_sub(1);
            let words = judged[li].get_or_insert_with(|| right_words(lines[li], &gold_lines[li]));
            let (s, e) = (start - starts[li], end.saturating_sub(starts[li]));
            let mut inside = words.iter().filter(|(r, _)| r.start < e && r.end > s).peekable();
            if inside.peek().is_none() {
                score.unjudged += 1;
                continue;
            }
            let right = inside.all(|(_, ok)| *ok);
            let band = CONFIDENCE_BANDS[1..].iter().position(|&max| conf < max).unwrap_or(score.bands.len() - 1);
            score.bands[band].changes += 1;
            score.bands[band].right += usize::from(right);
            score.bands[band].confidence_sum += conf;
            score.squared_error_sum += (conf - f64::from(u8::from(right))).powi(2);
        }
        Ok(score)
    }

    /// Sums scores (over documents).
    pub fn sum<'a>(scores: impl IntoIterator<Item = &'a ChangeScore>) -> ChangeScore {
        let mut t = ChangeScore::default();
        for s in scores {
            for (a, b) in t.bands.iter_mut().zip(&s.bands) {
                a.changes += b.changes;
                a.right += b.right;
                a.confidence_sum += b.confidence_sum;
            }
            t.not_applied += s.not_applied;
            t.unjudged += s.unjudged;
            t.squared_error_sum += s.squared_error_sum;
        }
        t
    }

    /// Changes judged (in some band).
    pub fn judged(&self) -> usize {
        self.bands.iter().map(|b| b.changes).sum()
    }

    /// Brier score: the mean of (confidence − right)² over the judged changes (0 when none).
    pub fn brier(&self) -> f64 {
        ratio(self.squared_error_sum, self.judged())
    }

    /// Calibration error: the bands' |mean confidence − share right|, weighted by their changes (0 when none).
    /// A confidence that says how often a change is right scores near 0.
    pub fn calibration_error(&self) -> f64 {
        let gap: f64 = self.bands.iter().map(|b| (b.confidence_sum - b.right as f64).abs()).sum();
        ratio(gap, self.judged())
    }

    /// A table of the bands, then what reviewing the changes under 0.9 would find and how well the confidence is
    /// calibrated.
    pub fn table(&self) -> String {
        let mut s = String::new();
        let total = self.judged();
        let wrong: usize = self.bands.iter().map(|b| b.changes - b.right).sum();
        let _ = writeln!(s, "Changes by confidence (right: the gold has the changed words):");
        let _ = writeln!(s, "  confidence     changes    right  mean confidence");
        for b in &self.bands {
            let close = if b.max >= 1.0 { ']' } else { ')' };
            let mean = 100.0 * ratio(b.confidence_sum, b.changes);
            let _ = writeln!(
                s,
                "  [{:.2}, {:.2}{close} {:>9} {:>7.1}% {:>15.1}%",
                b.min,
                b.max,
                b.changes,
                pct(b.right, b.changes),
                mean
            );
        }
        let low: Vec<&Band> = self.bands.iter().filter(|b| b.max <= 0.9).collect();
        let (n, w) =
            (low.iter().map(|b| b.changes).sum::<usize>(), low.iter().map(|b| b.changes - b.right).sum::<usize>());
        let _ = writeln!(
            s,
            "  under 0.90: {n} changes ({:.1}% of {total}) holding {w} of the {wrong} wrong ones ({:.1}%)",
            pct(n, total),
            pct(w, wrong)
        );
        let _ = writeln!(
            s,
            "  calibration: error {:.4} (by band), Brier score {:.4}",
            self.calibration_error(),
            self.brier()
        );
        let _ = writeln!(
            s,
            "  not applied (--min-confidence): {}; not judged (no word): {}",
            self.not_applied, self.unjudged
        );
        s
    }
}

/// `x / n`, 0 when `n` is 0.
fn ratio(x: f64, n: usize) -> f64 {
    if n == 0 { 0.0 } else { x / n as f64 }
}

/// A word of a hypothesis line (its byte range) and whether it is aligned with an equal gold word.
type JudgedWord = (std::ops::Range<usize>, bool);

/// The `\w+` words of a hypothesis line, judged.
fn right_words(hyp: &str, gold: &str) -> Vec<JudgedWord> {
    let hw: Vec<_> = WORD.find_iter(hyp).collect();
    let ht: Vec<String> = hw.iter().map(|m| canon_token(&m.as_str().nfc().collect::<String>())).collect();
    let gn: String = gold.nfc().collect();
    let gt: Vec<String> = words(&gn).map(canon_token).collect();
    let mut right = vec![false; ht.len()];
    if ht.len().saturating_mul(gt.len()) <= MAX_ALIGN_CELLS {
        for step in align(&ht, &gt).1 {
            if let Step::Pair(i, j) = step {
                right[i] = ht[i] == gt[j];
            }
        }
    }
    hw.iter().zip(right).map(|(m, ok)| (m.range(), ok)).collect()
}

// ---------------------------------------------------------------------------------------------------------------
// Directories

/// One document of a directory evaluation.
#[derive(Debug, Clone, Serialize)]
pub struct DocReport {
    /// The name shared by `GOLD/<stem>.gold.txt` and `HYP/<stem>.txt`.
    pub stem: String,
    /// Text scores, when the gold and hypothesis texts are both there and readable.
    pub text: Option<TextScore>,
    /// Why the text could not be scored (no hypothesis, line count, unreadable file).
    pub text_error: Option<String>,
    /// Metadata scores, when `GOLD/<stem>.meta.json` and `HYP/<stem>.json` are both there.
    pub meta: Option<MetaScore>,
    /// Why the metadata could not be scored (unreadable or invalid JSON).
    pub meta_error: Option<String>,
    /// The changes of the hypothesis JSON judged against the gold text, when it lists them.
    pub changes: Option<ChangeScore>,
    #[serde(skip)]
    missing_hypothesis: Option<PathBuf>,
}

impl DocReport {
    /// The hypothesis path that was looked for and not found, if any.
    pub fn missing_hypothesis(&self) -> Option<&Path> {
        self.missing_hypothesis.as_deref()
    }
}

/// A whole directory evaluation: documents in `score.py text-dir` order, and totals.
#[derive(Debug, Clone, Serialize)]
pub struct DirReport {
    /// Per document.
    pub documents: Vec<DocReport>,
    /// Text scores summed over the documents scored.
    pub text: TextScore,
    /// Metadata scores summed over the documents scored (`None` when there were none).
    pub meta: Option<MetaTotals>,
    /// Changes judged, summed over the documents whose hypothesis JSON lists them (`None` when none does).
    pub changes: Option<ChangeScore>,
}

impl DirReport {
    /// Documents that could not be scored (a missing hypothesis, a line count difference, a bad file).
    pub fn failures(&self) -> usize {
        self.documents.iter().filter(|d| d.text_error.is_some() || d.meta_error.is_some()).count()
    }
}

/// What a directory evaluation scores.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Scope {
    /// Text and metadata.
    #[default]
    Both,
    /// Text only.
    Text,
    /// Metadata only.
    Meta,
}

/// The first of `HYP/<stem><suffix>` for the suffixes that exists, else the first one.
fn hypothesis(hyp_dir: &Path, stem: &str, suffixes: [&str; 2]) -> (PathBuf, bool) {
    for s in suffixes {
        let p = hyp_dir.join(format!("{stem}{s}"));
        if p.exists() {
            return (p, true);
        }
    }
    (hyp_dir.join(format!("{stem}{}", suffixes[0])), false)
}

/// Evaluates every `GOLD/<stem>.gold.txt` against `HYP/<stem>.txt` (as `score.py text-dir`) and every
/// `GOLD/<stem>.meta.json` against `HYP/<stem>.json` when the latter exists.
///
/// When `HYP/<stem>.txt` (`.json`) is not there, `HYP/<stem>.ocr.txt` (`.ocr.json`) is used instead: the raw OCR
/// of `corpus/`, and the names vnocr gave its outputs before 2026-12-05 (`score.py` would report "no
/// hypothesis"). Today `vnocr batch`, `process --out` and `extract --out` name the outputs of `<stem>.ocr.txt`
/// `<stem>.txt` and `<stem>.json`.
///
/// Unlike `score.py`, a document that cannot be scored (line counts differ, unreadable file) does not stop the
/// run: it is reported in its [`DocReport`] and left out of the totals. Only an unreadable directory is an error.
pub fn score_dirs(hyp_dir: &Path, gold_dir: &Path, scope: Scope) -> Result<DirReport> {
    let read_dir = |dir: &Path| -> Result<Vec<String>> {
        let mut names = Vec::new();
        for e in std::fs::read_dir(dir).map_err(|source| Error::Io { path: dir.to_path_buf(), source })? {
            let e = e.map_err(|source| Error::Io { path: dir.to_path_buf(), source })?;
            if e.file_type().is_ok_and(|t| !t.is_dir()) {
                if let Some(n) = e.file_name().to_str() {
                    names.push(n.to_string());
                }
            }
        }
        Ok(names)
    };
    // Ordered as score.py orders them: by the gold text's file name.
    let mut stems = BTreeMap::new();
    for name in read_dir(gold_dir)? {
        for suffix in [".gold.txt", ".meta.json"] {
            if let Some(stem) = name.strip_suffix(suffix) {
                stems.insert(format!("{stem}.gold.txt"), stem.to_string());
            }
        }
    }
    let mut documents = Vec::new();
    for stem in stems.into_values() {
        let mut d = DocReport {
            stem: stem.clone(),
            text: None,
            text_error: None,
            meta: None,
            meta_error: None,
            changes: None,
            missing_hypothesis: None,
        };
        let gold_txt = gold_dir.join(format!("{stem}.gold.txt"));
        // The hypothesis's text and the gold's lines, once scored: the changes are judged on them too.
        let mut texts = None;
        if gold_txt.is_file() && scope != Scope::Meta {
            let (hyp_txt, found) = hypothesis(hyp_dir, &stem, [".txt", ".ocr.txt"]);
            if !found {
                d.text_error = Some(format!("no hypothesis {}", hyp_txt.display()));
                d.missing_hypothesis = Some(hyp_txt);
            } else {
                let scored = read_text(&hyp_txt).and_then(|h| {
                    let g = read_lines(&gold_txt)?;
                    Ok((score_read(&hyp_txt, &h, &gold_txt, &g)?, h, g))
                });
                match scored {
                    Ok((t, h, g)) => {
                        d.text = Some(t);
                        texts = Some((h, g));
                    }
                    Err(e) => d.text_error = Some(e.to_string()),
                }
            }
        }
        let gold_meta = gold_dir.join(format!("{stem}.meta.json"));
        let (hyp_meta, found) = hypothesis(hyp_dir, &stem, [".json", ".ocr.json"]);
        let hyp_json = found.then(|| read_json(&hyp_meta));
        if gold_meta.is_file() && scope != Scope::Text {
            match (&hyp_json, read_json(&gold_meta)) {
                (Some(Ok(h)), Ok(g)) => d.meta = Some(score_meta(metadata_of(h), &g)),
                (Some(Err(e)), _) => d.meta_error = Some(e.to_string()),
                (Some(_), Err(e)) => d.meta_error = Some(e.to_string()),
                (None, _) => {}
            }
        }
        if let (Some(Ok(h)), Some((text, gold))) = (&hyp_json, &texts) {
            if let Some(changes) = h.get("changes").and_then(Value::as_array) {
                match ChangeScore::judge(text, changes, gold) {
                    Ok(c) => d.changes = Some(c),
                    Err(e) => d.text_error = Some(e.to_string()),
                }
            }
        }
        documents.push(d);
    }
    let text = TextScore::sum(documents.iter().filter_map(|d| d.text.as_ref()));
    let metas: Vec<&MetaScore> = documents.iter().filter_map(|d| d.meta.as_ref()).collect();
    let meta = (!metas.is_empty()).then(|| MetaTotals::sum(metas));
    let judged: Vec<&ChangeScore> = documents.iter().filter_map(|d| d.changes.as_ref()).collect();
    let changes = (!judged.is_empty()).then(|| ChangeScore::sum(judged));
    Ok(DirReport { documents, text, meta, changes })
}

/// A human-readable breakdown and confusion table (appended to the text report).
pub fn breakdown_table(t: &TextScore, n_confusions: usize) -> String {
    let b = &t.breakdown;
    let mut s = String::new();
    let _ = writeln!(s, "Word errors by kind (share of {} gold tokens):", t.tokens);
    for (name, v) in [
        ("diacritics only", b.diacritics),
        ("letters", b.letters),
        ("split/merge", b.split_merge),
        ("case only", b.case),
        ("missing words", b.missing),
        ("extra words", b.extra),
    ] {
        let _ = writeln!(s, "  {name:<16} {v:>8}  {:>7.3}%", pct(v, t.tokens));
    }
    let _ = writeln!(s, "  {:<16} {:>8}  (punctuation edits, not part of SER)", "punctuation", b.punctuation);
    let top = t.top_confusions(n_confusions);
    if !top.is_empty() {
        let _ = writeln!(s, "Top {} confusions (gold → hypothesis):", top.len());
        for c in top {
            let _ = writeln!(s, "  {:>6}  {} → {}", c.count, c.gold, c.hyp);
        }
    }
    s
}

/// A one-line summary of a metadata score.
pub fn meta_summary(m: &MetaScore) -> String {
    let wrong =
        if m.document_wrong.is_empty() { String::new() } else { format!(" (wrong: {})", m.document_wrong.join(", ")) };
    format!(
        "fields {}/{}{wrong}  references P {:.4} R {:.4} F1 {:.4} (right {}, found {}, gold {}; date {}, type {}, issuer {} right)",
        m.document_fields_right,
        m.document_fields,
        m.ref_precision,
        m.ref_recall,
        m.ref_f1,
        m.ref_right,
        m.ref_found,
        m.ref_gold,
        m.ref_date_right,
        m.ref_type_right,
        m.ref_issuer_right
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A change as the restorer lists it: output span, confidence, applied.
    fn change(text: &str, word: &str, nth: usize, confidence: f64, applied: bool) -> Value {
        let start = text.match_indices(word).nth(nth).expect("word in text").0;
        serde_json::json!({"output": {"start": start, "end": start + word.len()}, "confidence": confidence,
            "applied": applied, "replacement": word})
    }

    #[test]
    fn changes_are_judged_by_band() {
        let text = "Thủ tướng Chính phủ\nkhoa học và công nghệ ¢\n";
        let gold: Vec<String> = ["Thủ tướng Chính phủ", "khoa học và cộng nghệ", ""].map(String::from).into();
        let changes = [
            change(text, "Thủ", 0, 1.0, true),        // right, the last band holds 1
            change(text, "Chính phủ", 0, 0.95, true), // two words, both right
            change(text, "công", 0, 0.6, true),       // wrong: the gold has "cộng"
            change(text, "khoa học", 0, 0.3, true),   // right
            change(text, "và", 0, 0.2, false),        // not applied
            change(text, " ", 4, 0.8, true),          // no word in the span
        ];
        let s = ChangeScore::judge(text, &changes, &gold).unwrap();
        let got: Vec<(usize, usize)> = s.bands.iter().map(|b| (b.changes, b.right)).collect();
        assert_eq!(got, [(1, 1), (1, 0), (0, 0), (1, 1), (1, 1)]);
        assert_eq!((s.not_applied, s.unjudged), (1, 1));
        // Brier: (0² + 0.05² + 0.6² + 0.7²) / 4; by band |0.3 − 1| + |0.6 − 0| + |0.95 − 1| + |1 − 1|, over 4.
        assert!((s.brier() - 0.213125).abs() < 1e-9 && (s.calibration_error() - 0.3375).abs() < 1e-9, "{s:?}");
        let t = ChangeScore::sum([&s, &s]);
        assert!((t.brier() - s.brier()).abs() < 1e-9 && (t.bands[1].confidence_sum - 1.2).abs() < 1e-9);
        assert_eq!((ChangeScore::default().brier(), ChangeScore::default().calibration_error()), (0.0, 0.0));
        assert_eq!((t.bands[1].changes, t.not_applied), (2, 2));
        assert!(
            t.table().contains("under 0.90: 4 changes (50.0% of 8) holding 2 of the 2 wrong ones (100.0%)")
                && t.table().contains("calibration: error 0.3375 (by band), Brier score 0.2131"),
            "{}",
            t.table()
        );
        // A word shifted by an inserted or lost word is still judged against its aligned gold word.
        let gold2: Vec<String> = ["Thủ tướng Chính phủ", "khoa và cộng nghệ", ""].map(String::from).into();
        let s = ChangeScore::judge(text, &changes[2..3], &gold2).unwrap();
        assert_eq!(s.bands[1].changes - s.bands[1].right, 1);
        assert!(ChangeScore::judge(text, &changes, &gold[..2]).is_err());
        // Line endings as score.py reads them: CRLF and a lone CR end lines too.
        for ending in ["\r\n", "\r"] {
            let other = text.replace('\n', ending);
            let moved: Vec<Value> = ["Thủ", "Chính phủ", "công", "khoa học"]
                .iter()
                .zip([1.0, 0.95, 0.6, 0.3])
                .map(|(w, c)| change(&other, w, 0, c, true))
                .collect();
            let s = ChangeScore::judge(&other, &moved, &gold).unwrap();
            let got: Vec<(usize, usize)> = s.bands.iter().map(|b| (b.changes, b.right)).collect();
            assert_eq!(got, [(1, 1), (1, 0), (0, 0), (1, 1), (1, 1)], "{ending:?}");
        }
    }

    #[test]
    fn canon_ignores_tone_placement_only() {
        assert_eq!(canon_line("  hoà   thuỷ\tkhoẻ "), canon_line("hòa thủy khỏe"));
        assert_ne!(canon_token("hòa"), canon_token("hóa"));
        assert_ne!(canon_token("Hòa"), canon_token("hòa"));
    }

    #[test]
    fn python_word_tokens() {
        // Combining marks are not \w in Python: a stray NFD mark on a non-composable base splits a word.
        let w: Vec<&str> = words("s6 ctia_x, k¥ q\u{301}x 12,5").collect();
        assert_eq!(w, ["s6", "ctia_x", "k", "q", "x", "12", "5"]);
    }

    #[test]
    fn alignment_tie_breaking_matches_score_py() {
        // lev(["a","b"], ["b"]) in score.py gives pairs [(1, 0)]
        let (d, steps) = align(&["a", "b"], &["b"]);
        assert_eq!(d, 1);
        assert_eq!(steps, [Step::Extra(0), Step::Pair(1, 0)]);
        let (d, steps) = align(&["x"], &["a", "b"]);
        assert_eq!(d, 2);
        assert_eq!(steps, [Step::Missing(0), Step::Pair(0, 1)]);
        assert_eq!(levenshtein(&['k', 'i', 't'], &['s', 'i', 't', 't', 'e', 'n']), 4);
    }

    #[test]
    fn breakdown_adds_up_to_ser_numerator() {
        let gold = ["Công tác lãnh đạo, chỉ đạo của Ủy ban", "Hà Nội ngày 5"];
        let hyp = ["cong tác lanh đạo. chi đ ạo Ủy ban ban", "HÀ Nội ngay"];
        let s = score_text(&hyp, &gold).unwrap();
        let b = s.breakdown;
        assert_eq!(b.word_edits(), s.tok_err);
        assert!(b.split_merge >= 2, "{b:?}"); // "đ ạo" for "đạo"
        assert_eq!(b.case, 1, "{b:?}"); // HÀ
        assert_eq!(b.punctuation, 1);
        assert!(b.missing + b.extra >= 1);
    }

    #[test]
    fn huge_line_is_an_error_not_an_abort() {
        let line = "a ".repeat(9000);
        let e = score_text(&[line.as_str()], &[line.as_str()]).unwrap_err();
        assert!(e.to_string().contains("line 1: 9000 × 9000 tokens"), "{e}");
    }

    #[test]
    fn line_count_mismatch_is_an_error() {
        let e = score_text(&["a"], &["a", "b"]).unwrap_err();
        assert!(e.to_string().contains("hypothesis 1, gold 2"), "{e}");
    }

    #[test]
    fn python_float_formats() {
        assert_eq!(py_repr(80.0), "80.0");
        assert_eq!(py_repr(py_round(79.98, 3)), "79.98");
        assert_eq!(py_round(0.0625, 3), 0.062);
        assert_eq!(py_repr(0.0), "0.0");
    }
}
