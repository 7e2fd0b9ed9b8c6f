//! Credit lines at the head of an article: by-lines (`By Jane Doe`, `BY THE
//! EDITORIAL BOARD`, `Jane Doe | Opinion contributor`, `Jane Doe, Staff
//! Writer`) and date lines (`March 4, 2026`, `Published 6:00 a.m. ET March
//! 4, 2026`, `VANTRY, March 4, 2026`), alone or together on one line
//! (`By Jane Doe - March 4, 2026`, `By Jane Doe on Monday, March 4th, 2026`).
//!
//! Web pages' heads are read by the same rules (`crate::web`'s head pass).

use super::super::sanitize::visible_line;

/// Longer by-lines are sentences that happen to start with "By".
const MAX_AUTHOR_WORDS: usize = 8;
/// A name without a "By" is a short run of capitalised words.
const MAX_NAME_WORDS: usize = 4;
/// Place names a dateline may put before its date.
const MAX_PLACE_WORDS: usize = 3;

/// Lowercase words that may stand in an author's name or a by-line
/// (`By the Editorial Board`, `By a Reader of the Valley Gazette`).
const NAME_PARTICLES: &[&str] = &[
    "a", "an", "and", "at", "da", "de", "del", "der", "di", "du", "for", "from", "in", "la", "le",
    "of", "on", "the", "van", "von", "y",
];

/// Words that make the rest of a credit a role, not a name.
const ROLE_WORDS: &[&str] = &[
    "analyst",
    "board",
    "bureau",
    "chief",
    "columnist",
    "commentator",
    "contributing",
    "contributor",
    "correspondent",
    "critic",
    "desk",
    "editor",
    "editorial",
    "fellow",
    "guest",
    "opinion",
    "reporter",
    "reports",
    "senior",
    "special",
    "staff",
    "writer",
];

/// What one credit line says.
#[derive(Debug, Default, PartialEq, Eq)]
pub(crate) struct Credit {
    pub author: Option<String>,
    pub date: Option<String>,
}

/// The by-line and date a line holds, when every part of it is one of them
/// (or an author's role). Parts are split at `|`, `·`, `•`, dashes and a
/// hyphen between spaces.
pub(crate) fn credit_line(content: &str) -> Option<Credit> {
    let parts: Vec<&str> = content
        .split(['|', '·', '•', '—', '–'])
        .flat_map(|part| part.split(" - "))
        .map(str::trim)
        .filter(|part| !part.is_empty())
        .collect();
    let mut credit = Credit::default();
    for (index, part) in parts.iter().enumerate() {
        if credit.author.is_none()
            && let Some(author) = by_line(part)
        {
            credit.author = Some(author);
        } else if credit.author.is_none()
            && credit.date.is_none()
            && let Some((author, date)) = dated_by_line(part)
        {
            credit.author = Some(author);
            credit.date = Some(date);
        } else if credit.date.is_none()
            && let Some(date) = date_in(part)
        {
            credit.date = Some(date);
        } else if credit.author.is_none()
            && index == 0
            && parts.get(1).is_some_and(|next| is_role(next))
            && is_name(part)
        {
            credit.author = Some(normalise_name(part));
        } else if credit.author.is_none()
            && let Some((name, role)) = part.split_once(", ")
            && is_name(name)
            && is_role(role)
        {
            credit.author = Some(normalise_name(name));
        } else if !(index > 0 && is_role(part)) {
            return None;
        }
    }
    (credit.author.is_some() || credit.date.is_some()).then_some(credit)
}

/// `By Jane Doe on Monday, March 4th, 2026`: the author and the date.
fn dated_by_line(content: &str) -> Option<(String, String)> {
    let (by, date) = content.rsplit_once(" on ")?;
    Some((by_line(by)?, date_in(date)?))
}

/// The author a by-line names: `By Leo Tolstoy`, `Author: Jane Doe`, `By the
/// Editorial Board`, `BY JANE SMITH, STAFF WRITER` (a role after a comma is
/// left out).
pub(crate) fn by_line(content: &str) -> Option<String> {
    let rest = ["by:", "author:", "written by ", "by "]
        .iter()
        .find_map(|prefix| strip_prefix_ignore_ascii_case(content, prefix))?
        .trim();
    let name = match rest.split_once(", ") {
        Some((name, role)) if is_role(role) => name,
        _ => rest,
    };
    let words: Vec<&str> = name.split_whitespace().collect();
    let well_formed = !words.is_empty()
        && words.len() <= MAX_AUTHOR_WORDS
        && !name.ends_with([',', ';', ':', '!', '?', '.'])
        && words.iter().all(|word| is_name_word(word))
        && words
            .iter()
            .any(|word| word.starts_with(char::is_uppercase));
    well_formed.then(|| normalise_name(name))
}

/// A word that may stand in a name: capitalised, or a particle.
fn is_name_word(word: &str) -> bool {
    let letters = word.trim_matches(|c: char| !c.is_alphanumeric());
    match letters.chars().next() {
        None => true,
        Some(first) => {
            first.is_uppercase() || NAME_PARTICLES.contains(&letters.to_lowercase().as_str())
        }
    }
}

/// A personal name without a "By": two to four capitalised words.
fn is_name(text: &str) -> bool {
    let words: Vec<&str> = text.split_whitespace().collect();
    (2..=MAX_NAME_WORDS).contains(&words.len())
        && words[0].starts_with(char::is_uppercase)
        && words.iter().all(|word| is_name_word(word))
        && !text.contains(|c: char| c.is_ascii_digit())
}

/// An author's role: `Opinion contributor`, `Staff Writer`, `Special to the Gazette`.
fn is_role(text: &str) -> bool {
    let words: Vec<String> = text.split_whitespace().map(str::to_lowercase).collect();
    words.len() <= 6
        && words
            .iter()
            .any(|word| ROLE_WORDS.contains(&word.trim_matches(|c: char| !c.is_alphanumeric())))
}

/// A name as a reader would write it: `BY THE EDITORIAL BOARD` reads `The
/// Editorial Board`; a leading article is capitalised. One word in
/// capitals is an agency's initials (`PTI`, `AFP`) and stays so.
fn normalise_name(name: &str) -> String {
    let shouting =
        !name.chars().any(char::is_lowercase) && name.split_whitespace().nth(1).is_some();
    let words: Vec<String> = name
        .split_whitespace()
        .enumerate()
        .map(|(index, word)| {
            let lower = word.to_lowercase();
            if index > 0 && NAME_PARTICLES.contains(&lower.as_str()) {
                return if shouting { lower } else { word.to_string() };
            }
            let word = if shouting { lower } else { word.to_string() };
            let mut chars = word.chars();
            chars.next().map_or(String::new(), |first| {
                first.to_uppercase().chain(chars).collect()
            })
        })
        .collect();
    visible_line(&words.join(" ")).into_owned()
}

/// The date a date line gives, without what stands around it: `Published
/// 6:00 a.m. ET March 4, 2026` gives `March 4, 2026`, `VANTRY, March 4,
/// 2026` gives `March 4, 2026`.
pub(crate) fn date_in(content: &str) -> Option<String> {
    let words: Vec<&str> = content.split_whitespace().collect();
    let is_core = |word: &str| {
        let bare = word.trim_end_matches([',', '.']);
        is_month(bare) || is_year(bare) || day_number(bare).is_some() || looks_like_date(bare)
    };
    let first = words.iter().position(|word| is_core(word))?;
    let last = words.iter().rposition(|word| is_core(word))?;
    let core = words[first..=last].join(" ");
    let core = core.trim_end_matches([',', '.']);
    if !looks_like_date(core) {
        return None;
    }
    let before = &words[..first];
    let place_words = before
        .iter()
        .rposition(|word| word.ends_with(','))
        .map_or(0, |comma| comma + 1);
    let place_ok = place_words <= MAX_PLACE_WORDS
        && before[..place_words]
            .iter()
            .all(|word| word.starts_with(char::is_uppercase));
    let others_ok = before[place_words..]
        .iter()
        .chain(&words[last + 1..])
        .all(|word| is_date_companion(word));
    (place_ok && others_ok).then(|| visible_line(core).into_owned())
}

/// Words that may stand beside a date in a date line: `Published`,
/// `Updated`, a weekday, a time and its zone.
fn is_date_companion(word: &str) -> bool {
    const WORDS: &[&str] = &[
        "published",
        "updated",
        "posted",
        "last",
        "first",
        "on",
        "at",
        "a.m.",
        "p.m.",
        "am",
        "pm",
        "et",
        "est",
        "edt",
        "ct",
        "pt",
        "gmt",
        "utc",
        "bst",
        "cet",
        "cest",
        "ist",
        "pst",
        "pdt",
        "cst",
        "cdt",
        "mst",
        "mdt",
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
        "mon",
        "tue",
        "wed",
        "thu",
        "fri",
        "sat",
        "sun",
    ];
    let bare = word.trim_end_matches([',', ':']).to_lowercase();
    WORDS.contains(&bare.as_str())
        || (bare.contains(':') && bare.bytes().all(|b| b.is_ascii_digit() || b == b':'))
        || (bare.ends_with("am") || bare.ends_with("pm"))
            && bare[..bare.len() - 2]
                .bytes()
                .all(|b| b.is_ascii_digit() || b == b':')
}

fn is_year(word: &str) -> bool {
    word.len() == 4 && word.bytes().all(|b| b.is_ascii_digit())
}

fn is_month(word: &str) -> bool {
    month_number(word).is_some()
}

/// A day of the month as written in a date: `4`, `04`, `4th`, `21st`.
fn day_number(word: &str) -> Option<u8> {
    let digits = ["st", "nd", "rd", "th"]
        .iter()
        .find_map(|suffix| word.strip_suffix(suffix))
        .unwrap_or(word);
    let day = (1..=2).contains(&digits.len()) && digits.bytes().all(|b| b.is_ascii_digit());
    day.then(|| digits.parse().ok()).flatten()
}

/// The month a word names (`Mar`, `March`, `SEPT`), 1 to 12.
fn month_number(word: &str) -> Option<u8> {
    const MONTHS: &[&str] = &[
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
    ];
    if word.len() < 3 || !word.is_char_boundary(3) || !word.chars().all(char::is_alphabetic) {
        return None;
    }
    let index = MONTHS
        .iter()
        .position(|m| m.eq_ignore_ascii_case(&word[..3]))?;
    u8::try_from(index + 1).ok()
}

/// A date line's date as `YYYY-MM-DD` (how web pages' dates are kept), when
/// it names a day, a month and a year that exist: `March 4th, 2026`,
/// `19 NOV 2019`, `2026-03-04`.
pub(crate) fn iso_date(date: &str) -> Option<String> {
    let words: Vec<&str> = date
        .split(|c: char| c.is_whitespace() || matches!(c, ',' | '.' | '-' | '/'))
        .filter(|word| !word.is_empty())
        .collect();
    let year: i32 = words.iter().find(|w| is_year(w))?.parse().ok()?;
    let (month, day) = match words.iter().find_map(|w| month_number(w)) {
        Some(month) => (month, words.iter().find_map(|w| day_number(w))?),
        // All numbers: only the year-first order is unambiguous.
        None => match words[..] {
            [y, m, d] if is_year(y) => (m.parse().ok()?, d.parse().ok()?),
            _ => return None,
        },
    };
    let month = time::Month::try_from(month).ok()?;
    let date = time::Date::from_calendar_date(year, month, day).ok()?;
    Some(format!(
        "{:04}-{:02}-{:02}",
        date.year(),
        u8::from(date.month()),
        date.day()
    ))
}

/// A line that is only a date: `July 5, 2026`, `5 July 2026`, `July 5th,
/// 2026`, `2026-07-05`.
pub(super) fn looks_like_date(content: &str) -> bool {
    let words: Vec<&str> = content
        .split(|c: char| c.is_whitespace() || matches!(c, ',' | '.' | '-' | '/'))
        .filter(|word| !word.is_empty())
        .collect();
    let fits = |word: &&str| {
        is_month(word)
            || (word.len() <= 2 && word.bytes().all(|b| b.is_ascii_digit()))
            || day_number(word).is_some()
    };
    (2..=4).contains(&words.len())
        && words.iter().filter(|word| is_year(word)).count() == 1
        && words.iter().all(|word| is_year(word) || fits(word))
}

pub(super) fn strip_prefix_ignore_ascii_case<'a>(text: &'a str, prefix: &str) -> Option<&'a str> {
    let head = text.get(..prefix.len())?;
    head.eq_ignore_ascii_case(prefix)
        .then(|| &text[prefix.len()..])
}
