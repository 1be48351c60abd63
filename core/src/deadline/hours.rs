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
const DAY_SECS: i64 = 86_400;

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
    /// earlier instant; a time that does not exist (clocks going forward) is read with the
    /// offset before the gap, so it lands as far after the gap's end as it was after its start
    /// (01:30 in a 01:00–02:00 gap is 02:30), like `java.time`.
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

impl Zone {
    /// An instant as [`At`].
    #[inline]
    fn at(self, t: DateTime<FixedOffset>) -> At {
        let utc = t.timestamp();
        let offset = match self {
            Zone::Fixed(offset) => offset.local_minus_utc(),
            Zone::Iana(tz) => tz.offset_from_utc_datetime(&t.naive_utc()).fix().local_minus_utc(),
        };
        At {
            utc,
            local: utc + i64::from(offset),
        }
    }

    /// The instant `utc` (Unix seconds), if chrono can hold it.
    #[inline]
    fn at_utc(self, utc: i64) -> Option<At> {
        match self {
            Zone::Fixed(offset) => Some(At {
                utc,
                local: utc + i64::from(offset.local_minus_utc()),
            }),
            Zone::Iana(_) => DateTime::from_timestamp(utc, 0).map(|t| self.at(t.fixed_offset())),
        }
    }

    /// The instant of a wall-clock time (seconds since 1970-01-01 00:00 local), resolved like
    /// [`instant`](Self::instant).
    #[inline(always)]
    fn at_local(self, local: i64) -> Option<At> {
        match self {
            Zone::Fixed(offset) => Some(At {
                utc: local - i64::from(offset.local_minus_utc()),
                local,
            }),
            Zone::Iana(_) => self.at_local_in_tz(local),
        }
    }

    /// [`at_local`](Self::at_local) in an IANA zone: kept out of line so that the fixed-offset
    /// case, one subtraction, inlines into the engine's every step.
    #[inline(never)]
    fn at_local_in_tz(self, local: i64) -> Option<At> {
        let naive = DateTime::from_timestamp(local, 0)?.naive_utc();
        Some(self.at(self.instant(naive)))
    }

    /// An engine instant with the zone's offset at that instant.
    #[inline]
    fn datetime(self, at: At) -> Option<DateTime<FixedOffset>> {
        match self {
            Zone::Fixed(offset) => offset.timestamp_opt(at.utc, 0).single(),
            Zone::Iana(tz) => tz.timestamp_opt(at.utc, 0).single().map(|t| t.fixed_offset()),
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

/// A position on the zone's wall clock: a day count (days since 1970-01-01) and seconds after
/// its midnight, up to 24:00 (the close of a window that ends at midnight).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
struct Pos {
    day: i32,
    secs: u32,
}

/// An instant as the deadline engine keeps it: Unix seconds for comparisons (wall clocks repeat
/// an hour in autumn), and the zone's wall-clock time (seconds since 1970-01-01 00:00 local)
/// for working-time arithmetic. Converted once in and once out, instead of in every step.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct At {
    pub(crate) utc: i64,
    pub(crate) local: i64,
}

impl At {
    /// The local day (days since 1970-01-01).
    #[inline]
    pub(crate) fn day(self) -> i32 {
        self.pos().day
    }

    #[inline]
    fn pos(self) -> Pos {
        Pos {
            day: i32::try_from(self.local.div_euclid(DAY_SECS)).unwrap_or(i32::MAX),
            secs: self.local.rem_euclid(DAY_SECS) as u32,
        }
    }
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

    // --- positions ------------------------------------------------------------------------------

    /// The close of business: the end of the last window, in seconds after midnight.
    #[inline]
    pub(crate) fn close(&self) -> u32 {
        self.windows.last().map_or(DAY, |w| w.end)
    }

    /// An instant as the engine keeps it.
    #[inline]
    pub(crate) fn at(&self, t: DateTime<FixedOffset>) -> At {
        self.zone.at(t)
    }

    /// The instant of a wall-clock position.
    #[inline(always)]
    fn at_pos(&self, p: Pos, cal: &WorkCalendar) -> Result<At> {
        self.zone
            .at_local(i64::from(p.day) * DAY_SECS + i64::from(p.secs))
            .ok_or_else(|| beyond_time(cal))
    }

    /// The instant `seconds` of calendar time after `t`.
    #[inline]
    pub(crate) fn at_after(&self, t: At, seconds: i64, cal: &WorkCalendar) -> Result<At> {
        t.utc
            .checked_add(seconds)
            .and_then(|utc| self.zone.at_utc(utc))
            .ok_or_else(|| beyond_time(cal))
    }

    /// The instant `utc` (Unix seconds).
    #[inline]
    pub(crate) fn at_unix(&self, utc: i64, cal: &WorkCalendar) -> Result<At> {
        self.zone.at_utc(utc).ok_or_else(|| beyond_time(cal))
    }

    /// An engine instant as a date-time with the zone's offset at that instant.
    #[inline]
    pub(crate) fn datetime(&self, at: At, cal: &WorkCalendar) -> Result<DateTime<FixedOffset>> {
        self.zone.datetime(at).ok_or_else(|| beyond_time(cal))
    }

    /// The local date of an instant in the zone.
    pub fn local_date(&self, t: DateTime<FixedOffset>) -> NaiveDate {
        self.zone.local(t).date()
    }

    /// Working seconds of a working day that lie before `secs`.
    #[inline(always)]
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
    #[inline(always)]
    fn point(&self, target: u32) -> u32 {
        let mut before = 0;
        for w in &self.windows {
            if target <= before + w.seconds() {
                return w.start + (target - before);
            }
            before += w.seconds();
        }
        self.close()
    }

    /// The first working position at or after `at`.
    #[inline]
    fn working_on_or_after(&self, at: Pos, cal: &WorkCalendar) -> Result<Pos> {
        if cal.is_working_day_epoch(at.day)? {
            if let Some(w) = self.windows.iter().find(|w| at.secs < w.end) {
                return Ok(Pos {
                    day: at.day,
                    secs: at.secs.max(w.start),
                });
            }
        }
        Ok(Pos {
            day: cal.add_working_days_epoch(at.day, 1)?,
            secs: self.windows[0].start,
        })
    }

    /// The position `seconds` (≥ 0) of working time after `at`: the earliest, so a time that
    /// ends with a window ends at its close.
    #[inline]
    fn add_seconds(&self, at: Pos, seconds: i64, cal: &WorkCalendar) -> Result<Pos> {
        let start = self.working_on_or_after(at, cal)?;
        if seconds <= 0 {
            return Ok(start);
        }
        let per_day = i64::from(self.per_day);
        let used = self.worked(start.secs);
        let left_today = per_day - i64::from(used);
        if seconds <= left_today {
            return Ok(Pos {
                day: start.day,
                secs: self.point(used + seconds as u32),
            });
        }
        let rest = seconds - left_today;
        let whole = (rest - 1) / per_day;
        let last = rest - whole * per_day;
        Ok(Pos {
            day: cal.add_working_days_epoch(start.day, whole + 1)?,
            secs: self.point(last as u32),
        })
    }

    /// The position of an instant on a clock that runs only inside the windows of working
    /// days: `clock(b) - clock(a)` is the working time from `a` to `b`. One calendar look-up.
    #[inline(always)]
    pub(crate) fn clock(&self, at: At, cal: &WorkCalendar) -> Result<i64> {
        let p = at.pos();
        let (works, before) = cal.working_rank_epoch(p.day)?;
        Ok(before * i64::from(self.per_day) + if works { i64::from(self.worked(p.secs)) } else { 0 })
    }

    // --- operations on engine instants -----------------------------------------------------------

    /// The end (23:59:59) of day `day` (a day count).
    #[inline]
    pub(crate) fn end_of_day_at(&self, day: i32, cal: &WorkCalendar) -> Result<At> {
        self.at_pos(Pos { day, secs: DAY - 1 }, cal)
    }

    /// The close of business of working day `day`; a rest day is [`ErrorCode::NotAWorkingDay`].
    #[inline]
    pub(crate) fn close_of_business_at(&self, day: i32, cal: &WorkCalendar) -> Result<At> {
        let day = cal.add_working_days_epoch(day, 0)?;
        self.at_pos(
            Pos {
                day,
                secs: self.close(),
            },
            cal,
        )
    }

    /// [`add_working_time`](Self::add_working_time) on engine instants, `seconds` ≥ 0.
    #[inline]
    pub(crate) fn add_working_seconds_at(&self, t: At, seconds: i64, cal: &WorkCalendar) -> Result<At> {
        self.at_pos(self.add_seconds(t.pos(), seconds, cal)?, cal)
    }

    /// [`time_of_day_after_receipt`](Self::time_of_day_after_receipt) on engine instants.
    #[inline]
    pub(crate) fn time_of_day_at(&self, received: At, time: u32, cal: &WorkCalendar) -> Result<At> {
        let p = received.pos();
        let day = if p.secs <= self.cutoff && cal.is_working_day_epoch(p.day)? {
            p.day
        } else {
            cal.add_working_days_epoch(p.day, 1)?
        };
        self.at_pos(Pos { day, secs: time }, cal)
    }

    /// The same local time of day `n` working days after the local date of `t` (an extension).
    #[inline]
    pub(crate) fn shift_working_days_at(&self, t: At, n: i64, cal: &WorkCalendar) -> Result<At> {
        let p = t.pos();
        let day = cal.add_working_days_epoch(p.day, n)?;
        self.at_pos(Pos { day, secs: p.secs }, cal)
    }

    /// The earliest position at working-clock position `p`: inside a window, or at the close
    /// of business when `p` ends a working day.
    #[inline(always)]
    fn pos_at_clock(&self, p: i64, cal: &WorkCalendar) -> Result<Pos> {
        let per_day = i64::from(self.per_day);
        let rank = (p - 1).div_euclid(per_day);
        Ok(Pos {
            day: cal.working_day_of_rank(rank)?,
            secs: self.point((p - rank * per_day) as u32),
        })
    }

    /// The working-clock position of second `secs` of the working day with `rank` working days
    /// before it.
    #[inline]
    pub(crate) fn clock_on_working_day(&self, rank: i64, secs: u32) -> i64 {
        rank * i64::from(self.per_day) + i64::from(self.worked(secs))
    }

    /// The earliest instant at working-clock position `p`.
    #[inline]
    pub(crate) fn at_clock(&self, p: i64, cal: &WorkCalendar) -> Result<At> {
        self.at_pos(self.pos_at_clock(p, cal)?, cal)
    }

    /// The end of the day (23:59:59) as seconds after midnight.
    pub(crate) const END_OF_DAY: u32 = DAY - 1;

    /// The instant of second `secs` of day `day` (a day count).
    #[inline]
    pub(crate) fn at_day_secs(&self, day: i32, secs: u32, cal: &WorkCalendar) -> Result<At> {
        self.at_pos(Pos { day, secs }, cal)
    }

    /// `due` (at working-clock position `due_clock`) pushed back by `seconds` (> 0) of working
    /// time, with its new position: the earliest instant that much working time later. A due
    /// time at the end of a day (23:59:59) counts from that day's close of business, and when
    /// the result is a close of business it becomes the end of that day again.
    #[inline]
    pub(crate) fn push_back_working_at(
        &self,
        due: At,
        due_clock: i64,
        seconds: i64,
        cal: &WorkCalendar,
    ) -> Result<(At, i64)> {
        let close = self.close();
        let end_of_day = due.pos().secs == DAY - 1;
        if close == DAY && end_of_day {
            // A window to midnight: 23:59:59 is a working second, and the close a second later.
            let base = Pos {
                day: cal.working_day_on_or_before_epoch(due.day())?,
                secs: close,
            };
            let mut to = self.add_seconds(base, seconds, cal)?;
            if to.secs == close {
                to.secs = DAY - 1;
            }
            let at = self.at_pos(to, cal)?;
            return Ok((at, self.clock(at, cal)?));
        }
        // On the working clock the push is an addition; one look-up finds the day.
        let target = due_clock + seconds;
        let mut to = self.pos_at_clock(target, cal)?;
        if end_of_day && to.secs == close {
            to.secs = DAY - 1;
        }
        Ok((self.at_pos(to, cal)?, target))
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
        let from = self.at(t);
        let mut at = self.at_pos(self.working_on_or_after(from.pos(), cal)?, cal)?;
        // In the hour that autumn's wall clock repeats, the earlier reading of the same wall
        // time would come before `t`: `t` itself is then the answer.
        if at.utc < from.utc {
            at = from;
        }
        self.datetime(at, cal)
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
        let at = self.add_working_seconds_at(self.at(t), duration.num_seconds(), cal)?;
        self.datetime(at, cal)
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
        // Wall clocks repeat an hour in autumn: a later instant can read earlier, and counts 0.
        Ok((self.clock(self.at(to), cal)? - self.clock(self.at(from), cal)?).max(0))
    }

    /// The close of business of a working day: the end of its last window.
    ///
    /// # Errors
    /// The calendar's [`ErrorCode::NotAWorkingDay`] for a rest day, or its coverage error.
    pub fn close_of_business(&self, date: NaiveDate, cal: &WorkCalendar) -> Result<DateTime<FixedOffset>> {
        let at = self.close_of_business_at(crate::calendar::epoch_day(date), cal)?;
        self.datetime(at, cal)
    }

    /// The end of a calendar day in the zone: 23:59:59 local time, the last second of the day
    /// (Civil Code art. 203: a period's last day ends at 24:00).
    pub fn end_of_day(&self, date: NaiveDate) -> DateTime<FixedOffset> {
        self.zone
            .instant(date.and_time(NaiveTime::MIN) + TimeDelta::seconds(i64::from(DAY - 1)))
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
        let at = self.time_of_day_at(self.at(received), time.num_seconds_from_midnight(), cal)?;
        self.datetime(at, cal)
    }
}

/// A time beyond the dates chrono can hold.
#[cold]
pub(crate) fn beyond_time(cal: &WorkCalendar) -> Error {
    Error::Calendar {
        code: ErrorCode::DateOutOfCoverage,
        calendar: cal.code().to_owned(),
        detail: "a period ends beyond the dates that exist".into(),
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

    /// Every day a working day (DST changes fall on Sundays), 2024 only.
    fn every_day_2024() -> WorkCalendar {
        WorkCalendar::builder("ALL")
            .weekmask(crate::Weekmask::from_weekdays([
                chrono::Weekday::Mon,
                chrono::Weekday::Tue,
                chrono::Weekday::Wed,
                chrono::Weekday::Thu,
                chrono::Weekday::Fri,
                chrono::Weekday::Sat,
                chrono::Weekday::Sun,
            ]))
            .coverage(2024, 2024)
            .build()
            .unwrap()
    }

    #[test]
    fn working_time_across_the_autumn_change_counts_the_wall_clock() {
        let gb = WorkCalendar::builtin("GB-EAW").unwrap();
        let h = BusinessHours::parse("Europe/London", &["09:00-17:00"], "17:00").unwrap();
        // Friday 2024-10-25 16:00 BST; the clocks go back on Sunday 10-27: one hour that day
        // and one on Monday, 10:00 GMT.
        let due = h
            .add_working_time(at("2024-10-25T16:00:00+01:00"), TimeDelta::hours(2), &gb)
            .unwrap();
        assert_eq!(due, at("2024-10-28T10:00:00+00:00"));
        assert_eq!(due.offset().local_minus_utc(), 0);
        assert_eq!(
            h.working_time_between(at("2024-10-25T16:00:00+01:00"), due, &gb)
                .unwrap(),
            TimeDelta::hours(2)
        );
        // Close of business and the end of a day carry the offset of their own date.
        let d = |m, day| NaiveDate::from_ymd_opt(2024, m, day).unwrap();
        assert_eq!(
            h.close_of_business(d(10, 25), &gb).unwrap(),
            at("2024-10-25T17:00:00+01:00")
        );
        assert_eq!(
            h.close_of_business(d(10, 28), &gb).unwrap(),
            at("2024-10-28T17:00:00+00:00")
        );
        assert_eq!(h.end_of_day(d(10, 27)), at("2024-10-27T23:59:59+00:00"));
    }

    #[test]
    fn a_window_opening_in_the_spring_gap_opens_one_gap_later() {
        // Europe/London, 2024-03-31: 01:00 GMT becomes 02:00 BST; 01:00-02:00 does not exist.
        // A wall time in the gap is read with the offset before it (like java.time): 01:30
        // is 01:30 GMT, that is 02:30 BST.
        let cal = every_day_2024();
        let h = BusinessHours::parse("Europe/London", &["01:30-04:00"], "04:00").unwrap();
        let open = h
            .working_instant_on_or_after(at("2024-03-31T00:30:00+00:00"), &cal)
            .unwrap();
        assert_eq!(open, at("2024-03-31T02:30:00+01:00"));
        // Working time is wall-clock time: 01:30-02:30 on the wall counts as an hour of the
        // window although it never happened, so the first working hour ends at the opening.
        let due = h
            .add_working_time(at("2024-03-31T00:30:00+00:00"), TimeDelta::hours(1), &cal)
            .unwrap();
        assert_eq!(due, at("2024-03-31T02:30:00+01:00"));
        let due = h
            .add_working_time(at("2024-03-31T00:30:00+00:00"), TimeDelta::hours(2), &cal)
            .unwrap();
        assert_eq!(due, at("2024-03-31T03:30:00+01:00"));
    }

    #[test]
    fn in_the_repeated_autumn_hour_a_working_instant_is_never_before_the_question() {
        // Europe/London, 2024-10-27: 01:00-02:00 is lived twice (BST, then GMT).
        let cal = every_day_2024();
        let h = BusinessHours::parse("Europe/London", &["00:00-24:00"], "23:00").unwrap();
        let first = at("2024-10-27T01:30:00+01:00");
        let second = at("2024-10-27T01:30:00+00:00");
        assert_eq!(h.working_instant_on_or_after(first, &cal).unwrap(), first);
        assert_eq!(h.working_instant_on_or_after(second, &cal).unwrap(), second);
        // The wall clock stands still for the repeated hour: no working time passes in it.
        assert_eq!(h.working_time_between(first, second, &cal).unwrap(), TimeDelta::zero());
    }

    #[test]
    fn a_us_deadline_across_the_spring_change() {
        let us = WorkCalendar::builtin("US").unwrap();
        let h = BusinessHours::parse("America/New_York", &["09:00-17:00"], "17:00").unwrap();
        // Friday 2024-03-08 16:00 EST; clocks go forward on Sunday 03-10: Monday 10:00 EDT.
        let due = h
            .add_working_time(at("2024-03-08T16:00:00-05:00"), TimeDelta::hours(2), &us)
            .unwrap();
        assert_eq!(due, at("2024-03-11T10:00:00-04:00"));
    }
}
