//! Where options may go on the command line: the global ones (`--config`,
//! `--annotations`, `--annotator`) before or after a subcommand; the
//! reader's own (an article, `--key`, `--hide-key`) only without one.

use std::path::Path;
use std::process::{Command, Output};

const OP_ED: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/articles/lock-the-phones-not-the-students.md"
);

fn marginalia(home: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_marginalia"))
        .args(args)
        .current_dir(home)
        .env("HOME", home)
        .env("XDG_CONFIG_HOME", home.join("config"))
        .env("MARGINALIA_STATE_DIR", home.join("state"))
        .output()
        .unwrap()
}

fn stdout(output: &Output) -> String {
    assert!(
        output.status.success(),
        "failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8_lossy(&output.stdout).into_owned()
}

#[test]
fn global_options_work_before_the_subcommand_as_after_it() {
    let home = tempfile::tempdir().unwrap();
    let config = home.path().join("class.toml");
    std::fs::write(&config, "annotator = \"ada\"\n").unwrap();
    let config = config.to_str().unwrap();

    // `config` used to be read as an article named "config" here.
    for args in [
        ["--config", config, "config"],
        ["config", "--config", config],
    ] {
        let said = stdout(&marginalia(home.path(), &args));
        assert!(said.contains("class.toml (valid)"), "{args:?}: {said}");
    }

    let notes = home.path().join("ada.json");
    let notes = notes.to_str().unwrap();
    let before = stdout(&marginalia(
        home.path(),
        &["--annotator", "ada", "--annotations", notes, "stats", OP_ED],
    ));
    let after = stdout(&marginalia(
        home.path(),
        &["stats", OP_ED, "--annotator", "ada", "--annotations", notes],
    ));
    assert!(before.contains("0 annotations"), "{before}");
    assert_eq!(before, after);
}

#[test]
fn the_readers_own_options_are_refused_beside_a_subcommand_in_one_message() {
    let home = tempfile::tempdir().unwrap();
    for (args, named) in [
        (vec![OP_ED, "outline", OP_ED], "an article (PATH)"),
        (vec!["--key", "key.json", "outline", OP_ED], "--key"),
    ] {
        let output = marginalia(home.path(), &args);
        assert!(!output.status.success(), "{args:?} was accepted");
        assert!(output.stdout.is_empty(), "{args:?}");
        let said = String::from_utf8_lossy(&output.stderr);
        let first = said.lines().next().unwrap_or_default();
        assert_eq!(
            first,
            format!("error: {named} is for the reader and cannot be used with a subcommand"),
            "{args:?}: {said}"
        );
    }
}
