//! Input handling of the real `vnocr` binary (through `vnocr normalize`): standard input, files, directories,
//! CRLF, byte-order marks, UTF-16, and the errors for empty input, invalid UTF-8, binary files and missing files.

use std::fs;
use std::path::Path;

use assert_cmd::Command;
use assert_cmd::cargo::cargo_bin_cmd;
use predicates::prelude::*;
use tempfile::TempDir;

const MODERN: &str = "hoà bình, thuỷ lợi, khoẻ\n";
const CLASSIC: &str = "hòa bình, thủy lợi, khỏe\n";

fn vnocr() -> Command {
    cargo_bin_cmd!("vnocr")
}

fn write(dir: &Path, name: &str, bytes: &[u8]) -> String {
    let path = dir.join(name);
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    fs::write(&path, bytes).unwrap();
    path.display().to_string()
}

fn utf16(text: &str, little: bool) -> Vec<u8> {
    let mut out = if little { vec![0xFF, 0xFE] } else { vec![0xFE, 0xFF] };
    for u in text.encode_utf16() {
        out.extend(if little { u.to_le_bytes() } else { u.to_be_bytes() });
    }
    out
}

#[test]
fn stdin_both_tone_styles() {
    vnocr().args(["normalize", "--tones", "classic"]).write_stdin(MODERN).assert().success().stdout(CLASSIC);
    vnocr().args(["normalize", "--tones", "modern"]).write_stdin(CLASSIC).assert().success().stdout(MODERN);
    // No input argument and "-" both mean standard input; classic is the default style.
    vnocr().arg("normalize").write_stdin(MODERN).assert().success().stdout(CLASSIC);
    vnocr().args(["normalize", "-"]).write_stdin(MODERN).assert().success().stdout(CLASSIC);
    vnocr().args(["normalize", "--tones", "keep"]).write_stdin(MODERN).assert().success().stdout(MODERN);
}

#[test]
fn file_and_corpus_document() {
    let dir = TempDir::new().unwrap();
    let f = write(dir.path(), "a.txt", "Hoà\nỦY BAN\n".as_bytes());
    vnocr().args(["normalize", &f]).assert().success().stdout("Hòa\nỦY BAN\n").stderr("");
    // The gold of a corpus document is already NFC and classic: normalizing it changes nothing.
    let gold = concat!(env!("CARGO_MANIFEST_DIR"), "/corpus/001_d6b316fd38878d12.gold.txt");
    let want = fs::read_to_string(gold).unwrap();
    vnocr().args(["normalize", gold]).assert().success().stdout(want);
}

#[test]
fn directory_sorted_recursive_hidden_skipped() {
    let dir = TempDir::new().unwrap();
    write(dir.path(), "b.txt", "thuỷ\n".as_bytes());
    write(dir.path(), "a.txt", "hoà\n".as_bytes());
    write(dir.path(), "sub/c.txt", "khoẻ\n".as_bytes());
    write(dir.path(), ".hidden.txt", b"hidden\n");
    write(dir.path(), ".git/d.txt", b"hidden too\n");
    let d = dir.path().display().to_string();
    vnocr().args(["normalize", &d]).assert().success().stdout("hòa\nthủy\nkhỏe\n");
    // Files and directories mix, in the order given.
    let c = dir.path().join("sub/c.txt").display().to_string();
    vnocr().args(["normalize", &c, &d]).assert().success().stdout("khỏe\nhòa\nthủy\nkhỏe\n");
}

#[test]
fn out_dir_mirrors_the_tree() {
    let dir = TempDir::new().unwrap();
    let input = dir.path().join("in");
    write(&input, "a.txt", "hoà\r\n".as_bytes());
    write(&input, "sub/c.txt", "khoẻ".as_bytes());
    let out = dir.path().join("out");
    vnocr().args(["normalize", "--out"]).arg(&out).arg(&input).assert().success().stdout("");
    assert_eq!(fs::read_to_string(out.join("a.txt")).unwrap(), "hòa\r\n");
    assert_eq!(fs::read_to_string(out.join("sub/c.txt")).unwrap(), "khỏe");
}

#[test]
fn crlf_kept() {
    vnocr()
        .args(["normalize", "--tones", "classic"])
        .write_stdin("hoà\r\nthuỷ\r\n\r\nkhoẻ")
        .assert()
        .success()
        .stdout("hòa\r\nthủy\r\n\r\nkhỏe");
    // Mixed line endings come out exactly as they went in.
    vnocr().arg("normalize").write_stdin("a\r\nb\nc\r").assert().success().stdout("a\r\nb\nc\r");
}

#[test]
fn utf8_bom_removed() {
    let dir = TempDir::new().unwrap();
    let f = write(dir.path(), "bom.txt", "\u{feff}hoà\n".as_bytes());
    vnocr().args(["normalize", &f]).assert().success().stdout("hòa\n");
}

#[test]
fn utf16_le_and_be_converted() {
    let dir = TempDir::new().unwrap();
    let le = write(dir.path(), "le.txt", &utf16("Thuỷ lợi\r\nĐà Nẵng 😀\r\n", true));
    let be = write(dir.path(), "be.txt", &utf16("Thuỷ lợi\nĐà Nẵng 😀\n", false));
    vnocr().args(["normalize", &le]).assert().success().stdout("Thủy lợi\r\nĐà Nẵng 😀\r\n");
    vnocr().args(["normalize", &be]).assert().success().stdout("Thủy lợi\nĐà Nẵng 😀\n");
}

#[test]
fn empty_input_is_an_error_naming_it() {
    let dir = TempDir::new().unwrap();
    let f = write(dir.path(), "empty.txt", b"");
    vnocr().args(["normalize", &f]).assert().code(2).stdout("").stderr(format!("vnocr: {f}: empty: no text\n"));
    vnocr().arg("normalize").write_stdin("").assert().code(2).stdout("").stderr("vnocr: -: empty: no text\n");
    let bom_only = write(dir.path(), "bom.txt", b"\xEF\xBB\xBF");
    vnocr().args(["normalize", &bom_only]).assert().code(2).stderr(format!("vnocr: {bom_only}: empty: no text\n"));
    // Blank lines are text: kept as they are.
    let blank = write(dir.path(), "blank.txt", b"\n\n");
    vnocr().args(["normalize", &blank]).assert().success().stdout("\n\n").stderr("");
}

#[test]
fn invalid_utf8_names_file_and_offset() {
    let dir = TempDir::new().unwrap();
    let f = write(dir.path(), "latin1.txt", b"dong\nng\xE0y 5\n");
    vnocr()
        .args(["normalize", &f])
        .assert()
        .code(2)
        .stdout("")
        .stderr(format!("vnocr: {f}: invalid UTF-8 at byte 7 (line 2)\n"));
    vnocr()
        .arg("normalize")
        .write_stdin(&b"ok \xC3"[..])
        .assert()
        .code(2)
        .stderr("vnocr: -: invalid UTF-8 at byte 3 (line 1)\n");
}

#[test]
fn binary_file_refused() {
    let dir = TempDir::new().unwrap();
    let png = write(dir.path(), "image.png", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR");
    vnocr()
        .args(["normalize", &png])
        .assert()
        .code(2)
        .stdout("")
        .stderr(format!("vnocr: {png}: binary file (NUL byte at byte 8, line 3)\n"));
    let ctl = write(dir.path(), "ctl.bin", b"\x01\x02\x03\x04ab");
    vnocr()
        .args(["normalize", &ctl])
        .assert()
        .code(2)
        .stderr(format!("vnocr: {ctl}: binary file (4 control bytes in the first 6 characters, first at byte 0)\n"));
}

#[test]
fn one_bad_input_does_not_stop_the_others() {
    let dir = TempDir::new().unwrap();
    let good = write(dir.path(), "a.txt", "hoà\n".as_bytes());
    let bad = write(dir.path(), "b.txt", b"x\xFF");
    let missing = dir.path().join("missing.txt").display().to_string();
    vnocr()
        .args(["normalize", &bad, &good, &missing])
        .assert()
        .code(1)
        .stdout("hòa\n")
        .stderr(predicate::str::contains(format!("vnocr: {bad}: invalid UTF-8 at byte 1 (line 1)\n")))
        .stderr(predicate::str::contains(format!("vnocr: {missing}: ")));
    // A directory with a bad file in it: the same.
    let d = dir.path().display().to_string();
    vnocr().args(["normalize", &d]).assert().code(1).stdout("hòa\n");
}

#[test]
#[cfg(unix)]
fn a_walk_reports_what_it_cannot_read_and_goes_on() {
    use std::os::unix::fs::symlink;
    let dir = TempDir::new().unwrap();
    write(dir.path(), "a.txt", "hoà\n".as_bytes());
    let pipe = dir.path().join("pipe.txt");
    assert!(std::process::Command::new("mkfifo").arg(&pipe).status().unwrap().success());
    let up = dir.path().join("sub/up");
    fs::create_dir(dir.path().join("sub")).unwrap();
    symlink("..", &up).unwrap();
    // Reading the pipe would wait for a writer forever; walking into the link, loop for ever.
    vnocr()
        .arg("normalize")
        .arg(dir.path())
        .timeout(std::time::Duration::from_secs(60))
        .assert()
        .code(1)
        .stdout("hòa\n")
        .stderr(predicate::str::contains(format!("vnocr: {}: {}\n", pipe.display(), vnocr::input::NOT_A_FILE)))
        .stderr(predicate::str::contains(format!("vnocr: {}: File system loop found", up.display())));
}

#[test]
fn legacy_encodings() {
    let cases = [
        ("tcvn3", "Thñ t\u{2212}íng ChÝnh phñ\n", "Thủ tướng Chính phủ\n"),
        ("vni", "Coäng hoøa xaõ hoäi chuû nghóa Vieät Nam\n", "Cộng hòa xã hội chủ nghĩa Việt Nam\n"),
        ("viqr", "DDo^.c la^.p - Tu+. do - Ha.nh phu'c\n", "Độc lập - Tự do - Hạnh phúc\n"),
        ("unicode", "Thñ t\u{2212}íng\n", "Thñ t\u{2212}íng\n"),
    ];
    for (from, input, want) in cases {
        vnocr().args(["normalize", "--from", from]).write_stdin(input).assert().success().stdout(want);
    }
}

#[test]
fn usage_errors_exit_2() {
    vnocr().args(["normalize", "--tones", "fancy"]).assert().code(2).stderr(predicate::str::contains("fancy"));
    vnocr().args(["normalize", "--from", "ascii"]).assert().code(2);
    vnocr().args(["normalize", "-", "-"]).write_stdin("x").assert().code(2);
}

/// A missing file is named once, with the system's reason once (the library's I/O error is also its own source).
#[test]
fn missing_file_named_once() {
    let dir = tempfile::tempdir().unwrap();
    let text = write(dir.path(), "clean.txt", "Thủ tướng Chính phủ\n".as_bytes());
    let missing = dir.path().join("no-seeds");
    let out = vnocr()
        .args(["bench", "--text", &text, "--profile", "seeds", "--seeds-dir", missing.to_str().unwrap()])
        .assert()
        .code(2)
        .get_output()
        .stderr
        .clone();
    let err = String::from_utf8(out).unwrap();
    assert!(err.starts_with(&format!("vnocr: {}: ", missing.display())), "{err}");
    assert_eq!(err.matches("os error").count(), 1, "{err}");
}

/// A reader that goes away (`vnocr … | head`) ends the command quietly with success, never with a panic. The
/// output is far larger than a pipe's buffer, so the writes after the reader closed fail with EPIPE.
#[test]
fn closed_stdout_is_not_a_panic() {
    let dir = TempDir::new().unwrap();
    let small = write(dir.path(), "a.txt", "Thủ tướng Chính phủ ban hành quyết định.\n".as_bytes());
    let big = write(dir.path(), "big.txt", "Thi twéng Chinh phi ban hanh quyét dinh.\n".repeat(5000).as_bytes());
    let perplexity: Vec<String> =
        std::iter::once("perplexity".to_string()).chain(std::iter::repeat_n(small, 3000)).collect();
    let restore = vec!["restore".to_string(), big];
    for args in [perplexity, restore] {
        let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin!("vnocr"))
            .args(&args)
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        drop(child.stdout.take());
        let out = child.wait_with_output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(out.status.success(), "vnocr {}: {:?} {stderr}", args[0], out.status);
        assert!(!stderr.contains("panicked"), "vnocr {}: {stderr}", args[0]);
    }
}
