//! Where extraction ends a document's subject, measured on the clean documents of a corpus file (one paragraph a
//! line, like `shared/corpora/admin.txt.xz`), whose layout the export flattened: the header on one line, then the
//! subject on the next one, in capitals, without the title line ("QUYẾT ĐỊNH") a printed page has.
//!
//! Each document whose number names its type ("…/QĐ-…") and whose next line is in capitals is laid out as a page
//! prints it: header line, the type's name in capitals, the subject (as it is; wrapped into lines of at most 60
//! characters; wrapped and in sentence case), then the document's next 37 lines. The subject extraction finds
//! must be that line (compared as `score.py meta` compares text: small letters, white space folded, one tone
//! placement).
//!
//! With `--profile seeds|tesseract|strip`, each page is first corrupted under that `vnocr bench` noise profile
//! (noise seed: the document's index), restored with the shipped models and extracted as `vnocr process` does
//! (`extract_restored`); the subject must then be the clean one. Most of these documents are in the language
//! model's training text, so the restoration is optimistic; the held-out ones are `extract_noisy_headers`'s.
//!
//! ```text
//! cargo run --release --example extract_admin_subjects -- ../shared/corpora/admin.txt.xz [--show N] [--profile P]
//! ```

use vnocr::noise::corrupt_lines;
use vnocr::restore::Restorer;

mod common;

/// Text as `score.py meta` compares it: small letters, spaces collapsed, one tone placement.
fn norm(s: &str) -> String {
    s.split_whitespace().map(|w| vnocr::lm::word_form(w).into_owned()).collect::<Vec<_>>().join(" ")
}

fn sentence_case(s: &str) -> String {
    let mut cs = s.chars();
    cs.next().map(|c| c.to_uppercase().chain(cs.flat_map(char::to_lowercase)).collect()).unwrap_or_default()
}

fn main() -> anyhow::Result<()> {
    let usage = "extract_admin_subjects FILE[.xz] [--show N] [--profile seeds|tesseract|strip]";
    let (text, show) = common::file_and_show(usage)?;
    let args: Vec<String> = std::env::args().collect();
    let profile = match args.iter().position(|a| a == "--profile").map(|i| args.get(i + 1)) {
        None => None,
        Some(Some(name)) => Some(common::noise_profile(name).map_err(|e| anyhow::anyhow!("{e}; usage: {usage}"))?),
        Some(None) => anyhow::bail!("usage: {usage}"),
    };
    let restorer = profile.as_ref().map(|_| Restorer::from_default()).transpose()?;
    let lines: Vec<&str> = text.lines().collect();
    let layouts = ["as one line", "wrapped at 60", "wrapped, sentence case"];
    let (mut docs, mut right, mut shown) = (0, [0; 3], 0);
    for d in common::documents(&lines) {
        let (s, end) = (d.start, d.end);
        let Some(subject) = lines.get(s + 1).filter(|_| s + 1 < end).map(|l| l.trim()) else { continue };
        let Some(title) = common::header_type(lines[s]) else { continue };
        if !common::in_capitals(subject) || subject.chars().count() > 300 {
            continue;
        }
        docs += 1;
        let body = &lines[s + 2..end.min(s + 40)];
        for (i, layout) in layouts.iter().enumerate() {
            let subject = if i == 2 { sentence_case(subject) } else { subject.to_string() };
            let printed = if i == 0 { vec![subject.clone()] } else { common::wrap(&subject, 60) };
            let subject_lines = 2..2 + printed.len();
            let page = [
                vec![lines[s].to_string(), title.to_uppercase()],
                printed,
                body.iter().map(|l| l.to_string()).collect(),
            ]
            .concat();
            let (found, ocr) = match (&profile, &restorer) {
                (Some(p), Some(r)) => {
                    let noisy = corrupt_lines(&page, p, docs as u64);
                    let ocr = noisy[subject_lines].join(" / ");
                    let noisy = noisy.join("\n");
                    (vnocr::extract::extract_restored(&r.restore(&noisy).text, &noisy).document.subject, Some(ocr))
                }
                _ => (vnocr::extract::extract(&page.join("\n")).document.subject, None),
            };
            if found.as_deref().map(norm) == Some(norm(&subject)) {
                right[i] += 1;
            } else if shown < show {
                shown += 1;
                println!("line {} ({layout}):\n  subject {subject}\n  found   {found:?}", s + 1);
                if let Some(ocr) = ocr {
                    println!("  ocr     {ocr}");
                }
                println!();
            }
        }
    }
    for (layout, r) in layouts.iter().zip(right) {
        println!("subject right {r} / {docs} ({layout})");
    }
    Ok(())
}
