//! Exports of the shipped articles, checked end to end: snapshots of the
//! markdown, the markdown read back by pulldown-cmark, import after export,
//! JSON and CSV, and the command-line rules for writing files.

use std::path::Path;

use pulldown_cmark::{Event, Parser, Tag, TagEnd};
use time::OffsetDateTime;

use super::markdown::PARSE_OPTIONS;
use super::*;
use crate::annotate::{Anchor, AnnotationFile, ArticleInfo, SCHEMA};
use crate::article::{BlockKind, Format, parse_source};
use crate::config::Config;

const BIKE_LANES: &str = include_str!("../../articles/the-case-for-boring-bike-lanes.md");
const BIKE_LANES_PATH: &str = "articles/the-case-for-boring-bike-lanes.md";
const PHONES: &str = include_str!("../../articles/lock-the-phones-not-the-students.md");
const PHONES_PATH: &str = "articles/lock-the-phones-not-the-students.md";
const FOUR_DAY_WEEK: &str = include_str!("../../articles/give-the-four-day-week-a-fair-trial.txt");
const FOUR_DAY_WEEK_PATH: &str = "articles/give-the-four-day-week-a-fair-trial.txt";

/// A note with every character markdown gives a meaning to.
const SPECIAL_NOTE: &str = "Who *signed* it_off? a | b [link] `code` <b>bold</b> & \\ ~x~\n# not a heading\n\n- not a list";

/// One annotation to make: label, the quote (its first occurrence, or the
/// `nth` when a number follows), and a note.
struct Spec<'a> {
    label: &'a str,
    quote: &'a str,
    nth: usize,
    note: &'a str,
}

const fn spec<'a>(label: &'a str, quote: &'a str, note: &'a str) -> Spec<'a> {
    Spec {
        label,
        quote,
        nth: 0,
        note,
    }
}

/// `claim+opinion` is two labels; "" none (a plain note).
fn label_list(labels: &str) -> Vec<String> {
    labels
        .split('+')
        .filter(|l| !l.is_empty())
        .map(String::from)
        .collect()
}

fn article(name: &str, format: Format, source: &str) -> Article {
    parse_source(name, format, source)
}

/// A store on `article` holding `specs` (with fixed ids and times, so
/// snapshots are stable) and an orphan whose passage is not in the text.
fn store_with(dir: &tempfile::TempDir, article: &Article, specs: &[Spec], orphan: bool) -> Store {
    let time = |s: i64| OffsetDateTime::from_unix_timestamp(1_772_357_400 + s).unwrap();
    let annotation = |i: usize, label: &str, note: &str, anchor: Anchor| Annotation {
        id: format!("{:012x}", 0xa0 + i),
        labels: label_list(label),
        note: note.to_string(),
        annotator: if i.is_multiple_of(2) { "Ada" } else { "Bob" }.to_string(),
        created: time(i as i64),
        modified: time(60 + i as i64),
        anchor,
        extra: Default::default(),
    };
    let mut annotations: Vec<Annotation> = specs
        .iter()
        .enumerate()
        .map(|(i, spec)| {
            let start = article
                .text
                .match_indices(spec.quote)
                .nth(spec.nth)
                .unwrap_or_else(|| panic!("{:?} is in the article", spec.quote))
                .0;
            let anchor = Anchor::new(&article.text, start..start + spec.quote.len()).unwrap();
            annotation(i, spec.label, spec.note, anchor)
        })
        .collect();
    if orphan {
        let gone = "The mayor has since resigned, citing the cost of the mural.";
        let anchor = Anchor::new(gone, 0..gone.len()).unwrap();
        annotations.push(annotation(
            specs.len(),
            "claim",
            "Was this ever true?",
            anchor,
        ));
    }
    let file = AnnotationFile {
        schema: SCHEMA,
        article: ArticleInfo::default(),
        annotations,
        ..AnnotationFile::default()
    };
    let path = dir.path().join("annotations.json");
    std::fs::write(&path, file.to_json()).unwrap();
    let store = Store::open(&path, &article.text).unwrap();
    assert_eq!(store.orphans().count(), usize::from(orphan));
    store
}

fn bike_lanes_specs() -> Vec<Spec<'static>> {
    vec![
        spec(
            "claim",
            "Port Elsby opened one of these on Quayside Parade in 2019.",
            SPECIAL_NOTE,
        ),
        // Ends just after a footnote reference.
        spec("claim", "it cost $2.1 million.[outturn]", ""),
        spec(
            "opinion",
            "It is also, I think, the least useful piece of cycling infrastructure the city owns.",
            "The thesis, stated early.",
        ),
        // Overlapping, and crossing into bold text.
        spec("speculation", "in other words. Boring is", ""),
        spec("opinion", "Boring is what works.", "Slogan."),
        // Crossing a strikethrough and into the quoted phrase after it.
        spec("opinion", "revolution \"mobility", ""),
        // Table cells.
        spec("claim", "Harbour Road", "Busiest corridor."),
        spec("claim", "+237%", ""),
        // Link text.
        spec("claim", "Hollins Institute for Urban Mobility", ""),
        // Emphasis at the passage's start and end.
        spec("speculation", "is there a nice lane somewhere?", ""),
        // A list item.
        spec(
            "speculation",
            "closing the 600-metre gap between Harbour Road and the railway station",
            "Cost estimate?",
        ),
        // A label the configuration does not define.
        spec("rumour", "at least two cafés on the street closed", ""),
        // Two labels on one passage, and a plain note with no label.
        spec(
            "opinion+speculation",
            "None of this will win a design award.",
            "Both.",
        ),
        spec("", "It will not appear on a postcard.", "Just a note."),
    ]
}

fn phones_specs() -> Vec<Spec<'static>> {
    vec![
        spec(
            "claim",
            "The first week was miserable.",
            "A quote in a quote follows.",
        ),
        spec(
            "opinion",
            "Miss, you have taken away my entire personality.",
            "Nested quote.",
        ),
        spec("speculation", "I still don't know whether she changed", ""),
    ]
}

fn export_markdown(article: &Article, store: &Store, path: &str) -> String {
    to_markdown(
        article,
        store,
        &Config::default().labels,
        path,
        MarkerStyle::Markers,
    )
}

#[test]
fn markdown_export_of_a_table_list_and_footnotes() {
    let dir = tempfile::tempdir().unwrap();
    let article = article("bike", Format::Markdown, BIKE_LANES);
    let store = store_with(&dir, &article, &bike_lanes_specs(), true);
    insta::assert_snapshot!(export_markdown(&article, &store, BIKE_LANES_PATH));
}

#[test]
fn markdown_export_of_block_quotes() {
    let dir = tempfile::tempdir().unwrap();
    let article = article("phones", Format::Markdown, PHONES);
    let store = store_with(&dir, &article, &phones_specs(), false);
    insta::assert_snapshot!(export_markdown(&article, &store, PHONES_PATH));
}

#[test]
fn criticmarkup_marks_passages_and_notes_inline() {
    let dir = tempfile::tempdir().unwrap();
    let article = article("bike", Format::Markdown, BIKE_LANES);
    let specs = [spec(
        "opinion",
        "Boring is what works.",
        "Slogan, not *evidence*.",
    )];
    let store = store_with(&dir, &article, &specs, false);
    let labels = Config::default().labels;
    let exported = to_markdown(
        &article,
        &store,
        &labels,
        BIKE_LANES_PATH,
        MarkerStyle::CriticMarkup,
    );
    assert!(
        exported
            .contains("{==**Boring is what works.**==}{>>opinion: Slogan, not \\*evidence\\*.<<}"),
        "{exported}"
    );
    assert!(matches!(
        parse_export(&exported),
        Err(ImportError::CriticMarkup)
    ));
}

/// Headings and paragraphs (with their kind and nesting) as pulldown-cmark
/// reads them, the way a markdown viewer would.
fn headings_and_paragraphs(markdown: &str) -> Vec<(String, String)> {
    let mut found = Vec::new();
    let mut open: Option<(String, String)> = None;
    let mut quotes = 0;
    for event in Parser::new_ext(markdown, PARSE_OPTIONS) {
        match event {
            Event::Start(Tag::BlockQuote(_)) => quotes += 1,
            Event::End(TagEnd::BlockQuote(_)) => quotes -= 1,
            Event::Start(Tag::Heading { level, .. }) => {
                open = Some((format!("{level:?}"), String::new()));
            }
            Event::Start(Tag::Paragraph) => open = Some((format!("p{quotes}"), String::new())),
            Event::Text(text) | Event::Code(text) => {
                if let Some((_, buffer)) = &mut open {
                    buffer.push_str(&text);
                }
            }
            Event::SoftBreak | Event::HardBreak => {
                if let Some((_, buffer)) = &mut open {
                    buffer.push(' ');
                }
            }
            Event::End(TagEnd::Heading(_) | TagEnd::Paragraph) => found.extend(open.take()),
            _ => {}
        }
    }
    found
}

/// The export's quote of note 3 begins `⟦3⟧ `.
fn is_note_quote(text: &str) -> bool {
    text.strip_prefix('⟦')
        .and_then(|rest| rest.split_once("⟧ "))
        .is_some_and(|(number, _)| number.parse::<usize>().is_ok())
}

/// `text` without `⟦…⟧` markers.
fn without_markers(text: &str) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(open) = rest.find('⟦') {
        out.push_str(&rest[..open]);
        let close = rest[open..].find('⟧').expect("markers close");
        rest = &rest[open + close + '⟧'.len_utf8()..];
    }
    out + rest
}

#[test]
fn exported_markdown_reads_as_the_original_headings_and_paragraphs() {
    for (name, source, specs) in [
        ("bike", BIKE_LANES, bike_lanes_specs()),
        ("phones", PHONES, phones_specs()),
    ] {
        let dir = tempfile::tempdir().unwrap();
        let article = article(name, Format::Markdown, source);
        let store = store_with(&dir, &article, &specs, true);
        let exported = export_markdown(&article, &store, name);
        let body = &exported[..exported.find(markdown::APPENDIX_LINE).unwrap()];
        let read_back: Vec<(String, String)> = headings_and_paragraphs(body)
            .into_iter()
            // The notes quoted after paragraphs are the export's own.
            .filter(|(_, text)| !is_note_quote(text))
            .map(|(kind, text)| (kind, without_markers(&text)))
            .collect();
        assert_eq!(read_back, headings_and_paragraphs(source), "{name}");
        assert!(body.contains('⟦'), "{name}: passages are marked");
    }
}

/// Label, note and passage of each annotation, sorted.
fn summary(annotations: &[Annotation]) -> Vec<(String, String, String, String)> {
    let mut rows: Vec<_> = annotations
        .iter()
        .map(|a| {
            (
                a.labels_joined(),
                a.note.clone(),
                a.anchor.quote.clone(),
                a.id.clone(),
            )
        })
        .collect();
    rows.sort();
    rows
}

fn round_trip(article: &Article, store: &Store, path: &str) {
    let exported = export_markdown(article, store, path);
    let imported = parse_export(&exported).unwrap();
    assert_eq!(imported.article_path, path);
    assert_eq!(
        imported.text, &*article.text,
        "{path}: the reading text is recovered"
    );
    let (annotations, missing) = imported.anchored_on(&article.text);
    assert_eq!(missing, store.orphans().count());
    assert_eq!(
        summary(&annotations),
        summary(store.annotations()),
        "{path}"
    );
    for annotation in &annotations {
        let original = store.get(&annotation.id).unwrap().0;
        assert_eq!(
            (
                &annotation.annotator,
                annotation.created,
                annotation.modified
            ),
            (&original.annotator, original.created, original.modified)
        );
        assert_eq!(
            annotation.anchor, original.anchor,
            "{path}: {}",
            annotation.id
        );
    }
}

#[test]
fn export_then_import_gives_the_same_annotations() {
    let dir = tempfile::tempdir().unwrap();
    let bike = article("bike", Format::Markdown, BIKE_LANES);
    round_trip(
        &bike,
        &store_with(&dir, &bike, &bike_lanes_specs(), true),
        BIKE_LANES_PATH,
    );
    let phones = article("phones", Format::Markdown, PHONES);
    round_trip(
        &phones,
        &store_with(&dir, &phones, &phones_specs(), false),
        PHONES_PATH,
    );
    let week = article("week", Format::PlainText, FOUR_DAY_WEEK);
    let specs = [
        spec("claim", "Forty-six employers took part", SPECIAL_NOTE),
        spec("opinion", "Meetings were shortened to 30 minutes", ""),
        spec(
            "speculation",
            "My prediction is that within ten years",
            "Bold.",
        ),
    ];
    round_trip(
        &week,
        &store_with(&dir, &week, &specs, true),
        FOUR_DAY_WEEK_PATH,
    );
}

/// Every sentence and every styled stretch (emphasis, links, code, footnote
/// references, table cells) of every shipped markdown article as its own
/// passage, all at once: markers next to and inside markup must all come
/// back where they were.
#[test]
fn passages_at_every_markup_boundary_survive_the_round_trip() {
    for (name, source) in [("bike", BIKE_LANES), ("phones", PHONES)] {
        let article = article(name, Format::Markdown, source);
        let mut ranges: Vec<Span> = article.sentences.iter().map(|s| s.range.clone()).collect();
        ranges.extend(article.inlines.iter().map(|i| i.range.clone()));
        for block in &article.blocks {
            if let BlockKind::TableRow { cells, .. } = &block.kind {
                ranges.extend(cells.iter().filter(|c| !c.is_empty()).cloned());
            }
        }
        let specs: Vec<Spec> = ranges
            .iter()
            .map(|r| {
                let quote = article.slice(r);
                let nth = article.text[..r.start].matches(quote).count();
                Spec {
                    label: "claim",
                    quote,
                    nth,
                    note: "",
                }
            })
            .collect();
        let dir = tempfile::tempdir().unwrap();
        let store = store_with(&dir, &article, &specs, false);
        round_trip(&article, &store, name);
    }
}

#[test]
fn plain_text_articles_become_markdown_of_the_same_text() {
    let dir = tempfile::tempdir().unwrap();
    let week = article("week", Format::PlainText, FOUR_DAY_WEEK);
    let store = store_with(
        &dir,
        &week,
        &[spec("claim", "Forty-six employers", "")],
        false,
    );
    let exported = export_markdown(&week, &store, FOUR_DAY_WEEK_PATH);
    assert!(exported.starts_with(
        "---\ntitle: \"Give the Four-Day Week a Fair Trial\"\nauthor: \"Fiona Castellanos\"\n---\n"
    ));
    assert!(
        exported.contains("\n# What the Northmarch Trial Found\n"),
        "{exported}"
    );
    assert!(
        exported.contains("\n1. Meetings were shortened"),
        "{exported}"
    );
    assert!(exported.contains(
        "trial yet attempted in the region. ⟦◆ claim 1⟧Forty-six employers⟦/1⟧ took part"
    ));

    let body = &exported[..exported.find(markdown::APPENDIX_LINE).unwrap()];
    let read_back = parse_source("week", Format::Markdown, &without_markers(body));
    assert_eq!(read_back.text, week.text);
    assert_eq!(read_back.meta.title, week.meta.title);
    assert_eq!(read_back.meta.author, week.meta.author);
    let kinds = |a: &Article| a.blocks.iter().map(|b| b.kind.clone()).collect::<Vec<_>>();
    assert_eq!(kinds(&read_back), kinds(&week));
}

#[test]
fn plain_text_with_markdown_characters_reads_back_unchanged() {
    let source = "A Title\nBy Someone\n\n# not a heading, *not* emphasis, a_b_, [x](y) <i>\n\n\
        - a real item with `ticks` | pipes\n- 2. nested-looking\n\n   indented verse line\n   second & third &amp; line\n";
    let article = article("odd", Format::PlainText, source);
    let dir = tempfile::tempdir().unwrap();
    let store = store_with(&dir, &article, &[], false);
    let exported = export_markdown(&article, &store, "odd.txt");
    let body = &exported[..exported.find(markdown::APPENDIX_LINE).unwrap()];
    let read_back = parse_source("odd", Format::Markdown, body);
    assert_eq!(read_back.text, article.text, "{body}");
}

#[test]
fn json_has_passages_sections_and_orphans() {
    let dir = tempfile::tempdir().unwrap();
    let bike = article("bike", Format::Markdown, BIKE_LANES);
    let specs = [
        spec("claim", "Harbour Road", "Busiest."),
        spec("opinion", "Paint Is Not a Lane", ""),
    ];
    let store = store_with(&dir, &bike, &specs, true);
    let json = to_json(&bike, &store, &Config::default().labels, BIKE_LANES_PATH);
    assert!(is_own_output(&json));
    let value: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(value["generator"], JSON_GENERATOR);
    assert_eq!(value["article"]["title"], "The Case for Boring Bike Lanes");
    let first = &value["annotations"][0];
    assert_eq!(first["passage"], "Harbour Road");
    assert_eq!(first["section"], "The Numbers So Far");
    assert_eq!(
        first["section_path"],
        serde_json::json!([
            "The Case for Boring Bike Lanes",
            "What Port Elsby Actually Built",
            "The Numbers So Far"
        ])
    );
    assert_eq!(first["note"], "Busiest.");
    assert_eq!(first["placement"], "exact");
    let start = first["start"].as_u64().unwrap() as usize;
    let char_start = first["char_start"].as_u64().unwrap() as usize;
    assert_eq!(bike.text[..start].chars().count(), char_start);
    assert_eq!(value["annotations"][1]["section"], "Paint Is Not a Lane");
    let orphan = &value["orphans"][0];
    assert_eq!(orphan["number"], 3);
    assert_eq!(
        orphan["quote"],
        "The mayor has since resigned, citing the cost of the mural."
    );
}

#[test]
fn csv_quotes_as_rfc_4180_says() {
    let source = "# Rents\n\nRents rose 9%, the \"mayor\" said.\nThen fell.\n";
    let article = article("r", Format::Markdown, source);
    let dir = tempfile::tempdir().unwrap();
    let specs = [
        spec(
            "claim",
            "Rents rose 9%, the \"mayor\" said.",
            "Line one,\nline \"two\"",
        ),
        spec("opinion", "Then fell.", "plain"),
    ];
    let store = store_with(&dir, &article, &specs, true);
    let csv = to_csv(&article, &store);
    assert_eq!(
        csv,
        "section,labels,passage,note,annotator,status,id\r\n\
         Rents,claim,\"Rents rose 9%, the \"\"mayor\"\" said.\",\"Line one,\nline \"\"two\"\"\",Ada,placed,0000000000a0\r\n\
         Rents,opinion,Then fell.,plain,Bob,placed,0000000000a1\r\n\
         ,claim,\"The mayor has since resigned, citing the cost of the mural.\",Was this ever true?,Ada,orphaned,0000000000a2\r\n"
    );
    assert!(is_own_output(&csv));
}

#[test]
fn csv_and_json_give_every_label_of_a_passage_and_none_for_a_plain_note() {
    let source = "# Rents\n\nRents rose 9%, the mayor said. Then fell.\n";
    let article = article("r", Format::Markdown, source);
    let dir = tempfile::tempdir().unwrap();
    let specs = [
        spec("claim+speculation", "Rents rose 9%, the mayor said.", ""),
        spec("", "Then fell.", "Why?"),
    ];
    let store = store_with(&dir, &article, &specs, false);
    let csv = to_csv(&article, &store);
    let rows: Vec<&str> = csv.split("\r\n").collect();
    assert!(
        rows[1].starts_with("Rents,claim; speculation,\"Rents rose 9%"),
        "{:?}",
        rows[1]
    );
    assert!(rows[2].starts_with("Rents,,Then fell.,Why?,"), "{csv}");
    let json: serde_json::Value = serde_json::from_str(&to_json(
        &article,
        &store,
        &Config::default().labels,
        "r.md",
    ))
    .unwrap();
    assert_eq!(json["version"], 2);
    assert_eq!(
        json["annotations"][0]["labels"],
        serde_json::json!(["claim", "speculation"])
    );
    assert_eq!(json["annotations"][1]["labels"], serde_json::json!([]));
    // A CSV export made before several labels is still ours to replace.
    assert!(is_own_output(
        "section,label,passage,note,annotator,status,id\r\n"
    ));
}

#[test]
fn the_export_header_names_the_format_as_exports_always_have() {
    for (format, name) in [
        (Format::Markdown, "markdown"),
        (Format::PlainText, "plain text"),
    ] {
        let header = markdown::Header {
            version: markdown::EXPORT_VERSION,
            article: "a.txt".into(),
            format,
            style: MarkerStyle::Markers,
        };
        let json = serde_json::to_string(&header).unwrap();
        assert!(json.contains(&format!("\"format\":\"{name}\"")), "{json}");
        let read: markdown::Header = serde_json::from_str(&json).unwrap();
        assert_eq!(read.format, format);
    }
    let unknown = r#"{"version":1,"article":"a","format":"rtf","style":"markers"}"#;
    assert!(serde_json::from_str::<markdown::Header>(unknown).is_err());
}

#[test]
fn import_refuses_what_it_cannot_read() {
    assert!(matches!(
        parse_export("# Just notes\n"),
        Err(ImportError::NotAnExport)
    ));
    let newer = "<!-- marginalia-export {\"version\":9} -->\n";
    assert!(matches!(
        parse_export(newer),
        Err(ImportError::NewerVersion { found: 9 })
    ));
    let dir = tempfile::tempdir().unwrap();
    let bike = article("bike", Format::Markdown, BIKE_LANES);
    let store = store_with(&dir, &bike, &bike_lanes_specs(), false);
    let exported = export_markdown(&bike, &store, BIKE_LANES_PATH);
    let cut = &exported[..exported.find(markdown::APPENDIX_LINE).unwrap()];
    assert!(matches!(parse_export(cut), Err(ImportError::Damaged(_))));
}

#[test]
fn a_passage_whose_markers_were_edited_away_is_found_by_its_quote() {
    let dir = tempfile::tempdir().unwrap();
    let bike = article("bike", Format::Markdown, BIKE_LANES);
    let specs = [spec("claim", "Wyvern Avenue cost $1.9 million", "")];
    let store = store_with(&dir, &bike, &specs, false);
    let exported = export_markdown(&bike, &store, BIKE_LANES_PATH)
        .replace("⟦◆ claim 1⟧", "")
        .replace("⟦/1⟧", "");
    let imported = parse_export(&exported).unwrap();
    let (annotations, missing) = imported.anchored_on(&bike.text);
    assert_eq!(missing, 0);
    assert_eq!(annotations[0].anchor, store.annotations()[0].anchor);
}

#[test]
fn import_reanchors_on_an_edited_article() {
    let dir = tempfile::tempdir().unwrap();
    let bike = article("bike", Format::Markdown, BIKE_LANES);
    let specs = [spec("opinion", "Boring is what works.", "")];
    let store = store_with(&dir, &bike, &specs, false);
    let imported = parse_export(&export_markdown(&bike, &store, BIKE_LANES_PATH)).unwrap();
    let edited = bike.text.replacen("Every few years", "Every so often", 1);
    let (annotations, missing) = imported.anchored_on(&edited);
    assert_eq!(missing, 0);
    let anchor = &annotations[0].anchor;
    assert_eq!(&edited[anchor.start..anchor.end], "Boring is what works.");
}

mod command_line {
    use super::*;
    use crate::cli::export::{
        ExportArgs, ExportFormat, ImportArgs, StatsArgs, run_export, run_import, run_stats,
    };

    fn setup() -> (tempfile::TempDir, std::path::PathBuf, std::path::PathBuf) {
        let dir = tempfile::tempdir().unwrap();
        let article_path = dir.path().join("bike.md");
        std::fs::write(&article_path, BIKE_LANES).unwrap();
        let bike = article("bike", Format::Markdown, BIKE_LANES);
        let store = store_with(&dir, &bike, &bike_lanes_specs(), true);
        (dir, article_path, store.path().to_path_buf())
    }

    fn export_args(article: &Path, output: Option<&Path>, format: ExportFormat) -> ExportArgs {
        ExportArgs {
            article: article.to_path_buf(),
            output: output.map(Path::to_path_buf),
            format,
            criticmarkup: false,
            force: false,
        }
    }

    #[test]
    fn export_writes_stdout_or_a_file_and_spares_foreign_files() {
        let (dir, article, annotations) = setup();
        let config = Config::default();
        let mut stdout = Vec::new();
        let args = export_args(&article, None, ExportFormat::Markdown);
        run_export(&args, Some(&annotations), &config, &mut stdout).unwrap();
        assert!(String::from_utf8(stdout).unwrap().contains("⟦◆ claim 1⟧"));

        let out = dir.path().join("notes.md");
        std::fs::write(&out, "my own notes\n").unwrap();
        let mut args = export_args(&article, Some(&out), ExportFormat::Markdown);
        let error = run_export(&args, Some(&annotations), &config, &mut Vec::new()).unwrap_err();
        assert!(error.to_string().contains("--force"), "{error}");
        assert_eq!(std::fs::read_to_string(&out).unwrap(), "my own notes\n");
        args.force = true;
        run_export(&args, Some(&annotations), &config, &mut Vec::new()).unwrap();
        // An earlier export, of any format, is replaced without --force.
        for format in [
            ExportFormat::Csv,
            ExportFormat::Json,
            ExportFormat::Markdown,
        ] {
            let args = export_args(&article, Some(&out), format);
            run_export(&args, Some(&annotations), &config, &mut Vec::new()).unwrap();
        }
        assert!(
            std::fs::read_to_string(&out)
                .unwrap()
                .contains("## Annotations")
        );
    }

    #[test]
    fn import_writes_the_annotation_file_and_never_replaces_one() {
        let (dir, article, annotations) = setup();
        let config = Config::default();
        let exported = dir.path().join("bike.export.md");
        let args = export_args(&article, Some(&exported), ExportFormat::Markdown);
        run_export(&args, Some(&annotations), &config, &mut Vec::new()).unwrap();

        // The article moved with the export: found beside it.
        let target = dir.path().join("imported.json");
        let mut args = ImportArgs {
            exported: exported.clone(),
            format: None,
            article: None,
            output: Some(target.clone()),
            force: false,
        };
        let mut said = Vec::new();
        run_import(&args, None, &config, &mut said).unwrap();
        let said = String::from_utf8(said).unwrap();
        assert!(
            said.starts_with("imported 15 annotations into ")
                && said.ends_with(" (1 whose passage is no longer in the article)\n"),
            "{said}"
        );
        let text = article_text(&article);
        let original = Store::open(&annotations, &text).unwrap();
        let imported = Store::open(&target, &text).unwrap();
        assert_eq!(
            summary(imported.annotations()),
            summary(original.annotations())
        );

        let error = run_import(&args, None, &config, &mut Vec::new()).unwrap_err();
        assert!(
            error.to_string().contains("already holds annotations"),
            "{error}"
        );
        args.force = true;
        run_import(&args, None, &config, &mut Vec::new()).unwrap();
    }

    fn article_text(path: &Path) -> std::sync::Arc<str> {
        crate::article::load_path(path).unwrap().text
    }

    #[test]
    fn stats_print_a_table_or_json() {
        let (_dir, article, annotations) = setup();
        let config = Config::default();
        let mut table = Vec::new();
        let args = StatsArgs {
            article: article.clone(),
            json: false,
        };
        run_stats(&args, Some(&annotations), &config, &mut table).unwrap();
        let table = String::from_utf8(table).unwrap();
        assert!(
            table.starts_with("The Case for Boring Bike Lanes\n"),
            "{table}"
        );
        assert!(table.contains("1 orphaned"), "{table}");
        let mut json = Vec::new();
        let args = StatsArgs {
            article,
            json: true,
        };
        run_stats(&args, Some(&annotations), &config, &mut json).unwrap();
        let stats: serde_json::Value = serde_json::from_slice(&json).unwrap();
        // The passage with two labels is one annotation, counted under
        // each label; the plain note under none.
        assert_eq!(stats["total"]["annotations"], 14);
        assert_eq!(stats["orphans"], 1);
        let count = |label: &str| {
            let names = stats["labels"].as_array().unwrap();
            let at = names.iter().position(|n| n == label).unwrap();
            stats["total"]["labels"][at]["count"].clone()
        };
        assert_eq!(
            (count("opinion"), count("speculation")),
            (4.into(), 4.into())
        );
    }
}

/// The reader lets go of a plain-text article's source: its export must
/// not need it (it is written from the reading text).
#[test]
fn a_plain_text_export_is_the_same_without_the_source() {
    let dir = tempfile::tempdir().unwrap();
    let mut week = article("week", Format::PlainText, FOUR_DAY_WEEK);
    let specs = [spec("claim", "Forty-six employers took part", "A note.")];
    let store = store_with(&dir, &week, &specs, false);
    let with_source = export_markdown(&week, &store, FOUR_DAY_WEEK_PATH);
    week.forget_plain_source();
    assert!(week.source.is_empty());
    assert_eq!(
        export_markdown(&week, &store, FOUR_DAY_WEEK_PATH),
        with_source
    );
    // Markdown keeps its source, which its export reads.
    let mut phones = article("phones", Format::Markdown, PHONES);
    phones.forget_plain_source();
    assert!(!phones.source.is_empty());
}
