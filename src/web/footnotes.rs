//! Footnotes on web pages. Extraction keeps a page's note references (a
//! short marker such as `1` or `[2]` linking to `#fn:1`) but leaves out the
//! notes themselves, which sit below the article in a list of their own.
//! They are found here, on the whole page: each element a marker links to,
//! read as text without its back-links, becomes a markdown footnote.

use std::collections::{HashMap, HashSet};

use dom_query::{Document, NodeRef};

/// A note longer than this is not a footnote but a section the marker
/// happened to link to.
const MAX_NOTE_CHARS: usize = 3000;

/// The notes of a page, by the id their markers link to.
#[derive(Debug, Default)]
pub struct PageNotes {
    by_id: HashMap<String, String>,
}

impl PageNotes {
    /// The note a link to `href` points at, when it is one of the page's notes.
    pub fn for_href(&self, href: &str) -> Option<&str> {
        let id = href.trim().strip_prefix('#')?;
        self.by_id.get(id).map(String::as_str)
    }
}

/// Whether a link's text reads as a note marker: `1`, `[12]`, `(3)`, `*`, `†`.
pub fn is_marker(text: &str) -> bool {
    let text = text.trim();
    let inner = text
        .strip_prefix('[')
        .and_then(|t| t.strip_suffix(']'))
        .or_else(|| text.strip_prefix('(').and_then(|t| t.strip_suffix(')')))
        .unwrap_or(text);
    (!inner.is_empty() && inner.len() <= 3 && inner.chars().all(|c| c.is_ascii_digit()))
        || matches!(inner, "*" | "**" | "†" | "‡" | "§")
}

/// A back-link inside a note (`↩`, `^`, `back`), or the note's own number.
fn is_back_link(node: &NodeRef) -> bool {
    let text = node.text();
    let text = text
        .trim()
        .trim_end_matches('\u{FE0E}')
        .trim_end_matches('\u{FE0F}');
    is_marker(text) || matches!(text, "↩" | "↑" | "^" | "⤴" | "back" | "Back" | "") || {
        text.chars()
            .all(|c| matches!(c, '↩' | '↑' | '^' | '⤴' | ' '))
    }
}

/// Finds the notes that the page's note markers link to.
pub fn find(html: &str) -> PageNotes {
    if !may_cite_notes(html) {
        return PageNotes::default();
    }
    let document = Document::from(html);
    let mut wanted = HashSet::new();
    for link in document.select("a[href^='#']").nodes() {
        let href = link.attr("href").unwrap_or_default();
        if is_marker(&link.text()) && href.len() > 1 {
            wanted.insert(href[1..].to_string());
        }
    }
    let mut by_id = HashMap::new();
    if wanted.is_empty() {
        return PageNotes { by_id };
    }
    for target in document.select("[id]").nodes() {
        let Some(id) = target.attr("id").map(|id| id.to_string()) else {
            continue;
        };
        if !wanted.contains(&id) || by_id.contains_key(&id) {
            continue;
        }
        if let Some(text) = note_text(target) {
            by_id.insert(id, text);
        }
    }
    PageNotes { by_id }
}

/// Whether the page has a link to a fragment whose text starts as a marker
/// does (`href="#fn1" …>1<`, or `>` then more markup): a look at the bytes
/// only, to spare most pages a second parse. Never decides what a note is.
fn may_cite_notes(html: &str) -> bool {
    ["href=\"#", "href='#", "href=#"].iter().any(|opening| {
        html.match_indices(opening).any(|(at, _)| {
            let rest = &html[at + opening.len()..];
            // `href="#"` is a script's link, never a note's.
            if rest.starts_with(['"', '\'', ' ', '>']) {
                return false;
            }
            let Some(close) = rest.find('>') else {
                return false;
            };
            let text = &rest[close + 1..];
            let text = &text[..text.find('<').unwrap_or(text.len())];
            text.trim().is_empty() || is_marker(text)
        })
    })
}

/// The text of the note at `target`: the element itself, or, when it is
/// the note's number (`<a id="fn1">1</a> Text`), the block around it.
fn note_text(target: &NodeRef) -> Option<String> {
    let name = element_name(target);
    if matches!(
        name.as_str(),
        "h1" | "h2" | "h3" | "h4" | "h5" | "h6" | "section" | "article" | "main" | "body" | "html"
    ) {
        return None;
    }
    let note = if matches!(name.as_str(), "a" | "sup" | "span") {
        target.parent()?
    } else {
        *target
    };
    let mut text = String::new();
    collect_text(&note, &mut text);
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    let chars = text.chars().count();
    (chars > 0 && chars <= MAX_NOTE_CHARS && !is_marker(&text)).then_some(text)
}

/// The text under `node`, without back-links, note numbers, scripts or styles.
fn collect_text(node: &NodeRef, out: &mut String) {
    for child in node.children_it(false) {
        if child.is_text() {
            out.push_str(&child.text());
        } else if child.is_element() {
            let name = element_name(&child);
            if matches!(name.as_str(), "script" | "style" | "noscript" | "template")
                || (matches!(name.as_str(), "a" | "sup") && is_back_link(&child))
            {
                continue;
            }
            // Blocks are apart; inline elements run on (`<i>Buses</i>,`).
            let apart = name == "br" || super::html_markdown::is_block(&name);
            if apart {
                out.push(' ');
            }
            collect_text(&child, out);
            if apart {
                out.push(' ');
            }
        }
    }
}

fn element_name(node: &NodeRef) -> String {
    node.node_name()
        .map(|n| n.to_ascii_lowercase())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markers_are_short_numbers_and_symbols() {
        for marker in ["1", " 12 ", "[3]", "(4)", "*", "†"] {
            assert!(is_marker(marker), "{marker:?}");
        }
        for text in ["", "Read more", "1999a", "[]", "2025 budget", "1234"] {
            assert!(!is_marker(text), "{text:?}");
        }
    }

    #[test]
    fn pages_without_marker_links_are_not_parsed_again() {
        assert!(!may_cite_notes(
            "<a href=\"#top\">Back to top</a><a href=\"/a\">1</a><a href=\"#\"><i></i></a>"
        ));
        assert!(may_cite_notes(
            "<a class=x href=\"#fn:1\" role=doc-noteref>1</a>"
        ));
        assert!(may_cite_notes("<a href='#cite_note-1'><span>[</span>1"));
    }

    #[test]
    fn notes_in_the_usual_layouts_are_found_without_their_back_links() {
        // Pandoc and Jekyll: an ordered list of notes with ↩ back-links.
        let kramdown = "<p>Claim.<sup><a href=\"#fn:1\">1</a></sup></p><div class=\"footnotes\"><ol>\
            <li id=\"fn:1\"><p>Budget book, line 4.&nbsp;<a href=\"#fnref:1\">↩︎</a></p></li></ol></div>";
        assert_eq!(
            find(kramdown).for_href("#fn:1"),
            Some("Budget book, line 4.")
        );
        // Substack: the note's number is the element the marker links to.
        let substack = "<p>Claim.<a class=\"footnote-anchor\" id=\"footnote-anchor-1\" href=\"#footnote-1\">1</a></p>\
            <div class=\"footnote\"><a id=\"footnote-1\" href=\"#footnote-anchor-1\" class=\"footnote-number\">1</a>\
            <div class=\"footnote-content\"><p>Survey of 212 families.</p></div></div>";
        assert_eq!(
            find(substack).for_href("#footnote-1"),
            Some("Survey of 212 families.")
        );
        // Wikipedia: `[1]` markers, a list of references with ^ back-links.
        let wiki = "<p>Claim.<sup class=\"reference\"><a href=\"#cite_note-1\">[1]</a></sup></p>\
            <ol class=\"references\"><li id=\"cite_note-1\"><span class=\"mw-cite-backlink\"><a href=\"#cite_ref-1\">^</a></span> \
            <span class=\"reference-text\">Smith, <i>Buses</i>, 2024.</span></li></ol>";
        assert_eq!(
            find(wiki).for_href("#cite_note-1"),
            Some("Smith, Buses, 2024.")
        );
        // A table of contents' numbered links to headings are not notes.
        let contents = "<a href=\"#part-2\">2</a><h2 id=\"part-2\">Part two</h2>";
        assert_eq!(find(contents).for_href("#part-2"), None);
    }

    #[test]
    fn a_pages_notes_become_the_articles_footnotes() {
        use crate::article::BlockKind;
        let page = include_str!("../../tests/fixtures/web/footnoted-essay.html");
        let article = crate::web::extract(page, None).to_article("essay");
        let notes: Vec<(&str, &str)> = article
            .blocks
            .iter()
            .filter_map(|b| match &b.kind {
                BlockKind::Footnote { label } => Some((label.as_str(), article.slice(&b.range))),
                _ => None,
            })
            .collect();
        assert_eq!(notes.len(), 2, "{notes:?}");
        assert_eq!(notes[0].0, "1");
        assert!(
            notes[0].1.starts_with("District budget book, 2024–25"),
            "{notes:?}"
        );
        assert!(
            notes[1].1.ends_with("212 responses from the three routes."),
            "{notes:?}"
        );
        assert!(!article.text.contains('↩'));
        // The marker no longer runs into the sentence: `year before.1 What`.
        assert!(!article.text.contains("before.1"), "{}", article.text);
        let sentences: Vec<&str> = article
            .sentences
            .iter()
            .map(|s| article.slice(&s.range))
            .collect();
        assert!(
            sentences
                .iter()
                .any(|s| s.starts_with("What the ledger does not show")),
            "{sentences:#?}"
        );
    }
}
