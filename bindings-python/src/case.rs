//! `tousu.Case`: a complaint and its history; every rule is checked by core.

use std::sync::Arc;

use pyo3::prelude::*;
use pyo3::types::{PyList, PyTuple};

use crate::complaint::PyComplaint;
use crate::convert::{self, class_arg, str_arg};
use crate::errors::{guarded, CoreResult};
use crate::event::PyEvent;

/// A case file: a validated complaint and the events that happened to it, registration first.
///
/// The state (``stage``, ``state``) is derived from the events only. :meth:`apply` records an
/// event or raises the error of the rule it breaks, leaving the case exactly as it was.
/// Cases compare equal when their complaints and events are equal; being mutable, they are not
/// hashable. ``len(case)`` is the number of events.
///
/// >>> import datetime as dt, tousu
/// >>> cst = dt.timezone(dt.timedelta(hours=8))
/// >>> at = lambda day, hour, minute=0: dt.datetime(2024, 3, day, hour, minute, tzinfo=cst)
/// >>> complaint = tousu.Complaint.from_dict({
/// ...     "id": "SZ-2024-0042", "channel": "phone",
/// ...     "complainant": {"name": "李四", "contact": {"phone": "13800138000"}},
/// ...     "respondent": {"person": "S099"},
/// ...     "receiver": "S001", "branch": "深圳福田营业部", "received_at": at(1, 9, 30),
/// ...     "matter": "佣金收取异常", "facts": {"account": "二月佣金高于约定费率"},
/// ...     "demand": "退还多收佣金", "category": "fees.commission",
/// ... })
/// >>> case = tousu.Case.register(complaint, tousu.Event("registered", at=at(1, 9, 35), actor="S001"))
/// >>> case.stage, len(case)
/// ('registered', 1)
/// >>> case.apply(tousu.Event("assigned", at=at(1, 10), actor="S001", handler="S099"))
/// Traceback (most recent call last):
///     ...
/// tousu._errors.RuleError: event 1 (assigned) rejected: recusal_required (R12): `S099` is the person complained about and must recuse
/// >>> case.apply(tousu.Event("assigned", at=at(1, 10), actor="S001", handler="S010"))
/// >>> case.stage, case.state["handler"], len(case)
/// ('in_handling', 'S010', 2)
/// >>> tousu.Case.from_json(case.to_json()) == case
/// True
#[pyclass(module = "tousu._tousu", name = "Case", eq)]
#[derive(Clone, PartialEq)]
pub(crate) struct PyCase {
    /// Shared with what was computed from the case as it was (a `Deadline` keeps it, to pickle
    /// as its computation), copied on write by `apply`.
    pub(crate) inner: Arc<tousu::Case>,
}

fn complaint_arg(value: &Bound<'_, PyAny>, arg: &str) -> PyResult<tousu::Complaint> {
    Ok(class_arg::<PyComplaint>(value, arg, "tousu.Complaint")?
        .get()
        .inner
        .clone())
}

fn event_arg(value: &Bound<'_, PyAny>, arg: &str) -> PyResult<tousu::Event> {
    Ok(class_arg::<PyEvent>(value, arg, "tousu.Event")?.get().inner.clone())
}

#[pymethods]
impl PyCase {
    /// Opens a case: validates the complaint and records its registration event, which must be a
    /// ``"registered"`` event no earlier than the complaint was received.
    ///
    /// Raises ``ValidationError`` or ``RuleError`` (``TOUSU_STATUS_REGISTRATION_OUT_OF_PLACE``,
    /// ``TOUSU_STATUS_REGISTERED_BEFORE_RECEIPT``); ``TypeError`` for arguments of another type.
    #[staticmethod]
    fn register(py: Python<'_>, complaint: &Bound<'_, PyAny>, event: &Bound<'_, PyAny>) -> PyResult<Self> {
        let complaint = complaint_arg(complaint, "Case.register() argument 'complaint'")?;
        let event = event_arg(event, "Case.register() argument 'event'")?;
        let inner = guarded("Case.register", || tousu::Case::register(complaint, event)).py_err(py)?;
        Ok(PyCase { inner: Arc::new(inner) })
    }

    /// Rebuilds a case from its complaint and full history (an iterable of :class:`Event`,
    /// registration first). Raises the first error any event meets; its ``event_index`` names it.
    /// Releases the GIL while replaying.
    #[staticmethod]
    fn replay(py: Python<'_>, complaint: &Bound<'_, PyAny>, events: &Bound<'_, PyAny>) -> PyResult<Self> {
        let complaint = complaint_arg(complaint, "Case.replay() argument 'complaint'")?;
        let mut history = Vec::new();
        for (i, event) in events.try_iter()?.enumerate() {
            let event = event?;
            history.push(event_arg(
                &event,
                &format!("Case.replay() argument 'events': item {i}"),
            )?);
        }
        let inner = py
            .detach(|| guarded("Case.replay", || tousu::Case::replay(complaint, history)))
            .py_err(py)?;
        Ok(PyCase { inner: Arc::new(inner) })
    }

    /// Reads a case file (``{"schema_version": 1, "complaint": {…}, "events": […]}``) and
    /// replays it, so a file whose history breaks the procedure is refused. Releases the GIL
    /// while reading.
    ///
    /// Raises ``ParseError`` (including ``TOUSU_STATUS_UNSUPPORTED_SCHEMA_VERSION``),
    /// ``ValidationError`` or ``RuleError``; ``TypeError`` when ``text`` is not a ``str``.
    #[staticmethod]
    fn from_json(py: Python<'_>, text: &Bound<'_, PyAny>) -> PyResult<Self> {
        let text = str_arg(py, text, "Case.from_json() argument 'text'")?;
        let inner = py
            .detach(|| guarded("Case.from_json", || tousu::Case::from_json(text)))
            .py_err(py)?;
        Ok(PyCase { inner: Arc::new(inner) })
    }

    /// Records ``event`` after checking it against the procedure; returns ``None``.
    ///
    /// Raises ``ValidationError`` (``TOUSU_STATUS_INVALID_EVENT``) for bad event data or
    /// ``RuleError`` naming the rule broken; the case is then unchanged.
    fn apply(&mut self, py: Python<'_>, event: &Bound<'_, PyAny>) -> PyResult<()> {
        let event = event_arg(event, "Case.apply() argument 'event'")?;
        // A case shared with deadlines computed from it is copied first; they keep it as it was.
        let case = Arc::make_mut(&mut self.inner);
        guarded("Case.apply", || case.apply(event).map(|_| ())).py_err(py)
    }

    /// Raises what :meth:`apply` would raise for ``event``, without recording it; returns
    /// ``None`` when the event would be accepted.
    fn check(&self, py: Python<'_>, event: &Bound<'_, PyAny>) -> PyResult<()> {
        let event = event_arg(event, "Case.check() argument 'event'")?;
        guarded("Case.check", || self.inner.check_event(&event)).py_err(py)
    }

    /// The stage: ``"registered"``, ``"in_handling"``, ``"resolved"``, ``"result_fed_back"``,
    /// ``"disputed"``, ``"closed"``, ``"withdrawn"`` or ``"archived"``.
    #[getter]
    fn stage(&self) -> &'static str {
        self.inner.state().stage.name()
    }

    /// The derived state as a dict of its JSON form: ``stage``, ``owner``, ``handler``,
    /// ``level``, ``acknowledged_at``, ``answer_by``, … (timestamps as RFC 3339 strings).
    #[getter]
    fn state<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        convert::from_json(py, &self.inner.state_json())
    }

    /// Every event, registration first (a new list of :class:`Event` each time).
    #[getter]
    fn events<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
        let events = self
            .inner
            .events()
            .iter()
            .map(|e| Bound::new(py, PyEvent { inner: e.clone() }))
            .collect::<PyResult<Vec<_>>>()?;
        PyList::new(py, events)
    }

    /// The complaint.
    #[getter]
    fn complaint(&self) -> PyComplaint {
        PyComplaint {
            inner: self.inner.complaint().clone(),
        }
    }

    /// The case file as JSON text with its schema version; :meth:`from_json` reads it back equal.
    fn to_json(&self) -> String {
        self.inner.to_json()
    }

    fn __len__(&self) -> usize {
        self.inner.events().len()
    }

    fn __repr__(&self) -> String {
        format!(
            "<Case {:?} stage={} events={}>",
            self.inner.complaint().id,
            self.inner.state().stage.name(),
            self.inner.events().len()
        )
    }

    /// Pickles as its case file.
    fn __reduce__<'py>(&self, py: Python<'py>) -> PyResult<(Bound<'py, PyAny>, Bound<'py, PyTuple>)> {
        let from_json = py.get_type::<PyCase>().getattr("from_json")?;
        Ok((from_json, PyTuple::new(py, [self.inner.to_json()])?))
    }
}
