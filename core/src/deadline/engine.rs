//! The deadlines of a case under a policy: see the [module docs](crate::deadline).

use std::sync::Arc;

use chrono::{DateTime, FixedOffset, SubsecRound, TimeDelta};
use serde::Serialize;

use super::hours::BusinessHours;
use super::policy::{Anchor, Due, Milestone, Policy, Unit};
use crate::calendar::WorkCalendar;
use crate::error::{Error, ErrorCode, Result};
use crate::json;
use crate::lifecycle::{Action, ActionKind, Case, Event};

/// Where a milestone stands at `now`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DeadlineStatus {
    /// Running (or waiting for its anchor), not yet at risk.
    Pending,
    /// Met on or before its due time.
    Met,
    /// Met after its due time.
    MetLate,
    /// Running, past its warning threshold (`warn_at` of its time used).
    AtRisk,
    /// Not met, and its due time has passed.
    Breached,
    /// Its clock is stopped (waiting for the customer).
    Paused,
    /// The milestone does not exist for this case (`only_if`, or the policy is for another kind).
    NotApplicable,
}

impl DeadlineStatus {
    /// The snake_case name (`met_late`).
    pub fn name(self) -> &'static str {
        match self {
            DeadlineStatus::Pending => "pending",
            DeadlineStatus::Met => "met",
            DeadlineStatus::MetLate => "met_late",
            DeadlineStatus::AtRisk => "at_risk",
            DeadlineStatus::Breached => "breached",
            DeadlineStatus::Paused => "paused",
            DeadlineStatus::NotApplicable => "not_applicable",
        }
    }
}

/// An `extension_granted` event as it bears on a milestone.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Extension {
    /// When it was granted.
    #[serde(with = "json::instant")]
    pub at: DateTime<FixedOffset>,
    /// Why.
    pub reason: String,
    /// Who approved it.
    pub approved_by: String,
    /// By how many working days.
    pub working_days: u32,
}

/// A stretch of time during which a milestone's clock stood still.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct PausedInterval {
    /// When the clock stopped (or the milestone's start, if it stopped earlier).
    #[serde(with = "json::instant")]
    pub from: DateTime<FixedOffset>,
    /// When it restarted; `None` while it is still stopped.
    #[serde(serialize_with = "json::instant::option::serialize")]
    pub until: Option<DateTime<FixedOffset>>,
}

/// One milestone's deadline at `now`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MilestoneDeadline {
    /// The milestone's id (shared with the policy: cloning it copies no text).
    #[serde(serialize_with = "shared_str")]
    pub milestone: Arc<str>,
    /// Its unit.
    #[serde(serialize_with = "unit_name")]
    pub unit: Unit,
    /// Where it stands.
    pub status: DeadlineStatus,
    /// When its clock started; `None` while its anchor has not happened (or not applicable).
    #[serde(serialize_with = "json::instant::option::serialize")]
    pub started: Option<DateTime<FixedOffset>>,
    /// When it falls due, extensions and pauses included; `None` when `started` is.
    #[serde(serialize_with = "json::instant::option::serialize")]
    pub due: Option<DateTime<FixedOffset>>,
    /// When it was met.
    #[serde(serialize_with = "json::instant::option::serialize")]
    pub met_at: Option<DateTime<FixedOffset>>,
    /// The action that met it.
    #[serde(serialize_with = "kind_name")]
    pub met_by: Option<ActionKind>,
    /// Running time used, from the start to `now` (or to when it was met), pauses excluded:
    /// working time for working units, calendar time for calendar units.
    #[serde(serialize_with = "seconds")]
    pub elapsed: TimeDelta,
    /// Running time left from `now` (or from when it was met) to the due time; negative once
    /// breached.
    #[serde(serialize_with = "seconds")]
    pub remaining: TimeDelta,
    /// Extensions applied, in order.
    pub extensions: Vec<Extension>,
    /// Extensions granted while it ran that its policy's limits (count or total working days)
    /// did not allow: recorded, not applied.
    pub extensions_over_limit: Vec<Extension>,
    /// The stretches its clock stood still (shared between the milestones that share them).
    #[serde(serialize_with = "shared_slice")]
    pub paused: Arc<[PausedInterval]>,
    /// Their total, in the milestone's clock (working or calendar time).
    #[serde(serialize_with = "seconds")]
    pub paused_time: TimeDelta,
    /// Working seconds in one working day of the policy, to express times in working days.
    #[serde(skip)]
    working_day: i64,
    /// The milestone's index in the policy.
    #[serde(skip)]
    index: usize,
    /// The first event that may meet it (and milestones anchored on it).
    #[serde(skip)]
    search_from: usize,
}

fn shared_str<S: serde::Serializer>(text: &Arc<str>, s: S) -> std::result::Result<S::Ok, S::Error> {
    s.serialize_str(text)
}
fn shared_slice<S: serde::Serializer>(items: &Arc<[PausedInterval]>, s: S) -> std::result::Result<S::Ok, S::Error> {
    s.collect_seq(items.iter())
}
fn unit_name<S: serde::Serializer>(unit: &Unit, s: S) -> std::result::Result<S::Ok, S::Error> {
    s.serialize_str(unit.name())
}
fn kind_name<S: serde::Serializer>(kind: &Option<ActionKind>, s: S) -> std::result::Result<S::Ok, S::Error> {
    match kind {
        Some(k) => s.serialize_some(k.name()),
        None => s.serialize_none(),
    }
}
fn seconds<S: serde::Serializer>(d: &TimeDelta, s: S) -> std::result::Result<S::Ok, S::Error> {
    s.serialize_i64(d.num_seconds())
}

impl MilestoneDeadline {
    /// A time of this milestone's clock in its unit: working days (of the policy's business
    /// hours) for `working_days` and `working_days_close_of_business`, hours for
    /// `working_hours` and `time_of_day`, days for `calendar_days` and `months`, weeks for
    /// `weeks`.
    pub fn in_unit(&self, time: TimeDelta) -> f64 {
        let secs = time.num_seconds() as f64;
        match self.unit {
            Unit::WorkingDays | Unit::WorkingDaysCloseOfBusiness => secs / self.working_day.max(1) as f64,
            Unit::WorkingHours | Unit::TimeOfDay => secs / 3600.0,
            Unit::CalendarDays | Unit::Months => secs / 86_400.0,
            Unit::Weeks => secs / 604_800.0,
        }
    }

    /// [`elapsed`](Self::elapsed) in the milestone's unit.
    pub fn elapsed_in_unit(&self) -> f64 {
        self.in_unit(self.elapsed)
    }

    /// [`remaining`](Self::remaining) in the milestone's unit.
    pub fn remaining_in_unit(&self) -> f64 {
        self.in_unit(self.remaining)
    }
}

/// The deadlines of every milestone of `policy` for `case` at `now`, in the policy's order.
/// See the [module docs](crate::deadline) for what each unit, pause and extension means.
///
/// # Errors
/// [`ErrorCode::PolicyCalendarMismatch`] when `calendar` is not the one the policy names; the
/// calendar's [`ErrorCode::DateOutOfCoverage`] when a date needed lies outside its years.
pub fn deadlines(
    case: &Case,
    policy: &Policy,
    calendar: &WorkCalendar,
    now: DateTime<FixedOffset>,
) -> Result<Vec<MilestoneDeadline>> {
    policy.deadlines(case, calendar, now)
}

/// The working time of closed pauses, by the index of their `resume` event: a pause wholly
/// inside a milestone's running time measures the same for every working-time milestone.
#[derive(Default)]
struct PauseCache {
    len: usize,
    entries: [(usize, i64); 8],
    /// The last list of intervals handed out: most milestones see the same pauses.
    last: Option<Arc<[PausedInterval]>>,
    /// `now` on the working clock, once known.
    now: Option<i64>,
    /// The origin of the working clock (the calendar's first day).
    origin: i32,
}

/// The paused intervals of one milestone, on the stack while few.
#[derive(Default)]
struct Intervals {
    len: usize,
    few: [Option<PausedInterval>; 4],
    more: Vec<PausedInterval>,
}

impl Intervals {
    fn push(&mut self, interval: PausedInterval) {
        if self.len < self.few.len() {
            self.few[self.len] = Some(interval);
        } else {
            if self.more.is_empty() {
                self.more.extend(self.few.iter().flatten().copied());
            }
            self.more.push(interval);
        }
        self.len += 1;
    }

    fn iter(&self) -> impl Iterator<Item = &PausedInterval> {
        let few = if self.len > self.few.len() {
            &[][..]
        } else {
            &self.few[..]
        };
        few.iter().flatten().chain(self.more.iter())
    }
}

impl PauseCache {
    fn now_on_working_clock(&mut self, clock: impl FnOnce() -> Result<i64>) -> Result<i64> {
        match self.now {
            Some(at) => Ok(at),
            None => {
                let at = clock()?;
                self.now = Some(at);
                Ok(at)
            }
        }
    }

    fn shared(&mut self, intervals: &Intervals) -> Arc<[PausedInterval]> {
        if let Some(last) = &self.last {
            if last.iter().eq(intervals.iter()) {
                return Arc::clone(last);
            }
        }
        let shared: Arc<[PausedInterval]> = intervals.iter().copied().collect();
        self.last = Some(Arc::clone(&shared));
        shared
    }

    fn working_seconds(&mut self, resume: usize, measure: impl FnOnce() -> Result<i64>) -> Result<i64> {
        if let Some(&(_, secs)) = self.entries[..self.len].iter().find(|(i, _)| *i == resume) {
            return Ok(secs);
        }
        let secs = measure()?;
        if self.len < self.entries.len() {
            self.entries[self.len] = (resume, secs);
            self.len += 1;
        }
        Ok(secs)
    }
}

/// `t` without a fraction of a second: deadlines are exact to the second.
#[inline]
fn whole_second(t: DateTime<FixedOffset>) -> DateTime<FixedOffset> {
    if t.timestamp_subsec_nanos() == 0 {
        t
    } else {
        t.trunc_subsecs(0)
    }
}

impl Policy {
    /// [`deadlines`]: the deadlines of every milestone for `case` at `now`.
    ///
    /// # Errors
    /// As [`deadlines`].
    pub fn deadlines(
        &self,
        case: &Case,
        calendar: &WorkCalendar,
        now: DateTime<FixedOffset>,
    ) -> Result<Vec<MilestoneDeadline>> {
        if calendar.code() != self.calendar {
            return Err(self.calendar_mismatch(calendar));
        }
        let now = whole_second(now);
        let events = case.events();
        let complaint = case.complaint();
        let kind_applies = self.applies_to.contains(&case.kind());
        let received = whole_second(complaint.received_at);
        let mut pauses = PauseCache {
            origin: BusinessHours::clock_origin(calendar),
            ..PauseCache::default()
        };
        // Milestones are computed in anchor order, which is the file order for most policies;
        // otherwise they are put back in file order at the end.
        let mut out: Vec<MilestoneDeadline> = Vec::with_capacity(self.milestones.len());
        for &i in &self.order {
            let m = &self.milestones[i];
            let anchor = match m.anchor {
                Anchor::Milestone(j) => out.iter().find(|d| d.index == j),
                _ => None,
            };
            let applicable = kind_applies
                && m.only_if.is_none_or(|c| c.holds(complaint))
                && anchor.is_none_or(|a| a.status != DeadlineStatus::NotApplicable);
            let start = match m.anchor {
                Anchor::Received => Some((received, 0)),
                Anchor::Event(kind) => events
                    .iter()
                    .position(|e| e.action.kind() == kind)
                    .map(|at| (whole_second(events[at].at), at)),
                Anchor::Milestone(_) => anchor.and_then(|a| Some((a.due?, a.search_from))),
            };
            let d = if applicable {
                self.milestone_deadline(i, m, start, events, calendar, now, &mut pauses)?
            } else {
                self.blank(i, m, DeadlineStatus::NotApplicable)
            };
            out.push(d);
        }
        if !self.in_file_order {
            out.sort_unstable_by_key(|d| d.index);
        }
        Ok(out)
    }

    #[cold]
    fn calendar_mismatch(&self, calendar: &WorkCalendar) -> Error {
        Error::Deadline {
            code: ErrorCode::PolicyCalendarMismatch,
            policy: self.id.clone(),
            detail: format!(
                "the policy counts working days on calendar `{}`, not on `{}`",
                self.calendar,
                calendar.code()
            ),
        }
    }

    fn blank(&self, index: usize, m: &Milestone, status: DeadlineStatus) -> MilestoneDeadline {
        MilestoneDeadline {
            milestone: Arc::clone(&self.shared_ids[index]),
            unit: m.due.unit(),
            status,
            started: None,
            due: None,
            met_at: None,
            met_by: None,
            elapsed: TimeDelta::zero(),
            remaining: TimeDelta::zero(),
            extensions: Vec::new(),
            extensions_over_limit: Vec::new(),
            paused: Arc::clone(&self.no_pauses),
            paused_time: TimeDelta::zero(),
            working_day: i64::from(self.hours.working_seconds_per_day()),
            index,
            search_from: 0,
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn milestone_deadline(
        &self,
        index: usize,
        m: &Milestone,
        start: Option<(DateTime<FixedOffset>, usize)>,
        events: &[Event],
        cal: &WorkCalendar,
        now: DateTime<FixedOffset>,
        pauses: &mut PauseCache,
    ) -> Result<MilestoneDeadline> {
        let mut d = self.blank(index, m, DeadlineStatus::Pending);
        let Some((start, from)) = start else {
            return Ok(d);
        };
        d.search_from = from;
        let h = &self.hours;
        let unit = m.due.unit();
        let working = unit.is_working_time();
        // Positions on the milestone's clock: working time for working units, seconds of
        // calendar time otherwise; a duration is a difference of two positions.
        let origin = pauses.origin;
        let position = |t: DateTime<FixedOffset>| -> Result<i64> {
            if working {
                h.working_clock(t, cal, origin)
            } else {
                Ok(t.timestamp())
            }
        };
        let measure =
            |a: DateTime<FixedOffset>, b: DateTime<FixedOffset>| -> Result<i64> { Ok(position(b)? - position(a)?) };
        let date = h.local_date(start);
        let mut due = match m.due {
            Due::WorkingDays(n) => h.end_of_day(cal.add_working_days(date, n.into())?),
            Due::WorkingDaysCloseOfBusiness(n) => h.close_of_business(cal.add_working_days(date, n.into())?, cal)?,
            Due::CalendarDays(n) => h.end_of_day(add_days(date, u64::from(n), cal)?),
            Due::Weeks(n) => h.end_of_day(add_days(date, u64::from(n) * 7, cal)?),
            Due::Months(n) => h.end_of_day(
                date.checked_add_months(chrono::Months::new(n))
                    .ok_or_else(|| out_of_range(cal, date))?,
            ),
            Due::WorkingHours(n) => h.add_working_time(start, TimeDelta::hours(n.into()), cal)?,
            Due::TimeOfDay(at) => h.time_of_day_after_receipt(start, at, cal)?,
        };
        // The meeting event: the first of `met_by` from the anchor's event on.
        let met = events
            .iter()
            .enumerate()
            .skip(from)
            .find(|(_, e)| m.met_by.contains(&e.action.kind()))
            .map(|(i, e)| (i, whole_second(e.at), e.action.kind()));
        let stop_index = met.map_or(events.len(), |(i, _, _)| i);
        let clock = self.clock;
        // (when it stopped, whether that is the event's own time, the pause event's index)
        let mut paused_since: Option<(DateTime<FixedOffset>, bool, usize)> = None;
        let mut used_days = 0u32;
        let mut paused_total = 0i64;
        let mut paused = Intervals::default();
        // Paused time not yet added to `due`: pushes are added up and applied once, when the
        // due time is needed (a pause or extension after the unpushed due time, or the end).
        let mut unpushed = 0i64;
        macro_rules! settle {
            () => {
                if unpushed > 0 {
                    due = self.push_back(m.due, due, unpushed, cal)?;
                    unpushed = 0;
                }
            };
        }
        for (i, e) in events[..stop_index].iter().enumerate() {
            let kind = e.action.kind();
            if let Some(c) = clock {
                if kind == c.pause_on {
                    let at = whole_second(e.at);
                    if paused_since.is_none() {
                        if at >= due {
                            settle!();
                        }
                        if at < due {
                            paused_since = Some((at.max(start), at >= start, i));
                        }
                    }
                    continue;
                }
                if kind == c.resume_on {
                    if let Some((p, whole, _)) = paused_since.take() {
                        let until = whole_second(e.at).max(p);
                        // A pause wholly inside the running time measures the same for every
                        // working-time milestone: measured once per case.
                        let amount = if working && whole {
                            pauses.working_seconds(i, || measure(p, until))?
                        } else {
                            measure(p, until)?
                        }
                        .max(0);
                        if until > start {
                            paused.push(PausedInterval {
                                from: p,
                                until: Some(until),
                            });
                        }
                        if amount > 0 {
                            unpushed += amount;
                            paused_total += amount;
                        }
                    }
                    continue;
                }
            }
            if let (
                Action::ExtensionGranted {
                    reason,
                    approved_by,
                    working_days,
                },
                Some(limit),
            ) = (&e.action, m.extension)
            {
                let at = whole_second(e.at);
                if i < from {
                    continue;
                }
                settle!();
                if at > due {
                    continue;
                }
                let extension = Extension {
                    at,
                    reason: reason.clone(),
                    approved_by: approved_by.clone(),
                    working_days: *working_days,
                };
                let fits = (d.extensions.len() as u32) < limit.max_count
                    && used_days
                        .checked_add(*working_days)
                        .is_some_and(|t| t <= limit.max_amount);
                if fits {
                    used_days += working_days;
                    due = h.shift_working_days(due, i64::from(*working_days), cal)?;
                    d.extensions.push(extension);
                } else {
                    d.extensions_over_limit.push(extension);
                }
            }
        }
        // A pause still open: it lasts until the milestone was met, or until now.
        let mut paused_now = false;
        if let Some((p, _, _)) = paused_since {
            let until = met.map_or(now, |(_, at, _)| at).max(p);
            let amount = measure(p, until)?.max(0);
            paused.push(PausedInterval {
                from: p,
                until: met.map(|(_, at, _)| at),
            });
            if amount > 0 {
                unpushed += amount;
                paused_total += amount;
            }
            paused_now = met.is_none() && now >= p;
        }
        if unpushed > 0 {
            due = self.push_back(m.due, due, unpushed, cal)?;
        }
        // Time used and left, from the start to `now` or to the meeting event.
        let reference = met.map_or(now, |(_, at, _)| at).max(start);
        let due_at = position(due)?;
        let reference_at = if reference == now && working {
            pauses.now_on_working_clock(|| position(now))?
        } else {
            position(reference)?
        };
        let remaining = due_at - reference_at;
        let budget = due_at - position(start)? - paused_total;
        let elapsed = (budget - remaining).max(0);
        if paused.len > 0 {
            d.paused = pauses.shared(&paused);
        }
        d.started = Some(start);
        d.due = Some(due);
        d.met_at = met.map(|(_, at, _)| at);
        d.met_by = met.map(|(_, _, k)| k);
        d.elapsed = TimeDelta::seconds(elapsed);
        d.remaining = TimeDelta::seconds(remaining);
        d.paused_time = TimeDelta::seconds(paused_total);
        d.status = match met {
            Some((_, at, _)) if at <= due => DeadlineStatus::Met,
            Some(_) => DeadlineStatus::MetLate,
            None if now > due => DeadlineStatus::Breached,
            None if paused_now => DeadlineStatus::Paused,
            None if m.warn_at.is_some_and(|w| elapsed as f64 >= w * budget as f64) && now >= start => {
                DeadlineStatus::AtRisk
            }
            None => DeadlineStatus::Pending,
        };
        Ok(d)
    }

    /// The due time pushed back by `amount` (> 0) of the milestone's clock: working time for
    /// working units, calendar time for calendar units. A due time at the end of a day counts
    /// from that day's close of business, and a push of whole working days ends at the end of
    /// a day again.
    fn push_back(
        &self,
        unit: Due,
        due: DateTime<FixedOffset>,
        amount: i64,
        cal: &WorkCalendar,
    ) -> Result<DateTime<FixedOffset>> {
        let h = &self.hours;
        if !unit.unit().is_working_time() {
            return Ok(due + TimeDelta::seconds(amount));
        }
        h.push_back_working(due, amount, cal)
    }
}

fn add_days(date: chrono::NaiveDate, days: u64, cal: &WorkCalendar) -> Result<chrono::NaiveDate> {
    date.checked_add_days(chrono::Days::new(days))
        .ok_or_else(|| out_of_range(cal, date))
}

#[cold]
fn out_of_range(cal: &WorkCalendar, date: chrono::NaiveDate) -> Error {
    Error::Calendar {
        code: ErrorCode::DateOutOfCoverage,
        calendar: cal.code().to_owned(),
        detail: format!("a period from {date} ends beyond the dates that exist"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::complaint::Complaint;

    const POLICY: &str = r#"[policy]
id = "test.units"
version = 1
name = "Units"
calendar = "CN"
source = "tests"
applies_to = ["complaint"]
[policy.business_hours]
time_zone = "+08:00"
windows = ["09:00-11:30", "13:00-15:30"]
receipt_cutoff = "15:30"
[[milestone]]
id = "triage"
label = "Triage in 4 working hours"
from = "received"
due = { amount = 4, unit = "working_hours" }
met_by = ["assigned"]
[[milestone]]
id = "answer"
label = "Answer a working day after triage is due"
from = "milestone:triage"
due = { amount = 1, unit = "working_days" }
met_by = ["result_fed_back"]
[[milestone]]
id = "follow_up"
label = "Two weeks after the acknowledgement"
from = "event:acknowledged"
due = { amount = 2, unit = "weeks" }
met_by = ["progress_update_sent"]
[[milestone]]
id = "report_back"
label = "Only for regulator cases"
from = "received"
due = { amount = 1, unit = "working_days_close_of_business" }
met_by = ["reported_to_regulator"]
only_if = "regulator_forwarded"
[[milestone]]
id = "after_report_back"
label = "Anchored on a milestone that may not apply"
from = "milestone:report_back"
due = { amount = 1, unit = "months" }
met_by = ["callback_visited"]
"#;

    fn at(s: &str) -> DateTime<FixedOffset> {
        DateTime::parse_from_rfc3339(s).unwrap()
    }

    fn case(events: &[(&str, Action)]) -> Case {
        let complaint = Complaint::from_json(
            r#"{"id": "U-1", "channel": "phone", "complainant": {"name": "赵六", "contact": {"phone": "13800138000"}},
                "receiver": "S001", "branch": "杭州营业部", "received_at": "2024-09-30T10:00:00+08:00",
                "matter": "m", "facts": {"account": "f"}, "demand": "d", "category": "service.attitude"}"#,
        )
        .unwrap();
        let mut all = vec![Event::new(
            at("2024-09-30T10:00:00+08:00"),
            "S001",
            Action::Registered {},
        )];
        all.extend(events.iter().map(|(t, a)| Event::new(at(t), "S001", a.clone())));
        Case::replay(complaint, all).unwrap()
    }

    #[test]
    fn working_hours_milestone_and_event_anchors() {
        let policy = Policy::from_toml(POLICY).unwrap();
        let cn = WorkCalendar::builtin("CN").unwrap();
        let c = case(&[
            ("2024-09-30T15:00:00+08:00", Action::Assigned { handler: "S010".into() }),
            ("2024-10-08T09:00:00+08:00", Action::Acknowledged { via: None }),
        ]);
        let d = policy.deadlines(&c, &cn, at("2024-10-08T10:00:00+08:00")).unwrap();
        // 10:00-11:30 and 13:00-15:30 are exactly 4 working hours: due at the close, 15:30.
        assert_eq!(d[0].due, Some(at("2024-09-30T15:30:00+08:00")));
        assert_eq!(d[0].status, DeadlineStatus::Met);
        assert_eq!(d[0].met_by, Some(ActionKind::Assigned));
        assert_eq!(d[0].elapsed, TimeDelta::hours(3) + TimeDelta::minutes(30));
        assert_eq!(d[0].remaining, TimeDelta::minutes(30));
        assert!((d[0].remaining_in_unit() - 0.5).abs() < 1e-9);
        // Anchored on 09-30 15:30: one working day after 09-30 is 10-08.
        assert_eq!(d[1].started, Some(at("2024-09-30T15:30:00+08:00")));
        assert_eq!(d[1].due, Some(at("2024-10-08T23:59:59+08:00")));
        assert_eq!(d[1].status, DeadlineStatus::Pending);
        assert!(
            (d[1].elapsed_in_unit() - 0.2).abs() < 1e-9,
            "{}",
            d[1].elapsed_in_unit()
        );
        // Two weeks after the acknowledgement of 10-08.
        assert_eq!(d[2].started, Some(at("2024-10-08T09:00:00+08:00")));
        assert_eq!(d[2].due, Some(at("2024-10-22T23:59:59+08:00")));
        // Not a regulator case; and what is anchored on it does not apply either.
        assert_eq!(d[3].status, DeadlineStatus::NotApplicable);
        assert_eq!(d[4].status, DeadlineStatus::NotApplicable);
        assert_eq!(d[4].due, None);
    }

    #[test]
    fn two_half_day_pauses_move_the_end_of_a_day_to_the_end_of_the_next() {
        let policy = Policy::preset("cn.branch").unwrap();
        let cn = WorkCalendar::builtin("CN").unwrap();
        let paused = || Action::ClockPaused {
            reason: "等待客户材料".into(),
        };
        // 10:00-11:30 and 13:00-14:00 (2.5 h); then 14:00-15:30 and, after National Day,
        // 10-08 09:00-10:00 (2.5 h): one working day in all.
        let c = case(&[
            ("2024-09-30T10:00:00+08:00", paused()),
            ("2024-09-30T14:00:00+08:00", Action::ClockResumed {}),
            ("2024-09-30T14:00:00+08:00", paused()),
            ("2024-10-08T10:00:00+08:00", Action::ClockResumed {}),
        ]);
        let d = policy.deadlines(&c, &cn, at("2024-10-08T11:00:00+08:00")).unwrap();
        assert_eq!(d[0].milestone.as_ref(), "acknowledge");
        assert_eq!(d[0].due, Some(at("2024-10-09T23:59:59+08:00")));
        assert_eq!(d[0].paused.len(), 2);
        assert_eq!(d[0].paused_time, TimeDelta::hours(5));
        assert_eq!(d[0].status, DeadlineStatus::Pending);
    }

    #[test]
    fn an_event_anchor_not_yet_reached_has_no_due_time() {
        let policy = Policy::from_toml(POLICY).unwrap();
        let cn = WorkCalendar::builtin("CN").unwrap();
        let d = policy
            .deadlines(&case(&[]), &cn, at("2024-09-30T16:00:00+08:00"))
            .unwrap();
        assert_eq!(d[2].status, DeadlineStatus::Pending);
        assert_eq!((d[2].started, d[2].due), (None, None));
        // Triage was due at 15:30 and nobody was assigned.
        assert_eq!(d[0].status, DeadlineStatus::Breached);
        assert_eq!(d[0].remaining, TimeDelta::zero());
    }

    #[test]
    fn deadlines_serialize_with_names_and_seconds() {
        let policy = Policy::from_toml(POLICY).unwrap();
        let cn = WorkCalendar::builtin("CN").unwrap();
        let d = policy
            .deadlines(&case(&[]), &cn, at("2024-09-30T11:00:00+08:00"))
            .unwrap();
        let json = serde_json::to_string(&d[0]).unwrap();
        assert!(json.starts_with(r#"{"milestone":"triage","unit":"working_hours","status":"pending","started":"2024-09-30T10:00:00+08:00","due":"2024-09-30T15:30:00+08:00""#), "{json}");
        assert!(json.contains(r#""elapsed":3600,"remaining":10800"#), "{json}");
    }
}
