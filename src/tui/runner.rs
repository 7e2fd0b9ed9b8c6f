//! The runner: sets the reader up, then loops — draw, wait for an event,
//! turn it into a message, let `update` change the state, and perform the
//! effects it asks for, each of which may answer with another message.

use std::cell::{Cell, RefCell};
use std::collections::VecDeque;
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::time::{Duration, Instant};

use anyhow::Context as _;
use ratatui::crossterm::event::{self, Event, KeyCode, KeyEventKind, KeyModifiers};

use super::app::{Effect, FirstPart, Msg, Opened, Startup, State, save_job, update};
use super::config::load_themes;
use super::keymap::Keymap;
use super::memory::Memory;
use super::terminal::{self, TerminalGuard};
use super::terminal_colors::{LateAnswers, TerminalColors};
use super::{Options, Target, reader, view};
use crate::annotate::{SaveJob, SaveOutcome, Store};
use crate::annotated::annotate;
use crate::article::{
    Article, LoadError, Source, first_part_of_file, parse_path_source, read_source,
};
use crate::config::Config;
use crate::export::{ExportWriteError, MarkerStyle, to_markdown, write_export};
use crate::library;
use crate::output::Kind;

/// What the runner needs, besides the state, to perform effects.
struct Runner {
    memory_path: Option<PathBuf>,
    /// `--annotations FILE` for the article opened from the command line.
    annotations_override: Option<(PathBuf, PathBuf)>,
    /// What the loop waits for, and how other threads add to it.
    incoming: Receiver<Incoming>,
    sender: Sender<Incoming>,
    /// The ticket of the last article opened from its first part.
    last_ticket: Cell<u64>,
    /// The parse of a whole article whose first part is about to be drawn:
    /// started once it is, so the two do not share the CPU before it is.
    whole_to_parse: RefCell<Option<Box<dyn FnOnce() + Send>>>,
    /// Annotations are written on a thread of their own ([`SaveJob`]).
    saves: Saves,
    /// What came in while the loop waited for a save, handled next.
    deferred: RefCell<VecDeque<Incoming>>,
}

/// The writer thread and what it is doing: one save at a time; one asked
/// for meanwhile is made when that is done, from the state as it is then,
/// so the latest wins and saves never pile up behind a slow disk.
struct Saves {
    jobs: Sender<SaveJob>,
    under_way: Cell<bool>,
    wanted: Cell<bool>,
}

impl Saves {
    /// Starts the writer, which answers on `sender`.
    fn start(sender: Sender<Incoming>) -> Saves {
        let (jobs, queue) = mpsc::channel::<SaveJob>();
        std::thread::spawn(move || {
            for job in queue {
                if sender.send(Incoming::Saved(Box::new(job.run()))).is_err() {
                    break;
                }
            }
        });
        Saves {
            jobs,
            under_way: Cell::new(false),
            wanted: Cell::new(false),
        }
    }
}

/// What the loop waits for: terminal events, and work finished off the
/// loop's thread.
enum Incoming {
    Terminal(std::io::Result<Event>),
    /// A library entry counted: its folder, its path, what was found.
    Counted(PathBuf, PathBuf, library::Counts),
    /// The whole of an article shown from its first part, and its ticket.
    Whole(u64, Box<Opened>),
    /// The writer thread's save came to this.
    Saved(Box<SaveOutcome>),
}

/// Runs the terminal program until the reader quits.
pub fn run(options: Options) -> anyhow::Result<()> {
    let (mut state, runner, first) = setup(options)?;
    // Keys come from standard input, or from the controlling terminal when
    // standard input was the article (`cat page.html | marginalia -`), as
    // `less` does; crossterm reads /dev/tty itself then.
    if !std::io::stdout().is_terminal() || !terminal::keyboard_available() {
        anyhow::bail!(
            "the reader needs a terminal; for scripts use the subcommands (marginalia --help)"
        );
    }
    // Asked before the screen is taken over and the event thread reads
    // the terminal, so that the answer cannot be read as keys; one that
    // comes too late is dropped from the keys.
    let late_answers = LateAnswers::asked_at(Instant::now());
    if !state.no_color {
        update(&mut state, Msg::TerminalColors(TerminalColors::detect()));
    }
    let stop = terminal::termination_flag()?;
    let mut guard = TerminalGuard::enter()?;
    let size = guard.terminal.size()?;
    update(&mut state, Msg::Resize(size.width, size.height));
    if let Some(msg) = first {
        runner.handle(&mut state, msg);
    }
    event_loop(&mut state, &runner, &mut guard, &stop, late_answers)
}

/// Everything before the screen is taken over: the state from the options,
/// and the article opened from the command line as the first message. A bad
/// file is a plain error on the shell rather than a flash of full-screen mode.
fn setup(mut options: Options) -> anyhow::Result<(State, Runner, Option<Msg>)> {
    let (dir, article) = match &options.target {
        Target::Library(dir) => (dir.clone(), None),
        Target::Article(path) => (crate::fsutil::parent_dir(path), Some(path.clone())),
    };
    let annotations_override = match (&options.target, options.annotations.take()) {
        (Target::Article(article), Some(file)) => Some((article.clone(), file)),
        (Target::Library(_), Some(dir)) if dir.is_dir() => {
            options.config.annotations_dir = dir.to_string_lossy().into_owned();
            None
        }
        (Target::Library(_), Some(file)) => anyhow::bail!(
            "{}: with a library, --annotations must name a folder (one file per article goes there)",
            file.display()
        ),
        (_, None) => None,
    };
    let (sender, incoming) = mpsc::channel();
    let runner = Runner {
        saves: Saves::start(sender.clone()),
        deferred: RefCell::new(VecDeque::new()),
        memory_path: Memory::default_path(),
        annotations_override,
        incoming,
        sender,
        last_ticket: Cell::new(0),
        whole_to_parse: RefCell::new(None),
    };
    let mut state = initial_state(&options, runner.memory_path.as_deref(), &dir)?;
    let first = match article {
        Some(path) => Some(match &options.answer_key {
            // The key is placed on the whole text: no first part first.
            Some(key) => {
                let mut opened = runner.open_whole(&state, &path)?;
                let store = Store::open(&key.path, &opened.article.text).with_context(|| {
                    format!("{}: cannot open the answer key", key.path.display())
                })?;
                opened.answer_key = Some((store, key.hidden));
                Msg::Loaded(Box::new(opened))
            }
            None => runner.begin_open(&state, &path)?,
        }),
        None if options.answer_key.is_some() => {
            anyhow::bail!("--key needs an article to open, not a folder")
        }
        None => None,
    };
    // An article opened directly shows first; its folder is listed only when
    // the reader goes back to it (scanning loads every article there).
    if first.is_none() {
        let entries = library::scan(&dir)
            .with_context(|| format!("{}: cannot list the folder", dir.display()))?;
        runner.count_in_background(&state, &dir, &entries);
        update(&mut state, Msg::Scanned(dir, entries));
    }
    Ok((state, runner, first))
}

/// The state from the options, themes, remembered places and hint rules;
/// problems that need not stop the reader are said on its first screen.
fn initial_state(
    options: &Options,
    memory_path: Option<&Path>,
    library_dir: &Path,
) -> anyhow::Result<State> {
    let keymap = Keymap::new(&options.settings, &options.config.labels)?;
    let (themes, theme_problems) = load_themes(&options.theme_dirs);
    let memory = memory_path.map(Memory::load).unwrap_or_default();
    let mut state = State::new(
        options.config.clone(),
        options.settings.clone(),
        keymap,
        themes,
        memory,
    );
    let startup = Startup {
        no_color: std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty()),
        // A teacher's own hint rules, when the config folder has them: the
        // same rules `marginalia suggest` uses.
        hint_rules: crate::classroom::Rules::in_use(None)
            .map(|(rules, _)| rules)
            .map_err(|e| e.to_string()),
        problem: theme_problems
            .first()
            .map(|problem| format!("theme skipped: {problem}")),
        library_dir: library_dir.to_path_buf(),
        started_on_file: matches!(options.target, Target::Article(_)),
    };
    update(&mut state, Msg::Started(Box::new(startup)));
    Ok(state)
}

/// Draws, waits for an event, and handles it, until a message ends it.
fn event_loop(
    state: &mut State,
    runner: &Runner,
    guard: &mut TerminalGuard,
    stop: &Arc<AtomicBool>,
    mut late_answers: LateAnswers,
) -> anyhow::Result<()> {
    // Set up crossterm's event source (and its SIGWINCH handler) before the
    // first frame, so a resize right after it is not missed.
    event::poll(Duration::ZERO)?;
    spawn_event_reader(runner.sender.clone());
    let suspend = terminal::suspend_flag()?;
    // A seam for the end-to-end tests: proves a panic restores the terminal.
    let panic_for_test = std::env::var_os("MARGINALIA_TEST_PANIC").is_some();
    loop {
        // A terminal that went away (hang-up) cannot be drawn on or read
        // from: that ends the session like SIGTERM does, cleanly.
        let drawn = guard.terminal.draw(|frame| view::draw(frame, state));
        if let Some(parse) = runner.whole_to_parse.take() {
            std::thread::spawn(parse);
        }
        if panic_for_test {
            panic!("MARGINALIA_TEST_PANIC is set: panicking after the first frame");
        }
        #[cfg(unix)]
        if suspend.swap(false, Ordering::Relaxed) {
            guard.suspend()?;
            continue;
        }
        let msg = if stop.load(Ordering::Relaxed) || drawn.is_err() {
            Msg::Terminate
        } else {
            let deferred = runner.deferred.borrow_mut().pop_front();
            let next = match deferred {
                Some(incoming) => Ok(incoming),
                None => runner.incoming.recv_timeout(Duration::from_millis(250)),
            };
            match next {
                Ok(Incoming::Terminal(Ok(Event::Key(key))))
                    if late_answers.swallows(&key, Instant::now()) =>
                {
                    continue;
                }
                Ok(Incoming::Terminal(Ok(event))) => match message_for(event, guard)? {
                    Some(msg) => msg,
                    None => continue,
                },
                Ok(Incoming::Counted(dir, path, counts)) => Msg::Counted(dir, path, counts),
                Ok(Incoming::Whole(ticket, opened)) => Msg::Whole(ticket, opened),
                Ok(Incoming::Saved(outcome)) => runner.saved(outcome),
                // No event: still notice a size change whose signal was
                // lost; else it is a pause, when a typed note is saved.
                Err(RecvTimeoutError::Timeout) => match guard.terminal.size() {
                    Ok(size) if (size.width, size.height) != state.size => {
                        Msg::Resize(size.width, size.height)
                    }
                    _ => Msg::Pause,
                },
                Ok(Incoming::Terminal(Err(_))) | Err(RecvTimeoutError::Disconnected) => {
                    Msg::Terminate
                }
            }
        };
        if runner.handle(state, msg) {
            return Ok(());
        }
    }
}

impl Runner {
    /// Updates the state with `msg` and performs the effects, and those of
    /// the messages they answer with; true when the reader is to quit.
    /// Quitting waits for the saves; a quit the reader asked for is called
    /// off when one of them failed (the status line says why, and the next
    /// quit warns of the unsaved changes as usual).
    fn handle(&self, state: &mut State, msg: Msg) -> bool {
        let terminating = matches!(msg, Msg::Terminate);
        let mut pending = vec![msg];
        let mut quit = false;
        loop {
            while let Some(msg) = pending.pop() {
                for effect in update(state, msg) {
                    if effect == Effect::Quit {
                        quit = true;
                    } else if let Some(answer) = self.perform(state, effect) {
                        pending.push(answer);
                    }
                }
            }
            if !self.saves.under_way.get() && self.saves.wanted.take() {
                pending.extend(self.start_save(state));
            }
            if pending.is_empty() {
                break;
            }
        }
        if quit {
            let unsaved = |state: &State| {
                state
                    .reader
                    .as_ref()
                    .is_some_and(|r| r.store().has_unsaved_changes())
            };
            // Unsaved with no save asked: the reader chose to drop them.
            let dropping = unsaved(state) && !state.save_asked;
            self.settle_saves(state);
            return terminating || dropping || !unsaved(state);
        }
        false
    }

    /// Hands what to save to the writer thread, or, while it is writing,
    /// asks for a save once it is done.
    fn start_save(&self, state: &mut State) -> Option<Msg> {
        if self.saves.under_way.get() {
            self.saves.wanted.set(true);
            return None;
        }
        match save_job(state) {
            Ok(Some(job)) => match self.saves.jobs.send(job) {
                Ok(()) => {
                    self.saves.under_way.set(true);
                    None
                }
                // The writer is gone (it panicked): save here instead.
                Err(mpsc::SendError(job)) => Some(Msg::Saved(Box::new(job.run()))),
            },
            Ok(None) => None,
            Err(e) => Some(Msg::SaveFailed(e.to_string())),
        }
    }

    /// A save's outcome, as the message for `update`.
    fn saved(&self, outcome: Box<SaveOutcome>) -> Msg {
        self.saves.under_way.set(false);
        Msg::Saved(outcome)
    }

    /// Waits until no save is under way or wanted (before quitting, and
    /// before what replaces or writes the store itself, or lists the
    /// folder). What else comes in meanwhile is kept for the loop.
    fn settle_saves(&self, state: &mut State) {
        while self.saves.under_way.get() {
            match self.incoming.recv() {
                Ok(Incoming::Saved(outcome)) => {
                    let msg = self.saved(outcome);
                    self.handle(state, msg);
                }
                Ok(other) => self.deferred.borrow_mut().push_back(other),
                Err(_) => break,
            }
        }
    }

    /// Does one piece of I/O an update asked for; what came of it, if the
    /// reader should hear, comes back as a message for `update`.
    fn perform(&self, state: &mut State, effect: Effect) -> Option<Msg> {
        match effect {
            Effect::Quit => None,
            Effect::SaveMemory => {
                let path = self.memory_path.as_deref()?;
                state.memory.save(path).err().map(|e| {
                    Msg::Failed(format!(
                        "{}: cannot remember the reading place: {e}",
                        path.display()
                    ))
                })
            }
            Effect::Load(path) => {
                self.settle_saves(state);
                Some(
                    self.begin_open(state, &path)
                        .unwrap_or_else(|e| Msg::Failed(e.to_string())),
                )
            }
            Effect::SaveAnnotationsAs(path) => {
                self.settle_saves(state);
                let reader = state.reader.as_mut()?;
                // The article's path is recorded from the new file's folder.
                let recorded = crate::annotate::recorded_article_path(reader.path(), &path);
                let title = reader.article().meta.title.clone();
                let store = reader.store_for_saving();
                store.set_article(&title, &recorded);
                let saved = store.save_into(&path);
                Some(match saved {
                    Ok(0) => Msg::Said(format!("annotations saved to {}", path.display())),
                    Ok(kept) => Msg::Said(format!(
                        "annotations saved to {}, with the {kept} already there",
                        path.display()
                    )),
                    Err(e) => Msg::SaveFailed(e.to_string()),
                })
            }
            Effect::Export => Some(
                match export_to_folder(state.reader.as_ref()?, &state.config) {
                    Ok(path) => Msg::Said(format!("exported to {}", path.display())),
                    Err(e) => Msg::Failed(crate::output::error_line(&e)),
                },
            ),
            Effect::Submit => {
                self.settle_saves(state);
                Some(match state.reader.as_mut()?.store_for_saving().submit() {
                    Ok(_) => Msg::Submitted,
                    Err(e) => Msg::SaveFailed(e.to_string()),
                })
            }
            Effect::SaveAnnotations => self.start_save(state),
            // After the closed article's last save, so that it is counted
            // as written.
            Effect::ScanLibrary(dir) => {
                self.settle_saves(state);
                Some(match library::scan(&dir) {
                    Ok(entries) => {
                        self.count_in_background(state, &dir, &entries);
                        Msg::Scanned(dir, entries)
                    }
                    Err(e) => Msg::Failed(format!("{}: {e}", dir.display())),
                })
            }
        }
    }

    /// Opens an article and its annotations. A long one shows its first
    /// part at once, and is parsed whole on a thread of its own, which
    /// sends the whole as [`Incoming::Whole`]; unless the place remembered
    /// in it lies past the first part, where it opens whole here. Every
    /// error in the file is found here, before anything is shown.
    fn begin_open(&self, state: &State, path: &Path) -> Result<Msg, LoadError> {
        let annotations = self.annotations_for(&state.config, path);
        let source = match read_source(path)? {
            Source::Page(article) => {
                return Ok(Msg::Loaded(Box::new(opened(path, *article, &annotations))));
            }
            Source::Text(source) => source,
        };
        let remembered = state.memory.positions.get(&Memory::key(path)).copied();
        let part = first_part_of_file(path, &source)
            .filter(|part| remembered.unwrap_or(0) + REMEMBERED_MARGIN < part.text.len());
        let Some(part) = part else {
            let article = parse_path_source(path, source);
            return Ok(Msg::Loaded(Box::new(opened(path, article, &annotations))));
        };
        let ticket = self.last_ticket.get() + 1;
        self.last_ticket.set(ticket);
        let sender = self.sender.clone();
        let (whole_path, whole_annotations) = (path.to_path_buf(), annotations.clone());
        self.whole_to_parse.replace(Some(Box::new(move || {
            let article = parse_path_source(&whole_path, source);
            let whole = opened(&whole_path, article, &whole_annotations);
            // The reader may have quit meanwhile: nobody to tell.
            let _ = sender.send(Incoming::Whole(ticket, Box::new(whole)));
        })));
        Ok(Msg::FirstPart(Box::new(FirstPart {
            path: path.to_path_buf(),
            article: part,
            annotations,
            ticket,
        })))
    }

    /// Opens an article whole, here.
    fn open_whole(&self, state: &State, path: &Path) -> Result<Opened, LoadError> {
        let annotations = self.annotations_for(&state.config, path);
        let article = match read_source(path)? {
            Source::Page(article) => *article,
            Source::Text(source) => parse_path_source(path, source),
        };
        Ok(opened(path, article, &annotations))
    }

    /// Counts the words and annotations of a listed folder's articles on
    /// a thread of their own, so the list shows at once and fills in.
    fn count_in_background(&self, state: &State, dir: &Path, entries: &[library::Entry]) {
        let work: Vec<(PathBuf, PathBuf)> = entries
            .iter()
            .filter(|e| !e.counted)
            .map(|e| (e.path.clone(), state.config.annotations_path(&e.path)))
            .collect();
        let sender = self.sender.clone();
        let dir = dir.to_path_buf();
        std::thread::spawn(move || {
            for (path, annotations) in work {
                let counts = library::count(&path, &annotations);
                if sender
                    .send(Incoming::Counted(dir.clone(), path, counts))
                    .is_err()
                {
                    break;
                }
            }
        });
    }

    /// The annotation file for an article: the one named on the command
    /// line for the article named there, else the config's place.
    fn annotations_for(&self, config: &Config, article: &Path) -> PathBuf {
        match &self.annotations_override {
            Some((target, file)) if target == article => file.clone(),
            _ => config.annotations_path(article),
        }
    }
}

/// Reads terminal events on a thread of its own. crossterm can spin
/// forever inside `read` once the terminal is gone (its reader loops on
/// end-of-file), so the main loop must never block in it: it waits on this
/// channel with a timeout and can always see SIGTERM and SIGHUP.
fn spawn_event_reader(sender: Sender<Incoming>) {
    std::thread::spawn(move || {
        loop {
            let event = event::read();
            let failed = event.is_err();
            if sender.send(Incoming::Terminal(event)).is_err() || failed {
                break;
            }
        }
    });
}

/// A terminal event as a message; `None` for events that mean nothing here
/// (and after a Ctrl-Z suspension, which is handled here).
fn message_for(event: Event, guard: &mut TerminalGuard) -> std::io::Result<Option<Msg>> {
    Ok(match event {
        Event::Key(key) if key.kind == KeyEventKind::Press => {
            if key.code == KeyCode::Char('z') && key.modifiers.contains(KeyModifiers::CONTROL) {
                #[cfg(unix)]
                guard.suspend()?;
                return Ok(None);
            }
            Some(Msg::Key(key))
        }
        Event::Mouse(mouse) => Some(Msg::Mouse(mouse)),
        Event::Resize(width, height) => Some(Msg::Resize(width, height)),
        _ => None,
    })
}

/// Writes the annotated article as `NAME.annotated.md` in the exports
/// folder (made if need be), never over a file that is not an earlier export.
fn export_to_folder(reader: &reader::Reader, config: &Config) -> anyhow::Result<PathBuf> {
    let stem = reader
        .path()
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "article".into());
    let folder = config.exports_dir_for(reader.path());
    std::fs::create_dir_all(&folder)
        .with_context(|| format!("{}: cannot make the exports folder", folder.display()))?;
    let path = folder.join(format!("{stem}.annotated.md"));
    let markdown = to_markdown(
        reader.article(),
        reader.store(),
        &config.labels,
        &reader.path().to_string_lossy(),
        MarkerStyle::Markers,
    );
    match write_export(&path, Kind::Text, &markdown, false) {
        Err(refused @ ExportWriteError::Foreign { .. }) => {
            anyhow::bail!("{refused} (marginalia export -o chooses another path)")
        }
        written => written.map(|()| path).map_err(anyhow::Error::from),
    }
}

/// A remembered place this far before the end of a first part is still
/// shown from it: the screen there lies within the part.
const REMEMBERED_MARGIN: usize = 64 * 1024;

/// An article loaded from `path` with its annotations. A damaged
/// annotation file opens read-only, with a warning, so it is never
/// written over.
fn opened(path: &Path, mut article: Article, annotations: &Path) -> Opened {
    article.forget_plain_source();
    let mut opened = annotate(path, article, annotations);
    // Opening may have mended the file in memory (renumbered ids): saved at
    // once, so that quitting never warns of changes the reader did not make.
    let mended = if opened.store.has_unsaved_changes() {
        opened.store.save().err().map(|e| e.to_string())
    } else {
        None
    };
    let warning = match opened.damage {
        Some(damage) => Some(damage.to_string()),
        None => Some(opened.store.notices().join("; "))
            .filter(|n| !n.is_empty())
            .map(|n| mended.map_or_else(|| n.clone(), |e| format!("{n}; {e}"))),
    };
    Opened {
        warning,
        ..Opened::new(opened.path, opened.article, opened.store)
    }
}
