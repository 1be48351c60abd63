//! The lifecycle of a case: an event-sourced record of the procedure (R4–R7, R10–R24).
//!
//! A [`Case`] is a validated [`Complaint`](crate::Complaint) and the list of [`Event`]s that
//! happened to it. Its state ([`CaseState`]) is derived from the events and never stored on its
//! own, so replaying the events reproduces the case exactly. [`Case::apply`] checks an event
//! against the [transition table](TRANSITIONS) and the [rules](Rule) of the procedure; a
//! rejected event leaves the case exactly as it was.
//!
//! # The state diagram
//!
//! Drawn from [`TRANSITIONS`] by [`state_diagram`]; `core/docs/lifecycle.md` holds its output
//! for both kinds of case, and a test keeps the two equal.
#![doc = include_str!("../../docs/lifecycle.md")]

mod case;
mod event;
mod table;

use std::fmt;

pub use case::{Case, CaseState, LiaisonForm, CASE_SCHEMA_VERSION};
pub use event::{
    Action, ActionKind, CloseOut, ContactMethod, DecisionBody, DisputeOutcome, DisputeRoute, Event, Level, Satisfaction,
};
pub use table::{state_diagram, transition, Applies, Stage, Transition, TRANSITIONS};

use crate::error::ErrorCode;

/// A rule of the procedure that an event can break. Each has its own stable [`ErrorCode`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Rule {
    /// The first event is the registration, and only the first.
    RegistrationOutOfPlace,
    /// A complaint is registered no earlier than it was received.
    RegisteredBeforeReceipt,
    /// The action is not allowed at the current stage for this kind of case.
    IllegalTransition,
    /// No event is dated earlier than the last one.
    EventOutOfOrder,
    /// Nothing is recorded after archive (R24, R29).
    CaseArchived,
    /// The person complained about never handles the case (R12).
    RecusalRequired,
    /// No close before the result is fed back (R20).
    ResultNotFedBack,
    /// No archive before close (R24).
    NotClosed,
    /// A regulator-forwarded case is reported back before it closes (R17).
    RegulatorNotReportedBack,
    /// Only a regulator-forwarded case is reported back to a regulator (R17).
    NotForwardedByRegulator,
    /// A case is acknowledged once (R4).
    AlreadyAcknowledged,
    /// A re-promise needs an earlier promise (R6).
    NoEarlierPromise,
    /// A promised answer time lies after the promise (R6, R7).
    PromiseInThePast,
    /// Only the current owner hands the case over (R5).
    NotTheOwner,
    /// A liaison answer names an open form and a department on it that has not answered (R11).
    LiaisonFormMismatch,
    /// Liaison form ids are unique within a case (R11).
    DuplicateLiaisonForm,
    /// A decision follows a proposed resolution (R14, R19).
    NoResolutionProposed,
    /// Major or compensation matters are decided by the branch general manager or above (R10);
    /// matters of principle and serious incidents by a management meeting (R18).
    InsufficientDecisionAuthority,
    /// The archive volume is the year the case closed (R24).
    WrongArchiveVolume,
    /// The deadline clock is paused already: it resumes before it pauses again.
    ClockAlreadyPaused,
    /// The deadline clock is running: only a paused clock resumes.
    ClockNotPaused,
}

impl Rule {
    /// The stable error code of this rule.
    pub fn code(self) -> ErrorCode {
        match self {
            Rule::RegistrationOutOfPlace => ErrorCode::RegistrationOutOfPlace,
            Rule::RegisteredBeforeReceipt => ErrorCode::RegisteredBeforeReceipt,
            Rule::IllegalTransition => ErrorCode::IllegalTransition,
            Rule::EventOutOfOrder => ErrorCode::EventOutOfOrder,
            Rule::CaseArchived => ErrorCode::CaseArchived,
            Rule::RecusalRequired => ErrorCode::RecusalRequired,
            Rule::ResultNotFedBack => ErrorCode::ResultNotFedBack,
            Rule::NotClosed => ErrorCode::NotClosed,
            Rule::RegulatorNotReportedBack => ErrorCode::RegulatorNotReportedBack,
            Rule::NotForwardedByRegulator => ErrorCode::NotForwardedByRegulator,
            Rule::AlreadyAcknowledged => ErrorCode::AlreadyAcknowledged,
            Rule::NoEarlierPromise => ErrorCode::NoEarlierPromise,
            Rule::PromiseInThePast => ErrorCode::PromiseInThePast,
            Rule::NotTheOwner => ErrorCode::NotTheOwner,
            Rule::LiaisonFormMismatch => ErrorCode::LiaisonFormMismatch,
            Rule::DuplicateLiaisonForm => ErrorCode::DuplicateLiaisonForm,
            Rule::NoResolutionProposed => ErrorCode::NoResolutionProposed,
            Rule::InsufficientDecisionAuthority => ErrorCode::InsufficientDecisionAuthority,
            Rule::WrongArchiveVolume => ErrorCode::WrongArchiveVolume,
            Rule::ClockAlreadyPaused => ErrorCode::ClockAlreadyPaused,
            Rule::ClockNotPaused => ErrorCode::ClockNotPaused,
        }
    }

    /// The snake_case name, e.g. `recusal_required`.
    pub fn name(self) -> &'static str {
        match self {
            Rule::RegistrationOutOfPlace => "registration_out_of_place",
            Rule::RegisteredBeforeReceipt => "registered_before_receipt",
            Rule::IllegalTransition => "illegal_transition",
            Rule::EventOutOfOrder => "event_out_of_order",
            Rule::CaseArchived => "case_archived",
            Rule::RecusalRequired => "recusal_required",
            Rule::ResultNotFedBack => "result_not_fed_back",
            Rule::NotClosed => "not_closed",
            Rule::RegulatorNotReportedBack => "regulator_not_reported_back",
            Rule::NotForwardedByRegulator => "not_forwarded_by_regulator",
            Rule::AlreadyAcknowledged => "already_acknowledged",
            Rule::NoEarlierPromise => "no_earlier_promise",
            Rule::PromiseInThePast => "promise_in_the_past",
            Rule::NotTheOwner => "not_the_owner",
            Rule::LiaisonFormMismatch => "liaison_form_mismatch",
            Rule::DuplicateLiaisonForm => "duplicate_liaison_form",
            Rule::NoResolutionProposed => "no_resolution_proposed",
            Rule::InsufficientDecisionAuthority => "insufficient_decision_authority",
            Rule::WrongArchiveVolume => "wrong_archive_volume",
            Rule::ClockAlreadyPaused => "clock_already_paused",
            Rule::ClockNotPaused => "clock_not_paused",
        }
    }

    /// The requirement (REQUIREMENTS.md) the rule comes from, if it is one of R1–R30.
    pub fn requirement(self) -> Option<&'static str> {
        Some(match self {
            Rule::RecusalRequired => "R12",
            Rule::ResultNotFedBack => "R20",
            Rule::NotClosed | Rule::WrongArchiveVolume | Rule::CaseArchived => "R24",
            Rule::RegulatorNotReportedBack | Rule::NotForwardedByRegulator => "R17",
            Rule::AlreadyAcknowledged => "R4",
            Rule::NoEarlierPromise | Rule::PromiseInThePast => "R6",
            Rule::NotTheOwner => "R5",
            Rule::LiaisonFormMismatch | Rule::DuplicateLiaisonForm => "R11",
            Rule::NoResolutionProposed => "R19",
            Rule::InsufficientDecisionAuthority => "R18",
            Rule::EventOutOfOrder => "R29",
            Rule::RegistrationOutOfPlace | Rule::RegisteredBeforeReceipt => "R2",
            Rule::IllegalTransition | Rule::ClockAlreadyPaused | Rule::ClockNotPaused => return None,
        })
    }
}

impl fmt::Display for Rule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.requirement() {
            Some(r) => write!(f, "{} ({r})", self.name()),
            None => f.write_str(self.name()),
        }
    }
}
