//! Leave-one-out candidate recall of the channel model on the seed documents.
//!
//! `cargo run --release --example channel_eval -- [--prior W] [--vocab N]`
//!
//! For each seed in `corpus/`: train the channel on the two other seeds plus the even rows of the HCMUS
//! book_ocr_line pairs, build the candidate index over the `N` most frequent syllables of
//! `../shared/lexicon/derived-syllable-inventory/syllable_counts.tsv`, and on the held-out seed measure the share
//! of gold tokens (aligned 1:1 with an OCR token that differs from it) found among the top-k candidates.
//! The last block does the same on the odd (held-out) rows of the HCMUS book_ocr_line pairs, with a model trained
//! on all three seeds plus the even rows.

use std::path::{Path, PathBuf};
use std::time::Instant;

use vnocr::align::{AlignKind, align_tokens};
use vnocr::candidates::{CandidateIndex, read_counts_tsv};
use vnocr::channel::{ChannelModel, Half, TrainOptions, read_line_pairs, read_tsv_pairs};

const KS: [usize; 4] = [1, 5, 10, 20];

fn seeds() -> Vec<(String, PathBuf, PathBuf)> {
    let mut v: Vec<_> = std::fs::read_dir("corpus")
        .unwrap()
        .filter_map(|e| {
            let p = e.unwrap().path();
            let name = p.file_name()?.to_str()?.to_string();
            let stem = name.strip_suffix(".ocr.txt")?.to_string();
            Some((stem.clone(), p.clone(), p.with_file_name(format!("{stem}.gold.txt"))))
        })
        .collect();
    v.sort();
    v
}

struct Tally {
    n: usize,
    found: [usize; 4],
    in_vocab: usize,
    multi: usize,
    multi_found: usize,
    sizes: Vec<usize>,
    calls: usize,
    secs: f64,
}

fn evaluate(index: &CandidateIndex, vocab: &std::collections::HashSet<String>, pairs: &[(String, String)]) -> Tally {
    let mut t =
        Tally { n: 0, found: [0; 4], in_vocab: 0, multi: 0, multi_found: 0, sizes: vec![], calls: 0, secs: 0.0 };
    for (o, g) in pairs {
        for p in align_tokens(o, g) {
            if p.ocr == p.gold || !p.gold.chars().all(|c| c.is_alphabetic() || c == ' ') {
                continue;
            }
            // a split/merge far from its gold is a dropped word the aligner glued on, not a lost space
            if p.kind != AlignKind::One && p.distance > 0.34 {
                continue;
            }
            let start = Instant::now();
            let cands = index.candidates(&p.ocr, 20);
            t.secs += start.elapsed().as_secs_f64();
            t.calls += 1;
            let rank = cands.iter().position(|c| c.text == p.gold);
            if std::env::var_os("DUMP").is_some() && rank.is_none_or(|r| r >= 5) {
                let top: Vec<&str> = cands.iter().take(3).map(|c| c.text.as_str()).collect();
                eprintln!("MISS {:?} {:?} -> {:?} rank {:?} top {:?}", p.kind, p.ocr, p.gold, rank, top);
            }
            if p.kind != AlignKind::One {
                t.multi += 1;
                t.multi_found += usize::from(rank.is_some());
                continue;
            }
            t.n += 1;
            t.sizes.push(cands.len());
            t.in_vocab += usize::from(vocab.contains(&p.gold));
            for (i, k) in KS.iter().enumerate() {
                if rank.is_some_and(|r| r < *k) {
                    t.found[i] += 1;
                }
            }
        }
    }
    t
}

fn report(name: &str, t: &mut Tally) {
    t.sizes.sort();
    let pct = |x: usize| 100.0 * x as f64 / t.n.max(1) as f64;
    println!(
        "| {name} | {} | {:.1} | {:.1} | {:.1} | {:.1} | {:.1} | {} | {}/{} | {:.0} |",
        t.n,
        pct(t.found[0]),
        pct(t.found[1]),
        pct(t.found[2]),
        pct(t.found[3]),
        pct(t.in_vocab),
        t.sizes.get(t.sizes.len() / 2).copied().unwrap_or(0),
        t.multi_found,
        t.multi,
        t.calls as f64 / t.secs.max(1e-9)
    );
}

/// User CPU seconds of this process (Linux), a load-independent timing on a shared machine.
fn cpu_secs() -> f64 {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    let f: Vec<&str> = stat.rsplit(") ").next().unwrap_or("").split(' ').collect();
    f.get(11).and_then(|x| x.parse::<f64>().ok()).unwrap_or(0.0) / 100.0
}

fn main() {
    let mut prior = vnocr::candidates::DEFAULT_PRIOR_WEIGHT;
    let mut nvocab = 50_000usize;
    let mut scored = 40usize;
    let mut opts = TrainOptions::default();
    let args: Vec<String> = std::env::args().collect();
    for (i, a) in args.iter().enumerate() {
        match a.as_str() {
            "--prior" => prior = args[i + 1].parse().unwrap(),
            "--vocab" => nvocab = args[i + 1].parse().unwrap(),
            "--scored" => scored = args[i + 1].parse().unwrap(),
            "--strip" => opts.stripped_every = args[i + 1].parse().unwrap(),
            "--beta" => opts.prior_strength = args[i + 1].parse().unwrap(),
            _ => {}
        }
    }
    let shared = Path::new("../shared");
    let tsv = shared.join("pairs/hcmus-ocr-correction-pairs/test_pairs.tsv");
    let book_train = read_tsv_pairs(&tsv, "book_ocr_line", Half::Train).unwrap();
    let book_test = read_tsv_pairs(&tsv, "book_ocr_line", Half::Test).unwrap();
    let words =
        read_counts_tsv(&shared.join("lexicon/derived-syllable-inventory/syllable_counts.tsv"), nvocab).unwrap();
    let vocab_set: std::collections::HashSet<String> = words.iter().map(|(w, _)| w.clone()).collect();
    let seeds = seeds();
    let docs: Vec<Vec<(String, String)>> = seeds.iter().map(|(_, o, g)| read_line_pairs(o, g).unwrap()).collect();
    println!(
        "| held out | tokens | top-1 % | top-5 % | top-10 % | top-20 % | gold in vocab % | median cands | split/merge found | calls/s (example timing) |"
    );
    println!("|---|---|---|---|---|---|---|---|---|---|");
    let build = |train: Vec<(String, String)>| {
        let model = ChannelModel::train(&train, &opts);
        let cpu0 = cpu_secs();
        let start = Instant::now();
        let index =
            CandidateIndex::build(words.iter().enumerate().map(|(i, (w, c))| (i as u32, w.as_str(), *c)), &model)
                .with_prior_weight(prior)
                .with_max_scored(scored);
        eprintln!(
            "index built in {:.1} ms wall, {:.0} ms user CPU",
            start.elapsed().as_secs_f64() * 1000.0,
            (cpu_secs() - cpu0) * 1000.0
        );
        index
    };
    if args.iter().any(|a| a == "--time") {
        let mut train = book_train.clone();
        train.extend(docs[1].iter().cloned());
        train.extend(docs[2].iter().cloned());
        let index = build(train);
        let toks: Vec<String> =
            docs[0].iter().flat_map(|(o, g)| align_tokens(o, g)).filter(|p| p.ocr != p.gold).map(|p| p.ocr).collect();
        let cpu = cpu_secs;
        let cpu0 = cpu();
        let start = Instant::now();
        let mut n = 0usize;
        for _ in 0..3 {
            for t in &toks {
                n += index.candidates(t, 20).len();
            }
        }
        let secs = start.elapsed().as_secs_f64();
        let cpu_secs = cpu() - cpu0;
        let calls = (toks.len() * 3) as f64;
        println!(
            "{calls} calls, {:.1} µs/call wall, {:.1} µs/call user CPU ({n} cands)",
            secs * 1e6 / calls,
            cpu_secs * 1e6 / calls
        );
        return;
    }
    for (h, (stem, _, _)) in seeds.iter().enumerate() {
        let mut train = book_train.clone();
        for (d, doc) in docs.iter().enumerate() {
            if d != h {
                train.extend(doc.iter().cloned());
            }
        }
        let index = build(train);
        let mut t = evaluate(&index, &vocab_set, &docs[h]);
        report(stem, &mut t);
    }
    let mut train = book_train.clone();
    for doc in &docs {
        train.extend(doc.iter().cloned());
    }
    let index = build(train);
    let mut t = evaluate(&index, &vocab_set, &book_test);
    report("hcmus book_ocr_line test half", &mut t);
}
