//! List markers: the `a)`, `b)`, … `đ)`, `e)` that open the items of an administrative document, read as one
//! sequence over the whole document.
//!
//! A marker is a line's first token when it is one lowercase letter or one symbol (`¢`, `€`, `&`: what OCR
//! prints for a letter) directly followed by `)` ([`crate::tokenize::item_marker`]), or a digit so followed between
//! two such markers (the OCR's `2)` for `g)`): elsewhere `1)`, `2)` are a numbered list.
//! The letters of a list follow the Vietnamese order `a b c d đ e g h i k l m n o p q r s t u v x y`, or the
//! Latin one with `f` and `j` and without `đ` (both are in use, the Latin one far less), so the sequence is
//! decoded with forward–backward over the union of the two: a marker most likely continues the previous one
//! (skipping `đ`, `f` or `j` also continues it; a step into `f` or `j` is less likely), a list may start again at
//! `a`, and the learned OCR channel says how likely each letter is to print as the OCR character (OCR without a
//! Vietnamese model prints `đ)` as `d)` and `c)` as `¢)`).
//!
//! ```
//! use vnocr::channel::ChannelModel;
//! use vnocr::markers::list_markers;
//!
//! let channel = ChannelModel::embedded()?;
//! let text = "a) Một\nb) Hai\n¢) Ba\nd) Bốn\nd) Năm\ne) Sáu\n";
//! let letters: Vec<&str> = list_markers(text, channel).iter().map(|m| m.letter).collect();
//! assert_eq!(letters, ["a", "b", "c", "d", "đ", "e"]);
//! # Ok::<(), vnocr::Error>(())
//! ```

use crate::channel::ChannelModel;
use crate::tokenize::{ItemMarker, item_marker};

/// The letters of lists, in order: the Vietnamese alphabet and the Latin letters `f` and `j`.
pub const LIST_LETTERS: [&str; 25] = [
    "a", "b", "c", "d", "đ", "e", "f", "g", "h", "i", "j", "k", "l", "m", "n", "o", "p", "q", "r", "s", "t", "u", "v",
    "x", "y",
];

/// Letters one of the two orders has and the other skips.
const SKIPPABLE: [&str; 3] = ["đ", "f", "j"];

/// log10 probability that a marker continues the previous one (`b` after `a`).
const NEXT: f32 = -0.05;
/// log10 of how much less likely a step into a letter of the Latin order only (f, j) is than the Vietnamese step
/// past it: the admin and legal prose corpora follow "e)" with "g)" 531 times and "f)" 9. A marker the OCR printed
/// as a digit after "e)" is then "g)", not "f)". (From "d)", "e)" is the Latin step too, 81 times against 1,349
/// "đ)"; it is not charged: the OCR prints "đ)" as "d)", and "d) e)" would become "đ) e)".)
const LATIN: f32 = -1.5;
/// log10 probability that a list starts again at `a`.
const RESTART: f32 = -1.0;
/// log10 probability of any other letter (a skipped item).
const JUMP: f32 = -3.0;
/// log10 probability of the same letter again: a list whose items each open a section, or whose "a)" the OCR
/// lost. Ten times any one other jump (the admin corpus: 23 repeats and 88 other jumps among 4,727 markers after
/// another); as a jump, a run of "b)" was read b, a, b, a …, each relabel saving two jumps.
const REPEAT: f32 = -2.0;
/// log10 prior of the first marker's letter, `a` and the others: the text may start in the middle of a list.
const FIRST_A: f32 = -0.3;
const FIRST_OTHER: f32 = -1.0;
/// Share of exact transcriptions mixed into the channel.
const EXACT: f32 = 0.1;

/// One list marker of a text.
#[derive(Debug, Clone, PartialEq)]
pub struct Marker {
    /// Byte offset of the marker's character in the text.
    pub start: usize,
    /// Byte offset just past it (the `)` follows).
    pub end: usize,
    /// The most probable letter.
    pub letter: &'static str,
    /// Its posterior probability.
    pub confidence: f32,
}

/// The list markers of `text`, in order, each with its most probable letter.
pub fn list_markers(text: &str, channel: &ChannelModel) -> Vec<Marker> {
    let mut found: Vec<(usize, usize, String)> = Vec::new();
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let body = line.trim_start();
        let lead = line.len() - body.len();
        let token = body.split(char::is_whitespace).next().unwrap_or_default();
        let letter = match item_marker(token) {
            Some(ItemMarker::Letter(c)) => Some(c),
            Some(ItemMarker::Number) if token.len() == 2 => token.chars().next(),
            _ => None,
        };
        if let Some(c) = letter.filter(|_| token.ends_with(')')) {
            let start = offset + lead;
            found.push((start, start + c.len_utf8(), c.to_string()));
        }
        offset += line.len();
    }
    // A digit is a marker only between two others that are not: a letter the OCR printed as a digit ("g)" as
    // "2)") inside a list of letters, not an item of a numbered list ("1)", "2)").
    let digit = |k: usize| found[k].2.starts_with(|c: char| c.is_ascii_digit());
    let found: Vec<(usize, usize, String)> = (0..found.len())
        .filter(|&k| !digit(k) || k > 0 && k + 1 < found.len() && !digit(k - 1) && !digit(k + 1))
        .map(|k| found[k].clone())
        .collect();
    if found.is_empty() {
        return Vec::new();
    }
    let k = LIST_LETTERS.len();
    let emit: Vec<Vec<f32>> = found
        .iter()
        .map(|(_, _, ocr)| {
            LIST_LETTERS.iter().map(|l| channel.mixed_prob(ocr, l, EXACT, ocr == l).max(1e-12).log10()).collect()
        })
        .collect();
    let trans = |from: usize, to: usize| {
        if to == from + 1 || to == from + 2 && SKIPPABLE.contains(&LIST_LETTERS[from + 1]) {
            if matches!(LIST_LETTERS[to], "f" | "j") { NEXT + LATIN } else { NEXT }
        } else if to == 0 {
            RESTART
        } else if to == from {
            REPEAT
        } else {
            JUMP
        }
    };
    let n = found.len();
    // Forward and backward in log10 space.
    let mut fwd = vec![vec![f32::NEG_INFINITY; k]; n];
    let mut bwd = vec![vec![0f32; k]; n];
    for s in 0..k {
        fwd[0][s] = if s == 0 { FIRST_A } else { FIRST_OTHER } + emit[0][s];
    }
    for i in 1..n {
        for s in 0..k {
            fwd[i][s] = log_sum((0..k).map(|p| fwd[i - 1][p] + trans(p, s))) + emit[i][s];
        }
    }
    for i in (0..n - 1).rev() {
        for s in 0..k {
            bwd[i][s] = log_sum((0..k).map(|t| trans(s, t) + emit[i + 1][t] + bwd[i + 1][t]));
        }
    }
    found
        .into_iter()
        .enumerate()
        .map(|(i, (start, end, _))| {
            let post: Vec<f32> = (0..k).map(|s| fwd[i][s] + bwd[i][s]).collect();
            let total = log_sum(post.iter().copied());
            let (best, lp) =
                post.iter().enumerate().fold((0, f32::NEG_INFINITY), |b, (s, &v)| if v > b.1 { (s, v) } else { b });
            Marker { start, end, letter: LIST_LETTERS[best], confidence: 10f32.powf(lp - total) }
        })
        .collect()
}

/// log10 of a sum of powers of ten.
fn log_sum(xs: impl Iterator<Item = f32> + Clone) -> f32 {
    let m = xs.clone().fold(f32::NEG_INFINITY, f32::max);
    if m == f32::NEG_INFINITY {
        return m;
    }
    m + xs.map(|x| 10f32.powf(x - m)).sum::<f32>().log10()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn letters(text: &str) -> Vec<&'static str> {
        list_markers(text, ChannelModel::embedded().unwrap()).iter().map(|m| m.letter).collect()
    }

    #[test]
    fn table() {
        let cases: &[(&str, &[&str])] = &[
            // A clean list stays as it is.
            ("a) x\nb) y\nc) z\n", &["a", "b", "c"]),
            // đ printed as d, c as ¢, after a restart.
            ("a) x\nb) y\nc) z\na) x\nb) y\n¢) z\nd) w\nd) v\ne) u\n", &["a", "b", "c", "a", "b", "c", "d", "đ", "e"]),
            // Indented markers count; a marker must be followed by a space or the line's end.
            ("  a) x\n  b)\nc)d\n", &["a", "b"]),
            // Digits (a numbered list) and uppercase letters are not list markers of this kind ...
            ("1) x\n2) y\nA) z\n", &[]),
            // ... but a digit between two letters is the OCR's print of the letter the sequence wants.
            ("d) x\nđ) y\ne) z\n2) w\nh) v\n1) u\n", &["d", "đ", "e", "g", "h"]),
            ("a) x\n1) y\n2) z\nb) w\n", &["a", "b"]),
            // Latin order: e f g, i j k, no đ.
            ("d) x\ne) y\nf) z\ng) w\n", &["d", "e", "f", "g"]),
            ("i) x\nj) y\nk) z\n", &["i", "j", "k"]),
            // The same letter again stays ("b)" opening each of several sections).
            ("a) x\nb) y\nb) z\nb) w\nb) v\nc) u\n", &["a", "b", "b", "b", "b", "c"]),
            // A text may start in the middle of a list.
            ("b) x\nc) y\n", &["b", "c"]),
            ("c) x\nd) y\n", &["c", "d"]),
        ];
        for (text, want) in cases {
            assert_eq!(letters(text), *want, "{text:?}");
        }
    }

    #[test]
    fn spans_and_confidence() {
        let text = "Mở đầu\n  d) x\n";
        let m = &list_markers(text, ChannelModel::embedded().unwrap())[0];
        assert_eq!(&text[m.start..m.end], "d");
        assert!(m.confidence > 0.0 && m.confidence <= 1.0);
    }
}
