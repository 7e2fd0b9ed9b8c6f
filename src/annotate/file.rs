//! The annotations file: pretty JSON a person can read, diff and mend.
//!
//! ```json
//! {
//!   "schema": 2,
//!   "article": { "title": "…", "path": "op-ed.md", "content_hash": "sha256:…" },
//!   "key": false,
//!   "annotations": [ { "id": "…", "labels": ["claim", "opinion"], … } ]
//! }
//! ```
//!
//! Schema 1 gave each annotation one `"label"`; such files still read (the
//! label becomes a one-label list), and are written as schema 2 on their
//! next save.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::{Annotation, Extra};

/// The file layout this version writes.
pub const SCHEMA: u32 = 2;

/// The oldest layout this version still reads (one label per annotation).
pub const OLDEST_SCHEMA: u32 = 1;

/// What the annotations were made on.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ArticleInfo {
    pub title: String,
    /// The article's path as the reader gave it.
    pub path: String,
    /// [`content_hash`] of the reading text when the file was last saved.
    pub content_hash: String,
    /// Fields this version does not know, written back on save.
    #[serde(flatten)]
    pub extra: Extra,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AnnotationFile {
    pub schema: u32,
    pub article: ArticleInfo,
    /// True for a teacher's answer key.
    pub key: bool,
    /// Whose file this is: the name a student gave when asked, so reports
    /// never fall back to a login name such as "reader".
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub annotator: String,
    /// When a student handed the file in; a submitted file is never changed.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "time::serde::rfc3339::option"
    )]
    pub submitted: Option<time::OffsetDateTime>,
    pub annotations: Vec<Annotation>,
    /// Top-level fields this version does not know, written back on save.
    /// (Read separately, see [`AnnotationFile::parse`]: flattening the whole
    /// file would blur where damage is.)
    #[serde(skip)]
    pub extra: Extra,
}

/// Why a file's bytes are not an annotations file this version can use.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ParseError {
    #[error("damaged at line {line}, column {column}: {message}")]
    Damaged {
        line: usize,
        column: usize,
        message: String,
    },
    #[error(
        "written by a newer marginalia (schema {found}; this version reads schemas {OLDEST_SCHEMA} to {SCHEMA})"
    )]
    UnsupportedSchema { found: u64 },
    #[error(
        "has schema {found}, which no marginalia writes (this version reads schemas {OLDEST_SCHEMA} to {SCHEMA}); it may come from another tool"
    )]
    UnknownSchema { found: u64 },
}

impl Default for AnnotationFile {
    fn default() -> Self {
        AnnotationFile {
            schema: SCHEMA,
            article: ArticleInfo::default(),
            key: false,
            annotator: String::new(),
            submitted: None,
            annotations: Vec::new(),
            extra: Extra::new(),
        }
    }
}

impl AnnotationFile {
    /// Parses a file's bytes. Blank content is an empty file, not damage:
    /// there is nothing in it to lose.
    pub fn parse(bytes: &[u8]) -> Result<Self, ParseError> {
        if bytes.iter().all(u8::is_ascii_whitespace) {
            return Ok(AnnotationFile::default());
        }
        match serde_json::from_slice::<AnnotationFile>(bytes) {
            Ok(mut file) if (OLDEST_SCHEMA..=SCHEMA).contains(&file.schema) => {
                file.extra = unknown_top_level_fields(bytes);
                // Read into this version's types, it is this version's layout.
                file.schema = SCHEMA;
                Ok(file)
            }
            Ok(file) => Err(schema_error(file.schema.into())),
            // A newer layout may not fit these types at all, so its schema
            // number is read on its own before calling the file damaged.
            Err(error) => match schema_of(bytes) {
                Some(found) if !(u64::from(OLDEST_SCHEMA)..=u64::from(SCHEMA)).contains(&found) => {
                    Err(schema_error(found))
                }
                _ => Err(ParseError::Damaged {
                    line: error.line(),
                    column: error.column(),
                    message: describe(&error),
                }),
            },
        }
    }

    /// The file's text: pretty JSON ending in a newline, with every control
    /// character escaped (it reads back the same). Unknown top-level fields
    /// come last.
    pub fn to_json(&self) -> String {
        let json = crate::output::json(self).expect("annotations always serialize to JSON");
        if self.extra.is_empty() {
            return json;
        }
        let Some(body) = json.trim_end().strip_suffix('}') else {
            return json;
        };
        let mut out = body.trim_end().to_string();
        for (key, value) in &self.extra {
            let pair = crate::output::json(&serde_json::json!({ key: value }))
                .expect("JSON values serialize");
            // `{\n  "key": value\n}\n` without its braces, already indented.
            let inner = pair
                .trim_end()
                .trim_start_matches('{')
                .trim_end_matches('}');
            out.push(',');
            out.push_str(inner.trim_end());
        }
        out.push_str("\n}\n");
        out
    }
}

/// A schema this version cannot read: newer, or one marginalia never wrote
/// (schemas start at [`OLDEST_SCHEMA`]).
fn schema_error(found: u64) -> ParseError {
    if found > u64::from(SCHEMA) {
        ParseError::UnsupportedSchema { found }
    } else {
        ParseError::UnknownSchema { found }
    }
}

/// The fields [`AnnotationFile`] has (checked against its serialization in
/// the tests).
const KNOWN: [&str; 6] = [
    "schema",
    "article",
    "key",
    "annotator",
    "submitted",
    "annotations",
];

/// The fields at the top of a file that [`AnnotationFile`] does not have.
/// Their names are read first, cheaply; values only when there are some.
fn unknown_top_level_fields(bytes: &[u8]) -> Extra {
    let names: std::collections::HashMap<String, serde::de::IgnoredAny> =
        serde_json::from_slice(bytes).unwrap_or_default();
    if names.keys().all(|name| KNOWN.contains(&name.as_str())) {
        return Extra::new();
    }
    let mut all: Extra = serde_json::from_slice(bytes).unwrap_or_default();
    all.retain(|name, _| !KNOWN.contains(&name.as_str()));
    all
}

fn schema_of(bytes: &[u8]) -> Option<u64> {
    #[derive(Deserialize)]
    struct Probe {
        schema: u64,
    }
    serde_json::from_slice::<Probe>(bytes)
        .ok()
        .map(|p| p.schema)
}

/// serde_json's message without its trailing " at line L column C", which
/// [`ParseError::Damaged`] already says.
fn describe(error: &serde_json::Error) -> String {
    let message = error.to_string();
    let position = format!(" at line {} column {}", error.line(), error.column());
    message
        .strip_suffix(&position)
        .unwrap_or(&message)
        .to_string()
}

/// Where an article's annotations live by default: beside it, named after
/// the whole file name (`op-ed.md` → `op-ed.md.marginalia.json`), so
/// `op-ed.md` and `op-ed.txt` never share one.
pub fn sidecar_path(article_path: &Path) -> PathBuf {
    let mut name = article_path
        .file_name()
        .map(|n| n.to_os_string())
        .unwrap_or_default();
    name.push(".marginalia.json");
    article_path.with_file_name(name)
}

/// `sha256:` and the hex digest of a reading text.
pub fn content_hash(text: &str) -> String {
    let digest = Sha256::digest(text.as_bytes());
    let mut hash = String::with_capacity(7 + 64);
    hash.push_str("sha256:");
    for byte in digest {
        hash.push_str(&format!("{byte:02x}"));
    }
    hash
}

#[cfg(test)]
mod tests {
    use time::{OffsetDateTime, UtcOffset};

    use super::*;
    use crate::annotate::Anchor;

    fn sample() -> AnnotationFile {
        let text = "Rents in 東京 will double 🏠 by 2030, the minister said.";
        let start = text.find("Rents").unwrap();
        let end = text.find(',').unwrap();
        AnnotationFile {
            schema: SCHEMA,
            article: ArticleInfo {
                title: "Housing \"crisis\"".into(),
                path: "articles/housing.md".into(),
                content_hash: content_hash(text),
                extra: Extra::new(),
            },
            key: true,
            annotator: "Ada Lovelace".into(),
            submitted: Some(time::OffsetDateTime::from_unix_timestamp(1_740_821_400).unwrap()),
            annotations: vec![Annotation {
                id: "a1b2c3d4e5f6".into(),
                labels: vec!["speculation".into(), "claim".into()],
                note: "Which minister?\nNo source.".into(),
                annotator: "Ada".into(),
                // 2026-03-01T09:30:00Z, and a day later in UTC+1.
                created: OffsetDateTime::from_unix_timestamp(1_772_357_400).unwrap(),
                modified: OffsetDateTime::from_unix_timestamp(1_772_443_800)
                    .unwrap()
                    .to_offset(UtcOffset::from_hms(1, 0, 0).unwrap()),
                anchor: Anchor::new(text, start..end).unwrap(),
                extra: Extra::new(),
            }],
            extra: Extra::new(),
        }
    }

    #[test]
    fn the_known_top_level_fields_are_the_serialized_ones() {
        let json = serde_json::to_value(sample()).unwrap();
        let mut written: Vec<&str> = json
            .as_object()
            .unwrap()
            .keys()
            .map(|k| k.as_str())
            .collect();
        let mut known = KNOWN.to_vec();
        written.sort();
        known.sort();
        assert_eq!(written, known);
    }

    #[test]
    fn unknown_top_level_fields_come_back_last() {
        let json =
            sample()
                .to_json()
                .replacen("{\n", "{\n  \"x_layers\": [1, {\"a\": null}],\n", 1);
        let file = AnnotationFile::parse(json.as_bytes()).unwrap();
        assert_eq!(file.extra["x_layers"][0], 1);
        let again = file.to_json();
        assert!(
            again
                .trim_end()
                .ends_with("\"x_layers\": [\n    1,\n    {\n      \"a\": null\n    }\n  ]\n}"),
            "{again}"
        );
        assert_eq!(AnnotationFile::parse(again.as_bytes()).unwrap(), file);
    }

    #[test]
    fn round_trip_is_lossless() {
        let file = sample();
        let json = file.to_json();
        assert_eq!(AnnotationFile::parse(json.as_bytes()).unwrap(), file);
    }

    #[test]
    fn layout_is_readable_json_with_rfc3339_times() {
        let json = sample().to_json();
        assert!(json.starts_with("{\n  \"schema\": 2,\n  \"article\": {\n    \"title\""));
        assert!(json.contains("\"created\": \"2026-03-01T09:30:00Z\""));
        assert!(json.contains("\"modified\": \"2026-03-02T10:30:00+01:00\""));
        assert!(json.contains("\"content_hash\": \"sha256:"));
        assert!(json.contains("\"char_start\": 0"));
        assert!(json.ends_with("}\n"));
    }

    #[test]
    fn damage_is_located() {
        let json = sample()
            .to_json()
            .replacen("\"key\": true,", "\"key\": true", 1);
        let ParseError::Damaged {
            line,
            column,
            message,
        } = AnnotationFile::parse(json.as_bytes()).unwrap_err()
        else {
            panic!("expected damage");
        };
        assert_eq!(line, 9, "the missing comma shows on the next line");
        assert!(column > 0);
        assert!(message.contains("expected"), "{message}");
        assert!(!message.contains("at line"), "{message}");
    }

    #[test]
    fn wrong_field_types_are_damage_too() {
        let json = sample()
            .to_json()
            .replace("\"key\": true", "\"key\": \"yes\"");
        assert!(matches!(
            AnnotationFile::parse(json.as_bytes()),
            Err(ParseError::Damaged { line: 8, .. })
        ));
    }

    #[test]
    fn future_schema_is_refused_clearly() {
        let same_shape = sample().to_json().replace("\"schema\": 2", "\"schema\": 3");
        let new_shape = br#"{ "schema": 4, "layers": [] }"#;
        for (bytes, found) in [(same_shape.as_bytes(), 3), (&new_shape[..], 4)] {
            let error = AnnotationFile::parse(bytes).unwrap_err();
            assert_eq!(error, ParseError::UnsupportedSchema { found });
            assert!(error.to_string().contains("newer marginalia"));
        }
    }

    /// A file as marginalia wrote it before several labels: `"schema": 1`
    /// and one `"label"` per annotation.
    fn schema_one(label: &str) -> String {
        let json = sample().to_json().replace("\"schema\": 2", "\"schema\": 1");
        let labels = "\"labels\": [\n        \"speculation\",\n        \"claim\"\n      ]";
        assert!(json.contains(labels), "{json}");
        json.replace(labels, &format!("\"label\": {label:?}"))
    }

    #[test]
    fn schema_one_files_read_with_their_label_and_write_as_schema_two() {
        let file = AnnotationFile::parse(schema_one("speculation").as_bytes()).unwrap();
        assert_eq!(file.schema, SCHEMA);
        let mut expected = sample();
        expected.annotations[0].labels = vec!["speculation".into()];
        assert_eq!(file, expected, "nothing else changes");
        let written = file.to_json();
        assert!(written.starts_with("{\n  \"schema\": 2,"), "{written}");
        assert!(written.contains("\"labels\": [\n        \"speculation\"\n      ]"));
        assert!(!written.contains("\"label\":"), "{written}");
    }

    #[test]
    fn a_blank_schema_one_label_reads_as_a_plain_note() {
        let file = AnnotationFile::parse(schema_one(" ").as_bytes()).unwrap();
        assert!(file.annotations[0].labels.is_empty());
        assert_eq!(file.annotations[0].note, "Which minister?\nNo source.");
    }

    #[test]
    fn labels_are_read_trimmed_once_each_in_order() {
        let json = sample().to_json().replace(
            "\"labels\": [\n        \"speculation\",\n        \"claim\"\n      ]",
            "\"labels\": [\"claim\", \" claim\", \"\", \"opinion\"], \"label\": \"rumour\"",
        );
        let file = AnnotationFile::parse(json.as_bytes()).unwrap();
        assert_eq!(file.annotations[0].labels, ["claim", "opinion", "rumour"]);
    }

    #[test]
    fn blank_file_is_empty_not_damaged() {
        assert_eq!(
            AnnotationFile::parse(b" \n").unwrap(),
            AnnotationFile::default()
        );
    }

    #[test]
    fn sidecar_sits_beside_the_article() {
        assert_eq!(
            sidecar_path(Path::new("news/op-ed.md")),
            PathBuf::from("news/op-ed.md.marginalia.json")
        );
        assert_eq!(
            sidecar_path(Path::new("op-ed.txt")),
            PathBuf::from("op-ed.txt.marginalia.json")
        );
    }

    #[test]
    fn content_hash_is_sha256_hex() {
        assert_eq!(
            content_hash("abc"),
            "sha256:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }
}
