//! `tousu_policy`: a deadline policy (core's `Policy`), read once and shared.
//!
//! The handle keeps C copies of the strings its accessors hand out, so an accessor is a field
//! read: no allocation, and a pointer that lives as long as the policy.

use std::ffi::{c_char, CString};
use std::ptr;
use std::sync::OnceLock;

use tousu_core::{Policy, PRESET_POLICIES};

use crate::error::{c_text, tousu_error};
use crate::panic::{guard, guard_value};
use crate::status::tousu_status;

/// A deadline policy: the milestones of a case (acknowledge, answer time, resolve, callback,
/// ...), each with a duration, a unit, an anchor and the actions that meet it, on the business
/// hours and working-day calendar the policy names. Presets: `cn.branch`, `cn.firm`,
/// `cn.feedback`, `uk.fca.disp`, `uk.fca.disp.psd`, `us.cfpb` (`tousu_policy_preset_id`).
///
/// Created by `tousu_policy_preset` or `tousu_policy_from_toml`, freed by `tousu_policy_free`.
/// A policy is immutable: nothing changes it after it is built, so one policy may be used by
/// any number of threads at once (`tousu_policy_deadlines` takes it as `const`).
#[allow(non_camel_case_types)]
pub struct tousu_policy {
    pub(crate) inner: Policy,
    id: CString,
    name: CString,
    calendar: CString,
    milestone_ids: Vec<CString>,
}

fn boxed(inner: Policy) -> *mut tousu_policy {
    let policy = tousu_policy {
        id: c_text(inner.id()),
        name: c_text(inner.name()),
        calendar: c_text(inner.calendar()),
        milestone_ids: inner.milestones().iter().map(|m| c_text(&m.id)).collect(),
        inner,
    };
    Box::into_raw(Box::new(policy))
}

// --- construction ---------------------------------------------------------------------------

/// A preset policy shipped with tousu, by id: `"cn.branch"` (a securities branch: acknowledge
/// in 1 working day, an answer time by 15:30, resolve in 5 working days, ...), `"cn.firm"`,
/// `"cn.feedback"`, `"uk.fca.disp"`, `"uk.fca.disp.psd"` or `"us.cfpb"`.
///
/// On success `*out` receives a new policy that the caller frees with `tousu_policy_free`.
/// Each call reads the preset again (well under a millisecond): keep the policy rather than
/// asking again. Fails with `TOUSU_STATUS_UNKNOWN_POLICY` for another id (the message lists the
/// presets), `TOUSU_STATUS_NULL_ARGUMENT` or `TOUSU_STATUS_INVALID_UTF8`; then `*out` is not
/// touched.
///
/// # Safety
/// `id` is NULL or a NUL-terminated string; `out` and `err` are NULL or writable.
#[no_mangle]
pub unsafe extern "C" fn tousu_policy_preset(
    id: *const c_char,
    out: *mut *mut tousu_policy,
    err: *mut *mut tousu_error,
) -> tousu_status {
    guard("tousu_policy_preset", err, |call| {
        // SAFETY: the contract above.
        let (id, out) = unsafe { (call.str("id", id)?, call.out("out", out)?) };
        out.write(boxed(Policy::preset(id)?));
        Ok(())
    })
}

/// Reads a policy from TOML text, in the format of `core/data/policies/README.md`:
///
/// ```toml
/// [policy]
/// id = "acme.branch"
/// version = 1
/// name = "Acme branch"
/// calendar = "CN"
/// source = "Acme complaint procedure 2024"
/// applies_to = ["complaint"]
/// [policy.business_hours]
/// time_zone = "+08:00"
/// windows = ["09:00-11:30", "13:00-15:30"]
/// receipt_cutoff = "15:30"
/// [[milestone]]
/// id = "acknowledge"
/// label = "Acknowledge receipt"
/// from = "received"
/// due = { amount = 1, unit = "working_days" }
/// met_by = ["acknowledged"]
/// ```
///
/// `file_name` is optional (NULL for none): when given, error messages name it, e.g.
/// `policy acme.branch (acme.toml): line 17 column 16: milestone `acknowledge`: due.unit: ...`.
///
/// On success `*out` receives a new policy (free it with `tousu_policy_free`). A file with
/// problems fails with the status of the first problem (5000-5010: `TOUSU_STATUS_POLICY_SYNTAX`,
/// `TOUSU_STATUS_POLICY_UNKNOWN_UNIT`, `TOUSU_STATUS_POLICY_ANCHOR_CYCLE`, ...) and an error
/// whose message lists every problem, each with its line and column, the milestone it is about
/// and the field path, as for calendar files. `TOUSU_STATUS_NULL_ARGUMENT` or
/// `TOUSU_STATUS_INVALID_UTF8` for bad arguments. On failure `*out` is not touched.
///
/// # Safety
/// `toml` is NULL or a NUL-terminated string; `file_name` is NULL or a NUL-terminated string;
/// `out` and `err` are NULL or writable.
#[no_mangle]
pub unsafe extern "C" fn tousu_policy_from_toml(
    toml: *const c_char,
    file_name: *const c_char,
    out: *mut *mut tousu_policy,
    err: *mut *mut tousu_error,
) -> tousu_status {
    guard("tousu_policy_from_toml", err, |call| {
        // SAFETY: the contract above.
        let (text, file, out) = unsafe {
            (
                call.str("toml", toml)?,
                call.optional_str("file_name", file_name)?,
                call.out("out", out)?,
            )
        };
        out.write(boxed(Policy::from_toml_named(text, file)?));
        Ok(())
    })
}

/// Frees a policy. NULL is a no-op.
///
/// # Safety
/// `policy` is NULL or a policy from this library, not freed before and no longer in use by
/// any thread; it is invalid afterwards, and so are the strings its accessors returned.
#[no_mangle]
pub unsafe extern "C" fn tousu_policy_free(policy: *mut tousu_policy) {
    guard_value((), || {
        if !policy.is_null() {
            // SAFETY: created by `Box::into_raw` in `boxed`, freed once.
            drop(unsafe { Box::from_raw(policy) });
        }
    })
}

// --- description ----------------------------------------------------------------------------

/// Reads a string field of a policy: NULL for a NULL policy.
///
/// # Safety
/// `policy` is NULL or a live policy.
unsafe fn text_of(policy: *const tousu_policy, field: fn(&tousu_policy) -> &CString) -> *const c_char {
    // SAFETY: by the caller's contract.
    let policy = unsafe { policy.as_ref() };
    guard_value(ptr::null(), || policy.map_or(ptr::null(), |p| field(p).as_ptr()))
}

/// The policy's id (`"cn.branch"`). The string belongs to the policy: valid until
/// `tousu_policy_free(policy)`, never freed by the caller. NULL when `policy` is NULL.
///
/// # Safety
/// `policy` is NULL or a live policy.
#[no_mangle]
pub unsafe extern "C" fn tousu_policy_id(policy: *const tousu_policy) -> *const c_char {
    // SAFETY: the contract above.
    unsafe { text_of(policy, |p| &p.id) }
}

/// The policy's English name. Ownership as for `tousu_policy_id`; NULL when `policy` is NULL.
///
/// # Safety
/// `policy` is NULL or a live policy.
#[no_mangle]
pub unsafe extern "C" fn tousu_policy_name(policy: *const tousu_policy) -> *const c_char {
    // SAFETY: the contract above.
    unsafe { text_of(policy, |p| &p.name) }
}

/// The code of the calendar the policy counts working days on (`"CN"`): deadlines must be
/// asked on a calendar with this code (`tousu_calendar_builtin(tousu_policy_calendar(p), ...)`).
/// Ownership as for `tousu_policy_id`; NULL when `policy` is NULL.
///
/// # Safety
/// `policy` is NULL or a live policy.
#[no_mangle]
pub unsafe extern "C" fn tousu_policy_calendar(policy: *const tousu_policy) -> *const c_char {
    // SAFETY: the contract above.
    unsafe { text_of(policy, |p| &p.calendar) }
}

/// The policy's version, as written in its file; 0 when `policy` is NULL.
///
/// # Safety
/// `policy` is NULL or a live policy.
#[no_mangle]
pub unsafe extern "C" fn tousu_policy_version(policy: *const tousu_policy) -> u32 {
    // SAFETY: the contract above.
    let policy = unsafe { policy.as_ref() };
    guard_value(0, || policy.map_or(0, |p| p.inner.version()))
}

/// How many milestones the policy has (each deadline call gives exactly this many deadlines,
/// in this order); 0 when `policy` is NULL.
///
/// # Safety
/// `policy` is NULL or a live policy.
#[no_mangle]
pub unsafe extern "C" fn tousu_policy_milestone_count(policy: *const tousu_policy) -> usize {
    // SAFETY: the contract above.
    let policy = unsafe { policy.as_ref() };
    guard_value(0, || policy.map_or(0, |p| p.milestone_ids.len()))
}

/// The id of milestone `index` (0-based, in the policy's order): `"acknowledge"`,
/// `"answer_time"`, `"resolve"`, ... This is how a `tousu_deadline` (whose `milestone` is an
/// index) is named.
///
/// The string belongs to the policy: valid until `tousu_policy_free(policy)`. NULL when
/// `policy` is NULL or `index >= tousu_policy_milestone_count(policy)`.
///
/// # Safety
/// `policy` is NULL or a live policy.
#[no_mangle]
pub unsafe extern "C" fn tousu_policy_milestone_id(policy: *const tousu_policy, index: usize) -> *const c_char {
    // SAFETY: the contract above.
    let policy = unsafe { policy.as_ref() };
    guard_value(ptr::null(), || {
        policy
            .and_then(|p| p.milestone_ids.get(index))
            .map_or(ptr::null(), |id| id.as_ptr())
    })
}

// --- presets --------------------------------------------------------------------------------

fn preset_ids() -> &'static [CString] {
    static IDS: OnceLock<Vec<CString>> = OnceLock::new();
    IDS.get_or_init(|| PRESET_POLICIES.iter().map(|id| c_text(id)).collect())
}

/// How many preset policies this build ships (`tousu_policy_preset_id` names them).
/// Thread-safe.
#[no_mangle]
pub extern "C" fn tousu_policy_preset_count() -> usize {
    guard_value(0, || preset_ids().len())
}

/// The id of preset `index` (0-based), for `tousu_policy_preset`: `"cn.branch"`, `"cn.firm"`,
/// `"cn.feedback"`, `"uk.fca.disp"`, `"uk.fca.disp.psd"`, `"us.cfpb"`. NULL when `index >=
/// tousu_policy_preset_count()`. The string is static: never free it. Thread-safe.
#[no_mangle]
pub extern "C" fn tousu_policy_preset_id(index: usize) -> *const c_char {
    guard_value(ptr::null(), || {
        preset_ids().get(index).map_or(ptr::null(), |id| id.as_ptr())
    })
}
