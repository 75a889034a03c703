//! Person names read as names: the marks of a name's middle and given syllables from how clean text prints names
//! ([`crate::names`]), not from the lowercase language model (DESIGN.md "Names read as names").

use super::layout::gap_before;
use super::{Readings, Restorer, Slot};
use crate::decode;
use crate::lm::word_form;
use crate::names::{MIN_FAMILY, NAME_SYLLABLES, Names};
use crate::syllable::{Case, fold};
use crate::tokenize::TokenKind;

/// A name syllable is re-read only as one seen this many times in its place (middle or given).
const MIN_PART: u32 = 20;

/// ... and a name only when the names' weight and the channel together prefer it by this much (log10).
const MARGIN: f32 = 0.3;

/// A first word the decoder read as no family name is read as one the channel scores at most this much (log10)
/// below the decoder's reading ("Vi Hai Quan" → "Vũ Hải Quân", not "Vì").
const FAMILY_REACH: f32 = 2.0;

impl Restorer {
    /// Re-reads, on the decoded `path`, each person name: a Title-case OCR word read as a family name, then
    /// Title-case words on its line after single spaces, [`NAME_SYLLABLES`] in all. The syllables after the family
    /// name take, among their arcs' readings with the same letters as the decoder's, the sequence whose channel
    /// scores plus [`Names::log_weight`] of each syllable after the one before it are highest, when it beats the
    /// decoder's sequence by [`MARGIN`]. Where the decoder read the first word as no family name, a family name
    /// among its readings (within [`FAMILY_REACH`], weighted by its count) opens the name when the name stands
    /// alone as a signature prints it and its other syllables are names'.
    pub(super) fn read_names(
        &self,
        text: &str,
        para: &[Slot],
        arcs: &[decode::Arc],
        readings: &[Readings],
        path: &mut [(usize, usize)],
    ) {
        let names = Names::builtin();
        // The OCR word of a path step, when it is one Title-case word.
        let title_word = |step: usize, path: &[(usize, usize)]| -> Option<usize> {
            let arc = &arcs[path[step].0];
            let slot = &para[arc.start as usize];
            (arc.len == 1 && slot.kind == TokenKind::Word && Case::of(slot.tok.text) == Case::Title)
                .then_some(arc.start as usize)
        };
        let form = |step: usize, path: &[(usize, usize)]| -> String {
            let (ai, ci) = path[step];
            word_form(readings[ai].get(arcs[ai].choices[ci].index as usize)).into_owned()
        };
        let mut step = 0;
        while step < path.len() {
            if title_word(step, path).is_none() {
                step += 1;
                continue;
            }
            let decoded = form(step, path);
            let is_family = names.family_count(&decoded) >= MIN_FAMILY;
            let mut end = step + 1;
            // One space apart (a line break is no single space).
            while let Some(i) = (end < path.len()).then(|| title_word(end, path)).flatten()
                && gap_before(text, para, i) == " "
            {
                end += 1;
            }
            if !NAME_SYLLABLES.contains(&(end - step)) {
                step = if is_family { end } else { step + 1 };
                continue;
            }
            // A family name the decoder did not read is read only in a name that stands alone as a signature
            // prints it: opening its line or a sentence, and ending its line; and before syllables that are names.
            let (from, to) = (arcs[path[step].0].start as usize, arcs[path[end - 1].0].start as usize);
            if !(is_family || stands_alone(text, para, from, to)) {
                step += 1;
                continue;
            }
            // The family names among the first word's readings, when the decoder read none: those the channel
            // scores within [`FAMILY_REACH`] of the decoder's reading.
            let families: Vec<(usize, String, f32)> = if is_family {
                vec![(path[step].1, decoded.clone(), 0.0)]
            } else {
                let (ai, ci) = path[step];
                let Some(floor) = readings[ai].base_channel(arcs[ai].choices[ci].index as usize) else {
                    step += 1;
                    continue;
                };
                (0..arcs[ai].choices.len())
                    .filter_map(|j| {
                        let c = &arcs[ai].choices[j];
                        let f = word_form(readings[ai].get(c.index as usize)).into_owned();
                        let count = names.family_count(&f);
                        let channel = readings[ai].base_channel(c.index as usize)?;
                        (c.n_ids == 1 && count >= MIN_FAMILY && channel >= floor - FAMILY_REACH)
                            .then(|| (j, f, channel + (count as f32).log10()))
                    })
                    .collect()
            };
            if families.is_empty() {
                step += 1;
                continue;
            }
            // Each syllable after the family name: the readings with the decoder's letters (the decoder's own,
            // and those seen at least [`MIN_PART`] times in this place), with their channel score alone, without
            // the second pass's bonuses for what the document reads elsewhere ("hiệu quả" is no evidence for a
            // name's "Hiệu").
            let mut name_like = true;
            let mut options: Vec<Vec<(usize, String, f32)>> = vec![families];
            for k in step + 1..end {
                let given = k == end - 1;
                let (ai, ci) = path[k];
                let letters = fold(&form(k, path));
                let seen = |f: &str| {
                    let (mid, giv) = names.part_counts(f);
                    if given { giv } else { mid }
                };
                let mut list: Vec<(usize, String, f32)> = (0..arcs[ai].choices.len())
                    .filter_map(|j| {
                        let c = &arcs[ai].choices[j];
                        let f = word_form(readings[ai].get(c.index as usize)).into_owned();
                        let keep = c.n_ids == 1 && fold(&f) == letters && (j == ci || seen(&f) >= MIN_PART);
                        keep.then(|| Some((j, f, readings[ai].base_channel(c.index as usize)?))).flatten()
                    })
                    .collect();
                // A reading the channel cannot score stays as the decoder read it.
                if !list.iter().any(|x| x.0 == ci) {
                    list = vec![(ci, form(k, path), 0.0)];
                }
                name_like &= list.iter().any(|(_, f, _)| seen(f) >= MIN_PART);
                options.push(list);
            }
            if !(is_family || name_like) {
                step += 1;
                continue;
            }
            // The best sequence of readings by channel and the names' weight of each syllable after the one before
            // it (Viterbi: "Võ Thanh Hòa", whose pair is common, over "Võ Thành" then "Hoa"), taken when it beats
            // the decoder's sequence by [`MARGIN`], or always when it reads a family name the decoder did not.
            let given = |k: usize| k == options.len() - 1;
            let mut best: Vec<Vec<(f32, usize)>> = Vec::with_capacity(options.len());
            for (k, list) in options.iter().enumerate() {
                let mut row = Vec::with_capacity(list.len());
                for (_, f, score) in list {
                    if k == 0 {
                        row.push((*score, 0));
                        continue;
                    }
                    let prev = &options[k - 1];
                    let (p, top) = first_max(
                        (0..prev.len()).map(|p| best[k - 1][p].0 + score + names.log_weight(&prev[p].1, f, given(k))),
                    );
                    row.push((top, p));
                }
                best.push(row);
            }
            // The decoder's own sequence, scored the same way.
            let decoders = || {
                let mut prev = &decoded;
                let mut now = 0.0;
                for (k, list) in options.iter().enumerate().skip(1) {
                    let (_, f, channel) = list.iter().find(|x| x.0 == path[step + k].1).expect("the decoder's reading");
                    now += channel + names.log_weight(prev, f, given(k));
                    prev = f;
                }
                now
            };
            let (mut at, top) = first_max(best.last().expect("a name of two syllables or more").iter().map(|b| b.0));
            if !is_family || top >= decoders() + MARGIN {
                for k in (0..options.len()).rev() {
                    path[step + k].1 = options[k][at].0;
                    at = best[k][at].1;
                }
            }
            step = end;
        }
    }
}

/// The index and value of the first largest of `scores` (`(0, -∞)` when there are none).
fn first_max(scores: impl Iterator<Item = f32>) -> (usize, f32) {
    scores.enumerate().fold((0, f32::NEG_INFINITY), |a, (i, s)| if s > a.1 { (i, s) } else { a })
}

/// Do word slots `first..=last` stand alone on their line: the first opening the line or following a sentence's
/// end, the last ending the line?
fn stands_alone(text: &str, para: &[Slot], first: usize, last: usize) -> bool {
    let (a, z) = (&para[first], &para[last]);
    let opens = text[a.line_start..a.line_start + a.tok.start].trim().is_empty()
        || first > 0 && gap_before(text, para, first).trim_end().ends_with('.');
    let rest = &text[z.line_start + z.tok.end()..];
    opens && rest[..rest.find('\n').unwrap_or(rest.len())].trim().is_empty()
}
