//! `marginalia class` on a class of 30 synthetic students (the example key
//! for "The Case for Boring Bike Lanes" with seeded random mistakes): the
//! whole command, from reading the article and 31 files to the report, as
//! text and as markdown, and the report alone once the files are read.

#[path = "../tests/classroom/synthetic.rs"]
mod synthetic;

use std::hint::black_box;
use std::path::Path;
use std::time::Instant;

use criterion::{Criterion, criterion_group, criterion_main};
use marginalia::article::load_path;
use marginalia::classroom::{DEFAULT_OVERLAP, Tagging, class_report, label_names, load_class};
use marginalia::cli::classroom::{ClassArgs, run_class};
use marginalia::config::Config;

const ARTICLE: &str = "the-case-for-boring-bike-lanes.md";
const STUDENTS: usize = 30;

fn bench(c: &mut Criterion) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let article_path = root.join("articles").join(ARTICLE);
    let key_path = root
        .join("examples/keys")
        .join(format!("{ARTICLE}.key.json"));
    let article = load_path(&article_path).expect("the shipped article");
    let key = Tagging::open(&key_path, &article).expect("the example key");
    let dir = tempfile::tempdir().expect("a temporary folder");
    let labels = ["claim", "opinion", "speculation"];
    synthetic::write_students(&article, &key, &labels, dir.path(), STUDENTS, 2024);

    let config = Config::default();
    let args = ClassArgs {
        paths: vec![article_path, dir.path().to_path_buf()],
        key: Some(key_path),
        json: false,
        markdown: false,
        html: None,
        csv: None,
        overlap: DEFAULT_OVERLAP,
    };
    let run = |args: &ClassArgs| {
        let mut out = Vec::new();
        run_class(args.clone(), &config, &mut out).expect("the report");
        out
    };

    // One cold run, timed on its own: the figure a teacher waits for.
    let started = Instant::now();
    let report = run(&args);
    println!(
        "class of {STUDENTS}, first run: {:.1} ms, {} lines of report",
        started.elapsed().as_secs_f64() * 1000.0,
        report.iter().filter(|&&b| b == b'\n').count()
    );

    let mut group = c.benchmark_group("class");
    group.bench_function("30 students, text", |b| b.iter(|| black_box(run(&args))));
    let markdown = ClassArgs {
        markdown: true,
        ..args.clone()
    };
    group.bench_function("30 students, markdown", |b| {
        b.iter(|| black_box(run(&markdown)))
    });
    let class = {
        let mut class = load_class(dir.path(), &article, None).expect("the class");
        class.key = Some(key);
        class
    };
    let names = label_names(labels, class.students.iter().chain(&class.key));
    group.bench_function("30 students, report only", |b| {
        b.iter(|| black_box(class_report(&article, &class, &names, DEFAULT_OVERLAP)))
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
