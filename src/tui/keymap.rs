//! (context, key) → action, from a default table that config can change.
//! The help overlay is generated from the same table, so it never lies.

use std::collections::HashMap;

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::action::Action;
use super::config::Settings;
use crate::config::LabelDef;

/// A key written in config that is not one.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("\"{0}\" is not a key")]
pub struct NotAKey(pub String);

/// What is wrong with the config's key bindings.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum KeymapError {
    #[error("[keys]: \"{0}\" is not an action")]
    UnknownAction(String),
    #[error("[keys] {action}: {source}")]
    BadKey {
        action: String,
        #[source]
        source: NotAKey,
    },
    #[error("label {label}: {source}")]
    BadLabelKey {
        label: String,
        #[source]
        source: NotAKey,
    },
    #[error(
        "key {key} is bound twice {where_}: to {first} and to {second} (change one, in [keys] or in the label's key)"
    )]
    Clash {
        key: String,
        where_: String,
        first: String,
        second: String,
    },
}

/// Where a key is pressed: decides which bindings apply.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Context {
    /// Before any other context, text fields included.
    Anywhere,
    Library,
    Reader,
    /// A selection is being grown: its keys override the reader's.
    Selecting,
    /// The outline has the focus: its keys override the reader's.
    Outline,
    /// A single-line field (search, filter, save-as): printable keys not
    /// bound here are typed.
    TextField,
    /// The search being typed: its keys come before the text field's.
    Search,
    /// A filter being typed (the library's, the annotation list's search):
    /// its keys come before the text field's.
    Filter,
    /// A scrolling overlay (help, statistics): any key not bound here closes it.
    Scrolling,
    /// The list of all annotations.
    AnnotationList,
    /// The note editor: keys not bound here are typed.
    NoteEditor,
}

impl Context {
    /// Every context, in the order the help lists them.
    pub const ALL: [Context; 11] = [
        Context::Reader,
        Context::Selecting,
        Context::Outline,
        Context::Search,
        Context::AnnotationList,
        Context::NoteEditor,
        Context::Library,
        Context::Filter,
        Context::TextField,
        Context::Scrolling,
        Context::Anywhere,
    ];

    /// Where keys not bound in this context are looked up next.
    pub fn fallback(self) -> Option<Context> {
        match self {
            Context::Selecting | Context::Outline => Some(Context::Reader),
            Context::Search | Context::Filter => Some(Context::TextField),
            _ => None,
        }
    }

    /// How the help overlay heads this context's keys.
    pub fn heading(self) -> &'static str {
        match self {
            Context::Anywhere => "Anywhere",
            Context::Library => "In the library",
            Context::Reader => "Reading",
            Context::Selecting => "While selecting (other keys as in reading)",
            Context::Outline => "In the outline (other keys as in reading)",
            Context::TextField => "Typing a search, filter or file name",
            Context::Search => "Typing a search",
            Context::Filter => "Typing a filter (the library's, the list's search)",
            Context::Scrolling => "In this help and the statistics (other keys close them)",
            Context::AnnotationList => "In the list of annotations",
            Context::NoteEditor => "Writing a note",
        }
    }
}

/// A key with its modifiers, as written in config ("ctrl-r", "G", "space").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Key {
    pub code: KeyCode,
    pub ctrl: bool,
    pub alt: bool,
}

impl Key {
    pub fn from_event(event: &KeyEvent) -> Key {
        // Shift is carried by the character itself ('G'), except for keys
        // such as BackTab that have no character.
        Key {
            code: event.code,
            ctrl: event.modifiers.contains(KeyModifiers::CONTROL),
            alt: event.modifiers.contains(KeyModifiers::ALT),
        }
    }

    pub fn parse(text: &str) -> Result<Key, NotAKey> {
        let mut ctrl = false;
        let mut alt = false;
        let mut rest = text;
        loop {
            if let Some(r) = rest.strip_prefix("ctrl-") {
                ctrl = true;
                rest = r;
            } else if let Some(r) = rest.strip_prefix("alt-") {
                alt = true;
                rest = r;
            } else {
                break;
            }
        }
        let code = match rest {
            "space" => KeyCode::Char(' '),
            "enter" => KeyCode::Enter,
            "esc" => KeyCode::Esc,
            "tab" => KeyCode::Tab,
            "backtab" => KeyCode::BackTab,
            "backspace" => KeyCode::Backspace,
            "up" => KeyCode::Up,
            "down" => KeyCode::Down,
            "left" => KeyCode::Left,
            "right" => KeyCode::Right,
            "pageup" => KeyCode::PageUp,
            "pagedown" => KeyCode::PageDown,
            "home" => KeyCode::Home,
            "end" => KeyCode::End,
            "delete" => KeyCode::Delete,
            f if f.len() > 1 && f.starts_with('f') && f[1..].parse::<u8>().is_ok() => {
                KeyCode::F(f[1..].parse().unwrap_or(1))
            }
            single if single.chars().count() == 1 => {
                KeyCode::Char(single.chars().next().unwrap_or(' '))
            }
            _ => return Err(NotAKey(text.to_string())),
        };
        Ok(Key { code, ctrl, alt })
    }

    pub fn label(&self) -> String {
        let base = match self.code {
            KeyCode::Char(' ') => "Space".to_string(),
            KeyCode::Char(c) => c.to_string(),
            KeyCode::Enter => "Enter".into(),
            KeyCode::Esc => "Esc".into(),
            KeyCode::Tab => "Tab".into(),
            KeyCode::BackTab => "S-Tab".into(),
            KeyCode::Backspace => "Bksp".into(),
            KeyCode::Up => "↑".into(),
            KeyCode::Down => "↓".into(),
            KeyCode::Left => "←".into(),
            KeyCode::Right => "→".into(),
            KeyCode::PageUp => "PgUp".into(),
            KeyCode::PageDown => "PgDn".into(),
            KeyCode::Home => "Home".into(),
            KeyCode::End => "End".into(),
            KeyCode::Delete => "Del".into(),
            KeyCode::F(n) => format!("F{n}"),
            other => format!("{other:?}"),
        };
        match (self.ctrl, self.alt) {
            (true, _) => format!("Ctrl-{base}"),
            (_, true) => format!("Alt-{base}"),
            _ => base,
        }
    }
}

/// One row of the default table: where, which keys, what, and what it does.
struct Binding {
    context: Context,
    keys: &'static [&'static str],
    action: Action,
    help: &'static str,
}

const fn bind(
    context: Context,
    keys: &'static [&'static str],
    action: Action,
    help: &'static str,
) -> Binding {
    Binding {
        context,
        keys,
        action,
        help,
    }
}

use Context::{
    AnnotationList, Anywhere, Filter, Library, NoteEditor, Outline, Reader, Scrolling, Search,
    Selecting, TextField,
};

const DEFAULTS: &[Binding] = &[
    bind(Library, &["j", "down"], Action::ScrollDown, "next article"),
    bind(Library, &["k", "up"], Action::ScrollUp, "previous article"),
    bind(Library, &["pagedown"], Action::PageDown, "a page down"),
    bind(Library, &["pageup"], Action::PageUp, "a page up"),
    bind(Library, &["g", "home"], Action::Top, "first article"),
    bind(Library, &["G", "end"], Action::Bottom, "last article"),
    bind(Library, &["enter"], Action::Open, "open the article"),
    bind(
        Library,
        &["s"],
        Action::Sort,
        "sort by title, date, annotations or file name (each press the next)",
    ),
    bind(Library, &["/"], Action::Filter, "filter the list"),
    bind(Library, &["esc"], Action::Cancel, "clear the filter"),
    bind(Library, &["t"], Action::NextTheme, "next theme"),
    bind(Library, &["?"], Action::Help, "this help"),
    bind(Library, &["q"], Action::Back, "quit"),
    bind(Anywhere, &["ctrl-c"], Action::Quit, "quit"),
    bind(
        Reader,
        &["j", "down"],
        Action::ScrollDown,
        "scroll down a line",
    ),
    bind(Reader, &["k", "up"], Action::ScrollUp, "scroll up a line"),
    bind(
        Reader,
        &["space", "pagedown"],
        Action::PageDown,
        "page down",
    ),
    bind(Reader, &["b", "pageup"], Action::PageUp, "page up"),
    bind(Reader, &["g", "home"], Action::Top, "top"),
    bind(Reader, &["G", "end"], Action::Bottom, "end"),
    bind(Reader, &[")"], Action::NextSentence, "next sentence"),
    bind(Reader, &["("], Action::PrevSentence, "previous sentence"),
    bind(Reader, &["}"], Action::NextParagraph, "next paragraph"),
    bind(Reader, &["{"], Action::PrevParagraph, "previous paragraph"),
    bind(Reader, &["]"], Action::NextSection, "next section"),
    bind(Reader, &["["], Action::PrevSection, "previous section"),
    bind(
        Reader,
        &[">"],
        Action::NextAnnotation,
        "next annotated passage",
    ),
    bind(
        Reader,
        &["<"],
        Action::PrevAnnotation,
        "previous annotated passage",
    ),
    bind(
        Reader,
        &["Q"],
        Action::ShowOldQuotes,
        "notes panel: old quotes of re-anchored passages",
    ),
    bind(Reader, &["/"], Action::Search, "search"),
    bind(Reader, &["n"], Action::NextMatch, "next match"),
    bind(Reader, &["N"], Action::PrevMatch, "previous match"),
    bind(Reader, &["o"], Action::ToggleOutline, "outline"),
    bind(Reader, &["s"], Action::ToggleNotes, "notes panel"),
    bind(Reader, &["tab"], Action::FocusNext, "next panel"),
    bind(Reader, &["t"], Action::NextTheme, "next theme"),
    bind(Reader, &["?"], Action::Help, "this help"),
    bind(Reader, &["esc"], Action::Cancel, "cancel"),
    bind(
        Reader,
        &["q"],
        Action::Back,
        "quit when the reader was started on this file, else back to the library",
    ),
    bind(
        Reader,
        &["L"],
        Action::Library,
        "the library: the articles of this article's folder",
    ),
    bind(Outline, &["j", "down"], Action::ScrollDown, "next section"),
    bind(Outline, &["k", "up"], Action::ScrollUp, "previous section"),
    bind(Outline, &["enter"], Action::Open, "jump to the section"),
    bind(
        Selecting,
        &["w"],
        Action::ExtendWordForward,
        "extend by a word",
    ),
    bind(
        Selecting,
        &["b"],
        Action::ExtendWordBack,
        "shrink/extend back by a word",
    ),
    bind(Selecting, &["esc"], Action::Cancel, "cancel the selection"),
    bind(TextField, &["enter"], Action::Accept, "done"),
    bind(TextField, &["esc"], Action::Cancel, "give up"),
    bind(TextField, &["backspace"], Action::DeleteBack, "delete back"),
    bind(
        Search,
        &["up"],
        Action::ScrollUp,
        "an older search (history)",
    ),
    bind(Search, &["down"], Action::ScrollDown, "a newer search"),
    bind(Filter, &["down"], Action::ScrollDown, "next in the list"),
    bind(Filter, &["up"], Action::ScrollUp, "previous in the list"),
    bind(Scrolling, &["j", "down"], Action::ScrollDown, "scroll down"),
    bind(Scrolling, &["k", "up"], Action::ScrollUp, "scroll up"),
    bind(
        Scrolling,
        &["space", "pagedown"],
        Action::PageDown,
        "a page down",
    ),
    bind(Scrolling, &["b", "pageup"], Action::PageUp, "a page up"),
    bind(Scrolling, &["g", "home"], Action::Top, "top"),
    bind(Scrolling, &["G", "end"], Action::Bottom, "end"),
    bind(
        AnnotationList,
        &["j", "down"],
        Action::ScrollDown,
        "next annotation",
    ),
    bind(
        AnnotationList,
        &["k", "up"],
        Action::ScrollUp,
        "previous annotation",
    ),
    bind(AnnotationList, &["enter"], Action::Open, "jump to it"),
    bind(
        AnnotationList,
        &["/"],
        Action::SearchList,
        "search quotes and notes (Enter keeps it, Esc clears it)",
    ),
    bind(AnnotationList, &["0"], Action::ShowAll, "show every label"),
    bind(
        AnnotationList,
        &["esc", "q", "A"],
        Action::Cancel,
        "close the list",
    ),
    bind(
        NoteEditor,
        &["esc"],
        Action::Cancel,
        "done (the note is saved as typed)",
    ),
];

/// The config's `[keys]`: action → the keys that replace its defaults.
fn overrides(settings: &Settings) -> Result<HashMap<Action, Vec<Key>>, KeymapError> {
    let mut overrides = HashMap::new();
    for (name, keys) in &settings.keys {
        let action =
            Action::from_name(name).ok_or_else(|| KeymapError::UnknownAction(name.clone()))?;
        let keys = keys
            .iter()
            .map(|k| {
                Key::parse(k).map_err(|source| KeymapError::BadKey {
                    action: name.clone(),
                    source,
                })
            })
            .collect::<Result<Vec<_>, _>>()?;
        overrides.insert(action, keys);
    }
    Ok(overrides)
}

/// The keymap in force: defaults, with the config's `[keys]` replacing the
/// keys of the actions it names.
pub struct Keymap {
    map: HashMap<(Context, Key), Action>,
    /// For the help overlay: context, key labels, action, description.
    rows: Vec<(Context, Vec<String>, Action, String)>,
    /// Every binding as added, with its row: to find clashes.
    bindings: Vec<(Context, Key, usize)>,
}

impl Keymap {
    pub fn new(settings: &Settings, labels: &[LabelDef]) -> Result<Keymap, KeymapError> {
        let overrides = overrides(settings)?;
        let mut keymap = Keymap {
            map: HashMap::new(),
            rows: Vec::new(),
            bindings: Vec::new(),
        };
        for b in DEFAULTS {
            let keys = match overrides.get(&b.action) {
                Some(keys) => keys.clone(),
                None => b
                    .keys
                    .iter()
                    .map(|k| Key::parse(k).expect("default keys parse"))
                    .collect(),
            };
            keymap.add(b.context, keys, b.action, b.help.to_string());
        }
        // Reader keys for tagging, whose defaults depend on the label set.
        let tagging: [(&str, Action, &str); 9] = [
            (
                "v",
                Action::Select,
                "start a selection (then ( ) w b { } grow it)",
            ),
            ("V", Action::SelectParagraph, "select the paragraph"),
            ("a", Action::EditNote, "add or edit the note"),
            ("d", Action::Delete, "delete the annotation"),
            ("u", Action::Undo, "undo"),
            ("ctrl-r", Action::Redo, "redo"),
            ("A", Action::ListAnnotations, "list all annotations"),
            ("S", Action::SaveAs, "save the annotations to another file"),
            ("ctrl-s", Action::Submit, "submit an exercise (press twice)"),
        ];
        for (key, action, help) in tagging.into_iter().chain([
            (
                "x",
                Action::Export,
                "export as markdown to the exports folder",
            ),
            ("i", Action::Stats, "statistics per section"),
            (
                "h",
                Action::ToggleHints,
                "hints: cues of claims, opinions, speculation",
            ),
        ]) {
            let keys = overrides
                .get(&action)
                .cloned()
                .unwrap_or_else(|| vec![Key::parse(key).expect("default keys parse")]);
            keymap.add(Reader, keys, action, help.to_string());
        }
        for (index, label) in labels.iter().enumerate() {
            let action = Action::Tag(index);
            let keys = match overrides.get(&action) {
                Some(keys) => keys.clone(),
                None => vec![Key::parse(settings.label_key(index)).map_err(|source| {
                    KeymapError::BadLabelKey {
                        label: label.name.clone(),
                        source,
                    }
                })?],
            };
            keymap.add(
                Reader,
                keys.clone(),
                action,
                format!("tag as {} {}", label.glyph, label.name),
            );
            keymap.add(
                AnnotationList,
                keys,
                action,
                format!("only {} {}", label.glyph, label.name),
            );
        }
        keymap.clash().map_or(Ok(keymap), Err)
    }

    fn add(&mut self, context: Context, keys: Vec<Key>, action: Action, help: String) {
        for key in &keys {
            self.map.insert((context, *key), action);
            self.bindings.push((context, *key, self.rows.len()));
        }
        self.rows
            .push((context, keys.iter().map(Key::label).collect(), action, help));
    }

    /// A key bound to two actions in one context, or bound anywhere (asked
    /// first, so it would shadow the other) and to another action in some
    /// context: the config can make these, and one of the two would never
    /// run.
    fn clash(&self) -> Option<KeymapError> {
        let mut seen: HashMap<(Context, Key), usize> = HashMap::new();
        for &(context, key, row) in &self.bindings {
            let shadowed = || {
                seen.iter()
                    .find(|((c, k), _)| *k == key && *c != Context::Anywhere)
                    .map(|(_, &i)| i)
            };
            let other = seen
                .get(&(context, key))
                .or_else(|| seen.get(&(Context::Anywhere, key)))
                .copied()
                .or_else(|| (context == Context::Anywhere).then(shadowed).flatten());
            if let Some(other) = other
                && self.rows[other].2 != self.rows[row].2
            {
                let (first, second) = (&self.rows[other], &self.rows[row]);
                let where_ = if first.0 == second.0 {
                    format!("in \"{}\"", context.heading())
                } else {
                    format!("(\"{}\" and \"{}\")", first.0.heading(), second.0.heading())
                };
                return Some(KeymapError::Clash {
                    key: key.label(),
                    where_,
                    first: first.3.clone(),
                    second: second.3.clone(),
                });
            }
            seen.insert((context, key), row);
        }
        None
    }

    /// The action for a key in a context, else in the context it falls
    /// back to (the reader's for selecting, the text field's for a search).
    pub fn action(&self, context: Context, event: &KeyEvent) -> Option<Action> {
        let key = Key::from_event(event);
        let mut looked = Some(context);
        while let Some(context) = looked {
            if let Some(action) = self.map.get(&(context, key)) {
                return Some(*action);
            }
            looked = context.fallback();
        }
        None
    }

    /// Help rows for a context: keys and what they do.
    pub fn help(&self, context: Context) -> impl Iterator<Item = (String, &str)> {
        self.rows
            .iter()
            .filter(move |(c, ..)| *c == context)
            .map(|(_, keys, _, help)| (keys.join(" "), help.as_str()))
    }

    /// The keys of `action` in `context` (or the context it falls back
    /// to), as the status line's hints name them: "j/↓".
    pub fn keys_for(&self, context: Context, action: Action) -> Option<String> {
        let mut looked = Some(context);
        while let Some(context) = looked {
            if let Some((_, keys, ..)) = self
                .rows
                .iter()
                .find(|(c, _, a, _)| *c == context && *a == action)
            {
                return Some(keys.join("/"));
            }
            looked = context.fallback();
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;
    use ratatui::crossterm::event::KeyEvent;

    fn default_keymap() -> Keymap {
        Keymap::new(&Settings::default(), &Config::default().labels).unwrap()
    }

    fn press(code: KeyCode, modifiers: KeyModifiers) -> KeyEvent {
        KeyEvent::new(code, modifiers)
    }

    #[test]
    fn defaults_and_fallbacks() {
        let keymap = default_keymap();
        let j = press(KeyCode::Char('j'), KeyModifiers::NONE);
        assert_eq!(keymap.action(Reader, &j), Some(Action::ScrollDown));
        assert_eq!(keymap.action(Selecting, &j), Some(Action::ScrollDown));
        let b = press(KeyCode::Char('b'), KeyModifiers::NONE);
        assert_eq!(keymap.action(Reader, &b), Some(Action::PageUp));
        assert_eq!(keymap.action(Selecting, &b), Some(Action::ExtendWordBack));
        let one = press(KeyCode::Char('1'), KeyModifiers::NONE);
        assert_eq!(keymap.action(Reader, &one), Some(Action::Tag(0)));
        let ctrl_r = press(KeyCode::Char('r'), KeyModifiers::CONTROL);
        assert_eq!(keymap.action(Reader, &ctrl_r), Some(Action::Redo));
    }

    #[test]
    fn config_replaces_an_actions_keys() {
        let settings =
            Settings::parse("[keys]\nscroll_down = [\"ctrl-n\"]\ntag_1 = [\"c\"]\n").unwrap();
        let keymap = Keymap::new(&settings, &Config::default().labels).unwrap();
        let j = press(KeyCode::Char('j'), KeyModifiers::NONE);
        assert_eq!(keymap.action(Reader, &j), None);
        let ctrl_n = press(KeyCode::Char('n'), KeyModifiers::CONTROL);
        assert_eq!(keymap.action(Reader, &ctrl_n), Some(Action::ScrollDown));
        let c = press(KeyCode::Char('c'), KeyModifiers::NONE);
        assert_eq!(keymap.action(Reader, &c), Some(Action::Tag(0)));
    }

    #[test]
    fn bad_bindings_are_reported() {
        let labels = Config::default().labels;
        let settings = Settings::parse("[keys]\nfly = [\"x\"]\n").unwrap();
        assert_eq!(
            Keymap::new(&settings, &labels).err(),
            Some(KeymapError::UnknownAction("fly".into()))
        );
        let settings = Settings::parse("[keys]\ntop = [\"ctrl-\"]\n").unwrap();
        assert!(matches!(
            Keymap::new(&settings, &labels),
            Err(KeymapError::BadKey { .. })
        ));
    }

    #[test]
    fn a_key_bound_to_two_actions_is_reported() {
        let config = |text: &str| {
            let config = Config::parse(text).unwrap();
            let settings = Settings::parse(text).unwrap();
            Keymap::new(&settings, &config.labels)
                .err()
                .map(|e| e.to_string())
        };
        // Quitting anywhere on `1` would shadow tagging a claim.
        let quit = config("[keys]\nquit = [\"1\"]\n").expect("a clash");
        assert!(quit.starts_with("key 1 is bound twice"), "{quit}");
        assert!(quit.contains("tag as") && quit.contains("quit"), "{quit}");
        // A label's key on a reading key: `j` would tag instead of scrolling.
        let labels = "[[labels]]\nname = \"claim\"\nkey = \"j\"\ncolor = \"cyan\"\nglyph = \"◆\"\n";
        let label = config(labels).expect("a clash");
        assert!(label.contains("in \"Reading\""), "{label}");
        // The same action on one key in several places is no clash.
        assert_eq!(
            config("[keys]\nscroll_down = [\"ctrl-e\", \"down\"]\n"),
            None
        );
        assert_eq!(config(""), None);
    }

    #[test]
    fn help_lists_every_action_in_every_context() {
        use crate::tui::action::NAMED;
        let keymap = default_keymap();
        let helped: Vec<Action> = keymap
            .rows
            .iter()
            .map(|(_, _, action, _)| *action)
            .collect();
        for (action, name) in NAMED {
            assert!(helped.contains(action), "{name} has no key in the help");
        }
        for index in 0..Config::default().labels.len() {
            assert!(helped.contains(&Action::Tag(index)));
        }
        for (context, keys, _, help) in &keymap.rows {
            assert!(!keys.is_empty() && !help.is_empty(), "{context:?}: {help}");
        }
    }
}
