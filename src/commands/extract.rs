//! `vnocr extract [FILE|DIR|-]...`: the metadata of documents as JSON.
//!
//! One document: one pretty-printed JSON object. Several (several arguments, or a directory): JSON Lines, one
//! compact object a line, in input order (directories walked in name order, `*.txt` files). `--out DIR` writes
//! `<stem>.json` (pretty) per input instead.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context;
use clap::Args as ClapArgs;

use vnocr::extract::{Metadata, extract};

/// Extract number, type, issuer, date, subject, cited documents and signature as JSON.
#[derive(ClapArgs, Debug)]
pub struct Args {
    /// Text files, directories (their `*.txt` files) or `-` for standard input.
    #[arg(default_value = "-")]
    pub inputs: Vec<PathBuf>,
    /// Write `<stem>.json` for each input into this directory instead of printing.
    #[arg(long)]
    pub out: Option<PathBuf>,
}

fn collect(inputs: &[PathBuf]) -> anyhow::Result<Vec<PathBuf>> {
    let mut files = Vec::new();
    for p in inputs {
        if p.as_os_str() == "-" || !p.is_dir() {
            files.push(p.clone());
            continue;
        }
        let mut found: Vec<PathBuf> = walkdir::WalkDir::new(p)
            .sort_by_file_name()
            .into_iter()
            .collect::<Result<Vec<_>, _>>()
            .with_context(|| format!("{}: cannot list", p.display()))?
            .into_iter()
            .filter(|e| e.file_type().is_file() && e.path().extension().is_some_and(|x| x == "txt"))
            .map(|e| e.into_path())
            .collect();
        found.sort();
        files.extend(found);
    }
    Ok(files)
}

fn read(path: &Path) -> anyhow::Result<String> {
    if path.as_os_str() == "-" {
        let mut buf = Vec::new();
        std::io::stdin().read_to_end(&mut buf).context("<stdin>: cannot read")?;
        return String::from_utf8(buf).map_err(|e| {
            anyhow::anyhow!("<stdin>: not UTF-8 text (invalid byte at offset {})", e.utf8_error().valid_up_to())
        });
    }
    let bytes = std::fs::read(path).with_context(|| format!("{}: cannot read", path.display()))?;
    String::from_utf8(bytes).map_err(|e| {
        anyhow::anyhow!("{}: not UTF-8 text (invalid byte at offset {})", path.display(), e.utf8_error().valid_up_to())
    })
}

fn source_name(path: &Path) -> String {
    if path.as_os_str() == "-" {
        return "-".to_string();
    }
    path.file_name().map_or_else(|| path.display().to_string(), |n| n.to_string_lossy().into_owned())
}

fn stem(path: &Path) -> String {
    let name = source_name(path);
    let name = name.strip_suffix(".txt").unwrap_or(&name);
    name.to_string()
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let files = collect(&args.inputs)?;
    if files.is_empty() {
        anyhow::bail!("no input files (directories are searched for *.txt)");
    }
    if let Some(dir) = &args.out {
        std::fs::create_dir_all(dir).with_context(|| format!("{}: cannot create", dir.display()))?;
    }
    let single = files.len() == 1 && args.inputs.len() == 1 && !args.inputs[0].is_dir();
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    let mut failed = false;
    for f in &files {
        let text = match read(f) {
            Ok(t) => t,
            Err(e) => {
                eprintln!("vnocr: {e:#}");
                failed = true;
                continue;
            }
        };
        let mut m: Metadata = extract(&text);
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
