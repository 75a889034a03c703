//! Extraction on the three corpus documents (gold text): JSON snapshots, and the targets measured the way
//! `shared/eval/score.py meta` measures them.

use std::collections::HashMap;
use std::path::Path;

use serde_json::Value;
use unicode_normalization::UnicodeNormalization;

const STEMS: [&str; 3] = ["001_d6b316fd38878d12", "003_07071c8f3bf3abc8", "004_221ff7e4d995610f"];

fn corpus(stem: &str, ext: &str) -> String {
    let p = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus").join(format!("{stem}.{ext}"));
    std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

fn run(stem: &str, ext: &str) -> Value {
    let mut m = vnocr::extract::extract(&corpus(stem, ext));
    m.source = Some(format!("{stem}.txt"));
    serde_json::to_value(&m).expect("serializes")
}

/// score.py's norm_number.
fn norm_number(s: &str) -> String {
    s.nfc().filter(|c| *c != ' ').collect::<String>().to_uppercase()
}

/// score.py's norm_text, without its tone-placement canonicalization (the extractor prints the text's own
/// spelling, as the gold does).
fn norm_text(v: &Value) -> Option<String> {
    v.as_str().map(|s| s.nfc().collect::<String>().to_lowercase().split_whitespace().collect::<Vec<_>>().join(" "))
}

struct Score {
    doc_wrong: Vec<String>,
    gold: usize,
    found: usize,
    right: usize,
    date: usize,
    typ: usize,
    issuer: usize,
}

fn score(hyp: &Value, gold: &Value) -> Score {
    let mut doc_wrong = Vec::new();
    for k in ["number", "type", "issuer", "parent_issuer", "place", "date", "subject"] {
        let (h, g) = (&hyp["document"][k], &gold["document"][k]);
        let same = match k {
            "number" => h.as_str().map(norm_number) == g.as_str().map(norm_number),
            "date" => h == g,
            _ => norm_text(h) == norm_text(g),
        };
        if !same {
            doc_wrong.push(k.to_string());
        }
    }
    let index = |v: &Value| -> HashMap<String, Value> {
        v["references"]
            .as_array()
            .expect("references")
            .iter()
            .map(|r| (norm_number(r["number"].as_str().expect("number")), r.clone()))
            .collect()
    };
    let (hr, gr) = (index(hyp), index(gold));
    let tp: Vec<&String> = gr.keys().filter(|k| hr.contains_key(*k)).collect();
    let count = |k: &str| {
        tp.iter()
            .filter(|n| {
                let (g, h) = (&gr[**n][k], &hr[**n][k]);
                if k == "date" { g == h } else { norm_text(g) == norm_text(h) }
            })
            .count()
    };
    Score {
        doc_wrong,
        gold: gr.len(),
        found: hr.len(),
        right: tp.len(),
        date: count("date"),
        typ: count("type"),
        issuer: count("issuer"),
    }
}

#[test]
fn targets_hold_on_gold_text() {
    for stem in STEMS {
        let hyp = run(stem, "gold.txt");
        let gold: Value = serde_json::from_str(&corpus(stem, "meta.json")).expect("gold json");
        let s = score(&hyp, &gold);
        // every document field whose gold is not null is right
        let nonnull_wrong: Vec<&String> =
            s.doc_wrong.iter().filter(|k| !gold["document"][k.as_str()].is_null()).collect();
        assert!(nonnull_wrong.is_empty(), "{stem}: wrong document fields {nonnull_wrong:?}");
        let p = s.right as f64 / s.found.max(1) as f64;
        let r = s.right as f64 / s.gold.max(1) as f64;
        let f1 = 2.0 * p * r / (p + r);
        assert!(f1 >= 0.97, "{stem}: reference F1 {f1:.4} (gold {}, found {}, right {})", s.gold, s.found, s.right);
        let share = |n: usize| n as f64 / s.right.max(1) as f64;
        assert!(share(s.date) >= 0.97, "{stem}: dates right {}/{}", s.date, s.right);
        assert!(share(s.typ) >= 0.97, "{stem}: types right {}/{}", s.typ, s.right);
        assert!(share(s.issuer) >= 0.90, "{stem}: issuers right {}/{}", s.issuer, s.right);
    }
}

#[test]
fn snapshots_of_gold_text() {
    for stem in STEMS {
        let mut hyp = run(stem, "gold.txt");
        // spans are exact byte offsets: kept for the document and signature, left out of the (long) reference
        // lists to keep the snapshots readable
        for r in hyp["references"].as_array_mut().expect("refs") {
            r.as_object_mut().expect("ref").remove("span");
        }
        insta::assert_json_snapshot!(format!("{stem}.gold"), hyp);
    }
}

#[test]
fn schema_is_the_gold_schema_plus_additions() {
    let hyp = run(STEMS[0], "gold.txt");
    let gold: Value = serde_json::from_str(&corpus(STEMS[0], "meta.json")).expect("gold json");
    for section in ["document", "signature"] {
        for k in gold[section].as_object().expect("object").keys() {
            assert!(hyp[section].get(k).is_some(), "missing {section}.{k}");
        }
    }
    for k in gold["references"][0].as_object().expect("object").keys() {
        assert!(hyp["references"][0].get(k).is_some(), "missing references[].{k}");
    }
    assert_eq!(hyp["schema"], 1);
    assert_eq!(hyp["source"], "001_d6b316fd38878d12.txt");
}

#[test]
fn raw_ocr_keeps_what_survives() {
    // The raw OCR of the Chỉ thị: header number, date, type and all four citations survive the noise.
    let hyp = run(STEMS[1], "ocr.txt");
    assert_eq!(hyp["document"]["number"], "19-CT/TU");
    assert_eq!(hyp["document"]["date"], "2022-05-18");
    assert_eq!(hyp["document"]["type"], "Chỉ thị");
    let gold: Value = serde_json::from_str(&corpus(STEMS[1], "meta.json")).expect("gold json");
    let s = score(&hyp, &gold);
    assert_eq!((s.gold, s.found, s.right, s.date, s.typ), (4, 4, 4, 4, 4));
}
