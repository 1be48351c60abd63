//! Reading calendar data (TOML, JSON, or parts) and checking it, every problem with its place.
//!
//! TOML and JSON share one schema, read through the same generic structs: for TOML every value
//! carries its byte span (`toml::Spanned`), so a problem found after parsing (a date under the
//! wrong year, a duplicate year) still names its line and column; JSON problems name the field
//! path. Nothing is built until every check has passed, so a failed load changes nothing.

use std::collections::{BTreeMap, HashMap};
use std::ops::Range;

use chrono::{Datelike, FixedOffset, NaiveDate};
use serde::de::{self, Deserializer, MapAccess, Visitor};
use serde::Deserialize;

use super::days::{BYTES_PER_YEAR, MAX_YEARS};
use super::Weekmask;
use crate::error::{CalendarProblem, Error, ErrorCode};

/// The years a calendar may cover: four-digit years.
pub(crate) const YEARS: std::ops::RangeInclusive<i64> = 1..=9999;

// ---------------------------------------------------------------------------------------------
// The schema, generic over how values carry their place.

/// A value with, perhaps, the byte span it was read from.
pub(crate) trait Located {
    type Value;
    fn into_parts(self) -> (Self::Value, Option<Range<usize>>);
}

impl<T> Located for toml::Spanned<T> {
    type Value = T;
    fn into_parts(self) -> (T, Option<Range<usize>>) {
        let span = self.span();
        (self.into_inner(), Some(span))
    }
}

/// A value read from JSON: no span (problems name the field path instead).
#[derive(Deserialize)]
#[serde(transparent)]
pub(crate) struct Plain<T>(T);

impl<T> Located for Plain<T> {
    type Value = T;
    fn into_parts(self) -> (T, Option<Range<usize>>) {
        (self.0, None)
    }
}

/// How a text format carries places: TOML with spans, JSON without.
pub(crate) trait Format {
    type Int: for<'de> Deserialize<'de> + Located<Value = i64>;
    type Text: for<'de> Deserialize<'de> + Located<Value = String>;
    type Date: for<'de> Deserialize<'de> + Located<Value = DateValue>;
}

pub(crate) struct Toml;
impl Format for Toml {
    type Int = toml::Spanned<i64>;
    type Text = toml::Spanned<String>;
    type Date = toml::Spanned<DateValue>;
}

pub(crate) struct Json;
impl Format for Json {
    type Int = Plain<i64>;
    type Text = Plain<String>;
    type Date = Plain<DateValue>;
}

/// A calendar file: `[calendar]` and one `[[year]]` per covered year.
#[derive(Deserialize)]
#[serde(deny_unknown_fields, bound = "")]
pub(crate) struct RawFile<F: Format> {
    calendar: RawHeader<F>,
    #[serde(default)]
    year: Vec<RawYear<F>>,
}

/// Years to add to a calendar: `[[year]]` tables only.
#[derive(Deserialize)]
#[serde(deny_unknown_fields, bound = "")]
pub(crate) struct RawExtension<F: Format> {
    #[serde(default)]
    year: Vec<RawYear<F>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, bound = "")]
struct RawHeader<F: Format> {
    code: F::Text,
    name: F::Text,
    #[serde(default)]
    name_zh: Option<F::Text>,
    #[serde(default)]
    utc_offset: Option<F::Text>,
    #[serde(default)]
    weekmask: Option<F::Text>,
    first_year: F::Int,
    last_year: F::Int,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, bound = "")]
struct RawYear<F: Format> {
    year: F::Int,
    source: F::Text,
    #[serde(default)]
    rest_days: Vec<F::Date>,
    #[serde(default)]
    extra_working_days: Vec<F::Date>,
}

/// Probe for the calendar's code when a file fails to parse, so the error can still name it.
#[derive(Deserialize)]
struct Probe {
    calendar: Option<ProbeHeader>,
}
#[derive(Deserialize)]
struct ProbeHeader {
    code: Option<String>,
}

/// A local date: a TOML local date (`2024-10-01`) or a string `"2024-10-01"` (JSON, or TOML).
#[derive(Clone, Copy)]
pub(crate) struct DateValue(NaiveDate);

const DATE_EXPECTED: &str = "a local date like 2024-10-01";

impl<'de> Deserialize<'de> for DateValue {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct DateVisitor;
        impl<'de> Visitor<'de> for DateVisitor {
            type Value = DateValue;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str(DATE_EXPECTED)
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<DateValue, E> {
                parse_date(v).map(DateValue).map_err(E::custom)
            }
            // A TOML date-time arrives as a one-entry map that toml's own `Datetime` reads.
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<DateValue, A::Error> {
                let value = toml::value::Datetime::deserialize(de::value::MapAccessDeserializer::new(map))?;
                match (value.date, value.time, value.offset) {
                    (Some(date), None, None) => {
                        NaiveDate::from_ymd_opt(i32::from(date.year), u32::from(date.month), u32::from(date.day))
                            .map(DateValue)
                            .ok_or_else(|| de::Error::custom(format!("{value} is not a date")))
                    }
                    _ => Err(de::Error::custom(format!(
                        "expected {DATE_EXPECTED}, found {value}: calendar days carry no time of day"
                    ))),
                }
            }
        }
        d.deserialize_any(DateVisitor)
    }
}

/// `YYYY-MM-DD`, nothing else.
pub(crate) fn parse_date(text: &str) -> Result<NaiveDate, String> {
    let b = text.as_bytes();
    let shape = b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && b.iter()
            .enumerate()
            .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit());
    let number = |r: Range<usize>| text[r].parse::<u32>().unwrap_or(0);
    shape
        .then(|| NaiveDate::from_ymd_opt(number(0..4) as i32, number(5..7), number(8..10)))
        .flatten()
        .ok_or_else(|| format!("`{text}` is not {DATE_EXPECTED}"))
}

// ---------------------------------------------------------------------------------------------
// Places and problems.

/// Where a value is in the data.
#[derive(Clone, Debug)]
pub(crate) struct At {
    path: Path,
    span: Option<Range<usize>>,
}

#[derive(Clone, Copy, Debug)]
enum Path {
    None,
    Header(&'static str),
    Year(usize, YearField),
}

#[derive(Clone, Copy, Debug)]
enum YearField {
    Year,
    Source,
    Rest(usize),
    Extra(usize),
}

impl At {
    fn header(field: &'static str, span: Option<Range<usize>>) -> At {
        At {
            path: Path::Header(field),
            span,
        }
    }
    fn year(entry: usize, field: YearField, span: Option<Range<usize>>) -> At {
        At {
            path: Path::Year(entry, field),
            span,
        }
    }
    fn nowhere() -> At {
        At {
            path: Path::None,
            span: None,
        }
    }
    fn path(&self) -> String {
        match self.path {
            Path::None => String::new(),
            Path::Header(field) => format!("calendar.{field}"),
            Path::Year(i, YearField::Year) => format!("year[{i}].year"),
            Path::Year(i, YearField::Source) => format!("year[{i}].source"),
            Path::Year(i, YearField::Rest(j)) => format!("year[{i}].rest_days[{j}]"),
            Path::Year(i, YearField::Extra(j)) => format!("year[{i}].extra_working_days[{j}]"),
        }
    }
}

/// Problems found so far; turned into one [`Error::CalendarData`].
#[derive(Default)]
pub(crate) struct Problems(Vec<(ErrorCode, Option<i32>, At, String)>);

impl Problems {
    fn push(&mut self, code: ErrorCode, year: Option<i32>, at: &At, problem: String) {
        self.0.push((code, year, at.clone(), problem));
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The error, problems in the order of the text (those without a place last).
    pub(crate) fn into_error(self, calendar: &str, file: Option<&str>, text: Option<&str>) -> Error {
        let mut list = self.0;
        list.sort_by_key(|(_, _, at, _)| at.span.as_ref().map_or(usize::MAX, |s| s.start));
        let problems = list
            .into_iter()
            .map(|(code, year, at, problem)| {
                let (line, column) = match (text, &at.span) {
                    (Some(text), Some(span)) => {
                        let (l, c) = line_column(text, span.start);
                        (Some(l), Some(c))
                    }
                    _ => (None, None),
                };
                CalendarProblem {
                    code,
                    year,
                    path: at.path(),
                    line,
                    column,
                    problem,
                }
            })
            .collect();
        Error::CalendarData {
            calendar: calendar.to_owned(),
            file: file.map(str::to_owned),
            problems,
        }
    }
}

/// 1-based line and column (in characters) of a byte offset.
pub(crate) fn line_column(text: &str, offset: usize) -> (u32, u32) {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = &text[..offset];
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let line = before.bytes().filter(|&b| b == b'\n').count() + 1;
    let column = before[line_start..].chars().count() + 1;
    (saturate(line), saturate(column))
}

fn saturate(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

// ---------------------------------------------------------------------------------------------
// Reading text.

/// A parse error of TOML text as the calendar error.
fn toml_error(err: &toml::de::Error, text: &str, file: Option<&str>, calendar: Option<&str>) -> Error {
    let message = err.message().trim_end().to_owned();
    let code = if message.starts_with("unknown field") {
        ErrorCode::CalendarUnknownField
    } else {
        ErrorCode::CalendarSyntax
    };
    let calendar = calendar.map(str::to_owned).or_else(|| {
        toml::from_str::<Probe>(text)
            .ok()
            .and_then(|p| p.calendar)
            .and_then(|c| c.code)
    });
    let mut problems = Problems::default();
    problems.push(
        code,
        None,
        &At {
            path: Path::None,
            span: err.span(),
        },
        message,
    );
    problems.into_error(calendar.as_deref().unwrap_or("?"), file, Some(text))
}

/// A parse error of JSON text as the calendar error.
fn json_error<T: de::DeserializeOwned>(text: &str, file: Option<&str>, calendar: Option<&str>) -> Error {
    let mut de = serde_json::Deserializer::from_str(text);
    let (path, err) = match serde_path_to_error::deserialize::<_, T>(&mut de) {
        Err(err) => (err.path().to_string(), err.into_inner()),
        Ok(_) => {
            return Error::CalendarData {
                calendar: "?".into(),
                file: None,
                problems: vec![],
            }
        }
    };
    let message = err.to_string();
    let bare = message
        .rfind(" at line ")
        .map_or(message.as_str(), |i| &message[..i])
        .to_owned();
    let code = if bare.starts_with("unknown field") {
        ErrorCode::CalendarUnknownField
    } else {
        ErrorCode::CalendarSyntax
    };
    let calendar = calendar.map(str::to_owned).or_else(|| {
        serde_json::from_str::<Probe>(text)
            .ok()
            .and_then(|p| p.calendar)
            .and_then(|c| c.code)
    });
    Error::CalendarData {
        calendar: calendar.unwrap_or_else(|| "?".to_owned()),
        file: file.map(str::to_owned),
        problems: vec![CalendarProblem {
            code,
            year: None,
            path: if path == "." { String::new() } else { path },
            line: Some(saturate(err.line())),
            column: Some(saturate(err.column())),
            problem: bare,
        }],
    }
}

/// Reads a whole calendar file.
pub(crate) fn read_toml_file<'t>(text: &'t str, file: Option<&'t str>) -> Result<(RawFile<Toml>, Source<'t>), Error> {
    toml::from_str(text)
        .map(|raw| (raw, Source { text: Some(text), file }))
        .map_err(|e| toml_error(&e, text, file, None))
}

pub(crate) fn read_json_file<'t>(text: &'t str, file: Option<&'t str>) -> Result<(RawFile<Json>, Source<'t>), Error> {
    serde_json::from_str(text)
        .map(|raw| (raw, Source { text: Some(text), file }))
        .map_err(|_| json_error::<RawFile<Json>>(text, file, None))
}

pub(crate) fn read_toml_extension<'t>(
    text: &'t str,
    calendar: &str,
) -> Result<(RawExtension<Toml>, Source<'t>), Error> {
    toml::from_str(text)
        .map(|raw| {
            (
                raw,
                Source {
                    text: Some(text),
                    file: None,
                },
            )
        })
        .map_err(|e| toml_error(&e, text, None, Some(calendar)))
}

pub(crate) fn read_json_extension<'t>(
    text: &'t str,
    calendar: &str,
) -> Result<(RawExtension<Json>, Source<'t>), Error> {
    serde_json::from_str(text)
        .map(|raw| {
            (
                raw,
                Source {
                    text: Some(text),
                    file: None,
                },
            )
        })
        .map_err(|_| json_error::<RawExtension<Json>>(text, None, Some(calendar)))
}

/// The text (for line numbers) and file name (for the message) of data being loaded.
#[derive(Clone, Copy, Default)]
pub(crate) struct Source<'t> {
    pub(crate) text: Option<&'t str>,
    pub(crate) file: Option<&'t str>,
}

// ---------------------------------------------------------------------------------------------
// Checked data.

/// The `[calendar]` table, checked.
#[derive(Clone, Debug)]
pub(crate) struct Header {
    pub(crate) code: String,
    pub(crate) name: String,
    pub(crate) name_zh: Option<String>,
    pub(crate) utc_offset: FixedOffset,
    pub(crate) weekmask: Weekmask,
    pub(crate) first_year: i32,
    pub(crate) last_year: i32,
}

/// One year's data with the place of each value.
pub(crate) struct YearIn {
    pub(crate) year: i64,
    pub(crate) year_at: At,
    pub(crate) source: String,
    pub(crate) source_at: At,
    pub(crate) rest_days: Vec<(NaiveDate, At)>,
    pub(crate) extra_working_days: Vec<(NaiveDate, At)>,
}

impl YearIn {
    /// Year data given as parts (the builder, `add_year`): places are paths only.
    pub(crate) fn from_parts(entry: usize, data: super::YearData) -> YearIn {
        YearIn {
            year: i64::from(data.year),
            year_at: At::year(entry, YearField::Year, None),
            source: data.source,
            source_at: At::year(entry, YearField::Source, None),
            rest_days: data
                .rest_days
                .into_iter()
                .enumerate()
                .map(|(j, d)| (d, At::year(entry, YearField::Rest(j), None)))
                .collect(),
            extra_working_days: data
                .extra_working_days
                .into_iter()
                .enumerate()
                .map(|(j, d)| (d, At::year(entry, YearField::Extra(j), None)))
                .collect(),
        }
    }
}

fn year_in<F: Format>(entry: usize, raw: RawYear<F>) -> YearIn {
    let (year, span) = raw.year.into_parts();
    let year_at = At::year(entry, YearField::Year, span);
    let (source, span) = raw.source.into_parts();
    let source_at = At::year(entry, YearField::Source, span);
    let dates = |list: Vec<F::Date>, field: fn(usize) -> YearField| {
        list.into_iter()
            .enumerate()
            .map(|(j, d)| {
                let (DateValue(date), span) = d.into_parts();
                (date, At::year(entry, field(j), span))
            })
            .collect()
    };
    YearIn {
        year,
        year_at,
        source,
        source_at,
        rest_days: dates(raw.rest_days, YearField::Rest),
        extra_working_days: dates(raw.extra_working_days, YearField::Extra),
    }
}

/// A checked year, ready to become bits.
pub(crate) struct YearOk {
    pub(crate) year: i32,
    pub(crate) source: String,
    pub(crate) rest_days: Vec<NaiveDate>,
    pub(crate) extra_working_days: Vec<NaiveDate>,
}

impl YearOk {
    /// The year's working days: bit `ordinal0 % 8` of byte `ordinal0 / 8`.
    pub(crate) fn bits(&self, mask: Weekmask) -> [u8; BYTES_PER_YEAR] {
        let mut bits = [0u8; BYTES_PER_YEAR];
        let jan1 = NaiveDate::from_yo_opt(self.year, 1).expect("checked year");
        let mut weekday = jan1.weekday();
        for ordinal0 in 0..days_in_year(self.year) {
            if mask.contains(weekday) {
                bits[ordinal0 / 8] |= 1 << (ordinal0 % 8);
            }
            weekday = weekday.succ();
        }
        for d in &self.rest_days {
            let o = d.ordinal0() as usize;
            bits[o / 8] &= !(1 << (o % 8));
        }
        for d in &self.extra_working_days {
            let o = d.ordinal0() as usize;
            bits[o / 8] |= 1 << (o % 8);
        }
        bits
    }
}

pub(crate) fn days_in_year(year: i32) -> usize {
    if NaiveDate::from_ymd_opt(year, 2, 29).is_some() {
        366
    } else {
        365
    }
}

/// The checked header, or `None` after recording its problems.
fn check_header<F: Format>(raw: RawHeader<F>, problems: &mut Problems) -> (String, Option<Header>) {
    let (code, code_span) = raw.code.into_parts();
    let (name, _) = raw.name.into_parts();
    let name_zh = raw.name_zh.map(|n| n.into_parts().0);
    let mut ok = true;
    if code.trim().is_empty() {
        problems.push(
            ErrorCode::InvalidCalendar,
            None,
            &At::header("code", code_span),
            "code is empty".into(),
        );
        ok = false;
    }
    let utc_offset = match raw.utc_offset.map(Located::into_parts) {
        None => FixedOffset::east_opt(8 * 3600),
        Some((text, span)) => {
            let parsed = text.parse::<FixedOffset>().ok().filter(|_| text.len() == 6);
            if parsed.is_none() {
                problems.push(
                    ErrorCode::InvalidCalendar,
                    None,
                    &At::header("utc_offset", span),
                    format!("utc_offset `{text}` is not an offset like +08:00"),
                );
            }
            parsed
        }
    };
    let weekmask = match raw.weekmask.map(Located::into_parts) {
        None => Some(Weekmask::MONDAY_TO_FRIDAY),
        Some((text, span)) => match Weekmask::parse(&text) {
            Ok(mask) => Some(mask),
            Err(problem) => {
                problems.push(ErrorCode::InvalidWeekmask, None, &At::header("weekmask", span), problem);
                None
            }
        },
    };
    let (first, first_span) = raw.first_year.into_parts();
    let (last, last_span) = raw.last_year.into_parts();
    let mut year = |value: i64, field: &'static str, span| {
        if YEARS.contains(&value) {
            Some(value as i32)
        } else {
            problems.push(
                ErrorCode::InvalidCalendar,
                None,
                &At::header(field, span),
                format!("{field} {value} is not a year from 1 to 9999"),
            );
            None
        }
    };
    let first_year = year(first, "first_year", first_span);
    let last_year = year(last, "last_year", last_span.clone());
    let coverage = match (first_year, last_year) {
        (Some(first), Some(last)) if first > last => {
            let at = At::header("last_year", last_span);
            problems.push(
                ErrorCode::InvalidCalendar,
                None,
                &at,
                format!("last_year {last} is before first_year {first}"),
            );
            None
        }
        (Some(first), Some(last)) if (last - first + 1) as u32 > MAX_YEARS => {
            let at = At::header("last_year", last_span);
            let years = last - first + 1;
            problems.push(
                ErrorCode::InvalidCalendar,
                None,
                &at,
                format!("the coverage {first}–{last} is {years} years; a calendar covers at most {MAX_YEARS}"),
            );
            None
        }
        (Some(first), Some(last)) => Some((first, last)),
        _ => None,
    };
    let header = match (ok, utc_offset, weekmask, coverage) {
        (true, Some(utc_offset), Some(weekmask), Some((first_year, last_year))) => Some(Header {
            code: code.clone(),
            name,
            name_zh,
            utc_offset,
            weekmask,
            first_year,
            last_year,
        }),
        _ => None,
    };
    (code, header)
}

/// Checks each year entry on its own (its year, its source, its dates against the week mask).
/// Returns the entries whose year number is usable, with their index.
///
/// `need_source`: text (a file, an extension) must name each year's notice; parts may not.
fn check_entries(
    entries: Vec<YearIn>,
    mask: Option<Weekmask>,
    need_source: bool,
    problems: &mut Problems,
) -> Vec<(YearOk, At)> {
    let mut out = Vec::with_capacity(entries.len());
    for entry in entries {
        if !YEARS.contains(&entry.year) {
            problems.push(
                ErrorCode::InvalidCalendar,
                None,
                &entry.year_at,
                format!("year {} is not a year from 1 to 9999", entry.year),
            );
            continue;
        }
        let year = entry.year as i32;
        if need_source && entry.source.trim().is_empty() {
            problems.push(
                ErrorCode::InvalidCalendar,
                Some(year),
                &entry.source_at,
                format!("year {year}: source is empty; name the notice the year's schedule comes from"),
            );
        }
        let mut seen: HashMap<NaiveDate, &'static str> = HashMap::new();
        let lists = [
            ("rest_days", &entry.rest_days),
            ("extra_working_days", &entry.extra_working_days),
        ];
        for (list, dates) in lists {
            for (date, at) in dates {
                if date.year() != year {
                    problems.push(
                        ErrorCode::CalendarDateOutsideYear,
                        Some(year),
                        at,
                        format!("{date} is listed under year {year}; list it under year {}", date.year()),
                    );
                    continue;
                }
                match seen.get(date) {
                    Some(&other) if other == list => problems.push(
                        ErrorCode::InvalidCalendar,
                        Some(year),
                        at,
                        format!("year {year}: {date} is listed twice in {list}"),
                    ),
                    Some(_) => problems.push(
                        ErrorCode::DateBothRestAndWorking,
                        Some(year),
                        at,
                        format!("year {year}: {date} is both a rest day and an extra working day"),
                    ),
                    None => {
                        seen.insert(*date, list);
                    }
                }
                if list == "extra_working_days" {
                    if let Some(mask) = mask.filter(|m| m.contains(date.weekday())) {
                        problems.push(
                            ErrorCode::ExtraWorkingDayNotWeekend,
                            Some(year),
                            at,
                            format!(
                                "year {year}: extra working day {date} is a {:?}, already a working day by the week mask {mask}; only a day the mask rests can be made a working day",
                                date.weekday()
                            ),
                        );
                    }
                }
            }
        }
        out.push((
            YearOk {
                year,
                source: entry.source,
                rest_days: entry.rest_days.into_iter().map(|(d, _)| d).collect(),
                extra_working_days: entry.extra_working_days.into_iter().map(|(d, _)| d).collect(),
            },
            entry.year_at,
        ));
    }
    out
}

/// What a load found valid: the header and one checked year per covered year, in order.
pub(crate) struct Checked {
    pub(crate) header: Header,
    pub(crate) years: Vec<YearOk>,
}

/// How years of the coverage without an entry are treated.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Gaps {
    /// A file: every covered year needs its `[[year]]`; a missing one is unknown, an error.
    Refuse,
    /// Parts: the caller stated the coverage; a year without data follows the week mask.
    WeekmaskOnly,
}

/// Checks a whole calendar: header, entries, coverage.
pub(crate) fn check_file<F: Format>(raw: RawFile<F>, source: Source<'_>) -> Result<Checked, Error> {
    let mut problems = Problems::default();
    let (code, header) = check_header(raw.calendar, &mut problems);
    let entries = raw.year.into_iter().enumerate().map(|(i, y)| year_in(i, y)).collect();
    let result = check_years(header, entries, Gaps::Refuse, &mut problems);
    match result {
        Some(checked) if problems.is_empty() => Ok(checked),
        _ => Err(problems.into_error(if code.is_empty() { "?" } else { &code }, source.file, source.text)),
    }
}

/// Checks year entries against a header's coverage (`None`: the header was invalid, so only
/// the entries' own problems can be found).
pub(crate) fn check_years(
    header: Option<Header>,
    entries: Vec<YearIn>,
    gaps: Gaps,
    problems: &mut Problems,
) -> Option<Checked> {
    let entries = check_entries(
        entries,
        header.as_ref().map(|h| h.weekmask),
        gaps == Gaps::Refuse,
        problems,
    );
    let header = header?;
    let (first, last) = (header.first_year, header.last_year);
    let mut by_year: BTreeMap<i32, YearOk> = BTreeMap::new();
    let mut first_at: HashMap<i32, At> = HashMap::new();
    for (year, at) in entries {
        let y = year.year;
        if !(first..=last).contains(&y) {
            problems.push(
                ErrorCode::InvalidCalendar,
                Some(y),
                &at,
                format!("year {y} is outside the coverage {first}–{last} (first_year..last_year)"),
            );
        } else if let Some(earlier) = first_at.get(&y) {
            let first_entry = match earlier.path {
                Path::Year(i, _) => format!(" (first as year[{i}])"),
                _ => String::new(),
            };
            problems.push(
                ErrorCode::CalendarYearDuplicate,
                Some(y),
                &at,
                format!("year {y} is given twice{first_entry}"),
            );
        } else {
            first_at.insert(y, at);
            by_year.insert(y, year);
        }
    }
    let mut years = Vec::with_capacity((last - first + 1) as usize);
    for y in first..=last {
        match by_year.remove(&y) {
            Some(year) => years.push(year),
            None if gaps == Gaps::WeekmaskOnly => {
                years.push(YearOk { year: y, source: String::new(), rest_days: vec![], extra_working_days: vec![] })
            }
            None => problems.push(
                ErrorCode::CalendarYearMissing,
                Some(y),
                &At::nowhere(),
                format!(
                    "year {y} of the coverage {first}–{last} has no [[year]] entry; a year whose schedule is not known must be left out of the coverage"
                ),
            ),
        }
    }
    Some(Checked { header, years })
}

/// Checks years to add to a calendar covering `first..=last`: each entry on its own, then that
/// together they extend the coverage without a gap at either end.
pub(crate) fn check_extension(
    need_source: bool,
    code: &str,
    mask: Weekmask,
    (first, last): (i32, i32),
    entries: Vec<YearIn>,
    source: Source<'_>,
) -> Result<Vec<YearOk>, Error> {
    let mut problems = Problems::default();
    let entries = check_entries(entries, Some(mask), need_source, &mut problems);
    let mut by_year: BTreeMap<i32, (YearOk, At)> = BTreeMap::new();
    for (year, at) in entries {
        let y = year.year;
        if (first..=last).contains(&y) {
            problems.push(
                ErrorCode::CalendarYearDuplicate,
                Some(y),
                &at,
                format!("year {y} is already covered: the calendar covers {first}–{last}"),
            );
        } else {
            match by_year.entry(y) {
                std::collections::btree_map::Entry::Occupied(_) => problems.push(
                    ErrorCode::CalendarYearDuplicate,
                    Some(y),
                    &at,
                    format!("year {y} is given twice"),
                ),
                std::collections::btree_map::Entry::Vacant(slot) => {
                    slot.insert((year, at));
                }
            }
        }
    }
    for (&y, (_, at)) in &by_year {
        let gap: Vec<i32> = if y < first {
            (y + 1..first).filter(|g| !by_year.contains_key(g)).collect()
        } else {
            (last + 1..y).filter(|g| !by_year.contains_key(g)).collect()
        };
        if let Some(&g) = gap.first() {
            problems.push(
                ErrorCode::CalendarYearMissing,
                Some(y),
                at,
                format!("year {y} cannot be added without year {g}: the calendar covers {first}–{last}, and added years must continue it without a gap"),
            );
        }
    }
    let new_first = by_year.keys().next().map_or(first, |&y| y.min(first));
    let new_last = by_year.keys().next_back().map_or(last, |&y| y.max(last));
    if problems.is_empty() && (new_last - new_first + 1) as u32 > MAX_YEARS {
        problems.push(
            ErrorCode::InvalidCalendar,
            None,
            &At::nowhere(),
            format!("the coverage would become {new_first}–{new_last}; a calendar covers at most {MAX_YEARS} years"),
        );
    }
    if !problems.is_empty() {
        return Err(problems.into_error(code, source.file, source.text));
    }
    Ok(by_year.into_values().map(|(year, _)| year).collect())
}

/// The entries of an extension, with their places.
pub(crate) fn extension_entries<F: Format>(raw: RawExtension<F>) -> Vec<YearIn> {
    raw.year.into_iter().enumerate().map(|(i, y)| year_in(i, y)).collect()
}

/// Checks a calendar given as parts (the builder).
pub(crate) fn check_parts(
    header: Result<Header, Problems>,
    entries: Vec<YearIn>,
    code: &str,
) -> Result<Checked, Error> {
    let (header, mut problems) = match header {
        Ok(h) => (Some(h), Problems::default()),
        Err(p) => (None, p),
    };
    let checked = check_years(header, entries, Gaps::WeekmaskOnly, &mut problems);
    match checked {
        Some(checked) if problems.is_empty() => Ok(checked),
        _ => Err(problems.into_error(if code.trim().is_empty() { "?" } else { code }, None, None)),
    }
}

/// A problem of a builder's header (no place but the field).
pub(crate) fn header_problem(problems: &mut Problems, code: ErrorCode, field: &'static str, problem: String) {
    problems.push(code, None, &At::header(field, None), problem);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_and_column_count_characters() {
        let text = "a = 1\n名称 = \"x\"\nb";
        assert_eq!(line_column(text, 0), (1, 1));
        assert_eq!(line_column(text, 6), (2, 1));
        // `=` after two 3-byte characters and a space.
        assert_eq!(line_column(text, 6 + 7), (2, 4));
        assert_eq!(line_column(text, text.len()), (3, 2));
        assert_eq!(line_column(text, 7), (2, 1), "inside a character: its start");
    }

    #[test]
    fn dates_are_exactly_yyyy_mm_dd() {
        assert_eq!(
            parse_date("2024-02-29").unwrap(),
            NaiveDate::from_ymd_opt(2024, 2, 29).unwrap()
        );
        for bad in [
            "2023-02-29",
            "2024-1-01",
            "20240101",
            "+2024-01-01",
            "2024-01-01T00:00",
            "２０２４-01-01",
        ] {
            assert!(parse_date(bad).unwrap_err().contains(bad), "{bad}");
        }
    }
}
