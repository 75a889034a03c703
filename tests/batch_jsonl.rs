//! `vnocr batch --jsonl` as a real process: 10,000 records in, 10,000 answers out, in order.

use std::fs;

use assert_cmd::Command;
use serde_json::{Value, json};
use vnocr::batch::Doc;
use vnocr::pipeline::Pipeline;

const CORPUS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/corpus");

/// Paragraphs (runs of non-blank lines) of the corpus OCR and gold texts.
fn paragraphs() -> Vec<String> {
    let mut names: Vec<_> = fs::read_dir(CORPUS).unwrap().map(|e| e.unwrap().path()).collect();
    names.sort();
    let mut out = Vec::new();
    for p in names.iter().filter(|p| p.extension().is_some_and(|e| e == "txt")) {
        let text = fs::read_to_string(p).unwrap();
        out.extend(text.split("\n\n").map(str::to_string).filter(|s| !s.trim().is_empty()));
    }
    assert!(out.len() > 100, "{}", out.len());
    out
}

/// What an input line must give: Ok(id, text) or Err(id, a fragment of the error).
type Want = Result<(Value, String), (Value, &'static str)>;

#[test]
fn ten_thousand_records_in_order() {
    let paras = paragraphs();
    let pipeline = Pipeline::from_default().unwrap();
    let mut input = String::new();
    let mut want: Vec<Want> = Vec::new();
    for i in 0..10_000usize {
        if i % 1000 == 999 {
            input.push('\n'); // blank lines are skipped
        }
        let id = if i % 3 == 0 { json!(format!("doc-{i}")) } else { json!(i) };
        match i % 997 {
            13 => {
                input.push_str(&format!("{{\"id\": {id}, \"text\": \n"));
                want.push(Err((Value::Null, "invalid JSON")));
            }
            14 => {
                input.push_str(&format!("{}\n", json!({ "id": id, "body": "no text" })));
                want.push(Err((id, "missing \"text\"")));
            }
            15 => {
                input.push_str(&format!("{}\n", json!({ "id": id, "text": 42 })));
                want.push(Err((id, "\"text\" is not a string")));
            }
            _ => {
                let text = &paras[i % paras.len()];
                // Some records carry extra fields; they are ignored.
                input.push_str(&format!("{}\n", json!({ "id": id, "text": text, "source": "test" })));
                want.push(Ok((id, text.clone())));
            }
        }
    }
    assert_eq!(want.len(), 10_000);

    let run = |threads: &str| {
        let a = Command::cargo_bin("vnocr")
            .unwrap()
            .args(["batch", "--jsonl", "--quiet", "--threads", threads])
            .write_stdin(input.clone())
            .assert()
            .code(1);
        a.get_output().clone()
    };
    let out = run("2");
    assert!(out.stderr.is_empty(), "{}", String::from_utf8_lossy(&out.stderr));
    let lines: Vec<&[u8]> = out.stdout.split(|&b| b == b'\n').filter(|l| !l.is_empty()).collect();
    assert_eq!(lines.len(), 10_000);
    assert_eq!(out.stdout.last(), Some(&b'\n'));
    let mut errors = 0;
    for (k, (line, want)) in lines.iter().zip(&want).enumerate() {
        let got: Value = serde_json::from_slice(line).unwrap();
        match want {
            Ok((id, text)) => {
                assert_eq!(&got["id"], id, "record {k}");
                let expected = pipeline.process(&Doc { name: String::new(), text: text.clone() }).unwrap();
                assert_eq!(got["text"].as_str().unwrap(), expected.text, "record {k}");
                assert_eq!(got["changes"], serde_json::to_value(&expected.json.changes).unwrap(), "record {k}");
                assert!(got.get("metadata").is_some() && got.get("error").is_none(), "record {k}");
                assert!(got.get("source").is_none());
            }
            Err((id, fragment)) => {
                errors += 1;
                assert_eq!(&got["id"], id, "record {k}");
                let error = got["error"].as_str().unwrap();
                assert!(error.starts_with("line ") && error.contains(fragment), "record {k}: {error}");
                assert!(got.get("text").is_none());
            }
        }
    }
    assert_eq!(errors, 3 * 11);
    // The same bytes with one thread.
    assert_eq!(run("1").stdout, out.stdout);
}

#[test]
fn all_good_records_exit_0_and_summary_on_stderr() {
    let input = "{\"id\":\"a\",\"text\":\"thuỷ lợi\"}\n{\"id\":\"b\",\"text\":\"\"}\n";
    let a = Command::cargo_bin("vnocr").unwrap().args(["batch", "--jsonl"]).write_stdin(input).assert().code(0);
    let out = a.get_output();
    assert_eq!(
        String::from_utf8_lossy(&out.stdout)
            .lines()
            .map(|l| serde_json::from_str::<Value>(l).unwrap()["text"].clone())
            .collect::<Vec<_>>(),
        ["thủy lợi", ""]
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("2 documents, 2 syllables, 1 changes"), "{stderr}");
}
