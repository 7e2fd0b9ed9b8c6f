//! The `marginalia` command: the reader, or a subcommand that works without
//! a terminal (for scripts and classrooms).

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context as _;
use clap::{Args, Parser, Subcommand};

use marginalia::article::{self, Article, BlockKind};
use marginalia::classroom;
use marginalia::config::{Config, DEFAULT_CONFIG};
use marginalia::export;
use marginalia::output;
use marginalia::tui::{self, Target};

#[derive(Parser)]
#[command(
    name = "marginalia",
    version,
    about,
    args_conflicts_with_subcommands = true
)]
struct Cli {
    /// An article (.md or .txt) to read, or a folder of articles [default: ./articles]
    path: Option<PathBuf>,
    /// A teacher's answer key: shows the key's passages and notes beside the
    /// annotations, with matches, misses and extras marked
    #[arg(long, value_name = "KEY.json")]
    key: Option<PathBuf>,
    /// With --key, an exercise: the key stays hidden until the student
    /// submits (Ctrl-S twice), which freezes their file
    #[arg(long, requires = "key")]
    hide_key: bool,
    #[command(flatten)]
    common: Common,
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Args, Clone)]
struct Common {
    /// The annotation file to use (default: ARTICLE.marginalia.json beside the article)
    #[arg(long, global = true, value_name = "PATH")]
    annotations: Option<PathBuf>,
    /// The name stored with your annotations (default: from config, else $USER)
    #[arg(long, global = true, value_name = "NAME")]
    annotator: Option<String>,
    /// The config file to read (default: the platform's config folder)
    #[arg(long, global = true, value_name = "PATH")]
    config: Option<PathBuf>,
}

#[derive(Subcommand)]
enum Command {
    /// Print an article's sections, indented by nesting
    Outline {
        file: PathBuf,
        /// Print JSON with ranges and paragraph and sentence counts
        #[arg(long)]
        json: bool,
    },
    /// Export an article with its annotations as markdown, JSON or CSV
    Export(export::cli::ExportArgs),
    /// Read annotations back from a markdown export into an annotation file
    Import(export::cli::ImportArgs),
    /// Count sentences, words and tagged passages per section
    Stats(export::cli::StatsArgs),
    /// Make an answer key in the reader, or mark an annotations file as one
    Key(classroom::cli::KeyArgs),
    /// Write an assignment pack: the article, the hidden key, instructions
    Assign(classroom::cli::AssignArgs),
    /// Grade students' annotation files against a teacher's answer key
    Compare(classroom::cli::CompareArgs),
    /// A class report: how a folder of students' files labelled an article
    Class(classroom::cli::ClassArgs),
    /// Hints (never tags) on which sentences may be claims, opinions or speculation
    Suggest(classroom::cli::SuggestArgs),
    /// Print or check the configuration
    Config {
        /// Print the full default configuration, to start a config file from
        #[arg(long)]
        print_default: bool,
    },
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(error) => return output::clap_error::<Cli>(error),
    };
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("marginalia: {}", output::error_line(&error));
            ExitCode::FAILURE
        }
    }
}

fn run(cli: Cli) -> anyhow::Result<()> {
    let config = load_config(&cli.common)?;
    let Some(command) = cli.command else {
        return run_reader(cli.path, cli.key, cli.hide_key, cli.common, config);
    };
    // Every subcommand writes through this, so nothing it prints can talk
    // to the terminal (src/output.rs).
    let out = &mut output::SafeWriter::new(std::io::stdout().lock());
    match command {
        Command::Outline { file, json } => {
            let article = article::load_path(&file)?;
            let text = if json {
                outline_json(&article)?
            } else {
                outline_text(&article)
            };
            out.write_all(text.as_bytes())
                .context("cannot write the outline")
        }
        Command::Export(args) => {
            let annotations = cli.common.annotations.as_deref();
            export::cli::run_export(&args, annotations, &config, out)
        }
        Command::Import(args) => {
            let annotations = cli.common.annotations.as_deref();
            export::cli::run_import(&args, annotations, &config, out)
        }
        Command::Stats(args) => {
            let annotations = cli.common.annotations.as_deref();
            export::cli::run_stats(&args, annotations, &config, out)
        }
        Command::Key(args) => {
            if args.mark.is_some() {
                return classroom::cli::run_mark_key(&args, out);
            }
            let article_path = args.article.clone().expect("clap requires the article");
            let key_path = args.output.clone().unwrap_or_else(|| {
                let mut name = article_path.file_name().unwrap_or_default().to_os_string();
                name.push(".key.json");
                article_path.with_file_name(name)
            });
            let article = article::load_path(&article_path)?;
            classroom::pack::make_key(&key_path, &article_path, &article)?;
            let mut common = cli.common;
            common.annotations = Some(key_path);
            read(Target::Article(article_path), config, common, None, false)
        }
        Command::Assign(args) => classroom::cli::run_assign(args, &config, out),
        Command::Compare(args) => classroom::cli::run_compare(args, &config, out),
        Command::Class(args) => classroom::cli::run_class(args, &config, out),
        Command::Suggest(args) => classroom::cli::run_suggest(args, out),
        Command::Config { print_default } => {
            if print_default {
                write!(out, "{DEFAULT_CONFIG}")?;
            } else {
                let path = cli.common.config.clone().or_else(Config::default_path);
                match path {
                    Some(p) => writeln!(out, "config file: {} (valid)", p.display())?,
                    None => writeln!(out, "no config folder on this platform; using the defaults")?,
                }
            }
            Ok(())
        }
    }
}

/// The reader, on an article or a folder of articles.
fn run_reader(
    path: Option<PathBuf>,
    key: Option<PathBuf>,
    hide_key: bool,
    common: Common,
    config: Config,
) -> anyhow::Result<()> {
    let path = path.unwrap_or_else(|| PathBuf::from("articles"));
    let target = if path.is_dir() {
        Target::Library(path)
    } else if path.exists() {
        Target::Article(path)
    } else {
        anyhow::bail!(
            "{}: no such file or folder; give an article, a folder of articles, or run from a folder with articles/",
            path.display()
        );
    };
    read(target, config, common, key, hide_key)
}

/// Opens the reader, first making sure the annotations will carry a name.
fn read(
    target: Target,
    mut config: Config,
    common: Common,
    key: Option<PathBuf>,
    exercise: bool,
) -> anyhow::Result<()> {
    settle_name(&target, &mut config, &common, exercise)?;
    let mut theme_dirs = vec![PathBuf::from("themes")];
    if let Some(dir) = Config::default_path().as_deref().and_then(Path::parent) {
        theme_dirs.push(dir.join("themes"));
    }
    tui::run(tui::Options {
        target,
        config,
        theme_dirs,
        annotations: common.annotations,
        key: key.map(|path| tui::KeyOptions {
            path,
            hidden: exercise,
        }),
    })
}

/// Asks for the reader's name (once, on the terminal, before the screen is
/// taken over) when none is known, and always in an exercise unless the
/// file already has one; see `classroom::names`.
fn settle_name(
    target: &Target,
    config: &mut Config,
    common: &Common,
    exercise: bool,
) -> anyhow::Result<()> {
    use std::io::IsTerminal;
    if !std::io::stdin().is_terminal() {
        return Ok(());
    }
    let explicit = common.annotator.is_some();
    let name = match target {
        Target::Article(path) => {
            let annotations = common
                .annotations
                .clone()
                .unwrap_or_else(|| config.annotations_path(path));
            classroom::names::settle_name(
                path,
                &annotations,
                &config.annotator,
                explicit,
                exercise,
                &mut std::io::stdin().lock(),
                &mut std::io::stderr(),
            )?
        }
        Target::Library(_) if classroom::names::known_name(&config.annotator).is_none() => {
            Some(classroom::names::ask_name(
                &mut std::io::stdin().lock(),
                &mut std::io::stderr(),
                "each article's annotations file",
            )?)
        }
        Target::Library(_) => None,
    };
    if let Some(name) = name {
        config.annotator = name;
    }
    Ok(())
}

fn load_config(common: &Common) -> anyhow::Result<Config> {
    let mut config = match (&common.config, Config::default_path()) {
        (Some(path), _) => Config::load(path, true)?,
        (None, Some(path)) => Config::load(&path, false)?,
        (None, None) => Config::default(),
    };
    if let Some(name) = &common.annotator {
        config.annotator = name.clone();
    }
    Ok(config)
}

fn outline_text(article: &Article) -> String {
    let mut out = String::new();
    for section in &article.sections {
        let title = article::sanitize::visible_line(&section.title);
        out.push_str(&format!("{}{title}\n", "  ".repeat(section.depth as usize)));
    }
    out
}

fn outline_json(article: &Article) -> anyhow::Result<String> {
    let sections: Vec<serde_json::Value> = article
        .sections
        .iter()
        .map(|section| {
            let paragraphs = article.blocks[section.blocks.clone()]
                .iter()
                .filter(|b| !matches!(b.kind, BlockKind::Heading { .. } | BlockKind::Rule))
                .count();
            let sentences = article.sentences_in_blocks(section.blocks.clone()).len();
            serde_json::json!({
                "title": section.title,
                "level": section.level,
                "depth": section.depth,
                "range": [section.range.start, section.range.end],
                "paragraphs": paragraphs,
                "sentences": sentences,
            })
        })
        .collect();
    let json = serde_json::json!({
        "title": article.meta.title,
        "author": article.meta.author,
        "sections": sections,
    });
    output::json(&json).context("cannot write the outline as JSON")
}
