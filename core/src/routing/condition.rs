//! Conditions of routing rules as written: a tree of tests over the complaint, combined with
//! all / any / not, and their plain evaluation (a tree walk, the reference the compiled form is
//! tested against, and what explanations are built from).

use std::fmt;

use chrono::{Datelike, NaiveDate};
use serde::Serialize;

use super::RoutingContext;
use crate::complaint::{Channel, Complaint, IdDocumentKind, Kind, Severity};
use crate::taxonomy::CategoryId;

/// How a complaint arrived, without the forwarding details: the channel names of R1.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum ChannelKind {
    /// `phone`.
    Phone,
    /// `email`.
    Email,
    /// `letter`.
    Letter,
    /// `web_form`.
    WebForm,
    /// `walk_in`.
    WalkIn,
    /// `online_chat`.
    OnlineChat,
    /// `comment_box`.
    CommentBox,
    /// `regulator_forwarded` (R17).
    RegulatorForwarded,
    /// `judicial_or_association_forwarded`.
    JudicialOrAssociationForwarded,
}

impl ChannelKind {
    /// Every channel, in number order.
    pub const ALL: [ChannelKind; 9] = [
        ChannelKind::Phone,
        ChannelKind::Email,
        ChannelKind::Letter,
        ChannelKind::WebForm,
        ChannelKind::WalkIn,
        ChannelKind::OnlineChat,
        ChannelKind::CommentBox,
        ChannelKind::RegulatorForwarded,
        ChannelKind::JudicialOrAssociationForwarded,
    ];

    /// The channel of a complaint.
    pub fn of(channel: &Channel) -> ChannelKind {
        match channel {
            Channel::Phone => ChannelKind::Phone,
            Channel::Email => ChannelKind::Email,
            Channel::Letter => ChannelKind::Letter,
            Channel::WebForm => ChannelKind::WebForm,
            Channel::WalkIn => ChannelKind::WalkIn,
            Channel::OnlineChat => ChannelKind::OnlineChat,
            Channel::CommentBox => ChannelKind::CommentBox,
            Channel::RegulatorForwarded(_) => ChannelKind::RegulatorForwarded,
            Channel::JudicialOrAssociationForwarded(_) => ChannelKind::JudicialOrAssociationForwarded,
        }
    }

    /// The name used in complaints and rule sets (`web_form`).
    pub fn name(self) -> &'static str {
        match self {
            ChannelKind::Phone => "phone",
            ChannelKind::Email => "email",
            ChannelKind::Letter => "letter",
            ChannelKind::WebForm => "web_form",
            ChannelKind::WalkIn => "walk_in",
            ChannelKind::OnlineChat => "online_chat",
            ChannelKind::CommentBox => "comment_box",
            ChannelKind::RegulatorForwarded => "regulator_forwarded",
            ChannelKind::JudicialOrAssociationForwarded => "judicial_or_association_forwarded",
        }
    }

    /// The channel of a name.
    pub fn from_name(name: &str) -> Option<ChannelKind> {
        Self::ALL.into_iter().find(|c| c.name() == name)
    }
}

/// An attribute of the complainant that rules can test (elderly, new client, …).
///
/// Each holds when the caller says so ([`RoutingContext::attributes`], from its client
/// records), or when the complaint itself shows it:
///
/// | attribute | also shown by the complaint when |
/// |-----------|-----------------------------------|
/// | `elderly` | the resident ID's birth date makes the complainant 60 or older on the day of receipt (老年人, 60 and over, in the Law on the Protection of the Rights and Interests of the Elderly), or the tag `elderly_investor` |
/// | `institutional` | the ID document is a unified social credit code, or the tag `institutional_client` |
/// | `new_client` | the tag `new_client` |
/// | `high_net_worth` | the tag `high_net_worth` |
/// | `professional_investor` | the tag `professional_investor` |
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Attribute {
    /// 60 or older.
    Elderly,
    /// A client whose account is new (the firm decides what new means).
    NewClient,
    /// An institution rather than a natural person.
    Institutional,
    /// A high-net-worth client.
    HighNetWorth,
    /// A professional investor (专业投资者).
    ProfessionalInvestor,
}

impl Attribute {
    /// Every attribute, in bit order.
    pub const ALL: [Attribute; 5] = [
        Attribute::Elderly,
        Attribute::NewClient,
        Attribute::Institutional,
        Attribute::HighNetWorth,
        Attribute::ProfessionalInvestor,
    ];

    /// The name used in rule sets.
    pub fn name(self) -> &'static str {
        match self {
            Attribute::Elderly => "elderly",
            Attribute::NewClient => "new_client",
            Attribute::Institutional => "institutional",
            Attribute::HighNetWorth => "high_net_worth",
            Attribute::ProfessionalInvestor => "professional_investor",
        }
    }

    /// The attribute of a name.
    pub fn from_name(name: &str) -> Option<Attribute> {
        Self::ALL.into_iter().find(|a| a.name() == name)
    }

    /// The complaint tag that shows the attribute.
    fn tag(self) -> &'static str {
        match self {
            Attribute::Elderly => "elderly_investor",
            Attribute::NewClient => "new_client",
            Attribute::Institutional => "institutional_client",
            Attribute::HighNetWorth => "high_net_worth",
            Attribute::ProfessionalInvestor => "professional_investor",
        }
    }

    fn bit(self) -> u8 {
        1 << (self as u8)
    }

    /// How the complaint or the caller shows the complainant has this attribute, in the words of
    /// an explanation: the caller's records, the tag, or the identity document (for `elderly`,
    /// the birth date and the age on the day of receipt). Asked only of an attribute that holds.
    pub(crate) fn evidence(self, complaint: &Complaint, context: &RoutingContext<'_>) -> String {
        if context.attributes.contains(self) {
            return "the caller's client records".to_owned();
        }
        if complaint.tags.iter().any(|t| t == self.tag()) {
            return format!("tag {}", self.tag());
        }
        match (self, &complaint.complainant.id_document) {
            (Attribute::Institutional, Some(_)) => "a unified social credit code".to_owned(),
            (Attribute::Elderly, Some(doc)) => match resident_birth_ymd(&doc.number) {
                Some(birth) => {
                    let day = complaint.received_at.date_naive();
                    let today = day.year() * 10_000 + day.month() as i32 * 100 + day.day() as i32;
                    format!(
                        "resident ID, born {:04}-{:02}-{:02}, {} on {day}",
                        birth / 10_000,
                        birth / 100 % 100,
                        birth % 100,
                        (today - birth) / 10_000
                    )
                }
                None => "a resident ID".to_owned(),
            },
            _ => "shown".to_owned(),
        }
    }
}

/// A set of [`Attribute`]s. Copy, one byte.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Attributes(u8);

impl Attributes {
    /// No attribute.
    pub const NONE: Attributes = Attributes(0);

    /// This set with `a` added.
    pub fn with(self, a: Attribute) -> Attributes {
        Attributes(self.0 | a.bit())
    }

    /// Whether `a` is in the set.
    pub fn contains(self, a: Attribute) -> bool {
        self.0 & a.bit() != 0
    }

    /// The attributes in the set.
    pub fn iter(self) -> impl Iterator<Item = Attribute> {
        Attribute::ALL.into_iter().filter(move |a| self.contains(*a))
    }

    /// The complainant's attributes: the caller's, and those the complaint shows (see
    /// [`Attribute`]).
    pub fn of(complaint: &Complaint, context: &RoutingContext<'_>) -> Attributes {
        Self::of_only(complaint, context, &Attribute::ALL)
    }

    /// [`of`](Self::of), working out only `wanted` from the complaint (routing asks only for
    /// the attributes its rules test).
    pub(crate) fn of_only(complaint: &Complaint, context: &RoutingContext<'_>, wanted: &[Attribute]) -> Attributes {
        let mut set = context.attributes;
        for &a in wanted {
            if set.contains(a) {
                continue;
            }
            let shown = complaint.tags.iter().any(|t| t == a.tag())
                || match (a, &complaint.complainant.id_document) {
                    (Attribute::Institutional, Some(doc)) => doc.kind == IdDocumentKind::UnifiedSocialCreditCode,
                    (Attribute::Elderly, Some(doc)) if doc.kind == IdDocumentKind::ResidentIdCard => {
                        resident_birth_ymd(&doc.number).is_some_and(|birth| {
                            let day = complaint.received_at.date_naive();
                            let today = day.year() * 10_000 + day.month() as i32 * 100 + day.day() as i32;
                            // Born on or before this month and day ELDERLY_AGE years ago: that old.
                            birth <= today - ELDERLY_AGE * 10_000
                        })
                    }
                    _ => false,
                };
            if shown {
                set = set.with(a);
            }
        }
        set
    }
}

/// Age from which a complainant is elderly (老年人权益保障法 第二条: 六十周岁以上).
const ELDERLY_AGE: i32 = 60;

/// The birth date in an 18-character resident ID number (characters 7–14) as `YYYYMMDD`.
fn resident_birth_ymd(number: &str) -> Option<i32> {
    let digits = number.get(6..14)?;
    if !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    // A validated complaint's ID has a real birth date (GB 11643 is checked on validation).
    digits.parse().ok()
}

/// Who or what the complaint is about (the register form's respondent, R2).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Party {
    /// A person (R12: they recuse).
    Person,
    /// A branch (R10: head office takes complaints about branches).
    Branch,
    /// A department (R11).
    Department,
}

impl Party {
    /// Every party, in bit order.
    pub const ALL: [Party; 3] = [Party::Person, Party::Branch, Party::Department];

    /// The name used in rule sets.
    pub fn name(self) -> &'static str {
        match self {
            Party::Person => "person",
            Party::Branch => "branch",
            Party::Department => "department",
        }
    }

    /// The party of a name.
    pub fn from_name(name: &str) -> Option<Party> {
        Self::ALL.into_iter().find(|p| p.name() == name)
    }

    /// Whether the complaint names this party: the respondent's field is present and not empty.
    pub fn named_in(self, complaint: &Complaint) -> bool {
        let r = &complaint.respondent;
        // Present and not empty: the length alone decides, without reading the text (which
        // costs a cache miss per field when a long history is routed).
        let named = |v: &Option<String>| v.as_deref().is_some_and(|s| !s.is_empty());
        match self {
            Party::Person => named(&r.person),
            Party::Branch => named(&r.branch),
            Party::Department => named(&r.department),
        }
    }
}

/// A category named in a condition: its code as written and its id in the taxonomy.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct CategoryRef {
    /// The code as written (`fees`).
    pub code: String,
    /// Its id in the rule set's taxonomy.
    pub id: CategoryId,
}

/// A condition of a rule: a test of the complaint, or a combination of conditions.
///
/// Each test is the key of the same name in the rule set's `when` tables (format in
/// `core/data/rules/README.md`).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Condition {
    /// Every condition holds (`all = [...]`, or several keys in one table).
    All(Vec<Condition>),
    /// At least one holds (`any = [...]`).
    Any(Vec<Condition>),
    /// The condition does not hold (`not = {...}`).
    Not(Box<Condition>),
    /// The category is one of these or in one of their subtrees (`category`).
    Category(Vec<CategoryRef>),
    /// Complaint or feedback (`kind`).
    Kind(Vec<Kind>),
    /// The channel is one of these (`channel`).
    Channel(Vec<ChannelKind>),
    /// Forwarded by a regulator, or not (`forwarded_by_regulator`): the channel is, or is not,
    /// `regulator_forwarded`.
    ForwardedByRegulator(bool),
    /// The severity is one of these (`severity`, or `severity_at_least`).
    Severity(Vec<Severity>),
    /// An amount is claimed, in the rule set's currency, with `at_least <= minor units < below`
    /// (`amount`). A complaint without a claimed amount, or with one in another currency, does
    /// not meet it.
    Amount {
        /// Inclusive lower bound, minor units.
        at_least: Option<i64>,
        /// Exclusive upper bound, minor units.
        below: Option<i64>,
    },
    /// The registering branch is one of these (`branch`).
    Branch(Vec<String>),
    /// The complaint has at least one of these tags (`tags_any`).
    TagsAny(Vec<String>),
    /// The complaint has all of these tags (`tags_all`).
    TagsAll(Vec<String>),
    /// The complainant has all of these attributes (`complainant`).
    Complainant(Vec<Attribute>),
    /// The complaint names at least one of these parties as the respondent (`about`).
    About(Vec<Party>),
    /// The same complainant complained at least `at_least` times in the `within_days` days up to
    /// the day of receipt (`earlier_complaints`), as the caller's [`RoutingContext`] reports.
    EarlierComplaints {
        /// The number of earlier complaints needed.
        at_least: u32,
        /// The window, calendar days back from the day of receipt.
        within_days: u32,
    },
}

/// The facts of a complaint as plain evaluation sees them.
pub(crate) struct Subject<'c> {
    pub(crate) complaint: &'c Complaint,
    pub(crate) context: &'c RoutingContext<'c>,
    pub(crate) currency: &'c str,
    pub(crate) attributes: Attributes,
}

impl<'c> Subject<'c> {
    pub(crate) fn new(complaint: &'c Complaint, context: &'c RoutingContext<'c>, currency: &'c str) -> Self {
        Subject {
            complaint,
            context,
            currency,
            attributes: Attributes::of(complaint, context),
        }
    }
}

impl Condition {
    /// Plain evaluation: a walk of the tree against the complaint itself. Categories are
    /// compared by code (`fees.commission` is within `fees`), not by taxonomy numbers.
    pub(crate) fn holds(&self, s: &Subject<'_>) -> bool {
        let c = s.complaint;
        match self {
            Condition::All(list) => list.iter().all(|x| x.holds(s)),
            Condition::Any(list) => list.iter().any(|x| x.holds(s)),
            Condition::Not(x) => !x.holds(s),
            Condition::Category(list) => list.iter().any(|r| within_code(&c.category, &r.code)),
            Condition::Kind(list) => list.contains(&c.kind),
            Condition::Channel(list) => list.contains(&ChannelKind::of(&c.channel)),
            Condition::ForwardedByRegulator(yes) => matches!(c.channel, Channel::RegulatorForwarded(_)) == *yes,
            Condition::Severity(list) => list.contains(&c.severity),
            Condition::Amount { at_least, below } => match &c.claimed_amount {
                Some(m) if m.currency == s.currency => {
                    at_least.is_none_or(|lo| m.minor_units >= lo) && below.is_none_or(|hi| m.minor_units < hi)
                }
                _ => false,
            },
            Condition::Branch(list) => list.contains(&c.branch),
            Condition::TagsAny(list) => list.iter().any(|t| c.tags.contains(t)),
            Condition::TagsAll(list) => list.iter().all(|t| c.tags.contains(t)),
            Condition::Complainant(list) => list.iter().all(|a| s.attributes.contains(*a)),
            Condition::About(list) => list.iter().any(|p| p.named_in(c)),
            Condition::EarlierComplaints { at_least, within_days } => {
                s.context.earlier_within(c.received_at.date_naive(), *within_days) >= *at_least
            }
        }
    }

    /// The tests that held, rendered with the complaint's values, for an explanation: of a
    /// condition that holds, the tests that made it hold.
    pub(crate) fn reasons(&self, s: &Subject<'_>, out: &mut Vec<String>) {
        let c = s.complaint;
        match self {
            Condition::All(list) => list.iter().for_each(|x| x.reasons(s, out)),
            Condition::Any(list) => {
                if let Some(x) = list.iter().find(|x| x.holds(s)) {
                    x.reasons(s, out);
                }
            }
            Condition::Not(_) => out.push(self.to_string()),
            Condition::Category(_) => out.push(format!("{self} (category {})", c.category)),
            Condition::Channel(_) | Condition::ForwardedByRegulator(_) => {
                out.push(format!("{self} (channel {})", c.channel.as_str()))
            }
            Condition::Severity(_) => out.push(format!("{self} (severity {})", c.severity.as_str())),
            Condition::Amount { .. } => out.push(format!(
                "{self} (claimed {})",
                c.claimed_amount.as_ref().map(|m| m.to_string()).unwrap_or_default()
            )),
            Condition::Branch(_) => out.push(format!("{self} (branch {})", c.branch)),
            Condition::EarlierComplaints { within_days, .. } => out.push(format!(
                "{self} ({} earlier)",
                s.context.earlier_within(c.received_at.date_naive(), *within_days)
            )),
            // Which of the tags the complaint carries.
            Condition::TagsAny(list) | Condition::TagsAll(list) => {
                let found: Vec<&str> = list.iter().filter(|t| c.tags.contains(t)).map(String::as_str).collect();
                out.push(format!("{self} (tagged {})", found.join(", ")))
            }
            // How each attribute was shown: an auditor checks the evidence, not the conclusion.
            Condition::Complainant(list) => {
                let shown: Vec<String> = list
                    .iter()
                    .map(|a| format!("{}: {}", a.name(), a.evidence(c, s.context)))
                    .collect();
                out.push(format!("{self} ({})", shown.join("; ")))
            }
            _ => out.push(self.to_string()),
        }
    }
}

/// Whether `code` is `ancestor` or below it.
fn within_code(code: &str, ancestor: &str) -> bool {
    code == ancestor || (code.starts_with(ancestor) && code.as_bytes().get(ancestor.len()) == Some(&b'.'))
}

fn list<T>(f: &mut fmt::Formatter<'_>, items: &[T], name: impl Fn(&T) -> String) -> fmt::Result {
    let names: Vec<String> = items.iter().map(name).collect();
    write!(f, "[{}]", names.join(", "))
}

impl fmt::Display for Condition {
    /// The condition in the rule set's own words: `severity in [major, compensation]`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let join = |f: &mut fmt::Formatter<'_>, items: &[Condition], op: &str| -> fmt::Result {
            f.write_str("(")?;
            for (i, x) in items.iter().enumerate() {
                if i > 0 {
                    write!(f, " {op} ")?;
                }
                write!(f, "{x}")?;
            }
            f.write_str(")")
        };
        match self {
            Condition::All(items) => join(f, items, "and"),
            Condition::Any(items) => join(f, items, "or"),
            Condition::Not(x) => write!(f, "not {x}"),
            Condition::Category(items) => {
                f.write_str("category within ")?;
                list(f, items, |r| r.code.clone())
            }
            Condition::Kind(items) => {
                f.write_str("kind in ")?;
                list(f, items, |k| k.as_str().to_owned())
            }
            Condition::Channel(items) => {
                f.write_str("channel in ")?;
                list(f, items, |c| c.name().to_owned())
            }
            Condition::ForwardedByRegulator(true) => f.write_str("forwarded by a regulator"),
            Condition::ForwardedByRegulator(false) => f.write_str("not forwarded by a regulator"),
            Condition::Severity(items) => {
                f.write_str("severity in ")?;
                list(f, items, |s| s.as_str().to_owned())
            }
            Condition::Amount { at_least, below } => {
                let money = |v: i64| {
                    let sign = if v < 0 { "-" } else { "" };
                    format!("{sign}{}.{:02}", v.unsigned_abs() / 100, v.unsigned_abs() % 100)
                };
                match (at_least, below) {
                    (Some(lo), Some(hi)) => write!(f, "claimed amount in [{}, {})", money(*lo), money(*hi)),
                    (Some(lo), None) => write!(f, "claimed amount >= {}", money(*lo)),
                    (None, Some(hi)) => write!(f, "claimed amount < {}", money(*hi)),
                    (None, None) => f.write_str("an amount is claimed"),
                }
            }
            Condition::Branch(items) => {
                f.write_str("branch in ")?;
                list(f, items, |b| b.clone())
            }
            Condition::TagsAny(items) => {
                f.write_str("any tag of ")?;
                list(f, items, |t| t.clone())
            }
            Condition::TagsAll(items) => {
                f.write_str("every tag of ")?;
                list(f, items, |t| t.clone())
            }
            Condition::Complainant(items) => {
                f.write_str("complainant is ")?;
                list(f, items, |a| a.name().to_owned())
            }
            Condition::About(items) => {
                f.write_str("complaint about a ")?;
                list(f, items, |p| p.name().to_owned())
            }
            Condition::EarlierComplaints { at_least, within_days } => {
                write!(f, "at least {at_least} earlier complaints within {within_days} days")
            }
        }
    }
}

impl RoutingContext<'_> {
    /// The earlier complaints received within `days` calendar days up to `received` (inclusive).
    pub(crate) fn earlier_within(&self, received: NaiveDate, days: u32) -> u32 {
        let from = received
            .checked_sub_days(chrono::Days::new(u64::from(days)))
            .unwrap_or(NaiveDate::MIN);
        self.earlier_complaints
            .iter()
            .filter(|d| **d >= from && **d <= received)
            .count() as u32
    }
}
