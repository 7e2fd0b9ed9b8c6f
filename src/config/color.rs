//! A colour as a config or theme file writes it: the terminal's default, one
//! of the 16 ANSI colours, or RGB. Plain data: the reader turns it into a
//! terminal style, exports into a print colour.

use serde::Deserialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Color {
    Default,
    /// ANSI index 0-15.
    Ansi(u8),
    Rgb(u8, u8, u8),
}

const ANSI_NAMES: [&str; 16] = [
    "black",
    "red",
    "green",
    "yellow",
    "blue",
    "magenta",
    "cyan",
    "white",
    "bright-black",
    "bright-red",
    "bright-green",
    "bright-yellow",
    "bright-blue",
    "bright-magenta",
    "bright-cyan",
    "bright-white",
];

/// The xterm palette's RGB for the 16 ANSI colours, for print.
const ANSI_RGB: [(u8, u8, u8); 16] = [
    (0x00, 0x00, 0x00),
    (0xcd, 0x00, 0x00),
    (0x00, 0xcd, 0x00),
    (0xcd, 0xcd, 0x00),
    (0x00, 0x00, 0xee),
    (0xcd, 0x00, 0xcd),
    (0x00, 0xcd, 0xcd),
    (0xe5, 0xe5, 0xe5),
    (0x7f, 0x7f, 0x7f),
    (0xff, 0x00, 0x00),
    (0x00, 0xff, 0x00),
    (0xff, 0xff, 0x00),
    (0x5c, 0x5c, 0xff),
    (0xff, 0x00, 0xff),
    (0x00, 0xff, 0xff),
    (0xff, 0xff, 0xff),
];

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("\"{0}\" is not a colour (use #rrggbb, an ANSI name or \"default\")")]
pub struct NotAColor(pub String);

impl Color {
    pub fn parse(text: &str) -> Result<Color, NotAColor> {
        let text = text.trim();
        if text.eq_ignore_ascii_case("default") {
            return Ok(Color::Default);
        }
        if let Some(hex) = text.strip_prefix('#')
            && hex.len() == 6
            && hex.chars().all(|c| c.is_ascii_hexdigit())
        {
            let byte = |i: usize| u8::from_str_radix(&hex[i..i + 2], 16).unwrap_or(0);
            return Ok(Color::Rgb(byte(0), byte(2), byte(4)));
        }
        let lower = text.to_ascii_lowercase().replace('_', "-");
        ANSI_NAMES
            .iter()
            .position(|n| *n == lower)
            .map(|i| Color::Ansi(i as u8))
            .ok_or_else(|| NotAColor(text.to_string()))
    }

    /// As `#rrggbb` (ANSI colours by the xterm palette); `None` for the
    /// terminal's default, which has no colour of its own.
    pub fn hex(&self) -> Option<String> {
        let (r, g, b) = match *self {
            Color::Default => return None,
            Color::Ansi(i) => ANSI_RGB[usize::from(i) % 16],
            Color::Rgb(r, g, b) => (r, g, b),
        };
        Some(format!("#{r:02x}{g:02x}{b:02x}"))
    }
}

impl<'de> Deserialize<'de> for Color {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = String::deserialize(d)?;
        Color::parse(&text).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn colours_parse() {
        assert_eq!(Color::parse("#0a0B0c"), Ok(Color::Rgb(10, 11, 12)));
        assert_eq!(Color::parse("bright-blue"), Ok(Color::Ansi(12)));
        assert_eq!(Color::parse("Default"), Ok(Color::Default));
        assert!(Color::parse("#12345").is_err());
    }

    #[test]
    fn colours_print_as_hex() {
        assert_eq!(Color::Rgb(10, 11, 12).hex().as_deref(), Some("#0a0b0c"));
        assert_eq!(
            Color::parse("red").unwrap().hex().as_deref(),
            Some("#cd0000")
        );
        assert_eq!(Color::Default.hex(), None);
    }
}
