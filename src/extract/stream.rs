//! The text as the extractor searches it: diacritics folded (case kept), white space runs (line breaks included)
//! collapsed to one space, lines without a letter or digit (OCR rules, stray marks) skipped — with a map from
//! every byte back to the input, so every value found has its exact span in the input.

use crate::syllable::fold_char;

/// A folded, space-collapsed view of (part of) a text, mapped back to input byte offsets.
#[derive(Debug, Clone)]
pub(crate) struct Stream {
    /// The folded text: ASCII letters for Vietnamese letters (case kept, đ → d), one space for each white space
    /// run or line break.
    pub text: String,
    /// For every byte of `text`, the input byte offset of the char it came from; one extra entry at the end.
    map: Vec<usize>,
    /// For every byte of `text`, the input byte offset one past the char it came from.
    map_end: Vec<usize>,
}

/// True when the line holds no letter and no digit (blank, a table rule, a stray "›").
pub(crate) fn is_noise_line(line: &str) -> bool {
    !line.chars().any(char::is_alphanumeric)
}

/// Folds one char keeping its case: "Đ" → "D", "ế" → "e", "Ư" → "U".
pub(crate) fn fold_keep_case(c: char, out: &mut String) {
    if c.is_ascii() {
        out.push(c);
        return;
    }
    let upper = c.is_uppercase();
    let mut tmp = String::new();
    for l in c.to_lowercase() {
        fold_char(l, &mut tmp);
    }
    if upper {
        out.push_str(&tmp.to_uppercase());
    } else {
        out.push_str(&tmp);
    }
}

impl Stream {
    /// Builds the stream of `text[range]`, line by line; `skip_noise` drops lines without letters or digits.
    pub fn new(text: &str, range: std::ops::Range<usize>, skip_noise: bool) -> Stream {
        let mut s = Stream { text: String::new(), map: Vec::new(), map_end: Vec::new() };
        let mut pending: Option<(usize, usize)> = None;
        let mut line_start = range.start;
        let slice = &text[range.clone()];
        for line in slice.split_inclusive('\n') {
            let this_start = line_start;
            line_start += line.len();
            if skip_noise && is_noise_line(line) {
                if pending.is_none() && !s.text.is_empty() {
                    pending = Some((this_start, this_start + line.len()));
                }
                continue;
            }
            let mut buf = String::new();
            for (i, c) in line.char_indices() {
                let at = this_start + i;
                let end = at + c.len_utf8();
                if c.is_whitespace() || c == '\u{feff}' {
                    if pending.is_none() && !s.text.is_empty() {
                        pending = Some((at, end));
                    }
                    continue;
                }
                if let Some((ps, pe)) = pending.take() {
                    s.text.push(' ');
                    s.map.push(ps);
                    s.map_end.push(pe);
                }
                buf.clear();
                // A letter the OCR read for a digit between two digits ("2O25", "1l/3"): the digit.
                let between_digits = || {
                    s.text.ends_with(|p: char| p.is_ascii_digit())
                        && line[i + c.len_utf8()..].starts_with(|n: char| n.is_ascii_digit())
                };
                // ... or for the last digit of a year after a slash or "năm" ("/202S/", "15/5/202O", "năm 202S").
                let year_end = || {
                    let t = s.text.as_bytes();
                    let after_nam = || t.len() >= 7 && t[t.len() - 7..t.len() - 3].eq_ignore_ascii_case(b"nam ");
                    t.len() >= 4
                        && (t[t.len() - 4] == b'/' || after_nam())
                        && matches!(&t[t.len() - 3..t.len() - 1], b"19" | b"20")
                        && t[t.len() - 1].is_ascii_digit()
                        && !line[i + c.len_utf8()..].starts_with(char::is_alphanumeric)
                };
                match c {
                    'O' | 'o' if between_digits() || year_end() => buf.push('0'),
                    'l' | 'I' if between_digits() || year_end() => buf.push('1'),
                    'S' | 's' if year_end() => buf.push('5'),
                    _ => fold_keep_case(c, &mut buf),
                }
                for _ in 0..buf.len() {
                    s.map.push(at);
                    s.map_end.push(end);
                }
                s.text.push_str(&buf);
            }
        }
        s.map.push(range.end);
        s
    }

    /// The input byte range of the stream range `a..b` (a < b).
    pub fn orig(&self, a: usize, b: usize) -> (usize, usize) {
        if a >= b {
            let p = self.map[a.min(self.map.len() - 1)];
            return (p, p);
        }
        (self.map[a], self.map_end[b - 1])
    }

    /// The input text behind the stream range `a..b`, with skipped (noise) lines left out and every white
    /// space run as one space: "Chính\n\n>\n\nphủ" → "Chính phủ".
    pub fn original(&self, text: &str, a: usize, b: usize) -> String {
        let mut out = String::new();
        let mut last = usize::MAX;
        for i in a..b.min(self.text.len()) {
            if self.text.as_bytes()[i] == b' ' {
                out.push(' ');
                last = usize::MAX;
                continue;
            }
            let at = self.map[i];
            if at != last {
                out.push_str(&text[at..self.map_end[i]]);
                last = at;
            }
        }
        out
    }

    /// The input byte offset of stream byte `a`.
    pub fn orig_at(&self, a: usize) -> usize {
        self.map[a.min(self.map.len() - 1)]
    }

    /// Does the stream's word at byte `a` start an input line (the space before it stands for white space with a
    /// line break, or for skipped noise lines)?
    pub fn starts_line(&self, text: &str, a: usize) -> bool {
        a > 0
            && a < self.text.len()
            && self.text.as_bytes()[a - 1] == b' '
            && text[self.map[a - 1]..self.map[a]].contains('\n')
    }
}

/// Line starts of a text, to turn byte offsets into 1-based line numbers.
#[derive(Debug, Clone)]
pub(crate) struct Lines {
    starts: Vec<usize>,
}

impl Lines {
    pub fn new(text: &str) -> Lines {
        let mut starts = vec![0];
        starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        Lines { starts }
    }

    /// The 1-based line holding byte `pos`.
    pub fn line_of(&self, pos: usize) -> usize {
        self.starts.partition_point(|&s| s <= pos)
    }

    /// The byte range of 1-based line `n`, without its line break.
    pub fn range(&self, text: &str, n: usize) -> std::ops::Range<usize> {
        let start = self.starts[n - 1];
        let mut end = self.starts.get(n).copied().unwrap_or(text.len());
        let bytes = text.as_bytes();
        while end > start && (bytes[end - 1] == b'\n' || bytes[end - 1] == b'\r') {
            end -= 1;
        }
        start..end
    }

    pub fn count(&self) -> usize {
        self.starts.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_collapses_and_maps_back() {
        let text = "Quyết định số 1845-\nQĐ/TU\n\n>\n\nngày  21/02/2025";
        let s = Stream::new(text, 0..text.len(), true);
        assert_eq!(s.text, "Quyet dinh so 1845- QD/TU ngay 21/02/2025");
        let i = s.text.find("QD/TU").unwrap();
        let (a, b) = s.orig(i, i + 5);
        assert_eq!(&text[a..b], "QĐ/TU");
        let j = s.text.find("ngay").unwrap();
        let lines = Lines::new(text);
        assert_eq!(lines.line_of(s.orig_at(j)), 6);
    }
}
