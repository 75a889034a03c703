//! Cited documents: every document number in the text with the type word before it ("Quyết định số"), the date
//! after it ("ngày 31/12/2020") and the body after "của" (or before "ban hành") — merged to one entry per
//! distinct number.

use std::collections::HashMap;
use std::sync::LazyLock;

use regex::Regex;

use super::gazetteer::Gazetteer;
use super::issuers::{issuer_phrase, normal_case};
use super::shapes::{NumberMatch, date_at, find_numbers, normalize_code};
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
    /// Where an issuer named after "của" ends in the stream (for [`committee_remits`]).
    issuer_end: Option<usize>,
    attrs_end: usize,
}

static TYPE_GAP: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(?: [a-z]{1,8}){0,3}(?: (?:so|s[0-9]|se|sb|sd|s0) ?:?)? ?$").expect("gap regex"));
/// A law's name comes between "Luật" and its number: "Luật Đất đai số 31/2024/QH15", "Luật Thi đua, khen thưởng số
/// 06/2022/QH15".
static NAMED_GAP: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?: [A-Za-z]{1,8},?){1,8}(?: (?:so|s[0-9]|se|sb|sd|s0) ?:?)? ?$").expect("named gap regex")
});
static OF: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^ ?,? ?(?i:c[a-gi-z]{0,3}a) (?:(?i:d[a-z]{1,2}ng ch[a-z]{1,2}) )?").expect("of regex")
});
/// "tại" right before a cited document's type word, and the "của" before it: "của Giám đốc Sở Tài chính tại Tờ
/// trình số …".
static AT_BEFORE: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(?i) t[a-z]{1,2}i ?$").expect("at regex"));
static OF_WORD: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(?i)(?:^| )c[a-gi-z]{0,3}a ").expect("of-word regex"));
static DATE_LEAD: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^ ?,? ?\(? ?").expect("lead regex"));
static CHAIN: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^ ?[,;]? ?(?:va )?$").expect("chain regex"));
static ISSUED_BY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i) (?:d[a-z0-9]{1,2} |vua |se |cung )?ban hanh(?: va(?: [a-z0-9]+){1,4})?(?: cac| mot so)? ?$")
        .expect("issued-by regex")
});
static ABBR: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\b([A-Z][A-Za-z]{1,2}) $").expect("abbr regex"));
static SO_WORD: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(?:so|s[0-9]|se|sb|sd|s0|s|s&):?$").expect("so regex"));
static SHORT_FORM: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\b([A-Z][A-Za-z]{1,2}) (\d{1,5}) ([A-Z][A-Za-z]{1,5})\b").expect("short form regex"));

/// The key two numbers are the same document under: no spaces, upper case.
pub(crate) fn number_key(n: &str) -> String {
    n.chars().filter(|c| !c.is_whitespace()).collect::<String>().to_uppercase()
}

/// Document numbers as a raw OCR text prints them, by 1-based line and leading digits, in order: the numbers
/// of a restored text are taken from here when the restorer rewrote their codes (its language model knows words,
/// not codes: "08-TB/TGV" must not become "08-TB/TGĐ").
#[derive(Debug, Default)]
pub(crate) struct PrintedNumbers {
    by_key: NumbersByLine,
}

/// (1-based line, leading digits) → the numbers printed there: (normalized number, type from its code).
type NumbersByLine = HashMap<(usize, String), Vec<(String, Option<String>)>>;

/// The `-` and `/` of a document number, in order: its shape.
pub(crate) fn separators(n: &str) -> String {
    n.chars().filter(|c| matches!(c, '-' | '/')).collect()
}

/// Does the printed form of a document number win over the restored one? Where the restorer read a code part as
/// a word, with a vowel mark no code has ("1827-OP/TU" restored as "1827-CP/TỪ"), or lost a Đ the OCR printed (an
/// OCR that prints Đ read the code as Vietnamese: "117/BC-BĐT" is not the listed "BC-BYT"). Otherwise the restored
/// spelling wins: vnocr's restorer reads code parts from the corpora's codes, not as words ("79/2025/N-CP" →
/// "NĐ-CP", "87/2025/OH15" → "QH15", "BCVT&CDS" → "BCVT&CĐS").
pub(crate) fn printed_wins(printed: &str, restored: &str) -> bool {
    restored.chars().any(|c| !c.is_ascii() && !matches!(c, 'Đ' | 'đ'))
        || printed.contains('Đ') && !restored.contains('Đ')
}

impl PrintedNumbers {
    pub fn new(ocr: &str, g: &Gazetteer) -> PrintedNumbers {
        let lines = Lines::new(ocr);
        let st = Stream::new(ocr, 0..ocr.len(), true);
        let mut by_key = NumbersByLine::new();
        for n in find_numbers(&st.text, g) {
            let line = lines.line_of(st.orig(n.start, n.end).0);
            let entry = (n.normalized(&st, ocr, g), n.type_from_code(&st.text, g));
            by_key.entry((line, n.digits.clone())).or_default().push(entry);
        }
        PrintedNumbers { by_key }
    }

    /// The printed form of the `occurrence`-th number with these digits on this line, when it has the same
    /// shape (separators) as `number`.
    fn get(&self, line: usize, digits: &str, occurrence: usize, number: &str) -> Option<&(String, Option<String>)> {
        let p = self.by_key.get(&(line, digits.to_string()))?.get(occurrence)?;
        (separators(&p.0) == separators(number)).then_some(p)
    }
}

/// Finds the cited documents of `text`; `exclude` is the input byte range of the document's own number.
pub(crate) fn references(
    text: &str,
    lines: &Lines,
    g: &Gazetteer,
    exclude: Option<(usize, usize)>,
    printed: Option<&PrintedNumbers>,
) -> Vec<Reference> {
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
    let mut seen: HashMap<(usize, String), usize> = HashMap::new();
    for n in &numbers {
        let number = n.normalized(&st, text, g);
        let code_type = n.type_from_code(s, g);
        let mut m = mention(&st, text, g, &types, n.start, n.end, number.clone(), code_type.clone());
        if let Some(p) = printed {
            let line = lines.line_of(st.orig(n.start, n.end).0);
            let occ = seen.entry((line, n.digits.clone())).or_default();
            // A type word before the number that agrees with the restored code and not with the printed one
            // ("Công điện số 95/CĐ-TTg" restored, "95/CP-TTg" printed) settles it for the restored one.
            let named = m.type_.as_ref().filter(|t| t.1 == TypeSource::Word).map(|t| &t.0);
            if let Some((pn, pt)) = p.get(line, &n.digits, *occ, &number)
                && printed_wins(pn, &number)
                && !(named.is_some() && named == code_type.as_ref() && named != pt.as_ref())
            {
                m.respell(pn.clone(), pt.clone());
            }
            *occ += 1;
        }
        mentions.push(m);
    }
    // "QĐ 458 TTg": a type code, the digits and an issuer code, spaced, as some texts cite.
    for c in SHORT_FORM.captures_iter(s) {
        let (tcode, body) = (normalize_code(&c[1], g), normalize_code(&c[3], g));
        let Some(t) = g.type_of_code(&tcode) else {
            continue;
        };
        if g.body_of_code(&body).is_none() {
            continue;
        }
        let m = c.get(0).expect("m");
        let number = format!("{tcode} {} {body}", &c[2]);
        mentions.push(mention(&st, text, g, &types, m.start(), m.end(), number, Some(t.to_string())));
    }
    mentions.sort_by_key(|m| m.start);
    committee_remits(&st, text, &mut mentions);
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
    merge_variants(out)
}

/// How one of two numbers is the other cut short: before one of its parts (`Some(true)`: "98/2019/NĐ" of
/// "98/2019/NĐ-CP"), or before its last one or two letters (`Some(false)`: "27/CT-TT" of "27/CT-TTg").
pub(crate) fn cut_short(a: &str, b: &str) -> Option<bool> {
    let (short, long) = if a.len() < b.len() { (a, b) } else { (b, a) };
    let rest = long.strip_prefix(short)?;
    if rest.starts_with(['-', '/']) {
        Some(true)
    } else {
        let letters = (1..=2).contains(&rest.chars().count()) && rest.chars().all(char::is_alphabetic);
        (letters && short.ends_with(char::is_alphabetic)).then_some(false)
    }
}

/// One document cited under two spellings of its number, the OCR having damaged a mention ("01-KH/BCHTW" beside
/// "01-KH/BCĐTW", both dated 21/3/2025 and issued by the Ban Chỉ đạo Trung ương): numbers with the same digits,
/// type and date, whose issuers do not differ (one may name none) and whose letters differ by at most two edits
/// are one reference, at the first mention's line, spelled as more mentions spell it. Where as many mentions spell
/// each, either may be the misprint (a clean `admin` document cites "44/2023/TT-BTC … của Bộ trưởng Bộ Công
/// Thương" once and "44/2023/TT-BCT" once): both stay, as distinct numbers do. A number the OCR cut short before
/// a part ("98/2019/NĐ" where the text prints "98/2019/NĐ-}P", beside "98/2019/NĐ-CP"), or before the last one or
/// two letters of its last part (the OCR split "TT-BCT" into "TT-BC T", "CT-TTg" into "CT-TT g", or added one), is
/// the same document wherever their digits are the same and no type, date or issuer tells them apart (the damage
/// often costs the cut mention its date and issuer): spelled whole, or for letters as more mentions spell it.
fn merge_variants(refs: Vec<Reference>) -> Vec<Reference> {
    let digits = |n: &str| n.chars().filter(char::is_ascii_digit).collect::<String>();
    let issuer = |r: &Reference| r.issuer.as_deref().map(str::to_lowercase);
    let agree = |a: Option<&str>, b: Option<&str>| a.is_none() || b.is_none() || a == b;
    let mut out: Vec<Reference> = Vec::with_capacity(refs.len());
    // Indices into `out` by the digits of their numbers (which a merge keeps): only these can be one with a reference.
    let mut by_digits: HashMap<String, Vec<usize>> = HashMap::new();
    for r in refs {
        let group = by_digits.entry(digits(&r.number)).or_default();
        // The reference `r` is one with, and how its number is the other's cut short, if it is.
        let same = group.iter().find_map(|&i| {
            let o = &out[i];
            let how = cut_short(&o.number, &r.number);
            let one = if how.is_some() {
                agree(o.date.as_deref(), r.date.as_deref())
                    && agree(o.r#type.as_deref(), r.r#type.as_deref())
                    && agree(issuer(o).as_deref(), issuer(&r).as_deref())
            } else {
                r.date.is_some()
                    && o.date == r.date
                    && o.r#type == r.r#type
                    && agree(issuer(o).as_deref(), issuer(&r).as_deref())
                    && strsim::levenshtein(&o.number, &r.number) <= 2
                    && o.mentions != r.mentions
            };
            one.then_some((i, how))
        });
        let Some((i, how)) = same else {
            group.push(out.len());
            out.push(r);
            continue;
        };
        let o = &mut out[i];
        if let Some(part) = how {
            // The whole number where a part is missing; where letters differ, the spelling more mentions give (the
            // noise adds letters too: "TT-BTCH" once beside "TT-BTC" twelve times), the longer on a tie.
            let longer = r.number.len() > o.number.len();
            let take = if part { longer } else { r.mentions > o.mentions || r.mentions == o.mentions && longer };
            if take {
                o.number = r.number;
            }
            o.r#type = o.r#type.take().or(r.r#type);
            o.date = o.date.take().or(r.date);
            o.issuer = o.issuer.take().or(r.issuer);
        } else if r.mentions > o.mentions {
            o.number = r.number;
        }
        o.mentions += r.mentions;
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
    let mut from = start.saturating_sub(5);
    while !s.is_char_boundary(from) {
        from += 1;
    }
    if type_start.is_none()
        && let Some(c) = ABBR.captures(&s[from..start])
        && let Some(t) = g.type_of_code(&normalize_code(&c[1], g))
    {
        type_ = Some((t.to_string(), TypeSource::Word));
        type_start = Some(start - c[0].len());
    }
    if type_start.is_none()
        && let Some((t, at)) = near_type(st, text, g, start)
    {
        type_ = Some((t, TypeSource::Word));
        type_start = Some(at);
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
    let mut issuer = None;
    let mut issuer_end = None;
    if let Some(of) = OF.find(&s[attrs_end..]) {
        let at = attrs_end + of.end();
        if let Some((e, t)) = issuer_phrase(st, text, at, g) {
            issuer = Some((printed_issuer(&t, g), false));
            issuer_end = Some(e);
            attrs_end = e;
        }
    }
    if issuer.is_none() {
        let before_end = type_start.unwrap_or(start);
        // the subject of "ban hành" is near: the clause, at most 300 bytes back (long text without punctuation
        // stays cheap)
        let mut window = before_end.saturating_sub(300);
        while !s.is_char_boundary(window) {
            window += 1;
        }
        let clause_start =
            s[window..before_end].rfind([',', ';', '.', ':', '(', ')']).map_or(window, |i| window + i + 1);
        let clause = &s[clause_start..before_end];
        if let Some(v) = ISSUED_BY.find(clause) {
            let verb = clause_start + v.start();
            let mut at = clause_start;
            while at < verb {
                if s.is_char_boundary(at)
                    && (at == 0 || s.as_bytes()[at - 1] == b' ')
                    && let Some((e, t)) = issuer_phrase(st, text, at, g)
                    && e == verb
                {
                    issuer = Some((printed_issuer(&t, g), true));
                    break;
                }
                at += 1;
            }
        } else if type_start.is_some()
            && let Some(t) = AT_BEFORE.find(clause)
            && let Some(of) = OF_WORD.find_iter(&clause[..t.start()]).last()
            && let Some((e, name)) = issuer_phrase(st, text, clause_start + of.end(), g)
            && e == clause_start + t.start()
        {
            // "theo đề nghị của Giám đốc Sở Tài chính tại Tờ trình số 52/TTr-STC": who wrote it, before "tại"
            issuer = Some((printed_issuer(&name, g), false));
        }
    }
    Mention { number, key, start, end, type_, type_start, date, issuer, issuer_end, attrs_end }
}

/// "về" after a steering committee, with its qualifier: "của tỉnh về", "Trung ương về".
static REMIT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^ (?:(?:cua )?(?:tinh|thanh pho|trung uong|nha nuoc|quoc gia) )?ve ").expect("remit regex")
});

/// The words of a remit at most: a committee's name is a clause, not a paragraph.
const REMIT_WORDS: usize = 40;

/// A steering committee is named by its remit: "Ban Chỉ đạo của tỉnh về phát triển khoa học, công nghệ, đổi mới
/// sáng tạo và chuyển đổi số". The words after "về" are the committee's name, not the cited document's subject,
/// where the text prints them after "về" again outside this citation (a subject is printed with its own document
/// only): the longest such run, three words or more, through commas, to the end of the clause, joins the issuer.
fn committee_remits(st: &Stream, text: &str, mentions: &mut [Mention]) {
    let committee = |m: &Mention| {
        m.issuer.as_ref().is_some_and(|(iss, _)| {
            let f = crate::syllable::fold(iss);
            f.ends_with("ban chi dao") || f.ends_with("ban chi dao trung uong")
        })
    };
    if !mentions.iter().any(committee) {
        return;
    }
    let lower = st.text.to_ascii_lowercase();
    // Every word of the text as printed and its letters and digits, lone marks ("›") skipped.
    let words: Vec<(usize, &str, &str)> = lower
        .split(' ')
        .scan(0, |at, w| {
            let start = *at;
            *at += w.len() + 1;
            Some((start, w, w.trim_matches(|c: char| !c.is_ascii_alphanumeric())))
        })
        .filter(|(_, _, core)| !core.is_empty())
        .collect();
    let ves: Vec<usize> = (0..words.len()).filter(|&k| words[k].2 == "ve").collect();
    for i in 0..mentions.len() {
        let Some(from) = mentions[i].issuer_end.filter(|_| committee(&mentions[i])) else {
            continue;
        };
        let Some(lead) = REMIT.find(&lower[from..]) else {
            continue;
        };
        let ve = from + lead.end() - 3;
        let first = words.partition_point(|&(at, ..)| at < ve);
        // The remit's words: through commas, up to a word with other punctuation (kept) or digits (not kept).
        let mut remit: Vec<(usize, &str)> = Vec::new();
        for &(at, w, core) in words[first..].iter().take(REMIT_WORDS) {
            if !w.starts_with(core) || w.bytes().any(|b| b.is_ascii_digit()) {
                break;
            }
            remit.push((at, core));
            if w.len() > core.len() && !w.ends_with(',') {
                break;
            }
        }
        // Does the text print "về" and the remit's first n words elsewhere, not within this citation's mentions?
        let elsewhere = |n: usize| {
            ves.iter().filter_map(|&k| words.get(k..k + n)).any(|win| {
                let at = win[0].0;
                let cited = || mentions.iter().rev().find(|m| m.end <= at);
                win.iter().map(|w| w.2).eq(remit[..n].iter().map(|r| r.1))
                    && at != ve
                    && cited().is_none_or(|m| m.key != mentions[i].key || at > m.attrs_end + 40)
            })
        };
        // The longest such run, three words after "về" or more: a run printed elsewhere has its shorter ones too.
        let (mut lo, mut hi) = (3, remit.len());
        while lo < hi {
            let mid = (lo + hi).div_ceil(2);
            if elsewhere(mid) { lo = mid } else { hi = mid - 1 }
        }
        if lo >= 4 {
            let (at, w) = remit[lo - 1];
            let extra: Vec<String> = st
                .original(text, from, at + w.len())
                .split_whitespace()
                .filter(|t| t.chars().any(char::is_alphanumeric))
                .map(|t| t.trim_end_matches(|c: char| !c.is_alphanumeric() && c != ',').to_string())
                .collect();
            // Words as the OCR printed them (not restored) are no name to give.
            let letters = || extra.iter().map(|t| t.trim_end_matches(','));
            let marked = letters().filter(|t| !t.is_ascii()).count();
            if !letters().all(crate::syllable::is_syllable) || marked * 3 < extra.len() {
                continue;
            }
            let (iss, _) = mentions[i].issuer.as_mut().expect("committee");
            *iss = format!("{iss} {}", extra.join(" ").trim_end_matches(','));
            mentions[i].attrs_end = at + w.len();
        }
    }
}

impl Mention {
    /// The mention with another spelling of its number and the type that spelling's code gives, as [`mention`]
    /// makes it: the type word before the number, when there is one, still wins over the code's.
    fn respell(&mut self, number: String, code_type: Option<String>) {
        self.key = number_key(&number);
        self.number = number;
        if self.type_.as_ref().is_none_or(|t| t.1 == TypeSource::Code) {
            self.type_ = code_type.map(|t| (t, TypeSource::Code));
        }
    }
}

/// An issuer as printed, in normal case when printed in capitals ("THỦ TƯỚNG CHÍNH PHỦ" in a title).
fn printed_issuer(printed: &str, g: &Gazetteer) -> String {
    let letters: Vec<char> = printed.chars().filter(|c| c.is_alphabetic()).collect();
    let upper = letters.iter().filter(|c| c.is_uppercase()).count();
    if letters.len() >= 4 && upper * 10 >= letters.len() * 9 { normal_case(printed, g) } else { printed.to_string() }
}

/// A type word damaged by OCR right before the number ("vin ban s 1552/…", "Céng vin sé 472/…"): two or three
/// words near a gazetteer type, "số" between allowed. Returns the type and where its words start.
fn near_type(st: &Stream, text: &str, g: &Gazetteer, start: usize) -> Option<(String, usize)> {
    let s = st.text.as_str();
    let mut words: Vec<(usize, &str)> = Vec::new();
    let before = s[..start].strip_suffix(' ')?;
    let mut end = before.len();
    for w in before.rsplit(' ').take(4) {
        let from = end - w.len();
        if w.is_empty() || (!w.bytes().all(|b| b.is_ascii_alphanumeric()) && !SO_WORD.is_match(w)) {
            break;
        }
        words.push((from, w));
        end = from.saturating_sub(1);
    }
    words.reverse();
    if words.last().is_some_and(|(_, w)| SO_WORD.is_match(&w.to_ascii_lowercase())) {
        words.pop();
    }
    for k in [3, 2] {
        if words.len() < k {
            continue;
        }
        let tail = &words[words.len() - k..];
        let lower: Vec<String> = tail.iter().map(|(_, w)| w.to_ascii_lowercase()).collect();
        let refs: Vec<&str> = lower.iter().map(String::as_str).collect();
        if let Some((e, n)) = g.fuzzy(&refs, &[super::gazetteer::Kind::Type])
            && n == k
        {
            let (a, b) = (tail[0].0, tail[k - 1].0 + tail[k - 1].1.len());
            if super::issuers::damaged(&st.original(text, a, b)) {
                return Some((g.entry(e).name.clone(), a));
            }
        }
    }
    None
}
