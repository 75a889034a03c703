//! Restoration: OCR text in, corrected Vietnamese text out, with a list of every change and its confidence.
//!
//! ```no_run
//! use vnocr::restore::Restorer;
//!
//! let restorer = Restorer::from_default()?;
//! let out = restorer.restore("ciia Thi twéng Chinh phi ban hanh");
//! println!("{}", out.text); // của Thủ tướng Chính phủ ban hành
//! for c in &out.changes {
//!     println!("line {} {:?} → {:?} ({:.2})", c.line, c.original, c.replacement, c.confidence);
//! }
//! # Ok::<(), vnocr::Error>(())
//! ```
//!
//! Each paragraph (a run of non-blank lines) is decoded as one sequence, so the language model's context runs
//! across OCR line breaks; line breaks, spacing, punctuation, numbers, dates, URLs and the digits of document
//! codes are copied through byte for byte. Only word tokens and the letters of document codes can change.

use std::borrow::Cow;
use std::collections::HashMap;
use std::path::Path;
use std::sync::Arc;

use serde::Serialize;

use crate::candidates::CandidateIndex;
use crate::channel::ChannelModel;
use crate::decode::{self, Choice, DecodeParams};
use crate::lexicon::Vocab;
use crate::model::LmModel;
use crate::syllable::{Case, ToneStyle, retone};
use crate::tokenize::{Token, TokenKind, tokenize};

/// A model that is either compiled into the binary or loaded at run time.
#[derive(Clone)]
enum Shared<T: 'static> {
    Static(&'static T),
    Owned(Arc<T>),
}

impl<T> std::ops::Deref for Shared<T> {
    type Target = T;
    fn deref(&self) -> &T {
        match self {
            Shared::Static(t) => t,
            Shared::Owned(t) => t,
        }
    }
}

/// Tunable settings of the restorer. The defaults are the ones measured in the README.
#[derive(Debug, Clone, Copy)]
pub struct RestoreOptions {
    /// Tone placement of the output.
    pub tones: ToneStyle,
    /// Changes whose confidence is below this are not applied (the OCR text is kept and the change is flagged).
    pub min_confidence: f32,
    /// Candidates per OCR token (besides the token itself).
    pub candidates: usize,
    /// Decoder settings.
    pub decode: DecodeParams,
    /// Weight of the channel model's log10 probability.
    pub channel_weight: f32,
    /// log10 channel score of keeping an OCR token that is not in the vocabulary.
    pub unknown_keep: f32,
    /// Try reading two OCR tokens as one word ("quy ét" → "quyết").
    pub merges: bool,
}

impl Default for RestoreOptions {
    fn default() -> Self {
        RestoreOptions {
            tones: ToneStyle::Classic,
            min_confidence: 0.0,
            candidates: 12,
            decode: DecodeParams::default(),
            channel_weight: 1.0,
            unknown_keep: -4.0,
            merges: true,
        }
    }
}

/// A byte span.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

/// One change the restorer made (or, with `applied: false`, would have made but was not confident enough).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Change {
    /// 1-based line of the input.
    pub line: usize,
    /// Byte span in the input text.
    pub input: Span,
    /// Byte span in the output text.
    pub output: Span,
    /// The OCR text.
    pub original: String,
    /// The restored text (the best reading, even when not applied).
    pub replacement: String,
    /// Posterior probability of the replacement, given the rest of the line.
    pub confidence: f32,
    /// The second-best reading, if any.
    pub runner_up: Option<String>,
    /// Whether the output carries the replacement (false: below `min_confidence`, the OCR text was kept).
    pub applied: bool,
}

/// Counts for one restored text.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Stats {
    /// Word tokens (syllables) seen.
    pub words: usize,
    /// Changes applied.
    pub changed: usize,
    /// Changes not applied for low confidence.
    pub flagged: usize,
}

/// The result of [`Restorer::restore`].
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Restored {
    /// The restored text: same lines, same line endings, same spacing as the input.
    pub text: String,
    /// Every change, in input order.
    pub changes: Vec<Change>,
    /// Counts.
    pub stats: Stats,
}

/// Restores diacritics and fixes OCR errors. Cheap to share across threads (`&self`, `Sync`).
pub struct Restorer {
    lm: Shared<LmModel>,
    channel: Shared<ChannelModel>,
    index: CandidateIndex,
    opts: RestoreOptions,
}

/// Builds a [`Restorer`]: models default to the ones compiled into the binary.
#[derive(Default)]
pub struct RestorerBuilder {
    lm: Option<Shared<LmModel>>,
    channel: Option<Shared<ChannelModel>>,
    opts: RestoreOptions,
}

impl RestorerBuilder {
    /// Uses the language model at `path` (memory-mapped).
    pub fn model_path(mut self, path: &Path) -> crate::Result<Self> {
        self.lm = Some(Shared::Owned(Arc::new(LmModel::load(path)?)));
        Ok(self)
    }

    /// Uses the channel model at `path`.
    pub fn channel_path(mut self, path: &Path) -> crate::Result<Self> {
        self.channel = Some(Shared::Owned(Arc::new(ChannelModel::load(path)?)));
        Ok(self)
    }

    /// Uses this channel model.
    pub fn channel(mut self, channel: ChannelModel) -> Self {
        self.channel = Some(Shared::Owned(Arc::new(channel)));
        self
    }

    /// Sets all options at once.
    pub fn options(mut self, opts: RestoreOptions) -> Self {
        self.opts = opts;
        self
    }

    /// Output tone placement.
    pub fn tones(mut self, tones: ToneStyle) -> Self {
        self.opts.tones = tones;
        self
    }

    /// Keep the OCR text where the best reading's confidence is below `x` (0 to 1).
    pub fn min_confidence(mut self, x: f32) -> Self {
        self.opts.min_confidence = x;
        self
    }

    /// Loads what was not given from the embedded defaults and builds the candidate index.
    pub fn build(self) -> crate::Result<Restorer> {
        let lm = match self.lm {
            Some(lm) => lm,
            None => Shared::Static(LmModel::embedded()?),
        };
        let channel = match self.channel {
            Some(c) => c,
            None => Shared::Static(ChannelModel::embedded()?),
        };
        let index = CandidateIndex::build(lm.vocab().iter(), &channel);
        Ok(Restorer { lm, channel, index, opts: self.opts })
    }
}

/// A word position of a paragraph.
struct Slot<'a> {
    tok: Token<'a>,
    /// Byte offset of the token's line in the whole text.
    line_start: usize,
    /// 1-based line number.
    line: usize,
    /// Whether the next slot is on the same line and separated by one plain space.
    joins_next: bool,
}

/// The readings offered for one arc, parallel to its `Choice`s.
type Readings = Vec<String>;

impl Restorer {
    /// A builder, to choose models and options.
    pub fn builder() -> RestorerBuilder {
        RestorerBuilder::default()
    }

    /// The restorer with the models compiled into the binary.
    pub fn from_default() -> crate::Result<Restorer> {
        Restorer::builder().build()
    }

    /// The options in force.
    pub fn options(&self) -> &RestoreOptions {
        &self.opts
    }

    /// Restores a whole text (any number of lines).
    pub fn restore(&self, text: &str) -> Restored {
        let mut cache = HashMap::new();
        let mut out = String::with_capacity(text.len() + text.len() / 4);
        let mut changes = Vec::new();
        let mut stats = Stats::default();
        let mut copied = 0; // input bytes already written to `out`
        let mut para: Vec<Slot> = Vec::new();
        let mut offset = 0;
        for (n, line) in text.split_inclusive('\n').enumerate() {
            if line.trim().is_empty() {
                self.paragraph(text, &mut para, &mut copied, &mut out, &mut changes, &mut stats, &mut cache);
            } else {
                self.slots(line, offset, n + 1, &mut para);
            }
            offset += line.len();
        }
        self.paragraph(text, &mut para, &mut copied, &mut out, &mut changes, &mut stats, &mut cache);
        out.push_str(&text[copied..]);
        Restored { text: out, changes, stats }
    }

    /// Appends the slots of one line to the paragraph.
    fn slots<'a>(&self, line: &'a str, line_start: usize, line_no: usize, para: &mut Vec<Slot<'a>>) {
        let toks = tokenize(line);
        let first = para.len();
        for (i, t) in toks.iter().enumerate() {
            if matches!(t.kind, TokenKind::Space | TokenKind::Punct) {
                continue;
            }
            let joins_next = toks.get(i + 1).is_some_and(|s| s.text == " ")
                && toks.get(i + 2).is_some_and(|w| w.kind == TokenKind::Word);
            para.push(Slot { tok: *t, line_start, line: line_no, joins_next });
        }
        if let Some(last) = para[first..].last_mut() {
            last.joins_next = false;
        }
    }

    /// Decodes one paragraph and writes it (and what precedes it) to `out`.
    #[allow(clippy::too_many_arguments)]
    fn paragraph(
        &self,
        text: &str,
        para: &mut Vec<Slot>,
        copied: &mut usize,
        out: &mut String,
        changes: &mut Vec<Change>,
        stats: &mut Stats,
        cache: &mut HashMap<String, Arc<Vec<(Vec<u32>, String, f32)>>>,
    ) {
        if para.is_empty() {
            return;
        }
        let vocab = self.lm.vocab();
        let mut arcs: Vec<decode::Arc> = Vec::with_capacity(para.len() * 2);
        let mut readings: Vec<Readings> = Vec::with_capacity(para.len() * 2);
        for (i, s) in para.iter().enumerate() {
            if s.tok.kind != TokenKind::Word {
                arcs.push(decode::Arc { start: i as u32, len: 1, choices: vec![fixed(Vocab::NUM)] });
                readings.push(vec![s.tok.text.to_string()]);
                continue;
            }
            stats.words += 1;
            let lower = s.tok.text.to_lowercase();
            let form = lm_word(s.tok.text);
            let keep_id = vocab.id(&form);
            let keep_score = match keep_id {
                Some(_) => self.opts.channel_weight * self.channel.log_prob(&lower, &form),
                None => self.opts.unknown_keep,
            };
            let mut choices =
                vec![Choice { ids: [keep_id.unwrap_or(Vocab::UNK), 0], n_ids: 1, channel: keep_score, index: 0 }];
            let mut texts = vec![s.tok.text.to_string()];
            for (ids, word, lp) in self.cands(&lower, cache).iter() {
                if ids.len() == 1 && Some(ids[0]) == keep_id {
                    continue;
                }
                choices.push(Choice {
                    ids: [ids[0], ids.get(1).copied().unwrap_or(0)],
                    n_ids: ids.len().min(2) as u8,
                    channel: self.opts.channel_weight * lp,
                    index: choices.len() as u16,
                });
                texts.push(word.clone());
            }
            arcs.push(decode::Arc { start: i as u32, len: 1, choices });
            readings.push(texts);
            // Two OCR tokens read as one word.
            if self.opts.merges && s.joins_next {
                let next = &para[i + 1];
                let joined = format!("{} {}", lower, next.tok.text.to_lowercase());
                let mut choices = Vec::new();
                let mut texts = Vec::new();
                for (ids, word, lp) in self.cands(&joined, cache).iter().filter(|c| c.0.len() == 1).take(3) {
                    choices.push(Choice {
                        ids: [ids[0], 0],
                        n_ids: 1,
                        channel: self.opts.channel_weight * lp,
                        index: choices.len() as u16,
                    });
                    texts.push(word.clone());
                }
                if !choices.is_empty() {
                    arcs.push(decode::Arc { start: i as u32, len: 2, choices });
                    readings.push(texts);
                }
            }
        }
        let lm = self.lm.lm();
        let p = self.opts.decode;
        let path = decode::best_path(lm, &arcs, para.len(), &[], p);
        for (step, &(ai, ci)) in path.iter().enumerate() {
            let arc = &arcs[ai];
            let first = &para[arc.start as usize];
            let last = &para[arc.start as usize + arc.len as usize - 1];
            let (start, end) = (first.line_start + first.tok.start, last.line_start + last.tok.end());
            let original = &text[start..end];
            if first.tok.kind != TokenKind::Word {
                if first.tok.kind == TokenKind::Code {
                    if let Some(fixed) = self.restore_code(original) {
                        self.emit(
                            text, start, end, original, fixed, 1.0, None, first.line, copied, out, changes, stats,
                        );
                    }
                }
                continue;
            }
            let chosen = arc.choices[ci].index as usize;
            if arc.len == 1 && chosen == 0 {
                continue;
            }
            let probs = decode::local_posterior(lm, &arcs, &path, step, &[], p);
            let mut order: Vec<usize> = (0..probs.len()).collect();
            order.sort_by(|&a, &b| probs[b].total_cmp(&probs[a]));
            let conf = probs[ci];
            let runner = order.iter().find(|&&k| k != ci).map(|&k| {
                let r = &readings[ai][arc.choices[k].index as usize];
                self.shape(original, r, arc.choices[k].index == 0 && arc.len == 1)
            });
            let replacement = self.shape(original, &readings[ai][chosen], false);
            if replacement == original {
                continue;
            }
            self.emit(text, start, end, original, replacement, conf, runner, first.line, copied, out, changes, stats);
        }
        para.clear();
    }

    /// Writes the text before `start`, then the replacement (or the original when not confident enough), and
    /// records the change.
    #[allow(clippy::too_many_arguments)]
    fn emit(
        &self,
        text: &str,
        start: usize,
        end: usize,
        original: &str,
        replacement: String,
        confidence: f32,
        runner_up: Option<String>,
        line: usize,
        copied: &mut usize,
        out: &mut String,
        changes: &mut Vec<Change>,
        stats: &mut Stats,
    ) {
        out.push_str(&text[*copied..start]);
        let applied = confidence >= self.opts.min_confidence;
        let out_start = out.len();
        out.push_str(if applied { &replacement } else { original });
        *copied = end;
        if applied {
            stats.changed += 1;
        } else {
            stats.flagged += 1;
        }
        changes.push(Change {
            line,
            input: Span { start, end },
            output: Span { start: out_start, end: out.len() },
            original: original.to_string(),
            replacement,
            confidence,
            runner_up,
            applied,
        });
    }

    /// Candidates of an OCR token (lowercase), cached per document.
    fn cands(
        &self,
        lower: &str,
        cache: &mut HashMap<String, Arc<Vec<(Vec<u32>, String, f32)>>>,
    ) -> Arc<Vec<(Vec<u32>, String, f32)>> {
        if let Some(c) = cache.get(lower) {
            return c.clone();
        }
        let list: Vec<_> = self
            .index
            .candidates(lower, self.opts.candidates)
            .into_iter()
            .map(|c| (c.ids, c.text, c.channel_logp))
            .collect();
        let list = Arc::new(list);
        cache.insert(lower.to_string(), list.clone());
        list
    }

    /// The output spelling of a reading: the OCR token's case, the chosen tone style.
    fn shape(&self, original: &str, reading: &str, is_original: bool) -> String {
        if is_original {
            return original.to_string();
        }
        let case = match Case::of(original) {
            Case::Mixed if original.starts_with(char::is_uppercase) => Case::Title,
            Case::Mixed => Case::Lower,
            c => c,
        };
        let words: Vec<String> = reading
            .split(' ')
            .enumerate()
            .map(|(i, w)| {
                let w = match self.opts.tones {
                    ToneStyle::Classic => Cow::Borrowed(w),
                    ToneStyle::Modern => Cow::Owned(retone(w, ToneStyle::Modern)),
                };
                match case {
                    Case::Title if i > 0 => w.into_owned(),
                    c => c.apply(&w),
                }
            })
            .collect();
        words.join(" ")
    }

    /// Restores the letters of a document code's parts from the code parts seen in training: "2289/QP-TTG" →
    /// "2289/QĐ-TTg". Digits are never touched. `None` when nothing changes.
    fn restore_code(&self, code: &str) -> Option<String> {
        let known = self.lm.code_parts();
        let mut out = String::with_capacity(code.len() + 4);
        let mut changed = false;
        for piece in code.split_inclusive(['/', '-']) {
            let (part, sep) = match piece.char_indices().last() {
                Some((i, c)) if c == '/' || c == '-' => (&piece[..i], &piece[i..]),
                _ => (piece, ""),
            };
            let fixed =
                if part.chars().any(char::is_alphabetic) { self.index.restore_code_part(part, known) } else { None };
            match fixed {
                Some(f) if f != part => {
                    out.push_str(&f);
                    changed = true;
                }
                _ => out.push_str(part),
            }
            out.push_str(sep);
        }
        changed.then_some(out)
    }
}

/// A choice that is the only reading of a fixed token.
fn fixed(id: u32) -> Choice {
    Choice { ids: [id, 0], n_ids: 1, channel: 0.0, index: 0 }
}

/// The LM form of a word token's text (lowercase, classic tones).
fn lm_word(text: &str) -> String {
    retone(&text.to_lowercase(), ToneStyle::Classic)
}
