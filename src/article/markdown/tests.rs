use proptest::prelude::*;

use super::super::{Article, Format, Metadata};
use super::*;

fn read(source: &str) -> Article {
    let article = parse("file-name", source).finish(Format::Markdown, source.to_string());
    assert_well_formed(&article);
    article
}

/// The invariants every parse must keep, whatever the input.
fn assert_well_formed(article: &Article) {
    let (text, source) = (&article.text, &article.source);
    let on_boundaries =
        |s: &str, span: &Span| s.is_char_boundary(span.start) && s.is_char_boundary(span.end);
    assert!(!text.chars().any(is_unsafe), "unsafe text: {text:?}");
    let mut previous_end = 0;
    for block in &article.blocks {
        assert!(block.range.start >= previous_end && block.range.end <= text.len());
        assert!(on_boundaries(text, &block.range), "{block:?}");
        assert!(block.source.start <= block.source.end && block.source.end <= source.len());
        assert!(on_boundaries(source, &block.source), "{block:?}");
        if let BlockKind::TableRow { cells, .. } = &block.kind {
            for cell in cells {
                assert!(cell.start >= block.range.start && cell.end <= block.range.end);
            }
        }
        previous_end = block.range.end;
    }
    let mut previous_end = 0;
    for run in &article.source_map {
        assert!(run.text.start >= previous_end, "runs overlap: {run:?}");
        assert!(on_boundaries(text, &run.text) && on_boundaries(source, &run.source));
        if run.text.len() == run.source.len() {
            assert_eq!(&source[run.source.clone()], &text[run.text.clone()]);
        }
        previous_end = run.text.end;
    }
    for inline in &article.inlines {
        let block = article
            .block_at(inline.range.start)
            .expect("inline outside blocks");
        assert!(
            inline.range.end <= article.blocks[block].range.end,
            "inline crosses blocks: {inline:?}"
        );
    }
    assert_inlines_in_finds_every_overlap(article);
}

/// `inlines_in` skips the inlines before the block it starts in: it must
/// find what a scan of all of them finds, for any span.
fn assert_inlines_in_finds_every_overlap(article: &Article) {
    let len = article.text.len();
    let mut spans: Vec<Span> = article.sentences.iter().map(|s| s.range.clone()).collect();
    spans.extend(article.blocks.iter().map(|b| b.range.clone()));
    spans.extend(article.inlines.iter().map(|i| i.range.clone()));
    spans.extend(
        (0..=len)
            .step_by(7)
            .map(|start| start..(start + 13).min(len)),
    );
    spans.push(0..len);
    for span in spans {
        let found: Vec<_> = article.inlines_in(span.clone()).collect();
        let all: Vec<_> = article
            .inlines
            .iter()
            .filter(|i| i.range.start < span.end && i.range.end > span.start)
            .collect();
        assert_eq!(found, all, "inlines in {span:?}");
    }
}

fn texts(article: &Article) -> Vec<&str> {
    article
        .blocks
        .iter()
        .map(|b| article.slice(&b.range))
        .collect()
}

fn kinds(article: &Article) -> Vec<BlockKind> {
    article.blocks.iter().map(|b| b.kind.clone()).collect()
}

fn item(depth: u8, marker: &str) -> BlockKind {
    BlockKind::ListItem {
        depth,
        marker: marker.to_string(),
    }
}

fn styled<'a>(article: &'a Article, style: &InlineStyle) -> Vec<&'a str> {
    article
        .inlines
        .iter()
        .filter(|i| &i.style == style)
        .map(|i| article.slice(&i.range))
        .collect()
}

#[test]
fn yaml_front_matter_gives_metadata_and_no_text() {
    let article = read(
        "---\n\
         title: \"Rates: a reckoning\" # the headline\n\
         authors:\n\
         \x20 - Ada Byron\n\
         \x20 - 'Charles O''Neil'\n\
         date: 2024-03-01\n\
         tags: [economy, \"rates, interest\", policy]\n\
         extra:\n\
         \x20 title: not this one\n\
         ---\n\n\
         # Heading\n\nBody.\n",
    );
    assert_eq!(article.meta.title, "Rates: a reckoning");
    assert_eq!(
        article.meta.author.as_deref(),
        Some("Ada Byron, Charles O'Neil")
    );
    assert_eq!(article.meta.date.as_deref(), Some("2024-03-01"));
    assert_eq!(article.meta.tags, ["economy", "rates, interest", "policy"]);
    assert_eq!(&*article.text, "Heading\n\nBody.");
}

#[test]
fn toml_front_matter_gives_metadata() {
    let article = read(
        "+++\n\
         title = 'Clippy: Deprecating `feature = \"cargo-clippy\"`'\n\
         authors = [\"The Clippy Team\", \"Ferris\"]\n\
         date = 2024-02-28\n\
         [taxonomies]\n\
         tags = [\"tooling\"]\n\
         +++\n\nBody text.\n",
    );
    assert_eq!(
        article.meta.title,
        "Clippy: Deprecating `feature = \"cargo-clippy\"`"
    );
    assert_eq!(
        article.meta.author.as_deref(),
        Some("The Clippy Team, Ferris")
    );
    assert_eq!(article.meta.date.as_deref(), Some("2024-02-28"));
    assert_eq!(article.meta.tags, ["tooling"]);
    assert_eq!(&*article.text, "Body text.");
}

#[test]
fn broken_front_matter_is_shown_and_title_falls_back() {
    let article = read("+++\ntitle = \n+++\n\n## Minor\n\n# The *Real* Title\n\nText.\n");
    assert_eq!(article.meta.title, "The Real Title");
    assert_eq!(
        texts(&article),
        ["title =", "Minor", "The Real Title", "Text."]
    );
    assert_eq!(article.blocks[0].kind, BlockKind::Code { lang: None });
    let article = read("---\nNot metadata, a heading\n---\n\nText.\n");
    assert_eq!(texts(&article), ["Not metadata, a heading", "Text."]);
    assert_eq!(article.meta.title, "File name");
    assert_eq!(read("Just text.\n").meta.title, "File name");
    assert_eq!(read("## Only a subheading\n").meta.title, "File name");
}

#[test]
fn later_metadata_block_is_shown_as_written() {
    let article = read("Intro.\n\n---\nkey: value\n---\n\nOutro.\n");
    assert_eq!(
        article.meta,
        Metadata {
            title: "File name".into(),
            ..Default::default()
        }
    );
    assert_eq!(texts(&article), ["Intro.", "key: value", "Outro."]);
    assert_eq!(article.blocks[1].kind, BlockKind::Code { lang: None });
}

#[test]
fn headings_nest_into_sections() {
    let article = read(
        "# Book\n\nLede.\n\n## One ##\n\nText one.\n\n### Deeper\n\nx\n\n\
         Setext two\n----------\n\nText two.\n",
    );
    let headings: Vec<_> = article
        .blocks
        .iter()
        .filter(|b| b.is_heading())
        .map(|b| (article.slice(&b.range), b.kind.clone()))
        .collect();
    assert_eq!(
        headings,
        [
            ("Book", BlockKind::Heading { level: 1 }),
            ("One", BlockKind::Heading { level: 2 }),
            ("Deeper", BlockKind::Heading { level: 3 }),
            ("Setext two", BlockKind::Heading { level: 2 }),
        ]
    );
    let sections: Vec<_> = article
        .sections
        .iter()
        .map(|s| (s.title.as_str(), s.depth, s.parent))
        .collect();
    assert_eq!(
        sections,
        [
            ("Book", 0, None),
            ("One", 1, Some(0)),
            ("Deeper", 2, Some(1)),
            ("Setext two", 1, Some(0))
        ]
    );
    let one = &article.blocks[2];
    assert_eq!(&article.source[one.source.clone()], "## One ##");
}

#[test]
fn lists_nest_number_and_continue() {
    let article = read(
        "- alpha\n  - beta\n    - gamma\n  - delta\n- epsilon\n\n\
         7. seventh\n\n   more of seventh\n8. eighth\n\n\
         - [ ] open task\n- [x] done task\n",
    );
    assert_eq!(
        texts(&article),
        [
            "alpha",
            "beta",
            "gamma",
            "delta",
            "epsilon",
            "seventh",
            "more of seventh",
            "eighth",
            "open task",
            "done task"
        ]
    );
    assert_eq!(
        kinds(&article),
        [
            item(0, "•"),
            item(1, "•"),
            item(2, "•"),
            item(1, "•"),
            item(0, "•"),
            item(0, "7."),
            item(0, ""),
            item(0, "8."),
            item(0, "☐"),
            item(0, "☑"),
        ]
    );
    assert_eq!(&article.source[article.blocks[0].source.clone()], "- alpha");
    assert_eq!(
        &article.source[article.blocks[6].source.clone()],
        "more of seventh"
    );
}

#[test]
fn loose_task_items_and_items_in_quotes() {
    let article = read("> 1. [x] first\n>\n> 2. second\n");
    assert_eq!(texts(&article), ["first", "second"]);
    assert_eq!(kinds(&article), [item(0, "☑"), item(0, "2.")]);
    assert!(article.blocks.iter().all(|b| b.quote_depth == 1));
}

#[test]
fn table_rows_have_cells() {
    let article = read("| Name | Claim |\n|:-----|------:|\n| Ada | *yes* |\n| Bob |  |\n");
    assert_eq!(texts(&article), ["Name | Claim", "Ada | yes", "Bob |"]);
    let rows: Vec<(bool, Vec<&str>)> = article
        .blocks
        .iter()
        .map(|b| match &b.kind {
            BlockKind::TableRow { header, cells } => {
                (*header, cells.iter().map(|c| article.slice(c)).collect())
            }
            other => panic!("not a row: {other:?}"),
        })
        .collect();
    assert_eq!(
        rows,
        [
            (true, vec!["Name", "Claim"]),
            (false, vec!["Ada", "yes"]),
            (false, vec!["Bob", ""]),
        ]
    );
    assert_eq!(styled(&article, &InlineStyle::Emphasis), ["yes"]);
}

#[test]
fn footnotes_read_as_labels_and_one_block() {
    let article = read(
        "A claim.[^src] Another.[^2]\n\n\
         [^src]: First *part*.\n\n    Second part.\n\n    - a listed part\n\n\
         [^2]: Short.\n",
    );
    assert_eq!(
        texts(&article),
        [
            "A claim.[src] Another.[2]",
            "First part. Second part. a listed part",
            "Short."
        ]
    );
    assert_eq!(
        article.blocks[1].kind,
        BlockKind::Footnote {
            label: "src".into()
        }
    );
    let refs: Vec<_> = article
        .inlines
        .iter()
        .filter_map(|i| match &i.style {
            InlineStyle::FootnoteRef { label } => Some((label.as_str(), article.slice(&i.range))),
            _ => None,
        })
        .collect();
    assert_eq!(refs, [("src", "[src]"), ("2", "[2]")]);
    assert_eq!(styled(&article, &InlineStyle::Emphasis), ["part"]);
    assert!(article.source[article.blocks[1].source.clone()].starts_with("[^src]:"));
}

#[test]
fn block_quotes_count_their_depth() {
    let article = read("> outer\n>\n> > inner\n> > more\n>\n> outer again\n\nafter\n");
    let depths: Vec<_> = article
        .blocks
        .iter()
        .map(|b| (article.slice(&b.range), b.quote_depth))
        .collect();
    assert_eq!(
        depths,
        [
            ("outer", 1),
            ("inner more", 2),
            ("outer again", 1),
            ("after", 0)
        ]
    );
}

#[test]
fn inline_styles_cover_their_text() {
    let article =
        read("Say **it *loud***, ~~not~~ `quiet` and [read this](https://example.com/a \"t\").\n");
    assert_eq!(&*article.text, "Say it loud, not quiet and read this.");
    assert_eq!(styled(&article, &InlineStyle::Strong), ["it loud"]);
    assert_eq!(styled(&article, &InlineStyle::Emphasis), ["loud"]);
    assert_eq!(styled(&article, &InlineStyle::Strikethrough), ["not"]);
    assert_eq!(styled(&article, &InlineStyle::Code), ["quiet"]);
    let link = InlineStyle::Link {
        url: "https://example.com/a".into(),
    };
    assert_eq!(styled(&article, &link), ["read this"]);
}

#[test]
fn breaks_images_and_html() {
    let article = read(
        "one\ntwo\\\nthree  \nfour<br/>five\n\n\
         ![A *chart*](c.png) and ![](x.png)\n\n\
         <div>\n<p>block html</p>\n</div>\n\n\
         Inline <span class=\"x\">kept</span><!-- gone -->.\n",
    );
    assert_eq!(
        texts(&article),
        [
            "one two\nthree\nfour\nfive",
            "[image: A chart] and [image]",
            "Inline kept."
        ]
    );
    assert_eq!(styled(&article, &InlineStyle::Emphasis), ["chart"]);
}

#[test]
fn code_blocks_keep_lines_and_expand_tabs() {
    let article =
        read("```rust title=x\nfn main() {\n\tgo();\n}\n```\n\n    indented\n\nA\ttab.\n");
    assert_eq!(
        texts(&article),
        ["fn main() {\n    go();\n}", "indented", "A tab."]
    );
    assert_eq!(
        article.blocks[0].kind,
        BlockKind::Code {
            lang: Some("rust".into())
        }
    );
    assert_eq!(article.blocks[1].kind, BlockKind::Code { lang: None });
    assert!(article.source[article.blocks[0].source.clone()].ends_with("}\n```"));
    // The expanded tab is mapped, with lengths that show it is no copy.
    let tab_at = article.text.find("    go").unwrap();
    let run = article
        .source_map
        .iter()
        .find(|r| r.text.start == tab_at)
        .unwrap();
    assert_eq!(&article.source[run.source.clone()], "\t");
}

#[test]
fn rules_are_empty_blocks() {
    let article = read("Above.\n\n***\n\nBelow.\n");
    assert_eq!(article.blocks[1].kind, BlockKind::Rule);
    assert!(article.blocks[1].range.is_empty());
    assert_eq!(&article.source[article.blocks[1].source.clone()], "***");
    assert_eq!(texts(&article), ["Above.", "", "Below."]);
}

#[test]
fn world_scripts_survive_intact() {
    let lines = [
        "Family 👨‍👩‍👧‍👦 and flags 🇺🇳 stay whole.",
        "東京の市場は**静か**だった。",
        "שלום עולם and مرحبا بالعالم side by side.",
        "Combining: e\u{301}te\u{301}.",
    ];
    let article = read(&lines.join("\n\n"));
    let plain = lines.map(|l| l.replace("**", ""));
    assert_eq!(texts(&article), plain);
    for block in &article.blocks {
        let runs_text: String = article
            .source_map
            .iter()
            .filter(|r| r.text.start >= block.range.start && r.text.end <= block.range.end)
            .map(|r| &article.source[r.source.clone()])
            .collect();
        assert_eq!(runs_text, article.slice(&block.range));
    }
}

#[test]
fn hostile_sequences_are_made_visible() {
    let source = "---\ntitle: \"Pwn\\e]0;x\\a\"\nauthor: Eve\u{1b}[2J\n---\n\n\
                  # Head\u{1b}[31m\n\n\
                  Text \u{1b}]8;;http://evil\u{7} &#x1b;[2J x\u{202e}y \u{9b}1m\n\n\
                  [link](http://a\u{1b}b)\n\n```\u{1b}lang\ncode\u{1b}[0m\n```\n";
    let article = parse("name\u{1b}[1m", source).finish(Format::Markdown, source.to_string());
    assert_well_formed(&article);
    let meta = &article.meta;
    for field in [&meta.title, meta.author.as_ref().unwrap()] {
        assert!(!field.chars().any(is_unsafe), "{field:?}");
    }
    assert_eq!(meta.title, "Pwn␛]0;x␇");
    assert_eq!(
        texts(&article)[1],
        "Text ␛]8;;http://evil␇ ␛[2J x<U+202E>y <U+009B>1m"
    );
    for inline in &article.inlines {
        if let InlineStyle::Link { url } = &inline.style {
            assert_eq!(url, "http://a␛b");
        }
    }
    assert!(matches!(&article.blocks[3].kind, BlockKind::Code { lang: Some(l) } if l == "␛lang"));
    let untitled = parse("evil\u{1b}[1m", "no title here");
    assert_eq!(untitled.meta.title, "Evil␛[1m");
}

#[test]
fn source_map_runs_copy_the_source() {
    let source = "Plain *emphasis* and a\\*b &amp; `code` here.[^n]\n\n\
                  > Quoted line\n> goes on.\n\n[^n]: Note.\n";
    let article = read(source);
    let verbatim: Vec<&str> = article
        .source_map
        .iter()
        .filter(|r| r.text.len() == r.source.len())
        .map(|r| article.slice(&r.text))
        .collect();
    assert_eq!(
        verbatim,
        [
            "Plain ",
            "emphasis",
            " and a",
            "*b ",
            " ",
            "code",
            " here.",
            "n",
            "Quoted line",
            "goes on.",
            "Note."
        ]
    );
    // The entity is mapped, but as a rewrite.
    let entity = article
        .source_map
        .iter()
        .find(|r| article.slice(&r.text) == "&")
        .unwrap();
    assert_eq!(&source[entity.source.clone()], "&amp;");
}

#[test]
fn blocks_never_show_markup() {
    let article = read(
        "# Title with *style*\n\n## Sub `code`\n\n\
         Text with **strong**, __also__, ~~gone~~, [link](u) and <b>tags</b>.\n\n\
         > quoted *words*\n\n- item **one**\n1. first\n\n| a | **b** |\n|---|---|\n| c | d |\n\n\
         ***\n",
    );
    for text in texts(&article) {
        for markup in ["**", "__", "~~", "#", "`", "](", "<b>", "> ", "- ", "1. "] {
            assert!(!text.contains(markup), "{markup:?} in {text:?}");
        }
    }
}

#[test]
fn empty_and_markup_only_input_leaves_no_blocks() {
    for source in [
        "<!-- just a comment -->\n",
        "<div></div>\n",
        "---\ntitle: T\n---\n",
        "[](x)\n",
    ] {
        let article = read(source);
        assert!(
            article.blocks.is_empty(),
            "{source:?}: {:?}",
            article.blocks
        );
        assert_eq!(&*article.text, "");
    }
}

/// ATX headings outside fenced code: what the corpus check expects as sections.
fn count_headings(markdown: &str) -> usize {
    let mut in_fence = false;
    let mut count = 0;
    for line in markdown.lines() {
        if line.starts_with("```") {
            in_fence = !in_fence;
        } else if !in_fence {
            let hashes = line.len() - line.trim_start_matches('#').len();
            count += usize::from((1..=6).contains(&hashes) && line[hashes..].starts_with(' '));
        }
    }
    count
}

#[test]
#[ignore = "needs ../shared/corpus"]
fn corpus_articles_parse() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/corpus/markdown");
    let entries = std::fs::read_dir(dir).unwrap_or_else(|e| panic!("{dir}: {e}"));
    let mut checked = 0;
    for entry in entries {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|e| e != "md") {
            continue;
        }
        let name = path.display();
        let source = std::fs::read_to_string(&path).unwrap();
        let article = read(&source);
        let front = source
            .split("+++")
            .nth(1)
            .expect("corpus files have TOML front matter");
        let line_of = |key: &str| front.lines().find(|l| l.starts_with(key)).unwrap_or("");
        assert!(!article.meta.title.is_empty(), "{name}");
        assert!(
            line_of("title").contains(&article.meta.title),
            "{name}: {:?}",
            article.meta
        );
        let author = article.meta.author.as_deref().unwrap_or("");
        assert!(!author.is_empty(), "{name}");
        for person in author.split(", ") {
            assert!(line_of("author").contains(person), "{name}: {person:?}");
        }
        assert_eq!(article.sections.len(), count_headings(&source), "{name}");
        assert!(!article.text.contains("+++"), "{name}");
        checked += 1;
    }
    assert!(checked > 0, "no markdown files in {dir}");
}

/// Pieces of markdown that nest in interesting ways when strung together.
const FRAGMENTS: &[&str] = &[
    "\n",
    "\n\n",
    "  ",
    "\t",
    "> ",
    "- ",
    "1. ",
    "3) ",
    "- [ ] ",
    "    ",
    "# ",
    "## ",
    "***\n",
    "---\n",
    "+++\n",
    "title: x\n",
    "```\n",
    "```rs\n",
    "| a | b |\n",
    "|---|---|\n",
    "[^n]",
    "[^n]: ",
    "*",
    "**",
    "~~",
    "`",
    "[t](u)",
    "![a](i)",
    "<b>",
    "<div>\n",
    "<br>",
    "&amp;",
    "&#x1b;",
    "\\*",
    "word",
    "東京",
    "👨‍👩‍👧",
    "\u{1b}[2J",
    "\u{202e}",
    "\u{9b}",
    "é",
];

fn markdown_soup() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        prop::sample::select(FRAGMENTS).prop_map(str::to_string),
        "[a-z #*>|\\-\\[\\]`\n]{1,6}",
    ];
    prop::collection::vec(piece, 0..60).prop_map(|pieces| pieces.concat())
}

proptest! {
    #[test]
    fn any_input_parses_well_formed(source in markdown_soup()) {
        read(&source);
    }
}
