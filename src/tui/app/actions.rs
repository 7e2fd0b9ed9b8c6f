//! Carrying out an action: the library's, the reader's (moves, panels,
//! annotations), and those that apply everywhere.

use crate::annotate::EditKind;
use crate::tui::action::Action;
use crate::tui::line_input::LineInput;
use crate::tui::overlay::{AnnotationList, Overlay, SearchField};
use crate::tui::reader::Reader;

use super::{Confirm, Effect, Message, Screen, State, not_found};

/// True when closing the article now would drop annotations that could not
/// be saved: the first time, it warns (a second try goes ahead). Changes a
/// save was asked for are not dropped: the runner finishes its saves first.
fn would_lose_annotations(state: &mut State) -> bool {
    let unsaved = !state.save_asked
        && state
            .reader
            .as_ref()
            .is_some_and(|r| r.store().has_unsaved_changes());
    if unsaved && state.confirm.take() != Some(Confirm::Quit) {
        state.confirm = Some(Confirm::Quit);
        state.complain(
            "annotations not saved: S saves them to another file; press again to drop them",
        );
        return true;
    }
    false
}

pub(super) fn quit(state: &mut State) -> Vec<Effect> {
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
        Action::Help => state.overlay = Some(Overlay::Help(0)),
        Action::NextTheme => {
            state.theme = (state.theme + 1) % state.themes.len();
            state.memory.theme = Some(state.theme().name.clone());
            state.first_run = false;
            state.say(state.theme_word());
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
    let page = super::library_page_height(state.size.1);
    let lib = &mut state.library;
    let last = lib.visible().len().saturating_sub(1);
    match action {
        Action::ScrollDown => lib.selected = (lib.selected + 1).min(last),
        Action::ScrollUp => lib.selected = lib.selected.saturating_sub(1),
        Action::PageDown => lib.selected = (lib.selected + page).min(last),
        Action::PageUp => lib.selected = lib.selected.saturating_sub(page),
        Action::Top => lib.selected = 0,
        Action::Bottom => lib.selected = last,
        Action::Sort => {
            let order = lib.order.next();
            lib.sort(order);
            state.memory.library_order = Some(order.name().to_string());
            state.say(format!("sorted {}", order.describe()));
            return vec![Effect::SaveMemory];
        }
        Action::Filter => {
            state.overlay = Some(Overlay::Filter(LineInput::new(lib.filter.clone())));
        }
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
    if reader.is_selecting() && grow_selection(reader, action) {
        return Vec::new();
    }
    if reader.outline_has_focus()
        && matches!(action, Action::ScrollDown | Action::ScrollUp | Action::Open)
    {
        outline_action(reader, action);
        // An outline that is the whole window gives way to the section.
        if action == Action::Open
            && state.geometry().is_some_and(|g| g.text_covered)
            && let Some(reader) = state.reader.as_mut()
        {
            reader.focus_text();
        }
        return Vec::new();
    }
    if move_in_text(reader, action) {
        return Vec::new();
    }
    match action {
        Action::NextMatch | Action::PrevMatch => step_match(state, action == Action::NextMatch),
        Action::ToggleOutline | Action::ToggleNotes | Action::FocusNext => {
            panel_action(state, action)
        }
        Action::Search => {
            reader.begin_search();
            state.overlay = Some(Overlay::Search(SearchField::default()));
        }
        Action::Cancel => reader.cancel(),
        // The status line shows the selection's keys while it lasts.
        Action::Select => reader.select_sentence(),
        Action::SelectParagraph => reader.select_paragraph(),
        Action::ShowOldQuotes => {
            state.show_old_quotes = !state.show_old_quotes;
            state.say(if state.show_old_quotes {
                "notes panel: a moved or reworded passage shows the quote it was made on (Q hides it)"
            } else {
                "notes panel: old quotes hidden"
            });
        }
        Action::NextAnnotation | Action::PrevAnnotation => {
            super::annotating::step_annotation(state, action == Action::NextAnnotation)
        }
        Action::Back if state.back_quits => return quit(state),
        Action::Back | Action::Library => return back_to_library(state),
        _ => return annotation_action(state, action),
    }
    Vec::new()
}

/// While selecting, moves grow the selection instead of moving the cursor;
/// true when `action` was one of them.
fn grow_selection(reader: &mut Reader, action: Action) -> bool {
    match action {
        Action::NextSentence => reader.extend_by_sentence(true),
        Action::PrevSentence => reader.extend_by_sentence(false),
        Action::NextParagraph => reader.extend_by_paragraph(true),
        Action::PrevParagraph => reader.extend_by_paragraph(false),
        Action::ExtendWordForward => reader.extend_by_word(true),
        Action::ExtendWordBack => reader.extend_by_word(false),
        _ => return false,
    }
    true
}

/// Scrolling and cursor moves; true when `action` was one of them.
fn move_in_text(reader: &mut Reader, action: Action) -> bool {
    match action {
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
        _ => return false,
    }
    true
}

fn step_match(state: &mut State, forward: bool) {
    let Some(reader) = state.reader.as_mut() else {
        return;
    };
    let count = reader.search().matches().len();
    let wrapped = reader.step_match(forward);
    let search = reader.search();
    let position = search.current().map_or(0, |i| i + 1);
    state.message = match wrapped {
        None if search.query().is_empty() => {
            Some(Message::info("no search yet: press / to search"))
        }
        None => Some(not_found(search.query())),
        Some(_) if count == 1 => Some(Message::info(format!(
            "1/1: the only match for \"{}\"",
            search.query()
        ))),
        Some(true) if forward => Some(Message::info(format!(
            "{position}/{count}: search wrapped around to the top"
        ))),
        Some(true) => Some(Message::info(format!(
            "{position}/{count}: search wrapped around to the bottom"
        ))),
        // The position shows in the status line while the search lasts.
        Some(false) => None,
    };
}

/// The outline and the notes panel open and close; Tab moves the focus.
/// `s` closes the notes where they show, and else shows them: beside the
/// text, or, in a window too narrow for both, as the window with the focus.
fn panel_action(state: &mut State, action: Action) {
    let notes_shown = state.geometry().is_some_and(|g| g.side.is_some());
    let Some(reader) = state.reader.as_mut() else {
        return;
    };
    match action {
        Action::ToggleOutline => reader.toggle_outline(),
        Action::ToggleNotes => reader.set_side_open(!notes_shown),
        _ => reader.focus_next(),
    }
    if action == Action::ToggleNotes
        && !notes_shown
        && state.geometry().is_some_and(|g| g.side.is_none())
        && let Some(reader) = state.reader.as_mut()
    {
        reader.focus_side();
    }
    state.refit_reader();
}

fn back_to_library(state: &mut State) -> Vec<Effect> {
    if would_lose_annotations(state) {
        return Vec::new();
    }
    state.remember_position();
    let reader = state.reader.take();
    state.library.return_to = reader.as_ref().map(|r| r.path().to_path_buf());
    // Its changes may still be on their way to the disk (the runner writes
    // one save at a time): the annotations stay until they are written.
    if let Some(reader) = reader
        && (state.save_asked || reader.store().is_saving())
    {
        state.closing = Some(reader.into_store());
    }
    state.overlay = None;
    state.screen = Screen::Library;
    // From here on the reader was reached from the library, and goes back to it.
    state.back_quits = false;
    let dir = state.library.dir.clone();
    vec![Effect::SaveMemory, Effect::ScanLibrary(dir)]
}

/// Tagging, notes, deleting, undoing, and what is made from the
/// annotations (list, statistics, hints, export, saving elsewhere).
fn annotation_action(state: &mut State, action: Action) -> Vec<Effect> {
    let Some(reader) = state.reader.as_mut() else {
        return Vec::new();
    };
    let changes = matches!(
        action,
        Action::Tag(_) | Action::EditNote | Action::Delete | Action::Undo | Action::Redo
    );
    if changes && reader.store().submitted().is_some() {
        state.say("this file was submitted and is kept as handed in");
        return Vec::new();
    }
    match action {
        Action::Submit => submit(state),
        Action::Tag(index) => super::annotating::tag(state, index),
        Action::EditNote => super::annotating::edit_note(state),
        Action::Delete => delete(state),
        Action::Undo | Action::Redo => undo_or_redo(state, action == Action::Undo),
        Action::Export => vec![Effect::Export],
        _ => {
            show_annotations(state, action);
            Vec::new()
        }
    }
}

fn delete(state: &mut State) -> Vec<Effect> {
    let Some(reader) = state.reader.as_mut() else {
        return Vec::new();
    };
    let Some(id) = reader.annotation_under_cursor() else {
        state.say("nothing tagged here");
        return Vec::new();
    };
    match reader.store_mut().delete(&id) {
        Ok(removed) => {
            let what = if removed.labels.is_empty() {
                "note".to_string()
            } else {
                removed.labels_joined()
            };
            state.say(format!("deleted the {what} (u undoes)"));
            vec![Effect::SaveAnnotations]
        }
        Err(e) => {
            state.complain(e.to_string());
            Vec::new()
        }
    }
}

fn undo_or_redo(state: &mut State, undo: bool) -> Vec<Effect> {
    let Some(reader) = state.reader.as_mut() else {
        return Vec::new();
    };
    let change = if undo {
        reader.store_mut().undo()
    } else {
        reader.store_mut().redo()
    };
    let Some(change) = change else {
        state.say(if undo {
            "nothing to undo"
        } else {
            "nothing to redo"
        });
        return Vec::new();
    };
    if let Some(range) = reader.store().get(&change.id).and_then(|(_, r)| r.range()) {
        reader.put_cursor_at(range.start);
    }
    let verb = if undo { "undid" } else { "redid" };
    state.say(format!("{verb}: {}", describe(change.kind)));
    vec![Effect::SaveAnnotations]
}

/// The list, statistics, hints, and the path to save elsewhere.
fn show_annotations(state: &mut State, action: Action) {
    let Some(reader) = state.reader.as_mut() else {
        return;
    };
    match action {
        Action::ListAnnotations => {
            state.overlay = Some(Overlay::List(AnnotationList::default()));
        }
        Action::ToggleHints => {
            state.message = Some(Message::info(if reader.toggle_hints() {
                "hints: cues, not answers; their trigger words are underlined (h hides them)"
            } else {
                "hints hidden"
            }));
        }
        Action::Stats => {
            let labels = &state.config.labels;
            let stats = crate::export::stats::compute(reader.article(), reader.store(), labels);
            let text =
                crate::export::stats::render_text(&stats, &reader.article().meta.title, labels);
            state.overlay = Some(Overlay::Stats { text, scroll: 0 });
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
            state.overlay = Some(Overlay::SaveAs(LineInput::new(name)));
        }
        _ => {}
    }
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
    if state.confirm.take() != Some(Confirm::Submit) {
        state.confirm = Some(Confirm::Submit);
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

fn outline_action(reader: &mut Reader, action: Action) {
    match action {
        Action::ScrollDown => reader.step_outline(true),
        Action::ScrollUp => reader.step_outline(false),
        Action::Open => reader.open_outline_entry(),
        _ => {}
    }
}
