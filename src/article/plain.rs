//! Plain-text articles (being written).
use super::{BlockKind, Draft};

pub(super) fn parse(name: &str, source: &str) -> Draft {
    let mut draft = Draft::default();
    draft.meta.title = name.to_string();
    for para in source.split("\n\n") {
        let start = draft.begin_block();
        draft.text.push_str(para);
        draft.end_block(start, BlockKind::Paragraph, 0..0, 0);
    }
    draft
}
