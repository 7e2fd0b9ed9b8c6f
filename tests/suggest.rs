//! `marginalia suggest` writes each hint as it finds it. These check that
//! the streamed report is the one the whole list of hints gave before, byte
//! for byte, in both formats, and that a closed pipe ends it quietly.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use marginalia::article::{Article, load_path};
use marginalia::classroom::hints_report::{HELD_HINTS, write_hints_json, write_hints_text};
use marginalia::classroom::{Rules, suggest, suggestions};

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn corpus() -> PathBuf {
    root().join("../shared/corpus")
}

fn text_report(article: &Article, rules: &Rules, hold: usize) -> String {
    let mut out = Vec::new();
    write_hints_text(&mut out, article, rules, "built in", hold).unwrap();
    String::from_utf8(out).unwrap()
}

/// The streamed reports against the whole ones: JSON against the list of
/// every hint serialized at once (as `suggest --json` did), text held
/// whole (`hold` past the number of hints, so the label column is as wide
/// as the widest label hinted anywhere, as before) against text held for
/// a few hints or none, which must find the width and then the rest again.
fn assert_streams_as_whole(name: &str, article: &Article, rules: &Rules) {
    let all = suggest(article, rules);
    let mut json = Vec::new();
    write_hints_json(
        &mut json,
        suggestions(article, rules, 0..article.sentences.len()),
    )
    .unwrap();
    assert_eq!(
        String::from_utf8(json).unwrap(),
        marginalia::output::json(&all).unwrap(),
        "{name}: JSON"
    );
    let whole = text_report(article, rules, usize::MAX);
    for hold in [0, 1, 3, HELD_HINTS] {
        assert_eq!(
            text_report(article, rules, hold),
            whole,
            "{name}: held {hold}"
        );
    }
    if all.is_empty() {
        assert!(whole.ends_with("No hints: no rule's cue appears in the article.\n"));
    } else {
        assert_eq!(whole.matches("\n\n").count(), all.len(), "{name}");
    }
}

#[test]
fn streamed_hints_are_the_whole_report_byte_for_byte() {
    let rules = Rules::default();
    // Rules whose widest label ("speculation") is seldom or never hinted:
    // every hint waits for a width that the whole article decides.
    let rare_widest = Rules::parse(
        "[[rule]]\nlabel = \"claim\"\ncue = \"a figure\"\nbuiltin = \"number\"\n\n\
         [[rule]]\nlabel = \"speculation\"\ncue = \"a guess\"\nwords = [\"perhaps\"]\n",
    )
    .unwrap();
    let mut articles = 0;
    for entry in std::fs::read_dir(root().join("articles")).unwrap() {
        let path = entry.unwrap().path();
        let article = load_path(&path).unwrap();
        let name = path.display().to_string();
        assert_streams_as_whole(&name, &article, &rules);
        assert_streams_as_whole(&name, &article, &rare_widest);
        articles += 1;
    }
    assert!(articles >= 6, "the shipped articles are there");
    let none =
        Rules::parse("[[rule]]\nlabel = \"claim\"\ncue = \"x\"\nwords = [\"zyzzyva\"]\n").unwrap();
    let article = load_path(&root().join("articles/the-case-for-boring-bike-lanes.md")).unwrap();
    assert_streams_as_whole("no hints", &article, &none);
}

#[test]
#[ignore = "needs ../shared/corpus"]
fn streamed_hints_are_the_whole_report_on_corpus_articles() {
    let rules = Rules::default();
    for name in [
        "op-ed-alibaba-claude-code-ban.txt",
        "common-sense.txt",
        "federalist-papers.txt",
        "markdown/rust-blog-Fearless-Concurrency.md",
    ] {
        let path = corpus().join(name);
        let article = load_path(&path).unwrap();
        assert_streams_as_whole(name, &article, &rules);
        // And the binary, through its buffer and its output gate.
        let output = Command::new(env!("CARGO_BIN_EXE_marginalia"))
            .arg("suggest")
            .arg(&path)
            .output()
            .unwrap();
        assert!(output.status.success(), "{name}: {output:?}");
        assert_eq!(
            String::from_utf8(output.stdout).unwrap(),
            text_report(&article, &rules, usize::MAX),
            "{name}: the binary"
        );
    }
}

/// `marginalia suggest big.txt | head` ends without a word when `head`
/// has read enough (no "Broken pipe" error, no failure status).
#[test]
fn suggest_stops_quietly_when_the_pipe_closes() {
    let dir = tempfile::tempdir().unwrap();
    let shipped =
        std::fs::read_to_string(root().join("articles/give-the-four-day-week-a-fair-trial.txt"))
            .unwrap();
    let mut text = shipped.clone();
    while text.len() < 2_000_000 {
        text.push_str("\n\n");
        text.push_str(&shipped);
    }
    let path = dir.path().join("big.txt");
    std::fs::write(&path, &text).unwrap();
    for format in [&[][..], &["--json"][..]] {
        let mut child = Command::new(env!("CARGO_BIN_EXE_marginalia"))
            .arg("suggest")
            .args(format)
            .arg(&path)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
        for _ in 0..5 {
            assert!(lines.next().unwrap().is_ok());
        }
        drop(lines);
        let output = child.wait_with_output().unwrap();
        assert!(output.status.success(), "{format:?}: {output:?}");
        assert_eq!(String::from_utf8_lossy(&output.stderr), "", "{format:?}");
    }
}
