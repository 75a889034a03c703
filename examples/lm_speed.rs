//! Lookup throughput of a model on the held-out admin tail, in wall-clock and CPU time (the criterion bench
//! `benches/lm.rs` reports wall-clock only, which a loaded machine inflates).
//!
//! ```text
//! vnocr train ../shared/corpora/admin.txt.xz --holdout-tail admin=0.1 --write-holdout tmp/admin-holdout.txt
//! cargo run --release --example lm_speed -- dictionaries/lm.bin tmp/admin-holdout.txt
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
        eprintln!("usage: lm_speed MODEL TEXT");
        std::process::exit(2);
    };
    let m = LmModel::load(std::path::Path::new(&model)).expect("model");
    let text = std::fs::read_to_string(&text).expect("text");
    let lm = m.lm();
    let mut queries = Vec::new();
    for line in text.lines() {
        let mut hist = vec![Vocab::BOS];
        for f in vnocr::lm::lm_tokens(line) {
            let w = m.vocab().id_or_unk(&f);
            queries.push((hist[hist.len().saturating_sub(lm.order() - 1)..].to_vec(), w));
            hist.push(w);
        }
    }
    for _ in 0..3 {
        let (t0, c0) = (Instant::now(), cpu());
        let mut sum = 0f32;
        for (c, w) in &queries {
            sum += lm.log_prob(c, *w);
        }
        report("running text", queries.len(), t0, c0);
        let (t0, c0) = (Instant::now(), cpu());
        let mut n = 0;
        for (c, w) in queries.iter().step_by(4) {
            sum += lm.log_prob(c, *w);
            for cand in 4..36u32 {
                sum += lm.log_prob(c, cand);
            }
            n += 33;
        }
        report("decoder (33 candidates per context)", n, t0, c0);
        std::hint::black_box(sum);
    }
}
