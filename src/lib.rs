//! marginalia: a terminal reader for opinion journalism.
//!
//! Everything outside `tui` is a pure core that knows nothing of terminals.
pub mod article;
pub mod annotate;
pub mod config;
