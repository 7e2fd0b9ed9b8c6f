//! The classroom end to end, as a teacher and two students would run it,
//! each in a pseudo-terminal: the teacher makes a key in the reader and an
//! assignment pack; two students, asked their names, tag the article in an
//! exercise and hand in; the teacher runs `class --html` and `compare`, and
//! every figure is checked against one worked out here.

#[allow(dead_code)]
mod support;

use std::path::Path;

use marginalia::article::load_path;
use marginalia::classroom::counted_sentences;
use support::{RATATUI_FRAME_END, Sandbox, Session, assert_clean_exit, marginalia_bin};

const ARTICLE: &str = "lock-the-phones-not-the-students.md";
const TITLE: &str = "Lock the Phones, Not the Students";

/// `marginalia ARGS` in a terminal, from `cwd`, with or without a login
/// name in the environment.
fn run_in(sandbox: &Sandbox, cwd: &Path, args: &[&str], login: bool) -> Session {
    let mut cmd = sandbox.command(marginalia_bin(), args);
    cmd.cwd(cwd);
    if !login {
        cmd.env_remove("USER");
    }
    Session::spawn(cmd, 130, 30, Some(RATATUI_FRAME_END))
}

/// Moves to the next sentence and tags it with the label on `key`.
fn tag_next(app: &mut Session, key: &str, label: &str) {
    app.send(")");
    app.send(key);
    app.wait_for_status(&format!("tagged as {label}"));
    // The next message must be a new one, not this one still showing.
    app.send("\x1b");
    app.wait_gone(&format!("tagged as {label}"));
}

/// A student's session: asked their name, tags, hands in, quits.
fn student(
    sandbox: &Sandbox,
    pack: &Path,
    file: &str,
    name: &str,
    login: bool,
    tags: &[(&str, &str)],
) {
    let args = [
        ARTICLE,
        "--key",
        "key.json",
        "--hide-key",
        "--annotations",
        file,
    ];
    let mut app = run_in(sandbox, pack, &args, login);
    // Asked even when a login name is known: this is an exercise.
    app.wait_for("Your name, as your teacher should see it");
    app.send(&format!("{name}\r"));
    app.wait_for_status(TITLE);
    // The reader remembers where the last reader of this article stopped
    // (on a shared machine, another student): start from the top.
    app.send("g");
    for (key, label) in tags {
        tag_next(&mut app, key, label);
    }
    app.send("\x13");
    app.wait_for_status("press Ctrl-S again");
    app.send("\x13");
    app.wait_for_status("submitted: your file is frozen");
    app.send("L");
    app.wait_for("Enter open");
    app.send("q");
    assert_clean_exit(&mut app);

    // Opened again, the file has the name: not asked a second time.
    let mut again = run_in(sandbox, pack, &args, login);
    again.wait_for_status(TITLE);
    assert!(!again.text().contains("Your name"), "asked twice");
    again.send("L");
    again.wait_for("Enter open");
    again.send("q");
    assert_clean_exit(&mut again);
}

fn command(sandbox: &Sandbox, args: &[&str]) -> String {
    let output = std::process::Command::new(marginalia_bin())
        .args(args)
        .current_dir(sandbox.root())
        .env("HOME", sandbox.root().join("home"))
        .env("XDG_CONFIG_HOME", sandbox.root().join("config"))
        .env("NO_COLOR", "1")
        .output()
        .expect("run marginalia");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{args:?}: {stderr}");
    String::from_utf8(output.stdout).unwrap()
}

/// Cohen's kappa from a confusion table, for the figures checked below.
fn kappa(table: &[[f64; 4]; 4]) -> f64 {
    let n: f64 = table.iter().flatten().sum();
    let observed = (0..4).map(|i| table[i][i]).sum::<f64>() / n;
    let expected = (0..4)
        .map(|c| {
            let row: f64 = table[c].iter().sum();
            let column: f64 = table.iter().map(|r| r[c]).sum();
            row / n * column / n
        })
        .sum::<f64>();
    (observed - expected) / (1.0 - expected)
}

#[test]
fn a_key_an_assignment_two_students_and_the_teachers_reports() {
    let sandbox = Sandbox::new();
    let article_path = sandbox.shipped_article(ARTICLE);
    let article = load_path(&article_path).unwrap();
    std::fs::create_dir_all(sandbox.root().join("class")).unwrap();

    // The teacher makes a key from the sandbox's root, into another folder:
    // the first three sentences after the title, one of each label, and a
    // note on the speculation.
    let mut teacher = run_in(
        &sandbox,
        sandbox.root(),
        &[
            "key",
            &format!("articles/{ARTICLE}"),
            "-o",
            "class/key.json",
        ],
        true,
    );
    teacher.wait_for_status(TITLE);
    tag_next(&mut teacher, "1", "claim");
    tag_next(&mut teacher, "2", "opinion");
    tag_next(&mut teacher, "3", "speculation");
    teacher.send("a");
    teacher.wait_for("note on ▲ speculation");
    teacher.send("a prediction, hedged");
    teacher.wait_for("a prediction, hedged");
    teacher.send("\x1b");
    teacher.wait_gone("note on ▲ speculation");
    teacher.send("L");
    teacher.wait_for("Enter open");
    teacher.send("q");
    assert_clean_exit(&mut teacher);
    let key: serde_json::Value =
        serde_json::from_slice(&std::fs::read(sandbox.root().join("class/key.json")).unwrap())
            .unwrap();
    assert_eq!(key["key"], true, "a key from the start");
    assert_eq!(key["article"]["path"], format!("../articles/{ARTICLE}"));
    assert_eq!(key["annotations"].as_array().unwrap().len(), 3);

    let said = command(
        &sandbox,
        &[
            "assign",
            &format!("articles/{ARTICLE}"),
            "--key",
            "class/key.json",
            "-o",
            "pack",
        ],
    );
    assert!(
        said.contains("--hide-key --annotations YOUR-NAME.json"),
        "{said}"
    );
    let pack = sandbox.root().join("pack");

    // Ada copies the key exactly; Bob, with a login name the exercise does
    // not trust, calls the opinion a claim and misses the speculation.
    student(
        &sandbox,
        &pack,
        "ada.json",
        "Ada Lovelace",
        false,
        &[("1", "claim"), ("2", "opinion"), ("3", "speculation")],
    );
    student(
        &sandbox,
        &pack,
        "bob.json",
        "Bob Stone",
        true,
        &[("1", "claim"), ("1", "claim")],
    );

    // The teacher's reports, from the root, on the folder the files came
    // back to.
    let text = command(
        &sandbox,
        &[
            "class",
            "pack",
            "--html",
            "report.html",
            "--csv",
            "grades.csv",
        ],
    );
    assert!(
        text.contains("Students: Ada Lovelace (ada.json), Bob Stone (bob.json)"),
        "{text}"
    );
    assert!(text.contains("key.json"), "{text}");
    assert!(!text.contains("reader ("), "{text}");

    // Worked out by hand. Over N counted sentences, the key labels three
    // (claim, opinion, speculation) and leaves N - 3 untagged.
    let n = counted_sentences(&article).len() as f64;
    let untagged = n - 3.0;
    // Bob: claim, claim, untagged on those three: passages 2, of which the
    // first matches; P = 1/2, R = 1/3, F1 = 2PR/(P+R) = 0.4. By sentence,
    // rows key, columns Bob (claim, opinion, speculation, untagged):
    let bob = [
        [1.0, 0.0, 0.0, 0.0],
        [1.0, 0.0, 0.0, 0.0],
        [0.0, 0.0, 0.0, 1.0],
        [0.0, 0.0, 0.0, untagged],
    ];
    let bob_kappa = kappa(&bob);
    let compare = command(
        &sandbox,
        &[
            "compare",
            "--key",
            "pack/key.json",
            "pack/ada.json",
            "pack/bob.json",
        ],
    );
    assert!(
        compare.contains("Ada Lovelace (ada.json) against the key: 3 key passages, 3 tagged"),
        "{compare}"
    );
    assert!(
        compare.contains("Bob Stone (bob.json) against the key: 3 key passages, 2 tagged"),
        "{compare}"
    );
    let (ada_part, bob_part) = compare.split_once("Bob Stone").unwrap();
    fn all_row(part: &str) -> Vec<&str> {
        part.lines()
            .find(|l| l.trim_start().starts_with("all "))
            .map(|l| l.split_whitespace().collect())
            .unwrap()
    }
    assert_eq!(
        all_row(ada_part),
        ["all", "3", "3", "1.00", "3", "3", "1.00", "1.00"]
    );
    assert_eq!(
        all_row(bob_part),
        ["all", "2", "1", "0.50", "3", "1", "0.33", "0.40"]
    );
    assert!(ada_part.contains("Cohen's kappa 1.00"), "{ada_part}");
    assert!(
        bob_part.contains(&format!("Cohen's kappa {bob_kappa:.2}")),
        "{bob_kappa:.2}\n{bob_part}"
    );
    assert!(
        bob_part.contains("a prediction, hedged"),
        "the key's note on the miss"
    );

    // The same figures in the gradebook and the HTML page.
    let grades = std::fs::read_to_string(sandbox.root().join("grades.csv")).unwrap();
    let rows: Vec<&str> = grades.lines().collect();
    assert_eq!(rows.len(), 3, "{grades}");
    assert!(
        rows[1].starts_with("Ada Lovelace,ada.json,3,3,1.000,3,3,1.000,1.000,1.000,"),
        "{grades}"
    );
    assert!(
        rows[2].starts_with(&format!(
            "Bob Stone,bob.json,2,1,0.500,3,1,0.333,0.400,{bob_kappa:.3},"
        )),
        "{grades}"
    );
    let html = std::fs::read_to_string(sandbox.root().join("report.html")).unwrap();
    assert!(
        html.contains("<td>Ada Lovelace</td><td>ada.json</td>"),
        "names in the page"
    );
    assert!(html.contains(&format!(
        "<td class=\"count\">0.40</td><td class=\"count\">{bob_kappa:.2}</td></tr>"
    )));
    // The two students against each other, per sentence: they agree on all
    // but the second (opinion, claim) and third (speculation, untagged).
    // Fleiss' kappa with two raters: P = (N - 2)/N; label shares over 2N
    // ratings: claim 3, opinion 1, speculation 1, untagged 2N - 5.
    let p = (n - 2.0) / n;
    let shares = [3.0, 1.0, 1.0, 2.0 * n - 5.0].map(|c: f64| c / (2.0 * n));
    let p_e: f64 = shares.iter().map(|s| s * s).sum();
    let fleiss = (p - p_e) / (1.0 - p_e);
    assert!(
        text.contains(&format!("Fleiss' kappa {fleiss:.2}")),
        "{fleiss:.2}\n{text}"
    );
}

/// A scripted start gives the student's name with `--annotator`: in an
/// exercise too, it is the answer, stored in the file, and nothing is asked
/// (else the tagging keys that follow would be typed into the name).
#[test]
fn an_exercise_started_with_annotator_is_not_asked_for_a_name() {
    const BIKES: &str = "the-case-for-boring-bike-lanes.md";
    let sandbox = Sandbox::new();
    sandbox.shipped_article(BIKES);
    let key = Path::new(support::REPO).join(format!("examples/keys/{BIKES}.key.json"));
    command(
        &sandbox,
        &[
            "assign",
            &format!("articles/{BIKES}"),
            "--key",
            key.to_str().unwrap(),
            "-o",
            "pack",
        ],
    );
    let pack = sandbox.root().join("pack");
    let args = [
        BIKES,
        "--key",
        "key.json",
        "--hide-key",
        "--annotations",
        "bob.json",
        "--annotator",
        "Bob Stone",
    ];
    let mut app = run_in(&sandbox, &pack, &args, false);
    app.wait_for_status("The Case for Boring Bike Lanes");
    assert!(!app.text().contains("Your name"), "asked for a name");
    app.send("g");
    tag_next(&mut app, "1", "claim");
    app.send("q");
    assert_clean_exit(&mut app);
    let file: serde_json::Value =
        serde_json::from_slice(&std::fs::read(pack.join("bob.json")).unwrap()).unwrap();
    assert_eq!(file["annotator"], "Bob Stone", "{file}");
    assert_eq!(file["annotations"].as_array().unwrap().len(), 1, "{file}");

    // The class report names him by it.
    let text = command(&sandbox, &["class", "pack"]);
    assert!(text.contains("Students: Bob Stone (bob.json)"), "{text}");
}
