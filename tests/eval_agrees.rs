//! `vnocr eval` agrees with `shared/eval/score.py`: both are run (real processes) on the corpus documents, with
//! the raw OCR and several perturbed versions of the gold as hypotheses, and must print the same figures.

use std::path::{Path, PathBuf};
use std::process::Command;

use assert_cmd::cargo::CommandCargoExt;
use serde_json::{Value, json};
use tempfile::TempDir;
use vnocr::noise::{NoiseProfile, Rng, SeedsChannel, corrupt};
use vnocr::syllable::{ToneStyle, retone};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn score_py() -> PathBuf {
    root().join("../shared/eval/score.py")
}

fn stems() -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(root().join("corpus"))
        .unwrap()
        .filter_map(|e| e.unwrap().file_name().to_str()?.strip_suffix(".gold.txt").map(str::to_string))
        .collect();
    v.sort();
    assert_eq!(v.len(), 3, "the three corpus documents");
    v
}

fn read(p: &Path) -> String {
    std::fs::read_to_string(p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

fn python(args: &[&str]) -> String {
    let out = Command::new("python3").arg(score_py()).args(args).output().expect("python3 runs");
    assert!(out.status.success(), "score.py {args:?}: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap()
}

fn vnocr(args: &[&str]) -> (String, i32) {
    let out = Command::cargo_bin("vnocr").unwrap().arg("eval").args(args).output().unwrap();
    (String::from_utf8(out.stdout).unwrap(), out.status.code().unwrap_or(-1))
}

/// Gold and hypothesis directories: `gold/<stem>.gold.txt` from the corpus, `hyp/<stem>.txt` made by `make`
/// from (stem, gold text, OCR text).
fn dirs(make: impl Fn(&str, &str, &str) -> String) -> TempDir {
    let t = TempDir::new().unwrap();
    std::fs::create_dir(t.path().join("gold")).unwrap();
    std::fs::create_dir(t.path().join("hyp")).unwrap();
    for stem in stems() {
        let gold = read(&root().join(format!("corpus/{stem}.gold.txt")));
        let ocr = read(&root().join(format!("corpus/{stem}.ocr.txt")));
        std::fs::write(t.path().join(format!("gold/{stem}.gold.txt")), &gold).unwrap();
        std::fs::write(t.path().join(format!("hyp/{stem}.txt")), make(&stem, &gold, &ocr)).unwrap();
    }
    t
}

/// Maps every space-separated word of every line, with a running word counter.
fn map_words(text: &str, f: impl Fn(usize, &str) -> Option<String>) -> String {
    let mut n = 0;
    text.split('\n')
        .map(|line| {
            line.split(' ')
                .filter_map(|w| {
                    n += 1;
                    f(n, w)
                })
                .collect::<Vec<_>>()
                .join(" ")
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// Compares `score.py text-dir` with `vnocr eval` (the same lines); with `per_file`, also every document's counts
/// (`score.py text --json` against `vnocr eval --format json` on the single files).
fn assert_text_dir_agrees(name: &str, t: &TempDir, per_file: bool) {
    let hyp = t.path().join("hyp");
    let gold = t.path().join("gold");
    let (h, g) = (hyp.to_str().unwrap(), gold.to_str().unwrap());
    let py = python(&["text-dir", h, g]);
    let (ours, code) = vnocr(&["--hyp", h, "--gold", g]);
    assert_eq!(code, 0, "{name}");
    let py_lines: Vec<&str> = py.lines().collect();
    let our_lines: Vec<&str> = ours.lines().take(py_lines.len()).collect();
    assert_eq!(our_lines, py_lines, "{name}: vnocr eval and score.py text-dir differ");
    if !per_file {
        return;
    }
    for stem in stems() {
        let hf = hyp.join(format!("{stem}.txt"));
        let gf = gold.join(format!("{stem}.gold.txt"));
        let (hf, gf) = (hf.to_str().unwrap(), gf.to_str().unwrap());
        let py: Value = serde_json::from_str(&python(&["text", hf, gf, "--json"])).unwrap();
        let (ours, code) = vnocr(&["--hyp", hf, "--gold", gf, "--format", "json"]);
        assert_eq!(code, 0);
        let ours: Value = serde_json::from_str(&ours).unwrap();
        for (k, v) in py.as_object().unwrap() {
            assert_eq!(&ours[k], v, "{name} {stem}: {k}");
        }
        let b = &ours["breakdown"];
        let kinds = ["diacritics", "letters", "split_merge", "case", "missing", "extra"];
        let sum: u64 = kinds.iter().map(|k| b[k].as_u64().unwrap()).sum();
        assert_eq!(sum, ours["tok_err"].as_u64().unwrap(), "{name} {stem}: kinds add up to the SER numerator");
    }
}

#[test]
fn raw_ocr_agrees() {
    let t = dirs(|_, _, ocr| ocr.to_string());
    assert_text_dir_agrees("raw OCR", &t, true);
}

#[test]
fn gold_and_tone_placement_variants_agree() {
    let t = dirs(|_, gold, _| gold.to_string());
    assert_text_dir_agrees("gold itself", &t, false);
    let t = dirs(|_, gold, _| map_words(gold, |_, w| Some(retone(w, ToneStyle::Modern))));
    assert_text_dir_agrees("modern tone placement", &t, false);
    let (out, _) =
        vnocr(&["--hyp", t.path().join("hyp").to_str().unwrap(), "--gold", t.path().join("gold").to_str().unwrap()]);
    assert!(out.contains("ALL: SER 0.000%  SERci 0.000%  DER 0.000%  CER 0.000%"), "{out}");
    // decomposed (NFD) text, with the tone mark before the quality mark in ế, ố, ...
    let t = dirs(|_, gold, _| {
        use unicode_normalization::UnicodeNormalization;
        gold.nfd().collect::<String>().replace("\u{302}\u{301}", "\u{301}\u{302}")
    });
    assert_text_dir_agrees("NFD", &t, false);
}

#[test]
fn dropped_split_merged_and_case_changed_tokens_agree() {
    let t = dirs(|_, gold, _| map_words(gold, |n, w| (n % 7 != 3).then(|| w.to_string())));
    assert_text_dir_agrees("every 7th word dropped", &t, false);
    let t = dirs(|_, gold, _| {
        map_words(gold, |n, w| {
            Some(match n % 5 {
                0 => w.to_uppercase(),
                1 => w.to_lowercase(),
                _ => w.to_string(),
            })
        })
    });
    assert_text_dir_agrees("case changes", &t, false);
    let t = dirs(|_, gold, _| {
        map_words(gold, |n, w| {
            let chars: Vec<char> = w.chars().collect();
            Some(match n % 9 {
                // split a word in two
                0 if chars.len() > 3 => {
                    format!("{} {}", chars[..2].iter().collect::<String>(), chars[2..].iter().collect::<String>())
                }
                // glue a word to the next
                4 => format!("{w}\u{0}"),
                _ => w.to_string(),
            })
        })
        .replace("\u{0} ", "")
        .replace('\u{0}', "")
    });
    assert_text_dir_agrees("splits and merges", &t, false);
}

#[test]
fn whitespace_punctuation_and_line_endings_agree() {
    let t = dirs(|_, gold, _| {
        map_words(gold, |n, w| {
            Some(match n % 6 {
                0 => format!("{w}\t\u{a0}"),
                1 => format!("  {w}\u{1c}"),
                2 => w.replace(',', ".").replace(':', ""),
                3 => format!("{w}\u{2060}"),
                _ => w.to_string(),
            })
        })
        .replace('\n', "\r\n")
    });
    assert_text_dir_agrees("white space, punctuation, CRLF", &t, false);
}

#[test]
fn noise_profiles_agree() {
    let seeds = SeedsChannel::from_dir(&root().join("corpus")).unwrap();
    for profile in [NoiseProfile::Strip, NoiseProfile::tesseract(), NoiseProfile::Seeds(seeds)] {
        let t = dirs(|stem, gold, _| {
            let mut rng = Rng::new(stem.len() as u64 + 7);
            gold.split('\n').map(|l| corrupt(l, &profile, &mut rng)).collect::<Vec<_>>().join("\n")
        });
        assert_text_dir_agrees(profile.name(), &t, true);
    }
}

#[test]
fn missing_hypothesis_and_bad_line_count() {
    let t = dirs(|_, _, ocr| ocr.to_string());
    let stems = stems();
    std::fs::remove_file(t.path().join(format!("hyp/{}.txt", stems[0]))).unwrap();
    let (h, g) = (t.path().join("hyp"), t.path().join("gold"));
    let (h, g) = (h.to_str().unwrap(), g.to_str().unwrap());
    // score.py prints "no hypothesis" and goes on: the same lines, but vnocr exits 1.
    let py = python(&["text-dir", h, g]);
    let out = Command::cargo_bin("vnocr").unwrap().args(["eval", "--hyp", h, "--gold", g]).output().unwrap();
    let ours = String::from_utf8(out.stdout).unwrap();
    assert!(ours.starts_with(&py), "{ours}\n---\n{py}");
    assert_eq!(out.status.code(), Some(1));
    // A line count difference: score.py stops; vnocr names the file, scores the others, exits 1.
    let bad = t.path().join(format!("hyp/{}.txt", stems[1]));
    std::fs::write(&bad, "one line\nanother").unwrap();
    let out = Command::cargo_bin("vnocr").unwrap().args(["eval", "--hyp", h, "--gold", g]).output().unwrap();
    let err = String::from_utf8(out.stderr).unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(err.contains(bad.to_str().unwrap()) && err.contains("line count differs: hypothesis 2"), "{err}");
    let ours = String::from_utf8(out.stdout).unwrap();
    assert!(ours.contains(&format!("{}: SER", stems[2])), "{ours}");
    // Invalid UTF-8: named, with the byte offset.
    std::fs::write(&bad, b"ok\n\xff\xfe").unwrap();
    let out = Command::cargo_bin("vnocr").unwrap().args(["eval", "--hyp", h, "--gold", g]).output().unwrap();
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("not UTF-8") && err.contains("offset 3"), "{err}");
}

/// `score.py meta` and `vnocr eval` on a gold metadata file and a perturbed copy.
fn assert_meta_agrees(name: &str, gold: &Value, hyp: &Value) {
    let t = TempDir::new().unwrap();
    let (gp, hp) = (t.path().join("x.meta.json"), t.path().join("x.json"));
    std::fs::write(&gp, serde_json::to_string(gold).unwrap()).unwrap();
    std::fs::write(&hp, serde_json::to_string(hyp).unwrap()).unwrap();
    let py: Value = serde_json::from_str(&python(&["meta", hp.to_str().unwrap(), gp.to_str().unwrap()])).unwrap();
    let (ours, code) = vnocr(&["--hyp", hp.to_str().unwrap(), "--gold", gp.to_str().unwrap(), "--format", "json"]);
    assert_eq!(code, 0);
    let ours: Value = serde_json::from_str(&ours).unwrap();
    assert_eq!(ours, py, "{name}");
}

fn refs_mut(v: &mut Value) -> &mut Vec<Value> {
    v["references"].as_array_mut().unwrap()
}

#[test]
fn meta_agrees() {
    for stem in stems() {
        let gold: Value = serde_json::from_str(&read(&root().join(format!("corpus/{stem}.meta.json")))).unwrap();
        assert_meta_agrees("identical", &gold, &gold);

        let mut h = gold.clone();
        let d = &mut h["document"];
        d["number"] = json!(d["number"].as_str().map(|s| format!(" {} ", s.to_lowercase())));
        d["type"] = json!(d["type"].as_str().map(str::to_uppercase));
        d["subject"] = json!(d["subject"].as_str().map(|s| map_words(s, |_, w| Some(retone(w, ToneStyle::Modern)))));
        d["issuer"] = json!(d["issuer"].as_str().map(|s| format!("  {s}\t")));
        assert_meta_agrees("equivalent spellings", &gold, &h);

        let mut h = gold.clone();
        h["document"]["date"] = json!("2025-01-01");
        h["document"]["place"] = Value::Null;
        h["document"].as_object_mut().unwrap().remove("parent_issuer");
        h["document"]["issuer"] = json!(h["document"]["issuer"].as_str().map(vnocr::syllable::fold));
        let n = refs_mut(&mut h).len();
        refs_mut(&mut h).truncate(n * 2 / 3);
        for (i, r) in refs_mut(&mut h).iter_mut().enumerate() {
            match i % 4 {
                0 => r["date"] = json!("1999-09-09"),
                1 => r["type"] = json!(r["type"].as_str().map(vnocr::syllable::fold)),
                2 => {
                    r.as_object_mut().unwrap().remove("issuer");
                }
                _ => r["number"] = json!(r["number"].as_str().map(|s| s.replace('/', " / "))),
            }
        }
        refs_mut(&mut h).push(json!({"number": "999/QĐ-XYZ", "type": "Quyết định"}));
        refs_mut(&mut h).push(json!({"number": "", "type": "Quyết định"}));
        refs_mut(&mut h).push(json!({"type": "Luật"}));
        assert_meta_agrees("wrong fields, dropped and spurious references", &gold, &h);

        let mut h = gold.clone();
        refs_mut(&mut h).clear();
        h["document"] = Value::Null;
        assert_meta_agrees("nothing found", &gold, &h);
        assert_meta_agrees("nothing in the gold", &h, &gold);
    }
}

/// Python's `\w` and `str.isspace()` over every code point Python's Unicode database assigns.
#[test]
fn word_and_space_classes_match_python() {
    let script = r#"
import re, sys, unicodedata
w = re.compile(r"\w")
out = []
for cp in range(0x110000):
    c = chr(cp)
    if unicodedata.category(c) in ("Cn", "Cs"):
        continue
    out.append("%x %d %d" % (cp, 1 if w.match(c) else 0, 1 if c.isspace() else 0))
sys.stdout.write("\n".join(out))
"#;
    let out = Command::new("python3").args(["-c", script]).output().unwrap();
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    let mut bad = Vec::new();
    let mut n = 0;
    for line in text.lines() {
        let mut f = line.split(' ');
        let cp = u32::from_str_radix(f.next().unwrap(), 16).unwrap();
        let (w, s) = (f.next() == Some("1"), f.next() == Some("1"));
        let c = char::from_u32(cp).unwrap();
        n += 1;
        if vnocr::eval::is_word_char(c) != w || vnocr::eval::is_py_space(c) != s {
            bad.push(format!("U+{cp:04X}"));
        }
    }
    assert!(n > 140_000, "{n} assigned code points");
    assert!(bad.is_empty(), "{} code points differ: {:?}", bad.len(), &bad[..bad.len().min(40)]);
}

/// The real extractor's output (`vnocr extract --out` of `<stem>.ocr.txt`, named `<stem>.json`) scored against the
/// gold metadata, file by file and as a directory (`--only meta`).
#[test]
fn extractor_output_meta_agrees() {
    let t = TempDir::new().unwrap();
    let hyp = t.path().join("hyp");
    let mut cmd = Command::cargo_bin("vnocr").unwrap();
    cmd.arg("extract").arg("--out").arg(&hyp);
    for stem in stems() {
        cmd.arg(root().join(format!("corpus/{stem}.ocr.txt")));
    }
    assert!(cmd.status().unwrap().success());
    let (out, code) = vnocr(&[
        "--hyp",
        hyp.to_str().unwrap(),
        "--gold",
        root().join("corpus").to_str().unwrap(),
        "--only",
        "meta",
        "--format",
        "json",
    ]);
    assert_eq!(code, 0, "{out}");
    let report: Value = serde_json::from_str(&out).unwrap();
    assert!(report["text"].is_null());
    for (k, stem) in stems().iter().enumerate() {
        let h = hyp.join(format!("{stem}.json"));
        let g = root().join(format!("corpus/{stem}.meta.json"));
        let py: Value = serde_json::from_str(&python(&["meta", h.to_str().unwrap(), g.to_str().unwrap()])).unwrap();
        let (ours, code) = vnocr(&["--hyp", h.to_str().unwrap(), "--gold", g.to_str().unwrap(), "--format", "json"]);
        assert_eq!(code, 0);
        assert_eq!(serde_json::from_str::<Value>(&ours).unwrap(), py, "{stem}");
        assert_eq!(report["documents"][k]["stem"], json!(stem));
        assert_eq!(report["documents"][k]["meta"], py, "{stem} in the directory report");
    }
}

/// Random lines over an alphabet of awkward characters (stray combining marks, titlecase and special-casing
/// letters, other scripts' digits, odd white space, invisible characters): `score.py text --json` and
/// `vnocr eval --format json` must give the same counts.
#[test]
fn random_awkward_text_agrees() {
    let alphabet: Vec<char> = "aăâeêioôơuưyđAĂÂĐƠƯ hòá ủ ễ ặ Ễ xyzq İißẞΣσςﬁ²½٣_ 0123456789,.;:-–()\"' \t\u{a0}\u{1c}\u{2060}\u{feff}\u{300}\u{301}\u{303}\u{309}\u{323}\u{302}\u{31b}ǅǆ"
        .chars()
        .collect();
    let mut rng = Rng::new(2026);
    let line = |rng: &mut Rng| -> String {
        let n = rng.below(40) as usize;
        (0..n).map(|_| alphabet[rng.below(alphabet.len() as u64) as usize]).collect()
    };
    let (mut gold, mut hyp) = (Vec::new(), Vec::new());
    for _ in 0..300 {
        let g = line(&mut rng);
        // half the hypotheses are edits of the gold, half unrelated
        let h = if rng.chance(0.5) {
            let mut chars: Vec<char> = g.chars().collect();
            for _ in 0..rng.below(4) {
                if chars.is_empty() {
                    break;
                }
                let at = rng.below(chars.len() as u64) as usize;
                chars[at] = alphabet[rng.below(alphabet.len() as u64) as usize];
            }
            chars.into_iter().collect()
        } else {
            line(&mut rng)
        };
        gold.push(g);
        hyp.push(h);
    }
    let t = TempDir::new().unwrap();
    let (hp, gp) = (t.path().join("h.txt"), t.path().join("g.txt"));
    std::fs::write(&hp, hyp.join("\n")).unwrap();
    std::fs::write(&gp, gold.join("\n")).unwrap();
    let (hs, gs) = (hp.to_str().unwrap(), gp.to_str().unwrap());
    let py: Value = serde_json::from_str(&python(&["text", hs, gs, "--json"])).unwrap();
    let (ours, code) = vnocr(&["--hyp", hs, "--gold", gs, "--format", "json"]);
    assert_eq!(code, 0);
    let ours: Value = serde_json::from_str(&ours).unwrap();
    for (k, v) in py.as_object().unwrap() {
        assert_eq!(&ours[k], v, "{k}");
    }
    assert!(py["tok_err"].as_u64().unwrap() > 100, "the hypotheses do differ");
}

/// Under `t`: `hyp/`, what `vnocr process --out hyp corpus/<stem>.ocr.txt` writes, and `gold/<stem>.gold.txt` from
/// the corpus.
fn processed(t: &TempDir, stem: &str) -> (PathBuf, PathBuf) {
    let (hyp, gold) = (t.path().join("hyp"), t.path().join("gold"));
    std::fs::create_dir_all(&gold).unwrap();
    std::fs::copy(root().join(format!("corpus/{stem}.gold.txt")), gold.join(format!("{stem}.gold.txt"))).unwrap();
    let status = Command::cargo_bin("vnocr")
        .unwrap()
        .args(["process", "--out"])
        .arg(&hyp)
        .arg(root().join(format!("corpus/{stem}.ocr.txt")))
        .status()
        .unwrap();
    assert!(status.success());
    (hyp, gold)
}

/// `vnocr process --out` writes the change list beside the text; `vnocr eval` judges every change against the gold
/// and bands them by confidence. The bands count every listed change once, a confident change is right more often
/// than an unsure one, and the unsure ones (under 0.99) are right about as often as their confidence says.
#[test]
fn process_output_changes_are_judged_by_confidence() {
    let t = TempDir::new().unwrap();
    let stem = "003_07071c8f3bf3abc8";
    let (hyp, gold) = processed(&t, stem);
    let (hyp_s, gold_s) = (hyp.to_str().unwrap(), gold.to_str().unwrap());
    let (out, code) = vnocr(&["--hyp", hyp_s, "--gold", gold_s, "--format", "json"]);
    assert_eq!(code, 0, "{out}");
    let report: Value = serde_json::from_str(&out).unwrap();
    let listed: Value = serde_json::from_str(&read(&hyp.join(format!("{stem}.json")))).unwrap();
    let n_listed = listed["changes"].as_array().unwrap().len();
    let c = &report["changes"];
    let bands = c["bands"].as_array().unwrap();
    let judged: u64 = bands.iter().map(|b| b["changes"].as_u64().unwrap()).sum();
    assert_eq!(judged + c["not_applied"].as_u64().unwrap() + c["unjudged"].as_u64().unwrap(), n_listed as u64);
    assert!(judged > 1000, "{judged}");
    let sum = |bs: &[Value], k: &str| bs.iter().map(|b| b[k].as_f64().unwrap()).sum::<f64>();
    let share = |bs: &[Value]| sum(bs, "right") / sum(bs, "changes").max(1.0);
    assert!(share(&bands[4..]) > 0.95 && share(&bands[4..]) > share(&bands[..3]) + 0.1, "{c}");
    // Calibration: with the confidences' temperature at 1 these were 85.6% confident and 75.0% right.
    let mean_confidence = sum(&bands[..4], "confidence_sum") / sum(&bands[..4], "changes");
    assert!((mean_confidence - share(&bands[..4])).abs() < 0.05, "{c}");
    assert_eq!(report["documents"][0]["changes"], *c);
    let (text, _) = vnocr(&["--hyp", hyp_s, "--gold", gold_s]);
    assert!(text.contains("Changes by confidence") && text.contains("under 0.90:"), "{text}");
}

/// `vnocr process --out` names its outputs after the corpus convention (`<stem>.ocr.txt` gives `<stem>.txt` and
/// `<stem>.json`, beside the gold's `<stem>.gold.txt` and `<stem>.meta.json`) and lays the JSON out as `score.py meta`
/// reads it, so the yardstick scores them as they are: `score.py text-dir OUT GOLD` and `score.py meta OUT/<stem>.json
/// GOLD/<stem>.meta.json`.
#[test]
fn score_py_reads_process_outputs_as_they_are() {
    let t = TempDir::new().unwrap();
    let stem = "003_07071c8f3bf3abc8";
    let (out, gold) = processed(&t, stem);
    let text = python(&["text-dir", out.to_str().unwrap(), gold.to_str().unwrap()]);
    let ser: f64 = text
        .lines()
        .find_map(|l| l.strip_prefix(&format!("{stem}: SER "))?.split('%').next()?.parse().ok())
        .unwrap_or_else(|| panic!("no score for {stem}: {text}"));
    assert!(ser < 2.5, "{text}");
    let h = out.join(format!("{stem}.json"));
    let g = root().join(format!("corpus/{stem}.meta.json"));
    let meta: Value = serde_json::from_str(&python(&["meta", h.to_str().unwrap(), g.to_str().unwrap()])).unwrap();
    assert_eq!(meta["document_fields_right"], 7, "{meta}");
    assert_eq!(meta["ref_f1"], 1.0, "{meta}");
}
