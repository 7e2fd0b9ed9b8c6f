//! Saves carried out on another thread: what they write, what stays
//! unsaved, and another process's file merged in rather than overwritten.

use std::fs;
use std::sync::Arc;

use super::tests::{TEXT, empty_store, tag};
use super::*;

/// Runs `job` on a thread of its own, as the reader's writer does.
fn run_elsewhere(job: SaveJob) -> SaveOutcome {
    std::thread::spawn(move || job.run()).join().unwrap()
}

fn notes(store: &Store) -> Vec<&str> {
    store
        .annotations()
        .iter()
        .map(|a| a.note.as_str())
        .collect()
}

#[test]
fn a_job_writes_what_save_would_and_the_changes_are_saved() {
    let (_dir, path, mut store) = empty_store();
    let id = tag(&mut store, "claim", "Critics");
    store.set_note(&id, "who?").unwrap();
    let job = store.save_job(None).unwrap().expect("changes to write");
    assert!(store.is_saving() && !store.has_unsaved_changes());
    assert!(!store.finish_save(run_elsewhere(job)).unwrap());
    assert!(!store.is_saving() && !store.has_unsaved_changes());
    let reopened = Store::open(&path, TEXT).unwrap();
    assert_eq!(notes(&reopened), ["who?"]);
    // Nothing more to write: no job, and a plain save writes nothing.
    assert!(store.save_job(None).unwrap().is_none());
    let before = fs::metadata(&path).unwrap().modified().unwrap();
    store.save().unwrap();
    assert_eq!(fs::metadata(&path).unwrap().modified().unwrap(), before);
}

#[test]
fn a_note_handed_over_in_pieces_is_saved_and_the_store_keeps_its_own() {
    let (_dir, path, mut store) = empty_store();
    let id = tag(&mut store, "claim", "Critics");
    store.save().unwrap();
    let pieces: Vec<Arc<str>> = vec![Arc::from("first line\nsec"), Arc::from("ond line")];
    let job = store
        .save_job(Some((&id, pieces)))
        .unwrap()
        .expect("the note to write");
    assert!(!store.finish_save(run_elsewhere(job)).unwrap());
    assert_eq!(
        notes(&Store::open(&path, TEXT).unwrap()),
        ["first line\nsecond line"]
    );
    assert_eq!(notes(&store), [""], "the store's note is not replaced");
    // The editor puts the note in the store as it closes: saved as usual.
    store.set_note(&id, "first line\nsecond line!").unwrap();
    store.save().unwrap();
    assert_eq!(
        notes(&Store::open(&path, TEXT).unwrap()),
        ["first line\nsecond line!"]
    );
}

#[test]
fn changes_made_while_a_job_runs_stay_unsaved_until_the_next() {
    let (_dir, path, mut store) = empty_store();
    let first = tag(&mut store, "claim", "Critics");
    let job = store.save_job(None).unwrap().unwrap();
    let second = tag(&mut store, "opinion", "Rents rose");
    assert!(store.has_unsaved_changes());
    assert!(!store.finish_save(run_elsewhere(job)).unwrap());
    assert!(store.has_unsaved_changes(), "the tag made meanwhile");
    let job = store.save_job(None).unwrap().unwrap();
    store.finish_save(run_elsewhere(job)).unwrap();
    let ids: Vec<String> = Store::open(&path, TEXT)
        .unwrap()
        .annotations()
        .iter()
        .map(|a| a.id.clone())
        .collect();
    assert_eq!(ids, [first, second]);
}

#[test]
fn a_job_that_finds_another_processs_file_writes_nothing_and_merges_it() {
    let (_dir, path, mut ours) = empty_store();
    tag(&mut ours, "claim", "Critics");
    ours.save().unwrap();
    let mut theirs = Store::open(&path, TEXT).unwrap();
    tag(&mut theirs, "speculation", "by 2030");
    let id = tag(&mut ours, "opinion", "Rents rose");
    let job = ours.save_job(None).unwrap().unwrap();
    theirs.save().unwrap();
    let written_by_them = fs::read(&path).unwrap();
    assert!(ours.finish_save(run_elsewhere(job)).unwrap(), "save again");
    assert_eq!(
        fs::read(&path).unwrap(),
        written_by_them,
        "theirs not overwritten"
    );
    assert!(ours.has_unsaved_changes());
    assert_eq!(ours.annotations().len(), 3, "theirs merged in");
    let job = ours.save_job(None).unwrap().unwrap();
    assert!(!ours.finish_save(run_elsewhere(job)).unwrap());
    let saved = Store::open(&path, TEXT).unwrap();
    assert_eq!(saved.annotations().len(), 3);
    assert!(saved.get(&id).is_some());
}

#[test]
fn a_read_only_store_makes_no_job() {
    let (_dir, _path, mut store) = empty_store();
    tag(&mut store, "claim", "Critics");
    store.save().unwrap();
    store.submit().unwrap();
    tag(&mut store, "opinion", "Rents rose");
    assert!(matches!(
        store.save_job(None),
        Err(StoreError::ReadOnly { .. })
    ));
    assert!(store.has_unsaved_changes());
}
