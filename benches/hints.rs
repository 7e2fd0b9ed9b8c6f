//! How well the suggestion hints do, on real sentences labelled by hand
//! (tests/fixtures/hint-sentences.tsv): accuracy (a sentence is right when
//! its one hinted label is the gold one, or it has none and gold is none)
//! and precision and recall per label, for the development half and the
//! test half.
//!
//! `cargo bench --bench hints` prints the tables in docs/HINTS.md: the
//! rules before this measurement (benches/hints-before.toml, every label
//! with a cue hinted) and the current rules (one label per sentence).
//! `-- RULES.toml` measures another rules file; `-- --errors` lists every
//! development sentence the current rules get wrong, and `-- --triggers`
//! every cue found in each development sentence (label, weight, cue,
//! words), to study how the weights add up. Test sentences are never
//! listed: the rules are tuned on the development half alone, and
//! `-- --dev` leaves the test half out while tuning. `-- --speed` times
//! the old and the current rules on every labelled sentence.
//! `benches/hints-cv.py` reads the `--dev --triggers` output and measures,
//! by cross-validation over whole development sources, the choices
//! docs/HINTS.md discusses (tuned weights, learned word lists, a logistic
//! regression, an article-level signal, the past-tense cue).

use std::path::Path;
use std::time::Instant;

use marginalia::article::{Format, parse_source};
use marginalia::classroom::Rules;
use marginalia::classroom::hint_eval::{
    LabelledSentence, Measure, Mode, NONE, SEVERAL, measure, parse_labelled,
};

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let show_errors = std::env::args().any(|a| a == "--errors");
    // While tuning, only the development half is shown.
    let dev_only = std::env::args().any(|a| a == "--dev");
    let custom = std::env::args()
        .skip(1)
        .find(|a| a.ends_with(".toml"))
        .map(|path| Rules::load(Path::new(&path)).unwrap_or_else(|e| panic!("{e}")));
    let tsv = std::fs::read_to_string(root.join("tests/fixtures/hint-sentences.tsv"))
        .expect("the labelled sentences are in tests/fixtures");
    let set = parse_labelled(&tsv).unwrap_or_else(|e| panic!("hint-sentences.tsv: {e}"));
    let half =
        |name: &str| -> Vec<&LabelledSentence> { set.iter().filter(|s| s.half == name).collect() };
    let (dev, test) = (half("dev"), half("test"));
    if std::env::args().any(|a| a == "--triggers") {
        print_triggers(custom.as_ref().unwrap_or(&Rules::default()), &dev);
        return;
    }

    let before = Rules::load(&root.join("benches/hints-before.toml")).expect("the old rules");
    let current = custom.unwrap_or_default();
    if std::env::args().any(|a| a == "--speed") {
        let [old, new] = time_per_sentence([&before, &current], &set);
        println!(
            "µs a sentence (cues and the one label, all {} labelled sentences, 41 rounds each, alternating; measured under load)",
            set.len()
        );
        println!("old rules: fastest {:.1}, median {:.1}", old.0, old.1);
        println!("current rules: fastest {:.1}, median {:.1}", new.0, new.1);
        return;
    }
    for (title, rules, mode) in [
        (
            "Before (old rules, every label with a cue hinted)",
            &before,
            Mode::AnyCue,
        ),
        (
            "After (current rules, one label per sentence)",
            &current,
            Mode::OneLabel,
        ),
    ] {
        for (name, sentences) in [("development half", &dev), ("test half", &test)] {
            if dev_only && name == "test half" {
                continue;
            }
            let errors = show_errors && mode == Mode::OneLabel && name.starts_with("dev");
            let m = measure(rules, sentences.iter().copied(), mode, |s, hinted| {
                if errors && !is_right(s, hinted) {
                    println!("WRONG gold {} hinted {:?}\t{}", s.label, hinted, s.text);
                }
            });
            println!("{title}, {name}\n");
            table(&m);
            println!();
            confusion(&m);
            println!();
        }
    }
}

/// One block per development sentence: its gold label, the label chosen
/// and the text, then one line per cue.
fn print_triggers(rules: &Rules, dev: &[&LabelledSentence]) {
    for sentence in dev {
        let article = parse_source("sentence.txt", Format::PlainText, &sentence.text);
        let triggers = rules.triggers(&article, 0..article.text.len());
        let chosen = rules.choose(&triggers).unwrap_or_else(|| NONE.to_string());
        println!("SENTENCE\t{}\t{chosen}\t{}", sentence.label, sentence.text);
        for t in &triggers {
            println!("CUE\t{}\t{}\t{}\t{}", t.label, t.weight, t.cue, t.words);
        }
    }
}

/// The time to find the cues of every labelled sentence and choose its
/// label, per sentence, for each set of rules: the fastest and the median
/// of 41 rounds, the rules taking turns so that a busy machine slows both
/// alike. The reader does this for each sentence on screen.
fn time_per_sentence(rules: [&Rules; 2], set: &[LabelledSentence]) -> [(f64, f64); 2] {
    let articles: Vec<_> = set
        .iter()
        .map(|s| parse_source("sentence.txt", Format::PlainText, &s.text))
        .collect();
    let mut rounds = [Vec::new(), Vec::new()];
    for _ in 0..41 {
        for (which, rules) in rules.iter().enumerate() {
            let start = Instant::now();
            for article in &articles {
                let triggers = rules.triggers(article, 0..article.text.len());
                std::hint::black_box(rules.choose(&triggers));
            }
            rounds[which].push(start.elapsed().as_secs_f64() * 1e6 / articles.len() as f64);
        }
    }
    rounds.map(|mut times| {
        times.sort_by(f64::total_cmp);
        (times[0], times[times.len() / 2])
    })
}

fn is_right(sentence: &LabelledSentence, hinted: &[String]) -> bool {
    match hinted {
        [] => sentence.label == NONE,
        [one] => *one == sentence.label,
        _ => false,
    }
}

/// Rows: the gold label; columns: what was hinted.
fn confusion(m: &Measure) {
    let mut columns: Vec<&str> = m.labels.keys().map(String::as_str).collect();
    if m.confusion.values().any(|row| row.contains_key(SEVERAL)) {
        columns.push(SEVERAL);
    }
    println!("| Gold \\ hinted | {} |", columns.join(" | "));
    println!("|---|{}", "--:|".repeat(columns.len()));
    for (gold, row) in &m.confusion {
        let cells: Vec<String> = columns
            .iter()
            .map(|c| row.get(*c).copied().unwrap_or(0).to_string())
            .collect();
        println!("| {gold} | {} |", cells.join(" | "));
    }
}

fn table(m: &Measure) {
    let show = |v: Option<f64>| v.map_or("—".to_string(), |v| format!("{v:.2}"));
    println!(
        "{} sentences, accuracy {} ({} right)\n",
        m.sentences,
        show(m.accuracy()),
        m.right
    );
    println!("| Label | Gold | Hinted | Both | Precision | Recall |");
    println!("|---|--:|--:|--:|--:|--:|");
    for (label, c) in &m.labels {
        println!(
            "| {label} | {} | {} | {} | {} | {} |",
            c.gold,
            c.hinted,
            c.both,
            show(c.precision()),
            show(c.recall())
        );
    }
}
