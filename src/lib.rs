//! # vnocr
//!
//! Turns the raw OCR output of scanned Vietnamese administrative documents into correct Vietnamese text and
//! structured metadata.
//!
//! Text flows one way: input → normalize → tokenize → candidates → decode → extract → output.
//! Each stage is a module with a small public surface; the `vnocr` binary is a thin layer over it.

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
pub mod model;
pub mod noise;
pub mod normalize;
pub mod pipeline;
pub mod restore;
pub mod syllable;
pub mod tokenize;

pub use error::{Error, Result};
