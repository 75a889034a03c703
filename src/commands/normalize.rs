//! `vnocr normalize`: legacy encodings to Unicode, NFC, OCR ligatures, one tone-placement style.

use std::collections::HashSet;
use std::io::{self, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use vnocr::input::{self, ReadOptions, Source};
use vnocr::normalize::{Encoding, Normalizer};
use vnocr::syllable::ToneStyle;

/// Normalize Vietnamese text: decode TCVN3/VNI/VIQR, compose to NFC, expand OCR ligatures, place tone marks in
/// one style. Line breaks and everything else are kept byte for byte.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// Input files, directories (walked recursively, hidden files skipped) or - for standard input [default: -]
    #[arg(value_name = "FILE|DIR|-")]
    pub inputs: Vec<PathBuf>,
    /// Tone placement: classic (hòa, thủy, khỏe), modern (hoà, thuỷ, khoẻ) or keep (as in the input)
    #[arg(long, value_enum, default_value_t = Tones::Classic)]
    pub tones: Tones,
    /// Encoding of the input text
    #[arg(long, value_enum, default_value_t = From::Unicode)]
    pub from: From,
    /// Write each output to DIR/<path relative to the input directory> instead of standard output
    /// (standard input still goes to standard output)
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
}

/// Tone placement styles on the command line.
#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum Tones {
    /// hòa, thủy, khỏe
    Classic,
    /// hoà, thuỷ, khoẻ
    Modern,
    /// leave tone placement as it is
    Keep,
}

/// Input encodings on the command line.
#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum From {
    /// Unicode (any normalization form)
    Unicode,
    /// TCVN3 (ABC) font codes shown as Latin-1 characters
    Tcvn3,
    /// VNI-Windows font codes shown as Latin-1 characters
    Vni,
    /// VIQR ASCII marks
    Viqr,
}

/// Runs the command. Exit code 0 when every input was normalized, 1 when some failed (each named on standard
/// error, the others still written), 2 when every input failed.
pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let normalizer = Normalizer::new().from(match args.from {
        From::Unicode => Encoding::Unicode,
        From::Tcvn3 => Encoding::Tcvn3,
        From::Vni => Encoding::Vni,
        From::Viqr => Encoding::Viqr,
    });
    let normalizer = match args.tones {
        Tones::Classic => normalizer.tones(ToneStyle::Classic),
        Tones::Modern => normalizer.tones(ToneStyle::Modern),
        Tones::Keep => normalizer.keep_tones(),
    };
    let sources = input::collect_inputs(&args.inputs)?;
    let options = ReadOptions::default();
    let mut stdout = io::BufWriter::new(io::stdout().lock());
    let mut written = HashSet::new();
    let mut failed = 0;
    for source in &sources {
        let result = source.read(&options).map_err(anyhow::Error::from).and_then(|doc| {
            // Normalization is line-local, so going line by line gives the same text without a whole-document
            // offset table.
            let text: String = doc.text.split_inclusive('\n').map(|line| normalizer.normalize(line).text).collect();
            match (&args.out, source) {
                (Some(dir), Source::File { path, relative }) => write_file(dir, path, relative, &text, &mut written),
                _ => write_stdout(&mut stdout, &text),
            }
        });
        if let Err(err) = result {
            if super::is_broken_pipe(&err) {
                return Ok(ExitCode::SUCCESS);
            }
            eprintln!("vnocr: {err}");
            failed += 1;
        }
    }
    if let Err(err) = stdout.flush() {
        if err.kind() != io::ErrorKind::BrokenPipe {
            return Err(anyhow::Error::new(err).context("writing standard output"));
        }
    }
    Ok(match failed {
        0 => ExitCode::SUCCESS,
        n if n == sources.len() => ExitCode::from(2),
        _ => ExitCode::from(1),
    })
}

fn write_stdout(out: &mut impl Write, text: &str) -> anyhow::Result<()> {
    out.write_all(text.as_bytes()).map_err(anyhow::Error::from)
}

fn write_file(
    dir: &std::path::Path,
    input: &std::path::Path,
    relative: &std::path::Path,
    text: &str,
    written: &mut HashSet<PathBuf>,
) -> anyhow::Result<()> {
    let target = dir.join(relative);
    if !written.insert(target.clone()) {
        anyhow::bail!("{}: output {} was already written for another input", input.display(), target.display());
    }
    if let (Ok(a), Ok(b)) = (input.canonicalize(), target.canonicalize()) {
        if a == b {
            anyhow::bail!("{}: refusing to overwrite the input with its output", input.display());
        }
    }
    if let Some(parent) = target.parent() {
        std::fs::create_dir_all(parent).map_err(|source| vnocr::Error::Io { path: parent.to_path_buf(), source })?;
    }
    std::fs::write(&target, text).map_err(|source| vnocr::Error::Io { path: target.clone(), source })?;
    Ok(())
}
