//! `vnocr extract` as a real process on real files.

use assert_cmd::Command;
use predicates::prelude::*;
use serde_json::Value;

fn corpus(name: &str) -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus").join(name)
}

#[test]
fn one_file_prints_one_pretty_object() {
    let out = Command::cargo_bin("vnocr")
        .expect("binary")
        .args(["extract"])
        .arg(corpus("003_07071c8f3bf3abc8.gold.txt"))
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let text = String::from_utf8(out).expect("utf-8");
    assert!(text.starts_with("{\n"), "pretty-printed");
    let v: Value = serde_json::from_str(&text).expect("one JSON object");
    assert_eq!(v["schema"], 1);
    assert_eq!(v["source"], "003_07071c8f3bf3abc8.gold.txt");
    assert_eq!(v["document"]["number"], "19-CT/TU");
    assert_eq!(v["references"].as_array().map(Vec::len), Some(4));
}

#[test]
fn several_inputs_print_json_lines_in_order() {
    let dir = tempfile::tempdir().expect("tempdir");
    for stem in ["003_07071c8f3bf3abc8", "004_221ff7e4d995610f"] {
        std::fs::copy(corpus(&format!("{stem}.gold.txt")), dir.path().join(format!("{stem}.txt"))).expect("copy");
    }
    let out = Command::cargo_bin("vnocr").expect("binary").arg("extract").arg(dir.path()).assert().success();
    let text = String::from_utf8(out.get_output().stdout.clone()).expect("utf-8");
    let docs: Vec<Value> = text.lines().map(|l| serde_json::from_str(l).expect("a JSON line")).collect();
    assert_eq!(docs.len(), 2);
    assert_eq!(docs[0]["source"], "003_07071c8f3bf3abc8.txt");
    assert_eq!(docs[1]["document"]["type"], "Kế hoạch");
}

#[test]
fn stdin_and_out_dir() {
    let dir = tempfile::tempdir().expect("tempdir");
    let text = std::fs::read_to_string(corpus("004_221ff7e4d995610f.gold.txt")).expect("read");
    Command::cargo_bin("vnocr")
        .expect("binary")
        .args(["extract", "-", "--out"])
        .arg(dir.path())
        .write_stdin(text)
        .assert()
        .success()
        .stdout(predicate::str::is_empty());
    let v: Value =
        serde_json::from_str(&std::fs::read_to_string(dir.path().join("stdin.json")).expect("written")).expect("json");
    assert_eq!(v["signature"]["signer"], "Trần Ngọc Căng");
}

#[test]
fn bad_inputs_are_named_and_the_rest_still_done() {
    let dir = tempfile::tempdir().expect("tempdir");
    let bad = dir.path().join("latin1.txt");
    std::fs::write(&bad, b"S\xf3: 12/QD-UBND").expect("write");
    let missing = dir.path().join("missing.txt");
    Command::cargo_bin("vnocr")
        .expect("binary")
        .arg("extract")
        .arg(&missing)
        .arg(&bad)
        .arg(corpus("003_07071c8f3bf3abc8.gold.txt"))
        .assert()
        .code(1)
        .stderr(predicate::str::contains("missing.txt"))
        .stderr(predicate::str::contains("latin1.txt: invalid UTF-8 at byte 1"))
        .stdout(predicate::str::contains("19-CT/TU"));
}

#[test]
fn restored_text_takes_numbers_from_the_ocr() {
    // Restored lines, and the OCR lines they came from: code parts read as words ("TU" → "TỪ", "TH" → "THÌ"), whose
    // printed spelling wins, and a code part restored as a code ("CDS" → "CĐS"), which stays.
    let dir = tempfile::tempdir().expect("tempdir");
    let restored = dir.path().join("doc.txt");
    let ocr_dir = dir.path().join("ocr");
    std::fs::create_dir(&ocr_dir).expect("mkdir");
    std::fs::write(
        &restored,
        "Thông báo số 08-TB/TỪ, ngày 01/4/2025 của Ban Chỉ đạo.\nCông văn số 472/SKHCN-BCVT&CĐS ngày 02/4/2025 \
         và số 541/UBND-THÌ.\n",
    )
    .expect("write");
    std::fs::write(
        ocr_dir.join("doc.ocr.txt"),
        "Théng bdo sé 08-TB/TU, ngdy 01/4/2025 cua Ban Chi dao.\nCéng vin sé 472/SKHCN-BCVT&CDS ngay 02/4/2025 \
         va s6 541/UBND-TH.\n",
    )
    .expect("write");
    let out = Command::cargo_bin("vnocr")
        .expect("binary")
        .arg("extract")
        .arg(&restored)
        .arg("--ocr")
        .arg(&ocr_dir)
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let v: Value = serde_json::from_slice(&out).expect("json");
    assert_eq!(v["references"][0]["number"], "08-TB/TU");
    assert_eq!(v["references"][0]["date"], "2025-04-01");
    assert_eq!(v["references"][1]["number"], "472/SKHCN-BCVT&CĐS");
    assert_eq!(v["references"][2]["number"], "541/UBND-TH");
    // without --ocr the restored spelling stays, but where it is a listed code's letters ("TỪ": "TU")
    let out = Command::cargo_bin("vnocr").expect("binary").arg("extract").arg(&restored).assert().success();
    let v: Value = serde_json::from_slice(&out.get_output().stdout).expect("json");
    assert_eq!(v["references"][0]["number"], "08-TB/TU");
    assert_eq!(v["references"][2]["number"], "541/UBND-THÌ");
    // a missing OCR file is named
    Command::cargo_bin("vnocr")
        .expect("binary")
        .arg("extract")
        .arg(&restored)
        .arg("--ocr")
        .arg(dir.path().join("nope"))
        .assert()
        .code(1)
        .stderr(predicate::str::contains("nope"));
}
