//! What a reader can ask for. Keys map to these through the keymap; the
//! names (snake_case) are the ones a config file binds keys to.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Action {
    ScrollDown,
    ScrollUp,
    PageDown,
    PageUp,
    Top,
    Bottom,
    NextSentence,
    PrevSentence,
    NextParagraph,
    PrevParagraph,
    NextSection,
    PrevSection,
    Search,
    NextMatch,
    PrevMatch,
    ToggleOutline,
    ToggleNotes,
    FocusNext,
    NextTheme,
    Help,
    /// Back to the library; quits from the library.
    Back,
    Quit,
    Open,
    Cancel,
    Filter,
    /// Start a selection at the cursor.
    Select,
    SelectParagraph,
    ExtendWordForward,
    ExtendWordBack,
    /// Tag the selection with the label of this index in the config.
    Tag(usize),
    EditNote,
    Delete,
    Undo,
    Redo,
    ListAnnotations,
    /// Save the annotations to another file (after a failed save).
    SaveAs,
    /// Hand in an exercise (asks first).
    Submit,
    Export,
    /// Counts per section and label, with bars.
    Stats,
    /// Show or hide rule-based hints of what a passage may be.
    ToggleHints,
}

impl Action {
    /// The name used in config files and shown in the help overlay.
    pub fn name(&self) -> String {
        match self {
            Action::Tag(i) => format!("tag_{}", i + 1),
            other => serde_json::to_value(other)
                .ok()
                .and_then(|v| v.as_str().map(str::to_string))
                .unwrap_or_default(),
        }
    }

    /// The action a config file names (`tag_N` tags with the N-th label).
    pub fn from_name(name: &str) -> Option<Action> {
        if let Some(n) = name.strip_prefix("tag_") {
            return n
                .parse::<usize>()
                .ok()
                .filter(|&n| n > 0)
                .map(|n| Action::Tag(n - 1));
        }
        serde_json::from_value(serde_json::Value::String(name.to_string())).ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip() {
        for action in [
            Action::ScrollDown,
            Action::NextTheme,
            Action::Tag(2),
            Action::PrevSection,
        ] {
            assert_eq!(Action::from_name(&action.name()), Some(action));
        }
        assert_eq!(Action::ScrollDown.name(), "scroll_down");
        assert_eq!(Action::from_name("tag_0"), None);
        assert_eq!(Action::from_name("fly"), None);
    }
}
