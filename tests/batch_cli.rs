//! `vnocr batch` and `vnocr process` as real processes on real files in temporary directories.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use assert_cmd::Command;
use serde_json::Value;

const CORPUS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/corpus");

fn vnocr() -> Command {
    Command::cargo_bin("vnocr").unwrap()
}

/// The OCR texts of the corpus documents: (file name, text).
fn corpus_docs() -> Vec<(String, String)> {
    corpus_files(".ocr.txt")
}

/// `text` with every syllable's tone mark placed in the modern style (hoà, thuỷ, khoẻ).
fn modern(text: &str) -> String {
    vnocr::tokenize::tokenize(text)
        .iter()
        .map(|t| match t.kind {
            vnocr::tokenize::TokenKind::Word => vnocr::syllable::retone(t.text, vnocr::syllable::ToneStyle::Modern),
            _ => t.text.to_string(),
        })
        .collect()
}

/// The corpus files whose names end with `suffix`: (file name, text).
fn corpus_files(suffix: &str) -> Vec<(String, String)> {
    let mut docs: Vec<_> = fs::read_dir(CORPUS)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.to_string_lossy().ends_with(suffix))
        .map(|p| (p.file_name().unwrap().to_string_lossy().into_owned(), fs::read_to_string(&p).unwrap()))
        .collect();
    docs.sort();
    assert_eq!(docs.len(), 3);
    docs
}

/// Every file under `dir`: relative path → bytes.
fn tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .map(|e| e.unwrap())
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e.path().strip_prefix(dir).unwrap().to_string_lossy().replace('\\', "/");
            (rel, fs::read(e.path()).unwrap())
        })
        .collect()
}

fn errors_jsonl(out: &Path) -> Vec<Value> {
    fs::read_to_string(out.join("errors.jsonl")).unwrap().lines().map(|l| serde_json::from_str(l).unwrap()).collect()
}

/// A directory with the corpus documents (one in a subdirectory, one in modern tone style so that there are
/// changes to make), a binary file, an invalid UTF-8 file, an empty file, a UTF-16 file and an oversized file.
fn mixed_dir(root: &Path) -> PathBuf {
    let input = root.join("in");
    fs::create_dir_all(input.join("sub/deeper")).unwrap();
    let docs = corpus_docs();
    fs::write(input.join(&docs[0].0), &docs[0].1).unwrap();
    fs::write(input.join("sub").join(&docs[1].0), &docs[1].1).unwrap();
    let modern = modern(&docs[2].1) + "\nhoà bình, thuỷ lợi, khoẻ\n";
    fs::write(input.join("sub/deeper/modern.txt"), modern).unwrap();
    let mut png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec();
    png.extend(std::iter::repeat_n(0u8, 64));
    fs::write(input.join("scan.png"), png).unwrap();
    let mut latin1 = "Quyết định số 12/QĐ-UBND\nngày ".as_bytes().to_vec();
    latin1.extend(b"\xe9t\xe9\n");
    fs::write(input.join("sub/latin1.txt"), latin1).unwrap();
    fs::write(input.join("empty.txt"), "").unwrap();
    let utf16: Vec<u8> =
        [0xFF, 0xFE].into_iter().chain("thuỷ lợi\r\n".encode_utf16().flat_map(u16::to_le_bytes)).collect();
    fs::write(input.join("utf16.txt"), utf16).unwrap();
    fs::write(input.join("huge.txt"), "a ".repeat(150_000)).unwrap();
    input
}

#[test]
fn bad_files_are_listed_and_the_good_ones_processed() {
    let tmp = tempfile::tempdir().unwrap();
    let input = mixed_dir(tmp.path());
    let out = tmp.path().join("out");
    let assert = vnocr()
        .args(["batch", "--threads", "2", "--max-bytes", "200K"])
        .arg(&input)
        .arg("--out")
        .arg(&out)
        .assert()
        .code(1);
    let stderr = String::from_utf8_lossy(&assert.get_output().stderr).into_owned();
    assert!(assert.get_output().stdout.is_empty());

    let errors = errors_jsonl(&out);
    let by_path: BTreeMap<&str, &str> =
        errors.iter().map(|e| (e["path"].as_str().unwrap(), e["error"].as_str().unwrap())).collect();
    assert_eq!(by_path.keys().copied().collect::<Vec<_>>(), ["huge.txt", "scan.png", "sub/latin1.txt"]);
    assert_eq!(by_path["scan.png"], "binary data: NUL byte at byte offset 8");
    let offset = "Quyết định số 12/QĐ-UBND\nngày ".len();
    assert_eq!(by_path["sub/latin1.txt"], format!("invalid UTF-8 at byte offset {offset} (line 2)"));
    assert_eq!(by_path["huge.txt"], "too large: 300000 bytes (--max-bytes 204800)");
    for (path, error) in &by_path {
        assert!(stderr.contains(&format!("{path}: {error}")), "{path} missing from the summary:\n{stderr}");
    }
    assert!(stderr.contains("5 documents"), "{stderr}");
    assert!(stderr.contains("3 errors"), "{stderr}");

    let files = tree(&out);
    let docs = corpus_docs();
    let stem0 = docs[0].0.trim_end_matches(".txt");
    let expected = [
        format!("{stem0}.json"),
        format!("{stem0}.txt"),
        "empty.json".into(),
        "empty.txt".into(),
        "errors.jsonl".into(),
        format!("sub/{}.json", docs[1].0.trim_end_matches(".txt")),
        format!("sub/{}.txt", docs[1].0.trim_end_matches(".txt")),
        "sub/deeper/modern.json".into(),
        "sub/deeper/modern.txt".into(),
        "utf16.json".into(),
        "utf16.txt".into(),
    ];
    assert_eq!(files.keys().cloned().collect::<Vec<_>>(), expected);
    assert!(files["empty.txt"].is_empty());
    assert_eq!(files["utf16.txt"], "thủy lợi\r\n".as_bytes());

    // Every line kept, the change list points into the input, and the restored text is what `process` gives.
    let text = String::from_utf8(files[&format!("{stem0}.txt")].clone()).unwrap();
    assert_eq!(text.lines().count(), docs[0].1.lines().count());
    let modern_in = fs::read_to_string(input.join("sub/deeper/modern.txt")).unwrap();
    let json: Value = serde_json::from_slice(&files["sub/deeper/modern.json"]).unwrap();
    assert_eq!(json["path"], "sub/deeper/modern.txt");
    let changes = json["changes"].as_array().unwrap();
    assert!(changes.len() >= 3, "{json}");
    for c in changes {
        let (start, end) = (c["start"].as_u64().unwrap() as usize, c["end"].as_u64().unwrap() as usize);
        assert_eq!(modern_in[start..end], *c["original"].as_str().unwrap());
    }
    let processed = vnocr().arg("process").arg(input.join("sub/deeper/modern.txt")).assert().success();
    let processed: Value = serde_json::from_slice(&processed.get_output().stdout).unwrap();
    assert_eq!(processed["text"].as_str().unwrap().as_bytes(), &files["sub/deeper/modern.txt"][..]);
    assert_eq!(processed["changes"], json["changes"]);
    assert!(String::from_utf8_lossy(&files["sub/deeper/modern.txt"]).contains("hòa bình, thủy lợi, khỏe"));
}

#[test]
fn all_good_exits_0_and_glob_filters() {
    let tmp = tempfile::tempdir().unwrap();
    let input = mixed_dir(tmp.path());
    let out = tmp.path().join("out");
    vnocr()
        .args(["batch", "--quiet", "--glob", "*.ocr.txt"])
        .arg(&input)
        .arg("--out")
        .arg(&out)
        .assert()
        .code(0)
        .stderr("");
    let files: Vec<String> = tree(&out).into_keys().collect();
    assert_eq!(files.len(), 5, "{files:?}");
    assert!(files.iter().all(|f| f.ends_with(".ocr.json") || f.ends_with(".ocr.txt") || f == "errors.jsonl"));
    assert!(fs::read(out.join("errors.jsonl")).unwrap().is_empty());
    // Only the sub tree, by a path pattern.
    let out2 = tmp.path().join("out2");
    vnocr().args(["batch", "-q", "--glob", "sub/**/*.txt"]).arg(&input).arg("--out").arg(&out2).assert().code(1);
    let files: Vec<String> = tree(&out2).into_keys().collect();
    assert!(files.iter().all(|f| f.starts_with("sub/") || f == "errors.jsonl"), "{files:?}");
    assert_eq!(errors_jsonl(&out2).len(), 1);
}

#[test]
fn output_inside_the_input_is_not_read_back() {
    let tmp = tempfile::tempdir().unwrap();
    let input = tmp.path().join("in");
    fs::create_dir(&input).unwrap();
    fs::write(input.join("a.txt"), "thuỷ lợi\n").unwrap();
    let out = input.join("out");
    for _ in 0..2 {
        vnocr().args(["batch", "-q"]).arg(&input).arg("--out").arg(&out).assert().success();
    }
    assert_eq!(tree(&out).into_keys().collect::<Vec<_>>(), ["a.json", "a.txt", "errors.jsonl"]);
}

#[test]
fn resume_skips_complete_outputs_only() {
    let tmp = tempfile::tempdir().unwrap();
    let input = mixed_dir(tmp.path());
    let out = tmp.path().join("out");
    let run = |resume: bool| {
        let mut cmd = vnocr();
        cmd.args(["batch", "--max-bytes", "200K"]).arg(&input).arg("--out").arg(&out);
        if resume {
            cmd.arg("--resume");
        }
        let a = cmd.assert().code(1);
        String::from_utf8_lossy(&a.get_output().stderr).into_owned()
    };
    run(false);
    let first = tree(&out);
    let stem0 = corpus_docs()[0].0.trim_end_matches(".txt").to_string();
    // A finished output we mark (a resumed run must leave it), an interrupted one (only the .txt and a
    // temporary file left: it must be redone).
    fs::write(out.join("empty.txt"), "marker").unwrap();
    fs::remove_file(out.join(format!("{stem0}.json"))).unwrap();
    fs::write(out.join(format!("{stem0}.json.vnocr-tmp")), "{\"half").unwrap();
    let stderr = run(true);
    assert!(stderr.contains("1 documents (4 skipped, already done)"), "{stderr}");
    let second = tree(&out);
    assert_eq!(second["empty.txt"], b"marker");
    assert_eq!(second[&format!("{stem0}.json")], first[&format!("{stem0}.json")]);
    assert!(!second.contains_key(&format!("{stem0}.json.vnocr-tmp")));
    assert_eq!(second["errors.jsonl"], first["errors.jsonl"]);
    // Without --resume everything is redone.
    run(false);
    assert_eq!(tree(&out), first);
}

#[test]
fn output_is_byte_identical_for_any_thread_count() {
    let tmp = tempfile::tempdir().unwrap();
    let input = mixed_dir(tmp.path());
    // A large document, so that paragraph chunks run in parallel too: the gold texts in modern tone style,
    // three times.
    let all: String = corpus_files(".gold.txt").into_iter().map(|(_, t)| modern(&t) + "\n\n").collect();
    assert!(all.len() * 3 > 4 * 64 * 1024);
    fs::write(input.join("big.txt"), all.repeat(3)).unwrap();
    for i in 0..12 {
        fs::write(input.join(format!("sub/copy{i:02}.txt")), corpus_docs()[i % 3].1.replace("ủy", "uỷ")).unwrap();
    }
    let mut trees = Vec::new();
    for threads in ["1", "2", "4"] {
        let out = tmp.path().join(format!("out{threads}"));
        vnocr()
            .args(["batch", "-q", "--max-bytes", "2M", "--threads", threads])
            .arg(&input)
            .arg("--out")
            .arg(&out)
            .assert()
            .code(1);
        trees.push(tree(&out));
    }
    assert_eq!(trees[0].len(), 2 * 19 + 1);
    let big: Value = serde_json::from_slice(&trees[0]["big.json"]).unwrap();
    assert!(big["changes"].as_array().unwrap().len() > 100);
    assert_eq!(trees[0], trees[1]);
    assert_eq!(trees[0], trees[2]);
}

#[test]
fn usage_and_fatal_errors_exit_2() {
    let tmp = tempfile::tempdir().unwrap();
    vnocr().args(["batch"]).arg(tmp.path()).assert().code(2);
    vnocr().args(["batch", "--jsonl", "--resume"]).assert().code(2);
    vnocr()
        .args(["batch", "--max-bytes", "lots"])
        .arg(tmp.path())
        .arg("--out")
        .arg(tmp.path().join("o"))
        .assert()
        .code(2);
    vnocr().args(["batch", "--glob", "[abc"]).arg(tmp.path()).arg("--out").arg(tmp.path().join("o")).assert().code(2);
    let missing = tmp.path().join("missing");
    let a = vnocr().arg("batch").arg(&missing).arg("--out").arg(tmp.path().join("o")).assert().code(2);
    assert!(String::from_utf8_lossy(&a.get_output().stderr).contains("missing"));
}

#[test]
fn process_prints_json_or_writes_stems() {
    let tmp = tempfile::tempdir().unwrap();
    let docs = corpus_docs();
    let a = vnocr().args(["process", "--compact", "-"]).write_stdin("Hoà bình\r\n\r\nthuỷ lợi").assert().success();
    let v: Value = serde_json::from_slice(&a.get_output().stdout).unwrap();
    assert_eq!(v["path"], "-");
    assert_eq!(v["text"], "Hòa bình\r\n\r\nthủy lợi");
    assert_eq!(v["changes"].as_array().unwrap().len(), 2);
    assert_eq!(v["changes"][1]["line"], 3);
    assert_eq!(a.get_output().stdout.iter().filter(|&&b| b == b'\n').count(), 1);

    let out = tmp.path().join("out");
    let bad = tmp.path().join("bad.bin");
    fs::write(&bad, b"\0\0\0").unwrap();
    let file = Path::new(CORPUS).join(&docs[0].0);
    let a = vnocr().arg("process").arg(&file).arg(&bad).arg(CORPUS).arg("--out").arg(&out).assert().code(1);
    let stderr = String::from_utf8_lossy(&a.get_output().stderr).into_owned();
    assert!(stderr.contains("bad.bin: binary data: NUL byte at byte offset 0"), "{stderr}");
    // The corpus directory holds the same file again: its outputs would collide, and that is said.
    assert!(stderr.contains("would overwrite"), "{stderr}");
    let files: Vec<String> = tree(&out).into_keys().collect();
    let stem0 = docs[0].0.trim_end_matches(".txt");
    assert!(files.contains(&format!("{stem0}.txt")) && files.contains(&format!("{stem0}.json")), "{files:?}");
    // 3 documents × (txt, json) from the directory (gold and meta files included), the first one collided.
    assert_eq!(files.len(), 2 * 9, "{files:?}");
}
