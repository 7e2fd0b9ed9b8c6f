//! Web articles from the command line, end to end: the real binary against
//! an HTTP server on 127.0.0.1 that each test starts and stops. `add URL`
//! as a script runs it, `marginalia URL` and `marginalia -` in a
//! pseudo-terminal, `add --refresh` after the page changed, and the saved
//! copy read back against the page itself.

#[allow(dead_code)]
mod support;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Output, Stdio};
use std::sync::{Arc, Mutex};

use marginalia::annotate::{Store, content_hash};
use marginalia::article::load_path;
use support::http::{Server, html, reply};
use support::{REPO, Sandbox, Session};

const STORY: &str = "/opinion/2025/11/03/council-budget";
const TITLE: &str = "The Council's Budget Paves Over Its Own Plan";

fn page() -> String {
    std::fs::read_to_string(Path::new(REPO).join("tests/fixtures/web/council-budget.html"))
        .expect("the fixture page")
}

/// Serves `page` at [`STORY`] (whatever it holds when asked) and 404 elsewhere.
fn serve(page: Arc<Mutex<String>>) -> Server {
    Server::start(move |path, out| {
        if path == STORY {
            html(out, &page.lock().unwrap());
        } else {
            reply(out, "404 Not Found", "Content-Type: text/html\r\n", b"gone");
        }
    })
}

fn run(sandbox: &Sandbox, args: &[&str]) -> Output {
    sandbox
        .script(args)
        .stdin(Stdio::null())
        .output()
        .expect("run marginalia")
}

fn stdout(output: &Output) -> String {
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout.clone()).expect("UTF-8 output")
}

/// Quits the reader: `q` leaves the article (for its library, where `q`
/// quits) or quits at once.
fn quit(session: &mut Session) {
    session.send("q");
    let screen = session.wait_until("the library or the shell", |s| {
        !s.alternate_screen() || support::screen_text(s).contains("Enter open")
    });
    if screen.contains("Enter open") {
        session.send("q");
    }
}

/// `marginalia add URL` as a script runs it: the saved path on stdout.
fn add(sandbox: &Sandbox, url: &str) -> PathBuf {
    let out = stdout(&run(sandbox, &["add", url]));
    sandbox.root().join(out.trim())
}

#[test]
fn add_saves_the_article_from_a_url_and_prints_its_path() {
    let server = serve(Arc::new(Mutex::new(page())));
    let sandbox = Sandbox::new();
    let saved = add(&sandbox, &server.url(STORY));
    assert!(saved.starts_with(sandbox.articles()), "{}", saved.display());
    let text = std::fs::read_to_string(&saved).unwrap();
    let article = load_path(&saved).unwrap();
    assert_eq!(article.meta.title, TITLE);
    assert_eq!(article.meta.author.as_deref(), Some("Priya Natarajan"));
    assert_eq!(article.meta.date.as_deref(), Some("2025-11-03"));
    assert_eq!(article.meta.site.as_deref(), Some("The Harbour Courier"));
    assert!(article.meta.fetched_at.is_some(), "{text}");
    assert!(
        article
            .text
            .contains("paint and posts first, concrete later")
    );
    for boilerplate in [
        "We use cookies",
        "Advertisement",
        "First!",
        "Share on X",
        "All rights reserved",
    ] {
        assert!(
            !article.text.contains(boilerplate),
            "{boilerplate:?} kept:\n{text}"
        );
    }
    // Adding it again keeps the copy (and its annotations) as it was.
    let again = run(&sandbox, &["add", &server.url(STORY)]);
    assert_eq!(sandbox.root().join(stdout(&again).trim()), saved);
    assert!(String::from_utf8_lossy(&again.stderr).contains("already in the library"));
    // A page that is not there is one line on stderr, and nothing saved.
    let missing = run(&sandbox, &["add", &server.url("/gone")]);
    assert!(!missing.status.success());
    let error = String::from_utf8_lossy(&missing.stderr);
    assert_eq!(error.trim().lines().count(), 1, "{error}");
    assert_eq!(std::fs::read_dir(sandbox.articles()).unwrap().count(), 1);
    server.stop();
}

#[test]
fn the_saved_copy_reads_as_the_page_itself() {
    let server = serve(Arc::new(Mutex::new(page())));
    let sandbox = Sandbox::new();
    let saved = add(&sandbox, &server.url(STORY));
    let file = sandbox.root().join("page.html");
    std::fs::write(&file, page()).unwrap();
    let text_of = |path: &Path| {
        stdout(&run(
            &sandbox,
            &["export", path.to_str().unwrap(), "--format", "text"],
        ))
    };
    let direct = text_of(&file);
    assert!(direct.contains("In 2021 the council adopted"), "{direct}");
    assert_eq!(text_of(&saved), direct);
    server.stop();
}

/// The page as it reads a week later: a paragraph rewritten, one gone, one new.
fn revised(page: &str) -> String {
    page.replace(
        "The council's finance chair told me the cut was temporary, a response to higher interest costs.",
        "The council's finance chair told me on Tuesday that the cut was temporary, a response to higher interest costs.",
    )
    .replace(
        "<p>That was the plan's boldest promise. At the proposed rate of spending, the last of those routes would be finished in 2041, when today's kindergarteners are in their twenties.</p>",
        "",
    )
    .replace(
        "<p class=\"author-bio\">",
        "<p>Update, November 10: the council has scheduled a public hearing on the transport budget for December 2.</p>\n<p class=\"author-bio\">",
    )
}

#[test]
fn refresh_shows_what_changed_and_re_anchors_the_annotations() {
    let served = Arc::new(Mutex::new(page()));
    let server = serve(Arc::clone(&served));
    let sandbox = Sandbox::new();
    let saved = add(&sandbox, &server.url(STORY));
    let sidecar = sandbox.articles().join(format!(
        "{}.marginalia.json",
        saved.file_name().unwrap().to_str().unwrap()
    ));
    // Three passages tagged on the first copy: one that stays as it was,
    // one that moves (its paragraph gains words before it), one whose
    // paragraph goes.
    let kept = "There is a cheaper way to keep the promise: paint and posts first, concrete later.";
    let moved = "Perhaps.";
    let dropped = "That was the plan's boldest promise.";
    {
        let article = load_path(&saved).unwrap();
        let mut store = Store::open(&sidecar, &article.text).unwrap();
        for (label, quote) in [("opinion", kept), ("claim", moved), ("claim", dropped)] {
            let start = article.text.find(quote).expect(quote);
            store
                .add(label, start..start + quote.len(), "tester")
                .unwrap();
        }
        store.save().unwrap();
    }
    *served.lock().unwrap() = revised(&page());
    let out = stdout(&run(
        &sandbox,
        &["add", "--refresh", saved.to_str().unwrap()],
    ));
    assert!(
        out.contains("- That was the plan's boldest promise."),
        "{out}"
    );
    assert!(out.contains("+ Update, November 10:"), "{out}");
    assert!(
        out.contains("+ The council's finance chair told me on Tuesday"),
        "{out}"
    );
    assert!(
        out.contains("3 annotations, 2 found again, 1 orphaned"),
        "{out}"
    );

    // The saved copy is the new page, its front matter kept.
    let article = load_path(&saved).unwrap();
    assert!(
        article
            .text
            .contains("public hearing on the transport budget")
    );
    assert!(!article.text.contains(dropped));
    assert_eq!(article.meta.title, TITLE);
    // The annotation file now anchors to the new text: its hash, and each
    // found passage's offsets there; the orphan is kept as it was.
    let file: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&sidecar).unwrap()).unwrap();
    assert_eq!(file["article"]["content_hash"], content_hash(&article.text));
    let annotations = file["annotations"].as_array().unwrap();
    assert_eq!(annotations.len(), 3);
    for quote in [kept, moved] {
        let anchor = &annotations
            .iter()
            .find(|a| a["anchor"]["quote"] == quote)
            .expect(quote)["anchor"];
        let start = anchor["start"].as_u64().unwrap() as usize;
        assert_eq!(&article.text[start..start + quote.len()], quote);
    }
    assert!(annotations.iter().any(|a| a["anchor"]["quote"] == dropped));

    // The reader shows the orphan.
    let mut session = sandbox.marginalia(&[saved.to_str().unwrap()], 120, 30);
    session.wait_for("Orphaned (1)");
    quit(&mut session);
    assert!(session.wait_exit().success());

    // Refreshing an unchanged page says so and loses nothing.
    let out = stdout(&run(
        &sandbox,
        &["add", "--refresh", saved.to_str().unwrap()],
    ));
    assert!(out.contains("unchanged"), "{out}");
    assert!(
        out.contains("3 annotations, 2 found again, 1 orphaned"),
        "{out}"
    );
    server.stop();
}

#[test]
fn opening_a_url_saves_it_and_reads_it() {
    let server = serve(Arc::new(Mutex::new(page())));
    let sandbox = Sandbox::new();
    let mut session = sandbox.marginalia(&[&server.url(STORY)], 100, 30);
    session.wait_for("In 2021 the council adopted");
    quit(&mut session);
    assert!(session.wait_exit().success());
    let saved: Vec<_> = std::fs::read_dir(sandbox.articles()).unwrap().collect();
    assert_eq!(saved.len(), 1);
    let article = load_path(&saved[0].as_ref().unwrap().path()).unwrap();
    assert_eq!(article.meta.title, TITLE);
    server.stop();
}

#[test]
fn a_page_on_standard_input_is_saved_then_read_on_the_terminal() {
    let sandbox = Sandbox::new();
    let file = sandbox.root().join("page.html");
    std::fs::File::create(&file)
        .unwrap()
        .write_all(page().as_bytes())
        .unwrap();
    // As a user types it: the page piped in, the terminal for the keys.
    let command = format!(
        "cat page.html | '{}' -; echo \"exit $?\"; sleep 1",
        support::marginalia_bin()
    );
    let mut session = Session::spawn(
        sandbox.command("sh", &["-c", &command]),
        100,
        30,
        Some(support::RATATUI_FRAME_END),
    );
    session.wait_for("In 2021 the council adopted");
    session.send("j");
    quit(&mut session);
    session.wait_for("exit 0");
    assert!(session.wait_exit().success());
    let saved: Vec<_> = std::fs::read_dir(sandbox.articles()).unwrap().collect();
    assert_eq!(saved.len(), 1, "saved into the library");
}

/// A page written to attack: escapes and a bidi override in the title,
/// byline and body (raw and as character references), an entity flood, a
/// 4 MB attribute and 20,000 nested elements around the article.
fn hostile_page() -> String {
    let body = page()
        .replace(
            "<h1 class=\"headline\">The Council's Budget Paves Over Its Own Plan</h1>",
            "<h1 class=\"headline\">The Council's Budget&#x1b;]0;owned&#x7; Paves \u{202e}Over Its Own Plan</h1>",
        )
        .replace(
            "content=\"The Council's Budget Paves Over Its Own Plan\"",
            "content=\"The Council's Budget&#x1b;]0;owned&#x7; Paves \u{202e}Over Its Own Plan\"",
        )
        .replace(
            "<meta name=\"author\" content=\"Priya Natarajan\">",
            "<meta name=\"author\" content=\"Priya&#x1b;[2J Natarajan\u{9b}\">",
        )
        .replace(
            ">Priya Natarajan</a>",
            ">Priya&#x1b;[2J Natarajan\u{9b}</a>",
        )
        .replace(
            "spends less on that network than the year before.",
            "spends less on that network\u{1b}[31m than the year \u{202e}before&#x1b;[0m.",
        )
        .replace(
            "<p>Resurfacing is necessary,",
            &format!(
                "<p>{}</p>\n<p>Resurfacing is necessary,",
                "&amp;&quot;&lt;&#8212;".repeat(20_000)
            ),
        )
        .replace(
            "<main id=\"main\">",
            &format!(
                "<main id=\"main\" data-tracking=\"{}\">{}",
                "x".repeat(4 << 20),
                "<div>".repeat(20_000)
            ),
        );
    body.replace("</main>", &format!("{}</main>", "</div>".repeat(20_000)))
}

#[test]
fn a_hostile_page_is_saved_and_shown_with_stand_ins_only() {
    let sandbox = Sandbox::new();
    let file = sandbox.root().join("hostile.html");
    std::fs::write(&file, hostile_page()).unwrap();
    let unsafe_in = |text: &str| {
        text.chars()
            .filter(|&c| marginalia::article::sanitize::is_unsafe(c))
            .map(|c| format!("U+{:04X}", c as u32))
            .collect::<Vec<_>>()
    };
    let saved = sandbox
        .root()
        .join(stdout(&run(&sandbox, &["add", "hostile.html"])).trim());
    let written = std::fs::read_to_string(&saved).unwrap();
    assert_eq!(unsafe_in(&written), Vec::<String>::new());
    let article = load_path(&saved).unwrap();
    assert!(
        article.meta.title.contains("␛]0;owned␇") && article.meta.title.contains("<U+202E>Over"),
        "{}",
        article.meta.title
    );
    // rs-trafilatura drops a byline this odd; one kept would be inert too.
    let author = article.meta.author.clone().unwrap_or_default();
    assert_eq!(unsafe_in(&author), Vec::<String>::new());
    assert!(
        article
            .text
            .contains("network␛[31m than the year <U+202E>before␛[0m."),
        "{}",
        article.text
    );
    assert!(
        article.text.contains("&\"<—&\"<—"),
        "the entities read as text"
    );
    // The page read directly gives the same text, also free of raw controls.
    let direct = stdout(&run(
        &sandbox,
        &["export", "hostile.html", "--format", "text"],
    ));
    assert_eq!(unsafe_in(&direct), Vec::<String>::new());
    assert_eq!(
        direct,
        stdout(&run(
            &sandbox,
            &["export", saved.to_str().unwrap(), "--format", "text"]
        ))
    );
    // And the reader shows the stand-ins.
    let mut session = sandbox.marginalia(&["hostile.html"], 100, 30);
    session.wait_for("network␛[31m than");
    quit(&mut session);
    assert!(session.wait_exit().success());
}

/// Every page of the corpus, saved as `add` saves it and opened again,
/// reads as the page opened directly.
#[test]
#[ignore = "needs ../shared/corpus"]
fn every_corpus_page_saved_and_reopened_reads_the_same() {
    use marginalia::web::{Prepared, decode_html, extract, save};
    let pages = Path::new(REPO).join("../shared/corpus/web/html");
    let library = tempfile::tempdir().unwrap();
    let mut checked = 0;
    for page in std::fs::read_dir(&pages).expect("the web corpus") {
        let page = page.unwrap().path();
        let direct = load_path(&page).unwrap();
        let bytes = marginalia::article::read_bytes(&page).unwrap();
        let (html, _) = decode_html(&bytes, None);
        let name = page.to_string_lossy();
        let Ok(prepared) = Prepared::from_page(extract(&html, None), &name, None) else {
            continue; // a stub is refused by `add`, not saved
        };
        let saved = save(&prepared, library.path()).unwrap();
        let reopened = load_path(&saved.path).unwrap();
        assert_eq!(reopened.text, direct.text, "{}", page.display());
        assert_eq!(reopened.meta.title, direct.meta.title, "{}", page.display());
        // The page's head read as metadata is saved in the front matter.
        let head = |meta: &marginalia::article::Metadata| {
            (
                meta.subtitle.clone(),
                meta.author.clone(),
                meta.date.clone(),
                meta.tags.clone(),
            )
        };
        assert_eq!(
            head(&reopened.meta),
            head(&direct.meta),
            "{}",
            page.display()
        );
        checked += 1;
    }
    assert!(checked >= 55, "only {checked} pages saved");
}
