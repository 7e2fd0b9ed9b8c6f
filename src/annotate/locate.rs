//! Which article an annotations file belongs to.
//!
//! Every command writes the article's path relative to the annotations
//! file's own folder ([`recorded_article_path`]) and reads it back the same
//! way ([`article_of`]), so a key made from any working folder is found by
//! `compare`, `class` and `key --mark` alike, and a folder holding an article
//! with its files can be moved or copied whole. The content hash confirms the
//! find; files written before paths were recorded this way named the article
//! relative to the reader's working folder, which is tried second and taken
//! only when the hash confirms it.

use std::path::{Component, Path, PathBuf};

use super::file::{AnnotationFile, content_hash};
use crate::article::{Article, load_path};
use crate::fsutil::parent_dir;

/// An article found for an annotations file.
#[derive(Debug)]
pub struct LocatedArticle {
    pub path: PathBuf,
    pub article: Article,
    /// The article's text differs from the one the file was saved against
    /// (passages are placed again by their quotes and context).
    pub changed: bool,
}

#[derive(Debug, thiserror::Error)]
pub enum LocateError {
    #[error("{file}: cannot read it: {message}")]
    Unreadable { file: PathBuf, message: String },
    #[error("{file}: names no article; give the article with --article")]
    Unnamed { file: PathBuf },
    #[error(
        "{file}: names its article as \"{recorded}\", which is not in {folder}; give the article with --article"
    )]
    NotFound {
        file: PathBuf,
        recorded: String,
        folder: PathBuf,
    },
    #[error(transparent)]
    Load(#[from] crate::article::LoadError),
}

/// The path to record in `annotations_file` for `article`: relative to the
/// annotations file's folder, with `/` between parts.
pub fn recorded_article_path(article: &Path, annotations_file: &Path) -> String {
    let target = full_path(article);
    let base = full_path(&parent_dir(annotations_file));
    let target_parts: Vec<Component> = target.components().collect();
    let base_parts: Vec<Component> = base.components().collect();
    let common = target_parts
        .iter()
        .zip(&base_parts)
        .take_while(|(a, b)| a == b)
        .count();
    if common == 0 {
        // Nothing in common (another drive): only the full path works.
        return target.to_string_lossy().into_owned();
    }
    let ups = std::iter::repeat_n("..".to_string(), base_parts.len() - common);
    let downs = target_parts[common..]
        .iter()
        .map(|c| c.as_os_str().to_string_lossy().into_owned());
    ups.chain(downs).collect::<Vec<_>>().join("/")
}

/// The path with symbolic links and `..` resolved where it exists; else
/// made absolute as written.
fn full_path(path: &Path) -> PathBuf {
    path.canonicalize()
        .or_else(|_| std::path::absolute(path))
        .unwrap_or_else(|_| path.to_path_buf())
}

/// Finds and loads the article `annotations_file` names, or `given` when
/// the user named one (`--article`).
pub fn article_of(
    annotations_file: &Path,
    given: Option<&Path>,
) -> Result<LocatedArticle, LocateError> {
    let unreadable = |message: String| LocateError::Unreadable {
        file: annotations_file.to_path_buf(),
        message,
    };
    let bytes =
        super::read_annotation_bytes(annotations_file).map_err(|e| unreadable(e.to_string()))?;
    let file = AnnotationFile::parse(&bytes).map_err(|e| unreadable(e.to_string()))?;
    let recorded_hash = file.article.content_hash.as_str();
    let confirmed = |article: &Article| {
        recorded_hash.is_empty() || content_hash(&article.text) == recorded_hash
    };

    if let Some(path) = given {
        let article = load_path(path)?;
        return Ok(LocatedArticle {
            path: path.to_path_buf(),
            changed: !confirmed(&article),
            article,
        });
    }
    let recorded = file.article.path.trim();
    if recorded.is_empty() {
        return Err(LocateError::Unnamed {
            file: annotations_file.to_path_buf(),
        });
    }
    let folder = parent_dir(annotations_file);
    let beside = folder.join(recorded);
    let legacy = PathBuf::from(recorded);
    let mut changed_copy = None;
    for (candidate, needs_hash) in [(beside, false), (legacy, true)] {
        if !candidate.is_file() {
            continue;
        }
        let article = load_path(&candidate)?;
        if confirmed(&article) {
            return Ok(LocatedArticle {
                path: candidate,
                article,
                changed: false,
            });
        }
        if !needs_hash && changed_copy.is_none() {
            changed_copy = Some(LocatedArticle {
                path: candidate,
                article,
                changed: true,
            });
        }
    }
    changed_copy.ok_or_else(|| LocateError::NotFound {
        file: annotations_file.to_path_buf(),
        recorded: recorded.to_string(),
        folder,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::annotate::ArticleInfo;

    const ARTICLE: &str = "# Rents\n\nRents rose nine per cent last year.\n";

    fn write_file(path: &Path, recorded: &str, hash: &str) {
        let file = AnnotationFile {
            article: ArticleInfo {
                title: "Rents".into(),
                path: recorded.into(),
                content_hash: hash.into(),
                extra: Default::default(),
            },
            ..AnnotationFile::default()
        };
        std::fs::write(path, file.to_json()).unwrap();
    }

    fn hash_of(path: &Path) -> String {
        content_hash(&load_path(path).unwrap().text)
    }

    #[test]
    fn paths_are_recorded_from_the_files_own_folder() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::create_dir_all(root.join("articles")).unwrap();
        std::fs::create_dir_all(root.join("class/3b")).unwrap();
        let article = root.join("articles/rents.md");
        std::fs::write(&article, ARTICLE).unwrap();
        assert_eq!(
            recorded_article_path(&article, &root.join("class/3b/key.json")),
            "../../articles/rents.md"
        );
        assert_eq!(
            recorded_article_path(&article, &root.join("articles/rents.md.marginalia.json")),
            "rents.md"
        );
        // A file that does not exist yet, in a folder that does not either.
        assert_eq!(
            recorded_article_path(&article, &root.join("articles/new/x.json")),
            "../rents.md"
        );
    }

    #[test]
    fn the_article_is_found_beside_the_file_and_confirmed_by_its_hash() {
        let dir = tempfile::tempdir().unwrap();
        let article = dir.path().join("rents.md");
        std::fs::write(&article, ARTICLE).unwrap();
        let key = dir.path().join("key.json");
        write_file(&key, "rents.md", &hash_of(&article));
        let found = article_of(&key, None).unwrap();
        assert_eq!(found.path, dir.path().join("rents.md"));
        assert!(!found.changed);

        std::fs::write(&article, format!("{ARTICLE}\nA new paragraph.\n")).unwrap();
        let found = article_of(&key, None).unwrap();
        assert!(
            found.changed,
            "an edited article is still found, and said to differ"
        );

        let other = dir.path().join("other.md");
        std::fs::write(&other, "# Other\n\nSomething else.\n").unwrap();
        let given = article_of(&key, Some(&other)).unwrap();
        assert_eq!(given.path, other);
        assert!(given.changed);
    }

    #[test]
    fn a_missing_or_unnamed_article_says_what_to_do() {
        let dir = tempfile::tempdir().unwrap();
        let key = dir.path().join("key.json");
        write_file(&key, "gone.md", "");
        let error = article_of(&key, None).unwrap_err().to_string();
        assert!(
            error.contains("\"gone.md\"") && error.contains("--article"),
            "{error}"
        );
        write_file(&key, "", "");
        let error = article_of(&key, None).unwrap_err().to_string();
        assert!(error.contains("names no article"), "{error}");
        std::fs::write(&key, "{ not json").unwrap();
        let error = article_of(&key, None).unwrap_err().to_string();
        assert!(error.contains("damaged"), "{error}");
    }
}
