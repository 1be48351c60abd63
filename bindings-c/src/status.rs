//! `tousu_status`: the return value of every fallible function, and `tousu_status_name`.
//!
//! The variants are core's [`ErrorCode`] plus `TOUSU_STATUS_OK`, with the same numbers. They
//! are written out here because cbindgen reads source, not expanded macros; the tests below
//! (and `bindings-c/tests/test_status.c`) fail if a number or a name drifts from core, or if
//! core gains a code this enum lacks.

use std::ffi::{c_char, CString};
use std::sync::OnceLock;

use tousu_core::ErrorCode;

/// The outcome of a call: `TOUSU_STATUS_OK` (0) or the reason it failed.
///
/// Numbers are stable and never reused, grouped by category:
///
/// | range     | category                                                          |
/// |-----------|-------------------------------------------------------------------|
/// | 0         | success                                                           |
/// | 1000-1999 | input that could not be read (JSON syntax, types, unknown fields) |
/// | 2000-2999 | input that was read but is not a valid record                     |
/// | 3000-3999 | an event that breaks a rule of the complaint procedure            |
/// | 4000-4999 | calendar data that cannot be loaded, a date a calendar cannot answer |
/// | 5000-5999 | a deadline policy that cannot be loaded, or deadlines it cannot compute |
/// | 6000-6999 | taxonomies, routing rule sets and staff directories that cannot be loaded; complaints that cannot be routed or assigned |
/// | 9000-9998 | misuse of the C API (NULL pointers, bad UTF-8)                    |
/// | 9999      | an internal fault: a bug in tousu, please report it               |
///
/// A category is `status / 1000` for every status but `TOUSU_STATUS_INTERNAL`. New statuses may
/// be added in later versions: treat an unknown value by its range. `tousu_status_name` gives
/// the name of any value as a string.
#[allow(non_camel_case_types)]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[repr(u32)]
pub enum tousu_status {
    /// The call succeeded and wrote its outputs.
    Ok = 0,

    /// The text is not well-formed JSON, or a value has the wrong JSON type.
    MalformedJson = 1000,
    /// An object carries a field the schema does not know.
    UnknownField = 1001,
    /// A string names an enum value (channel, severity, action, ...) the schema does not know.
    UnknownVariant = 1002,
    /// A field the schema needs to even read the record is absent.
    MissingField = 1003,
    /// The document's `schema_version` is not one this build reads.
    UnsupportedSchemaVersion = 1004,
    /// A timestamp or date could not be read (it must be RFC 3339 with a UTC offset).
    InvalidTimestamp = 1005,

    /// A complaint record fails validation; the error lists every problem with its field path
    /// (`tousu_error_field_count`, `tousu_error_field_path`, `tousu_error_field_problem`).
    InvalidComplaint = 2000,
    /// An event's own data fails validation (an empty reason, a negative amount, ...); the
    /// error lists every problem with its field path.
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
    /// A decision taken below the authority the severity needs (R10, R18).
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

    /// Calendar text that cannot be read: TOML or JSON syntax, a value of the wrong type, a
    /// missing field.
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
    /// Any other invalid calendar data (an empty code or source, a bad UTC offset, a coverage
    /// that is reversed or too long, a year outside the coverage, a date listed twice).
    InvalidCalendar = 4008,
    /// A built-in calendar code that does not exist.
    UnknownCalendar = 4009,
    /// A date outside the years a calendar covers, or a step of N working days that would
    /// leave them. A year whose schedule has not been announced is unknown, never guessed.
    DateOutOfCoverage = 4100,
    /// A working day was required (adding 0 working days) but the date is a rest day.
    NotAWorkingDay = 4101,
    /// The N-th working day of a month that has fewer, or a month or N that does not exist.
    NoSuchWorkingDay = 4102,

    /// Policy text that cannot be read: TOML syntax, a value of the wrong type, a missing field.
    PolicySyntax = 5000,
    /// Policy text with a field the policy format does not know.
    PolicyUnknownField = 5001,
    /// A milestone's due unit that is not a unit.
    PolicyUnknownUnit = 5002,
    /// A milestone anchored on an unknown milestone, or an anchor of no known form.
    PolicyUnknownAnchor = 5003,
    /// Milestones whose anchors form a cycle.
    PolicyAnchorCycle = 5004,
    /// A zero, negative or missing duration (or extension limit).
    PolicyInvalidDuration = 5005,
    /// A warn_at outside (0, 1).
    PolicyInvalidWarnAt = 5006,
    /// A business-hours window that is malformed, ends before it starts, is out of order or overlaps another.
    PolicyInvalidWindow = 5007,
    /// An action name in a policy that is not an action.
    PolicyUnknownAction = 5008,
    /// Any other invalid policy data (an empty or repeated id, a bad time zone or cut-off, ...).
    InvalidPolicy = 5009,
    /// A preset policy id that is not a preset.
    UnknownPolicy = 5010,
    /// Deadlines asked on another calendar than the one the policy names.
    PolicyCalendarMismatch = 5100,

    /// Taxonomy text that cannot be read: TOML syntax, a value of the wrong type, a missing or unknown field.
    TaxonomySyntax = 6000,
    /// Invalid taxonomy data: a malformed or repeated category code, a code whose parent is missing, an empty label or version.
    InvalidTaxonomy = 6001,
    /// A category code the taxonomy does not have.
    UnknownCategory = 6002,
    /// Rule-set text that cannot be read: TOML syntax (with line and column), a value of the wrong type (a string compared with a number), a missing or unknown field.
    RuleSetSyntax = 6100,
    /// An invalid rule: no id or a repeated id, an empty condition, a reversed amount range, an unknown policy preset, role or hit policy.
    InvalidRule = 6101,
    /// A rule no complaint can reach under first match: an earlier rule matches whatever it matches.
    UnreachableRule = 6102,
    /// Rules that can match the same complaint and decide the same thing differently with no priority between them.
    ConflictingRules = 6103,
    /// Escalation targets that form a cycle.
    EscalationCycle = 6104,
    /// Staff-directory data that cannot be used: a missing or repeated person id, an unknown role.
    InvalidDirectory = 6200,
    /// Nobody in the staff directory may handle the decision (the person complained about and the conflicted recuse, the absent are away); the error names the next escalation level.
    NoEligibleHandler = 6201,

    /// A required pointer argument was NULL; the message names the argument.
    NullArgument = 9000,
    /// A string argument was not valid UTF-8; the message names the argument and the byte.
    InvalidUtf8 = 9001,
    /// An argument has a value the call cannot take (neither NULL nor bad text); the message
    /// names the argument and why.
    InvalidArgument = 9002,
    /// A panic was caught at the API boundary: a bug in tousu, please report it. Any handle
    /// the failed call was given should only be freed afterwards.
    Internal = 9999,
}

impl tousu_status {
    /// The status of a core error code.
    ///
    /// `ErrorCode` is `#[non_exhaustive]`: a code core adds before this enum learns it becomes
    /// `Internal`, and the tests below fail until it is added here.
    pub(crate) fn from_code(code: ErrorCode) -> tousu_status {
        use tousu_status as S;
        match code {
            ErrorCode::MalformedJson => S::MalformedJson,
            ErrorCode::UnknownField => S::UnknownField,
            ErrorCode::UnknownVariant => S::UnknownVariant,
            ErrorCode::MissingField => S::MissingField,
            ErrorCode::UnsupportedSchemaVersion => S::UnsupportedSchemaVersion,
            ErrorCode::InvalidTimestamp => S::InvalidTimestamp,
            ErrorCode::InvalidComplaint => S::InvalidComplaint,
            ErrorCode::InvalidEvent => S::InvalidEvent,
            ErrorCode::IllegalTransition => S::IllegalTransition,
            ErrorCode::EventOutOfOrder => S::EventOutOfOrder,
            ErrorCode::CaseArchived => S::CaseArchived,
            ErrorCode::RecusalRequired => S::RecusalRequired,
            ErrorCode::ResultNotFedBack => S::ResultNotFedBack,
            ErrorCode::NotClosed => S::NotClosed,
            ErrorCode::RegulatorNotReportedBack => S::RegulatorNotReportedBack,
            ErrorCode::NotForwardedByRegulator => S::NotForwardedByRegulator,
            ErrorCode::AlreadyAcknowledged => S::AlreadyAcknowledged,
            ErrorCode::NoEarlierPromise => S::NoEarlierPromise,
            ErrorCode::PromiseInThePast => S::PromiseInThePast,
            ErrorCode::NotTheOwner => S::NotTheOwner,
            ErrorCode::LiaisonFormMismatch => S::LiaisonFormMismatch,
            ErrorCode::NoResolutionProposed => S::NoResolutionProposed,
            ErrorCode::InsufficientDecisionAuthority => S::InsufficientDecisionAuthority,
            ErrorCode::WrongArchiveVolume => S::WrongArchiveVolume,
            ErrorCode::RegistrationOutOfPlace => S::RegistrationOutOfPlace,
            ErrorCode::RegisteredBeforeReceipt => S::RegisteredBeforeReceipt,
            ErrorCode::DuplicateLiaisonForm => S::DuplicateLiaisonForm,
            ErrorCode::ClockAlreadyPaused => S::ClockAlreadyPaused,
            ErrorCode::ClockNotPaused => S::ClockNotPaused,
            ErrorCode::CalendarSyntax => S::CalendarSyntax,
            ErrorCode::CalendarUnknownField => S::CalendarUnknownField,
            ErrorCode::InvalidWeekmask => S::InvalidWeekmask,
            ErrorCode::CalendarYearMissing => S::CalendarYearMissing,
            ErrorCode::CalendarYearDuplicate => S::CalendarYearDuplicate,
            ErrorCode::CalendarDateOutsideYear => S::CalendarDateOutsideYear,
            ErrorCode::ExtraWorkingDayNotWeekend => S::ExtraWorkingDayNotWeekend,
            ErrorCode::DateBothRestAndWorking => S::DateBothRestAndWorking,
            ErrorCode::InvalidCalendar => S::InvalidCalendar,
            ErrorCode::UnknownCalendar => S::UnknownCalendar,
            ErrorCode::DateOutOfCoverage => S::DateOutOfCoverage,
            ErrorCode::NotAWorkingDay => S::NotAWorkingDay,
            ErrorCode::NoSuchWorkingDay => S::NoSuchWorkingDay,
            ErrorCode::PolicySyntax => S::PolicySyntax,
            ErrorCode::PolicyUnknownField => S::PolicyUnknownField,
            ErrorCode::PolicyUnknownUnit => S::PolicyUnknownUnit,
            ErrorCode::PolicyUnknownAnchor => S::PolicyUnknownAnchor,
            ErrorCode::PolicyAnchorCycle => S::PolicyAnchorCycle,
            ErrorCode::PolicyInvalidDuration => S::PolicyInvalidDuration,
            ErrorCode::PolicyInvalidWarnAt => S::PolicyInvalidWarnAt,
            ErrorCode::PolicyInvalidWindow => S::PolicyInvalidWindow,
            ErrorCode::PolicyUnknownAction => S::PolicyUnknownAction,
            ErrorCode::InvalidPolicy => S::InvalidPolicy,
            ErrorCode::UnknownPolicy => S::UnknownPolicy,
            ErrorCode::PolicyCalendarMismatch => S::PolicyCalendarMismatch,
            ErrorCode::TaxonomySyntax => S::TaxonomySyntax,
            ErrorCode::InvalidTaxonomy => S::InvalidTaxonomy,
            ErrorCode::UnknownCategory => S::UnknownCategory,
            ErrorCode::RuleSetSyntax => S::RuleSetSyntax,
            ErrorCode::InvalidRule => S::InvalidRule,
            ErrorCode::UnreachableRule => S::UnreachableRule,
            ErrorCode::ConflictingRules => S::ConflictingRules,
            ErrorCode::EscalationCycle => S::EscalationCycle,
            ErrorCode::InvalidDirectory => S::InvalidDirectory,
            ErrorCode::NoEligibleHandler => S::NoEligibleHandler,
            ErrorCode::NullArgument => S::NullArgument,
            ErrorCode::InvalidUtf8 => S::InvalidUtf8,
            ErrorCode::InvalidArgument => S::InvalidArgument,
            ErrorCode::Internal => S::Internal,
            _ => S::Internal,
        }
    }
}

/// The C name of the status with this number. `0` is `TOUSU_STATUS_OK`; every other name is
/// core's `ErrorCode::name`, so the C and Python surfaces report the same names.
fn status_name(number: u32) -> Option<&'static str> {
    if number == tousu_status::Ok as u32 {
        return Some("TOUSU_STATUS_OK");
    }
    ErrorCode::from_number(number).map(ErrorCode::name)
}

/// The names as NUL-terminated strings, built once from core's codes.
fn status_names() -> &'static [(u32, CString)] {
    static NAMES: OnceLock<Vec<(u32, CString)>> = OnceLock::new();
    NAMES.get_or_init(|| {
        std::iter::once(tousu_status::Ok as u32)
            .chain(ErrorCode::ALL.iter().map(|code| code.number()))
            .filter_map(|n| Some((n, CString::new(status_name(n)?).ok()?)))
            .collect()
    })
}

/// The name of a status, e.g. `"TOUSU_STATUS_EVENT_OUT_OF_ORDER"` for 3001: the same string
/// as the constant in this header and as Python's `TousuError.code`.
///
/// `status` is a plain number so that any value, even one this header does not list, can be
/// asked about. Returns NULL when the number is not a status of this build.
///
/// The string is static: never free it. Thread-safe.
#[no_mangle]
pub extern "C" fn tousu_status_name(status: u32) -> *const c_char {
    crate::panic::guard_value(std::ptr::null(), || {
        status_names()
            .iter()
            .find(|(n, _)| *n == status)
            .map_or(std::ptr::null(), |(_, name)| name.as_ptr())
    })
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;
    use std::ffi::CStr;

    use super::*;

    #[test]
    fn every_core_code_maps_to_a_status_of_the_same_number_and_name() {
        for &code in ErrorCode::ALL {
            let status = tousu_status::from_code(code);
            assert_eq!(status as u32, code.number(), "{code:?}");
            assert!(
                status != tousu_status::Internal || code == ErrorCode::Internal,
                "{code:?} unmapped"
            );
            let name = unsafe { CStr::from_ptr(tousu_status_name(status as u32)) };
            assert_eq!(name.to_str().unwrap(), code.name());
        }
    }

    #[test]
    fn ok_and_unknown_numbers() {
        let ok = unsafe { CStr::from_ptr(tousu_status_name(0)) };
        assert_eq!(ok.to_str().unwrap(), "TOUSU_STATUS_OK");
        for n in [1, 999, 1999, 3999, 4999, 9998, u32::MAX] {
            assert!(tousu_status_name(n).is_null(), "{n}");
        }
    }

    /// `NAME = number` for every constant with `prefix` in the committed header.
    fn header_constants(prefix: &str) -> BTreeMap<String, u32> {
        let header = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/include/tousu.h"))
            .expect("bindings-c/include/tousu.h");
        header
            .lines()
            .filter_map(|line| {
                let (name, value) = line.trim().trim_end_matches(',').split_once(" = ")?;
                let name = name.trim();
                name.starts_with(prefix)
                    .then(|| (name.to_owned(), value.trim().parse().unwrap()))
            })
            .collect()
    }

    /// The committed header lists exactly core's codes plus OK, with core's names and numbers.
    /// With the freshness check of `tests/run.sh` (header == cbindgen output of this source),
    /// nothing can drift.
    #[test]
    fn header_statuses_are_exactly_core_codes() {
        let mut expected: BTreeMap<String, u32> = ErrorCode::ALL
            .iter()
            .map(|c| (c.name().to_owned(), c.number()))
            .collect();
        expected.insert("TOUSU_STATUS_OK".to_owned(), 0);
        assert_eq!(header_constants("TOUSU_STATUS_"), expected);
    }

    #[test]
    fn header_stages_are_exactly_core_stages() {
        let expected: BTreeMap<String, u32> = tousu_core::Stage::ALL
            .iter()
            .map(|&s| {
                let number = crate::case::tousu_stage::from_stage(s).unwrap() as u32;
                (format!("TOUSU_STAGE_{}", s.name().to_uppercase()), number)
            })
            .collect();
        assert_eq!(header_constants("TOUSU_STAGE_"), expected);
    }

    #[test]
    fn header_deadline_statuses_and_units_are_exactly_cores() {
        use crate::deadline::*;
        let c_name = |p: *const c_char| unsafe { CStr::from_ptr(p) }.to_str().unwrap();
        let statuses: BTreeMap<String, u32> = STATUSES
            .iter()
            .map(|&s| {
                let number = status_of(s) as u32;
                assert_eq!(c_name(tousu_deadline_status_name(number)), s.name());
                (format!("TOUSU_DEADLINE_STATUS_{}", s.name().to_uppercase()), number)
            })
            .collect();
        assert_eq!(header_constants("TOUSU_DEADLINE_STATUS_"), statuses);
        let units: BTreeMap<String, u32> = tousu_core::Unit::ALL
            .iter()
            .map(|&u| {
                let number = tousu_deadline_unit::from_unit(u).unwrap() as u32;
                assert_eq!(c_name(tousu_deadline_unit_name(number)), u.name());
                (format!("TOUSU_DEADLINE_UNIT_{}", u.name().to_uppercase()), number)
            })
            .collect();
        assert_eq!(header_constants("TOUSU_DEADLINE_UNIT_"), units);
        assert!(tousu_deadline_status_name(0).is_null() && tousu_deadline_unit_name(99).is_null());
    }

    #[test]
    fn header_routing_enums_are_exactly_cores() {
        use crate::routing::*;
        use tousu_core::{Attribute, Obligation};
        let c_name = |p: *const c_char| unsafe { CStr::from_ptr(p) }.to_str().unwrap();
        let obligations: BTreeMap<String, u32> = Obligation::ALL
            .iter()
            .map(|&o| {
                let bit = tousu_obligation::from_obligation(o).unwrap() as u32;
                assert_eq!(c_name(tousu_obligation_name(bit)), o.name());
                (format!("TOUSU_OBLIGATION_{}", o.name().to_uppercase()), bit)
            })
            .collect();
        assert_eq!(header_constants("TOUSU_OBLIGATION_"), obligations);
        let attributes: BTreeMap<String, u32> = Attribute::ALL
            .iter()
            .map(|&a| {
                let bit = tousu_attribute::from_attribute(a).unwrap() as u32;
                assert_eq!(c_name(tousu_attribute_name(bit)), a.name());
                (format!("TOUSU_ATTRIBUTE_{}", a.name().to_uppercase()), bit)
            })
            .collect();
        assert_eq!(header_constants("TOUSU_ATTRIBUTE_"), attributes);
        assert_eq!(header_constants("TOUSU_HIT_POLICY_").len(), 2);
        assert_eq!(c_name(tousu_hit_policy_name(2)), "collect_all");
        assert_eq!(c_name(tousu_handling_level_name(2)), "head_office");
        assert!(tousu_obligation_name(3).is_null() && tousu_attribute_name(0).is_null());
    }

    /// Every recusal core knows has its own value (core's enum has no list of its variants: a
    /// new one fails `from_recusal` at run time, as `TOUSU_STATUS_INTERNAL`), and the header
    /// lists exactly these.
    #[test]
    fn header_recusals_are_cores() {
        use crate::directory::tousu_recusal;
        use tousu_core::Recusal;
        let all = [
            Recusal::ComplainedAbout,
            Recusal::DeclaredConflict("the case SZ-1".to_owned()),
            Recusal::Unavailable,
            Recusal::OtherOffice,
            Recusal::OtherDepartment,
        ];
        // `OtherDepartment` -> `TOUSU_RECUSAL_OTHER_DEPARTMENT`, as cbindgen names the values.
        let constant = |value: tousu_recusal| {
            format!("{value:?}")
                .chars()
                .fold(String::from("TOUSU_RECUSAL"), |mut name, c| {
                    if c.is_uppercase() {
                        name.push('_');
                    }
                    name.push(c.to_ascii_uppercase());
                    name
                })
        };
        let values: BTreeMap<String, u32> = all
            .iter()
            .map(|why| {
                let value = tousu_recusal::from_recusal(why).unwrap();
                (constant(value), value as u32)
            })
            .collect();
        assert_eq!(values.len(), all.len());
        assert_eq!(header_constants("TOUSU_RECUSAL_"), values);
    }
}
