//! Fetching against an HTTP server on 127.0.0.1 that each test starts and
//! stops (`tests/support/http.rs`): a news page, a redirect, a 404, a slow
//! answer, a PDF, a 50 MB body.

use std::io::Write;
use std::time::Duration;

use marginalia::web::{FetchError, FetchOptions, fetch};

#[allow(dead_code)]
mod support;

use support::http::{Server, reply};

const NEWS: &str = "<html><head><title>Trains at Last | The Daily Example</title>\
<meta charset=\"iso-8859-1\"></head><body><nav><a href=\"/\">Home</a> <a href=\"/world\">World</a></nav>\
<div class=\"ad\">Advertisement</div><article><h1>Trains at Last</h1><p class=\"byline\">By Ana Ortiz</p>\
<p>The caf\u{e9} by the station has been open since dawn, and the first train of the new line left on time this morning, \
to the surprise of nearly everyone who had waited eleven years for it.</p>\
<p>Ridership in the first week reached forty thousand, twice the forecast the council published, and the \
operator says it will add carriages before the winter timetable starts in October.</p>\
<table><tr><th>Week</th><th>Riders</th></tr><tr><td>1</td><td>40,000</td></tr></table>\
<p>Critics who called the line a folly have gone quiet, though the bill for the tunnels is still being argued over \
by the two councils that share it, and the auditor's report is due in the spring.</p></article>\
<section class=\"comments\"><p>First!</p></section></body></html>";

fn routes(path: &str, out: &mut dyn Write) {
    let mut reply = |status: &str, headers: &str, body: &[u8]| reply(out, status, headers, body);
    match path {
        "/story" => {
            let (latin, _, _) = encoding_rs::WINDOWS_1252.encode(NEWS);
            reply(
                "200 OK",
                "Content-Type: text/html; charset=ISO-8859-1\r\n",
                &latin,
            );
        }
        "/moved" => reply("301 Moved", "Location: /story\r\n", b""),
        "/loop" => reply("302 Found", "Location: /loop\r\n", b""),
        "/missing" => reply(
            "404 Not Found",
            "Content-Type: text/html\r\n",
            b"<p>gone</p>",
        ),
        "/paper.pdf" => reply("200 OK", "Content-Type: application/pdf\r\n", b"%PDF-1.4"),
        "/slow" => {
            std::thread::sleep(Duration::from_secs(3));
            reply("200 OK", "Content-Type: text/html\r\n", NEWS.as_bytes());
        }
        "/huge" => {
            let size = 50 * 1024 * 1024;
            let _ = write!(
                out,
                "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: {size}\r\n\r\n"
            );
            let chunk = vec![b'a'; 1024 * 1024];
            for _ in 0..50 {
                if out.write_all(&chunk).is_err() {
                    break;
                }
            }
        }
        _ => reply("500 Internal Server Error", "", b""),
    }
}

fn options() -> FetchOptions {
    FetchOptions {
        timeout: Duration::from_secs(1),
        ..FetchOptions::default()
    }
}

#[test]
fn a_news_page_through_a_redirect_in_its_own_charset() {
    let server = Server::start(routes);
    let mut progress = Vec::new();
    let url = server.url("/moved");
    let fetched = fetch(&url, &FetchOptions::default(), &mut |p| progress.push(p)).unwrap();
    assert!(fetched.url.ends_with("/story"), "{}", fetched.url);
    assert!(fetched.html.contains("caf\u{e9}"));
    assert!(!progress.is_empty());
    let article = marginalia::web::extract(&fetched.html, Some(&fetched.url)).to_article("t");
    assert!(
        article.text.contains("first train of the new line"),
        "{}",
        article.text
    );
    assert!(!article.text.contains("Advertisement"));
    server.stop();
}

#[test]
fn failures_are_one_line_each() {
    let server = Server::start(routes);
    let at = |path: &str| server.url(path);
    let error = |path: &str| fetch(&at(path), &options(), &mut |_| {}).unwrap_err();
    assert!(matches!(error("/missing"), FetchError::NotFound { .. }));
    assert!(matches!(error("/paper.pdf"), FetchError::NotHtml { .. }));
    assert!(
        matches!(error("/slow"), FetchError::Timeout { .. }),
        "{}",
        error("/slow")
    );
    assert!(matches!(
        error("/loop"),
        FetchError::TooManyRedirects { .. }
    ));
    let huge = fetch(
        &at("/huge"),
        &FetchOptions {
            timeout: Duration::from_secs(20),
            ..FetchOptions::default()
        },
        &mut |_| {},
    )
    .unwrap_err();
    assert!(matches!(huge, FetchError::TooLarge { .. }), "{huge}");
    for e in [error("/missing"), error("/paper.pdf"), error("/loop")] {
        assert!(!e.to_string().contains('\n'), "{e}");
    }
    server.stop();
}
