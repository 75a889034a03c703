//! Lookup throughput of a model on the held-out admin tail, in wall-clock and CPU time (the criterion bench
//! `benches/lm.rs` reports wall-clock only, which a loaded machine inflates).
//!
//! ```text
//! cargo run --release --example lm_speed -- dictionaries/lm.bin ../shared/corpora/admin.txt.xz
//! ```

use std::time::Instant;

use vnocr::lexicon::Vocab;
use vnocr::model::LmModel;

/// User CPU seconds of this process (Linux x86_64; elsewhere `None`).
fn cpu() -> Option<f64> {
    #[cfg(all(target_os = "linux", target_arch = "x86_64"))]
    {
        #[repr(C)]
        struct Timeval {
            sec: i64,
            usec: i64,
        }
        #[repr(C)]
        struct Rusage {
            utime: Timeval,
            stime: Timeval,
            rest: [i64; 14],
        }
        unsafe extern "C" {
            fn getrusage(who: i32, ru: *mut Rusage) -> i32;
        }
        let mut ru = Rusage { utime: Timeval { sec: 0, usec: 0 }, stime: Timeval { sec: 0, usec: 0 }, rest: [0; 14] };
        // SAFETY: getrusage(RUSAGE_SELF) fills the struct, whose layout matches Linux x86_64's.
        if unsafe { getrusage(0, &mut ru) } == 0 {
            return Some(ru.utime.sec as f64 + ru.utime.usec as f64 * 1e-6);
        }
    }
    None
}

fn report(what: &str, n: usize, t0: Instant, c0: Option<f64>) {
    let wall = t0.elapsed().as_secs_f64();
    let cpu = c0.zip(cpu()).map(|(a, b)| b - a);
    let per_cpu = cpu.map_or("n/a".to_string(), |c| format!("{:.2}", n as f64 / c / 1e6));
    println!("{what}: {n} lookups, {:.2} M/s wall-clock, {per_cpu} M/s CPU time", n as f64 / wall / 1e6);
}

fn main() {
    let mut args = std::env::args().skip(1);
    let (Some(model), Some(text)) = (args.next(), args.next()) else {
        eprintln!("usage: lm_speed MODEL TEXT (a .xz corpus: its held-out tail, the last 10% of lines)");
        std::process::exit(2);
    };
    let m = LmModel::load(std::path::Path::new(&model)).expect("model");
    let lines: Vec<String> = if text.ends_with(".xz") {
        let all = vnocr::lm::train::read_text(std::path::Path::new(&text)).expect("text");
        vnocr::lm::train::split_holdout(&all, 0.1).1.iter().map(|l| l.to_string()).collect()
    } else {
        std::fs::read_to_string(&text).expect("text").lines().map(str::to_string).collect()
    };
    let lm = m.lm();
    let mut queries = Vec::new();
    let mut sentences: Vec<Vec<u32>> = Vec::new();
    for line in &lines {
        let mut hist = vec![Vocab::BOS];
        let mut s = Vec::new();
        for f in vnocr::lm::lm_tokens(line) {
            let w = m.vocab().id_or_unk(&f);
            queries.push((hist[hist.len().saturating_sub(lm.order() - 1)..].to_vec(), w));
            hist.push(w);
            s.push(w);
        }
        s.push(Vocab::EOS);
        sentences.push(s);
    }
    let running: usize = sentences.iter().map(Vec::len).sum();
    let cands: Vec<u32> = (4..36u32).collect();
    let mut out = vec![0f32; sentences.iter().map(Vec::len).max().unwrap_or(0)];
    let mut many = vec![(0f32, lm.state(&[])); cands.len() + 1];
    for _ in 0..3 {
        let mut sum = 0f32;
        let (t0, c0) = (Instant::now(), cpu());
        for s in &sentences {
            let mut st = lm.state(&[Vocab::BOS]);
            for &w in s {
                let (lp, next) = lm.score(&st, w);
                sum += lp;
                st = next;
            }
        }
        report("running text, score", running, t0, c0);
        let (t0, c0) = (Instant::now(), cpu());
        for s in &sentences {
            lm.score_run(&lm.state(&[Vocab::BOS]), s, &mut out);
            sum += out[..s.len()].iter().sum::<f32>();
        }
        report("running text, score_run", running, t0, c0);
        let (t0, c0) = (Instant::now(), cpu());
        for (c, w) in &queries {
            sum += lm.log_prob(c, *w);
        }
        report("running text, log_prob", queries.len(), t0, c0);
        let (t0, c0) = (Instant::now(), cpu());
        let mut n = 0;
        for (c, w) in queries.iter().step_by(4) {
            let st = lm.state(c);
            sum += lm.score(&st, *w).0;
            for &cand in &cands {
                sum += lm.score(&st, cand).0;
            }
            n += cands.len() + 1;
        }
        report("decoder (33 candidates per context), score", n, t0, c0);
        let (t0, c0) = (Instant::now(), cpu());
        let mut words = vec![0; cands.len() + 1];
        words[1..].copy_from_slice(&cands);
        for (c, w) in queries.iter().step_by(4) {
            words[0] = *w;
            lm.score_many(&lm.state(c), &words, &mut many);
            sum += many.iter().map(|o| o.0).sum::<f32>();
        }
        report("decoder (33 candidates per context), score_many", n, t0, c0);
        std::hint::black_box(sum);
    }
}
