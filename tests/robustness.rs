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
use std::time::{Duration, Instant};

use marginalia::annotate::{Anchor, AnnotationFile, ParseError, Store, StoreError, resolve_all};
use marginalia::article::sanitize::is_unsafe;
use marginalia::article::{
    Article, Block, BlockKind, Format, LoadError, MAX_ARTICLE_BYTES, load_path, parse_source,
    split_sentences,
};
use marginalia::library::Entry;
use marginalia::tui::app::{Message, Msg, Opened, State, update};
use proptest::prelude::*;
use proptest::test_runner::FileFailurePersistence;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

#[path = "robustness/output.rs"]
mod output;

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

/// Runs `f`, failing if it takes longer than `limit`. Bounds are generous
/// (debug builds, busy machines): they are there to catch quadratic
/// blow-ups, which take minutes, not to time anything.
fn within<T>(limit: Duration, what: &str, f: impl FnOnce() -> T) -> T {
    let start = Instant::now();
    let value = f();
    let took = start.elapsed();
    assert!(took < limit, "{what} took {took:?}, over {limit:?}");
    value
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

const GENEROUS: Duration = Duration::from_secs(30);

#[test]
fn ten_thousand_nested_quotes_and_lists() {
    let n = 10_000;
    let cases = [
        ("quotes", format!("{}deep\n", "> ".repeat(n))),
        ("bullets", format!("{}deep\n", "- ".repeat(n))),
        ("numbers", format!("{}deep\n", "1. ".repeat(n))),
        ("quotes in lists", format!("{}deep\n", "> - ".repeat(n))),
        ("tasks", format!("{}deep\n", "- [ ] ".repeat(n))),
        ("footnotes", format!("{}deep\n", "[^a]: ".repeat(n))),
        (
            "brackets",
            format!("{}deep{}\n", "[".repeat(n), "](u)".repeat(n)),
        ),
        (
            "emphasis",
            format!("{}deep{}\n", "*_".repeat(n), "_*".repeat(n)),
        ),
    ];
    for (name, source) in cases {
        let article = within(GENEROUS, name, || {
            parse_source("deep", Format::Markdown, &source)
        });
        assert_well_formed(&article);
        assert!(article.text.contains("deep"), "{name}: the text is lost");
    }
}

#[test]
fn a_hundred_thousand_list_items_and_a_huge_table() {
    let items = "- item\n".repeat(100_000);
    let article = within(GENEROUS, "100k items", || {
        parse_source("items", Format::Markdown, &items)
    });
    assert_eq!(article.blocks.len(), 100_000);
    assert_well_formed(&article);

    let mut table = String::from("|a|b|c|\n|-|-|-|\n");
    for row in 0..20_000 {
        table.push_str(&format!("|{row}|Mr. x|y. Z|\n"));
    }
    let wide = format!(
        "{}|\n{}|\n{}|\n",
        "|h".repeat(5_000),
        "|-".repeat(5_000),
        "|c".repeat(5_000)
    );
    for (name, source) in [("long table", table), ("wide table", wide)] {
        let article = within(GENEROUS, name, || {
            parse_source("table", Format::Markdown, &source)
        });
        assert_well_formed(&article);
    }
}

/// Inputs shaped to make the sentence splitter and the loaders go back
/// over text they have read: each must stay linear.
#[test]
fn worst_case_prose_stays_linear() {
    for unit in [
        ". ", ".,", ". 1", "?\"", "Dr. ", "a... b", "1.\n", "A.\n\n", "\u{1b}",
    ] {
        for format in [Format::PlainText, Format::Markdown] {
            let small = unit.repeat(20_000);
            let large = unit.repeat(80_000);
            let time = |source: &str| {
                let start = Instant::now();
                assert_well_formed(&parse_source("worst", format, source));
                start.elapsed()
            };
            // Warm up once so allocation and page faults count alike.
            let _ = time(&small);
            let (small_time, large_time) = (time(&small), time(&large));
            // Four times the input: linear is ~4×; quadratic would be ~16×.
            // Noise on a busy machine is allowed for with a floor.
            assert!(
                large_time < small_time * 10 + Duration::from_millis(200),
                "{unit:?} as {format:?}: {small_time:?} for 20k, {large_time:?} for 80k"
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
            write("nul.md", b"# Title\n\nText\0more"),
            "NUL byte at offset 13",
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

#[test]
fn a_file_over_the_limit_is_refused_before_it_is_read() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("huge.txt");
    // Sparse: the size is real, the disk holds nothing.
    let file = fs::File::create(&path).unwrap();
    file.set_len(50_000_000.max(MAX_ARTICLE_BYTES + 1)).unwrap();
    let error = within(Duration::from_secs(1), "refusing", || load_path(&path)).unwrap_err();
    assert!(matches!(error, LoadError::TooLarge { .. }), "{error}");
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
    let error = within(GENEROUS, "reading /dev/zero", || load_path(zero)).unwrap_err();
    assert!(
        matches!(error, LoadError::TooLarge { .. } | LoadError::Binary { .. }),
        "{error}"
    );
}

// -------------------------------------------------------- nothing lost

/// A small file system of our own, so a full disk and a read-only folder
/// can be had for real. Needs root (or CAP_SYS_ADMIN); `None` otherwise.
struct Tmpfs {
    dir: tempfile::TempDir,
}

impl Tmpfs {
    fn mount(options: &str) -> Option<Tmpfs> {
        let dir = tempfile::tempdir().ok()?;
        let mounted = Command::new("mount")
            .args(["-t", "tmpfs", "-o", options, "tmpfs"])
            .arg(dir.path())
            .output()
            .is_ok_and(|out| out.status.success());
        mounted.then_some(Tmpfs { dir })
    }

    fn path(&self) -> &Path {
        self.dir.path()
    }

    fn remount(&self, options: &str) -> bool {
        Command::new("mount")
            .args(["-o", &format!("remount,{options}")])
            .arg(self.path())
            .status()
            .is_ok_and(|s| s.success())
    }
}

impl Drop for Tmpfs {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg(self.path()).status();
    }
}

fn range_of(quote: &str) -> Range<usize> {
    let start = TEXT.find(quote).unwrap();
    start..start + quote.len()
}

#[test]
fn a_full_disk_keeps_the_change_in_memory_and_the_old_file_whole() {
    let Some(disk) = Tmpfs::mount("size=64k") else {
        eprintln!("note: cannot mount a tmpfs here (not root?); full-disk test skipped");
        return;
    };
    let path = disk.path().join("op-ed.md.marginalia.json");
    let mut store = Store::open(&path, TEXT).unwrap();
    let id = store
        .add("claim", range_of("Critics disagree."), "Ada")
        .unwrap();
    store.save().unwrap();
    let before = fs::read(&path).unwrap();

    store.set_note(&id, &"a long note ".repeat(10_000)).unwrap();
    let error = store.save().unwrap_err().to_string();
    assert!(error.contains("cannot save the annotations"), "{error}");
    assert!(error.contains(&*path.to_string_lossy()), "{error}");
    assert!(store.has_unsaved_changes());
    assert_eq!(fs::read(&path).unwrap(), before, "the old file is whole");
    let leftovers = fs::read_dir(disk.path()).unwrap().count();
    assert_eq!(leftovers, 2, "the file and its lock, no temporary file");

    let elsewhere = tempfile::tempdir().unwrap();
    let rescue = elsewhere.path().join("rescued.json");
    store.save_as(&rescue).unwrap();
    assert!(!store.has_unsaved_changes());
    let reopened = Store::open(&rescue, TEXT).unwrap();
    assert_eq!(reopened.get(&id).unwrap().0.note.len(), 120_000);
}

#[test]
fn a_read_only_folder_keeps_the_change_in_memory() {
    let Some(disk) = Tmpfs::mount("size=1m") else {
        eprintln!("note: cannot mount a tmpfs here (not root?); read-only test skipped");
        return;
    };
    let path = disk.path().join("op-ed.md.marginalia.json");
    let mut store = Store::open(&path, TEXT).unwrap();
    store.add("claim", range_of("Critics"), "Ada").unwrap();
    store.save().unwrap();
    let before = fs::read(&path).unwrap();
    assert!(disk.remount("ro"), "remounting read-only");

    store.add("opinion", range_of("Rents rose"), "Ada").unwrap();
    let error = store.save().unwrap_err();
    assert!(matches!(error, StoreError::Io { .. }), "{error}");
    assert!(store.has_unsaved_changes());
    assert_eq!(fs::read(&path).unwrap(), before);

    let elsewhere = tempfile::tempdir().unwrap();
    store.save_as(elsewhere.path().join("notes.json")).unwrap();
    assert_eq!(store.annotations().len(), 2);
    assert!(disk.remount("rw"), "remounting read-write");
}

/// Which test a child process runs as a writer, and the file it writes to.
const WRITER_ENV: &str = "MARGINALIA_ROBUSTNESS_WRITER";
const WRITERS: usize = 4;
const EDITS_PER_WRITER: usize = 10;

/// Separate processes, each with its own store on one file, each saving
/// after every edit: at the end the file holds every one of their edits.
#[test]
fn separate_processes_never_lose_each_others_edits() {
    if let Ok(spec) = std::env::var(WRITER_ENV) {
        let (writer, path) = spec.split_once(':').expect("WRITER:PATH");
        let writer: usize = writer.parse().unwrap();
        let mut store = Store::open(path, TEXT).unwrap();
        for edit in 0..EDITS_PER_WRITER {
            // Each writer tags its own one-byte passages, so none retags another's.
            let at = writer * EDITS_PER_WRITER + edit;
            store
                .add("claim", at..at + 1, &format!("w{writer}"))
                .unwrap();
            store.save().unwrap();
        }
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("shared.json");
    // All are started before any is waited for, so their saves interleave.
    let children: Vec<_> = (0..WRITERS)
        .map(|writer| {
            Command::new(std::env::current_exe().unwrap())
                .args(["--exact", "separate_processes_never_lose_each_others_edits"])
                .env(WRITER_ENV, format!("{writer}:{}", path.display()))
                .stdout(std::process::Stdio::piped())
                .stderr(std::process::Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    for child in children {
        let output = child.wait_with_output().unwrap();
        assert!(
            output.status.success(),
            "{}{}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        );
    }
    let store = Store::open(&path, TEXT).unwrap();
    assert_eq!(store.annotations().len(), WRITERS * EDITS_PER_WRITER);
}

// ---------------------------------------------------------------- paths

/// Every file under `dir` with its bytes, to see what a save touched.
fn tree(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut files = BTreeMap::new();
    for entry in fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        let meta = fs::symlink_metadata(&path).unwrap();
        if meta.is_dir() {
            files.extend(tree(&path));
        } else if meta.is_symlink() {
            files.insert(
                path.clone(),
                fs::read_link(&path)
                    .unwrap()
                    .into_os_string()
                    .into_encoded_bytes(),
            );
        } else {
            files.insert(path.clone(), fs::read(&path).unwrap());
        }
    }
    files
}

#[test]
fn saving_writes_only_the_file_asked_for_and_its_lock() {
    let root = tempfile::tempdir().unwrap();
    let notes = root.path().join("notes");
    let other = root.path().join("other");
    fs::create_dir_all(&notes).unwrap();
    fs::create_dir_all(&other).unwrap();
    fs::write(other.join("keep.json"), "untouched").unwrap();
    let before = tree(root.path());

    // A path with `..` in it is used as given: the OS resolves it.
    let asked = other.join("..").join("notes").join("op-ed.json");
    let mut store = Store::open(&asked, TEXT).unwrap();
    store.add("claim", range_of("Critics"), "Ada").unwrap();
    store.save().unwrap();

    let mut after = tree(root.path());
    assert!(after.remove(&notes.join("op-ed.json")).is_some());
    assert!(after.remove(&notes.join("op-ed.json.lock")).is_some());
    assert_eq!(after, before, "nothing else was written");
}

#[test]
fn export_writes_only_the_output_asked_for() {
    let root = tempfile::tempdir().unwrap();
    let article = root.path().join("op-ed.md");
    fs::write(&article, format!("# Rents\n\n{TEXT}\n")).unwrap();
    let before = tree(root.path());
    let out = root.path().join("out.md");
    let status = Command::new(env!("CARGO_BIN_EXE_marginalia"))
        .arg("export")
        .arg(&article)
        .arg("-o")
        .arg(&out)
        .env("XDG_CONFIG_HOME", root.path().join("no-config"))
        .env("HOME", root.path().join("no-home"))
        .output()
        .unwrap();
    assert!(
        status.status.success(),
        "{}",
        String::from_utf8_lossy(&status.stderr)
    );
    let mut after = tree(root.path());
    assert!(
        after.remove(&out).is_some(),
        "the export is where it was asked"
    );
    assert_eq!(after, before, "nothing else was written");
}

/// A symlinked annotation file stays a link: saving writes the file it
/// points to (atomically, beside that file), so the link's owner, who may
/// keep notes in a synced folder, keeps getting them.
#[cfg(unix)]
#[test]
fn a_symlinked_annotation_file_is_written_through() {
    let root = tempfile::tempdir().unwrap();
    let synced = root.path().join("synced");
    fs::create_dir(&synced).unwrap();
    let target = synced.join("op-ed.json");
    let link = root.path().join("op-ed.md.marginalia.json");
    std::os::unix::fs::symlink(Path::new("synced").join("op-ed.json"), &link).unwrap();

    let mut store = Store::open(&link, TEXT).unwrap();
    store.add("claim", range_of("Critics"), "Ada").unwrap();
    store.save().unwrap();
    assert!(
        fs::symlink_metadata(&link).unwrap().is_symlink(),
        "still a link"
    );
    assert_eq!(Store::open(&target, TEXT).unwrap().annotations().len(), 1);

    store.add("opinion", range_of("Rents rose"), "Ada").unwrap();
    store.save().unwrap();
    assert!(
        fs::symlink_metadata(&link).unwrap().is_symlink(),
        "still a link"
    );
    assert_eq!(Store::open(&target, TEXT).unwrap().annotations().len(), 2);
}

// ------------------------------------------------------ terminal safety

fn fresh_state(width: u16, height: u16) -> State {
    let mut state = State::with_defaults();
    update(&mut state, Msg::Resize(width, height));
    state
}

fn open_in(state: &mut State, dir: &Path, name: &str, format: Format, source: &str) {
    let article = parse_source(name, format, source);
    let store = Store::open(dir.join(format!("{name}.json")), &article.text).unwrap();
    let opened = Opened {
        path: dir.join(name),
        article,
        store,
        warning: None,
        key: None,
    };
    update(state, Msg::Loaded(Box::new(opened)));
}

fn press(state: &mut State, code: KeyCode) {
    update(state, Msg::Key(KeyEvent::new(code, KeyModifiers::NONE)));
}

fn type_keys(state: &mut State, keys: &str) {
    for c in keys.chars() {
        press(state, KeyCode::Char(c));
    }
}

fn draw(state: &State, width: u16, height: u16) -> ratatui::buffer::Buffer {
    let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
    terminal
        .draw(|frame| marginalia::tui::view::draw(frame, state))
        .unwrap();
    terminal.backend().buffer().clone()
}

/// Every cell drawn holds only characters a terminal shows as text.
fn assert_inert(buffer: &ratatui::buffer::Buffer, what: &str) {
    for (index, cell) in buffer.content().iter().enumerate() {
        let symbol = cell.symbol();
        assert!(
            !symbol
                .chars()
                .any(|c| is_unsafe(c) || c == '\n' || c == '\t'),
            "{what}: cell {index} holds {symbol:?}"
        );
    }
}

/// Text from strangers with every kind of terminal control in it.
const HOSTILE: &str = "esc\u{1b}[2Jcsi\u{9b}31mosc\u{1b}]0;pwned\u{7}bel\u{7}\
    c1\u{85}\u{90}bidi\u{202e}txet\u{2066}del\u{7f}cr\rnul";

#[test]
fn nothing_drawn_from_article_notes_names_or_messages_reaches_the_terminal_raw() {
    let dir = tempfile::tempdir().unwrap();
    let article = format!(
        "---\ntitle: \"T {HOSTILE}\"\nauthor: \"A {HOSTILE}\"\n---\n\n# H {HOSTILE}\n\n\
        Para {HOSTILE}. Second sentence.\n\n| c {HOSTILE} | d |\n|-|-|\n| e | f |\n\n\
        - item {HOSTILE}\n\n```\ncode {HOSTILE}\n```\n\n[link {HOSTILE}](http://x/{HOSTILE})\n"
    );
    let name = format!("evil{HOSTILE}.md");
    let (width, height) = (120, 40);
    let mut state = fresh_state(width, height);
    update(
        &mut state,
        Msg::Scanned(
            dir.path().join(HOSTILE),
            vec![Entry {
                path: dir.path().join(&name),
                title: format!("T {HOSTILE}"),
                author: Some(format!("A {HOSTILE}")),
                date: Some(HOSTILE.into()),
                words: 3,
                annotations: 1,
                problem: Some(format!("P {HOSTILE}")),
            }],
        ),
    );
    update(&mut state, Msg::Failed(format!("failed {HOSTILE}")));
    assert_inert(&draw(&state, width, height), "library");
    type_keys(&mut state, "/");
    type_keys(&mut state, "e\u{1b}");
    assert_inert(&draw(&state, width, height), "library filter");

    open_in(&mut state, dir.path(), &name, Format::Markdown, &article);
    // A note on the passage under the cursor, so `a` opens its editor.
    let reader = state.reader.as_mut().unwrap();
    let passage = reader.cursor_span();
    let id = reader.store_mut().add("claim", passage, HOSTILE).unwrap();
    reader
        .store_mut()
        .set_note(&id, &format!("note {HOSTILE}\nline two"))
        .unwrap();
    let mut screens = vec![("reader", draw(&state, width, height))];

    update(&mut state, Msg::SaveFailed(format!("save {HOSTILE}")));
    screens.push(("save error", draw(&state, width, height)));
    for (what, keys) in [
        ("notes panel", "s"),
        ("outline", "o"),
        ("annotation list", "A"),
        ("help", "?"),
        ("statistics", "i"),
        ("hints", "h"),
    ] {
        type_keys(&mut state, keys);
        screens.push((what, draw(&state, width, height)));
        // Panels toggle; overlays close with Esc.
        if matches!(keys, "s" | "o" | "h") {
            type_keys(&mut state, keys);
        } else {
            press(&mut state, KeyCode::Esc);
        }
    }
    type_keys(&mut state, "a");
    screens.push(("note editor", draw(&state, width, height)));
    press(&mut state, KeyCode::Esc);
    type_keys(&mut state, "S");
    type_keys(&mut state, "x\u{1b}y");
    screens.push(("save-as prompt", draw(&state, width, height)));
    for (what, buffer) in &screens {
        assert_inert(buffer, what);
    }
    // Not vacuous: the hostile text is on screen, as visible stand-ins.
    let shown = |buffer: &ratatui::buffer::Buffer| -> String {
        buffer.content().iter().map(|cell| cell.symbol()).collect()
    };
    for (what, buffer) in &screens {
        if matches!(*what, "reader" | "notes panel" | "note editor") {
            assert!(shown(buffer).contains("␛[2Jcsi<U+009B>"), "{what}");
        }
    }
    // The prompt starts from the annotation file's hostile name.
    let prompt = shown(&screens.last().unwrap().1);
    assert!(
        prompt.contains("save annotations to: evilesc␛[2J"),
        "{prompt}"
    );
}

// ------------------------------------------------------- tiny terminals

const ARTICLE: &str = "# Rents\n\nThe mayor says rents will fall. Critics disagree.\n\n\
    - Rents rose 9% last year.\n\n> Rents will fall, he insists, by 2030.\n\n|a|b|\n|-|-|\n|1|2|\n";

/// Keys that move, select, tag, open panels and type.
const KEYS: &[KeyCode] = &[
    KeyCode::Char('j'),
    KeyCode::Char('k'),
    KeyCode::Char(' '),
    KeyCode::Char('b'),
    KeyCode::Char('g'),
    KeyCode::Char('G'),
    KeyCode::Char(')'),
    KeyCode::Char('('),
    KeyCode::Char('}'),
    KeyCode::Char('{'),
    KeyCode::Char(']'),
    KeyCode::Char('['),
    KeyCode::Char('/'),
    KeyCode::Char('n'),
    KeyCode::Char('o'),
    KeyCode::Char('s'),
    KeyCode::Char('v'),
    KeyCode::Char('V'),
    KeyCode::Char('w'),
    KeyCode::Char('1'),
    KeyCode::Char('2'),
    KeyCode::Char('a'),
    KeyCode::Char('d'),
    KeyCode::Char('u'),
    KeyCode::Char('A'),
    KeyCode::Char('?'),
    KeyCode::Char('i'),
    KeyCode::Char('h'),
    KeyCode::Char('t'),
    KeyCode::Char('é'),
    KeyCode::Tab,
    KeyCode::Enter,
    KeyCode::Esc,
    KeyCode::Backspace,
    KeyCode::Up,
    KeyCode::Down,
    KeyCode::PageDown,
    KeyCode::End,
];

#[test]
fn one_column_and_one_row_terminals_draw_and_take_keys() {
    let dir = tempfile::tempdir().unwrap();
    for (width, height) in [(1, 1), (1, 40), (120, 1), (2, 3), (0, 0), (0, 10), (10, 0)] {
        let mut state = fresh_state(width, height);
        open_in(&mut state, dir.path(), "a.md", Format::Markdown, ARTICLE);
        for key in KEYS {
            update(
                &mut state,
                Msg::Key(KeyEvent::new(*key, KeyModifiers::NONE)),
            );
            draw(&state, width, height);
        }
    }
}

proptest! {
    #![proptest_config(cases(64))]

    /// Any keys at any size, with resizes between them, never panic.
    #[test]
    fn any_keys_at_any_size_never_panic(
        source in soup(),
        steps in prop::collection::vec(
            prop_oneof![
                4 => prop::sample::select(KEYS).prop_map(Ok),
                1 => (0..130u16, 0..50u16).prop_map(Err),
            ],
            1..60,
        ),
    ) {
        let dir = tempfile::tempdir().unwrap();
        let (mut width, mut height) = (40, 12);
        let mut state = fresh_state(width, height);
        open_in(&mut state, dir.path(), "a.md", Format::Markdown, &format!("{ARTICLE}{source}"));
        for step in steps {
            match step {
                Ok(key) => {
                    update(&mut state, Msg::Key(KeyEvent::new(key, KeyModifiers::NONE)));
                }
                Err((w, h)) => {
                    (width, height) = (w, h);
                    update(&mut state, Msg::Resize(w, h));
                }
            }
            assert_inert(&draw(&state, width, height), "after a key");
        }
        // Messages from the runner land safely too.
        state.message = Some(Message::error(HOSTILE));
        assert_inert(&draw(&state, width, height), "with a message");
    }
}
