//! Whose annotations a file holds. A class report is only as good as its
//! names, and a login name is no name on a school's shared machines: a
//! student is asked once, and the answer is kept in their file.

use std::io::{BufRead, Write};
use std::path::Path;

use crate::annotate::{AnnotationFile, Store, recorded_article_path};
use crate::article::sanitize::visible_line;

/// Longest name kept, in characters.
const MAX_NAME_CHARS: usize = 80;
/// How many empty answers before giving up.
const TRIES: usize = 3;

/// What an annotations file on disk says about its owner.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FileOwner {
    /// The file stores this name.
    Named(String),
    /// No name stored (or no file yet): one may be asked and stored.
    Unnamed,
    /// Handed in, damaged or unreadable: nothing is to be stored in it.
    Closed,
}

pub fn file_owner(file: &Path) -> FileOwner {
    let bytes = match crate::annotate::read_annotation_bytes(file) {
        Ok(bytes) => bytes,
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => return FileOwner::Unnamed,
        Err(_) => return FileOwner::Closed,
    };
    match AnnotationFile::parse(&bytes) {
        Ok(parsed) if !parsed.annotator.trim().is_empty() => {
            FileOwner::Named(parsed.annotator.trim().to_string())
        }
        Ok(parsed) if parsed.submitted.is_none() => FileOwner::Unnamed,
        _ => FileOwner::Closed,
    }
}

/// A name known without asking: the configured one, else the login name.
pub fn known_name(configured: &str) -> Option<String> {
    let configured = configured.trim();
    if !configured.is_empty() {
        return Some(configured.to_string());
    }
    ["USER", "USERNAME"]
        .iter()
        .filter_map(|var| std::env::var(var).ok())
        .map(|v| v.trim().to_string())
        .find(|v| !v.is_empty())
}

/// Whether to ask for a name before opening `owner`'s file. In an exercise
/// the login name is not trusted (school machines share one); elsewhere it
/// will do.
pub fn should_ask(owner: &FileOwner, known: Option<&str>, exercise: bool) -> bool {
    match owner {
        FileOwner::Named(_) | FileOwner::Closed => false,
        FileOwner::Unnamed => exercise || known.is_none(),
    }
}

/// A typed name made fit to keep: one visible line, spaces collapsed,
/// at most [`MAX_NAME_CHARS`]; `None` when nothing is left.
pub fn clean_name(raw: &str) -> Option<String> {
    let line = visible_line(raw);
    let name: String = line
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .chars()
        .take(MAX_NAME_CHARS)
        .collect();
    (!name.is_empty()).then_some(name)
}

/// Asks for a name on `prompt` and reads it from `input`, a few times if
/// the answer is empty.
pub fn ask_name(
    input: &mut dyn BufRead,
    prompt: &mut dyn Write,
    kept_in: &str,
) -> anyhow::Result<String> {
    let kept_in = visible_line(kept_in);
    for _ in 0..TRIES {
        write!(
            prompt,
            "Your name, as your teacher should see it (kept in {kept_in}): "
        )?;
        prompt.flush()?;
        let mut line = String::new();
        if input.read_line(&mut line)? == 0 {
            break;
        }
        if let Some(name) = clean_name(&line) {
            return Ok(name);
        }
    }
    anyhow::bail!("no name given; type your name when asked, or give it with --annotator NAME")
}

/// Before the reader opens `annotations` on the article at `article_path`:
/// asks for a name when [`should_ask`] says so and stores it in the file
/// at once, so it is asked only once. In an exercise a name given on the
/// command line (`explicit`: `configured` came from `--annotator`) is the
/// answer, stored the same way, and nothing is asked: a script that starts
/// the reader with `--annotator` must not have its keys typed into a
/// prompt. Returns the name the session's annotations should carry: the one
/// asked or given, or the one the file stores (unless the user gave one on
/// the command line).
pub fn settle_name(
    article_path: &Path,
    annotations: &Path,
    configured: &str,
    explicit: bool,
    exercise: bool,
    input: &mut dyn BufRead,
    prompt: &mut dyn Write,
) -> anyhow::Result<Option<String>> {
    let owner = file_owner(annotations);
    if let FileOwner::Named(name) = &owner {
        return Ok((!explicit).then(|| name.clone()));
    }
    let given = explicit.then(|| clean_name(configured)).flatten();
    let name = match given {
        Some(name) if exercise && owner == FileOwner::Unnamed => name,
        _ => {
            let known = known_name(configured);
            if !should_ask(&owner, known.as_deref(), exercise) {
                return Ok(None);
            }
            ask_name(input, prompt, &annotations.display().to_string())?
        }
    };
    let article = crate::article::load_path(article_path)?;
    let mut store = Store::open(annotations, &article.text)?;
    store.set_annotator(&name);
    store.set_article(
        &article.meta.title,
        &recorded_article_path(article_path, annotations),
    );
    store.save()?;
    Ok(Some(name))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_cleaned_and_asked_again_when_empty() {
        assert_eq!(
            clean_name("  Ada   Lovelace \n").as_deref(),
            Some("Ada Lovelace")
        );
        assert_eq!(clean_name("Bob\u{1b}[2J").as_deref(), Some("Bob␛[2J"));
        assert_eq!(clean_name(" \t\n"), None);
        assert_eq!(clean_name(&"x".repeat(200)).unwrap().len(), MAX_NAME_CHARS);

        let mut prompt = Vec::new();
        let name = ask_name(&mut "\n  \nAda\n".as_bytes(), &mut prompt, "ada.json");
        assert_eq!(name.unwrap(), "Ada");
        assert_eq!(
            String::from_utf8(prompt)
                .unwrap()
                .matches("Your name")
                .count(),
            3
        );
        let none = ask_name(&mut "".as_bytes(), &mut Vec::new(), "a.json");
        assert!(none.unwrap_err().to_string().contains("--annotator"));
    }

    #[test]
    fn an_exercise_always_asks_once() {
        let unnamed = FileOwner::Unnamed;
        assert!(should_ask(&unnamed, Some("pupil"), true));
        assert!(should_ask(&unnamed, None, false));
        assert!(!should_ask(&unnamed, Some("ana"), false));
        let named = FileOwner::Named("Ada".into());
        assert!(!should_ask(&named, None, true), "asked once, then kept");
        assert!(!should_ask(&FileOwner::Closed, None, true));
    }

    #[test]
    fn the_owner_is_read_from_the_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("ada.json");
        assert_eq!(file_owner(&path), FileOwner::Unnamed);
        let mut file = AnnotationFile::default();
        std::fs::write(&path, file.to_json()).unwrap();
        assert_eq!(file_owner(&path), FileOwner::Unnamed);
        file.annotator = "Ada".into();
        std::fs::write(&path, file.to_json()).unwrap();
        assert_eq!(file_owner(&path), FileOwner::Named("Ada".into()));
        std::fs::write(&path, "{ torn").unwrap();
        assert_eq!(file_owner(&path), FileOwner::Closed);
    }

    #[test]
    fn a_name_asked_is_stored_and_not_asked_again() {
        let dir = tempfile::tempdir().unwrap();
        let article = dir.path().join("bus.md");
        std::fs::write(&article, "# Buses\n\nFares fell.\n").unwrap();
        let file = dir.path().join("answers.json");
        let mut prompt = Vec::new();
        let got = settle_name(
            &article,
            &file,
            "pupil",
            false,
            true,
            &mut "Ada\n".as_bytes(),
            &mut prompt,
        )
        .unwrap();
        assert_eq!(got.as_deref(), Some("Ada"));
        assert!(
            !prompt.is_empty(),
            "asked in an exercise although a name was known"
        );
        let stored = AnnotationFile::parse(&std::fs::read(&file).unwrap()).unwrap();
        assert_eq!(stored.annotator, "Ada");
        assert_eq!(stored.article.path, "bus.md");

        let mut prompt = Vec::new();
        let again = settle_name(
            &article,
            &file,
            "",
            false,
            true,
            &mut "".as_bytes(),
            &mut prompt,
        )
        .unwrap();
        assert_eq!(again.as_deref(), Some("Ada"));
        assert!(prompt.is_empty(), "asked twice");
        let explicit = settle_name(
            &article,
            &file,
            "Teacher",
            true,
            false,
            &mut "".as_bytes(),
            &mut Vec::new(),
        )
        .unwrap();
        assert_eq!(explicit, None, "--annotator wins over the stored name");
    }

    #[test]
    fn in_an_exercise_a_name_on_the_command_line_is_stored_not_asked() {
        let dir = tempfile::tempdir().unwrap();
        let article = dir.path().join("bus.md");
        std::fs::write(&article, "# Buses\n\nFares fell.\n").unwrap();
        let file = dir.path().join("bob.json");
        let mut prompt = Vec::new();
        let got = settle_name(
            &article,
            &file,
            " Bob  Stone ",
            true,
            true,
            &mut "1\n".as_bytes(),
            &mut prompt,
        )
        .unwrap();
        assert_eq!(got.as_deref(), Some("Bob Stone"));
        assert!(prompt.is_empty(), "asked although --annotator gave a name");
        let stored = AnnotationFile::parse(&std::fs::read(&file).unwrap()).unwrap();
        assert_eq!(stored.annotator, "Bob Stone");
        assert_eq!(stored.article.path, "bus.md");

        // A blank --annotator is no name: asked as before.
        let other = dir.path().join("cy.json");
        let mut prompt = Vec::new();
        let got = settle_name(
            &article,
            &other,
            "  ",
            true,
            true,
            &mut "Cy\n".as_bytes(),
            &mut prompt,
        )
        .unwrap();
        assert_eq!(got.as_deref(), Some("Cy"));
        assert!(!prompt.is_empty());
    }
}
