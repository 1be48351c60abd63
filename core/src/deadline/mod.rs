//! Deadlines: business hours, policies as data, and the due times of a case's milestones.
//!
//! # Overview
//!
//! - [`BusinessHours`] ([`hours`]): working windows of the day (`09:00-11:30`, `13:00-15:30`),
//!   a time zone (a fixed offset, or an IANA zone with its summer time) and a receipt cut-off,
//!   on a [`WorkCalendar`](crate::WorkCalendar) that decides which days are working days.
//!   Arithmetic jumps across days and windows in constant time, exact to the second.
//! - [`Policy`] ([`policy`]): named milestones with a duration, a unit, an anchor, the actions
//!   that meet them, a warning threshold, a condition, extension limits, and the events that
//!   pause the clock. Read from TOML ([`Policy::from_toml`]) or a shipped preset
//!   ([`Policy::preset`], [`PRESET_POLICIES`]), checked on load with every problem named by
//!   policy, milestone, line and column.
//! - [`deadlines`] ([`engine`]): for each milestone of a policy, its due time and
//!   [`DeadlineStatus`] for a [`Case`](crate::Case) at a given `now`, from the case's events.
//!   [`Policy::deadline_figures`] gives the same answers as plain numbers
//!   ([`DeadlineFigures`]: Unix seconds, seconds of each clock, counts) into a buffer reused
//!   from case to case: the form for millions of cases and for array consumers (the C
//!   surface's structs, the Python surface's pandas frame).
//!
//! # Units
//!
//! `n` is the milestone's `amount`; the *anchor* is the instant its clock starts (the receipt,
//! the first event of an action, or another milestone's due time), and the *anchor's day* is
//! its date in the policy's time zone. "The end of a day" is its last second, 23:59:59 local
//! time (Civil Code art. 203: the last day of a period ends at 24:00); a milestone is met on
//! time when the meeting event is at or before the due time, to the second.
//!
//! | unit | due | example (calendar `CN`, Beijing time) |
//! |------|-----|---------|
//! | `working_days` | the end of the n-th working day strictly after the anchor's day (the start day is not counted, Civil Code art. 201), whatever the time of day or whether the anchor's day is a working day | 1 working day from a receipt at 16:00 on Friday 2024-09-27, before Golden Week: the make-up Sunday 2024-09-29 is a working day, so 2024-09-29 23:59:59 |
//! | `working_days_close_of_business` | the close of business (end of the last window) of that same day | UK DISP 1.5.1R: 3 business days from Monday 2024-05-20 16:00 (London): Thursday 2024-05-23 17:00 |
//! | `calendar_days` | the end of the day n days after the anchor's day | 3 days from 2024-09-30 10:00: 2024-10-03 23:59:59, in the holiday |
//! | `weeks` | the end of the day 7n days after the anchor's day | 8 weeks from 2024-05-20: 2024-07-15 23:59:59 |
//! | `months` | the end of the same day n months later, or of the month's last day when it has none | 2 months from 2024-12-31: 2025-02-28 23:59:59 |
//! | `working_hours` | n hours of working time (inside the windows of working days) after the anchor, jumping across lunch, nights and rest days; the earliest such instant, so a time that ends with a window ends at its close | 11 working hours (windows 09:00–11:30, 13:00–15:30) from Friday 2024-09-27 15:00: 0.5 h that day, 5 h on the make-up Sunday 09-29, 5 h on 09-30, then 0.5 h after National Day: 2024-10-08 09:30 |
//! | `time_of_day` (`at = "15:30"`) | that time on the anchor's day when it is a working day and the anchor is no later than the receipt cut-off; else that time on the next working day | R6, cut-off 15:30: received 2024-09-27 16:00, answer by 2024-09-29 15:30 |
//!
//! The receipt cut-off decides the day only for `time_of_day`. Day units count from the
//! anchor's date whatever its time: a complaint received after the cut-off gets no extra day
//! (the stricter reading; the seed procedures count "within N working days of receipt").
//!
//! # Pauses
//!
//! A policy's `[policy.clock]` names the actions that stop and restart the clock of every
//! running milestone (`clock_paused`, `clock_resumed`: waiting for the customer). Each stretch
//! of stopped time between the milestone's start and the moment it is met (or its due time, if
//! the pause began after that) pushes its due time back by exactly that much of its own clock:
//! working time for working units (so a pause over a lunch break or a weekend pushes nothing
//! for those hours), calendar time for `calendar_days`, `weeks` and `months`. The paused time
//! is added up and the due time pushed once by the total (a pause that starts after the due
//! time pushed so far does not count). A due time at the end of a day is pushed from that
//! day's close of business, and a push of whole working days lands at the end of a day again:
//! two pauses of half a day each move "the end of 10-08" to "the end of 10-09". Working time
//! adds up exactly, so the total is the sum of the pauses whatever their order. A pause still
//! open at `now` has lasted until `now`,
//! and the milestone is [`DeadlineStatus::Paused`]. A case may pause many times.
//!
//! # Extensions
//!
//! An `extension_granted` event of N working days moves the due time of every milestone that
//! has an `extension` limit, is running (started, not met) and not yet due when it is granted,
//! to the same time of day N working days later. Limits are `max_count` extensions and
//! `max_amount` working days in total: an extension that would exceed either is **not
//! applied** and is listed in [`MilestoneDeadline::extensions_over_limit`], so the deadline
//! report still comes out and shows the refused extension (the case history records what was
//! granted; whether it was allowed is the policy's question, answered here). Extensions and
//! pauses never make a due time earlier.
//!
//! # Statuses
//!
//! `met` / `met_late` once a `met_by` action happened after the anchor; otherwise `breached`
//! past the due time, `paused` while the clock is stopped, `at_risk` once `warn_at` of its
//! running time is used, else `pending` (also while its anchor has not happened: `due` is then
//! `None`). `not_applicable` when its `only_if` does not hold or the policy is for another kind
//! of case (and for a milestone anchored on one that is not applicable).
//!
//! Dates outside the calendar's coverage are the calendar's
//! [`DateOutOfCoverage`](crate::ErrorCode::DateOutOfCoverage) error: a deadline is never guessed.
//!
//! # Examples
//!
//! ```
//! use chrono::DateTime;
//! use tousu::{deadlines, Action, Case, Complaint, DeadlineStatus, Event, Policy, WorkCalendar};
//!
//! let at = |s: &str| DateTime::parse_from_rfc3339(s).unwrap();
//! let complaint = Complaint::from_json(r#"{"id": "SZ-2024-0930", "channel": "phone",
//!     "complainant": {"name": "李四", "contact": {"phone": "13800138000"}},
//!     "receiver": "S001", "branch": "深圳福田营业部", "received_at": "2024-09-30T16:00:00+08:00",
//!     "matter": "佣金收取异常", "facts": {"account": "九月佣金高于约定费率"}, "demand": "退还多收佣金",
//!     "category": "fees.commission"}"#)?;
//! let case = Case::register(complaint, Event::new(at("2024-09-30T16:05:00+08:00"), "S001", Action::Registered {}))?;
//!
//! let policy = Policy::preset("cn.branch")?;
//! let cn = WorkCalendar::builtin("CN")?;
//! let all = deadlines(&case, &policy, &cn, at("2024-10-08T10:00:00+08:00"))?;
//!
//! // National Day: 10-01..10-07 rest, so "1 working day" ends with 10-08.
//! let acknowledge = &all[0];
//! assert_eq!(acknowledge.due, Some(at("2024-10-08T23:59:59+08:00")));
//! assert_eq!(acknowledge.status, DeadlineStatus::Pending);
//! // Received after the 15:30 cut-off: the answer time is due 15:30 the next working day.
//! assert_eq!(all[1].due, Some(at("2024-10-08T15:30:00+08:00")));
//! // 5 working days: 10-08, 09, 10, 11 and the make-up Saturday 10-12.
//! assert_eq!(policy.milestones()[3].id, "resolve");
//! assert_eq!(all[3].due, Some(at("2024-10-12T23:59:59+08:00")));
//! # Ok::<(), tousu::Error>(())
//! ```

pub mod engine;
pub mod hours;
pub mod policy;

pub use engine::{deadlines, DeadlineFigures, DeadlineStatus, Extension, MilestoneDeadline, PausedInterval};
pub use hours::{BusinessHours, Window, Zone};
pub use policy::{Anchor, Condition, Due, ExtensionLimit, Milestone, PauseClock, Policy, Unit, PRESET_POLICIES};
