//! Reading JSON into the schema with errors that name the field path and the kind of problem.
//!
//! The fast path is plain `serde_json`; only when it fails is the text read again through
//! `serde_path_to_error` to learn *where* it failed, so a successful parse pays nothing for the
//! path tracking.

use serde::de::DeserializeOwned;

use crate::error::{Error, ErrorCode};

/// Reads `text` as a `T`, naming `what` (`complaint`, `event`, `case`) in any error.
pub(crate) fn read<T: DeserializeOwned>(what: &'static str, text: &str) -> Result<T, Error> {
    match serde_json::from_str(text) {
        Ok(value) => Ok(value),
        Err(_) => {
            let mut de = serde_json::Deserializer::from_str(text);
            match serde_path_to_error::deserialize::<_, T>(&mut de) {
                Err(err) => Err(describe(what, err.path().to_string(), err.inner())),
                // Unreachable in practice (the fast path failed on the same text); fall back to
                // the fast path's error rather than guessing.
                Ok(_) => {
                    let err = serde_json::from_str::<T>(text).err();
                    Err(match err {
                        Some(err) => describe(what, ".".to_owned(), &err),
                        None => Error::Usage {
                            code: ErrorCode::Internal,
                            message: format!("{what}: json parse disagreed with itself"),
                        },
                    })
                }
            }
        }
    }
}

fn describe(what: &'static str, path: String, err: &serde_json::Error) -> Error {
    let message = err.to_string();
    // serde_json appends " at line L column C" to data errors; keep the location separately.
    let bare = match message.rfind(" at line ") {
        Some(i) => message[..i].to_owned(),
        None => message.clone(),
    };
    let code = if bare.starts_with("unknown field") {
        ErrorCode::UnknownField
    } else if bare.starts_with("unknown variant") {
        ErrorCode::UnknownVariant
    } else if bare.starts_with("missing field") {
        ErrorCode::MissingField
    } else if bare.starts_with(TIMESTAMP_PROBLEM) || bare.starts_with(DATE_PROBLEM) {
        ErrorCode::InvalidTimestamp
    } else {
        ErrorCode::MalformedJson
    };
    Error::Json {
        what,
        code,
        path,
        message: bare,
        location: format!("line {} column {}", err.line(), err.column()),
    }
}

pub(crate) const TIMESTAMP_PROBLEM: &str = "invalid timestamp";
pub(crate) const DATE_PROBLEM: &str = "invalid date";

/// Reads a string without copying it and converts it, turning a conversion failure into a
/// serde error with the given message.
fn read_str<'de, D, T>(
    d: D,
    expecting: &'static str,
    convert: impl FnOnce(&str) -> Result<T, String>,
) -> Result<T, D::Error>
where
    D: serde::Deserializer<'de>,
{
    struct Visitor<F>(&'static str, F);
    impl<'de, T, F: FnOnce(&str) -> Result<T, String>> serde::de::Visitor<'de> for Visitor<F> {
        type Value = T;
        fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
            f.write_str(self.0)
        }
        fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<T, E> {
            (self.1)(v).map_err(E::custom)
        }
    }
    d.deserialize_str(Visitor(expecting, convert))
}

/// Serde adapter for instants: RFC 3339 with a mandatory UTC offset, offset preserved.
pub(crate) mod instant {
    use chrono::{DateTime, FixedOffset};
    use serde::{Deserializer, Serializer};

    pub fn serialize<S: Serializer>(value: &DateTime<FixedOffset>, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(&value.to_rfc3339_opts(chrono::SecondsFormat::AutoSi, false))
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<DateTime<FixedOffset>, D::Error> {
        super::read_str(d, "an RFC 3339 timestamp", |text| {
            DateTime::parse_from_rfc3339(text).map_err(|e| {
                format!(
                    "{} `{text}`: {e}; expected RFC 3339 with a UTC offset, e.g. 2024-03-01T09:30:00+08:00",
                    super::TIMESTAMP_PROBLEM
                )
            })
        })
    }

    /// The same for `Option<DateTime<FixedOffset>>`.
    pub mod option {
        use chrono::{DateTime, FixedOffset};
        use serde::{Deserializer, Serializer};

        pub fn serialize<S: Serializer>(value: &Option<DateTime<FixedOffset>>, s: S) -> Result<S::Ok, S::Error> {
            match value {
                Some(v) => super::serialize(v, s),
                None => s.serialize_none(),
            }
        }

        pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<DateTime<FixedOffset>>, D::Error> {
            struct Visitor;
            impl<'de> serde::de::Visitor<'de> for Visitor {
                type Value = Option<DateTime<FixedOffset>>;
                fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                    f.write_str("an RFC 3339 timestamp or null")
                }
                fn visit_none<E: serde::de::Error>(self) -> Result<Self::Value, E> {
                    Ok(None)
                }
                fn visit_unit<E: serde::de::Error>(self) -> Result<Self::Value, E> {
                    Ok(None)
                }
                fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
                    super::deserialize(d).map(Some)
                }
            }
            d.deserialize_option(Visitor)
        }
    }
}

/// Serde adapter for calendar dates: `YYYY-MM-DD`.
pub(crate) mod date {
    use chrono::NaiveDate;
    use serde::{Deserializer, Serializer};

    pub fn serialize<S: Serializer>(value: &NaiveDate, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(&value.format("%Y-%m-%d"))
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<NaiveDate, D::Error> {
        super::read_str(d, "a date YYYY-MM-DD", |text| {
            NaiveDate::parse_from_str(text, "%Y-%m-%d")
                .map_err(|e| format!("{} `{text}`: {e}; expected YYYY-MM-DD", super::DATE_PROBLEM))
        })
    }
}
