//! Entering and leaving the terminal's full-screen mode, so that it is
//! restored on every way out: quit, error, panic, SIGTERM, SIGHUP, SIGINT,
//! SIGQUIT, SIGUSR1, and around a suspension (Ctrl-Z or SIGTSTP).

use std::io::{self, Stdout, stdout};
use std::sync::Arc;
use std::sync::atomic::AtomicBool;

use ratatui::Terminal;
use ratatui::backend::CrosstermBackend;
use ratatui::crossterm::cursor::Show;
use ratatui::crossterm::event::{DisableMouseCapture, EnableMouseCapture};
use ratatui::crossterm::execute;
use ratatui::crossterm::terminal::{
    EnterAlternateScreen, LeaveAlternateScreen, disable_raw_mode, enable_raw_mode,
};

pub type Term = Terminal<CrosstermBackend<Stdout>>;

/// Holds the terminal in full-screen mode; dropping it restores the terminal.
pub struct TerminalGuard {
    pub terminal: Term,
}

impl TerminalGuard {
    pub fn enter() -> io::Result<TerminalGuard> {
        install_panic_hook();
        enter_full_screen()?;
        let terminal = Terminal::new(CrosstermBackend::new(stdout()))?;
        Ok(TerminalGuard { terminal })
    }

    /// Gives the terminal back to the shell while the process is stopped
    /// (Ctrl-Z, or SIGTSTP from outside), then takes it again and redraws
    /// everything on `fg` (SIGCONT).
    #[cfg(unix)]
    pub fn suspend(&mut self) -> io::Result<()> {
        restore();
        // SIGTSTP is caught (see `suspend_flag`), so the stop is SIGSTOP's.
        signal_hook::low_level::emulate_default_handler(signal_hook::consts::SIGTSTP)?;
        enter_full_screen()?;
        // `resize` clears and makes the next frame redraw everything; unlike
        // `clear` it does not ask the terminal for the cursor position, an
        // answer the event thread would swallow.
        let size = self.terminal.size()?;
        self.terminal
            .resize(ratatui::layout::Rect::new(0, 0, size.width, size.height))
    }
}

impl Drop for TerminalGuard {
    fn drop(&mut self) {
        restore();
    }
}

fn enter_full_screen() -> io::Result<()> {
    enable_raw_mode()?;
    execute!(stdout(), EnterAlternateScreen, EnableMouseCapture)
}

/// Whether there is a terminal to read keys from: standard input, or the
/// controlling terminal when standard input is a pipe or a file.
pub fn keyboard_available() -> bool {
    use std::io::IsTerminal;
    std::io::stdin().is_terminal()
        || std::fs::OpenOptions::new()
            .read(true)
            .write(true)
            .open("/dev/tty")
            .is_ok_and(|tty| tty.is_terminal())
}

/// Leaves full-screen mode. Safe to call more than once.
pub fn restore() {
    let _ = disable_raw_mode();
    let _ = execute!(stdout(), DisableMouseCapture, LeaveAlternateScreen, Show);
}

fn install_panic_hook() {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        // The message must land on a normal screen, not the alternate one.
        restore();
        previous(info);
    }));
}

/// A flag raised by every signal whose default would end the program with
/// the terminal in raw mode (SIGTERM, SIGHUP, SIGINT, SIGQUIT, SIGUSR1), for
/// the event loop to leave cleanly, saving what it holds. (In raw mode
/// Ctrl-C and Ctrl-\ are keys, so these come from outside.)
pub fn termination_flag() -> io::Result<Arc<AtomicBool>> {
    let flag = Arc::new(AtomicBool::new(false));
    #[cfg(unix)]
    {
        use signal_hook::consts::{SIGHUP, SIGINT, SIGQUIT, SIGTERM, SIGUSR1};
        for signal in [SIGTERM, SIGHUP, SIGINT, SIGQUIT, SIGUSR1] {
            signal_hook::flag::register(signal, Arc::clone(&flag))?;
        }
    }
    Ok(flag)
}

/// A flag raised by SIGTSTP from outside (`kill -TSTP`), for the event loop
/// to suspend as Ctrl-Z does: left to its default, the stop would leave the
/// terminal in raw mode and the reader would not redraw on `fg`.
pub fn suspend_flag() -> io::Result<Arc<AtomicBool>> {
    let flag = Arc::new(AtomicBool::new(false));
    #[cfg(unix)]
    signal_hook::flag::register(signal_hook::consts::SIGTSTP, Arc::clone(&flag))?;
    Ok(flag)
}
