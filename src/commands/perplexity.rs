//! `vnocr perplexity`: perplexity of a language model on text (one sentence per line).

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::Parser;

use vnocr::lm::train;
use vnocr::model::LmModel;

/// Report the perplexity of a language model on text files (each non-blank line one sentence `<s> … </s>`).
#[derive(Parser, Debug)]
pub struct Args {
    /// Text files (`.xz` read through `xz -dc`), or `-` for standard input.
    #[arg(required = true)]
    pub inputs: Vec<PathBuf>,
    /// Model file (default: the embedded model).
    #[arg(long)]
    pub model: Option<PathBuf>,
    /// Print JSON instead of a line of text.
    #[arg(long)]
    pub json: bool,
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let owned;
    let model: &LmModel = match &args.model {
        Some(p) => {
            owned = LmModel::load(p)?;
            &owned
        }
        None => LmModel::embedded()?,
    };
    let mut out = std::io::stdout().lock();
    for input in &args.inputs {
        let text = train::read_text(input)?;
        let p = train::perplexity(model, text.lines());
        if args.json {
            writeln!(out, "{}", serde_json::json!({"file": input.display().to_string(), "result": p}))?;
        } else {
            writeln!(
                out,
                "{}: {} sentences, {} tokens, {} OOV ({:.2}%), log10 prob {:.1}, perplexity {:.2} (without OOV {:.2})",
                input.display(),
                p.sentences,
                p.tokens,
                p.oov,
                100.0 * p.oov as f64 / p.tokens.max(1) as f64,
                p.log10_prob,
                p.perplexity,
                p.perplexity_no_oov
            )?;
        }
    }
    Ok(ExitCode::SUCCESS)
}
