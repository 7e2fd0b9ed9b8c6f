//! Large input: the release binary on files near the 16 MB article limit,
//! in a pseudo-terminal where a reader would feel it. Prints a markdown
//! table of:
//!
//! - the first screen of a 7 KB op-ed, War and Peace, a 15 MB file of one
//!   line and 8 MB of `". "` (with `less` on the same files for scale);
//! - a library folder of 29 large files, to its first screen;
//! - `h` (hints) on a 13 MB article, and a page down with the hints shown;
//! - each keystroke in the note editor on a 100 MB note;
//! - `marginalia suggest` on the 15 MB line (wall-clock and peak memory);
//! - resident memory with War and Peace open after a search, against the
//!   op-ed the same way (the program's baseline).
//!
//! Every input is generated here, in a temporary folder, from War and Peace
//! when ../shared/corpus has it and from a generated book otherwise.
//!
//! `cargo bench --bench large_input`; without `--bench` (as `cargo test
//! --benches` runs it) each figure is taken once, as a smoke test.

#[allow(dead_code)]
#[path = "../tests/support/mod.rs"]
mod support;

#[allow(dead_code)]
mod common;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use marginalia::annotate::Store;
use support::{Sandbox, Session, find_in_path, proc_status_bytes};

const COLS: u16 = 100;
const ROWS: u16 = 30;
/// Longer than anything here should take, short enough to report a freeze.
const WAIT: Duration = Duration::from_secs(60);
const CORPUS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/corpus");
const MB: usize = 1_000_000;

struct Row {
    case: String,
    figure: String,
}

fn main() {
    let full = std::env::args().any(|a| a == "--bench");
    // `cargo bench --bench large_input -- note suggest` runs those groups
    // only: first-screen, library, hints, note, suggest, memory.
    let groups: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with("--"))
        .collect();
    let wanted = |group: &str| groups.is_empty() || groups.iter().any(|g| g == group);
    let rounds = if full { 5 } else { 1 };
    let sandbox = Sandbox::new();
    let inputs = Inputs::write(&sandbox);
    let mut rows = Vec::new();

    if wanted("first-screen") {
        for (name, path) in [
            ("op-ed (7 KB)", &inputs.op_ed),
            ("War and Peace (3.3 MB)", &inputs.book),
            ("one line (15 MB)", &inputs.one_line),
            ("\". \" × 4 M (8 MB)", &inputs.dots),
        ] {
            rows.push(first_screen(&sandbox, name, path, rounds));
            if let Some(less) = find_in_path("less") {
                rows.push(less_first_screen(&sandbox, &less, name, path, rounds));
            }
        }
    }
    if wanted("library") {
        rows.push(first_screen(
            &sandbox,
            "library of 29 large files",
            &inputs.library,
            rounds,
        ));
    }
    if wanted("hints") {
        rows.extend(hints(&sandbox, &inputs.article, rounds));
    }
    if wanted("note") {
        rows.extend(note_keystrokes(
            &sandbox,
            &inputs,
            if full { 40 } else { 5 },
        ));
    }
    if wanted("suggest") {
        rows.push(suggest(
            "`marginalia suggest` on the 15 MB line",
            &inputs.one_line,
            rounds,
        ));
        // A quarter and all of the same markdown: linear shows as 4 times.
        for (name, path) in [("2 MB", &inputs.links_quarter), ("8 MB", &inputs.links)] {
            rows.push(suggest(
                &format!("`marginalia suggest` on {name} of markdown, two links a sentence"),
                path,
                rounds,
            ));
        }
    }
    if wanted("memory") {
        rows.extend(memory_after_search(&sandbox, &inputs));
    }

    println!();
    println!("| Case | Figure |");
    println!("|---|---|");
    for row in rows {
        println!("| {} | {} |", row.case, row.figure);
    }
}

/// The generated files, all in the sandbox.
struct Inputs {
    op_ed: PathBuf,
    book: PathBuf,
    /// 15 MB with no line break.
    one_line: PathBuf,
    /// 8 MB of `". "`.
    dots: PathBuf,
    /// 13 MB of paragraphs.
    article: PathBuf,
    /// A folder of 29 files of about 3 MB.
    library: PathBuf,
    /// An article whose annotation carries a 100 MB note.
    noted: PathBuf,
    /// 8 MB of markdown paragraphs with two links each, and its first quarter.
    links: PathBuf,
    links_quarter: PathBuf,
}

impl Inputs {
    fn write(sandbox: &Sandbox) -> Inputs {
        let dir = sandbox.root().join("inputs");
        std::fs::create_dir_all(&dir).expect("create the inputs folder");
        let write = |name: &str, text: &str| {
            let path = dir.join(name);
            std::fs::write(&path, text).expect("write an input");
            path
        };
        let op_ed_source = Path::new(CORPUS).join("op-ed-alibaba-claude-code-ban.txt");
        let op_ed_text = std::fs::read_to_string(&op_ed_source).unwrap_or_else(|_| {
            let shipped = Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("articles/give-the-four-day-week-a-fair-trial.txt");
            std::fs::read_to_string(shipped).expect("a shipped article")
        });
        let book_text = common::book_text();
        let repeated = |bytes: usize, text: &str| {
            let mut out = String::with_capacity(bytes + text.len());
            while out.len() < bytes {
                out.push_str(text);
                out.push_str("\n\n");
            }
            out
        };
        let one_line = repeated(15 * MB, &book_text)
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        let library = dir.join("library");
        std::fs::create_dir_all(&library).expect("create the library folder");
        for i in 0..29 {
            let (name, text) = if i % 2 == 0 {
                (format!("book-{i:02}.txt"), book_text.clone())
            } else {
                let body = common::generated_prose(3 * MB, Some(120));
                (
                    format!("post-{i:02}.md"),
                    format!("---\ntitle: Long post {i}\nauthor: A. Writer\n---\n\n{body}"),
                )
            };
            std::fs::write(library.join(name), text).expect("write a library file");
        }
        let noted = write("noted.txt", &op_ed_text);
        let mut store = Store::open(support_sidecar(&noted), &op_ed_text).expect("a store");
        let first_sentence = op_ed_text.find('.').unwrap_or(op_ed_text.len().min(40));
        let id = store
            .add("claim", 0..first_sentence, "bench")
            .expect("a passage");
        let line = "a long note, typed and pasted over weeks of reading; ".repeat(2);
        let mut note = String::with_capacity(100 * MB + line.len());
        while note.len() < 100 * MB {
            note.push_str(&line);
            note.push('\n');
        }
        store.set_note(&id, &note).expect("a note");
        store.save().expect("save the 100 MB note");
        let linked = |paragraphs: usize| {
            let mut out = String::from("# Links\n\n");
            for i in 0..paragraphs {
                out.push_str(&format!(
                    "The council said the plan [was approved](https://example.com/{i}) on \
                     Tuesday, according to the [minutes](https://example.com/m{i}).\n\n"
                ));
            }
            out
        };
        Inputs {
            links: write("links-8mb.md", &linked(64_000)),
            links_quarter: write("links-2mb.md", &linked(16_000)),
            op_ed: write("op-ed.txt", &op_ed_text),
            book: write("war-and-peace.txt", &book_text),
            dots: write("dots.txt", &". ".repeat(4 * MB)),
            article: write("article-13mb.txt", &repeated(13 * MB, &book_text)),
            one_line: write("one-line.txt", &one_line),
            library,
            noted,
        }
    }
}

fn support_sidecar(article: &Path) -> PathBuf {
    marginalia::annotate::sidecar_path(article)
}

fn status_drawn(text: &str) -> bool {
    text.lines().last().is_some_and(|l| l.contains("? help"))
}

fn millis(d: Duration) -> String {
    format!("{:.1} ms", d.as_secs_f64() * 1000.0)
}

fn median(mut values: Vec<Duration>) -> Duration {
    values.sort_unstable();
    values.get(values.len() / 2).copied().unwrap_or_default()
}

fn spread(values: &[Duration]) -> String {
    let mut sorted = values.to_vec();
    sorted.sort_unstable();
    format!(
        "median **{}**, max {} ({} runs)",
        millis(median(sorted.clone())),
        millis(*sorted.last().unwrap_or(&Duration::ZERO)),
        sorted.len()
    )
}

fn first_screen(sandbox: &Sandbox, name: &str, path: &Path, rounds: usize) -> Row {
    let path = path.to_str().expect("a UTF-8 path");
    let times: Vec<Duration> = (0..rounds)
        .filter_map(|_| {
            let mut session = sandbox.marginalia(&[path], COLS, ROWS);
            let frame = session.wait_frame(0, WAIT, status_drawn);
            session.kill();
            frame.map(|(_, f)| f.at.duration_since(session.started()))
        })
        .collect();
    Row {
        case: format!("first screen: {name}, marginalia"),
        figure: spread(&times),
    }
}

fn less_first_screen(
    sandbox: &Sandbox,
    less: &Path,
    name: &str,
    path: &Path,
    rounds: usize,
) -> Row {
    let path = path.to_str().expect("a UTF-8 path");
    let file_name = Path::new(path)
        .file_name()
        .unwrap()
        .to_string_lossy()
        .into_owned();
    let times: Vec<Duration> = (0..rounds)
        .filter_map(|_| {
            let mut cmd = sandbox.command(less.to_str().expect("a UTF-8 path"), &[path]);
            cmd.env("LESSCHARSET", "utf-8");
            cmd.env("LESSHISTFILE", "-");
            let mut session = Session::spawn(cmd, COLS, ROWS, None);
            let frame = session.wait_frame(0, WAIT, |text| {
                let last = text.lines().last().unwrap_or("").trim();
                last == ":" || last.starts_with("(END)") || last.contains(&file_name)
            });
            session.kill();
            frame.map(|(_, f)| f.at.duration_since(session.started()))
        })
        .collect();
    Row {
        case: format!("first screen: {name}, less"),
        figure: spread(&times),
    }
}

/// `h` on a 13 MB article: the key to the screen that shows the hints, then
/// a page down with them shown.
fn hints(sandbox: &Sandbox, article: &Path, rounds: usize) -> Vec<Row> {
    let path = article.to_str().expect("a UTF-8 path");
    let mut toggle = Vec::new();
    let mut page = Vec::new();
    for _ in 0..rounds {
        let mut session = sandbox.marginalia(&[path], COLS, ROWS);
        session
            .wait_frame(0, WAIT, status_drawn)
            .expect("the first screen");
        if let Some(time) = time_key(&mut session, "h", |t| t.contains("hint")) {
            toggle.push(time);
        }
        if let Some(time) = time_key(&mut session, " ", |_| true) {
            page.push(time);
        }
        session.kill();
    }
    vec![
        Row {
            case: "`h` (show hints) on a 13 MB article, key to screen".into(),
            figure: spread(&toggle),
        },
        Row {
            case: "page down with hints shown, 13 MB article".into(),
            figure: spread(&page),
        },
    ]
}

/// Typing in the note editor on an annotation whose note is 100 MB: each
/// key to the screen that shows it, typed straight after the one before,
/// and typed after a pause (when the note is saved).
///
/// The keys are typed at the note's start (Ctrl-Alt-Up, the editor's "to
/// the top"): the editor opens at the note's end, which ratatui-textarea
/// cannot scroll to past 65,535 lines, so keys typed there never show and
/// no frame changes (the reason this case printed no figure).
fn note_keystrokes(sandbox: &Sandbox, inputs: &Inputs, keys: usize) -> Vec<Row> {
    let path = inputs.noted.to_str().expect("a UTF-8 path");
    let mut session = sandbox.marginalia(&[path], COLS, ROWS);
    session
        .wait_frame(0, WAIT, status_drawn)
        .expect("the first screen");
    // The cursor starts on the first sentence, which the annotation covers.
    time_key(&mut session, "a", |t| t.contains("note on ")).expect("the note editor opens");
    session.send("\x1b[1;7A");
    let mut typed = String::new();
    let mut type_key = |session: &mut Session, i: usize| {
        let key = ["x", "y"][i % 2];
        typed.push_str(key);
        let shown = typed.clone();
        time_key(session, key, move |t| {
            t.contains(&shown[shown.len().saturating_sub(8)..])
        })
    };
    let in_a_row: Vec<Duration> = (0..keys)
        .filter_map(|i| type_key(&mut session, i))
        .collect();
    let after_pause: Vec<Duration> = (keys..keys + keys.div_ceil(4))
        .filter_map(|i| {
            // Longer than the pause after which a typed note is saved.
            std::thread::sleep(Duration::from_millis(400));
            type_key(&mut session, i)
        })
        .collect();
    session.kill();
    vec![
        Row {
            case: "a keystroke in the note editor, 100 MB note".into(),
            figure: spread(&in_a_row),
        },
        Row {
            case:
                "a keystroke in the note editor after a pause (the note being saved), 100 MB note"
                    .into(),
            figure: spread(&after_pause),
        },
    ]
}

/// `marginalia suggest` on the 15 MB line: wall-clock and peak resident
/// memory (VmHWM, read every few milliseconds until the program ends).
fn suggest(case: &str, article: &Path, rounds: usize) -> Row {
    let mut times = Vec::new();
    let mut peak = 0;
    for _ in 0..rounds {
        let started = Instant::now();
        let mut child = Command::new(support::marginalia_bin())
            .arg("suggest")
            .arg(article)
            .stdout(std::process::Stdio::null())
            .spawn()
            .expect("run marginalia suggest");
        let mut high = 0;
        loop {
            if let Some(bytes) = proc_status_bytes(child.id(), "VmHWM:") {
                high = high.max(bytes);
            }
            if let Some(status) = child.try_wait().expect("poll suggest") {
                assert!(status.success(), "marginalia suggest failed");
                break;
            }
            std::thread::sleep(Duration::from_millis(2));
        }
        times.push(started.elapsed());
        peak = peak.max(high);
    }
    Row {
        case: case.into(),
        figure: format!("{}; peak resident {} MB", spread(&times), peak / MB as u64),
    }
}

/// Resident memory after opening a file and searching it, for the op-ed
/// (the program's baseline) and War and Peace.
fn memory_after_search(sandbox: &Sandbox, inputs: &Inputs) -> Vec<Row> {
    let resident = |path: &Path| {
        let mut session = sandbox.marginalia(&[path.to_str().unwrap()], COLS, ROWS);
        session
            .wait_frame(0, WAIT, status_drawn)
            .expect("the first screen");
        time_key(&mut session, "/", |_| true);
        time_key(&mut session, "t", |_| true);
        time_key(&mut session, "h", |_| true);
        time_key(&mut session, "e", |_| true);
        time_key(&mut session, "\r", |_| true);
        // Let anything finishing in the background settle.
        std::thread::sleep(Duration::from_millis(500));
        let bytes = session.resident_bytes().unwrap_or(0);
        session.kill();
        bytes
    };
    let baseline = resident(&inputs.op_ed);
    let book = resident(&inputs.book);
    let text = std::fs::metadata(&inputs.book)
        .map_or(1, |m| m.len())
        .max(1);
    vec![
        Row {
            case: "resident after a search: op-ed (baseline)".into(),
            figure: format!("{:.1} MB", baseline as f64 / MB as f64),
        },
        Row {
            case: "resident after a search: War and Peace".into(),
            figure: format!(
                "{:.1} MB: **{:.1}×** the text above the baseline",
                book as f64 / MB as f64,
                book.saturating_sub(baseline) as f64 / text as f64
            ),
        },
    ]
}

/// Sends `keys` and times the first changed frame that satisfies `ready`.
fn time_key(session: &mut Session, keys: &str, ready: impl Fn(&str) -> bool) -> Option<Duration> {
    let after = session.frame_count();
    let sent = Instant::now();
    session.send(keys);
    let (_, frame) = session.wait_frame(after, WAIT, ready)?;
    Some(frame.at.duration_since(sent))
}
