//! Explanations of decisions, built on demand from the rules as written.

use std::collections::BTreeMap;
use std::fmt;

use serde::Serialize;

use super::condition::Subject;
use super::{Decision, HitPolicy, RoutingContext};
use crate::complaint::Complaint;

/// Why a complaint was routed as it was: for an auditor ([`Display`](fmt::Display)) and for a
/// program ([`to_json`](Self::to_json)).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Explanation {
    /// The complaint's id.
    pub complaint: String,
    /// The rule set's id.
    pub rule_set: String,
    /// The rule set's version.
    pub version: u32,
    /// The hit policy.
    pub hit_policy: HitPolicy,
    /// Under `first_match`, the rules tried before the deciding one (their conditions did not
    /// hold), in evaluation order.
    pub passed_over: Vec<String>,
    /// The rules that matched, in evaluation order.
    pub matched: Vec<ExplainedRule>,
    /// The first matching rule: under `first_match`, the one that decided.
    pub decided_by: Option<String>,
    /// What was decided, and which rule each action came from.
    pub actions: ExplainedActions,
}

/// A rule that matched, with the tests that made it match.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ExplainedRule {
    /// The rule id.
    pub id: String,
    /// Its priority.
    pub priority: i32,
    /// Its line in the rule set's TOML text.
    pub line: Option<u32>,
    /// The requirement it implements.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub requirement: Option<String>,
    /// Its condition as written (`every complaint` for a catch-all).
    pub condition: String,
    /// The tests that held, with the complaint's values: `severity in [major] (severity major)`.
    pub because: Vec<String>,
}

/// The decided actions and where each came from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ExplainedActions {
    /// Handler role.
    pub handler: Option<String>,
    /// Department.
    pub department: Option<String>,
    /// `branch` or `head_office`.
    pub level: Option<String>,
    /// Deadline policy preset.
    pub policy: Option<String>,
    /// The role the handler reports to for the decision.
    pub escalate_to: Option<String>,
    /// Obligations, by name.
    pub obligations: Vec<String>,
    /// For each action set (`handler`, …, and each obligation), the rule it came from.
    pub from: BTreeMap<String, String>,
}

impl Explanation {
    /// The explanation as JSON.
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).expect("an explanation always serializes")
    }
}

pub(crate) fn explain(d: &Decision<'_>, complaint: &Complaint, context: &RoutingContext<'_>) -> Explanation {
    let set = d.rule_set();
    let subject = Subject::new(complaint, context, set.currency());
    let mut passed_over = Vec::new();
    if set.hit_policy() == HitPolicy::FirstMatch {
        if let Some(decider) = d.deciding_rule() {
            passed_over = set
                .evaluation_order()
                .take_while(|r| r.id != decider.id)
                .map(|r| r.id.clone())
                .collect();
        }
    }
    let matched: Vec<ExplainedRule> = d
        .matched_rules()
        .map(|r| {
            let mut because = Vec::new();
            match &r.when {
                Some(c) => c.reasons(&subject, &mut because),
                None => because.push("every complaint (a catch-all rule)".to_owned()),
            }
            ExplainedRule {
                id: r.id.clone(),
                priority: r.priority,
                line: r.line,
                requirement: r.requirement.clone(),
                condition: r
                    .when
                    .as_ref()
                    .map_or_else(|| "every complaint".to_owned(), |c| c.to_string()),
                because,
            }
        })
        .collect();
    let mut from: BTreeMap<String, String> = d
        .sources()
        .into_iter()
        .map(|(action, rule)| (action.to_owned(), rule.id.clone()))
        .collect();
    for o in d.obligations().iter() {
        if let Some(rule) = d.matched_rules().find(|r| r.then.obligations.contains(o)) {
            from.insert(o.name().to_owned(), rule.id.clone());
        }
    }
    Explanation {
        complaint: complaint.id.clone(),
        rule_set: set.id().to_owned(),
        version: set.version(),
        hit_policy: set.hit_policy(),
        passed_over,
        decided_by: d.deciding_rule().map(|r| r.id.clone()),
        matched,
        actions: ExplainedActions {
            handler: d.handler().map(str::to_owned),
            department: d.department().map(str::to_owned),
            level: d.level().map(|l| l.name().to_owned()),
            policy: d.policy().map(str::to_owned),
            escalate_to: d.escalate_to().map(str::to_owned),
            obligations: d.obligations().iter().map(|o| o.name().to_owned()).collect(),
            from,
        },
    }
}

impl fmt::Display for Explanation {
    /// Several lines an auditor can read.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "complaint {} routed by {} v{} ({})",
            self.complaint,
            self.rule_set,
            self.version,
            self.hit_policy.name()
        )?;
        if self.matched.is_empty() {
            return writeln!(f, "  no rule matched: the complaint is not routed");
        }
        if !self.passed_over.is_empty() {
            writeln!(f, "  tried first, did not apply: {}", self.passed_over.join(", "))?;
        }
        for r in &self.matched {
            let line = r.line.map(|l| format!(" (line {l})")).unwrap_or_default();
            let req = r.requirement.as_deref().map(|q| format!(" [{q}]")).unwrap_or_default();
            writeln!(f, "  matched {}{line}{req}: {}", r.id, r.condition)?;
            for b in &r.because {
                writeln!(f, "    because {b}")?;
            }
        }
        let a = &self.actions;
        let from = |key: &str| {
            self.actions
                .from
                .get(key)
                .map(|r| format!(" (rule {r})"))
                .unwrap_or_default()
        };
        for (name, value) in [
            ("handler", &a.handler),
            ("department", &a.department),
            ("level", &a.level),
            ("policy", &a.policy),
            ("escalate to", &a.escalate_to),
        ] {
            if let Some(v) = value {
                writeln!(f, "  {name}: {v}{}", from(&name.replace(' ', "_")))?;
            }
        }
        if !a.obligations.is_empty() {
            let parts: Vec<String> = a.obligations.iter().map(|o| format!("{o}{}", from(o))).collect();
            writeln!(f, "  obligations: {}", parts.join(", "))?;
        }
        Ok(())
    }
}
