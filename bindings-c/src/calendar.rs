//! `tousu_calendar`: a working-day calendar, and day arithmetic on plain date values.
//!
//! A date crosses the boundary as an `int32_t`: days since 1970-01-01 (numpy's
//! `datetime64[D]`). The functions here convert it to a core date and forward; every rule
//! (which day is a working day, what "n working days after" means, coverage) is core's.

use std::ffi::{c_char, CString};

use chrono::{Datelike, NaiveDate};
use tousu_core::calendar::{epoch_date, epoch_day};
use tousu_core::{Error, ErrorCode, WorkCalendar};

use crate::error::{c_text, tousu_error};
use crate::panic::{guard, guard_elements, guard_value, Call, Failure};
use crate::status::tousu_status;

/// A working-day calendar: which days are working days over a run of whole years, each year
/// from a cited notice. Built-ins: `CN` (mainland statutory working days, with the make-up
/// working days, 调休), `XSHG` and `XSHE` (Shanghai and Shenzhen exchange trading days),
/// `GB-EAW` (England and Wales), `US` (US federal), each 2004-2026.
///
/// Created by `tousu_calendar_builtin`, `tousu_calendar_from_toml` or
/// `tousu_calendar_from_json`; freed by `tousu_calendar_free`. Only
/// `tousu_calendar_extend_from_toml` changes a calendar. Every query takes a `const
/// tousu_calendar *` and reads only: a calendar may be shared by any number of threads as long
/// as none extends it meanwhile (extend before sharing, or guard extension with a lock).
#[allow(non_camel_case_types)]
pub struct tousu_calendar {
    pub(crate) inner: WorkCalendar,
    code: CString,
}

fn boxed(inner: WorkCalendar) -> *mut tousu_calendar {
    let code = c_text(inner.code());
    Box::into_raw(Box::new(tousu_calendar { inner, code }))
}

/// The core date of a day count, if chrono can hold it.
#[inline]
fn to_date(days: i32) -> Option<NaiveDate> {
    epoch_date(days)
}

/// The day count of a core date (every date of a covered year fits).
#[inline]
fn from_date(date: NaiveDate) -> i32 {
    epoch_day(date)
}

/// A date argument of calendar `cal`: a day count chrono cannot hold is outside any coverage.
#[inline]
fn date_arg(cal: &WorkCalendar, days: i32) -> Result<NaiveDate, Error> {
    to_date(days).ok_or_else(|| not_a_date(cal, days))
}

#[cold]
#[inline(never)]
fn not_a_date(cal: &WorkCalendar, days: i32) -> Error {
    Error::Calendar {
        code: ErrorCode::DateOutOfCoverage,
        calendar: cal.code().to_owned(),
        detail: format!(
            "day {days} from 1970-01-01 is not a date this library can hold, let alone one in its coverage {}–{}",
            cal.first_year(),
            cal.last_year()
        ),
    }
}

// --- construction ---------------------------------------------------------------------------

/// A built-in calendar by its code: `"CN"`, `"XSHG"`, `"XSHE"`, `"GB-EAW"` or `"US"`.
///
/// On success `*out` receives a new calendar that the caller frees with `tousu_calendar_free`.
/// Each call builds a new calendar (well under a millisecond): keep it rather than asking again.
/// Fails with `TOUSU_STATUS_UNKNOWN_CALENDAR` for another code, `TOUSU_STATUS_NULL_ARGUMENT`
/// or `TOUSU_STATUS_INVALID_UTF8` for bad arguments; then `*out` is not touched.
///
/// # Safety
/// `code` is NULL or a NUL-terminated string; `out` and `err` are NULL or writable.
#[no_mangle]
pub unsafe extern "C" fn tousu_calendar_builtin(
    code: *const c_char,
    out: *mut *mut tousu_calendar,
    err: *mut *mut tousu_error,
) -> tousu_status {
    guard("tousu_calendar_builtin", err, |call| {
        // SAFETY: the contract above.
        let (code, out) = unsafe { (call.str("code", code)?, call.out("out", out)?) };
        out.write(boxed(WorkCalendar::builtin(code)?));
        Ok(())
    })
}

/// Reads a custom calendar from TOML text:
///
/// ```toml
/// [calendar]
/// code = "ACME"
/// name = "Acme working days"
/// weekmask = "1111100"        # optional, Monday..Sunday
/// first_year = 2024
/// last_year = 2024            # every year in between has exactly one [[year]]
/// [[year]]
/// year = 2024
/// source = "board resolution 2023-12"
/// rest_days = [2024-10-01]
/// extra_working_days = [2024-09-29]
/// ```
///
/// On success `*out` receives a new calendar (free it with `tousu_calendar_free`). Fails with a
/// calendar-data status (4000-4009) naming every problem with its line and column in the
/// error's message, or `TOUSU_STATUS_NULL_ARGUMENT` / `TOUSU_STATUS_INVALID_UTF8`; then `*out`
/// is not touched.
///
/// # Safety
/// `toml` is NULL or a NUL-terminated string; `out` and `err` are NULL or writable.
#[no_mangle]
pub unsafe extern "C" fn tousu_calendar_from_toml(
    toml: *const c_char,
    out: *mut *mut tousu_calendar,
    err: *mut *mut tousu_error,
) -> tousu_status {
    guard("tousu_calendar_from_toml", err, |call| {
        // SAFETY: the contract above.
        let (text, out) = unsafe { (call.str("toml", toml)?, call.out("out", out)?) };
        out.write(boxed(WorkCalendar::from_toml(text)?));
        Ok(())
    })
}

/// Reads a custom calendar from JSON text with the schema of the TOML form, dates as strings:
/// `{"calendar": {"code": "ACME", "name": "...", "first_year": 2024, "last_year": 2024},
/// "year": [{"year": 2024, "source": "...", "rest_days": ["2024-10-01"]}]}`.
///
/// Ownership and errors as for `tousu_calendar_from_toml` (problems name the field path,
/// `year[0].rest_days[0]`).
///
/// # Safety
/// `json` is NULL or a NUL-terminated string; `out` and `err` are NULL or writable.
#[no_mangle]
pub unsafe extern "C" fn tousu_calendar_from_json(
    json: *const c_char,
    out: *mut *mut tousu_calendar,
    err: *mut *mut tousu_error,
) -> tousu_status {
    guard("tousu_calendar_from_json", err, |call| {
        // SAFETY: the contract above.
        let (text, out) = unsafe { (call.str("json", json)?, call.out("out", out)?) };
        out.write(boxed(WorkCalendar::from_json(text)?));
        Ok(())
    })
}

/// Adds newly announced years from TOML text holding `[[year]]` tables only (as in a calendar
/// file, without `[calendar]`); together they must continue the coverage at either end without
/// a gap. Atomic: on any failure the calendar is exactly as it was.
///
/// Fails with a calendar-data status naming the line (`TOUSU_STATUS_CALENDAR_YEAR_MISSING` for
/// a gap, `TOUSU_STATUS_CALENDAR_YEAR_DUPLICATE` for a covered year, ...), or
/// `TOUSU_STATUS_NULL_ARGUMENT` / `TOUSU_STATUS_INVALID_UTF8`.
///
/// Not synchronized: no other thread may use `cal` during this call.
///
/// # Safety
/// `cal` is NULL or a live calendar used by no other thread during the call; `toml` is NULL or
/// a NUL-terminated string; `err` is NULL or writable.
#[no_mangle]
pub unsafe extern "C" fn tousu_calendar_extend_from_toml(
    cal: *mut tousu_calendar,
    toml: *const c_char,
    err: *mut *mut tousu_error,
) -> tousu_status {
    guard("tousu_calendar_extend_from_toml", err, |call| {
        // SAFETY: the contract above.
        let (cal, text) = unsafe { (call.get_mut("cal", cal)?, call.str("toml", toml)?) };
        cal.inner.extend_from_toml(text)
    })
}

/// Frees a calendar. NULL is a no-op.
///
/// # Safety
/// `cal` is NULL or a calendar from this library, not freed before, used by no other thread;
/// it is invalid afterwards.
#[no_mangle]
pub unsafe extern "C" fn tousu_calendar_free(cal: *mut tousu_calendar) {
    guard_value((), || {
        if !cal.is_null() {
            // SAFETY: created by `Box::into_raw` in `boxed`, freed once.
            drop(unsafe { Box::from_raw(cal) });
        }
    })
}

// --- description ----------------------------------------------------------------------------

/// The calendar's code (`"CN"`, or a custom calendar's code). The string belongs to the
/// calendar: valid until `tousu_calendar_free(cal)`, never freed by the caller. NULL when
/// `cal` is NULL.
///
/// # Safety
/// `cal` is NULL or a live calendar.
#[no_mangle]
pub unsafe extern "C" fn tousu_calendar_code(cal: *const tousu_calendar) -> *const c_char {
    // SAFETY: `cal` is NULL or a live calendar, by the contract above.
    let cal = unsafe { cal.as_ref() };
    guard_value(std::ptr::null(), || cal.map_or(std::ptr::null(), |c| c.code.as_ptr()))
}

/// The years the calendar covers, both included: `*first_year` and `*last_year` (2004 and
/// 2026 for the built-ins). A date outside them is `TOUSU_STATUS_DATE_OUT_OF_COVERAGE` in every
/// query, never a guess. `TOUSU_STATUS_NULL_ARGUMENT` when a pointer is NULL (then nothing is
/// written).
///
/// # Safety
/// `cal` is NULL or a live calendar; `first_year`, `last_year` and `err` are NULL or writable.
#[no_mangle]
pub unsafe extern "C" fn tousu_calendar_coverage(
    cal: *const tousu_calendar,
    first_year: *mut i32,
    last_year: *mut i32,
    err: *mut *mut tousu_error,
) -> tousu_status {
    guard("tousu_calendar_coverage", err, |call| {
        // SAFETY: the contract above.
        let (cal, first, last) = unsafe {
            (
                call.get("cal", cal)?,
                call.out("first_year", first_year)?,
                call.out("last_year", last_year)?,
            )
        };
        first.write(cal.inner.first_year());
        last.write(cal.inner.last_year());
        Ok(())
    })
}

// --- dates ----------------------------------------------------------------------------------

/// The date `year`-`month`-`day` as days since 1970-01-01 (the value every calendar function
/// takes and returns; numpy's `datetime64[D]`): 2024-10-01 is 19997.
///
/// Fails with `TOUSU_STATUS_INVALID_TIMESTAMP` when there is no such date (2023-02-29,
/// month 13); `TOUSU_STATUS_NULL_ARGUMENT` when `out` is NULL. Thread-safe.
///
/// # Safety
/// `out` and `err` are NULL or writable.
#[no_mangle]
pub unsafe extern "C" fn tousu_date_from_ymd(
    year: i32,
    month: u32,
    day: u32,
    out: *mut i32,
    err: *mut *mut tousu_error,
) -> tousu_status {
    guard("tousu_date_from_ymd", err, |call| {
        // SAFETY: the contract above.
        let out = unsafe { call.out("out", out)? };
        let date = NaiveDate::from_ymd_opt(year, month, day)
            .ok_or_else(|| no_date(call, format!("{year:04}-{month:02}-{day:02} is not a date")))?;
        out.write(from_date(date));
        Ok(())
    })
}

/// The year, month (1-12) and day (1-31) of a date given as days since 1970-01-01.
///
/// Fails with `TOUSU_STATUS_INVALID_TIMESTAMP` for a count beyond about ±262,000 years, and
/// `TOUSU_STATUS_NULL_ARGUMENT` when an out-pointer is NULL (nothing is written then).
/// Thread-safe.
///
/// # Safety
/// `year`, `month`, `day` and `err` are NULL or writable.
#[no_mangle]
pub unsafe extern "C" fn tousu_date_to_ymd(
    date: i32,
    year: *mut i32,
    month: *mut u32,
    day: *mut u32,
    err: *mut *mut tousu_error,
) -> tousu_status {
    guard("tousu_date_to_ymd", err, |call| {
        // SAFETY: the contract above.
        let (y, m, d) = unsafe {
            (
                call.out("year", year)?,
                call.out("month", month)?,
                call.out("day", day)?,
            )
        };
        let at = to_date(date).ok_or_else(|| {
            no_date(
                call,
                format!("day {date} from 1970-01-01 is not a date this library can hold"),
            )
        })?;
        y.write(at.year());
        m.write(at.month());
        d.write(at.day());
        Ok(())
    })
}

#[cold]
fn no_date(_call: Call, message: String) -> Error {
    Error::Usage {
        code: ErrorCode::InvalidTimestamp,
        message,
    }
}

// --- questions: one date --------------------------------------------------------------------

/// Whether `date` (days since 1970-01-01) is a working day: `*out` is true or false.
///
/// Fails with `TOUSU_STATUS_DATE_OUT_OF_COVERAGE` when the date is outside the calendar's
/// years; `TOUSU_STATUS_NULL_ARGUMENT` when `cal` or `out` is NULL. O(1); allocates nothing
/// unless it fails. Thread-safe on a shared calendar.
///
/// # Safety
/// `cal` is NULL or a live calendar; `out` and `err` are NULL or writable.
#[no_mangle]
pub unsafe extern "C" fn tousu_calendar_is_working_day(
    cal: *const tousu_calendar,
    date: i32,
    out: *mut bool,
    err: *mut *mut tousu_error,
) -> tousu_status {
    guard("tousu_calendar_is_working_day", err, |call| {
        // SAFETY: the contract above.
        let (cal, out) = unsafe { (call.get("cal", cal)?, call.out("out", out)?) };
        let cal = &cal.inner;
        out.write(cal.is_working_day_epoch(date)?);
        Ok(())
    })
}

/// The date `n` working days from `date` (days since 1970-01-01), into `*out`.
///
/// For n >= 1 the n-th working day strictly after `date`, whether or not `date` is a working
/// day; for n <= -1 the |n|-th working day strictly before it; for n = 0, `date` itself if it is
/// a working day, else `TOUSU_STATUS_NOT_A_WORKING_DAY`. So `add(d, 1)` is the next working
/// day. Any n is safe (up to INT64_MAX): a date or result outside the coverage is
/// `TOUSU_STATUS_DATE_OUT_OF_COVERAGE`, never an overflow.
///
/// O(1) (a rank/select lookup, no walk); allocates nothing unless it fails. Thread-safe on a
/// shared calendar.
///
/// # Safety
/// `cal` is NULL or a live calendar; `out` and `err` are NULL or writable.
#[no_mangle]
pub unsafe extern "C" fn tousu_calendar_add_working_days(
    cal: *const tousu_calendar,
    date: i32,
    n: i64,
    out: *mut i32,
    err: *mut *mut tousu_error,
) -> tousu_status {
    guard("tousu_calendar_add_working_days", err, |call| {
        // SAFETY: the contract above.
        let (cal, out) = unsafe { (call.get("cal", cal)?, call.out("out", out)?) };
        let cal = &cal.inner;
        out.write(cal.add_working_days_epoch(date, n)?);
        Ok(())
    })
}

/// The first working day strictly after `date`: `tousu_calendar_add_working_days(cal, date, 1,
/// ...)`. Errors, cost and threads as there.
///
/// # Safety
/// `cal` is NULL or a live calendar; `out` and `err` are NULL or writable.
#[no_mangle]
pub unsafe extern "C" fn tousu_calendar_next_working_day(
    cal: *const tousu_calendar,
    date: i32,
    out: *mut i32,
    err: *mut *mut tousu_error,
) -> tousu_status {
    guard("tousu_calendar_next_working_day", err, |call| {
        // SAFETY: the contract above.
        let (cal, out) = unsafe { (call.get("cal", cal)?, call.out("out", out)?) };
        let cal = &cal.inner;
        out.write(cal.add_working_days_epoch(date, 1)?);
        Ok(())
    })
}

/// The last working day strictly before `date`: `tousu_calendar_add_working_days(cal, date,
/// -1, ...)`. Errors, cost and threads as there.
///
/// # Safety
/// `cal` is NULL or a live calendar; `out` and `err` are NULL or writable.
#[no_mangle]
pub unsafe extern "C" fn tousu_calendar_previous_working_day(
    cal: *const tousu_calendar,
    date: i32,
    out: *mut i32,
    err: *mut *mut tousu_error,
) -> tousu_status {
    guard("tousu_calendar_previous_working_day", err, |call| {
        // SAFETY: the contract above.
        let (cal, out) = unsafe { (call.get("cal", cal)?, call.out("out", out)?) };
        let cal = &cal.inner;
        out.write(cal.add_working_days_epoch(date, -1)?);
        Ok(())
    })
}

/// The working days stepped onto walking from `from` to `to`, not counting `from`: the number
/// of working days in (from, to] when from <= to, and minus the number in [to, from) when
/// to < from. The inverse of add: `between(d, add(d, n)) == n` for n != 0.
///
/// Fails with `TOUSU_STATUS_DATE_OUT_OF_COVERAGE` when either date is outside the coverage.
/// O(1); thread-safe on a shared calendar.
///
/// # Safety
/// `cal` is NULL or a live calendar; `out` and `err` are NULL or writable.
#[no_mangle]
pub unsafe extern "C" fn tousu_calendar_working_days_between(
    cal: *const tousu_calendar,
    from: i32,
    to: i32,
    out: *mut i64,
    err: *mut *mut tousu_error,
) -> tousu_status {
    guard("tousu_calendar_working_days_between", err, |call| {
        // SAFETY: the contract above.
        let (cal, out) = unsafe { (call.get("cal", cal)?, call.out("out", out)?) };
        let cal = &cal.inner;
        out.write(cal.working_days_between_epoch(from, to)?);
        Ok(())
    })
}

/// The n-th working day of a month (n = 1 the first, n = -1 the last), into `*out` (days since
/// 1970-01-01).
///
/// Fails with `TOUSU_STATUS_NO_SUCH_WORKING_DAY` when the month has fewer than |n| working
/// days, n = 0, or the month is not 1-12; `TOUSU_STATUS_DATE_OUT_OF_COVERAGE` for a month
/// outside the coverage.
///
/// # Safety
/// `cal` is NULL or a live calendar; `out` and `err` are NULL or writable.
#[no_mangle]
pub unsafe extern "C" fn tousu_calendar_nth_working_day_of_month(
    cal: *const tousu_calendar,
    year: i32,
    month: u32,
    n: i32,
    out: *mut i32,
    err: *mut *mut tousu_error,
) -> tousu_status {
    guard("tousu_calendar_nth_working_day_of_month", err, |call| {
        // SAFETY: the contract above.
        let (cal, out) = unsafe { (call.get("cal", cal)?, call.out("out", out)?) };
        out.write(from_date(cal.inner.nth_working_day_of_month(year, month, n)?));
        Ok(())
    })
}

/// The last day of a period of `days` calendar days starting on `start`, under the Civil
/// Code (arts. 201 and 203): the start day is not counted, and a period ending on a rest day
/// ends on the next working day. So `*out` is `start + days` if that is a working day, else the
/// next working day. Only the end needs to be covered (`TOUSU_STATUS_DATE_OUT_OF_COVERAGE`).
///
/// # Safety
/// `cal` is NULL or a live calendar; `out` and `err` are NULL or writable.
#[no_mangle]
pub unsafe extern "C" fn tousu_calendar_civil_code_period_end(
    cal: *const tousu_calendar,
    start: i32,
    days: u32,
    out: *mut i32,
    err: *mut *mut tousu_error,
) -> tousu_status {
    guard("tousu_calendar_civil_code_period_end", err, |call| {
        // SAFETY: the contract above.
        let (cal, out) = unsafe { (call.get("cal", cal)?, call.out("out", out)?) };
        let cal = &cal.inner;
        out.write(from_date(cal.civil_code_period_end(date_arg(cal, start)?, days)?));
        Ok(())
    })
}

// --- questions: arrays ----------------------------------------------------------------------

/// A checked input array: NULL is allowed only with `len` 0.
fn array_in<T>(call: Call, arg: &str, ptr: *const T, len: usize) -> Result<*const T, Error> {
    if ptr.is_null() && len > 0 {
        return Err(call.null_array(arg, len));
    }
    Ok(ptr)
}

/// Runs `each` over `len` elements, stopping at the first failure: the failure of that
/// element (see `guard_elements`).
fn each_element(len: usize, mut each: impl FnMut(usize) -> Result<(), Error>) -> Result<(), Failure> {
    for i in 0..len {
        each(i).map_err(|e| Failure::element(i, e))?;
    }
    Ok(())
}

/// `out[i] = add_working_days(dates[i], ns[i])` for i in 0..len: the array form of
/// `tousu_calendar_add_working_days`, same semantics per element.
///
/// Stops at the first element that fails: `*failed_index` (when not NULL) receives its index,
/// the error's message starts with `element <i>: `, `out[0..i)` hold their answers and the rest
/// of `out` is not touched. On success `*failed_index` is not touched. `out` may be the same
/// array as `dates` (in place). NULL arrays are allowed when `len` is 0; otherwise
/// `TOUSU_STATUS_NULL_ARGUMENT`. No allocation unless an element fails; thread-safe on a
/// shared calendar.
///
/// # Safety
/// `cal` is NULL or a live calendar; `dates` and `ns` are NULL or readable for `len` aligned
/// elements, `out` NULL or writable for `len` aligned elements; `failed_index` and `err` are
/// NULL or writable.
#[no_mangle]
pub unsafe extern "C" fn tousu_calendar_add_working_days_array(
    cal: *const tousu_calendar,
    dates: *const i32,
    ns: *const i64,
    len: usize,
    out: *mut i32,
    failed_index: *mut usize,
    err: *mut *mut tousu_error,
) -> tousu_status {
    guard_elements("tousu_calendar_add_working_days_array", err, failed_index, |call| {
        // SAFETY: the contract above.
        let cal = unsafe { call.get("cal", cal)? };
        let dates = array_in(call, "dates", dates, len)?;
        let ns = array_in(call, "ns", ns, len)?;
        let out = array_in(call, "out", out.cast_const(), len)?.cast_mut();
        let cal = &cal.inner;
        // SAFETY: i < len, and the arrays hold len elements; reads and writes go through raw
        // pointers, so `out` may alias `dates`.
        unsafe {
            each_element(len, |i| {
                out.add(i)
                    .write(cal.add_working_days_epoch(dates.add(i).read(), ns.add(i).read())?);
                Ok(())
            })
        }
    })
}

/// `out[i] = add_working_days(dates[i], n)` for i in 0..len: one `n` for every date. Otherwise
/// as `tousu_calendar_add_working_days_array`.
///
/// # Safety
/// As for `tousu_calendar_add_working_days_array`, without `ns`.
#[no_mangle]
pub unsafe extern "C" fn tousu_calendar_add_working_days_array_n(
    cal: *const tousu_calendar,
    dates: *const i32,
    n: i64,
    len: usize,
    out: *mut i32,
    failed_index: *mut usize,
    err: *mut *mut tousu_error,
) -> tousu_status {
    guard_elements("tousu_calendar_add_working_days_array_n", err, failed_index, |call| {
        // SAFETY: the contract above.
        let cal = unsafe { call.get("cal", cal)? };
        let dates = array_in(call, "dates", dates, len)?;
        let out = array_in(call, "out", out.cast_const(), len)?.cast_mut();
        let cal = &cal.inner;
        // SAFETY: as in tousu_calendar_add_working_days_array.
        unsafe {
            each_element(len, |i| {
                out.add(i).write(cal.add_working_days_epoch(dates.add(i).read(), n)?);
                Ok(())
            })
        }
    })
}

/// `out[i] = is_working_day(dates[i])` for i in 0..len. Failure, aliasing and NULL rules as for
/// `tousu_calendar_add_working_days_array`.
///
/// # Safety
/// `cal` is NULL or a live calendar; `dates` is NULL or readable for `len` elements, `out` NULL
/// or writable for `len` elements; `failed_index` and `err` are NULL or writable.
#[no_mangle]
pub unsafe extern "C" fn tousu_calendar_is_working_day_array(
    cal: *const tousu_calendar,
    dates: *const i32,
    len: usize,
    out: *mut bool,
    failed_index: *mut usize,
    err: *mut *mut tousu_error,
) -> tousu_status {
    guard_elements("tousu_calendar_is_working_day_array", err, failed_index, |call| {
        // SAFETY: the contract above.
        let cal = unsafe { call.get("cal", cal)? };
        let dates = array_in(call, "dates", dates, len)?;
        let out = array_in(call, "out", out.cast_const(), len)?.cast_mut();
        let cal = &cal.inner;
        // SAFETY: as in tousu_calendar_add_working_days_array.
        unsafe {
            each_element(len, |i| {
                out.add(i).write(cal.is_working_day_epoch(dates.add(i).read())?);
                Ok(())
            })
        }
    })
}

/// `out[i] = working_days_between(from[i], to[i])` for i in 0..len. Failure and NULL rules as
/// for `tousu_calendar_add_working_days_array`.
///
/// # Safety
/// `cal` is NULL or a live calendar; `from` and `to` are NULL or readable for `len` elements,
/// `out` NULL or writable for `len` elements; `failed_index` and `err` are NULL or writable.
#[no_mangle]
pub unsafe extern "C" fn tousu_calendar_working_days_between_array(
    cal: *const tousu_calendar,
    from: *const i32,
    to: *const i32,
    len: usize,
    out: *mut i64,
    failed_index: *mut usize,
    err: *mut *mut tousu_error,
) -> tousu_status {
    guard_elements("tousu_calendar_working_days_between_array", err, failed_index, |call| {
        // SAFETY: the contract above.
        let cal = unsafe { call.get("cal", cal)? };
        let from = array_in(call, "from", from, len)?;
        let to = array_in(call, "to", to, len)?;
        let out = array_in(call, "out", out.cast_const(), len)?.cast_mut();
        let cal = &cal.inner;
        // SAFETY: as in tousu_calendar_add_working_days_array.
        unsafe {
            each_element(len, |i| {
                out.add(i)
                    .write(cal.working_days_between_epoch(from.add(i).read(), to.add(i).read())?);
                Ok(())
            })
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn day_counts_are_numpy_datetime64_days() {
        let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).unwrap();
        assert_eq!(from_date(d(1970, 1, 1)), 0);
        assert_eq!(from_date(d(2024, 10, 1)), 19_997);
        assert_eq!(from_date(d(1969, 12, 31)), -1);
        for days in [-1_000_000, -1, 0, 1, 19_997, 2_932_896] {
            assert_eq!(from_date(to_date(days).unwrap()), days);
        }
        assert_eq!(to_date(i32::MAX), None);
        assert_eq!(to_date(i32::MIN), None);
    }
}
