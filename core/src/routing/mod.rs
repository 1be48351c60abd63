//! Routing (R5, R10–R19): who handles a complaint, at what level, under which deadline policy,
//! with which obligations — decided by a brokerage's own procedure written as data, and
//! explained rule by rule.
//!
//! ## Overview
//!
//! - A [`RuleSet`] is read from TOML (format in `core/data/rules/README.md`) against a
//!   [`Taxonomy`]: rules with an id, a priority, a condition (`when`: category subtrees,
//!   channel, forwarding by a regulator, severity, claimed-amount ranges, branch, tags,
//!   complainant attributes, earlier complaints, combined with all / any / not) and actions
//!   (`then`: handler role, department, level, deadline policy preset, escalation,
//!   obligations). Loading checks everything and reports every problem with the rule id and
//!   line, including rules no complaint can reach and overlapping rules that contradict each
//!   other; a rule set that fails to load is not built.
//! - [`RuleSet::route`] gives a [`Decision`]: a small `Copy` value of indices into the rule set,
//!   computed without allocating from a compiled form of the rules.
//! - [`Decision::explain`] builds, on demand, an [`Explanation`]: the rules that matched, the
//!   tests that decided, the actions and where each came from — as text for an auditor and as
//!   JSON for a program.
//! - The caller's knowledge goes in a [`RoutingContext`]: the complainant's attributes from
//!   client records, and the days of their earlier complaints — for a batch,
//!   [`EarlierComplaints::by_complainant`] works those out from the batch itself.
//! - A [`Directory`] of staff gives the eligible handlers of a decision
//!   ([`Directory::assign`]), never the person complained about (R12) nor anyone conflicted,
//!   the receiver first (R5).
//!
//! ## Hit policies
//!
//! Rules are tried in *evaluation order*: higher `priority` first, equal priorities in file
//! order.
//!
//! - `first_match`: the first rule whose condition holds decides everything; later rules are
//!   not consulted.
//! - `collect_all`: every rule whose condition holds contributes. Each single-valued action
//!   (handler, department, level, policy, escalation) comes from the first matching rule, in
//!   evaluation order, that sets it; obligations are the union of all matching rules'. Two
//!   rules of equal priority that can match the same complaint and set the same action to
//!   different values are refused at load time ([`ErrorCode::ConflictingRules`](crate::ErrorCode::ConflictingRules)): the merge is
//!   never decided by file order alone.
//!
//! ## Example
//!
//! ```
//! use tousu::{Complaint, RoutingContext, RuleSet, Obligation};
//!
//! let rules = RuleSet::default_procedure();
//! let complaint = Complaint::from_json(r#"{
//!     "id": "SZ-2024-0042", "channel": {"regulator_forwarded": {"body": "中国证监会深圳监管局",
//!         "reference": "深证监〔2024〕17号", "forwarded_on": "2024-02-29"}},
//!     "complainant": {"name": "李四", "contact": {"phone": "13800138000"}},
//!     "receiver": "S001", "branch": "深圳福田营业部", "received_at": "2024-03-01T09:30:00+08:00",
//!     "matter": "佣金收取异常", "facts": {"account": "二月佣金高于约定费率"},
//!     "demand": "退还多收佣金", "category": "fees.commission"
//! }"#)?;
//! let decision = rules.route(&complaint, &RoutingContext::default())?;
//! assert!(decision.obligations().contains(Obligation::RegulatorReportBack));
//! println!("{}", decision.explain(&complaint, &RoutingContext::default()));
//! # Ok::<(), tousu::Error>(())
//! ```

mod analysis;
mod compile;
mod condition;
mod directory;
mod explain;
mod history;
mod load;

use std::fmt;

use chrono::NaiveDate;
use serde::Serialize;

pub use condition::{Attribute, Attributes, CategoryRef, ChannelKind, Condition, Party};
pub use directory::{Assignment, Conflicts, Directory, Person, Recusal};
pub use explain::{ExplainedActions, ExplainedRule, Explanation};
pub use history::EarlierComplaints;

use crate::complaint::Complaint;
use crate::error::{Result, RoutingProblem};
use crate::taxonomy::Taxonomy;
use compile::Program;
use condition::Subject;

/// The most rules a rule set may have (a decision records the matching rules in a 256-bit set).
pub const MAX_RULES: usize = 256;

const DEFAULT_FILE: &str = "core/data/rules/cn-seed.toml";
const DEFAULT_TEXT: &str = include_str!("../../data/rules/cn-seed.toml");

/// How the matching rules of a rule set make one decision. See the [module docs](self).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum HitPolicy {
    /// The first matching rule in evaluation order decides.
    FirstMatch,
    /// Every matching rule contributes, merged as documented.
    CollectAll,
}

impl HitPolicy {
    /// `first_match` or `collect_all`.
    pub fn name(self) -> &'static str {
        match self {
            HitPolicy::FirstMatch => "first_match",
            HitPolicy::CollectAll => "collect_all",
        }
    }
}

/// Where a complaint is handled (R10).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum HandlingLevel {
    /// At the branch (营业部).
    Branch,
    /// At head office (总部), e.g. the brokerage management department.
    HeadOffice,
}

impl HandlingLevel {
    /// `branch` or `head_office`.
    pub fn name(self) -> &'static str {
        match self {
            HandlingLevel::Branch => "branch",
            HandlingLevel::HeadOffice => "head_office",
        }
    }

    pub(crate) fn from_name(name: &str) -> Option<HandlingLevel> {
        match name {
            "branch" => Some(HandlingLevel::Branch),
            "head_office" => Some(HandlingLevel::HeadOffice),
            _ => None,
        }
    }
}

/// Something the handling must do besides deciding.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Obligation {
    /// Open a cross-department liaison form (《客户投诉工作联系单》, R11).
    LiaisonForm,
    /// Report the outcome back to the forwarding regulator (R17).
    RegulatorReportBack,
    /// Have a management or partners' meeting decide (R18).
    ManagementMeeting,
    /// Reply in writing (R19).
    WrittenReply,
    /// Fill in an incident investigation form naming who is accountable (R9).
    IncidentInvestigation,
    /// Keep the complainant informed of progress (R16).
    ProgressUpdates,
}

impl Obligation {
    /// Every obligation, in bit order.
    pub const ALL: [Obligation; 6] = [
        Obligation::LiaisonForm,
        Obligation::RegulatorReportBack,
        Obligation::ManagementMeeting,
        Obligation::WrittenReply,
        Obligation::IncidentInvestigation,
        Obligation::ProgressUpdates,
    ];

    /// The name used in rule sets (`liaison_form`).
    pub fn name(self) -> &'static str {
        match self {
            Obligation::LiaisonForm => "liaison_form",
            Obligation::RegulatorReportBack => "regulator_report_back",
            Obligation::ManagementMeeting => "management_meeting",
            Obligation::WrittenReply => "written_reply",
            Obligation::IncidentInvestigation => "incident_investigation",
            Obligation::ProgressUpdates => "progress_updates",
        }
    }

    /// The obligation of a name.
    pub fn from_name(name: &str) -> Option<Obligation> {
        Self::ALL.into_iter().find(|o| o.name() == name)
    }
}

/// A set of [`Obligation`]s. Copy, one byte.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Obligations(u8);

impl Obligations {
    /// This set with `o` added.
    pub fn with(self, o: Obligation) -> Obligations {
        Obligations(self.0 | 1 << (o as u8))
    }
    /// Whether `o` is in the set.
    pub fn contains(self, o: Obligation) -> bool {
        self.0 & (1 << (o as u8)) != 0
    }
    /// The union of two sets.
    pub fn union(self, other: Obligations) -> Obligations {
        Obligations(self.0 | other.0)
    }
    /// Whether the set is empty.
    pub fn is_empty(self) -> bool {
        self.0 == 0
    }
    /// The obligations in the set, in bit order.
    pub fn iter(self) -> impl Iterator<Item = Obligation> {
        Obligation::ALL.into_iter().filter(move |o| self.contains(*o))
    }
}

/// A role that handles complaints (`operations_supervisor`), declared by the rule set.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Role {
    /// The id rules and staff directories use.
    pub id: String,
    /// English label.
    pub label: String,
    /// Chinese label.
    pub label_zh: Option<String>,
    /// Where people in this role sit.
    pub level: HandlingLevel,
    /// The role a complaint goes to when nobody in this one may take it (R10, R13).
    pub escalates_to: Option<String>,
    /// The line of its table in the TOML text.
    pub line: Option<u32>,
}

/// What a rule decides. Every field is optional: under `collect_all` several rules fill them in.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Actions {
    /// The role that handles the complaint.
    pub handler: Option<String>,
    /// The department that handles it.
    pub department: Option<String>,
    /// Branch or head office.
    pub level: Option<HandlingLevel>,
    /// The deadline policy preset (one of [`PRESET_POLICIES`](crate::PRESET_POLICIES)).
    pub policy: Option<String>,
    /// The role the handler reports to for the decision (e.g. the branch general manager).
    pub escalate_to: Option<String>,
    /// What the handling must do besides deciding.
    pub obligations: Obligations,
}

/// One rule of a rule set.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rule {
    /// The id, unique in the rule set.
    pub id: String,
    /// Higher first; equal priorities in file order.
    pub priority: i32,
    /// What the rule is for.
    pub description: Option<String>,
    /// The REQUIREMENTS.md ids or seed lines it implements.
    pub requirement: Option<String>,
    /// The condition; `None` matches every complaint (a catch-all).
    pub when: Option<Condition>,
    /// What it decides.
    pub then: Actions,
    /// The line of the rule in the TOML text.
    pub line: Option<u32>,
}

/// What the caller knows about a complaint beyond its record (core does no I/O).
#[derive(Debug, Clone, Copy, Default)]
pub struct RoutingContext<'a> {
    /// The days on which the same complainant's earlier complaints were received, any order.
    pub earlier_complaints: &'a [NaiveDate],
    /// Attributes of the complainant from the caller's client records.
    pub attributes: Attributes,
}

/// A routing rule set, compiled. Immutable and `Sync`: share one across threads.
#[derive(Debug, Clone)]
pub struct RuleSet {
    id: String,
    version: u32,
    name: String,
    name_zh: Option<String>,
    source: Option<String>,
    hit_policy: HitPolicy,
    currency: String,
    taxonomy: Taxonomy,
    roles: Vec<Role>,
    /// In file order.
    rules: Vec<Rule>,
    /// Rule indices in evaluation order.
    order: Vec<u16>,
    program: Program,
    warnings: Vec<RoutingProblem>,
}

impl RuleSet {
    /// The seed's procedure (`core/data/rules/cn-seed.toml`) on the default taxonomy.
    pub fn default_procedure() -> RuleSet {
        // The shipped file is tested to load; a failure here is a build defect, not bad input.
        RuleSet::from_toml_named(DEFAULT_TEXT, Some(DEFAULT_FILE), &Taxonomy::default_securities())
            .expect("the default rule set loads")
    }

    /// Reads and compiles a rule set written against `taxonomy`.
    ///
    /// # Errors
    /// [`Error::RoutingData`](crate::Error::RoutingData) with every problem, each naming the
    /// rule and its line: [`ErrorCode::RuleSetSyntax`](crate::ErrorCode::RuleSetSyntax) (TOML syntax with line and column, a
    /// value of the wrong type, a missing or unknown field), [`ErrorCode::UnknownCategory`](crate::ErrorCode::UnknownCategory),
    /// [`ErrorCode::InvalidRule`](crate::ErrorCode::InvalidRule), [`ErrorCode::UnreachableRule`](crate::ErrorCode::UnreachableRule),
    /// [`ErrorCode::ConflictingRules`](crate::ErrorCode::ConflictingRules), [`ErrorCode::EscalationCycle`](crate::ErrorCode::EscalationCycle).
    pub fn from_toml(text: &str, taxonomy: &Taxonomy) -> Result<RuleSet> {
        Self::from_toml_named(text, None, taxonomy)
    }

    /// [`from_toml`](Self::from_toml), naming `file` in any error.
    pub fn from_toml_named(text: &str, file: Option<&str>, taxonomy: &Taxonomy) -> Result<RuleSet> {
        load::load(text, file, taxonomy)
    }

    /// The id.
    pub fn id(&self) -> &str {
        &self.id
    }
    /// The version.
    pub fn version(&self) -> u32 {
        self.version
    }
    /// The English name.
    pub fn name(&self) -> &str {
        &self.name
    }
    /// The Chinese name.
    pub fn name_zh(&self) -> Option<&str> {
        self.name_zh.as_deref()
    }
    /// Where the rules come from.
    pub fn source(&self) -> Option<&str> {
        self.source.as_deref()
    }
    /// The hit policy.
    pub fn hit_policy(&self) -> HitPolicy {
        self.hit_policy
    }
    /// The currency of amount conditions (`CNY`).
    pub fn currency(&self) -> &str {
        &self.currency
    }
    /// The taxonomy the rules were checked against.
    pub fn taxonomy(&self) -> &Taxonomy {
        &self.taxonomy
    }
    /// The roles, in file order.
    pub fn roles(&self) -> &[Role] {
        &self.roles
    }
    /// A role by id.
    pub fn role(&self, id: &str) -> Option<&Role> {
        self.roles.iter().find(|r| r.id == id)
    }
    /// The rules, in file order.
    pub fn rules(&self) -> &[Rule] {
        &self.rules
    }
    /// The rules in evaluation order: higher priority first, equal priorities in file order.
    pub fn evaluation_order(&self) -> impl Iterator<Item = &Rule> {
        self.order.iter().map(|&i| &self.rules[usize::from(i)])
    }
    /// What loading found worth knowing but not wrong (complaints no rule matches, …).
    pub fn warnings(&self) -> &[RoutingProblem] {
        &self.warnings
    }

    /// Routes a complaint with the compiled rules. No allocation.
    ///
    /// # Errors
    /// [`ErrorCode::UnknownCategory`](crate::ErrorCode::UnknownCategory) when the complaint's category is not in the taxonomy.
    pub fn route(&self, complaint: &Complaint, context: &RoutingContext<'_>) -> Result<Decision<'_>> {
        let facts = self.program.project(self, complaint, context)?;
        let matched = match self.hit_policy {
            HitPolicy::FirstMatch => {
                let mut m = RuleBits::default();
                if let Some(i) = self.program.first_match(&facts) {
                    m.set(i);
                }
                m
            }
            HitPolicy::CollectAll => self.program.all_matches(&facts),
        };
        Ok(self.decide(matched))
    }

    /// Routes a complaint by plain evaluation of the rules as written — a walk of each
    /// condition tree against the complaint, categories compared by code. Same answer as
    /// [`route`](Self::route), many times slower: for audits, and the reference the compiled
    /// form is tested and benchmarked against.
    ///
    /// # Errors
    /// As [`route`](Self::route).
    pub fn route_plain(&self, complaint: &Complaint, context: &RoutingContext<'_>) -> Result<Decision<'_>> {
        self.taxonomy.require(&complaint.id, &complaint.category)?;
        let subject = Subject::new(complaint, context, &self.currency);
        let mut matched = RuleBits::default();
        for &i in &self.order {
            let rule = &self.rules[usize::from(i)];
            if rule.when.as_ref().is_none_or(|c| c.holds(&subject)) {
                matched.set(i);
                if self.hit_policy == HitPolicy::FirstMatch {
                    break;
                }
            }
        }
        Ok(self.decide(matched))
    }

    /// The decision for a set of matching rules: the merge of the module docs.
    fn decide(&self, matched: RuleBits) -> Decision<'_> {
        let mut d = Decision {
            rules: self,
            matched,
            handler: NONE,
            department: NONE,
            level: NONE,
            policy: NONE,
            escalate_to: NONE,
            obligations: Obligations::default(),
        };
        if self.hit_policy == HitPolicy::FirstMatch {
            // At most one rule: it decides everything it sets.
            if let Some(i) = matched.first() {
                let a = &self.rules[usize::from(i)].then;
                let slot = |set: bool| if set { i } else { NONE };
                d.handler = slot(a.handler.is_some());
                d.department = slot(a.department.is_some());
                d.level = slot(a.level.is_some());
                d.policy = slot(a.policy.is_some());
                d.escalate_to = slot(a.escalate_to.is_some());
                d.obligations = a.obligations;
            }
            return d;
        }
        for &i in &self.order {
            if !matched.contains(i) {
                continue;
            }
            let a = &self.rules[usize::from(i)].then;
            let take = |slot: &mut u16, set: bool| {
                if *slot == NONE && set {
                    *slot = i;
                }
            };
            take(&mut d.handler, a.handler.is_some());
            take(&mut d.department, a.department.is_some());
            take(&mut d.level, a.level.is_some());
            take(&mut d.policy, a.policy.is_some());
            take(&mut d.escalate_to, a.escalate_to.is_some());
            d.obligations = d.obligations.union(a.obligations);
        }
        d
    }
}

impl fmt::Display for RuleSet {
    /// `cn.seed v1 (first_match, 12 rules)`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} v{} ({}, {} rules)",
            self.id,
            self.version,
            self.hit_policy.name(),
            self.rules.len()
        )
    }
}

/// No rule: the empty slot of a [`Decision`].
const NONE: u16 = u16::MAX;

/// A set of rule indices (file order), up to [`MAX_RULES`].
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub(crate) struct RuleBits([u64; MAX_RULES / 64]);

impl RuleBits {
    #[inline]
    pub(crate) fn set(&mut self, i: u16) {
        self.0[usize::from(i >> 6)] |= 1 << (i & 63);
    }
    #[inline]
    pub(crate) fn contains(&self, i: u16) -> bool {
        self.0[usize::from(i >> 6)] & (1 << (i & 63)) != 0
    }
    pub(crate) fn is_empty(&self) -> bool {
        self.0.iter().all(|w| *w == 0)
    }
    /// The lowest index in the set.
    pub(crate) fn first(&self) -> Option<u16> {
        self.0
            .iter()
            .enumerate()
            .find(|(_, w)| **w != 0)
            .map(|(k, w)| (k * 64) as u16 + w.trailing_zeros() as u16)
    }
}

/// The rules of a rule set that matched one complaint, by their position in the file: what a
/// [`Decision`] is made from (the merge of the [module docs](self) decides the rest). Copy,
/// hashable, and without a borrow of the rule set — for surfaces that keep a rule set behind a
/// shared pointer and its decisions in objects of their own (a Python `Decision`), and for
/// counting the distinct decisions of many complaints. [`RuleSet::decision`] turns it back into
/// the decision.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub struct MatchedRules(RuleBits);

impl MatchedRules {
    /// The set of these positions (file order), as a surface hands back what
    /// [`positions`](Self::positions) gave it (a C struct, a pickle); `None` when one is not
    /// below [`MAX_RULES`]. [`RuleSet::decision`] checks them against its own rules.
    pub fn from_positions(positions: impl IntoIterator<Item = usize>) -> Option<MatchedRules> {
        let mut bits = RuleBits::default();
        for position in positions {
            bits.set(u16::try_from(position).ok().filter(|&p| usize::from(p) < MAX_RULES)?);
        }
        Some(MatchedRules(bits))
    }
    /// Whether the rule at `position` (file order) matched.
    pub fn contains(&self, position: usize) -> bool {
        position < MAX_RULES && self.0.contains(position as u16)
    }
    /// The positions (file order) of the rules that matched, ascending.
    pub fn positions(&self) -> impl Iterator<Item = usize> + '_ {
        (0..MAX_RULES).filter(|&i| self.contains(i))
    }
    /// Whether no rule matched.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl RuleSet {
    /// The decision this rule set makes when `matched` are the rules that match (as
    /// [`Decision::matched`] gives them); `None` when `matched` names a position past this rule
    /// set's last rule. The set must come from this rule set: another one's positions would
    /// name other rules.
    pub fn decision(&self, matched: MatchedRules) -> Option<Decision<'_>> {
        let beyond = (self.rules.len()..MAX_RULES).any(|i| matched.contains(i));
        (!beyond).then(|| self.decide(matched.0))
    }

    /// Whether a rule tests an attribute an identity document can show (`elderly` from a
    /// resident ID, `institutional` from a unified social credit code): only then do the
    /// document and the day of receipt (the age is taken on it) bear on a decision.
    pub fn reads_identity_documents(&self) -> bool {
        fn reads(c: &Condition) -> bool {
            match c {
                Condition::All(list) | Condition::Any(list) => list.iter().any(reads),
                Condition::Not(x) => reads(x),
                Condition::Complainant(list) => list
                    .iter()
                    .any(|a| matches!(a, Attribute::Elderly | Attribute::Institutional)),
                _ => false,
            }
        }
        self.rules.iter().any(|r| r.when.as_ref().is_some_and(reads))
    }
}

/// The routing of one complaint: which rules matched and what they decided. A small `Copy`
/// value of indices into its [`RuleSet`]; [`explain`](Self::explain) builds the full story on
/// demand.
#[derive(Debug, Clone, Copy)]
pub struct Decision<'r> {
    rules: &'r RuleSet,
    matched: RuleBits,
    // The rule (file index) each action comes from, NONE when no matching rule sets it.
    handler: u16,
    department: u16,
    level: u16,
    policy: u16,
    escalate_to: u16,
    obligations: Obligations,
}

impl PartialEq for Decision<'_> {
    fn eq(&self, other: &Self) -> bool {
        std::ptr::eq(self.rules, other.rules)
            && self.matched == other.matched
            && self.handler == other.handler
            && self.department == other.department
            && self.level == other.level
            && self.policy == other.policy
            && self.escalate_to == other.escalate_to
            && self.obligations == other.obligations
    }
}

impl Eq for Decision<'_> {}

impl<'r> Decision<'r> {
    fn rule_at(&self, slot: u16) -> Option<&'r Rule> {
        (slot != NONE).then(|| &self.rules.rules[usize::from(slot)])
    }

    /// The rule set that decided.
    pub fn rule_set(&self) -> &'r RuleSet {
        self.rules
    }
    /// Whether any rule matched.
    pub fn is_routed(&self) -> bool {
        !self.matched.is_empty()
    }
    /// The rules that matched, in evaluation order (under `first_match`, at most one).
    pub fn matched_rules(&self) -> impl Iterator<Item = &'r Rule> + '_ {
        let rules = self.rules;
        let matched = self.matched;
        rules
            .order
            .iter()
            .filter(move |&&i| matched.contains(i))
            .map(move |&i| &rules.rules[usize::from(i)])
    }
    /// The rules that matched as a set of positions, without the borrow of the rule set:
    /// [`RuleSet::decision`] gives this decision back from it.
    pub fn matched(&self) -> MatchedRules {
        MatchedRules(self.matched)
    }
    /// The first matching rule in evaluation order: under `first_match`, the one that decided.
    pub fn deciding_rule(&self) -> Option<&'r Rule> {
        self.matched_rules().next()
    }
    /// The handler role, with the rule it comes from.
    pub fn handler(&self) -> Option<&'r str> {
        self.rule_at(self.handler).and_then(|r| r.then.handler.as_deref())
    }
    /// The handling department.
    pub fn department(&self) -> Option<&'r str> {
        self.rule_at(self.department).and_then(|r| r.then.department.as_deref())
    }
    /// Branch or head office.
    pub fn level(&self) -> Option<HandlingLevel> {
        self.rule_at(self.level).and_then(|r| r.then.level)
    }
    /// The deadline policy preset.
    pub fn policy(&self) -> Option<&'r str> {
        self.rule_at(self.policy).and_then(|r| r.then.policy.as_deref())
    }
    /// The role the handler reports to for the decision.
    pub fn escalate_to(&self) -> Option<&'r str> {
        self.rule_at(self.escalate_to)
            .and_then(|r| r.then.escalate_to.as_deref())
    }
    /// Every obligation of the matching rules.
    pub fn obligations(&self) -> Obligations {
        self.obligations
    }
    /// The rule each action comes from: `(action, rule)` for every action that is set.
    pub fn sources(&self) -> Vec<(&'static str, &'r Rule)> {
        [
            ("handler", self.handler),
            ("department", self.department),
            ("level", self.level),
            ("policy", self.policy),
            ("escalate_to", self.escalate_to),
        ]
        .into_iter()
        .filter_map(|(name, slot)| self.rule_at(slot).map(|r| (name, r)))
        .collect()
    }

    /// The decision as compact JSON: `{"rule_set", "version", "matched": [rule ids in
    /// evaluation order], "handler", "department", "level", "policy", "escalate_to",
    /// "obligations": [names]}`, unset actions as `null`. [`explain`](Self::explain) gives the
    /// reasons too.
    pub fn to_json(&self) -> String {
        let obligations: Vec<&str> = self.obligations.iter().map(Obligation::name).collect();
        let matched: Vec<&str> = self.matched_rules().map(|r| r.id.as_str()).collect();
        serde_json::json!({
            "rule_set": self.rules.id,
            "version": self.rules.version,
            "matched": matched,
            "handler": self.handler(),
            "department": self.department(),
            "level": self.level().map(HandlingLevel::name),
            "policy": self.policy(),
            "escalate_to": self.escalate_to(),
            "obligations": obligations,
        })
        .to_string()
    }

    /// The full story of this decision for `complaint` (the one it was made for): the rules
    /// that matched, the tests that decided, the actions and where each came from.
    pub fn explain(&self, complaint: &Complaint, context: &RoutingContext<'_>) -> Explanation {
        explain::explain(self, complaint, context)
    }
}

#[cfg(test)]
mod tests;
