//! `vnocr restore`: restore diacritics and fix OCR errors.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use clap::ValueEnum;
use vnocr::restore::{Restored, Restorer};
use vnocr::syllable::ToneStyle;

#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum Format {
    /// The restored text, every line where it was.
    Text,
    /// A JSON object per input: the restored text and every change (line, spans, original, replacement,
    /// confidence, runner-up).
    Json,
}

#[derive(clap::Args)]
pub struct Args {
    /// Input files or directories; `-` (or nothing) reads standard input.
    pub inputs: Vec<PathBuf>,
    /// Language model file (default: the one built into the binary).
    #[arg(long)]
    pub model: Option<PathBuf>,
    /// Channel (OCR confusion) model file (default: the one built into the binary).
    #[arg(long)]
    pub channel: Option<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value = "text")]
    pub format: Format,
    /// Tone placement of the output: classic (hòa, thủy) or modern (hoà, thuỷ).
    #[arg(long, default_value = "classic")]
    pub tones: ToneStyle,
    /// Keep the OCR text where the best reading's confidence is below this (0 to 1); such places are flagged in
    /// the JSON output with `"applied": false`.
    #[arg(long, default_value_t = 0.0)]
    pub min_confidence: f32,
}

/// Builds the restorer the flags ask for.
pub fn restorer(
    model: Option<&PathBuf>,
    channel: Option<&PathBuf>,
    tones: ToneStyle,
    min_confidence: f32,
) -> anyhow::Result<Restorer> {
    let mut b = Restorer::builder().tones(tones).min_confidence(min_confidence);
    if let Some(m) = model {
        b = b.model_path(m)?;
    }
    if let Some(c) = channel {
        b = b.channel_path(c)?;
    }
    Ok(b.build()?)
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let restorer = restorer(args.model.as_ref(), args.channel.as_ref(), args.tones, args.min_confidence)?;
    let sources = vnocr::input::collect_inputs(&args.inputs)?;
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let mut failed = false;
    for source in &sources {
        let doc = match source.read(&vnocr::input::ReadOptions::default()) {
            Ok(doc) => doc,
            Err(e) => {
                eprintln!("vnocr: {e}");
                failed = true;
                continue;
            }
        };
        let restored: Restored = restorer.restore(&doc.text);
        match args.format {
            Format::Text => out.write_all(restored.text.as_bytes()),
            Format::Json => {
                let v = serde_json::json!({ "source": doc.name, "text": restored.text, "changes": restored.changes,
                                            "stats": restored.stats });
                writeln!(out, "{v}")
            }
        }
        .context("writing standard output")?;
    }
    out.flush().context("writing standard output")?;
    Ok(if failed { ExitCode::from(1) } else { ExitCode::SUCCESS })
}
