//! `vnocr info`: what a language model and a channel model file hold and how each was built.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::Parser;
use serde_json::json;

use vnocr::channel::ChannelModel;
use vnocr::model::{self, LmModel};
use vnocr::names::Names;

/// Print the header of the language model (format version, size, checksum, order, vocabulary, n-grams per order,
/// pruning, the corpora and the command line that built it) and of the channel model (format, size, learned edits,
/// floors, the line pairs and the command line that trained it): by default the models built into the binary. Then
/// the built-in person-name statistics and the command that counted them.
#[derive(Parser, Debug)]
pub struct Args {
    /// Language model file (default: the one built into the binary).
    #[arg(long)]
    pub model: Option<PathBuf>,
    /// Channel (OCR confusion) model file (default: the one built into the binary).
    #[arg(long)]
    pub channel: Option<PathBuf>,
    /// Print one JSON object instead of text.
    #[arg(long)]
    pub json: bool,
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let owned_lm;
    let (lm, lm_path) = match &args.model {
        Some(p) => {
            owned_lm = LmModel::load(p)?;
            (&owned_lm, p.display().to_string())
        }
        None => (LmModel::embedded()?, "<built in: dictionaries/lm.bin>".to_string()),
    };
    let owned_channel;
    let (ch, ch_path) = match &args.channel {
        Some(p) => {
            owned_channel = ChannelModel::load(p)?;
            (&owned_channel, p.display().to_string())
        }
        None => (ChannelModel::embedded()?, "<built in: dictionaries/channel.bin>".to_string()),
    };
    let header = lm.header();
    let (keep, sub, del, ins) = ch.floors();
    let names = Names::builtin();
    let (family, syllables, pairs) = names.sizes();
    let mut out = std::io::stdout().lock();
    if args.json {
        let value = json!({
            "language_model": {
                "path": lm_path,
                "format_version": model::FORMAT_VERSION,
                "bytes": lm.file_len(),
                "checksum": format!("{:016x}", lm.file_checksum()),
                "code_parts": header.code_parts.len(),
                "build": header.info,
                "sections": header.sections,
            },
            "channel_model": {
                "path": ch_path,
                "format_version": ch.format_version(),
                "bytes": ch.file_len(),
                "edits": ch.len(),
                "insertions": ch.insertions(),
                "floors": {
                    "copy_unseen": shortest(keep),
                    "substitution": shortest(sub),
                    "deletion": shortest(del),
                    "insertion": shortest(ins),
                },
                "build": {
                    "command_line": ch.provenance().command_line,
                    "sources": ch.provenance().sources.iter().map(|s| json!({
                        "name": s.name, "pairs": s.pairs, "weight": shortest(s.weight),
                    })).collect::<Vec<_>>(),
                },
            },
            "names": {
                "path": "<built in: dictionaries/names.tsv>",
                "family_names": family,
                "name_syllables": syllables,
                "pairs": pairs,
                "command_line": names.source(),
            },
        });
        writeln!(out, "{}", serde_json::to_string_pretty(&value)?)?;
        return Ok(ExitCode::SUCCESS);
    }
    let info = &header.info;
    let n = thousands;
    writeln!(out, "language model: {lm_path}")?;
    writeln!(
        out,
        "  format {}, {} bytes, checksum {:016x}",
        model::FORMAT_VERSION,
        n(lm.file_len() as u64),
        lm.file_checksum()
    )?;
    writeln!(
        out,
        "  {} ({}), order {}, vocabulary {} words (weighted count ≥ {})",
        info.smoothing,
        info.source,
        info.order,
        n(info.vocab_size as u64),
        info.min_count
    )?;
    let per_order = |counts: &[u64]| {
        counts.iter().enumerate().map(|(k, &c)| format!("{}: {}", k + 1, n(c))).collect::<Vec<_>>().join(", ")
    };
    writeln!(out, "  n-grams by order: {}", per_order(&info.ngrams))?;
    if !info.ngrams_unpruned.is_empty() {
        writeln!(out, "  before pruning: {}", per_order(&info.ngrams_unpruned))?;
    }
    if !info.pruning.is_empty() {
        writeln!(out, "  pruning: {}", info.pruning)?;
    }
    for c in &info.corpora {
        writeln!(
            out,
            "  corpus {} ({}): weight {}, {} lines trained ({} more held out), {} tokens",
            c.name,
            c.path,
            c.weight,
            n(c.lines),
            n(c.holdout_lines),
            n(c.tokens)
        )?;
    }
    writeln!(out, "  document-code parts: {}", n(header.code_parts.len() as u64))?;
    if !info.command_line.is_empty() {
        writeln!(out, "  built by: {}", info.command_line)?;
    }
    writeln!(out, "channel model: {ch_path}")?;
    writeln!(
        out,
        "  format {}, {} bytes, {} learned edits, {} insertions",
        ch.format_version(),
        n(ch.file_len() as u64),
        n(ch.len() as u64),
        n(ch.insertions() as u64)
    )?;
    writeln!(
        out,
        "  log10 P of what it never learned: copying an unseen char {keep:.2}, a substitution {sub:.2}, a deletion \
         {del:.2}, an insertion {ins:.2}"
    )?;
    let provenance = ch.provenance();
    for s in &provenance.sources {
        writeln!(out, "  trained on {}: {} line pairs, weight {}", s.name, n(s.pairs as u64), s.weight)?;
    }
    if provenance.command_line.is_empty() {
        writeln!(out, "  built by: not recorded in the file")?;
    } else {
        writeln!(out, "  built by: {}", provenance.command_line)?;
    }
    writeln!(out, "person names: <built in: dictionaries/names.tsv>")?;
    writeln!(
        out,
        "  {} family names, {} name syllables, {} pairs of successive name syllables",
        n(family as u64),
        n(syllables as u64),
        n(pairs as u64)
    )?;
    writeln!(out, "  built by: {}", names.source())?;
    Ok(ExitCode::SUCCESS)
}

/// An f32 as the f64 that prints as the f32 does (`-0.008773924`, not `-0.008773923851549625`).
fn shortest(x: f32) -> f64 {
    x.to_string().parse().unwrap_or(f64::from(x))
}

/// `1234567` → `1,234,567`.
fn thousands(x: u64) -> String {
    let digits = x.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}
