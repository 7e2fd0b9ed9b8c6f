//! The whole program's state and `update`: messages in, state changed,
//! effects out as data. No I/O happens here, so every behaviour is tested by
//! feeding messages and looking at the state.
//!
//! Keys go first to the open overlay, if any (`super::overlay`), then through
//! the keymap to an action (`keys`), which `actions` carries out.

mod actions;
mod annotating;
mod keys;
mod loading;
mod mouse;
#[cfg(test)]
mod navigation_tests;
mod saving;
#[cfg(test)]
pub(crate) mod tests;

use std::path::PathBuf;

use ratatui::crossterm::event::{KeyEvent, MouseEvent};
use ratatui::layout::Rect;

use crate::annotate::{SaveOutcome, Store};
use crate::article::Article;
use crate::classroom::Rules;
use crate::config::{Config, LabelDef};
use crate::library::{self, Counts, Entry, SortOrder};

use super::config::{Settings, Theme};
use super::geometry::{Panes, ReaderGeometry, SIDE_AUTO_MIN_WIDTH, reader_geometry};
use super::keymap::{Context, Keymap};
use super::memory::Memory;
use super::overlay::{NoteEditor, Overlay};
use super::reader::Reader;
use super::terminal_colors::TerminalColors;
pub use actions::perform;
pub use saving::save_job;

/// What happens to the program: keys and mouse from the terminal, and the
/// results of effects the runner performed.
#[derive(Debug)]
pub enum Msg {
    /// What the runner found before the first screen.
    Started(Box<Startup>),
    /// What the terminal said of its colours, asked once before drawing.
    TerminalColors(TerminalColors),
    Key(KeyEvent),
    Mouse(MouseEvent),
    Resize(u16, u16),
    /// An article the runner loaded after [`Effect::Load`].
    Loaded(Box<Opened>),
    /// The first part of a long article, shown while the whole is opened
    /// (which then comes as [`Msg::Whole`] with the same ticket).
    FirstPart(Box<FirstPart>),
    /// The whole of an article shown from its first part, and its ticket.
    Whole(u64, Box<Opened>),
    /// Saving annotations failed; the changes are still in memory.
    SaveFailed(String),
    /// Something the runner did that the reader should hear about.
    Said(String),
    /// The annotations were handed in.
    Submitted,
    /// SIGTERM, SIGHUP or a terminal gone: save what can be saved and leave.
    Terminate,
    /// No key for a moment: a note being typed is saved now.
    Pause,
    /// A save carried out on the runner's writer thread came to this.
    Saved(Box<SaveOutcome>),
    /// A load failed; the text says why.
    Failed(String),
    /// The library's folder, scanned after [`Effect::ScanLibrary`].
    Scanned(PathBuf, Vec<Entry>),
    /// One of its articles counted (folder, article, counts), afterwards.
    Counted(PathBuf, PathBuf, Counts),
}

/// What the runner's setup found, for the state to take in through
/// [`update`] like everything else.
#[derive(Debug)]
pub struct Startup {
    /// `NO_COLOR` was set.
    pub no_color: bool,
    /// The hint rules in use, or why a teacher's own could not be read.
    pub hint_rules: Result<Rules, String>,
    /// A problem that need not stop the reader (a theme skipped), said on
    /// the first screen.
    pub problem: Option<String>,
    /// The folder the library lists.
    pub library_dir: PathBuf,
    /// The reader was started on one article (so `q` there quits).
    pub started_on_file: bool,
}

/// The first part of a long article (see [`crate::article::first_part`]).
#[derive(Debug)]
pub struct FirstPart {
    pub path: PathBuf,
    pub article: Article,
    /// Where its annotations are, opened with the whole.
    pub annotations: PathBuf,
    /// Names the load of the whole, so a late one for an article since
    /// closed is told apart.
    pub ticket: u64,
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
    pub answer_key: Option<(Store, bool)>,
}

impl Opened {
    /// An article and its annotations, with nothing to warn of and no key.
    pub fn new(path: PathBuf, article: Article, store: Store) -> Opened {
        Opened {
            path,
            article,
            store,
            warning: None,
            answer_key: None,
        }
    }
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
    /// The filter in force (typed in [`Overlay::Filter`]).
    pub filter: String,
    /// The order `entries` are kept in.
    pub order: SortOrder,
    /// The article just closed, selected once the folder is listed again.
    pub return_to: Option<PathBuf>,
}

impl LibraryView {
    pub fn visible(&self) -> Vec<&Entry> {
        self.entries
            .iter()
            .filter(|e| library::matches_filter(e, &self.filter))
            .collect()
    }

    /// Puts the entries in `order`, keeping the selected article selected.
    pub fn sort(&mut self, order: SortOrder) {
        let selected = self.selected_path();
        self.order = order;
        library::sort(&mut self.entries, order);
        self.select_path(selected);
    }

    pub fn selected_path(&self) -> Option<PathBuf> {
        self.visible().get(self.selected).map(|e| e.path.clone())
    }

    /// Selects the article at `path` if it is listed, else the first.
    pub fn select_path(&mut self, path: Option<PathBuf>) {
        self.selected = path
            .and_then(|p| self.visible().iter().position(|e| e.path == p))
            .unwrap_or(0);
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

/// A step that asked to be confirmed by doing it again (the next key
/// clears it unless it is the same step).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Confirm {
    /// Ctrl-S was pressed once: the next press submits.
    Submit,
    /// A quit was refused for unsaved annotations: the next one goes ahead.
    Quit,
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
    /// What is over the screen and takes keys first.
    pub overlay: Option<Overlay>,
    /// A step that asked to be confirmed by doing it again.
    pub confirm: Option<Confirm>,
    /// A save was asked of the runner and not yet begun (the runner
    /// begins it once the one under way is done): its changes are not at
    /// risk, so closing the article does not warn of them.
    pub save_asked: bool,
    /// The annotations of an article closed while a save of them was asked
    /// for or under way, kept until it is written.
    pub closing: Option<Store>,
    pub message: Option<Message>,
    pub size: (u16, u16),
    pub memory: Memory,
    /// `NO_COLOR` was set: draw with modifiers only.
    pub no_color: bool,
    /// The terminal's own colours, as far as it said (see
    /// [`State::fit_themes_to`]).
    pub terminal_colors: TerminalColors,
    /// No run before this one hinted at the themes: the status line does.
    pub first_run: bool,
    /// The rules hints are found by.
    pub hint_rules: Rules,
    /// `q` in the reader quits, as in less: true while the reader shows
    /// the article it was started on (the library is `L` away).
    pub back_quits: bool,
    /// Keys pressed on an article's first part that need the whole (the
    /// end, search, tagging), in order, carried out once it is there.
    pub held_keys: Vec<KeyEvent>,
    /// The notes panel shows the quote a re-anchored passage was made on.
    pub show_old_quotes: bool,
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
        let library = LibraryView {
            order: memory
                .library_order
                .as_deref()
                .and_then(SortOrder::from_name)
                .unwrap_or_default(),
            ..LibraryView::default()
        };
        State {
            config,
            settings,
            keymap,
            themes,
            theme,
            screen: Screen::Library,
            library,
            reader: None,
            overlay: None,
            confirm: None,
            save_asked: false,
            closing: None,
            message: None,
            size: (80, 24),
            memory,
            no_color: false,
            terminal_colors: TerminalColors::default(),
            first_run: false,
            hint_rules: Rules::default(),
            back_quits: false,
            held_keys: Vec::new(),
            show_old_quotes: false,
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

    /// Shades each theme's terminal-left highlights from the terminal's own
    /// colours, and remembers what kind of terminal it is.
    fn fit_themes_to(&mut self, colors: TerminalColors) {
        for theme in &mut self.themes {
            *theme = theme.fitted(&colors);
        }
        self.terminal_colors = colors;
    }

    /// The words that point to the themes, for the status line: on a first
    /// run (until `t` is pressed) they say that some are for light
    /// terminals; after it, the library's bare "t theme" and nothing in
    /// the reader.
    pub fn theme_hint(&self, screen: Screen) -> &'static str {
        match (self.first_run, screen) {
            (true, _) => "t themes, light ones too  ",
            (false, Screen::Library) => "t theme  ",
            (false, Screen::Reader) => "",
        }
    }

    /// What the status line says of the theme now in use: its name, and
    /// the kind of terminal it is made for, with a warning where this
    /// terminal is known to be the other kind.
    pub fn theme_word(&self) -> String {
        let theme = self.theme();
        let Some(made_for) = theme.for_terminals.kind() else {
            return format!("theme: {} (for dark and light terminals)", theme.name);
        };
        match self.terminal_colors.kind {
            Some(kind) if kind != made_for => format!(
                "theme: {} (made for {} terminals, and this one is {}: t for the next)",
                theme.name,
                made_for.name(),
                kind.name()
            ),
            _ => format!("theme: {} (for {} terminals)", theme.name, made_for.name()),
        }
    }

    pub fn area(&self) -> Rect {
        Rect::new(0, 0, self.size.0, self.size.1)
    }

    /// Where the reader's panes are for the current window and panels.
    pub fn geometry(&self) -> Option<ReaderGeometry> {
        let reader = self.reader.as_ref()?;
        let panes = Panes {
            outline: reader.outline().is_some(),
            side: reader.side_open(),
            focus: reader.focus(),
        };
        let geometry = reader_geometry(self.area(), panes, self.settings.reading_width);
        let rows = header(reader.article(), reader.path(), geometry.text.width).len();
        Some(geometry.with_header(rows as u16))
    }

    pub(crate) fn say(&mut self, text: impl Into<String>) {
        self.message = Some(Message::info(text));
    }

    pub(crate) fn complain(&mut self, text: impl Into<String>) {
        self.message = Some(Message::error(text));
    }

    /// Re-fits the reader to the window after anything that moves its panes.
    fn refit_reader(&mut self) {
        let Some(geometry) = self.geometry() else {
            return;
        };
        if let Some(reader) = self.reader.as_mut() {
            reader.resize(
                geometry.text.width,
                geometry.wide.width,
                geometry.text.height as usize,
            );
        }
    }

    /// Remembers where the open article is being read.
    fn remember_position(&mut self) {
        if let Some(reader) = &self.reader {
            let key = Memory::key(reader.path());
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

    /// Where keys are pressed, for the keymap (overlays have their own).
    pub fn context(&self) -> Context {
        match (self.screen, &self.reader) {
            (Screen::Library, _) => Context::Library,
            (Screen::Reader, Some(reader)) if reader.is_selecting() => Context::Selecting,
            (Screen::Reader, Some(reader)) if reader.outline_has_focus() => Context::Outline,
            (Screen::Reader, _) => Context::Reader,
        }
    }
}

/// Changes the state for one message and says what the runner must do.
pub fn update(state: &mut State, msg: Msg) -> Vec<Effect> {
    // A note is saved on a pause in the typing, and put in the store before
    // anything that may read or change the store (Esc puts it there as it
    // closes the editor): not on what cannot, as that copies the note.
    let mut effects = match msg {
        Msg::Key(_)
        | Msg::Saved(_)
        | Msg::Resize(..)
        | Msg::Counted(..)
        | Msg::TerminalColors(_) => Vec::new(),
        Msg::Pause => typed_note(state, NoteEditor::save_typed),
        _ => typed_note(state, NoteEditor::store_typed),
    };
    for effect in update_inner(state, msg) {
        if !effects.contains(&effect) {
            effects.push(effect);
        }
    }
    state.save_asked |= effects.contains(&Effect::SaveAnnotations);
    let labels = state.label_names();
    if let Some(reader) = state.reader.as_mut() {
        reader.refresh_answer_key(&labels);
    }
    // Anything that moved the focus may have moved the panes (in a narrow
    // window the focused panel is the one shown).
    if let (Some(geometry), Some(reader)) = (state.geometry(), state.reader.as_ref())
        && (reader.wrapping().width, reader.page_height())
            != (geometry.text.width.max(1), geometry.text.height as usize)
    {
        state.refit_reader();
    }
    effects
}

/// Saves or stores (`how`) what was typed into the open note editor, if
/// anything was typed since; a refusal is said.
fn typed_note(
    state: &mut State,
    how: fn(&mut NoteEditor, &mut Reader) -> Result<Vec<Effect>, String>,
) -> Vec<Effect> {
    let (Some(Overlay::Note(editor)), Some(reader)) =
        (state.overlay.as_mut(), state.reader.as_mut())
    else {
        return Vec::new();
    };
    match how(editor, reader) {
        Ok(effects) => effects,
        Err(why) => {
            state.complain(why);
            Vec::new()
        }
    }
}

fn update_inner(state: &mut State, msg: Msg) -> Vec<Effect> {
    match msg {
        Msg::Started(startup) => {
            start(state, *startup);
            Vec::new()
        }
        Msg::TerminalColors(colors) => {
            state.fit_themes_to(colors);
            Vec::new()
        }
        Msg::Pause => Vec::new(),
        Msg::Saved(outcome) => saving::saved(state, *outcome),
        Msg::Counted(dir, path, counts) => {
            if state.library.dir == dir
                && let Some(entry) = state.library.entries.iter_mut().find(|e| e.path == path)
            {
                let reorder = library::counts_reorder(&counts, state.library.order);
                entry.fill(counts);
                if reorder {
                    let order = state.library.order;
                    state.library.sort(order);
                }
            }
            Vec::new()
        }
        Msg::Resize(width, height) => {
            state.size = (width, height);
            state.refit_reader();
            Vec::new()
        }
        Msg::Key(key) => keys::on_key(state, key),
        Msg::Mouse(mouse) => {
            mouse::on_mouse(state, mouse);
            Vec::new()
        }
        Msg::Loaded(opened) => {
            open_article(state, *opened);
            Vec::new()
        }
        Msg::FirstPart(part) => {
            loading::open_first_part(state, *part);
            Vec::new()
        }
        Msg::Whole(ticket, opened) => loading::take_whole(state, ticket, *opened),
        Msg::SaveFailed(why) => {
            state.save_asked = false;
            saving::complain_unsaved(state, &why);
            Vec::new()
        }
        Msg::Terminate => terminate(state),
        Msg::Submitted => {
            if let Some(reader) = state.reader.as_mut() {
                reader.reveal_answer_key();
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
            show_scanned(state, dir, entries);
            Vec::new()
        }
    }
}

/// SIGTERM, SIGHUP or a lost terminal: the place is remembered and what is
/// unsaved saved, then the reader leaves.
fn terminate(state: &mut State) -> Vec<Effect> {
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

/// A folder's listing: the selected article stays selected, and a new
/// folder drops the old filter.
fn show_scanned(state: &mut State, dir: PathBuf, entries: Vec<Entry>) {
    let keep = state.library.dir == dir;
    // The article just closed, else the one selected before.
    let selected_path = state
        .library
        .return_to
        .take()
        .or_else(|| state.library.selected_path());
    let lib = &mut state.library;
    lib.dir = dir;
    lib.entries = entries;
    library::sort(&mut lib.entries, lib.order);
    if !keep {
        lib.filter.clear();
    }
    lib.select_path(selected_path);
}

fn start(state: &mut State, startup: Startup) {
    let Startup {
        no_color,
        hint_rules,
        problem,
        library_dir,
        started_on_file,
    } = startup;
    state.no_color = no_color;
    state.library.dir = library_dir;
    state.back_quits = started_on_file;
    // Remembered from the next save of the memory on.
    state.first_run = !state.memory.hinted_themes;
    state.memory.hinted_themes = true;
    if let Some(problem) = problem {
        state.complain(problem);
    }
    match hint_rules {
        Ok(rules) => state.hint_rules = rules,
        Err(why) => state.complain(format!("hints: {why}")),
    }
}

fn open_article(state: &mut State, opened: Opened) {
    state.remember_position();
    state.held_keys.clear();
    let Opened {
        path,
        article,
        store,
        warning,
        answer_key,
    } = opened;
    if let Some(warning) = warning {
        state.complain(warning);
    }
    let mut reader = Reader::new(path, article, store, 1, 1);
    if let Some((key, hidden)) = answer_key {
        reader.open_answer_key(key, hidden, &state.label_names());
    }
    show_reader(state, reader);
}

/// Puts a reader on screen at the place remembered for its article.
fn show_reader(state: &mut State, mut reader: Reader) {
    reader.set_side_open(state.size.0 >= SIDE_AUTO_MIN_WIDTH);
    let remembered = state
        .memory
        .positions
        .get(&Memory::key(reader.path()))
        .copied();
    state.reader = Some(reader);
    state.screen = Screen::Reader;
    state.overlay = None;
    state.refit_reader();
    if let (Some(offset), Some(reader)) = (remembered, state.reader.as_mut()) {
        let offset = offset.min(reader.article().text.len());
        reader.put_cursor_at(offset);
    }
}

/// Who wrote the article, where and when, as the reader's header shows
/// it ("Ana Ortiz · News Example · 2024-03-01"), if it says any of these.
/// What the header above the text shows, each a row: the title and its
/// subtitle (the dek), where the text does not show the title as its first
/// heading (a saved web page's title, a pasted article's head, a title in
/// front matter alone) and it is not only the file's name made a title;
/// then the byline.
pub fn header(
    article: &crate::article::Article,
    path: &std::path::Path,
    width: u16,
) -> Vec<HeaderRow> {
    let title = article.meta.title.trim();
    let in_text = article
        .blocks
        .iter()
        .find(|b| b.is_heading())
        .is_some_and(|b| article.slice(&b.range).trim().eq_ignore_ascii_case(title));
    let named_after_file = path
        .file_stem()
        .is_some_and(|stem| crate::article::title_from_file_name(&stem.to_string_lossy()) == title);
    let mut rows = Vec::new();
    if !title.is_empty() && !in_text && !named_after_file {
        rows.push(HeaderRow::Title(title.to_string()));
        // The dek belongs under its title (with the title in the text, the
        // text has its own), on at most two rows.
        let subtitle = article.meta.subtitle.as_deref().map_or("", str::trim);
        // (`wrap` makes one empty row of an empty dek.)
        let wrapped = match subtitle {
            "" => Vec::new(),
            dek => textwrap::wrap(dek, usize::from(width.max(1))),
        };
        for (i, row) in wrapped.iter().take(DEK_ROWS).enumerate() {
            let row = if i + 1 == DEK_ROWS && wrapped.len() > DEK_ROWS {
                // Cut to fit by the drawing, which ends it in `…`.
                format!("{row} {}", wrapped[DEK_ROWS..].join(" "))
            } else {
                row.to_string()
            };
            rows.push(HeaderRow::Subtitle(row));
        }
    }
    rows.extend(byline(&article.meta).map(HeaderRow::Byline));
    if matches!(rows.first(), Some(HeaderRow::Title(_))) {
        // The text's own headline has a blank row under it; so has this.
        rows.push(HeaderRow::Blank);
    }
    rows
}

/// The most rows a dek takes in the header; the rest is cut with `…`.
const DEK_ROWS: usize = 2;

/// A row of the header: see [`header`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HeaderRow {
    Title(String),
    Subtitle(String),
    Byline(String),
    Blank,
}

pub fn byline(meta: &crate::article::Metadata) -> Option<String> {
    let parts: Vec<&str> = [&meta.author, &meta.site, &meta.date]
        .into_iter()
        .filter_map(|p| p.as_deref().map(str::trim).filter(|p| !p.is_empty()))
        .collect();
    (!parts.is_empty()).then(|| parts.join(" · "))
}

/// Rows of articles the library shows in a window `height` rows tall
/// (its title, table heading and status line take four).
pub fn library_page_height(height: u16) -> usize {
    usize::from(height.saturating_sub(4)).max(1)
}

/// Says a search found nothing.
pub(crate) fn not_found(query: &str) -> Message {
    Message::error(format!("not found: {query}"))
}
