//! What a reader can ask for. Keys map to these through the keymap; the
//! names (snake_case) are the ones a config file binds keys to.

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
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
    /// Closes what is open: the article (back to the library, or quits
    /// when the reader was started on it), or the library (quits).
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
    /// The cursor to the next (previous) annotated passage in the text.
    NextAnnotation,
    PrevAnnotation,
    /// In the notes panel: the quote a re-anchored passage was made on.
    ShowOldQuotes,
    /// In the annotation list: type a search of quotes and notes.
    SearchList,
    /// Save the annotations to another file (after a failed save).
    SaveAs,
    /// Hand in an exercise (asks first).
    Submit,
    Export,
    /// Counts per section and label, with bars.
    Stats,
    /// Show or hide rule-based hints of what a passage may be.
    ToggleHints,
    /// Finish typing in a text field.
    Accept,
    /// Delete the character before the cursor in a text field.
    DeleteBack,
    /// In the annotation list: every label again.
    ShowAll,
    /// In the library: the next sort order.
    Sort,
    /// From the reader to the library of the article's folder.
    Library,
}

/// Every action but `Tag`, with the name config files bind keys to.
pub const NAMED: &[(Action, &str)] = &[
    (Action::ScrollDown, "scroll_down"),
    (Action::ScrollUp, "scroll_up"),
    (Action::PageDown, "page_down"),
    (Action::PageUp, "page_up"),
    (Action::Top, "top"),
    (Action::Bottom, "bottom"),
    (Action::NextSentence, "next_sentence"),
    (Action::PrevSentence, "prev_sentence"),
    (Action::NextParagraph, "next_paragraph"),
    (Action::PrevParagraph, "prev_paragraph"),
    (Action::NextSection, "next_section"),
    (Action::PrevSection, "prev_section"),
    (Action::Search, "search"),
    (Action::NextMatch, "next_match"),
    (Action::PrevMatch, "prev_match"),
    (Action::ToggleOutline, "toggle_outline"),
    (Action::ToggleNotes, "toggle_notes"),
    (Action::FocusNext, "focus_next"),
    (Action::NextTheme, "next_theme"),
    (Action::Help, "help"),
    (Action::Back, "back"),
    (Action::Quit, "quit"),
    (Action::Open, "open"),
    (Action::Cancel, "cancel"),
    (Action::Filter, "filter"),
    (Action::Select, "select"),
    (Action::SelectParagraph, "select_paragraph"),
    (Action::ExtendWordForward, "extend_word_forward"),
    (Action::ExtendWordBack, "extend_word_back"),
    (Action::EditNote, "edit_note"),
    (Action::Delete, "delete"),
    (Action::Undo, "undo"),
    (Action::Redo, "redo"),
    (Action::ListAnnotations, "list_annotations"),
    (Action::NextAnnotation, "next_annotation"),
    (Action::PrevAnnotation, "prev_annotation"),
    (Action::ShowOldQuotes, "show_old_quotes"),
    (Action::SearchList, "search_list"),
    (Action::SaveAs, "save_as"),
    (Action::Submit, "submit"),
    (Action::Export, "export"),
    (Action::Stats, "stats"),
    (Action::ToggleHints, "toggle_hints"),
    (Action::Accept, "accept"),
    (Action::DeleteBack, "delete_back"),
    (Action::ShowAll, "show_all"),
    (Action::Sort, "sort"),
    (Action::Library, "library"),
];

impl Action {
    /// The name used in config files and shown in the help overlay.
    pub fn name(&self) -> String {
        match self {
            Action::Tag(i) => format!("tag_{}", i + 1),
            other => NAMED
                .iter()
                .find(|(action, _)| action == other)
                .map(|(_, name)| name.to_string())
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
        NAMED
            .iter()
            .find(|(_, known)| *known == name)
            .map(|(action, _)| *action)
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
        for (action, name) in NAMED {
            assert_eq!(Action::from_name(name), Some(*action));
        }
    }

    /// Every action but `Tag` is in `NAMED`, so it can be bound in a config
    /// file and the help lists it (`keymap`'s help test goes through `NAMED`).
    /// The match is exhaustive: a new action does not compile here until it
    /// is listed, and then this fails until it is named. (Long only because
    /// it lists every action, in the match and in the array.)
    #[test]
    fn every_action_is_named() {
        let named = |action: Action| match action {
            Action::Tag(_) => true,
            Action::ScrollDown
            | Action::ScrollUp
            | Action::PageDown
            | Action::PageUp
            | Action::Top
            | Action::Bottom
            | Action::NextSentence
            | Action::PrevSentence
            | Action::NextParagraph
            | Action::PrevParagraph
            | Action::NextSection
            | Action::PrevSection
            | Action::Search
            | Action::NextMatch
            | Action::PrevMatch
            | Action::ToggleOutline
            | Action::ToggleNotes
            | Action::FocusNext
            | Action::NextTheme
            | Action::Help
            | Action::Back
            | Action::Quit
            | Action::Open
            | Action::Cancel
            | Action::Filter
            | Action::Select
            | Action::SelectParagraph
            | Action::ExtendWordForward
            | Action::ExtendWordBack
            | Action::EditNote
            | Action::Delete
            | Action::Undo
            | Action::Redo
            | Action::ListAnnotations
            | Action::NextAnnotation
            | Action::PrevAnnotation
            | Action::ShowOldQuotes
            | Action::SearchList
            | Action::SaveAs
            | Action::Submit
            | Action::Export
            | Action::Stats
            | Action::ToggleHints
            | Action::Accept
            | Action::DeleteBack
            | Action::ShowAll
            | Action::Sort
            | Action::Library => NAMED.iter().any(|(known, _)| *known == action),
        };
        for (action, _) in NAMED {
            assert!(named(*action));
        }
        let all = [
            Action::ScrollDown,
            Action::ScrollUp,
            Action::PageDown,
            Action::PageUp,
            Action::Top,
            Action::Bottom,
            Action::NextSentence,
            Action::PrevSentence,
            Action::NextParagraph,
            Action::PrevParagraph,
            Action::NextSection,
            Action::PrevSection,
            Action::Search,
            Action::NextMatch,
            Action::PrevMatch,
            Action::ToggleOutline,
            Action::ToggleNotes,
            Action::FocusNext,
            Action::NextTheme,
            Action::Help,
            Action::Back,
            Action::Quit,
            Action::Open,
            Action::Cancel,
            Action::Filter,
            Action::Select,
            Action::SelectParagraph,
            Action::ExtendWordForward,
            Action::ExtendWordBack,
            Action::EditNote,
            Action::Delete,
            Action::Undo,
            Action::Redo,
            Action::ListAnnotations,
            Action::NextAnnotation,
            Action::PrevAnnotation,
            Action::ShowOldQuotes,
            Action::SearchList,
            Action::SaveAs,
            Action::Submit,
            Action::Export,
            Action::Stats,
            Action::ToggleHints,
            Action::Accept,
            Action::DeleteBack,
            Action::ShowAll,
            Action::Sort,
            Action::Library,
        ];
        for action in all {
            assert!(named(action), "{action:?} has no name");
        }
        assert_eq!(all.len(), NAMED.len());
    }
}
