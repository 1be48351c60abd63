//! Core errors as Python exceptions, and the panic guard around every call into core.
//!
//! The exception classes are defined once, in `tousu/_errors.py` (Python, because
//! `ParseError` and `ValidationError` are both a `TousuError` and a `ValueError`, which a
//! single-base `create_exception!` cannot express). This module picks the class from the code's
//! [`ErrorCategory`] and fills in the attributes from the core [`Error`]; it never decides what
//! is an error.

use std::panic::{catch_unwind, AssertUnwindSafe};

use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList, PyTuple};
use tousu::{Error, ErrorCategory, ErrorCode, RoutingProblem};

/// The Python module that defines the exception classes.
const ERRORS_MODULE: &str = "tousu._errors";

/// The exception class for a code: one per [`ErrorCategory`].
fn class_name(code: ErrorCode) -> &'static str {
    match code.category() {
        ErrorCategory::Parse => "ParseError",
        ErrorCategory::Validation => "ValidationError",
        ErrorCategory::Rule => "RuleError",
        ErrorCategory::Calendar => "CalendarError",
        ErrorCategory::Deadline => "PolicyError",
        ErrorCategory::Routing => "RoutingError",
        ErrorCategory::Usage => "UsageError",
        ErrorCategory::Internal => "InternalError",
        // A category added to core later: still a TousuError with its code.
        _ => "TousuError",
    }
}

/// Runs a call into core. A panic (a bug in tousu) becomes `TOUSU_STATUS_INTERNAL`, like the C
/// surface, instead of PyO3's `PanicException`.
pub(crate) fn guarded<T>(what: &str, body: impl FnOnce() -> Result<T, Error>) -> Result<T, Error> {
    catch_unwind(AssertUnwindSafe(body)).unwrap_or_else(|payload| Err(Error::from_panic(what, payload.as_ref())))
}

/// Extension: `.py_err()?` on a core result.
pub(crate) trait CoreResult<T> {
    /// The core error as its Python exception.
    fn py_err(self, py: Python<'_>) -> PyResult<T>;
}

impl<T> CoreResult<T> for Result<T, Error> {
    fn py_err(self, py: Python<'_>) -> PyResult<T> {
        self.map_err(|err| to_pyerr(py, &err))
    }
}

/// The Python exception for a core error, with every attribute core gives.
pub(crate) fn to_pyerr(py: Python<'_>, err: &Error) -> PyErr {
    let attributes = || -> PyResult<Bound<'_, PyDict>> {
        let kwargs = PyDict::new(py);
        match err {
            Error::Json { path, .. } => kwargs.set_item("path", path)?,
            Error::Invalid { problems, .. } => {
                let problems = problems
                    .iter()
                    .map(|p| PyTuple::new(py, [p.path.as_str(), p.problem.as_str()]))
                    .collect::<PyResult<Vec<_>>>()?;
                kwargs.set_item("problems", PyList::new(py, problems)?)?;
            }
            Error::Rule {
                index, action, rule, ..
            } => {
                kwargs.set_item("rule", rule.name())?;
                kwargs.set_item("event_index", index)?;
                kwargs.set_item("action", action)?;
                kwargs.set_item("requirement", rule.requirement())?;
            }
            Error::CalendarData {
                calendar,
                file,
                problems,
            } => {
                kwargs.set_item("calendar", known(calendar))?;
                kwargs.set_item("file", file)?;
                let fields = problems.iter().map(|p| {
                    (
                        p.code.name(),
                        p.year,
                        p.path.as_str(),
                        p.line,
                        p.column,
                        p.problem.as_str(),
                    )
                });
                kwargs.set_item("problems", named_tuples(py, "CalendarProblem", fields)?)?;
            }
            Error::Calendar { calendar, .. } => kwargs.set_item("calendar", calendar)?,
            Error::Policy { policy, file, problems } => {
                kwargs.set_item("policy", known(policy))?;
                kwargs.set_item("file", file)?;
                let fields = problems.iter().map(|p| {
                    let milestone = p.milestone.as_deref();
                    (
                        p.code.name(),
                        milestone,
                        p.path.as_str(),
                        p.line,
                        p.column,
                        p.problem.as_str(),
                    )
                });
                kwargs.set_item("problems", named_tuples(py, "PolicyProblem", fields)?)?;
            }
            Error::Deadline { policy, .. } => kwargs.set_item("policy", policy)?,
            Error::RoutingData {
                what,
                id,
                file,
                problems,
            } => {
                kwargs.set_item("what", what)?;
                kwargs.set_item("id", known(id))?;
                kwargs.set_item("file", file)?;
                kwargs.set_item("problems", routing_problems(py, problems)?)?;
            }
            Error::Routing {
                complaint, next_level, ..
            } => {
                kwargs.set_item("complaint", complaint)?;
                kwargs.set_item("next_level", next_level)?;
            }
            _ => {}
        }
        Ok(kwargs)
    };
    match attributes() {
        Ok(kwargs) => exception(py, err.code(), &err.to_string(), kwargs),
        Err(e) => e,
    }
}

/// A tuple of the NamedTuple `class` of `tousu._errors`, one for each item's fields.
fn named_tuples<'py, T: pyo3::call::PyCallArgs<'py>>(
    py: Python<'py>,
    class: &str,
    items: impl Iterator<Item = T>,
) -> PyResult<Bound<'py, PyTuple>> {
    let class = py.import(ERRORS_MODULE)?.getattr(class)?;
    let made = items.map(|fields| class.call1(fields)).collect::<PyResult<Vec<_>>>()?;
    PyTuple::new(py, made)
}

/// Routing problems (of a taxonomy, rule set or staff directory) as `RoutingProblem` tuples.
pub(crate) fn routing_problems<'py>(py: Python<'py>, problems: &[RoutingProblem]) -> PyResult<Bound<'py, PyTuple>> {
    let fields = problems.iter().map(|p| {
        (
            p.code.name(),
            p.subject.as_deref(),
            p.path.as_str(),
            p.line,
            p.column,
            p.problem.as_str(),
        )
    });
    named_tuples(py, "RoutingProblem", fields)
}

/// The error of the complaint at `index` of a batch: core's error naming the position too,
/// with the position in `.index`.
pub(crate) fn routing_row_error(py: Python<'_>, index: usize, id: &str, err: &Error) -> PyErr {
    let err = match err {
        Error::Routing {
            code,
            complaint,
            next_level,
            detail,
        } => Error::Routing {
            code: *code,
            complaint: complaint.clone(),
            next_level: next_level.clone(),
            detail: format!("(position {index}) {detail}"),
        },
        other => Error::Usage {
            code: other.code(),
            message: format!("complaint {index} (`{id}`): {other}"),
        },
    };
    let py_err = to_pyerr(py, &err);
    // Every routing exception has `index`; a failure here leaves the error as it is.
    let _ = py_err.value(py).setattr("index", index);
    py_err
}

/// A calendar's or policy's id as core reports it, `None` for its "?" (text that could not be
/// read far enough to know the id).
fn known(id: &str) -> Option<&str> {
    (id != "?").then_some(id)
}

/// An exception of the class for `code`, raised by the binding itself (a naive datetime, a
/// string that is not UTF-8) rather than by core.
pub(crate) fn binding_error(py: Python<'_>, code: ErrorCode, message: String) -> PyErr {
    exception(py, code, &message, PyDict::new(py))
}

/// The exception class for `code`.
pub(crate) fn class(py: Python<'_>, code: ErrorCode) -> PyResult<Bound<'_, PyAny>> {
    py.import(ERRORS_MODULE)?.getattr(class_name(code))
}

fn exception(py: Python<'_>, code: ErrorCode, message: &str, kwargs: Bound<'_, PyDict>) -> PyErr {
    let build = || -> PyResult<PyErr> {
        kwargs.set_item("code", code.name())?;
        kwargs.set_item("number", code.number())?;
        let instance = class(py, code)?.call((message,), Some(&kwargs))?;
        Ok(PyErr::from_value(instance))
    };
    build().unwrap_or_else(|e| e)
}
