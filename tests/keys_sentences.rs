//! The shipped answer keys against the sentence splitter: every key passage
//! is one or more whole taggable sentences, so a student can put the cursor
//! on each and a class report counts each under its own label; and a key
//! compared with itself scores perfectly.

use std::path::Path;

use marginalia::article::load_path;
use marginalia::classroom::{DEFAULT_OVERLAP, Tagging, compare, label_names};

const KEYS: [&str; 2] = [
    "give-the-four-day-week-a-fair-trial.txt",
    "the-case-for-boring-bike-lanes.md",
];

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn every_key_passage_is_whole_sentences_and_a_key_grades_itself_perfectly() {
    for name in KEYS {
        let article = load_path(&root().join("articles").join(name)).unwrap();
        let key_file = root()
            .join("examples/keys")
            .join(format!("{name}.key.json"));
        let key = Tagging::open(&key_file, &article).unwrap();
        assert!(key.passages.len() >= 20, "{name}: a full key");
        let taggable = article.taggable_sentences();
        let starts: Vec<usize> = taggable
            .iter()
            .map(|&i| article.sentences[i].range.start)
            .collect();
        let ends: Vec<usize> = taggable
            .iter()
            .map(|&i| article.sentences[i].range.end)
            .collect();
        for passage in &key.passages {
            assert!(
                starts.contains(&passage.range.start) && ends.contains(&passage.range.end),
                "{name}: {:?} is not whole sentences",
                article.slice(&passage.range)
            );
        }
        let labels = label_names(["claim", "opinion", "speculation"], [&key]);
        let graded = compare(&article, &key, &key, &labels, DEFAULT_OVERLAP);
        assert_eq!(graded.overall.scores.f1, Some(1.0), "{name}");
        assert_eq!(graded.kappa, Some(1.0), "{name}");
        assert_eq!(graded.sentences, taggable.len(), "{name}");
        assert!(
            graded.missed.is_empty() && graded.extra.is_empty(),
            "{name}"
        );
    }
}
