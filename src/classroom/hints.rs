//! Suggestion hints: transparent, rule-based cues that a sentence may be a
//! claim, an opinion or speculation.
//!
//! A hint is never a tag. It names the words that triggered it and the cue
//! they stand for, so a student can weigh it and a teacher can see why it
//! fired. The rules are a TOML file a teacher can edit; the default one is
//! `hints.toml` beside this file, built into the binary.

use std::borrow::Cow;
use std::ops::Range;
use std::path::Path;

use rustc_hash::{FxHashMap, FxHashSet};
use serde::{Deserialize, Serialize};

use super::{ClassroomError, is_counted};
use crate::article::{Article, InlineStyle, Span, opens_sentences};

/// The rules used when no other file is named.
pub const DEFAULT_RULES: &str = include_str!("hints.toml");

/// One cue found in a sentence: which words, and what they suggest.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Trigger {
    pub label: String,
    /// What the rule looks for, in words a reader understands.
    pub cue: String,
    /// Byte range of the triggering words in the reading text.
    pub range: Span,
    pub words: String,
    /// How much the cue counts towards its label (see [`Rules::choose`]).
    #[serde(skip)]
    pub weight: f64,
}

/// A trigger as people read it: `“words” (cue)`, or the cue alone when it
/// is about the sentence's form (a statement, a question) rather than its
/// words. `clean` makes untrusted text safe for the output.
pub fn trigger_text(trigger: &Trigger, clean: impl Fn(&str) -> String) -> String {
    if trigger.words.chars().any(char::is_alphanumeric) {
        format!("“{}” ({})", clean(&trigger.words), clean(&trigger.cue))
    } else {
        clean(&trigger.cue)
    }
}

/// A hint that one sentence may deserve one label.
#[derive(Debug, Clone, PartialEq, Serialize)]
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
    /// Every rule's phrases by their first word.
    phrases: PhraseIndex,
}

#[derive(Debug, Clone)]
struct Rule {
    label: String,
    cue: String,
    weight: f64,
    matcher: Matcher,
}

#[derive(Debug, Clone)]
enum Matcher {
    /// Any of these word sequences (found through [`PhraseIndex`]).
    Phrases(Vec<Vec<WordPattern>>),
    Builtin(Builtin),
}

/// Where a phrase is: (rule, phrase) indexes, in file order.
type PhraseAt = (usize, usize);

/// All the rules' phrases, indexed by their first word, so that each word
/// of the text is looked up once and compared with the few phrases that
/// could start there, not with all of them (a 15 MB article has millions
/// of words, and the reader does this for every sentence on screen).
/// The keys are a few hundred short words the program wrote itself, so
/// FxHash (no defence against chosen collisions, several times faster on
/// short keys than the default SipHash) is safe here.
#[derive(Debug, Clone, Default)]
struct PhraseIndex {
    /// Lowercased first word → the phrases that start with exactly it.
    by_first_word: FxHashMap<String, Vec<PhraseAt>>,
    /// Phrases whose first word is a prefix (`predict*`), tried everywhere.
    by_prefix: Vec<PhraseAt>,
}

impl PhraseIndex {
    fn new(rules: &[Rule]) -> PhraseIndex {
        let mut index = PhraseIndex::default();
        for (r, rule) in rules.iter().enumerate() {
            let Matcher::Phrases(phrases) = &rule.matcher else {
                continue;
            };
            for (p, phrase) in phrases.iter().enumerate() {
                match &phrase[0] {
                    first if first.prefix => index.by_prefix.push((r, p)),
                    first => index
                        .by_first_word
                        .entry(first.text.to_lowercase())
                        .or_default()
                        .push((r, p)),
                }
            }
        }
        index
    }

    /// The phrases that may start at `word`, in file order: those indexed
    /// under it merged with the prefix ones, without allocating.
    fn candidates<'a>(&'a self, word: &Word) -> impl Iterator<Item = PhraseAt> + 'a {
        let exact = self
            .by_first_word
            .get(&*word.folded)
            .map_or(&[][..], Vec::as_slice);
        let (mut exact, mut prefix) = (exact.iter().peekable(), self.by_prefix.iter().peekable());
        std::iter::from_fn(move || match (exact.peek(), prefix.peek()) {
            (Some(&&e), Some(&&p)) if p < e => prefix.next().copied(),
            (Some(_), _) => exact.next().copied(),
            (None, _) => prefix.next().copied(),
        })
    }

    /// For each rule, where its phrases occur in `words`: at each word, the
    /// first of a rule's phrases (in file order) that matches there.
    fn hits(&self, words: &[Word], rules: &[Rule]) -> Vec<Vec<Span>> {
        let mut hits = vec![Vec::new(); rules.len()];
        for start in 0..words.len() {
            let mut matched_rule = None;
            for (r, p) in self.candidates(&words[start]) {
                if matched_rule == Some(r) {
                    continue;
                }
                let Matcher::Phrases(phrases) = &rules[r].matcher else {
                    continue;
                };
                let phrase = &phrases[p];
                let Some(window) = words.get(start..start + phrase.len()) else {
                    continue;
                };
                if window
                    .iter()
                    .zip(phrase)
                    .all(|(word, pattern)| word.matches(pattern))
                {
                    hits[r].push(window[0].range.start..window[window.len() - 1].range.end);
                    matched_rule = Some(r);
                }
            }
        }
        hits
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
    /// Written `^word`: only as the sentence's first word (imperatives).
    at_start: bool,
}

/// A word of the text being searched. Most words are plain lowercase
/// ASCII, and borrow the article's text rather than copy it twice.
struct Word<'a> {
    range: Span,
    /// As written, with typographic apostrophes made plain.
    text: Cow<'a, str>,
    /// Lowercased.
    folded: Cow<'a, str>,
    /// Some letter of it is a capital.
    capital: bool,
    /// First in the sentence, where a capital says nothing.
    first: bool,
}

impl<'a> Word<'a> {
    fn new(written: &'a str, range: Span, first: bool) -> Word<'a> {
        let text = match written.contains('\u{2019}') {
            true => Cow::Owned(written.replace('\u{2019}', "'")),
            false => Cow::Borrowed(written),
        };
        // Lowercase ASCII is its own lowercase; anything else (a capital,
        // a titlecase letter, a final sigma) goes through `to_lowercase`.
        let (folded, capital) = if text
            .bytes()
            .all(|b| b.is_ascii() && !b.is_ascii_uppercase())
        {
            (text.clone(), false)
        } else {
            (
                Cow::Owned(text.to_lowercase()),
                text.chars().any(char::is_uppercase),
            )
        };
        Word {
            range,
            text,
            folded,
            capital,
            first,
        }
    }

    fn matches(&self, pattern: &WordPattern) -> bool {
        if pattern.at_start && !self.first {
            return false;
        }
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
    /// A web address written out (`https://…`, `www.…`).
    Url,
    /// A whole declarative sentence: it ends with a full stop (not a
    /// question, an exclamation or a lead-in ending in a colon).
    Statement,
    /// A question.
    Question,
    /// A verb in the past tense or a participle (`was`, `had`, `decided`,
    /// `is used`): what happened, or what was done, which can be checked.
    Past,
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
    #[serde(default = "default_weight")]
    weight: f64,
}

fn default_weight() -> f64 {
    1.0
}

/// How many different words of one cue count towards its label.
const MAX_COUNTED_PER_CUE: usize = 2;

/// A label is hinted when its cues weigh at least this much together.
pub const HINT_THRESHOLD: f64 = 1.0;

/// The label of rules whose cues say a sentence deserves no hint (a
/// question, a signpost, boilerplate): they count against every label.
pub const NO_HINT: &str = "none";

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
                    (None, false) => Matcher::Phrases(
                        rule.words
                            .iter()
                            .map(|phrase| compile_phrase(phrase, &rule.cue))
                            .collect::<Result<_, _>>()?,
                    ),
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
                if !rule.weight.is_finite() {
                    return Err(format!("rule \"{}\": weight must be a number", rule.cue));
                }
                Ok(Rule {
                    label: rule.label.trim().to_string(),
                    cue: rule.cue,
                    weight: rule.weight,
                    matcher,
                })
            })
            .collect::<Result<Vec<Rule>, _>>()?;
        let phrases = PhraseIndex::new(&rules);
        Ok(Rules { rules, phrases })
    }

    /// Reads and compiles a rules file.
    pub fn load(path: &Path) -> Result<Rules, ClassroomError> {
        let error = |message| ClassroomError::Rules {
            path: path.display().to_string(),
            message,
        };
        let text = crate::fsutil::read_text_bounded(
            path,
            crate::fsutil::MAX_SETTINGS_BYTES,
            "a hint rules file",
        )
        .map_err(|e| error(format!("cannot read the hint rules: {e}")))?;
        Rules::parse(&text).map_err(error)
    }

    /// The rules the reader and `suggest` both use: `explicit` when given
    /// (`--rules`), else a teacher's `hints.toml` beside the config file
    /// when there is one, else the built-in rules. Returns a name for them.
    pub fn in_use(explicit: Option<&Path>) -> Result<(Rules, String), ClassroomError> {
        if let Some(path) = explicit {
            return Ok((Rules::load(path)?, path.display().to_string()));
        }
        match crate::config::Config::default_path().map(|p| p.with_file_name("hints.toml")) {
            Some(path) if path.exists() => Ok((Rules::load(&path)?, path.display().to_string())),
            _ => Ok((Rules::default(), "built in".to_string())),
        }
    }

    /// Every cue in `span` of the article, in text order (then rule order).
    pub fn triggers(&self, article: &Article, span: Span) -> Vec<Trigger> {
        let words: Vec<Word> = article
            .words(span.clone())
            .enumerate()
            .map(|(i, range)| Word::new(article.slice(&range), range, i == 0))
            .collect();
        let urls = url_spans(&article.text, span.clone());
        let mut phrase_hits = self.phrases.hits(&words, &self.rules);
        let mut found: Vec<Trigger> = Vec::new();
        for (r, rule) in self.rules.iter().enumerate() {
            let ranges = match &rule.matcher {
                Matcher::Phrases(_) => std::mem::take(&mut phrase_hits[r]),
                Matcher::Builtin(Builtin::Number) => words
                    .iter()
                    .filter(|w| w.text.chars().any(|c| c.is_ascii_digit()))
                    .filter(|w| {
                        !urls
                            .iter()
                            .any(|u| u.start <= w.range.start && w.range.end <= u.end)
                    })
                    .map(|w| w.range.clone())
                    .collect(),
                Matcher::Builtin(Builtin::Url) => urls.clone(),
                Matcher::Builtin(Builtin::Statement) => {
                    ends_with(&article.text[span.clone()], &['.'])
                        .then(|| final_mark(&article.text, &span))
                        .into_iter()
                        .collect()
                }
                Matcher::Builtin(Builtin::Question) => {
                    ends_with(&article.text[span.clone()], &['?'])
                        .then(|| final_mark(&article.text, &span))
                        .into_iter()
                        .collect()
                }
                Matcher::Builtin(Builtin::Name) => name_hits(&article.text, &words),
                Matcher::Builtin(Builtin::Past) => words
                    .iter()
                    .filter(|w| is_past_verb(w))
                    .map(|w| w.range.clone())
                    .collect(),
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
                weight: rule.weight,
            }));
        }
        // A stable sort keeps rule order among cues at the same place.
        found.sort_by_key(|t| t.range.start);
        // The same words for the same cue are one cue, however often they
        // appear ("wrong … wrong"). A set, not a list: a long sentence of
        // figures has as many cues as words.
        let mut seen: FxHashSet<(String, String)> = FxHashSet::default();
        found.retain(|t| seen.insert((t.cue.clone(), t.words.to_lowercase())));
        found
    }
}

/// Hints for every counted sentence of `article` (headings and code are
/// skipped): at most one per sentence, for the label [`Rules::choose`]
/// picks, with the cues that speak for it.
pub fn suggest(article: &Article, rules: &Rules) -> Vec<Hint> {
    suggest_in(article, rules, 0..article.sentences.len())
}

/// [`suggest`] for the sentences with these indexes only (the reader asks
/// for those on screen): the cost is that of their text, whatever the
/// article's size.
pub fn suggest_in(article: &Article, rules: &Rules, sentences: Range<usize>) -> Vec<Hint> {
    suggestions(article, rules, sentences).collect()
}

/// [`suggest_in`] one hint at a time, each found when asked for, so that
/// `suggest` can write a hint before it looks at the next sentence and
/// hold none of them.
pub fn suggestions<'a>(
    article: &'a Article,
    rules: &'a Rules,
    sentences: Range<usize>,
) -> impl Iterator<Item = Hint> + 'a {
    let end = sentences.end.min(article.sentences.len());
    (sentences.start.min(end)..end)
        .filter(|&i| is_counted(article, i))
        .filter_map(|sentence| {
            let triggers = rules.triggers(article, article.sentences[sentence].range.clone());
            let label = rules.choose(&triggers)?;
            let triggers = triggers
                .into_iter()
                .filter(|t| t.label == label && t.weight > 0.0)
                .collect();
            Some(Hint {
                sentence,
                label,
                triggers,
            })
        })
}

impl Rules {
    fn label_rank(&self, label: &str) -> usize {
        self.rules
            .iter()
            .position(|r| r.label == label)
            .unwrap_or(usize::MAX)
    }

    /// The one label a sentence's cues point to: the label whose cues weigh
    /// most, less what the [`NO_HINT`] cues weigh (a question, a signpost,
    /// a call to action or boilerplate speaks against every label), if that
    /// is at least [`HINT_THRESHOLD`]; equal weights go to the label the
    /// file names first.
    pub fn choose(&self, triggers: &[Trigger]) -> Option<String> {
        let against = cue_weight(triggers, NO_HINT);
        let mut best: Option<(f64, usize, &str)> = None;
        for label in self.labels() {
            let weight = cue_weight(triggers, label) - against;
            let rank = self.label_rank(label);
            if weight >= HINT_THRESHOLD
                && best.is_none_or(|(w, r, _)| weight > w || (weight == w && rank < r))
            {
                best = Some((weight, rank, label));
            }
        }
        best.map(|(_, _, label)| label.to_string())
    }

    /// The labels the rules can suggest, in the order the file names them
    /// ([`NO_HINT`] is not one).
    pub fn labels(&self) -> Vec<&str> {
        let mut labels: Vec<&str> = Vec::new();
        for rule in &self.rules {
            if rule.label != NO_HINT && !labels.contains(&rule.label.as_str()) {
                labels.push(&rule.label);
            }
        }
        labels
    }
}

/// What the cues for `label` weigh together. Each cue counts once per
/// different word it found, at most twice: two evaluative words say more
/// than one, but a list of figures is still one kind of evidence.
fn cue_weight(triggers: &[Trigger], label: &str) -> f64 {
    let mut per_cue: Vec<(&str, f64, usize)> = Vec::new();
    for t in triggers.iter().filter(|t| t.label == label) {
        match per_cue.iter_mut().find(|c| c.0 == t.cue) {
            Some(cue) => cue.2 += 1,
            None => per_cue.push((&t.cue, t.weight, 1)),
        }
    }
    per_cue
        .iter()
        .map(|(_, w, n)| w * (*n).min(MAX_COUNTED_PER_CUE) as f64)
        .sum()
}

fn compile_phrase(phrase: &str, cue: &str) -> Result<Vec<WordPattern>, String> {
    let words: Vec<WordPattern> = phrase
        .split_whitespace()
        .enumerate()
        .map(|(i, word)| {
            let word = word.replace('\u{2019}', "'");
            let (word, at_start) = match word.strip_prefix('^') {
                Some(rest) if i == 0 => (rest.to_string(), true),
                _ => (word, false),
            };
            let exact_case = word.chars().any(char::is_uppercase);
            let (text, prefix) = match word.strip_suffix('*') {
                Some(stem) => (stem, true),
                None => (word.as_str(), false),
            };
            WordPattern {
                text: text.to_string(),
                prefix,
                exact_case,
                at_start,
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

/// Whether `text`, closing quotes and brackets aside, ends with one of `marks`.
fn ends_with(text: &str, marks: &[char]) -> bool {
    text.trim_end()
        .trim_end_matches(['"', '\'', '\u{201D}', '\u{2019}', ')', ']', '\u{00BB}'])
        .ends_with(marks)
}

/// The sentence's closing mark, where a cue on the whole sentence (its
/// form) is shown: underlining every word would hide the other cues.
fn final_mark(text: &str, span: &Span) -> Span {
    let trimmed = text[span.clone()]
        .trim_end()
        .trim_end_matches(['"', '\'', '\u{201D}', '\u{2019}', ')', ']', '\u{00BB}']);
    let end = span.start + trimmed.len();
    let start = trimmed
        .char_indices()
        .last()
        .map_or(end, |(i, _)| span.start + i);
    start..end
}

/// Web addresses written out in `span`: runs without spaces that hold
/// `://` or start with `www.`, or a domain followed by a path
/// (`pic.twitter.com/x`), without trailing punctuation.
fn url_spans(text: &str, span: Span) -> Vec<Span> {
    let mut spans = Vec::new();
    let slice = &text[span.clone()];
    let mut start = None;
    for (i, c) in slice
        .char_indices()
        .chain(std::iter::once((slice.len(), ' ')))
    {
        match (c.is_whitespace(), start) {
            (false, None) => start = Some(i),
            (true, Some(s)) => {
                let token = slice[s..i]
                    .trim_end_matches(['.', ',', ';', ':', ')', '"', '\'', '\u{201D}', '\u{2019}']);
                let token = token.trim_start_matches(['(', '"', '\'', '\u{201C}', '\u{2018}']);
                let lead = slice[s..i].len()
                    - slice[s..i]
                        .trim_start_matches(['(', '"', '\'', '\u{201C}', '\u{2018}'])
                        .len();
                let domain_path = token.split_once('/').is_some_and(|(host, _)| {
                    host.contains('.')
                        && host.split('.').all(|p| {
                            !p.is_empty()
                                && p.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
                        })
                });
                if token.contains("://") || token.starts_with("www.") || domain_path {
                    let at = span.start + s + lead;
                    spans.push(at..at + token.len());
                }
                start = None;
            }
            _ => {}
        }
    }
    spans
}

/// Past forms that are no regular `-ed` ending.
const PAST_FORMS: [&str; 8] = [
    "was", "were", "had", "did", "wasn't", "weren't", "hadn't", "didn't",
];

/// Words of five letters or more ending in `-ed` that are no past verb.
const NOT_PAST: [&str; 18] = [
    "indeed", "speed", "greed", "bleed", "breed", "embed", "exceed", "proceed", "succeed",
    "hundred", "kindred", "sacred", "wicked", "naked", "wretched", "rugged", "ragged", "beloved",
];

/// A past-tense verb or a participle: one of [`PAST_FORMS`], or a
/// lowercase word of five letters or more ending in `-ed` (a capital
/// mid-sentence marks a name, "Ted" or "Alfred").
fn is_past_verb(word: &Word) -> bool {
    let folded: &str = &word.folded;
    if PAST_FORMS.contains(&folded) {
        return true;
    }
    (word.first || !word.capital)
        && folded.len() >= 5
        && folded.ends_with("ed")
        && folded.chars().all(|c| c.is_ascii_lowercase())
        && !NOT_PAST.contains(&folded)
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
        // A word that usually opens sentences ("While Anglophiles…") starts
        // no name there; "The" may ("The Hague", "The Marlowe County…").
        let opener = words[i].first && words[i].text != "The" && opens_sentences(&words[i].text);
        let starts_name = capitalised(&words[i])
            && !opener
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
            } else if !NAME_JOINERS.contains(&&*next.folded) {
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

#[cfg(test)]
mod tests;
