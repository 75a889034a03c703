//! `vnocr bench`: corrupt clean text under a noise profile, restore it, and measure accuracy and throughput.

use std::io::Read as _;
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use anyhow::Context;
use clap::{Parser, ValueEnum};
use rayon::prelude::*;
use serde::Serialize;
use vnocr::eval::{self, TextScore};
use vnocr::noise::{NoiseProfile, SeedsChannel, corrupt_lines};
use vnocr::restore::{RestoreOptions, Restorer};
use vnocr::syllable::ToneStyle;

/// A noise profile, or all of them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Profile {
    /// Every mark removed (đ → d), case kept.
    Strip,
    /// OCR noise learned from the aligned corpus documents.
    Seeds,
    /// A Vietnamese-aware OCR engine's errors: wrong or dropped tones and marks, split words.
    Tesseract,
    /// No noise: what the restorer changes in text that needs no change.
    Clean,
    /// strip, seeds, tesseract and clean.
    All,
}

/// Output format.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// A table.
    Text,
    /// JSON lines, one object per profile.
    Json,
}

/// Benchmark restoration: make noisy input from clean text (fixed seed), restore it with the default model, and
/// print accuracy before/after (SER, CER as in shared/eval/score.py) and throughput, one row per profile.
#[derive(Parser, Debug)]
pub struct Args {
    /// Clean text, one paragraph a line (`-` for stdin).
    #[arg(long)]
    pub text: PathBuf,
    /// Noise profile.
    #[arg(long, value_enum, default_value = "all")]
    pub profile: Profile,
    /// RNG seed of the noise.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// Use only the first N lines.
    #[arg(long)]
    pub limit_lines: Option<usize>,
    /// Where the `seeds` profile learns OCR noise: `<stem>.ocr.txt` + `<stem>.gold.txt` pairs.
    #[arg(long, default_value = "corpus")]
    pub seeds_dir: PathBuf,
    /// Language model file (default: the one built into the binary).
    #[arg(long)]
    pub model: Option<PathBuf>,
    /// Channel (OCR confusion) model file (default: the one built into the binary).
    #[arg(long)]
    pub channel: Option<PathBuf>,
    /// Threads restoring (blocks of lines in parallel; the output does not depend on it).
    #[arg(long, default_value_t = 1)]
    pub threads: usize,
    /// Decoder settings (`--one-pass` and the hidden experiment settings of `vnocr restore`).
    #[command(flatten)]
    pub tuning: super::restore::Tuning,
    /// Write `<profile>.noisy.txt`, `<profile>.restored.txt` and `clean.txt` here (to check with score.py).
    #[arg(long)]
    pub out: Option<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value = "text")]
    pub format: Format,
}

/// One row of the benchmark table.
#[derive(Debug, Serialize)]
struct Row {
    profile: &'static str,
    lines: usize,
    syllables: usize,
    ser_before: f64,
    cer_before: f64,
    ser_after: f64,
    cer_after: f64,
    der_after: f64,
    restore_seconds: f64,
    /// CPU time (user + system, all threads) of the restoration, where the OS tells it (Linux).
    restore_cpu_seconds: Option<f64>,
    syllables_per_second: f64,
}

/// Lines restored together: the restorer decodes whole lines, so blocks of lines can go to different threads.
const BLOCK_LINES: usize = 256;

fn read_clean(args: &Args) -> anyhow::Result<Vec<String>> {
    let mut lines = if args.text.as_os_str() == "-" {
        let mut s = String::new();
        std::io::stdin().read_to_string(&mut s).context("reading clean text from stdin")?;
        s.replace("\r\n", "\n").replace('\r', "\n").split('\n').map(str::to_string).collect()
    } else {
        eval::read_lines(&args.text)?
    };
    if lines.last().is_some_and(String::is_empty) && lines.len() > 1 {
        lines.pop(); // the final newline
    }
    if let Some(n) = args.limit_lines {
        lines.truncate(n);
    }
    anyhow::ensure!(lines.iter().any(|l| !l.trim().is_empty()), "{}: no text", args.text.display());
    Ok(lines)
}

fn restore_all(restorer: &Restorer, lines: &[String], pool: &rayon::ThreadPool) -> anyhow::Result<Vec<String>> {
    let blocks: Vec<&[String]> = lines.chunks(BLOCK_LINES).collect();
    let restored: Vec<Vec<String>> = pool.install(|| {
        blocks
            .par_iter()
            .map(|block| {
                let text = block.join("\n");
                restorer.restore_text(&text).split('\n').map(str::to_string).collect()
            })
            .collect()
    });
    let out: Vec<String> = restored.into_iter().flatten().collect();
    anyhow::ensure!(
        out.len() == lines.len(),
        "the restorer changed the line count ({} lines in, {} out)",
        lines.len(),
        out.len()
    );
    Ok(out)
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let clean = read_clean(&args)?;
    let profiles: Vec<NoiseProfile> = match args.profile {
        Profile::Strip => vec![NoiseProfile::Strip],
        Profile::Tesseract => vec![NoiseProfile::tesseract()],
        Profile::Clean => vec![NoiseProfile::Clean],
        Profile::Seeds => vec![NoiseProfile::Seeds(SeedsChannel::from_dir(&args.seeds_dir)?)],
        Profile::All => vec![
            NoiseProfile::Strip,
            NoiseProfile::Seeds(SeedsChannel::from_dir(&args.seeds_dir)?),
            NoiseProfile::tesseract(),
            NoiseProfile::Clean,
        ],
    };
    // A restorer per profile, so that no profile's figures depend on the candidate lists another left in the
    // restorer's cache.
    let restorer = || {
        super::restore::restorer(
            args.model.as_ref(),
            args.channel.as_ref(),
            ToneStyle::Classic,
            0.0,
            args.tuning.apply(RestoreOptions::default()),
        )
        .context("loading the model")
    };
    let load = Instant::now();
    let mut first = Some(restorer()?);
    let load_seconds = load.elapsed().as_secs_f64();
    let pool = rayon::ThreadPoolBuilder::new().num_threads(args.threads.max(1)).build()?;
    if let Some(dir) = &args.out {
        std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
        write_lines(&dir.join("clean.txt"), &clean)?;
    }
    let mut rows = Vec::new();
    for profile in &profiles {
        let noisy = corrupt_lines(&clean, profile, args.seed);
        let before = eval::score_text(&noisy, &clean)?;
        let restorer = match first.take() {
            Some(r) => r,
            None => restorer()?,
        };
        let (start, cpu_start) = (Instant::now(), cpu_seconds());
        let restored = restore_all(&restorer, &noisy, &pool)?;
        let seconds = start.elapsed().as_secs_f64();
        let cpu = cpu_seconds().zip(cpu_start).map(|(end, start)| end - start);
        let after: TextScore = eval::score_text(&restored, &clean)?;
        if let Some(dir) = &args.out {
            write_lines(&dir.join(format!("{}.noisy.txt", profile.name())), &noisy)?;
            write_lines(&dir.join(format!("{}.restored.txt", profile.name())), &restored)?;
        }
        rows.push(Row {
            profile: profile.name(),
            lines: clean.len(),
            syllables: after.tokens,
            ser_before: before.ser,
            cer_before: before.cer,
            ser_after: after.ser,
            cer_after: after.cer,
            der_after: after.der,
            restore_seconds: seconds,
            restore_cpu_seconds: cpu,
            syllables_per_second: after.tokens as f64 / seconds.max(1e-9),
        });
    }
    let mut out = std::io::stdout().lock();
    match args.format {
        Format::Json => {
            for r in &rows {
                writeln!(out, "{}", serde_json::to_string(r)?)?;
            }
        }
        Format::Text => print_table(&mut out, &rows, &args, load_seconds)?,
    }
    Ok(ExitCode::SUCCESS)
}

fn write_lines(path: &std::path::Path, lines: &[String]) -> anyhow::Result<()> {
    std::fs::write(path, lines.join("\n")).with_context(|| format!("writing {}", path.display()))
}

/// CPU time used by this process so far (user + system, all threads), from `/proc/self/stat` (in USER_HZ = 100
/// ticks a second); `None` where there is no such file.
fn cpu_seconds() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    // the fields after the command name (which is in parentheses and may hold spaces)
    let rest = &stat[stat.rfind(')')? + 2..];
    let fields: Vec<&str> = rest.split(' ').collect();
    // utime and stime are fields 14 and 15 of the line, 12 and 13 after the name
    let ticks: u64 = fields.get(11)?.parse::<u64>().ok()? + fields.get(12)?.parse::<u64>().ok()?;
    Some(ticks as f64 / 100.0)
}

fn print_table(out: &mut impl Write, rows: &[Row], args: &Args, load_seconds: f64) -> std::io::Result<()> {
    writeln!(
        out,
        "{}: {} lines, seed {}, {} thread(s); model loaded in {:.2} s",
        args.text.display(),
        rows.first().map_or(0, |r| r.lines),
        args.seed,
        args.threads.max(1),
        load_seconds
    )?;
    writeln!(
        out,
        "{:<10} {:>9}  {:>8} {:>8}  {:>8} {:>8}  {:>8}  {:>8} {:>8}  {:>11}",
        "profile", "syllables", "SER in", "SER out", "CER in", "CER out", "DER out", "wall s", "CPU s", "syllables/s"
    )?;
    for r in rows {
        let cpu = r.restore_cpu_seconds.map_or("-".to_string(), |c| format!("{c:.2}"));
        writeln!(
            out,
            "{:<10} {:>9}  {:>7.3}% {:>7.3}%  {:>7.3}% {:>7.3}%  {:>7.3}%  {:>8.2} {:>8}  {:>11.0}",
            r.profile,
            r.syllables,
            r.ser_before,
            r.ser_after,
            r.cer_before,
            r.cer_after,
            r.der_after,
            r.restore_seconds,
            cpu,
            r.syllables_per_second
        )?;
    }
    writeln!(
        out,
        "(in: the noisy input, out: restored; SER/CER/DER as score.py; syllables/s over wall-clock restore time)"
    )
}
