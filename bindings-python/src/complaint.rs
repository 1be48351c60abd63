//! `tousu.Complaint`: the register record, read and validated by core.

use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyTuple};

use crate::convert::{self, str_arg};
use crate::errors::{guarded, CoreResult};

/// A complaint or feedback as registered (《客户投诉处理登记表》), validated.
///
/// Build one with :meth:`Complaint.from_json` or :meth:`Complaint.from_dict`; both hand the
/// record to the core reader, which reports every problem at once. A complaint is immutable,
/// hashable, and compares equal to another with the same content.
///
/// >>> import tousu
/// >>> complaint = tousu.Complaint.from_dict({
/// ...     "id": "SZ-2024-0042", "channel": "phone",
/// ...     "complainant": {"name": "李四", "contact": {"phone": "13800138000"}},
/// ...     "receiver": "S001", "branch": "深圳福田营业部",
/// ...     "received_at": "2024-03-01T09:30:00+08:00",
/// ...     "matter": "佣金收取异常", "facts": {"account": "二月佣金高于约定费率"},
/// ...     "demand": "退还多收佣金", "category": "fees.commission",
/// ...     "claimed_amount": {"minor_units": 125000, "currency": "CNY"},
/// ... })
/// >>> complaint.id, complaint.channel, complaint.severity
/// ('SZ-2024-0042', 'phone', 'ordinary')
/// >>> complaint.claimed_amount
/// (125000, 'CNY')
/// >>> complaint.received_at.isoformat()
/// '2024-03-01T09:30:00+08:00'
/// >>> tousu.Complaint.from_json(complaint.to_json()) == complaint
/// True
#[pyclass(module = "tousu._tousu", name = "Complaint", frozen, eq, hash)]
#[derive(Clone, PartialEq, Eq, Hash)]
pub(crate) struct PyComplaint {
    pub(crate) inner: tousu::Complaint,
}

impl PyComplaint {
    fn read(py: Python<'_>, text: &str) -> PyResult<Self> {
        let inner = guarded("Complaint.from_json", || tousu::Complaint::from_json(text)).py_err(py)?;
        Ok(PyComplaint { inner })
    }

    /// A part of the record as Python values of its JSON form.
    fn json_field<'py>(py: Python<'py>, text: serde_json::Result<String>) -> PyResult<Bound<'py, PyAny>> {
        convert::from_json(py, &text.expect("complaint fields always serialize"))
    }
}

#[pymethods]
impl PyComplaint {
    /// Reads a complaint from JSON text and validates it.
    ///
    /// Raises ``ParseError`` when the text cannot be read, ``ValidationError`` listing every
    /// problem when it can, ``TypeError`` when ``text`` is not a ``str``.
    #[staticmethod]
    fn from_json(py: Python<'_>, text: &Bound<'_, PyAny>) -> PyResult<Self> {
        let text = str_arg(py, text, "Complaint.from_json() argument 'text'")?;
        Self::read(py, text)
    }

    /// Reads a complaint from a dict of the JSON form, with the same errors as
    /// :meth:`from_json`.
    ///
    /// Values are those of JSON (``str``, ``int``, ``bool``, ``None``, ``list``, ``dict``);
    /// ``received_at`` and ``facts.occurred_at`` may also be aware ``datetime`` objects and
    /// ``forwarded_on`` a ``date``. A naive datetime raises ``ParseError``
    /// (``TOUSU_STATUS_INVALID_TIMESTAMP``); a value with no JSON form raises ``TypeError``.
    /// The dict is written as compact JSON and read by core, so an error's line and column
    /// refer to that text; its ``path`` names the field.
    #[staticmethod]
    fn from_dict(py: Python<'_>, data: &Bound<'_, PyAny>) -> PyResult<Self> {
        if !data.is_instance_of::<PyDict>() {
            return Err(PyTypeError::new_err(format!(
                "Complaint.from_dict() argument 'data' must be dict, not {}",
                convert::type_name(data)
            )));
        }
        let mut text = String::new();
        convert::write_json(py, data, &mut String::new(), &mut text)?;
        Self::read(py, &text)
    }

    /// The complaint as JSON text; :meth:`from_json` reads it back equal.
    fn to_json(&self) -> String {
        self.inner.to_json()
    }

    /// The complaint as a dict of its JSON form (timestamps as RFC 3339 strings, money as
    /// ``{"minor_units": int, "currency": str}``); :meth:`from_dict` reads it back equal.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        convert::from_json(py, &self.inner.to_json())
    }

    /// The firm's reference for the case.
    #[getter]
    fn id(&self) -> &str {
        &self.inner.id
    }

    /// ``"complaint"`` or ``"feedback"``.
    #[getter]
    fn kind(&self) -> &'static str {
        self.inner.kind.as_str()
    }

    /// How it arrived: ``"phone"``, ``"email"``, …, ``"regulator_forwarded"``.
    #[getter]
    fn channel(&self) -> &'static str {
        self.inner.channel.as_str()
    }

    /// Who forwarded it, for a forwarded complaint: a dict with ``body``, ``reference``,
    /// ``forwarded_on`` (``YYYY-MM-DD``) and ``report_back_required``; otherwise ``None``.
    #[getter]
    fn forwarding<'py>(&self, py: Python<'py>) -> PyResult<Option<Bound<'py, PyAny>>> {
        self.inner
            .channel
            .forwarding()
            .map(|f| Self::json_field(py, serde_json::to_string(f)))
            .transpose()
    }

    /// Whether a regulator forwarded it and expects a report back (R17).
    #[getter]
    fn owes_report_back(&self) -> bool {
        self.inner.owes_report_back()
    }

    /// ``"ordinary"``, ``"major"``, ``"compensation"``, ``"matter_of_principle"`` or
    /// ``"serious_incident"``.
    #[getter]
    fn severity(&self) -> &'static str {
        self.inner.severity.as_str()
    }

    /// The category code, e.g. ``"trading.execution"``.
    #[getter]
    fn category(&self) -> &str {
        &self.inner.category
    }

    /// The branch (or head-office department) that registered it.
    #[getter]
    fn branch(&self) -> &str {
        &self.inner.branch
    }

    /// Staff id of the receiver, who owns the case until a hand-over.
    #[getter]
    fn receiver(&self) -> &str {
        &self.inner.receiver
    }

    /// The matter (事由): a one-line subject.
    #[getter]
    fn matter(&self) -> &str {
        &self.inner.matter
    }

    /// The demand (诉求).
    #[getter]
    fn demand(&self) -> &str {
        &self.inner.demand
    }

    /// The complainant as a dict: ``name``, ``contact`` and, when given, ``id_document`` and
    /// ``securities_account``.
    #[getter]
    fn complainant<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        Self::json_field(py, serde_json::to_string(&self.inner.complainant))
    }

    /// The party complained about as a dict: ``person``, ``branch``, ``department`` when given.
    #[getter]
    fn respondent<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        Self::json_field(py, serde_json::to_string(&self.inner.respondent))
    }

    /// The facts as a dict: ``account`` and, when given, ``occurred_at`` (RFC 3339) and ``place``.
    #[getter]
    fn facts<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        Self::json_field(py, serde_json::to_string(&self.inner.facts))
    }

    /// When it was received: an aware ``datetime`` with the offset it was recorded with.
    #[getter]
    fn received_at<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        convert::py_datetime(py, &self.inner.received_at)
    }

    /// The amount claimed as ``(minor_units, currency)``, e.g. ``(125000, "CNY")`` for
    /// ¥1,250.00, or ``None``.
    #[getter]
    fn claimed_amount(&self) -> Option<(i64, &str)> {
        self.inner
            .claimed_amount
            .as_ref()
            .map(|m| (m.minor_units, m.currency.as_str()))
    }

    /// Free tags, e.g. ``["elderly_investor"]``.
    #[getter]
    fn tags(&self) -> Vec<String> {
        self.inner.tags.clone()
    }

    fn __repr__(&self) -> String {
        format!(
            "<Complaint {:?} {} via {}, {} {:?}, received {}>",
            self.inner.id,
            self.inner.kind.as_str(),
            self.inner.channel.as_str(),
            self.inner.severity.as_str(),
            self.inner.category,
            self.inner.received_at.to_rfc3339(),
        )
    }

    /// Pickles as its JSON text.
    fn __reduce__<'py>(&self, py: Python<'py>) -> PyResult<(Bound<'py, PyAny>, Bound<'py, PyTuple>)> {
        let from_json = py.get_type::<PyComplaint>().getattr("from_json")?;
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
