//! The Vietnamese written syllable: onset, medial, nucleus, coda and tone.
//!
//! A syllable is parsed from its written form (any case, either tone-placement style, tone marks even on the
//! "wrong" vowel, as OCR and careless typing produce them) and composed back in the style asked for.
//!
//! ```
//! use vnocr::syllable::{Syllable, Tone, ToneStyle};
//!
//! let s = Syllable::parse("nứơc").unwrap();
//! assert_eq!(s.tone, Tone::Acute);
//! assert_eq!(s.compose(ToneStyle::Classic), "nước");
//!
//! let hoa = Syllable::parse("hoà").unwrap();
//! assert_eq!(hoa.compose(ToneStyle::Classic), "hòa");
//! assert_eq!(hoa.compose(ToneStyle::Modern), "hoà");
//! assert!(hoa.is_valid());
//! assert!(!Syllable::parse("cem").unwrap().is_valid()); // c before e must be k
//! ```

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::decompose_canonical;

/// The six tones of Vietnamese.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Tone {
    /// ngang (no mark)
    Level = 0,
    /// huyền (à)
    Grave = 1,
    /// sắc (á)
    Acute = 2,
    /// hỏi (ả)
    Hook = 3,
    /// ngã (ã)
    Tilde = 4,
    /// nặng (ạ)
    Dot = 5,
}

impl Tone {
    /// All tones, `Level` first.
    pub const ALL: [Tone; 6] = [Tone::Level, Tone::Grave, Tone::Acute, Tone::Hook, Tone::Tilde, Tone::Dot];

    /// The combining mark of this tone, if it has one.
    pub fn mark(self) -> Option<char> {
        match self {
            Tone::Level => None,
            Tone::Grave => Some('\u{300}'),
            Tone::Acute => Some('\u{301}'),
            Tone::Hook => Some('\u{309}'),
            Tone::Tilde => Some('\u{303}'),
            Tone::Dot => Some('\u{323}'),
        }
    }

    /// The tone a combining mark stands for.
    pub fn from_mark(c: char) -> Option<Tone> {
        Some(match c {
            '\u{300}' => Tone::Grave,
            '\u{301}' => Tone::Acute,
            '\u{309}' => Tone::Hook,
            '\u{303}' => Tone::Tilde,
            '\u{323}' => Tone::Dot,
            _ => return None,
        })
    }
}

/// Where the tone mark goes in open syllables with `oa`, `oe`, `uy`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum ToneStyle {
    /// hòa, thủy, khỏe: the traditional style of official documents.
    #[default]
    Classic,
    /// hoà, thuỷ, khoẻ.
    Modern,
}

impl std::str::FromStr for ToneStyle {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s {
            "classic" | "old" => Ok(ToneStyle::Classic),
            "modern" | "new" => Ok(ToneStyle::Modern),
            _ => Err(format!("unknown tone style {s:?} (expected classic or modern)")),
        }
    }
}

const ONSETS: [&str; 28] = [
    "ngh", "ng", "nh", "ch", "gh", "gi", "kh", "ph", "th", "tr", "qu", "b", "c", "d", "đ", "g", "h", "k", "l", "m",
    "n", "p", "r", "s", "t", "v", "x", "",
];

/// Is `letters` (small, no marks but đ) the start of an onset ("t", "ng", "tr", "ngh"; not "sr")?
pub fn onset_prefix(letters: &str) -> bool {
    ONSETS.iter().any(|o| o.starts_with(letters))
}

const CODAS: [&str; 8] = ["ch", "nh", "ng", "c", "m", "n", "p", "t"];

/// Is `letters` (small, no marks) the end of a coda ("g", "ng", "h", "t"; not "s" or "")?
pub fn coda_suffix(letters: &str) -> bool {
    !letters.is_empty() && CODAS.iter().any(|c| c.ends_with(letters))
}

/// Does `s` (a rime or a whole syllable) end in a stop coda (p, t, c, ch), which takes only the sắc or nặng tone?
fn ends_in_stop(s: &str) -> bool {
    ["p", "t", "c", "ch"].iter().any(|c| s.ends_with(c))
}

/// Written rimes (medial + nucleus + coda, no tone) of standard Vietnamese.
const RIMES: &[&str] = &[
    "a", "ac", "ach", "ai", "am", "an", "ang", "anh", "ao", "ap", "at", "au", "ay", //
    "ăc", "ăm", "ăn", "ăng", "ăp", "ăt", //
    "âc", "âm", "ân", "âng", "âp", "ât", "âu", "ây", //
    "e", "ec", "em", "en", "eng", "eo", "ep", "et", //
    "ê", "êch", "êm", "ên", "ênh", "êp", "êt", "êu", //
    "i", "ich", "im", "in", "inh", "ip", "it", "iu", "ia", //
    "iêc", "iêm", "iên", "iêng", "iêp", "iêt", "iêu", //
    "yêm", "yên", "yêng", "yêt", "yêu", "y", //
    "o", "oc", "oi", "om", "on", "ong", "op", "ot", "oong", "ooc", //
    "ô", "ôc", "ôi", "ôm", "ôn", "ông", "ôp", "ôt", "ôông", "ôôc", //
    "ơ", "ơi", "ơm", "ơn", "ơp", "ơt", //
    "u", "uc", "ui", "um", "un", "ung", "up", "ut", "ua", //
    "uôc", "uôi", "uôm", "uôn", "uông", "uôt", //
    "ư", "ưc", "ưi", "ưm", "ưn", "ưng", "ưt", "ưu", "ưa", //
    "ươc", "ươi", "ươm", "ươn", "ương", "ươp", "ươt", "ươu", //
    "oa", "oac", "oach", "oai", "oam", "oan", "oang", "oanh", "oao", "oap", "oat", "oay", //
    "oăc", "oăm", "oăn", "oăng", "oăt", "oe", "oen", "oeo", "oet", "oem", //
    "uân", "uâng", "uât", "uây", "uê", "uêch", "uênh", "uy", "uych", "uyn", "uynh", "uyp", "uyt", "uyu", "uya", "uyên",
    "uyêt", "uơ", "ynh", "yt",
];

/// [`RIMES`] in order, for a binary search.
static SORTED_RIMES: std::sync::LazyLock<Vec<&str>> = std::sync::LazyLock::new(|| {
    let mut rimes = RIMES.to_vec();
    rimes.sort_unstable();
    rimes
});

const VOWELS: &str = "aăâeêioôơuưy";
const MARKED_VOWELS: &str = "ăâêôơư";

fn is_vowel(c: char) -> bool {
    VOWELS.contains(c)
}

/// A parsed syllable. `onset` includes `qu` and `gi` as written; `rime` is medial + nucleus + coda.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Syllable {
    /// Written onset: "", "b", "ngh", "qu", "gi", ...
    pub onset: String,
    /// Written rime without tone: "oan", "ương", "i" ...
    pub rime: String,
    /// The tone.
    pub tone: Tone,
}

impl Syllable {
    /// Parses a written syllable (any case, NFC or NFD, either tone style, misplaced marks tolerated).
    ///
    /// Returns `None` when the word is not shaped like a Vietnamese syllable: no vowel, letters outside the
    /// Vietnamese alphabet, more than one tone mark, or consonants after the coda. Shape is not validity: see
    /// [`Syllable::is_valid`].
    pub fn parse(word: &str) -> Option<Syllable> {
        let (base, tone) = split_tone(word)?;
        let base = base.as_str();
        // The onset: longest match, with gi and qu needing a vowel after them to be onsets.
        let mut onset = "";
        for o in ONSETS {
            if let Some(rest) = base.strip_prefix(o) {
                if o == "qu" && !rest.starts_with(is_vowel) {
                    continue;
                }
                onset = o;
                break;
            }
        }
        let rest = &base[onset.len()..];
        let rime = if onset == "gi" && (rest.starts_with('ê') || !rest.starts_with(is_vowel)) {
            // "gì", "gìn", "giết": the onset's i is the nucleus (or the start of iê).
            format!("i{rest}")
        } else {
            rest.to_string()
        };
        // Shape: vowels then an optional consonant coda, nothing else.
        let vowel_len: usize = rime.chars().take_while(|&c| is_vowel(c)).map(char::len_utf8).sum();
        if vowel_len == 0 {
            return None;
        }
        let coda = &rime[vowel_len..];
        if !coda.is_empty() && !CODAS.contains(&coda) {
            return None;
        }
        Some(Syllable { onset: onset.to_string(), rime, tone })
    }

    /// Is this a syllable of standard Vietnamese: a known rime, the c/k/q, g/gh, ng/ngh spelling rules, and a stop
    /// coda (p t c ch) only with sắc or nặng?
    pub fn is_valid(&self) -> bool {
        let rime = self.rime.as_str();
        if SORTED_RIMES.binary_search(&rime).is_err() {
            return false;
        }
        let first = rime.chars().next().unwrap_or('a');
        let front = matches!(first, 'i' | 'e' | 'ê' | 'y');
        let ok_onset = match self.onset.as_str() {
            "c" | "g" | "ng" => !front,
            "k" | "gh" | "ngh" => front,
            "qu" => !matches!(first, 'o' | 'u' | 'ư'),
            _ => true,
        };
        // y after a consonant onset is only written in a few words (mỹ, kỹ, lý, quý ...); i/y choice is free here.
        let ok_tone = !ends_in_stop(rime) || matches!(self.tone, Tone::Acute | Tone::Dot);
        ok_onset && ok_tone
    }

    /// Writes the syllable in lowercase with the tone placed in `style`.
    pub fn compose(&self, style: ToneStyle) -> String {
        let onset = if self.onset == "gi" && self.rime.starts_with('i') { "g" } else { self.onset.as_str() };
        let at = self.tone_position(style);
        let mut out = String::with_capacity(onset.len() + self.rime.len() + 3);
        out.push_str(onset);
        for (i, c) in self.rime.chars().enumerate() {
            match (i == at, self.tone.mark()) {
                (true, Some(m)) => out.extend([c, m].into_iter().nfc()),
                _ => out.push(c),
            }
        }
        out
    }

    /// The same syllable without its tone.
    pub fn toneless(&self) -> Syllable {
        Syllable { tone: Tone::Level, ..self.clone() }
    }

    /// Index (in chars of `rime`) of the vowel that carries the tone mark.
    fn tone_position(&self, style: ToneStyle) -> usize {
        let chars: Vec<char> = self.rime.chars().collect();
        let nv = chars.iter().take_while(|&&c| is_vowel(c)).count();
        if let Some(p) = chars[..nv].iter().rposition(|&c| MARKED_VOWELS.contains(c)) {
            return p;
        }
        if nv < chars.len() {
            return nv - 1; // closed syllable: the last vowel
        }
        match nv {
            1 => 0,
            2 => {
                let pair: String = chars.iter().collect();
                if matches!(pair.as_str(), "oa" | "oe" | "uy") && style == ToneStyle::Modern { 1 } else { 0 }
            }
            _ => 1,
        }
    }

    /// The style this written word uses, when its spelling shows one (open `oa`, `oe`, `uy` with a tone).
    pub fn style_of(word: &str) -> Option<ToneStyle> {
        let s = Syllable::parse(word)?;
        if s.tone == Tone::Level || s.compose(ToneStyle::Classic) == s.compose(ToneStyle::Modern) {
            return None;
        }
        let lower = word.nfc().collect::<String>().to_lowercase();
        if lower == s.compose(ToneStyle::Classic) {
            Some(ToneStyle::Classic)
        } else if lower == s.compose(ToneStyle::Modern) {
            Some(ToneStyle::Modern)
        } else {
            None
        }
    }
}

/// Lowercases and NFD-splits a word into (base letters with quality marks, NFC; tone). `None` for letters
/// outside the Vietnamese alphabet or more than one distinct tone mark.
fn split_tone(word: &str) -> Option<(String, Tone)> {
    let mut tone = Tone::Level;
    let mut base = String::with_capacity(word.len());
    for c in word.chars().flat_map(char::to_lowercase) {
        if c.is_ascii() {
            base.push(c);
            continue;
        }
        // A precomposed letter: its letter, at most one letter mark (breve, circumflex, horn) and a tone mark,
        // put together again without the tone. A combining mark on its own (NFD input) takes the long way.
        let (mut letter, mut mark, mut ok) = (None, None, true);
        decompose_canonical(c, |d| {
            if let Some(t) = Tone::from_mark(d) {
                ok &= tone == Tone::Level || tone == t;
                tone = t;
            } else if letter.is_none() {
                letter = Some(d);
            } else {
                ok &= mark.is_none();
                mark = Some(d);
            }
        });
        match (letter, mark) {
            _ if !ok => return None,
            (Some(l), _) if is_combining_mark(l) => return split_tone_decomposed(word),
            (Some(l), None) => base.push(l),
            (Some(l), Some(m)) => base.push(unicode_normalization::char::compose(l, m)?),
            (None, _) => {}
        }
    }
    letters_of_the_alphabet(base, tone)
}

/// [`split_tone`] of a word holding combining marks of its own: every char decomposed, the tone marks taken
/// out, the rest composed again.
fn split_tone_decomposed(word: &str) -> Option<(String, Tone)> {
    let mut tone = Tone::Level;
    let mut base = String::with_capacity(word.len());
    for c in word.chars().flat_map(char::to_lowercase) {
        let mut ok = true;
        decompose_canonical(c, |d| {
            if let Some(t) = Tone::from_mark(d) {
                ok &= tone == Tone::Level || tone == t;
                tone = t;
            } else {
                base.push(d);
            }
        });
        if !ok {
            return None;
        }
    }
    letters_of_the_alphabet(base.nfc().collect(), tone)
}

/// `base` with `tone` when its letters are all of the Vietnamese alphabet.
fn letters_of_the_alphabet(base: String, tone: Tone) -> Option<(String, Tone)> {
    if !base.chars().all(|c| c.is_ascii_lowercase() || "ăâêôơưđ".contains(c)) {
        return None;
    }
    if base.contains(['f', 'j', 'w', 'z']) {
        return None;
    }
    Some((base, tone))
}

/// Letter case of a written word, to carry from the OCR to the restored word.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Case {
    /// all lowercase (or no letters)
    Lower,
    /// First letter uppercase, the rest lowercase
    Title,
    /// two or more letters, all uppercase
    Upper,
    /// anything else ("iPhone", "TTg")
    Mixed,
}

impl Case {
    /// The case pattern of a word.
    pub fn of(word: &str) -> Case {
        let mut letters = word.chars().filter(|c| c.is_alphabetic());
        let Some(first) = letters.next() else { return Case::Lower };
        // The letters after the first: any, all capitals, all small (counted as they come, no buffer: the
        // restorer asks this of every word token).
        let (mut more, mut rest_upper, mut rest_lower) = (false, true, true);
        for c in letters {
            more = true;
            rest_upper &= c.is_uppercase();
            rest_lower &= c.is_lowercase();
        }
        match (first.is_uppercase(), rest_upper, rest_lower) {
            (true, true, _) if more => Case::Upper,
            (true, _, true) => Case::Title,
            (false, _, true) => Case::Lower,
            _ => Case::Mixed,
        }
    }

    /// Writes a lowercase word in this case (`Mixed` leaves it lowercase).
    pub fn apply(self, lower: &str) -> String {
        match self {
            Case::Lower | Case::Mixed => lower.to_string(),
            Case::Upper => lower.to_uppercase(),
            Case::Title => {
                let mut c = lower.chars();
                match c.next() {
                    Some(f) => f.to_uppercase().chain(c).collect(),
                    None => String::new(),
                }
            }
        }
    }
}

/// Rewrites a word's tone placement in `style`, keeping its case. Words that are not syllables come back as
/// they were (in NFC).
///
/// ```
/// use vnocr::syllable::{retone, ToneStyle};
/// assert_eq!(retone("THUỶ", ToneStyle::Classic), "THỦY");
/// assert_eq!(retone("Hòa", ToneStyle::Modern), "Hoà");
/// assert_eq!(retone("iPhone", ToneStyle::Modern), "iPhone");
/// ```
pub fn retone(word: &str, style: ToneStyle) -> String {
    let nfc: String = word.nfc().collect();
    let case = Case::of(&nfc);
    match Syllable::parse(&nfc) {
        Some(s) if case != Case::Mixed && s.tone != Tone::Level => case.apply(&s.compose(style)),
        _ => nfc,
    }
}

/// Is `word`, in any case, a valid syllable of standard Vietnamese ([`Syllable::is_valid`])?
pub fn is_syllable(word: &str) -> bool {
    Syllable::parse(word).is_some_and(|s| s.is_valid())
}

/// Is `word`, in any case, a valid syllable with its own tone or with sắc: a syllable whose marks an OCR may have
/// dropped ("VAT" for "VẬT", which a level tone cannot end).
///
/// ```
/// use vnocr::syllable::syllable_shaped;
/// assert!(syllable_shaped("VAT") && syllable_shaped("cap") && syllable_shaped("Bảo"));
/// assert!(!syllable_shaped("KH") && !syllable_shaped("TW") && !syllable_shaped("UBND"));
/// ```
pub fn syllable_shaped(word: &str) -> bool {
    Syllable::parse(word).is_some_and(|s| s.is_valid() || Syllable { tone: Tone::Acute, ..s }.is_valid())
}

/// Do `word`'s letters, every mark aside, have a syllable's shape (an onset, vowels, a coda): what an OCR that
/// strips horns and circumflexes too leaves of one ("PHUONG", "XUAT", "NUOC", which no tone makes valid), but not
/// an acronym or a foreign word ("UBND", "ABC", "XYZ").
///
/// ```
/// use vnocr::syllable::letters_shaped;
/// assert!(letters_shaped("PHUONG") && letters_shaped("xuat") && letters_shaped("Nước"));
/// assert!(!letters_shaped("UBND") && !letters_shaped("ABC") && !letters_shaped("XYZ"));
/// ```
pub fn letters_shaped(word: &str) -> bool {
    Syllable::parse(&fold(word)).is_some()
}

/// Is `word` (lowercase) a Vietnamese syllable with marks whose only fault is its tone: a stop coda without sắc or
/// nặng ("đươc", "đăc", "viêt")? That is a typo, or a tone an OCR dropped; the corpora hold a few, so the vocabulary
/// does. Names that break other rules ("Kông", "Đak", "Krông") are not misspelt.
///
/// ```
/// use vnocr::syllable::is_misspelt;
/// assert!(is_misspelt("đươc") && is_misspelt("đăc") && is_misspelt("viêt") && is_misspelt("xêch") && is_misspelt("tâp"));
/// assert!(!is_misspelt("được") && !is_misspelt("kông") && !is_misspelt("đak") && !is_misspelt("hoc"));
/// assert!(!is_misspelt("chênh") && !is_misspelt("xếch") && !is_misspelt("tập"));
/// ```
pub fn is_misspelt(word: &str) -> bool {
    // Only a stop coda asks for a tone.
    !word.is_ascii()
        && ends_in_stop(word)
        && Syllable::parse(word).is_some_and(|s| !s.is_valid() && Syllable { tone: Tone::Acute, ..s }.is_valid())
}

/// The folded skeleton of a word: lowercase, every diacritic removed, đ → d ("Đường" → "duong").
pub fn fold(word: &str) -> String {
    let mut out = String::with_capacity(word.len());
    for c in word.chars().flat_map(char::to_lowercase) {
        fold_char(c, &mut out);
    }
    out
}

/// A vowel letter, with any marks (small: "ó", "ê", "ư"; or folded: "o", "e", "u").
pub(crate) fn vowel_letter(c: char) -> bool {
    matches!(fold_one(c), 'a' | 'e' | 'i' | 'o' | 'u' | 'y')
}

/// The folded form of one (lowercase) char, when it folds to a letter ("ế" → 'e', "đ" → 'd'); else the char
/// itself. [`fold_char`] without a buffer.
pub fn fold_one(c: char) -> char {
    if c.is_ascii() {
        return c;
    }
    if c == 'đ' || c == 'Đ' {
        return 'd';
    }
    let mut first = None;
    decompose_canonical(c, |d| {
        if first.is_none() && !is_combining_mark(d) {
            first = Some(d);
        }
    });
    first.unwrap_or(c)
}

/// Pushes the folded form of one (lowercase) char.
pub fn fold_char(c: char, out: &mut String) {
    if c.is_ascii() {
        out.push(c);
    } else if c == 'đ' || c == 'Đ' {
        out.push('d');
    } else {
        decompose_canonical(c, |d| {
            if !is_combining_mark(d) {
                out.push(d);
            }
        });
    }
}

/// Removes the tone mark only, keeping vowel quality marks and đ ("thưởng" → "thương"); keeps case.
pub fn strip_tone(word: &str) -> String {
    let mut out = String::with_capacity(word.len());
    for c in word.chars() {
        if c.is_ascii() {
            out.push(c);
            continue;
        }
        let mut tmp = String::new();
        decompose_canonical(c, |d| {
            if Tone::from_mark(d).is_none() {
                tmp.push(d);
            }
        });
        out.extend(tmp.nfc());
    }
    out
}

/// A combining mark (U+0300–U+036F), which a precomposed letter never is.
fn is_combining_mark(c: char) -> bool {
    matches!(c, '\u{300}'..='\u{36f}')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parse_table() {
        // word, onset, rime, tone, classic, modern
        let table = [
            ("hoà", "h", "oa", Tone::Grave, "hòa", "hoà"),
            ("thủy", "th", "uy", Tone::Hook, "thủy", "thuỷ"),
            ("khoẻ", "kh", "oe", Tone::Hook, "khỏe", "khoẻ"),
            ("quý", "qu", "y", Tone::Acute, "quý", "quý"),
            ("quốc", "qu", "ôc", Tone::Acute, "quốc", "quốc"),
            ("gì", "gi", "i", Tone::Grave, "gì", "gì"),
            ("giết", "gi", "iêt", Tone::Acute, "giết", "giết"),
            ("giữ", "gi", "ư", Tone::Tilde, "giữ", "giữ"),
            ("nghiêng", "ngh", "iêng", Tone::Level, "nghiêng", "nghiêng"),
            ("Đường", "đ", "ương", Tone::Grave, "đường", "đường"),
            ("nứơc", "n", "ươc", Tone::Acute, "nước", "nước"),
            ("hoàn", "h", "oan", Tone::Grave, "hoàn", "hoàn"),
            ("ngoài", "ng", "oai", Tone::Grave, "ngoài", "ngoài"),
            ("khuya", "kh", "uya", Tone::Level, "khuya", "khuya"),
            ("của", "c", "ua", Tone::Hook, "của", "của"),
            ("ủy", "", "uy", Tone::Hook, "ủy", "uỷ"),
            ("ý", "", "y", Tone::Acute, "ý", "ý"),
            ("chuyển", "ch", "uyên", Tone::Hook, "chuyển", "chuyển"),
        ];
        for (w, onset, rime, tone, classic, modern) in table {
            let s = Syllable::parse(w).unwrap_or_else(|| panic!("{w} does not parse"));
            assert_eq!((s.onset.as_str(), s.rime.as_str(), s.tone), (onset, rime, tone), "{w}");
            assert_eq!(s.compose(ToneStyle::Classic), classic, "{w} classic");
            assert_eq!(s.compose(ToneStyle::Modern), modern, "{w} modern");
            assert!(s.is_valid(), "{w} valid");
        }
    }

    #[test]
    fn invalid_and_unparsable() {
        for w in ["cem", "ghan", "ngi", "bàp", "tàc"] {
            assert!(Syllable::parse(w).is_none_or(|s| !s.is_valid()), "{w} should be invalid");
        }
        for w in ["xyzw", "bcd", "s6", "ctia", "tĩ̀", ""] {
            assert!(Syllable::parse(w).is_none(), "{w} should not parse");
        }
        assert!(Syllable::parse("tác").unwrap().is_valid());
    }

    proptest::proptest! {
        /// Splitting the tone off char by char agrees with decomposing the whole word and composing it again, on
        /// words of Vietnamese letters (any case, every mark), stray marks and other letters, NFC or NFD.
        #[test]
        fn split_tone_agrees_with_the_decomposed_path(word in "[a-zA-ZđĐăâêôơưĂÂÊÔƠƯàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵÀÉỆỮǖﬁ\u{301}\u{302}\u{323}]{0,8}") {
            proptest::prop_assert_eq!(split_tone(&word), split_tone_decomposed(&word));
            let nfd: String = word.nfd().collect();
            proptest::prop_assert_eq!(split_tone(&nfd), split_tone_decomposed(&word));
        }
    }

    #[test]
    fn fold_and_case() {
        assert_eq!(fold("Đường"), "duong");
        assert_eq!(fold("THỦY"), "thuy");
        assert_eq!(strip_tone("Thưởng"), "Thương");
        assert_eq!(Case::of("UBND"), Case::Upper);
        assert_eq!(Case::of("Hà"), Case::Title);
        assert_eq!(Case::of("TTg"), Case::Mixed);
        assert_eq!(Case::Upper.apply("quảng"), "QUẢNG");
        assert_eq!(Case::Title.apply("đà"), "Đà");
    }
}
