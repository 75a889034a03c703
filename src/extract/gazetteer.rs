//! The gazetteer: Vietnamese state and party bodies with their code abbreviations, document types, office
//! titles, administrative unit words, signature position words and family names — kept as data in
//! `dictionaries/gazetteer.tsv` (embedded), matched diacritic- and case-insensitively with Aho-Corasick.

use std::borrow::Borrow;
use std::collections::{HashMap, HashSet};
use std::sync::LazyLock;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, Anchored, Input, MatchKind, StartKind};

use crate::syllable::fold;

/// The built-in gazetteer file.
pub const BUILTIN_TSV: &str = include_str!("../../dictionaries/gazetteer.tsv");

/// What a gazetteer entry is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Kind {
    /// A document type ("Quyết định"), its codes the abbreviations used in numbers ("QĐ").
    Type,
    /// A named issuing body ("Thủ tướng Chính phủ"), its codes the abbreviations used in numbers ("TTg").
    Body,
    /// The head word of a body's name ("Sở", "Ban").
    Head,
    /// An office holder ("Chủ tịch").
    Title,
    /// An administrative unit word ("tỉnh").
    Unit,
    /// A word of a signature position ("GIÁM ĐỐC", "KT.").
    Position,
    /// A family name.
    Surname,
    /// A province or centrally-run city.
    Place,
}

impl Kind {
    fn parse(s: &str) -> Option<Kind> {
        Some(match s {
            "type" => Kind::Type,
            "body" => Kind::Body,
            "head" => Kind::Head,
            "title" => Kind::Title,
            "unit" => Kind::Unit,
            "position" => Kind::Position,
            "surname" => Kind::Surname,
            "place" => Kind::Place,
            _ => return None,
        })
    }
}

/// One gazetteer entry.
#[derive(Debug, Clone)]
pub struct Entry {
    /// What it is.
    pub kind: Kind,
    /// Its spelling, as printed back.
    pub name: String,
    /// Its folded form (no diacritics, lowercase), as matched.
    pub folded: String,
    /// Its code abbreviations as printed in document numbers.
    pub codes: Vec<String>,
}

/// A match of a gazetteer entry in a folded text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Hit {
    /// Index of the entry.
    pub entry: usize,
    /// Byte range in the searched text.
    pub start: usize,
    /// End of the byte range.
    pub end: usize,
}

/// The gazetteer, ready to match.
#[derive(Debug)]
pub struct Gazetteer {
    entries: Vec<Entry>,
    issuers: AhoCorasick,
    issuer_ids: Vec<usize>,
    types: AhoCorasick,
    type_ids: Vec<usize>,
    places: AhoCorasick,
    place_ids: Vec<usize>,
    positions: AhoCorasick,
    position_ids: Vec<usize>,
    codes: HashMap<String, Vec<(String, usize)>>,
    /// The chars of the longest code.
    longest_code: usize,
    units: HashMap<String, String>,
    /// Words of the longest unit word.
    unit_words: usize,
    position_words: HashMap<String, String>,
    surnames: HashSet<String>,
    /// The family names in their language-model form ("đặng"), see [`Gazetteer::is_surname_spelled`].
    surname_forms: HashSet<String>,
    /// Entries of two words or more by the first byte of their folded name (for near matches).
    by_first: HashMap<u8, Vec<usize>>,
}

static BUILTIN: LazyLock<Gazetteer> =
    LazyLock::new(|| Gazetteer::parse(BUILTIN_TSV).expect("the built-in gazetteer parses (tested)"));

/// The key under which a code is looked up: folded, uppercase ("QĐ" and "QD" → "QD").
pub(crate) fn code_key(code: &str) -> String {
    fold(code).to_uppercase()
}

pub(crate) fn is_word_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric()
}

/// True when `text[start..end]` is bounded by non-word bytes.
pub(crate) fn at_word_bounds(text: &str, start: usize, end: usize) -> bool {
    let b = text.as_bytes();
    (start == 0 || !is_word_byte(b[start - 1])) && (end >= b.len() || !is_word_byte(b[end]))
}

/// Words folded for the gazetteer's lookups: each word's folded form, the forms joined by single spaces (the text
/// [`Gazetteer::issuer_at`] and [`Gazetteer::place_at`] read) and where each form starts in it.
pub(crate) struct FoldedWords {
    pub folded: Vec<String>,
    pub joined: String,
    pub starts: Vec<usize>,
}

impl FoldedWords {
    pub(crate) fn new<'a>(words: impl IntoIterator<Item = &'a str>) -> FoldedWords {
        let folded: Vec<String> = words.into_iter().map(fold).collect();
        let joined = folded.join(" ");
        let starts = folded
            .iter()
            .scan(0, |p, f| {
                let at = *p;
                *p += f.len() + 1;
                Some(at)
            })
            .collect();
        FoldedWords { folded, joined, starts }
    }
}

fn build(patterns: &[String]) -> AhoCorasick {
    AhoCorasickBuilder::new()
        .match_kind(MatchKind::LeftmostLongest)
        .ascii_case_insensitive(true)
        .start_kind(StartKind::Both)
        .build(patterns)
        .expect("gazetteer patterns build")
}

impl Gazetteer {
    /// The gazetteer built into the binary (`dictionaries/gazetteer.tsv`).
    pub fn builtin() -> &'static Gazetteer {
        &BUILTIN
    }

    /// Parses a gazetteer file: `kind<TAB>name<TAB>codes` lines, `#` comments. Errors name the line.
    pub fn parse(tsv: &str) -> Result<Gazetteer, String> {
        let mut entries = Vec::new();
        for (i, line) in tsv.lines().enumerate() {
            let line = line.trim_end_matches('\r');
            if line.trim().is_empty() || line.starts_with('#') {
                continue;
            }
            let mut cols = line.split('\t');
            let kind = cols.next().unwrap_or("");
            let kind = Kind::parse(kind).ok_or_else(|| format!("gazetteer line {}: unknown kind {kind:?}", i + 1))?;
            let name = cols.next().unwrap_or("").trim().to_string();
            if name.is_empty() {
                return Err(format!("gazetteer line {}: empty name", i + 1));
            }
            let codes = cols
                .next()
                .unwrap_or("")
                .split(',')
                .map(str::trim)
                .filter(|c| !c.is_empty())
                .map(String::from)
                .collect();
            let folded = fold(&name);
            entries.push(Entry { kind, name, folded, codes });
        }
        let pick = |kinds: &[Kind]| -> (Vec<String>, Vec<usize>) {
            let mut pats = Vec::new();
            let mut ids = Vec::new();
            for (i, e) in entries.iter().enumerate() {
                if kinds.contains(&e.kind) {
                    pats.push(e.folded.clone());
                    ids.push(i);
                }
            }
            (pats, ids)
        };
        let (ip, issuer_ids) = pick(&[Kind::Body, Kind::Head, Kind::Title]);
        let (tp, type_ids) = pick(&[Kind::Type]);
        let (pp, place_ids) = pick(&[Kind::Place]);
        let (sp, position_ids) = pick(&[Kind::Position]);
        let mut codes: HashMap<String, Vec<(String, usize)>> = HashMap::new();
        for (i, e) in entries.iter().enumerate() {
            for c in &e.codes {
                codes.entry(code_key(c)).or_default().push((c.clone(), i));
            }
        }
        let set =
            |k: Kind| -> HashSet<String> { entries.iter().filter(|e| e.kind == k).map(|e| e.folded.clone()).collect() };
        let units: HashMap<String, String> =
            entries.iter().filter(|e| e.kind == Kind::Unit).map(|e| (e.folded.clone(), e.name.clone())).collect();
        let unit_words = units.keys().map(|u| u.split(' ').count()).max().unwrap_or(0);
        let surnames = set(Kind::Surname);
        let surname_forms = entries
            .iter()
            .filter(|e| e.kind == Kind::Surname)
            .map(|e| crate::lm::word_form(&e.name).into_owned())
            .collect();
        let mut position_words: HashMap<String, String> = HashMap::new();
        for e in entries.iter().filter(|e| e.kind == Kind::Position) {
            for (f, w) in e.folded.split_whitespace().zip(e.name.split_whitespace()) {
                position_words.entry(f.to_string()).or_insert_with(|| w.to_string());
            }
        }
        let mut by_first: HashMap<u8, Vec<usize>> = HashMap::new();
        for (i, e) in entries.iter().enumerate() {
            if e.folded.contains(' ')
                && let Some(b) = e.folded.bytes().next()
            {
                by_first.entry(b).or_default().push(i);
            }
        }
        Ok(Gazetteer {
            by_first,
            issuers: build(&ip),
            types: build(&tp),
            places: build(&pp),
            positions: build(&sp),
            entries,
            place_ids,
            position_ids,
            issuer_ids,
            type_ids,
            longest_code: codes.values().flatten().map(|(c, _)| c.chars().count()).max().unwrap_or(0),
            codes,
            units,
            unit_words,
            position_words,
            surnames,
            surname_forms,
        })
    }

    /// All entries.
    pub fn entries(&self) -> &[Entry] {
        &self.entries
    }

    /// Entry `i`.
    pub fn entry(&self, i: usize) -> &Entry {
        &self.entries[i]
    }

    fn anchored(&self, ac: &AhoCorasick, ids: &[usize], text: &str, at: usize) -> Option<Hit> {
        let m = ac.find(Input::new(text).range(at..).anchored(Anchored::Yes))?;
        if !at_word_bounds(text, m.start(), m.end()) {
            return None;
        }
        Some(Hit { entry: ids[m.pattern().as_usize()], start: m.start(), end: m.end() })
    }

    /// The longest body, head or title starting exactly at `at` in the folded `text`.
    pub fn issuer_at(&self, text: &str, at: usize) -> Option<Hit> {
        self.anchored(&self.issuers, &self.issuer_ids, text, at)
    }

    /// The longest document type word starting exactly at `at` in the folded `text`.
    pub fn type_at(&self, text: &str, at: usize) -> Option<Hit> {
        self.anchored(&self.types, &self.type_ids, text, at)
    }

    /// The longest place name starting exactly at `at` in the folded `text`.
    pub fn place_at(&self, text: &str, at: usize) -> Option<Hit> {
        self.anchored(&self.places, &self.place_ids, text, at)
    }

    /// The entry of one of `kinds` that the first words of `words` (folded, lower case) spell with some OCR
    /// damage ("ban thirong vu tinh iy" → "Ban Thường vụ Tỉnh ủy"): at least two words, the same first letter,
    /// at most one edit in a word of up to four letters and two in a longer one, at most one edit in five letters
    /// overall. Returns the entry and how many words it takes; the longest, then the closest, wins.
    pub fn fuzzy(&self, words: &[&str], kinds: &[Kind]) -> Option<(usize, usize)> {
        let mut best: Option<(usize, usize, usize)> = None; // (entry, words, distance)
        let first = words.first()?.bytes().next()?;
        for &i in self.by_first.get(&first).map_or(&[][..], Vec::as_slice) {
            let e = &self.entries[i];
            if !kinds.contains(&e.kind) {
                continue;
            }
            let ew: Vec<&str> = e.folded.split(' ').collect();
            let n = ew.len();
            if n < 2 || n > words.len() || ew[0].chars().next() != words[0].chars().next() {
                continue;
            }
            let mut total = 0;
            let mut ok = true;
            for (a, b) in ew.iter().zip(words) {
                let d = strsim::levenshtein(a, b);
                if d > if a.chars().count() <= 4 { 1 } else { 2 } {
                    ok = false;
                    break;
                }
                total += d;
            }
            let len: usize = ew.iter().map(|w| w.len()).sum();
            if !ok || total > (len / 5).max(1) {
                continue;
            }
            if best.is_none_or(|(_, bn, bd)| n > bn || (n == bn && total < bd)) {
                best = Some((i, n, total));
            }
        }
        best.map(|(i, n, _)| (i, n))
    }

    /// A signature position printed without diacritics, spelled from the gazetteer ("PHO GIAM DOC" → "PHÓ GIÁM
    /// ĐỐC"); words it does not know stay as printed.
    pub fn position_spelling(&self, printed: &str) -> String {
        let words: Vec<&str> = printed.split_whitespace().collect();
        let folded = words.iter().map(|w| fold(w)).collect::<Vec<_>>().join(" ");
        let mut out: Vec<String> = Vec::new();
        let mut wi = 0;
        let mut at = 0;
        while wi < words.len() {
            if let Some(h) = self.anchored(&self.positions, &self.position_ids, &folded, at) {
                let name = &self.entries[h.entry].name;
                let n = name.split_whitespace().count();
                out.push(name.clone());
                for _ in 0..n {
                    at += fold(words[wi]).len() + 1;
                    wi += 1;
                }
                continue;
            }
            let f = fold(words[wi]);
            let near = f.trim_end_matches('.').to_string();
            out.push(self.position_word_near(&near).map_or_else(|| words[wi].to_string(), str::to_string));
            at += f.len() + 1;
            wi += 1;
        }
        out.join(" ")
    }

    fn all(&self, ac: &AhoCorasick, ids: &[usize], text: &str) -> Vec<Hit> {
        ac.find_iter(text)
            .filter(|m| at_word_bounds(text, m.start(), m.end()))
            .map(|m| Hit { entry: ids[m.pattern().as_usize()], start: m.start(), end: m.end() })
            .collect()
    }

    /// Every (leftmost-longest, whole-word) body, head or title in the folded `text`.
    pub fn issuers_in(&self, text: &str) -> Vec<Hit> {
        self.all(&self.issuers, &self.issuer_ids, text)
    }

    /// Every (leftmost-longest, whole-word) document type word in the folded `text`.
    pub fn types_in(&self, text: &str) -> Vec<Hit> {
        self.all(&self.types, &self.type_ids, text)
    }

    /// The canonical spelling of a code abbreviation ("QD", "qđ" → "QĐ"; "TTG" → "TTg") and the entries that
    /// use it.
    /// A spelling printed exactly as listed wins ("DA" stays "DA", not "ĐA").
    pub fn code(&self, code: &str) -> Option<(&str, Vec<usize>)> {
        let list = self.codes.get(&code_key(code))?;
        let spelling = list.iter().find(|(c, _)| c == code).unwrap_or(&list[0]).0.as_str();
        let ids = list.iter().filter(|(c, _)| c == spelling).map(|&(_, i)| i).collect();
        Some((spelling, ids))
    }

    /// The length in chars of the longest code (in the built-in gazetteer "VPĐĐBQH&HĐND", 12).
    pub fn longest_code(&self) -> usize {
        self.longest_code
    }

    /// The document type a type code stands for ("QĐ" → "Quyết định").
    pub fn type_of_code(&self, code: &str) -> Option<&str> {
        let (_, ids) = self.code(code)?;
        ids.iter().map(|&i| &self.entries[i]).find(|e| e.kind == Kind::Type).map(|e| e.name.as_str())
    }

    /// The body an issuer code stands for ("TTg" → "Thủ tướng Chính phủ").
    pub fn body_of_code(&self, code: &str) -> Option<&str> {
        let (_, ids) = self.code(code)?;
        ids.iter().map(|&i| &self.entries[i]).find(|e| e.kind == Kind::Body).map(|e| e.name.as_str())
    }

    /// True for an administrative unit word (folded: "tinh", "thanh pho").
    pub fn is_unit(&self, folded: &str) -> bool {
        self.units.contains_key(folded)
    }

    /// The spelling of an administrative unit word given folded ("tinh" → "tỉnh").
    pub fn unit_name(&self, folded: &str) -> Option<&str> {
        self.units.get(folded).map(String::as_str)
    }

    /// The unit word that the folded `words` start with, the longest first ("khu kinh te dung quat" → "khu kinh
    /// tế"), as spelled, and how many words it takes.
    pub fn unit_at<S: Borrow<str>>(&self, words: &[S]) -> Option<(&str, usize)> {
        (1..=self.unit_words.min(words.len())).rev().find_map(|n| self.unit_name(&words[..n].join(" ")).map(|u| (u, n)))
    }

    /// The unit word that the folded `words` end with ("ban quan ly khu kinh te" → "khu kinh tế"), as spelled.
    pub fn unit_ending<S: Borrow<str>>(&self, words: &[S]) -> Option<&str> {
        (1..=self.unit_words.min(words.len())).find_map(|n| self.unit_name(&words[words.len() - n..].join(" ")))
    }

    /// True for a word of a signature position (folded).
    pub fn is_position_word(&self, folded: &str) -> bool {
        self.position_words.contains_key(folded)
    }

    /// The position word a (folded) word of at least three letters is, or is one OCR edit away from
    /// ("poc" → "ĐỐC"), spelled in capitals.
    pub fn position_word_near(&self, folded: &str) -> Option<&str> {
        if let Some(w) = self.position_words.get(folded) {
            return Some(w);
        }
        // A short word with a dot is an authority mark or a code ("Lưu: VT." beside the position): no
        // near match.
        if folded.chars().count() < 3 || folded.ends_with('.') {
            return None;
        }
        self.position_words
            .iter()
            .filter(|(f, _)| f.len() == folded.len() && strsim::levenshtein(f, folded) == 1)
            .min_by_key(|(f, _)| f.as_str())
            .map(|(_, w)| w.as_str())
    }

    /// True for a family name (folded).
    pub fn is_surname(&self, folded: &str) -> bool {
        self.surnames.contains(folded)
    }

    /// Is `word` (a language-model form: lowercase, with its marks) a listed family name as spelled ("đặng"; "dang"
    /// and "đăng" are not)?
    pub fn is_surname_spelled(&self, word: &str) -> bool {
        self.surname_forms.contains(word)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_parses_and_maps_codes() {
        let g = Gazetteer::builtin();
        assert_eq!(g.type_of_code("QD"), Some("Quyết định"));
        assert_eq!(g.type_of_code("QĐ"), Some("Quyết định"));
        assert_eq!(g.code("TTG").map(|c| c.0), Some("TTg"));
        assert_eq!(g.body_of_code("TTg"), Some("Thủ tướng Chính phủ"));
        assert_eq!(g.body_of_code("BKHDT"), Some("Bộ Kế hoạch và Đầu tư"));
        let text = "cua Thu tuong Chinh phu ve";
        let h = g.issuer_at(text, 4).unwrap();
        assert_eq!(g.entry(h.entry).name, "Thủ tướng Chính phủ");
        assert!(g.issuer_at(text, 5).is_none());
        assert!(g.is_unit("tinh") && g.is_surname("tran") && g.is_position_word("giam"));
        let f = |w: &str, k: Kind| {
            g.fuzzy(&w.split(' ').collect::<Vec<_>>(), &[k]).map(|(i, n)| (g.entry(i).name.clone(), n))
        };
        assert_eq!(f("ban thirong vu tinh iy de", Kind::Body), Some(("Ban Thường vụ Tỉnh ủy".to_string(), 5)));
        assert_eq!(f("qudng ngai", Kind::Place), Some(("Quảng Ngãi".to_string(), 2)));
        assert_eq!(f("thi uy", Kind::Body), Some(("Thị ủy".to_string(), 2)));
        assert_eq!(f("tinh vy", Kind::Body), Some(("Tỉnh ủy".to_string(), 2)));
        assert_eq!(f("bo cong an", Kind::Body), Some(("Bộ Công an".to_string(), 3)));
        assert_eq!(f("bo tai chinh", Kind::Body), Some(("Bộ Tài chính".to_string(), 3)));
        assert_eq!(g.position_spelling("KT. PHO GIAM DOC"), "KT. PHÓ GIÁM ĐỐC");
        assert_eq!(g.position_spelling("KT. GIAM POC"), "KT. GIÁM ĐỐC");
    }

    #[test]
    fn bad_lines_are_named() {
        assert!(Gazetteer::parse("body\tX\n").is_ok());
        let e = Gazetteer::parse("# c\nbogus\tX\n").unwrap_err();
        assert!(e.contains("line 2"), "{e}");
    }
}
