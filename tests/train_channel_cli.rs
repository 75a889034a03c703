//! `vnocr train-channel` as a real process on the real seed files.

use std::path::Path;

use assert_cmd::Command;
use predicates::str::contains;
use vnocr::channel::ChannelModel;

fn corpus(name: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus").join(name).display().to_string()
}

#[test]
fn trains_a_loadable_deterministic_model() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("c.bin");
    let out2 = dir.path().join("c2.bin");
    for path in [&out, &out2] {
        Command::cargo_bin("vnocr")
            .unwrap()
            .args(["train-channel", "--pairs"])
            .arg(corpus("003_07071c8f3bf3abc8.ocr.txt"))
            .arg(corpus("003_07071c8f3bf3abc8.gold.txt"))
            .arg("-o")
            .arg(path)
            .assert()
            .success()
            .stderr(contains("edits learned from 196 line pairs"));
    }
    assert_eq!(std::fs::read(&out).unwrap(), std::fs::read(&out2).unwrap());
    let m = ChannelModel::load(&out).unwrap();
    // document 003 writes "cia Pang" for "của Đảng"
    assert!(m.log_prob("pang", "đảng") > m.log_prob("pang", "bảng"));
}

#[test]
fn mismatched_files_and_odd_pairs_fail_with_the_file_named() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("c.bin");
    let short = dir.path().join("short.txt");
    std::fs::write(&short, "một dòng\n").unwrap();
    Command::cargo_bin("vnocr")
        .unwrap()
        .args(["train-channel", "--pairs"])
        .arg(corpus("003_07071c8f3bf3abc8.ocr.txt"))
        .arg(&short)
        .arg("-o")
        .arg(&out)
        .assert()
        .code(2)
        .stderr(contains("003_07071c8f3bf3abc8.ocr.txt"))
        .stderr(contains("lines"));
    Command::cargo_bin("vnocr")
        .unwrap()
        .args(["train-channel", "--pairs"])
        .arg(corpus("003_07071c8f3bf3abc8.ocr.txt"))
        .arg(corpus("003_07071c8f3bf3abc8.gold.txt"))
        .arg(corpus("004_221ff7e4d995610f.ocr.txt"))
        .arg("-o")
        .arg(&out)
        .assert()
        .code(2)
        .stderr(contains("pairs"));
    assert!(!out.exists());
}

#[test]
fn tsv_pairs_count_by_their_weight() {
    let dir = tempfile::tempdir().unwrap();
    // a TSV of another engine's lines: it prints "của" as "cùa"
    let tsv = dir.path().join("pairs.tsv");
    let rows: String = (0..40).map(|_| "book_ocr_line\tcùa Chính phủ\tcủa Chính phủ\n").collect();
    std::fs::write(&tsv, format!("subset_guess\tocr_or_noisy_input\tground_truth\n{rows}")).unwrap();
    let train = |weight: &str, out: &Path| {
        Command::cargo_bin("vnocr")
            .unwrap()
            .args(["train-channel", "--half", "all", "--pairs"])
            .arg(corpus("003_07071c8f3bf3abc8.ocr.txt"))
            .arg(corpus("003_07071c8f3bf3abc8.gold.txt"))
            .arg("--tsv")
            .arg(&tsv)
            .args(["--tsv-weight", weight, "-o"])
            .arg(out)
            .assert()
    };
    let (full, half) = (dir.path().join("full.bin"), dir.path().join("half.bin"));
    train("1", &full).success();
    train("0.25", &half).success();
    let lp = |p: &Path| ChannelModel::load(p).unwrap().log_prob("cùa", "của");
    assert!(lp(&half) < lp(&full), "{} vs {}", lp(&half), lp(&full));
    train("NaN", &dir.path().join("bad.bin")).code(2).stderr(contains("--tsv-weight NaN"));
}
