//! Saving web articles into the library folder as markdown with front
//! matter, reading pasted input, and refreshing a saved copy.

use std::path::{Path, PathBuf};

use crate::article::{self, Article, Format, Metadata, front_matter};
use crate::fsutil::atomic_write;

use super::{Extracted, STUB_WORDS, decode_html, extract};

/// What standard input (or any unnamed text) holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PastedKind {
    Html,
    Markdown,
    PlainText,
}

/// Tells HTML, markdown and plain text apart: HTML starts with a tag (after
/// space and a BOM); markdown has front matter, an ATX heading, a list or
/// quote line, a fenced block, a link or emphasis; anything else is plain text.
pub fn detect_kind(text: &str) -> PastedKind {
    let trimmed = text.trim_start_matches('\u{FEFF}').trim_start();
    let lower: String = trimmed
        .chars()
        .take(512)
        .collect::<String>()
        .to_ascii_lowercase();
    if lower.starts_with("<!doctype html")
        || lower.starts_with("<html")
        || (lower.starts_with('<')
            && ["<body", "<p>", "<p ", "<div", "<article", "<head"]
                .iter()
                .any(|tag| lower.contains(tag)))
    {
        return PastedKind::Html;
    }
    if trimmed.starts_with("---\n") || trimmed.starts_with("+++\n") {
        return PastedKind::Markdown;
    }
    let markdown_line = |line: &str| {
        let line = line.trim_start();
        (line.starts_with('#') && line.trim_start_matches('#').starts_with(' '))
            || line.starts_with("> ")
            || line.starts_with("```")
            || line.starts_with("* ")
            || line.starts_with("- ")
            || (line.contains("](") && line.contains('['))
            || line.contains("**")
    };
    if text.lines().take(200).any(markdown_line) {
        PastedKind::Markdown
    } else {
        PastedKind::PlainText
    }
}

#[derive(Debug, thiserror::Error)]
pub enum SaveError {
    #[error(
        "{source_name}: no article text found on this page; it may need JavaScript, which marginalia does not run"
    )]
    NoArticle { source_name: String },
    #[error(
        "{source_name}: only {words} words of article text; this looks like a paywall or a teaser, so nothing was saved"
    )]
    Stub { source_name: String, words: usize },
    #[error("{path}: cannot save the article: {source}")]
    Write {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
}

/// An article ready to be saved: its file's text and extension.
#[derive(Debug, Clone)]
pub struct Prepared {
    pub text: String,
    pub extension: &'static str,
    pub meta: Metadata,
}

impl Prepared {
    /// A web page's article, stamped with when it was fetched; refused when
    /// it has no text, or only a stub's.
    pub fn from_page(
        mut extracted: Extracted,
        source_name: &str,
        fetched_at: Option<String>,
    ) -> Result<Prepared, SaveError> {
        extracted.meta.fetched_at = fetched_at;
        let words = extracted.word_count();
        let source_name = article::sanitize::visible_line(source_name).into_owned();
        if words == 0 {
            return Err(SaveError::NoArticle { source_name });
        }
        if words < STUB_WORDS {
            return Err(SaveError::Stub { source_name, words });
        }
        Ok(Prepared {
            text: extracted.to_markdown(),
            extension: "md",
            meta: extracted.meta,
        })
    }

    /// Pasted text: HTML is extracted; markdown and plain text are kept as given.
    pub fn from_pasted(bytes: &[u8]) -> Result<Prepared, SaveError> {
        let (text, _) = decode_html(bytes, None);
        let text = text.replace("\r\n", "\n");
        let source_name = "standard input";
        let (format, extension) = match detect_kind(&text) {
            PastedKind::Html => {
                return Prepared::from_page(extract(&text, None), source_name, None);
            }
            PastedKind::Markdown => (Format::Markdown, "md"),
            PastedKind::PlainText => (Format::PlainText, "txt"),
        };
        let article = article::parse_source("pasted", format, &text);
        if article.word_count() == 0 {
            return Err(SaveError::NoArticle {
                source_name: source_name.to_string(),
            });
        }
        Ok(Prepared {
            text,
            extension,
            meta: article.meta,
        })
    }
}

/// Where an article was saved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Saved {
    pub path: PathBuf,
    /// The library already held this source; the copy there was kept as it was.
    pub already_there: bool,
}

/// Saves into `dir` (created if missing) under a name made from the title.
/// A file already saved from the same source URL is kept, never written
/// over (its annotations anchor to it); other names taken get `-2`, `-3`….
pub fn save(prepared: &Prepared, dir: &Path) -> Result<Saved, SaveError> {
    let write_error = |path: &Path, source| SaveError::Write {
        path: path.to_path_buf(),
        source,
    };
    std::fs::create_dir_all(dir).map_err(|e| write_error(dir, e))?;
    let stem = slug(&prepared.meta.title);
    for n in 1.. {
        let name = match n {
            1 => format!("{stem}.{}", prepared.extension),
            _ => format!("{stem}-{n}.{}", prepared.extension),
        };
        let path = dir.join(name);
        if path.exists() {
            if prepared.meta.source_url.is_some() && saved_source(&path) == prepared.meta.source_url
            {
                return Ok(Saved {
                    path,
                    already_there: true,
                });
            }
            continue;
        }
        atomic_write(&path, prepared.text.as_bytes()).map_err(|e| write_error(&path, e))?;
        return Ok(Saved {
            path,
            already_there: false,
        });
    }
    unreachable!("some numbered name is free")
}

/// The source URL a saved article's front matter names.
pub fn saved_source(path: &Path) -> Option<String> {
    article::load_path(path).ok()?.meta.source_url
}

/// A file name from a title: lower-case letters and digits joined by
/// hyphens, at most 60 bytes; `article` when nothing is left.
pub fn slug(title: &str) -> String {
    let mut slug = String::new();
    for word in title.split(|c: char| !c.is_alphanumeric()) {
        if word.is_empty() {
            continue;
        }
        let word = word.to_lowercase();
        if slug.len() + word.len() + 1 > 60 {
            break;
        }
        if !slug.is_empty() {
            slug.push('-');
        }
        slug.push_str(&word);
    }
    if slug.is_empty() {
        "article".to_string()
    } else {
        slug
    }
}

/// What changed between two versions of an article, paragraph by paragraph.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Change {
    Removed(String),
    Added(String),
}

/// The paragraphs removed from `old` and added in `new`, in reading order
/// (a longest common subsequence of blocks; equal blocks are not listed).
pub fn changes(old: &Article, new: &Article) -> Vec<Change> {
    let blocks = |a: &Article| -> Vec<String> {
        a.blocks
            .iter()
            .map(|b| a.slice(&b.range).to_string())
            .collect()
    };
    let (old, new) = (blocks(old), blocks(new));
    // lcs[i][j]: the longest common run of old[i..] and new[j..].
    let mut lcs = vec![vec![0u32; new.len() + 1]; old.len() + 1];
    for i in (0..old.len()).rev() {
        for j in (0..new.len()).rev() {
            lcs[i][j] = if old[i] == new[j] {
                lcs[i + 1][j + 1] + 1
            } else {
                lcs[i + 1][j].max(lcs[i][j + 1])
            };
        }
    }
    let (mut i, mut j) = (0, 0);
    let mut out = Vec::new();
    while i < old.len() || j < new.len() {
        if i < old.len() && j < new.len() && old[i] == new[j] {
            i += 1;
            j += 1;
        } else if i < old.len() && (j == new.len() || lcs[i + 1][j] >= lcs[i][j + 1]) {
            out.push(Change::Removed(old[i].clone()));
            i += 1;
        } else {
            out.push(Change::Added(new[j].clone()));
            j += 1;
        }
    }
    out
}

/// The saved copy's front matter with the newer fetch's body, keeping the
/// first title when the page no longer names one.
pub fn refreshed_text(saved: &Metadata, mut page: Extracted, fetched_at: String) -> String {
    if page.meta.title.trim().is_empty() {
        page.meta.title = saved.title.clone();
    }
    page.meta.source_url = page.meta.source_url.or_else(|| saved.source_url.clone());
    page.meta.fetched_at = Some(fetched_at);
    page.meta.tags = saved.tags.clone();
    format!("{}\n{}", front_matter::write(&page.meta), page.body)
}

#[cfg(test)]
mod tests;
