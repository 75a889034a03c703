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
