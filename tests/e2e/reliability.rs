//! The real binary in a pseudo-terminal: joined emoji keep the screen's
//! columns, and every signal that stops or ends the reader gives the
//! terminal back (docs/RELIABILITY.md).

use super::assert_clean_exit;
use super::support::Sandbox;

/// The columns holding the side panel's left border on each row that has it.
fn border_columns(screen: &vt100::Screen) -> Vec<(u16, u16)> {
    let (rows, cols) = screen.size();
    (0..rows.get())
        .filter_map(|row| {
            (0..cols.get())
                .rev()
                .find(|&col| screen.cell(row, col).is_some_and(|c| c.contents() == "│"))
                .map(|col| (row, col))
        })
        .collect()
}

#[test]
fn zero_width_joiners_never_reach_the_terminal() {
    let sandbox = Sandbox::new();
    let article = sandbox.articles().join("families.md");
    let line = "A family 👨\u{200D}👩\u{200D}👧\u{200D}👦 of four, a coder 👩\u{200D}💻, a flag 🏳\u{FE0F}\u{200D}🌈.";
    let paragraphs: Vec<String> = (0..12).map(|i| format!("{i}. {line}")).collect();
    std::fs::write(
        &article,
        format!("# Families\n\n{}\n", paragraphs.join("\n\n")),
    )
    .unwrap();
    let mut app = sandbox.marginalia(&[article.to_str().unwrap()], 120, 30);
    app.wait_for_status("Families");
    app.wait_for("of four");
    let columns = app.with_screen(border_columns);
    assert!(
        columns.len() > 10,
        "no side panel border: {columns:?}\n{}",
        app.text()
    );
    let first = columns[0].1;
    assert!(
        columns.iter().all(|&(_, col)| col == first),
        "the border moved: {columns:?}\n{}",
        app.text()
    );
    app.send("q");
    app.wait_for("Enter open");
    app.send("q");
    assert_clean_exit(&mut app);
    // Terminals differ on joined sequences (vt100 joins them, many draw
    // each part), so none is sent: each cell's width is then the same for all.
    let raw = String::from_utf8_lossy(&app.raw_output()).into_owned();
    assert!(
        !raw.contains('\u{200D}'),
        "a zero-width joiner reached the terminal"
    );
    assert!(raw.contains('👨'), "the emoji are not drawn at all");
}
