//! Writing files so that a crash never leaves a torn one.

use std::fs::{self, File, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

/// How many symbolic links [`write_target`] follows before giving up, as
/// Linux does (ELOOP).
const MAX_LINKS: usize = 40;

/// Writes `bytes` to `path` atomically: a temporary file in the same
/// directory is written, flushed to disk and renamed over `path`, then the
/// directory is synced so the rename itself survives a power cut. At every
/// moment `path` holds either its old content or the new one.
///
/// A symbolic link is written through, not replaced: the file it points to
/// gets the new content (see [`write_target`]), and a file that exists keeps
/// its permissions, so notes kept private stay private.
pub fn atomic_write(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let path = &write_target(path)?;
    let dir = parent_dir(path);
    let temp = temporary_name(path, std::process::id())
        .ok_or_else(|| io::Error::new(io::ErrorKind::InvalidInput, "the path names no file"))?;
    let permissions = fs::metadata(path).ok().map(|m| m.permissions());
    let result = (|| {
        let mut file = OpenOptions::new()
            .write(true)
            .create(true)
            .truncate(true)
            .open(&temp)?;
        if let Some(permissions) = permissions {
            file.set_permissions(permissions)?;
        }
        file.write_all(bytes)?;
        file.sync_all()?;
        fs::rename(&temp, path)?;
        sync_dir(&dir);
        Ok(())
    })();
    if result.is_err() {
        let _ = fs::remove_file(&temp);
    }
    result
}

/// The most a settings file (config, theme, hint rules) may hold.
pub const MAX_SETTINGS_BYTES: u64 = 1024 * 1024;

/// [`read_bounded`] for a text file: not UTF-8 is an error too.
pub fn read_text_bounded(path: &Path, max: u64, what: &str) -> io::Result<String> {
    let bytes = read_bounded(path, max, what)?;
    String::from_utf8(bytes).map_err(|e| {
        io::Error::new(
            io::ErrorKind::InvalidData,
            format!(
                "it is not UTF-8 (invalid byte at offset {})",
                e.utf8_error().valid_up_to()
            ),
        )
    })
}

/// Reads a whole file, refusing one over `max` bytes: from its size when it
/// has one, and while reading too, since devices and pipes (`/dev/zero`)
/// report none. `what` names the file in the error (`an annotation file`).
pub fn read_bounded(path: &Path, max: u64, what: &str) -> io::Result<Vec<u8>> {
    use std::io::Read;
    let too_large = |size: u64| {
        io::Error::new(
            io::ErrorKind::FileTooLarge,
            format!("it is {size} bytes or more, over the {max}-byte limit for {what}"),
        )
    };
    let file = File::open(path)?;
    let size = file.metadata()?.len();
    if size > max {
        return Err(too_large(size));
    }
    let mut bytes = Vec::new();
    file.take(max + 1).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > max {
        return Err(too_large(bytes.len() as u64));
    }
    Ok(bytes)
}

/// The name [`atomic_write`] gives its temporary file for `path` in a
/// process with id `pid`.
fn temporary_name(path: &Path, pid: u32) -> Option<PathBuf> {
    let name = path.file_name()?;
    Some(parent_dir(path).join(format!(".{}.tmp{pid}", name.to_string_lossy())))
}

/// Temporary files [`atomic_write`] left beside `path` (a process killed
/// between writing and renaming), with the process ids in their names.
pub fn temporaries(path: &Path) -> Vec<(PathBuf, u32)> {
    let Some(name) = path.file_name() else {
        return Vec::new();
    };
    let prefix = format!(".{}.tmp", name.to_string_lossy());
    let Ok(entries) = fs::read_dir(parent_dir(path)) else {
        return Vec::new();
    };
    entries
        .filter_map(Result::ok)
        .filter_map(|entry| {
            let file_name = entry.file_name();
            let pid = file_name.to_str()?.strip_prefix(&prefix)?.parse().ok()?;
            Some((entry.path(), pid))
        })
        .collect()
}

/// Whether a process with this id runs. `None` where that cannot be told
/// (no /proc), so that nothing is removed on a guess.
pub fn process_alive(pid: u32) -> Option<bool> {
    let proc = Path::new("/proc");
    proc.join("self")
        .exists()
        .then(|| proc.join(pid.to_string()).exists())
}

/// The file a write to `path` should replace: `path` itself, or, when it is
/// a symbolic link, the file the link (and any link that points to) leads
/// to, which need not exist yet. Replacing the link instead would cut it
/// off from its target, and the reader's notes would silently stop reaching
/// the file they meant (one in a synced folder, say).
pub fn write_target(path: &Path) -> io::Result<PathBuf> {
    let mut target = path.to_path_buf();
    for _ in 0..MAX_LINKS {
        match fs::symlink_metadata(&target) {
            Ok(meta) if meta.file_type().is_symlink() => {
                let next = fs::read_link(&target)?;
                // A relative link is relative to the folder the link is in.
                target = parent_dir(&target).join(next);
            }
            _ => return Ok(target),
        }
    }
    Err(io::Error::new(
        io::ErrorKind::InvalidInput,
        format!("more than {MAX_LINKS} symbolic links in a row"),
    ))
}

/// The directory a file is in ("." for a bare file name).
pub fn parent_dir(path: &Path) -> PathBuf {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

fn sync_dir(dir: &Path) {
    // Not every platform or file system can open a directory for syncing;
    // the rename has happened either way.
    if let Ok(d) = File::open(dir) {
        let _ = d.sync_all();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replaces_content_and_leaves_no_temporary_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("notes.json");
        atomic_write(&path, b"one").unwrap();
        atomic_write(&path, b"two").unwrap();
        assert_eq!(fs::read(&path).unwrap(), b"two");
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[cfg(unix)]
    #[test]
    fn links_are_written_through_and_permissions_kept() {
        use std::os::unix::fs::{PermissionsExt, symlink};
        let dir = tempfile::tempdir().unwrap();
        fs::create_dir(dir.path().join("real")).unwrap();
        let target = dir.path().join("real").join("notes.json");
        fs::write(&target, b"old").unwrap();
        fs::set_permissions(&target, fs::Permissions::from_mode(0o600)).unwrap();
        // A link to a link, the first one relative.
        let inner = dir.path().join("inner.json");
        symlink(&target, &inner).unwrap();
        let outer = dir.path().join("outer.json");
        symlink("inner.json", &outer).unwrap();

        assert_eq!(write_target(&outer).unwrap(), target);
        atomic_write(&outer, b"new").unwrap();
        assert!(fs::symlink_metadata(&outer).unwrap().is_symlink());
        assert!(fs::symlink_metadata(&inner).unwrap().is_symlink());
        assert_eq!(fs::read(&target).unwrap(), b"new");
        let mode = fs::metadata(&target).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);

        // A dangling link gets its target created.
        let dangling = dir.path().join("dangling.json");
        symlink("real/later.json", &dangling).unwrap();
        atomic_write(&dangling, b"x").unwrap();
        assert_eq!(fs::read(dir.path().join("real/later.json")).unwrap(), b"x");

        let looped = dir.path().join("loop.json");
        symlink("loop.json", &looped).unwrap();
        assert!(atomic_write(&looped, b"x").is_err());
    }

    #[test]
    fn failure_keeps_the_old_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("missing-dir").join("notes.json");
        assert!(atomic_write(&path, b"x").is_err());
        assert!(!path.exists());
    }
}
