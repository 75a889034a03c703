//! The document's header (Decree 30/2020/NĐ-CP, party document rules): issuing body (and the body above it) on
//! the left, the national or party motto on the right — the OCR often puts both columns on one line — then the
//! number ("Số: 1260/BC-SKHCN") and place and date ("Quảng Ngãi, ngày 05 tháng 9 năm 2025"), the title (the
//! document type in capitals) and the subject.

use std::sync::LazyLock;

use regex::Regex;

use super::gazetteer::{FoldedWords, Gazetteer, Kind};
use super::issuers::normal_case;
use super::shapes::{DAY_WORD, MONTH_WORD, date_at, find_numbers};
use super::stream::{Lines, Stream, is_noise_line};
use crate::tokenize::single_spaced;

/// A value found in the header with its input byte range.
pub(crate) type Found = Option<(String, (usize, usize))>;

#[derive(Debug, Default)]
pub(crate) struct Header {
    pub number: Found,
    pub number_readable: bool,
    pub type_: Found,
    pub type_from_title: bool,
    pub issuer: Found,
    pub parent_issuer: Found,
    pub place: Found,
    pub date: Found,
    pub subject: Found,
    pub motto: Found,
    /// Where the own number is (to keep it out of the references).
    pub number_range: Option<(usize, usize)>,
}

/// How many lines from the top the header may take.
const HEADER_LINES: usize = 20;

static MOTTO: LazyLock<Regex> = LazyLock::new(|| {
    // The state motto: "CỘNG HÒA", one or two words the OCR often damages ("XÃ HỘI": "Xanh", "H:I"), "CHỦ NGHĨA VIỆT
    // NAM" (its last words may be damaged or cut: "VẬT NĂM"); or, when its start is unreadable, "HỘI CHỦ NGHĨA VIỆT
    // NAM". The party's motto: "ĐẢNG CỘNG SẢN VIỆT NAM". Either with words in between too damaged for that ("XẢ HƠI
    // CHUẨN@HÓA", "PAN@"): "CỘNG HÒA" (its first word may be damaged too, "CẦN@": then in capitals) and "VIỆT NAM" up
    // to four words apart, "… CỘNG SẢN VIỆT NAM".
    Regex::new(r"(?i)\bc[a-z]{1,3}g\W{0,2} h[a-z]{0,3}\W{0,2}(?: \S{1,6}){1,2} ch[a-z]{0,2}\W{0,2} ngh[a-z]{0,3}\W{0,2} v(?:\S{0,4}\W{1,2}n[a-z]{0,2}m?|[^\s,.;:]{0,4})|\bh\S{0,3} \W{0,2}ch[a-z]{0,2}\W{0,2} n\S{1,5} vi[a-z]{1,3}\W{1,2}n[a-z]{0,2}m?|(?-i:\bC\S{1,4} H[A-Z]{0,3}\W{0,2}(?: \S{1,12}){1,4} VI[A-Z]{1,2}T\W{0,2} NAM\b)|\S{2,5} c[a-z]{2,3}g s[a-z]{1,2}n vi[a-z]{1,2}t nam")
        .expect("motto regex")
});
static INDEPENDENCE: LazyLock<Regex> = LazyLock::new(|| {
    // "Độc lập - Tự do - Hạnh phúc", its words damaged, a sign glued to one ("boc lap - 4Ty do - Hanh phuct"),
    // a crumb before its dash ("Poc lap D- Tu do")
    Regex::new(r"(?i)\S{2,4} [a-z0-9]{1,2}[a-z]{0,2}p(?: \S{1,3})? ?- ?\S?t\S{1,2} do ?- ?h[a-z]{1,3}nh ph[a-z]{1,3}c")
        .expect("indep regex")
});
static DATE_WORD: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(&format!(r"(?i)\b{DAY_WORD}(?:[^a-z]|$)")).expect("date word regex"));
/// "tháng" soon after a "ngày": a date, perhaps a blank form's ("ngày … tháng … năm …"), not "Ngày Giải phóng".
static MONTH_SOON: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(&format!(r"(?i)^.{{0,24}}?\b{MONTH_WORD}\b")).expect("month regex"));
static YEAR_SOON: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^.{0,30}\b(?:19|20)\d\d\b").expect("year regex"));
static LABEL: LazyLock<Regex> = LazyLock::new(|| {
    // ("S 45-KH/ĐU": an "S" alone, its vowel lost, before a document number)
    Regex::new(r"(?i:(\bs[a-z0-9]{0,2} ?:))|(\bS[A-Za-z0-9][0-9]?) \d|(\bs[A-Z0-9][0-9]?) \d|(\bS) \d{1,5}[/-]")
        .expect("label regex")
});
/// A place and its comma: all that stands between a number (after a space) or the motto and the header's date.
static PLACED: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(?:[A-Za-z.]+ ){0,5}[A-Z][A-Za-z]*, ?$").expect("placed regex"));
/// A place and its comma right before a "ngày".
static PLACE_END: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"[A-Z][A-Za-z]*, ?$").expect("place end regex"));
static RULE_LINE: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^[\s\-_=*.~]{3,}$").expect("rule regex"));
static BODY_START: LazyLock<Regex> = LazyLock::new(|| {
    // "Chương" as a chapter's heading ("Chương I", "CHƯƠNG 2"), not "CHƯƠNG TRÌNH …" in a subject.
    Regex::new(r"^(?i:can cu|kinh gui|theo de nghi|xet de nghi|I\.|1\.|phan thu|chuong [ivxlc\d]+\b)")
        .expect("body regex")
});
/// Words that open a body's first paragraph in sentence case, and go on a subject printed in capitals ("… CÁ
/// NHÂN / THỰC HIỆN DỊCH VỤ CÔNG …").
static BODY_VERB: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^(?i:thuc hien|trien khai)").expect("verb regex"));

/// Does the (trimmed) `line` open the body: "Căn cứ …", "Kính gửi …", "Theo đề nghị …", "I.", "Chương I", or
/// "Thực hiện …", "Triển khai …" in sentence case (in small letters they go on a subject, "… kết quả / triển khai
/// thực hiện …")?
fn body_starts(line: &str) -> bool {
    let f = fold_line(line);
    BODY_START.is_match(&f)
        || BODY_VERB.is_match(&f) && line.starts_with(char::is_uppercase) && upper_share(line) <= 0.8
}

/// How many lines a subject in capitals may run to: a block of its own, ended by the body or the authority, not
/// by a line count (a subject in sentence case or a letter's "V/v" stops sooner).
const CAPITALS_SUBJECT_LINES: usize = 10;

/// Do a subject's line `prev` and the next, `line`, both stand in capitals (a block: [`CAPITALS_SUBJECT_LINES`])?
fn capitals_block(prev: &str, line: &str) -> bool {
    upper_share(prev) > 0.8 && upper_share(line) > 0.8
}

fn upper_share(s: &str) -> f32 {
    let letters: Vec<char> = s.chars().filter(|c| c.is_alphabetic()).collect();
    if letters.is_empty() {
        return 0.0;
    }
    letters.iter().filter(|c| c.is_uppercase()).count() as f32 / letters.len() as f32
}

/// The mottos in `s`, printed in capitals as a header prints them (most letters: the OCR may lower one or two);
/// running text that names the party or the state ("Đảng Cộng sản Việt Nam") holds none.
fn mottos(s: &str) -> impl Iterator<Item = regex::Match<'_>> {
    MOTTO.find_iter(s).filter(|m| upper_share(m.as_str()) >= 0.5)
}

fn fold_line(line: &str) -> String {
    let mut out = String::new();
    for c in line.chars() {
        super::stream::fold_keep_case(c, &mut out);
    }
    out
}

pub(crate) fn header(text: &str, lines: &Lines, g: &Gazetteer) -> Header {
    let mut h = Header::default();
    let n_lines = lines.count().min(HEADER_LINES);
    if n_lines == 0 {
        return h;
    }
    let zone_end = lines.range(text, n_lines).end;
    let st = Stream::new(text, 0..zone_end, true);
    let s = st.text.as_str();
    let orig = |a: usize, b: usize| st.orig(a, b);

    let mut removed: Vec<(usize, usize)> = Vec::new();
    for m in mottos(s) {
        if h.motto.is_none() {
            let name = if m.as_str().to_ascii_lowercase().contains("ngh") {
                "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
            } else {
                "ĐẢNG CỘNG SẢN VIỆT NAM"
            };
            h.motto = Some((name.to_string(), orig(m.start(), m.end())));
        }
        removed.push((m.start(), m.end()));
    }
    for m in INDEPENDENCE.find_iter(s) {
        removed.push((m.start(), m.end()));
    }

    // The "Số" label, the number right after it, and the date: the first "ngày" followed by a year, close by.
    let motto = mottos(s).next();
    let head_limit = motto.map_or(0, |m| m.end()) + 600;
    // a header label is "Số" with a capital, the first word of its line ("sS4 19-CT/TU" in OCR), or any label
    // before the motto, where only the issuer's block is ("CHÍNH PHỦ số: 171/2025/NĐ-CP CỘNG HÒA …": the OCR's
    // "8é" for "Số" tells no case); body text's "Công văn số: 147/VP-TTHC" is none of these
    let at_line_start = |i: usize| {
        let at = st.orig_at(i);
        let line = lines.range(text, lines.line_of(at));
        text[line.start..at].chars().all(|c| !c.is_alphanumeric())
    };
    let label = LABEL
        .captures_iter(s)
        .filter_map(|c| c.iter().skip(1).flatten().next())
        .take_while(|m| m.start() < head_limit)
        .find(|m| {
            s.as_bytes()[m.start()] == b'S' || at_line_start(m.start()) || motto.is_some_and(|mo| m.end() <= mo.start())
        });
    let numbers = find_numbers(s, g);
    let window_from = label.map_or(0, |l| l.start());
    // with a label: the date follows the number (or the label) within a place name's length
    let labelled_number = label.and_then(|l| numbers.iter().find(|n| n.start >= l.end() && n.start - l.end() <= 25));
    let window_to = match label {
        Some(l) => labelled_number.map_or(l.end(), |n| n.end) + 120,
        None => head_limit,
    };
    // A "ngày" right after another document's number dates that document ("… SỐ 72/2020/NĐ-CP NGÀY 30 THÁNG 6 NĂM
    // 2020" in a subject under the title), not this one.
    let cites = |m: &regex::Match| {
        numbers.iter().any(|n| {
            n.end <= m.start()
                && labelled_number.is_none_or(|l| l.start != n.start)
                && s[n.end..m.start()].trim_matches([' ', ',']).is_empty()
        })
    };
    let dated = |m: &regex::Match| YEAR_SOON.is_match(&s[m.start()..]);
    let anchor = match label {
        // the first "ngày" after the label is the header's date (or a blank form's "ngày … tháng … năm …"); with
        // none there, a dated one between the motto and the label: a party document's right column prints its
        // place and date level with the "*" under the issuer, above the number
        Some(l) => {
            let after = DATE_WORD
                .find_iter(s)
                .filter(|m| dated(m) || MONTH_SOON.is_match(&s[m.end()..]))
                .find(|m| m.start() >= window_from && m.start() < window_to && !cites(m));
            let above = || {
                let from = motto.map_or(0, |m| m.end());
                DATE_WORD.find_iter(s).find(|m| m.start() >= from && m.start() < window_from && dated(m) && !cites(m))
            };
            // A date after the number with no place before it is a cited document's, whose number the OCR damaged
            // past reading ("thực hiện Nghị quyết số 09-N)/TU ngày 05/12/2022"), where a placed date stands above
            // the number (a party document's "* Quảng Ngãi, ngày …")
            let from = labelled_number.map_or(l.end(), |n| n.end);
            let placed_after = |m: &regex::Match| PLACED.is_match(s[from.min(m.start())..m.start()].trim_start());
            match after {
                Some(a) if dated(&a) && !placed_after(&a) => {
                    above().filter(|m| PLACE_END.is_match(&s[..m.start()])).or(Some(a))
                }
                Some(a) => Some(a),
                // or the right column's "Place, ngày …" right under the motto, where the OCR read the left column
                // (the number and a "V/v" subject) first
                None => above().or_else(|| {
                    let under = INDEPENDENCE.find(s)?.end();
                    DATE_WORD.find_iter(s).find(|m| {
                        m.start() >= under
                            && dated(m)
                            && PLACED.is_match(s[under..m.start()].trim_start_matches(|c: char| !c.is_alphanumeric()))
                    })
                }),
            }
        }
        // With neither label nor motto, only a placed date ("Quảng Ngãi, ngày …"): a date in running text ("… cho
        // Nhật. Ngày 20/1/1941, Pháp ký …") dates no document.
        None => DATE_WORD
            .find_iter(s)
            .filter(|m| m.start() < window_to)
            .find(|m| dated(m) && (motto.is_some() || PLACE_END.is_match(&s[..m.start()]))),
    }
    .filter(dated);
    let mut date_end = None;
    if let Some(a) = anchor
        && let Some(d) = date_at(s, a.start())
        && let Some(iso) = d.iso
    {
        h.date = Some((iso, orig(d.value_start, d.end)));
        date_end = Some(d.end);
    }
    let anchor_at = anchor.map(|a| a.start());
    let number = match (label, anchor_at) {
        (Some(_), _) => labelled_number,
        // no label: "1260/BC-SKHCN Quảng Ngãi, ngày …" — only a place and a comma between number and date
        (None, Some(at)) => numbers
            .iter()
            .rev()
            .find(|n| n.end <= at && at - n.end < 120)
            .filter(|n| s[n.end..at].strip_prefix(' ').is_some_and(|gap| PLACED.is_match(gap))),
        (None, None) => None,
    };
    let label = label.map(|m| m.start());
    if let Some(n) = number {
        let value = n.normalized(&st, text, g);
        h.number = Some((value, orig(n.start, n.end)));
        h.number_range = Some(orig(n.start, n.end));
        h.number_readable = true;
    }

    // The place: the capitalized words (and unit words) right before ", ngày".
    let mut place_at = None;
    if let Some(at) = anchor_at {
        let before = s[..at].trim_end_matches([' ', ',']);
        let limit = number.filter(|n| n.end <= at).map_or(0, |n| n.end);
        let mut start = before.len();
        let words: Vec<(usize, &str)> = before
            .split(' ')
            .scan(0usize, |pos, w| {
                let p = *pos;
                *pos += w.len() + 1;
                Some((p, w))
            })
            .collect();
        let mut i = words.len();
        while i > 0 {
            let (p, w) = words[i - 1];
            if p < limit || w.is_empty() || w.contains(['/', ':']) || w.bytes().any(|b| b.is_ascii_digit()) {
                break;
            }
            let unit2 = i >= 2 && g.is_unit(&format!("{} {}", words[i - 2].1, w).to_ascii_lowercase());
            if unit2 {
                start = words[i - 2].0;
                i -= 2;
                continue;
            }
            // A word in small letters right after the number is the place's too: nothing else stands between the
            // number and the place ("86/TB-UBND quảng Ngãi, ngày", a capital the OCR printed as a digit).
            let after_number = limit > 0 && i >= 2 && words[i - 2].0 < limit;
            // So is one right after the "*" under a party body's name ("* quảng Ngãi, ngày": a capital the OCR
            // printed as a digit, which the restorer could not tell opens the line's sentence).
            let after_star = i >= 2 && words[i - 2].1 == "*";
            if !w.chars().next().is_some_and(char::is_uppercase)
                && !g.is_unit(&w.to_ascii_lowercase())
                && !after_number
                && !after_star
            {
                break;
            }
            // A word in capitals before a place in Title case is the left column's, run into the line ("… SÁNG
            // TẠO Quảng Ngãi, ngày"): a place in capitals is capitals throughout ("HÀ NỘI, ngày").
            let capitals = |w: &str| {
                w.chars().filter(|c| c.is_alphabetic()).nth(1).is_some() && !w.chars().any(char::is_lowercase)
            };
            if capitals(w) && words[i..].iter().any(|(_, x)| x.chars().any(char::is_lowercase)) {
                break;
            }
            if removed.iter().any(|&(a, b)| p >= a && p < b) {
                break;
            }
            start = p;
            i -= 1;
        }
        if start < before.len() {
            place_at = Some(start);
            let (a, b) = orig(start, before.len());
            h.place = Some((super::issuers::place_spelling(&single_spaced(&text[a..b]), g), (a, b)));
        }
    }

    // The issuing body: the header's left column, above the number. Where the place and date stand above the
    // number (a party document's, or the right column the OCR read first), the left column goes on past them:
    // the zone runs to the number, less the place and date.
    let number_at = [label, number.map(|n| n.start)].into_iter().flatten().min();
    let place_date = place_at.or(anchor_at).zip(date_end).filter(|&(_, d)| number_at.is_some_and(|n| d < n));
    let zone_stop = match place_date {
        Some(_) => number_at.unwrap_or(0),
        None => [number_at, place_at, anchor_at].into_iter().flatten().min().unwrap_or(0),
    };
    let mut fragments: Vec<(usize, usize)> = Vec::new(); // input ranges, one per line piece
    let mut cur: Option<(usize, usize, usize)> = None; // (line, stream start, stream end)
    for (i, c) in s[..zone_stop].char_indices() {
        if removed.iter().chain(&place_date).any(|&(a, b)| i >= a && i < b) {
            if let Some((_, a, b)) = cur.take() {
                fragments.push(orig(a, b));
            }
            continue;
        }
        if c == ' ' {
            continue;
        }
        let line = lines.line_of(st.orig_at(i));
        match cur {
            Some((l, a, _)) if l == line => cur = Some((l, a, i + c.len_utf8())),
            _ => {
                if let Some((_, a, b)) = cur {
                    fragments.push(orig(a, b));
                }
                cur = Some((line, i, i + c.len_utf8()));
            }
        }
    }
    if let Some((_, a, b)) = cur {
        fragments.push(orig(a, b));
    }
    let mut segments: Vec<String> = Vec::new();
    let mut seg_ranges: Vec<(usize, usize)> = Vec::new();
    for (a, b) in fragments {
        // A comma that ends a line of the column joins it to the next ("… KHOA HỌC,\nCÔNG NGHỆ, …").
        let frag = text[a..b]
            .trim_start_matches(|c: char| !c.is_alphanumeric())
            .trim_end_matches(|c: char| !c.is_alphanumeric() && c != ',');
        if frag.chars().filter(|c| c.is_alphabetic()).count() < 2 || upper_share(frag) < 0.7 {
            continue;
        }
        let fa = a + text[a..b].find(frag).unwrap_or(0);
        for (x, y) in split_bodies(frag, g) {
            let piece = &frag[x..y];
            let starts_body = g.issuer_at(&fold_line(piece).to_ascii_lowercase(), 0).is_some();
            if !starts_body && let Some(last) = segments.last_mut() {
                last.push(' ');
                last.push_str(piece);
                if let Some(r) = seg_ranges.last_mut() {
                    r.1 = fa + y;
                }
                continue;
            }
            segments.push(piece.to_string());
            seg_ranges.push((fa + x, fa + y));
        }
    }
    let body = |i: usize| (normal_case(segments[i].trim_end_matches(','), g), seg_ranges[i]);
    if let Some(last) = segments.len().checked_sub(1) {
        h.issuer = Some(body(last));
        if let Some(parent) = last.checked_sub(1) {
            h.parent_issuer = Some(body(parent));
        }
    }

    // The title: a line in capitals that is a document type ("CHƯƠNG TRÌNH HÀNH ĐỘNG" too, a party committee's
    // programme of action), after the number and date. A line that is only a type's name counts with some of its
    // letters small ("THÔNG báo", "NGHỊ Định"): the restorer may read a word of it that the OCR garbled as a
    // small-letter word.
    let date_line = anchor_at.or(number.map(|n| n.start)).map(|p| lines.line_of(st.orig_at(p)));
    let mut subject_from = None;
    // The type the number's code names ("245-BC/BTGTU": Báo cáo), for a title the OCR damaged past the type's
    // name ("BÁO DO").
    let code_type = number.and_then(|n| n.type_from_code(s, g));
    if let Some(dl) = date_line {
        let mut seen = 0;
        for ln in dl + 1..=lines.count().min(dl + 6) {
            let r = lines.range(text, ln);
            let line = &text[r.clone()];
            if is_noise_line(line) {
                continue;
            }
            seen += 1;
            // An OCR crumb stuck to a word ("CHƯƠNG@ TRÌNH") is no part of the title; punctuation is ("QUYẾT ĐỊNH:"
            // opens the body).
            let f: String = fold_line(line.trim())
                .to_ascii_lowercase()
                .chars()
                .filter(|&c| c.is_alphanumeric() || c.is_whitespace() || ":;,.()-/".contains(c))
                .collect();
            let capitals = upper_share(line) > 0.8;
            let named = (capitals || line.trim_start().starts_with(char::is_uppercase))
                .then(|| g.type_at(&f, 0))
                .flatten()
                .filter(|t| matches!(f[t.end..].trim(), "" | "hanh dong"))
                .map(|t| g.entry(t.entry).name.clone());
            let damaged = || code_type.clone().filter(|t| capitals && damaged_title(&f, t));
            if let Some(t) = named.or_else(damaged) {
                h.type_ = Some((t, (r.start, r.end)));
                h.type_from_title = true;
                subject_from = Some(ln + 1);
                break;
            }
            if seen >= 3 {
                break;
            }
        }
    }
    if h.type_.is_none()
        && let Some(n) = number
        && let Some(t) = n.type_from_code(s, g)
    {
        h.type_ = Some((t, orig(n.start, n.end)));
    }
    if let Some(from) = subject_from {
        h.subject = subject(text, lines, from, g);
    }
    if h.subject.is_none() {
        let cut = h.place.as_ref().map(|p| (p.1).0).or(h.date.as_ref().map(|d| (d.1).0));
        h.subject = about_line(text, lines, n_lines, cut, g);
    }
    h
}

/// Is the folded title line `f` the type name `name` damaged: as many words, half of them or more the name's, the
/// others two edits or fewer from the name's ("bao do" for "báo cáo")?
fn damaged_title(f: &str, name: &str) -> bool {
    let fw: Vec<&str> = f.split_whitespace().collect();
    let name = fold_line(name).to_ascii_lowercase();
    let nw: Vec<&str> = name.split_whitespace().collect();
    let same = fw.iter().zip(&nw).filter(|(a, b)| a == b).count();
    fw.len() == nw.len()
        && 2 * same >= nw.len()
        && same < nw.len()
        && fw.iter().zip(&nw).all(|(a, b)| strsim::levenshtein(a, b) <= 2)
}

static ABOUT: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^(?i:v/v|về việc)\.?:?\s*").expect("v/v regex"));

/// A letter's subject as printed (Decree 30: "V/v …" under its number), up to three lines (ten in capitals),
/// stopping at "Kính gửi", where the body or the issuing authority starts ([`ends_subject`]), and after a blank
/// line or the place and date (`cut`, an input offset, when the OCR put them on the same line) unless the next
/// line starts in small letters or the one before runs on ([`runs_on`]): the OCR leaves blank lines inside the
/// header's columns.
fn about_line(text: &str, lines: &Lines, n_lines: usize, cut: Option<usize>, g: &Gazetteer) -> Found {
    let first = (1..=n_lines).find(|&ln| ABOUT.is_match(text[lines.range(text, ln)].trim_start()))?;
    let mut parts: Vec<String> = Vec::new();
    let mut range = (0, 0);
    // A blank line or the place and date came since the last piece.
    let mut gap = false;
    for ln in first..(first + 12).min(lines.count() + 1) {
        let r = lines.range(text, ln);
        let line = &text[r.clone()];
        let start = r.start + (line.len() - line.trim_start().len());
        if ln > first {
            if is_noise_line(line) {
                gap = true;
                continue;
            }
            let prev = parts.last().map_or("", String::as_str);
            let goes_on = runs_on(prev) || line.trim_start().starts_with(char::is_lowercase);
            let most = if capitals_block(prev, line) { CAPITALS_SUBJECT_LINES } else { 3 };
            if gap && !goes_on || body_starts(line.trim()) || ends_subject(prev, line.trim(), g) || parts.len() >= most
            {
                break;
            }
        }
        let mut end = r.end;
        if let Some(c) = cut.filter(|&c| c >= start && c <= r.end) {
            end = c;
        }
        let piece = single_spaced(&text[start..end]);
        if !piece.is_empty() {
            if parts.is_empty() {
                range.0 = start;
            }
            range.1 = end;
            parts.push(piece);
        }
        gap = end < r.end;
    }
    let s = parts.join(" ");
    (!s.is_empty()).then_some((s, range))
}

/// Does a subject's line `prev` run on into the next: a comma or dash at its end, or a word that needs what follows
/// ("… và", "… của", "… về", "… với", "… thuộc", "… tại", "… trên", "… cho", "… đến")? A last word printed with its
/// marks must be that word ("… TỰ VỆ" does not run on); one without any (raw OCR) is compared folded.
fn runs_on(prev: &str) -> bool {
    const WORDS: [&str; 9] = ["và", "của", "về", "với", "thuộc", "tại", "trên", "cho", "đến"];
    if prev.ends_with([',', '-', '–']) {
        return true;
    }
    let Some((_, last)) = prev.rsplit_once(' ') else { return false };
    let lower = last.to_lowercase();
    if lower.is_ascii() { WORDS.iter().any(|w| fold_line(w) == lower) } else { WORDS.contains(&lower.as_str()) }
}

/// Does `line` end a subject printed in capitals whose last line so far is `prev`? When `prev` does not run on
/// into it ("… CỦA", "… VÀ", a comma), a line in sentence case is the body's first paragraph, and a line in
/// capitals that opens with a named body or an office ("ỦY BAN NHÂN DÂN TỈNH …", "BỘ TRƯỞNG BỘ …", "CHỦ TỊCH …")
/// is the authority that issues the document, printed under its subject (Decree 30).
fn ends_subject(prev: &str, line: &str, g: &Gazetteer) -> bool {
    if upper_share(prev) <= 0.8 || runs_on(prev) {
        return false;
    }
    let caps = upper_share(line);
    let sentence_case = caps < 0.5 && line.chars().any(char::is_lowercase);
    // A named body or an office, not a generic head word ("BAN HÀNH …", "PHÒNG, CHỐNG …" go on a subject), and
    // no number ("SỞ VĂN HÓA VÀ THỂ THAO THỜI KỲ 2021-2030" goes on "… CƠ").
    let authority = || {
        !line.contains(|c: char| c.is_ascii_digit())
            && g.issuer_at(&fold_line(line).to_ascii_lowercase(), 0)
                .is_some_and(|h| matches!(g.entry(h.entry).kind, Kind::Body | Kind::Title))
    };
    sentence_case || caps > 0.8 && authority()
}

/// Splits a header fragment in capitals into bodies: "UBND TỈNH QUẢNG NGÃI SỞ KHOA HỌC VÀ CÔNG NGHỆ" → two.
/// A new body starts at a gazetteer body or head only once the one before has a unit word or is a whole
/// listed body ("TRƯỜNG ĐẠI HỌC …" stays one).
fn split_bodies(frag: &str, g: &Gazetteer) -> Vec<(usize, usize)> {
    let words: Vec<(usize, &str)> = frag
        .split(' ')
        .scan(0usize, |p, w| {
            let at = *p;
            *p += w.len() + 1;
            Some((at, w))
        })
        .collect();
    let FoldedWords { folded, joined, starts } = FoldedWords::new(words.iter().map(|&(_, w)| w));
    let mut cuts = vec![0usize];
    let mut complete = false;
    let mut i = 0;
    while i < words.len() {
        if let Some(hit) = g.issuer_at(&joined, starts[i]) {
            let kind = g.entry(hit.entry).kind;
            if i > 0 && complete && matches!(kind, Kind::Body | Kind::Head) {
                cuts.push(words[i].0);
                complete = false;
            }
            // A party body inside a state one names that one after it: "BAN CÁN SỰ ĐẢNG UBND TỈNH", "ĐẢNG ĐOÀN
            // HĐND TỈNH" are one body.
            let in_organ = matches!(g.entry(hit.entry).name.as_str(), "Ban cán sự đảng" | "Đảng đoàn" | "Đảng ủy");
            if kind == Kind::Body {
                complete = !in_organ;
            }
            let n = joined[hit.start..hit.end].split(' ').count();
            i += n.max(1);
            continue;
        }
        let two = folded.get(i + 1).map(|n| format!("{} {n}", folded[i]));
        if g.is_unit(&folded[i]) || two.as_deref().is_some_and(|t| g.is_unit(t)) {
            complete = true;
        }
        i += 1;
    }
    cuts.push(frag.len());
    cuts.windows(2)
        .map(|w| {
            let t = frag[w[0]..w[1]].trim_end();
            (w[0], w[0] + t.len())
        })
        .collect()
}

/// The subject: the lines after the title (a "CỦA …" line in capitals skipped), joined while they continue —
/// adjacent lines, or lines across a blank when the first ends on a connecting word or the next starts in lower
/// case.
fn subject(text: &str, lines: &Lines, from: usize, g: &Gazetteer) -> Option<(String, (usize, usize))> {
    let mut parts: Vec<&str> = Vec::new();
    let mut range: Option<(usize, usize)> = None;
    let mut blank_before = false;
    let mut ln = from;
    let last = lines.count().min(from + 14);
    while ln <= last {
        let r = lines.range(text, ln);
        let line = text[r.clone()].trim();
        ln += 1;
        if RULE_LINE.is_match(line) && !parts.is_empty() {
            break;
        }
        if is_noise_line(line) {
            blank_before = true;
            continue;
        }
        // A subject may be in capitals (Decree 30 allows it).
        if parts.is_empty() {
            if upper_share(line) > 0.8 && fold_line(line).to_ascii_lowercase().starts_with("cua ") {
                continue;
            }
        } else {
            let prev = parts.last().copied().unwrap_or("");
            let connects = runs_on(prev);
            let lower_start = line.chars().next().is_some_and(char::is_lowercase);
            if body_starts(line) && !connects {
                break;
            }
            if upper_share(line) > 0.8 && upper_share(prev) < 0.8 || ends_subject(prev, line, g) {
                break;
            }
            // A subject takes no final stop: a line in sentence case that ends one, or a colon, is the body's
            // first paragraph. A subject in capitals is a block of its own: its last line may keep a stop
            // ("… TRỌNG ĐIỂM NGÀNH / GIAO THÔNG VẬN TẢI."), and a long one runs on.
            let capitals = capitals_block(prev, line);
            let stop = line.ends_with(':') || line.ends_with('.') && !capitals;
            if (blank_before || stop) && !connects && !lower_start {
                break;
            }
            if parts.len() >= if capitals { CAPITALS_SUBJECT_LINES } else { 6 } {
                break;
            }
        }
        blank_before = false;
        parts.push(line);
        let a = r.start + text[r.clone()].find(line).unwrap_or(0);
        range = Some((range.map_or(a, |x| x.0), a + line.len()));
    }
    let s = single_spaced(&parts.join(" "));
    (!s.is_empty()).then(|| (s, range.unwrap_or((0, 0))))
}
