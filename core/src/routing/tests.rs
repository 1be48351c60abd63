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
