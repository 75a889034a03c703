//! Alignment of OCR text with its correction: first the word tokens of a line pair (1:1, merged and split
//! words, dropped tokens), then the characters of an aligned token pair.
//!
//! ```
//! use vnocr::align::{align_tokens, AlignKind};
//!
//! let pairs = align_tokens("Nghi quy ét s6 khoahoc", "Nghị quyết số khoa học");
//! let got: Vec<_> = pairs.iter().map(|p| (p.ocr.as_str(), p.gold.as_str(), p.kind)).collect();
//! assert_eq!(got, [
//!     ("nghi", "nghị", AlignKind::One),
//!     ("quy ét", "quyết", AlignKind::Merge),
//!     ("s6", "số", AlignKind::One),
//!     ("khoahoc", "khoa học", AlignKind::Split),
//! ]);
//! ```

use unicode_normalization::UnicodeNormalization;

use crate::syllable::{fold_char, fold_one};
use crate::tokenize::{TokenKind, tokenize};

/// How OCR tokens and gold tokens correspond in an [`AlignedPair`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum AlignKind {
    /// One OCR token for one gold token.
    One,
    /// Two or three OCR tokens (joined with a space) for one gold token: the OCR split a word.
    Merge,
    /// One OCR token for two gold tokens (joined with a space): the OCR lost the space between them.
    Split,
}

/// One aligned OCR/gold token pair, both lowercase NFC.
#[derive(Debug, Clone, PartialEq)]
pub struct AlignedPair {
    /// The OCR text (tokens joined by one space for [`AlignKind::Merge`]).
    pub ocr: String,
    /// The gold text (two words joined by one space for [`AlignKind::Split`]).
    pub gold: String,
    /// The correspondence.
    pub kind: AlignKind,
    /// Normalized edit distance of the folded forms, 0 (same letters) to 1.
    pub distance: f32,
}

/// Lowercase NFC.
pub fn normalize_token(s: &str) -> String {
    let lower = s.to_lowercase();
    if lower.is_ascii() { lower } else { lower.nfc().collect() }
}

/// Folded chars of a string, spaces removed.
fn folded(s: &str) -> Vec<char> {
    let mut out = String::with_capacity(s.len());
    for c in s.chars().filter(|c| !c.is_whitespace()) {
        fold_char(c, &mut out);
    }
    out.chars().collect()
}

/// Plain Levenshtein distance over chars.
fn levenshtein(a: &[char], b: &[char]) -> usize {
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur = vec![0; b.len() + 1];
    for (i, &ca) in a.iter().enumerate() {
        cur[0] = i + 1;
        for (j, &cb) in b.iter().enumerate() {
            let sub = prev[j] + usize::from(ca != cb);
            cur[j + 1] = sub.min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()]
}

/// Normalized folded edit distance between two token texts (spaces ignored).
pub fn folded_distance(a: &str, b: &str) -> f32 {
    let (fa, fb) = (folded(a), folded(b));
    let n = fa.len().max(fb.len());
    if n == 0 {
        return 0.0;
    }
    levenshtein(&fa, &fb) as f32 / n as f32
}

/// The word-like tokens of a line (words and numbers), lowercase NFC.
pub fn word_tokens(line: &str) -> Vec<String> {
    tokenize(line)
        .into_iter()
        .filter(|t| matches!(t.kind, TokenKind::Word | TokenKind::Number))
        .map(|t| normalize_token(t.text))
        .collect()
}

const SKIP_COST: f32 = 0.75;
const MULTI_PENALTY: f32 = 0.08;

/// Aligns the word tokens of an OCR line with those of its gold line (dynamic programming over 1:1, 2:1, 3:1
/// and 1:2 correspondences and skipped tokens). Returns the aligned pairs in line order; skipped tokens are left
/// out. Pairs can be poor matches: filter by [`AlignedPair::distance`].
pub fn align_tokens(ocr_line: &str, gold_line: &str) -> Vec<AlignedPair> {
    align_token_lists(&word_tokens(ocr_line), &word_tokens(gold_line))
}

/// [`align_tokens`] over already extracted (lowercase) tokens.
pub fn align_token_lists(o: &[String], g: &[String]) -> Vec<AlignedPair> {
    let (p, q) = (o.len(), g.len());
    let w = q + 1;
    let mut cost = vec![f32::INFINITY; (p + 1) * w];
    // back: (di, dj) step sizes
    let mut back = vec![(0u8, 0u8); (p + 1) * w];
    cost[0] = 0.0;
    let join = |s: &[String]| s.join(" ");
    for i in 0..=p {
        for j in 0..=q {
            let c = cost[i * w + j];
            if !c.is_finite() {
                continue;
            }
            let mut relax = |di: usize, dj: usize, add: f32| {
                let k = (i + di) * w + j + dj;
                if c + add < cost[k] {
                    cost[k] = c + add;
                    back[k] = (di as u8, dj as u8);
                }
            };
            if i < p {
                relax(1, 0, SKIP_COST);
            }
            if j < q {
                relax(0, 1, SKIP_COST);
            }
            if i < p && j < q {
                relax(1, 1, folded_distance(&o[i], &g[j]));
                if j + 1 < q {
                    relax(1, 2, folded_distance(&o[i], &join(&g[j..j + 2])) + MULTI_PENALTY);
                }
                for n in 2..=3 {
                    if i + n <= p {
                        relax(n, 1, folded_distance(&join(&o[i..i + n]), &g[j]) + MULTI_PENALTY * (n - 1) as f32);
                    }
                }
            }
        }
    }
    let mut out = Vec::new();
    let (mut i, mut j) = (p, q);
    while i > 0 || j > 0 {
        let (di, dj) = back[i * w + j];
        let (di, dj) = (di as usize, dj as usize);
        if di > 0 && dj > 0 {
            let ocr = join(&o[i - di..i]);
            let gold = join(&g[j - dj..j]);
            let kind = match (di, dj) {
                (1, 1) => AlignKind::One,
                (1, _) => AlignKind::Split,
                _ => AlignKind::Merge,
            };
            let distance = folded_distance(&ocr, &gold);
            out.push(AlignedPair { ocr, gold, kind, distance });
        }
        i -= di;
        j -= dj;
    }
    out.reverse();
    out
}

/// One step of a character alignment: `gold` chars became `ocr` chars (both may be empty, not both).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CharOp {
    /// Same char on both sides.
    Match(char),
    /// Gold char replaced by an OCR char.
    Sub(char, char),
    /// Gold char lost.
    Del(char),
    /// OCR char with no gold counterpart.
    Ins(char),
}

fn sub_cost(a: char, b: char) -> f32 {
    if a == b {
        0.0
    } else if fold_one(a) == fold_one(b) {
        0.4
    } else {
        0.85
    }
}

const INDEL: f32 = 0.7;

/// Weighted character alignment of a gold string with its OCR string (substitutions between letters of the
/// same base letter are cheap).
pub fn align_chars(gold: &[char], ocr: &[char]) -> Vec<CharOp> {
    let (n, m) = (gold.len(), ocr.len());
    let w = m + 1;
    let mut d = vec![0f32; (n + 1) * w];
    for i in 0..=n {
        for j in 0..=m {
            d[i * w + j] = match (i, j) {
                (0, _) => j as f32 * INDEL,
                (_, 0) => i as f32 * INDEL,
                _ => (d[(i - 1) * w + j - 1] + sub_cost(gold[i - 1], ocr[j - 1]))
                    .min(d[(i - 1) * w + j] + INDEL)
                    .min(d[i * w + j - 1] + INDEL),
            };
        }
    }
    let mut ops = Vec::with_capacity(n.max(m));
    let (mut i, mut j) = (n, m);
    while i > 0 || j > 0 {
        let here = d[i * w + j];
        if i > 0 && j > 0 && (here - (d[(i - 1) * w + j - 1] + sub_cost(gold[i - 1], ocr[j - 1]))).abs() < 1e-4 {
            let (a, b) = (gold[i - 1], ocr[j - 1]);
            ops.push(if a == b { CharOp::Match(a) } else { CharOp::Sub(a, b) });
            i -= 1;
            j -= 1;
        } else if i > 0 && (here - (d[(i - 1) * w + j] + INDEL)).abs() < 1e-4 {
            ops.push(CharOp::Del(gold[i - 1]));
            i -= 1;
        } else {
            ops.push(CharOp::Ins(ocr[j - 1]));
            j -= 1;
        }
    }
    ops.reverse();
    ops
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chars(s: &str) -> Vec<char> {
        s.chars().collect()
    }

    #[test]
    fn char_alignment_pairs_marked_letters() {
        let ops = align_chars(&chars("tướng"), &chars("twéng"));
        assert_eq!(
            ops,
            [CharOp::Match('t'), CharOp::Sub('ư', 'w'), CharOp::Sub('ớ', 'é'), CharOp::Match('n'), CharOp::Match('g')]
        );
        let ops = align_chars(&chars("của"), &chars("ciia"));
        assert_eq!(ops.len(), 4);
        assert_eq!(ops[0], CharOp::Match('c'));
        assert_eq!(ops[3], CharOp::Match('a'));
    }

    #[test]
    fn token_alignment_handles_dropped_tokens() {
        let pairs = align_tokens("Thuc hién ~~ Nghi quyét", "Thực hiện Nghị quyết");
        assert_eq!(pairs.len(), 4);
        assert!(pairs.iter().all(|p| p.kind == AlignKind::One));
        let pairs = align_tokens("", "một hai");
        assert!(pairs.is_empty());
    }
}
