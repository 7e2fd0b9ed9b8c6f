//! The article-extraction benchmark's metric (../shared/corpus/web/README.md):
//! `\w+` tokens, 4-token shingles with counts, per-page TP/FP/FN normalised
//! to sum to 1, precision and recall averaged over pages, F1 from the averages.
//!
//! Shared by `benches/web_extraction.rs` and the candidate comparison in
//! `benches/extractors/`, so every figure in docs/PERFORMANCE.md is scored
//! by the same code.

use std::collections::HashMap;

/// The shingle length the benchmark uses.
pub const SHINGLE_TOKENS: usize = 4;

/// One page's normalised true positives, false positives and false negatives.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PageCounts {
    pub tp: f64,
    pub fp: f64,
    pub fn_: f64,
}

/// Python's `\w` under `re.UNICODE`: letters, digits and the underscore.
/// (Rust's alphanumeric also takes a few combining vowel signs Python
/// leaves out; no page of the corpus is in a script that has them.)
fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// The `\w+` runs of `text`, in order.
pub fn tokens(text: &str) -> Vec<&str> {
    text.split(|c: char| !is_word_char(c))
        .filter(|t| !t.is_empty())
        .collect()
}

/// Every run of [`SHINGLE_TOKENS`] consecutive tokens with its count; a text
/// of fewer tokens is one shorter shingle, and an empty text has none (as the
/// benchmark's `_ngrams`).
pub fn shingles<'a>(tokens: &[&'a str]) -> HashMap<Vec<&'a str>, usize> {
    let mut counts = HashMap::new();
    if tokens.is_empty() {
        return counts;
    }
    let windows = tokens.len().saturating_sub(SHINGLE_TOKENS) + 1;
    for start in 0..windows {
        let end = (start + SHINGLE_TOKENS).min(tokens.len());
        *counts.entry(tokens[start..end].to_vec()).or_insert(0) += 1;
    }
    counts
}

/// Scores one extraction against its ground truth.
pub fn score_page(truth: &str, extracted: &str) -> PageCounts {
    let truth_tokens = tokens(truth);
    let extracted_tokens = tokens(extracted);
    let truth = shingles(&truth_tokens);
    let extracted = shingles(&extracted_tokens);
    let (mut tp, mut fp, mut fn_) = (0usize, 0usize, 0usize);
    for (shingle, &want) in &truth {
        let got = extracted.get(shingle).copied().unwrap_or(0);
        tp += want.min(got);
        fn_ += want.saturating_sub(got);
    }
    for (shingle, &got) in &extracted {
        let want = truth.get(shingle).copied().unwrap_or(0);
        fp += got.saturating_sub(want);
    }
    let total = (tp + fp + fn_) as f64;
    if total == 0.0 {
        return PageCounts {
            tp: 0.0,
            fp: 0.0,
            fn_: 0.0,
        };
    }
    PageCounts {
        tp: tp as f64 / total,
        fp: fp as f64 / total,
        fn_: fn_ as f64 / total,
    }
}

/// Precision, recall and F1 over a set of pages.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Scores {
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
}

/// A page's precision: 1 when nothing is wrong (both texts empty included),
/// `None` when the extraction is empty, so it does not enter the average.
fn page_precision(c: &PageCounts) -> Option<f64> {
    if c.fp == 0.0 && c.fn_ == 0.0 {
        Some(1.0)
    } else if c.tp + c.fp == 0.0 {
        None
    } else {
        Some(c.tp / (c.tp + c.fp))
    }
}

/// A page's recall: 1 when nothing is wrong, `None` when the truth is empty.
fn page_recall(c: &PageCounts) -> Option<f64> {
    if c.fp == 0.0 && c.fn_ == 0.0 {
        Some(1.0)
    } else if c.tp + c.fn_ == 0.0 {
        None
    } else {
        Some(c.tp / (c.tp + c.fn_))
    }
}

fn mean(values: impl Iterator<Item = f64>) -> f64 {
    let (sum, count) = values.fold((0.0, 0usize), |(s, n), v| (s + v, n + 1));
    if count == 0 { 0.0 } else { sum / count as f64 }
}

/// Averages precision and recall over pages and takes F1 from the averages.
pub fn aggregate(pages: &[PageCounts]) -> Scores {
    let precision = mean(pages.iter().filter_map(page_precision));
    let recall = mean(pages.iter().filter_map(page_recall));
    let f1 = if precision + recall > 0.0 {
        2.0 * precision * recall / (precision + recall)
    } else {
        0.0
    };
    Scores {
        precision,
        recall,
        f1,
    }
}

/// The value at quantile `q` (0..=1) of sorted durations, nearest rank.
pub fn quantile(sorted: &[std::time::Duration], q: f64) -> std::time::Duration {
    if sorted.is_empty() {
        return std::time::Duration::ZERO;
    }
    let rank = ((q * sorted.len() as f64).ceil() as usize).clamp(1, sorted.len());
    sorted[rank - 1]
}

/// The 61 pages of the shared corpus: (id, html, ground-truth body).
pub fn corpus_pages(corpus: &std::path::Path) -> Result<Vec<(String, String, String)>, String> {
    use std::io::Read;
    let truth_path = corpus.join("ground-truth.json");
    let truth = std::fs::read_to_string(&truth_path)
        .map_err(|e| format!("{}: {e}", truth_path.display()))?;
    let truth: serde_json::Value =
        serde_json::from_str(&truth).map_err(|e| format!("{}: {e}", truth_path.display()))?;
    let mut pages = Vec::new();
    for (id, entry) in truth.as_object().ok_or("ground truth is not an object")? {
        let path = corpus.join("html").join(format!("{id}.html.gz"));
        let file = std::fs::File::open(&path).map_err(|e| format!("{}: {e}", path.display()))?;
        let mut html = String::new();
        flate2::read::GzDecoder::new(file)
            .read_to_string(&mut html)
            .map_err(|e| format!("{}: {e}", path.display()))?;
        let body = entry["articleBody"]
            .as_str()
            .unwrap_or_default()
            .to_string();
        pages.push((id.clone(), html, body));
    }
    pages.sort();
    Ok(pages)
}
