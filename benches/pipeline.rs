//! Per-stage and end-to-end throughput on the `corpus/*.ocr.txt` documents, in syllables (word tokens of the
//! tokenizer) per second:
//!
//! ```text
//! cargo bench --bench pipeline
//! ```
//!
//! Each iteration runs one stage over every `corpus/*.ocr.txt` document (sorted by name), and every stage reports
//! `Throughput::Elements` = the number of word tokens in those OCR documents, so the figures of the stages add up
//! as rates of the same work:
//!
//! - `tokenize`: [`vnocr::tokenize::tokenize`] of each document;
//! - `candidates/every_token`: [`vnocr::candidates::CandidateIndex::candidates`] (the restorer's `k` and prior
//!   weight) for the lowercased form of every word token; `candidates/distinct_per_doc`: the same for each
//!   distinct lowercased token of a document once, which is what the restorer pays (it caches per document). The
//!   index is built, as the restorer builds it, from the embedded language model's vocabulary and the embedded
//!   channel model;
//! - `restore`: [`vnocr::restore::Restorer::restore`] (candidates + lattice decoding + change list) with the default
//!   models, `new_tokens` without the restorer's cache of candidate lists (each document pays for every distinct
//!   token it has, as one whose tokens no earlier document had) and `seen_tokens` with it (every token was seen:
//!   a bound on what the cache saves, which across distinct documents is less);
//! - `extract`: [`vnocr::extract::extract`] on the restored text of each document (what the pipeline extracts
//!   from);
//! - `pipeline`: [`vnocr::pipeline::Pipeline::process`] (restore, then extract) with the default models,
//!   `new_tokens` and `seen_tokens` as for `restore`.
//!
//! Short runs (10 samples, about 5 s of measurement per bench) so the whole file runs in a few minutes on a
//! shared machine. On one thread: the restorer splits a large document into paragraph chunks on the rayon pool,
//! whose global pool the bench builds with one thread.

use std::collections::HashSet;
use std::hint::black_box;
use std::path::Path;
use std::time::Duration;

use criterion::{BenchmarkGroup, Criterion, SamplingMode, Throughput, criterion_group, criterion_main};
use vnocr::batch::Doc;
use vnocr::candidates::CandidateIndex;
use vnocr::channel::ChannelModel;
use vnocr::extract::extract;
use vnocr::model::LmModel;
use vnocr::pipeline::Pipeline;
use vnocr::restore::{RestoreOptions, Restorer};
use vnocr::tokenize::{TokenKind, tokenize};

/// The `corpus/*.ocr.txt` documents, sorted by name.
fn corpus() -> Vec<Doc> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
    let mut paths: Vec<_> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.expect("corpus directory entry").path())
        .filter(|p| p.file_name().and_then(|n| n.to_str()).is_some_and(|n| n.ends_with(".ocr.txt")))
        .collect();
    paths.sort();
    assert!(!paths.is_empty(), "no *.ocr.txt in {}", dir.display());
    paths
        .into_iter()
        .map(|p| {
            let doc = vnocr::input::read_path(&p).unwrap_or_else(|e| panic!("{e}"));
            Doc { name: p.file_name().unwrap().to_string_lossy().into_owned(), text: doc.text }
        })
        .collect()
}

/// Word tokens of a text: the syllables the throughput figures count.
fn words(text: &str) -> impl Iterator<Item = &str> {
    tokenize(text).into_iter().filter(|t| t.kind == TokenKind::Word).map(|t| t.text)
}

/// A group with the short settings of this file and the corpus's syllable count as throughput.
fn group<'a>(c: &'a mut Criterion, name: &str, syllables: u64) -> BenchmarkGroup<'a, criterion::measurement::WallTime> {
    let mut g = c.benchmark_group(name);
    g.sample_size(10)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(5))
        .sampling_mode(SamplingMode::Flat)
        .throughput(Throughput::Elements(syllables));
    g
}

/// The default restorer without its cache of candidate lists: every document pays for all its tokens.
fn uncached() -> Restorer {
    Restorer::builder()
        .options(RestoreOptions { candidate_cache: 0, ..RestoreOptions::default() })
        .build()
        .expect("default restorer")
}

fn bench(c: &mut Criterion) {
    // One core: the chunks of a large document would otherwise go to every core.
    rayon::ThreadPoolBuilder::new().num_threads(1).build_global().expect("the global rayon pool, built once");
    let docs = corpus();
    let syllables: u64 = docs.iter().map(|d| words(&d.text).count() as u64).sum();
    let label = format!("corpus_{}docs_{}syl", docs.len(), syllables);
    eprintln!(
        "corpus: {} documents, {} bytes, {} syllables",
        docs.len(),
        docs.iter().map(|d| d.text.len()).sum::<usize>(),
        syllables
    );

    let mut g = group(c, "tokenize", syllables);
    g.bench_function(&label, |b| b.iter(|| docs.iter().map(|d| tokenize(black_box(&d.text)).len()).sum::<usize>()));
    g.finish();

    let opts = RestoreOptions::default();
    let lm = LmModel::embedded().expect("embedded language model (dictionaries/lm.bin)");
    let channel = ChannelModel::embedded().expect("embedded channel model");
    let index =
        CandidateIndex::build(lm.vocab().iter(), channel).with_prior_weight(opts.prior_weight).with_cache_entries(0);
    let every: Vec<String> = docs.iter().flat_map(|d| words(&d.text).map(str::to_lowercase)).collect();
    let distinct: Vec<String> = docs
        .iter()
        .flat_map(|d| {
            let mut seen = HashSet::new();
            words(&d.text).map(str::to_lowercase).filter(|w| seen.insert(w.clone())).collect::<Vec<_>>()
        })
        .collect();
    eprintln!("candidates: {} queries for every token, {} distinct per document", every.len(), distinct.len());
    let mut g = group(c, "candidates", syllables);
    for (name, queries) in [("every_token", &every), ("distinct_per_doc", &distinct)] {
        g.bench_function(format!("{name}_k{}_{label}", opts.candidates), |b| {
            b.iter(|| queries.iter().map(|q| index.candidates(black_box(q), opts.candidates).len()).sum::<usize>())
        });
    }
    g.finish();
    drop(index);

    // New tokens (no candidate cache: what a document costs whose tokens no earlier one had), and tokens seen
    // (the default cache, which holds every token of these documents after the first iteration).
    let fresh = uncached();
    let restorer = Restorer::from_default().expect("default restorer");
    let mut g = group(c, "restore", syllables);
    for (name, r) in [("new_tokens", &fresh), ("seen_tokens", &restorer)] {
        g.bench_function(format!("{name}_{label}"), |b| {
            b.iter(|| docs.iter().map(|d| r.restore(black_box(&d.text)).changes.len()).sum::<usize>())
        });
    }
    // The text alone (`vnocr restore`'s text output): no confidence per change.
    g.bench_function(format!("text_only_seen_tokens_{label}"), |b| {
        b.iter(|| docs.iter().map(|d| restorer.restore_text(black_box(&d.text)).len()).sum::<usize>())
    });
    g.finish();

    let restored: Vec<String> = docs.iter().map(|d| restorer.restore(&d.text).text).collect();
    drop(restorer);
    let mut g = group(c, "extract", syllables);
    g.bench_function(format!("restored_{label}"), |b| {
        b.iter(|| restored.iter().map(|t| extract(black_box(t)).references.len()).sum::<usize>())
    });
    g.finish();

    let pipelines =
        [("new_tokens", Pipeline::new(fresh)), ("seen_tokens", Pipeline::from_default().expect("pipeline"))];
    let mut g = group(c, "pipeline", syllables);
    for (name, pipeline) in &pipelines {
        g.bench_function(format!("{name}_{label}"), |b| {
            b.iter(|| docs.iter().map(|d| pipeline.process(black_box(d)).unwrap().stats.syllables).sum::<u64>())
        });
    }
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
