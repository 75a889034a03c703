//! Person names: how often a syllable is a middle or a given name, and which follows which, counted in clean
//! text (`dictionaries/names.tsv`, built by `vnocr train-names`).
//!
//! The language model is lowercase and knows a name's syllables as words: "hiệu" (a sign) is commoner than
//! "hiếu", "đài" than "đại" after "văn", so that an OCR "Phan Vin Hiéu" had come back "Phan Văn Hiệu". Among
//! the Title-case names of the corpora "Văn Hiếu" is printed 98 times and "Văn Hiệu" 43, "Hiền" is a given name
//! 437 times and "Hiện" 20: the restorer reads a name's marks with these counts (DESIGN.md "Names read as
//! names").
//!
//! ```
//! use vnocr::names::Names;
//!
//! // A family name is printed before "Văn" or "Thị" at least `MIN_FAMILY` (40) times.
//! let line = "Ông Nguyễn Văn Hùng và bà Trần Thị Hòa dự họp.";
//! let names = Names::count(std::iter::repeat_n(line, 50));
//! assert_eq!(names.family_count("nguyễn"), 50);
//! assert_eq!(names.part_counts("hùng"), (0, 50)); // never a middle name, 50 times a given one
//! assert!(names.log_weight("văn", "hùng", true) > names.log_weight("văn", "hưng", true));
//! let again = Names::parse(&names.to_tsv("example")).unwrap();
//! assert_eq!(again.family_count("trần"), names.family_count("trần"));
//! ```

use std::collections::BTreeMap;
use std::sync::OnceLock;

use rayon::prelude::*;

use crate::channel::FxMap;
use crate::lm::word_form;
use crate::syllable::{Case, is_syllable};
use crate::tokenize::{TokenKind, tokenize_clean};

/// Format line that opens a names file.
pub const MAGIC: &str = "# vnocr names v1";

/// A family name is a word printed Title case before "Văn" or "Thị" and another Title-case word at least this
/// many times ("Nguyễn Văn An", "Trần Thị Hòa").
pub const MIN_FAMILY: u32 = 40;

/// How many syllables a person's name has, family name included. A family-name-like syllable and one more is
/// as often a place ("Minh Hóa", "Lâm Thủy", "Triệu Phong") as a name, so such runs are neither counted nor
/// re-read.
pub const NAME_SYLLABLES: std::ops::RangeInclusive<usize> = 3..=4;

/// Pairs of name syllables seen fewer times are not written.
const MIN_PAIR: u32 = 2;

/// Name statistics (see the module documentation). Syllables are in their language-model form (lowercase,
/// classic tone placement).
#[derive(Debug, Clone, Default)]
pub struct Names {
    family: FxMap<String, u32>,
    /// Syllable → (times a middle name, times a given name).
    parts: FxMap<String, (u32, u32)>,
    /// Previous name syllable → syllable → times.
    pairs: FxMap<String, FxMap<String, u32>>,
    /// Total middle and given names counted.
    totals: (u64, u64),
    /// The file's source comment: the command line that wrote it.
    source: String,
}

fn title(word: &str) -> bool {
    Case::of(word) == Case::Title && word.chars().count() > 1
        || word.chars().count() == 1 && Case::of(word) == Case::Upper
}

/// The words of a line as (LM form, Title case?, glued to the word before by one space only?).
fn words(line: &str) -> Vec<(String, bool, bool)> {
    let toks = tokenize_clean(line);
    let mut out = Vec::new();
    let mut plain_gap = false;
    for t in &toks {
        match t.kind {
            TokenKind::Word => {
                out.push((
                    word_form(t.text).into_owned(),
                    title(t.text) && is_syllable(&t.text.to_lowercase()),
                    plain_gap,
                ));
                plain_gap = true;
            }
            TokenKind::Space => plain_gap &= t.text == " ",
            _ => plain_gap = false,
        }
    }
    out
}

impl Names {
    /// Counts names in clean text, one paragraph a line: first the family names (see [`MIN_FAMILY`]), then
    /// every run of Title-case syllables that opens with a family name and is [`NAME_SYLLABLES`] long (no more
    /// Title-case words right after it): the last of the run a given name, those between it and the family name
    /// middle names.
    pub fn count<'a>(lines: impl IntoIterator<Item = &'a str>) -> Names {
        let lines: Vec<Vec<(String, bool, bool)>> =
            lines.into_iter().collect::<Vec<_>>().par_iter().map(|l| words(l)).collect();
        let mut family: FxMap<String, u32> = FxMap::default();
        for ws in &lines {
            for w in ws.windows(3) {
                if w[0].1 && w[1].1 && w[2].1 && w[1].2 && w[2].2 && (w[1].0 == "văn" || w[1].0 == "thị") {
                    *family.entry(w[0].0.clone()).or_default() += 1;
                }
            }
        }
        family.retain(|_, c| *c >= MIN_FAMILY);
        let mut names = Names { family, ..Names::default() };
        for ws in &lines {
            let mut i = 0;
            while i < ws.len() {
                let opens = ws[i].1 && names.family.contains_key(&ws[i].0);
                if !opens {
                    i += 1;
                    continue;
                }
                let mut j = i + 1;
                while j < ws.len() && ws[j].1 && ws[j].2 {
                    j += 1;
                }
                let run = &ws[i..j];
                if NAME_SYLLABLES.contains(&run.len()) {
                    for (k, w) in run.iter().enumerate().skip(1) {
                        let given = k == run.len() - 1;
                        let e = names.parts.entry(w.0.clone()).or_default();
                        if given {
                            e.1 += 1;
                            names.totals.1 += 1;
                        } else {
                            e.0 += 1;
                            names.totals.0 += 1;
                        }
                        *names.pairs.entry(run[k - 1].0.clone()).or_default().entry(w.0.clone()).or_default() += 1;
                    }
                }
                i = j;
            }
        }
        names
    }

    /// The names built into the crate (`dictionaries/names.tsv`).
    pub fn builtin() -> &'static Names {
        static NAMES: OnceLock<Names> = OnceLock::new();
        NAMES.get_or_init(|| {
            Names::parse(include_str!("../dictionaries/names.tsv")).expect("dictionaries/names.tsv is well formed")
        })
    }

    /// How often `syl` was seen as a family name (0 when it is none).
    pub fn family_count(&self, syl: &str) -> u32 {
        self.family.get(syl).copied().unwrap_or(0)
    }

    /// How often `syl` was seen as a middle name and as a given name.
    pub fn part_counts(&self, syl: &str) -> (u32, u32) {
        self.parts.get(syl).copied().unwrap_or((0, 0))
    }

    /// log10 of a weight of `syl` as the name syllable after `prev`, the last of the name (`given`) or not: its
    /// count after `prev`, plus ten times its share of all middle (given) names. Only differences between
    /// syllables after the same `prev` mean anything.
    pub fn log_weight(&self, prev: &str, syl: &str, given: bool) -> f32 {
        let pair = self.pairs.get(prev).and_then(|m| m.get(syl)).copied().unwrap_or(0);
        let (mid, giv) = self.part_counts(syl);
        let (n, total) = if given { (giv, self.totals.1) } else { (mid, self.totals.0) };
        let share = 10.0 * f64::from(n) / total.max(1) as f64;
        ((f64::from(pair) + share).max(1e-4) as f32).log10()
    }

    /// The statistics as a names file: [`MAGIC`], a comment with `source`, then `family`, `part` and `pair`
    /// lines, sorted, so that the same text gives the same bytes.
    pub fn to_tsv(&self, source: &str) -> String {
        let mut out = format!(
            "{MAGIC}\n# {source}\n# family<TAB>syllable<TAB>count | part<TAB>syllable<TAB>as middle<TAB>as given | \
             pair<TAB>previous<TAB>syllable<TAB>count (pairs seen {MIN_PAIR} times or more)\n# totals\t{}\t{}\n",
            self.totals.0, self.totals.1
        );
        let family: BTreeMap<_, _> = self.family.iter().collect();
        for (s, c) in family {
            out += &format!("family\t{s}\t{c}\n");
        }
        let parts: BTreeMap<_, _> = self.parts.iter().collect();
        for (s, (m, g)) in parts {
            out += &format!("part\t{s}\t{m}\t{g}\n");
        }
        let pairs: BTreeMap<_, BTreeMap<_, _>> =
            self.pairs.iter().map(|(a, m)| (a, m.iter().filter(|(_, c)| **c >= MIN_PAIR).collect())).collect();
        for (a, m) in pairs {
            for (b, c) in m {
                out += &format!("pair\t{a}\t{b}\t{c}\n");
            }
        }
        out
    }

    /// The command line that wrote the names file this was read from (empty for statistics counted in memory).
    pub fn source(&self) -> &str {
        &self.source
    }

    /// How many family names, name syllables (middle or given) and pairs of successive name syllables it holds
    /// (the pairs a names file keeps: those seen twice or more).
    pub fn sizes(&self) -> (usize, usize, usize) {
        let pairs = self.pairs.values().map(|m| m.values().filter(|&&c| c >= MIN_PAIR).count()).sum();
        (self.family.len(), self.parts.len(), pairs)
    }

    /// Reads a names file written by [`Names::to_tsv`].
    pub fn parse(tsv: &str) -> crate::Result<Names> {
        let bad = |line: usize, message: String| crate::Error::Model {
            path: "names".into(),
            message: format!("line {line}: {message}"),
        };
        let mut lines = tsv.lines().enumerate();
        if lines.next().map(|(_, l)| l) != Some(MAGIC) {
            return Err(bad(1, format!("expected {MAGIC:?}")));
        }
        let mut names = Names::default();
        if let Some(source) = tsv.lines().nth(1).and_then(|l| l.strip_prefix("# ")) {
            names.source = source.to_string();
        }
        for (i, line) in lines {
            let f: Vec<&str> = line.split('\t').collect();
            let num = |k: usize| -> crate::Result<u32> {
                f.get(k).and_then(|v| v.parse().ok()).ok_or_else(|| bad(i + 1, format!("field {} is no count", k + 1)))
            };
            match f[0] {
                "# totals" => names.totals = (u64::from(num(1)?), u64::from(num(2)?)),
                s if s.starts_with('#') || s.is_empty() => {}
                "family" if f.len() == 3 => {
                    names.family.insert(f[1].to_string(), num(2)?);
                }
                "part" if f.len() == 4 => {
                    names.parts.insert(f[1].to_string(), (num(2)?, num(3)?));
                }
                "pair" if f.len() == 4 => {
                    names.pairs.entry(f[1].to_string()).or_default().insert(f[2].to_string(), num(3)?);
                }
                other => return Err(bad(i + 1, format!("unknown line kind {other:?} or wrong field count"))),
            }
        }
        Ok(names)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn corpus() -> Vec<String> {
        let mut lines = Vec::new();
        for _ in 0..MIN_FAMILY {
            lines.push("Đồng chí Nguyễn Văn Hiếu, Phó Chủ tịch; bà Trần Thị Hòa dự.".to_string());
        }
        lines.push("Ông Nguyễn Văn Hiệu.".to_string());
        lines.push("Nguyễn Văn Hiếu Minh Tuấn".to_string()); // five Title-case words: no name
        lines.push("Văn phòng Nguyễn Trãi, Lê Lợi".to_string());
        lines
    }

    #[test]
    fn family_names_come_before_van_and_thi() {
        let n = Names::count(corpus().iter().map(String::as_str));
        assert_eq!(n.family_count("nguyễn"), MIN_FAMILY + 2);
        assert_eq!(n.family_count("trần"), MIN_FAMILY);
        assert_eq!(n.family_count("chí"), 0);
        assert_eq!(n.part_counts("văn"), (41, 0));
        assert_eq!(n.part_counts("hiếu"), (0, 40));
        assert_eq!(n.part_counts("hiệu"), (0, 1));
        // A family name and one word is no name (it is as often a place), nor is a run of five Title-case words.
        assert_eq!(n.part_counts("trãi"), (0, 0));
        assert_eq!(n.part_counts("minh"), (0, 0));
        assert!(n.log_weight("văn", "hiếu", true) > n.log_weight("văn", "hiệu", true) + 1.0);
    }

    #[test]
    fn a_names_file_round_trips_and_bad_ones_are_errors() {
        let n = Names::count(corpus().iter().map(String::as_str));
        let tsv = n.to_tsv("test");
        let m = Names::parse(&tsv).unwrap();
        assert_eq!(m.to_tsv("test"), tsv);
        assert_eq!((n.source(), m.source()), ("", "test"));
        assert_eq!(m.sizes(), n.sizes());
        assert!(m.sizes().0 >= 1, "{:?}", m.sizes());
        assert!(Names::parse("family\tx\t1").is_err());
        assert!(Names::parse(&format!("{MAGIC}\nfamily\tx\tmany")).unwrap_err().to_string().contains("line 2"));
        assert!(Names::parse(&format!("{MAGIC}\nword\tx")).is_err());
    }
}
