//! Every subcommand's output, to a pipe and to a file, and clap's errors,
//! with hostile articles, labels, notes, annotator names and file names:
//! nothing reaches the output raw (docs/RELIABILITY.md, "Terminal safety").

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use marginalia::annotate::Store;
use marginalia::article::load_path;
use marginalia::output::is_unsafe;

/// Titles, clipboard writes, CSI, C1 CSI/OSC/DCS, backspace and bidi.
const HOSTILE: &str =
    "\u{1b}]0;T\u{7}\u{1b}]52;c;cm0=\u{7}\u{1b}[2J\u{9b}31m\u{9d}0;t\u{7}\u{90}q\u{8}\u{202e}";

fn bin() -> &'static str {
    env!("CARGO_BIN_EXE_marginalia")
}

/// What the test found unsafe in `bytes`, shown escaped (CSV's CR LF
/// record ends aside).
fn unsafe_chars(bytes: &[u8]) -> Vec<String> {
    String::from_utf8_lossy(bytes)
        .replace("\r\n", "\n")
        .chars()
        .filter(|&c| is_unsafe(c))
        .map(|c| format!("U+{:04X}", c as u32))
        .collect()
}

fn assert_inert(what: &str, bytes: &[u8]) {
    let found = unsafe_chars(bytes);
    assert!(
        found.is_empty(),
        "{what} carries {found:?} raw:\n{}",
        String::from_utf8_lossy(bytes).escape_debug()
    );
}

/// A folder with a hostile article under a hostile file name, its
/// annotations (hostile label, note and annotator), and a class folder.
struct Hostile {
    dir: tempfile::TempDir,
    article: PathBuf,
    annotations: PathBuf,
    class: PathBuf,
}

impl Hostile {
    fn new() -> Hostile {
        let dir = tempfile::tempdir().unwrap();
        let source = fs::read_to_string(
            Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/hostile.md"),
        )
        .unwrap();
        let article = dir.path().join(format!("op{HOSTILE}ed.md"));
        fs::write(&article, format!("{source}\nA claim {HOSTILE} in prose.\n")).unwrap();
        let text = load_path(&article).unwrap().text;
        let annotations = dir.path().join("notes.json");
        let class = dir.path().join("class");
        fs::create_dir(&class).unwrap();
        let range = |word: &str| {
            let at = text.find(word).unwrap();
            at..at + word.len()
        };
        for path in [annotations.clone(), class.join(format!("st{HOSTILE}.json"))] {
            let mut store = Store::open(&path, &text).unwrap();
            store.set_article(&format!("Title {HOSTILE}"), &article.to_string_lossy());
            let id = store
                .add(
                    &format!("claim{HOSTILE}"),
                    range("Window title attack"),
                    &format!("Mal{HOSTILE}"),
                )
                .unwrap();
            store
                .set_note(&id, &format!("note {HOSTILE}\nline two"))
                .unwrap();
            store
                .add("opinion", range("Clipboard attack"), "Eve")
                .unwrap();
            store.save().unwrap();
        }
        Hostile {
            dir,
            article,
            annotations,
            class,
        }
    }

    fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    fn run(&self, args: &[&str]) -> Output {
        Command::new(bin())
            // clap strips escapes from its messages when it writes to a
            // pipe, but not to a terminal: this makes it write as to one.
            .env("CLICOLOR_FORCE", "1")
            .args(args)
            .current_dir(self.dir.path())
            .env("HOME", self.dir.path())
            .env("XDG_CONFIG_HOME", self.dir.path().join("config"))
            .env("MARGINALIA_STATE_DIR", self.dir.path().join("state"))
            .output()
            .unwrap()
    }
}

fn s(path: &Path) -> &str {
    path.to_str().unwrap()
}

#[test]
fn every_subcommand_writes_hostile_text_inert() {
    let h = Hostile::new();
    let article = s(&h.article);
    let notes = s(&h.annotations);
    let student = h.class.join(format!("st{HOSTILE}.json"));
    let config = h.path(&format!("conf{HOSTILE}.toml"));
    fs::write(&config, "").unwrap();
    let runs: Vec<(&str, Vec<&str>)> = vec![
        ("outline", vec!["outline", article]),
        ("outline --json", vec!["outline", "--json", article]),
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
        (
            "export csv",
            vec!["export", article, "--annotations", notes, "--format", "csv"],
        ),
        ("stats", vec!["stats", article, "--annotations", notes]),
        (
            "stats --json",
            vec!["stats", "--json", article, "--annotations", notes],
        ),
        (
            "compare",
            vec!["compare", "--key", notes, "--article", article, s(&student)],
        ),
        (
            "compare --json",
            vec![
                "compare",
                "--json",
                "--key",
                notes,
                "--article",
                article,
                s(&student),
            ],
        ),
        ("class", vec!["class", article, s(&h.class)]),
        (
            "class --markdown",
            vec!["class", "--markdown", article, s(&h.class)],
        ),
        (
            "class --json",
            vec!["class", "--json", article, s(&h.class)],
        ),
        ("suggest", vec!["suggest", article]),
        ("suggest --json", vec!["suggest", "--json", article]),
        (
            "export html",
            vec![
                "export",
                article,
                "--annotations",
                notes,
                "--format",
                "html",
            ],
        ),
        ("config", vec!["config", "--config", s(&config)]),
    ];
    for (what, args) in &runs {
        let output = h.run(args);
        assert!(output.status.success(), "{what}: {output:?}");
        assert!(!output.stdout.is_empty(), "{what} printed nothing");
        assert_inert(what, &output.stdout);
        assert_inert(what, &output.stderr);
    }

    // The same exports to files, and an import of the markdown one.
    for format in ["markdown", "json", "csv", "html"] {
        let out = h.path(&format!("out{HOSTILE}.{format}"));
        let output = h.run(&[
            "export",
            article,
            "--annotations",
            notes,
            "--format",
            format,
            "-o",
            s(&out),
        ]);
        assert!(output.status.success(), "export -o {format}: {output:?}");
        let written = fs::read(&out).unwrap();
        assert_inert(&format!("export -o ({format})"), &written);
        let text = String::from_utf8_lossy(&written);
        assert!(
            text.contains('␛') || text.contains("\\u001b"),
            "{format}: the hostile text is not shown at all"
        );
        if format == "json" {
            let back: serde_json::Value = serde_json::from_slice(&written).unwrap();
            assert!(back.to_string().contains("claim"), "{back}");
        }
    }
    let imported = h.path("imported.json");
    let output = h.run(&[
        "import",
        s(&h.path(&format!("out{HOSTILE}.markdown"))),
        "--article",
        article,
        "-o",
        s(&imported),
    ]);
    assert!(output.status.success(), "import: {output:?}");
    assert_inert("import", &output.stdout);
    // Files other commands write: a class page, a key, an assignment pack.
    let page = h.path(&format!("class{HOSTILE}.html"));
    let key = h.path(&format!("key{HOSTILE}.json"));
    fs::copy(&h.annotations, &key).unwrap();
    let pack = h.path(&format!("pack{HOSTILE}"));
    let writers: Vec<(&str, Vec<&str>)> = vec![
        (
            "class --html",
            vec!["class", article, s(&h.class), "--html", s(&page)],
        ),
        (
            "key --mark",
            vec!["key", "--mark", s(&key), "--article", article],
        ),
        (
            "assign",
            vec!["assign", article, "--key", s(&key), "-o", s(&pack)],
        ),
    ];
    for (what, args) in &writers {
        let output = h.run(args);
        assert!(output.status.success(), "{what}: {output:?}");
        assert_inert(what, &output.stdout);
        assert_inert(what, &output.stderr);
    }
    assert_inert("class --html", &fs::read(&page).unwrap());
    assert_inert("key --mark", &fs::read(&key).unwrap());
    // The pack's copy of the article is the teacher's file byte for byte (its
    // hash ties the key to it), not text marginalia writes: it is left out.
    for entry in fs::read_dir(&pack).unwrap() {
        let path = entry.unwrap().path();
        if path.is_file() && path.extension().is_none_or(|e| e != "md") {
            assert_inert(
                &format!("assign: {}", path.display()),
                &fs::read(&path).unwrap(),
            );
        }
    }
    // The annotation files marginalia writes hold escapes, not raw controls.
    assert_inert("an annotation file", &fs::read(&h.annotations).unwrap());
    assert_inert("an imported annotation file", &fs::read(&imported).unwrap());
}

#[test]
fn errors_and_clap_messages_are_inert() {
    let h = Hostile::new();
    let missing = h.path(&format!("gone{HOSTILE}.md"));
    let bad_option = format!("--x{HOSTILE}");
    let bad_value = HOSTILE.to_string();
    let runs: Vec<(&str, Vec<&str>)> = vec![
        ("an unknown option", vec![bad_option.as_str()]),
        (
            "a bad value",
            vec!["export", "--format", &bad_value, "a.md"],
        ),
        (
            "a bad overlap",
            vec!["class", "--overlap", &bad_value, "a", "b"],
        ),
        ("a missing article", vec!["outline", s(&missing)]),
        (
            "a missing key",
            vec!["compare", "--key", s(&missing), s(&missing)],
        ),
    ];
    for (what, args) in &runs {
        let output = h.run(args);
        assert!(!output.status.success(), "{what}: {output:?}");
        assert!(!output.stderr.is_empty(), "{what}: no message");
        assert_inert(what, &output.stdout);
        assert_inert(what, &output.stderr);
        assert!(
            String::from_utf8_lossy(&output.stderr).contains('␛'),
            "{what}: the argument is not shown: {}",
            String::from_utf8_lossy(&output.stderr)
        );
    }
}

/// An OS error used to be printed twice, once by the error that quotes it
/// and once more as its cause.
#[test]
fn os_errors_are_printed_once() {
    let h = Hostile::new();
    // Under a file, where no folder can be: "Not a directory (os error 20)".
    let nowhere = h.article.join("notes.json");
    let output = h.run(&["stats", s(&h.article), "--annotations", s(&nowhere)]);
    assert!(!output.status.success());
    let message = String::from_utf8_lossy(&output.stderr);
    assert_eq!(message.matches("os error").count(), 1, "{message}");
    assert_eq!(message.lines().count(), 1, "{message}");
}

/// A news page whose title, byline, canonical address and text carry
/// hostile characters, raw and as character references.
fn hostile_page() -> String {
    let raw = HOSTILE;
    let referenced = "&#27;]0;T&#7;&#x9b;31m&#x9d;0;t&#7;&#x202e;&#8;";
    let paragraph = |n: usize| {
        format!(
            "<p>Paragraph {n} of the report {raw} says the council spent the money \
             on the new line, {referenced} and that the auditor will look at the \
             tunnels again in the spring, when the two councils meet.</p>"
        )
    };
    let body: String = (1..=6).map(paragraph).collect();
    format!(
        "<html><head><title>Trains {raw} at last {referenced}</title>\
         <meta name=\"author\" content=\"Ana {raw} Ortiz\">\
         <link rel=\"canonical\" href=\"https://example.org/a{referenced}b\">\
         </head><body><article><h1>Trains {raw} at last</h1>{body}</article></body></html>"
    )
}

/// `add` from a saved page, from standard input and again (the "already in
/// the library" notice): what it prints and the article it writes.
#[test]
fn add_writes_hostile_pages_inert() {
    let h = Hostile::new();
    let page = h.path(&format!("page{HOSTILE}.html"));
    fs::write(&page, hostile_page()).unwrap();
    let library = h.path("library");
    for round in ["first", "again"] {
        let output = h.run(&["add", s(&page), "--to", s(&library)]);
        assert!(output.status.success(), "add ({round}): {output:?}");
        assert_inert(&format!("add ({round})"), &output.stdout);
        assert_inert(&format!("add ({round})"), &output.stderr);
    }

    let mut child = Command::new(bin())
        .args(["add", "-", "--to", s(&library)])
        .current_dir(h.dir.path())
        .env("HOME", h.dir.path())
        .env("XDG_CONFIG_HOME", h.dir.path().join("config"))
        .env("MARGINALIA_STATE_DIR", h.dir.path().join("state"))
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    use std::io::Write as _;
    child
        .stdin
        .take()
        .unwrap()
        .write_all(hostile_page().as_bytes())
        .unwrap();
    let output = child.wait_with_output().unwrap();
    assert!(output.status.success(), "add -: {output:?}");
    assert_inert("add -", &output.stdout);
    assert_inert("add -", &output.stderr);

    let written: Vec<PathBuf> = fs::read_dir(&library)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert!(!written.is_empty());
    for path in &written {
        assert_inert(
            &format!("the file name {}", path.display()),
            path.file_name().unwrap().to_string_lossy().as_bytes(),
        );
        let text = fs::read(path).unwrap();
        assert_inert(&format!("add's article {}", path.display()), &text);
        let text = String::from_utf8_lossy(&text);
        assert!(text.contains("auditor"), "the article text is kept: {text}");
        assert!(text.contains('␛'), "the hostile text is shown: {text}");
    }
    // A page that is not one, under a hostile name: the refusal is inert.
    let output = h.run(&["add", s(&h.article), "--to", s(&library)]);
    assert!(!output.status.success());
    assert_inert("add of a non-page", &output.stderr);
    assert!(String::from_utf8_lossy(&output.stderr).contains('␛'));
}
