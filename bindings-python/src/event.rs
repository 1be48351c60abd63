//! `tousu.Event`: one recorded step of the procedure, read and validated by core.

use pyo3::prelude::*;
use pyo3::types::{PyDict, PyTuple};

use crate::convert::{self, datetime_arg, str_arg};
use crate::errors::{guarded, CoreResult};

/// One recorded step of the procedure: what happened (``action``), when (``at``) and who did it
/// (``actor``), with the action's own fields.
///
/// ``Event(action, at, actor, **fields)`` writes the event's JSON form and hands it to the core
/// reader, so an unknown action or field, a missing field or a field of the wrong JSON type is
/// reported exactly as for JSON text. ``at`` must be an aware ``datetime``; a field that is a
/// timestamp (``answer_by``) takes one too. Money is a dict
/// ``{"minor_units": int, "currency": "CNY"}``. Events are immutable and hashable.
///
/// >>> import datetime as dt, tousu
/// >>> cst = dt.timezone(dt.timedelta(hours=8))
/// >>> event = tousu.Event("assigned", at=dt.datetime(2024, 3, 1, 10, 0, tzinfo=cst),
/// ...                     actor="S001", handler="S010")
/// >>> event.action, event.actor, event.data
/// ('assigned', 'S001', {'handler': 'S010'})
/// >>> event.at.isoformat()
/// '2024-03-01T10:00:00+08:00'
/// >>> event.to_json()
/// '{"at":"2024-03-01T10:00:00+08:00","actor":"S001","action":{"assigned":{"handler":"S010"}}}'
/// >>> tousu.Event.from_json(event.to_json()) == event
/// True
#[pyclass(module = "tousu._tousu", name = "Event", frozen, eq, hash)]
#[derive(Clone, PartialEq, Eq, Hash)]
pub(crate) struct PyEvent {
    pub(crate) inner: tousu::Event,
}

impl PyEvent {
    fn read(py: Python<'_>, text: &str) -> PyResult<Self> {
        let inner = guarded("Event.from_json", || tousu::Event::from_json(text)).py_err(py)?;
        Ok(PyEvent { inner })
    }

    /// The action's fields as JSON text in schema order (`{}` for an action without fields).
    fn data_json(&self) -> String {
        // An action serializes as `{"<name>":<fields>}` (externally tagged).
        let text = serde_json::to_string(&self.inner.action).expect("an action always serializes");
        let prefix = format!("{{\"{}\":", self.inner.action.name());
        match text.strip_prefix(&prefix).and_then(|rest| rest.strip_suffix('}')) {
            Some(fields) => fields.to_owned(),
            None => "{}".to_owned(),
        }
    }
}

#[pymethods]
impl PyEvent {
    #[new]
    #[pyo3(signature = (action, at, actor, **fields))]
    fn new(
        py: Python<'_>,
        action: &Bound<'_, PyAny>,
        at: &Bound<'_, PyAny>,
        actor: &Bound<'_, PyAny>,
        fields: Option<&Bound<'_, PyDict>>,
    ) -> PyResult<Self> {
        let action = str_arg(py, action, "Event() argument 'action'")?;
        let at = datetime_arg(py, at, "Event() argument 'at'")?;
        let actor = str_arg(py, actor, "Event() argument 'actor'")?;
        let mut text = String::from("{\"at\":");
        text.push_str(&serde_json::to_string(&at).expect("a str always serializes"));
        text.push_str(",\"actor\":");
        text.push_str(&serde_json::to_string(actor).expect("a str always serializes"));
        text.push_str(",\"action\":{");
        text.push_str(&serde_json::to_string(action).expect("a str always serializes"));
        text.push(':');
        match fields {
            Some(fields) => {
                let mut path = format!("action.{action}");
                convert::write_json(py, fields.as_any(), &mut path, &mut text)?;
            }
            None => text.push_str("{}"),
        }
        text.push_str("}}");
        Self::read(py, &text)
    }

    /// Reads an event from JSON text and validates its own data (not yet against a case):
    /// ``{"at": "…", "actor": "S001", "action": {"assigned": {"handler": "S010"}}}``.
    ///
    /// Raises ``ParseError``, ``ValidationError`` (``TOUSU_STATUS_INVALID_EVENT``), or
    /// ``TypeError`` when ``text`` is not a ``str``.
    #[staticmethod]
    fn from_json(py: Python<'_>, text: &Bound<'_, PyAny>) -> PyResult<Self> {
        let text = str_arg(py, text, "Event.from_json() argument 'text'")?;
        Self::read(py, text)
    }

    /// The event as JSON text; :meth:`from_json` reads it back equal.
    fn to_json(&self) -> String {
        self.inner.to_json()
    }

    /// The action's name, e.g. ``"assigned"``, ``"closed"``.
    #[getter]
    fn action(&self) -> &'static str {
        self.inner.action.name()
    }

    /// When it happened: an aware ``datetime`` with the offset it was recorded with.
    #[getter]
    fn at<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        convert::py_datetime(py, &self.inner.at)
    }

    /// Staff id of whoever did it.
    #[getter]
    fn actor(&self) -> &str {
        &self.inner.actor
    }

    /// The action's fields as a dict of their JSON form (timestamps as RFC 3339 strings):
    /// ``Event(e.action, e.at, e.actor, **e.data) == e``.
    #[getter]
    fn data<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        convert::from_json(py, &self.data_json())
    }

    fn __repr__(&self) -> String {
        format!(
            "<Event {} at {} by {:?} {}>",
            self.inner.action.name(),
            self.inner.at.to_rfc3339(),
            self.inner.actor,
            self.data_json(),
        )
    }

    /// Pickles as its JSON text.
    fn __reduce__<'py>(&self, py: Python<'py>) -> PyResult<(Bound<'py, PyAny>, Bound<'py, PyTuple>)> {
        let from_json = py.get_type::<PyEvent>().getattr("from_json")?;
        Ok((from_json, PyTuple::new(py, [self.inner.to_json()])?))
    }

    /// Immutable: a copy is the object itself.
    fn __copy__<'py>(slf: &Bound<'py, Self>) -> Bound<'py, Self> {
        slf.clone()
    }

    /// Immutable: a deep copy is the object itself.
    fn __deepcopy__<'py>(slf: &Bound<'py, Self>, _memo: &Bound<'py, PyAny>) -> Bound<'py, Self> {
        slf.clone()
    }
}
