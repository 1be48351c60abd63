//! `tousu.WorkCalendar`: a working-day calendar; questions on `datetime.date` values or on numpy
//! `datetime64[D]` arrays.
//!
//! Arrays are answered with core's day-count questions (`*_epoch`: days since 1970-01-01, which
//! is what a `datetime64[D]` holds), element by element, with the GIL released. Every rule is
//! core's; this module converts, broadcasts, and forwards.

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::{Arc, RwLock};

use chrono::NaiveDate;
use numpy::datetime::{units::Days, Datetime};
use numpy::ndarray::{ArrayViewD, IxDyn};
use numpy::{PyArrayDescrMethods, PyArrayDyn, PyArrayMethods, PyUntypedArray, PyUntypedArrayMethods};
use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyDate, PyDateTime, PyDict, PyInt};
use tousu::calendar::{epoch_date, epoch_day};
use tousu::{Error, ErrorCode, WorkCalendar};

use crate::convert::{str_arg, type_name};
use crate::errors::{guarded, to_pyerr, CoreResult};

/// A working-day calendar: which days are working days over a run of whole years, each year
/// from a cited notice. A date outside those years raises ``CalendarError``
/// (``TOUSU_STATUS_DATE_OUT_OF_COVERAGE``): a year whose schedule has not been announced is
/// unknown, never guessed.
///
/// Built in: ``"CN"`` (mainland statutory working days, with the make-up working days, 调休),
/// ``"XSHG"`` and ``"XSHE"`` (Shanghai and Shenzhen exchange trading days), ``"GB-EAW"``
/// (England and Wales) and ``"US"`` (federal), 2004–2026. Custom calendars load from TOML or
/// JSON; a newly announced year joins with :meth:`extend_from_toml`.
///
/// Every question takes a ``datetime.date`` and answers a ``date`` (or ``bool``, ``int``), or
/// takes numpy ``datetime64[D]`` arrays and answers arrays of the same shape, computed without
/// the GIL. ``n`` (and the second date of :meth:`working_days_between`) may be a scalar or an
/// array: a scalar applies to every element; two arrays must have the same shape; a scalar
/// date with an array ``n`` answers an array shaped like ``n``. An array stops at the first
/// element that fails: ``CalendarError`` with ``.index``, the element's flat (C-order) index.
///
/// >>> import datetime as dt, numpy as np, tousu
/// >>> cn = tousu.WorkCalendar.builtin("CN")
/// >>> cn.code, cn.coverage
/// ('CN', (2004, 2026))
/// >>> cn.is_working_day(dt.date(2024, 9, 29))   # a make-up Sunday
/// True
/// >>> tousu.WorkCalendar.builtin("XSHG").is_working_day(dt.date(2024, 9, 29))
/// False
/// >>> cn.add_working_days(dt.date(2024, 9, 27), 3)
/// datetime.date(2024, 10, 8)
/// >>> days = np.array(["2024-09-27", "2024-12-31"], dtype="datetime64[D]")
/// >>> cn.add_working_days(days, 1)
/// array(['2024-09-29', '2025-01-02'], dtype='datetime64[D]')
/// >>> cn.add_working_days(days, np.array([3, -1]))
/// array(['2024-10-08', '2024-12-30'], dtype='datetime64[D]')
/// >>> cn.working_days_between(dt.date(2024, 9, 27), days)
/// array([ 0, 64])
/// >>> try:
/// ...     cn.add_working_days(np.array(["2024-01-02", "2026-12-31"], dtype="datetime64[D]"), 1)
/// ... except tousu.CalendarError as err:
/// ...     print(err.code, err.index)
/// TOUSU_STATUS_DATE_OUT_OF_COVERAGE 1
///
/// A custom calendar, from TOML (or JSON) text:
///
/// >>> acme = tousu.WorkCalendar.from_toml('''
/// ... [calendar]
/// ... code = "ACME"
/// ... name = "Acme"
/// ... first_year = 2024
/// ... last_year = 2024
/// ... [[year]]
/// ... year = 2024
/// ... source = "board resolution 2023-12"
/// ... rest_days = [2024-12-24]
/// ... ''')
/// >>> acme.next_working_day(dt.date(2024, 12, 23))
/// datetime.date(2024, 12, 25)
#[pyclass(module = "tousu._tousu", name = "WorkCalendar", frozen)]
pub(crate) struct PyWorkCalendar {
    /// Replaced whole by `extend_from_toml`; readers take a clone of the `Arc` and never block
    /// an extension (nor see half of one).
    inner: RwLock<Arc<WorkCalendar>>,
}

impl PyWorkCalendar {
    fn new(cal: WorkCalendar) -> Self {
        PyWorkCalendar {
            inner: RwLock::new(Arc::new(cal)),
        }
    }

    pub(crate) fn get(&self) -> Arc<WorkCalendar> {
        Arc::clone(&self.inner.read().unwrap_or_else(|e| e.into_inner()))
    }
}

// --- arguments ------------------------------------------------------------------------------

/// A date argument: one `datetime.date`, or an array of `datetime64[D]`.
enum Dates<'py> {
    One(i32),
    Many(Bound<'py, PyArrayDyn<Datetime<Days>>>),
}

/// An `n` argument: one integer, or an array of them (as int64).
enum Steps<'py> {
    One(i64),
    Many(Bound<'py, PyArrayDyn<i64>>),
}

fn dates_arg<'py>(value: &Bound<'py, PyAny>, arg: &str) -> PyResult<Dates<'py>> {
    if value.is_instance_of::<PyDateTime>() {
        return Err(PyTypeError::new_err(format!(
            "{arg} must be datetime.date, not datetime.datetime: working days are whole days; \
             pass its .date() in the calendar's time zone"
        )));
    }
    if value.is_instance_of::<PyDate>() {
        let date: NaiveDate = value.extract()?;
        return Ok(Dates::One(epoch_day(date)));
    }
    if let Ok(array) = value.cast::<PyArrayDyn<Datetime<Days>>>() {
        return Ok(Dates::Many(array.clone()));
    }
    if let Ok(array) = value.cast::<PyUntypedArray>() {
        return Err(PyTypeError::new_err(format!(
            "{arg} must be a datetime64[D] array, not one of dtype {}: convert it with \
             .astype('datetime64[D]')",
            array.dtype().str()?
        )));
    }
    Err(PyTypeError::new_err(format!(
        "{arg} must be datetime.date or a numpy datetime64[D] array, not {}",
        type_name(value)
    )))
}

fn steps_arg<'py>(value: &Bound<'py, PyAny>, arg: &str) -> PyResult<Steps<'py>> {
    if let Ok(array) = value.cast::<PyArrayDyn<i64>>() {
        return Ok(Steps::Many(array.clone()));
    }
    if let Ok(array) = value.cast::<PyUntypedArray>() {
        let kind = array.dtype().kind();
        if kind == b'i' || kind == b'u' {
            // Integers of another width: widened to int64; uint64 only when it fits ("safe").
            let kwargs = PyDict::new(value.py());
            kwargs.set_item("casting", "safe")?;
            let wide = array.call_method("astype", ("int64",), Some(&kwargs))?;
            return Ok(Steps::Many(wide.cast_into::<PyArrayDyn<i64>>()?));
        }
        return Err(PyTypeError::new_err(format!(
            "{arg} must be an integer array, not one of dtype {}",
            array.dtype().str()?
        )));
    }
    if value.is_instance_of::<PyInt>() || value.get_type().hasattr("__index__")? {
        return value
            .extract::<i64>()
            .map(Steps::One)
            .map_err(|_| PyValueError::new_err(format!("{arg} = {value} does not fit in a 64-bit integer")));
    }
    Err(PyTypeError::new_err(format!(
        "{arg} must be int or a numpy integer array, not {}",
        type_name(value)
    )))
}

/// The shape of the answer of two arguments, each a scalar (`None`) or an array shape.
fn answer_shape(a: Option<&[usize]>, b: Option<&[usize]>, names: (&str, &str)) -> PyResult<Option<Vec<usize>>> {
    match (a, b) {
        (Some(a), Some(b)) if a != b => Err(PyValueError::new_err(format!(
            "{} has shape {a:?} and {} shape {b:?}: arrays must have the same shape (or give a scalar)",
            names.0, names.1
        ))),
        (Some(s), _) | (None, Some(s)) => Ok(Some(s.to_vec())),
        (None, None) => Ok(None),
    }
}

fn py_date<'py>(py: Python<'py>, cal: &WorkCalendar, day: i32) -> PyResult<Bound<'py, PyAny>> {
    let date = epoch_date(day).ok_or_else(|| {
        to_pyerr(
            py,
            &Error::Usage {
                code: ErrorCode::Internal,
                message: format!("calendar {}: day {day} has no date", cal.code()),
            },
        )
    })?;
    Ok(date.into_pyobject(py)?.into_any())
}

// --- arrays ---------------------------------------------------------------------------------

/// The elements of an argument in C order: one value for every element, or a slice (the
/// array's own memory when it is C-contiguous, else a C-order copy made once).
#[derive(Clone, Copy)]
enum Col<'a, T> {
    One(T),
    Many(&'a [T]),
}

impl<T: Copy> Col<'_, T> {
    #[inline]
    fn get(&self, i: usize) -> T {
        match self {
            Col::One(v) => *v,
            Col::Many(s) => s[i],
        }
    }
}

/// The array's elements in C order, borrowed when it is C-contiguous.
fn c_order<'a, T: Copy>(view: &'a ArrayViewD<'a, T>, copy: &'a mut Vec<T>) -> &'a [T] {
    match view.as_slice() {
        Some(s) => s,
        None => {
            *copy = view.iter().copied().collect();
            copy
        }
    }
}

/// The error for element `index`: core's message with the index, and `.index` on the exception.
fn element_error(py: Python<'_>, index: usize, error: Error) -> PyErr {
    let error = match error {
        Error::Calendar { code, calendar, detail } => Error::Calendar {
            code,
            calendar,
            detail: format!("element {index}: {detail}"),
        },
        other => other,
    };
    let err = to_pyerr(py, &error);
    if let Err(e) = err.value(py).setattr("index", index) {
        return e;
    }
    err
}

/// A `datetime64[D]` value as a day count for core, or the error naming it.
#[inline]
fn day_of(cal: &WorkCalendar, value: Datetime<Days>) -> Result<i32, Error> {
    let value = i64::from(value);
    i32::try_from(value).map_err(|_| not_a_day(cal, value))
}

#[cold]
#[inline(never)]
fn not_a_day(cal: &WorkCalendar, value: i64) -> Error {
    let detail = if value == i64::MIN {
        format!(
            "NaT is not a date; the calendar covers {}–{}",
            cal.first_year(),
            cal.last_year()
        )
    } else {
        format!(
            "day {value} from 1970-01-01 is outside its coverage {}–{}",
            cal.first_year(),
            cal.last_year()
        )
    };
    Error::Calendar {
        code: ErrorCode::DateOutOfCoverage,
        calendar: cal.code().to_owned(),
        detail,
    }
}

/// Fills `out` (C order) with `each(i)`, the GIL released; stops at the first failure with its
/// flat index. A panic (a bug) becomes `TOUSU_STATUS_INTERNAL`.
fn fill<T: Send, F>(py: Python<'_>, what: &str, out: &mut [T], each: F) -> PyResult<()>
where
    F: Fn(usize) -> Result<T, Error> + Send + Sync,
{
    let outcome = py.detach(|| {
        catch_unwind(AssertUnwindSafe(|| {
            for (i, slot) in out.iter_mut().enumerate() {
                match each(i) {
                    Ok(v) => *slot = v,
                    Err(e) => return Err((i, e)),
                }
            }
            Ok(())
        }))
    });
    match outcome {
        Ok(Ok(())) => Ok(()),
        Ok(Err((i, e))) => Err(element_error(py, i, e)),
        Err(payload) => Err(to_pyerr(py, &Error::from_panic(what, payload.as_ref()))),
    }
}

// --- the class ------------------------------------------------------------------------------

#[pymethods]
impl PyWorkCalendar {
    /// A built-in calendar: ``"CN"``, ``"XSHG"``, ``"XSHE"``, ``"GB-EAW"`` or ``"US"``.
    ///
    /// Raises ``CalendarError`` (``TOUSU_STATUS_UNKNOWN_CALENDAR``) for another code. Each call
    /// builds a new calendar (well under a millisecond); keep it.
    #[staticmethod]
    fn builtin(py: Python<'_>, code: &Bound<'_, PyAny>) -> PyResult<Self> {
        let code = str_arg(py, code, "WorkCalendar.builtin() argument 'code'")?;
        Ok(Self::new(
            guarded("WorkCalendar.builtin", || WorkCalendar::builtin(code)).py_err(py)?,
        ))
    }

    /// Reads a custom calendar from TOML text (the format of ``core/data/calendars/CN.toml``:
    /// a ``[calendar]`` table with ``code``, ``name``, ``weekmask``, ``first_year``,
    /// ``last_year``, and one ``[[year]]`` per covered year with its ``source``, ``rest_days`` and
    /// ``extra_working_days``). Every problem is reported at once with its line
    /// (``CalendarError.problems``); ``file``, the name the text came from, is named in the
    /// message and in ``.file``.
    ///
    /// See the class for an example.
    #[staticmethod]
    #[pyo3(signature = (text, *, file = None))]
    fn from_toml(py: Python<'_>, text: &Bound<'_, PyAny>, file: Option<&Bound<'_, PyAny>>) -> PyResult<Self> {
        let text = str_arg(py, text, "WorkCalendar.from_toml() argument 'text'")?;
        let file = file
            .map(|f| str_arg(py, f, "WorkCalendar.from_toml() argument 'file'"))
            .transpose()?;
        Ok(Self::new(
            guarded("WorkCalendar.from_toml", || WorkCalendar::from_toml_named(text, file)).py_err(py)?,
        ))
    }

    /// Reads a custom calendar from JSON text with the schema of the TOML form, dates as
    /// strings: ``{"calendar": {...}, "year": [{"year": 2024, "source": "...", "rest_days":
    /// ["2024-12-24"]}]}``. Problems name the field path (``year[0].rest_days[0]``).
    #[staticmethod]
    fn from_json(py: Python<'_>, text: &Bound<'_, PyAny>) -> PyResult<Self> {
        let text = str_arg(py, text, "WorkCalendar.from_json() argument 'text'")?;
        Ok(Self::new(
            guarded("WorkCalendar.from_json", || WorkCalendar::from_json(text)).py_err(py)?,
        ))
    }

    /// Adds newly announced years from TOML text holding ``[[year]]`` tables only; together
    /// they must continue the coverage at either end without a gap. Atomic: on any problem
    /// (``CalendarError`` naming the line) the calendar is unchanged.
    ///
    /// >>> import tousu
    /// >>> cn = tousu.WorkCalendar.builtin("CN")
    /// >>> cn.extend_from_toml('[[year]]\nyear = 2027\nsource = "2027 notice"\nrest_days = [2027-01-01]\n')
    /// >>> cn.coverage
    /// (2004, 2027)
    fn extend_from_toml(&self, py: Python<'_>, text: &Bound<'_, PyAny>) -> PyResult<()> {
        let text = str_arg(py, text, "WorkCalendar.extend_from_toml() argument 'text'")?;
        let mut guard = self.inner.write().unwrap_or_else(|e| e.into_inner());
        let mut grown = WorkCalendar::clone(&guard);
        guarded("WorkCalendar.extend_from_toml", || grown.extend_from_toml(text)).py_err(py)?;
        *guard = Arc::new(grown);
        Ok(())
    }

    /// The calendar's code: ``"CN"``, or a custom calendar's code.
    #[getter]
    fn code(&self) -> String {
        self.get().code().to_owned()
    }

    /// The calendar's English name.
    #[getter]
    fn name(&self) -> String {
        self.get().name().to_owned()
    }

    /// The covered years, both included: ``(first_year, last_year)``.
    #[getter]
    fn coverage(&self) -> (i32, i32) {
        let cal = self.get();
        (cal.first_year(), cal.last_year())
    }

    /// Whether ``d`` is a working day: ``bool`` for a ``date``, a ``bool`` array for a
    /// ``datetime64[D]`` array.
    fn is_working_day<'py>(&self, py: Python<'py>, d: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyAny>> {
        let cal = self.get();
        match dates_arg(d, "d")? {
            Dates::One(day) => Ok(cal
                .is_working_day_epoch(day)
                .py_err(py)?
                .into_pyobject(py)?
                .to_owned()
                .into_any()),
            Dates::Many(dates) => {
                let dates = dates.readonly();
                let view = dates.as_array();
                let mut copy = Vec::new();
                let days = c_order(&view, &mut copy);
                let out = PyArrayDyn::<bool>::zeros(py, IxDyn(view.shape()), false);
                {
                    let mut rw = out.readwrite();
                    let slots = rw.as_slice_mut().expect("a new array is C-contiguous");
                    fill(py, "WorkCalendar.is_working_day", slots, |i| {
                        cal.is_working_day_epoch(day_of(&cal, days[i])?)
                    })?;
                }
                Ok(out.into_any())
            }
        }
    }

    /// The date ``n`` working days from ``d``: for n ≥ 1 the n-th working day strictly after
    /// ``d`` (whether or not ``d`` is one), for n ≤ −1 the |n|-th strictly before; for n = 0
    /// ``d`` itself if it is a working day, else ``CalendarError``
    /// (``TOUSU_STATUS_NOT_A_WORKING_DAY``). O(1) per date.
    ///
    /// ``d`` a ``date`` or ``datetime64[D]`` array, ``n`` an ``int`` or integer array; see the
    /// class for how they combine.
    fn add_working_days<'py>(
        &self,
        py: Python<'py>,
        d: &Bound<'py, PyAny>,
        n: &Bound<'py, PyAny>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let dates = dates_arg(d, "d")?;
        let steps = steps_arg(n, "n")?;
        self.add(py, dates, steps)
    }

    /// The first working day strictly after ``d`` (``add_working_days(d, 1)``).
    fn next_working_day<'py>(&self, py: Python<'py>, d: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyAny>> {
        self.add(py, dates_arg(d, "d")?, Steps::One(1))
    }

    /// The last working day strictly before ``d`` (``add_working_days(d, -1)``).
    fn previous_working_day<'py>(&self, py: Python<'py>, d: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyAny>> {
        self.add(py, dates_arg(d, "d")?, Steps::One(-1))
    }

    /// The working days stepped onto walking from ``a`` to ``b``, not counting ``a``: the
    /// number in (a, b] when a ≤ b, minus the number in [b, a) when b < a; so
    /// ``working_days_between(d, add_working_days(d, n)) == n`` for n ≠ 0. ``int``, or an
    /// int64 array when either argument is an array.
    fn working_days_between<'py>(
        &self,
        py: Python<'py>,
        a: &Bound<'py, PyAny>,
        b: &Bound<'py, PyAny>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let cal = self.get();
        let (a, b) = (dates_arg(a, "a")?, dates_arg(b, "b")?);
        if let (Dates::One(x), Dates::One(y)) = (&a, &b) {
            return Ok(cal
                .working_days_between_epoch(*x, *y)
                .py_err(py)?
                .into_pyobject(py)?
                .into_any());
        }
        let (ra, rb) = (readonly_dates(&a), readonly_dates(&b));
        let (va, vb) = (ra.as_ref().map(|r| r.as_array()), rb.as_ref().map(|r| r.as_array()));
        let shape = answer_shape(
            va.as_ref().map(|v| v.shape()),
            vb.as_ref().map(|v| v.shape()),
            ("a", "b"),
        )?
        .expect("an array among the arguments");
        let (mut ca, mut cb) = (Vec::new(), Vec::new());
        let sa = col(&a, va.as_ref(), &mut ca);
        let sb = col(&b, vb.as_ref(), &mut cb);
        let out = PyArrayDyn::<i64>::zeros(py, IxDyn(&shape), false);
        {
            let mut rw = out.readwrite();
            let slots = rw.as_slice_mut().expect("a new array is C-contiguous");
            fill(py, "WorkCalendar.working_days_between", slots, |i| {
                cal.working_days_between_epoch(day_of(&cal, sa.get(i))?, day_of(&cal, sb.get(i))?)
            })?;
        }
        Ok(out.into_any())
    }

    /// The n-th working day of a month: n = 1 the first, n = −1 the last. A month with fewer
    /// than |n| working days, n = 0 or a month outside 1–12 raises ``CalendarError``
    /// (``TOUSU_STATUS_NO_SUCH_WORKING_DAY``).
    ///
    /// >>> import tousu
    /// >>> tousu.WorkCalendar.builtin("CN").nth_working_day_of_month(2024, 10, 1)
    /// datetime.date(2024, 10, 8)
    fn nth_working_day_of_month<'py>(
        &self,
        py: Python<'py>,
        year: i32,
        month: u32,
        n: i32,
    ) -> PyResult<Bound<'py, PyAny>> {
        let cal = self.get();
        let date = guarded("WorkCalendar.nth_working_day_of_month", || {
            cal.nth_working_day_of_month(year, month, n)
        })
        .py_err(py)?;
        Ok(date.into_pyobject(py)?.into_any())
    }

    /// The last day of a period of ``days`` calendar days starting on ``start``, under the
    /// Civil Code (arts. 201, 203): the start day is not counted, and a period ending on a rest
    /// day ends on the next working day.
    ///
    /// >>> import datetime as dt, tousu
    /// >>> tousu.WorkCalendar.builtin("CN").civil_code_period_end(dt.date(2024, 9, 24), 7)
    /// datetime.date(2024, 10, 8)
    fn civil_code_period_end<'py>(
        &self,
        py: Python<'py>,
        start: &Bound<'py, PyAny>,
        days: u32,
    ) -> PyResult<Bound<'py, PyAny>> {
        let cal = self.get();
        let Dates::One(start) = dates_arg(start, "start")? else {
            return Err(PyTypeError::new_err("start must be datetime.date"));
        };
        let start = epoch_date(start).expect("a date's own day count");
        let end = guarded("WorkCalendar.civil_code_period_end", || {
            cal.civil_code_period_end(start, days)
        })
        .py_err(py)?;
        Ok(end.into_pyobject(py)?.into_any())
    }

    fn __repr__(&self) -> String {
        let cal = self.get();
        format!(
            "WorkCalendar('{}', coverage=({}, {}))",
            cal.code(),
            cal.first_year(),
            cal.last_year()
        )
    }
}

fn readonly_dates<'py>(d: &Dates<'py>) -> Option<numpy::PyReadonlyArrayDyn<'py, Datetime<Days>>> {
    match d {
        Dates::One(_) => None,
        Dates::Many(a) => Some(a.readonly()),
    }
}

fn col<'a>(
    d: &Dates<'_>,
    view: Option<&'a ArrayViewD<'a, Datetime<Days>>>,
    copy: &'a mut Vec<Datetime<Days>>,
) -> Col<'a, Datetime<Days>> {
    match (d, view) {
        (_, Some(v)) => Col::Many(c_order(v, copy)),
        (Dates::One(day), None) => Col::One(Datetime::from(i64::from(*day))),
        (Dates::Many(_), None) => unreachable!("an array has a view"),
    }
}

impl PyWorkCalendar {
    fn add<'py>(&self, py: Python<'py>, dates: Dates<'py>, steps: Steps<'py>) -> PyResult<Bound<'py, PyAny>> {
        let cal = self.get();
        if let (Dates::One(day), Steps::One(n)) = (&dates, &steps) {
            let to = cal.add_working_days_epoch(*day, *n).py_err(py)?;
            return py_date(py, &cal, to);
        }
        let rd = readonly_dates(&dates);
        let rn = match &steps {
            Steps::One(_) => None,
            Steps::Many(a) => Some(a.readonly()),
        };
        let vd = rd.as_ref().map(|r| r.as_array());
        let vn = rn.as_ref().map(|r| r.as_array());
        let shape = answer_shape(
            vd.as_ref().map(|v| v.shape()),
            vn.as_ref().map(|v| v.shape()),
            ("d", "n"),
        )?
        .expect("an array among the arguments");
        let (mut cd, mut cn) = (Vec::new(), Vec::new());
        let sd = col(&dates, vd.as_ref(), &mut cd);
        let sn = match (&steps, vn.as_ref()) {
            (_, Some(v)) => Col::Many(c_order(v, &mut cn)),
            (Steps::One(n), None) => Col::One(*n),
            (Steps::Many(_), None) => unreachable!("an array has a view"),
        };
        let out = PyArrayDyn::<Datetime<Days>>::zeros(py, IxDyn(&shape), false);
        {
            let mut rw = out.readwrite();
            let slots = rw.as_slice_mut().expect("a new array is C-contiguous");
            fill(py, "WorkCalendar.add_working_days", slots, |i| {
                let to = cal.add_working_days_epoch(day_of(&cal, sd.get(i))?, sn.get(i))?;
                Ok(Datetime::from(i64::from(to)))
            })?;
        }
        Ok(out.into_any())
    }
}
