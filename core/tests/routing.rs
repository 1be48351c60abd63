//! Routing (issue 4): the fixture corpus (`tests/testdata/routing.toml`, format in
//! `tests/testdata/README.md`), every load error of rule sets, explanations, and assignment
//! with recusal and first-contact ownership.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::Deserialize;
use tousu::{
    Action, Attribute, Attributes, Case, Complaint, Directory, ErrorCode, Event, HitPolicy, RoutingContext, RuleSet,
    Taxonomy,
};

const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../tests/testdata/routing.toml");

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Fixtures {
    complaints: BTreeMap<String, String>,
    rule_sets: BTreeMap<String, String>,
    case: Vec<Fixture>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Fixture {
    name: String,
    #[allow(dead_code)]
    requirement: String,
    rule_set: String,
    complaint: String,
    patch: Option<String>,
    #[serde(default)]
    earlier_complaints: Vec<String>,
    #[serde(default)]
    attributes: Vec<String>,
    expect_error: Option<String>,
    expect_matched: Option<Vec<String>>,
    expect_handler: Option<String>,
    expect_level: Option<String>,
    expect_department: Option<String>,
    expect_policy: Option<String>,
    expect_escalate_to: Option<String>,
    expect_obligations: Option<Vec<String>>,
    expect_sources: Option<BTreeMap<String, String>>,
    expect_passed_over: Option<Vec<String>>,
}

fn complaint_of(fixtures: &Fixtures, f: &Fixture) -> Complaint {
    let mut json: serde_json::Value = serde_json::from_str(&fixtures.complaints[&f.complaint]).unwrap();
    if let Some(patch) = &f.patch {
        let patch: serde_json::Value = serde_json::from_str(patch).unwrap();
        for (k, v) in patch.as_object().unwrap() {
            json[k] = v.clone();
        }
    }
    Complaint::from_json(&json.to_string()).unwrap_or_else(|e| panic!("{}: {e}", f.name))
}

fn rule_set(fixtures: &Fixtures, name: &str) -> RuleSet {
    if name == "default" {
        RuleSet::default_procedure()
    } else {
        RuleSet::from_toml(&fixtures.rule_sets[name], &Taxonomy::default_securities())
            .unwrap_or_else(|e| panic!("rule set {name}: {e}"))
    }
}

fn run(fixtures: &Fixtures, f: &Fixture) -> Result<(), String> {
    let rules = rule_set(fixtures, &f.rule_set);
    let complaint = complaint_of(fixtures, f);
    let earlier: Vec<NaiveDate> = f.earlier_complaints.iter().map(|d| d.parse().unwrap()).collect();
    let attributes = f
        .attributes
        .iter()
        .map(|a| Attribute::from_name(a).unwrap())
        .fold(Attributes::NONE, Attributes::with);
    let context = RoutingContext {
        earlier_complaints: &earlier,
        attributes,
    };
    let compiled = rules.route(&complaint, &context);
    let plain = rules.route_plain(&complaint, &context);
    let d = match (compiled, &f.expect_error) {
        (Err(e), Some(code)) if e.code().name() == code => {
            return match plain {
                Err(p) if p.code() == e.code() => Ok(()),
                other => Err(format!("plain evaluation gave {other:?}")),
            }
        }
        (Err(e), _) => return Err(format!("error {}: {e}", e.code())),
        (Ok(_), Some(code)) => return Err(format!("expected {code}, got a decision")),
        (Ok(d), None) => d,
    };
    if plain.as_ref().ok() != Some(&d) {
        return Err("plain evaluation disagrees with the compiled rules".into());
    }
    let none = |v: Option<&str>| v.unwrap_or("none").to_owned();
    let check = |what: &str, want: &Option<String>, got: String| match want {
        Some(w) if *w != got => Err(format!("{what}: expected {w}, got {got}")),
        _ => Ok(()),
    };
    let matched: Vec<String> = d.matched_rules().map(|r| r.id.clone()).collect();
    if let Some(want) = &f.expect_matched {
        if *want != matched {
            return Err(format!("matched {matched:?}, expected {want:?}"));
        }
    }
    check("handler", &f.expect_handler, none(d.handler()))?;
    check("level", &f.expect_level, none(d.level().map(|l| l.name())))?;
    check("department", &f.expect_department, none(d.department()))?;
    check("policy", &f.expect_policy, none(d.policy()))?;
    check("escalate_to", &f.expect_escalate_to, none(d.escalate_to()))?;
    if let Some(want) = &f.expect_obligations {
        let mut want = want.clone();
        want.sort();
        let mut got: Vec<String> = d.obligations().iter().map(|o| o.name().to_owned()).collect();
        got.sort();
        if want != got {
            return Err(format!("obligations {got:?}, expected {want:?}"));
        }
    }
    let explanation = d.explain(&complaint, &context);
    if let Some(want) = &f.expect_sources {
        for (action, rule) in want {
            if explanation.actions.from.get(action) != Some(rule) {
                return Err(format!(
                    "{action} from {:?}, expected {rule}",
                    explanation.actions.from.get(action)
                ));
            }
        }
    }
    if let Some(want) = &f.expect_passed_over {
        if *want != explanation.passed_over {
            return Err(format!("passed over {:?}, expected {want:?}", explanation.passed_over));
        }
    }
    // The explanation names every matching rule, and its JSON reads back.
    let text = explanation.to_string();
    for id in &matched {
        if !text.contains(&format!("matched {id}")) {
            return Err(format!("explanation does not name {id}:\n{text}"));
        }
    }
    let json: serde_json::Value = serde_json::from_str(&explanation.to_json()).map_err(|e| e.to_string())?;
    if json["matched"].as_array().map(Vec::len) != Some(matched.len()) {
        return Err(format!("explanation JSON: {json}"));
    }
    Ok(())
}

#[test]
fn routing_fixtures() {
    let text = std::fs::read_to_string(FIXTURES).unwrap();
    let fixtures: Fixtures = toml::from_str(&text).unwrap();
    let mut names = std::collections::BTreeSet::new();
    let mut failures = Vec::new();
    for f in &fixtures.case {
        assert!(names.insert(f.name.clone()), "fixture {} twice", f.name);
        if let Err(problem) = run(&fixtures, f) {
            failures.push(format!("{}: {problem}", f.name));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} fixtures failed:\n{}",
        failures.len(),
        fixtures.case.len(),
        failures.join("\n")
    );
    assert!(fixtures.case.len() >= 30);
}

// =============================================================================================
// Load errors: each one named with its code, rule and line.

const BASE: &str = r#"[rule_set]
id = "test.rules"
version = 1
name = "Test"
taxonomy = "cn.securities"
hit_policy = "first_match"

[roles.supervisor]
label = "Supervisor"
level = "branch"
escalates_to = "manager"

[roles.manager]
label = "Manager"
level = "branch"

[[rule]]
id = "big"
priority = 10
when = { amount = { at_least = 5000000 } }
then = { handler = "manager", obligations = ["written_reply"] }

[[rule]]
id = "rest"
then = { handler = "supervisor", policy = "cn.branch" }
"#;

fn load(text: &str) -> Result<RuleSet, tousu::Error> {
    RuleSet::from_toml(text, &Taxonomy::default_securities())
}

/// BASE with `from` replaced by `to` (which must occur once).
fn with(from: &str, to: &str) -> String {
    assert_eq!(BASE.matches(from).count(), 1, "{from}");
    BASE.replace(from, to)
}

/// A problem as the tests compare it: code, rule and line.
type Located = (ErrorCode, Option<String>, Option<u32>);

/// The problems of a load that must fail, and the error's message.
fn problems(text: &str) -> (Vec<Located>, String) {
    let err = load(text).expect_err("the rule set must not load");
    let list = err
        .routing_problems()
        .iter()
        .map(|p| (p.code, p.subject.clone(), p.line))
        .collect();
    (list, err.to_string())
}

fn one(text: &str) -> (ErrorCode, Option<String>, Option<u32>, String) {
    let (list, message) = problems(text);
    assert_eq!(list.len(), 1, "{message}");
    let (code, rule, line) = list[0].clone();
    (code, rule, line, message)
}

#[test]
fn the_base_loads() {
    let rules = load(BASE).unwrap();
    assert_eq!(rules.rules().len(), 2);
    assert!(rules.warnings().is_empty());
    assert_eq!(rules.to_string(), "test.rules v1 (first_match, 2 rules)");
}

#[test]
fn malformed_toml_names_line_and_column() {
    let text = with("id = \"big\"", "id = \"big");
    let err = load(&text).unwrap_err();
    let p = &err.routing_problems()[0];
    assert_eq!(p.code, ErrorCode::RuleSetSyntax);
    // The parser stops at the end of the line, where the string should have closed.
    assert_eq!((p.line, p.column), (Some(18), Some(10)), "{err}");
    assert!(
        err.to_string()
            .starts_with("rule set ?: line 18 column 10: invalid basic string"),
        "{err}"
    );
}

#[test]
fn unknown_fields_are_named_with_rule_and_line() {
    let (code, rule, line, msg) = one(&with("priority = 10", "priority = 10\ncolour = \"red\""));
    assert_eq!(
        (code, rule.as_deref(), line),
        (ErrorCode::RuleSetSyntax, Some("big"), Some(20))
    );
    assert!(msg.contains("unknown field `colour`"), "{msg}");
    let (code, _, line, msg) = one(&with("at_least = 5000000", "at_least = 5000000, above = 3"));
    assert_eq!((code, line), (ErrorCode::RuleSetSyntax, Some(20)));
    assert!(msg.contains("unknown field `above`"), "{msg}");
    let (code, _, line, msg) = one(&with("when = { amount", "when = { amonut = 1, amount"));
    assert_eq!((code, line), (ErrorCode::RuleSetSyntax, Some(20)));
    assert!(msg.contains("unknown field `amonut`"), "{msg}");
}

#[test]
fn a_string_compared_with_a_number_is_a_type_error() {
    let (code, rule, line, msg) = one(&with("at_least = 5000000", "at_least = \"5000000\""));
    assert_eq!(
        (code, rule.as_deref(), line),
        (ErrorCode::RuleSetSyntax, Some("big"), Some(20))
    );
    assert!(
        msg.contains("rule[0].when.amount.at_least: expected an integer of minor units")
            && msg.contains("found a string `\"5000000\"`"),
        "{msg}"
    );
    let (code, _, _, msg) = one(&with("priority = 10", "priority = \"high\""));
    assert_eq!(code, ErrorCode::RuleSetSyntax);
    assert!(msg.contains("expected an integer"), "{msg}");
}

#[test]
fn every_problem_of_every_rule_at_once() {
    let text = with("at_least = 5000000", "at_least = \"5000000\"").replace(
        "then = { handler = \"supervisor\", policy = \"cn.branch\" }",
        "then = { handler = \"clerk\", policy = \"cn.nowhere\" }",
    );
    let (list, msg) = problems(&text);
    let codes: Vec<(ErrorCode, Option<&str>)> = list.iter().map(|(c, r, _)| (*c, r.as_deref())).collect();
    assert_eq!(
        codes,
        [
            (ErrorCode::RuleSetSyntax, Some("big")),
            (ErrorCode::InvalidRule, Some("rest")),
            (ErrorCode::InvalidRule, Some("rest")),
        ],
        "{msg}"
    );
    assert!(
        msg.contains("`clerk` is not a role of the rule set (supervisor, manager)"),
        "{msg}"
    );
    assert!(
        msg.contains("`cn.nowhere` is not a policy preset: cn.branch, cn.firm"),
        "{msg}"
    );
}

#[test]
fn unknown_categories_are_named() {
    let (code, rule, line, msg) = one(&with(
        "when = { amount = { at_least = 5000000 } }",
        "when = { category = [\"fees\", \"fees.hidden\"] }",
    ));
    assert_eq!(
        (code, rule.as_deref(), line),
        (ErrorCode::UnknownCategory, Some("big"), Some(20))
    );
    assert!(
        msg.contains("category `fees.hidden` is not in taxonomy cn.securities version 1"),
        "{msg}"
    );
}

#[test]
fn rules_without_ids_and_duplicate_ids() {
    let (code, rule, line, msg) = one(&with("id = \"big\"\n", ""));
    assert_eq!((code, rule, line), (ErrorCode::InvalidRule, None, Some(17)));
    assert!(msg.contains("a rule without an id"), "{msg}");
    let (code, rule, line, msg) = one(&with("id = \"rest\"", "id = \"big\""));
    assert_eq!(
        (code, rule.as_deref(), line),
        (ErrorCode::InvalidRule, Some("big"), Some(24))
    );
    assert!(msg.contains("rule id `big` is used twice (first at line 18)"), "{msg}");
}

#[test]
fn invalid_values_are_named() {
    for (from, to, says) in [
        (
            "at_least = 5000000",
            "at_least = 5000000, below = 100",
            "the range is reversed or empty",
        ),
        ("at_least = 5000000", "at_least = -5", "-5 is negative"),
        ("{ amount = { at_least = 5000000 } }", "{}", "an empty condition"),
        (
            "{ amount = { at_least = 5000000 } }",
            "{ severity = \"huge\" }",
            "`huge` is not a severity",
        ),
        (
            "{ amount = { at_least = 5000000 } }",
            "{ channel = [] }",
            "an empty list matches nothing",
        ),
        ("{ amount = { at_least = 5000000 } }", "{ any = [] }", "an empty `any`"),
        (
            "{ amount = { at_least = 5000000 } }",
            "{ tags_any = [\"Bad Tag\"] }",
            "is not a tag",
        ),
        (
            "hit_policy = \"first_match\"",
            "hit_policy = \"best\"",
            "`best` is not a hit policy",
        ),
        (
            "taxonomy = \"cn.securities\"",
            "taxonomy = \"other\"",
            "written against taxonomy `other`",
        ),
        (
            "level = \"branch\"\nescalates_to",
            "level = \"region\"\nescalates_to",
            "`region` is not a level",
        ),
        (
            "obligations = [\"written_reply\"]",
            "obligations = [\"apology\"]",
            "`apology` is not an obligation",
        ),
        (
            "handler = \"manager\",",
            "handler = \"manager\", escalate_to = \"manager\",",
            "escalates to the handler's own role",
        ),
        (
            "then = { handler = \"manager\", obligations = [\"written_reply\"] }",
            "then = {}",
            "the rule decides nothing",
        ),
    ] {
        let (list, msg) = problems(&with(from, to));
        assert!(!list.is_empty(), "{to}");
        assert!(
            list.iter()
                .all(|(c, _, l)| matches!(c, ErrorCode::InvalidRule) && l.is_some()),
            "{to}: {msg}"
        );
        assert!(msg.contains(says), "{to}: {msg}");
    }
}

#[test]
fn a_rule_after_a_catch_all_is_unreachable() {
    let text = BASE.to_owned()
        + "\n[[rule]]\nid = \"late\"\nwhen = { severity = \"major\" }\nthen = { handler = \"manager\" }\n";
    let (code, rule, line, msg) = one(&text);
    assert_eq!(
        (code, rule.as_deref(), line),
        (ErrorCode::UnreachableRule, Some("late"), Some(28))
    );
    assert!(
        msg.contains("the earlier rule `rest` matches every complaint it matches"),
        "{msg}"
    );
}

#[test]
fn shadowing_is_decided_on_the_conditions_not_only_catch_alls() {
    // `narrow` is a subset of `big` (amount ≥ 10,000,000 within ≥ 5,000,000).
    let text = with(
        "[[rule]]\nid = \"rest\"",
        "[[rule]]\nid = \"narrow\"\npriority = 5\nwhen = { amount = { at_least = 10000000 }, severity = \"major\" }\nthen = { handler = \"manager\" }\n\n[[rule]]\nid = \"rest\"",
    );
    let (code, rule, _, msg) = one(&text);
    assert_eq!((code, rule.as_deref()), (ErrorCode::UnreachableRule, Some("narrow")));
    assert!(msg.contains("`big`"), "{msg}");
    // Two earlier rules that cover it only together.
    let text = with(
        "[[rule]]\nid = \"rest\"",
        "[[rule]]\nid = \"ordinary\"\npriority = 5\nwhen = { severity = \"ordinary\" }\nthen = { handler = \"supervisor\" }\n\n[[rule]]\nid = \"other\"\npriority = 5\nwhen = { not = { severity = \"ordinary\" } }\nthen = { handler = \"manager\" }\n\n[[rule]]\nid = \"rest\"",
    );
    let (code, rule, _, msg) = one(&text);
    assert_eq!((code, rule.as_deref()), (ErrorCode::UnreachableRule, Some("rest")));
    assert!(msg.contains("together"), "{msg}");
    // A rule that only overlaps an earlier one is reachable.
    let text = with(
        "[[rule]]\nid = \"rest\"",
        "[[rule]]\nid = \"major\"\nwhen = { severity = \"major\" }\nthen = { handler = \"manager\" }\n\n[[rule]]\nid = \"rest\"",
    );
    assert!(load(&text).is_ok());
}

#[test]
fn a_contradictory_condition_is_unreachable() {
    let (code, rule, _, msg) = one(&with(
        "{ amount = { at_least = 5000000 } }",
        "{ all = [ { severity = \"major\" }, { not = { severity_at_least = \"ordinary\" } } ] }",
    ));
    assert_eq!((code, rule.as_deref()), (ErrorCode::UnreachableRule, Some("big")));
    assert!(msg.contains("no complaint meets the condition"), "{msg}");
}

#[test]
fn conflicting_overlaps_under_collect_all() {
    let collect = with("hit_policy = \"first_match\"", "hit_policy = \"collect_all\"");
    // Different priorities: the merge is decided by priority, no conflict.
    assert_eq!(load(&collect).unwrap().hit_policy(), HitPolicy::CollectAll);
    let text = collect.replace("priority = 10\n", "");
    let (code, rule, line, msg) = one(&text);
    assert_eq!(
        (code, rule.as_deref(), line),
        (ErrorCode::ConflictingRules, Some("rest"), Some(23))
    );
    assert!(msg.contains("rules `big` and `rest` have the same priority 0"), "{msg}");
    assert!(msg.contains("set handler differently"), "{msg}");
    // Exclusive conditions at the same priority do not conflict.
    let text = text.replace(
        "then = { handler = \"supervisor\"",
        "when = { amount = { below = 5000000 } }\nthen = { handler = \"supervisor\"",
    );
    let rules = load(&text).unwrap();
    assert_eq!(rules.warnings().len(), 1, "complaints without an amount match no rule");
}

#[test]
fn escalation_cycles_are_named() {
    let (code, rule, line, msg) = one(&with(
        "label = \"Manager\"\nlevel = \"branch\"",
        "label = \"Manager\"\nlevel = \"branch\"\nescalates_to = \"supervisor\"",
    ));
    assert_eq!(code, ErrorCode::EscalationCycle, "{msg}");
    assert!(rule.is_some() && line.is_some());
    assert!(
        msg.contains("manager → supervisor → manager") || msg.contains("supervisor → manager → supervisor"),
        "{msg}"
    );
}

#[test]
fn a_failed_load_builds_nothing_and_names_the_rule_set() {
    let err = load(&with("at_least = 5000000", "at_least = \"x\"")).unwrap_err();
    assert!(err.to_string().starts_with("rule set test.rules: "), "{err}");
    assert_eq!(err.code(), ErrorCode::RuleSetSyntax);
    assert_eq!(err.code().category(), tousu::ErrorCategory::Routing);
}

#[test]
fn the_default_procedure_is_the_data_file() {
    let text = include_str!("../data/rules/cn-seed.toml");
    let rules = load(text).unwrap();
    assert_eq!(rules.rules(), RuleSet::default_procedure().rules());
    for rule in rules.rules() {
        assert!(
            rule.requirement.as_deref().is_some_and(|r| r.contains('R')),
            "{}",
            rule.id
        );
    }
}

// =============================================================================================
// Explanations.

#[test]
fn an_explanation_reads_as_text_and_parses_as_json() {
    let rules = RuleSet::default_procedure();
    let complaint = Complaint::from_json(
        r#"{"id": "SZ-2024-0102", "channel": "phone", "complainant": {"name": "王建国", "contact": {"phone": "13800138000"}},
        "receiver": "SZFT011", "branch": "深圳福田营业部", "received_at": "2024-03-01T09:30:00+08:00", "matter": "m",
        "facts": {"account": "a"}, "demand": "d", "category": "fees.commission", "severity": "compensation",
        "claimed_amount": {"minor_units": 800000, "currency": "CNY"}}"#,
    )
    .unwrap();
    let ctx = RoutingContext::default();
    let e = rules.route(&complaint, &ctx).unwrap().explain(&complaint, &ctx);
    let text = e.to_string();
    assert!(
        text.starts_with("complaint SZ-2024-0102 routed by cn.seed v1 (collect_all)\n"),
        "{text}"
    );
    assert!(
        text.contains("matched major_or_compensation (line 86) [R10 (L181)]: severity in [major, compensation]"),
        "{text}"
    );
    assert!(
        text.contains("because severity in [major, compensation] (severity compensation)"),
        "{text}"
    );
    assert!(
        text.contains("handler: branch_general_manager (rule major_or_compensation)"),
        "{text}"
    );
    assert!(
        text.contains("policy: cn.branch (rule branch_operations_supervisor)"),
        "{text}"
    );
    let json: serde_json::Value = serde_json::from_str(&e.to_json()).unwrap();
    assert_eq!(json["decided_by"], "major_or_compensation");
    assert_eq!(json["actions"]["from"]["written_reply"], "major_or_compensation");
    assert_eq!(json["matched"][1]["because"][0], "every complaint (a catch-all rule)");
}

#[test]
fn an_explanation_names_the_evidence_of_an_attribute_and_the_tag_that_matched() {
    let rules = load(&with(
        "when = { amount = { at_least = 5000000 } }",
        r#"when = { any = [{ complainant = "elderly" }, { tags_any = ["servicemember", "vip"] }] }"#,
    ))
    .unwrap();
    let why = |c: &Complaint, attributes: Attributes| {
        let ctx = RoutingContext {
            attributes,
            ..RoutingContext::default()
        };
        rules.route(c, &ctx).unwrap().explain(c, &ctx).to_string()
    };
    // Born 1949-12-31: 74 on the day of receipt, 2024-03-01 (a hand count).
    let by_id = complaint(
        r#"{"complainant": {"name": "王建国", "contact": {"phone": "13800138000"},
            "id_document": {"kind": "resident_id_card", "number": "11010519491231002X"}}}"#,
    );
    let text = why(&by_id, Attributes::NONE);
    assert!(
        text.contains("because complainant is [elderly] (elderly: resident ID, born 1949-12-31, 74 on 2024-03-01)"),
        "{text}"
    );
    let text = why(&complaint(r#"{"tags": ["elderly_investor"]}"#), Attributes::NONE);
    assert!(text.contains("(elderly: tag elderly_investor)"), "{text}");
    let text = why(&complaint("{}"), Attributes::NONE.with(Attribute::Elderly));
    assert!(text.contains("(elderly: the caller's client records)"), "{text}");
    // Of the tags listed, the one the complaint carries.
    let text = why(&complaint(r#"{"tags": ["other", "vip"]}"#), Attributes::NONE);
    assert!(
        text.contains("because any tag of [servicemember, vip] (tagged vip)"),
        "{text}"
    );
}

// =============================================================================================
// Assignment: recusal (R12) and first-contact ownership (R5).

const DIRECTORY: &str = include_str!("../../tests/testdata/staff_directory.toml");

fn complaint(patch: &str) -> Complaint {
    let mut json: serde_json::Value = serde_json::from_str(
        r#"{"id": "SZ-2024-0103", "channel": "phone", "complainant": {"name": "王建国", "contact": {"phone": "13800138000"}, "securities_account": "0123456789"},
        "receiver": "SZFT011", "branch": "深圳福田营业部", "received_at": "2024-03-01T09:30:00+08:00", "matter": "m",
        "facts": {"account": "a"}, "demand": "d", "category": "service.attitude"}"#,
    )
    .unwrap();
    let patch: serde_json::Value = serde_json::from_str(patch).unwrap();
    for (k, v) in patch.as_object().unwrap() {
        json[k] = v.clone();
    }
    Complaint::from_json(&json.to_string()).unwrap()
}

#[test]
fn the_receiver_keeps_a_case_they_may_handle() {
    let dir = Directory::from_toml(DIRECTORY).unwrap();
    let rules = RuleSet::default_procedure();
    let c = complaint("{}");
    let d = rules.route(&c, &RoutingContext::default()).unwrap();
    let a = dir.assign(&c, &d).unwrap();
    let ids: Vec<&str> = a.handlers.iter().map(|p| p.id.as_str()).collect();
    // SZFT003 declared a conflict with the client's account; SZNS002 is in another branch.
    assert_eq!(ids, ["SZFT011", "SZFT002"]);
    assert!(!a.hand_over_needed());
    assert_eq!(a.owner, "SZFT011");
    let why: Vec<(&str, String)> = a.recused.iter().map(|(p, r)| (p.id.as_str(), r.to_string())).collect();
    assert_eq!(
        why,
        [
            (
                "SZFT003",
                "declared a conflict with the client's account 0123456789".to_owned()
            ),
            ("SZNS002", "works in another office".to_owned()),
        ]
    );
}

#[test]
fn the_person_complained_about_never_handles_and_the_lifecycle_agrees() {
    let dir = Directory::from_toml(DIRECTORY).unwrap();
    let rules = RuleSet::default_procedure();
    let c = complaint(r#"{"respondent": {"person": "SZFT011"}}"#);
    let d = rules.route(&c, &RoutingContext::default()).unwrap();
    let a = dir.assign(&c, &d).unwrap();
    let ids: Vec<&str> = a.handlers.iter().map(|p| p.id.as_str()).collect();
    assert_eq!(ids, ["SZFT002"]);
    assert!(a.hand_over_needed(), "the receiver is complained about: R5 hand-over");
    let at = |s: &str| chrono::DateTime::parse_from_rfc3339(s).unwrap();
    let case = Case::register(
        c.clone(),
        Event::new(at("2024-03-01T09:35:00+08:00"), "SZFT011", Action::Registered {}),
    )
    .unwrap();
    for person in dir.people() {
        let mut attempt = case.clone();
        let result = attempt.apply(Event::new(
            at("2024-03-01T10:00:00+08:00"),
            "SZFT011",
            Action::Assigned {
                handler: person.id.clone(),
            },
        ));
        let refused = result.as_ref().err().map(|e| e.code()) == Some(ErrorCode::RecusalRequired);
        let recused_by_assignment = a
            .recused
            .iter()
            .any(|(p, r)| p.id == person.id && matches!(r, tousu::Recusal::ComplainedAbout));
        assert_eq!(refused, recused_by_assignment, "{}", person.id);
        if a.handlers.iter().any(|p| p.id == person.id) {
            assert!(result.is_ok(), "{}: {result:?}", person.id);
        }
    }
}

#[test]
fn nobody_eligible_names_the_next_escalation_level() {
    let dir = Directory::from_toml(DIRECTORY).unwrap();
    let rules = RuleSet::default_procedure();
    // Compensation: the branch general manager, who is away.
    let c = complaint(r#"{"severity": "compensation"}"#);
    let d = rules.route(&c, &RoutingContext::default()).unwrap();
    let err = dir.assign(&c, &d).unwrap_err();
    assert_eq!(err.code(), ErrorCode::NoEligibleHandler);
    match &err {
        tousu::Error::Routing { next_level, .. } => assert_eq!(next_level.as_deref(), Some("head_office_brokerage")),
        other => panic!("{other:?}"),
    }
    assert_eq!(
        err.to_string(),
        "complaint SZ-2024-0103: nobody may handle it as `branch_general_manager` at 深圳福田营业部: SZFT001 is not available; escalate to `head_office_brokerage`"
    );
}

#[test]
fn head_office_complaints_about_a_branch_go_to_head_office_staff() {
    let dir = Directory::from_toml(DIRECTORY).unwrap();
    let rules = RuleSet::default_procedure();
    let c = complaint(
        r#"{"branch": "总部经纪业务管理部", "receiver": "HQJJ011", "respondent": {"branch": "深圳福田营业部"}}"#,
    );
    let d = rules.route(&c, &RoutingContext::default()).unwrap();
    let a = dir.assign(&c, &d).unwrap();
    assert_eq!(a.office, "总部经纪业务管理部");
    assert_eq!(
        a.handlers.iter().map(|p| p.id.as_str()).collect::<Vec<_>>(),
        ["HQJJ001"]
    );
    assert!(a.hand_over_needed());
}

#[test]
fn directory_problems_are_located() {
    let text = DIRECTORY
        .replace("id = \"SZFT003\"", "id = \"SZFT002\"")
        .replace("roles = [\"head_office_brokerage\"]", "roles = []\ncolour = 1");
    let err = Directory::from_toml(&text).unwrap_err();
    let list: Vec<(ErrorCode, Option<&str>, Option<u32>)> = err
        .routing_problems()
        .iter()
        .map(|p| (p.code, p.subject.as_deref(), p.line))
        .collect();
    assert_eq!(
        list,
        [
            (ErrorCode::InvalidDirectory, Some("SZFT002"), Some(19)),
            (ErrorCode::InvalidDirectory, Some("HQJJ001"), Some(42)),
        ],
        "{err}"
    );
    let err =
        Directory::from_json(r#"{"directory": {"id": "x", "version": 1, "head_office": "HQ"}, "person": [{"id": 5}]}"#)
            .unwrap_err();
    assert_eq!(err.code(), ErrorCode::InvalidDirectory);
    assert!(err.to_string().contains("line 1 column"), "{err}");
    let ok = Directory::from_json(
        r#"{"directory": {"id": "x", "version": 1, "head_office": "HQ"}, "person": [{"id": "A1", "name": "甲", "roles": ["operations_supervisor"], "office": "HQ"}]}"#,
    )
    .unwrap();
    assert_eq!(ok.people()[0].id, "A1");
    assert!(ok.people()[0].available);
}

#[test]
fn a_large_rule_set_is_checked_in_bounded_time() {
    // 256 first_match rules, each a union of 12 alternatives over several dimensions: the exact
    // shadowing checks would take billions of cube intersections.
    let mut text = BASE.to_owned();
    let cut = text.find("[[rule]]").unwrap();
    text.truncate(cut);
    let categories = ["fees", "trading", "service", "fund", "margin", "system"];
    for i in 0..256 {
        let mut alternatives = Vec::new();
        for (k, c) in categories.iter().enumerate() {
            alternatives.push(format!(
                "{{ category = \"{c}\", amount = {{ at_least = {}, below = {} }}, tags_any = [\"t{}\", \"u{}\"] }}",
                i * 100 + k,
                i * 100 + k + 1000,
                i % 7,
                (i + k) % 5
            ));
        }
        text += &format!(
            "\n[[rule]]\nid = \"r{i}\"\nwhen = {{ any = [{}] }}\nthen = {{ obligations = [\"written_reply\"] }}\n",
            alternatives.join(", ")
        );
    }
    let started = std::time::Instant::now();
    let result = load(&text);
    let took = started.elapsed();
    assert!(took < std::time::Duration::from_secs(60), "{took:?}");
    let rules = result.unwrap();
    assert!(
        rules
            .warnings()
            .iter()
            .any(|w| w.problem.contains("too large to check completely")),
        "{:?}",
        rules.warnings()
    );
}
