//! The terminal program: the only part of marginalia that knows a terminal.
pub mod action;
pub mod keymap;
pub mod layout;
