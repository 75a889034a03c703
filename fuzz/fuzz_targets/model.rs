//! A language model file damaged in ways its checksum does not catch (the checksum is fixed up after the damage,
//! as a hand-edited or maliciously built file would have it), loaded and then used to restore a line.
//!
//! Loading must give a model or an error, never a panic; a model that loads must restore without one. The
//! input is a list of 3-byte patches (offset, xor mask) over a small model trained at start-up from a few
//! sentences written here ([`tiny_model`]); every word is looked up after many histories (one by one and
//! batched, which must agree), and one input in eight restores a text with the model. An input whose length is
//! 1 more than a multiple of 3 keeps the checksum as damaged; one 2 more cuts the file at its last patch.
//!
//!     cargo +nightly fuzz run model

#![no_main]

use libfuzzer_sys::fuzz_target;
use vnocr::model::{self, LmModel};
use vnocr::restore::Restorer;

#[path = "tiny_model.rs"]
mod tiny_model;
use tiny_model::GOOD;

fuzz_target!(|data: &[u8]| {
    let mut bytes = GOOD.clone();
    let mut last = bytes.len();
    for p in data.chunks_exact(3) {
        last = usize::from(u16::from_le_bytes([p[0], p[1]])) % bytes.len();
        bytes[last] ^= p[2];
    }
    if data.len() % 3 == 2 {
        bytes.truncate(last);
    }
    if data.len() % 3 != 1 {
        model::seal(&mut bytes);
    }
    let Ok(lm) = LmModel::from_vec(bytes) else { return };
    // Every lookup the decoder may make: each word after each short history, one by one and batched.
    let (n, m) = (lm.vocab().len() as u32, lm.lm());
    let words: Vec<u32> = (0..n + 2).collect();
    let mut out = vec![(0.0, m.state(&[])); words.len()];
    for a in 0..n.min(40) {
        for b in [0, 1, a, n - 1, n] {
            let state = m.state(&[b, a]);
            m.score_many(&state, &words, &mut out);
            for &w in &words {
                assert_eq!(m.score(&state, w).0.to_bits(), out[w as usize].0.to_bits());
            }
        }
    }
    // Building a restorer costs milliseconds: one input in eight goes on to restore a text.
    if data.first().is_none_or(|b| b % 8 != 0) {
        return;
    }
    let Ok(restorer) = Restorer::builder().model(lm).build() else { return };
    let out =
        restorer.restore("Uy ban nhan dan tinh ban hanh ké hoach s6 45/KH-UBND ngay 01/4/2025.\nNoi nhan: nhu trén");
    assert_eq!(out.text.matches('\n').count(), 1);
});
