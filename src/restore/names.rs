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

/// ... and only when the names' weight and the channel together prefer it by this much (log10).
const MARGIN: f32 = 0.3;

impl Restorer {
    /// Re-reads, on the decoded `path`, each person name: a Title-case OCR word read as a family name, then
    /// Title-case words on its line after single spaces, [`NAME_SYLLABLES`] in all. Each of those takes, among its
    /// arc's readings with the same letters as the decoder's, the one whose channel score plus
    /// [`Names::log_weight`] after the name's syllable before it is highest, when it beats the decoder's by
    /// [`MARGIN`].
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
                for k in step + 1..end {
                    let given = k == end - 1;
                    let prev = form(k - 1, path);
                    let (ai, ci) = path[k];
                    let arc = &arcs[ai];
                    let letters = fold(&form(k, path));
                    // A reading with the decoder's letters: how often it is this part of a name, and its score:
                    // the channel alone, without the second pass's bonuses for what the document reads elsewhere
                    // ("hiệu quả" is no evidence for a name's "Hiệu"), and the names' weight.
                    let score = |j: usize| {
                        let c = &arc.choices[j];
                        let f = word_form(readings[ai].get(c.index as usize));
                        if c.n_ids != 1 || fold(&f) != letters {
                            return None;
                        }
                        let (mid, giv) = names.part_counts(&f);
                        let channel = readings[ai].base_channel(c.index as usize)?;
                        Some((if given { giv } else { mid }, channel + names.log_weight(&prev, &f, given)))
                    };
                    let Some((_, now)) = score(ci) else { continue };
                    let best = (0..arc.choices.len())
                        .filter_map(|j| score(j).filter(|&(seen, _)| seen >= MIN_PART).map(|(_, s)| (j, s)))
                        .max_by(|a, b| a.1.total_cmp(&b.1));
                    if let Some((j, s)) = best
                        && j != ci
                        && s >= now + MARGIN
                    {
                        path[k].1 = j;
                    }
                }
            }
            step = end;
        }
    }
}
