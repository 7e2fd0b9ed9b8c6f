//! What the reader remembers between runs: the theme and where each article
//! was left. Kept apart from annotations: losing it loses no one's work.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::fsutil::atomic_write;

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Memory {
    #[serde(default)]
    pub theme: Option<String>,
    /// A run has already pointed to the themes (see `State::first_run`).
    #[serde(default)]
    pub hinted_themes: bool,
    /// Article path (canonical) → byte offset of the sentence the cursor was on.
    #[serde(default)]
    pub positions: BTreeMap<String, usize>,
}

impl Memory {
    /// `$XDG_STATE_HOME/marginalia/memory.json` (or the platform's equivalent);
    /// `MARGINALIA_STATE_DIR` overrides it (tests, portable installs).
    pub fn default_path() -> Option<PathBuf> {
        if let Some(dir) = std::env::var_os("MARGINALIA_STATE_DIR") {
            return Some(PathBuf::from(dir).join("memory.json"));
        }
        dirs::state_dir()
            .or_else(dirs::data_local_dir)
            .map(|d| d.join("marginalia").join("memory.json"))
    }

    /// Reads the memory; a missing or unreadable file is an empty memory,
    /// since nothing in it is worth refusing to start over.
    pub fn load(path: &Path) -> Memory {
        crate::fsutil::read_bounded(path, crate::fsutil::MAX_SETTINGS_BYTES * 16, "the memory")
            .ok()
            .and_then(|bytes| serde_json::from_slice(&bytes).ok())
            .unwrap_or_default()
    }

    pub fn save(&self, path: &Path) -> std::io::Result<()> {
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir)?;
        }
        let json = crate::output::json(self).map_err(std::io::Error::other)?;
        atomic_write(path, json.as_bytes())
    }

    /// The key an article is remembered by: its canonical path.
    pub fn key(article: &Path) -> String {
        std::fs::canonicalize(article)
            .unwrap_or_else(|_| article.to_path_buf())
            .to_string_lossy()
            .into_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_and_tolerates_garbage() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("state").join("memory.json");
        assert_eq!(Memory::load(&path), Memory::default());
        let mut memory = Memory {
            theme: Some("light".into()),
            ..Memory::default()
        };
        memory.positions.insert("/a.md".into(), 42);
        memory.save(&path).unwrap();
        assert_eq!(Memory::load(&path), memory);
        std::fs::write(&path, "{not json").unwrap();
        assert_eq!(Memory::load(&path), Memory::default());
    }
}
