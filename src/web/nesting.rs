//! Pages nested absurdly deep are flattened before they are parsed into a
//! tree: html5ever's tree builder looks through the stack of open elements
//! for most tags, so 100,000 nested `<div>`s took minutes. The page is read
//! with html5ever's tokenizer (linear) and written back with the elements
//! beyond [`MAX_NESTING`] left out; their text stays.

use std::cell::{Cell, RefCell};

use html5ever::tokenizer::states::RawKind;
use html5ever::tokenizer::{
    BufferQueue, Tag, TagKind, Token, TokenSink, TokenSinkResult, Tokenizer, TokenizerOpts,
};

/// Deeper than any real page (browsers' parsers stop nesting near 512).
pub const MAX_NESTING: usize = 256;

/// How far back an end tag looks for the element it closes; a stray end
/// tag further away is ignored, as real pages' unclosed elements are.
const CLOSE_SEARCH: usize = 32;

/// `html` itself when it nests no deeper than [`MAX_NESTING`], else a copy
/// with the deeper elements left out.
pub fn limit_nesting(html: &str) -> std::borrow::Cow<'_, str> {
    let measure = Tokenizer::new(DepthSink::new(None), TokenizerOpts::default());
    run(&measure, html);
    if measure.sink.deepest.get() <= MAX_NESTING {
        return std::borrow::Cow::Borrowed(html);
    }
    let rewrite = Tokenizer::new(
        DepthSink::new(Some(String::with_capacity(html.len()))),
        TokenizerOpts::default(),
    );
    run(&rewrite, html);
    let out = rewrite.sink.out.borrow_mut().take().unwrap_or_default();
    std::borrow::Cow::Owned(out)
}

fn run(tokenizer: &Tokenizer<DepthSink>, html: &str) {
    let queue = BufferQueue::default();
    queue.push_back(html.into());
    let _ = tokenizer.feed(&queue);
    tokenizer.end();
}

fn is_void(name: &str) -> bool {
    matches!(
        name,
        "area"
            | "base"
            | "br"
            | "col"
            | "embed"
            | "hr"
            | "img"
            | "input"
            | "link"
            | "meta"
            | "source"
            | "track"
            | "wbr"
    )
}

struct DepthSink {
    /// Open elements: name, and whether it was written out.
    open: RefCell<Vec<(String, bool)>>,
    deepest: Cell<usize>,
    /// The page written back, when rewriting.
    out: RefCell<Option<String>>,
    /// Inside script, style and the like, text is written unescaped.
    raw: Cell<bool>,
}

impl DepthSink {
    fn new(out: Option<String>) -> Self {
        DepthSink {
            open: RefCell::new(Vec::new()),
            deepest: Cell::new(0),
            out: RefCell::new(out),
            raw: Cell::new(false),
        }
    }

    fn write(&self, text: &str) {
        if let Some(out) = self.out.borrow_mut().as_mut() {
            out.push_str(text);
        }
    }

    fn text(&self, text: &str) {
        if self.out.borrow().is_none() {
            return;
        }
        if self.raw.get() {
            self.write(text);
            return;
        }
        let mut escaped = String::with_capacity(text.len());
        for c in text.chars() {
            match c {
                '&' => escaped.push_str("&amp;"),
                '<' => escaped.push_str("&lt;"),
                '>' => escaped.push_str("&gt;"),
                c => escaped.push(c),
            }
        }
        self.write(&escaped);
    }

    fn start(&self, tag: &Tag) -> TokenSinkResult<()> {
        let name = tag.name.to_string();
        let mut open = self.open.borrow_mut();
        let kept = open.len() < MAX_NESTING;
        if kept && self.out.borrow().is_some() {
            let mut written = format!("<{name}");
            for attr in &tag.attrs {
                written.push(' ');
                written.push_str(&attr.name.local);
                written.push_str("=\"");
                written.push_str(&attr.value.replace('&', "&amp;").replace('"', "&quot;"));
                written.push('"');
            }
            written.push('>');
            drop(open);
            self.write(&written);
            open = self.open.borrow_mut();
        }
        if !is_void(&name) && !tag.self_closing {
            open.push((name.clone(), kept));
            self.deepest.set(self.deepest.get().max(open.len()));
        }
        let raw = match name.as_str() {
            "script" => Some(RawKind::ScriptData),
            "style" | "xmp" | "iframe" | "noembed" | "noframes" => Some(RawKind::Rawtext),
            "textarea" | "title" => Some(RawKind::Rcdata),
            _ => None,
        };
        match raw {
            Some(kind) => {
                self.raw
                    .set(matches!(kind, RawKind::ScriptData | RawKind::Rawtext));
                TokenSinkResult::RawData(kind)
            }
            None => TokenSinkResult::Continue,
        }
    }

    fn end(&self, tag: &Tag) {
        self.raw.set(false);
        let name = tag.name.to_string();
        let mut open = self.open.borrow_mut();
        let from = open.len().saturating_sub(CLOSE_SEARCH);
        let Some(at) = open[from..].iter().rposition(|(n, _)| *n == name) else {
            return;
        };
        let closed: Vec<(String, bool)> = open.drain(from + at..).collect();
        drop(open);
        for (name, kept) in closed.into_iter().rev() {
            if kept {
                self.write(&format!("</{name}>"));
            }
        }
    }
}

impl TokenSink for DepthSink {
    type Handle = ();

    fn process_token(&self, token: Token, _line: u64) -> TokenSinkResult<()> {
        match token {
            Token::TagToken(tag) => match tag.kind {
                TagKind::StartTag => return self.start(&tag),
                TagKind::EndTag => self.end(&tag),
            },
            Token::CharacterTokens(text) => self.text(&text),
            Token::DoctypeToken(_) => self.write("<!DOCTYPE html>"),
            Token::CommentToken(_)
            | Token::NullCharacterToken
            | Token::EOFToken
            | Token::ParseError(_) => {}
        }
        TokenSinkResult::Continue
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ordinary_pages_are_left_alone() {
        let page = "<html><body><div><p>One &amp; two</p></div></body></html>";
        assert!(matches!(limit_nesting(page), std::borrow::Cow::Borrowed(_)));
    }

    #[test]
    fn deep_pages_lose_the_deep_elements_not_the_text() {
        let page = format!(
            "<p title=\"a&quot;b\">lead</p>{}deep &lt;words&gt;<script>if (a < b) x();</script>{}",
            "<div>".repeat(10_000),
            "</div>".repeat(10_000)
        );
        let flat = limit_nesting(&page);
        assert_eq!(flat.matches("<div>").count(), MAX_NESTING);
        assert_eq!(flat.matches("</div>").count(), MAX_NESTING);
        assert!(
            flat.contains("deep &lt;words&gt;"),
            "{}",
            &flat[flat.len() - 200..]
        );
        assert!(flat.contains("if (a < b) x();"));
        assert!(flat.starts_with("<p title=\"a&quot;b\">lead</p>"));
    }
}
