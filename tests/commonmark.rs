//! The markdown export never changes what the article says: for every
//! CommonMark specification example and for GFM cases of our own, the
//! export with no annotations, with each sentence as the one passage, and
//! with every sentence tagged (each with a note) renders, with the export's
//! additions taken out, to the same HTML as the original; and `import`
//! gets every passage's quote back.
//!
//! The rendering is pulldown-cmark's, with the options articles are read
//! with. The spec examples come from `../shared/corpus/commonmark/spec.json`
//! (the test is ignored without it); the GFM cases live here.

use std::fmt::Write as _;
use std::path::Path;

use marginalia::annotate::Store;
use marginalia::article::{Article, Format, MARKDOWN_OPTIONS, parse_source};
use marginalia::config::Config;
use marginalia::export::{MarkerStyle, parse_export, to_markdown};

const SPEC: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../shared/corpus/commonmark/spec.json"
);

/// GFM and article-like cases the spec does not cover, written the way
/// real posts write them.
const GFM_CASES: &[&str] = &[
    // Tables, with inline markup, escaped pipes and alignment.
    "| Corridor | Trips | Change |\n| :-- | --: | :-: |\n| Harbour Road | 1,204 | **+237%** |\n| Mill Lane \\| East | 310 | *flat* |\n\nSource: the council.\n",
    "Name | Value\n--- | ---\n`a|b` | [link](https://example.com/x)\nplain | ~~gone~~ kept\n",
    "| a |\n| - |\n| one. Two. |\n| ![chart](c.png \"Chart\") three. |\n",
    // Footnotes, referenced before and after their definitions.
    "Rents rose 9% last year.[^council] Nobody disputes it.[^1]\n\n[^council]: The council's own figures, published in March.\n    Indented continuation. Second sentence.\n\n[^1]: See the [minutes](https://example.com/minutes).\n",
    "A claim.[^a]\n\n> Quoted, with a note.[^a]\n\n[^a]: The note *itself*. It has two sentences.\n",
    // Strikethrough, single and double tildes, next to other markup.
    "The plan was ~~a revolution~~ a tidy-up. It was ~cheap~ *and* **~~quick~~**.\n",
    "Before~~after~~, and ~~across\nlines~~ too. A ~~*nested* emphasis~~ ends.\n",
    // Task lists, tight and loose, nested.
    "- [ ] Draft the letter. Send it.\n- [x] Read the minutes.\n  - [ ] Nested task. Two sentences.\n",
    "1. [x] Loose task.\n\n2. [ ] Another one.\n\n   A paragraph in it.\n",
    // Mixed: front matter, headings, quotes, code, html.
    "---\ntitle: Rents\nauthor: A. Writer\n---\n\n# Rents\n\nThe mayor *says* rents rose. He is wrong.\n\n```text\ncode stays. Code.\n```\n\n<div>\nraw html\n</div>\n\nLast line.\n",
    "Ends in an open fence.\n\n```\nnever closed. Really.\n",
    "Ends in a style block.\n\n<style>\np { color: red; }\n",
    "> A quote that ends the file.\n> Second line.",
    "Hard  \nbreaks\\\nhere. And *em*\\\n**strong**.\n",
    "Escapes: \\*not em\\*, \\[not a link\\], 5 \\> 3. Entities &amp; &copy; &#35;.\n",
    "[collapsed][] and [shortcut] and [full][ref] links. ![alt *text*][ref] image.\n\n[collapsed]: /a\n[shortcut]: /b\n[ref]: /c \"Title\"\n",
    "Intra*word*emphasis and snake_case_words and __strong__ and a_b_ c.\n",
    "Autolinks <https://example.com/a?b=c> and <me@example.com>. Inline <span>html</span> too.\n",
];

fn labels() -> Vec<marginalia::config::LabelDef> {
    Config::default().labels
}

fn render(markdown: &str) -> String {
    let mut html = String::new();
    pulldown_cmark::html::push_html(
        &mut html,
        pulldown_cmark::Parser::new_ext(markdown, MARKDOWN_OPTIONS),
    );
    html
}

/// The export's HTML without what the export added: its header comment,
/// the appendix, the note quotes and the markers. Returns `None` when the
/// appendix is not where the export put it (swallowed by a code block or
/// raw HTML), as then its comment does not reach the HTML as written.
fn rendered_without_additions(exported: &str) -> Option<String> {
    let html = render(exported);
    let start = html.find("<!-- marginalia-annotations -->")?;
    let end_line = "<!-- /marginalia-annotations -->";
    let resume = html[start..]
        .find(end_line)
        .map(|at| start + at + end_line.len());
    let mut body = html[..start].to_string();
    if let Some(resume) = resume {
        body.push_str(html[resume..].trim_start_matches('\n'));
    }
    // The header comment, a line of its own.
    if let Some(at) = body.find("<!-- marginalia-export ") {
        let line_end = body[at..].find('\n').map_or(body.len(), |e| at + e + 1);
        body.replace_range(at..line_end, "");
    }
    // Note quotes: `<blockquote>\n<p>⟦N⟧ …</p>\n</blockquote>\n`.
    let opening = "<blockquote>\n<p>⟦";
    let mut from = 0;
    while let Some(at) = body[from..].find(opening).map(|i| from + i) {
        let rest = &body[at + opening.len()..];
        let digits = rest.len() - rest.trim_start_matches(|c: char| c.is_ascii_digit()).len();
        if digits == 0 || !rest[digits..].starts_with("⟧ ") {
            from = at + opening.len();
            continue;
        }
        let end = body[at..].find("</blockquote>\n")? + at + "</blockquote>\n".len();
        body.replace_range(at..end, "");
        from = at;
    }
    Some(strip_markers(&body))
}

fn strip_markers(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(open) = rest.find('⟦') {
        out.push_str(&rest[..open]);
        match rest[open..].find('⟧') {
            Some(close) => rest = &rest[open + close + '⟧'.len_utf8()..],
            None => {
                out.push_str(&rest[open..]);
                rest = "";
            }
        }
    }
    out.push_str(rest);
    out
}

/// Which passages an export of one document carries.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Tagging {
    None,
    OneSentence(usize),
    EverySentence,
}

/// What went wrong with one export, for the report.
struct Failure {
    case: String,
    tagging: Tagging,
    what: String,
}

fn store_for(article: &Article, tagging: Tagging, dir: &Path) -> Store {
    let mut store = Store::open(dir.join("none.json"), &article.text).expect("an empty store");
    let ranges: Vec<_> = match tagging {
        Tagging::None => Vec::new(),
        Tagging::OneSentence(i) => vec![article.sentences[i].range.clone()],
        Tagging::EverySentence => article.sentences.iter().map(|s| s.range.clone()).collect(),
    };
    let names = ["claim", "opinion", "speculation"];
    for (i, range) in ranges.into_iter().enumerate() {
        let id = store
            .add(names[i % 3], range, "tester")
            .expect("a sentence can be tagged");
        if tagging == Tagging::EverySentence && i % 2 == 0 {
            store
                .set_note(&id, &format!("Note {i}: *why*\nsecond line"))
                .unwrap();
        }
    }
    store
}

/// Exports `markdown` under `tagging` and checks it; a failure says how.
fn check(case: &str, markdown: &str, tagging: Tagging, dir: &Path) -> Option<Failure> {
    let fail = |what: String| {
        Some(Failure {
            case: case.to_string(),
            tagging,
            what,
        })
    };
    let article = parse_source("case.md", Format::Markdown, markdown);
    let store = store_for(&article, tagging, dir);
    let exported = to_markdown(&article, &store, &labels(), "case.md", MarkerStyle::Markers);
    let expected = render(markdown);
    match rendered_without_additions(&exported) {
        None => return fail(format!("the appendix was swallowed\n{exported}")),
        Some(html) if html != expected => {
            return fail(format!(
                "renders differently\n--- original\n{expected}--- export\n{html}--- exported markdown\n{exported}"
            ));
        }
        Some(_) => {}
    }
    let imported = match parse_export(&exported) {
        Ok(imported) => imported,
        Err(e) => return fail(format!("import failed: {e}")),
    };
    if *imported.text != *article.text {
        return fail(format!(
            "import recovered other text\n--- original\n{:?}\n--- imported\n{:?}",
            article.text, imported.text
        ));
    }
    let (anchored, _) = imported.anchored_on(&article.text);
    let mut wanted: Vec<&str> = store
        .annotations()
        .iter()
        .map(|a| a.anchor.quote.as_str())
        .collect();
    let mut got: Vec<&str> = anchored.iter().map(|a| a.anchor.quote.as_str()).collect();
    let mut got_ranges: Vec<(usize, usize)> = anchored
        .iter()
        .map(|a| (a.anchor.start, a.anchor.end))
        .collect();
    let mut wanted_ranges: Vec<(usize, usize)> = store
        .annotations()
        .iter()
        .map(|a| (a.anchor.start, a.anchor.end))
        .collect();
    wanted.sort_unstable();
    got.sort_unstable();
    wanted_ranges.sort_unstable();
    got_ranges.sort_unstable();
    if wanted != got || wanted_ranges != got_ranges {
        return fail(format!(
            "import got other passages\n--- wanted\n{wanted:?} at {wanted_ranges:?}\n--- got\n{got:?} at {got_ranges:?}\n--- exported markdown\n{exported}"
        ));
    }
    None
}

/// Every tagging of one document: none, each sentence alone, all of them.
fn check_all(case: &str, markdown: &str, dir: &Path) -> (usize, Vec<Failure>) {
    let article = parse_source("case.md", Format::Markdown, markdown);
    let mut taggings = vec![Tagging::None];
    taggings.extend((0..article.sentences.len()).map(Tagging::OneSentence));
    if !article.sentences.is_empty() {
        taggings.push(Tagging::EverySentence);
    }
    let failures = taggings
        .iter()
        .filter_map(|&t| check(case, markdown, t, dir))
        .collect();
    (taggings.len(), failures)
}

fn report(failures: &[Failure]) -> String {
    let mut out = String::new();
    for failure in failures {
        let first = failure.what.lines().next().unwrap_or("");
        let _ = writeln!(out, "{} ({:?}): {first}", failure.case, failure.tagging);
    }
    for failure in failures.iter().take(12) {
        let _ = writeln!(
            out,
            "== {} ({:?}): {}\n",
            failure.case, failure.tagging, failure.what
        );
    }
    out
}

#[test]
fn gfm_cases_export_without_changing_what_they_render() {
    let dir = tempfile::tempdir().unwrap();
    let mut failures = Vec::new();
    for (i, case) in GFM_CASES.iter().enumerate() {
        failures.extend(check_all(&format!("GFM case {i}"), case, dir.path()).1);
    }
    assert!(failures.is_empty(), "{}", report(&failures));
}

#[derive(serde::Deserialize)]
struct Example {
    markdown: String,
    example: u32,
    section: String,
}

#[test]
#[ignore = "needs ../shared/corpus"]
fn commonmark_spec_examples_export_without_changing_what_they_render() {
    let json = std::fs::read_to_string(SPEC).expect("../shared/corpus/commonmark/spec.json");
    let examples: Vec<Example> = serde_json::from_str(&json).expect("the spec's examples");
    let dir = tempfile::tempdir().unwrap();
    let (mut exports, mut failures) = (0, Vec::new());
    let mut failed_examples = std::collections::BTreeSet::new();
    let mut counts = [[0usize; 2]; 3];
    // One example at a time, to look at: MARGINALIA_SPEC_EXAMPLE=43.
    let only: Option<u32> = std::env::var("MARGINALIA_SPEC_EXAMPLE")
        .ok()
        .and_then(|n| n.parse().ok());
    for example in examples
        .iter()
        .filter(|e| only.is_none_or(|n| n == e.example))
    {
        let case = format!("example {} ({})", example.example, example.section);
        let (n, found) = check_all(&case, &example.markdown, dir.path());
        exports += n;
        for f in &found {
            failed_examples.insert(example.example);
            let kind = match f.tagging {
                Tagging::None => 0,
                Tagging::OneSentence(_) => 1,
                Tagging::EverySentence => 2,
            };
            counts[kind][1] += 1;
        }
        let article = parse_source("case.md", Format::Markdown, &example.markdown);
        counts[0][0] += 1;
        counts[1][0] += article.sentences.len();
        counts[2][0] += usize::from(!article.sentences.is_empty());
        failures.extend(found);
    }
    println!(
        "{} examples, {exports} exports: no annotations {} of {} differ; one sentence {} of {}; every sentence {} of {}",
        examples.len(),
        counts[0][1],
        counts[0][0],
        counts[1][1],
        counts[1][0],
        counts[2][1],
        counts[2][0]
    );
    assert!(
        failures.is_empty(),
        "{} exports of {} examples failed ({failed_examples:?}):\n{}",
        failures.len(),
        failed_examples.len(),
        report(&failures)
    );
}

#[test]
fn a_moved_marker_says_so_in_its_entry() {
    let dir = tempfile::tempdir().unwrap();
    let markdown =
        "See ![the council's chart of rents](rents.png) and `rents --since 2019` here.\n";
    let article = parse_source("case.md", Format::Markdown, markdown);
    let mut store = Store::open(dir.path().join("a.json"), &article.text).unwrap();
    // Starts inside the image's alt text, ends inside the code span.
    let start = article.text.find("chart").unwrap();
    let end = article.text.find("--since").unwrap();
    store.add("claim", start..end, "tester").unwrap();
    let exported = to_markdown(&article, &store, &labels(), "case.md", MarkerStyle::Markers);
    assert!(
        exported.contains("See ⟦◆ claim 1⟧![the council's chart of rents](rents.png) and `rents --since 2019`⟦/1⟧ here."),
        "{exported}"
    );
    assert!(
        exported.contains("markers moved: the passage begins or ends in an image"),
        "{exported}"
    );
    let imported = parse_export(&exported).unwrap();
    let (anchored, missing) = imported.anchored_on(&article.text);
    assert_eq!(missing, 0);
    assert_eq!(anchored[0].anchor.quote, &article.text[start..end]);
    assert_eq!(
        rendered_without_additions(&exported).unwrap(),
        render(markdown)
    );
}
