//! How well the suggestion hints find each label, measured on sentences of
//! the shipped articles labelled by hand (tests/fixtures/labelled-sentences.tsv).
//!
//! `cargo bench --bench hints` prints the tables in docs/HINTS.md;
//! `cargo bench --bench hints -- RULES.toml` measures another rules file.
//! The rules were tuned on the first three articles only; the other three
//! were kept out of tuning, and their figures show how the rules generalise.

use std::collections::BTreeMap;
use std::path::Path;

use marginalia::article::load_path;
use marginalia::classroom::Rules;
use marginalia::classroom::hints::{
    HintScore, LabelledSentence, Outcome, hint_labelled, parse_labelled, tally,
};
use marginalia::classroom::metrics::Scores;

/// The articles the rules were tuned on.
const TUNING: [&str; 3] = [
    "give-the-four-day-week-a-fair-trial.txt",
    "small-reactors-deserve-a-hearing-not-a-blank-cheque.txt",
    "stop-comparing-ai-to-the-calculator.md",
];

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let show_errors = std::env::args().any(|a| a == "--errors");
    let rules = match std::env::args().skip(1).find(|a| !a.starts_with("--")) {
        Some(path) => Rules::load(Path::new(&path)).unwrap_or_else(|e| panic!("{e}")),
        None => Rules::default(),
    };
    let tsv = std::fs::read_to_string(root.join("tests/fixtures/labelled-sentences.tsv"))
        .expect("the labelled sentences are in tests/fixtures");
    let set = parse_labelled(&tsv).unwrap_or_else(|e| panic!("labelled-sentences.tsv: {e}"));

    let mut by_article: BTreeMap<&str, Vec<&LabelledSentence>> = BTreeMap::new();
    for sentence in &set {
        by_article
            .entry(&sentence.article)
            .or_default()
            .push(sentence);
    }
    let mut tuning = BTreeMap::new();
    let mut held_out = BTreeMap::new();
    let mut all = BTreeMap::new();
    for (name, sentences) in &by_article {
        let article = load_path(&root.join("articles").join(name)).expect("a shipped article");
        let outcomes = hint_labelled(&rules, &article, sentences.iter().copied())
            .unwrap_or_else(|missing| panic!("{name}: not in the article's text: {missing:?}"));
        let part = if TUNING.contains(name) {
            &mut tuning
        } else {
            &mut held_out
        };
        tally(&rules.labels(), &outcomes, part);
        tally(&rules.labels(), &outcomes, &mut all);
        if show_errors {
            print_errors(name, &outcomes);
        }
    }

    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    for sentence in &set {
        *counts.entry(&sentence.label).or_default() += 1;
    }
    println!(
        "{} sentences from {} articles: {}\n",
        set.len(),
        by_article.len(),
        counts
            .iter()
            .map(|(label, n)| format!("{label} {n}"))
            .collect::<Vec<_>>()
            .join(", ")
    );
    for (title, scores) in [
        ("Tuning articles", &tuning),
        ("Held-out articles", &held_out),
        ("All", &all),
    ] {
        println!("{title}\n");
        table(&rules, scores);
        println!();
    }
}

/// Sentences whose hints miss their label or add another, with the cues.
fn print_errors(name: &str, outcomes: &[Outcome]) {
    for outcome in outcomes {
        let label = &outcome.sentence.label;
        let wrong: Vec<String> = outcome
            .triggers
            .iter()
            .filter(|t| &t.label != label)
            .map(|t| format!("{}:{}", t.label, t.words))
            .collect();
        if outcome.hinted(label) && wrong.is_empty() {
            continue;
        }
        let missed = if outcome.hinted(label) || label == "none" {
            ""
        } else {
            "MISSED "
        };
        println!(
            "{name}\t{missed}{label}\t{}\t[{}]",
            outcome.sentence.text,
            wrong.join(", ")
        );
    }
}

fn table(rules: &Rules, scores: &BTreeMap<String, HintScore>) {
    println!("| Label | Labelled | Hinted | Both | Precision | Recall | F1 |");
    println!("|---|--:|--:|--:|--:|--:|--:|");
    let show = |v: Option<f64>| v.map_or("—".to_string(), |v| format!("{v:.2}"));
    for label in rules.labels() {
        let s = scores.get(label).copied().unwrap_or_default();
        let f1 = Scores::from_counts(s.correct, s.labelled, s.correct, s.hinted).f1;
        println!(
            "| {label} | {} | {} | {} | {} | {} | {} |",
            s.labelled,
            s.hinted,
            s.correct,
            show(s.precision()),
            show(s.recall()),
            show(f1)
        );
    }
}
