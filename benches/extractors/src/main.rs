//! Every candidate extraction crate, out of the box, on the 61 pages of
//! ../shared/corpus/web: precision, recall, F1 (the benchmark's metric) and
//! the time to extract a page. `cargo run --release` from this folder.

#[path = "../../common/extraction_score.rs"]
#[allow(dead_code)]
mod extraction_score;

use std::path::PathBuf;
use std::time::{Duration, Instant};

use extraction_score::{aggregate, corpus_pages, quantile, score_page};

type Extractor = fn(&str, &str) -> String;

fn rs_trafilatura(html: &str, _url: &str) -> String {
    rs_trafilatura::extract(html).map(|r| r.content_text).unwrap_or_default()
}

fn trafilatura_rs(html: &str, _url: &str) -> String {
    trafilatura::extract(html, &trafilatura::Options::default())
        .map(|r| r.content_text)
        .unwrap_or_default()
}

fn dom_smoothie(html: &str, url: &str) -> String {
    dom_smoothie::Readability::new(html, Some(url), None)
        .and_then(|mut r| r.parse())
        .map(|a| a.text_content.to_string())
        .unwrap_or_default()
}

fn legible(html: &str, url: &str) -> String {
    legible::parse(html, Some(url), None)
        .map(|a| a.text_content)
        .unwrap_or_default()
}

fn readability_kumabook(html: &str, url: &str) -> String {
    let url = url::Url::parse(url).unwrap();
    readability::extractor::extract(&mut html.as_bytes(), &url)
        .map(|p| p.text)
        .unwrap_or_default()
}

fn readability_rs(html: &str, url: &str) -> String {
    let url = url::Url::parse(url).unwrap();
    readability_rs::extract(&mut html.as_bytes(), &url, Default::default())
        .map(|p| p.text)
        .unwrap_or_default()
}

fn llm_readability(html: &str, url: &str) -> String {
    let url = url::Url::parse(url).unwrap();
    llm_readability::extractor::extract(&mut html.as_bytes(), &url)
        .map(|p| p.text)
        .unwrap_or_default()
}

fn main() {
    let corpus = std::env::args().nth(1).map(PathBuf::from).unwrap_or_else(|| {
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus/web")
    });
    let pages = corpus_pages(&corpus).unwrap_or_else(|e| {
        eprintln!("cannot read the corpus: {e}");
        std::process::exit(1);
    });
    let urls: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(corpus.join("ground-truth.json")).unwrap(),
    )
    .unwrap();
    let only = std::env::var("ONLY").ok();
    let candidates: [(&str, Extractor); 7] = [
        ("rs-trafilatura 0.2.2", rs_trafilatura),
        ("trafilatura 0.6.0", trafilatura_rs),
        ("dom_smoothie 0.19.0", dom_smoothie),
        ("legible 0.5.1", legible),
        ("readability 0.3.0", readability_kumabook),
        ("readability-rs 0.5.0", readability_rs),
        ("llm_readability 0.0.17", llm_readability),
    ];
    println!("| crate | precision | recall | F1 | median ms/page | p99 ms/page |");
    println!("|---|---|---|---|---|---|");
    for (name, extract) in candidates {
        if only.as_deref().is_some_and(|o| !name.contains(o)) {
            continue;
        }
        let mut counts = Vec::new();
        let mut times: Vec<Duration> = Vec::new();
        for (id, html, truth) in &pages {
            let url = urls[id]["url"].as_str().unwrap_or("https://example.com/");
            let started = Instant::now();
            let text = extract(html, url);
            times.push(started.elapsed());
            let c = score_page(truth, &text);
            if std::env::var("PER_PAGE").is_ok() {
                eprintln!("{name}\t{id}\t{:.3}\t{:.3}", c.tp / (c.tp + c.fp).max(1e-9), c.tp / (c.tp + c.fn_).max(1e-9));
            }
            counts.push(c);
        }
        times.sort();
        let s = aggregate(&counts);
        println!(
            "| {name} | {:.3} | {:.3} | {:.3} | {:.1} | {:.1} |",
            s.precision,
            s.recall,
            s.f1,
            quantile(&times, 0.5).as_secs_f64() * 1e3,
            quantile(&times, 0.99).as_secs_f64() * 1e3
        );
    }
}
