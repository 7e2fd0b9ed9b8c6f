//! The kill test: the reader (tagging, each tag a save) and `import --force`
//! are killed with SIGKILL at random points, many times, on one annotation
//! file made large enough that a kill often lands mid-write. After every
//! kill: the file is whole, nothing saved before the round is lost (an
//! import replaces all or nothing), and once the file is opened again no
//! temporary file is left. `MARGINALIA_KILL_SECONDS` runs it longer (the
//! default keeps `cargo test` to a few seconds); docs/RELIABILITY.md has
//! the counts of a long run.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use marginalia::annotate::{AnnotationFile, Store};
use marginalia::article::load_path;

use super::support::{Sandbox, marginalia_bin};
use super::{PHONES, PHONES_TITLE, sidecar};

/// A small xorshift generator: the seed is printed, so a failing run can
/// be repeated with `MARGINALIA_KILL_SEED`.
struct Random(u64);

impl Random {
    fn below(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % n.max(1)
    }
}

fn env_number(name: &str) -> Option<u64> {
    std::env::var(name).ok()?.parse().ok()
}

/// Each annotation in the file, by id, as its JSON text.
fn snapshot(path: &Path) -> BTreeMap<String, String> {
    let bytes = std::fs::read(path).expect("the annotation file is there");
    let file = AnnotationFile::parse(&bytes).unwrap_or_else(|e| {
        panic!(
            "the file is torn ({e}):\n{}",
            String::from_utf8_lossy(&bytes)
        )
    });
    file.annotations
        .iter()
        .map(|a| (a.id.clone(), serde_json::to_string(a).unwrap()))
        .collect()
}

fn temporaries(dir: &Path, file: &Path) -> Vec<PathBuf> {
    let prefix = format!(".{}.tmp", file.file_name().unwrap().to_string_lossy());
    std::fs::read_dir(dir)
        .unwrap()
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            p.file_name()
                .unwrap()
                .to_string_lossy()
                .starts_with(&prefix)
        })
        .collect()
}

#[derive(Default, Debug)]
struct Counts {
    reader_kills: usize,
    /// Annotations the reader saved before it was killed, over all rounds.
    tags_saved_before_the_kill: usize,
    import_kills: usize,
    imports_finished_before_the_kill: usize,
    imports_killed_before_writing: usize,
    temporaries_left_and_removed: usize,
}

#[test]
fn killing_the_reader_and_import_at_random_points_loses_nothing() {
    let seconds = env_number("MARGINALIA_KILL_SECONDS").unwrap_or(3);
    let seed = env_number("MARGINALIA_KILL_SEED").unwrap_or_else(|| {
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_nanos() as u64
            | 1
    });
    eprintln!("kill test: seed {seed}, {seconds} s");
    let mut random = Random(seed);

    let sandbox = Sandbox::new();
    let article = sandbox.shipped_article(PHONES);
    let text = load_path(&article).unwrap().text;
    let file = sidecar(&article);
    let dir = article.parent().unwrap().to_path_buf();
    // A note of 300 KB makes every save a write long enough to be cut.
    let mut store = Store::open(&file, &text).unwrap();
    let sentence_end = text.find('.').unwrap() + 1;
    let big = store.add("claim", 0..sentence_end, "Ada").unwrap();
    store
        .set_note(&big, &"a long note ".repeat(25_000))
        .unwrap();
    store.save().unwrap();
    // What an import brings: the big note and one more, exported once.
    let second = text[sentence_end..].find('.').unwrap() + sentence_end + 1;
    let start =
        sentence_end + (text[sentence_end..].len() - text[sentence_end..].trim_start().len());
    // "claim" as the reader tags, so a tag on it again changes nothing.
    store.add("claim", start..second, "Bob").unwrap();
    store.save().unwrap();
    let export = dir.join("export.md");
    let exported = Command::new(marginalia_bin())
        .args([
            "export",
            article.to_str().unwrap(),
            "-o",
            export.to_str().unwrap(),
        ])
        .env("MARGINALIA_STATE_DIR", sandbox.state())
        .output()
        .unwrap();
    assert!(exported.status.success(), "{exported:?}");
    let imported = snapshot(&file);
    let imported_file = std::fs::read(&file).unwrap();
    drop(store);

    let mut counts = Counts::default();
    let started = Instant::now();
    let mut round = 0;
    while started.elapsed() < Duration::from_secs(seconds) || round < 6 {
        round += 1;
        let before = snapshot(&file);
        if round % 3 == 0 {
            // import --force, killed after 0–600 ms.
            let mut import = Command::new(marginalia_bin())
                .args(["import", export.to_str().unwrap(), "--force"])
                .args(["--article", article.to_str().unwrap()])
                .args(["-o", file.to_str().unwrap()])
                .env("MARGINALIA_STATE_DIR", sandbox.state())
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .spawn()
                .unwrap();
            std::thread::sleep(Duration::from_millis(random.below(600)));
            kill(&mut import);
            counts.import_kills += 1;
            let after = snapshot(&file);
            if after == before {
                counts.imports_killed_before_writing += 1;
            } else {
                assert_eq!(
                    after.keys().collect::<Vec<_>>(),
                    imported.keys().collect::<Vec<_>>(),
                    "round {round}: the import was neither whole nor absent"
                );
                counts.imports_finished_before_the_kill += 1;
            }
        } else {
            // A label key on a passage that has the label takes it off: an
            // edit of the reader's, not a loss. So each reader round starts
            // from the imported file and tags after its two passages (the
            // title and the first two sentences), where no earlier round
            // left a tag.
            std::fs::write(&file, &imported_file).unwrap();
            let before = snapshot(&file);
            // The reader tags sentence after sentence, killed after 0–1200 ms.
            let mut app = sandbox.marginalia(&[article.to_str().unwrap()], 110, 30);
            app.wait_for_status(PHONES_TITLE);
            let moves = ")".repeat(4 + random.below(10) as usize);
            app.send(&format!("{moves}1j1j1}}1j1"));
            std::thread::sleep(Duration::from_millis(random.below(1200)));
            app.signal("KILL");
            app.wait_exit();
            counts.reader_kills += 1;
            let after = snapshot(&file);
            counts.tags_saved_before_the_kill += after.len().saturating_sub(before.len());
            for (id, annotation) in &before {
                assert_eq!(
                    after.get(id),
                    Some(annotation),
                    "round {round}: an annotation saved before was lost or changed"
                );
            }
        }
        // The next open leaves no temporary file behind.
        let left = temporaries(&dir, &file).len();
        counts.temporaries_left_and_removed += left;
        let reopened = Store::open(&file, &text).unwrap();
        assert_eq!(reopened.annotations().len(), snapshot(&file).len());
        let stray = temporaries(&dir, &file);
        assert!(
            stray.is_empty(),
            "round {round}: {stray:?} left after opening"
        );
    }
    eprintln!(
        "kill test: {round} kills in {:?}: {counts:?}",
        started.elapsed()
    );
    assert!(
        counts.reader_kills > 0 && counts.import_kills > 0,
        "{counts:?}"
    );
}

fn kill(child: &mut Child) {
    let _ = child.kill();
    let _ = child.wait();
}
