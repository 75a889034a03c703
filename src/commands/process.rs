//! `vnocr process`: restore and extract one or a few documents in one pass.

use std::collections::HashMap;
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context;
use serde::Serialize;
use vnocr::batch::{self, Doc};
use vnocr::pipeline::{DocJson, Pipeline};

/// Restore and extract documents (files, directories, or - for stdin) in one pass.
///
/// Without --out, prints one JSON object per document: {"path", "text", "metadata", "changes"}
/// (pretty-printed, objects one after another; --compact for one line each, i.e. JSON Lines).
/// With --out DIR, writes DIR/<stem>.txt (restored text) and DIR/<stem>.json ({"path", "metadata", "changes"}),
/// <stem> being the file name without a final .txt (for a directory input: its path relative to the directory;
/// for stdin: "stdin").
///
/// Exit status: 0 all done, 1 some inputs failed (each named on stderr), 2 usage or model error.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// Files, directories (all files under them, recursively) or - for stdin.
    #[arg(default_value = "-")]
    pub inputs: Vec<PathBuf>,
    /// Write <stem>.txt and <stem>.json into this directory instead of printing JSON.
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
    /// One JSON object per line.
    #[arg(long, conflicts_with = "out")]
    pub compact: bool,
    /// Worker threads for the paragraph chunks of large documents (0: one per core).
    #[arg(long, short = 'j', default_value_t = 0)]
    pub threads: usize,
    /// Larger inputs are errors; accepts K, M, G suffixes.
    #[arg(long, value_name = "N", default_value = "64M", value_parser = super::batch::parse_size)]
    pub max_bytes: u64,
}

/// One input to process: where to read it, its name in messages and JSON, and its output stem.
struct Item {
    source: Option<PathBuf>,
    name: String,
    stem: String,
}

#[derive(Serialize)]
struct Printed<'a> {
    path: &'a str,
    text: &'a str,
    #[serde(flatten)]
    json: &'a DocJson,
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let pipeline = Pipeline::from_default().context("cannot load the default model")?;
    let pool = batch::thread_pool(args.threads)?;
    let mut failed = 0usize;
    let mut fail = |name: &str, msg: &dyn std::fmt::Display| {
        eprintln!("vnocr: {name}: {msg}");
        failed += 1;
    };

    let mut items = Vec::new();
    for input in &args.inputs {
        if input.as_os_str() == "-" {
            items.push(Item { source: None, name: "-".into(), stem: "stdin".into() });
        } else if input.is_dir() {
            let out = args.out.as_deref().unwrap_or(Path::new(""));
            let (planned, errors) = batch::plan(input, out, None)?;
            for e in errors {
                fail(&input.join(&e.path).display().to_string(), &e.error);
            }
            for p in planned {
                let stem = batch::output_stem(&p.rel).to_string();
                items.push(Item { name: p.source.display().to_string(), source: Some(p.source), stem });
            }
        } else {
            let file_name = input.file_name().map_or_else(|| "stdin".into(), |n| n.to_string_lossy().into_owned());
            let stem = batch::output_stem(&file_name).to_string();
            items.push(Item { source: Some(input.clone()), name: input.display().to_string(), stem });
        }
    }

    let mut stems: HashMap<String, String> = HashMap::new();
    let stdout = io::stdout();
    let mut stdout = stdout.lock();
    for item in items {
        let text = match &item.source {
            Some(path) => batch::read_doc(path, args.max_bytes),
            None => read_stdin(args.max_bytes),
        };
        let text = match text {
            Ok(t) => t,
            Err(e) => {
                fail(&item.name, &e);
                continue;
            }
        };
        let out = match pool.install(|| pipeline.process(&Doc { name: item.name.clone(), text })) {
            Ok(out) => out,
            Err(e) => {
                fail(&item.name, &e);
                continue;
            }
        };
        match &args.out {
            Some(dir) => {
                if let Some(first) = stems.get(&item.stem) {
                    fail(&item.name, &format!("its outputs {}.txt/.json would overwrite those of {first}", item.stem));
                    continue;
                }
                stems.insert(item.stem.clone(), item.name.clone());
                let (txt, json) = (dir.join(format!("{}.txt", item.stem)), dir.join(format!("{}.json", item.stem)));
                if let Err(e) = batch::write_outputs(&txt, &json, &item.name, &out) {
                    fail(&item.name, &e);
                }
            }
            None => {
                let printed = Printed { path: &item.name, text: &out.text, json: &out.json };
                let bytes =
                    if args.compact { serde_json::to_vec(&printed) } else { serde_json::to_vec_pretty(&printed) };
                stdout.write_all(&bytes?)?;
                stdout.write_all(b"\n")?;
                stdout.flush()?;
            }
        }
    }
    Ok(if failed == 0 { ExitCode::SUCCESS } else { ExitCode::from(1) })
}

fn read_stdin(max_bytes: u64) -> Result<String, String> {
    let mut bytes = Vec::new();
    io::stdin().take(max_bytes + 1).read_to_end(&mut bytes).map_err(|e| format!("cannot read: {e}"))?;
    if bytes.len() as u64 > max_bytes {
        return Err(format!("too large: over {max_bytes} bytes (--max-bytes {max_bytes})"));
    }
    batch::decode(bytes)
}
