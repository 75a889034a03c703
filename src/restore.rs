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
//! codes are copied through byte for byte. Only word tokens and the letters of document codes can change, and the
//! few numbers the OCR prints for words ([`crate::tokenize::number_may_be_word`]: "ty 18" for "tỷ lệ"), which are
//! read as words only where the language model wants it.

use std::borrow::Cow;
use std::collections::HashMap;
use std::path::Path;
use std::sync::Arc;

use serde::Serialize;

use crate::candidates::{CandidateIndex, Reading};
use crate::channel::ChannelModel;
use crate::decode::{self, Choice, DecodeParams};
use crate::lexicon::Vocab;
use crate::model::LmModel;
use crate::syllable::{Case, ToneStyle, fold, fold_one, retone};
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
    /// Candidates whose channel log10 score is this far below the best reading's are not decoded.
    pub channel_beam: f32,
    /// Try reading two OCR tokens as one word ("quy ét" → "quyết").
    pub merges: bool,
    /// Weight of a word's corpus frequency when choosing which candidates the decoder sees.
    pub prior_weight: f32,
    /// Probability that a token was transcribed exactly, mixed into the channel for tokens that are words.
    pub exact: f32,
    /// Weight of a code part's corpus frequency against the channel when restoring document codes.
    pub code_prior: f32,
    /// Log prior bonus of the gazetteer's codes (document types and bodies).
    pub code_known: f32,
    /// Further bonus of document-type codes right after a code's number.
    pub code_type: f32,
    /// log10 P of a letter substitution the channel never learned, in a code part (below the channel's own
    /// floor: only the learned confusions, "D" → "Đ", "0" → "Q", are evidence that a printed part is misread).
    pub code_sub_floor: f32,
    /// Share of plain mark stripping mixed into the channel; `None`: estimated per document.
    pub strip: Option<f32>,
    /// Restore twice (the default): the second pass favours, for each OCR token, the readings the first gave it
    /// across the document ([`TWO_PASS_WEIGHT`]).
    pub two_pass: bool,
    /// Candidate lists remembered across documents (and threads) for the restorer's lifetime
    /// ([`crate::candidates::CACHE_ENTRIES`] by default; 0: none). The output does not depend on it.
    pub candidate_cache: usize,
}

impl Default for RestoreOptions {
    fn default() -> Self {
        RestoreOptions {
            tones: ToneStyle::Classic,
            min_confidence: 0.0,
            candidates: 50,
            decode: DecodeParams::default(),
            channel_weight: 1.0,
            unknown_keep: -5.0,
            channel_beam: 6.0,
            merges: true,
            prior_weight: 0.5,
            exact: 0.05,
            code_prior: 0.5,
            code_known: 1.0,
            code_type: 1.0,
            code_sub_floor: CODE_SUB_FLOOR,
            strip: None,
            two_pass: true,
            candidate_cache: crate::candidates::CACHE_ENTRIES,
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
    codes: CodeLexicon,
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

    /// Uses this language model (from [`LmModel::from_vec`], say: a model held in memory).
    pub fn model(mut self, lm: LmModel) -> Self {
        self.lm = Some(Shared::Owned(Arc::new(lm)));
        self
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
        let index = CandidateIndex::build(lm.vocab().iter(), &channel)
            .with_prior_weight(self.opts.prior_weight)
            .with_cache_entries(self.opts.candidate_cache);
        let codes = CodeLexicon::new(&lm, &channel, &self.opts);
        Ok(Restorer { lm, channel, index, codes, opts: self.opts })
    }
}

/// A word position of a paragraph.
struct Slot<'a> {
    tok: Token<'a>,
    /// What the restorer treats it as: a word token glued to a code's `/` or `-` ("KH/TU" after a line break
    /// cut "359-KH/TU") is a `Code`.
    kind: TokenKind,
    /// For a code part on its own: whether it comes right after the code's number ("505/0D-UBND").
    code_first: bool,
    /// For a code part on its own that begins the code: the separator and the part after it ("S0" of "S0/NQ-CP":
    /// `("/", "NQ")`), where a misread document number may stand.
    code_next: Option<(&'a str, &'a str)>,
    /// Byte offset of the token's line in the whole text.
    line_start: usize,
    /// 1-based line number.
    line: usize,
    /// Whether the next slot is a word on the same line, separated by one plain space or glued by a little
    /// OCR noise ("dc-ng", "l.:mh", "du*ng": one word the OCR broke), so that the two may be read as one word.
    joins_next: bool,
    /// Whether that join is OCR noise (no space), so that a third piece may follow ("ta_r]g" for "tăng").
    glued_next: bool,
    /// Written as an abbreviation, which limits its readings.
    abbreviation: Option<Abbreviation>,
    /// Whether a sentence ends right after it ([`crate::tokenize::ends_sentence`]).
    ends_sentence: bool,
}

/// How a token written as an abbreviation may be read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Abbreviation {
    /// A letter of a slash abbreviation ("V/v", "K/g", "Đ/c"): as a letter only.
    Slash,
    /// A short word in capitals with a dot, opening a line ("TL. CHỦ TỊCH", "KT.", "TUQ.", "A."), or alone in
    /// brackets ("(DTI)", "(HPND)"): its marks may change and a D, P or B may be Đ ("PGD." → "PGĐ.", "(HPND)" →
    /// "(HĐND)"), nothing else ("(DTI)" had become "(DÙ)", "TL" "TỰ").
    Lettered,
}

/// The readings offered for one arc, parallel to its `Choice`s.
enum Readings<'a> {
    /// Texts of their own: a fixed token's one reading, or the readings of tokens read as one word.
    Own(Vec<String>),
    /// The OCR token itself, then the entries `pick` of its candidate list (not copied: a token has dozens).
    Cands { original: &'a str, list: Cands, pick: Vec<u16> },
}

impl Readings<'_> {
    /// The text of choice `k`.
    fn get(&self, k: usize) -> &str {
        match self {
            Readings::Own(texts) => &texts[k],
            Readings::Cands { original, .. } if k == 0 => original,
            Readings::Cands { list, pick, .. } => &list[pick[k - 1] as usize].text,
        }
    }
}

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
        self.restore_part(text, 0, &self.context(text))
    }

    /// What the restorer reads from a whole document before restoring it: its list markers
    /// ([`crate::markers`]), whose letters depend on one another across the document; the acronyms it defines;
    /// how many of its words lost their marks by plain stripping; and, with
    /// [`RestoreOptions::two_pass`], the readings a first pass gave each OCR token.
    pub fn context(&self, text: &str) -> DocContext {
        let toks: Vec<Token> = tokenize(text).into_iter().filter(|t| t.kind != TokenKind::Space).collect();
        let mut ctx = DocContext {
            sentence_lines: sentence_lines(text),
            paragraph_lines: paragraph_lines(text),
            markers: crate::markers::list_markers(text, &self.channel),
            acronyms: self.acronyms(&toks),
            strip: self.opts.strip.unwrap_or_else(|| strip_share(&toks)),
            readings: HashMap::new(),
            words: HashMap::new(),
            pairs: decode::PairBonus::default(),
            memo: Memo::default(),
        };
        if self.opts.two_pass {
            let (_, mut memo) = self.restore_inner(text, 0, &ctx, true);
            ctx.words = self.word_cache(&memo.seen);
            // Text typed without marks has no channel evidence for the pairs to carry from one place to another:
            // they would only repeat the first pass's guesses.
            let pairs = std::mem::take(&mut memo.pairs);
            if ctx.strip < 0.5 {
                ctx.pairs = self.pair_cache(&pairs);
            }
            for (tok, counts) in std::mem::take(&mut memo.seen) {
                let total: u32 = counts.iter().map(|c| c.1).sum();
                if total >= 3 {
                    ctx.readings.insert(tok, counts.iter().map(|&(id, n)| (id, n as f32 / total as f32)).collect());
                }
            }
            // The second pass reads the same candidates and code parts.
            ctx.memo = memo;
        }
        ctx
    }

    /// The document word cache: each syllable a first pass read, and the log10 bonus its share of the
    /// document's readings earns it over its unigram probability ([`WORD_CACHE_WEIGHT`]).
    fn word_cache(&self, seen: &Seen) -> HashMap<u32, f32> {
        let mut counts: HashMap<u32, u32> = HashMap::new();
        for &(id, n) in seen.values().flatten() {
            *counts.entry(id).or_default() += n;
        }
        let total: u32 = counts.values().sum();
        let lm = self.lm.lm();
        let lambda = WORD_CACHE_WEIGHT;
        counts
            .into_iter()
            .filter(|&(id, _)| id != Vocab::UNK)
            .map(|(id, n)| {
                let ratio = n as f32 / total as f32 / 10f32.powf(lm.log_prob(&[], id));
                (id, ((1.0 - lambda + lambda * ratio) / (1.0 - lambda)).log10())
            })
            .collect()
    }

    /// The document pair cache: each pair of words a first pass read at least [`PAIR_CACHE_MIN`] times, with its
    /// share of the pairs that start with the same word (its own occurrence, which the second pass decides
    /// again, not counted), mixed into the language model at [`PAIR_CACHE_WEIGHT`] ([`decode::PairBonus`]).
    fn pair_cache(&self, pairs: &HashMap<(u32, u32), u32>) -> decode::PairBonus {
        let mut firsts: HashMap<u32, u32> = HashMap::new();
        for (&(a, _), &n) in pairs {
            *firsts.entry(a).or_default() += n;
        }
        let lambda = PAIR_CACHE_WEIGHT;
        decode::PairBonus::new(pairs.iter().filter(|&(_, &n)| n >= PAIR_CACHE_MIN).map(|(&(a, b), &n)| {
            let share = (n - 1) as f32 / firsts[&a] as f32;
            ((a, b), lambda / (1.0 - lambda) * share)
        }))
    }

    /// The acronyms a document defines whose Đ the text lost: "dia chat thuy van (gọi tắt là DCTV)" or "... (PCTV)"
    /// → `DCTV` or `PCTV` is `ĐCTV`, its letters the initials of the words before the parenthesis, a D or a P (how
    /// the OCR prints Đ most often) standing for a word the candidate search reads with đ. Not for an acronym the
    /// language model saw as written ten times more often than restored. Also acronyms and Roman numerals whose
    /// capital I the OCR printed as a small l or a 1 ("loT", "Al", "Vl", "X1").
    /// `toks` are the document's tokens without white space.
    fn acronyms(&self, toks: &[Token]) -> HashMap<String, String> {
        let vocab = self.lm.vocab();
        let count = |w: &str| vocab.id(&crate::lm::word_form(w)).map_or(0, |id| vocab.count(id));
        let mut out = HashMap::new();
        for (i, t) in toks.iter().enumerate() {
            let n = t.text.chars().count();
            if t.kind != TokenKind::Word
                || !(2..=8).contains(&n)
                || !t.text.contains(['D', 'P'])
                || !t.text.chars().all(|c| c.is_ascii_uppercase() || c == 'Đ')
                || out.contains_key(t.text)
            {
                continue;
            }
            // The "(" that opens the definition: right before the acronym, or before "... là" inside it.
            let mut j = i;
            while j > 0 && i - j <= 6 && toks[j - 1].kind == TokenKind::Word {
                j -= 1;
            }
            // ("(gọi tắt là ĐCTV)", its "là" perhaps damaged: "(gọi tắt ha DCTV)").
            let open = j.checked_sub(1).filter(|&o| toks[o].text == "(");
            let closes = toks.get(i + 1).is_some_and(|c| c.text == ")");
            let Some(open) = open.filter(|_| j == i || closes || fold(toks[i - 1].text) == "la") else { continue };
            let Some(words) = open.checked_sub(n).map(|s| &toks[s..open]) else { continue };
            if words.iter().any(|w| w.kind != TokenKind::Word) {
                continue;
            }
            // Each letter the initial of its word; a D, or a P (the OCR's commonest Đ), stands for a word with đ.
            let stroke = |w: &Token| {
                let lower = w.text.to_lowercase();
                lower.starts_with('đ')
                    || self.index.candidates(&lower, 1).first().is_some_and(|b| b.text.starts_with('đ'))
            };
            let restored: Option<String> = t
                .text
                .chars()
                .zip(fold(t.text).chars())
                .zip(words)
                .map(|((c, folded), w)| {
                    let initial = fold(w.text).chars().next()?;
                    match c {
                        'D' | 'P' if initial == 'd' && stroke(w) => Some('Đ'),
                        _ if folded == initial => Some(c),
                        _ => None,
                    }
                })
                .collect();
            let Some(restored) = restored else { continue };
            // The language model knows the acronym as written far better than restored ("CSDL"): it decides.
            if restored != t.text && count(t.text) < 10 * (count(&restored) + 1) {
                out.insert(t.text.to_string(), restored);
            }
        }
        // The defined acronym's other OCR spellings in the document: its Đ printed as D, P or B ("ĐCTV" defined as
        // "(PCTV)", later printed "DCTV" or "bCTV"; not "CTV", which may be another acronym).
        const STROKE: [char; 6] = ['D', 'P', 'B', 'd', 'p', 'b'];
        let defined: Vec<String> = out.values().filter(|a| a.contains('Đ')).cloned().collect();
        for t in toks.iter().filter(|t| !defined.is_empty() && t.kind == TokenKind::Word && t.text.contains(STROKE)) {
            if out.contains_key(t.text) {
                continue;
            }
            let spelled = |a: &&String| {
                a.chars().count() == t.text.chars().count()
                    && a.chars().zip(t.text.chars()).all(|(x, y)| x == y || x == 'Đ' && STROKE.contains(&y))
            };
            if let Some(a) = defined.iter().find(spelled) {
                out.insert(t.text.to_string(), a.clone());
            }
        }
        // A known acronym whose capital I the OCR read as a small l ("VnelD" for "VneID", "loT" for "IoT"): only
        // in mixed case, which no Vietnamese word has, and of three letters or more ("lS" is more often "lỗ" than
        // "IS").
        for t in
            toks.iter().filter(|t| t.kind == TokenKind::Word && t.text.contains('l') && t.text.chars().nth(2).is_some())
        {
            if Case::of(t.text) == Case::Mixed && !out.contains_key(t.text) {
                let fixed = t.text.replace('l', "I");
                if self.codes.contains(&fixed) {
                    out.insert(t.text.to_string(), fixed);
                }
            }
        }
        // "Al" is "AI", artificial intelligence: the language model, which knows the syllable "ai", cannot tell.
        if toks.iter().any(|t| t.text == "Al") {
            out.insert("Al".to_string(), "AI".to_string());
        }
        // A Roman numeral whose I the OCR printed as a small l or a 1 ("Vl." for "VI.", "I1l" for "III", "X1" for
        // "XI"): no Vietnamese word mixes these letters. (Left to the language model, "Vl" had become "Vũ".)
        let misprinted_roman = |t: &&Token| {
            t.kind == TokenKind::Word
                && t.text.contains(['l', '1'])
                && t.text.contains(['V', 'X', 'I'])
                && t.text.chars().all(|c| matches!(c, 'I' | 'V' | 'X' | 'l' | '1'))
        };
        for t in toks.iter().filter(misprinted_roman) {
            let fixed = t.text.replace(['l', '1'], "I");
            if roman_numeral(&fixed) && !out.contains_key(t.text) {
                out.insert(t.text.to_string(), fixed);
            }
        }
        out
    }

    /// Restores `part`, the bytes of a document starting at byte `offset`, where `context` is the whole
    /// document's [`Restorer::context`]. Parts that are whole paragraphs restore exactly as the whole document
    /// does (positions in the result are relative to `part`), so a large document can be restored as parallel
    /// paragraph chunks ([`crate::pipeline`]).
    pub fn restore_part(&self, text: &str, offset: usize, context: &DocContext) -> Restored {
        self.restore_inner(text, offset, context, false).0
    }

    /// [`Restorer::restore_part`]; with `record`, a first pass of two-pass restoration, which only records each
    /// token's readings (`Memo::seen`). Returns what it memoized too.
    fn restore_inner(&self, text: &str, offset: usize, context: &DocContext, record: bool) -> (Restored, Memo) {
        let markers = context
            .markers
            .iter()
            .filter(|m| m.start >= offset && m.end <= offset + text.len())
            .map(|m| (m.start - offset, m.clone()))
            .collect();
        let mut cache = Caches { ctx: context, memo: Memo::default(), markers, record, offset };
        let mut out = String::with_capacity(text.len() + text.len() / 4);
        let mut changes = Vec::new();
        let mut stats = Stats::default();
        let mut copied = 0; // input bytes already written to `out`
        let mut para: Vec<Slot> = Vec::new();
        let (mut offset, mut lines) = (0, 0);
        for (n, line) in text.split_inclusive('\n').enumerate() {
            if !line.trim().is_empty() {
                self.slots(line, offset, n + 1, &mut para);
                lines += 1;
            }
            // A paragraph of one huge line (up to the reader's line limit) is decoded in pieces, at sentence ends
            // where it has them, so that the lattice stays small.
            while para.len() > MAX_SLOTS {
                let cut = piece_end(text, &mut para);
                let rest = para.split_off(cut);
                self.paragraph(text, &mut para, &mut copied, &mut out, &mut changes, &mut stats, &mut cache);
                para = rest;
            }
            if ends_paragraph(line, lines) {
                self.paragraph(text, &mut para, &mut copied, &mut out, &mut changes, &mut stats, &mut cache);
                lines = 0;
            }
            offset += line.len();
        }
        self.paragraph(text, &mut para, &mut copied, &mut out, &mut changes, &mut stats, &mut cache);
        out.push_str(&text[copied..]);
        (Restored { text: out, changes, stats }, cache.memo)
    }

    /// Appends the slots of one line to the paragraph.
    fn slots<'a>(&self, line: &'a str, line_start: usize, line_no: usize, para: &mut Vec<Slot<'a>>) {
        let toks = tokenize(line);
        let first = para.len();
        for (i, t) in toks.iter().enumerate() {
            if matches!(t.kind, TokenKind::Space | TokenKind::Punct) {
                if para.len() > first && crate::tokenize::ends_sentence(&toks, i) {
                    para.last_mut().expect("a slot of this line").ends_sentence = true;
                }
                continue;
            }
            let abbreviation = if slash_abbreviation(&toks, i) {
                Some(Abbreviation::Slash)
            } else if dotted_abbreviation(&toks, i) || bracketed_acronym(&toks, i) {
                Some(Abbreviation::Lettered)
            } else {
                None
            };
            let glued_next = t.kind == TokenKind::Word && glued_by_noise(&toks, i);
            let joins_next = glued_next
                || t.kind == TokenKind::Word
                    && abbreviation.is_none()
                    && toks.get(i + 1).is_some_and(|s| s.text == " ")
                    && toks.get(i + 2).is_some_and(|w| w.kind == TokenKind::Word)
                    && !slash_abbreviation(&toks, i + 2);
            let kind = if t.kind == TokenKind::Word && code_like(&toks, i) { TokenKind::Code } else { t.kind };
            let code_first = kind == TokenKind::Code
                && t.kind == TokenKind::Word
                && i >= 2
                && matches!(toks[i - 1].text, "/" | "-")
                && toks[i - 2].kind == TokenKind::Number;
            let code_next = (kind == TokenKind::Code
                && t.kind == TokenKind::Word
                && (i == 0 || !matches!(toks[i - 1].text, "/" | "-")))
            .then(|| Some((toks.get(i + 1)?.text, toks.get(i + 2).filter(|n| n.kind == TokenKind::Word)?.text)))
            .flatten();
            para.push(Slot {
                tok: *t,
                kind,
                code_first,
                code_next,
                line_start,
                line: line_no,
                joins_next,
                glued_next,
                abbreviation,
                ends_sentence: false,
            });
        }
        if let Some(last) = para[first..].last_mut() {
            last.joins_next = false;
            last.glued_next = false;
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
        cache: &mut Caches,
    ) {
        if para.is_empty() {
            return;
        }
        let vocab = self.lm.vocab();
        let mut arcs: Vec<decode::Arc> = Vec::with_capacity(para.len() * 2);
        let mut readings: Vec<Readings> = Vec::with_capacity(para.len() * 2);
        for (i, s) in para.iter().enumerate() {
            let word = s.kind == TokenKind::Word;
            stats.words += usize::from(word);
            // Tokens with one reading: numbers and codes; a list marker, whose letter comes from the sequence of
            // the document's markers; a Roman numeral in capitals ("V", "IV", "XII"), a number kept as printed; an
            // acronym the document defines, whose letters come from the definition; a known name or acronym in
            // mixed case ("IoT", "VNeID", "TTg"), which no Vietnamese word is. (A word holding digits is
            // read too: OCR prints "16n" for "lớn".)
            let roman = s.tok.text.len() <= 4 && s.tok.text.bytes().all(|b| matches!(b, b'I' | b'V' | b'X'));
            // A number the OCR may have printed for a word ("16" for "lộ", "18" for "lệ", "86" for "số"): a
            // number, or that word.
            let number_word = s.kind == TokenKind::Number
                && cache.ctx.strip < 0.5
                && crate::tokenize::number_may_be_word(&text[s.line_start..s.line_start + s.tok.start], s.tok.text);
            let only = if !word && !number_word || roman {
                Some((Vocab::NUM, s.tok.text.to_string()))
            } else if bullet_glyph(text, para, i, cache) {
                Some((vocab.id_or_unk(&s.tok.text.to_lowercase()), s.tok.text.to_string()))
            } else if let Some(m) = cache.markers.get(&(s.line_start + s.tok.start)) {
                Some((vocab.id_or_unk(m.letter), m.letter.to_string()))
            } else {
                // The acronym as defined, or the name as written.
                let written = |r: &str| (vocab.id_or_unk(&crate::lm::word_form(r)), r.to_string());
                cache.ctx.acronyms.get(s.tok.text).map(|a| written(a)).or_else(|| {
                    (Case::of(s.tok.text) == Case::Mixed
                        && s.tok.text.chars().nth(2).is_some()
                        && self.codes.contains(s.tok.text))
                    .then(|| written(s.tok.text))
                })
            };
            if let Some((id, reading)) = only {
                arcs.push(decode::Arc { start: i as u32, len: 1, choices: vec![fixed(id)] });
                readings.push(Readings::Own(vec![reading]));
                continue;
            }
            let lower = s.tok.text.to_lowercase();
            let (keep_id, mut keep_score) =
                if number_word { (Some(Vocab::NUM), NUMBER_KEEP) } else { self.keep(&lower, cache) };
            let cands = self.cands(&lower, cache);
            if keep_id.is_none()
                && vowelless_capitals(s.tok.text)
                && !heading_line(para, i)
                && !cands.iter().any(|c| same_letters(&lower, &c.text))
            {
                keep_score = ACRONYM_KEEP;
            }
            let mut choices = Vec::with_capacity(cands.len() + 1);
            choices.push(Choice { ids: [keep_id.unwrap_or(Vocab::UNK), 0], n_ids: 1, channel: keep_score, index: 0 });
            let mut pick = Vec::with_capacity(cands.len());
            // An all-caps token is an acronym or a heading word, never two words run together.
            let splits = Case::of(s.tok.text) != Case::Upper;
            let lettered = s.abbreviation == Some(Abbreviation::Lettered);
            // Digits read as a word are the OCR's "số" before a document number (`tokenize::so_as_digits`).
            let digits_only = s.tok.text.bytes().all(|b| b.is_ascii_digit());
            // A reading's digits are some of the token's, in order: the OCR prints digits for letters ("16n" for
            // "lớn", "0H15" for "QH15"), but "28mm" is never "25mm".
            let digits_kept = |reading: &str| {
                let mut own = s.tok.text.bytes().filter(u8::is_ascii_digit);
                reading.bytes().filter(u8::is_ascii_digit).all(|d| own.any(|o| o == d))
            };
            // Readings the channel finds far less likely than the best one cannot win: leave them out.
            let floor = cands.iter().map(|c| c.channel_logp).fold(keep_score / self.opts.channel_weight, f32::max)
                - self.opts.channel_beam;
            for (j, c) in cands.iter().enumerate() {
                let (ids, text, lp) = (c.lm_ids(), &*c.text, c.channel_logp);
                if ids.len() == 1 && Some(ids[0]) == keep_id
                    || ids.len() > 1 && !splits
                    || lp < floor
                    || s.abbreviation == Some(Abbreviation::Slash) && text.chars().nth(1).is_some()
                    || lettered && !same_letters(&lower, text)
                    || digits_only && !number_word && text != "số"
                    || number_word && !text.chars().all(char::is_alphabetic)
                    || c.digits && !digits_kept(text)
                {
                    continue;
                }
                choices.push(Choice {
                    ids: c.ids,
                    n_ids: c.n_ids,
                    channel: self.opts.channel_weight * lp,
                    index: choices.len() as u16,
                });
                pick.push(j as u16);
            }
            // The second pass: the readings the first gave this token, and the document's words.
            let shares = cache.ctx.readings.get(&lower);
            for c in choices.iter_mut().filter(|c| c.n_ids == 1) {
                if let Some(shares) = shares {
                    c.channel += TWO_PASS_WEIGHT * shares.iter().find(|x| x.0 == c.ids[0]).map_or(0.0, |x| x.1);
                }
                c.channel += cache.ctx.word_bonus(c.ids[0]);
            }
            arcs.push(decode::Arc { start: i as u32, len: 1, choices });
            readings.push(Readings::Cands { original: s.tok.text, list: cands, pick });
            // Two OCR tokens read as one word; three when both joins are OCR noise.
            let pieces = match (s.joins_next, s.glued_next && para[i + 1].glued_next) {
                (false, _) => 1,
                (true, false) => 2,
                (true, true) => 3,
            };
            for len in 2..=pieces {
                let last = &para[i + len - 1];
                let joined = text[s.line_start + s.tok.start..last.line_start + last.tok.end()].to_lowercase();
                let mut choices = Vec::new();
                let mut texts = Vec::new();
                // Glued by noise the pieces are most likely one word: offer more of its readings, also read
                // without the stray symbols (the channel never saw "_" or "]" and charges its insertion floor).
                let glued = !joined.contains(' ');
                // Two tokens with a vowel run each are two syllables (unless together they spell a word of the
                // vocabulary, "inte rnet"): not asked about, which saves most of the pair queries.
                if !glued && !one_vowel_run(&joined) && !self.index.spells_a_word(&joined) {
                    continue;
                }
                let take = if glued { 20 } else { 3 };
                let mut list: Vec<(u32, String, f32)> = self
                    .cands(&joined, cache)
                    .iter()
                    .filter(|c| c.n_ids == 1)
                    .take(take)
                    .map(|c| (c.ids[0], c.text.to_string(), c.channel_logp))
                    .collect();
                if glued {
                    let letters: String = joined.chars().filter(|c| c.is_alphanumeric()).collect();
                    let stray = (joined.chars().count() - letters.chars().count()) as f32 * STRAY_SYMBOL;
                    for c in self.cands(&letters, cache).iter().filter(|c| c.n_ids == 1).take(take) {
                        match list.iter_mut().find(|x| x.0 == c.ids[0]) {
                            Some(x) => x.2 = x.2.max(c.channel_logp + stray),
                            None => list.push((c.ids[0], c.text.to_string(), c.channel_logp + stray)),
                        }
                    }
                } else {
                    // A piece of one letter is the word's first or last ("théon g" → "thông"): a stray letter
                    // beside a word is no part of it ("Tổ m chức").
                    let letter = |t: &str| {
                        let mut cs = t.chars().flat_map(char::to_lowercase);
                        cs.next().filter(|c| c.is_alphabetic() && cs.next().is_none()).map(fold_one)
                    };
                    let (head, tail) = (letter(s.tok.text), letter(last.tok.text));
                    list.retain(|(_, word, _)| {
                        let f = fold(word);
                        head.is_none_or(|c| f.starts_with(c)) && tail.is_none_or(|c| f.ends_with(c))
                    });
                }
                for (id, word, lp) in list {
                    choices.push(Choice {
                        ids: [id, 0],
                        n_ids: 1,
                        channel: self.opts.channel_weight * lp + cache.ctx.word_bonus(id),
                        index: choices.len() as u16,
                    });
                    texts.push(word);
                }
                if !choices.is_empty() {
                    arcs.push(decode::Arc { start: i as u32, len: len as u8, choices });
                    readings.push(Readings::Own(texts));
                }
            }
        }
        let lm = self.lm.lm();
        let p = self.opts.decode;
        let sentence_starts: Vec<u32> =
            (1..para.len()).filter(|&i| para[i - 1].ends_sentence).map(|i| i as u32).collect();
        let path = decode::best_path(lm, &arcs, para.len(), &[], &sentence_starts, &cache.ctx.pairs, p);
        let path_ids = decode::PathIds::new(lm, &arcs, &path, &[], &sentence_starts);
        if cache.record {
            // The pairs of words the first pass read, for the pair cache.
            let word = |id: u32| id > Vocab::NUM;
            for w in path_ids.ids().windows(2).filter(|w| word(w[0]) && word(w[1])) {
                *cache.memo.pairs.entry((w[0], w[1])).or_default() += 1;
            }
        }
        let mut posterior = decode::Posterior::default();
        for (step, &(ai, ci)) in path.iter().enumerate() {
            let arc = &arcs[ai];
            let first = &para[arc.start as usize];
            let last = &para[arc.start as usize + arc.len as usize - 1];
            let (start, end) = (first.line_start + first.tok.start, last.line_start + last.tok.end());
            let original = &text[start..end];
            if first.kind != TokenKind::Word && (first.kind != TokenKind::Number || arc.choices.len() == 1) {
                if first.kind == TokenKind::Code {
                    let number = first.code_next.and_then(|(sep, next)| self.misread_number(original, sep, Some(next)));
                    let named = self.type_code_before(&arcs, &path, step);
                    if let Some(fixed) = number.or_else(|| self.restore_code(original, first.code_first, named, cache))
                    {
                        self.emit(
                            text, start, end, original, fixed, 1.0, None, first.line, copied, out, changes, stats,
                        );
                    }
                }
                continue;
            }
            if let Some(m) = cache.markers.get(&start) {
                if m.letter != original {
                    let (letter, conf) = (m.letter.to_string(), m.confidence);
                    self.emit(text, start, end, original, letter, conf, None, first.line, copied, out, changes, stats);
                }
                continue;
            }
            if let Some(a) = cache.ctx.acronyms.get(original) {
                let a = a.clone();
                self.emit(text, start, end, original, a, 1.0, None, first.line, copied, out, changes, stats);
                continue;
            }
            let chosen = arc.choices[ci].index as usize;
            if cache.record && arc.choices[ci].n_ids == 1 {
                let id = arc.choices[ci].ids[0];
                let seen = cache.memo.seen.entry(original.to_lowercase()).or_default();
                match seen.iter_mut().find(|x| x.0 == id) {
                    Some(x) => x.1 += 1,
                    None => seen.push((id, 1)),
                }
            }
            if cache.record {
                // A first pass only records its readings: no confidences, no output.
                continue;
            }
            // OCR case noise: a capital the OCR gave the second syllable of a word ("triển Khai", "yêu CAu"), small
            // letters in a heading ("KlÉM TOÁN", "KINH PHi THỰC").
            let mid = !starts_sentence(text, para, arc.start as usize);
            let forced = if arc.len != 1 || cache.ctx.strip >= 0.5 {
                None
            } else if step > 0 && self.bound_capital(para, &arcs, &path, step, text) {
                Some(Case::Lower)
            } else if in_heading(para, arc.start as usize) || self.i_read_as_l(original) {
                Some(Case::Upper)
            } else if capital_inside(original)
                && !text[..start].ends_with(['-', '/'])
                && !text[end..].starts_with(['-', '/'])
            {
                Some(if mid { Case::Lower } else { Case::Title })
            } else if !original.contains(char::is_uppercase)
                && opens_sentence(text, para, arc.start as usize, cache)
                && (original.starts_with(|c: char| !c.is_alphabetic())
                    || dropped_first(original, readings[ai].get(chosen)))
            {
                // A digit or a symbol the OCR printed for a sentence's first letter ("2. 0uyết" → "Quyết"), or a
                // first letter it lost ("ieu 10." → "Điều 10."): a capital.
                Some(Case::Title)
            } else {
                None
            };
            if arc.len == 1 && chosen == 0 && forced.is_none() {
                continue;
            }
            let probs = posterior.compute(lm, &arcs, &path_ids, step, &cache.ctx.pairs, p);
            let conf = probs[ci];
            // The most probable other choice (the first of equals).
            let runner_up = (0..probs.len()).filter(|&k| k != ci).min_by(|&a, &b| probs[b].total_cmp(&probs[a]));
            // OCR noise: text typed without marks sets its capitals on purpose ("BIM", "MOOC").
            let lone = arc.len == 1 && cache.ctx.strip < 0.5 && lone_capitals(para, arc.start as usize);
            let runner = runner_up.map(|k| {
                let r = readings[ai].get(arc.choices[k].index as usize);
                let is_original = arc.choices[k].index == 0 && arc.len == 1 && forced.is_none();
                self.shape(original, r, is_original, mid, lone, forced)
            });
            let replacement = self.shape(original, readings[ai].get(chosen), false, mid, lone, forced);
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

    /// The LM id of an OCR word token kept as it is (lowercase), if it is a word of the vocabulary, and the
    /// channel's score of keeping it; cached per document.
    fn keep(&self, lower: &str, cache: &mut Caches) -> (Option<u32>, f32) {
        if let Some(&k) = cache.memo.keeps.get(lower).or_else(|| cache.ctx.memo.keeps.get(lower)) {
            return k;
        }
        let form = crate::lm::word_form(lower);
        // A misspelt syllable of the vocabulary ("đươc") is read as an unknown word.
        let id = self.lm.vocab().id(&form).filter(|_| !crate::syllable::is_misspelt(&form));
        // The channel is a mixture: with probability `exact` the token was transcribed exactly (clean text, or
        // an OCR engine that reads Vietnamese), otherwise it went through the learned OCR channel.
        let score = match id {
            Some(_) => {
                let lp = self.channel.mixed_prob(lower, &form, self.opts.exact, true).log10();
                self.opts.channel_weight * with_strip(lp, cache.ctx.strip, || fold(&form) == lower)
            }
            None => self.opts.unknown_keep,
        };
        cache.memo.keeps.insert(lower.to_string(), (id, score));
        (id, score)
    }

    /// Candidates of an OCR token (lowercase), cached per document.
    fn cands(&self, lower: &str, cache: &mut Caches) -> Cands {
        if let Some(c) = cache.memo.words.get(lower).or_else(|| cache.ctx.memo.words.get(lower)) {
            return c.clone();
        }
        let mut list = self.index.readings(lower, self.opts.candidates);
        for c in &mut list {
            c.channel_logp = with_strip(c.channel_logp, cache.ctx.strip, || fold(&c.text) == lower);
        }
        let list = Arc::new(list);
        cache.memo.words.insert(lower.to_string(), list.clone());
        list
    }

    /// The output spelling of a reading: the OCR token's case, the chosen tone style. A capital I the reading
    /// replaces by l ("Iy" → "lý") is the page's lowercase l (the same glyph in most fonts), so it says nothing
    /// of the page's case: in the middle of a sentence (`mid`) such a word is lowercase. A word in capitals
    /// among lowercase words (`lone`, see [`lone_capitals`]) whose reading only adds vowel marks is a Title-case
    /// word whose small letters the OCR took for capitals ("HO Chi Minh" → "Hồ", not "HỒ"); an acronym read as
    /// another word keeps its capitals. A `forced` case, from the OCR word's neighbours
    /// ([`Restorer::bound_capital`], [`in_heading`]), overrides the OCR's.
    fn shape(
        &self,
        original: &str,
        reading: &str,
        is_original: bool,
        mid: bool,
        lone: bool,
        forced: Option<Case>,
    ) -> String {
        if is_original {
            return original.to_string();
        }
        // The reading may be the OCR token itself, in its case.
        let reading = if forced.is_some() { &reading.to_lowercase() } else { reading };
        let case = match (forced, Case::of(original)) {
            (Some(forced), _) => forced,
            (None, case) => Self::ocr_case(original, reading, mid, lone, case),
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

    /// The case of a reading from its OCR token's case `case` (see [`Restorer::shape`]).
    fn ocr_case(original: &str, reading: &str, mid: bool, lone: bool, case: Case) -> Case {
        match case {
            // A capital the OCR misread as another letter ("Iy" → "lý", "Gng" → "ứng", "Jao" → "lao") says nothing
            // of the page's case (a small letter may print as a capital of another shape), unless it is this OCR's
            // Đ (D, P, B): in mid-sentence such a word is small.
            Case::Title | Case::Mixed if mid && first_misread(original, reading) => Case::Lower,
            // The OCR prints a capital Đ as a small b (never a small đ): "bai" → "Đại".
            Case::Lower if original.starts_with('b') && reading.starts_with('đ') => Case::Title,
            // A capital the OCR added before a small letter ("Dcung" → "cung", "Lddao" → "đạo"): the word's case is
            // the small letter's.
            Case::Title | Case::Mixed if mid && added_first(original, reading) => Case::Lower,
            // A small letter then capitals ("sS4", "cAc"): case noise; a sentence starts with a capital.
            Case::Mixed if original.starts_with(char::is_uppercase) || !mid => Case::Title,
            Case::Mixed => Case::Lower,
            Case::Upper
                if lone && reading.chars().any(|c| !c.is_ascii() && c != 'đ') && fold(reading) == fold(original) =>
            {
                Case::Title
            }
            c => c,
        }
    }

    /// Is `word` in capitals but for small l's the OCR printed for I ("GlAM" for "GIÁM", "HlEN" for "HIỆN")? At
    /// least two capitals, every small letter an l, and with each l an I spelled like a word, marks aside: a
    /// Vietnamese word never has a small letter among capitals, and l is the OCR's commonest I.
    fn i_read_as_l(&self, word: &str) -> bool {
        word.chars().filter(|c| c.is_uppercase()).nth(1).is_some()
            && word.contains('l')
            && word.chars().filter(|c| c.is_lowercase()).all(|c| c == 'l')
            && self.index.spells_a_word(&word.replace('l', "I"))
    }

    /// Is the word at `step` of the path a capital the OCR gave to the second syllable of a word? Its OCR token
    /// is Title case (or capitals after the first letter: "CAu") and starts with a letter whose capital differs
    /// from the small one only in size, the word before it on the path is a lowercase word in the same sentence,
    /// and the language model finds the pair bound ("triển khai", "yêu cầu": log10 P(w | prev) ≥ [`BOUND`]).
    fn bound_capital(
        &self,
        para: &[Slot],
        arcs: &[decode::Arc],
        path: &[(usize, usize)],
        step: usize,
        text: &str,
    ) -> bool {
        let (ai, ci) = path[step];
        let (pa, pc) = path[step - 1];
        let (arc, prev_arc) = (&arcs[ai], &arcs[pa]);
        let cur = &para[arc.start as usize];
        let prev = &para[prev_arc.start as usize + prev_arc.len as usize - 1];
        let t = cur.tok.text;
        if cur.kind != TokenKind::Word
            || prev.kind != TokenKind::Word
            || !matches!(Case::of(t), Case::Title | Case::Mixed)
            || !t.starts_with(char::is_uppercase)
            || t.chars().count() < 2
            || Case::of(prev.tok.text) != Case::Lower
            || starts_sentence(text, para, arc.start as usize)
        {
            return false;
        }
        let (choice, prev_choice) = (&arc.choices[ci], &prev_arc.choices[pc]);
        let prev_id = prev_choice.ids[prev_choice.n_ids as usize - 1];
        // Letters whose capital is the small letter made larger: the OCR confuses their case.
        if !fold(self.lm.vocab().word(choice.ids[0])).starts_with(['c', 'k', 'o', 's', 'u', 'v', 'w', 'x', 'z']) {
            return false;
        }
        self.lm.lm().log_prob(&[prev_id], choice.ids[0]) >= BOUND
    }

    /// The code of the document type that the words read just before a document code name ("Công điện số
    /// 95/CP-TTg" → "CĐ"): the last one to three words of the path before `step`, "số" aside.
    fn type_code_before(&self, arcs: &[decode::Arc], path: &[(usize, usize)], step: usize) -> Option<&'static str> {
        let vocab = self.lm.vocab();
        // The words before the code, the nearest first, up to a number or an unknown word.
        let mut words: Vec<&str> = path[..step]
            .iter()
            .rev()
            .flat_map(|&(a, c)| arcs[a].choices[c].lm_ids().iter().rev())
            .take_while(|&&id| id > Vocab::NUM)
            .take(4)
            .map(|&id| vocab.word(id))
            .collect();
        if words.first() == Some(&"số") {
            words.remove(0);
        }
        let g = crate::extract::gazetteer::Gazetteer::builtin();
        (1..=words.len().min(3)).rev().find_map(|n| {
            let name = fold(&words[..n].iter().rev().copied().collect::<Vec<_>>().join(" "));
            let hit = g.type_at(&name, 0).filter(|h| h.end == name.len())?;
            g.entries()[hit.entry].codes.first().map(String::as_str)
        })
    }

    /// Restores the letters of a document code's parts: "2289/QP-TTG" → "2289/QĐ-TTg". Digits are never
    /// touched. `first` says whether the code's first part is the one right after its number (the place of the
    /// document type: QĐ, NQ, KH ...); `named` is the type code the text names before it, if any. `None` when
    /// nothing changes.
    fn restore_code(&self, code: &str, mut first: bool, named: Option<&str>, cache: &mut Caches) -> Option<String> {
        let mut out = String::with_capacity(code.len() + 4);
        let mut changed = false;
        let pieces: Vec<(&str, &str)> = code
            .split_inclusive(['/', '-', '&'])
            .map(|piece| match piece.char_indices().last() {
                Some((i, '/' | '-' | '&')) => (&piece[..i], &piece[i..]),
                _ => (piece, ""),
            })
            .collect();
        for (k, &(part, sep)) in pieces.iter().enumerate() {
            let mut is_number = part.bytes().all(|b| b.is_ascii_digit());
            // A code's number holds digits the OCR may have read as letters, never a code part: "3D" of "3D/VR360"
            // is kept unless it reads as a number ("0D" right after a number's "/" is a part: "505/0D-UBND").
            let fixed = if is_number {
                None
            } else if let Some(n) =
                (k == 0).then(|| self.misread_number(part, sep, pieces.get(1).map(|p| p.0))).flatten()
            {
                is_number = true;
                Some(n)
            } else if k == 0 && !first && part.starts_with(|c: char| c.is_ascii_digit()) {
                None
            } else {
                self.code_part(part, first, named.filter(|_| first), cache)
            };
            match fixed {
                Some(f) => {
                    out.push_str(&f);
                    changed = true;
                }
                None => out.push_str(part),
            }
            first = is_number;
            out.push_str(sep);
        }
        changed.then_some(out)
    }

    /// The number a code's first part stands for when the OCR read some of its digits as the letters they look
    /// like ("S0/NQ-CP" for "50/NQ-CP", "SO/NQ-CP" too): every char is a digit or such a letter, and the part comes
    /// before a document type ("NQ", "QĐ") or holds a digit and comes before a number ("2O/2025/NĐ-CP"); "3D/VR360"
    /// and "2GB/hộp" stay. A document number comes before a `/`, or before a `-` when it holds a digit
    /// ("27l-KH/TU").
    fn misread_number(&self, part: &str, sep: &str, next: Option<&str>) -> Option<String> {
        let has_digit = part.bytes().any(|b| b.is_ascii_digit());
        if !(sep == "/" || sep == "-" && has_digit) || part.chars().count() > 6 {
            return None;
        }
        let digits: String = part.chars().map(digit_lookalike).collect::<Option<_>>()?;
        let before_type = next.is_some_and(|n| self.codes.is_type(n));
        let before_number = next.is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()));
        (before_type || has_digit && before_number).then_some(digits)
    }

    /// The most probable code part behind an OCR'd one: channel score plus a prior over the code lexicon,
    /// within one letter of its length. `None` when it is best left as it is.
    fn code_part(&self, part: &str, first: bool, named: Option<&str>, cache: &mut Caches) -> Option<String> {
        // A run of digits in a part is a number ("QH15", "19T06"): never rewritten. A lone digit among letters
        // may be an OCR letter ("0D" for "QĐ").
        if !part.chars().any(char::is_uppercase) || digit_run(part) {
            return None;
        }
        let key = (part.to_string(), first);
        if named.is_none()
            && let Some(hit) = cache.memo.codes.get(&key).or_else(|| cache.ctx.memo.codes.get(&key))
        {
            return hit.clone();
        }
        let lower = part.to_lowercase();
        let len = lower.chars().count();
        // The channel never saw a digit for a letter: read each digit also as the letters it looks like.
        let readings = letter_readings(&lower);
        // The part as printed stays a reading (a code part the corpora never had, such as "BCVT").
        let code_channel = &self.codes.channel;
        let keep_lp = code_channel.mixed_prob(&lower, &lower, self.opts.exact, true).log10();
        let keep = with_strip(keep_lp, cache.ctx.strip, || fold(&lower) == lower) + CODE_KEEP;
        let mut best = (keep, part);
        let score = |entry: &CodeEntry, prior: f32| {
            let channel = readings
                .iter()
                .map(|r| code_channel.mixed_prob(r, &entry.lower, self.opts.exact, entry.text == part))
                .fold(0.0, f32::max);
            with_strip(channel.log10(), cache.ctx.strip, || fold(&entry.lower) == lower) + prior
        };
        // The type the text names before the number ("Công điện số 95/CP-TTg"), with the bonus of a type again.
        if let Some(e) = named.and_then(|n| self.codes.get(n)).filter(|e| e.len.abs_diff(len) <= 1) {
            let s = score(e, e.prior_first + self.opts.code_type);
            if s > best.0 {
                best = (s, &e.text);
            }
        }
        // Highest prior first: a channel score is never positive, so once the prior cannot beat the best score
        // no later entry can.
        let order = if first { &self.codes.by_prior_first } else { &self.codes.by_prior };
        for &i in order {
            let entry = &self.codes.entries[i as usize];
            let prior = if first { entry.prior_first } else { entry.prior };
            if prior <= best.0 {
                break;
            }
            if entry.len.abs_diff(len) > 1 {
                continue;
            }
            let s = score(entry, prior);
            if s > best.0 {
                best = (s, &entry.text);
            }
        }
        let fixed = (best.1 != part).then(|| best.1.to_string());
        if named.is_none() {
            cache.memo.codes.insert(key, fixed.clone());
        }
        fixed
    }
}

/// Does `s` hold two digits in a row (a number, never an OCR reading of letters)?
fn digit_run(s: &str) -> bool {
    s.as_bytes().windows(2).any(|w| w[0].is_ascii_digit() && w[1].is_ascii_digit())
}

/// The digit a char of a document number stands for: itself, or the digit whose printed shape OCR engines read as
/// this letter (O and 0, l and 1, S and 5, B and 8 ...).
fn digit_lookalike(c: char) -> Option<char> {
    Some(match c {
        '0'..='9' => c,
        'O' | 'o' | 'Q' | 'D' => '0',
        'I' | 'l' | 'i' => '1',
        'Z' | 'z' => '2',
        'S' | 's' => '5',
        'G' | 'b' => '6',
        'B' => '8',
        'g' | 'q' => '9',
        _ => return None,
    })
}

/// The lowercase letters a digit looks like in print (the other side of [`digit_lookalike`]: "0" → o q d).
fn letter_lookalikes(d: char) -> impl Iterator<Item = char> {
    ('a'..='z').filter(move |&c| [c, c.to_ascii_uppercase()].iter().any(|&l| digit_lookalike(l) == Some(d)))
}

/// A lowercase code part as written, and with its digits read as the letters they look like ("0d" → "0d", "dd",
/// "od", "qd"), and its round letters o and q as each other (a Q whose tail the scan lost: "op" → "qp"); at most
/// the first two such chars are varied.
fn letter_readings(part: &str) -> Vec<String> {
    let mut out = vec![part.to_string()];
    for (i, c) in part.char_indices().filter(|(_, c)| c.is_ascii_digit() || matches!(c, 'o' | 'q')).take(2) {
        let looks: Vec<char> = match c {
            'o' => vec!['q'],
            'q' => vec!['o'],
            d => letter_lookalikes(d).collect(),
        };
        let mut more = Vec::new();
        for r in &out {
            for &l in &looks {
                let mut v = r.clone();
                v.replace_range(i..i + 1, l.encode_utf8(&mut [0; 4]));
                more.push(v);
            }
        }
        out.extend(more);
    }
    out
}

/// What document codes are made of: the code parts seen in training (with their counts) and the type and body
/// abbreviations of the gazetteer, each with a log prior (higher for the document types in the first place).
struct CodeLexicon {
    /// The channel with the floor [`RestoreOptions::code_sub_floor`].
    channel: ChannelModel,
    /// Sorted by text.
    entries: Vec<CodeEntry>,
    /// Indices of `entries` by `prior`, and by `prior_first`, highest first.
    by_prior: Vec<u32>,
    by_prior_first: Vec<u32>,
}

struct CodeEntry {
    text: String,
    is_type: bool,
    lower: String,
    len: usize,
    prior: f32,
    prior_first: f32,
}

impl CodeLexicon {
    fn new(lm: &LmModel, channel: &ChannelModel, opts: &RestoreOptions) -> CodeLexicon {
        let gaz = crate::extract::gazetteer::Gazetteer::builtin();
        let mut map: HashMap<String, (u64, bool, bool)> = HashMap::new();
        for (text, count) in lm.code_parts() {
            map.entry(text.clone()).or_default().0 += count;
        }
        for e in gaz.entries() {
            let is_type = e.kind == crate::extract::gazetteer::Kind::Type;
            for code in e.codes.iter().filter(|c| !c.is_empty()) {
                let m = map.entry(code.clone()).or_default();
                m.1 = true;
                m.2 |= is_type;
            }
        }
        let mut entries: Vec<CodeEntry> = map
            .into_iter()
            .map(|(text, (count, in_gazetteer, is_type))| {
                let prior =
                    opts.code_prior * ((count + 1) as f32).log10() + if in_gazetteer { opts.code_known } else { 0.0 };
                CodeEntry {
                    is_type,
                    lower: text.to_lowercase(),
                    len: text.chars().count(),
                    prior,
                    prior_first: prior + if is_type { opts.code_type } else { 0.0 },
                    text,
                }
            })
            .collect();
        entries.sort_by(|a, b| a.text.cmp(&b.text));
        let by = |prior: fn(&CodeEntry) -> f32| {
            let mut order: Vec<u32> = (0..entries.len() as u32).collect();
            order.sort_by(|&a, &b| prior(&entries[b as usize]).total_cmp(&prior(&entries[a as usize])));
            order
        };
        let (by_prior, by_prior_first) = (by(|e| e.prior), by(|e| e.prior_first));
        CodeLexicon { channel: channel.with_sub_floor(opts.code_sub_floor), entries, by_prior, by_prior_first }
    }

    /// The entry of `part`, as written.
    fn get(&self, part: &str) -> Option<&CodeEntry> {
        self.entries.binary_search_by(|e| e.text.as_str().cmp(part)).ok().map(|i| &self.entries[i])
    }

    /// Is `part` a code part or acronym of the corpora or the gazetteer, as written?
    fn contains(&self, part: &str) -> bool {
        self.entries.binary_search_by(|e| e.text.as_str().cmp(part)).is_ok()
    }

    /// Is `part` the abbreviation of a document type ("QĐ", "NQ", "KH")?
    fn is_type(&self, part: &str) -> bool {
        self.entries.binary_search_by(|e| e.text.as_str().cmp(part)).is_ok_and(|i| self.entries[i].is_type)
    }
}

/// Document-wide context of a restoration (see [`Restorer::context`]).
#[derive(Debug, Clone, Default)]
pub struct DocContext {
    /// How likely a token is to have lost its marks by plain stripping (text typed without them) rather than
    /// through the OCR channel.
    strip: f32,
    markers: Vec<crate::markers::Marker>,
    /// Byte offsets of the lines whose first word opens a sentence proper, ascending ([`sentence_lines`]).
    sentence_lines: Vec<usize>,
    /// Byte offsets of the lines that start a paragraph, ascending ([`paragraph_lines`]).
    paragraph_lines: Vec<usize>,
    /// Acronyms the document defines, as OCR'd → restored ("DCTV" → "ĐCTV").
    acronyms: HashMap<String, String>,
    /// A first pass's readings of each (lowercase) OCR token read three times or more: LM id and share.
    readings: HashMap<String, Vec<(u32, f32)>>,
    /// The document word cache: a first pass's readings by LM id, and their log10 bonus ([`Restorer::word_cache`]).
    words: HashMap<u32, f32>,
    /// The document pair cache: pairs of words a first pass read, and their log10 bonus ([`Restorer::pair_cache`]).
    pairs: decode::PairBonus,
    /// A first pass's candidates and code parts, which the second reads again.
    memo: Memo,
}

impl DocContext {
    /// The word cache's log10 bonus of a single-syllable reading: 0 for a word the first pass never read.
    fn word_bonus(&self, id: u32) -> f32 {
        self.words.get(&id).copied().unwrap_or(0.0)
    }
}

/// Candidates of one OCR token, their channel scores mixed with plain stripping ([`with_strip`]).
type Cands = Arc<Vec<Reading>>;

/// A first pass's single-syllable readings of each (lowercase) OCR token, or tokens read as one word: LM id and
/// count.
type Seen = HashMap<String, Vec<(u32, u32)>>;

/// What restoring one part of a document reads and memoizes: the document's context, what it memoized, the list
/// markers by byte offset in the part.
struct Caches<'c> {
    ctx: &'c DocContext,
    memo: Memo,
    markers: HashMap<usize, crate::markers::Marker>,
    /// This is a first pass: record every token's reading in `memo.seen`, emit nothing.
    record: bool,
    /// Where the part starts in the document.
    offset: usize,
}

/// What restoring memoizes: candidates and the reading as itself (by lowercase OCR token), restored code parts,
/// and in a first pass the readings of each token.
#[derive(Debug, Default, Clone)]
struct Memo {
    words: HashMap<String, Cands>,
    codes: HashMap<(String, bool), Option<String>>,
    seen: Seen,
    /// A first pass's pairs of adjacent words (LM ids), counted.
    pairs: HashMap<(u32, u32), u32>,
    /// Each OCR token's reading as itself ([`Restorer::keep`]).
    keeps: HashMap<String, (Option<u32>, f32)>,
}

/// Is word token `i` a part of a document code: shaped like one (starts with an uppercase letter, at most one
/// lowercase letter: "KH", "TU", "TTg", "QĐ") and glued to a `/`, or to a `-` whose other side is a number or
/// another such part? A capitalized syllable with marks other than đ's stroke ("THẺ/CẤP", "SẢN/THĂM") is a word
/// of a heading, printed with its marks: not a code part.
fn code_like(toks: &[Token], i: usize) -> bool {
    let shaped = |t: &Token| {
        t.kind == TokenKind::Word
            && t.text.starts_with(|c: char| c.is_uppercase() || c.is_ascii_digit())
            && t.text.chars().any(char::is_uppercase)
            && t.text.chars().count() >= 2
            && t.text.chars().filter(|c| c.is_lowercase()).count() <= 1
    };
    let marked_word = |t: &Token| {
        t.text.chars().any(|c| !c.is_ascii() && !matches!(c, 'Đ' | 'đ')) && crate::syllable::is_syllable(t.text)
    };
    if !shaped(&toks[i]) || marked_word(&toks[i]) {
        return false;
    }
    let before = i.checked_sub(1).map(|j| &toks[j]);
    let after = toks.get(i + 1);
    let glued = |sep: Option<&Token>, other: Option<&Token>| match sep.map(|t| t.text) {
        Some("/") => true,
        Some("-") => other.is_some_and(|o| o.kind == TokenKind::Number || shaped(o)),
        _ => false,
    };
    glued(before, i.checked_sub(2).map(|j| &toks[j])) || glued(after, toks.get(i + 2))
}

/// In two-pass restoration, the log10 bonus of a reading that got every first-pass occurrence of its OCR token
/// (in proportion to its share of them); only tokens read at least three times count. Leave-one-out seeds ALL
/// SER 1.936% → 1.884%, accentless admin 1.579% → 1.542%, at 1.8× the time (with the previous model, weight 0.3
/// gave 1.895% on the seeds and 0.6 gave 1.941%, no gain). Re-swept with the current model and channel:
/// leave-one-out seeds ALL SER 1.329% (0.3), 1.318% (0.45), 1.303% (0.5), 1.324% (0.6), 1.339% (0.8); 0.5 is
/// also better than 0.3 on every bench profile, on book OCR and on clean text (DESIGN.md, "Two passes").
pub const TWO_PASS_WEIGHT: f32 = 0.5;

/// The document word cache's λ: in two-pass restoration a syllable's probability is taken as
/// (1 − λ)·P_lm + λ·P_doc, P_doc its share of the first pass's readings, approximated per word as the log10 bonus
/// log10((1 − λ) + λ·P_doc/P_unigram) − log10(1 − λ). Leave-one-out seeds ALL SER 1.303% → 1.282% at 0.1
/// (0.05: 1.282%, 0.15: 1.298%, 0.2: 1.292%); the bonus is not capped: a cap did not help (DESIGN.md, "A
/// document word cache").
pub const WORD_CACHE_WEIGHT: f32 = 0.1;

/// The weight λ of the document pair cache ([`decode::PairBonus`]). Leave-one-out ALL SER 1.261% → 1.246%;
/// the bench's admin tail restored document by document: seeds profile 2.123% → 2.045%, tesseract 0.622% →
/// 0.576%, clean text 0.247% → 0.249%. 0.1 and 0.2 gain as much on the OCR profiles and lose more on clean text.
pub const PAIR_CACHE_WEIGHT: f32 = 0.05;
/// How many times a first pass must read a pair for the pair cache to hold it (2: leave-one-out 1.251%,
/// document by document seeds profile 2.045%, tesseract 0.567%, clean text 0.250%).
const PAIR_CACHE_MIN: u32 = 3;

/// A paragraph that ends a clause at the end of a line (`;`) this long ends there (by lines; blank lines don't
/// count), and one this long ends at a line end whatever it is.
const LONG_PARAGRAPH: usize = 32;
const MAX_PARAGRAPH: usize = 256;

/// Does a paragraph end after `line`, its `lines`-th non-blank line? After a blank line and after a line that
/// ends a sentence (`.`, `!`, `?`) or opens a list (`:`): the model learned from one paragraph a line, each
/// starting a context, and the OCR's line breaks do not show where its paragraphs start ("xem xét.", then "Noi
/// nhan:" had been read "Nội nhân:" after "xét"). So that text without such ends is not decoded as one lattice
/// of unbounded size, also after a `;` once the paragraph has [`LONG_PARAGRAPH`] lines, and after any line once
/// it has [`MAX_PARAGRAPH`]. The decoder's context runs across the lines of a paragraph, and large documents are
/// restored in chunks of whole paragraphs ([`crate::batch::paragraph_chunks`]).
pub(crate) fn ends_paragraph(line: &str, lines: usize) -> bool {
    let text = line.trim_end();
    text.is_empty()
        || text.ends_with(['.', '!', '?', ':'])
        || lines >= LONG_PARAGRAPH && text.ends_with(';')
        || lines >= MAX_PARAGRAPH
}

/// Most words the decoder takes as one paragraph (see [`piece_end`]).
const MAX_SLOTS: usize = 1024;

/// Where to cut a paragraph of more than [`MAX_SLOTS`] words: after the last sentence end (`.`, `!`, `?`) in
/// its second half of [`MAX_SLOTS`] words, or at [`MAX_SLOTS`] when there is none. Two words joined across the
/// cut are not read as one.
fn piece_end(text: &str, para: &mut [Slot]) -> usize {
    let cut = (MAX_SLOTS / 2..=MAX_SLOTS)
        .rev()
        .find(|&k| gap_before(text, para, k).contains(['.', '!', '?']))
        .unwrap_or(MAX_SLOTS);
    para[cut - 1].joins_next = false;
    para[cut - 1].glued_next = false;
    cut
}

/// How much of a text lost its marks by plain stripping, as [`DocContext`] holds it: a document typed or
/// converted without diacritics has none on any word, while OCR without a Vietnamese model keeps some on about a
/// fifth of the words (the seeds: 19–23%) and clean text on most (86–90%). Full share (0.999: an OCR letter error
/// stays possible) when no word of at least two letters has a mark, falling to 0 at 10% marked words; scaled
/// down for texts under 50 such words, where a lack of marks says less.
fn strip_share(toks: &[Token]) -> f32 {
    let (mut words, mut marked) = (0usize, 0usize);
    for t in toks {
        if t.kind == TokenKind::Word && t.text.chars().filter(|c| c.is_alphabetic()).nth(1).is_some() {
            words += 1;
            marked += usize::from(!t.text.is_ascii());
        }
    }
    if words == 0 {
        return 0.0;
    }
    let unmarked = (1.0 - marked as f32 / words as f32 / 0.1).clamp(0.0, 1.0);
    0.999 * unmarked * (words as f32 / 50.0).min(1.0)
}

/// A channel log10 probability with plain mark stripping mixed in at share `strip`:
/// `P = strip·[fold(reading) = token] + (1 − strip)·P_channel`, `stripped` telling whether `fold(reading) =
/// token` (asked only when `strip > 0`: OCR documents fold nothing).
fn with_strip(logp: f32, strip: f32, stripped: impl FnOnce() -> bool) -> f32 {
    if strip <= 0.0 {
        return logp;
    }
    let p = (1.0 - strip) * 10f32.powf(logp) + if stripped() { strip } else { 0.0 };
    p.max(1e-30).log10()
}

/// Can two space-separated OCR tokens spell one syllable? Not when their letters, marks folded away, hold two
/// separate runs of vowels ("cua cac"): a syllable has one nucleus. Only judged on plain letters (OCR digits and
/// symbols stand for letters of either kind, so such a pair is always asked about); `w` counts as a vowel (the OCR's
/// "ư").
fn one_vowel_run(joined: &str) -> bool {
    let folded = fold(joined);
    let letters = folded.chars().filter(|c| *c != ' ');
    if !letters.clone().all(|c| c.is_ascii_alphabetic()) {
        return true;
    }
    let mut runs = 0;
    let mut prev_vowel = false;
    for c in letters {
        let v = matches!(c, 'a' | 'e' | 'i' | 'o' | 'u' | 'y' | 'w');
        if v && !prev_vowel {
            runs += 1;
        }
        prev_vowel = v;
    }
    runs <= 1
}

/// Is token `i` a letter of a slash abbreviation: a one-letter word glued by a `/` to another, with nothing else
/// glued on ("V/v" về việc, "K/g" kính gửi, "Đ/c" đồng chí, "C/O")? Such a letter is read as a letter only
/// ("d" may be "đ"): "V/v" had become "V/về".
fn slash_abbreviation(toks: &[Token], i: usize) -> bool {
    let letter = |k: usize| {
        toks.get(k).is_some_and(|t| {
            let mut c = t.text.chars();
            t.kind == TokenKind::Word && c.next().is_some_and(char::is_alphabetic) && c.next().is_none()
        })
    };
    let slash = |k: usize| toks.get(k).is_some_and(|t| t.text == "/");
    // Nothing glued beyond the pair: the start or end of the line, a space, or punctuation other than `/`.
    let free = |k: Option<usize>| {
        k.and_then(|k| toks.get(k))
            .is_none_or(|t| matches!(t.kind, TokenKind::Space | TokenKind::Punct) && t.text != "/")
    };
    letter(i)
        && (slash(i + 1) && letter(i + 2) && free(i.checked_sub(1)) && free(Some(i + 3))
            || i >= 2 && slash(i - 1) && letter(i - 2) && free(i.checked_sub(3)) && free(Some(i + 1)))
}

/// Is token `i` a short word in capitals (one to four letters) with a dot, opening a line that goes on ("TL. CHỦ
/// TỊCH", "KT. GIÁM ĐỐC", "TUQ.", a section letter "A.")? Such a word is an abbreviation: "TL" (thừa lệnh) had
/// become "TỰ", "TUQ" "TUY".
fn dotted_abbreviation(toks: &[Token], i: usize) -> bool {
    let t = &toks[i];
    let letters = t.text.chars().count();
    t.kind == TokenKind::Word
        && (1..=4).contains(&letters)
        && t.text.chars().all(char::is_uppercase)
        && toks[..i].iter().all(|t| t.kind == TokenKind::Space)
        && toks.get(i + 1).is_some_and(|t| t.text == ".")
        && toks.get(i + 2).is_some_and(|t| t.kind == TokenKind::Space)
        && toks[i + 2..].iter().any(|t| t.kind == TokenKind::Word)
}

/// Is token `i` an acronym alone in brackets ("(DTI)", "(HPND)")?
fn bracketed_acronym(toks: &[Token], i: usize) -> bool {
    let t = &toks[i];
    t.kind == TokenKind::Word
        && t.text.chars().count() >= 2
        && t.text.chars().all(char::is_uppercase)
        && i >= 1
        && toks[i - 1].text == "("
        && toks.get(i + 1).is_some_and(|t| t.text == ")")
}

/// Does `reading` have the letters of the OCR token `ocr` (both lowercase), marks aside, with đ allowed where the
/// OCR has d, p or b (how this OCR prints Đ)?
fn same_letters(ocr: &str, reading: &str) -> bool {
    let (o, r) = (fold(ocr), reading.chars().collect::<Vec<char>>());
    o.chars().count() == r.len()
        && o.chars().zip(&r).all(|(a, &b)| fold_one(b) == a || b == 'đ' && matches!(a, 'd' | 'p' | 'b'))
}

/// Is `word` three capital ASCII letters or more without a vowel (A E I O U Y)? Outside a heading, such a token
/// the vocabulary does not know is an acronym ("CKS", "NGSP"), not a damaged syllable: see [`ACRONYM_KEEP`].
fn vowelless_capitals(word: &str) -> bool {
    word.len() >= 3 && word.bytes().all(|b| b.is_ascii_uppercase() && !b"AEIOUY".contains(&b))
}

/// Is `word` a Vietnamese syllable in small letters with a capital inside ("qUy", "hoC", "cAp")? That is OCR
/// case noise, written in small letters even where the letters stay. (Names made that way, "iGate", "eGov",
/// "IoT" read "loT", are not syllables; the caller leaves alone pieces of codes, "01-biN-NH".)
fn capital_inside(word: &str) -> bool {
    word.starts_with(char::is_lowercase)
        && word.chars().skip(1).any(char::is_uppercase)
        && crate::syllable::is_syllable(word)
}

/// Is the slot a word of two letters or more?
fn long_word(s: &Slot) -> bool {
    s.kind == TokenKind::Word && s.tok.text.chars().filter(|c| c.is_alphabetic()).count() >= 2
}

/// Is slot `i` a word in capitals of two or more letters whose neighbours on its line (at least one) are words of
/// two or more letters in small letters or Title case (not a heading word the OCR gave a small l for an I,
/// "KlÉM", nor a Roman numeral printed "Il")? Clean administrative text almost never sets a lone Vietnamese word in
/// capitals mid-line (acronyms aside, 2 in a million words of the admin corpus), but OCR often reads the small
/// letters of a word (o ô s u ư) as capitals.
fn lone_capitals(para: &[Slot], i: usize) -> bool {
    let cur = &para[i];
    if Case::of(cur.tok.text) != Case::Upper {
        return false;
    }
    let neighbours =
        [i.checked_sub(1), Some(i + 1)].map(|j| j.and_then(|j| para.get(j)).filter(|s| s.line == cur.line));
    neighbours.iter().any(Option::is_some)
        && neighbours.iter().flatten().all(|s| {
            let t = s.tok.text;
            long_word(s)
                && matches!(Case::of(t), Case::Lower | Case::Title)
                && !t.chars().all(|c| matches!(c, 'I' | 'l' | '1' | 'V' | 'X'))
        })
}

/// Is the reading's first letter another letter than the OCR token's (marks aside), and not an Đ?
fn first_misread(original: &str, reading: &str) -> bool {
    let (Some(o), Some(r)) = (fold(original).chars().next(), reading.chars().next()) else { return false };
    r != 'đ' && o.is_alphabetic() && fold_one(r) != o
}

/// Does the reading leave out the OCR token's first char, a capital before a small letter that the reading
/// starts with ("Dcung" read as "cung", "Lddao" as "đạo")? Not when the two are the same letter ("Vvé" for "về",
/// but as often "Ssở" for "Sở": with them it fixed one leave-one-out word and broke 14 of the seeds profile), nor
/// when the capital is how the OCR prints a reading's Đ ("Pdng" for "Đồng", a letter dropped after it).
fn added_first(original: &str, reading: &str) -> bool {
    let mut o = original.chars();
    let (Some(first), Some(second)) = (o.next(), o.next()) else { return false };
    if matches!(first, 'P' | 'B') && reading.starts_with(['đ', 'Đ']) {
        return false;
    }
    let (folded, r) = (fold(original), fold(reading).chars().next());
    let mut f = folded.chars();
    first.is_uppercase() && second.is_lowercase() && r.is_some() && f.next() != r && f.next() == r
}

/// Is slot `i` of the paragraph a word of a heading in capitals that the OCR printed with small letters ("KlÉM
/// TOÁN", "KINH PHi THỰC", "ĐỀ NGHỊ b6I THẺ")? Both words next to it on its line are in capitals and are syllables
/// ("TOÁN", "HIEN"), not acronyms ("UBND", "GIS") or Roman numerals, and one has three letters or more (two
/// capitals are often an acronym: "AI đưa AI" is clean text), or its line is one in capitals ([`heading_line`]).
/// A word in small letters only is left as it is ("AI vào KINH PHÍ").
fn in_heading(para: &[Slot], i: usize) -> bool {
    let cur = &para[i];
    // Digits the decoder may read as a word ("MỘT 86 ĐIỀU") take the heading's case too.
    let digits = cur.tok.text.bytes().all(|b| b.is_ascii_digit());
    if !digits && (cur.kind != TokenKind::Word || !matches!(Case::of(cur.tok.text), Case::Title | Case::Mixed)) {
        return false;
    }
    // The letter count of a heading word next to slot `i`.
    let heading_word = |j: Option<usize>| {
        j.and_then(|j| para.get(j))
            .filter(|s| {
                let t = s.tok.text;
                s.line == cur.line
                    && s.kind == TokenKind::Word
                    && Case::of(t) == Case::Upper
                    && !t.chars().all(|c| matches!(c, 'I' | 'V' | 'X'))
                    && crate::syllable::is_syllable(t)
            })
            .map_or(0, |s| s.tok.text.chars().count())
    };
    let (before, after) = (heading_word(i.checked_sub(1)), heading_word(Some(i + 1)));
    before.min(after) >= 2 && before.max(after) >= 3 || heading_line(para, i)
}

/// Is slot `i` on a line in capitals: of the other words of two letters or more on it, at least four and three
/// quarters in capitals, none in small letters only ("THỰC HlÉN CHRC NING", where the OCR damaged the words around
/// "HlÉN"; not "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM Độc lập - Tự do", two header columns on one line)?
fn heading_line(para: &[Slot], i: usize) -> bool {
    let line = para[i].line;
    let from = para[..i].iter().rposition(|s| s.line != line).map_or(0, |j| j + 1);
    let to = para[i..].iter().position(|s| s.line != line).map_or(para.len(), |j| i + j);
    let (mut upper, mut words) = (0, 0);
    for (j, s) in para[from..to].iter().enumerate() {
        if from + j != i && long_word(s) {
            match Case::of(s.tok.text) {
                Case::Lower => return false,
                Case::Upper => upper += 1,
                _ => {}
            }
            words += 1;
        }
    }
    upper >= 4 && upper * 4 >= words * 3
}

/// Does slot `i` of the paragraph start a sentence or a list item: the paragraph's first word, a word after
/// `. ! ? : ;`, after a line break and a bullet (`-`, `+`, `•`), after the `)` of a line's first token ("a)"), or
/// the first word of a line after a line in capitals ([`heading_line`]: "sS6: 45/KH-UBND" under the header's
/// names is "Số", not "số").
fn starts_sentence(text: &str, para: &[Slot], i: usize) -> bool {
    let Some(prev) = i.checked_sub(1).map(|j| &para[j]) else { return true };
    let cur = &para[i];
    let gap = gap_before(text, para, i);
    let list_marker = gap.starts_with(')') && (i < 2 || para[i - 2].line != prev.line);
    gap.contains(['.', '!', '?', ':', ';'])
        || gap.contains('\n') && gap.trim_start().starts_with(['-', '+', '•'])
        || list_marker
        || prev.line != cur.line && heading_line(para, i - 1)
}

/// Is slot `i` a bullet the OCR printed as a capital letter: a consonant or Y (no word by itself), alone at the
/// start of a paragraph's first line, before a capitalized word ("Y Quyết định số …", "S Giữa Ủy ban …" for the
/// page's ✓ or ➢)? It is kept as printed.
fn bullet_glyph(text: &str, para: &[Slot], i: usize, cache: &Caches) -> bool {
    let s = &para[i];
    let mut letters = s.tok.text.chars();
    let letter = letters.next().filter(|c| c.is_ascii_uppercase() && !"AEIOU".contains(*c));
    letter.is_some()
        && letters.next().is_none()
        && text[s.line_start..s.line_start + s.tok.start].trim().is_empty()
        && cache.ctx.paragraph_lines.binary_search(&(cache.offset + s.line_start)).is_ok()
        && text[s.line_start + s.tok.end()..].starts_with(' ')
        && para.get(i + 1).is_some_and(|n| n.line == s.line && n.tok.text.starts_with(char::is_uppercase))
}

/// Is `s` a Roman numeral from 2 (II) to 39 (XXXIX), in capitals and written the usual way ("IV", not "IIII")?
fn roman_numeral(s: &str) -> bool {
    const ONES: [&str; 10] = ["", "I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX"];
    (2..40).any(|n: usize| format!("{}{}", "X".repeat(n / 10), ONES[n % 10]) == s)
}

/// Does the reading start with a letter the OCR token lost, its second letter the token's first ("ieu" read as
/// "điều")?
fn dropped_first(original: &str, reading: &str) -> bool {
    let (o, r) = (fold(original), fold(reading));
    let mut rc = r.chars();
    let (Some(first), Some(second)) = (rc.next(), rc.next()) else { return false };
    o.chars().next().is_some_and(|c| c != first && c == second)
}

/// Does slot `i` open a sentence proper: after a full stop, "!" or "?" on its line, or first on its line (a
/// bullet, "-", "•", a quote mark, aside) where the document's text before it ends so ([`sentence_lines`])?
fn opens_sentence(text: &str, para: &[Slot], i: usize, cache: &Caches) -> bool {
    let (line_start, start) = (para[i].line_start, para[i].line_start + para[i].tok.start);
    let head = &text[line_start..start];
    if head.chars().all(|c| !c.is_alphanumeric()) {
        return cache.ctx.sentence_lines.binary_search(&(cache.offset + line_start)).is_ok();
    }
    ends_sentence_proper(head)
}

/// Does `text` end a sentence proper: a full stop, "!" or "?" at its end (white space aside), not after ":" or
/// ";", where lists go on in small letters, nor a row of dots (a form's blank)?
fn ends_sentence_proper(text: &str) -> bool {
    let t = text.trim_end();
    t.ends_with(['.', '!', '?']) && !t.ends_with("..") && !t.ends_with('…')
}

/// The byte offsets of the lines of `text` that start a paragraph: the first line, and each line after a blank one.
fn paragraph_lines(text: &str) -> Vec<usize> {
    marked_lines(text, |line, _| line.trim().is_empty())
}

/// The byte offsets of the lines of `text` whose first word opens a sentence proper: the first line, and each
/// line after one that ends a sentence proper ([`ends_sentence_proper`]), blank lines between aside. Read from
/// the whole document, so that a part of it restores alike.
fn sentence_lines(text: &str) -> Vec<usize> {
    marked_lines(text, |line, opens| if line.trim().is_empty() { opens } else { ends_sentence_proper(line) })
}

/// The byte offsets of the lines of `text` that a mark carried from line to line holds for: the first line's
/// holds, and `next(line, mark)` gives the next line's from a line and its own.
fn marked_lines(text: &str, next: impl Fn(&str, bool) -> bool) -> Vec<usize> {
    let mut out = Vec::new();
    let (mut pos, mut mark) = (0, true);
    for line in text.split_inclusive('\n') {
        if mark {
            out.push(pos);
        }
        mark = next(line, mark);
        pos += line.len();
    }
    out
}

/// The text between slot `i - 1` and slot `i` of the paragraph (`i ≥ 1`): spaces, punctuation, line breaks.
fn gap_before<'t>(text: &'t str, para: &[Slot], i: usize) -> &'t str {
    let (prev, cur) = (&para[i - 1], &para[i]);
    &text[prev.line_start + prev.tok.end()..cur.line_start + cur.tok.start]
}

/// Is word token `i` glued to the next word token by OCR noise: one or two symbols between a letter and a
/// lowercase letter, no space ("dc-ng" for "đồng", "l.:mh" for "lãnh", "Khu}ren" for "Khuyến"), or apostrophes
/// between capitals (the OCR's horn of Ư or Ơ: "THU'C" for "THỰC"; rare in clean text, in names such as
/// "H'MÔNG", which the decoder keeps)? Punctuation that does stand between words unspaced (`, ; / ( )`) is not
/// noise, and a hyphen before an uppercase letter ("Rịa-Vũng") or a digit is a real one.
fn glued_by_noise(toks: &[Token], i: usize) -> bool {
    let mut j = i + 1;
    let mut noise = 0;
    let mut apostrophes = true;
    while let Some(t) = toks.get(j).filter(|t| t.kind == TokenKind::Punct) {
        if t.text.chars().any(|c| c.is_whitespace() || matches!(c, ',' | ';' | '/' | '(' | ')')) {
            return false;
        }
        noise += t.text.chars().count();
        apostrophes &= t.text.chars().all(|c| matches!(c, '\'' | '’' | '‘' | '`'));
        j += 1;
    }
    let last = toks[i].text.chars().last();
    let next = toks.get(j).filter(|t| t.kind == TokenKind::Word).and_then(|t| t.text.chars().next());
    let glued = match (last, next) {
        (Some(a), Some(b)) => {
            a.is_alphabetic() && (b.is_lowercase() || apostrophes && a.is_uppercase() && b.is_uppercase())
        }
        _ => false,
    };
    (1..=2).contains(&noise) && glued
}

/// log10 prior of a code part kept as printed, against the lexicon's parts (whose priors are 0.5·log10 count, +1
/// when the gazetteer knows them): 0 kept OCR damage such as "BCP" for "BCĐ"; −2 and −3.5 were measured (leave-one-out
/// ALL SER 1.941% and 1.947%).
const CODE_KEEP: f32 = -2.0;

/// The channel score of keeping an unknown token of [`vowelless_capitals`] outside a heading, where no reading has
/// its letters (with some D, P or B read as Đ: a known acronym, "HBND" → "HĐND"): −1 instead of
/// [`RestoreOptions::unknown_keep`], so that the language model, not the penalty of an unknown word, decides
/// between the acronym and a syllable ("KHOA HQC" still becomes "HỌC"). In the corpus documents' OCR 83 of 87
/// such tokens are right as printed; "CKS" had become "CẤP" and "NGSP" "NGẬP". Leave-one-out ALL SER 1.542% →
/// 1.526%.
const ACRONYM_KEEP: f32 = -1.0;

/// The channel score of keeping as a number a number the OCR may have printed for a word
/// ([`crate::tokenize::number_may_be_word`]: "16" for "lộ", "14" for "là"), against the word's channel score.
/// It was 0 (exact): leave-one-out, 14 of 19 such words stayed numbers, and 138 numbers were right. −1.5: 10
/// stay numbers, the 138 still right, ALL SER 1.526% → 1.500% (−2: the same; −3: 1.469%, but clean numbers of
/// the admin tail become words, "6:" → "ở:", and the tesseract profile loses 0.004%). Re-swept with the word
/// cache: −2 reads "ty 18 hồ sơ" and "chỉ 50 chuyển đổi số" as words, leave-one-out 1.282% → 1.261%, bench seeds
/// 2.164% → 2.163%, tesseract 0.627% → 0.628%, clean admin tail, strip and book OCR unchanged; −3: 1.241%, but
/// the clean admin tail's "Phụ lục 1:" becomes "Phụ lục i:".
const NUMBER_KEEP: f32 = -2.0;

/// Default [`RestoreOptions::code_sub_floor`].
const CODE_SUB_FLOOR: f32 = -5.0;

/// log10 P(w | prev) from which a lowercase word and the next make one word, see [`Restorer::bound_capital`].
/// Leave-one-out ALL SER: −0.5 changes nothing, −1.0 1.723%, −1.2 and −1.5 1.708%, −2.0 1.796% ("cải Cách").
/// −1.5 lowercased five right capitals of the tesseract profile ("các Viện", "Giám đốc Công an"); −1.2 none.
const BOUND: f32 = -1.2;

/// log10 cost of each stray symbol dropped from a word the OCR broke with noise ("ta_r]g" read as "targ").
const STRAY_SYMBOL: f32 = -1.0;

/// A choice that is the only reading of a fixed token.
fn fixed(id: u32) -> Choice {
    Choice { ids: [id, 0], n_ids: 1, channel: 0.0, index: 0 }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_pair_of_tokens_is_one_syllable_only_with_one_vowel_run() {
        for (pair, one) in [
            ("quy ét", true),     // quyết
            ("ngh iêng", true),   // nghiêng
            ("th ủ", true),       // thủ
            ("tr ường", true),    // trường
            ("cua cac", false),   // của các
            ("thi twéng", false), // thì tướng (w: the OCR's ư)
            ("inte rnet", false), // two runs: only the vocabulary can tell (`spells_a_word`)
            ("s6 1an", true),     // OCR digits stand for letters of either kind: always asked
            ("ch& c", true),      // so do symbols
        ] {
            assert_eq!(one_vowel_run(pair), one, "{pair}");
        }
    }

    #[test]
    fn roman_numerals_as_written() {
        for n in ["II", "III", "IV", "V", "VI", "IX", "X", "XI", "XIII", "XIV", "XX", "XXXIX"] {
            assert!(roman_numeral(n), "{n}");
        }
        for n in ["I", "IIII", "VV", "IIV", "XL", "ii", "XIl", ""] {
            assert!(!roman_numeral(n), "{n}");
        }
    }

    #[test]
    fn paragraphs_start_after_blank_lines() {
        assert_eq!(paragraph_lines("a\nb\n\nc\n \r\nd"), [0, 5, 10]);
        assert_eq!(paragraph_lines(""), [] as [usize; 0]);
    }

    #[test]
    fn strip_share_from_the_marks_of_a_text() {
        let share = |text: &str| strip_share(&tokenize(text));
        let stripped = "Uy ban nhan dan tinh giao So Tai nguyen va Moi truong chu tri to chuc thuc hien. ".repeat(4);
        assert!((share(&stripped) - 0.999).abs() < 1e-6, "{}", share(&stripped));
        // OCR without a Vietnamese model keeps marks on a fifth of the words; clean text on most.
        let ocr = include_str!("../corpus/001_d6b316fd38878d12.ocr.txt");
        assert_eq!(share(ocr), 0.0);
        assert_eq!(share("Ủy ban nhân dân tỉnh giao Sở Tài nguyên và Môi trường chủ trì"), 0.0);
        // Short texts say less: 10 unmarked words of 50.
        assert!((share("Uy ban nhan dan tinh giao So Tai nguyen va") - 0.1998).abs() < 1e-4);
        // Half-way between no marks and 10% of the words marked.
        let some = format!("{}{}", "ban hanh ".repeat(95), "Chính phủ ".repeat(5));
        assert!((share(&some) - 0.4995).abs() < 1e-4, "{}", share(&some));
        assert_eq!(share(""), 0.0);
    }

    #[test]
    fn the_word_cache_favours_what_the_document_reads_more_than_the_language_expects() {
        let r = Restorer::from_default().unwrap();
        let vocab = r.lm.vocab();
        let id = |w: &str| vocab.id(w).unwrap();
        let (common, rare) = (id("của"), id("thủy"));
        // Read as often as each other: "thủy" is the rarer word, so the document says more about it.
        let mut seen = Seen::new();
        seen.insert("cua".into(), vec![(common, 10), (Vocab::UNK, 5)]);
        seen.insert("thuy".into(), vec![(rare, 6)]);
        seen.insert("thiiy".into(), vec![(rare, 4)]);
        let cache = r.word_cache(&seen);
        assert!(!cache.contains_key(&Vocab::UNK));
        assert_eq!(cache.len(), 2);
        assert!(cache[&rare] > cache[&common] && cache[&common] > 0.0, "{cache:?}");
        // The shares count every OCR token read as the word: "thủy" has 10 of 25 readings.
        let p_uni = 10f32.powf(r.lm.lm().log_prob(&[], rare));
        let l = WORD_CACHE_WEIGHT;
        let want = ((1.0 - l + l * 0.4 / p_uni) / (1.0 - l)).log10();
        assert!((cache[&rare] - want).abs() < 1e-5, "{} vs {want}", cache[&rare]);
        assert!(r.word_cache(&Seen::new()).is_empty());
    }

    #[test]
    fn digits_and_their_lookalike_letters() {
        assert_eq!(letter_readings("0d"), ["0d", "dd", "od", "qd"]);
        assert_eq!(letter_readings("kh"), ["kh"]);
        assert_eq!(letter_readings("op"), ["op", "qp"]);
        assert_eq!(letter_readings("n0q"), ["n0q", "ndq", "noq", "nqq", "n0o", "ndo", "noo", "nqo"]);
        assert_eq!(letter_readings("s5b").len(), 2);
        for (part, number) in [("S0", Some("50")), ("SO", Some("50")), ("2l", Some("21")), ("KH", None), ("", Some(""))]
        {
            assert_eq!(part.chars().map(digit_lookalike).collect::<Option<String>>().as_deref(), number, "{part}");
        }
    }
}
