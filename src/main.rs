//! The `vnocr` command line: a thin layer over the library (one subcommand per file in `src/commands/`).

mod commands;

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = commands::Cli::parse();
    match commands::run(cli) {
        Ok(code) => code,
        Err(err) if commands::is_broken_pipe(&err) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("vnocr: {}", commands::message(&err));
            ExitCode::from(2)
        }
    }
}
