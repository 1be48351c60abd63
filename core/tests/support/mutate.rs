//! Mutations of a text document for the in-suite fuzzing of the TOML and JSON loaders: bytes
//! flipped, the text cut, lines deleted, duplicated or swapped, tokens of the format spliced in.
//! Shared by `routing_fuzz.rs` and `deadline_fuzz.rs` (included with `#[path]`).

use proptest::prelude::*;

/// TOML's punctuation and values of every type, spliced in by `Insert` beside a loader's own
/// tokens.
pub const TOML_TOKENS: &[&str] = &[
    "\"",
    "'''",
    "=",
    "[",
    "]",
    "{",
    "}",
    ",",
    "-1",
    "1e999",
    "9223372036854775808",
    "\"\"",
    "true",
    "\u{0}",
    "é",
];

#[derive(Debug, Clone)]
pub enum Mutation {
    Flip(usize, u8),
    Cut(usize),
    DeleteLine(usize),
    DuplicateLine(usize),
    SwapLines(usize, usize),
    Insert(usize, usize),
}

/// `doc` with `mutations` applied in order; `Insert` splices in one of [`TOML_TOKENS`] or of
/// `tokens`.
pub fn mutate(doc: &str, mutations: &[Mutation], tokens: &[&str]) -> String {
    let mut text = doc.to_owned();
    for m in mutations {
        let mut lines: Vec<String> = text.lines().map(str::to_owned).collect();
        let n = lines.len().max(1);
        match *m {
            Mutation::Flip(i, b) => {
                let mut bytes = text.into_bytes();
                if !bytes.is_empty() {
                    let len = bytes.len();
                    bytes[i % len] ^= b;
                }
                text = String::from_utf8_lossy(&bytes).into_owned();
                continue;
            }
            Mutation::Cut(i) => {
                let mut at = i % text.len().max(1);
                while !text.is_char_boundary(at) {
                    at -= 1;
                }
                text.truncate(at);
                continue;
            }
            Mutation::DeleteLine(i) => {
                if !lines.is_empty() {
                    lines.remove(i % n);
                }
            }
            Mutation::DuplicateLine(i) => {
                if !lines.is_empty() {
                    let line = lines[i % n].clone();
                    lines.insert(i % n, line);
                }
            }
            Mutation::SwapLines(i, j) => {
                if !lines.is_empty() {
                    lines.swap(i % n, j % n);
                }
            }
            Mutation::Insert(i, t) => {
                let mut at = i % text.len().max(1);
                while !text.is_char_boundary(at) {
                    at -= 1;
                }
                let count = TOML_TOKENS.len() + tokens.len();
                let token = TOML_TOKENS
                    .get(t % count)
                    .unwrap_or_else(|| &tokens[t % count - TOML_TOKENS.len()]);
                text.insert_str(at, token);
                continue;
            }
        }
        text = lines.join("\n");
    }
    text
}

pub fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        (any::<usize>(), 1u8..=255).prop_map(|(i, b)| Mutation::Flip(i, b)),
        any::<usize>().prop_map(Mutation::Cut),
        any::<usize>().prop_map(Mutation::DeleteLine),
        any::<usize>().prop_map(Mutation::DuplicateLine),
        (any::<usize>(), any::<usize>()).prop_map(|(i, j)| Mutation::SwapLines(i, j)),
        (any::<usize>(), any::<usize>()).prop_map(|(i, t)| Mutation::Insert(i, t)),
    ]
}
