//! `marginalia add`, `marginalia URL` and `marginalia -`: web pages and
//! pasted text saved into the library folder (the core is `crate::web`).

use std::io::{IsTerminal, Read, Write};
use std::path::{Path, PathBuf};

use anyhow::Context as _;

use crate::annotate::{Anchor, Annotation, Store};
use crate::article::{self, MAX_ARTICLE_BYTES, sanitize::visible_line};
use crate::config::Config;
use crate::web::{self, Change, FetchOptions, Prepared, Progress, Saved};

#[derive(Debug, Clone, clap::Args)]
pub struct AddArgs {
    /// A web address (http or https), a saved page (.html, .htm, .xhtml,
    /// .html.gz), or `-` for standard input; with --refresh, a saved article
    pub source: String,
    /// Save into this folder instead of the library folder (config `library_dir`)
    #[arg(long, value_name = "DIR")]
    pub to: Option<PathBuf>,
    /// Fetch a saved article's source again, show what changed, and keep its annotations
    #[arg(long)]
    pub refresh: bool,
}

/// Whether a command-line argument is a web address rather than a path.
pub fn is_url(argument: &str) -> bool {
    let lower = argument.get(..8).unwrap_or(argument).to_ascii_lowercase();
    lower.starts_with("http://") || lower.starts_with("https://")
}

/// The library folder: `--to`, else the config's.
fn library(to: Option<&Path>, config: &Config) -> PathBuf {
    to.map(Path::to_path_buf)
        .unwrap_or_else(|| PathBuf::from(&config.library_dir))
}

pub fn run_add(args: &AddArgs, config: &Config, out: &mut dyn Write) -> anyhow::Result<()> {
    if args.refresh {
        return refresh(Path::new(&args.source), config, out);
    }
    let saved = add(&args.source, &library(args.to.as_deref(), config))?;
    if saved.already_there {
        eprintln!(
            "marginalia: already in the library (kept as it was; `add --refresh` fetches it again)"
        );
    }
    writeln!(out, "{}", saved.path.display()).context("cannot write the saved path")
}

/// Fetches, reads or takes from standard input, extracts and saves.
pub fn add(source: &str, dir: &Path) -> anyhow::Result<Saved> {
    let prepared = if source == "-" {
        Prepared::from_pasted(&read_stdin()?)?
    } else if is_url(source) {
        let fetched = fetch_with_progress(source)?;
        let page = web::extract(&fetched.html, Some(&fetched.url));
        Prepared::from_page(page, source, Some(now()))?
    } else {
        let path = Path::new(source);
        if !article::is_html_path(path) {
            anyhow::bail!(
                "{}: not a web page; `add` takes a URL, a .html/.htm/.xhtml/.html.gz file, or - (open .md and .txt files directly)",
                visible_line(source)
            );
        }
        let bytes = article::read_bytes(path)?;
        let (html, _) = web::decode_html(&bytes, None);
        Prepared::from_page(web::extract(&html, None), source, None)?
    };
    Ok(web::save(&prepared, dir)?)
}

/// Standard input, within the article size limit.
fn read_stdin() -> anyhow::Result<Vec<u8>> {
    let mut bytes = Vec::new();
    std::io::stdin()
        .lock()
        .take(MAX_ARTICLE_BYTES + 1)
        .read_to_end(&mut bytes)
        .context("standard input: cannot read it")?;
    if bytes.len() as u64 > MAX_ARTICLE_BYTES {
        anyhow::bail!("standard input: over the {MAX_ARTICLE_BYTES}-byte limit for an article");
    }
    if bytes.iter().all(u8::is_ascii_whitespace) {
        anyhow::bail!(
            "standard input: is empty; paste or pipe an article (text, markdown or HTML)"
        );
    }
    Ok(bytes)
}

fn now() -> String {
    time::OffsetDateTime::now_utc()
        .replace_nanosecond(0)
        .unwrap_or_else(|_| time::OffsetDateTime::now_utc())
        .format(&time::format_description::well_known::Rfc3339)
        .unwrap_or_default()
}

/// Fetches with a progress line on standard error when it is a terminal.
fn fetch_with_progress(url: &str) -> anyhow::Result<web::Fetched> {
    let shown = visible_line(url).into_owned();
    let live = std::io::stderr().is_terminal();
    let mut report = |progress: Progress| {
        if live {
            let kb = progress.received / 1024;
            let of = progress
                .expected
                .map(|total| format!(" of {} KB", total / 1024))
                .unwrap_or_default();
            eprint!("\rfetching {shown}: {kb} KB{of}   ");
        }
    };
    if live {
        eprint!("fetching {shown}…");
    }
    let result = web::fetch(url, &FetchOptions::default(), &mut report);
    if live {
        // Spaces over the progress line, so what follows starts clean.
        eprint!("\r{:width$}\r", "", width = shown.chars().count() + 40);
    }
    Ok(result?)
}

/// `add --refresh ARTICLE.md`: fetch the source again, print what changed,
/// save the new text, and say how the annotations re-anchored.
fn refresh(path: &Path, config: &Config, out: &mut dyn Write) -> anyhow::Result<()> {
    let old = article::load_path(path)?;
    let Some(url) = old.meta.source_url.clone().filter(|u| is_url(u)) else {
        anyhow::bail!(
            "{}: names no web address to refresh from (its front matter has no source_url)",
            path.display()
        );
    };
    let fetched = fetch_with_progress(&url)?;
    let page = web::extract(&fetched.html, Some(&fetched.url));
    let words = page.word_count();
    if words < web::STUB_WORDS {
        anyhow::bail!(
            "{}: the page now has only {words} words of article text (a paywall, a teaser, or gone); the saved copy is kept as it was",
            visible_line(&url)
        );
    }
    let text = web::refreshed_text(&old.meta, page, now());
    let new = article::parse_source(article::stem_of(path), article::Format::Markdown, &text);
    let changes = web::changes(&old, &new);
    if changes.is_empty() {
        writeln!(out, "{}: unchanged", path.display())?;
    } else {
        for change in &changes {
            let (sign, paragraph) = match change {
                Change::Removed(p) => ('-', p),
                Change::Added(p) => ('+', p),
            };
            writeln!(out, "{sign} {}", visible_line(paragraph))?;
        }
    }
    // The annotations are read before anything is written, so a damaged
    // file stops the refresh with the saved copy as it was.
    let sidecar = config.annotations_path(path);
    let store = if sidecar.exists() {
        Some(Store::open(&sidecar, &new.text).with_context(|| {
            format!(
                "{}: cannot read the annotations; the saved copy is kept as it was",
                sidecar.display()
            )
        })?)
    } else {
        None
    };
    crate::fsutil::atomic_write(path, text.as_bytes())
        .with_context(|| format!("{}: cannot save the refreshed article", path.display()))?;
    let Some(store) = store else {
        writeln!(out, "{}: {} changes", path.display(), changes.len())?;
        return Ok(());
    };
    let (total, orphans) = reanchor(store, &new.text)?;
    writeln!(
        out,
        "{}: {} changes; {total} annotations, {} found again, {orphans} orphaned (kept, and shown in the reader)",
        path.display(),
        changes.len(),
        total - orphans
    )?;
    Ok(())
}

/// Saves a refreshed article's annotations, opened on its new `text`,
/// anchored there (each found passage's quote, context and offsets as they
/// now are); orphans are kept exactly as they were. Returns how many
/// annotations there are and how many are orphaned.
fn reanchor(mut store: Store, text: &str) -> anyhow::Result<(usize, usize)> {
    let placed: Vec<Annotation> = store
        .annotations()
        .iter()
        .map(|annotation| {
            let range = store.get(&annotation.id).and_then(|(_, r)| r.range());
            let mut annotation = annotation.clone();
            if let Some(anchor) = range.and_then(|range| Anchor::new(text, range)) {
                let extra = std::mem::take(&mut annotation.anchor.extra);
                annotation.anchor = Anchor { extra, ..anchor };
            }
            annotation
        })
        .collect();
    let orphans = store.orphans().count();
    if let Some(reason) = store.read_only_reason() {
        // A handed-in exercise stays as it was; the reader re-anchors it
        // each time it opens.
        eprintln!(
            "marginalia: {}: annotations not rewritten because {reason}",
            store.path().display()
        );
        return Ok((placed.len(), orphans));
    }
    store.replace_all(placed);
    store.save().with_context(|| {
        format!(
            "{}: cannot save the re-anchored annotations",
            store.path().display()
        )
    })?;
    Ok((store.annotations().len(), orphans))
}

/// For `marginalia URL` and `marginalia -`: the article saved into the
/// library, ready for the reader.
pub fn saved_for_reading(argument: &str, config: &Config) -> anyhow::Result<PathBuf> {
    let saved = add(argument, &library(None, config))?;
    Ok(saved.path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_are_told_from_paths() {
        assert!(is_url("https://example.com/a"));
        assert!(is_url("HTTP://example.com"));
        assert!(!is_url("articles/http.md"));
        assert!(!is_url("-"));
    }
}
