//! Suggestion hints: transparent, rule-based cues that a sentence may be a
//! claim, an opinion or speculation.
//!
//! A hint is never a tag. It names the words that triggered it and the cue
//! they stand for, so a student can weigh it and a teacher can see why it
//! fired. The rules are a TOML file a teacher can edit; the default one is
//! `hints.toml` beside this file, built into the binary.

use std::collections::{BTreeMap, HashMap};
use std::ops::Range;
use std::path::Path;

use serde::{Deserialize, Serialize};

use super::{ClassroomError, is_counted};
use crate::article::{Article, InlineStyle, Span};

/// The rules used when no other file is named.
pub const DEFAULT_RULES: &str = include_str!("hints.toml");

/// One cue found in a sentence: which words, and what they suggest.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Trigger {
    pub label: String,
    /// What the rule looks for, in words a reader understands.
    pub cue: String,
    /// Byte range of the triggering words in the reading text.
    pub range: Span,
    pub words: String,
}

/// A hint that one sentence may deserve one label.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Hint {
    /// Index in `Article::sentences`.
    pub sentence: usize,
    pub label: String,
    /// In text order.
    pub triggers: Vec<Trigger>,
}

/// A compiled rules file.
#[derive(Debug, Clone)]
pub struct Rules {
    rules: Vec<Rule>,
}

#[derive(Debug, Clone)]
struct Rule {
    label: String,
    cue: String,
    matcher: Matcher,
}

#[derive(Debug, Clone)]
enum Matcher {
    /// Any of these word sequences.
    Phrases(Phrases),
    Builtin(Builtin),
}

/// A rule's phrases, indexed by their first word so that each word of the
/// text is compared with the few phrases that could start there, not with
/// all of them (a 15 MB article has millions of words).
#[derive(Debug, Clone)]
struct Phrases {
    phrases: Vec<Vec<WordPattern>>,
    /// Lowercased first word → the phrases (indexes, in file order) that
    /// start with exactly that word.
    by_first_word: HashMap<String, Vec<usize>>,
    /// Phrases whose first word is a prefix (`predict*`), tried everywhere.
    by_prefix: Vec<usize>,
}

impl Phrases {
    fn new(phrases: Vec<Vec<WordPattern>>) -> Phrases {
        let mut by_first_word: HashMap<String, Vec<usize>> = HashMap::new();
        let mut by_prefix = Vec::new();
        for (i, phrase) in phrases.iter().enumerate() {
            match &phrase[0] {
                first if first.prefix => by_prefix.push(i),
                first => by_first_word
                    .entry(first.text.to_lowercase())
                    .or_default()
                    .push(i),
            }
        }
        Phrases {
            phrases,
            by_first_word,
            by_prefix,
        }
    }

    /// The phrases that may start at `word`, in file order.
    fn candidates(&self, word: &Word) -> Vec<usize> {
        let exact = self.by_first_word.get(&word.folded).map(Vec::as_slice);
        let mut candidates: Vec<usize> = exact.unwrap_or_default().to_vec();
        candidates.extend(&self.by_prefix);
        if !self.by_prefix.is_empty() && exact.is_some() {
            candidates.sort_unstable();
        }
        candidates
    }
}

/// One word of a phrase: the whole word or, for `predict*`, its start.
/// Written in lowercase it matches any case at the start of a sentence but
/// only lowercase elsewhere, since a capital mid-sentence marks a name ("May
/// 2024" is no hedge); written with capitals it matches exactly that.
#[derive(Debug, Clone)]
struct WordPattern {
    text: String,
    prefix: bool,
    exact_case: bool,
}

/// A word of the text being searched.
struct Word {
    range: Span,
    /// As written, with typographic apostrophes made plain.
    text: String,
    /// Lowercased.
    folded: String,
    /// Some letter of it is a capital.
    capital: bool,
    /// First in the sentence, where a capital says nothing.
    first: bool,
}

impl Word {
    fn matches(&self, pattern: &WordPattern) -> bool {
        let (word, may_compare) = if pattern.exact_case {
            (&self.text, true)
        } else {
            (&self.folded, self.first || !self.capital)
        };
        may_compare
            && if pattern.prefix {
                word.starts_with(&pattern.text)
            } else {
                *word == pattern.text
            }
    }
}

/// Cues that a word list cannot express.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
enum Builtin {
    /// A word with a digit in it: figures, years, percentages, prices.
    Number,
    /// Two or more capitalised words in a row: a named person, body or place.
    Name,
    /// A footnote reference or a link.
    Citation,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RulesFile {
    rule: Vec<RuleFile>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RuleFile {
    label: String,
    cue: String,
    #[serde(default)]
    words: Vec<String>,
    builtin: Option<Builtin>,
}

/// Small words that may stand inside a name ("Centre for Adolescent Wellbeing").
const NAME_JOINERS: [&str; 5] = ["of", "for", "and", "the", "de"];

impl Default for Rules {
    fn default() -> Self {
        Rules::parse(DEFAULT_RULES).expect("the embedded hint rules parse")
    }
}

impl Rules {
    /// Compiles rules from TOML; the error is one line, with a line number
    /// where TOML gives one.
    pub fn parse(text: &str) -> Result<Rules, String> {
        let file: RulesFile = toml::from_str(text)
            .map_err(|error| crate::config::one_line_toml_error(&error, text))?;
        let rules = file
            .rule
            .into_iter()
            .map(|rule| {
                let matcher = match (rule.builtin, rule.words.is_empty()) {
                    (Some(builtin), true) => Matcher::Builtin(builtin),
                    (None, false) => Matcher::Phrases(Phrases::new(
                        rule.words
                            .iter()
                            .map(|phrase| compile_phrase(phrase, &rule.cue))
                            .collect::<Result<_, _>>()?,
                    )),
                    _ => {
                        return Err(format!(
                            "rule \"{}\": give either `words` or `builtin`, not both or neither",
                            rule.cue
                        ));
                    }
                };
                if rule.label.trim().is_empty() {
                    return Err(format!("rule \"{}\" has an empty label", rule.cue));
                }
                Ok(Rule {
                    label: rule.label.trim().to_string(),
                    cue: rule.cue,
                    matcher,
                })
            })
            .collect::<Result<_, _>>()?;
        Ok(Rules { rules })
    }

    /// Reads and compiles a rules file.
    pub fn load(path: &Path) -> Result<Rules, ClassroomError> {
        let error = |message| ClassroomError::Rules {
            path: path.display().to_string(),
            message,
        };
        let text = std::fs::read_to_string(path)
            .map_err(|e| error(format!("cannot read the hint rules: {e}")))?;
        Rules::parse(&text).map_err(error)
    }

    /// Every cue in `span` of the article, in text order (then rule order).
    pub fn triggers(&self, article: &Article, span: Span) -> Vec<Trigger> {
        let words: Vec<Word> = article
            .words(span.clone())
            .enumerate()
            .map(|(i, range)| {
                let text = article.slice(&range).replace('\u{2019}', "'");
                Word {
                    folded: text.to_lowercase(),
                    capital: text.chars().any(char::is_uppercase),
                    text,
                    first: i == 0,
                    range,
                }
            })
            .collect();
        let mut found = Vec::new();
        for rule in &self.rules {
            let ranges = match &rule.matcher {
                Matcher::Phrases(phrases) => phrase_hits(&words, phrases),
                Matcher::Builtin(Builtin::Number) => words
                    .iter()
                    .filter(|w| w.text.chars().any(|c| c.is_ascii_digit()))
                    .map(|w| w.range.clone())
                    .collect(),
                Matcher::Builtin(Builtin::Name) => name_hits(&article.text, &words),
                Matcher::Builtin(Builtin::Citation) => article
                    .inlines_in(span.clone())
                    .filter(|i| {
                        matches!(
                            i.style,
                            InlineStyle::FootnoteRef { .. } | InlineStyle::Link { .. }
                        )
                    })
                    .map(|i| i.range.clone())
                    .collect(),
            };
            found.extend(ranges.into_iter().map(|range| Trigger {
                label: rule.label.clone(),
                cue: rule.cue.clone(),
                words: article.slice(&range).to_string(),
                range,
            }));
        }
        // A stable sort keeps rule order among cues at the same place.
        found.sort_by_key(|t| t.range.start);
        found
    }
}

/// Hints for every counted sentence of `article` (headings and code are
/// skipped): one per sentence and label that some rule's cue points to.
pub fn suggest(article: &Article, rules: &Rules) -> Vec<Hint> {
    suggest_in(article, rules, 0..article.sentences.len())
}

/// [`suggest`] for the sentences with these indexes only (the reader asks
/// for those on screen): the cost is that of their text, whatever the
/// article's size.
pub fn suggest_in(article: &Article, rules: &Rules, sentences: Range<usize>) -> Vec<Hint> {
    let mut hints = Vec::new();
    let end = sentences.end.min(article.sentences.len());
    for sentence in (sentences.start.min(end)..end).filter(|&i| is_counted(article, i)) {
        let mut by_label: BTreeMap<String, Vec<Trigger>> = BTreeMap::new();
        for trigger in rules.triggers(article, article.sentences[sentence].range.clone()) {
            by_label
                .entry(trigger.label.clone())
                .or_default()
                .push(trigger);
        }
        // Labels in the order the rules file first names them.
        let mut labels: Vec<(usize, String, Vec<Trigger>)> = by_label
            .into_iter()
            .map(|(label, triggers)| (rules.label_rank(&label), label, triggers))
            .collect();
        labels.sort_by_key(|(rank, _, _)| *rank);
        hints.extend(labels.into_iter().map(|(_, label, triggers)| Hint {
            sentence,
            label,
            triggers,
        }));
    }
    hints
}

impl Rules {
    fn label_rank(&self, label: &str) -> usize {
        self.rules
            .iter()
            .position(|r| r.label == label)
            .unwrap_or(usize::MAX)
    }

    /// The labels the rules can suggest, in the order the file names them.
    pub fn labels(&self) -> Vec<&str> {
        let mut labels: Vec<&str> = Vec::new();
        for rule in &self.rules {
            if !labels.contains(&rule.label.as_str()) {
                labels.push(&rule.label);
            }
        }
        labels
    }
}

fn compile_phrase(phrase: &str, cue: &str) -> Result<Vec<WordPattern>, String> {
    let words: Vec<WordPattern> = phrase
        .split_whitespace()
        .map(|word| {
            let word = word.replace('\u{2019}', "'");
            let exact_case = word.chars().any(char::is_uppercase);
            let (text, prefix) = match word.strip_suffix('*') {
                Some(stem) => (stem, true),
                None => (word.as_str(), false),
            };
            WordPattern {
                text: text.to_string(),
                prefix,
                exact_case,
            }
        })
        .collect();
    if words.is_empty() || words.iter().any(|w| w.text.is_empty()) {
        return Err(format!(
            "rule \"{cue}\": \"{phrase}\" is not a word or phrase (a `*` needs letters before it)"
        ));
    }
    Ok(words)
}

fn phrase_hits(words: &[Word], phrases: &Phrases) -> Vec<Span> {
    let mut hits = Vec::new();
    for start in 0..words.len() {
        for phrase in phrases.candidates(&words[start]) {
            let phrase = &phrases.phrases[phrase];
            let Some(window) = words.get(start..start + phrase.len()) else {
                continue;
            };
            if window
                .iter()
                .zip(phrase)
                .all(|(word, pattern)| word.matches(pattern))
            {
                hits.push(window[0].range.start..window[window.len() - 1].range.end);
                break;
            }
        }
    }
    hits
}

/// Runs of two or more capitalised words with only spaces (and joiners such
/// as "of") between them; "I" alone is not a name. The sentence's first word
/// only starts a name when a capitalised word follows it directly ("The
/// Marlowe County Schools Board", but not "But the Northmarch").
fn name_hits(text: &str, words: &[Word]) -> Vec<Span> {
    let capitalised =
        |w: &Word| w.text != "I" && w.text.chars().next().is_some_and(char::is_uppercase);
    let adjacent = |a: &Word, b: &Word| text[a.range.end..b.range.start].trim().is_empty();
    let mut hits = Vec::new();
    let mut i = 0;
    while i < words.len() {
        let starts_name = capitalised(&words[i])
            && (!words[i].first
                || words
                    .get(i + 1)
                    .is_some_and(|next| capitalised(next) && adjacent(&words[i], next)));
        if !starts_name {
            i += 1;
            continue;
        }
        // Extend over capitalised words and joiners; trailing joiners drop off.
        let mut end = i;
        let mut last_capital = i;
        let mut capitals = 1;
        while end + 1 < words.len() && adjacent(&words[end], &words[end + 1]) {
            let next = &words[end + 1];
            if capitalised(next) {
                capitals += 1;
                last_capital = end + 1;
            } else if !NAME_JOINERS.contains(&next.folded.as_str()) {
                break;
            }
            end += 1;
        }
        if capitals >= 2 {
            hits.push(words[i].range.start..words[last_capital].range.end);
        }
        i = last_capital + 1;
    }
    hits
}

/// A sentence labelled by hand, to measure the rules against.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LabelledSentence {
    /// The article's file name.
    pub article: String,
    /// The label a person gave it ("none" for none of the rules' labels).
    pub label: String,
    /// The sentence as it stands in the article's reading text.
    pub text: String,
}

/// Reads a labelled set: tab-separated `article`, `label`, `sentence`, with
/// a header line.
pub fn parse_labelled(tsv: &str) -> Result<Vec<LabelledSentence>, String> {
    tsv.lines()
        .enumerate()
        .skip(1)
        .filter(|(_, line)| !line.trim().is_empty())
        .map(|(index, line)| {
            let mut fields = line.splitn(3, '\t');
            match (fields.next(), fields.next(), fields.next()) {
                (Some(article), Some(label), Some(text)) => Ok(LabelledSentence {
                    article: article.to_string(),
                    label: label.to_string(),
                    text: text.to_string(),
                }),
                _ => Err(format!(
                    "line {}: expected article, label and sentence",
                    index + 1
                )),
            }
        })
        .collect()
}

/// How well the rules' hints find one label on a labelled set.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize)]
pub struct HintScore {
    /// Sentences labelled so by hand.
    pub labelled: usize,
    /// Sentences the rules hinted so.
    pub hinted: usize,
    /// Both.
    pub correct: usize,
}

impl HintScore {
    pub fn precision(&self) -> Option<f64> {
        (self.hinted > 0).then(|| self.correct as f64 / self.hinted as f64)
    }
    pub fn recall(&self) -> Option<f64> {
        (self.labelled > 0).then(|| self.correct as f64 / self.labelled as f64)
    }
}

/// The cues found in one labelled sentence.
#[derive(Debug, Clone)]
pub struct Outcome<'a> {
    pub sentence: &'a LabelledSentence,
    pub triggers: Vec<Trigger>,
}

impl Outcome<'_> {
    /// True when some cue for `label` fired.
    pub fn hinted(&self, label: &str) -> bool {
        self.triggers.iter().any(|t| t.label == label)
    }
}

/// Runs the rules on labelled sentences of one article. Sentences that are
/// not in the article's reading text are the error.
pub fn hint_labelled<'a>(
    rules: &Rules,
    article: &Article,
    sentences: impl IntoIterator<Item = &'a LabelledSentence>,
) -> Result<Vec<Outcome<'a>>, Vec<&'a LabelledSentence>> {
    let mut outcomes = Vec::new();
    let mut missing = Vec::new();
    for sentence in sentences {
        match article.text.find(&sentence.text) {
            Some(start) => outcomes.push(Outcome {
                sentence,
                triggers: rules.triggers(article, start..start + sentence.text.len()),
            }),
            None => missing.push(sentence),
        }
    }
    if missing.is_empty() {
        Ok(outcomes)
    } else {
        Err(missing)
    }
}

/// Adds outcomes to per-label scores: a sentence counts as hinted with a
/// label when any cue for it fired.
pub fn tally(labels: &[&str], outcomes: &[Outcome], scores: &mut BTreeMap<String, HintScore>) {
    for outcome in outcomes {
        for &label in labels {
            let score = scores.entry(label.to_string()).or_default();
            let is_labelled = outcome.sentence.label == label;
            let is_hinted = outcome.hinted(label);
            score.labelled += usize::from(is_labelled);
            score.hinted += usize::from(is_hinted);
            score.correct += usize::from(is_labelled && is_hinted);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::article::{Format, parse_source};

    fn article(text: &str) -> Article {
        parse_source("t.md", Format::Markdown, text)
    }

    fn cues(rules: &Rules, text: &str) -> Vec<(String, String)> {
        let article = article(text);
        rules
            .triggers(&article, 0..article.text.len())
            .into_iter()
            .map(|t| (t.label, t.words))
            .collect()
    }

    const SMALL: &str = r#"
        [[rule]]
        label = "claim"
        cue = "a number"
        builtin = "number"

        [[rule]]
        label = "claim"
        cue = "a named source"
        builtin = "name"

        [[rule]]
        label = "speculation"
        cue = "a hedge"
        words = ["might", "may", "will likely", "predict*", "it is possible"]

        [[rule]]
        label = "opinion"
        cue = "the writer's view"
        words = ["I think", "don't"]
    "#;

    #[test]
    fn words_phrases_and_prefixes_match_whole_words() {
        let rules = Rules::parse(SMALL).unwrap();
        assert_eq!(
            cues(
                &rules,
                "Might it rain in May? I think it will likely rain; mighty winds, predictably."
            ),
            vec![
                ("speculation".into(), "Might".into()),
                ("opinion".into(), "I think".into()),
                ("speculation".into(), "will likely".into()),
                ("speculation".into(), "predictably".into()),
            ]
        );
        assert_eq!(
            cues(&rules, "I don\u{2019}t know, I THINK."),
            vec![("opinion".into(), "don\u{2019}t".into())],
            "a capital mid-sentence is a name or a shout, not the cue"
        );
    }

    #[test]
    fn numbers_and_names_are_builtin() {
        let rules = Rules::parse(SMALL).unwrap();
        assert_eq!(
            cues(
                &rules,
                "The Centre for Adolescent Wellbeing surveyed 3,400 students in 2024, I hear, for Dunmore."
            ),
            vec![
                ("claim".into(), "The Centre for Adolescent Wellbeing".into()),
                ("claim".into(), "3,400".into()),
                ("claim".into(), "2024".into()),
            ]
        );
        // Capitals split by punctuation are two single words, not a name.
        assert!(cues(&rules, "Yes, Minister.").is_empty());
    }

    #[test]
    fn citations_are_footnotes_and_links() {
        let rules = Rules::parse(
            "[[rule]]\nlabel = \"claim\"\ncue = \"a citation\"\nbuiltin = \"citation\"\n",
        )
        .unwrap();
        let found = cues(
            &rules,
            "It cost a lot.[^1] See [the plan](https://x.example).\n\n[^1]: Accounts.\n",
        );
        assert_eq!(
            found,
            vec![
                ("claim".into(), "[1]".into()),
                ("claim".into(), "the plan".into())
            ]
        );
    }

    #[test]
    fn suggest_groups_cues_by_sentence_and_label() {
        let rules = Rules::parse(SMALL).unwrap();
        let article = article(
            "# 2024 heading\n\nRents might rise by 9 per cent.\n\nNothing here.\n\nI think it might.\n",
        );
        let hints = suggest(&article, &rules);
        let summary: Vec<(usize, &str, Vec<&str>)> = hints
            .iter()
            .map(|h| {
                (
                    h.sentence,
                    h.label.as_str(),
                    h.triggers.iter().map(|t| t.words.as_str()).collect(),
                )
            })
            .collect();
        assert_eq!(
            summary,
            vec![
                (1, "claim", vec!["9"]),
                (1, "speculation", vec!["might"]),
                (3, "speculation", vec!["might"]),
                (3, "opinion", vec!["I think"]),
            ]
        );
        let might = &hints[1].triggers[0];
        assert_eq!(article.slice(&might.range), "might");
    }

    #[test]
    fn bad_rules_are_explained() {
        let both =
            "[[rule]]\nlabel = \"claim\"\ncue = \"x\"\nwords = [\"a\"]\nbuiltin = \"number\"\n";
        assert!(Rules::parse(both).unwrap_err().contains("either"));
        let star = "[[rule]]\nlabel = \"claim\"\ncue = \"x\"\nwords = [\"*\"]\n";
        assert!(Rules::parse(star).unwrap_err().contains("not a word"));
        let typo = "[[rule]]\nlabel = \"claim\"\ncue = \"x\"\nword = [\"a\"]\n";
        assert!(Rules::parse(typo).unwrap_err().starts_with("line 4"));
        let unknown = "[[rule]]\nlabel = \"claim\"\ncue = \"x\"\nbuiltin = \"colour\"\n";
        assert!(Rules::parse(unknown).is_err());
    }

    #[test]
    fn the_default_rules_parse_and_cover_the_three_labels() {
        assert_eq!(
            Rules::default().labels(),
            vec!["claim", "opinion", "speculation"]
        );
    }

    #[test]
    fn labelled_sets_parse_and_score() {
        let set = parse_labelled(
            "article\tlabel\tsentence\nt.md\tspeculation\tRents might rise.\nt.md\tclaim\tRents rose 9%.\nt.md\tnone\tGone.\n",
        )
        .unwrap();
        let article = article("Rents might rise.\n\nRents rose 9%.\n");
        let rules = Rules::parse(SMALL).unwrap();
        let missing = hint_labelled(&rules, &article, &set).unwrap_err();
        assert_eq!(missing, vec![&set[2]]);
        let outcomes = hint_labelled(&rules, &article, &set[..2]).unwrap();
        assert!(outcomes[0].hinted("speculation") && !outcomes[0].hinted("claim"));
        let mut scores = BTreeMap::new();
        tally(&rules.labels(), &outcomes, &mut scores);
        assert_eq!(
            scores["speculation"],
            HintScore {
                labelled: 1,
                hinted: 1,
                correct: 1
            }
        );
        assert_eq!(scores["claim"].correct, 1);
        assert_eq!(scores["opinion"].precision(), None);
        assert!(parse_labelled("h\nonly\ttwo\n").is_err());
    }
}
