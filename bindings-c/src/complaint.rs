//! `tousu_complaint`: a validated complaint record.

use std::ffi::c_char;

use tousu_core::Complaint;

use crate::error::tousu_error;
use crate::panic::{guard, guard_value};
use crate::status::tousu_status;
use crate::string::into_c_string;

/// A complaint as registered (the register form, 《客户投诉处理登记表》): who complains, about
/// what, through which channel, with what demand. It is always valid: the only way to get one
/// is `tousu_complaint_from_json`, which validates.
///
/// Created by `tousu_complaint_from_json`, freed by `tousu_complaint_free`. No function changes
/// a complaint after it is created. A complaint is not synchronized: use it from one thread at
/// a time (it may move between threads); distinct complaints are independent.
#[allow(non_camel_case_types)]
pub struct tousu_complaint {
    pub(crate) inner: Complaint,
}

/// Reads a complaint from JSON and validates it.
///
/// `json` is a NUL-terminated UTF-8 JSON object (the schema of core's `Complaint`); it is only
/// read during the call. On success `*out` receives a new complaint that the caller frees with
/// `tousu_complaint_free`.
///
/// Fails with `TOUSU_STATUS_MALFORMED_JSON`, `_UNKNOWN_FIELD`, `_UNKNOWN_VARIANT`,
/// `_MISSING_FIELD` or `_INVALID_TIMESTAMP` when the text cannot be read, and with
/// `TOUSU_STATUS_INVALID_COMPLAINT` listing every problem (`tousu_error_field_path`) when it
/// can be read but is not a valid record. `TOUSU_STATUS_NULL_ARGUMENT` when `json` or `out`
/// is NULL, `TOUSU_STATUS_INVALID_UTF8` when `json` is not UTF-8. On failure `*out` is not
/// touched.
///
/// # Safety
/// `json` is NULL or a NUL-terminated string; `out` is NULL or writable; `err` is NULL or
/// writable.
#[no_mangle]
pub unsafe extern "C" fn tousu_complaint_from_json(
    json: *const c_char,
    out: *mut *mut tousu_complaint,
    err: *mut *mut tousu_error,
) -> tousu_status {
    guard("tousu_complaint_from_json", err, |call| {
        // SAFETY: the contract above.
        let (json, out) = unsafe { (call.str("json", json)?, call.out("out", out)?) };
        let inner = Complaint::from_json(json)?;
        out.write(Box::into_raw(Box::new(tousu_complaint { inner })));
        Ok(())
    })
}

/// Writes a complaint as JSON. `tousu_complaint_from_json` reads the text back equal.
///
/// On success `*out` receives a new NUL-terminated UTF-8 string that the caller frees with
/// `tousu_string_free`. `TOUSU_STATUS_NULL_ARGUMENT` when `complaint` or `out` is NULL; on
/// failure `*out` is not touched.
///
/// # Safety
/// `complaint` is NULL or a live complaint; `out` and `err` are NULL or writable.
#[no_mangle]
pub unsafe extern "C" fn tousu_complaint_to_json(
    complaint: *const tousu_complaint,
    out: *mut *mut c_char,
    err: *mut *mut tousu_error,
) -> tousu_status {
    guard("tousu_complaint_to_json", err, |call| {
        // SAFETY: the contract above.
        let (complaint, out) = unsafe { (call.get("complaint", complaint)?, call.out("out", out)?) };
        out.write(into_c_string(call, complaint.inner.to_json())?);
        Ok(())
    })
}

/// Frees a complaint. NULL is a no-op. Cases registered from it are independent copies and
/// stay valid.
///
/// # Safety
/// `complaint` is NULL or a complaint from this library, not freed before; it is invalid
/// afterwards.
#[no_mangle]
pub unsafe extern "C" fn tousu_complaint_free(complaint: *mut tousu_complaint) {
    guard_value((), || {
        if !complaint.is_null() {
            // SAFETY: created by `Box::into_raw` in `tousu_complaint_from_json`, freed once.
            drop(unsafe { Box::from_raw(complaint) });
        }
    })
}
