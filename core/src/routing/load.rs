//! Reading a rule set from TOML and checking it; format in `core/data/rules/README.md`.
//!
//! The document is read by hand from spanned values, so that every problem names its rule and
//! line, a wrong type says what was expected (`amount.at_least` wants an integer of minor units,
//! not a string), and the problems of every rule are reported together. Checks that need the
//! whole set — duplicate ids, roles, escalation cycles, unreachable and conflicting rules — run
//! once every rule has been read. Nothing is built unless every check passes.

use std::ops::Range;

use toml::de::{DeTable, DeValue};
use toml::Spanned;

use super::analysis::{severities_from, Space, TooComplex};
use super::compile::Program;
use super::condition::{Attribute, CategoryRef, ChannelKind, Condition, Party};
use super::{Actions, HandlingLevel, HitPolicy, Obligation, Obligations, Role, Rule, RuleSet, MAX_RULES};
use crate::complaint::{Kind, Severity};
use crate::error::{ErrorCode, Result};
use crate::taxonomy::source::{field_span, is_slug, Document, Problems};
use crate::taxonomy::Taxonomy;
use crate::PRESET_POLICIES;

type V<'t> = Spanned<DeValue<'t>>;

const SYNTAX: ErrorCode = ErrorCode::RuleSetSyntax;
const INVALID: ErrorCode = ErrorCode::InvalidRule;

/// Longest window of earlier complaints, in days (ten years).
const MAX_WINDOW_DAYS: i64 = 3660;

/// Reads, checks and compiles.
pub(crate) fn load(text: &str, file: Option<&str>, taxonomy: &Taxonomy) -> Result<RuleSet> {
    let mut p = Problems::new(text);
    let Some(doc) = Document::parse(text, SYNTAX, &mut p) else {
        return Err(p.into_error("rule set", "?", file));
    };
    let mut r = Reader { p, taxonomy };
    doc.only_keys(&["rule_set", "roles", "rule"], SYNTAX, &mut r.p);
    let header = match doc.get("rule_set") {
        Some(v) => r.header(v),
        None => {
            r.p.push(SYNTAX, None, "rule_set", None, "missing field `rule_set`");
            None
        }
    };
    let set_id = doc
        .get("rule_set")
        .and_then(|v| crate::taxonomy::source::str_field(v, "id"))
        .unwrap_or("?")
        .to_owned();
    let roles = match doc.get("roles") {
        Some(v) => r.roles(v),
        None => Vec::new(),
    };
    let items = doc.items("rule", SYNTAX, &mut r.p);
    if items.is_empty() {
        r.p.push(INVALID, None, "rule", None, "the rule set has no rule");
    }
    if items.len() > MAX_RULES {
        r.p.push(
            INVALID,
            None,
            "rule",
            Some(items[MAX_RULES].span()),
            format!("{} rules: a rule set has at most {MAX_RULES}", items.len()),
        );
    }
    let mut rules = Vec::with_capacity(items.len());
    let mut spans = Vec::with_capacity(items.len());
    for (i, item) in items.iter().enumerate() {
        if let Some(rule) = r.rule(i, item, &roles) {
            rules.push(rule);
            spans.push(field_span(item, "id"));
        }
    }
    // Duplicate ids.
    for (i, rule) in rules.iter().enumerate() {
        if let Some(first) = rules[..i].iter().find(|x| x.id == rule.id) {
            r.p.push(
                INVALID,
                Some(&rule.id),
                format!("rule[{i}].id"),
                Some(spans[i].clone()),
                format!(
                    "rule id `{}` is used twice (first at line {})",
                    rule.id,
                    first.line.unwrap_or(0)
                ),
            );
        }
    }
    let Some((header, hit_policy)) = header else {
        return Err(r.p.into_error("rule set", &set_id, file));
    };
    if !r.p.is_empty() || rules.len() != items.len() {
        return Err(r.p.into_error("rule set", &set_id, file));
    }

    // Evaluation order: priority descending, file order within a priority.
    let mut order: Vec<u16> = (0..rules.len() as u16).collect();
    order.sort_by_key(|&i| std::cmp::Reverse(rules[usize::from(i)].priority));

    let space = match Space::new(taxonomy, rules.iter().filter_map(|r| r.when.as_ref())) {
        Ok(space) => space,
        Err(problem) => {
            r.p.push(INVALID, None, "rule", None, problem);
            return Err(r.p.into_error("rule set", &set_id, file));
        }
    };
    let mut cubes = Vec::with_capacity(rules.len());
    for (i, rule) in rules.iter().enumerate() {
        match space.dnf(taxonomy, rule.when.as_ref()) {
            Ok(c) => cubes.push(c),
            Err(TooComplex) => r.p.push(
                INVALID,
                Some(&rule.id),
                "when",
                Some(spans[i].clone()),
                format!(
                    "the condition is too complex to check and compile: more than {} alternatives once written as a union of simple tests",
                    super::analysis::MAX_CUBES
                ),
            ),
        }
    }
    if !r.p.is_empty() {
        return Err(r.p.into_error("rule set", &set_id, file));
    }
    space.limit_work(super::analysis::CHECK_BUDGET);
    let mut warnings = check_reachability(&mut r.p, &space, &rules, &order, &cubes, hit_policy, &spans);
    if hit_policy == HitPolicy::CollectAll {
        check_conflicts(&mut r.p, &space, &rules, &cubes, &spans);
    }
    if space.out_of_work() {
        let mut w = Problems::new("");
        w.push(
            ErrorCode::UnreachableRule,
            None,
            "rule",
            None,
            "the rule set is too large to check completely: some unreachable or conflicting rules may not be reported",
        );
        warnings.append(&mut w.list);
    }
    if !r.p.is_empty() {
        return Err(r.p.into_error("rule set", &set_id, file));
    }
    let program = Program::new(&space, &cubes, &order);
    Ok(RuleSet {
        id: header.id,
        version: header.version,
        name: header.name,
        name_zh: header.name_zh,
        source: header.source,
        hit_policy,
        currency: header.currency,
        taxonomy: taxonomy.clone(),
        roles,
        rules,
        order,
        program,
        warnings,
    })
}

/// Unreachable rules (errors) and complaints no rule matches (a warning).
fn check_reachability(
    p: &mut Problems<'_>,
    space: &Space,
    rules: &[Rule],
    order: &[u16],
    cubes: &[Vec<super::analysis::Cube>],
    hit_policy: HitPolicy,
    spans: &[Range<usize>],
) -> Vec<crate::error::RoutingProblem> {
    for (pos, &i) in order.iter().enumerate() {
        let rule = &rules[usize::from(i)];
        let own = &cubes[usize::from(i)];
        if own.is_empty() {
            p.push(
                ErrorCode::UnreachableRule,
                Some(&rule.id),
                "when",
                Some(spans[usize::from(i)].clone()),
                "no complaint meets the condition: its tests contradict each other",
            );
            continue;
        }
        if hit_policy != HitPolicy::FirstMatch {
            continue;
        }
        // What is left of the rule once every earlier rule has taken its complaints.
        let mut left = own.clone();
        let mut takers = Vec::new();
        for &j in &order[..pos] {
            let earlier = &cubes[usize::from(j)];
            match space.intersect(&left, earlier) {
                Ok(overlap) if overlap.is_empty() => continue,
                Ok(_) => takers.push(&rules[usize::from(j)].id),
                Err(TooComplex) => {
                    left.clear();
                    takers.clear();
                    break;
                }
            }
            match space.complement(earlier).and_then(|not| space.intersect(&left, &not)) {
                Ok(rest) => left = rest,
                Err(TooComplex) => {
                    takers.clear();
                    break;
                }
            }
            if left.is_empty() {
                break;
            }
        }
        if left.is_empty() && !takers.is_empty() {
            // Name the one earlier rule that covers it alone, when there is one.
            let alone = order[..pos].iter().find(|&&j| {
                space
                    .complement(&cubes[usize::from(j)])
                    .and_then(|not| space.intersect(own, &not))
                    .is_ok_and(|rest| rest.is_empty())
            });
            if let Some(&j) = alone {
                takers = vec![&rules[usize::from(j)].id];
            }
            let names: Vec<String> = takers.iter().map(|t| format!("`{t}`")).collect();
            let by = if names.len() == 1 {
                format!("the earlier rule {} matches every complaint it matches", names[0])
            } else {
                format!(
                    "the earlier rules {} together match every complaint it matches",
                    names.join(", ")
                )
            };
            p.push(
                ErrorCode::UnreachableRule,
                Some(&rule.id),
                "when",
                Some(spans[usize::from(i)].clone()),
                format!("unreachable under first_match: {by}"),
            );
        }
    }
    // Complaints that no rule matches: a warning, the rule set may mean it.
    let mut warnings = Vec::new();
    let mut left = vec![space.full()];
    for c in cubes {
        match space.complement(c).and_then(|not| space.intersect(&left, &not)) {
            Ok(rest) => left = rest,
            Err(TooComplex) => return warnings,
        }
        if left.is_empty() {
            return warnings;
        }
    }
    let mut w = Problems::new("");
    w.push(
        INVALID,
        None,
        "rule",
        None,
        "some complaints match no rule (there is no catch-all): they are not routed",
    );
    warnings.append(&mut w.list);
    warnings
}

/// Under collect_all: two rules of equal priority that can match the same complaint and set
/// the same action to different values.
fn check_conflicts(
    p: &mut Problems<'_>,
    space: &Space,
    rules: &[Rule],
    cubes: &[Vec<super::analysis::Cube>],
    spans: &[Range<usize>],
) {
    for (j, b) in rules.iter().enumerate() {
        for (i, a) in rules[..j].iter().enumerate() {
            if a.priority != b.priority {
                continue;
            }
            let differ = differing_action(&a.then, &b.then);
            let Some(field) = differ else { continue };
            match space.intersect(&cubes[i], &cubes[j]) {
                Ok(overlap) if overlap.is_empty() => {}
                // Out of time to tell: not an error, the warning below says so.
                Err(TooComplex) if space.out_of_work() => {}
                // Too many overlapping cubes to list means they overlap.
                Ok(_) | Err(TooComplex) => p.push(
                    ErrorCode::ConflictingRules,
                    Some(&b.id),
                    format!("then.{field}"),
                    Some(spans[j].clone()),
                    format!(
                        "rules `{}` and `{}` have the same priority {}, can match the same complaint, and set {field} differently: give one a higher priority or make the conditions exclusive",
                        a.id, b.id, a.priority
                    ),
                ),
            }
        }
    }
}

fn differing_action(a: &Actions, b: &Actions) -> Option<&'static str> {
    fn differ<T: PartialEq>(x: &Option<T>, y: &Option<T>) -> bool {
        matches!((x, y), (Some(x), Some(y)) if x != y)
    }
    if differ(&a.handler, &b.handler) {
        Some("handler")
    } else if differ(&a.department, &b.department) {
        Some("department")
    } else if differ(&a.level, &b.level) {
        Some("level")
    } else if differ(&a.policy, &b.policy) {
        Some("policy")
    } else if differ(&a.escalate_to, &b.escalate_to) {
        Some("escalate_to")
    } else {
        None
    }
}

struct Header {
    id: String,
    version: u32,
    name: String,
    name_zh: Option<String>,
    source: Option<String>,
    currency: String,
}

/// Reads values, pushing a located problem for each one that is wrong.
struct Reader<'t, 'x> {
    p: Problems<'t>,
    taxonomy: &'x Taxonomy,
}

/// Where a value is: the rule (or role) it belongs to and its path.
#[derive(Clone, Copy)]
struct At<'a> {
    subject: Option<&'a str>,
    path: &'a str,
}

impl<'a> At<'a> {
    fn key(&self, key: &str) -> String {
        if self.path.is_empty() {
            key.to_owned()
        } else {
            format!("{}.{key}", self.path)
        }
    }
}

fn kind_of(v: &DeValue<'_>) -> &'static str {
    match v {
        DeValue::String(_) => "a string",
        DeValue::Integer(_) => "an integer",
        DeValue::Float(_) => "a float",
        DeValue::Boolean(_) => "a boolean",
        DeValue::Datetime(_) => "a date-time",
        DeValue::Array(_) => "an array",
        DeValue::Table(_) => "a table",
    }
}

impl Reader<'_, '_> {
    fn wrong_type(&mut self, at: At<'_>, path: &str, v: &V<'_>, expected: &str) {
        self.p.push(
            SYNTAX,
            at.subject,
            path,
            Some(v.span()),
            format!("expected {expected}, found {} `{}`", kind_of(v.get_ref()), snippet(v)),
        );
    }

    fn table<'v, 't>(&mut self, at: At<'_>, v: &'v V<'t>, known: &[&str]) -> Option<&'v DeTable<'t>> {
        let Some(t) = v.get_ref().as_table() else {
            self.wrong_type(at, at.path, v, "a table");
            return None;
        };
        for (key, _) in t.iter() {
            if !known.contains(&key.get_ref().as_ref()) {
                let names: Vec<String> = known.iter().map(|k| format!("`{k}`")).collect();
                self.p.push(
                    SYNTAX,
                    at.subject,
                    at.key(key.get_ref()),
                    Some(key.span()),
                    format!(
                        "unknown field `{}`, expected one of {}",
                        key.get_ref(),
                        names.join(", ")
                    ),
                );
            }
        }
        Some(t)
    }

    fn string(
        &mut self,
        at: At<'_>,
        t: &DeTable<'_>,
        key: &str,
        required: bool,
        span: &Range<usize>,
    ) -> Option<String> {
        match t.get(key) {
            None => {
                if required {
                    self.p.push(
                        SYNTAX,
                        at.subject,
                        at.key(key),
                        Some(span.clone()),
                        format!("missing field `{key}`"),
                    );
                }
                None
            }
            Some(v) => match v.get_ref().as_str() {
                Some(s) => Some(s.to_owned()),
                None => {
                    self.wrong_type(at, &at.key(key), v, "a string");
                    None
                }
            },
        }
    }

    fn integer(&mut self, at: At<'_>, v: &V<'_>, path: &str, what: &str) -> Option<i64> {
        match v.get_ref() {
            DeValue::Integer(i) => match i64::from_str_radix(i.as_str(), i.radix()) {
                Ok(n) => Some(n),
                Err(_) => {
                    self.p.push(
                        SYNTAX,
                        at.subject,
                        path,
                        Some(v.span()),
                        format!("{} overflows a 64-bit integer", i.as_str()),
                    );
                    None
                }
            },
            _ => {
                self.wrong_type(at, path, v, what);
                None
            }
        }
    }

    /// A string or an array of strings, each with its span.
    fn strings(&mut self, at: At<'_>, v: &V<'_>, path: &str) -> Option<Vec<(String, Range<usize>)>> {
        let out = match v.get_ref() {
            DeValue::String(s) => vec![(s.to_string(), v.span())],
            DeValue::Array(items) => {
                let mut out = Vec::with_capacity(items.len());
                for (i, item) in items.iter().enumerate() {
                    match item.get_ref().as_str() {
                        Some(s) => out.push((s.to_owned(), item.span())),
                        None => {
                            self.wrong_type(at, &format!("{path}[{i}]"), item, "a string");
                            return None;
                        }
                    }
                }
                out
            }
            _ => {
                self.wrong_type(at, path, v, "a string or an array of strings");
                return None;
            }
        };
        if out.is_empty() {
            self.p.push(
                INVALID,
                at.subject,
                path,
                Some(v.span()),
                "an empty list matches nothing",
            );
            return None;
        }
        Some(out)
    }

    /// Names from a fixed vocabulary.
    fn names<T>(
        &mut self,
        at: At<'_>,
        v: &V<'_>,
        path: &str,
        what: &str,
        all: &[&str],
        parse: impl Fn(&str) -> Option<T>,
    ) -> Option<Vec<T>> {
        let list = self.strings(at, v, path)?;
        let mut out = Vec::with_capacity(list.len());
        let mut ok = true;
        for (s, span) in list {
            match parse(&s) {
                Some(x) => out.push(x),
                None => {
                    ok = false;
                    self.p.push(
                        INVALID,
                        at.subject,
                        path,
                        Some(span),
                        format!("`{s}` is not {what}: {}", all.join(", ")),
                    );
                }
            }
        }
        ok.then_some(out)
    }

    fn header(&mut self, v: &V<'_>) -> Option<(Header, HitPolicy)> {
        let at = At {
            subject: None,
            path: "rule_set",
        };
        let t = self.table(
            at,
            v,
            &[
                "id",
                "version",
                "name",
                "name_zh",
                "source",
                "taxonomy",
                "hit_policy",
                "currency",
            ],
        )?;
        let span = v.span();
        let id = self.string(at, t, "id", true, &span);
        let name = self.string(at, t, "name", true, &span);
        let name_zh = self.string(at, t, "name_zh", false, &span);
        let source = self.string(at, t, "source", false, &span);
        let taxonomy = self.string(at, t, "taxonomy", true, &span);
        let hit = self.string(at, t, "hit_policy", true, &span);
        let currency = self
            .string(at, t, "currency", false, &span)
            .unwrap_or_else(|| "CNY".to_owned());
        let version = match t.get("version") {
            None => {
                self.p.push(
                    SYNTAX,
                    None,
                    "rule_set.version",
                    Some(span.clone()),
                    "missing field `version`",
                );
                None
            }
            Some(v) => {
                let n = self.integer(at, v, "rule_set.version", "an integer")?;
                match u32::try_from(n) {
                    Ok(n) => Some(n),
                    Err(_) => {
                        self.p.push(
                            INVALID,
                            None,
                            "rule_set.version",
                            Some(v.span()),
                            format!("version {n} is not a non-negative 32-bit number"),
                        );
                        None
                    }
                }
            }
        };
        if let Some(id) = &id {
            if id.trim().is_empty() {
                self.p.push(
                    INVALID,
                    None,
                    "rule_set.id",
                    Some(span.clone()),
                    "the rule set id is empty",
                );
            }
        }
        if let Some(tax) = &taxonomy {
            if *tax != self.taxonomy.id() {
                self.p.push(
                    INVALID,
                    None,
                    "rule_set.taxonomy",
                    t.get("taxonomy").map(|v| v.span()),
                    format!(
                        "written against taxonomy `{tax}` but loaded with `{}`",
                        self.taxonomy.id()
                    ),
                );
            }
        }
        let c = currency.as_bytes();
        if c.len() != 3 || !c.iter().all(u8::is_ascii_uppercase) {
            self.p.push(
                INVALID,
                None,
                "rule_set.currency",
                t.get("currency").map(|v| v.span()),
                format!("`{currency}` is not a three-letter ISO 4217 code"),
            );
        }
        let hit_policy = match hit.as_deref() {
            Some("first_match") => Some(HitPolicy::FirstMatch),
            Some("collect_all") => Some(HitPolicy::CollectAll),
            Some(other) => {
                self.p.push(
                    INVALID,
                    None,
                    "rule_set.hit_policy",
                    t.get("hit_policy").map(|v| v.span()),
                    format!("`{other}` is not a hit policy: first_match, collect_all"),
                );
                None
            }
            None => None,
        };
        Some((
            Header {
                id: id?,
                version: version?,
                name: name?,
                name_zh,
                source,
                currency,
            },
            hit_policy?,
        ))
    }

    fn roles(&mut self, v: &V<'_>) -> Vec<Role> {
        let at = At {
            subject: None,
            path: "roles",
        };
        let Some(t) = v.get_ref().as_table() else {
            self.wrong_type(at, "roles", v, "a table of roles ([roles.<id>])");
            return Vec::new();
        };
        let mut roles = Vec::new();
        let mut raw_escalation = Vec::new();
        // The table's keys come sorted; roles are listed in file order.
        let mut entries: Vec<_> = t.iter().collect();
        entries.sort_by_key(|(key, _)| key.span().start);
        for (key, value) in entries {
            let id = key.get_ref().to_string();
            let path = format!("roles.{id}");
            let at = At {
                subject: Some(&id),
                path: &path,
            };
            if !is_slug(&id) {
                self.p.push(
                    INVALID,
                    Some(&id),
                    &path,
                    Some(key.span()),
                    format!("role id `{id}` is not lowercase snake_case"),
                );
            }
            let Some(rt) = self.table(at, value, &["label", "label_zh", "level", "escalates_to"]) else {
                continue;
            };
            let span = value.span();
            let label = self.string(at, rt, "label", true, &span);
            let label_zh = self.string(at, rt, "label_zh", false, &span);
            let level = self.string(at, rt, "level", true, &span);
            let escalates_to = self.string(at, rt, "escalates_to", false, &span);
            let level = level.and_then(|l| match HandlingLevel::from_name(&l) {
                Some(x) => Some(x),
                None => {
                    self.p.push(
                        INVALID,
                        Some(&id),
                        format!("{path}.level"),
                        rt.get("level").map(|v| v.span()),
                        format!("`{l}` is not a level: branch, head_office"),
                    );
                    None
                }
            });
            if let Some(e) = &escalates_to {
                raw_escalation.push((id.clone(), e.clone(), rt.get("escalates_to").map(|v| v.span())));
            }
            if let (Some(label), Some(level)) = (label, level) {
                roles.push(Role {
                    line: Some(self.p.line(key.span().start)),
                    id,
                    label,
                    label_zh,
                    level,
                    escalates_to,
                });
            }
        }
        for (id, target, span) in &raw_escalation {
            if !t.contains_key(target.as_str()) {
                self.p.push(
                    INVALID,
                    Some(id),
                    format!("roles.{id}.escalates_to"),
                    span.clone(),
                    format!("escalates to `{target}`, which is not a role of the rule set"),
                );
            }
        }
        // Each role escalates to at most one other: the walk from any role is a chain.
        let next = |r: &str| {
            raw_escalation
                .iter()
                .find(|(id, _, _)| id == r)
                .map(|(_, to, _)| to.as_str())
        };
        let mut reported: Vec<String> = Vec::new();
        for (start, _, span) in &raw_escalation {
            let mut path = vec![start.as_str()];
            let mut at = start.as_str();
            while let Some(to) = next(at) {
                if let Some(pos) = path.iter().position(|x| *x == to) {
                    let cycle = &path[pos..];
                    if cycle.contains(&start.as_str()) && !cycle.iter().any(|c| reported.iter().any(|r| r == c)) {
                        let mut names: Vec<&str> = cycle.to_vec();
                        names.push(to);
                        self.p.push(
                            ErrorCode::EscalationCycle,
                            Some(start),
                            format!("roles.{start}.escalates_to"),
                            span.clone(),
                            format!(
                                "the escalation chain returns to where it started: {}",
                                names.join(" → ")
                            ),
                        );
                        reported.extend(cycle.iter().map(|c| c.to_string()));
                    }
                    break;
                }
                path.push(to);
                at = to;
            }
        }
        roles
    }

    fn rule(&mut self, index: usize, item: &V<'_>, roles: &[Role]) -> Option<Rule> {
        let raw_id = item
            .get_ref()
            .as_table()
            .and_then(|t| t.get("id"))
            .and_then(|v| v.get_ref().as_str())
            .map(str::to_owned);
        let path = format!("rule[{index}]");
        let at = At {
            subject: raw_id.as_deref(),
            path: &path,
        };
        let before = self.p.len();
        let t = self.table(
            at,
            item,
            &["id", "priority", "description", "requirement", "when", "then"],
        )?;
        let span = item.span();
        let id_span = t.get("id").map_or(span.clone(), |v| v.span());
        let id = match t.get("id") {
            None => {
                self.p.push(
                    INVALID,
                    None,
                    format!("{path}.id"),
                    Some(span.clone()),
                    "a rule without an id",
                );
                None
            }
            Some(v) => match v.get_ref().as_str() {
                None => {
                    self.wrong_type(at, &format!("{path}.id"), v, "a string");
                    None
                }
                Some(s) if s.is_empty() || s.len() > 64 || !s.bytes().all(|b| b.is_ascii_graphic()) => {
                    self.p.push(
                        INVALID,
                        Some(s),
                        format!("{path}.id"),
                        Some(v.span()),
                        format!("rule id {s:?} is not 1 to 64 printable ASCII characters without spaces"),
                    );
                    None
                }
                Some(s) => Some(s.to_owned()),
            },
        };
        let priority = match t.get("priority") {
            None => Some(0),
            Some(v) => {
                self.integer(at, v, &format!("{path}.priority"), "an integer")
                    .and_then(|n| match i32::try_from(n) {
                        Ok(n) => Some(n),
                        Err(_) => {
                            self.p.push(
                                INVALID,
                                at.subject,
                                format!("{path}.priority"),
                                Some(v.span()),
                                format!("priority {n} is out of range"),
                            );
                            None
                        }
                    })
            }
        };
        let description = self.string(at, t, "description", false, &span);
        let requirement = self.string(at, t, "requirement", false, &span);
        let when_path = format!("{path}.when");
        let when = t.get("when").map(|v| {
            self.condition(
                At {
                    subject: at.subject,
                    path: &when_path,
                },
                v,
            )
        });
        let then = match t.get("then") {
            None => {
                self.p.push(
                    INVALID,
                    at.subject,
                    format!("{path}.then"),
                    Some(id_span.clone()),
                    "the rule decides nothing: give it a `then` table",
                );
                None
            }
            Some(v) => self.actions(
                At {
                    subject: at.subject,
                    path: &format!("{path}.then"),
                },
                v,
                roles,
            ),
        };
        if self.p.len() != before {
            return None;
        }
        Some(Rule {
            id: id?,
            priority: priority?,
            description,
            requirement,
            when: match when {
                None => None,
                Some(c) => Some(c?),
            },
            then: then?,
            line: Some(self.p.line(id_span.start)),
        })
    }

    fn actions(&mut self, at: At<'_>, v: &V<'_>, roles: &[Role]) -> Option<Actions> {
        let t = self.table(
            at,
            v,
            &["handler", "department", "level", "policy", "escalate_to", "obligations"],
        )?;
        let span = v.span();
        let before = self.p.len();
        let mut a = Actions {
            handler: self.string(at, t, "handler", false, &span),
            department: self.string(at, t, "department", false, &span),
            policy: self.string(at, t, "policy", false, &span),
            escalate_to: self.string(at, t, "escalate_to", false, &span),
            ..Actions::default()
        };
        for (field, value) in [("handler", &a.handler), ("escalate_to", &a.escalate_to)] {
            if let Some(role) = value {
                if !roles.iter().any(|r| r.id == *role) {
                    let known: Vec<&str> = roles.iter().map(|r| r.id.as_str()).collect();
                    self.p.push(
                        INVALID,
                        at.subject,
                        at.key(field),
                        t.get(field).map(|v| v.span()),
                        format!(
                            "`{role}` is not a role of the rule set ({})",
                            if known.is_empty() {
                                "it declares none".to_owned()
                            } else {
                                known.join(", ")
                            }
                        ),
                    );
                }
            }
        }
        if a.handler.is_some() && a.handler == a.escalate_to {
            self.p.push(
                INVALID,
                at.subject,
                at.key("escalate_to"),
                t.get("escalate_to").map(|v| v.span()),
                "escalates to the handler's own role",
            );
        }
        if let Some(d) = &a.department {
            if d.trim().is_empty() {
                self.p.push(
                    INVALID,
                    at.subject,
                    at.key("department"),
                    t.get("department").map(|v| v.span()),
                    "the department is empty",
                );
            }
        }
        if let Some(policy) = &a.policy {
            if !PRESET_POLICIES.contains(&policy.as_str()) {
                self.p.push(
                    INVALID,
                    at.subject,
                    at.key("policy"),
                    t.get("policy").map(|v| v.span()),
                    format!("`{policy}` is not a policy preset: {}", PRESET_POLICIES.join(", ")),
                );
            }
        }
        if let Some(l) = self.string(at, t, "level", false, &span) {
            match HandlingLevel::from_name(&l) {
                Some(x) => a.level = Some(x),
                None => self.p.push(
                    INVALID,
                    at.subject,
                    at.key("level"),
                    t.get("level").map(|v| v.span()),
                    format!("`{l}` is not a level: branch, head_office"),
                ),
            }
        }
        if let Some(v) = t
            .get("obligations")
            .filter(|v| v.get_ref().as_array().is_none_or(|a| !a.is_empty()))
        {
            let all: Vec<&str> = Obligation::ALL.iter().map(|o| o.name()).collect();
            if let Some(list) = self.names(
                at,
                v,
                &at.key("obligations"),
                "an obligation",
                &all,
                Obligation::from_name,
            ) {
                a.obligations = list.into_iter().fold(Obligations::default(), Obligations::with);
            }
        }
        let decides = a.handler.is_some()
            || a.department.is_some()
            || a.policy.is_some()
            || a.escalate_to.is_some()
            || a.level.is_some()
            || !a.obligations.is_empty();
        if !decides && self.p.len() == before {
            self.p.push(
                INVALID,
                at.subject,
                at.path,
                Some(span),
                "the rule decides nothing: `then` sets no action",
            );
        }
        (self.p.len() == before).then_some(a)
    }

    fn condition(&mut self, at: At<'_>, v: &V<'_>) -> Option<Condition> {
        const KEYS: &[&str] = &[
            "all",
            "any",
            "not",
            "category",
            "kind",
            "channel",
            "forwarded_by_regulator",
            "severity",
            "severity_at_least",
            "amount",
            "branch",
            "tags_any",
            "tags_all",
            "complainant",
            "about",
            "earlier_complaints",
        ];
        let t = self.table(at, v, KEYS)?;
        if t.is_empty() {
            self.p.push(
                INVALID,
                at.subject,
                at.path,
                Some(v.span()),
                "an empty condition: leave `when` out for a rule that matches every complaint",
            );
            return None;
        }
        let before = self.p.len();
        let mut parts = Vec::new();
        for (key, value) in t.iter() {
            let key = key.get_ref().as_ref();
            if !KEYS.contains(&key) {
                continue; // reported by `table`
            }
            let path = at.key(key);
            let here = At {
                subject: at.subject,
                path: &path,
            };
            if let Some(c) = self.test(here, key, value) {
                parts.push(c);
            }
        }
        if self.p.len() != before {
            return None;
        }
        Some(if parts.len() == 1 {
            parts.remove(0)
        } else {
            Condition::All(parts)
        })
    }

    fn test(&mut self, at: At<'_>, key: &str, v: &V<'_>) -> Option<Condition> {
        let path = at.path;
        match key {
            "all" | "any" => {
                let Some(items) = v.get_ref().as_array() else {
                    self.wrong_type(at, path, v, "an array of condition tables");
                    return None;
                };
                if items.is_empty() {
                    self.p
                        .push(INVALID, at.subject, path, Some(v.span()), format!("an empty `{key}`"));
                    return None;
                }
                let mut out = Vec::with_capacity(items.len());
                for (i, item) in items.iter().enumerate() {
                    let p = format!("{path}[{i}]");
                    out.push(self.condition(
                        At {
                            subject: at.subject,
                            path: &p,
                        },
                        item,
                    ));
                }
                let out: Option<Vec<Condition>> = out.into_iter().collect();
                Some(if key == "all" {
                    Condition::All(out?)
                } else {
                    Condition::Any(out?)
                })
            }
            "not" => self.condition(at, v).map(|c| Condition::Not(Box::new(c))),
            "category" => {
                let list = self.strings(at, v, path)?;
                let mut out = Vec::with_capacity(list.len());
                for (code, span) in list {
                    match self.taxonomy.find(&code) {
                        Some(id) => out.push(CategoryRef { code, id }),
                        None => self.p.push(
                            ErrorCode::UnknownCategory,
                            at.subject,
                            path,
                            Some(span),
                            format!(
                                "category `{code}` is not in taxonomy {} version {}",
                                self.taxonomy.id(),
                                self.taxonomy.version()
                            ),
                        ),
                    }
                }
                Some(Condition::Category(out))
            }
            "kind" => self
                .names(at, v, path, "a kind", &["complaint", "feedback"], |s| match s {
                    "complaint" => Some(Kind::Complaint),
                    "feedback" => Some(Kind::Feedback),
                    _ => None,
                })
                .map(Condition::Kind),
            "channel" => {
                let all: Vec<&str> = ChannelKind::ALL.iter().map(|c| c.name()).collect();
                self.names(at, v, path, "a channel", &all, ChannelKind::from_name)
                    .map(Condition::Channel)
            }
            "forwarded_by_regulator" => match v.get_ref().as_bool() {
                Some(b) => Some(Condition::ForwardedByRegulator(b)),
                None => {
                    self.wrong_type(at, path, v, "a boolean");
                    None
                }
            },
            "severity" => self
                .names(at, v, path, "a severity", &SEVERITY_NAMES, severity)
                .map(Condition::Severity),
            "severity_at_least" => {
                let Some(s) = v.get_ref().as_str() else {
                    self.wrong_type(at, path, v, "a string");
                    return None;
                };
                match severity(s) {
                    Some(s) => Some(Condition::Severity(severities_from(s))),
                    None => {
                        self.p.push(
                            INVALID,
                            at.subject,
                            path,
                            Some(v.span()),
                            format!("`{s}` is not a severity: {}", SEVERITY_NAMES.join(", ")),
                        );
                        None
                    }
                }
            }
            "amount" => {
                let t = self.table(at, v, &["at_least", "below"])?;
                let what = "an integer of minor units (fen: 500000 is ¥5,000.00)";
                let lo = match t.get("at_least") {
                    Some(x) => Some(self.integer(at, x, &at.key("at_least"), what)?),
                    None => None,
                };
                let hi = match t.get("below") {
                    Some(x) => Some(self.integer(at, x, &at.key("below"), what)?),
                    None => None,
                };
                match (lo, hi) {
                    (None, None) => {
                        self.p.push(
                            INVALID,
                            at.subject,
                            path,
                            Some(v.span()),
                            "an amount range needs `at_least`, `below` or both",
                        );
                        None
                    }
                    (Some(a), Some(b)) if a >= b => {
                        self.p.push(
                            INVALID,
                            at.subject,
                            path,
                            Some(v.span()),
                            format!("the range is reversed or empty: at_least {a} is not below {b}"),
                        );
                        None
                    }
                    (Some(a), _) | (_, Some(a)) if a < 0 => {
                        self.p.push(
                            INVALID,
                            at.subject,
                            path,
                            Some(v.span()),
                            format!("{a} is negative: claimed amounts are not"),
                        );
                        None
                    }
                    _ => Some(Condition::Amount {
                        at_least: lo,
                        below: hi,
                    }),
                }
            }
            "branch" => {
                let list = self.strings(at, v, path)?;
                if let Some((_, span)) = list.iter().find(|(b, _)| b.trim().is_empty()) {
                    self.p
                        .push(INVALID, at.subject, path, Some(span.clone()), "an empty branch name");
                    return None;
                }
                Some(Condition::Branch(list.into_iter().map(|(b, _)| b).collect()))
            }
            "tags_any" | "tags_all" => {
                let list = self.strings(at, v, path)?;
                if let Some((t, span)) = list.iter().find(|(t, _)| !is_slug(t)) {
                    self.p.push(
                        INVALID,
                        at.subject,
                        path,
                        Some(span.clone()),
                        format!("`{t}` is not a tag (lowercase snake_case)"),
                    );
                    return None;
                }
                let tags = list.into_iter().map(|(t, _)| t).collect();
                Some(if key == "tags_any" {
                    Condition::TagsAny(tags)
                } else {
                    Condition::TagsAll(tags)
                })
            }
            "complainant" => {
                let all: Vec<&str> = Attribute::ALL.iter().map(|a| a.name()).collect();
                self.names(at, v, path, "a complainant attribute", &all, Attribute::from_name)
                    .map(Condition::Complainant)
            }
            "about" => {
                let all: Vec<&str> = Party::ALL.iter().map(|p| p.name()).collect();
                self.names(at, v, path, "a party", &all, Party::from_name)
                    .map(Condition::About)
            }
            "earlier_complaints" => {
                let t = self.table(at, v, &["at_least", "within_days"])?;
                let span = v.span();
                let (Some(n), Some(d)) = (t.get("at_least"), t.get("within_days")) else {
                    self.p.push(
                        SYNTAX,
                        at.subject,
                        path,
                        Some(span),
                        "earlier_complaints needs `at_least` and `within_days`",
                    );
                    return None;
                };
                let n_val = self.integer(at, n, &at.key("at_least"), "an integer")?;
                let d_val = self.integer(at, d, &at.key("within_days"), "an integer")?;
                let n_ok = u32::try_from(n_val).ok().filter(|&n| n >= 1);
                let d_ok = u32::try_from(d_val)
                    .ok()
                    .filter(|&d| d >= 1 && i64::from(d) <= MAX_WINDOW_DAYS);
                if n_ok.is_none() {
                    self.p.push(
                        INVALID,
                        at.subject,
                        at.key("at_least"),
                        Some(n.span()),
                        format!("at_least {n_val} must be at least 1"),
                    );
                }
                if d_ok.is_none() {
                    self.p.push(
                        INVALID,
                        at.subject,
                        at.key("within_days"),
                        Some(d.span()),
                        format!("within_days {d_val} must be 1 to {MAX_WINDOW_DAYS}"),
                    );
                }
                Some(Condition::EarlierComplaints {
                    at_least: n_ok?,
                    within_days: d_ok?,
                })
            }
            _ => None,
        }
    }
}

const SEVERITY_NAMES: [&str; 5] = [
    "ordinary",
    "major",
    "compensation",
    "matter_of_principle",
    "serious_incident",
];

fn severity(s: &str) -> Option<Severity> {
    Some(match s {
        "ordinary" => Severity::Ordinary,
        "major" => Severity::Major,
        "compensation" => Severity::Compensation,
        "matter_of_principle" => Severity::MatterOfPrinciple,
        "serious_incident" => Severity::SeriousIncident,
        _ => return None,
    })
}

/// A short rendering of a value for a type error: `"5000"`.
fn snippet(v: &V<'_>) -> String {
    match v.get_ref() {
        DeValue::String(s) => {
            let s: String = s.chars().take(40).collect();
            format!("{s:?}")
        }
        DeValue::Integer(i) => i.as_str().to_owned(),
        DeValue::Float(f) => f.as_str().to_owned(),
        DeValue::Boolean(b) => b.to_string(),
        DeValue::Datetime(d) => d.to_string(),
        DeValue::Array(_) => "[…]".to_owned(),
        DeValue::Table(_) => "{…}".to_owned(),
    }
}
