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
use numpy::{
    Element, PyArrayDescrMethods, PyArrayDyn, PyArrayMethods, PyReadonlyArrayDyn, PyUntypedArray, PyUntypedArrayMethods,
};
use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyDate, PyDateTime, PyDict, PyInt, PyTuple};
use tousu::calendar::{epoch_date, epoch_day};
use tousu::{Error, ErrorCategory, ErrorCode, WorkCalendar};

use crate::convert::{self, str_arg, type_name};
use crate::errors::{guarded, to_pyerr, CoreResult};
use crate::pickle::Source;

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
/// the GIL. ``n`` (and the second date of :meth:`working_days_between`, the ``days`` of
/// :meth:`civil_code_period_end`, the ``year``, ``month`` and ``n`` of
/// :meth:`nth_working_day_of_month`) may be a scalar or an array: a scalar applies to every
/// element; arrays must have the same shape; a scalar date with an array ``n`` answers an
/// array shaped like ``n``. An array stops at the first element that fails:
/// ``CalendarError`` with ``.index``, the element's flat (C-order) index.
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
    /// Replaced whole by `extend_from_toml`; readers take a clone of the `Arc`s and never block
    /// an extension (nor see half of one).
    inner: RwLock<Loaded>,
}

/// A calendar and how it was made, as one value: what `Policy.deadlines` keeps of the calendar
/// it was given, and what a pickle rebuilds.
#[derive(Clone)]
pub(crate) struct Loaded {
    calendar: Arc<WorkCalendar>,
    recipe: Arc<Recipe>,
}

/// How a calendar was made: its origin, then every extension applied, in order.
struct Recipe {
    origin: Source,
    /// The `(text, file)` of each `extend_from_toml`.
    extensions: Vec<(String, Option<String>)>,
}

impl PyWorkCalendar {
    fn new(cal: WorkCalendar, origin: Source) -> Self {
        Self::from_loaded(Loaded {
            calendar: Arc::new(cal),
            recipe: Arc::new(Recipe {
                origin,
                extensions: Vec::new(),
            }),
        })
    }

    pub(crate) fn from_loaded(loaded: Loaded) -> Self {
        PyWorkCalendar {
            inner: RwLock::new(loaded),
        }
    }

    pub(crate) fn get(&self) -> Arc<WorkCalendar> {
        Arc::clone(&self.inner.read().unwrap_or_else(|e| e.into_inner()).calendar)
    }

    /// The calendar as it is now, with how it was made.
    pub(crate) fn loaded(&self) -> Loaded {
        self.inner.read().unwrap_or_else(|e| e.into_inner()).clone()
    }

    /// Applies `extensions` (`(text, file)` pairs, in order) as `extend_from_toml` does, all or
    /// none.
    fn extend(&self, py: Python<'_>, extensions: Vec<(String, Option<String>)>) -> PyResult<()> {
        let mut guard = self.inner.write().unwrap_or_else(|e| e.into_inner());
        let mut grown = WorkCalendar::clone(&guard.calendar);
        for (text, file) in &extensions {
            guarded("WorkCalendar.extend_from_toml", || {
                grown.extend_from_toml_named(text, file.as_deref())
            })
            .py_err(py)?;
        }
        let recipe = Recipe {
            origin: guard.recipe.origin.clone(),
            extensions: guard.recipe.extensions.iter().cloned().chain(extensions).collect(),
        };
        *guard = Loaded {
            calendar: Arc::new(grown),
            recipe: Arc::new(recipe),
        };
        Ok(())
    }
}

impl Loaded {
    /// The calendar.
    pub(crate) fn calendar(&self) -> &WorkCalendar {
        &self.calendar
    }

    /// Whether `other` is this very state of a calendar (not extended since, nor made apart).
    pub(crate) fn same_as(&self, other: &Loaded) -> bool {
        Arc::ptr_eq(&self.recipe, &other.recipe)
    }

    /// `__reduce__` of the calendar: the call that made it and, when it was extended, the
    /// extensions as the state `__setstate__` applies.
    pub(crate) fn reduce<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyTuple>> {
        let call = self.recipe.origin.reduce::<PyWorkCalendar>(py, "builtin", &[])?;
        if self.recipe.extensions.is_empty() {
            return Ok(call);
        }
        let state = PyTuple::new(py, self.recipe.extensions.iter().map(|(text, file)| (text, file)))?;
        PyTuple::new(py, [call.get_item(0)?, call.get_item(1)?, state.into_any()])
    }
}

// --- arguments ------------------------------------------------------------------------------

/// An argument that is one value or an array of them.
enum Arg<'py, T: Element> {
    One(T),
    Many(Bound<'py, PyArrayDyn<T>>),
}

/// A date argument: one `datetime.date` (as its day count), or an array of `datetime64[D]`.
type Dates<'py> = Arg<'py, Datetime<Days>>;

/// An integer argument (`n`, `year`, `month`, `days`): one `int`, or an integer array (as
/// int64).
type Ints<'py> = Arg<'py, i64>;

impl<'py, T: Element + Copy> Arg<'py, T> {
    fn readonly(&self) -> Option<PyReadonlyArrayDyn<'py, T>> {
        match self {
            Arg::One(_) => None,
            Arg::Many(a) => Some(a.readonly()),
        }
    }
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
        return Ok(Arg::One(Datetime::from(i64::from(epoch_day(date)))));
    }
    if let Ok(array) = value.cast::<PyArrayDyn<Datetime<Days>>>() {
        return Ok(Arg::Many(array.clone()));
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

fn ints_arg<'py>(value: &Bound<'py, PyAny>, arg: &str) -> PyResult<Ints<'py>> {
    if let Ok(array) = value.cast::<PyArrayDyn<i64>>() {
        return Ok(Arg::Many(array.clone()));
    }
    if let Ok(array) = value.cast::<PyUntypedArray>() {
        let kind = array.dtype().kind();
        if kind == b'i' || kind == b'u' {
            // Integers of another width: widened to int64; uint64 only when it fits ("safe").
            let kwargs = PyDict::new(value.py());
            kwargs.set_item("casting", "safe")?;
            let wide = array.call_method("astype", ("int64",), Some(&kwargs))?;
            return Ok(Arg::Many(wide.cast_into::<PyArrayDyn<i64>>()?));
        }
        return Err(PyTypeError::new_err(format!(
            "{arg} must be an integer array, not one of dtype {}",
            array.dtype().str()?
        )));
    }
    if value.is_instance_of::<PyInt>() || value.get_type().hasattr("__index__")? {
        return value
            .extract::<i64>()
            .map(Arg::One)
            .map_err(|_| PyValueError::new_err(format!("{arg} = {value} does not fit in a 64-bit integer")));
    }
    Err(PyTypeError::new_err(format!(
        "{arg} must be int or a numpy integer array, not {}",
        type_name(value)
    )))
}

/// The shape of the answer: that of the array arguments, which must agree (`None` when every
/// argument is a scalar).
fn answer_shape(shapes: &[(&str, Option<&[usize]>)]) -> PyResult<Option<Vec<usize>>> {
    let mut arrays = shapes.iter().filter_map(|(name, shape)| Some((*name, (*shape)?)));
    let Some((first, shape)) = arrays.next() else {
        return Ok(None);
    };
    match arrays.find(|(_, other)| other != &shape) {
        Some((name, other)) => Err(PyValueError::new_err(format!(
            "{first} has shape {shape:?} and {name} shape {other:?}: arrays must have the same shape (or give a scalar)"
        ))),
        None => Ok(Some(shape.to_vec())),
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

/// An argument's elements in C order, borrowed when it is a C-contiguous array.
fn col<'a, T: Element + Copy>(
    arg: &Arg<'_, T>,
    view: Option<&'a ArrayViewD<'a, T>>,
    copy: &'a mut Vec<T>,
) -> Col<'a, T> {
    match (arg, view) {
        (_, Some(v)) => match v.as_slice() {
            Some(s) => Col::Many(s),
            None => {
                *copy = v.iter().copied().collect();
                Col::Many(copy)
            }
        },
        (Arg::One(value), None) => Col::One(*value),
        (Arg::Many(_), None) => unreachable!("an array has a view"),
    }
}

/// The error for element `index` (of an array, or a case of `Policy.deadlines_frame`): core's
/// message with `label` (`element 3`) in front of its detail, and `.index` on a
/// `CalendarError`.
pub(crate) fn element_error(py: Python<'_>, index: usize, label: &str, error: Error) -> PyErr {
    let error = match error {
        Error::Calendar { code, calendar, detail } => Error::Calendar {
            code,
            calendar,
            detail: format!("{label}: {detail}"),
        },
        Error::Deadline { code, policy, detail } => Error::Deadline {
            code,
            policy,
            detail: format!("{label}: {detail}"),
        },
        other => other,
    };
    let err = to_pyerr(py, &error);
    if error.code().category() == ErrorCategory::Calendar {
        if let Err(e) = err.value(py).setattr("index", index) {
            return e;
        }
    }
    err
}

/// A `datetime64[D]` value as a day count for core, or the error naming it.
#[inline]
fn day_of(cal: &WorkCalendar, value: Datetime<Days>) -> Result<i32, Error> {
    let value = i64::from(value);
    i32::try_from(value).map_err(|_| not_a_day(cal, value))
}

/// A `datetime64[D]` value as a date for core, or the error naming it.
#[inline]
fn date_of(cal: &WorkCalendar, value: Datetime<Days>) -> Result<NaiveDate, Error> {
    let day = day_of(cal, value)?;
    epoch_date(day).ok_or_else(|| not_a_day(cal, i64::from(day)))
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
        Ok(Err((i, e))) => Err(element_error(py, i, &format!("element {i}"), e)),
        Err(payload) => Err(to_pyerr(py, &Error::from_panic(what, payload.as_ref()))),
    }
}

/// The answer array of a question with up to three arguments, at least one an array:
/// `each(a, b, c)` for every element, scalars applied to all. `names` name the arguments in a
/// shape mismatch; a question of fewer arguments passes `Arg::One` for the rest.
fn answer<'py, A, B, C, O, F>(
    py: Python<'py>,
    what: &str,
    (a, b, c): (&Arg<'py, A>, &Arg<'py, B>, &Arg<'py, C>),
    names: [&str; 3],
    each: F,
) -> PyResult<Bound<'py, PyAny>>
where
    A: Element + Copy + Sync,
    B: Element + Copy + Sync,
    C: Element + Copy + Sync,
    O: Element + Send,
    F: Fn(A, B, C) -> Result<O, Error> + Send + Sync,
{
    let (ra, rb, rc) = (a.readonly(), b.readonly(), c.readonly());
    let (va, vb, vc) = (
        ra.as_ref().map(|r| r.as_array()),
        rb.as_ref().map(|r| r.as_array()),
        rc.as_ref().map(|r| r.as_array()),
    );
    let shape = answer_shape(&[
        (names[0], va.as_ref().map(|v| v.shape())),
        (names[1], vb.as_ref().map(|v| v.shape())),
        (names[2], vc.as_ref().map(|v| v.shape())),
    ])?
    .expect("an array among the arguments");
    let (mut ca, mut cb, mut cc) = (Vec::new(), Vec::new(), Vec::new());
    let (sa, sb, sc) = (
        col(a, va.as_ref(), &mut ca),
        col(b, vb.as_ref(), &mut cb),
        col(c, vc.as_ref(), &mut cc),
    );
    let out = PyArrayDyn::<O>::zeros(py, IxDyn(&shape), false);
    {
        let mut rw = out.readwrite();
        let slots = rw.as_slice_mut().expect("a new array is C-contiguous");
        fill(py, what, slots, |i| each(sa.get(i), sb.get(i), sc.get(i)))?;
    }
    Ok(out.into_any())
}

/// The filler for an unused argument of [`answer`].
const NONE: Ints<'static> = Arg::One(0);

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
            Source::Builtin(code.to_owned()),
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
        let file = convert::file_arg(py, file, "WorkCalendar.from_toml()")?;
        Ok(Self::new(
            guarded("WorkCalendar.from_toml", || WorkCalendar::from_toml_named(text, file)).py_err(py)?,
            Source::toml(text, file),
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
            Source::Json(text.to_owned()),
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
    #[pyo3(signature = (text, *, file = None))]
    fn extend_from_toml(
        &self,
        py: Python<'_>,
        text: &Bound<'_, PyAny>,
        file: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<()> {
        let text = str_arg(py, text, "WorkCalendar.extend_from_toml() argument 'text'")?;
        let file = convert::file_arg(py, file, "WorkCalendar.extend_from_toml()")?;
        self.extend(py, vec![(text.to_owned(), file.map(str::to_owned))])
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
            Arg::One(day) => Ok(cal
                .is_working_day_epoch(day_of(&cal, day).py_err(py)?)
                .py_err(py)?
                .into_pyobject(py)?
                .to_owned()
                .into_any()),
            dates => answer(
                py,
                "WorkCalendar.is_working_day",
                (&dates, &NONE, &NONE),
                ["d", "", ""],
                |d, _, _| cal.is_working_day_epoch(day_of(&cal, d)?),
            ),
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
        self.add(py, dates_arg(d, "d")?, ints_arg(n, "n")?)
    }

    /// The first working day strictly after ``d`` (``add_working_days(d, 1)``).
    fn next_working_day<'py>(&self, py: Python<'py>, d: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyAny>> {
        self.add(py, dates_arg(d, "d")?, Arg::One(1))
    }

    /// The last working day strictly before ``d`` (``add_working_days(d, -1)``).
    fn previous_working_day<'py>(&self, py: Python<'py>, d: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyAny>> {
        self.add(py, dates_arg(d, "d")?, Arg::One(-1))
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
        if let (Arg::One(x), Arg::One(y)) = (&a, &b) {
            let (x, y) = (day_of(&cal, *x).py_err(py)?, day_of(&cal, *y).py_err(py)?);
            return Ok(cal
                .working_days_between_epoch(x, y)
                .py_err(py)?
                .into_pyobject(py)?
                .into_any());
        }
        answer(
            py,
            "WorkCalendar.working_days_between",
            (&a, &b, &NONE),
            ["a", "b", ""],
            |x, y, _| cal.working_days_between_epoch(day_of(&cal, x)?, day_of(&cal, y)?),
        )
    }

    /// The n-th working day of a month: n = 1 the first, n = −1 the last. A month with fewer
    /// than |n| working days, n = 0 or a month outside 1–12 raises ``CalendarError``
    /// (``TOUSU_STATUS_NO_SUCH_WORKING_DAY``).
    ///
    /// ``year``, ``month`` and ``n`` are each an ``int`` or an integer array; with an array
    /// among them the answer is a ``datetime64[D]`` array of its shape (see the class).
    ///
    /// >>> import numpy as np, tousu
    /// >>> cn = tousu.WorkCalendar.builtin("CN")
    /// >>> cn.nth_working_day_of_month(2024, 10, 1)
    /// datetime.date(2024, 10, 8)
    /// >>> cn.nth_working_day_of_month(2024, np.arange(1, 4), -1)   # the last working day of each month of Q1
    /// array(['2024-01-31', '2024-02-29', '2024-03-29'], dtype='datetime64[D]')
    fn nth_working_day_of_month<'py>(
        &self,
        py: Python<'py>,
        year: &Bound<'py, PyAny>,
        month: &Bound<'py, PyAny>,
        n: &Bound<'py, PyAny>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let cal = self.get();
        let (year, month, n) = (ints_arg(year, "year")?, ints_arg(month, "month")?, ints_arg(n, "n")?);
        let nth = |year, month, n| -> Result<NaiveDate, Error> {
            let (year, month, n) = month_question(&cal, year, month, n)?;
            cal.nth_working_day_of_month(year, month, n)
        };
        if let (Arg::One(year), Arg::One(month), Arg::One(n)) = (&year, &month, &n) {
            let date = guarded("WorkCalendar.nth_working_day_of_month", || nth(*year, *month, *n)).py_err(py)?;
            return Ok(date.into_pyobject(py)?.into_any());
        }
        answer(
            py,
            "WorkCalendar.nth_working_day_of_month",
            (&year, &month, &n),
            ["year", "month", "n"],
            |year, month, n| Ok(Datetime::<Days>::from(i64::from(epoch_day(nth(year, month, n)?)))),
        )
    }

    /// The last day of a period of ``days`` calendar days starting on ``start``, under the
    /// Civil Code (arts. 201, 203): the start day is not counted, and a period ending on a rest
    /// day ends on the next working day. ``days`` ≥ 0 (``ValueError`` otherwise).
    ///
    /// ``start`` a ``date`` or ``datetime64[D]`` array, ``days`` an ``int`` or integer array;
    /// see the class for how they combine.
    ///
    /// >>> import datetime as dt, numpy as np, tousu
    /// >>> cn = tousu.WorkCalendar.builtin("CN")
    /// >>> cn.civil_code_period_end(dt.date(2024, 9, 24), 7)
    /// datetime.date(2024, 10, 8)
    /// >>> cn.civil_code_period_end(np.array(["2024-09-24", "2024-12-25"], dtype="datetime64[D]"), 7)
    /// array(['2024-10-08', '2025-01-02'], dtype='datetime64[D]')
    fn civil_code_period_end<'py>(
        &self,
        py: Python<'py>,
        start: &Bound<'py, PyAny>,
        days: &Bound<'py, PyAny>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let cal = self.get();
        let (start, days) = (dates_arg(start, "start")?, ints_arg(days, "days")?);
        check_not_negative(&days, "days", "a period is 0 or more days")?;
        let end = |start, days: i64| -> Result<NaiveDate, Error> {
            let start = date_of(&cal, start)?;
            // Beyond u32, no calendar covers the end: core's own error for a period past the dates.
            let days = u32::try_from(days).unwrap_or(u32::MAX);
            cal.civil_code_period_end(start, days)
        };
        if let (Arg::One(start), Arg::One(days)) = (&start, &days) {
            let date = guarded("WorkCalendar.civil_code_period_end", || end(*start, *days)).py_err(py)?;
            return Ok(date.into_pyobject(py)?.into_any());
        }
        answer(
            py,
            "WorkCalendar.civil_code_period_end",
            (&start, &days, &NONE),
            ["start", "days", ""],
            |start, days, _| Ok(Datetime::<Days>::from(i64::from(epoch_day(end(start, days)?)))),
        )
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

    /// Pickles as the call that made it (``WorkCalendar.builtin("CN")``, or ``from_toml`` /
    /// ``from_json`` of the text it was read from, ``file`` included), with the texts given to
    /// :meth:`extend_from_toml` since, in order, as its state.
    fn __reduce__<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyTuple>> {
        self.loaded().reduce(py)
    }

    /// Applies the state of a pickled calendar: ``(text, file)`` pairs, each applied as by
    /// :meth:`extend_from_toml`, in order; all or none.
    fn __setstate__(&self, py: Python<'_>, state: &Bound<'_, PyAny>) -> PyResult<()> {
        const ARG: &str = "WorkCalendar.__setstate__() argument 'state'";
        let wrong =
            |what: &str| PyTypeError::new_err(format!("{ARG} must be a tuple of (text, file) pairs, not {what}"));
        let items = state.cast::<PyTuple>().map_err(|_| wrong(&type_name(state)))?;
        let mut extensions = Vec::with_capacity(items.len());
        for (i, item) in items.iter().enumerate() {
            let pair = item.cast::<PyTuple>().ok().filter(|p| p.len() == 2);
            let Some(pair) = pair else {
                return Err(wrong(&format!("one whose item {i} is {}", type_name(&item))));
            };
            let text = str_arg(py, &pair.get_item(0)?, &format!("{ARG}: item {i}: text"))?.to_owned();
            let file = pair.get_item(1)?;
            let file = (!file.is_none())
                .then(|| str_arg(py, &file, &format!("{ARG}: item {i}: file")).map(str::to_owned))
                .transpose()?;
            extensions.push((text, file));
        }
        self.extend(py, extensions)
    }
}

/// The year, month and n of a month question in core's types; a value no month can have is
/// the error core gives for such a month (or n).
fn month_question(cal: &WorkCalendar, year: i64, month: i64, n: i64) -> Result<(i32, u32, i32), Error> {
    let no_such = |detail: String| Error::Calendar {
        code: ErrorCode::NoSuchWorkingDay,
        calendar: cal.code().to_owned(),
        detail,
    };
    let year = i32::try_from(year).map_err(|_| Error::Calendar {
        code: ErrorCode::DateOutOfCoverage,
        calendar: cal.code().to_owned(),
        detail: format!(
            "year {year} is outside its coverage {}–{}",
            cal.first_year(),
            cal.last_year()
        ),
    })?;
    let month = u32::try_from(month).map_err(|_| no_such(format!("month {month} of {year} does not exist")))?;
    let n = i32::try_from(n).map_err(|_| no_such(format!("{year}-{month:02} has no working day number {n}")))?;
    Ok((year, month, n))
}

/// `ValueError` naming the argument (and the element of an array) when a value is negative.
fn check_not_negative(values: &Ints<'_>, arg: &str, why: &str) -> PyResult<()> {
    let first = match values {
        Arg::One(v) => (*v < 0).then_some((None, *v)),
        Arg::Many(a) => {
            let a = a.readonly();
            let view = a.as_array();
            view.iter()
                .position(|v| *v < 0)
                .map(|i| (Some(i), view.iter().nth(i).copied().unwrap_or(-1)))
        }
    };
    match first {
        None => Ok(()),
        Some((None, v)) => Err(PyValueError::new_err(format!("{arg} = {v}: {why}"))),
        Some((Some(i), v)) => Err(PyValueError::new_err(format!("{arg}: element {i} is {v}: {why}"))),
    }
}

impl PyWorkCalendar {
    fn add<'py>(&self, py: Python<'py>, dates: Dates<'py>, steps: Ints<'py>) -> PyResult<Bound<'py, PyAny>> {
        let cal = self.get();
        if let (Arg::One(day), Arg::One(n)) = (&dates, &steps) {
            let to = cal
                .add_working_days_epoch(day_of(&cal, *day).py_err(py)?, *n)
                .py_err(py)?;
            return py_date(py, &cal, to);
        }
        answer(
            py,
            "WorkCalendar.add_working_days",
            (&dates, &steps, &NONE),
            ["d", "n", ""],
            |d, n, _| {
                let to = cal.add_working_days_epoch(day_of(&cal, d)?, n)?;
                Ok(Datetime::<Days>::from(i64::from(to)))
            },
        )
    }
}
