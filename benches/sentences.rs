//! Sentence splitting over a long book: War and Peace, 3.3 MB.

use std::hint::black_box;
use std::path::Path;

use criterion::{Criterion, criterion_group, criterion_main};
use marginalia::article::{load_path, split_sentences};

const WAR_AND_PEACE: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../shared/corpus/war-and-peace.txt"
);

fn war_and_peace(c: &mut Criterion) {
    let path = Path::new(WAR_AND_PEACE);
    if !path.exists() {
        eprintln!("skipped: {WAR_AND_PEACE} is absent");
        return;
    }
    let article = load_path(path).expect("the corpus loads");
    c.bench_function("split_sentences war-and-peace", |b| {
        b.iter(|| split_sentences(black_box(&article.text), black_box(&article.blocks)))
    });
}

criterion_group!(benches, war_and_peace);
criterion_main!(benches);
