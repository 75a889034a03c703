//! Prints the language model's log10 probability of every token of each sentence given on the command line,
//! the closing `</s>`, and the sentence's total:
//! `cargo run --release --example lm_trace -- "thống kê đo lường" "thống kê do lượng"`.
//! Useful to see why the decoder preferred one reading to another.

use vnocr::model::LmModel;
fn main() -> vnocr::Result<()> {
    let owned = std::env::var("VNOCR_LM").ok().map(|p| LmModel::load(std::path::Path::new(&p))).transpose()?;
    let lm = match &owned {
        Some(m) => m,
        None => LmModel::embedded()?,
    };
    for line in std::env::args().skip(1) {
        let toks: Vec<String> = vnocr::lm::lm_tokens(&line).into_iter().map(|c| c.into_owned()).collect();
        let mut ctx = vec![vnocr::lexicon::Vocab::BOS];
        let mut tot = 0.0;
        let mut out = String::new();
        for t in &toks {
            let id = lm.vocab().id_or_unk(t);
            let lp = lm.lm().log_prob(&ctx, id);
            tot += lp;
            out += &format!("{t}({lp:.2}) ");
            ctx.push(id);
        }
        let lp = lm.lm().log_prob(&ctx, vnocr::lexicon::Vocab::EOS);
        tot += lp;
        out += &format!("</s>({lp:.2})");
        println!("{tot:.2}: {out}");
    }
    Ok(())
}
