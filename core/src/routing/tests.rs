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
