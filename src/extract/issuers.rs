//! Issuer phrases: a body, head or title from the gazetteer, extended by the bodies, administrative units and
//! proper names that follow it ("Chủ tịch UBND tỉnh", "Bộ trưởng Bộ Kế hoạch và Đầu tư", "UBND tỉnh Quảng
//! Ngãi", "Ban Thường vụ Tỉnh ủy (Kon Tum cũ)"), and the normal-case spelling of header issuers ("SỞ KHOA HỌC VÀ
//! CÔNG NGHỆ" → "Sở Khoa học và Công nghệ").

use super::gazetteer::{Gazetteer, Hit, Kind};

/// The next word of the folded stream at `at` (after one optional space): its range.
fn next_word(s: &str, at: usize) -> Option<(usize, usize)> {
    let b = s.as_bytes();
    let mut i = at;
    if i < b.len() && b[i] == b' ' {
        i += 1;
    }
    let start = i;
    while i < b.len() && (b[i].is_ascii_alphanumeric()) {
        i += 1;
    }
    (i > start).then_some((start, i))
}

fn is_capitalized(w: &str) -> bool {
    w.chars().next().is_some_and(char::is_uppercase)
}

/// Where the issuer phrase that starts at `at` in the folded stream ends, or None when no gazetteer body,
/// head or title starts there.
/// `ok` checks a gazetteer hit against the print (see [`compatible`]).
pub(crate) fn issuer_end(s: &str, at: usize, g: &Gazetteer, ok: &dyn Fn(&Hit) -> bool) -> Option<usize> {
    let first = g.issuer_at(s, at).filter(|h| ok(h))?;
    let mut end = first.end;
    let mut last_kind = g.entry(first.entry).kind;
    let mut names_left = 0usize; // proper-name words still allowed (after a unit word or a title)
    if last_kind == Kind::Title {
        names_left = 4;
    }
    if last_kind == Kind::Head {
        // A body not listed by name: "Sở Du lịch", "Ban Quản lý dự án": its name words follow.
        let mut n = 0;
        while let Some((ws, we)) = next_word(s, end) {
            let w = &s[ws..we];
            if n >= 6 || ws != end + 1 || w.bytes().any(|c| c.is_ascii_digit()) {
                break;
            }
            if n == 0 && !is_capitalized(w) {
                return None;
            }
            if n > 0 && (is_stop(&w.to_ascii_lowercase()) || g.type_at(s, ws).is_some()) {
                break;
            }
            end = we;
            n += 1;
        }
        last_kind = Kind::Body;
    }
    loop {
        let next = next_word(s, end).filter(|&(ws, _)| ws == end + 1);
        let Some((ws, we)) = next else {
            // punctuation in between
            if names_left > 0 || matches!(last_kind, Kind::Body | Kind::Unit) {
                if let Some(p) = paren_qualifier(s, end) {
                    end = p;
                }
            }
            break;
        };
        if let Some(h) = g.issuer_at(s, ws).filter(|h| ok(h)) {
            let k = g.entry(h.entry).kind;
            if k != Kind::Head || last_kind == Kind::Title {
                end = h.end;
                last_kind = k;
                names_left = if k == Kind::Title { 4 } else { 0 };
                continue;
            }
        }
        let lw = s[ws..we].to_ascii_lowercase();
        let two = next_word(s, we).map(|(a, b)| format!("{lw} {}", s[a..b].to_ascii_lowercase()));
        if let Some(t) = two.as_deref().filter(|t| g.is_unit(t)) {
            end = ws + t.len();
            last_kind = Kind::Unit;
            names_left = 4;
            continue;
        }
        if g.is_unit(&lw) {
            end = we;
            last_kind = Kind::Unit;
            names_left = 4;
            continue;
        }
        if names_left > 0 && is_capitalized(&s[ws..we]) && g.type_at(s, ws).is_none() && !is_stop(&lw) {
            end = we;
            names_left -= 1;
            continue;
        }
        break;
    }
    Some(end)
}

/// "(Kon Tum cũ)" right after an issuer: a short parenthetical of words without digits.
fn paren_qualifier(s: &str, at: usize) -> Option<usize> {
    let rest = &s[at..];
    let rest_trim = rest.strip_prefix(' ').unwrap_or(rest);
    let off = at + (rest.len() - rest_trim.len());
    let inner = rest_trim.strip_prefix('(')?;
    let close = inner.find(')')?;
    let body = &inner[..close];
    let words = body.split_whitespace().count();
    if (1..=4).contains(&words) && body.chars().all(|c| c.is_ascii_alphabetic() || c == ' ') {
        Some(off + 1 + close + 1)
    } else {
        None
    }
}

/// Words that end an issuer phrase (folded): the verbs and prepositions that start what the document does.
fn is_stop(w: &str) -> bool {
    matches!(
        w,
        "ve" | "de"
            | "va"
            | "la"
            | "tai"
            | "ngay"
            | "so"
            | "theo"
            | "trong"
            | "nham"
            | "voi"
            | "da"
            | "co"
            | "giao"
            | "ban"
            | "thuc"
            | "trien"
            | "phe"
            | "quy"
            | "kien"
            | "thanh"
            | "huong"
            | "yeu"
            | "gui"
            | "cua"
            | "nam"
    )
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
            let plain = p.chars().all(|c| c.is_ascii());
            plain || norm_word(p) == norm_word(n)
        })
}

fn norm_word(w: &str) -> String {
    crate::syllable::retone(&w.to_lowercase(), crate::syllable::ToneStyle::Classic)
}

/// The normal-case spelling of an issuer printed in capitals: gazetteer names in their listed spelling,
/// unit words in lower case, proper names after them in title case, other body names with their first word (and
/// the first word after "và", ",", "-") capitalized, acronyms (UBND, HĐND) kept.
pub(crate) fn normal_case(printed: &str, g: &Gazetteer) -> String {
    let words: Vec<&str> = printed.split_whitespace().collect();
    let folded: Vec<String> = words.iter().map(|w| crate::syllable::fold(w)).collect();
    let joined = folded.join(" ");
    let mut starts = Vec::new();
    let mut p = 0;
    for f in &folded {
        starts.push(p);
        p += f.len() + 1;
    }
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
    while i < words.len() {
        if mode != Mode::Name
            && let Some(h) = g.issuer_at(&joined, starts[i])
        {
            let e = g.entry(h.entry);
            let n = e.name.split_whitespace().count();
            if i + n <= words.len() && compatible(&words[i..i + n].join(" "), &e.name) {
                if e.kind == Kind::Head {
                    out.extend(title_case(&e.name).split_whitespace().map(String::from));
                    mode = Mode::Start;
                } else {
                    out.extend(e.name.split_whitespace().map(String::from));
                    mode = Mode::AfterBody;
                }
                i += n;
                cap_next = true;
                continue;
            }
        }
        let w = words[i];
        if mode != Mode::Name {
            let two = if i + 1 < words.len() { format!("{} {}", folded[i], folded[i + 1]) } else { String::new() };
            let n = if g.is_unit(&two) {
                2
            } else if g.is_unit(&folded[i]) {
                1
            } else {
                0
            };
            if n > 0 {
                out.extend(words[i..i + n].iter().map(|w| w.to_lowercase()));
                i += n;
                mode = Mode::Name;
                continue;
            }
        }
        let letters: Vec<char> = w.chars().filter(|c| c.is_alphabetic()).collect();
        let acronym = letters.len() >= 2
            && w.chars().all(|c| !c.is_lowercase())
            && letters.iter().all(|&c| c.is_ascii() || c == 'Đ')
            && !crate::syllable::Syllable::parse(&w.to_lowercase()).is_some_and(|s| s.is_valid());
        let word = if acronym {
            w.to_string()
        } else if mode != Mode::Start || cap_next || out.is_empty() {
            title_case(w)
        } else {
            w.to_lowercase()
        };
        cap_next = matches!(folded[i].as_str(), "va" | "-") || w.ends_with(',');
        out.push(word);
        i += 1;
    }
    out.join(" ")
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
        let st = super::super::stream::Stream::new(text, 0..text.len(), true);
        let ok = |h: &Hit| compatible(&st.original(text, h.start, h.end), &g.entry(h.entry).name);
        let end = issuer_end(&st.text, 0, g, &ok)?;
        Some(st.original(text, 0, end))
    }

    #[test]
    fn issuer_phrases() {
        assert_eq!(phrase("Thủ\ntướng Chính phủ về việc").as_deref(), Some("Thủ tướng Chính phủ"));
        assert_eq!(phrase("Chủ tịch UBND tỉnh thành lập Ban").as_deref(), Some("Chủ tịch UBND tỉnh"));
        assert_eq!(
            phrase("Bộ\ntrưởng Bộ Kế hoạch và Đầu tư và phát triển").as_deref(),
            Some("Bộ trưởng Bộ Kế hoạch và Đầu tư")
        );
        assert_eq!(phrase("UBND tỉnh\nQuảng Ngãi).").as_deref(), Some("UBND tỉnh Quảng Ngãi"));
        assert_eq!(
            phrase("Ban Thường vụ Tỉnh ủy\n(Kon Tum cũ) về thực hiện").as_deref(),
            Some("Ban Thường vụ Tỉnh ủy (Kon Tum cũ)")
        );
        assert_eq!(phrase("Sở Du lịch về việc").as_deref(), Some("Sở Du lịch"));
        assert_eq!(phrase("tỉnh về").as_deref(), None);
        assert_eq!(phrase("bảo vệ môi trường").as_deref(), None);
        assert_eq!(phrase("Chinh phu ve").as_deref(), Some("Chinh phu"));
    }

    #[test]
    fn header_casing() {
        let g = Gazetteer::builtin();
        assert_eq!(normal_case("UBND TỈNH QUẢNG NGÃI", g), "UBND tỉnh Quảng Ngãi");
        assert_eq!(normal_case("SỞ KHOA HỌC VÀ CÔNG NGHỆ", g), "Sở Khoa học và Công nghệ");
        assert_eq!(normal_case("TỈNH ỦY QUẢNG NGÃI", g), "Tỉnh ủy Quảng Ngãi");
        assert_eq!(normal_case("ỦY BAN NHÂN DÂN THÀNH PHỐ HỒ CHÍ MINH", g), "Ủy ban nhân dân thành phố Hồ Chí Minh");
        assert_eq!(normal_case("SỞ VĂN HÓA VÀ DU LỊCH", g), "Sở Văn hóa và Du lịch");
    }
}
