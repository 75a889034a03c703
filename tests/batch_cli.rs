//! `vnocr batch` and `vnocr process` as real processes on real files in temporary directories.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use assert_cmd::Command;
use serde_json::Value;

const CORPUS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/corpus");

fn vnocr() -> Command {
    Command::cargo_bin("vnocr").unwrap()
}

/// A small real language model, trained once per test run by `vnocr train` on the corpus gold texts (the
/// shipped model may not be built yet; these tests are about the plumbing, not about restoration quality).
fn model() -> &'static Path {
    static MODEL: OnceLock<PathBuf> = OnceLock::new();
    MODEL.get_or_init(|| {
        let path = Path::new(env!("CARGO_TARGET_TMPDIR")).join("batch_cli-lm.bin");
        let golds: Vec<_> =
            corpus_files(".gold.txt").into_iter().map(|(name, _)| Path::new(CORPUS).join(name)).collect();
        vnocr().args(["train", "--order", "3", "--min-count", "1", "-o"]).arg(&path).args(golds).assert().success();
        path
    })
}

/// `vnocr batch --model <test model>` or `vnocr process --model <test model>`.
fn run(command: &str) -> Command {
    let mut cmd = vnocr();
    cmd.arg(command).arg("--model").arg(model());
    cmd
}

/// The OCR texts of the corpus documents: (file name, text).
fn corpus_docs() -> Vec<(String, String)> {
    corpus_files(".ocr.txt")
}

/// The output stem of a corpus document's OCR file: `<stem>.ocr.txt` gives `<stem>.txt` and `<stem>.json`, which pair
/// with its `<stem>.gold.txt` and `<stem>.meta.json` as `score.py` pairs them.
fn out_stem(name: &str) -> &str {
    name.strip_suffix(".ocr.txt").expect("an OCR file name")
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
    // The head of two documents and one whole (the restorer is slow in a debug build).
    let head = |t: &str, n| t.split_inclusive('\n').take(n).collect::<String>();
    let docs = corpus_docs();
    fs::write(input.join(&docs[0].0), head(&docs[0].1, 120)).unwrap();
    fs::write(input.join("sub").join(&docs[1].0), &docs[1].1).unwrap();
    let modern = modern(&head(&docs[2].1, 100)) + "\nhoà bình, thuỷ lợi, khoẻ\n";
    fs::write(input.join("sub/deeper/modern.txt"), modern).unwrap();
    let mut png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec();
    png.extend(std::iter::repeat_n(0u8, 64));
    fs::write(input.join("scan.png"), png).unwrap();
    let mut latin1 = "Quyết định số 12/QĐ-UBND\nngày ".as_bytes().to_vec();
    latin1.extend(b"\xe9t\xe9\n");
    fs::write(input.join("sub/latin1.txt"), latin1).unwrap();
    fs::write(input.join("empty.txt"), "").unwrap();
    // Hidden files and directories are left out.
    fs::write(input.join(".notes.txt"), "x").unwrap();
    fs::create_dir(input.join(".git")).unwrap();
    fs::write(input.join(".git/HEAD"), "\0").unwrap();
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
    let assert = run("batch")
        .args(["--threads", "2", "--max-bytes", "200K"])
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
    assert_eq!(by_path.keys().copied().collect::<Vec<_>>(), ["empty.txt", "huge.txt", "scan.png", "sub/latin1.txt"]);
    assert_eq!(by_path["empty.txt"], "empty: no text");
    assert_eq!(by_path["scan.png"], "binary file (NUL byte at byte 8, line 3)");
    let offset = "Quyết định số 12/QĐ-UBND\nngày ".len();
    assert_eq!(by_path["sub/latin1.txt"], format!("invalid UTF-8 at byte {offset} (line 2)"));
    assert_eq!(by_path["huge.txt"], "input of 300000 bytes is larger than the limit of 204800 bytes");
    for (path, error) in &by_path {
        assert!(stderr.contains(&format!("{path}: {error}")), "{path} missing from the summary:\n{stderr}");
    }
    assert!(stderr.contains("4 documents"), "{stderr}");
    assert!(stderr.contains("4 errors"), "{stderr}");

    let files = tree(&out);
    let docs = corpus_docs();
    let stem0 = out_stem(&docs[0].0);
    let expected = [
        format!("{stem0}.json"),
        format!("{stem0}.txt"),
        "errors.jsonl".into(),
        format!("sub/{}.json", out_stem(&docs[1].0)),
        format!("sub/{}.txt", out_stem(&docs[1].0)),
        "sub/deeper/modern.json".into(),
        "sub/deeper/modern.txt".into(),
        "utf16.json".into(),
        "utf16.txt".into(),
    ];
    assert_eq!(files.keys().cloned().collect::<Vec<_>>(), expected);

    // The text is the restorer's: what `vnocr restore` writes for each input (UTF-16 decoded, CRLF kept).
    for (rel, stem) in [
        (docs[0].0.clone(), stem0.to_string()),
        (format!("sub/{}", docs[1].0), format!("sub/{}", out_stem(&docs[1].0))),
        ("sub/deeper/modern.txt".into(), "sub/deeper/modern".into()),
        ("utf16.txt".into(), "utf16".into()),
    ] {
        let restored = run("restore").arg(input.join(&rel)).assert().success();
        assert!(restored.get_output().stdout == files[&format!("{stem}.txt")], "{rel}: batch and restore differ");
        let input_text = vnocr::input::read_path(&input.join(&rel)).unwrap().text;
        assert_eq!(String::from_utf8_lossy(&files[&format!("{stem}.txt")]).lines().count(), input_text.lines().count());
    }
    assert!(files["utf16.txt"].ends_with(b"\r\n"));

    // The change list points into the input and the output, and `process` gives the same as `batch`.
    let modern_in = fs::read_to_string(input.join("sub/deeper/modern.txt")).unwrap();
    let modern_out = String::from_utf8(files["sub/deeper/modern.txt"].clone()).unwrap();
    let json: Value = serde_json::from_slice(&files["sub/deeper/modern.json"]).unwrap();
    assert_eq!(json["path"], "sub/deeper/modern.txt");
    let changes = json["changes"].as_array().unwrap();
    assert!(changes.len() >= 10, "{json}");
    let span = |v: &Value| (v["start"].as_u64().unwrap() as usize, v["end"].as_u64().unwrap() as usize);
    for c in changes {
        let (start, end) = span(&c["input"]);
        assert_eq!(modern_in[start..end], *c["original"].as_str().unwrap());
        assert_eq!(modern_in[..start].matches('\n').count() + 1, c["line"].as_u64().unwrap() as usize);
        let (start, end) = span(&c["output"]);
        let shown = if c["applied"] == true { &c["replacement"] } else { &c["original"] };
        assert_eq!(modern_out[start..end], *shown.as_str().unwrap(), "{c}");
    }
    let processed = run("process").arg(input.join("sub/deeper/modern.txt")).assert().success();
    let processed: Value = serde_json::from_slice(&processed.get_output().stdout).unwrap();
    assert_eq!(processed["text"].as_str().unwrap(), modern_out);
    assert_eq!(processed["changes"], json["changes"]);

    // The metadata is the extractor's on the restored text, with document numbers read from the input where the
    // restorer rewrote a code: what `vnocr extract --ocr INPUT` says of the written .txt. Its members are at the
    // top level, where `score.py meta` reads them.
    let json: Value = serde_json::from_slice(&files[&format!("{stem0}.json")]).unwrap();
    assert!(json.get("metadata").is_none(), "{json}");
    let meta = &json;
    assert_eq!(meta["schema"], 1);
    assert_eq!(meta["source"].as_str(), Some(docs[0].0.as_str()));
    assert!(meta["document"]["number"].is_string(), "{meta}");
    let extracted = vnocr()
        .arg("extract")
        .arg(out.join(format!("{stem0}.txt")))
        .arg("--ocr")
        .arg(input.join(&docs[0].0))
        .assert()
        .success();
    let extracted: Value = serde_json::from_slice(&extracted.get_output().stdout).unwrap();
    for field in ["document", "references", "signature"] {
        assert_eq!(meta[field], extracted[field], "{field}");
    }
}

#[test]
fn all_good_exits_0_and_glob_filters() {
    let tmp = tempfile::tempdir().unwrap();
    let input = mixed_dir(tmp.path());
    let out = tmp.path().join("out");
    run("batch")
        .args(["--quiet", "--glob", "*.ocr.txt"])
        .arg(&input)
        .arg("--out")
        .arg(&out)
        .assert()
        .code(0)
        .stderr("");
    let files: Vec<String> = tree(&out).into_keys().collect();
    assert_eq!(files.len(), 5, "{files:?}");
    let stems: Vec<String> = corpus_docs().iter().map(|(name, _)| out_stem(name).to_string()).collect();
    let from_corpus =
        |f: &String| stems.iter().any(|s| f.ends_with(&format!("{s}.json")) || f.ends_with(&format!("{s}.txt")));
    assert!(files.iter().all(|f| f == "errors.jsonl" || from_corpus(f)), "{files:?}");
    assert!(fs::read(out.join("errors.jsonl")).unwrap().is_empty());
    // Only the sub tree, by a path pattern.
    let out2 = tmp.path().join("out2");
    run("batch").args(["-q", "--glob", "sub/**/*.txt"]).arg(&input).arg("--out").arg(&out2).assert().code(1);
    let files: Vec<String> = tree(&out2).into_keys().collect();
    assert!(files.iter().all(|f| f.starts_with("sub/") || f == "errors.jsonl"), "{files:?}");
    assert_eq!(errors_jsonl(&out2).len(), 1);
}

/// A named pipe (made by `mkfifo`) at `path`.
#[cfg(unix)]
fn mkfifo(path: &Path) {
    assert!(std::process::Command::new("mkfifo").arg(path).status().unwrap().success());
}

#[test]
#[cfg(unix)]
fn pipes_and_links_to_directories_are_listed_not_read() {
    use std::os::unix::fs::symlink;
    let tmp = tempfile::tempdir().unwrap();
    let input = tmp.path().join("in");
    fs::create_dir_all(input.join("sub")).unwrap();
    fs::write(input.join("a.txt"), "thuỷ lợi\n").unwrap();
    mkfifo(&input.join("pipe.txt"));
    symlink("..", input.join("sub/up")).unwrap();
    symlink("gone.txt", input.join("sub/dangling.txt")).unwrap();
    symlink("../a.txt", input.join("sub/b.txt")).unwrap();
    let out = tmp.path().join("out");
    // Reading the pipe would wait for a writer forever: the timeout turns such a hang into a failure.
    run("batch")
        .args(["-q"])
        .arg(&input)
        .arg("--out")
        .arg(&out)
        .timeout(std::time::Duration::from_secs(120))
        .assert()
        .code(1);
    let errors: BTreeMap<String, String> = errors_jsonl(&out)
        .iter()
        .map(|e| (e["path"].as_str().unwrap().to_string(), e["error"].as_str().unwrap().to_string()))
        .collect();
    assert_eq!(errors.keys().map(String::as_str).collect::<Vec<_>>(), ["pipe.txt", "sub/dangling.txt", "sub/up"]);
    assert_eq!(errors["pipe.txt"], vnocr::input::NOT_A_FILE);
    assert_eq!(errors["sub/up"], "a link to a directory: links are not followed");
    let files = tree(&out);
    assert_eq!(
        files.keys().map(String::as_str).collect::<Vec<_>>(),
        ["a.json", "a.txt", "errors.jsonl", "sub/b.json", "sub/b.txt"]
    );
    assert_eq!(files["sub/b.txt"], files["a.txt"], "a link to a file is read as the file");
}

#[test]
fn output_inside_the_input_is_not_read_back() {
    let tmp = tempfile::tempdir().unwrap();
    let input = tmp.path().join("in");
    fs::create_dir(&input).unwrap();
    fs::write(input.join("a.txt"), "thuỷ lợi\n").unwrap();
    let out = input.join("out");
    for _ in 0..2 {
        run("batch").args(["-q"]).arg(&input).arg("--out").arg(&out).assert().success();
    }
    assert_eq!(tree(&out).into_keys().collect::<Vec<_>>(), ["a.json", "a.txt", "errors.jsonl"]);
}

#[test]
fn resume_skips_complete_outputs_only() {
    let tmp = tempfile::tempdir().unwrap();
    let input = mixed_dir(tmp.path());
    let out = tmp.path().join("out");
    let run = |resume: bool| {
        let mut cmd = run("batch");
        cmd.args(["--max-bytes", "200K"]).arg(&input).arg("--out").arg(&out);
        if resume {
            cmd.arg("--resume");
        }
        let a = cmd.assert().code(1);
        String::from_utf8_lossy(&a.get_output().stderr).into_owned()
    };
    run(false);
    let first = tree(&out);
    let stem0 = out_stem(&corpus_docs()[0].0).to_string();
    // A finished output we mark (a resumed run must leave it), an interrupted one (only the .txt and a
    // temporary file left: it must be redone).
    fs::write(out.join("utf16.txt"), "marker").unwrap();
    fs::remove_file(out.join(format!("{stem0}.json"))).unwrap();
    fs::write(out.join(format!("{stem0}.json.vnocr-tmp")), "{\"half").unwrap();
    let stderr = run(true);
    assert!(stderr.contains("1 document (3 skipped, already done)"), "{stderr}");
    let second = tree(&out);
    assert_eq!(second["utf16.txt"], b"marker");
    assert_eq!(second[&format!("{stem0}.json")], first[&format!("{stem0}.json")]);
    assert!(!second.contains_key(&format!("{stem0}.json.vnocr-tmp")));
    assert_eq!(second["errors.jsonl"], first["errors.jsonl"]);
    // Without --resume everything is redone.
    run(false);
    assert_eq!(tree(&out), first);
}

#[test]
fn a_killed_run_resumed_gives_the_outputs_of_a_full_run() {
    let tmp = tempfile::tempdir().unwrap();
    let input = tmp.path().join("in");
    fs::create_dir(&input).unwrap();
    let doc = &corpus_docs()[1].1;
    for i in 0..16 {
        fs::write(input.join(format!("doc{i:02}.txt")), doc).unwrap();
    }
    let full = tmp.path().join("full");
    run("batch").args(["-q", "--threads", "1"]).arg(&input).arg("--out").arg(&full).assert().success();

    // Kill a run (SIGKILL: no chance to clean up) once it has written some outputs, then resume it.
    let out = tmp.path().join("out");
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("vnocr"))
        .args(["batch", "-q", "--threads", "1", "--model"])
        .arg(model())
        .arg(&input)
        .arg("--out")
        .arg(&out)
        .spawn()
        .unwrap();
    let started = std::time::Instant::now();
    while !out.join("doc02.json").exists() && started.elapsed().as_secs() < 120 {
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    child.kill().unwrap();
    child.wait().unwrap();
    let killed = tree(&out);
    assert!(killed.contains_key("doc02.json") && !killed.contains_key("errors.jsonl"), "{:?}", killed.keys());
    for (name, bytes) in &killed {
        if !name.ends_with(".vnocr-tmp") {
            assert!(bytes == &tree(&full)[name], "{name} is not complete");
        }
    }
    let a = run("batch").args(["--resume"]).arg(&input).arg("--out").arg(&out).assert().success();
    let stderr = String::from_utf8_lossy(&a.get_output().stderr).into_owned();
    assert!(stderr.contains("skipped, already done"), "{stderr}");
    assert!(tree(&out) == tree(&full), "a resumed run differs from a full run");
}

#[test]
fn output_is_byte_identical_for_any_thread_count() {
    let tmp = tempfile::tempdir().unwrap();
    let input = mixed_dir(tmp.path());
    for i in 0..3 {
        fs::write(input.join(format!("sub/copy{i}.txt")), &corpus_docs()[1].1).unwrap();
    }
    // Small chunks, so that paragraph chunks run in parallel too.
    let mut trees = Vec::new();
    for threads in ["1", "2", "4"] {
        let out = tmp.path().join(format!("out{threads}"));
        run("batch")
            .args(["-q", "--max-bytes", "200K", "--chunk-bytes", "4K", "--threads", threads])
            .arg(&input)
            .arg("--out")
            .arg(&out)
            .assert()
            .code(1);
        trees.push(tree(&out));
    }
    assert_eq!(trees[0].len(), 2 * 7 + 1);
    let copy: Value = serde_json::from_slice(&trees[0]["sub/copy0.json"]).unwrap();
    assert!(copy["changes"].as_array().unwrap().len() > 100);
    assert!(trees[0] == trees[1], "1 and 2 threads differ");
    assert!(trees[0] == trees[2], "1 and 4 threads differ");
    // Chunking does not change the output either: one chunk per paragraph, or no chunks at all.
    for chunk in ["1", "1G"] {
        let out = tmp.path().join(format!("chunk{chunk}"));
        run("batch")
            .args(["-q", "--max-bytes", "200K", "--chunk-bytes", chunk])
            .arg(&input)
            .arg("--out")
            .arg(&out)
            .assert()
            .code(1);
        assert!(tree(&out) == trees[0], "--chunk-bytes {chunk} changed the output");
    }
}

#[test]
fn usage_and_fatal_errors_exit_2() {
    let tmp = tempfile::tempdir().unwrap();
    vnocr().args(["batch"]).arg(tmp.path()).assert().code(2);
    run("batch").args(["--jsonl", "--resume"]).assert().code(2);
    run("batch").args(["--max-bytes", "lots"]).arg(tmp.path()).arg("--out").arg(tmp.path().join("o")).assert().code(2);
    run("batch").args(["--glob", "[abc"]).arg(tmp.path()).arg("--out").arg(tmp.path().join("o")).assert().code(2);
    // Model errors: a missing file, a file that is not a model.
    let text = tmp.path().join("in");
    fs::create_dir(&text).unwrap();
    fs::write(text.join("a.txt"), "thuỷ lợi").unwrap();
    let bad_model = tmp.path().join("bad.bin");
    fs::write(&bad_model, "not a model").unwrap();
    for m in [tmp.path().join("nope.bin"), bad_model] {
        let a = vnocr()
            .arg("batch")
            .arg(&text)
            .arg("--out")
            .arg(tmp.path().join("o"))
            .arg("--model")
            .arg(&m)
            .assert()
            .code(2);
        assert!(String::from_utf8_lossy(&a.get_output().stderr).contains(&*m.to_string_lossy()));
        vnocr().args(["process", "--model"]).arg(&m).arg(text.join("a.txt")).assert().code(2);
        vnocr()
            .args(["batch", "--jsonl", "--model"])
            .arg(&m)
            .write_stdin("{\"id\":1,\"text\":\"a\"}\n")
            .assert()
            .code(2);
    }
    let missing = tmp.path().join("missing");
    let a = run("batch").arg(&missing).arg("--out").arg(tmp.path().join("o2")).assert().code(2);
    assert!(String::from_utf8_lossy(&a.get_output().stderr).contains("missing"));
    assert!(!tmp.path().join("o2").exists(), "no output directory for a missing input");
}

#[test]
fn process_prints_json_or_writes_stems() {
    let tmp = tempfile::tempdir().unwrap();
    let docs = corpus_docs();
    let text = format!("{}\r\n\r\n{}", docs[1].1.lines().nth(20).unwrap(), docs[1].1.lines().nth(21).unwrap());
    let a = run("process").args(["--compact", "-"]).write_stdin(text.clone()).assert().success();
    let v: Value = serde_json::from_slice(&a.get_output().stdout).unwrap();
    assert_eq!(a.get_output().stdout.iter().filter(|&&b| b == b'\n').count(), 1);
    assert_eq!(v["path"], "-");
    let restored = run("restore").write_stdin(text.clone()).assert().success();
    assert_eq!(v["text"].as_str().unwrap().as_bytes(), restored.get_output().stdout);
    assert!(v["text"].as_str().unwrap().contains("\r\n\r\n"));
    let changes = v["changes"].as_array().unwrap();
    assert!(!changes.is_empty());
    assert!(changes.iter().any(|c| c["line"] == 3), "{v}");
    assert_eq!(v["metadata"]["schema"], 1);

    // Files and a directory into --out: stems, one collision, one bad file.
    let dir = tmp.path().join("dir");
    fs::create_dir_all(dir.join("sub")).unwrap();
    let head: String = docs[0].1.split_inclusive('\n').take(40).collect();
    fs::write(dir.join(&docs[0].0), &head).unwrap();
    fs::write(dir.join("sub/other.txt"), docs[1].1.split_inclusive('\n').take(30).collect::<String>()).unwrap();
    let single = tmp.path().join(&docs[0].0);
    fs::write(&single, &head).unwrap();
    let bad = tmp.path().join("bad.bin");
    fs::write(&bad, b"\0\0\0").unwrap();
    let out = tmp.path().join("out");
    let a = run("process").arg(&single).arg(&bad).arg(&dir).arg("--out").arg(&out).assert().code(1);
    let stderr = String::from_utf8_lossy(&a.get_output().stderr).into_owned();
    assert!(stderr.contains("bad.bin: binary file (NUL byte at byte 0, line 1)"), "{stderr}");
    // The directory holds a file of the same name: its outputs would collide, and that is said.
    assert!(stderr.contains("would overwrite"), "{stderr}");
    let stem0 = out_stem(&docs[0].0);
    let files = tree(&out);
    let names: Vec<&str> = files.keys().map(String::as_str).collect();
    assert_eq!(names, [format!("{stem0}.json").as_str(), &format!("{stem0}.txt"), "sub/other.json", "sub/other.txt"]);
    let json: Value = serde_json::from_slice(&files[&format!("{stem0}.json")]).unwrap();
    assert_eq!(json["path"].as_str(), Some(&*single.to_string_lossy()));
    // All inputs failing is status 2.
    run("process").arg(&bad).assert().code(2);
}
