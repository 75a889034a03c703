//! A lossless tokenizer: a line becomes tokens with byte spans and kinds, and the tokens concatenated give the
//! line back byte for byte.
//!
//! ```
//! use vnocr::tokenize::{tokenize, TokenKind};
//!
//! let line = "Quyét dinh s6 2289/QP-TTg ngay 31/12/2020, xem https://vbpl.vn";
//! let toks = tokenize(line);
//! let kinds: Vec<_> = toks.iter().filter(|t| t.kind != TokenKind::Space).map(|t| (t.kind, t.text)).collect();
//! assert_eq!(kinds, [
//!     (TokenKind::Word, "Quyét"), (TokenKind::Word, "dinh"), (TokenKind::Word, "s6"),
//!     (TokenKind::Code, "2289/QP-TTg"), (TokenKind::Word, "ngay"), (TokenKind::Date, "31/12/2020"),
//!     (TokenKind::Punct, ","), (TokenKind::Word, "xem"), (TokenKind::Url, "https://vbpl.vn"),
//! ]);
//! assert_eq!(toks.iter().map(|t| t.text).collect::<String>(), line);
//! ```

use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;

use crate::syllable::letters_shaped;

/// What a token is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum TokenKind {
    /// Letters (with digits or OCR symbols inside): a syllable, an acronym, OCR noise like "s6", "ctia", "k¥".
    Word,
    /// Digits, with `.` or `,` group separators: "2025", "1.000", "3,5".
    Number,
    /// A numeric date: "31/12/2020", "05-9-2025", "1.1.2024".
    Date,
    /// A document code: "2289/QĐ-TTg", "107/2021/NĐ-CP", "52-NQ/TW".
    Code,
    /// A URL or an e-mail address.
    Url,
    /// Any other visible character (with its combining marks).
    Punct,
    /// A run of white space (line breaks included).
    Space,
}

/// One token: its kind, its text and its byte span in the input.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Token<'a> {
    /// What it is.
    pub kind: TokenKind,
    /// Its text, `&input[start..end]`.
    pub text: &'a str,
    /// Byte offset of its first byte.
    pub start: usize,
}

impl Token<'_> {
    /// Byte offset one past its last byte.
    pub fn end(&self) -> usize {
        self.start + self.text.len()
    }

    /// Its byte span in the input.
    pub fn span(&self) -> Range<usize> {
        self.start..self.end()
    }
}

/// OCR symbols that stand for letters inside words ("ngh¢", "k¥", "chﬁ’c").
fn is_ocr_letter(c: char) -> bool {
    matches!(c, '¢' | '€' | '¥' | '£' | '§' | 'ﬁ' | 'ﬂ')
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || is_combining(c) || is_ocr_letter(c)
}

fn is_combining(c: char) -> bool {
    matches!(c, '\u{300}'..='\u{36f}')
}

static CODE: LazyLock<Regex> = LazyLock::new(|| {
    // NUMBER [/YEAR] (/|-) PART ((/|-) PART)*, PART starting with an uppercase letter: 2289/QĐ-TTg, 52-NQ/TW,
    // 107/2021/NĐ-CP, 193/2025/QH15, 472/SKHCN-BCVT&CĐS.
    Regex::new(r"^\d{1,6}(?:/\d{4})?[/-]\p{Lu}[\p{L}\d&]*(?:[/-]\p{Lu}[\p{L}\d&]*)*").unwrap()
});
static DATE: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^(\d{1,2})([/.-])(\d{1,2})([/.-])(\d{4})").unwrap());
static NUMBER: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^\d+(?:[.,]\d+)*").unwrap());
static URL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"^(?:(?:https?|ftp)://|www\.)[^\s<>()\[\]]+|^[\w.+-]+@[\w-]+(?:\.[\w-]+)+",
        // A bare domain name ("chinhphu.vn", "dongthap.gov.vn/tin-tuc"), by its top-level domain.
        r"|^[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.(?:vn|com|net|org|gov|edu|int|info)\b(?:/[^\s<>()\[\]]*)?",
    ))
    .unwrap()
});

/// Splits a string into tokens. Never fails; concatenating the tokens' texts gives `text` back.
///
/// This reads OCR text: a `$` glued to the start of a word or of a lone digit is the letter it stands for ("$6" for
/// "số"), an `&` alone between small-letter words or syllables in capitals is a word ("ninh & co" for "ninh ở cơ"), and
/// a brace, a bar, an `@` or a backslash glued to the edge of a word is part of it ("{ng", "Truyér}", "TRUN@": pieces
/// of letters). [`tokenize_clean`] reads clean text, where all of them are signs.
pub fn tokenize(text: &str) -> Vec<Token<'_>> {
    tokenize_with(text, true)
}

/// [`tokenize`] for clean text (the language model's corpora): a `$` or an `&` is never a letter.
pub fn tokenize_clean(text: &str) -> Vec<Token<'_>> {
    tokenize_with(text, false)
}

fn tokenize_with(text: &str, ocr: bool) -> Vec<Token<'_>> {
    let mut out = Vec::with_capacity(text.len() / 3 + 1);
    let mut i = 0;
    while i < text.len() {
        let rest = &text[i..];
        let c = rest.chars().next().unwrap();
        let (kind, len) = if c.is_whitespace() {
            (TokenKind::Space, rest.find(|c: char| !c.is_whitespace()).unwrap_or(rest.len()))
        } else if is_word_char(c) || ocr && (c == '$' && dollar_letter(rest) || stray_glyph_lead(&text[..i], rest)) {
            match word_like(&text[..i], rest, ocr) {
                (TokenKind::Number, 2) if ocr && so_as_digits(&text[..i], rest) => (TokenKind::Word, 2),
                kind_len => kind_len,
            }
        } else if ocr && c == '&' && lone_ampersand(&text[..i], &rest[1..]) {
            (TokenKind::Word, 1)
        } else {
            let mut len = c.len_utf8();
            len += rest[len..].find(|c: char| !is_combining(c)).unwrap_or(rest.len() - len);
            (TokenKind::Punct, len)
        };
        out.push(Token { kind, text: &rest[..len], start: i });
        i += len;
    }
    out
}

/// Is the two-digit number that starts `rest` the OCR's "số" before a document number ("Quyết định 56
/// 1828-QĐ/TU": 5 for S, 6 or 0 for ố)? Its digits look like the word's letters, a word ends right before it, and
/// a document number follows (digits, then a `-` or `/`, spaced or not). In clean text a number between a word
/// and another number is a table's (the admin corpus has 8 `[58][06] <digit>` in 200,000 lines, all after a
/// number). The restorer reads such a token as "số" or keeps it.
fn so_as_digits(before: &str, rest: &str) -> bool {
    let Some(after) = rest.strip_prefix(['5', '8']).and_then(|r| r.strip_prefix(['0', '6'])?.strip_prefix(' ')) else {
        return false;
    };
    let number = after.trim_start_matches(|c: char| c.is_ascii_digit());
    number.len() < after.len() && number.trim_start_matches(' ').starts_with(['-', '/']) && after_word(before)
}

/// Does `before` end with a letter and one space (a token that follows it follows a word)?
fn after_word(before: &str) -> bool {
    before.strip_suffix(' ').is_some_and(|w| w.ends_with(char::is_alphabetic))
}

/// The words of `s` joined by single spaces (line breaks and runs of blanks included).
pub(crate) fn single_spaced(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Does punctuation token `i` of `toks` end a sentence inside a paragraph? A `.`, `!`, `?` or `;` glued to the
/// word or number before it and followed by a space or the line's end, the word before not an abbreviation in
/// capitals ("TP.", "KT.", "UBND."). The decoder closes the sentence there (`</s>`) and starts the next from `<s>`
/// (`decode::best_path`), so that "doanh; Đề án" is not read as the "doanh để" of "kinh doanh để"; the
/// language model itself learned from whole paragraphs (DESIGN.md).
pub fn ends_sentence(toks: &[Token], i: usize) -> bool {
    let (Some(t), Some(before)) = (toks.get(i), i.checked_sub(1).map(|j| &toks[j])) else { return false };
    t.kind == TokenKind::Punct
        && matches!(t.text, "." | "!" | "?" | ";")
        && !matches!(before.kind, TokenKind::Punct | TokenKind::Space)
        && !(before.kind == TokenKind::Word
            && before.text.chars().count() <= 4
            && before.text.chars().all(char::is_uppercase))
        && toks.get(i + 1).is_none_or(|n| n.kind == TokenKind::Space)
}

/// Is the number token `num`, right after `before` (the text of its line before it), a shape the OCR prints for a
/// word: "1" or "1" and a digit (l and a vowel: "ty 18 hồ sơ" for "tỷ lệ", "các 16 hổng" for "lỗ", "12" for "là"),
/// "6" (ô, ở: "tình trạng 6 nhiễm"), "8", or "5" or "8" and a digit (s and a vowel: "thiểu 86", "một 56" for
/// "số"), after a word and a space? The restorer reads such a number as a word only where the language model
/// wants it (the number is the reading it keeps, at a channel score of −1.5); every other number is copied as
/// printed. (Before a document number, [`tokenize`] itself reads "56" as a word: see `so_as_digits`.)
pub fn number_may_be_word(before: &str, num: &str) -> bool {
    (matches!(num, "1" | "6" | "8") || num.len() == 2 && num.starts_with(['1', '5', '8'])) && after_word(before)
}

/// Is the number token `num`, between `before` and `after` (the text of its line on either side), the OCR's "Sở"
/// or "Số" opening a line or a list item before a capitalized word ("80 TÀI CHÍNH" in a header, "3. 86 Kế hoạch
/// và Đầu tư")? Two digits, 5 or 8 (S) and another (a vowel), with nothing but white space or a list-item marker
/// ([`item_marker`]: "-", "3.", "a)") before it. As for [`number_may_be_word`], the language model decides.
pub fn number_may_open_item(before: &str, num: &str, after: &str) -> bool {
    let lead = before.trim();
    num.len() == 2
        && num.starts_with(['5', '8'])
        && (lead.is_empty() || item_marker(lead).is_some())
        && after.strip_prefix(' ').is_some_and(|a| a.starts_with(char::is_uppercase))
}

/// What opens an item of a list, first on its line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ItemMarker {
    /// One small letter, or a sign the OCR printed for one ("¢" for "c"), then ")" or ".": "a)", "đ.", "¢)".
    Letter(char),
    /// One or two digits then ")" or ".": "2)", "12.".
    Number,
    /// A dash, a plus or a bullet: "-", "+", "•".
    Bullet,
}

/// The list-item marker `lead` is, if it is one: `lead` is the text of a line before its first word, white space
/// trimmed. The list markers' sequence ([`crate::markers`]), the sentence openings that case reads, and the numbers
/// that may open an item ([`number_may_open_item`]) all ask this.
///
/// ```
/// use vnocr::tokenize::{item_marker, ItemMarker};
///
/// assert_eq!(item_marker("b)"), Some(ItemMarker::Letter('b')));
/// assert_eq!(item_marker("¢)"), Some(ItemMarker::Letter('¢')));
/// assert_eq!(item_marker("12."), Some(ItemMarker::Number));
/// assert_eq!(item_marker("-"), Some(ItemMarker::Bullet));
/// assert_eq!(item_marker("123."), None);
/// assert_eq!(item_marker("A)"), None);
/// assert_eq!(item_marker("(a)"), None);
/// assert_eq!(item_marker(".."), None);
/// ```
pub fn item_marker(lead: &str) -> Option<ItemMarker> {
    if matches!(lead, "-" | "+" | "•") {
        return Some(ItemMarker::Bullet);
    }
    let body = lead.strip_suffix([')', '.'])?;
    let mut chars = body.chars();
    match (chars.next()?, chars.next(), chars.next()) {
        (c, None, None) if c.is_lowercase() || !c.is_alphanumeric() && !c.is_whitespace() && !"().,;:".contains(c) => {
            Some(ItemMarker::Letter(c))
        }
        (c, d, None) if c.is_ascii_digit() && d.is_none_or(|d| d.is_ascii_digit()) => Some(ItemMarker::Number),
        _ => None,
    }
}

/// Is the `$` that starts `rest` an OCR "s" glued to a word ("$6" for "số", "$u" for "sự")? Before a number of
/// two or more digits ("$100", "$1.5") it is a currency sign.
fn dollar_letter(rest: &str) -> bool {
    let b = rest.as_bytes();
    let digit = |i: usize| b.get(i).is_some_and(u8::is_ascii_digit);
    match rest[1..].chars().next() {
        Some(c) if c.is_lowercase() => true,
        // A lone digit, not the first of a number ("$100", "$1.5").
        Some(c) if c.is_ascii_digit() => !(digit(2) || matches!(b.get(2), Some(b'.' | b',')) && digit(3)),
        _ => false,
    }
}

/// Is an `&` between `before` and `after` an OCR letter standing for a whole word ("ninh & co quan" for "ninh ở
/// cơ quan", "đất &, nhà &," for "đất ở, nhà ở,", "NHA & XA HOI" for "NHÀ Ở XÃ HỘI")? Alone after a small-letter
/// word (which may end in a digit the OCR read for a letter: "sé6 & mot"), before another or before a clause's
/// punctuation; or alone between two words in capitals with vowels, not acronyms, of which one at least is shaped
/// as a syllable (the other may be damaged: "NAM & NUDC"), or after a syllable in capitals before punctuation. The
/// corpora never have a sign "&" after a small-letter word ("R & D", "KH & CN", "GD & ĐT" have capitals); after a
/// syllable in capitals 3 times in all four ("NAM & TRUNG", "LÝ & HÒA", "IT & BPO").
fn lone_ampersand(before: &str, after: &str) -> bool {
    let Some(word_before) = before.strip_suffix(' ').and_then(|b| b.rsplit(char::is_whitespace).next()) else {
        return false;
    };
    let mut a = after.chars();
    let small_before = word_before
        .chars()
        .next_back()
        .is_some_and(|c| c.is_lowercase() || c.is_ascii_digit() && word_before.chars().any(char::is_lowercase));
    // A word in capitals with a vowel.
    let capitals = |w: &str| {
        w.chars().nth(1).is_some()
            && w.chars().all(char::is_uppercase)
            && w.chars().flat_map(char::to_lowercase).any(crate::syllable::vowel_letter)
    };
    match a.next() {
        Some(' ') if small_before => a.next().is_some_and(char::is_lowercase),
        Some(' ') => {
            let word_after = a.as_str().split(|c: char| !c.is_alphabetic()).next().unwrap_or("");
            capitals(word_before) && capitals(word_after) && (letters_shaped(word_before) || letters_shaped(word_after))
        }
        Some(',' | ';' | ':' | '.' | ')') => {
            (small_before || capitals(word_before) && letters_shaped(word_before))
                && a.next().is_none_or(char::is_whitespace)
        }
        _ => false,
    }
}

/// Signs an OCR prints for a piece of a letter, glued to the edge of a word and the only one of its kind on the line
/// ([`alone_on_line`]): a brace or a bar at either edge ("{ng" for "ứng", "Truyér}" for "Truyền", "|dy" for "lấy"; the
/// four corpora never have one there but one "}" in 25,160 admin paragraphs); at a word's start a `)` (")UOC" for
/// "QUỐC", ")u}" for "Quỹ") or an `@` ("@IA" for "GIA"), which the corpora print there 5 times in admin's 25,160
/// paragraphs and 14 in legal prose's 241,164 (" )T", " @T"), 81 in news and Wikipedia (handles: " @y"); at its end,
/// before no letter or digit (an e-mail's `@` has its domain after it), an `@` ("TRUN@" for "TRUNG", as "5@" for "5G")
/// or a backslash ("THU\\" for "THỦ"), which only the news prints there, in e-mail addresses cut short ("Haihanh@...")
/// and escaped quotes ("\\'hơn\\'"). Not the brackets and quotes text uses ("(để", "‘nguồn").
const LEADING_GLYPHS: [char; 5] = ['{', '}', '|', ')', '@'];

/// See [`LEADING_GLYPHS`].
const TRAILING_GLYPHS: [char; 5] = ['{', '}', '|', '@', '\\'];

/// Does `rest` start with a sign glued to the start of a word that the OCR printed for part of its first letter:
/// one of [`LEADING_GLYPHS`] before a letter, or an `&` before a small one ("&au" for "đầu"), after a space or at
/// the line's start?
fn stray_glyph_lead(before: &str, rest: &str) -> bool {
    let mut cs = rest.chars();
    let (Some(sign), Some(next)) = (cs.next(), cs.next()) else { return false };
    // "@dongthap.gov.vn": a domain's @, not a letter.
    let domain = || URL.is_match(&rest[1..]);
    before.chars().next_back().is_none_or(char::is_whitespace)
        && (LEADING_GLYPHS.contains(&sign) && next.is_alphabetic() && alone_on_line(before, rest, sign) && !domain()
            || sign == '&' && next.is_lowercase())
}

/// Is `sign` the only one of its kind on the line of the text `before` and `rest` meet in? A table's rules and
/// braces come several to a line ("|STT|Nội dung|"), a letter's piece alone. The line is read outward from the
/// meeting point only until a second such sign turns up, so a line of many signs costs linear time, not quadratic.
fn alone_on_line(before: &str, rest: &str, sign: char) -> bool {
    let back = before.chars().rev().take_while(|&c| c != '\n');
    let ahead = rest.chars().take_while(|&c| c != '\n');
    back.chain(ahead).filter(|&c| c == sign).nth(1).is_none()
}

/// Tokenizes a run that starts with a word character (or, in OCR text, a `$` read as a letter or a sign glued to a
/// word's start: [`stray_glyph_lead`]); `before` is the text before it.
fn word_like(before: &str, rest: &str, ocr: bool) -> (TokenKind, usize) {
    // Every sign read as a letter is one byte.
    let lead = usize::from(!rest.starts_with(is_word_char));
    let mut run = lead + rest[lead..].find(|c: char| !is_word_char(c)).unwrap_or(rest.len() - lead);
    // "KH&CN", "BCVT&CĐS": an ampersand between letters belongs to the word; so does one glued to the end of
    // lowercase letters, a digit or a lone capital, where OCR writes it for a marked vowel ("s&" for "sở", "1&" for
    // "lệ", "V&" for "Về").
    while rest[run..].starts_with('&') {
        if rest[run + 1..].starts_with(char::is_alphanumeric) {
            run += 1;
            run += rest[run..].find(|c: char| !is_word_char(c)).unwrap_or(rest.len() - run);
        } else {
            let lone_char = rest[..run].chars().count() == 1;
            if lone_char || rest[..run].chars().last().is_some_and(|c| c.is_lowercase() || c.is_ascii_digit()) {
                run += 1;
            }
            break;
        }
    }
    // In OCR text, one of the signs of [`TRAILING_GLYPHS`] glued to the end of a word is part of its last letter
    // ("Truyér}", "Chi{", "TRUN@").
    if ocr
        && rest[..run].contains(char::is_alphabetic)
        && let Some(sign) = rest[run..].chars().next().filter(|c| TRAILING_GLYPHS.contains(c))
        && !rest[run + 1..].starts_with(char::is_alphanumeric)
        && alone_on_line(before, rest, sign)
    {
        run += 1;
    }
    let word = &rest[..run];
    let after = rest[run..].chars().next();
    if matches!(after, Some('@' | '.' | ':')) || word.starts_with("www") || word == "http" || word == "https" {
        if let Some(m) = URL.find(rest) {
            let url = m.as_str().trim_end_matches(['.', ',', ';', ':', '!', '?', '\'', '"']);
            if url.len() > run {
                return (TokenKind::Url, url.len());
            }
        }
    }
    if word.bytes().all(|b| b.is_ascii_digit()) {
        if let Some(m) = DATE.captures(rest) {
            let (d, mo) = (m[1].parse::<u32>().unwrap_or(0), m[3].parse::<u32>().unwrap_or(0));
            let boundary = !rest[m[0].len()..].starts_with(|c: char| c.is_alphanumeric());
            if m[2] == m[4] && (1..=31).contains(&d) && (1..=12).contains(&mo) && boundary {
                return (TokenKind::Date, m[0].len());
            }
        }
        if let Some(m) = CODE.find(rest) {
            return (TokenKind::Code, m.len());
        }
        let n = NUMBER.find(rest).map_or(run, |m| m.len());
        // "1.000.000" is one number; "2025." ends a sentence.
        return (TokenKind::Number, n);
    }
    // Other numerals ("½", "²", "①", "Ⅻ") are numbers too, never an OCR's reading of letters.
    if word.chars().all(char::is_numeric) {
        return (TokenKind::Number, run);
    }
    // Digits glued to a Title-case word ("8Thông báo số …") are a footnote marker, not OCR letters: no word has a
    // capital after its first letter's place, and the gold keeps such markers as printed.
    let digits = word.bytes().take_while(u8::is_ascii_digit).count();
    let mut after_digits = word[digits..].chars();
    if ocr
        && digits > 0
        && after_digits.next().is_some_and(char::is_uppercase)
        && after_digits.next().is_some_and(char::is_lowercase)
    {
        return (TokenKind::Number, digits);
    }
    // A date's label with its number glued on ("ngay4", "thang5", "nam2020": the space lost, or a day written
    // in by hand) is the word and a number.
    if ocr && let Some(label) = date_label_before_digits(word) {
        return (TokenKind::Word, label);
    }
    // Letters: a word, but digits glued to its start belong to it only when letters follow ("1an", "s6", "QH15").
    (TokenKind::Word, run)
}

/// The length of the date label ("ngày", "tháng", "năm", marks aside) that `word` opens when only ASCII digits
/// follow it.
fn date_label_before_digits(word: &str) -> Option<usize> {
    let at = word.find(|c: char| c.is_ascii_digit())?;
    let (label, digits) = word.split_at(at);
    (digits.bytes().all(|b| b.is_ascii_digit())
        && matches!(crate::syllable::fold(label).as_str(), "ngay" | "thang" | "nam"))
    .then_some(at)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_that_may_open_an_item_as_so() {
        for (before, num, after, want) in [
            ("", "80", " TÀI CHÍNH", true),
            ("3. ", "86", " Kế hoạch", true),
            ("- ", "56", " Tài chính", true),
            ("b) ", "86", " Tài chính", true),
            ("", "86", " kế hoạch", false),
            ("", "70", " TÀI CHÍNH", false),
            ("", "860", " Kế", false),
            ("và ", "86", " Kế hoạch", false),
            ("123. ", "86", " Kế hoạch", false),
        ] {
            assert_eq!(number_may_open_item(before, num, after), want, "{before:?} {num} {after:?}");
        }
    }

    fn kinds(s: &str) -> Vec<(TokenKind, &str)> {
        tokenize(s).into_iter().filter(|t| t.kind != TokenKind::Space).map(|t| (t.kind, t.text)).collect()
    }

    #[test]
    fn table() {
        use TokenKind::*;
        let table: &[(&str, &[(TokenKind, &str)])] = &[
            ("ctia s6 Pang k¥", &[(Word, "ctia"), (Word, "s6"), (Word, "Pang"), (Word, "k¥")]),
            ("107/2021/NĐ-CP", &[(Code, "107/2021/NĐ-CP")]),
            ("52-NQ/TW,", &[(Code, "52-NQ/TW"), (Punct, ",")]),
            ("1007/SNV-VP ngày", &[(Code, "1007/SNV-VP"), (Word, "ngày")]),
            ("ngày 31/12/2020.", &[(Word, "ngày"), (Date, "31/12/2020"), (Punct, ".")]),
            ("1.000.000 đồng", &[(Number, "1.000.000"), (Word, "đồng")]),
            ("năm 2025.", &[(Word, "năm"), (Number, "2025"), (Punct, ".")]),
            ("email: abc.def@gmail.com.", &[(Word, "email"), (Punct, ":"), (Url, "abc.def@gmail.com"), (Punct, ".")]),
            ("KH&CN", &[(Word, "KH&CN")]),
            ("co s& ABC & XYZ", &[(Word, "co"), (Word, "s&"), (Word, "ABC"), (Punct, "&"), (Word, "XYZ")]),
            ("ty 1& 99", &[(Word, "ty"), (Word, "1&"), (Number, "99")]),
            // "56" for "số" between a word and a document number; not in a table, nor before a plain number.
            ("dinh 56 1828-QD", &[(Word, "dinh"), (Word, "56"), (Code, "1828-QD")]),
            ("dinh 80 02 -QC", &[(Word, "dinh"), (Word, "80"), (Number, "02"), (Punct, "-"), (Word, "QC")]),
            ("12 56 1828-QD", &[(Number, "12"), (Number, "56"), (Code, "1828-QD")]),
            ("dinh 56 1828", &[(Word, "dinh"), (Number, "56"), (Number, "1828")]),
            ("dinh 57 1828-QD", &[(Word, "dinh"), (Number, "57"), (Code, "1828-QD")]),
            // A footnote marker glued to a Title-case word stays a number; digits for letters stay in the word.
            ("8Théng bdo", &[(Number, "8"), (Word, "Théng"), (Word, "bdo")]),
            ("1an 86 8o", &[(Word, "1an"), (Number, "86"), (Word, "8o")]),
            // A date's label with its number glued on.
            (
                "ngay4 thang5 nam2020",
                &[(Word, "ngay"), (Number, "4"), (Word, "thang"), (Number, "5"), (Word, "nam"), (Number, "2020")],
            ),
            // A brace or bar glued to a word's edge, or an & to a small word's start, is a piece of a letter ("{ng"
            // for "ứng", "Truyér}" for "Truyền", "|dy" for "lấy", "&au" for "đầu"); brackets and quotes are not.
            (
                "45 {ng Truyér}\nChi{, |dy &au (de ‘nguon",
                &[
                    (Number, "45"),
                    (Word, "{ng"),
                    (Word, "Truyér}"),
                    (Word, "Chi{"),
                    (Punct, ","),
                    (Word, "|dy"),
                    (Word, "&au"),
                    (Punct, "("),
                    (Word, "de"),
                    (Punct, "‘"),
                    (Word, "nguon"),
                ],
            ),
            // An @ or a backslash glued to a word's end is its last letter or a piece of one ("TRUN@" for "TRUNG",
            // "THU\" for "THỦ"); not an e-mail's @, nor one before a digit, nor one after digits alone.
            ("TRUN@ THU\\,", &[(Word, "TRUN@"), (Word, "THU\\"), (Punct, ",")]),
            // A ")" or an "@" glued to a word's start is its first letter; not a bracket closing after a space.
            (")UOC @IA", &[(Word, ")UOC"), (Word, "@IA")]),
            ("(a )b) x", &[(Punct, "("), (Word, "a"), (Punct, ")"), (Word, "b"), (Punct, ")"), (Word, "x")]),
            ("a@b.vn", &[(Url, "a@b.vn")]),
            ("5@ x@2", &[(Number, "5"), (Punct, "@"), (Word, "x"), (Punct, "@"), (Number, "2")]),
            ("tich ½ ha ①", &[(Word, "tich"), (Number, "½"), (Word, "ha"), (Number, "①")]),
            // Not a table's rules, which come several to a line.
            (
                "|STT|Noi dung|\n{a{",
                &[
                    (Punct, "|"),
                    (Word, "STT"),
                    (Punct, "|"),
                    (Word, "Noi"),
                    (Word, "dung"),
                    (Punct, "|"),
                    (Punct, "{"),
                    (Word, "a"),
                    (Punct, "{"),
                ],
            ),
            // Not between letters, after a number, before a capital (&) or in clean text.
            (
                "a|b 5} &Au x{y",
                &[
                    (Word, "a"),
                    (Punct, "|"),
                    (Word, "b"),
                    (Number, "5"),
                    (Punct, "}"),
                    (Punct, "&"),
                    (Word, "Au"),
                    (Word, "x"),
                    (Punct, "{"),
                    (Word, "y"),
                ],
            ),
            // A lone & after a small-letter word is an OCR letter ("ninh & co" for "ninh ở cơ", "dat &," for "đất ở,").
            (
                "ninh & co, dat &, s6 & m; R & D; ninh &",
                &[
                    (Word, "ninh"),
                    (Word, "&"),
                    (Word, "co"),
                    (Punct, ","),
                    (Word, "dat"),
                    (Word, "&"),
                    (Punct, ","),
                    (Word, "s6"),
                    (Word, "&"),
                    (Word, "m"),
                    (Punct, ";"),
                    (Word, "R"),
                    (Punct, "&"),
                    (Word, "D"),
                    (Punct, ";"),
                    (Word, "ninh"),
                    (Punct, "&"),
                ],
            ),
            // So is one between syllables in capitals, not between acronyms.
            (
                "NHA & XA, DAT &. KH & CN",
                &[
                    (Word, "NHA"),
                    (Word, "&"),
                    (Word, "XA"),
                    (Punct, ","),
                    (Word, "DAT"),
                    (Word, "&"),
                    (Punct, "."),
                    (Word, "KH"),
                    (Punct, "&"),
                    (Word, "CN"),
                ],
            ),
            ("1an thir", &[(Word, "1an"), (Word, "thir")]),
            ("nghé $6. $u", &[(Word, "nghé"), (Word, "$6"), (Punct, "."), (Word, "$u")]),
            ("$100 $1.5 $", &[(Punct, "$"), (Number, "100"), (Punct, "$"), (Number, "1.5"), (Punct, "$")]),
            ("(10/2025)", &[(Punct, "("), (Number, "10"), (Punct, "/"), (Number, "2025"), (Punct, ")")]),
        ];
        for (input, want) in table {
            assert_eq!(kinds(input), *want, "{input}");
        }
    }

    #[test]
    fn sentence_ends() {
        fn ends(line: &str) -> Vec<&str> {
            let toks = tokenize(line);
            (0..toks.len()).filter(|&i| ends_sentence(&toks, i)).map(|i| toks[i - 1].text).collect()
        }
        let table: &[(&str, &[&str])] = &[
            ("năm 2025. Các sở", &["2025"]),
            ("hộ kinh doanh; Đề án", &["doanh"]),
            ("Vì sao? Vì vậy! Xong", &["sao", "vậy"]),
            ("ngày 31/12/2020. Kể từ 12/QĐ-UBND; số", &["31/12/2020", "12/QĐ-UBND"]),
            ("chinhphu.vn. Xem", &["chinhphu.vn"]),
            ("kết thúc.", &["thúc"]),
            ("kết thúc;\n", &["thúc"]),
            // Not sentence ends: abbreviations in capitals, a sign alone between spaces, an ellipsis, a dot
            // inside a number or glued to the next word, a colon, a comma.
            ("TP. Hồ Chí Minh, KT. CHỦ TỊCH", &[]),
            ("thăm dò . Qua", &[]),
            ("v.v... và", &[]),
            ("1.000 đồng, 3.5 tỷ", &[]),
            ("xong.Tiếp", &[]),
            ("như sau: một", &[]),
            ("; . !", &[]),
        ];
        for (line, want) in table {
            assert_eq!(ends(line), *want, "{line}");
        }
    }

    #[test]
    fn clean_text_has_no_ocr_letters() {
        use TokenKind::*;
        let kinds: Vec<_> = tokenize_clean("$6 ninh & co").into_iter().map(|t| (t.kind, t.text)).collect();
        let want = [(Punct, "$"), (Number, "6"), (Space, " "), (Word, "ninh"), (Space, " "), (Punct, "&")];
        assert_eq!(kinds[..6], want);
        let words: Vec<_> =
            tokenize_clean("{ng Truyér} &au").into_iter().filter(|t| t.kind == Word).map(|t| t.text).collect();
        assert_eq!(words, ["ng", "Truyér", "au"]);
    }

    #[test]
    fn lossless_on_odd_input() {
        for s in ["", " ", "\r\n", "a\u{301}\u{301}", "\u{301}x", "—“”…", "\0\u{7f}", "http://", "x@", "12/13/2020"]
        {
            assert_eq!(tokenize(s).iter().map(|t| t.text).collect::<String>(), s);
        }
    }
}
