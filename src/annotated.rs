//! An article opened with its annotations: the one way the reader and the
//! commands open them, so both treat a damaged annotation file alike.

use std::path::{Path, PathBuf};

use crate::annotate::{Store, StoreError};
use crate::article::{Article, LoadError, load_path};

/// An article and the store of its annotations.
#[derive(Debug)]
pub struct AnnotatedArticle {
    pub path: PathBuf,
    pub article: Article,
    pub store: Store,
    /// Why the annotation file could not be opened, when it could not: the
    /// store is then empty and read-only, so the file is never written over.
    pub damage: Option<StoreError>,
}

/// Loads the article at `path` and its annotations from `annotations`. An
/// article that cannot be loaded is an error; a damaged annotation file is
/// not (see [`AnnotatedArticle::damage`]).
pub fn open_annotated(path: &Path, annotations: &Path) -> Result<AnnotatedArticle, LoadError> {
    Ok(annotate(path, load_path(path)?, annotations))
}

/// [`open_annotated`] of an article already loaded from `path`.
pub fn annotate(path: &Path, article: Article, annotations: &Path) -> AnnotatedArticle {
    let (store, damage) = match Store::open(annotations, &article.text) {
        Ok(store) => (store, None),
        Err(e) => (
            Store::read_only_after_damage(annotations, &article.text, &e),
            Some(e),
        ),
    };
    AnnotatedArticle {
        path: path.to_path_buf(),
        article,
        store,
        damage,
    }
}

impl AnnotatedArticle {
    /// The article and its annotations, or why the annotations could not be
    /// opened: for commands, which must not act on an empty stand-in.
    pub fn intact(self) -> Result<(Article, Store), StoreError> {
        match self.damage {
            Some(damage) => Err(damage),
            None => Ok((self.article, self.store)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_damaged_annotation_file_opens_read_only_and_is_kept() {
        let dir = tempfile::tempdir().unwrap();
        let article = dir.path().join("a.txt");
        std::fs::write(&article, "One sentence. Another one.").unwrap();
        let annotations = dir.path().join("a.json");
        std::fs::write(&annotations, "{ not json").unwrap();
        let opened = open_annotated(&article, &annotations).unwrap();
        assert!(matches!(opened.damage, Some(StoreError::Unreadable { .. })));
        assert!(opened.store.read_only_reason().is_some());
        assert!(opened.intact().is_err());
        assert_eq!(std::fs::read_to_string(&annotations).unwrap(), "{ not json");
    }

    #[test]
    fn a_missing_annotation_file_is_an_empty_store() {
        let dir = tempfile::tempdir().unwrap();
        let article = dir.path().join("a.txt");
        std::fs::write(&article, "One sentence.").unwrap();
        let opened = open_annotated(&article, &dir.path().join("a.json")).unwrap();
        assert!(opened.damage.is_none());
        let (_, store) = opened.intact().unwrap();
        assert!(store.annotations().is_empty());
    }

    #[test]
    fn the_store_holds_the_articles_text_not_a_copy() {
        let dir = tempfile::tempdir().unwrap();
        let article = dir.path().join("a.txt");
        std::fs::write(&article, "One sentence. Another one.").unwrap();
        let damaged = dir.path().join("damaged.json");
        std::fs::write(&damaged, "{ not json").unwrap();
        for annotations in [dir.path().join("a.json"), damaged] {
            let opened = open_annotated(&article, &annotations).unwrap();
            assert_eq!(opened.store.text(), &*opened.article.text);
            assert!(
                std::ptr::eq(opened.store.text(), &*opened.article.text),
                "{}: the store copied the text",
                annotations.display()
            );
        }
    }
}
