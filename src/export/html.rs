//! The pieces of a printable HTML page: escaping, a self-contained page
//! skeleton with its print styles inline, and label highlights that carry
//! the label's glyph as well as its colour.
//!
//! Shared by `export --format html` and the classroom's `class --html`.
//! Pages built from these make no requests: no scripts, no external style
//! sheets, fonts or images.

use std::fmt::Write as _;

use serde::Deserialize;

use crate::article::sanitize;
use crate::config::LabelDef;

/// The theme whose label colours print well on white paper.
const PRINT_THEME: &str = include_str!("../../themes/light.toml");

/// Styles every page has: readable type, print margins, and colours that
/// survive printing (browsers drop backgrounds unless told otherwise).
const BASE_CSS: &str = r#"
:root { color-scheme: light; --text: #1f2328; --dim: #59636e; --rule: #d0d7de; }
* { box-sizing: border-box; }
html { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
body { margin: 0 auto; max-width: 62rem; padding: 2rem 1.5rem; color: var(--text);
  background: #fff; font: 16px/1.55 Georgia, "DejaVu Serif", "Liberation Serif", serif; }
h1, h2, h3, h4, h5, h6 { font-family: "Helvetica Neue", Arial, "DejaVu Sans", sans-serif;
  line-height: 1.25; break-after: avoid; }
table { border-collapse: collapse; margin: 0.5rem 0; }
th, td { border: 1px solid var(--rule); padding: 0.2rem 0.5rem; text-align: left; vertical-align: top; }
td.count, th.count { text-align: right; font-variant-numeric: tabular-nums; }
pre, code { font-family: "DejaVu Sans Mono", "Liberation Mono", monospace; font-size: 0.9em; }
pre { white-space: pre-wrap; background: #f6f8fa; padding: 0.5rem; }
blockquote { margin: 0.5rem 0; padding-left: 1rem; border-left: 3px solid var(--rule); color: var(--dim); }
.meta { color: var(--dim); font-size: 0.9rem; }
.badge { display: inline-block; white-space: nowrap; border: 1px solid var(--label, var(--rule));
  border-radius: 0.25rem; padding: 0 0.3rem; font: 600 0.8rem/1.4 "Helvetica Neue", Arial, sans-serif;
  color: var(--label, var(--text)); background: #fff; }
mark.passage { color: inherit; background: var(--label-tint, #eee);
  border-bottom: 2px solid var(--label, #666); padding: 0 0.05em; }
mark.passage .glyph { color: var(--label, #666); font-weight: 700; font-size: 0.8em; }
sup.ref { font: 600 0.7rem "Helvetica Neue", Arial, sans-serif; color: var(--label, var(--dim)); }
@page { margin: 18mm 16mm; }
@media print {
  body { max-width: none; padding: 0; font-size: 11pt; }
  a { color: inherit; }
  tr, li, blockquote, aside, figure { break-inside: avoid; }
}
"#;

/// `text` for an HTML text node or a quoted attribute: `& < > " '` as
/// references, and control characters and bidi overrides as visible
/// stand-ins, so nothing a stranger wrote can change the page's markup or
/// reorder what is shown.
pub fn escape(text: &str) -> String {
    let safe = sanitize::visible(text);
    let mut out = String::with_capacity(safe.len() + 16);
    for c in safe.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

/// A whole page: `<head>` with the title, the base styles and `extra_css`,
/// then `body` (already HTML). Nothing in it loads anything else.
pub fn page(title: &str, lang: &str, extra_css: &str, body: &str) -> String {
    let lang = if lang.chars().all(|c| c.is_ascii_alphanumeric() || c == '-') && !lang.is_empty() {
        lang
    } else {
        "en"
    };
    let mut out = String::with_capacity(body.len() + BASE_CSS.len() + extra_css.len() + 512);
    out.push_str("<!DOCTYPE html>\n");
    let _ = write!(
        out,
        "<html lang=\"{lang}\">\n<head>\n<meta charset=\"utf-8\">\n"
    );
    out.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    // Forbids every fetch, so a page is self-contained even if a bug
    // (or an article) slips a URL into it.
    out.push_str(
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:\">\n",
    );
    // Marks the page as marginalia's, which `-o` may replace.
    out.push_str(GENERATOR_META);
    out.push('\n');
    // Without an icon of its own a browser asks the server for one.
    out.push_str("<link rel=\"icon\" href=\"data:,\">\n");
    let _ = write!(out, "<title>{}</title>\n<style>", escape(title));
    out.push_str(BASE_CSS);
    out.push_str(&neutralise_style_end(extra_css));
    out.push_str("</style>\n</head>\n<body>\n");
    out.push_str(body);
    out.push_str("\n</body>\n</html>\n");
    out
}

/// True when `content` is a page [`page`] wrote: its head holds
/// [`GENERATOR_META`] before anything else could.
pub fn is_html_export(content: &str) -> bool {
    content.starts_with("<!DOCTYPE html>")
        && content
            .split("</head>")
            .next()
            .is_some_and(|head| head.contains(GENERATOR_META))
}

/// CSS must not close its own `<style>` element early.
fn neutralise_style_end(css: &str) -> String {
    css.replace("</", "<\\/")
}

/// How one label is drawn on a page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LabelStyle {
    pub name: String,
    pub glyph: String,
    /// A CSS colour, `#rrggbb`.
    pub colour: String,
    /// The class that gives an element this label's colours.
    pub class: String,
}

#[derive(Deserialize)]
struct PrintPalette {
    labels: std::collections::BTreeMap<String, String>,
}

/// The style of every label: its own `color` if it is `#rrggbb`, else the
/// print theme's colour for its name, else the print theme's `other`.
pub fn label_styles(labels: &[LabelDef]) -> Vec<LabelStyle> {
    let palette: PrintPalette = toml::from_str(PRINT_THEME).expect("the light theme parses");
    let fallback = palette
        .labels
        .get("other")
        .cloned()
        .unwrap_or_else(|| "#444444".into());
    labels
        .iter()
        .enumerate()
        .map(|(index, label)| LabelStyle {
            name: label.name.clone(),
            glyph: label.glyph.clone(),
            colour: label
                .color
                .as_deref()
                .filter(|c| is_hex_colour(c))
                .map(str::to_string)
                .or_else(|| {
                    palette
                        .labels
                        .get(&label.name)
                        .filter(|c| is_hex_colour(c))
                        .cloned()
                })
                .unwrap_or_else(|| fallback.clone()),
            // By position: label names are free text, class names are not.
            class: format!("label-{index}"),
        })
        .collect()
}

/// The style for `name`; `None` for a label the configuration does not
/// define (drawn in the page's neutral grey, still with its glyph).
pub fn style_for<'s>(styles: &'s [LabelStyle], name: &str) -> Option<&'s LabelStyle> {
    styles.iter().find(|s| s.name == name)
}

fn is_hex_colour(text: &str) -> bool {
    text.len() == 7 && text.starts_with('#') && text[1..].chars().all(|c| c.is_ascii_hexdigit())
}

/// CSS for the label classes: each sets `--label` (text, borders, glyphs)
/// and `--label-tint` (a light background that keeps text readable).
pub fn label_css(styles: &[LabelStyle]) -> String {
    let mut css = String::new();
    for style in styles {
        let _ = writeln!(
            css,
            ".{} {{ --label: {}; --label-tint: {}; }}",
            style.class,
            style.colour,
            tint(&style.colour)
        );
    }
    css
}

/// `colour` mixed with five parts of white: a highlight background.
fn tint(colour: &str) -> String {
    let channel = |i: usize| u8::from_str_radix(&colour[i..i + 2], 16).unwrap_or(0) as u32;
    let mix = |c: u32| (c + 5 * 255) / 6;
    format!(
        "#{:02x}{:02x}{:02x}",
        mix(channel(1)),
        mix(channel(3)),
        mix(channel(5))
    )
}

/// A badge naming a label, glyph first: `◆ claim`.
pub fn label_badge(style: Option<&LabelStyle>, name: &str, glyph: &str) -> String {
    let class = style.map_or("", |s| s.class.as_str());
    format!(
        "<span class=\"badge {class}\">{} {}</span>",
        escape(glyph),
        escape(name)
    )
}

/// The start of a highlighted passage: a `<mark>` in the label's colours
/// that opens with the label's glyph, so the label is told apart in grey
/// print and by readers who do not see the colour. `title` is the tooltip.
pub fn highlight_open(style: Option<&LabelStyle>, glyph: &str, title: &str) -> String {
    let class = style.map_or("", |s| s.class.as_str());
    format!(
        "<mark class=\"passage {class}\" title=\"{}\"><span class=\"glyph\" aria-hidden=\"true\">{}</span>",
        escape(title),
        escape(glyph)
    )
}

/// The same highlight carried on past markup that cut it (a link, a table
/// cell): the colours without the glyph, which the passage's start shows.
pub fn highlight_continue(style: Option<&LabelStyle>, title: &str) -> String {
    let class = style.map_or("", |s| s.class.as_str());
    format!(
        "<mark class=\"passage {class}\" title=\"{}\">",
        escape(title)
    )
}

/// What [`page`] writes in every page's head.
pub const GENERATOR_META: &str = "<meta name=\"generator\" content=\"marginalia\">";

/// Closes [`highlight_open`] and [`highlight_continue`].
pub const HIGHLIGHT_CLOSE: &str = "</mark>";

#[cfg(test)]
mod tests {
    use super::*;

    fn label(name: &str, glyph: &str, color: Option<&str>) -> LabelDef {
        LabelDef {
            name: name.into(),
            glyph: glyph.into(),
            definition: String::new(),
            color: color.map(str::to_string),
        }
    }

    #[test]
    fn escaping_neutralises_markup_controls_and_bidi() {
        assert_eq!(
            escape("<a href=\"x\">&'</a>"),
            "&lt;a href=&quot;x&quot;&gt;&amp;&#39;&lt;/a&gt;"
        );
        let hostile = escape("a\u{1b}[2Jb\u{202E}c");
        assert!(!hostile.chars().any(sanitize::is_unsafe), "{hostile:?}");
        assert_eq!(hostile, "a␛[2Jb&lt;U+202E&gt;c");
    }

    #[test]
    fn page_is_self_contained_and_its_parts_escaped() {
        let html = page(
            "A <title>",
            "en\"><script>",
            ".x{} </style><script>",
            "<p>body</p>",
        );
        assert!(html.starts_with("<!DOCTYPE html>"));
        assert!(html.contains("<title>A &lt;title&gt;</title>"));
        assert!(
            html.contains("<html lang=\"en\">"),
            "a bad language tag falls back"
        );
        assert_eq!(
            html.matches("</style").count(),
            1,
            "CSS cannot close its element"
        );
        assert!(html.contains("<p>body</p>"));
        assert!(html.contains("@media print"));
        assert!(!html.contains("http://") && !html.contains("https://"));
    }

    #[test]
    fn labels_take_their_own_colour_else_the_print_themes() {
        let styles = label_styles(&[
            label("claim", "◆", None),
            label("rumour", "•", None),
            label("mine", "★", Some("#123456")),
            label("bad", "x", Some("red; } body { display: none")),
        ]);
        assert_eq!(styles[0].colour, "#0072b2");
        assert_eq!(
            styles[1].colour, "#009e73",
            "`other` for names the theme lacks"
        );
        assert_eq!(styles[2].colour, "#123456");
        assert_eq!(styles[3].colour, "#009e73", "only #rrggbb reaches the CSS");
        let css = label_css(&styles);
        assert!(
            css.contains(".label-0 { --label: #0072b2; --label-tint: #d4e7f2; }"),
            "{css}"
        );
        assert_eq!(
            style_for(&styles, "mine").map(|s| s.class.as_str()),
            Some("label-2")
        );
    }

    #[test]
    fn highlights_and_badges_carry_the_glyph() {
        let styles = label_styles(&[label("claim", "◆", None)]);
        let open = highlight_open(style_for(&styles, "claim"), "◆", "claim \"1\"");
        assert_eq!(
            open,
            "<mark class=\"passage label-0\" title=\"claim &quot;1&quot;\"><span class=\"glyph\" aria-hidden=\"true\">◆</span>"
        );
        assert_eq!(
            label_badge(None, "<b>", "•"),
            "<span class=\"badge \">• &lt;b&gt;</span>"
        );
    }
}
