//! `vnocr restore` through the real binary: `--format json` (one object per input: the restored text and every
//! change with its spans in the input and the output) and `--threads`, which does not change the output.

use std::fs;

use assert_cmd::cargo::cargo_bin_cmd;
use serde_json::Value;

const DOC: &str = "corpus/001_d6b316fd38878d12.ocr.txt";

fn restore(args: &[&str]) -> String {
    let out = cargo_bin_cmd!("vnocr").arg("restore").args(args).assert().success().get_output().stdout.clone();
    String::from_utf8(out).expect("UTF-8 output")
}

#[test]
fn json_gives_every_change_with_its_spans() {
    let tmp = tempfile::tempdir().unwrap();
    let small = tmp.path().join("small.txt");
    fs::write(&small, "Thi twéng Chinh phi\nban hanh Chién lroc s6 2289/QP-TTg\n").unwrap();
    let small = small.to_str().unwrap();
    let json = restore(&["--format", "json", DOC, small]);
    let objects: Vec<Value> = json.lines().map(|l| serde_json::from_str(l).expect("one JSON object a line")).collect();
    assert_eq!(objects.len(), 2);
    for (o, path) in objects.iter().zip([DOC, small]) {
        let keys: Vec<&str> = o.as_object().unwrap().keys().map(String::as_str).collect();
        assert_eq!(keys, ["changes", "source", "stats", "text"]);
        assert_eq!(o["source"], path);
        let (input, text) = (fs::read_to_string(path).unwrap(), o["text"].as_str().unwrap());
        assert_eq!(text, restore(&[path]), "the JSON text is the text output");
        let changes = o["changes"].as_array().unwrap();
        let mut applied = 0;
        let mut last = 0;
        for c in changes {
            let span =
                |side: &str| c[side]["start"].as_u64().unwrap() as usize..c[side]["end"].as_u64().unwrap() as usize;
            let (i, out) = (span("input"), span("output"));
            assert!(i.start >= last, "changes in input order: {c}");
            last = i.end;
            assert_eq!(&input[i.clone()], c["original"], "{c}");
            assert_eq!(&text[out], c["replacement"], "{c}");
            let line = c["line"].as_u64().unwrap() as usize;
            assert_eq!(input[..i.start].matches('\n').count() + 1, line, "{c}");
            let confidence = c["confidence"].as_f64().unwrap();
            assert!((0.0..=1.0).contains(&confidence), "{c}");
            applied += usize::from(c["applied"].as_bool().unwrap());
        }
        assert_eq!(o["stats"]["changed"].as_u64().unwrap() as usize, applied);
        assert!(o["stats"]["words"].as_u64().unwrap() as usize > changes.len() / 2);
    }
    assert_eq!(objects[1]["text"], "Thủ tướng Chính phủ\nban hành Chiến lược số 2289/QĐ-TTg\n");
    assert!(objects[0]["changes"].as_array().unwrap().len() > 8000);
}

/// The three corpus documents as one input (over 64 KiB, two chunks): on two threads it is restored as paragraph
/// chunks in parallel, in both passes.
#[test]
fn thread_count_does_not_change_the_output() {
    let tmp = tempfile::tempdir().unwrap();
    let mut text = String::new();
    for entry in fs::read_dir("corpus").unwrap() {
        let path = entry.unwrap().path();
        if path.to_str().unwrap().ends_with(".ocr.txt") {
            text += &fs::read_to_string(&path).unwrap();
        }
    }
    assert!(text.len() > 64 << 10, "{}", text.len());
    let path = tmp.path().join("all.txt");
    fs::write(&path, text).unwrap();
    let path = path.to_str().unwrap();
    let one = restore(&["--format", "json", "--threads", "1", path]);
    assert_eq!(restore(&["--format", "json", "--threads", "2", path]), one);
    let text = restore(&["--threads", "1", path]);
    assert_eq!(restore(&["--threads", "2", path]), text);
}

/// A word or a document code thousands of chars long (a scan's garbage, a run-together table row) is kept as
/// printed, and the rest of the document is restored and extracted: the candidate search and the code repair
/// once grew with the square and the cube of a token's length (a 7,000-char word took 18 GB), and so did the keys
/// of the document's words one or two edits away that the second pass offers a token (a 200,000-char word took
/// minutes).
#[test]
fn huge_tokens_are_kept_as_printed() {
    let tmp = tempfile::tempdir().unwrap();
    let word = format!("{} {}", "nghieng".repeat(1000), "x".repeat(200_000));
    let code = format!("Số: 12/{}", "QDUBNDTTG".repeat(500));
    let doc = tmp.path().join("huge.txt");
    let lines = "Thi twéng Chinh phi\n".repeat(3);
    fs::write(&doc, format!("{code}\n{lines}{word}\n")).unwrap();
    let out = tmp.path().join("out");
    cargo_bin_cmd!("vnocr").arg("process").arg(&doc).arg("--out").arg(&out).assert().success();
    let text = fs::read_to_string(out.join("huge.txt")).unwrap();
    assert_eq!(text, format!("{code}\n{}{word}\n", "Thủ tướng Chính phủ\n".repeat(3)));
    let json: Value = serde_json::from_str(&fs::read_to_string(out.join("huge.json")).unwrap()).unwrap();
    assert!(json["document"].is_object(), "{json}");
}
