use super::*;

const BASE: &str = r#"[policy]
id = "test.policy"
version = 1
name = "Test"
calendar = "CN"
source = "tests"
applies_to = ["complaint"]

[policy.business_hours]
time_zone = "+08:00"
windows = ["09:00-11:30", "13:00-15:30"]
receipt_cutoff = "15:30"

[policy.clock]
pause_on = "clock_paused"
resume_on = "clock_resumed"

[[milestone]]
id = "acknowledge"
label = "Acknowledge"
from = "received"
due = { amount = 1, unit = "working_days" }
met_by = ["acknowledged"]
warn_at = 0.8

[[milestone]]
id = "resolve"
label = "Resolve"
from = "milestone:acknowledge"
due = { amount = 5, unit = "working_days" }
met_by = ["result_fed_back"]
extension = { max_count = 1, max_amount = 5 }
"#;

/// BASE with `from` replaced by `to` (which must occur once).
fn with(from: &str, to: &str) -> String {
    assert_eq!(BASE.matches(from).count(), 1, "{from}");
    BASE.replace(from, to)
}

/// The one problem of loading `text`: its code, milestone, line and message.
fn problem(text: &str) -> PolicyProblem {
    let err = Policy::from_toml(text).unwrap_err();
    let problems = err.policy_problems();
    assert_eq!(problems.len(), 1, "{err}");
    assert_eq!(err.code(), problems[0].code);
    problems[0].clone()
}

#[test]
fn the_base_policy_loads_in_anchor_order() {
    let p = Policy::from_toml(BASE).unwrap();
    assert_eq!(p.id(), "test.policy");
    assert_eq!(p.milestones().len(), 2);
    assert_eq!(p.milestones()[1].anchor, Anchor::Milestone(0));
    assert_eq!(
        p.milestones()[1].extension,
        Some(ExtensionLimit {
            max_count: 1,
            max_amount: 5
        })
    );
    assert_eq!(p.order, vec![0, 1]);
    assert_eq!(p.clock().unwrap().pause_on, ActionKind::ClockPaused);
}

#[test]
fn every_preset_loads() {
    for id in PRESET_POLICIES {
        let p = Policy::preset(id).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(p.id(), *id);
    }
    let ids: Vec<&str> = PRESETS.iter().map(|(id, _, _)| *id).collect();
    assert_eq!(ids, PRESET_POLICIES);
    let err = Policy::preset("cn.nowhere").unwrap_err();
    assert_eq!(err.code(), ErrorCode::UnknownPolicy);
    assert!(err.to_string().contains("`cn.nowhere` is not a preset policy"), "{err}");
}

#[test]
fn syntax_errors_name_the_line() {
    let p = problem(&with("version = 1", "version = "));
    assert_eq!(p.code, ErrorCode::PolicySyntax);
    assert_eq!(p.line, Some(3));
    // Text that is not TOML cannot even say which policy it is.
    let err = Policy::from_toml(&with("version = 1", "version = ")).unwrap_err();
    assert!(err.to_string().starts_with("policy ?: line 3 column 11"), "{err}");
    // A value of the wrong type: the policy is named.
    let err = Policy::from_toml(&with("version = 1", "version = \"one\"")).unwrap_err();
    assert_eq!(err.code(), ErrorCode::PolicySyntax);
    assert!(err.to_string().starts_with("policy test.policy: line 3"), "{err}");
}

#[test]
fn an_unknown_field_is_named() {
    let p = problem(&with("warn_at = 0.8", "warn_at = 0.8\nwarn_after = 0.5"));
    assert_eq!(p.code, ErrorCode::PolicyUnknownField);
    assert_eq!(p.line, Some(25));
    assert_eq!(p.milestone.as_deref(), Some("acknowledge"));
    assert!(p.problem.contains("warn_after"), "{}", p.problem);
    // In the second milestone: that one is named.
    let p = problem(&with("extension = {", "escalate = true\nextension = {"));
    assert_eq!(
        (p.code, p.milestone.as_deref()),
        (ErrorCode::PolicyUnknownField, Some("resolve"))
    );
    // Outside the milestones: none is.
    let p = problem(&with(
        "receipt_cutoff = \"15:30\"",
        "receipt_cutoff = \"15:30\"\nlunch = \"12:00\"",
    ));
    assert_eq!((p.code, p.milestone), (ErrorCode::PolicyUnknownField, None));
}

#[test]
fn an_unknown_unit_names_milestone_and_line() {
    let p = problem(&with(
        "amount = 5, unit = \"working_days\"",
        "amount = 5, unit = \"business_days\"",
    ));
    assert_eq!(p.code, ErrorCode::PolicyUnknownUnit);
    assert_eq!(p.milestone.as_deref(), Some("resolve"));
    assert_eq!(p.line, Some(30));
    assert_eq!(p.path, "due.unit");
    assert!(p.problem.starts_with("`business_days` is not a unit"), "{}", p.problem);
}

#[test]
fn an_anchor_on_an_unknown_milestone() {
    let p = problem(&with(
        "from = \"milestone:acknowledge\"",
        "from = \"milestone:investigate\"",
    ));
    assert_eq!(p.code, ErrorCode::PolicyUnknownAnchor);
    assert_eq!(p.milestone.as_deref(), Some("resolve"));
    assert_eq!(p.line, Some(29));
    assert!(p.problem.contains("`investigate`"));
    let p = problem(&with("from = \"milestone:acknowledge\"", "from = \"tomorrow\""));
    assert_eq!(p.code, ErrorCode::PolicyUnknownAnchor);
}

#[test]
fn a_cycle_of_anchors() {
    let text = with(
        "id = \"acknowledge\"\nlabel = \"Acknowledge\"\nfrom = \"received\"",
        "id = \"acknowledge\"\nlabel = \"Acknowledge\"\nfrom = \"milestone:resolve\"",
    );
    let p = problem(&text);
    assert_eq!(p.code, ErrorCode::PolicyAnchorCycle);
    assert_eq!(
        p.problem,
        "the anchors form a cycle: acknowledge → resolve → acknowledge"
    );
    assert_eq!(p.line, Some(21));
    // A milestone anchored on itself.
    let p = problem(&with(
        "from = \"milestone:acknowledge\"",
        "from = \"milestone:resolve\"",
    ));
    assert_eq!(p.code, ErrorCode::PolicyAnchorCycle);
    assert_eq!(p.problem, "the anchors form a cycle: resolve → resolve");
}

#[test]
fn zero_and_negative_durations() {
    for amount in ["0", "-3"] {
        let p = problem(&with("amount = 5,", &format!("amount = {amount},")));
        assert_eq!(p.code, ErrorCode::PolicyInvalidDuration);
        assert_eq!(p.milestone.as_deref(), Some("resolve"));
        assert_eq!(p.line, Some(30));
        assert!(p.problem.contains(amount), "{}", p.problem);
    }
    let p = problem(&with("max_count = 1", "max_count = 0"));
    assert_eq!(p.code, ErrorCode::PolicyInvalidDuration);
    assert_eq!(p.path, "extension.max_count");
}

#[test]
fn warn_at_outside_the_open_unit_interval() {
    for w in ["0.0", "1.0", "1.5", "-0.2"] {
        let p = problem(&with("warn_at = 0.8", &format!("warn_at = {w}")));
        assert_eq!(p.code, ErrorCode::PolicyInvalidWarnAt, "{w}");
        assert_eq!(p.milestone.as_deref(), Some("acknowledge"));
        assert_eq!(p.line, Some(24));
    }
}

#[test]
fn windows_ending_before_they_start_overlapping_or_out_of_order() {
    let p = problem(&with("\"13:00-15:30\"]", "\"15:30-13:00\"]"));
    assert_eq!(p.code, ErrorCode::PolicyInvalidWindow);
    assert_eq!(p.problem, "window `15:30-13:00` ends before it starts");
    assert_eq!(
        (p.line, p.path.as_str()),
        (Some(11), "policy.business_hours.windows[1]")
    );
    let p = problem(&with("\"13:00-15:30\"]", "\"11:00-15:30\"]"));
    assert_eq!(p.problem, "window `11:00-15:30` overlaps `09:00-11:30`");
    let p = problem(&with("\"13:00-15:30\"]", "\"08:00-08:30\"]"));
    assert!(p.problem.contains("starts before it"), "{}", p.problem);
    let p = problem(&with("\"13:00-15:30\"]", "\"1pm-3pm\"]"));
    assert_eq!(p.code, ErrorCode::PolicyInvalidWindow);
}

#[test]
fn unknown_actions_in_met_by_anchors_and_the_clock() {
    let p = problem(&with(
        "met_by = [\"acknowledged\"]",
        "met_by = [\"acknowledged\", \"phoned\"]",
    ));
    assert_eq!(p.code, ErrorCode::PolicyUnknownAction);
    assert_eq!(
        (p.milestone.as_deref(), p.path.as_str()),
        (Some("acknowledge"), "met_by[1]")
    );
    assert_eq!(p.line, Some(23));
    let p = problem(&with("from = \"milestone:acknowledge\"", "from = \"event:phoned\""));
    assert_eq!(p.code, ErrorCode::PolicyUnknownAction);
    let p = problem(&with("pause_on = \"clock_paused\"", "pause_on = \"clock_stopped\""));
    assert_eq!(p.code, ErrorCode::PolicyUnknownAction);
    assert_eq!(p.path, "policy.clock.pause_on");
}

#[test]
fn other_invalid_values() {
    let p = problem(&with("time_zone = \"+08:00\"", "time_zone = \"Asia/Atlantis\""));
    assert_eq!(p.code, ErrorCode::InvalidPolicy);
    let p = problem(&with("id = \"resolve\"", "id = \"acknowledge\""));
    assert_eq!(p.problem, "milestone `acknowledge` is defined twice");
    let p = problem(&with("warn_at = 0.8", "warn_at = 0.8\nonly_if = \"vip\""));
    assert_eq!(p.code, ErrorCode::InvalidPolicy);
    let p = problem(&with(
        "amount = 1, unit = \"working_days\"",
        "amount = 1, at = \"15:30\", unit = \"working_days\"",
    ));
    assert_eq!(p.code, ErrorCode::InvalidPolicy);
    let p = problem(&with("amount = 1, unit = \"working_days\"", "unit = \"time_of_day\""));
    assert_eq!(p.code, ErrorCode::InvalidPolicy);
}

#[test]
fn every_problem_is_reported_at_once_in_text_order() {
    let text = with("warn_at = 0.8", "warn_at = 2.0")
        .replace("\"13:00-15:30\"]", "\"15:30-13:00\"]")
        .replace(
            "unit = \"working_days\" }\nmet_by = [\"result_fed_back\"]",
            "unit = \"fortnights\" }\nmet_by = [\"result_fed_back\"]",
        );
    let err = Policy::from_toml(&text).unwrap_err();
    let codes: Vec<ErrorCode> = err.policy_problems().iter().map(|p| p.code).collect();
    assert_eq!(
        codes,
        [
            ErrorCode::PolicyInvalidWindow,
            ErrorCode::PolicyInvalidWarnAt,
            ErrorCode::PolicyUnknownUnit
        ]
    );
    assert_eq!(err.code(), ErrorCode::PolicyInvalidWindow);
    let text = err.to_string();
    assert!(text.starts_with("policy test.policy: line 11 column"), "{text}");
    assert!(
        text.contains("milestone `resolve`: due.unit: `fortnights` is not a unit"),
        "{text}"
    );
}

#[test]
fn a_file_name_is_named() {
    let err = Policy::from_toml_named(&with("warn_at = 0.8", "warn_at = 2.0"), Some("acme.toml")).unwrap_err();
    assert!(
        err.to_string().starts_with("policy test.policy (acme.toml): line 24"),
        "{err}"
    );
}
