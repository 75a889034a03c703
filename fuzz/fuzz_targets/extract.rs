//! Any text through extraction: `extract` alone (as `vnocr extract` runs it on clean text), and
//! `extract_restored` with a second text as the OCR the first was "restored" from (their lines need not agree).
//! No panic, and every span of the metadata is a piece of the text it points into, on character boundaries.
//! Fast (no language model), so it reaches deep into the header, reference and signature readers.
//!
//!     cargo +nightly fuzz run extract -- -max_len=4096

#![no_main]

use libfuzzer_sys::fuzz_target;
use vnocr::extract::{Metadata, extract, extract_restored};

fn spans_fit(m: &Metadata, text: &str) {
    let spans = m.spans.values().chain(m.references.iter().map(|r| &r.span));
    for s in spans.chain(m.digital_signature.as_ref().and_then(|d| d.span.as_ref())) {
        assert!(text.get(s.start..s.end).is_some(), "span {s:?} outside the text or off a char boundary");
    }
}

fuzz_target!(|data: &[u8]| {
    let Ok(all) = std::str::from_utf8(data) else { return };
    // A form feed splits the input into the restored text and the OCR it came from.
    let (restored, ocr) = all.split_once('\u{c}').unwrap_or((all, all));
    spans_fit(&extract(restored), restored);
    spans_fit(&extract_restored(restored, ocr), restored);
});
