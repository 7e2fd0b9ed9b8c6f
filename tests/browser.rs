//! The browser helper itself, on pages built from `export::html`'s
//! skeleton: it must see a request when a page makes one, or the
//! self-containment checks of the HTML exports would prove nothing.

#[path = "support/browser.rs"]
mod browser;

use browser::Chromium;
use marginalia::config::LabelDef;
use marginalia::export::html;

fn labelled_page(extra_body: &str) -> String {
    let labels = [LabelDef {
        name: "claim".into(),
        glyph: "◆".into(),
        definition: String::new(),
        color: None,
    }];
    let styles = html::label_styles(&labels);
    let style = html::style_for(&styles, "claim");
    let body = format!(
        "<h1>Rents</h1><p>The mayor says {}rents rose 9%{} last year. {}</p>{extra_body}",
        html::highlight_open(style, "◆", "claim 1"),
        html::HIGHLIGHT_CLOSE,
        html::label_badge(style, "claim", "◆"),
    );
    html::page("Rents", "en", &html::label_css(&styles), &body)
}

#[test]
fn a_skeleton_page_renders_prints_and_asks_for_nothing() {
    let Some(chromium) = Chromium::find("a_skeleton_page_renders_prints_and_asks_for_nothing")
    else {
        return;
    };
    let page = labelled_page("");
    let dom = chromium.dump_dom(&page);
    dom.assert_self_contained();
    assert!(dom.console.is_empty(), "{:?}", dom.console);
    assert!(dom.stdout.contains("rents rose 9%"), "{}", dom.stdout);
    assert!(dom.stdout.contains("class=\"passage label-0\""));

    let dir = tempfile::tempdir().unwrap();
    let (pdf, printed) = chromium.print_to_pdf(&page, &dir.path().join("page.pdf"));
    printed.assert_self_contained();
    assert_eq!(browser::pdf_page_count(&pdf), 1);
    let shot = chromium.screenshot(&page, &dir.path().join("page.png"), 800, 600);
    shot.assert_self_contained();
}

#[test]
fn a_page_that_fetches_is_caught() {
    let Some(chromium) = Chromium::find("a_page_that_fetches_is_caught") else {
        return;
    };
    // Outside the skeleton (whose policy forbids fetches), as a page
    // written by hand would be.
    let page = "<!DOCTYPE html><html><head><link rel=icon href=\"data:,\">\
        <link rel=stylesheet href=\"https://fonts.example.com/a.css\"></head>\
        <body><img src=\"http://images.example.com/x.png\"><img src=\"local.png\"></body></html>";
    let rendered = chromium.dump_dom(page);
    let requests = rendered.requests.join("\n");
    assert!(requests.contains("fonts.example.com"), "{requests}");
    assert!(requests.contains("images.example.com"), "{requests}");
    assert!(requests.contains("/local.png"), "{requests}");
}

#[test]
fn the_skeletons_policy_blocks_what_slips_in() {
    let Some(chromium) = Chromium::find("the_skeletons_policy_blocks_what_slips_in") else {
        return;
    };
    let page = labelled_page(
        "<img src=\"http://images.example.com/x.png\"><script>document.title = 'ran'</script>",
    );
    let rendered = chromium.dump_dom(&page);
    assert!(rendered.requests.is_empty(), "{:?}", rendered.requests);
    let console = rendered.console.join("\n");
    assert!(console.contains("images.example.com"), "{console}");
    assert!(console.contains("inline script"), "{console}");
    assert!(rendered.stdout.contains("<title>Rents</title>"));
}
