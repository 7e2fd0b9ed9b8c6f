//! The head of an extracted web page: the blocks above the article's first
//! paragraph of prose that are the page's head, not its text. The title
//! repeated as a heading is dropped; a dek (a sentence-like heading, or a
//! short paragraph over the credits) becomes the subtitle; a kicker (a
//! section label, or a link to the site's tag or section page) becomes a
//! tag; by-lines, date lines and wire slugs fill the author and date where
//! the page's metadata has none. All of them leave the body.
//!
//! The kicker, dek and credit rules are the plain-text reader's
//! (`article::head_rules`); what is the web's own is what only markup
//! shows: heading levels, links to author and tag pages, the page's title
//! and author to compare with.
//!
//! Conservative by design: the pass stops at the first block that is none
//! of these (other than a short headline-like line, which it keeps and
//! looks past), and a page that would be left with no text keeps its head.

use std::ops::Range;

use pulldown_cmark::{Event, HeadingLevel, Parser, Tag, TagEnd};
use url::Url;

use crate::article::head_rules::{
    Credit, by_line, credit_line, date_in, is_dek, is_kicker, is_title, iso_date,
};
use crate::article::sanitize::visible_line;
use crate::article::{MARKDOWN_OPTIONS, Metadata};

/// How many blocks from the top may belong to the head.
const HEAD_REACH: usize = 8;
/// How many headline-like lines the pass keeps and looks past.
const MAX_KEPT: usize = 2;
/// A heading with more words than this is a sentence, not a section's name.
const MAX_SECTION_HEADING_WORDS: usize = 12;
/// A dek written as a heading says something; `## Introduction.` does not.
const MIN_DEK_HEADING_WORDS: usize = 5;
/// Words around an author link: `By`, a place (`Washington,`).
const MAX_PLACE_WORDS: usize = 3;
/// How much of the shorter of a heading and the title the other must hold
/// for the heading to be the title again (`Julian Assange: Sweden drops
/// rape investigation` under the title `Sweden drops Assange rape
/// investigation`).
const TITLE_OVERLAP: f64 = 0.75;

/// Path segments of the pages a site lists an author's articles on.
const AUTHOR_PAGES: &[&str] = &[
    "author",
    "authors",
    "by",
    "byline",
    "columnist",
    "columnists",
    "contributor",
    "contributors",
    "people",
    "profile",
    "profiles",
    "reporter",
    "reporters",
    "staff",
    "writer",
    "writers",
];

/// Path segments of the pages a site lists a tag's or section's articles on.
const TAG_PAGES: &[&str] = &[
    "categories",
    "category",
    "section",
    "sections",
    "subject",
    "subjects",
    "tag",
    "tags",
    "topic",
    "topics",
];

/// The body without its head; what the head says goes into `meta`.
pub(super) fn read_head(body: &str, meta: &mut Metadata) -> String {
    let blocks = leading_blocks(body, HEAD_REACH + 1);
    let site = meta.source_url.as_deref().and_then(|u| Url::parse(u).ok());
    let mut head = HeadState::default();
    let mut kept = 0;
    let mut end = None;
    for (index, block) in blocks.iter().enumerate().take(HEAD_REACH) {
        let next = blocks.get(index + 1);
        let piece = classify(block, next, body, meta, site.as_ref(), &head);
        match piece {
            Piece::Kept if kept < MAX_KEPT => {
                kept += 1;
                head.kept_before = true;
                continue;
            }
            Piece::Kept | Piece::Text => {
                end = Some(index);
                break;
            }
            _ => {}
        }
        head.apply(piece, meta);
        head.removed.push(index);
    }
    let Some(end) = end.or_else(|| (blocks.len() > HEAD_REACH).then_some(HEAD_REACH)) else {
        // Nothing but head: the page keeps it all as text.
        return body.to_string();
    };
    if head.removed.is_empty() {
        return body.to_string();
    }
    let mut out = String::with_capacity(body.len());
    for (index, block) in blocks[..end].iter().enumerate() {
        if !head.removed.contains(&index) {
            out.push_str(&body[block.range.start..blocks[index + 1].range.start]);
        }
    }
    out.push_str(&body[blocks[end].range.start..]);
    out
}

/// What the head has shown so far.
#[derive(Debug, Default)]
struct HeadState {
    title: bool,
    dek: bool,
    credits: bool,
    kept_before: bool,
    removed: Vec<usize>,
}

impl HeadState {
    fn apply(&mut self, piece: Piece, meta: &mut Metadata) {
        match piece {
            Piece::Title(title) => {
                self.title = true;
                if meta.title.trim().is_empty() {
                    meta.title = title;
                }
            }
            Piece::Kicker(tags) => {
                for tag in tags {
                    if !meta.tags.contains(&tag) {
                        meta.tags.push(tag);
                    }
                }
            }
            Piece::Dek(dek) => {
                self.dek = true;
                meta.subtitle.get_or_insert(dek);
            }
            Piece::Credit(Credit { author, date }) => {
                self.credits = true;
                if let Some(author) = author {
                    meta.author.get_or_insert(author);
                }
                if let Some(date) = date {
                    meta.date.get_or_insert(iso_date(&date).unwrap_or(date));
                }
            }
            Piece::Furniture | Piece::Kept | Piece::Text => {}
        }
    }
}

/// What a block of the head is.
#[derive(Debug, PartialEq)]
enum Piece {
    /// The page's title again (its text, for a page whose metadata has none).
    Title(String),
    Kicker(Vec<String>),
    Dek(String),
    Credit(Credit),
    /// A lone character from the page's controls (`A` for the font size).
    Furniture,
    /// A short headline-like line that is not known to be head: kept in
    /// the body, and the head goes on after it.
    Kept,
    /// The article's text has begun.
    Text,
}

fn classify(
    block: &Block,
    next: Option<&Block>,
    body: &str,
    meta: &Metadata,
    site: Option<&Url>,
    head: &HeadState,
) -> Piece {
    let text = block.text.as_str();
    match block.kind {
        Kind::Heading(_) | Kind::Paragraph if text.is_empty() => Piece::Text,
        Kind::Heading(level) => {
            if !head.title && repeats_title(text, &meta.title, level) {
                return Piece::Title(visible_line(text).into_owned());
            }
            if let Some(piece) = kicker_or_credit(block, meta, site, head) {
                return piece;
            }
            let at_top = !head.dek && !head.credits && !head.kept_before;
            if at_top && is_dek_heading(text, level, &body[block.range.end..]) {
                return Piece::Dek(visible_line(text).into_owned());
            }
            Piece::Text
        }
        Kind::Paragraph => {
            if text.chars().filter(|c| c.is_alphanumeric()).count() <= 1 {
                return Piece::Furniture;
            }
            if let Some(piece) = kicker_or_credit(block, meta, site, head) {
                return piece;
            }
            let at_top = !head.dek && !head.credits && !head.kept_before;
            let credits_follow =
                next.is_some_and(|next| credit(next, meta).is_some() && next.kind != Kind::List);
            if at_top && credits_follow && is_dek(text) && !is_sentence_run(text) {
                return Piece::Dek(visible_line(text).into_owned());
            }
            if is_title(text) && !ends_sentence(text) {
                return Piece::Kept;
            }
            Piece::Text
        }
        Kind::List => match credit(block, meta) {
            Some(credit) => Piece::Credit(credit),
            None => Piece::Text,
        },
        Kind::Other => Piece::Text,
    }
}

/// A kicker (before any dek or credit) or a credit line.
fn kicker_or_credit(
    block: &Block,
    meta: &Metadata,
    site: Option<&Url>,
    head: &HeadState,
) -> Option<Piece> {
    if !head.dek
        && !head.credits
        && let Some(tags) = kicker(block, site)
    {
        return Some(Piece::Kicker(tags));
    }
    credit(block, meta).map(Piece::Credit)
}

/// The tags a kicker gives: `Opinion | Transport` gives two; a link alone
/// to a tag page (`/tag/immunology/`) or to a section at the site's top
/// (`/trading-nation/`) gives its text.
fn kicker(block: &Block, site: Option<&Url>) -> Option<Vec<String>> {
    let text = block.text.as_str();
    let named = is_kicker(text);
    let linked = block.is_one_link()
        && words(text) <= 4
        && !ends_sentence(text)
        && block.links[0].is_tag_page(site);
    (named || linked).then(|| {
        text.split('|')
            .map(|tag| visible_line(tag.trim()).into_owned())
            .filter(|tag| !tag.is_empty())
            .collect()
    })
}

/// The author and date a block credits: a by-line or date line by the
/// plain-text rules, a by-line of links to author pages, the page's author
/// alone (`JANIE HAR`), a list of date lines (`Nov 20 2019, 10:18am ist`,
/// `updated: …`), a bare `By:` whose name was a picture, or a wire
/// service's slug (`BC-EU--Britain-Brexit-Election, 1st Ld-Writethru`).
fn credit(block: &Block, meta: &Metadata) -> Option<Credit> {
    if block.kind == Kind::List {
        let mut dates = block.items.iter().map(|item| credit_line(item));
        let first = dates.next()??;
        let only_dates = first.author.is_none()
            && dates.all(|credit| credit.is_some_and(|c| c.author.is_none()));
        return only_dates.then_some(first);
    }
    let text = block.text.as_str();
    if let Some(credit) = credit_line(text) {
        return Some(credit);
    }
    if let Some(credit) = author_links(block) {
        return Some(credit);
    }
    let names_author = meta
        .author
        .as_deref()
        .is_some_and(|author| same_words(author, text));
    if names_author || is_bare_by(text) || is_wire_slug(text) {
        return Some(Credit::default());
    }
    None
}

/// `By [Ann Lee](/author/ann-lee/) - 2018-09-16`, `[PTI,](/author/pti)
/// Washington,`, `By [A](/staff/a/), [B](/staff/b/) on Monday, November
/// 18th, 2019 at 11:04 a.m.`: links to author pages, and around them only
/// `By`, `and`, commas, a date or a place.
fn author_links(block: &Block) -> Option<Credit> {
    if block.links.is_empty() || !block.links.iter().all(Link::is_author_page) {
        return None;
    }
    let mut rest = block.text.clone();
    for link in &block.links {
        rest = rest.replacen(&link.text, " ", 1);
    }
    let connective = |word: &str| {
        let bare = word.trim_matches(|c: char| !c.is_alphanumeric());
        bare.is_empty() || ["by", "and", "on"].contains(&bare.to_lowercase().as_str())
    };
    let words: Vec<&str> = rest.split_whitespace().collect();
    let start = words
        .iter()
        .position(|w| !connective(w))
        .unwrap_or(words.len());
    let rest = words[start..].join(" ");
    let date = date_in(&rest);
    let place = words.len() - start <= MAX_PLACE_WORDS
        && words[start..]
            .iter()
            .all(|w| w.starts_with(char::is_uppercase));
    if !rest.is_empty() && date.is_none() && !place {
        return None;
    }
    let names: Vec<String> = block
        .links
        .iter()
        .map(|link| {
            link.text
                .trim_matches(|c: char| !c.is_alphanumeric())
                .to_string()
        })
        .filter(|name| !name.is_empty())
        .collect();
    let author = (!names.is_empty()).then(|| {
        let joined = names.join(", ");
        by_line(&format!("By {joined}")).unwrap_or_else(|| visible_line(&joined).into_owned())
    });
    Some(Credit { author, date })
}

/// `| BY:`: a by-line label whose name was not text.
fn is_bare_by(text: &str) -> bool {
    let bare = text.trim_matches(|c: char| !c.is_alphanumeric());
    bare.eq_ignore_ascii_case("by")
}

/// An AP slug line: `BC-EU--Britain-Brexit-Election, 1st Ld-Writethru`.
fn is_wire_slug(text: &str) -> bool {
    let first = text.split_whitespace().next().unwrap_or_default();
    words(text) <= 6 && first.starts_with("BC-") && first.contains("--")
}

/// Whether a heading is the page's title again. A heading that leaves out
/// or adds a word or two is still the title; a level-1 heading at the top
/// of a page whose metadata has no title is taken as it.
fn repeats_title(heading: &str, title: &str, level: u8) -> bool {
    if title.trim().is_empty() {
        return level == 1;
    }
    let heading = word_set(heading);
    let title = word_set(title);
    let shorter = heading.len().min(title.len());
    if shorter == 0 {
        return false;
    }
    let shared = heading.iter().filter(|w| title.contains(w)).count();
    heading == title || (shorter >= 2 && shared as f64 >= TITLE_OVERLAP * shorter as f64)
}

/// Whether a heading at the top is a dek: short enough for one, not a
/// kicker, and a sentence (closed by a full stop, or longer than a
/// section's name), or ranked below the body's next heading (a section
/// cannot open with a sub-section: `### Black Friday Is Next Week, But…`
/// over `## PS4 Controller for $39.99`).
fn is_dek_heading(text: &str, level: u8, after: &str) -> bool {
    let sentence = ends_sentence(text) && !text.ends_with('?');
    is_dek(text)
        && words(text) >= MIN_DEK_HEADING_WORDS
        && (sentence
            || words(text) > MAX_SECTION_HEADING_WORDS
            // Read last: it may parse the rest of the body (once, at most).
            || next_heading_level(after).is_some_and(|next| next < level))
}

/// More than two sentences: a paragraph, not a dek.
fn is_sentence_run(text: &str) -> bool {
    text.matches(". ").count() >= 2
}

/// Whether the text ends as a sentence does (a closing quote or bracket may
/// follow the stop).
fn ends_sentence(text: &str) -> bool {
    text.trim_end_matches(['"', '\'', '”', '’', ')', '*', '_'])
        .ends_with(['.', '!', '?', '…'])
}

fn words(text: &str) -> usize {
    text.split_whitespace().count()
}

/// The lowercased words of a text, for comparing titles.
fn word_set(text: &str) -> Vec<String> {
    let mut words: Vec<String> = text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect();
    words.sort();
    words.dedup();
    words
}

fn same_words(a: &str, b: &str) -> bool {
    let a: Vec<String> = a.split_whitespace().map(str::to_lowercase).collect();
    let b: Vec<String> = b.split_whitespace().map(str::to_lowercase).collect();
    !a.is_empty() && a == b
}

/// The level of the first heading in `markdown`.
fn next_heading_level(markdown: &str) -> Option<u8> {
    Parser::new_ext(markdown, MARKDOWN_OPTIONS).find_map(|event| match event {
        Event::Start(Tag::Heading { level, .. }) => Some(level_number(level)),
        _ => None,
    })
}

fn level_number(level: HeadingLevel) -> u8 {
    level as u8
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Heading(u8),
    Paragraph,
    List,
    Other,
}

/// One top-level block of the body's markdown, as the head pass reads it.
#[derive(Debug)]
struct Block {
    kind: Kind,
    /// Where it starts in the body (it runs to the next block's start).
    range: Range<usize>,
    /// Its text, markup left out, white space collapsed.
    text: String,
    /// A list's items' texts.
    items: Vec<String>,
    links: Vec<Link>,
}

impl Block {
    /// Whether the block's text is all one link's.
    fn is_one_link(&self) -> bool {
        matches!(&self.links[..], [link] if link.text == self.text)
    }
}

#[derive(Debug)]
struct Link {
    url: String,
    text: String,
}

impl Link {
    fn path_segments(&self) -> Vec<String> {
        let Ok(url) = Url::parse(&self.url) else {
            return Vec::new();
        };
        url.path_segments()
            .map(|segments| {
                segments
                    .filter(|s| !s.is_empty())
                    .map(str::to_lowercase)
                    .collect()
            })
            .unwrap_or_default()
    }

    fn is_author_page(&self) -> bool {
        let segments = self.path_segments();
        segments[..segments.len().saturating_sub(1)]
            .iter()
            .any(|s| AUTHOR_PAGES.contains(&s.as_str()))
    }

    /// A tag's page, or a section at the top of the page's own site.
    fn is_tag_page(&self, site: Option<&Url>) -> bool {
        let segments = self.path_segments();
        if segments[..segments.len().saturating_sub(1)]
            .iter()
            .any(|s| TAG_PAGES.contains(&s.as_str()))
        {
            return true;
        }
        let same_site = Url::parse(&self.url).ok().is_some_and(|url| {
            site.is_some_and(|site| url.host_str().is_some() && url.host_str() == site.host_str())
        });
        same_site && segments.len() == 1
    }
}

/// The first `limit` top-level blocks of `markdown`.
fn leading_blocks(markdown: &str, limit: usize) -> Vec<Block> {
    let mut blocks: Vec<Block> = Vec::new();
    let mut depth = 0usize;
    let mut current: Option<Block> = None;
    let mut link: Option<Link> = None;
    let mut item: Option<String> = None;
    for (event, range) in Parser::new_ext(markdown, MARKDOWN_OPTIONS).into_offset_iter() {
        match event {
            Event::Start(tag) => {
                if depth == 0 {
                    if blocks.len() == limit {
                        break;
                    }
                    current = Some(Block {
                        kind: block_kind(&tag),
                        range: range.clone(),
                        text: String::new(),
                        items: Vec::new(),
                        links: Vec::new(),
                    });
                }
                match tag {
                    Tag::Link { dest_url, .. } => {
                        link = Some(Link {
                            url: dest_url.to_string(),
                            text: String::new(),
                        });
                    }
                    Tag::Item if depth == 1 => item = Some(String::new()),
                    _ => {}
                }
                depth += 1;
            }
            Event::End(tag) => {
                depth = depth.saturating_sub(1);
                match tag {
                    TagEnd::Link => {
                        if let (Some(mut done), Some(block)) = (link.take(), current.as_mut()) {
                            done.text = tidy(&done.text);
                            block.links.push(done);
                        }
                    }
                    TagEnd::Item if depth == 1 => {
                        if let (Some(done), Some(block)) = (item.take(), current.as_mut()) {
                            block.items.push(tidy(&done));
                        }
                    }
                    _ => {}
                }
                if depth == 0
                    && let Some(mut done) = current.take()
                {
                    done.range.end = range.end;
                    done.text = tidy(&done.text);
                    blocks.push(done);
                }
            }
            Event::Text(text) | Event::Code(text) => {
                push_text(&text, &mut current, &mut link, &mut item);
            }
            Event::SoftBreak | Event::HardBreak => {
                push_text(" ", &mut current, &mut link, &mut item);
            }
            Event::Rule if depth == 0 => {
                if blocks.len() == limit {
                    break;
                }
                blocks.push(Block {
                    kind: Kind::Other,
                    range,
                    text: String::new(),
                    items: Vec::new(),
                    links: Vec::new(),
                });
            }
            _ => {}
        }
    }
    blocks
}

/// Adds `text` to the block, and to the link and list item it stands in.
fn push_text(
    text: &str,
    block: &mut Option<Block>,
    link: &mut Option<Link>,
    item: &mut Option<String>,
) {
    let outs = [
        block.as_mut().map(|b| &mut b.text),
        link.as_mut().map(|l| &mut l.text),
        item.as_mut(),
    ];
    for out in outs.into_iter().flatten() {
        out.push_str(text);
    }
}

fn block_kind(tag: &Tag) -> Kind {
    match tag {
        Tag::Heading { level, .. } => Kind::Heading(level_number(*level)),
        Tag::Paragraph => Kind::Paragraph,
        Tag::List(_) => Kind::List,
        _ => Kind::Other,
    }
}

/// White space collapsed, and none before a comma (`Digby , Minh Do`).
fn tidy(text: &str) -> String {
    text.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .replace(" ,", ",")
}

#[cfg(test)]
mod tests;
