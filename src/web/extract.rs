//! A web page's article: its main text (found by rs-trafilatura) written as
//! markdown, and its metadata.

use dom_query::Document;
use url::Url;

use crate::article::head_rules::by_line;
use crate::article::{self, Article, Format, Metadata, front_matter};

/// Fewer words than this in the article body, on a page that is otherwise
/// large, reads as a paywall or a teaser, and the user is told so.
pub const STUB_WORDS: usize = 80;

/// What extraction found on a page.
#[derive(Debug, Clone, PartialEq)]
pub struct Extracted {
    pub meta: Metadata,
    /// The article body as markdown, without front matter.
    pub body: String,
}

impl Extracted {
    /// The markdown file saved for this article: front matter, then the body.
    pub fn to_markdown(&self) -> String {
        format!("{}\n{}", front_matter::write(&self.meta), self.body)
    }

    /// The article, read exactly as its saved markdown will be read.
    pub fn to_article(&self, name: &str) -> Article {
        article::parse_source(name, Format::Markdown, &self.to_markdown())
    }

    /// How many words the body has.
    pub fn word_count(&self) -> usize {
        self.to_article("page").word_count()
    }
}

/// The article on `html`; `page_url` is where it came from (links resolve
/// against it, and it stands as the source when the page names no canonical
/// address). The page's head at the top of the body (the title again, a
/// dek, a kicker, by-lines) becomes metadata (`super::head`).
pub fn extract(html: &str, page_url: Option<&str>) -> Extracted {
    let Extracted { mut meta, body } = extract_with_head(html, page_url);
    let body = super::head::read_head(&body, &mut meta);
    Extracted { meta, body }
}

/// [`extract`], with the page's head left in the body.
pub(super) fn extract_with_head(html: &str, page_url: Option<&str>) -> Extracted {
    let html = super::nesting::limit_nesting(html);
    let options = rs_trafilatura::Options {
        include_formatting: true,
        include_links: true,
        include_tables: true,
        url: page_url.map(str::to_string),
        ..Default::default()
    };
    let result = rs_trafilatura::extract_with_options(&html, &options).ok();
    let (html_body, text_body, found) = match result {
        Some(r) => (
            r.content_html.unwrap_or_default(),
            r.content_text,
            r.metadata,
        ),
        None => Default::default(),
    };
    let base = page_url
        .and_then(|u| Url::parse(u).ok())
        .or_else(|| found.url.as_deref().and_then(|u| Url::parse(u).ok()));
    let notes = super::footnotes::find(&html);
    let mut body = super::html_markdown::to_markdown_with_notes(
        &html_body,
        base.as_ref(),
        Some(&text_body),
        &notes,
    );
    if body.trim().is_empty() && !text_body.trim().is_empty() {
        // No HTML came back, only text: keep it, escaped, as paragraphs.
        body = super::html_markdown::text_to_markdown(&text_body);
    }
    let meta = Metadata {
        title: found
            .title
            .as_deref()
            .map(metadata_text)
            .unwrap_or_default(),
        subtitle: None,
        author: found.author.as_deref().map(author_text),
        date: found.date.map(|d| d.date_naive().to_string()),
        tags: Vec::new(),
        site: found
            .sitename
            .or(found.hostname)
            .as_deref()
            .map(metadata_text),
        source_url: found.url.or_else(|| page_url.map(str::to_string)),
        fetched_at: None,
    };
    Extracted { meta, body }
}

/// A metadata string as a reader should see it: character references
/// decoded (pages' JSON-LD often holds HTML-escaped text, `&#039;` for an
/// apostrophe, which no parser decodes inside a script) and white space
/// collapsed.
fn metadata_text(text: &str) -> String {
    let decoded = if text.contains('&') {
        // The HTML parser decodes the references; with `<` escaped first,
        // nothing in the text can be taken for a tag.
        let document = Document::fragment(text.replace('<', "&lt;"));
        document.root().text().to_string()
    } else {
        text.to_string()
    };
    decoded.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The author's name, without the `By` some pages' metadata gives it, nor
/// the time since publishing that some run into it (`Suzanne Gamboa 1 day
/// ago`: the page's by-line box read as one string).
fn author_text(text: &str) -> String {
    let text = metadata_text(text);
    let name = by_line(&text).unwrap_or(text);
    without_time_ago(&name).to_string()
}

/// `text` without a last `N units ago` (`1 day ago`, `3 hours ago`).
fn without_time_ago(text: &str) -> &str {
    let words: Vec<&str> = text.split(' ').collect();
    let ago = match words.as_slice() {
        [.., number, unit, "ago"] if words.len() > 3 => {
            let unit = unit.trim_end_matches('s').to_ascii_lowercase();
            let counted = number.parse::<u32>().is_ok() || matches!(*number, "a" | "an");
            counted
                && matches!(
                    unit.as_str(),
                    "second"
                        | "sec"
                        | "minute"
                        | "min"
                        | "hour"
                        | "hr"
                        | "day"
                        | "week"
                        | "month"
                        | "year"
                )
        }
        _ => false,
    };
    if !ago {
        return text;
    }
    let kept: usize = words[..words.len() - 3].iter().map(|w| w.len() + 1).sum();
    text[..kept.saturating_sub(1)].trim_end_matches([' ', ',', '·', '|', '-'])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn metadata_strings_have_their_character_references_decoded() {
        for (raw, shown) in [
            (
                "&#039;The Medium is the Message&#039;: the Light Walk",
                "'The Medium is the Message': the Light Walk",
            ),
            ("Investors don&#39;t know", "Investors don't know"),
            (
                "Fish &amp; Chips &mdash; a history",
                "Fish & Chips — a history",
            ),
            ("PG&E begins a shutoff", "PG&E begins a shutoff"),
            ("A <b> tag &lt;kept&gt;", "A <b> tag <kept>"),
            ("Wichita,   KS\n", "Wichita, KS"),
        ] {
            assert_eq!(metadata_text(raw), shown, "{raw:?}");
        }
        assert_eq!(author_text("By Ana Swanson"), "Ana Swanson");
        assert_eq!(author_text("Ana Swanson"), "Ana Swanson");
        assert_eq!(
            author_text("Suzanne Gamboa                  1 day ago"),
            "Suzanne Gamboa"
        );
        assert_eq!(author_text("Ana Swanson · 3 hours ago"), "Ana Swanson");
        // A name that only ends like one is kept.
        assert_eq!(author_text("Long Ago"), "Long Ago");
        assert_eq!(author_text("Days Ago Collective"), "Days Ago Collective");
    }

    /// A WordPress page: the title in JSON-LD escaped as HTML, and the
    /// article's head (title, by-line with the author's page) over its text.
    #[test]
    fn a_pages_escaped_title_and_its_head_become_metadata() {
        let prose = "Thirty installations will line the harbour this winter, \
                     each answering the festival's theme in light. "
            .repeat(4);
        let html = format!(
            r#"<!DOCTYPE html><html><head>
<title>&#039;Light on the Water&#039;: the Harbour Walk | Vantry Arts</title>
<script type="application/ld+json">{{"@context":"https://schema.org","@type":"Article",
"headline":"&#039;Light on the Water&#039;: the Harbour Walk","datePublished":"2024-11-02T10:00:00+00:00"}}</script>
</head><body><article>
<h1>‘Light on the Water’: the Harbour Walk</h1>
<p class="byline">By <a href="https://arts.example.org/author/editor/">editor</a> - 2024-11-02</p>
<p>{prose}</p><p>{prose}</p>
</article></body></html>"#
        );
        let extracted = extract(
            &html,
            Some("https://arts.example.org/2024/11/harbour-walk/"),
        );
        assert!(
            extracted
                .meta
                .title
                .starts_with("'Light on the Water': the Harbour Walk"),
            "{:?}",
            extracted.meta.title
        );
        assert!(
            extracted.body.starts_with("Thirty installations"),
            "{}",
            extracted.body
        );
        let as_found = extract_with_head(&html, None).body;
        assert!(as_found.starts_with("# ‘Light on the Water’"), "{as_found}");
    }
}
