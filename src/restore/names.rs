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

impl Restorer {
    /// Re-reads, on the decoded `path`, each person name: a Title-case OCR word read as a family name, then
    /// Title-case words on its line after single spaces, [`NAME_SYLLABLES`] in all. The syllables after the family
    /// name take, among their arcs' readings with the same letters as the decoder's, the sequence whose channel
    /// scores plus [`Names::log_weight`] of each syllable after the one before it are highest, when it beats the
    /// decoder's sequence by [`MARGIN`].
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
            if title_word(step, path).is_none() || names.family_count(&form(step, path)) < MIN_FAMILY {
                step += 1;
                continue;
            }
            let mut end = step + 1;
            // One space apart (a line break is no single space).
            while let Some(i) = (end < path.len()).then(|| title_word(end, path)).flatten()
                && gap_before(text, para, i) == " "
            {
                end += 1;
            }
            if NAME_SYLLABLES.contains(&(end - step)) {
                // Each syllable after the family name: the readings with the decoder's letters (the decoder's
                // own, and those seen at least [`MIN_PART`] times in this place), with their channel score
                // alone, without the second pass's bonuses for what the document reads elsewhere ("hiệu quả" is
                // no evidence for a name's "Hiệu").
                let options: Vec<Vec<(usize, String, f32)>> = (step + 1..end)
                    .map(|k| {
                        let given = k == end - 1;
                        let (ai, ci) = path[k];
                        let letters = fold(&form(k, path));
                        let mut list: Vec<(usize, String, f32)> = (0..arcs[ai].choices.len())
                            .filter_map(|j| {
                                let c = &arcs[ai].choices[j];
                                let f = word_form(readings[ai].get(c.index as usize)).into_owned();
                                let (mid, giv) = names.part_counts(&f);
                                let seen = if given { giv } else { mid };
                                (c.n_ids == 1 && fold(&f) == letters && (j == ci || seen >= MIN_PART))
                                    .then(|| Some((j, f, readings[ai].base_channel(c.index as usize)?)))
                                    .flatten()
                            })
                            .collect();
                        // A reading the channel cannot score stays as the decoder read it.
                        if !list.iter().any(|x| x.0 == ci) {
                            list = vec![(ci, form(k, path), 0.0)];
                        }
                        list
                    })
                    .collect();
                // The best sequence of readings by channel and the names' weight of each syllable after the one
                // before it (Viterbi: "Võ Thanh Hòa", whose pair is common, over "Võ Thành" then "Hoa"), taken
                // when it beats the decoder's sequence by [`MARGIN`].
                let family = form(step, path);
                let given = |k: usize| k == options.len() - 1;
                let mut best: Vec<Vec<(f32, usize)>> = Vec::with_capacity(options.len());
                for (k, list) in options.iter().enumerate() {
                    let row = list
                        .iter()
                        .map(|(_, f, channel)| {
                            let from = |prev: &str| channel + names.log_weight(prev, f, given(k));
                            match k {
                                0 => (from(&family), 0),
                                _ => (options[k - 1].iter().enumerate())
                                    .map(|(p, (_, pf, _))| (best[k - 1][p].0 + from(pf), p))
                                    .fold((f32::NEG_INFINITY, 0), |a, b| if b.0 > a.0 { b } else { a }),
                            }
                        })
                        .collect();
                    best.push(row);
                }
                let mut now = 0.0;
                let mut prev = family.clone();
                for (k, list) in options.iter().enumerate() {
                    let (_, f, channel) =
                        list.iter().find(|x| x.0 == path[step + 1 + k].1).expect("the decoder's reading");
                    now += channel + names.log_weight(&prev, f, given(k));
                    prev = f.clone();
                }
                let last = best.last().expect("a name of two syllables or more");
                let (mut at, top) = last
                    .iter()
                    .enumerate()
                    .fold((0, f32::NEG_INFINITY), |a, (i, b)| if b.0 > a.1 { (i, b.0) } else { a });
                if top >= now + MARGIN {
                    for k in (0..options.len()).rev() {
                        path[step + 1 + k].1 = options[k][at].0;
                        at = best[k][at].1;
                    }
                }
            }
            step = end;
        }
    }
}
