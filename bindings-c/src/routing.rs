//! `tousu_rule_set`: a routing rule set compiled once, and the routing of complaints by it —
//! typed (`tousu_decision`, no JSON: the hot path) or in core's JSON form, one complaint or an
//! array, with explanations on demand. Every rule (conditions, hit policies, the merge) is
//! core's `RuleSet::route`; this module converts its `Decision`.
//!
//! A decision's strings point into the rule set: the handle keeps one C copy of every action
//! value, found by the address of core's string, so converting a decision allocates nothing.

use std::ffi::{c_char, CStr, CString};
use std::mem::size_of;
use std::ptr;

use chrono::NaiveDate;
use tousu_core::calendar::epoch_date;
use tousu_core::routing::Rule;
use tousu_core::{
    Actions, Attribute, Attributes, Complaint, Decision, EarlierComplaints, Error, ErrorCode, HandlingLevel, HitPolicy,
    MatchedRules, Obligation, Obligations, RoutingContext, RuleSet,
};

use crate::complaint::tousu_complaint;
use crate::error::{c_text, tousu_error};
use crate::panic::{guard, guard_elements, guard_value, Call, Failure};
use crate::status::tousu_status;
use crate::string::{into_c_string, Names};
use crate::taxonomy::tousu_taxonomy;

/// How the matching rules of a rule set make one decision (core's `HitPolicy`).
///
/// Numbers are stable and never reused. `tousu_hit_policy_name` gives the name used in rule
/// sets (`"collect_all"`).
#[allow(non_camel_case_types)]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[repr(u32)]
pub enum tousu_hit_policy {
    /// The first matching rule in evaluation order (priority, then file order) decides.
    FirstMatch = 1,
    /// Every matching rule contributes: each single-valued action from the first matching rule
    /// that sets it, obligations added up.
    CollectAll = 2,
}

fn hit_policy_of(policy: HitPolicy) -> tousu_hit_policy {
    match policy {
        HitPolicy::FirstMatch => tousu_hit_policy::FirstMatch,
        HitPolicy::CollectAll => tousu_hit_policy::CollectAll,
    }
}

/// Where a complaint is handled (core's `HandlingLevel`), or `TOUSU_HANDLING_LEVEL_UNSET` when
/// no matching rule sets a level.
///
/// Numbers are stable and never reused. `tousu_handling_level_name` gives the name
/// (`"head_office"`).
#[allow(non_camel_case_types)]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[repr(u32)]
pub enum tousu_handling_level {
    /// No matching rule sets the level.
    Unset = 0,
    /// At the branch (营业部).
    Branch = 1,
    /// At head office (总部).
    HeadOffice = 2,
}

pub(crate) fn level_of(level: Option<HandlingLevel>) -> tousu_handling_level {
    match level {
        None => tousu_handling_level::Unset,
        Some(HandlingLevel::Branch) => tousu_handling_level::Branch,
        Some(HandlingLevel::HeadOffice) => tousu_handling_level::HeadOffice,
    }
}

/// One obligation of a decision (core's `Obligation`), as a bit: `tousu_decision.obligations`
/// is the OR of the obligations decided, so test one with `d.obligations &
/// TOUSU_OBLIGATION_WRITTEN_REPLY`.
///
/// Values are stable and never reused; later versions may add bits. `tousu_obligation_name`
/// gives the name used in rule sets (`"written_reply"`).
#[allow(non_camel_case_types)]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[repr(u32)]
pub enum tousu_obligation {
    /// Open a cross-department liaison form (R11).
    LiaisonForm = 1,
    /// Report the outcome back to the forwarding regulator (R17).
    RegulatorReportBack = 2,
    /// Have a management meeting decide (R18).
    ManagementMeeting = 4,
    /// Reply in writing (R19).
    WrittenReply = 8,
    /// Fill in an incident investigation form (R9).
    IncidentInvestigation = 16,
    /// Keep the complainant informed of progress (R16).
    ProgressUpdates = 32,
}

impl tousu_obligation {
    /// The C bit of a core obligation. `Obligation` is `#[non_exhaustive]`: one core adds
    /// before this enum learns it is `None` (the call fails with `TOUSU_STATUS_INTERNAL`), and
    /// the header test in `status.rs` fails until it is added here.
    pub(crate) fn from_obligation(o: Obligation) -> Option<tousu_obligation> {
        use tousu_obligation as O;
        Some(match o {
            Obligation::LiaisonForm => O::LiaisonForm,
            Obligation::RegulatorReportBack => O::RegulatorReportBack,
            Obligation::ManagementMeeting => O::ManagementMeeting,
            Obligation::WrittenReply => O::WrittenReply,
            Obligation::IncidentInvestigation => O::IncidentInvestigation,
            Obligation::ProgressUpdates => O::ProgressUpdates,
            _ => return None,
        })
    }
}

fn obligation_bits(call: Call, set: Obligations) -> Result<u32, Error> {
    set.iter().try_fold(0, |bits, o| {
        let bit = tousu_obligation::from_obligation(o)
            .ok_or_else(|| call.internal(&format!("obligation `{}` has no tousu_obligation value", o.name())))?;
        Ok(bits | bit as u32)
    })
}

/// A complainant attribute the caller knows from its client records (core's `Attribute`), as a
/// bit of `tousu_routing_context.attributes`.
///
/// Values are stable and never reused; later versions may add bits. `tousu_attribute_name`
/// gives the name used in rule sets (`"new_client"`).
#[allow(non_camel_case_types)]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[repr(u32)]
pub enum tousu_attribute {
    /// 60 or older (also shown by a resident ID's birth date or the tag `elderly_investor`).
    Elderly = 1,
    /// A new client (also the tag `new_client`).
    NewClient = 2,
    /// An institution (also a unified social credit code or the tag `institutional_client`).
    Institutional = 4,
    /// A high-net-worth client (also the tag `high_net_worth`).
    HighNetWorth = 8,
    /// A professional investor (also the tag `professional_investor`).
    ProfessionalInvestor = 16,
}

impl tousu_attribute {
    /// The C bit of a core attribute; `None` for one core adds before this enum learns it.
    pub(crate) fn from_attribute(a: Attribute) -> Option<tousu_attribute> {
        use tousu_attribute as A;
        Some(match a {
            Attribute::Elderly => A::Elderly,
            Attribute::NewClient => A::NewClient,
            Attribute::Institutional => A::Institutional,
            Attribute::HighNetWorth => A::HighNetWorth,
            Attribute::ProfessionalInvestor => A::ProfessionalInvestor,
            _ => return None,
        })
    }
}

/// What the caller knows about a complaint beyond its record (core's `RoutingContext`: core
/// does no I/O). Pass NULL where a function takes one to mean "nothing known": no earlier
/// complaints, no attributes beyond those the complaint itself shows.
///
/// ```c
/// int32_t earlier[2];   // days since 1970-01-01, as tousu_date_from_ymd gives
/// tousu_routing_context ctx = {earlier, 2, TOUSU_ATTRIBUTE_NEW_CLIENT};
/// tousu_date_from_ymd(2024, 1, 15, &earlier[0], NULL);
/// tousu_date_from_ymd(2024, 2, 20, &earlier[1], NULL);
/// ```
#[allow(non_camel_case_types)]
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct tousu_routing_context {
    /// The days (int32_t days since 1970-01-01) on which the same complainant's earlier
    /// complaints were received, in any order; NULL when `earlier_complaint_count` is 0. Only
    /// read during the call.
    pub earlier_complaints: *const i32,
    /// How many days `earlier_complaints` holds.
    pub earlier_complaint_count: usize,
    /// The complainant's attributes from the caller's records: an OR of `tousu_attribute` bits.
    pub attributes: u32,
}

/// Earlier-complaint days this many or fewer are converted on the stack.
const STACK_DAYS: usize = 16;

/// Runs `f` with core's form of a C context (NULL: the empty context).
///
/// # Safety
/// `context` is NULL or readable, and its `earlier_complaints` readable for its count.
pub(crate) unsafe fn with_context<R>(
    call: Call,
    context: *const tousu_routing_context,
    f: impl FnOnce(&RoutingContext<'_>) -> Result<R, Error>,
) -> Result<R, Error> {
    // SAFETY: by the caller's contract.
    let Some(c) = (unsafe { context.as_ref() }) else {
        return f(&RoutingContext::default());
    };
    let attributes = attributes_of(c.attributes)?;
    let n = c.earlier_complaint_count;
    if n == 0 {
        return f(&RoutingContext {
            earlier_complaints: &[],
            attributes,
        });
    }
    if c.earlier_complaints.is_null() {
        return Err(call.null_array("context->earlier_complaints", n));
    }
    // SAFETY: non-NULL and readable for n days, by the caller's contract.
    let days = unsafe { std::slice::from_raw_parts(c.earlier_complaints, n) };
    let mut stack = [NaiveDate::MIN; STACK_DAYS];
    let mut heap = Vec::new();
    let dates: &mut [NaiveDate] = if n <= STACK_DAYS {
        &mut stack[..n]
    } else {
        heap.resize(n, NaiveDate::MIN);
        &mut heap
    };
    for (i, (&day, date)) in days.iter().zip(dates.iter_mut()).enumerate() {
        *date = epoch_date(day).ok_or_else(|| Error::Usage {
            code: ErrorCode::InvalidTimestamp,
            message: format!("earlier_complaints[{i}]: day {day} from 1970-01-01 is not a date this library can hold"),
        })?;
    }
    f(&RoutingContext {
        earlier_complaints: dates,
        attributes,
    })
}

/// Core's attributes of a C bit set; a bit this build does not know is refused by number.
fn attributes_of(bits: u32) -> Result<Attributes, Error> {
    let mut set = Attributes::NONE;
    let mut known = 0;
    for a in Attribute::ALL {
        if let Some(bit) = tousu_attribute::from_attribute(a) {
            known |= bit as u32;
            if bits & bit as u32 != 0 {
                set = set.with(a);
            }
        }
    }
    if bits & !known != 0 {
        return Err(Error::Usage {
            code: ErrorCode::UnknownVariant,
            message: format!(
                "context->attributes: 0x{:x} holds bits that are no tousu_attribute (known: 0x{known:x})",
                bits
            ),
        });
    }
    Ok(set)
}

/// The string actions of a rule, in the order of [`Texts::by_rule`].
fn string_actions(a: &Actions) -> [Option<&str>; 4] {
    [&a.handler, &a.department, &a.policy, &a.escalate_to].map(|s| s.as_deref())
}

/// C copies of the strings a decision can name (action values and role ids). A decision's
/// strings are borrowed from its rule set, so each is found by address: among the actions of
/// the matching rules first (a few pointer comparisons), then in a sorted table, and, should
/// both miss, by value.
struct Texts {
    values: Vec<CString>,
    /// For each rule (file order), the value index of each string action, `NO_TEXT` if unset.
    by_rule: Vec<[usize; 4]>,
    /// (address of core's string, value index), sorted by address.
    by_address: Vec<(usize, usize)>,
}

const NO_TEXT: usize = usize::MAX;

impl Texts {
    fn new(rules: &RuleSet) -> Texts {
        let mut texts = Texts {
            values: Vec::new(),
            by_rule: Vec::new(),
            by_address: Vec::new(),
        };
        for rule in rules.rules() {
            let own = string_actions(&rule.then).map(|s| s.map_or(NO_TEXT, |s| texts.add(s)));
            texts.by_rule.push(own);
        }
        for role in rules.roles() {
            texts.add(&role.id);
        }
        texts.by_address.sort_unstable();
        texts
    }

    fn add(&mut self, s: &str) -> usize {
        let index = self.find(s).unwrap_or_else(|| {
            self.values.push(c_text(s));
            self.values.len() - 1
        });
        self.by_address.push((s.as_ptr() as usize, index));
        index
    }

    fn find(&self, s: &str) -> Option<usize> {
        self.values.iter().position(|v| v.to_bytes() == s.as_bytes())
    }

    /// The C copy of a string of the rule set, by address or else by value; NULL for `None`.
    fn get(&self, call: Call, s: Option<&str>) -> Result<*const c_char, Error> {
        let Some(s) = s else { return Ok(ptr::null()) };
        let index = match self.by_address.binary_search_by_key(&(s.as_ptr() as usize), |e| e.0) {
            Ok(k) => Some(self.by_address[k].1),
            Err(_) => self.find(s),
        };
        index
            .map(|i| self.values[i].as_ptr())
            .ok_or_else(|| call.internal(&format!("decision names `{s}`, which its rule set does not hold")))
    }
}

/// A routing rule set, compiled once: a brokerage's complaint procedure as data (rules with
/// conditions over the complaint and actions: handler role, department, level, deadline policy,
/// escalation, obligations), checked against a taxonomy.
///
/// Created by `tousu_rule_set_default` or `tousu_rule_set_from_toml`, freed by
/// `tousu_rule_set_free`. A rule set is immutable and holds no per-call state: one rule set may
/// route complaints on any number of threads at once (every routing function takes it as
/// `const`), and the strings it hands out (in a `tousu_decision`, from its accessors) are
/// valid until it is freed.
#[allow(non_camel_case_types)]
pub struct tousu_rule_set {
    pub(crate) inner: RuleSet,
    id: CString,
    rule_ids: Vec<CString>,
    warnings: Vec<CString>,
    texts: Texts,
}

fn boxed(inner: RuleSet) -> *mut tousu_rule_set {
    let rule_set = tousu_rule_set {
        id: c_text(inner.id()),
        rule_ids: inner.rules().iter().map(|r| c_text(&r.id)).collect(),
        warnings: inner.warnings().iter().map(|w| c_text(&w.to_string())).collect(),
        texts: Texts::new(&inner),
        inner,
    };
    Box::into_raw(Box::new(rule_set))
}

// --- construction ---------------------------------------------------------------------------

/// The seed's procedure (`core/data/rules/cn-seed.toml`, documented rule by rule in
/// `core/data/rules/README.md`) on the default taxonomy: collect_all; the branch operations
/// supervisor handles, major or compensation matters go to the branch general manager, head
/// office takes complaints about a branch, regulator-forwarded cases are reported back, ...
///
/// On success `*out` receives a new rule set (free it with `tousu_rule_set_free`). Each call
/// compiles the rules again (about a millisecond): keep the rule set. `TOUSU_STATUS_NULL_ARGUMENT`
/// when `out` is NULL; then nothing is written.
///
/// # Safety
/// `out` and `err` are NULL or writable.
#[no_mangle]
pub unsafe extern "C" fn tousu_rule_set_default(
    out: *mut *mut tousu_rule_set,
    err: *mut *mut tousu_error,
) -> tousu_status {
    guard("tousu_rule_set_default", err, |call| {
        // SAFETY: the contract above.
        let out = unsafe { call.out("out", out)? };
        out.write(boxed(RuleSet::default_procedure()));
        Ok(())
    })
}

/// Reads and compiles a rule set from TOML text (the format of `core/data/rules/README.md`),
/// checking its category codes against `taxonomy`:
///
/// ```toml
/// [rule_set]
/// id = "acme.routing"
/// version = 1
/// name = "Acme"
/// taxonomy = "cn.securities"
/// hit_policy = "first_match"
/// [roles.operations_supervisor]
/// label = "Operations supervisor"
/// level = "branch"
/// [[rule]]
/// id = "rest"
/// then = { handler = "operations_supervisor", policy = "cn.branch" }
/// ```
///
/// `file_name` is optional (NULL for none): when given, error messages name it. A rule set with
/// problems is not built: the call fails with the status of the first problem
/// (`TOUSU_STATUS_RULE_SET_SYNTAX` for TOML syntax, a wrong type such as a string compared with
/// a number, an unknown field; `TOUSU_STATUS_UNKNOWN_CATEGORY`, `TOUSU_STATUS_INVALID_RULE`
/// for a duplicate id, `TOUSU_STATUS_UNREACHABLE_RULE`, `TOUSU_STATUS_CONFLICTING_RULES`,
/// `TOUSU_STATUS_ESCALATION_CYCLE`) and a message listing every problem, each with its line and
/// column, the rule id and the field path:
///
/// `rule set acme.routing (acme.toml): line 12 column 8: `rest`: rule[1].when.category: ...`
///
/// What loading finds worth knowing but not wrong (complaints no rule matches, ...) is in
/// `tousu_rule_set_warning`. On failure `*out` is not touched. The taxonomy is only read
/// during the call.
///
/// # Safety
/// `toml` and `file_name` are NULL or NUL-terminated strings; `taxonomy` is NULL or a live
/// taxonomy; `out` and `err` are NULL or writable.
#[no_mangle]
pub unsafe extern "C" fn tousu_rule_set_from_toml(
    toml: *const c_char,
    file_name: *const c_char,
    taxonomy: *const tousu_taxonomy,
    out: *mut *mut tousu_rule_set,
    err: *mut *mut tousu_error,
) -> tousu_status {
    guard("tousu_rule_set_from_toml", err, |call| {
        // SAFETY: the contract above.
        let (text, file, taxonomy, out) = unsafe {
            (
                call.str("toml", toml)?,
                call.optional_str("file_name", file_name)?,
                call.get("taxonomy", taxonomy)?,
                call.out("out", out)?,
            )
        };
        out.write(boxed(RuleSet::from_toml_named(text, file, &taxonomy.inner)?));
        Ok(())
    })
}

/// Frees a rule set. NULL is a no-op.
///
/// # Safety
/// `rules` is NULL or a rule set from this library, not freed before and no longer in use by
/// any thread; it is invalid afterwards, and so are the strings of its decisions and accessors.
#[no_mangle]
pub unsafe extern "C" fn tousu_rule_set_free(rules: *mut tousu_rule_set) {
    guard_value((), || {
        if !rules.is_null() {
            // SAFETY: created by `Box::into_raw` in `boxed`, freed once.
            drop(unsafe { Box::from_raw(rules) });
        }
    })
}

// --- description ----------------------------------------------------------------------------

/// The rule set's id (`"cn.seed"`). The string belongs to the rule set; NULL when `rules` is
/// NULL.
///
/// # Safety
/// `rules` is NULL or a live rule set.
#[no_mangle]
pub unsafe extern "C" fn tousu_rule_set_id(rules: *const tousu_rule_set) -> *const c_char {
    // SAFETY: the contract above.
    let rules = unsafe { rules.as_ref() };
    guard_value(ptr::null(), || rules.map_or(ptr::null(), |r| r.id.as_ptr()))
}

/// The rule set's version; 0 when `rules` is NULL.
///
/// # Safety
/// `rules` is NULL or a live rule set.
#[no_mangle]
pub unsafe extern "C" fn tousu_rule_set_version(rules: *const tousu_rule_set) -> u32 {
    // SAFETY: the contract above.
    let rules = unsafe { rules.as_ref() };
    guard_value(0, || rules.map_or(0, |r| r.inner.version()))
}

/// The rule set's hit policy, a `tousu_hit_policy` value; 0 when `rules` is NULL.
///
/// # Safety
/// `rules` is NULL or a live rule set.
#[no_mangle]
pub unsafe extern "C" fn tousu_rule_set_hit_policy(rules: *const tousu_rule_set) -> u32 {
    // SAFETY: the contract above.
    let rules = unsafe { rules.as_ref() };
    guard_value(0, || rules.map_or(0, |r| hit_policy_of(r.inner.hit_policy()) as u32))
}

/// How many rules the rule set has; 0 when `rules` is NULL.
///
/// # Safety
/// `rules` is NULL or a live rule set.
#[no_mangle]
pub unsafe extern "C" fn tousu_rule_set_rule_count(rules: *const tousu_rule_set) -> usize {
    // SAFETY: the contract above.
    let rules = unsafe { rules.as_ref() };
    guard_value(0, || rules.map_or(0, |r| r.rule_ids.len()))
}

/// The id of rule `index` (0-based, in file order: the numbering of `tousu_decision`'s
/// `deciding_rule` and `matched`). The string belongs to the rule set. NULL when `rules` is
/// NULL or `index >= tousu_rule_set_rule_count(rules)`.
///
/// # Safety
/// `rules` is NULL or a live rule set.
#[no_mangle]
pub unsafe extern "C" fn tousu_rule_set_rule_id(rules: *const tousu_rule_set, index: usize) -> *const c_char {
    // SAFETY: the contract above.
    let rules = unsafe { rules.as_ref() };
    guard_value(ptr::null(), || {
        rules
            .and_then(|r| r.rule_ids.get(index))
            .map_or(ptr::null(), |id| id.as_ptr())
    })
}

/// How many warnings loading gave (some complaints match no rule, the checks stopped early on
/// a huge rule set, ...); 0 when `rules` is NULL.
///
/// # Safety
/// `rules` is NULL or a live rule set.
#[no_mangle]
pub unsafe extern "C" fn tousu_rule_set_warning_count(rules: *const tousu_rule_set) -> usize {
    // SAFETY: the contract above.
    let rules = unsafe { rules.as_ref() };
    guard_value(0, || rules.map_or(0, |r| r.warnings.len()))
}

/// Warning `index` (0-based) as one line naming the rule and line where it has them. The string
/// belongs to the rule set. NULL when `rules` is NULL or `index` is out of range.
///
/// # Safety
/// `rules` is NULL or a live rule set.
#[no_mangle]
pub unsafe extern "C" fn tousu_rule_set_warning(rules: *const tousu_rule_set, index: usize) -> *const c_char {
    // SAFETY: the contract above.
    let rules = unsafe { rules.as_ref() };
    guard_value(ptr::null(), || {
        rules
            .and_then(|r| r.warnings.get(index))
            .map_or(ptr::null(), |w| w.as_ptr())
    })
}

// --- decisions ------------------------------------------------------------------------------

/// The most rules a rule set may have (the bits of `tousu_decision.matched`, 4 words of 64).
pub const TOUSU_MAX_RULES: usize = 256;

const _: () = assert!(TOUSU_MAX_RULES == tousu_core::routing::MAX_RULES && TOUSU_MAX_RULES == 4 * 64);

/// The routing of one complaint (core's `Decision`, without JSON): what was decided and by
/// which rules. A plain value: copy it freely. Its strings belong to the rule set that decided:
/// valid until `tousu_rule_set_free`, never freed by the caller; NULL when no matching rule
/// sets that action.
#[allow(non_camel_case_types)]
#[repr(C)]
// Equal when they say the same: strings compare by address (they belong to the rule set that
// made the decision), so another rule set's decision is never equal to this one's.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct tousu_decision {
    /// Whether any rule matched (a rule set without a catch-all may leave a complaint unrouted:
    /// then every action is unset).
    pub routed: bool,
    /// The handler role (`"operations_supervisor"`), a role of the rule set.
    pub handler: *const c_char,
    /// The handling department.
    pub department: *const c_char,
    /// Branch or head office.
    pub level: tousu_handling_level,
    /// The deadline policy preset (`"cn.branch"`), for `tousu_policy_preset`.
    pub policy: *const c_char,
    /// The role the handler reports to for the decision (`"branch_general_manager"`).
    pub escalate_to: *const c_char,
    /// The obligations: an OR of `tousu_obligation` bits.
    pub obligations: u32,
    /// How many rules matched (under first_match at most 1).
    pub matched_count: usize,
    /// The first matching rule in evaluation order — under first_match the one that decided —
    /// as a rule index (`tousu_rule_set_rule_id`); `SIZE_MAX` when no rule matched.
    pub deciding_rule: usize,
    /// Every matching rule, as a bit set of rule indices: rule i matched when
    /// `matched[i / 64] >> (i % 64) & 1`.
    pub matched: [u64; 4],
}

impl tousu_rule_set {
    /// Core's decision again from the C form of one this rule set made: its matched rules
    /// decide everything else, and the rest must agree, else the decision is another rule set's
    /// (or was changed) and is refused rather than reinterpreted.
    pub(crate) fn decision_of(&self, call: Call, d: &tousu_decision) -> Result<Decision<'_>, Error> {
        let invalid = |why: String| Error::Usage {
            code: ErrorCode::InvalidArgument,
            message: format!("{}: argument `decision` {why}", call.function()),
        };
        let positions = (0..TOUSU_MAX_RULES).filter(|&i| d.matched[i / 64] >> (i % 64) & 1 == 1);
        let rebuilt = MatchedRules::from_positions(positions)
            .and_then(|matched| self.inner.decision(matched))
            .ok_or_else(|| {
                invalid(format!(
                    "names a rule past the rule set's {} rules: it was made by another rule set",
                    self.inner.rules().len()
                ))
            })?;
        if self.typed(call, &rebuilt)? != *d {
            return Err(invalid(
                "is not what this rule set decides for its matched rules: it was made by another rule set, \
                 or changed"
                    .to_owned(),
            ));
        }
        Ok(rebuilt)
    }

    /// The rule index (file order) of a rule of this set.
    fn index_of(&self, rule: &Rule) -> usize {
        (rule as *const Rule as usize - self.inner.rules().as_ptr() as usize) / size_of::<Rule>()
    }

    /// The C form of a decision of this rule set.
    pub(crate) fn typed(&self, call: Call, d: &Decision<'_>) -> Result<tousu_decision, Error> {
        let wanted = [d.handler(), d.department(), d.policy(), d.escalate_to()];
        let mut found: [*const c_char; 4] = [ptr::null(); 4];
        let mut matched = [0u64; TOUSU_MAX_RULES / 64];
        let mut count = 0;
        let mut deciding = usize::MAX;
        for rule in d.matched_rules() {
            let i = self.index_of(rule);
            if count == 0 {
                deciding = i;
            }
            matched[i / 64] |= 1 << (i % 64);
            count += 1;
            // An action comes from one of the matching rules: find it by address.
            for (k, own) in string_actions(&rule.then).into_iter().enumerate() {
                if let (Some(w), Some(own)) = (wanted[k], own) {
                    if found[k].is_null() && ptr::eq(w.as_ptr(), own.as_ptr()) {
                        found[k] = self.texts.values[self.texts.by_rule[i][k]].as_ptr();
                    }
                }
            }
        }
        for (k, w) in wanted.into_iter().enumerate() {
            if found[k].is_null() && w.is_some() {
                found[k] = self.texts.get(call, w)?;
            }
        }
        let [handler, department, policy, escalate_to] = found;
        Ok(tousu_decision {
            routed: count > 0,
            handler,
            department,
            level: level_of(d.level()),
            policy,
            escalate_to,
            obligations: obligation_bits(call, d.obligations())?,
            matched_count: count,
            deciding_rule: deciding,
            matched,
        })
    }
}

/// The handles of a routing call, checked in argument order.
struct Routing<'a> {
    rules: &'a tousu_rule_set,
    complaint: &'a tousu_complaint,
}

impl<'a> Routing<'a> {
    /// # Safety
    /// `rules` and `complaint` are NULL or live handles no thread changes during `'a`.
    unsafe fn new(call: Call, rules: *const tousu_rule_set, complaint: *const tousu_complaint) -> Result<Self, Error> {
        // SAFETY: by the caller's contract.
        unsafe {
            Ok(Routing {
                rules: call.get("rules", rules)?,
                complaint: call.get("complaint", complaint)?,
            })
        }
    }

    /// Routes the complaint and hands core's decision and context to `f`.
    ///
    /// # Safety
    /// As for [`with_context`].
    unsafe fn route<R>(
        &self,
        call: Call,
        context: *const tousu_routing_context,
        f: impl FnOnce(&Decision<'_>, &RoutingContext<'_>) -> Result<R, Error>,
    ) -> Result<R, Error> {
        // SAFETY: by the caller's contract.
        unsafe {
            with_context(call, context, |ctx| {
                let d = self.rules.inner.route(&self.complaint.inner, ctx)?;
                f(&d, ctx)
            })
        }
    }
}

/// The body of a routing function that answers with a string for the caller: checks the
/// handles and `out`, routes, and writes what `text` makes of the decision.
///
/// # Safety
/// `rules` and `complaint` are NULL or live handles no thread changes during the call;
/// `context` is NULL or readable; `out` is NULL or writable.
unsafe fn route_to_string(
    call: Call,
    rules: *const tousu_rule_set,
    complaint: *const tousu_complaint,
    context: *const tousu_routing_context,
    out: *mut *mut c_char,
    text: impl FnOnce(&Decision<'_>, &Complaint, &RoutingContext<'_>) -> String,
) -> Result<(), Error> {
    // SAFETY: by the caller's contract.
    unsafe {
        let (routing, out) = (Routing::new(call, rules, complaint)?, call.out("out", out)?);
        let s = routing.route(call, context, |d, ctx| Ok(text(d, &routing.complaint.inner, ctx)))?;
        out.write(into_c_string(call, s)?);
    }
    Ok(())
}

/// Routes one complaint by the rule set. `context` is optional (NULL: nothing known beyond the
/// complaint).
///
/// On success `*out` receives the decision. Fails with `TOUSU_STATUS_UNKNOWN_CATEGORY` when the
/// complaint's category is not in the rule set's taxonomy, `TOUSU_STATUS_INVALID_TIMESTAMP` for
/// an earlier-complaint day no date can have, `TOUSU_STATUS_UNKNOWN_VARIANT` for an attribute
/// bit that is no `tousu_attribute`, `TOUSU_STATUS_NULL_ARGUMENT`; then `*out` is not touched.
/// No allocation; thread-safe on a shared rule set.
///
/// ```c
/// tousu_decision d;
/// if (tousu_rule_set_route(rules, complaint, NULL, &d, &err) == TOUSU_STATUS_OK) {
///     printf("%s at %s\n", d.handler, tousu_handling_level_name(d.level));
///     if (d.obligations & TOUSU_OBLIGATION_REGULATOR_REPORT_BACK) ...
/// }
/// ```
///
/// # Safety
/// `rules` and `complaint` are NULL or live handles no thread changes during the call;
/// `context` is NULL or a readable context; `out` and `err` are NULL or writable.
#[no_mangle]
pub unsafe extern "C" fn tousu_rule_set_route(
    rules: *const tousu_rule_set,
    complaint: *const tousu_complaint,
    context: *const tousu_routing_context,
    out: *mut tousu_decision,
    err: *mut *mut tousu_error,
) -> tousu_status {
    guard("tousu_rule_set_route", err, |call| {
        // SAFETY: the contract above.
        unsafe {
            let (routing, out) = (Routing::new(call, rules, complaint)?, call.out("out", out)?);
            let typed = routing.route(call, context, |d, _| routing.rules.typed(call, d))?;
            out.write(typed);
        }
        Ok(())
    })
}

/// The same decision in core's JSON form: `{"rule_set", "version", "matched": [rule ids in
/// evaluation order], "handler", "department", "level", "policy", "escalate_to", "obligations":
/// [names]}`, unset actions as `null`:
///
/// ```json
/// {"rule_set":"cn.seed","version":1,"matched":["regulator_forwarded","branch_operations_supervisor"],
///  "handler":"operations_supervisor","department":null,"level":"branch","policy":"cn.branch",
///  "escalate_to":null,"obligations":["regulator_report_back","written_reply","progress_updates"]}
/// ```
///
/// On success `*out` receives a new string (free it with `tousu_string_free`). Errors as for
/// `tousu_rule_set_route`; on failure `*out` is not touched.
///
/// # Safety
/// As for `tousu_rule_set_route`, with `out` NULL or writable.
#[no_mangle]
pub unsafe extern "C" fn tousu_rule_set_route_json(
    rules: *const tousu_rule_set,
    complaint: *const tousu_complaint,
    context: *const tousu_routing_context,
    out: *mut *mut c_char,
    err: *mut *mut tousu_error,
) -> tousu_status {
    guard("tousu_rule_set_route_json", err, |call| {
        // SAFETY: the contract above.
        unsafe { route_to_string(call, rules, complaint, context, out, |d, _, _| d.to_json()) }
    })
}

/// Why the complaint is routed as it is, for a program: the rules tried and passed over (under
/// first_match), the rules that matched with the tests that held and the complaint's values,
/// the rule that decided, and each action with the rule it came from:
///
/// ```json
/// {"complaint":"SZ-2024-0102","rule_set":"cn.seed","version":1,"hit_policy":"collect_all",
///  "passed_over":[],"matched":[{"id":"regulator_forwarded","priority":100,"line":52,
///  "requirement":"R17, R19 (L702, L105)","condition":"forwarded by a regulator",
///  "because":["forwarded by a regulator (channel regulator_forwarded)"]}, ...],
///  "decided_by":"regulator_forwarded","actions":{"handler":"operations_supervisor", ...,
///  "from":{"handler":"branch_operations_supervisor", ...}}}
/// ```
///
/// The complaint is routed again (routing is cheap; a `tousu_decision` does not keep the
/// complaint). On success `*out` receives a new string (free it with `tousu_string_free`).
/// Errors as for `tousu_rule_set_route`; on failure `*out` is not touched.
///
/// # Safety
/// As for `tousu_rule_set_route_json`.
#[no_mangle]
pub unsafe extern "C" fn tousu_rule_set_explain_json(
    rules: *const tousu_rule_set,
    complaint: *const tousu_complaint,
    context: *const tousu_routing_context,
    out: *mut *mut c_char,
    err: *mut *mut tousu_error,
) -> tousu_status {
    guard("tousu_rule_set_explain_json", err, |call| {
        // SAFETY: the contract above.
        unsafe {
            route_to_string(call, rules, complaint, context, out, |d, c, ctx| {
                d.explain(c, ctx).to_json()
            })
        }
    })
}

/// The same explanation as lines an auditor reads:
///
/// ```text
/// complaint SZ-2024-0102 routed by cn.seed v1 (collect_all)
///   matched regulator_forwarded (line 52) [R17, R19 (L702, L105)]: forwarded by a regulator
///     because forwarded by a regulator (channel regulator_forwarded)
///   matched branch_operations_supervisor (line 128) [...]: every complaint
///     because every complaint (a catch-all rule)
///   handler: operations_supervisor (rule branch_operations_supervisor)
///   obligations: regulator_report_back (rule regulator_forwarded), ...
/// ```
///
/// Ownership, errors and threads as for `tousu_rule_set_explain_json`.
///
/// # Safety
/// As for `tousu_rule_set_route_json`.
#[no_mangle]
pub unsafe extern "C" fn tousu_rule_set_explain_text(
    rules: *const tousu_rule_set,
    complaint: *const tousu_complaint,
    context: *const tousu_routing_context,
    out: *mut *mut c_char,
    err: *mut *mut tousu_error,
) -> tousu_status {
    guard("tousu_rule_set_explain_text", err, |call| {
        // SAFETY: the contract above.
        unsafe {
            route_to_string(call, rules, complaint, context, out, |d, c, ctx| {
                d.explain(c, ctx).to_string()
            })
        }
    })
}

// --- many complaints --------------------------------------------------------------------------

/// Routes `len` complaints in one call, each with `contexts[i]` (or none when `contexts` is
/// NULL), and hands each decision to `each` with its index. Stops at the first complaint that
/// fails: the failure of that element (see `guard_elements`).
///
/// # Safety
/// `complaints` is readable for `len` pointers, each NULL or a live complaint; `contexts` is
/// NULL or readable for `len` contexts.
unsafe fn route_each(
    call: Call,
    rules: &tousu_rule_set,
    complaints: *const *const tousu_complaint,
    contexts: *const tousu_routing_context,
    len: usize,
    mut each: impl FnMut(usize, &Decision<'_>) -> Result<(), Error>,
) -> Result<(), Failure> {
    if complaints.is_null() && len > 0 {
        return Err(call.null_array("complaints", len).into());
    }
    for i in 0..len {
        // SAFETY: i < len, by the caller's contract.
        unsafe {
            let context = if contexts.is_null() {
                ptr::null()
            } else {
                contexts.add(i)
            };
            match complaints.add(i).read().as_ref() {
                None => Err(call.null(&format!("complaints[{i}]"))),
                Some(c) => with_context(call, context, |ctx| each(i, &rules.inner.route(&c.inner, ctx)?)),
            }
        }
        .map_err(|e| Failure::element(i, e))?;
    }
    Ok(())
}

/// Routes `len` complaints in one call: `out[i]` is the decision for `complaints[i]` with
/// `contexts[i]` (`contexts` NULL: no context for any). The hot path: no JSON, no allocation
/// per complaint.
///
/// The caller provides `out`, room for `len` decisions. Everything succeeds or nothing is
/// written: on the first complaint that fails (an unknown category, a NULL element, a bad
/// context), `*failed_index` (when not NULL) receives its index, the message starts with
/// `element <i>: `, and `out` is not touched. NULL arrays are allowed when `len` is 0. Thread-
/// safe on a shared rule set (each thread with its own complaints, or complaints no thread
/// changes).
///
/// ```c
/// tousu_decision *d = malloc(n * sizeof *d);   // complaints: n tousu_complaint pointers
/// size_t bad;
/// if (tousu_rule_set_route_many(rules, complaints, NULL, n, d, &bad, &err) != TOUSU_STATUS_OK)
///     fprintf(stderr, "complaint %zu: %s\n", bad, tousu_error_message(err));
/// ```
///
/// # Safety
/// `rules` is NULL or a live rule set; `complaints` is NULL or readable for `len` pointers,
/// each NULL or a live complaint no thread changes during the call; `contexts` is NULL or
/// readable for `len` contexts; `out` is NULL or writable for `len` decisions; `failed_index`
/// and `err` are NULL or writable.
#[no_mangle]
pub unsafe extern "C" fn tousu_rule_set_route_many(
    rules: *const tousu_rule_set,
    complaints: *const *const tousu_complaint,
    contexts: *const tousu_routing_context,
    len: usize,
    out: *mut tousu_decision,
    failed_index: *mut usize,
    err: *mut *mut tousu_error,
) -> tousu_status {
    guard_elements("tousu_rule_set_route_many", err, failed_index, |call| {
        // SAFETY: the contract above.
        let rules = unsafe { call.get("rules", rules)? };
        if out.is_null() && len > 0 {
            return Err(call.null_array("out", len).into());
        }
        // Decided into a buffer first, so that a failure leaves `out` as it was.
        let mut decided = Vec::with_capacity(len);
        // SAFETY: the contract above.
        unsafe {
            route_each(call, rules, complaints, contexts, len, |_, d| {
                decided.push(rules.typed(call, d)?);
                Ok(())
            })?;
            ptr::copy_nonoverlapping(decided.as_ptr(), out, len);
        }
        Ok(())
    })
}

/// Routes `len` complaints in one call as `tousu_rule_set_route_many` does, counting each
/// complainant's earlier complaints from the batch itself. `complainants[i]` names the
/// complainant of `complaints[i]`: an account number, an ID number, any string the caller keys
/// its clients by, compared byte for byte; NULL or `""` when unknown (then none). Complaint i's
/// earlier complaints are the other complaints of the batch with the same key received at a
/// strictly earlier instant (`received_at`, to the microsecond), each on its own local day of
/// receipt (the day its `received_at` shows, as routing reads it). Complaints received at the
/// same instant, in whatever UTC offsets, do not count each other; the order of the array does
/// not matter.
///
/// Each complaint is routed with the attributes of `contexts[i]` (`contexts` NULL: none). A
/// context that lists earlier complaints too (`earlier_complaint_count` > 0) is refused, its
/// element failing with `TOUSU_STATUS_INVALID_ARGUMENT` and a message naming
/// `contexts[i].earlier_complaints`: its days are
/// neither merged with the batch's nor ignored. Route such a batch with
/// `tousu_rule_set_route_many`.
///
/// Complaints further back than the rule set's longest `earlier_complaints` window (plus three
/// days, for UTC offsets) are left out, since no rule can count them; under a rule set without
/// such rules the decisions are those of `tousu_rule_set_route_many` with no earlier
/// complaints. O(n log n): the complaints are sorted by key and instant, in buffers for the
/// batch; no allocation per complaint.
///
/// The caller provides `out`, room for `len` decisions. Everything succeeds or nothing is
/// written: on the first complaint that fails in index order (an unknown category, a NULL
/// element, a key that is not UTF-8, a bad context), `*failed_index` (when not NULL) receives
/// its index, the message starts with `element <i>: `, and `out` is not touched. NULL arrays
/// are allowed when `len` is 0. Thread-safe on a shared rule set (each thread with its own
/// complaints, or complaints no thread changes).
///
/// ```c
/// tousu_decision *d = malloc(n * sizeof *d);   // complaints: n tousu_complaint pointers,
/// size_t bad;                                    // accounts: n account numbers (or NULL)
/// if (tousu_rule_set_route_many_by_complainant(rules, complaints, accounts, NULL, n, d, &bad,
///                                               &err) != TOUSU_STATUS_OK)
///     fprintf(stderr, "complaint %zu: %s\n", bad, tousu_error_message(err));
/// ```
///
/// # Safety
/// As for `tousu_rule_set_route_many`, with `complainants` NULL or readable for `len`
/// pointers, each NULL or a NUL-terminated string, and the contexts' `earlier_complaints` not
/// read.
#[no_mangle]
pub unsafe extern "C" fn tousu_rule_set_route_many_by_complainant(
    rules: *const tousu_rule_set,
    complaints: *const *const tousu_complaint,
    complainants: *const *const c_char,
    contexts: *const tousu_routing_context,
    len: usize,
    out: *mut tousu_decision,
    failed_index: *mut usize,
    err: *mut *mut tousu_error,
) -> tousu_status {
    guard_elements("tousu_rule_set_route_many_by_complainant", err, failed_index, |call| {
        // SAFETY: the contract above.
        let rules = unsafe { call.get("rules", rules)? };
        for (arg, null) in [
            ("complaints", complaints.is_null()),
            ("complainants", complainants.is_null()),
            ("out", out.is_null()),
        ] {
            if null && len > 0 {
                return Err(call.null_array(arg, len).into());
            }
        }
        // Every element's arguments first: the batch must be whole before anything is counted.
        let mut batch = Vec::with_capacity(len);
        let mut keys = Vec::with_capacity(len);
        let mut received = Vec::with_capacity(len);
        let mut invalid = None;
        for i in 0..len {
            // SAFETY: i < len, by the contract above.
            match unsafe { by_complainant_element(call, complaints, complainants, contexts, i) } {
                Ok((complaint, key, attributes)) => {
                    let at = complaint.inner.received_at;
                    batch.push((complaint, attributes));
                    keys.push(key);
                    received.push((at.timestamp_micros(), at.date_naive()));
                }
                Err(e) => {
                    invalid = Some(Failure::element(i, e));
                    break;
                }
            }
        }
        // Up to an invalid element, if any: a complaint before it that fails routing fails first.
        let window = rules.inner.earlier_complaints_window();
        let earlier = EarlierComplaints::by_complainant_in(&keys, &received, window, DAY_MICROS);
        let mut decided = Vec::with_capacity(batch.len());
        for (i, &(complaint, attributes)) in batch.iter().enumerate() {
            let context = RoutingContext {
                earlier_complaints: earlier.of(i),
                attributes,
            };
            rules
                .inner
                .route(&complaint.inner, &context)
                .and_then(|d| rules.typed(call, &d))
                .map(|d| decided.push(d))
                .map_err(|e| Failure::element(i, e))?;
        }
        if let Some(failure) = invalid {
            return Err(failure);
        }
        // SAFETY: `out` is writable for `len` decisions, by the contract above; all `len` decided.
        unsafe { ptr::copy_nonoverlapping(decided.as_ptr(), out, len) };
        Ok(())
    })
}

/// Microseconds in a day: instants of receipt are compared to the microsecond (exact for any
/// instant a complaint can hold; whole seconds would make 09:00:00.25 and 09:00:00.75 one instant).
const DAY_MICROS: i64 = 86_400_000_000;

/// Element `i` of a batch routed by complainant: the complaint, the complainant's key (`None`
/// for NULL or `""`) and the attributes of its context, refusing a context that lists earlier
/// complaints. Allocates only for an error.
///
/// # Safety
/// As for `tousu_rule_set_route_many_by_complainant`, with `i < len` and `complaints` and
/// `complainants` not NULL.
unsafe fn by_complainant_element<'a>(
    call: Call,
    complaints: *const *const tousu_complaint,
    complainants: *const *const c_char,
    contexts: *const tousu_routing_context,
    i: usize,
) -> Result<(&'a tousu_complaint, Option<&'a str>, Attributes), Error> {
    // SAFETY: by the caller's contract.
    let (complaint, key, context) = unsafe {
        (
            complaints.add(i).read().as_ref(),
            complainants.add(i).read(),
            if contexts.is_null() {
                None
            } else {
                Some(contexts.add(i).read())
            },
        )
    };
    let complaint = complaint.ok_or_else(|| call.null(&format!("complaints[{i}]")))?;
    let key = if key.is_null() {
        None
    } else {
        // SAFETY: a NUL-terminated string, by the caller's contract.
        let bytes = unsafe { CStr::from_ptr(key) }.to_bytes();
        Some(call.utf8(bytes, || format!("complainants[{i}]"))?).filter(|key| !key.is_empty())
    };
    let attributes = match context {
        None => Attributes::NONE,
        Some(c) if c.earlier_complaint_count > 0 => {
            return Err(Error::Usage {
                code: ErrorCode::InvalidArgument,
                message: format!(
                    "{}: `contexts[{i}].earlier_complaints` lists earlier complaints (earlier_complaint_count \
                     {}), but this function counts them from the batch: list none (count 0), or call \
                     tousu_rule_set_route_many",
                    call.function(),
                    c.earlier_complaint_count
                ),
            })
        }
        Some(c) => attributes_of(c.attributes)?,
    };
    Ok((complaint, key, attributes))
}

/// Routes `len` complaints in one call into JSON lines: line i (ending in `\n`) is the JSON
/// form of `tousu_rule_set_route_json` for `complaints[i]` with `contexts[i]`.
///
/// On success `*out` receives a new string (free it with `tousu_string_free`). Failures as for
/// `tousu_rule_set_route_many`; on failure `*out` is not touched.
///
/// # Safety
/// As for `tousu_rule_set_route_many`, with `out` NULL or writable.
#[no_mangle]
pub unsafe extern "C" fn tousu_rule_set_route_many_json(
    rules: *const tousu_rule_set,
    complaints: *const *const tousu_complaint,
    contexts: *const tousu_routing_context,
    len: usize,
    out: *mut *mut c_char,
    failed_index: *mut usize,
    err: *mut *mut tousu_error,
) -> tousu_status {
    guard_elements("tousu_rule_set_route_many_json", err, failed_index, |call| {
        // SAFETY: the contract above.
        let (rules, out) = unsafe { (call.get("rules", rules)?, call.out("out", out)?) };
        let mut lines = String::new();
        // SAFETY: the contract above.
        unsafe {
            route_each(call, rules, complaints, contexts, len, |_, d| {
                lines.push_str(&d.to_json());
                lines.push('\n');
                Ok(())
            })?;
        }
        out.write(into_c_string(call, lines)?);
        Ok(())
    })
}

// --- names ----------------------------------------------------------------------------------

static HIT_POLICY_NAMES: Names = Names::new();
static LEVEL_NAMES: Names = Names::new();
static OBLIGATION_NAMES: Names = Names::new();
static ATTRIBUTE_NAMES: Names = Names::new();

/// The name of a hit policy, as in rule sets: `"first_match"`, `"collect_all"`. NULL when
/// `policy` is not a `tousu_hit_policy`. The string is static. Thread-safe.
#[no_mangle]
pub extern "C" fn tousu_hit_policy_name(policy: u32) -> *const c_char {
    guard_value(ptr::null(), || {
        HIT_POLICY_NAMES.find(policy, || {
            [HitPolicy::FirstMatch, HitPolicy::CollectAll]
                .map(|p| (hit_policy_of(p) as u32, p.name()))
                .to_vec()
        })
    })
}

/// The name of a handling level, as in rule sets: `"branch"`, `"head_office"`; `"unset"` for
/// `TOUSU_HANDLING_LEVEL_UNSET`. NULL when `level` is not a `tousu_handling_level`. The string
/// is static. Thread-safe.
#[no_mangle]
pub extern "C" fn tousu_handling_level_name(level: u32) -> *const c_char {
    guard_value(ptr::null(), || {
        LEVEL_NAMES.find(level, || {
            [None, Some(HandlingLevel::Branch), Some(HandlingLevel::HeadOffice)]
                .map(|l| (level_of(l) as u32, l.map_or("unset", HandlingLevel::name)))
                .to_vec()
        })
    })
}

/// The name of one obligation bit, as in rule sets: `"liaison_form"`, `"written_reply"`, ...
/// NULL when `obligation` is not a single `tousu_obligation` bit. The string is static.
/// Thread-safe.
#[no_mangle]
pub extern "C" fn tousu_obligation_name(obligation: u32) -> *const c_char {
    guard_value(ptr::null(), || {
        OBLIGATION_NAMES.find(obligation, || {
            Obligation::ALL
                .iter()
                .filter_map(|&o| Some((tousu_obligation::from_obligation(o)? as u32, o.name())))
                .collect()
        })
    })
}

/// The name of one attribute bit, as in rule sets: `"elderly"`, `"new_client"`, ... NULL when
/// `attribute` is not a single `tousu_attribute` bit. The string is static. Thread-safe.
#[no_mangle]
pub extern "C" fn tousu_attribute_name(attribute: u32) -> *const c_char {
    guard_value(ptr::null(), || {
        ATTRIBUTE_NAMES.find(attribute, || {
            Attribute::ALL
                .iter()
                .filter_map(|&a| Some((tousu_attribute::from_attribute(a)? as u32, a.name())))
                .collect()
        })
    })
}
