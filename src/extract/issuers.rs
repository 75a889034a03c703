//! Issuer phrases: a body, head or title from the gazetteer, extended by the bodies, administrative units and
//! proper names that follow it ("Chủ tịch UBND tỉnh", "Bộ trưởng Bộ Kế hoạch và Đầu tư", "UBND tỉnh Quảng
//! Ngãi", "Ban Thường vụ Tỉnh ủy (Kon Tum cũ)"), and the normal-case spelling of header issuers ("SỞ KHOA HỌC VÀ
//! CÔNG NGHỆ" → "Sở Khoa học và Công nghệ").

use super::gazetteer::{FoldedWords, Gazetteer, Kind};
use super::stream::Stream;

/// A token of the folded stream: where it starts, where its letters and digits end, where it ends.
#[derive(Debug, Clone, Copy)]
struct Tok {
    start: usize,
    core_end: usize,
}

/// The tokens from `at` on, up to `max`, stopping after one with punctuation other than a comma attached ("ủy;")
/// and before one that starts with punctuation ("(", "“"). A comma does not stop them, so that a listed name
/// holding one matches ("Bộ Văn hóa, Thể thao và Du lịch"); a token after a comma is not adjacent to the one before
/// (`start` > `core_end` + 1), which ends a phrase that is not such a name.
fn tokens(s: &str, at: usize, max: usize) -> Vec<Tok> {
    let b = s.as_bytes();
    let mut out = Vec::new();
    let mut i = at;
    while out.len() < max && i < b.len() {
        if b[i] == b' ' {
            i += 1;
        }
        let start = i;
        while i < b.len() && b[i] != b' ' {
            i += 1;
        }
        let tok = &s[start..i];
        if tok == "-" {
            out.push(Tok { start, core_end: i });
            continue;
        }
        let core = tok.find(|c: char| !c.is_ascii_alphanumeric()).unwrap_or(tok.len());
        if core == 0 {
            break;
        }
        out.push(Tok { start, core_end: start + core });
        if core < tok.len() && &tok[core..] != "," {
            break;
        }
    }
    out
}

fn is_capitalized(w: &str) -> bool {
    w.chars().next().is_some_and(char::is_uppercase)
}

fn has_marks(w: &str) -> bool {
    !w.is_ascii()
}

/// OCR damage is likely in printed words when one is not a valid Vietnamese syllable or has no diacritics at
/// all: only then are near matches tried (clean text is matched exactly).
pub(crate) fn damaged(printed: &str) -> bool {
    printed.split_whitespace().any(|w| !has_marks(w) || !crate::syllable::is_syllable(w))
}

/// The issuer phrase starting at `at` in the stream `st` of `text`: where it ends, and its text — printed words as
/// printed, gazetteer names in their listed spelling when the print lost or garbled their diacritics. None
/// when no gazetteer body, head or title starts there.
pub(crate) fn issuer_phrase(st: &Stream, text: &str, at: usize, g: &Gazetteer) -> Option<(usize, String)> {
    let s = st.text.as_str();
    let orig = |a: usize, b: usize| st.original(text, a, b);
    if !s.is_char_boundary(at) {
        return None;
    }
    let toks = tokens(s, at, 16);
    if toks.is_empty() || toks[0].start != at {
        return None;
    }
    let lower: Vec<String> = toks.iter().map(|t| s[t.start..t.core_end].to_ascii_lowercase()).collect();
    let printed = |i: usize, n: usize| orig(toks[i].start, toks[i + n - 1].core_end);
    // Is the phrase up to token i printed with marks (restored or clean text, not raw OCR)?
    let marked = |i: usize| !printed(0, i + 1).is_ascii();
    // A near (OCR-damaged) body or title at token i.
    let near = |i: usize, kinds: &[Kind]| -> Option<(usize, usize, String)> {
        // clean print is matched exactly: no near match is tried unless a word ahead looks damaged
        if !damaged(&printed(i, (toks.len() - i).min(8))) {
            return None;
        }
        let words: Vec<&str> = lower[i..].iter().map(String::as_str).collect();
        let kinds: Vec<Kind> = kinds.iter().copied().filter(|k| *k != Kind::Head).collect();
        let (e, n) = g.fuzzy(&words, &kinds)?;
        // in a span printed with marks (half its words or more: restored or clean text, not raw OCR with a few
        // residual marks), each word that differs from the name must be no syllable: "quy" of "UBND tỉnh quy
        // định" is a word of its own, not a damaged "ủy" of "Tỉnh ủy"
        let span_marked = 2 * (i..i + n).filter(|&k| has_marks(&printed(k, 1))).count() >= n;
        let differs_damaged = !span_marked
            || (g.entry(e).folded.split(' ').zip(&lower[i..i + n]).enumerate())
                .all(|(k, (a, b))| a == b || !crate::syllable::is_syllable(&printed(i + k, 1)));
        (damaged(&printed(i, n)) && differs_damaged).then(|| (e, n, g.entry(e).name.clone()))
    };
    // A gazetteer entry of `kinds` at token i: (entry, tokens, text).
    let entity = |i: usize, kinds: &[Kind], exact_only: bool| -> Option<(usize, usize, String)> {
        let hit = match kinds.first() {
            Some(Kind::Place) => g.place_at(s, toks[i].start),
            _ => g.issuer_at(s, toks[i].start),
        };
        let hit = hit.filter(|h| kinds.contains(&g.entry(h.entry).kind));
        // a bare head ("Ủy ban") loses to a whole body the print garbles ("Uy ban nhén dan")
        if !exact_only
            && hit.is_some_and(|h| g.entry(h.entry).kind == Kind::Head)
            && let Some(found) = near(i, kinds)
        {
            return Some(found);
        }
        if let Some(h) = hit {
            let n = toks[i..].iter().position(|t| t.core_end == h.end).map(|k| k + 1)?;
            let p = printed(i, n);
            let name = &g.entry(h.entry).name;
            if !compatible(&p, name) {
                // The restorer's wrong marks on a listed body's first word, the rest printed as listed ("Số TÀI
                // CHÍNH", the OCR's "S6" read as the number label): the body.
                return misread_first_word(&p, name).then(|| (h.entry, n, name.clone()));
            }
            return Some((h.entry, n, if lost_marks(&p, name) { name.clone() } else { p }));
        }
        if exact_only {
            return None;
        }
        near(i, kinds)
    };
    // A title whose last word "Ban" starts a listed body is the title before it: "Trưởng Ban Chỉ đạo Trung ương",
    // "Trưởng Ban Tuyên giáo Tỉnh ủy" (the gazetteer's title "Trưởng Ban" would take the body's first word).
    let title_of_body = |i: usize, (e, n, text): (usize, usize, String)| -> (usize, usize, String) {
        let ban = i + n - 1;
        let body = || {
            g.issuer_at(s, toks[ban].start)
                .is_some_and(|h| g.entry(h.entry).kind == Kind::Body && h.end > toks[ban].core_end)
        };
        match text.rsplit_once(' ') {
            Some((title, _)) if g.entry(e).kind == Kind::Title && lower[ban] == "ban" && body() => {
                (e, n - 1, title.to_string())
            }
            _ => (e, n, text),
        }
    };
    // A zone ("khu kinh tế"): a unit that may be named together with another.
    let is_zone = |unit: &str| unit.starts_with("khu ");
    // The unit word at token k, as the gazetteer spells it, and how many tokens it takes.
    let unit_at =
        |k: usize| g.unit_at(lower.get(k..).unwrap_or_default()).filter(|&(u, n)| compatible(&printed(k, n), u));
    let zone_at = |k: usize| unit_at(k).is_some_and(|(u, _)| is_zone(u));
    // A stop word at token i; "số" before a word is part of a name ("Trung tâm Y tế và Dân số tỉnh", "Ban Chỉ
    // đạo Chuyển đổi số"), the label of a number only before one.
    let stops = |i: usize| {
        is_stop(&lower[i], lower.get(i + 1).map(String::as_str), || printed(i, 1), || marked(i))
            && !(lower[i] == "so" && toks.get(i + 1).is_some_and(|t| s[t.start..].starts_with(char::is_alphabetic)))
    };
    // The name of a body not listed by name, after its head ("Sở Du lịch", "Cục Bảo vệ thực vật", "Ủy ban Pháp
    // luật và Tư pháp"): how many of the tokens from `i` on, the first right after `end`. It ends before a stop
    // word, a unit word printed small, a document type (but a one-word type printed small is the name's: "Pháp
    // luật"), a listed body ("Ban Kinh tế - Ngân sách Hội đồng nhân dân tỉnh": the phrase reads on) and a word
    // before a number ("… Tư pháp\nĐiều 1.").
    let name_words = |i: usize, mut end: usize| -> usize {
        let mut n = 0;
        while let Some(t) = toks.get(i + n).filter(|t| n < MAX_NAME_WORDS && t.start == end + 1) {
            let k = i + n;
            let w = &s[t.start..t.core_end];
            // "và" between capitalized parts of the name ("Phòng Giáo dục và Đào tạo"), not before another body;
            // before a zone ("Ban Quản lý các khu công nghệ cao và khu công nghiệp")
            let joins = lower[k] == "va"
                && toks.get(k + 1).is_some_and(|u| {
                    u.start == t.core_end + 1
                        && (is_capitalized(&s[u.start..u.core_end]) && g.issuer_at(s, u.start).is_none()
                            || zone_at(k + 1))
                });
            let ends = n > 0
                && (stops(k) && !joins
                    || g.type_at(s, t.start).is_some_and(|h| is_capitalized(w) || h.end > t.core_end)
                    || !is_capitalized(w) && g.unit_name(&lower[k]).is_some()
                    || g.issuer_at(s, t.start).is_some_and(|h| g.entry(h.entry).kind == Kind::Body)
                    || toks.get(k + 1).is_some_and(|u| s[u.start..].starts_with(|c: char| c.is_ascii_digit())));
            if ends || w.bytes().any(|c| c.is_ascii_digit()) || n == 0 && !is_capitalized(w) {
                break;
            }
            end = t.core_end;
            n += 1;
        }
        n
    };
    // A body whose name ends in a unit word is read on as the unit: its name or place follows ("Công an tỉnh
    // Quảng Ngãi", "Ban Quản lý khu kinh tế Dung Quất"). Its kind as the phrase reads on, and whether that unit is
    // a zone ("khu ..."), which may be named with another zone.
    let kind_after = |e: usize, text: &str| -> (Kind, bool) {
        let f = crate::syllable::fold(text);
        let words: Vec<&str> = f.split(' ').collect();
        match (g.entry(e).kind, g.unit_ending(&words)) {
            (Kind::Body, Some(u)) => (Kind::Unit, is_zone(u)),
            (k, _) => (k, false),
        }
    };
    let mut pieces: Vec<String> = Vec::new();
    let first = entity(0, &[Kind::Body, Kind::Title], false).or_else(|| entity(0, &[Kind::Head], true));
    let ((first, mut zone), mut i) = match first.map(|f| title_of_body(0, f)) {
        Some((e, n, text)) => {
            let k = kind_after(e, &text);
            pieces.push(text);
            (k, n)
        }
        None => return None,
    };
    let mut end = toks[i - 1].core_end;
    let mut last_kind = first;
    let mut names_left = if matches!(first, Kind::Title | Kind::Unit) { 4 } else { 0 };
    if first == Kind::Head {
        let n = name_words(i, end);
        if n == 0 {
            return None;
        }
        pieces.extend((i..i + n).map(|k| printed(k, 1)));
        i += n;
        end = toks[i - 1].core_end;
        last_kind = Kind::Body;
    }
    while i < toks.len() && toks[i].start == end + 1 {
        // "Phó Chủ tịch Thường trực": the title's qualifier, not a name
        if last_kind == Kind::Title
            && lower[i] == "thuong"
            && lower.get(i + 1).is_some_and(|w| w == "truc")
            && toks[i + 1].start == toks[i].core_end + 1
        {
            pieces.push(printed(i, 2));
            i += 2;
            end = toks[i - 1].core_end;
            continue;
        }
        // A line after a unit word goes on with the unit's name only: a listed place or a name of two words or
        // more ("UBND huyện\nBình Sơn"); else it starts something new ("UBND tỉnh\nKính gửi:", "… của UBND
        // tỉnh\nHội đồng nhân dân tỉnh quyết nghị").
        let new_line = last_kind == Kind::Unit && st.starts_line(text, toks[i].start);
        let after_title = last_kind == Kind::Title;
        let kinds: &[Kind] =
            if after_title { &[Kind::Body, Kind::Head, Kind::Title] } else { &[Kind::Body, Kind::Title] };
        if let Some((e, n, text)) = (!new_line).then(|| entity(i, kinds, false)).flatten().map(|f| title_of_body(i, f))
        {
            let k;
            (k, zone) = kind_after(e, &text);
            pieces.push(text);
            i += n;
            end = toks[i - 1].core_end;
            last_kind = k;
            names_left = if matches!(k, Kind::Title | Kind::Unit) { 4 } else { 0 };
            // a head after a title, and its body's name: "Cục trưởng Cục Bảo vệ thực vật"
            let named = if k == Kind::Head { name_words(i, end) } else { 0 };
            if named > 0 {
                pieces.extend((i..i + named).map(|k| printed(k, 1)));
                i += named;
                end = toks[i - 1].core_end;
                last_kind = Kind::Body;
            }
            continue;
        }
        // zones named together: "Ban Quản lý khu kinh tế Dung Quất và các khu công nghiệp Quảng Ngãi"
        if last_kind == Kind::Unit
            && zone
            && names_left < 4
            && lower[i] == "va"
            && let Some(j) = [i + 1, i + 2].into_iter().find(|&j| zone_at(j) && (j == i + 1 || lower[i + 1] == "cac"))
        {
            pieces.push(printed(i, j - i));
            i = j;
            end = toks[i - 1].core_end;
        }
        if let Some((name, n)) = unit_at(i) {
            let p = printed(i, n);
            pieces.push(if has_marks(&p) { p } else { name.to_string() });
            i += n;
            end = toks[i - 1].core_end;
            last_kind = Kind::Unit;
            names_left = 4;
            zone = is_zone(name);
            continue;
        }
        // a province after a unit word, or after a party committee ("Tỉnh ủy Quảng Ngãi")
        let place_follows =
            last_kind == Kind::Body && pieces.last().is_some_and(|p| crate::syllable::fold(p).ends_with(" uy"));
        if (names_left > 0 && last_kind == Kind::Unit || place_follows)
            && let Some((_, n, text)) = entity(i, &[Kind::Place], false)
        {
            pieces.push(text);
            i += n;
            end = toks[i - 1].core_end;
            names_left = 0;
            continue;
        }
        let name_word = |i: usize| {
            let w = &s[toks[i].start..toks[i].core_end];
            is_capitalized(w) && g.type_at(s, toks[i].start).is_none() && !stops(i)
        };
        let two_words = || toks.get(i + 1).is_some_and(|t| t.start == toks[i].core_end + 1) && name_word(i + 1);
        if names_left > 0 && name_word(i) && (!new_line || two_words()) {
            pieces.push(printed(i, 1));
            end = toks[i].core_end;
            i += 1;
            names_left -= 1;
            continue;
        }
        break;
    }
    if (names_left > 0 || matches!(last_kind, Kind::Body | Kind::Unit))
        && let Some(p) = paren_qualifier(s, end)
    {
        pieces.push(orig(end + 1, p));
        end = p;
    }
    let mut phrase = pieces.join(" ");
    // A person named by title and name, then the office they hold: "Tổng Bí thư Tô Lâm, Trưởng Ban Chỉ đạo Trung
    // ương"; or by two titles, the first bare: "Bộ trưởng, Chủ nhiệm Văn phòng Chính phủ".
    if last_kind == Kind::Title
        && s[end..].starts_with(", ")
        && g.issuer_at(s, end + 2).is_some_and(|h| g.entry(h.entry).kind == Kind::Title)
        && let Some((e, office)) = issuer_phrase(st, text, end + 2, g)
    {
        phrase = format!("{phrase}, {office}");
        end = e;
    }
    Some((end, phrase))
}

/// "(Kon Tum cũ)" right after an issuer: a short parenthetical of words without digits.
fn paren_qualifier(s: &str, at: usize) -> Option<usize> {
    let rest = &s[at..];
    let rest_trim = rest.strip_prefix(' ').unwrap_or(rest);
    let off = at + (rest.len() - rest_trim.len());
    let inner = rest_trim.strip_prefix('(')?;
    // four short words at most: look no further than 60 bytes
    let close = inner.bytes().take(60).position(|b| b == b')')?;
    let body = &inner[..close];
    let words = body.split_whitespace().count();
    if (1..=4).contains(&words) && body.chars().all(|c| c.is_ascii_alphabetic() || c == ' ') {
        Some(off + 1 + close + 1)
    } else {
        None
    }
}

/// Most words of a body's name after its head ([`issuer_phrase`]: "Sở Khoa học và Công nghệ", "Ban Kinh tế - Ngân
/// sách").
const MAX_NAME_WORDS: usize = 8;

/// Words that end an issuer phrase: the verbs and prepositions that start what the document does, folded, as
/// written, and (for a verb's first syllable) the folded second syllables that make it the verb: "thực" stops in
/// "thực hiện", not in "Cục Bảo vệ thực vật" or "Cục An toàn thực phẩm"; "triển" in "triển khai", not in
/// "Trung tâm Phát triển quỹ đất". In a phrase printed with marks a word stops only as written ("giáo" of "Ban
/// Tuyên giáo" is not "giao", "thanh" of "Đài Phát thanh" not "thành"); in one printed without (raw OCR) by its
/// letters.
const STOPS: [(&str, &[&str], &[&str]); 26] = [
    ("ve", &["về"], &[]),
    ("de", &["để", "đề"], &[]),
    ("va", &["và"], &[]),
    ("la", &["là"], &[]),
    ("tai", &["tại"], &[]),
    ("ngay", &["ngày"], &[]),
    ("so", &["số"], &[]),
    ("theo", &["theo"], &[]),
    ("trong", &["trong"], &[]),
    ("nham", &["nhằm"], &[]),
    ("voi", &["với"], &[]),
    ("da", &["đã"], &[]),
    ("co", &["có"], &[]),
    ("giao", &["giao"], &[]),
    ("ban", &["ban"], &[]),
    ("thuc", &["thực"], &["hien"]),
    ("trien", &["triển"], &["khai"]),
    ("phe", &["phê"], &["duyet"]),
    ("quy", &["quy"], &[]),
    ("kien", &["kiến", "kiện"], &["nghi", "toan"]),
    ("thanh", &["thành"], &[]),
    ("huong", &["hướng"], &["dan"]),
    ("yeu", &["yêu"], &["cau"]),
    ("gui", &["gửi"], &[]),
    ("cua", &["của"], &[]),
    ("nam", &["năm"], &[]),
];

/// Is the word `folded`, before the folded word `next`, a stop word ([`STOPS`]), as `printed` where the phrase is
/// `marked`? The print is only looked at for the folded stop words.
fn is_stop(folded: &str, next: Option<&str>, printed: impl FnOnce() -> String, marked: impl FnOnce() -> bool) -> bool {
    let Some((_, written, seconds)) = STOPS.iter().find(|(f, _, _)| *f == folded) else { return false };
    (seconds.is_empty() || next.is_some_and(|n| seconds.contains(&n)))
        && (!marked() || {
            let form = crate::lm::word_form(&printed()).into_owned();
            written.contains(&form.as_str())
        })
}

/// True when printed words can be the gazetteer's words: the same letters, and where the print has diacritics,
/// the same diacritics ("BẢO" is not "Báo"; OCR's bare "Bao" may be). Tone placement is not judged.
pub(crate) fn compatible(printed: &str, name: &str) -> bool {
    let pw: Vec<&str> = printed.split_whitespace().collect();
    let nw: Vec<&str> = name.split_whitespace().collect();
    pw.len() == nw.len()
        && pw.iter().zip(&nw).all(|(p, n)| {
            let pf = crate::syllable::fold(p);
            if pf != crate::syllable::fold(n) {
                return false;
            }
            let plain = p.is_ascii();
            plain || norm_word(p) == norm_word(n)
        })
}

/// Is `printed` a gazetteer name of three words or more but for the marks of its first word, the others
/// [`compatible`] and one of them marked ("Số TÀI CHÍNH" for "Sở Tài chính")? Where the rest of the name confirms
/// it, such a first word is the restorer's misreading, not another body.
fn misread_first_word(printed: &str, name: &str) -> bool {
    let (Some((p0, p_rest)), Some((n0, n_rest))) = (printed.split_once(' '), name.split_once(' ')) else {
        return false;
    };
    name.split_whitespace().nth(2).is_some()
        && crate::syllable::fold(p0) == crate::syllable::fold(n0)
        && compatible(p_rest, n_rest)
        && has_marks(p_rest)
}

/// Did the print of a gazetteer name (already [`compatible`] with it) lose a mark the name has ("Chinh phủ")?
fn lost_marks(printed: &str, name: &str) -> bool {
    printed.split_whitespace().zip(name.split_whitespace()).any(|(p, n)| !has_marks(p) && has_marks(n))
}

fn norm_word(w: &str) -> String {
    crate::syllable::retone(&w.to_lowercase(), crate::syllable::ToneStyle::Classic)
}

/// The normal-case spelling of an issuer printed in capitals: gazetteer names in their listed spelling,
/// unit words in lower case, proper names after them in title case, other body names with their first word (and
/// the first word after "và", ",", "-") capitalized, acronyms (UBND, HĐND) kept.
pub(crate) fn normal_case(printed: &str, g: &Gazetteer) -> String {
    let words: Vec<&str> = printed.split_whitespace().collect();
    let FoldedWords { folded, joined, starts } = FoldedWords::new(words.iter().copied());
    #[derive(PartialEq)]
    enum Mode {
        Start,
        AfterBody,
        Name,
    }
    let mut out: Vec<String> = Vec::new();
    let mut i = 0;
    let mut mode = Mode::Start;
    let mut cap_next = true;
    let mut remit = false;
    // "và" after a unit's name, and "các" after it, join the next unit: "… khu kinh tế Dung Quất và các khu công
    // nghiệp Quảng Ngãi"
    let mut joining = false;
    // Most words of a name that has its marks have some (a restored one); the OCR's bare print has few.
    let marked = 2 * words.iter().filter(|w| has_marks(w)).count() >= words.len();
    // The unit word that starts at word k, and how many words it takes.
    let unit_at = |k: usize| g.unit_at(&folded[k..]);
    while i < words.len() {
        let rest: Vec<&str> = folded[i..].iter().map(String::as_str).collect();
        let span = |n: usize| words[i..(i + n).min(words.len())].join(" ");
        if mode != Mode::Name {
            let exact = g
                .issuer_at(&joined, starts[i])
                .map(|h| (h.entry, g.entry(h.entry).name.split_whitespace().count()))
                .filter(|&(e, n)| {
                    let name = &g.entry(e).name;
                    i + n <= words.len() && (compatible(&span(n), name) || misread_first_word(&span(n), name))
                });
            let body = exact
                .filter(|&(e, _)| g.entry(e).kind != Kind::Head)
                .or_else(|| g.fuzzy(&rest, &[Kind::Body, Kind::Title]).filter(|&(_, n)| damaged(&span(n))));
            if let Some((e, n)) = body.or(exact) {
                let e = g.entry(e);
                if e.kind == Kind::Head {
                    out.extend(title_case(&e.name).split_whitespace().map(String::from));
                    mode = Mode::Start;
                } else {
                    out.extend(e.name.split_whitespace().map(String::from));
                    // a body whose name ends in a unit word is followed by the unit's name ("Ban Quản lý khu kinh
                    // tế Dung Quất")
                    let unit_ends = g.unit_ending(&folded[i..i + n]).is_some();
                    mode = if unit_ends { Mode::Name } else { Mode::AfterBody };
                }
                i += n;
                cap_next = true;
                continue;
            }
        }
        if mode != Mode::Start {
            let exact = g
                .place_at(&joined, starts[i])
                .map(|h| (h.entry, g.entry(h.entry).name.split_whitespace().count()))
                .filter(|&(e, n)| i + n <= words.len() && compatible(&span(n), &g.entry(e).name));
            let near = || g.fuzzy(&rest, &[Kind::Place]).filter(|&(_, n)| damaged(&span(n)));
            if let Some((e, n)) = exact.or_else(near) {
                out.extend(g.entry(e).name.split_whitespace().map(String::from));
                i += n;
                mode = Mode::Name;
                continue;
            }
        }
        let w = words[i];
        if mode != Mode::Name {
            // "TỊNH" in "HUYỆN ỦY SƠN TỊNH" is a name, not the unit "tỉnh"; in a name printed (or restored) with its
            // marks, a word without them is no unit that has some ("QUAN" of "CƠ QUAN TỈNH" is no "quận")
            let unit = unit_at(i).filter(|&(u, n)| {
                let p = words[i..i + n].join(" ");
                compatible(&p, u) && !(marked && !has_marks(&p) && has_marks(u))
            });
            if let Some((name, n)) = unit {
                let p = words[i..i + n].join(" ");
                out.push(if has_marks(&p) { p.to_lowercase() } else { name.to_string() });
                i += n;
                mode = Mode::Name;
                continue;
            }
        }
        let letters: Vec<char> = w.chars().filter(|c| c.is_alphabetic()).collect();
        let acronym = letters.len() >= 2
            && w.chars().all(|c| !c.is_lowercase())
            && letters.iter().all(|&c| c.is_ascii() || c == 'Đ')
            && !crate::syllable::is_syllable(w);
        // Four words or more right after a listed body, up to a unit word or the end, are its remit, not a
        // name: small letters ("Ban Chỉ đạo phát triển khoa học, công nghệ, …"; "Huyện ủy Sơn Tịnh" is a name).
        if mode == Mode::AfterBody && !remit {
            remit = (i..folded.len()).take_while(|&k| unit_at(k).is_none()).count() >= 4;
        }
        joining = match folded[i].as_str() {
            "va" => mode == Mode::Name,
            "cac" => joining,
            _ => false,
        };
        let word = if acronym {
            w.to_string()
        } else if remit || joining {
            w.to_lowercase()
        } else if mode != Mode::Start || cap_next || out.is_empty() {
            title_case(w)
        } else {
            w.to_lowercase()
        };
        cap_next = matches!(folded[i].as_str(), "va" | "-") || w.ends_with(',');
        out.push(word);
        i += 1;
        if joining {
            mode = Mode::AfterBody;
        }
    }
    out.join(" ")
}

/// A place as printed, or the gazetteer's spelling when the print lost its diacritics ("Qudng Ngai" → "Quảng
/// Ngãi"; "Thanh pho Ho Chi Minh" → "thành phố Hồ Chí Minh" with the first letter kept in capitals).
pub(crate) fn place_spelling(printed: &str, g: &Gazetteer) -> String {
    let words: Vec<&str> = printed.split_whitespace().collect();
    let folded: Vec<String> = words.iter().map(|w| crate::syllable::fold(w)).collect();
    let mut i = 0;
    let mut unit = String::new();
    if words.len() >= 3
        && let Some(u) = g.unit_name(&format!("{} {}", folded[0], folded[1]))
    {
        unit = if has_marks(&words[..2].join(" ")) { words[..2].join(" ") } else { title_case(u) };
        i = 2;
    }
    let rest: Vec<&str> = folded[i..].iter().map(String::as_str).collect();
    let name = g
        .fuzzy(&rest, &[Kind::Place])
        .filter(|&(e, n)| {
            n == rest.len() && (damaged(&words[i..].join(" ")) || compatible(&words[i..].join(" "), &g.entry(e).name))
        })
        .map(|(e, _)| g.entry(e).name.clone());
    match name {
        Some(n) if unit.is_empty() => n,
        Some(n) => format!("{unit} {n}"),
        None => printed.to_string(),
    }
}

/// The listed province or city that `words`, or their last words, spell ("thành phố Hồ Chí Minh"): its name and
/// folded spelling.
fn listed_place<'g>(words: &[&str], g: &'g Gazetteer) -> Option<(&'g str, String)> {
    (0..words.len()).find_map(|k| {
        let f = crate::syllable::fold(&words[k..].join(" "));
        g.place_at(&f, 0).filter(|h| h.end == f.len()).map(|h| (g.entry(h.entry).name.as_str(), f))
    })
}

/// Every reading of a body as words up to a "tỉnh" or "thành phố" and the words after it (a province's name), the
/// first unit word first ("tỉnh Hà Tĩnh": "tỉnh" | "Hà Tĩnh", then "tỉnh Hà Tĩnh" | "").
fn province_splits(body: &str) -> Vec<(Vec<&str>, Vec<&str>)> {
    let words: Vec<&str> = body.split_whitespace().collect();
    let folded: Vec<String> = words.iter().map(|w| crate::syllable::fold(w)).collect();
    (0..folded.len())
        .filter(|&j| folded[j] == "tinh" || j > 0 && folded[j - 1] == "thanh" && folded[j] == "pho")
        .map(|j| (words[..=j].to_vec(), words[j + 1..].to_vec()))
        .collect()
}

/// A damaged print of a listed name: not it, and within half its letters of it (both folded).
fn near(printed: &str, listed: &str) -> bool {
    let distance = strsim::levenshtein(printed, listed);
    distance > 0 && 2 * distance <= listed.chars().count()
}

/// A body whose province the OCR damaged past the gazetteer's fuzzy match ("Ủy ban nhân dân tỉnh Pdng Na"), mended
/// from the document's place: when the place is a listed province or city ("Đồng Nai"), the body names no listed
/// one, and the words after one of its "tỉnh" or "thành phố" are as many as the place's and [`near`] it. A
/// provincial body's documents are dated from its own province. None when nothing changes.
pub(crate) fn mend_province(body: &str, place: &str, g: &Gazetteer) -> Option<String> {
    let (name, place_folded) = listed_place(&place.split_whitespace().collect::<Vec<_>>(), g)?;
    let splits = province_splits(body);
    // a listed name with other marks ("thành phố Há Nội") is the listed one
    if let Some((unit, name)) = splits.iter().find_map(|(unit, rest)| {
        let (name, _) = listed_place(rest, g)?;
        (rest.len() == name.split_whitespace().count()).then_some((unit, name))
    }) {
        let mended = format!("{} {name}", unit.join(" "));
        return (mended != body).then_some(mended);
    }
    if splits.iter().any(|(_, rest)| listed_place(rest, g).is_some()) {
        return None;
    }
    splits.into_iter().find_map(|(unit, rest)| {
        (rest.len() == name.split_whitespace().count() && near(&crate::syllable::fold(&rest.join(" ")), &place_folded))
            .then(|| format!("{} {name}", unit.join(" ")))
    })
}

/// The other way round: a place that is no listed province ("a Nẵng", "Ia Tỉnh"), mended from the province of one of
/// the bodies that issue the document when that is listed and [`near`] it ("Đà Nẵng", "Hà Tĩnh"); and a place that
/// is one stray word before a listed name ("DL Hà Nội", "ND Đắk Lắk": the end of a document number the OCR split)
/// is that name. None when nothing changes.
pub(crate) fn mend_place(place: &str, bodies: &[&str], g: &Gazetteer) -> Option<String> {
    let words: Vec<&str> = place.split_whitespace().collect();
    if let Some((name, folded)) = listed_place(&words, g) {
        // the listed name with other marks ("Há Nội": an OCR that reads marks, wrongly)
        if words.len() == name.split_whitespace().count() && place != name {
            return Some(name.to_string());
        }
        let stray = words.len() == name.split_whitespace().count() + 1
            && g.unit_name(&crate::syllable::fold(words[0])).is_none()
            && crate::syllable::fold(&words[1..].join(" ")) == folded;
        return stray.then(|| name.to_string());
    }
    let printed = crate::syllable::fold(place);
    bodies.iter().flat_map(|body| province_splits(body)).find_map(|(_, rest)| {
        let (name, folded) = listed_place(&rest, g)?;
        near(&printed, &folded).then(|| name.to_string())
    })
}

/// A body whose name ends with the document's place spelled otherwise but for marks and case ("Huyện ủy Sơn tỉnh"
/// beside the place "Sơn Tịnh", the restorer having read the header's "SƠN TINH" as the unit word): the header
/// prints the name twice, and the place, in Title case before ", ngày", is where it reads as a name. Only a place
/// of two words or more, each with its marks, that the gazetteer does not list (listed ones are mended from the
/// list: [`mend_province`], [`mend_place`]). None when nothing changes.
pub(crate) fn mend_name(body: &str, place: &str, g: &Gazetteer) -> Option<String> {
    let words: Vec<&str> = body.split_whitespace().collect();
    let place_words: Vec<&str> = place.split_whitespace().collect();
    if listed_place(&place_words, g).is_some() || place_words.iter().any(|w| !has_marks(w)) {
        return None;
    }
    let k = words.len().checked_sub(place_words.len()).filter(|&k| k > 0 && place_words.len() >= 2)?;
    let pairs = || words[k..].iter().zip(&place_words);
    let same_letters = pairs().all(|(a, b)| crate::syllable::fold(a) == crate::syllable::fold(b));
    let differs = pairs().any(|(a, b)| a.to_lowercase() != b.to_lowercase());
    (same_letters && differs).then(|| format!("{} {place}", words[..k].join(" ")))
}

fn title_case(w: &str) -> String {
    let mut cs = w.chars();
    match cs.next() {
        Some(c) => c.to_uppercase().chain(cs.flat_map(char::to_lowercase)).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn phrase(text: &str) -> Option<String> {
        let g = Gazetteer::builtin();
        let st = Stream::new(text, 0..text.len(), true);
        issuer_phrase(&st, text, 0, g).map(|(_, t)| t)
    }

    #[test]
    fn issuer_phrases() {
        for (text, want) in [
            ("Thủ\ntướng Chính phủ về việc", Some("Thủ tướng Chính phủ")),
            ("Chủ tịch UBND tỉnh thành lập Ban", Some("Chủ tịch UBND tỉnh")),
            ("Bộ\ntrưởng Bộ Kế hoạch và Đầu tư và phát triển", Some("Bộ trưởng Bộ Kế hoạch và Đầu tư")),
            ("UBND tỉnh\nQuảng Ngãi).", Some("UBND tỉnh Quảng Ngãi")),
            ("Ban Thường vụ Tỉnh ủy\n(Kon Tum cũ) về thực hiện", Some("Ban Thường vụ Tỉnh ủy (Kon Tum cũ)")),
            ("Sở Du lịch về việc", Some("Sở Du lịch")),
            ("tỉnh về", None),
            ("bảo vệ môi trường", None),
            ("Chinh phu ve", Some("Chính phủ")),
            ("Chinh\nphủ và", Some("Chính phủ")),
            ("Ban Thirong vu Tinh iy dé thanh", Some("Ban Thường vụ Tỉnh ủy")),
            ("UBND tinh Qudng Ngai)", Some("UBND tỉnh Quảng Ngãi")),
            ("Chu tich UBND tinh thanh lap", Some("Chủ tịch UBND tỉnh")),
            // the title "Trưởng Ban" leaves "Ban" to a listed body; a person's office after a comma
            ("Trưởng Ban Tuyên giáo Tỉnh ủy về", Some("Trưởng Ban Tuyên giáo Tỉnh ủy")),
            ("Trưởng ban Chỉ đạo tỉnh về", Some("Trưởng ban Chỉ đạo tỉnh")),
            (
                "Phó Thủ tướng Trần Hồng Hà, Trưởng Ban Chỉ đạo Trung ương; và",
                Some("Phó Thủ tướng Trần Hồng Hà, Trưởng Ban Chỉ đạo Trung ương"),
            ),
            ("Chủ tịch UBND tỉnh, Trưởng Ban Chỉ đạo", Some("Chủ tịch UBND tỉnh")),
            // a near match needs damage where it differs: "quy" is a word of its own beside marked ones
            ("UBND tỉnh quy định chức năng", Some("UBND tỉnh")),
            ("Ủy ban nhân dân tỉnh quy định", Some("Ủy ban nhân dân tỉnh")),
            // a listed name with a comma; a comma ends any other phrase
            ("Bộ Văn hóa, Thể thao và Du lịch về", Some("Bộ Văn hóa, Thể thao và Du lịch")),
            ("Bo Van hoa, The thao va Du lich ve", Some("Bộ Văn hóa, Thể thao và Du lịch")),
            ("Sở Du lịch, Sở Tài chính", Some("Sở Du lịch")),
            // a stop word stops as written: "giáo" is not "giao"
            ("Ban Tuyên giáo và Dân vận Tỉnh ủy về", Some("Ban Tuyên giáo và Dân vận Tỉnh ủy")),
            // "và" inside a name not listed, a unit word after it, a title's "Thường trực"
            ("Phòng Giáo dục và Đào tạo huyện Sơn Tịnh về", Some("Phòng Giáo dục và Đào tạo huyện Sơn Tịnh")),
            ("Sở Du lịch và Sở Tài chính", Some("Sở Du lịch")),
            // a province after a party committee
            ("Ban Thường vụ Tỉnh ủy Quảng Ngãi về", Some("Ban Thường vụ Tỉnh ủy Quảng Ngãi")),
            ("Tinh uy Quang Ngai ve", Some("Tỉnh ủy Quảng Ngãi")),
            ("Công an tỉnh Quảng Ngãi về", Some("Công an tỉnh Quảng Ngãi")),
            // an unmarked word in a marked phrase is as written ("thanh" is not "thành"); raw OCR stops by letters
            ("Đài Phát thanh và Truyền hình tỉnh về", Some("Đài Phát thanh và Truyền hình tỉnh")),
            ("Sở Du lịch thành lập", Some("Sở Du lịch")),
            ("Phó Chủ tịch Thường trực UBND tỉnh về", Some("Phó Chủ tịch Thường trực UBND tỉnh")),
            // "số" before a word is a name's, before a number the number's label
            ("Trung tâm Y tế và Dân số tỉnh về", Some("Trung tâm Y tế và Dân số tỉnh")),
            ("Sở Du lịch số 12", Some("Sở Du lịch")),
            // the restorer's wrong marks on a listed body's first word, the rest as listed; not on a later word
            ("Số TÀI CHÍNH Độc lập", Some("Sở Tài chính")),
            ("Sở TẢI CHÍNH về", None),
            // two titles of one person, the first bare
            ("Bộ trưởng, Chủ nhiệm Văn phòng Chính phủ về", Some("Bộ trưởng, Chủ nhiệm Văn phòng Chính phủ")),
            // a body's unlisted name: a verb's first syllable that is not the verb, a one-word type printed small,
            // a listed body after it, a head after a title, a word before a number
            ("Cục Bảo vệ thực vật về việc", Some("Cục Bảo vệ thực vật")),
            ("Sở Nội vụ thực hiện", Some("Sở Nội vụ")),
            ("Trung tâm Phát triển quỹ đất tỉnh về", Some("Trung tâm Phát triển quỹ đất tỉnh")),
            ("Ủy ban Pháp luật và Tư pháp,", Some("Ủy ban Pháp luật và Tư pháp")),
            ("Ủy ban Pháp luật và Tư pháp\nĐiều 1. Sắp xếp", Some("Ủy ban Pháp luật và Tư pháp")),
            (
                "Ban Kinh tế - Ngân sách Hội đồng nhân dân tỉnh; Báo cáo",
                Some("Ban Kinh tế - Ngân sách Hội đồng nhân dân tỉnh"),
            ),
            ("Cục trưởng Cục Bảo vệ thực vật về", Some("Cục trưởng Cục Bảo vệ thực vật")),
            // a line after a unit word: a place, a name of two words, or something new
            ("UBND tỉnh\nKính gửi: các sở", Some("UBND tỉnh")),
            ("UBND tỉnh\n\nCăn cứ Luật", Some("UBND tỉnh")),
            ("UBND tỉnh\nHội đồng nhân dân tỉnh quyết nghị", Some("UBND tỉnh")),
            ("UBND huyện\nBình Sơn về", Some("UBND huyện Bình Sơn")),
            ("UBND huyện Vinh về", Some("UBND huyện Vinh")),
            // a body whose name ends in a unit word takes the unit's name; zones named together
            ("Công an tỉnh Quảng Ngãi và các sở", Some("Công an tỉnh Quảng Ngãi")),
            ("Ban Quản lý Khu kinh tế Phú Yên về", Some("Ban Quản lý Khu kinh tế Phú Yên")),
            (
                "Ban Quản lý Khu kinh tế Dung Quất và các Khu công nghiệp Quảng Ngãi về",
                Some("Ban Quản lý Khu kinh tế Dung Quất và các Khu công nghiệp Quảng Ngãi"),
            ),
            ("Ban Quản lý Khu kinh tế Dung Quất và UBND tỉnh", Some("Ban Quản lý Khu kinh tế Dung Quất")),
            (
                "Ban Quản lý Khu kinh tế
Kính gửi: các sở",
                Some("Ban Quản lý Khu kinh tế"),
            ),
            ("UBND huyện Sơn Tịnh và các xã", Some("UBND huyện Sơn Tịnh")),
            (
                "Ban Quản lý các khu công nghệ cao và khu công nghiệp thành phố Hà Nội;",
                Some("Ban Quản lý các khu công nghệ cao và khu công nghiệp thành phố Hà Nội"),
            ),
        ] {
            assert_eq!(phrase(text).as_deref(), want, "{text:?}");
        }
    }

    #[test]
    fn provinces_mended_from_the_place() {
        let g = Gazetteer::builtin();
        for (body, place, want) in [
            ("Ủy ban nhân dân tỉnh Pdng Na", "Đồng Nai", Some("Ủy ban nhân dân tỉnh Đồng Nai")),
            ("Ủy ban nhân dân thành phố In Thơ", "Cần Thơ", Some("Ủy ban nhân dân thành phố Cần Thơ")),
            ("Hội đồng nhân dân thành phố 4hea No1", "thành phố Hà Nội", Some("Hội đồng nhân dân thành phố Hà Nội")),
            // a listed province stays, whatever the place
            ("Ủy ban nhân dân tỉnh Quảng Ngãi", "Hà Nội", None),
            // too far from the place, or another number of words
            ("Ủy ban nhân dân tỉnh Xyz Qwe", "Đồng Nai", None),
            ("Ủy ban nhân dân tỉnh Pdng", "Đồng Nai", None),
            // the place is no listed province, or the body has no province
            ("Ủy ban nhân dân tỉnh Pdng Na", "Biên Hòa", None),
            ("Sở Khoa học và Công nghệ", "Quảng Ngãi", None),
            // a listed name with other marks is the listed one, whatever the place
            ("Hội đồng nhân dân thành phố Há Nối", "Hà Nội", Some("Hội đồng nhân dân thành phố Hà Nội")),
            ("Ủy ban nhân dân tỉnh Quáng Ngãi", "Huế", Some("Ủy ban nhân dân tỉnh Quảng Ngãi")),
        ] {
            assert_eq!(mend_province(body, place, g).as_deref(), want, "{body} / {place}");
        }
    }

    #[test]
    fn names_mended_from_the_place() {
        let g = Gazetteer::builtin();
        for (body, place, want) in [
            ("Huyện ủy Sơn tỉnh", "Sơn Tịnh", Some("Huyện ủy Sơn Tịnh")),
            ("Ủy ban nhân dân huyện Bình Sơn", "Bình Sơn", None),
            // other letters, a place of one word or without its marks, a listed place (mended from the list)
            ("Huyện ủy Sơn Hà", "Sơn Tịnh", None),
            ("Thị ủy Đức Phô", "Phổ", None),
            ("Huyện ủy Sơn tỉnh", "Son Tinh", None),
            ("Ủy ban nhân dân tỉnh Hà Tính", "Hà Tĩnh", None),
        ] {
            assert_eq!(mend_name(body, place, g).as_deref(), want, "{body} / {place}");
        }
    }

    #[test]
    fn places_mended_from_the_issuer() {
        let g = Gazetteer::builtin();
        for (place, bodies, want) in [
            ("a Nẵng", &["Ủy ban nhân dân thành phố Đà Nẵng"][..], Some("Đà Nẵng")),
            ("Ia Tỉnh", &["Sở Nội vụ", "Ủy ban nhân dân tỉnh Hà Tĩnh"], Some("Hà Tĩnh")),
            // a listed place, a district's name far from the province, or no province to read
            ("Hà Nội", &["Ủy ban nhân dân tỉnh Hà Tĩnh"], None),
            ("Sơn Tịnh", &["Ủy ban nhân dân huyện Sơn Tịnh", "UBND tỉnh Quảng Ngãi"], None),
            ("a Nẵng", &["Sở Tài chính"], None),
            // one stray word before a listed name, not a unit word
            ("đi Hà Nội", &[], Some("Hà Nội")),
            // a listed name with other marks
            ("Há Nội", &[], Some("Hà Nội")),
            ("Thành phố Hồ Chí Minh", &[], None),
            ("Tỉnh Hà Tĩnh", &[], None),
        ] {
            assert_eq!(mend_place(place, bodies, g).as_deref(), want, "{place} / {bodies:?}");
        }
    }

    #[test]
    fn header_casing() {
        let g = Gazetteer::builtin();
        assert_eq!(normal_case("UBND TỈNH QUẢNG NGÃI", g), "UBND tỉnh Quảng Ngãi");
        assert_eq!(normal_case("SỞ KHOA HỌC VÀ CÔNG NGHỆ", g), "Sở Khoa học và Công nghệ");
        assert_eq!(normal_case("TỈNH ỦY QUẢNG NGÃI", g), "Tỉnh ủy Quảng Ngãi");
        assert_eq!(normal_case("ỦY BAN NHÂN DÂN THÀNH PHỐ HỒ CHÍ MINH", g), "Ủy ban nhân dân thành phố Hồ Chí Minh");
        assert_eq!(normal_case("SỞ VĂN HÓA VÀ DU LỊCH", g), "Sở Văn hóa và Du lịch");
        assert_eq!(normal_case("SO KHOA HQC VA CONG NGHE", g), "Sở Khoa học và Công nghệ");
        assert_eq!(normal_case("UBND TINH QUANG NGAI", g), "UBND tỉnh Quảng Ngãi");
        assert_eq!(normal_case("ỦY BAN NHÂN DÂN TỈNH HÀ TĨNH", g), "Ủy ban nhân dân tỉnh Hà Tĩnh");
        assert_eq!(normal_case("HUYỆN ỦY SƠN TỊNH", g), "Huyện ủy Sơn Tịnh");
        assert_eq!(normal_case("ĐẢNG BỘ TỈNH QUẢNG NGÃI", g), "Đảng bộ tỉnh Quảng Ngãi");
        // a body whose name ends in a unit word, then the unit's name; zones named together
        assert_eq!(
            normal_case("BAN QUẢN LÝ KHU KINH TẾ DUNG QUẤT VÀ CÁC KHU CÔNG NGHIỆP QUẢNG NGÃI", g),
            "Ban Quản lý khu kinh tế Dung Quất và các khu công nghiệp Quảng Ngãi"
        );
        // the restorer's wrong marks on the first word of a listed body printed right otherwise
        assert_eq!(normal_case("Số TÀI CHÍNH", g), "Sở Tài chính");
        // four words or more after a listed body are its remit, in small letters; fewer are a name
        assert_eq!(
            normal_case("BAN CHỈ ĐẠO PHÁT TRIỂN KHOA HỌC, CÔNG NGHỆ, ĐỔI MỚI SÁNG TẠO VÀ CHUYỂN ĐỔI SỐ", g),
            "Ban Chỉ đạo phát triển khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số"
        );
    }
}
