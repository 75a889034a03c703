//! The language model end to end on a slice of the real admin corpus: smoothing sums to one, save/load and ARPA
//! round trips, damaged files give `Error::Model`, and the `train`/`perplexity` commands run.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use vnocr::Error;
use vnocr::lexicon::Vocab;
use vnocr::lm::train::{self, CorpusSpec, TrainOptions};
use vnocr::model::{self, LmModel, ModelParts};

fn corpus_slice(dir: &Path, lines: usize) -> PathBuf {
    let src = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/corpora/admin.txt.xz");
    let text = train::read_text(Path::new(src)).expect("../shared beside the repo");
    let part: Vec<&str> = text.lines().take(lines).collect();
    let path = dir.join("admin.txt");
    std::fs::write(&path, part.join("\n")).unwrap();
    path
}

fn build(lines: usize, order: usize, budget: Option<usize>) -> (tempfile::TempDir, PathBuf, ModelParts) {
    let dir = tempfile::tempdir().unwrap();
    let path = corpus_slice(dir.path(), lines);
    let parts = build_from(&path, order, budget);
    (dir, path, parts)
}

fn build_from(path: &Path, order: usize, budget: Option<usize>) -> ModelParts {
    let mut spec = CorpusSpec::new(&path);
    spec.holdout = 0.1;
    let opts = TrainOptions { order, min_count: 2.0, ..TrainOptions::default() };
    let (counts, held) = train::count(&[spec], &opts).unwrap();
    assert!(!held.is_empty());
    train::estimate(&counts, order, budget, "test").unwrap()
}

/// Every context (suffix of a training/held-out history, plus unseen ones) over the whole vocabulary.
fn check_sums(m: &LmModel, text: &str) {
    let (vocab, lm) = (m.vocab(), m.lm());
    let mut contexts: BTreeSet<Vec<u32>> = BTreeSet::new();
    for line in text.lines() {
        let mut hist = vec![Vocab::BOS];
        for f in vnocr::lm::lm_tokens(line) {
            let w = vocab.id_or_unk(&f);
            hist.push(w);
            for j in 1..lm.order().min(hist.len() + 1) {
                contexts.insert(hist[hist.len() - j..].to_vec());
            }
        }
    }
    contexts.insert(vec![]);
    contexts.insert(vec![Vocab::UNK, Vocab::NUM, Vocab::UNK]);
    contexts.insert(vec![Vocab::EOS]);
    assert!(contexts.len() > 500, "{} contexts", contexts.len());
    let mut worst = 0f64;
    for ctx in &contexts {
        let sum: f64 = (0..vocab.len() as u32).map(|w| 10f64.powf(f64::from(lm.log_prob(ctx, w)))).sum();
        worst = worst.max((sum - 1.0).abs());
        assert!((sum - 1.0).abs() < 1e-6, "context {ctx:?}: probabilities sum to {sum}");
    }
    eprintln!("{} contexts, worst |sum - 1| = {worst:e}", contexts.len());
}

#[test]
fn smoothing_sums_to_one_unpruned() {
    let (_d, path, parts) = build(400, 3, None);
    assert_eq!(parts.info.pruning, "none");
    let m = LmModel::from_vec(model::to_bytes(&parts).unwrap()).unwrap();
    check_sums(&m, &std::fs::read_to_string(path).unwrap());
}

#[test]
fn smoothing_sums_to_one_pruned() {
    let (_d, path, parts) = build(400, 4, None);
    let full = model::to_bytes(&parts).unwrap().len();
    let pruned = build_from(&path, 4, Some(full * 2 / 3));
    let bytes = model::to_bytes(&pruned).unwrap();
    assert!(bytes.len() <= full * 2 / 3, "{} > budget {}", bytes.len(), full * 2 / 3);
    assert!(pruned.ngrams[3].len() < parts.ngrams[3].len());
    let m = LmModel::from_vec(bytes).unwrap();
    check_sums(&m, &std::fs::read_to_string(path).unwrap());
}

#[test]
fn known_ngram_beats_its_confusable() {
    let (_d, _, parts) = build(2000, 3, None);
    let m = LmModel::from_vec(model::to_bytes(&parts).unwrap()).unwrap();
    let (v, lm) = (m.vocab(), m.lm());
    let id = |w: &str| v.id(w).unwrap_or_else(|| panic!("{w} in vocabulary"));
    // "ủy ban nhân dân": "nhân" after "ủy ban" is far likelier than "nhấn".
    let ctx = [id("ủy"), id("ban")];
    assert!(lm.log_prob(&ctx, id("nhân")) > lm.log_prob(&ctx, id("nhận")) + 1.0);
    assert!(lm.log_prob(&ctx, id("nhân")) > lm.log_prob(&ctx, v.id_or_unk("nhấn")) + 1.0);
    assert_eq!(lm.log_prob(&ctx, Vocab::BOS), vnocr::lm::LOG_ZERO);
    // Only the last order-1 ids of a long context matter; ids out of range are <unk>.
    let long = [Vocab::BOS, id("tỉnh"), id("ủy"), id("ban")];
    assert_eq!(lm.log_prob(&long, id("nhân")), lm.log_prob(&ctx, id("nhân")));
    assert_eq!(lm.log_prob(&ctx, u32::MAX), lm.log_prob(&ctx, Vocab::UNK));
}

#[test]
fn save_load_round_trip_and_determinism() {
    let (dir, _, parts) = build(600, 3, None);
    let bytes = model::to_bytes(&parts).unwrap();
    let again = build_from(&dir.path().join("admin.txt"), 3, None);
    assert!(bytes == model::to_bytes(&again).unwrap(), "rebuilding gives the same bytes");
    let file = dir.path().join("lm.bin");
    model::write(&parts, &file).unwrap();
    let loaded = LmModel::load(&file).unwrap();
    let mem = LmModel::from_vec(bytes).unwrap();
    assert_eq!(loaded.info(), mem.info());
    assert_eq!(loaded.info().ngrams, parts.ngrams.iter().map(|s| s.len() as u64).collect::<Vec<_>>());
    assert_eq!(loaded.vocab().len(), parts.words.len());
    for (id, w, c) in loaded.vocab().iter() {
        assert_eq!(w, parts.words[id as usize]);
        assert_eq!(c, parts.counts[id as usize]);
        assert_eq!(loaded.vocab().id(w), Some(id));
    }
    assert_eq!(loaded.vocab().id("xyzzy"), None);
    // Every stored n-gram reads back exactly its probability.
    for (k, set) in parts.ngrams.iter().enumerate() {
        let n = k + 1;
        for i in 0..set.len() {
            let ids = &set.ids[i * n..(i + 1) * n];
            assert_eq!(loaded.lm().log_prob(&ids[..n - 1], ids[n - 1]), set.logp[i], "{ids:?}");
        }
    }
    assert_eq!(loaded.code_parts(), &parts.code_parts[..]);
}

#[test]
fn arpa_round_trip() {
    let (dir, _, parts) = build(500, 3, None);
    let text = vnocr::arpa::to_arpa(&parts);
    let back = vnocr::arpa::from_arpa(&text, Path::new("x.arpa")).unwrap();
    assert_eq!(vnocr::arpa::to_arpa(&back), text, "export → import → export is stable");
    assert_eq!(back.words, parts.words);
    let a = LmModel::from_vec(model::to_bytes(&parts).unwrap()).unwrap();
    let b = LmModel::from_vec(model::to_bytes(&back).unwrap()).unwrap();
    let ids: Vec<u32> = (0..a.vocab().len() as u32).step_by(7).collect();
    for w in &ids {
        for c1 in ids.iter().take(40) {
            for c2 in [Vocab::BOS, 10, 20] {
                let ctx = [c2, *c1];
                assert_eq!(a.lm().log_prob(&ctx, *w), b.lm().log_prob(&ctx, *w));
            }
        }
    }
    // Truncated ARPA text is an error naming the file.
    let cut = &text[..text.len() / 2];
    let err = vnocr::arpa::from_arpa(cut, Path::new("cut.arpa")).unwrap_err();
    assert!(err.to_string().contains("cut.arpa"), "{err}");
    let _ = dir;
}

fn expect_model_error(bytes: Vec<u8>, dir: &Path, want: &str) {
    let path = dir.join("bad.bin");
    std::fs::write(&path, &bytes).unwrap();
    match LmModel::load(&path) {
        Err(Error::Model { path: p, message }) => {
            assert_eq!(p, path);
            assert!(message.contains(want), "message {message:?} lacks {want:?}");
        }
        other => panic!("expected a model error containing {want:?}, got {other:?}"),
    }
}

#[test]
fn damaged_files_are_model_errors() {
    let (dir, _, parts) = build(300, 3, None);
    let good = model::to_bytes(&parts).unwrap();
    let d = dir.path();
    expect_model_error(good[..good.len() - 100].to_vec(), d, "truncated");
    expect_model_error(good[..20].to_vec(), d, "truncated");
    expect_model_error(Vec::new(), d, "bad magic");
    expect_model_error(b"ARPA\n\\data\\\n".to_vec(), d, "bad magic");
    let mut flipped = good.clone();
    let mid = flipped.len() / 2;
    flipped[mid] ^= 0x40;
    expect_model_error(flipped, d, "checksum");
    let mut version = good.clone();
    version[8] = 99;
    expect_model_error(version, d, "version 99");
    let mut padded = good.clone();
    padded.extend_from_slice(&[0; 8]);
    expect_model_error(padded, d, "header says");
    // Every truncation point fails cleanly.
    for cut in (0..good.len()).step_by(good.len() / 50 + 1) {
        let path = d.join("cut.bin");
        std::fs::write(&path, &good[..cut]).unwrap();
        assert!(matches!(LmModel::load(&path), Err(Error::Model { .. })), "cut at {cut}");
    }
    match LmModel::load(&d.join("missing.bin")) {
        Err(Error::Io { .. }) => {}
        other => panic!("{other:?}"),
    }
}

#[test]
fn cli_train_and_perplexity() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = corpus_slice(dir.path(), 600);
    let (model, held, arpa) = (dir.path().join("m.bin"), dir.path().join("held.txt"), dir.path().join("m.arpa"));
    let out = assert_cmd::Command::cargo_bin("vnocr")
        .unwrap()
        .args(["train", "--order", "3", "--holdout-tail", "admin=0.1", "--max-mb", "0"])
        .arg(&corpus)
        .arg("-o")
        .arg(&model)
        .arg("--write-holdout")
        .arg(&held)
        .arg("--arpa-out")
        .arg(&arpa)
        .assert()
        .success();
    drop(out);
    let held_text = std::fs::read_to_string(&held).unwrap();
    let corpus_text = std::fs::read_to_string(&corpus).unwrap();
    assert_eq!(held_text.lines().count(), 60);
    assert!(corpus_text.trim_end().ends_with(held_text.trim_end()), "held-out lines are the tail");
    let m = LmModel::load(&model).unwrap();
    assert_eq!(m.info().corpora[0].holdout_lines, 60);
    assert_eq!(m.info().corpora[0].lines, 540);
    let ppl = assert_cmd::Command::cargo_bin("vnocr")
        .unwrap()
        .args(["perplexity", "--json", "--model"])
        .arg(&model)
        .arg(&held)
        .output()
        .unwrap();
    assert!(ppl.status.success());
    let v: serde_json::Value = serde_json::from_slice(&ppl.stdout).unwrap();
    let p = v["result"]["perplexity"].as_f64().unwrap();
    assert!(p > 2.0 && p < 500.0, "perplexity {p}");
    // The ARPA file imports into an equivalent model.
    let from_arpa = dir.path().join("a.bin");
    assert_cmd::Command::cargo_bin("vnocr")
        .unwrap()
        .args(["train", "--from-arpa"])
        .arg(&arpa)
        .arg("-o")
        .arg(&from_arpa)
        .assert()
        .success();
    let a = LmModel::load(&from_arpa).unwrap();
    assert_eq!(a.info().ngrams, m.info().ngrams);
    // A damaged model is exit code 2 with the file named.
    let bad = dir.path().join("bad.bin");
    std::fs::write(&bad, &std::fs::read(&model).unwrap()[..1000]).unwrap();
    assert_cmd::Command::cargo_bin("vnocr")
        .unwrap()
        .args(["perplexity", "--model"])
        .arg(&bad)
        .arg(&held)
        .assert()
        .code(2)
        .stderr(predicates::str::contains("bad.bin"));
}
