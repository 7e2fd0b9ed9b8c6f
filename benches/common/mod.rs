//! What several benches measure on: War and Peace (or, when ../shared is
//! absent, a generated book of the same size) with 10,000 annotations.

use marginalia::annotate::Store;

pub const ANNOTATIONS: usize = 10_000;
/// The length of each benchmark passage.
const QUOTE_BYTES: usize = 80;

const WAR_AND_PEACE: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../shared/corpus/war-and-peace.txt"
);

/// The text of War and Peace, or a generated stand-in of 3.3 MB.
pub fn book_text() -> String {
    match std::fs::read_to_string(WAR_AND_PEACE) {
        Ok(text) => text,
        Err(_) => {
            eprintln!("note: {WAR_AND_PEACE} is absent; using a generated 3.3 MB text");
            generated_text(3_300_000)
        }
    }
}

/// Paragraphs of prose from a small vocabulary, the same on every run.
fn generated_text(bytes: usize) -> String {
    generated_prose(bytes, Some(90))
}

/// Prose from a small vocabulary, the same on every run: sentences of 15
/// words, a paragraph break every `paragraph_words` words (never, if `None`:
/// one line).
pub fn generated_prose(bytes: usize, paragraph_words: Option<usize>) -> String {
    const WORDS: [&str; 12] = [
        "the", "prince", "said", "Moscow", "army", "was", "quietly", "Natásha", "and", "war",
        "peace", "evening",
    ];
    let mut text = String::with_capacity(bytes + 16);
    let mut state: u32 = 2463534242;
    let mut word_count = 0;
    while text.len() < bytes {
        // xorshift32: cheap, deterministic variety.
        state ^= state << 13;
        state ^= state >> 17;
        state ^= state << 5;
        text.push_str(WORDS[state as usize % WORDS.len()]);
        word_count += 1;
        let paragraph_ends = paragraph_words.is_some_and(|every| word_count % every == 0);
        text.push_str(match word_count % 15 {
            0 if paragraph_ends => ".\n\n",
            0 => ". ",
            _ if paragraph_ends => "\n\n",
            _ => " ",
        });
    }
    text
}

fn floor_char(text: &str, mut i: usize) -> usize {
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// Tags [`ANNOTATIONS`] passages spread evenly over `text`, cycling through
/// the three default labels; every `note.0`-th gets the note `note.1`.
pub fn annotate_evenly(store: &mut Store, text: &str, note: Option<(usize, &str)>) {
    let step = (text.len() - QUOTE_BYTES) / ANNOTATIONS;
    let labels = ["claim", "opinion", "speculation"];
    for i in 0..ANNOTATIONS {
        let start = floor_char(text, i * step);
        let end = floor_char(text, start + QUOTE_BYTES);
        let id = store
            .add(labels[i % labels.len()], start..end, "bench")
            .expect("a valid range");
        if let Some((every, note)) = note
            && i % every == 0
        {
            store.set_note(&id, note).expect("a known id");
        }
    }
}
