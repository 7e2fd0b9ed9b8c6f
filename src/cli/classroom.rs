//! The classroom subcommands: `key`, `assign`, `compare`, `class` and
//! `suggest`.
//!
//! Each `run_*` reads its files, computes, and writes the report to `out`,
//! so tests can run a command without a terminal.

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::Context as _;

use crate::annotate::{AnnotationFile, article_of};
use crate::article;
use crate::article::sanitize::{visible, visible_line};
use crate::classroom::gradebook::gradebook_csv;
use crate::classroom::hints_report::{self, HELD_HINTS};
use crate::classroom::pack::{mark_key, student_command, write_assignment};
use crate::classroom::report::{self, Shading};
use crate::classroom::{
    ClassroomError, DEFAULT_OVERLAP, Rules, Tagging, class_report, compare, label_names,
    load_class, suggestions,
};
use crate::config::Config;

#[derive(Debug, Clone, clap::Args)]
pub struct CompareArgs {
    /// The answer key: an annotations file made by the teacher
    #[arg(long, value_name = "KEY.json")]
    pub key: PathBuf,
    /// Students' annotations files
    #[arg(required = true, value_name = "STUDENT.json")]
    pub students: Vec<PathBuf>,
    /// The article [default: the one the key names, from the key's folder]
    #[arg(long, value_name = "ARTICLE")]
    pub article: Option<PathBuf>,
    /// Print JSON: one comparison per student
    #[arg(long)]
    pub json: bool,
    /// How much of the shorter of two passages they must share to match (0 to 1)
    #[arg(long, value_name = "SHARE", default_value_t = DEFAULT_OVERLAP, value_parser = parse_overlap)]
    pub overlap: f64,
}

#[derive(Debug, Clone, clap::Args)]
pub struct ClassArgs {
    /// The article the class annotated (optional: the key names it), then a
    /// folder of handed-in annotations files
    #[arg(required = true, num_args = 1..=2, value_name = "[ARTICLE] FOLDER")]
    pub paths: Vec<PathBuf>,
    /// The answer key [default: the file in the folder marked as a key, if any]
    #[arg(long, value_name = "KEY.json")]
    pub key: Option<PathBuf>,
    /// Print JSON
    #[arg(long, conflicts_with = "markdown")]
    pub json: bool,
    /// Print markdown, to keep or share
    #[arg(long)]
    pub markdown: bool,
    /// Also write the report as one printable HTML page
    #[arg(long, value_name = "report.html")]
    pub html: Option<PathBuf>,
    /// Also write a gradebook: one CSV row per student (needs a key)
    #[arg(long, value_name = "gradebook.csv")]
    pub csv: Option<PathBuf>,
    /// How much of the shorter of two passages they must share to match (0 to 1)
    #[arg(long, value_name = "SHARE", default_value_t = DEFAULT_OVERLAP, value_parser = parse_overlap)]
    pub overlap: f64,
}

impl ClassArgs {
    /// The article given on the command line, if any.
    pub fn article(&self) -> Option<&Path> {
        (self.paths.len() == 2).then(|| self.paths[0].as_path())
    }

    pub fn dir(&self) -> &Path {
        self.paths.last().expect("clap requires a folder")
    }
}

#[derive(Debug, Clone, clap::Args)]
pub struct KeyArgs {
    /// The article to make a key for (opens the reader)
    #[arg(required_unless_present = "mark", conflicts_with = "mark")]
    pub article: Option<PathBuf>,
    /// Where the key goes [default: ARTICLE.key.json beside the article]
    #[arg(
        short = 'o',
        long = "output",
        value_name = "KEY.json",
        conflicts_with = "mark"
    )]
    pub output: Option<PathBuf>,
    /// Mark an existing annotations file as an answer key instead
    #[arg(long, value_name = "FILE")]
    pub mark: Option<PathBuf>,
    /// With --mark: the article [default: the one the file names, from its folder]
    #[arg(long = "article", value_name = "ARTICLE", requires = "mark")]
    pub article_path: Option<PathBuf>,
}

#[derive(Debug, Clone, clap::Args)]
pub struct AssignArgs {
    /// The article the class will annotate
    pub article: PathBuf,
    /// The answer key, hidden from students until they hand in
    #[arg(long, value_name = "KEY.json")]
    pub key: PathBuf,
    /// The folder to write the pack into (created if missing)
    #[arg(short = 'o', long = "output", value_name = "DIR")]
    pub output: PathBuf,
    /// Replace the pack's files if the folder already has them
    #[arg(long)]
    pub force: bool,
}

#[derive(Debug, Clone, clap::Args)]
pub struct SuggestArgs {
    /// The article to look for cues in
    #[arg(required_unless_present = "print_rules")]
    pub article: Option<PathBuf>,
    /// Print JSON
    #[arg(long)]
    pub json: bool,
    /// A hint rules file to use [default: hints.toml beside the config file, as the reader does, else the built-in rules]
    #[arg(long, value_name = "PATH")]
    pub rules: Option<PathBuf>,
    /// Print the built-in rules, to start a rules file from (no article needed)
    #[arg(long, conflicts_with_all = ["rules", "json", "article"])]
    pub print_rules: bool,
}

fn parse_overlap(text: &str) -> Result<f64, String> {
    match text.parse::<f64>() {
        Ok(share) if share > 0.0 && share <= 1.0 => Ok(share),
        _ => Err(format!(
            "\"{text}\" is not a share between 0 and 1 (0.5: half the shorter passage)"
        )),
    }
}

fn configured_labels(config: &Config) -> impl Iterator<Item = &str> {
    config.labels.iter().map(|l| l.name.as_str())
}

fn write_json(out: &mut dyn Write, value: &impl serde::Serialize) -> anyhow::Result<()> {
    let json = crate::output::json(value).context("cannot write the report as JSON")?;
    out.write_all(json.as_bytes())?;
    Ok(())
}

pub fn run_compare(args: CompareArgs, config: &Config, out: &mut dyn Write) -> anyhow::Result<()> {
    let found = article_of(&args.key, args.article.as_deref())?;
    if found.changed {
        eprintln!("{}", changed_note(&args.key, &found.path));
    }
    let article = found.article;
    let key = Tagging::open(&args.key, &article)?;
    let students = students_of(&args.students, &article)?;
    super::tell_notices(students.iter().chain([&key]).flat_map(|t| &t.notices));
    let labels = label_names(configured_labels(config), students.iter().chain([&key]));
    let comparisons: Vec<_> = students
        .iter()
        .map(|student| compare(&article, &key, student, &labels, args.overlap))
        .collect();
    if args.json {
        return write_json(out, &comparisons);
    }
    for (i, comparison) in comparisons.iter().enumerate() {
        if i > 0 {
            writeln!(out)?;
        }
        out.write_all(report::compare_text(comparison).as_bytes())?;
    }
    Ok(())
}

/// The students' files on `article`. A file of another article is an
/// error when it is the only one; among several it is left out with a
/// note, as `class` leaves it out, so one stray file does not stop the rest.
fn students_of(paths: &[PathBuf], article: &article::Article) -> anyhow::Result<Vec<Tagging>> {
    let mut students = Vec::new();
    for path in paths {
        match Tagging::open_on(path, article) {
            Ok(student) => students.push(student),
            Err(error @ ClassroomError::OtherArticle { .. }) if paths.len() > 1 => {
                eprintln!("note: {}; left out", visible_line(&error.to_string()));
            }
            Err(error) => return Err(error.into()),
        }
    }
    if students.is_empty() {
        anyhow::bail!(
            "none of the {} files is of the key's article, \"{}\"; grade them against their own article's key",
            paths.len(),
            visible_line(article.meta.title.trim())
        );
    }
    Ok(students)
}

/// Said when the article differs from the text a file was saved against.
fn changed_note(file: &Path, article: &Path) -> String {
    visible_line(&format!(
        "note: {} has changed since {} was saved; passages are found again by their words",
        article.display(),
        file.display()
    ))
    .into_owned()
}

/// The key file in a class folder, if one is marked as a key.
fn key_in_folder(dir: &Path) -> Option<PathBuf> {
    let mut paths: Vec<PathBuf> = std::fs::read_dir(dir)
        .ok()?
        .filter_map(|entry| Some(entry.ok()?.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    paths.sort();
    paths.into_iter().find(|path| {
        crate::annotate::read_annotation_bytes(path)
            .ok()
            .and_then(|bytes| AnnotationFile::parse(&bytes).ok())
            .is_some_and(|file| file.key)
    })
}

pub fn run_class(args: ClassArgs, config: &Config, out: &mut dyn Write) -> anyhow::Result<()> {
    let dir = args.dir();
    let article = match (
        args.article(),
        args.key.clone().or_else(|| key_in_folder(dir)),
    ) {
        (Some(path), _) => article::load_path(path)?,
        (None, Some(key)) => {
            let found = article_of(&key, None)?;
            if found.changed {
                eprintln!("{}", changed_note(&key, &found.path));
            }
            found.article
        }
        (None, None) => anyhow::bail!(
            "{}: no answer key in the folder to name the article; give the article first (marginalia class ARTICLE FOLDER)",
            dir.display()
        ),
    };
    let mut class = load_class(dir, &article, args.key.as_deref())?;
    if let Some(path) = &args.key {
        class.key = Some(Tagging::open(path, &article)?);
    }
    super::tell_notices(
        class
            .students
            .iter()
            .chain(&class.key)
            .flat_map(|t| &t.notices),
    );
    let labels = label_names(
        configured_labels(config),
        class.students.iter().chain(&class.key),
    );
    let report = class_report(&article, &class, &labels, args.overlap);
    if let Some(path) = &args.csv {
        let csv = gradebook_csv(&report).with_context(|| {
            format!(
                "{}: a gradebook needs an answer key (--key, or a key in the folder)",
                path.display()
            )
        })?;
        crate::output::write_file(path, crate::output::Kind::Escaped, &csv)
            .with_context(|| format!("{}: cannot write the gradebook", path.display()))?;
    }
    if let Some(path) = &args.html {
        let html = crate::classroom::html::class_html(&article, &report, &config.labels);
        crate::output::write_file(path, crate::output::Kind::Text, &html)
            .with_context(|| format!("{}: cannot write the report", path.display()))?;
    }
    if args.json {
        return write_json(out, &report);
    }
    let text = if args.markdown {
        report::class_markdown(&report)
    } else {
        report::class_text(&report, Shading::detect())
    };
    out.write_all(text.as_bytes())?;
    Ok(())
}

/// `assign`; `label_keys` as [`write_assignment`] takes them.
pub fn run_assign(
    args: AssignArgs,
    config: &Config,
    label_keys: &[String],
    out: &mut dyn Write,
) -> anyhow::Result<()> {
    let pack = write_assignment(
        &args.article,
        &args.key,
        &args.output,
        config,
        label_keys,
        args.force,
    )?;
    let article_name = pack
        .article
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let said = format!(
        "wrote {}, {} and {}\nstudents run, in that folder:\n  {}\n",
        pack.article.display(),
        pack.key.display(),
        pack.instructions.display(),
        student_command(&article_name)
    );
    out.write_all(visible(&said).as_bytes())?;
    Ok(())
}

/// `key ARTICLE`: makes the key file for the reader to open it in;
/// returns the article's path and the key's.
pub fn make_key(args: &KeyArgs) -> anyhow::Result<(PathBuf, PathBuf)> {
    let article_path = args.article.clone().expect("clap requires the article");
    let key_path = args.output.clone().unwrap_or_else(|| {
        let mut name = article_path.file_name().unwrap_or_default().to_os_string();
        name.push(".key.json");
        article_path.with_file_name(name)
    });
    let article = article::load_path(&article_path)?;
    crate::classroom::pack::make_key(&key_path, &article_path, &article)?;
    Ok((article_path, key_path))
}

/// `key --mark FILE`; making a key in the reader is the binary's part.
pub fn run_mark_key(args: &KeyArgs, out: &mut dyn Write) -> anyhow::Result<()> {
    let file = args.mark.as_deref().expect("clap requires --mark here");
    let said = mark_key(file, args.article_path.as_deref())?;
    writeln!(out, "{}", visible_line(&said))?;
    Ok(())
}

pub fn run_suggest(args: SuggestArgs, out: &mut dyn Write) -> anyhow::Result<()> {
    if args.print_rules {
        out.write_all(crate::classroom::hints::DEFAULT_RULES.as_bytes())?;
        return Ok(());
    }
    let path = args.article.as_deref().expect("clap requires the article");
    let article = article::load_path(path)?;
    let (rules, rules_name) = Rules::in_use(args.rules.as_deref())?;
    // Each hint is written as it is found, never the whole report at once
    // (src/classroom/hints_report.rs); buffered, as a report is read whole.
    let mut out = std::io::BufWriter::with_capacity(64 * 1024, out);
    if args.json {
        let hints = suggestions(&article, &rules, 0..article.sentences.len());
        hints_report::write_hints_json(&mut out, hints)
            .context("cannot write the hints as JSON")?;
    } else {
        hints_report::write_hints_text(&mut out, &article, &rules, &rules_name, HELD_HINTS)?;
    }
    out.flush()?;
    Ok(())
}
