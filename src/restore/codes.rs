//! Document codes: the letters of "2289/QP-TTG" restored to "2289/QĐ-TTg" from a lexicon of the code parts the
//! corpora and the gazetteer know; digits are never touched.

use std::collections::HashMap;

use super::layout::{in_capitals, long};
use super::{Caches, DocContext, RestoreOptions, Restorer, with_strip};
use crate::channel::{ChannelModel, FxMap};
use crate::decode;
use crate::extract::gazetteer::{Gazetteer, Kind};
use crate::extract::shapes::DateWord;
use crate::lexicon::Vocab;
use crate::model::LmModel;
use crate::syllable::{fold, fold_one};
use crate::tokenize::{Token, TokenKind};

impl Restorer {
    /// The words the path reads before `step`, the nearest first, at most four, up to a number or an unknown word.
    pub(super) fn words_before(&self, arcs: &[decode::Arc], path: &[(usize, usize)], step: usize) -> Vec<&str> {
        let vocab = self.lm.vocab();
        path[..step]
            .iter()
            .rev()
            .flat_map(|&(a, c)| arcs[a].choices[c].lm_ids().iter().rev())
            .take_while(|&&id| id > Vocab::NUM)
            .take(4)
            .map(|&id| vocab.word(id))
            .collect()
    }

    /// Does the path read, from `step` on, a document type's name of two words or more and then "số" or a number:
    /// the name of one document ("Căn cứ Quyết định số 12/QĐ-UBND", "theo Kế hoạch 15/KH-UBND"), which takes a
    /// capital? (A type of one word is often part of another: "pháp luật số 64/2025/QH15" is a law's name.)
    pub(super) fn names_one_document(&self, arcs: &[decode::Arc], path: &[(usize, usize)], step: usize) -> bool {
        let vocab = self.lm.vocab();
        let ids: Vec<u32> =
            path[step..].iter().flat_map(|&(a, c)| arcs[a].choices[c].lm_ids().iter().copied()).take(6).collect();
        let words: Vec<&str> = ids.iter().take_while(|&&id| id > Vocab::NUM).map(|&id| vocab.word(id)).collect();
        let folded = fold(&words.join(" "));
        let g = Gazetteer::builtin();
        let Some(hit) = g.type_at(&folded, 0).filter(|h| matches!(folded.as_bytes().get(h.end), None | Some(b' ')))
        else {
            return false;
        };
        let n = folded[..hit.end].split(' ').count();
        n >= 2 && ids.get(n).is_some_and(|&id| id == Vocab::NUM || vocab.word(id) == "số")
    }

    /// The code parts that the first letters of a body's name the path reads around `step` spell, as a body's
    /// code is made ("Sở Khoa học và Công nghệ tại Tờ trình số 110/TTr-8KHCN": "SKHCN", not the likelier "BKHCN";
    /// "Kế hoạch số 02/KH-8CĐ ngày 15/5/2025 của Ban Chỉ đạo": "BCĐ"): from a head word of the gazetteer's ("Sở",
    /// "Ban", "Ủy ban") on, each syllable gives its first letter, "và" none, within [`BODY_WINDOW`] words on either
    /// side; and the codes of the bodies the gazetteer lists by name there ("Tỉnh ủy": "TU"). Lexicon entries
    /// only, no document type.
    pub(super) fn bodies_named(&self, arcs: &[decode::Arc], path: &[(usize, usize)], step: usize) -> Vec<u32> {
        let vocab = self.lm.vocab();
        let ids = |&(a, c): &(usize, usize)| arcs[a].choices[c].lm_ids();
        let mut before: Vec<u32> =
            path[..step].iter().rev().flat_map(|s| ids(s).iter().rev().copied()).take(BODY_WINDOW).collect();
        before.reverse();
        let after: Vec<u32> = path[step + 1..].iter().flat_map(|s| ids(s).iter().copied()).take(BODY_WINDOW).collect();
        let mut found = Vec::new();
        let mut add = |code: &str| {
            if let Some(i) = self.codes.position(code)
                && !self.codes.entries[i as usize].is_type
                && !found.contains(&i)
            {
                found.push(i);
            }
        };
        let g = Gazetteer::builtin();
        for side in [before, after] {
            for run in side.split(|&id| id <= Vocab::NUM) {
                let words: Vec<&str> = run.iter().map(|&id| vocab.word(id)).collect();
                // The bodies the gazetteer lists by name, with their codes ("Tỉnh ủy": "TU"; "Ban Chỉ đạo Trung
                // ương": "BCĐTW").
                for hit in g.issuers_in(&fold(&words.join(" "))) {
                    let e = g.entry(hit.entry);
                    if e.kind == Kind::Body {
                        e.codes.iter().for_each(|c| add(c));
                    }
                }
                let heads = |s: usize| {
                    let w = &words[s..];
                    self.codes.heads.iter().any(|h| h.len() <= w.len() && h.iter().zip(w).all(|(a, b)| a == b))
                };
                for start in (0..words.len()).filter(|&s| heads(s)) {
                    let mut initials = String::new();
                    for word in words[start..].iter().filter(|&&w| w != "và").take(BODY_SYLLABLES) {
                        // Marks dropped but Đ's ("Ủy ban nhân dân": "UBND"; "Ban Chỉ đạo": "BCĐ").
                        initials.extend(word.chars().next().map(|c| match c {
                            'đ' => 'Đ',
                            c => fold_one(c).to_ascii_uppercase(),
                        }));
                        if initials.chars().count() >= BODY_MIN_LETTERS {
                            add(&initials);
                        }
                    }
                }
            }
        }
        found
    }

    /// The code of the document type that the words read just before a document code name ("Công điện số
    /// 95/CP-TTg" → "CĐ"): the last one to three words of the path before `step`, "số" aside.
    pub(super) fn type_code_before(
        &self,
        arcs: &[decode::Arc],
        path: &[(usize, usize)],
        step: usize,
    ) -> Option<&'static str> {
        let mut words = self.words_before(arcs, path, step);
        if words.first() == Some(&"số") {
            words.remove(0);
        }
        (1..=words.len().min(3))
            .rev()
            .find_map(|n| type_code_of(&words[..n].iter().rev().copied().collect::<Vec<_>>().join(" ")))
    }

    /// The type code of the document's title (`title`: [`title_type`]) for its number `code`, the one after the
    /// header's label, unless the number prints a type's code as it is: a number that names its type wins over a
    /// title line.
    pub(super) fn title_names(&self, code: &str, title: Option<&'static str>) -> Option<&'static str> {
        title.filter(|_| !code.split(['/', '-']).any(|part| self.codes.is_type(part)))
    }

    /// Restores the letters of a document code's parts: "2289/QP-TTG" → "2289/QĐ-TTg". Digits are never
    /// touched. `after` says what the code's first part is glued to: its number (the place of the document type:
    /// QĐ, NQ, KH ...), or a code the tokenizer ended before it (a part it could not read as one: "8YT" of
    /// "45/KH-8YT"); `named` is the type code the text names before it, if any; `bodies` the code parts of the
    /// bodies it names around it ([`Restorer::bodies_named`]). `None` when nothing changes.
    pub(super) fn restore_code(
        &self,
        code: &str,
        after: After,
        named: Option<&str>,
        bodies: &[u32],
        cache: &mut Caches,
    ) -> Option<String> {
        let mut first = after == After::Number;
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
            // is kept unless it reads as a number. Right after a number's "/" ("505/0D-UBND") or a code
            // ("45/KH-8YT") it is a part.
            let fixed = if is_number {
                None
            } else if let Some(y) = (k == 0 && first).then(|| misread_year(part)).flatten() {
                is_number = true;
                Some(y)
            } else if let Some(n) =
                (k == 0).then(|| self.misread_number(part, sep, pieces.get(1).map(|p| p.0))).flatten()
            {
                is_number = true;
                Some(n)
            } else if k == 0 && after == After::Other && part.starts_with(|c: char| c.is_ascii_digit()) {
                None
            } else {
                self.code_part(part, first, named.filter(|_| first), bodies, cache)
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
    pub(super) fn misread_number(&self, part: &str, sep: &str, next: Option<&str>) -> Option<String> {
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
    /// within one letter of its length, and a bonus for a body the text names around the code (`bodies`:
    /// [`Restorer::bodies_named`]). `None` when it is best left as it is.
    fn code_part(
        &self,
        part: &str,
        first: bool,
        named: Option<&str>,
        bodies: &[u32],
        cache: &mut Caches,
    ) -> Option<String> {
        // A run of digits in a part is a number ("19T06"): never rewritten; the letters before a number that ends
        // the part, without marks but Đ's, are read as a part of their own ("OH15" → "QH15", the corpora's "QH" of
        // the 15th National Assembly), and the number's look-alike letters as digits ("QH1S" → "QH15"). A lone
        // digit among letters may be an OCR letter ("0D" for "QĐ", "0H15" for "QH15").
        if let Some((letters, tail)) = number_tail(part).map(|at| part.split_at(at)).filter(|(letters, _)| {
            letters.chars().count() >= 2
                && letters.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, 'Đ' | 'đ'))
                && letters.chars().filter(char::is_ascii_digit).count() <= 1
        }) {
            let digits: String = tail.chars().filter_map(digit_lookalike).collect();
            let fixed = self.code_part(letters, first, named, bodies, cache);
            return (fixed.is_some() || digits != tail).then(|| fixed.unwrap_or_else(|| letters.to_string()) + &digits);
        }
        if digit_run(part) {
            return None;
        }
        if !part.chars().any(char::is_uppercase) {
            return None;
        }
        let lower = part.to_lowercase();
        let (fixed, best) = self.lexicon_part(part, &lower, first, named, cache);
        // A body named around the code, read over the lexicon's best (kept out of the memo, which the second pass
        // reads as the first pass's evidence of the document's code parts); not in a type's place the text names.
        if bodies.is_empty() || first && named.is_some() {
            return fixed;
        }
        let (len, readings) = (lower.chars().count(), letter_readings(&lower));
        let body = first_best(
            (bodies.iter().map(|&i| &self.codes.entries[i as usize]))
                .filter(|e| self.fits(e, part, len, cache.ctx))
                .map(|e| (self.part_score(e, part, &lower, &readings, cache.ctx) + e.prior_in(first) + BODY_BONUS, e)),
        );
        match body {
            Some((score, e)) if score > best => (e.text != part).then(|| e.text.clone()),
            _ => fixed,
        }
    }

    /// May code part `part` (`len` chars) be read as lexicon entry `e`: within one letter of its length, and in
    /// text printed mostly right the part as printed but for a Đ that lost its stroke ([`DocContext::may_rewrite`]:
    /// "VA-111", "KF-16", "Mk-82" had become "VLA-111", "KLF-16", "MK-82").
    fn fits(&self, e: &CodeEntry, part: &str, len: usize, ctx: &DocContext) -> bool {
        e.len.abs_diff(len) <= 1 && ctx.may_rewrite(part, &e.text)
    }

    /// log10 of the channel's best reading of `part` (`lower` its small letters, `readings` theirs with digits
    /// read as letters) as entry `e`.
    fn part_score(&self, e: &CodeEntry, part: &str, lower: &str, readings: &[String], ctx: &DocContext) -> f32 {
        let code_channel = &self.codes.channel;
        let channel = readings
            .iter()
            .map(|r| code_channel.mixed_prob(r, &e.lower, ctx.exact, e.text == part))
            .fold(0.0, f32::max);
        with_strip(channel.log10(), ctx.strip, || fold(&e.lower) == lower)
    }

    /// The lexicon's best reading of code part `part` (`lower` its small letters) and its score: the part itself
    /// (`None`) or an entry, memoized where the text names no type.
    fn lexicon_part(
        &self,
        part: &str,
        lower: &str,
        first: bool,
        named: Option<&str>,
        cache: &mut Caches,
    ) -> (Option<String>, f32) {
        let key = (part.to_string(), first);
        if named.is_none()
            && let Some(hit) = cache.memo.codes.get(&key)
        {
            return hit.clone();
        }
        let ctx: &DocContext = cache.ctx;
        let len = lower.chars().count();
        let fits = |e: &CodeEntry| self.fits(e, part, len, ctx);
        // A part no code has, read elsewhere in the document from other spellings: a document cites the same codes
        // again, and the OCR damages each citation its own way ("BCPTW", "BCBTW", "BCHDTW"). Not where the text
        // names the document's type, whose code that bonus picks.
        let doc_parts: Vec<&CodeEntry> = if named.is_none() && !self.codes.contains(part) {
            let others = |spellings: &[String]| spellings.iter().filter(|s| *s != part).count();
            (ctx.code_parts.iter())
                .filter(|(_, spellings)| others(spellings) >= DOC_CODE_SPELLINGS)
                .filter_map(|(text, _)| self.codes.get(text).filter(|e| fits(e)))
                .collect()
        } else {
            Vec::new()
        };
        // The channel never saw a digit for a letter: read each digit also as the letters it looks like.
        let readings = letter_readings(lower);
        let score = |entry: &CodeEntry, prior: f32| self.part_score(entry, part, lower, &readings, ctx) + prior;
        // The best of the document's parts.
        let doc_best =
            first_best(doc_parts.iter().map(|e| (score(e, e.prior_in(first) + DOC_CODE_BONUS), e.text.as_str())));
        // The first pass's reading is the best of the lexicon: only the document's parts remain to be scored (if
        // that reading is still allowed: the first pass did not know the text printed mostly right).
        if named.is_none()
            && let Some((fixed, lexicon_best)) = ctx.memo.codes.get(&key)
            && fixed.as_deref().is_none_or(|f| ctx.may_rewrite(part, f))
        {
            let mut best = (*lexicon_best, fixed.as_deref().unwrap_or(part));
            if let Some(d) = doc_best.filter(|d| d.0 > best.0) {
                best = d;
            }
            let found = ((best.1 != part).then(|| best.1.to_string()), best.0);
            cache.memo.codes.insert(key, found.clone());
            return found;
        }
        // The part as printed stays a reading (a code part the corpora never had, such as "BCVT").
        let keep_lp = self.codes.channel.mixed_prob(lower, lower, ctx.exact, true).log10();
        let keep = with_strip(keep_lp, ctx.strip, || fold(lower) == lower) + CODE_KEEP;
        let mut best = (keep, part);
        // The type the text names before the number ("Công điện số 95/CP-TTg"), with the bonus of a type again.
        let named_entry = named.and_then(|n| self.codes.get(n)).filter(|e| fits(e));
        if let Some(e) = named_entry {
            let s = score(e, e.prior_first + self.opts.code_type);
            if s > best.0 {
                best = (s, &e.text);
            }
        }
        if let Some(d) = doc_best.filter(|d| d.0 > best.0) {
            best = d;
        }
        // Highest prior first: a channel score is never positive, so once the prior cannot beat the best score
        // no later entry can.
        let order = if first { &self.codes.by_prior_first } else { &self.codes.by_prior };
        for &i in order {
            let entry = &self.codes.entries[i as usize];
            let bound = entry.prior_in(first);
            if bound <= best.0 {
                break;
            }
            // Where the text names the document's type, another type's code is no likelier than any code part.
            let prior = if named.is_some() && entry.is_type { entry.prior } else { bound };
            // Capitals printed as they are ("TTH") are re-cased only to a spelling the corpora print ("TTG" →
            // "TTg"), never to one only the gazetteer lists (the type code "TTh").
            if !fits(entry) || !entry.printed && entry.lower == lower && entry.text != part {
                continue;
            }
            let s = score(entry, prior);
            if s > best.0 {
                best = (s, &entry.text);
            }
        }
        // A misread part read as another type's code than the one the text names ("Nghị quyết số 57-NB/TW": "NĐ",
        // the OCR's commonest Đ, against "NQ"): the named one, unless the channel finds it far less likely
        // ([`NAMED_TYPE_MARGIN`]: "Nghị quyết số 2289/QP-TTG" stays QĐ). A type code printed as it is stays.
        if let Some(e) = named_entry
            && best.1 != part
            && best.1 != e.text
            && self.codes.get(best.1).is_some_and(|b| b.is_type)
            && score(e, e.prior_first + self.opts.code_type) >= best.0 - NAMED_TYPE_MARGIN
        {
            best.1 = &e.text;
        }
        let found = ((best.1 != part).then(|| best.1.to_string()), best.0);
        if named.is_none() {
            cache.memo.codes.insert(key, found.clone());
        }
        found
    }
}

/// The highest-scoring item, the first of equals.
fn first_best<T>(items: impl Iterator<Item = (f32, T)>) -> Option<(f32, T)> {
    items.fold(None, |b, x| if b.as_ref().is_some_and(|b: &(f32, T)| b.0 >= x.0) { b } else { Some(x) })
}

/// Is code part `fixed` the OCR's `part` with some D's (d's) given back their stroke, and nothing else changed?
pub(super) fn strokes_only(part: &str, fixed: &str) -> bool {
    part.chars().count() == fixed.chars().count()
        && part.chars().zip(fixed.chars()).all(|(p, f)| p == f || matches!((p, f), ('D', 'Đ') | ('d', 'đ')))
}

/// The document's title among its first lines, a line in capitals that names a document type and nothing else
/// ("NGHI QUYET", "KẾ HOẠCH"): where the line starts, and the type's code ("NQ", "KH"). The number above it, after
/// the "Số" label, names the same type ([`Restorer::restore_code`]'s `named`).
pub(super) fn title_type(text: &str) -> Option<(usize, &'static str)> {
    let mut at = 0;
    for line in text.split_inclusive('\n').take(TITLE_LINES) {
        let start = at;
        at += line.len();
        let letters = line.chars().filter(|c| c.is_alphabetic());
        let (n, upper) = letters.fold((0, 0), |(n, u), c| (n + 1, u + usize::from(c.is_uppercase())));
        if n < 4 || upper * 4 < n * 3 {
            continue;
        }
        let words = crate::tokenize::single_spaced(line);
        if let Some(code) = type_code_of(&words).or_else(|| near_type_code(&words)) {
            return Some((start, code));
        }
    }
    None
}

/// The code of the document type whose name `words` (words joined by single spaces) are, all of them, marks and
/// case aside ("Công điện" → "CĐ", "NGHI QUYET" → "NQ").
fn type_code_of(words: &str) -> Option<&'static str> {
    let g = Gazetteer::builtin();
    let name = fold(words);
    let hit = g.type_at(&name, 0).filter(|h| h.end == name.len())?;
    g.entries()[hit.entry].codes.first().map(String::as_str)
}

/// The code of the document type whose name `words` spell, all of them, with some OCR damage ("CÉNG DIÉN": this
/// OCR's é for ô), within the gazetteer's near match (an edit in a short word).
fn near_type_code(words: &str) -> Option<&'static str> {
    let g = Gazetteer::builtin();
    let folded = fold(words).to_lowercase();
    let words: Vec<&str> = folded.split(' ').collect();
    let (entry, _) = g.fuzzy(&words, &[Kind::Type]).filter(|&(_, n)| n == words.len())?;
    g.entries()[entry].codes.first().map(String::as_str)
}

/// How far down a document its title may stand.
const TITLE_LINES: usize = 25;

/// What a code part the restorer reads on its own follows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum After {
    /// The code's number, across a `/` or `-` ("0D" of "505/0D-UBND"), or "năm" (a year).
    Number,
    /// A code, across a `/` or `-`: the part the tokenizer could not read as one ("8YT" of "45/KH-8YT").
    Code,
    /// Anything else.
    Other,
}

/// Is token `i` the type part of a document number whose digits were left blank or are illegible, the digits
/// written in by hand after printing ("Số: £ /KI-UBND", "Số:    /KH-UBND")? Glued after a `/` that follows a
/// space or opens the line, and before another part. It is read in the place of the type code, as after a number.
pub(super) fn blank_number(toks: &[Token], i: usize) -> bool {
    i >= 1
        && toks[i - 1].text == "/"
        && (i == 1 || toks[i - 2].kind == TokenKind::Space)
        && toks.get(i + 1).is_some_and(|t| matches!(t.text, "-" | "/"))
        && toks.get(i + 2).is_some_and(|t| t.kind == TokenKind::Word)
}

/// Is word token `i` a part of a document code: shaped like one (starts with an uppercase letter, at most one
/// lowercase letter: "KH", "TU", "TTg", "QĐ") and glued to a `/`, or to a `-` whose other side is a number, a code
/// or another such part? A capitalized syllable with marks other than đ's stroke ("THẺ/CẤP", "SẢN/THĂM") is a word
/// of a heading, printed with its marks: not a code part. Nor are two syllables on either side of a `/` ("DI
/// VAT/CO VAT", "CAP/CAP LAI", "Đơn vị/CA nhân": "di vật/cổ vật", "cấp/cấp lại" that lost their marks; of three
/// letters or more, also those whose letters spell a syllable but for a horn or circumflex: "XA/PHUONG"), unless
/// they open a line that is not in capitals: a code cut by a line break may spell two ("1845-\nOP/TU ngay …" for
/// "QĐ/TU").
pub(super) fn code_like(toks: &[Token], i: usize) -> bool {
    // (A small b first is this OCR's capital Đ: "45-KH/bU" for "45-KH/ĐU".)
    let shaped = |t: &Token| {
        t.kind == TokenKind::Word
            && (t.text.starts_with(|c: char| c.is_uppercase() || c.is_ascii_digit())
                || t.text.starts_with('b') && t.text[1..].starts_with(char::is_uppercase))
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
    // The separator on each side and the token across it.
    let sides =
        [(i.checked_sub(1).map(|j| &toks[j]), i.checked_sub(2).map(|j| &toks[j])), (toks.get(i + 1), toks.get(i + 2))];
    // A syllable, or three letters or more that spell one but for the marks this OCR strips ("PHUONG", "XUAT").
    let syllable = |w: &str| {
        crate::syllable::syllable_shaped(w) || w.chars().nth(2).is_some() && crate::syllable::letters_shaped(w)
    };
    let syllables = |(sep, other): (Option<&Token>, Option<&Token>)| {
        sep.is_some_and(|s| s.text == "/") && other.is_some_and(|o| o.kind == TokenKind::Word && syllable(o.text))
    };
    if syllable(toks[i].text)
        && sides.into_iter().any(syllables)
        && (!opens_line(toks, i) || in_capitals(toks.iter().filter(|t| long(t.kind, t.text)).map(|t| t.text)))
    {
        return false;
    }
    let glued = |(sep, other): (Option<&Token>, Option<&Token>)| match sep.map(|t| t.text) {
        Some("/") => true,
        Some("-") => other.is_some_and(|o| matches!(o.kind, TokenKind::Number | TokenKind::Code) || shaped(o)),
        _ => false,
    };
    // A code the OCR broke with a space after its "-" ("1314/NQ- UBTVQH1S"), as the extractor reads it.
    let spaced_after_code = i >= 3
        && toks[i - 1].text == " "
        && toks[i - 2].text == "-"
        && toks[i - 3].kind == TokenKind::Code
        && !toks[i].text.starts_with(|c: char| c.is_ascii_digit());
    sides.into_iter().any(glued) || spaced_after_code
}

/// Does the run of `/`-joined words holding token `i` open its line?
fn opens_line(toks: &[Token], i: usize) -> bool {
    let mut first = i;
    while first >= 2 && toks[first - 1].text == "/" && toks[first - 2].kind == TokenKind::Word {
        first -= 2;
    }
    toks[..first].iter().all(|t| t.kind == TokenKind::Space)
}

/// The year a part right after a number's separator (or a word after "năm") stands for when the OCR read a digit
/// or two of it as letters ("202S" of "12/202S/QH15", "2O2S" of "15/5/2O2S"): four chars, a digit first and at
/// least two in all, each a digit or a look-alike letter, reading 19xx or 20xx.
pub(super) fn misread_year(part: &str) -> Option<String> {
    let digits = part.bytes().filter(u8::is_ascii_digit).count();
    if part.len() != 4 || digits < 2 || !part.starts_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
    let year: String = part.chars().map(digit_lookalike).collect::<Option<_>>()?;
    (year.starts_with("19") || year.starts_with("20")).then_some(year)
}

/// A code that is the day and month of a date whose year follows it ("10/S" before "/2024": "10/5"; "S/10"),
/// with a digit the OCR printed as a letter read back: the year (after the same separator, `/` or `-`) 19xx or
/// 20xx, its digits perhaps misread too, and day (1–31) and month (1–12) each a digit or two or their look-alikes.
/// `after` is the line's text after the code.
pub(super) fn misread_date(code: &str, after: &str) -> Option<String> {
    let (day, month) = code.split_once(['/', '-'])?;
    let sep = &code[day.len()..=day.len()];
    let year = after.strip_prefix(sep)?.split(|c: char| !c.is_alphanumeric()).next()?;
    let plain_year = year.len() == 4 && year.bytes().all(|b| b.is_ascii_digit()) && year.starts_with(['1', '2']);
    if !plain_year && misread_year(year).is_none() {
        return None;
    }
    let value = |part: &str, max: u32| -> Option<String> {
        let digits: String = part.chars().map(digit_lookalike).collect::<Option<_>>()?;
        (1..=2).contains(&digits.len()).then_some(())?;
        (1..=max).contains(&digits.parse::<u32>().ok()?).then_some(digits)
    };
    let out = format!("{}{sep}{}", value(day, 31)?, value(month, 12)?);
    (out != code).then_some(out)
}

/// The day or month of a date written out ("ngày 05 tháng 9 năm 2019") that the OCR printed with a letter for a
/// digit ("ngày 0S tháng 9", "tháng l2 năm"): word `i` of `para` holds a digit, every char of it a digit or a
/// digit's look-alike, and stands, after single spaces on one line, between "ngay" and "thang" (a day, 1–31) or
/// "thang" and "nam" (a month, 1–12), as the OCR printed them marks and a letter aside ("thdang", "nim"); so does
/// one look-alike letter alone ("tháng S năm"). A sign that looks like no digit ("ngày § tháng": a handwritten
/// day) is no such date part.
pub(super) fn misread_date_part(text: &str, para: &[super::Slot], i: usize) -> Option<String> {
    let cur = &para[i];
    let word = cur.tok.text;
    // A digit, or one letter alone (no word is one letter there: "tháng S năm").
    let one_char = word.chars().nth(1).is_none();
    if cur.kind != TokenKind::Word
        || !(one_char || word.bytes().any(|b| b.is_ascii_digit()))
        || i == 0
        || i + 1 >= para.len()
    {
        return None;
    }
    // One space apart, so on one line.
    let plain = |j: usize| super::layout::gap_before(text, para, j) == " ";
    // The date's words as the OCR may print them ("thdang", "théng", "nim").
    let (before, after) = (para[i - 1].tok.text, para[i + 1].tok.text);
    let max = if DateWord::Day.is(before) && DateWord::Month.is(after) {
        31
    } else if DateWord::Month.is(before) && DateWord::Year.is(after) {
        12
    } else {
        return None;
    };
    if !plain(i) || !plain(i + 1) {
        return None;
    }
    let digits: String = word.chars().map(digit_lookalike).collect::<Option<_>>()?;
    ((1..=2).contains(&digits.len()) && (1..=max).contains(&digits.parse::<u32>().ok()?)).then_some(digits)
}

/// How much (log10) less likely than another type's code the type code the text names may be and still be read
/// ([`Restorer::restore_code`]): "NB" after "Nghị quyết" is "NQ" (1.3 below "NĐ"), "QP" stays "QĐ" (5.2 above
/// "NQ"), "ND" stays "NĐ" (3.4).
const NAMED_TYPE_MARGIN: f32 = 2.0;

/// Does `s` hold two digits in a row (a number, never an OCR reading of letters)?
fn digit_run(s: &str) -> bool {
    s.as_bytes().windows(2).any(|w| w[0].is_ascii_digit() && w[1].is_ascii_digit())
}

/// Where the number that ends a code part starts ("QH15" → 2), if it does: two or more chars at the part's end,
/// the first a digit, the others digits or the letters OCR engines print for them ("QH1S" → 2: "15"). The letters
/// before it may hold a digit the OCR printed for a letter ("0H15" for "QH15"). `None` for a part with no such
/// number ("BCT2").
fn number_tail(s: &str) -> Option<usize> {
    let chars: Vec<(usize, char)> = s.char_indices().collect();
    let mut start = chars.len();
    while start > 0 && digit_lookalike(chars[start - 1].1).is_some() {
        start -= 1;
    }
    // The number's first char is a digit ("QHD15": "D" is the letters' own).
    while start < chars.len() && !chars[start].1.is_ascii_digit() {
        start += 1;
    }
    (chars.len() - start >= 2).then(|| chars.get(start).map_or(s.len(), |c| c.0))
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

/// The lowercase letters a digit looks like in print (the other side of [`digit_lookalike`]: "0" → o q d), and
/// the S this OCR also prints as 8 ("8é:" for "Số:", "TTr-8XD" for "TTr-SXD"), though an S among digits is a 5.
fn letter_lookalikes(d: char) -> impl Iterator<Item = char> {
    ('a'..='z').filter(move |&c| {
        d == '8' && c == 's' || [c, c.to_ascii_uppercase()].iter().any(|&l| digit_lookalike(l) == Some(d))
    })
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
pub(super) struct CodeLexicon {
    /// The channel with the floor [`RestoreOptions::code_sub_floor`].
    channel: ChannelModel,
    /// Sorted by text.
    entries: Vec<CodeEntry>,
    /// Indices of `entries` by `prior`, and by `prior_first`, highest first.
    by_prior: Vec<u32>,
    by_prior_first: Vec<u32>,
    /// The parts the lexicon writes in capitals, and in no other case ("HĐND", "QĐ", "HTX"), by their small
    /// letters.
    capitals: FxMap<String, String>,
    /// The gazetteer's head words of a body's name, by syllable, in small letters (["ủy", "ban"]).
    heads: Vec<Vec<String>>,
}

struct CodeEntry {
    text: String,
    is_type: bool,
    /// Whether the corpora print it (else only the gazetteer knows it).
    printed: bool,
    lower: String,
    len: usize,
    prior: f32,
    prior_first: f32,
}

impl CodeEntry {
    /// Its prior in the place after a code's number (where document types stand) or elsewhere.
    fn prior_in(&self, first: bool) -> f32 {
        if first { self.prior_first } else { self.prior }
    }
}

/// log10 prior of a code part kept as printed, against the lexicon's parts (whose priors are 0.5·log10 count, +1
/// when the gazetteer knows them): 0 kept OCR damage such as "BCP" for "BCĐ"; −2 and −3.5 were measured (leave-one-out
/// ALL SER 1.941% and 1.947%).
const CODE_KEEP: f32 = -2.0;
/// log10 bonus of a code part the first pass read from at least [`DOC_CODE_SPELLINGS`] other OCR spellings of the
/// same document, for a printed part that is no known code part ([`Restorer::code_part`]). Leave-one-out ALL SER
/// 1.173% at 0, 1.168% at 1 ("0BD" → "QĐ"), 1.163% at 2 and 3 ("BCHDTW" → "BCĐTW" too).
const DOC_CODE_BONUS: f32 = 2.0;
/// See [`DOC_CODE_BONUS`]: with one other spelling, "SAN/" of "KHOÁNG SAN/" became a code part "SN" read elsewhere.
const DOC_CODE_SPELLINGS: usize = 2;

/// log10 bonus of a code part that the words around the code spell ([`Restorer::bodies_named`]).
const BODY_BONUS: f32 = 2.0;
/// How many words on either side of a code [`Restorer::bodies_named`] reads.
const BODY_WINDOW: usize = 16;
/// The fewest letters of a body's code [`Restorer::bodies_named`] reads: two letters are spelled by chance
/// ("Tờ trình số 110/TTr-8KHCN" after "Giám đốc Sở" spells "TĐ", "ĐN", "GĐ", "SK").
const BODY_MIN_LETTERS: usize = 3;
/// The most syllables a body's code is made from ("Văn hóa, Thể thao và Du lịch": six).
const BODY_SYLLABLES: usize = 8;

/// Default [`RestoreOptions::code_sub_floor`].
pub(super) const CODE_SUB_FLOOR: f32 = -5.0;

impl CodeLexicon {
    pub(super) fn new(lm: &LmModel, channel: &ChannelModel, opts: &RestoreOptions) -> CodeLexicon {
        let gaz = Gazetteer::builtin();
        let mut map: HashMap<String, (u64, bool, bool)> = HashMap::new();
        for (text, count) in lm.code_parts() {
            map.entry(text.clone()).or_default().0 += count;
        }
        for e in gaz.entries() {
            let is_type = e.kind == Kind::Type;
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
                    printed: count > 0,
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
        let mut lowers: FxMap<&str, usize> = FxMap::default();
        for e in &entries {
            *lowers.entry(&e.lower).or_default() += 1;
        }
        // Only a part with one spelling: "TTG" beside "TTg", "VNEID" beside "VNeID" stay to the decoder's case.
        let capitals = (entries.iter())
            .filter(|e| e.text.chars().all(|c| c.is_ascii_uppercase() || c == 'Đ') && lowers[e.lower.as_str()] == 1)
            .map(|e| (e.lower.clone(), e.text.clone()))
            .collect();
        let heads = (gaz.entries().iter())
            .filter(|e| e.kind == Kind::Head)
            .map(|e| e.name.to_lowercase().split(' ').map(String::from).collect())
            .collect();
        CodeLexicon {
            heads,
            channel: channel.with_sub_floor(opts.code_sub_floor),
            entries,
            by_prior,
            by_prior_first,
            capitals,
        }
    }

    /// The capitals of an acronym from its small letters ("hđnd" → "HĐND"): a part the lexicon writes in capitals
    /// only, whose letters are consonants but for at most one plain vowel among three or more ("UBND", "TAND"),
    /// where a word of a foreign language has more ("TRADE") and a name a marked one ("ĐẮK"), and that spells no
    /// syllable.
    pub(super) fn capitals(&self, lower: &str) -> Option<&str> {
        let caps = self.capitals.get(lower)?;
        let len = lower.chars().count();
        let vowels = lower.chars().filter(|c| "aeiouy".contains(*c)).count();
        let shaped = vowels == 0 && len >= 2 || vowels == 1 && len >= 4 && !crate::syllable::is_syllable(lower);
        shaped.then_some(caps.as_str())
    }

    /// The index of `part`'s entry, as written.
    fn position(&self, part: &str) -> Option<u32> {
        self.entries.binary_search_by(|e| e.text.as_str().cmp(part)).ok().map(|i| i as u32)
    }

    /// The entry of `part`, as written.
    fn get(&self, part: &str) -> Option<&CodeEntry> {
        self.position(part).map(|i| &self.entries[i as usize])
    }

    /// Is `part` a code part or acronym of the corpora or the gazetteer, as written?
    pub(super) fn contains(&self, part: &str) -> bool {
        self.position(part).is_some()
    }

    /// Is `part` the abbreviation of a document type ("QĐ", "NQ", "KH")?
    fn is_type(&self, part: &str) -> bool {
        self.get(part).is_some_and(|e| e.is_type)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn years_with_look_alike_letters() {
        for (part, year) in
            [("202S", Some("2025")), ("2O2S", Some("2025")), ("2020", Some("2020")), ("2OOO", None), ("0D", None)]
        {
            assert_eq!(misread_year(part).as_deref(), year, "{part}");
        }
        for part in ["S202", "202Đ", "3025", "202SS"] {
            assert_eq!(misread_year(part), None, "{part}");
        }
    }

    #[test]
    fn dates_read_across_the_year() {
        for (code, after, want) in [
            ("10/S", "/2024 và", Some("10/5")),
            ("S/10", "/2024", Some("5/10")),
            ("10-S", "-2024", Some("10-5")),
            ("S-10", "-2024", Some("5-10")),
            ("1O/l2", "/2O2S", Some("10/12")),
            ("10/SS", "/2024", None),
            ("40/S", "/2024", None),
            ("12/QĐ", "/2024", None),
            ("10/S", "-2024", None),
            ("10/S", "/KH", None),
            ("45/KH", "/2024", None),
            ("10/5", "/2024", None),
        ] {
            assert_eq!(misread_date(code, after).as_deref(), want, "{code}{after}");
        }
    }

    #[test]
    fn numbers_that_end_code_parts() {
        for (part, tail) in [
            ("QH15", Some("15")),
            ("QH1S", Some("1S")),
            ("0H13", Some("13")),
            ("QHD15", Some("15")),
            ("0D", Some("0D")),
            ("BCT2", None),
            ("KH", None),
            ("", None),
        ] {
            assert_eq!(number_tail(part).map(|at| &part[at..]), tail, "{part}");
        }
    }

    #[test]
    fn digits_and_their_lookalike_letters() {
        assert_eq!(letter_readings("0d"), ["0d", "dd", "od", "qd"]);
        assert_eq!(letter_readings("kh"), ["kh"]);
        assert_eq!(letter_readings("op"), ["op", "qp"]);
        assert_eq!(letter_readings("n0q"), ["n0q", "ndq", "noq", "nqq", "n0o", "ndo", "noo", "nqo"]);
        assert_eq!(letter_readings("s5b").len(), 2);
        // This OCR prints S as 8 too, though an S among digits reads 5.
        assert_eq!(letter_readings("8xd"), ["8xd", "bxd", "sxd"]);
        for (part, number) in [("S0", Some("50")), ("SO", Some("50")), ("2l", Some("21")), ("KH", None), ("", Some(""))]
        {
            assert_eq!(part.chars().map(digit_lookalike).collect::<Option<String>>().as_deref(), number, "{part}");
        }
    }
}
