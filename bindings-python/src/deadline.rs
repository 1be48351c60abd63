//! `tousu.Policy` and `tousu.Deadline`: deadline policies and the deadlines of a case, decided
//! by core (`Policy::preset`, `Policy::from_toml`, `Policy::deadlines`).

use std::sync::Arc;

use chrono::{DateTime, FixedOffset};
use pyo3::exceptions::{PyKeyError, PyTypeError};
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyList, PyString, PyTuple};
use tousu::{ErrorCode, MilestoneDeadline, Policy};

use crate::calendar::{Loaded, PyWorkCalendar};
use crate::case::PyCase;
use crate::convert::{self, class_arg, datetime_arg, str_arg, type_name};
use crate::errors::{binding_error, guarded, CoreResult};
use crate::frame;
use crate::pickle::Source;

/// A deadline policy: named milestones of a case, each with a duration, a unit, an anchor and
/// the actions that meet it, on a working-day calendar (``.calendar``, its code).
///
/// Load a shipped preset with :meth:`preset` or a policy file with :meth:`from_toml`; a bad
/// file raises ``PolicyError`` naming the milestone, line and column. :meth:`deadlines` gives
/// each milestone's :class:`Deadline` for a case at a given instant.
///
/// >>> import datetime as dt, tousu
/// >>> cst = dt.timezone(dt.timedelta(hours=8))
/// >>> complaint = tousu.Complaint.from_dict({
/// ...     "id": "SZ-2024-0930", "channel": "phone",
/// ...     "complainant": {"name": "李四", "contact": {"phone": "13800138000"}},
/// ...     "receiver": "S001", "branch": "深圳福田营业部",
/// ...     "received_at": dt.datetime(2024, 9, 30, 16, 0, tzinfo=cst),
/// ...     "matter": "佣金收取异常", "facts": {"account": "九月佣金高于约定费率"},
/// ...     "demand": "退还多收佣金", "category": "fees.commission",
/// ... })
/// >>> case = tousu.Case.register(complaint, tousu.Event(
/// ...     "registered", at=dt.datetime(2024, 9, 30, 16, 5, tzinfo=cst), actor="S001"))
/// >>> policy = tousu.Policy.preset("cn.branch")
/// >>> policy
/// <Policy 'cn.branch' version=1 calendar='CN' milestones=6>
/// >>> policy.milestones[:4]
/// ['acknowledge', 'answer_time', 'commitment', 'resolve']
/// >>> cn = tousu.WorkCalendar.builtin("CN")
/// >>> all = policy.deadlines(case, cn, dt.datetime(2024, 10, 8, 10, 0, tzinfo=cst))
/// >>> acknowledge = all[0]   # 1 working day: National Day (10-01..10-07) is rest
/// >>> acknowledge.status, acknowledge.due.isoformat(), acknowledge.elapsed, acknowledge.unit
/// ('pending', '2024-10-08T23:59:59+08:00', 0.2, 'working_days')
/// >>> all[1].due.isoformat()   # received after the 15:30 cut-off: 15:30 the next working day
/// '2024-10-08T15:30:00+08:00'
/// >>> all[3].milestone, all[3].due.isoformat()   # 10-08..10-11 and the make-up Saturday 10-12
/// ('resolve', '2024-10-12T23:59:59+08:00')
#[pyclass(module = "tousu._tousu", name = "Policy", frozen, eq)]
#[derive(Clone)]
pub(crate) struct PyPolicy {
    inner: Arc<Policy>,
    /// The preset's id or the text it was read from, for pickling.
    source: Arc<Source>,
}

/// Policies are equal when core's are: where they were read from does not matter.
impl PartialEq for PyPolicy {
    fn eq(&self, other: &Self) -> bool {
        self.inner == other.inner
    }
}

#[pymethods]
impl PyPolicy {
    /// A preset shipped with tousu (``"cn.branch"``, ``"cn.firm"``, ``"cn.feedback"``,
    /// ``"uk.fca.disp"``, ``"uk.fca.disp.psd"``, ``"us.cfpb"``); another id raises
    /// ``PolicyError`` (``TOUSU_STATUS_UNKNOWN_POLICY``).
    #[staticmethod]
    fn preset(py: Python<'_>, id: &Bound<'_, PyAny>) -> PyResult<Self> {
        let id = str_arg(py, id, "Policy.preset() argument 'id'")?;
        let inner = guarded("Policy.preset", || Policy::preset(id)).py_err(py)?;
        Ok(PyPolicy {
            inner: Arc::new(inner),
            source: Arc::new(Source::Builtin(id.to_owned())),
        })
    }

    /// Reads a policy from TOML text; raises ``PolicyError`` whose ``.problems`` lists every
    /// problem with its milestone, line and column. ``file``, the name the text came from, is
    /// named in the message and in ``.file``.
    #[staticmethod]
    #[pyo3(signature = (text, *, file = None))]
    fn from_toml(py: Python<'_>, text: &Bound<'_, PyAny>, file: Option<&Bound<'_, PyAny>>) -> PyResult<Self> {
        let text = str_arg(py, text, "Policy.from_toml() argument 'text'")?;
        let file = convert::file_arg(py, file, "Policy.from_toml()")?;
        let inner = py
            .detach(|| guarded("Policy.from_toml", || Policy::from_toml_named(text, file)))
            .py_err(py)?;
        Ok(PyPolicy {
            inner: Arc::new(inner),
            source: Arc::new(Source::toml(text, file)),
        })
    }

    /// The policy's id (``"cn.branch"``).
    #[getter]
    fn id(&self) -> &str {
        self.inner.id()
    }

    /// Its version.
    #[getter]
    fn version(&self) -> u32 {
        self.inner.version()
    }

    /// The code of the calendar it runs on (``"CN"``).
    #[getter]
    fn calendar(&self) -> &str {
        self.inner.calendar()
    }

    /// The milestone ids, in the policy's order (a new list each time).
    #[getter]
    fn milestones(&self) -> Vec<String> {
        self.inner.milestones().iter().map(|m| m.id.clone()).collect()
    }

    /// The :class:`Deadline` of every milestone for ``case`` at ``now`` (an aware
    /// ``datetime``), in the policy's order, on ``calendar`` (a :class:`WorkCalendar` whose code
    /// is the policy's).
    ///
    /// Raises ``PolicyError`` (``TOUSU_STATUS_POLICY_CALENDAR_MISMATCH``) for another calendar,
    /// ``CalendarError`` for a date outside its coverage, ``ParseError`` for a naive ``now``;
    /// ``TypeError`` for arguments of another type. Releases the GIL while computing.
    fn deadlines<'py>(
        &self,
        py: Python<'py>,
        case: &Bound<'py, PyAny>,
        calendar: &Bound<'py, PyAny>,
        now: &Bound<'py, PyAny>,
    ) -> PyResult<Bound<'py, PyList>> {
        let case = class_arg::<PyCase>(case, "Policy.deadlines() argument 'case'", "tousu.Case")?;
        let calendar =
            class_arg::<PyWorkCalendar>(calendar, "Policy.deadlines() argument 'calendar'", "tousu.WorkCalendar")?
                .get()
                .loaded();
        let now = now_arg(py, now, "Policy.deadlines() argument 'now'")?;
        // The case as it is now, shared (not copied): `Case.apply` copies before it changes it.
        let case = Arc::clone(&case.borrow().inner);
        let policy = Arc::clone(&self.inner);
        let all = py
            .detach(|| guarded("Policy.deadlines", || policy.deadlines(&case, calendar.calendar(), now)))
            .py_err(py)?;
        let from = Arc::new(Computed {
            policy: self.clone(),
            case,
            calendar,
            now,
            objects: PyOnceLock::new(),
        });
        let items = all
            .into_iter()
            .map(|inner| {
                Bound::new(
                    py,
                    PyDeadline {
                        inner,
                        from: Arc::clone(&from),
                    },
                )
            })
            .collect::<PyResult<Vec<_>>>()?;
        PyList::new(py, items)
    }

    /// The deadlines of many cases as a ``pandas.DataFrame``: one row per (case, milestone),
    /// cases in the order given, milestones in the policy's order; the rows of one case are
    /// what :meth:`deadlines` gives for it. ``cases`` is an iterable of :class:`Case`;
    /// ``calendar`` and ``now`` as for :meth:`deadlines`.
    ///
    /// Columns: ``case_id`` (the complaint's id); ``milestone``, ``status`` (every status a
    /// category, counted or not), ``unit`` and ``met_by`` (the action that met it), categorical;
    /// ``started``, ``due`` and ``met_at``, timestamps in the policy's time zone (the instants
    /// of :class:`Deadline`, whose ``met_at`` keeps the offset its event was recorded with),
    /// ``NaT`` when absent; ``elapsed``, ``remaining`` and ``paused_time``, floats on the
    /// milestone's clock as :class:`Deadline` gives them (working days for the working-day
    /// units, hours for ``working_hours`` and ``time_of_day``, days for ``calendar_days`` and
    /// ``months``, weeks for ``weeks``); ``pauses``, ``extensions`` and
    /// ``extensions_over_limit``, counts (``int32``).
    ///
    /// Computed in Rust without the GIL, the columns handed to pandas as numpy arrays: no
    /// Python object per row. Many cases are computed on several threads: ``threads`` of
    /// them (``1``: this thread only), by default the machine's cores but no more than one per
    /// 4,096 cases; the frame is the same whatever the number. The cases are taken as they are
    /// at the call, not copied: another thread's :meth:`Case.apply` meanwhile changes its own
    /// copy. Needs pandas (``pip install pandas``; ``ImportError`` saying so
    /// otherwise). A case core cannot answer (a date outside the calendar's coverage) raises its
    /// error naming the case's position and id; a ``CalendarError`` has the position in
    /// ``.index``.
    ///
    /// >>> import datetime as dt, tousu
    /// >>> cst = dt.timezone(dt.timedelta(hours=8))
    /// >>> complaint = tousu.Complaint.from_dict({
    /// ...     "id": "SZ-2024-0930", "channel": "phone",
    /// ...     "complainant": {"name": "李四", "contact": {"phone": "13800138000"}},
    /// ...     "receiver": "S001", "branch": "深圳福田营业部",
    /// ...     "received_at": dt.datetime(2024, 9, 30, 16, 0, tzinfo=cst),
    /// ...     "matter": "佣金收取异常", "facts": {"account": "九月佣金高于约定费率"},
    /// ...     "demand": "退还多收佣金", "category": "fees.commission",
    /// ... })
    /// >>> case = tousu.Case.register(complaint, tousu.Event(
    /// ...     "registered", at=dt.datetime(2024, 9, 30, 16, 5, tzinfo=cst), actor="S001"))
    /// >>> policy, cn = tousu.Policy.preset("cn.branch"), tousu.WorkCalendar.builtin("CN")
    /// >>> frame = policy.deadlines_frame([case], cn, dt.datetime(2024, 10, 8, 15, 0, tzinfo=cst))
    /// >>> frame[["milestone", "status", "due", "elapsed"]].head(4)
    ///      milestone   status                       due  elapsed
    /// 0  acknowledge  at_risk 2024-10-08 23:59:59+08:00      0.9
    /// 1  answer_time  at_risk 2024-10-08 15:30:00+08:00      4.5
    /// 2   commitment  pending                       NaT      0.0
    /// 3      resolve  pending 2024-10-12 23:59:59+08:00      0.9
    /// >>> frame.groupby("status", observed=False).size()["at_risk"]
    /// np.int64(2)
    #[pyo3(signature = (cases, calendar, now, *, threads = None))]
    fn deadlines_frame<'py>(
        &self,
        py: Python<'py>,
        cases: &Bound<'py, PyAny>,
        calendar: &Bound<'py, PyAny>,
        now: &Bound<'py, PyAny>,
        threads: Option<&Bound<'py, PyAny>>,
    ) -> PyResult<Bound<'py, PyAny>> {
        const ARG: &str = "Policy.deadlines_frame() argument";
        let items = cases.try_iter().map_err(|_| {
            PyTypeError::new_err(format!(
                "{ARG} 'cases' must be an iterable of tousu.Case, not {}",
                type_name(cases)
            ))
        })?;
        // Shared, not copied: a case applied to meanwhile copies itself (copy on write).
        let mut held: Vec<Arc<tousu::Case>> = Vec::new();
        for (i, item) in items.enumerate() {
            let item = item?;
            let case = class_arg::<PyCase>(&item, &format!("{ARG} 'cases': item {i}"), "tousu.Case")?;
            held.push(Arc::clone(&case.try_borrow()?.inner));
        }
        let calendar = class_arg::<PyWorkCalendar>(calendar, &format!("{ARG} 'calendar'"), "tousu.WorkCalendar")?
            .get()
            .get();
        let now = now_arg(py, now, &format!("{ARG} 'now'"))?;
        let threads = match threads {
            None => frame::default_threads(held.len()),
            Some(n) => threads_arg(n, &format!("{ARG} 'threads'"))?,
        };
        let cases: Vec<&tousu::Case> = held.iter().map(|case| &**case).collect();
        frame::deadlines_frame(py, &self.inner, &calendar, now, &cases, threads)
    }

    fn __repr__(&self) -> String {
        format!(
            "<Policy {:?} version={} calendar={:?} milestones={}>",
            self.inner.id(),
            self.inner.version(),
            self.inner.calendar(),
            self.inner.milestones().len()
        )
        .replace('"', "'")
    }

    /// Pickles as ``Policy.preset(id)``, or as ``Policy.from_toml`` of the text it was read
    /// from (``file`` included).
    fn __reduce__<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyTuple>> {
        self.source.reduce::<PyPolicy>(py, "preset", &[])
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

/// A number of threads: an `int` of at least 1 (a `bool` is not a number here).
fn threads_arg(value: &Bound<'_, PyAny>, arg: &str) -> PyResult<usize> {
    if value.is_instance_of::<pyo3::types::PyBool>() || !value.is_instance_of::<pyo3::types::PyInt>() {
        return Err(PyTypeError::new_err(format!(
            "{arg} must be int, not {}",
            type_name(value)
        )));
    }
    match value.extract::<i64>() {
        Ok(n) if n >= 1 => Ok(usize::try_from(n).unwrap_or(usize::MAX)),
        _ => Err(pyo3::exceptions::PyValueError::new_err(format!(
            "{arg} must be at least 1, not {value}"
        ))),
    }
}

/// An aware `datetime` argument as core's instant.
fn now_arg(py: Python<'_>, now: &Bound<'_, PyAny>, arg: &str) -> PyResult<DateTime<FixedOffset>> {
    let text = datetime_arg(py, now, arg)?;
    DateTime::parse_from_rfc3339(&text).map_err(|e| {
        binding_error(
            py,
            ErrorCode::InvalidTimestamp,
            format!("{arg} ({text}) is not an RFC 3339 instant: {e}"),
        )
    })
}

/// One milestone's deadline at the ``now`` given to :meth:`Policy.deadlines`.
///
/// ``status`` is ``"pending"``, ``"met"``, ``"met_late"``, ``"at_risk"``, ``"breached"``,
/// ``"paused"`` or ``"not_applicable"``; ``due`` is ``None`` while the milestone's anchor has
/// not happened (or it does not apply). ``elapsed`` and ``remaining`` are its running time in
/// its ``unit`` (working days of the policy's business hours, hours, days or weeks);
/// ``remaining`` is negative once breached. :meth:`to_dict` is core's JSON form, with every
/// time in seconds.
#[pyclass(module = "tousu._tousu", name = "Deadline", frozen, eq)]
pub(crate) struct PyDeadline {
    inner: MilestoneDeadline,
    /// What it was computed from, for pickling (shared by the deadlines of one call).
    from: Arc<Computed>,
}

/// Deadlines are equal when core's are.
impl PartialEq for PyDeadline {
    fn eq(&self, other: &Self) -> bool {
        self.inner == other.inner
    }
}

/// The arguments of one `Policy.deadlines` call, as they were: a deadline pickles as that call
/// and the milestone to pick from its answer (core's deadline has fields only core can set, and
/// recomputing is exact and validated).
struct Computed {
    policy: PyPolicy,
    /// The case as it was (the `Case` given may change since: it copies before it does).
    case: Arc<tousu::Case>,
    /// The calendar as it was (the `WorkCalendar` given may be extended since).
    calendar: Loaded,
    now: DateTime<FixedOffset>,
    /// `(policy, case, calendar, now)` as Python objects, made when the first of the call's
    /// deadlines is pickled and reused by the others, so that one pickle of them holds each
    /// once (pickle shares an object met twice).
    objects: PyOnceLock<Py<PyTuple>>,
}

impl Computed {
    /// `(policy, case, calendar, now)` as Python objects: the shared ones while they still are
    /// what they were made from (a caller of `__reduce__` could change the case or extend the
    /// calendar it was handed), else new ones.
    fn objects<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyTuple>> {
        let shared = self
            .objects
            .get_or_try_init(py, || self.new_objects(py).map(Bound::unbind))?;
        let shared = shared.bind(py);
        let case = shared.get_item(1)?;
        let calendar = shared.get_item(2)?;
        let intact = case
            .cast::<PyCase>()
            .ok()
            .and_then(|c| c.try_borrow().ok().map(|c| Arc::ptr_eq(&c.inner, &self.case)))
            .unwrap_or(false)
            && calendar
                .cast::<PyWorkCalendar>()
                .is_ok_and(|c| c.get().loaded().same_as(&self.calendar));
        if intact {
            Ok(shared.clone())
        } else {
            self.new_objects(py)
        }
    }

    fn new_objects<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyTuple>> {
        PyTuple::new(
            py,
            [
                Bound::new(py, self.policy.clone())?.into_any(),
                Bound::new(
                    py,
                    PyCase {
                        inner: Arc::clone(&self.case),
                    },
                )?
                .into_any(),
                Bound::new(py, PyWorkCalendar::from_loaded(self.calendar.clone()))?.into_any(),
                convert::py_datetime(py, &self.now)?,
            ],
        )
    }
}

#[pymethods]
impl PyDeadline {
    /// The deadline of ``milestone`` in ``policy.deadlines(case, calendar, now)``: how a pickled
    /// deadline is rebuilt, with the errors of :meth:`Policy.deadlines`; ``KeyError`` for a
    /// milestone the policy does not have.
    #[staticmethod]
    fn _of<'py>(
        py: Python<'py>,
        policy: &Bound<'py, PyAny>,
        case: &Bound<'py, PyAny>,
        calendar: &Bound<'py, PyAny>,
        now: &Bound<'py, PyAny>,
        milestone: &Bound<'py, PyAny>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let policy = class_arg::<PyPolicy>(policy, "Deadline._of() argument 'policy'", "tousu.Policy")?.get();
        let milestone = str_arg(py, milestone, "Deadline._of() argument 'milestone'")?;
        let all = policy.deadlines(py, case, calendar, now)?;
        for d in all.iter() {
            if &*d.cast::<PyDeadline>()?.get().inner.milestone == milestone {
                return Ok(d);
            }
        }
        Err(PyKeyError::new_err(format!(
            "policy {} has no milestone `{milestone}`",
            policy.inner.id()
        )))
    }

    /// The milestone's id.
    #[getter]
    fn milestone(&self) -> &str {
        &self.inner.milestone
    }

    /// Its status (core's name, ``"met_late"``).
    #[getter]
    fn status(&self) -> &'static str {
        self.inner.status.name()
    }

    /// Its unit (``"working_days"``, ``"working_hours"``, ``"calendar_days"``, …).
    #[getter]
    fn unit(&self) -> &'static str {
        self.inner.unit.name()
    }

    /// The due instant, an aware ``datetime`` in the policy's offset, or ``None``.
    #[getter]
    fn due<'py>(&self, py: Python<'py>) -> PyResult<Option<Bound<'py, PyAny>>> {
        self.inner
            .due
            .as_ref()
            .map(|at| convert::py_datetime(py, at))
            .transpose()
    }

    /// When it was met, or ``None``.
    #[getter]
    fn met_at<'py>(&self, py: Python<'py>) -> PyResult<Option<Bound<'py, PyAny>>> {
        self.inner
            .met_at
            .as_ref()
            .map(|at| convert::py_datetime(py, at))
            .transpose()
    }

    /// The action that met it (``"acknowledged"``), or ``None``.
    #[getter]
    fn met_by(&self) -> Option<&'static str> {
        self.inner.met_by.map(|k| k.name())
    }

    /// Running time used, pauses excluded, in its unit.
    #[getter]
    fn elapsed(&self) -> f64 {
        self.inner.elapsed_in_unit()
    }

    /// Running time left to the due time, in its unit; negative once breached.
    #[getter]
    fn remaining(&self) -> f64 {
        self.inner.remaining_in_unit()
    }

    /// Core's JSON form as a dict: ``milestone``, ``unit``, ``status``, ``started``, ``due``,
    /// ``met_at`` (RFC 3339 strings or ``None``), ``met_by``, ``elapsed``, ``remaining``,
    /// ``paused_time`` (seconds), ``extensions``, ``extensions_over_limit``, ``paused``.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let text = serde_json::to_string(&self.inner)
            .map_err(|e| binding_error(py, ErrorCode::Internal, format!("a deadline did not serialize: {e}")))?;
        convert::from_json(py, &text)
    }

    fn __repr__(&self) -> String {
        let due = match &self.inner.due {
            Some(at) => at.to_rfc3339(),
            None => "None".to_owned(),
        };
        format!(
            "<Deadline '{}' {} due={}>",
            self.inner.milestone,
            self.inner.status.name(),
            due
        )
    }

    /// Pickles as the :meth:`Policy.deadlines` call that gave it (policy, case, calendar and
    /// ``now`` as they were then) and its milestone; unpickling computes it again.
    fn __reduce__<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyTuple>> {
        let objects = self.from.objects(py)?;
        let mut args: Vec<Bound<'py, PyAny>> = objects.iter().collect();
        args.push(PyString::new(py, &self.inner.milestone).into_any());
        (py.get_type::<PyDeadline>().getattr("_of")?, PyTuple::new(py, args)?).into_pyobject(py)
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
