//! Op-eds as they come when copied from news sites into a text file, in the
//! three layouts of `tests/fixtures/op-eds/`: one-line paragraphs with blank
//! lines between them, the same without blank lines, and hard-wrapped text.

use crate::article::{Article, BlockKind, Format, parse_source};

fn fixture(name: &str, source: &str) -> Article {
    parse_source(name, Format::PlainText, source)
}

const EDITORIAL: &str =
    include_str!("../../../tests/fixtures/op-eds/editorial-board-blank-lines.txt");
const CONTRIBUTOR: &str =
    include_str!("../../../tests/fixtures/op-eds/contributor-no-blank-lines.txt");
const WIRE: &str = include_str!("../../../tests/fixtures/op-eds/wire-hard-wrapped.txt");

fn section_titles(article: &Article) -> Vec<&str> {
    article.sections.iter().map(|s| s.title.as_str()).collect()
}

/// Nothing of the head is left in the reading text, so none of it is a
/// section or a sentence to tag.
fn assert_head_left_out(article: &Article, head: &[&str]) {
    for line in head {
        assert!(!article.text.contains(line), "{line:?} is in the text");
    }
    assert!(
        article.blocks[0].kind == BlockKind::Paragraph,
        "{:?}",
        article.blocks[0]
    );
}

#[test]
fn an_editorial_with_blank_lines_has_its_head_as_metadata_and_its_subheads() {
    let article = fixture("editorial", EDITORIAL);
    let meta = &article.meta;
    assert_eq!(
        meta.title,
        "The study behind the parking levy does not say what the council says it says"
    );
    assert_eq!(
        meta.subtitle.as_deref(),
        Some(
            "A projected 14 percent drop in traffic rests on assumptions nobody has tested in a \
             city like ours."
        )
    );
    assert_eq!(meta.author.as_deref(), Some("The Editorial Board"));
    assert_eq!(meta.date.as_deref(), Some("March 4, 2026"));
    assert_eq!(meta.tags, ["OPINION"]);
    assert_head_left_out(
        &article,
        &["OPINION", "By the Editorial Board", "March 4, 2026"],
    );
    assert_eq!(
        section_titles(&article),
        [
            "What the study assumes",
            "What other cities found",
            "Where the council should go from here"
        ]
    );
    // The short paragraph between them stays a paragraph.
    let short = "It is a forecast. And it is a shakier one than anyone at City Hall has admitted.";
    assert!(
        article
            .blocks
            .iter()
            .any(|b| b.kind == BlockKind::Paragraph && article.slice(&b.range) == short)
    );
    let sentences: Vec<&str> = article
        .sentences
        .iter()
        .map(|s| article.slice(&s.range))
        .collect();
    assert!(sentences.contains(&"Our harbour district has one bus route, the 12, which runs every 40 minutes and stops at 7 p.m."));
    assert!(sentences.contains(&"On p. 31 they concede that \"local transit alternatives are limited\" and that the elasticity \"may overstate the response.\""));
}

#[test]
fn a_contributor_piece_without_blank_lines_has_its_head_and_subheads() {
    let article = fixture("contributor", CONTRIBUTOR);
    let meta = &article.meta;
    assert_eq!(
        meta.title,
        "Our bike lanes are built for photographs, not for riders"
    );
    assert_eq!(
        meta.subtitle.as_deref(),
        Some(
            "Port Elsby spends millions on showpiece routes while the streets people actually \
             use go unpainted."
        )
    );
    assert_eq!(meta.author.as_deref(), Some("Jane Okafor"));
    assert_eq!(meta.date.as_deref(), Some("March 4, 2026"));
    assert_eq!(meta.tags, ["Opinion", "Transport"]);
    assert_head_left_out(
        &article,
        &["Opinion | Transport", "Opinion contributor", "6:00 a.m."],
    );
    assert_eq!(
        section_titles(&article),
        [
            "What the counts show",
            "Why showpieces win anyway",
            "What a boring plan would look like"
        ]
    );
    let sentences: Vec<&str> = article
        .sentences
        .iter()
        .map(|s| article.slice(&s.range))
        .collect();
    // Footnote references stay with their sentence; the next one starts after them.
    assert!(sentences.contains(&"The Quayside Parade route has a mural, a bespoke bollard and a plaque, and it cost $2.1 million for one kilometre.[1]"));
    assert!(sentences.contains(&"It is also, by the council's own counts, the least used piece of cycling infrastructure we own."));
    // A citation after a quotation is part of its sentence.
    assert!(sentences.contains(&"The Observatory itself cautions that spring counts \"may overstate annual use by 15 to 25 per cent\" (Observatory 2024, p. 9)."));
    // The tagline at the end is a paragraph, not a heading.
    assert!(
        article
            .sections
            .iter()
            .all(|s| !s.title.starts_with("Jane Okafor"))
    );
}

#[test]
fn a_hard_wrapped_piece_has_its_head_subheads_and_footnotes() {
    let article = fixture("wire", WIRE);
    let meta = &article.meta;
    assert_eq!(meta.title, "WE CANNOT AFFORD TO LET THE LIBRARY CLOSE");
    assert_eq!(
        meta.subtitle.as_deref(),
        Some(
            "The branch on Mill Road costs less than a streetlight programme and serves more \
             people than the leisure centre."
        )
    );
    assert_eq!(
        meta.author.as_deref(),
        Some("A Reader of the Valley Gazette")
    );
    assert_eq!(meta.date.as_deref(), Some("March 4, 2026"));
    assert_head_left_out(&article, &["COMMENTARY", "BY A READER", "VANTRY, March"]);
    assert_eq!(
        section_titles(&article),
        [
            "Who uses the branch",
            "What the closure would save",
            "A BETTER WAY TO SAVE"
        ]
    );
    // A heading with no blank line after it leaves its paragraph whole.
    let save = &article.sections[2];
    let first = &article.blocks[save.heading + 1];
    assert!(
        article
            .slice(&first.range)
            .starts_with("The council could keep Mill Road open")
    );
    // A one-sentence paragraph stays a paragraph.
    assert!(article.blocks.iter().any(|b| b.kind == BlockKind::Paragraph
        && article.slice(&b.range)
            == "It is the only building on the east side of town where any of that is free."));
    let notes: Vec<&str> = article
        .blocks
        .iter()
        .filter_map(|b| match &b.kind {
            BlockKind::Footnote { label } => Some(label.as_str()),
            _ => None,
        })
        .collect();
    assert_eq!(notes, ["¹", "²"]);
    let sentences: Vec<&str> = article
        .sentences
        .iter()
        .map(|s| article.slice(&s.range))
        .collect();
    assert!(
        sentences
            .contains(&"The saving, according to the budget papers, would be £212,000 a year.¹")
    );
    assert!(
        sentences
            .contains(&"That is a real sum for a council that must find £4.3 million in cuts.")
    );
}

#[test]
fn a_short_first_line_over_body_text_is_no_title_without_credits() {
    // With no by-line or date under it, a first line is the article's own.
    let article = fixture(
        "no-head",
        "What the study assumes\nThe study, prepared by consultants, models how drivers respond to price and little else.\n",
    );
    assert_eq!(article.meta.title, "No head");
    assert_eq!(section_titles(&article), ["What the study assumes"]);
}
