//! Normalization: legacy encodings to Unicode, OCR ligature glyphs to letters, NFC, one tone-placement style;
//! with a map from every output byte back to the input.
//!
//! The steps, in order:
//! 1. **Legacy decoding** ([`Encoding`]): text typed in a pre-Unicode Vietnamese font encoding and stored as if
//!    it were Windows-1252/Latin-1 ("Thñ t−íng ChÝnh phñ" is TCVN3 for "Thủ tướng Chính phủ", "Vieät Nam" is
//!    VNI-Windows for "Việt Nam"), or typed as VIQR ASCII marks ("Vie^.t Nam").
//! 2. **OCR glyphs**: the Latin ligatures ﬀ ﬁ ﬂ ﬃ ﬄ ﬅ ﬆ become their letters; Ð (U+00D0, Icelandic eth, which OCR and
//!    old fonts give for the identical-looking Đ) becomes Đ (U+0110).
//! 3. **NFC**: decomposed letters ("a" + U+0301) are composed.
//! 4. **Tone placement**: every word that is a valid Vietnamese syllable ([`Syllable::is_valid`]) gets its tone
//!    mark in one [`ToneStyle`] (hòa / hoà), its case kept ([`crate::syllable::retone`] on the `Word` tokens of
//!    [`crate::tokenize`]). Misplaced marks are moved too ("nứơc" → "nước"). Words that are not valid syllables
//!    (OCR noise such as "céac" or "tué") are left exactly as they are.
//!
//! Nothing else changes: spaces, line breaks (`\r\n` included), punctuation and unknown words stay byte for byte.
//!
//! **Offsets.** [`Normalized::offsets`] has one entry per output *byte* plus one: `offsets[i]` is the byte offset
//! in the input of the start of the input character that output byte `i` came from, and
//! `offsets[text.len()] == input.len()`. Offsets are non-decreasing and always fall on input character
//! boundaries, so the input span of an output range `a..b` is `offsets[a]..offsets[b]` (see
//! [`Normalized::source_span`]). When a step rewrites a group of characters as a whole (a legacy letter with its
//! mark bytes, an NFC composition, a re-toned word whose length changed) every output byte of the group maps to
//! the group's first input character.
//!
//! **Idempotence.** For Unicode input, `normalize(normalize(x)) == normalize(x)`. A legacy decoder is not
//! idempotent by nature (decoded "â" is itself a TCVN3 code), so for legacy input the property is that the
//! output is a fixed point of the Unicode normalizer with the same tone style.
//!
//! ```
//! use vnocr::normalize::{Encoding, Normalizer};
//! use vnocr::syllable::ToneStyle;
//!
//! let n = Normalizer::new().tones(ToneStyle::Classic).normalize("Hoà bình, thuỷ lợi, khoẻ");
//! assert_eq!(n.text, "Hòa bình, thủy lợi, khỏe");
//!
//! let tcvn = Normalizer::new().from(Encoding::Tcvn3).normalize("Thñ t−íng ChÝnh phñ");
//! assert_eq!(tcvn.text, "Thủ tướng Chính phủ");
//! // "ủ" (3 bytes) came from "ñ" (2 bytes) at input byte 2.
//! assert_eq!(tcvn.source_span(2..5), 2..4);
//!
//! let vni = Normalizer::new().from(Encoding::Vni).normalize("Coäng hoøa xaõ hoäi");
//! assert_eq!(vni.text, "Cộng hòa xã hội");
//!
//! let viqr = Normalizer::new().from(Encoding::Viqr).normalize("Vie^.t Nam, ddu+o+`ng");
//! assert_eq!(viqr.text, "Việt Nam, đường");
//! ```

use std::ops::Range;

use unicode_normalization::char::canonical_combining_class;
use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfc, is_nfc_quick};

use crate::syllable::{Syllable, ToneStyle, retone};
use crate::tokenize::{TokenKind, tokenize};

/// The encoding of the input text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Encoding {
    /// Unicode text (any normalization form).
    #[default]
    Unicode,
    /// TCVN 5712:1993 VN3 ("ABC"), 8-bit font codes read as Windows-1252/Latin-1 characters. Its fonts have no
    /// toned capitals (headings used a separate capitals font), so toned letters decode to lowercase.
    Tcvn3,
    /// VNI-Windows, 8-bit font codes read as Windows-1252/Latin-1 characters: a base letter followed by a mark
    /// character ("aø" = à, "Vieät" = Việt).
    Vni,
    /// VIQR (RFC 1456): ASCII marks after the vowel (`a( a^ e^ o^ o+ u+` for ă â ê ô ơ ư, `' ` ? ~ .` for the
    /// tones), `dd` for đ at the start of a word, `\` before a mark character to keep it literal.
    Viqr,
}

impl std::str::FromStr for Encoding {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s.to_ascii_lowercase().as_str() {
            "unicode" | "utf8" | "utf-8" => Ok(Encoding::Unicode),
            "tcvn3" | "tcvn" | "abc" => Ok(Encoding::Tcvn3),
            "vni" | "vni-windows" => Ok(Encoding::Vni),
            "viqr" => Ok(Encoding::Viqr),
            _ => Err(format!("unknown encoding {s:?} (expected unicode, tcvn3, vni or viqr)")),
        }
    }
}

/// Normalized text and the map back to the input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Normalized {
    /// The normalized text.
    pub text: String,
    /// For every byte of `text`, the input byte offset of the input character it came from; plus a final entry,
    /// the input's length. Non-decreasing.
    pub offsets: Vec<usize>,
}

impl Normalized {
    /// Replaces the text by a step's output, composing the offsets.
    fn apply(&mut self, step: Option<Mapped>) {
        if let Some(m) = step {
            self.offsets = m.offsets.iter().map(|&o| self.offsets[o]).collect();
            self.text = m.text;
        }
    }

    /// The input byte span an output byte range came from. `range` must lie within `text`.
    pub fn source_span(&self, range: Range<usize>) -> Range<usize> {
        self.offsets[range.start]..self.offsets[range.end]
    }
}

/// Normalizes text: see the [module documentation](self). Built with chained setters.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Normalizer {
    tones: Option<ToneStyle>,
    from: Encoding,
}

impl Default for Normalizer {
    fn default() -> Self {
        Normalizer::new()
    }
}

impl Normalizer {
    /// Unicode input, tones placed in the classic style (the internal style of vnocr).
    pub fn new() -> Normalizer {
        Normalizer { tones: Some(ToneStyle::Classic), from: Encoding::Unicode }
    }

    /// Place tone marks in `style`.
    pub fn tones(mut self, style: ToneStyle) -> Normalizer {
        self.tones = Some(style);
        self
    }

    /// Leave tone placement as it is in the input.
    pub fn keep_tones(mut self) -> Normalizer {
        self.tones = None;
        self
    }

    /// Decode the input from `encoding` first.
    pub fn from(mut self, encoding: Encoding) -> Normalizer {
        self.from = encoding;
        self
    }

    /// The tone style (`None`: kept as in the input).
    pub fn tone_style(&self) -> Option<ToneStyle> {
        self.tones
    }

    /// The input encoding.
    pub fn encoding(&self) -> Encoding {
        self.from
    }

    /// Normalizes `input`. Never fails.
    pub fn normalize(&self, input: &str) -> Normalized {
        let mut offsets = Vec::with_capacity(input.len() + 1);
        for (i, c) in input.char_indices() {
            offsets.extend(std::iter::repeat_n(i, c.len_utf8()));
        }
        offsets.push(input.len());
        let mut out = Normalized { text: input.to_string(), offsets };
        let decoded = match self.from {
            Encoding::Unicode => None,
            Encoding::Tcvn3 => decode_tcvn3(input),
            Encoding::Vni => decode_vni(input),
            Encoding::Viqr => decode_viqr(input),
        };
        out.apply(decoded);
        out.apply(fix_glyphs(&out.text));
        out.apply(nfc(&out.text));
        if let Some(style) = self.tones {
            out.apply(place_tones(&out.text, style));
        }
        out
    }
}

/// Text under construction with its offsets into the step's input.
struct Mapped {
    text: String,
    offsets: Vec<usize>,
}

impl Mapped {
    fn new(cap: usize) -> Mapped {
        Mapped { text: String::with_capacity(cap), offsets: Vec::with_capacity(cap + 1) }
    }

    fn push_str(&mut self, s: &str, src: usize) {
        self.text.push_str(s);
        self.offsets.resize(self.text.len(), src);
    }

    fn push(&mut self, c: char, src: usize) {
        self.text.push(c);
        self.offsets.resize(self.text.len(), src);
    }

    /// Finishes with the end entry; `None` when nothing changed.
    fn finish(mut self, input: &str) -> Option<Mapped> {
        if self.text == input {
            return None;
        }
        self.offsets.push(input.len());
        Some(self)
    }
}

const GRAVE: char = '\u{300}';
const ACUTE: char = '\u{301}';
const CIRCUMFLEX: char = '\u{302}';
const TILDE: char = '\u{303}';
const BREVE: char = '\u{306}';
const HOOK: char = '\u{309}';
const HORN: char = '\u{31b}';
const DOT: char = '\u{323}';

/// `base` with an optional quality mark and an optional tone mark, as one precomposed char when Unicode has it.
fn compose(base: char, quality: Option<char>, tone: Option<char>) -> String {
    [Some(base), quality, tone].into_iter().flatten().nfc().collect()
}

/// The TCVN3 (VN3) code points, as the Latin-1 characters they show as, and the letters they stand for.
const TCVN3: [(char, char); 67] = [
    ('\u{a1}', 'Ă'),
    ('\u{a2}', 'Â'),
    ('\u{a3}', 'Ê'),
    ('\u{a4}', 'Ô'),
    ('\u{a5}', 'Ơ'),
    ('\u{a6}', 'Ư'),
    ('\u{a7}', 'Đ'),
    ('\u{a8}', 'ă'),
    ('\u{a9}', 'â'),
    ('\u{aa}', 'ê'),
    ('\u{ab}', 'ô'),
    ('\u{ac}', 'ơ'),
    ('\u{ad}', 'ư'),
    ('\u{ae}', 'đ'),
    ('\u{b5}', 'à'),
    ('\u{b6}', 'ả'),
    ('\u{b7}', 'ã'),
    ('\u{b8}', 'á'),
    ('\u{b9}', 'ạ'),
    ('\u{bb}', 'ằ'),
    ('\u{bc}', 'ẳ'),
    ('\u{bd}', 'ẵ'),
    ('\u{be}', 'ắ'),
    ('\u{c6}', 'ặ'),
    ('\u{c7}', 'ầ'),
    ('\u{c8}', 'ẩ'),
    ('\u{c9}', 'ẫ'),
    ('\u{ca}', 'ấ'),
    ('\u{cb}', 'ậ'),
    ('\u{cc}', 'è'),
    ('\u{ce}', 'ẻ'),
    ('\u{cf}', 'ẽ'),
    ('\u{d0}', 'é'),
    ('\u{d1}', 'ẹ'),
    ('\u{d2}', 'ề'),
    ('\u{d3}', 'ể'),
    ('\u{d4}', 'ễ'),
    ('\u{d5}', 'ế'),
    ('\u{d6}', 'ệ'),
    ('\u{d7}', 'ì'),
    ('\u{d8}', 'ỉ'),
    ('\u{dc}', 'ĩ'),
    ('\u{dd}', 'í'),
    ('\u{de}', 'ị'),
    ('\u{df}', 'ò'),
    ('\u{e1}', 'ỏ'),
    ('\u{e2}', 'õ'),
    ('\u{e3}', 'ó'),
    ('\u{e4}', 'ọ'),
    ('\u{e5}', 'ồ'),
    ('\u{e6}', 'ổ'),
    ('\u{e7}', 'ỗ'),
    ('\u{e8}', 'ố'),
    ('\u{e9}', 'ộ'),
    ('\u{ea}', 'ờ'),
    ('\u{eb}', 'ở'),
    ('\u{ec}', 'ỡ'),
    ('\u{ed}', 'ớ'),
    ('\u{ee}', 'ợ'),
    ('\u{ef}', 'ù'),
    ('\u{f1}', 'ủ'),
    ('\u{f2}', 'ũ'),
    ('\u{f3}', 'ú'),
    ('\u{f4}', 'ụ'),
    ('\u{f5}', 'ừ'),
    ('\u{f6}', 'ử'),
    ('\u{f7}', 'ữ'),
];

/// The rest of the TCVN3 table (ự and the y row), and the glyph names PDF text extraction substitutes.
const TCVN3_MORE: [(char, char); 8] = [
    ('\u{f8}', 'ứ'),
    ('\u{f9}', 'ự'),
    ('\u{fa}', 'ỳ'),
    ('\u{fb}', 'ỷ'),
    ('\u{fc}', 'ỹ'),
    ('\u{fd}', 'ý'),
    ('\u{fe}', 'ỵ'),
    // 0xAD (ư) is a soft hyphen in Latin-1; the TCVN3 fonts name the glyph "minus", so text copied out of PDFs
    // has U+2212 for ư ("t−íng").
    ('\u{2212}', 'ư'),
];

fn tcvn3_char(c: char) -> Option<char> {
    if c == '\u{b5}' || c == '\u{3bc}' {
        // 0xB5 is the micro sign; some extractors give Greek mu for it.
        return Some('à');
    }
    TCVN3.iter().chain(TCVN3_MORE.iter()).find(|(k, _)| *k == c).map(|&(_, v)| v)
}

fn decode_tcvn3(s: &str) -> Option<Mapped> {
    let mut out = Mapped::new(s.len() + s.len() / 4);
    for (i, c) in s.char_indices() {
        out.push(tcvn3_char(c).unwrap_or(c), i);
    }
    out.finish(s)
}

/// A VNI-Windows mark character after a base vowel: (quality mark, tone mark), lowercase or uppercase.
fn vni_mark(base: char, m: char) -> Option<(Option<char>, Option<char>)> {
    let b = base.to_lowercase().next().unwrap_or(base);
    let m = m.to_lowercase().next().unwrap_or(m);
    let tone = match m {
        'ù' | 'á' | 'é' => Some(ACUTE),
        'ø' | 'à' | 'è' => Some(GRAVE),
        'û' | 'å' | 'ú' => Some(HOOK),
        'õ' | 'ã' | 'ü' => Some(TILDE),
        'ï' | 'ä' | 'ë' => Some(DOT),
        _ => None,
    };
    let quality = match m {
        'â' | 'á' | 'à' | 'å' | 'ã' | 'ä' if matches!(b, 'a' | 'e' | 'o') => Some(CIRCUMFLEX),
        'ê' | 'é' | 'è' | 'ú' | 'ü' | 'ë' if b == 'a' => Some(BREVE),
        'ù' | 'ø' | 'û' | 'õ' | 'ï' => None,
        _ => return None,
    };
    if quality.is_none() && tone.is_none() {
        return None;
    }
    Some((quality, tone))
}

/// VNI-Windows base vowels that take a following mark character, as Unicode letters.
fn vni_base(c: char) -> Option<char> {
    match c {
        'a' | 'e' | 'o' | 'u' | 'y' | 'A' | 'E' | 'O' | 'U' | 'Y' => Some(c),
        'ô' => Some('ơ'),
        'ö' => Some('ư'),
        'Ô' => Some('Ơ'),
        'Ö' => Some('Ư'),
        _ => None,
    }
}

/// VNI-Windows letters written with one character.
fn vni_single(c: char) -> Option<char> {
    Some(match c {
        'í' => 'í',
        'ì' => 'ì',
        'æ' => 'ỉ',
        'ó' => 'ĩ',
        'ò' => 'ị',
        'î' => 'ỵ',
        'ñ' => 'đ',
        'Í' => 'Í',
        'Ì' => 'Ì',
        'Æ' => 'Ỉ',
        'Ó' => 'Ĩ',
        'Ò' => 'Ị',
        'Î' => 'Ỵ',
        'Ñ' => 'Đ',
        _ => return None,
    })
}

fn decode_vni(s: &str) -> Option<Mapped> {
    let mut out = Mapped::new(s.len());
    let mut it = s.char_indices().peekable();
    while let Some((i, c)) = it.next() {
        if let Some(base) = vni_base(c) {
            if let Some((quality, tone)) = it.peek().and_then(|&(_, m)| vni_mark(base, m)) {
                it.next();
                out.push_str(&compose(base, quality, tone), i);
            } else {
                out.push(base, i);
            }
        } else {
            out.push(vni_single(c).unwrap_or(c), i);
        }
    }
    out.finish(s)
}

fn viqr_tone(c: char) -> Option<char> {
    match c {
        '\'' => Some(ACUTE),
        '`' => Some(GRAVE),
        '?' => Some(HOOK),
        '~' => Some(TILDE),
        '.' => Some(DOT),
        _ => None,
    }
}

fn viqr_quality(base: char, c: char) -> Option<char> {
    match (base.to_ascii_lowercase(), c) {
        ('a', '(') => Some(BREVE),
        ('a' | 'e' | 'o', '^') => Some(CIRCUMFLEX),
        ('o' | 'u', '+') => Some(HORN),
        _ => None,
    }
}

fn is_viqr_mark(c: char) -> bool {
    matches!(c, '\'' | '`' | '?' | '~' | '.' | '(' | '^' | '+' | '\\')
}

fn decode_viqr(s: &str) -> Option<Mapped> {
    let mut out = Mapped::new(s.len());
    let chars: Vec<(usize, char)> = s.char_indices().collect();
    let mut k = 0;
    // Has the current word (run of letters) already taken a tone mark? A second tone character after a vowel
    // is then punctuation ("Ha` No^.i." ends with a full stop).
    let mut word_toned = false;
    let mut prev_letter = false;
    while k < chars.len() {
        let (i, c) = chars[k];
        let next = chars.get(k + 1).map(|&(_, c)| c);
        if c == '\\' && next.is_some_and(|n| is_viqr_mark(n) || n == 'd' || n == 'D') {
            let (j, n) = chars[k + 1];
            out.push(n, j);
            prev_letter = n.is_alphabetic();
            k += 2;
            continue;
        }
        if matches!(c, 'd' | 'D') && !prev_letter && matches!(next, Some('d' | 'D')) {
            out.push(if c == 'd' { 'đ' } else { 'Đ' }, i);
            prev_letter = true;
            k += 2;
            continue;
        }
        if "aeiouyAEIOUY".contains(c) {
            let (mut quality, mut tone) = (None, None);
            let mut j = k + 1;
            while let Some(&(_, m)) = chars.get(j) {
                if quality.is_none() && tone.is_none() && viqr_quality(c, m).is_some() {
                    quality = viqr_quality(c, m);
                } else if tone.is_none() && !word_toned && viqr_tone(m).is_some() {
                    tone = viqr_tone(m);
                    word_toned = true;
                } else if tone.is_some() && quality.is_none() && viqr_quality(c, m).is_some() {
                    quality = viqr_quality(c, m);
                } else {
                    break;
                }
                j += 1;
            }
            out.push_str(&compose(c, quality, tone), i);
            prev_letter = true;
            k = j;
            continue;
        }
        out.push(c, i);
        prev_letter = c.is_alphabetic();
        if !prev_letter {
            word_toned = false;
        }
        k += 1;
    }
    out.finish(s)
}

fn fix_glyphs(s: &str) -> Option<Mapped> {
    if !s.chars().any(|c| matches!(c, '\u{fb00}'..='\u{fb06}' | 'Ð')) {
        return None;
    }
    let mut out = Mapped::new(s.len());
    for (i, c) in s.char_indices() {
        match c {
            '\u{fb00}' => out.push_str("ff", i),
            '\u{fb01}' => out.push_str("fi", i),
            '\u{fb02}' => out.push_str("fl", i),
            '\u{fb03}' => out.push_str("ffi", i),
            '\u{fb04}' => out.push_str("ffl", i),
            '\u{fb05}' | '\u{fb06}' => out.push_str("st", i),
            'Ð' => out.push('Đ', i),
            _ => out.push(c, i),
        }
    }
    out.finish(s)
}

/// Can NFC never combine `c` with what comes before it? (ICU's "composition boundary before".)
fn nfc_boundary_before(c: char) -> bool {
    canonical_combining_class(c) == 0 && is_nfc_quick(std::iter::once(c)) == IsNormalized::Yes
}

fn nfc(s: &str) -> Option<Mapped> {
    if is_nfc(s) {
        return None;
    }
    let mut out = Mapped::new(s.len());
    let flush = |out: &mut Mapped, seg: Range<usize>| {
        let piece = &s[seg.clone()];
        if is_nfc(piece) {
            for (i, c) in piece.char_indices() {
                out.push(c, seg.start + i);
            }
        } else {
            let composed: String = piece.nfc().collect();
            out.push_str(&composed, seg.start);
        }
    };
    let mut start = 0;
    for (i, c) in s.char_indices() {
        if i > start && nfc_boundary_before(c) {
            flush(&mut out, start..i);
            start = i;
        }
    }
    flush(&mut out, start..s.len());
    out.finish(s)
}

fn place_tones(s: &str, style: ToneStyle) -> Option<Mapped> {
    let mut out = Mapped::new(s.len());
    for tok in tokenize(s) {
        let word = tok.text;
        // Only real syllables: OCR noise ("céac", "tué") stays as the OCR wrote it.
        let syllable = tok.kind == TokenKind::Word
            && !word.starts_with(|c| canonical_combining_class(c) != 0)
            && Syllable::parse(word).is_some_and(|s| s.is_valid());
        let fixed = if syllable { retone(word, style) } else { String::new() };
        if fixed.is_empty() || fixed == word {
            for (i, c) in word.char_indices() {
                out.push(c, tok.start + i);
            }
        } else if fixed.chars().count() == word.chars().count() {
            for ((i, _), c) in word.char_indices().zip(fixed.chars()) {
                out.push(c, tok.start + i);
            }
        } else {
            out.push_str(&fixed, tok.start);
        }
    }
    out.finish(s)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check_offsets(input: &str, n: &Normalized) {
        assert_eq!(n.offsets.len(), n.text.len() + 1);
        assert_eq!(*n.offsets.last().unwrap(), input.len());
        assert!(n.offsets.windows(2).all(|w| w[0] <= w[1]), "{:?}", n.offsets);
        assert!(n.offsets.iter().all(|&o| input.is_char_boundary(o)));
    }

    fn norm(from: Encoding, s: &str) -> String {
        let n = Normalizer::new().from(from).normalize(s);
        check_offsets(s, &n);
        n.text
    }

    #[test]
    fn tcvn3_real_words() {
        let table = [
            ("Thñ t\u{2212}íng ChÝnh phñ", "Thủ tướng Chính phủ"),
            ("Thñ t\u{ad}íng ChÝnh phñ", "Thủ tướng Chính phủ"),
            ("Uû ban nh©n d©n tØnh Qu¶ng Ng·i", "Ủy ban nhân dân tỉnh Quảng Ngãi"),
            ("Céng hoµ x· héi chñ nghÜa ViÖt Nam", "Cộng hòa xã hội chủ nghĩa Việt Nam"),
            ("§éc lËp - Tù do - H¹nh phóc", "Độc lập - Tự do - Hạnh phúc"),
            ("QuyÕt ®Þnh sè 2289/Q§-TTg", "Quyết định số 2289/QĐ-TTg"),
            ("B¶o Th¾ng, M\u{2212}êng Kh\u{ad}\u{ac}ng, B¸t X¸t", "Bảo Thắng, Mường Khương, Bát Xát"),
            ("khoÎ, thuû, hoµ", "khỏe, thủy, hòa"),
            ("ngµy 31/12/2020", "ngày 31/12/2020"),
            ("n\u{a8}m häc, b\u{a9}y giê, ng\u{ad}êi", "năm học, bây giờ, người"),
            ("ỳ ýÿ", "ỳ ýÿ"),
        ];
        for (tcvn, want) in table {
            assert_eq!(norm(Encoding::Tcvn3, tcvn), want, "{tcvn}");
        }
    }

    #[test]
    fn vni_real_words() {
        let table = [
            ("Coäng hoøa xaõ hoäi chuû nghóa Vieät Nam", "Cộng hòa xã hội chủ nghĩa Việt Nam"),
            ("Ñoäc laäp - Töï do - Haïnh phuùc", "Độc lập - Tự do - Hạnh phúc"),
            ("UÛY BAN NHAÂN DAÂN TÆNH QUAÛNG NGAÕI", "ỦY BAN NHÂN DÂN TỈNH QUẢNG NGÃI"),
            ("Thuû töôùng Chính phuû", "Thủ tướng Chính phủ"),
            ("naêm hoïc, baây giôø, ngöôøi, khoûe, ñöôïc", "năm học, bây giờ, người, khỏe, được"),
            ("ăn ắt ẳng", "ăn ắt ẳng"),
            ("Xin chaøo caùc baïn", "Xin chào các bạn"),
            ("tuyeån duïng, khuyeát taät, yù kieán", "tuyển dụng, khuyết tật, ý kiến"),
            ("ÑAÊNG KYÙ, ngaét, ngaèn, ngaúng", "ĐĂNG KÝ, ngắt, ngằn, ngẳng"),
        ];
        for (vni, want) in table {
            assert_eq!(norm(Encoding::Vni, vni), want, "{vni}");
        }
    }

    #[test]
    fn viqr_real_words() {
        let table = [
            ("Co^.ng ho`a xa~ ho^.i chu? nghi~a Vie^.t Nam", "Cộng hòa xã hội chủ nghĩa Việt Nam"),
            ("DDo^.c la^.p - Tu+. do - Ha.nh phu'c", "Độc lập - Tự do - Hạnh phúc"),
            ("Ha` No^.i. Ba.n kho^ng?", "Hà Nội. Bạn không?"),
            ("ngu+o+`i, na(m, kho?e", "người, năm, khỏe"),
            ("addition \\dd x\\.y", "addition dd x.y"),
            ("A('n, O+', U+`", "Ắn, Ớ, Ừ"),
        ];
        for (viqr, want) in table {
            assert_eq!(norm(Encoding::Viqr, viqr), want, "{viqr}");
        }
    }

    #[test]
    fn unicode_steps() {
        let table = [
            ("hoà bình, thuỷ lợi, khoẻ", "hòa bình, thủy lợi, khỏe"),
            ("HOÀ BÌNH, Thuỷ", "HÒA BÌNH, Thủy"),
            ("ho\u{300}a\r\nthu\u{309}y\r\n", "hòa\r\nthủy\r\n"),
            ("nứơc, ﬁle ﬂow oﬃce, ÐẢNG", "nước, file flow office, ĐẢNG"),
            ("s6 ctia Pang k¥ 2289/QP-TTg iPhone", "s6 ctia Pang k¥ 2289/QP-TTg iPhone"),
            (" \u{301}a", " \u{301}a"),
            ("céac tué Heé phéat qủa", "céac tué Heé phéat quả"),
        ];
        for (input, want) in table {
            assert_eq!(norm(Encoding::Unicode, input), want, "{input:?}");
        }
        let modern = Normalizer::new().tones(ToneStyle::Modern).normalize("hòa bình, thủy lợi, khỏe");
        assert_eq!(modern.text, "hoà bình, thuỷ lợi, khoẻ");
        let kept = Normalizer::new().keep_tones().normalize("hoà ho\u{300}a");
        assert_eq!(kept.text, "hoà hòa");
    }

    #[test]
    fn offsets_point_back() {
        let input = "x ﬁ ho\u{300}a";
        let n = Normalizer::new().normalize(input);
        assert_eq!(n.text, "x fi hòa");
        check_offsets(input, &n);
        // "fi" both come from the ligature at byte 2; "hòa" from "ho\u{300}a" at 6..11.
        assert_eq!(&n.offsets[2..4], &[2, 2]);
        assert_eq!(n.source_span(5..9), 6..11);
        assert_eq!(&input[n.source_span(2..4)], "ﬁ");
    }
}
