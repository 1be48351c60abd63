//! `Policy.deadlines_frame`: the deadlines of many cases as the columns of a pandas frame.
//!
//! Core computes each case's deadlines as plain numbers (`Policy::deadline_figures`, into one
//! buffer reused from case to case: no allocation per case) with the GIL released; this module
//! lays them out column by column in plain vectors (codes for the categorical columns,
//! microseconds since the epoch for instants), hands them to numpy without copying, and lets
//! `tousu/_frame.py` assemble the `DataFrame`. No Python object is made per row.
//!
//! Many cases are split into contiguous chunks computed on several threads (scoped threads of
//! the standard library, each with its own buffer), then the chunks' columns are joined in
//! order: the frame and the error reported (the first failing case) are the same whatever the
//! number of threads.

use std::panic::{catch_unwind, AssertUnwindSafe};

use chrono::{DateTime, FixedOffset};
use numpy::datetime::{units::Microseconds, Datetime};
use numpy::PyArray1;
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList};
use tousu::{Case, DeadlineFigures, DeadlineStatus, Error, Policy, Unit, WorkCalendar, Zone};

use crate::calendar::element_error;
use crate::errors::to_pyerr;

/// Every status, in the order of the frame's `status` categories: core's order.
const STATUSES: [DeadlineStatus; 7] = DeadlineStatus::ALL;

/// numpy's NaT: the smallest int64.
const NAT: i64 = i64::MIN;

/// The frame's columns, one entry per (case, milestone) row.
#[derive(Default)]
struct Columns {
    case: Vec<i64>,
    milestone: Vec<i32>,
    status: Vec<i8>,
    unit: Vec<i8>,
    started: Vec<Datetime<Microseconds>>,
    due: Vec<Datetime<Microseconds>>,
    met_at: Vec<Datetime<Microseconds>>,
    met_by: Vec<i32>,
    elapsed: Vec<f64>,
    remaining: Vec<f64>,
    paused_time: Vec<f64>,
    pauses: Vec<i32>,
    extensions: Vec<i32>,
    extensions_over_limit: Vec<i32>,
}

/// Unix seconds as numpy microseconds; NaT for `None`. (Every instant chrono can hold fits: its
/// ±262,000 years are under 2^63 microseconds.)
fn micros(at: Option<i64>) -> Datetime<Microseconds> {
    Datetime::from(at.map_or(NAT, |seconds| seconds.saturating_mul(1_000_000)))
}

fn count(n: u32) -> i32 {
    i32::try_from(n).unwrap_or(i32::MAX)
}

/// Below this many cases a thread is not worth starting (a case takes about a microsecond).
const MIN_CASES_PER_THREAD: usize = 4096;

/// The number of threads for `cases` cases when the caller gives none: the machine's cores,
/// no more than the chunks of [`MIN_CASES_PER_THREAD`] cases.
pub(crate) fn default_threads(cases: usize) -> usize {
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    cores.min(cases.div_ceil(MIN_CASES_PER_THREAD)).max(1)
}

/// Every case's deadlines into columns on up to `threads` threads (≥ 1), each computing a
/// contiguous chunk; the chunks joined in order. Stops at the first case that fails (the lowest
/// position), as one thread would. `met_by` starts as the policy's meeting actions and grows if
/// core reports another.
fn compute_all(
    policy: &Policy,
    calendar: &WorkCalendar,
    now: DateTime<FixedOffset>,
    cases: &[&Case],
    threads: usize,
    met_by: &mut Vec<&'static str>,
) -> Result<Columns, (usize, Error)> {
    let threads = threads.clamp(1, cases.len().max(1));
    if threads == 1 {
        return compute(policy, calendar, now, cases, 0, met_by);
    }
    let chunk = cases.len().div_ceil(threads);
    let known = met_by.len();
    let parts: Vec<_> = std::thread::scope(|scope| {
        let running: Vec<_> = cases
            .chunks(chunk)
            .enumerate()
            .map(|(k, part)| {
                let mut names = met_by.clone();
                scope.spawn(move || (compute(policy, calendar, now, part, k * chunk, &mut names), names))
            })
            .collect();
        running
            .into_iter()
            // A panic in a chunk goes on in this thread, where the caller catches it.
            .map(|thread| {
                thread
                    .join()
                    .unwrap_or_else(|payload| std::panic::resume_unwind(payload))
            })
            .collect()
    });
    let mut all = Columns::default();
    all.reserve(cases.len() * policy.milestones().len());
    for (part, names) in parts {
        let mut part = part?;
        // An action a chunk added to its names gets its code in the joined list.
        if names.len() > known {
            let codes: Vec<i32> = names
                .iter()
                .map(|name| match met_by.iter().position(|n| n == name) {
                    Some(k) => k as i32,
                    None => {
                        met_by.push(name);
                        (met_by.len() - 1) as i32
                    }
                })
                .collect();
            for code in part.met_by.iter_mut().filter(|c| **c >= 0) {
                *code = codes[*code as usize];
            }
        }
        all.append(&mut part);
    }
    Ok(all)
}

macro_rules! each_column {
    ($m:ident) => {
        $m!(
            case,
            milestone,
            status,
            unit,
            started,
            due,
            met_at,
            met_by,
            elapsed,
            remaining,
            paused_time,
            pauses,
            extensions,
            extensions_over_limit
        )
    };
}

impl Columns {
    fn reserve(&mut self, rows: usize) {
        macro_rules! reserve {
            ($($column:ident),*) => { $(self.$column.reserve_exact(rows);)* };
        }
        each_column!(reserve);
    }

    fn append(&mut self, other: &mut Columns) {
        macro_rules! append {
            ($($column:ident),*) => { $(self.$column.append(&mut other.$column);)* };
        }
        each_column!(append);
    }
}

/// The deadlines of `cases` (at positions `first`, `first + 1`, … of the whole list) into
/// columns on this thread; stops at the first case that fails, with its position.
fn compute(
    policy: &Policy,
    calendar: &WorkCalendar,
    now: DateTime<FixedOffset>,
    cases: &[&Case],
    first: usize,
    met_by: &mut Vec<&'static str>,
) -> Result<Columns, (usize, Error)> {
    let milestones = policy.milestones();
    let mut c = Columns::default();
    c.reserve(cases.len() * milestones.len());
    // One buffer for every case: core clears it and writes the next case's figures into it.
    let mut figures: Vec<DeadlineFigures> = Vec::with_capacity(milestones.len());
    for (i, case) in (first..).zip(cases) {
        policy
            .deadline_figures(case, calendar, now, &mut figures)
            .map_err(|e| (i, e))?;
        for d in &figures {
            c.case.push(i as i64);
            c.milestone.push(i32::try_from(d.milestone).unwrap_or(-1));
            c.status
                .push(STATUSES.iter().position(|s| *s == d.status).map_or(-1, |s| s as i8));
            c.unit
                .push(Unit::ALL.iter().position(|u| *u == d.unit).map_or(-1, |u| u as i8));
            c.started.push(micros(d.started));
            c.due.push(micros(d.due));
            c.met_at.push(micros(d.met_at));
            c.met_by.push(match d.met_by.map(|k| k.name()) {
                None => -1,
                Some(name) => match met_by.iter().position(|n| *n == name) {
                    Some(k) => k as i32,
                    None => {
                        met_by.push(name);
                        (met_by.len() - 1) as i32
                    }
                },
            });
            c.elapsed.push(d.elapsed_in_unit());
            c.remaining.push(d.remaining_in_unit());
            c.paused_time.push(d.paused_time_in_unit());
            c.pauses.push(count(d.pauses));
            c.extensions.push(count(d.extensions));
            c.extensions_over_limit.push(count(d.extensions_over_limit));
        }
    }
    Ok(c)
}

/// The policy's time zone for the frame's instants: an IANA name, or a fixed offset in seconds.
fn zone<'py>(py: Python<'py>, policy: &Policy) -> PyResult<Bound<'py, PyAny>> {
    Ok(match policy.business_hours().zone() {
        Zone::Iana(tz) => tz.name().into_pyobject(py)?.into_any(),
        Zone::Fixed(offset) => offset.local_minus_utc().into_pyobject(py)?.into_any(),
    })
}

/// The deadlines of `cases` at `now` as a pandas `DataFrame` (built by `tousu._frame`).
pub(crate) fn deadlines_frame<'py>(
    py: Python<'py>,
    policy: &Policy,
    calendar: &WorkCalendar,
    now: DateTime<FixedOffset>,
    cases: &[&Case],
    threads: usize,
) -> PyResult<Bound<'py, PyAny>> {
    let mut met_by: Vec<&'static str> = Vec::new();
    for m in policy.milestones() {
        for kind in &m.met_by {
            if !met_by.contains(&kind.name()) {
                met_by.push(kind.name());
            }
        }
    }
    let outcome = py.detach(|| {
        catch_unwind(AssertUnwindSafe(|| {
            compute_all(policy, calendar, now, cases, threads, &mut met_by)
        }))
    });
    let c = match outcome {
        Ok(Ok(c)) => c,
        Ok(Err((i, e))) => {
            let label = format!("case {i} (`{}`)", cases[i].complaint().id);
            return Err(element_error(py, i, &label, e));
        }
        Err(payload) => {
            return Err(to_pyerr(
                py,
                &Error::from_panic("Policy.deadlines_frame", payload.as_ref()),
            ))
        }
    };
    let columns = PyDict::new(py);
    let ids = cases.iter().map(|case| case.complaint().id.as_str());
    columns.set_item("case_ids", PyList::new(py, ids)?)?;
    columns.set_item("case", PyArray1::from_vec(py, c.case))?;
    columns.set_item("milestone", PyArray1::from_vec(py, c.milestone))?;
    let milestones = policy.milestones().iter().map(|m| m.id.as_str());
    columns.set_item("milestones", PyList::new(py, milestones)?)?;
    columns.set_item("status", PyArray1::from_vec(py, c.status))?;
    columns.set_item("statuses", PyList::new(py, STATUSES.map(DeadlineStatus::name))?)?;
    columns.set_item("unit", PyArray1::from_vec(py, c.unit))?;
    columns.set_item("units", PyList::new(py, Unit::ALL.map(Unit::name))?)?;
    columns.set_item("started", PyArray1::from_vec(py, c.started))?;
    columns.set_item("due", PyArray1::from_vec(py, c.due))?;
    columns.set_item("met_at", PyArray1::from_vec(py, c.met_at))?;
    columns.set_item("met_by", PyArray1::from_vec(py, c.met_by))?;
    columns.set_item("actions", PyList::new(py, met_by)?)?;
    columns.set_item("elapsed", PyArray1::from_vec(py, c.elapsed))?;
    columns.set_item("remaining", PyArray1::from_vec(py, c.remaining))?;
    columns.set_item("paused_time", PyArray1::from_vec(py, c.paused_time))?;
    columns.set_item("pauses", PyArray1::from_vec(py, c.pauses))?;
    columns.set_item("extensions", PyArray1::from_vec(py, c.extensions))?;
    columns.set_item("extensions_over_limit", PyArray1::from_vec(py, c.extensions_over_limit))?;
    columns.set_item("zone", zone(py, policy)?)?;
    py.import("tousu._frame")?.getattr("deadlines_frame")?.call1((columns,))
}
