//! The one place that runs the per-document stages on a document: the function that `vnocr process`,
//! `vnocr batch` and `vnocr batch --jsonl` share, so that the three give the same bytes for the same input.
//!
//! Stages: restoration ([`crate::restore::Restorer`]), then extraction ([`crate::extract`]) on the whole
//! restored text (so metadata spans are offsets in the restored text). A document larger than
//! [`crate::restore::RestoreOptions::chunk_bytes`] is restored as paragraph chunks
//! ([`crate::batch::paragraph_chunks`]) in parallel on the current rayon pool, in both passes, joined in order, with
//! change positions given in document coordinates ([`Restorer::restore`]). The restorer decodes each paragraph (run
//! of non-blank lines) on its own, what it reads from the whole document (the list markers, the first pass's
//! readings) is read before the second pass ([`Restorer::context`]), and chunks are whole paragraphs, so chunking
//! changes nothing in the output.
//!
//! ```no_run
//! use vnocr::batch::Doc;
//! use vnocr::pipeline::Pipeline;
//!
//! let pipeline = Pipeline::from_default()?;
//! let out = pipeline.process(&Doc { name: "x".into(), text: "Thi twéng Chinh phi\n".into() })?;
//! println!("{}", out.text); // Thủ tướng Chính phủ
//! println!("{}", serde_json::to_string(&out.json)?); // {"metadata": {...}, "changes": [...]}
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use serde::Serialize;

use crate::Result;
use crate::batch::{Doc, Output, Stats};
use crate::extract::{Metadata, extract_restored};
use crate::restore::{Change, Restored, Restorer};

/// The JSON part of a processed document: the fields of `<stem>.json` and of a JSONL record.
#[derive(Debug, Clone, Serialize)]
pub struct DocJson {
    /// What the document says about itself ([`crate::extract`], schema 1; `source` is the document's name).
    pub metadata: Metadata,
    /// Every change the restorer made or flagged, in text order, positions in document coordinates.
    pub changes: Vec<Change>,
}

/// The fields of a processed document's `<stem>.json` file: the metadata's members at the top level (the schema-1
/// object that `vnocr extract` writes and `score.py meta` reads), then the change list. JSON Lines records and
/// `vnocr process` without `--out` keep [`DocJson`]'s `metadata` member.
#[derive(Debug, Clone, Serialize)]
pub struct DocFile {
    /// What the document says about itself, member by member.
    #[serde(flatten)]
    pub metadata: Metadata,
    /// Every change the restorer made or flagged, as in [`DocJson`].
    pub changes: Vec<Change>,
}

impl From<DocJson> for DocFile {
    fn from(d: DocJson) -> DocFile {
        DocFile { metadata: d.metadata, changes: d.changes }
    }
}

/// Changes with a confidence below this (or not applied for `--min-confidence`) count as low-confidence tokens in
/// the summary: the places a reviewer should look at.
pub const LOW_CONFIDENCE: f32 = 0.5;

/// The per-document pipeline. `&self` is shared by all worker threads.
pub struct Pipeline {
    restorer: Restorer,
}

impl Pipeline {
    /// The pipeline around a restorer.
    pub fn new(restorer: Restorer) -> Pipeline {
        Pipeline { restorer }
    }

    /// The pipeline with the models built into the binary.
    pub fn from_default() -> Result<Pipeline> {
        Ok(Pipeline::new(Restorer::from_default()?))
    }

    /// The restorer in use.
    pub fn restorer(&self) -> &Restorer {
        &self.restorer
    }

    /// Restores and extracts one document.
    pub fn process(&self, doc: &Doc) -> Result<Output<DocJson>> {
        let Restored { text, changes, stats: s } = self.restorer.restore(&doc.text);
        let low_confidence = changes.iter().filter(|c| !c.applied || c.confidence < LOW_CONFIDENCE).count();
        let stats =
            Stats { syllables: s.words as u64, changes: s.changed as u64, low_confidence: low_confidence as u64 };
        // Numbers are read from the input where the restorer rewrote a code's letters (see extract_restored).
        let mut metadata = extract_restored(&text, &doc.text);
        metadata.source = Some(doc.name.clone());
        Ok(Output { text, json: DocJson { metadata, changes }, stats })
    }
}
