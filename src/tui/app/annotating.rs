//! Tagging and notes from the reader: a label key toggles that label on the
//! passage (a passage holds several), `a` opens the note of the passage,
//! making a plain note (no label) where there is none.

use super::{Effect, State};
use crate::tui::overlay::{NoteEditor, Overlay};
use crate::tui::reader::Reader;

/// A label key: on a passage already annotated with exactly this range (the
/// selection, or the cursor's sentence), adds the label or takes it off;
/// elsewhere, tags the passage with it.
pub fn tag(state: &mut State, index: usize) -> Vec<Effect> {
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
    record_whose(reader, &annotator);
    let result = match reader.store().id_with_range(&target) {
        Some(id) => reader.store_mut().toggle_label(&id, &label).map(|on| {
            match reader.store().get(&id).map(|(a, _)| a.labels_joined()) {
                Some(now) if on => format!("added {label}: now {now}"),
                Some(now) if now.is_empty() => format!("removed {label}: a plain note now"),
                Some(now) => format!("removed {label}: now {now}"),
                None => format!("removed {label}: nothing left on the passage (u undoes)"),
            }
        }),
        None => reader
            .store_mut()
            .add(&label, target, &annotator)
            .map(|_| format!("tagged as {label}")),
    };
    match result {
        Ok(said) => {
            reader.clear_selection();
            state.say(said);
            vec![Effect::SaveAnnotations]
        }
        Err(e) => {
            state.complain(e.to_string());
            Vec::new()
        }
    }
}

/// `a`: the note of the annotation under the cursor; on text with none, a
/// plain note on the selection or the cursor's sentence, the editor open
/// at once (closing it empty leaves nothing behind).
pub fn edit_note(state: &mut State) -> Vec<Effect> {
    let annotator = state.config.annotator_name();
    let Some(reader) = state.reader.as_mut() else {
        return Vec::new();
    };
    if let Some(id) = reader.annotation_under_cursor() {
        open_editor(state, id);
        return Vec::new();
    }
    let target = reader.target();
    if target.is_empty() {
        state.say("nothing to annotate here");
        return Vec::new();
    }
    record_whose(reader, &annotator);
    match reader.store_mut().add_note(target, &annotator) {
        Ok(id) => {
            reader.clear_selection();
            open_editor(state, id);
            Vec::new()
        }
        Err(e) => {
            state.complain(e.to_string());
            Vec::new()
        }
    }
}

/// The file says which article it belongs to (relative to its own folder)
/// and whose it is, from its first annotation on.
fn record_whose(reader: &mut Reader, annotator: &str) {
    let path = crate::annotate::recorded_article_path(reader.path(), reader.store().path());
    let title = reader.article().meta.title.clone();
    reader.store_mut().set_article(&title, &path);
    if reader.store().annotator().is_empty() {
        reader.store_mut().set_annotator(annotator);
    }
}

/// Opens the note editor on an annotation, over the reading view.
pub(super) fn open_editor(state: &mut State, id: String) {
    let Some(reader) = state.reader.as_ref() else {
        return;
    };
    let note = reader
        .store()
        .get(&id)
        .map(|(a, _)| a.note.clone())
        .unwrap_or_default();
    state.overlay = Some(Overlay::Note(Box::new(NoteEditor::new(id, &note))));
}

/// `>` and `<`: the cursor to the next (previous) sentence where an
/// annotated passage starts, saying which of how many it is.
pub fn step_annotation(state: &mut State, forward: bool) {
    let Some(reader) = state.reader.as_mut() else {
        return;
    };
    let here = reader.cursor_span();
    let text_len = reader.article().text.len();
    let starts: Vec<usize> = reader
        .store()
        .overlapping(0..text_len.max(1))
        .map(|p| p.range.start)
        .collect();
    // Passages starting in the cursor's sentence are where the cursor is.
    let next = if forward {
        starts
            .iter()
            .position(|&s| s >= here.end.max(here.start + 1))
    } else {
        starts.iter().rposition(|&s| s < here.start)
    };
    let Some(index) = next else {
        state.say(match (starts.is_empty(), forward) {
            (true, _) => "no annotated passages yet",
            (false, true) => "no annotated passage after this one (< goes back)",
            (false, false) => "no annotated passage before this one (> goes on)",
        });
        return;
    };
    reader.put_cursor_at(starts[index]);
    let shown = reader
        .store()
        .overlapping(starts[index]..starts[index] + 1)
        .find(|p| p.range.start == starts[index])
        .map(|p| p.annotation.labels_joined())
        .filter(|labels| !labels.is_empty())
        .unwrap_or_else(|| crate::config::NOTE_WORD.to_string());
    state.say(format!(
        "annotated passage {} of {}: {shown}",
        index + 1,
        starts.len()
    ));
}
