//! The deadlines of a case under a policy: see the [module docs](crate::deadline).

use std::sync::Arc;

use chrono::{DateTime, FixedOffset, SubsecRound, TimeDelta, Timelike};
use serde::Serialize;

use super::hours::{beyond_time, At, BusinessHours};
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
    /// Every status, in declaration order (the C and Python surfaces list them from here).
    pub const ALL: [DeadlineStatus; 7] = [
        DeadlineStatus::Pending,
        DeadlineStatus::Met,
        DeadlineStatus::MetLate,
        DeadlineStatus::AtRisk,
        DeadlineStatus::Breached,
        DeadlineStatus::Paused,
        DeadlineStatus::NotApplicable,
    ];

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
        seconds_in_unit(self.unit, time.num_seconds(), self.working_day)
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

/// Seconds of a milestone's clock in its unit (see [`MilestoneDeadline::in_unit`]).
fn seconds_in_unit(unit: Unit, secs: i64, working_day: i64) -> f64 {
    let secs = secs as f64;
    match unit {
        Unit::WorkingDays | Unit::WorkingDaysCloseOfBusiness => secs / working_day.max(1) as f64,
        Unit::WorkingHours | Unit::TimeOfDay => secs / 3600.0,
        Unit::CalendarDays | Unit::Months => secs / 86_400.0,
        Unit::Weeks => secs / 604_800.0,
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

/// What the milestones of one case share: the working time of closed pauses (by the index of
/// their `resume` event: a pause wholly inside a milestone's running time measures the same for
/// every working-time milestone), `now` and the last start on the working clock, and the last
/// list of paused intervals handed out.
#[derive(Default)]
struct PauseCache {
    len: usize,
    entries: [(usize, i64); 8],
    /// The last list of intervals handed out, with the ends and start it was built from:
    /// most milestones see the same pauses.
    last: Option<(Intervals, DateTime<FixedOffset>, Arc<[PausedInterval]>)>,
    /// `now` on the working clock (its Unix seconds, its position), once known.
    now: Option<(i64, i64)>,
    /// The last start on the working clock (most milestones start at the receipt).
    start: Option<(i64, i64)>,
}

/// A short list on the stack, spilling to the heap past `N` items: a case has a few pauses
/// and extensions, and allocating for them would cost more than computing with them.
struct Few<T: Copy + Default, const N: usize> {
    len: usize,
    few: [T; N],
    more: Vec<T>,
}

impl<T: Copy + Default, const N: usize> Default for Few<T, N> {
    fn default() -> Self {
        Few {
            len: 0,
            few: [T::default(); N],
            more: Vec::new(),
        }
    }
}

impl<T: Copy + Default, const N: usize> Few<T, N> {
    #[inline]
    fn push(&mut self, item: T) {
        if self.len < N {
            self.few[self.len] = item;
        } else {
            if self.more.is_empty() {
                self.more.extend_from_slice(&self.few);
            }
            self.more.push(item);
        }
        self.len += 1;
    }

    #[inline]
    fn as_slice(&self) -> &[T] {
        if self.len > N {
            &self.more
        } else {
            &self.few[..self.len]
        }
    }
}

/// Where an end of a paused interval comes from: the milestone's start, an event (its
/// index), or nothing (a pause still open).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
enum End {
    #[default]
    Open,
    Start,
    Event(u32),
}

/// The paused intervals of one milestone, as the ends they come from: compared with the
/// last list handed out before any date-time is built.
type Intervals = Few<(End, End), 4>;

/// What a written deadline keeps of its paused intervals: the rich form keeps their ends, the
/// plain form only counts them.
trait PausedList: Default {
    fn push(&mut self, interval: (End, End));
    fn count(&self) -> usize;
}

impl PausedList for Intervals {
    #[inline]
    fn push(&mut self, interval: (End, End)) {
        Few::push(self, interval);
    }
    #[inline]
    fn count(&self) -> usize {
        self.len
    }
}

/// The plain form's paused intervals: how many.
#[derive(Default)]
struct PauseCount(u32);

impl PausedList for PauseCount {
    #[inline]
    fn push(&mut self, _: (End, End)) {
        self.0 += 1;
    }
    #[inline]
    fn count(&self) -> usize {
        self.0 as usize
    }
}

impl PauseCache {
    /// `now` on the working clock, looked up once per case.
    fn now_on_working_clock(&mut self, now: At, clock: impl FnOnce() -> Result<i64>) -> Result<i64> {
        remembered(&mut self.now, now, clock)
    }

    /// A start on the working clock, looked up again only when it changes.
    fn start_on_working_clock(&mut self, start: At, clock: impl FnOnce() -> Result<i64>) -> Result<i64> {
        remembered(&mut self.start, start, clock)
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

    fn shared(&mut self, intervals: Intervals, start: &Moment, events: &[Event]) -> Arc<[PausedInterval]> {
        if let Some((ends, start_when, list)) = &self.last {
            // The start as written too (its offset), not only the instant: it may be an end.
            let same_start = *start_when == start.when && start_when.offset() == start.when.offset();
            if ends.as_slice() == intervals.as_slice() && same_start {
                return Arc::clone(list);
            }
        }
        let when = |end: End| match end {
            End::Open => None,
            End::Start => Some(start.when),
            End::Event(i) => Some(whole_second(events[i as usize].at)),
        };
        let list: Arc<[PausedInterval]> = intervals
            .as_slice()
            .iter()
            .map(|&(from, until)| PausedInterval {
                from: when(from).unwrap_or(start.when),
                until: when(until),
            })
            .collect();
        self.last = Some((intervals, start.when, Arc::clone(&list)));
        list
    }
}

/// The working-clock position of `at` kept in `slot`, looked up when `slot` holds another
/// instant (or none).
fn remembered(slot: &mut Option<(i64, i64)>, at: At, clock: impl FnOnce() -> Result<i64>) -> Result<i64> {
    match *slot {
        Some((utc, position)) if utc == at.utc => Ok(position),
        _ => {
            let position = clock()?;
            *slot = Some((at.utc, position));
            Ok(position)
        }
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

/// An instant in both forms: the engine's, and the date-time the results show.
#[derive(Clone, Copy)]
struct Moment {
    at: At,
    when: DateTime<FixedOffset>,
}

impl Moment {
    fn new(h: &BusinessHours, t: DateTime<FixedOffset>) -> Moment {
        let when = whole_second(t);
        Moment { at: h.at(when), when }
    }

    /// The later of two moments; `other` when they are the same instant (like `Ord::max`).
    fn max(self, other: Moment) -> Moment {
        if self.at.utc > other.at.utc {
            self
        } else {
            other
        }
    }
}

/// What a milestone's clock reads in an event.
#[derive(Clone, Copy, Default, PartialEq, Eq)]
enum MarkKind {
    #[default]
    Pause,
    Resume,
    Extension,
}

/// A pause, resume or extension event of the case.
#[derive(Clone, Copy, Default)]
struct Mark {
    index: u32,
    kind: MarkKind,
    at: At,
}

/// No event of a kind.
const NONE: u32 = u32::MAX;

/// A case's events as the engine reads them, gathered in one pass per case: the first event of
/// each action (anchors and meeting events), and the events that stop, restart or extend clocks.
struct CaseEvents<'a> {
    events: &'a [Event],
    first: [u32; ActionKind::ALL.len()],
    marks: Few<Mark, 8>,
}

impl<'a> CaseEvents<'a> {
    fn read(events: &'a [Event], clock: Option<super::policy::PauseClock>, h: &BusinessHours) -> CaseEvents<'a> {
        let mut first = [NONE; ActionKind::ALL.len()];
        let mut marks = Few::default();
        for (i, e) in events.iter().enumerate() {
            let kind = e.action.kind();
            let slot = &mut first[kind as usize];
            if *slot == NONE {
                *slot = u32::try_from(i).unwrap_or(NONE);
            }
            let mark = match clock {
                Some(c) if kind == c.pause_on => MarkKind::Pause,
                Some(c) if kind == c.resume_on => MarkKind::Resume,
                _ if kind == ActionKind::ExtensionGranted => MarkKind::Extension,
                _ => continue,
            };
            marks.push(Mark {
                index: u32::try_from(i).unwrap_or(u32::MAX),
                kind: mark,
                at: h.at(whole_second(e.at)),
            });
        }
        CaseEvents { events, first, marks }
    }

    /// The index of the first event of `kind`.
    fn first(&self, kind: ActionKind) -> Option<usize> {
        let i = self.first[kind as usize];
        (i != NONE).then_some(i as usize)
    }

    /// The index of the first event of any of `kinds` at or after index `from`.
    fn first_of(&self, kinds: &[ActionKind], from: usize) -> Option<usize> {
        let mut best = None::<usize>;
        for &k in kinds {
            match self.first(k) {
                Some(i) if i >= from => best = Some(best.map_or(i, |b| b.min(i))),
                // An earlier event of the kind hides a later one: look event by event.
                Some(_) => {
                    return self.events[from..]
                        .iter()
                        .position(|e| kinds.contains(&e.action.kind()))
                        .map(|p| p + from)
                }
                None => {}
            }
        }
        best
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
        let mut out = Vec::with_capacity(self.milestones.len());
        self.write_deadlines(case, calendar, now, &mut out)?;
        Ok(out)
    }

    /// The deadlines of every milestone for `case` at `now` as plain numbers
    /// ([`DeadlineFigures`]), written into `out` (cleared first, its memory reused): the form
    /// for array consumers (C structs, numpy columns) and for millions of cases. The same
    /// engine and the same answers as [`deadlines`](Self::deadlines), without date-times,
    /// shared strings or allocation per case. On an error `out` is left empty.
    ///
    /// # Errors
    /// As [`deadlines`].
    pub fn deadline_figures(
        &self,
        case: &Case,
        calendar: &WorkCalendar,
        now: DateTime<FixedOffset>,
        out: &mut Vec<DeadlineFigures>,
    ) -> Result<()> {
        out.clear();
        let written = self.write_deadlines(case, calendar, now, out);
        if written.is_err() {
            out.clear();
        }
        written
    }

    fn write_deadlines<W: Written>(
        &self,
        case: &Case,
        calendar: &WorkCalendar,
        now: DateTime<FixedOffset>,
        out: &mut Vec<W>,
    ) -> Result<()> {
        if calendar.code() != self.calendar {
            return Err(self.calendar_mismatch(calendar));
        }
        let h = &self.hours;
        let now = Moment::new(h, now);
        let events = CaseEvents::read(case.events(), self.clock, h);
        let complaint = case.complaint();
        let kind_applies = self.applies_to.contains(&case.kind());
        let received = Moment::new(h, complaint.received_at);
        let mut pauses = PauseCache::default();
        // Milestones are computed in anchor order, which is the file order for most policies;
        // otherwise they are put back in file order at the end.
        for &i in &self.order {
            let m = &self.milestones[i];
            let anchor = match m.anchor {
                Anchor::Milestone(j) => out.iter().find(|d| d.index() == j),
                _ => None,
            };
            let applicable = kind_applies
                && m.only_if.is_none_or(|c| c.holds(complaint))
                && anchor.is_none_or(|a| a.status() != DeadlineStatus::NotApplicable);
            let start = match m.anchor {
                Anchor::Received => Some((received, 0)),
                Anchor::Event(kind) => events.first(kind).map(|at| (Moment::new(h, events.events[at].at), at)),
                Anchor::Milestone(_) => match anchor {
                    Some(a) => a.due_moment(h, calendar)?.map(|due| (due, a.search_from())),
                    None => None,
                },
            };
            // Filled in place: a deadline is a few hundred bytes, not worth moving around.
            if applicable {
                out.push(W::blank(self, i, m, DeadlineStatus::Pending));
                if let (Some(start), Some(d)) = (start, out.last_mut()) {
                    self.milestone_deadline(d, m, start, &events, calendar, now, &mut pauses)?;
                }
            } else {
                out.push(W::blank(self, i, m, DeadlineStatus::NotApplicable));
            }
        }
        if !self.in_file_order {
            out.sort_unstable_by_key(|d| d.index());
        }
        Ok(())
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

    fn rich_blank(&self, index: usize, m: &Milestone, status: DeadlineStatus) -> MilestoneDeadline {
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

    /// The due time before pauses and extensions (see the units in the [module docs](crate::deadline)),
    /// with its position on the milestone's clock when that comes free: working days give
    /// their rank, working hours are an addition on the working clock from the start.
    fn base_due(&self, due: Due, start: At, start_clock: i64, cal: &WorkCalendar) -> Result<(At, Option<i64>)> {
        let h = &self.hours;
        let day = start.day();
        let on_working_day = |n: u32, secs: u32| -> Result<(At, Option<i64>)> {
            if n == 0 {
                // Policies refuse zero durations; the day itself, if it is a working day.
                return Ok((h.at_day_secs(cal.add_working_days_epoch(day, 0)?, secs, cal)?, None));
            }
            let (to, rank) = cal.add_working_days_ranked(day, n.into())?;
            Ok((h.at_day_secs(to, secs, cal)?, Some(h.clock_on_working_day(rank, secs))))
        };
        let calendar = |at: At| (at, Some(at.utc));
        Ok(match due {
            Due::WorkingDays(n) => on_working_day(n, BusinessHours::END_OF_DAY)?,
            Due::WorkingDaysCloseOfBusiness(n) => on_working_day(n, h.close())?,
            Due::CalendarDays(n) => calendar(h.end_of_day_at(add_days(day, i64::from(n), cal)?, cal)?),
            Due::Weeks(n) => calendar(h.end_of_day_at(add_days(day, i64::from(n) * 7, cal)?, cal)?),
            Due::Months(n) => {
                let to = crate::calendar::add_months_epoch(day, n).ok_or_else(|| beyond_time(cal))?;
                calendar(h.end_of_day_at(to, cal)?)
            }
            // The earliest instant n hours of working time after the start (n ≥ 1).
            Due::WorkingHours(0) => (h.add_working_seconds_at(start, 0, cal)?, None),
            Due::WorkingHours(n) => {
                let at = start_clock + i64::from(n) * 3600;
                (h.at_clock(at, cal)?, Some(at))
            }
            Due::TimeOfDay(at) => (h.time_of_day_at(start, at.num_seconds_from_midnight(), cal)?, None),
        })
    }

    #[allow(clippy::too_many_arguments)]
    fn milestone_deadline<W: Written>(
        &self,
        d: &mut W,
        m: &Milestone,
        (start, from): (Moment, usize),
        case: &CaseEvents<'_>,
        cal: &WorkCalendar,
        now: Moment,
        pauses: &mut PauseCache,
    ) -> Result<()> {
        d.set_search_from(from);
        let h = &self.hours;
        let working = m.due.unit().is_working_time();
        // Positions on the milestone's clock: working time for working units, seconds of
        // calendar time otherwise; a duration is a difference of two positions.
        let position = |t: At| -> Result<i64> {
            if working {
                h.clock(t, cal)
            } else {
                Ok(t.utc)
            }
        };
        let measure = |a: At, b: At| -> Result<i64> { Ok(position(b)? - position(a)?) };
        let start_at = if working {
            pauses.start_on_working_clock(start.at, || position(start.at))?
        } else {
            start.at.utc
        };
        // The due time, and its position on the milestone's clock once known.
        let (mut due, mut due_clock) = self.base_due(m.due, start.at, start_at, cal)?;
        // The meeting event: the first of `met_by` from the anchor's event on.
        let met = case
            .first_of(&m.met_by, from)
            .map(|i| (i, Moment::new(h, case.events[i].at), case.events[i].action.kind()));
        let stop_index = met.map_or(case.events.len(), |(i, _, _)| i);
        // When the clock stopped (the milestone's start, if it stopped earlier), where that
        // time comes from, and whether it is the pause event's own time.
        let mut paused_since: Option<(At, End, bool)> = None;
        let mut used_days = 0u32;
        let mut applied = 0u32;
        let mut paused_total = 0i64;
        let mut paused = W::Paused::default();
        // Paused time not yet added to `due`: pushes are added up and applied once, when the
        // due time is needed (a pause or extension after the unpushed due time, or the end).
        let mut unpushed = 0i64;
        macro_rules! settle {
            () => {
                if unpushed > 0 {
                    let clock = match due_clock {
                        Some(c) => c,
                        None => position(due)?,
                    };
                    let (at, clock) = self.push_back(m.due, (due, clock), unpushed, cal)?;
                    (due, due_clock) = (at, Some(clock));
                    #[allow(unused_assignments)]
                    {
                        unpushed = 0;
                    }
                }
            };
        }
        for mark in case
            .marks
            .as_slice()
            .iter()
            .take_while(|mark| (mark.index as usize) < stop_index)
        {
            let at = mark.at;
            match mark.kind {
                MarkKind::Pause => {
                    if paused_since.is_none() {
                        if at.utc >= due.utc {
                            settle!();
                        }
                        if at.utc < due.utc {
                            paused_since = Some(if at.utc > start.at.utc {
                                (at, End::Event(mark.index), true)
                            } else {
                                (start.at, End::Start, at.utc == start.at.utc)
                            });
                        }
                    }
                }
                MarkKind::Resume => {
                    if let Some((p, p_end, whole)) = paused_since.take() {
                        let (until, until_end) = if at.utc > p.utc {
                            (at, End::Event(mark.index))
                        } else {
                            (p, p_end)
                        };
                        // A pause wholly inside the running time measures the same for every
                        // working-time milestone: measured once per case.
                        let amount = if working && whole {
                            pauses.working_seconds(mark.index as usize, || measure(p, until))?
                        } else {
                            measure(p, until)?
                        }
                        .max(0);
                        if until.utc > start.at.utc {
                            paused.push((p_end, until_end));
                        }
                        if amount > 0 {
                            unpushed += amount;
                            paused_total += amount;
                        }
                    }
                }
                MarkKind::Extension => {
                    let index = mark.index as usize;
                    let (
                        Some(limit),
                        Action::ExtensionGranted {
                            reason,
                            approved_by,
                            working_days,
                        },
                    ) = (m.extension, &case.events[index].action)
                    else {
                        continue;
                    };
                    if index < from {
                        continue;
                    }
                    settle!();
                    if at.utc > due.utc {
                        continue;
                    }
                    let fits = applied < limit.max_count
                        && used_days
                            .checked_add(*working_days)
                            .is_some_and(|t| t <= limit.max_amount);
                    if fits {
                        applied += 1;
                        used_days += working_days;
                        due = h.shift_working_days_at(due, i64::from(*working_days), cal)?;
                        due_clock = None;
                    }
                    d.extension(fits, &case.events[index], reason, approved_by, *working_days);
                }
            }
        }
        // A pause still open: it lasts until the milestone was met, or until now.
        let mut paused_now = false;
        if let Some((p, p_end, _)) = paused_since {
            let until = met.map_or(now.at, |(_, at, _)| at.at);
            let until = if until.utc > p.utc { until } else { p };
            let amount = measure(p, until)?.max(0);
            paused.push((p_end, met.map_or(End::Open, |(i, _, _)| End::Event(i as u32))));
            if amount > 0 {
                unpushed += amount;
                paused_total += amount;
            }
            paused_now = met.is_none() && now.at.utc >= p.utc;
        }
        settle!();
        // Time used and left, from the start to `now` or to the meeting event.
        let reference = met.map_or(now, |(_, at, _)| at).max(start);
        let due_at = match due_clock {
            Some(c) => c,
            None => position(due)?,
        };
        let reference_at = if reference.at.utc == now.at.utc && working {
            pauses.now_on_working_clock(now.at, || position(now.at))?
        } else {
            position(reference.at)?
        };
        let remaining = due_at - reference_at;
        let budget = due_at - start_at - paused_total;
        let elapsed = (budget - remaining).max(0);
        if paused.count() > 0 {
            d.paused(paused, &start, case.events, pauses);
        }
        let status = match met {
            Some((_, at, _)) if at.at.utc <= due.utc => DeadlineStatus::Met,
            Some(_) => DeadlineStatus::MetLate,
            None if now.at.utc > due.utc => DeadlineStatus::Breached,
            None if paused_now => DeadlineStatus::Paused,
            None if m.warn_at.is_some_and(|w| elapsed as f64 >= w * budget as f64) && now.at.utc >= start.at.utc => {
                DeadlineStatus::AtRisk
            }
            None => DeadlineStatus::Pending,
        };
        d.finish(
            Figures {
                status,
                start: &start,
                due,
                met: met.map(|(_, at, kind)| (at, kind)),
                elapsed,
                remaining,
                paused: paused_total,
            },
            h,
            cal,
        )
    }

    /// The due time pushed back by `amount` (> 0) of the milestone's clock (working time for
    /// working units, calendar time for calendar units), with its new clock position.
    fn push_back(&self, unit: Due, due: (At, i64), amount: i64, cal: &WorkCalendar) -> Result<(At, i64)> {
        if unit.unit().is_working_time() {
            self.hours.push_back_working_at(due.0, due.1, amount, cal)
        } else {
            let at = self.hours.at_after(due.0, amount, cal)?;
            Ok((at, at.utc))
        }
    }
}

/// The day count `days` after `day`, if chrono can hold its date.
fn add_days(day: i32, days: i64, cal: &WorkCalendar) -> Result<i32> {
    crate::calendar::add_days_epoch(day, days).ok_or_else(|| beyond_time(cal))
}

/// One milestone's deadline as plain numbers: the answers of [`MilestoneDeadline`] without
/// date-times, strings or lists, for array consumers and bulk work
/// ([`Policy::deadline_figures`]). Instants are Unix seconds (UTC), durations seconds of the
/// milestone's clock (working time for working units, calendar time otherwise).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct DeadlineFigures {
    /// The milestone's index in [`Policy::milestones`].
    pub milestone: usize,
    /// Its unit.
    #[serde(serialize_with = "unit_name")]
    pub unit: Unit,
    /// Where it stands.
    pub status: DeadlineStatus,
    /// When its clock started; `None` while its anchor has not happened (or not applicable).
    pub started: Option<i64>,
    /// When it falls due, extensions and pauses included.
    pub due: Option<i64>,
    /// The UTC offset of the policy's zone at the due time, in seconds (local = due + offset).
    pub due_offset: i32,
    /// When it was met.
    pub met_at: Option<i64>,
    /// The action that met it.
    #[serde(serialize_with = "kind_name")]
    pub met_by: Option<ActionKind>,
    /// Running time used, pauses excluded.
    pub elapsed: i64,
    /// Running time left; negative once breached.
    pub remaining: i64,
    /// Time the clock stood still.
    pub paused_time: i64,
    /// How many stretches the clock stood still.
    pub pauses: u32,
    /// Extensions applied.
    pub extensions: u32,
    /// Extensions granted beyond the policy's limits (recorded, not applied).
    pub extensions_over_limit: u32,
    /// Working seconds in one working day of the policy, to express times in working days.
    #[serde(skip)]
    working_day: i64,
    #[serde(skip)]
    search_from: usize,
}

impl DeadlineFigures {
    /// Seconds of this milestone's clock in its unit, as [`MilestoneDeadline::in_unit`].
    pub fn in_unit(&self, seconds: i64) -> f64 {
        seconds_in_unit(self.unit, seconds, self.working_day)
    }

    /// [`elapsed`](Self::elapsed) in the milestone's unit.
    pub fn elapsed_in_unit(&self) -> f64 {
        self.in_unit(self.elapsed)
    }

    /// [`remaining`](Self::remaining) in the milestone's unit.
    pub fn remaining_in_unit(&self) -> f64 {
        self.in_unit(self.remaining)
    }

    /// [`paused_time`](Self::paused_time) in the milestone's unit.
    pub fn paused_time_in_unit(&self) -> f64 {
        self.in_unit(self.paused_time)
    }
}

/// What the engine found for one milestone, before it is written out.
struct Figures<'m> {
    status: DeadlineStatus,
    start: &'m Moment,
    due: At,
    met: Option<(Moment, ActionKind)>,
    elapsed: i64,
    remaining: i64,
    paused: i64,
}

/// Where the engine writes a milestone's deadline: the rich [`MilestoneDeadline`] or plain
/// [`DeadlineFigures`]. One engine, two outputs.
trait Written: Sized {
    /// What it keeps of the paused intervals.
    type Paused: PausedList;
    fn blank(policy: &Policy, index: usize, m: &Milestone, status: DeadlineStatus) -> Self;
    fn index(&self) -> usize;
    fn status(&self) -> DeadlineStatus;
    fn search_from(&self) -> usize;
    fn set_search_from(&mut self, from: usize);
    /// The due time, for a milestone anchored on this one.
    fn due_moment(&self, h: &BusinessHours, cal: &WorkCalendar) -> Result<Option<Moment>>;
    fn extension(&mut self, applied: bool, event: &Event, reason: &str, approved_by: &str, working_days: u32);
    fn paused(&mut self, intervals: Self::Paused, start: &Moment, events: &[Event], cache: &mut PauseCache);
    fn finish(&mut self, figures: Figures<'_>, h: &BusinessHours, cal: &WorkCalendar) -> Result<()>;
}

impl Written for MilestoneDeadline {
    type Paused = Intervals;
    fn blank(policy: &Policy, index: usize, m: &Milestone, status: DeadlineStatus) -> Self {
        policy.rich_blank(index, m, status)
    }
    fn index(&self) -> usize {
        self.index
    }
    fn status(&self) -> DeadlineStatus {
        self.status
    }
    fn search_from(&self) -> usize {
        self.search_from
    }
    fn set_search_from(&mut self, from: usize) {
        self.search_from = from;
    }
    fn due_moment(&self, h: &BusinessHours, _: &WorkCalendar) -> Result<Option<Moment>> {
        Ok(self.due.map(|due| Moment::new(h, due)))
    }
    fn extension(&mut self, applied: bool, event: &Event, reason: &str, approved_by: &str, working_days: u32) {
        let extension = Extension {
            at: whole_second(event.at),
            reason: reason.to_owned(),
            approved_by: approved_by.to_owned(),
            working_days,
        };
        if applied {
            self.extensions.push(extension);
        } else {
            self.extensions_over_limit.push(extension);
        }
    }
    fn paused(&mut self, intervals: Intervals, start: &Moment, events: &[Event], cache: &mut PauseCache) {
        self.paused = cache.shared(intervals, start, events);
    }
    fn finish(&mut self, f: Figures<'_>, h: &BusinessHours, cal: &WorkCalendar) -> Result<()> {
        self.started = Some(f.start.when);
        self.due = Some(h.datetime(f.due, cal)?);
        self.met_at = f.met.map(|(at, _)| at.when);
        self.met_by = f.met.map(|(_, kind)| kind);
        self.elapsed = TimeDelta::seconds(f.elapsed);
        self.remaining = TimeDelta::seconds(f.remaining);
        self.paused_time = TimeDelta::seconds(f.paused);
        self.status = f.status;
        Ok(())
    }
}

impl Written for DeadlineFigures {
    type Paused = PauseCount;
    fn blank(policy: &Policy, index: usize, m: &Milestone, status: DeadlineStatus) -> Self {
        DeadlineFigures {
            milestone: index,
            unit: m.due.unit(),
            status,
            started: None,
            due: None,
            due_offset: 0,
            met_at: None,
            met_by: None,
            elapsed: 0,
            remaining: 0,
            paused_time: 0,
            pauses: 0,
            extensions: 0,
            extensions_over_limit: 0,
            working_day: i64::from(policy.hours.working_seconds_per_day()),
            search_from: 0,
        }
    }
    fn index(&self) -> usize {
        self.milestone
    }
    fn status(&self) -> DeadlineStatus {
        self.status
    }
    fn search_from(&self) -> usize {
        self.search_from
    }
    fn set_search_from(&mut self, from: usize) {
        self.search_from = from;
    }
    fn due_moment(&self, h: &BusinessHours, cal: &WorkCalendar) -> Result<Option<Moment>> {
        match self.due {
            Some(due) => {
                let at = h.at_unix(due, cal)?;
                Ok(Some(Moment {
                    at,
                    when: h.datetime(at, cal)?,
                }))
            }
            None => Ok(None),
        }
    }
    fn extension(&mut self, applied: bool, _: &Event, _: &str, _: &str, _: u32) {
        if applied {
            self.extensions += 1;
        } else {
            self.extensions_over_limit += 1;
        }
    }
    fn paused(&mut self, intervals: PauseCount, _: &Moment, _: &[Event], _: &mut PauseCache) {
        self.pauses = intervals.0;
    }
    fn finish(&mut self, f: Figures<'_>, _: &BusinessHours, _: &WorkCalendar) -> Result<()> {
        self.started = Some(f.start.at.utc);
        self.due = Some(f.due.utc);
        self.due_offset = i32::try_from(f.due.local - f.due.utc).unwrap_or(0);
        self.met_at = f.met.map(|(at, _)| at.at.utc);
        self.met_by = f.met.map(|(_, kind)| kind);
        self.elapsed = f.elapsed;
        self.remaining = f.remaining;
        self.paused_time = f.paused;
        self.status = f.status;
        Ok(())
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

    #[test]
    fn every_status_is_listed_once_with_its_name() {
        // A status added to the enum must join ALL: this match stops compiling until it does.
        let listed = |s: DeadlineStatus| match s {
            DeadlineStatus::Pending
            | DeadlineStatus::Met
            | DeadlineStatus::MetLate
            | DeadlineStatus::AtRisk
            | DeadlineStatus::Breached
            | DeadlineStatus::Paused
            | DeadlineStatus::NotApplicable => DeadlineStatus::ALL.iter().filter(|&&t| t == s).count(),
        };
        for s in DeadlineStatus::ALL {
            assert_eq!(listed(s), 1, "{s:?}");
            assert_eq!(serde_json::to_value(s).unwrap(), s.name());
        }
    }

    #[test]
    fn only_if_conditions_select_the_milestones_of_a_case() {
        let policy = Policy::from_toml(&format!(
            "{}{}",
            &POLICY[..POLICY.find("[[milestone]]").unwrap()],
            r#"[[milestone]]
id = "gm_review"
label = "Major or worse: the branch general manager reviews in 2 working days"
from = "received"
due = { amount = 2, unit = "working_days" }
met_by = ["escalated"]
only_if = "severity_at_least:major"
[[milestone]]
id = "compensation_plan"
label = "A compensation plan in 3 working days"
from = "received"
due = { amount = 3, unit = "working_days" }
met_by = ["resolution_proposed"]
only_if = "compensation_claimed"
[[milestone]]
id = "branch_answer"
label = "Not from a regulator"
from = "received"
due = { amount = 5, unit = "working_days" }
met_by = ["result_fed_back"]
only_if = "not_regulator_forwarded"
"#
        ))
        .unwrap();
        let cn = WorkCalendar::builtin("CN").unwrap();
        let now = at("2024-10-08T10:00:00+08:00");
        let status = |c: &Case| -> Vec<DeadlineStatus> {
            policy
                .deadlines(c, &cn, now)
                .unwrap()
                .iter()
                .map(|d| d.status)
                .collect()
        };
        use DeadlineStatus::{NotApplicable as NA, Pending as P};
        // Ordinary, nothing claimed, not from a regulator.
        assert_eq!(status(&case(&[])), [NA, NA, P]);
        let mut major = case(&[]).complaint().clone();
        major.severity = crate::Severity::Major;
        major.claimed_amount = Some(crate::Money::cny(120_000));
        let c = Case::replay(major.clone(), case(&[]).events().to_vec()).unwrap();
        assert_eq!(status(&c), [P, P, P]);
        // A claim of zero is no claim.
        major.claimed_amount = Some(crate::Money::cny(0));
        let c = Case::replay(major, case(&[]).events().to_vec()).unwrap();
        assert_eq!(status(&c), [P, NA, P]);
    }

    #[test]
    fn an_unknown_condition_names_the_known_ones() {
        let text = POLICY.replace(
            "only_if = \"regulator_forwarded\"",
            "only_if = \"severity_at_least:huge\"",
        );
        let err = Policy::from_toml(&text).unwrap_err();
        assert_eq!(err.code(), ErrorCode::InvalidPolicy);
        let message = err.to_string();
        assert!(
            message.contains("`severity_at_least:huge` is not a condition"),
            "{message}"
        );
        assert!(message.contains("compensation_claimed"), "{message}");
    }
}
