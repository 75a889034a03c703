//! `vnocr train`: builds the language-model file (vocabulary + n-gram LM + code parts) from clean text.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use anyhow::{Context, bail};
use clap::Parser;

use vnocr::lm::train::{self, CorpusSpec, TrainOptions};
use vnocr::model::{self, LmModel};

/// Train the syllable n-gram language model (interpolated modified Kneser–Ney) from clean text.
///
/// Every non-blank line is one sentence. Corpora are named after their file stem (admin.txt.xz → admin).
#[derive(Parser, Debug)]
pub struct Args {
    /// Text files (one paragraph per line; `.xz` files are read through `xz -dc`), or `-` for standard input.
    pub inputs: Vec<PathBuf>,
    /// The model file to write.
    #[arg(short, long)]
    pub output: Option<PathBuf>,
    /// N-gram order.
    #[arg(long, default_value_t = 4)]
    pub order: usize,
    /// Weight of a corpus's counts, NAME=W (repeatable; default 1).
    #[arg(long = "weight", value_name = "NAME=W")]
    pub weights: Vec<String>,
    /// Hold out the last fraction of a corpus's lines, NAME=FRACTION (repeatable): never trained on.
    #[arg(long = "holdout-tail", value_name = "NAME=FRACTION")]
    pub holdouts: Vec<String>,
    /// Write the held-out lines to this file (for `vnocr perplexity`).
    #[arg(long)]
    pub write_holdout: Option<PathBuf>,
    /// Minimum weighted count for a form to enter the vocabulary.
    #[arg(long, default_value_t = 2.0)]
    pub min_count: f64,
    /// Prune to this model file size in MB (10^6 bytes); 0 = no pruning.
    #[arg(long, default_value_t = 38.0)]
    pub max_mb: f64,
    /// Use the vocabulary of this model file instead of the count threshold (to compare models on one vocabulary).
    #[arg(long)]
    pub vocab_from: Option<PathBuf>,
    /// Also write the model as an ARPA file.
    #[arg(long)]
    pub arpa_out: Option<PathBuf>,
    /// Build the model file from an ARPA file instead of from text.
    #[arg(long, conflicts_with_all = ["inputs", "weights", "holdouts"])]
    pub from_arpa: Option<PathBuf>,
    /// Report the perplexity on this file of the models of orders 2..N-1 (pruned like the output) and of the written one.
    #[arg(long)]
    pub eval: Option<PathBuf>,
    /// With --eval, also evaluate the unpruned models of the lower orders (slow for big corpora).
    #[arg(long)]
    pub eval_unpruned: bool,
}

fn name_value(s: &str, what: &str) -> anyhow::Result<(String, f64)> {
    let (n, v) = s.split_once('=').with_context(|| format!("{what} {s:?}: expected NAME=VALUE"))?;
    let v: f64 = v.parse().with_context(|| format!("{what} {s:?}: bad number"))?;
    Ok((n.to_string(), v))
}

/// Sets each corpus's held-out tail from `--holdout-tail NAME=FRACTION` arguments (also `vnocr train-names`'s).
pub(super) fn apply_holdouts(specs: &mut [CorpusSpec], holdouts: &[String]) -> anyhow::Result<()> {
    for h in holdouts {
        let (name, v) = name_value(h, "--holdout-tail")?;
        let Some(s) = specs.iter_mut().find(|s| s.name == name) else {
            bail!("--holdout-tail {h}: no corpus named {name}")
        };
        if !(0.0..1.0).contains(&v) {
            bail!("--holdout-tail {h}: fraction must be in [0, 1)");
        }
        s.holdout = v;
    }
    Ok(())
}

/// The command line as run, recorded in what a training command writes (`vnocr train …`).
pub(super) fn command_line() -> String {
    std::iter::once("vnocr".to_string()).chain(std::env::args().skip(1)).collect::<Vec<_>>().join(" ")
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let command_line = command_line();
    let t0 = Instant::now();
    if let Some(arpa) = &args.from_arpa {
        let Some(out) = &args.output else { bail!("--from-arpa needs -o MODEL") };
        let mut parts = vnocr::arpa::read_arpa(arpa)?;
        parts.info.command_line = command_line;
        model::write(&parts, out)?;
        eprintln!("wrote {} ({} bytes) from {}", out.display(), std::fs::metadata(out)?.len(), arpa.display());
        return Ok(ExitCode::SUCCESS);
    }
    if args.inputs.is_empty() {
        bail!("no input files (give FILES, or - for standard input)");
    }
    if args.output.is_none() && args.arpa_out.is_none() && args.write_holdout.is_none() && args.eval.is_none() {
        bail!("nothing to write: give -o MODEL, --arpa-out or --write-holdout");
    }
    let mut specs: Vec<CorpusSpec> = args.inputs.iter().map(CorpusSpec::new).collect();
    for w in &args.weights {
        let (name, v) = name_value(w, "--weight")?;
        let Some(s) = specs.iter_mut().find(|s| s.name == name) else { bail!("--weight {w}: no corpus named {name}") };
        if !(v > 0.0 && v.is_finite()) {
            bail!("--weight {w}: must be positive");
        }
        s.weight = v;
    }
    apply_holdouts(&mut specs, &args.holdouts)?;
    let fixed_vocab = match &args.vocab_from {
        Some(p) => Some(LmModel::load(p)?.vocab().iter().skip(4).map(|(_, w, _)| w.to_string()).collect()),
        None => None,
    };
    let opts = TrainOptions {
        fixed_vocab,
        order: args.order,
        min_count: args.min_count,
        command_line: command_line.clone(),
        ..TrainOptions::default()
    };
    let (counts, held) = train::count(&specs, &opts)?;
    eprintln!(
        "counted {} corpora in {:.1}s: vocabulary {}, distinct n-grams {:?}",
        specs.len(),
        t0.elapsed().as_secs_f64(),
        counts.words.len(),
        counts.distinct()
    );
    if let Some(path) = &args.write_holdout {
        let mut text = held.join("\n");
        text.push('\n');
        std::fs::write(path, text).with_context(|| format!("writing {}", path.display()))?;
        eprintln!("wrote {} held-out lines to {}", held.len(), path.display());
    }
    let budget = (args.max_mb > 0.0).then_some((args.max_mb * 1e6) as usize);
    let mut stdout = std::io::stdout().lock();
    if let Some(eval) = &args.eval {
        let text = train::read_text(eval)?;
        writeln!(stdout, "order\tpruning\tngrams\tbytes\tperplexity\tppl_no_oov\toov")?;
        for k in 2..args.order {
            let variants = if args.eval_unpruned { vec![None, budget] } else { vec![budget] };
            for b in variants {
                let t = Instant::now();
                let parts = train::estimate(&counts, k, b, &command_line)?;
                let bytes = model::to_bytes(&parts)?;
                let len = bytes.len();
                let m = LmModel::from_vec(bytes)?;
                let p = train::perplexity(&m, text.lines());
                let how = if b.is_some() { "budget" } else { "none" };
                writeln!(
                    stdout,
                    "{k}\t{how}\t{:?}\t{len}\t{:.2}\t{:.2}\t{}",
                    m.info().ngrams,
                    p.perplexity,
                    p.perplexity_no_oov,
                    p.oov
                )?;
                eprintln!("order {k} ({how}) estimated and evaluated in {:.1}s", t.elapsed().as_secs_f64());
            }
        }
    }
    if args.output.is_none() && args.arpa_out.is_none() {
        return Ok(ExitCode::SUCCESS);
    }
    let parts = train::estimate(&counts, args.order, budget, &command_line)?;
    if let Some(out) = &args.output {
        let bytes = model::to_bytes(&parts)?;
        std::fs::write(out, &bytes).with_context(|| format!("writing {}", out.display()))?;
        let m = LmModel::from_vec(bytes)?;
        eprintln!(
            "wrote {} ({} bytes, n-grams {:?}, {} hash collisions) in {:.1}s",
            out.display(),
            std::fs::metadata(out)?.len(),
            m.info().ngrams,
            m.info().hash_collisions,
            t0.elapsed().as_secs_f64()
        );
        if let Some(eval) = &args.eval {
            let text = train::read_text(eval)?;
            let p = train::perplexity(&m, text.lines());
            writeln!(
                stdout,
                "{}\t{}\t{:?}\t{}\t{:.2}\t{:.2}\t{}",
                args.order,
                if budget.is_some() { "budget" } else { "none" },
                m.info().ngrams,
                std::fs::metadata(out)?.len(),
                p.perplexity,
                p.perplexity_no_oov,
                p.oov
            )?;
        }
    }
    if let Some(arpa) = &args.arpa_out {
        vnocr::arpa::write_arpa(&parts, arpa)?;
        eprintln!("wrote {}", arpa.display());
    }
    Ok(ExitCode::SUCCESS)
}
