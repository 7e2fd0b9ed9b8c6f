//! Web extraction on the 61 real pages of ../shared/corpus/web: precision,
//! recall and F1 as the article-extraction benchmark defines them
//! (benches/common/extraction_score.rs), and the time to turn one page into
//! an article (median, p99). The reading text scored is what
//! `marginalia export PAGE --format text` prints.
//!
//! `cargo bench --bench web_extraction`; prints a note and exits when the
//! corpus is absent. `PER_PAGE=1` also prints each page's scores.

#[path = "common/extraction_score.rs"]
mod extraction_score;

use std::path::Path;
use std::time::{Duration, Instant};

use extraction_score::{aggregate, corpus_pages, quantile, score_page};
use marginalia::web;

const CORPUS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/corpus/web");

fn main() {
    if std::env::args().any(|a| a == "--list") {
        return;
    }
    let pages = match corpus_pages(Path::new(CORPUS)) {
        Ok(pages) => pages,
        Err(error) => {
            eprintln!("note: no web corpus ({error}); nothing to measure");
            return;
        }
    };
    let urls: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(Path::new(CORPUS).join("ground-truth.json")).unwrap_or_default(),
    )
    .unwrap_or_default();
    let per_page = std::env::var_os("PER_PAGE").is_some();
    let mut counts = Vec::new();
    let mut times: Vec<Duration> = Vec::new();
    for (id, html, truth) in &pages {
        let url = urls[id]["url"].as_str();
        let started = Instant::now();
        let article = web::extract(html, url).to_article(id);
        times.push(started.elapsed());
        let page = score_page(truth, &article.text);
        if per_page {
            println!(
                "{id:.12} P {:.3} R {:.3}",
                page.tp / (page.tp + page.fp).max(f64::MIN_POSITIVE),
                page.tp / (page.tp + page.fn_).max(f64::MIN_POSITIVE)
            );
        }
        counts.push(page);
    }
    times.sort();
    let scores = aggregate(&counts);
    println!(
        "web extraction, {} pages: precision {:.3}  recall {:.3}  F1 {:.3}",
        pages.len(),
        scores.precision,
        scores.recall,
        scores.f1
    );
    println!(
        "time per page (HTML to article): median {:.1} ms  p99 {:.1} ms  max {:.1} ms",
        quantile(&times, 0.5).as_secs_f64() * 1e3,
        quantile(&times, 0.99).as_secs_f64() * 1e3,
        times.last().copied().unwrap_or_default().as_secs_f64() * 1e3
    );
}
