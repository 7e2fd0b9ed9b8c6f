//! What a reader feels: the release binary in a pseudo-terminal, timed from
//! spawn to the first full screen and from a keypress to the redrawn screen
//! (page down, jump to the end, next section, a search keystroke), with
//! `less` on the same file for scale. Prints a markdown table.
//!
//! A redraw is timed to the end of the frame that changed the screen:
//! ratatui hides the cursor after every frame it draws, and `less` is read a
//! chunk at a time. The op-ed and War and Peace come from ../shared/corpus;
//! without it a shipped article stands in and War and Peace is skipped.
//!
//! `cargo bench --bench pty_latency`; run without `--bench` (as `cargo test
//! --benches` does) it makes a few rounds only, as a smoke test.

#[allow(dead_code)]
#[path = "../tests/support/mod.rs"]
mod support;

use std::path::Path;
use std::time::{Duration, Instant};

use support::{Sandbox, Session, find_in_path};

const COLS: u16 = 100;
const ROWS: u16 = 30;
/// Longer than any redraw should take; a keypress that changes nothing
/// (which the loops below avoid) counts as a miss after this.
const REDRAW_WAIT: Duration = Duration::from_secs(5);

const CORPUS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/corpus");

/// Timings of one operation.
struct Series {
    file: String,
    program: &'static str,
    operation: &'static str,
    /// Wall-clock, keypress (or spawn) to screen.
    times: Vec<Duration>,
    /// The program's own CPU time over the same span.
    cpu: Vec<Duration>,
    missed: usize,
}

/// One timed operation: wall-clock and the program's CPU time.
struct Timing {
    wall: Duration,
    cpu: Option<Duration>,
}

impl Series {
    fn new(file: &str, program: &'static str, operation: &'static str) -> Series {
        Series {
            file: file.to_string(),
            program,
            operation,
            times: Vec::new(),
            cpu: Vec::new(),
            missed: 0,
        }
    }

    fn record(&mut self, timing: Option<Timing>) {
        match timing {
            Some(timing) => {
                self.times.push(timing.wall);
                self.cpu.extend(timing.cpu);
            }
            None => self.missed += 1,
        }
    }
}

/// The `q`-th quantile (nearest rank).
fn quantile(values: &[Duration], q: f64) -> Option<Duration> {
    let mut sorted = values.to_vec();
    sorted.sort_unstable();
    let rank = ((q * sorted.len() as f64).ceil() as usize).clamp(1, sorted.len().max(1));
    sorted.get(rank - 1).copied()
}

fn main() {
    let full = std::env::args().any(|a| a == "--bench");
    let rounds = if full { 100 } else { 3 };

    let corpus = Path::new(CORPUS);
    let op_ed = corpus.join("op-ed-alibaba-claude-code-ban.txt");
    let op_ed = if op_ed.exists() {
        op_ed
    } else {
        println!("note: {CORPUS} is absent; timing a shipped article instead of the op-ed");
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("articles/give-the-four-day-week-a-fair-trial.txt")
    };
    let mut files = vec![op_ed];
    let book = corpus.join("war-and-peace.txt");
    if book.exists() {
        files.push(book);
    } else {
        println!("note: {} is absent; skipping War and Peace", book.display());
    }
    let less = find_in_path("less");
    if less.is_none() {
        println!("note: less is not installed; no comparison");
    }

    let mut table = Vec::new();
    for file in &files {
        let sandbox = Sandbox::new();
        let copy = sandbox.copy_in(file);
        let name = copy.file_name().unwrap().to_string_lossy().into_owned();
        let path = copy.to_str().expect("a UTF-8 path").to_string();
        let sections = section_count(&sandbox, &path);
        table.extend(marginalia(&sandbox, &name, &path, sections, rounds));
        if let Some(less) = &less {
            table.extend(less_series(&sandbox, less, &name, &path, rounds));
        }
    }
    print_table(&table);
}

/// The number of sections, from `marginalia outline`.
fn section_count(sandbox: &Sandbox, path: &str) -> usize {
    let output = std::process::Command::new(support::marginalia_bin())
        .args(["outline", path])
        .current_dir(sandbox.root())
        .output()
        .expect("run marginalia outline");
    assert!(output.status.success(), "marginalia outline {path} failed");
    String::from_utf8_lossy(&output.stdout).lines().count()
}

fn last_line(text: &str) -> &str {
    text.lines().last().unwrap_or("")
}

/// Sends `keys` and times the first changed frame that satisfies `ready`.
fn time_key(session: &mut Session, keys: &str, ready: impl Fn(&str) -> bool) -> Option<Timing> {
    let after = session.frame_count();
    let cpu_before = session.cpu_time();
    let sent = Instant::now();
    session.send(keys);
    let (_, frame) = session.wait_frame(after, REDRAW_WAIT, ready)?;
    Some(Timing {
        wall: frame.at.duration_since(sent),
        cpu: session
            .cpu_time()
            .zip(cpu_before)
            .map(|(after, before)| after - before),
    })
}

/// Times a new session from its spawn to the first frame that satisfies `ready`.
fn time_first_screen(session: &Session, ready: impl Fn(&str) -> bool) -> Option<Timing> {
    let (_, frame) = session.wait_frame(0, support::TIMEOUT, ready)?;
    Some(Timing {
        wall: frame.at.duration_since(session.started()),
        cpu: session.cpu_time(),
    })
}

fn last_frame_text(session: &Session) -> String {
    session.last_frame().map(|f| f.text).unwrap_or_default()
}

fn marginalia(
    sandbox: &Sandbox,
    name: &str,
    path: &str,
    sections: usize,
    rounds: usize,
) -> Vec<Series> {
    let program = "marginalia";
    let status_drawn = |text: &str| last_line(text).contains("? help");

    let mut first = Series::new(name, program, "first screen");
    for _ in 0..rounds {
        let mut session = sandbox.marginalia(&[path], COLS, ROWS);
        first.record(time_first_screen(&session, status_drawn));
        session.kill();
    }

    let mut session = sandbox.marginalia(&[path], COLS, ROWS);
    session
        .wait_frame(0, support::TIMEOUT, status_drawn)
        .expect("the first screen");
    let any = |_: &str| true;

    // Neither page down nor G changes anything at the end.
    let at_end = |session: &Session| last_line(&last_frame_text(session)).contains("100%");
    let mut page = Series::new(name, program, "page down (Space)");
    for _ in 0..rounds {
        if at_end(&session) {
            time_key(&mut session, "g", any);
        }
        page.record(time_key(&mut session, " ", any));
    }

    let mut end = Series::new(name, program, "jump to end (G)");
    if at_end(&session) {
        time_key(&mut session, "g", any);
    }
    for _ in 0..rounds {
        end.record(time_key(&mut session, "G", any));
        time_key(&mut session, "g", any);
    }

    // From the top, `]` can be pressed once less than there are sections
    // before it has nowhere to go.
    let mut section = Series::new(name, program, "next section (])");
    let mut moved = 0;
    for _ in 0..rounds {
        if moved + 1 >= sections {
            time_key(&mut session, "g", any);
            moved = 0;
        }
        section.record(time_key(&mut session, "]", any));
        moved += 1;
    }

    let mut search = Series::new(name, program, "search: first letter (/e)");
    for _ in 0..rounds {
        time_key(&mut session, "/", any);
        search.record(time_key(&mut session, "e", any));
        time_key(&mut session, "\x1b", any);
    }
    session.kill();
    vec![first, page, end, section, search]
}

fn less_series(
    sandbox: &Sandbox,
    less: &Path,
    name: &str,
    path: &str,
    rounds: usize,
) -> Vec<Series> {
    let program = "less";
    let spawn = || {
        let mut cmd = sandbox.command(less.to_str().expect("a UTF-8 path"), &[path]);
        cmd.env("LESSCHARSET", "utf-8");
        cmd.env("LESSHISTFILE", "-");
        Session::spawn(cmd, COLS, ROWS, None)
    };
    // less ends each screen with its prompt: the file name at first, then
    // ":" or "(END)".
    let prompt = |text: &str| {
        let last = last_line(text).trim();
        last == ":" || last.starts_with("(END)") || last.contains(name)
    };

    let mut first = Series::new(name, program, "first screen");
    for _ in 0..rounds {
        let mut session = spawn();
        first.record(time_first_screen(&session, prompt));
        session.kill();
    }

    let mut session = spawn();
    session
        .wait_frame(0, support::TIMEOUT, prompt)
        .expect("less's first screen");
    let at_end = |session: &Session| last_line(&last_frame_text(session)).contains("(END)");
    let mut page = Series::new(name, program, "page down (Space)");
    for _ in 0..rounds {
        if at_end(&session) {
            time_key(&mut session, "g", prompt);
        }
        page.record(time_key(&mut session, " ", prompt));
    }
    let mut end = Series::new(name, program, "jump to end (G)");
    if at_end(&session) {
        time_key(&mut session, "g", prompt);
    }
    for _ in 0..rounds {
        end.record(time_key(&mut session, "G", prompt));
        time_key(&mut session, "g", prompt);
    }
    session.kill();
    vec![first, page, end]
}

fn millis(d: Option<Duration>) -> String {
    d.map(|d| format!("{:.2} ms", d.as_secs_f64() * 1000.0))
        .unwrap_or_else(|| "—".into())
}

fn print_table(table: &[Series]) {
    println!();
    println!(
        "| File | Operation | Program | Runs | Median | p99 | Median vs less | CPU median | CPU p99 | Missed |"
    );
    println!("|---|---|---|---|---|---|---|---|---|---|");
    for series in table {
        let median = quantile(&series.times, 0.5);
        let versus = match series.program {
            "less" => "—".to_string(),
            _ => table
                .iter()
                .find(|s| {
                    s.program == "less" && s.file == series.file && s.operation == series.operation
                })
                .and_then(|less| quantile(&less.times, 0.5))
                .zip(median)
                .map(|(less, ours)| format!("{:.2}×", ours.as_secs_f64() / less.as_secs_f64()))
                .unwrap_or_else(|| "—".into()),
        };
        println!(
            "| {} | {} | {} | {} | {} | {} | {} | {} | {} | {} |",
            series.file,
            series.operation,
            series.program,
            series.times.len(),
            millis(median),
            millis(quantile(&series.times, 0.99)),
            versus,
            millis(quantile(&series.cpu, 0.5)),
            millis(quantile(&series.cpu, 0.99)),
            series.missed
        );
    }
}
