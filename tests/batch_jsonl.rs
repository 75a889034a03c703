//! `vnocr batch --jsonl` as a real process: 10,000 records in, 10,000 answers out, in order.

use std::collections::HashMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use assert_cmd::Command;
use serde_json::{Value, json};
use vnocr::batch::Doc;
use vnocr::pipeline::Pipeline;
use vnocr::restore::Restorer;

const CORPUS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/corpus");

/// A small real language model, trained once per test run by `vnocr train` on the corpus gold texts (the
/// shipped model may not be built yet; these tests are about the plumbing, not about restoration quality).
fn model() -> &'static Path {
    static MODEL: OnceLock<PathBuf> = OnceLock::new();
    MODEL.get_or_init(|| {
        let path = Path::new(env!("CARGO_TARGET_TMPDIR")).join("batch_jsonl-lm.bin");
        let mut golds: Vec<PathBuf> = fs::read_dir(CORPUS)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.to_string_lossy().ends_with(".gold.txt"))
            .collect();
        golds.sort();
        Command::cargo_bin("vnocr")
            .unwrap()
            .args(["train", "--order", "3", "--min-count", "1", "-o"])
            .arg(&path)
            .args(golds)
            .assert()
            .success();
        path
    })
}

fn jsonl() -> Command {
    let mut cmd = Command::cargo_bin("vnocr").unwrap();
    cmd.args(["batch", "--jsonl", "--model"]).arg(model());
    cmd
}

/// Short real texts: the first words of each line of the corpus OCR and gold texts, two lines in one text now
/// and then (the restorer is slow in a debug build; the test is about order and count).
fn texts() -> Vec<String> {
    let mut names: Vec<_> = fs::read_dir(CORPUS).unwrap().map(|e| e.unwrap().path()).collect();
    names.sort();
    let mut out = Vec::new();
    for p in names.iter().filter(|p| p.extension().is_some_and(|e| e == "txt")) {
        let text = fs::read_to_string(p).unwrap();
        for line in text.lines().filter(|l| !l.trim().is_empty()) {
            out.push(line.split(' ').take(4).collect::<Vec<_>>().join(" "));
        }
    }
    for i in (0..out.len()).step_by(7) {
        out[i] = format!("{}\n{}", out[i], out[(i + 1) % out.len()]);
    }
    assert!(out.len() > 1000, "{}", out.len());
    out
}

/// What an input line must give: Ok(id, text) or Err(id, a fragment of the error).
type Want = Result<(Value, String), (Value, &'static str)>;

#[test]
fn ten_thousand_records_in_order() {
    let texts = texts();
    let pipeline = Pipeline::new(Restorer::builder().model_path(model()).unwrap().build().unwrap());
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
            16 => {
                input.push_str(&format!("{}\n", json!({ "id": id, "text": "" })));
                want.push(Err((id, "empty: no text")));
            }
            _ => {
                let text = &texts[i % texts.len()];
                // Some records carry extra fields; they are ignored.
                input.push_str(&format!("{}\n", json!({ "id": id, "text": text, "source": "test" })));
                want.push(Ok((id, text.clone())));
            }
        }
    }
    assert_eq!(want.len(), 10_000);

    // More threads than cores: answers finish out of order and go through the reorder buffer.
    let a = jsonl().args(["--quiet", "--threads", "4"]).write_stdin(input).assert().code(1);
    let out = a.get_output();
    assert!(out.stderr.is_empty(), "{}", String::from_utf8_lossy(&out.stderr));
    let lines: Vec<&[u8]> = out.stdout.split(|&b| b == b'\n').filter(|l| !l.is_empty()).collect();
    assert_eq!(lines.len(), 10_000);
    assert_eq!(out.stdout.last(), Some(&b'\n'));
    let mut errors = 0;
    let mut expected: HashMap<String, (String, Value)> = HashMap::new();
    for (k, (line, want)) in lines.iter().zip(&want).enumerate() {
        let got: Value = serde_json::from_slice(line).unwrap();
        match want {
            Ok((id, text)) => {
                assert_eq!(&got["id"], id, "record {k}");
                let expected = expected.entry(text.clone()).or_insert_with(|| {
                    let out = pipeline.process(&Doc { name: String::new(), text: text.clone() }).unwrap();
                    let changes = serde_json::from_str::<Value>(&serde_json::to_string(&out.json.changes).unwrap());
                    (out.text, changes.unwrap())
                });
                assert_eq!(got["text"].as_str().unwrap(), expected.0, "record {k}");
                assert_eq!(got["changes"], expected.1, "record {k}");
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
    assert_eq!(errors, 4 * 11);
}

#[test]
fn all_good_records_exit_0_and_summary_on_stderr() {
    // A text of blank lines is a document (its lines are kept); an empty one is not (`ten_thousand_records_in_order`).
    let input = "{\"id\":\"a\",\"text\":\"Thi twéng Chinh phi\"}\n{\"id\":\"b\",\"text\":\"\\n\"}\n";
    let a = jsonl().write_stdin(input).assert().code(0);
    let out = a.get_output();
    let records: Vec<Value> =
        String::from_utf8_lossy(&out.stdout).lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    let pipeline = Pipeline::new(Restorer::builder().model_path(model()).unwrap().build().unwrap());
    let expected = pipeline.process(&Doc { name: "a".into(), text: "Thi twéng Chinh phi".into() }).unwrap();
    assert_eq!(records.len(), 2);
    assert_eq!(records[0]["text"].as_str().unwrap(), expected.text);
    assert_eq!(records[0]["metadata"]["source"], "a");
    assert_eq!((&records[1]["id"], &records[1]["text"]), (&json!("b"), &json!("\n")));
    let stderr = String::from_utf8_lossy(&out.stderr);
    let summary = format!("2 documents, 4 syllables, {} changes", expected.stats.changes);
    assert!(stderr.contains(&summary), "{stderr}");
}
