//! # vnocr
//!
//! Turns the raw OCR output of scanned Vietnamese administrative documents into correct Vietnamese text and
//! structured metadata. OCR run without a Vietnamese model prints "Thi twéng Chinh phi" for "Thủ tướng Chính
//! phủ"; [`restore::Restorer`] gives the marks and letters back with a syllable 5-gram language model and an OCR
//! channel model, and [`extract`] reads the document's number, type, issuer, place, date, subject, cited documents
//! and signer. The models are built into the crate (`dictionaries/`), so nothing else is needed.
//!
//! Text flows one way: input → normalize → tokenize → candidates → decode → extract → output. Each stage is a
//! module with a small public surface; the `vnocr` binary is a thin layer over it.
//!
//! | stage | module | main items |
//! |---|---|---|
//! | input | [`input`] | [`input::read_path`], [`input::Document`] (decoded text, line ending, byte-order mark) |
//! | normalize | [`normalize`] | [`normalize::Normalizer`], [`normalize::Normalized`] (with offsets back to the input) |
//! | tokenize | [`tokenize`], [`syllable`] | [`tokenize::tokenize`], [`syllable::Syllable`] |
//! | candidates | [`candidates`], [`channel`], [`lexicon`] | [`candidates::CandidateIndex`], [`channel::ChannelModel`] |
//! | decode | [`decode`], [`lm`], [`restore`] | [`lm::NgramLm`], [`restore::Restorer`] |
//! | extract | [`extract`] | [`extract::extract_restored`], [`extract::Metadata`] |
//! | output | [`pipeline`], [`batch`] | [`pipeline::Pipeline`], [`batch::run_dir`], [`batch::run_jsonl`] |
//! | measure | [`eval`], [`noise`] | [`eval::score_text`] (the figures of `score.py`), [`noise`] profiles |
//!
//! ## Restore a line and read its metadata
//!
//! ```
//! use vnocr::restore::Restorer;
//!
//! let ocr = "Quyét dinh s6 2289/QP-TTg ngay 31/12/2020 ciia Thi twéng Chinh phi";
//! let restorer = Restorer::builder().min_confidence(0.5).build()?; // the models built into the crate
//! let out = restorer.restore(ocr);
//! assert_eq!(out.text, "Quyết định số 2289/QĐ-TTg ngày 31/12/2020 của Thủ tướng Chính phủ");
//!
//! let meta = vnocr::extract::extract_restored(&out.text, ocr);
//! assert_eq!(meta.references[0].number, "2289/QĐ-TTg");
//! assert_eq!(meta.references[0].date.as_deref(), Some("2020-12-31"));
//! # Ok::<(), vnocr::Error>(())
//! ```
//!
//! ## Review the changes
//!
//! Every change carries its line, its byte spans in the input and the output, the original and the replacement,
//! a confidence (how often such a change is right) and the runner-up. Numbers, dates, punctuation and spacing are
//! never changed, so putting every applied change's original back gives the input, byte for byte.
//!
//! ```
//! use vnocr::restore::Restorer;
//!
//! let ocr = "Ké hoach s6 02/KH-BCP\nngay 15/5/2025 cua Ban Chi dao";
//! let out = Restorer::from_default()?.restore(ocr);
//! assert_eq!(out.text, "Kế hoạch số 02/KH-BCĐ\nngày 15/5/2025 của Ban Chỉ đạo");
//! assert_eq!(out.text.lines().count(), ocr.lines().count());
//!
//! let mut back = out.text.clone();
//! for c in out.changes.iter().rev().filter(|c| c.applied) {
//!     assert_eq!(&ocr[c.input.start..c.input.end], c.original);
//!     assert!((0.0..=1.0).contains(&c.confidence));
//!     back.replace_range(c.output.start..c.output.end, &c.original);
//! }
//! assert_eq!(back, ocr);
//! # Ok::<(), vnocr::Error>(())
//! ```
//!
//! ## Process a whole document
//!
//! [`pipeline::Pipeline`] restores and extracts one document, as `vnocr process` and `vnocr batch` do; its output
//! serializes to the JSON those commands write. It is `Sync`: share one across rayon's threads.
//!
//! ```
//! use vnocr::batch::Doc;
//! use vnocr::pipeline::Pipeline;
//!
//! let pipeline = Pipeline::from_default()?;
//! let text = "UY BAN NHAN DAN\nTINH QUANG NGAI\nS6: 66/KH-UBND\nQuang Ngai, ngay 18 thang 5 nam 2020\n";
//! let out = pipeline.process(&Doc { name: "plan.txt".into(), text: text.into() })?;
//! let meta = &out.json.metadata;
//! assert_eq!(meta.document.number.as_deref(), Some("66/KH-UBND"));
//! assert_eq!(meta.document.date.as_deref(), Some("2020-05-18"));
//! assert_eq!(meta.document.place.as_deref(), Some("Quảng Ngãi"));
//! let json = serde_json::to_string(&out.json).expect("serializable");
//! assert!(json.contains("\"changes\""));
//! # Ok::<(), vnocr::Error>(())
//! ```
//!
//! ## Score against a gold transcription
//!
//! [`eval::score_text`] computes SER, SERci, DER and CER with the definitions of `shared/eval/score.py`, line
//! by line (the two texts must have the same number of lines).
//!
//! ```
//! let gold = ["Thủ tướng Chính phủ"];
//! let score = vnocr::eval::score_text(&["Thủ tướng Chinh phủ"], &gold)?;
//! assert_eq!(score.tokens, 4);
//! assert_eq!(score.ser, 25.0); // one syllable of four is wrong
//! assert_eq!(score.der, 25.0); // and only by its marks
//! # Ok::<(), vnocr::Error>(())
//! ```
//!
//! ## Other models
//!
//! `vnocr train` and `vnocr train-channel` build models of your own (README); load them by path, memory-mapped.
//! A truncated, corrupted or wrong-version file is an [`Error`], never a panic.
//!
//! ```no_run
//! use std::path::Path;
//! use vnocr::restore::Restorer;
//! use vnocr::syllable::ToneStyle;
//!
//! let restorer = Restorer::builder()
//!     .model_path(Path::new("my-lm.bin"))?
//!     .channel_path(Path::new("my-channel.bin"))?
//!     .tones(ToneStyle::Modern)
//!     .build()?;
//! # Ok::<(), vnocr::Error>(())
//! ```

pub mod align;
pub mod arpa;
pub mod batch;
pub mod candidates;
pub mod channel;
pub mod decode;
pub mod error;
pub mod eval;
pub mod extract;
pub mod input;
pub mod lexicon;
pub mod lm;
pub mod markers;
pub mod model;
pub mod names;
pub mod noise;
pub mod normalize;
pub mod pipeline;
pub mod restore;
pub mod syllable;
pub mod tokenize;

pub use error::{Error, Result};
