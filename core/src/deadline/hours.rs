//! Business hours: working windows of the day, a time zone and a receipt cut-off, on top of a
//! [`WorkCalendar`] that says which days are working days.
//!
//! Every operation jumps across whole days and windows in constant time (a few calendar
//! look-ups and a pass over the day's windows): nothing walks minute by minute or day by day.
//! Times are exact to the second; a fraction of a second in an argument is dropped.
//!
//! Working time is counted on the wall clock of the zone: a window 09:00–17:00 is eight working
//! hours every working day, also on a day the clocks change (which in the zones that change
//! them happens at night, outside any business window).
//!
//! ```
//! use chrono::{DateTime, TimeDelta};
//! use tousu::{BusinessHours, WorkCalendar};
//!
//! let cn = WorkCalendar::builtin("CN")?;
//! let hours = BusinessHours::parse("+08:00", &["09:00-11:30", "13:00-15:30"], "15:30")?;
//! let at = |s: &str| DateTime::parse_from_rfc3339(s).unwrap();
//!
//! // Friday 2024-09-27 15:00, before National Day: half an hour that day, 5 hours on the
//! // make-up Sunday 09-29, 5 on Monday 09-30, then 10-01..10-07 rest: 11 working hours end
//! // on 10-08 at 09:30.
//! let due = hours.add_working_time(at("2024-09-27T15:00:00+08:00"), TimeDelta::hours(11), &cn)?;
//! assert_eq!(due, at("2024-10-08T09:30:00+08:00"));
//! assert_eq!(hours.working_time_between(at("2024-09-27T15:00:00+08:00"), due, &cn)?, TimeDelta::hours(11));
//!
//! // R6: an answer by 15:30 the day of receipt; received after the 15:30 cut-off on 09-30,
//! // the next working day is 10-08.
//! let answer = hours.time_of_day_after_receipt(at("2024-09-30T16:00:00+08:00"), chrono::NaiveTime::from_hms_opt(15, 30, 0).unwrap(), &cn)?;
//! assert_eq!(answer, at("2024-10-08T15:30:00+08:00"));
//! # Ok::<(), tousu::Error>(())
//! ```

use std::fmt;

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveDateTime, NaiveTime, Offset, TimeDelta, TimeZone, Timelike};

use crate::calendar::WorkCalendar;
use crate::error::{Error, ErrorCode, PolicyProblem, Result};

const DAY: u32 = 86_400;

/// The time zone of business hours: a fixed UTC offset (Beijing, `+08:00`) or an IANA zone
/// (`Europe/London`), whose daylight-saving changes apply.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Zone {
    /// A fixed offset from UTC.
    Fixed(FixedOffset),
    /// An IANA zone from the tz database (through the `chrono-tz` crate).
    Iana(chrono_tz::Tz),
}

impl Zone {
    /// Reads `+08:00`, `-05:00`, `UTC`/`Z`, or an IANA name such as `Asia/Shanghai`.
    pub fn parse(text: &str) -> Option<Zone> {
        let t = text.trim();
        if t.eq_ignore_ascii_case("utc") || t == "Z" {
            return FixedOffset::east_opt(0).map(Zone::Fixed);
        }
        if t.starts_with('+') || t.starts_with('-') {
            let b = t.as_bytes();
            if b.len() != 6 || b[3] != b':' {
                return None;
            }
            let h: i32 = t[1..3].parse().ok()?;
            let m: i32 = t[4..6].parse().ok()?;
            if h > 23 || m > 59 {
                return None;
            }
            let secs = (h * 3600 + m * 60) * if b[0] == b'-' { -1 } else { 1 };
            return FixedOffset::east_opt(secs).map(Zone::Fixed);
        }
        t.parse::<chrono_tz::Tz>().ok().map(Zone::Iana)
    }

    /// The local wall-clock time of an instant.
    #[inline]
    fn local(self, t: DateTime<FixedOffset>) -> NaiveDateTime {
        match self {
            Zone::Fixed(offset) => t.with_timezone(&offset).naive_local(),
            Zone::Iana(tz) => t.with_timezone(&tz).naive_local(),
        }
    }

    /// The instant of a local wall-clock time. An ambiguous time (clocks going back) is its
    /// earlier instant; a time that does not exist (clocks going forward) moves to the end of
    /// the gap.
    #[inline]
    fn instant(self, local: NaiveDateTime) -> DateTime<FixedOffset> {
        match self {
            Zone::Fixed(offset) => {
                offset.from_utc_datetime(&(local - TimeDelta::seconds(offset.local_minus_utc().into())))
            }
            Zone::Iana(tz) => {
                let at = |l: NaiveDateTime| tz.from_local_datetime(&l).earliest();
                let t = at(local).unwrap_or_else(|| {
                    // In a gap: the offset before the gap places the time just after it.
                    let before = tz.offset_from_utc_datetime(&(local - TimeDelta::days(1))).fix();
                    let utc = local - TimeDelta::seconds(before.local_minus_utc().into());
                    tz.from_utc_datetime(&utc)
                });
                t.fixed_offset()
            }
        }
    }
}

impl fmt::Display for Zone {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Zone::Fixed(offset) => write!(f, "{offset}"),
            Zone::Iana(tz) => f.write_str(tz.name()),
        }
    }
}

/// One working window of the day, `[start, end)`, in seconds after midnight.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Window {
    /// Opening time, seconds after midnight.
    pub start: u32,
    /// Closing time, seconds after midnight (up to 86,400 for `24:00`).
    pub end: u32,
}

impl Window {
    /// Reads `HH:MM-HH:MM` (or with seconds, `HH:MM:SS`). The end may be `24:00`.
    ///
    /// # Errors
    /// What is wrong with the text, lowercase: a bad time, or an end not after the start.
    pub fn parse(text: &str) -> std::result::Result<Window, String> {
        let (a, b) = text
            .split_once('-')
            .ok_or_else(|| format!("window `{text}` is not of the form HH:MM-HH:MM"))?;
        let start =
            parse_clock(a.trim()).ok_or_else(|| format!("window `{text}`: `{}` is not a time of day", a.trim()))?;
        let end =
            parse_clock(b.trim()).ok_or_else(|| format!("window `{text}`: `{}` is not a time of day", b.trim()))?;
        if end <= start {
            return Err(format!("window `{text}` ends before it starts"));
        }
        Ok(Window { start, end })
    }

    /// The window's length in seconds.
    pub fn seconds(self) -> u32 {
        self.end - self.start
    }
}

impl fmt::Display for Window {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}-{}", Clock(self.start), Clock(self.end))
    }
}

/// A time of day in seconds, printed `HH:MM` (or `HH:MM:SS`).
struct Clock(u32);

impl fmt::Display for Clock {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (h, m, s) = (self.0 / 3600, self.0 / 60 % 60, self.0 % 60);
        if s == 0 {
            write!(f, "{h:02}:{m:02}")
        } else {
            write!(f, "{h:02}:{m:02}:{s:02}")
        }
    }
}

/// Reads `HH:MM` or `HH:MM:SS` (00:00 to 24:00) as seconds after midnight.
pub(crate) fn parse_clock(text: &str) -> Option<u32> {
    let parts: Vec<&str> = text.split(':').collect();
    if !(2..=3).contains(&parts.len())
        || parts
            .iter()
            .any(|p| p.len() != 2 || !p.bytes().all(|b| b.is_ascii_digit()))
    {
        return None;
    }
    let n = |i: usize| parts.get(i).map_or(Some(0), |p| p.parse::<u32>().ok());
    let (h, m, s) = (n(0)?, n(1)?, n(2)?);
    if m > 59 || s > 59 || h > 24 || (h == 24 && (m, s) != (0, 0)) {
        return None;
    }
    Some(h * 3600 + m * 60 + s)
}

/// Checks windows in order: each sorted after the previous and not overlapping it. Returns
/// `(index, problem)` for every problem.
pub(crate) fn check_windows(windows: &[Window]) -> Vec<(usize, String)> {
    let mut problems = Vec::new();
    for (i, pair) in windows.windows(2).enumerate() {
        let (a, b) = (pair[0], pair[1]);
        if b.start < a.end {
            let problem = if b.start < a.start {
                format!("window `{b}` is listed after `{a}` but starts before it: windows go in order")
            } else {
                format!("window `{b}` overlaps `{a}`")
            };
            problems.push((i + 1, problem));
        }
    }
    problems
}

/// Working windows, a time zone and a receipt cut-off: see the [module docs](self).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BusinessHours {
    zone: Zone,
    windows: Vec<Window>,
    cutoff: u32,
    per_day: u32,
}

/// A local position: a date and seconds after its midnight.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
struct Local {
    date: NaiveDate,
    secs: u32,
}

impl BusinessHours {
    /// Business hours from checked parts. `windows` must be sorted, each ending after it starts,
    /// none overlapping, and at least one.
    ///
    /// # Errors
    /// [`ErrorCode::PolicyInvalidWindow`] naming every bad window.
    pub fn new(zone: Zone, windows: Vec<Window>, receipt_cutoff: NaiveTime) -> Result<BusinessHours> {
        let mut problems: Vec<PolicyProblem> = Vec::new();
        let mut push = |path: String, problem: String| {
            problems.push(PolicyProblem {
                code: ErrorCode::PolicyInvalidWindow,
                milestone: None,
                path,
                line: None,
                column: None,
                problem,
            })
        };
        if windows.is_empty() {
            push(
                "business_hours.windows".into(),
                "no working window: give at least one".into(),
            );
        }
        for (i, w) in windows.iter().enumerate() {
            if w.end <= w.start || w.end > DAY {
                push(
                    format!("business_hours.windows[{i}]"),
                    format!("window `{w}` ends before it starts"),
                );
            }
        }
        for (i, problem) in check_windows(&windows) {
            push(format!("business_hours.windows[{i}]"), problem);
        }
        if !problems.is_empty() {
            return Err(Error::Policy {
                policy: "?".into(),
                file: None,
                problems,
            });
        }
        let per_day = windows.iter().map(|w| w.seconds()).sum();
        Ok(BusinessHours {
            zone,
            windows,
            cutoff: receipt_cutoff.num_seconds_from_midnight(),
            per_day,
        })
    }

    /// Business hours from text: a zone (`+08:00`, `Europe/London`), windows (`09:00-11:30`)
    /// and a cut-off (`15:30`).
    ///
    /// # Errors
    /// [`ErrorCode::PolicyInvalidWindow`] for a bad window, [`ErrorCode::InvalidPolicy`] for a
    /// bad zone or cut-off, every problem at once.
    pub fn parse(zone: &str, windows: &[&str], receipt_cutoff: &str) -> Result<BusinessHours> {
        let mut problems = Vec::new();
        let mut problem = |code, path: String, text: String| {
            problems.push(PolicyProblem {
                code,
                milestone: None,
                path,
                line: None,
                column: None,
                problem: text,
            })
        };
        let z = Zone::parse(zone);
        if z.is_none() {
            problem(
                ErrorCode::InvalidPolicy,
                "business_hours.time_zone".into(),
                format!("`{zone}` is not a UTC offset or an IANA time zone"),
            );
        }
        let mut ws = Vec::new();
        for (i, w) in windows.iter().enumerate() {
            match Window::parse(w) {
                Ok(w) => ws.push(w),
                Err(e) => problem(
                    ErrorCode::PolicyInvalidWindow,
                    format!("business_hours.windows[{i}]"),
                    e,
                ),
            }
        }
        let cutoff = parse_clock(receipt_cutoff).filter(|&s| s < DAY);
        if cutoff.is_none() {
            problem(
                ErrorCode::InvalidPolicy,
                "business_hours.receipt_cutoff".into(),
                format!("`{receipt_cutoff}` is not a time of day"),
            );
        }
        if !problems.is_empty() {
            return Err(Error::Policy {
                policy: "?".into(),
                file: None,
                problems,
            });
        }
        let cutoff = NaiveTime::from_num_seconds_from_midnight_opt(cutoff.unwrap_or(0), 0).unwrap_or(NaiveTime::MIN);
        BusinessHours::new(
            z.unwrap_or(Zone::Fixed(FixedOffset::east_opt(0).expect("utc"))),
            ws,
            cutoff,
        )
    }

    /// The zone.
    pub fn zone(&self) -> Zone {
        self.zone
    }

    /// The windows, in order.
    pub fn windows(&self) -> &[Window] {
        &self.windows
    }

    /// The receipt cut-off.
    pub fn receipt_cutoff(&self) -> NaiveTime {
        NaiveTime::from_num_seconds_from_midnight_opt(self.cutoff, 0).unwrap_or(NaiveTime::MIN)
    }

    /// Working seconds in one working day (the windows' total).
    pub fn working_seconds_per_day(&self) -> u32 {
        self.per_day
    }

    // --- local positions ------------------------------------------------------------------------

    #[inline]
    fn local(&self, t: DateTime<FixedOffset>) -> Local {
        let l = self.zone.local(t);
        Local {
            date: l.date(),
            secs: l.time().num_seconds_from_midnight(),
        }
    }

    #[inline]
    fn instant(&self, at: Local) -> DateTime<FixedOffset> {
        let midnight = at.date.and_time(NaiveTime::MIN);
        self.zone.instant(midnight + TimeDelta::seconds(at.secs.into()))
    }

    /// The local date of an instant in the zone.
    pub fn local_date(&self, t: DateTime<FixedOffset>) -> NaiveDate {
        self.zone.local(t).date()
    }

    /// Working seconds of a working day that lie before `secs`.
    #[inline]
    fn worked(&self, secs: u32) -> u32 {
        let mut sum = 0;
        for w in &self.windows {
            if secs <= w.start {
                break;
            }
            sum += secs.min(w.end) - w.start;
        }
        sum
    }

    /// The earliest second of a working day at which `target` working seconds (1..=per_day)
    /// have passed since its start.
    #[inline]
    fn point(&self, target: u32) -> u32 {
        let mut before = 0;
        for w in &self.windows {
            if target <= before + w.seconds() {
                return w.start + (target - before);
            }
            before += w.seconds();
        }
        self.windows.last().map_or(0, |w| w.end)
    }

    /// The first working position at or after `at`.
    #[inline]
    fn working_on_or_after(&self, at: Local, cal: &WorkCalendar) -> Result<Local> {
        if cal.is_working_day(at.date)? {
            if let Some(w) = self.windows.iter().find(|w| at.secs < w.end) {
                return Ok(Local {
                    date: at.date,
                    secs: at.secs.max(w.start),
                });
            }
        }
        let date = cal.next_working_day(at.date)?;
        Ok(Local {
            date,
            secs: self.windows[0].start,
        })
    }

    // --- operations -----------------------------------------------------------------------------

    /// The first working instant at or after `t`: `t` itself inside a window of a working day,
    /// else the next window's opening (the next working day's first, after the last window).
    ///
    /// # Errors
    /// The calendar's [`ErrorCode::DateOutOfCoverage`] when the answer is not in its years.
    pub fn working_instant_on_or_after(
        &self,
        t: DateTime<FixedOffset>,
        cal: &WorkCalendar,
    ) -> Result<DateTime<FixedOffset>> {
        Ok(self.instant(self.working_on_or_after(self.local(t), cal)?))
    }

    /// The instant at which `duration` of working time has passed since `t`: the earliest such
    /// instant, so a duration that ends with a window ends at its close (11:30), not at the next
    /// opening. A duration of zero gives [`working_instant_on_or_after`](Self::working_instant_on_or_after).
    ///
    /// # Errors
    /// [`ErrorCode::InvalidPolicy`] for a negative duration; the calendar's coverage error.
    pub fn add_working_time(
        &self,
        t: DateTime<FixedOffset>,
        duration: TimeDelta,
        cal: &WorkCalendar,
    ) -> Result<DateTime<FixedOffset>> {
        if duration < TimeDelta::zero() {
            return Err(Error::Deadline {
                code: ErrorCode::InvalidPolicy,
                policy: String::new(),
                detail: format!("cannot add a negative working time ({}s)", duration.num_seconds()),
            });
        }
        Ok(self.instant(self.add_seconds(self.local(t), duration.num_seconds(), cal)?))
    }

    /// [`add_working_time`](Self::add_working_time) on positions, `seconds` ≥ 0.
    #[inline]
    fn add_seconds(&self, at: Local, seconds: i64, cal: &WorkCalendar) -> Result<Local> {
        let start = self.working_on_or_after(at, cal)?;
        if seconds <= 0 {
            return Ok(start);
        }
        let per_day = i64::from(self.per_day);
        let used = self.worked(start.secs);
        let left_today = per_day - i64::from(used);
        if seconds <= left_today {
            return Ok(Local {
                date: start.date,
                secs: self.point(used + seconds as u32),
            });
        }
        let rest = seconds - left_today;
        let whole = (rest - 1) / per_day;
        let last = rest - whole * per_day;
        let date = cal.add_working_days(start.date, whole + 1)?;
        Ok(Local {
            date,
            secs: self.point(last as u32),
        })
    }

    /// The working time between `from` and `to`: the time inside windows of working days in
    /// `[from, to)`; negative when `to` is before `from`.
    ///
    /// # Errors
    /// The calendar's coverage error.
    pub fn working_time_between(
        &self,
        from: DateTime<FixedOffset>,
        to: DateTime<FixedOffset>,
        cal: &WorkCalendar,
    ) -> Result<TimeDelta> {
        Ok(TimeDelta::seconds(self.seconds_between(from, to, cal)?))
    }

    /// The position of `t` on a clock that runs only inside the windows of working days:
    /// `working_clock(b) - working_clock(a)` is the working time from `a` to `b`. Two calendar
    /// look-ups, whatever the distance. `origin` is any covered day count (the same for every
    /// position compared): [`clock_origin`](Self::clock_origin).
    #[inline]
    pub(crate) fn working_clock(&self, t: DateTime<FixedOffset>, cal: &WorkCalendar, origin: i32) -> Result<i64> {
        let (day, secs) = match self.zone {
            // A fixed offset: the local day and time straight from the timestamp, no date maths.
            Zone::Fixed(offset) => {
                let local = t.timestamp() + i64::from(offset.local_minus_utc());
                let day = i32::try_from(local.div_euclid(86_400)).unwrap_or(i32::MAX);
                (day, local.rem_euclid(86_400) as u32)
            }
            Zone::Iana(_) => {
                let at = self.local(t);
                (crate::calendar::epoch_day(at.date), at.secs)
            }
        };
        let works = cal.is_working_day_epoch(day)?;
        // Working days strictly before the day (from the calendar's first day on).
        let before = cal.working_days_between_epoch(origin, day)? - i64::from(works);
        Ok(before * i64::from(self.per_day) + if works { i64::from(self.worked(secs)) } else { 0 })
    }

    /// The first day of the calendar's coverage, as a day count: an origin for [`working_clock`](Self::working_clock).
    pub(crate) fn clock_origin(cal: &WorkCalendar) -> i32 {
        crate::calendar::epoch_day(NaiveDate::from_yo_opt(cal.first_year(), 1).unwrap_or_default())
    }

    /// [`working_time_between`](Self::working_time_between) in seconds.
    #[inline]
    pub(crate) fn seconds_between(
        &self,
        from: DateTime<FixedOffset>,
        to: DateTime<FixedOffset>,
        cal: &WorkCalendar,
    ) -> Result<i64> {
        if to < from {
            return Ok(-self.seconds_between(to, from, cal)?);
        }
        let (a, b) = (self.local(from), self.local(to));
        if b <= a {
            return Ok(0);
        }
        let a_works = cal.is_working_day(a.date)?;
        if a.date == b.date {
            return Ok(if a_works {
                i64::from(self.worked(b.secs) - self.worked(a.secs))
            } else {
                0
            });
        }
        let b_works = cal.is_working_day(b.date)?;
        let per_day = i64::from(self.per_day);
        let first = if a_works {
            per_day - i64::from(self.worked(a.secs))
        } else {
            0
        };
        let last = if b_works { i64::from(self.worked(b.secs)) } else { 0 };
        let middle = cal.working_days_between(a.date, b.date)? - i64::from(b_works);
        Ok(first + middle * per_day + last)
    }

    /// The close of business of a working day: the end of its last window.
    ///
    /// # Errors
    /// The calendar's [`ErrorCode::NotAWorkingDay`] for a rest day, or its coverage error.
    pub fn close_of_business(&self, date: NaiveDate, cal: &WorkCalendar) -> Result<DateTime<FixedOffset>> {
        let date = cal.add_working_days(date, 0)?;
        Ok(self.instant(Local {
            date,
            secs: self.windows.last().map_or(DAY, |w| w.end),
        }))
    }

    /// The end of a calendar day in the zone: 23:59:59 local time, the last second of the day
    /// (Civil Code art. 203: a period's last day ends at 24:00).
    pub fn end_of_day(&self, date: NaiveDate) -> DateTime<FixedOffset> {
        self.instant(Local { date, secs: DAY - 1 })
    }

    /// `time` on the day of receipt `received`, when that is a working day and the receipt is
    /// no later than the cut-off; else `time` on the next working day (R6: "an answer by 15:30
    /// the same day").
    ///
    /// # Errors
    /// The calendar's coverage error.
    pub fn time_of_day_after_receipt(
        &self,
        received: DateTime<FixedOffset>,
        time: NaiveTime,
        cal: &WorkCalendar,
    ) -> Result<DateTime<FixedOffset>> {
        let at = self.local(received);
        let date = if at.secs <= self.cutoff && cal.is_working_day(at.date)? {
            at.date
        } else {
            cal.next_working_day(at.date)?
        };
        Ok(self.instant(Local {
            date,
            secs: time.num_seconds_from_midnight(),
        }))
    }

    /// The same local time of day `n` working days after the local date of `t` (an extension).
    pub(crate) fn shift_working_days(
        &self,
        t: DateTime<FixedOffset>,
        n: i64,
        cal: &WorkCalendar,
    ) -> Result<DateTime<FixedOffset>> {
        let at = self.local(t);
        let date = cal.add_working_days(at.date, n)?;
        Ok(self.instant(Local { date, secs: at.secs }))
    }

    /// `due` pushed back by `seconds` (> 0) of working time. A due time at the end of a day
    /// (23:59:59) counts from that day's close of business, and when the result is a close of
    /// business it becomes the end of that day again. One conversion in, one out.
    pub(crate) fn push_back_working(
        &self,
        due: DateTime<FixedOffset>,
        seconds: i64,
        cal: &WorkCalendar,
    ) -> Result<DateTime<FixedOffset>> {
        let at = self.local(due);
        let close = self.windows.last().map_or(DAY, |w| w.end);
        if at.secs == DAY - 1 {
            let base = Local {
                date: cal.working_day_on_or_before(at.date)?,
                secs: close,
            };
            let to = self.add_seconds(base, seconds, cal)?;
            let secs = if to.secs == close { DAY - 1 } else { to.secs };
            return Ok(self.instant(Local { date: to.date, secs }));
        }
        Ok(self.instant(self.add_seconds(at, seconds, cal)?))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cn() -> WorkCalendar {
        WorkCalendar::builtin("CN").unwrap()
    }
    fn at(s: &str) -> DateTime<FixedOffset> {
        DateTime::parse_from_rfc3339(s).unwrap()
    }
    fn branch() -> BusinessHours {
        BusinessHours::parse("+08:00", &["09:00-11:30", "13:00-15:30"], "15:30").unwrap()
    }

    #[test]
    fn the_working_instant_jumps_lunch_nights_and_holidays() {
        let (h, cal) = (branch(), cn());
        let f = |s| h.working_instant_on_or_after(at(s), &cal).unwrap();
        assert_eq!(f("2024-09-30T10:00:00+08:00"), at("2024-09-30T10:00:00+08:00"));
        assert_eq!(f("2024-09-30T11:30:00+08:00"), at("2024-09-30T13:00:00+08:00"));
        assert_eq!(f("2024-09-30T08:00:00+08:00"), at("2024-09-30T09:00:00+08:00"));
        assert_eq!(f("2024-09-30T15:30:00+08:00"), at("2024-10-08T09:00:00+08:00"));
        // The same instant written in UTC.
        assert_eq!(f("2024-09-30T07:30:00+00:00"), at("2024-10-08T09:00:00+08:00"));
    }

    #[test]
    fn adding_ends_at_a_close_not_at_the_next_opening() {
        let (h, cal) = (branch(), cn());
        let add = |s, secs| h.add_working_time(at(s), TimeDelta::seconds(secs), &cal).unwrap();
        assert_eq!(add("2024-09-30T09:00:00+08:00", 9000), at("2024-09-30T11:30:00+08:00"));
        assert_eq!(add("2024-09-30T09:00:00+08:00", 9001), at("2024-09-30T13:00:01+08:00"));
        assert_eq!(add("2024-09-30T09:00:00+08:00", 18000), at("2024-09-30T15:30:00+08:00"));
        assert_eq!(add("2024-09-30T09:00:00+08:00", 18001), at("2024-10-08T09:00:01+08:00"));
        // Three working days and one hour: 10-08, 10-09, 10-10 whole, then 10-11 10:00.
        assert_eq!(
            add("2024-09-30T15:30:00+08:00", 3 * 18000 + 3600),
            at("2024-10-11T10:00:00+08:00")
        );
        // A Saturday make-up day (2024-10-12) counts.
        assert_eq!(add("2024-10-11T15:00:00+08:00", 3600), at("2024-10-12T09:30:00+08:00"));
        assert!(h
            .add_working_time(at("2024-09-30T09:00:00+08:00"), TimeDelta::seconds(-1), &cal)
            .is_err());
    }

    #[test]
    fn between_counts_only_windows_of_working_days() {
        let (h, cal) = (branch(), cn());
        let b = |x, y| h.seconds_between(at(x), at(y), &cal).unwrap();
        assert_eq!(b("2024-09-30T10:00:00+08:00", "2024-09-30T14:00:00+08:00"), 9000);
        assert_eq!(b("2024-09-30T14:00:00+08:00", "2024-09-30T10:00:00+08:00"), -9000);
        assert_eq!(b("2024-10-01T10:00:00+08:00", "2024-10-07T14:00:00+08:00"), 0);
        assert_eq!(b("2024-09-30T15:00:00+08:00", "2024-10-08T09:30:00+08:00"), 3600);
        assert_eq!(b("2024-09-27T00:00:00+08:00", "2024-10-13T00:00:00+08:00"), 8 * 18000);
        // 09-27, 09-29, 09-30, 10-08 .. 10-12
    }

    #[test]
    fn close_of_business_end_of_day_and_time_of_day() {
        let (h, cal) = (branch(), cn());
        let d = |m, day| NaiveDate::from_ymd_opt(2024, m, day).unwrap();
        assert_eq!(
            h.close_of_business(d(10, 12), &cal).unwrap(),
            at("2024-10-12T15:30:00+08:00")
        );
        assert_eq!(
            h.close_of_business(d(10, 13), &cal).unwrap_err().code(),
            ErrorCode::NotAWorkingDay
        );
        assert_eq!(h.end_of_day(d(10, 8)), at("2024-10-08T23:59:59+08:00"));
        let t = NaiveTime::from_hms_opt(15, 30, 0).unwrap();
        let tod = |s| h.time_of_day_after_receipt(at(s), t, &cal).unwrap();
        assert_eq!(tod("2024-09-30T15:30:00+08:00"), at("2024-09-30T15:30:00+08:00"));
        assert_eq!(tod("2024-09-30T15:30:01+08:00"), at("2024-10-08T15:30:00+08:00"));
        assert_eq!(tod("2024-10-05T10:00:00+08:00"), at("2024-10-08T15:30:00+08:00"));
    }

    #[test]
    fn an_iana_zone_follows_summer_time() {
        let gb = WorkCalendar::builtin("GB-EAW")
            .or_else(|_| WorkCalendar::builtin("CN"))
            .unwrap();
        let h = BusinessHours::parse("Europe/London", &["09:00-17:00"], "17:00").unwrap();
        // 2024-03-29 is Good Friday in England; under CN it is a working day. Either way the
        // opening hour is 09:00 local, which is +00:00 before 2024-03-31 and +01:00 after.
        let t = h
            .working_instant_on_or_after(at("2024-04-02T06:00:00+00:00"), &gb)
            .unwrap();
        assert_eq!(t, at("2024-04-02T09:00:00+01:00"));
        let t = h
            .working_instant_on_or_after(at("2024-01-10T06:00:00+00:00"), &gb)
            .unwrap();
        assert_eq!(t, at("2024-01-10T09:00:00+00:00"));
        assert_eq!(t.offset().local_minus_utc(), 0);
    }

    #[test]
    fn bad_windows_are_refused_each_by_index() {
        let err = BusinessHours::parse(
            "+08:00",
            &["13:00-15:30", "09:00-11:30", "11:00-12:00", "10:00-09:00"],
            "15:30",
        )
        .unwrap_err();
        assert_eq!(err.code(), ErrorCode::PolicyInvalidWindow);
        let text = err.to_string();
        assert!(text.contains("window `10:00-09:00` ends before it starts"), "{text}");
        let err = BusinessHours::parse("+08:00", &["09:00-11:30", "11:00-12:00"], "15:30").unwrap_err();
        assert!(
            err.to_string().contains("window `11:00-12:00` overlaps `09:00-11:30`"),
            "{err}"
        );
        let err = BusinessHours::parse("Mars/Olympus", &["09:00-11:30"], "25:00").unwrap_err();
        assert_eq!(err.code(), ErrorCode::InvalidPolicy);
        assert_eq!(err.policy_problems().len(), 2);
    }
}
