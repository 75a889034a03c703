//! One subcommand per file. Each file has `Args` (clap) and `run(Args) -> anyhow::Result<ExitCode>`.
//!
//! Exit codes: 0 all fine; 1 some inputs failed (each named on stderr); 2 usage, model or other fatal error.

use std::process::ExitCode;

use clap::{Parser, Subcommand};

pub mod train_channel;

#[derive(Parser)]
#[command(
    name = "vnocr",
    version,
    about = "Restore and index OCR'd Vietnamese administrative documents"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand)]
pub enum Command {
    /// Learn the OCR channel model from line-aligned OCR/gold files.
    TrainChannel(train_channel::Args),
}

pub fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    match cli.command {
        Command::TrainChannel(args) => train_channel::run(args),
    }
}
