//! The gazetteer: Vietnamese state and party bodies with their code abbreviations, document types, office
//! titles, administrative unit words, signature position words and family names — kept as data in
//! `dictionaries/gazetteer.tsv` (embedded), matched diacritic- and case-insensitively with Aho-Corasick.

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
    codes: HashMap<String, Vec<(String, usize)>>,
    units: HashSet<String>,
    position_words: HashSet<String>,
    surnames: HashSet<String>,
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
        let mut codes: HashMap<String, Vec<(String, usize)>> = HashMap::new();
        for (i, e) in entries.iter().enumerate() {
            for c in &e.codes {
                codes.entry(code_key(c)).or_default().push((c.clone(), i));
            }
        }
        let set =
            |k: Kind| -> HashSet<String> { entries.iter().filter(|e| e.kind == k).map(|e| e.folded.clone()).collect() };
        let units = set(Kind::Unit);
        let surnames = set(Kind::Surname);
        let position_words = entries
            .iter()
            .filter(|e| e.kind == Kind::Position)
            .flat_map(|e| e.folded.split_whitespace().map(String::from).collect::<Vec<_>>())
            .collect();
        Ok(Gazetteer {
            issuers: build(&ip),
            types: build(&tp),
            entries,
            issuer_ids,
            type_ids,
            codes,
            units,
            position_words,
            surnames,
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
        self.units.contains(folded)
    }

    /// True for a word of a signature position (folded).
    pub fn is_position_word(&self, folded: &str) -> bool {
        self.position_words.contains(folded)
    }

    /// True for a family name (folded).
    pub fn is_surname(&self, folded: &str) -> bool {
        self.surnames.contains(folded)
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
    }

    #[test]
    fn bad_lines_are_named() {
        assert!(Gazetteer::parse("body\tX\n").is_ok());
        let e = Gazetteer::parse("# c\nbogus\tX\n").unwrap_err();
        assert!(e.contains("line 2"), "{e}");
    }
}
