//! Snapshots of the screens that change with the window's width, at
//! 60×20, 80×24 and 120×40: the notes panel and the outline beside the
//! text or, where there is no room, as the window; a long link wrapped at
//! its slashes; a message too long for the status line; the legend.

use crate::article::Format;
use crate::tui::app::tests::{key, opened};
use crate::tui::app::{Msg, State, update};

use super::snapshots::screen;

/// An op-ed with a long bare link, as pages pasted as text often have.
const ARTICLE: &str = "# The Case for Boring Bike Lanes

Port Elsby opened its first protected lane in 2019. It cost $2.1 million,
according to the council. I think it was worth every cent, and the council
should probably build four more.

The council's own figures are at
<https://council.port-elsby.example/transport/cycling/2024/annual-monitoring-report?format=full&section=corridors>
and they say riders on Harbour Road rose 237%.

## What Might Happen Next

Ridership could double again by 2030 if the gaps are closed.
";

const SIZES: [(u16, u16); 3] = [(60, 20), (80, 24), (120, 40)];

fn reader(width: u16, height: u16) -> State {
    let mut s = opened(Format::Markdown, ARTICLE, width, height);
    // A claim and an opinion to show in the panel.
    update(&mut s, key(')'));
    update(&mut s, key('1'));
    update(&mut s, key(')'));
    update(&mut s, key(')'));
    update(&mut s, key('2'));
    s.message = None;
    s
}

fn shown_side(s: &State) -> bool {
    s.geometry().is_some_and(|g| g.side.is_some())
}

#[test]
fn notes_panel_fits_the_window() {
    for (width, height) in SIZES {
        let mut s = reader(width, height);
        if !shown_side(&s) {
            update(&mut s, key('s'));
        }
        assert!(shown_side(&s), "s shows the notes at {width}");
        insta::assert_snapshot!(format!("notes_{width}x{height}"), screen(&s, width, height));
    }
}

/// With the focus on the text, a notes panel with no room is hidden (and
/// stays open, for `s` or Tab to show it).
#[test]
fn text_alone_in_a_narrow_window_with_a_long_link() {
    let mut s = reader(60, 20);
    update(&mut s, key('s'));
    update(&mut s, key('s'));
    assert!(!shown_side(&s));
    insta::assert_snapshot!(screen(&s, 60, 20));
}

#[test]
fn outline_beside_the_text_or_as_the_window() {
    for (width, height) in SIZES {
        let mut s = reader(width, height);
        update(&mut s, key('o'));
        insta::assert_snapshot!(
            format!("outline_{width}x{height}"),
            screen(&s, width, height)
        );
    }
}

#[test]
fn a_long_message_is_shown_whole() {
    for (width, height) in SIZES {
        let mut s = reader(width, height);
        update(
            &mut s,
            Msg::SaveFailed(
                "/home/ada/Documents/class/articles/the-case-for-boring-bike-lanes.md.marginalia.json: \
                 cannot save the annotations: No space left on device; the change is kept: \
                 S saves it to another file"
                    .into(),
            ),
        );
        insta::assert_snapshot!(
            format!("long_message_{width}x{height}"),
            screen(&s, width, height)
        );
    }
}
