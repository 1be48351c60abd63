//! Pickling: every class reduces to the public call that rebuilds it.
//!
//! A built-in or preset object reduces to its constructor (`WorkCalendar.builtin("CN")`,
//! `Policy.preset("cn.branch")`, `RuleSet.default()`), so its pickle is a few dozen bytes and
//! holds no data. An object read from text keeps that text ([`Source`]) and reduces to reading
//! it again, `file=` name included, so unpickling validates exactly as loading did: a corrupted
//! payload raises the error the constructor raises for that text. A keyword-only argument is
//! passed through `functools.partial`, which pickles at every protocol, so a pickle names only
//! the public API (the one exception is `Deadline`, which has no constructor).
//!
//! `copy.copy` and `copy.deepcopy` use the same reduction for the mutable classes (`WorkCalendar`,
//! `Case`); the immutable ones define `__copy__` and `__deepcopy__` as the object itself, as
//! Python's own immutable types do (no reload, and a `RuleSet`, which compares by identity,
//! stays equal to its copy).

use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyDict, PyTuple};

/// Where an object read by a `from_toml(text, *, file=None)` (or `from_json(text)`) came from,
/// or the name of the built-in it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Source {
    /// Built by the class's constructor for built-ins, from this name (`"CN"`, `"cn.branch"`;
    /// empty for a constructor without arguments).
    Builtin(String),
    /// Read by `from_toml` from `text`, named `file`.
    Toml { text: String, file: Option<String> },
    /// Read by `from_json` from `text`.
    Json(String),
}

impl Source {
    /// The TOML source of a `from_toml(text, file=file)`.
    pub(crate) fn toml(text: &str, file: Option<&str>) -> Source {
        Source::Toml {
            text: text.to_owned(),
            file: file.map(str::to_owned),
        }
    }

    /// `(callable, args)` rebuilding the object of class `T`: `T.<builtin>(name)` (or
    /// `T.<builtin>()` when the name is empty), `T.from_toml(text, file=file, **kwargs)` or
    /// `T.from_json(text)`. `kwargs` are further keyword arguments of `from_toml` (a rule set's
    /// `taxonomy`); a `None` among them is left out, as is a `None` file.
    pub(crate) fn reduce<'py, T: pyo3::PyClass>(
        &self,
        py: Python<'py>,
        builtin: &str,
        kwargs: &[(&str, Option<Bound<'py, PyAny>>)],
    ) -> PyResult<Bound<'py, PyTuple>> {
        let class = py.get_type::<T>();
        match self {
            Source::Builtin(name) if name.is_empty() => (class.getattr(builtin)?, PyTuple::empty(py)).into_pyobject(py),
            Source::Builtin(name) => (class.getattr(builtin)?, (name,)).into_pyobject(py),
            Source::Toml { text, file } => {
                let named = file
                    .as_ref()
                    .map(|f| f.into_pyobject(py).map(Bound::into_any))
                    .transpose()?;
                let mut all = vec![("file", named)];
                all.extend(kwargs.iter().cloned());
                call(py, class.getattr("from_toml")?, (text,).into_pyobject(py)?, &all)
            }
            Source::Json(text) => (class.getattr("from_json")?, (text,)).into_pyobject(py),
        }
    }
}

/// `(f, args)`, or `(functools.partial(f, **kwargs), args)` when a keyword argument is given
/// (those that are `None` are left out).
pub(crate) fn call<'py>(
    py: Python<'py>,
    f: Bound<'py, PyAny>,
    args: Bound<'py, PyTuple>,
    kwargs: &[(&str, Option<Bound<'py, PyAny>>)],
) -> PyResult<Bound<'py, PyTuple>> {
    let given = PyDict::new(py);
    for (name, value) in kwargs {
        if let Some(value) = value {
            given.set_item(name, value)?;
        }
    }
    if given.is_empty() {
        return (f, args).into_pyobject(py);
    }
    static PARTIAL: PyOnceLock<Py<PyAny>> = PyOnceLock::new();
    let partial = PARTIAL.get_or_try_init(py, || py.import("functools")?.getattr("partial").map(Bound::unbind))?;
    (partial.bind(py).call((f,), Some(&given))?, args).into_pyobject(py)
}
