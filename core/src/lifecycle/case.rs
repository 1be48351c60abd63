//! The case: a complaint, its events, and the state derived from them.

use chrono::{DateTime, Datelike, FixedOffset};
use serde::{Deserialize, Serialize};

use super::event::{Action, ActionKind, DecisionBody, DisputeRoute, Event, Level, Satisfaction};
use super::table::{transition, Stage};
use super::Rule;
use crate::complaint::{Complaint, Kind, Severity};
use crate::error::Error;
use crate::json;

/// A cross-department liaison form and which departments have answered (R11).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct LiaisonForm {
    /// The form's id.
    pub id: String,
    /// Each department on the form and whether it has answered.
    pub departments: Vec<(String, bool)>,
}

impl LiaisonForm {
    /// Whether every department has answered.
    pub fn is_answered(&self) -> bool {
        self.departments.iter().all(|(_, answered)| *answered)
    }
}

/// Where a case stands, derived from its events. Read it through [`Case::state`].
///
/// It serializes (for the C and Python surfaces and for reports) but never deserializes: a
/// state is only ever derived from events.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
#[non_exhaustive]
pub struct CaseState {
    /// The stage of the procedure.
    pub stage: Stage,
    /// Staff id of the owner: the receiver until an explicit hand-over (R5).
    pub owner: String,
    /// Staff id of the assigned handler, if any.
    pub handler: Option<String>,
    /// The level the case is handled at (R10, R13).
    pub level: Level,
    /// When receipt was acknowledged (R4).
    #[serde(serialize_with = "json::instant::option::serialize")]
    pub acknowledged_at: Option<DateTime<FixedOffset>>,
    /// The answer time currently promised (R6, R7).
    #[serde(serialize_with = "json::instant::option::serialize")]
    pub answer_by: Option<DateTime<FixedOffset>>,
    /// How many times an answer time was promised or re-promised.
    pub promises: u32,
    /// Extensions granted and their total working days (R14).
    pub extensions: u32,
    /// Total working days of all extensions.
    pub extension_working_days: u32,
    /// Whether the deadline clock is paused (a `clock_paused` without its `clock_resumed`).
    /// The pauses themselves are read from the events by the deadline engine.
    pub clock_paused: bool,
    /// Liaison forms opened (R11).
    pub liaison_forms: Vec<LiaisonForm>,
    /// Whether the investigation report is filed (R14).
    pub investigation_reported: bool,
    /// Whether a resolution is proposed (since the last reopening).
    pub resolution_proposed: bool,
    /// Who decided the resolution (since the last reopening).
    pub decided_by: Option<DecisionBody>,
    /// Progress updates sent (R16).
    pub progress_updates: u32,
    /// When the result was last fed back (R20).
    #[serde(serialize_with = "json::instant::option::serialize")]
    pub result_fed_back_at: Option<DateTime<FixedOffset>>,
    /// Whether the last result feedback was written (R19).
    pub written_reply: bool,
    /// When the regulator was told the outcome (R17).
    #[serde(serialize_with = "json::instant::option::serialize")]
    pub reported_to_regulator_at: Option<DateTime<FixedOffset>>,
    /// Callback visits made (R21).
    pub callbacks: u32,
    /// Satisfaction at the latest callback visit (R21).
    pub satisfaction: Option<Satisfaction>,
    /// Times reopened (R22).
    pub reopened: u32,
    /// The open dispute's route, while disputed (R22).
    pub dispute: Option<DisputeRoute>,
    /// When the case was closed (or withdrawn).
    #[serde(serialize_with = "json::instant::option::serialize")]
    pub closed_at: Option<DateTime<FixedOffset>>,
    /// The archive volume (R24).
    pub archive_volume: Option<i32>,
    /// The time of the last event.
    #[serde(serialize_with = "json::instant::serialize")]
    pub last_event_at: DateTime<FixedOffset>,
}

/// A complaint and its history. The state is derived from the events; nothing else is stored.
///
/// ```
/// use tousu::{Action, Case, Complaint, Event, Stage};
/// # let complaint = Complaint::from_json(r#"{"id": "GZ-2024-0001", "channel": "phone",
/// #   "complainant": {"name": "张三", "contact": {"phone": "13800138000"}},
/// #   "receiver": "S001", "branch": "广州天河营业部", "received_at": "2024-03-01T09:30:00+08:00",
/// #   "matter": "委托未成交", "facts": {"account": "开盘委托买入未成交"}, "demand": "说明原因",
/// #   "category": "trading.execution"}"#)?;
/// let at = |s: &str| chrono::DateTime::parse_from_rfc3339(s).unwrap();
/// let mut case = Case::register(complaint, Event::new(at("2024-03-01T09:40:00+08:00"), "S001", Action::Registered {}))?;
/// case.apply(Event::new(at("2024-03-01T10:00:00+08:00"), "S001", Action::Assigned { handler: "S002".into() }))?;
/// assert_eq!(case.state().stage, Stage::InHandling);
///
/// // An event dated before the last one is refused, and the case is unchanged.
/// let late = Event::new(at("2024-03-01T09:00:00+08:00"), "S002", Action::Acknowledged { via: None });
/// let err = case.apply(late).unwrap_err();
/// assert_eq!(err.code(), tousu::ErrorCode::EventOutOfOrder);
/// assert_eq!(case.events().len(), 2);
/// # Ok::<(), tousu::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Case {
    complaint: Complaint,
    events: Vec<Event>,
    state: CaseState,
}

/// The version of the case file JSON this build writes and reads.
pub const CASE_SCHEMA_VERSION: u32 = 1;

/// The JSON form of a case: the complaint and the events, with a schema version.
#[derive(Serialize)]
struct CaseFileOut<'a> {
    schema_version: u32,
    complaint: &'a Complaint,
    events: &'a [Event],
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CaseFileIn {
    schema_version: u64,
    #[allow(dead_code)]
    complaint: serde::de::IgnoredAny,
    #[allow(dead_code)]
    events: serde::de::IgnoredAny,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CaseFileV1 {
    #[allow(dead_code)]
    schema_version: u64,
    complaint: Complaint,
    events: Vec<Event>,
}

impl Case {
    /// Opens a case: validates the complaint and applies its registration event.
    ///
    /// # Errors
    /// [`ErrorCode::InvalidComplaint`](crate::ErrorCode::InvalidComplaint), or a rule error when
    /// `registration` is not a [`Action::Registered`] event at or after the time of receipt.
    pub fn register(complaint: Complaint, registration: Event) -> Result<Case, Error> {
        complaint.validate()?;
        registration.validate()?;
        Self::register_validated(complaint, registration)
    }

    fn register_validated(complaint: Complaint, registration: Event) -> Result<Case, Error> {
        let state = Self::first_state(&complaint, &registration)?;
        let mut events = Vec::with_capacity(12);
        events.push(registration);
        Ok(Case {
            complaint,
            events,
            state,
        })
    }

    /// The state after the registration event, or why the registration is refused.
    fn first_state(complaint: &Complaint, registration: &Event) -> Result<CaseState, Error> {
        let refuse = |rule, detail: String| Error::Rule {
            index: 0,
            action: registration.action.name(),
            rule,
            detail,
        };
        if registration.action.kind() != ActionKind::Registered {
            return Err(refuse(
                Rule::RegistrationOutOfPlace,
                format!(
                    "the first event must be `registered`, found `{}`",
                    registration.action.name()
                ),
            ));
        }
        if registration.at < complaint.received_at {
            return Err(refuse(
                Rule::RegisteredBeforeReceipt,
                format!(
                    "registered at {} but received at {}",
                    registration.at.to_rfc3339(),
                    complaint.received_at.to_rfc3339()
                ),
            ));
        }
        Ok(CaseState {
            stage: Stage::Registered,
            owner: complaint.receiver.clone(),
            handler: None,
            level: Level::OperationsSupervisor,
            acknowledged_at: None,
            answer_by: None,
            promises: 0,
            extensions: 0,
            extension_working_days: 0,
            clock_paused: false,
            liaison_forms: Vec::new(),
            investigation_reported: false,
            resolution_proposed: false,
            decided_by: None,
            progress_updates: 0,
            result_fed_back_at: None,
            written_reply: false,
            reported_to_regulator_at: None,
            callbacks: 0,
            satisfaction: None,
            reopened: 0,
            dispute: None,
            closed_at: None,
            archive_volume: None,
            last_event_at: registration.at,
        })
    }

    /// Rebuilds a case from its complaint and full event history.
    ///
    /// The events are checked in place and kept: replay copies no event.
    ///
    /// # Errors
    /// The first error any event meets, naming its index.
    pub fn replay(complaint: Complaint, events: Vec<Event>) -> Result<Case, Error> {
        let Some(first) = events.first() else {
            return Err(Error::Rule {
                index: 0,
                action: "registered",
                rule: Rule::RegistrationOutOfPlace,
                detail: "a case needs at least its registration event".to_owned(),
            });
        };
        complaint.validate()?;
        first.validate()?;
        let state = Self::first_state(&complaint, first)?;
        let mut case = Case {
            complaint,
            events: Vec::new(),
            state,
        };
        for (index, event) in events.iter().enumerate().skip(1) {
            event.validate()?;
            let next = case.check(event, index)?;
            case.commit(event, next);
        }
        case.events = events;
        Ok(case)
    }

    /// The complaint.
    pub fn complaint(&self) -> &Complaint {
        &self.complaint
    }

    /// Every event, registration first.
    pub fn events(&self) -> &[Event] {
        &self.events
    }

    /// The state derived from the events.
    pub fn state(&self) -> &CaseState {
        &self.state
    }

    /// Records an event after checking it against the procedure.
    ///
    /// # Errors
    /// [`ErrorCode::InvalidEvent`](crate::ErrorCode::InvalidEvent) for bad event data, or
    /// [`Error::Rule`] naming the [`Rule`] broken. On error the case is unchanged.
    pub fn apply(&mut self, event: Event) -> Result<&CaseState, Error> {
        event.validate()?;
        let next = self.check(&event, self.events.len())?;
        self.commit(&event, next);
        self.events.push(event);
        Ok(&self.state)
    }

    /// Whether `event` would be accepted, without recording it.
    ///
    /// # Errors
    /// The error [`Case::apply`] would return.
    pub fn check_event(&self, event: &Event) -> Result<(), Error> {
        event.validate()?;
        self.check(event, self.events.len()).map(|_| ())
    }

    /// All rule checks; reads only, so a refusal changes nothing.
    fn check(&self, event: &Event, index: usize) -> Result<Stage, Error> {
        let s = &self.state;
        let kind = event.action.kind();
        // A macro rather than a closure: each use is an `Err` of whichever `Ok` type it needs.
        macro_rules! refuse {
            ($rule:expr, $detail:expr $(,)?) => {
                Err(Error::Rule {
                    index,
                    action: kind.name(),
                    rule: $rule,
                    detail: $detail,
                })
            };
        }
        if s.stage == Stage::Archived {
            return refuse!(
                Rule::CaseArchived,
                format!(
                    "the case is archived in volume {}",
                    s.archive_volume.unwrap_or_default()
                ),
            );
        }
        if event.at < s.last_event_at {
            return refuse!(
                Rule::EventOutOfOrder,
                format!(
                    "dated {} but the last event is dated {}",
                    event.at.to_rfc3339(),
                    s.last_event_at.to_rfc3339()
                ),
            );
        }
        if kind == ActionKind::Registered {
            return refuse!(
                Rule::RegistrationOutOfPlace,
                "the case is already registered".to_owned(),
            );
        }
        let case_kind = self.complaint.kind;
        let Some(row) = transition(case_kind, s.stage, kind) else {
            let (rule, detail) = match kind {
                ActionKind::Closed => (
                    Rule::ResultNotFedBack,
                    "the result has not been fed back to the complainant".to_owned(),
                ),
                ActionKind::Archived => (Rule::NotClosed, "the case is not closed or withdrawn".to_owned()),
                _ => (
                    Rule::IllegalTransition,
                    format!(
                        "`{}` is not allowed for a {} at stage `{}`",
                        kind.name(),
                        case_kind.as_str(),
                        s.stage.name()
                    ),
                ),
            };
            return refuse!(rule, format!("{detail} (stage `{}`)", s.stage.name()));
        };
        let next = row.to.unwrap_or(s.stage);
        if let Some(person) = self.handling_person(event) {
            if self.complaint.respondent.person.as_deref() == Some(person) {
                return refuse!(
                    Rule::RecusalRequired,
                    format!("`{person}` is the person complained about and must recuse"),
                );
            }
        }
        let verdict = match &event.action {
            Action::Acknowledged { .. } if s.acknowledged_at.is_some() => refuse!(
                Rule::AlreadyAcknowledged,
                format!(
                    "acknowledged already at {}",
                    s.acknowledged_at.map(|t| t.to_rfc3339()).unwrap_or_default()
                ),
            ),
            Action::AnswerTimePromised { answer_by } | Action::AnswerTimeRepromised { answer_by, .. }
                if *answer_by < event.at =>
            {
                refuse!(
                    Rule::PromiseInThePast,
                    format!("promised {} at {}", answer_by.to_rfc3339(), event.at.to_rfc3339()),
                )
            }
            Action::AnswerTimeRepromised { .. } if s.answer_by.is_none() => {
                refuse!(Rule::NoEarlierPromise, "no answer time was promised before".to_owned())
            }
            Action::HandedOver { .. } if event.actor != s.owner => refuse!(
                Rule::NotTheOwner,
                format!("`{}` hands over but `{}` owns the case", event.actor, s.owner),
            ),
            Action::LiaisonFormOpened { form, .. } if s.liaison_forms.iter().any(|f| &f.id == form) => {
                refuse!(Rule::DuplicateLiaisonForm, format!("form `{form}` is already open"))
            }
            Action::LiaisonAnswered { form, department, .. } => match s.liaison_forms.iter().find(|f| &f.id == form) {
                None => refuse!(Rule::LiaisonFormMismatch, format!("no liaison form `{form}`")),
                Some(f) => match f.departments.iter().find(|(d, _)| d == department) {
                    None => refuse!(
                        Rule::LiaisonFormMismatch,
                        format!("department `{department}` is not on form `{form}`"),
                    ),
                    Some((_, true)) => refuse!(
                        Rule::LiaisonFormMismatch,
                        format!("department `{department}` already answered form `{form}`"),
                    ),
                    Some((_, false)) => Ok(()),
                },
            },
            Action::ClockPaused { .. } if s.clock_paused => {
                refuse!(Rule::ClockAlreadyPaused, "the clock is paused already".to_owned())
            }
            Action::ClockResumed {} if !s.clock_paused => {
                refuse!(Rule::ClockNotPaused, "the clock is running, not paused".to_owned())
            }
            Action::ResolutionDecided { .. } if !s.resolution_proposed => {
                refuse!(Rule::NoResolutionProposed, "no resolution has been proposed".to_owned())
            }
            Action::ResolutionDecided { by, .. } => match self.check_authority(*by) {
                Ok(()) => Ok(()),
                Err(detail) => refuse!(Rule::InsufficientDecisionAuthority, detail),
            },
            Action::ReportedToRegulator { .. } if !self.complaint.owes_report_back() => refuse!(
                Rule::NotForwardedByRegulator,
                format!(
                    "the case came by `{}` and owes no regulator a report",
                    self.complaint.channel.as_str()
                ),
            ),
            Action::Closed(_) | Action::Archived { .. }
                if self.complaint.owes_report_back() && s.reported_to_regulator_at.is_none() =>
            {
                let body = self
                    .complaint
                    .channel
                    .forwarding()
                    .map(|f| f.body.as_str())
                    .unwrap_or_default();
                refuse!(
                    Rule::RegulatorNotReportedBack,
                    format!("`{body}` forwarded the case and has not been told the outcome"),
                )
            }
            Action::Archived { volume } => {
                let closed_year = s.closed_at.map(|t| t.year()).unwrap_or_default();
                if *volume != closed_year {
                    refuse!(
                        Rule::WrongArchiveVolume,
                        format!("volume {volume}, but the case closed in {closed_year}"),
                    )
                } else {
                    Ok(())
                }
            }
            _ => Ok(()),
        };
        verdict.map(|()| next)
    }

    /// The person who would handle the case through this event, for the recusal rule (R12).
    fn handling_person<'e>(&self, event: &'e Event) -> Option<&'e str> {
        match &event.action {
            Action::Assigned { handler } => Some(handler),
            Action::HandedOver { to, .. } => Some(to),
            Action::Escalated { to, .. } => to.as_deref(),
            Action::InvestigationReported { .. }
            | Action::ResolutionProposed { .. }
            | Action::ResolutionDecided { .. }
            | Action::ResultFedBack { .. }
            | Action::Closed(_) => Some(&event.actor),
            _ => None,
        }
    }

    /// R10 and R18: who may decide a matter of this severity.
    fn check_authority(&self, by: DecisionBody) -> Result<(), String> {
        let severity = self.complaint.severity;
        let ok = match severity {
            Severity::Ordinary => true,
            Severity::Major | Severity::Compensation => by != DecisionBody::Handler,
            Severity::MatterOfPrinciple | Severity::SeriousIncident => by == DecisionBody::ManagementMeeting,
        };
        if ok {
            Ok(())
        } else {
            let needed = if severity.needs_collective_decision() {
                "a management meeting"
            } else {
                "the branch general manager or above"
            };
            Err(format!(
                "a `{}` matter is decided by {needed}, not by `{}`",
                severity.as_str(),
                decision_body_name(by)
            ))
        }
    }

    /// Applies a checked event to the state, moving it to `next` (what [`Case::check`] found).
    /// Infallible: every check ran before.
    fn commit(&mut self, event: &Event, next: Stage) {
        let s = &mut self.state;
        s.stage = next;
        s.last_event_at = event.at;
        match &event.action {
            Action::Registered {} => {}
            Action::Acknowledged { .. } => s.acknowledged_at = Some(event.at),
            Action::AnswerTimePromised { answer_by } | Action::AnswerTimeRepromised { answer_by, .. } => {
                s.answer_by = Some(*answer_by);
                s.promises += 1;
            }
            // clone_from reuses the old buffer when it is large enough.
            Action::Assigned { handler } => s.handler.get_or_insert_with(String::new).clone_from(handler),
            Action::HandedOver { to, .. } => s.owner.clone_from(to),
            Action::Escalated { level, to, .. } => {
                s.level = (*level).max(s.level);
                if let Some(to) = to {
                    s.handler.get_or_insert_with(String::new).clone_from(to);
                }
            }
            Action::LiaisonFormOpened { form, departments, .. } => s.liaison_forms.push(LiaisonForm {
                id: form.clone(),
                departments: departments.iter().map(|d| (d.clone(), false)).collect(),
            }),
            Action::LiaisonAnswered { form, department, .. } => {
                if let Some(entry) = s
                    .liaison_forms
                    .iter_mut()
                    .find(|f| &f.id == form)
                    .and_then(|f| f.departments.iter_mut().find(|(d, _)| d == department))
                {
                    entry.1 = true;
                }
            }
            Action::InvestigationReported { .. } => s.investigation_reported = true,
            Action::ExtensionGranted { working_days, .. } => {
                s.extensions += 1;
                s.extension_working_days = s.extension_working_days.saturating_add(*working_days);
            }
            Action::ClockPaused { .. } => s.clock_paused = true,
            Action::ClockResumed {} => s.clock_paused = false,
            Action::ResolutionProposed { .. } => s.resolution_proposed = true,
            Action::ResolutionDecided { by, .. } => s.decided_by = Some(*by),
            Action::ProgressUpdateSent { .. } => s.progress_updates += 1,
            Action::ResultFedBack { via, .. } => {
                s.result_fed_back_at = Some(event.at);
                s.written_reply = via.is_written();
            }
            Action::ReportedToRegulator { .. } => s.reported_to_regulator_at = Some(event.at),
            Action::CallbackVisited { satisfaction, .. } => {
                s.callbacks += 1;
                s.satisfaction = Some(*satisfaction);
            }
            Action::Reopened { .. } => {
                s.reopened += 1;
                s.resolution_proposed = false;
                s.decided_by = None;
                s.closed_at = None;
            }
            Action::DisputeOpened { route, .. } => {
                s.dispute = Some(*route);
                s.closed_at = None;
            }
            Action::DisputeConcluded { .. } => {
                s.dispute = None;
                s.result_fed_back_at = Some(event.at);
            }
            Action::Withdrawn { .. } | Action::Closed(_) => s.closed_at = Some(event.at),
            Action::Archived { volume } => s.archive_volume = Some(*volume),
        }
    }

    /// Reads a case file: `{"schema_version": 1, "complaint": {…}, "events": [{…}, …]}`, and
    /// replays it, so a file whose history breaks the procedure is refused.
    ///
    /// # Errors
    /// Parse errors, [`ErrorCode::UnsupportedSchemaVersion`](crate::ErrorCode), validation and
    /// rule errors.
    pub fn from_json(text: &str) -> Result<Case, Error> {
        // Read the version first, so an unknown version is named as such and not as a field error.
        let envelope: CaseFileIn = json::read("case", text)?;
        if envelope.schema_version != u64::from(CASE_SCHEMA_VERSION) {
            return Err(Error::UnsupportedSchemaVersion {
                what: "case",
                found: envelope.schema_version,
                supported: CASE_SCHEMA_VERSION,
            });
        }
        let file: CaseFileV1 = json::read("case", text)?;
        Case::replay(file.complaint, file.events)
    }

    /// The case file as JSON, with the schema version. [`Case::from_json`] reads it back equal.
    pub fn to_json(&self) -> String {
        serde_json::to_string(&CaseFileOut {
            schema_version: CASE_SCHEMA_VERSION,
            complaint: &self.complaint,
            events: &self.events,
        })
        .expect("a case always serializes")
    }

    /// The derived state as JSON.
    pub fn state_json(&self) -> String {
        serde_json::to_string(&self.state).expect("a case state always serializes")
    }

    /// Whether the case is a complaint or feedback.
    pub fn kind(&self) -> Kind {
        self.complaint.kind
    }
}

fn decision_body_name(by: DecisionBody) -> &'static str {
    match by {
        DecisionBody::Handler => "handler",
        DecisionBody::BranchGeneralManager => "branch_general_manager",
        DecisionBody::HeadOffice => "head_office",
        DecisionBody::ManagementMeeting => "management_meeting",
    }
}
