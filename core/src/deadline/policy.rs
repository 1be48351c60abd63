//! Deadline policies as data: the format of `core/data/policies/*.toml`, read and checked.
//!
//! The format is described in `core/data/policies/README.md`; the units and their meaning in
//! the [`deadline`](crate::deadline) module docs. Loading checks everything and reports every
//! problem at once, each naming the policy, the milestone and the line and column: unknown
//! fields or units, an anchor on an unknown milestone or a cycle of anchors, a zero or negative
//! duration, `warn_at` outside (0, 1), a window ending before it starts, an unknown action. A
//! failed load returns nothing: there is no half-built policy.

use std::ops::Range;

use chrono::NaiveTime;
use serde::Deserialize;
use toml::Spanned;

use super::hours::{check_windows, parse_clock, BusinessHours, Window, Zone};
use crate::complaint::{Complaint, Kind, Severity};
use crate::error::{Error, ErrorCode, PolicyProblem, Result};
use crate::lifecycle::ActionKind;

/// The presets shipped with tousu: id, file (as errors name it) and text.
const PRESETS: &[(&str, &str, &str)] = &[
    (
        "cn.branch",
        "core/data/policies/cn-branch.toml",
        include_str!("../../data/policies/cn-branch.toml"),
    ),
    (
        "cn.firm",
        "core/data/policies/cn-firm.toml",
        include_str!("../../data/policies/cn-firm.toml"),
    ),
    (
        "cn.feedback",
        "core/data/policies/cn-feedback.toml",
        include_str!("../../data/policies/cn-feedback.toml"),
    ),
    (
        "uk.fca.disp",
        "core/data/policies/uk-fca-disp.toml",
        include_str!("../../data/policies/uk-fca-disp.toml"),
    ),
    (
        "uk.fca.disp.psd",
        "core/data/policies/uk-fca-disp-psd.toml",
        include_str!("../../data/policies/uk-fca-disp-psd.toml"),
    ),
    (
        "us.cfpb",
        "core/data/policies/us-cfpb.toml",
        include_str!("../../data/policies/us-cfpb.toml"),
    ),
];

/// The ids of the preset policies, for [`Policy::preset`].
pub const PRESET_POLICIES: &[&str] = &[
    "cn.branch",
    "cn.firm",
    "cn.feedback",
    "uk.fca.disp",
    "uk.fca.disp.psd",
    "us.cfpb",
];

/// A deadline policy: named milestones of a case and when each falls due.
#[derive(Debug, Clone, PartialEq)]
pub struct Policy {
    pub(crate) id: String,
    pub(crate) version: u32,
    pub(crate) name: String,
    pub(crate) name_zh: Option<String>,
    pub(crate) calendar: String,
    pub(crate) source: String,
    pub(crate) applies_to: Vec<Kind>,
    pub(crate) hours: BusinessHours,
    pub(crate) clock: Option<PauseClock>,
    pub(crate) milestones: Vec<Milestone>,
    /// Milestone indices in an order where every anchor comes before what it anchors.
    pub(crate) order: Vec<usize>,
    /// Whether `order` is the file order.
    pub(crate) in_file_order: bool,
    /// The milestone ids, shared with every deadline computed.
    pub(crate) shared_ids: Vec<std::sync::Arc<str>>,
    /// An empty list of paused intervals, shared.
    pub(crate) no_pauses: std::sync::Arc<[crate::deadline::PausedInterval]>,
}

/// The events that stop and restart the clock of every running milestone.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PauseClock {
    /// The action that stops the clock (`clock_paused`).
    pub pause_on: ActionKind,
    /// The action that restarts it (`clock_resumed`).
    pub resume_on: ActionKind,
}

/// One milestone of a policy.
#[derive(Debug, Clone, PartialEq)]
pub struct Milestone {
    /// The id, unique in the policy (`acknowledge`).
    pub id: String,
    /// English label.
    pub label: String,
    /// Chinese label.
    pub label_zh: Option<String>,
    /// The requirement or regulation it implements.
    pub requirement: Option<String>,
    /// When its clock starts.
    pub anchor: Anchor,
    /// How long it runs.
    pub due: Due,
    /// The actions that meet it: the first of them after the anchor.
    pub met_by: Vec<ActionKind>,
    /// The fraction of its time after which it is at risk, in (0, 1).
    pub warn_at: Option<f64>,
    /// The cases it exists for; `None` for all.
    pub only_if: Option<Condition>,
    /// How far `extension_granted` events may move it; `None`: they do not.
    pub extension: Option<ExtensionLimit>,
}

/// When a milestone's clock starts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Anchor {
    /// When the complaint was received.
    Received,
    /// The due time of another milestone (its index in [`Policy::milestones`]).
    Milestone(usize),
    /// The first event of this action.
    Event(ActionKind),
}

/// How long a milestone runs, and in which unit. See the [module docs](crate::deadline).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Due {
    /// The end (23:59:59) of the n-th working day strictly after the anchor's day.
    WorkingDays(u32),
    /// The close of business (end of the last window) of the n-th working day after the anchor's day.
    WorkingDaysCloseOfBusiness(u32),
    /// The end of the n-th calendar day after the anchor's day.
    CalendarDays(u32),
    /// The end of the day n weeks after the anchor's day.
    Weeks(u32),
    /// The end of the day n calendar months after the anchor's day (clamped to the month's end).
    Months(u32),
    /// n hours of working time (inside the windows of working days) after the anchor.
    WorkingHours(u32),
    /// That time on the anchor's day if it is a working day and the anchor is no later than the
    /// receipt cut-off, else on the next working day.
    TimeOfDay(NaiveTime),
}

/// The unit of a [`Due`], as named in the policy file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Unit {
    /// `working_days`.
    WorkingDays,
    /// `working_days_close_of_business`.
    WorkingDaysCloseOfBusiness,
    /// `calendar_days`.
    CalendarDays,
    /// `weeks`.
    Weeks,
    /// `months`.
    Months,
    /// `working_hours`.
    WorkingHours,
    /// `time_of_day`.
    TimeOfDay,
}

impl Unit {
    /// Every unit.
    pub const ALL: [Unit; 7] = [
        Unit::WorkingDays,
        Unit::WorkingDaysCloseOfBusiness,
        Unit::CalendarDays,
        Unit::Weeks,
        Unit::Months,
        Unit::WorkingHours,
        Unit::TimeOfDay,
    ];

    /// The name used in policy files.
    pub fn name(self) -> &'static str {
        match self {
            Unit::WorkingDays => "working_days",
            Unit::WorkingDaysCloseOfBusiness => "working_days_close_of_business",
            Unit::CalendarDays => "calendar_days",
            Unit::Weeks => "weeks",
            Unit::Months => "months",
            Unit::WorkingHours => "working_hours",
            Unit::TimeOfDay => "time_of_day",
        }
    }

    /// Whether the unit runs on working time (business hours of working days) rather than on
    /// the calendar: pauses and elapsed time are then measured in working time.
    pub fn is_working_time(self) -> bool {
        !matches!(self, Unit::CalendarDays | Unit::Weeks | Unit::Months)
    }
}

impl Due {
    /// The unit.
    pub fn unit(self) -> Unit {
        match self {
            Due::WorkingDays(_) => Unit::WorkingDays,
            Due::WorkingDaysCloseOfBusiness(_) => Unit::WorkingDaysCloseOfBusiness,
            Due::CalendarDays(_) => Unit::CalendarDays,
            Due::Weeks(_) => Unit::Weeks,
            Due::Months(_) => Unit::Months,
            Due::WorkingHours(_) => Unit::WorkingHours,
            Due::TimeOfDay(_) => Unit::TimeOfDay,
        }
    }
}

/// A condition on the case for a milestone to exist (`only_if` in a policy file).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Condition {
    /// `regulator_forwarded`: the case came from a regulator that expects a report back (R17).
    RegulatorForwarded,
    /// `not_regulator_forwarded`: any other case.
    NotRegulatorForwarded,
    /// `compensation_claimed`: the complainant claims an amount greater than zero.
    CompensationClaimed,
    /// `severity_at_least:<severity>` (`severity_at_least:major`): the matter is at least that
    /// severe, in R9's order ordinary < major < compensation < matter_of_principle <
    /// serious_incident.
    SeverityAtLeast(Severity),
}

impl Condition {
    /// The conditions a policy file can name, for messages (`severity_at_least:` takes a severity).
    pub const NAMES: &'static str =
        "regulator_forwarded, not_regulator_forwarded, compensation_claimed, severity_at_least:<severity>";

    /// Reads a condition as written in a policy file.
    pub fn parse(text: &str) -> Option<Condition> {
        match text {
            "regulator_forwarded" => Some(Condition::RegulatorForwarded),
            "not_regulator_forwarded" => Some(Condition::NotRegulatorForwarded),
            "compensation_claimed" => Some(Condition::CompensationClaimed),
            _ => {
                let severity = text.strip_prefix("severity_at_least:")?;
                Severity::ALL
                    .iter()
                    .copied()
                    .find(|s| s.as_str() == severity)
                    .map(Condition::SeverityAtLeast)
            }
        }
    }

    /// Whether the complaint meets the condition.
    pub fn holds(self, complaint: &Complaint) -> bool {
        match self {
            Condition::RegulatorForwarded => complaint.owes_report_back(),
            Condition::NotRegulatorForwarded => !complaint.owes_report_back(),
            Condition::CompensationClaimed => complaint.claimed_amount.as_ref().is_some_and(|m| m.minor_units > 0),
            Condition::SeverityAtLeast(level) => complaint.severity >= level,
        }
    }
}

/// How far extensions may move a milestone.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ExtensionLimit {
    /// At most this many extensions.
    pub max_count: u32,
    /// At most this many working days in total.
    pub max_amount: u32,
}

impl Policy {
    /// A preset shipped with tousu: one of [`PRESET_POLICIES`].
    ///
    /// # Errors
    /// [`ErrorCode::UnknownPolicy`] for another id.
    pub fn preset(id: &str) -> Result<Policy> {
        match PRESETS.iter().find(|(p, _, _)| *p == id) {
            Some((_, file, text)) => Policy::from_toml_named(text, Some(file)),
            None => Err(Error::Policy {
                policy: id.to_owned(),
                file: None,
                problems: vec![PolicyProblem {
                    code: ErrorCode::UnknownPolicy,
                    milestone: None,
                    path: String::new(),
                    line: None,
                    column: None,
                    problem: format!(
                        "`{id}` is not a preset policy; the presets are {}",
                        PRESET_POLICIES.join(", ")
                    ),
                }],
            }),
        }
    }

    /// Reads a policy from TOML text (the format of `core/data/policies/README.md`).
    ///
    /// # Errors
    /// [`Error::Policy`] with every problem, each naming the milestone and its line and column.
    pub fn from_toml(text: &str) -> Result<Policy> {
        Self::from_toml_named(text, None)
    }

    /// [`from_toml`](Self::from_toml), naming `file` in any error.
    pub fn from_toml_named(text: &str, file: Option<&str>) -> Result<Policy> {
        let raw: RawFile = match toml::from_str(text) {
            Ok(raw) => raw,
            Err(err) => {
                let message = err.message().trim_end().to_owned();
                let code = if message.starts_with("unknown field") {
                    ErrorCode::PolicyUnknownField
                } else {
                    ErrorCode::PolicySyntax
                };
                let probe = toml::from_str::<Probe>(text).ok();
                let milestone = err
                    .span()
                    .and_then(|span| milestone_at(text, span.start, probe.as_ref()?));
                let mut p = Problems { text, list: Vec::new() };
                p.push(code, milestone, "", err.span(), message);
                let policy = probe.and_then(|p| p.policy).and_then(|p| p.id);
                return Err(p.into_error(policy.as_deref().unwrap_or("?"), file));
            }
        };
        let id = raw.policy.id.get_ref().clone();
        let mut p = Problems { text, list: Vec::new() };
        let policy = check(raw, &mut p);
        match policy {
            Some(policy) if p.list.is_empty() => Ok(policy),
            _ => Err(p.into_error(&id, file)),
        }
    }

    /// The id (`cn.branch`).
    pub fn id(&self) -> &str {
        &self.id
    }
    /// The version.
    pub fn version(&self) -> u32 {
        self.version
    }
    /// The English name.
    pub fn name(&self) -> &str {
        &self.name
    }
    /// The Chinese name.
    pub fn name_zh(&self) -> Option<&str> {
        self.name_zh.as_deref()
    }
    /// The code of the calendar its working days come from (`CN`).
    pub fn calendar(&self) -> &str {
        &self.calendar
    }
    /// Where its rules come from.
    pub fn source(&self) -> &str {
        &self.source
    }
    /// The kinds of case it applies to.
    pub fn applies_to(&self) -> &[Kind] {
        &self.applies_to
    }
    /// Its business hours.
    pub fn business_hours(&self) -> &BusinessHours {
        &self.hours
    }
    /// The events that pause and resume the clock, if any.
    pub fn clock(&self) -> Option<PauseClock> {
        self.clock
    }
    /// The milestones, in file order.
    pub fn milestones(&self) -> &[Milestone] {
        &self.milestones
    }
    /// A milestone by id.
    pub fn milestone(&self, id: &str) -> Option<&Milestone> {
        self.milestones.iter().find(|m| m.id == id)
    }
}

// ---------------------------------------------------------------------------------------------
// The file as read.

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    policy: RawHeader,
    #[serde(default)]
    milestone: Vec<RawMilestone>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawHeader {
    id: Spanned<String>,
    version: u32,
    name: String,
    name_zh: Option<String>,
    calendar: Spanned<String>,
    source: String,
    applies_to: Spanned<Vec<Spanned<String>>>,
    business_hours: RawHours,
    clock: Option<RawClock>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawHours {
    time_zone: Spanned<String>,
    windows: Spanned<Vec<Spanned<String>>>,
    receipt_cutoff: Spanned<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawClock {
    pause_on: Spanned<String>,
    resume_on: Spanned<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawMilestone {
    id: Spanned<String>,
    label: String,
    label_zh: Option<String>,
    requirement: Option<String>,
    from: Spanned<String>,
    due: Spanned<RawDue>,
    met_by: Spanned<Vec<Spanned<String>>>,
    warn_at: Option<Spanned<f64>>,
    only_if: Option<Spanned<String>>,
    extension: Option<Spanned<RawExtension>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawDue {
    amount: Option<Spanned<i64>>,
    unit: Spanned<String>,
    at: Option<Spanned<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawExtension {
    max_count: Spanned<i64>,
    max_amount: Spanned<i64>,
}

/// Reads the id of a policy that failed to load, to name it in the error.
#[derive(Deserialize)]
struct Probe {
    policy: Option<ProbeHeader>,
    milestone: Option<Vec<ProbeHeader>>,
}

/// The id of the `[[milestone]]` table that holds byte `offset` of the text, when the file
/// reads leniently (an unknown field in a milestone names that milestone).
fn milestone_at<'p>(text: &str, offset: usize, probe: &'p Probe) -> Option<&'p str> {
    let before = text.get(..offset)?;
    let tables = before
        .lines()
        .filter(|line| line.trim_start().starts_with("[[milestone]]"))
        .count();
    // A table header after the last milestone header ends that milestone.
    let last_header = before.lines().rev().find(|line| line.trim_start().starts_with('['))?;
    if !last_header.trim_start().starts_with("[[milestone]]") {
        return None;
    }
    probe.milestone.as_ref()?.get(tables.checked_sub(1)?)?.id.as_deref()
}

#[derive(Deserialize)]
struct ProbeHeader {
    id: Option<String>,
}

struct Problems<'t> {
    text: &'t str,
    list: Vec<PolicyProblem>,
}

impl Problems<'_> {
    fn push(
        &mut self,
        code: ErrorCode,
        milestone: Option<&str>,
        path: &str,
        span: Option<Range<usize>>,
        problem: String,
    ) {
        let (line, column) = match span {
            Some(span) => {
                let (l, c) = line_column(self.text, span.start);
                (Some(l), Some(c))
            }
            None => (None, None),
        };
        self.list.push(PolicyProblem {
            code,
            milestone: milestone.map(str::to_owned),
            path: path.to_owned(),
            line,
            column,
            problem,
        });
    }

    fn into_error(mut self, policy: &str, file: Option<&str>) -> Error {
        self.list
            .sort_by_key(|p| (p.line.unwrap_or(u32::MAX), p.column.unwrap_or(0)));
        Error::Policy {
            policy: policy.to_owned(),
            file: file.map(str::to_owned),
            problems: self.list,
        }
    }
}

/// 1-based line and column (in characters) of a byte offset.
fn line_column(text: &str, offset: usize) -> (u32, u32) {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = &text[..offset];
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let line = before.bytes().filter(|&b| b == b'\n').count() + 1;
    let column = before[line_start..].chars().count() + 1;
    (
        u32::try_from(line).unwrap_or(u32::MAX),
        u32::try_from(column).unwrap_or(u32::MAX),
    )
}

fn action(name: &str) -> Option<ActionKind> {
    ActionKind::from_name(name)
}

/// Checks everything; `None` (with problems pushed) when something is wrong.
fn check(raw: RawFile, p: &mut Problems<'_>) -> Option<Policy> {
    let h = raw.policy;
    let id = h.id.get_ref().clone();
    if id.trim().is_empty() {
        p.push(
            ErrorCode::InvalidPolicy,
            None,
            "policy.id",
            Some(h.id.span()),
            "policy id is empty".into(),
        );
    }
    if h.calendar.get_ref().trim().is_empty() {
        p.push(
            ErrorCode::InvalidPolicy,
            None,
            "policy.calendar",
            Some(h.calendar.span()),
            "calendar is empty".into(),
        );
    }
    let mut applies_to = Vec::new();
    for (i, k) in h.applies_to.get_ref().iter().enumerate() {
        match k.get_ref().as_str() {
            "complaint" => applies_to.push(Kind::Complaint),
            "feedback" => applies_to.push(Kind::Feedback),
            other => p.push(
                ErrorCode::InvalidPolicy,
                None,
                &format!("policy.applies_to[{i}]"),
                Some(k.span()),
                format!("`{other}` is not a kind of case: complaint or feedback"),
            ),
        }
    }
    if h.applies_to.get_ref().is_empty() {
        p.push(
            ErrorCode::InvalidPolicy,
            None,
            "policy.applies_to",
            Some(h.applies_to.span()),
            "applies to no kind of case".into(),
        );
    }

    // Business hours.
    let bh = &h.business_hours;
    let zone = Zone::parse(bh.time_zone.get_ref());
    if zone.is_none() {
        p.push(
            ErrorCode::InvalidPolicy,
            None,
            "policy.business_hours.time_zone",
            Some(bh.time_zone.span()),
            format!(
                "`{}` is not a UTC offset (+08:00) or an IANA time zone (Europe/London)",
                bh.time_zone.get_ref()
            ),
        );
    }
    let mut windows = Vec::new();
    let mut spans = Vec::new();
    let mut windows_ok = true;
    for (i, w) in bh.windows.get_ref().iter().enumerate() {
        match Window::parse(w.get_ref()) {
            Ok(window) => {
                windows.push(window);
                spans.push(w.span());
            }
            Err(problem) => {
                windows_ok = false;
                p.push(
                    ErrorCode::PolicyInvalidWindow,
                    None,
                    &format!("policy.business_hours.windows[{i}]"),
                    Some(w.span()),
                    problem,
                );
            }
        }
    }
    if bh.windows.get_ref().is_empty() {
        windows_ok = false;
        p.push(
            ErrorCode::PolicyInvalidWindow,
            None,
            "policy.business_hours.windows",
            Some(bh.windows.span()),
            "no working window: give at least one".into(),
        );
    }
    for (i, problem) in check_windows(&windows) {
        windows_ok = false;
        p.push(
            ErrorCode::PolicyInvalidWindow,
            None,
            &format!("policy.business_hours.windows[{i}]"),
            Some(spans[i].clone()),
            problem,
        );
    }
    let cutoff = parse_clock(bh.receipt_cutoff.get_ref()).filter(|&s| s < 86_400);
    if cutoff.is_none() {
        p.push(
            ErrorCode::InvalidPolicy,
            None,
            "policy.business_hours.receipt_cutoff",
            Some(bh.receipt_cutoff.span()),
            format!("`{}` is not a time of day (HH:MM)", bh.receipt_cutoff.get_ref()),
        );
    }
    let hours = match (zone, cutoff, windows_ok) {
        (Some(zone), Some(cutoff), true) => {
            let cutoff = NaiveTime::from_num_seconds_from_midnight_opt(cutoff, 0)?;
            BusinessHours::new(zone, windows, cutoff).ok()
        }
        _ => None,
    };

    // The clock.
    let clock = h.clock.as_ref().and_then(|c| {
        let pause = action(c.pause_on.get_ref());
        let resume = action(c.resume_on.get_ref());
        for (name, value, found) in [("pause_on", &c.pause_on, pause), ("resume_on", &c.resume_on, resume)] {
            if found.is_none() {
                p.push(
                    ErrorCode::PolicyUnknownAction,
                    None,
                    &format!("policy.clock.{name}"),
                    Some(value.span()),
                    format!("`{}` is not an action", value.get_ref()),
                );
            }
        }
        if pause.is_some() && pause == resume {
            p.push(
                ErrorCode::InvalidPolicy,
                None,
                "policy.clock.resume_on",
                Some(c.resume_on.span()),
                "the clock pauses and resumes on the same action".into(),
            );
        }
        Some(PauseClock {
            pause_on: pause?,
            resume_on: resume?,
        })
    });

    // Milestones: ids first, so anchors can name later milestones.
    let ids: Vec<&str> = raw.milestone.iter().map(|m| m.id.get_ref().as_str()).collect();
    for (i, m) in raw.milestone.iter().enumerate() {
        let mid = m.id.get_ref();
        if mid.trim().is_empty() {
            p.push(
                ErrorCode::InvalidPolicy,
                None,
                &format!("milestone[{i}].id"),
                Some(m.id.span()),
                "milestone id is empty".into(),
            );
        } else if ids[..i].contains(&mid.as_str()) {
            p.push(
                ErrorCode::InvalidPolicy,
                Some(mid),
                "id",
                Some(m.id.span()),
                format!("milestone `{mid}` is defined twice"),
            );
        }
    }
    if raw.milestone.is_empty() {
        p.push(
            ErrorCode::InvalidPolicy,
            None,
            "milestone",
            None,
            "the policy has no milestone".into(),
        );
    }
    let mut milestones = Vec::with_capacity(raw.milestone.len());
    for m in &raw.milestone {
        if let Some(m) = check_milestone(m, &ids, p) {
            milestones.push(m);
        }
    }
    if milestones.len() != raw.milestone.len() {
        return None;
    }
    let order = match order(&milestones) {
        Ok(order) => order,
        Err(cycle) => {
            let first = &raw.milestone[cycle[0]];
            let names: Vec<&str> = cycle
                .iter()
                .chain(std::iter::once(&cycle[0]))
                .map(|&i| ids[i])
                .collect();
            p.push(
                ErrorCode::PolicyAnchorCycle,
                Some(first.id.get_ref()),
                "from",
                Some(first.from.span()),
                format!("the anchors form a cycle: {}", names.join(" → ")),
            );
            return None;
        }
    };
    Some(Policy {
        id,
        version: h.version,
        name: h.name,
        name_zh: h.name_zh,
        calendar: h.calendar.into_inner(),
        source: h.source,
        applies_to,
        hours: hours?,
        clock: match (h.clock.is_some(), clock) {
            (true, None) => return None,
            (_, c) => c,
        },
        shared_ids: milestones.iter().map(|m| std::sync::Arc::from(m.id.as_str())).collect(),
        no_pauses: std::sync::Arc::from(Vec::new()),
        milestones,
        in_file_order: order.iter().enumerate().all(|(i, &j)| i == j),
        order,
    })
}

fn check_milestone(m: &RawMilestone, ids: &[&str], p: &mut Problems<'_>) -> Option<Milestone> {
    let mid = m.id.get_ref().as_str();
    let before = p.list.len();
    let push = |p: &mut Problems<'_>, code, path: &str, span: Range<usize>, text: String| {
        p.push(code, Some(mid), path, Some(span), text)
    };

    // from
    let from = m.from.get_ref().as_str();
    let anchor = if from == "received" {
        Some(Anchor::Received)
    } else if let Some(other) = from.strip_prefix("milestone:") {
        match ids.iter().position(|&id| id == other) {
            Some(i) => Some(Anchor::Milestone(i)),
            None => {
                push(
                    p,
                    ErrorCode::PolicyUnknownAnchor,
                    "from",
                    m.from.span(),
                    format!("anchored on `{other}`, which is not a milestone of the policy"),
                );
                None
            }
        }
    } else if let Some(name) = from.strip_prefix("event:") {
        match action(name) {
            Some(kind) => Some(Anchor::Event(kind)),
            None => {
                push(
                    p,
                    ErrorCode::PolicyUnknownAction,
                    "from",
                    m.from.span(),
                    format!("anchored on `{name}`, which is not an action"),
                );
                None
            }
        }
    } else {
        push(
            p,
            ErrorCode::PolicyUnknownAnchor,
            "from",
            m.from.span(),
            format!("`{from}` is not an anchor: received, milestone:<id> or event:<action>"),
        );
        None
    };

    // due
    let due_raw = m.due.get_ref();
    let unit_name = due_raw.unit.get_ref().as_str();
    let unit = Unit::ALL.iter().copied().find(|u| u.name() == unit_name);
    if unit.is_none() {
        let names: Vec<&str> = Unit::ALL.iter().map(|u| u.name()).collect();
        push(
            p,
            ErrorCode::PolicyUnknownUnit,
            "due.unit",
            due_raw.unit.span(),
            format!("`{unit_name}` is not a unit: {}", names.join(", ")),
        );
    }
    let due = match unit {
        Some(Unit::TimeOfDay) => {
            if let Some(amount) = &due_raw.amount {
                push(
                    p,
                    ErrorCode::InvalidPolicy,
                    "due.amount",
                    amount.span(),
                    "a time_of_day due takes `at`, not `amount`".into(),
                );
            }
            match &due_raw.at {
                None => {
                    push(
                        p,
                        ErrorCode::InvalidPolicy,
                        "due",
                        m.due.span(),
                        "a time_of_day due needs `at = \"HH:MM\"`".into(),
                    );
                    None
                }
                Some(at) => match parse_clock(at.get_ref()).filter(|&s| s < 86_400) {
                    Some(secs) => NaiveTime::from_num_seconds_from_midnight_opt(secs, 0).map(Due::TimeOfDay),
                    None => {
                        push(
                            p,
                            ErrorCode::InvalidPolicy,
                            "due.at",
                            at.span(),
                            format!("`{}` is not a time of day (HH:MM)", at.get_ref()),
                        );
                        None
                    }
                },
            }
        }
        Some(unit) => {
            if let Some(at) = &due_raw.at {
                push(
                    p,
                    ErrorCode::InvalidPolicy,
                    "due.at",
                    at.span(),
                    format!("`at` belongs to time_of_day, not to {}", unit.name()),
                );
            }
            match &due_raw.amount {
                None => {
                    push(
                        p,
                        ErrorCode::PolicyInvalidDuration,
                        "due",
                        m.due.span(),
                        format!("a {} due needs an `amount`", unit.name()),
                    );
                    None
                }
                Some(a) if *a.get_ref() <= 0 => {
                    push(
                        p,
                        ErrorCode::PolicyInvalidDuration,
                        "due.amount",
                        a.span(),
                        format!("amount {} is not a duration: it must be at least 1", a.get_ref()),
                    );
                    None
                }
                Some(a) => match u32::try_from(*a.get_ref()).ok().filter(|&n| n <= 100_000) {
                    None => {
                        push(
                            p,
                            ErrorCode::PolicyInvalidDuration,
                            "due.amount",
                            a.span(),
                            format!("amount {} is too large", a.get_ref()),
                        );
                        None
                    }
                    Some(n) => Some(match unit {
                        Unit::WorkingDays => Due::WorkingDays(n),
                        Unit::WorkingDaysCloseOfBusiness => Due::WorkingDaysCloseOfBusiness(n),
                        Unit::CalendarDays => Due::CalendarDays(n),
                        Unit::Weeks => Due::Weeks(n),
                        Unit::Months => Due::Months(n),
                        Unit::WorkingHours | Unit::TimeOfDay => Due::WorkingHours(n),
                    }),
                },
            }
        }
        None => None,
    };

    // met_by
    let mut met_by = Vec::new();
    for (i, name) in m.met_by.get_ref().iter().enumerate() {
        match action(name.get_ref()) {
            Some(kind) => met_by.push(kind),
            None => push(
                p,
                ErrorCode::PolicyUnknownAction,
                &format!("met_by[{i}]"),
                name.span(),
                format!("`{}` is not an action", name.get_ref()),
            ),
        }
    }
    if m.met_by.get_ref().is_empty() {
        push(
            p,
            ErrorCode::InvalidPolicy,
            "met_by",
            m.met_by.span(),
            "no action meets the milestone".into(),
        );
    }

    // warn_at
    let warn_at = m.warn_at.as_ref().map(|w| *w.get_ref());
    if let Some(w) = &m.warn_at {
        let v = *w.get_ref();
        if !(v > 0.0 && v < 1.0) {
            push(
                p,
                ErrorCode::PolicyInvalidWarnAt,
                "warn_at",
                w.span(),
                format!("warn_at {v} is not a fraction strictly between 0 and 1"),
            );
        }
    }

    // only_if
    let only_if = match &m.only_if {
        None => None,
        Some(c) => match Condition::parse(c.get_ref()) {
            Some(condition) => Some(condition),
            None => {
                push(
                    p,
                    ErrorCode::InvalidPolicy,
                    "only_if",
                    c.span(),
                    format!("`{}` is not a condition: {}", c.get_ref(), Condition::NAMES),
                );
                None
            }
        },
    };

    // extension
    let extension = m.extension.as_ref().and_then(|e| {
        let e_ref = e.get_ref();
        let count = u32::try_from(*e_ref.max_count.get_ref()).ok().filter(|&n| n >= 1);
        let amount = u32::try_from(*e_ref.max_amount.get_ref()).ok().filter(|&n| n >= 1);
        if count.is_none() {
            push(
                p,
                ErrorCode::PolicyInvalidDuration,
                "extension.max_count",
                e_ref.max_count.span(),
                format!(
                    "max_count {} must be at least 1 (leave `extension` out for none)",
                    e_ref.max_count.get_ref()
                ),
            );
        }
        if amount.is_none() {
            push(
                p,
                ErrorCode::PolicyInvalidDuration,
                "extension.max_amount",
                e_ref.max_amount.span(),
                format!(
                    "max_amount {} must be at least 1 working day",
                    e_ref.max_amount.get_ref()
                ),
            );
        }
        Some(ExtensionLimit {
            max_count: count?,
            max_amount: amount?,
        })
    });

    if p.list.len() != before {
        return None;
    }
    Some(Milestone {
        id: mid.to_owned(),
        label: m.label.clone(),
        label_zh: m.label_zh.clone(),
        requirement: m.requirement.clone(),
        anchor: anchor?,
        due: due?,
        met_by,
        warn_at,
        only_if,
        extension,
    })
}

/// An order of the milestones in which each anchor precedes what it anchors, or a cycle (the
/// indices on it, starting where it was found).
fn order(milestones: &[Milestone]) -> std::result::Result<Vec<usize>, Vec<usize>> {
    // 0 = unvisited, 1 = on the path, 2 = done.
    let mut mark = vec![0u8; milestones.len()];
    let mut out = Vec::with_capacity(milestones.len());
    for start in 0..milestones.len() {
        let mut path = Vec::new();
        let mut i = start;
        // Each milestone has at most one anchor, so the walk is a chain.
        loop {
            match mark[i] {
                2 => break,
                1 => {
                    let at = path.iter().position(|&j| j == i).unwrap_or(0);
                    return Err(path[at..].to_vec());
                }
                _ => {}
            }
            mark[i] = 1;
            path.push(i);
            match milestones[i].anchor {
                Anchor::Milestone(j) => i = j,
                _ => break,
            }
        }
        for &j in path.iter().rev() {
            mark[j] = 2;
            out.push(j);
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests;
