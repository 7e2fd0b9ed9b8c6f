//! Writing an export to a file: the one rule the command line and the
//! reader share, never to replace a file that no export of marginalia wrote.

use std::path::{Path, PathBuf};

use crate::output::{self, Kind};

#[derive(Debug, thiserror::Error)]
pub enum ExportWriteError {
    #[error("{path}: exists and is not an earlier export of marginalia; not replacing it")]
    Foreign { path: PathBuf },
    #[error("{path}: cannot write the export: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
}

/// Writes `contents`, cleaned for an output of `kind`, to `path` atomically,
/// unless a file is there that is not an earlier export (`force` replaces it
/// anyway).
pub fn write_export(
    path: &Path,
    kind: Kind,
    contents: &str,
    force: bool,
) -> Result<(), ExportWriteError> {
    if !force && super::is_foreign_file(path) {
        return Err(ExportWriteError::Foreign {
            path: path.to_path_buf(),
        });
    }
    output::write_file(path, kind, contents).map_err(|source| ExportWriteError::Io {
        path: path.to_path_buf(),
        source,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_foreign_file_is_kept_unless_forced() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("notes.md");
        std::fs::write(&path, "my own notes").unwrap();
        let refused = write_export(&path, Kind::Text, "export", false);
        assert!(matches!(refused, Err(ExportWriteError::Foreign { .. })));
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "my own notes");
        write_export(&path, Kind::Text, "export", true).unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "export");
    }

    #[test]
    fn a_new_file_is_written() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("out.md");
        write_export(&path, Kind::Text, "export", false).unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "export");
    }
}
