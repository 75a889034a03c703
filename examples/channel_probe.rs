//! Prints the candidates of some OCR tokens under the shipped channel model (or a model file given with
//! `--model PATH`): `cargo run --example channel_probe -- [--model PATH] TOKEN...`.

use std::path::Path;

use vnocr::candidates::{CandidateIndex, read_counts_tsv};
use vnocr::channel::ChannelModel;

fn main() {
    let mut args: Vec<String> = std::env::args().skip(1).collect();
    let model = if args.first().is_some_and(|a| a == "--model") {
        let m = ChannelModel::load(Path::new(&args[1])).unwrap();
        args.drain(..2);
        m
    } else {
        ChannelModel::embedded().unwrap().clone()
    };
    let words =
        read_counts_tsv(Path::new("../shared/lexicon/derived-syllable-inventory/syllable_counts.tsv"), 50_000).unwrap();
    let index = CandidateIndex::build(words.iter().enumerate().map(|(i, (w, c))| (i as u32, w.as_str(), *c)), &model);
    for tok in &args {
        if let Some((o, t)) = tok.split_once('=') {
            println!("log_prob({o}, {t}) = {:.3}", model.log_prob(o, t));
            continue;
        }
        if let Some(q) = tok.strip_prefix("edits:") {
            for (a, b, lp) in model.edits().filter(|(a, b, _)| a.contains(q) || b.contains(q)).take(40) {
                println!("  {a:?} -> {b:?} {lp:.2}");
            }
            continue;
        }
        let cands = index.candidates(tok, 8);
        let shown: Vec<String> = cands.iter().map(|c| format!("{} {:.2}", c.text, c.channel_logp)).collect();
        println!("{tok}: {}", shown.join(" | "));
    }
}
