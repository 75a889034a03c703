//! Candidate generation speed: `cargo bench --bench candidates`.
//!
//! The index is built over the 50,000 most frequent syllables of
//! `../shared/lexicon/derived-syllable-inventory/syllable_counts.tsv` with the shipped channel model; the queries
//! are the OCR word tokens of the three seed documents that differ from their gold (lowercased), each distinct
//! token once (the decoder caches per distinct token). `index/restorer_build` is what a process spends before it
//! restores: `Restorer::builder().build()` with the built-in models, whose files are parsed once (the first
//! iteration), so it times the candidate index over the whole vocabulary and the restorer's other tables.

use std::collections::BTreeSet;
use std::hint::black_box;
use std::path::Path;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use vnocr::align::align_tokens;
use vnocr::candidates::{CandidateIndex, read_counts_tsv};
use vnocr::channel::{ChannelModel, read_line_pairs};
use vnocr::restore::Restorer;

fn queries() -> Vec<String> {
    let mut set = BTreeSet::new();
    for stem in ["001_d6b316fd38878d12", "003_07071c8f3bf3abc8", "004_221ff7e4d995610f"] {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
        let pairs =
            read_line_pairs(&dir.join(format!("{stem}.ocr.txt")), &dir.join(format!("{stem}.gold.txt"))).unwrap();
        for (o, g) in &pairs {
            for p in align_tokens(o, g) {
                if p.ocr != p.gold {
                    set.insert(p.ocr);
                }
            }
        }
    }
    set.into_iter().collect()
}

fn bench(c: &mut Criterion) {
    let model = ChannelModel::embedded().unwrap();
    let path =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/lexicon/derived-syllable-inventory/syllable_counts.tsv");
    let words = read_counts_tsv(&path, 50_000).unwrap();
    let vocab = || words.iter().enumerate().map(|(i, (w, n))| (i as u32, w.as_str(), *n));
    // Every query searched (the index's cache of answers off).
    let index = CandidateIndex::build(vocab(), model).with_cache_entries(0);
    let queries = queries();

    let mut g = c.benchmark_group("candidates");
    g.sample_size(10);
    g.throughput(Throughput::Elements(queries.len() as u64));
    g.bench_function(format!("top20_x{}_distinct_seed_tokens", queries.len()), |b| {
        b.iter(|| {
            let mut n = 0;
            for q in &queries {
                n += index.candidates(black_box(q), 20).len();
            }
            n
        })
    });
    g.finish();

    let mut g = c.benchmark_group("index");
    g.sample_size(10);
    g.bench_function("build_50k", |b| b.iter(|| CandidateIndex::build(black_box(vocab()), model)));
    g.bench_function("restorer_build", |b| b.iter(|| Restorer::builder().build().unwrap()));
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
