use super::*;
use crate::article::{BlockKind, Format, InlineStyle, parse_source};

fn read(html: &str) -> crate::article::Article {
    let base = Url::parse("https://news.example/politics/story.html").unwrap();
    parse_source("t", Format::Markdown, &to_markdown(html, Some(&base), None))
}

fn texts(article: &crate::article::Article) -> Vec<&str> {
    article
        .blocks
        .iter()
        .map(|b| article.slice(&b.range))
        .collect()
}

#[test]
fn markup_characters_in_page_text_stay_text() {
    let html = "<p>1. Not a list * nor _emphasis_ [link](x) &lt;b&gt; #tag | a \\ b ~~no~~ `tick` &amp;amp;</p>\
                <p>- not a bullet</p><p>+ nor this</p><p>=== nor a rule</p><p>    not code</p>";
    let article = read(html);
    assert_eq!(
        texts(&article),
        [
            "1. Not a list * nor _emphasis_ [link](x) <b> #tag | a \\ b ~~no~~ `tick` &amp;",
            "- not a bullet",
            "+ nor this",
            "=== nor a rule",
            "not code"
        ]
    );
    assert!(article.inlines.is_empty(), "{:?}", article.inlines);
}

/// Pages that write paragraphs as runs of text between `<br><br>` (as
/// several news sites' article bodies do) have paragraphs, not one block
/// with blank lines in it; a single `<br>` stays a line break.
#[test]
fn two_line_breaks_in_a_row_part_paragraphs() {
    let html = "<div class=\"article-body\">The report claims the display will remain 13.3 inches.\
                <br><br>Kuo expects the new model in the first half of 2020.<br> <br>\n\
                <b>Update:</b> Apple declined to comment.<br>Caption line<br><br><br>\
                <blockquote>Quoted one.<br><br>Quoted two.</blockquote></div>";
    let article = read(html);
    assert_eq!(
        texts(&article),
        [
            "The report claims the display will remain 13.3 inches.",
            "Kuo expects the new model in the first half of 2020.",
            "Update: Apple declined to comment.\nCaption line",
            "Quoted one.",
            "Quoted two.",
        ]
    );
    assert_eq!(article.sentences.len(), 6);
}

#[test]
fn structure_is_kept() {
    let html = "<h2>The case</h2><p>First <em>really</em> and <strong>strongly</strong>, \
                <a href=\"/other\">a link</a>.<br>Second line.</p>\
                <ul><li>one</li><li>two<ul><li>inner</li></ul></li></ul>\
                <ol start=\"3\"><li>three</li></ol>\
                <blockquote><p>Quoted.</p></blockquote>\
                <table><tr><th>Year</th><th>Cost</th></tr><tr><td>2023</td><td>£14 | each</td></tr></table>";
    let article = read(html);
    assert_eq!(
        texts(&article),
        [
            "The case",
            "First really and strongly, a link.\nSecond line.",
            "one",
            "two",
            "inner",
            "three",
            "Quoted.",
            "Year | Cost",
            "2023 | £14 | each",
        ]
    );
    assert_eq!(article.blocks[0].kind, BlockKind::Heading { level: 2 });
    let item = |depth, marker: &str| BlockKind::ListItem {
        depth,
        marker: marker.to_string(),
    };
    let kinds: Vec<_> = article.blocks[2..6]
        .iter()
        .map(|b| b.kind.clone())
        .collect();
    assert_eq!(
        kinds,
        [item(0, "•"), item(0, "•"), item(1, "•"), item(0, "3.")]
    );
    assert_eq!(article.blocks[6].quote_depth, 1);
    let styles: Vec<_> = article
        .inlines
        .iter()
        .map(|i| (&i.style, article.slice(&i.range)))
        .collect();
    assert!(
        styles.contains(&(&InlineStyle::Emphasis, "really")),
        "{styles:?}"
    );
    assert!(styles.contains(&(&InlineStyle::Strong, "strongly")));
    assert!(styles.contains(&(
        &InlineStyle::Link {
            url: "https://news.example/other".into()
        },
        "a link"
    )));
    assert!(
        matches!(article.blocks[8].kind, BlockKind::TableRow { ref cells, .. } if cells.len() == 2)
    );
}

#[test]
fn emphasis_next_to_punctuation_keeps_the_text() {
    let article = read("<p>He said<em>\"no\"</em>twice, <i> spaced </i>out.</p>");
    assert_eq!(texts(&article), ["He said\"no\"twice, spaced out."]);
}

#[test]
fn unsafe_links_and_skipped_elements() {
    let html = "<p><a href=\"javascript:alert(1)\">click</a> <a href=\"#fn1\">1</a>\
                <script>var x = 1;</script><style>p{}</style><img alt=\"decor\" src=\"a.png\"></p>";
    let article = read(html);
    assert_eq!(texts(&article), ["click 1"]);
    assert!(article.inlines.is_empty());
}

#[test]
fn control_characters_and_bidi_overrides_become_stand_ins() {
    let markdown = to_markdown(
        "<p>bell\u{7} esc\u{1b}[31m c1\u{9b} rlo\u{202e}txt</p><pre>a\u{1b}b</pre>",
        None,
        None,
    );
    assert!(
        !markdown.chars().any(crate::article::sanitize::is_unsafe),
        "{markdown:?}"
    );
    // As a markdown or text file with them reads: the same stand-ins.
    let article = read("<p>bell\u{7} esc\u{1b}[31m c1\u{9b} rlo\u{202e}txt</p>");
    let direct = crate::article::parse_source(
        "t",
        crate::article::Format::Markdown,
        "bell\u{7} esc\u{1b}[31m c1\u{9b} rlo\u{202e}txt\n",
    );
    assert_eq!(article.text, direct.text);
    assert_eq!(&*article.text, "bell␇ esc␛[31m c1<U+009B> rlo<U+202E>txt");
}

#[test]
fn deep_nesting_is_read_as_text() {
    let html = format!(
        "{}deep words{}",
        "<div><span>".repeat(5000),
        "</span></div>".repeat(5000)
    );
    let article = read(&html);
    assert_eq!(texts(&article), ["deep words"]);
}

#[test]
fn blocks_the_text_pass_left_out_are_pruned() {
    let html = "<p>Posted: Fri 6:45 PM</p><p>The kept paragraph, with <b>bold</b>.</p><ul><li>Previous</li></ul>";
    let markdown = to_markdown(html, None, Some("The kept paragraph, with bold."));
    assert_eq!(markdown, "The kept paragraph, with **bold**.\n");
}
