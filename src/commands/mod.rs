//! One subcommand per file. Each file has `Args` (clap) and `run(Args) -> anyhow::Result<ExitCode>`.
//!
//! Exit codes: 0 all fine; 1 some inputs failed (each named on stderr); 2 usage, model or other fatal error, or
//! every input failed.

use std::process::ExitCode;

use clap::{Parser, Subcommand};

pub mod batch;
pub mod bench;
pub mod eval;
pub mod extract;
pub mod info;
pub mod normalize;
pub mod perplexity;
pub mod process;
pub mod restore;
pub mod train;
pub mod train_channel;
pub mod train_names;

#[derive(Parser)]
#[command(name = "vnocr", version, about = "Restore and index OCR'd Vietnamese administrative documents")]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand)]
pub enum Command {
    /// Normalize text: TCVN3/VNI/VIQR to Unicode, NFC, OCR ligatures, one tone-placement style
    Normalize(normalize::Args),
    /// Train the language model (vocabulary + n-gram LM) from clean text.
    Train(train::Args),
    /// Perplexity of a language model on text.
    Perplexity(perplexity::Args),
    /// Extract number, type, issuer, date, subject, cited documents and signature as JSON.
    Extract(extract::Args),
    /// Score restored text and extracted metadata against gold (the figures of shared/eval/score.py).
    Eval(eval::Args),
    /// Restore and extract every document under a directory (or JSON Lines on stdin), in parallel.
    Batch(batch::Args),
    /// Restore diacritics and fix OCR errors.
    Restore(restore::Args),
    /// Restore and extract one or a few documents in one pass.
    Process(process::Args),
    /// Learn the OCR channel model from line-aligned OCR/gold files.
    TrainChannel(train_channel::Args),
    /// Count person names (family, middle, given) in clean text, for the restorer.
    TrainNames(train_names::Args),
    /// Corrupt clean text under noise profiles, restore it, and measure accuracy and throughput.
    Bench(bench::Args),
    /// Show what the model files hold (language model, channel model, person names) and how each was built.
    Info(info::Args),
}

/// Whether an error comes from writing to a reader that went away (`vnocr … | head`): the command then stops
/// quietly with success, as Unix filters do.
pub fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|c| c.downcast_ref::<std::io::Error>().is_some_and(|e| e.kind() == std::io::ErrorKind::BrokenPipe))
}

/// The error and its causes, as `{err:#}` prints them, without a cause that the text before it already ends
/// with (the library's I/O error names its file and prints its `io::Error`, which is also its source).
pub fn message(err: &anyhow::Error) -> String {
    let mut out = String::new();
    for cause in err.chain() {
        let text = cause.to_string();
        if !out.ends_with(&text) {
            if !out.is_empty() {
                out.push_str(": ");
            }
            out.push_str(&text);
        }
    }
    out
}

pub fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    match cli.command {
        Command::Normalize(args) => normalize::run(args),
        Command::Train(args) => train::run(args),
        Command::Perplexity(args) => perplexity::run(args),
        Command::Extract(args) => extract::run(args),
        Command::Eval(args) => eval::run(args),
        Command::Batch(args) => batch::run(args),
        Command::Process(args) => process::run(args),
        Command::Restore(args) => restore::run(args),
        Command::TrainChannel(args) => train_channel::run(args),
        Command::TrainNames(args) => train_names::run(args),
        Command::Bench(args) => bench::run(args),
        Command::Info(args) => info::run(args),
    }
}
