//! Prints the candidates the restorer sees for OCR tokens, with the LM vocabulary of the embedded model:
//! `cargo run --release --example restore_probe -- [--channel PATH] [--model PATH] TOKEN...`.

use std::path::Path;

use vnocr::candidates::CandidateIndex;
use vnocr::channel::ChannelModel;
use vnocr::model::LmModel;
use vnocr::restore::RestoreOptions;

fn main() -> vnocr::Result<()> {
    let mut args: Vec<String> = std::env::args().skip(1).collect();
    let channel = if args.first().is_some_and(|a| a == "--channel") {
        let m = ChannelModel::load(Path::new(&args[1]))?;
        args.drain(..2);
        m
    } else {
        ChannelModel::embedded()?.clone()
    };
    let owned;
    let lm = if args.first().is_some_and(|a| a == "--model") {
        owned = LmModel::load(Path::new(&args[1]))?;
        args.drain(..2);
        &owned
    } else {
        LmModel::embedded()?
    };
    // built as the restorer builds its index, and asked for as many readings
    let opts = RestoreOptions::default();
    let index = CandidateIndex::build(lm.vocab().iter(), &channel).with_prior_weight(opts.prior_weight);
    for tok in &args {
        let lower = tok.to_lowercase();
        let keep = lm.vocab().id(&lower);
        println!("{tok}: in vocab {keep:?}, log P(self) {:.2}", channel.log_prob(&lower, &lower));
        for c in index.candidates(&lower, opts.candidates) {
            let uni = lm.lm().log_prob(&[], c.ids[0]);
            println!("  {:<12} channel {:>7.2}  unigram {:>6.2}", c.text, c.channel_logp, uni);
        }
    }
    Ok(())
}
