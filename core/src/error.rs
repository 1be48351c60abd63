//! The crate's one error type and the stable codes that the C and Python surfaces reuse.
//!
//! Every failure of tousu is an [`Error`]. Its [`ErrorCode`] is field-less and stable: the C
//! ABI returns it as `tousu_status` (same numbers), Python raises an exception whose `.code` is
//! the C name. Numbers are grouped by category and never reused:
//!
//! | range | category |
//! |-------|----------|
//! | 1000–1999 | input that could not be read (JSON syntax, types, unknown fields, versions) |
//! | 2000–2999 | input that was read but is not a valid record (missing fields, check digits, …) |
//! | 3000–3999 | an event that breaks a rule of the complaint procedure |
//! | 4000–4999 | calendar data that cannot be loaded (4000–4099), and dates or steps a calendar cannot answer (4100–4199) |
//! | 5000–5999 | deadline policies that cannot be loaded (5000–5099), and deadlines that cannot be computed (5100–5199) |
//! | 6000–6999 | taxonomies (6000–6099) and routing rule sets (6100–6199) that cannot be loaded, staff directories and assignments (6200–6299) |
//! | 9000–9999 | misuse of an API surface (NULL pointers, bad UTF-8, an argument the call cannot take — C only) and internal faults |

use std::fmt;

use crate::lifecycle::Rule;

/// The stable, field-less code of an [`Error`].
///
/// The numbers are part of the C ABI (`tousu_status`) and never change meaning.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
#[repr(u32)]
pub enum ErrorCode {
    /// The text is not well-formed JSON, or a value has the wrong JSON type.
    MalformedJson = 1000,
    /// An object carries a field the schema does not know.
    UnknownField = 1001,
    /// A string names an enum value (channel, severity, action, …) the schema does not know.
    UnknownVariant = 1002,
    /// A field the schema needs to even read the record is absent.
    MissingField = 1003,
    /// The document's `schema_version` is not one this build reads.
    UnsupportedSchemaVersion = 1004,
    /// A timestamp or date could not be read (it must be RFC 3339 with a UTC offset).
    InvalidTimestamp = 1005,

    /// A complaint record fails validation; the error lists every problem with its field path.
    InvalidComplaint = 2000,
    /// An event's own data fails validation (an empty reason, a negative amount, …).
    InvalidEvent = 2001,

    /// The event is not allowed at the case's current stage.
    IllegalTransition = 3000,
    /// The event is dated earlier than the last event of the case.
    EventOutOfOrder = 3001,
    /// The case is archived; nothing more may be recorded.
    CaseArchived = 3002,
    /// The person complained about (or a conflicted person) would handle the case (R12).
    RecusalRequired = 3003,
    /// A close was attempted before the result was fed back to the complainant (R20).
    ResultNotFedBack = 3004,
    /// An archive was attempted before the case was closed (R24).
    NotClosed = 3005,
    /// A regulator-forwarded case would close before it was reported back (R17).
    RegulatorNotReportedBack = 3006,
    /// The event needs a regulator-forwarded case (R17).
    NotForwardedByRegulator = 3007,
    /// The case was already acknowledged (R4).
    AlreadyAcknowledged = 3008,
    /// A re-promise of the answer time without an earlier promise (R6).
    NoEarlierPromise = 3009,
    /// A promised answer time earlier than the moment of the promise (R6, R7).
    PromiseInThePast = 3010,
    /// A hand-over by someone who does not own the case (R5).
    NotTheOwner = 3011,
    /// A liaison-form answer that names no open form or no department on it (R11).
    LiaisonFormMismatch = 3012,
    /// A decision without a proposed resolution (R18, R19).
    NoResolutionProposed = 3013,
    /// A decision taken below the authority the severity needs: major or compensation matters
    /// by the branch general manager or above (R10), matters of principle and serious incidents
    /// by a management meeting (R18).
    InsufficientDecisionAuthority = 3014,
    /// The archive volume is not the year the case closed (R24).
    WrongArchiveVolume = 3015,
    /// The first event of a case is not its registration, or a second registration.
    RegistrationOutOfPlace = 3016,
    /// The registration predates the time the complaint was received.
    RegisteredBeforeReceipt = 3017,
    /// A second liaison form with an id already used in the case.
    DuplicateLiaisonForm = 3018,
    /// The deadline clock was paused while already paused.
    ClockAlreadyPaused = 3019,
    /// The deadline clock was resumed while running.
    ClockNotPaused = 3020,

    /// Calendar text that cannot be read: TOML or JSON syntax, a value of the wrong type (a
    /// date with a time of day, a string where a number belongs), a missing field.
    CalendarSyntax = 4000,
    /// Calendar text with a field the calendar format does not know.
    CalendarUnknownField = 4001,
    /// A week mask that is not seven `0`/`1` characters, Monday first (`1111100`).
    InvalidWeekmask = 4002,
    /// A year of a calendar's coverage without data, or a year added with a gap to the coverage.
    CalendarYearMissing = 4003,
    /// A year given twice, or added although the calendar already covers it.
    CalendarYearDuplicate = 4004,
    /// A rest day or extra working day listed under another year than its own.
    CalendarDateOutsideYear = 4005,
    /// An extra working day that the week mask already makes a working day.
    ExtraWorkingDayNotWeekend = 4006,
    /// A date listed both as a rest day and as an extra working day.
    DateBothRestAndWorking = 4007,
    /// Any other invalid calendar data: an empty code or source, a bad UTC offset, a coverage
    /// that is reversed or too long, a year outside the coverage, a date listed twice.
    InvalidCalendar = 4008,
    /// `WorkCalendar::builtin` with a code that is not a built-in calendar.
    UnknownCalendar = 4009,
    /// A date outside the years a calendar covers, or a step of N working days that would leave
    /// them. A year whose schedule has not been announced is unknown, never guessed.
    DateOutOfCoverage = 4100,
    /// A working day was required (adding 0 working days) but the date is a rest day.
    NotAWorkingDay = 4101,
    /// The N-th working day of a month that has fewer, or a month or N that does not exist.
    NoSuchWorkingDay = 4102,

    /// Policy text that cannot be read: TOML syntax, a value of the wrong type, a missing field.
    PolicySyntax = 5000,
    /// Policy text with a field the policy format does not know.
    PolicyUnknownField = 5001,
    /// A milestone's `due.unit` that is not a unit (`working_days`, `calendar_days`, …).
    PolicyUnknownUnit = 5002,
    /// A milestone anchored on a milestone the policy does not have, or an anchor that is not
    /// `received`, `milestone:<id>` or `event:<action>`.
    PolicyUnknownAnchor = 5003,
    /// Milestones whose anchors form a cycle.
    PolicyAnchorCycle = 5004,
    /// A zero, negative or missing duration (or extension limit).
    PolicyInvalidDuration = 5005,
    /// A `warn_at` outside (0, 1).
    PolicyInvalidWarnAt = 5006,
    /// A business-hours window that is not `HH:MM-HH:MM`, ends before it starts, is out of
    /// order or overlaps another.
    PolicyInvalidWindow = 5007,
    /// An action name (in `met_by`, `from = "event:…"` or the clock) that is not an action.
    PolicyUnknownAction = 5008,
    /// Any other invalid policy data: an empty or repeated id, a bad time zone or cut-off, an
    /// unknown `only_if` or kind of case.
    InvalidPolicy = 5009,
    /// `Policy::preset` with an id that is not a preset.
    UnknownPolicy = 5010,
    /// Deadlines asked on another calendar than the one the policy names.
    PolicyCalendarMismatch = 5100,

    /// Taxonomy text that cannot be read: TOML syntax, a value of the wrong type, a missing or
    /// unknown field.
    TaxonomySyntax = 6000,
    /// Invalid taxonomy data: a malformed or repeated category code, a code whose parent is
    /// missing, an empty label or version.
    InvalidTaxonomy = 6001,
    /// A category code the taxonomy does not have.
    UnknownCategory = 6002,
    /// Rule-set text that cannot be read: TOML syntax (with line and column), a value of the wrong
    /// type (a string compared with a number), a missing or unknown field.
    RuleSetSyntax = 6100,
    /// An invalid rule: no id or a repeated id, an empty condition, a reversed amount range, an
    /// unknown policy preset, role or hit policy.
    InvalidRule = 6101,
    /// A rule no complaint can reach under first match: an earlier rule matches whatever it
    /// matches.
    UnreachableRule = 6102,
    /// Rules that can match the same complaint and decide the same thing differently with no
    /// priority between them.
    ConflictingRules = 6103,
    /// Escalation targets that form a cycle.
    EscalationCycle = 6104,
    /// Staff-directory data that cannot be used: a missing or repeated person id, an unknown role.
    InvalidDirectory = 6200,
    /// Nobody in the staff directory may handle the decision (the person complained about and the
    /// conflicted recuse, the absent are away); the error names the next escalation level.
    NoEligibleHandler = 6201,

    /// A required pointer argument was NULL (C only).
    NullArgument = 9000,
    /// A string argument was not valid UTF-8 (C only).
    InvalidUtf8 = 9001,
    /// An argument has a value the call cannot take, though it is neither NULL nor bad text
    /// (C only): e.g. a routing context that lists earlier complaints given to a call that works
    /// them out itself.
    InvalidArgument = 9002,
    /// A panic was caught at the API boundary: a bug in tousu, please report it.
    Internal = 9999,
}

impl ErrorCode {
    /// Every code, in number order (the C header and the Python exceptions are checked against it).
    pub const ALL: &'static [ErrorCode] = &[
        ErrorCode::MalformedJson,
        ErrorCode::UnknownField,
        ErrorCode::UnknownVariant,
        ErrorCode::MissingField,
        ErrorCode::UnsupportedSchemaVersion,
        ErrorCode::InvalidTimestamp,
        ErrorCode::InvalidComplaint,
        ErrorCode::InvalidEvent,
        ErrorCode::IllegalTransition,
        ErrorCode::EventOutOfOrder,
        ErrorCode::CaseArchived,
        ErrorCode::RecusalRequired,
        ErrorCode::ResultNotFedBack,
        ErrorCode::NotClosed,
        ErrorCode::RegulatorNotReportedBack,
        ErrorCode::NotForwardedByRegulator,
        ErrorCode::AlreadyAcknowledged,
        ErrorCode::NoEarlierPromise,
        ErrorCode::PromiseInThePast,
        ErrorCode::NotTheOwner,
        ErrorCode::LiaisonFormMismatch,
        ErrorCode::NoResolutionProposed,
        ErrorCode::InsufficientDecisionAuthority,
        ErrorCode::WrongArchiveVolume,
        ErrorCode::RegistrationOutOfPlace,
        ErrorCode::RegisteredBeforeReceipt,
        ErrorCode::DuplicateLiaisonForm,
        ErrorCode::ClockAlreadyPaused,
        ErrorCode::ClockNotPaused,
        ErrorCode::CalendarSyntax,
        ErrorCode::CalendarUnknownField,
        ErrorCode::InvalidWeekmask,
        ErrorCode::CalendarYearMissing,
        ErrorCode::CalendarYearDuplicate,
        ErrorCode::CalendarDateOutsideYear,
        ErrorCode::ExtraWorkingDayNotWeekend,
        ErrorCode::DateBothRestAndWorking,
        ErrorCode::InvalidCalendar,
        ErrorCode::UnknownCalendar,
        ErrorCode::DateOutOfCoverage,
        ErrorCode::NotAWorkingDay,
        ErrorCode::NoSuchWorkingDay,
        ErrorCode::PolicySyntax,
        ErrorCode::PolicyUnknownField,
        ErrorCode::PolicyUnknownUnit,
        ErrorCode::PolicyUnknownAnchor,
        ErrorCode::PolicyAnchorCycle,
        ErrorCode::PolicyInvalidDuration,
        ErrorCode::PolicyInvalidWarnAt,
        ErrorCode::PolicyInvalidWindow,
        ErrorCode::PolicyUnknownAction,
        ErrorCode::InvalidPolicy,
        ErrorCode::UnknownPolicy,
        ErrorCode::PolicyCalendarMismatch,
        ErrorCode::TaxonomySyntax,
        ErrorCode::InvalidTaxonomy,
        ErrorCode::UnknownCategory,
        ErrorCode::RuleSetSyntax,
        ErrorCode::InvalidRule,
        ErrorCode::UnreachableRule,
        ErrorCode::ConflictingRules,
        ErrorCode::EscalationCycle,
        ErrorCode::InvalidDirectory,
        ErrorCode::NoEligibleHandler,
        ErrorCode::NullArgument,
        ErrorCode::InvalidUtf8,
        ErrorCode::InvalidArgument,
        ErrorCode::Internal,
    ];

    /// The stable number (the value of the C `tousu_status`).
    pub fn number(self) -> u32 {
        self as u32
    }

    /// The code for a number, if there is one.
    pub fn from_number(number: u32) -> Option<ErrorCode> {
        Self::ALL.iter().copied().find(|code| code.number() == number)
    }

    /// The C status name, e.g. `TOUSU_STATUS_EVENT_OUT_OF_ORDER`; Python's `.code` is the same.
    pub fn name(self) -> &'static str {
        match self {
            ErrorCode::MalformedJson => "TOUSU_STATUS_MALFORMED_JSON",
            ErrorCode::UnknownField => "TOUSU_STATUS_UNKNOWN_FIELD",
            ErrorCode::UnknownVariant => "TOUSU_STATUS_UNKNOWN_VARIANT",
            ErrorCode::MissingField => "TOUSU_STATUS_MISSING_FIELD",
            ErrorCode::UnsupportedSchemaVersion => "TOUSU_STATUS_UNSUPPORTED_SCHEMA_VERSION",
            ErrorCode::InvalidTimestamp => "TOUSU_STATUS_INVALID_TIMESTAMP",
            ErrorCode::InvalidComplaint => "TOUSU_STATUS_INVALID_COMPLAINT",
            ErrorCode::InvalidEvent => "TOUSU_STATUS_INVALID_EVENT",
            ErrorCode::IllegalTransition => "TOUSU_STATUS_ILLEGAL_TRANSITION",
            ErrorCode::EventOutOfOrder => "TOUSU_STATUS_EVENT_OUT_OF_ORDER",
            ErrorCode::CaseArchived => "TOUSU_STATUS_CASE_ARCHIVED",
            ErrorCode::RecusalRequired => "TOUSU_STATUS_RECUSAL_REQUIRED",
            ErrorCode::ResultNotFedBack => "TOUSU_STATUS_RESULT_NOT_FED_BACK",
            ErrorCode::NotClosed => "TOUSU_STATUS_NOT_CLOSED",
            ErrorCode::RegulatorNotReportedBack => "TOUSU_STATUS_REGULATOR_NOT_REPORTED_BACK",
            ErrorCode::NotForwardedByRegulator => "TOUSU_STATUS_NOT_FORWARDED_BY_REGULATOR",
            ErrorCode::AlreadyAcknowledged => "TOUSU_STATUS_ALREADY_ACKNOWLEDGED",
            ErrorCode::NoEarlierPromise => "TOUSU_STATUS_NO_EARLIER_PROMISE",
            ErrorCode::PromiseInThePast => "TOUSU_STATUS_PROMISE_IN_THE_PAST",
            ErrorCode::NotTheOwner => "TOUSU_STATUS_NOT_THE_OWNER",
            ErrorCode::LiaisonFormMismatch => "TOUSU_STATUS_LIAISON_FORM_MISMATCH",
            ErrorCode::NoResolutionProposed => "TOUSU_STATUS_NO_RESOLUTION_PROPOSED",
            ErrorCode::InsufficientDecisionAuthority => "TOUSU_STATUS_INSUFFICIENT_DECISION_AUTHORITY",
            ErrorCode::WrongArchiveVolume => "TOUSU_STATUS_WRONG_ARCHIVE_VOLUME",
            ErrorCode::RegistrationOutOfPlace => "TOUSU_STATUS_REGISTRATION_OUT_OF_PLACE",
            ErrorCode::RegisteredBeforeReceipt => "TOUSU_STATUS_REGISTERED_BEFORE_RECEIPT",
            ErrorCode::DuplicateLiaisonForm => "TOUSU_STATUS_DUPLICATE_LIAISON_FORM",
            ErrorCode::ClockAlreadyPaused => "TOUSU_STATUS_CLOCK_ALREADY_PAUSED",
            ErrorCode::ClockNotPaused => "TOUSU_STATUS_CLOCK_NOT_PAUSED",
            ErrorCode::CalendarSyntax => "TOUSU_STATUS_CALENDAR_SYNTAX",
            ErrorCode::CalendarUnknownField => "TOUSU_STATUS_CALENDAR_UNKNOWN_FIELD",
            ErrorCode::InvalidWeekmask => "TOUSU_STATUS_INVALID_WEEKMASK",
            ErrorCode::CalendarYearMissing => "TOUSU_STATUS_CALENDAR_YEAR_MISSING",
            ErrorCode::CalendarYearDuplicate => "TOUSU_STATUS_CALENDAR_YEAR_DUPLICATE",
            ErrorCode::CalendarDateOutsideYear => "TOUSU_STATUS_CALENDAR_DATE_OUTSIDE_YEAR",
            ErrorCode::ExtraWorkingDayNotWeekend => "TOUSU_STATUS_EXTRA_WORKING_DAY_NOT_WEEKEND",
            ErrorCode::DateBothRestAndWorking => "TOUSU_STATUS_DATE_BOTH_REST_AND_WORKING",
            ErrorCode::InvalidCalendar => "TOUSU_STATUS_INVALID_CALENDAR",
            ErrorCode::UnknownCalendar => "TOUSU_STATUS_UNKNOWN_CALENDAR",
            ErrorCode::DateOutOfCoverage => "TOUSU_STATUS_DATE_OUT_OF_COVERAGE",
            ErrorCode::NotAWorkingDay => "TOUSU_STATUS_NOT_A_WORKING_DAY",
            ErrorCode::NoSuchWorkingDay => "TOUSU_STATUS_NO_SUCH_WORKING_DAY",
            ErrorCode::PolicySyntax => "TOUSU_STATUS_POLICY_SYNTAX",
            ErrorCode::PolicyUnknownField => "TOUSU_STATUS_POLICY_UNKNOWN_FIELD",
            ErrorCode::PolicyUnknownUnit => "TOUSU_STATUS_POLICY_UNKNOWN_UNIT",
            ErrorCode::PolicyUnknownAnchor => "TOUSU_STATUS_POLICY_UNKNOWN_ANCHOR",
            ErrorCode::PolicyAnchorCycle => "TOUSU_STATUS_POLICY_ANCHOR_CYCLE",
            ErrorCode::PolicyInvalidDuration => "TOUSU_STATUS_POLICY_INVALID_DURATION",
            ErrorCode::PolicyInvalidWarnAt => "TOUSU_STATUS_POLICY_INVALID_WARN_AT",
            ErrorCode::PolicyInvalidWindow => "TOUSU_STATUS_POLICY_INVALID_WINDOW",
            ErrorCode::PolicyUnknownAction => "TOUSU_STATUS_POLICY_UNKNOWN_ACTION",
            ErrorCode::InvalidPolicy => "TOUSU_STATUS_INVALID_POLICY",
            ErrorCode::UnknownPolicy => "TOUSU_STATUS_UNKNOWN_POLICY",
            ErrorCode::PolicyCalendarMismatch => "TOUSU_STATUS_POLICY_CALENDAR_MISMATCH",
            ErrorCode::TaxonomySyntax => "TOUSU_STATUS_TAXONOMY_SYNTAX",
            ErrorCode::InvalidTaxonomy => "TOUSU_STATUS_INVALID_TAXONOMY",
            ErrorCode::UnknownCategory => "TOUSU_STATUS_UNKNOWN_CATEGORY",
            ErrorCode::RuleSetSyntax => "TOUSU_STATUS_RULE_SET_SYNTAX",
            ErrorCode::InvalidRule => "TOUSU_STATUS_INVALID_RULE",
            ErrorCode::UnreachableRule => "TOUSU_STATUS_UNREACHABLE_RULE",
            ErrorCode::ConflictingRules => "TOUSU_STATUS_CONFLICTING_RULES",
            ErrorCode::EscalationCycle => "TOUSU_STATUS_ESCALATION_CYCLE",
            ErrorCode::InvalidDirectory => "TOUSU_STATUS_INVALID_DIRECTORY",
            ErrorCode::NoEligibleHandler => "TOUSU_STATUS_NO_ELIGIBLE_HANDLER",
            ErrorCode::NullArgument => "TOUSU_STATUS_NULL_ARGUMENT",
            ErrorCode::InvalidUtf8 => "TOUSU_STATUS_INVALID_UTF8",
            ErrorCode::InvalidArgument => "TOUSU_STATUS_INVALID_ARGUMENT",
            ErrorCode::Internal => "TOUSU_STATUS_INTERNAL",
        }
    }

    /// The category of the code, which picks the Python exception class.
    pub fn category(self) -> ErrorCategory {
        match self.number() {
            1000..=1999 => ErrorCategory::Parse,
            2000..=2999 => ErrorCategory::Validation,
            3000..=3999 => ErrorCategory::Rule,
            4000..=4999 => ErrorCategory::Calendar,
            5000..=5999 => ErrorCategory::Deadline,
            6000..=6999 => ErrorCategory::Routing,
            9000..=9998 => ErrorCategory::Usage,
            _ => ErrorCategory::Internal,
        }
    }
}

impl fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// The category of an [`ErrorCode`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ErrorCategory {
    /// Input could not be read.
    Parse,
    /// Input was read but is not a valid record.
    Validation,
    /// An event breaks a rule of the procedure.
    Rule,
    /// Calendar data could not be loaded, or a date or step is outside what a calendar covers.
    Calendar,
    /// A deadline policy could not be loaded, or deadlines could not be computed with it.
    Deadline,
    /// A taxonomy, routing rule set or staff directory could not be loaded, or a complaint could
    /// not be routed or assigned with it.
    Routing,
    /// An API surface was misused.
    Usage,
    /// A bug in tousu.
    Internal,
}

/// One problem with one field of a record, named by its path (`complainant.contact.phone`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldError {
    /// Dotted path of the field, with list indices: `evidence[2].reference`.
    pub path: String,
    /// What is wrong, lowercase, naming the offending value where there is one.
    pub problem: String,
}

impl fmt::Display for FieldError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.path, self.problem)
    }
}

/// One problem of calendar data, with where it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CalendarProblem {
    /// The specific code (unknown field, missing year, date outside its year, …).
    pub code: ErrorCode,
    /// The year the problem is about, when there is one.
    pub year: Option<i32>,
    /// Where in the data: `year[3].rest_days[2]`, `calendar.weekmask`; empty when the text could
    /// not be read far enough to know.
    pub path: String,
    /// The 1-based line in TOML or JSON text, when the data came from text.
    pub line: Option<u32>,
    /// The 1-based column (in characters) on that line.
    pub column: Option<u32>,
    /// What is wrong, lowercase, naming the offending value.
    pub problem: String,
}

impl fmt::Display for CalendarProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let (Some(line), Some(column)) = (self.line, self.column) {
            write!(f, "line {line} column {column}: ")?;
        }
        if !self.path.is_empty() {
            write!(f, "{}: ", self.path)?;
        }
        f.write_str(&self.problem)
    }
}

/// One problem of a deadline policy, with where it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PolicyProblem {
    /// The specific code (unknown unit, cycle of anchors, bad window, …).
    pub code: ErrorCode,
    /// The milestone the problem is about, when there is one.
    pub milestone: Option<String>,
    /// Where in the data: `due.unit` (of the milestone), `policy.business_hours.windows[1]`;
    /// empty when the text could not be read far enough to know.
    pub path: String,
    /// The 1-based line in the TOML text, when the policy came from text.
    pub line: Option<u32>,
    /// The 1-based column (in characters) on that line.
    pub column: Option<u32>,
    /// What is wrong, lowercase, naming the offending value.
    pub problem: String,
}

impl fmt::Display for PolicyProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let (Some(line), Some(column)) = (self.line, self.column) {
            write!(f, "line {line} column {column}: ")?;
        }
        if let Some(milestone) = &self.milestone {
            write!(f, "milestone `{milestone}`: ")?;
        }
        if !self.path.is_empty() {
            write!(f, "{}: ", self.path)?;
        }
        f.write_str(&self.problem)
    }
}

/// One problem of a taxonomy, a routing rule set or a staff directory, with where it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RoutingProblem {
    /// The specific code (syntax, unknown category, duplicate rule id, unreachable rule, …).
    pub code: ErrorCode,
    /// What the problem is about: a category code, a rule id or a person id, when there is one.
    pub subject: Option<String>,
    /// Where in the data: `rule[3].when.amount.at_least`, `category[2].code`; empty when the text
    /// could not be read far enough to know.
    pub path: String,
    /// The 1-based line in the TOML text, when the data came from TOML text.
    pub line: Option<u32>,
    /// The 1-based column (in characters) on that line.
    pub column: Option<u32>,
    /// What is wrong, lowercase, naming the offending value.
    pub problem: String,
}

impl fmt::Display for RoutingProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let (Some(line), Some(column)) = (self.line, self.column) {
            write!(f, "line {line} column {column}: ")?;
        }
        if let Some(subject) = &self.subject {
            write!(f, "`{subject}`: ")?;
        }
        if !self.path.is_empty() {
            write!(f, "{}: ", self.path)?;
        }
        f.write_str(&self.problem)
    }
}

/// Every error tousu returns.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// JSON that could not be read into the schema.
    #[error("{what}: {message} at `{path}` ({location})")]
    Json {
        /// What was being read: `complaint`, `event`, `case`.
        what: &'static str,
        /// The specific code (malformed, unknown field, unknown variant, missing field, …).
        code: ErrorCode,
        /// The field path where reading stopped (`.` for the top level).
        path: String,
        /// The parser's message, lowercase.
        message: String,
        /// `line L column C`.
        location: String,
    },
    /// A `schema_version` this build does not read.
    #[error("unsupported schema_version {found} of {what}: this build reads version {supported}")]
    UnsupportedSchemaVersion {
        /// What was being read.
        what: &'static str,
        /// The version in the document.
        found: u64,
        /// The version this build reads.
        supported: u32,
    },
    /// A record that fails validation: every problem at once.
    #[error("invalid {what}: {}", join_problems(.problems))]
    Invalid {
        /// `complaint` or `event`.
        what: &'static str,
        /// [`ErrorCode::InvalidComplaint`] or [`ErrorCode::InvalidEvent`].
        code: ErrorCode,
        /// Every problem, in field order.
        problems: Vec<FieldError>,
    },
    /// An event that breaks a rule of the procedure.
    #[error("event {index} ({action}) rejected: {rule}: {detail}")]
    Rule {
        /// The position the event would have had in the case's history (0 = registration).
        index: usize,
        /// The event's action name (`closed`, `assigned`, …).
        action: &'static str,
        /// The rule broken.
        rule: Rule,
        /// What exactly was wrong, naming the values.
        detail: String,
    },
    /// Calendar data that cannot be loaded: every problem at once, each with where it is.
    #[error("calendar {calendar}{}: {}", in_file(.file), join_problems(.problems))]
    CalendarData {
        /// The calendar's code (`CN`), or `?` when the text could not be read far enough.
        calendar: String,
        /// The name of the file the text came from, when the caller gave one.
        file: Option<String>,
        /// Every problem, in the order of the text.
        problems: Vec<CalendarProblem>,
    },
    /// A question a calendar cannot answer: a date outside its coverage, a step of working days
    /// beyond it, a rest day where a working day is needed, a working day that does not exist.
    #[error("calendar {calendar}: {detail}")]
    Calendar {
        /// [`ErrorCode::DateOutOfCoverage`], [`ErrorCode::NotAWorkingDay`],
        /// [`ErrorCode::NoSuchWorkingDay`] or [`ErrorCode::UnknownCalendar`].
        code: ErrorCode,
        /// The calendar's code (`CN`).
        calendar: String,
        /// What was asked and why it has no answer, naming the date and the covered years.
        detail: String,
    },
    /// A deadline policy that cannot be loaded: every problem at once, each naming the
    /// milestone and its line.
    #[error("policy {policy}{}: {}", in_file(.file), join_problems(.problems))]
    Policy {
        /// The policy's id (`cn.branch`), or `?` when the text could not be read far enough.
        policy: String,
        /// The name of the file the text came from, when known.
        file: Option<String>,
        /// Every problem, in the order of the text.
        problems: Vec<PolicyProblem>,
    },
    /// Deadlines that cannot be computed with a policy (other than a calendar's own errors).
    #[error("policy {policy}: {detail}")]
    Deadline {
        /// [`ErrorCode::PolicyCalendarMismatch`], or [`ErrorCode::InvalidPolicy`] for a bad argument.
        code: ErrorCode,
        /// The policy's id.
        policy: String,
        /// What was asked and why it has no answer.
        detail: String,
    },
    /// A taxonomy, routing rule set or staff directory that cannot be loaded: every problem at
    /// once, each naming the category, rule or person and its line.
    #[error("{what} {id}{}: {}", in_file(.file), join_problems(.problems))]
    RoutingData {
        /// `taxonomy`, `rule set` or `staff directory`.
        what: &'static str,
        /// Its id (`cn.securities`), or `?` when the text could not be read far enough.
        id: String,
        /// The name of the file the text came from, when the caller gave one.
        file: Option<String>,
        /// Every problem, in the order of the text.
        problems: Vec<RoutingProblem>,
    },
    /// A complaint that cannot be routed or assigned: its category is not in the taxonomy, or
    /// nobody may handle it.
    #[error("complaint {complaint}: {detail}")]
    Routing {
        /// [`ErrorCode::UnknownCategory`] or [`ErrorCode::NoEligibleHandler`].
        code: ErrorCode,
        /// The complaint's id.
        complaint: String,
        /// For [`ErrorCode::NoEligibleHandler`]: the role to escalate to next, when the rule
        /// set's escalation chain has one above the role nobody could take.
        next_level: Option<String>,
        /// What was asked and why it has no answer, naming the values.
        detail: String,
    },
    /// Misuse of a binding (NULL pointer, bad UTF-8), reported by the C and Python surfaces.
    #[error("{message}")]
    Usage {
        /// [`ErrorCode::NullArgument`], [`ErrorCode::InvalidUtf8`] or [`ErrorCode::Internal`].
        code: ErrorCode,
        /// What was wrong, naming the argument.
        message: String,
    },
}

fn join_problems<P: fmt::Display>(problems: &[P]) -> String {
    let parts: Vec<String> = problems.iter().map(P::to_string).collect();
    parts.join("; ")
}

fn in_file(file: &Option<String>) -> String {
    file.as_ref().map(|f| format!(" ({f})")).unwrap_or_default()
}

impl Error {
    /// The stable code of this error.
    pub fn code(&self) -> ErrorCode {
        match self {
            Error::Json { code, .. }
            | Error::Invalid { code, .. }
            | Error::Usage { code, .. }
            | Error::Calendar { code, .. }
            | Error::Deadline { code, .. }
            | Error::Routing { code, .. } => *code,
            Error::RoutingData { problems, .. } => problems.first().map_or(ErrorCode::InvalidRule, |p| p.code),
            Error::Policy { problems, .. } => problems.first().map_or(ErrorCode::InvalidPolicy, |p| p.code),
            Error::CalendarData { problems, .. } => problems.first().map_or(ErrorCode::InvalidCalendar, |p| p.code),
            Error::UnsupportedSchemaVersion { .. } => ErrorCode::UnsupportedSchemaVersion,
            Error::Rule { rule, .. } => rule.code(),
        }
    }

    /// The field problems of a validation error (empty for other errors).
    pub fn field_errors(&self) -> &[FieldError] {
        match self {
            Error::Invalid { problems, .. } => problems,
            _ => &[],
        }
    }

    /// The problems of a calendar-data error (empty for other errors).
    pub fn calendar_problems(&self) -> &[CalendarProblem] {
        match self {
            Error::CalendarData { problems, .. } => problems,
            _ => &[],
        }
    }

    /// The problems of a policy error (empty for other errors).
    pub fn policy_problems(&self) -> &[PolicyProblem] {
        match self {
            Error::Policy { problems, .. } => problems,
            _ => &[],
        }
    }

    /// The problems of a taxonomy, rule-set or staff-directory error (empty for other errors).
    pub fn routing_problems(&self) -> &[RoutingProblem] {
        match self {
            Error::RoutingData { problems, .. } => problems,
            _ => &[],
        }
    }

    /// The error an API surface reports for a panic it caught at its boundary (a bug in tousu):
    /// [`ErrorCode::Internal`], naming the call and the panic's message.
    pub fn from_panic(call: &str, payload: &(dyn std::any::Any + Send)) -> Error {
        let what = payload
            .downcast_ref::<&str>()
            .copied()
            .or_else(|| payload.downcast_ref::<String>().map(String::as_str))
            .unwrap_or("a panic without a message");
        Error::Usage {
            code: ErrorCode::Internal,
            message: format!("{call}: internal error, please report it: {what}"),
        }
    }

    /// The index in the case's history of the event refused, for a rule error.
    pub fn event_index(&self) -> Option<usize> {
        match self {
            Error::Rule { index, .. } => Some(*index),
            _ => None,
        }
    }

    /// The rule broken, for a rule error.
    pub fn rule(&self) -> Option<Rule> {
        match self {
            Error::Rule { rule, .. } => Some(*rule),
            _ => None,
        }
    }
}

/// Shorthand for results of this crate.
pub type Result<T, E = Error> = std::result::Result<T, E>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_unique_and_round_trip() {
        let mut seen = std::collections::HashSet::new();
        for code in ErrorCode::ALL {
            assert!(seen.insert(code.number()), "duplicate number {}", code.number());
            assert_eq!(ErrorCode::from_number(code.number()), Some(*code));
            assert!(code.name().starts_with("TOUSU_STATUS_"));
        }
        assert_eq!(ErrorCode::from_number(0), None);
    }

    #[test]
    fn a_caught_panic_names_the_call_and_the_message() {
        let payload = std::panic::catch_unwind(|| panic!("boom {}", 7)).unwrap_err();
        let err = Error::from_panic("tousu_case_apply_json", payload.as_ref());
        assert_eq!(err.code(), ErrorCode::Internal);
        assert_eq!(
            err.to_string(),
            "tousu_case_apply_json: internal error, please report it: boom 7"
        );
        let payload = std::panic::catch_unwind(|| std::panic::panic_any(42u8)).unwrap_err();
        assert!(Error::from_panic("f", payload.as_ref())
            .to_string()
            .ends_with("a panic without a message"));
    }

    #[test]
    fn categories_follow_number_ranges() {
        assert_eq!(ErrorCode::UnknownField.category(), ErrorCategory::Parse);
        assert_eq!(ErrorCode::InvalidComplaint.category(), ErrorCategory::Validation);
        assert_eq!(ErrorCode::RecusalRequired.category(), ErrorCategory::Rule);
        assert_eq!(ErrorCode::CalendarSyntax.category(), ErrorCategory::Calendar);
        assert_eq!(ErrorCode::DateOutOfCoverage.category(), ErrorCategory::Calendar);
        assert_eq!(ErrorCode::PolicyAnchorCycle.category(), ErrorCategory::Deadline);
        assert_eq!(ErrorCode::PolicyCalendarMismatch.category(), ErrorCategory::Deadline);
        assert_eq!(ErrorCode::UnknownCategory.category(), ErrorCategory::Routing);
        assert_eq!(ErrorCode::NoEligibleHandler.category(), ErrorCategory::Routing);
        assert_eq!(ErrorCode::NullArgument.category(), ErrorCategory::Usage);
        assert_eq!(ErrorCode::Internal.category(), ErrorCategory::Internal);
    }
}
