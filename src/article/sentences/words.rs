//! Words around a full stop: abbreviations, initials and list markers.

/// How an abbreviation's full stop behaves.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Abbreviation {
    /// Never ends a sentence: a title before a name, or a Latin link word.
    NeverEnds,
    /// Stands before a number (`No. 10`, `Jan. 6`); elsewhere its full stop
    /// ends the sentence (`No. I won't.`).
    BeforeNumber,
    /// Often ends a sentence (`at Apple Inc.`, `in the U.S.`): it does when
    /// the next word is one that usually starts a sentence.
    MayEnd,
}

/// Abbreviations news prose uses, matched ignoring ASCII case. Initials and
/// dotted acronyms (`W.`, `U.S.`, `a.m.`) need no entry: they are
/// [`Abbreviation::MayEnd`]. Nor do those that end sentences as often as not
/// (`etc.`): a lowercase word after them already continues the sentence.
pub(super) const ABBREVIATIONS: &[(&str, Abbreviation)] = {
    use Abbreviation::*;
    &[
        // Titles and ranks before a name.
        ("Mr.", NeverEnds),
        ("Mrs.", NeverEnds),
        ("Ms.", NeverEnds),
        ("Messrs.", NeverEnds),
        ("Dr.", NeverEnds),
        ("Prof.", NeverEnds),
        ("Gov.", NeverEnds),
        ("Sen.", NeverEnds),
        ("Sens.", NeverEnds),
        ("Rep.", NeverEnds),
        ("Reps.", NeverEnds),
        ("Pres.", NeverEnds),
        ("Gen.", NeverEnds),
        ("Lt.", NeverEnds),
        ("Col.", NeverEnds),
        ("Maj.", NeverEnds),
        ("Capt.", NeverEnds),
        ("Sgt.", NeverEnds),
        ("Adm.", NeverEnds),
        ("Cmdr.", NeverEnds),
        ("Rev.", NeverEnds),
        ("Hon.", NeverEnds),
        ("Rt.", NeverEnds),
        ("Atty.", NeverEnds),
        ("Supt.", NeverEnds),
        ("Mt.", NeverEnds),
        ("Ft.", NeverEnds),
        // Words that link two parts of one sentence.
        ("e.g.", NeverEnds),
        ("i.e.", NeverEnds),
        ("vs.", NeverEnds),
        ("viz.", NeverEnds),
        ("cf.", NeverEnds),
        // Before numbers and dates.
        ("No.", BeforeNumber),
        ("Nos.", BeforeNumber),
        ("Vol.", BeforeNumber),
        ("p.", BeforeNumber),
        ("pp.", BeforeNumber),
        ("pg.", BeforeNumber),
        ("para.", BeforeNumber),
        ("ch.", BeforeNumber),
        ("sec.", BeforeNumber),
        ("ca.", BeforeNumber),
        ("est.", BeforeNumber),
        ("ext.", BeforeNumber),
        ("N°.", BeforeNumber),
        ("Nº.", BeforeNumber),
        ("Fig.", BeforeNumber),
        ("Art.", BeforeNumber),
        ("approx.", BeforeNumber),
        ("Jan.", BeforeNumber),
        ("Feb.", BeforeNumber),
        ("Mar.", BeforeNumber),
        ("Apr.", BeforeNumber),
        ("Jun.", BeforeNumber),
        ("Jul.", BeforeNumber),
        ("Aug.", BeforeNumber),
        ("Sep.", BeforeNumber),
        ("Sept.", BeforeNumber),
        ("Oct.", BeforeNumber),
        ("Nov.", BeforeNumber),
        ("Dec.", BeforeNumber),
        // Ends of company and personal names, and of addresses.
        ("Inc.", MayEnd),
        ("Corp.", MayEnd),
        ("Co.", MayEnd),
        ("Ltd.", MayEnd),
        ("Bros.", MayEnd),
        ("Jr.", MayEnd),
        ("Sr.", MayEnd),
        ("St.", MayEnd),
        ("Ave.", MayEnd),
        ("Blvd.", MayEnd),
        ("Dept.", MayEnd),
        ("Univ.", MayEnd),
    ]
};

/// Words that usually open a sentence, sorted: after an
/// [`Abbreviation::MayEnd`] they mean the sentence ended there.
pub(super) const SENTENCE_STARTERS: &[&str] = &[
    "A",
    "After",
    "Again",
    "All",
    "Also",
    "Although",
    "Among",
    "An",
    "And",
    "Are",
    "As",
    "Ask",
    "At",
    "Because",
    "Before",
    "Besides",
    "Better",
    "Both",
    "But",
    "By",
    "Can",
    "Consider",
    "Could",
    "Critics",
    "Despite",
    "Did",
    "Do",
    "Does",
    "During",
    "Each",
    "Even",
    "Every",
    "Everyone",
    "Everything",
    "Few",
    "For",
    "From",
    "Furthermore",
    "Had",
    "Has",
    "Have",
    "He",
    "Hence",
    "Her",
    "Here",
    "His",
    "How",
    "However",
    "I",
    "If",
    "In",
    "Indeed",
    "Instead",
    "Is",
    "It",
    "Its",
    "Last",
    "Let",
    "Look",
    "Many",
    "May",
    "Meanwhile",
    "Might",
    "More",
    "Moreover",
    "Most",
    "Must",
    "My",
    "Next",
    "No",
    "Nobody",
    "Nor",
    "Not",
    "Nothing",
    "Now",
    "Officials",
    "On",
    "Once",
    "One",
    "Only",
    "Opponents",
    "Or",
    "Others",
    "Our",
    "Over",
    "Perhaps",
    "Shall",
    "She",
    "Should",
    "Since",
    "So",
    "Some",
    "Someone",
    "Something",
    "Still",
    "Such",
    "Supporters",
    "Take",
    "That",
    "The",
    "Their",
    "Then",
    "There",
    "These",
    "They",
    "This",
    "Those",
    "Though",
    "Thus",
    "To",
    "Today",
    "Tomorrow",
    "Under",
    "Unless",
    "Until",
    "Was",
    "We",
    "Were",
    "What",
    "Whatever",
    "When",
    "Where",
    "Which",
    "While",
    "Who",
    "Whoever",
    "Whose",
    "Why",
    "Will",
    "With",
    "Without",
    "Worse",
    "Would",
    "Yesterday",
    "Yet",
    "You",
];

pub(super) fn abbreviation(word: &str) -> Option<Abbreviation> {
    // A capital and a full stop is an initial (`James P. Kennedy`), though
    // matching without case would make `P.` the page abbreviation `p.`.
    if word.len() == 2 && word.starts_with(|c: char| c.is_ascii_uppercase()) {
        return is_initials(word).then_some(Abbreviation::MayEnd);
    }
    ABBREVIATIONS
        .iter()
        .find(|(known, _)| known.eq_ignore_ascii_case(word))
        .map(|&(_, kind)| kind)
        .or_else(|| is_initials(word).then_some(Abbreviation::MayEnd))
}

/// `W.`, `J.`, `U.S.`, `a.m.`: letters each followed by a full stop. A lone
/// lowercase letter is left out: it is more likely a list marker or a typo.
pub(super) fn is_initials(word: &str) -> bool {
    let mut chars = word.chars();
    let mut letters = 0;
    loop {
        match (chars.next(), chars.next()) {
            (None, _) => break,
            (Some(letter), Some('.')) if letter.is_alphabetic() => letters += 1,
            _ => return false,
        }
    }
    letters > 1 || (letters == 1 && word.starts_with(char::is_uppercase))
}

/// What numbers a list item (`1`, `12`, `b`, `iv`, `XII`), whose full stop
/// starts no sentence when the item starts one.
pub(super) fn is_list_marker(word: &str) -> bool {
    let all_in = |set: &[u8]| word.bytes().all(|b| set.contains(&b));
    let number = (1..=3).contains(&word.len()) && word.bytes().all(|b| b.is_ascii_digit());
    let letter = word.len() == 1 && word.bytes().all(|b| b.is_ascii_alphabetic());
    let roman = (1..=4).contains(&word.len()) && (all_in(b"ivx") || all_in(b"IVX"));
    number || letter || roman
}

/// Whether `text` opens with a list marker: `b) `, `iv. `, `2. `.
pub(super) fn starts_list_item(text: &str) -> bool {
    // Markers are short: look no further than the longest one.
    let Some(marker_end) = text.bytes().take(5).position(|b| b == b'.' || b == b')') else {
        return false;
    };
    is_list_marker(&text[..marker_end]) && text[marker_end + 1..].starts_with(char::is_whitespace)
}

/// `Mr.`, `Dr.` and the like at the start of `text`: personal titles, which
/// stand before a name and so may open a sentence after a full stop.
pub(super) fn is_personal_title(text: &str) -> bool {
    const TITLES: [&str; 6] = ["Mr.", "Mrs.", "Ms.", "Messrs.", "Dr.", "Prof."];
    TITLES.iter().any(|title| {
        text.starts_with(title) && text[title.len()..].starts_with(char::is_whitespace)
    })
}

/// `a.m.` and `p.m.`, in either case.
pub(super) fn is_clock_suffix(word: &str) -> bool {
    word.eq_ignore_ascii_case("a.m.") || word.eq_ignore_ascii_case("p.m.")
}

/// Words naming a time zone after a clock time.
pub(super) fn is_time_zone(word: &str) -> bool {
    const ZONES: [&str; 14] = [
        "Eastern", "Central", "Mountain", "Pacific", "Atlantic", "ET", "EST", "EDT", "CT", "PT",
        "GMT", "UTC", "BST", "CET",
    ];
    ZONES.contains(&word)
}
