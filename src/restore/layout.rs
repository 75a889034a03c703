//! Where a token stands on the page: paragraph and sentence boundaries, headings, list markers and bullets,
//! abbreviations, words the OCR broke with noise. Questions about the layout, asked of tokens and slots.

use std::ops::Range;

use super::{Caches, Slot};
use crate::syllable::Case;
use crate::tokenize::{ItemMarker, Token, TokenKind, item_marker};

/// A paragraph that ends a clause at the end of a line (`;`) this long ends there (by lines; blank lines don't
/// count), and one this long ends at a line end whatever it is.
const LONG_PARAGRAPH: usize = 32;

const MAX_PARAGRAPH: usize = 256;

/// Does a paragraph end after `line`, its `lines`-th non-blank line? After a blank line and after a line that
/// ends a sentence (`.`, `!`, `?`) or opens a list (`:`): the model learned from one paragraph a line, each
/// starting a context, and the OCR's line breaks do not show where its paragraphs start ("xem xét.", then "Noi
/// nhan:" had been read "Nội nhân:" after "xét"). So that text without such ends is not decoded as one lattice
/// of unbounded size, also after a `;` once the paragraph has [`LONG_PARAGRAPH`] lines, and after any line once
/// it has [`MAX_PARAGRAPH`]. The decoder's context runs across the lines of a paragraph, and large documents are
/// restored in chunks of whole paragraphs ([`crate::batch::paragraph_chunks`]). A line that ends with the
/// country's name in capitals ([`ends_national_name`]) ends one too.
///
/// A blank line inside a sentence (`blank_inside_sentence`: the non-blank line before it, `prev`, and the line
/// after it, `next`) ends no paragraph.
fn ends_paragraph(line: &str, lines: usize, prev: &str, next: Option<&str>) -> bool {
    let text = line.trim_end();
    text.is_empty() && !(lines > 0 && next.is_some_and(|next| blank_inside_sentence(prev, next)))
        || text.ends_with(['.', '!', '?', ':'])
        || lines >= LONG_PARAGRAPH && text.ends_with(';')
        || lines >= MAX_PARAGRAPH
        || ends_national_name(text)
}

/// Each line of `text` (with its line break) and whether a paragraph ends after it ([`ends_paragraph`], counting the
/// paragraph's non-blank lines and keeping its last one): the one reading of paragraphs that the restorer's
/// decoding and [`crate::batch::paragraph_chunks`] share.
pub(crate) fn lines_ending_paragraphs(text: &str) -> impl Iterator<Item = (&str, bool)> {
    let mut all = text.split_inclusive('\n').peekable();
    let (mut lines, mut prev) = (0, "");
    std::iter::from_fn(move || {
        let line = all.next()?;
        let blank = line.trim().is_empty();
        if !blank {
            lines += 1;
        }
        let ends = ends_paragraph(line, lines, prev, all.peek().copied());
        if !blank {
            prev = line;
        }
        if ends {
            lines = 0;
        }
        Some((line, ends))
    })
}

/// Is a blank line between lines `prev` and `next` inside a sentence: `prev` ends on a letter, and `next` opens
/// with a word in small letters that marks no list item ("a)", "b.")? That is a page break the OCR printed as a
/// blank line ("… kết / (blank) / nối đầu tư …", "… của Ban Thường vụ Tỉnh ủy / (blank) / về một số chủ
/// trương …"), and the sentence's words on both sides are read together.
fn blank_inside_sentence(prev: &str, next: &str) -> bool {
    let next = next.trim_start();
    let first = next.split_whitespace().next().unwrap_or("");
    prev.trim_end().ends_with(char::is_alphabetic)
        && first.starts_with(char::is_lowercase)
        && crate::tokenize::item_marker(first).is_none()
}

/// Does a line end with "VIỆT NAM" in capitals (marks aside, which the OCR may have lost)? That is the right
/// column of a header's first line ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "ĐẢNG CỘNG SẢN VIỆT NAM"), and the
/// next line goes on with the left column, the issuer's name ("UBND TỈNH …" / "SỞ TÀI CHÍNH"), not with words
/// after "Việt Nam": read as one sentence, "VIET NAM" / "SO TAI CHINH" had become "SỐ TÀI CHÍNH".
fn ends_national_name(text: &str) -> bool {
    let mut words = text.rsplit(char::is_whitespace);
    let (Some(nam), Some(viet)) = (words.next(), words.next()) else { return false };
    nam == "NAM" && !viet.chars().any(char::is_lowercase) && crate::syllable::fold(viet) == "viet"
}

/// Most words the decoder takes as one paragraph (see [`piece_end`]).
pub(super) const MAX_SLOTS: usize = 1024;

/// Where to cut a paragraph of more than [`MAX_SLOTS`] words: after the last sentence end (`.`, `!`, `?`) in
/// its second half of [`MAX_SLOTS`] words, or at [`MAX_SLOTS`] when there is none. Two words joined across the
/// cut are not read as one.
pub(super) fn piece_end(text: &str, para: &mut [Slot]) -> usize {
    let cut = (MAX_SLOTS / 2..=MAX_SLOTS)
        .rev()
        .find(|&k| gap_before(text, para, k).contains(['.', '!', '?']))
        .unwrap_or(MAX_SLOTS);
    para[cut - 1].joins_next = false;
    para[cut - 1].glued_next = false;
    cut
}

/// Is token `i` a "1" the OCR split off the front of a small word, its l ("công nghiệp 1 an thứ tư" for "lần"):
/// a lone 1 after a word, before a space and a word in small letters that has no l of its own ("chất 1 lượng"
/// keeps its stray 1)? It may join that word (`Slot::joins_next`); read alone it stays a number.
pub(super) fn split_l(toks: &[Token], i: usize) -> bool {
    toks[i].kind == TokenKind::Number
        && toks[i].text == "1"
        && i >= 2
        && toks[i - 1].text == " "
        && toks[i - 2].kind == TokenKind::Word
        && toks.get(i + 1).is_some_and(|s| s.text == " ")
        && toks.get(i + 2).is_some_and(|w| {
            w.kind == TokenKind::Word && w.text.starts_with(char::is_lowercase) && !w.text.starts_with('l')
        })
}

/// Is token `i` a letter of a slash abbreviation: a one-letter word glued by a `/` to another, with nothing else
/// glued on ("V/v" về việc, "K/g" kính gửi, "Đ/c" đồng chí, "C/O")? Such a letter is read as a letter only
/// ("d" may be "đ"): "V/v" had become "V/về".
pub(super) fn slash_abbreviation(toks: &[Token], i: usize) -> bool {
    let letter = |k: usize| {
        toks.get(k).is_some_and(|t| {
            let mut c = t.text.chars();
            t.kind == TokenKind::Word && c.next().is_some_and(char::is_alphabetic) && c.next().is_none()
        })
    };
    let slash = |k: usize| toks.get(k).is_some_and(|t| t.text == "/");
    // Nothing glued beyond the pair: the start or end of the line, a space, or punctuation other than `/`.
    let free = |k: Option<usize>| {
        k.and_then(|k| toks.get(k))
            .is_none_or(|t| matches!(t.kind, TokenKind::Space | TokenKind::Punct) && t.text != "/")
    };
    letter(i)
        && (slash(i + 1) && letter(i + 2) && free(i.checked_sub(1)) && free(Some(i + 3))
            || i >= 2 && slash(i - 1) && letter(i - 2) && free(i.checked_sub(3)) && free(Some(i + 1)))
}

/// Is token `i` a short word in capitals (one to four letters) with a dot, opening a line that goes on ("TL. CHỦ
/// TỊCH", "KT. GIÁM ĐỐC", "TUQ.", a section letter "A.")? Such a word is an abbreviation: "TL" (thừa lệnh) had
/// become "TỰ", "TUQ" "TUY". A signature's column merged into the recipients' opens after their label or an
/// item's end ("Nơi nhận: TL. CHỦ TỊCH", "- Như trên; KT. GIÁM ĐỐC").
pub(super) fn dotted_abbreviation(toks: &[Token], i: usize) -> bool {
    let t = &toks[i];
    let letters = t.text.chars().count();
    t.kind == TokenKind::Word
        && (1..=4).contains(&letters)
        && t.text.chars().all(char::is_uppercase)
        && toks[..i].iter().rfind(|t| t.kind != TokenKind::Space).is_none_or(|t| matches!(t.text, ":" | ";"))
        && toks.get(i + 1).is_some_and(|t| t.text == ".")
        && toks.get(i + 2).is_some_and(|t| t.kind == TokenKind::Space)
        && toks[i + 2..].iter().any(|t| t.kind == TokenKind::Word)
}

/// Is token `i` an acronym alone in brackets ("(DTI)", "(HPND)")?
pub(super) fn bracketed_acronym(toks: &[Token], i: usize) -> bool {
    let t = &toks[i];
    t.kind == TokenKind::Word
        && t.text.chars().count() >= 2
        && t.text.chars().all(char::is_uppercase)
        && i >= 1
        && toks[i - 1].text == "("
        && toks.get(i + 1).is_some_and(|t| t.text == ")")
}

/// Is the slot a word of two letters or more?
pub(super) fn long_word(s: &Slot) -> bool {
    long(s.kind, s.tok.text)
}

/// Is a token of this kind and text a word of two letters or more?
pub(super) fn long(kind: TokenKind, text: &str) -> bool {
    kind == TokenKind::Word && text.chars().filter(|c| c.is_alphabetic()).count() >= 2
}

/// The slots of the paragraph on slot `i`'s line.
pub(super) fn line_slots(para: &[Slot], i: usize) -> Range<usize> {
    let line = para[i].line;
    let from = para[..i].iter().rposition(|s| s.line != line).map_or(0, |j| j + 1);
    let to = para[i..].iter().position(|s| s.line != line).map_or(para.len(), |j| i + j);
    from..to
}

/// Is slot `i` on a line in capitals ([`in_capitals`] of the other words of two letters or more on it: "THỰC HlÉN
/// CHRC NING", where the OCR damaged the words around "HlÉN"; not "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM Độc lập - Tự
/// do", two header columns on one line)?
pub(super) fn heading_line(para: &[Slot], i: usize) -> bool {
    let Range { start: from, end: to } = line_slots(para, i);
    in_capitals(
        para[from..to].iter().enumerate().filter(|&(j, s)| from + j != i && long_word(s)).map(|(_, s)| s.tok.text),
    )
}

/// Are these words (of a line) in capitals: at least four and three quarters of them, none in small letters only
/// (the OCR's "KlÉM" may stand among them)? An abbreviation (capitals without a vowel: "KHĐT", "TNMT") counts as
/// capitals only beside a word in capitals that has one ("UBND TỈNH QUẢNG NGÃI"): a list of them is no heading
/// ("- Các sở: KHĐT, TNMT, TC, XD;").
pub(super) fn in_capitals<'a>(words: impl Iterator<Item = &'a str>) -> bool {
    let vowelless = |w: &str| !w.chars().any(|c| crate::syllable::vowel_letter(c.to_lowercase().next().unwrap_or(c)));
    let capital_word = |w: Option<&str>| w.is_some_and(|w| Case::of(w) == Case::Upper && !vowelless(w));
    let (mut upper, mut n) = (0, 0);
    let (mut words, mut prev) = (words.peekable(), None);
    while let Some(w) = words.next() {
        match Case::of(w) {
            Case::Lower => return false,
            Case::Upper if !vowelless(w) || capital_word(prev) || capital_word(words.peek().copied()) => upper += 1,
            _ => {}
        }
        n += 1;
        prev = Some(w);
    }
    upper >= 4 && upper * 4 >= n * 3
}

/// Is slot `i` the first of its line?
pub(super) fn first_on_line(para: &[Slot], i: usize) -> bool {
    i.checked_sub(1).is_none_or(|j| para[j].line != para[i].line)
}

/// Is slot `i` a heading's Roman numeral whose capital I's the OCR printed as small l's ("l. MỤC TIÊU", "ll. NHIỆM
/// VỤ"): one to three l's (capital I's among them), first on the line, a full stop right after and a word in
/// capitals next? The numeral, in capitals, when it is; a list letter "l." opens no heading in capitals.
pub(super) fn heading_numeral(text: &str, para: &[Slot], i: usize) -> Option<String> {
    let s = &para[i];
    let t = s.tok.text;
    // Asked of every word: the cheap test first.
    if !ones_printed_l(t) || !first_on_line(para, i) {
        return None;
    }
    let capitals_next =
        para.get(i + 1).is_some_and(|n| n.line == s.line && long_word(n) && Case::of(n.tok.text) == Case::Upper);
    let line = &text[s.line_start..];
    let (before, after) = (&line[..s.tok.start], &line[s.tok.end()..]);
    (capitals_next && before.trim().is_empty() && after.starts_with(". ")).then(|| "I".repeat(t.len()))
}

/// Is `t` one to three I's, small l's among them (the OCR's capital I: a small i has its dot)?
pub(super) fn ones_printed_l(t: &str) -> bool {
    (1..=3).contains(&t.len()) && t.contains('l') && t.bytes().all(|b| matches!(b, b'l' | b'I'))
}

/// Is the slot after slot `i`, on its line, a document's number: a code that starts with a digit ("19-CT/TU")?
pub(super) fn number_follows(para: &[Slot], i: usize) -> bool {
    para.get(i + 1).is_some_and(|n| {
        n.line == para[i].line && n.kind == TokenKind::Code && n.tok.text.starts_with(|c: char| c.is_ascii_digit())
    })
}

/// Are the slots on both sides of slot `i`, on its line, words of two letters or more in capitals (an l, the OCR's
/// I, aside: "HDl"), neither a Roman numeral?
pub(super) fn between_capitals(para: &[Slot], i: usize) -> bool {
    let capitals = |j: usize| {
        para.get(j).is_some_and(|s| {
            let t = s.tok.text;
            s.line == para[i].line
                && s.kind == TokenKind::Word
                && !roman_numeral(t)
                && t.chars().filter(|c| c.is_alphabetic()).nth(1).is_some()
                && t.chars().all(|c| c.is_uppercase() || c == 'l')
                && t.starts_with(char::is_uppercase)
        })
    };
    i > 0 && capitals(i - 1) && capitals(i + 1)
}

/// Does slot `i` of the paragraph start a sentence or a list item: the paragraph's first word, a word after
/// `. ! ? : ;`, after a line break and a bullet (`-`, `+`, `•`), after the `)` of a line's first token ("a)"), or
/// the first word of a line after a line in capitals ([`heading_line`]: "sS6: 45/KH-UBND" under the header's
/// names is "Số", not "số").
pub(super) fn starts_sentence(text: &str, para: &[Slot], i: usize) -> bool {
    let Some(prev) = i.checked_sub(1).map(|j| &para[j]) else { return true };
    let cur = &para[i];
    let gap = gap_before(text, para, i);
    let list_marker = gap.starts_with(')') && (i < 2 || para[i - 2].line != prev.line);
    gap.contains(['.', '!', '?', ':', ';'])
        || gap.contains('\n') && gap.trim_start().starts_with(['-', '+', '•'])
        || list_marker
        || prev.line != cur.line && heading_line(para, i - 1)
}

/// Is slot `i` a bullet the OCR printed as a capital letter: a consonant or Y (no word by itself), alone at the
/// start of a paragraph's first line, before a capitalized word ("Y Quyết định số …", "S Giữa Ủy ban …" for the
/// page's ✓ or ➢)? It is kept as printed.
pub(super) fn bullet_glyph(text: &str, para: &[Slot], i: usize, cache: &Caches) -> bool {
    let s = &para[i];
    let mut letters = s.tok.text.chars();
    let letter = letters.next().filter(|c| c.is_ascii_uppercase() && !"AEIOU".contains(*c));
    letter.is_some()
        && letters.next().is_none()
        && text[s.line_start..s.line_start + s.tok.start].trim().is_empty()
        && cache.ctx.paragraph_lines.binary_search(&(cache.offset + s.line_start)).is_ok()
        && text[s.line_start + s.tok.end()..].starts_with(' ')
        && para.get(i + 1).is_some_and(|n| n.line == s.line && n.tok.text.starts_with(char::is_uppercase))
}

/// Is slot `i` one or two capital consonants a space after a code that ends in a letter ("40/2025/TT-BNNM T ngày",
/// "181/TTr-SDT TG ngày")? That is the code's last part, split by the OCR, or an abbreviation ("TP", "CP"): kept as
/// printed. Read as a word it became one ("T" → "Từ") and cut the number short for extraction. A vowel makes it a
/// word ("385/QĐ-BTC VE VIỆC" for "VỀ"); `admin` and news never print capitals of two letters or fewer after a code,
/// legal prose five times in 10 M words ("VỀ", "TP", "CP", "ĐT").
pub(super) fn code_tail(text: &str, para: &[Slot], i: usize) -> bool {
    let t = para[i].tok.text;
    capitals_without_vowel(t)
        && t.chars().count() <= 2
        && i > 0
        && para[i - 1].kind == TokenKind::Code
        && para[i - 1].tok.text.ends_with(|c: char| c.is_alphabetic())
        && gap_before(text, para, i) == " "
}

/// Capitals, ASCII or Đ, none a vowel (A E I O U Y).
pub(super) fn capitals_without_vowel(word: &str) -> bool {
    word.chars().all(|c| c == 'Đ' || c.is_ascii_uppercase() && !"AEIOUY".contains(c))
}

/// Is slot `i` a capital consonant alone (no `)` or `.` after it: not a list marker or an abbreviation), first on
/// its line or after a bullet, before a word in small letters ("- P xây dựng", "- B phối hợp")? No Vietnamese word is
/// one consonant, and a letter opening a list item is a marker; this is a word the OCR cut down ("Đã" printed
/// "P"), so neither the letter as printed nor another lone letter is a reading (the model learned "đ xây dựng"
/// from the markers "đ) Xây dựng").
pub(super) fn lone_consonant(text: &str, para: &[Slot], i: usize) -> bool {
    let mut letters = para[i].tok.text.chars();
    // Not a vowel, nor a Roman numeral (V, X).
    let consonant = letters.next().is_some_and(|c| c.is_ascii_uppercase() && !"AEIOUYVX".contains(c));
    consonant && letters.next().is_none() && opens_item_words(text, para, i)
}

/// Is slot `i` first on its line or after a bullet, and then a space and a word in small letters on the line (no
/// `)` or `.` after it: not a list marker or an abbreviation)? The first word of a list item's text.
pub(super) fn opens_item_words(text: &str, para: &[Slot], i: usize) -> bool {
    let s = &para[i];
    text[s.line_start..s.line_start + s.tok.start].chars().all(|c| c.is_whitespace() || "-+•".contains(c))
        && text[s.line_start + s.tok.end()..].starts_with(' ')
        && para.get(i + 1).is_some_and(|n| n.line == s.line && Case::of(n.tok.text) == Case::Lower)
}

/// Is `s` a Roman numeral from 2 (II) to 39 (XXXIX), in capitals and written the usual way ("IV", not "IIII")?
pub(super) fn roman_numeral(s: &str) -> bool {
    const ONES: [&str; 10] = ["", "I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX"];
    // Asked of most words: no allocation.
    let tens = s.bytes().take_while(|&b| b == b'X').count();
    ONES.iter().position(|&o| o == &s[tens..]).is_some_and(|ones| (2..40).contains(&(10 * tens + ones)))
}

/// Does slot `i` open a sentence proper: after a full stop, "!" or "?" on its line, after a letter or number
/// marking a list item ([`item_marker`]: "b)", "2)": the admin corpus starts 4,691 of 4,710 such items with a
/// capital), or first on its line (a bullet, "-", "•", a quote mark, aside) where the document's text before it
/// ends so ([`sentence_lines`])?
pub(super) fn opens_sentence(text: &str, para: &[Slot], i: usize, cache: &Caches) -> bool {
    let (line_start, start) = (para[i].line_start, para[i].line_start + para[i].tok.start);
    let head = &text[line_start..start];
    if head.chars().all(|c| !c.is_alphanumeric()) {
        return cache.ctx.sentence_lines.binary_search(&(cache.offset + line_start)).is_ok();
    }
    let marker = matches!(item_marker(head.trim()), Some(ItemMarker::Letter(_) | ItemMarker::Number));
    marker || ends_sentence_proper(head)
}

/// Does `text` end a sentence proper: a full stop, "!" or "?" at its end (white space aside), not after ":" or
/// ";", where lists go on in small letters, nor a row of dots (a form's blank)?
fn ends_sentence_proper(text: &str) -> bool {
    let t = text.trim_end();
    t.ends_with(['.', '!', '?']) && !t.ends_with("..") && !t.ends_with('…')
}

/// The byte offsets of the lines of `text` that start a paragraph: the first line, and each line after a blank one.
pub(super) fn paragraph_lines(text: &str) -> Vec<usize> {
    marked_lines(text, |line, _| line.trim().is_empty())
}

/// The byte offsets of the lines of `text` whose first word opens a sentence proper: the first line, and each
/// line after one that ends a sentence proper ([`ends_sentence_proper`]), blank lines between aside. Read from
/// the whole document, so that a part of it restores alike.
pub(super) fn sentence_lines(text: &str) -> Vec<usize> {
    marked_lines(text, |line, opens| if line.trim().is_empty() { opens } else { ends_sentence_proper(line) })
}

/// The byte offsets of the lines of `text` that a mark carried from line to line holds for: the first line's
/// holds, and `next(line, mark)` gives the next line's from a line and its own.
fn marked_lines(text: &str, next: impl Fn(&str, bool) -> bool) -> Vec<usize> {
    let mut out = Vec::new();
    let (mut pos, mut mark) = (0, true);
    for line in text.split_inclusive('\n') {
        if mark {
            out.push(pos);
        }
        mark = next(line, mark);
        pos += line.len();
    }
    out
}

/// The text between slot `i - 1` and slot `i` of the paragraph (`i ≥ 1`): spaces, punctuation, line breaks.
pub(super) fn gap_before<'t>(text: &'t str, para: &[Slot], i: usize) -> &'t str {
    let (prev, cur) = (&para[i - 1], &para[i]);
    &text[prev.line_start + prev.tok.end()..cur.line_start + cur.tok.start]
}

/// Signs that stand between two capitals only as OCR noise: not the `.` of "TP.HCM", the `-` of "NĐ-CP", the `&`
/// of "KH&CN" or the `'` of "H'MÔNG". The admin corpus prints one there 10 times in 25,160 paragraphs, all in
/// codes ("P*CS", "VĐT*XD", "HP_VP11"), which the decoder keeps.
const NOISE_BETWEEN_CAPITALS: [char; 13] = [':', ';', '@', '*', '\\', '_', '~', '^', '[', ']', '{', '}', '|'];

/// Is word token `i` glued to the next word token by OCR noise: one or two symbols between a letter and a
/// lowercase letter, no space ("dc-ng" for "đồng", "l.:mh" for "lãnh", "Khu}ren" for "Khuyến"), apostrophes
/// before a capital (the OCR's horn of Ư or Ơ: "THU'C" for "THỰC", "du’O’ng" for "dưỡng"; rare in clean text, in
/// names such as "H'MÔNG" or "d'Ivoire", which the decoder keeps), or between capitals a sign no word or
/// abbreviation prints there ("M:T" for "MỘT", "CU\\A" for "CỦA"; [`NOISE_BETWEEN_CAPITALS`])? Punctuation that
/// does stand between words unspaced (`, ; / (`) is not noise, but for a `;` after a lone letter ("d;a" for
/// "địa", "P;A" for "ĐỊA": the admin corpus never has one there); a hyphen before an uppercase letter
/// ("Rịa-Vũng") or a digit is a real one; a `)` between two letters is a piece of one ("thé)ng" for "thống": the
/// admin corpus never has one there, legal prose 47 in 10 M words).
pub(super) fn glued_by_noise(toks: &[Token], i: usize) -> bool {
    let mut j = i + 1;
    let mut noise = 0;
    let (mut apostrophes, mut between_capitals) = (true, true);
    let lone_letter = toks[i].text.chars().nth(1).is_none();
    while let Some(t) = toks.get(j).filter(|t| t.kind == TokenKind::Punct) {
        if t.text.chars().any(|c| c.is_whitespace() || matches!(c, ',' | '/' | '(') || c == ';' && !lone_letter) {
            return false;
        }
        noise += t.text.chars().count();
        apostrophes &= t.text.chars().all(|c| matches!(c, '\'' | '’' | '‘' | '`'));
        between_capitals &= t.text.chars().all(|c| NOISE_BETWEEN_CAPITALS.contains(&c));
        j += 1;
    }
    let last = toks[i].text.chars().last();
    let next = toks.get(j).filter(|t| t.kind == TokenKind::Word).and_then(|t| t.text.chars().next());
    let glued = match (last, next) {
        (Some(a), Some(b)) => {
            a.is_alphabetic()
                && (b.is_lowercase() || b.is_uppercase() && (apostrophes || between_capitals && a.is_uppercase()))
        }
        _ => false,
    };
    (1..=2).contains(&noise) && glued
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roman_numerals_as_written() {
        for n in ["II", "III", "IV", "V", "VI", "IX", "X", "XI", "XIII", "XIV", "XX", "XXXIX"] {
            assert!(roman_numeral(n), "{n}");
        }
        for n in ["I", "IIII", "VV", "IIV", "XL", "ii", "XIl", "", "XXXX", "XXXXI", "VX", "Đ"] {
            assert!(!roman_numeral(n), "{n}");
        }
    }

    #[test]
    fn a_blank_line_inside_a_sentence_ends_no_paragraph() {
        let ends = |prev: &str, next: &str| ends_paragraph("\n", 1, prev, Some(next));
        assert!(!ends("kết nối, kết\n", "nối đầu tư\n"));
        assert!(!ends("của Ban Thường vụ Tỉnh ủy\n", "  về một số chủ trương\n"));
        // a sentence's end or a sign before it, a list item, a capital, a number or another blank line after it:
        // a paragraph ends
        for (prev, next) in [
            ("xem xét.\n", "nơi nhận\n"),
            ("các nhiệm vụ sau\n", "a) Rà soát\n"),
            ("các nhiệm vụ sau\n", "đ. Rà soát\n"),
            ("kết\n", "Nối đầu tư\n"),
            ("kết\n", "2. Nối\n"),
            ("kết\n", "\n"),
            ("(CSDL)\n", "nối\n"),
        ] {
            assert!(ends(prev, next), "{prev:?} {next:?}");
        }
        // nor when the paragraph is empty, or nothing comes after
        assert!(ends_paragraph("\n", 0, "kết\n", Some("nối\n")));
        assert!(ends_paragraph("\n", 1, "kết\n", None));
    }

    #[test]
    fn paragraphs_start_after_blank_lines() {
        assert_eq!(paragraph_lines("a\nb\n\nc\n \r\nd"), [0, 5, 10]);
        assert_eq!(paragraph_lines(""), [] as [usize; 0]);
    }
}
