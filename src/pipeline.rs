//! The one place that runs the per-document stages on a document: the function that `vnocr process`,
//! `vnocr batch` and `vnocr batch --jsonl` share, so that the three give the same bytes for the same input.
//!
//! A document is cut into paragraph chunks ([`crate::batch::paragraph_chunks`], [`Pipeline::chunk_bytes`] each
//! at least) that are processed in parallel on the current rayon pool and joined in order; change positions
//! are given in document coordinates.
//!
//! Stage wired now: tone-placement normalization of every valid syllable to the `classic` style (`thuỷ` →
//! `thủy`).
//! The restorer and the extractor take its place when they land in the library.
//!
//! ```
//! use vnocr::batch::Doc;
//! use vnocr::pipeline::Pipeline;
//!
//! let pipeline = Pipeline::from_default().unwrap();
//! let out = pipeline.process(&Doc { name: "x".into(), text: "hoà bình\n\nthuỷ lợi\n".into() }).unwrap();
//! assert_eq!(out.text, "hòa bình\n\nthủy lợi\n");
//! assert_eq!(out.stats.syllables, 4);
//! assert_eq!(out.json.changes.len(), 2);
//! assert_eq!((out.json.changes[1].line, out.json.changes[1].start), (3, 12));
//! ```

use serde::Serialize;

use crate::Result;
use crate::batch::{Chunk, Doc, Output, Stats, map_chunks};
use crate::syllable::{Syllable, ToneStyle, retone};
use crate::tokenize::{TokenKind, tokenize};

/// One token changed by the pipeline, in document coordinates.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Change {
    /// 1-based line number.
    pub line: usize,
    /// Byte span of the original token in the input document.
    pub start: usize,
    /// End of that span (exclusive).
    pub end: usize,
    /// The token as it was.
    pub original: String,
    /// What it became.
    pub replacement: String,
}

/// The JSON part of a processed document: the fields of `<stem>.json` and of a JSONL record.
#[derive(Debug, Clone, Serialize)]
pub struct DocJson {
    /// Document metadata (null until the extractor is wired).
    pub metadata: serde_json::Value,
    /// Every change, in text order.
    pub changes: Vec<Change>,
}

/// The per-document pipeline. `&self` is shared by all worker threads.
#[derive(Debug, Clone)]
pub struct Pipeline {
    /// Documents larger than this are processed as parallel paragraph chunks of at least this many bytes.
    pub chunk_bytes: usize,
}

/// Default [`Pipeline::chunk_bytes`]: 64 KiB, about 12,000 syllables.
pub const DEFAULT_CHUNK_BYTES: usize = 64 << 10;

impl Pipeline {
    /// The pipeline with the default models.
    pub fn from_default() -> Result<Pipeline> {
        Ok(Pipeline { chunk_bytes: DEFAULT_CHUNK_BYTES })
    }

    /// Processes one document.
    pub fn process(&self, doc: &Doc) -> Result<Output<DocJson>> {
        let parts = map_chunks(&doc.text, self.chunk_bytes, |chunk| self.process_chunk(chunk));
        let mut text = String::with_capacity(doc.text.len() + doc.text.len() / 8);
        let (mut changes, mut stats) = (Vec::new(), Stats::default());
        for (t, c, s) in parts {
            text.push_str(&t);
            changes.extend(c);
            stats += s;
        }
        Ok(Output { text, json: DocJson { metadata: serde_json::Value::Null, changes }, stats })
    }

    fn process_chunk(&self, chunk: Chunk<'_>) -> (String, Vec<Change>, Stats) {
        let mut out = String::with_capacity(chunk.text.len());
        let (mut changes, mut stats) = (Vec::new(), Stats::default());
        let mut line = chunk.line + 1;
        for tok in tokenize(chunk.text) {
            match tok.kind {
                TokenKind::Word => {
                    stats.syllables += 1;
                    let new = match Syllable::parse(tok.text) {
                        Some(s) if s.is_valid() => retone(tok.text, ToneStyle::Classic),
                        _ => tok.text.to_string(),
                    };
                    if new != tok.text {
                        stats.changes += 1;
                        changes.push(Change {
                            line,
                            start: chunk.start + tok.start,
                            end: chunk.start + tok.end(),
                            original: tok.text.to_string(),
                            replacement: new.clone(),
                        });
                    }
                    out.push_str(&new);
                }
                _ => {
                    line += tok.text.matches('\n').count();
                    out.push_str(tok.text);
                }
            }
        }
        (out, changes, stats)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chunked_and_whole_agree() {
        let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/corpus/001_d6b316fd38878d12.ocr.txt"))
            .unwrap()
            .replace("òa", "oà")
            + "\n\nthuỷ lợi, hoà bình, khoẻ\n";
        let doc = Doc { name: "x".into(), text };
        let whole = Pipeline { chunk_bytes: usize::MAX }.process(&doc).unwrap();
        let pool = crate::batch::thread_pool(2).unwrap();
        let chunked = pool.install(|| Pipeline { chunk_bytes: 2000 }.process(&doc).unwrap());
        assert!(crate::batch::paragraph_chunks(&doc.text, 2000).len() > 5);
        assert_eq!(whole.text, chunked.text);
        assert_eq!(whole.json.changes, chunked.json.changes);
        assert_eq!(whole.stats, chunked.stats);
        assert!(whole.stats.changes >= 3);
        for c in &whole.json.changes {
            assert_eq!(&doc.text[c.start..c.end], c.original);
            assert_eq!(doc.text[..c.start].matches('\n').count() + 1, c.line);
        }
    }
}
