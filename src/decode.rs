//! The decoder: beam search over a lattice of candidate words for one paragraph, scored by the n-gram language
//! model and the OCR channel model, and a confidence for every choice.
//!
//! The lattice has one node per word position. An arc covers one OCR word token, or two (an OCR split, "quy ét"
//! → "quyết"), and carries candidates of one or two vocabulary words (an OCR merge, "khoahoc" → "khoa học").
//! Fixed tokens (numbers, dates, codes, URLs) are arcs with the single LM token `<num>`.
//!
//! Hypotheses are recombined on their LM state (the longest suffix of their history that the model stores: the
//! only thing the future depends on), so the beam keeps distinct contexts, not near-copies of the same path.

use crate::channel::FxMap;
use crate::lexicon::Vocab;
use crate::lm::{LmState, NgramLm};

/// A document's pair cache (see `restore`): for pairs of words, the probability `p` of the second after the
/// first in the document, mixed into the language model's as a cache model is. The decoder scores `w` after a
/// history ending in `u` as `log10(P_lm(w | h) + q)`, `q = λ / (1 − λ) · p(w | u)` (0 for a pair not in the
/// cache): the mixture `(1 − λ) P_lm + λ p_cache`, divided by `1 − λ` so that every other word keeps its score.
/// The bonus is large only where the model does not expect the pair. Empty by default, when it costs one branch
/// per hypothesis.
#[derive(Debug, Clone, Default)]
pub struct PairBonus {
    /// By first word: (second word, q).
    by_prev: FxMap<u32, Vec<(u32, f32)>>,
    /// A bit for every first word, by id: most words start no pair, and a bit says so faster than the map.
    firsts: Vec<u64>,
}

impl PairBonus {
    /// The cache of `((first, second), q)` pairs.
    pub fn new(pairs: impl IntoIterator<Item = ((u32, u32), f32)>) -> PairBonus {
        let mut out = PairBonus::default();
        for ((a, b), q) in pairs {
            out.by_prev.entry(a).or_default().push((b, q));
            let word = a as usize / 64;
            if out.firsts.len() <= word {
                out.firsts.resize(word + 1, 0);
            }
            out.firsts[word] |= 1 << (a % 64);
        }
        out
    }

    /// Whether there is no pair.
    pub fn is_empty(&self) -> bool {
        self.by_prev.is_empty()
    }

    /// The pairs that start with the last word of `state`'s context: (second word, q).
    #[inline]
    fn after(&self, state: &LmState) -> &[(u32, f32)] {
        match state.context().first() {
            Some(&p) if self.firsts.get(p as usize / 64).is_some_and(|w| w >> (p % 64) & 1 == 1) => {
                self.by_prev.get(&p).map_or(&[], Vec::as_slice)
            }
            _ => &[],
        }
    }
}

/// `lp`, the model's log10 P of `w` after a word, mixed with the cache's pairs of that word (`follow`).
#[inline]
fn mix(follow: &[(u32, f32)], w: u32, lp: f32) -> f32 {
    match follow.iter().find(|x| x.0 == w) {
        Some(&(_, q)) => (10f32.powf(lp) + q).log10(),
        None => lp,
    }
}

/// The most the cache can make of a log-probability of at most 0: `log10(1 + q)`.
#[inline]
fn ceiling(follow: &[(u32, f32)], w: u32) -> f32 {
    follow.iter().find(|x| x.0 == w).map_or(0.0, |&(_, q)| q.ln_1p() / std::f32::consts::LN_10)
}

/// One way to read an arc.
#[derive(Debug, Clone)]
pub struct Choice {
    /// LM ids this choice feeds the model (one, or two for a merge; `Vocab::UNK` for unknown words).
    pub ids: [u32; 2],
    /// How many of `ids` are used (1 or 2).
    pub n_ids: u8,
    /// log10 P(ocr | this reading), already weighted.
    pub channel: f32,
    /// Index of this choice among the arc's candidates (0 is the OCR text kept as it is).
    pub index: u16,
}

impl Choice {
    /// The LM ids this choice feeds the model: the used part of `ids`.
    pub fn lm_ids(&self) -> &[u32] {
        &self.ids[..self.n_ids as usize]
    }
}

/// A span of the lattice: covers word positions `start .. start + len` and offers choices.
#[derive(Debug, Clone)]
pub struct Arc {
    pub start: u32,
    pub len: u8,
    pub choices: Vec<Choice>,
}

/// Decoder settings.
#[derive(Debug, Clone, Copy)]
pub struct DecodeParams {
    /// Hypotheses kept per lattice node.
    pub beam: usize,
    /// Weight of the language model's log10 probability.
    pub lm_weight: f32,
    /// Hypotheses scoring this far (log10) below the best at their position are dropped.
    pub score_beam: f32,
    /// The confidences' temperature (above 0): [`Posterior`] divides each choice's log10 score by it before
    /// normalizing. At 1 the confidences were too high (leave-one-out, changes at a mean confidence of 0.81 were
    /// 66% right); 1.4 makes them say how often a change is right (DESIGN.md "Calibrated confidences").
    pub temperature: f32,
}

impl Default for DecodeParams {
    fn default() -> Self {
        DecodeParams { beam: 20, lm_weight: 1.0, score_beam: 5.0, temperature: 1.4 }
    }
}

#[derive(Clone, Copy)]
struct Hyp {
    /// The recombination key ([`state_key`]).
    key: u128,
    state: LmState,
    score: f32,
    /// Index into the back-pointer arena.
    node: u32,
}

#[derive(Clone, Copy)]
struct Back {
    arc: u32,
    choice: u16,
    prev: u32,
}

const ROOT: u32 = u32::MAX;

/// The hypotheses ending at one lattice node, with the index of the worst kept up to date once the beam is
/// full (so that rejecting a hypothesis, the common case, costs one comparison).
///
/// A hypothesis more than `margin` below the best seen here does not enter: the decoder drops such hypotheses
/// when it moves on from the node ([`DecodeParams::score_beam`]), and until then they would take the slots of
/// better ones.
#[derive(Clone)]
struct Beam {
    hyps: Vec<Hyp>,
    /// Index of the first lowest-scoring hypothesis; meaningful only when the beam is full.
    worst: usize,
    /// The best score pushed here.
    best: f32,
    margin: f32,
}

impl Beam {
    fn new(margin: f32) -> Beam {
        Beam { hyps: Vec::new(), worst: 0, best: f32::NEG_INFINITY, margin }
    }

    /// The score a new hypothesis must beat to enter: the worst one's when full, and within the margin.
    fn floor(&self, width: usize) -> f32 {
        let lowest = self.best - self.margin;
        if self.hyps.len() >= width { self.hyps[self.worst].score.max(lowest) } else { lowest }
    }

    fn find_worst(&mut self) {
        self.worst = self.hyps.iter().enumerate().min_by(|a, b| a.1.score.total_cmp(&b.1.score)).map_or(0, |w| w.0);
    }

    /// Adds a hypothesis: recombines with one of the same context (keeping the better), otherwise inserts,
    /// replacing the worst when the beam holds `width`. `alloc` records the back-pointer only when the
    /// hypothesis is kept.
    fn push(&mut self, mut h: Hyp, width: usize, alloc: impl FnOnce() -> u32) {
        let full = self.hyps.len() >= width;
        // Not better than the worst: it cannot replace it, nor a same-context hypothesis (which scores at least
        // as much as the worst). Below the margin: dropped anyway.
        if full && h.score <= self.hyps[self.worst].score || h.score < self.best - self.margin {
            return;
        }
        self.best = self.best.max(h.score);
        if let Some(i) = self.hyps.iter().position(|o| o.key == h.key) {
            if h.score > self.hyps[i].score {
                h.node = alloc();
                self.hyps[i] = h;
                if full && i == self.worst {
                    self.find_worst();
                }
            }
            return;
        }
        h.node = alloc();
        if full {
            self.hyps[self.worst] = h;
            self.find_worst();
        } else {
            self.hyps.push(h);
            if self.hyps.len() == width {
                self.find_worst();
            }
        }
    }
}

/// The recombination key of a hypothesis: its LM state's context (at most 4 ids, each stored plus one so that
/// contexts of different lengths differ). The state decides every future score (KenLM's state minimization),
/// so of two hypotheses with the same state only the better can be on the best path.
fn state_key(state: &LmState) -> u128 {
    state.context().iter().take(4).fold(0, |k, &id| (k << 32) | u128::from(id + 1))
}

/// What the language model reads between two positions of the lattice, besides the choices: `(position, id)`,
/// ascending by position. [`Vocab::BOS`] marks a new sentence inside the paragraph
/// ([`crate::tokenize::ends_sentence`]): every hypothesis closes its sentence (`</s>`) and the best goes on from
/// `<s>`. Any other id is a token every hypothesis reads there (the comma, [`crate::lm::COMMA`]), whatever its
/// choices.
pub type Marks = [(u32, u32)];

/// The hypotheses at a position after reading the marks at it (see [`Marks`]).
fn read_marks(
    lm: &NgramLm,
    marks: &mut std::iter::Peekable<std::slice::Iter<'_, (u32, u32)>>,
    pos: usize,
    hyps: &mut Vec<Hyp>,
    p: DecodeParams,
) {
    while let Some(&(_, id)) = marks.next_if(|m| m.0 as usize <= pos) {
        if hyps.is_empty() {
            continue;
        }
        if id == Vocab::BOS {
            // Every hypothesis reaches the same state: only the best can be on the best path.
            let bos = lm.state(&[Vocab::BOS]);
            let closed = hyps.iter().map(|h| (h.score + p.lm_weight * lm.score(&h.state, Vocab::EOS).0, h.node));
            let best = closed.max_by(|a, b| a.0.total_cmp(&b.0)).expect("hypotheses");
            *hyps = vec![Hyp { key: state_key(&bos), state: bos, score: best.0, node: best.1 }];
        } else {
            for h in hyps.iter_mut() {
                let (lp, next) = lm.score(&h.state, id);
                h.score += p.lm_weight * lp;
                h.state = next;
                h.key = state_key(&next);
            }
            // Hypotheses that differed only in words the token's state forgets are one now: keep the best.
            hyps.sort_by(|a, b| a.key.cmp(&b.key).then(b.score.total_cmp(&a.score)));
            hyps.dedup_by_key(|h| h.key);
        }
    }
}

/// The best path through the lattice: for each arc on it, (arc index, choice index), in order, with what the
/// model reads between positions in `marks`.
pub fn best_path(
    lm: &NgramLm,
    arcs: &[Arc],
    n_positions: usize,
    start_ctx: &[u32],
    marks: &Marks,
    pairs: &PairBonus,
    p: DecodeParams,
) -> Vec<(usize, usize)> {
    let order = lm.order().clamp(1, 5);
    let keep = order - 1;
    // Arcs grouped by start position.
    let mut by_start: Vec<Vec<usize>> = vec![Vec::new(); n_positions + 1];
    for (i, a) in arcs.iter().enumerate() {
        by_start[a.start as usize].push(i);
    }
    let mut arena: Vec<Back> = Vec::with_capacity(arcs.len() * p.beam);
    let mut beams: Vec<Beam> = vec![Beam::new(p.score_beam); n_positions + 1];
    let mut start = vec![Vocab::BOS; keep];
    start.extend_from_slice(start_ctx);
    let state0 = lm.state(&start[keep.saturating_sub(1)..]);
    beams[0].hyps.push(Hyp { key: state_key(&state0), state: state0, score: 0.0, node: ROOT });
    let mut chosen: Vec<usize> = Vec::new();
    let mut firsts: Vec<u32> = Vec::new();
    let mut first_scores: Vec<(f32, LmState)> = Vec::new();
    let mut marks = marks.iter().peekable();
    for pos in 0..n_positions {
        let mut hyps = std::mem::take(&mut beams[pos].hyps);
        read_marks(lm, &mut marks, pos, &mut hyps, p);
        if hyps.is_empty() {
            continue;
        }
        let top = hyps.iter().map(|h| h.score).fold(f32::NEG_INFINITY, f32::max);
        hyps.retain(|h| h.score >= top - p.score_beam);
        // Best first, so that the beams ahead fill with good hypotheses and bound the rest early.
        hyps.sort_by(|a, b| b.score.total_cmp(&a.score));
        for &ai in &by_start[pos] {
            let arc = &arcs[ai];
            let end = pos + arc.len as usize;
            // The first word of every choice after each hypothesis: scored together (their cache misses overlap).
            for h in &hyps {
                // LM log-probabilities are ≤ 0: a choice whose score without them (with its pair bonus, ≥ 0)
                // cannot enter the full beam ahead is not scored at all.
                let floor = beams[end].floor(p.beam);
                let follow = pairs.after(&h.state);
                chosen.clear();
                if follow.is_empty() {
                    chosen.extend((0..arc.choices.len()).filter(|&c| h.score + arc.choices[c].channel > floor));
                } else {
                    chosen.extend((0..arc.choices.len()).filter(|&c| {
                        let ch = &arc.choices[c];
                        h.score + ch.channel + p.lm_weight * ceiling(follow, ch.ids[0]) > floor
                    }));
                }
                firsts.clear();
                firsts.extend(chosen.iter().map(|&c| arc.choices[c].ids[0]));
                first_scores.resize(firsts.len(), (0.0, h.state));
                lm.score_many(&h.state, &firsts, &mut first_scores);
                for (&c, first) in chosen.iter().zip(&first_scores) {
                    let ch = &arc.choices[c];
                    let lp0 = mix(follow, ch.ids[0], first.0);
                    // Most choices end here: one word, and not better than the worst of the full beam ahead.
                    if ch.n_ids == 1 && h.score + p.lm_weight * lp0 + ch.channel <= beams[end].floor(p.beam) {
                        continue;
                    }
                    let mut state = first.1;
                    let mut lp = lp0;
                    for &id in &ch.lm_ids()[1..] {
                        let (l, next) = lm.score(&state, id);
                        lp += mix(pairs.after(&state), id, l);
                        state = next;
                    }
                    let key = state_key(&state);
                    let score = h.score + p.lm_weight * lp + ch.channel;
                    beams[end].push(Hyp { key, state, score, node: u32::MAX }, p.beam, || {
                        arena.push(Back { arc: ai as u32, choice: ch.index, prev: h.node });
                        (arena.len() - 1) as u32
                    });
                }
            }
        }
    }
    // Close the sentence and pick the best.
    let last = &beams[n_positions].hyps;
    let best = last
        .iter()
        .map(|h| (h.score + p.lm_weight * lm.score(&h.state, Vocab::EOS).0, h.node))
        .max_by(|a, b| a.0.total_cmp(&b.0));
    let mut path = Vec::new();
    let mut node = best.map_or(ROOT, |b| b.1);
    while node != ROOT {
        let b = arena[node as usize];
        path.push((b.arc as usize, arcs[b.arc as usize].choices.iter().position(|c| c.index == b.choice).unwrap_or(0)));
        node = b.prev;
    }
    path.reverse();
    path
}

/// The LM ids of a decoded path, with where each step's ids start: built once per path, so that the posterior of
/// every step ([`Posterior`]) reads its context without walking the path again.
#[derive(Debug, Clone)]
pub struct PathIds {
    /// `<s>` padding and `start_ctx`, then the ids of every step, with `</s> <s>` where a sentence ends.
    ids: Vec<u32>,
    /// Index in `ids` of each step's first id.
    starts: Vec<usize>,
    /// The path: (arc index, choice index) of each step.
    path: Vec<(usize, usize)>,
}

impl PathIds {
    /// The LM ids: the `<s>` padding and the start context, then the ids of every step.
    pub fn ids(&self) -> &[u32] {
        &self.ids
    }

    /// The path: (arc index, choice index) of each step.
    pub fn path(&self) -> &[(usize, usize)] {
        &self.path
    }

    /// The ids of `path` (from [`best_path`]) through `arcs`, after the context `start_ctx`, with the marks of
    /// [`best_path`].
    pub fn new(lm: &NgramLm, arcs: &[Arc], path: Vec<(usize, usize)>, start_ctx: &[u32], marks: &Marks) -> PathIds {
        let mut ids = vec![Vocab::BOS; lm.order().max(1) - 1];
        ids.extend_from_slice(start_ctx);
        let mut starts = Vec::with_capacity(path.len());
        let mut marks = marks.iter().peekable();
        for &(a, c) in &path {
            while let Some(&(_, id)) = marks.next_if(|m| m.0 <= arcs[a].start) {
                match id {
                    Vocab::BOS => ids.extend_from_slice(&[Vocab::EOS, Vocab::BOS]),
                    _ => ids.push(id),
                }
            }
            starts.push(ids.len());
            ids.extend_from_slice(arcs[a].choices[c].lm_ids());
        }
        PathIds { ids, starts, path }
    }
}

/// A step of a decoded path is looked at again ([`improve`]) when one of its words, or the word after it, has a
/// log10 probability below this after the words before it: where a word the beam dropped early would have fit
/// ("công nghệ; hệ trợ doanh nghiệp", the "hỗ" of "hé" 3.3 below "hệ" by the channel, among a dozen readings
/// ahead of it).
pub const IMPROVE_BELOW: f32 = -3.5;

/// Local search from a decoded path (from [`best_path`], with its context and marks), for the beam's search
/// errors: each step in turn whose words fit badly ([`IMPROVE_BELOW`]) takes the choice of its arc that scores
/// best with the rest of the path fixed (as [`Posterior`] scores it), when that beats the decoder's: the path's
/// score only goes up.
pub fn improve(
    lm: &NgramLm,
    arcs: &[Arc],
    path: Vec<(usize, usize)>,
    start_ctx: &[u32],
    marks: &Marks,
    pairs: &PairBonus,
    p: DecodeParams,
) -> Vec<(usize, usize)> {
    let mut ids = PathIds::new(lm, arcs, path, start_ctx, marks);
    let mut post = Posterior::default();
    let mut fit = word_log_probs(lm, &ids);
    for step in 0..ids.path.len() {
        let (ai, ci) = ids.path[step];
        let from = ids.starts[step];
        let to = (from + arcs[ai].choices[ci].n_ids as usize + 1).min(fit.len());
        if arcs[ai].choices.len() < 2 || fit[from..to].iter().all(|&l| l >= IMPROVE_BELOW) {
            continue;
        }
        let probs = post.compute(lm, arcs, &ids, step, pairs, p);
        let best = (0..probs.len()).max_by(|&a, &b| probs[a].total_cmp(&probs[b])).unwrap_or(ci);
        // (A tie stays the decoder's.)
        if probs[best] > 1.01 * probs[ci] {
            let mut path = std::mem::take(&mut ids.path);
            path[step].1 = best;
            ids = PathIds::new(lm, arcs, path, start_ctx, marks);
            fit = word_log_probs(lm, &ids);
        }
    }
    ids.path
}

/// log10 P of each of a path's LM ids after the ones before it (0 for the `<s>` padding).
fn word_log_probs(lm: &NgramLm, ids: &PathIds) -> Vec<f32> {
    let keep = lm.order().max(1) - 1;
    let mut state = lm.state(&ids.ids[..keep]);
    let mut out = vec![0.0; keep];
    for &w in &ids.ids[keep..] {
        let (lp, next) = lm.score(&state, w);
        out.push(lp);
        state = next;
    }
    out
}

/// A choice whose first word scores this far (log10, channel included) below the chosen one's, after the same
/// left context, is not scored over the rest of the window: it reads the rest as the chosen one does. At the
/// confidences' temperature such a choice holds about 10^(-8/1.4), two millionths, of the mass unless the words
/// after it favour it by as much. Leave-one-out on the corpus documents: no confidence moved by more than 0.0024,
/// and runner-ups changed only where the confidence was above 0.9996; `--format json` took 5.07 → 4.76 G
/// instructions (DESIGN.md "The confidences' window skips hopeless choices").
pub const POSTERIOR_PRUNE: f32 = 8.0;

/// Posterior of each choice of the arc at path step `step`, with the rest of the path fixed: the choice's
/// channel score plus the LM scores of itself and of the following `order - 1` LM ids, normalized over the
/// arc's choices. Its working buffers are kept between calls (one per paragraph saves a dozen allocations per
/// step).
#[derive(Debug, Default)]
pub struct Posterior {
    states: Vec<LmState>,
    lps: Vec<f32>,
    who: Vec<usize>,
    words: Vec<u32>,
    at: Vec<LmState>,
    out: Vec<(f32, LmState)>,
    /// (state key, offset in the right context, index in `who`)
    reps: Vec<(u128, usize, usize)>,
    /// (choice, index in `who`)
    follow: Vec<(usize, usize)>,
    probs: Vec<f32>,
    /// Whether each choice was left out after its first word ([`POSTERIOR_PRUNE`]).
    left_out: Vec<bool>,
}

impl Posterior {
    /// The posterior of each choice of the arc at step `step` of the path of `ids`, in the order of its choices;
    /// valid until the next call.
    pub fn compute(
        &mut self,
        lm: &NgramLm,
        arcs: &[Arc],
        ids: &PathIds,
        step: usize,
        pairs: &PairBonus,
        p: DecodeParams,
    ) -> &[f32] {
        let keep = lm.order().max(1) - 1;
        let path = &ids.path;
        let arc = &arcs[path[step].0];
        let from = ids.starts[step];
        let to = from + arc.choices[path[step].1].n_ids as usize;
        let left = lm.state(&ids.ids[from - keep..from]);
        // Right context: the next ids after this step (enough to cover the window), then </s> if the path ends.
        let after = &ids.ids[to..];
        let right = &after[..after.len().min(keep)];
        let eos = (after.len() < keep).then_some(Vocab::EOS);
        // Every choice's word sequence (its own ids, then `right` and `eos`), scored one position at a time
        // across the choices: the lookups of one position are independent, so `score_each` overlaps their cache
        // misses.
        let tail = right.len() + usize::from(eos.is_some());
        let word_at = |ch: &Choice, t: usize| -> Option<u32> {
            let n = ch.n_ids as usize;
            if t < n { Some(ch.ids[t]) } else { right.get(t - n).copied().or(eos.filter(|_| t - n == right.len())) }
        };
        let Posterior { states, lps, who, words, at, out, reps, follow, probs, left_out } = self;
        let chosen = path[step].1;
        states.clear();
        states.resize(arc.choices.len(), left);
        lps.clear();
        lps.resize(arc.choices.len(), 0.0);
        let mut chosen_first = 0.0;
        // Choices in the right context with the same LM state at the same offset score the rest alike (the
        // state decides every future score): one of them is scored, the others (`follow`) copy its result.
        for t in 0..2 + tail {
            who.clear();
            words.clear();
            at.clear();
            reps.clear();
            follow.clear();
            for (c, ch) in arc.choices.iter().enumerate() {
                if t > 0 && left_out[c] {
                    continue;
                }
                let Some(w) = word_at(ch, t) else { continue };
                if let Some(off) = t.checked_sub(ch.n_ids as usize) {
                    // Contexts of up to four ids compare as one integer; longer ones are never shared.
                    let key =
                        if states[c].context().len() <= 4 { state_key(&states[c]) } else { u128::MAX - c as u128 };
                    if let Some(&(_, _, i)) = reps.iter().find(|r| r.0 == key && r.1 == off) {
                        follow.push((c, i));
                        continue;
                    }
                    reps.push((key, off, who.len()));
                }
                who.push(c);
                words.push(w);
                at.push(states[c]);
            }
            out.resize(who.len(), (0.0, left));
            if t == 0 {
                // Every choice's first word after the same left context: the batched lookup.
                lm.score_many(&left, words, out);
            } else {
                lm.score_each(at, words, out);
            }
            if !pairs.is_empty() {
                for ((o, st), &w) in out.iter_mut().zip(at.iter()).zip(words.iter()) {
                    o.0 = mix(pairs.after(st), w, o.0);
                }
            }
            for (&c, &(l, next)) in who.iter().zip(out.iter()).chain(follow.iter().map(|(c, i)| (c, &out[*i]))) {
                lps[c] += l;
                states[c] = next;
            }
            if t == 0 {
                // Choices hopeless after their first word are not scored further ([`POSTERIOR_PRUNE`]).
                chosen_first = lps[chosen];
                let score = |c: usize| p.lm_weight * lps[c] + arc.choices[c].channel;
                let floor = score(chosen) - POSTERIOR_PRUNE;
                left_out.clear();
                left_out.extend((0..lps.len()).map(|c| c != chosen && score(c) < floor));
            }
        }
        // A choice left out reads the rest of the window as the chosen one does.
        let rest = lps[chosen] - chosen_first;
        for (lp, &skipped) in lps.iter_mut().zip(left_out.iter()) {
            if skipped {
                *lp += rest;
            }
        }
        probs.clear();
        probs.extend(
            arc.choices.iter().zip(lps.iter()).map(|(ch, &lp)| (p.lm_weight * lp + ch.channel) / p.temperature),
        );
        softmax10(probs);
        probs
    }

    /// Was choice `c` of the last [`Posterior::compute`] scored over the whole window, rather than left out after
    /// its first word ([`POSTERIOR_PRUNE`])?
    pub fn scored(&self, c: usize) -> bool {
        !self.left_out[c]
    }

    /// The most probable choice but `chosen` of the last [`Posterior::compute`] (the first of equals), among the
    /// choices scored over the whole window when there are any.
    pub fn runner_up(&self, chosen: usize) -> Option<usize> {
        let rank = |k: usize| (self.scored(k), self.probs[k]);
        (0..self.probs.len()).filter(|&k| k != chosen).min_by(|&a, &b| {
            let ((sa, pa), (sb, pb)) = (rank(a), rank(b));
            sb.cmp(&sa).then(pb.total_cmp(&pa))
        })
    }
}

/// Turns log10 scores into probabilities, in place.
fn softmax10(scores: &mut [f32]) {
    let max = scores.iter().copied().fold(f32::NEG_INFINITY, f32::max);
    for s in scores.iter_mut() {
        *s = 10f32.powf(*s - max);
    }
    let sum: f32 = scores.iter().sum();
    for s in scores.iter_mut() {
        *s /= sum;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::LmModel;

    /// One arc of one word position per list of choices.
    fn lattice(choices: impl Iterator<Item = Vec<Choice>>) -> Vec<Arc> {
        choices.enumerate().map(|(i, choices)| Arc { start: i as u32, len: 1, choices }).collect()
    }

    /// A lattice of one-word readings, one arc per position, every reading at the same channel score.
    fn word_lattice(v: &Vocab, words: &[&[&str]], channel: f32) -> Vec<Arc> {
        lattice(words.iter().map(|ws| {
            let choice =
                |(c, w): (usize, &&str)| Choice { ids: [v.id_or_unk(w), 0], n_ids: 1, channel, index: c as u16 };
            ws.iter().enumerate().map(choice).collect()
        }))
    }

    /// The posterior spelled out: each choice's ids and the right context scored word by word with `score`, the
    /// sum with the channel divided by the temperature.
    fn posterior_by_hand(
        lm: &NgramLm,
        arcs: &[Arc],
        path: &[(usize, usize)],
        step: usize,
        pairs: &PairBonus,
        temperature: f32,
    ) -> Vec<f32> {
        let keep = lm.order() - 1;
        let mut ids: Vec<u32> = vec![Vocab::BOS; keep];
        let mut starts = Vec::new();
        for &(a, c) in path {
            starts.push(ids.len());
            let ch = &arcs[a].choices[c];
            ids.extend_from_slice(ch.lm_ids());
        }
        let (from, to) = (starts[step], starts.get(step + 1).copied().unwrap_or(ids.len()));
        let mut right: Vec<u32> = ids[to..].iter().take(keep).copied().collect();
        if right.len() < keep {
            right.push(Vocab::EOS);
        }
        let mut scores: Vec<f32> = arcs[path[step].0]
            .choices
            .iter()
            .map(|ch| {
                let mut state = lm.state(&ids[from - keep..from]);
                let mut lp = 0.0;
                for &w in ch.lm_ids().iter().chain(&right) {
                    let (l, next) = lm.score(&state, w);
                    let prev = state.context()[0];
                    lp += pairs
                        .by_prev
                        .get(&prev)
                        .and_then(|f| f.iter().find(|x| x.0 == w))
                        .map_or(l, |&(_, q)| (10f32.powf(l) + q).log10());
                    state = next;
                }
                (lp + ch.channel) / temperature
            })
            .collect();
        softmax10(&mut scores);
        scores
    }

    #[test]
    fn posterior_equals_the_word_by_word_computation() {
        let model = LmModel::embedded().expect("shipped model");
        let lm = model.lm();
        let v = model.vocab();
        let id = |w: &str| v.id_or_unk(w);
        let choice = |words: &[&str], channel: f32, index: u16| Choice {
            ids: [id(words[0]), words.get(1).map_or(0, |w| id(w))],
            n_ids: words.len() as u8,
            channel,
            index,
        };
        // "ban hành quyết định về việc thành lập" with a few readings per word, some of two words. An unknown
        // word alone and before the next word of the text reach the same state at different offsets.
        let text = ["ban", "hành", "quyết", "định", "về", "việc", "thành", "lập"];
        let arcs = lattice(text.iter().enumerate().map(|(i, w)| {
            vec![
                choice(&[w], -0.1, 0),
                choice(&["và"], -1.0, 1),
                choice(&["của"], -2.0, 2),
                choice(&["các", "cơ"], -1.5, 3),
                choice(&["vệ"], -0.7, 4),
                choice(&["xqzw"], -3.0, 5),
                choice(&["xqzw", text.get(i + 1).unwrap_or(&"và")], -3.0, 6),
            ]
        }));
        let ids = PathIds::new(lm, &arcs, (0..arcs.len()).map(|a| (a, 0)).collect(), &[], &[]);
        let path = ids.path();
        let p = DecodeParams::default();
        let mut reused = Posterior::default();
        // Without a pair cache, and with one that holds pairs of the text, of other readings, across a two-word
        // reading and into the right context.
        let cached = PairBonus::new([
            ((id("ban"), id("hành")), 0.5),
            ((id("hành"), id("và")), 0.2),
            ((id("các"), id("cơ")), 0.1),
            ((id("cơ"), id("định")), 0.05),
            ((id("về"), id("việc")), 0.01),
        ]);
        for pairs in [&PairBonus::default(), &cached] {
            for step in (0..path.len()).chain([3, 0, 7]) {
                let got = Posterior::default().compute(lm, &arcs, &ids, step, pairs, p).to_vec();
                let want = posterior_by_hand(lm, &arcs, path, step, pairs, p.temperature);
                assert_eq!(got, want, "step {step}");
                assert_eq!(reused.compute(lm, &arcs, &ids, step, pairs, p), &want[..], "step {step}, reused");
            }
        }
    }

    #[test]
    fn a_hopeless_choice_is_left_out_after_its_first_word() {
        let model = LmModel::embedded().expect("shipped model");
        let (lm, v) = (model.lm(), model.vocab());
        // Each word of the text, a reading the channel doubts a little and one it all but rules out.
        let text = ["ban", "hành", "quyết", "định", "về", "việc", "thành", "lập"];
        let arcs = lattice(text.iter().map(|w| {
            [(*w, -0.1), ("và", -1.0), ("của", -30.0)]
                .iter()
                .enumerate()
                .map(|(c, &(w, channel))| Choice { ids: [v.id_or_unk(w), 0], n_ids: 1, channel, index: c as u16 })
                .collect()
        }));
        let ids = PathIds::new(lm, &arcs, (0..arcs.len()).map(|a| (a, 0)).collect(), &[], &[]);
        let p = DecodeParams::default();
        let mut post = Posterior::default();
        for step in 0..text.len() {
            let got = post.compute(lm, &arcs, &ids, step, &PairBonus::default(), p).to_vec();
            let want = posterior_by_hand(lm, &arcs, ids.path(), step, &PairBonus::default(), p.temperature);
            assert!(post.scored(0) && post.scored(1) && !post.scored(2), "step {step}");
            assert!(got[2] < 1e-12, "step {step}: {got:?}");
            for c in 0..2 {
                assert!((got[c] - want[c]).abs() < 1e-6, "step {step}: {got:?} vs {want:?}");
            }
        }
    }

    #[test]
    fn improve_mends_what_a_narrow_beam_dropped() {
        let model = LmModel::embedded().expect("shipped model");
        let (lm, v) = (model.lm(), model.vocab());
        let choice = |w: &str, channel: f32, index: u16| Choice { ids: [v.id_or_unk(w), 0], n_ids: 1, channel, index };
        // OCR "hé tro doanh nghiép": "hệ" far ahead by the channel, "hỗ trợ" by the model.
        let arcs = lattice(
            [
                vec![choice("hệ", -0.2, 0), choice("hỗ", -3.5, 1)],
                vec![choice("trợ", -0.1, 0), choice("trò", -1.0, 1)],
                vec![choice("doanh", 0.0, 0)],
                vec![choice("nghiệp", -0.1, 0)],
            ]
            .into_iter(),
        );
        let none = PairBonus::default();
        let mend = |path: Vec<(usize, usize)>, p: DecodeParams| improve(lm, &arcs, path, &[], &[], &none, p);
        // A beam of one keeps "hệ"; the local search reads "hỗ trợ", as the full beam does, and leaves that as is.
        let narrow = DecodeParams { beam: 1, ..DecodeParams::default() };
        let greedy = best_path(lm, &arcs, 4, &[], &[], &none, narrow);
        assert_eq!(greedy, [(0, 0), (1, 0), (2, 0), (3, 0)]);
        let best = best_path(lm, &arcs, 4, &[], &[], &none, DecodeParams::default());
        assert_eq!(best, [(0, 1), (1, 0), (2, 0), (3, 0)]);
        assert_eq!(mend(greedy, narrow), best);
        assert_eq!(mend(best.clone(), DecodeParams::default()), best);
    }

    #[test]
    fn a_sentence_start_decodes_the_sentences_apart() {
        let model = LmModel::embedded().expect("shipped model");
        let lm = model.lm();
        let v = model.vocab();
        // "... kinh doanh; đề án ..." read with the clause's end seen or not.
        let words: [&[&str]; 6] =
            [&["hộ"], &["kinh"], &["doanh"], &["đề", "để", "dễ"], &["án", "ăn", "an"], &["mới", "với"]];
        let arcs = word_lattice(v, &words, -0.3);
        let p = DecodeParams::default();
        let whole = best_path(lm, &arcs, 6, &[], &[(3, Vocab::BOS)], &PairBonus::default(), p);
        let first = best_path(lm, &arcs[..3], 3, &[], &[], &PairBonus::default(), p);
        let rest: Vec<Arc> = arcs[3..].iter().map(|a| Arc { start: a.start - 3, ..a.clone() }).collect();
        let second = best_path(lm, &rest, 3, &[], &[], &PairBonus::default(), p);
        let joined: Vec<(usize, usize)> =
            first.iter().copied().chain(second.iter().map(|&(a, c)| (a + 3, c))).collect();
        assert_eq!(whole, joined);
        // The posterior after the sentence start sees `<s>` as its left context, not "doanh".
        let ids = PathIds::new(lm, &arcs, whole, &[], &[(3, Vocab::BOS)]);
        let apart = PathIds::new(lm, &rest, second, &[], &[]);
        let mut post = Posterior::default();
        for step in 3..6 {
            let got = post.compute(lm, &arcs, &ids, step, &PairBonus::default(), p).to_vec();
            let want = Posterior::default().compute(lm, &rest, &apart, step - 3, &PairBonus::default(), p).to_vec();
            assert_eq!(got, want, "step {step}");
        }
    }

    #[test]
    fn a_comma_is_read_by_every_hypothesis() {
        let model = LmModel::embedded().expect("shipped model");
        let (lm, v) = (model.lm(), model.vocab());
        let comma = v.id(crate::lm::COMMA).expect("the shipped model reads commas");
        // OCR "bao vé, cai thién moi truong": "bảo vệ, cải thiện" or "báo về, cải thiện", among others.
        let words: [&[&str]; 6] =
            [&["bảo", "báo", "bào"], &["vệ", "về", "vé"], &["cải", "cái"], &["thiện"], &["môi"], &["trường"]];
        let arcs = word_lattice(v, &words, -0.2);
        let marks = [(2, comma)];
        let path = best_path(lm, &arcs, 6, &[], &marks, &PairBonus::default(), DecodeParams::default());
        let text = |path: &[(usize, usize)]| path.iter().map(|&(a, c)| words[a][c]).collect::<Vec<_>>().join(" ");
        assert_eq!(text(&path), "bảo vệ cải thiện môi trường");
        // The path is the best of all readings scored as one sentence with the comma in it (the beam is exact here).
        let mut best = (f64::NEG_INFINITY, Vec::new());
        for (a, b, c) in (0..3).flat_map(|a| (0..3).flat_map(move |b| (0..2).map(move |c| (a, b, c)))) {
            let choice = [a, b, c, 0, 0, 0];
            let mut ids: Vec<u32> = (0..6).map(|k| arcs[k].choices[choice[k]].ids[0]).collect();
            ids.insert(2, comma);
            let score = lm.sentence_log_prob(&ids);
            if score > best.0 {
                best = (score, choice.iter().enumerate().map(|(k, &c)| (k, c)).collect());
            }
        }
        assert_eq!(path, best.1);
        // The path's ids hold the comma where it was read, so that the posterior's contexts do too.
        let ids = PathIds::new(lm, &arcs, path, &[], &marks);
        let keep = lm.order() - 1;
        assert_eq!(ids.ids()[keep..keep + 3], [v.id_or_unk("bảo"), v.id_or_unk("vệ"), comma]);
    }

    #[test]
    fn the_pair_cache_moves_the_best_path_only_where_the_model_is_unsure() {
        let model = LmModel::embedded().expect("shipped model");
        let lm = model.lm();
        let v = model.vocab();
        let id = |w: &str| v.id_or_unk(w);
        let p = DecodeParams::default();
        // Words read alike by the channel: the choice at position 1 of the best path.
        let read = |words: &[&[&str]], pairs: &PairBonus| {
            let arcs = word_lattice(v, words, -0.3);
            best_path(lm, &arcs, words.len(), &[], &[], pairs, p)[1].1
        };
        let cache = |a: &str, b: &str, share: f32, lambda: f32| {
            PairBonus::new([((id(a), id(b)), lambda / (1.0 - lambda) * share)])
        };
        // "kế hoạch hàng năm" or "hằng năm": both are said; a document that says one of them, or the other, at
        // the shipped weight gets its own.
        let yearly: [&[&str]; 4] = [&["hoạch"], &["hàng", "hằng"], &["năm"], &["của"]];
        for (k, w) in ["hàng", "hằng"].iter().enumerate() {
            assert_eq!(read(&yearly, &cache(w, "năm", 0.5, 0.05)), k, "{w}");
        }
        // "tổ chức thực hiện": a document that read "tổ chúc" as often does not move the model.
        let organize: [&[&str]; 4] = [&["tổ"], &["chức", "chúc", "chục"], &["thực"], &["hiện"]];
        assert_eq!(read(&organize, &PairBonus::default()), 0);
        assert_eq!(read(&organize, &cache("tổ", "chúc", 0.5, 0.05)), 0);
        // A pair gets log10(P + q): a bonus of about log10(1 + q / P).
        let q = 0.01;
        let pairs = PairBonus::new([((id("tổ"), id("chục")), q)]);
        let state = lm.state(&[id("tổ")]);
        let (lp, _) = lm.score(&state, id("chục"));
        let got = mix(pairs.after(&state), id("chục"), lp);
        assert!((got - (10f32.powf(lp) + q).log10()).abs() < 1e-6 && got > lp);
        assert_eq!(mix(pairs.after(&state), id("chức"), -1.0), -1.0);
        assert!(pairs.after(&lm.state(&[id("chục")])).is_empty());
    }
}
