//! Extraction under OCR noise, without gold: each document of a clean corpus file (one paragraph a line; a
//! document starts at a line holding the national motto and a "Số" label, as in `extract_admin_headers`) is
//! corrupted under a `vnocr bench` noise profile, restored with the shipped models, and extracted
//! (`extract_restored`, as `vnocr process` does). Each field is compared with what extraction finds in the clean
//! text, where it finds one, as `score.py meta` compares them (text fields case-blind); references by number
//! (precision and recall against the clean text's).
//!
//! Use the held-out tail of `admin`, which the language model never saw:
//!
//! ```text
//! xzcat ../shared/corpora/admin.txt.xz | tail -n 2516 > admin-holdout.txt
//! cargo run --release --example extract_noisy_headers -- admin-holdout.txt [--profile seeds|tesseract|strip|clean] [--page] [--show] [--dump DIR]
//! ```
//!
//! With `--page`, each document is first laid out as a scanned page prints it and an OCR reads it
//! (`common::page`: the header's columns merged line by line, the type's title over the subject, paragraphs
//! wrapped, the recipients beside the signature block), as the documents of `corpus/` are; the fields are still
//! compared with what extraction reads in the clean text as the corpus holds it.

use std::collections::BTreeSet;

use vnocr::extract::{Metadata, extract, extract_restored};
use vnocr::noise::corrupt_lines;
use vnocr::restore::Restorer;

mod common;

const FIELDS: [&str; 8] = ["number", "type", "issuer", "parent", "place", "date", "subject", "signer"];

fn fields(m: &Metadata) -> [Option<String>; 8] {
    let d = &m.document;
    [
        d.number.clone(),
        d.r#type.clone(),
        d.issuer.clone(),
        d.parent_issuer.clone(),
        d.place.clone(),
        d.date.clone(),
        d.subject.clone(),
        m.signature.signer.clone(),
    ]
}

/// Field `i` as `score.py meta` compares it: a number without spaces in capitals, a date as it is, any other
/// text in small letters with its spaces collapsed and one tone placement.
fn canon(i: usize, v: &Option<String>) -> Option<String> {
    let v = v.as_deref()?;
    Some(match FIELDS[i] {
        "number" => v.replace(' ', "").to_uppercase(),
        "date" => v.to_string(),
        _ => v.split_whitespace().map(|w| vnocr::lm::word_form(w).into_owned()).collect::<Vec<_>>().join(" "),
    })
}

fn refs(m: &Metadata) -> BTreeSet<String> {
    m.references.iter().map(|r| r.number.clone()).collect()
}

fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let usage =
        "usage: extract_noisy_headers FILE [--profile seeds|tesseract|strip|clean] [--page] [--show] [--dump DIR]";
    let path = args.first().ok_or_else(|| anyhow::anyhow!(usage))?;
    let profile_name = args.iter().position(|a| a == "--profile").and_then(|i| args.get(i + 1)).map_or("seeds", |s| s);
    let show = args.iter().any(|a| a == "--show");
    let as_page = args.iter().any(|a| a == "--page");
    let dump = args.iter().position(|a| a == "--dump").and_then(|i| args.get(i + 1));
    let profile = common::noise_profile(profile_name).map_err(|e| anyhow::anyhow!("{e}; {usage}"))?;
    let text = std::fs::read_to_string(path).map_err(|e| anyhow::anyhow!("{path}: {e}"))?;
    let lines: Vec<&str> = text.lines().collect();
    let docs = common::documents(&lines);
    let restorer = Restorer::from_default()?;
    // Per field: documents where the clean text has it, and where raw OCR / restored text give the same.
    let mut has = [0usize; FIELDS.len()];
    let (mut raw_ok, mut rest_ok) = ([0usize; FIELDS.len()], [0usize; FIELDS.len()]);
    // References: clean count, and for raw / restored: found, right.
    let mut n_refs = 0;
    let (mut raw_refs, mut rest_refs) = ((0, 0), (0, 0));
    for (k, d) in docs.iter().enumerate() {
        let clean = &lines[d.clone()];
        let (printed, laid_subject) =
            if as_page { common::page(clean) } else { (clean.iter().map(|l| l.to_string()).collect(), None) };
        let noisy = corrupt_lines(&printed, &profile, 1 + k as u64).join("\n");
        let restored = restorer.restore(&noisy).text;
        let mut want = extract(&clean.join("\n"));
        // A page prints the subject it laid out under the title.
        if laid_subject.is_some() {
            want.document.subject = laid_subject;
        }
        let raw = extract(&noisy);
        let got = extract_restored(&restored, &noisy);
        if let Some(dir) = dump {
            std::fs::create_dir_all(dir)?;
            for (kind, t) in [("gold", clean.join("\n")), ("ocr", noisy.clone()), ("restored", restored.clone())] {
                std::fs::write(format!("{dir}/{k:02}.{kind}.txt"), t + "\n")?;
            }
        }
        for (i, w) in fields(&want).iter().enumerate() {
            let Some(w) = canon(i, w) else { continue };
            has[i] += 1;
            let (r, g) = (canon(i, &fields(&raw)[i]), canon(i, &fields(&got)[i]));
            raw_ok[i] += usize::from(r.as_ref() == Some(&w));
            rest_ok[i] += usize::from(g.as_ref() == Some(&w));
            if show && g.as_ref() != Some(&w) {
                println!("doc {k} {}: clean {w:?}, restored {g:?}", FIELDS[i]);
                let head = |t: &str| t.chars().take(260).collect::<String>();
                println!("    noisy:    {}\n    restored: {}", head(&noisy), head(&restored));
            }
        }
        let want_refs = refs(&want);
        n_refs += want_refs.len();
        if show {
            let got_refs = refs(&got);
            let missed: Vec<_> = want_refs.difference(&got_refs).collect();
            let extra: Vec<_> = got_refs.difference(&want_refs).collect();
            if !missed.is_empty() || !extra.is_empty() {
                let plain = refs(&extract(&restored));
                let plain_extra: Vec<_> = plain.difference(&want_refs).collect();
                println!(
                    "doc {k} references: missed {missed:?}, extra {extra:?}; restored text alone: extra {plain_extra:?}"
                );
                // Where each extra number stands, in the restored text and on the same line of the noisy one.
                for e in &extra {
                    let digits = e.split(['/', '-']).next().unwrap_or(e);
                    let window = |t: &str| {
                        let at = t.find(digits)?;
                        let from = t[..at].char_indices().rev().nth(39).map_or(0, |(i, _)| i);
                        Some(t[from..].chars().take(100).collect::<String>())
                    };
                    for (r, n) in restored.lines().zip(noisy.lines()) {
                        if let (Some(rw), Some(nw)) = (window(r), window(n)) {
                            println!("    {e}: noisy {nw:?}\n    {e}: restored {rw:?}");
                            break;
                        }
                    }
                }
            }
        }
        for (set, acc) in [(refs(&raw), &mut raw_refs), (refs(&got), &mut rest_refs)] {
            acc.0 += set.len();
            acc.1 += set.intersection(&want_refs).count();
        }
    }
    println!("{} documents, profile {profile_name}; fields as extraction reads them in the clean text", docs.len());
    println!("{:<10} {:>6} {:>10} {:>10}", "field", "clean", "raw OCR", "restored");
    for i in 0..FIELDS.len() {
        println!("{:<10} {:>6} {:>10} {:>10}", FIELDS[i], has[i], raw_ok[i], rest_ok[i]);
    }
    let pr = |(found, right): (usize, usize)| {
        let p = if found == 0 { 0.0 } else { right as f64 / found as f64 };
        let r = if n_refs == 0 { 0.0 } else { right as f64 / n_refs as f64 };
        format!("P {p:.3} R {r:.3}")
    };
    println!("references: {n_refs} in the clean text; raw OCR {}, restored {}", pr(raw_refs), pr(rest_refs));
    Ok(())
}
