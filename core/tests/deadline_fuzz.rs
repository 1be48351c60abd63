//! Fuzzing of the calendar and policy loaders inside the test suite, in the manner of
//! `routing_fuzz.rs`: the shipped calendar and policy files and small custom ones are mutated
//! (bytes flipped, lines cut, duplicated or swapped, TOML tokens spliced in) and arbitrary text
//! is fed to every loader and to the business-hours parsers. No input may panic; every refusal
//! carries a calendar (4000) or policy (5000) code and a message — never an internal one; a
//! refused extension leaves the calendar exactly as it was; and a mutated policy that still
//! loads computes deadlines (or refuses to, with a typed error) without panicking.

use chrono::{DateTime, FixedOffset};
use proptest::prelude::*;
use tousu::deadline::{Condition, Window};
use tousu::{Action, BusinessHours, Case, Complaint, ErrorCategory, Event, Policy, WorkCalendar, Zone};

#[path = "support/mutate.rs"]
mod mutate;
use mutate::{mutate, mutation};

const CALENDARS: [&str; 5] = [
    include_str!("../data/calendars/CN.toml"),
    include_str!("../data/calendars/XSHG.toml"),
    include_str!("../data/calendars/XSHE.toml"),
    include_str!("../data/calendars/GB-EAW.toml"),
    include_str!("../data/calendars/US.toml"),
];

const POLICIES: [&str; 6] = [
    include_str!("../data/policies/cn-branch.toml"),
    include_str!("../data/policies/cn-firm.toml"),
    include_str!("../data/policies/cn-feedback.toml"),
    include_str!("../data/policies/uk-fca-disp.toml"),
    include_str!("../data/policies/uk-fca-disp-psd.toml"),
    include_str!("../data/policies/us-cfpb.toml"),
];

/// A small custom calendar: a header, two years, make-up days.
const CUSTOM: &str = r#"[calendar]
code = "T"
name = "test"
weekmask = "1111100"
utc_offset = "+08:00"
first_year = 2024
last_year = 2025

[[year]]
year = 2024
source = "notice 2024"
rest_days = [2024-10-01, 2024-10-02]
extra_working_days = [2024-09-29]

[[year]]
year = 2025
source = "notice 2025"
rest_days = [2025-10-01]
extra_working_days = [2025-09-28]
"#;

/// A year that extends the built-in CN calendar (2027, as a user would add it when announced).
const NEXT_YEAR: &str = r#"[[year]]
year = 2027
source = "国务院办公厅关于2027年部分节假日安排的通知 (test data)"
rest_days = [2027-01-01, 2027-10-01, 2027-10-04]
extra_working_days = [2027-09-26]
"#;

/// Tokens of this format, beside `mutate`'s TOML punctuation.
const TOKENS: &[&str] = &[
    "\n[[year]]\n",
    "\n[[milestone]]\n",
    "\n[calendar]\n",
    "\n[policy.clock]\n",
    "year = 1600",
    "year = 99999",
    "first_year = 2100",
    "last_year = 1999",
    "weekmask = \"0000000\"",
    "weekmask = \"11111001\"",
    "rest_days = [2024-02-30]",
    "extra_working_days = [2024-09-28, 2024-09-28]",
    "due = { amount = -1, unit = \"working_days\" }",
    "due = { amount = 4294967295, unit = \"months\" }",
    "due = { amount = 0, unit = \"weeks\" }",
    "due = { at = \"25:00\", unit = \"time_of_day\" }",
    "unit = \"fortnights\"",
    "from = \"milestone:acknowledge\"",
    "from = \"milestone:nowhere\"",
    "from = \"event:nothing\"",
    "windows = [\"17:00-09:00\"]",
    "windows = [\"00:00-24:00\"]",
    "windows = []",
    "time_zone = \"Mars/Olympus\"",
    "time_zone = \"Europe/London\"",
    "receipt_cutoff = \"24:00\"",
    "warn_at = 1.5",
    "warn_at = nan",
    "extension = { max_count = 4294967295, max_amount = 4294967295 }",
    "only_if = \"severity_at_least:\"",
    "calendar = \"NOWHERE\"",
    "1979-05-27T07:32:00Z",
];

fn check_refusal(err: tousu::Error, expected: ErrorCategory) -> Result<(), TestCaseError> {
    prop_assert_eq!(err.code().category(), expected, "{}", err);
    prop_assert!(!err.to_string().is_empty());
    Ok(())
}

fn at(s: &str) -> DateTime<FixedOffset> {
    DateTime::parse_from_rfc3339(s).unwrap()
}

/// Cases for the policies that still load: received before National Day 2024 and in early
/// 2025 (under every built-in calendar's coverage), paused, resumed and extended.
fn cases() -> Vec<Case> {
    let complaint = |received: &str| {
        Complaint::from_json(&format!(
            r#"{{"id": "F-1", "channel": "phone", "complainant": {{"name": "赵六", "contact": {{"phone": "13800138000"}}}},
                "receiver": "S001", "branch": "杭州营业部", "received_at": "{received}",
                "matter": "m", "facts": {{"account": "f"}}, "demand": "d", "category": "service.attitude",
                "claimed_amount": {{"minor_units": 5000000, "currency": "CNY"}}}}"#
        ))
        .unwrap()
    };
    let e = |t: &str, a: Action| Event::new(at(t), "S001", a);
    let pause = || Action::ClockPaused {
        reason: "等待客户材料".into(),
    };
    let autumn = Case::replay(
        complaint("2024-09-27T16:00:00+08:00"),
        vec![
            e("2024-09-27T16:05:00+08:00", Action::Registered {}),
            e("2024-09-29T09:10:00+08:00", Action::Acknowledged { via: None }),
            e("2024-09-29T10:00:00+08:00", pause()),
            e("2024-09-30T14:00:00+08:00", Action::ClockResumed {}),
            e(
                "2024-10-08T11:00:00+08:00",
                Action::ExtensionGranted {
                    reason: "情况复杂".into(),
                    approved_by: "S005".into(),
                    working_days: 2,
                },
            ),
            e("2024-10-09T10:00:00+08:00", pause()),
        ],
    )
    .unwrap();
    let winter = Case::replay(
        complaint("2025-01-27T09:00:00+08:00"),
        vec![e("2025-01-27T09:05:00+08:00", Action::Registered {})],
    )
    .unwrap();
    vec![autumn, winter]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 600, ..ProptestConfig::default() })]

    #[test]
    fn mutated_calendars_never_panic(seed in 0usize..CALENDARS.len() + 1, mutations in prop::collection::vec(mutation(), 1..5)) {
        let doc = CALENDARS.get(seed).copied().unwrap_or(CUSTOM);
        let text = mutate(doc, &mutations, TOKENS);
        if let Err(e) = WorkCalendar::from_toml(&text) {
            check_refusal(e, ErrorCategory::Calendar)?;
        }
        if let Err(e) = WorkCalendar::from_toml_named(&text, Some("mutated.toml")) {
            check_refusal(e, ErrorCategory::Calendar)?;
        }
    }

    #[test]
    fn a_refused_extension_changes_nothing(doc in 0usize..2, mutations in prop::collection::vec(mutation(), 1..4)) {
        let text = mutate(if doc == 0 { NEXT_YEAR } else { CUSTOM }, &mutations, TOKENS);
        let before = WorkCalendar::builtin("CN").unwrap();
        let mut cal = before.clone();
        match cal.extend_from_toml(&text) {
            Err(e) => {
                check_refusal(e, ErrorCategory::Calendar)?;
                prop_assert!(cal == before, "a refused extension changed the calendar");
            }
            Ok(()) => prop_assert!(cal.last_year() >= before.last_year()),
        }
        // The same text as JSON is not JSON: refused, nothing changed.
        let mut cal = before.clone();
        if let Err(e) = cal.extend_from_json(&text) {
            check_refusal(e, ErrorCategory::Calendar)?;
            prop_assert!(cal == before, "a refused JSON extension changed the calendar");
        }
    }

    #[test]
    fn mutated_policies_never_panic_and_still_compute(seed in 0usize..POLICIES.len(), mutations in prop::collection::vec(mutation(), 1..5)) {
        let text = mutate(POLICIES[seed], &mutations, TOKENS);
        match Policy::from_toml_named(&text, Some("mutated.toml")) {
            Err(e) => check_refusal(e, ErrorCategory::Deadline)?,
            Ok(policy) => {
                let Ok(cal) = WorkCalendar::builtin(policy.calendar()) else { return Ok(()) };
                for case in cases() {
                    let now = at("2024-11-15T10:00:00+08:00");
                    let rich = policy.deadlines(&case, &cal, now);
                    let mut figures = Vec::new();
                    let plain = policy.deadline_figures(&case, &cal, now, &mut figures);
                    match (rich, plain) {
                        (Ok(all), Ok(())) => prop_assert_eq!(all.len(), figures.len()),
                        (Err(a), Err(b)) => {
                            prop_assert_eq!(a.code(), b.code());
                            prop_assert!(figures.is_empty(), "a failed call left figures behind");
                            prop_assert!(matches!(a.code().category(), ErrorCategory::Calendar | ErrorCategory::Deadline), "{}", a);
                        }
                        (rich, plain) => prop_assert!(false, "the forms disagree: {:?} / {:?}", rich.err(), plain.err()),
                    }
                }
            }
        }
    }

    #[test]
    fn arbitrary_text_never_panics(text in "\\PC{0,200}") {
        check_refusal(WorkCalendar::from_toml(&text).expect_err("not a calendar"), ErrorCategory::Calendar)?;
        check_refusal(WorkCalendar::from_json(&text).expect_err("not a calendar"), ErrorCategory::Calendar)?;
        check_refusal(Policy::from_toml(&text).expect_err("not a policy"), ErrorCategory::Deadline)?;
        let mut cal = WorkCalendar::builtin("XSHG").unwrap();
        if let Err(e) = cal.extend_from_toml(&text) {
            check_refusal(e, ErrorCategory::Calendar)?;
        }
        // The small parsers of business hours answer or refuse; they never panic.
        let _ = Zone::parse(&text);
        let _ = Window::parse(&text);
        let _ = Condition::parse(&text);
        if let Err(e) = BusinessHours::parse(&text, &[&text, "09:00-11:30"], &text) {
            check_refusal(e, ErrorCategory::Deadline)?;
        }
    }
}

#[test]
fn seeds_load_before_mutation() {
    for text in CALENDARS.iter().chain([&CUSTOM]) {
        WorkCalendar::from_toml(text).unwrap();
    }
    let mut cn = WorkCalendar::builtin("CN").unwrap();
    cn.extend_from_toml(NEXT_YEAR).unwrap();
    assert_eq!(cn.last_year(), 2027);
    for text in POLICIES {
        let policy = Policy::from_toml(text).unwrap();
        let cal = WorkCalendar::builtin(policy.calendar()).unwrap();
        for case in cases() {
            policy.deadlines(&case, &cal, at("2024-11-15T10:00:00+08:00")).unwrap();
        }
    }
}
