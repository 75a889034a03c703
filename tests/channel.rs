//! The channel model and candidate index on the real seed documents, leave-one-out: the model that ranks the
//! examples of document 004 never saw document 004.

use std::path::Path;
use std::sync::LazyLock;

use vnocr::candidates::{CandidateIndex, read_counts_tsv};
use vnocr::channel::{ChannelModel, Half, TrainOptions, read_line_pairs, read_tsv_pairs};

const HELD_OUT: &str = "004_221ff7e4d995610f";
const TRAIN: [&str; 2] = ["001_d6b316fd38878d12", "003_07071c8f3bf3abc8"];

fn seed(stem: &str) -> Vec<(String, String)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
    read_line_pairs(&dir.join(format!("{stem}.ocr.txt")), &dir.join(format!("{stem}.gold.txt"))).unwrap()
}

fn shared() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared")
}

/// Trained on two seeds and the HCMUS book-OCR train half (at half weight, as the shipped model); never saw
/// `HELD_OUT`.
static LOO: LazyLock<ChannelModel> = LazyLock::new(train_loo);

fn train_loo() -> ChannelModel {
    let pairs: Vec<(String, String)> = TRAIN.iter().flat_map(|s| seed(s)).collect();
    let tsv = shared().join("pairs/hcmus-ocr-correction-pairs/test_pairs.tsv");
    let book = read_tsv_pairs(&tsv, "book_ocr_line", Half::Train).unwrap();
    ChannelModel::train_weighted(&[(&pairs, 1.0), (&book, 0.5)], &TrainOptions::default())
}

static VOCAB: LazyLock<Vec<(String, u64)>> = LazyLock::new(|| {
    read_counts_tsv(&shared().join("lexicon/derived-syllable-inventory/syllable_counts.tsv"), 50_000).unwrap()
});

fn index(model: &ChannelModel) -> CandidateIndex {
    CandidateIndex::build(VOCAB.iter().enumerate().map(|(i, (w, c))| (i as u32, w.as_str(), *c)), model)
}

#[test]
fn held_out_examples_rank_top_three() {
    let held = seed(HELD_OUT);
    let index = index(&LOO);
    for (ocr, gold) in
        [("ciia", "của"), ("pang", "đảng"), ("s6", "số"), ("1an", "lần"), ("twéng", "tướng"), ("quy ét", "quyết")]
    {
        if ocr != "twéng" {
            assert!(
                held.iter().any(|(o, _)| o.to_lowercase().contains(ocr)),
                "{ocr} is not an example from the held-out document"
            );
        }
        let cands = index.candidates(ocr, 3);
        let texts: Vec<&str> = cands.iter().map(|c| c.text.as_str()).collect();
        assert!(texts.contains(&gold), "{ocr}: top 3 {texts:?} lacks {gold}");
        for w in cands.windows(2) {
            assert!(w[0].channel_logp.is_finite());
        }
    }
    // one OCR token for two words
    let cands = index.candidates("khoahoc", 5);
    assert!(cands.iter().any(|c| c.text == "khoa học" && c.ids.len() == 2), "{cands:?}");
}

/// A one-letter token has dozens of skeletons one generic edit away ("p": "pv", "p2", "jp", …); a frequent word
/// behind a learned rewrite and an edit ("p" → "d" → "đã") must still be among the candidates.
#[test]
fn frequent_words_are_not_crowded_out_by_rare_neighbours() {
    let index = index(&LOO);
    for (ocr, gold) in [("p", "đã"), ("b", "bộ")] {
        let cands = index.candidates(ocr, 50);
        assert!(
            cands.iter().any(|c| c.text == gold),
            "{ocr}: {:?} lacks {gold}",
            cands.iter().map(|c| &c.text).collect::<Vec<_>>()
        );
    }
}

#[test]
fn learned_edits_include_the_typical_ocr_confusions() {
    let m = &*LOO;
    // each pair: the learned reading beats a same-skeleton or same-shape alternative by a clear margin
    for (ocr, truth, other) in [
        ("ciia", "của", "cửa"),
        ("pang", "đảng", "pháng"),
        ("s6", "số", "sáu"),
        ("1an", "lần", "ban"),
        ("twéng", "tướng", "tuổng"),
        ("dén", "đến", "đen"),
        ("cong", "công", "cống"),
    ] {
        let (a, b) = (m.log_prob(ocr, truth), m.log_prob(ocr, other));
        assert!(a > b, "{ocr}: {truth} {a} should beat {other} {b}");
    }
    // the edits are learned, not typed in: a model trained on nothing knows none of them
    let empty = ChannelModel::train(&[], &TrainOptions::default());
    assert!(empty.log_prob("ciia", "của") < m.log_prob("ciia", "của") - 2.0);
}

#[test]
fn accentless_text_is_explained() {
    let m = &*LOO;
    // stripping all marks costs little per letter, and less than an unrelated letter
    assert!(m.log_prob("nghiep", "nghiệp") > -3.0);
    assert!(m.log_prob("duong", "đường") > m.log_prob("duong", "lường"));
    let index = index(m);
    for (ocr, gold) in [("truong", "trường"), ("nghiep", "nghiệp"), ("duoc", "được"), ("viec", "việc")] {
        let texts: Vec<String> = index.candidates(ocr, 10).into_iter().map(|c| c.text).collect();
        assert!(texts.iter().any(|t| t == gold), "{ocr}: {texts:?}");
    }
}

#[test]
fn code_parts_are_restored_from_known_parts() {
    let index = index(&LOO);
    let known: Vec<(String, u64)> = [
        ("QĐ", 900),
        ("TTg", 500),
        ("NĐ", 400),
        ("CP", 600),
        ("UBND", 800),
        ("HĐND", 300),
        ("BCĐTW", 20),
        ("NQ", 700),
        ("TW", 650),
        ("KH", 300),
        ("TU", 200),
    ]
    .iter()
    .map(|(p, n)| (p.to_string(), *n))
    .collect();
    for (part, want) in [
        ("QD", "QĐ"),
        ("QP", "QĐ"),
        ("BCDTW", "BCĐTW"),
        ("HEND", "HĐND"),
        ("TTG", "TTg"),
        ("ND", "NĐ"),
        ("UBND", "UBND"),
    ] {
        assert_eq!(index.restore_code_part(part, &known).as_deref(), Some(want), "{part}");
    }
    for part in ["XYZ", "ABCDEFG", ""] {
        assert_eq!(index.restore_code_part(part, &known), None, "{part}");
    }
}

#[test]
fn save_load_round_trip_and_bad_files() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("channel.bin");
    LOO.save(&path).unwrap();
    let back = ChannelModel::load(&path).unwrap();
    assert_eq!(back.to_bytes(), LOO.to_bytes());
    assert_eq!(back.log_prob("ciia", "của"), LOO.log_prob("ciia", "của"));
    // training is deterministic
    assert_eq!(train_loo().to_bytes(), LOO.to_bytes());

    let bytes = std::fs::read(&path).unwrap();
    let bad = dir.path().join("bad.bin");
    for (name, content) in [
        ("truncated", bytes[..bytes.len() / 2].to_vec()),
        ("empty", Vec::new()),
        ("foreign", b"GIF89a not a model at all".to_vec()),
        ("flipped", {
            let mut b = bytes.clone();
            b[100] ^= 1;
            b
        }),
    ] {
        std::fs::write(&bad, &content).unwrap();
        match ChannelModel::load(&bad) {
            Err(vnocr::Error::Model { path, message }) => {
                assert_eq!(path, bad, "{name}");
                assert!(!message.is_empty());
            }
            other => panic!("{name}: expected a model error, got {other:?}"),
        }
    }
    assert!(matches!(ChannelModel::load(&dir.path().join("missing.bin")), Err(vnocr::Error::Io { .. })));
}

#[test]
fn embedded_model_loads_and_knows_the_seed_confusions() {
    let m = ChannelModel::embedded().unwrap();
    assert!(m.log_prob("ciia", "của") > m.log_prob("ciia", "cửa"));
}

#[test]
fn index_is_shareable_between_threads() {
    fn assert_sync<T: Sync + Send>() {}
    assert_sync::<CandidateIndex>();
    assert_sync::<ChannelModel>();
    let index = index(&LOO);
    let single: Vec<String> = index.candidates("s6", 5).into_iter().map(|c| c.text).collect();
    std::thread::scope(|s| {
        for _ in 0..2 {
            s.spawn(|| {
                let got: Vec<String> = index.candidates("s6", 5).into_iter().map(|c| c.text).collect();
                assert_eq!(got, single);
            });
        }
    });
}

#[test]
fn spelled_like_a_vocabulary_word() {
    let index = index(&LOO);
    for (text, want) in [("cua", true), ("Của", true), ("qu yêt", true), ("thanh pho", false), ("xqzv", false)] {
        assert_eq!(index.spells_a_word(text), want, "{text}");
    }
}

/// A query longer than `MAX_QUERY_CHARS` folded chars gets no readings: no word, nor a few run together, is that
/// long. Up to it, a run of words is still read as words.
#[test]
fn overlong_queries_get_no_readings() {
    let index = index(&LOO);
    let long = "nghieng".repeat(10);
    assert!(long.len() > vnocr::candidates::MAX_QUERY_CHARS);
    assert!(index.candidates(&long, 5).is_empty());
    assert!(index.candidates(&"nghieng".repeat(1000), 5).is_empty());
    assert!(index.candidates("khoahoc", 5).iter().any(|c| c.text == "khoa học"));
}

/// The index remembers its answers (`CACHE_ENTRIES` of them) for every later document: an answer is the same
/// whether it was computed or remembered, whatever was asked before, and once the cache is full.
#[test]
fn remembered_answers_equal_computed_ones() {
    let texts = |cands: Vec<vnocr::candidates::Candidate>| -> Vec<(String, Vec<u32>, f32)> {
        cands.into_iter().map(|c| (c.text, c.ids, c.channel_logp)).collect()
    };
    let tokens = ["ciia", "pang", "s6", "1an", "twéng", "khoahoc", "Thi", "ciia"];
    let warm = index(&LOO);
    let first: Vec<_> = tokens.iter().map(|t| texts(warm.candidates(t, 5))).collect();
    // Asked again (remembered), and asked of a fresh index in the other order, with other k in between.
    let again: Vec<_> = tokens.iter().map(|t| texts(warm.candidates(t, 5))).collect();
    assert_eq!(first, again);
    let fresh = index(&LOO);
    for (t, want) in tokens.iter().zip(&first).rev() {
        let three = texts(fresh.candidates(t, 3));
        assert_eq!(three[..], want[..three.len()], "{t}");
        assert_eq!(&texts(fresh.candidates(t, 5)), want, "{t}");
    }
    // A full cache keeps answering.
    for i in 0..vnocr::candidates::CACHE_ENTRIES {
        fresh.candidates(&format!("x{i}"), 1);
    }
    let other = index(&LOO);
    for (t, want) in tokens.iter().zip(&first) {
        assert_eq!(&texts(fresh.candidates(t, 5)), want, "{t}");
        let longer = format!("{t}a");
        assert_eq!(texts(fresh.candidates(&longer, 5)), texts(other.candidates(&longer, 5)), "{longer}");
    }
    // Damaged tokens read as two damaged words share remembered halves ("tir" + "ndm", "tir" + "nqm").
    let (warm, cold) = (index(&LOO), index(&LOO).with_cache_entries(0));
    for t in ["tirndm", "tirnqm", "vdtirn", "tirndm", "khoahqc"] {
        assert_eq!(texts(warm.candidates(t, 20)), texts(cold.candidates(t, 20)), "{t}");
    }
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(64))]

    /// Any text — OCR junk, combining marks, long runs — gives finite scores and never panics.
    #[test]
    fn any_token_is_scored_without_panic(ocr in "[a-zđươăâêôơưàáảãạèéẻẽẹìíỉĩịòóỏõọùúủũụỳýỷỹỵ16&¢€ \u{301}\u{323}-]{0,40}", truth in "[a-zđươàáảãạệếểễ ]{0,12}") {
        let lp = LOO.log_prob(&ocr, &truth);
        proptest::prop_assert!(lp.is_finite() && lp <= 0.0, "{ocr:?} {truth:?} {lp}");
        static INDEX: LazyLock<CandidateIndex> = LazyLock::new(|| index(&LOO));
        let cands = INDEX.candidates(&ocr, 10);
        proptest::prop_assert!(cands.len() <= 10);
        for c in &cands {
            proptest::prop_assert!(c.channel_logp.is_finite() && !c.ids.is_empty() && c.ids.len() <= 2);
        }
    }
}
