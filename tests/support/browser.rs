//! Headless Chromium for tests of HTML outputs: find it, render a page to a
//! screenshot or a PDF, dump its DOM, and record every request it makes.
//!
//! Include it with `#[path = "support/browser.rs"] mod browser;`. Where
//! Chromium is absent, [`Chromium::find`] prints a notice and the test
//! returns early; with `CI=true` in the environment it panics instead, so CI
//! never passes without having looked. `.ci/run` installs Debian's
//! `chromium` where it is missing.
//!
//! The page is served by a server of our own on 127.0.0.1, which is also
//! Chromium's proxy for every URL and answers all but the page with 404, so
//! nothing reaches the network. What the page asked for (a script, a font, a
//! relative image, any URL anywhere) is read from Chromium's net log: the
//! requests with the page as their initiator, which leaves out the
//! browser's own traffic (update and account checks) that no flag stops.

#![allow(dead_code)]

use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::Arc;
use std::thread;
use std::time::{Duration, Instant};

/// How long one Chromium run may take: long, as a cold start on a small,
/// busy machine takes many seconds.
const RUN_TIMEOUT: Duration = Duration::from_secs(180);

/// Names Chromium goes by on Debian, Ubuntu and elsewhere.
const NAMES: [&str; 4] = [
    "chromium",
    "chromium-browser",
    "google-chrome",
    "google-chrome-stable",
];

/// Flags every run takes: headless as root, and none of Chromium's own
/// background traffic (updates, sync, field trials).
const FLAGS: [&str; 11] = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
    "--hide-scrollbars",
    "--no-default-browser-check",
];

/// A Chromium binary.
pub struct Chromium {
    path: PathBuf,
}

/// A page served to Chromium, and what it asked for besides.
pub struct Rendered {
    /// What the run wrote to standard output (the DOM, for `dump_dom`).
    pub stdout: String,
    /// Every URL the page asked for, other than itself.
    pub requests: Vec<String>,
    /// The page's console messages, among them every fetch or script its
    /// Content-Security-Policy blocked.
    pub console: Vec<String>,
}

impl Chromium {
    /// Chromium from `$CHROMIUM` or `PATH`. `None` (after printing why)
    /// when it is absent; a panic instead when `CI=true`.
    pub fn find(test: &str) -> Option<Chromium> {
        let from_env = std::env::var_os("CHROMIUM").map(PathBuf::from);
        let found = from_env
            .into_iter()
            .chain(NAMES.iter().filter_map(|name| on_path(name)))
            .find(|p| p.is_file());
        match found {
            Some(path) => Some(Chromium { path }),
            None if std::env::var("CI").is_ok_and(|v| v == "true") => {
                panic!("{test}: chromium is not installed, and CI=true requires it")
            }
            None => {
                eprintln!(
                    "SKIPPED {test}: chromium is not installed (apt-get install chromium); CI=true makes this a failure"
                );
                None
            }
        }
    }

    /// Renders `html` with `args` (a `--screenshot=…`, `--print-to-pdf=…`
    /// or `--dump-dom`) and records every request besides the page.
    pub fn render(&self, html: &str, args: &[String]) -> Rendered {
        let server = PageServer::start(html.as_bytes().to_vec());
        let profile = tempfile::tempdir().expect("a profile folder");
        let net_log = profile.path().join("net-log.json");
        let page_url = format!("http://{}{PAGE_PATH}", server.address);
        let mut command = Command::new(&self.path);
        command
            .args(FLAGS)
            .arg(format!("--user-data-dir={}", profile.path().display()))
            .arg(format!("--proxy-server=http://{}", server.address))
            // Loopback is otherwise never proxied, and a page could reach
            // a local service unseen.
            .arg("--proxy-bypass-list=<-loopback>")
            .arg(format!("--log-net-log={}", net_log.display()))
            .args(["--enable-logging=stderr", "--v=0"])
            .args(args)
            .arg(&page_url)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        let output = run_with_timeout(command);
        server.stop();
        assert!(
            output.status.success(),
            "chromium failed ({}): {}",
            output.status,
            String::from_utf8_lossy(&output.stderr)
        );
        Rendered {
            stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
            requests: page_requests(&net_log, &page_url),
            console: String::from_utf8_lossy(&output.stderr)
                .lines()
                .filter(|line| line.contains(":CONSOLE"))
                .map(str::to_string)
                .collect(),
        }
    }

    /// The DOM after the page has loaded, serialised as HTML.
    pub fn dump_dom(&self, html: &str) -> Rendered {
        self.render(html, &["--dump-dom".to_string()])
    }

    /// A PNG of the first `width` × `height` CSS pixels of the page.
    pub fn screenshot(&self, html: &str, png: &Path, width: u32, height: u32) -> Rendered {
        let rendered = self.render(
            html,
            &[
                format!("--screenshot={}", png.display()),
                format!("--window-size={width},{height}"),
            ],
        );
        let bytes = std::fs::read(png).expect("chromium wrote the screenshot");
        assert!(bytes.starts_with(b"\x89PNG"), "the screenshot is a PNG");
        rendered
    }

    /// The page printed to PDF, as the browser's print dialog would.
    /// Returns the PDF's bytes.
    pub fn print_to_pdf(&self, html: &str, pdf: &Path) -> (Vec<u8>, Rendered) {
        let rendered = self.render(
            html,
            &[
                format!("--print-to-pdf={}", pdf.display()),
                "--no-pdf-header-footer".to_string(),
            ],
        );
        let bytes = std::fs::read(pdf).expect("chromium wrote the PDF");
        assert!(bytes.starts_with(b"%PDF-"), "the output is a PDF");
        (bytes, rendered)
    }
}

impl Rendered {
    /// Panics unless the page asked for nothing and had nothing blocked.
    pub fn assert_self_contained(&self) {
        assert!(
            self.requests.is_empty(),
            "the page made requests: {:?}",
            self.requests
        );
        let blocked: Vec<&String> = self
            .console
            .iter()
            .filter(|line| line.contains("Content Security Policy"))
            .collect();
        assert!(
            blocked.is_empty(),
            "the page tried to load or run: {blocked:?}"
        );
    }
}

/// The number of pages in a PDF Chromium wrote: its `/Type /Page` objects
/// (not the `/Type /Pages` tree nodes).
pub fn pdf_page_count(pdf: &[u8]) -> usize {
    let text = String::from_utf8_lossy(pdf);
    text.match_indices("/Type /Page")
        .filter(|(at, found)| !text[at + found.len()..].starts_with('s'))
        .count()
}

/// The URLs of the requests in a net log that a page initiated (the
/// browser's own have the initiator "not an origin"), except `page_url`.
fn page_requests(net_log: &Path, page_url: &str) -> Vec<String> {
    let text = std::fs::read_to_string(net_log).expect("chromium wrote its net log");
    let log: serde_json::Value = serde_json::from_str(&text).expect("the net log is JSON");
    let start_job = log["constants"]["logEventTypes"]["URL_REQUEST_START_JOB"].as_u64();
    let events = log["events"].as_array().expect("the net log has events");
    let mut urls: Vec<String> = events
        .iter()
        .filter(|e| e["type"].as_u64() == start_job)
        .filter(|e| e["params"]["initiator"].as_str() != Some("not an origin"))
        .filter_map(|e| e["params"]["url"].as_str())
        .filter(|url| *url != page_url)
        .map(str::to_string)
        .collect();
    urls.dedup();
    urls
}

fn on_path(name: &str) -> Option<PathBuf> {
    std::env::split_paths(&std::env::var_os("PATH")?)
        .map(|dir| dir.join(name))
        .find(|p| p.is_file())
}

fn run_with_timeout(mut command: Command) -> std::process::Output {
    let child = command.spawn().expect("start chromium");
    let id = child.id();
    let (done_tx, done_rx) = std::sync::mpsc::channel();
    let waiter = thread::spawn(move || {
        let output = child.wait_with_output();
        let _ = done_tx.send(());
        output
    });
    if done_rx.recv_timeout(RUN_TIMEOUT).is_err() {
        // Only the process this test started, by its id.
        let _ = Command::new("kill").arg("-9").arg(id.to_string()).status();
        panic!("chromium took longer than {RUN_TIMEOUT:?}");
    }
    waiter
        .join()
        .expect("the waiting thread")
        .expect("chromium's output")
}

const PAGE_PATH: &str = "/page.html";

/// An HTTP server and proxy on 127.0.0.1 that serves one page and answers
/// everything else with 404.
struct PageServer {
    address: String,
    stop: Arc<std::sync::atomic::AtomicBool>,
    thread: Option<thread::JoinHandle<()>>,
}

impl PageServer {
    fn start(page: Vec<u8>) -> PageServer {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1");
        listener
            .set_nonblocking(true)
            .expect("non-blocking listener");
        let address = listener.local_addr().expect("local address").to_string();
        let stop = Arc::new(std::sync::atomic::AtomicBool::new(false));
        let thread = {
            let (stop, address) = (stop.clone(), address.clone());
            thread::spawn(move || {
                let page_url = format!("http://{address}{PAGE_PATH}");
                while !stop.load(std::sync::atomic::Ordering::Relaxed) {
                    match listener.accept() {
                        Ok((stream, _)) => {
                            let (page, page_url) = (page.clone(), page_url.clone());
                            thread::spawn(move || answer(stream, &page, &page_url));
                        }
                        Err(_) => thread::sleep(Duration::from_millis(10)),
                    }
                }
            })
        };
        PageServer {
            address,
            stop,
            thread: Some(thread),
        }
    }

    fn stop(mut self) {
        self.stop.store(true, std::sync::atomic::Ordering::Relaxed);
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

/// Answers the requests on one connection (keep-alive may bring several).
fn answer(stream: TcpStream, page: &[u8], page_url: &str) {
    let _ = stream.set_read_timeout(Some(Duration::from_secs(20)));
    let Ok(mut writer) = stream.try_clone() else {
        return;
    };
    let mut reader = BufReader::new(stream);
    let started = Instant::now();
    while started.elapsed() < RUN_TIMEOUT {
        let mut request_line = String::new();
        if reader.read_line(&mut request_line).unwrap_or(0) == 0 {
            return;
        }
        // The headers, up to the blank line; requests here have no body.
        loop {
            let mut header = String::new();
            if reader.read_line(&mut header).unwrap_or(0) == 0 || header.trim().is_empty() {
                break;
            }
        }
        let request_line = request_line.trim_end().to_string();
        let mut parts = request_line.split(' ');
        let (method, target) = (parts.next().unwrap_or(""), parts.next().unwrap_or(""));
        let is_page = method == "GET" && (target == page_url || target == PAGE_PATH);
        if is_page {
            let head = format!(
                "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: {}\r\nCache-Control: no-store\r\n\r\n",
                page.len()
            );
            if writer.write_all(head.as_bytes()).is_err() || writer.write_all(page).is_err() {
                return;
            }
        } else {
            let refusal =
                "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";
            let _ = writer.write_all(refusal.as_bytes());
            return;
        }
    }
}
