//! 10,000 annotations spread over War and Peace (or a generated text of the
//! same size when the corpus is absent): opening (read JSON, place all),
//! placing alone on an unchanged and on an edited text, and saving one change.

use std::hint::black_box;
use std::path::Path;

use criterion::{Criterion, criterion_group, criterion_main};
use marginalia::annotate::{Store, resolve_all};

const ANNOTATIONS: usize = 10_000;
const QUOTE_BYTES: usize = 80;

fn corpus_text() -> String {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../shared/corpus/war-and-peace.txt"
    );
    match std::fs::read_to_string(path) {
        Ok(text) => text,
        Err(_) => {
            eprintln!("note: {path} is absent; using a generated 3.3 MB text");
            generated_text(3_300_000)
        }
    }
}

/// Prose-like text from a small vocabulary, the same on every run.
fn generated_text(bytes: usize) -> String {
    const WORDS: [&str; 12] = [
        "the", "prince", "said", "Moscow", "army", "was", "quietly", "Natásha", "and", "war",
        "peace", "evening",
    ];
    let mut text = String::with_capacity(bytes + 16);
    let mut state: u32 = 2463534242;
    let mut word_count = 0;
    while text.len() < bytes {
        // xorshift32: cheap, deterministic variety.
        state ^= state << 13;
        state ^= state >> 17;
        state ^= state << 5;
        text.push_str(WORDS[state as usize % WORDS.len()]);
        word_count += 1;
        text.push_str(if word_count % 15 == 0 { ".\n" } else { " " });
    }
    text
}

fn floor_char(text: &str, mut i: usize) -> usize {
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// A store of [`ANNOTATIONS`] saved to `path`, evenly spread over `text`.
fn annotated_store(path: &Path, text: &str) -> Store {
    let mut store = Store::open(path, text).expect("a fresh store");
    let step = (text.len() - QUOTE_BYTES) / ANNOTATIONS;
    let labels = ["claim", "opinion", "speculation"];
    for i in 0..ANNOTATIONS {
        let start = floor_char(text, i * step);
        let end = floor_char(text, start + QUOTE_BYTES);
        store
            .add(labels[i % labels.len()], start..end, "bench")
            .expect("a valid range");
    }
    store.save().expect("saving the bench store");
    store
}

fn annotations(c: &mut Criterion) {
    let text = corpus_text();
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
