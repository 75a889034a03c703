//! The end of a document: "Nơi nhận" (recipients) on the left, the signature position ("KT. GIÁM ĐỐC / PHÓ GIÁM
//! ĐỐC") and the signer's name on the right — the OCR often merges the columns line by line — and the digital
//! signature block ("Ủy ban nhân dân tỉnh Quảng Ngãi<ubnd@quangngai.gov.vn> đã ký lên văn bản này!").

use std::sync::LazyLock;

use regex::Regex;

use super::gazetteer::Gazetteer;
use super::header::Found;
use super::stream::{Lines, is_noise_line};
use super::{DigitalSignature, Span};
use crate::syllable::Case;
use crate::tokenize::single_spaced;

#[derive(Debug, Default)]
pub(crate) struct Ending {
    pub signer: Found,
    pub position: Found,
    pub recipients: Vec<String>,
    pub digital: Option<DigitalSignature>,
}

static ISO_TIME: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\b\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2})?(?:[+-]\d{2}:?\d{2}|Z)?").expect("time regex")
});
static HOLDER: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\s*(.*?)\s*<([^<>\s]+@[^<>\s]+)>\s*(?:đã ký|da ky|đã kí)").expect("holder regex"));
static LABELLED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^\s*(nguoi ky|email|thoi gian ky|co quan)\s*:\s*(.+?)\s*$").expect("labelled regex")
});
static RECIPIENTS: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)^\W*n[a-z0-9]{1,2}i nh[a-z]{1,2}n\b\s*:?").expect("recipients regex"));
/// The recipients' last item: "- Lưu: VT, …" (a copy filed).
static FILED: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^\s*[-–—+•*]\s*l[a-z]{1,2}u\s*:").expect("filed regex"));
/// Lines between two lines of the signature position at most (a recipient or two between "KT. GIÁM ĐỐC" and
/// "PHÓ GIÁM ĐỐC" in a two-column print).
const POSITION_GAP: usize = 3;

/// Without a "Nơi nhận" label, the recipients and the signature are looked for in this many last lines.
const END_LINES: usize = 40;

/// How many lines above "Nơi nhận" a signature block printed before it may start.
const ABOVE_RECIPIENTS: usize = 12;
static BULLET: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^\s*[-–—=+•*_]\s*").expect("bullet regex"));

fn fold_lower(s: &str) -> String {
    crate::syllable::fold(s)
}

/// The input range of a line's tail from `p` on, trailing white space left out; `base` is where the line starts.
fn tail_span(base: usize, line: &str, p: usize) -> (usize, usize) {
    (base + p, base + line.trim_end().len())
}

/// Byte start of the trailing run of a line's words that satisfy `ok` (at least `min` words), if any.
fn tail_run(line: &str, min: usize, max: usize, ok: impl Fn(&str, usize) -> bool) -> Option<usize> {
    let trimmed = line.trim_end();
    let words: Vec<(usize, &str)> = trimmed
        .char_indices()
        .filter(|&(i, c)| !c.is_whitespace() && (i == 0 || trimmed[..i].ends_with(char::is_whitespace)))
        .map(|(i, _)| {
            let w = trimmed[i..].split(char::is_whitespace).next().unwrap_or("");
            (i, w)
        })
        .collect();
    let mut start = None;
    let mut n = 0;
    for &(i, w) in words.iter().rev() {
        if n >= max || !ok(w, n) {
            break;
        }
        start = Some(i);
        n += 1;
    }
    (n >= min).then_some(start).flatten()
}

/// A position word without the OCR crumbs stuck to it ("THỦ\\" → "THỦ"); the marks "KT." and "T/M" keep their
/// dot and slash, and a separator stays, which ends the recipients' column ("Sở;").
fn position_word(w: &str) -> &str {
    w.trim_matches(|c: char| !c.is_alphanumeric() && !"./,;:".contains(c))
}

/// The trailing signature-position run of a line ("… Sở; PHÓ GIÁM ĐỐC" → "PHÓ GIÁM ĐỐC"). Its words are in
/// capitals, but for position words in Title case beside one in capitals ("Bộ TRƯỞNG", "Chủ TỊCH": the restorer
/// may take a damaged word's case from its OCR).
fn position_tail(line: &str, g: &Gazetteer) -> Option<usize> {
    let start = tail_run(line, 1, 8, |w, _| {
        let w = position_word(w);
        let letters = w.chars().any(char::is_alphabetic);
        let caps = w.chars().all(|c| !c.is_lowercase());
        letters && (caps && g.position_word_near(&fold_lower(w)).is_some() || title_position(w, g))
    })?;
    let start = column_start(line, start);
    let run = &line[start..];
    if !run.split_whitespace().any(|w| Case::of(position_word(w)) == Case::Upper) {
        return None;
    }
    let words = run.split_whitespace().filter(|w| !w.ends_with('.') && !w.contains('/')).count();
    (words >= 1 && run.split_whitespace().count() >= 2 || words >= 2).then_some(start)
}

/// Where the signature column starts in a position run that begins at `start`: after the last wide gap in it (three
/// spaces or a tab: the columns of a print the OCR kept apart), and past a mark that goes on a list of office codes
/// ("Lưu: VT, KT." — "KT." the economy office's code there, not "ký thay"; after "- Sở Nội vụ," it is the mark).
fn column_start(line: &str, start: usize) -> usize {
    let run = line[start..].trim_end();
    let mut at = start;
    if let Some(gap) = run.rfind('\t').into_iter().chain(run.rfind("   ")).max() {
        at = start + gap + run[gap..].len() - run[gap..].trim_start().len();
    }
    let first = line[at..].split_whitespace().next().unwrap_or("");
    let code =
        |w: &str| (2..=8).contains(&w.len()) && w.chars().all(|c| c.is_ascii_uppercase() || c == 'Đ' || c == '&');
    let codes = line[..at].trim_end().strip_suffix(',').and_then(|l| l.split_whitespace().last()).is_some_and(code);
    if codes && (first.ends_with('.') || first.contains('/')) {
        at = past_word(line, at, first);
    }
    at
}

/// The byte offset in `line` after the word `w` found from `at` on, and after the white space that follows it.
fn past_word(line: &str, at: usize, w: &str) -> usize {
    let end = at + line[at..].find(w).unwrap_or(0) + w.len();
    line.len() - line[end..].trim_start().len()
}

/// Is `w` a position word in Title case ("Bộ", "Trưởng")?
fn title_position(w: &str, g: &Gazetteer) -> bool {
    Case::of(w) == Case::Title && g.is_position_word(&fold_lower(w))
}

/// The trailing personal name of a line ("… CBTH: Trần Ngọc Căng" → "Trần Ngọc Căng").
fn name_tail(line: &str, g: &Gazetteer) -> Option<usize> {
    let start = tail_run(line, 2, 5, |w, _| {
        let mut cs = w.chars();
        cs.next().is_some_and(char::is_uppercase) && cs.all(char::is_lowercase) && w.chars().all(char::is_alphabetic)
    })?;
    // The run must begin with a family name; trim leading words until it does.
    let run: Vec<&str> = line[start..].split_whitespace().collect();
    let skip = run.iter().position(|w| g.is_surname(&fold_lower(w)))?;
    if run.len() - skip < 2 {
        return None;
    }
    Some(run[..skip].iter().fold(start, |at, w| past_word(line, at, w)))
}

pub(crate) fn ending(text: &str, lines: &Lines, g: &Gazetteer) -> Ending {
    let mut e = Ending::default();
    let n = lines.count();
    let mut digital_lines = Vec::new();
    // The digital signature block.
    let mut dig = DigitalSignature::default();
    let mut dig_range: Option<(usize, usize)> = None;
    for ln in 1..=n {
        let r = lines.range(text, ln);
        let line = &text[r.clone()];
        let mut hit = false;
        if let Some(c) = HOLDER.captures(line) {
            dig.holder = Some(single_spaced(&c[1])).filter(|h| !h.is_empty());
            dig.email = Some(c[2].to_string());
            hit = true;
        } else if let Some(c) = LABELLED.captures(&fold_lower(line)) {
            let value_at = line.find(':').map_or(0, |i| i + 1);
            let value = single_spaced(&line[value_at..]);
            match &c[1] {
                "nguoi ky" => dig.holder = Some(value),
                "email" => dig.email = Some(value),
                "thoi gian ky" => dig.time = Some(value),
                _ => dig.agency = Some(value),
            }
            hit = true;
        }
        if let Some(m) = ISO_TIME.find(line)
            && (dig_range.is_some_and(|(_, b)| lines.line_of(b) + 3 >= ln) || line.trim() == m.as_str() || hit)
        {
            dig.time.get_or_insert_with(|| m.as_str().to_string());
            hit = true;
        }
        if hit {
            digital_lines.push(ln);
            dig_range = Some((dig_range.map_or(r.start, |x| x.0), r.end));
        }
    }
    // A time line just before the holder line belongs to the block.
    if let Some((a, b)) = dig_range
        && (dig.holder.is_some() || dig.email.is_some())
    {
        let line = lines.line_of(a);
        dig.span = Some(Span { line, start: a, end: b });
        e.digital = Some(dig);
    }

    // Recipients and the signature columns.
    let line_at = |ln: usize| &text[lines.range(text, ln)];
    let end_zone = n.saturating_sub(END_LINES).max(1)..=n;
    let nn = (1..=n).rev().find(|&ln| RECIPIENTS.is_match(&fold_lower(line_at(ln)))).or_else(|| {
        // A label the OCR or the restorer lost ("Noi nhién" read "Nội chiến"): the list that ends with the
        // "- Lưu: …" item, from the line above its first item when that line holds a colon.
        let last = end_zone.clone().rev().find(|&ln| FILED.is_match(&fold_lower(line_at(ln))))?;
        let first = (1..=last).rev().take_while(|&ln| BULLET.is_match(line_at(ln))).last()?;
        Some(first - 1).filter(|&ln| ln >= 1 && line_at(ln).contains(':')).or(Some(first))
    });
    let zone_start = nn.unwrap_or(*end_zone.start());
    let mut position: Vec<(usize, usize)> = Vec::new();
    let mut whole_names: Vec<(usize, usize)> = Vec::new();
    let mut tail_names: Vec<(usize, usize)> = Vec::new();
    let mut items: Vec<String> = Vec::new();
    for ln in zone_start..=n {
        if digital_lines.contains(&ln) {
            continue;
        }
        let r = lines.range(text, ln);
        let mut line = &text[r.clone()];
        let mut base = r.start;
        if Some(ln) == nn
            && let Some(m) = RECIPIENTS.find(&fold_lower(line))
        {
            // the label is ASCII-folded: skip the same number of chars in the input
            let chars = fold_lower(line)[..m.end()].chars().count();
            let skip: usize = line.chars().take(chars).map(char::len_utf8).sum();
            base += skip;
            line = &line[skip..];
        }
        if is_noise_line(line) {
            continue;
        }
        let mut body_end = line.len();
        // A document type's name alone on its line is the title ("THÔNG BÁO", which "THƯỜNG BAN" is near).
        let folded = fold_lower(line.trim());
        let title = g.type_at(&folded, 0).is_some_and(|h| h.end == folded.len());
        // What follows the recipients and the signature (an appendix, a form) is not part of them: its title or
        // its first paragraph ends the search (a name ending a wrapped line there, "… đề nghị Tổng Kiểm", is none).
        let position_at = position_tail(line, g);
        if nn.is_some_and(|k| ln > k) && (title || position_at.is_none() && prose(line, g)) {
            break;
        }
        if let Some(p) = position_at.filter(|_| !title) {
            let whole = line[..p].trim().is_empty();
            if nn.is_some() || whole {
                position.push(tail_span(base, line, p));
                body_end = p;
            }
        }
        let mut is_name_line = false;
        if body_end == line.len()
            && let Some(p) = name_tail(line, g)
        {
            if line[..p].trim().is_empty() {
                whole_names.push(tail_span(base, line, p));
                is_name_line = true;
            } else if nn.is_some() {
                tail_names.push(tail_span(base, line, p));
                body_end = p;
            }
        }
        if nn.is_none() || is_name_line {
            continue;
        }
        let body = &line[..body_end];
        if let Some(b) = BULLET.find(body) {
            items.push(body[b.end()..].to_string());
        } else if let Some(last) = items.last_mut()
            && body.trim_start().chars().next().is_some_and(char::is_lowercase)
        {
            last.push(' ');
            last.push_str(body);
        }
    }
    // The signature block printed above "Nơi nhận" (the right column read first, or a page that puts it there):
    // a name alone on its line under position lines alone on theirs, within the lines just above the label.
    if let Some(k) = nn.filter(|_| whole_names.is_empty() && tail_names.is_empty()) {
        let mut above = Vec::new();
        for ln in k.saturating_sub(ABOVE_RECIPIENTS).max(1)..k {
            let r = lines.range(text, ln);
            let line = &text[r.clone()];
            let whole = |p: usize| line[..p].trim().is_empty().then(|| tail_span(r.start, line, p));
            if let Some(span) = position_tail(line, g).and_then(whole) {
                above.push(span);
            } else if let Some(span) = name_tail(line, g).and_then(whole).filter(|_| !above.is_empty()) {
                position = std::mem::take(&mut above);
                whole_names.push(span);
            }
        }
    }
    // With neither a recipients label nor a signature position, a name alone on its line signs only where no
    // running text follows it (the digital signature's lines aside): a name that heads an article ("Nguyễn Văn
    // Tiến" above "Nguyễn Văn Tiến có thể là một trong …") signs nothing.
    if nn.is_none() && position.is_empty() {
        let running = |ln: usize| !digital_lines.contains(&ln) && prose(line_at(ln), g);
        whole_names.retain(|&(a, _)| !(lines.line_of(a) + 1..=n).any(running));
    }
    let name = whole_names.last().or(tail_names.last()).copied();
    // The position is one block of lines, the last that starts above the signer's name: a line of capitals further
    // up (a header's "BAN TUYÊN GIÁO" in a short document) or below it (an appendix's "PHỤ LỤC") is not part of it.
    let line_of = |&(a, _): &(usize, usize)| lines.line_of(a);
    let name_line = name.map_or(usize::MAX, |n| line_of(&n));
    let blocks = position.chunk_by(|x, y| line_of(y) <= line_of(x) + POSITION_GAP);
    let position: Vec<(usize, usize)> = blocks
        .clone()
        .rfind(|b| line_of(&b[0]) < name_line)
        .or_else(|| blocks.last())
        .map_or_else(Vec::new, <[_]>::to_vec);
    if !position.is_empty() {
        // in the capitals it is printed in
        let text_pos = position
            .iter()
            .flat_map(|&(a, b)| text[a..b].split_whitespace().map(|w| position_word(w).to_uppercase()))
            .collect::<Vec<_>>()
            .join(" ");
        // printed without diacritics (raw OCR): the gazetteer's spelling
        let text_pos = if text_pos.is_ascii() { g.position_spelling(&text_pos) } else { text_pos };
        e.position = Some((text_pos, (position[0].0, position[position.len() - 1].1)));
    }
    if let Some((a, b)) = name {
        e.signer = Some((single_spaced(&text[a..b]), (a, b)));
    }
    e.recipients = items.iter().map(|i| tidy_item(i)).filter(|i| !i.is_empty()).collect();
    e
}

/// Is `line`, beside no signature position, a paragraph's line of running text: eight words or more in 60
/// characters or more before any name that ends it (wider than the recipients' column, whose item a name in the
/// signature column may follow), neither a list item nor an item's continuation (its first letter small)?
fn prose(line: &str, g: &Gazetteer) -> bool {
    let t = line.trim();
    if t.chars().count() < 60 || BULLET.is_match(t) || t.starts_with(char::is_lowercase) {
        return false;
    }
    let text = &t[..name_tail(t, g).unwrap_or(t.len())];
    text.split_whitespace().count() >= 8 && text.chars().count() >= 60
}

/// A recipient item without its trailing separator and OCR crumbs ("Sở Nội vụ, A AM DC" → "Sở Nội vụ"); an
/// office's code ending the list keeps, with the count of copies after it ("Lưu: VT, KT.", "Lưu: VT, KK (2b).").
fn tidy_item(item: &str) -> String {
    static OFFICE: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"^[A-ZĐ]{2,}\.?(?: \(\d+[a-z]?\)\.?)?$").expect("office code regex"));
    let mut s = single_spaced(item);
    if let Some(i) = s.rfind([',', ';'])
        && !s[i + 1..].trim().is_empty()
        && !OFFICE.is_match(s[i + 1..].trim())
        && s[i + 1..].split_whitespace().all(|w| w.chars().filter(|c| c.is_alphanumeric()).count() <= 2)
    {
        s.truncate(i);
    }
    s.trim_end_matches(|c: char| !c.is_alphanumeric() && c != ')').trim().to_string()
}
