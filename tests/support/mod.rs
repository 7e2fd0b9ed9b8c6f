//! Runs the real `marginalia` binary in a pseudo-terminal and reads its
//! screen through a vt100 parser, the way a user's terminal would show it.
//!
//! Shared by `tests/e2e.rs` and `benches/pty_latency.rs`, so each uses only
//! part of it.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Condvar, Mutex, MutexGuard};
use std::thread;
use std::time::{Duration, Instant};

pub mod http;

use portable_pty::{Child, CommandBuilder, ExitStatus, MasterPty, PtySize, native_pty_system};

/// How long any wait lasts before the test fails: generous, because CI
/// machines are small and busy.
pub const TIMEOUT: Duration = Duration::from_secs(10);

/// What ratatui writes after every frame it draws (it hides the cursor at
/// the end of each draw), so a frame is complete when this arrives.
pub const RATATUI_FRAME_END: &[u8] = b"\x1b[?25l";

pub const REPO: &str = env!("CARGO_MANIFEST_DIR");

/// The program exited by itself, with status 0, and left no panic behind.
pub fn assert_clean_exit(session: &mut Session) {
    let status = session.wait_exit();
    let text = session.text();
    assert!(!text.contains("panicked"), "a panic:\n{text}");
    assert!(
        status.success(),
        "exit status {status:?}; the screen:\n{text}"
    );
}

/// The first file called `program` in a folder on `PATH`.
pub fn find_in_path(program: &str) -> Option<PathBuf> {
    std::env::split_paths(&std::env::var_os("PATH")?)
        .map(|dir| dir.join(program))
        .find(|path| path.is_file())
}

/// The binary under test, built by cargo for integration tests and benches.
pub fn marginalia_bin() -> &'static str {
    env!("CARGO_BIN_EXE_marginalia")
}

/// A throwaway home for one run: config, state and articles all inside a
/// temporary folder, so nothing touches the user's files or the repository.
pub struct Sandbox {
    dir: tempfile::TempDir,
}

impl Sandbox {
    pub fn new() -> Sandbox {
        let dir = tempfile::tempdir().expect("create a temporary folder");
        for sub in ["home", "config", "state", "articles"] {
            std::fs::create_dir_all(dir.path().join(sub)).expect("create a sandbox folder");
        }
        Sandbox { dir }
    }

    pub fn root(&self) -> &Path {
        self.dir.path()
    }

    pub fn articles(&self) -> PathBuf {
        self.root().join("articles")
    }

    /// Where `MARGINALIA_STATE_DIR` points: the reader's memory lives here.
    pub fn state(&self) -> PathBuf {
        self.root().join("state")
    }

    /// Copies a file into the sandbox's articles folder, keeping its name.
    pub fn copy_in(&self, source: impl AsRef<Path>) -> PathBuf {
        let source = source.as_ref();
        let target = self
            .articles()
            .join(source.file_name().expect("a file name"));
        std::fs::copy(source, &target).unwrap_or_else(|e| panic!("copy {}: {e}", source.display()));
        target
    }

    /// Copies one of the shipped articles (`articles/NAME`).
    pub fn shipped_article(&self, name: &str) -> PathBuf {
        self.copy_in(Path::new(REPO).join("articles").join(name))
    }

    /// Copies a test fixture (`tests/fixtures/NAME`).
    pub fn fixture(&self, name: &str) -> PathBuf {
        self.copy_in(Path::new(REPO).join("tests/fixtures").join(name))
    }

    /// The environment every command runs with: every config and state
    /// folder inside the sandbox, a terminal type and a login name.
    fn environment(&self) -> Vec<(&'static str, std::ffi::OsString)> {
        let mut vars = vec![
            ("HOME", self.root().join("home").into_os_string()),
            (
                "XDG_CONFIG_HOME",
                self.root().join("config").into_os_string(),
            ),
            ("XDG_STATE_HOME", self.root().join("state").into_os_string()),
            ("MARGINALIA_STATE_DIR", self.state().into_os_string()),
            ("TERM", "xterm-256color".into()),
            // A login name, as any terminal has, so the reader has a name
            // without asking (tests of the question unset it).
            ("USER", "tester".into()),
        ];
        // Only to find helper programs (sh, stty, less); marginalia reads none.
        if let Some(path) = std::env::var_os("PATH") {
            vars.push(("PATH", path));
        }
        vars
    }

    /// A command with a clean environment that points every config and
    /// state folder into the sandbox, run from the sandbox's root.
    pub fn command(&self, program: &str, args: &[&str]) -> CommandBuilder {
        let mut cmd = CommandBuilder::new(program);
        cmd.args(args);
        cmd.env_clear();
        for (name, value) in self.environment() {
            cmd.env(name, value);
        }
        cmd.cwd(self.root());
        cmd
    }

    /// The same, without a terminal: for subcommands run as a script would.
    pub fn script(&self, args: &[&str]) -> std::process::Command {
        let mut cmd = std::process::Command::new(marginalia_bin());
        cmd.args(args);
        cmd.env_clear();
        cmd.envs(self.environment());
        cmd.current_dir(self.root());
        cmd
    }

    /// `marginalia ARGS` in a pseudo-terminal of `cols` × `rows`.
    pub fn marginalia(&self, args: &[&str], cols: u16, rows: u16) -> Session {
        Session::spawn(
            self.command(marginalia_bin(), args),
            cols,
            rows,
            Some(RATATUI_FRAME_END),
        )
    }
}

/// A memory figure (`VmRSS:`, `VmHWM:`) of process `pid`, in bytes.
pub fn proc_status_bytes(pid: u32, field: &str) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let line = status.lines().find(|l| l.starts_with(field))?;
    let kib: u64 = line[field.len()..]
        .trim()
        .trim_end_matches("kB")
        .trim()
        .parse()
        .ok()?;
    Some(kib * 1024)
}

/// Terminal requests that change no cell: a program that prints text it
/// does not control may let these through, and none should ever arrive.
#[derive(Debug, Default, Clone)]
pub struct Requests {
    pub window_titles: Vec<String>,
    pub clipboard_writes: Vec<String>,
    pub other_osc: Vec<String>,
}

impl vt100::Callbacks for Requests {
    fn set_window_title(&mut self, _: &mut vt100::Screen, title: &[u8]) {
        self.window_titles
            .push(String::from_utf8_lossy(title).into_owned());
    }

    fn set_window_icon_name(&mut self, _: &mut vt100::Screen, name: &[u8]) {
        self.window_titles
            .push(String::from_utf8_lossy(name).into_owned());
    }

    fn copy_to_clipboard(&mut self, _: &mut vt100::Screen, _ty: &[u8], data: &[u8]) {
        self.clipboard_writes
            .push(String::from_utf8_lossy(data).into_owned());
    }

    fn unhandled_osc(&mut self, _: &mut vt100::Screen, params: &[&[u8]]) {
        let shown: Vec<_> = params.iter().map(|p| String::from_utf8_lossy(p)).collect();
        self.other_osc.push(shown.join(";"));
    }
}

/// What a terminal answers when asked its colours (OSC 10 and 11) and its
/// device attributes (DA1, which every terminal answers). A colour left
/// `None` is a terminal that ignores that query.
#[derive(Debug, Clone, Copy, Default)]
pub struct TerminalAnswers {
    pub foreground: Option<(u8, u8, u8)>,
    pub background: Option<(u8, u8, u8)>,
}

impl TerminalAnswers {
    /// The reply to query `which` (0: OSC 10, 1: OSC 11, 2: DA1).
    fn reply(&self, which: usize) -> Vec<u8> {
        let colour = |number: u8, rgb: Option<(u8, u8, u8)>| match rgb {
            // As xterm answers: 16 bits a channel, ended by ST.
            Some((r, g, b)) => {
                format!("\x1b]{number};rgb:{r:02x}{r:02x}/{g:02x}{g:02x}/{b:02x}{b:02x}\x1b\\")
                    .into_bytes()
            }
            None => Vec::new(),
        };
        match which {
            0 => colour(10, self.foreground),
            1 => colour(11, self.background),
            _ => b"\x1b[?62;22c".to_vec(),
        }
    }
}

/// A completed frame whose text differs from the one before.
#[derive(Debug, Clone)]
pub struct Frame {
    /// When the frame's last byte was read from the terminal.
    pub at: Instant,
    pub text: String,
}

/// Everything the reader thread learns from the program's output.
struct Output {
    parser: vt100::Parser<Requests>,
    raw: Vec<u8>,
    /// Bytes that end a frame; `None` treats every read as one.
    frame_end: Option<&'static [u8]>,
    frames: Vec<Frame>,
    last_frame_text: String,
    /// The program closed the terminal: nothing more will arrive.
    closed: bool,
    /// How far `raw` has been searched for queries to answer.
    answered_up_to: usize,
    /// The last read ended inside a frame (after its last frame end).
    mid_frame: bool,
    /// When the last bytes were read.
    last_read: Instant,
}

/// How long output must pause, inside a frame, before the screen counts as
/// drawn: a frame is written at once, so only a program that writes
/// without frames (a prompt before the reader starts) pauses inside one.
const SETTLE: Duration = Duration::from_millis(40);

impl Output {
    /// Whether the screen is not half drawn: the last read ended a frame,
    /// or nothing has come for a while, or nothing more will.
    fn settled(&self, now: Instant) -> bool {
        !self.mid_frame || self.closed || now.duration_since(self.last_read) >= SETTLE
    }

    fn feed(&mut self, chunk: &[u8], at: Instant) {
        let start = self.raw.len();
        self.raw.extend_from_slice(chunk);
        self.last_read = at;
        let Some(marker) = self.frame_end else {
            self.parser.process(chunk);
            self.end_frame(at);
            return;
        };
        // A marker may straddle two reads, so look back a little.
        let search_from = start.saturating_sub(marker.len() - 1);
        let mut fed = start;
        let mut i = search_from;
        while i + marker.len() <= self.raw.len() {
            if &self.raw[i..i + marker.len()] == marker && i + marker.len() > start {
                let end = i + marker.len();
                self.parser.process(&self.raw[fed..end]);
                fed = end;
                self.end_frame(at);
                i = end;
            } else {
                i += 1;
            }
        }
        self.parser.process(&self.raw[fed..]);
        self.mid_frame = fed < self.raw.len();
    }

    /// Answers each query that arrived since the last call, in order, as
    /// `answers` says this terminal would.
    fn answer_queries(&mut self, answers: &TerminalAnswers, writer: &Mutex<Box<dyn Write + Send>>) {
        const QUERIES: [&[u8]; 3] = [b"\x1b]10;?", b"\x1b]11;?", b"\x1b[c"];
        let mut replies = Vec::new();
        let mut i = self.answered_up_to;
        while i < self.raw.len() {
            let rest = &self.raw[i..];
            match QUERIES.iter().position(|q| rest.starts_with(q)) {
                Some(which) => {
                    replies.extend(answers.reply(which));
                    i += QUERIES[which].len();
                }
                // A query cut at the end of this read: wait for the rest.
                None if QUERIES.iter().any(|q| q.starts_with(rest)) => break,
                None => i += 1,
            }
        }
        self.answered_up_to = i;
        if !replies.is_empty() {
            let mut writer = writer.lock().unwrap_or_else(|e| e.into_inner());
            let _ = writer.write_all(&replies).and_then(|()| writer.flush());
        }
    }

    fn end_frame(&mut self, at: Instant) {
        let text = screen_text(self.parser.screen());
        if text != self.last_frame_text {
            self.frames.push(Frame {
                at,
                text: text.clone(),
            });
            self.last_frame_text = text;
        }
    }
}

struct Shared {
    output: Mutex<Output>,
    changed: Condvar,
    /// Set by [`Session::hang_up`]: the reader lets go of the terminal.
    hung_up: AtomicBool,
}

/// A program running in a pseudo-terminal.
pub struct Session {
    shared: Arc<Shared>,
    /// `None` once hung up.
    master: Option<Box<dyn MasterPty + Send>>,
    writer: Arc<Mutex<Box<dyn Write + Send>>>,
    child: Box<dyn Child + Send + Sync>,
    modes_at_start: String,
    started: Instant,
    exit: Option<ExitStatus>,
}

impl Session {
    /// Starts `cmd` in a new pseudo-terminal. `frame_end` is the byte
    /// sequence that ends each of the program's frames, if it has one.
    pub fn spawn(
        cmd: CommandBuilder,
        cols: u16,
        rows: u16,
        frame_end: Option<&'static [u8]>,
    ) -> Session {
        // Like nearly every terminal, it answers device attributes (DA1)
        // and not the colour queries.
        let answers = TerminalAnswers::default();
        Session::spawn_answering(cmd, cols, rows, frame_end, Some(answers))
    }

    /// [`Session::spawn`] with a terminal that answers the queries of
    /// `answers` as a real one would, or none (as vt100 alone does).
    pub fn spawn_answering(
        cmd: CommandBuilder,
        cols: u16,
        rows: u16,
        frame_end: Option<&'static [u8]>,
        answers: Option<TerminalAnswers>,
    ) -> Session {
        let pair = native_pty_system()
            .openpty(pty_size(cols, rows))
            .expect("open a pseudo-terminal");
        let modes_at_start = modes(&*pair.master);
        let output = Output {
            parser: vt100::Parser::new_with_callbacks(
                nonzero(rows),
                nonzero(cols),
                0,
                Requests::default(),
            ),
            raw: Vec::new(),
            frame_end,
            frames: Vec::new(),
            last_frame_text: String::new(),
            closed: false,
            answered_up_to: 0,
            mid_frame: false,
            last_read: Instant::now(),
        };
        let shared = Arc::new(Shared {
            output: Mutex::new(output),
            changed: Condvar::new(),
            hung_up: AtomicBool::new(false),
        });
        let mut reader = pair
            .master
            .try_clone_reader()
            .expect("read the pseudo-terminal");
        let writer: Arc<Mutex<Box<dyn Write + Send>>> = Arc::new(Mutex::new(
            pair.master
                .take_writer()
                .expect("write the pseudo-terminal"),
        ));
        let answerer = answers.map(|answers| (answers, Arc::clone(&writer)));
        let started = Instant::now();
        let child = pair.slave.spawn_command(cmd).expect("start the program");
        // Only the child may hold the terminal's other end, so that reading
        // ends when the child does.
        drop(pair.slave);
        let feeder = Arc::clone(&shared);
        thread::spawn(move || {
            let mut buf = vec![0u8; 64 * 1024];
            loop {
                let read = reader.read(&mut buf);
                let at = Instant::now();
                let mut output = feeder.output.lock().unwrap_or_else(|e| e.into_inner());
                match read {
                    Ok(n) if n > 0 && !feeder.hung_up.load(Ordering::SeqCst) => {
                        output.feed(&buf[..n], at);
                        if let Some((answers, writer)) = &answerer {
                            output.answer_queries(answers, writer);
                        }
                    }
                    _ => {
                        output.closed = true;
                        feeder.changed.notify_all();
                        return;
                    }
                }
                drop(output);
                feeder.changed.notify_all();
            }
        });
        Session {
            shared,
            master: Some(pair.master),
            writer,
            child,
            modes_at_start,
            started,
            exit: None,
        }
    }

    fn master(&self) -> &dyn MasterPty {
        self.master.as_deref().expect("the terminal was hung up")
    }

    fn output(&self) -> MutexGuard<'_, Output> {
        self.shared.output.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// When the program was started.
    pub fn started(&self) -> Instant {
        self.started
    }

    /// Types `keys` as raw bytes: "j", "\r" for Enter, "\x1b" for Esc. A lone
    /// Esc followed at once by more bytes reads as Alt+key, so after an Esc
    /// wait for its effect before typing on.
    pub fn send(&mut self, keys: &str) {
        let mut writer = self.writer.lock().unwrap_or_else(|e| e.into_inner());
        writer
            .write_all(keys.as_bytes())
            .and_then(|()| writer.flush())
            .expect("write to the pseudo-terminal");
    }

    /// Runs `f` on the screen as it is now.
    /// `f` of the screen, once it is not half drawn (see [`SETTLE`]).
    pub fn with_screen<R>(&self, f: impl FnOnce(&vt100::Screen) -> R) -> R {
        let output = self.settled_output(Instant::now() + TIMEOUT);
        f(output.parser.screen())
    }

    /// The output once its screen is not half drawn, or at `deadline`.
    fn settled_output(&self, deadline: Instant) -> MutexGuard<'_, Output> {
        let mut output = self.output();
        loop {
            let now = Instant::now();
            if output.settled(now) || now >= deadline {
                return output;
            }
            let wait = (output.last_read + SETTLE).saturating_duration_since(now);
            output = self
                .shared
                .changed
                .wait_timeout(output, wait.min(deadline - now))
                .unwrap_or_else(|e| e.into_inner())
                .0;
        }
    }

    /// The screen's text: see [`screen_text`].
    pub fn text(&self) -> String {
        self.with_screen(screen_text)
    }

    /// Each row of the screen, trailing spaces kept.
    pub fn rows(&self) -> Vec<String> {
        self.with_screen(screen_rows)
    }

    /// The bottom row: the reader's status line.
    pub fn status_line(&self) -> String {
        self.rows().pop().unwrap_or_default()
    }

    /// Everything the program wrote, byte for byte.
    pub fn raw_output(&self) -> Vec<u8> {
        self.output().raw.clone()
    }

    /// Titles, clipboard writes and other requests the terminal received.
    pub fn requests(&self) -> Requests {
        self.output().parser.callbacks().clone()
    }

    /// Waits until `ready` holds for the screen; fails the test, showing the
    /// screen, if it does not within [`TIMEOUT`].
    pub fn wait_until(&self, what: &str, ready: impl Fn(&vt100::Screen) -> bool) -> String {
        let deadline = Instant::now() + TIMEOUT;
        let mut output = self.output();
        loop {
            // A half-drawn screen can hold parts of two frames at once.
            output = {
                drop(output);
                self.settled_output(deadline)
            };
            if ready(output.parser.screen()) {
                return screen_text(output.parser.screen());
            }
            let now = Instant::now();
            if output.closed || now >= deadline {
                let why = if output.closed {
                    "the program closed the terminal"
                } else {
                    "timed out"
                };
                panic!(
                    "{why} while waiting for {what}; the screen:\n{}",
                    screen_text(output.parser.screen())
                );
            }
            output = self
                .shared
                .changed
                .wait_timeout(output, deadline - now)
                .unwrap_or_else(|e| e.into_inner())
                .0;
        }
    }

    /// Waits until `text` is on the screen and returns the screen.
    pub fn wait_for(&self, text: &str) -> String {
        self.wait_until(&format!("{text:?}"), |s| screen_text(s).contains(text))
    }

    /// Waits until `text` is no longer on the screen.
    pub fn wait_gone(&self, text: &str) -> String {
        self.wait_until(&format!("{text:?} to go"), |s| {
            !screen_text(s).contains(text)
        })
    }

    /// Waits until the status line contains `text`.
    pub fn wait_for_status(&self, text: &str) -> String {
        self.wait_until(&format!("{text:?} in the status line"), |s| {
            screen_rows(s).last().is_some_and(|row| row.contains(text))
        })
    }

    /// How many changed frames have been completed so far.
    pub fn frame_count(&self) -> usize {
        self.output().frames.len()
    }

    /// The latest changed frame.
    pub fn last_frame(&self) -> Option<Frame> {
        self.output().frames.last().cloned()
    }

    /// Waits, up to `timeout`, for a changed frame after the first `after`
    /// whose text satisfies `ready`; returns its index and the frame.
    pub fn wait_frame(
        &self,
        after: usize,
        timeout: Duration,
        ready: impl Fn(&str) -> bool,
    ) -> Option<(usize, Frame)> {
        let deadline = Instant::now() + timeout;
        let mut output = self.output();
        let mut checked = after;
        loop {
            if let Some(offset) = output.frames[checked..].iter().position(|f| ready(&f.text)) {
                let index = checked + offset;
                return Some((index, output.frames[index].clone()));
            }
            checked = output.frames.len();
            let now = Instant::now();
            if output.closed || now >= deadline {
                return None;
            }
            output = self
                .shared
                .changed
                .wait_timeout(output, deadline - now)
                .unwrap_or_else(|e| e.into_inner())
                .0;
        }
    }

    /// Resizes the terminal; the program hears of it by SIGWINCH.
    pub fn resize(&mut self, cols: u16, rows: u16) {
        // The parser first, so that what the program draws for the new size
        // is read at that size.
        self.output().parser.set_size(nonzero(rows), nonzero(cols));
        self.master()
            .resize(pty_size(cols, rows))
            .expect("resize the pseudo-terminal");
    }

    /// Closes the terminal as a closed window would: every handle on its
    /// side goes, and the kernel hangs up the program's end.
    pub fn hang_up(&mut self) {
        self.shared.hung_up.store(true, Ordering::SeqCst);
        // The reader thread lets go after its next read; a resize makes the
        // program draw, so that read comes.
        let (rows, cols) = self.with_screen(|s| s.size());
        self.resize(cols.get().saturating_add(1), rows.get());
        *self.writer.lock().unwrap_or_else(|e| e.into_inner()) = Box::new(std::io::sink());
        self.master = None;
    }

    /// Waits for the program to exit and for its last output to be read.
    pub fn wait_exit(&mut self) -> ExitStatus {
        if let Some(status) = &self.exit {
            return status.clone();
        }
        let deadline = Instant::now() + TIMEOUT;
        let status = loop {
            if let Some(status) = self.child.try_wait().expect("poll the program") {
                break status;
            }
            if Instant::now() >= deadline {
                panic!(
                    "the program did not exit within {TIMEOUT:?}; the screen:\n{}",
                    self.text()
                );
            }
            thread::sleep(Duration::from_millis(10));
        };
        self.wait_closed(deadline);
        self.exit = Some(status.clone());
        status
    }

    /// Waits until everything the program wrote has been read.
    fn wait_closed(&self, deadline: Instant) {
        let mut output = self.output();
        while !output.closed {
            let now = Instant::now();
            assert!(
                now < deadline,
                "the program exited but its terminal stayed open"
            );
            output = self
                .shared
                .changed
                .wait_timeout(output, deadline - now)
                .unwrap_or_else(|e| e.into_inner())
                .0;
        }
    }

    /// How long the program has run on a CPU so far, which load on the
    /// machine barely changes (Linux only: from /proc/PID/schedstat).
    pub fn cpu_time(&self) -> Option<Duration> {
        let pid = self.child.process_id()?;
        let stat = std::fs::read_to_string(format!("/proc/{pid}/schedstat")).ok()?;
        let nanos = stat.split_whitespace().next()?.parse().ok()?;
        Some(Duration::from_nanos(nanos))
    }

    /// The program's resident memory now, in bytes (Linux only: VmRSS in
    /// /proc/PID/status).
    pub fn resident_bytes(&self) -> Option<u64> {
        let pid = self.child.process_id()?;
        proc_status_bytes(pid, "VmRSS:")
    }

    /// Sends a signal ("TERM", "KILL", ...) to the program with kill(1).
    /// Ends the program at once and waits for it: for timed runs, where
    /// how it exits is not being measured.
    pub fn kill(&mut self) {
        self.signal("KILL");
        self.wait_exit();
    }

    pub fn signal(&self, name: &str) {
        let pid = self.child.process_id().expect("the program's process id");
        let status = std::process::Command::new("kill")
            .arg(format!("-{name}"))
            .arg(pid.to_string())
            .status()
            .expect("run kill");
        assert!(status.success(), "kill -{name} {pid} failed");
    }

    /// The program's state letter from /proc (`T` while stopped), Linux only.
    pub fn process_state(&self) -> Option<char> {
        let pid = self.child.process_id()?;
        let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
        // The name in parentheses may hold spaces; the state follows it.
        stat.rsplit_once(')')?.1.trim_start().chars().next()
    }

    /// The terminal's line discipline modes (canonical input, echo, ...) as
    /// the program left them.
    pub fn modes(&self) -> String {
        modes(self.master())
    }

    /// The modes before the program started: a cooked terminal.
    pub fn modes_at_start(&self) -> &str {
        &self.modes_at_start
    }
}

impl Drop for Session {
    fn drop(&mut self) {
        if self.exit.is_none() && matches!(self.child.try_wait(), Ok(None)) {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

/// The screen's text: each row, trailing spaces dropped, on its own line.
/// (vt100's own `contents` joins rows the program filled to the edge.)
pub fn screen_text(screen: &vt100::Screen) -> String {
    let rows: Vec<String> = screen_rows(screen)
        .iter()
        .map(|row| row.trim_end().to_string())
        .collect();
    rows.join("\n")
}

/// Each row of a screen as text, trailing spaces kept.
pub fn screen_rows(screen: &vt100::Screen) -> Vec<String> {
    let (_, cols) = screen.size();
    screen.rows(0, cols.get()).collect()
}

/// The first cell, as (row, column), where `needle` starts on the screen.
pub fn find_on_screen(screen: &vt100::Screen, needle: &str) -> Option<(u16, u16)> {
    let (rows, cols) = screen.size();
    for row in 0..rows.get() {
        let mut text = String::new();
        let mut columns = Vec::new();
        for col in 0..cols.get() {
            let Some(cell) = screen.cell(row, col) else {
                continue;
            };
            if cell.is_wide_continuation() {
                continue;
            }
            let contents = if cell.has_contents() {
                cell.contents()
            } else {
                " "
            };
            columns.extend(std::iter::repeat_n(col, contents.len()));
            text.push_str(contents);
        }
        if let Some(at) = text.find(needle) {
            return Some((row, columns[at]));
        }
    }
    None
}

/// Polls a file until `ready` holds for its text; fails the test otherwise.
pub fn wait_for_file(path: &Path, what: &str, ready: impl Fn(&str) -> bool) -> String {
    let deadline = Instant::now() + TIMEOUT;
    loop {
        if let Ok(text) = std::fs::read_to_string(path)
            && ready(&text)
        {
            return text;
        }
        assert!(
            Instant::now() < deadline,
            "timed out waiting for {what} in {}",
            path.display()
        );
        thread::sleep(Duration::from_millis(20));
    }
}

fn modes(master: &dyn MasterPty) -> String {
    let termios = master.get_termios().expect("read the terminal's modes");
    format!(
        "{:?} {:?} {:?} {:?}",
        termios.input_flags, termios.output_flags, termios.control_flags, termios.local_flags
    )
}

fn pty_size(cols: u16, rows: u16) -> PtySize {
    PtySize {
        rows,
        cols,
        pixel_width: 0,
        pixel_height: 0,
    }
}

fn nonzero(n: u16) -> std::num::NonZeroU16 {
    std::num::NonZeroU16::new(n).expect("a terminal is at least 1×1")
}
