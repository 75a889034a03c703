//! `vnocr train-channel`: learn the OCR channel model from line-aligned OCR/gold files.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, bail};
use clap::Parser;

use vnocr::channel::{ChannelModel, Half, Provenance, Source, TrainOptions, read_line_pairs, read_tsv_pairs};

/// Learn the OCR channel model (P(OCR token | true word)) from aligned OCR/gold text.
#[derive(Parser)]
pub struct Args {
    /// Line-aligned pairs of files: OCR_FILE GOLD_FILE [OCR_FILE GOLD_FILE ...] (line i of gold corrects line i of
    /// the OCR).
    #[arg(long, num_args = 2.., value_names = ["OCR_FILE", "GOLD_FILE"])]
    pub pairs: Vec<PathBuf>,
    /// A csv-quoted TSV of pairs (columns subset_guess, ocr_or_noisy_input, ground_truth), such as the HCMUS
    /// OCR-correction pairs; only the --subset rows of the --half are used.
    #[arg(long)]
    pub tsv: Vec<PathBuf>,
    /// How much each TSV pair counts against a --pairs line (pairs of another OCR engine teach its confusions:
    /// less than 1 keeps them from outweighing the engine to restore).
    #[arg(long, default_value_t = 1.0)]
    pub tsv_weight: f64,
    /// Which subset_guess rows of the TSV to learn from.
    #[arg(long, default_value = "book_ocr_line")]
    pub subset: String,
    /// Which half of the TSV rows to learn from: train (even rows; the odd rows stay unseen for testing) or all.
    #[arg(long, default_value = "train")]
    pub half: String,
    /// Every n-th line is also learned as a copy typed without diacritics (0 = never).
    #[arg(long, default_value_t = TrainOptions::default().stripped_every)]
    pub stripped_every: usize,
    /// Where to write the model.
    #[arg(short, long)]
    pub output: PathBuf,
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    if args.pairs.len() % 2 != 0 {
        bail!("--pairs takes OCR_FILE GOLD_FILE pairs; got {} files", args.pairs.len());
    }
    let half = match args.half.as_str() {
        "train" => Half::Train,
        "test" => Half::Test,
        "all" => Half::All,
        other => bail!("--half {other:?}: expected train, test or all"),
    };
    if !(args.tsv_weight >= 0.0 && args.tsv_weight.is_finite()) {
        bail!("--tsv-weight {}: expected a weight ≥ 0", args.tsv_weight);
    }
    let mut sources = Vec::new();
    let mut pairs = Vec::new();
    for files in args.pairs.chunks(2) {
        let p = read_line_pairs(&files[0], &files[1])?;
        eprintln!("{}: {} lines", files[0].display(), p.len());
        sources.push(Source { name: files[0].display().to_string(), pairs: p.len() as u32, weight: 1.0 });
        pairs.extend(p);
    }
    let mut tsv_pairs = Vec::new();
    for tsv in &args.tsv {
        let p = read_tsv_pairs(tsv, &args.subset, half)?;
        let rows = format!("{} rows ({} half)", args.subset, format!("{half:?}").to_lowercase());
        eprintln!("{}: {} {rows}", tsv.display(), p.len());
        let name = format!("{}: {rows}", tsv.display());
        sources.push(Source { name, pairs: p.len() as u32, weight: args.tsv_weight as f32 });
        tsv_pairs.extend(p);
    }
    if pairs.is_empty() && tsv_pairs.is_empty() {
        bail!("no training pairs: give --pairs OCR_FILE GOLD_FILE and/or --tsv FILE");
    }
    let opts = TrainOptions { stripped_every: args.stripped_every, ..TrainOptions::default() };
    let model = ChannelModel::train_weighted(&[(&pairs, 1.0), (&tsv_pairs, args.tsv_weight)], &opts)
        .with_provenance(Provenance { command_line: super::train::command_line(), sources });
    model.save(&args.output).with_context(|| format!("writing {}", args.output.display()))?;
    let n = pairs.len() + tsv_pairs.len();
    eprintln!("{} edits learned from {n} line pairs → {}", model.len(), args.output.display());
    Ok(ExitCode::SUCCESS)
}
