//! The lock every writer of an annotations file holds while it reads,
//! merges and replaces the file: an exclusive lock on `NAME.lock` beside
//! the file, removed again when the writer is done, so the article's folder
//! is not left with empty lock files.
//!
//! Removing a lock file is safe only with care: a process may have opened
//! it and be waiting for the lock when the holder removes it, and a third
//! may then create a new file of the same name and lock that one. So the
//! holder removes the file while it still holds the lock, and whoever gets
//! a lock checks that the file it locked is still the one at that name,
//! trying again if it is not. Of the processes holding a lock on some file
//! of that name, only one holds it on the file that is there.

use std::fs::{self, File};
use std::io;
use std::path::{Path, PathBuf};

use crate::fsutil::parent_dir;

/// Held while alive; dropping it removes the lock file and lets go.
#[derive(Debug)]
pub(super) struct FileLock {
    path: PathBuf,
    file: File,
}

/// The lock file for the annotations file `target` (a link already
/// followed, so that two links to one file share one lock).
pub(super) fn lock_path(target: &Path) -> PathBuf {
    let mut name = target
        .file_name()
        .map(|n| n.to_os_string())
        .unwrap_or_default();
    name.push(".lock");
    parent_dir(target).join(name)
}

impl FileLock {
    /// Waits for the lock at `path`, creating the file if needed.
    pub(super) fn acquire(path: &Path) -> io::Result<FileLock> {
        loop {
            let file = open(path)?;
            file.lock()?;
            if is_still_there(path, &file)? {
                return Ok(FileLock {
                    path: path.to_path_buf(),
                    file,
                });
            }
            // The holder we waited for removed it: lock the new one.
        }
    }

    /// Removes a lock file that no one holds, as a killed writer leaves it.
    /// One that is held is left alone, without waiting.
    pub(super) fn remove_if_stale(path: &Path) {
        let Ok(file) = File::options().write(true).open(path) else {
            return;
        };
        if file.try_lock().is_ok() && is_still_there(path, &file).unwrap_or(false) {
            drop(FileLock {
                path: path.to_path_buf(),
                file,
            });
        }
    }
}

impl Drop for FileLock {
    fn drop(&mut self) {
        // Removed before the lock is let go (when `file` closes), so that
        // no one can lock this file once it has no name. A file that cannot
        // be removed (a read-only folder) stays, and locks as before.
        let _ = fs::remove_file(&self.path);
        let _ = self.file.unlock();
    }
}

fn open(path: &Path) -> io::Result<File> {
    File::options()
        .create(true)
        .truncate(false)
        .write(true)
        .open(path)
}

/// Whether the file at `path` is still the open `file`: not removed, and
/// not replaced by another of the same name, since it was opened.
#[cfg(unix)]
fn is_still_there(path: &Path, file: &File) -> io::Result<bool> {
    use std::os::unix::fs::MetadataExt;
    let held = file.metadata()?;
    match fs::metadata(path) {
        Ok(there) => Ok(there.dev() == held.dev() && there.ino() == held.ino()),
        Err(error) if error.kind() == io::ErrorKind::NotFound => Ok(false),
        Err(error) => Err(error),
    }
}

/// Without inode numbers a removed file cannot be told from its successor,
/// so only a missing file counts as gone.
#[cfg(not(unix))]
fn is_still_there(path: &Path, _file: &File) -> io::Result<bool> {
    Ok(path.exists())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;
    use std::sync::atomic::{AtomicBool, Ordering};

    #[test]
    fn the_lock_file_is_gone_once_the_lock_is_let_go() {
        let dir = tempfile::tempdir().unwrap();
        let path = lock_path(&dir.path().join("op-ed.md.marginalia.json"));
        assert!(path.ends_with("op-ed.md.marginalia.json.lock"));
        let lock = FileLock::acquire(&path).unwrap();
        assert!(path.exists());
        drop(lock);
        assert!(!path.exists());
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 0);
    }

    /// Threads open the lock file separately, so each has its own open file
    /// and they exclude each other as processes do. Each one reads a
    /// counter, waits a moment and writes it back one higher: a lock that
    /// let two in at once, around a removal, loses an increment.
    #[test]
    fn removing_the_lock_file_never_lets_two_writers_in() {
        let dir = tempfile::tempdir().unwrap();
        let counter = dir.path().join("counter");
        fs::write(&counter, "0").unwrap();
        let path = lock_path(&dir.path().join("notes.json"));
        let inside = Arc::new(AtomicBool::new(false));
        let (threads, rounds) = (6, 150);
        let handles: Vec<_> = (0..threads)
            .map(|_| {
                let (counter, path, inside) = (counter.clone(), path.clone(), inside.clone());
                std::thread::spawn(move || {
                    for _ in 0..rounds {
                        let _lock = FileLock::acquire(&path).unwrap();
                        assert!(!inside.swap(true, Ordering::SeqCst), "two writers at once");
                        let n: u32 = fs::read_to_string(&counter).unwrap().parse().unwrap();
                        std::thread::yield_now();
                        fs::write(&counter, (n + 1).to_string()).unwrap();
                        inside.store(false, Ordering::SeqCst);
                    }
                })
            })
            .collect();
        for handle in handles {
            handle.join().unwrap();
        }
        let total: u32 = fs::read_to_string(&counter).unwrap().parse().unwrap();
        assert_eq!(total, threads * rounds);
        assert!(!path.exists(), "the last writer left its lock file");
    }

    #[test]
    fn a_stale_lock_file_is_removed_and_a_held_one_kept() {
        let dir = tempfile::tempdir().unwrap();
        let path = lock_path(&dir.path().join("notes.json"));
        // What a writer killed while holding the lock leaves behind.
        fs::write(&path, "").unwrap();
        FileLock::remove_if_stale(&path);
        assert!(!path.exists());

        let held = FileLock::acquire(&path).unwrap();
        FileLock::remove_if_stale(&path);
        assert!(path.exists(), "a lock in use was removed");
        drop(held);
        assert!(!path.exists());
    }
}
