//! `vnocr train-channel` as a real process on the real seed files.

use std::path::Path;

use assert_cmd::Command;
use predicates::str::contains;
use vnocr::channel::ChannelModel;

mod common;

fn corpus(name: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus").join(name).display().to_string()
}

/// The shipped `dictionaries/channel.bin` is, byte for byte, what the rebuild command of `dictionaries/SOURCES.md`
/// writes when run as written from the repository's root: the command runs in a scratch copy of that layout
/// (`corpus/` and `../shared` linked, an empty `dictionaries/`). A change to what the channel learns from (the
/// tokenizer, the alignment, the seeds) fails here until the shipped model is rebuilt.
#[cfg(unix)]
#[test]
fn the_shipped_channel_is_what_its_rebuild_command_writes() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let args = common::rebuild_command("train-channel");
    assert!(root.join("../shared/pairs").is_dir(), "../shared beside the repo");
    let dir = tempfile::tempdir().unwrap();
    let repo = dir.path().join("repo");
    std::fs::create_dir_all(repo.join("dictionaries")).unwrap();
    std::os::unix::fs::symlink(root.join("corpus"), repo.join("corpus")).unwrap();
    std::os::unix::fs::symlink(root.join("../shared"), dir.path().join("shared")).unwrap();
    Command::cargo_bin("vnocr").unwrap().args(&args).current_dir(&repo).assert().success();
    let rebuilt = std::fs::read(repo.join("dictionaries/channel.bin")).unwrap();
    let shipped = std::fs::read(root.join("dictionaries/channel.bin")).unwrap();
    assert!(rebuilt == shipped, "dictionaries/channel.bin is not what `vnocr {}` writes: rebuild it", args.join(" "));
    let model = ChannelModel::from_bytes(&shipped).unwrap();
    assert_eq!(model.provenance().command_line, format!("vnocr {}", args.join(" ")));
    assert_eq!(model.provenance().sources.len(), 4, "{:?}", model.provenance());
}

#[test]
fn trains_a_loadable_deterministic_model() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("c.bin");
    // twice to the same path (the file records its command line, output path included)
    let mut written = Vec::new();
    for _ in 0..2 {
        Command::cargo_bin("vnocr")
            .unwrap()
            .args(["train-channel", "--pairs"])
            .arg(corpus("003_07071c8f3bf3abc8.ocr.txt"))
            .arg(corpus("003_07071c8f3bf3abc8.gold.txt"))
            .arg("-o")
            .arg(&out)
            .assert()
            .success()
            .stderr(contains("edits learned from 196 line pairs"));
        written.push(std::fs::read(&out).unwrap());
    }
    assert_eq!(written[0], written[1]);
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
