//! `vnocr eval`: restoration and extraction quality against gold, with `score.py`'s figures.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context;
use clap::{Parser, ValueEnum};
use vnocr::eval::{self, DirReport, Scope, TextScore};

/// Output format.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// `score.py text-dir` lines, then the error kinds, the confusions and the metadata scores.
    Text,
    /// One JSON object.
    Json,
}

/// What to score.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Only {
    /// Text and metadata.
    Both,
    /// Text only (`<stem>.gold.txt`).
    Text,
    /// Metadata only (`<stem>.meta.json`).
    Meta,
}

/// Score hypotheses against gold: SER, SERci, DER, CER (as shared/eval/score.py), error kinds, confusions, and
/// metadata precision/recall/F1.
///
/// With directories: every GOLD/<stem>.gold.txt is scored against HYP/<stem>.txt (what `vnocr batch` writes for
/// <stem>.ocr.txt; or HYP/<stem>.ocr.txt, the raw OCR), and every GOLD/<stem>.meta.json against HYP/<stem>.json (or
/// HYP/<stem>.ocr.json) when that exists; when that JSON lists the restorer's changes (`vnocr process --out`,
/// `vnocr batch`), each is judged against the gold text and counted by confidence. With files: one text pair, or one metadata
/// pair when the gold ends in `.json`. Exit code 1 when some document could not be scored (missing hypothesis,
/// line counts differ, unreadable file); those are named on stderr and left out of the totals.
#[derive(Parser, Debug)]
pub struct Args {
    /// Hypothesis directory (or file).
    #[arg(long)]
    pub hyp: PathBuf,
    /// Gold directory (or file).
    #[arg(long)]
    pub gold: PathBuf,
    /// Output format.
    #[arg(long, value_enum, default_value = "text")]
    pub format: Format,
    /// What to score in directories.
    #[arg(long, value_enum, default_value = "both")]
    pub only: Only,
    /// How many of the most frequent confusions to list.
    #[arg(long, default_value_t = 20)]
    pub confusions: usize,
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let (hyp, gold) = (&args.hyp, &args.gold);
    for p in [hyp, gold] {
        anyhow::ensure!(p.exists(), "{}: no such file or directory", p.display());
    }
    match (hyp.is_dir(), gold.is_dir()) {
        (true, true) => dirs(&args),
        (false, false) if is_json(gold) => meta_files(hyp, gold, args.format),
        (false, false) => text_files(hyp, gold, &args),
        _ => anyhow::bail!(
            "--hyp {} and --gold {} must both be directories or both be files",
            hyp.display(),
            gold.display()
        ),
    }
}

fn is_json(p: &Path) -> bool {
    p.extension().is_some_and(|e| e == "json")
}

fn text_files(hyp: &Path, gold: &Path, args: &Args) -> anyhow::Result<ExitCode> {
    let t = eval::score_files(hyp, gold)?;
    let mut out = std::io::stdout().lock();
    match args.format {
        Format::Json => writeln!(out, "{}", serde_json::to_string_pretty(&t)?)?,
        Format::Text => {
            writeln!(out, "{}", t.summary())?;
            writeln!(out)?;
            write!(out, "{}", eval::breakdown_table(&t, args.confusions))?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn meta_files(hyp: &Path, gold: &Path, format: Format) -> anyhow::Result<ExitCode> {
    let h = eval::read_json(hyp)?;
    let g = eval::read_json(gold)?;
    let m = eval::score_meta(eval::metadata_of(&h), &g);
    let mut out = std::io::stdout().lock();
    match format {
        Format::Json => writeln!(out, "{}", serde_json::to_string_pretty(&m)?)?,
        Format::Text => writeln!(out, "{}", eval::meta_summary(&m))?,
    }
    Ok(ExitCode::SUCCESS)
}

fn dirs(args: &Args) -> anyhow::Result<ExitCode> {
    let scope = match args.only {
        Only::Both => Scope::Both,
        Only::Text => Scope::Text,
        Only::Meta => Scope::Meta,
    };
    let report: DirReport = eval::score_dirs(&args.hyp, &args.gold, scope)
        .with_context(|| format!("evaluating {} against {}", args.hyp.display(), args.gold.display()))?;
    for d in &report.documents {
        if let Some(e) = &d.text_error
            && d.missing_hypothesis().is_none()
        {
            eprintln!("vnocr eval: {}: {e}", d.stem);
        }
        if let Some(e) = &d.meta_error {
            eprintln!("vnocr eval: {}: {e}", d.stem);
        }
    }
    let mut out = std::io::stdout().lock();
    match args.format {
        Format::Json => {
            let mut v = serde_json::to_value(&report)?;
            v["text"]["confusions"] = serde_json::to_value(report.text.top_confusions(args.confusions))?;
            if scope == Scope::Meta {
                v["text"] = serde_json::Value::Null;
            }
            writeln!(out, "{}", serde_json::to_string_pretty(&v)?)?;
        }
        Format::Text => print_text(&mut out, &report, args.confusions, scope != Scope::Meta)?,
    }
    let failures = report.failures();
    if failures > 0 {
        eprintln!("vnocr eval: {failures} document(s) could not be scored");
        return Ok(ExitCode::from(1));
    }
    Ok(ExitCode::SUCCESS)
}

fn print_text(out: &mut impl Write, report: &DirReport, confusions: usize, text: bool) -> std::io::Result<()> {
    // The lines of `score.py text-dir`, in its order and format.
    for d in report.documents.iter().filter(|_| text) {
        if let Some(t) = &d.text {
            writeln!(out, "{}: {}", d.stem, t.summary())?;
        } else if let Some(p) = d.missing_hypothesis() {
            writeln!(out, "{}: no hypothesis {}", d.stem, p.display())?;
        }
    }
    let scored: Vec<&TextScore> = report.documents.iter().filter_map(|d| d.text.as_ref()).collect();
    if text {
        writeln!(out, "ALL: {}", report.text.summary_fixed())?;
    }
    if !scored.is_empty() {
        writeln!(out)?;
        write!(out, "{}", eval::breakdown_table(&report.text, confusions))?;
    }
    if let Some(c) = report.changes.as_ref().filter(|_| text) {
        writeln!(out)?;
        write!(out, "{}", c.table())?;
    }
    if let Some(total) = &report.meta {
        writeln!(out)?;
        writeln!(out, "Metadata:")?;
        for d in &report.documents {
            if let Some(m) = &d.meta {
                writeln!(out, "{}: {}", d.stem, eval::meta_summary(m))?;
            }
        }
        writeln!(
            out,
            "ALL: fields {}/{}  references P {:.4} R {:.4} F1 {:.4} (right {}, found {}, gold {}; date {}, type {}, issuer {} right; {} documents)",
            total.document_fields_right,
            total.document_fields,
            total.ref_precision,
            total.ref_recall,
            total.ref_f1,
            total.ref_right,
            total.ref_found,
            total.ref_gold,
            total.ref_date_right,
            total.ref_type_right,
            total.ref_issuer_right,
            total.documents
        )?;
    }
    Ok(())
}
