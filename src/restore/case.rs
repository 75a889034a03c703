//! The case of a restored word: from its OCR token, corrected where the OCR's case is noise (a capital inside a
//! word, small letters in a heading, a misread first letter), see DESIGN.md "The restorer".

use std::borrow::Cow;

use super::layout::{
    first_on_line, gap_before, heading_line, line_slots, long_word, number_follows, ones_printed_l, starts_sentence,
};
use super::{Restorer, Slot};
use crate::decode;
use crate::syllable::{Case, ToneStyle, fold, fold_one, retone};
use crate::tokenize::TokenKind;

impl Restorer {
    /// The output spelling of a reading: the OCR token's case, the chosen tone style. A capital I the reading
    /// replaces by l ("Iy" → "lý") is the page's lowercase l (the same glyph in most fonts), so it says nothing
    /// of the page's case: in the middle of a sentence (`mid`) such a word is lowercase. A word in capitals
    /// among lowercase words (`lone`, see [`lone_capitals`]) whose reading only adds vowel marks is a Title-case
    /// word whose small letters the OCR took for capitals ("HO Chi Minh" → "Hồ", not "HỒ"); an acronym read as
    /// another word keeps its capitals. A `forced` case, from the OCR word's neighbours
    /// ([`Restorer::bound_capital`], [`in_heading`]), overrides the OCR's.
    pub(super) fn shape(
        &self,
        original: &str,
        reading: &str,
        is_original: bool,
        mid: bool,
        lone: bool,
        forced: Option<Case>,
    ) -> String {
        if is_original {
            return original.to_string();
        }
        // An acronym no syllable spells ("hđnd", "qđ") printed with a capital first ("Hend", "Qb"): the OCR's
        // small letters are noise, as no Vietnamese word has its letters.
        if forced != Some(Case::Lower)
            && original.starts_with(char::is_uppercase)
            && let Some(caps) = self.codes.capitals(reading)
        {
            return caps.to_string();
        }
        // The reading may be the OCR token itself, in its case.
        let reading = if forced.is_some() { &reading.to_lowercase() } else { reading };
        let case = match (forced, Case::of(original)) {
            (Some(forced), _) => forced,
            (None, case) => Self::ocr_case(original, reading, mid, lone, case),
        };
        let words: Vec<String> = reading
            .split(' ')
            .enumerate()
            .map(|(i, w)| {
                let w = match self.opts.tones {
                    ToneStyle::Classic => Cow::Borrowed(w),
                    ToneStyle::Modern => Cow::Owned(retone(w, ToneStyle::Modern)),
                };
                match case {
                    Case::Title if i > 0 => w.into_owned(),
                    c => c.apply(&w),
                }
            })
            .collect();
        words.join(" ")
    }

    /// The case of a reading from its OCR token's case `case` (see [`Restorer::shape`]).
    fn ocr_case(original: &str, reading: &str, mid: bool, lone: bool, case: Case) -> Case {
        match case {
            // The OCR prints a capital I as a small l (never a small i, which has its dot): a numeral of I's read
            // from l's is in capitals ("Phụ lục ll" → "II", "giai đoạn l:" → "I").
            _ if ones_from_ls(original, reading) => Case::Upper,
            // A capital the OCR misread as another letter ("Iy" → "lý", "Gng" → "ứng", "Jao" → "lao") says nothing
            // of the page's case (a small letter may print as a capital of another shape), unless it is this OCR's
            // Đ (D, P, B): in mid-sentence such a word is small.
            Case::Title | Case::Mixed if mid && first_misread(original, reading) => Case::Lower,
            // The OCR prints a capital Đ as a small b (never a small đ): "bai" → "Đại".
            Case::Lower if original.starts_with('b') && reading.starts_with('đ') => Case::Title,
            // The same small b before capitals ("bBC", "bOoC" for "ĐỐC"): a word in capitals.
            Case::Mixed if small_b_before_capitals(original, reading) => Case::Upper,
            // A capital the OCR added before a small letter ("Dcung" → "cung", "Lddao" → "đạo"): the word's case is
            // the small letter's.
            Case::Title | Case::Mixed if mid && added_first(original, reading) => Case::Lower,
            // Capitals but for one small letter ("THUONGi", "MUCi", "HeIÉN"): a word in capitals the OCR sprinkled.
            Case::Mixed if one_small_among_capitals(original) => Case::Upper,
            // A small letter then capitals ("sS4", "cAc"): case noise; a sentence starts with a capital.
            Case::Mixed if original.starts_with(char::is_uppercase) || !mid => Case::Title,
            Case::Mixed => Case::Lower,
            Case::Upper
                if lone && reading.chars().any(|c| !c.is_ascii() && c != 'đ') && fold(reading) == fold(original) =>
            {
                Case::Title
            }
            c => c,
        }
    }

    /// Is `word` in capitals but for small l's the OCR printed for I ("GlAM" for "GIÁM", "HlEN" for "HIỆN")? At
    /// least two capitals, every small letter an l, and with each l an I spelled like a word, marks aside: a
    /// Vietnamese word never has a small letter among capitals, and l is the OCR's commonest I.
    pub(super) fn i_read_as_l(&self, word: &str) -> bool {
        word.chars().filter(|c| c.is_uppercase()).nth(1).is_some()
            && word.contains('l')
            && word.chars().filter(|c| c.is_lowercase()).all(|c| c == 'l')
            && self.index.spells_a_word(&word.replace('l', "I"))
    }

    /// Is the word at `step` of the path a capital the OCR gave to the second syllable of a word? Its OCR token
    /// is Title case (or capitals after the first letter: "CAu") and starts with a letter whose capital differs
    /// from the small one only in size, the word before it on the path is a lowercase word in the same sentence,
    /// and the language model finds the pair bound ("triển khai", "yêu cầu": log10 P(w | prev) ≥ [`BOUND`]).
    pub(super) fn bound_capital(
        &self,
        para: &[Slot],
        arcs: &[decode::Arc],
        path: &[(usize, usize)],
        step: usize,
        text: &str,
    ) -> bool {
        let (ai, ci) = path[step];
        let (pa, pc) = path[step - 1];
        let (arc, prev_arc) = (&arcs[ai], &arcs[pa]);
        let cur = &para[arc.start as usize];
        let prev = &para[prev_arc.start as usize + prev_arc.len as usize - 1];
        let t = cur.tok.text;
        if cur.kind != TokenKind::Word
            || prev.kind != TokenKind::Word
            || !matches!(Case::of(t), Case::Title | Case::Mixed)
            || !t.starts_with(char::is_uppercase)
            || t.chars().count() < 2
            || Case::of(prev.tok.text) != Case::Lower
            || starts_sentence(text, para, arc.start as usize)
        {
            return false;
        }
        let (choice, prev_choice) = (&arc.choices[ci], &prev_arc.choices[pc]);
        let prev_id = prev_choice.ids[prev_choice.n_ids as usize - 1];
        if !fold(self.lm.vocab().word(choice.ids[0])).starts_with(SAME_SHAPE) {
            return false;
        }
        self.lm.lm().log_prob(&[prev_id], choice.ids[0]) >= BOUND
    }
}

/// Letters whose capital is the small letter made larger: the OCR confuses their case.
pub(super) const SAME_SHAPE: [char; 9] = ['c', 'k', 'o', 's', 'u', 'v', 'w', 'x', 'z'];

/// Is slot `i` a word in capitals of two or more letters whose neighbours on its line (at least one) are words of
/// two or more letters in small letters or Title case (not a heading word the OCR gave a small l for an I,
/// "KlÉM", nor a Roman numeral printed "Il")? Clean administrative text almost never sets a lone Vietnamese word in
/// capitals mid-line (acronyms aside, 2 in a million words of the admin corpus), but OCR often reads the small
/// letters of a word (o ô s u ư) as capitals.
pub(super) fn lone_capitals(para: &[Slot], i: usize) -> bool {
    let cur = &para[i];
    if Case::of(cur.tok.text) != Case::Upper {
        return false;
    }
    line_neighbours_all(para, i, |s| {
        let t = s.tok.text;
        long_word(s)
            && matches!(Case::of(t), Case::Lower | Case::Title)
            && !t.chars().all(|c| matches!(c, 'I' | 'l' | '1' | 'V' | 'X'))
    })
}

/// Is slot `i` a word of two or more capitals without marks ("BIM", "TB", "XH", "390 US gallon") whose neighbours on
/// its line are words or numbers, at least one a word and none in capitals with marks or spelling a syllable
/// ("TRONG PHAM VI", "CHỦ TICH", "THÁNG 10 NAM 2023")? In clean text such a word is an acronym, not a heading word
/// printed without its marks.
pub(super) fn lone_acronym(para: &[Slot], i: usize) -> bool {
    let cur = &para[i];
    let heading_word = |s: &Slot| {
        Case::of(s.tok.text) == Case::Upper
            && (!s.tok.text.is_ascii() || crate::syllable::is_syllable(&s.tok.text.to_lowercase()))
    };
    let small_word = |s: &Slot| s.kind == TokenKind::Word && !heading_word(s);
    Case::of(cur.tok.text) == Case::Upper
        && cur.tok.text.is_ascii()
        && cur.tok.text.chars().nth(1).is_some()
        && line_neighbours_all(para, i, |s| small_word(s) || s.kind == TokenKind::Number)
        && line_neighbours(para, i).any(small_word)
}

/// Is slot `i` a number (read as a word: "80" for "SỞ") before a word in capitals on its line ("80 TÀI CHÍNH")?
/// Digits have no case; the heading's words give it theirs.
pub(super) fn digits_before_capitals(para: &[Slot], i: usize) -> bool {
    para[i].tok.text.bytes().all(|b| b.is_ascii_digit()) && next_on_line_in(para, i, Case::Upper)
}

/// Is slot `s` a word of two letters or more in `case`?
fn word_in(s: &Slot, case: Case) -> bool {
    s.kind == TokenKind::Word && Case::of(s.tok.text) == case && s.tok.text.chars().nth(1).is_some()
}

/// Is the slot after `i` on `i`'s line a word of two letters or more in `case` ([`word_in`])?
fn next_on_line_in(para: &[Slot], i: usize, case: Case) -> bool {
    para.get(i + 1).is_some_and(|n| n.line == para[i].line && word_in(n, case))
}

/// Does OCR word `text` show no case: started with a digit or a sign ("8am", "8¢"), no capital in it?
fn shows_no_case(text: &str) -> bool {
    text.starts_with(|c: char| !c.is_alphabetic()) && !text.contains(char::is_uppercase)
}

/// The slots next to slot `i` on its line: the one before it and the one after it.
fn line_neighbours<'p, 'a>(para: &'p [Slot<'a>], i: usize) -> impl Iterator<Item = &'p Slot<'a>> {
    let line = para[i].line;
    [i.checked_sub(1), Some(i + 1)].into_iter().flatten().filter_map(|j| para.get(j)).filter(move |s| s.line == line)
}

/// Has slot `i` a neighbour on its line, and does every such neighbour satisfy `pred`?
fn line_neighbours_all(para: &[Slot], i: usize, pred: impl Fn(&Slot) -> bool) -> bool {
    let mut neighbours = line_neighbours(para, i).peekable();
    neighbours.peek().is_some() && neighbours.all(pred)
}

/// Is `reading` as many i's as `original` has I's printed l ([`ones_printed_l`])?
fn ones_from_ls(original: &str, reading: &str) -> bool {
    ones_printed_l(original) && reading.len() == original.len() && reading.bytes().all(|b| b == b'i')
}

/// Is the reading's first letter another letter than the OCR token's (marks aside), and neither an Đ nor a Q the
/// OCR printed O (a capital for a capital: "Ouyét" in "kèm theo Quyết định" is "Quyết", as "OD" is "QĐ")?
fn first_misread(original: &str, reading: &str) -> bool {
    let (Some(o), Some(r)) = (fold(original).chars().next(), reading.chars().next()) else { return false };
    r != 'đ' && o.is_alphabetic() && fold_one(r) != o && !(original.starts_with('O') && r == 'q')
}

/// Does OCR token `original` show the case of `reading`'s first letter: is its first char that letter, marks and
/// case aside? (Where it does not, a misread or dropped first letter, [`first_misread`], [`dropped_first`], the
/// restorer takes the case the document prints the word with.)
pub(super) fn shows_first_letter(original: &str, reading: &str) -> bool {
    let (Some(o), Some(r)) = (original.chars().next(), reading.chars().next()) else { return false };
    let small = |c: char| fold_one(c.to_lowercase().next().unwrap_or(c));
    o.is_alphabetic() && small(o) == small(r)
}

/// Does the reading leave out the OCR token's first char, a capital before a small letter that the reading
/// starts with ("Dcung" read as "cung", "Lddao" as "đạo")? Not when the two are the same letter ("Vvé" for "về",
/// but as often "Ssở" for "Sở": with them it fixed one leave-one-out word and broke 14 of the seeds profile), nor
/// when the capital is how the OCR prints a reading's Đ ("Pdng" for "Đồng", a letter dropped after it).
fn added_first(original: &str, reading: &str) -> bool {
    let mut o = original.chars();
    let (Some(first), Some(second)) = (o.next(), o.next()) else { return false };
    if matches!(first, 'P' | 'B') && reading.starts_with(['đ', 'Đ']) {
        return false;
    }
    let (folded, r) = (fold(original), fold(reading).chars().next());
    let mut f = folded.chars();
    first.is_uppercase() && second.is_lowercase() && r.is_some() && f.next() != r && f.next() == r
}

/// Does the reading start with a letter the OCR token lost, its second letter the token's first ("ieu" read as
/// "điều")?
pub(super) fn dropped_first(original: &str, reading: &str) -> bool {
    let (o, r) = (fold(original), fold(reading));
    let mut rc = r.chars();
    let (Some(first), Some(second)) = (rc.next(), rc.next()) else { return false };
    o.chars().next().is_some_and(|c| c != first && c == second)
}

/// Is slot `i` a word the OCR started with a digit or a sign ("8am" for "Sâm"), which shows no case, on a line of
/// two to four words whose others are all in Title case, the first a surname: a person's name, as under a
/// signature ("Nguyễn Ngọc 8am"), each of whose syllables has a capital. (Other Title-case runs are no names:
/// "Ban Quản 1y Khu", "Độc 1ap", "Phu 1uc V".)
pub(super) fn caseless_in_name_line(para: &[Slot], i: usize) -> bool {
    let cur = &para[i];
    if cur.kind != TokenKind::Word || !shows_no_case(cur.tok.text) {
        return false;
    }
    let line = line_slots(para, i);
    let g = crate::extract::gazetteer::Gazetteer::builtin();
    (2..=4).contains(&line.len())
        && line.start != i
        && g.is_surname(&fold(para[line.start].tok.text))
        && line.into_iter().all(|j| j == i || word_in(&para[j], Case::Title))
}

/// Is slot `i` a word the OCR started with a digit or a sign, which shows no case, read as "sở" or "bộ" before a
/// Title-case word on its line ("Cơ quan chủ trì: 8¢ Thông tin và Truyền thông")? Such a word opens a body's
/// name: the admin corpus capitalizes "Sở" 1,111 times and "Bộ" 1,754 times in mid-sentence before a Title-case
/// word, and writes them small 57 and 25 times.
pub(super) fn caseless_body_before_name(para: &[Slot], i: usize, reading: &str) -> bool {
    matches!(reading, "sở" | "bộ") && shows_no_case(para[i].tok.text) && next_on_line_in(para, i, Case::Title)
}

/// Is slot `i` a word the OCR started with a digit or a sign, which shows no case, that ends a place before the
/// date ("Bình 8on, ngày 21 tháng 5" → "Sơn"): after a Title-case word on its line, and followed by a comma and
/// "ngày" as the OCR printed it, a letter aside ("négay")? A place's words each have a capital.
pub(super) fn caseless_place_before_date(text: &str, para: &[Slot], i: usize) -> bool {
    let cur = &para[i];
    i > 0
        && i + 1 < para.len()
        && shows_no_case(cur.tok.text)
        && para[i - 1].kind == TokenKind::Word
        && Case::of(para[i - 1].tok.text) == Case::Title
        && gap_before(text, para, i) == " " // on its line: a line break is no single space
        && gap_before(text, para, i + 1).trim() == ","
        && {
            let next = fold(para[i + 1].tok.text);
            next.len() >= 4 && strsim::levenshtein(&next, "ngay") <= 1
        }
}

/// Is slot `i` the first word of a line that reads as a person's name, as under a signature: three or four words
/// alone on their line, each in Title case and of two letters or more ("Bang Ngoc Huy")? The restorer reads its
/// first word as a family name where the OCR allows one ("Đặng", not "Bằng").
pub(super) fn opens_name_line(para: &[Slot], i: usize) -> bool {
    let line = para[i].line;
    let on_line = |j: usize| para.get(j).is_some_and(|s| s.line == line);
    // Looked at for every word: only the slots next to it are read.
    let len = (i..i + 5).take_while(|&j| on_line(j)).count();
    first_on_line(para, i)
        && (3..=4).contains(&len)
        && para[i..i + len].iter().all(|s| {
            s.kind == TokenKind::Word && Case::of(s.tok.text) == Case::Title && s.tok.text.chars().nth(1).is_some()
        })
}

/// Is slot `i`, read as `reading` and followed by the text `after`, the label of a document's number: "số", then
/// the number, after a colon or first on its line ("Số: 12/QĐ-UBND")? A label is written with a capital; in running
/// text "số" comes without the colon ("Quyết định số 12/QĐ-UBND").
pub(super) fn labels_number(para: &[Slot], i: usize, after: &str, reading: &str) -> bool {
    reading == "số" && (after.starts_with(':') || first_on_line(para, i)) && number_follows(para, i)
}

/// Is `word` a Vietnamese syllable in small letters with a capital inside ("qUy", "hoC", "cAp")? That is OCR
/// case noise, written in small letters even where the letters stay. (Names made that way, "iGate", "eGov",
/// "IoT" read "loT", are not syllables; the caller leaves alone pieces of codes, "01-biN-NH".)
pub(super) fn capital_inside(word: &str) -> bool {
    word.starts_with(char::is_lowercase)
        && word.chars().skip(1).any(char::is_uppercase)
        && crate::syllable::is_syllable(word)
}

/// Small words a sentence never capitalizes but at its start, whose first letter's capital is the small one made
/// larger (c, o, s, v), so that the OCR confuses the two: in the `admin` corpus none is in Title case after a word
/// in small letters (of 41,088), where "các" and "về" are (117 and 5: heading lines the corpus joined).
const SMALL_WORDS: [&str; 12] = ["của", "cho", "có", "cũng", "cùng", "còn", "cả", "với", "vào", "và", "sẽ", "ở"];

/// Is slot `i`, whose OCR token is in Title case, one of the [`SMALL_WORDS`] (its `reading`) inside a sentence
/// (`mid`), after a word in small letters on its line ("hoạt động Của các cơ quan")? Its capital is the OCR's. (First
/// on a line it may open a paragraph after a heading without a full stop, or a line of text cut from a page.)
pub(super) fn small_word_capital(para: &[Slot], i: usize, reading: &str, mid: bool) -> bool {
    mid && !first_on_line(para, i)
        && Case::of(para[i].tok.text) == Case::Title
        && para[i - 1].kind == TokenKind::Word
        && Case::of(para[i - 1].tok.text) == Case::Lower
        && SMALL_WORDS.iter().any(|w| w.chars().eq(reading.chars().flat_map(char::to_lowercase)))
}

/// Is `original` the OCR's small b for a capital Đ before capitals ("bBC", "bÉC" for "ĐỐC"), read with its Đ: a
/// word in capitals, not a capital inside a word?
pub(super) fn small_b_before_capitals(original: &str, reading: &str) -> bool {
    original.starts_with('b') && reading.starts_with('đ') && mostly_capitals_after_first(original)
}

/// Are most letters after the first of `word` capitals?
fn mostly_capitals_after_first(word: &str) -> bool {
    let rest = || word.chars().skip(1).filter(|c| c.is_alphabetic());
    2 * rest().filter(|c| c.is_uppercase()).count() > rest().count()
}

/// Three capitals or more and one small letter, the first letter a capital: no acronym the corpora print mixes
/// them so ("VneID", "TTg" and "KH&CN" have fewer capitals or more small letters, and known acronyms are read as
/// written before the case is asked).
fn one_small_among_capitals(word: &str) -> bool {
    let letters = || word.chars().filter(|c| c.is_alphabetic());
    word.starts_with(char::is_uppercase)
        && letters().filter(|c| c.is_lowercase()).count() == 1
        && letters().filter(|c| c.is_uppercase()).count() >= 3
}

/// Is slot `i` of the paragraph a word of a heading in capitals that the OCR printed with small letters ("KlÉM
/// TOÁN", "KINH PHi THỰC", "ĐỀ NGHỊ b6I THẺ")? Both words next to it on its line are in capitals and are syllables
/// ("TOÁN", "HIEN"), not acronyms ("UBND", "GIS") or Roman numerals, and one has three letters or more (two
/// capitals are often an acronym: "AI đưa AI" is clean text), or its line is one in capitals ([`heading_line`]) and
/// it is no label of the left column ([`column_label`]). A word whose one letter is a capital ("S6", "S" for "SỞ")
/// shows no case of its own: a heading word of three letters or more next to it, with only a space between them,
/// suffices ("S GIÁO DỤC").
/// A word in small letters only is left as it is ("AI vào KINH PHÍ").
pub(super) fn in_heading(text: &str, para: &[Slot], i: usize) -> bool {
    let cur = &para[i];
    // Digits or a sign the decoder may read as a word ("MỘT 86 ĐIỀU", "VIỆT NAM ¢ NƯỚC NGOÀI") take the
    // heading's case too.
    let caseless = !cur.tok.text.chars().any(char::is_alphabetic);
    if !caseless && (cur.kind != TokenKind::Word || !matches!(Case::of(cur.tok.text), Case::Title | Case::Mixed)) {
        return false;
    }
    // The letter count of a heading word next to slot `i`.
    let heading_word = |j: Option<usize>| {
        j.and_then(|j| para.get(j))
            .filter(|s| {
                let t = s.tok.text;
                s.line == cur.line
                    && s.kind == TokenKind::Word
                    && Case::of(t) == Case::Upper
                    && !t.chars().all(|c| matches!(c, 'I' | 'V' | 'X'))
                    && crate::syllable::is_syllable(t)
            })
            .map_or(0, |s| s.tok.text.chars().count())
    };
    let (before, after) = (heading_word(i.checked_sub(1)), heading_word(Some(i + 1)));
    let one_capital = {
        let mut letters = cur.tok.text.chars().filter(|c| c.is_alphabetic());
        letters.next().is_some_and(char::is_uppercase) && letters.next().is_none()
    };
    // Only a space between them: "các PGĐ S; PHÓ GIÁM ĐỐC" ends one column's item before the other's heading.
    let spaced = |j: usize| gap_before(text, para, j).trim().is_empty();
    before.min(after) >= 2 && before.max(after) >= 3
        || one_capital && (before >= 3 && spaced(i) || after >= 3 && spaced(i + 1))
        || heading_line(para, i) && !section_label(para, i) && !column_label(text, cur)
}

/// Is the slot a label in Title case before its colon ("- Lưu: VT. PHÓ GIÁM ĐỐC")? On a line in capitals it is
/// the left column's, which the OCR merged with a signature position: it keeps its case.
fn column_label(text: &str, cur: &Slot) -> bool {
    Case::of(cur.tok.text) == Case::Title && text[cur.line_start + cur.tok.end()..].starts_with(':')
}

/// Is slot `i` a section's label in Title case, first on its line and followed by its number ("Mục 1. XÂY DỰNG
/// …", "Chương II. QUY ĐỊNH CHUNG")? A heading in capitals may follow it; the label keeps the OCR's case.
fn section_label(para: &[Slot], i: usize) -> bool {
    let cur = &para[i];
    let numbered = |s: &Slot| {
        s.line == cur.line
            && (s.kind == TokenKind::Number || s.tok.text.bytes().all(|b| matches!(b, b'I' | b'V' | b'X')))
    };
    Case::of(cur.tok.text) == Case::Title
        && cur.tok.text.chars().count() >= 3
        && first_on_line(para, i)
        && para.get(i + 1).is_some_and(numbered)
}

/// log10 P(w | prev) from which a lowercase word and the next make one word, see [`Restorer::bound_capital`].
/// Leave-one-out ALL SER: −0.5 changes nothing, −1.0 1.723%, −1.2 and −1.5 1.708%, −2.0 1.796% ("cải Cách").
/// −1.5 lowercased five right capitals of the tesseract profile ("các Viện", "Giám đốc Công an"); −1.2 none.
const BOUND: f32 = -1.2;
