//! Reading TOML data item by item, every problem with its line and column.
//!
//! Taxonomies, rule sets and staff directories are lists of items (`[[category]]`, `[[rule]]`,
//! `[[person]]`). The document is parsed once into spanned values; each item is then read on
//! its own, so that a wrong type in one rule does not hide the problems of the next, and every
//! problem names its item (category code, rule id, person id) and line. Nothing is built from a
//! document with a problem.

use std::ops::Range;

use serde::de::DeserializeOwned;
use toml::de::{DeTable, DeValue, ValueDeserializer};
use toml::Spanned;

use crate::calendar::load::line_column;
use crate::error::{Error, ErrorCode, RoutingProblem};

/// The problems found so far in one text, and the text to locate them in.
pub(crate) struct Problems<'t> {
    text: &'t str,
    pub(crate) list: Vec<RoutingProblem>,
}

impl<'t> Problems<'t> {
    pub(crate) fn new(text: &'t str) -> Self {
        Problems { text, list: Vec::new() }
    }

    /// Records a problem; `span` is a byte range of the text.
    pub(crate) fn push(
        &mut self,
        code: ErrorCode,
        subject: Option<&str>,
        path: impl Into<String>,
        span: Option<Range<usize>>,
        problem: impl Into<String>,
    ) {
        let (line, column) = match span {
            Some(span) => {
                let (l, c) = line_column(self.text, span.start);
                (Some(l), Some(c))
            }
            None => (None, None),
        };
        self.list.push(RoutingProblem {
            code,
            subject: subject.map(str::to_owned),
            path: path.into(),
            line,
            column,
            problem: problem.into(),
        });
    }

    /// The 1-based line of a byte offset of the text.
    pub(crate) fn line(&self, offset: usize) -> u32 {
        line_column(self.text, offset).0
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.list.is_empty()
    }

    pub(crate) fn len(&self) -> usize {
        self.list.len()
    }

    /// The error for everything found, in the order of the text.
    pub(crate) fn into_error(mut self, what: &'static str, id: &str, file: Option<&str>) -> Error {
        self.list
            .sort_by_key(|p| (p.line.unwrap_or(u32::MAX), p.column.unwrap_or(0)));
        Error::RoutingData {
            what,
            id: if id.trim().is_empty() {
                "?".to_owned()
            } else {
                id.to_owned()
            },
            file: file.map(str::to_owned),
            problems: self.list,
        }
    }
}

/// A parsed document: its top-level keys with their values.
pub(crate) struct Document<'t> {
    pub(crate) root: DeTable<'t>,
}

impl<'t> Document<'t> {
    /// Parses TOML syntax; a syntax error is pushed with `code` and `None` returned.
    pub(crate) fn parse(text: &'t str, code: ErrorCode, p: &mut Problems<'_>) -> Option<Document<'t>> {
        match DeTable::parse(text) {
            Ok(root) => Some(Document {
                root: root.into_inner(),
            }),
            Err(err) => {
                p.push(code, None, "", err.span(), clean(err.message()));
                None
            }
        }
    }

    /// Pushes a problem for every top-level key not in `known`.
    pub(crate) fn only_keys(&self, known: &[&str], code: ErrorCode, p: &mut Problems<'_>) {
        for (key, _) in self.root.iter() {
            if !known.contains(&key.get_ref().as_ref()) {
                p.push(
                    code,
                    None,
                    key.get_ref().to_string(),
                    Some(key.span()),
                    format!("unknown field `{}`, expected one of {}", key.get_ref(), quoted(known)),
                );
            }
        }
    }

    /// The value of a top-level key.
    pub(crate) fn get(&self, key: &str) -> Option<&Spanned<DeValue<'t>>> {
        self.root.get(key)
    }

    /// The items of an array of tables (`[[rule]]`); a problem when the key holds anything else.
    pub(crate) fn items(&self, key: &str, code: ErrorCode, p: &mut Problems<'_>) -> Vec<Spanned<DeValue<'t>>> {
        match self.root.get(key) {
            None => Vec::new(),
            Some(v) => match v.get_ref().as_array() {
                Some(items) => items.iter().cloned().collect(),
                None => {
                    p.push(
                        code,
                        None,
                        key,
                        Some(v.span()),
                        format!("`{key}` must be an array of tables ([[{key}]])"),
                    );
                    Vec::new()
                }
            },
        }
    }
}

/// Reads one item into its schema; on failure pushes the problem (naming `subject` and `path`)
/// and returns `None`.
pub(crate) fn read<T: DeserializeOwned>(
    value: &Spanned<DeValue<'_>>,
    code: ErrorCode,
    subject: Option<&str>,
    path: &str,
    p: &mut Problems<'_>,
) -> Option<T> {
    match T::deserialize(ValueDeserializer::from(value.clone())) {
        Ok(item) => Some(item),
        Err(err) => {
            let span = err.span().or_else(|| Some(value.span()));
            p.push(code, subject, path, span, clean(err.message()));
            None
        }
    }
}

/// The string under `key` of a table value, if there is one (to name an item in its problems
/// before it is read).
pub(crate) fn str_field<'v>(value: &'v Spanned<DeValue<'_>>, key: &str) -> Option<&'v str> {
    value.get_ref().as_table()?.get(key)?.get_ref().as_str()
}

/// The span of the value under `key` of a table value, else the span of the whole value.
pub(crate) fn field_span(value: &Spanned<DeValue<'_>>, key: &str) -> Range<usize> {
    value
        .get_ref()
        .as_table()
        .and_then(|t| t.get(key))
        .map_or_else(|| value.span(), |v| v.span())
}

fn clean(message: &str) -> String {
    message.trim_end().trim_end_matches('.').to_owned()
}

fn quoted(names: &[&str]) -> String {
    let parts: Vec<String> = names.iter().map(|n| format!("`{n}`")).collect();
    parts.join(", ")
}

/// A code: dot-separated lowercase snake_case segments, each at most 64 bytes long in total.
pub(crate) fn is_code(code: &str) -> bool {
    !code.is_empty() && code.len() <= 64 && code.split('.').all(is_slug)
}

/// Lowercase snake_case starting with a letter.
pub(crate) fn is_slug(s: &str) -> bool {
    let b = s.as_bytes();
    !b.is_empty()
        && b.len() <= 64
        && b[0].is_ascii_lowercase()
        && b.iter()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || *c == b'_')
}
