//! What the terminal's own colours are, so that a theme can be told apart
//! as made for this kind of terminal or the other, and the default theme
//! can shade its highlights from the terminal's real background.
//!
//! Asked once, before the screen is taken over: OSC 10 and 11 (foreground
//! and background), followed by a device-attributes query that every
//! terminal answers, so one that ignores the colour query is known at once
//! instead of after the time limit (`terminal-colorsaurus` does the asking,
//! in raw mode on the controlling terminal, reading every answer it asked
//! for, so nothing reaches the screen or the input). Where there is no
//! answer, `COLORFGBG` (set by rxvt, Konsole and others) is the fallback.

use std::time::{Duration, Instant};

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use serde::Deserialize;

use crate::config::Color;

/// How long the terminal gets to answer. A local terminal answers in well
/// under a millisecond; one that never will is usually found out by the
/// device-attributes answer coming first, so this is only for slow links.
const ANSWER_TIME: Duration = Duration::from_millis(250);

/// Dark text on light, or light on dark.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum TerminalKind {
    Dark,
    Light,
}

impl TerminalKind {
    pub fn name(self) -> &'static str {
        match self {
            TerminalKind::Dark => "dark",
            TerminalKind::Light => "light",
        }
    }
}

/// The terminal's default colours, as far as they are known.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct TerminalColors {
    pub foreground: Option<(u8, u8, u8)>,
    pub background: Option<(u8, u8, u8)>,
    /// Known from the colours, or from `COLORFGBG` when they are not.
    pub kind: Option<TerminalKind>,
}

impl TerminalColors {
    /// Asks the terminal, else reads `COLORFGBG`. Only to be called while
    /// the terminal is in its normal mode and nothing else reads from it.
    pub fn detect() -> TerminalColors {
        let options = {
            let mut options = terminal_colorsaurus::QueryOptions::default();
            options.timeout = ANSWER_TIME;
            options
        };
        match terminal_colorsaurus::color_palette(options) {
            Ok(palette) => {
                let kind = match palette.theme_mode() {
                    terminal_colorsaurus::ThemeMode::Dark => TerminalKind::Dark,
                    terminal_colorsaurus::ThemeMode::Light => TerminalKind::Light,
                };
                TerminalColors {
                    foreground: Some(palette.foreground.scale_to_8bit()),
                    background: Some(palette.background.scale_to_8bit()),
                    kind: Some(kind),
                }
            }
            Err(_) => TerminalColors {
                kind: std::env::var("COLORFGBG")
                    .ok()
                    .and_then(|v| kind_from_colorfgbg(&v)),
                ..TerminalColors::default()
            },
        }
    }

    /// A highlight for a theme that leaves it to the terminal: `share` of
    /// the way from the background towards `towards` (the foreground when
    /// `None`). `None` when the terminal did not say its colours.
    pub fn shade(&self, towards: Option<(u8, u8, u8)>, share: f32) -> Option<Color> {
        let background = self.background?;
        let towards = towards.or(self.foreground)?;
        let mix = |a: u8, b: u8| (a as f32 + (b as f32 - a as f32) * share).round() as u8;
        Some(Color::Rgb(
            mix(background.0, towards.0),
            mix(background.1, towards.1),
            mix(background.2, towards.2),
        ))
    }
}

/// How long after the question a late answer is still looked for: long
/// enough for a slow link, short enough that Alt-] is the user's again soon.
const LATE_ANSWER_WINDOW: Duration = Duration::from_secs(5);

/// The most keys an answer is taken to be (`ESC ] 11 ; rgb:RRRR/GGGG/BBBB
/// ESC \` comes as 24), so an answer cut short cannot eat the typing after it.
const LONGEST_ANSWER: usize = 64;

/// Drops a colour answer that arrives after `detect` gave up waiting.
/// crossterm knows no OSC answers, so it hands one on as keys (`ESC ]` as
/// Alt-], then `11;rgb:…` one character at a time, `/` opening a search),
/// ending with Alt-\ (ST) or Ctrl-G (BEL). Those keys are swallowed, from
/// an Alt-] to the end of the answer, for a few seconds after asking.
#[derive(Debug)]
pub struct LateAnswers {
    asked_at: Instant,
    /// Keys taken so far of the answer being swallowed, if one is.
    inside: Option<usize>,
}

impl LateAnswers {
    pub fn asked_at(asked_at: Instant) -> LateAnswers {
        LateAnswers {
            asked_at,
            inside: None,
        }
    }

    /// Whether `key`, arriving at `now`, is part of a late answer.
    pub fn swallows(&mut self, key: &KeyEvent, now: Instant) -> bool {
        let is = |c: char, modifiers: KeyModifiers| {
            key.code == KeyCode::Char(c) && key.modifiers == modifiers
        };
        match self.inside {
            None => {
                let starts = is(']', KeyModifiers::ALT)
                    && now.duration_since(self.asked_at) < LATE_ANSWER_WINDOW;
                if starts {
                    self.inside = Some(1);
                }
                starts
            }
            Some(taken) => {
                let ends = is('\\', KeyModifiers::ALT) || is('g', KeyModifiers::CONTROL);
                self.inside = (!ends && taken + 1 < LONGEST_ANSWER).then_some(taken + 1);
                true
            }
        }
    }
}

/// `COLORFGBG` is `FG;BG` (sometimes `FG;default;BG`) in ANSI colour
/// numbers: a background of 0–6 or 8 is dark, 7 or 9–15 light (as vim
/// reads it).
fn kind_from_colorfgbg(value: &str) -> Option<TerminalKind> {
    let background: u8 = value.rsplit(';').next()?.trim().parse().ok()?;
    match background {
        0..=6 | 8 => Some(TerminalKind::Dark),
        7 | 9..=15 => Some(TerminalKind::Light),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn colorfgbg_names_the_background_last() {
        assert_eq!(kind_from_colorfgbg("15;0"), Some(TerminalKind::Dark));
        assert_eq!(kind_from_colorfgbg("0;15"), Some(TerminalKind::Light));
        assert_eq!(
            kind_from_colorfgbg("0;default;7"),
            Some(TerminalKind::Light)
        );
        assert_eq!(kind_from_colorfgbg("12;8"), Some(TerminalKind::Dark));
        assert_eq!(kind_from_colorfgbg("15;default"), None);
        assert_eq!(kind_from_colorfgbg(""), None);
        assert_eq!(kind_from_colorfgbg("0;200"), None);
    }

    fn keys(text: &str) -> Vec<KeyEvent> {
        let mut keys = Vec::new();
        let mut chars = text.chars();
        while let Some(c) = chars.next() {
            keys.push(match c {
                '\x1b' => KeyEvent::new(KeyCode::Char(chars.next().unwrap()), KeyModifiers::ALT),
                '\x07' => KeyEvent::new(KeyCode::Char('g'), KeyModifiers::CONTROL),
                c => KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE),
            });
        }
        keys
    }

    /// The keys of `typed` that get through, `after` the question.
    fn through(typed: &str, after: Duration) -> String {
        let asked = Instant::now();
        let mut late = LateAnswers::asked_at(asked);
        keys(typed)
            .iter()
            .filter(|key| !late.swallows(key, asked + after))
            .map(|key| match key.code {
                KeyCode::Char(c) if key.modifiers == KeyModifiers::ALT => format!("M-{c}"),
                KeyCode::Char(c) => c.to_string(),
                _ => "?".into(),
            })
            .collect()
    }

    #[test]
    fn late_colour_answers_are_swallowed_and_the_keys_around_them_kept() {
        let answers = "\x1b]10;rgb:ffff/ffff/ffff\x1b\\\x1b]11;rgb:0000/0000/0000\x07";
        let second = Duration::from_secs(1);
        assert_eq!(through(&format!("j{answers}k"), second), "jk");
        // Long after asking, Alt-] is a key like any other.
        assert_eq!(through("\x1b]/x", Duration::from_secs(60)), "M-]/x");
        // An answer cut short ends after the longest one could be.
        let endless = format!("\x1b]11;{}", "f".repeat(200));
        let kept = keys(&endless).len() - LONGEST_ANSWER;
        assert_eq!(through(&endless, second), "f".repeat(kept));
    }

    #[test]
    fn shades_lie_between_the_background_and_the_foreground() {
        let light = TerminalColors {
            foreground: Some((0, 0, 0)),
            background: Some((255, 255, 255)),
            kind: Some(TerminalKind::Light),
        };
        assert_eq!(light.shade(None, 0.1), Some(Color::Rgb(230, 230, 230)));
        assert_eq!(
            light.shade(Some((224, 160, 0)), 0.5),
            Some(Color::Rgb(240, 208, 128))
        );
        assert_eq!(TerminalColors::default().shade(None, 0.1), None);
    }
}
