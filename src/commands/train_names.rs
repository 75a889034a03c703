//! `vnocr train-names`: counts person names in clean text into a names file (`dictionaries/names.tsv`).

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use clap::Parser;

use vnocr::lm::train::{CorpusSpec, read_corpus, split_holdout};
use vnocr::names::Names;

/// Count family, middle and given names in clean text (one paragraph a line), for the restorer's names.
#[derive(Parser)]
pub struct Args {
    /// Text files (`.xz` files are read through `xz -dc`), or `-` for standard input.
    #[arg(required = true)]
    pub inputs: Vec<PathBuf>,
    /// Hold out the last fraction of a corpus's lines, NAME=FRACTION (as `vnocr train` does): never counted.
    #[arg(long = "holdout-tail", value_name = "NAME=FRACTION")]
    pub holdouts: Vec<String>,
    /// Where to write the names file.
    #[arg(short, long)]
    pub output: PathBuf,
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let mut specs: Vec<CorpusSpec> = args.inputs.iter().map(CorpusSpec::new).collect();
    super::train::apply_holdouts(&mut specs, &args.holdouts)?;
    let texts = specs.iter().map(|s| read_corpus(&s.path)).collect::<Result<Vec<_>, _>>()?;
    let lines: Vec<&str> = texts.iter().zip(&specs).flat_map(|(text, s)| split_holdout(text, s.holdout).0).collect();
    let names = Names::count(lines.iter().copied());
    std::fs::write(&args.output, names.to_tsv(&super::train::command_line()))
        .with_context(|| format!("cannot write {}", args.output.display()))?;
    eprintln!("{} lines counted → {}", lines.len(), args.output.display());
    Ok(ExitCode::SUCCESS)
}
