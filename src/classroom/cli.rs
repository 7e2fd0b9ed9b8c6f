//! The classroom subcommands: `compare`, `class` and `suggest`.
//!
//! Each `run_*` reads its files, computes, and writes the report to `out`,
//! so tests can run a command without a terminal.

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::Context as _;

use super::report::{self, Shading};
use super::{
    DEFAULT_OVERLAP, Rules, Tagging, class_report, compare, label_names, load_class, suggest,
};
use crate::annotate::AnnotationFile;
use crate::article::{self, Article};
use crate::config::Config;
use crate::fsutil::parent_dir;

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
    /// The article the class annotated
    pub article: PathBuf,
    /// A folder holding one annotations file (*.json) per student
    pub dir: PathBuf,
    /// The answer key [default: the file in the folder marked as a key, if any]
    #[arg(long, value_name = "KEY.json")]
    pub key: Option<PathBuf>,
    /// Print JSON
    #[arg(long, conflicts_with = "markdown")]
    pub json: bool,
    /// Print markdown, to keep or share
    #[arg(long)]
    pub markdown: bool,
    /// How much of the shorter of two passages they must share to match (0 to 1)
    #[arg(long, value_name = "SHARE", default_value_t = DEFAULT_OVERLAP, value_parser = parse_overlap)]
    pub overlap: f64,
}

#[derive(Debug, Clone, clap::Args)]
pub struct SuggestArgs {
    /// The article to look for cues in
    pub article: PathBuf,
    /// Print JSON
    #[arg(long)]
    pub json: bool,
    /// A hint rules file to use instead of the built-in one (see `suggest --print-rules`)
    #[arg(long, value_name = "PATH")]
    pub rules: Option<PathBuf>,
    /// Print the built-in rules, to start a rules file from
    #[arg(long, conflicts_with_all = ["rules", "json"])]
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
    let article = match &args.article {
        Some(path) => article::load_path(path)?,
        None => article_named_by_key(&args.key)?,
    };
    let key = Tagging::open(&args.key, &article)?;
    let students = args
        .students
        .iter()
        .map(|path| Tagging::open(path, &article))
        .collect::<Result<Vec<_>, _>>()?;
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

/// The article a key file names (`article.path`, relative to the key's folder).
fn article_named_by_key(key: &Path) -> anyhow::Result<Article> {
    let bytes =
        crate::fsutil::read_bounded(key, crate::annotate::MAX_ANNOTATION_BYTES, "an answer key")
            .with_context(|| format!("{}: cannot read the key", key.display()))?;
    let file = AnnotationFile::parse(&bytes)
        .with_context(|| format!("{}: cannot read the key", key.display()))?;
    if file.article.path.trim().is_empty() {
        anyhow::bail!(
            "{}: the key names no article; give it with --article",
            key.display()
        );
    }
    let path = parent_dir(key).join(&file.article.path);
    article::load_path(&path).map_err(|error| {
        anyhow::anyhow!(
            "the key names its article as {}, but {error}; give the article with --article",
            file.article.path
        )
    })
}

pub fn run_class(args: ClassArgs, config: &Config, out: &mut dyn Write) -> anyhow::Result<()> {
    let article = article::load_path(&args.article)?;
    let mut class = load_class(&args.dir, &article, args.key.as_deref())?;
    if let Some(path) = &args.key {
        class.key = Some(Tagging::open(path, &article)?);
    }
    let labels = label_names(
        configured_labels(config),
        class.students.iter().chain(&class.key),
    );
    let report = class_report(&article, &class, &labels, args.overlap);
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

pub fn run_suggest(args: SuggestArgs, out: &mut dyn Write) -> anyhow::Result<()> {
    if args.print_rules {
        out.write_all(super::hints::DEFAULT_RULES.as_bytes())?;
        return Ok(());
    }
    let article = article::load_path(&args.article)?;
    let (rules, rules_name) = match &args.rules {
        Some(path) => (Rules::load(path)?, path.display().to_string()),
        None => (Rules::default(), "built in".to_string()),
    };
    let hints = suggest(&article, &rules);
    if args.json {
        return write_json(out, &hints);
    }
    out.write_all(report::hints_text(&article, &hints, &rules_name).as_bytes())?;
    Ok(())
}
