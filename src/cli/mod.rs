//! The command line: arguments parsed with clap, each subcommand handed to
//! its adapter here (which reads files, calls the core and writes the
//! result), or the reader started. The adapters take an output stream, so
//! tests run a command without a terminal.

pub mod classroom;
pub mod export;
mod outline;
mod read;
mod web;

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand};

use crate::config::{Config, ConfigError, DEFAULT_CONFIG, read_config_file};
use crate::output;

#[derive(Parser)]
// No `args_conflicts_with_subcommands`: see `reader_options_without_a_subcommand`.
#[command(name = "marginalia", version, about)]
struct Cli {
    /// An article (.md, .txt, or a web page: .html, .htm, .xhtml, .html.gz),
    /// a folder of articles, a web address (saved into the library, then
    /// read), or - for standard input [default: the library folder, ./articles]
    path: Option<PathBuf>,
    /// A teacher's answer key: shows the key's passages and notes beside the
    /// annotations, with matches, misses and extras marked
    #[arg(long = "key", value_name = "KEY.json")]
    answer_key: Option<PathBuf>,
    /// With --key, an exercise: the key stays hidden until the student
    /// submits (Ctrl-S twice), which freezes their file
    #[arg(long, requires = "answer_key")]
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
        /// List every sentence under its section (with --json: a `sentences`
        /// list of text, start and end, byte offsets into the reading text)
        #[arg(long)]
        sentences: bool,
    },
    /// Save a web page (URL, .html file, or - for standard input) into the
    /// library as markdown, and print where; --refresh fetches a saved one again
    Add(web::AddArgs),
    /// Export an article with its annotations as markdown, JSON or CSV, or its text alone
    Export(export::ExportArgs),
    /// Read annotations back from a markdown export into an annotation file
    Import(export::ImportArgs),
    /// Count sentences, words and tagged passages per section
    Stats(export::StatsArgs),
    /// Make an answer key in the reader, or mark an annotations file as one
    Key(classroom::KeyArgs),
    /// Write an assignment pack: the article, the hidden key, instructions
    Assign(classroom::AssignArgs),
    /// Grade students' annotation files against a teacher's answer key
    Compare(classroom::CompareArgs),
    /// A class report: how a folder of students' files labelled an article
    Class(classroom::ClassArgs),
    /// Hints (never tags) on which sentences may be claims, opinions or speculation
    Suggest(classroom::SuggestArgs),
    /// Print or check the configuration
    Config {
        /// Print the full default configuration, to start a config file from
        #[arg(long)]
        print_default: bool,
    },
}

impl Cli {
    /// PATH, `--key` and `--hide-key` are the reader's. clap's own rule for
    /// this (`args_conflicts_with_subcommands`) also counted the global
    /// options, so `marginalia --annotator ada outline x.md` failed and
    /// `marginalia --config c.toml config` read `config` as an article.
    fn reader_options_without_a_subcommand(self) -> Result<Cli, clap::Error> {
        if self.command.is_none() {
            return Ok(self);
        }
        let given = [
            ("an article (PATH)", self.path.is_some()),
            ("--key", self.answer_key.is_some()),
            ("--hide-key", self.hide_key),
        ];
        match given.iter().find(|(_, is_given)| *is_given) {
            Some((name, _)) => Err(<Cli as clap::CommandFactory>::command().error(
                clap::error::ErrorKind::ArgumentConflict,
                format!("{name} is for the reader and cannot be used with a subcommand"),
            )),
            None => Ok(self),
        }
    }
}

/// Runs the command the arguments name; the exit code says whether it worked.
/// Says on stderr, one line each, what opening annotation files found
/// (renumbered duplicate ids, a file opened read-only), as the reader says
/// it on its first screen.
pub(crate) fn tell_notices<'a>(notices: impl IntoIterator<Item = &'a String>) {
    for notice in notices {
        eprintln!("marginalia: {}", output::for_people(notice));
    }
}

pub fn main() -> ExitCode {
    let cli = match Cli::try_parse().and_then(Cli::reader_options_without_a_subcommand) {
        Ok(cli) => cli,
        Err(error) => return output::clap_error::<Cli>(error),
    };
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        // `marginalia suggest big.txt | head`: the reader of the pipe has
        // all it wanted; stop quietly, as `cat` does.
        Err(error) if is_broken_pipe(&error) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("marginalia: {}", output::error_line(&error));
            ExitCode::FAILURE
        }
    }
}

/// Whether the error is standard output's reader having gone away.
fn is_broken_pipe(error: &anyhow::Error) -> bool {
    error.chain().any(|cause| {
        cause
            .downcast_ref::<std::io::Error>()
            .is_some_and(|e| e.kind() == std::io::ErrorKind::BrokenPipe)
    })
}

/// What `marginalia [PATH]` reads: a file or folder as given, the library
/// without one, and a web address or `-` saved into the library first.
fn path_to_read(path: Option<PathBuf>, config: &Config) -> anyhow::Result<PathBuf> {
    Ok(match path {
        Some(path) => match path.to_str() {
            Some(argument) if argument == "-" || web::is_url(argument) => {
                web::saved_for_reading(argument, config)?
            }
            _ => path,
        },
        None => PathBuf::from(&config.library_dir),
    })
}

fn run(cli: Cli) -> anyhow::Result<()> {
    let source = config_source(&cli.common)?;
    let config = load_config(&cli.common, source.as_ref())?;
    // The reader's settings are checked for every command, so a broken
    // config file is reported whatever is run.
    let settings = read::load_settings(source.as_ref(), &config)?;
    let Some(command) = cli.command else {
        let reading = read::Reading {
            path: path_to_read(cli.path, &config)?,
            annotations: cli.common.annotations,
            explicit_annotator: cli.common.annotator.is_some(),
            answer_key: cli.answer_key,
            exercise: cli.hide_key,
        };
        return read::run_reader(reading, config, settings);
    };
    // Every subcommand writes through this, so nothing it prints can talk
    // to the terminal (src/output.rs).
    let out = &mut output::SafeWriter::new(std::io::stdout().lock());
    match command {
        Command::Outline {
            file,
            json,
            sentences,
        } => outline::run(&file, json, sentences, out),
        Command::Add(args) => web::run_add(&args, &config, out),
        Command::Export(args) => {
            let annotations = cli.common.annotations.as_deref();
            export::run_export(&args, annotations, &config, out)
        }
        Command::Import(args) => {
            let annotations = cli.common.annotations.as_deref();
            export::run_import(&args, annotations, &config, out)
        }
        Command::Stats(args) => {
            let annotations = cli.common.annotations.as_deref();
            export::run_stats(&args, annotations, &config, out)
        }
        Command::Key(args) => {
            if args.mark.is_some() {
                return classroom::run_mark_key(&args, out);
            }
            let (article, key) = classroom::make_key(&args)?;
            let reading = read::Reading {
                path: article,
                annotations: Some(key),
                explicit_annotator: cli.common.annotator.is_some(),
                answer_key: None,
                exercise: false,
            };
            read::run_reader(reading, config, settings)
        }
        Command::Assign(args) => {
            // The keys students will press, as this reader binds them.
            let label_keys = read::label_keys(&settings);
            classroom::run_assign(args, &config, label_keys, out)
        }
        Command::Compare(args) => classroom::run_compare(args, &config, out),
        Command::Class(args) => classroom::run_class(args, &config, out),
        Command::Suggest(args) => classroom::run_suggest(args, out),
        Command::Config { print_default } => config_command(print_default, source.as_ref(), out),
    }
}

/// `config`: the default file, or which file is in use (it was read and
/// checked, so it is valid), or where one would be read from.
fn config_command(
    print_default: bool,
    source: Option<&(PathBuf, String)>,
    out: &mut dyn Write,
) -> anyhow::Result<()> {
    if print_default {
        write!(out, "{DEFAULT_CONFIG}")?;
        return Ok(());
    }
    match (source, Config::default_path()) {
        (Some((path, _)), _) => writeln!(out, "config file: {} (valid)", path.display())?,
        (None, Some(path)) => writeln!(
            out,
            "no config file: none at {}, so the defaults are in use (`marginalia config --print-default` prints them)",
            path.display()
        )?,
        (None, None) => writeln!(
            out,
            "no config file: this platform has no config folder, so the defaults are in use (`--config PATH` reads one)"
        )?,
    }
    Ok(())
}

/// The config file named by `--config` (which must exist), else the one at
/// the default place (if any), with its path.
fn config_source(common: &Common) -> anyhow::Result<Option<(PathBuf, String)>> {
    let (path, required) = match (&common.config, Config::default_path()) {
        (Some(path), _) => (path.clone(), true),
        (None, Some(path)) => (path, false),
        (None, None) => return Ok(None),
    };
    Ok(read_config_file(&path, required)?.map(|text| (path, text)))
}

fn load_config(common: &Common, source: Option<&(PathBuf, String)>) -> anyhow::Result<Config> {
    let mut config = match source {
        Some((path, text)) => Config::parse(text).map_err(|problem| ConfigError::Parse {
            path: path.clone(),
            problem,
        })?,
        None => Config::default(),
    };
    if let Some(name) = &common.annotator {
        config.annotator = name.clone();
    }
    Ok(config)
}
