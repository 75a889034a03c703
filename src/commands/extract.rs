//! `vnocr extract [FILE|DIR|-]...`: the metadata of documents as JSON.
//!
//! One document: one pretty-printed JSON object. Several (several arguments, or a directory): JSON Lines, one
//! compact object a line, in input order (directories walked in name order, `*.txt` files). `--out DIR` writes
//! `<stem>.json` (pretty) per input instead (`stdin.json` for standard input). Inputs are read by
//! [`vnocr::input`] (UTF-8 or UTF-16 with BOM; errors name the file and byte offset); a failed input is named on
//! stderr, the others are still done, and the exit code is 1.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use clap::Args as ClapArgs;

use vnocr::extract::{Metadata, extract, extract_restored};
use vnocr::input::{self, ReadOptions, Source};

/// Extract number, type, issuer, date, subject, cited documents and signature as JSON.
#[derive(ClapArgs, Debug)]
pub struct Args {
    /// Text files, directories (their `*.txt` files) or `-` for standard input.
    #[arg(default_value = "-")]
    pub inputs: Vec<PathBuf>,
    /// Write `<stem>.json` for each input into this directory instead of printing.
    #[arg(long)]
    pub out: Option<PathBuf>,
    /// The inputs are restored text: spell a document number as the raw OCR they were restored from prints it
    /// where the restorer read its code as a word (a file, for one input; or a directory holding `<stem>.txt` or
    /// `<stem>.ocr.txt` for each input `<stem>.txt`).
    #[arg(long)]
    pub ocr: Option<PathBuf>,
}

/// The raw OCR text a restored input came from, per `--ocr`.
fn ocr_for(ocr: &std::path::Path, input: &Source, options: &ReadOptions) -> anyhow::Result<String> {
    let path = if ocr.is_dir() {
        let stem = stem(input);
        [format!("{stem}.txt"), format!("{stem}.ocr.txt")]
            .iter()
            .map(|n| ocr.join(n))
            .find(|p| p.is_file())
            .ok_or_else(|| anyhow::anyhow!("{}: no {stem}.txt or {stem}.ocr.txt for {}", ocr.display(), input.name()))?
    } else {
        ocr.to_path_buf()
    };
    Ok(options.read_path(&path)?.text)
}

/// The inputs: files as given, `-`, and the `*.txt` files under directories (walked in name order).
fn collect(inputs: &[PathBuf]) -> anyhow::Result<Vec<Source>> {
    let mut out = Vec::new();
    for p in inputs {
        let found = input::collect_inputs(std::slice::from_ref(p))?;
        if p.is_dir() {
            out.extend(found.into_iter().filter(|s| match s {
                Source::File { path, .. } => path.extension().is_some_and(|x| x == "txt"),
                Source::Stdin | Source::Unreadable { .. } => true,
            }));
        } else {
            out.extend(found);
        }
    }
    Ok(out)
}

/// The name a document's JSON gives as its `source`: the file name, or `-`.
fn source_name(s: &Source) -> String {
    match s {
        Source::Stdin => "-".to_string(),
        Source::File { path, .. } | Source::Unreadable { path, .. } => {
            path.file_name().map_or_else(|| path.display().to_string(), |n| n.to_string_lossy().into_owned())
        }
    }
}

/// The output file stem: the file name without `.txt` and then `.ocr` ([`vnocr::batch::output_stem`]), or
/// `stdin`.
fn stem(s: &Source) -> String {
    if matches!(s, Source::Stdin) {
        return "stdin".to_string();
    }
    vnocr::batch::output_stem(&source_name(s)).to_string()
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let files = collect(&args.inputs)?;
    if files.is_empty() {
        anyhow::bail!("no input files (directories are searched for *.txt)");
    }
    if let Some(ocr) = &args.ocr
        && !ocr.is_dir()
        && files.len() != 1
    {
        anyhow::bail!("--ocr {} is a file: give one input, or a directory of OCR files", ocr.display());
    }
    if let Some(dir) = &args.out {
        std::fs::create_dir_all(dir).with_context(|| format!("{}: cannot create", dir.display()))?;
    }
    let single = files.len() == 1 && args.inputs.len() <= 1 && !args.inputs.first().is_some_and(|p| p.is_dir());
    let options = ReadOptions::default();
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    let mut failed = false;
    for f in &files {
        let text = match f.read(&options) {
            Ok(d) => d.text,
            Err(e) => {
                eprintln!("vnocr: {e:#}");
                failed = true;
                continue;
            }
        };
        let mut m: Metadata = match &args.ocr {
            Some(ocr) => match ocr_for(ocr, f, &options) {
                Ok(raw) => extract_restored(&text, &raw),
                Err(e) => {
                    eprintln!("vnocr: {e:#}");
                    failed = true;
                    continue;
                }
            },
            None => extract(&text),
        };
        m.source = Some(source_name(f));
        if let Some(dir) = &args.out {
            let target = dir.join(format!("{}.json", stem(f)));
            let json = serde_json::to_string_pretty(&m)? + "\n";
            std::fs::write(&target, json).with_context(|| format!("{}: cannot write", target.display()))?;
        } else if single {
            writeln!(out, "{}", serde_json::to_string_pretty(&m)?)?;
        } else {
            writeln!(out, "{}", serde_json::to_string(&m)?)?;
        }
    }
    Ok(if failed { ExitCode::from(1) } else { ExitCode::SUCCESS })
}
