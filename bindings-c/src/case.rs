//! `tousu_case`: a complaint and its history of events; `tousu_stage`.

use std::ffi::{c_char, CString};
use std::sync::OnceLock;

use tousu_core::{Case, Event, Stage};

use crate::complaint::tousu_complaint;
use crate::error::tousu_error;
use crate::panic::{guard, guard_value};
use crate::status::tousu_status;
use crate::string::into_c_string;

/// Where a case stands in the complaint procedure (core's `Stage`).
///
/// Numbers are stable and never reused. New stages may be added in later versions.
/// `tousu_stage_name` gives the snake_case name used in JSON (`"in_handling"`).
#[allow(non_camel_case_types)]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[repr(u32)]
pub enum tousu_stage {
    /// Registered, nobody assigned yet; the receiver owns it (R5).
    Registered = 1,
    /// A handler is working on it.
    InHandling = 2,
    /// A resolution was decided; not yet fed back.
    Resolved = 3,
    /// The result was fed back to the complainant (R20).
    ResultFedBack = 4,
    /// The customer took it beyond the firm: appeal, mediation, arbitration, litigation (R22).
    Disputed = 5,
    /// Closed with the close-out record (R23).
    Closed = 6,
    /// The complainant withdrew it.
    Withdrawn = 7,
    /// In the yearly archive volume (R24); nothing more may be recorded.
    Archived = 8,
}

impl tousu_stage {
    /// The C value of a core stage. `Stage` is `#[non_exhaustive]`: a stage core adds before
    /// this enum learns it is `None` (the call then fails with `TOUSU_STATUS_INTERNAL`), and
    /// the header test in `status.rs` fails until it is added here.
    pub(crate) fn from_stage(stage: Stage) -> Option<tousu_stage> {
        Some(match stage {
            Stage::Registered => tousu_stage::Registered,
            Stage::InHandling => tousu_stage::InHandling,
            Stage::Resolved => tousu_stage::Resolved,
            Stage::ResultFedBack => tousu_stage::ResultFedBack,
            Stage::Disputed => tousu_stage::Disputed,
            Stage::Closed => tousu_stage::Closed,
            Stage::Withdrawn => tousu_stage::Withdrawn,
            Stage::Archived => tousu_stage::Archived,
            _ => return None,
        })
    }
}

/// Core's stage names as NUL-terminated strings, by `tousu_stage` number.
fn stage_names() -> &'static [(u32, CString)] {
    static NAMES: OnceLock<Vec<(u32, CString)>> = OnceLock::new();
    NAMES.get_or_init(|| {
        Stage::ALL
            .iter()
            .filter_map(|&s| Some((tousu_stage::from_stage(s)? as u32, CString::new(s.name()).ok()?)))
            .collect()
    })
}

/// The snake_case name of a stage, as in JSON and in the case state: `"registered"`,
/// `"in_handling"`, `"resolved"`, `"result_fed_back"`, `"disputed"`, `"closed"`, `"withdrawn"`,
/// `"archived"`.
///
/// `stage` is a plain number so that any value can be asked about. Returns NULL when it is not
/// a stage of this build. The string is static: never free it. Thread-safe.
#[no_mangle]
pub extern "C" fn tousu_stage_name(stage: u32) -> *const c_char {
    guard_value(std::ptr::null(), || {
        stage_names()
            .iter()
            .find(|(n, _)| *n == stage)
            .map_or(std::ptr::null(), |(_, name)| name.as_ptr())
    })
}

/// A case: a complaint and the events that happened to it, registration first. Its state
/// (stage, owner, handler, promised answer time, ...) is derived from the events, never stored,
/// so a case read back from its JSON is the same case.
///
/// Created by `tousu_case_register` or `tousu_case_from_json`, changed only by
/// `tousu_case_apply_json`, freed by `tousu_case_free`. A case owns its own copy of the
/// complaint. A case is not synchronized: use it from one thread at a time (it may move
/// between threads); distinct cases are independent.
#[allow(non_camel_case_types)]
pub struct tousu_case {
    pub(crate) inner: Case,
}

fn boxed(inner: Case) -> *mut tousu_case {
    Box::into_raw(Box::new(tousu_case { inner }))
}

/// Opens a case: validates a copy of `complaint` and records `registration_event_json`, which
/// must be a `registered` event dated no earlier than the complaint was received.
///
/// The event is a JSON object: `{"at": "2024-03-01T09:35:00+08:00", "actor": "S001",
/// "action": {"registered": {}}}`. `complaint` is only read; the caller still owns and frees
/// it. On success `*out` receives a new case that the caller frees with `tousu_case_free`.
///
/// Fails with a parse status or `TOUSU_STATUS_INVALID_EVENT` for the event text, with
/// `TOUSU_STATUS_REGISTRATION_OUT_OF_PLACE` when the event is not a registration, with
/// `TOUSU_STATUS_REGISTERED_BEFORE_RECEIPT` when it predates receipt (the error's event index is
/// 0), with `TOUSU_STATUS_NULL_ARGUMENT` or `TOUSU_STATUS_INVALID_UTF8` for bad arguments. On
/// failure `*out` is not touched.
///
/// # Safety
/// `complaint` is NULL or a live complaint; `registration_event_json` is NULL or a
/// NUL-terminated string; `out` and `err` are NULL or writable.
#[no_mangle]
pub unsafe extern "C" fn tousu_case_register(
    complaint: *const tousu_complaint,
    registration_event_json: *const c_char,
    out: *mut *mut tousu_case,
    err: *mut *mut tousu_error,
) -> tousu_status {
    guard("tousu_case_register", err, |call| {
        // SAFETY: the contract above.
        let (complaint, json, out) = unsafe {
            (
                call.get("complaint", complaint)?,
                call.str("registration_event_json", registration_event_json)?,
                call.out("out", out)?,
            )
        };
        let registration = Event::from_json(json)?;
        let case = Case::register(complaint.inner.clone(), registration)?;
        out.write(boxed(case));
        Ok(())
    })
}

/// Reads a case file, as written by `tousu_case_to_json`:
/// `{"schema_version": 1, "complaint": {...}, "events": [{...}, ...]}`. The events are replayed,
/// so a file whose history breaks the procedure is refused with the rule it breaks.
///
/// On success `*out` receives a new case that the caller frees with `tousu_case_free`.
/// Fails with a parse status, `TOUSU_STATUS_UNSUPPORTED_SCHEMA_VERSION`,
/// `TOUSU_STATUS_INVALID_COMPLAINT`, `TOUSU_STATUS_INVALID_EVENT`, a rule status (the error's
/// event index names the event), `TOUSU_STATUS_NULL_ARGUMENT` or `TOUSU_STATUS_INVALID_UTF8`.
/// On failure `*out` is not touched.
///
/// # Safety
/// `json` is NULL or a NUL-terminated string; `out` and `err` are NULL or writable.
#[no_mangle]
pub unsafe extern "C" fn tousu_case_from_json(
    json: *const c_char,
    out: *mut *mut tousu_case,
    err: *mut *mut tousu_error,
) -> tousu_status {
    guard("tousu_case_from_json", err, |call| {
        // SAFETY: the contract above.
        let (json, out) = unsafe { (call.str("json", json)?, call.out("out", out)?) };
        out.write(boxed(Case::from_json(json)?));
        Ok(())
    })
}

/// Records one event, after checking it against the procedure.
///
/// `event_json` is a JSON event, e.g. `{"at": "2024-03-01T10:00:00+08:00", "actor": "S001",
/// "action": {"assigned": {"handler": "S010"}}}`; it is only read during the call.
///
/// Fails with a parse status or `TOUSU_STATUS_INVALID_EVENT` for the event text, and with the
/// status of the rule the event breaks (3000-3999: `TOUSU_STATUS_EVENT_OUT_OF_ORDER`,
/// `TOUSU_STATUS_RECUSAL_REQUIRED`, `TOUSU_STATUS_RESULT_NOT_FED_BACK`, ...); the error then
/// names the rule (`tousu_error_rule`) and the event's index. A refused event leaves the case
/// exactly as it was: same events, same state. `TOUSU_STATUS_NULL_ARGUMENT` or
/// `TOUSU_STATUS_INVALID_UTF8` for bad arguments.
///
/// # Safety
/// `case_` is NULL or a live case not in use by another thread; `event_json` is NULL or a
/// NUL-terminated string; `err` is NULL or writable.
#[no_mangle]
pub unsafe extern "C" fn tousu_case_apply_json(
    case_: *mut tousu_case,
    event_json: *const c_char,
    err: *mut *mut tousu_error,
) -> tousu_status {
    guard("tousu_case_apply_json", err, |call| {
        // SAFETY: the contract above.
        let (case, json) = unsafe { (call.get_mut("case_", case_)?, call.str("event_json", event_json)?) };
        let event = Event::from_json(json)?;
        case.inner.apply(event)?;
        Ok(())
    })
}

/// The stage the case is at. On success writes `*out`; `TOUSU_STATUS_NULL_ARGUMENT` when
/// `case_` or `out` is NULL (then `*out` is not touched).
///
/// # Safety
/// `case_` is NULL or a live case; `out` and `err` are NULL or writable.
#[no_mangle]
pub unsafe extern "C" fn tousu_case_stage(
    case_: *const tousu_case,
    out: *mut tousu_stage,
    err: *mut *mut tousu_error,
) -> tousu_status {
    guard("tousu_case_stage", err, |call| {
        // SAFETY: the contract above.
        let (case, out) = unsafe { (call.get("case_", case_)?, call.out("out", out)?) };
        let stage = case.inner.state().stage;
        let stage = tousu_stage::from_stage(stage)
            .ok_or_else(|| call.internal(&format!("stage `{}` has no tousu_stage value", stage.name())))?;
        out.write(stage);
        Ok(())
    })
}

/// How many events the case has recorded, the registration included (so at least 1). On
/// success writes `*out`; `TOUSU_STATUS_NULL_ARGUMENT` when `case_` or `out` is NULL.
///
/// # Safety
/// `case_` is NULL or a live case; `out` and `err` are NULL or writable.
#[no_mangle]
pub unsafe extern "C" fn tousu_case_event_count(
    case_: *const tousu_case,
    out: *mut usize,
    err: *mut *mut tousu_error,
) -> tousu_status {
    guard("tousu_case_event_count", err, |call| {
        // SAFETY: the contract above.
        let (case, out) = unsafe { (call.get("case_", case_)?, call.out("out", out)?) };
        out.write(case.inner.events().len());
        Ok(())
    })
}

/// The state derived from the events, as a JSON object: `stage`, `owner`, `handler`, `level`,
/// `acknowledged_at`, `answer_by`, `result_fed_back_at`, `closed_at`, `archive_volume`, ...
/// (core's `CaseState`). It is a report, not an input: nothing reads it back.
///
/// On success `*out` receives a new string that the caller frees with `tousu_string_free`;
/// `TOUSU_STATUS_NULL_ARGUMENT` when `case_` or `out` is NULL (then `*out` is not touched).
///
/// # Safety
/// `case_` is NULL or a live case; `out` and `err` are NULL or writable.
#[no_mangle]
pub unsafe extern "C" fn tousu_case_state_json(
    case_: *const tousu_case,
    out: *mut *mut c_char,
    err: *mut *mut tousu_error,
) -> tousu_status {
    guard("tousu_case_state_json", err, |call| {
        // SAFETY: the contract above.
        let (case, out) = unsafe { (call.get("case_", case_)?, call.out("out", out)?) };
        out.write(into_c_string(call, case.inner.state_json())?);
        Ok(())
    })
}

/// The case file as JSON, with its schema version: `tousu_case_from_json` reads it back as the
/// same case (and writes the same text again).
///
/// On success `*out` receives a new string that the caller frees with `tousu_string_free`;
/// `TOUSU_STATUS_NULL_ARGUMENT` when `case_` or `out` is NULL (then `*out` is not touched).
///
/// # Safety
/// `case_` is NULL or a live case; `out` and `err` are NULL or writable.
#[no_mangle]
pub unsafe extern "C" fn tousu_case_to_json(
    case_: *const tousu_case,
    out: *mut *mut c_char,
    err: *mut *mut tousu_error,
) -> tousu_status {
    guard("tousu_case_to_json", err, |call| {
        // SAFETY: the contract above.
        let (case, out) = unsafe { (call.get("case_", case_)?, call.out("out", out)?) };
        out.write(into_c_string(call, case.inner.to_json())?);
        Ok(())
    })
}

/// Frees a case. NULL is a no-op.
///
/// # Safety
/// `case_` is NULL or a case from this library, not freed before; it is invalid afterwards.
#[no_mangle]
pub unsafe extern "C" fn tousu_case_free(case_: *mut tousu_case) {
    guard_value((), || {
        if !case_.is_null() {
            // SAFETY: created by `Box::into_raw` in `boxed`, freed once.
            drop(unsafe { Box::from_raw(case_) });
        }
    })
}
