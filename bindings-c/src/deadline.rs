//! The deadlines of a case under a policy: `tousu_deadline` (typed, no JSON) for one case or
//! an array of cases, and core's JSON form. Every rule (units, pauses, extensions, statuses) is
//! core's: the typed forms convert `Policy::deadline_figures` (plain numbers, into a buffer
//! reused from case to case), the JSON form serializes `Policy::deadlines`.
//!
//! Instants cross the boundary as `int64_t` Unix seconds: core's deadlines are exact to the
//! second, and a number needs no parsing on a path a platform may run for every open case.

use std::ffi::c_char;
use std::ptr;

use tousu_core::{ActionKind, DeadlineFigures, DeadlineStatus, Error, ErrorCode, MilestoneDeadline, Unit};

use crate::calendar::tousu_calendar;
use crate::case::tousu_case;
use crate::error::tousu_error;
use crate::panic::{guard, guard_elements, guard_value, Call, Failure};
use crate::policy::tousu_policy;
use crate::status::tousu_status;
use crate::string::{into_c_string, Names};

/// Where a milestone stands at `now` (core's `DeadlineStatus`).
///
/// Numbers are stable and never reused; later versions may add values.
/// `tousu_deadline_status_name` gives the snake_case name used in JSON (`"met_late"`).
#[allow(non_camel_case_types)]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[repr(u32)]
pub enum tousu_deadline_status {
    /// Running (or waiting for its anchor: then it has no due time), not yet at risk.
    Pending = 1,
    /// Met on or before its due time.
    Met = 2,
    /// Met after its due time.
    MetLate = 3,
    /// Running and past its warning threshold (`warn_at` of its time used).
    AtRisk = 4,
    /// Not met, and its due time has passed.
    Breached = 5,
    /// Its clock is stopped (waiting for the customer).
    Paused = 6,
    /// The milestone does not exist for this case (its condition does not hold, or the policy
    /// is for another kind of case); it has no due time.
    NotApplicable = 7,
}

/// Every core status with its C value (the match is exhaustive: core's enum is closed).
pub(crate) fn status_of(status: DeadlineStatus) -> tousu_deadline_status {
    use tousu_deadline_status as S;
    match status {
        DeadlineStatus::Pending => S::Pending,
        DeadlineStatus::Met => S::Met,
        DeadlineStatus::MetLate => S::MetLate,
        DeadlineStatus::AtRisk => S::AtRisk,
        DeadlineStatus::Breached => S::Breached,
        DeadlineStatus::Paused => S::Paused,
        DeadlineStatus::NotApplicable => S::NotApplicable,
    }
}

/// Every core status, for the name table.
pub(crate) const STATUSES: [DeadlineStatus; 7] = DeadlineStatus::ALL;

/// The unit a milestone runs in (core's `Unit`), as named in policy files.
///
/// Numbers are stable and never reused; later versions may add values.
/// `tousu_deadline_unit_name` gives the name (`"working_days"`).
#[allow(non_camel_case_types)]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[repr(u32)]
pub enum tousu_deadline_unit {
    /// Due at the end of the n-th working day after the anchor's day.
    WorkingDays = 1,
    /// Due at the close of business of the n-th working day after the anchor's day.
    WorkingDaysCloseOfBusiness = 2,
    /// Due at the end of the day n calendar days after the anchor's day.
    CalendarDays = 3,
    /// Due at the end of the day 7n days after the anchor's day.
    Weeks = 4,
    /// Due at the end of the same day n months later (or the month's last day).
    Months = 5,
    /// Due after n hours of working time.
    WorkingHours = 6,
    /// Due at a time of day (`"15:30"`), that day or the next working day.
    TimeOfDay = 7,
}

impl tousu_deadline_unit {
    /// The C value of a core unit. `Unit` is `#[non_exhaustive]`: a unit core adds before this
    /// enum learns it is `None` (the call then fails with `TOUSU_STATUS_INTERNAL`), and the
    /// header test in `status.rs` fails until it is added here.
    pub(crate) fn from_unit(unit: Unit) -> Option<tousu_deadline_unit> {
        use tousu_deadline_unit as U;
        Some(match unit {
            Unit::WorkingDays => U::WorkingDays,
            Unit::WorkingDaysCloseOfBusiness => U::WorkingDaysCloseOfBusiness,
            Unit::CalendarDays => U::CalendarDays,
            Unit::Weeks => U::Weeks,
            Unit::Months => U::Months,
            Unit::WorkingHours => U::WorkingHours,
            Unit::TimeOfDay => U::TimeOfDay,
            _ => return None,
        })
    }
}

/// One milestone's deadline at the `now` of the call (core's `DeadlineFigures`: the answers
/// of a `MilestoneDeadline` as plain numbers). Instants are Unix seconds (seconds since
/// 1970-01-01T00:00:00Z); an instant that may be absent comes with a `has_` flag, and is 0 when
/// the flag is false. Durations are seconds of the milestone's own clock: working time (inside
/// business hours of working days) for working units, calendar time for `calendar_days`,
/// `weeks` and `months`.
///
/// A plain value: copy it freely. Only `met_by` points elsewhere, to a static string.
#[allow(non_camel_case_types)]
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct tousu_deadline {
    /// The milestone's index in the policy; its id is `tousu_policy_milestone_id(policy,
    /// milestone)`. Deadlines come in the policy's order, so the i-th deadline has index i.
    pub milestone: usize,
    /// Where it stands.
    pub status: tousu_deadline_status,
    /// The unit it runs in.
    pub unit: tousu_deadline_unit,
    /// Whether its clock has started: false while its anchor has not happened, or when it is
    /// not applicable.
    pub has_started: bool,
    /// When its clock started.
    pub started: i64,
    /// Whether it has a due time (exactly when it has started).
    pub has_due: bool,
    /// When it falls due, extensions and pauses included; met on time when the meeting event is
    /// at or before this second.
    pub due: i64,
    /// The UTC offset, in seconds east, of the policy's time zone at `due` (28800 for
    /// Beijing): `due + due_utc_offset` is the due time on the local clock. 0 without a due time.
    pub due_utc_offset: i32,
    /// Whether it was met (`status` is then met or met late).
    pub has_met_at: bool,
    /// When it was met.
    pub met_at: i64,
    /// The action that met it (`"result_fed_back"`), a static string; NULL when not met.
    pub met_by: *const c_char,
    /// Running time used, pauses excluded, from the start to `now` (or to when it was met).
    pub elapsed: i64,
    /// Running time left from `now` (or from when it was met) to the due time; negative once
    /// breached.
    pub remaining: i64,
    /// `elapsed` in the milestone's unit: working days of the policy's business hours for the
    /// working-day units, hours for `working_hours` and `time_of_day`, days for `calendar_days`
    /// and `months`, weeks for `weeks`.
    pub elapsed_in_unit: f64,
    /// `remaining` in the milestone's unit, as for `elapsed_in_unit`.
    pub remaining_in_unit: f64,
    /// The total time its clock stood still (waiting for the customer).
    pub paused_time: i64,
    /// How many stretches its clock stood still (the JSON form lists them).
    pub paused_count: usize,
    /// How many extensions moved its due time (the JSON form lists them).
    pub extension_count: usize,
    /// How many extensions were granted beyond the policy's limits, and so not applied.
    pub extensions_over_limit_count: usize,
}

static ACTION_NAMES: Names = Names::new();

/// The static C name of an action.
fn action_name(kind: ActionKind) -> *const c_char {
    let number = ActionKind::ALL.iter().position(|&k| k == kind).unwrap_or(usize::MAX);
    ACTION_NAMES.find(number as u32, || {
        (0u32..).zip(ActionKind::ALL.iter().map(|k| k.name())).collect()
    })
}

impl tousu_deadline {
    /// The C form of one milestone's figures.
    fn new(call: Call, f: &DeadlineFigures) -> Result<tousu_deadline, Error> {
        let unit = tousu_deadline_unit::from_unit(f.unit)
            .ok_or_else(|| call.internal(&format!("unit `{}` has no tousu_deadline_unit value", f.unit.name())))?;
        Ok(tousu_deadline {
            milestone: f.milestone,
            status: status_of(f.status),
            unit,
            has_started: f.started.is_some(),
            started: f.started.unwrap_or(0),
            has_due: f.due.is_some(),
            due: f.due.unwrap_or(0),
            due_utc_offset: if f.due.is_some() { f.due_offset } else { 0 },
            has_met_at: f.met_at.is_some(),
            met_at: f.met_at.unwrap_or(0),
            met_by: f.met_by.map_or(ptr::null(), action_name),
            elapsed: f.elapsed,
            remaining: f.remaining,
            elapsed_in_unit: f.elapsed_in_unit(),
            remaining_in_unit: f.remaining_in_unit(),
            paused_time: f.paused_time,
            paused_count: f.pauses as usize,
            extension_count: f.extensions as usize,
            extensions_over_limit_count: f.extensions_over_limit as usize,
        })
    }
}

/// The question of a deadline call: its handles, checked in argument order.
struct Question<'a> {
    policy: &'a tousu_policy,
    case: &'a tousu_case,
    cal: &'a tousu_calendar,
}

impl<'a> Question<'a> {
    /// # Safety
    /// `policy`, `case_` and `cal` are NULL or live handles no thread changes during `'a`.
    unsafe fn new(
        call: Call,
        policy: *const tousu_policy,
        case_: *const tousu_case,
        cal: *const tousu_calendar,
    ) -> Result<Question<'a>, Error> {
        // SAFETY: by the caller's contract.
        unsafe {
            Ok(Question {
                policy: call.get("policy", policy)?,
                case: call.get("case_", case_)?,
                cal: call.get("cal", cal)?,
            })
        }
    }

    /// Core's answer at `now` (Unix seconds), rich: for the JSON form.
    fn deadlines(&self, call: Call, now: i64) -> Result<Vec<MilestoneDeadline>, Error> {
        let now = call.unix_seconds("now", now)?;
        self.policy.inner.deadlines(&self.case.inner, &self.cal.inner, now)
    }

    /// Core's answer at `now` (Unix seconds) as plain numbers, in C form.
    fn typed(&self, call: Call, now: i64) -> Result<Box<[tousu_deadline]>, Error> {
        let now = call.unix_seconds("now", now)?;
        let mut figures = Vec::with_capacity(self.policy.inner.milestones().len());
        self.policy
            .inner
            .deadline_figures(&self.case.inner, &self.cal.inner, now, &mut figures)?;
        figures.iter().map(|f| tousu_deadline::new(call, f)).collect()
    }
}

/// The deadline of every milestone of `policy` for `case_` at `now` (Unix seconds), counting
/// working days on `cal`, in the policy's order: `(*out)[i]` is milestone i.
///
/// On success `*out` receives a new array of `*out_len` deadlines (always
/// `tousu_policy_milestone_count(policy)`), which the caller frees with
/// `tousu_deadlines_free(*out, *out_len)`. For many cases at once, without an allocation per
/// case, see `tousu_policy_deadlines_many`.
///
/// ```c
/// tousu_deadline *all = NULL;
/// size_t n = 0, i;
/// if (tousu_policy_deadlines(policy, c, cn, 1728352800, &all, &n, &err) == TOUSU_STATUS_OK) {
///     for (i = 0; i < n; i++)
///         printf("%s %s\n", tousu_policy_milestone_id(policy, all[i].milestone),
///                tousu_deadline_status_name(all[i].status));
///     tousu_deadlines_free(all, n);
/// }
/// ```
///
/// Fails with `TOUSU_STATUS_POLICY_CALENDAR_MISMATCH` when `cal` is not the calendar the policy
/// names (`tousu_policy_calendar`), `TOUSU_STATUS_DATE_OUT_OF_COVERAGE` when a date needed lies
/// outside the calendar's years (a deadline is never guessed), `TOUSU_STATUS_INVALID_TIMESTAMP`
/// when `now` is beyond the years a date can hold, `TOUSU_STATUS_NULL_ARGUMENT` for a NULL
/// pointer. On failure `*out` and `*out_len` are not touched.
///
/// Reads only: one policy and one calendar may serve any number of threads at once, each with
/// its own case (or a shared case that no thread changes meanwhile).
///
/// # Safety
/// `policy`, `case_` and `cal` are NULL or live handles that no thread changes during the call;
/// `out`, `out_len` and `err` are NULL or writable.
#[no_mangle]
pub unsafe extern "C" fn tousu_policy_deadlines(
    policy: *const tousu_policy,
    case_: *const tousu_case,
    cal: *const tousu_calendar,
    now: i64,
    out: *mut *mut tousu_deadline,
    out_len: *mut usize,
    err: *mut *mut tousu_error,
) -> tousu_status {
    guard("tousu_policy_deadlines", err, |call| {
        // SAFETY: the contract above.
        let (question, out, out_len) = unsafe {
            (
                Question::new(call, policy, case_, cal)?,
                call.out("out", out)?,
                call.out("out_len", out_len)?,
            )
        };
        let typed = question.typed(call, now)?;
        out_len.write(typed.len());
        out.write(Box::into_raw(typed).cast());
        Ok(())
    })
}

/// The deadlines of `len` cases in one call, typed as by `tousu_policy_deadlines`: case i's
/// milestone j is `out[i * m + j]`, where m is `tousu_policy_milestone_count(policy)`. The hot
/// path: no JSON, and no allocation per case (one buffer of core's figures serves every case).
///
/// The caller provides `out`, room for `len * m` deadlines. Everything succeeds or nothing is
/// written: on the first case that fails (a NULL element, a date outside the calendar's years),
/// `*failed_index` (when not NULL) receives its index, the message starts with `element <i>: `,
/// and `out` is not touched. A calendar the policy does not name fails at element 0. NULL
/// arrays are allowed when `len` is 0 (then nothing is asked of core, and the call succeeds).
/// Thread-safe on a shared policy and calendar (each thread with its own cases, or cases no
/// thread changes).
///
/// ```c
/// size_t m = tousu_policy_milestone_count(policy), bad, i, j;
/// tousu_deadline *d = malloc(n * m * sizeof *d);   // cases: n tousu_case pointers
/// if (tousu_policy_deadlines_many(policy, cases, n, cn, now, d, &bad, &err) == TOUSU_STATUS_OK) {
///     for (i = 0; i < n; i++)
///         for (j = 0; j < m; j++)
///             if (d[i * m + j].status == TOUSU_DEADLINE_STATUS_BREACHED)
///                 printf("case %zu: %s breached\n", i, tousu_policy_milestone_id(policy, j));
/// } else {
///     fprintf(stderr, "case %zu: %s\n", bad, tousu_error_message(err));
/// }
/// ```
///
/// Errors as for `tousu_policy_deadlines`, with `TOUSU_STATUS_NULL_ARGUMENT` for a NULL
/// `policy` or `cal`, a NULL `cases` or `out` when `len` is not 0, or a NULL element of
/// `cases`.
///
/// # Safety
/// `policy` and `cal` are NULL or live handles that no thread changes during the call;
/// `cases` is NULL or readable for `len` pointers, each NULL or a live case no thread changes
/// during the call; `out` is NULL or writable for `len * tousu_policy_milestone_count(policy)`
/// deadlines; `failed_index` and `err` are NULL or writable.
#[no_mangle]
pub unsafe extern "C" fn tousu_policy_deadlines_many(
    policy: *const tousu_policy,
    cases: *const *const tousu_case,
    len: usize,
    cal: *const tousu_calendar,
    now: i64,
    out: *mut tousu_deadline,
    failed_index: *mut usize,
    err: *mut *mut tousu_error,
) -> tousu_status {
    guard_elements("tousu_policy_deadlines_many", err, failed_index, |call| {
        // SAFETY: the contract above.
        let policy = unsafe { call.get("policy", policy)? };
        if cases.is_null() && len > 0 {
            return Err(call.null_array("cases", len).into());
        }
        // SAFETY: the contract above.
        let cal = unsafe { call.get("cal", cal)? };
        let now = call.unix_seconds("now", now)?;
        if out.is_null() && len > 0 {
            return Err(call.null_array("out", len).into());
        }
        let milestones = policy.inner.milestones().len();
        // Converted into a buffer first, so that a failure leaves `out` as it was.
        let mut typed = Vec::new();
        len.checked_mul(milestones)
            .and_then(|total| typed.try_reserve_exact(total).ok())
            .ok_or_else(|| Error::Usage {
                code: ErrorCode::Internal,
                message: format!("tousu_policy_deadlines_many: no memory for {len} cases of {milestones} deadlines"),
            })?;
        let mut figures = Vec::with_capacity(milestones);
        for i in 0..len {
            // SAFETY: i < len, and `cases` is readable for len pointers by the contract above.
            let case = unsafe { cases.add(i).read().as_ref() };
            let outcome = case.ok_or_else(|| call.null(&format!("cases[{i}]"))).and_then(|case| {
                policy
                    .inner
                    .deadline_figures(&case.inner, &cal.inner, now, &mut figures)?;
                if figures.len() != milestones {
                    return Err(call.internal(&format!("{} deadlines for {milestones} milestones", figures.len())));
                }
                for f in &figures {
                    typed.push(tousu_deadline::new(call, f)?);
                }
                Ok(())
            });
            outcome.map_err(|e| Failure::element(i, e))?;
        }
        // SAFETY: `out` is writable for len * milestones deadlines, exactly what `typed` holds
        // (checked per case above); a Vec's memory and the caller's do not overlap.
        unsafe { ptr::copy_nonoverlapping(typed.as_ptr(), out, typed.len()) };
        Ok(())
    })
}

/// The same deadlines in core's JSON form (the form of Python's `Deadline.to_dict`), as a JSON
/// array in the policy's order. Each element has `milestone` (the id), `unit`, `status`,
/// `started`, `due`, `met_at` (RFC 3339 with the offset, or null), `met_by` (an action or
/// null), `elapsed`, `remaining`, `paused_time` (seconds, as in `tousu_deadline`),
/// `extensions` and `extensions_over_limit` (each `{"at", "reason", "approved_by",
/// "working_days"}`) and `paused` (each `{"from", "until"}`, `until` null while paused):
///
/// ```json
/// [{"milestone":"acknowledge","unit":"working_days","status":"pending",
///   "started":"2024-09-30T16:00:00+08:00","due":"2024-10-08T23:59:59+08:00","met_at":null,
///   "met_by":null,"elapsed":3600,"remaining":14400,"extensions":[],
///   "extensions_over_limit":[],"paused":[],"paused_time":0}, ...]
/// ```
///
/// On success `*out` receives a new string that the caller frees with `tousu_string_free`.
/// Errors, `now` and threads as for `tousu_policy_deadlines`; on failure `*out` is not touched.
///
/// # Safety
/// As for `tousu_policy_deadlines`, with `out` NULL or writable.
#[no_mangle]
pub unsafe extern "C" fn tousu_policy_deadlines_json(
    policy: *const tousu_policy,
    case_: *const tousu_case,
    cal: *const tousu_calendar,
    now: i64,
    out: *mut *mut c_char,
    err: *mut *mut tousu_error,
) -> tousu_status {
    guard("tousu_policy_deadlines_json", err, |call| {
        // SAFETY: the contract above.
        let (question, out) = unsafe { (Question::new(call, policy, case_, cal)?, call.out("out", out)?) };
        let all = question.deadlines(call, now)?;
        let json =
            serde_json::to_string(&all).map_err(|e| call.internal(&format!("deadlines did not serialize: {e}")))?;
        out.write(into_c_string(call, json)?);
        Ok(())
    })
}

/// Frees an array of deadlines from `tousu_policy_deadlines`, with the length that call gave.
/// NULL is a no-op.
///
/// # Safety
/// `deadlines` is NULL or an array from `tousu_policy_deadlines`, not freed before, and `len`
/// is the `*out_len` of that call; the array is invalid afterwards.
#[no_mangle]
pub unsafe extern "C" fn tousu_deadlines_free(deadlines: *mut tousu_deadline, len: usize) {
    guard_value((), || {
        if !deadlines.is_null() {
            // SAFETY: created by `Box::into_raw` of a boxed slice of `len` elements, freed once.
            drop(unsafe { Box::from_raw(ptr::slice_from_raw_parts_mut(deadlines, len)) });
        }
    })
}

// --- names ----------------------------------------------------------------------------------

static STATUS_NAMES: Names = Names::new();
static UNIT_NAMES: Names = Names::new();

/// The snake_case name of a deadline status, as in the JSON form: `"pending"`, `"met"`,
/// `"met_late"`, `"at_risk"`, `"breached"`, `"paused"`, `"not_applicable"`.
///
/// `status` is a plain number so that any value can be asked about. Returns NULL when it is not
/// a status of this build. The string is static: never free it. Thread-safe.
#[no_mangle]
pub extern "C" fn tousu_deadline_status_name(status: u32) -> *const c_char {
    guard_value(ptr::null(), || {
        STATUS_NAMES.find(status, || {
            STATUSES.iter().map(|&s| (status_of(s) as u32, s.name())).collect()
        })
    })
}

/// The name of a unit, as in policy files and the JSON form: `"working_days"`,
/// `"working_days_close_of_business"`, `"calendar_days"`, `"weeks"`, `"months"`,
/// `"working_hours"`, `"time_of_day"`.
///
/// NULL when `unit` is not a unit of this build. The string is static: never free it.
/// Thread-safe.
#[no_mangle]
pub extern "C" fn tousu_deadline_unit_name(unit: u32) -> *const c_char {
    guard_value(ptr::null(), || {
        UNIT_NAMES.find(unit, || {
            Unit::ALL
                .iter()
                .filter_map(|&u| Some((tousu_deadline_unit::from_unit(u)? as u32, u.name())))
                .collect()
        })
    })
}
