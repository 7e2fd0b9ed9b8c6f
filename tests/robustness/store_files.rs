//! The annotation file's rules: one lock and one merge for every writer,
//! bounded reads, duplicate ids, unknown fields, stale temporaries,
//! read-only files, links, damaged files, schemas (docs/RELIABILITY.md, "No
//! write lost, no file read without a bound").

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::Duration;

use marginalia::annotate::{AnnotationFile, MAX_ANNOTATION_BYTES, ReadOnly, Store, StoreError};
use marginalia::article::load_path;

const ARTICLE: &str = "# Rents\n\nThe mayor says rents will fall. Critics disagree.\n\n\
    Rents rose 9% last year. Rents will fall, he insists, by 2030.\n";

fn bin() -> &'static str {
    env!("CARGO_BIN_EXE_marginalia")
}

struct Setup {
    dir: tempfile::TempDir,
    article: PathBuf,
    text: std::sync::Arc<str>,
}

impl Setup {
    fn new() -> Setup {
        let dir = tempfile::tempdir().unwrap();
        let article = dir.path().join("rents.md");
        fs::write(&article, ARTICLE).unwrap();
        let text = load_path(&article).unwrap().text;
        Setup { dir, article, text }
    }

    fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    fn range(&self, quote: &str) -> std::ops::Range<usize> {
        let start = self.text.find(quote).unwrap();
        start..start + quote.len()
    }

    /// An annotation file at `name` with one annotation per quote.
    fn annotate(&self, name: &str, quotes: &[&str]) -> PathBuf {
        let path = self.path(name);
        let mut store = Store::open(&path, &self.text).unwrap();
        for quote in quotes {
            store.add("claim", self.range(quote), "Ada").unwrap();
        }
        store.save().unwrap();
        path
    }

    /// A markdown export of `quotes`, for `import` to read.
    fn export(&self, quotes: &[&str]) -> PathBuf {
        let notes = self.annotate("exported-from.json", quotes);
        let out = self.path("export.md");
        let output = self.run(&[
            "export",
            s(&self.article),
            "--annotations",
            s(&notes),
            "-o",
            s(&out),
        ]);
        assert!(output.status.success(), "{output:?}");
        out
    }

    fn command(&self, args: &[&str]) -> Command {
        let mut command = Command::new(bin());
        command
            .args(args)
            .current_dir(self.dir.path())
            .env("HOME", self.dir.path())
            .env("XDG_CONFIG_HOME", self.dir.path().join("config"))
            .env("MARGINALIA_STATE_DIR", self.dir.path().join("state"));
        command
    }

    fn run(&self, args: &[&str]) -> Output {
        self.command(args).output().unwrap()
    }

    /// `import EXPORT --article ARTICLE -o TARGET --force`.
    fn import_force_args<'a>(&'a self, export: &'a Path, target: &'a Path) -> [&'a str; 7] {
        let article = s(&self.article);
        [
            "import",
            s(export),
            "--article",
            article,
            "-o",
            s(target),
            "--force",
        ]
    }

    fn import_force(&self, export: &Path, target: &Path) -> Output {
        self.run(&self.import_force_args(export, target))
    }
}

fn s(path: &Path) -> &str {
    path.to_str().unwrap()
}

fn quotes_in(path: &Path) -> Vec<String> {
    let file = AnnotationFile::parse(&fs::read(path).unwrap()).unwrap();
    let mut quotes: Vec<String> = file
        .annotations
        .into_iter()
        .map(|a| a.anchor.quote)
        .collect();
    quotes.sort();
    quotes
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// `import --force` used to write without the lock: a reader's save that
/// had read the file before the import renamed its own over it, and the
/// import was gone. Now it waits for the lock, and a later save merges.
#[test]
fn import_force_takes_the_lock_and_a_later_save_keeps_it() {
    let setup = Setup::new();
    let target = setup.annotate("notes.json", &["The mayor"]);
    let export = setup.export(&["Critics disagree.", "by 2030"]);
    // The reader has the file open from before the import.
    let mut reader = Store::open(&target, &setup.text).unwrap();

    // Someone holds the lock (a save under way): the import must wait.
    let lock = fs::File::options()
        .create(true)
        .truncate(false)
        .write(true)
        .open(setup.path("notes.json.lock"))
        .unwrap();
    lock.lock().unwrap();
    let mut import = setup
        .command(&setup.import_force_args(&export, &target))
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    std::thread::sleep(Duration::from_millis(500));
    let waited = import.try_wait().unwrap().is_none();
    drop(lock);
    let output = import.wait_with_output().unwrap();
    assert!(waited, "the import did not wait for the lock: {output:?}");
    assert!(output.status.success(), "{output:?}");

    // The reader's next save merges onto the import instead of over it.
    reader
        .add("opinion", setup.range("Rents rose 9% last year."), "Ada")
        .unwrap();
    reader.save().unwrap();
    assert_eq!(
        quotes_in(&target),
        ["Critics disagree.", "Rents rose 9% last year.", "by 2030"]
    );
}

/// Every file read has a bound: devices and endless files stop at once
/// with a one-line message, instead of filling memory.
#[test]
fn annotation_key_config_hint_and_import_reads_are_bounded() {
    let setup = Setup::new();
    let zero = Path::new("/dev/zero");
    if !zero.exists() {
        eprintln!("note: no /dev/zero here; skipped");
        return;
    }
    let notes = setup.annotate("notes.json", &["The mayor"]);
    let huge = setup.path("huge.json");
    fs::File::create(&huge)
        .unwrap()
        .set_len(300 * 1024 * 1024)
        .unwrap();
    let article = s(&setup.article);
    let runs: Vec<(&str, Vec<&str>)> = vec![
        (
            "--annotations /dev/zero",
            vec!["stats", article, "--annotations", "/dev/zero"],
        ),
        (
            "a 300 MB annotation file",
            vec!["stats", article, "--annotations", s(&huge)],
        ),
        (
            "--key /dev/zero",
            vec!["compare", "--key", "/dev/zero", s(&notes)],
        ),
        (
            "a student /dev/zero",
            vec![
                "compare",
                "--key",
                s(&notes),
                "--article",
                article,
                "/dev/zero",
            ],
        ),
        (
            "--config /dev/zero",
            vec!["stats", article, "--config", "/dev/zero"],
        ),
        (
            "--rules /dev/zero",
            vec!["suggest", article, "--rules", "/dev/zero"],
        ),
        (
            "import /dev/zero",
            vec!["import", "/dev/zero", "--article", article],
        ),
    ];
    for (what, args) in runs {
        let (output, peak) = run_watching_memory(setup.command(&args));
        let message = stderr(&output);
        assert!(!output.status.success(), "{what}: {output:?}");
        // The largest limit is an annotation file's 256 MiB; reading
        // without one, `--annotations /dev/zero` reached 3 GB in 4 s.
        assert!(
            peak <= MAX_ANNOTATION_BYTES + 128 * MIB,
            "{what}: peak resident {} MiB",
            peak / MIB
        );
        assert_eq!(message.lines().count(), 1, "{what}: {message}");
        assert!(
            message.contains("limit") || message.contains("not an annotations file"),
            "{what}: {message}"
        );
    }
}

const MIB: u64 = 1024 * 1024;

/// Runs `command` to its end, its peak resident memory (`VmHWM`) read every
/// 2 ms, and stops it once that passes twice the largest read limit (a
/// read without a bound): memory is what a bound bounds, not time.
fn run_watching_memory(mut command: Command) -> (Output, u64) {
    let mut child = command
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut peak = 0;
    while child.try_wait().unwrap().is_none() {
        let status = fs::read_to_string(format!("/proc/{}/status", child.id()));
        let high = status.ok().and_then(|status| {
            let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
            line["VmHWM:".len()..]
                .trim()
                .trim_end_matches("kB")
                .trim()
                .parse::<u64>()
                .ok()
        });
        peak = peak.max(high.unwrap_or(0) * 1024);
        if peak > 2 * MAX_ANNOTATION_BYTES {
            let _ = child.kill();
            break;
        }
        std::thread::sleep(Duration::from_millis(2));
    }
    (child.wait_with_output().unwrap(), peak)
}

/// Two annotations with one id made `d`, `a` and retagging act on the other
/// one. Opening renumbers the second, says so, and keeps both.
#[test]
fn duplicate_ids_are_renumbered_and_both_kept() {
    let setup = Setup::new();
    let path = setup.annotate("notes.json", &["The mayor", "Critics disagree."]);
    let json = fs::read_to_string(&path).unwrap();
    let file = AnnotationFile::parse(json.as_bytes()).unwrap();
    let (first, second) = (&file.annotations[0].id, &file.annotations[1].id);
    fs::write(&path, json.replace(second.as_str(), first)).unwrap();

    let mut store = Store::open(&path, &setup.text).unwrap();
    let ids: Vec<String> = store.annotations().iter().map(|a| a.id.clone()).collect();
    assert_eq!(ids.len(), 2);
    assert_ne!(ids[0], ids[1], "still one id for two annotations");
    assert!(
        store.notices().iter().any(|n| n.contains("shared an id")),
        "{:?}",
        store.notices()
    );
    // Acting on one leaves the other alone, and the file holds both ids.
    store.delete(&ids[1]).unwrap();
    store.undo().unwrap();
    store.set_label(&ids[0], "opinion").unwrap();
    store.save().unwrap();
    let reopened = Store::open(&path, &setup.text).unwrap();
    assert!(reopened.notices().is_empty(), "{:?}", reopened.notices());
    let labels: Vec<(&str, &str)> = reopened
        .annotations()
        .iter()
        .map(|a| (a.labels[0].as_str(), a.anchor.quote.as_str()))
        .collect();
    assert_eq!(
        labels,
        [("opinion", "The mayor"), ("claim", "Critics disagree.")]
    );
}

/// The reader says on its first screen that duplicate ids were renumbered;
/// the commands said nothing, so `export` showed ids that were not the
/// file's. Each now says it in one line on stderr, naming the file, and
/// leaves the file as it was (they only read).
#[test]
fn commands_say_that_duplicate_ids_were_renumbered() {
    let setup = Setup::new();
    let path = setup.annotate("notes.json", &["The mayor", "Critics disagree."]);
    let json = fs::read_to_string(&path).unwrap();
    let file = AnnotationFile::parse(json.as_bytes()).unwrap();
    let (first, second) = (&file.annotations[0].id, &file.annotations[1].id);
    let duplicated = json.replace(second.as_str(), first);
    fs::write(&path, &duplicated).unwrap();
    let class = setup.path("class");
    fs::create_dir(&class).unwrap();
    let student = class.join("student.json");
    fs::write(&student, &duplicated).unwrap();
    let key = setup.annotate("key.json", &["Critics disagree."]);
    let (article, notes) = (s(&setup.article), s(&path));
    let runs: [(&str, Vec<&str>); 6] = [
        ("export", vec!["export", article, "--annotations", notes]),
        (
            "export json",
            vec![
                "export",
                article,
                "--annotations",
                notes,
                "--format",
                "json",
            ],
        ),
        ("stats", vec!["stats", article, "--annotations", notes]),
        (
            "compare",
            vec!["compare", "--key", s(&key), "--article", article, notes],
        ),
        ("class", vec!["class", article, s(&class), "--key", s(&key)]),
        ("class --json", vec!["class", "--json", article, s(&class)]),
    ];
    for (what, args) in runs {
        let output = setup.run(&args);
        assert!(output.status.success(), "{what}: {output:?}");
        let said = String::from_utf8_lossy(&output.stderr);
        let notice: Vec<&str> = said
            .lines()
            .filter(|l| l.contains("shared an id"))
            .collect();
        assert_eq!(notice.len(), 1, "{what}: {said}");
        assert!(
            notice[0].starts_with("marginalia: ")
                && notice[0].contains(".json: 1 annotation shared an id"),
            "{what}: {said}"
        );
        assert!(
            !String::from_utf8_lossy(&output.stdout).contains("shared an id"),
            "{what}: the notice went to the output"
        );
    }
    assert_eq!(
        fs::read_to_string(&path).unwrap(),
        duplicated,
        "a command wrote"
    );
}

/// Fields a newer or another tool wrote (at the top, in the article, in an
/// annotation, in its anchor) used to be dropped on the next save.
#[test]
fn unknown_fields_survive_saves_and_merges() {
    let setup = Setup::new();
    let path = setup.annotate("notes.json", &["The mayor"]);
    let mut json: serde_json::Value = serde_json::from_slice(&fs::read(&path).unwrap()).unwrap();
    json["x_tool"] = serde_json::json!({ "version": 3, "layers": ["a", "b"] });
    json["article"]["source_url"] = "https://example.org/rents".into();
    json["annotations"][0]["colour"] = "#ffcc00".into();
    json["annotations"][0]["anchor"]["selector"] = serde_json::json!({ "type": "XPath" });
    fs::write(&path, serde_json::to_string_pretty(&json).unwrap()).unwrap();

    let mut ours = Store::open(&path, &setup.text).unwrap();
    let mut theirs = Store::open(&path, &setup.text).unwrap();
    ours.add("opinion", setup.range("Critics disagree."), "Ada")
        .unwrap();
    ours.save().unwrap();
    // A second writer merges onto that, editing the annotation with fields.
    let id = theirs.annotations()[0].id.clone();
    theirs.set_note(&id, "Which mayor?").unwrap();
    theirs.set_article("Rents, revised", s(&setup.article));
    theirs.save().unwrap();

    let saved: serde_json::Value = serde_json::from_slice(&fs::read(&path).unwrap()).unwrap();
    assert_eq!(saved["x_tool"]["layers"][1], "b", "{saved:#}");
    assert_eq!(saved["article"]["source_url"], "https://example.org/rents");
    assert_eq!(saved["article"]["title"], "Rents, revised");
    let kept = saved["annotations"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["id"] == id.as_str())
        .unwrap();
    assert_eq!(kept["colour"], "#ffcc00");
    assert_eq!(kept["anchor"]["selector"]["type"], "XPath");
    assert_eq!(kept["note"], "Which mayor?");
    assert_eq!(saved["annotations"].as_array().unwrap().len(), 2);
    // The layout stays as marginalia writes it: schema first.
    let text = fs::read_to_string(&path).unwrap();
    assert!(text.starts_with("{\n  \"schema\": 2,"), "{text}");
}

/// A process killed between writing its temporary file and renaming it
/// left `.NAME.tmpPID` behind, as large as the file, for good.
#[test]
fn stale_temporaries_of_dead_processes_are_removed_on_open() {
    let setup = Setup::new();
    let path = setup.annotate("notes.json", &["The mayor"]);
    if !Path::new("/proc/self").exists() {
        eprintln!("note: no /proc here to tell dead processes; skipped");
        return;
    }
    // A pid no process has (pid_max is at most 2^22 on Linux).
    let dead = setup.path(".notes.json.tmp4194999");
    let alive = setup.path(".notes.json.tmp1");
    let other_file = setup.path(".other.json.tmp4194999");
    for temp in [&dead, &alive, &other_file] {
        fs::write(temp, "{ half a file").unwrap();
    }
    let store = Store::open(&path, &setup.text).unwrap();
    assert_eq!(store.annotations().len(), 1);
    assert!(
        !dead.exists(),
        "the dead process's temporary file is still there"
    );
    assert!(
        alive.exists(),
        "a running process's temporary file was removed"
    );
    assert!(
        other_file.exists(),
        "another file's temporary file was removed"
    );
}

/// A 0444 annotation file was replaced through the rename like any other.
#[test]
fn a_read_only_file_is_opened_read_only() {
    use std::os::unix::fs::PermissionsExt;
    let setup = Setup::new();
    let path = setup.annotate("notes.json", &["The mayor"]);
    fs::set_permissions(&path, fs::Permissions::from_mode(0o444)).unwrap();
    let before = fs::read(&path).unwrap();

    let mut store = Store::open(&path, &setup.text).unwrap();
    assert!(
        store
            .read_only_reason()
            .is_some_and(|r| *r == ReadOnly::Permissions && r.to_string().contains("read-only")),
        "{:?}",
        store.read_only_reason()
    );
    assert!(store.notices().iter().any(|n| n.contains("read-only")));
    store.add("claim", setup.range("Critics"), "Ada").unwrap();
    assert!(matches!(store.save(), Err(StoreError::ReadOnly { .. })));
    assert!(store.has_unsaved_changes());

    let export = setup.export(&["by 2030"]);
    let output = setup.import_force(&export, &path);
    assert!(!output.status.success(), "{output:?}");
    assert!(stderr(&output).contains("read-only"), "{}", stderr(&output));
    assert_eq!(fs::read(&path).unwrap(), before);
}

/// `import --force` through a link replaced whatever the link led to.
#[test]
fn nothing_is_written_through_a_link_to_a_file_that_is_not_annotations() {
    use std::os::unix::fs::symlink;
    let setup = Setup::new();
    let export = setup.export(&["by 2030"]);
    let victims = [("profile", "export PATH=$HOME/bin:$PATH\n"), ("empty", "")];
    for (name, content) in victims {
        let victim = setup.path(name);
        fs::write(&victim, content).unwrap();
        let link = setup.path(&format!("{name}-link.json"));
        symlink(&victim, &link).unwrap();
        let output = setup.import_force(&export, &link);
        assert!(!output.status.success(), "{name}: {output:?}");
        assert_eq!(stderr(&output).lines().count(), 1, "{}", stderr(&output));
        assert_eq!(fs::read_to_string(&victim).unwrap(), content, "{name}");
    }
    // A device behind a link is refused too, and stays a device.
    let null_link = setup.path("null-link.json");
    symlink("/dev/null", &null_link).unwrap();
    let output = setup.import_force(&export, &null_link);
    assert!(!output.status.success(), "{output:?}");
    assert!(!fs::metadata("/dev/null").unwrap().is_file());
    // A link to a real annotation file is still written through.
    let real = setup.annotate("real.json", &["The mayor"]);
    let link = setup.path("real-link.json");
    symlink(&real, &link).unwrap();
    let output = setup.import_force(&export, &link);
    assert!(output.status.success(), "{output:?}");
    assert!(fs::symlink_metadata(&link).unwrap().is_symlink());
    assert_eq!(quotes_in(&real), ["by 2030"]);
}

/// "Save as" onto a file that is there replaces only an annotations file:
/// it used to replace whatever the reader typed the name of.
#[test]
fn save_as_never_replaces_a_file_that_is_not_annotations() {
    let setup = Setup::new();
    let mut store = Store::open(setup.path("notes.json"), &setup.text).unwrap();
    store.add("claim", setup.range("The mayor"), "Ada").unwrap();
    let thesis = setup.path("thesis.txt");
    fs::write(&thesis, "Chapter one.\n").unwrap();
    let damaged = setup.path("damaged.json");
    fs::write(&damaged, "{ \"schema\": 1, \"annotations\": [").unwrap();
    for path in [&thesis, &damaged] {
        assert!(store.save_as(path).is_err(), "{}", path.display());
    }
    assert_eq!(fs::read_to_string(&thesis).unwrap(), "Chapter one.\n");
    assert!(store.save_as("/dev/null").is_err());
    // An annotations file, or no file, is fine.
    let other = setup.annotate("other.json", &["Critics"]);
    store.save_as(&other).unwrap();
    store.save_as(setup.path("new.json")).unwrap();
    assert_eq!(quotes_in(&setup.path("new.json")), ["The mayor"]);
}

/// The reader's "save as" onto an annotations file that is there replaced
/// it, losing its annotations. It now keeps them, merged with ours (one
/// passage in both is one annotation), and refuses a file of another
/// article or an answer key, which it leaves as it was.
#[test]
fn saving_into_an_existing_annotations_file_keeps_what_it_holds() {
    let setup = Setup::new();
    let mut store = Store::open(setup.path("notes.json"), &setup.text).unwrap();
    store.add("claim", setup.range("The mayor"), "Ada").unwrap();
    let existing = setup.annotate("rescue.json", &["Critics disagree."]);
    assert_eq!(store.save_into(&existing).unwrap(), 1);
    assert_eq!(quotes_in(&existing), ["Critics disagree.", "The mayor"]);
    // Saved there again, nothing doubles.
    store.add("opinion", setup.range("by 2030"), "Ada").unwrap();
    store.save().unwrap();
    assert_eq!(store.save_into(&existing).unwrap(), 0);
    assert_eq!(
        quotes_in(&existing),
        ["Critics disagree.", "The mayor", "by 2030"]
    );

    let other_dir = setup.path("other");
    fs::create_dir(&other_dir).unwrap();
    let other_article = "# Buses\n\nThe buses are late again.\n";
    let other_text = {
        let path = other_dir.join("buses.md");
        fs::write(&path, other_article).unwrap();
        load_path(&path).unwrap().text
    };
    let foreign = other_dir.join("buses.json");
    let mut theirs = Store::open(&foreign, &other_text).unwrap();
    theirs.set_article("Buses", "buses.md");
    theirs.add("claim", 7..16, "Bo").unwrap();
    theirs.save().unwrap();
    let before = fs::read(&foreign).unwrap();
    let refused = store.save_into(&foreign).unwrap_err().to_string();
    assert!(
        refused.contains("another article") && refused.contains("Buses"),
        "{refused}"
    );
    assert_eq!(fs::read(&foreign).unwrap(), before);

    let key = setup.annotate("key.json", &["Critics disagree."]);
    let mut marked = Store::open(&key, &setup.text).unwrap();
    marked.set_key(true);
    marked.save().unwrap();
    let refused = store.save_into(&key).unwrap_err().to_string();
    assert!(refused.contains("an answer key"), "{refused}");
}

/// `--force` used to replace a damaged annotation file, losing whatever
/// could have been mended in it.
#[test]
fn force_never_overwrites_a_damaged_file() {
    let setup = Setup::new();
    let export = setup.export(&["by 2030"]);
    let path = setup.path("notes.json");
    let damaged = "{\n  \"schema\": 1,\n  \"annotations\": [ { \"id\": \"a1\", \"label\": \"cl";
    fs::write(&path, damaged).unwrap();
    let output = setup.import_force(&export, &path);
    assert!(!output.status.success(), "{output:?}");
    let message = stderr(&output);
    assert!(message.contains("not importing over it"), "{message}");
    assert!(message.contains("line "), "{message}");
    assert_eq!(fs::read_to_string(&path).unwrap(), damaged);
}

/// Schema 0 was called "written by a newer marginalia".
#[test]
fn schema_zero_is_not_called_newer() {
    let error = AnnotationFile::parse(br#"{"schema": 0, "article": {}, "annotations": []}"#)
        .unwrap_err()
        .to_string();
    assert!(!error.contains("newer"), "{error}");
    assert!(error.contains("schema 0"), "{error}");
    let newer = AnnotationFile::parse(br#"{"schema": 9}"#)
        .unwrap_err()
        .to_string();
    assert!(newer.contains("newer"), "{newer}");
}
