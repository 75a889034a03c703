//! `vnocr restore`: restore diacritics and fix OCR errors.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use clap::ValueEnum;
use serde::Serialize;
use vnocr::restore::{Change, RestoreOptions, Restored, Restorer, Stats};
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
    /// Worker threads for the paragraph chunks of large inputs (0: one per core). The output does not depend on
    /// it.
    #[arg(long, short = 'j', default_value_t = 0)]
    pub threads: usize,
    #[command(flatten)]
    pub tuning: Tuning,
}

/// Decoder settings, for experiments (hidden from --help; the defaults are the measured ones).
#[derive(clap::Args, Clone, Copy, Debug, Default)]
pub struct Tuning {
    /// Weight of the language model against the channel model.
    #[arg(long, hide = true)]
    pub lm_weight: Option<f32>,
    /// Hypotheses kept per position.
    #[arg(long, hide = true)]
    pub beam: Option<usize>,
    /// Hypotheses kept per position in the first of two passes.
    #[arg(long, hide = true)]
    pub first_beam: Option<usize>,
    /// Channel score (log10) of keeping an OCR token that is not in the vocabulary.
    #[arg(long, hide = true)]
    pub unknown_keep: Option<f32>,
    /// Candidates per OCR token.
    #[arg(long, hide = true)]
    pub candidates: Option<usize>,
    /// Weight of word frequency in candidate selection.
    #[arg(long, hide = true)]
    pub prior_weight: Option<f32>,
    /// Weight of code-part frequency in code restoration.
    #[arg(long, hide = true)]
    pub code_prior: Option<f32>,
    /// Probability of an exact transcription, mixed into the channel.
    #[arg(long, hide = true)]
    pub exact: Option<f32>,
    /// Candidates this far below the best channel score are dropped.
    #[arg(long, hide = true)]
    pub channel_beam: Option<f32>,
    /// Hypotheses this far below the best are dropped.
    #[arg(long, hide = true)]
    pub score_beam: Option<f32>,
    /// Temperature of the confidences (log10 scores divided by it before normalizing).
    #[arg(long, hide = true, value_parser = positive)]
    pub temperature: Option<f32>,
    /// Prior bonus of the gazetteer's codes.
    #[arg(long, hide = true)]
    pub code_known: Option<f32>,
    /// Prior bonus of document-type codes after the number.
    #[arg(long, hide = true)]
    pub code_type: Option<f32>,
    /// log10 P of an unlearned letter substitution in a code part.
    #[arg(long, hide = true)]
    pub code_sub_floor: Option<f32>,
    /// Keep the exact-transcription share at `--exact`'s value, not read from the first pass.
    #[arg(long, hide = true)]
    pub fixed_exact: bool,
    /// Share of plain mark stripping in the channel (default: estimated per document).
    #[arg(long, hide = true)]
    pub strip: Option<f32>,
    /// Restore each document once, not twice: 1.32× as fast, 15–54% more errors on OCR and accentless text, 7.5×
    /// as many on clean text. (By default a second pass favours, for each OCR token, the readings the first gave it
    /// across the document, and reads from it how much of the text was transcribed exactly.)
    #[arg(long)]
    pub one_pass: bool,
}

/// A number above 0.
fn positive(s: &str) -> Result<f32, String> {
    match s.parse::<f32>() {
        Ok(x) if x > 0.0 && x.is_finite() => Ok(x),
        _ => Err(format!("{s:?} is not a number above 0")),
    }
}

impl Tuning {
    /// The default options with these settings applied.
    pub fn apply(self, mut o: RestoreOptions) -> RestoreOptions {
        if let Some(x) = self.lm_weight {
            o.decode.lm_weight = x;
        }
        if let Some(x) = self.beam {
            o.decode.beam = x;
        }
        if let Some(x) = self.first_beam {
            o.first_pass_beam = x;
        }
        if let Some(x) = self.unknown_keep {
            o.unknown_keep = x;
        }
        if let Some(x) = self.candidates {
            o.candidates = x;
        }
        if let Some(x) = self.channel_beam {
            o.channel_beam = x;
        }
        if let Some(x) = self.score_beam {
            o.decode.score_beam = x;
        }
        if let Some(x) = self.temperature {
            o.decode.temperature = x;
        }
        if let Some(x) = self.exact {
            o.exact = x;
        }
        if let Some(x) = self.code_known {
            o.code_known = x;
        }
        if let Some(x) = self.code_type {
            o.code_type = x;
        }
        if let Some(x) = self.code_prior {
            o.code_prior = x;
        }
        if let Some(x) = self.code_sub_floor {
            o.code_sub_floor = x;
        }
        o.two_pass = !self.one_pass;
        o.exact_from_first_pass = !self.fixed_exact;
        if self.strip.is_some() {
            o.strip = self.strip;
        }
        if let Some(x) = self.prior_weight {
            o.prior_weight = x;
        }
        o
    }
}

/// Builds the restorer the flags ask for.
pub fn restorer(
    model: Option<&PathBuf>,
    channel: Option<&PathBuf>,
    tones: ToneStyle,
    min_confidence: f32,
    options: RestoreOptions,
) -> anyhow::Result<Restorer> {
    let mut b = Restorer::builder().options(options).tones(tones).min_confidence(min_confidence);
    if let Some(m) = model {
        b = b.model_path(m)?;
    }
    if let Some(c) = channel {
        b = b.channel_path(c)?;
    }
    Ok(b.build()?)
}

/// One input of `--format json`: a JSON object per line.
#[derive(Serialize)]
struct Printed<'a> {
    source: &'a str,
    text: &'a str,
    changes: &'a [Change],
    stats: &'a Stats,
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let options = args.tuning.apply(RestoreOptions::default());
    let restorer = restorer(args.model.as_ref(), args.channel.as_ref(), args.tones, args.min_confidence, options)?;
    let pool = vnocr::batch::thread_pool(args.threads)?;
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
        match args.format {
            Format::Text => out.write_all(pool.install(|| restorer.restore_text(&doc.text)).as_bytes()),
            Format::Json => {
                let restored: Restored = pool.install(|| restorer.restore(&doc.text));
                let Restored { text, changes, stats } = &restored;
                // Written as it is serialized: a tree of JSON values for every change took 380 MB for a 528 KB input.
                serde_json::to_writer(&mut out, &Printed { source: &doc.name, text, changes, stats })
                    .map_err(std::io::Error::from)
                    .and_then(|()| writeln!(out))
            }
        }
        .context("writing standard output")?;
    }
    out.flush().context("writing standard output")?;
    // The restorer's maps (the candidate index: millions of small allocations) go with the process: freeing them
    // one by one was 8% of the instructions of restoring a one-line file.
    std::mem::forget(restorer);
    Ok(if failed { ExitCode::from(1) } else { ExitCode::SUCCESS })
}
