//! 10,000 annotations spread over War and Peace (or a generated text of the
//! same size when the corpus is absent): opening (read JSON, place all),
//! placing alone on an unchanged and on an edited text, and saving one change.

use std::hint::black_box;
use std::path::Path;

use criterion::{Criterion, criterion_group, criterion_main};
use marginalia::annotate::{Store, resolve_all};

mod common;

use common::{ANNOTATIONS, annotate_evenly, book_text};

/// A store of [`ANNOTATIONS`] saved to `path`, evenly spread over `text`.
fn annotated_store(path: &Path, text: &str) -> Store {
    let mut store = Store::open(path, text).expect("a fresh store");
    annotate_evenly(&mut store, text, None);
    store.save().expect("saving the bench store");
    store
}

fn annotations(c: &mut Criterion) {
    let text = book_text();
    let dir = tempfile::tempdir().expect("a temporary directory");
    let path = dir.path().join("war-and-peace.txt.marginalia.json");
    let mut store = annotated_store(&path, &text);
    let file_bytes = std::fs::metadata(&path).map_or(0, |m| m.len());
    eprintln!(
        "text: {} bytes; annotations file: {file_bytes} bytes",
        text.len()
    );
    let anchors: Vec<_> = store
        .annotations()
        .iter()
        .map(|a| a.anchor.clone())
        .collect();
    let edited = format!("A new first paragraph, added after the annotations were made.\n\n{text}");

    let mut group = c.benchmark_group("annotations 10k");
    group.sample_size(20);
    group.bench_function("open (read JSON, place all)", |b| {
        b.iter(|| Store::open(black_box(&path), black_box(&text)).expect("opening"))
    });
    group.bench_function("place all, text unchanged", |b| {
        b.iter(|| resolve_all(black_box(&text), &anchors))
    });
    group.bench_function("place all, text edited at the start", |b| {
        b.iter(|| resolve_all(black_box(&edited), &anchors))
    });
    let id = store.annotations()[ANNOTATIONS / 2].id.clone();
    let mut flip = false;
    group.bench_function("save one note change", |b| {
        b.iter(|| {
            flip = !flip;
            store
                .set_note(&id, if flip { "checked" } else { "unchecked" })
                .expect("a known id");
            store.save().expect("saving");
        })
    });
    group.finish();
}

criterion_group!(benches, annotations);
criterion_main!(benches);
