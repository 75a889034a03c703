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
//! Each paragraph (a run of non-blank lines, or of lines around a blank one inside a sentence) is decoded as one
//! sequence, so the language model's context runs across OCR line breaks; line breaks, spacing, punctuation,
//! numbers, dates, URLs and the digits of document codes are copied through byte for byte. Only word tokens and
//! the letters of document codes can change, and the few numbers the OCR prints for words
//! ([`crate::tokenize::number_may_be_word`]: "ty 18" for "tỷ lệ"), which are read as words only where the
//! language model wants it.

use std::collections::HashMap;
use std::path::Path;
use std::sync::Arc;

use serde::Serialize;

use crate::candidates::{CandidateIndex, Reading};
use crate::channel::{ChannelModel, FxMap};
use crate::decode::{self, DecodeParams};
use crate::lexicon::Vocab;
use crate::model::LmModel;
use crate::syllable::{Case, ToneStyle, fold, fold_one, vowel_letter};
use crate::tokenize::{Token, TokenKind, tokenize};

mod case;
mod codes;
mod lattice;
mod layout;
mod names;

use self::case::{
    SAME_SHAPE, capital_inside, caseless_body_before_name, caseless_in_name_line, caseless_place_before_date,
    digits_before_capitals, dropped_first, in_heading, labels_number, lone_capitals, shows_first_letter,
    small_b_before_capitals, small_word_capital,
};
use self::codes::{CODE_SUB_FLOOR, CodeLexicon, code_like, misread_year};
use self::lattice::signs_only;
pub(crate) use self::layout::lines_ending_paragraphs;
use self::layout::{
    MAX_SLOTS, between_capitals, bracketed_acronym, dotted_abbreviation, gap_before, glued_by_noise, opens_sentence,
    paragraph_lines, piece_end, roman_numeral, sentence_lines, slash_abbreviation, split_l, starts_sentence,
};

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
    /// Hypotheses kept per position in the first of two passes, which only records each OCR token's readings and
    /// the document's change share: 8 gives the same leave-one-out output as the second pass's 20 and 8% fewer
    /// instructions (DESIGN.md "A narrower first pass").
    pub first_pass_beam: usize,
    /// With two passes, read the share of exactly transcribed words from how few the first pass changed
    /// ([`EXACT_CHANGES`]; the default); false: always [`RestoreOptions::exact`].
    pub exact_from_first_pass: bool,
    /// Read the letters the channel seldom finds printed right (đ, ê, â …) as likelier printed as themselves in a
    /// document that prints them at running text's share ([`IDENTITY_FLOOR`]), and charge a mark the OCR token
    /// lacks by how many the document drops ([`MARK_DROP_MIN`]); the default.
    pub adapt_letters: bool,
    /// A text larger than this is restored as paragraph chunks of at least this many bytes in parallel on the
    /// current rayon pool, in both passes, when the pool has more than one thread ([`crate::batch::map_chunks`];
    /// [`CHUNK_BYTES`] by default). The output does not depend on it.
    pub chunk_bytes: usize,
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
            first_pass_beam: 8,
            exact_from_first_pass: true,
            adapt_letters: true,
            chunk_bytes: CHUNK_BYTES,
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
    /// Posterior probability of the replacement, given the rest of the line (readings hopeless after their first
    /// word are not scored further: [`crate::decode::POSTERIOR_PRUNE`]).
    pub confidence: f32,
    /// The second-best reading, if any (among the readings scored in full when there are any).
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

impl std::ops::AddAssign for Stats {
    fn add_assign(&mut self, o: Stats) {
        self.words += o.words;
        self.changed += o.changed;
        self.flagged += o.flagged;
    }
}

/// The result of [`Restorer::restore`].
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
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
    letters: LetterStats,
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
        // The candidate index (most of the build) and the rest side by side, on the caller's rayon pool; the
        // built-in person names, which the first paragraph would parse, are parsed there too.
        let (index, (codes, letters)) = rayon::join(
            || {
                // Words only: the comma the model reads is no reading of an OCR word.
                let words = lm.vocab().iter().filter(|&(_, w, _)| w != crate::lm::COMMA);
                CandidateIndex::build(words, &channel)
                    .with_prior_weight(self.opts.prior_weight)
                    .with_cache_entries(self.opts.candidate_cache)
            },
            || {
                crate::names::Names::builtin();
                (CodeLexicon::new(&lm, &channel, &self.opts), LetterStats::new(&lm, &channel))
            },
        );
        Ok(Restorer { lm, channel, index, codes, opts: self.opts, letters })
    }
}

/// A word position of a paragraph.
struct Slot<'a> {
    tok: Token<'a>,
    /// What the restorer treats it as: a word token glued to a code's `/` or `-` ("KH/TU" after a line break
    /// cut "359-KH/TU") is a `Code`.
    kind: TokenKind,
    /// For a code part on its own: what it is glued to ("0D" of "505/0D-UBND" follows the code's number).
    code_after: codes::After,
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
    /// Written as an abbreviation: a letter of a slash abbreviation ("V/v", "K/g", "Đ/c"), a short word in
    /// capitals with a dot opening a line ("TL. CHỦ TỊCH", "KT.", "TUQ.", "A."), or an acronym alone in brackets
    /// ("(DTI)", "(HPND)"). Its letters stay: only its marks may change, and a D, P or B may be Đ ("PGD." →
    /// "PGĐ.", "(HPND)" → "(HĐND)", "P/c" → "Đ/c"); "(DTI)" had become "(DÙ)", "TL" "TỰ", "V/v" "V/về", and the
    /// comma-aware model read "K/g" as "K/a".
    abbreviation: bool,
    /// Whether a sentence ends right after it ([`crate::tokenize::ends_sentence`]).
    ends_sentence: bool,
}

/// The readings offered for one arc, parallel to its `Choice`s.
enum Readings<'a> {
    /// Texts of their own: a fixed token's one reading, or the readings of tokens read as one word.
    Own(Vec<String>),
    /// The OCR token itself, then the entries `pick` of its candidate list (not copied: a token has dozens), and
    /// the channel score of each before the second pass's bonuses ([`Readings::base_channel`]).
    Cands { original: &'a str, list: Cands, pick: Vec<u16>, base: Vec<f32> },
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

    /// The channel score of choice `k` (weighted, as its `Choice` has it) before the second pass's bonuses for
    /// what the document reads elsewhere; `None` for readings of their own.
    fn base_channel(&self, k: usize) -> Option<f32> {
        match self {
            Readings::Cands { base, .. } => base.get(k).copied(),
            Readings::Own(_) => None,
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

    /// Restores a whole text (any number of lines). A text larger than [`RestoreOptions::chunk_bytes`] is
    /// restored as paragraph chunks in parallel on the current rayon pool (if it has more than one thread), with
    /// the same result.
    pub fn restore(&self, text: &str) -> Restored {
        let context = self.context(text);
        let parts = crate::batch::map_chunks(text, self.chunk_bytes(), |chunk| {
            (chunk.start, chunk.line, self.restore_part(chunk.text, chunk.start, &context))
        });
        let mut whole = Restored { text: String::with_capacity(text.len() + text.len() / 4), ..Restored::default() };
        for (start, line, part) in parts {
            let out_start = whole.text.len();
            whole.text.push_str(&part.text);
            whole.changes.extend(part.changes.into_iter().map(|mut c| {
                c.line += line;
                c.input.start += start;
                c.input.end += start;
                c.output.start += out_start;
                c.output.end += out_start;
                c
            }));
            whole.stats += part.stats;
        }
        whole
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
            readings: FxMap::default(),
            words: FxMap::default(),
            near: FxMap::default(),
            near2: FxMap::default(),
            pairs: decode::PairBonus::default(),
            memo: Memo::default(),
            exact: self.opts.exact,
            change_cost: 0.0,
            attested: Vec::new(),
            attested_cost: 0.0,
            shapes_as_printed: false,
            identity: Vec::new(),
            mark_cost: 0.0,
            code_parts: Vec::new(),
            title: codes::title_type(text),
        };
        if self.opts.two_pass {
            // Paragraphs are decoded on their own, so the first pass too runs on paragraph chunks in parallel; their
            // memos, joined in text order, are the one a pass over the whole text gives.
            let memos = crate::batch::map_chunks(text, self.chunk_bytes(), |chunk| {
                self.restore_inner(chunk.text, chunk.start, &ctx, Pass::First).1
            });
            let mut memo = Memo::default();
            for m in memos {
                memo.absorb(m);
            }
            // Text typed without marks has no channel evidence for the pairs to carry from one place to another:
            // they would only repeat the first pass's guesses.
            let pairs = std::mem::take(&mut memo.pairs);
            if ctx.strip < 0.5 {
                ctx.pairs = self.pair_cache(&pairs);
            }
            // What reading a word as another costs at an exact share of `exact` over one of `than` (log10).
            let change_cost = |exact: f32, than: f32| self.opts.channel_weight * ((1.0 - exact) / (1.0 - than)).log10();
            // Text the first pass hardly changed was mostly transcribed exactly: a word read as another costs more.
            if self.opts.exact_from_first_pass {
                let f = self.first_pass_changes(&memo.seen);
                ctx.exact = f.map_or(self.opts.exact, |f| self.exact_share(f));
                ctx.shapes_as_printed = f.is_some_and(|f| f < AS_PRINTED_CHANGES);
                if ctx.exact != self.opts.exact {
                    ctx.change_cost = change_cost(ctx.exact, self.opts.exact);
                    // Each token's reading as itself again, with the document's share.
                    memo.keeps.clear();
                }
            }
            // Text printed mostly right prints its words on purpose: those it prints again and again, each the most
            // printed of its spelling, count as printed in the word cache, and reading them as another word costs
            // what an exact share of ATTESTED_EXACT makes it.
            if ctx.shapes_as_printed {
                ctx.attested = self.printed_words(&memo.seen);
                ctx.attested_cost = change_cost(ATTESTED_EXACT, ctx.exact).min(0.0);
            }
            ctx.words = self.word_cache(&memo, &ctx.attested);
            (ctx.near, ctx.near2) = self.near_index(&memo.seen);
            for (tok, counts) in std::mem::take(&mut memo.seen) {
                let total: u32 = counts.iter().map(|c| c.1).sum();
                if total >= 3 {
                    ctx.readings.insert(tok, counts.iter().map(|&(id, n)| (id, n as f32 / total as f32)).collect());
                }
            }
            // The code parts the first pass read, by the spellings it read them from: the second pass weighs them
            // against each part's first reading (`Restorer::code_part`).
            let mut parts: FxMap<String, Vec<String>> = FxMap::default();
            for ((ocr, _), (fixed, _)) in &memo.codes {
                if let Some(fixed) = fixed {
                    let spellings = parts.entry(fixed.clone()).or_default();
                    if !spellings.contains(ocr) {
                        spellings.push(ocr.clone());
                    }
                }
            }
            ctx.code_parts = parts.into_iter().collect();
            ctx.code_parts.sort_unstable();
            // The second pass reads the same candidates and, where the document adds nothing, code parts.
            ctx.memo = memo;
        }
        // Text that prints letters this OCR seldom printed right: those letters are likelier printed as
        // themselves, and its marks likelier kept (DESIGN.md "Letters and marks a document prints"), whatever
        // exact share the first pass found (clean text too: "Canh" read "Cảnh" in a text that prints its marks).
        if self.opts.adapt_letters {
            (ctx.identity, ctx.mark_cost) = self.own_letters(text);
            if !ctx.identity.is_empty() {
                ctx.memo.keeps.clear();
                ctx.memo.words.clear();
            }
        }
        ctx
    }

    /// The letters `text` prints, in one pass over it:
    /// - for each letter the channel seldom finds printed as itself ([`WEAK_IDENTITY`]), the log10 bonus of reading
    ///   it as itself: where the text holds it at a share r of what running text does (r ≥ [`IDENTITY_MIN_SHARE`],
    ///   the letter expected at least five times), P(c | c) is taken as at least [`IDENTITY_FLOOR`]·min(r, 1). The
    ///   OCR the channel learned from never prints "đ" (log10 P(đ | đ) = −3.4); text that holds its đ's was printed
    ///   by another;
    /// - what restoring a mark the OCR token lacks costs, on top of the channel's score (log10, ≤ 0): the channel
    ///   learned an OCR that drops most marks ([`LetterStats::dropped`]); a text whose vowels carry marks at a share
    ///   m of running text's drops at most 1 − m of them (at least [`MARK_DROP_MIN`]).
    fn own_letters(&self, text: &str) -> (Vec<(char, f32)>, f32) {
        let (mut letters, mut vowels, mut marked) = (0usize, 0usize, 0usize);
        let mut counts = vec![0usize; self.letters.weak.len()];
        for ch in text.chars().filter(|c| c.is_alphabetic()).flat_map(char::to_lowercase) {
            letters += 1;
            vowels += usize::from(vowel_letter(ch));
            marked += usize::from(marked_vowel(ch));
            if let Some(i) = (!ch.is_ascii()).then(|| self.letters.weak.iter().position(|x| x.0 == ch)).flatten() {
                counts[i] += 1;
            }
        }
        let mut identity = Vec::new();
        for (&(c, lp, share), n) in self.letters.weak.iter().zip(counts) {
            let expected = share * letters as f32;
            if expected < 5.0 {
                continue;
            }
            let r = (n as f32 / expected).min(1.0);
            let adapted = (IDENTITY_FLOOR * r).log10();
            if r >= IDENTITY_MIN_SHARE && adapted > lp {
                identity.push((c, adapted - lp));
            }
        }
        let m = (marked as f32 / vowels.max(1) as f32 / self.letters.marked).min(1.0);
        let mark_cost = ((1.0 - m).max(MARK_DROP_MIN) / self.letters.dropped).log10().min(0.0);
        (identity, mark_cost)
    }

    /// The share of a document's words transcribed exactly (the channel's mixture weight), from the share `f` of
    /// them a first pass read as another word ([`Restorer::first_pass_changes`]): under [`EXACT_CHANGES`] it makes
    /// it `1 − (f / EXACT_CHANGES)²`, at most [`EXACT_MAX`]; otherwise the default [`RestoreOptions::exact`]. Clean
    /// text, and OCR that reads Vietnamese, needs few changes; the learned OCR channel, fitted to an engine that
    /// mangles four words in five, would make many.
    fn exact_share(&self, f: f32) -> f32 {
        let r = f / EXACT_CHANGES;
        (1.0 - r * r).clamp(self.opts.exact, EXACT_MAX.max(self.opts.exact))
    }

    /// The share of a document's words (numbers aside) that a first pass read as other words; `None` under
    /// [`EXACT_MIN_WORDS`] words.
    fn first_pass_changes(&self, seen: &Seen) -> Option<f32> {
        let (mut words, mut changed) = (0u32, 0u32);
        for (tok, readings) in seen {
            let own = self.vocab_word(&crate::lm::word_form(tok)).unwrap_or(Vocab::UNK);
            for &(id, n) in readings.iter().filter(|r| r.0 != Vocab::NUM) {
                words += n;
                changed += if id == own { 0 } else { n };
            }
        }
        (words >= EXACT_MIN_WORDS).then(|| changed as f32 / words as f32)
    }

    /// The vocabulary word a token (in [`crate::lm::word_form`]) spells; a misspelt syllable of the vocabulary
    /// ("đươc") is read as an unknown word.
    fn vocab_word(&self, form: &str) -> Option<u32> {
        self.lm.vocab().id(form).filter(|_| !crate::syllable::is_misspelt(form))
    }

    /// The document word cache: each syllable a first pass read, and the log10 bonus its share of the
    /// document's readings earns it over its unigram probability ([`WORD_CACHE_WEIGHT`]). A reading of a token
    /// printed with its marks as the word, which the channel reads as no other word ([`printed_as`]), counts
    /// [`PRINTED_WEIGHT`] times. A token that prints one of `own_words` (ascending LM ids; in a text printed mostly
    /// right, the words it attests: [`Restorer::printed_words`]) counts as that word, whatever the first pass read it
    /// as: such text
    /// prints its rare words on purpose ("Gin" five times had become "Gìn", the word cache backing the first pass).
    fn word_cache(&self, memo: &Memo, own_words: &[u32]) -> FxMap<u32, f32> {
        let mut counts: FxMap<u32, u32> = FxMap::default();
        for (tok, readings) in &memo.seen {
            let own = (!tok.is_ascii() || !own_words.is_empty())
                .then(|| self.vocab_word(&crate::lm::word_form(tok)))
                .flatten();
            let printed =
                own.filter(|&id| !tok.is_ascii() && printed_as(memo.words.get(tok).map_or(&[], |c| c.as_slice()), id));
            let attested = own.filter(|id| own_words.binary_search(id).is_ok());
            for &(id, n) in readings {
                let id = attested.unwrap_or(id);
                *counts.entry(id).or_default() += if Some(id) == printed { PRINTED_WEIGHT * n } else { n };
            }
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

    /// The vocabulary words a first pass met printed at least [`PRINTED_MIN_TIMES`] times, each at least as often
    /// as any other word of its folded spelling ("trăn" twelve times, "trần" never; not "hính" four times against
    /// "hình" ninety-five): their LM ids, ascending.
    fn printed_words(&self, seen: &Seen) -> Vec<u32> {
        let mut printed: FxMap<u32, u32> = FxMap::default();
        for (tok, readings) in seen {
            if let Some(id) = self.vocab_word(&crate::lm::word_form(tok)) {
                *printed.entry(id).or_default() += readings.iter().map(|r| r.1).sum::<u32>();
            }
        }
        let vocab = self.lm.vocab();
        let mut most: FxMap<String, u32> = FxMap::default();
        for (&id, &n) in &printed {
            let m = most.entry(fold(vocab.word(id))).or_default();
            *m = (*m).max(n);
        }
        let mut ids: Vec<u32> = printed
            .into_iter()
            .filter(|&(id, n)| n >= PRINTED_MIN_TIMES && n >= most[&fold(vocab.word(id))])
            .map(|(id, _)| id)
            .collect();
        ids.sort_unstable();
        ids
    }

    /// The words a first pass read (of [`NEAR_MIN_CHARS`] letters or more), by their folded spelling and by each
    /// spelling with one letter dropped: a symmetric-delete index, in which a token's folded spelling and its own
    /// one-letter deletions find every such word one edit away. Second, those read [`NEAR2_MIN_READS`] times or
    /// more by their keys two drops deep ([`deletion_keys`]): the words two edits away.
    fn near_index(&self, seen: &Seen) -> (FxMap<u64, Vec<u32>>, FxMap<u64, Vec<u32>>) {
        let mut reads: FxMap<u32, u32> = FxMap::default();
        for &(id, n) in seen.values().flatten().filter(|&&(id, _)| id > Vocab::NUM) {
            *reads.entry(id).or_default() += n;
        }
        let mut ids: Vec<(u32, u32)> = reads.into_iter().collect();
        ids.sort_unstable();
        let mut near: FxMap<u64, Vec<u32>> = FxMap::default();
        let mut near2: FxMap<u64, Vec<u32>> = FxMap::default();
        let vocab = self.lm.vocab();
        for (id, n) in ids {
            let f = fold(vocab.word(id));
            if f.chars().count() < NEAR_MIN_CHARS || !f.chars().all(char::is_alphabetic) {
                continue;
            }
            for key in deletion_keys(&f, 1) {
                near.entry(key).or_default().push(id);
            }
            if n >= NEAR2_MIN_READS {
                for key in deletion_keys(&f, 2) {
                    near2.entry(key).or_default().push(id);
                }
            }
        }
        (near, near2)
    }

    /// The document pair cache: each pair of words a first pass read at least [`PAIR_CACHE_MIN`] times, with its
    /// share of the pairs that start with the same word (its own occurrence, which the second pass decides
    /// again, not counted), mixed into the language model at [`PAIR_CACHE_WEIGHT`] ([`decode::PairBonus`]).
    fn pair_cache(&self, pairs: &FxMap<(u32, u32), u32>) -> decode::PairBonus {
        let mut firsts: FxMap<u32, u32> = FxMap::default();
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
    /// capital I the OCR printed as a small l or a 1 ("loT", "Al", "Vl", "X1"); and the document's own office codes,
    /// as printed ("NVY" of "1875/SYT-NVY").
    /// `toks` are the document's tokens without white space.
    fn acronyms(&self, toks: &[Token]) -> FxMap<String, String> {
        let vocab = self.lm.vocab();
        let count = |w: &str| vocab.id(&crate::lm::word_form(w)).map_or(0, |id| vocab.count(id));
        let mut out = FxMap::default();
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
        // "IS"); not where the capitals spell a Vietnamese word, marks aside ("DlEM" is "ĐIỂM" in a heading,
        // though the corpora print "DIEM" somewhere).
        for t in
            toks.iter().filter(|t| t.kind == TokenKind::Word && t.text.contains('l') && t.text.chars().nth(2).is_some())
        {
            if Case::of(t.text) == Case::Mixed && !out.contains_key(t.text) {
                let fixed = t.text.replace('l', "I");
                let word = || {
                    let (lower, folded) = (fixed.to_lowercase(), fold(&fixed));
                    Case::of(&fixed) == Case::Upper
                        && (self.index.readings(&lower, 8).iter())
                            .any(|r| fold(&r.text) == folded && crate::syllable::is_syllable(&r.text))
                };
                if self.codes.contains(&fixed) && !word() {
                    out.insert(t.text.to_string(), fixed);
                }
            }
        }
        // An office's code the document prints in its codes ("1875/SYT-NVY") and again alone ("Lưu: VT, NVY."):
        // written as in the code, not read as the word it is near ("NAY"). Only a part of three capitals or more
        // with a vowel that spells no syllable (vowelless capitals are kept anyway, a syllable may be a word) and
        // that the vocabulary lacks (the language model reads "UBND" as itself).
        for t in toks.iter().filter(|t| t.kind == TokenKind::Code) {
            for part in t.text.split(['/', '-', '&']) {
                let office = part.len() >= 3
                    && part.bytes().all(|b| b.is_ascii_uppercase())
                    && part.contains(['A', 'E', 'I', 'O', 'U', 'Y'])
                    && !crate::syllable::is_syllable(&part.to_lowercase())
                    && count(part) == 0;
                if office && !out.contains_key(part) {
                    out.insert(part.to_string(), part.to_string());
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
    /// paragraph chunks ([`Restorer::restore`]).
    pub fn restore_part(&self, text: &str, offset: usize, context: &DocContext) -> Restored {
        self.restore_inner(text, offset, context, Pass::Full).0
    }

    /// The restored text alone: the text of [`Restorer::restore`], without the confidence and runner-up of each
    /// change, which cost about a fifth of the instructions (the posterior of every changed token), unless
    /// [`RestoreOptions::min_confidence`] needs them to decide what to apply.
    ///
    /// ```
    /// let restorer = vnocr::restore::Restorer::from_default()?;
    /// let ocr = "Quyét dinh s6 2289/QP-TTg";
    /// assert_eq!(restorer.restore_text(ocr), restorer.restore(ocr).text);
    /// # Ok::<(), vnocr::Error>(())
    /// ```
    pub fn restore_text(&self, text: &str) -> String {
        let pass = if self.opts.min_confidence > 0.0 { Pass::Full } else { Pass::Text };
        let context = self.context(text);
        crate::batch::map_chunks(text, self.chunk_bytes(), |chunk| {
            self.restore_inner(chunk.text, chunk.start, &context, pass).0.text
        })
        .concat()
    }

    /// The size of the paragraph chunks a text is restored in ([`RestoreOptions::chunk_bytes`]) on the current
    /// rayon pool; on one thread the whole text is one chunk (each chunk looks up again the tokens an earlier one
    /// met: 1.3% more instructions for a 528 KB text in 9 chunks).
    fn chunk_bytes(&self) -> usize {
        if rayon::current_num_threads() > 1 { self.opts.chunk_bytes } else { usize::MAX }
    }

    /// [`Restorer::restore_part`] in one of the [`Pass`] modes. Returns what it memoized too.
    fn restore_inner(&self, text: &str, offset: usize, context: &DocContext, pass: Pass) -> (Restored, Memo) {
        let markers = context
            .markers
            .iter()
            .filter(|m| m.start >= offset && m.end <= offset + text.len())
            .map(|m| {
                let mut m = m.clone();
                // In text printed mostly right a marker keeps a letter as printed, but for a D's stroke: the
                // document may skip one ("đ) … g)", "h) … l)").
                let printed = &text[m.start - offset..m.end - offset];
                if context.shapes_as_printed
                    && let Some(&letter) = crate::markers::LIST_LETTERS.iter().find(|l| **l == printed)
                    && fold(letter) != fold(m.letter)
                {
                    (m.letter, m.confidence) = (letter, 1.0);
                }
                (m.start - offset, m)
            })
            .collect();
        let mut cache = Caches { ctx: context, memo: Memo::default(), markers, pass, offset };
        let mut w = Writer::new(text, self.opts.min_confidence);
        let mut para: Vec<Slot> = Vec::new();
        let mut offset = 0;
        for (n, (line, ends)) in lines_ending_paragraphs(text).enumerate() {
            if !line.trim().is_empty() {
                self.slots(line, offset, n + 1, &mut para);
            }
            // A paragraph of one huge line (up to the reader's line limit) is decoded in pieces, at sentence ends
            // where it has them, so that the lattice stays small.
            while para.len() > MAX_SLOTS {
                let cut = piece_end(text, &mut para);
                let rest = para.split_off(cut);
                self.paragraph(&mut para, &mut w, &mut cache);
                para = rest;
            }
            if ends {
                self.paragraph(&mut para, &mut w, &mut cache);
            }
            offset += line.len();
        }
        self.paragraph(&mut para, &mut w, &mut cache);
        (w.finish(), cache.memo)
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
            let abbreviation =
                slash_abbreviation(&toks, i) || dotted_abbreviation(&toks, i) || bracketed_acronym(&toks, i);
            let glued_next = t.kind == TokenKind::Word && glued_by_noise(&toks, i);
            let joins_next = glued_next
                || t.kind == TokenKind::Word
                    && !abbreviation
                    && toks.get(i + 1).is_some_and(|s| s.text == " ")
                    && toks.get(i + 2).is_some_and(|w| w.kind == TokenKind::Word)
                    && !slash_abbreviation(&toks, i + 2)
                || split_l(&toks, i);
            // A year after "năm" with a digit read as a letter ("năm 202S") is read as a code's year is.
            let year = t.kind == TokenKind::Word
                && misread_year(t.text).is_some()
                && i >= 2
                && toks[i - 1].text == " "
                && fold(toks[i - 2].text) == "nam";
            let kind =
                if t.kind == TokenKind::Word && (year || code_like(&toks, i)) { TokenKind::Code } else { t.kind };
            let glued_to = |k: TokenKind| i >= 2 && matches!(toks[i - 1].text, "/" | "-") && toks[i - 2].kind == k;
            let code_after = if kind != TokenKind::Code || t.kind != TokenKind::Word {
                codes::After::Other
            } else if year || glued_to(TokenKind::Number) || codes::blank_number(&toks, i) {
                codes::After::Number
            } else if glued_to(TokenKind::Code) {
                codes::After::Code
            } else {
                codes::After::Other
            };
            let code_next = (kind == TokenKind::Code
                && t.kind == TokenKind::Word
                && (i == 0 || !matches!(toks[i - 1].text, "/" | "-")))
            .then(|| {
                // The next part: a word, or the number that opens a code or a number ("2O/2025/NĐ-CP").
                let next = toks
                    .get(i + 2)
                    .filter(|n| matches!(n.kind, TokenKind::Word | TokenKind::Code | TokenKind::Number))?;
                Some((toks.get(i + 1)?.text, next.text.split(['/', '-']).next().unwrap_or(next.text)))
            })
            .flatten();
            para.push(Slot {
                tok: *t,
                kind,
                code_after,
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

    /// Decodes one paragraph and writes it (and what precedes it) to `w`.
    fn paragraph(&self, para: &mut Vec<Slot>, w: &mut Writer, cache: &mut Caches) {
        if para.is_empty() {
            return;
        }
        let text = w.text;
        let (arcs, readings) = self.lattice(text, para, &mut w.stats, cache);
        let lm = self.lm.lm();
        let mut p = self.opts.decode;
        if cache.pass == Pass::First {
            p.beam = self.opts.first_pass_beam;
        }
        // Where a sentence ends inside the paragraph, and the commas between words, which the model reads too.
        let comma = self.lm.vocab().id(crate::lm::COMMA);
        let marks: Vec<(u32, u32)> = (1..para.len())
            .filter_map(|i| {
                let mark = if para[i - 1].ends_sentence {
                    Some(Vocab::BOS)
                } else {
                    comma.filter(|_| gap_before(text, para, i).contains(crate::lm::COMMA))
                };
                mark.map(|id| (i as u32, id))
            })
            .collect();
        let mut path = decode::best_path(lm, &arcs, para.len(), &[], &marks, &cache.ctx.pairs, p);
        // The beam's search errors mended where the output is made (the first pass's readings are counts only).
        if cache.pass != Pass::First {
            path = decode::improve(lm, &arcs, path, &[], &marks, &cache.ctx.pairs, p);
        }
        self.read_names(text, para, &arcs, &readings, &mut path);
        let path_ids = decode::PathIds::new(lm, &arcs, path, &[], &marks);
        let path = path_ids.path();
        if cache.pass == Pass::First {
            // The pairs of words the first pass read, for the pair cache.
            let word = |id: u32| id > Vocab::NUM && Some(id) != comma;
            for w in path_ids.ids().windows(2).filter(|w| word(w[0]) && word(w[1])) {
                *cache.memo.pairs.entry((w[0], w[1])).or_default() += 1;
            }
        }
        let mut posterior = decode::Posterior::default();
        for (step, &(ai, ci)) in path.iter().enumerate() {
            let arc = &arcs[ai];
            let first = &para[arc.start as usize];
            let last = &para[arc.start as usize + arc.len as usize - 1];
            let (mut start, mut end) = (first.line_start + first.tok.start, last.line_start + last.tok.end());
            if arc.len == 2 {
                let reading = readings[ai].get(arc.choices[ci].index as usize);
                if let Some((s, e)) = sign_kept(first, last, reading) {
                    (start, end) = (s, e);
                }
            }
            let original = &text[start..end];
            if let Some(m) = cache.markers.get(&start) {
                if m.letter != original {
                    let (letter, conf) = (m.letter.to_string(), m.confidence);
                    w.emit(start, end, letter, conf, None, first.line);
                }
                continue;
            }
            if arc.len == 1
                && first.kind != TokenKind::Word
                && (first.kind != TokenKind::Number || arc.choices.len() == 1)
            {
                if first.kind == TokenKind::Code {
                    let number = first
                        .code_next
                        .and_then(|(sep, next)| self.misread_number(original, sep, Some(next)))
                        .or_else(|| codes::misread_date(original, &text[end..]));
                    // The type a word before the code names, or for the number after the header's "Số" label, the
                    // title's below it ("Số: 15/2025/N0-HĐND … NGHỊ QUYẾT": "NQ", not "NĐ").
                    let named = self.type_code_before(&arcs, path, step).or_else(|| {
                        // (Past a handwritten number's junk: "Số: £ /KH-UBND".)
                        let words = self.words_before(&arcs, path, step);
                        let label = words.into_iter().find(|w| w.starts_with(char::is_alphabetic)) == Some("số");
                        let title = cache.ctx.title.filter(|&(at, _)| label && cache.offset + start < at);
                        self.title_names(original, title.map(|t| t.1))
                    });
                    if let Some(fixed) = number.or_else(|| {
                        let bodies = self.bodies_named(&arcs, path, step);
                        self.restore_code(original, first.code_after, named, &bodies, cache)
                    }) {
                        w.emit(start, end, fixed, 1.0, None, first.line);
                    }
                }
                continue;
            }
            if let Some(a) = cache.ctx.acronym(original) {
                if a != original {
                    let a = a.to_string();
                    w.emit(start, end, a, 1.0, None, first.line);
                }
                continue;
            }
            // A reading of its own that is not the OCR text: a date's day or month read back from letters that
            // look like its digits ([`codes::misread_date_part`]).
            if let Readings::Own(own) = &readings[ai]
                && arc.len == 1
                && own[0] != original
            {
                w.emit(start, end, own[0].clone(), 1.0, None, first.line);
                continue;
            }
            let chosen = arc.choices[ci].index as usize;
            if cache.pass == Pass::First {
                // A first pass only records its readings: no confidences, no output.
                if arc.choices[ci].n_ids == 1 {
                    let id = arc.choices[ci].ids[0];
                    count_reading(cache.memo.seen.entry(original.to_lowercase()).or_default(), id, 1);
                    if arc.len == 1
                        && shows_first_letter(original, readings[ai].get(chosen))
                        && !starts_sentence(text, para, arc.start as usize)
                        && let Some(keys) = case_keys(&arcs, path, step)
                    {
                        cache.memo.count_case(keys, original);
                    }
                }
                continue;
            }
            // OCR case noise: a capital the OCR gave the second syllable of a word ("triển Khai", "yêu CAu"), small
            // letters in a heading ("KlÉM TOÁN", "KINH PHi THỰC").
            let mid = !starts_sentence(text, para, arc.start as usize);
            // A token whose one reading is itself as printed (a unit, a model or a code in text printed mostly
            // right: "C1", "F-105F") keeps its case ("cúp C1" had become "cúp c1", "105F" "105f").
            let as_printed = matches!(&readings[ai], Readings::Own(texts) if texts.len() == 1 && texts[0] == original);
            let forced = if arc.len != 1 || cache.ctx.strip >= 0.5 || as_printed {
                None
            } else if step > 0 && self.bound_capital(para, &arcs, path, step, text)
                || small_word_capital(para, arc.start as usize, readings[ai].get(chosen), mid)
            {
                Some(Case::Lower)
            } else if in_heading(text, para, arc.start as usize)
                || self.i_read_as_l(original)
                || roman_numeral(original) && between_capitals(para, arc.start as usize)
                || digits_before_capitals(para, arc.start as usize)
            {
                Some(Case::Upper)
            } else if (original.starts_with(|c: char| !c.is_alphabetic()) || Case::of(original) == Case::Mixed)
                && labels_number(para, arc.start as usize, &text[end..], readings[ai].get(chosen))
            {
                // The header's label of the document's number ("86: 12/QĐ-UBND", "sSo:"), whose case the OCR lost.
                Some(Case::Title)
            } else if capital_inside(original)
                && !small_b_before_capitals(original, readings[ai].get(chosen))
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
            } else if original.starts_with(|c: char| !c.is_alphabetic())
                && !original.contains(char::is_uppercase)
                && self.names_one_document(&arcs, path, step)
            {
                // A digit the OCR printed for the capital of a document's name ("Căn cứ 0uyết định số 12/QĐ-UBND").
                Some(Case::Title)
            } else if !shows_first_letter(original, readings[ai].get(chosen))
                && matches!(Case::of(original), Case::Lower | Case::Title)
                && mid
                && case_keys(&arcs, path, step).is_some_and(|keys| cache.ctx.memo.prints_capital(keys))
            {
                // A word whose first letter the OCR lost or misread, which shows no case: the document prints the
                // same two words with a capital ("téu 43" → "Điều 43" where it prints "Điều" before numbers).
                Some(Case::Title)
            } else if caseless_in_name_line(para, arc.start as usize)
                || caseless_place_before_date(text, para, arc.start as usize)
                || caseless_body_before_name(para, arc.start as usize, readings[ai].get(chosen))
            {
                Some(Case::Title)
            } else {
                None
            };
            if arc.len == 1 && chosen == 0 && forced.is_none() {
                continue;
            }
            // OCR noise: text typed without marks sets its capitals on purpose ("BIM", "MOOC").
            let lone = arc.len == 1 && cache.ctx.strip < 0.5 && lone_capitals(para, arc.start as usize);
            let replacement = self.shape(original, readings[ai].get(chosen), false, mid, lone, forced);
            if replacement == original {
                continue;
            }
            let (conf, runner) = if cache.pass == Pass::Text {
                // Applied whatever its confidence (no `min_confidence`); the text is all this pass returns.
                (1.0, None)
            } else {
                let conf = posterior.compute(lm, &arcs, &path_ids, step, &cache.ctx.pairs, p)[ci];
                let runner_up = posterior.runner_up(ci);
                let runner = runner_up.map(|k| {
                    let r = readings[ai].get(arc.choices[k].index as usize);
                    let is_original = arc.choices[k].index == 0 && arc.len == 1 && forced.is_none();
                    self.shape(original, r, is_original, mid, lone, forced)
                });
                (conf, runner)
            };
            w.emit(start, end, replacement, conf, runner, first.line);
        }
        para.clear();
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
    acronyms: FxMap<String, String>,
    /// A first pass's readings of each (lowercase) OCR token read three times or more: LM id and share.
    readings: FxMap<String, Vec<(u32, f32)>>,
    /// The document word cache: a first pass's readings by LM id, and their log10 bonus ([`Restorer::word_cache`]).
    words: FxMap<u32, f32>,
    /// The words a first pass read, by their folded spelling and each spelling with a letter dropped
    /// ([`Restorer::near_index`]): the second pass also reads a token as such a word one edit away.
    near: FxMap<u64, Vec<u32>>,
    /// The same for words a first pass read three times or more, two edits away, for tokens that spell no syllable.
    near2: FxMap<u64, Vec<u32>>,
    /// The document pair cache: pairs of words a first pass read, and their log10 bonus ([`Restorer::pair_cache`]).
    pairs: decode::PairBonus,
    /// A first pass's candidates and code parts, which the second reads again.
    memo: Memo,
    /// The share of the document's words transcribed exactly, in the channel mixture (`Restorer::exact_share`).
    exact: f32,
    /// Whether words of letters and digits and lone words of capitals are kept as printed (a first pass changed
    /// few words: [`AS_PRINTED_CHANGES`]).
    shapes_as_printed: bool,
    /// What reading a token as another word costs on top of its channel score: log10 of the mixture's inexact
    /// share, relative to the default's (which the candidates' channel scores leave out). 0 unless a first pass
    /// found the text mostly exact.
    change_cost: f32,
    /// In text printed mostly right, the words it attests ([`Restorer::printed_words`]), ascending LM ids.
    attested: Vec<u32>,
    /// What reading an attested word as another costs on top of [`DocContext::change_cost`] (log10, ≤ 0).
    attested_cost: f32,
    /// The log10 bonus of each weak letter printed as itself, for the letters this document prints at running
    /// text's share ([`Restorer::own_letters`]); empty for text that prints them as this OCR does.
    identity: Vec<(char, f32)>,
    /// With `identity`: the log10 cost of each mark a reading adds to the token ([`Restorer::own_letters`]).
    mark_cost: f32,
    /// The code parts a first pass restored, each with the OCR spellings it restored them from, by part.
    code_parts: Vec<(String, Vec<String>)>,
    /// The document's title line, where it starts and its type's code ([`codes::title_type`]).
    title: Option<(usize, &'static str)>,
}

impl DocContext {
    /// May a code part or an acronym printed `printed` be read as `reading`? In text printed mostly right
    /// ([`AS_PRINTED_CHANGES`]) only by giving its D's their stroke back.
    fn may_rewrite(&self, printed: &str, reading: &str) -> bool {
        !self.shapes_as_printed || codes::strokes_only(printed, reading)
    }

    /// The reading of OCR token `token` as an acronym the document defines ([`Restorer::acronyms`]), where the
    /// document may rewrite it ([`DocContext::may_rewrite`]: "Al Gore" is no "AI" in text printed mostly right);
    /// else the token as printed.
    fn acronym<'t>(&'t self, token: &'t str) -> Option<&'t str> {
        let a = self.acronyms.get(token)?;
        Some(if self.may_rewrite(token, a) { a } else { token })
    }

    /// The word cache's log10 bonus of a single-syllable reading: 0 for a word the first pass never read.
    fn word_bonus(&self, id: u32) -> f32 {
        self.words.get(&id).copied().unwrap_or(0.0)
    }

    /// What reading OCR token `printed` (its own word's LM id, if any) as another word costs on top of its channel
    /// score (log10, ≤ 0): [`DocContext::change_cost`], and more for a word the document attests.
    fn change_cost_of(&self, printed: Option<u32>) -> f32 {
        let attested = printed.is_some_and(|id| self.attested.binary_search(&id).is_ok());
        self.change_cost + if attested { self.attested_cost } else { 0.0 }
    }

    /// The log10 bonus of reading OCR token `o` as `t` for the letters the document prints as themselves more
    /// often than the channel learned (each such letter in both, counted once per pair), less the cost of each
    /// marked vowel `t` has beyond those of `o`.
    fn identity_bonus(&self, o: &str, t: &str) -> f32 {
        if self.identity.is_empty() {
            return 0.0;
        }
        let marked = |w: &str| w.chars().filter(|&c| marked_vowel(c)).count();
        let mut b = self.mark_cost * marked(t).saturating_sub(marked(o)) as f32;
        for &(c, bonus) in &self.identity {
            let n = o.chars().filter(|&x| x == c).count().min(t.chars().filter(|&x| x == c).count());
            b += n as f32 * bonus;
        }
        b
    }
}

/// Candidates of one OCR token, their channel scores mixed with plain stripping ([`with_strip`]).
type Cands = Arc<Vec<Reading>>;

/// A first pass's single-syllable readings of each (lowercase) OCR token, or tokens read as one word: LM id and
/// count.
type Seen = FxMap<String, Vec<(u32, u32)>>;

/// The output of a restoration as it is written: the input copied through, with the changes.
struct Writer<'t> {
    text: &'t str,
    /// Input bytes already written to `out`.
    copied: usize,
    out: String,
    changes: Vec<Change>,
    stats: Stats,
    min_confidence: f32,
}

impl<'t> Writer<'t> {
    fn new(text: &'t str, min_confidence: f32) -> Self {
        let out = String::with_capacity(text.len() + text.len() / 4);
        Writer { text, copied: 0, out, changes: Vec::new(), stats: Stats::default(), min_confidence }
    }

    /// Writes the input before `start`, then the replacement of the input's `start..end` (or the input itself
    /// when the replacement is not confident enough), and records the change.
    fn emit(
        &mut self,
        start: usize,
        end: usize,
        replacement: String,
        confidence: f32,
        runner_up: Option<String>,
        line: usize,
    ) {
        let original = &self.text[start..end];
        self.out.push_str(&self.text[self.copied..start]);
        let applied = confidence >= self.min_confidence;
        let out_start = self.out.len();
        self.out.push_str(if applied { &replacement } else { original });
        self.copied = end;
        if applied {
            self.stats.changed += 1;
        } else {
            self.stats.flagged += 1;
        }
        self.changes.push(Change {
            line,
            input: Span { start, end },
            output: Span { start: out_start, end: self.out.len() },
            original: original.to_string(),
            replacement,
            confidence,
            runner_up,
            applied,
        });
    }

    /// The output, with the rest of the input after the last change.
    fn finish(mut self) -> Restored {
        self.out.push_str(&self.text[self.copied..]);
        Restored { text: self.out, changes: self.changes, stats: self.stats }
    }
}

/// What a pass over a text produces.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Pass {
    /// A first pass of two-pass restoration: records every token's reading (`Memo::seen`) and the pairs of words
    /// (`Memo::pairs`), emits nothing.
    First,
    /// The restored text; changes are applied unscored ([`Restorer::restore_text`]).
    Text,
    /// The restored text and every change with its confidence and runner-up.
    Full,
}

/// What restoring one part of a document reads and memoizes: the document's context, what it memoized, the list
/// markers by byte offset in the part.
struct Caches<'c> {
    ctx: &'c DocContext,
    memo: Memo,
    markers: FxMap<usize, crate::markers::Marker>,
    pass: Pass,
    /// Where the part starts in the document.
    offset: usize,
}

/// What restoring memoizes: candidates and the reading as itself (by lowercase OCR token), restored code parts,
/// and in a first pass the readings of each token.
#[derive(Debug, Default, Clone)]
struct Memo {
    words: FxMap<String, Cands>,
    /// Code parts by (OCR part, whether it follows the number): the reading and its score (`Restorer::code_part`).
    codes: FxMap<(String, bool), (Option<String>, f32)>,
    seen: Seen,
    /// A first pass's pairs of adjacent words (LM ids), counted.
    pairs: FxMap<(u32, u32), u32>,
    /// Each OCR token's reading as itself ([`Restorer::keep`]).
    keeps: FxMap<String, (Option<u32>, f32)>,
    /// A first pass's words in mid-sentence whose OCR shows their first letter, with the word after and the word
    /// before ([`case_keys`]): how many the OCR printed in Title case and how many small.
    cases: FxMap<CaseKey, (u32, u32)>,
}

impl Memo {
    /// Counts the case of OCR token `original`, read as a word with the `keys` of its neighbours. A capital that
    /// differs from its small letter only in size ([`SAME_SHAPE`]) is not counted: this OCR gives them at random.
    fn count_case(&mut self, keys: [CaseKey; 2], original: &str) {
        let (title, small) = match Case::of(original) {
            Case::Title if !fold(original).starts_with(SAME_SHAPE) => (1, 0),
            Case::Lower => (0, 1),
            _ => return,
        };
        for key in keys {
            let counts = self.cases.entry(key).or_default();
            (counts.0, counts.1) = (counts.0 + title, counts.1 + small);
        }
    }

    /// Does the document print the word of `keys` with a capital: with one of its neighbours at least
    /// [`CASE_VOTES`] times and [`CASE_RATIO`] times as often as small, and with neither small by that measure?
    fn prints_capital(&self, keys: [CaseKey; 2]) -> bool {
        let votes = keys.map(|k| self.cases.get(&k).copied().unwrap_or_default());
        let says = |(yes, no): (u32, u32)| yes >= CASE_VOTES && yes >= CASE_RATIO * no;
        votes.iter().any(|&v| says(v)) && !votes.iter().any(|&(title, small)| says((small, title)))
    }

    /// Adds the memo of the text right after this one's: caches joined, counts added, and each token's readings in
    /// the order one pass over both texts would have met them.
    fn absorb(&mut self, later: Memo) {
        for (k, v) in later.words {
            self.words.entry(k).or_insert(v);
        }
        for (k, v) in later.codes {
            self.codes.entry(k).or_insert(v);
        }
        for (k, v) in later.keeps {
            self.keeps.entry(k).or_insert(v);
        }
        for (k, n) in later.pairs {
            *self.pairs.entry(k).or_default() += n;
        }
        for (k, (t, l)) in later.cases {
            let mine = self.cases.entry(k).or_default();
            (mine.0, mine.1) = (mine.0 + t, mine.1 + l);
        }
        for (tok, readings) in later.seen {
            let mine = self.seen.entry(tok).or_default();
            for (id, n) in readings {
                count_reading(mine, id, n);
            }
        }
    }
}

/// The keys of a document's case counts ([`Memo::cases`]) for the one-word reading at `step` of the path: its LM
/// id with the next word's (the end of the paragraph: [`Vocab::UNK`]'s), and the word before it with its id.
fn case_keys(arcs: &[decode::Arc], path: &[(usize, usize)], step: usize) -> Option<[CaseKey; 2]> {
    let id_at = |k: usize, last: bool| {
        let ids = path.get(k).map(|&(a, c)| arcs[a].choices[c].lm_ids()).unwrap_or_default();
        (if last { ids.last() } else { ids.first() }).copied().unwrap_or(Vocab::UNK)
    };
    let &(ai, ci) = &path[step];
    let ids = arcs[ai].choices[ci].lm_ids();
    let prev = step.checked_sub(1).map_or(Vocab::UNK, |k| id_at(k, true));
    (ids.len() == 1).then(|| [(ids[0], id_at(step + 1, false), false), (prev, ids[0], true)])
}

/// A word and its next (`false`), or the word before it and the word (`true`): LM ids.
type CaseKey = (u32, u32, bool);

/// A word the OCR shows no case for takes the capital the document prints the same two words with at least this
/// many times ...
const CASE_VOTES: u32 = 2;
/// ... and this many times as often as it prints them small.
const CASE_RATIO: u32 = 3;

/// Do a token's candidates `cands` read it as word `id` by [`PRINTED_MARGIN`] (log10) more than as any other word?
/// "mỏ" is "mỏ" (−0.01, the next −3.0); this OCR's "vé" is as likely "về", "vệ" or "vế" as "vé".
fn printed_as(cands: &[Reading], id: u32) -> bool {
    let score = |own: bool| {
        cands
            .iter()
            .filter(|r| (r.n_ids == 1 && r.ids[0] == id) == own)
            .map(|r| r.channel_logp)
            .fold(f32::MIN, f32::max)
    };
    score(true) >= score(false) + PRINTED_MARGIN
}

/// Adds `n` readings as `id` to a token's readings (`Seen`), in the order they were first met.
fn count_reading(readings: &mut Vec<(u32, u32)>, id: u32, n: u32) {
    match readings.iter_mut().find(|x| x.0 == id) {
        Some(x) => x.1 += n,
        None => readings.push((id, n)),
    }
}

/// Default [`RestoreOptions::chunk_bytes`]: 64 KiB, about 12,000 syllables.
pub const CHUNK_BYTES: usize = 64 << 10;

/// In two-pass restoration, the log10 bonus of a reading that got every first-pass occurrence of its OCR token
/// (in proportion to its share of them); only tokens read at least three times count. Leave-one-out seeds ALL
/// SER 1.936% → 1.884%, accentless admin 1.579% → 1.542%, at 1.8× the time (with the previous model, weight 0.3
/// gave 1.895% on the seeds and 0.6 gave 1.941%, no gain). Re-swept with the current model and channel:
/// leave-one-out seeds ALL SER 1.329% (0.3), 1.318% (0.45), 1.303% (0.5), 1.324% (0.6), 1.339% (0.8); 0.5 is
/// also better than 0.3 on every bench profile, on book OCR and on clean text (DESIGN.md, "Two passes").
pub const TWO_PASS_WEIGHT: f32 = 0.5;

/// A first pass that reads fewer than this share of a document's words as other words finds the document mostly
/// transcribed exactly: a share `f` of them makes the channel's exact share ([`RestoreOptions::exact`]) that
/// document's `1 − (f / EXACT_CHANGES)²`, at most [`EXACT_MAX`] ([`RestoreOptions::exact_from_first_pass`]).
/// Restoring the held-out admin tail as one file: clean text (0.3% of its words changed by the first pass) SER
/// 0.241% → 0.090% (0.063% with the later rules: units and acronyms kept as printed, [`AS_PRINTED_CHANGES`], and
/// the channel's scaled substitution floor); the `tesseract` noise profile (7% changed) and OCR without a
/// Vietnamese model (87%) were unchanged by it. Squared rather than linear (2026-12-06), so that a text whose
/// first pass changed 1% of its words is taken as ~90% exact, not 67%: Viwiki-spelling false alarms 602 → 422,
/// corrections 599 → 544; clean admin text by document 0.039% → 0.020%.
/// DESIGN.md, "The exact share is read from the first pass".
pub const EXACT_CHANGES: f32 = 0.03;

/// A first pass that reads fewer than this share of a document's words as other words finds an OCR that reads
/// Vietnamese, or clean text: its words of letters and digits are units and formulas ("m3", "CH4"), its lone words
/// of capitals without marks acronyms ("BIM", "TB"), and both are kept as printed. OCR without a Vietnamese model
/// (87% of the words changed) prints digits for letters ("s6" for "số") and drops the marks of capitals. `tesseract`
/// profile of the held-out admin tail 0.578% → 0.550% (`vnocr bench`); at 0.03 (the [`EXACT_CHANGES`] threshold)
/// it was unchanged, and 0.2 or 0.3 give the same figures as 0.1. DESIGN.md, "Units, formulas and acronyms".
pub const AS_PRINTED_CHANGES: f32 = 0.1;

/// The largest exact-transcription share a document is given ([`EXACT_CHANGES`]).
pub const EXACT_MAX: f32 = 0.99;

/// Fewer words than this say too little about a document's share of exact transcriptions.
pub const EXACT_MIN_WORDS: u32 = 50;

/// The document word cache's λ: in two-pass restoration a syllable's probability is taken as
/// (1 − λ)·P_lm + λ·P_doc, P_doc its share of the first pass's readings, approximated per word as the log10 bonus
/// log10((1 − λ) + λ·P_doc/P_unigram) − log10(1 − λ). Leave-one-out seeds ALL SER 1.303% → 1.282% at 0.1
/// (0.05: 1.282%, 0.15: 1.298%, 0.2: 1.292%); the bonus is not capped: a cap did not help (DESIGN.md, "A
/// document word cache").
pub const WORD_CACHE_WEIGHT: f32 = 0.1;

/// How many times the word cache counts a first-pass reading of a token printed with marks and spelling that word
/// ("mỏ" read "mỏ"): the surest sign of what the document is about, where OCR without a Vietnamese model prints
/// few marks ("mo" is read "mở", "mộ", "có" by the language model in a mining regulation that prints "mỏ" once).
/// Bench seeds profile 1.826% → 1.820%, clean 0.063% → 0.062%, book OCR 3.404% → 3.394%, tesseract 0.332% →
/// 0.334%; leave-one-out text byte-equal (DESIGN.md "A word printed with its marks …").
const PRINTED_WEIGHT: u32 = 3;

/// How many times a text printed mostly right must print a word for the word cache to count it as printed
/// ([`Restorer::printed_words`]).
const PRINTED_MIN_TIMES: u32 = 3;

/// The exact share of a word a text printed mostly right attests ([`Restorer::printed_words`]): reading a token
/// that prints it as another word costs log10 of (1 − this) over the document's inexact share. An OCR that reads
/// Vietnamese prints a word it reads again and again as that word; the learned channel, whose OCR prints "hằng"
/// as "hàng", had "hàng năm", printed 25 times, read "hằng năm". Bench `tesseract` profile 0.318% → 0.309% (23
/// words fixed, 14 broken: a frequent word the noise made another frequent word, "phấn đấu" printed "phấn đầu",
/// now stays); 0.5 / 0.97 / 0.99: 0.313 / 0.314 / 0.314%. Viwiki-spelling false alarms 422 → 391, corrections
/// 544 → 539.
const ATTESTED_EXACT: f32 = 0.9;

/// How much likelier (log10) the channel must find a token printed as its own word than as any other for the word
/// cache to count it [`PRINTED_WEIGHT`] times ([`printed_as`]).
const PRINTED_MARGIN: f32 = 1.0;

/// The fewest letters of a word offered to tokens one edit away: shorter ones have too many neighbours.
const NEAR_MIN_CHARS: usize = 3;

/// The longest token (folded bytes) offered the document's words one or two edits away: Vietnamese words are far
/// shorter, and the keys of a token thousands of letters long would take minutes to build.
const NEAR_MAX_CHARS: usize = 16;

/// The fewest reads of a word offered to tokens two edits away that spell no syllable ("Nii" for "Ngãi"): a word
/// read once or twice is no evidence against the token's own letters.
const NEAR2_MIN_READS: u32 = 3;

/// The keys of `word` and of its spellings with up to `drops` (1 or 2) chars dropped, each once, as hashes: a
/// symmetric-delete index of these keys finds the words within `drops` edits without allocating the spellings.
fn deletion_keys(word: &str, drops: usize) -> Vec<u64> {
    use std::hash::Hasher;
    let chars: Vec<char> = word.chars().collect();
    let key = |skip: [usize; 2]| {
        let mut h = crate::channel::FxHasher::default();
        for (k, &c) in chars.iter().enumerate() {
            if !skip.contains(&k) {
                h.write_u32(u32::from(c));
            }
        }
        h.finish()
    };
    let n = chars.len();
    let mut keys = vec![key([n, n])];
    for i in 0..n {
        keys.push(key([i, n]));
        if drops > 1 {
            keys.extend((i + 1..n).map(|j| key([i, j])));
        }
    }
    keys.sort_unstable();
    keys.dedup();
    keys
}

/// The weight λ of the document pair cache ([`decode::PairBonus`]). Leave-one-out ALL SER 1.261% → 1.246%;
/// the bench's admin tail restored document by document: seeds profile 2.123% → 2.045%, tesseract 0.622% →
/// 0.576%, clean text 0.247% → 0.249%. 0.1 and 0.2 gain as much on the OCR profiles and lose more on clean text.
pub const PAIR_CACHE_WEIGHT: f32 = 0.05;
/// How many times a first pass must read a pair for the pair cache to hold it (2: leave-one-out 1.251%,
/// document by document seeds profile 2.045%, tesseract 0.567%, clean text 0.250%).
const PAIR_CACHE_MIN: u32 = 3;

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

/// What the restorer knows of letters, for reading a document's own ([`Restorer::own_letters`]).
struct LetterStats {
    /// The letters whose learned log10 P(c | c) is under [`WEAK_IDENTITY`], with that probability and their share
    /// of the letters of running text (the vocabulary's words by count).
    weak: Vec<(char, f32, f32)>,
    /// The share of running text's vowel letters that carry a mark.
    marked: f32,
    /// The channel's mean probability of printing a marked vowel as its plain letter ("ó" as "o"), over running
    /// text's marked vowels.
    dropped: f32,
}

impl LetterStats {
    fn new(lm: &LmModel, channel: &ChannelModel) -> LetterStats {
        let mut weak: Vec<(char, f32, f32)> = Vec::new();
        // Each letter outside ASCII: its index in `weak`, and for a marked vowel the channel's P(plain | it).
        let mut marked_letters: HashMap<char, (Option<usize>, Option<f32>)> = HashMap::new();
        for c in "aàáảãạăằắẳẵặâầấẩẫậbcdđeèéẻẽẹêềếểễệghiìíỉĩịklmnoòóỏõọôồốổỗộơờớởỡợpqrstuùúủũụưừứửữựvxyỳýỷỹỵ".chars()
        {
            let s = c.to_string();
            let lp = channel.log_prob(&s, &s);
            let weak_at = (lp < WEAK_IDENTITY).then(|| {
                weak.push((c, lp, 0.0));
                weak.len() - 1
            });
            let drop = marked_vowel(c).then(|| 10f32.powf(channel.log_prob(&fold_one(c).to_string(), &s)));
            if !c.is_ascii() {
                marked_letters.insert(c, (weak_at, drop));
            }
        }
        let (mut letters, mut vowels, mut marked, mut dropped) = (0f64, 0f64, 0f64, 0f64);
        let mut counts = vec![0f64; weak.len()];
        for (_, w, n) in lm.vocab().iter() {
            let n = n as f64;
            for ch in w.chars().filter(|c| c.is_alphabetic()) {
                letters += n;
                vowels += if vowel_letter(ch) { n } else { 0.0 };
                // Every weak letter, and every marked vowel, is outside ASCII.
                let Some(&(weak_at, drop)) = (!ch.is_ascii()).then(|| marked_letters.get(&ch)).flatten() else {
                    continue;
                };
                if let Some(k) = weak_at {
                    counts[k] += n;
                }
                if let Some(p) = drop {
                    marked += n;
                    dropped += n * f64::from(p);
                }
            }
        }
        for (x, n) in weak.iter_mut().zip(counts) {
            x.2 = (n / letters.max(1.0)) as f32;
        }
        LetterStats { weak, marked: (marked / vowels.max(1.0)) as f32, dropped: (dropped / marked.max(1.0)) as f32 }
    }
}

/// A letter the channel finds printed as itself with log10 probability under this (đ ê â ă ả ã ủ ỉ ệ õ ẽ ý ì ỳ ỷ ỹ
/// ỵ: the OCR it learned from prints them as other letters) is adapted to a document that prints it
/// ([`RestoreOptions::adapt_letters`]). At −0.3 the grave and acute vowels (−0.5 to −0.8) were adapted too: the
/// `tesseract` profile gained more (0.452% → 0.408% SER, with [`IDENTITY_FLOOR`] 0.9 in both passes), but book
/// OCR, which prints "dàn" for "dân", lost (3.494% → 3.605%).
pub const WEAK_IDENTITY: f32 = -1.0;

/// The least P(c | c) of a weak letter a document prints at its share in running text
/// ([`RestoreOptions::adapt_letters`]). The `tesseract` profile's SER (`vnocr bench`; adapted in both passes) at
/// 0.03 / 0.05 / 0.1 / 0.25 / 0.5 / 1.0: 0.404 / 0.410 / 0.404 / 0.407 / 0.414 / 0.422% (0.452% without); 0.1 in the
/// second pass alone: 0.404%; with the mark cost ([`MARK_DROP_MIN`]), as shipped, 0.03 / 0.1 / 0.3 / 1.0: 0.361 /
/// 0.356 / 0.355 / 0.363%.
pub const IDENTITY_FLOOR: f32 = 0.1;

/// A weak letter a document prints at less than this share of running text's is not adapted: the OCR the channel
/// learned from prints "đ" at 0.1% of its share.
pub const IDENTITY_MIN_SHARE: f32 = 0.2;

/// The least share of its marks a document drops, for [`RestoreOptions::adapt_letters`]: no text is free of misprints.
pub const MARK_DROP_MIN: f32 = 0.01;

/// A vowel letter with a mark ("ó", "ê", "ư").
fn marked_vowel(c: char) -> bool {
    vowel_letter(c) && fold_one(c) != c
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

/// Where two space-separated tokens were read as one word and one of them is only signs ("hướng ¢", "¢ đến"),
/// the byte span of the other, unless the reading has more letters than it (then the signs stood for letters).
/// The reading replaces that token alone and the sign stays as printed: the gold guide keeps a stray sign, and a
/// reading that drops it is the word's.
fn sign_kept(first: &Slot, last: &Slot, reading: &str) -> Option<(usize, usize)> {
    // A piece of signs alone never joins by OCR noise (`layout::glued_by_noise` wants letters on both sides): the
    // two tokens are one space apart.
    let word = match (signs_only(first.tok.text), signs_only(last.tok.text)) {
        (true, false) => last,
        (false, true) => first,
        _ => return None,
    };
    let letters = word.tok.text.chars().filter(|c| c.is_alphanumeric()).count();
    (fold(reading).chars().count() <= letters)
        .then_some((word.line_start + word.tok.start, word.line_start + word.tok.end()))
}

#[cfg(test)]
mod tests {
    use super::lattice::one_vowel_run;
    use super::*;

    #[test]
    fn deletion_keys_meet_within_their_edits() {
        let meet = |a: &str, b: &str, d| deletion_keys(a, d).iter().any(|k| deletion_keys(b, d).contains(k));
        for (a, b, near) in [
            ("nii", "ngai", true),     // two letters lost, one changed
            ("wong", "luong", true),   // one lost, one changed
            ("trwng", "truong", true), // one lost, one changed
            ("ngai", "ngai", true),
            ("nii", "thanh", false),
            ("xyz", "ngai", false),
        ] {
            assert_eq!(meet(a, b, 2), near, "{a} ~ {b}");
        }
        for (a, b, near) in
            [("wong", "luong", false), ("tinh", "tin", true), ("tinh", "tính", true), ("ngãi", "ngai", true)]
        {
            assert_eq!(meet(a, b, 1), near, "{a} ~ {b}");
        }
        assert_eq!(deletion_keys("abc", 2).len(), 1 + 3 + 3);
        assert_eq!(deletion_keys("abc", 1).len(), 1 + 3);
        assert_eq!(deletion_keys("aab", 1).len(), 1 + 2, "each key once");
    }

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
    fn a_space_falls_inside_a_word_only_before_its_vowels_or_last_consonants() {
        for (first, second, inside) in [
            ("quy", "ét", true),   // quyết: before the vowels
            ("1", "an", true),     // lần: a digit for the onset
            ("t", "rong", true),   // trong: inside the onset (no vowel before the space)
            ("tron", "g", true),   // trong: before the last consonant
            ("thii", "ng", true),  // thũng
            ("Tr", "udng", true),  // case folded
            ("ch", "6c", true),    // a digit may be a vowel
            ("to", "chrc", false), // tổ chức: a vowel, then a consonant that ends no word
            ("dinh", "s6", false), // định số
            ("cap", "ph6", false), // cấp phố
            ("Quyét", "dinh", false),
            ("ng", "hiêng", true), // nghiêng: the onset goes on
            ("sr", "dung", false), // sử dụng: "sr" + d is no onset
            ("t6", "chrc", false), // tổ chức: the digit stands for the vowel
        ] {
            assert_eq!(super::lattice::split_point(first, second), inside, "{first} {second}");
        }
    }

    #[test]
    fn strip_share_from_the_marks_of_a_text() {
        let share = |text: &str| strip_share(&tokenize(text));
        let stripped = "Uy ban nhan dan tinh giao So Tai nguyen va Moi truong chu tri to chuc thuc hien. ".repeat(4);
        assert!((share(&stripped) - 0.999).abs() < 1e-6, "{}", share(&stripped));
        // OCR without a Vietnamese model keeps marks on a fifth of the words; clean text on most.
        let ocr = include_str!("../../corpus/001_d6b316fd38878d12.ocr.txt");
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
    fn the_exact_share_comes_from_how_few_words_a_first_pass_changed() {
        let r = Restorer::from_default().unwrap();
        let id = |w: &str| r.lm.vocab().id(w).unwrap();
        let default = RestoreOptions::default().exact;
        // 300 words: `changed` of "cua" read as "của", the rest read as printed, "Ngãi" among them; an unknown
        // token kept (read as `<unk>`) is no change, nor is a number.
        let share = |changed: u32, kept: u32| {
            let mut seen = Seen::default();
            seen.insert("cua".into(), vec![(id("của"), changed), (id("cua"), kept)]);
            seen.insert("ngãi".into(), vec![(id("ngãi"), 300 - changed - kept - 20)]);
            seen.insert("vnelx".into(), vec![(Vocab::UNK, 10)]);
            seen.insert("16".into(), vec![(Vocab::NUM, 10)]);
            r.first_pass_changes(&seen).map_or(default, |f| r.exact_share(f))
        };
        // 3 changed words in 290: 1% of them, about a third of EXACT_CHANGES, so nearly nine in ten exact.
        let third: f32 = 3.0 / 290.0 / EXACT_CHANGES;
        assert!((share(3, 100) - (1.0 - third * third)).abs() < 1e-6, "{}", share(3, 100));
        assert!(share(3, 100) > 0.85 && share(3, 100) > share(6, 100), "{} {}", share(3, 100), share(6, 100));
        assert_eq!(share(0, 100), EXACT_MAX);
        // OCR that changes 3% of the words or more keeps the default.
        assert_eq!(share(9, 100), default);
        assert_eq!(share(200, 0), default);
        // Too few words say nothing.
        let mut few = Seen::default();
        few.insert("ngãi".into(), vec![(id("ngãi"), EXACT_MIN_WORDS - 1)]);
        assert_eq!(r.first_pass_changes(&few), None);
    }

    #[test]
    fn a_text_attests_the_words_it_prints_most_of_their_spelling() {
        let r = Restorer::from_default().unwrap();
        let id = |w: &str| r.lm.vocab().id(w).unwrap();
        let mut seen = Seen::default();
        seen.insert("trăn".into(), vec![(id("trần"), 10), (id("trăn"), 2)]);
        seen.insert("hính".into(), vec![(id("hình"), 4)]);
        seen.insert("hình".into(), vec![(id("hình"), 95)]);
        seen.insert("gin".into(), vec![(id("gìn"), 2)]);
        seen.insert("vnelx".into(), vec![(Vocab::UNK, 10)]);
        assert!(r.vocab_word("hính").is_some());
        let attested_ids = r.printed_words(&seen);
        let mut want = vec![id("trăn"), id("hình")];
        want.sort_unstable();
        assert_eq!(attested_ids, want);
        // The word cache counts the attested word as printed where the text was printed mostly right.
        let memo = Memo { seen, ..Memo::default() };
        let (attested, read) = (r.word_cache(&memo, &attested_ids), r.word_cache(&memo, &[]));
        assert!(attested[&id("trăn")] > read[&id("trăn")]);
        assert!(!attested.contains_key(&id("trần")) && read.contains_key(&id("trần")));
    }

    #[test]
    fn reading_a_word_a_text_attests_as_another_costs_more() {
        let r = Restorer::from_default().unwrap();
        let id = |w: &str| r.lm.vocab().id(w).unwrap();
        // Printed mostly right (two words of 99 lost a mark), "hàng" three times and no other word spelled "hang".
        let text = "Các sở, ban, ngành và địa phương xây dựng kế hoạch hàng năm, bố trí kinh phí thực hiên các \
                    nhiệm vụ được giao.\nĐịnh kỳ hàng năm, các cơ quan đánh giá kết quả thực hiện, báo cáo Ủy ban \
                    nhân dân tỉnh trước ngày 15 tháng 12.\nSở Tài chính tổng hợp dự toán hàng năm, tham mưu bố trí \
                    nguồn lực phù hợp với khả năng cân đối của ngân sách.\nTrong quá trình thực hiện, nếu có khó \
                    khăn, vướng mắc, các đơn vị kịp thời phản ánh về Sở Khoa hoc và Công nghệ.\n";
        let ctx = r.context(text);
        assert!(ctx.shapes_as_printed && ctx.attested_cost < 0.0);
        assert!(ctx.change_cost_of(Some(id("hàng"))) < ctx.change_cost);
        // "kinh", printed once, and an unknown word cost what any word does.
        assert_eq!(ctx.change_cost_of(Some(id("kinh"))), ctx.change_cost);
        assert_eq!(ctx.change_cost_of(None), ctx.change_cost);
        // The same text typed without marks attests nothing.
        let ctx = r.context(&fold(text));
        assert!(ctx.attested.is_empty() && ctx.change_cost_of(Some(id("hang"))) == ctx.change_cost);
    }

    #[test]
    fn the_word_cache_favours_what_the_document_reads_more_than_the_language_expects() {
        let r = Restorer::from_default().unwrap();
        let vocab = r.lm.vocab();
        let id = |w: &str| vocab.id(w).unwrap();
        let (common, rare) = (id("của"), id("thủy"));
        // Read as often as each other: "thủy" is the rarer word, so the document says more about it.
        let mut seen = Seen::default();
        seen.insert("cua".into(), vec![(common, 10), (Vocab::UNK, 5)]);
        seen.insert("thuy".into(), vec![(rare, 6)]);
        seen.insert("thiiy".into(), vec![(rare, 4)]);
        let cache = r.word_cache(&Memo { seen, ..Memo::default() }, &[]);
        assert!(!cache.contains_key(&Vocab::UNK));
        assert_eq!(cache.len(), 2);
        assert!(cache[&rare] > cache[&common] && cache[&common] > 0.0, "{cache:?}");
        // The shares count every OCR token read as the word: "thủy" has 10 of 25 readings.
        let p_uni = 10f32.powf(r.lm.lm().log_prob(&[], rare));
        let l = WORD_CACHE_WEIGHT;
        let want = ((1.0 - l + l * 0.4 / p_uni) / (1.0 - l)).log10();
        assert!((cache[&rare] - want).abs() < 1e-5, "{} vs {want}", cache[&rare]);
        assert!(r.word_cache(&Memo::default(), &[]).is_empty());
    }

    #[test]
    fn a_word_printed_with_marks_no_other_word_explains_counts_more() {
        let r = Restorer::from_default().unwrap();
        let id = |w: &str| r.lm.vocab().id(w).unwrap();
        let cands = |t: &str| Arc::new(r.index.readings(t, r.opts.candidates));
        assert!(printed_as(&cands("mỏ"), id("mỏ")));
        // This OCR's é stands for any marked e, ê or o: "vé" is as likely "về".
        assert!(!printed_as(&cands("vé"), id("vé")));
        let cache = |printed: &str| {
            let mut memo = Memo::default();
            memo.seen.insert("cua".into(), vec![(id("của"), 50)]);
            memo.seen.insert(printed.into(), vec![(id("mỏ"), 2)]);
            memo.words.insert(printed.into(), cands(printed));
            r.word_cache(&memo, &[])[&id("mỏ")]
        };
        assert!(cache("mỏ") > cache("mo"));
    }
}
