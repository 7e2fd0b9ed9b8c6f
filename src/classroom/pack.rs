//! A teacher's files: answer keys (made in the reader or marked from an
//! annotations file) and the assignment pack a class works from.

use std::path::{Path, PathBuf};

use anyhow::Context as _;

use crate::annotate::{Store, article_of, recorded_article_path};
use crate::article::{self, Article};
use crate::config::Config;
use crate::fsutil::atomic_write;

/// The pack's file names: the key students' reader hides, and what to do.
pub const PACK_KEY: &str = "key.json";
pub const PACK_INSTRUCTIONS: &str = "INSTRUCTIONS.txt";

/// Makes `file` an answer key for the article at `article_path` (creating
/// the file when it does not exist yet), recording the article's path
/// relative to the file. Returns the open store.
pub fn make_key(file: &Path, article_path: &Path, article: &Article) -> anyhow::Result<Store> {
    let mut store = Store::open(file, &article.text)?;
    store.set_key(true);
    store.set_article(
        &article.meta.title,
        &recorded_article_path(article_path, file),
    );
    store.save()?;
    Ok(store)
}

/// `key --mark FILE`: the file becomes a key, on the article it names (or
/// `given`). Says what was done.
pub fn mark_key(file: &Path, given: Option<&Path>) -> anyhow::Result<String> {
    if !file.is_file() {
        anyhow::bail!("{}: no such annotations file", file.display());
    }
    let found = article_of(file, given)?;
    let store = make_key(file, &found.path, &found.article)?;
    let placed = store.overlapping(0..store.text().len()).count();
    let mut said = format!(
        "{} is now an answer key for \"{}\" ({placed} passages)",
        file.display(),
        found.article.meta.title
    );
    let orphans = store.orphans().count();
    if orphans > 0 {
        said.push_str(&format!(
            "; {orphans} passages are no longer in the article"
        ));
    }
    Ok(said)
}

/// What `assign` wrote.
#[derive(Debug)]
pub struct Pack {
    pub article: PathBuf,
    pub key: PathBuf,
    pub instructions: PathBuf,
}

/// Writes an assignment pack into `dir`: a copy of the article, the key
/// (its passages checked against the article, its path made relative to
/// the pack), and instructions with the exact command to run. Files already
/// in `dir` are never replaced unless `force`. `label_keys` are the keys
/// the reader tags with, in the config's label order (the reader's
/// settings; empty when there is no reader to ask).
pub fn write_assignment(
    article_path: &Path,
    key_path: &Path,
    dir: &Path,
    config: &Config,
    label_keys: &[String],
    force: bool,
) -> anyhow::Result<Pack> {
    let article = article::load_path(article_path)?;
    let key = Store::open(key_path, &article.text)
        .with_context(|| format!("{}: cannot read the key", key_path.display()))?;
    let orphans = key.orphans().count();
    if orphans > 0 {
        anyhow::bail!(
            "{}: {orphans} of its {} passages are not in {}; is it this article's key?",
            key_path.display(),
            key.annotations().len(),
            article_path.display()
        );
    }
    if key.annotations().is_empty() {
        anyhow::bail!(
            "{}: the key has no passages; tag the article first (marginalia key ARTICLE -o KEY.json)",
            key_path.display()
        );
    }
    let article_name = article_path
        .file_name()
        .context("the article path names no file")?;
    let pack = Pack {
        article: dir.join(article_name),
        key: dir.join(PACK_KEY),
        instructions: dir.join(PACK_INSTRUCTIONS),
    };
    if !force {
        for path in [&pack.article, &pack.key, &pack.instructions] {
            if path.exists() {
                anyhow::bail!(
                    "{}: already exists; not replacing it (--force replaces the pack's files)",
                    path.display()
                );
            }
        }
    }
    std::fs::create_dir_all(dir).with_context(|| format!("{}: cannot create it", dir.display()))?;
    let limit = crate::article::MAX_ARTICLE_BYTES;
    let source = crate::fsutil::read_bounded(article_path, limit, "an article")
        .with_context(|| format!("{}: cannot read it", article_path.display()))?;
    atomic_write(&pack.article, &source)
        .with_context(|| format!("{}: cannot write it", pack.article.display()))?;
    let mut key = key;
    key.set_key(true);
    key.set_article(
        &article.meta.title,
        &recorded_article_path(&pack.article, &pack.key),
    );
    key.save_as(&pack.key)?;
    let name = article_name.to_string_lossy();
    crate::output::write_file(
        &pack.instructions,
        crate::output::Kind::Text,
        &instructions(&article, &name, config, label_keys),
    )
    .with_context(|| format!("{}: cannot write it", pack.instructions.display()))?;
    Ok(pack)
}

/// A shell word: quoted when it holds anything a shell would act on.
fn shell_word(word: &str) -> String {
    if !word.is_empty()
        && word
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_./".contains(c))
    {
        word.to_string()
    } else {
        format!("'{}'", word.replace('\'', r"'\''"))
    }
}

/// The command a student runs in the pack's folder.
pub fn student_command(article_name: &str) -> String {
    format!(
        "marginalia {} --key {PACK_KEY} --hide-key --annotations YOUR-NAME.json",
        shell_word(article_name)
    )
}

fn instructions(
    article: &Article,
    article_name: &str,
    config: &Config,
    label_keys: &[String],
) -> String {
    use crate::article::sanitize::visible_line;
    let labels: Vec<String> = config
        .labels
        .iter()
        .enumerate()
        .map(|(i, l)| match label_keys.get(i) {
            Some(key) => format!("{} {}", visible_line(key), visible_line(&l.name)),
            None => visible_line(&l.name).into_owned(),
        })
        .collect();
    format!(
        "Exercise: {title}\n\
         \n\
         1. Open a terminal in this folder and run this command, with your own\n\
         \x20  name in place of YOUR-NAME (for example ada-lovelace.json):\n\
         \n\
         \x20      {command}\n\
         \n\
         \x20  marginalia asks your name once and keeps it in that file.\n\
         \n\
         2. Tag each passage that is a claim, an opinion or speculation. Go\n\
         \x20  to its sentence (the ) and ( keys step by sentence) or select it\n\
         \x20  (v, then w and b grow the selection), and press the label's key:\n\
         \x20  {labels}.\n\
         \x20  Press a to add a note saying why. ? lists every key.\n\
         \n\
         3. When you are done, press Ctrl-S twice to hand in. Your file is\n\
         \x20  then frozen, and the answer key is shown beside your tags.\n\
         \n\
         4. Give YOUR-NAME.json to your teacher.\n\
         \n\
         {key} is the answer key: the reader keeps it hidden until you hand in.\n\
         \n\
         For the teacher: collect the handed-in files in a folder with {key}\n\
         (this one will do) and run\n\
         \n\
         \x20      marginalia class FOLDER --html report.html --csv gradebook.csv\n",
        title = visible_line(&article.meta.title),
        command = student_command(article_name),
        labels = labels.join(", "),
        key = PACK_KEY,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn commands_quote_what_a_shell_would_split() {
        assert_eq!(
            student_command("bike-lanes.md"),
            "marginalia bike-lanes.md --key key.json --hide-key --annotations YOUR-NAME.json"
        );
        assert_eq!(shell_word("it's here.md"), r"'it'\''s here.md'");
    }
}
