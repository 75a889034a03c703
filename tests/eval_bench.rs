//! `vnocr bench` end to end (real binary, default model) on a corpus gold text: deterministic noise, the line
//! count kept, figures that agree with score.py on the files it writes, errors named.

use std::path::{Path, PathBuf};
use std::process::Command;

use assert_cmd::cargo::CommandCargoExt;
use serde_json::Value;
use tempfile::TempDir;
use vnocr::eval::{read_lines, score_text};

const PROFILES: [&str; 4] = ["strip", "seeds", "tesseract", "clean"];
const LINES: usize = 60;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn clean_text() -> PathBuf {
    let mut golds: Vec<PathBuf> = std::fs::read_dir(root().join("corpus"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.to_str().unwrap().ends_with(".gold.txt"))
        .collect();
    golds.sort();
    golds.remove(0)
}

fn bench(out: &Path, seed: u64, profile: &str) -> Vec<Value> {
    let o = Command::cargo_bin("vnocr")
        .unwrap()
        .current_dir(root())
        .args(["bench", "--profile", profile, "--format", "json", "--limit-lines", &LINES.to_string()])
        .args(["--seed", &seed.to_string(), "--threads", "2", "--text"])
        .arg(clean_text())
        .arg("--out")
        .arg(out)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    String::from_utf8(o.stdout).unwrap().lines().map(|l| serde_json::from_str(l).unwrap()).collect()
}

fn python_text(hyp: &Path, gold: &Path) -> Value {
    let o = Command::new("python3")
        .arg(root().join("../shared/eval/score.py"))
        .args(["text", hyp.to_str().unwrap(), gold.to_str().unwrap(), "--json"])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    serde_json::from_slice(&o.stdout).unwrap()
}

#[test]
fn bench_is_deterministic_and_agrees_with_score_py() {
    let (a, b, c) = (TempDir::new().unwrap(), TempDir::new().unwrap(), TempDir::new().unwrap());
    let rows = bench(a.path(), 5, "all");
    assert_eq!(rows.iter().map(|r| r["profile"].as_str().unwrap()).collect::<Vec<_>>(), PROFILES);
    let clean = read_lines(&a.path().join("clean.txt")).unwrap();
    assert_eq!(clean.len(), LINES);
    let syllables = score_text(&clean, &clean).unwrap().tokens;
    let again = bench(b.path(), 5, "all");
    bench(c.path(), 6, "tesseract");
    for (r, p) in rows.iter().zip(PROFILES) {
        assert_eq!(r["syllables"].as_u64().unwrap() as usize, syllables, "{p}");
        let noisy_path = a.path().join(format!("{p}.noisy.txt"));
        let restored_path = a.path().join(format!("{p}.restored.txt"));
        let noisy = std::fs::read_to_string(&noisy_path).unwrap();
        let restored = std::fs::read_to_string(&restored_path).unwrap();
        assert_eq!(noisy.split('\n').count(), LINES, "{p}: line count kept");
        assert_eq!(restored.split('\n').count(), LINES, "{p}: line count kept");
        // same seed, same noise and same restoration; another seed, other noise
        assert_eq!(noisy, std::fs::read_to_string(b.path().join(format!("{p}.noisy.txt"))).unwrap(), "{p}");
        assert_eq!(restored, std::fs::read_to_string(b.path().join(format!("{p}.restored.txt"))).unwrap(), "{p}");
        for k in ["ser_before", "cer_before", "ser_after", "cer_after"] {
            assert_eq!(r[k], again[PROFILES.iter().position(|x| *x == p).unwrap()][k], "{p} {k}");
        }
        if p == "tesseract" {
            assert_ne!(noisy, std::fs::read_to_string(c.path().join(format!("{p}.noisy.txt"))).unwrap(), "{p}");
        }
        if p == "clean" {
            assert_eq!(noisy, std::fs::read_to_string(a.path().join("clean.txt")).unwrap(), "no noise");
            assert_eq!(r["ser_before"], 0.0);
        }
        // the table's figures are score.py's on the files written
        let clean_path = a.path().join("clean.txt");
        let before = python_text(&noisy_path, &clean_path);
        let after = python_text(&restored_path, &clean_path);
        assert_eq!(r["ser_before"], before["SER"], "{p}");
        assert_eq!(r["cer_before"], before["CER"], "{p}");
        assert_eq!(r["ser_after"], after["SER"], "{p}");
        assert_eq!(r["cer_after"], after["CER"], "{p}");
        assert!(r["syllables_per_second"].as_f64().unwrap() > 0.0);
    }
    // strip: no marks at all in the input; the restorer must bring most of them back
    let strip = std::fs::read_to_string(a.path().join("strip.noisy.txt")).unwrap();
    assert!(strip.chars().all(|c| vnocr::eval::strip_marks(&c.to_string()) == c.to_string()));
    let (before, after) = (rows[0]["ser_before"].as_f64().unwrap(), rows[0]["ser_after"].as_f64().unwrap());
    assert!(after < before / 2.0, "strip: SER {before} → {after}");
}

#[test]
fn bench_errors_name_the_file() {
    let o = Command::cargo_bin("vnocr").unwrap().args(["bench", "--text", "/nonexistent/clean.txt"]).output().unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("/nonexistent/clean.txt"));
    let t = TempDir::new().unwrap();
    let empty = t.path().join("empty.txt");
    std::fs::write(&empty, "").unwrap();
    let o = Command::cargo_bin("vnocr").unwrap().args(["bench", "--text"]).arg(&empty).output().unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("no text"), "{}", String::from_utf8_lossy(&o.stderr));
    let o = Command::cargo_bin("vnocr")
        .unwrap()
        .args(["bench", "--profile", "seeds", "--seeds-dir", "/nonexistent/seeds", "--text"])
        .arg(clean_text())
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("/nonexistent/seeds"));
}
