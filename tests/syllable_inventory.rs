//! Every attested syllable with count ≥ 5 parses and composes back to itself in its own style.
//!
//! The inventory also holds loanword syllables ("king", "ping") that parse but are not standard Vietnamese, two
//! misspellings with the tone on the onset's i ("gía", "gịa", which compose to the correct "giá", "giạ"), and
//! a few two-syllable loanwords written as one token ("tivi", "email"), which are not syllables at all.

use vnocr::syllable::{Syllable, ToneStyle};

const MISPLACED: [(&str, &str); 2] = [("gía", "giá"), ("gịa", "giạ")];

#[test]
fn attested_inventory_round_trips() {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../shared/lexicon/derived-syllable-inventory/valid_syllables_attested.tsv"
    );
    let text = std::fs::read_to_string(path).expect("../shared beside the repo");
    let (mut checked, mut valid, mut multi) = (0, 0, Vec::new());
    let mut bad = Vec::new();
    for line in text.lines().skip(1) {
        let mut cols = line.split('\t');
        let (Some(word), Some(count)) = (cols.next(), cols.next()) else {
            continue;
        };
        if count.parse::<u64>().unwrap_or(0) < 5 {
            continue;
        }
        checked += 1;
        let style = Syllable::style_of(word).unwrap_or(ToneStyle::Classic);
        let want = MISPLACED.iter().find(|(w, _)| *w == word).map_or(word, |(_, fixed)| *fixed);
        match Syllable::parse(word) {
            Some(s) if s.compose(style) == want => valid += usize::from(s.is_valid()),
            Some(s) => bad.push(format!("{word}: composed {}", s.compose(style))),
            None if two_vowel_groups(word) => multi.push(word.to_string()),
            None => bad.push(format!("{word}: does not parse")),
        }
    }
    assert!(checked > 6000, "only {checked} syllables checked");
    assert!(bad.is_empty(), "{} of {checked} fail:\n{}", bad.len(), bad.join("\n"));
    assert!(multi.len() <= 5, "too many multi-syllable tokens: {multi:?}");
    // Loanword syllables (king, ping, ...) parse but are not valid Vietnamese; they are few.
    assert!(checked - valid - multi.len() < 40, "{} invalid of {checked}", checked - valid);
}

fn two_vowel_groups(word: &str) -> bool {
    let folded = vnocr::syllable::fold(word);
    let groups = folded.split(|c: char| !"aeiouy".contains(c)).filter(|g| !g.is_empty()).count();
    groups >= 2
}
