//! The terminal program: the only part of marginalia that knows a terminal.
//! Events become messages, `app::update` changes the state and returns
//! effects, this runner performs them, and `view::draw` paints the state.

pub mod action;
pub mod app;
pub mod geometry;
pub mod keymap;
pub mod layout;
pub mod reader;
pub mod terminal;
pub mod theme;
pub mod view;

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::sync::atomic::Ordering;
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::time::Duration;

use anyhow::Context as _;
use ratatui::crossterm::event::{self, Event, KeyCode, KeyEventKind, KeyModifiers};

use crate::annotate::Store;
use crate::article::{LoadError, load_path};
use crate::config::{Config, load_themes};
use crate::library;
use crate::memory::Memory;
use app::{Effect, Message, Msg, Opened, State, update};
use keymap::Keymap;
use terminal::TerminalGuard;

/// What to open.
#[derive(Debug, Clone)]
pub enum Target {
    Library(PathBuf),
    Article(PathBuf),
}

pub struct Options {
    pub target: Target,
    pub config: Config,
    /// Folders with extra theme files.
    pub theme_dirs: Vec<PathBuf>,
    pub annotations: Option<PathBuf>,
    /// An answer key to show (or to hide until submission) beside the article.
    pub key: Option<KeyOptions>,
}

#[derive(Debug, Clone)]
pub struct KeyOptions {
    pub path: PathBuf,
    pub hidden: bool,
}

/// Runs the terminal program until the reader quits.
pub fn run(mut options: Options) -> anyhow::Result<()> {
    let keymap = Keymap::new(&options.config).map_err(anyhow::Error::msg)?;
    let (themes, theme_problems) = load_themes(&options.theme_dirs);
    let memory_path = Memory::default_path();
    let memory = memory_path.as_deref().map(Memory::load).unwrap_or_default();
    let mut state = State::new(options.config.clone(), keymap, themes, memory);
    state.no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
    if let Some(problem) = theme_problems.first() {
        state.message = Some(Message::error(format!("theme skipped: {problem}")));
    }
    // A teacher's own hint rules, when the config folder has them: the
    // same rules `marginalia suggest` uses.
    match crate::classroom::Rules::in_use(None) {
        Ok((rules, _)) => state.hint_rules = rules,
        Err(e) => state.message = Some(Message::error(format!("hints: {e}"))),
    }

    let (dir, article) = match &options.target {
        Target::Library(dir) => (dir.clone(), None),
        Target::Article(path) => (crate::fsutil::parent_dir(path), Some(path.clone())),
    };
    // Load the article before taking over the screen, so a bad file is a
    // plain error on the shell rather than a flash of full-screen mode.
    let annotations_override = match (&options.target, options.annotations) {
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
    let annotations_for = |config: &Config, article: &Path| match &annotations_override {
        Some((target, file)) if target == article => file.clone(),
        _ => config.annotations_path(article),
    };
    let first = match article {
        Some(path) => {
            let mut opened = open(&path, &annotations_for(&options.config, &path))?;
            if let Some(key) = &options.key {
                let store = Store::open(&key.path, &opened.article.text).with_context(|| {
                    format!("{}: cannot open the answer key", key.path.display())
                })?;
                opened.key = Some((store, key.hidden));
            }
            Some(Msg::Loaded(Box::new(opened)))
        }
        None if options.key.is_some() => {
            anyhow::bail!("--key needs an article to open, not a folder")
        }
        None => None,
    };
    // An article opened directly shows first; its folder is listed only when
    // the reader goes back to it (scanning loads every article there).
    if first.is_none() {
        let entries = library::scan(&dir, |p| state.config.annotations_path(p))
            .with_context(|| format!("{}: cannot list the folder", dir.display()))?;
        update(&mut state, Msg::Scanned(dir, entries));
    } else {
        state.library.dir = dir;
    }

    if !std::io::stdout().is_terminal() || !std::io::stdin().is_terminal() {
        anyhow::bail!(
            "the reader needs a terminal; for scripts use the subcommands (marginalia --help)"
        );
    }
    let stop = terminal::termination_flag()?;
    let mut guard = TerminalGuard::enter()?;
    let size = guard.terminal.size()?;
    update(&mut state, Msg::Resize(size.width, size.height));
    if let Some(msg) = first {
        update(&mut state, msg);
    }
    // Set up crossterm's event source (and its SIGWINCH handler) before the
    // first frame, so a resize right after it is not missed.
    event::poll(Duration::ZERO)?;
    let events = spawn_event_reader();
    // A seam for the end-to-end tests: proves a panic restores the terminal.
    let panic_for_test = std::env::var_os("MARGINALIA_TEST_PANIC").is_some();
    loop {
        // A terminal that went away (hang-up) cannot be drawn on or read
        // from: that ends the session like SIGTERM does, cleanly.
        let drawn = guard.terminal.draw(|frame| view::draw(frame, &state));
        if panic_for_test {
            panic!("MARGINALIA_TEST_PANIC is set: panicking after the first frame");
        }
        let msg = if stop.load(Ordering::Relaxed) || drawn.is_err() {
            Msg::Terminate
        } else {
            match events.recv_timeout(Duration::from_millis(250)) {
                Ok(Ok(event)) => match message_for(event, &mut guard)? {
                    Some(msg) => msg,
                    None => continue,
                },
                // No event: still notice a size change whose signal was lost.
                Err(RecvTimeoutError::Timeout) => match guard.terminal.size() {
                    Ok(size) if (size.width, size.height) != state.size => {
                        Msg::Resize(size.width, size.height)
                    }
                    _ => continue,
                },
                Ok(Err(_)) | Err(RecvTimeoutError::Disconnected) => Msg::Terminate,
            }
        };
        let mut pending = vec![msg];
        let mut quit = false;
        while let Some(msg) = pending.pop() {
            for effect in update(&mut state, msg) {
                match effect {
                    Effect::Quit => quit = true,
                    Effect::SaveMemory => save_memory(&mut state, memory_path.as_deref()),
                    Effect::Load(path) => {
                        let annotations = annotations_for(&state.config, &path);
                        pending.push(match open(&path, &annotations) {
                            Ok(opened) => Msg::Loaded(Box::new(opened)),
                            Err(e) => Msg::Failed(e.to_string()),
                        })
                    }
                    Effect::SaveAnnotationsAs(path) => {
                        if let Some(reader) = state.reader.as_mut() {
                            let recorded =
                                crate::annotate::recorded_article_path(&reader.path, &path);
                            reader
                                .store
                                .set_article(&reader.article.meta.title, &recorded);
                            pending.push(match reader.store.save_as(&path) {
                                Ok(()) => {
                                    Msg::Said(format!("annotations saved to {}", path.display()))
                                }
                                Err(e) => Msg::SaveFailed(e.to_string()),
                            });
                        }
                    }
                    Effect::Export => {
                        if let Some(reader) = &state.reader {
                            pending.push(match export_beside(reader, &state.config) {
                                Ok(path) => Msg::Said(format!("exported to {}", path.display())),
                                Err(e) => Msg::Failed(crate::output::error_line(&e)),
                            });
                        }
                    }
                    Effect::Submit => {
                        if let Some(reader) = state.reader.as_mut() {
                            pending.push(match reader.store.submit() {
                                Ok(_) => Msg::Submitted,
                                Err(e) => Msg::SaveFailed(e.to_string()),
                            });
                        }
                    }
                    Effect::SaveAnnotations => {
                        if let Some(Err(e)) = state.reader.as_mut().map(|r| r.store.save()) {
                            pending.push(Msg::SaveFailed(e.to_string()));
                        }
                    }
                    Effect::ScanLibrary(dir) => {
                        match library::scan(&dir, |p| state.config.annotations_path(p)) {
                            Ok(entries) => pending.push(Msg::Scanned(dir, entries)),
                            Err(e) => pending.push(Msg::Failed(format!("{}: {e}", dir.display()))),
                        }
                    }
                }
            }
        }
        if quit {
            break;
        }
    }
    Ok(())
}

/// Reads terminal events on a thread of its own. crossterm can spin
/// forever inside `read` once the terminal is gone (its reader loops on
/// end-of-file), so the main loop must never block in it: it waits on this
/// channel with a timeout and can always see SIGTERM and SIGHUP.
fn spawn_event_reader() -> Receiver<std::io::Result<Event>> {
    let (sender, receiver) = mpsc::channel();
    std::thread::spawn(move || {
        loop {
            let event = event::read();
            let failed = event.is_err();
            if sender.send(event).is_err() || failed {
                break;
            }
        }
    });
    receiver
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

/// Writes the annotated article as `NAME.annotated.md` beside it, never
/// over a file that is not an earlier export.
fn export_beside(reader: &reader::Reader, config: &Config) -> anyhow::Result<PathBuf> {
    use crate::export::{MarkerStyle, is_own_output, to_markdown};
    let stem = reader
        .path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "article".into());
    let path = crate::fsutil::parent_dir(&reader.path).join(format!("{stem}.annotated.md"));
    if let Ok(existing) = std::fs::read_to_string(&path)
        && !is_own_output(&existing)
    {
        anyhow::bail!(
            "{}: exists and is not a marginalia export; not replacing it (marginalia export -o chooses another path)",
            path.display()
        );
    }
    let markdown = to_markdown(
        &reader.article,
        &reader.store,
        &config.labels,
        &reader.path.to_string_lossy(),
        MarkerStyle::Markers,
    );
    crate::output::write_file(&path, crate::output::Kind::Text, &markdown)
        .with_context(|| format!("{}: cannot write the export", path.display()))?;
    Ok(path)
}

/// Loads an article and its annotations. A damaged annotation file opens
/// read-only, with a warning, so it is never written over.
fn open(path: &Path, annotations: &Path) -> Result<Opened, LoadError> {
    let article = load_path(path)?;
    let (store, warning) = match Store::open(annotations, &article.text) {
        Ok(store) => (store, None),
        Err(e) => {
            let store = Store::read_only_after_damage(annotations, &article.text, &e);
            (store, Some(e.to_string()))
        }
    };
    Ok(Opened {
        path: path.to_path_buf(),
        article,
        store,
        warning,
        key: None,
    })
}

fn save_memory(state: &mut State, path: Option<&Path>) {
    if let Some(path) = path
        && let Err(e) = state.memory.save(path)
    {
        state.message = Some(Message::error(format!(
            "{}: cannot remember the reading place: {e}",
            path.display()
        )));
    }
}
