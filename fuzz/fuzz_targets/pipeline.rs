//! Any bytes through the whole per-document pipeline (read → restore → extract), as `vnocr process` and
//! `vnocr batch` run it, with tiny chunks so that the paragraph chunking is exercised too.
//!
//! Besides "no panic", it checks what the README promises of the output: the input's lines are all there, and
//! putting every change's original back into the output (where a change was applied) gives the input again, byte
//! for byte: nothing the restorer did not decide to change is lost or moved.
//!
//!     cargo +nightly fuzz run pipeline -- -max_len=2048

#![no_main]

use std::sync::LazyLock;

use libfuzzer_sys::fuzz_target;
use vnocr::batch::Doc;
use vnocr::pipeline::Pipeline;
use vnocr::restore::{RestoreOptions, Restorer};

static PIPELINE: LazyLock<Pipeline> = LazyLock::new(|| {
    let options = RestoreOptions { chunk_bytes: 64, ..RestoreOptions::default() };
    Pipeline::new(Restorer::builder().options(options).build().expect("the built-in models load"))
});

fuzz_target!(|data: &[u8]| {
    // Bad input is an error naming the file, never a panic; only good text goes on.
    let Ok(doc) = vnocr::input::read_bytes("fuzz", data) else { return };
    let out = PIPELINE.process(&Doc { name: doc.name, text: doc.text.clone() }).expect("a decoded text processes");
    assert_eq!(out.text.matches('\n').count(), doc.text.matches('\n').count(), "line count");

    // Undo the applied changes, in output order: the gaps between them must be the input's bytes.
    let mut back = String::with_capacity(doc.text.len());
    let mut at = 0;
    for c in out.json.changes.iter().filter(|c| c.applied) {
        assert!(c.output.start >= at && c.output.end <= out.text.len(), "change spans in order: {c:?}");
        assert_eq!(&out.text[c.output.start..c.output.end], c.replacement, "output span holds the replacement");
        assert_eq!(&doc.text[c.input.start..c.input.end], c.original, "input span holds the original");
        back.push_str(&out.text[at..c.output.start]);
        back.push_str(&c.original);
        at = c.output.end;
    }
    back.push_str(&out.text[at..]);
    assert_eq!(back, doc.text, "the output with the changes undone is the input");
});
