//! `RuleSet.route_many` over a pandas frame: routing from numpy columns.
//!
//! `tousu/_routing.py` turns the frame's columns into numpy codes (strings as categoricals, so
//! each distinct value is read once), amounts and yes/no masks. Here each distinct value is
//! mapped once (a channel name to its channel, a tag list to its tags); then, with the GIL
//! released, each row fills one reused complaint record — the strings are swapped in and out,
//! nothing is allocated per row — and core routes it (`RuleSet::route`, so every rule is
//! decided in core, as for one complaint). Distinct decisions are numbered as they appear
//! (rows mostly share a few); the frame gets one code per row and a small table per number,
//! spread over the rows by numpy in `_routing.py`. No Python object is made per row.
//!
//! Earlier complaints come from the caller (`earlier_complaints=`, a list of dates per row,
//! read once under the GIL into one buffer) or from the frame itself (`earlier_from=`, a column
//! naming the complainant: rows sorted by key and instant of receipt, each row's earlier
//! complaints a range of that sorted buffer). Either way a row's are a slice of one buffer:
//! [`Earlier`].

use std::collections::HashMap;
use std::panic::{catch_unwind, AssertUnwindSafe};

use chrono::{DateTime, NaiveDate};
use numpy::{PyArray1, PyArrayMethods, PyReadonlyArray1};
use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyFloat, PyList, PyString};
use tousu::{
    Attributes, Channel, ChannelKind, Complaint, EarlierComplaints, Error, ErrorCode, IdDocument, IdDocumentKind, Kind,
    MatchedRules, Money, Obligation, RoutingContext, RuleSet, Severity,
};

use crate::errors::{binding_error, routing_row_error, to_pyerr};

/// Whether `value` is a `pandas.DataFrame` (without importing pandas when it is not).
pub(crate) fn is_data_frame(value: &Bound<'_, PyAny>) -> PyResult<bool> {
    let ty = value.get_type();
    let module: String = ty.getattr("__module__")?.extract().unwrap_or_default();
    if !module.starts_with("pandas") {
        return Ok(false);
    }
    let pandas = value.py().import("pandas")?;
    value.is_instance(&pandas.getattr("DataFrame")?)
}

/// One string column as codes into its distinct values (`-1` where missing).
struct Coded<'a, T> {
    name: &'static str,
    codes: Option<&'a [i32]>,
    /// Each distinct value mapped, or what is wrong with it.
    values: Vec<Result<T, String>>,
}

impl<T> Coded<'_, T> {
    /// The value of row `i`: `None` where the column is absent or the row has no value.
    fn get(&self, i: usize) -> Result<Option<&T>, String> {
        let Some(codes) = self.codes else { return Ok(None) };
        match usize::try_from(codes[i]) {
            Err(_) => Ok(None),
            Ok(c) => match &self.values[c] {
                Ok(v) => Ok(Some(v)),
                Err(why) => Err(format!("column `{}`: {why}", self.name)),
            },
        }
    }

    /// Swaps the row's value with `slot` (mutable values: strings, tag lists).
    fn swap(&mut self, i: usize, slot: &mut T) -> Result<bool, String> {
        let Some(codes) = self.codes else { return Ok(false) };
        match usize::try_from(codes[i]) {
            Err(_) => Ok(false),
            Ok(c) => match &mut self.values[c] {
                Ok(v) => {
                    std::mem::swap(v, slot);
                    Ok(true)
                }
                Err(why) => Err(format!("column `{}`: {why}", self.name)),
            },
        }
    }
}

/// The arrays of one column read from the prepared dict, kept alive while the rows are routed.
struct Held<'py> {
    codes: Vec<(&'static str, PyReadonlyArray1<'py, i32>, Bound<'py, PyList>)>,
    amounts: Option<(PyReadonlyArray1<'py, i64>, PyReadonlyArray1<'py, bool>)>,
    named: Vec<(&'static str, PyReadonlyArray1<'py, bool>)>,
}

const CODED: [&str; 11] = [
    "kind",
    "channel",
    "category",
    "severity",
    "branch",
    "claimed_amount.currency",
    "tags",
    "attributes",
    "complainant.id_document.kind",
    "complainant.id_document.number",
    "received_on",
];
const NAMED: [&str; 3] = ["respondent.person", "respondent.branch", "respondent.department"];

fn read_columns<'py>(prepared: &Bound<'py, PyDict>) -> PyResult<Held<'py>> {
    let mut held = Held {
        codes: Vec::new(),
        amounts: None,
        named: Vec::new(),
    };
    let py = prepared.py();
    for name in CODED {
        if let Some(pair) = prepared.get_item(name)? {
            let (codes, values): (Bound<'py, PyAny>, Bound<'py, PyList>) = match pair.cast::<PyList>() {
                // A list of the rows' values (tags given as lists): coded here.
                Ok(rows) => {
                    let (codes, values) = code_lists(rows, name)?;
                    (PyArray1::from_vec(py, codes).into_any(), PyList::new(py, values)?)
                }
                Err(_) => pair.extract()?,
            };
            let codes = codes.cast_into::<PyArray1<i32>>()?.readonly();
            held.codes.push((name, codes, values));
        }
    }
    if let Some(pair) = prepared.get_item("claimed_amount.minor_units")? {
        let (values, missing): (Bound<'py, PyAny>, Bound<'py, PyAny>) = pair.extract()?;
        held.amounts = Some((
            values.cast_into::<PyArray1<i64>>()?.readonly(),
            missing.cast_into::<PyArray1<bool>>()?.readonly(),
        ));
    }
    for name in NAMED {
        if let Some(mask) = prepared.get_item(name)? {
            held.named.push((name, mask.cast_into::<PyArray1<bool>>()?.readonly()));
        }
    }
    Ok(held)
}

/// Rows of name lists (a list, tuple or array of `str`, a comma-separated `str`, or `None` or
/// NaN for none) as codes into their distinct lists, each written comma-separated: what
/// `_routing.py` does with a column of strings, without a Python step per row. The list of the
/// row is read in place; only a list not seen before is copied.
fn code_lists(rows: &Bound<'_, PyList>, column: &str) -> PyResult<(Vec<i32>, Vec<String>)> {
    let mut codes = Vec::with_capacity(rows.len());
    let mut values: Vec<String> = Vec::new();
    let mut known: HashMap<String, i32> = HashMap::new();
    let mut key = String::new();
    for (i, row) in rows.iter().enumerate() {
        if row.is_none() || row.extract::<f64>().is_ok_and(f64::is_nan) {
            codes.push(-1);
            continue;
        }
        key.clear();
        if let Ok(s) = row.cast::<PyString>() {
            key.push_str(s.to_str()?);
        } else {
            let items = row.try_iter().map_err(|_| {
                PyTypeError::new_err(format!(
                    "RuleSet.route_many(): column `{column}`, row {i}: expected a list of str or a str, not {}",
                    crate::convert::type_name(&row)
                ))
            })?;
            for (j, item) in items.enumerate() {
                let item = item?;
                let Ok(name) = item.cast::<PyString>() else {
                    return Err(PyTypeError::new_err(format!(
                        "RuleSet.route_many(): column `{column}`, row {i}: item {j} must be str, not {}",
                        crate::convert::type_name(&item)
                    )));
                };
                if j > 0 {
                    key.push(',');
                }
                key.push_str(name.to_str()?);
            }
        }
        let code = match known.get(key.as_str()) {
            Some(&c) => c,
            None => {
                let c = values.len() as i32;
                known.insert(key.clone(), c);
                values.push(key.clone());
                c
            }
        };
        codes.push(code);
    }
    Ok((codes, values))
}

/// The distinct values of a column as strings (`None` for a value that is not one).
fn strings(values: &Bound<'_, PyList>) -> Vec<Result<String, String>> {
    values
        .iter()
        .map(|v| {
            v.extract::<String>()
                .map_err(|_| format!("{} is not a str", v.repr().map(|r| r.to_string()).unwrap_or_default()))
        })
        .collect()
}

fn map_values<T>(values: &Bound<'_, PyList>, f: impl Fn(&str) -> Result<T, String>) -> Vec<Result<T, String>> {
    strings(values).into_iter().map(|s| s.and_then(|s| f(&s))).collect()
}

/// A list of names written as one string, comma-separated (`_routing.py` joins lists so).
fn names(s: &str) -> Vec<String> {
    s.split(',')
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .map(str::to_owned)
        .collect()
}

fn channel(name: &str) -> Result<Channel, String> {
    let forwarded = || tousu::Forwarding {
        body: String::new(),
        reference: String::new(),
        forwarded_on: NaiveDate::MIN,
        report_back_required: true,
    };
    Ok(match ChannelKind::from_name(name) {
        Some(ChannelKind::Phone) => Channel::Phone,
        Some(ChannelKind::Email) => Channel::Email,
        Some(ChannelKind::Letter) => Channel::Letter,
        Some(ChannelKind::WebForm) => Channel::WebForm,
        Some(ChannelKind::WalkIn) => Channel::WalkIn,
        Some(ChannelKind::OnlineChat) => Channel::OnlineChat,
        Some(ChannelKind::CommentBox) => Channel::CommentBox,
        Some(ChannelKind::RegulatorForwarded) => Channel::RegulatorForwarded(forwarded()),
        Some(ChannelKind::JudicialOrAssociationForwarded) => Channel::JudicialOrAssociationForwarded(forwarded()),
        _ => {
            let known: Vec<&str> = ChannelKind::ALL.iter().map(|c| c.name()).collect();
            return Err(format!(
                "unknown channel `{name}`, expected one of {}",
                known.join(", ")
            ));
        }
    })
}

fn kind(name: &str) -> Result<Kind, String> {
    [Kind::Complaint, Kind::Feedback]
        .into_iter()
        .find(|k| k.as_str() == name)
        .ok_or_else(|| format!("unknown kind `{name}`, expected complaint or feedback"))
}

fn severity(name: &str) -> Result<Severity, String> {
    Severity::ALL.into_iter().find(|s| s.as_str() == name).ok_or_else(|| {
        let known: Vec<&str> = Severity::ALL.iter().map(|s| s.as_str()).collect();
        format!("unknown severity `{name}`, expected one of {}", known.join(", "))
    })
}

fn attributes(list: &str) -> Result<Attributes, String> {
    names(list).iter().try_fold(Attributes::NONE, |set, name| {
        tousu::Attribute::from_name(name)
            .map(|a| set.with(a))
            .ok_or_else(|| format!("unknown attribute `{name}`"))
    })
}

/// The identity document of each row and its day of receipt, for the attributes a document
/// shows (`elderly` from a resident ID's birth date, `institutional` from a credit code).
struct Identity<'a> {
    kinds: Coded<'a, IdDocumentKind>,
    numbers: Coded<'a, String>,
    received: Coded<'a, NaiveDate>,
}

fn id_kind(name: &str) -> Result<IdDocumentKind, String> {
    serde_json::from_value(serde_json::Value::String(name.to_owned()))
        .map_err(|_| format!("unknown identity document kind `{name}`"))
}

fn day(text: &str) -> Result<NaiveDate, String> {
    text.parse()
        .map_err(|_| format!("`{text}` is not a day of receipt (YYYY-MM-DD)"))
}

/// Where a frame's earlier complaints come from (`RuleSet.route_many`'s keyword arguments).
pub(crate) enum EarlierSource<'py> {
    /// Neither argument: none, and a rule set that counts them is refused.
    None,
    /// `earlier_complaints=`: the caller's dates, row by row.
    Given(Bound<'py, PyAny>),
    /// `earlier_from=`: the column that names the complainant.
    From(Bound<'py, PyAny>),
}

/// `earlier_complaints=` of `n` rows: each element `None`, NaN, or an iterable of
/// `datetime.date` (what `RuleSet.route(earlier_complaints=...)` takes, read by the same code).
/// `id` names a row in errors.
pub(crate) fn earlier_rows(
    value: &Bound<'_, PyAny>,
    n: usize,
    id: impl Fn(usize) -> String,
) -> PyResult<EarlierComplaints> {
    const ARG: &str = "RuleSet.route_many() argument 'earlier_complaints'";
    // Stands for the row in the messages of `dates_arg`, replaced when one is raised.
    const ROW: &str = "\u{1}row\u{1}";
    if value.is_instance_of::<PyString>() {
        return Err(PyTypeError::new_err(format!(
            "{ARG} must be a sequence with an iterable of datetime.date (or None) per row, not str"
        )));
    }
    let len = value.len().map_err(|_| {
        PyTypeError::new_err(format!(
            "{ARG} must be a sequence with an iterable of datetime.date (or None) per row (a list, a \
             pandas.Series, a numpy array), not {}",
            crate::convert::type_name(value)
        ))
    })?;
    if len != n {
        return Err(PyValueError::new_err(format!(
            "{ARG} has {len} rows, not {n} (one per complaint)"
        )));
    }
    let mut out = EarlierComplaints::default();
    for (i, row) in value.try_iter()?.enumerate() {
        let row = row?;
        if i >= n {
            break;
        }
        let none = row.is_none() || row.cast::<PyFloat>().is_ok_and(|f| f.value().is_nan());
        if none {
            out.push([]);
        } else {
            // The row is named only in an error: its id is looked up then.
            let what = || format!("{ARG}: row {i} (`{}`)", id(i));
            if row.is_instance_of::<PyString>() {
                return Err(PyTypeError::new_err(format!(
                    "{} must be an iterable of datetime.date, not str",
                    what()
                )));
            }
            match crate::routing::dates_arg(&row, ROW) {
                Ok(days) => out.push(days),
                Err(e) if e.is_instance_of::<PyTypeError>(value.py()) => {
                    let message = e.value(value.py()).str()?.to_string();
                    return Err(PyTypeError::new_err(message.replacen(ROW, &what(), 1)));
                }
                Err(e) => return Err(e),
            }
        }
    }
    if out.len() != n {
        return Err(PyValueError::new_err(format!(
            "{ARG} gave {} rows, not {n} (one per complaint)",
            out.len()
        )));
    }
    Ok(out)
}

/// Nanoseconds in a day: pandas' instants are nanoseconds since the epoch.
const DAY_NS: i64 = 86_400_000_000_000;

/// `earlier_from=`: core's earlier complaints by complainant, from the rows' keys (`-1`: none),
/// instants (nanoseconds) and local days.
fn earlier_from_keys(keys: &[i32], instants: &[i64], days: &[NaiveDate], window: Option<u32>) -> EarlierComplaints {
    let keys: Vec<Option<i32>> = keys.iter().map(|&k| (k >= 0).then_some(k)).collect();
    let received: Vec<(i64, NaiveDate)> = instants.iter().copied().zip(days.iter().copied()).collect();
    EarlierComplaints::by_complainant_in(&keys, &received, window, DAY_NS)
}

/// The record each row is routed as: its routing fields are overwritten row by row.
fn scratch() -> Complaint {
    Complaint {
        id: String::new(),
        kind: Kind::Complaint,
        channel: Channel::Phone,
        complainant: tousu::Complainant {
            // Always a document: a row without one reads as `other`, which shows no attribute.
            id_document: Some(IdDocument {
                kind: IdDocumentKind::Other,
                number: String::new(),
            }),
            ..Default::default()
        },
        respondent: Default::default(),
        receiver: String::new(),
        branch: String::new(),
        received_at: DateTime::UNIX_EPOCH.fixed_offset(),
        matter: String::new(),
        facts: Default::default(),
        demand: String::new(),
        claimed_amount: None,
        severity: Severity::Ordinary,
        category: String::new(),
        evidence: Vec::new(),
        tags: Vec::new(),
    }
}

/// Why a row failed: core's error, or a value of a column that cannot be read.
enum RowError {
    Core(Error),
    Column(String),
    /// A `received_at` that is not a time (`earlier_from=` orders rows by it).
    Timestamp(String),
}

/// The day of receipt of every row that has a key (`earlier_from=`); a keyed row without a
/// readable `received_at` fails.
fn received_days(
    received: &Coded<'_, NaiveDate>,
    keys: &[i32],
    missing: &[bool],
    unreadable: &[bool],
) -> Result<Vec<NaiveDate>, (usize, RowError)> {
    (0..keys.len())
        .map(|i| {
            if keys[i] < 0 {
                return Ok(NaiveDate::MIN);
            }
            let fail = |why: &str| (i, RowError::Column(format!("column `received_at`: {why}")));
            if missing[i] {
                return Err(fail("no value"));
            }
            if unreadable[i] {
                return Err((
                    i,
                    RowError::Timestamp("column `received_at`: not a time with a UTC offset (RFC 3339)".to_owned()),
                ));
            }
            let day = received.get(i).map_err(|why| (i, RowError::Column(why)))?;
            day.copied().ok_or_else(|| fail("no value"))
        })
        .collect()
}

/// Routes every row; the decision number of each row, and the distinct matched sets.
#[allow(clippy::too_many_arguments)]
fn route_rows(
    rules: &RuleSet,
    n: usize,
    kinds: Coded<'_, Kind>,
    channels: Coded<'_, Channel>,
    mut categories: Coded<'_, String>,
    severities: Coded<'_, Severity>,
    mut branches: Coded<'_, String>,
    currencies: Coded<'_, String>,
    mut tags: Coded<'_, Vec<String>>,
    attrs: Coded<'_, Attributes>,
    amounts: Option<(&[i64], &[bool])>,
    named: [Option<&[bool]>; 3],
    mut identity: Identity<'_>,
    earlier: &EarlierComplaints,
    need_received: bool,
) -> Result<(Vec<i32>, Vec<MatchedRules>), (usize, RowError)> {
    let mut c = scratch();
    let mut out = Vec::with_capacity(n);
    let mut distinct: Vec<MatchedRules> = Vec::new();
    let mut number: HashMap<MatchedRules, i32> = HashMap::new();
    let someone = || Some("named".to_owned());
    let default_currency = rules.currency().to_owned();
    for i in 0..n {
        let fail = |why: String| (i, RowError::Column(why));
        let kind = kinds.get(i).map_err(fail)?.copied().unwrap_or(Kind::Complaint);
        c.kind = kind;
        c.channel = match channels.get(i).map_err(fail)? {
            Some(ch) => ch.clone(),
            None => return Err(fail("column `channel`: no value".to_owned())),
        };
        c.severity = severities.get(i).map_err(fail)?.copied().unwrap_or(Severity::Ordinary);
        c.claimed_amount = match amounts {
            Some((values, missing)) if !missing[i] => Some(Money {
                minor_units: values[i],
                currency: currencies
                    .get(i)
                    .map_err(fail)?
                    .cloned()
                    .unwrap_or_else(|| default_currency.clone()),
            }),
            _ => None,
        };
        for (slot, mask) in [
            &mut c.respondent.person,
            &mut c.respondent.branch,
            &mut c.respondent.department,
        ]
        .into_iter()
        .zip(named)
        {
            let yes = mask.is_some_and(|m| m[i]);
            if yes != slot.is_some() {
                *slot = if yes { someone() } else { None };
            }
        }
        let context = RoutingContext {
            earlier_complaints: earlier.of(i),
            attributes: attrs.get(i).map_err(fail)?.copied().unwrap_or(Attributes::NONE),
        };
        // The row's strings are swapped into the record and back: no copy, no allocation.
        if !categories.swap(i, &mut c.category).map_err(fail)? {
            return Err(fail("column `category`: no value".to_owned()));
        }
        match identity.received.get(i).map_err(fail)? {
            // Midnight UTC of the local day: core reads the day of receipt as `date_naive()`.
            Some(received) => c.received_at = received.and_time(chrono::NaiveTime::MIN).and_utc().fixed_offset(),
            // Earlier complaints are counted back from the day of receipt, and a complainant's
            // age (from a resident ID) is taken on it: without it, no guess.
            None if need_received || identity.numbers.get(i).map_err(fail)?.is_some() => {
                return Err(fail("column `received_at`: no value".to_owned()))
            }
            None => {}
        }
        let mut numbered = Ok(false);
        if let Some(doc) = c.complainant.id_document.as_mut() {
            doc.kind = identity
                .kinds
                .get(i)
                .map_err(fail)?
                .copied()
                .unwrap_or(IdDocumentKind::Other);
            numbered = identity.numbers.swap(i, &mut doc.number);
        }
        let branch = branches.swap(i, &mut c.branch);
        let tagged = tags.swap(i, &mut c.tags);
        let routed = rules.route(&c, &context).map(|d| d.matched());
        if let (Ok(true), Some(doc)) = (&numbered, c.complainant.id_document.as_mut()) {
            identity.numbers.swap(i, &mut doc.number).map_err(fail)?;
        }
        numbered.map_err(fail)?;
        categories.swap(i, &mut c.category).map_err(fail)?;
        if matches!(branch, Ok(true)) {
            branches.swap(i, &mut c.branch).map_err(fail)?;
        }
        if matches!(tagged, Ok(true)) {
            tags.swap(i, &mut c.tags).map_err(fail)?;
        }
        match (branch, tagged) {
            (Err(why), _) | (_, Err(why)) => return Err(fail(why)),
            (Ok(false), _) => return Err(fail("column `branch`: no value".to_owned())),
            _ => {}
        }
        let matched = routed.map_err(|e| (i, RowError::Core(e)))?;
        let k = *number.entry(matched).or_insert_with(|| {
            distinct.push(matched);
            (distinct.len() - 1) as i32
        });
        out.push(k);
    }
    Ok((out, distinct))
}

/// The frame of decisions for `frame` (see `RuleSet.route_many`).
pub(crate) fn route_frame<'py>(
    py: Python<'py>,
    rules: &RuleSet,
    frame: &Bound<'py, PyAny>,
    earlier: EarlierSource<'py>,
) -> PyResult<Bound<'py, PyAny>> {
    let window = rules.earlier_complaints_window();
    if window.is_some() && matches!(earlier, EarlierSource::None) {
        return Err(PyValueError::new_err(format!(
            "RuleSet.route_many(): rule set {} counts earlier complaints, which the frame's columns \
             do not carry: pass earlier_from=<the column naming the complainant> (the frame's own \
             rows) or earlier_complaints=<the dates of each row's earlier complaints>",
            rules.id()
        )));
    }
    let helpers = py.import("tousu._routing")?;
    let identity = rules.reads_identity_documents();
    // Nothing to count: the arguments are checked, and `received_at` is not read for them.
    let need_received = window.is_some() && !matches!(earlier, EarlierSource::None);
    let from = match &earlier {
        EarlierSource::From(column) => Some(column),
        _ => None,
    };
    let prepared = helpers
        .getattr("frame_columns")?
        .call1((frame, identity, need_received, from))?;
    let prepared = prepared
        .cast_into::<PyDict>()
        .map_err(|_| PyTypeError::new_err("tousu._routing.frame_columns gave no dict"))?;
    let n: usize = prepared
        .get_item("rows")?
        .map(|v| v.extract())
        .transpose()?
        .unwrap_or(0);
    let ids = prepared.get_item("ids")?;
    let id_at = |i: usize| -> String {
        ids.as_ref()
            .and_then(|ids| ids.get_item(i).ok())
            .and_then(|v| v.str().ok().map(|s| s.to_string()))
            .unwrap_or_else(|| "?".to_owned())
    };
    let given = match &earlier {
        EarlierSource::Given(rows) => {
            let rows = helpers.getattr("earlier_rows")?.call1((frame, rows))?;
            Some(earlier_rows(&rows, n, id_at)?)
        }
        _ => None,
    };
    let keyed = match prepared.get_item("earlier_from")? {
        Some(keys) => {
            let (instants, missing, unreadable): (Bound<'py, PyAny>, Bound<'py, PyAny>, Bound<'py, PyAny>) = prepared
                .get_item("received_at.instant")?
                .ok_or_else(|| PyTypeError::new_err("tousu._routing.frame_columns gave no received_at.instant"))?
                .extract()?;
            Some((
                keys.cast_into::<PyArray1<i32>>()?.readonly(),
                instants.cast_into::<PyArray1<i64>>()?.readonly(),
                missing.cast_into::<PyArray1<bool>>()?.readonly(),
                unreadable.cast_into::<PyArray1<bool>>()?.readonly(),
            ))
        }
        None => None,
    };
    let keyed = match &keyed {
        Some((k, t, m, u)) => {
            let all = (k.as_slice()?, t.as_slice()?, m.as_slice()?, u.as_slice()?);
            if [all.0.len(), all.1.len(), all.2.len(), all.3.len()]
                .iter()
                .any(|&l| l != n)
            {
                return Err(PyValueError::new_err(format!(
                    "the key and receipt columns of earlier_from= do not have {n} rows"
                )));
            }
            Some(all)
        }
        None => None,
    };
    let held = read_columns(&prepared)?;
    let slices: Vec<(&'static str, &[i32], &Bound<'py, PyList>)> = held
        .codes
        .iter()
        .map(|(name, codes, values)| Ok((*name, codes.as_slice()?, values)))
        .collect::<PyResult<_>>()?;
    let column = |name: &str| slices.iter().find(|(n, _, _)| *n == name);
    macro_rules! coded {
        ($name:literal, $f:expr) => {{
            let found = column($name);
            Coded {
                name: $name,
                codes: found.map(|(_, c, _)| *c),
                values: found.map_or_else(Vec::new, |(_, _, v)| map_values(v, $f)),
            }
        }};
    }
    let kinds = coded!("kind", kind);
    let channels = coded!("channel", channel);
    let categories = coded!("category", |s: &str| Ok(s.to_owned()));
    let severities = coded!("severity", severity);
    let branches = coded!("branch", |s: &str| Ok(s.to_owned()));
    let currencies = coded!("claimed_amount.currency", |s: &str| Ok(s.to_owned()));
    let tags = coded!("tags", |s: &str| Ok(names(s)));
    let attrs = coded!("attributes", attributes);
    let identity = Identity {
        kinds: coded!("complainant.id_document.kind", id_kind),
        numbers: coded!("complainant.id_document.number", |s: &str| Ok(s.to_owned())),
        received: coded!("received_on", day),
    };
    let amounts = match &held.amounts {
        Some((v, m)) => Some((v.as_slice()?, m.as_slice()?)),
        None => None,
    };
    let mask = |name: &str| -> PyResult<Option<&[bool]>> {
        held.named
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, m)| m.as_slice().map_err(PyErr::from))
            .transpose()
    };
    let named = [mask(NAMED[0])?, mask(NAMED[1])?, mask(NAMED[2])?];
    for (name, codes, _) in &slices {
        if codes.len() != n {
            return Err(PyValueError::new_err(format!(
                "column `{name}` has {} rows, not {n}",
                codes.len()
            )));
        }
    }
    let outcome = py.detach(|| {
        catch_unwind(AssertUnwindSafe(|| {
            let earlier = match (given, keyed) {
                (Some(given), _) => given,
                (None, Some((keys, instants, missing, unreadable))) => {
                    let days = received_days(&identity.received, keys, missing, unreadable)?;
                    earlier_from_keys(keys, instants, &days, window)
                }
                (None, None) => EarlierComplaints::default(),
            };
            route_rows(
                rules,
                n,
                kinds,
                channels,
                categories,
                severities,
                branches,
                currencies,
                tags,
                attrs,
                amounts,
                named,
                identity,
                &earlier,
                need_received,
            )
        }))
    });
    let (numbers, distinct) = match outcome {
        Ok(Ok(done)) => done,
        Ok(Err((i, why))) => {
            let id = id_at(i);
            let timestamp = matches!(why, RowError::Timestamp(_));
            return Err(match why {
                RowError::Core(mut e) => {
                    if let Error::Routing { complaint, .. } = &mut e {
                        complaint.clone_from(&id);
                    }
                    routing_row_error(py, i, &id, &e)
                }
                RowError::Column(why) | RowError::Timestamp(why) => {
                    let code = if timestamp {
                        ErrorCode::InvalidTimestamp
                    } else if why.contains("no value") {
                        ErrorCode::MissingField
                    } else {
                        ErrorCode::UnknownVariant
                    };
                    let err = binding_error(py, code, format!("RuleSet.route_many(): row {i} (`{id}`): {why}"));
                    let _ = err.value(py).setattr("path", why.split('`').nth(1).unwrap_or(""));
                    err
                }
            });
        }
        Err(payload) => return Err(to_pyerr(py, &Error::from_panic("RuleSet.route_many", payload.as_ref()))),
    };
    decisions_frame(py, rules, &prepared, numbers, &distinct)
}

/// The frame of the routed rows: the numbers, and each distinct decision's actions.
fn decisions_frame<'py>(
    py: Python<'py>,
    rules: &RuleSet,
    prepared: &Bound<'py, PyDict>,
    numbers: Vec<i32>,
    distinct: &[MatchedRules],
) -> PyResult<Bound<'py, PyAny>> {
    let table = PyDict::new(py);
    let decisions: Vec<tousu::Decision<'_>> = distinct
        .iter()
        .map(|m| rules.decision(*m).expect("routed by this rule set"))
        .collect();
    let column = |f: &dyn Fn(&tousu::Decision<'_>) -> Option<String>| -> Vec<Option<String>> {
        decisions.iter().map(f).collect()
    };
    table.set_item("handler", column(&|d| d.handler().map(str::to_owned)))?;
    table.set_item("department", column(&|d| d.department().map(str::to_owned)))?;
    table.set_item("level", column(&|d| d.level().map(|l| l.name().to_owned())))?;
    table.set_item("policy", column(&|d| d.policy().map(str::to_owned)))?;
    table.set_item("escalate_to", column(&|d| d.escalate_to().map(str::to_owned)))?;
    table.set_item("deciding_rule", column(&|d| d.deciding_rule().map(|r| r.id.clone())))?;
    table.set_item(
        "matched",
        column(&|d| {
            d.is_routed()
                .then(|| d.matched_rules().map(|r| r.id.as_str()).collect::<Vec<_>>().join(","))
        }),
    )?;
    table.set_item("routed", decisions.iter().map(|d| d.is_routed()).collect::<Vec<_>>())?;
    for o in Obligation::ALL {
        table.set_item(
            o.name(),
            decisions
                .iter()
                .map(|d| d.obligations().contains(o))
                .collect::<Vec<_>>(),
        )?;
    }
    let roles: Vec<&str> = rules.roles().iter().map(|r| r.id.as_str()).collect();
    let mut departments: Vec<&str> = Vec::new();
    let mut policies: Vec<&str> = Vec::new();
    for r in rules.rules() {
        for (list, value) in [(&mut departments, &r.then.department), (&mut policies, &r.then.policy)] {
            if let Some(v) = value.as_deref().filter(|v| !list.contains(v)) {
                list.push(v);
            }
        }
    }
    let categories = PyDict::new(py);
    categories.set_item("handler", &roles)?;
    categories.set_item("escalate_to", &roles)?;
    categories.set_item("department", departments)?;
    categories.set_item("level", ["branch", "head_office"])?;
    categories.set_item("policy", policies)?;
    categories.set_item(
        "deciding_rule",
        rules.evaluation_order().map(|r| r.id.as_str()).collect::<Vec<_>>(),
    )?;
    let obligations: Vec<&str> = Obligation::ALL.iter().map(|o| o.name()).collect();
    py.import("tousu._routing")?.getattr("decisions_frame")?.call1((
        prepared,
        PyArray1::from_vec(py, numbers),
        table,
        categories,
        obligations,
    ))
}
