//! # vnocr
//!
//! Turns the raw OCR output of scanned Vietnamese administrative documents into correct Vietnamese text and
//! structured metadata.
//!
//! Text flows one way: input → normalize → tokenize → candidates → decode → extract → output.
//! Each stage is a module with a small public surface; the `vnocr` binary is a thin layer over it.
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
