//! One subcommand per file. Each file has `Args` (clap) and `run(Args) -> anyhow::Result<ExitCode>`.
//!
//! Exit codes: 0 all fine; 1 some inputs failed (each named on stderr); 2 usage, model or other fatal error.

pub mod extract;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

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
    /// Extract number, type, issuer, date, subject, cited documents and signature as JSON.
    Extract(extract::Args),
}

pub fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    match cli.command {
        Command::Extract(args) => extract::run(args),
    }
}
