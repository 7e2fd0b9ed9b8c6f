//! The legend of labels under the notes panel (`1◆claim 2●opinion
//! 3▲speculation`), fitted to the panel: on one row where it fits, else
//! flowed onto the rows there are, else with every name shortened alike,
//! and at the narrowest only the keys and glyphs. A name is never cut
//! without a `…` to say so.

use crate::text_width::{truncate, width};

/// One label in the legend: the key that tags with it, its glyph, its name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    pub key: String,
    pub glyph: String,
    pub name: String,
}

/// The legend's rows for `columns` and at most `rows` rows: each row the
/// entries on it, as (key and glyph, name shown).
pub fn fit(entries: &[Entry], columns: usize, rows: usize) -> Vec<Vec<(String, String)>> {
    let whole = |e: &Entry| (format!("{}{}", e.key, e.glyph), e.name.clone());
    if let Some(flowed) = flow(entries.iter().map(whole).collect(), columns)
        && flowed.len() <= rows.max(1)
    {
        return flowed;
    }
    // One row: the room left by the keys, glyphs and gaps is shared out,
    // shortest name first, so a short name stays whole and gives what it
    // does not need to the longer ones.
    let marks: usize = entries
        .iter()
        .map(|e| width(&e.key) + width(&e.glyph))
        .sum();
    let mut room = columns.saturating_sub(marks + entries.len().saturating_sub(1));
    let mut by_width: Vec<usize> = (0..entries.len()).collect();
    by_width.sort_by_key(|&i| width(&entries[i].name));
    let mut names = vec![String::new(); entries.len()];
    for (done, &i) in by_width.iter().enumerate() {
        let share = room / (entries.len() - done);
        let name = &entries[i].name;
        // Three columns at least (two letters and `…`), or no name at all.
        if width(name) <= share {
            names[i] = name.clone();
        } else if share >= 3 {
            names[i] = truncate(name, share);
        }
        room -= width(&names[i]);
    }
    let row = entries
        .iter()
        .zip(names)
        .map(|(e, name)| (format!("{}{}", e.key, e.glyph), name));
    vec![row.collect()]
}

/// The entries on as few rows as they take, a space between two on a
/// row; `None` when one alone is wider than a row.
fn flow(items: Vec<(String, String)>, columns: usize) -> Option<Vec<Vec<(String, String)>>> {
    let mut rows: Vec<Vec<(String, String)>> = Vec::new();
    let mut used = 0;
    for item in items {
        let item_width = width(&item.0) + width(&item.1);
        if item_width > columns {
            return None;
        }
        match rows.last_mut() {
            Some(row) if used + 1 + item_width <= columns => {
                used += 1 + item_width;
                row.push(item);
            }
            _ => {
                used = item_width;
                rows.push(vec![item]);
            }
        }
    }
    Some(rows)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row_width(row: &[(String, String)]) -> usize {
        row.iter()
            .map(|(mark, name)| width(mark) + width(name))
            .sum::<usize>()
            + row.len().saturating_sub(1)
    }

    fn labels() -> Vec<Entry> {
        [
            ("1", "◆", "claim"),
            ("2", "●", "opinion"),
            ("3", "▲", "speculation"),
        ]
        .iter()
        .map(|(key, glyph, name)| Entry {
            key: key.to_string(),
            glyph: glyph.to_string(),
            name: name.to_string(),
        })
        .collect()
    }

    fn shown(rows: &[Vec<(String, String)>]) -> Vec<String> {
        rows.iter()
            .map(|row| {
                row.iter()
                    .map(|(mark, name)| format!("{mark}{name}"))
                    .collect::<Vec<_>>()
                    .join(" ")
            })
            .collect()
    }

    #[test]
    fn the_legend_flows_then_shortens_every_name_alike() {
        let labels = labels();
        assert_eq!(
            shown(&fit(&labels, 40, 1)),
            ["1◆claim 2●opinion 3▲speculation"]
        );
        assert_eq!(
            shown(&fit(&labels, 23, 2)),
            ["1◆claim 2●opinion", "3▲speculation"]
        );
        // What was cut to `3▲speculati` before: every name shortened, each
        // with its `…`.
        assert_eq!(
            shown(&fit(&labels, 29, 1)),
            ["1◆claim 2●opinion 3▲speculat…"]
        );
        assert_eq!(shown(&fit(&labels, 20, 1)), ["1◆cla… 2●opi… 3▲spe…"]);
        assert_eq!(shown(&fit(&labels, 10, 1)), ["1◆ 2● 3▲"]);
        for columns in 0..40 {
            for rows in 1..3 {
                for row in fit(&labels, columns, rows) {
                    assert!(
                        row_width(&row) <= columns.max(8),
                        "{columns} columns: {row:?}"
                    );
                }
            }
        }
    }
}
