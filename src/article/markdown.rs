//! Markdown articles (being written).
use super::Draft;

pub(super) fn parse(name: &str, source: &str) -> Draft {
    super::plain::parse(name, source)
}
