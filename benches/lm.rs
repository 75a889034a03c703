//! Language-model benchmarks: model load time (embedded bytes / mmap) and n-gram probability lookups per second.
//!
//! Uses `dictionaries/lm.bin` (or the file named by `VNOCR_LM`) and, as query text, the held-out tail (last 10%
//! of lines) of `../shared/corpora/admin.txt.xz`.
//!
//! ```text
//! cargo bench --bench lm
//! ```

use std::hint::black_box;
use std::path::PathBuf;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use vnocr::lexicon::Vocab;
use vnocr::lm::train::{read_text, split_holdout};
use vnocr::model::LmModel;

fn model_path() -> PathBuf {
    std::env::var_os("VNOCR_LM")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/dictionaries/lm.bin")))
}

fn held_out_ids(model: &LmModel) -> Vec<Vec<u32>> {
    let path = PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/corpora/admin.txt.xz"));
    let text = read_text(&path).expect("../shared beside the repo");
    let (_, held) = split_holdout(&text, 0.1);
    held.iter().map(|l| vnocr::lm::lm_tokens(l).iter().map(|f| model.vocab().id_or_unk(f)).collect()).collect()
}

fn bench(c: &mut Criterion) {
    let path = model_path();
    let Ok(bytes) = std::fs::read(&path) else {
        eprintln!("no model at {} (set VNOCR_LM): skipping the LM benchmarks", path.display());
        return;
    };
    let bytes: &'static [u8] = Box::leak(bytes.into_boxed_slice());
    let mut g = c.benchmark_group("lm_load");
    g.sample_size(20);
    g.bench_function("from_bytes", |b| b.iter(|| LmModel::from_bytes(black_box(bytes)).unwrap()));
    g.bench_function("mmap", |b| b.iter(|| LmModel::load(black_box(&path)).unwrap()));
    g.finish();

    let model = LmModel::from_bytes(bytes).unwrap();
    let lm = model.lm();
    let sentences = held_out_ids(&model);
    let order = lm.order();
    // (context, word) pairs of the running text: every position with its full history.
    let mut queries: Vec<(Vec<u32>, u32)> = Vec::new();
    for s in &sentences {
        let mut hist = vec![Vocab::BOS];
        for &w in s.iter().chain(std::iter::once(&Vocab::EOS)) {
            let ctx = hist[hist.len().saturating_sub(order - 1)..].to_vec();
            queries.push((ctx, w));
            hist.push(w);
        }
    }
    queries.truncate(200_000);
    let running: usize = sentences.iter().map(|s| s.len() + 1).sum();
    let with_eos: Vec<Vec<u32>> =
        sentences.iter().map(|s| s.iter().copied().chain(std::iter::once(Vocab::EOS)).collect()).collect();
    // Decoder-like: each context with 32 candidate words (the true word and frequent others).
    let candidates: Vec<u32> = (4..36).collect();
    let dec: Vec<&(Vec<u32>, u32)> = queries.iter().step_by(8).take(10_000).collect();

    let mut g = c.benchmark_group("lm_lookup");
    g.throughput(Throughput::Elements(running as u64));
    // The decoder's way: a state carried from word to word.
    g.bench_function("running_text", |b| {
        b.iter(|| {
            let mut sum = 0f32;
            for s in &sentences {
                let mut st = lm.state(&[Vocab::BOS]);
                for &w in s.iter().chain(std::iter::once(&Vocab::EOS)) {
                    let (lp, next) = lm.score(&st, w);
                    sum += lp;
                    st = next;
                }
            }
            black_box(sum)
        })
    });
    // The same, each sentence scored by one call that prefetches a few words ahead.
    g.bench_function("running_text_batched", |b| {
        let mut out = vec![0f32; with_eos.iter().map(Vec::len).max().unwrap_or(0)];
        b.iter(|| {
            let mut sum = 0f32;
            for s in &with_eos {
                lm.score_run(&lm.state(&[Vocab::BOS]), s, &mut out);
                sum += out[..s.len()].iter().sum::<f32>();
            }
            black_box(sum)
        })
    });
    g.throughput(Throughput::Elements(queries.len() as u64));
    // Stateless: every query looks its context up first.
    g.bench_function("running_text_stateless", |b| {
        b.iter(|| {
            let mut sum = 0f32;
            for (ctx, w) in &queries {
                sum += lm.log_prob(ctx, *w);
            }
            black_box(sum)
        })
    });
    g.throughput(Throughput::Elements((dec.len() * (candidates.len() + 1)) as u64));
    g.bench_function("decoder_candidates", |b| {
        b.iter(|| {
            let mut sum = 0f32;
            for (ctx, w) in &dec {
                let st = lm.state(ctx);
                sum += lm.score(&st, *w).0;
                for &c in &candidates {
                    sum += lm.score(&st, c).0;
                }
            }
            black_box(sum)
        })
    });
    // The same, each context's words scored by one call that probes them together.
    let dec_words: Vec<Vec<u32>> =
        dec.iter().map(|(_, w)| std::iter::once(*w).chain(candidates.iter().copied()).collect()).collect();
    g.bench_function("decoder_candidates_batched", |b| {
        let mut out = vec![(0f32, lm.state(&[])); candidates.len() + 1];
        b.iter(|| {
            let mut sum = 0f32;
            for ((ctx, _), ws) in dec.iter().zip(&dec_words) {
                lm.score_many(&lm.state(ctx), ws, &mut out);
                sum += out.iter().map(|o| o.0).sum::<f32>();
            }
            black_box(sum)
        })
    });
    // The decoder's own step (`decode::best_path`): the state comes from scoring the previous word (computed
    // here before the clock starts), and all of an arc's candidates are scored after it in one call.
    let dec_states: Vec<_> = dec.iter().map(|(ctx, _)| lm.state(ctx)).collect();
    g.bench_function("decoder_step_batched", |b| {
        let mut out = vec![(0f32, lm.state(&[])); candidates.len() + 1];
        b.iter(|| {
            let mut sum = 0f32;
            for (st, ws) in dec_states.iter().zip(&dec_words) {
                lm.score_many(st, ws, &mut out);
                sum += out.iter().map(|o| o.0).sum::<f32>();
            }
            black_box(sum)
        })
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
