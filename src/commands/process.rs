//! `vnocr process`: restore and extract one or a few documents in one pass.

use std::collections::HashMap;
use std::io::{self, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use serde::Serialize;
use vnocr::batch::{self, Doc};
use vnocr::input::{self, ReadOptions, Source};
use vnocr::pipeline::{DocFile, DocJson, Pipeline};
use vnocr::restore::RestoreOptions;
use vnocr::syllable::ToneStyle;

/// Restore and extract documents (files, directories, or - for stdin) in one pass.
///
/// Without --out, prints one JSON object per document: {"path", "text", "metadata", "changes"}
/// (pretty-printed with one change per line, objects one after another; --compact for one line each, i.e. JSON
/// Lines).
/// With --out DIR, writes DIR/<stem>.txt (restored text) and DIR/<stem>.json ({"path", the metadata's members as
/// `vnocr extract` writes them, "changes"}), <stem> being the file name without a final .txt and then .ocr
/// (doc.ocr.txt gives doc.txt and doc.json, beside the gold's doc.gold.txt and doc.meta.json; for a directory
/// input: its path relative to the directory; for stdin: "stdin").
///
/// Hidden files (.name) under a directory are left out. Exit status: 0 all done, 1 some inputs failed (each
/// named on stderr), 2 all inputs failed, or a usage or model error.
#[derive(clap::Args)]
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
    #[arg(long, value_name = "N", default_value = "256M", value_parser = super::batch::parse_size)]
    pub max_bytes: u64,
    #[command(flatten)]
    pub model: ModelArgs,
}

/// The model flags `process` and `batch` share with `restore`.
#[derive(clap::Args)]
pub struct ModelArgs {
    /// Language model file (default: the one built into the binary).
    #[arg(long, value_name = "PATH")]
    pub model: Option<PathBuf>,
    /// Channel (OCR confusion) model file (default: the one built into the binary).
    #[arg(long, value_name = "PATH")]
    pub channel: Option<PathBuf>,
    /// Tone placement of the output: classic (hòa, thủy) or modern (hoà, thuỷ).
    #[arg(long, default_value = "classic")]
    pub tones: ToneStyle,
    /// Keep the OCR text where the best reading's confidence is below this (0 to 1); such changes are listed
    /// with "applied": false.
    #[arg(long, value_name = "X", default_value_t = 0.0)]
    pub min_confidence: f32,
    /// Documents larger than this are restored as parallel paragraph chunks of at least this size (K, M
    /// suffixes). The output does not depend on it.
    #[arg(long, value_name = "N", default_value = "64K", value_parser = super::batch::parse_size)]
    pub chunk_bytes: u64,
    /// The decoder settings of `restore` (hidden, for experiments).
    #[command(flatten)]
    pub tuning: super::restore::Tuning,
}

impl ModelArgs {
    /// Loads the models and builds the pipeline (a failure here is exit status 2).
    pub fn pipeline(&self) -> anyhow::Result<Pipeline> {
        let options = RestoreOptions {
            chunk_bytes: usize::try_from(self.chunk_bytes).unwrap_or(usize::MAX),
            ..self.tuning.apply(RestoreOptions::default())
        };
        let restorer = super::restore::restorer(
            self.model.as_ref(),
            self.channel.as_ref(),
            self.tones,
            self.min_confidence,
            options,
        )?;
        Ok(Pipeline::new(restorer))
    }
}

#[derive(Serialize)]
struct Printed<'a> {
    path: &'a str,
    text: &'a str,
    #[serde(flatten)]
    json: &'a DocJson,
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let pipeline = args.model.pipeline()?;
    let pool = batch::thread_pool(args.threads)?;
    let read = ReadOptions { max_bytes: args.max_bytes, ..ReadOptions::default() };
    let sources = input::collect_inputs(&args.inputs)?;
    let mut failed = 0usize;
    let mut stems: HashMap<String, String> = HashMap::new();
    let stdout = io::stdout();
    let mut stdout = stdout.lock();
    for source in &sources {
        let name = source.name();
        let doc = match source.read(&read) {
            Ok(doc) => doc,
            Err(e) => {
                eprintln!("vnocr: {e}");
                failed += 1;
                continue;
            }
        };
        let out = match pool.install(|| pipeline.process(&Doc { name: name.clone(), text: doc.text })) {
            Ok(out) => out,
            Err(e) => {
                eprintln!("vnocr: {name}: {}", batch::message_of(&e));
                failed += 1;
                continue;
            }
        };
        match &args.out {
            Some(dir) => {
                let stem = match source {
                    Source::Stdin => "stdin".to_string(),
                    Source::File { relative, .. } => {
                        let rel: Vec<_> = relative.components().map(|c| c.as_os_str().to_string_lossy()).collect();
                        batch::output_stem(&rel.join("/")).to_string()
                    }
                    // its read failed and was reported above
                    Source::Unreadable { .. } => continue,
                };
                if let Some(first) = stems.get(&stem) {
                    eprintln!("vnocr: {name}: its outputs {stem}.txt/.json would overwrite those of {first}");
                    failed += 1;
                    continue;
                }
                let (txt, json) = (dir.join(format!("{stem}.txt")), dir.join(format!("{stem}.json")));
                stems.insert(stem, name.clone());
                if let Err(e) = batch::write_outputs(&txt, &json, &name, &out.map_json(DocFile::from)) {
                    eprintln!("vnocr: {e}");
                    failed += 1;
                }
            }
            None => {
                let printed = Printed { path: &name, text: &out.text, json: &out.json };
                let bytes = if args.compact { serde_json::to_vec(&printed) } else { batch::to_json_layout(&printed) };
                let written =
                    stdout.write_all(&bytes?).and_then(|()| stdout.write_all(b"\n")).and_then(|()| stdout.flush());
                match written {
                    // The reader went away (`vnocr process … | head`): stop quietly, as `normalize` does.
                    Err(e) if e.kind() == io::ErrorKind::BrokenPipe => return Ok(ExitCode::SUCCESS),
                    other => other?,
                }
            }
        }
    }
    // The restorer's maps go with the process, as in `restore`.
    std::mem::forget(pipeline);
    Ok(ExitCode::from(match failed {
        0 => 0,
        n if n == sources.len() => 2,
        _ => 1,
    }))
}
