//! The lattice of a paragraph: each word token's readings (the token itself, its candidates, the document's words
//! one edit away) and the joins of two or three tokens into one word, with the channel scores the decoder adds to
//! the language model's (DESIGN.md "The restorer").

use std::sync::Arc;

use super::case::{lone_acronym, opens_name_line};
use super::layout::{
    between_capitals, bullet_glyph, capitals_without_vowel, code_tail, first_on_line, heading_line, heading_numeral,
    lone_consonant, number_follows, opens_item_words,
};
use super::{
    Caches, Cands, DocContext, NEAR_MAX_CHARS, NEAR_MIN_CHARS, Readings, Restorer, Slot, Stats, TWO_PASS_WEIGHT,
    deletion_keys, with_strip,
};
use crate::candidates::Reading;
use crate::decode::{self, Choice};
use crate::lexicon::Vocab;
use crate::syllable::{Case, coda_suffix, fold, fold_one, is_syllable, letters_shaped, onset_prefix, vowel_letter};
use crate::tokenize::TokenKind;

impl Restorer {
    /// May the first letter of `ocr` (lowercase) be a misprint of the first letter of `reading`: the same letter but
    /// for its marks, a Đ (which an OCR without a Vietnamese model cannot print: it prints D, P or B), an l (the
    /// glyph of a capital I), or a substitution the channel learned (log10 P above `learned`)? In text printed
    /// mostly right (`as_printed`, [`AS_PRINTED_CHANGES`](super::AS_PRINTED_CHANGES)) only the first, or a
    /// look-alike eth "ð" for "đ": its printer read letters ("Pon de Replay" had become "Đón de Replay").
    fn first_letter_confusable(&self, ocr: &str, reading: &str, learned: f32, as_printed: bool) -> bool {
        let (Some(o), Some(r)) = (ocr.chars().next(), reading.chars().next()) else { return true };
        if as_printed {
            return fold_one(o) == fold_one(r) || (o, r) == ('ð', 'đ');
        }
        fold_one(o) == fold_one(r)
            || r == 'đ'
            || (o, r) == ('i', 'l')
            || self.index.channel().log_prob_chars(&[o], &[r]) > learned
    }

    /// The lattice of one paragraph: for each word position, an arc of its readings (the OCR token itself first,
    /// then its candidates; one reading for a token that has only one), and arcs over two or three tokens the OCR
    /// may have broken out of one word; with each arc, the texts of its choices.
    pub(super) fn lattice<'a>(
        &self,
        text: &str,
        para: &[Slot<'a>],
        stats: &mut Stats,
        cache: &mut Caches,
    ) -> (Vec<decode::Arc>, Vec<Readings<'a>>) {
        let vocab = self.lm.vocab();
        let mut arcs: Vec<decode::Arc> = Vec::with_capacity(para.len() * 2);
        let mut readings: Vec<Readings> = Vec::with_capacity(para.len() * 2);
        for (i, s) in para.iter().enumerate() {
            let word = s.kind == TokenKind::Word;
            stats.words += usize::from(word);
            // Tokens with one reading: numbers and codes; a list marker, whose letter comes from the sequence of
            // the document's markers; a Roman numeral in capitals ("V", "IV", "XII") outside a line of capitals, a
            // number kept as printed; an acronym the document defines, whose letters come from the definition; a
            // known name or acronym in mixed case ("IoT", "VNeID", "TTg"), which no Vietnamese word is. (A word
            // holding digits is read too: OCR prints "16n" for "lớn".)
            let roman = s.tok.text.len() <= 4 && s.tok.text.bytes().all(|b| matches!(b, b'I' | b'V' | b'X'));
            // In a line of capitals, or between two words in capitals (header columns the OCR ran into one line:
            // "CỘNG HÒA XI HỘI … VIỆT NAM Độc lập"), it may be a word the OCR damaged ("PHẠM VI", "ĐƠN VI" for
            // "VỊ", "X" for "XÃ"): a number, or that word, as the language model says.
            let roman_word = roman && (heading_line(para, i) || between_capitals(para, i));
            let roman = roman && !roman_word;
            // In text a first pass changed little ([`AS_PRINTED_CHANGES`]), letters and digits in one word are a
            // unit, a formula or a code ("m3", "CH4", "HCC3"), not digits an OCR printed for letters ("s6" for
            // "số"); and a word of capitals without marks among small words is an acronym ("BIM", "TB"), not a word
            // that lost its marks: both are kept as printed.
            let as_printed =
                word && cache.ctx.shapes_as_printed && (letters_and_digits(s.tok.text) || lone_acronym(para, i));
            // A number the OCR may have printed for a word ("16" for "lộ", "18" for "lệ", "86" for "số"): a
            // number, or that word.
            // Or the OCR's "Sở"/"Số" opening a line or an item before a capitalized word ("80 TÀI CHÍNH"): then
            // those two readings cost no more than the number kept, and the language model decides.
            let (number_word, item_so) = if s.kind == TokenKind::Number && cache.ctx.strip < 0.5 {
                let line = &text[s.line_start..];
                let (before, after) = (&line[..s.tok.start], &line[s.tok.end()..]);
                let after = &after[..after.find('\n').unwrap_or(after.len())];
                let item = crate::tokenize::number_may_open_item(before, s.tok.text, after);
                (item || crate::tokenize::number_may_be_word(before, s.tok.text), item)
            } else {
                (false, false)
            };
            // Whether a token with one reading may still be a piece of the word after it: a number ("1 an" for
            // "lần"), a code's tail ("125/2025/QĐ-UBND H uế" for "Huế"), a bullet ("H ỘI ĐỒNG" for "HỘI").
            let mut piece = s.kind == TokenKind::Number;
            let only = if let Some(m) = cache.markers.get(&(s.line_start + s.tok.start)) {
                Some((vocab.id_or_unk(m.letter), m.letter.to_string()))
            } else if !word && !number_word || roman {
                Some((Vocab::NUM, s.tok.text.to_string()))
            } else if let Some(numeral) = heading_numeral(text, para, i) {
                Some((Vocab::NUM, numeral))
            } else if let Some(digits) = super::codes::misread_date_part(text, para, i) {
                Some((Vocab::NUM, digits))
            } else if code_tail(text, para, i) {
                piece = true;
                Some((Vocab::NUM, s.tok.text.to_string()))
            } else if bullet_glyph(text, para, i, cache) {
                piece = true;
                Some((vocab.id_or_unk(&s.tok.text.to_lowercase()), s.tok.text.to_string()))
            } else {
                // The acronym as defined, or the name as written; a word in another script ("α", "陳裕宗") too.
                let written = |r: &str| (vocab.id_or_unk(&crate::lm::word_form(r)), r.to_string());
                cache.ctx.acronym(s.tok.text).map(written).or_else(|| {
                    (as_printed
                        || other_script(s.tok.text)
                        || Case::of(s.tok.text) == Case::Mixed
                            && s.tok.text.chars().nth(2).is_some()
                            && self.codes.contains(s.tok.text))
                    .then(|| written(s.tok.text))
                })
            };
            if let Some((id, reading)) = only {
                arcs.push(decode::Arc { start: i as u32, len: 1, choices: vec![fixed(id)] });
                readings.push(Readings::Own(vec![reading]));
                if piece {
                    self.join_arcs(text, para, i, cache, &mut arcs, &mut readings);
                }
                continue;
            }
            let lower = s.tok.text.to_lowercase();
            let (keep_id, mut keep_score) =
                if number_word || roman_word { (Some(Vocab::NUM), NUMBER_KEEP) } else { self.keep(&lower, cache) };
            let mut cands = self.cands(&lower, cache);
            // The label of a document's number, first on its line ("sS4 19-CT/TU" for "Số 19-CT/TU"): "số" is among
            // its readings however the OCR damaged it.
            if opens_number_label(para, i)
                && !cands.iter().any(|c| &*c.text == "số")
                && let Some(id) = self.vocab_word("số")
            {
                let so =
                    Reading { ids: [id, 0], n_ids: 1, digits: false, text: Arc::from("số"), channel_logp: LABEL_SO };
                cands = Arc::new(cands.iter().cloned().chain([so]).collect());
            }
            if keep_id.is_none()
                && vowelless_capitals(s.tok.text)
                && !heading_line(para, i)
                && !cands.iter().any(|c| same_letters(&lower, &c.text))
            {
                keep_score = ACRONYM_KEEP;
            }
            // A consonant alone opening a list item is a word the OCR cut down: read as printed only if nothing
            // else explains it, and never as another lone letter.
            let lone = lone_consonant(text, para, i);
            if lone {
                keep_score += LONE_KEEP;
            }
            // Nor is a token of two letters or digits there ("- D3 xây dựng" for "Đã" had become "- D", a list's
            // letter to the language model): of the corpus documents' 38 consonants alone, none was printed so.
            let cut_down =
                s.tok.text.chars().filter(|c| c.is_alphanumeric()).nth(1).is_some() && opens_item_words(text, para, i);
            let mut choices = Vec::with_capacity(cands.len() + 1);
            choices.push(Choice { ids: [keep_id.unwrap_or(Vocab::UNK), 0], n_ids: 1, channel: keep_score, index: 0 });
            let change_cost = cache.ctx.change_cost_of(keep_id);
            let mut pick = Vec::with_capacity(cands.len());
            // An all-caps token is an acronym or a heading word, never two words run together.
            let splits = Case::of(s.tok.text) != Case::Upper;

            // Digits read as a word are the OCR's "số" before a document number (`tokenize::so_as_digits`).
            let digits_only = s.tok.text.bytes().all(|b| b.is_ascii_digit());
            // A token of signs alone is a word only where the channel learned it as the print of a common one
            // ("¢" or "&" for "ở", well above the floor of unlearned substitutions; then its other readings may be
            // too: "¢" for "có"). A sign no such reading explains ("£", "§": an illegible digit of a handwritten
            // number) stays as printed, as the gold guide keeps it, rather than become any letter ("Số: £ /KH"
            // had become "Số: b /KH", "ngày § tháng" "ngày a tháng").
            let learned = self.index.channel().sub_floor() + LEARNED_MARGIN;
            let unread_sign = signs_only(s.tok.text)
                && !cands.iter().any(|c| {
                    c.channel_logp > learned
                        && c.n_ids == 1
                        && Some(c.ids[0]) != keep_id
                        && self.lm.lm().log_prob(&[], c.ids[0]) >= SIGN_WORD_PRIOR
                });
            // A reading's digits are some of the token's, in order: the OCR prints digits for letters ("16n" for
            // "lớn", "0H15" for "QH15"), but "28mm" is never "25mm".
            let digits_kept = |reading: &str| {
                let mut own = s.tok.text.bytes().filter(u8::is_ascii_digit);
                reading.bytes().filter(u8::is_ascii_digit).all(|d| own.any(|o| o == d))
            };
            // A word the OCR spelled as a word (as printed, or but for its marks: "Luong", "Vinh") keeps its first
            // letter: a capitalized one, a name or a word ("xã Thanh Lương" had become "xã Thanh xương", a name the
            // language model knows less well); any one in a document printed mostly right ([`AS_PRINTED_CHANGES`]).
            // OCR without a Vietnamese model misreads lowercase first letters too ("ciia" for "của"), and a line of
            // capitals says nothing of names ("DANH UC" is "DANH MỤC").
            let first_fixed = spelled_letters(s.tok.text, cache.ctx.shapes_as_printed)
                && !(Case::of(s.tok.text) == Case::Upper && heading_line(para, i))
                && (keep_id.is_some() || cands.iter().any(|c| same_letters(&lower, &c.text)));
            // Readings the channel finds far less likely than the best one cannot win: leave them out.
            let floor = cands.iter().map(|c| c.channel_logp).fold(keep_score / self.opts.channel_weight, f32::max)
                - self.opts.channel_beam;
            for (j, c) in cands.iter().enumerate() {
                let (ids, text, lp) = (c.lm_ids(), &*c.text, c.channel_logp);
                if ids.len() == 1 && Some(ids[0]) == keep_id
                    || ids.len() > 1 && !splits
                    || lp < floor
                    || s.abbreviation && !same_letters(&lower, text)
                    || digits_only && !number_word && text != "số"
                    || number_word && !text.chars().all(char::is_alphabetic)
                    || c.digits && !digits_kept(text)
                    || unread_sign
                    || lone && text.chars().nth(1).is_none()
                    || cut_down && lone_consonant_word(text)
                    || first_fixed && !self.first_letter_confusable(&lower, text, learned, cache.ctx.shapes_as_printed)
                {
                    continue;
                }
                choices.push(Choice {
                    ids: c.ids,
                    n_ids: c.n_ids,
                    channel: self.opts.channel_weight * lp + change_cost,
                    index: choices.len() as u16,
                });
                pick.push(j as u16);
            }
            let base = choices.iter().map(|c| c.channel).collect();
            // The second pass: the readings the first gave this token, and the document's words.
            let shares = cache.ctx.readings.get(&lower);
            // A person's name opens with a family name.
            let surname = opens_name_line(para, i).then(crate::extract::gazetteer::Gazetteer::builtin);
            for c in choices.iter_mut().filter(|c| c.n_ids == 1) {
                if item_so && matches!(vocab.word(c.ids[0]), "sở" | "số") {
                    c.channel = c.channel.max(NUMBER_KEEP);
                }
                if let Some(shares) = shares {
                    c.channel += TWO_PASS_WEIGHT * shares.iter().find(|x| x.0 == c.ids[0]).map_or(0.0, |x| x.1);
                }
                c.channel += cache.ctx.word_bonus(c.ids[0]);
                if surname.is_some_and(|g| g.is_surname_spelled(vocab.word(c.ids[0]))) {
                    c.channel += SURNAME_BONUS;
                }
            }
            arcs.push(decode::Arc { start: i as u32, len: 1, choices });
            readings.push(Readings::Cands { original: s.tok.text, list: cands, pick, base });
            self.join_arcs(text, para, i, cache, &mut arcs, &mut readings);
        }
        (arcs, readings)
    }

    /// The arcs of slot `i` read together with the next one or two (a word the OCR broke: "quy ét", "théon g",
    /// "1 an" for "lần"), when the slot joins its next.
    fn join_arcs<'a>(
        &self,
        text: &str,
        para: &[Slot<'a>],
        i: usize,
        cache: &mut Caches,
        arcs: &mut Vec<decode::Arc>,
        readings: &mut Vec<Readings<'a>>,
    ) {
        let s = &para[i];
        // In text printed mostly right a sign between letters is the writer's ("p.m.", "e-mail").
        if s.glued_next && cache.ctx.shapes_as_printed {
            return;
        }
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
            // Two tokens are asked about as one word only where they can be one syllable: one run of vowels
            // between them ("cua cac" is two) and a space that can fall inside a word (`split_point`: "to chrc"
            // is two words). Or where together they spell a vocabulary word ("inte rnet") that is not two
            // syllables' shapes glued ("quan ly": the corpora glue "quảnlý"). This saves most of the pair queries.
            if !glued
                && (!one_vowel_run(&joined) || !split_point(s.tok.text, last.tok.text))
                && (!self.index.spells_a_word(&joined) || para[i..i + len].iter().all(|p| letters_shaped(p.tok.text)))
            {
                continue;
            }
            // Two acronyms side by side ("MTTQ VN", "PV HCC") are two words: the page's space stays.
            let acronym = |t: &str| t.chars().nth(1).is_some() && capitals_without_vowel(t);
            if !glued && para[i..i + len].iter().all(|p| acronym(p.tok.text)) {
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
            // The pieces' letters: without the stray symbols when glued, without the OCR's space otherwise.
            let letters: String =
                joined.chars().filter(|&c| if glued { c.is_alphanumeric() } else { !c.is_whitespace() }).collect();
            // Pieces of a word the document reads elsewhere ("NG I" for "NGÃI", "Ng}n" for "Nghị"), scored as
            // printed: the searches' best `take` above would cut these readings, which come after theirs.
            if glued || len == 2 {
                for id in self.near_words(&letters, cache.ctx) {
                    if !list.iter().any(|x| x.0 == id) {
                        let word = self.lm.vocab().word(id);
                        let lp = self.reading_score(&joined, word, self.channel.log_prob(&joined, word), cache.ctx);
                        list.push((id, word.to_string(), lp));
                    }
                }
            }
            if glued {
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
                // A "1" split off a word is its l ("1 an" → "lần"; "chất 1 lượng" keeps its stray 1).
                let head = if s.kind == TokenKind::Number { Some('l') } else { letter(s.tok.text) };
                let tail = letter(last.tok.text);
                // Nor are two words one: the vocabulary holds syllables the corpora glued ("NAMĐộc lập"), which
                // had read "VIỆT NAM Pc lập" as "VIỆT NAMĐỘC lập".
                list.retain(|(_, word, _)| {
                    let f = fold(word);
                    head.is_none_or(|c| f.starts_with(c)) && tail.is_none_or(|c| f.ends_with(c)) && !two_syllables(word)
                });
            }
            for (id, word, lp) in list {
                choices.push(Choice {
                    ids: [id, 0],
                    n_ids: 1,
                    channel: self.opts.channel_weight * lp + cache.ctx.word_bonus(id) + cache.ctx.change_cost,
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

    /// The LM id of an OCR word token kept as it is (lowercase), if it is a word of the vocabulary, and the
    /// channel's score of keeping it; cached per document.
    fn keep(&self, lower: &str, cache: &mut Caches) -> (Option<u32>, f32) {
        if let Some(&k) = cache.memo.keeps.get(lower).or_else(|| cache.ctx.memo.keeps.get(lower)) {
            return k;
        }
        let form = crate::lm::word_form(lower);
        let id = self.vocab_word(&form);
        // The channel is a mixture: with probability `exact` the token was transcribed exactly (clean text, or
        // an OCR engine that reads Vietnamese), otherwise it went through the learned OCR channel (with the
        // document's letters: `DocContext::identity`).
        let score = match id {
            Some(_) => {
                let ocr = self.channel.log_prob(lower, &form) + cache.ctx.identity_bonus(lower, &form);
                let lp = crate::channel::mix_exact(ocr.min(0.0), cache.ctx.exact, true).log10();
                self.opts.channel_weight * with_strip(lp, cache.ctx.strip, || fold(&form) == lower)
            }
            None => self.opts.unknown_keep,
        };
        cache.memo.keeps.insert(lower.to_string(), (id, score));
        (id, score)
    }

    /// Candidates of an OCR token (lowercase), cached per document; in a second pass, with the document's words
    /// one edit away ([`DocContext::near`]).
    fn cands(&self, lower: &str, cache: &mut Caches) -> Cands {
        if let Some(c) = cache.memo.words.get(lower) {
            return c.clone();
        }
        let list = match cache.ctx.memo.words.get(lower) {
            Some(c) if cache.ctx.near.is_empty() => return c.clone(),
            Some(c) => c.clone(),
            None => {
                let mut list = self.index.readings(lower, self.opts.candidates);
                for c in &mut list {
                    c.channel_logp = self.reading_score(lower, &c.text, c.channel_logp, cache.ctx);
                }
                Arc::new(list)
            }
        };
        let near = self.near_readings(lower, &list, cache.ctx);
        let list = if near.is_empty() { list } else { Arc::new(list.iter().cloned().chain(near).collect()) };
        cache.memo.words.insert(lower.to_string(), list.clone());
        list
    }

    /// A reading's channel score `lp` with the document's share of stripped marks and its own letters.
    fn reading_score(&self, lower: &str, reading: &str, lp: f32, ctx: &DocContext) -> f32 {
        (with_strip(lp, ctx.strip, || fold(reading) == lower) + ctx.identity_bonus(lower, reading)).min(0.0)
    }

    /// The words of [`DocContext::near`] one edit away from `lower` (folded) that `list` lacks, as readings: a word
    /// the document spells right elsewhere, which the OCR damaged here past what the search ranks ("Quang Ngi" for
    /// "Quảng Ngãi", whose unigram is rare).
    fn near_readings(&self, lower: &str, list: &[Reading], ctx: &DocContext) -> Vec<Reading> {
        self.near_words(lower, ctx)
            .into_iter()
            .filter(|&id| !list.iter().any(|r| r.n_ids == 1 && r.ids[0] == id))
            .map(|id| {
                let text = self.lm.vocab().word(id);
                let lp = self.reading_score(lower, text, self.channel.log_prob(lower, text), ctx);
                Reading { ids: [id, 0], n_ids: 1, digits: false, text: Arc::from(text), channel_logp: lp }
            })
            .collect()
    }

    /// The words of [`DocContext::near`] one edit away from `lower` (folded), ascending.
    fn near_words(&self, lower: &str, ctx: &DocContext) -> Vec<u32> {
        if ctx.near.is_empty() {
            return Vec::new();
        }
        // In a text that keeps its marks (`DocContext::mark_cost`), a word the token spells with its marks was
        // printed by an OCR that reads them ("thứ", not "thí").
        if ctx.mark_cost < 0.0
            && lower.chars().any(|c| !c.is_ascii() && c != 'đ')
            && self.vocab_word(&crate::lm::word_form(lower)).is_some()
        {
            return Vec::new();
        }
        let f = fold(lower);
        // (a long token's keys grow with its length squared, and it can be no misprint of a word)
        if f.chars().count() + 1 < NEAR_MIN_CHARS || f.len() > NEAR_MAX_CHARS || !f.chars().all(char::is_alphabetic) {
            return Vec::new();
        }
        let mut ids: Vec<u32> =
            deletion_keys(&f, 1).iter().filter_map(|k| ctx.near.get(k)).flatten().copied().collect();
        let spelled = crate::syllable::syllable_shaped(lower);
        // A token that spells no syllable may be a word the document reads often, two edits away ("Nii" for "Ngãi").
        if !spelled && !ctx.near2.is_empty() {
            ids.extend(deletion_keys(&f, 2).iter().filter_map(|k| ctx.near2.get(k)).flatten().copied());
        }
        ids.sort_unstable();
        ids.dedup();
        // A token that spells a syllable keeps its first letter, unless the OCR may have misprinted it or a letter
        // before it was lost ("em" for "xem"): "mai" read "lại", "ran" "cần" were the document's guesses.
        let vocab = self.lm.vocab();
        let learned = self.index.channel().sub_floor() + LEARNED_MARGIN;
        ids.retain(|&id| {
            let word = vocab.word(id);
            !spelled
                || self.first_letter_confusable(lower, word, learned, ctx.shapes_as_printed)
                || fold(word).chars().skip(1).eq(f.chars())
        });
        ids
    }
}

/// Does `token` hold a letter of a script other than Latin (Greek "α", Han "陳", Cyrillic "д")? Vietnamese is
/// written in Latin letters, and the OCR the channel learned prints no others: such a word was printed as it is
/// ("α, β, γ" had become Latin letters, "a, b, c").
fn other_script(token: &str) -> bool {
    token.chars().any(|c| {
        c.is_alphabetic()
            && !matches!(c as u32,
                0..=0x24F              // Basic Latin, Latin-1, Latin Extended-A and -B
                | 0x250..=0x2AF        // IPA extensions
                | 0x1E00..=0x1EFF      // Latin Extended Additional: Vietnamese's precomposed letters
                | 0x2C60..=0x2C7F      // Latin Extended-C
                | 0xA720..=0xA7FF      // Latin Extended-D
                | 0xFB00..=0xFB06      // Latin ligatures the OCR prints ("ﬁ", "ﬂ")
                | 0xFF21..=0xFF3A | 0xFF41..=0xFF5A) // fullwidth Latin
    })
}

/// Is `token` made of signs alone, without a letter or digit ("¢", "£", "&")?
pub(super) fn signs_only(token: &str) -> bool {
    !token.chars().any(char::is_alphanumeric)
}

/// Could a space between OCR tokens `first` and `second` fall inside one word? An OCR splits a word before its
/// vowels ("quy ét", "1 an"), before its last consonants ("tron g", "thii ng") or inside its onset ("t rong", "ng
/// hiêng"); otherwise a consonant opening `second` opens a word of its own ("to chrc", "dinh s6", "sr dung": no word
/// of the seeds' OCR was split so). Letters folded; a sign or digit may stand for a vowel.
pub(super) fn split_point(first: &str, second: &str) -> bool {
    let (first, second) = (fold(first), fold(second));
    let Some(next) = second.chars().next() else { return true };
    ocr_vowel(next)
        || !next.is_ascii_alphabetic()
        || coda_suffix(&second)
        || first.chars().all(|c| c.is_ascii_alphabetic() && !ocr_vowel(c)) && onset_prefix(&format!("{first}{next}"))
}

/// Is folded letter `c` a vowel as this OCR prints them (`w` for "ư")?
fn ocr_vowel(c: char) -> bool {
    matches!(c, 'a' | 'e' | 'i' | 'o' | 'u' | 'y' | 'w')
}

/// Can two space-separated OCR tokens spell one syllable? Not when their letters, marks folded away, hold two
/// separate runs of vowels ("cua cac"): a syllable has one nucleus. Only judged on plain letters (OCR digits and
/// symbols stand for letters of either kind, so such a pair is always asked about); `w` counts as a vowel (the OCR's
/// "ư").
pub(super) fn one_vowel_run(joined: &str) -> bool {
    let folded = fold(joined);
    let letters = folded.chars().filter(|c| *c != ' ');
    if !letters.clone().all(|c| c.is_ascii_alphabetic()) {
        return true;
    }
    let mut runs = 0;
    let mut prev_vowel = false;
    for c in letters {
        let v = ocr_vowel(c);
        if v && !prev_vowel {
            runs += 1;
        }
        prev_vowel = v;
    }
    runs <= 1
}

/// Does `reading` have the letters of the OCR token `ocr` (both lowercase), marks aside, with đ allowed where the
/// OCR has d, p or b (how this OCR prints Đ)?
fn same_letters(ocr: &str, reading: &str) -> bool {
    let (o, r) = (fold(ocr), reading.chars().collect::<Vec<char>>());
    o.chars().count() == r.len()
        && o.chars().zip(&r).all(|(a, &b)| fold_one(b) == a || b == 'đ' && matches!(a, 'd' | 'p' | 'b'))
}

/// Is `word` two letters or more, letters only, and capitalized (Title case or capitals), or in small letters
/// where `any_case`?
fn spelled_letters(word: &str, any_case: bool) -> bool {
    let case_ok = match Case::of(word) {
        Case::Title | Case::Upper => true,
        Case::Lower => any_case,
        Case::Mixed => false,
    };
    case_ok && word.chars().nth(1).is_some() && word.chars().all(char::is_alphabetic)
}

/// Does `word` hold both letters and ASCII digits ("m3", "CH4", "tiên1")?
fn letters_and_digits(word: &str) -> bool {
    word.bytes().any(|b| b.is_ascii_digit()) && word.chars().any(char::is_alphabetic)
}

/// Is `word` three capital letters or more, ASCII or Đ, without a vowel (A E I O U Y)? Outside a heading, such a
/// token the vocabulary does not know is an acronym ("CKS", "NGSP", "ĐCTV"), not a damaged syllable: see
/// [`ACRONYM_KEEP`].
fn vowelless_capitals(word: &str) -> bool {
    word.chars().nth(2).is_some() && capitals_without_vowel(word)
}

/// The channel score of keeping an unknown token of [`vowelless_capitals`] outside a heading, where no reading has
/// its letters (with some D, P or B read as Đ: a known acronym, "HBND" → "HĐND"): −1 instead of
/// [`super::RestoreOptions::unknown_keep`], so that the language model, not the penalty of an unknown word, decides
/// between the acronym and a syllable ("KHOA HQC" still becomes "HỌC"). In the corpus documents' OCR 83 of 87
/// such tokens are right as printed; "CKS" had become "CẤP" and "NGSP" "NGẬP". Leave-one-out ALL SER 1.542% →
/// 1.526%.
const ACRONYM_KEEP: f32 = -1.0;

/// Channel score added to keeping a consonant alone that opens a list item ([`lone_consonant`]).
const LONE_KEEP: f32 = -4.0;

/// Channel score added to a listed family name read for the first word of a person's name
/// ([`opens_name_line`]): "Bang Ngoc Huy" is "Đặng Ngọc Huy" (B is one of this OCR's prints of Đ), where
/// the language model, which seldom sees a name open a line, had preferred "Bằng".
const SURNAME_BONUS: f32 = 3.0;

/// The least unigram log10 probability of a word a sign alone may be read as (see `unread_sign` in
/// `Restorer::lattice`): "ở" is −2.5; the vocabulary's junk "ỹ", which "§" prints inside "k§", −5.8.
const SIGN_WORD_PRIOR: f32 = -5.0;
/// How far (log10) above the channel's floor of unlearned substitutions a reading must be to count as one the
/// channel learned: for a sign to be read as a word ("¢" and "&" for "ở" are −1.2 and −0.8 against −3.0; "§" for
/// "ố", learned once inside a word, −3.01), and for a first letter read as another
/// ([`Restorer::first_letter_confusable`]).
const LEARNED_MARGIN: f32 = 1.0;

/// The channel score of keeping as a number a number the OCR may have printed for a word
/// ([`crate::tokenize::number_may_be_word`]: "16" for "lộ", "14" for "là"), against the word's channel score.
/// It was 0 (exact): leave-one-out, 14 of 19 such words stayed numbers, and 138 numbers were right. −1.5: 10
/// stay numbers, the 138 still right, ALL SER 1.526% → 1.500% (−2: the same; −3: 1.469%, but clean numbers of
/// the admin tail become words, "6:" → "ở:", and the tesseract profile loses 0.004%). Re-swept with the word
/// cache: −2 reads "ty 18 hồ sơ" and "chỉ 50 chuyển đổi số" as words, leave-one-out 1.282% → 1.261%, bench seeds
/// 2.164% → 2.163%, tesseract 0.627% → 0.628%, clean admin tail, strip and book OCR unchanged; −3: 1.241%, but
/// the clean admin tail's "Phụ lục 1:" becomes "Phụ lục i:".
const NUMBER_KEEP: f32 = -2.0;

/// log10 cost of each stray symbol dropped from a word the OCR broke with noise ("ta_r]g" read as "targ").
const STRAY_SYMBOL: f32 = -1.0;

/// Is slot `i` the first word of its line, of four characters at most, its letters starting with an s (or a
/// digit 8 or 5 for it), right before a document number ("sS4 19-CT/TU", "S&: 1260/BC-SKHCN")? That is the header's
/// "Số" label, whatever the OCR printed.
fn opens_number_label(para: &[Slot], i: usize) -> bool {
    let s = &para[i];
    s.kind == TokenKind::Word
        && first_on_line(para, i)
        && s.tok.text.chars().count() <= 4
        && s.tok.text.starts_with(['s', 'S', '8', '5'])
        && number_follows(para, i)
}

/// The channel log10 score of reading the header's number label as "số" where the candidate search did not offer
/// it ([`opens_number_label`]): a word the OCR damaged past one edit, which the language model then weighs.
const LABEL_SO: f32 = -3.0;

/// A choice that is the only reading of a fixed token.
fn fixed(id: u32) -> Choice {
    Choice { ids: [id, 0], n_ids: 1, channel: 0.0, index: 0 }
}

/// Is `word` one consonant letter ("d", "đ", "b")?
fn lone_consonant_word(word: &str) -> bool {
    let mut cs = word.chars();
    cs.next().is_some_and(|c| c.is_alphabetic() && !vowel_letter(c)) && cs.next().is_none()
}

/// Is `word` two syllables written as one ("namđộc", "đồngđối"), not a syllable?
fn two_syllables(word: &str) -> bool {
    !is_syllable(word) && word.char_indices().skip(1).any(|(i, _)| is_syllable(&word[..i]) && is_syllable(&word[i..]))
}
