//! Labels: what a passage can be tagged as. The one lookup by name, with
//! the one stand-in for a label the configuration does not define (from
//! another class's file), used by the reader and every export alike.

use std::borrow::Cow;

use super::Color;

/// Marks a label the configuration does not define: distinct from the
/// default glyphs and from list bullets.
pub const UNKNOWN_LABEL_GLYPH: &str = "■";

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LabelDef {
    pub name: String,
    /// Marks the passage, so a label is never told by colour alone.
    pub glyph: String,
    pub definition: String,
    /// The label's own colour as written (`#rrggbb` or an ANSI name), over
    /// the theme's; see [`LabelDef::print_color`].
    pub color: Option<String>,
}

impl LabelDef {
    /// The label's own colour, when it has one.
    pub fn own_color(&self) -> Option<Color> {
        self.color.as_deref().and_then(|c| Color::parse(c).ok())
    }

    /// The label's own colour as `#rrggbb`, for printed exports; `None` when
    /// it has none (the export picks one).
    pub fn print_color(&self) -> Option<String> {
        self.own_color().and_then(|c| c.hex())
    }
}

/// The label named `name`, if the configuration defines it.
pub fn find_label<'l>(labels: &'l [LabelDef], name: &str) -> Option<&'l LabelDef> {
    labels.iter().find(|l| l.name == name)
}

/// The label named `name`, or a stand-in with [`UNKNOWN_LABEL_GLYPH`] and no
/// colour of its own.
pub fn label_or_fallback<'l>(labels: &'l [LabelDef], name: &str) -> Cow<'l, LabelDef> {
    match find_label(labels, name) {
        Some(label) => Cow::Borrowed(label),
        None => Cow::Owned(LabelDef {
            name: name.to_string(),
            glyph: UNKNOWN_LABEL_GLYPH.to_string(),
            definition: String::new(),
            color: None,
        }),
    }
}

/// The glyph that marks a label, [`UNKNOWN_LABEL_GLYPH`] for one not defined.
pub fn label_glyph<'l>(labels: &'l [LabelDef], name: &str) -> &'l str {
    find_label(labels, name).map_or(UNKNOWN_LABEL_GLYPH, |l| l.glyph.as_str())
}

/// Marks a plain note: a passage with a note and no label.
pub const NOTE_GLYPH: &str = "✎";
/// What a plain note is called where a label's name would stand.
pub const NOTE_WORD: &str = "note";

/// A passage's labels as (glyph, name) pairs in their order; a plain note
/// (no label) as the one pair ([`NOTE_GLYPH`], [`NOTE_WORD`]), so every
/// passage shows something.
pub fn glyphs_and_names<'a>(
    labels: &'a [LabelDef],
    names: &'a [String],
) -> Vec<(&'a str, &'a str)> {
    if names.is_empty() {
        return vec![(NOTE_GLYPH, NOTE_WORD)];
    }
    names
        .iter()
        .map(|name| (label_glyph(labels, name), name.as_str()))
        .collect()
}
