//! The whole program's state and `update`: messages in, state changed,
//! effects out as data. No I/O happens here, so every behaviour is tested by
//! feeding messages and looking at the state.

use std::path::PathBuf;

use ratatui::crossterm::event::{
    KeyCode, KeyEvent, KeyModifiers, MouseButton, MouseEvent, MouseEventKind,
};
use ratatui::layout::Rect;

use crate::annotate::{EditKind, Store};
use crate::article::Article;
use crate::classroom::Rules;
use crate::config::{Config, LabelDef};
use crate::library::{self, Entry};

use super::action::Action;
use super::config::{Settings, Theme};
use super::geometry::{ReaderGeometry, SIDE_AUTO_MIN_WIDTH, reader_geometry};
use super::keymap::{Context, Keymap};
use super::layout::display_width;
use super::memory::Memory;
use super::reader::{AnnotationList, Focus, KeyView, Reader};
use super::screen_hints::ScreenHints;

/// What happens to the program: keys and mouse from the terminal, and the
/// results of effects the runner performed.
#[derive(Debug)]
pub enum Msg {
    Key(KeyEvent),
    Mouse(MouseEvent),
    Resize(u16, u16),
    /// An article the runner loaded after [`Effect::Load`].
    Loaded(Box<Opened>),
    /// Saving annotations failed; the changes are still in memory.
    SaveFailed(String),
    /// Something the runner did that the reader should hear about.
    Said(String),
    /// The annotations were handed in.
    Submitted,
    /// SIGTERM, SIGHUP or a terminal gone: save what can be saved and leave.
    Terminate,
    /// A load failed; the text says why.
    Failed(String),
    /// The library's folder, scanned after [`Effect::ScanLibrary`].
    Scanned(PathBuf, Vec<Entry>),
}

/// An article with its annotations, as the runner opened them.
#[derive(Debug)]
pub struct Opened {
    pub path: PathBuf,
    pub article: Article,
    pub store: Store,
    /// Something the reader must know (a damaged annotation file).
    pub warning: Option<String>,
    /// An answer key, and whether it stays hidden until submission.
    pub key: Option<(Store, bool)>,
}

/// Work for the runner: everything that touches the disk or the terminal.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Effect {
    Load(PathBuf),
    /// Write the open article's annotations.
    SaveAnnotations,
    /// Write them to another file, which becomes theirs.
    SaveAnnotationsAs(PathBuf),
    /// Hand the annotations in: save them frozen, then show the key.
    Submit,
    /// Write the annotated article as markdown beside it.
    Export,
    ScanLibrary(PathBuf),
    SaveMemory,
    Quit,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Screen {
    Library,
    Reader,
}

#[derive(Debug, Default)]
pub struct LibraryView {
    pub dir: PathBuf,
    pub entries: Vec<Entry>,
    /// Index into the filtered list.
    pub selected: usize,
    pub filter: String,
    pub filtering: bool,
}

impl LibraryView {
    pub fn visible(&self) -> Vec<&Entry> {
        self.entries
            .iter()
            .filter(|e| library::matches_filter(e, &self.filter))
            .collect()
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Message {
    pub text: String,
    pub error: bool,
}

impl Message {
    pub fn info(text: impl Into<String>) -> Message {
        Message {
            text: text.into(),
            error: false,
        }
    }

    pub fn error(text: impl Into<String>) -> Message {
        Message {
            text: text.into(),
            error: true,
        }
    }
}

pub struct State {
    pub config: Config,
    /// The reader's own settings (theme, width, keys).
    pub settings: Settings,
    pub keymap: Keymap,
    pub themes: Vec<Theme>,
    pub theme: usize,
    pub screen: Screen,
    pub library: LibraryView,
    pub reader: Option<Reader>,
    /// The help overlay, when open: how far it is scrolled.
    pub help: Option<usize>,
    pub message: Option<Message>,
    pub size: (u16, u16),
    pub memory: Memory,
    /// `NO_COLOR` was set: draw with modifiers only.
    pub no_color: bool,
    /// A path being typed to save the annotations somewhere else.
    pub save_as: Option<String>,
    /// Ctrl-S was pressed once: the next press submits.
    pub confirm_submit: bool,
    /// A quit was refused for unsaved annotations: the next one goes ahead.
    pub confirm_quit: bool,
    /// The statistics overlay, when open: its text and how far it is scrolled.
    pub stats: Option<(String, usize)>,
    /// The rules hints are found by.
    pub hint_rules: Rules,
}

impl State {
    pub fn new(
        config: Config,
        settings: Settings,
        keymap: Keymap,
        themes: Vec<Theme>,
        memory: Memory,
    ) -> State {
        let wanted = memory.theme.as_deref().unwrap_or(&settings.theme);
        let theme = themes.iter().position(|t| t.name == wanted).unwrap_or(0);
        State {
            config,
            settings,
            keymap,
            themes,
            theme,
            screen: Screen::Library,
            library: LibraryView::default(),
            reader: None,
            help: None,
            message: None,
            size: (80, 24),
            memory,
            no_color: false,
            save_as: None,
            confirm_submit: false,
            confirm_quit: false,
            stats: None,
            hint_rules: Rules::default(),
        }
    }

    /// The built-in configuration, settings and themes, and nothing
    /// remembered: a fresh install's reader (for tests and benches too).
    pub fn with_defaults() -> State {
        let config = Config::default();
        let settings = Settings::default();
        let keymap = Keymap::new(&settings, &config.labels).expect("the default keys parse");
        let (themes, _) = super::config::load_themes(&[]);
        State::new(config, settings, keymap, themes, Memory::default())
    }

    pub fn theme(&self) -> &Theme {
        &self.themes[self.theme]
    }

    pub fn area(&self) -> Rect {
        Rect::new(0, 0, self.size.0, self.size.1)
    }

    /// Where the reader's panes are for the current window and panels.
    pub fn geometry(&self) -> Option<ReaderGeometry> {
        let reader = self.reader.as_ref()?;
        Some(reader_geometry(
            self.area(),
            reader.outline.is_some(),
            reader.side_open,
            self.settings.reading_width,
        ))
    }

    fn say(&mut self, text: impl Into<String>) {
        self.message = Some(Message::info(text));
    }

    fn complain(&mut self, text: impl Into<String>) {
        self.message = Some(Message::error(text));
    }

    /// Re-fits the reader to the window after anything that moves its panes.
    fn refit_reader(&mut self) {
        let Some(geometry) = self.geometry() else {
            return;
        };
        if let Some(reader) = self.reader.as_mut() {
            reader.resize(geometry.text.width, geometry.text.height as usize);
        }
    }

    /// Remembers where the open article is being read.
    fn remember_position(&mut self) {
        if let Some(reader) = &self.reader {
            let key = Memory::key(&reader.path);
            self.memory
                .positions
                .insert(key, reader.cursor_span().start);
        }
    }

    /// The configured labels, in order, each with the key that tags with it.
    pub fn labels_with_keys(&self) -> impl Iterator<Item = (&str, &LabelDef)> {
        self.config
            .labels
            .iter()
            .enumerate()
            .map(|(i, label)| (self.settings.label_key(i), label))
    }

    /// The configured label names, in order.
    pub fn label_names(&self) -> Vec<String> {
        self.config.labels.iter().map(|l| l.name.clone()).collect()
    }

    fn context(&self) -> Context {
        match (self.screen, &self.reader) {
            (Screen::Library, _) => Context::Library,
            (Screen::Reader, Some(reader)) if reader.selection.is_some() => Context::Selecting,
            (Screen::Reader, _) => Context::Reader,
        }
    }
}

/// Changes the state for one message and says what the runner must do.
pub fn update(state: &mut State, msg: Msg) -> Vec<Effect> {
    let effects = update_inner(state, msg);
    let labels = state.label_names();
    if let Some(reader) = state.reader.as_mut() {
        reader.refresh_key(&labels);
    }
    effects
}

fn update_inner(state: &mut State, msg: Msg) -> Vec<Effect> {
    match msg {
        Msg::Resize(width, height) => {
            state.size = (width, height);
            state.refit_reader();
            Vec::new()
        }
        Msg::Key(key) => on_key(state, key),
        Msg::Mouse(mouse) => {
            on_mouse(state, mouse);
            Vec::new()
        }
        Msg::Loaded(opened) => {
            open_article(state, *opened);
            Vec::new()
        }
        Msg::SaveFailed(why) => {
            state.complain(format!(
                "{why} — your changes are kept in memory; S saves them to another file"
            ));
            Vec::new()
        }
        Msg::Terminate => {
            state.remember_position();
            let unsaved = state
                .reader
                .as_ref()
                .is_some_and(|r| r.store().has_unsaved_changes());
            let mut effects = if unsaved {
                vec![Effect::SaveAnnotations]
            } else {
                Vec::new()
            };
            effects.extend([Effect::SaveMemory, Effect::Quit]);
            effects
        }
        Msg::Submitted => {
            if let Some(key) = state.reader.as_mut().and_then(|r| r.key.as_mut()) {
                key.hidden = false;
            }
            state.say("submitted: your file is frozen; the key's passages and notes are shown");
            Vec::new()
        }
        Msg::Said(text) => {
            state.say(text);
            Vec::new()
        }
        Msg::Failed(why) => {
            state.complain(why);
            Vec::new()
        }
        Msg::Scanned(dir, entries) => {
            let keep = state.library.dir == dir;
            let selected_path = state
                .library
                .visible()
                .get(state.library.selected)
                .map(|e| e.path.clone());
            state.library.dir = dir;
            state.library.entries = entries;
            if !keep {
                state.library.filter.clear();
            }
            state.library.selected = selected_path
                .and_then(|p| state.library.visible().iter().position(|e| e.path == p))
                .unwrap_or(0);
            Vec::new()
        }
    }
}

fn open_article(state: &mut State, opened: Opened) {
    state.remember_position();
    let Opened {
        path,
        article,
        store,
        warning,
        key,
    } = opened;
    if let Some(warning) = warning {
        state.complain(warning);
    }
    let labels = state.label_names();
    let key = key.map(|(key, hidden)| {
        let hidden = hidden && store.submitted().is_none();
        KeyView::new(key, hidden, &article, &store, &labels)
    });
    let mut reader = Reader::new(path, article, store, 1, 1);
    reader.key = key;
    reader.side_open = state.size.0 >= SIDE_AUTO_MIN_WIDTH;
    let remembered = state
        .memory
        .positions
        .get(&Memory::key(&reader.path))
        .copied();
    state.reader = Some(reader);
    state.screen = Screen::Reader;
    state.help = None;
    state.refit_reader();
    if let (Some(offset), Some(reader)) = (remembered, state.reader.as_mut()) {
        let offset = offset.min(reader.article.text.len());
        reader.put_cursor_at(offset);
    }
}

fn on_key(state: &mut State, key: KeyEvent) -> Vec<Effect> {
    let ctrl_c = key.code == KeyCode::Char('c') && key.modifiers.contains(KeyModifiers::CONTROL);
    if ctrl_c {
        // Ctrl-C quits from anywhere, text fields included.
        return quit(state);
    }
    // Whatever was said last is gone with the next key, and so is a
    // half-made submission.
    state.message = None;
    let submitting = std::mem::take(&mut state.confirm_submit);
    let quitting = std::mem::take(&mut state.confirm_quit);
    if let Some(scroll) = state.help {
        // j/k (and arrows, Space) scroll a long help; any other key closes it.
        state.help = match key.code {
            KeyCode::Char('j') | KeyCode::Down | KeyCode::Char(' ') => Some(scroll + 1),
            KeyCode::Char('k') | KeyCode::Up => Some(scroll.saturating_sub(1)),
            _ => None,
        };
        return Vec::new();
    }
    if let Some(effects) = note_editor_input(state, &key) {
        return effects;
    }
    if let Some((_, scroll)) = state.stats.as_mut() {
        match key.code {
            KeyCode::Char('j') | KeyCode::Down | KeyCode::Char(' ') => *scroll += 1,
            KeyCode::Char('k') | KeyCode::Up => *scroll = scroll.saturating_sub(1),
            _ => state.stats = None,
        }
        return Vec::new();
    }
    if let Some(effects) = save_as_input(state, &key) {
        return effects;
    }
    if let Some(effects) = text_input(state, &key) {
        return effects;
    }
    if let Some(effects) = annotation_list_input(state, &key) {
        return effects;
    }
    match state.keymap.action(state.context(), &key) {
        Some(action) => {
            state.confirm_submit = submitting && action == Action::Submit;
            state.confirm_quit = quitting && matches!(action, Action::Quit | Action::Back);
            perform(state, action)
        }
        None => Vec::new(),
    }
}

/// The note editor takes every key but Esc, and saves the note as it is typed.
fn note_editor_input(state: &mut State, key: &KeyEvent) -> Option<Vec<Effect>> {
    let reader = state
        .reader
        .as_mut()
        .filter(|_| state.screen == Screen::Reader)?;
    let editor = reader.editor.as_mut()?;
    if key.code == KeyCode::Esc {
        reader.editor = None;
        reader.focus = Focus::Text;
        return Some(Vec::new());
    }
    if !editor.textarea.input(*key) {
        return Some(Vec::new());
    }
    let note = editor.textarea.lines().join("\n");
    let id = editor.id.clone();
    match reader.store_mut().set_note(&id, &note) {
        Ok(()) => Some(vec![Effect::SaveAnnotations]),
        Err(e) => {
            state.complain(e.to_string());
            Some(Vec::new())
        }
    }
}

/// The list of all annotations (`A`) takes its own keys while open: move,
/// jump, filter by label key, close.
fn annotation_list_input(state: &mut State, key: &KeyEvent) -> Option<Vec<Effect>> {
    let labels: Vec<(String, String)> = state
        .labels_with_keys()
        .map(|(key, l)| (key.to_string(), l.name.clone()))
        .collect();
    let reader = state
        .reader
        .as_mut()
        .filter(|_| state.screen == Screen::Reader)?;
    let list = reader.list.as_ref()?.clone();
    let count = reader.listed_annotations().len();
    let mut next = list.clone();
    match key.code {
        KeyCode::Esc | KeyCode::Char('q') | KeyCode::Char('A') => {
            reader.list = None;
            return Some(Vec::new());
        }
        KeyCode::Char('j') | KeyCode::Down => {
            next.selected = (list.selected + 1).min(count.saturating_sub(1))
        }
        KeyCode::Char('k') | KeyCode::Up => next.selected = list.selected.saturating_sub(1),
        KeyCode::Char('0') => next = AnnotationList::default(),
        KeyCode::Enter => {
            let target = reader
                .listed_annotations()
                .get(list.selected)
                .map(|a| a.id.clone());
            let place = target.and_then(|id| reader.store().get(&id).and_then(|(_, r)| r.range()));
            match place {
                Some(range) => {
                    reader.list = None;
                    reader.put_cursor_at(range.start);
                }
                None => state.complain(
                    "that annotation is orphaned: its passage is no longer in the article",
                ),
            }
            return Some(Vec::new());
        }
        KeyCode::Char(c) => {
            if let Some((_, name)) = labels.iter().find(|(k, _)| k.chars().eq([c])) {
                next = AnnotationList {
                    label: Some(name.clone()),
                    selected: 0,
                };
            }
        }
        _ => {}
    }
    reader.list = Some(next);
    Some(Vec::new())
}

/// The path typed after `S`: Enter saves there, Esc gives up.
fn save_as_input(state: &mut State, key: &KeyEvent) -> Option<Vec<Effect>> {
    let path = state.save_as.as_mut()?;
    match key.code {
        KeyCode::Esc => state.save_as = None,
        KeyCode::Enter => {
            let path = PathBuf::from(path.trim());
            state.save_as = None;
            if !path.as_os_str().is_empty() {
                return Some(vec![Effect::SaveAnnotationsAs(path)]);
            }
        }
        KeyCode::Backspace => {
            path.pop();
        }
        KeyCode::Char(c) if !key.modifiers.contains(KeyModifiers::CONTROL) => path.push(c),
        _ => {}
    }
    Some(Vec::new())
}

/// Keys typed into a text field (search, library filter) go there first.
fn text_input(state: &mut State, key: &KeyEvent) -> Option<Vec<Effect>> {
    match state.screen {
        Screen::Library if state.library.filtering => {
            let lib = &mut state.library;
            match key.code {
                KeyCode::Esc => {
                    lib.filter.clear();
                    lib.filtering = false;
                }
                KeyCode::Enter => lib.filtering = false,
                KeyCode::Backspace => {
                    lib.filter.pop();
                }
                KeyCode::Char(c) if !key.modifiers.contains(KeyModifiers::CONTROL) => {
                    lib.filter.push(c)
                }
                KeyCode::Down | KeyCode::Up => return None,
                _ => {}
            }
            lib.selected = 0;
            Some(Vec::new())
        }
        Screen::Reader => {
            let reader = state.reader.as_mut()?;
            let mut query = reader.search.input.clone()?;
            match key.code {
                KeyCode::Esc => reader.cancel_search(),
                KeyCode::Enter => {
                    reader.accept_search();
                    let count = reader.search.matches.len();
                    if count == 0 && !reader.search.query.is_empty() {
                        state.message = Some(not_found(&reader.search.query));
                    }
                }
                KeyCode::Backspace => {
                    query.pop();
                    reader.update_search(query);
                }
                KeyCode::Char(c) if !key.modifiers.contains(KeyModifiers::CONTROL) => {
                    query.push(c);
                    reader.update_search(query);
                }
                _ => {}
            }
            Some(Vec::new())
        }
        Screen::Library => None,
    }
}

/// True when closing the article now would drop annotations that could not
/// be saved: the first time, it warns (a second try goes ahead).
fn would_lose_annotations(state: &mut State) -> bool {
    let unsaved = state
        .reader
        .as_ref()
        .is_some_and(|r| r.store().has_unsaved_changes());
    if unsaved && !std::mem::take(&mut state.confirm_quit) {
        state.confirm_quit = true;
        state.complain(
            "annotations not saved: S saves them to another file; press again to drop them",
        );
        return true;
    }
    false
}

fn not_found(query: &str) -> Message {
    Message::error(format!("not found: {query}"))
}

fn quit(state: &mut State) -> Vec<Effect> {
    if would_lose_annotations(state) {
        return Vec::new();
    }
    state.remember_position();
    vec![Effect::SaveMemory, Effect::Quit]
}

/// Carries out one action where it applies.
pub fn perform(state: &mut State, action: Action) -> Vec<Effect> {
    match action {
        Action::Quit => return quit(state),
        Action::Help => state.help = Some(0),
        Action::NextTheme => {
            state.theme = (state.theme + 1) % state.themes.len();
            let name = state.theme().name.clone();
            state.memory.theme = Some(name.clone());
            state.say(format!("theme: {name}"));
            return vec![Effect::SaveMemory];
        }
        _ => {
            return match state.screen {
                Screen::Library => library_action(state, action),
                Screen::Reader => reader_action(state, action),
            };
        }
    }
    Vec::new()
}

fn library_action(state: &mut State, action: Action) -> Vec<Effect> {
    let lib = &mut state.library;
    let count = lib.visible().len();
    match action {
        Action::ScrollDown => lib.selected = (lib.selected + 1).min(count.saturating_sub(1)),
        Action::ScrollUp => lib.selected = lib.selected.saturating_sub(1),
        Action::Filter => lib.filtering = true,
        Action::Cancel => {
            lib.filter.clear();
            lib.selected = 0;
        }
        Action::Open => {
            if let Some(entry) = lib.visible().get(lib.selected) {
                if let Some(problem) = &entry.problem {
                    let problem = problem.clone();
                    state.complain(problem);
                } else {
                    return vec![Effect::Load(entry.path.clone())];
                }
            }
        }
        Action::Back => return quit(state),
        _ => {}
    }
    Vec::new()
}

fn reader_action(state: &mut State, action: Action) -> Vec<Effect> {
    let Some(reader) = state.reader.as_mut() else {
        return Vec::new();
    };
    let in_outline = reader.focus == Focus::Outline && reader.outline.is_some();
    if reader.selection.is_some() {
        // While selecting, moves grow the selection instead of moving the cursor.
        let grow: Option<fn(&mut Reader)> = match action {
            Action::NextSentence => Some(|r| r.extend_by_sentence(true)),
            Action::PrevSentence => Some(|r| r.extend_by_sentence(false)),
            Action::NextParagraph => Some(|r| r.extend_by_paragraph(true)),
            Action::PrevParagraph => Some(|r| r.extend_by_paragraph(false)),
            Action::ExtendWordForward => Some(|r| r.extend_by_word(true)),
            Action::ExtendWordBack => Some(|r| r.extend_by_word(false)),
            _ => None,
        };
        if let Some(grow) = grow {
            grow(reader);
            return Vec::new();
        }
    }
    match action {
        Action::ScrollDown | Action::ScrollUp | Action::Open if in_outline => {
            outline_action(reader, action);
        }
        Action::ScrollDown => reader.scroll_down(1),
        Action::ScrollUp => reader.scroll_up(1),
        Action::PageDown => reader.page_down(),
        Action::PageUp => reader.page_up(),
        Action::Top => reader.go_top(),
        Action::Bottom => reader.go_bottom(),
        Action::NextSentence => reader.move_sentence(true),
        Action::PrevSentence => reader.move_sentence(false),
        Action::NextParagraph => reader.move_paragraph(true),
        Action::PrevParagraph => reader.move_paragraph(false),
        Action::NextSection => reader.move_section(true),
        Action::PrevSection => reader.move_section(false),
        Action::Search => reader.begin_search(),
        Action::NextMatch | Action::PrevMatch => {
            match reader.step_match(action == Action::NextMatch) {
                None if reader.search.query.is_empty() => {
                    state.message = Some(Message::info("no search yet: press / to search"));
                }
                None => state.message = Some(not_found(&reader.search.query)),
                Some(true) => state.message = Some(Message::info("search wrapped around")),
                Some(false) => {}
            }
        }
        Action::ToggleOutline => {
            if reader.outline.is_some() {
                reader.outline = None;
                reader.focus = Focus::Text;
            } else {
                reader.outline = Some(reader.current_section().unwrap_or(0));
                reader.focus = Focus::Outline;
            }
            state.refit_reader();
        }
        Action::ToggleNotes => {
            reader.side_open = !reader.side_open;
            if !reader.side_open && reader.focus == Focus::Side {
                reader.focus = Focus::Text;
            }
            state.refit_reader();
        }
        Action::FocusNext => {
            reader.focus = match reader.focus {
                Focus::Text if reader.outline.is_some() => Focus::Outline,
                Focus::Text | Focus::Outline if reader.side_open => Focus::Side,
                _ => Focus::Text,
            };
        }
        Action::Cancel => {
            if reader.selection.is_some() || reader.note_waits_for_label {
                reader.selection = None;
                reader.note_waits_for_label = false;
            } else if reader.search.query.is_empty() {
                reader.focus = Focus::Text;
            } else {
                reader.cancel_search();
            }
        }
        Action::Select => {
            reader.select_sentence();
            state.say("selecting: ( ) w b { } grow it, a label key tags it, Esc cancels");
        }
        Action::SelectParagraph => reader.select_paragraph(),
        Action::Tag(_) | Action::EditNote | Action::Delete | Action::Undo | Action::Redo
            if reader.store().submitted().is_some() =>
        {
            state.say("this file was submitted and is kept as handed in");
        }
        Action::Submit => return submit(state),
        Action::Tag(index) => return tag(state, index),
        Action::EditNote => match reader.annotation_under_cursor() {
            Some(id) => {
                reader.open_editor(id);
                state.refit_reader();
            }
            None => {
                reader.note_waits_for_label = true;
                let choices: Vec<String> = state
                    .labels_with_keys()
                    .map(|(key, l)| format!("{key} {}{}", l.glyph, l.name))
                    .collect();
                state.say(format!(
                    "label for the note: {}  (Esc cancels)",
                    choices.join("  ")
                ));
            }
        },
        Action::Delete => match reader.annotation_under_cursor() {
            Some(id) => match reader.store_mut().delete(&id) {
                Ok(removed) => {
                    state.say(format!("deleted the {} (u undoes)", removed.label));
                    return vec![Effect::SaveAnnotations];
                }
                Err(e) => state.complain(e.to_string()),
            },
            None => state.say("nothing tagged here"),
        },
        Action::Undo | Action::Redo => {
            let change = if action == Action::Undo {
                reader.store_mut().undo()
            } else {
                reader.store_mut().redo()
            };
            match change {
                Some(change) => {
                    if let Some(range) = reader.store().get(&change.id).and_then(|(_, r)| r.range())
                    {
                        reader.put_cursor_at(range.start);
                    }
                    let verb = if action == Action::Undo {
                        "undid"
                    } else {
                        "redid"
                    };
                    state.say(format!("{verb}: {}", describe(change.kind)));
                    return vec![Effect::SaveAnnotations];
                }
                None => state.say(if action == Action::Undo {
                    "nothing to undo"
                } else {
                    "nothing to redo"
                }),
            }
        }
        Action::ListAnnotations => reader.list = Some(AnnotationList::default()),
        Action::Export => return vec![Effect::Export],
        Action::ToggleHints => match reader.hints.take() {
            Some(_shown) => state.message = Some(Message::info("hints hidden")),
            None => {
                state.message = Some(Message::info(
                    "hints: cues, not answers; their trigger words are underlined (h hides them)",
                ));
                reader.hints = Some(ScreenHints::default());
            }
        },
        Action::Stats => {
            let stats = crate::export::stats::compute(
                &reader.article,
                reader.store(),
                &state.config.labels,
            );
            let text = crate::export::stats::render_text(
                &stats,
                &reader.article.meta.title,
                &state.config.labels,
            );
            state.stats = Some((text, 0));
        }
        Action::SaveAs => {
            // Offer the current file's name in the folder we were started
            // from, the likeliest writable place.
            let name = reader
                .store()
                .path()
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_else(|| "annotations.marginalia.json".into());
            state.save_as = Some(name);
        }
        Action::Back => {
            if would_lose_annotations(state) {
                return Vec::new();
            }
            state.remember_position();
            state.reader = None;
            state.screen = Screen::Library;
            let dir = state.library.dir.clone();
            return vec![Effect::SaveMemory, Effect::ScanLibrary(dir)];
        }
        _ => {}
    }
    Vec::new()
}

/// Hands in an exercise: the first press asks, the second freezes the
/// file and reveals the key.
fn submit(state: &mut State) -> Vec<Effect> {
    let Some(reader) = state.reader.as_mut() else {
        return Vec::new();
    };
    if reader.store().submitted().is_some() {
        state.say("already submitted");
        return Vec::new();
    }
    if !std::mem::take(&mut state.confirm_submit) {
        state.confirm_submit = true;
        state.say(
            "submit? your annotations will be frozen and the key revealed: press Ctrl-S again",
        );
        return Vec::new();
    }
    vec![Effect::Submit]
}

fn describe(kind: EditKind) -> &'static str {
    match kind {
        EditKind::Tag => "tag",
        EditKind::Retag => "label change",
        EditKind::Note => "note edit",
        EditKind::Delete => "delete",
    }
}

/// Tags the selection (or the cursor's sentence) with a label; retags when
/// the passage already has exactly that range.
fn tag(state: &mut State, index: usize) -> Vec<Effect> {
    let Some(label) = state.config.labels.get(index).map(|l| l.name.clone()) else {
        return Vec::new();
    };
    let annotator = state.config.annotator_name();
    let Some(reader) = state.reader.as_mut() else {
        return Vec::new();
    };
    let target = reader.target();
    if target.is_empty() {
        state.say("nothing to tag here");
        return Vec::new();
    }
    // The file says which article it belongs to (relative to its own
    // folder) and whose it is, from its first annotation on.
    let path = crate::annotate::recorded_article_path(&reader.path, reader.store().path());
    let title = reader.article.meta.title.clone();
    reader.store_mut().set_article(&title, &path);
    if reader.store().annotator().is_empty() {
        reader.store_mut().set_annotator(&annotator);
    }
    match reader.store_mut().add(&label, target, &annotator) {
        Ok(id) => {
            reader.selection = None;
            if std::mem::take(&mut reader.note_waits_for_label) {
                reader.open_editor(id);
                state.refit_reader();
            } else {
                state.say(format!("tagged as {label}"));
            }
            vec![Effect::SaveAnnotations]
        }
        Err(e) => {
            state.complain(e.to_string());
            Vec::new()
        }
    }
}

fn outline_action(reader: &mut Reader, action: Action) {
    let count = reader.article.sections.len();
    let Some(selected) = reader.outline.as_mut() else {
        return;
    };
    match action {
        Action::ScrollDown => *selected = (*selected + 1).min(count.saturating_sub(1)),
        Action::ScrollUp => *selected = selected.saturating_sub(1),
        Action::Open => {
            let index = *selected;
            reader.jump_to_section(index);
        }
        _ => {}
    }
}

fn on_mouse(state: &mut State, mouse: MouseEvent) {
    if state.screen != Screen::Reader {
        return;
    }
    let Some(geometry) = state.geometry() else {
        return;
    };
    let Some(reader) = state.reader.as_mut() else {
        return;
    };
    let at = |rect: Rect| rect.contains((mouse.column, mouse.row).into());
    match mouse.kind {
        MouseEventKind::ScrollDown => reader.scroll_down(3),
        MouseEventKind::ScrollUp => reader.scroll_up(3),
        MouseEventKind::Down(MouseButton::Left) if at(geometry.text) => {
            if let Some(offset) = offset_at_cell(reader, geometry.text, mouse.column, mouse.row) {
                reader.put_cursor_at(offset);
                reader.focus = Focus::Text;
                reader.selection = None;
                reader.pressed_at = Some(offset);
            }
        }
        // Dragging selects whole words from where the button went down.
        MouseEventKind::Drag(MouseButton::Left) if !geometry.text.is_empty() => {
            let text = geometry.text;
            let row = mouse
                .row
                .clamp(text.y, (text.y + text.height).saturating_sub(1));
            let column = mouse
                .column
                .clamp(text.x, (text.x + text.width).saturating_sub(1));
            if let (Some(from), Some(to)) =
                (reader.pressed_at, offset_at_cell(reader, text, column, row))
            {
                reader.select_words(from, to);
            }
        }
        MouseEventKind::Up(MouseButton::Left) => reader.pressed_at = None,
        MouseEventKind::Down(MouseButton::Left) if geometry.outline.is_some_and(at) => {
            let outline = geometry.outline.unwrap_or_default();
            let index = (mouse.row - outline.y).saturating_sub(1) as usize;
            if index < reader.article.sections.len() {
                reader.outline = Some(index);
                reader.focus = Focus::Outline;
                reader.jump_to_section(index);
            }
        }
        _ => {}
    }
}

/// The byte offset of the text shown at a screen cell of the text pane.
fn offset_at_cell(reader: &Reader, text: Rect, column: u16, row: u16) -> Option<usize> {
    let pos = reader
        .layout
        .down(&reader.article, reader.top, (row - text.y) as usize);
    let rows = reader.layout.rows(&reader.article, pos.block);
    let line = rows.line(&reader.article.text, pos.row)?;
    let want = (column - text.x).saturating_sub(rows.indent) as usize;
    let shown = &reader.article.text[line.clone()];
    let mut width = 0;
    for (i, c) in shown.char_indices() {
        width += display_width(c.encode_utf8(&mut [0; 4]));
        if width > want {
            return Some(line.start + i);
        }
    }
    Some(line.end.saturating_sub(1).max(line.start))
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::article::{Format, parse_source};

    pub fn state() -> State {
        State::with_defaults()
    }

    pub fn key(c: char) -> Msg {
        Msg::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE))
    }

    pub fn code(code: KeyCode) -> Msg {
        Msg::Key(KeyEvent::new(code, KeyModifiers::NONE))
    }

    pub fn with_article(text: &str) -> State {
        opened(Format::PlainText, text, 80, 24)
    }

    /// A state with an article open in a window of `width` x `height`.
    pub fn opened(format: Format, text: &str, width: u16, height: u16) -> State {
        let mut s = state();
        update(&mut s, Msg::Resize(width, height));
        let article = parse_source("t", format, text);
        // Nothing is written here (the runner performs saves), so the files
        // need not exist: a missing annotation file is an empty store.
        let dir = PathBuf::from("/nonexistent/marginalia-test");
        let store = Store::open(dir.join("t.json"), &article.text).unwrap();
        let opened = Opened {
            path: dir.join("t.txt"),
            article,
            store,
            warning: None,
            key: None,
        };
        update(&mut s, Msg::Loaded(Box::new(opened)));
        s
    }

    #[test]
    fn quitting_saves_memory_first() {
        let mut s = state();
        let effects = update(
            &mut s,
            Msg::Key(KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL)),
        );
        assert_eq!(effects, [Effect::SaveMemory, Effect::Quit]);
        assert_eq!(update(&mut s, key('q')), [Effect::SaveMemory, Effect::Quit]);
    }

    #[test]
    fn opening_from_the_library_asks_the_runner() {
        let mut s = state();
        let entry = Entry {
            path: PathBuf::from("a.md"),
            title: "A".into(),
            author: None,
            date: None,
            words: 3,
            annotations: 0,
            problem: None,
        };
        update(&mut s, Msg::Scanned(PathBuf::from("."), vec![entry]));
        assert_eq!(
            update(&mut s, code(KeyCode::Enter)),
            [Effect::Load(PathBuf::from("a.md"))]
        );
    }

    #[test]
    fn library_filter_narrows_the_list() {
        let mut s = state();
        let entry = |name: &str| Entry {
            path: PathBuf::from(format!("{name}.md")),
            title: name.into(),
            author: None,
            date: None,
            words: 1,
            annotations: 0,
            problem: None,
        };
        update(
            &mut s,
            Msg::Scanned(PathBuf::from("."), vec![entry("bikes"), entry("phones")]),
        );
        update(&mut s, key('/'));
        for c in "PHO".chars() {
            update(&mut s, key(c));
        }
        assert_eq!(s.library.visible().len(), 1);
        update(&mut s, code(KeyCode::Esc));
        assert_eq!(s.library.visible().len(), 2);
    }

    #[test]
    fn reader_keys_move_and_q_returns_to_the_library() {
        let text = (0..100)
            .map(|i| format!("Line {i} of the text."))
            .collect::<Vec<_>>()
            .join("\n\n");
        let mut s = with_article(&text);
        assert_eq!(s.screen, Screen::Reader);
        update(&mut s, key('G'));
        assert_eq!(s.reader.as_ref().unwrap().percent(), 100);
        update(&mut s, key('g'));
        assert_eq!(s.reader.as_ref().unwrap().cursor, 0);
        let effects = update(&mut s, key('q'));
        assert_eq!(s.screen, Screen::Library);
        assert!(effects.contains(&Effect::SaveMemory));
        assert_eq!(s.memory.positions.len(), 1);
    }

    #[test]
    fn typing_a_search_jumps_and_escape_returns() {
        let text = (0..100)
            .map(|i| format!("Line {i} of the text."))
            .collect::<Vec<_>>()
            .join("\n\n");
        let mut s = with_article(&text);
        update(&mut s, key('/'));
        for c in "line 77".chars() {
            update(&mut s, key(c));
        }
        let reader = s.reader.as_ref().unwrap();
        assert_eq!(reader.search.matches.len(), 1);
        assert!(
            reader
                .article
                .slice(&reader.cursor_span())
                .starts_with("Line 77")
        );
        update(&mut s, code(KeyCode::Esc));
        assert_eq!(s.reader.as_ref().unwrap().cursor, 0);
    }

    #[test]
    fn help_scrolls_with_j_and_k_and_closes_on_other_keys() {
        let mut s = with_article("Some text.");
        update(&mut s, key('?'));
        update(&mut s, key('j'));
        update(&mut s, key('j'));
        update(&mut s, key('k'));
        assert_eq!(s.help, Some(1));
        update(&mut s, key('x'));
        assert_eq!(s.help, None);
        assert!(s.reader.as_ref().unwrap().store().annotations().is_empty());
    }

    #[test]
    fn save_as_asks_for_a_path() {
        let mut s = with_article("Some text.");
        update(&mut s, key('S'));
        assert_eq!(s.save_as.as_deref(), Some("t.json"));
        for _ in 0..4 {
            update(&mut s, code(KeyCode::Backspace));
        }
        for c in "rescue.json".chars() {
            update(&mut s, key(c));
        }
        let effects = update(&mut s, code(KeyCode::Enter));
        assert_eq!(
            effects,
            [Effect::SaveAnnotationsAs(PathBuf::from("t.rescue.json"))]
        );
        assert_eq!(s.save_as, None);
    }

    #[test]
    fn statistics_open_scroll_and_close() {
        let mut s = with_article("A claim. An opinion.\n\nMore text here.");
        update(&mut s, key('1'));
        update(&mut s, key('i'));
        let (text, _) = s.stats.clone().unwrap();
        assert!(text.contains("1 annotation"), "{text}");
        update(&mut s, key('j'));
        assert_eq!(s.stats.as_ref().unwrap().1, 1);
        update(&mut s, key('q'));
        assert!(s.stats.is_none());
        assert_eq!(
            s.screen,
            Screen::Reader,
            "the key that closes does nothing else"
        );
    }

    #[test]
    fn hints_toggle_and_never_tag() {
        let mut s = with_article("According to the council, it cost $2 million. It might double.");
        update(&mut s, key('h'));
        let reader = s.reader.as_ref().unwrap();
        let shown = reader.hints.as_ref().unwrap().for_text(
            &reader.article,
            &s.hint_rules,
            reader.on_screen(),
        );
        let labels: Vec<_> = shown.iter().map(|h| h.label.as_str()).collect();
        assert!(
            labels.contains(&"claim") && labels.contains(&"speculation"),
            "{labels:?}"
        );
        assert!(reader.store().annotations().is_empty());
        update(&mut s, key('h'));
        assert!(s.reader.as_ref().unwrap().hints.is_none());
    }

    #[test]
    fn unsaved_annotations_hold_back_the_first_quit() {
        let mut s = with_article("One sentence. Two sentences.");
        update(&mut s, key('1'));
        // The runner's save has not happened: the change is unsaved.
        assert!(s.reader.as_ref().unwrap().store().has_unsaved_changes());
        assert!(update(&mut s, key('q')).is_empty());
        assert_eq!(s.screen, Screen::Reader);
        assert!(s.message.as_ref().unwrap().error);
        let effects = update(&mut s, key('q'));
        assert_eq!(s.screen, Screen::Library);
        assert!(effects.contains(&Effect::SaveMemory));
    }

    #[test]
    fn termination_saves_what_it_can() {
        let mut s = with_article("One sentence. Two sentences.");
        update(&mut s, key('1'));
        let effects = update(&mut s, Msg::Terminate);
        assert_eq!(
            effects,
            [Effect::SaveAnnotations, Effect::SaveMemory, Effect::Quit]
        );
        assert_eq!(s.memory.positions.len(), 1);
    }

    #[test]
    fn dragging_the_mouse_selects_whole_words() {
        use ratatui::crossterm::event::{MouseEvent, MouseEventKind};
        let mut s = with_article("Alpha beta gamma delta. Epsilon zeta.");
        let text = s.geometry().unwrap().text;
        let mouse = |kind, column| {
            Msg::Mouse(MouseEvent {
                kind,
                column: text.x + column,
                row: text.y,
                modifiers: KeyModifiers::NONE,
            })
        };
        update(&mut s, mouse(MouseEventKind::Down(MouseButton::Left), 8));
        update(&mut s, mouse(MouseEventKind::Drag(MouseButton::Left), 13));
        update(&mut s, mouse(MouseEventKind::Up(MouseButton::Left), 13));
        let reader = s.reader.as_ref().unwrap();
        assert_eq!(reader.article.slice(&reader.target()), "beta gamma");
        update(&mut s, key('2'));
        let store = s.reader.as_ref().unwrap().store();
        assert_eq!(store.annotations()[0].anchor.quote, "beta gamma");
    }

    #[test]
    fn the_theme_cycles_and_is_remembered() {
        let mut s = state();
        assert_eq!(update(&mut s, key('t')), [Effect::SaveMemory]);
        assert_eq!(s.memory.theme.as_deref(), Some("light"));
    }

    #[test]
    fn tiny_windows_never_panic() {
        let text = "Title\n\nSome words here. And more.";
        let mut s = with_article(text);
        for (w, h) in [(1, 1), (20, 5), (0, 0), (3, 2)] {
            update(&mut s, Msg::Resize(w, h));
            for c in ['j', 'G', ')', '(', ']', 'o', 'k', 'g'] {
                update(&mut s, key(c));
            }
        }
    }
}
