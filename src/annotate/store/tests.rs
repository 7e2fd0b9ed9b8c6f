//! The store's tests: edits, undo, saving, merging and damage.

use std::fs;
use std::ops::Range;
use std::path::PathBuf;

use super::*;
use crate::annotate::{EditKind, Placement, content_hash};

pub(super) const TEXT: &str = "The mayor says rents will fall. Critics disagree. \
    Rents rose 9% last year. Rents will fall, he insists, by 2030.";

fn range_of(text: &str, quote: &str) -> Range<usize> {
    let start = text.find(quote).unwrap();
    start..start + quote.len()
}

fn sidecar(dir: &tempfile::TempDir) -> PathBuf {
    dir.path().join("op-ed.md.marginalia.json")
}

/// A fresh folder (kept while the test holds it), the path of the op-ed's
/// annotation file in it, and the empty store that file opens as.
pub(super) fn empty_store() -> (tempfile::TempDir, PathBuf, Store) {
    let dir = tempfile::tempdir().unwrap();
    let path = sidecar(&dir);
    let store = Store::open(&path, TEXT).unwrap();
    (dir, path, store)
}

/// Tags the first `quote` in `TEXT` with `label`, as Ada; the new id.
pub(super) fn tag(store: &mut Store, label: &str, quote: &str) -> String {
    store.add(label, range_of(TEXT, quote), "Ada").unwrap()
}

/// Each annotation's labels (joined by ", ") and quote.
fn labels(store: &Store) -> Vec<(String, &str)> {
    store
        .annotations()
        .iter()
        .map(|a| (a.labels_joined(), a.anchor.quote.as_str()))
        .collect()
}

fn owned<'a>(rows: &[(&str, &'a str)]) -> Vec<(String, &'a str)> {
    rows.iter().map(|(l, q)| (l.to_string(), *q)).collect()
}

#[test]
fn a_submitted_file_is_frozen() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("student.json");
    let text = "One claim here. Another sentence.";
    let mut store = Store::open(&path, text).unwrap();
    store.add("claim", 0..15, "ana").unwrap();
    store.save().unwrap();
    store.submit().unwrap();
    let before = std::fs::read(&path).unwrap();
    let id = store.add("opinion", 16..33, "ana").unwrap();
    assert!(store.save().is_err());
    store.delete(&id).unwrap();
    let mut reopened = Store::open(&path, text).unwrap();
    assert!(reopened.submitted().is_some());
    assert!(matches!(
        reopened.read_only_reason(),
        Some(ReadOnly::Submitted(_))
    ));
    assert!(
        reopened
            .read_only_reason()
            .unwrap()
            .to_string()
            .contains("submitted")
    );
    reopened.add("opinion", 16..33, "ana").unwrap();
    assert!(reopened.save().is_err());
    assert_eq!(std::fs::read(&path).unwrap(), before);
}

#[test]
fn missing_file_is_an_empty_store_and_saving_creates_it() {
    let (_dir, path, mut store) = empty_store();
    assert!(store.annotations().is_empty());
    store.save().unwrap();
    assert!(!path.exists(), "nothing to save, nothing written");

    store.set_article("Rents", "op-ed.md");
    let id = tag(&mut store, "claim", "Rents rose 9% last year.");
    assert!(store.has_unsaved_changes());
    store.save().unwrap();
    assert!(!store.has_unsaved_changes());

    let reopened = Store::open(&path, TEXT).unwrap();
    assert_eq!(reopened.annotations(), store.annotations());
    assert_eq!(reopened.article().title, "Rents");
    assert_eq!(reopened.article().content_hash, content_hash(TEXT));
    let (annotation, resolution) = reopened.get(&id).unwrap();
    assert_eq!(annotation.annotator, "Ada");
    assert_eq!(
        resolution.placement,
        Placement::Exact(range_of(TEXT, "Rents rose 9% last year."))
    );
}

#[test]
fn tagging_the_same_range_again_adds_the_label() {
    let (_dir, _, mut store) = empty_store();
    let range = range_of(TEXT, "Critics disagree.");
    let first = store.add("claim", range.clone(), "Ada").unwrap();
    let second = store.add(" opinion ", range.clone(), "Ada").unwrap();
    assert_eq!(first, second);
    store.add("claim", range.clone(), "Ada").unwrap();
    assert_eq!(
        labels(&store),
        owned(&[("claim, opinion", "Critics disagree.")]),
        "each label once, in the order given"
    );
    // A different range is a new annotation, even when it overlaps.
    store
        .add("claim", range.start..range.end - 1, "Ada")
        .unwrap();
    assert_eq!(store.annotations().len(), 2);
}

#[test]
fn queries_sort_by_position_and_list_orphans() {
    let (_dir, path, mut store) = empty_store();
    let late = tag(&mut store, "claim", "by 2030");
    let whole = store
        .add(
            "opinion",
            range_of(TEXT, "Rents will fall, he insists, by 2030."),
            "Ada",
        )
        .unwrap();
    let early = tag(&mut store, "claim", "The mayor");
    store.save().unwrap();

    let ids = |placed: Vec<Placed>| {
        placed
            .iter()
            .map(|p| p.annotation.id.clone())
            .collect::<Vec<_>>()
    };
    assert_eq!(
        ids(store.overlapping(0..TEXT.len()).collect()),
        vec![early.clone(), whole.clone(), late.clone()]
    );
    assert_eq!(
        ids(store.at(TEXT.find("2030").unwrap()).collect()),
        vec![whole.clone(), late.clone()]
    );
    assert_eq!(
        ids(store.at(TEXT.find("he insists").unwrap()).collect()),
        vec![whole.clone()]
    );
    assert!(store.at(TEXT.find("Critics").unwrap()).next().is_none());

    // The article is edited: the mayor goes, a sentence is added before the rest.
    let edited = TEXT.replace("The mayor says rents will fall. ", "A new lede. ");
    let store = Store::open(&path, &edited).unwrap();
    assert_eq!(
        store.orphans().map(|a| a.id.clone()).collect::<Vec<_>>(),
        vec![early]
    );
    let (_, moved) = store.get(&late).unwrap();
    assert!(matches!(moved.placement, Placement::Moved(_)));
    assert_eq!(&edited[moved.range().unwrap()], "by 2030");
}

#[test]
fn bad_edits_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(sidecar(&dir), "naïve").unwrap();
    assert!(matches!(
        store.add("claim", 2..3, "Ada"),
        Err(StoreError::InvalidRange { .. })
    ));
    assert!(matches!(
        store.add("claim", 1..1, "Ada"),
        Err(StoreError::InvalidRange { .. })
    ));
    assert!(matches!(
        store.add("  ", 0..2, "Ada"),
        Err(StoreError::EmptyLabel)
    ));
    assert!(matches!(
        store.set_note("nope", "x"),
        Err(StoreError::UnknownAnnotation { .. })
    ));
    assert!(!store.has_unsaved_changes());
}

#[test]
fn undo_and_redo_restore_exact_states() {
    let (_dir, _, mut store) = empty_store();
    let id = tag(&mut store, "claim", "Critics disagree.");
    let tagged = store.get(&id).unwrap().0.clone();
    store.set_label(&id, "opinion").unwrap();
    let retagged = store.get(&id).unwrap().0.clone();
    for typed in ["W", "Wh", "Who?"] {
        store.set_note(&id, typed).unwrap();
    }
    let noted = store.get(&id).unwrap().0.clone();
    store.delete(&id).unwrap();
    assert!(store.get(&id).is_none());

    let undo = |store: &mut Store| store.undo().map(|c| c.kind);
    assert_eq!(undo(&mut store), Some(EditKind::Delete));
    assert_eq!(store.get(&id).unwrap().0, &noted);
    assert_eq!(
        store.at(TEXT.find("Critics").unwrap()).count(),
        1,
        "placed again"
    );
    assert_eq!(
        undo(&mut store),
        Some(EditKind::Note),
        "keystrokes are one step"
    );
    assert_eq!(store.get(&id).unwrap().0, &retagged);
    assert_eq!(undo(&mut store), Some(EditKind::Retag));
    assert_eq!(store.get(&id).unwrap().0, &tagged);
    assert_eq!(undo(&mut store), Some(EditKind::Tag));
    assert!(store.annotations().is_empty());
    assert_eq!(undo(&mut store), None);

    assert_eq!(store.redo().map(|c| c.kind), Some(EditKind::Tag));
    assert_eq!(store.redo().map(|c| c.kind), Some(EditKind::Retag));
    assert_eq!(store.get(&id).unwrap().0, &retagged);
    // A new edit ends the redo chain.
    store.set_note(&id, "Fresh").unwrap();
    assert!(!store.can_redo());
    assert_eq!(store.get(&id).unwrap().0.note, "Fresh");
}

#[test]
fn undone_edits_are_saved_too() {
    let (_dir, path, mut store) = empty_store();
    tag(&mut store, "claim", "Critics disagree.");
    store.save().unwrap();
    store.undo().unwrap();
    store.save().unwrap();
    assert!(Store::open(&path, TEXT).unwrap().annotations().is_empty());
}

#[test]
fn saving_leaves_no_temporary_or_lock_file() {
    let (dir, _, mut store) = empty_store();
    for quote in ["The mayor", "Critics", "Rents rose"] {
        tag(&mut store, "claim", quote);
        store.save().unwrap();
    }
    let mut names: Vec<String> = fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(names, vec!["op-ed.md.marginalia.json"]);
}

/// Older versions kept `NAME.lock` for good, and a writer killed while it
/// holds the lock leaves it: the next open removes one that no one holds.
#[test]
fn a_lock_file_left_behind_is_removed_on_open() {
    let dir = tempfile::tempdir().unwrap();
    let path = sidecar(&dir);
    let lock = dir.path().join("op-ed.md.marginalia.json.lock");
    fs::write(&lock, "").unwrap();
    Store::open(&path, TEXT).unwrap();
    assert!(!lock.exists());
    assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 0);
}

#[test]
fn a_failed_save_keeps_the_old_file_and_the_change() {
    let (dir, path, mut store) = empty_store();
    tag(&mut store, "claim", "Critics");
    store.save().unwrap();
    let before = fs::read(&path).unwrap();

    // A directory where the temporary file must go makes the write fail,
    // even for root, who ignores read-only permissions.
    let blocker = dir.path().join(format!(
        ".op-ed.md.marginalia.json.tmp{}",
        std::process::id()
    ));
    fs::create_dir(&blocker).unwrap();
    tag(&mut store, "opinion", "Rents rose");
    let error = store.save().unwrap_err();
    assert!(
        error.to_string().contains("cannot save the annotations"),
        "{error}"
    );
    assert_eq!(fs::read(&path).unwrap(), before);
    assert!(store.has_unsaved_changes());
    // A save on another thread fails the same way, the change kept.
    let job = store.save_job(None).unwrap().unwrap();
    assert!(store.finish_save(job.run()).is_err());
    assert_eq!(fs::read(&path).unwrap(), before);
    assert!(store.has_unsaved_changes() && !store.is_saving());

    fs::remove_dir(&blocker).unwrap();
    store.save().unwrap();
    assert_eq!(Store::open(&path, TEXT).unwrap().annotations().len(), 2);
}

#[test]
fn an_unwritable_place_can_be_left_with_save_as() {
    let dir = tempfile::tempdir().unwrap();
    let gone = dir.path().join("gone");
    fs::create_dir(&gone).unwrap();
    let mut store = Store::open(gone.join("x.marginalia.json"), TEXT).unwrap();
    // The folder is replaced by a file: nothing can be written there.
    fs::remove_dir(&gone).unwrap();
    fs::write(&gone, "").unwrap();
    tag(&mut store, "claim", "Critics");
    assert!(matches!(store.save(), Err(StoreError::Io { .. })));
    let elsewhere = sidecar(&dir);
    store.save_as(&elsewhere).unwrap();
    assert_eq!(store.path(), elsewhere);
    assert!(!store.has_unsaved_changes());
    assert_eq!(
        Store::open(&elsewhere, TEXT).unwrap().annotations().len(),
        1
    );
}

#[test]
fn damaged_files_are_never_overwritten() {
    let dir = tempfile::tempdir().unwrap();
    let path = sidecar(&dir);
    let damaged = "{\n  \"schema\": 1,\n  \"article\": {\n  oops\n";
    fs::write(&path, damaged).unwrap();

    let error = Store::open(&path, TEXT).unwrap_err();
    let message = error.to_string();
    assert!(message.contains("line 4, column 3"), "{message}");
    assert!(message.contains("left untouched"), "{message}");

    let mut store = Store::read_only_after_damage(&path, TEXT, &error);
    assert!(matches!(
        store.read_only_reason(),
        Some(ReadOnly::Unreadable(why)) if why.contains("line 4")
    ));
    tag(&mut store, "claim", "Critics");
    assert!(matches!(store.save(), Err(StoreError::ReadOnly { .. })));
    assert_eq!(fs::read_to_string(&path).unwrap(), damaged);

    let rescue = dir.path().join("rescued.json");
    store.save_as(&rescue).unwrap();
    assert!(store.read_only_reason().is_none());
    assert_eq!(fs::read_to_string(&path).unwrap(), damaged);
}

#[test]
fn damage_appearing_on_disk_stops_the_save() {
    let (_dir, path, mut store) = empty_store();
    tag(&mut store, "claim", "Critics");
    store.save().unwrap();
    fs::write(&path, "{ torn").unwrap();
    tag(&mut store, "claim", "Rents rose");
    assert!(matches!(store.save(), Err(StoreError::Unreadable { .. })));
    assert_eq!(fs::read_to_string(&path).unwrap(), "{ torn");
    assert!(store.has_unsaved_changes());
}

#[test]
fn a_newer_schema_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let path = sidecar(&dir);
    fs::write(&path, r#"{"schema": 7, "everything": "different"}"#).unwrap();
    let error = Store::open(&path, TEXT).unwrap_err();
    assert!(error.to_string().contains("schema 7"), "{error}");
}

#[test]
fn two_stores_on_one_file_keep_each_others_edits() {
    let (_dir, path, mut ada) = empty_store();
    let shared = tag(&mut ada, "claim", "Critics disagree.");
    let doomed = tag(&mut ada, "claim", "The mayor");
    ada.save().unwrap();

    let mut bob = Store::open(&path, TEXT).unwrap();
    tag(&mut ada, "opinion", "Rents rose 9% last year.");
    ada.set_note(&shared, "Which critics?").unwrap();
    ada.save().unwrap();

    bob.add("speculation", range_of(TEXT, "by 2030"), "Bob")
        .unwrap();
    bob.delete(&doomed).unwrap();
    bob.save().unwrap();
    // Bob now holds Ada's edits too.
    assert_eq!(bob.get(&shared).unwrap().0.note, "Which critics?");

    ada.set_label(&shared, "opinion").unwrap();
    ada.save().unwrap();

    let merged = Store::open(&path, TEXT).unwrap();
    let mut got: Vec<_> = labels(&merged);
    got.sort();
    assert_eq!(
        got,
        owned(&[
            ("opinion", "Critics disagree."),
            ("opinion", "Rents rose 9% last year."),
            ("speculation", "by 2030"),
        ])
    );
    assert_eq!(merged.get(&shared).unwrap().0.note, "Which critics?");
    assert_eq!(ada.annotations().len(), 3);
}

#[test]
fn concurrent_saves_from_threads_lose_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let path = sidecar(&dir);
    let quotes = ["The mayor", "Critics", "Rents rose", "by 2030"];
    std::thread::scope(|scope| {
        for quote in quotes {
            let path = path.clone();
            scope.spawn(move || {
                let mut store = Store::open(&path, TEXT).unwrap();
                tag(&mut store, "claim", quote);
                store.save().unwrap();
            });
        }
    });
    assert_eq!(
        Store::open(&path, TEXT).unwrap().annotations().len(),
        quotes.len()
    );
}

#[test]
fn a_label_toggles_and_the_last_one_off_a_bare_passage_removes_it() {
    let (_dir, _, mut store) = empty_store();
    let range = range_of(TEXT, "Critics disagree.");
    let id = store.add("claim", range.clone(), "Ada").unwrap();
    assert!(store.toggle_label(&id, "opinion").unwrap());
    assert_eq!(store.get(&id).unwrap().0.labels, ["claim", "opinion"]);
    assert!(!store.toggle_label(&id, "claim").unwrap());
    assert_eq!(store.get(&id).unwrap().0.labels, ["opinion"]);
    assert_eq!(store.undo().map(|c| c.kind), Some(EditKind::Retag));
    assert_eq!(store.get(&id).unwrap().0.labels, ["claim", "opinion"]);
    store.toggle_label(&id, "claim").unwrap();
    // Taking off the last label of a passage with no note leaves nothing.
    assert!(!store.toggle_label(&id, "opinion").unwrap());
    assert!(store.get(&id).is_none());
    // With a note, the passage stays as a plain note.
    let id = store.add("claim", range, "Ada").unwrap();
    store.set_note(&id, "Which critics?").unwrap();
    store.toggle_label(&id, "claim").unwrap();
    let (kept, _) = store.get(&id).unwrap();
    assert!(kept.labels.is_empty());
    assert_eq!(kept.note, "Which critics?");
}

#[test]
fn a_plain_note_has_no_label_and_takes_one_later() {
    let (_dir, path, mut store) = empty_store();
    let range = range_of(TEXT, "Rents rose 9% last year.");
    let id = store.add_note(range.clone(), "Ada").unwrap();
    assert_eq!(
        store.add_note(range.clone(), "Ada").unwrap(),
        id,
        "one per range"
    );
    store.set_note(&id, "Source?").unwrap();
    store.save().unwrap();
    let reopened = Store::open(&path, TEXT).unwrap();
    assert!(reopened.get(&id).unwrap().0.labels.is_empty());
    assert!(
        fs::read_to_string(&path)
            .unwrap()
            .contains("\"labels\": []")
    );
    assert_eq!(store.add("claim", range, "Ada").unwrap(), id);
    assert_eq!(store.get(&id).unwrap().0.labels, ["claim"]);
}

#[test]
fn a_schema_one_file_opens_unchanged_and_saves_as_schema_two_losing_nothing() {
    let (_dir, path, mut store) = empty_store();
    tag(&mut store, "claim", "Critics disagree.");
    let id = tag(&mut store, "opinion", "by 2030");
    store.set_note(&id, "Says who?").unwrap();
    store.save().unwrap();
    // The same file as the last version wrote it: schema 1, one label each.
    let old = fs::read_to_string(&path)
        .unwrap()
        .replace("\"schema\": 2", "\"schema\": 1")
        .replace(
            "\"labels\": [\n        \"claim\"\n      ]",
            "\"label\": \"claim\"",
        )
        .replace(
            "\"labels\": [\n        \"opinion\"\n      ]",
            "\"label\": \"opinion\"",
        );
    assert!(
        old.contains("\"label\": \"claim\"") && !old.contains("\"labels\""),
        "{old}"
    );
    fs::write(&path, &old).unwrap();

    let mut opened = Store::open(&path, TEXT).unwrap();
    assert_eq!(opened.annotations(), store.annotations());
    opened.save().unwrap();
    assert_eq!(
        fs::read_to_string(&path).unwrap(),
        old,
        "opening alone rewrites nothing"
    );
    opened.toggle_label(&id, "speculation").unwrap();
    opened.save().unwrap();
    let new = fs::read_to_string(&path).unwrap();
    assert!(
        new.contains("\"schema\": 2") && !new.contains("\"label\":"),
        "{new}"
    );
    let again = Store::open(&path, TEXT).unwrap();
    assert_eq!(
        labels(&again),
        owned(&[
            ("claim", "Critics disagree."),
            ("opinion, speculation", "by 2030")
        ])
    );
    assert_eq!(again.get(&id).unwrap().0.note, "Says who?");
}
