//! Robustness: no crash on any input, nothing lost when a write fails,
//! nothing written outside the place asked for, and no control character
//! from a stranger's text ever reaching the screen.
//!
//! The property tests run a modest number of cases by default so `cargo test`
//! stays quick; `PROPTEST_CASES` scales every one of them for long campaigns:
//!
//! ```sh
//! PROPTEST_CASES=200000 cargo test --release --test robustness
//! ```
//!
//! What was run, and what it found, is in docs/RELIABILITY.md. The end-to-end
//! side (a hostile article in a real terminal, SIGKILL while typing, the
//! terminal restored on quit) is in tests/e2e.rs.

use std::collections::BTreeMap;
use std::fs;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::process::Command;

use marginalia::annotate::{Anchor, AnnotationFile, ParseError, Store, StoreError, resolve_all};
use marginalia::article::sanitize::is_unsafe;
use marginalia::article::{
    Article, Block, BlockKind, Format, LoadError, MAX_ARTICLE_BYTES, load_path, parse_source,
    split_sentences, work,
};
use marginalia::library::Entry;
use marginalia::tui::app::{Message, Msg, Opened, State, update};
use proptest::prelude::*;
use proptest::test_runner::FileFailurePersistence;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

#[path = "robustness/disk_faults.rs"]
mod disk_faults;
#[path = "robustness/output.rs"]
mod output;
#[path = "robustness/screens.rs"]
mod screens;
#[path = "robustness/store_files.rs"]
mod store_files;

// ---------------------------------------------------------------- helpers

/// Property-test settings: `default_cases` unless `PROPTEST_CASES` says
/// otherwise, with failing seeds kept in the fixtures so they run again first.
fn cases(default_cases: u32) -> ProptestConfig {
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(default_cases);
    ProptestConfig {
        cases,
        failure_persistence: Some(Box::new(FileFailurePersistence::Direct(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/fixtures/robustness/proptest-regressions.txt"
        )))),
        ..ProptestConfig::default()
    }
}

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/robustness")
        .join(name)
}

fn on_char_boundaries(text: &str, span: &Range<usize>) -> bool {
    span.start <= span.end
        && span.end <= text.len()
        && text.is_char_boundary(span.start)
        && text.is_char_boundary(span.end)
}

/// What every article must satisfy, whatever it was loaded from: the
/// reader, the store and the exporters all index the text with these
/// ranges, so one range off a char boundary is a panic waiting to happen.
fn assert_well_formed(article: &Article) {
    let text = &article.text;
    assert!(
        !text.chars().any(is_unsafe),
        "a control character reached the reading text: {text:?}"
    );
    let mut previous_end = 0;
    for block in &article.blocks {
        assert!(
            block.range.start >= previous_end,
            "blocks overlap: {block:?}"
        );
        assert!(on_char_boundaries(text, &block.range), "{block:?}");
        assert!(
            on_char_boundaries(&article.source, &block.source),
            "{block:?}"
        );
        if let BlockKind::TableRow { cells, .. } = &block.kind {
            for cell in cells {
                assert!(cell.start >= block.range.start && cell.end <= block.range.end);
                assert!(on_char_boundaries(text, cell), "{cell:?}");
            }
        }
        previous_end = block.range.end;
    }
    let mut previous_end = 0;
    for sentence in &article.sentences {
        let block = &article.blocks[sentence.block];
        assert!(!sentence.range.is_empty(), "empty sentence {sentence:?}");
        assert!(sentence.range.start >= previous_end, "sentences overlap");
        assert!(
            sentence.range.start >= block.range.start && sentence.range.end <= block.range.end,
            "sentence {sentence:?} outside its block {block:?}"
        );
        assert!(on_char_boundaries(text, &sentence.range));
        previous_end = sentence.range.end;
    }
    for (index, section) in article.sections.iter().enumerate() {
        assert!(on_char_boundaries(text, &section.range), "{section:?}");
        assert!(section.heading < article.blocks.len());
        assert!(section.parent.is_none_or(|p| p < index));
    }
    for inline in &article.inlines {
        assert!(on_char_boundaries(text, &inline.range), "{inline:?}");
    }
    for run in &article.source_map {
        assert!(on_char_boundaries(text, &run.text), "{run:?}");
        assert!(on_char_boundaries(&article.source, &run.source), "{run:?}");
    }
    // Exercise the queries the reader makes on every key press.
    let word_count = article.word_count();
    assert!(word_count <= text.len());
    for offset in [0, text.len() / 2, text.len()] {
        let _ = (
            article.block_at(offset),
            article.sentence_at(offset),
            article.section_at(offset),
        );
    }
}

fn parse_both(source: &str) {
    for format in [Format::Markdown, Format::PlainText] {
        assert_well_formed(&parse_source("fuzz", format, source));
    }
}

// ---------------------------------------------------------- loader fuzzing

/// Pieces that make markdown and prose interesting to a parser: block
/// markers, inline delimiters, terminators, scripts, and hostile controls.
const FRAGMENTS: &[&str] = &[
    "# ",
    "## ",
    "> ",
    "- ",
    "* ",
    "1. ",
    "2) ",
    "* [ ] ",
    "- [x] ",
    "    ",
    "\t",
    "\n",
    "\n\n",
    "\r\n",
    "\r",
    "```\n",
    "~~~rust\n",
    "|a|b|\n|-|-|\n",
    "| x |",
    "[^1]",
    "[^1]: ",
    "**",
    "*",
    "_",
    "__",
    "~~",
    "`",
    "``",
    "[a](b)",
    "![alt](i.png)",
    "<br>",
    "<div>",
    "&amp;",
    "&#0;",
    "\\*",
    "---\n",
    "+++\n",
    "title: x\n",
    "===\n",
    ". ",
    "? ",
    "! ",
    "...",
    "…",
    "。",
    "؟",
    "Dr. ",
    "U.S. ",
    "e.g. ",
    "1.",
    "\"",
    "“",
    "”",
    "'",
    "(",
    ")",
    "[",
    "]",
    "a",
    "Word",
    "東京",
    "é",
    "e\u{301}",
    "👨‍👩‍👧",
    "שלום",
    "\u{1b}[2J",
    "\u{1b}]0;t\u{7}",
    "\u{9b}",
    "\u{202e}",
    "\u{2066}",
    "\u{0}",
    "\u{7f}",
    "\u{feff}",
    "\u{200b}",
];

fn soup() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        4 => prop::sample::select(FRAGMENTS).prop_map(str::to_string),
        1 => any::<char>().prop_map(String::from),
    ];
    prop::collection::vec(piece, 0..80).prop_map(|pieces| pieces.concat())
}

proptest! {
    #![proptest_config(cases(256))]

    #[test]
    fn any_unicode_loads_well_formed(source in any::<String>()) {
        parse_both(&source);
    }

    #[test]
    fn markdown_and_prose_soup_loads_well_formed(source in soup()) {
        parse_both(&source);
    }

    /// Whatever the bytes, `load_path` either loads a well-formed article
    /// or says what is wrong; it never panics.
    #[test]
    fn any_bytes_from_disk_load_or_fail_clearly(
        bytes in prop::collection::vec(any::<u8>(), 0..200),
        markdown in any::<bool>(),
    ) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(if markdown { "a.md" } else { "a.txt" });
        fs::write(&path, &bytes).unwrap();
        match load_path(&path) {
            Ok(article) => assert_well_formed(&article),
            Err(error) => {
                let message = error.to_string();
                prop_assert!(message.contains(&*path.to_string_lossy()), "{message}");
                prop_assert!(matches!(
                    error,
                    LoadError::Binary { .. } | LoadError::NotUtf8 { .. } | LoadError::Empty { .. }
                ), "{message}");
            }
        }
    }
}

// ------------------------------------------------------- sentence fuzzing

/// Prose made mostly of what the splitter looks at.
fn prose() -> impl Strategy<Value = String> {
    "[aZé3 .!?…。؟\"'“”‘’)(\\[\\]\n,;:-]{0,120}"
}

proptest! {
    #![proptest_config(cases(512))]

    /// Sentences cover a block's text exactly: between and around them
    /// there is only whitespace, so nothing a reader wrote goes missing.
    #[test]
    fn sentences_cover_the_block_and_nothing_else(text in prose()) {
        let text = text.trim().to_string();
        if text.is_empty() {
            // Nothing to split; not a reject, which long campaigns would run out of.
            return Ok(());
        }
        let blocks = [Block {
            kind: BlockKind::Paragraph,
            range: 0..text.len(),
            source: 0..0,
            quote_depth: 0,
        }];
        let sentences = split_sentences(&text, &blocks);
        let mut covered = 0;
        for sentence in &sentences {
            prop_assert!(on_char_boundaries(&text, &sentence.range));
            prop_assert!(text[covered..sentence.range.start].trim().is_empty());
            prop_assert!(sentence.range.start < sentence.range.end);
            covered = sentence.range.end;
        }
        prop_assert_eq!(covered, text.len());
    }
}

// ------------------------------------------------------ anchoring fuzzing

fn anchor_strategy() -> impl Strategy<Value = Anchor> {
    let offset = prop_oneof![0..64usize, any::<usize>(), Just(usize::MAX)];
    (
        "[a-c é東]{0,12}",
        "[a-c é]{0,6}",
        "[a-c é]{0,6}",
        offset.clone(),
        offset.clone(),
        offset.clone(),
        offset,
    )
        .prop_map(
            |(quote, prefix, suffix, start, end, char_start, char_end)| Anchor {
                quote,
                prefix,
                suffix,
                start,
                end,
                char_start,
                char_end,
                extra: Default::default(),
            },
        )
}

fn assert_placed_in(text: &str, range: Option<Range<usize>>) {
    if let Some(range) = range {
        assert!(on_char_boundaries(text, &range), "{range:?} in {text:?}");
    }
}

proptest! {
    #![proptest_config(cases(512))]

    /// An anchor made on a text finds its passage again, exactly; after an
    /// edit it lands on char boundaries inside the new text, or is an orphan.
    #[test]
    fn anchors_survive_edits(
        text in "[a-d .é東\n]{1,80}",
        a in any::<prop::sample::Index>(),
        b in any::<prop::sample::Index>(),
        at in any::<prop::sample::Index>(),
        cut in 0..6usize,
        insert in "[a-d é]{0,6}",
    ) {
        let bounds: Vec<usize> = (0..=text.len()).filter(|&i| text.is_char_boundary(i)).collect();
        let (x, y) = (bounds[a.index(bounds.len())], bounds[b.index(bounds.len())]);
        let range = x.min(y)..x.max(y);
        let Some(anchor) = Anchor::new(&text, range.clone()) else {
            prop_assert!(range.is_empty());
            return Ok(());
        };
        prop_assert_eq!(anchor.resolve(&text).range(), Some(range));

        let at = bounds[at.index(bounds.len())];
        let cut_end = bounds.iter().copied().filter(|&i| i >= at).nth(cut).unwrap_or(text.len());
        let edited = format!("{}{}{}", &text[..at], insert, &text[cut_end..]);
        assert_placed_in(&edited, anchor.resolve(&edited).range());
    }

    /// Anchors read from a file can hold anything: offsets past the end or
    /// near `usize::MAX`, quotes that are nowhere. None of it may panic.
    #[test]
    fn hostile_anchors_resolve_or_orphan(
        text in "[a-c é東\n]{0,60}",
        anchors in prop::collection::vec(anchor_strategy(), 0..6),
    ) {
        for anchor in &anchors {
            assert_placed_in(&text, anchor.resolve(&text).range());
        }
        for resolution in resolve_all(&text, &anchors) {
            assert_placed_in(&text, resolution.range());
        }
    }
}

// -------------------------------------------- annotation file fuzzing

fn sample_file_bytes() -> Vec<u8> {
    fs::read(fixture("annotations.json")).expect("fixture annotations.json")
}

const TEXT: &str = "The mayor says rents will fall. Critics disagree. \
    Rents rose 9% last year. Rents will fall, he insists, by 2030.";

/// A valid file with one byte changed, some bytes cut or some inserted.
fn damaged_file() -> impl Strategy<Value = Vec<u8>> {
    let len = sample_file_bytes().len();
    (0..len, 0..len, any::<u8>(), 0..3u8).prop_map(|(at, to, byte, how)| {
        let mut bytes = sample_file_bytes();
        let (at, to) = (at.min(to), at.max(to));
        match how {
            0 => bytes[at] = byte,
            1 => {
                bytes.drain(at..to.min(at + 16));
            }
            _ => bytes.insert(at, byte),
        }
        bytes
    })
}

proptest! {
    #![proptest_config(cases(256))]

    #[test]
    fn any_bytes_parse_or_are_damage(bytes in prop::collection::vec(any::<u8>(), 0..300)) {
        if let Err(ParseError::Damaged { line, .. }) = AnnotationFile::parse(&bytes) {
            prop_assert!(line <= bytes.len() + 1);
        }
    }

    /// A damaged file either still reads (and places its annotations on
    /// the text) or opens read-only and is never written over.
    #[test]
    fn damaged_files_open_or_are_left_alone(bytes in damaged_file()) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("op-ed.md.marginalia.json");
        fs::write(&path, &bytes).unwrap();
        let mut store = match Store::open(&path, TEXT) {
            Ok(store) => {
                for annotation in store.annotations() {
                    let (_, resolution) = store.get(&annotation.id).unwrap();
                    assert_placed_in(TEXT, resolution.range());
                }
                return Ok(());
            }
            Err(error) => Store::read_only_after_damage(&path, TEXT, &error),
        };
        store.add("claim", 0..9, "fuzz").unwrap();
        prop_assert!(store.save().is_err());
        prop_assert_eq!(fs::read(&path).unwrap(), bytes);
        prop_assert!(store.has_unsaved_changes());
    }
}

/// Found by `hostile_anchors_resolve_or_orphan`: an offset near `usize::MAX`
/// in a file overflowed while placing it, a panic on opening the article.
#[test]
fn a_file_with_offsets_near_usize_max_opens_with_orphans() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("op-ed.md.marginalia.json");
    let json = String::from_utf8(sample_file_bytes())
        .unwrap()
        .replace("\"start\": 32", &format!("\"start\": {}", usize::MAX))
        .replace(
            "\"start\": 104",
            &format!("\"start\": {}", isize::MAX as usize + 1),
        );
    fs::write(&path, json).unwrap();
    let store = Store::open(&path, TEXT).unwrap();
    // The quotes are still in the text, so both are found by searching.
    assert_eq!(store.orphans().count(), 0);
    assert_eq!(store.overlapping(0..TEXT.len()).count(), 2);
}

#[test]
fn the_annotation_fixture_is_valid() {
    let file = AnnotationFile::parse(&sample_file_bytes()).unwrap();
    assert_eq!(file.annotations.len(), 2);
    let store = Store::open(fixture("annotations.json"), TEXT).unwrap();
    assert_eq!(store.orphans().count(), 0);
}

// -------------------------------------------------- pathological inputs

/// Markdown `n` deep.
type Nested = fn(usize) -> String;

/// Markdown nested 10,000 deep, against 2,500 deep: linear steps (see
/// [`assert_linear`]), the text kept.
#[test]
#[cfg_attr(
    not(debug_assertions),
    ignore = "steps are counted in builds with debug assertions"
)]
fn ten_thousand_nested_quotes_and_lists() {
    let cases: [(&str, Nested); 8] = [
        ("quotes", |n| format!("{}deep\n", "> ".repeat(n))),
        ("bullets", |n| format!("{}deep\n", "- ".repeat(n))),
        ("numbers", |n| format!("{}deep\n", "1. ".repeat(n))),
        ("quotes in lists", |n| format!("{}deep\n", "> - ".repeat(n))),
        ("tasks", |n| format!("{}deep\n", "- [ ] ".repeat(n))),
        ("footnotes", |n| format!("{}deep\n", "[^a]: ".repeat(n))),
        ("brackets", |n| {
            format!("{}deep{}\n", "[".repeat(n), "](u)".repeat(n))
        }),
        ("emphasis", |n| {
            format!("{}deep{}\n", "*_".repeat(n), "_*".repeat(n))
        }),
    ];
    for (name, source) in cases {
        let article = assert_linear(name, &source(2_500), &source(10_000), |source| {
            parse_source("deep", Format::Markdown, source)
        });
        assert!(article.text.contains("deep"), "{name}: the text is lost");
    }
}

#[test]
#[cfg_attr(
    not(debug_assertions),
    ignore = "steps are counted in builds with debug assertions"
)]
fn a_hundred_thousand_list_items_and_a_huge_table() {
    let markdown = |source: &str| parse_source("items", Format::Markdown, source);
    let items = |n: usize| "- item\n".repeat(n);
    let article = assert_linear("items", &items(25_000), &items(100_000), markdown);
    assert_eq!(article.blocks.len(), 100_000);

    let table = |rows: usize| {
        let mut table = String::from("|a|b|c|\n|-|-|-|\n");
        for row in 0..rows {
            table.push_str(&format!("|{row:05}|Mr. x|y. Z|\n"));
        }
        table
    };
    assert_linear("long table", &table(5_000), &table(20_000), markdown);
    let wide = |columns: usize| {
        format!(
            "{}|\n{}|\n{}|\n",
            "|h".repeat(columns),
            "|-".repeat(columns),
            "|c".repeat(columns)
        )
    };
    assert_linear("wide table", &wide(1_250), &wide(5_000), markdown);
}

/// The steps (bytes read, lines and parser events visited, see
/// `marginalia::article::work`) `parse` takes on `small` and on `large`,
/// four times as big, must grow at most 4.5 times: linear work grows 4
/// times, quadratic work 16 times. Steps are counted, not timed, so a busy
/// machine changes nothing. The steps of pulldown-cmark's own parsing are
/// not counted, only what marginalia does with its events.
fn assert_linear(what: &str, small: &str, large: &str, parse: impl Fn(&str) -> Article) -> Article {
    assert!(
        (39..=41).contains(&(large.len() * 10 / small.len())),
        "{what}: four times the input"
    );
    let steps = |source: &str| {
        let (article, steps) = work::counted(|| parse(source));
        assert_well_formed(&article);
        let steps = steps.expect("steps are counted in builds with debug assertions");
        (article, steps)
    };
    let ((_, small_steps), (article, large_steps)) = (steps(small), steps(large));
    assert!(small_steps > 0, "{what}: nothing counted");
    assert!(
        large_steps * 2 <= small_steps * 9,
        "{what}: {small_steps} steps for {} bytes, {large_steps} for {} ({:.1}×)",
        small.len(),
        large.len(),
        large_steps as f64 / small_steps as f64
    );
    article
}

/// Inputs shaped to make the sentence splitter and the loaders go back
/// over text they have read: each must stay linear. `. (` and `.[` made the
/// citation and footnote checks read to the end of the paragraph at every
/// full stop, and `U.S. Army ` the lead-in check read back to the start of
/// the sentence at every initial: 16 times the steps for 4 times the text.
/// After `…` UAX #29 was asked about everything up to the next letter.
#[test]
#[cfg_attr(
    not(debug_assertions),
    ignore = "steps are counted in builds with debug assertions"
)]
fn worst_case_prose_stays_linear() {
    for unit in [
        ". ",
        ".,",
        ". 1",
        "?\"",
        "Dr. ",
        "a... b",
        "1.\n",
        "A.\n\n",
        "\u{1b}",
        ". (",
        ".[",
        ". [^",
        "U.S. Army ",
        "J. Smith ",
        "at 5 p.m. Mr. ",
        "1. a. ",
        ". . . . ",
        "\u{2026} ",
        "\u{2026}\n",
        "a\u{2026} 1 ",
    ] {
        for format in [Format::PlainText, Format::Markdown] {
            assert_linear(
                &format!("{unit:?} as {format:?}"),
                &unit.repeat(20_000),
                &unit.repeat(80_000),
                |source| parse_source("worst", format, source),
            );
        }
    }
}

// ------------------------------------------------------- loading files

#[test]
fn bad_files_are_refused_with_a_clear_message() {
    let dir = tempfile::tempdir().unwrap();
    let write = |name: &str, bytes: &[u8]| {
        let path = dir.path().join(name);
        fs::write(&path, bytes).unwrap();
        path
    };
    let cases: [(PathBuf, &str); 6] = [
        (
            write("image.md", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\x01"),
            "NUL byte at offset 8",
        ),
        (
            write("latin1.txt", b"caf\xe9 au lait"),
            "invalid byte at offset 3",
        ),
        (
            write("cut.txt", "東京".as_bytes().split_at(4).0),
            "invalid byte at offset 3",
        ),
        (write("blank.md", b" \n\t\n"), "is empty"),
        (dir.path().to_path_buf(), "is a directory"),
        (dir.path().join("missing.md"), "no such file"),
    ];
    for (path, expected) in cases {
        let message = load_path(&path).unwrap_err().to_string();
        assert!(message.contains(expected), "{message}");
        assert!(message.contains(&*path.to_string_lossy()), "{message}");
        assert!(!message.contains('\n'), "one line: {message}");
    }
}

/// One NUL byte used to make a whole article unreadable ("looks like a
/// binary file"); it is a control character like the others, shown as a
/// stand-in. Only many NULs near the start make a file binary.
#[test]
fn one_nul_byte_is_shown_as_a_stand_in() {
    let dir = tempfile::tempdir().unwrap();
    for (name, source) in [
        (
            "nul.md",
            "# Title\n\nText\0more and the rest of the article.\n",
        ),
        (
            "nul.txt",
            "Title\n\nText\0more and the rest of the article.\n",
        ),
    ] {
        let path = dir.path().join(name);
        fs::write(&path, source).unwrap();
        let article = load_path(&path).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert!(article.text.contains("more and the rest"), "{name}");
        assert!(!article.text.chars().any(is_unsafe), "{name}");
        assert!(
            article.text.contains('␀') || article.text.contains('\u{FFFD}'),
            "{name}: no stand-in in {:?}",
            article.text
        );
    }
}

#[test]
fn a_file_over_the_limit_is_refused_before_it_is_read() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("huge.txt");
    // Sparse: the size is real, the disk holds nothing.
    let file = fs::File::create(&path).unwrap();
    file.set_len(50_000_000.max(MAX_ARTICLE_BYTES + 1)).unwrap();
    // Refused from its size: not a byte read (steps count bytes read).
    let (result, steps) = work::counted(|| load_path(&path));
    let error = result.unwrap_err();
    assert!(matches!(error, LoadError::TooLarge { .. }), "{error}");
    assert!(steps.is_none_or(|steps| steps == 0), "{steps:?} steps");
    assert!(error.to_string().contains("limit"), "{error}");
}

/// Devices and pipes report no size, so the limit must hold while reading:
/// `/dev/zero` would otherwise fill memory.
#[test]
fn endless_files_stop_at_the_limit() {
    let zero = Path::new("/dev/zero");
    if !zero.exists() {
        eprintln!("note: no /dev/zero here; skipped");
        return;
    }
    let (result, steps) = work::counted(|| load_path(zero));
    let error = result.unwrap_err();
    assert!(
        matches!(error, LoadError::TooLarge { .. } | LoadError::Binary { .. }),
        "{error}"
    );
    // Stopped at the limit (steps count bytes read, and nothing is parsed).
    assert!(
        steps.is_none_or(|steps| steps <= MAX_ARTICLE_BYTES + 1),
        "{steps:?} steps"
    );
}
