//! What the restorer does to clean text with human spelling mistakes: the Viwiki-spelling test set
//! (`shared/pairs/viwiki-spelling/spelling_test.jsonl`, 107 Vietnamese Wikipedia articles with 1,520 annotated
//! mistakes such as "địng" for "định", "sưng" for "xưng"). Each article is restored with the shipped models as
//! `vnocr restore` would; every applied change is then a correction (it covers a mistake and reads one of its
//! suggestions), another reading (it covers a mistake and reads something else), a change of tone placement
//! ("hoà" → "hòa", not judged, as `score.py` does not judge it) or of a look-alike letter (the Icelandic "Ð" some
//! articles print for "Đ"), or a false alarm (it changes text nobody marked as a mistake). Prints the counts;
//! `--show N` lists N false alarms and N missed mistakes.
//!
//! `cargo run --release --example spelling_eval -- [../shared/pairs/viwiki-spelling/spelling_test.jsonl] [--show N]`

use anyhow::Context;
use rayon::prelude::*;
use serde::Deserialize;
use vnocr::restore::{Change, Restorer};
use vnocr::syllable::{ToneStyle, retone};

#[derive(Deserialize)]
struct Article {
    text: String,
    #[serde(default)]
    mistakes: Vec<Mistake>,
}

#[derive(Deserialize)]
struct Mistake {
    text: String,
    /// A char offset, as a string.
    start_offset: String,
    suggest: Vec<String>,
}

/// One mistake as a byte span of its article, with its suggestions.
struct Marked {
    span: std::ops::Range<usize>,
    text: String,
    suggest: Vec<String>,
}

#[derive(Default)]
struct Tally {
    mistakes: usize,
    detected: usize,
    corrected: usize,
    wrong: usize,
    changes: usize,
    same_letters: usize,
    false_alarms: usize,
    words: usize,
    shown_alarms: Vec<String>,
    shown_missed: Vec<String>,
}

/// The words of `s` with their tones placed one way and the look-alike Ð (Icelandic eth, U+00D0) read as Đ, in
/// small letters or as written.
fn canon(s: &str, small: bool) -> Vec<String> {
    let s = s.replace('\u{D0}', "Đ").replace('\u{F0}', "đ");
    s.split_whitespace()
        .map(|w| retone(&if small { w.to_lowercase() } else { w.to_string() }, ToneStyle::Classic))
        .collect()
}

/// A reading against a suggestion: tone placement aside, as `score.py` compares, and case-blind (suggestions are
/// given in small letters).
fn same(a: &str, b: &str) -> bool {
    canon(a, true) == canon(b, true)
}

fn marked(article: &Article) -> anyhow::Result<Vec<Marked>> {
    let bytes: Vec<usize> = article.text.char_indices().map(|(b, _)| b).chain([article.text.len()]).collect();
    article
        .mistakes
        .iter()
        .map(|m| {
            let start: usize = m.start_offset.parse()?;
            let end = start + m.text.chars().count();
            let span = bytes.get(start).copied().zip(bytes.get(end).copied()).map(|(s, e)| s..e);
            match span {
                Some(span) if article.text[span.clone()] == m.text => {
                    Ok(Marked { span, text: m.text.clone(), suggest: m.suggest.clone() })
                }
                _ => anyhow::bail!("mistake {:?} at char {start} is not in its text", m.text),
            }
        })
        .collect()
}

fn judge(article: &Article, marks: &[Marked], changes: &[Change], show: usize, t: &mut Tally) {
    let applied: Vec<&Change> = changes.iter().filter(|c| c.applied).collect();
    t.mistakes += marks.len();
    t.words += article.text.split_whitespace().count();
    for m in marks {
        let over: Vec<&&Change> =
            applied.iter().filter(|c| c.input.start < m.span.end && m.span.start < c.input.end).collect();
        if over.is_empty() {
            if t.shown_missed.len() < show {
                t.shown_missed.push(format!("{} (→ {})", m.text, m.suggest.join(" / ")));
            }
            continue;
        }
        t.detected += 1;
        // The reading of the mistake's span: the changes over it, with the text between them as it was.
        let reading: String = over.iter().map(|c| c.replacement.as_str()).collect::<Vec<_>>().join(" ");
        if m.suggest.iter().any(|s| same(s, &reading) || over.iter().any(|c| same(s, &c.replacement))) {
            t.corrected += 1;
        } else {
            t.wrong += 1;
        }
    }
    for c in &applied {
        t.changes += 1;
        if marks.iter().any(|m| c.input.start < m.span.end && m.span.start < c.input.end) {
            continue;
        }
        if canon(&c.original, false) == canon(&c.replacement, false) {
            t.same_letters += 1;
            continue;
        }
        t.false_alarms += 1;
        if t.shown_alarms.len() < show {
            let (before, after) = (&article.text[..c.input.start], &article.text[c.input.end..]);
            let before: String = before.chars().rev().take(30).collect::<Vec<_>>().into_iter().rev().collect();
            let after: String = after.chars().take(30).collect();
            let context = format!("{before}{}{after}", c.original).replace('\n', " ");
            t.shown_alarms.push(format!("{} → {} ({:.2}) | {context}", c.original, c.replacement, c.confidence));
        }
    }
}

fn main() -> anyhow::Result<()> {
    let (mut path, mut show) = ("../shared/pairs/viwiki-spelling/spelling_test.jsonl".to_string(), 0usize);
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--show" => show = args.next().ok_or_else(|| anyhow::anyhow!("--show needs a number"))?.parse()?,
            _ => path = arg,
        }
    }
    let articles: Vec<Article> = std::fs::read_to_string(&path)
        .with_context(|| format!("reading {path}"))?
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
        .map(|(i, l)| serde_json::from_str(l).with_context(|| format!("{path}: line {}", i + 1)))
        .collect::<anyhow::Result<_>>()?;
    let marks: Vec<Vec<Marked>> = articles.iter().map(marked).collect::<anyhow::Result<_>>()?;
    let restorer = Restorer::from_default()?;
    let restored: Vec<Vec<Change>> = articles.par_iter().map(|a| restorer.restore(&a.text).changes).collect();
    let mut t = Tally::default();
    for ((article, marks), changes) in articles.iter().zip(&marks).zip(&restored) {
        judge(article, marks, changes, show, &mut t);
    }
    let pct = |n: usize, d: usize| 100.0 * n as f64 / d.max(1) as f64;
    println!("{path}: {} articles, {} words, {} marked mistakes", articles.len(), t.words, t.mistakes);
    println!(
        "mistakes changed {} ({:.1}%), corrected {} ({:.1}%), changed to another reading {}",
        t.detected,
        pct(t.detected, t.mistakes),
        t.corrected,
        pct(t.corrected, t.mistakes),
        t.wrong
    );
    println!(
        "changes applied {}: corrections {:.1}%, tone placement or look-alike letter only (Ð → Đ) {}, false alarms {} ({:.3}% of words)",
        t.changes,
        pct(t.corrected, t.changes),
        t.same_letters,
        t.false_alarms,
        pct(t.false_alarms, t.words)
    );
    for s in &t.shown_alarms {
        println!("  false alarm: {s}");
    }
    for s in &t.shown_missed {
        println!("  missed: {s}");
    }
    Ok(())
}
