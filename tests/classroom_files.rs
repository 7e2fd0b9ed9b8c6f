//! A teacher's files, through the real binary: keys found from any folder,
//! `key --mark`, the assignment pack, a class folder as files come back,
//! the gradebook read back as a spreadsheet would, and the coverage rule
//! that lets an exact copy of a clause-level key score 1.

use std::path::{Path, PathBuf};
use std::process::Command;

use marginalia::annotate::{AnnotationFile, Store};
use marginalia::article::{Article, load_path};
use marginalia::classroom::{
    DEFAULT_OVERLAP, Tagging, class_report, compare, counted_sentences, label_names, load_class,
};

const ARTICLE: &str = "the-library-is-the-last-free-room-in-town.md";

fn shipped(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("articles")
        .join(name)
}

/// `marginalia ARGS` run from `cwd`, without a terminal: (success, stdout, stderr).
fn marginalia(cwd: &Path, args: &[&str]) -> (bool, String, String) {
    let output = Command::new(env!("CARGO_BIN_EXE_marginalia"))
        .args(args)
        .current_dir(cwd)
        .env("XDG_CONFIG_HOME", cwd.join(".config"))
        .env("HOME", cwd)
        .env("NO_COLOR", "1")
        .output()
        .expect("run marginalia");
    (
        output.status.success(),
        String::from_utf8(output.stdout).unwrap(),
        String::from_utf8(output.stderr).unwrap(),
    )
}

/// Tags, for each of the article's counted sentences with at least twelve
/// words, a clause of four words from its middle: a teacher marking the
/// phrase that makes the point rather than the whole sentence. Labels turn
/// in order, so every label is used.
fn clause_tags(article: &Article) -> Vec<(String, std::ops::Range<usize>)> {
    let labels = ["claim", "opinion", "speculation"];
    counted_sentences(article)
        .into_iter()
        .filter_map(|s| {
            let range = article.sentences[s].range.clone();
            let text = &article.text[range.clone()];
            let words: Vec<(usize, &str)> =
                text.split_word_bound_indices_simple().into_iter().collect();
            (words.len() >= 12).then(|| {
                let start = range.start + words[2].0;
                let last = words[5];
                (start, range.start + last.0 + last.1.len())
            })
        })
        .enumerate()
        .map(|(i, (start, end))| (labels[i % 3].to_string(), start..end))
        .collect()
}

/// Whitespace-separated words with their byte offsets.
trait Words {
    fn split_word_bound_indices_simple(&self) -> Vec<(usize, &str)>;
}

impl Words for str {
    fn split_word_bound_indices_simple(&self) -> Vec<(usize, &str)> {
        let mut words = Vec::new();
        let mut start = None;
        for (i, c) in self.char_indices() {
            match (c.is_whitespace(), start) {
                (false, None) => start = Some(i),
                (true, Some(s)) => {
                    words.push((s, &self[s..i]));
                    start = None;
                }
                _ => {}
            }
        }
        if let Some(s) = start {
            words.push((s, &self[s..]));
        }
        words
    }
}

fn write_file(
    path: &Path,
    article: &Article,
    name: &str,
    key: bool,
    tags: &[(String, std::ops::Range<usize>)],
) {
    let mut store = Store::open(path, &article.text).unwrap();
    store.set_key(key);
    store.set_annotator(name);
    store.set_article(&article.meta.title, "");
    for (label, range) in tags {
        store.add(label, range.clone(), name).unwrap();
    }
    store.save().unwrap();
}

fn assert_perfect(article: &Article, key: &Tagging, copy: &Tagging) {
    let labels = label_names(["claim", "opinion", "speculation"], [key, copy]);
    let c = compare(article, key, copy, &labels, DEFAULT_OVERLAP);
    for score in c.labels.iter().chain([&c.overall]) {
        assert_eq!(score.scores.precision, Some(1.0), "{}", score.label);
        assert_eq!(score.scores.recall, Some(1.0), "{}", score.label);
        assert_eq!(score.scores.f1, Some(1.0), "{}", score.label);
    }
    assert_eq!(c.sentence_agreement, Some(1.0));
    assert_eq!(c.kappa, Some(1.0), "an exact copy agrees perfectly");
    assert!(c.missed.is_empty() && c.extra.is_empty());
}

fn exact_copy_scores_one(article_path: &Path) {
    let dir = tempfile::tempdir().unwrap();
    let article = load_path(article_path).unwrap();
    let tags = clause_tags(&article);
    assert!(tags.len() >= 12, "{}: a full key", article_path.display());
    // Clauses, not sentences: every passage is under half of its sentence.
    for (_, range) in &tags {
        let sentence = article
            .sentences
            .iter()
            .find(|s| s.range.start <= range.start && range.end <= s.range.end)
            .unwrap();
        assert!(range.len() * 2 < sentence.range.len());
    }
    let key_path = dir.path().join("key.json");
    write_file(&key_path, &article, "Teacher", true, &tags);
    let copy_path = dir.path().join("copy.json");
    std::fs::copy(&key_path, &copy_path).unwrap();
    let mut copy = AnnotationFile::parse(&std::fs::read(&copy_path).unwrap()).unwrap();
    copy.key = false;
    copy.annotator = "Ada".into();
    std::fs::write(&copy_path, copy.to_json()).unwrap();
    let second = dir.path().join("copy2.json");
    copy.annotator = "Bob".into();
    std::fs::write(&second, copy.to_json()).unwrap();

    let key = Tagging::open(&key_path, &article).unwrap();
    let ada = Tagging::open(&copy_path, &article).unwrap();
    assert_perfect(&article, &key, &ada);

    // And in a class of two copies, which agree with each other perfectly.
    let class = load_class(dir.path(), &article, None).unwrap();
    let labels = label_names(
        ["claim", "opinion", "speculation"],
        class.students.iter().chain(&class.key),
    );
    let report = class_report(&article, &class, &labels, DEFAULT_OVERLAP);
    assert_eq!(report.fleiss_kappa, Some(1.0));
    assert_eq!(report.krippendorff_alpha, Some(1.0));
    assert!(report.scores.iter().all(|c| c.kappa == Some(1.0)));
    let confusion = report.confusion.unwrap();
    let off_diagonal: usize = (0..labels.len())
        .flat_map(|a| (0..labels.len()).map(move |b| (a, b)))
        .filter(|(a, b)| a != b)
        .map(|(a, b)| confusion.counts[a][b])
        .sum();
    assert_eq!(off_diagonal, 0);
}

#[test]
fn an_exact_copy_of_a_clause_level_key_scores_one_on_every_measure() {
    // Two articles kept out of the hints' tuning, as in the issue.
    exact_copy_scores_one(&shipped(ARTICLE));
    exact_copy_scores_one(&shipped("lock-the-phones-not-the-students.md"));
}

#[test]
#[ignore = "needs ../shared/corpus"]
fn an_exact_copy_of_a_clause_level_key_scores_one_on_a_real_op_ed() {
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus");
    exact_copy_scores_one(&corpus.join("op-ed-alibaba-claude-code-ban.txt"));
    exact_copy_scores_one(&corpus.join("markdown/rust-blog-4-Years-Of-Rust.md"));
}

/// A key in its own folder, away from the article, as a teacher makes it
/// from the repository's root into /tmp/class.
fn teacher_folder() -> (tempfile::TempDir, PathBuf, Article) {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("articles")).unwrap();
    std::fs::create_dir_all(dir.path().join("class")).unwrap();
    let article_path = dir.path().join("articles").join(ARTICLE);
    std::fs::copy(shipped(ARTICLE), &article_path).unwrap();
    let article = load_path(&article_path).unwrap();
    (dir, article_path, article)
}

#[test]
fn a_key_is_found_from_its_own_folder_whatever_the_working_folder() {
    let (dir, _, article) = teacher_folder();
    let root = dir.path();
    let tags = clause_tags(&article);
    // An older reader recorded the path from its working folder (the root).
    let key = root.join("class/bob.json");
    write_file(&key, &article, "Teacher", false, &tags[..6]);
    let mut file = AnnotationFile::parse(&std::fs::read(&key).unwrap()).unwrap();
    file.article.path = format!("articles/{ARTICLE}");
    std::fs::write(&key, file.to_json()).unwrap();

    // From elsewhere it cannot be found, and the error says what to do.
    let (ok, _, err) = marginalia(&root.join("class"), &["key", "--mark", "bob.json"]);
    assert!(!ok);
    assert!(
        err.contains("--article") && err.lines().count() == 1,
        "{err}"
    );
    // From the root the old path is confirmed by the content hash; marking
    // it records the path from the key's own folder.
    let (ok, out, err) = marginalia(root, &["key", "--mark", "class/bob.json"]);
    assert!(ok, "{err}");
    assert!(
        out.contains("is now an answer key") && out.contains("6 passages"),
        "{out}"
    );
    let marked = AnnotationFile::parse(&std::fs::read(&key).unwrap()).unwrap();
    assert!(marked.key);
    assert_eq!(marked.article.path, format!("../articles/{ARTICLE}"));

    // Now compare finds it from any folder, the key's own or another.
    let student = root.join("class/ada.json");
    write_file(&student, &article, "Ada", false, &tags[..3]);
    for cwd in [
        root.to_path_buf(),
        root.join("class"),
        root.join("articles"),
    ] {
        let key_arg = key.to_string_lossy().into_owned();
        let student_arg = student.to_string_lossy().into_owned();
        let (ok, out, err) = marginalia(&cwd, &["compare", "--key", &key_arg, &student_arg]);
        assert!(ok, "from {}: {err}", cwd.display());
        assert!(
            out.contains("Ada (ada.json) against the key: 6 key passages, 3 tagged"),
            "{out}"
        );
    }
    // An article given on the command line wins, and a changed one is said.
    let edited = root.join("edited.md");
    let text = std::fs::read_to_string(shipped(ARTICLE)).unwrap();
    std::fs::write(&edited, format!("{text}\nOne more paragraph.\n")).unwrap();
    let (ok, _, err) = marginalia(
        root,
        &[
            "compare",
            "--key",
            "class/bob.json",
            "--article",
            "edited.md",
            "class/ada.json",
        ],
    );
    assert!(ok, "{err}");
    assert!(err.contains("has changed since"), "{err}");
}

/// A naive RFC 4180 reader would hide quoting mistakes; the csv crate is
/// what many import tools use.
fn read_gradebook(path: &Path) -> (Vec<String>, Vec<Vec<String>>) {
    let mut reader = csv::Reader::from_path(path).unwrap();
    let header = reader.headers().unwrap().iter().map(String::from).collect();
    let rows = reader
        .records()
        .map(|r| r.unwrap().iter().map(String::from).collect())
        .collect();
    (header, rows)
}

#[test]
fn an_assignment_pack_comes_back_as_a_class_folder_and_a_gradebook() {
    let (dir, article_path, article) = teacher_folder();
    let root = dir.path();
    let tags = clause_tags(&article);
    let key = root.join("library.key.json");
    write_file(&key, &article, "Teacher", true, &tags);

    let (ok, out, err) = marginalia(
        root,
        &[
            "assign",
            &format!("articles/{ARTICLE}"),
            "--key",
            "library.key.json",
            "-o",
            "pack",
        ],
    );
    assert!(ok, "{err}");
    let command =
        format!("marginalia {ARTICLE} --key key.json --hide-key --annotations YOUR-NAME.json");
    assert!(out.contains(&command), "{out}");
    let pack = root.join("pack");
    let instructions = std::fs::read_to_string(pack.join("INSTRUCTIONS.txt")).unwrap();
    assert!(instructions.contains(&command), "{instructions}");
    assert!(instructions.contains("Ctrl-S twice"), "{instructions}");
    assert_eq!(
        std::fs::read(pack.join(ARTICLE)).unwrap(),
        std::fs::read(&article_path).unwrap()
    );
    let packed_key = AnnotationFile::parse(&std::fs::read(pack.join("key.json")).unwrap()).unwrap();
    assert!(packed_key.key);
    assert_eq!(packed_key.article.path, ARTICLE);
    assert_eq!(packed_key.annotations.len(), tags.len());
    // The pack is never written over by accident.
    let (ok, _, err) = marginalia(
        root,
        &[
            "assign",
            &format!("articles/{ARTICLE}"),
            "--key",
            "library.key.json",
            "-o",
            "pack",
        ],
    );
    assert!(!ok && err.contains("--force"), "{err}");

    // Files come back: three students (two give the same name), and
    // things that are not students' files.
    write_file(&pack.join("ada.json"), &article, "Ada", false, &tags);
    write_file(
        &pack.join("bob.json"),
        &article,
        "Bob",
        false,
        &tags[..tags.len() / 2],
    );
    write_file(&pack.join("ada-2.json"), &article, "Ada", false, &tags[3..]);
    std::fs::write(pack.join("package.json"), "{\"name\": \"x\"}").unwrap();
    let other = load_path(&shipped("the-case-for-boring-bike-lanes.md")).unwrap();
    write_file(
        &pack.join("bikes.json"),
        &other,
        "Cy",
        false,
        &[("claim".into(), 0..20)],
    );

    let (ok, out, err) = marginalia(
        root,
        &["class", "pack", "--csv", "gradebook.csv", "--markdown"],
    );
    assert!(ok, "{err}");
    assert!(
        out.contains("- Students: 3 (Ada (ada-2.json), Ada (ada.json), Bob (bob.json))"),
        "{out}"
    );
    assert!(
        out.contains("2 files carry the name \"Ada\" (ada-2.json, ada.json)"),
        "{out}"
    );
    assert!(out.contains("- Key: key.json"), "{out}");
    for note in [
        "- INSTRUCTIONS.txt: not an annotations file",
        &format!("- {ARTICLE}: not an annotations file"),
        "- package.json: JSON, but not an annotations file",
        "- bikes.json: annotations of another article, \"The Case for Boring Bike Lanes\"",
    ] {
        assert!(out.contains(note), "{note}\n{out}");
    }

    let (header, rows) = read_gradebook(&root.join("gradebook.csv"));
    assert_eq!(
        header[..10],
        [
            "student",
            "file",
            "tagged",
            "matching",
            "precision",
            "key passages",
            "found",
            "recall",
            "F1",
            "kappa"
        ]
    );
    assert_eq!(header.last().unwrap(), "sentences alike");
    assert_eq!(rows.len(), 3);
    let row = |file: &str| rows.iter().find(|r| r[1] == file).unwrap();
    let ada = row("ada.json");
    assert_eq!(ada[0], "Ada");
    assert_eq!(ada[5], tags.len().to_string());
    assert_eq!(&ada[7..10], ["1.000", "1.000", "1.000"]);
    assert_eq!(ada[4], "1.000");
    // Bob found the first half: precision 1, recall and F1 as computed here.
    let bob = row("bob.json");
    let found = tags.len() / 2;
    let recall = found as f64 / tags.len() as f64;
    assert_eq!(
        bob[2..5],
        [found.to_string(), found.to_string(), "1.000".into()]
    );
    assert_eq!(bob[5..7], [tags.len().to_string(), found.to_string()]);
    assert_eq!(bob[7], format!("{recall:.3}"));
    assert_eq!(bob[8], format!("{:.3}", 2.0 * recall / (1.0 + recall)));
    let bob_kappa: f64 = bob[9].parse().unwrap();
    assert!(bob_kappa > 0.0 && bob_kappa < 1.0, "{bob_kappa}");
    // Every column after the file holds a plain number a spreadsheet reads.
    for r in &rows {
        for cell in &r[2..] {
            assert!(cell.is_empty() || cell.parse::<f64>().is_ok(), "{cell}");
        }
    }

    // No key, no gradebook: said in one line.
    let bare = root.join("bare");
    std::fs::create_dir_all(&bare).unwrap();
    std::fs::copy(pack.join("bob.json"), bare.join("bob.json")).unwrap();
    let (ok, _, err) = marginalia(
        root,
        &[
            "class",
            &format!("articles/{ARTICLE}"),
            "bare",
            "--csv",
            "g.csv",
        ],
    );
    assert!(!ok && err.contains("needs an answer key"), "{err}");
}

/// Two packs from `assign`, one per shipped key, each with a student's
/// file that copies its key.
fn two_packs() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    std::fs::create_dir_all(root.join("articles")).unwrap();
    for (article, pack, student) in [
        ("the-case-for-boring-bike-lanes.md", "bikes", "ada"),
        ("give-the-four-day-week-a-fair-trial.txt", "week", "zed"),
    ] {
        std::fs::copy(shipped(article), root.join("articles").join(article)).unwrap();
        let key = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("examples/keys")
            .join(format!("{article}.key.json"));
        let (ok, _, err) = marginalia(
            root,
            &[
                "assign",
                &format!("articles/{article}"),
                "--key",
                key.to_str().unwrap(),
                "-o",
                pack,
            ],
        );
        assert!(ok, "{err}");
        let text = load_path(&root.join(pack).join(article)).unwrap().text;
        let mut copy = Store::open(root.join(pack).join("key.json"), &text).unwrap();
        copy.set_key(false);
        copy.set_annotator(student);
        copy.save_as(root.join(pack).join(format!("{student}.json")))
            .unwrap();
    }
    dir
}

#[test]
fn compare_and_class_say_when_a_file_is_of_another_article() {
    let dir = two_packs();
    let root = dir.path();
    let other = "annotations of another article, \"Give the Four-Day Week a Fair Trial\"";

    let (ok, out, err) = marginalia(
        root,
        &["compare", "--key", "bikes/key.json", "week/zed.json"],
    );
    assert!(!ok, "graded a file of another article:\n{out}");
    assert!(out.is_empty(), "{out}");
    assert!(err.contains(&format!("week/zed.json: {other}")), "{err}");

    let (ok, out, err) = marginalia(
        root,
        &[
            "compare",
            "--key",
            "bikes/key.json",
            "bikes/ada.json",
            "week/zed.json",
        ],
    );
    assert!(ok, "{err}");
    assert!(
        out.contains("ada (ada.json) against the key: 28 key passages, 28 tagged"),
        "{out}"
    );
    assert!(!out.contains("zed"), "{out}");
    assert!(
        err.contains(&format!("note: week/zed.json: {other}")) && err.contains("left out"),
        "{err}"
    );

    // The class folder under the other article's key: what it held, and why
    // none of it counted.
    let (ok, _, err) = marginalia(root, &["class", "bikes", "--key", "week/key.json"]);
    assert!(!ok);
    assert!(
        err.contains("2 annotations files, none of them on \"Give the Four-Day Week a Fair Trial\" (2 of another article: \"The Case for Boring Bike Lanes\")"),
        "{err}"
    );
}
