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
    // A word that opens sentences starts no name there ("While" is no
    // part of one); "The" may.
    assert!(cues(&rules, "While Anglophiles spent the weekend watching.").is_empty());
    assert_eq!(
        cues(&rules, "However Boeing Capital disagreed."),
        vec![("claim".into(), "Boeing Capital".into())]
    );
    assert_eq!(
        cues(&rules, "The Hague ruled."),
        vec![("claim".into(), "The Hague".into())]
    );
}

#[test]
fn past_verbs_are_builtin_but_not_names_or_other_ed_words() {
    let rules =
        Rules::parse("[[rule]]\nlabel = \"claim\"\ncue = \"past\"\nbuiltin = \"past\"\n").unwrap();
    let words = |text: &str| -> Vec<String> {
        cues(&rules, text)
            .into_iter()
            .map(|(_, words)| words)
            .collect()
    };
    assert_eq!(
        words("Decided in May, it was signed by Alfred and Ted, indeed a hundred times."),
        vec!["Decided", "was", "signed"]
    );
    assert_eq!(
        words("The crate is implemented widely and we didn\u{2019}t need it."),
        vec!["implemented", "didn\u{2019}t"]
    );
    assert!(words("Speed and greed proceed; red and bed are short.").is_empty());
}

#[test]
fn citations_are_footnotes_and_links() {
    let rules =
        Rules::parse("[[rule]]\nlabel = \"claim\"\ncue = \"a citation\"\nbuiltin = \"citation\"\n")
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
    // One hint per sentence. Every cue weighs 1 here, so equal weights
    // go to the label the file names first: claim, then speculation.
    assert_eq!(
        summary,
        vec![(1, "claim", vec!["9"]), (3, "speculation", vec!["might"])]
    );
    let might = &hints[1].triggers[0];
    assert_eq!(article.slice(&might.range), "might");
}

#[test]
fn the_heaviest_label_wins_and_weak_cues_alone_hint_nothing() {
    let rules = Rules::parse(
        "[[rule]]\nlabel = \"claim\"\ncue = \"a figure\"\nweight = 0.5\nbuiltin = \"number\"\n\n\
         [[rule]]\nlabel = \"claim\"\ncue = \"a source\"\nweight = 0.5\nwords = [\"said\"]\n\n\
         [[rule]]\nlabel = \"opinion\"\ncue = \"ought\"\nweight = 2\nwords = [\"should\"]\n\n\
         [[rule]]\nlabel = \"opinion\"\ncue = \"not a claim\"\nweight = -2\nwords = [\"^read\"]\n",
    )
    .unwrap();
    let label = |text: &str| {
        let article = article(text);
        rules.choose(&rules.triggers(&article, 0..article.text.len()))
    };
    assert_eq!(
        label("Rents rose 9% in 2024."),
        Some("claim".into()),
        "two figures: 0.5 twice"
    );
    assert_eq!(label("Rents rose 9%."), None, "one weak cue is not enough");
    assert_eq!(label("Rents rose 9%, she said."), Some("claim".into()));
    assert_eq!(
        label("She said rents should fall 9%."),
        Some("opinion".into())
    );
    assert_eq!(label("Read why rents should fall."), None, "a negative cue");
    assert!(
        Rules::parse("[[rule]]\nlabel = \"x\"\ncue = \"y\"\nweight = nan\nwords = [\"a\"]\n")
            .is_err()
    );
}

fn default_hint(text: &str) -> Option<(String, Vec<String>)> {
    let rules = Rules::default();
    let article = parse_source("t.txt", Format::PlainText, text);
    let triggers = rules.triggers(&article, 0..article.text.len());
    let label = rules.choose(&triggers)?;
    let words = triggers
        .iter()
        .filter(|t| t.label == label && t.weight > 0.0)
        .map(|t| t.words.clone())
        .collect();
    Some((label, words))
}

#[test]
fn the_default_rules_on_the_cases_the_issue_names() {
    let label = |text: &str| default_hint(text).map(|(label, _)| label);
    assert_eq!(
        label("In my opinion, the plan is a waste of money."),
        Some("opinion".into())
    );
    assert_eq!(
        label("I believe the council has lost its way."),
        Some("opinion".into())
    );
    // A belief about what will be is a guess (docs/HINTS.md).
    assert_eq!(
        label("I believe the council will change its mind."),
        Some("speculation".into())
    );
    assert_eq!(label("We think it is shameful."), Some("opinion".into()));
    assert_eq!(label("The mayor should resign."), Some("opinion".into()));
    assert_eq!(
        label("Stop pretending this is a solution."),
        Some("opinion".into())
    );
    assert_eq!(
        label("Rents will probably rise next year."),
        Some("speculation".into())
    );
    assert_eq!(
        label("The scheme is likely to fail."),
        Some("speculation".into())
    );
    assert_eq!(
        label("The council spent $2.1 million in 2024, according to its accounts."),
        Some("claim".into())
    );
    // A web address is no claim, nor is an invitation to read one.
    assert_eq!(
        label("Read the full memo at https://example.org/memo-2024."),
        None
    );
    assert_eq!(label("https://example.org/reports/2024"), None);
    // "told" and "study" are not a source on their own.
    assert_eq!(label("Who told you about the study?"), None);
    // No cue twice.
    let (_, words) = default_hint("That was wrong, wrong and wrong again.").unwrap();
    assert_eq!(words, vec!["wrong".to_string()]);
}

#[test]
fn the_default_rules_on_judgements_guesses_and_no_hints() {
    let label = |text: &str| default_hint(text).map(|(label, _)| label);
    // Evaluative and moral words, and what someone has to do.
    for opinion in [
        "The new parking charges are a reckless gamble with the town's finances.",
        "It is unacceptable that patients waited six hours for an ambulance.",
        "Ministers have to explain where the money went.",
        "Frankly, the board's silence has been embarrassing.",
        "We're not fans of the redesign.",
    ] {
        assert_eq!(label(opinion), Some("opinion".into()), "{opinion}");
    }
    // A condition put first ("Should the talks collapse"), a hedge, a
    // belief about what will be.
    for guess in [
        "Should the talks collapse, fuel prices will rise again.",
        "Were the bridge to close, traffic would back up for miles.",
        "We think the merger will be blocked.",
        "The ruling may be appealed.",
    ] {
        assert_eq!(label(guess), Some("speculation".into()), "{guess}");
    }
    // Questions, signposts, calls to action and boilerplate: no hint,
    // whatever else they hold.
    for nothing in [
        "Should the mayor resign?",
        "Could the strike spread to other ports?",
        "Below are the candidates who made the ballot.",
        "Read on for the full list of winners.",
        "Copyright 2024 The Evening Ledger. All rights reserved.",
        "This material may not be published, broadcast or redistributed.",
    ] {
        assert_eq!(label(nothing), None, "{nothing}");
    }
    // A sweeping word tips a plain statement to opinion, not one with
    // figures and a date.
    assert_eq!(
        label("Every promise the ministry made has been broken."),
        Some("opinion".into())
    );
    assert_eq!(
        label("Every one of the 12 councillors voted against the plan on Monday."),
        Some("claim".into())
    );
    // A reported event with figures and a source stays a claim.
    assert_eq!(
        label("The county said on Tuesday that 1,200 homes had lost power."),
        Some("claim".into())
    );
}

#[test]
fn the_default_rules_on_documentation_and_reported_events() {
    let label = |text: &str| default_hint(text).map(|(label, _)| label);
    // Signposts of documentation and books, and licence notices: no hint.
    for nothing in [
        "Let's look at how the borrow checker sees this loop.",
        "In this chapter, we'll discuss how errors are reported.",
        "This project is licensed under the MIT License.",
        "The parser can be configured like so:",
    ] {
        assert_eq!(label(nothing), None, "{nothing}");
    }
    // A comparison alone describes; a judgement beside it decides.
    assert_eq!(
        label("The new model has a larger screen and better speakers."),
        Some("claim".into())
    );
    assert_eq!(
        label("The default backend is quite inefficient on small inputs."),
        Some("opinion".into())
    );
    // What happened can be checked: a past verb outweighs a word of degree.
    assert_eq!(
        label("The committee rejected the proposal after a very long debate."),
        Some("claim".into())
    );
    assert_eq!(label("The proposal is very long."), Some("opinion".into()));
}

#[test]
fn none_rules_count_against_every_label() {
    let rules = Rules::parse(
        "[[rule]]\nlabel = \"opinion\"\ncue = \"ought\"\nweight = 2.5\nwords = [\"should\"]\n\n\
         [[rule]]\nlabel = \"none\"\ncue = \"a question\"\nweight = 2\nbuiltin = \"question\"\n",
    )
    .unwrap();
    assert_eq!(
        rules.labels(),
        vec!["opinion"],
        "none is not a label to hint"
    );
    let label = |text: &str| {
        let article = article(text);
        rules.choose(&rules.triggers(&article, 0..article.text.len()))
    };
    assert_eq!(label("The mayor should resign."), Some("opinion".into()));
    assert_eq!(label("Should the mayor resign?"), None, "2.5 - 2 < 1");
    let hints = suggest(&article("Should she stay? She should stay."), &rules);
    assert_eq!(hints.len(), 1);
    assert!(hints[0].triggers.iter().all(|t| t.label == "opinion"));
}

#[test]
fn bad_rules_are_explained() {
    let both = "[[rule]]\nlabel = \"claim\"\ncue = \"x\"\nwords = [\"a\"]\nbuiltin = \"number\"\n";
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
    // Opinion first: equal weights go to it.
    assert_eq!(
        Rules::default().labels(),
        vec!["opinion", "claim", "speculation"]
    );
}
