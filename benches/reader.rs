//! The reader in process, on War and Peace with 10,000 annotations (or a
//! generated book of the same size when ../shared is absent): opening the
//! article with its annotations, drawing a screen, handling a key and
//! redrawing, and saving one change. Targets: each under 20 ms.

use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::time::Duration;

use criterion::{Criterion, criterion_group, criterion_main};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use marginalia::annotate::Store;
use marginalia::article::{Article, load_path};
use marginalia::tui::app::{Msg, Opened, State, update};
use marginalia::tui::view::draw;

mod common;

use common::{annotate_evenly, book_text};

const WAR_AND_PEACE: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../shared/corpus/war-and-peace.txt"
);

/// The book as a file (a generated one is written to `dir`) and as an article.
fn book(dir: &Path) -> (PathBuf, Article) {
    let path = if Path::new(WAR_AND_PEACE).exists() {
        PathBuf::from(WAR_AND_PEACE)
    } else {
        let path = dir.join("generated.txt");
        std::fs::write(&path, book_text()).expect("writing the generated book");
        path
    };
    let article = load_path(&path).expect("the book loads");
    (path, article)
}

/// Writes an annotations file of 10,000 passages, every third with a note.
fn annotate(article: &Article, path: &Path) {
    let mut store = Store::open(path, &article.text).unwrap();
    annotate_evenly(
        &mut store,
        &article.text,
        Some((3, "Checked against the census.")),
    );
    store.save().unwrap();
}

fn state() -> State {
    let mut state = State::with_defaults();
    update(&mut state, Msg::Resize(120, 40));
    state
}

fn open(path: &Path, annotations: &Path) -> State {
    let article = load_path(path).expect("the book loads");
    let store = Store::open(annotations, &article.text).unwrap();
    let mut state = state();
    let opened = Opened::new(path.to_path_buf(), article, store);
    update(&mut state, Msg::Loaded(Box::new(opened)));
    state
}

fn key(c: KeyCode) -> Msg {
    Msg::Key(KeyEvent::new(c, KeyModifiers::NONE))
}

fn bench(c: &mut Criterion) {
    let dir = tempfile::tempdir().unwrap();
    let (path, article) = book(dir.path());
    let annotations = dir.path().join("book.marginalia.json");
    annotate(&article, &annotations);
    let mut terminal = Terminal::new(TestBackend::new(120, 40)).unwrap();

    let mut group = c.benchmark_group("reader, 10,000 annotations");
    group
        .sample_size(20)
        .measurement_time(Duration::from_secs(8));
    group.bench_function("open article and annotations", |b| {
        b.iter(|| black_box(open(&path, &annotations)))
    });
    group.bench_function("open annotations only (JSON + placing)", |b| {
        b.iter(|| black_box(Store::open(&annotations, &article.text).unwrap()))
    });

    let mut state = open(&path, &annotations);
    group.bench_function("draw a screen", |b| {
        b.iter(|| {
            terminal.draw(|frame| draw(frame, &state)).unwrap();
        })
    });
    for (name, msg) in [
        ("page down + draw", key(KeyCode::PageDown)),
        ("next section + draw", key(KeyCode::Char(']'))),
        ("jump to end + draw", key(KeyCode::Char('G'))),
    ] {
        let mut msg = Some(msg);
        group.bench_function(name, |b| {
            b.iter(|| {
                let Msg::Key(event) = msg.as_ref().unwrap() else {
                    unreachable!()
                };
                update(&mut state, Msg::Key(*event));
                terminal.draw(|frame| draw(frame, &state)).unwrap();
            })
        });
        msg.take();
        update(&mut state, key(KeyCode::Char('g')));
    }
    group.bench_function("search keystroke + draw", |b| {
        update(&mut state, key(KeyCode::Char('/')));
        update(&mut state, key(KeyCode::Char('p')));
        b.iter(|| {
            update(&mut state, key(KeyCode::Char('r')));
            terminal.draw(|frame| draw(frame, &state)).unwrap();
            update(&mut state, key(KeyCode::Backspace));
        });
        update(&mut state, key(KeyCode::Esc));
    });
    group.bench_function("save one change", |b| {
        let mut store = Store::open(&annotations, &article.text).unwrap();
        let id = store.annotations()[common::ANNOTATIONS / 2].id.clone();
        let mut n = 0u64;
        b.iter(|| {
            n += 1;
            store.set_note(&id, &format!("note {n}")).unwrap();
            store.save().unwrap();
        })
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
