//! Faults made for real: a full disk, a read-only folder, separate
//! processes writing one file, and paths (`..`, links, permissions).

use super::*;

// -------------------------------------------------------- nothing lost

/// A small file system of our own, so a full disk and a read-only folder
/// can be had for real. Needs root (or CAP_SYS_ADMIN); `None` otherwise.
struct Tmpfs {
    dir: tempfile::TempDir,
}

impl Tmpfs {
    fn mount(options: &str) -> Option<Tmpfs> {
        let dir = tempfile::tempdir().ok()?;
        let mounted = Command::new("mount")
            .args(["-t", "tmpfs", "-o", options, "tmpfs"])
            .arg(dir.path())
            .output()
            .is_ok_and(|out| out.status.success());
        mounted.then_some(Tmpfs { dir })
    }

    fn path(&self) -> &Path {
        self.dir.path()
    }

    fn remount(&self, options: &str) -> bool {
        Command::new("mount")
            .args(["-o", &format!("remount,{options}")])
            .arg(self.path())
            .status()
            .is_ok_and(|s| s.success())
    }
}

impl Drop for Tmpfs {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg(self.path()).status();
    }
}

fn range_of(quote: &str) -> Range<usize> {
    let start = TEXT.find(quote).unwrap();
    start..start + quote.len()
}

#[test]
fn a_full_disk_keeps_the_change_in_memory_and_the_old_file_whole() {
    let Some(disk) = Tmpfs::mount("size=64k") else {
        eprintln!("note: cannot mount a tmpfs here (not root?); full-disk test skipped");
        return;
    };
    let path = disk.path().join("op-ed.md.marginalia.json");
    let mut store = Store::open(&path, TEXT).unwrap();
    let id = store
        .add("claim", range_of("Critics disagree."), "Ada")
        .unwrap();
    store.save().unwrap();
    let before = fs::read(&path).unwrap();

    store.set_note(&id, &"a long note ".repeat(10_000)).unwrap();
    let error = store.save().unwrap_err().to_string();
    assert!(error.contains("cannot save the annotations"), "{error}");
    assert!(error.contains(&*path.to_string_lossy()), "{error}");
    assert!(store.has_unsaved_changes());
    assert_eq!(fs::read(&path).unwrap(), before, "the old file is whole");
    let leftovers = fs::read_dir(disk.path()).unwrap().count();
    assert_eq!(leftovers, 1, "the file alone: no temporary or lock file");

    let elsewhere = tempfile::tempdir().unwrap();
    let rescue = elsewhere.path().join("rescued.json");
    store.save_as(&rescue).unwrap();
    assert!(!store.has_unsaved_changes());
    let reopened = Store::open(&rescue, TEXT).unwrap();
    assert_eq!(reopened.get(&id).unwrap().0.note.len(), 120_000);
}

#[test]
fn a_read_only_folder_keeps_the_change_in_memory() {
    let Some(disk) = Tmpfs::mount("size=1m") else {
        eprintln!("note: cannot mount a tmpfs here (not root?); read-only test skipped");
        return;
    };
    let path = disk.path().join("op-ed.md.marginalia.json");
    let mut store = Store::open(&path, TEXT).unwrap();
    store.add("claim", range_of("Critics"), "Ada").unwrap();
    store.save().unwrap();
    let before = fs::read(&path).unwrap();
    assert!(disk.remount("ro"), "remounting read-only");

    store.add("opinion", range_of("Rents rose"), "Ada").unwrap();
    let error = store.save().unwrap_err();
    assert!(matches!(error, StoreError::Io { .. }), "{error}");
    assert!(store.has_unsaved_changes());
    assert_eq!(fs::read(&path).unwrap(), before);

    let elsewhere = tempfile::tempdir().unwrap();
    store.save_as(elsewhere.path().join("notes.json")).unwrap();
    assert_eq!(store.annotations().len(), 2);
    assert!(disk.remount("rw"), "remounting read-write");
}

/// Which test a child process runs as a writer, and the file it writes to.
const WRITER_ENV: &str = "MARGINALIA_ROBUSTNESS_WRITER";
const WRITERS: usize = 4;
const EDITS_PER_WRITER: usize = 10;

/// Separate processes, each with its own store on one file, each saving
/// after every edit: at the end the file holds every one of their edits.
#[test]
fn separate_processes_never_lose_each_others_edits() {
    if let Ok(spec) = std::env::var(WRITER_ENV) {
        let (writer, path) = spec.split_once(':').expect("WRITER:PATH");
        let writer: usize = writer.parse().unwrap();
        let mut store = Store::open(path, TEXT).unwrap();
        for edit in 0..EDITS_PER_WRITER {
            // Each writer tags its own one-byte passages, so none retags another's.
            let at = writer * EDITS_PER_WRITER + edit;
            store
                .add("claim", at..at + 1, &format!("w{writer}"))
                .unwrap();
            store.save().unwrap();
        }
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("shared.json");
    // All are started before any is waited for, so their saves interleave.
    let children: Vec<_> = (0..WRITERS)
        .map(|writer| {
            Command::new(std::env::current_exe().unwrap())
                .args([
                    "--exact",
                    "disk_faults::separate_processes_never_lose_each_others_edits",
                ])
                .env(WRITER_ENV, format!("{writer}:{}", path.display()))
                .stdout(std::process::Stdio::piped())
                .stderr(std::process::Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    for child in children {
        let output = child.wait_with_output().unwrap();
        assert!(
            output.status.success(),
            "{}{}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        );
    }
    let store = Store::open(&path, TEXT).unwrap();
    assert_eq!(store.annotations().len(), WRITERS * EDITS_PER_WRITER);
}

// ---------------------------------------------------------------- paths

/// Every file under `dir` with its bytes, to see what a save touched.
fn tree(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut files = BTreeMap::new();
    for entry in fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        let meta = fs::symlink_metadata(&path).unwrap();
        if meta.is_dir() {
            files.extend(tree(&path));
        } else if meta.is_symlink() {
            files.insert(
                path.clone(),
                fs::read_link(&path)
                    .unwrap()
                    .into_os_string()
                    .into_encoded_bytes(),
            );
        } else {
            files.insert(path.clone(), fs::read(&path).unwrap());
        }
    }
    files
}

#[test]
fn saving_writes_only_the_file_asked_for() {
    let root = tempfile::tempdir().unwrap();
    let notes = root.path().join("notes");
    let other = root.path().join("other");
    fs::create_dir_all(&notes).unwrap();
    fs::create_dir_all(&other).unwrap();
    fs::write(other.join("keep.json"), "untouched").unwrap();
    let before = tree(root.path());

    // A path with `..` in it is used as given: the OS resolves it.
    let asked = other.join("..").join("notes").join("op-ed.json");
    let mut store = Store::open(&asked, TEXT).unwrap();
    store.add("claim", range_of("Critics"), "Ada").unwrap();
    store.save().unwrap();

    let mut after = tree(root.path());
    assert!(after.remove(&notes.join("op-ed.json")).is_some());
    // The lock taken for the save is gone with it.
    assert_eq!(after, before, "nothing else was written");
}

#[test]
fn export_writes_only_the_output_asked_for() {
    let root = tempfile::tempdir().unwrap();
    let article = root.path().join("op-ed.md");
    fs::write(&article, format!("# Rents\n\n{TEXT}\n")).unwrap();
    let before = tree(root.path());
    let out = root.path().join("out.md");
    let status = Command::new(env!("CARGO_BIN_EXE_marginalia"))
        .arg("export")
        .arg(&article)
        .arg("-o")
        .arg(&out)
        .env("XDG_CONFIG_HOME", root.path().join("no-config"))
        .env("HOME", root.path().join("no-home"))
        .output()
        .unwrap();
    assert!(
        status.status.success(),
        "{}",
        String::from_utf8_lossy(&status.stderr)
    );
    let mut after = tree(root.path());
    assert!(
        after.remove(&out).is_some(),
        "the export is where it was asked"
    );
    assert_eq!(after, before, "nothing else was written");
}

/// A symlinked annotation file stays a link: saving writes the file it
/// points to (atomically, beside that file), so the link's owner, who may
/// keep notes in a synced folder, keeps getting them.
#[cfg(unix)]
#[test]
fn a_symlinked_annotation_file_is_written_through() {
    let root = tempfile::tempdir().unwrap();
    let synced = root.path().join("synced");
    fs::create_dir(&synced).unwrap();
    let target = synced.join("op-ed.json");
    let link = root.path().join("op-ed.md.marginalia.json");
    std::os::unix::fs::symlink(Path::new("synced").join("op-ed.json"), &link).unwrap();

    let mut store = Store::open(&link, TEXT).unwrap();
    store.add("claim", range_of("Critics"), "Ada").unwrap();
    store.save().unwrap();
    assert!(
        fs::symlink_metadata(&link).unwrap().is_symlink(),
        "still a link"
    );
    assert_eq!(Store::open(&target, TEXT).unwrap().annotations().len(), 1);

    store.add("opinion", range_of("Rents rose"), "Ada").unwrap();
    store.save().unwrap();
    assert!(
        fs::symlink_metadata(&link).unwrap().is_symlink(),
        "still a link"
    );
    assert_eq!(Store::open(&target, TEXT).unwrap().annotations().len(), 2);
}
