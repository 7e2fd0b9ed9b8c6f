//! One student against the key: passages matched by overlap, sentences
//! compared label by label.

use serde::Serialize;

use super::metrics::{Confusion, Scores};
use super::{Passage, Tagging, counted_sentences, sentence_labels};
use crate::article::{Article, Span};

/// How one label (or, for [`Comparison::overall`], all of them) went.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LabelScore {
    pub label: String,
    /// Passages with this label in the key.
    pub key: usize,
    /// Passages with this label in the student's file.
    pub student: usize,
    /// Key passages the student found.
    pub found: usize,
    /// Student passages that match a key passage.
    pub matching: usize,
    #[serde(flatten)]
    pub scores: Scores,
}

/// A passage one side tagged and the other did not (with that label).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PassageDiff {
    pub label: String,
    pub range: Span,
    pub quote: String,
    /// The note on the passage: the key's explanation, or the student's.
    pub note: String,
    /// The label the other side gave the passage overlapping this one most.
    pub other_label: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Comparison {
    pub student: String,
    pub file: String,
    /// The share of the shorter passage two passages must share to match.
    pub overlap: f64,
    /// Per label, in report order; labels neither side used are left out.
    pub labels: Vec<LabelScore>,
    /// All labels together (micro-averaged).
    pub overall: LabelScore,
    /// How many sentences were compared.
    pub sentences: usize,
    /// Share of sentences given the same label (or both left untagged).
    pub sentence_agreement: Option<f64>,
    /// Cohen's kappa of the sentence labels against the key's.
    pub kappa: Option<f64>,
    /// Category names for [`Comparison::confusion`], untagged last.
    pub categories: Vec<String>,
    /// Sentences by key label (rows) and student label (columns).
    pub confusion: Confusion,
    /// Key passages the student did not find, in text order.
    pub missed: Vec<PassageDiff>,
    /// Student passages that match nothing in the key, in text order.
    pub extra: Vec<PassageDiff>,
    /// Quotes of the student's annotations no longer found in the article.
    pub orphans: Vec<String>,
}

impl Comparison {
    /// The F1 of one label, if that label was scored.
    pub fn f1_of(&self, label: &str) -> Option<f64> {
        self.labels
            .iter()
            .find(|s| s.label == label)
            .and_then(|s| s.scores.f1)
    }
}

/// Grades `student` against `key` on `article`. `labels` comes from
/// [`super::label_names`] and ends with untagged; `overlap` is the share of
/// the shorter passage that two same-label passages must share to match.
pub fn compare(
    article: &Article,
    key: &Tagging,
    student: &Tagging,
    labels: &[String],
    overlap: f64,
) -> Comparison {
    let key_found: Vec<bool> = key
        .passages
        .iter()
        .map(|k| student.passages.iter().any(|s| matches(k, s, overlap)))
        .collect();
    let student_matching: Vec<bool> = student
        .passages
        .iter()
        .map(|s| key.passages.iter().any(|k| matches(k, s, overlap)))
        .collect();

    let hits = Hits {
        key,
        student,
        key_found,
        student_matching,
    };
    let untagged = labels.len() - 1;
    let per_label = labels[..untagged]
        .iter()
        .map(|l| hits.score(Some(l)))
        .filter(|s| s.key + s.student > 0)
        .collect();

    let sentences = counted_sentences(article);
    let key_labels = sentence_labels(article, &sentences, &key.passages, labels);
    let student_labels = sentence_labels(article, &sentences, &student.passages, labels);
    let confusion = Confusion::tally(&key_labels, &student_labels, labels.len());

    Comparison {
        student: student.name.clone(),
        file: student.file_name(),
        overlap,
        labels: per_label,
        overall: hits.score(None),
        sentences: sentences.len(),
        sentence_agreement: confusion.observed_agreement(),
        kappa: confusion.cohen_kappa(),
        categories: labels.to_vec(),
        confusion,
        missed: differences(article, &key.passages, &hits.key_found, &student.passages),
        extra: differences(
            article,
            &student.passages,
            &hits.student_matching,
            &key.passages,
        ),
        orphans: student.orphans.clone(),
    }
}

/// Which passages of the key the student found, and which of the
/// student's match the key.
struct Hits<'a> {
    key: &'a Tagging,
    student: &'a Tagging,
    /// Parallel to the key's passages.
    key_found: Vec<bool>,
    /// Parallel to the student's passages.
    student_matching: Vec<bool>,
}

impl Hits<'_> {
    /// The counts and scores of one label's passages, or (`None`) of all.
    fn score(&self, label: Option<&str>) -> LabelScore {
        let counts = |passages: &[Passage], hits: &[bool]| {
            let chosen = passages
                .iter()
                .zip(hits)
                .filter(|(p, _)| label.is_none_or(|l| p.label == l));
            let hits = chosen.clone().filter(|(_, hit)| **hit).count();
            (chosen.count(), hits)
        };
        let (in_key, found) = counts(&self.key.passages, &self.key_found);
        let (in_student, matching) = counts(&self.student.passages, &self.student_matching);
        LabelScore {
            label: label.unwrap_or("all").to_string(),
            key: in_key,
            student: in_student,
            found,
            matching,
            scores: Scores::from_counts(found, in_key, matching, in_student),
        }
    }
}

/// The passages without a hit, each with the label of the other side's
/// passage that overlaps it most.
fn differences(
    article: &Article,
    passages: &[Passage],
    hits: &[bool],
    others: &[Passage],
) -> Vec<PassageDiff> {
    passages
        .iter()
        .zip(hits)
        .filter(|(_, hit)| !**hit)
        .map(|(p, _)| PassageDiff {
            label: p.label.clone(),
            range: p.range.clone(),
            quote: article.slice(&p.range).to_string(),
            note: p.note.clone(),
            other_label: most_overlapping(&p.range, others).map(|o| o.label.clone()),
        })
        .collect()
}

fn overlap_len(a: &Span, b: &Span) -> usize {
    a.end.min(b.end).saturating_sub(a.start.max(b.start))
}

/// Same label, and sharing at least `share` of the shorter passage.
fn matches(key: &Passage, student: &Passage, share: f64) -> bool {
    let shared = overlap_len(&key.range, &student.range);
    let shorter = key.range.len().min(student.range.len());
    key.label == student.label && shared > 0 && shared as f64 >= share * shorter as f64
}

fn most_overlapping<'a>(range: &Span, others: &'a [Passage]) -> Option<&'a Passage> {
    others
        .iter()
        .map(|o| (overlap_len(range, &o.range), o))
        .filter(|(shared, _)| *shared > 0)
        .max_by_key(|(shared, _)| *shared)
        .map(|(_, o)| o)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::article::{Format, parse_source};
    use crate::classroom::tests::passage;
    use crate::classroom::{UNTAGGED, label_names};

    /// Four one-sentence paragraphs, so the sentences are the same whatever
    /// the sentence splitter does inside a paragraph.
    const SOURCE: &str = "# Bikes\n\n\
        The council spent $2.1 million on one kilometre of lane.\n\n\
        It is the least useful lane in the city.\n\n\
        Ridership will probably double by 2030.\n\n\
        Cyclists deserve better than paint.\n";

    fn article() -> Article {
        parse_source("bikes.md", Format::Markdown, SOURCE)
    }

    fn tagging(name: &str, article: &Article, tags: &[(&str, &str)]) -> Tagging {
        Tagging {
            name: name.into(),
            file: format!("{name}.json").into(),
            is_key: name == "key",
            passages: tags.iter().map(|(l, q)| passage(article, l, q)).collect(),
            orphans: vec![],
            notices: vec![],
        }
    }

    fn key(article: &Article) -> Tagging {
        tagging(
            "key",
            article,
            &[
                (
                    "claim",
                    "The council spent $2.1 million on one kilometre of lane.",
                ),
                ("opinion", "It is the least useful lane in the city."),
                ("speculation", "Ridership will probably double by 2030."),
                ("opinion", "Cyclists deserve better than paint."),
            ],
        )
    }

    fn run(student: &Tagging) -> Comparison {
        let article = article();
        let key = key(&article);
        let labels = label_names(["claim", "opinion", "speculation"], [&key, student]);
        compare(&article, &key, student, &labels, 0.5)
    }

    #[test]
    fn identical_tags_agree_perfectly() {
        let article = article();
        let mut copy = key(&article);
        copy.name = "Ada".into();
        let c = run(&copy);
        assert_eq!(c.overall.scores.f1, Some(1.0));
        assert_eq!(c.kappa, Some(1.0));
        assert_eq!(c.sentences, 4);
        assert!(c.missed.is_empty() && c.extra.is_empty());
    }

    #[test]
    fn an_empty_file_finds_nothing() {
        let article = article();
        let c = run(&tagging("Bob", &article, &[]));
        assert_eq!(c.overall.scores.recall, Some(0.0));
        assert_eq!(c.overall.scores.precision, None);
        assert_eq!(c.overall.scores.f1, Some(0.0));
        // Key: claim, opinion, speculation, opinion; student: all untagged.
        // p_o = 0; student shares are all "untagged", so p_e = 0 and kappa = 0.
        assert_eq!(c.kappa, Some(0.0));
        assert_eq!(c.missed.len(), 4);
        let untagged = c.categories.iter().position(|l| l == UNTAGGED).unwrap();
        assert_eq!(
            c.confusion.counts[1][untagged], 2,
            "both opinions went untagged"
        );
    }

    #[test]
    fn partial_overlap_matches_at_half_the_shorter_passage() {
        let article = article();
        // The key's opinion "It is the least useful lane in the city." is 40 bytes.
        // - "It is the least useful" (22) lies inside it: a match at any overlap.
        // - "in the city.\n\nRidership" (23) shares 12 bytes with it:
        //   12 >= 0.5 * 23 matches; 12 < 1.0 * 23 does not.
        // - "least useful lane in the city." lies inside it, but as a claim.
        let student = tagging(
            "Cy",
            &article,
            &[
                ("opinion", "It is the least useful"),
                ("opinion", "in the city.\n\nRidership"),
                ("claim", "least useful lane in the city."),
            ],
        );
        let c = run(&student);
        // Opinion: found 1 of the key's 2, both of the student's 2 match:
        // P = 1, R = 1/2, F1 = 2 * 1 * 1/2 / (3/2) = 2/3.
        let opinion = c.labels.iter().find(|s| s.label == "opinion").unwrap();
        assert_eq!((opinion.found, opinion.matching), (1, 2));
        assert!((c.f1_of("opinion").unwrap() - 2.0 / 3.0).abs() < 1e-9);
        assert_eq!(c.f1_of("claim"), Some(0.0));
        assert_eq!(c.extra.len(), 1);
        assert_eq!(c.extra[0].label, "claim");
        assert_eq!(c.extra[0].other_label.as_deref(), Some("opinion"));

        let key = key(&article);
        let labels = label_names(["claim", "opinion", "speculation"], [&key, &student]);
        let strict = compare(&article, &key, &student, &labels, 1.0);
        let opinion = strict.labels.iter().find(|s| s.label == "opinion").unwrap();
        assert_eq!((opinion.found, opinion.matching), (1, 1));
        assert_eq!(strict.extra.len(), 2);
    }

    #[test]
    fn disagreeing_labels_show_in_the_confusion_table() {
        let article = article();
        // Every sentence, but claim and opinion swapped and speculation called claim.
        let student = tagging(
            "Ed",
            &article,
            &[
                (
                    "opinion",
                    "The council spent $2.1 million on one kilometre of lane.",
                ),
                ("claim", "It is the least useful lane in the city."),
                ("claim", "Ridership will probably double by 2030."),
                ("opinion", "Cyclists deserve better than paint."),
            ],
        );
        let c = run(&student);
        // Key: claim, opinion, speculation, opinion (shares 1/4, 2/4, 1/4).
        // Student: opinion, claim, claim, opinion (shares 2/4 claim, 2/4 opinion).
        // p_o = 1/4 (the last sentence). p_e = 1/4*2/4 + 2/4*2/4 + 1/4*0 = 6/16.
        // kappa = (4/16 - 6/16) / (10/16) = -0.2
        assert!((c.kappa.unwrap() + 0.2).abs() < 1e-9, "{:?}", c.kappa);
        assert_eq!(c.confusion.counts[0][1], 1, "key claim, student opinion");
        assert_eq!(
            c.confusion.counts[2][0], 1,
            "key speculation, student claim"
        );
        assert_eq!(c.missed.len(), 3);
        assert_eq!(c.missed[0].other_label.as_deref(), Some("opinion"));
        assert_eq!(c.f1_of("speculation"), Some(0.0));
    }

    /// A tagging made the way files are: through the store, where one
    /// annotation may hold several labels or none.
    fn tagging_from_store(name: &str, article: &Article, tags: &[(&[&str], &str)]) -> Tagging {
        let dir = tempfile::tempdir().unwrap();
        let mut store =
            crate::annotate::Store::open(dir.path().join("t.json"), &article.text).unwrap();
        for (labels, quote) in tags {
            let start = article.text.find(quote).unwrap();
            let range = start..start + quote.len();
            let id = store.add_note(range.clone(), name).unwrap();
            store.set_note(&id, "why").unwrap();
            for label in *labels {
                store.add(label, range.clone(), name).unwrap();
            }
        }
        let mut tagging = Tagging::from_store(&store);
        tagging.name = name.into();
        tagging
    }

    #[test]
    fn a_passage_with_two_labels_counts_once_per_label_and_a_plain_note_not_at_all() {
        let article = article();
        let opinion = "It is the least useful lane in the city.";
        let two = tagging_from_store(
            "Ada",
            &article,
            &[
                (&["claim", "opinion"], opinion),
                (&[], "Cyclists deserve better than paint."),
            ],
        );
        let labels: Vec<&str> = two.passages.iter().map(|p| p.label.as_str()).collect();
        assert_eq!(labels, ["claim", "opinion"], "the plain note is no passage");
        let c = run(&two);
        // The key has opinion on that sentence: the student's opinion matches,
        // the claim on the same passage is extra.
        let found = c.labels.iter().find(|s| s.label == "opinion").unwrap();
        assert_eq!((found.found, found.matching), (1, 1));
        assert_eq!(c.extra.len(), 1);
        assert_eq!(c.extra[0].label, "claim");
        assert_eq!(c.extra[0].other_label.as_deref(), Some("opinion"));

        // Against a key with both labels on it, a student with one misses the other.
        let key = tagging_from_store("key", &article, &[(&["claim", "opinion"], opinion)]);
        let one = tagging_from_store("Bob", &article, &[(&["opinion"], opinion)]);
        let names = label_names(["claim", "opinion", "speculation"], [&key, &one]);
        let c = compare(&article, &key, &one, &names, 0.5);
        assert_eq!(c.f1_of("opinion"), Some(1.0));
        assert_eq!(c.f1_of("claim"), Some(0.0));
        assert_eq!(c.missed.len(), 1);
        assert_eq!(c.missed[0].label, "claim");
        // By sentence, a tie of labels over the same bytes goes to the label
        // listed first: the key's sentence counts as a claim.
        assert_eq!(c.kappa.map(|k| k < 1.0), Some(true));
        let same = compare(&article, &key, &key, &names, 0.5);
        assert_eq!((same.overall.scores.f1, same.kappa), (Some(1.0), Some(1.0)));
    }
}
