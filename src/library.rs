//! The articles of a folder, with what the library list shows of each.

use std::path::{Path, PathBuf};

use crate::annotate::AnnotationFile;
use crate::article::{self, load_path};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    pub path: PathBuf,
    pub title: String,
    pub author: Option<String>,
    pub date: Option<String>,
    pub words: usize,
    pub annotations: usize,
    /// Why the file could not be read, if it could not.
    pub problem: Option<String>,
}

/// Files the library offers: markdown and plain text.
pub fn is_article_file(path: &Path) -> bool {
    path.is_file()
        && path
            .extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase)
            .is_some_and(|e| matches!(e.as_str(), "md" | "markdown" | "txt" | "text"))
}

/// The articles in `dir`, sorted by file name. Unreadable articles are listed
/// with their problem rather than hidden.
pub fn scan(dir: &Path, annotations_for: impl Fn(&Path) -> PathBuf) -> std::io::Result<Vec<Entry>> {
    let mut paths: Vec<PathBuf> = std::fs::read_dir(dir)?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| is_article_file(p))
        .collect();
    // What marginalia exported is not an article to list a second time.
    paths.retain(|p| !is_marginalia_export(p));
    paths.sort();
    Ok(paths
        .into_iter()
        .map(|path| entry(&path, &annotations_for(&path)))
        .collect())
}

/// True for a file an export of marginalia wrote (its first kilobytes
/// hold the export's header line).
fn is_marginalia_export(path: &Path) -> bool {
    use std::io::Read;
    let mut head = Vec::with_capacity(4096);
    let read = std::fs::File::open(path).and_then(|f| f.take(4096).read_to_end(&mut head));
    read.is_ok() && crate::export::is_own_output(&String::from_utf8_lossy(&head))
}

fn entry(path: &Path, annotations: &Path) -> Entry {
    match load_path(path) {
        Ok(article) => Entry {
            path: path.to_path_buf(),
            words: article.word_count(),
            annotations: count_annotations(annotations),
            title: article.meta.title,
            author: article.meta.author,
            date: article.meta.date,
            problem: None,
        },
        Err(e) => Entry {
            path: path.to_path_buf(),
            title: path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default(),
            author: None,
            date: None,
            words: 0,
            annotations: 0,
            problem: Some(article::sanitize::visible_line(&e.to_string()).into_owned()),
        },
    }
}

/// How many annotations an annotation file holds, without placing them
/// (0 when there is no file or it cannot be read).
fn count_annotations(path: &Path) -> usize {
    crate::annotate::read_annotation_bytes(path)
        .ok()
        .and_then(|bytes| AnnotationFile::parse(&bytes).ok())
        .map_or(0, |file| file.annotations.len())
}

/// True when `entry` matches a filter typed in the library (case-insensitive,
/// over title, author, date and file name).
pub fn matches_filter(entry: &Entry, filter: &str) -> bool {
    if filter.is_empty() {
        return true;
    }
    let needle = article::search::fold(filter);
    let file_name = entry
        .path
        .file_name()
        .map(|n| n.to_string_lossy())
        .unwrap_or_default();
    [
        Some(entry.title.as_str()),
        entry.author.as_deref(),
        entry.date.as_deref(),
        Some(&file_name),
    ]
    .into_iter()
    .flatten()
    .any(|field| article::search::fold(field).contains(&needle))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_articles_with_metadata_and_problems() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("b.md"), "# Bikes\n\nThey are good.\n").unwrap();
        std::fs::write(dir.path().join("a.txt"), "Bad \u{0}\u{0} bytes").unwrap();
        std::fs::write(dir.path().join("notes.json"), "{}").unwrap();
        let entries = scan(dir.path(), |p| p.with_extension("none")).unwrap();
        assert_eq!(entries.len(), 2);
        assert!(entries[0].problem.as_deref().unwrap().contains("binary"));
        assert_eq!(entries[1].title, "Bikes");
        assert_eq!(entries[1].words, 4);
        assert!(matches_filter(&entries[1], "BIK"));
        assert!(!matches_filter(&entries[1], "trains"));
    }

    #[test]
    fn an_export_of_an_article_is_not_listed_as_one() {
        use crate::annotate::Store;
        use crate::export::{MarkerStyle, to_markdown};
        let dir = tempfile::tempdir().unwrap();
        let source = "# Bikes\n\nThey are good. Lanes help.\n";
        std::fs::write(dir.path().join("bikes.md"), source).unwrap();
        let article =
            crate::article::parse_source("bikes", crate::article::Format::Markdown, source);
        let mut store = Store::open(dir.path().join("none.json"), &article.text).unwrap();
        store.add("claim", 7..21, "ada").unwrap();
        let labels = crate::config::Config::default().labels;
        let exported = to_markdown(&article, &store, &labels, "bikes.md", MarkerStyle::Markers);
        // An export someone copied in among the articles, under any name.
        std::fs::write(dir.path().join("bikes.annotated.md"), &exported).unwrap();
        std::fs::write(dir.path().join("copy.md"), &exported).unwrap();
        let entries = scan(dir.path(), |p| p.with_extension("none")).unwrap();
        let names: Vec<_> = entries
            .iter()
            .map(|e| e.path.file_name().unwrap())
            .collect();
        assert_eq!(names, ["bikes.md"]);
    }
}
