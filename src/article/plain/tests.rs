use std::path::Path;

use proptest::prelude::*;

use crate::article::load::decode;
use crate::article::sanitize::is_unsafe;
use crate::article::{Article, BlockKind, Format, load_path, parse_source};

fn read(source: &str) -> Article {
    parse_source("fixture", Format::PlainText, source)
}

fn headings(article: &Article) -> Vec<(u8, &str)> {
    article
        .blocks
        .iter()
        .filter_map(|block| match block.kind {
            BlockKind::Heading { level } => Some((level, article.slice(&block.range))),
            _ => None,
        })
        .collect()
}

fn texts_of(article: &Article, wanted: fn(&BlockKind) -> bool) -> Vec<&str> {
    article
        .blocks
        .iter()
        .filter(|block| wanted(&block.kind))
        .map(|block| article.slice(&block.range))
        .collect()
}

fn paragraphs(article: &Article) -> Vec<&str> {
    texts_of(article, |kind| *kind == BlockKind::Paragraph)
}

fn list_items(article: &Article) -> Vec<(u8, &str, &str)> {
    article
        .blocks
        .iter()
        .filter_map(|block| match &block.kind {
            BlockKind::ListItem { depth, marker } => {
                Some((*depth, marker.as_str(), article.slice(&block.range)))
            }
            _ => None,
        })
        .collect()
}

/// A line long enough that a file of such lines holds one paragraph per line.
fn long(sentence: &str) -> String {
    format!(
        "{sentence} {}",
        "This sentence pads the line well past any wrap width. ".repeat(3)
    )
    .trim_end()
    .to_string()
}

#[test]
fn a_title_case_line_is_a_heading_but_a_short_sentence_is_not() {
    let article = read(
        "An opening paragraph sets the scene.\n\nThe Real Risk\n\nBody text under it.\n\n\
         It was late.\n\nthen we left\n\nWhy Now?\n\nMore text.\n",
    );
    assert_eq!(headings(&article), vec![(1, "The Real Risk")]);
    let paragraphs = paragraphs(&article);
    for line in ["It was late.", "then we left", "Why Now?"] {
        assert!(paragraphs.contains(&line), "{line:?} in {paragraphs:?}");
    }
}

#[test]
fn all_caps_headings_may_end_with_a_full_stop_and_run_over_lines() {
    let article = read(
        "INTRODUCTION.\n\n\
         Perhaps the sentiments contained in the following pages are not yet\n\
         sufficiently fashionable to procure them general favor; a long habit\n\
         of not thinking a thing wrong gives it an appearance of being right.\n\n\
         OF THE ORIGIN AND DESIGN OF GOVERNMENT IN GENERAL,\n\
         WITH CONCISE REMARKS ON THE ENGLISH CONSTITUTION.\n\n\
         Some writers have so confounded society with government, as to leave\n\
         little or no distinction between them; whereas they are not only\n\
         different, but have different origins, as the writer will show now.\n",
    );
    assert_eq!(
        headings(&article),
        vec![
            (1, "INTRODUCTION."),
            (
                1,
                "OF THE ORIGIN AND DESIGN OF GOVERNMENT IN GENERAL, WITH CONCISE REMARKS ON \
                 THE ENGLISH CONSTITUTION."
            ),
        ]
    );
}

#[test]
fn a_capitalised_line_that_finishes_the_sentence_above_is_text() {
    let source = [
        &long("The whole argument stands or falls on its reasons."),
        "Of which Class, regardless of Party Censure, and whatever the weather, is the",
        "AUTHOR",
        &long("After that the pamphlet goes on to other matters."),
    ]
    .join("\n");
    let article = read(&source);
    assert_eq!(headings(&article), vec![]);
    assert_eq!(paragraphs(&article)[2], "AUTHOR");
}

#[test]
fn books_and_epilogues_stand_above_chapters() {
    let article = read(
        "BOOK ONE: 1805\n\nCHAPTER I\n\nText.\n\nCHAPTER II\n\nText.\n\n\
         BOOK TWO: 1806\n\nCHAPTER I\n\nText.\n\n\
         FIRST EPILOGUE: 1813 - 20\n\nCHAPTER I\n\nText.\n\n\
         SECOND EPILOGUE\n\nText.\n",
    );
    assert_eq!(
        headings(&article),
        vec![
            (1, "BOOK ONE: 1805"),
            (2, "CHAPTER I"),
            (2, "CHAPTER II"),
            (1, "BOOK TWO: 1806"),
            (2, "CHAPTER I"),
            (1, "FIRST EPILOGUE: 1813 - 20"),
            (2, "CHAPTER I"),
            (1, "SECOND EPILOGUE"),
        ]
    );
    let parents: Vec<_> = article.sections.iter().map(|s| s.parent).collect();
    assert_eq!(
        parents,
        vec![None, Some(0), Some(0), None, Some(3), None, Some(5), None]
    );
}

#[test]
fn one_kind_of_label_is_one_level_and_silences_guesses() {
    let article = read(
        "FEDERALIST. No. 1\n\n\nGeneral Introduction\n\nFor the Independent Journal.\n\n\
         HAMILTON\n\nTo the People of the State of New York:\n\n\
         AFTER an unequivocal experience of the inefficacy of the subsisting\n\
         federal government, you are called upon to deliberate on a new one.\n\n\
         PUBLIUS.\n\nFEDERALIST No. 2\n\nConcerning Dangers from Foreign Force\n\nJAY\n\n\
         WHEN the people of America reflect that they are now called upon to\n\
         decide a question, it will be evident that it is a very important one.\n",
    );
    assert_eq!(
        headings(&article),
        vec![(1, "FEDERALIST. No. 1"), (1, "FEDERALIST No. 2")]
    );
    assert!(paragraphs(&article).contains(&"General Introduction"));
    assert!(paragraphs(&article).contains(&"HAMILTON"));
}

#[test]
fn labels_need_a_number_and_at_most_a_subtitle() {
    use super::headings::HeadingKind::{Book, Chapter, Section, Volume};
    for (line, kind) in [
        ("CHAPTER IV", Chapter),
        ("Chapter 3. The Storm", Chapter),
        ("CHAPTER XII.", Chapter),
        ("BOOK ONE: 1805", Book),
        ("BOOK FIVE: 1806 - 07", Book),
        ("PART II", Book),
        ("Act I", Book),
        ("EPILOGUE", Book),
        ("SECOND EPILOGUE", Book),
        ("Part Twenty-One", Book),
        ("VOLUME 2", Volume),
        ("Section 4", Section),
        ("FEDERALIST No. 10", Chapter),
        ("FEDERALIST. No. 7", Chapter),
    ] {
        assert_eq!(
            super::headings::labelled_heading(line),
            Some(kind),
            "{line:?}"
        );
    }
    for line in [
        "Chapter 3 was the best part of the book",
        "Part of the problem",
        "chapter 4",
        "BOOK",
        "CHAPTER IIII",
        "Book Review",
        "Section 8. The Congress shall have power",
    ] {
        assert_eq!(super::headings::labelled_heading(line), None, "{line:?}");
    }
}

#[test]
fn underlined_lines_are_headings_in_two_levels() {
    let source = "Main Title Here\n===============\n\nIntro text that goes on.\n\n\
                  A Subsection\n------------\n\nSub text.\n\n---\n\nAfter a break.\n";
    let article = read(source);
    assert_eq!(
        headings(&article),
        vec![(1, "Main Title Here"), (2, "A Subsection")]
    );
    let heading = &article.blocks[0];
    assert_eq!(
        &source[heading.source.clone()],
        "Main Title Here\n==============="
    );
    assert!(article.blocks.iter().any(|b| b.kind == BlockKind::Rule));
}

#[test]
fn indented_lines_are_never_headings() {
    let article = read(
        "    CONTENTS\n\n    CHAPTER I\n\n    CHAPTER II\n\n\
         CHAPTER I\n\nText of the first chapter.\n\n\
         CHAPTER II\n\nText of the second.\n",
    );
    assert_eq!(
        headings(&article),
        vec![(1, "CHAPTER I"), (1, "CHAPTER II")]
    );
    assert_eq!(article.sections.len(), 2);
    let guessed = read("Lede text here.\n\n    The Real Risk\n\nBody text.\n");
    assert_eq!(headings(&guessed), vec![]);
}

#[test]
fn list_items_keep_their_markers_apart_and_are_never_headings() {
    let source = [
        long("The opening paragraph says what this is about."),
        "🔥 Hot Takes".to_string(),
        long("1. The first take is a numbered line."),
        long("2) The second take closes its number with a parenthesis."),
        "- Dash Item".to_string(),
        "* Star Item".to_string(),
        "• Bullet Item".to_string(),
        "The Bottom Line".to_string(),
        long("A closing paragraph."),
    ]
    .join("\n");
    let article = read(&source);
    assert_eq!(
        headings(&article),
        vec![(1, "🔥 Hot Takes"), (1, "The Bottom Line")]
    );
    let items = list_items(&article);
    let markers: Vec<_> = items.iter().map(|(_, marker, _)| *marker).collect();
    assert_eq!(markers, vec!["1.", "2)", "-", "*", "•"]);
    assert!(items[0].2.starts_with("The first take"));
    assert_eq!(items[2].2, "Dash Item");
    let hot_takes = &article.sections[0];
    assert_eq!(hot_takes.blocks.len(), 6);
}

#[test]
fn wrapped_list_items_join_their_lines_and_nest_by_indent() {
    let article = read(
        "The Assembly should vote yes, but to a smaller and better-protected\n\
         scheme, and here is what that would look like in practice for them:\n\n\
         1. Approve a single 300-megawatt unit, with the second and third\n   \
         dependent on the first being delivered within its budget.\n\n\
         2. Cap the share of any overrun that can be passed to bills.\n\n\
         - outer\n  - inner\n- outer again\n",
    );
    assert_eq!(
        list_items(&article),
        vec![
            (
                0,
                "1.",
                "Approve a single 300-megawatt unit, with the second and third dependent \
                 on the first being delivered within its budget."
            ),
            (
                0,
                "2.",
                "Cap the share of any overrun that can be passed to bills."
            ),
            (0, "-", "outer"),
            (1, "-", "inner"),
            (0, "-", "outer again"),
        ]
    );
}

#[test]
fn hard_wrapped_lines_join_with_a_space() {
    let article = read(
        "Next month the Grevane Regional Assembly will vote on whether to back\n\
         the Grevane Power Cooperative's plan to build three small modular\n\
         reactors on the site of the old Tarrow coal station, it was said.\n\n\
         I want to make a narrower case. The Assembly should approve one\n\
         reactor, not three, and attach conditions strict enough that the\n\
         cooperative cannot come back in five years asking for more money.\n\
         \x20       A new paragraph starts with an indented first line, which\n\
         ends the one before it, as older books do.\n",
    );
    let paragraphs = paragraphs(&article);
    assert_eq!(paragraphs.len(), 3, "{paragraphs:?}");
    assert!(paragraphs[0].contains("to back the Grevane Power"));
    assert!(paragraphs[1].ends_with("asking for more money."));
    assert!(paragraphs[2].starts_with("A new paragraph"));
}

#[test]
fn a_blank_line_inside_a_sentence_does_not_end_the_paragraph() {
    // Some files are double-spaced: a blank line after every wrapped line.
    let article = read(
        "A first paragraph is wrapped as usual, with no blank lines inside it\n\
         and its lines about as wide as each other, all the way to its end.\n\n\
         the work of the immortal bard as the perfect model from which the\n\n\
         principles and rules of the epic art were to be drawn, and by\n\n\
         which all similar works were to be judged, so this great critic.\n\n\
         A second paragraph starts here after a finished sentence, and it\n\n\
         also goes on for long enough that it looks like the rest of them.\n",
    );
    let paragraphs = paragraphs(&article);
    assert_eq!(paragraphs.len(), 3, "{paragraphs:?}");
    assert!(paragraphs[1].contains("from which the principles and rules"));
    assert!(paragraphs[1].ends_with("so this great critic."));
}

#[test]
fn one_line_paragraphs_stay_apart() {
    let source = [
        long("The first paragraph is a single line."),
        long("The second paragraph follows without a blank line."),
        String::new(),
        long("A third comes after a blank line."),
    ]
    .join("\n");
    let article = read(&source);
    let paragraphs = paragraphs(&article);
    assert_eq!(paragraphs.len(), 3);
    assert!(paragraphs[1].starts_with("The second paragraph"));
}

#[test]
fn bom_and_crlf_are_gone_before_parsing() {
    let bytes = b"\xEF\xBB\xBFTitle Here\r\nBy Jane Doe\r\n\r\nFirst line of text, long enough to be wrapped\r\n\
                  that wraps onto a second line, with a BOM and CRLF ends.\r\n";
    let source = decode(bytes).unwrap();
    let article = read(&source);
    assert_eq!(article.meta.title, "Title Here");
    assert_eq!(article.meta.author.as_deref(), Some("Jane Doe"));
    assert_eq!(
        &*article.text,
        "First line of text, long enough to be wrapped that wraps onto a second line, with a BOM and CRLF ends."
    );
}

#[test]
fn tabs_expand_to_tab_stops() {
    let article =
        read("Name:\tValue here.\n\nShips.\tGuns.\tCost.\n6\t100\t35,553\n12\t90\t29,886\n");
    assert_eq!(paragraphs(&article), vec!["Name:   Value here."]);
    let table = texts_of(&article, |kind| matches!(kind, BlockKind::Code { .. }));
    assert_eq!(
        table,
        vec!["Ships.  Guns.   Cost.\n6       100     35,553\n12      90      29,886"]
    );
    assert!(!article.text.contains('\t'));
}

#[test]
fn control_characters_are_made_visible() {
    let article = read(
        "Title \u{1b}]0;pwned\u{7}\nBy Mal \u{1b}[2J Lory\n\n\
         Text with \u{1b}[31mred\u{1b}[0m and a \u{202e}reversal.\n",
    );
    assert!(article.text.contains("␛[31mred␛[0m"), "{}", article.text);
    assert!(!article.text.chars().any(is_unsafe));
    assert!(!article.meta.title.chars().any(is_unsafe));
    let author = article.meta.author.unwrap_or_default();
    assert!(!author.chars().any(is_unsafe));
}

#[test]
fn gutenberg_header_and_licence_are_dropped() {
    let article = read(
        "The Project Gutenberg EBook of Tiny Book, by A. Writer\n\n\
         Title: Tiny Book\n\nAuthor: A. Writer\n\n\
         *** START OF THIS PROJECT GUTENBERG EBOOK TINY BOOK ***\n\n\
         CHAPTER I\n\nIt begins.\n\n\
         *** END OF THIS PROJECT GUTENBERG EBOOK TINY BOOK ***\n\n\
         THE FULL PROJECT GUTENBERG LICENSE\n\nLots of terms.\n",
    );
    assert_eq!(article.meta.title, "Tiny Book");
    assert_eq!(article.meta.author.as_deref(), Some("A. Writer"));
    assert_eq!(&*article.text, "CHAPTER I\n\nIt begins.");
    assert_eq!(headings(&article), vec![(1, "CHAPTER I")]);
}

#[test]
fn fields_at_the_top_are_metadata() {
    let article =
        read("Title: On Trains\nAuthor: Ann Lee\nDate: 2026-07-05\nTags: rail, cities\n\nText.\n");
    assert_eq!(article.meta.title, "On Trains");
    assert_eq!(article.meta.author.as_deref(), Some("Ann Lee"));
    assert_eq!(article.meta.date.as_deref(), Some("2026-07-05"));
    assert_eq!(article.meta.tags, vec!["rail", "cities"]);
    assert_eq!(&*article.text, "Text.");
}

#[test]
fn the_title_block_is_metadata_not_a_section() {
    let source = [
        "Give the Four-Day Week a Fair Trial".to_string(),
        "By Fiona Castellanos".to_string(),
        long("Every generation gets one big argument about working time."),
        "What the Trial Found".to_string(),
        long("Between June and May, a unit ran the largest trial yet."),
    ]
    .join("\n");
    let article = read(&source);
    assert_eq!(article.meta.title, "Give the Four-Day Week a Fair Trial");
    assert_eq!(article.meta.author.as_deref(), Some("Fiona Castellanos"));
    assert!(article.text.starts_with("Every generation"));
    assert_eq!(headings(&article), vec![(1, "What the Trial Found")]);
}

#[test]
fn a_date_line_under_the_by_line_is_the_date() {
    let article = read("On Trains\nBy Ann Lee\nJuly 5, 2026\n\nText.\n");
    assert_eq!(article.meta.date.as_deref(), Some("July 5, 2026"));
    assert_eq!(&*article.text, "Text.");
    for date in [
        "5 July 2026",
        "2026-07-05",
        "Sept. 30, 1787",
        "July 5th, 2026",
    ] {
        assert!(super::credits::looks_like_date(date), "{date:?}");
    }
    for not_date in ["July Was Hot", "In 2026 we", "Tuesday", "1787"] {
        assert!(!super::credits::looks_like_date(not_date), "{not_date:?}");
    }
}

#[test]
fn a_date_lines_date_reads_as_iso_where_it_names_a_real_day() {
    use super::credits::iso_date;
    for (date, iso) in [
        ("July 5, 2026", Some("2026-07-05")),
        ("March 4th, 2026", Some("2026-03-04")),
        ("19 NOV 2019", Some("2019-11-19")),
        ("Sept. 30, 1787", Some("1787-09-30")),
        ("2026-07-05", Some("2026-07-05")),
        ("February 30, 2026", None),
        ("05/07/2026", None),
    ] {
        assert_eq!(iso_date(date).as_deref(), iso, "{date:?}");
    }
}

#[test]
fn no_headings_are_guessed_on_a_title_page() {
    let article = read(
        "PHILADELPHIA\n\nPrinted by them in the year of the work.\n\nMDCCLXXVI\n\n\n\
         Common Sense\nBy Thomas Paine\n\n\nINTRODUCTION.\n\nPerhaps the sentiments.\n",
    );
    assert_eq!(article.meta.title, "Common Sense");
    assert_eq!(article.meta.author.as_deref(), Some("Thomas Paine"));
    assert_eq!(headings(&article), vec![(1, "INTRODUCTION.")]);
    assert!(!article.text.contains("Thomas Paine"));
}

#[test]
fn a_sentence_starting_with_by_is_not_a_by_line() {
    use super::credits::by_line;
    let author = |line| by_line(line);
    assert_eq!(
        author("By Leo Tolstoy/Tolstoi").as_deref(),
        Some("Leo Tolstoy/Tolstoi")
    );
    assert_eq!(
        author("Author: Ann van Lee").as_deref(),
        Some("Ann van Lee")
    );
    assert_eq!(
        author("By the Editorial Board").as_deref(),
        Some("The Editorial Board")
    );
    assert_eq!(
        author("By a Reader of the Valley Gazette").as_deref(),
        Some("A Reader of the Valley Gazette")
    );
    assert_eq!(
        author("By Staff and Wire Reports").as_deref(),
        Some("Staff and Wire Reports")
    );
    assert_eq!(author("BY JANE SMITH").as_deref(), Some("Jane Smith"));
    assert_eq!(
        author("By Jane Smith, Staff Writer").as_deref(),
        Some("Jane Smith")
    );
    for sentence in [
        "By then we were tired.",
        "By 2030 the grid will be full",
        "Bystanders Gather",
        "By the time the council met, the money was gone",
        "By Tuesday the council had voted",
    ] {
        assert_eq!(author(sentence), None, "{sentence:?}");
    }
}

#[test]
fn credit_lines_give_an_author_a_date_or_both() {
    use super::credits::{Credit, credit_line};
    let credit = |author: Option<&str>, date: Option<&str>| {
        Some(Credit {
            author: author.map(str::to_string),
            date: date.map(str::to_string),
        })
    };
    let cases = [
        (
            "Jane Doe | Opinion contributor",
            credit(Some("Jane Doe"), None),
        ),
        ("Jane Doe, Staff Writer", credit(Some("Jane Doe"), None)),
        (
            "By Jane Smith | March 4, 2026",
            credit(Some("Jane Smith"), Some("March 4, 2026")),
        ),
        ("March 4, 2026", credit(None, Some("March 4, 2026"))),
        (
            "Published 6:00 a.m. ET March 4, 2026",
            credit(None, Some("March 4, 2026")),
        ),
        (
            "Updated Tuesday, Mar. 4, 2026 at 9:14 a.m.",
            credit(None, Some("Mar. 4, 2026")),
        ),
        ("VANTRY, March 4, 2026", credit(None, Some("March 4, 2026"))),
        (
            "By Jane Smith - March 4, 2026",
            credit(Some("Jane Smith"), Some("March 4, 2026")),
        ),
        (
            "By Jane Smith on Monday, March 4th, 2026 at 11:04 a.m.",
            credit(Some("Jane Smith"), Some("March 4th, 2026")),
        ),
        (
            "updated: Mar 4 2026, 13:42pm ist",
            credit(None, Some("Mar 4 2026")),
        ),
        ("By PTI", credit(Some("PTI"), None)),
        ("By Jane Smith on the council's plan", None),
        ("Jane Smith - a council member for ten years", None),
        ("Opinion | Transport", None),
        ("March Was the Wettest Month", None),
        ("In 2026 the council voted", None),
        ("Jane Doe", None),
    ];
    for (line, expected) in cases {
        assert_eq!(credit_line(line), expected, "{line:?}");
    }
}

#[test]
fn the_file_name_is_the_title_of_last_resort() {
    let article = parse_source("op-ed_on-trains", Format::PlainText, "Just text.\n");
    assert_eq!(article.meta.title, "Op ed on trains");
    assert_eq!(article.meta.author, None);
}

#[test]
fn headings_with_nothing_under_them_are_text() {
    let article = read("Alpha Beta\n\nGamma Delta\n\nSome text.\n\nClosing Thoughts\n");
    assert_eq!(headings(&article), vec![(1, "Gamma Delta")]);
    assert_eq!(
        paragraphs(&article),
        vec!["Alpha Beta", "Some text.", "Closing Thoughts"]
    );
}

#[test]
fn blocks_know_where_they_stand_in_the_source() {
    let source = "Lede line one that wraps onto\nits second line.\n\n  1. An item\n\nThe End Part\n\nLast.\n";
    let article = read(source);
    let sources: Vec<&str> = article
        .blocks
        .iter()
        .map(|block| &source[block.source.clone()])
        .collect();
    assert_eq!(
        sources,
        vec![
            "Lede line one that wraps onto\nits second line.",
            "1. An item",
            "The End Part",
            "Last."
        ]
    );
}

proptest! {
    #[test]
    fn any_text_gives_well_formed_blocks(source in "(\\PC{0,12}|[ \\t\\n\\x1b#=*-]{0,4}|CHAPTER I|1\\. ){0,40}") {
        let article = read(&source);
        prop_assert!(!article.text.chars().any(is_unsafe));
        let mut previous_end = 0;
        for block in &article.blocks {
            prop_assert!(block.range.start >= previous_end);
            prop_assert!(article.text.get(block.range.clone()).is_some());
            prop_assert!(source.get(block.source.clone()).is_some());
            previous_end = block.range.end;
        }
    }
}

/// An article from the shared corpus (these tests are run with `--ignored`
/// where it is there; without it they fail rather than pass unseen).
fn corpus(file: &str) -> Article {
    let path = Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/corpus")).join(file);
    load_path(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn section_titles(article: &Article) -> Vec<(u8, &str)> {
    article
        .sections
        .iter()
        .map(|s| (s.level, s.title.as_str()))
        .collect()
}

#[test]
#[ignore = "needs ../shared/corpus"]
fn corpus_op_ed_has_seven_sections_and_three_hot_takes() {
    let article = corpus("op-ed-alibaba-claude-code-ban.txt");
    let titles: Vec<&str> = article.sections.iter().map(|s| s.title.as_str()).collect();
    assert_eq!(
        titles,
        vec![
            "The Ban That Says Everything",
            "The Real Security Risk",
            "What Alibaba Is Really Building",
            "The Global Pattern",
            "The Anthropic Angle",
            "🔥 Hot Takes",
            "The Bottom Line",
        ]
    );
    let hot_takes = &article.sections[5];
    let items: Vec<_> = article.blocks[hot_takes.blocks.clone()]
        .iter()
        .filter_map(|b| match &b.kind {
            BlockKind::ListItem { marker, .. } => Some(marker.as_str()),
            _ => None,
        })
        .collect();
    assert_eq!(items, vec!["1.", "2.", "3."]);
}

#[test]
#[ignore = "needs ../shared/corpus"]
fn corpus_federalist_papers_are_sections_at_one_level() {
    let article = corpus("federalist-papers.txt");
    // No. 70 is there twice, in two versions: 86 papers for 85 numbers.
    assert_eq!(article.sections.len(), 86);
    assert!(
        article
            .sections
            .iter()
            .all(|s| s.level == 1 && s.parent.is_none())
    );
    assert!(
        article
            .sections
            .iter()
            .all(|s| s.title.starts_with("FEDERALIST"))
    );
    assert_eq!(article.sections[0].title, "FEDERALIST. No. 1");
    assert_eq!(article.sections[85].title, "FEDERALIST No. 85");
}

#[test]
#[ignore = "needs ../shared/corpus"]
fn corpus_war_and_peace_has_books_epilogues_and_chapters() {
    let article = corpus("war-and-peace.txt");
    assert_eq!(article.meta.title, "War and Peace");
    assert_eq!(article.meta.author.as_deref(), Some("Leo Tolstoy"));
    let tops: Vec<&str> = article
        .sections
        .iter()
        .filter(|s| s.level == 1)
        .map(|s| s.title.as_str())
        .collect();
    assert_eq!(tops.len(), 17);
    assert_eq!(tops[0], "BOOK ONE: 1805");
    assert_eq!(tops[14], "BOOK FIFTEEN: 1812 - 13");
    assert_eq!(tops[15..], ["FIRST EPILOGUE: 1813 - 20", "SECOND EPILOGUE"]);
    let chapters: Vec<_> = article.sections.iter().filter(|s| s.level == 2).collect();
    assert_eq!(chapters.len(), 365);
    assert!(
        chapters
            .iter()
            .all(|s| s.title.starts_with("CHAPTER ") && s.parent.is_some())
    );
    assert_eq!(article.sections.len(), 382);
    assert!(!article.text.contains("PROJECT GUTENBERG"));
}

#[test]
#[ignore = "needs ../shared/corpus"]
fn corpus_common_sense_has_its_parts() {
    let article = corpus("common-sense.txt");
    assert_eq!(article.meta.title, "Common Sense");
    assert_eq!(article.meta.author.as_deref(), Some("Thomas Paine"));
    assert_eq!(
        section_titles(&article),
        vec![
            (1, "INTRODUCTION."),
            (
                1,
                "OF THE ORIGIN AND DESIGN OF GOVERNMENT IN GENERAL, WITH CONCISE REMARKS ON \
                 THE ENGLISH CONSTITUTION."
            ),
            (1, "OF MONARCHY AND HEREDITARY SUCCESSION."),
            (1, "THOUGHTS ON THE PRESENT STATE OF AMERICAN AFFAIRS."),
            (
                1,
                "OF THE PRESENT ABILITY OF AMERICA, WITH SOME MISCELLANEOUS REFLEXIONS."
            ),
            (1, "APPENDIX."),
        ]
    );
    // The navy tables keep their columns.
    assert_eq!(
        article
            .blocks
            .iter()
            .filter(|b| matches!(b.kind, BlockKind::Code { .. }))
            .count(),
        2
    );
}

#[test]
fn sample_articles_keep_their_title_blocks_out_of_the_text() {
    let dir = Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/articles"));
    let four_day = load_path(&dir.join("give-the-four-day-week-a-fair-trial.txt")).unwrap();
    assert_eq!(four_day.meta.author.as_deref(), Some("Fiona Castellanos"));
    assert_eq!(four_day.sections.len(), 5);
    assert_eq!(list_items(&four_day).len(), 4);
    let reactors =
        load_path(&dir.join("small-reactors-deserve-a-hearing-not-a-blank-cheque.txt")).unwrap();
    assert_eq!(
        reactors.meta.title,
        "Small Reactors Deserve a Hearing, Not a Blank Cheque"
    );
    assert_eq!(
        section_titles(&reactors),
        vec![
            (1, "WHAT IS BEING PROPOSED"),
            (1, "THE CASE FOR"),
            (1, "THE COST PROBLEM"),
            (1, "WASTE, AND THE LONG VIEW"),
            (1, "WHAT I WOULD DO"),
        ]
    );
    assert_eq!(list_items(&reactors).len(), 3);
}
