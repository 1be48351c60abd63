//! Working-day calendars: which days are working days, and day arithmetic on them in O(1).
//!
//! # Overview
//!
//! 工作日 in mainland China is Monday to Friday, minus the public holidays the State Council
//! announces each year, plus the weekend days the same notice turns into working days (调休).
//! The exchanges keep their own calendars: closed on those make-up weekend days, and sometimes
//! on working days too. A [`WorkCalendar`] holds such a calendar for a run of whole years, each
//! year naming the notice it comes from. A date outside those years is an error
//! ([`ErrorCode::DateOutOfCoverage`]), never a guess: a year whose schedule has not been
//! announced is unknown.
//!
//! - Built in: [`WorkCalendar::builtin`] with [`BUILTIN_CALENDARS`] (`CN`, `XSHG`, `XSHE`, and
//!   `GB-EAW` and `US` for the UK and US complaint rules), embedded from
//!   `core/data/calendars/*.toml`.
//! - From data: [`WorkCalendar::from_toml`], [`WorkCalendar::from_json`], or parts with
//!   [`WorkCalendar::builder`]. Loading checks everything and reports every problem at once
//!   with its line and column (TOML, JSON) or field path ([`CalendarProblem`]).
//! - A newly announced year joins at run time, from data, without recompiling:
//!   [`WorkCalendar::add_year`], [`WorkCalendar::extend_from_toml`]. A failed load changes
//!   nothing.
//!
//! # Semantics
//!
//! - [`add_working_days(d, n)`](WorkCalendar::add_working_days): for n ≥ 1 the n-th working
//!   day strictly after `d`, whether or not `d` is a working day; for n ≤ −1 the |n|-th working
//!   day strictly before `d`; for n = 0, `d` itself if it is a working day, else
//!   [`ErrorCode::NotAWorkingDay`] (use [`working_day_on_or_after`](WorkCalendar::working_day_on_or_after)
//!   to roll forward instead).
//! - [`working_days_between(a, b)`](WorkCalendar::working_days_between): the working days
//!   stepped onto walking from `a` to `b`, not counting `a`: the count in (a, b] when a ≤ b, and
//!   minus the count in [b, a) when b < a. It is the inverse of `add_working_days`:
//!   `working_days_between(d, add_working_days(d, n)?) == n` for every `d` and n ≠ 0.
//!
//! # Representation
//!
//! Every question is answered in constant time from three arrays built once: a bitset of
//! working days, a rank array (working days before each 64-day word) and a select array (the
//! position of the k-th working day); see `days.rs`. A 23-year calendar takes about 15 KiB;
//! [`WorkCalendar::heap_size`] tells.
//!
//! # Examples
//!
//! ```
//! use chrono::NaiveDate;
//! use tousu::WorkCalendar;
//!
//! let cal = WorkCalendar::from_toml(r#"
//! [calendar]
//! code = "DEMO"
//! name = "October 2024 in mainland China"
//! weekmask = "1111100"
//! first_year = 2024
//! last_year = 2024
//! [[year]]
//! year = 2024
//! source = "国办发明电〔2023〕7号 (National Day only)"
//! rest_days = [2024-10-01, 2024-10-02, 2024-10-03, 2024-10-04, 2024-10-07]
//! extra_working_days = [2024-09-29, 2024-10-12]
//! "#)?;
//! let d = |m, day| NaiveDate::from_ymd_opt(2024, m, day).unwrap();
//!
//! assert!(cal.is_working_day(d(9, 29))?);                          // a make-up Sunday
//! assert_eq!(cal.add_working_days(d(9, 27), 3)?, d(10, 8));         // 9-29, 9-30, 10-08
//! assert_eq!(cal.add_working_days(d(10, 8), -2)?, d(9, 29));
//! assert_eq!(cal.working_days_between(d(9, 27), d(10, 8))?, 3);
//! assert_eq!(cal.nth_working_day_of_month(2024, 10, 1)?, d(10, 8));
//! // Civil Code art. 203: a period ending on a rest day ends on the next working day.
//! assert_eq!(cal.civil_code_period_end(d(9, 24), 7)?, d(10, 8));
//!
//! // 2025 is not covered: an error naming the calendar, the date and the years covered.
//! let err = cal.add_working_days(d(12, 30), 5).unwrap_err();
//! assert_eq!(err.code(), tousu::ErrorCode::DateOutOfCoverage);
//! assert_eq!(err.to_string(), "calendar DEMO: 5 working days after 2024-12-30 fall beyond its coverage 2024–2024");
//! # Ok::<(), tousu::Error>(())
//! ```
//!
//! [`ErrorCode::DateOutOfCoverage`]: crate::ErrorCode::DateOutOfCoverage
//! [`ErrorCode::NotAWorkingDay`]: crate::ErrorCode::NotAWorkingDay
//! [`CalendarProblem`]: crate::CalendarProblem

mod builtin;
mod days;
pub(crate) mod load;
mod weekmask;

use std::fmt;

use chrono::{Datelike, FixedOffset, NaiveDate};

pub use builtin::BUILTIN_CALENDARS;
pub use weekmask::Weekmask;

use self::days::Days;
pub(crate) use self::days::{add_days_epoch, add_months_epoch};
use self::load::{Checked, Header, Problems, Source, YearIn, YearOk};
use crate::error::{Error, ErrorCode, Result};

/// A working-day calendar over a run of whole years: see the [module docs](self).
///
/// Cloning copies about 14 KiB for 23 years. Every query is O(1) and allocates nothing unless
/// it fails.
#[derive(Clone, PartialEq, Eq)]
pub struct WorkCalendar {
    code: String,
    name: String,
    name_zh: Option<String>,
    utc_offset: FixedOffset,
    weekmask: Weekmask,
    /// The source of each covered year, first year first.
    sources: Vec<Box<str>>,
    days: Days,
}

/// One year of a calendar: the notice it comes from, its rest days and extra working days.
///
/// A date is a working day iff (the week mask makes it one and it is not a rest day) or it is
/// an extra working day. Rest days may include days the week mask rests anyway (a holiday's
/// weekend days); an extra working day must be a day the week mask rests (a make-up weekend
/// day, 调休). Every date must lie in `year`.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct YearData {
    /// The year.
    pub year: i32,
    /// The notice the schedule comes from, e.g.
    /// `国务院办公厅关于2024年部分节假日安排的通知（国办发明电〔2023〕7号）`.
    pub source: String,
    /// Days that are not working days although the week mask would make them so.
    pub rest_days: Vec<NaiveDate>,
    /// Days the week mask rests that are working days (make-up days, 调休).
    pub extra_working_days: Vec<NaiveDate>,
}

impl YearData {
    /// A year with no rest days and no extra working days yet.
    pub fn new(year: i32, source: impl Into<String>) -> YearData {
        YearData {
            year,
            source: source.into(),
            rest_days: Vec::new(),
            extra_working_days: Vec::new(),
        }
    }
}

impl WorkCalendar {
    // --- construction -------------------------------------------------------------------------

    /// A built-in calendar: `CN` (mainland statutory working days), `XSHG` (Shanghai Stock
    /// Exchange trading days), `XSHE` (Shenzhen), `GB-EAW` (England and Wales) or `US`; see
    /// [`BUILTIN_CALENDARS`].
    ///
    /// Each call parses the embedded data (well under a millisecond); keep the calendar rather
    /// than asking again. An unknown code is [`ErrorCode::UnknownCalendar`].
    pub fn builtin(code: &str) -> Result<WorkCalendar> {
        builtin::load(code)
    }

    /// Reads a calendar from TOML text (the format of `core/data/calendars/CN.toml`):
    ///
    /// ```toml
    /// [calendar]
    /// code = "CN"
    /// name = "Mainland China statutory working days"
    /// name_zh = "中国大陆法定工作日"        # optional
    /// utc_offset = "+08:00"                 # optional, +08:00 by default
    /// weekmask = "1111100"                  # optional, Monday..Sunday, 1111100 by default
    /// first_year = 2004
    /// last_year = 2026                      # every year in between has exactly one [[year]]
    /// [[year]]
    /// year = 2024
    /// source = "国务院办公厅关于2024年部分节假日安排的通知（国办发明电〔2023〕7号）"
    /// rest_days = [2024-01-01, 2024-02-10]  # TOML local dates (or "2024-01-01" strings)
    /// extra_working_days = [2024-02-04]     # days the week mask rests, made working (调休)
    /// ```
    ///
    /// Every problem is reported at once with its line and column and the year it concerns:
    /// an unknown field, a missing or duplicated year, a date under the wrong year, an extra
    /// working day that the week mask already makes a working day, a date both rest and extra,
    /// an invalid week mask (see the 4000–4099 codes of [`ErrorCode`]).
    pub fn from_toml(text: &str) -> Result<WorkCalendar> {
        Self::from_toml_named(text, None)
    }

    /// [`from_toml`](Self::from_toml), naming `file` in any error (core reads no files: the
    /// caller does, and says which).
    pub fn from_toml_named(text: &str, file: Option<&str>) -> Result<WorkCalendar> {
        let (raw, source) = load::read_toml_file(text, file)?;
        Ok(Self::from_checked(load::check_file(raw, source)?))
    }

    /// Reads a calendar from JSON with the same schema as the TOML form, dates as strings:
    /// `{"calendar": {"code": "CN", …}, "year": [{"year": 2024, "source": "…",
    /// "rest_days": ["2024-01-01"], "extra_working_days": []}]}`. Problems name the field path
    /// (`year[3].rest_days[2]`), and the line and column where reading stopped.
    pub fn from_json(text: &str) -> Result<WorkCalendar> {
        let (raw, source) = load::read_json_file(text, None)?;
        Ok(Self::from_checked(load::check_file(raw, source)?))
    }

    /// A custom calendar from parts: see [`CalendarBuilder`].
    pub fn builder(code: impl Into<String>) -> CalendarBuilder {
        CalendarBuilder {
            code: code.into(),
            name: String::new(),
            name_zh: None,
            utc_offset: beijing(),
            weekmask: Weekmask::MONDAY_TO_FRIDAY,
            coverage: None,
            years: Vec::new(),
        }
    }

    fn from_checked(checked: Checked) -> WorkCalendar {
        let Checked { header, years } = checked;
        let bits = years.iter().map(|y| y.bits(header.weekmask)).collect();
        WorkCalendar {
            sources: years.into_iter().map(|y| y.source.into_boxed_str()).collect(),
            days: Days::from_years(header.first_year, bits),
            code: header.code,
            name: header.name,
            name_zh: header.name_zh,
            utc_offset: header.utc_offset,
            weekmask: header.weekmask,
        }
    }

    /// Adds a newly announced year, which must be the year after [`last_year`](Self::last_year)
    /// or the year before [`first_year`](Self::first_year). The data is checked as in a file;
    /// on any problem the calendar is unchanged.
    pub fn add_year(&mut self, year: YearData) -> Result<()> {
        let entries = vec![YearIn::from_parts(0, year)];
        self.extend(entries, Source::default())
    }

    /// Adds years from TOML text holding `[[year]]` tables only (as in a calendar file, without
    /// `[calendar]`). Together they must continue the coverage at either end without a gap. On
    /// any problem (reported with its line) the calendar is unchanged.
    pub fn extend_from_toml(&mut self, text: &str) -> Result<()> {
        let (raw, source) = load::read_toml_extension(text, &self.code)?;
        self.extend(load::extension_entries(raw), source)
    }

    /// [`extend_from_toml`](Self::extend_from_toml), naming `file` (the name the text came
    /// from) in every problem, as [`from_toml_named`](Self::from_toml_named) does.
    pub fn extend_from_toml_named(&mut self, text: &str, file: Option<&str>) -> Result<()> {
        self.extend_from_toml(text).map_err(|err| match err {
            Error::CalendarData { calendar, problems, .. } => Error::CalendarData {
                calendar,
                file: file.map(str::to_owned),
                problems,
            },
            other => other,
        })
    }

    /// [`extend_from_toml`](Self::extend_from_toml) for JSON: `{"year": [{…}, …]}`.
    pub fn extend_from_json(&mut self, text: &str) -> Result<()> {
        let (raw, source) = load::read_json_extension(text, &self.code)?;
        self.extend(load::extension_entries(raw), source)
    }

    fn extend(&mut self, entries: Vec<YearIn>, source: Source<'_>) -> Result<()> {
        let coverage = (self.first_year(), self.last_year());
        let need_source = source.text.is_some();
        let added = load::check_extension(need_source, &self.code, self.weekmask, coverage, entries, source)?;
        let (before, after): (Vec<YearOk>, Vec<YearOk>) = added.into_iter().partition(|y| y.year < coverage.0);
        let mask = self.weekmask;
        let bits: Vec<_> = (before.iter().map(|y| y.bits(mask)))
            .chain(self.days.all_year_bits())
            .chain(after.iter().map(|y| y.bits(mask)))
            .collect();
        let mut sources = Vec::with_capacity(self.sources.len() + before.len() + after.len());
        let first_year = before.first().map_or(coverage.0, |y| y.year);
        sources.extend(before.into_iter().map(|y| y.source.into_boxed_str()));
        sources.extend(self.sources.iter().cloned());
        sources.extend(after.into_iter().map(|y| y.source.into_boxed_str()));
        // Nothing above can fail; the calendar changes only here.
        self.days = Days::from_years(first_year, bits);
        self.sources = sources;
        Ok(())
    }

    // --- description --------------------------------------------------------------------------

    /// The calendar's code: `CN`, `XSHG`, or a custom code.
    pub fn code(&self) -> &str {
        &self.code
    }

    /// The calendar's English name.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The calendar's Chinese name, if it has one.
    pub fn name_zh(&self) -> Option<&str> {
        self.name_zh.as_deref()
    }

    /// The UTC offset of the calendar's days (Beijing time, +08:00, for the built-ins).
    pub fn utc_offset(&self) -> FixedOffset {
        self.utc_offset
    }

    /// The default working days of the week.
    pub fn weekmask(&self) -> Weekmask {
        self.weekmask
    }

    /// The first year covered.
    pub fn first_year(&self) -> i32 {
        self.days.first_year()
    }

    /// The last year covered.
    pub fn last_year(&self) -> i32 {
        self.days.last_year()
    }

    /// The covered years, `first_year()..=last_year()`.
    pub fn coverage(&self) -> std::ops::RangeInclusive<i32> {
        self.first_year()..=self.last_year()
    }

    /// Whether `date` lies in a covered year.
    pub fn covers(&self, date: NaiveDate) -> bool {
        self.days.slot(date).is_some()
    }

    /// The notice a covered year's schedule comes from (`None` outside the coverage, or for a
    /// year a [`CalendarBuilder`] was given no data for).
    pub fn source(&self, year: i32) -> Option<&str> {
        let index = usize::try_from(year.checked_sub(self.first_year())?).ok()?;
        self.sources.get(index).map(|s| &**s).filter(|s| !s.is_empty())
    }

    /// A covered year as data: its source, and the fewest rest days and extra working days
    /// that give its working days under the week mask (rest days the mask rests anyway are not
    /// listed).
    pub fn year_data(&self, year: i32) -> Option<YearData> {
        let index = usize::try_from(year.checked_sub(self.first_year())?).ok()?;
        let bits = (index < self.sources.len()).then(|| self.days.year_bits(index))?;
        let mut data = YearData::new(year, &*self.sources[index]);
        let mut date = NaiveDate::from_yo_opt(year, 1)?;
        for ordinal0 in 0..load::days_in_year(year) {
            let working = bits[ordinal0 / 8] >> (ordinal0 % 8) & 1 == 1;
            match (self.weekmask.contains(date.weekday()), working) {
                (true, false) => data.rest_days.push(date),
                (false, true) => data.extra_working_days.push(date),
                _ => {}
            }
            date = date.succ_opt()?;
        }
        Some(data)
    }

    /// The bytes this calendar holds on the heap (its arrays, code, names and sources).
    pub fn heap_size(&self) -> usize {
        self.days.heap_bytes()
            + self.code.capacity()
            + self.name.capacity()
            + self.name_zh.as_ref().map_or(0, String::capacity)
            + self.sources.capacity() * std::mem::size_of::<Box<str>>()
            + self.sources.iter().map(|s| s.len()).sum::<usize>()
    }

    // --- questions ----------------------------------------------------------------------------

    /// The slot of a covered date, or the out-of-coverage error.
    #[inline]
    fn slot(&self, date: NaiveDate) -> Result<u32> {
        match self.days.slot(date) {
            Some(slot) => Ok(slot),
            None => Err(self.not_covered(date)),
        }
    }

    /// Whether `date` is a working day.
    #[inline]
    pub fn is_working_day(&self, date: NaiveDate) -> Result<bool> {
        Ok(self.days.is_working(self.slot(date)?))
    }

    /// The first working day strictly after `date`.
    #[inline]
    pub fn next_working_day(&self, date: NaiveDate) -> Result<NaiveDate> {
        self.add_working_days(date, 1)
    }

    /// The last working day strictly before `date`.
    #[inline]
    pub fn previous_working_day(&self, date: NaiveDate) -> Result<NaiveDate> {
        self.add_working_days(date, -1)
    }

    /// `date` if it is a working day, else the next working day.
    #[inline]
    pub fn working_day_on_or_after(&self, date: NaiveDate) -> Result<NaiveDate> {
        let slot = self.slot(date)?;
        if self.days.is_working(slot) {
            return Ok(date);
        }
        self.days
            .step(slot, 1)
            .map(|s| self.days.date(s))
            .ok_or_else(|| self.beyond(date, 1))
    }

    /// `date` if it is a working day, else the previous working day.
    #[inline]
    pub fn working_day_on_or_before(&self, date: NaiveDate) -> Result<NaiveDate> {
        let slot = self.slot(date)?;
        if self.days.is_working(slot) {
            return Ok(date);
        }
        self.days
            .step(slot, -1)
            .map(|s| self.days.date(s))
            .ok_or_else(|| self.beyond(date, -1))
    }

    /// The date `n` working days from `date`: for n ≥ 1 the n-th working day strictly after
    /// `date` (whether or not `date` is a working day); for n ≤ −1 the |n|-th working day
    /// strictly before it; for n = 0, `date` if it is a working day, else
    /// [`ErrorCode::NotAWorkingDay`].
    ///
    /// `date` outside the coverage, or a result beyond it (any `n`, up to `i64::MAX`), is
    /// [`ErrorCode::DateOutOfCoverage`] naming the calendar, the date and the covered years.
    #[inline]
    pub fn add_working_days(&self, date: NaiveDate, n: i64) -> Result<NaiveDate> {
        match self.try_add(date, n) {
            Some(to) => Ok(to),
            None => Err(self.add_error(date, n)),
        }
    }

    /// The hot path of [`add_working_days`](Self::add_working_days): the answer, or `None` for
    /// any error (which [`add_error`](Self::add_error) then explains, off the hot path).
    #[inline]
    fn try_add(&self, date: NaiveDate, n: i64) -> Option<NaiveDate> {
        let slot = self.days.slot(date)?;
        if n == 0 {
            return self.days.is_working(slot).then_some(date);
        }
        self.days.step(slot, n).map(|slot| self.days.date(slot))
    }

    /// The working days stepped onto walking from `from` to `to`, not counting `from`: the
    /// number of working days in (from, to] when from ≤ to, and minus the number in [to, from)
    /// when to < from.
    ///
    /// So `working_days_between(d, add_working_days(d, n)?) == n` for every covered `d` and
    /// n ≠ 0, and `working_days_between(a, b) == -working_days_between(b, a)` when `a` and `b`
    /// are both working days (or both rest days).
    #[inline]
    pub fn working_days_between(&self, from: NaiveDate, to: NaiveDate) -> Result<i64> {
        let (a, b) = (self.slot(from)?, self.slot(to)?);
        Ok(if a <= b {
            i64::from(self.days.rank_through(b)) - i64::from(self.days.rank_through(a))
        } else {
            i64::from(self.days.rank_before(b)) - i64::from(self.days.rank_before(a))
        })
    }

    /// The n-th working day of a month: n = 1 the first, n = −1 the last, n = −2 the one
    /// before. A month with fewer than |n| working days, n = 0 or a month outside 1–12 is
    /// [`ErrorCode::NoSuchWorkingDay`]; a month outside the coverage is
    /// [`ErrorCode::DateOutOfCoverage`].
    pub fn nth_working_day_of_month(&self, year: i32, month: u32, n: i32) -> Result<NaiveDate> {
        let (first, last) = self.month_slots(year, month)?;
        let (before, through) = (self.days.rank_before(first), self.days.rank_through(last));
        let count = through - before;
        let k = match n {
            1.. if n.unsigned_abs() <= count => u64::from(before) + u64::from(n.unsigned_abs()) - 1,
            ..=-1 if n.unsigned_abs() <= count => u64::from(through - n.unsigned_abs()),
            _ => {
                let detail = if n == 0 {
                    "n = 0 names no working day: the first is n = 1, the last n = -1".to_owned()
                } else {
                    format!("{year}-{month:02} has {count} working days; there is no working day number {n}")
                };
                return Err(self.error(ErrorCode::NoSuchWorkingDay, detail));
            }
        };
        Ok(self
            .days
            .date(self.days.select(k).expect("k is within the month's working days")))
    }

    /// The number of working days in a month.
    pub fn working_days_in_month(&self, year: i32, month: u32) -> Result<u32> {
        let (first, last) = self.month_slots(year, month)?;
        Ok(self.days.rank_through(last) - self.days.rank_before(first))
    }

    fn month_slots(&self, year: i32, month: u32) -> Result<(u32, u32)> {
        let Some(first) = NaiveDate::from_ymd_opt(year, month, 1) else {
            return Err(self.error(
                ErrorCode::NoSuchWorkingDay,
                format!("month {month} of {year} does not exist"),
            ));
        };
        let first_slot = self.slot(first)?;
        let next = if month == 12 {
            load::days_in_year(year) as u32
        } else {
            first.with_month(month + 1).map_or(0, |d| d.ordinal0())
        };
        let last_slot = self.days.year_slot(year, next - 1).expect("same covered year");
        Ok((first_slot, last_slot))
    }

    /// The last day of a period of `days` calendar days starting on `start`, under the Civil
    /// Code's rules for periods:
    ///
    /// - 《中华人民共和国民法典》第二百零一条: 按照年、月、日计算期间的，开始的当日不计入，自下一日开始计算
    ///   (the start day is not counted: the period runs from the next day);
    /// - 第二百零三条: 期间的最后一日是法定休假日的，以法定休假日结束的次日为期间的最后一日
    ///   (a period whose last day is a statutory rest day ends on the day after the rest days,
    ///   i.e. the next working day of this calendar).
    ///
    /// So the result is `start + days` if that is a working day, else the next working day.
    /// Only the end needs to be covered. (With `days = 0` the "period" ends on `start`, rolled
    /// forward the same way.) Article 203's second paragraph — the last day ends at 24:00, or at
    /// the close of business where there are business hours — is about the time of day, which
    /// this date-only answer leaves to the caller.
    pub fn civil_code_period_end(&self, start: NaiveDate, days: u32) -> Result<NaiveDate> {
        let end = start
            .checked_add_days(chrono::Days::new(u64::from(days)))
            .ok_or_else(|| {
                self.error(
                    ErrorCode::DateOutOfCoverage,
                    format!("{days} days after {start} is not a date"),
                )
            })?;
        self.working_day_on_or_after(end)
    }

    // --- questions on day counts ---------------------------------------------------------------

    /// [`is_working_day`](Self::is_working_day) of a day count: days since 1970-01-01, the
    /// value of numpy's `datetime64[D]` and of the C surface's dates (2024-10-01 is 19997; see
    /// [`epoch_day`]). No date conversion on the way: the C and numpy hot paths use these.
    /// Errors are those of the date form for the same date.
    #[inline]
    pub fn is_working_day_epoch(&self, day: i32) -> Result<bool> {
        match self.days.slot_of_day(day) {
            Some(slot) => Ok(self.days.is_working(slot)),
            None => Err(self.epoch_error(day, |cal, date| cal.is_working_day(date).map(|_| ()))),
        }
    }

    /// [`add_working_days`](Self::add_working_days) on day counts (days since 1970-01-01):
    /// same semantics, same errors, O(1).
    #[inline]
    pub fn add_working_days_epoch(&self, day: i32, n: i64) -> Result<i32> {
        if let Some(slot) = self.days.slot_of_day(day) {
            if n == 0 {
                if self.days.is_working(slot) {
                    return Ok(day);
                }
            } else if let Some(to) = self.days.step(slot, n) {
                return Ok(self.days.day_of(to));
            }
        }
        Err(self.epoch_error(day, |cal, date| cal.add_working_days(date, n).map(|_| ())))
    }

    /// [`working_days_between`](Self::working_days_between) on day counts (days since
    /// 1970-01-01): same semantics, same errors, O(1).
    #[inline]
    pub fn working_days_between_epoch(&self, from: i32, to: i32) -> Result<i64> {
        match (self.days.slot_of_day(from), self.days.slot_of_day(to)) {
            (Some(a), Some(b)) => Ok(if a <= b {
                i64::from(self.days.rank_through(b)) - i64::from(self.days.rank_through(a))
            } else {
                i64::from(self.days.rank_before(b)) - i64::from(self.days.rank_before(a))
            }),
            (None, _) => Err(self.epoch_error(from, |cal, date| cal.is_working_day(date).map(|_| ()))),
            (_, None) => Err(self.epoch_error(to, |cal, date| cal.is_working_day(date).map(|_| ()))),
        }
    }

    /// Whether a day count is a working day, and how many working days of the coverage come
    /// before it: the day part of the deadline engine's working clock, in one look-up.
    #[inline(always)]
    pub(crate) fn working_rank_epoch(&self, day: i32) -> Result<(bool, i64)> {
        match self.days.slot_of_day(day) {
            Some(slot) => Ok((self.days.is_working(slot), i64::from(self.days.rank_before(slot)))),
            None => Err(self.epoch_error(day, |cal, date| cal.is_working_day(date).map(|_| ()))),
        }
    }

    /// [`add_working_days_epoch`](Self::add_working_days_epoch) for n ≠ 0, with the answer's
    /// rank (working days of the coverage before it): the deadline engine's working clock.
    #[inline]
    pub(crate) fn add_working_days_ranked(&self, day: i32, n: i64) -> Result<(i32, i64)> {
        if let Some((to, rank)) = self
            .days
            .slot_of_day(day)
            .and_then(|slot| self.days.step_ranked(slot, n))
        {
            return Ok((self.days.day_of(to), i64::from(rank)));
        }
        Err(self.epoch_error(day, |cal, date| cal.add_working_days(date, n).map(|_| ())))
    }

    /// The day count of the working day with `rank` working days of the coverage before it
    /// (the inverse of [`working_rank_epoch`](Self::working_rank_epoch)).
    #[inline(always)]
    pub(crate) fn working_day_of_rank(&self, rank: i64) -> Result<i32> {
        match u64::try_from(rank).ok().and_then(|k| self.days.select(k)) {
            Some(slot) => Ok(self.days.day_of(slot)),
            None => Err(self.error(
                ErrorCode::DateOutOfCoverage,
                format!(
                    "a time falls outside its coverage {}–{}: the working days of those years do not reach it",
                    self.first_year(),
                    self.last_year()
                ),
            )),
        }
    }

    /// [`working_day_on_or_before`](Self::working_day_on_or_before) on day counts.
    #[inline]
    pub(crate) fn working_day_on_or_before_epoch(&self, day: i32) -> Result<i32> {
        if let Some(slot) = self.days.slot_of_day(day) {
            if self.days.is_working(slot) {
                return Ok(day);
            }
            if let Some(before) = self.days.step(slot, -1) {
                return Ok(self.days.day_of(before));
            }
        }
        Err(self.epoch_error(day, |cal, date| cal.working_day_on_or_before(date).map(|_| ())))
    }

    /// The error of a day-count question: the date form's error for the same date, or, for a
    /// count no date can have, the out-of-coverage error naming the count.
    #[cold]
    #[inline(never)]
    fn epoch_error(&self, day: i32, date_form: impl FnOnce(&Self, NaiveDate) -> Result<()>) -> Error {
        match days::epoch_date(day).map(|date| date_form(self, date)) {
            Some(Err(e)) => e,
            _ => self.error(
                ErrorCode::DateOutOfCoverage,
                format!(
                    "day {day} from 1970-01-01 is outside its coverage {}–{}",
                    self.first_year(),
                    self.last_year()
                ),
            ),
        }
    }

    // --- errors (cold) ------------------------------------------------------------------------

    #[cold]
    #[inline(never)]
    fn error(&self, code: ErrorCode, detail: String) -> Error {
        Error::Calendar {
            code,
            calendar: self.code.clone(),
            detail,
        }
    }

    #[cold]
    #[inline(never)]
    fn not_covered(&self, date: NaiveDate) -> Error {
        let detail = format!(
            "{date} is outside its coverage {}–{}; a year whose schedule has not been announced is unknown",
            self.first_year(),
            self.last_year()
        );
        self.error(ErrorCode::DateOutOfCoverage, detail)
    }

    #[cold]
    #[inline(never)]
    fn beyond(&self, date: NaiveDate, n: i64) -> Error {
        let direction = if n > 0 { "after" } else { "before" };
        let days = if n.unsigned_abs() == 1 {
            "working day"
        } else {
            "working days"
        };
        let detail = format!(
            "{} {days} {direction} {date} fall beyond its coverage {}–{}",
            n.unsigned_abs(),
            self.first_year(),
            self.last_year()
        );
        self.error(ErrorCode::DateOutOfCoverage, detail)
    }

    #[cold]
    #[inline(never)]
    fn add_error(&self, date: NaiveDate, n: i64) -> Error {
        if !self.covers(date) {
            self.not_covered(date)
        } else if n == 0 {
            self.not_working(date)
        } else {
            self.beyond(date, n)
        }
    }

    #[cold]
    #[inline(never)]
    fn not_working(&self, date: NaiveDate) -> Error {
        let detail = format!("{date} is not a working day: adding 0 working days needs one");
        self.error(ErrorCode::NotAWorkingDay, detail)
    }
}

/// The day count of a date: days since 1970-01-01, the value of numpy's `datetime64[D]` and of
/// the C surface's `int32_t` dates (2024-10-01 is 19997). Every date of a calendar's coverage
/// has one.
pub fn epoch_day(date: NaiveDate) -> i32 {
    days::epoch_day(date)
}

/// The date of a day count (days since 1970-01-01), or `None` beyond chrono's range (about
/// ±262,000 years).
pub fn epoch_date(day: i32) -> Option<NaiveDate> {
    days::epoch_date(day)
}

fn beijing() -> FixedOffset {
    FixedOffset::east_opt(8 * 3600).expect("+08:00 is an offset")
}

impl fmt::Debug for WorkCalendar {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("WorkCalendar")
            .field("code", &self.code)
            .field("name", &self.name)
            .field("weekmask", &self.weekmask)
            .field("coverage", &self.coverage())
            .field("working_days", &self.days.total())
            .finish_non_exhaustive()
    }
}

/// A custom calendar from parts; [`WorkCalendar::builder`] starts one.
///
/// Unlike a file, a builder may leave covered years without data: such a year follows the week
/// mask alone (its [`source`](WorkCalendar::source) is `None`). The coverage is what
/// [`coverage`](Self::coverage) says, else the span of the years given data.
///
/// ```
/// use chrono::{NaiveDate, Weekday};
/// use tousu::{WorkCalendar, Weekmask, YearData};
///
/// let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).unwrap();
/// let cal = WorkCalendar::builder("ACME")
///     .name("Acme six-day week")
///     .weekmask(Weekmask::from_weekdays([Weekday::Mon, Weekday::Tue, Weekday::Wed, Weekday::Thu, Weekday::Fri, Weekday::Sat]))
///     .coverage(2030, 2031)
///     .year(YearData { rest_days: vec![d(2030, 1, 1)], ..YearData::new(2030, "board resolution 2029-12") })
///     .build()?;
/// assert!(!cal.is_working_day(d(2030, 1, 1))?);
/// assert!(cal.is_working_day(d(2031, 1, 4))?); // a Saturday
/// # Ok::<(), tousu::Error>(())
/// ```
#[derive(Debug, Clone)]
#[must_use]
pub struct CalendarBuilder {
    code: String,
    name: String,
    name_zh: Option<String>,
    utc_offset: FixedOffset,
    weekmask: Weekmask,
    coverage: Option<(i32, i32)>,
    years: Vec<YearData>,
}

impl CalendarBuilder {
    /// The English name (empty by default).
    pub fn name(mut self, name: impl Into<String>) -> Self {
        self.name = name.into();
        self
    }

    /// The Chinese name.
    pub fn name_zh(mut self, name: impl Into<String>) -> Self {
        self.name_zh = Some(name.into());
        self
    }

    /// The UTC offset of the calendar's days (+08:00 by default).
    pub fn utc_offset(mut self, offset: FixedOffset) -> Self {
        self.utc_offset = offset;
        self
    }

    /// The default working days of the week (Monday to Friday by default).
    pub fn weekmask(mut self, weekmask: Weekmask) -> Self {
        self.weekmask = weekmask;
        self
    }

    /// The years covered, both included.
    pub fn coverage(mut self, first_year: i32, last_year: i32) -> Self {
        self.coverage = Some((first_year, last_year));
        self
    }

    /// One year's data. A year given twice is [`ErrorCode::CalendarYearDuplicate`].
    pub fn year(mut self, data: YearData) -> Self {
        self.years.push(data);
        self
    }

    /// Rest days, each added to its own year's data (created, without a source, if needed).
    pub fn rest_days(mut self, dates: impl IntoIterator<Item = NaiveDate>) -> Self {
        for date in dates {
            self.year_entry(date.year()).rest_days.push(date);
        }
        self
    }

    /// Extra working days (days the week mask rests), each added to its own year's data.
    pub fn extra_working_days(mut self, dates: impl IntoIterator<Item = NaiveDate>) -> Self {
        for date in dates {
            self.year_entry(date.year()).extra_working_days.push(date);
        }
        self
    }

    fn year_entry(&mut self, year: i32) -> &mut YearData {
        match self.years.iter().rposition(|y| y.year == year) {
            Some(i) => &mut self.years[i],
            None => {
                self.years.push(YearData::new(year, ""));
                self.years.last_mut().expect("just pushed")
            }
        }
    }

    /// The calendar, or every problem of the parts at once (paths name the builder's year
    /// entries in the order given: `year[0].rest_days[2]`).
    pub fn build(self) -> Result<WorkCalendar> {
        let mut problems = Problems::default();
        if self.code.trim().is_empty() {
            load::header_problem(
                &mut problems,
                ErrorCode::InvalidCalendar,
                "code",
                "code is empty".into(),
            );
        }
        let span = self.coverage.or_else(|| {
            let first = self.years.iter().map(|y| y.year).min()?;
            let last = self.years.iter().map(|y| y.year).max()?;
            Some((first, last))
        });
        match span {
            None => load::header_problem(
                &mut problems,
                ErrorCode::InvalidCalendar,
                "coverage",
                "no coverage: give coverage(first_year, last_year) or data for some year".into(),
            ),
            Some((first, last)) => {
                if !load::YEARS.contains(&i64::from(first)) || !load::YEARS.contains(&i64::from(last)) {
                    let problem = format!("coverage {first}–{last} is not within the years 1 to 9999");
                    load::header_problem(&mut problems, ErrorCode::InvalidCalendar, "coverage", problem);
                } else if first > last {
                    let problem = format!("coverage {first}–{last} ends before it starts");
                    load::header_problem(&mut problems, ErrorCode::InvalidCalendar, "coverage", problem);
                } else if (last - first + 1) as u32 > days::MAX_YEARS {
                    let problem = format!(
                        "the coverage {first}–{last} is {} years; a calendar covers at most {}",
                        last - first + 1,
                        days::MAX_YEARS
                    );
                    load::header_problem(&mut problems, ErrorCode::InvalidCalendar, "coverage", problem);
                }
            }
        }
        let header = match (problems.is_empty(), span) {
            (true, Some((first_year, last_year))) => Ok(Header {
                code: self.code.clone(),
                name: self.name,
                name_zh: self.name_zh,
                utc_offset: self.utc_offset,
                weekmask: self.weekmask,
                first_year,
                last_year,
            }),
            _ => Err(problems),
        };
        let entries = self
            .years
            .into_iter()
            .enumerate()
            .map(|(i, y)| YearIn::from_parts(i, y))
            .collect();
        load::check_parts(header, entries, &self.code).map(WorkCalendar::from_checked)
    }
}

#[cfg(test)]
mod tests;
