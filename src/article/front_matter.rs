//! Front matter: reading the metadata block that opens a markdown article
//! (YAML `---` or TOML `+++`), and writing the YAML block marginalia saves
//! web articles with. What [`write`] produces, [`read`] gives back exactly.

use pulldown_cmark::MetadataBlockKind;

use super::Metadata;
use super::sanitize::visible_line;

/// The YAML front matter for `meta`, fences included: title first, then
/// each field that has a value, one double-quoted line each.
pub fn write(meta: &Metadata) -> String {
    let mut out = String::from("---\n");
    let mut field = |key: &str, value: &str| {
        out.push_str(key);
        out.push_str(": ");
        out.push_str(&yaml_quoted(&one_line(value)));
        out.push('\n');
    };
    field("title", &meta.title);
    let optional = [
        ("subtitle", &meta.subtitle),
        ("author", &meta.author),
        ("date", &meta.date),
        ("site", &meta.site),
        ("source_url", &meta.source_url),
        ("fetched_at", &meta.fetched_at),
    ];
    for (key, value) in optional {
        if let Some(value) = value.as_deref().filter(|v| !one_line(v).is_empty()) {
            field(key, value);
        }
    }
    if !meta.tags.is_empty() {
        let tags: Vec<String> = meta
            .tags
            .iter()
            .map(|t| yaml_quoted(&one_line(t)))
            .collect();
        out.push_str(&format!("tags: [{}]\n", tags.join(", ")));
    }
    out.push_str("---\n");
    out
}

/// A YAML double-quoted scalar: quotes and backslashes escaped, and any
/// control character (there should be none after [`one_line`]) as `\u`.
fn yaml_quoted(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Metadata text as one safe, trimmed line.
pub(super) fn one_line(text: &str) -> String {
    visible_line(text.trim()).trim().to_string()
}

/// A front matter value, as far as metadata cares.
#[derive(Debug, PartialEq)]
enum FieldValue {
    Text(String),
    List(Vec<String>),
}

impl FieldValue {
    fn joined(self) -> String {
        match self {
            FieldValue::Text(text) => text,
            FieldValue::List(items) => items.join(", "),
        }
    }

    /// The items of a list, or of a comma-separated text.
    fn items(self) -> Vec<String> {
        match self {
            FieldValue::Text(text) => text.split(',').map(str::to_string).collect(),
            FieldValue::List(items) => items,
        }
    }
}

/// Fills `meta` from front matter; false when it is not front matter at
/// all: TOML that does not parse, or YAML without a single `key:` line.
pub(super) fn read(kind: MetadataBlockKind, content: &str, meta: &mut Metadata) -> bool {
    let fields = match kind {
        MetadataBlockKind::YamlStyle => yaml_fields(content),
        MetadataBlockKind::PlusesStyle => match content.parse::<toml::Table>() {
            Ok(table) => {
                apply_fields(meta, toml_fields(&table));
                return true;
            }
            Err(_) => return false,
        },
    };
    if fields.is_empty() {
        return false;
    }
    apply_fields(meta, fields);
    true
}

fn apply_fields<'a>(meta: &mut Metadata, fields: impl IntoIterator<Item = (&'a str, FieldValue)>) {
    let non_empty = |text: String| Some(one_line(&text)).filter(|t| !t.is_empty());
    let mut authors = None;
    for (key, value) in fields {
        match key.to_ascii_lowercase().as_str() {
            "title" => meta.title = one_line(&value.joined()),
            "author" => meta.author = non_empty(value.joined()),
            "authors" => authors = non_empty(value.joined()),
            "date" => meta.date = non_empty(value.joined()),
            "subtitle" => meta.subtitle = non_empty(value.joined()),
            "site" => meta.site = non_empty(value.joined()),
            "source_url" | "url" => meta.source_url = non_empty(value.joined()),
            "fetched_at" => meta.fetched_at = non_empty(value.joined()),
            "tags" => {
                meta.tags = value.items().into_iter().filter_map(non_empty).collect();
            }
            _ => {}
        }
    }
    // `author` is the more specific of the two when both are given.
    if meta.author.is_none() {
        meta.author = authors;
    }
}

/// The top-level fields of TOML front matter, and Zola's `[taxonomies] tags`.
fn toml_fields(table: &toml::Table) -> Vec<(&str, FieldValue)> {
    let mut fields: Vec<_> = table
        .iter()
        .filter_map(|(key, value)| Some((key.as_str(), toml_value(value)?)))
        .collect();
    let taxonomy_tags = table
        .get("taxonomies")
        .and_then(|t| t.get("tags"))
        .and_then(toml_value);
    if let (false, Some(tags)) = (table.contains_key("tags"), taxonomy_tags) {
        fields.push(("tags", tags));
    }
    fields
}

fn toml_value(value: &toml::Value) -> Option<FieldValue> {
    let text = match value {
        toml::Value::String(text) => text.clone(),
        toml::Value::Integer(number) => number.to_string(),
        toml::Value::Float(number) => number.to_string(),
        toml::Value::Boolean(flag) => flag.to_string(),
        toml::Value::Datetime(date) => date.to_string(),
        toml::Value::Array(items) => {
            let texts = items.iter().filter_map(|item| match toml_value(item)? {
                FieldValue::Text(text) => Some(text),
                FieldValue::List(_) => None,
            });
            return Some(FieldValue::List(texts.collect()));
        }
        toml::Value::Table(_) => return None,
    };
    Some(FieldValue::Text(text))
}

/// The top-level `key: value` fields of YAML front matter: plain and quoted
/// scalars (which may continue on indented lines), `[a, b]` flow lists and
/// `- item` block lists. Nested mappings and other structures are skipped,
/// never guessed at.
fn yaml_fields(yaml: &str) -> Vec<(&str, FieldValue)> {
    let lines: Vec<&str> = yaml.lines().collect();
    let mut fields = Vec::new();
    let mut next = 0;
    while next < lines.len() {
        let line = lines[next];
        next += 1;
        if is_indented(line) || is_blank_or_comment(line) {
            continue;
        }
        let Some((key, rest)) = yaml_key(line) else {
            continue;
        };
        // A key's value may go on over indented lines, and a block list
        // may also sit at the key's own indentation.
        let body_start = next;
        while next < lines.len()
            && (is_indented(lines[next])
                || is_blank_or_comment(lines[next])
                || is_list_item(lines[next]))
        {
            next += 1;
        }
        if let Some(value) = yaml_value(rest.trim(), &lines[body_start..next]) {
            fields.push((key, value));
        }
    }
    fields
}

fn is_indented(line: &str) -> bool {
    line.starts_with([' ', '\t'])
}

fn is_blank_or_comment(line: &str) -> bool {
    let line = line.trim_start();
    line.is_empty() || line.starts_with('#')
}

fn is_list_item(line: &str) -> bool {
    let line = line.trim_start();
    line == "-" || line.starts_with("- ")
}

/// Splits `key: rest` at the colon that ends the key (one followed by a
/// space or the line's end, so `time: 10:30` keeps its value whole).
fn yaml_key(line: &str) -> Option<(&str, &str)> {
    if is_list_item(line) {
        return None;
    }
    let colon = line.match_indices(':').map(|(at, _)| at).find(|&at| {
        let after = &line[at + 1..];
        after.is_empty() || after.starts_with([' ', '\t'])
    })?;
    let key = line[..colon].trim();
    let key = ['"', '\'']
        .iter()
        .find_map(|&q| key.strip_prefix(q)?.strip_suffix(q))
        .unwrap_or(key);
    (!key.is_empty()).then_some((key, &line[colon + 1..]))
}

fn yaml_value(rest: &str, body: &[&str]) -> Option<FieldValue> {
    let body_lines = body
        .iter()
        .filter(|line| !is_blank_or_comment(line))
        .map(|line| line.trim());
    if rest.is_empty() {
        return yaml_block_list(body_lines);
    }
    // `|` and `>` block scalars: metadata is one line, so fold them.
    if rest.starts_with(['|', '>']) {
        return Some(FieldValue::Text(body_lines.collect::<Vec<_>>().join(" ")));
    }
    let mut full = rest.to_string();
    for line in body_lines {
        full.push(' ');
        full.push_str(line);
    }
    if full.starts_with('[') {
        Some(FieldValue::List(yaml_flow_list(&full)))
    } else {
        Some(FieldValue::Text(yaml_scalar(&full)))
    }
}

/// `- item` lines; an item may go on over the lines after it. `None` when
/// the lines are something else, such as a nested mapping.
fn yaml_block_list<'a>(lines: impl Iterator<Item = &'a str>) -> Option<FieldValue> {
    let mut items: Vec<String> = Vec::new();
    for line in lines {
        if let Some(item) = line.strip_prefix('-').filter(|_| is_list_item(line)) {
            items.push(item.trim().to_string());
        } else {
            let current = items.last_mut()?;
            current.push(' ');
            current.push_str(line);
        }
    }
    if items.is_empty() {
        return None;
    }
    let scalars = items
        .iter()
        // A plain item with `key: value` is a mapping, not a name or tag.
        .filter(|item| item.starts_with(['"', '\'']) || yaml_key(item).is_none())
        .map(|item| yaml_scalar(item))
        .filter(|item| !item.is_empty());
    Some(FieldValue::List(scalars.collect()))
}

/// The items of `[a, "b, c", 'd']`, up to the closing bracket.
fn yaml_flow_list(text: &str) -> Vec<String> {
    let inner = text.strip_prefix('[').unwrap_or(text);
    let mut items = Vec::new();
    let mut item_start = 0;
    let mut quote: Option<char> = None;
    let mut escaped = false;
    for (at, c) in inner.char_indices() {
        match quote {
            Some('"') if escaped => escaped = false,
            Some('"') if c == '\\' => escaped = true,
            Some(q) if c == q => quote = None,
            Some(_) => {}
            None if c == '"' || c == '\'' => quote = Some(c),
            None if c == ',' || c == ']' => {
                items.push(yaml_scalar(&inner[item_start..at]));
                item_start = at + 1;
                if c == ']' {
                    break;
                }
            }
            None => {}
        }
    }
    if quote.is_none() && !inner.contains(']') {
        items.push(yaml_scalar(&inner[item_start..]));
    }
    items.retain(|item| !item.is_empty());
    items
}

/// One scalar: double-quoted (with escapes), single-quoted, or plain (a
/// ` #` starts a comment; `~` and `null` are nothing).
fn yaml_scalar(text: &str) -> String {
    let text = text.trim();
    if let Some(quoted) = text.strip_prefix('"') {
        return yaml_double_quoted(quoted);
    }
    if let Some(quoted) = text.strip_prefix('\'') {
        let mut out = String::new();
        let mut chars = quoted.chars().peekable();
        while let Some(c) = chars.next() {
            if c == '\'' {
                if chars.peek() != Some(&'\'') {
                    break;
                }
                chars.next();
            }
            out.push(c);
        }
        return out;
    }
    let plain = text
        .find(" #")
        .map_or(text, |comment| &text[..comment])
        .trim_end();
    match plain {
        "~" | "null" | "Null" | "NULL" => String::new(),
        _ => plain.to_string(),
    }
}

/// The body of a double-quoted scalar, up to its closing quote. Escapes
/// that produce control characters are kept; the caller makes them visible.
fn yaml_double_quoted(quoted: &str) -> String {
    let mut out = String::new();
    let mut chars = quoted.chars();
    while let Some(c) = chars.next() {
        match c {
            '"' => break,
            '\\' => {
                let Some(escape) = chars.next() else { break };
                let hex_digits = match escape {
                    'x' => 2,
                    'u' => 4,
                    'U' => 8,
                    _ => 0,
                };
                if hex_digits > 0 {
                    let hex: String = chars.by_ref().take(hex_digits).collect();
                    let decoded = u32::from_str_radix(&hex, 16).ok().and_then(char::from_u32);
                    out.push(decoded.unwrap_or(char::REPLACEMENT_CHARACTER));
                    continue;
                }
                out.push(match escape {
                    'n' => '\n',
                    't' => '\t',
                    'r' => '\r',
                    '0' => '\0',
                    'e' => '\u{1b}',
                    'a' => '\u{7}',
                    'b' => '\u{8}',
                    '_' => '\u{a0}',
                    other => other,
                });
            }
            other => out.push(other),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read_back(front: &str) -> Metadata {
        let inner = front
            .strip_prefix("---\n")
            .and_then(|f| f.strip_suffix("---\n"))
            .expect("fenced");
        let mut meta = Metadata::default();
        assert!(read(MetadataBlockKind::YamlStyle, inner, &mut meta));
        meta
    }

    #[test]
    fn written_front_matter_reads_back_the_same() {
        let meta = Metadata {
            title: r#"He said "no": a \ backslash, a # hash, and: colons"#.to_string(),
            subtitle: Some("A dek".to_string()),
            author: Some("Ana O'Neil, Bo Li".to_string()),
            date: Some("2024-03-01T09:00:00Z".to_string()),
            site: Some("The Example Times".to_string()),
            source_url: Some("https://example.com/a?b=1&c=2#frag".to_string()),
            fetched_at: Some("2026-12-01T08:00:00Z".to_string()),
            tags: vec!["politics".to_string(), "a, b".to_string()],
        };
        assert_eq!(read_back(&write(&meta)), meta);
    }

    #[test]
    fn control_characters_never_reach_the_file() {
        let meta = Metadata {
            title: "Bell\u{7} and escape\u{1b}[31m red\u{202e}".to_string(),
            ..Metadata::default()
        };
        let written = write(&meta);
        assert!(
            !written.chars().any(|c| c.is_control() && c != '\n'),
            "{written:?}"
        );
        assert_eq!(read_back(&written).title, one_line(&meta.title));
    }

    #[test]
    fn yaml_scalars_lists_and_folded_values() {
        let fields = yaml_fields(
            "title: >\n  A folded\n  title\nauthor: Plain Name\ntags: one, two\n\
             keywords:\n- a\n- b\nlinks:\n  - name: x\n    url: y\nempty:\n",
        );
        assert_eq!(
            fields,
            vec![
                ("title", FieldValue::Text("A folded title".into())),
                ("author", FieldValue::Text("Plain Name".into())),
                ("tags", FieldValue::Text("one, two".into())),
                ("keywords", FieldValue::List(vec!["a".into(), "b".into()])),
                ("links", FieldValue::List(vec![])),
            ]
        );
        let mut meta = Metadata::default();
        apply_fields(&mut meta, fields);
        assert_eq!(meta.tags, ["one", "two"]);
        assert_eq!(yaml_scalar(r#""tab\tquote\" \u00e9""#), "tab\tquote\" é");
        assert_eq!(yaml_scalar("~"), "");
        assert_eq!(yaml_key("time: 10:30"), Some(("time", " 10:30")));
        assert_eq!(yaml_key("url:http://x"), None);
        assert_eq!(yaml_key("東京: 市場"), Some(("東京", " 市場")));
        assert_eq!(yaml_key("1. 東京"), None);
    }
}
