use super::*;

#[test]
fn the_default_procedure_loads_without_warnings() {
    let rules = RuleSet::default_procedure();
    assert_eq!(rules.id(), "cn.seed");
    assert_eq!(rules.hit_policy(), HitPolicy::CollectAll);
    assert!(rules.warnings().is_empty(), "{:?}", rules.warnings());
    let order: Vec<&str> = rules.evaluation_order().map(|r| r.id.as_str()).collect();
    assert_eq!(order.first(), Some(&"regulator_forwarded"));
    assert_eq!(order.last(), Some(&"branch_operations_supervisor"));
}

#[test]
fn a_decision_as_compact_json() {
    let rules = RuleSet::default_procedure();
    let complaint = Complaint::from_json(
        r#"{"id": "X-1", "channel": "phone", "complainant": {"name": "甲", "contact": {"phone": "13800138000"}},
        "receiver": "S001", "branch": "深圳福田营业部", "received_at": "2024-03-01T09:30:00+08:00", "matter": "m",
        "facts": {"account": "a"}, "demand": "d", "category": "service.attitude", "severity": "major"}"#,
    )
    .unwrap();
    let d = rules.route(&complaint, &RoutingContext::default()).unwrap();
    let json: serde_json::Value = serde_json::from_str(&d.to_json()).unwrap();
    assert_eq!(
        json,
        serde_json::json!({
            "rule_set": "cn.seed", "version": 1,
            "matched": ["major_or_compensation", "branch_operations_supervisor"],
            "handler": "branch_general_manager", "department": null, "level": "branch", "policy": "cn.branch",
            "escalate_to": null, "obligations": ["written_reply", "progress_updates"],
        })
    );
}

#[test]
fn a_decision_comes_back_from_its_matched_rules() {
    let rules = RuleSet::default_procedure();
    let complaint = Complaint::from_json(
        r#"{"id": "X-2", "channel": "phone", "complainant": {"name": "甲", "contact": {"phone": "13800138000"}},
        "respondent": {"department": "运营部"}, "receiver": "S001", "branch": "深圳福田营业部",
        "received_at": "2024-03-01T09:30:00+08:00", "matter": "m", "facts": {"account": "a"}, "demand": "d",
        "category": "service.attitude", "severity": "serious_incident"}"#,
    )
    .unwrap();
    let d = rules.route(&complaint, &RoutingContext::default()).unwrap();
    let matched = d.matched();
    let ids: Vec<&str> = matched.positions().map(|i| rules.rules()[i].id.as_str()).collect();
    // File order: serious_incident, cross_department_liaison, branch_operations_supervisor.
    assert_eq!(
        ids,
        [
            "serious_incident",
            "cross_department_liaison",
            "branch_operations_supervisor"
        ]
    );
    assert_eq!(rules.decision(matched), Some(d));
    assert!(!matched.is_empty() && MatchedRules::default().is_empty());
    let nothing = rules.decision(MatchedRules::default()).unwrap();
    assert!(!nothing.is_routed() && nothing.handler().is_none());
    // A position past the last rule is another rule set's: no decision.
    let mut foreign = RuleBits::default();
    foreign.set(rules.rules().len() as u16);
    assert_eq!(rules.decision(MatchedRules(foreign)), None);
    assert!(!MatchedRules(foreign).contains(MAX_RULES));
    // Positions handed back (from a C struct, a pickle) give the same set and decision.
    let back = MatchedRules::from_positions(matched.positions()).unwrap();
    assert_eq!(back, matched);
    assert_eq!(rules.decision(back), Some(d));
    assert_eq!(MatchedRules::from_positions([]), Some(MatchedRules::default()));
    assert_eq!(
        MatchedRules::from_positions([rules.rules().len()]),
        Some(MatchedRules(foreign))
    );
    assert_eq!(MatchedRules::from_positions([0, MAX_RULES]), None);
    assert_eq!(MatchedRules::from_positions([usize::MAX]), None);
}
