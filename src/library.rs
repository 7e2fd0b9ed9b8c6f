//! The articles of a folder, with what the library list shows of each:
//! listed from a quick read of each file's head, with the counts of words
//! and annotations filled in afterwards (they need the whole file). A saved
//! web page is listed under its file name until then: its title, author and
//! date come from extracting the whole page.

use std::path::{Path, PathBuf};

use crate::annotate::AnnotationFile;
use crate::article::{self, Metadata, is_html_path, load_metadata, load_path};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    pub path: PathBuf,
    pub title: String,
    pub author: Option<String>,
    pub date: Option<String>,
    pub words: usize,
    pub annotations: usize,
    /// Whether `words` and `annotations` have been counted yet.
    pub counted: bool,
    /// Why the file could not be read, if it could not.
    pub problem: Option<String>,
}

/// What counting a whole article finds, for [`Entry::fill`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Counts {
    pub words: usize,
    pub annotations: usize,
    pub problem: Option<String>,
    /// A web page's metadata, which its listing could not read from its head.
    pub page_meta: Option<Box<Metadata>>,
}

impl Entry {
    pub fn fill(&mut self, counts: Counts) {
        self.words = counts.words;
        self.annotations = counts.annotations;
        self.counted = true;
        if counts.problem.is_some() {
            self.problem = counts.problem;
        }
        if let Some(meta) = counts.page_meta {
            let meta = *meta;
            if !meta.title.is_empty() {
                self.title = meta.title;
            }
            self.author = meta.author;
            self.date = meta.date;
        }
    }
}

/// Files the library offers: markdown, plain text and saved web pages
/// (`.html`, `.htm`, `.xhtml`, `.html.gz`).
pub fn is_article_file(path: &Path) -> bool {
    path.is_file()
        && (is_html_path(path)
            || path
                .extension()
                .and_then(|e| e.to_str())
                .map(str::to_ascii_lowercase)
                .is_some_and(|e| matches!(e.as_str(), "md" | "markdown" | "txt" | "text")))
}

/// The articles in `dir`, sorted by file name, from the head of each file
/// (not counted yet: see [`count`]). Unreadable articles are listed with
/// their problem rather than hidden.
pub fn scan(dir: &Path) -> std::io::Result<Vec<Entry>> {
    let mut paths: Vec<PathBuf> = std::fs::read_dir(dir)?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| is_article_file(p))
        .collect();
    // What marginalia exported is not an article to list a second time.
    paths.retain(|p| !is_marginalia_export(p));
    paths.sort();
    Ok(paths.into_iter().map(|path| entry(&path)).collect())
}

/// True for a file an export of marginalia wrote (its first kilobytes
/// hold the export's header line).
fn is_marginalia_export(path: &Path) -> bool {
    use std::io::Read;
    let mut head = Vec::with_capacity(4096);
    let read = std::fs::File::open(path).and_then(|f| f.take(4096).read_to_end(&mut head));
    read.is_ok() && crate::export::is_own_output(&String::from_utf8_lossy(&head))
}

fn entry(path: &Path) -> Entry {
    // A page's head is markup (or gzip), not its metadata: until it is
    // counted, a page is listed by its name.
    let page = is_html_path(path);
    let read = if page {
        Ok(None)
    } else {
        load_metadata(path).map(Some)
    };
    let (meta, problem) = match read {
        Ok(meta) => (meta, None),
        Err(e) => (None, Some(problem_line(&e))),
    };
    let file_name = || {
        if page {
            article::stem_of(path).to_string()
        } else {
            path.file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default()
        }
    };
    Entry {
        path: path.to_path_buf(),
        title: meta.as_ref().map_or_else(file_name, |m| m.title.clone()),
        author: meta.as_ref().and_then(|m| m.author.clone()),
        date: meta.and_then(|m| m.date),
        words: 0,
        annotations: 0,
        counted: problem.is_some(),
        problem,
    }
}

fn problem_line(error: &article::LoadError) -> String {
    article::sanitize::visible_line(&error.to_string()).into_owned()
}

/// The words of the whole article at `path` and the annotations in its
/// annotation file, or why the article cannot be read.
pub fn count(path: &Path, annotations: &Path) -> Counts {
    match load_path(path) {
        Ok(article) => Counts {
            words: article.word_count(),
            annotations: count_annotations(annotations),
            problem: None,
            page_meta: is_html_path(path).then(|| Box::new(article.meta)),
        },
        Err(e) => Counts {
            words: 0,
            annotations: 0,
            problem: Some(problem_line(&e)),
            page_meta: None,
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
    use crate::article::HEAD_BYTES;

    #[test]
    fn lists_articles_with_metadata_and_problems() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("b.md"), "# Bikes\n\nThey are good.\n").unwrap();
        std::fs::write(dir.path().join("a.txt"), "Bad \u{0}\u{0} bytes").unwrap();
        std::fs::write(dir.path().join("notes.json"), "{}").unwrap();
        let mut entries = scan(dir.path()).unwrap();
        for entry in &mut entries {
            entry.fill(count(&entry.path, &entry.path.with_extension("none")));
        }
        assert_eq!(entries.len(), 2);
        assert!(entries[0].problem.as_deref().unwrap().contains("binary"));
        assert_eq!(entries[1].title, "Bikes");
        assert_eq!(entries[1].words, 4);
        assert!(matches_filter(&entries[1], "BIK"));
        assert!(!matches_filter(&entries[1], "trains"));
    }

    #[test]
    fn saved_web_pages_are_listed_beside_markdown_and_text() {
        use std::io::Write as _;
        let dir = tempfile::tempdir().unwrap();
        let paragraph = "<p>The ferry ran at night for forty years, and the island's \
                         late shifts depended on it until the council cut it.</p>";
        let page = format!(
            "<!DOCTYPE html><html><head><title>Bring Back the Night Ferry | The Courier</title>\
             <meta name=\"author\" content=\"Ana Ortiz\"></head><body><nav><a href=\"/\">Home</a></nav>\
             <article><h1>Bring Back the Night Ferry</h1>{}</article></body></html>",
            paragraph.repeat(8)
        );
        std::fs::write(dir.path().join("ferry.html"), &page).unwrap();
        std::fs::write(dir.path().join("old.HTM"), &page).unwrap();
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        gz.write_all(page.as_bytes()).unwrap();
        std::fs::write(dir.path().join("zipped.html.gz"), gz.finish().unwrap()).unwrap();
        std::fs::write(dir.path().join("notes.md"), "# Notes\n\nOn ferries.\n").unwrap();
        std::fs::write(dir.path().join("logo.png.gz"), b"not a page").unwrap();
        let mut entries = scan(dir.path()).unwrap();
        let names: Vec<&str> = entries.iter().map(|e| e.title.as_str()).collect();
        assert_eq!(names, ["ferry", "Notes", "old", "zipped"]);
        for entry in &mut entries {
            entry.fill(count(&entry.path, &entry.path.with_extension("none")));
        }
        for page in [0, 2, 3] {
            let entry = &entries[page];
            assert!(entry.problem.is_none(), "{entry:?}");
            assert_eq!(entry.title, "Bring Back the Night Ferry");
            assert_eq!(entry.author.as_deref(), Some("Ana Ortiz"));
            assert!(entry.words > 100, "{entry:?}");
        }
    }

    #[test]
    fn a_large_file_is_listed_from_its_head_and_counted_later() {
        let dir = tempfile::tempdir().unwrap();
        let paragraph = "The prince said that the army was quietly leaving Moscow.\n\n";
        let mut book = String::from("---\ntitle: War, at length\nauthor: L. T.\n---\n\n");
        book.push_str(&paragraph.repeat(4 * HEAD_BYTES / paragraph.len()));
        std::fs::write(dir.path().join("book.md"), &book).unwrap();
        // Readable at the head, not UTF-8 further on.
        let mut damaged = paragraph
            .repeat(2 * HEAD_BYTES / paragraph.len())
            .into_bytes();
        damaged.push(0xff);
        std::fs::write(dir.path().join("damaged.txt"), &damaged).unwrap();
        let annotations = |p: &Path| p.with_extension("json");
        std::fs::write(
            annotations(&dir.path().join("book.md")),
            r#"{"schema": 1, "article": {"title": "t", "path": "book.md", "content_hash": "x"},
               "annotations": []}"#,
        )
        .unwrap();

        let mut entries = scan(dir.path()).unwrap();
        assert_eq!(entries[0].title, "War, at length");
        assert_eq!(entries[0].author.as_deref(), Some("L. T."));
        assert!(!entries[0].counted && entries[0].words == 0);
        assert!(entries[1].problem.is_none(), "its head reads well");

        for entry in &mut entries {
            entry.fill(count(&entry.path, &annotations(&entry.path)));
        }
        let words = book.split_whitespace().count() - 9; // front matter
        assert!(entries[0].counted);
        assert_eq!(entries[0].words, words);
        assert!(entries[1].problem.as_deref().unwrap().contains("not UTF-8"));
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
        let entries = scan(dir.path()).unwrap();
        let names: Vec<_> = entries
            .iter()
            .map(|e| e.path.file_name().unwrap())
            .collect();
        assert_eq!(names, ["bikes.md"]);
    }
}
