//! Training: corpora → vocabulary → n-gram counts → interpolated modified Kneser–Ney → pruning → [`ModelParts`].
//!
//! * Every non-empty corpus line is one sentence `<s> forms… </s>` (forms by [`crate::lm::lm_form`]).
//! * The vocabulary is every form whose weighted count reaches `min_count`; the rest become `<unk>`.
//! * Counts of corpus `c` are multiplied by its weight. The highest order (and n-grams starting with `<s>`)
//!   use these weighted counts; lower orders use Kneser–Ney continuation counts (number of distinct words seen
//!   before the n-gram). Discounts D1, D2, D3+ per order come from the count-of-counts (Chen & Goodman 1998,
//!   eq. 26) of the unweighted counts; an n-gram's class is its unweighted count and its discount that class's,
//!   times the mean weight of its occurrences, so that a corpus alone trains the same model at any weight. A
//!   discount never exceeds the count, so every distribution sums to one whatever the weights.
//! * Pruning keeps the n-grams with the highest `count × (log P(w|h) − log(γ(h) P(w|h')))` (weighted-difference
//!   pruning) that fit a byte budget, closed under prefixes (a kept n-gram's context is kept) and suffixes (so
//!   is the n-gram without its first word: a lookup stops at the first n-gram not stored), then recomputes
//!   every backoff weight so that each context's distribution still sums to one.
//!
//! Deterministic: the output depends only on the inputs and options (everything is sorted; no hash-map order
//! reaches it).

use std::collections::HashMap;
use std::io::Read;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::error::{Error, Result};
use crate::lexicon::{SPECIALS, Vocab};
use crate::lm::{LOG_ZERO, word_form};
use crate::model::{BuildInfo, CorpusInfo, ModelParts, NgramSet, tables_size};
use crate::syllable::is_syllable;
use crate::tokenize::{TokenKind, tokenize_clean};

const BITS: u32 = 21;
const MASK: u128 = (1 << BITS) - 1;
/// The largest vocabulary the trainer packs into its 128-bit n-gram keys.
pub const MAX_VOCAB: usize = 1 << BITS;
/// The highest order the trainer supports.
pub const MAX_ORDER: usize = 6;

/// One training corpus.
#[derive(Debug, Clone)]
pub struct CorpusSpec {
    /// Name (file stem), used for weights and hold-outs.
    pub name: String,
    /// File path (`.xz` files are decompressed with `xz -dc`), or `-` for standard input.
    pub path: PathBuf,
    /// Count multiplier.
    pub weight: f64,
    /// Fraction of the file's lines held out at its end (never trained on).
    pub holdout: f64,
}

impl CorpusSpec {
    /// A corpus named after its file stem (`../x/admin.txt.xz` → `admin`), weight 1, no hold-out.
    pub fn new(path: impl Into<PathBuf>) -> CorpusSpec {
        let path = path.into();
        let name = if path.as_os_str() == "-" {
            "stdin".to_string()
        } else {
            let file = path.file_name().map(|f| f.to_string_lossy().into_owned()).unwrap_or_default();
            file.split('.').next().unwrap_or("").to_string()
        };
        CorpusSpec { name, path, weight: 1.0, holdout: 0.0 }
    }
}

/// Training options.
#[derive(Debug, Clone)]
pub struct TrainOptions {
    /// N-gram order (1..=6).
    pub order: usize,
    /// Minimum weighted count for a form to enter the vocabulary.
    pub min_count: f64,
    /// Byte budget for the model file (pruning keeps the best n-grams that fit); `None` = no pruning.
    pub max_bytes: Option<usize>,
    /// Minimum total count for a code part or acronym to be listed.
    pub min_code_count: u64,
    /// The command line, recorded in the model.
    pub command_line: String,
    /// Use exactly this vocabulary (forms after the four specials, in id order) instead of the count threshold:
    /// to compare models on the same vocabulary.
    pub fixed_vocab: Option<Vec<String>>,
}

impl Default for TrainOptions {
    fn default() -> Self {
        TrainOptions {
            order: 4,
            min_count: 2.0,
            max_bytes: None,
            min_code_count: 3,
            command_line: String::new(),
            fixed_vocab: None,
        }
    }
}

/// Reads a text file whole: `-` is standard input, `*.xz` is decompressed by the `xz` program (`xz -dc`).
pub fn read_text(path: &Path) -> Result<String> {
    let io = |source| Error::Io { path: path.to_path_buf(), source };
    let bytes = if path.as_os_str() == "-" {
        let mut b = Vec::new();
        std::io::stdin().read_to_end(&mut b).map_err(io)?;
        b
    } else if path.extension().is_some_and(|e| e == "xz") {
        if !path.exists() {
            return Err(io(std::io::Error::new(std::io::ErrorKind::NotFound, "no such file")));
        }
        let out = std::process::Command::new("xz").arg("-dc").arg(path).output().map_err(|e| Error::Input {
            path: path.to_path_buf(),
            message: format!("cannot run `xz -dc` to decompress it: {e}"),
        })?;
        if !out.status.success() {
            return Err(Error::Input {
                path: path.to_path_buf(),
                message: format!("xz -dc failed: {}", String::from_utf8_lossy(&out.stderr).trim()),
            });
        }
        out.stdout
    } else {
        std::fs::read(path).map_err(io)?
    };
    String::from_utf8(bytes).map_err(|e| Error::Input {
        path: path.to_path_buf(),
        message: format!("not UTF-8 at byte {}", e.utf8_error().valid_up_to()),
    })
}

/// A training corpus's text ([`read_text`]), refused when it holds no text to learn from: an empty or blank file
/// given as a corpus is a mistake (a wrong path, a failed decompression), not a corpus of nothing.
pub fn read_corpus(path: &Path) -> Result<String> {
    let text = read_text(path)?;
    if text.trim().is_empty() {
        return Err(Error::Input { path: path.to_path_buf(), message: "no text to train on (empty or blank)".into() });
    }
    Ok(text)
}

/// Splits a corpus text into its training lines and its held-out tail (the last `⌊frac × lines⌋` non-blank
/// lines).
pub fn split_holdout(text: &str, frac: f64) -> (Vec<&str>, Vec<&str>) {
    let lines: Vec<&str> = text.lines().filter(|l| !l.trim().is_empty()).collect();
    let held = ((lines.len() as f64) * frac.clamp(0.0, 1.0)).floor() as usize;
    let cut = lines.len() - held;
    (lines[..cut].to_vec(), lines[cut..].to_vec())
}

/// A corpus turned into surface-form ids: sentences `BOS … EOS` one after another.
struct Surfaces {
    /// Global surface strings; surface id s ≥ 4 is `strings[s - 4]`.
    strings: Vec<String>,
    /// Code tokens (text → count), merged over corpora.
    codes: HashMap<String, u64>,
}

/// Tokenizes lines in parallel into a stream of surface ids (ids 0–3 are the specials).
fn tokenize_lines(lines: &[&str], surf: &mut Surfaces, index: &mut HashMap<String, u32>) -> Vec<u32> {
    /// A chunk's stream (local ids), its local id → surface list, and its code tokens.
    type Chunk<'a> = (Vec<u32>, Vec<&'a str>, HashMap<&'a str, u64>);
    let chunks: Vec<Chunk> = lines
        .par_chunks(4096)
        .map(|chunk| {
            let mut local: HashMap<&str, u32> = HashMap::new();
            let mut names: Vec<&str> = Vec::new();
            let mut codes: HashMap<&str, u64> = HashMap::new();
            let mut stream = Vec::with_capacity(chunk.len() * 24);
            for line in chunk {
                let start = stream.len();
                stream.push(Vocab::BOS);
                for t in tokenize_clean(line) {
                    // Words and the comma keep their surface form here (`lm::lm_form` maps it to the model's).
                    let surface = match t.kind {
                        TokenKind::Word => true,
                        TokenKind::Punct => t.text == crate::lm::COMMA,
                        _ => false,
                    };
                    match t.kind {
                        _ if surface => {
                            let id = *local.entry(t.text).or_insert_with(|| {
                                names.push(t.text);
                                names.len() as u32 + 3
                            });
                            stream.push(id);
                        }
                        TokenKind::Code => {
                            *codes.entry(t.text).or_default() += 1;
                            stream.push(Vocab::NUM);
                        }
                        TokenKind::Number | TokenKind::Date | TokenKind::Url => stream.push(Vocab::NUM),
                        TokenKind::Word | TokenKind::Punct | TokenKind::Space => {}
                    }
                }
                if stream.len() == start + 1 {
                    stream.pop();
                } else {
                    stream.push(Vocab::EOS);
                }
            }
            (stream, names, codes)
        })
        .collect();
    let mut out = Vec::with_capacity(chunks.iter().map(|c| c.0.len()).sum());
    for (stream, names, codes) in chunks {
        let map: Vec<u32> = names
            .iter()
            .map(|&n| {
                *index.entry(n.to_string()).or_insert_with(|| {
                    surf.strings.push(n.to_string());
                    surf.strings.len() as u32 + 3
                })
            })
            .collect();
        out.extend(stream.iter().map(|&id| if id >= 4 { map[id as usize - 4] } else { id }));
        let mut codes: Vec<_> = codes.into_iter().collect();
        codes.sort_unstable();
        for (c, n) in codes {
            *surf.codes.entry(c.to_string()).or_default() += n;
        }
    }
    out
}

/// N-gram counts of every order up to the training order, over the final vocabulary.
pub struct Counts {
    /// Training order.
    pub order: usize,
    /// Forms by id.
    pub words: Vec<String>,
    /// Weighted counts by id (rounded).
    pub word_counts: Vec<u64>,
    /// Per order k (index k-1): sorted packed keys.
    keys: Vec<Vec<u128>>,
    /// Per order: weighted raw counts.
    raw: Vec<Vec<f32>>,
    /// Per order: Kneser–Ney counts for use as a lower order (continuation counts; raw for `<s>`-initial).
    cont: Vec<Vec<f32>>,
    /// Per order: the counts the estimate uses (`raw` at the top order, `cont` below) without the corpus weights,
    /// which pick each n-gram's discount class.
    unweighted: Vec<Vec<f32>>,
    /// Corpora as trained.
    pub corpora: Vec<CorpusInfo>,
    /// Code parts and acronyms with counts.
    pub code_parts: Vec<(String, u64)>,
    /// Minimum count of the vocabulary.
    pub min_count: f64,
    /// Total weighted tokens (with `</s>`), for pruning scores.
    pub total: f64,
}

fn pack(ids: &[u32]) -> u128 {
    ids.iter().fold(0u128, |k, &id| (k << BITS) | u128::from(id))
}

fn unpack(key: u128, k: usize, out: &mut Vec<u32>) {
    for j in (0..k).rev() {
        out.push(((key >> (BITS * j as u32)) & MASK) as u32);
    }
}

fn first_id(key: u128, k: usize) -> u32 {
    ((key >> (BITS * (k as u32 - 1))) & MASK) as u32
}

/// Suffix of a k-gram key: its last k-1 ids.
fn suffix(key: u128, k: usize) -> u128 {
    key & ((1u128 << (BITS * (k as u32 - 1))) - 1)
}

/// Runs of equal keys in a sorted vector → (key, count).
fn run_lengths(sorted: &[u128]) -> Vec<(u128, u32)> {
    let mut out: Vec<(u128, u32)> = Vec::new();
    for &k in sorted {
        match out.last_mut() {
            Some((last, n)) if *last == k => *n += 1,
            _ => out.push((k, 1)),
        }
    }
    out
}

fn is_acronym(word: &str) -> bool {
    let upper = word.chars().filter(|c| c.is_uppercase()).count();
    upper >= 2 && word.chars().all(char::is_alphabetic) && !is_syllable(word)
}

/// Letter parts of a document code ("107/2021/NĐ-CP" → "NĐ", "CP"; "193/2025/QH15" → "QH").
fn code_parts_of(code: &str) -> impl Iterator<Item = &str> {
    code.split(['/', '-']).filter_map(|p| {
        let letters = p.trim_end_matches(|c: char| c.is_ascii_digit());
        (letters.chars().next().is_some_and(char::is_uppercase)
            && letters.chars().all(|c| c.is_alphabetic() || c == '&'))
        .then_some(letters)
    })
}

/// Reads and counts the corpora. Returns the counts and the held-out lines of every corpus (in order).
pub fn count(specs: &[CorpusSpec], opts: &TrainOptions) -> Result<(Counts, Vec<String>)> {
    let order = opts.order;
    if !(1..=MAX_ORDER).contains(&order) {
        return Err(Error::Other(format!("order {order} not supported (1..={MAX_ORDER})")));
    }
    let mut surf = Surfaces { strings: Vec::new(), codes: HashMap::new() };
    let mut index: HashMap<String, u32> = HashMap::new();
    let mut streams = Vec::new();
    let mut corpora = Vec::new();
    let mut held_out = Vec::new();
    for spec in specs {
        let text = read_corpus(&spec.path)?;
        let (train, held) = split_holdout(&text, spec.holdout);
        let stream = tokenize_lines(&train, &mut surf, &mut index);
        let sentences = stream.iter().filter(|&&i| i == Vocab::BOS).count() as u64;
        corpora.push(CorpusInfo {
            name: spec.name.clone(),
            path: spec.path.display().to_string(),
            weight: spec.weight,
            lines: train.len() as u64,
            holdout_lines: held.len() as u64,
            tokens: stream.len() as u64 - 2 * sentences,
        });
        held_out.extend(held.iter().map(|s| s.to_string()));
        streams.push(stream);
    }
    drop(index);
    // Surface counts per corpus → weighted form counts.
    let ns = surf.strings.len() + 4;
    let mut form_index: HashMap<String, u32> = HashMap::new();
    let mut form_names: Vec<String> = SPECIALS.iter().map(|s| s.to_string()).collect();
    for (i, s) in SPECIALS.iter().enumerate() {
        form_index.insert(s.to_string(), i as u32);
    }
    let mut surf_form: Vec<u32> = (0..4).collect();
    for s in &surf.strings {
        let f = word_form(s);
        let id = match form_index.get(f.as_ref()) {
            Some(&id) => id,
            None => {
                form_names.push(f.to_string());
                form_index.insert(f.into_owned(), form_names.len() as u32 - 1);
                form_names.len() as u32 - 1
            }
        };
        surf_form.push(id);
    }
    let mut surf_raw = vec![0u64; ns];
    let mut form_w = vec![0f64; form_names.len()];
    for (stream, spec) in streams.iter().zip(specs) {
        let mut c = vec![0u64; ns];
        for &id in stream {
            c[id as usize] += 1;
        }
        for (s, &n) in c.iter().enumerate() {
            surf_raw[s] += n;
            form_w[surf_form[s] as usize] += n as f64 * spec.weight;
        }
    }
    // Vocabulary: specials, then forms with weighted count ≥ min_count by count desc, bytes asc (or the fixed list).
    let mut form_final = vec![Vocab::UNK; form_names.len()];
    for (i, f) in form_final.iter_mut().enumerate().take(4) {
        *f = i as u32;
    }
    let mut words: Vec<String> = SPECIALS.iter().map(|s| s.to_string()).collect();
    if let Some(fixed) = &opts.fixed_vocab {
        for w in fixed {
            if SPECIALS.contains(&w.as_str())
                || form_index.get(w).is_some_and(|&f| form_final[f as usize] != Vocab::UNK)
            {
                continue;
            }
            if let Some(&f) = form_index.get(w) {
                form_final[f as usize] = words.len() as u32;
            }
            words.push(w.clone());
        }
    } else {
        let mut chosen: Vec<u32> =
            (4..form_names.len() as u32).filter(|&f| form_w[f as usize] >= opts.min_count).collect();
        chosen.sort_by(|&a, &b| {
            form_w[b as usize]
                .total_cmp(&form_w[a as usize])
                .then_with(|| form_names[a as usize].cmp(&form_names[b as usize]))
        });
        for &f in &chosen {
            form_final[f as usize] = words.len() as u32;
            words.push(form_names[f as usize].clone());
        }
    }
    if words.len() > MAX_VOCAB {
        return Err(Error::Other(format!(
            "vocabulary of {} forms exceeds {MAX_VOCAB}: raise --min-count",
            words.len()
        )));
    }
    let surf_final: Vec<u32> = surf_form.iter().map(|&f| form_final[f as usize]).collect();
    for stream in &mut streams {
        for id in stream.iter_mut() {
            *id = surf_final[*id as usize];
        }
    }
    let mut word_w = vec![0f64; words.len()];
    for (f, &w) in form_w.iter().enumerate() {
        word_w[form_final[f] as usize] += w;
    }
    let word_counts: Vec<u64> = word_w.iter().map(|w| w.round() as u64).collect();
    // Code parts and acronyms.
    let mut parts: HashMap<String, u64> = HashMap::new();
    for (code, n) in &surf.codes {
        for p in code_parts_of(code) {
            *parts.entry(p.to_string()).or_default() += n;
        }
    }
    for (s, name) in surf.strings.iter().enumerate() {
        if is_acronym(name) {
            *parts.entry(name.clone()).or_default() += surf_raw[s + 4];
        }
    }
    let mut code_parts: Vec<(String, u64)> = parts.into_iter().filter(|(_, n)| *n >= opts.min_code_count).collect();
    code_parts.sort();
    drop(surf);
    // N-gram counts per order.
    let weights: Vec<f64> = specs.iter().map(|s| s.weight).collect();
    let mut keys = Vec::new();
    let mut raw = Vec::new();
    let mut plain = Vec::new();
    for k in 1..=order {
        let mut merged: Vec<(u128, f32, f32)> = Vec::new();
        for (stream, &w) in streams.iter().zip(&weights) {
            let mut ks: Vec<u128> = Vec::with_capacity(stream.len());
            let mut start = 0;
            while start < stream.len() {
                let end = start + stream[start..].iter().position(|&i| i == Vocab::EOS).expect("sentence end") + 1;
                let sent = &stream[start..end];
                if sent.len() >= k {
                    ks.extend(sent.windows(k).map(pack));
                }
                start = end;
            }
            ks.par_sort_unstable();
            merged.extend(run_lengths(&ks).into_iter().map(|(key, n)| (key, (f64::from(n) * w) as f32, n as f32)));
        }
        if streams.len() > 1 {
            merged.par_sort_unstable_by_key(|e| e.0);
        }
        let mut kk = Vec::with_capacity(merged.len());
        let mut rr: Vec<f32> = Vec::with_capacity(merged.len());
        let mut pp: Vec<f32> = Vec::with_capacity(merged.len());
        for (key, c, n) in merged {
            if kk.last() == Some(&key) {
                *rr.last_mut().unwrap() += c;
                *pp.last_mut().unwrap() += n;
            } else {
                kk.push(key);
                rr.push(c);
                pp.push(n);
            }
        }
        keys.push(kk);
        raw.push(rr);
        plain.push(pp);
    }
    // Continuation counts for orders below the top.
    let mut cont = Vec::new();
    let mut unweighted = Vec::new();
    for k in 1..=order {
        if k == order {
            cont.push(Vec::new());
            unweighted.push(std::mem::take(&mut plain[k - 1]));
            continue;
        }
        let mut sufs: Vec<u128> = keys[k].iter().map(|&key| suffix(key, k + 1)).collect();
        sufs.par_sort_unstable();
        let rl = run_lengths(&sufs);
        let mut j = 0;
        let mut c = Vec::with_capacity(keys[k - 1].len());
        let mut u = Vec::with_capacity(keys[k - 1].len());
        for (i, &key) in keys[k - 1].iter().enumerate() {
            while j < rl.len() && rl[j].0 < key {
                j += 1;
            }
            let n = if j < rl.len() && rl[j].0 == key { rl[j].1 as f32 } else { 0.0 };
            let bos = first_id(key, k) == Vocab::BOS;
            c.push(if bos { raw[k - 1][i] } else { n });
            u.push(if bos { plain[k - 1][i] } else { n });
        }
        cont.push(c);
        unweighted.push(u);
    }
    drop(plain);
    let total: f64 = streams.iter().zip(&weights).map(|(s, w)| (s.len() as f64) * w).sum();
    let counts = Counts {
        order,
        words,
        word_counts,
        keys,
        raw,
        cont,
        unweighted,
        corpora,
        code_parts,
        min_count: opts.min_count,
        total,
    };
    Ok((counts, held_out))
}

impl Counts {
    /// Number of distinct n-grams of each order.
    pub fn distinct(&self) -> Vec<usize> {
        self.keys.iter().map(Vec::len).collect()
    }
}

/// Chen & Goodman's modified KN discounts from count-of-counts.
fn discounts(counts: impl Iterator<Item = f32>) -> [f64; 3] {
    let mut n = [0f64; 5];
    for c in counts {
        let r = c.round().max(1.0) as usize;
        if r <= 4 {
            n[r] += 1.0;
        }
    }
    let fallback = [0.5, 1.0, 1.5];
    if n[1] == 0.0 || n[2] == 0.0 || n[3] == 0.0 || n[4] == 0.0 {
        return fallback;
    }
    let y = n[1] / (n[1] + 2.0 * n[2]);
    let d = [1.0 - 2.0 * y * n[2] / n[1], 2.0 - 3.0 * y * n[3] / n[2], 3.0 - 4.0 * y * n[4] / n[3]];
    let mut out = [0.0; 3];
    for i in 0..3 {
        out[i] = if d[i].is_finite() { d[i].clamp(0.05, i as f64 + 1.0) } else { fallback[i] };
    }
    out
}

/// The discount of an n-gram of weighted count `c` and unweighted count `n`: the discount of its class by `n`,
/// times its occurrences' mean weight `c / n` (so an n-gram of one corpus of weight w loses w times what it would
/// at weight 1), never more than `c`.
#[inline]
fn discount(d: &[f64; 3], c: f64, n: f64) -> f64 {
    let r = n.round();
    let dd = if r <= 1.0 {
        d[0]
    } else if r <= 2.0 {
        d[1]
    } else {
        d[2]
    };
    (dd * c / n.max(1.0)).min(c)
}

/// A model being estimated: per order, keys sorted, log10 probs, log10 backoffs, kept flags.
struct Est<'a> {
    /// Keys of orders ≥ 2 (order 1 is indexed by id; its slot here is empty).
    keys: Vec<&'a [u128]>,
    vocab_len: usize,
    logp: Vec<Vec<f32>>,
    bow: Vec<Vec<f32>>,
    kept: Vec<Vec<bool>>,
}

impl Est<'_> {
    fn find(&self, k: usize, key: u128) -> Option<usize> {
        if k == 1 {
            return ((key as usize) < self.vocab_len).then_some(key as usize);
        }
        self.keys[k - 1].binary_search(&key).ok()
    }

    fn len(&self, k: usize) -> usize {
        if k == 1 { self.vocab_len } else { self.keys[k - 1].len() }
    }

    /// Backoff query over the kept n-grams: log10 P(w | ctx) with ctx ids oldest first.
    fn query(&self, ctx: &[u32], w: u32) -> f64 {
        let mut acc = 0.0f64;
        let n = ctx.len();
        for j in (0..=n).rev() {
            let h = &ctx[n - j..];
            let key = (pack(h) << BITS) | u128::from(w);
            if let Some(i) = self.find(j + 1, key).filter(|&i| self.kept[j][i]) {
                return acc + f64::from(self.logp[j][i]);
            }
            if j > 0
                && let Some(i) = self.find(j, pack(h)).filter(|&i| self.kept[j - 1][i])
            {
                acc += f64::from(self.bow[j - 1][i]);
            }
        }
        acc + f64::from(LOG_ZERO)
    }
}

/// Estimates an interpolated modified Kneser–Ney model of order `order` (≤ the counted order) from counts,
/// pruned to `max_bytes` if given.
pub fn estimate(counts: &Counts, order: usize, max_bytes: Option<usize>, command_line: &str) -> Result<ModelParts> {
    if order == 0 || order > counts.order {
        return Err(Error::Other(format!("order {order}: counts go up to {}", counts.order)));
    }
    let v = counts.words.len();
    let cnt = |k: usize| {
        if k == order { &counts.raw[k - 1] } else { &counts.cont[k - 1] }
    };
    let plain = |k: usize| &counts.unweighted[k - 1];
    let mut ds = Vec::new();
    let mut est = Est { keys: Vec::new(), vocab_len: v, logp: Vec::new(), bow: Vec::new(), kept: Vec::new() };
    // Per order ≥ 2: log10 P(w|h) − log10(γ(h) P(w|h')) of each n-gram (its pruning score per occurrence).
    let mut diffs: Vec<Vec<f32>> = vec![Vec::new()];
    // Unigrams: interpolated with the uniform distribution over the vocabulary minus <s>.
    {
        let keys = &counts.keys[0];
        let (c, u) = (cnt(1), plain(1));
        let mut a = vec![0f64; v];
        let mut n = vec![0f64; v];
        for (i, &key) in keys.iter().enumerate() {
            a[key as usize] = f64::from(c[i]);
            n[key as usize] = f64::from(u[i]);
        }
        a[Vocab::BOS as usize] = 0.0;
        n[Vocab::BOS as usize] = 0.0;
        let d = discounts(n.iter().filter(|&&x| x > 0.0).map(|&x| x as f32));
        ds.push(d);
        let total: f64 = a.iter().sum();
        let disc: f64 = a.iter().zip(&n).filter(|&(&x, _)| x > 0.0).map(|(&x, &y)| discount(&d, x, y)).sum();
        let g = if total > 0.0 { disc / total } else { 1.0 };
        let uniform = 1.0 / (v as f64 - 1.0);
        let logp: Vec<f32> = (0..v)
            .map(|w| {
                if w == Vocab::BOS as usize {
                    LOG_ZERO
                } else {
                    let p = if total > 0.0 { (a[w] - discount(&d, a[w], n[w])) / total } else { 0.0 };
                    (p + g * uniform).log10() as f32
                }
            })
            .collect();
        est.keys.push(&[]);
        est.logp.push(logp);
        est.bow.push(vec![0.0; v]);
        est.kept.push(vec![true; v]);
    }
    for k in 2..=order {
        let keys = &counts.keys[k - 1];
        let (c, u) = (cnt(k), plain(k));
        let d = discounts(u.iter().copied());
        ds.push(d);
        // Sequential pass over context groups: the discounted part and γ(h) of every n-gram.
        let mut own = vec![0f64; keys.len()];
        let mut gam = vec![0f64; keys.len()];
        let mut ctx_gamma = vec![0f32; est.len(k - 1)];
        let mut start = 0;
        while start < keys.len() {
            let ctx = keys[start] >> BITS;
            let mut end = start;
            let (mut total, mut disc) = (0f64, 0f64);
            while end < keys.len() && keys[end] >> BITS == ctx {
                total += f64::from(c[end]);
                disc += discount(&d, f64::from(c[end]), f64::from(u[end]));
                end += 1;
            }
            let g = disc / total;
            for i in start..end {
                let ci = f64::from(c[i]);
                own[i] = (ci - discount(&d, ci, f64::from(u[i]))) / total;
                gam[i] = g;
            }
            let ci = est.find(k - 1, ctx).expect("context of a counted n-gram is counted");
            ctx_gamma[ci] = g.log10() as f32;
            start = end;
        }
        // Parallel pass: interpolate with the lower order; keep log P − log(γ P_lower) for pruning.
        let (logp, diff): (Vec<f32>, Vec<f32>) = (0..keys.len())
            .into_par_iter()
            .map(|i| {
                let low = est.find(k - 1, suffix(keys[i], k)).expect("suffix of a counted n-gram is counted");
                let lpl = f64::from(est.logp[k - 2][low]);
                let backed = gam[i] * 10f64.powf(lpl);
                let p = own[i] + backed;
                (p.log10() as f32, (p / backed).log10() as f32)
            })
            .unzip();
        drop((own, gam));
        est.bow[k - 2] = ctx_gamma;
        est.keys.push(keys);
        est.logp.push(logp);
        est.bow.push(vec![0.0; keys.len()]);
        est.kept.push(vec![true; keys.len()]);
        diffs.push(diff);
    }
    let unpruned: Vec<u64> = (1..=order).map(|k| est.len(k) as u64).collect();
    let mut pruning = "none".to_string();
    if let Some(budget) = max_bytes {
        pruning = prune(counts, &mut est, &diffs, order, budget)?;
    }
    drop(diffs);
    // Probabilities of orders ≥ 2 are stored 12-bit quantized: quantize them now, then compute every backoff
    // weight from the stored values so that each context's distribution sums to one. (The file stores the
    // backoffs of orders ≥ 2 to 1/2048 of a log10 unit, which moves a sum by well under 1e-3.)
    for k in 2..=order {
        quantize_order(&mut est, k);
    }
    renormalize(&mut est, order);
    // Parts.
    let mut ngrams = Vec::new();
    for k in 1..=order {
        let mut set = NgramSet::default();
        for i in 0..est.len(k) {
            if !est.kept[k - 1][i] {
                continue;
            }
            if k == 1 {
                set.ids.push(i as u32);
            } else {
                unpack(est.keys[k - 1][i], k, &mut set.ids);
            }
            set.logp.push(est.logp[k - 1][i]);
            set.bow.push(if k == order { 0.0 } else { est.bow[k - 1][i] });
        }
        ngrams.push(set);
    }
    let info = BuildInfo {
        source: "trained".into(),
        smoothing: "interpolated modified Kneser-Ney".into(),
        order,
        corpora: counts.corpora.clone(),
        vocab_size: v,
        min_count: counts.min_count,
        ngrams: Vec::new(),
        ngrams_unpruned: unpruned,
        discounts: ds,
        pruning,
        hash_collisions: 0,
        command_line: command_line.to_string(),
    };
    Ok(ModelParts {
        words: counts.words.clone(),
        counts: counts.word_counts.clone(),
        ngrams,
        code_parts: counts.code_parts.clone(),
        info,
    })
}

/// Fixed bytes of a model file besides the n-gram tables (vocabulary sections, header), with a margin.
fn fixed_size(counts: &Counts) -> usize {
    let v = counts.words.len();
    let strings: usize = counts.words.iter().map(String::len).sum();
    strings
        + 4 * (v + 1)
        + 8 * v
        + 4 * crate::lexicon::str_table_cap(v)
        + 64 * 1024
        + counts.code_parts.iter().map(|(s, _)| s.len() + 24).sum::<usize>()
}

/// Quantizes the kept probabilities of order `k` to the 12-bit codes the file stores, context by context, so that
/// rounding never takes more than half of the mass the estimate leaves a context's other words. A context nearly
/// always followed by one word ("bồi dưỡng chuyên" → "môn", "`<s> <num> xây`" → "dựng") has that word at
/// P ≈ 0.9999, which rounds to 1: nothing was left to back off with, the backoff weight came out near 10^-12, and
/// every other word after the context scored about −12 ("chuyên sâu" after "đào tạo, bồi dưỡng"). Where that
/// happens, the largest probabilities are lowered a step at a time (≤ 0.9% each) until half the mass is back.
fn quantize_order(est: &mut Est, k: usize) {
    use crate::lm::{dequantize, quantize};
    let keys: &[u128] = est.keys[k - 1];
    let (logp, kept) = (&mut est.logp[k - 1], &est.kept[k - 1]);
    let stored = |g: &[(u16, usize)]| g.iter().map(|&(q, _)| 10f64.powf(f64::from(dequantize(q)))).sum::<f64>();
    let mut group: Vec<(u16, usize)> = Vec::new();
    let mut start = 0;
    while start < keys.len() {
        let ctx = keys[start] >> BITS;
        let end = keys[start..].iter().position(|&x| x >> BITS != ctx).map_or(keys.len(), |n| start + n);
        group.clear();
        group.extend((start..end).filter(|&i| kept[i]).map(|i| (quantize(logp[i]), i)));
        let left = 1.0 - group.iter().map(|&(_, i)| 10f64.powf(f64::from(logp[i]))).sum::<f64>();
        while left > 0.0 && 1.0 - stored(&group) < left / 2.0 {
            // The largest probability (the smallest code) goes down a step.
            let Some(top) = group.iter_mut().filter(|(q, _)| u32::from(*q) < crate::lm::PROB_CODES - 1).min() else {
                break;
            };
            top.0 += 1;
        }
        for &(q, i) in &group {
            logp[i] = dequantize(q);
        }
        start = end;
    }
}

/// Sets the backoff weight of every kept context to (1 − Σ P(w|h)) / (1 − Σ P_backoff(w|h')) over its kept
/// extensions w, with the model as stored (pruned, quantized), so that each distribution sums to one.
fn renormalize(est: &mut Est, order: usize) {
    for k in 2..=order {
        let keys: &[u128] = est.keys[k - 1];
        // Parallel: P(w|h') under the stored lower orders for each kept n-gram.
        let lower: Vec<f64> = (0..keys.len())
            .into_par_iter()
            .map_init(Vec::new, |ids, i| {
                if !est.kept[k - 1][i] {
                    return 0.0;
                }
                ids.clear();
                unpack(keys[i], k, ids);
                10f64.powf(est.query(&ids[1..k - 1], ids[k - 1]))
            })
            .collect();
        let mut new_bow = vec![0f32; est.len(k - 1)];
        let mut start = 0;
        while start < keys.len() {
            let ctx = keys[start] >> BITS;
            let mut end = start;
            let (mut num, mut den) = (0f64, 0f64);
            while end < keys.len() && keys[end] >> BITS == ctx {
                if est.kept[k - 1][end] {
                    num += 10f64.powf(f64::from(est.logp[k - 1][end]));
                    den += lower[end];
                }
                end += 1;
            }
            let ci = est.find(k - 1, ctx).expect("context");
            new_bow[ci] = if den == 0.0 {
                0.0
            } else {
                let (a, b) = ((1.0 - num).max(1e-12), (1.0 - den).max(1e-12));
                (a / b).log10() as f32
            };
            start = end;
        }
        est.bow[k - 2] = new_bow;
    }
}

fn prune(counts: &Counts, est: &mut Est, diffs: &[Vec<f32>], order: usize, budget: usize) -> Result<String> {
    // Scores: raw count × (log p − log(γ(h) p(w|h'))), then max-closed over extensions.
    let mut eff: Vec<Vec<f32>> = vec![Vec::new(); order];
    for k in (2..=order).rev() {
        let keys: &[u128] = est.keys[k - 1];
        let mut s: Vec<f32> = counts.raw[k - 1].iter().zip(&diffs[k - 1]).map(|(&c, &d)| c * d.max(0.0)).collect();
        if k < order {
            let ext: &[u128] = est.keys[k];
            let mut j = 0;
            for (i, &key) in keys.iter().enumerate() {
                while j < ext.len() && (ext[j] >> BITS) < key {
                    j += 1;
                }
                while j < ext.len() && ext[j] >> BITS == key {
                    s[i] = s[i].max(eff[k][j]);
                    j += 1;
                }
            }
            // Closed under suffixes too: an n-gram scores at least as high as every n-gram it ends, so that a
            // lookup can stop at the first n-gram that is not stored (see `NgramLm::score`).
            let sufs: Vec<usize> = ext
                .par_iter()
                .map(|&key| est.find(k, suffix(key, k + 1)).expect("suffix of a counted n-gram is counted"))
                .collect();
            for (j, &i) in sufs.iter().enumerate() {
                s[i] = s[i].max(eff[k][j]);
            }
        }
        eff[k - 1] = s;
    }
    let fixed = fixed_size(counts) + counts.words.len() * crate::lm::UNI_ENTRY;
    let size_at = |t: f32| -> usize {
        let mut n = vec![counts.words.len()];
        for e in eff.iter().skip(1) {
            n.push(e.iter().filter(|&&x| x >= t).count());
        }
        tables_size(&n) - counts.words.len() * crate::lm::UNI_ENTRY + fixed
    };
    if fixed >= budget {
        return Err(Error::Other(format!("budget {budget} bytes is below the vocabulary's size {fixed}")));
    }
    let mut threshold = 0.0f32;
    if size_at(0.0) > budget {
        // Binary search on the (positive) f32 bit patterns, which order like the values.
        let max = eff.iter().flatten().fold(0f32, |m, &x| m.max(x));
        let (mut lo, mut hi) = (0u32, max.to_bits().saturating_add(1));
        while lo < hi {
            let mid = lo + (hi - lo) / 2;
            if size_at(f32::from_bits(mid)) <= budget { hi = mid } else { lo = mid + 1 }
        }
        threshold = f32::from_bits(lo);
    }
    for k in 2..=order {
        for (kept, &e) in est.kept[k - 1].iter_mut().zip(&eff[k - 1]) {
            *kept = e >= threshold;
        }
    }
    let kept: Vec<usize> = est.kept.iter().map(|k| k.iter().filter(|&&x| x).count()).collect();
    Ok(format!(
        "weighted-difference pruning to a budget of {budget} bytes: threshold {threshold:.4}, kept {kept:?} n-grams per order"
    ))
}

/// Perplexity figures of a model on a text.
#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct Perplexity {
    /// Sentences (non-empty lines).
    pub sentences: u64,
    /// Tokens scored (words and `</s>`; commas are context only), OOVs included.
    pub tokens: u64,
    /// Tokens that are `<unk>` (forms outside the vocabulary).
    pub oov: u64,
    /// Σ log10 P over all tokens.
    pub log10_prob: f64,
    /// 10^(−Σ log10 P / tokens), `<unk>` scored as a word.
    pub perplexity: f64,
    /// The same over tokens that are not `<unk>`.
    pub perplexity_no_oov: f64,
}

/// Perplexity of a model on lines of text (each non-blank line one sentence).
pub fn perplexity<'a>(model: &crate::model::LmModel, lines: impl Iterator<Item = &'a str>) -> Perplexity {
    let (vocab, lm) = (model.vocab(), model.lm());
    let mut p = Perplexity::default();
    let mut no_oov = 0f64;
    let mut hist = Vec::new();
    // A comma is read as context but not scored, so that models with and without commas compare on the same
    // words (a model without commas never sees them).
    let comma = vocab.id(crate::lm::COMMA);
    for line in lines.filter(|l| !l.trim().is_empty()) {
        let ids: Vec<u32> = crate::lm::lm_tokens(line)
            .iter()
            .filter_map(|f| if f == crate::lm::COMMA { comma } else { Some(vocab.id_or_unk(f)) })
            .collect();
        if ids.is_empty() {
            continue;
        }
        p.sentences += 1;
        hist.clear();
        hist.push(Vocab::BOS);
        for &w in ids.iter().chain(std::iter::once(&Vocab::EOS)) {
            let lp = f64::from(lm.log_prob(&hist, w));
            hist.push(w);
            if Some(w) == comma {
                continue;
            }
            p.tokens += 1;
            p.log10_prob += lp;
            if w == Vocab::UNK {
                p.oov += 1;
            } else {
                no_oov += lp;
            }
        }
    }
    p.perplexity = 10f64.powf(-p.log10_prob / p.tokens.max(1) as f64);
    p.perplexity_no_oov = 10f64.powf(-no_oov / (p.tokens - p.oov).max(1) as f64);
    p
}
