//! A web page's article: its main text (found by rs-trafilatura) written as
//! markdown, and its metadata.

use url::Url;

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
/// address).
pub fn extract(html: &str, page_url: Option<&str>) -> Extracted {
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
        title: found.title.unwrap_or_default(),
        subtitle: None,
        author: found.author,
        date: found.date.map(|d| d.date_naive().to_string()),
        tags: Vec::new(),
        site: found.sitename.or(found.hostname),
        source_url: found.url.or_else(|| page_url.map(str::to_string)),
        fetched_at: None,
    };
    Extracted { meta, body }
}
