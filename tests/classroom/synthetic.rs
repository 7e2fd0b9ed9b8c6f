//! A synthetic class: students' files made from an answer key with seeded
//! random mistakes, written with the Store API like real ones. Shared by
//! tests/classroom.rs and benches/classroom.rs.

use std::path::{Path, PathBuf};

use marginalia::annotate::Store;
use marginalia::article::{Article, Span};
use marginalia::classroom::{Tagging, counted_sentences};

/// splitmix64: small, seedable and good enough to vary a class.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn chance(&mut self, p: f64) -> bool {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64 <= p
    }
}

/// Writes `count` students' files into `dir` (`student-01.json`, …), each
/// the key's passages with mistakes: some left out, some given another
/// label, some cut short at a word, and a few passages the key does not have.
pub fn write_students(
    article: &Article,
    key: &Tagging,
    labels: &[&str],
    dir: &Path,
    count: usize,
    seed: u64,
) -> Vec<PathBuf> {
    let mut rng = Rng::new(seed);
    let sentences = counted_sentences(article);
    (1..=count)
        .map(|n| {
            let path = dir.join(format!("student-{n:02}.json"));
            let name = format!("Student {n:02}");
            let mut store = Store::open(&path, &article.text).expect("a new file opens");
            for passage in &key.passages {
                if rng.chance(0.12) {
                    continue;
                }
                let label = if rng.chance(0.15) {
                    labels[rng.below(labels.len())]
                } else {
                    passage.label.as_str()
                };
                let range = if rng.chance(0.25) {
                    cut_at_a_word(article, &passage.range, &mut rng)
                } else {
                    passage.range.clone()
                };
                store.add(label, range, &name).expect("a valid range");
            }
            for _ in 0..3 {
                let sentence = &article.sentences[sentences[rng.below(sentences.len())]];
                let range = sentence.range.clone();
                if key.passages.iter().all(|p| p.range != range) {
                    let label = labels[rng.below(labels.len())];
                    store.add(label, range, &name).expect("a valid range");
                }
            }
            store.save().expect("the student's file is written");
            path
        })
        .collect()
}

/// The passage from its start to the end of one of its words (at least the first).
fn cut_at_a_word(article: &Article, range: &Span, rng: &mut Rng) -> Span {
    let words: Vec<Span> = article.words(range.clone()).collect();
    match words.len() {
        0 => range.clone(),
        n => range.start..words[rng.below(n)].end,
    }
}
