//! The boundary: no panic crosses it, every pointer is checked, strings in are UTF-8.
//!
//! Every fallible extern fn is one call to [`guard`]: its body takes the arguments through a
//! [`Call`] (which names the function and the argument in NULL and UTF-8 errors) and returns a
//! core `Result`; `guard` turns that into a `tousu_status` and, when the caller asked for one,
//! a `tousu_error`. An array function goes through [`guard_elements`] instead, whose body may
//! fail on one element ([`Failure::element`]): the index goes to the caller's `failed_index`
//! and the message starts with `element <i>: `. Infallible functions (getters, `_free`) use
//! [`guard_value`].

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
    match outcome {
        Ok(()) => tousu_status::Ok,
        Err(error) => report(err, None, error),
    }
}

/// The failure of an array function: core's error, and the index of the element it concerns
/// (`None` when the call failed on its arguments, before any element). `?` on a core error
/// gives a failure of the whole call.
pub(crate) struct Failure {
    element: Option<usize>,
    error: Error,
}

impl Failure {
    /// The failure of element `index`: whatever core or the binding said about it, kept whole.
    #[cold]
    pub(crate) fn element(index: usize, error: Error) -> Failure {
        Failure {
            element: Some(index),
            error,
        }
    }
}

impl From<Error> for Failure {
    fn from(error: Error) -> Failure {
        Failure { element: None, error }
    }
}

/// Runs the body of the fallible array function `function`, as [`guard`] does.
///
/// When the body fails on an element, its index goes to `*failed_index` (when not NULL) and the
/// error's message is `element <i>: ` followed by the element's own message; its status and
/// every other detail (`tousu_error_next_level`, the field problems, the rule, ...) are those of
/// the element's error, unchanged. A failure of the whole call leaves `*failed_index` alone.
/// As for `err`, the caller passes NULL or a writable `failed_index`.
pub(crate) fn guard_elements(
    function: &'static str,
    err: *mut *mut tousu_error,
    failed_index: *mut usize,
    body: impl FnOnce(Call) -> Result<(), Failure>,
) -> tousu_status {
    let call = Call { function };
    let outcome = catch_unwind(AssertUnwindSafe(|| body(call)))
        .unwrap_or_else(|payload| Err(Error::from_panic(function, payload.as_ref()).into()));
    let Err(Failure { element, error }) = outcome else {
        return tousu_status::Ok;
    };
    if let Some(i) = element {
        if !failed_index.is_null() {
            // SAFETY: the caller passes either NULL or a pointer to a writable `size_t`.
            unsafe { failed_index.write(i) };
        }
    }
    report(err, element, error)
}

/// The status of a failed call; `*err` (when not NULL) receives the error object.
#[cold]
#[inline(never)]
fn report(err: *mut *mut tousu_error, element: Option<usize>, error: Error) -> tousu_status {
    let status = tousu_status::from_code(error.code());
    if !err.is_null() {
        // Building the error allocates; a panic there must not cross the boundary either. If it
        // happens the caller still gets the status, only without an error object.
        if let Ok(object) = catch_unwind(AssertUnwindSafe(|| tousu_error::boxed(status, element, error))) {
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
    /// The name of the extern fn, for a message of its own.
    pub(crate) fn function(self) -> &'static str {
        self.function
    }

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
        self.utf8(unsafe { CStr::from_ptr(ptr) }.to_bytes(), || arg.to_owned())
    }

    /// The text of a string argument's bytes; `arg` names the argument, made only for an error.
    pub(crate) fn utf8(self, bytes: &[u8], arg: impl FnOnce() -> String) -> Result<&str, Error> {
        std::str::from_utf8(bytes).map_err(|e| Error::Usage {
            code: ErrorCode::InvalidUtf8,
            message: format!(
                "{}: argument `{}` is not valid UTF-8: invalid byte 0x{:02x} at offset {}",
                self.function,
                arg(),
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
    use std::ffi::{c_char, CStr};

    use tousu_core::{FieldError, Rule};

    use super::*;
    use crate::error::{
        tousu_error_event_index, tousu_error_field_count, tousu_error_field_path, tousu_error_field_problem,
        tousu_error_free, tousu_error_message, tousu_error_next_level, tousu_error_rule, tousu_error_status,
    };

    /// What C can read of an error: status, message, field problems, rule, event index and
    /// next level.
    type Seen = (
        tousu_status,
        String,
        Vec<(String, String)>,
        Option<String>,
        i64,
        Option<String>,
    );

    /// Reads every accessor of `err`, then frees it.
    fn seen(err: *mut tousu_error) -> Seen {
        let text = |p: *const c_char| (!p.is_null()).then(|| unsafe { CStr::from_ptr(p) }.to_str().unwrap().to_owned());
        assert!(!err.is_null());
        unsafe {
            let fields = (0..tousu_error_field_count(err))
                .map(|i| {
                    let path = text(tousu_error_field_path(err, i)).unwrap();
                    (path, text(tousu_error_field_problem(err, i)).unwrap())
                })
                .collect();
            let seen = (
                tousu_error_status(err),
                text(tousu_error_message(err)).unwrap(),
                fields,
                text(tousu_error_rule(err)),
                tousu_error_event_index(err),
                text(tousu_error_next_level(err)),
            );
            tousu_error_free(err);
            seen
        }
    }

    #[test]
    fn an_element_error_answers_as_the_error_alone_with_its_index_in_front() {
        let errors = [
            Error::Routing {
                code: ErrorCode::NoEligibleHandler,
                complaint: "SZ-2024-0102".to_owned(),
                next_level: Some("branch_general_manager".to_owned()),
                detail: "nobody may handle it as `operations_supervisor` at 深圳福田营业部".to_owned(),
            },
            Error::Invalid {
                what: "complaint",
                code: ErrorCode::InvalidComplaint,
                problems: vec![
                    FieldError {
                        path: "complainant.contact".to_owned(),
                        problem: "is required".to_owned(),
                    },
                    FieldError {
                        path: "facts.amount".to_owned(),
                        problem: "-500 is negative".to_owned(),
                    },
                ],
            },
            Error::Rule {
                index: 5,
                action: "assigned",
                rule: Rule::RecusalRequired,
                detail: "`S099` is the person complained about and must recuse".to_owned(),
            },
            Error::Calendar {
                code: ErrorCode::DateOutOfCoverage,
                calendar: "CN".to_owned(),
                detail: "1 working day after 2026-12-31 fall beyond its coverage 2004–2026".to_owned(),
            },
        ];
        for error in errors {
            let (mut alone, mut element, mut failed) = (std::ptr::null_mut(), std::ptr::null_mut(), 99);
            let status = guard("tousu_test", &mut alone, |_| Err(error.clone()));
            let element_status = guard_elements("tousu_test", &mut element, &mut failed, |_| {
                Err(Failure::element(7, error.clone()))
            });
            assert_eq!(element_status, status);
            assert_eq!(failed, 7);
            let (alone, mut element) = (seen(alone), seen(element));
            assert_eq!(element.1, format!("element 7: {}", alone.1));
            assert_eq!(alone.1, error.to_string());
            element.1 = alone.1.clone();
            assert_eq!(element, alone, "{error:?}");
        }
    }

    #[test]
    fn a_failure_of_the_whole_array_call_names_no_element() {
        let mut err: *mut tousu_error = std::ptr::null_mut();
        let mut failed = 99;
        let status = guard_elements("tousu_test", &mut err, &mut failed, |call| Err(call.null("cal").into()));
        assert_eq!(status, tousu_status::NullArgument);
        assert_eq!(failed, 99);
        assert_eq!(seen(err).1, "tousu_test: argument `cal` is NULL");
        let status = guard_elements("tousu_test", std::ptr::null_mut(), std::ptr::null_mut(), |_| {
            Err(Failure::element(3, Error::from_panic("x", &"y")))
        });
        assert_eq!(status, tousu_status::Internal);
        let status = guard_elements("tousu_test", &mut err, &mut failed, |_| panic!("in an element"));
        assert_eq!((status, failed), (tousu_status::Internal, 99));
        assert!(seen(err).1.ends_with("in an element"));
    }

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
