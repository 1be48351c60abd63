//! Fuzzing of every parser of outside data (complaint, event and case-file JSON) inside the
//! test suite: valid documents from the fixture corpus are mutated (bytes flipped, cut,
//! duplicated, spliced with JSON tokens) and fed to the parsers. No input may panic, and every
//! refusal must carry a parse, validation or rule code — never an internal one.

use proptest::prelude::*;
use tousu::{Case, Complaint, ErrorCategory, Event};

const SEEDS: &[&str] = &[
    include_str!("../../tests/testdata/complaints.toml"),
    include_str!("../../tests/testdata/lifecycle.toml"),
];

/// Every JSON document between ''' quotes in the fixture files.
fn seed_documents() -> Vec<String> {
    let mut docs = Vec::new();
    for file in SEEDS {
        let mut rest = *file;
        while let Some(start) = rest.find("'''") {
            let after = &rest[start + 3..];
            let Some(end) = after.find("'''") else { break };
            docs.push(after[..end].to_owned());
            rest = &after[end + 3..];
        }
    }
    docs
}

const TOKENS: &[&str] = &[
    "null",
    "-1",
    "1e999",
    "\"\"",
    "{}",
    "[]",
    "\"\\u0000\"",
    "\"\\ud800\"",
    "9223372036854775808",
    ",",
    ":",
    "\"registered\"",
    "\"2024-02-30T25:00:00+08:00\"",
    "{\"registered\":{}}",
    "\"schema_version\":99",
    "true",
];

#[derive(Debug, Clone)]
enum Mutation {
    Flip(usize, u8),
    Cut(usize),
    Delete(usize, usize),
    Insert(usize, usize),
    Duplicate(usize, usize),
}

fn mutate(doc: &str, mutations: &[Mutation]) -> String {
    let mut bytes = doc.as_bytes().to_vec();
    for m in mutations {
        let len = bytes.len().max(1);
        match *m {
            Mutation::Flip(i, b) => {
                if !bytes.is_empty() {
                    bytes[i % len] ^= b;
                }
            }
            Mutation::Cut(i) => bytes.truncate(i % len),
            Mutation::Delete(i, n) => {
                let start = i % len;
                let end = (start + n).min(bytes.len());
                bytes.drain(start.min(end)..end);
            }
            Mutation::Insert(i, t) => {
                let at = (i % len).min(bytes.len());
                bytes.splice(at..at, TOKENS[t % TOKENS.len()].bytes());
            }
            Mutation::Duplicate(i, n) => {
                let start = (i % len).min(bytes.len());
                let end = (start + n).min(bytes.len());
                let piece = bytes[start..end].to_vec();
                bytes.splice(end..end, piece);
            }
        }
    }
    // The parsers take &str: invalid UTF-8 is the C surface's to refuse, before core sees it.
    String::from_utf8_lossy(&bytes).into_owned()
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        (any::<usize>(), 1u8..=255).prop_map(|(i, b)| Mutation::Flip(i, b)),
        any::<usize>().prop_map(Mutation::Cut),
        (any::<usize>(), 1usize..16).prop_map(|(i, n)| Mutation::Delete(i, n)),
        (any::<usize>(), any::<usize>()).prop_map(|(i, t)| Mutation::Insert(i, t)),
        (any::<usize>(), 1usize..64).prop_map(|(i, n)| Mutation::Duplicate(i, n)),
    ]
}

fn check_refusal(err: tousu::Error) -> Result<(), TestCaseError> {
    let category = err.code().category();
    prop_assert!(
        matches!(
            category,
            ErrorCategory::Parse | ErrorCategory::Validation | ErrorCategory::Rule
        ),
        "unexpected {:?}: {}",
        err.code(),
        err
    );
    prop_assert!(!err.to_string().is_empty());
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 3000, ..ProptestConfig::default() })]

    #[test]
    fn mutated_documents_never_panic(seed in any::<prop::sample::Index>(), mutations in prop::collection::vec(mutation(), 1..4)) {
        let docs = seed_documents();
        let text = mutate(&docs[seed.index(docs.len())], &mutations);
        if let Err(e) = Complaint::from_json(&text) { check_refusal(e)?; }
        if let Err(e) = Event::from_json(&text) { check_refusal(e)?; }
        let case_file = format!(r#"{{"schema_version":1,"complaint":{},"events":[{}]}}"#, docs[0], text);
        if let Err(e) = Case::from_json(&case_file) { check_refusal(e)?; }
        if let Err(e) = Case::from_json(&text) { check_refusal(e)?; }
    }

    #[test]
    fn arbitrary_text_never_panics(text in "\\PC{0,200}") {
        for result in [Complaint::from_json(&text).err(), Event::from_json(&text).err(), Case::from_json(&text).err()] {
            check_refusal(result.expect("arbitrary text is not a valid document"))?;
        }
    }
}

#[test]
fn seeds_are_found() {
    assert!(seed_documents().len() > 100);
}
