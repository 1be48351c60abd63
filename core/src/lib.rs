//! # tousu — securities-brokerage complaint handling
//!
//! ## Overview
//!
//! tousu (投诉, "complaint") models how securities brokerages take, route, time and close
//! customer complaints, following the written procedures of Chinese brokerages: register the
//! complaint with the required fields, acknowledge it, hand it to the operations supervisor,
//! escalate major or compensation matters, recuse the person complained about, feed the result
//! back, report regulator-forwarded cases back, call back, archive.
//!
//! The crate is pure computation: no I/O, no clock, no randomness. "Now" is always an argument.
//!
//! - [`Complaint`] is the register record (《客户投诉处理登记表》): [`Complaint::validate`]
//!   reports every problem at once with its field path.
//! - [`Case`] is the event-sourced case file: [`Case::apply`] records an [`Event`] or returns
//!   the [`Rule`] it breaks, leaving the case unchanged. Its [`CaseState`] is derived, never
//!   stored, so [`Case::replay`] reproduces a case exactly.
//! - [`WorkCalendar`] is a working-day calendar (`CN` statutory working days with make-up days,
//!   `XSHG` and `XSHE` trading days, or custom data): O(1) day arithmetic, explicit coverage,
//!   and the Civil Code's rule for periods. See the [`calendar`] module.
//! - [`Policy`] is a deadline policy as data (presets for the seed's procedures, UK FCA DISP
//!   and the US CFPB), and [`deadlines`] gives each milestone of a case its due time and status
//!   at a given "now", on [`BusinessHours`] and a [`WorkCalendar`];
//!   [`Policy::deadline_figures`] gives the same as plain numbers for millions of cases. See
//!   the [`deadline`] module.
//! - [`Taxonomy`] is a versioned category taxonomy as data (the default one covers R8 and what a
//!   brokerage meets daily), with O(1) subtree tests. See the [`taxonomy`] module.
//! - [`RuleSet`] is a brokerage's routing procedure as data (the seed's is the default):
//!   [`RuleSet::route`] gives a [`Decision`] — handler role, level, deadline policy, escalation,
//!   obligations — that [`Decision::explain`]s itself, and a staff [`Directory`] gives its
//!   eligible handlers, never the person complained about. See the [`routing`] module.
//! - [`Error`] is the one error type; its [`ErrorCode`] is shared with the C and Python surfaces.
//!
//! ## Usage
//!
//! ```toml
//! [dependencies]
//! tousu = "0.1"
//! ```
//!
//! ## Examples
//!
//! Register a complaint from JSON, then walk it through the procedure:
//!
//! ```
//! use tousu::{Action, Case, Complaint, ContactMethod, DecisionBody, Event, Stage};
//!
//! let complaint = Complaint::from_json(r#"{
//!     "id": "SZ-2024-0042",
//!     "channel": "phone",
//!     "complainant": {"name": "李四", "contact": {"phone": "13800138000"}},
//!     "receiver": "S001",
//!     "branch": "深圳福田营业部",
//!     "received_at": "2024-03-01T09:30:00+08:00",
//!     "matter": "佣金收取异常",
//!     "facts": {"account": "二月佣金高于约定费率"},
//!     "demand": "退还多收佣金",
//!     "category": "fees.commission"
//! }"#)?;
//!
//! let at = |s: &str| chrono::DateTime::parse_from_rfc3339(s).unwrap();
//! let mut case = Case::register(complaint, Event::new(at("2024-03-01T09:35:00+08:00"), "S001", Action::Registered {}))?;
//! case.apply(Event::new(at("2024-03-01T09:40:00+08:00"), "S001", Action::Acknowledged { via: Some(ContactMethod::Phone) }))?;
//! case.apply(Event::new(at("2024-03-01T10:00:00+08:00"), "S001", Action::Assigned { handler: "S010".into() }))?;
//! case.apply(Event::new(at("2024-03-04T16:00:00+08:00"), "S010", Action::ResolutionProposed { plan: "按约定费率退还差额".into(), compensation: None }))?;
//! case.apply(Event::new(at("2024-03-05T10:00:00+08:00"), "S010", Action::ResolutionDecided { decision: "退还".into(), by: DecisionBody::Handler, notify_authorities: false }))?;
//!
//! // Closing before the result is fed back breaks R20; the case is left as it was.
//! let close = Event::from_json(r#"{"at": "2024-03-05T11:00:00+08:00", "actor": "S010",
//!     "action": {"closed": {"cause": "费率配置错误", "result": "已退还", "department": "运营部",
//!                           "preventive_measures": "费率变更双人复核"}}}"#)?;
//! let err = case.apply(close).unwrap_err();
//! assert_eq!(err.code(), tousu::ErrorCode::ResultNotFedBack);
//! assert_eq!(case.state().stage, Stage::Resolved);
//!
//! // The case file round-trips through JSON exactly.
//! assert_eq!(Case::from_json(&case.to_json())?, case);
//! # Ok::<(), tousu::Error>(())
//! ```
#![forbid(unsafe_code)]
#![warn(missing_docs)]

pub mod calendar;
pub mod complaint;
pub mod deadline;
pub mod error;
mod json;
pub mod lifecycle;
pub mod routing;
pub mod taxonomy;

pub use calendar::{CalendarBuilder, Weekmask, WorkCalendar, YearData, BUILTIN_CALENDARS};
pub use complaint::{
    Channel, Complainant, Complaint, Contact, Evidence, Facts, Forwarding, IdDocument, IdDocumentKind, Kind, Money,
    Respondent, Severity,
};
pub use deadline::{
    deadlines, BusinessHours, DeadlineFigures, DeadlineStatus, MilestoneDeadline, PausedInterval, Policy, Unit, Zone,
    PRESET_POLICIES,
};
pub use error::{CalendarProblem, Error, ErrorCategory, ErrorCode, FieldError, PolicyProblem, Result, RoutingProblem};
pub use lifecycle::{
    Action, ActionKind, Case, CaseState, CloseOut, ContactMethod, DecisionBody, DisputeOutcome, DisputeRoute, Event,
    Level, Rule, Satisfaction, Stage,
};
pub use routing::{
    Actions, Assignment, Attribute, Attributes, ChannelKind, Condition, Decision, Directory, EarlierComplaints,
    Explanation, HandlingLevel, HitPolicy, MatchedRules, Obligation, Obligations, Party, Person, Recusal, Role,
    RoutingContext, RuleSet,
};
pub use taxonomy::{Category, CategoryId, ExternalCodes, Taxonomy};

// The README's Rust examples run as doctests.
#[cfg(doctest)]
#[doc = include_str!("../../README.md")]
struct ReadmeDoctests;

/// The version of the case-file JSON schema this build reads and writes.
pub const CASE_SCHEMA_VERSION: u32 = lifecycle::CASE_SCHEMA_VERSION;
