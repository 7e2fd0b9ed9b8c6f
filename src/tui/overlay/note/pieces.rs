//! Text kept as shared pieces: copying it (for a save on another thread)
//! costs a pointer a piece, and text moves on and off either end a piece at
//! a time, never by copying the whole. The note editor keeps the parts of a
//! long note before and after the lines it edits this way.

use std::collections::VecDeque;
use std::sync::Arc;

/// Pieces are cut to about this size; smaller ones are joined as text is
/// added, so a run of small edits never makes a long list of tiny pieces.
const PIECE_BYTES: usize = 1 << 20;

#[derive(Debug, Clone, Default)]
pub struct Pieces {
    pieces: VecDeque<Piece>,
    len: usize,
    newlines: usize,
}

#[derive(Debug, Clone)]
struct Piece {
    text: Arc<str>,
    newlines: usize,
}

impl Piece {
    fn new(text: &str) -> Piece {
        Piece {
            newlines: text.bytes().filter(|&b| b == b'\n').count(),
            text: Arc::from(text),
        }
    }
}

impl Pieces {
    /// `text` cut into pieces of about [`PIECE_BYTES`], on char boundaries.
    pub fn new(text: &str) -> Pieces {
        let mut pieces = Pieces::default();
        let mut rest = text;
        while !rest.is_empty() {
            let mut cut = rest.len().min(PIECE_BYTES);
            while !rest.is_char_boundary(cut) {
                cut += 1;
            }
            let (piece, after) = rest.split_at(cut);
            pieces.push_piece_back(Piece::new(piece));
            rest = after;
        }
        pieces
    }

    pub fn len(&self) -> usize {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// How many newlines the text holds.
    pub fn newlines(&self) -> usize {
        self.newlines
    }

    /// The pieces, shared, in order.
    pub fn shared(&self) -> impl Iterator<Item = Arc<str>> + '_ {
        self.pieces.iter().map(|p| Arc::clone(&p.text))
    }

    /// The whole text, copied.
    pub fn to_text(&self) -> String {
        let mut text = String::with_capacity(self.len);
        for piece in &self.pieces {
            text.push_str(&piece.text);
        }
        text
    }

    /// The byte just after the `n`th newline (counting from 1), if there
    /// are that many.
    pub fn after_newline(&self, n: usize) -> Option<usize> {
        if n == 0 {
            return Some(0);
        }
        let mut left = n;
        let mut start = 0;
        for piece in &self.pieces {
            if piece.newlines >= left {
                let (at, _) = piece.text.match_indices('\n').nth(left - 1)?;
                return Some(start + at + 1);
            }
            left -= piece.newlines;
            start += piece.text.len();
        }
        None
    }

    /// The start of the first line that starts at or after byte `at`
    /// (the length when none does).
    pub fn line_start_at_or_after(&self, at: usize) -> usize {
        match at {
            0 => 0,
            _ => self.find_newline(at - 1).map_or(self.len, |i| i + 1),
        }
    }

    /// The end (its newline, or the text's end) of the last line that ends
    /// at or before byte `at`; 0 when none does.
    pub fn line_end_at_or_before(&self, at: usize) -> usize {
        if at >= self.len {
            return self.len;
        }
        self.rfind_newline(at).unwrap_or(0)
    }

    /// The first newline at or after byte `from`.
    fn find_newline(&self, from: usize) -> Option<usize> {
        let mut start = 0;
        for piece in &self.pieces {
            let bytes = piece.text.as_bytes();
            if from < start + bytes.len() {
                let skip = from.saturating_sub(start);
                if let Some(i) = bytes[skip..].iter().position(|&b| b == b'\n') {
                    return Some(start + skip + i);
                }
            }
            start += bytes.len();
        }
        None
    }

    /// The last newline at or before byte `to`.
    fn rfind_newline(&self, to: usize) -> Option<usize> {
        let mut end = self.len;
        for piece in self.pieces.iter().rev() {
            let bytes = piece.text.as_bytes();
            let start = end - bytes.len();
            if to >= start {
                let upto = (to - start + 1).min(bytes.len());
                if let Some(i) = bytes[..upto].iter().rposition(|&b| b == b'\n') {
                    return Some(start + i);
                }
            }
            end = start;
        }
        None
    }

    /// Keeps the text before byte `at` (a char boundary) and returns the
    /// rest. Only the piece cut through is copied.
    pub fn split_off(&mut self, at: usize) -> Pieces {
        let mut rest = Pieces::default();
        while self.len > at {
            let piece = self.pieces.pop_back().expect("pieces add up to the length");
            self.len -= piece.text.len();
            self.newlines -= piece.newlines;
            if self.len >= at {
                rest.push_piece_front(piece);
            } else {
                let (kept, moved) = piece.text.split_at(at - self.len);
                // Newlines counted in the shorter half only.
                let (kept, moved) = if kept.len() < moved.len() {
                    let kept = Piece::new(kept);
                    let newlines = piece.newlines - kept.newlines;
                    (
                        kept,
                        Piece {
                            text: Arc::from(moved),
                            newlines,
                        },
                    )
                } else {
                    let moved = Piece::new(moved);
                    let newlines = piece.newlines - moved.newlines;
                    (
                        Piece {
                            text: Arc::from(kept),
                            newlines,
                        },
                        moved,
                    )
                };
                rest.push_piece_front(moved);
                self.push_piece_back(kept);
            }
        }
        rest
    }

    /// Adds `text` at the end.
    pub fn push_str(&mut self, text: &str) {
        self.append(Pieces::new(text));
    }

    /// Moves `other`'s pieces to the end.
    pub fn append(&mut self, other: Pieces) {
        for piece in other.pieces {
            self.push_piece_back(piece);
        }
    }

    fn push_piece_back(&mut self, piece: Piece) {
        self.push_piece(piece, End::Back);
    }

    fn push_piece_front(&mut self, piece: Piece) {
        self.push_piece(piece, End::Front);
    }

    /// Adds `piece` at one end, joined to the piece there if both are
    /// small.
    fn push_piece(&mut self, piece: Piece, end: End) {
        if piece.text.is_empty() {
            return;
        }
        self.len += piece.text.len();
        self.newlines += piece.newlines;
        let neighbour = match end {
            End::Back => self.pieces.back_mut(),
            End::Front => self.pieces.front_mut(),
        };
        match neighbour {
            Some(near) if near.text.len() + piece.text.len() <= PIECE_BYTES => {
                let (first, second) = match end {
                    End::Back => (&*near.text, &*piece.text),
                    End::Front => (&*piece.text, &*near.text),
                };
                *near = Piece {
                    text: Arc::from([first, second].concat()),
                    newlines: near.newlines + piece.newlines,
                };
            }
            _ => match end {
                End::Back => self.pieces.push_back(piece),
                End::Front => self.pieces.push_front(piece),
            },
        }
    }
}

#[derive(Clone, Copy)]
enum End {
    Front,
    Back,
}
