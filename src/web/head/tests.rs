//! The head pass on bodies laid out as news sites lay out their heads
//! (made-up stories, real layouts), and on the corpus for text lost.

use super::*;

/// The page's metadata as rs-trafilatura finds it on a news site.
fn page_meta(title: &str) -> Metadata {
    Metadata {
        title: title.to_string(),
        source_url: Some("https://news.example.com/2026/03/04/story".to_string()),
        ..Metadata::default()
    }
}

/// The body without its head, and the metadata it gave.
fn head_of(body: &str, mut meta: Metadata) -> (String, Metadata) {
    let body = read_head(body, &mut meta);
    (body, meta)
}

const PROSE: &str = "Vantry's council voted on Tuesday to pave the last stretch of the old \
                     rail line, ending a decade of argument over what the corridor is for.\n\n\
                     The vote was seven to four.\n";

#[test]
fn the_title_repeated_as_the_first_heading_is_dropped() {
    let body = format!("# The Council Paves Its Own Plan\n\n{PROSE}");
    let (out, meta) = head_of(&body, page_meta("The Council Paves Its Own Plan"));
    assert_eq!(out, PROSE);
    assert_eq!(meta.title, "The Council Paves Its Own Plan");
}

#[test]
fn a_heading_that_varies_the_title_is_the_title_too() {
    // As the BBC words its H1 apart from the page's title, and as a site's
    // title drops a word its H1 keeps (curly quotes against straight ones).
    for (heading, title) in [
        (
            "Rail Trail: Vantry drops bus lane plan",
            "Vantry drops rail trail bus lane plan",
        ),
        (
            "‘Light on the Water’: the 7th Harbour Light Walk",
            "'Light on the Water': the 7th Harbour Light Walk",
        ),
        (
            "A guide to understanding tariffs and international trade",
            "A guide to understanding tariffs and trade",
        ),
    ] {
        let body = format!("# {heading}\n\n{PROSE}");
        let (out, _) = head_of(&body, page_meta(title));
        assert_eq!(out, PROSE, "{heading:?}");
    }
    let body = format!("# Where the Money Went\n\n{PROSE}");
    let (out, _) = head_of(&body, page_meta("Vantry drops bus lane plan"));
    assert_eq!(out, body, "a heading that is not the title stays");
}

#[test]
fn a_sentence_as_a_heading_under_the_title_is_the_dek() {
    // WSJ writes its dek as an H2; Express as an H3 opening in capitals.
    for dek in [
        "There are more ways to pay for a train than ever before. Here’s how to pick the one that suits your commute.",
        "A SECOND council has voted to pave its rail line – with residents beginning to organise against the plan.",
    ] {
        for level in ["##", "###"] {
            let body = format!("{level} {dek}\n\n{PROSE}");
            let (out, meta) = head_of(&body, page_meta("Paving the Line"));
            assert_eq!(out, PROSE, "{dek:?}");
            assert_eq!(meta.subtitle.as_deref(), Some(dek));
        }
    }
}

#[test]
fn a_heading_ranked_below_the_next_one_is_the_dek() {
    // IGN: H1 title, an H3 dek with no full stop, then H2 sections.
    let body = format!(
        "# Daily Deals: Rail Passes and More\n\n\
         ### The Big Sale Is Next Week, But Some Deals Start Today\n\n\
         {PROSE}\n## Annual Rail Pass for \\$99\n\nThe pass covers every line.\n"
    );
    let (out, meta) = head_of(&body, page_meta("Daily Deals: Rail Passes and More"));
    assert_eq!(
        meta.subtitle.as_deref(),
        Some("The Big Sale Is Next Week, But Some Deals Start Today")
    );
    assert!(out.starts_with("Vantry's council"), "{out}");
    assert!(out.contains("## Annual Rail Pass for \\$99"), "{out}");
}

#[test]
fn a_real_section_heading_at_the_top_stays() {
    let sections = [
        format!("## Background\n\n{PROSE}\n## What Comes Next\n\nA second vote.\n"),
        format!("### What the Council Decided\n\n{PROSE}\n### Who Voted Against\n\nFour.\n"),
        format!("## Why did the council vote now?\n\n{PROSE}"),
    ];
    for body in sections {
        let (out, meta) = head_of(&body, page_meta("Paving the Line"));
        assert_eq!(out, body);
        assert_eq!(meta.subtitle, None, "{body}");
    }
    let under_title = format!("## Background\n\n{PROSE}\n## Next\n\nMore.\n");
    let body = format!("# Paving the Line\n\n{under_title}");
    let (out, meta) = head_of(&body, page_meta("Paving the Line"));
    assert_eq!(out, under_title);
    assert_eq!(meta.subtitle, None);
}

#[test]
fn a_short_paragraph_over_the_credits_is_the_dek() {
    let body = format!(
        "# Paving the Line\n\nThe council chose asphalt over a park.\n\nBy Ann Lee\n\n{PROSE}"
    );
    let (out, meta) = head_of(&body, page_meta("Paving the Line"));
    assert_eq!(out, PROSE);
    assert_eq!(
        meta.subtitle.as_deref(),
        Some("The council chose asphalt over a park.")
    );
    assert_eq!(meta.author.as_deref(), Some("Ann Lee"));
}

#[test]
fn a_short_first_paragraph_without_credits_is_text() {
    // National Review opens with a one-line paragraph of the article itself.
    let body = format!("Time is not on the council's side.\n\n{PROSE}");
    let (out, meta) = head_of(&body, page_meta("The Paving Clock"));
    assert_eq!(out, body);
    assert_eq!(meta.subtitle, None);
}

#[test]
fn kickers_become_tags_and_a_lone_control_letter_goes() {
    // AppleInsider: the font-size control's "A", then the section label.
    let body = format!("A\n\nReview\n\n{PROSE}");
    let (out, meta) = head_of(&body, page_meta("Rail Pass Review"));
    assert_eq!(out, PROSE);
    assert_eq!(meta.tags, ["Review"]);
    // Quanta: the tag page's link as an H6, then the date in italics.
    let body = format!(
        "###### [transport](<https://news.example.com/tag/transport/>)\n\n*March 4, 2026*\n\n{PROSE}"
    );
    let (out, meta) = head_of(&body, page_meta("Paving the Line"));
    assert_eq!(out, PROSE);
    assert_eq!(meta.tags, ["transport"]);
    assert_eq!(meta.date.as_deref(), Some("2026-03-04"));
    let body = format!("Opinion | Transport\n\n{PROSE}");
    let (_, meta) = head_of(&body, page_meta("Paving the Line"));
    assert_eq!(meta.tags, ["Opinion", "Transport"]);
}

#[test]
fn a_link_to_a_section_of_the_site_is_a_kicker_after_a_kept_teaser() {
    // CNBC: a video teaser's headline, then the show's section link.
    let body = format!(
        "Why rail stocks are the defensive buy of the year: Pro\n\n\
         [Market Watch](<https://news.example.com/market-watch/>)\n\n{PROSE}"
    );
    let (out, meta) = head_of(&body, page_meta("Paving the Line"));
    assert_eq!(meta.tags, ["Market Watch"]);
    assert_eq!(
        out,
        format!("Why rail stocks are the defensive buy of the year: Pro\n\n{PROSE}")
    );
    // A link to another site's page is no kicker.
    let body = format!("[Market Watch](<https://other.example.org/market-watch/>)\n\n{PROSE}");
    let (out, meta) = head_of(&body, page_meta("Paving the Line"));
    assert_eq!(out, body);
    assert!(meta.tags.is_empty());
}

#[test]
fn by_lines_with_links_to_author_pages_fill_author_and_date() {
    let cases = [
        // WordPress: a lowercase user name and an ISO date.
        (
            "By [editor](<https://news.example.com/author/editor/>) - 2024-11-02",
            Some("editor"),
            Some("2024-11-02"),
        ),
        // PolitiFact: two authors, then the day at length.
        (
            "By [Ann Lee](<https://news.example.com/politics/staff/ann-lee/>) , \
             [Bo Chen](<https://news.example.com/politics/staff/bo-chen/>) on Monday, \
             March 2nd, 2026 at 9:15 a.m.",
            Some("Ann Lee, Bo Chen"),
            Some("2026-03-02"),
        ),
        // Deccan Herald: the agency's page, then the dateline's place.
        (
            "[PTI,](<https://news.example.com/author/pti>) Delhi,",
            Some("PTI"),
            None,
        ),
    ];
    for (line, author, date) in cases {
        let body = format!("{line}\n\n{PROSE}");
        let (out, meta) = head_of(&body, page_meta("Paving the Line"));
        assert_eq!(out, PROSE, "{line}");
        assert_eq!(meta.author.as_deref(), author, "{line}");
        assert_eq!(meta.date.as_deref(), date, "{line}");
    }
}

#[test]
fn the_pages_own_author_date_lines_and_wire_slugs_leave_the_body() {
    let mut meta = page_meta("Paving the Line");
    meta.author = Some("Reuters".to_string());
    meta.date = Some("2026-03-05".to_string());
    // ScienceAlert: the agency in capitals, then the date.
    let body = format!("REUTERS\n\n4 MAR 2026\n\n{PROSE}");
    let (out, kept) = head_of(&body, meta.clone());
    assert_eq!(out, PROSE);
    assert_eq!(kept.date.as_deref(), Some("2026-03-05"), "a date is kept");
    // AP: the reporter's name in capitals, as the page's metadata has it.
    meta.author = Some("ANN LEE".to_string());
    let (out, _) = head_of(&format!("ANN LEE\n\n{PROSE}"), meta.clone());
    assert_eq!(out, PROSE);
    // AP: a slug line.
    let body = format!("BC-US--Vantry-Council-Budget, 2nd Ld-Writethru\n\n{PROSE}");
    let (out, _) = head_of(&body, meta.clone());
    assert_eq!(out, PROSE);
    // A list of date lines, as Deccan Herald gives published and updated.
    let body = format!("- Mar 4 2026, 10:18am ist\n- updated: Mar 4 2026, 1:42pm ist\n\n{PROSE}");
    let (out, _) = head_of(&body, meta.clone());
    assert_eq!(out, PROSE);
    // A by-line label whose name was a picture.
    let (out, _) = head_of(&format!("\\| BY:\n\n{PROSE}"), meta);
    assert_eq!(out, PROSE);
}

#[test]
fn text_that_only_looks_like_a_head_stays() {
    for body in [
        format!("By then the council had voted.\n\n{PROSE}"),
        format!("- Pave the line\n- Plant the verge\n\n{PROSE}"),
        format!("Ann Lee\n\n{PROSE}"),
        format!(
            "[Ann Lee](<https://news.example.com/author/ann-lee/>) wrote to the council in March about the plan.\n\n{PROSE}"
        ),
        format!("> By Ann Lee\n\n{PROSE}"),
    ] {
        let (out, meta) = head_of(&body, page_meta("Paving the Line"));
        assert_eq!(out, body);
        assert_eq!(meta.author, None, "{body}");
    }
}

#[test]
fn a_page_that_is_all_head_keeps_it() {
    let body = "# Paving the Line\n\nBy Ann Lee\n";
    let (out, _) = head_of(body, page_meta("Paving the Line"));
    assert_eq!(out, body);
}

#[test]
fn the_head_pass_stops_at_the_text() {
    // Credits after the first paragraph are the article's business.
    let body = format!("{PROSE}\nBy Ann Lee\n\nMore text.\n");
    let (out, meta) = head_of(&body, page_meta("Paving the Line"));
    assert_eq!(out, body);
    assert_eq!(meta.author, None);
}

#[test]
fn the_metadata_already_found_is_kept() {
    let mut meta = page_meta("Paving the Line");
    meta.author = Some("Ann Lee".to_string());
    let body = format!("By [Bo Chen](<https://news.example.com/author/bo/>)\n\n{PROSE}");
    let (out, meta) = head_of(&body, meta);
    assert_eq!(out, PROSE);
    assert_eq!(meta.author.as_deref(), Some("Ann Lee"));
}

#[allow(dead_code)]
#[path = "../../../benches/common/extraction_score.rs"]
mod extraction_score;

/// On every corpus page, the head pass loses no shingle of the true body
/// that the body without it had, and it takes something off some pages.
#[test]
#[ignore = "needs ../shared/corpus"]
fn no_true_body_text_is_lost_on_the_corpus() {
    use extraction_score::{corpus_pages, shingles, tokens};
    let corpus = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus/web");
    let pages = corpus_pages(&corpus).expect("the web corpus");
    let truth_urls: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(corpus.join("ground-truth.json")).unwrap())
            .unwrap();
    let mut changed = 0;
    let mut lost_pages = Vec::new();
    for (id, html, truth) in &pages {
        let url = truth_urls[id]["url"].as_str();
        let with_head = super::super::extract::extract_with_head(html, url);
        let without = super::super::extract(html, url);
        let before = with_head.to_article(id).text;
        let after = without.to_article(id).text;
        if before != after {
            changed += 1;
        }
        let truth_tokens = tokens(truth);
        let truth = shingles(&truth_tokens);
        let (before_tokens, after_tokens) = (tokens(&before), tokens(&after));
        let (before, after) = (shingles(&before_tokens), shingles(&after_tokens));
        let found = |text: &std::collections::HashMap<Vec<&str>, usize>| -> usize {
            truth
                .iter()
                .map(|(s, &want)| want.min(text.get(s).copied().unwrap_or(0)))
                .sum()
        };
        let lost = found(&before).saturating_sub(found(&after));
        if lost > 0 {
            lost_pages.push(format!("{id:.8}: {lost} shingles"));
        }
    }
    assert!(lost_pages.is_empty(), "true text lost: {lost_pages:?}");
    assert!(changed >= 15, "the head pass changed only {changed} pages");
}
