//! Shapes of document numbers and dates (Decree 30/2020/NĐ-CP; party document rules), tolerant of OCR damage:
//! spaces or line breaks inside numbers ("57- -NQ/T W", "359-\nKH/TU"), "QP"/"QB" for "QĐ", "ngay" for "ngày".
//!
//! All functions here work on the folded stream (see `stream.rs`): Vietnamese letters without marks, case kept,
//! one space for every white space run.

use std::sync::LazyLock;

use regex::Regex;

use super::gazetteer::{Gazetteer, Kind};

/// A document number found in the stream.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct NumberMatch {
    /// Stream byte range.
    pub start: usize,
    pub end: usize,
    /// The leading digits.
    pub digits: String,
    /// The separators and segments after the digits, in the stream's folded spelling with their stream ranges.
    pub parts: Vec<Part>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Part {
    /// '-' or '/'.
    pub sep: char,
    /// Stream range of the segment.
    pub start: usize,
    pub end: usize,
}

static NUMBER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(\d{1,5})((?:(?: ?- ?- ?|[-/] ?| [-/])(?:0?[A-Z][A-Za-z0-9&]*|(?:19|20)\d\d\b))+)")
        .expect("number regex")
});
static SEP_SEG: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"( ?- ?- ?|[-/] ?| [-/])(0?[A-Z][A-Za-z0-9&]*|(?:19|20)\d\d\b)").expect("segment regex")
});

static SPLIT_CODE: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^ ([A-Z]{1,3})\b").expect("split code regex"));

/// OCR confusions tried on a code segment that the gazetteer does not know ("QP" → "QĐ", "NO" → "NQ").
const CODE_CONFUSIONS: &[(char, char)] = &[
    ('P', 'D'),
    ('B', 'D'),
    ('b', 'D'),
    ('O', 'Q'),
    ('0', 'Q'),
    ('Q', 'O'),
    ('0', 'O'),
    ('I', 'H'),
    ('1', 'I'),
    ('l', 'I'),
    ('E', 'D'),
];
/// Stray characters the OCR adds inside codes ("QDP", "0BD").
const CODE_STRAYS: &[char] = &['P', 'B', 'b', 'I', 'l', '1'];

/// One OCR edit of a code: confusions (`deletes` false) or stray characters removed (`deletes` true).
fn one_edit(seg: &str, deletes: bool) -> Vec<String> {
    let chars: Vec<char> = seg.chars().collect();
    let mut out = Vec::new();
    for (i, &c) in chars.iter().enumerate() {
        if deletes {
            if chars.len() >= 3 && CODE_STRAYS.contains(&c) {
                let mut v = chars.clone();
                v.remove(i);
                out.push(v.into_iter().collect());
            }
            continue;
        }
        for &(from, to) in CODE_CONFUSIONS {
            if c == from {
                let mut v = chars.clone();
                v[i] = to;
                out.push(v.into_iter().collect());
            }
        }
    }
    out
}

/// The gazetteer spelling of an unknown code after at most two OCR confusions or strays (confusions tried
/// first), if any. A segment more than two chars longer than any code is none (its two-edit variants, built
/// and looked up one by one, grow with the cube of its length).
fn fix_code(seg: &str, g: &Gazetteer) -> Option<String> {
    fix_code_kind(seg, g, &[Kind::Type, Kind::Body])
}

/// [`fix_code`] for codes of the given kinds only.
fn fix_code_kind(seg: &str, g: &Gazetteer, kinds: &[Kind]) -> Option<String> {
    if g.code(seg).is_some() || seg.len() < 2 || seg.chars().count() > g.longest_code() + 2 {
        return None;
    }
    let known = |c: &str| {
        let (spelling, ids) = g.code(c)?;
        ids.iter().any(|&i| kinds.contains(&g.entry(i).kind)).then(|| spelling.to_string())
    };
    let subs = one_edit(seg, false);
    let dels = one_edit(seg, true);
    let two = |firsts: &[String], deletes: bool| -> Option<String> {
        firsts.iter().flat_map(|c| one_edit(c, deletes)).filter(|c| c.len() >= 2).find_map(|c| known(&c))
    };
    subs.iter()
        .find_map(|c| known(c))
        .or_else(|| dels.iter().find_map(|c| known(c)))
        .or_else(|| two(&subs, false))
        .or_else(|| two(&subs, true))
        .or_else(|| two(&dels, false))
}

/// True when a segment is shaped like a code: all capitals (digits and '&' allowed), or a code the gazetteer
/// spells in mixed case ("TTg", "CTr").
fn code_like(seg: &str, g: &Gazetteer) -> bool {
    if seg.bytes().all(|b| b.is_ascii_digit()) {
        return true;
    }
    let upper = seg.chars().filter(|c| c.is_alphabetic()).all(|c| c.is_uppercase());
    upper || g.code(seg).is_some() || fix_code(seg, g).is_some()
}

/// Finds every document number in the stream.
pub(crate) fn find_numbers(s: &str, g: &Gazetteer) -> Vec<NumberMatch> {
    let b = s.as_bytes();
    let mut out = Vec::new();
    let mut at = 0;
    while let Some(c) = NUMBER.captures_at(s, at) {
        let m = c.get(0).expect("whole match");
        let digits = c.get(1).expect("digits");
        at = m.start() + 1;
        if m.start() > 0 {
            let p = b[m.start() - 1];
            // "số347/TTr-CP": the digits glued to "số" still start a number
            let glued_so =
                s[..m.start()].ends_with("so") && (m.start() == 2 || !b[m.start() - 3].is_ascii_alphanumeric());
            // "Số: d15/2025/NQ-HĐND": a small letter alone glued to its digits is a crumb the OCR added
            let crumb = p.is_ascii_lowercase() && (m.start() == 1 || !b[m.start() - 2].is_ascii_alphanumeric());
            if (p.is_ascii_alphanumeric() && !glued_so && !crumb) || matches!(p, b'/' | b'-' | b'.' | b',') {
                continue;
            }
        }
        let mut parts = Vec::new();
        let mut end = digits.end();
        let mut pos = digits.end();
        while let Some(sc) = SEP_SEG.captures_at(s, pos) {
            let whole = sc.get(0).expect("seg");
            if whole.start() != pos {
                break;
            }
            let seg = sc.get(2).expect("seg");
            if !code_like(seg.as_str(), g) {
                break;
            }
            let sep = if sc[1].contains('/') { '/' } else { '-' };
            parts.push(Part { sep, start: seg.start(), end: seg.end() });
            end = seg.end();
            pos = seg.end();
        }
        // Decree 30 and party numbers always hold a "/" ("01/KH-UBND", "57-NQ/TW"); "mẫu số 01-ĐĐN-TH" is a form
        if !parts.iter().any(|p| s[p.start..p.end].bytes().any(|c| c.is_ascii_alphabetic()))
            || !parts.iter().any(|p| p.sep == '/')
        {
            continue;
        }
        // "57- -NQ/T W", "151/KH-UB ND": a last segment no code is, followed by one to three capitals that make a
        // known code with it.
        if let Some(last) = parts.last_mut()
            && last.end - last.start <= 6
            && g.code(&s[last.start..last.end]).is_none()
            && let Some(j) = SPLIT_CODE.captures(&s[last.end..])
        {
            let joined = format!("{}{}", &s[last.start..last.end], &j[1]);
            if g.code(&joined).is_some() {
                last.end += j.get(0).expect("m").end();
                end = last.end;
            }
        }
        out.push(NumberMatch { start: m.start(), end, digits: digits.as_str().to_string(), parts });
        at = end;
    }
    out
}

impl NumberMatch {
    /// The number as it should be written: separators tight, double hyphens single, code segments in their
    /// printed spelling (from the input `text`), OCR-damaged known codes fixed ("QP" → "QĐ", "TTG" → "TTg").
    ///
    /// OCR confusions are fixed by role: the first code segment may be a type code ("OP" → "QĐ"); the issuer's
    /// code after it, and codes after that, only when three letters or more make a listed body ("BCP" → "BCĐ");
    /// a department's code ("-DP", "-TTHC") is never turned into another code.
    pub fn normalized(&self, stream: &super::stream::Stream, text: &str, g: &Gazetteer) -> String {
        let mut out = self.digits.clone();
        let mut letter_index = 0;
        for p in &self.parts {
            out.push(p.sep);
            let (a, b) = stream.orig(p.start, p.end);
            let printed: String = text[a..b].chars().filter(|c| !c.is_whitespace()).collect();
            // A number part in the stream's spelling, whose digits include those the OCR printed as letters.
            let streamed = &stream.text[p.start..p.end];
            if streamed.bytes().all(|c| c.is_ascii_digit()) {
                out.push_str(streamed);
                continue;
            }
            let fixed = if letter_index == 0 {
                exact_code(&printed, g)
                    .filter(|_| g.type_of_code(&printed).is_some())
                    .or_else(|| fix_code_kind(&printed, g, &[Kind::Type]))
            } else {
                None
            };
            let fixed = fixed.or_else(|| {
                exact_code(&printed, g).or_else(|| {
                    (printed.chars().count() >= 3).then(|| fix_code_kind(&printed, g, &[Kind::Body])).flatten()
                })
            });
            out.push_str(&fixed.unwrap_or(printed));
            letter_index += 1;
        }
        out
    }

    /// Segments in stream spelling.
    pub fn segments<'a>(&self, s: &'a str) -> Vec<&'a str> {
        self.parts.iter().map(|p| &s[p.start..p.end]).collect()
    }

    /// The type code of the number: "52-NQ/TW" → NQ; "2289/QĐ-TTg" → QĐ; "107/2021/NĐ-CP" → NĐ; "541/UBND-TH"
    /// → none (a letter, "Công văn").
    pub fn type_from_code(&self, s: &str, g: &Gazetteer) -> Option<String> {
        let segs = self.segments(s);
        let first_sep = self.parts.first()?.sep;
        let mut rest = segs.iter().copied().peekable();
        let mut had_year = false;
        if first_sep == '/' {
            while let Some(seg) = rest.peek() {
                if seg.bytes().all(|b| b.is_ascii_digit()) {
                    had_year = true;
                    rest.next();
                } else {
                    break;
                }
            }
        }
        let seg = rest.next()?;
        let fixed = fix_code(seg, g).unwrap_or_else(|| seg.to_string());
        if let Some(t) = g.type_of_code(&fixed) {
            return Some(t.to_string());
        }
        if first_sep == '/' && !had_year {
            // Decree 30: a letter (công văn) carries no type code, only the issuer's code.
            return Some("Công văn".to_string());
        }
        None
    }
}

/// A code segment in the spelling to output.
pub(crate) fn normalize_code(printed: &str, g: &Gazetteer) -> String {
    exact_code(printed, g).or_else(|| fix_code(printed, g)).unwrap_or_else(|| printed.to_string())
}

/// The spelling of a code the gazetteer lists (up to Đ and case): "QD" → "QĐ", "TTG" → "TTg", "UBNĐ" → "UBND";
/// an ASCII print itself when it differs otherwise only in case.
fn exact_code(printed: &str, g: &Gazetteer) -> Option<String> {
    if !printed.is_ascii() {
        // A Đ where no listed spelling has it ("UBNĐ", a split "UB ND" whose "ND" the restorer read as a
        // decree's code) takes the listed spelling.
        return g.code(printed).map(|(spelling, _)| spelling.to_string());
    }
    let (spelling, _) = g.code(printed)?;
    let needs_d = spelling.contains('Đ') && !printed.contains('Đ');
    let all_caps = printed.chars().all(|c| !c.is_lowercase());
    Some(if needs_d || (all_caps && spelling.to_uppercase() == printed) {
        spelling.to_string()
    } else {
        printed.to_string()
    })
}

/// A date found after "ngày".
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct DateMatch {
    /// "YYYY-MM-DD", or None when the printed date is not a real date (or is incomplete: "19/7/202").
    pub iso: Option<String>,
    /// Stream range of the whole "ngày …" phrase.
    pub start: usize,
    pub end: usize,
    /// Stream range of the date proper (after "ngày").
    pub value_start: usize,
}

/// "ngày", "tháng" and "năm" as an OCR that does not read Vietnamese prints them, folded: the first and last
/// letters kept, one or two letters of any kind between them, three in "tháng" ("ngay", "ngdy", "thang",
/// "thdang", "nam", "nim"). Regex fragments in small letters; the regexes that use them ignore case.
/// The header's date ([`date_at`], `header`) and the restorer's date digits (`restore::codes`) read them alike.
pub(crate) const DAY_WORD: &str = "ng[a-z]{1,2}y";
/// See [`DAY_WORD`].
pub(crate) const MONTH_WORD: &str = "th[a-z]{1,3}ng";
/// See [`DAY_WORD`].
pub(crate) const YEAR_WORD: &str = "n[a-z]{1,2}m";

/// One of the words of a date written out ("ngày 5 tháng 9 năm 2019").
#[derive(Debug, Clone, Copy)]
pub(crate) enum DateWord {
    Day,
    Month,
    Year,
}

impl DateWord {
    /// Is `word` this date word as the OCR may print it ([`DAY_WORD`] …), marks and case aside?
    pub(crate) fn is(self, word: &str) -> bool {
        static WORDS: LazyLock<[Regex; 3]> = LazyLock::new(|| {
            [DAY_WORD, MONTH_WORD, YEAR_WORD].map(|w| Regex::new(&format!("^(?:{w})$")).expect("date word regex"))
        });
        WORDS[self as usize].is_match(&crate::syllable::fold(word))
    }
}

static DATE_NUMERIC: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(r"^(?i:{DAY_WORD}) ?:? ?(\d{{1,2}}) ?[/.-] ?(\d{{1,2}}) ?[/.-] ?(\d{{2,4}})\b"))
        .expect("date regex")
});
static DATE_WORDS: LazyLock<Regex> = LazyLock::new(|| {
    // Between the words, a space and a stray bar the OCR made of a column rule ("ngày 14 |tháng 6").
    Regex::new(&format!(
        r"^(?i:{DAY_WORD}) ?\|? ?(\d{{1,2}}) ?\|? ?(?i:{MONTH_WORD}) ?\|? ?(\d{{1,2}}) ?,? ?\|? ?(?i:{YEAR_WORD}) ?\|? ?(\d{{2,4}})\b"
    ))
        .expect("date regex")
});

/// A checked ISO date: "31/02/2020" is no date.
pub fn iso_date(day: u32, month: u32, year: u32) -> Option<String> {
    if !(1900..=2100).contains(&year) || !(1..=12).contains(&month) || day == 0 {
        return None;
    }
    let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    let days = match month {
        2 if leap => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    };
    (day <= days).then(|| format!("{year:04}-{month:02}-{day:02}"))
}

/// Parses "ngày 31/12/2020", "ngày 18 tháng 5 năm 2022" (folded) starting exactly at `at`.
pub(crate) fn date_at(s: &str, at: usize) -> Option<DateMatch> {
    let rest = &s[at..];
    let c = DATE_NUMERIC.captures(rest).or_else(|| DATE_WORDS.captures(rest))?;
    let whole = c.get(0).expect("whole");
    let num = |i: usize| c[i].parse::<u32>().ok();
    let iso = match (num(1), num(2), num(3)) {
        (Some(d), Some(m), Some(y)) if c[3].len() == 4 => iso_date(d, m, y),
        _ => None,
    };
    Some(DateMatch { iso, start: at, end: at + whole.end(), value_start: at + c.get(1).expect("day").start() })
}

/// Parses a bare date "31/12/2020" or "18 tháng 5 năm 2022" (no "ngày"), for tests and callers.
pub fn parse_date(text: &str) -> Option<String> {
    let mut folded = String::new();
    for c in crate::tokenize::single_spaced(text).chars() {
        super::stream::fold_keep_case(c, &mut folded);
    }
    let probe = format!("ngay {folded}");
    date_at(&probe, 0).filter(|d| d.end == probe.len()).and_then(|d| d.iso)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_checked() {
        assert_eq!(iso_date(29, 2, 2024).as_deref(), Some("2024-02-29"));
        assert_eq!(iso_date(29, 2, 2023), None);
        assert_eq!(iso_date(31, 4, 2020), None);
        assert_eq!(parse_date("31/12/2020").as_deref(), Some("2020-12-31"));
        assert_eq!(parse_date("18 tháng 5 năm 2022").as_deref(), Some("2022-05-18"));
        assert_eq!(parse_date("31/02/2020"), None);
        assert_eq!(parse_date("19/7/202"), None);
    }
}
