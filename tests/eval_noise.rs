//! The `seeds` noise profile reproduces real OCR: learned from two corpus documents, the noise it puts on the
//! third document's gold scores close to that document's real OCR (leave-one-out, so no document is scored with
//! counts learned from itself).

use std::path::PathBuf;

use vnocr::eval::{read_lines, score_text};
use vnocr::noise::{NoiseProfile, SeedsChannel, corrupt_lines};

#[test]
fn seeds_noise_scores_like_the_real_ocr_leave_one_out() {
    let corpus = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("corpus");
    let mut stems: Vec<String> = std::fs::read_dir(&corpus)
        .unwrap()
        .filter_map(|e| e.unwrap().file_name().to_str()?.strip_suffix(".ocr.txt").map(str::to_string))
        .collect();
    stems.sort();
    assert!(stems.len() >= 3);
    let docs: Vec<(String, Vec<String>, Vec<String>)> = stems
        .iter()
        .map(|s| {
            let o = read_lines(&corpus.join(format!("{s}.ocr.txt"))).unwrap();
            let g = read_lines(&corpus.join(format!("{s}.gold.txt"))).unwrap();
            (s.clone(), o, g)
        })
        .collect();
    for (k, (stem, ocr, gold)) in docs.iter().enumerate() {
        let others =
            docs.iter().enumerate().filter(|(i, _)| *i != k).map(|(_, (n, o, g))| (n.as_str(), &o[..], &g[..]));
        let channel = SeedsChannel::learn(others).unwrap();
        let real = score_text(ocr, gold).unwrap();
        for seed in [1, 2] {
            let noisy = corrupt_lines(gold, &NoiseProfile::Seeds(channel.clone()), seed);
            assert_eq!(noisy.len(), gold.len());
            let s = score_text(&noisy, gold).unwrap();
            eprintln!("{stem} seed {seed}: seeds noise {}\n{stem}         real OCR    {}", s.summary(), real.summary());
            // 5 points of tolerance; the differences measured are under 1 point for SER and CER.
            assert!((s.ser - real.ser).abs() < 5.0, "{stem} seed {seed}: SER noise {} real {}", s.ser, real.ser);
            assert!((s.cer - real.cer).abs() < 5.0, "{stem} seed {seed}: CER noise {} real {}", s.cer, real.cer);
            assert!((s.der - real.der).abs() < 10.0, "{stem} seed {seed}: DER noise {} real {}", s.der, real.der);
        }
    }
}

/// `TesseractParams::measure` on the real book OCR of the HCMUS pairs (an engine that does put Vietnamese marks),
/// and the round trip: text corrupted by the `tesseract` profile with the measured rates measures back to them.
#[test]
fn tesseract_rates_measured_on_real_ocr_round_trip() {
    use vnocr::noise::{Rng, TesseractParams, corrupt};
    let path =
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/pairs/hcmus-ocr-correction-pairs/test_pairs.tsv");
    let text = std::fs::read_to_string(&path).expect("../shared beside the repo");
    let unquote = |f: &str| -> String {
        match f.strip_prefix('"').and_then(|f| f.strip_suffix('"')) {
            Some(inner) => inner.replace("\"\"", "\""),
            None => f.to_string(),
        }
    };
    let (mut ocr, mut gold) = (Vec::new(), Vec::new());
    for line in text.lines().skip(1) {
        let f: Vec<&str> = line.split('\t').collect();
        if f.len() == 3 && f[0] == "book_ocr_line" {
            ocr.push(unquote(f[1]));
            gold.push(unquote(f[2]));
        }
    }
    assert!(ocr.len() > 1000, "{} book OCR lines", ocr.len());
    let (p, c) = TesseractParams::measure(&ocr, &gold).unwrap();
    eprintln!("HCMUS book OCR ({} lines): {p:?}\n  counts {c:?}", ocr.len());
    assert!(c.syllables > 5000, "{c:?}");
    for r in [p.wrong_tone, p.drop_tone, p.drop_quality, p.add_tone, p.split] {
        assert!((0.0..=1.0).contains(&r), "{p:?}");
    }
    assert!(p.wrong_tone > 0.0 && p.drop_tone > 0.0 && p.drop_quality > 0.0, "{p:?}");

    // round trip on the gold lines
    let mut rng = Rng::new(11);
    let noisy: Vec<String> = gold.iter().map(|g| corrupt(g, &NoiseProfile::Tesseract(p), &mut rng)).collect();
    let (q, _) = TesseractParams::measure(&noisy, &gold).unwrap();
    eprintln!("tesseract profile with those rates, measured back: {q:?}");
    for (name, want, got) in [
        ("wrong_tone", p.wrong_tone, q.wrong_tone),
        ("drop_tone", p.drop_tone, q.drop_tone),
        ("drop_quality", p.drop_quality, q.drop_quality),
        ("add_tone", p.add_tone, q.add_tone),
        ("split", p.split, q.split),
    ] {
        assert!((want - got).abs() <= 0.2 * want + 0.01, "{name}: profile rate {want}, measured back {got}");
    }
}
