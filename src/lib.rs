//! marginalia: a terminal reader for opinion journalism.
//!
//! Everything outside `tui` is a pure core that knows nothing of terminals;
//! the compiler keeps it so: `tui` is a cargo feature (on by default), and
//! the core builds without it, with no terminal crate at all. `cli` holds the
//! command-line adapters over the core (and starts the reader).
pub mod annotate;
pub mod annotated;
pub mod article;
pub mod classroom;
pub mod cli;
pub mod config;
pub mod export;
pub mod fsutil;
pub mod library;
pub mod output;
pub mod text_width;
#[cfg(feature = "tui")]
pub mod tui;
pub mod web;
