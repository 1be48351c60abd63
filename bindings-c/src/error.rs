//! `tousu_error`: what went wrong, for a caller that asked (the optional last out-parameter).

use std::ffi::{c_char, CString};
use std::ptr;

use tousu_core::Error;

use crate::panic::guard_value;
use crate::status::tousu_status;

/// The details of a failed call: its status, a message, the field problems of a validation
/// error, and the rule and event index of a refused event.
///
/// Every fallible function takes an optional last parameter `tousu_error **err`. When it is not
/// NULL and the call fails, `*err` receives a new error; the caller owns it and frees it with
/// `tousu_error_free`. When the call succeeds `*err` is not touched, so a variable initialized
/// to NULL still holds NULL afterwards. Pass NULL to get the status alone.
///
/// An error is immutable: its accessors may be called from several threads at once. Strings
/// it returns stay valid until the error is freed.
#[allow(non_camel_case_types)]
pub struct tousu_error {
    status: tousu_status,
    message: CString,
    fields: Vec<(CString, CString)>,
    rule: Option<CString>,
    event_index: Option<usize>,
    next_level: Option<CString>,
}

/// A Rust string as a C string. Core messages quote input, and JSON input may hold `\u0000`: an
/// inner NUL is written as the escape `\0` instead of cutting the message short.
pub(crate) fn c_text(text: &str) -> CString {
    CString::new(text.replace('\0', "\\0")).expect("no NUL remains")
}

impl tousu_error {
    /// A heap error for C from a core error; the error of element `element` of an array call
    /// when given: then the message is `element <i>: ` and the error's own message, and every
    /// other detail is the error's, as for a call on that element alone.
    pub(crate) fn boxed(status: tousu_status, element: Option<usize>, error: Error) -> *mut tousu_error {
        let message = match element {
            Some(i) => format!("element {i}: {error}"),
            None => error.to_string(),
        };
        let object = tousu_error {
            status,
            message: c_text(&message),
            fields: error
                .field_errors()
                .iter()
                .map(|f| (c_text(&f.path), c_text(&f.problem)))
                .collect(),
            rule: error.rule().map(|rule| c_text(rule.name())),
            event_index: error.event_index(),
            next_level: match &error {
                Error::Routing {
                    next_level: Some(next), ..
                } => Some(c_text(next)),
                _ => None,
            },
        };
        Box::into_raw(Box::new(object))
    }
}

/// The status of the failed call; `TOUSU_STATUS_NULL_ARGUMENT` when `err` is NULL.
///
/// # Safety
/// `err` is NULL or an error from this library that has not been freed.
#[no_mangle]
pub unsafe extern "C" fn tousu_error_status(err: *const tousu_error) -> tousu_status {
    // SAFETY: `err` is NULL or a live error, by the contract above.
    let err = unsafe { err.as_ref() };
    guard_value(tousu_status::Internal, || {
        err.map_or(tousu_status::NullArgument, |e| e.status)
    })
}

/// What went wrong, in one lowercase line that names the offending value, field path, rule or
/// argument, e.g. `event 5 (closed) rejected: result_not_fed_back (R20): ...`.
///
/// The string belongs to the error: valid until `tousu_error_free(err)`, never freed by the
/// caller. Returns NULL when `err` is NULL.
///
/// # Safety
/// `err` is NULL or an error from this library that has not been freed.
#[no_mangle]
pub unsafe extern "C" fn tousu_error_message(err: *const tousu_error) -> *const c_char {
    // SAFETY: `err` is NULL or a live error, by the contract above.
    let err = unsafe { err.as_ref() };
    guard_value(ptr::null(), || err.map_or(ptr::null(), |e| e.message.as_ptr()))
}

/// How many field problems the error lists: every problem of a `TOUSU_STATUS_INVALID_COMPLAINT`
/// or `TOUSU_STATUS_INVALID_EVENT`, in field order; 0 for every other status and for NULL.
///
/// # Safety
/// `err` is NULL or an error from this library that has not been freed.
#[no_mangle]
pub unsafe extern "C" fn tousu_error_field_count(err: *const tousu_error) -> usize {
    // SAFETY: `err` is NULL or a live error, by the contract above.
    let err = unsafe { err.as_ref() };
    guard_value(0, || err.map_or(0, |e| e.fields.len()))
}

/// The dotted path of field problem `index` (0-based), with list indices:
/// `complainant.contact`, `evidence[2].reference`, `action.closed.cause`.
///
/// The string belongs to the error: valid until `tousu_error_free(err)`. Returns NULL when
/// `err` is NULL or `index >= tousu_error_field_count(err)`.
///
/// # Safety
/// `err` is NULL or an error from this library that has not been freed.
#[no_mangle]
pub unsafe extern "C" fn tousu_error_field_path(err: *const tousu_error, index: usize) -> *const c_char {
    // SAFETY: `err` is NULL or a live error, by the contract above.
    let err = unsafe { err.as_ref() };
    guard_value(ptr::null(), || {
        err.and_then(|e| e.fields.get(index))
            .map_or(ptr::null(), |(path, _)| path.as_ptr())
    })
}

/// What is wrong with field problem `index` (0-based), lowercase, naming the offending value:
/// `is required`, `-500 is negative`.
///
/// The string belongs to the error: valid until `tousu_error_free(err)`. Returns NULL when
/// `err` is NULL or `index >= tousu_error_field_count(err)`.
///
/// # Safety
/// `err` is NULL or an error from this library that has not been freed.
#[no_mangle]
pub unsafe extern "C" fn tousu_error_field_problem(err: *const tousu_error, index: usize) -> *const c_char {
    // SAFETY: `err` is NULL or a live error, by the contract above.
    let err = unsafe { err.as_ref() };
    guard_value(ptr::null(), || {
        err.and_then(|e| e.fields.get(index))
            .map_or(ptr::null(), |(_, problem)| problem.as_ptr())
    })
}

/// The snake_case name of the procedure rule a refused event breaks, e.g. `recusal_required`
/// for `TOUSU_STATUS_RECUSAL_REQUIRED`. NULL when the error is not a rule refusal (statuses
/// outside 3000-3999) or `err` is NULL.
///
/// The string belongs to the error: valid until `tousu_error_free(err)`.
///
/// # Safety
/// `err` is NULL or an error from this library that has not been freed.
#[no_mangle]
pub unsafe extern "C" fn tousu_error_rule(err: *const tousu_error) -> *const c_char {
    // SAFETY: `err` is NULL or a live error, by the contract above.
    let err = unsafe { err.as_ref() };
    guard_value(ptr::null(), || {
        err.and_then(|e| e.rule.as_ref())
            .map_or(ptr::null(), |rule| rule.as_ptr())
    })
}

/// The position the refused event would have had in the case's history (0 = the
/// registration), for a rule refusal; -1 for every other error and for NULL.
///
/// # Safety
/// `err` is NULL or an error from this library that has not been freed.
#[no_mangle]
pub unsafe extern "C" fn tousu_error_event_index(err: *const tousu_error) -> i64 {
    // SAFETY: `err` is NULL or a live error, by the contract above.
    let err = unsafe { err.as_ref() };
    guard_value(-1, || {
        err.and_then(|e| e.event_index)
            .and_then(|i| i64::try_from(i).ok())
            .unwrap_or(-1)
    })
}

/// For `TOUSU_STATUS_NO_ELIGIBLE_HANDLER`: the role the rule set escalates to next
/// (`"branch_general_manager"`), when there is one above the role nobody could take. NULL for
/// every other error, when the chain ends there, and for NULL.
///
/// The string belongs to the error: valid until `tousu_error_free(err)`.
///
/// # Safety
/// `err` is NULL or an error from this library that has not been freed.
#[no_mangle]
pub unsafe extern "C" fn tousu_error_next_level(err: *const tousu_error) -> *const c_char {
    // SAFETY: `err` is NULL or a live error, by the contract above.
    let err = unsafe { err.as_ref() };
    guard_value(ptr::null(), || {
        err.and_then(|e| e.next_level.as_ref())
            .map_or(ptr::null(), |next| next.as_ptr())
    })
}

/// Frees an error and every string it returned. NULL is a no-op.
///
/// # Safety
/// `err` is NULL or an error from this library, not freed before; it is invalid afterwards.
#[no_mangle]
pub unsafe extern "C" fn tousu_error_free(err: *mut tousu_error) {
    guard_value((), || {
        if !err.is_null() {
            // SAFETY: created by `Box::into_raw` in `tousu_error::boxed`, freed once.
            drop(unsafe { Box::from_raw(err) });
        }
    })
}
