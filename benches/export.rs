//! Exporting War and Peace (or a generated text of the same size when the
//! corpus is absent) with 10,000 annotations: markdown (the article written
//! from its blocks, every passage marked, the summary and the list), JSON,
//! CSV and the statistics. The aim is under 100 ms for the markdown.

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use marginalia::annotate::Store;
use marginalia::article::{Article, Format, parse_source};
use marginalia::config::Config;
use marginalia::export::{MarkerStyle, stats, to_csv, to_html, to_json, to_markdown, to_w3c};

mod common;

use common::{annotate_evenly, book_text};

/// [`ANNOTATIONS`] passages spread evenly over the article, every third
/// with a note holding markdown characters to escape.
fn annotated_store(dir: &tempfile::TempDir, article: &Article) -> Store {
    let mut store = Store::open(dir.path().join("bench.marginalia.json"), &article.text)
        .expect("a fresh store");
    annotate_evenly(
        &mut store,
        &article.text,
        Some((3, "Source? See *chapter* 3 | [notes]")),
    );
    store
}

fn export(c: &mut Criterion) {
    let text = book_text();
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
    group.bench_function("html", |b| {
        b.iter(|| to_html(black_box(&article), &store, &labels, path))
    });
    group.bench_function("w3c", |b| {
        b.iter(|| to_w3c(black_box(&article), &store, path))
    });
    group.bench_function("stats", |b| {
        b.iter(|| stats::compute(black_box(&article), &store, &labels))
    });
    group.finish();
}

criterion_group!(benches, export);
criterion_main!(benches);
