//! Python values to JSON text (for core's readers) and back (for `to_dict`, `data`, `state`).
//!
//! Nothing here knows the schema: a dict is written as the JSON object it is, and core reads it
//! with the same reader as any other surface, so `Complaint.from_dict(d)` fails exactly as
//! `Complaint.from_json(json.dumps(d))` does. The only Python-specific steps are those JSON has
//! no spelling for: an aware `datetime` is written as RFC 3339 (`isoformat()`), a `date` as
//! `YYYY-MM-DD`, and a naive `datetime` is refused like a timestamp without an offset.

use chrono::{DateTime, FixedOffset};
use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyBool, PyDate, PyDateTime, PyDict, PyFloat, PyInt, PyList, PyString, PyTuple};
use tousu::ErrorCode;

use crate::errors::binding_error;

/// Deeper nesting is refused (serde_json stops at 128 as well); it also stops a list that
/// contains itself.
const MAX_DEPTH: usize = 128;

/// A `str` argument as UTF-8, or a `TypeError` naming the argument.
pub(crate) fn str_arg<'a>(py: Python<'_>, value: &'a Bound<'_, PyAny>, arg: &str) -> PyResult<&'a str> {
    let Ok(s) = value.cast::<PyString>() else {
        return Err(PyTypeError::new_err(format!(
            "{arg} must be str, not {}",
            type_name(value)
        )));
    };
    utf8(py, s, || arg.to_owned())
}

/// `s` as UTF-8; `what` names it in the error (made only on failure: a dict has many strings).
fn utf8<'a>(py: Python<'_>, s: &'a Bound<'_, PyString>, what: impl FnOnce() -> String) -> PyResult<&'a str> {
    s.to_str().map_err(|e| {
        binding_error(
            py,
            ErrorCode::InvalidUtf8,
            format!("{} is not valid UTF-8: {}", what(), e.value(py)),
        )
    })
}

/// The `file` argument of a `from_toml(text, *, file=None)`: the name errors give the text.
pub(crate) fn file_arg<'a>(
    py: Python<'_>,
    file: Option<&'a Bound<'_, PyAny>>,
    call: &str,
) -> PyResult<Option<&'a str>> {
    file.map(|f| str_arg(py, f, &format!("{call} argument 'file'")))
        .transpose()
}

/// An argument that must be an instance of the frozen class `T` (named `class` in messages).
pub(crate) fn class_arg<'a, 'py, T: pyo3::PyClass + pyo3::type_object::PyTypeCheck>(
    value: &'a Bound<'py, PyAny>,
    arg: &str,
    class: &str,
) -> PyResult<&'a Bound<'py, T>> {
    value
        .cast::<T>()
        .map_err(|_| PyTypeError::new_err(format!("{arg} must be {class}, not {}", type_name(value))))
}

/// The qualified name of a value's type, for messages.
pub(crate) fn type_name(value: &Bound<'_, PyAny>) -> String {
    value
        .get_type()
        .name()
        .map(|n| n.to_string())
        .unwrap_or_else(|_| "?".to_owned())
}

/// Appends `value` as JSON to `out`; `path` names it in errors (`claimed_amount.minor_units`).
pub(crate) fn write_json(
    py: Python<'_>,
    value: &Bound<'_, PyAny>,
    path: &mut String,
    out: &mut String,
) -> PyResult<()> {
    write_value(py, value, path, out, 0)
}

fn write_value(
    py: Python<'_>,
    value: &Bound<'_, PyAny>,
    path: &mut String,
    out: &mut String,
    depth: usize,
) -> PyResult<()> {
    if depth > MAX_DEPTH {
        return Err(binding_error(
            py,
            ErrorCode::MalformedJson,
            format!(
                "{} nests deeper than {MAX_DEPTH} levels (does it contain itself?)",
                shown(path)
            ),
        ));
    }
    // Strings first: most values of a record are.
    if let Ok(s) = value.cast::<PyString>() {
        push_json_str(out, utf8(py, s, || shown(path))?);
    } else if value.is_none() {
        out.push_str("null");
    } else if let Ok(b) = value.cast::<PyBool>() {
        out.push_str(if b.is_true() { "true" } else { "false" });
    } else if value.is_instance_of::<PyInt>() {
        match value.extract::<i64>() {
            Ok(n) => out.push_str(&n.to_string()),
            // Out of i64's range: write the digits and let core say which field cannot hold it.
            Err(_) => out.push_str(&py.get_type::<PyInt>().call1((value,))?.str()?.to_cow()?),
        }
    } else if let Ok(f) = value.cast::<PyFloat>() {
        match serde_json::Number::from_f64(f.value()) {
            Some(n) => out.push_str(&n.to_string()),
            None => {
                return Err(binding_error(
                    py,
                    ErrorCode::MalformedJson,
                    format!("{} is {}, which JSON cannot hold", shown(path), f.value()),
                ))
            }
        }
    } else if let Ok(dt) = value.cast::<PyDateTime>() {
        push_json_str(out, &instant(py, dt, &shown(path))?);
    } else if value.is_instance_of::<PyDate>() {
        push_json_str(out, &value.call_method0("isoformat")?.str()?.to_cow()?);
    } else if let Ok(dict) = value.cast::<PyDict>() {
        out.push('{');
        for (i, (key, item)) in dict.iter().enumerate() {
            let Ok(key) = key.cast::<PyString>() else {
                return Err(PyTypeError::new_err(format!(
                    "keys of {} must be str, not {} ({})",
                    shown(path),
                    type_name(&key),
                    key.repr()?
                )));
            };
            let key = utf8(py, key, || format!("a key of {}", shown(path)))?;
            if i > 0 {
                out.push(',');
            }
            push_json_str(out, key);
            out.push(':');
            let len = path.len();
            if !path.is_empty() {
                path.push('.');
            }
            path.push_str(key);
            write_value(py, &item, path, out, depth + 1)?;
            path.truncate(len);
        }
        out.push('}');
    } else if value.is_instance_of::<PyList>() || value.is_instance_of::<PyTuple>() {
        out.push('[');
        for (i, item) in value.try_iter()?.enumerate() {
            if i > 0 {
                out.push(',');
            }
            let len = path.len();
            path.push_str(&format!("[{i}]"));
            write_value(py, &item?, path, out, depth + 1)?;
            path.truncate(len);
        }
        out.push(']');
    } else if value.get_type().hasattr("__index__")? {
        // Integers that are not `int`, e.g. numpy's `int64` from a frame: `operator.index()`.
        let index = py.import("operator")?.call_method1("index", (value,))?;
        write_value(py, &index, path, out, depth + 1)?;
    } else {
        return Err(PyTypeError::new_err(format!(
            "{} is a {}, which has no JSON form: give str, int, bool, None, list, tuple, dict, \
             datetime.datetime or datetime.date",
            shown(path),
            type_name(value)
        )));
    }
    Ok(())
}

fn shown(path: &str) -> String {
    if path.is_empty() {
        "the value".to_owned()
    } else {
        format!("`{path}`")
    }
}

/// `s` as a JSON string: copied between quotes when nothing in it needs escaping (the common
/// case), else escaped by serde_json.
fn push_json_str(out: &mut String, s: &str) {
    if s.bytes().all(|b| b >= 0x20 && b != b'"' && b != b'\\') {
        out.reserve(s.len() + 2);
        out.push('"');
        out.push_str(s);
        out.push('"');
    } else {
        out.push_str(&serde_json::to_string(s).expect("a str always serializes"));
    }
}

/// An aware datetime as RFC 3339 text (`isoformat()`, any tzinfo); a naive one is refused as a
/// timestamp without a UTC offset, with the same code core gives such text.
pub(crate) fn instant(py: Python<'_>, dt: &Bound<'_, PyDateTime>, what: &str) -> PyResult<String> {
    let aware = !dt.call_method0("utcoffset")?.is_none();
    let text = dt.call_method0("isoformat")?.str()?.to_cow()?.into_owned();
    if aware {
        Ok(text)
    } else {
        Err(binding_error(
            py,
            ErrorCode::InvalidTimestamp,
            format!(
                "{what} is a naive datetime ({text}): give an aware one, e.g. \
                 datetime(2024, 3, 1, 9, 30, tzinfo=timezone(timedelta(hours=8)))"
            ),
        ))
    }
}

/// A `datetime.datetime` argument as RFC 3339 text: `TypeError` for another type,
/// `ParseError` (`TOUSU_STATUS_INVALID_TIMESTAMP`) for a naive one.
pub(crate) fn datetime_arg(py: Python<'_>, value: &Bound<'_, PyAny>, arg: &str) -> PyResult<String> {
    match value.cast::<PyDateTime>() {
        Ok(dt) => instant(py, dt, arg),
        Err(_) => Err(PyTypeError::new_err(format!(
            "{arg} must be datetime.datetime, not {}",
            type_name(value)
        ))),
    }
}

/// A core instant as an aware `datetime.datetime` with a fixed-offset `timezone` of the same
/// offset. Python keeps microseconds: finer digits are dropped (the JSON keeps them).
pub(crate) fn py_datetime<'py>(py: Python<'py>, at: &DateTime<FixedOffset>) -> PyResult<Bound<'py, PyAny>> {
    Ok(at.into_pyobject(py)?.into_any())
}

/// JSON text written by core, as Python values (`dict`, `list`, `str`, `int`, …) in the
/// order of the text.
pub(crate) fn from_json<'py>(py: Python<'py>, text: &str) -> PyResult<Bound<'py, PyAny>> {
    static LOADS: PyOnceLock<Py<PyAny>> = PyOnceLock::new();
    let loads = LOADS.get_or_try_init(py, || py.import("json")?.getattr("loads").map(Bound::unbind))?;
    loads.bind(py).call1((text,))
}
