//! Properties of routing on random rule sets and random complaints.
//!
//! The rule sets are generated here as a small tree of tests, written out as TOML and loaded
//! through `RuleSet::from_toml`. The reference is a tree walk over that same generated tree,
//! written here without the library's help: it reads the complaint's fields directly, compares
//! categories by code prefix, and merges by the hit policy as documented. The library's
//! compiled routing must agree with it on every complaint; and when the loader refuses a rule
//! as unreachable, the reference must never see that rule fire.

use chrono::{Days, NaiveDate};
use proptest::prelude::*;
use tousu::{Attribute, Attributes, Complaint, ErrorCode, RoutingContext, RuleSet, Taxonomy};

const CATEGORIES: &[&str] = &[
    "fees",
    "fees.commission",
    "fees.other",
    "trading",
    "trading.execution",
    "service.attitude",
    "fund.sales",
];
const CHANNELS: &[&str] = &["phone", "walk_in", "regulator_forwarded"];
const SEVERITIES: &[&str] = &[
    "ordinary",
    "major",
    "compensation",
    "matter_of_principle",
    "serious_incident",
];
const BRANCHES: &[&str] = &["深圳福田营业部", "上海陆家嘴营业部", "总部经纪业务管理部"];
const TAGS: &[&str] = &["elderly_investor", "new_client", "group_complaint"];
const ATTRIBUTES: &[&str] = &["elderly", "new_client", "institutional"];
const PARTIES: &[&str] = &["person", "branch", "department"];
const AMOUNTS: &[i64] = &[0, 1000, 5000, 10000];
const WINDOWS: &[u32] = &[30, 90];

/// A condition as the generator writes it.
#[derive(Debug, Clone)]
enum Cond {
    Category(Vec<&'static str>),
    Kind(&'static str),
    Channel(Vec<&'static str>),
    Forwarded(bool),
    Severity(Vec<&'static str>),
    SeverityAtLeast(usize),
    Amount(Option<i64>, Option<i64>),
    Branch(Vec<&'static str>),
    TagsAny(Vec<&'static str>),
    TagsAll(Vec<&'static str>),
    Complainant(Vec<&'static str>),
    About(Vec<&'static str>),
    Earlier(u32, u32),
    All(Vec<Cond>),
    Any(Vec<Cond>),
    Not(Box<Cond>),
}

fn quoted(items: &[&str]) -> String {
    let parts: Vec<String> = items.iter().map(|s| format!("\"{s}\"")).collect();
    format!("[{}]", parts.join(", "))
}

impl Cond {
    /// The condition as a TOML inline table.
    fn toml(&self) -> String {
        let inner = match self {
            Cond::Category(l) => format!("category = {}", quoted(l)),
            Cond::Kind(k) => format!("kind = \"{k}\""),
            Cond::Channel(l) => format!("channel = {}", quoted(l)),
            Cond::Forwarded(b) => format!("forwarded_by_regulator = {b}"),
            Cond::Severity(l) => format!("severity = {}", quoted(l)),
            Cond::SeverityAtLeast(i) => format!("severity_at_least = \"{}\"", SEVERITIES[*i]),
            Cond::Amount(lo, hi) => {
                let mut parts = Vec::new();
                if let Some(lo) = lo {
                    parts.push(format!("at_least = {lo}"));
                }
                if let Some(hi) = hi {
                    parts.push(format!("below = {hi}"));
                }
                format!("amount = {{ {} }}", parts.join(", "))
            }
            Cond::Branch(l) => format!("branch = {}", quoted(l)),
            Cond::TagsAny(l) => format!("tags_any = {}", quoted(l)),
            Cond::TagsAll(l) => format!("tags_all = {}", quoted(l)),
            Cond::Complainant(l) => format!("complainant = {}", quoted(l)),
            Cond::About(l) => format!("about = {}", quoted(l)),
            Cond::Earlier(n, d) => format!("earlier_complaints = {{ at_least = {n}, within_days = {d} }}"),
            Cond::All(l) | Cond::Any(l) => {
                let parts: Vec<String> = l.iter().map(Cond::toml).collect();
                let key = if matches!(self, Cond::All(_)) { "all" } else { "any" };
                format!("{key} = [{}]", parts.join(", "))
            }
            Cond::Not(x) => format!("not = {}", x.toml()),
        };
        format!("{{ {inner} }}")
    }

    /// The reference: does the complaint meet it?
    fn holds(&self, c: &Complaint, ctx: &RoutingContext<'_>) -> bool {
        match self {
            Cond::Category(l) => l
                .iter()
                .any(|code| c.category == *code || c.category.starts_with(&format!("{code}."))),
            Cond::Kind(k) => c.kind.as_str() == *k,
            Cond::Channel(l) => l.contains(&c.channel.as_str()),
            Cond::Forwarded(b) => (c.channel.as_str() == "regulator_forwarded") == *b,
            Cond::Severity(l) => l.contains(&c.severity.as_str()),
            Cond::SeverityAtLeast(i) => SEVERITIES.iter().position(|s| *s == c.severity.as_str()).unwrap() >= *i,
            Cond::Amount(lo, hi) => c.claimed_amount.as_ref().is_some_and(|m| {
                m.currency == "CNY" && lo.is_none_or(|lo| m.minor_units >= lo) && hi.is_none_or(|hi| m.minor_units < hi)
            }),
            Cond::Branch(l) => l.contains(&c.branch.as_str()),
            Cond::TagsAny(l) => l.iter().any(|t| c.tags.iter().any(|x| x == t)),
            Cond::TagsAll(l) => l.iter().all(|t| c.tags.iter().any(|x| x == t)),
            Cond::Complainant(l) => {
                let have = Attributes::of(c, ctx);
                l.iter().all(|a| have.contains(Attribute::from_name(a).unwrap()))
            }
            Cond::About(l) => l.iter().any(|p| {
                let r = &c.respondent;
                match *p {
                    "person" => r.person.is_some(),
                    "branch" => r.branch.is_some(),
                    _ => r.department.is_some(),
                }
            }),
            Cond::Earlier(n, days) => {
                let day = c.received_at.date_naive();
                let from = day - Days::new(u64::from(*days));
                ctx.earlier_complaints
                    .iter()
                    .filter(|d| **d >= from && **d <= day)
                    .count() as u32
                    >= *n
            }
            Cond::All(l) => l.iter().all(|x| x.holds(c, ctx)),
            Cond::Any(l) => l.iter().any(|x| x.holds(c, ctx)),
            Cond::Not(x) => !x.holds(c, ctx),
        }
    }
}

fn subset(all: &'static [&'static str]) -> impl Strategy<Value = Vec<&'static str>> {
    prop::sample::subsequence(all, 1..=all.len().min(2))
}

fn leaf() -> impl Strategy<Value = Cond> {
    prop_oneof![
        subset(CATEGORIES).prop_map(Cond::Category),
        prop::sample::select(&["complaint", "feedback"][..]).prop_map(Cond::Kind),
        subset(CHANNELS).prop_map(Cond::Channel),
        any::<bool>().prop_map(Cond::Forwarded),
        subset(SEVERITIES).prop_map(Cond::Severity),
        (0..SEVERITIES.len()).prop_map(Cond::SeverityAtLeast),
        (prop::option::of(0..AMOUNTS.len()), prop::option::of(0..AMOUNTS.len())).prop_map(|(lo, hi)| {
            match (lo, hi) {
                (Some(a), Some(b)) if a < b => Cond::Amount(Some(AMOUNTS[a]), Some(AMOUNTS[b])),
                (Some(a), _) => Cond::Amount(Some(AMOUNTS[a]), None),
                (None, Some(b)) => Cond::Amount(None, Some(AMOUNTS[b])),
                (None, None) => Cond::Amount(Some(1000), None),
            }
        }),
        subset(BRANCHES).prop_map(Cond::Branch),
        subset(TAGS).prop_map(Cond::TagsAny),
        subset(TAGS).prop_map(Cond::TagsAll),
        subset(ATTRIBUTES).prop_map(Cond::Complainant),
        subset(PARTIES).prop_map(Cond::About),
        (1u32..=3, prop::sample::select(WINDOWS)).prop_map(|(n, d)| Cond::Earlier(n, d)),
    ]
}

fn condition() -> impl Strategy<Value = Cond> {
    leaf().prop_recursive(3, 12, 3, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 1..=3).prop_map(Cond::All),
            prop::collection::vec(inner.clone(), 1..=3).prop_map(Cond::Any),
            inner.prop_map(|x| Cond::Not(Box::new(x))),
        ]
    })
}

#[derive(Debug, Clone)]
struct GenRule {
    priority: i32,
    when: Option<Cond>,
    handler: Option<&'static str>,
    obligations: Vec<&'static str>,
}

fn rule() -> impl Strategy<Value = GenRule> {
    (
        0i32..3,
        prop::option::weighted(0.9, condition()),
        prop::option::of(prop::sample::select(&["clerk", "manager"][..])),
        prop::sample::subsequence(&["written_reply", "liaison_form", "progress_updates"][..], 0..=2),
    )
        .prop_map(|(priority, when, handler, mut obligations)| {
            if handler.is_none() && obligations.is_empty() {
                obligations.push("progress_updates"); // a rule must decide something
            }
            GenRule {
                priority,
                when,
                handler,
                obligations,
            }
        })
}

fn rule_set_toml(first_match: bool, rules: &[GenRule]) -> String {
    let mut text = format!(
        "[rule_set]\nid = \"gen\"\nversion = 1\nname = \"generated\"\ntaxonomy = \"cn.securities\"\nhit_policy = \"{}\"\n\n[roles.clerk]\nlabel = \"Clerk\"\nlevel = \"branch\"\nescalates_to = \"manager\"\n\n[roles.manager]\nlabel = \"Manager\"\nlevel = \"branch\"\n",
        if first_match { "first_match" } else { "collect_all" }
    );
    for (i, r) in rules.iter().enumerate() {
        text += &format!("\n[[rule]]\nid = \"r{i}\"\npriority = {}\n", r.priority);
        if let Some(w) = &r.when {
            text += &format!("when = {}\n", w.toml());
        }
        let mut then = Vec::new();
        if let Some(h) = r.handler {
            then.push(format!("handler = \"{h}\""));
        }
        then.push(format!("obligations = {}", quoted(&r.obligations)));
        text += &format!("then = {{ {} }}\n", then.join(", "));
    }
    text
}

/// A complaint and what the caller knows of it.
#[derive(Debug, Clone)]
struct GenComplaint {
    complaint: Complaint,
    earlier: Vec<NaiveDate>,
    attributes: Vec<&'static str>,
}

impl GenComplaint {
    /// What the caller knows, as routing takes it.
    fn context(&self) -> RoutingContext<'_> {
        RoutingContext {
            earlier_complaints: &self.earlier,
            attributes: self
                .attributes
                .iter()
                .fold(Attributes::NONE, |set, a| set.with(Attribute::from_name(a).unwrap())),
        }
    }
}

fn complaint() -> impl Strategy<Value = GenComplaint> {
    (
        (
            prop::sample::select(CATEGORIES),
            any::<bool>(),
            prop::sample::select(CHANNELS),
            prop::sample::select(SEVERITIES),
            prop::option::of((0..AMOUNTS.len(), -1i64..=1, any::<bool>())),
            prop::sample::select(BRANCHES),
        ),
        (
            prop::sample::subsequence(TAGS, 0..=TAGS.len()),
            prop::sample::subsequence(PARTIES, 0..=PARTIES.len()),
            0usize..4,
            prop::collection::vec(0u64..120, 0..4),
            prop::sample::subsequence(ATTRIBUTES, 0..=1),
        ),
    )
        .prop_map(|((category, feedback, channel, severity, amount, branch), (tags, parties, doc, earlier, attributes))| {
            let channel = if channel == "regulator_forwarded" {
                serde_json::json!({"regulator_forwarded": {"body": "中国证监会深圳监管局", "reference": "深证监〔2024〕1号", "forwarded_on": "2024-02-29"}})
            } else {
                serde_json::json!(channel)
            };
            let mut j = serde_json::json!({
                "id": "GEN-1", "kind": if feedback { "feedback" } else { "complaint" }, "channel": channel,
                "complainant": {"name": "王建国", "contact": {"phone": "13800138000"}},
                "receiver": "S001", "branch": branch, "received_at": "2024-03-01T09:30:00+08:00",
                "matter": "m", "facts": {"account": "a"}, "demand": "d", "severity": severity, "category": category,
                "tags": tags,
            });
            if let Some((i, delta, usd)) = amount {
                j["claimed_amount"] = serde_json::json!({"minor_units": (AMOUNTS[i] + delta).max(0), "currency": if usd { "USD" } else { "CNY" }});
            }
            let mut respondent = serde_json::Map::new();
            for p in parties {
                respondent.insert(p.to_owned(), serde_json::json!(format!("X-{p}")));
            }
            j["respondent"] = serde_json::Value::Object(respondent);
            // No document, an elderly resident, a 59-year-old resident, an institution.
            let docs = [
                None,
                Some(("resident_id_card", "11010519491231002X")),
                Some(("resident_id_card", "440304196403021238")),
                Some(("unified_social_credit_code", "91350100M000100Y43")),
            ];
            if let Some((kind, number)) = docs[doc] {
                j["complainant"]["id_document"] = serde_json::json!({"kind": kind, "number": number});
            }
            let received = NaiveDate::from_ymd_opt(2024, 3, 1).unwrap();
            GenComplaint {
                complaint: Complaint::from_json(&j.to_string()).unwrap(),
                earlier: earlier.into_iter().map(|d| received - Days::new(d)).collect(),
                attributes,
            }
        })
}

/// The reference decision: the matching rule ids in evaluation order, and the handler.
fn reference(first_match: bool, rules: &[GenRule], c: &GenComplaint) -> (Vec<String>, Option<&'static str>) {
    let ctx = c.context();
    let mut order: Vec<usize> = (0..rules.len()).collect();
    order.sort_by_key(|&i| std::cmp::Reverse(rules[i].priority));
    let mut matched = Vec::new();
    let mut handler = None;
    for i in order {
        let r = &rules[i];
        if r.when.as_ref().is_none_or(|w| w.holds(&c.complaint, &ctx)) {
            matched.push(format!("r{i}"));
            handler = handler.or(r.handler);
            if first_match {
                break;
            }
        }
    }
    (matched, handler)
}

fn check(first_match: bool, rules: &[GenRule], complaints: &[GenComplaint]) -> Result<(), TestCaseError> {
    let text = rule_set_toml(first_match, rules);
    let taxonomy = Taxonomy::default_securities();
    match RuleSet::from_toml(&text, &taxonomy) {
        Ok(set) => {
            for c in complaints {
                let ctx = c.context();
                let d = set.route(&c.complaint, &ctx).unwrap();
                let got: Vec<String> = d.matched_rules().map(|r| r.id.clone()).collect();
                let (want, handler) = reference(first_match, rules, c);
                prop_assert_eq!(&got, &want, "{}\n{:?}", text, c);
                prop_assert_eq!(d.handler(), handler);
                prop_assert_eq!(set.route_plain(&c.complaint, &ctx).unwrap(), d);
            }
        }
        Err(err) => {
            for p in err.routing_problems() {
                prop_assert!(
                    matches!(p.code, ErrorCode::UnreachableRule | ErrorCode::ConflictingRules),
                    "{err}\n{text}"
                );
                if p.code == ErrorCode::UnreachableRule {
                    // The reference never sees it fire (first match) or match at all.
                    let id = p.subject.clone().unwrap();
                    for c in complaints {
                        let (matched, _) = reference(first_match, rules, c);
                        let fires = if first_match || p.problem.contains("no complaint meets") {
                            matched.contains(&id)
                        } else {
                            false
                        };
                        prop_assert!(!fires, "{id} called unreachable but fires on {:?}\n{text}", c);
                    }
                }
            }
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, ..ProptestConfig::default() })]

    #[test]
    fn first_match_equals_the_reference(rules in prop::collection::vec(rule(), 1..7), complaints in prop::collection::vec(complaint(), 24)) {
        check(true, &rules, &complaints)?;
    }

    #[test]
    fn collect_all_equals_the_reference(rules in prop::collection::vec(rule(), 1..7), complaints in prop::collection::vec(complaint(), 24)) {
        check(false, &rules, &complaints)?;
    }
}
