//! Loading a long plain-text book: `load_path` (read, decode, parse, sections,
//! sentences) on war-and-peace.txt, beside a bare pulldown-cmark pass over the
//! same bytes for scale. Throughput is reported in MB/s.
//!
//! Without the shared corpus, a generated book of the same size stands in.

use std::hint::black_box;
use std::path::{Path, PathBuf};

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use marginalia::article::load_path;

const CORPUS_BOOK: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../shared/corpus/war-and-peace.txt"
);

/// About the size of war-and-peace.txt.
const GENERATED_BYTES: usize = 3_300_000;

/// A book laid out like a Project Gutenberg novel: books, chapters, and
/// paragraphs of one line each, separated by blank lines.
fn generated_book() -> String {
    const SENTENCES: [&str; 6] = [
        "“Well, Prince, so Genoa and Lucca are now just family estates,” she said.",
        "It was in July, and the speaker was the well-known maid of honor.",
        "All her invitations without exception were written in French.",
        "He spoke in that refined French in which our grandfathers not only spoke but thought.",
        "The prince, not in the least disconcerted by this reception, went up to her.",
        "Can one be well while suffering morally?",
    ];
    let mut book = String::with_capacity(GENERATED_BYTES + 1024);
    let mut paragraph = 0;
    while book.len() < GENERATED_BYTES {
        if paragraph % 600 == 0 {
            book.push_str(&format!("BOOK {}: 1805\n\n\n", paragraph / 600 + 1));
        }
        if paragraph % 30 == 0 {
            book.push_str(&format!("CHAPTER {}\n\n", paragraph % 600 / 30 + 1));
        }
        let sentences = 3 + paragraph % 5;
        for n in 0..sentences {
            book.push_str(SENTENCES[(paragraph + n) % SENTENCES.len()]);
            book.push(if n + 1 == sentences { '\n' } else { ' ' });
        }
        book.push('\n');
        paragraph += 1;
    }
    book
}

fn load(c: &mut Criterion) {
    let generated_dir;
    let path: PathBuf = if Path::new(CORPUS_BOOK).exists() {
        PathBuf::from(CORPUS_BOOK)
    } else {
        println!("note: {CORPUS_BOOK} is absent; benching a generated book instead");
        generated_dir = tempfile::tempdir().expect("temporary directory");
        let path = generated_dir.path().join("generated-book.txt");
        std::fs::write(&path, generated_book()).expect("write the generated book");
        path
    };
    let bytes = std::fs::read(&path).expect("read the book");
    let text = String::from_utf8_lossy(&bytes);

    let mut group = c.benchmark_group("load");
    group.throughput(Throughput::BytesDecimal(bytes.len() as u64));
    group.sample_size(30);
    group.bench_function("load_path (plain text)", |b| {
        b.iter(|| load_path(black_box(&path)).expect("the book loads"))
    });
    group.bench_function("pulldown_cmark::Parser", |b| {
        b.iter(|| pulldown_cmark::Parser::new(black_box(&text)).count())
    });
    group.finish();
}

criterion_group!(benches, load);
criterion_main!(benches);
