//! Web articles: a page's main text and metadata made into a markdown
//! article (`extract`), pages read from files or fetched over HTTP, and
//! saved into the library.

mod charset;
mod extract;
mod fetch;
mod footnotes;
mod head;
mod html_markdown;
mod library;
mod nesting;

use std::path::Path;

use crate::article::{Article, LoadError, stem_of};

pub use charset::{charset_parameter, decode_html};
pub use extract::{Extracted, STUB_WORDS, extract};
pub use fetch::{FetchError, FetchOptions, Fetched, Progress, fetch};
pub use library::{
    Change, PastedKind, Prepared, SaveError, Saved, changes, detect_kind, refreshed_text, save,
    saved_source, slug,
};

/// A saved web page (`.html`, `.htm`, `.xhtml`, `.html.gz`) as an article.
pub fn article_from_html_file(path: &Path, bytes: &[u8]) -> Result<Article, LoadError> {
    let (html, _) = decode_html(bytes, None);
    let extracted = extract(&html, None);
    let article = extracted.to_article(stem_of(path));
    if article.word_count() == 0 {
        return Err(LoadError::NoArticle {
            path: path.to_path_buf(),
            hint: "; it may need JavaScript, which marginalia does not run".to_string(),
        });
    }
    Ok(article)
}
