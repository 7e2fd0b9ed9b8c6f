//! marginalia: a terminal reader for opinion journalism.
//!
//! Everything outside `tui` is a pure core that knows nothing of terminals.
pub mod annotate;
pub mod article;
pub mod classroom;
pub mod config;
pub mod export;
pub mod fsutil;
pub mod library;
pub mod memory;
pub mod tui;
pub mod web;
