//! ARPA back-off model files: export of a trained model, import of a model trained elsewhere (e.g. KenLM's
//! `lmplz`), so that the two can be compared and a user can bring their own.
//!
//! Probabilities and backoffs are log10, as in the format. Export writes the unigrams in id order and every
//! float in its shortest round-trip form, so export → import → export gives the same text.
//!
//! Import maps `<unk>`, `<s>`, `</s>`, `<num>` to the reserved ids; a special missing from the file is added
//! (`<num>` and `<unk>` with the probability of `<unk>` if present, else −99). Words are taken as written: an
//! imported model should be trained on [`crate::lm::lm_form`] tokens. Like KenLM and SRILM output, the file
//! must hold the context (prefix) of every n-gram it lists: [`crate::lm::NgramLm::log_prob`] does not probe
//! under a context that is not stored. A missing suffix is added as a blank
//! ([`ModelParts::close_under_suffixes`]), as KenLM does. Probabilities of orders ≥ 2 are stored 12-bit quantized
//! ([`crate::lm::quantize`]) and their backoffs 16-bit ([`crate::lm::quantize_bow`]), as any model file.

use std::collections::HashMap;
use std::fmt::Write as _;
use std::path::Path;

use crate::error::{Error, Result};
use crate::lexicon::SPECIALS;
use crate::model::{BuildInfo, ModelParts, NgramSet};

/// Writes model parts as ARPA text.
pub fn to_arpa(parts: &ModelParts) -> String {
    let order = parts.ngrams.len();
    let mut out = String::from("\\data\\\n");
    for (k, set) in parts.ngrams.iter().enumerate() {
        let _ = writeln!(out, "ngram {}={}", k + 1, set.len());
    }
    for (k, set) in parts.ngrams.iter().enumerate() {
        let n = k + 1;
        let _ = write!(out, "\n\\{n}-grams:\n");
        for i in 0..set.len() {
            let _ = write!(out, "{}\t", set.logp[i]);
            for (j, &id) in set.ids[i * n..(i + 1) * n].iter().enumerate() {
                if j > 0 {
                    out.push(' ');
                }
                out.push_str(&parts.words[id as usize]);
            }
            if n < order {
                let _ = write!(out, "\t{}", set.bow[i]);
            }
            out.push('\n');
        }
    }
    out.push_str("\n\\end\\\n");
    out
}

/// Writes model parts to an ARPA file.
pub fn write_arpa(parts: &ModelParts, path: &Path) -> Result<()> {
    std::fs::write(path, to_arpa(parts)).map_err(|source| Error::Io { path: path.to_path_buf(), source })
}

/// Reads an ARPA file into model parts (`path` names the file in errors).
pub fn from_arpa(text: &str, path: &Path) -> Result<ModelParts> {
    let bad = |line: usize, message: String| Error::Input {
        path: path.to_path_buf(),
        message: format!("line {line}: {message}"),
    };
    let mut lines = text.lines().enumerate().map(|(i, l)| (i + 1, l.trim_end_matches('\r')));
    // \data\ section.
    let mut declared: Vec<usize> = Vec::new();
    let mut in_data = false;
    let mut current = 0usize;
    let mut raw: Vec<Vec<(f32, Vec<&str>, f32)>> = Vec::new();
    let mut ended = false;
    for (no, line) in lines.by_ref() {
        let t = line.trim();
        if t.is_empty() {
            continue;
        }
        if t == "\\data\\" {
            in_data = true;
            continue;
        }
        if t == "\\end\\" {
            ended = true;
            break;
        }
        if let Some(rest) = t.strip_prefix("ngram ") {
            if !in_data {
                return Err(bad(no, "`ngram` line before \\data\\".into()));
            }
            let (k, n) = rest.split_once('=').ok_or_else(|| bad(no, format!("bad count line {t:?}")))?;
            let k: usize = k.trim().parse().map_err(|_| bad(no, format!("bad order in {t:?}")))?;
            let n: usize = n.trim().parse().map_err(|_| bad(no, format!("bad count in {t:?}")))?;
            if k != declared.len() + 1 {
                return Err(bad(no, format!("expected ngram {}=…, got {t:?}", declared.len() + 1)));
            }
            declared.push(n);
            continue;
        }
        if let Some(k) = t.strip_prefix('\\').and_then(|r| r.strip_suffix("-grams:")) {
            let k: usize = k.parse().map_err(|_| bad(no, format!("bad section header {t:?}")))?;
            if k != raw.len() + 1 || k > declared.len() {
                return Err(bad(no, format!("unexpected section {t:?}")));
            }
            current = k;
            raw.push(Vec::with_capacity(declared[k - 1]));
            continue;
        }
        if current == 0 {
            return Err(bad(no, format!("unexpected line {t:?}")));
        }
        let mut fields = t.split(['\t', ' ']).filter(|f| !f.is_empty());
        let logp: f32 =
            fields.next().and_then(|f| f.parse().ok()).ok_or_else(|| bad(no, format!("bad probability in {t:?}")))?;
        let words: Vec<&str> = fields.by_ref().take(current).collect();
        if words.len() != current {
            return Err(bad(no, format!("expected {current} words in {t:?}")));
        }
        let bow: f32 = match fields.next() {
            Some(f) => f.parse().map_err(|_| bad(no, format!("bad backoff in {t:?}")))?,
            None => 0.0,
        };
        if fields.next().is_some() {
            return Err(bad(no, format!("extra fields in {t:?}")));
        }
        raw[current - 1].push((logp, words, bow));
    }
    if !ended {
        return Err(bad(text.lines().count(), "missing \\end\\ (truncated file?)".into()));
    }
    if declared.is_empty() || raw.len() != declared.len() {
        return Err(bad(0, format!("{} n-gram sections for {} declared orders", raw.len(), declared.len())));
    }
    for (k, (got, want)) in raw.iter().map(Vec::len).zip(&declared).enumerate() {
        if got != *want {
            return Err(bad(0, format!("{got} {}-grams, {want} declared", k + 1)));
        }
    }
    // Vocabulary: specials first, then unigrams in file order.
    let mut words: Vec<String> = SPECIALS.iter().map(|s| s.to_string()).collect();
    let mut index: HashMap<&str, u32> = SPECIALS.iter().enumerate().map(|(i, s)| (*s, i as u32)).collect();
    let mut uni = NgramSet { ids: Vec::new(), logp: vec![f32::NAN; 4], bow: vec![0.0; 4] };
    for (logp, w, bow) in &raw[0] {
        let id = match index.get(w[0]) {
            Some(&id) => id,
            None => {
                words.push(w[0].to_string());
                uni.logp.push(0.0);
                uni.bow.push(0.0);
                index.insert(w[0], words.len() as u32 - 1);
                words.len() as u32 - 1
            }
        };
        uni.logp[id as usize] = *logp;
        uni.bow[id as usize] = *bow;
    }
    let unk = uni.logp[0];
    for i in 0..4 {
        if uni.logp[i].is_nan() {
            uni.logp[i] = if i == 1 || unk.is_nan() { crate::lm::LOG_ZERO } else { unk };
        }
    }
    uni.ids = (0..words.len() as u32).collect();
    let mut ngrams = vec![uni];
    for (k, entries) in raw.iter().enumerate().skip(1) {
        let mut set = NgramSet::default();
        for (logp, ws, bow) in entries {
            for w in ws {
                let id = index
                    .get(w)
                    .ok_or_else(|| bad(0, format!("word {w:?} of an order-{} n-gram is not a unigram", k + 1)))?;
                set.ids.push(*id);
            }
            set.logp.push(*logp);
            set.bow.push(*bow);
        }
        ngrams.push(set);
    }
    let v = words.len();
    let info = BuildInfo {
        source: "arpa".into(),
        smoothing: "as in the ARPA file".into(),
        order: ngrams.len(),
        vocab_size: v,
        ngrams_unpruned: declared.iter().map(|&n| n as u64).collect(),
        pruning: "as in the ARPA file".into(),
        command_line: format!("imported from {}", path.display()),
        ..BuildInfo::default()
    };
    let mut parts = ModelParts { words, counts: vec![0; v], ngrams, code_parts: Vec::new(), info };
    parts.close_under_suffixes();
    Ok(parts)
}

/// Reads an ARPA file from disk (`.xz` decompressed with `xz -dc`).
pub fn read_arpa(path: &Path) -> Result<ModelParts> {
    let text = crate::lm::train::read_text(path)?;
    from_arpa(&text, path)
}
