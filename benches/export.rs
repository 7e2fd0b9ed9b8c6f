//! Exporting War and Peace (or a generated text of the same size when the
//! corpus is absent) with 10,000 annotations: markdown (the article written
//! from its blocks, every passage marked, the summary and the list), JSON,
//! CSV and the statistics. The aim is under 100 ms for the markdown.

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use marginalia::annotate::Store;
use marginalia::article::{Article, Format, parse_source};
use marginalia::config::Config;
use marginalia::export::{MarkerStyle, stats, to_csv, to_json, to_markdown};

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

/// Paragraphs of prose from a small vocabulary, the same on every run.
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
        text.push_str(match word_count % 90 {
            0 => ".\n\n",
            n if n % 15 == 0 => ". ",
            _ => " ",
        });
    }
    text
}

fn floor_char(text: &str, mut i: usize) -> usize {
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// [`ANNOTATIONS`] passages spread evenly over the article, every third
/// with a note holding markdown characters to escape.
fn annotated_store(dir: &tempfile::TempDir, article: &Article) -> Store {
    let text = &article.text;
    let mut store =
        Store::open(dir.path().join("bench.marginalia.json"), text).expect("a fresh store");
    let step = (text.len() - QUOTE_BYTES) / ANNOTATIONS;
    let labels = ["claim", "opinion", "speculation"];
    for i in 0..ANNOTATIONS {
        let start = floor_char(text, i * step);
        let end = floor_char(text, start + QUOTE_BYTES);
        let id = store
            .add(labels[i % labels.len()], start..end, "bench")
            .expect("a valid range");
        if i % 3 == 0 {
            store
                .set_note(&id, "Source? See *chapter* 3 | [notes]")
                .expect("a known id");
        }
    }
    store
}

fn export(c: &mut Criterion) {
    let text = corpus_text();
    let article = parse_source("war-and-peace", Format::PlainText, &text);
    let dir = tempfile::tempdir().expect("a temporary directory");
    let store = annotated_store(&dir, &article);
    let labels = Config::default().labels;
    let path = "war-and-peace.txt";
    eprintln!(
        "text: {} bytes, {} blocks, {} sections; markdown export: {} bytes",
        text.len(),
        article.blocks.len(),
        article.sections.len(),
        to_markdown(&article, &store, &labels, path, MarkerStyle::Markers).len()
    );

    let mut group = c.benchmark_group("export 10k");
    group.sample_size(20);
    group.bench_function("markdown", |b| {
        b.iter(|| {
            to_markdown(
                black_box(&article),
                &store,
                &labels,
                path,
                MarkerStyle::Markers,
            )
        })
    });
    group.bench_function("json", |b| {
        b.iter(|| to_json(black_box(&article), &store, &labels, path))
    });
    group.bench_function("csv", |b| b.iter(|| to_csv(black_box(&article), &store)));
    group.bench_function("stats", |b| {
        b.iter(|| stats::compute(black_box(&article), &store, &labels))
    });
    group.finish();
}

criterion_group!(benches, export);
criterion_main!(benches);
