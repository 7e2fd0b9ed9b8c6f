//! A Project Gutenberg header and licence, and `Key: value` fields at the top.

use std::ops::Range;

use super::super::Metadata;
use super::super::sanitize::visible_line;
use super::*;

/// The lines holding the work itself: a Project Gutenberg header and licence
/// are left out, and fields at the top are read into `meta`.
pub(super) fn body_range(lines: &[Line], meta: &mut Metadata) -> Range<usize> {
    let start_marker = lines
        .iter()
        .position(|line| gutenberg_marker(line.content) == Some(GutenbergMarker::Start));
    let start = match start_marker {
        Some(marker) => {
            for line in &lines[..marker] {
                read_field(line.content, meta);
            }
            marker + 1
        }
        None => leading_fields_end(lines, meta),
    };
    let end = lines[start..]
        .iter()
        .position(|line| gutenberg_marker(line.content) == Some(GutenbergMarker::End))
        .map_or(lines.len(), |offset| start + offset);
    start..end
}

#[derive(Debug, PartialEq, Eq)]
pub(super) enum GutenbergMarker {
    Start,
    End,
}

/// `*** START OF THE PROJECT GUTENBERG EBOOK ... ***` and its `END` twin.
pub(super) fn gutenberg_marker(content: &str) -> Option<GutenbergMarker> {
    if !content.starts_with("***") {
        return None;
    }
    let upper = content.to_ascii_uppercase();
    if !upper.contains("PROJECT GUTENBERG") {
        return None;
    }
    if upper.contains("START OF") {
        Some(GutenbergMarker::Start)
    } else if upper.contains("END OF") {
        Some(GutenbergMarker::End)
    } else {
        None
    }
}

/// Reads `Title:`, `Author:`, `Date:` and `Tags:` lines at the top of a file
/// into `meta`, and returns the index of the first line after them (0 when
/// the file does not start with fields).
pub(super) fn leading_fields_end(lines: &[Line], meta: &mut Metadata) -> usize {
    let mut end = 0;
    for (index, line) in lines.iter().enumerate() {
        if line.is_blank() {
            continue;
        }
        if !read_field(line.content, meta) {
            break;
        }
        end = index + 1;
    }
    end
}

/// Fills `meta` from a `Key: value` line; false when the line is not a field
/// this parser knows. The first value of each field wins.
pub(super) fn read_field(content: &str, meta: &mut Metadata) -> bool {
    let Some((key, value)) = content.split_once(':') else {
        return false;
    };
    let value = visible_line(value.trim());
    if value.is_empty() {
        return false;
    }
    match key.trim().to_ascii_lowercase().as_str() {
        "title" => {
            if meta.title.is_empty() {
                meta.title = value.into_owned();
            }
        }
        "author" => {
            meta.author.get_or_insert_with(|| value.into_owned());
        }
        "date" => {
            meta.date.get_or_insert_with(|| value.into_owned());
        }
        "tags" => {
            if meta.tags.is_empty() {
                meta.tags = value
                    .split(',')
                    .map(str::trim)
                    .filter(|tag| !tag.is_empty())
                    .map(str::to_string)
                    .collect();
            }
        }
        _ => return false,
    }
    true
}
