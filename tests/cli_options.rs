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

/// A config whose keys clash is refused by every command, `config` included,
/// in one line naming both actions: it used to be "(valid)", and in the
/// reader `1` then quit instead of tagging a claim.
#[cfg(feature = "tui")]
#[test]
fn a_config_binding_one_key_to_two_actions_is_refused() {
    let home = tempfile::tempdir().unwrap();
    for (name, text) in [
        ("quit.toml", "[keys]\nquit = [\"1\"]\n"),
        (
            "label.toml",
            "[[labels]]\nname = \"claim\"\nkey = \"j\"\ncolor = \"cyan\"\nglyph = \"◆\"\n",
        ),
    ] {
        let config = home.path().join(name);
        std::fs::write(&config, text).unwrap();
        let config = config.to_str().unwrap();
        for args in [
            vec!["--config", config, "config"],
            vec!["--config", config, "outline", OP_ED],
        ] {
            let output = marginalia(home.path(), &args);
            let stderr = String::from_utf8_lossy(&output.stderr);
            assert!(!output.status.success(), "{args:?} passed: {stderr}");
            assert!(stderr.contains("is bound twice"), "{stderr}");
            assert_eq!(stderr.trim_end().lines().count(), 1, "{stderr}");
        }
    }
}
