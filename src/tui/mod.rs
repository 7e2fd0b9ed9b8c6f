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

use std::path::{Path, PathBuf};
use std::sync::atomic::Ordering;
use std::time::Duration;

use anyhow::Context as _;
use ratatui::crossterm::event::{self, Event, KeyCode, KeyEventKind, KeyModifiers};

use crate::article::load_path;
use crate::config::{Config, load_themes};
use crate::library;
use crate::memory::Memory;
use app::{Effect, Message, Msg, State, update};
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
}

/// Runs the terminal program until the reader quits.
pub fn run(options: Options) -> anyhow::Result<()> {
    let keymap = Keymap::new(&options.config).map_err(anyhow::Error::msg)?;
    let (themes, theme_problems) = load_themes(&options.theme_dirs);
    let memory_path = Memory::default_path();
    let memory = memory_path.as_deref().map(Memory::load).unwrap_or_default();
    let mut state = State::new(options.config, keymap, themes, memory);
    state.no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
    if let Some(problem) = theme_problems.first() {
        state.message = Some(Message::error(format!("theme skipped: {problem}")));
    }

    let (dir, article) = match &options.target {
        Target::Library(dir) => (dir.clone(), None),
        Target::Article(path) => (crate::fsutil::parent_dir(path), Some(path.clone())),
    };
    // Load the article before taking over the screen, so a bad file is a
    // plain error on the shell rather than a flash of full-screen mode.
    let first = match article {
        Some(path) => {
            let loaded = load_path(&path)?;
            Some(Msg::Loaded(path, Box::new(loaded)))
        }
        None => None,
    };
    let entries = library::scan(&dir, |p| state.config.annotations_path(p))
        .with_context(|| format!("{}: cannot list the folder", dir.display()))?;
    update(&mut state, Msg::Scanned(dir, entries));

    let stop = terminal::termination_flag()?;
    let mut guard = TerminalGuard::enter()?;
    let size = guard.terminal.size()?;
    update(&mut state, Msg::Resize(size.width, size.height));
    if let Some(msg) = first {
        update(&mut state, msg);
    }
    loop {
        guard.terminal.draw(|frame| view::draw(frame, &state))?;
        if stop.load(Ordering::Relaxed) {
            save_memory(&mut state, memory_path.as_deref());
            break;
        }
        if !event::poll(Duration::from_millis(250))? {
            continue;
        }
        let msg = match event::read()? {
            Event::Key(key) if key.kind == KeyEventKind::Press => {
                if key.code == KeyCode::Char('z') && key.modifiers.contains(KeyModifiers::CONTROL) {
                    #[cfg(unix)]
                    guard.suspend()?;
                    continue;
                }
                Msg::Key(key)
            }
            Event::Mouse(mouse) => Msg::Mouse(mouse),
            Event::Resize(width, height) => Msg::Resize(width, height),
            _ => continue,
        };
        let mut pending = vec![msg];
        let mut quit = false;
        while let Some(msg) = pending.pop() {
            for effect in update(&mut state, msg) {
                match effect {
                    Effect::Quit => quit = true,
                    Effect::SaveMemory => save_memory(&mut state, memory_path.as_deref()),
                    Effect::Load(path) => pending.push(match load_path(&path) {
                        Ok(article) => Msg::Loaded(path, Box::new(article)),
                        Err(e) => Msg::Failed(e.to_string()),
                    }),
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
