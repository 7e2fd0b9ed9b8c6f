//! Fetching a page over HTTP(S): a real client (ureq, rustls), a bounded
//! number of redirects, a time limit, a size limit, gzip, and the page's
//! charset. No JavaScript is run. Every failure is one line that says what
//! went wrong with which address.

use std::io::Read;
use std::time::Duration;

use ureq::ResponseExt as _;

use super::charset::{charset_parameter, decode_html};

/// Limits on one fetch.
#[derive(Debug, Clone)]
pub struct FetchOptions {
    /// For the whole fetch, redirects and body included.
    pub timeout: Duration,
    /// Larger pages are refused; the largest real news pages are a few MB.
    pub max_bytes: u64,
    pub max_redirects: u32,
}

impl Default for FetchOptions {
    fn default() -> Self {
        FetchOptions {
            timeout: Duration::from_secs(30),
            max_bytes: 16 * 1024 * 1024,
            max_redirects: 10,
        }
    }
}

/// A fetched page, decoded.
#[derive(Debug, Clone)]
pub struct Fetched {
    /// Where the page was found, after redirects.
    pub url: String,
    pub html: String,
}

#[derive(Debug, thiserror::Error)]
pub enum FetchError {
    #[error("{url}: not an http(s) address")]
    BadUrl { url: String },
    #[error("{url}: not found (HTTP 404)")]
    NotFound { url: String },
    #[error("{url}: the server answered HTTP {status}{reason}")]
    Status {
        url: String,
        status: u16,
        reason: String,
    },
    #[error(
        "{url}: cannot find the host {host} (DNS lookup failed; check the address and the network)"
    )]
    HostNotFound { url: String, host: String },
    #[error("{url}: no answer within {seconds} s (timed out)")]
    Timeout { url: String, seconds: u64 },
    #[error("{url}: more than {max} redirects")]
    TooManyRedirects { url: String, max: u32 },
    #[error("{url}: the page is over the {max}-byte limit")]
    TooLarge { url: String, max: u64 },
    #[error("{url}: is {content_type}, not a web page")]
    NotHtml { url: String, content_type: String },
    #[error("{url}: cannot connect ({detail})")]
    Connection { url: String, detail: String },
}

/// How far a fetch has got, for a progress line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Progress {
    pub received: u64,
    /// From `Content-Length`, when the server sends it (compressed size).
    pub expected: Option<u64>,
}

/// Fetches `url`; `progress` is called as the body arrives.
pub fn fetch(
    url: &str,
    options: &FetchOptions,
    progress: &mut dyn FnMut(Progress),
) -> Result<Fetched, FetchError> {
    let owned = || url.to_string();
    let parsed = url::Url::parse(url).map_err(|_| FetchError::BadUrl { url: owned() })?;
    if !matches!(parsed.scheme(), "http" | "https") || parsed.host_str().is_none() {
        return Err(FetchError::BadUrl { url: owned() });
    }
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .timeout_global(Some(options.timeout))
        .max_redirects(options.max_redirects)
        .http_status_as_error(false)
        .user_agent(concat!("marginalia/", env!("CARGO_PKG_VERSION")))
        .build()
        .into();
    let host = parsed.host_str().unwrap_or_default();
    let classify = |error| classify(error, url, host, options);
    let mut response = agent
        .get(url)
        .header("Accept", "text/html,application/xhtml+xml;q=0.9,*/*;q=0.1")
        .call()
        .map_err(classify)?;
    let final_url = response.get_uri().to_string();
    check_status(response.status(), url)?;
    let content_type = response
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_string();
    let mime = html_mime(&content_type, url)?;
    let expected = response
        .headers()
        .get("content-length")
        .and_then(|v| v.to_str().ok()?.trim().parse().ok());
    let body = read_body(
        response
            .body_mut()
            .with_config()
            .limit(options.max_bytes)
            .reader(),
        expected,
        progress,
    )
    .map_err(|e| match e.downcast::<ureq::Error>() {
        Ok(ureq_error) => classify(ureq_error),
        Err(io) => classify(ureq::Error::Io(io)),
    })?;
    if mime.is_empty() && !looks_like_html(&body) {
        return Err(FetchError::NotHtml {
            url: owned(),
            content_type: "content of no declared type".to_string(),
        });
    }
    let (html, _) = decode_html(&body, charset_parameter(&content_type));
    Ok(Fetched {
        url: final_url,
        html,
    })
}

/// A client error as the one-line failure a reader is shown.
fn classify(error: ureq::Error, url: &str, host: &str, options: &FetchOptions) -> FetchError {
    let url = url.to_string();
    let timeout = |url| FetchError::Timeout {
        url,
        seconds: options.timeout.as_secs().max(1),
    };
    match error {
        ureq::Error::HostNotFound => FetchError::HostNotFound {
            url,
            host: host.to_string(),
        },
        ureq::Error::Timeout(_) => timeout(url),
        ureq::Error::TooManyRedirects => FetchError::TooManyRedirects {
            url,
            max: options.max_redirects,
        },
        ureq::Error::BodyExceedsLimit(_) => FetchError::TooLarge {
            url,
            max: options.max_bytes,
        },
        // The system resolver's failure comes as a plain I/O error.
        ureq::Error::Io(io) if io.to_string().contains("lookup address") => {
            FetchError::HostNotFound {
                url,
                host: host.to_string(),
            }
        }
        ureq::Error::Io(io) if io.kind() == std::io::ErrorKind::TimedOut => timeout(url),
        other => FetchError::Connection {
            url,
            detail: other.to_string(),
        },
    }
}

/// Refuses a response that is not a success: 404 and 410 say the page is
/// not there, any other status is named.
fn check_status(status: ureq::http::StatusCode, url: &str) -> Result<(), FetchError> {
    if status.as_u16() == 404 || status.as_u16() == 410 {
        return Err(FetchError::NotFound {
            url: url.to_string(),
        });
    }
    if !status.is_success() {
        return Err(FetchError::Status {
            url: url.to_string(),
            status: status.as_u16(),
            reason: status
                .canonical_reason()
                .map(|r| format!(" ({r})"))
                .unwrap_or_default(),
        });
    }
    Ok(())
}

/// The media type of a `Content-Type` header, lower-cased (empty when the
/// server sent none); anything but HTML is refused.
fn html_mime(content_type: &str, url: &str) -> Result<String, FetchError> {
    let mime = content_type
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    if !mime.is_empty() && !matches!(mime.as_str(), "text/html" | "application/xhtml+xml") {
        return Err(FetchError::NotHtml {
            url: url.to_string(),
            content_type: crate::article::sanitize::visible_line(&mime).into_owned(),
        });
    }
    Ok(mime)
}

/// The body in chunks, reporting progress after each.
fn read_body(
    mut reader: impl Read,
    expected: Option<u64>,
    progress: &mut dyn FnMut(Progress),
) -> std::io::Result<Vec<u8>> {
    let mut body = Vec::new();
    let mut chunk = vec![0u8; 64 * 1024];
    loop {
        let read = match reader.read(&mut chunk) {
            Ok(0) => break,
            Ok(n) => n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        body.extend_from_slice(&chunk[..read]);
        progress(Progress {
            received: body.len() as u64,
            expected,
        });
    }
    Ok(body)
}

/// Whether an undeclared body starts like a page (after space and a BOM).
fn looks_like_html(body: &[u8]) -> bool {
    let start = body.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(body);
    let start = start
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .map_or(&[][..], |i| &start[i..]);
    start.first() == Some(&b'<')
}
