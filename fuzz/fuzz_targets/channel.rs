//! A channel model damaged in ways its checksum does not catch (fixed up after the damage), loaded and used to
//! restore a text with a small language model ([`tiny_model`]).
//!
//! Loading must give a model or an error, never a panic; a model that loads must restore without one, every
//! line kept. The input is a list of 5-byte patches (4-byte offset, xor mask) over the shipped
//! `dictionaries/channel.bin`; an input whose length is not a multiple of 5 keeps the checksum as damaged.
//!
//!     cargo +nightly fuzz run channel

#![no_main]

use std::sync::LazyLock;

use libfuzzer_sys::fuzz_target;
use vnocr::channel::ChannelModel;
use vnocr::model::LmModel;
use vnocr::restore::Restorer;

#[path = "tiny_model.rs"]
mod tiny_model;

static SHIPPED: LazyLock<Vec<u8>> = LazyLock::new(|| ChannelModel::embedded().unwrap().to_bytes());

fuzz_target!(|data: &[u8]| {
    let mut bytes = SHIPPED.clone();
    let body = bytes.len() - 8;
    for p in data.chunks_exact(5) {
        let at = u32::from_le_bytes([p[0], p[1], p[2], p[3]]) as usize % body;
        bytes[at] ^= p[4];
    }
    if data.len() % 5 == 0 {
        vnocr::channel::seal(&mut bytes);
    }
    let Ok(channel) = ChannelModel::from_bytes(&bytes) else { return };
    let lm = LmModel::from_vec(tiny_model::GOOD.clone()).unwrap();
    let restorer = Restorer::builder().model(lm).channel(channel).build().unwrap();
    let text = "Uy ban nhan dan tinh ban hành ké hoach s6 45/KH-UBND ngay 01/4/2025.\nNoi nhan: nhu trén; luu VT";
    let out = restorer.restore(text);
    assert_eq!(out.text.matches('\n').count(), 1);
});
