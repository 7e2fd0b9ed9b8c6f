//! The `export`, `import` and `stats` commands.
//!
//! `--annotations` is one of the command's global options, so these take it
//! as a parameter rather than declaring it again.

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::Context as _;

use crate::annotate::{MAX_ANNOTATION_BYTES, Store, recorded_article_path};
use crate::annotated::open_annotated;
use crate::article::{self, Article};
use crate::config::Config;
use crate::export::{
    ExportWriteError, MarkerStyle, parse_export, parse_w3c, stats, to_csv, to_html, to_json,
    to_markdown, to_w3c, write_export,
};
use crate::fsutil::{parent_dir, read_bounded};
use crate::output;

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ExportFormat {
    /// The article with passages marked, a summary and the list of annotations
    Markdown,
    /// The annotations with their passages and sections
    Json,
    /// One row per annotation, for spreadsheets
    Csv,
    /// One printable, self-contained page: passages highlighted, notes beside them
    Html,
    /// W3C Web Annotation (JSON-LD), for Hypothesis and other annotation tools
    W3c,
    /// The article's reading text alone, without annotations (for any input,
    /// web pages included: this is what extraction is measured on)
    Text,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ImportFormat {
    /// A markdown export of marginalia
    Markdown,
    /// W3C Web Annotation JSON-LD (a collection, a page, a list), or Hypothesis's JSON
    W3c,
}

#[derive(Debug, Clone, clap::Args)]
pub struct ExportArgs {
    /// The article whose annotations to export
    pub article: PathBuf,
    /// Write here instead of to standard output
    #[arg(short = 'o', long = "output", value_name = "OUT")]
    pub output: Option<PathBuf>,
    #[arg(long, value_enum, default_value_t = ExportFormat::Markdown)]
    pub format: ExportFormat,
    /// Mark passages with CriticMarkup ({==passage==}{>>label: note<<}); markdown only
    #[arg(long)]
    pub criticmarkup: bool,
    /// Replace OUT even when it is not an earlier export
    #[arg(long)]
    pub force: bool,
}

#[derive(Debug, Clone, clap::Args)]
pub struct ImportArgs {
    /// A markdown file written by `marginalia export`, or W3C Web Annotation JSON
    pub exported: PathBuf,
    /// What the file is (default: W3C when it holds JSON, else markdown)
    #[arg(long, value_enum)]
    pub format: Option<ImportFormat>,
    /// The article the annotations belong to (default: the one the export names)
    #[arg(long, value_name = "ARTICLE")]
    pub article: Option<PathBuf>,
    /// The annotation file to write (default: --annotations, else the article's own)
    #[arg(short = 'o', long = "output", value_name = "PATH")]
    pub output: Option<PathBuf>,
    /// Replace an existing annotation file
    #[arg(long)]
    pub force: bool,
}

#[derive(Debug, Clone, clap::Args)]
pub struct StatsArgs {
    /// The article to count
    pub article: PathBuf,
    /// Print JSON instead of a table
    #[arg(long)]
    pub json: bool,
}

pub fn run_export(
    args: &ExportArgs,
    annotations: Option<&Path>,
    config: &Config,
    out: &mut dyn Write,
) -> anyhow::Result<()> {
    if args.criticmarkup && args.format != ExportFormat::Markdown {
        anyhow::bail!("--criticmarkup marks passages in markdown; leave it out for other formats");
    }
    let exported = match args.format {
        // Needs no annotation file, so it works whatever state that is in.
        ExportFormat::Text => {
            let text = article::load_path(&args.article)?.text;
            format!("{text}\n")
        }
        _ => export_with_annotations(args, annotations, config)?,
    };
    let kind = match args.format {
        ExportFormat::Markdown | ExportFormat::Html | ExportFormat::Text => output::Kind::Text,
        ExportFormat::Json | ExportFormat::Csv | ExportFormat::W3c => output::Kind::Escaped,
    };
    match &args.output {
        Some(path) => match write_export(path, kind, &exported, args.force) {
            Err(refused @ ExportWriteError::Foreign { .. }) => {
                anyhow::bail!("{refused}: use --force to replace it, or write elsewhere with -o")
            }
            written => Ok(written?),
        },
        None => out
            .write_all(output::clean(kind, &exported).as_bytes())
            .context("cannot write the export to standard output"),
    }
}

fn export_with_annotations(
    args: &ExportArgs,
    annotations: Option<&Path>,
    config: &Config,
) -> anyhow::Result<String> {
    let (article, store) = open(&args.article, annotations, config)?;
    let article_path = args.article.to_string_lossy();
    Ok(match args.format {
        ExportFormat::Markdown => {
            let style = if args.criticmarkup {
                MarkerStyle::CriticMarkup
            } else {
                MarkerStyle::Markers
            };
            to_markdown(&article, &store, &config.labels, &article_path, style)
        }
        ExportFormat::Json => to_json(&article, &store, &config.labels, &article_path),
        ExportFormat::Csv => to_csv(&article, &store),
        ExportFormat::Html => to_html(&article, &store, &config.labels, &article_path),
        ExportFormat::W3c => to_w3c(&article, &store, &article_path),
        ExportFormat::Text => unreachable!("the text export opens no annotations"),
    })
}

/// Writes the annotations to `-o`, else to `annotations` (the global
/// `--annotations`), else to the article's own annotation file.
pub fn run_import(
    args: &ImportArgs,
    annotations_file: Option<&Path>,
    config: &Config,
    out: &mut dyn Write,
) -> anyhow::Result<()> {
    let exported_path = &args.exported;
    let exported = read_bounded(exported_path, MAX_ANNOTATION_BYTES, "an export to import")
        .and_then(|bytes| String::from_utf8(bytes).map_err(std::io::Error::other))
        .with_context(|| format!("{}: cannot read it", exported_path.display()))?;
    let format = args
        .format
        .unwrap_or(if exported.trim_start().starts_with(['{', '[']) {
            ImportFormat::W3c
        } else {
            ImportFormat::Markdown
        });
    let imported = match format {
        ImportFormat::Markdown => parse_export(&exported),
        ImportFormat::W3c => parse_w3c(&exported, &config.labels),
    }
    .with_context(|| format!("{}", exported_path.display()))?;
    let article_path = match &args.article {
        Some(path) => path.clone(),
        None => recorded_article(exported_path, &imported.article_path)?,
    };
    let article = article::load_path(&article_path)?;
    let (annotations, missing) = imported.anchored_on(&article.text);
    let target = args
        .output
        .as_deref()
        .or(annotations_file)
        .map_or_else(|| config.annotations_path(&article_path), Path::to_path_buf);
    if target.exists() && !args.force {
        anyhow::bail!(
            "{}: already holds annotations; not replacing them (use --force to replace them, or -o to write elsewhere)",
            target.display()
        );
    }
    let count = annotations.len();
    // Through the store, as the reader saves: under the same lock, merged
    // the same way, and never over a damaged, read-only or foreign file.
    let mut store =
        Store::open(&target, &article.text).context("not importing over it, even with --force")?;
    store.set_article(
        &article.meta.title,
        &recorded_article_path(&article_path, &target),
    );
    store.replace_all(annotations);
    store.save()?;
    super::tell_notices(&store.notices_naming_the_file());
    let mut remarks = Vec::new();
    if missing > 0 {
        remarks.push(format!(
            "{missing} whose passage is no longer in the article"
        ));
    }
    if imported.skipped > 0 {
        remarks.push(format!(
            "{} skipped: no quoted passage, or neither a label nor a note",
            imported.skipped
        ));
    }
    let remarks = if remarks.is_empty() {
        String::new()
    } else {
        format!(" ({})", remarks.join("; "))
    };
    writeln!(
        out,
        "imported {count} annotations into {}{remarks}",
        target.display()
    )?;
    Ok(())
}

pub fn run_stats(
    args: &StatsArgs,
    annotations: Option<&Path>,
    config: &Config,
    out: &mut dyn Write,
) -> anyhow::Result<()> {
    let (article, store) = open(&args.article, annotations, config)?;
    let stats = stats::compute(&article, &store, &config.labels);
    let text = if args.json {
        output::json(&stats).context("cannot write the statistics as JSON")?
    } else {
        let title = article::sanitize::visible_line(&article.meta.title);
        stats::render_text(&stats, &title, &config.labels)
    };
    out.write_all(text.as_bytes())
        .context("cannot write the statistics to standard output")
}

fn open(
    article_path: &Path,
    annotations: Option<&Path>,
    config: &Config,
) -> anyhow::Result<(Article, Store)> {
    let path = annotations.map_or_else(|| config.annotations_path(article_path), Path::to_path_buf);
    let (article, store) = open_annotated(article_path, &path)?.intact()?;
    super::tell_notices(&store.notices_naming_the_file());
    Ok((article, store))
}

/// The article an export names: as recorded when that path exists, else
/// beside the export (the two may have been moved together).
fn recorded_article(exported: &Path, recorded: &str) -> anyhow::Result<PathBuf> {
    let recorded = PathBuf::from(recorded);
    if recorded.exists() {
        return Ok(recorded);
    }
    let beside = parent_dir(exported).join(recorded.file_name().unwrap_or_default());
    if beside.is_file() {
        return Ok(beside);
    }
    anyhow::bail!(
        "{}: the export names the article {}, which is not there; give it with --article",
        exported.display(),
        recorded.display()
    )
}
