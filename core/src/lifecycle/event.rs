//! Events: what happened to a case, when, and who did it.

use chrono::{DateTime, FixedOffset};
use serde::{Deserialize, Serialize};

use crate::complaint::{Money, Problems};
use crate::error::{Error, ErrorCode};
use crate::json;

/// One recorded step of the procedure: when, who, and what.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Event {
    /// When it happened, with the UTC offset of the office that recorded it.
    #[serde(with = "json::instant")]
    pub at: DateTime<FixedOffset>,
    /// Staff id of whoever did it (or recorded it).
    pub actor: String,
    /// What happened.
    pub action: Action,
}

impl Event {
    /// An event of `action` by `actor` at `at`.
    pub fn new(at: DateTime<FixedOffset>, actor: impl Into<String>, action: Action) -> Event {
        Event {
            at,
            actor: actor.into(),
            action,
        }
    }

    /// Reads an event from JSON and validates its own data (not yet against a case).
    ///
    /// # Errors
    /// A parse error ([`ErrorCode::MalformedJson`], [`ErrorCode::UnknownVariant`], …) or
    /// [`ErrorCode::InvalidEvent`] listing every problem.
    pub fn from_json(text: &str) -> Result<Event, Error> {
        let event: Event = json::read("event", text)?;
        event.validate()?;
        Ok(event)
    }

    /// The event as JSON.
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).expect("an event always serializes")
    }

    /// Checks the event's own data: required texts present, amounts not negative.
    ///
    /// # Errors
    /// [`ErrorCode::InvalidEvent`] with every problem and its field path (`action.closed.cause`).
    pub fn validate(&self) -> Result<(), Error> {
        let mut v = Problems::default();
        v.id("actor", &self.actor);
        // The action's name is looked up only when a path is printed, i.e. when there is a problem.
        let name = ActionName(&self.action);
        let p = |field: &'static str| ActionField(&self.action, field);
        match &self.action {
            Action::Registered {}
            | Action::ClockResumed {}
            | Action::Acknowledged { .. }
            | Action::AnswerTimePromised { .. }
            | Action::ProgressUpdateSent { .. } => {}
            Action::AnswerTimeRepromised { reason, .. } => v.required(p("reason"), reason),
            Action::Assigned { handler } => v.id(p("handler"), handler),
            Action::HandedOver { to, reason } => {
                v.id(p("to"), to);
                v.required(p("reason"), reason);
            }
            Action::Escalated { to, reason, .. } => {
                if let Some(to) = to {
                    v.id(p("to"), to);
                }
                v.required(p("reason"), reason);
            }
            Action::LiaisonFormOpened {
                form,
                departments,
                signed_off_by,
            } => {
                v.id(p("form"), form);
                v.id(p("signed_off_by"), signed_off_by);
                if departments.is_empty() {
                    v.push(p("departments"), "must name at least one department");
                }
                for (i, d) in departments.iter().enumerate() {
                    v.required(format_args!("action.{name}.departments[{i}]"), d);
                    if departments[..i].contains(d) {
                        v.push(
                            format_args!("action.{name}.departments[{i}]"),
                            format!("`{d}` is repeated"),
                        );
                    }
                }
            }
            Action::LiaisonAnswered {
                form,
                department,
                answer,
            } => {
                v.id(p("form"), form);
                v.required(p("department"), department);
                v.required(p("answer"), answer);
            }
            Action::InvestigationReported { summary } => v.required(p("summary"), summary),
            Action::ClockPaused { reason } => v.required(p("reason"), reason),
            Action::ExtensionGranted {
                reason,
                approved_by,
                working_days,
            } => {
                v.required(p("reason"), reason);
                v.id(p("approved_by"), approved_by);
                if *working_days == 0 {
                    v.push(p("working_days"), "must be at least 1");
                }
            }
            Action::ResolutionProposed { plan, compensation } => {
                v.required(p("plan"), plan);
                if let Some(amount) = compensation {
                    for (field, problem) in amount.problems() {
                        v.push(format_args!("action.{name}.compensation.{field}"), problem);
                    }
                }
            }
            Action::ResolutionDecided { decision, .. } => v.required(p("decision"), decision),
            Action::ResultFedBack { summary, .. } => v.required(p("summary"), summary),
            Action::ReportedToRegulator { summary } => v.required(p("summary"), summary),
            Action::CallbackVisited { .. } => {}
            Action::Reopened { reason } | Action::Withdrawn { reason } => v.required(p("reason"), reason),
            Action::DisputeOpened { body, .. } => v.required(p("body"), body),
            Action::DisputeConcluded { summary, award, .. } => {
                v.required(p("summary"), summary);
                if let Some(amount) = award {
                    for (field, problem) in amount.problems() {
                        v.push(format_args!("action.{name}.award.{field}"), problem);
                    }
                }
            }
            Action::Closed(close_out) => {
                v.required(p("cause"), &close_out.cause);
                v.required(p("result"), &close_out.result);
                v.required(p("department"), &close_out.department);
                v.required(p("preventive_measures"), &close_out.preventive_measures);
            }
            Action::Archived { volume } => {
                if !(1990..=9999).contains(volume) {
                    v.push(p("volume"), format!("{volume} is not a year"));
                }
            }
        }
        v.finish("event", ErrorCode::InvalidEvent)
    }
}

/// The path of a field of an action, `action.<name>.<field>`, formatted only when reported.
struct ActionField<'a>(&'a Action, &'static str);

impl std::fmt::Display for ActionField<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "action.{}.{}", self.0.name(), self.1)
    }
}

/// An action's name, formatted lazily.
struct ActionName<'a>(&'a Action);

impl std::fmt::Display for ActionName<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.0.name())
    }
}

/// How the firm spoke to the complainant.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum ContactMethod {
    /// Telephone.
    Phone,
    /// Text message.
    Sms,
    /// Email.
    Email,
    /// A letter: a written reply (R19).
    Letter,
    /// In person.
    InPerson,
    /// Online customer service or the app.
    Online,
}

impl ContactMethod {
    /// Whether this counts as a written reply (R19).
    pub fn is_written(self) -> bool {
        matches!(self, ContactMethod::Email | ContactMethod::Letter | ContactMethod::Sms)
    }
}

/// The level a complaint is escalated to (R10, R13).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Level {
    /// The branch's operations supervisor (运营主管) — the default handler (L181).
    OperationsSupervisor,
    /// The branch general manager (营业部总经理): major or compensation matters (L181).
    BranchGeneralManager,
    /// Head office's brokerage management department (经纪业务管理部) (L684).
    HeadOfficeBrokerage,
    /// The marketing director (营销总监) (L561).
    MarketingDirector,
    /// The operations director (运行总监) (L561).
    OperationsDirector,
    /// The general manager (总经理) (L561).
    GeneralManager,
}

/// Who took a decision (R18).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum DecisionBody {
    /// The handler on their own authority.
    Handler,
    /// The branch general manager.
    BranchGeneralManager,
    /// Head office.
    HeadOffice,
    /// A management or partners' meeting (所务会议、合伙人会议), required for major matters (L93, L99).
    ManagementMeeting,
}

/// The customer's satisfaction at a callback visit (R21).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Satisfaction {
    /// 非常不满意.
    VeryDissatisfied,
    /// 不满意.
    Dissatisfied,
    /// 一般.
    Neutral,
    /// 满意.
    Satisfied,
    /// 非常满意.
    VerySatisfied,
}

/// The route a dispute takes beyond the firm (R22).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum DisputeRoute {
    /// Appeal (申诉) to the regulator.
    Appeal,
    /// Higher appeal (上诉).
    HigherAppeal,
    /// Negotiation (协商) directly with the customer.
    Negotiation,
    /// Mediation (调解) by an association or third party.
    Mediation,
    /// Arbitration (仲裁).
    Arbitration,
    /// Litigation (诉讼).
    Litigation,
    /// An exchange's dispute ruling (裁决).
    ExchangeRuling,
}

/// How a dispute ended (R22).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum DisputeOutcome {
    /// The customer's claim was upheld.
    Upheld,
    /// Partly upheld.
    PartlyUpheld,
    /// Dismissed.
    Dismissed,
    /// Settled by agreement (协议、调解协议).
    Settled,
    /// The customer withdrew it.
    Withdrawn,
}

/// The close-out record (《客户投诉处理单》, R23, L19).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CloseOut {
    /// The cause found (原因).
    pub cause: String,
    /// The result (处理结果).
    pub result: String,
    /// The department it went to (转何部门解决).
    pub department: String,
    /// Preventive measures (防范措施).
    pub preventive_measures: String,
}

/// What happened. Each variant names the requirement it records.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
#[non_exhaustive]
pub enum Action {
    /// The complaint was registered on the register form; always the first event (R2).
    Registered {},
    /// Receipt acknowledged to the complainant (R4).
    Acknowledged {
        /// How.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        via: Option<ContactMethod>,
    },
    /// A definite answer time was promised (R6, R7).
    AnswerTimePromised {
        /// The promised time.
        #[serde(with = "json::instant")]
        answer_by: DateTime<FixedOffset>,
    },
    /// The promise could not be kept: the customer was told why and a new time agreed (R6).
    AnswerTimeRepromised {
        /// The new promised time.
        #[serde(with = "json::instant")]
        answer_by: DateTime<FixedOffset>,
        /// Why the earlier time could not be kept.
        reason: String,
    },
    /// A handler was assigned (R10).
    Assigned {
        /// Staff id of the handler.
        handler: String,
    },
    /// Ownership passed explicitly from the current owner to another person (R5).
    HandedOver {
        /// Staff id of the new owner.
        to: String,
        /// Why.
        reason: String,
    },
    /// Escalated to a higher level (R10, R13).
    Escalated {
        /// The level.
        level: Level,
        /// Staff id of the person at that level, if known.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        to: Option<String>,
        /// Why: major, compensation, cannot be settled, impact.
        reason: String,
    },
    /// A cross-department liaison form (《客户投诉工作联系单》) was opened (R11).
    LiaisonFormOpened {
        /// The form's id, unique within the case.
        form: String,
        /// The departments it goes to.
        departments: Vec<String>,
        /// The supervisor who signed it off.
        signed_off_by: String,
    },
    /// One department answered a liaison form (R11).
    LiaisonAnswered {
        /// The form's id.
        form: String,
        /// The department answering.
        department: String,
        /// Its answer.
        answer: String,
    },
    /// The investigation report (调查报告) was filed (R14).
    InvestigationReported {
        /// The findings.
        summary: String,
    },
    /// The deadline clock stopped: the firm waits for the customer (documents, a reply). Every
    /// running milestone of a deadline policy stands still until [`Action::ClockResumed`].
    ClockPaused {
        /// What the firm waits for.
        reason: String,
    },
    /// The deadline clock restarted: what the firm waited for arrived.
    ClockResumed {},
    /// The time limit was extended (R14).
    ExtensionGranted {
        /// Why.
        reason: String,
        /// Staff id of the approver.
        approved_by: String,
        /// By how many working days.
        working_days: u32,
    },
    /// A resolution plan was proposed (R14).
    ResolutionProposed {
        /// The plan.
        plan: String,
        /// Compensation offered, if any.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        compensation: Option<Money>,
    },
    /// The resolution was decided (R18, R19).
    ResolutionDecided {
        /// What was decided.
        decision: String,
        /// Who decided.
        by: DecisionBody,
        /// Whether the authorities are to be notified (R18).
        #[serde(default)]
        notify_authorities: bool,
    },
    /// A progress update was sent to the complainant (R16).
    ProgressUpdateSent {
        /// How.
        via: ContactMethod,
    },
    /// The result was fed back to the complainant: thanks, outcome, continued support (R20).
    ResultFedBack {
        /// How (a letter or email is a written reply, R19).
        via: ContactMethod,
        /// What was said.
        summary: String,
    },
    /// The forwarding regulator was told the outcome (R17).
    ReportedToRegulator {
        /// What was reported.
        summary: String,
    },
    /// A callback visit (回访) recorded the customer's satisfaction (R21).
    CallbackVisited {
        /// How.
        via: ContactMethod,
        /// The customer's satisfaction.
        satisfaction: Satisfaction,
    },
    /// The case was reopened for further handling (R22).
    Reopened {
        /// Why.
        reason: String,
    },
    /// The customer took the dispute beyond the firm (R22).
    DisputeOpened {
        /// Which route.
        route: DisputeRoute,
        /// The body: regulator, mediation centre, arbitration commission, court, exchange.
        body: String,
        /// Its reference number, if any.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        reference: Option<String>,
    },
    /// The dispute ended (R22).
    DisputeConcluded {
        /// How.
        outcome: DisputeOutcome,
        /// What was decided or agreed.
        summary: String,
        /// An amount awarded or agreed, if any.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        award: Option<Money>,
    },
    /// The complainant withdrew the complaint.
    Withdrawn {
        /// Why.
        reason: String,
    },
    /// The case was closed with its close-out record (R23).
    Closed(CloseOut),
    /// The closed case file went into the yearly volume (R24).
    Archived {
        /// The volume: the year the case closed.
        volume: i32,
    },
}

/// The kind of an [`Action`], without its data: what the transition table is keyed by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[allow(missing_docs)]
pub enum ActionKind {
    Registered,
    Acknowledged,
    AnswerTimePromised,
    AnswerTimeRepromised,
    Assigned,
    HandedOver,
    Escalated,
    LiaisonFormOpened,
    LiaisonAnswered,
    InvestigationReported,
    ClockPaused,
    ClockResumed,
    ExtensionGranted,
    ResolutionProposed,
    ResolutionDecided,
    ProgressUpdateSent,
    ResultFedBack,
    ReportedToRegulator,
    CallbackVisited,
    Reopened,
    DisputeOpened,
    DisputeConcluded,
    Withdrawn,
    Closed,
    Archived,
}

impl ActionKind {
    /// Every kind, in procedure order.
    pub const ALL: [ActionKind; 25] = [
        ActionKind::Registered,
        ActionKind::Acknowledged,
        ActionKind::AnswerTimePromised,
        ActionKind::AnswerTimeRepromised,
        ActionKind::Assigned,
        ActionKind::HandedOver,
        ActionKind::Escalated,
        ActionKind::LiaisonFormOpened,
        ActionKind::LiaisonAnswered,
        ActionKind::InvestigationReported,
        ActionKind::ClockPaused,
        ActionKind::ClockResumed,
        ActionKind::ExtensionGranted,
        ActionKind::ResolutionProposed,
        ActionKind::ResolutionDecided,
        ActionKind::ProgressUpdateSent,
        ActionKind::ResultFedBack,
        ActionKind::ReportedToRegulator,
        ActionKind::CallbackVisited,
        ActionKind::Reopened,
        ActionKind::DisputeOpened,
        ActionKind::DisputeConcluded,
        ActionKind::Withdrawn,
        ActionKind::Closed,
        ActionKind::Archived,
    ];

    /// The snake_case name used in JSON.
    pub fn name(self) -> &'static str {
        match self {
            ActionKind::Registered => "registered",
            ActionKind::Acknowledged => "acknowledged",
            ActionKind::AnswerTimePromised => "answer_time_promised",
            ActionKind::AnswerTimeRepromised => "answer_time_repromised",
            ActionKind::Assigned => "assigned",
            ActionKind::HandedOver => "handed_over",
            ActionKind::Escalated => "escalated",
            ActionKind::LiaisonFormOpened => "liaison_form_opened",
            ActionKind::LiaisonAnswered => "liaison_answered",
            ActionKind::InvestigationReported => "investigation_reported",
            ActionKind::ClockPaused => "clock_paused",
            ActionKind::ClockResumed => "clock_resumed",
            ActionKind::ExtensionGranted => "extension_granted",
            ActionKind::ResolutionProposed => "resolution_proposed",
            ActionKind::ResolutionDecided => "resolution_decided",
            ActionKind::ProgressUpdateSent => "progress_update_sent",
            ActionKind::ResultFedBack => "result_fed_back",
            ActionKind::ReportedToRegulator => "reported_to_regulator",
            ActionKind::CallbackVisited => "callback_visited",
            ActionKind::Reopened => "reopened",
            ActionKind::DisputeOpened => "dispute_opened",
            ActionKind::DisputeConcluded => "dispute_concluded",
            ActionKind::Withdrawn => "withdrawn",
            ActionKind::Closed => "closed",
            ActionKind::Archived => "archived",
        }
    }

    /// The kind named `name` (the snake_case JSON name), if there is one.
    pub fn from_name(name: &str) -> Option<ActionKind> {
        ActionKind::ALL.iter().copied().find(|k| k.name() == name)
    }
}

impl Action {
    /// The kind of this action.
    pub fn kind(&self) -> ActionKind {
        match self {
            Action::Registered {} => ActionKind::Registered,
            Action::Acknowledged { .. } => ActionKind::Acknowledged,
            Action::AnswerTimePromised { .. } => ActionKind::AnswerTimePromised,
            Action::AnswerTimeRepromised { .. } => ActionKind::AnswerTimeRepromised,
            Action::Assigned { .. } => ActionKind::Assigned,
            Action::HandedOver { .. } => ActionKind::HandedOver,
            Action::Escalated { .. } => ActionKind::Escalated,
            Action::LiaisonFormOpened { .. } => ActionKind::LiaisonFormOpened,
            Action::LiaisonAnswered { .. } => ActionKind::LiaisonAnswered,
            Action::InvestigationReported { .. } => ActionKind::InvestigationReported,
            Action::ClockPaused { .. } => ActionKind::ClockPaused,
            Action::ClockResumed {} => ActionKind::ClockResumed,
            Action::ExtensionGranted { .. } => ActionKind::ExtensionGranted,
            Action::ResolutionProposed { .. } => ActionKind::ResolutionProposed,
            Action::ResolutionDecided { .. } => ActionKind::ResolutionDecided,
            Action::ProgressUpdateSent { .. } => ActionKind::ProgressUpdateSent,
            Action::ResultFedBack { .. } => ActionKind::ResultFedBack,
            Action::ReportedToRegulator { .. } => ActionKind::ReportedToRegulator,
            Action::CallbackVisited { .. } => ActionKind::CallbackVisited,
            Action::Reopened { .. } => ActionKind::Reopened,
            Action::DisputeOpened { .. } => ActionKind::DisputeOpened,
            Action::DisputeConcluded { .. } => ActionKind::DisputeConcluded,
            Action::Withdrawn { .. } => ActionKind::Withdrawn,
            Action::Closed(_) => ActionKind::Closed,
            Action::Archived { .. } => ActionKind::Archived,
        }
    }

    /// The snake_case name used in JSON (`closed`, `assigned`, …).
    pub fn name(&self) -> &'static str {
        self.kind().name()
    }
}
