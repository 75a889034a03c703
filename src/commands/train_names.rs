//! `vnocr train-names`: counts person names in clean text into a names file (`dictionaries/names.tsv`).

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, bail};
use clap::Parser;

use vnocr::lm::train::{read_text, split_holdout};
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
    // A corpus is named after its file stem (admin.txt.xz → admin), as `vnocr train` names it.
    let stem =
        |p: &PathBuf| p.file_name().and_then(|n| n.to_str()).and_then(|n| n.split('.').next()).map(str::to_string);
    let mut fractions = vec![0.0; args.inputs.len()];
    for h in &args.holdouts {
        let (name, frac) =
            h.split_once('=').with_context(|| format!("--holdout-tail {h:?}: expected NAME=FRACTION"))?;
        let frac: f64 = frac.parse().with_context(|| format!("--holdout-tail {h:?}: bad fraction"))?;
        if !(0.0..1.0).contains(&frac) {
            bail!("--holdout-tail {h}: fraction must be in [0, 1)");
        }
        let Some(i) = args.inputs.iter().position(|p| stem(p).as_deref() == Some(name)) else {
            bail!("--holdout-tail {h}: no corpus named {name}");
        };
        fractions[i] = frac;
    }
    let texts = args.inputs.iter().map(|p| read_text(p)).collect::<Result<Vec<_>, _>>()?;
    let lines: Vec<&str> = texts.iter().zip(&fractions).flat_map(|(text, &frac)| split_holdout(text, frac).0).collect();
    let names = Names::count(lines.iter().copied());
    let command_line =
        std::iter::once("vnocr".to_string()).chain(std::env::args().skip(1)).collect::<Vec<_>>().join(" ");
    std::fs::write(&args.output, names.to_tsv(&command_line))
        .with_context(|| format!("cannot write {}", args.output.display()))?;
    eprintln!("{} lines counted → {}", lines.len(), args.output.display());
    Ok(ExitCode::SUCCESS)
}
