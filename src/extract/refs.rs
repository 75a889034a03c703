//! Cited documents: every document number in the text with the type word before it ("Quyết định số"), the date
//! after it ("ngày 31/12/2020") and the body after "của" (or before "ban hành") — merged to one entry per
//! distinct number.

use std::collections::HashMap;
use std::sync::LazyLock;

use regex::Regex;

use super::gazetteer::Gazetteer;
use super::gazetteer::Hit;
use super::issuers::{compatible, issuer_end, normal_case};
use super::shapes::{NumberMatch, date_at, find_numbers};
use super::stream::{Lines, Stream};
use super::{Reference, Span};

/// How a reference's type was found (a stated word is stronger than the code).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum TypeSource {
    Code,
    List,
    Word,
}

#[derive(Debug, Clone)]
struct Mention {
    number: String,
    key: String,
    start: usize,
    end: usize,
    type_: Option<(String, TypeSource)>,
    type_start: Option<usize>,
    date: Option<Option<String>>,
    issuer: Option<(String, bool)>,
    attrs_end: usize,
}

static TYPE_GAP: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(?: [a-z]{1,8}){0,3}(?: (?:so|s[0-9]|se|sb|sd|s0) ?:?)? ?$").expect("gap regex"));
/// A law's name comes between "Luật" and its number: "Luật Đất đai số 31/2024/QH15".
static NAMED_GAP: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?: [A-Za-z]{1,8}){1,8}(?: (?:so|s[0-9]|se|sb|sd|s0) ?:?)? ?$").expect("named gap regex")
});
static OF: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^ ?,? ?(?i:cua|ciia|ctia|cta|ciaa|caa|cuaa|clia|cia|cila) (?:(?i:dong chi) )?").expect("of regex")
});
static DATE_LEAD: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^ ?,? ?\(? ?").expect("lead regex"));
static CHAIN: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^ ?[,;]? ?(?:va )?$").expect("chain regex"));
static ISSUED_BY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i) (?:da |vua |se |cung )?ban hanh(?: va(?: [a-z]+){1,4})?(?: cac| mot so)? ?$")
        .expect("issued-by regex")
});
static SHORT_FORM: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\b([A-Z]{2,3}) (\d{1,5}) ([A-Z][A-Za-z]{1,5})\b").expect("short form regex"));

/// The key two numbers are the same document under: no spaces, upper case.
pub(crate) fn number_key(n: &str) -> String {
    n.chars().filter(|c| !c.is_whitespace()).collect::<String>().to_uppercase()
}

/// Finds the cited documents of `text`; `exclude` is the input byte range of the document's own number.
pub(crate) fn references(text: &str, lines: &Lines, g: &Gazetteer, exclude: Option<(usize, usize)>) -> Vec<Reference> {
    let st = Stream::new(text, 0..text.len(), true);
    let s = st.text.as_str();
    let types = g.types_in(s);
    let mut numbers: Vec<NumberMatch> = find_numbers(s, g);
    if let Some((a, b)) = exclude {
        numbers.retain(|n| {
            let (x, y) = st.orig(n.start, n.end);
            y <= a || x >= b
        });
    }
    let mut mentions: Vec<Mention> = Vec::new();
    for n in &numbers {
        let number = n.normalized(&st, text, g);
        mentions.push(mention(&st, text, g, &types, n.start, n.end, number, n.type_from_code(s, g)));
    }
    // "QĐ 458 TTg": a type code, the digits and an issuer code, spaced, as some texts cite.
    for c in SHORT_FORM.captures_iter(s) {
        let (tcode, body) = (&c[1], &c[3]);
        let Some(t) = g.type_of_code(tcode) else { continue };
        if g.body_of_code(body).is_none() {
            continue;
        }
        let m = c.get(0).expect("m");
        let number = st.original(text, m.start(), m.end());
        mentions.push(mention(&st, text, g, &types, m.start(), m.end(), number, Some(t.to_string())));
    }
    mentions.sort_by_key(|m| m.start);
    // Lists: "Công văn số: 147/VP-TTHC ngày 02/5/2025; 3251/UBND-TTHC ngày …" — the type of the head of the
    // list, and an issuer named as the subject of "ban hành", carry over.
    for i in 1..mentions.len() {
        let (prev, cur) = mentions.split_at_mut(i);
        let (p, c) = (&prev[i - 1], &mut cur[0]);
        let chained = |until: usize| p.attrs_end <= until && CHAIN.is_match(&s[p.attrs_end..until]);
        if c.type_.as_ref().is_none_or(|t| t.1 == TypeSource::Code)
            && chained(c.start)
            && let Some((t, src)) = &p.type_
            && *src != TypeSource::Code
        {
            c.type_ = Some((t.clone(), TypeSource::List));
        }
        if c.issuer.is_none()
            && chained(c.type_start.unwrap_or(c.start))
            && let Some((iss, true)) = &p.issuer
        {
            c.issuer = Some((iss.clone(), true));
        }
    }
    // One entry per distinct number: the first mention's line, attributes from the first mention stating them.
    let mut out: Vec<Reference> = Vec::new();
    let mut index: HashMap<String, (usize, TypeSource)> = HashMap::new();
    for m in mentions {
        let (a, b) = st.orig(m.start, m.end);
        if let Some(&(i, tsrc)) = index.get(&m.key) {
            let r = &mut out[i];
            if let Some((t, src)) = &m.type_
                && (r.r#type.is_none() || (tsrc == TypeSource::Code && *src > TypeSource::Code))
            {
                r.r#type = Some(t.clone());
                index.insert(m.key.clone(), (i, *src));
            }
            if r.date.is_none()
                && let Some(Some(d)) = &m.date
            {
                r.date = Some(d.clone());
            }
            if r.issuer.is_none()
                && let Some((iss, _)) = &m.issuer
            {
                r.issuer = Some(iss.clone());
            }
            r.mentions += 1;
            continue;
        }
        let tsrc = m.type_.as_ref().map_or(TypeSource::Code, |t| t.1);
        index.insert(m.key.clone(), (out.len(), tsrc));
        let line = lines.line_of(a);
        out.push(Reference {
            number: m.number,
            r#type: m.type_.map(|t| t.0),
            date: m.date.flatten(),
            issuer: m.issuer.map(|i| i.0),
            line,
            span: Span { line, start: a, end: b },
            mentions: 1,
        });
    }
    out
}

#[allow(clippy::too_many_arguments)]
fn mention(
    st: &Stream,
    text: &str,
    g: &Gazetteer,
    types: &[super::gazetteer::Hit],
    start: usize,
    end: usize,
    number: String,
    code_type: Option<String>,
) -> Mention {
    let s = st.text.as_str();
    let key = number_key(&number);
    // The type word: the nearest before the number, with at most three words and "số" between.
    let mut type_ = code_type.map(|t| (t, TypeSource::Code));
    let mut type_start = None;
    let idx = types.partition_point(|h| h.end <= start);
    let named = |h: &super::gazetteer::Hit| {
        matches!(g.entry(h.entry).name.as_str(), "Luật" | "Bộ luật" | "Pháp lệnh")
            && s.as_bytes()[h.start].is_ascii_uppercase()
    };
    if idx > 0
        && (TYPE_GAP.is_match(&s[types[idx - 1].end..start])
            || (named(&types[idx - 1]) && NAMED_GAP.is_match(&s[types[idx - 1].end..start])))
    {
        let mut k = idx - 1;
        // "Thông báo kết luận số": the head noun names the type.
        while k > 0 && types[k - 1].end + 1 == types[k].start && s.as_bytes()[types[k].start].is_ascii_lowercase() {
            k -= 1;
        }
        type_ = Some((g.entry(types[k].entry).name.clone(), TypeSource::Word));
        type_start = Some(types[k].start);
    }
    if type_start.is_none()
        && let Some(c) = Regex::new(r"\b([A-Z]{2,3}) $").expect("abbr").captures(&s[start.saturating_sub(5)..start])
        && let Some(t) = g.type_of_code(&c[1])
    {
        type_ = Some((t.to_string(), TypeSource::Word));
        type_start = Some(start - c[0].len());
    }
    // The date right after it.
    let mut attrs_end = end;
    let mut date = None;
    if let Some(lead) = DATE_LEAD.find(&s[end..])
        && let Some(d) = date_at(s, end + lead.end())
    {
        date = Some(d.iso);
        attrs_end = d.end;
    }
    // The issuer after "của", or the subject of "… ban hành".
    let ok = |h: &Hit| compatible(&st.original(text, h.start, h.end), &g.entry(h.entry).name);
    let mut issuer = None;
    if let Some(of) = OF.find(&s[attrs_end..]) {
        let at = attrs_end + of.end();
        if let Some(e) = issuer_end(s, at, g, &ok) {
            issuer = Some((printed_issuer(&st.original(text, at, e), g), false));
            attrs_end = e;
        }
    }
    if issuer.is_none() {
        let before_end = type_start.unwrap_or(start);
        let clause_start = s[..before_end].rfind([',', ';', '.', ':', '(', ')']).map_or(0, |i| i + 1);
        let clause = &s[clause_start..before_end];
        if let Some(v) = ISSUED_BY.find(clause) {
            let verb = clause_start + v.start();
            let mut at = clause_start;
            while at < verb {
                if at == 0 || !s.as_bytes()[at - 1].is_ascii_alphanumeric() {
                    if let Some(e) = issuer_end(s, at, g, &ok)
                        && e == verb
                    {
                        issuer = Some((printed_issuer(&st.original(text, at, e), g), true));
                        break;
                    }
                }
                at += 1;
            }
        }
    }
    Mention { number, key, start, end, type_, type_start, date, issuer, attrs_end }
}

/// An issuer as printed, in normal case when printed in capitals ("THỦ TƯỚNG CHÍNH PHỦ" in a title).
fn printed_issuer(printed: &str, g: &Gazetteer) -> String {
    let letters: Vec<char> = printed.chars().filter(|c| c.is_alphabetic()).collect();
    let upper = letters.iter().filter(|c| c.is_uppercase()).count();
    if letters.len() >= 4 && upper * 10 >= letters.len() * 9 { normal_case(printed, g) } else { printed.to_string() }
}
