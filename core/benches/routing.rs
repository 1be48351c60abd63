//! Throughput of routing: a compiled 30-rule set routing the bundled sample complaints, next to
//! plain evaluation of the same rules (a walk of each condition tree against the complaint,
//! categories compared by code) measured in the same run.
//!
//! `cargo bench -p tousu --bench routing`; figures go to BENCHMARKS.md.
//!
//! The complaints are the first 200 and the first 2,000 of `examples/data/sample_cases.jsonl`
//! (every channel, severity and category of the sample), each with two earlier complaints so
//! that the repeat-complainant rule has something to count. The 30-rule set is first_match
//! with a catch-all last; the seed's default procedure (10 rules, collect_all) is measured too. Both evaluators must give the same decision
//! for every complaint (checked before timing).

use std::hint::black_box;

use chrono::{Days, NaiveDate};
use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use tousu::{Complaint, RoutingContext, RuleSet, Taxonomy};

const SAMPLE: &str = include_str!("../../examples/data/sample_cases.jsonl");
const COMPLAINTS: usize = 2_000;

/// 30 rules over every kind of test; first_match with a catch-all last.
const RULES: &str = r#"[rule_set]
id = "bench.thirty"
version = 1
name = "Thirty rules"
taxonomy = "cn.securities"
hit_policy = "first_match"

[roles.operations_supervisor]
label = "Operations supervisor"
level = "branch"
escalates_to = "branch_general_manager"
[roles.branch_general_manager]
label = "Branch general manager"
level = "branch"
escalates_to = "head_office_brokerage"
[roles.head_office_brokerage]
label = "Head office brokerage"
level = "head_office"
escalates_to = "general_manager"
[roles.compliance]
label = "Compliance"
level = "head_office"
escalates_to = "general_manager"
[roles.it_support]
label = "IT support"
level = "head_office"
escalates_to = "general_manager"
[roles.general_manager]
label = "General manager"
level = "head_office"

[[rule]]
id = "serious_incident_media"
priority = 100
when = { severity = "serious_incident", tags_any = ["media_attention", "group_complaint"] }
then = { handler = "branch_general_manager", escalate_to = "general_manager", obligations = ["incident_investigation", "management_meeting"] }

[[rule]]
id = "serious_incident"
priority = 99
when = { severity = "serious_incident" }
then = { handler = "branch_general_manager", obligations = ["incident_investigation", "management_meeting"] }

[[rule]]
id = "principle"
priority = 98
when = { severity = "matter_of_principle" }
then = { handler = "branch_general_manager", obligations = ["management_meeting"] }

[[rule]]
id = "regulator_large"
priority = 90
when = { forwarded_by_regulator = true, amount = { at_least = 10000000 } }
then = { handler = "branch_general_manager", escalate_to = "head_office_brokerage", obligations = ["regulator_report_back", "written_reply"] }

[[rule]]
id = "regulator_staff"
priority = 89
when = { forwarded_by_regulator = true, category = ["staff", "trading.information_leak"] }
then = { handler = "compliance", level = "head_office", obligations = ["regulator_report_back", "written_reply"] }

[[rule]]
id = "regulator"
priority = 88
when = { forwarded_by_regulator = true }
then = { handler = "operations_supervisor", obligations = ["regulator_report_back", "written_reply"] }

[[rule]]
id = "repeat_complainant"
priority = 80
when = { earlier_complaints = { at_least = 3, within_days = 90 } }
then = { handler = "branch_general_manager", obligations = ["written_reply"] }

[[rule]]
id = "information_leak"
priority = 70
when = { category = "trading.information_leak" }
then = { handler = "compliance", level = "head_office", obligations = ["written_reply"] }

[[rule]]
id = "staff_misconduct_about_person"
priority = 70
when = { category = "staff", about = "person" }
then = { handler = "compliance", level = "head_office" }

[[rule]]
id = "elderly_mis_selling"
priority = 65
when = { complainant = "elderly", category = ["suitability", "fund", "advice"] }
then = { handler = "branch_general_manager", obligations = ["written_reply", "progress_updates"] }

[[rule]]
id = "mis_selling_compensation"
priority = 64
when = { category = "suitability", severity_at_least = "compensation" }
then = { handler = "branch_general_manager", obligations = ["written_reply"] }

[[rule]]
id = "mis_selling"
priority = 63
when = { category = "suitability" }
then = { handler = "operations_supervisor", obligations = ["written_reply"] }

[[rule]]
id = "margin_forced_liquidation"
priority = 60
when = { category = "margin", any = [ { severity = ["major", "compensation"] }, { amount = { at_least = 5000000 } } ] }
then = { handler = "branch_general_manager", obligations = ["liaison_form"] }

[[rule]]
id = "margin"
priority = 59
when = { category = "margin" }
then = { handler = "operations_supervisor", department = "融资融券部", obligations = ["liaison_form"] }

[[rule]]
id = "system_failure_group"
priority = 55
when = { category = "system.failure", tags_any = "group_complaint" }
then = { handler = "it_support", level = "head_office", escalate_to = "general_manager", obligations = ["liaison_form"] }

[[rule]]
id = "system_failure_compensation"
priority = 54
when = { category = "system", severity = "compensation" }
then = { handler = "branch_general_manager", obligations = ["liaison_form", "written_reply"] }

[[rule]]
id = "system"
priority = 53
when = { category = "system" }
then = { handler = "it_support", level = "head_office", obligations = ["liaison_form"] }

[[rule]]
id = "large_claim"
priority = 50
when = { amount = { at_least = 5000000 }, not = { category = ["fees", "service"] } }
then = { handler = "branch_general_manager", obligations = ["written_reply"] }

[[rule]]
id = "compensation"
priority = 45
when = { severity = ["major", "compensation"] }
then = { handler = "branch_general_manager", obligations = ["written_reply"] }

[[rule]]
id = "head_office_about_branch"
priority = 40
when = { branch = "总部经纪业务管理部", about = "branch" }
then = { handler = "head_office_brokerage", level = "head_office", policy = "cn.firm" }

[[rule]]
id = "institutional"
priority = 35
when = { complainant = "institutional" }
then = { handler = "branch_general_manager", obligations = ["written_reply"] }

[[rule]]
id = "high_net_worth"
priority = 34
when = { tags_any = "high_net_worth" }
then = { handler = "branch_general_manager" }

[[rule]]
id = "new_client_account"
priority = 30
when = { complainant = "new_client", category = "account" }
then = { handler = "operations_supervisor", obligations = ["progress_updates"] }

[[rule]]
id = "cross_department"
priority = 25
when = { about = "department" }
then = { handler = "operations_supervisor", obligations = ["liaison_form"] }

[[rule]]
id = "fees_walk_in"
priority = 20
when = { category = "fees", channel = ["walk_in", "comment_box"] }
then = { handler = "operations_supervisor", policy = "cn.branch" }

[[rule]]
id = "fees"
priority = 19
when = { category = "fees" }
then = { handler = "operations_supervisor", policy = "cn.branch", obligations = ["written_reply"] }

[[rule]]
id = "feedback"
priority = 15
when = { kind = "feedback" }
then = { handler = "operations_supervisor", policy = "cn.feedback" }

[[rule]]
id = "shanghai_service"
priority = 10
when = { branch = ["上海陆家嘴营业部", "上海徐家汇营业部"], category = "service" }
then = { handler = "operations_supervisor", policy = "cn.branch", obligations = ["progress_updates"] }

[[rule]]
id = "judicial"
priority = 5
when = { channel = "judicial_or_association_forwarded" }
then = { handler = "operations_supervisor", obligations = ["written_reply"] }

[[rule]]
id = "rest"
then = { handler = "operations_supervisor", policy = "cn.branch" }
"#;

fn sample() -> Vec<Complaint> {
    SAMPLE
        .lines()
        .take(COMPLAINTS)
        .map(|line| {
            let case: serde_json::Value = serde_json::from_str(line).unwrap();
            Complaint::from_json(&case["complaint"].to_string()).unwrap()
        })
        .collect()
}

fn routing(c: &mut Criterion) {
    let rules = RuleSet::from_toml(RULES, &Taxonomy::default_securities()).unwrap();
    assert_eq!(rules.rules().len(), 30);
    let complaints = sample();
    let earlier: Vec<NaiveDate> = vec![
        NaiveDate::from_ymd_opt(2023, 12, 1).unwrap(),
        NaiveDate::from_ymd_opt(2024, 2, 1).unwrap() - Days::new(3),
    ];
    let ctx = RoutingContext {
        earlier_complaints: &earlier,
        ..RoutingContext::default()
    };
    let mut deciding = std::collections::BTreeMap::new();
    for complaint in &complaints {
        let fast = rules.route(complaint, &ctx).unwrap();
        let plain = rules.route_plain(complaint, &ctx).unwrap();
        assert_eq!(fast, plain, "{}", complaint.id);
        *deciding.entry(fast.deciding_rule().unwrap().id.as_str()).or_insert(0) += 1;
    }
    eprintln!("deciding rules over {} complaints: {deciding:?}", complaints.len());

    let default = RuleSet::default_procedure();
    // 200 complaints stay in the core's caches: the engine's own cost. 2,000 (about 3 MB of
    // records) do not: every route then waits on memory for the fields it reads, as a pass over
    // a large history does.
    for size in [200, COMPLAINTS] {
        let batch = &complaints[..size];
        for (name, set) in [
            ("route_30_rules", &rules),
            ("route_default_procedure_collect_all", &default),
        ] {
            let mut group = c.benchmark_group(format!("{name}/{size}_complaints"));
            group.throughput(Throughput::Elements(size as u64));
            group.bench_function("baseline_plain_tree_walk", |b| {
                b.iter(|| {
                    for complaint in batch {
                        black_box(set.route_plain(black_box(complaint), &ctx).unwrap());
                    }
                })
            });
            group.bench_function("tousu_compiled", |b| {
                b.iter(|| {
                    for complaint in batch {
                        black_box(set.route(black_box(complaint), &ctx).unwrap());
                    }
                })
            });
            group.finish();
        }
    }
}

criterion_group!(benches, routing);
criterion_main!(benches);
