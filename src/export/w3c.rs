//! Annotations as the W3C Web Annotation Data Model (JSON-LD), to and from
//! tools that speak it.
//!
//! Each annotation targets the article's reading text with a
//! `TextQuoteSelector` (the passage, with up to 32 characters of context on
//! each side) and a `TextPositionSelector` (its offsets in Unicode scalar
//! values). Each label is a `TextualBody` with the purpose `tagging`, its note
//! one with the purpose `commenting`; `creator`, `created` and `modified`
//! say who and when. Import reads these, and the shape Hypothesis's API and
//! exports use (`text`, `tags`, `user`, a list of targets), and anchors each
//! quote on the article as the reader re-anchors: found where it was, moved,
//! or a close rewording; what is not found stays an orphan.

use serde_json::{Value, json};
use sha2::{Digest, Sha256};
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

use super::{ImportError, Imported, Listing};
use crate::annotate::{Anchor, Annotation, Store};
use crate::article::Article;
use crate::config::LabelDef;

/// The Web Annotation context every export names.
pub const CONTEXT: &str = "http://www.w3.org/ns/anno.jsonld";
/// Our ids, as IRIs: `urn:marginalia:annotation:` and the store's id.
const ID_PREFIX: &str = "urn:marginalia:annotation:";
const GENERATOR_NAME: &str = "marginalia";

/// `store`'s annotations on `article` as one `AnnotationCollection`.
/// Orphans are included with the selectors they were made with.
pub fn to_w3c(article: &Article, store: &Store, article_path: &str) -> String {
    let listing = Listing::new(article, store);
    // Entries run in text order, so char offsets are counted as they go.
    let mut counted = (0usize, 0usize);
    let placed = listing.placed.iter().filter_map(move |entry| {
        let (byte, chars) = counted;
        let start = entry.range.start;
        let char_start = chars + article.text.get(byte..start)?.chars().count();
        counted = (start, char_start);
        Anchor::with_char_start(&article.text, entry.range.clone(), char_start)
            .map(|anchor| (entry.annotation, anchor))
    });
    let orphans = listing.orphans.iter().map(|a| (*a, a.anchor.clone()));
    let items: Vec<Value> = placed
        .chain(orphans)
        .map(|(annotation, anchor)| annotation_json(annotation, &anchor, article_path))
        .collect();
    let collection = json!({
        "@context": CONTEXT,
        "type": "AnnotationCollection",
        "label": format!("Annotations on {}", article.meta.title),
        "generator": { "type": "Software", "name": GENERATOR_NAME },
        "total": items.len(),
        "first": { "type": "AnnotationPage", "startIndex": 0, "items": items },
    });
    crate::output::json(&collection).expect("JSON values serialize")
}

fn annotation_json(annotation: &Annotation, anchor: &Anchor, source: &str) -> Value {
    let mut body: Vec<Value> = annotation
        .labels
        .iter()
        .map(|label| json!({ "type": "TextualBody", "purpose": "tagging", "value": label }))
        .collect();
    if !annotation.note.trim().is_empty() {
        body.push(json!({
            "type": "TextualBody", "purpose": "commenting", "value": annotation.note,
            "format": "text/plain",
        }));
    }
    json!({
        "id": format!("{ID_PREFIX}{}", annotation.id),
        "type": "Annotation",
        "motivation": if annotation.labels.is_empty() { "commenting" } else { "tagging" },
        "creator": { "type": "Person", "name": annotation.annotator },
        "created": rfc3339(annotation.created),
        "modified": rfc3339(annotation.modified),
        "body": body,
        "target": {
            "source": source,
            "selector": [
                {
                    "type": "TextQuoteSelector",
                    "exact": anchor.quote, "prefix": anchor.prefix, "suffix": anchor.suffix,
                },
                { "type": "TextPositionSelector", "start": anchor.char_start, "end": anchor.char_end },
            ],
        },
    })
}

fn rfc3339(time: OffsetDateTime) -> String {
    time.format(&Rfc3339).unwrap_or_default()
}

/// True when `content` is a collection [`to_w3c`] wrote.
pub(super) fn is_w3c_export(content: &str) -> bool {
    serde_json::from_str::<Value>(content).is_ok_and(|v| {
        v["type"] == "AnnotationCollection" && v["generator"]["name"] == GENERATOR_NAME
    })
}

/// Reads Web Annotations: a collection (its `first` page and the pages
/// after it), a page, a list, or one annotation; or Hypothesis's rows.
/// Every tag is a label, spelled as `labels` spells it when it names one
/// (ignoring case). Annotations with no quote to find, or with neither a
/// tag nor a note, are skipped and counted.
pub fn parse_w3c(text: &str, labels: &[LabelDef]) -> Result<Imported, ImportError> {
    let value: Value =
        serde_json::from_str(text).map_err(|e| ImportError::Damaged(format!("not JSON: {e}")))?;
    let items = items_of(&value)
        .ok_or_else(|| ImportError::Damaged("no annotations in it (expected a W3C AnnotationCollection, AnnotationPage, a list of annotations, or Hypothesis rows)".into()))?;
    let mut imported = Imported {
        article_path: String::new(),
        text: String::new(),
        annotations: Vec::new(),
        skipped: 0,
    };
    for item in items {
        match read_annotation(item, labels) {
            Some((annotation, source)) => {
                if imported.article_path.is_empty() {
                    imported.article_path = source;
                }
                imported.annotations.push(annotation);
            }
            None => imported.skipped += 1,
        }
    }
    Ok(imported)
}

fn items_of(value: &Value) -> Option<Vec<&Value>> {
    if let Some(list) = value.as_array() {
        return Some(list.iter().collect());
    }
    if let Some(rows) = value["rows"].as_array() {
        return Some(rows.iter().collect());
    }
    match value["type"].as_str() {
        Some("AnnotationCollection") => {
            let mut items = Vec::new();
            let mut page = &value["first"];
            while let Some(list) = page["items"].as_array() {
                items.extend(list);
                page = &page["next"];
            }
            Some(items)
        }
        Some("AnnotationPage") => Some(value["items"].as_array()?.iter().collect()),
        Some("Annotation") => Some(vec![value]),
        _ => None,
    }
}

/// One annotation and the source its target names.
fn read_annotation(item: &Value, labels: &[LabelDef]) -> Option<(Annotation, String)> {
    let Target {
        source,
        quote,
        position,
    } = read_target(item)?;
    let (tags, notes) = read_bodies(item);
    let mut own_labels: Vec<String> = Vec::new();
    for tag in tags.iter().map(|t| t.trim()).filter(|t| !t.is_empty()) {
        let name = labels
            .iter()
            .find(|l| l.name.eq_ignore_ascii_case(tag))
            .map_or(tag, |l| l.name.as_str());
        if !own_labels.iter().any(|l| l == name) {
            own_labels.push(name.to_string());
        }
    }
    if own_labels.is_empty() && notes.iter().all(|n| n.trim().is_empty()) {
        return None;
    }
    let (char_start, char_end) = position.unwrap_or((0, 0));
    let anchor = Anchor {
        quote: quote.exact,
        prefix: quote.prefix,
        suffix: quote.suffix,
        // Byte offsets in the article are worked out from the char ones
        // when anchoring (see `Imported::anchored_on`).
        start: 0,
        end: 0,
        char_start,
        char_end: char_end.max(char_start),
        extra: Default::default(),
    };
    let created = date(item, &["created"]);
    let modified = date(item, &["modified", "updated"]).or(created);
    let now = OffsetDateTime::now_utc().replace_nanosecond(0).ok();
    let foreign_id = item["id"].as_str().unwrap_or_default();
    let annotation = Annotation {
        id: own_id(foreign_id, &anchor),
        labels: own_labels,
        note: notes.join("\n\n"),
        annotator: creator(item),
        created: created.or(now)?,
        modified: modified.or(now)?,
        anchor,
        extra: Default::default(),
    };
    Some((annotation, source))
}

struct Quote {
    exact: String,
    prefix: String,
    suffix: String,
}

/// What an annotation's target says: its source, its quote, and the char
/// offsets a `TextPositionSelector` gives.
struct Target {
    source: String,
    quote: Quote,
    position: Option<(usize, usize)>,
}

/// The first target with a `TextQuoteSelector`.
fn read_target(item: &Value) -> Option<Target> {
    let targets = one_or_many(&item["target"]);
    targets.into_iter().find_map(|target| {
        let source = target["source"]
            .as_str()
            .or_else(|| item["uri"].as_str())
            .unwrap_or_default()
            .to_string();
        let selectors = one_or_many(&target["selector"]);
        let quote = selectors
            .iter()
            .find(|s| s["type"] == "TextQuoteSelector")?;
        let exact = quote["exact"].as_str().filter(|q| !q.is_empty())?;
        let text = |key: &str| quote[key].as_str().unwrap_or_default().to_string();
        let position = selectors
            .iter()
            .find(|s| s["type"] == "TextPositionSelector")
            .and_then(|s| Some((s["start"].as_u64()? as usize, s["end"].as_u64()? as usize)));
        Some(Target {
            source,
            quote: Quote {
                exact: exact.to_string(),
                prefix: text("prefix"),
                suffix: text("suffix"),
            },
            position,
        })
    })
}

/// Tags (bodies with the purpose `tagging`, or Hypothesis's `tags`) and
/// notes (other textual bodies, `bodyValue`, or Hypothesis's `text`).
fn read_bodies(item: &Value) -> (Vec<String>, Vec<String>) {
    let mut tags = Vec::new();
    let mut notes = Vec::new();
    for body in one_or_many(&item["body"]) {
        let Some(value) = body["value"].as_str() else {
            continue;
        };
        let purposes = one_or_many(&body["purpose"]);
        if purposes.iter().any(|p| *p == "tagging") {
            tags.push(value.to_string());
        } else if !value.trim().is_empty() {
            notes.push(value.to_string());
        }
    }
    for tag in item["tags"].as_array().into_iter().flatten() {
        if let Some(tag) = tag.as_str() {
            tags.push(tag.to_string());
        }
    }
    for key in ["bodyValue", "text"] {
        if let Some(note) = item[key].as_str().filter(|n| !n.trim().is_empty()) {
            notes.push(note.to_string());
        }
    }
    (tags, notes)
}

/// A W3C `creator` (a name, or an agent with `name` or `nickname`), or
/// Hypothesis's `user_info.display_name` or `user` (`acct:name@host`).
fn creator(item: &Value) -> String {
    let agent = one_or_many(&item["creator"]).into_iter().next();
    let named = agent.and_then(|a| {
        a.as_str()
            .or_else(|| a["name"].as_str())
            .or_else(|| a["nickname"].as_str())
    });
    let hypothesis = item["user_info"]["display_name"].as_str().or_else(|| {
        item["user"].as_str().map(|user| {
            let account = user.strip_prefix("acct:").unwrap_or(user);
            account.split('@').next().unwrap_or(account)
        })
    });
    named.or(hypothesis).unwrap_or_default().to_string()
}

fn date(item: &Value, keys: &[&str]) -> Option<OffsetDateTime> {
    keys.iter()
        .find_map(|key| item[*key].as_str())
        .and_then(|text| OffsetDateTime::parse(text, &Rfc3339).ok())
}

/// Our own id back from `urn:marginalia:annotation:…`; for a foreign
/// annotation, 12 hex digits of a hash of its id (or of its quote), so the
/// same file imported twice gives the same ids.
fn own_id(foreign: &str, anchor: &Anchor) -> String {
    if let Some(own) = foreign
        .strip_prefix(ID_PREFIX)
        .filter(|id| !id.is_empty() && id.chars().all(|c| c.is_ascii_alphanumeric()))
    {
        return own.to_string();
    }
    let mut hasher = Sha256::new();
    hasher.update(foreign.as_bytes());
    if foreign.is_empty() {
        hasher.update(anchor.quote.as_bytes());
        hasher.update(anchor.prefix.as_bytes());
    }
    let digest = hasher.finalize();
    digest[..6].iter().map(|b| format!("{b:02x}")).collect()
}

fn one_or_many(value: &Value) -> Vec<&Value> {
    match value {
        Value::Array(list) => list.iter().collect(),
        Value::Null => Vec::new(),
        other => vec![other],
    }
}

#[cfg(test)]
mod tests;
