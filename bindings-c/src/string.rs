//! Strings handed to C, and `tousu_string_free`.

use std::ffi::{c_char, CString};
use std::sync::OnceLock;

use tousu_core::Error;

use crate::panic::{guard_value, Call};

/// A string for C to own. JSON written by core escapes control characters, so an inner NUL
/// would be a bug; it is reported as one rather than truncating the text.
pub(crate) fn into_c_string(call: Call, text: String) -> Result<*mut c_char, Error> {
    CString::new(text)
        .map(CString::into_raw)
        .map_err(|e| call.internal(&format!("output has a NUL byte at offset {}", e.nul_position())))
}

/// Frees a string returned through a `char **out` parameter (`tousu_complaint_to_json`,
/// `tousu_case_to_json`, `tousu_case_state_json`). NULL is a no-op.
///
/// Use this, never C's `free()`: the string was allocated by Rust's allocator. Strings that
/// belong to an error (`tousu_error_message`, ...) or are static (`tousu_status_name`,
/// `tousu_version`) are not freed with it.
///
/// # Safety
/// `s` is NULL or a string returned by this library through an out-parameter, not freed
/// before; it is invalid afterwards.
#[no_mangle]
pub unsafe extern "C" fn tousu_string_free(s: *mut c_char) {
    guard_value((), || {
        if !s.is_null() {
            // SAFETY: created by `CString::into_raw` in `into_c_string`, freed once.
            drop(unsafe { CString::from_raw(s) });
        }
    })
}

/// Static C names of the values of a C enum, by number, built once: the `_name` functions.
pub(crate) struct Names(OnceLock<Vec<(u32, CString)>>);

impl Names {
    pub(crate) const fn new() -> Names {
        Names(OnceLock::new())
    }

    /// The name of `number`, or NULL; `list` gives every (number, name) on first use.
    pub(crate) fn find(&self, number: u32, list: impl FnOnce() -> Vec<(u32, &'static str)>) -> *const c_char {
        self.0
            .get_or_init(|| {
                list()
                    .into_iter()
                    .filter_map(|(n, name)| Some((n, CString::new(name).ok()?)))
                    .collect()
            })
            .iter()
            .find(|(n, _)| *n == number)
            .map_or(std::ptr::null(), |(_, name)| name.as_ptr())
    }
}
