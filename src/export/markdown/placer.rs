//! Where in the markdown source a passage's markers go.
//!
//! A reading-text offset is first carried to the source through the source
//! map, outside any delimiters of inline markup that begin or end there.
//! Then the position is checked: a marker is plain text, so it is safe
//! wherever inserting text cannot change the parse. It never goes inside
//! code, raw HTML, an image, an autolink, a footnote reference or a link
//! whose text is its reference label; never between a backslash and what
//! it escapes; never into the white space markdown trims at a line's or a
//! cell's end (where a hard break lives); and never next to a run of `*`,
//! `_` or `~` whose power to open or close emphasis it would change. Where
//! the position is not safe, the marker moves to the nearest one that is,
//! outward first (so the marks still hold the passage), and the passage
//! records why.

use super::emphasis;
use super::source_map::{Atomic, Construct, Element, SourceMap};
use crate::article::{SourceRun, Span};

/// Where a passage's markers go, and why they are not exactly at its
/// edges when they are not.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Placement {
    pub start: usize,
    pub end: usize,
    pub moved: Option<Construct>,
    /// False when no safe position was found at all (a passage in code
    /// that is the whole document): then the passage gets no markers, and
    /// import finds it by its quote.
    pub marked: bool,
}

/// Finds safe source positions for reading-text offsets.
pub(super) struct Placer<'l> {
    source: &'l str,
    runs: &'l [SourceRun],
    /// `SourceMap::markup` starts, and ends in order.
    markup_starts: Vec<usize>,
    markup_ends: Vec<usize>,
    generating_starts: Vec<usize>,
    generating_ends: Vec<usize>,
    atomic: &'l [Atomic],
    tables: &'l [Span],
    elements: &'l [Element],
    /// Every run edge, markup edge and inline atomic edge, sorted: with the
    /// insides of verbatim runs, the positions a marker may be moved to.
    edges: Vec<usize>,
}

impl<'l> Placer<'l> {
    pub fn new(layout: &'l SourceMap) -> Placer<'l> {
        let sorted = |spans: &[Span], end: bool| {
            let mut points: Vec<usize> = spans
                .iter()
                .map(|s| if end { s.end } else { s.start })
                .collect();
            points.sort_unstable();
            points
        };
        let mut edges: Vec<usize> = layout
            .runs
            .iter()
            .flat_map(|r| [r.source.start, r.source.end])
            .chain(layout.markup.iter().flat_map(|m| [m.start, m.end]))
            .chain(
                layout
                    .atomic
                    .iter()
                    .filter(|a| !a.block)
                    .flat_map(|a| [a.span.start, a.span.end]),
            )
            .collect();
        edges.sort_unstable();
        edges.dedup();
        Placer {
            source: &layout.source,
            runs: &layout.runs,
            markup_starts: sorted(&layout.markup, false),
            markup_ends: sorted(&layout.markup, true),
            generating_starts: sorted(&layout.generating, false),
            generating_ends: sorted(&layout.generating, true),
            atomic: &layout.atomic,
            tables: &layout.tables,
            elements: &layout.elements,
            edges,
        }
    }

    /// Source positions for a passage's start and end markers. Where the
    /// text at an end was not copied from the source (a list bullet, a
    /// footnote's brackets), the passage shrinks to what was, unless
    /// nothing would be left; then it grows instead.
    pub fn passage(&self, range: Span) -> Placement {
        let (start, start_why) = self.position(range.start, true);
        let (end, end_why) = self.position(range.end, false);
        let (start, end, moved) = if start < end {
            (start, end, start_why.or(end_why))
        } else {
            let (a, _) = self.position(range.start, false);
            let (b, _) = self.position(range.end, true);
            (a.min(b), a.max(b), Some(Construct::Unspelled))
        };
        let settled_start = self.settle(start, true);
        let settled_end = self.settle(end, false);
        match (settled_start, settled_end) {
            (Ok((start, start_why)), Ok((end, end_why))) => Placement {
                start,
                end: end.max(start),
                moved: moved.or(start_why).or(end_why),
                marked: true,
            },
            (Err(why), _) | (_, Err(why)) => Placement {
                start,
                end,
                moved: Some(why),
                marked: false,
            },
        }
    }

    /// `pos` if a marker is safe there, else the nearest safe position:
    /// outward first (back for a start, on for an end), then inward.
    fn settle(&self, pos: usize, is_start: bool) -> Result<(usize, Option<Construct>), Construct> {
        let why = match self.unsafe_because(pos) {
            None => return Ok((pos, None)),
            Some(why) => why,
        };
        // Moves that change no reading-text offset: before the backslash
        // of an escape, before the white space that ends a line.
        if let Some(equivalent) = self.equivalent(pos, why)
            && self.unsafe_because(equivalent).is_none()
        {
            return Ok((equivalent, None));
        }
        let step = |p: usize, back: bool| {
            if back {
                self.previous_candidate(p)
            } else {
                self.next_candidate(p)
            }
        };
        for back in [is_start, !is_start] {
            let mut at = pos;
            while let Some(next) = step(at, back) {
                if self.unsafe_because(next).is_none() {
                    return Ok((next, Some(why)));
                }
                at = next;
            }
        }
        Err(why)
    }

    fn equivalent(&self, pos: usize, why: Construct) -> Option<usize> {
        match why {
            Construct::Escape => {
                let before = &self.source[..pos];
                if before.ends_with('\\') {
                    Some(pos - 1)
                } else {
                    Some(before.trim_end_matches([' ', '\t']).len())
                }
            }
            _ => None,
        }
    }

    /// Why a marker at `pos` could change the parse, if it could.
    fn unsafe_because(&self, pos: usize) -> Option<Construct> {
        // A block's first position is in it too: a marker there would be
        // code, or would stand before the block as a paragraph.
        let index = self
            .atomic
            .partition_point(|a| a.span.start < pos || (a.block && a.span.start == pos));
        if let Some(atomic) = index.checked_sub(1).map(|i| &self.atomic[i])
            && pos < atomic.span.end
        {
            return Some(atomic.what);
        }
        if self.edges.binary_search(&pos).is_err() && self.verbatim_run_around(pos, true).is_none()
        {
            return Some(Construct::Unspelled);
        }
        let source = self.source;
        let before = source[..pos].chars().next_back();
        let after = source[pos..].chars().next();
        if before == Some('\\')
            && escapes(source, pos - 1)
            && after.is_some_and(|c| c.is_ascii_punctuation() || c == '\n' || c == '\r')
        {
            return Some(Construct::Escape);
        }
        if before.is_some_and(is_space_or_tab) {
            let rest = source[pos..].trim_start_matches([' ', '\t']);
            if rest.is_empty() || rest.starts_with(['\n', '\r']) {
                return Some(Construct::Escape);
            }
        }
        if self.in_table(pos) && at_cell_edge(source, pos) {
            return Some(Construct::Unspelled);
        }
        if !emphasis::flanking_unchanged(source, pos) && !self.parse_unchanged(pos) {
            return Some(Construct::Emphasis);
        }
        None
    }

    /// Whether the top-level element around `pos` parses the same with a
    /// marker at `pos`: the last word where the flanking rules alone cannot
    /// tell (a delimiter that could open only where nothing is left to close
    /// it, say).
    fn parse_unchanged(&self, pos: usize) -> bool {
        let index = self.elements.partition_point(|e| e.span.start <= pos);
        let Some(element) = index.checked_sub(1).map(|i| &self.elements[i]) else {
            return false;
        };
        let span = element.span.start..element.span.end.max(pos);
        emphasis::parses_the_same(&self.source[span.clone()], pos - span.start)
    }

    fn in_table(&self, pos: usize) -> bool {
        let index = self.tables.partition_point(|t| t.start < pos);
        index
            .checked_sub(1)
            .is_some_and(|i| pos < self.tables[i].end)
    }

    /// The next position before `pos` a marker might take: an edge, or a
    /// character boundary inside a verbatim run; atomic spans are skipped
    /// whole.
    fn previous_candidate(&self, pos: usize) -> Option<usize> {
        let edge = self
            .edges
            .partition_point(|&e| e < pos)
            .checked_sub(1)
            .map(|i| self.edges[i]);
        let inside = self.verbatim_run_around(pos, true).map(|run| {
            let c = self.source[..pos]
                .chars()
                .next_back()
                .map_or(1, char::len_utf8);
            (pos - c).max(run.source.start)
        });
        let candidate = edge.max(inside)?;
        Some(match self.atomic_around(candidate) {
            Some(atomic) if atomic.block => return self.previous_candidate(atomic.span.start),
            Some(atomic) => atomic.span.start,
            None => candidate,
        })
    }

    fn next_candidate(&self, pos: usize) -> Option<usize> {
        let edge = self
            .edges
            .get(self.edges.partition_point(|&e| e <= pos))
            .copied();
        let inside = self.verbatim_run_around(pos, false).map(|run| {
            let c = self.source[pos..].chars().next().map_or(1, char::len_utf8);
            (pos + c).min(run.source.end)
        });
        let candidate = match (edge, inside) {
            (Some(a), Some(b)) => a.min(b),
            (a, b) => a.or(b)?,
        };
        Some(match self.atomic_around(candidate) {
            Some(atomic) if atomic.block => return self.next_candidate(atomic.span.end),
            Some(atomic) => atomic.span.end,
            None => candidate,
        })
    }

    /// The atomic span `pos` is strictly inside.
    fn atomic_around(&self, pos: usize) -> Option<&Atomic> {
        let index = self.atomic.partition_point(|a| a.span.start < pos);
        index
            .checked_sub(1)
            .map(|i| &self.atomic[i])
            .filter(|a| pos < a.span.end)
    }

    /// The verbatim run with text just before (`back`) or after `pos`.
    fn verbatim_run_around(&self, pos: usize, back: bool) -> Option<&SourceRun> {
        let index = self.runs.partition_point(|r| r.source.end < pos);
        self.runs
            .get(index..(index + 2).min(self.runs.len()))?
            .iter()
            .filter(|r| r.text.len() == r.source.len())
            .find(|r| {
                if back {
                    r.source.start < pos && pos <= r.source.end
                } else {
                    r.source.start <= pos && pos < r.source.end
                }
            })
    }

    /// The source position whose reading-text offset is `offset`, or the
    /// nearest one inward (`forward`: the next, else the previous), with
    /// why it is not exact when it is not.
    fn position(&self, offset: usize, forward: bool) -> (usize, Option<Construct>) {
        let runs = self.runs;
        let next = runs.partition_point(|r| r.text.end <= offset);
        if let Some(run) = runs.get(next).filter(|r| r.text.start < offset) {
            if run.text.len() == run.source.len() {
                return (run.source.start + (offset - run.text.start), None);
            }
            // Inside an escape or a reference: take all of it.
            let at = if forward {
                self.before_openers(next)
            } else {
                self.after_closers(next)
            };
            return (at, Some(Construct::Escape));
        }
        let ends_here = next > 0 && runs[next - 1].text.end == offset;
        let starts_here = runs.get(next).is_some_and(|r| r.text.start == offset);
        let unspelled = Some(Construct::Unspelled);
        match (ends_here, starts_here, forward) {
            (true, _, _) => (self.after_closers(next - 1), None),
            (false, true, _) => (self.before_openers(next), None),
            // In text the source does not spell out.
            (false, false, true) if next < runs.len() => (self.before_openers(next), unspelled),
            (false, false, _) if next > 0 => (self.after_closers(next - 1), unspelled),
            (false, false, _) => (if forward { self.source.len() } else { 0 }, unspelled),
        }
    }

    /// After run `index` and any markup closing right after it, so a marker
    /// never splits a delimiter run (`**`) or a link from its target.
    fn after_closers(&self, index: usize) -> usize {
        let pos = self.runs[index].source.end;
        let mut limit = self
            .runs
            .get(index + 1)
            .map_or(self.source.len(), |r| r.source.start);
        let generating = self.generating_ends.partition_point(|&e| e <= pos);
        if let Some(&end) = self.generating_ends.get(generating) {
            limit = limit.min(end.saturating_sub(1));
        }
        let last = self.markup_ends.partition_point(|&e| e <= limit);
        match last.checked_sub(1).map(|i| self.markup_ends[i]) {
            Some(end) if end > pos => end,
            _ => pos,
        }
    }

    /// Before run `index` and any markup opening right before it.
    fn before_openers(&self, index: usize) -> usize {
        let pos = self.runs[index].source.start;
        let mut lower = index.checked_sub(1).map_or(0, |i| self.runs[i].source.end);
        let generating = self.generating_starts.partition_point(|&s| s < pos);
        if let Some(&start) = generating
            .checked_sub(1)
            .map(|i| &self.generating_starts[i])
            && start >= lower
        {
            lower = start + 1;
        }
        let first = self.markup_starts.partition_point(|&s| s < lower);
        match self.markup_starts.get(first) {
            Some(&start) if start < pos => start,
            _ => pos,
        }
    }
}

fn is_space_or_tab(c: char) -> bool {
    c == ' ' || c == '\t'
}

/// Whether the backslash at `at` escapes (is not itself escaped).
pub(super) fn escapes(source: &str, at: usize) -> bool {
    let run = source[..=at].len() - source[..=at].trim_end_matches('\\').len();
    run % 2 == 1
}

/// A table cell's content is trimmed: a marker before its leading or after
/// its trailing white space would keep that white space.
fn at_cell_edge(source: &str, pos: usize) -> bool {
    let line_start = source[..pos].rfind('\n').map_or(0, |i| i + 1);
    let line_end = source[pos..].find('\n').map_or(source.len(), |i| pos + i);
    let before = &source[line_start..pos];
    let after = &source[pos..line_end];
    let trimmed_before = before.trim_end_matches(is_space_or_tab);
    let trimmed_after = after.trim_start_matches(is_space_or_tab);
    let spaces_before = trimmed_before.len() < before.len();
    let spaces_after = trimmed_after.len() < after.len();
    let cell_opens_before = trimmed_before.is_empty() || trimmed_before.ends_with('|');
    let cell_closes_after = trimmed_after.is_empty() || trimmed_after.starts_with('|');
    (spaces_after && cell_opens_before) || (spaces_before && cell_closes_after)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cell_edges_and_line_ends_are_found() {
        assert!(at_cell_edge("| a |", 1));
        assert!(at_cell_edge("| a |", 4));
        assert!(!at_cell_edge("| a |", 2));
        assert!(!at_cell_edge("| a |", 3));
        assert!(escapes("a\\", 1));
        assert!(!escapes("a\\\\", 2));
    }
}
