//! `vnocr train-names` as a real process on a real file.

use std::path::Path;

use assert_cmd::Command;
use predicates::str::contains;
use vnocr::names::{MIN_FAMILY, Names};

/// A corpus file: `n` lines naming Nguyễn Văn Hùng, then `n` naming Trần Thị Hòa.
fn corpus(dir: &Path, n: usize) -> std::path::PathBuf {
    let path = dir.join("people.txt");
    let mut text = "Ông Nguyễn Văn Hùng, Phó Chủ tịch, dự họp.\n".repeat(n);
    text += &"Bà Trần Thị Hòa và ông Nguyễn Văn Hùng báo cáo.\n".repeat(n);
    std::fs::write(&path, text).unwrap();
    path
}

fn train(input: &Path, out: &Path, holdout: &str) -> String {
    Command::cargo_bin("vnocr")
        .unwrap()
        .arg("train-names")
        .arg(input)
        .args(["--holdout-tail", holdout, "-o"])
        .arg(out)
        .assert()
        .success()
        .stderr(contains("lines counted"));
    std::fs::read_to_string(out).unwrap()
}

#[test]
fn counts_names_deterministically_and_leaves_the_held_out_tail_out() {
    let dir = tempfile::tempdir().unwrap();
    let input = corpus(dir.path(), MIN_FAMILY as usize);
    let out = dir.path().join("names.tsv");
    // The file records its command line, output path included: the same command gives the same bytes.
    let tsv = train(&input, &out, "people=0");
    assert_eq!(train(&input, &out, "people=0"), tsv);
    let names = Names::parse(&tsv).unwrap();
    assert_eq!(names.family_count("nguyễn"), 2 * MIN_FAMILY);
    assert_eq!(names.family_count("trần"), MIN_FAMILY);
    assert_eq!(names.part_counts("hòa"), (0, MIN_FAMILY));
    // Holding out the second half of the lines leaves Trần Thị Hòa out.
    let half = Names::parse(&train(&input, &out, "people=0.5")).unwrap();
    assert_eq!(half.family_count("trần"), 0);
    assert_eq!(half.part_counts("hòa"), (0, 0));
    assert_eq!(half.part_counts("hùng"), (0, MIN_FAMILY));
}

#[test]
fn a_hold_out_of_a_corpus_not_given_is_a_usage_error() {
    let dir = tempfile::tempdir().unwrap();
    let input = corpus(dir.path(), 1);
    Command::cargo_bin("vnocr")
        .unwrap()
        .arg("train-names")
        .arg(input)
        .args(["--holdout-tail", "news=0.1", "-o"])
        .arg(dir.path().join("n.tsv"))
        .assert()
        .code(2)
        .stderr(contains("no corpus named news"));
}
