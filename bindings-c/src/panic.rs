//! The boundary: no panic crosses it, every pointer is checked, strings in are UTF-8.
//!
//! Every fallible extern fn is one call to [`guard`]: its body takes the arguments through a
//! [`Call`] (which names the function and the argument in NULL and UTF-8 errors) and returns a
//! core `Result`; `guard` turns that into a `tousu_status` and, when the caller asked for one,
//! a `tousu_error`. Infallible functions (getters, `_free`) use [`guard_value`].

use std::ffi::{c_char, CStr};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::ptr::NonNull;

use chrono::{DateTime, FixedOffset};
use tousu_core::{Error, ErrorCode};

use crate::error::tousu_error;
use crate::status::tousu_status;

/// Runs the body of the fallible extern fn `function`.
///
/// A panic becomes `TOUSU_STATUS_INTERNAL`. On failure, when `err` is not NULL, `*err`
/// receives a new error object; on success `*err` is not touched.
pub(crate) fn guard(
    function: &'static str,
    err: *mut *mut tousu_error,
    body: impl FnOnce(Call) -> Result<(), Error>,
) -> tousu_status {
    let call = Call { function };
    let outcome = catch_unwind(AssertUnwindSafe(|| body(call)))
        .unwrap_or_else(|payload| Err(Error::from_panic(function, payload.as_ref())));
    let Err(error) = outcome else {
        return tousu_status::Ok;
    };
    let status = tousu_status::from_code(error.code());
    if !err.is_null() {
        // Building the error allocates; a panic there must not cross the boundary either. If it
        // happens the caller still gets the status, only without an error object.
        if let Ok(object) = catch_unwind(AssertUnwindSafe(|| tousu_error::boxed(status, error))) {
            // SAFETY: the caller passes either NULL or a pointer to writable `tousu_error *`.
            unsafe { err.write(object) };
        }
    }
    status
}

/// Runs the body of an infallible extern fn; a panic returns `default`.
pub(crate) fn guard_value<T>(default: T, body: impl FnOnce() -> T) -> T {
    catch_unwind(AssertUnwindSafe(body)).unwrap_or(default)
}

/// One call of an extern fn: checks its arguments, naming the function and the argument.
#[derive(Clone, Copy)]
pub(crate) struct Call {
    function: &'static str,
}

impl Call {
    pub(crate) fn null(self, arg: &str) -> Error {
        Error::Usage {
            code: ErrorCode::NullArgument,
            message: format!("{}: argument `{arg}` is NULL", self.function),
        }
    }

    /// A NULL array pointer with a non-zero length.
    pub(crate) fn null_array(self, arg: &str, len: usize) -> Error {
        Error::Usage {
            code: ErrorCode::NullArgument,
            message: format!("{}: argument `{arg}` is NULL but len is {len}", self.function),
        }
    }

    /// A NUL-terminated UTF-8 string argument.
    ///
    /// # Safety
    /// `ptr` is NULL or points to a NUL-terminated string that outlives `'a`.
    pub(crate) unsafe fn str<'a>(self, arg: &str, ptr: *const c_char) -> Result<&'a str, Error> {
        if ptr.is_null() {
            return Err(self.null(arg));
        }
        // SAFETY: non-NULL and NUL-terminated by the caller's contract.
        let bytes = unsafe { CStr::from_ptr(ptr) }.to_bytes();
        std::str::from_utf8(bytes).map_err(|e| Error::Usage {
            code: ErrorCode::InvalidUtf8,
            message: format!(
                "{}: argument `{arg}` is not valid UTF-8: invalid byte 0x{:02x} at offset {}",
                self.function,
                bytes[e.valid_up_to()],
                e.valid_up_to()
            ),
        })
    }

    /// An optional NUL-terminated UTF-8 string argument: NULL is `None`.
    ///
    /// # Safety
    /// As for [`Call::str`].
    pub(crate) unsafe fn optional_str<'a>(self, arg: &str, ptr: *const c_char) -> Result<Option<&'a str>, Error> {
        if ptr.is_null() {
            return Ok(None);
        }
        // SAFETY: by the caller's contract.
        unsafe { self.str(arg, ptr) }.map(Some)
    }

    /// A handle argument read through a `const` pointer.
    ///
    /// # Safety
    /// `ptr` is NULL or a live handle of type `T` not mutated during `'a`.
    pub(crate) unsafe fn get<'a, T>(self, arg: &str, ptr: *const T) -> Result<&'a T, Error> {
        // SAFETY: by the caller's contract.
        unsafe { ptr.as_ref() }.ok_or_else(|| self.null(arg))
    }

    /// A handle argument that the call may change.
    ///
    /// # Safety
    /// `ptr` is NULL or a live handle of type `T` used by no one else during `'a`.
    pub(crate) unsafe fn get_mut<'a, T>(self, arg: &str, ptr: *mut T) -> Result<&'a mut T, Error> {
        // SAFETY: by the caller's contract.
        unsafe { ptr.as_mut() }.ok_or_else(|| self.null(arg))
    }

    /// An out-parameter, written only when the call succeeds (by [`Out::write`], last).
    ///
    /// # Safety
    /// `ptr` is NULL or valid for a write of a `T`, until the call returns.
    pub(crate) unsafe fn out<T>(self, arg: &str, ptr: *mut T) -> Result<Out<T>, Error> {
        NonNull::new(ptr).map(Out).ok_or_else(|| self.null(arg))
    }

    /// An instant argument given as Unix seconds, as a UTC time (its offset matters to no rule).
    pub(crate) fn unix_seconds(self, arg: &str, seconds: i64) -> Result<DateTime<FixedOffset>, Error> {
        DateTime::from_timestamp(seconds, 0)
            .map(|t| t.fixed_offset())
            .ok_or_else(|| Error::Usage {
                code: ErrorCode::InvalidTimestamp,
                message: format!(
                    "{}: argument `{arg}` ({seconds} seconds from 1970-01-01T00:00:00Z) is not an instant this library can hold",
                    self.function
                ),
            })
    }

    /// An error for a result that cannot be handed to C (say, a string with a NUL inside).
    pub(crate) fn internal(self, what: &str) -> Error {
        Error::Usage {
            code: ErrorCode::Internal,
            message: format!("{}: internal error, please report it: {what}", self.function),
        }
    }
}

/// A checked, non-NULL out-parameter.
pub(crate) struct Out<T>(NonNull<T>);

impl<T> Out<T> {
    /// Writes the result. The previous content is not read or dropped: it is the caller's.
    pub(crate) fn write(self, value: T) {
        // SAFETY: `Call::out`'s contract: valid for a write of `T` until the call returns.
        unsafe { self.0.as_ptr().write(value) }
    }
}

#[cfg(test)]
mod tests {
    use std::ffi::CStr;

    use super::*;
    use crate::error::{tousu_error_free, tousu_error_message, tousu_error_status};

    #[test]
    fn a_panic_becomes_internal_with_its_message() {
        let mut err: *mut tousu_error = std::ptr::null_mut();
        let status = guard("tousu_test", &mut err, |_| panic!("boom at the boundary"));
        assert_eq!(status, tousu_status::Internal);
        assert!(!err.is_null());
        unsafe {
            assert_eq!(tousu_error_status(err), tousu_status::Internal);
            let message = CStr::from_ptr(tousu_error_message(err)).to_str().unwrap();
            assert_eq!(
                message,
                "tousu_test: internal error, please report it: boom at the boundary"
            );
            tousu_error_free(err);
        }
    }

    #[test]
    fn a_panic_without_err_still_returns_internal() {
        let status = guard("tousu_test", std::ptr::null_mut(), |_| {
            panic!("{}", String::from("formatted"))
        });
        assert_eq!(status, tousu_status::Internal);
        assert_eq!(guard_value(7, || panic!("in a getter")), 7);
    }

    #[test]
    fn success_leaves_err_untouched() {
        let mut sentinel = 0u8;
        let marker = (&mut sentinel as *mut u8).cast::<tousu_error>();
        let mut err = marker;
        assert_eq!(guard("tousu_test", &mut err, |_| Ok(())), tousu_status::Ok);
        assert_eq!(err, marker);
    }
}
