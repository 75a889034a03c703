//! One subcommand per file. Each file has `Args` (clap) and `run(Args) -> anyhow::Result<ExitCode>`.
//!
//! Exit codes: 0 all fine; 1 some inputs failed (each named on stderr); 2 usage, model or other fatal error.

use std::process::ExitCode;

use clap::{Parser, Subcommand};

pub mod bench;
pub mod eval;

#[derive(Parser)]
#[command(name = "vnocr", version, about = "Restore and index OCR'd Vietnamese administrative documents")]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand)]
pub enum Command {
    /// Score restored text and extracted metadata against gold (the figures of shared/eval/score.py).
    Eval(eval::Args),
    /// Corrupt clean text under noise profiles, restore it, and measure accuracy and throughput.
    Bench(bench::Args),
}

pub fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    match cli.command {
        Command::Eval(args) => eval::run(args),
        Command::Bench(args) => bench::run(args),
    }
}
