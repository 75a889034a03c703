//! `vnocr batch`: a directory tree in parallel, or JSON Lines on stdin (`--jsonl`). See docs/batch.md.

use std::io::{self, BufReader, BufWriter, IsTerminal};
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Instant;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use vnocr::batch::{self, DirOptions, Glob, JsonlOptions, Outcome, Planned, Progress, Summary};
use vnocr::pipeline::DocFile;

/// Restore and extract every file under INPUT_DIR into OUT_DIR, or a JSON Lines stream (--jsonl).
///
/// For each input file `<rel>` (its path relative to INPUT_DIR; a final `.txt` dropped) writes
/// `OUT_DIR/<rel>.txt` (the restored text) and `OUT_DIR/<rel>.json` (metadata and change list). Bad inputs
/// (binary, invalid UTF-8, unreadable, over --max-bytes) are listed in `OUT_DIR/errors.jsonl` and the run
/// goes on. Output is byte-identical for any --threads.
///
/// With --jsonl, reads `{"id": …, "text": …}` lines on stdin and writes `{"id", "text", "metadata", "changes"}`
/// or `{"id", "error"}` lines on stdout, in input order.
///
/// Exit status: 0 all inputs done, 1 some inputs (or records) failed, 2 every input failed, or a usage, model
/// or I/O error.
#[derive(clap::Args)]
pub struct Args {
    /// Directory to process (recursively).
    #[arg(required_unless_present = "jsonl", conflicts_with = "jsonl")]
    pub input_dir: Option<PathBuf>,
    /// Output directory (created if missing).
    #[arg(long, value_name = "OUT_DIR", required_unless_present = "jsonl", conflicts_with = "jsonl")]
    pub out: Option<PathBuf>,
    /// Stream mode: JSON Lines on stdin to JSON Lines on stdout.
    #[arg(long)]
    pub jsonl: bool,
    /// Only files matching this pattern (`*`, `**`, `?`, `[a-z]`, `{a,b}`; matched against the file name,
    /// or against the relative path when it contains `/`), e.g. '*.ocr.txt'.
    #[arg(long, value_name = "PATTERN", conflicts_with = "jsonl")]
    pub glob: Option<String>,
    /// Worker threads (0: one per core).
    #[arg(long, short = 'j', default_value_t = 0)]
    pub threads: usize,
    /// Larger inputs (files, or JSONL lines) are errors; accepts K, M, G suffixes (powers of 1024).
    #[arg(long, value_name = "N", default_value = "256M", value_parser = parse_size)]
    pub max_bytes: u64,
    /// Skip inputs whose two outputs already exist (outputs are written atomically, so they are complete).
    #[arg(long, conflicts_with = "jsonl")]
    pub resume: bool,
    /// No progress bar and no summary (exit status and errors.jsonl still tell the failures).
    #[arg(long, short)]
    pub quiet: bool,
    #[command(flatten)]
    pub model: super::process::ModelArgs,
}

/// "64M" → 64 × 2^20.
pub fn parse_size(s: &str) -> Result<u64, String> {
    let s = s.trim();
    let (digits, shift) = match s.char_indices().last() {
        Some((i, 'k' | 'K')) => (&s[..i], 10),
        Some((i, 'm' | 'M')) => (&s[..i], 20),
        Some((i, 'g' | 'G')) => (&s[..i], 30),
        _ => (s, 0),
    };
    let n: u64 = digits.parse().map_err(|_| format!("not a size: {s:?} (e.g. 1000000, 512K, 64M, 1G)"))?;
    n.checked_mul(1 << shift).ok_or_else(|| format!("size too large: {s}"))
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let pipeline = args.model.pipeline()?;
    let work = |doc: &batch::Doc| pipeline.process(doc);
    let show = !args.quiet && io::stderr().is_terminal();
    let summary = if args.jsonl {
        let opts = JsonlOptions { threads: args.threads, max_bytes: args.max_bytes, window: 0 };
        let bar = Bar::new(show, None);
        let input = BufReader::with_capacity(1 << 16, io::stdin());
        let output = BufWriter::with_capacity(1 << 16, io::stdout().lock());
        let summary = match batch::run_jsonl(input, output, &opts, &work, &bar) {
            // The reader went away (`… | head`): stop quietly, as `normalize` does.
            Err(vnocr::Error::Io { source, .. }) if source.kind() == io::ErrorKind::BrokenPipe => {
                bar.finish();
                return Ok(ExitCode::SUCCESS);
            }
            other => other?,
        };
        bar.finish();
        summary
    } else {
        let (input_dir, out) = (args.input_dir.expect("clap requires it"), args.out.expect("clap requires it"));
        let glob = args.glob.as_deref().map(Glob::new).transpose()?;
        let opts = DirOptions { threads: args.threads, glob, max_bytes: args.max_bytes, resume: args.resume };
        let bar = Bar::new(show, Some(0));
        // The files carry the metadata's members at the top level, as `score.py meta` reads them.
        let work = |doc: &batch::Doc| work(doc).map(|o| o.map_json(DocFile::from));
        let summary = batch::run_dir(&input_dir, &out, &opts, &work, &bar)?;
        bar.finish();
        if !args.quiet && !summary.errors.is_empty() {
            eprintln!("errors listed in {}", out.join(batch::ERRORS_FILE).display());
        }
        summary
    };
    if !args.quiet {
        eprintln!("{summary}");
    }
    Ok(ExitCode::from(summary.exit_status()))
}

/// The progress bar: documents done, syllables/s, ETA; hidden unless stderr is a terminal.
struct Bar {
    bar: ProgressBar,
    syllables: AtomicU64,
    started: Instant,
}

impl Bar {
    fn new(show: bool, len: Option<u64>) -> Bar {
        let bar = match (show, len) {
            (false, _) => ProgressBar::hidden(),
            (true, Some(n)) => {
                let bar = ProgressBar::with_draw_target(Some(n), ProgressDrawTarget::stderr_with_hz(5));
                bar.set_style(
                    ProgressStyle::with_template("{bar:30} {pos}/{len} documents, {msg}, ETA {eta}")
                        .expect("valid template"),
                );
                bar
            }
            (true, None) => {
                let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr_with_hz(5));
                bar.set_style(ProgressStyle::with_template("{spinner} {pos} records, {msg}").expect("valid template"));
                bar
            }
        };
        bar.set_message("0 syllables/s");
        Bar { bar, syllables: AtomicU64::new(0), started: Instant::now() }
    }

    fn rate(&self, syllables: u64) -> String {
        format!("{:.0} syllables/s", syllables as f64 / self.started.elapsed().as_secs_f64().max(1e-3))
    }

    fn finish(&self) {
        self.bar.finish_and_clear();
    }
}

impl Progress for Bar {
    fn start(&self, total: usize) {
        self.bar.set_length(total as u64);
    }

    fn done(&self, _input: &Planned, outcome: &Outcome) {
        if let Outcome::Done(stats) = outcome {
            let n = self.syllables.fetch_add(stats.syllables, Ordering::Relaxed) + stats.syllables;
            self.bar.set_message(self.rate(n));
        }
        self.bar.inc(1);
    }

    fn record(&self, so_far: &Summary) {
        self.bar.set_position(so_far.documents);
        self.bar.set_message(self.rate(so_far.stats.syllables));
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn sizes() {
        assert_eq!(super::parse_size("123"), Ok(123));
        assert_eq!(super::parse_size("2K"), Ok(2048));
        assert_eq!(super::parse_size("64M"), Ok(64 << 20));
        assert_eq!(super::parse_size("1g"), Ok(1 << 30));
        assert!(super::parse_size("x").is_err());
        assert!(super::parse_size("-1").is_err());
    }
}
