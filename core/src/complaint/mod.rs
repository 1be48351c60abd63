//! The complaint record — what the receiver writes on the register form
//! (《客户投诉处理登记表》, REQUIREMENTS.md R1–R3, R8, R9).
//!
//! A [`Complaint`] is plain data with public fields. [`Complaint::validate`] reports *every*
//! problem at once, each with its field path; [`Complaint::from_json`] reads and validates.
//! The required fields of R2 (L279) — complainant name, a contact, matter, facts, demand — are
//! `#[serde(default)]` so that a record missing several of them is read and then rejected with
//! all of them named, instead of stopping at the first.

mod identity;
mod money;

use std::fmt;

use chrono::{DateTime, FixedOffset, NaiveDate};
use serde::{Deserialize, Serialize};

pub use identity::{check_resident_id, check_social_credit_code, IdDocument, IdDocumentKind};
pub use money::Money;

use crate::error::{Error, ErrorCode, FieldError};
use crate::json;

/// Complaint (投诉) or feedback (反馈) — feedback follows the shorter flow of R3.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// A complaint: dissatisfaction with the firm's service, stated as a complaint (L35, L151).
    #[default]
    Complaint,
    /// Feedback: observations, evaluations, suggestions, thanks (L37).
    Feedback,
}

impl Kind {
    /// `complaint` or `feedback`.
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Complaint => "complaint",
            Kind::Feedback => "feedback",
        }
    }
}

/// How the complaint arrived (R1).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
#[non_exhaustive]
pub enum Channel {
    /// Telephone or the complaint hotline (电话、热线).
    Phone,
    /// The complaint mailbox by email (邮箱).
    Email,
    /// A letter to the complaint letterbox (信函、投诉信箱).
    Letter,
    /// The web form on the firm's site (网页表单).
    WebForm,
    /// In person at a branch (现场、上门).
    WalkIn,
    /// Online customer service, chat or video (在线客服).
    OnlineChat,
    /// The comment box or comment book at a branch (意见箱、意见簿).
    CommentBox,
    /// Forwarded by a regulator: the CSRC or a local bureau, an exchange (监管部门转来, L702).
    RegulatorForwarded(Forwarding),
    /// Forwarded by a judicial or administrative body or an association (司法行政机关、协会转来, L87).
    JudicialOrAssociationForwarded(Forwarding),
}

impl Channel {
    /// The snake_case name used in JSON.
    pub fn as_str(&self) -> &'static str {
        match self {
            Channel::Phone => "phone",
            Channel::Email => "email",
            Channel::Letter => "letter",
            Channel::WebForm => "web_form",
            Channel::WalkIn => "walk_in",
            Channel::OnlineChat => "online_chat",
            Channel::CommentBox => "comment_box",
            Channel::RegulatorForwarded(_) => "regulator_forwarded",
            Channel::JudicialOrAssociationForwarded(_) => "judicial_or_association_forwarded",
        }
    }

    /// The forwarding details, for a forwarded complaint.
    pub fn forwarding(&self) -> Option<&Forwarding> {
        match self {
            Channel::RegulatorForwarded(f) | Channel::JudicialOrAssociationForwarded(f) => Some(f),
            _ => None,
        }
    }

    /// Whether the case owes the forwarding regulator a report when handled (R17).
    pub fn owes_report_back(&self) -> bool {
        match self {
            Channel::RegulatorForwarded(f) => f.report_back_required,
            _ => false,
        }
    }
}

/// Who forwarded a complaint, under which reference, when (R1, R17).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Forwarding {
    /// The forwarding body, e.g. `中国证监会深圳监管局`, `上海证券交易所`.
    pub body: String,
    /// The body's reference number for the case.
    pub reference: String,
    /// The date the body forwarded it.
    #[serde(with = "json::date")]
    pub forwarded_on: NaiveDate,
    /// Whether the body must be told the outcome (always so for regulators under L702).
    #[serde(default = "yes")]
    pub report_back_required: bool,
}

fn yes() -> bool {
    true
}

/// Severity of the matter (R9); ordered from ordinary to a serious incident.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// Handled by the operations supervisor (L181).
    #[default]
    Ordinary,
    /// A major matter (重大情况): goes to the branch general manager (L181).
    Major,
    /// Involves compensation (涉及赔偿): goes to the branch general manager (L181).
    Compensation,
    /// A matter of principle (原则性问题): decided by a management meeting (L99).
    MatterOfPrinciple,
    /// A serious incident (严重的事故): incident investigation form, accountability (L21).
    SeriousIncident,
}

impl Severity {
    /// Every severity, from ordinary to a serious incident.
    pub const ALL: [Severity; 5] = [
        Severity::Ordinary,
        Severity::Major,
        Severity::Compensation,
        Severity::MatterOfPrinciple,
        Severity::SeriousIncident,
    ];

    /// The snake_case name used in JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Ordinary => "ordinary",
            Severity::Major => "major",
            Severity::Compensation => "compensation",
            Severity::MatterOfPrinciple => "matter_of_principle",
            Severity::SeriousIncident => "serious_incident",
        }
    }

    /// Whether R18 requires a collective (management or partners' meeting) decision.
    pub fn needs_collective_decision(self) -> bool {
        matches!(self, Severity::MatterOfPrinciple | Severity::SeriousIncident)
    }
}

/// How to reach the complainant; at least one channel is required (R2).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Contact {
    /// Telephone.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
    /// Fax.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fax: Option<String>,
    /// Postal address.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub address: Option<String>,
    /// Email.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
}

impl Contact {
    fn is_empty(&self) -> bool {
        [&self.phone, &self.fax, &self.address, &self.email]
            .iter()
            .all(|c| c.as_deref().is_none_or(|s| s.trim().is_empty()))
    }
}

/// The person or institution complaining (R2).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Complainant {
    /// Name (required).
    #[serde(default)]
    pub name: String,
    /// Contact channels (at least one required).
    #[serde(default)]
    pub contact: Contact,
    /// Identity document, checked where the kind has a check digit.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id_document: Option<IdDocument>,
    /// Securities (or fund) account number.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub securities_account: Option<String>,
}

/// The party complained about (被投诉方): a person, a branch, a department — any of them (R2).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Respondent {
    /// Staff id of the person complained about; they must never handle the case (R12).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub person: Option<String>,
    /// The branch (营业部) complained about.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub branch: Option<String>,
    /// The department complained about.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub department: Option<String>,
}

/// The facts (事实) of the matter, with time and place (R2).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Facts {
    /// What happened, in the complainant's account (required).
    #[serde(default)]
    pub account: String,
    /// When it happened.
    #[serde(default, skip_serializing_if = "Option::is_none", with = "json::instant::option")]
    pub occurred_at: Option<DateTime<FixedOffset>>,
    /// Where it happened.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub place: Option<String>,
}

/// A reference to evidence whose original is kept (原件留存, L89).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Evidence {
    /// What it is: `成交回报单`, `call recording`.
    pub description: String,
    /// Where the original is kept: a file number, an archive id, a recording id.
    pub reference: String,
}

/// A complaint or feedback as registered (R2).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Complaint {
    /// The firm's reference for the case (required, at most 64 characters).
    #[serde(default)]
    pub id: String,
    /// Complaint or feedback (R3).
    #[serde(default)]
    pub kind: Kind,
    /// How it arrived (R1).
    pub channel: Channel,
    /// Who complains (R2).
    #[serde(default)]
    pub complainant: Complainant,
    /// Who or what is complained about (R2, R12).
    #[serde(default)]
    pub respondent: Respondent,
    /// Staff id of the receiver (接待人员), who owns the case until a hand-over (R5).
    #[serde(default)]
    pub receiver: String,
    /// The branch (or head-office department) that registered it.
    #[serde(default)]
    pub branch: String,
    /// When it was received, with the UTC offset of the receiving office.
    #[serde(with = "json::instant")]
    pub received_at: DateTime<FixedOffset>,
    /// The matter (事由): a one-line subject (required).
    #[serde(default)]
    pub matter: String,
    /// The facts (事实) with time and place (required: `facts.account`).
    #[serde(default)]
    pub facts: Facts,
    /// The demand (诉求) (required).
    #[serde(default)]
    pub demand: String,
    /// The amount claimed, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub claimed_amount: Option<Money>,
    /// Severity (R9).
    #[serde(default)]
    pub severity: Severity,
    /// Category code from the taxonomy (R8), e.g. `trading.execution`.
    #[serde(default)]
    pub category: String,
    /// Evidence whose originals are kept.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub evidence: Vec<Evidence>,
    /// Free tags, lowercase snake_case, e.g. `elderly_investor`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<String>,
}

/// Longest id a complaint, staff member or form may have.
const MAX_ID_LEN: usize = 64;
/// Longest free text of a record field, in characters: enough for a consumer's whole account
/// (real CFPB narratives pass 20,000), so a record is kept complete (R29); a bound all the same,
/// on what one record may hold.
const MAX_TEXT_LEN: usize = 100_000;

impl Complaint {
    /// Reads a complaint from JSON and validates it.
    ///
    /// # Errors
    /// [`ErrorCode::MalformedJson`], [`ErrorCode::UnknownField`], [`ErrorCode::UnknownVariant`],
    /// [`ErrorCode::MissingField`] or [`ErrorCode::InvalidTimestamp`] when the text cannot be
    /// read; [`ErrorCode::InvalidComplaint`] listing every problem when it can.
    pub fn from_json(text: &str) -> Result<Complaint, Error> {
        let complaint: Complaint = json::read("complaint", text)?;
        complaint.validate()?;
        Ok(complaint)
    }

    /// The complaint as JSON (validation is not repeated).
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).expect("a complaint always serializes")
    }

    /// Whether a regulator forwarded it and expects a report back (R17).
    pub fn owes_report_back(&self) -> bool {
        self.channel.owes_report_back()
    }

    /// Checks every rule of R2 and the formats of ids, amounts, codes and tags.
    ///
    /// # Errors
    /// [`ErrorCode::InvalidComplaint`] with every problem and its field path.
    pub fn validate(&self) -> Result<(), Error> {
        let mut v = Problems::default();
        v.id("id", &self.id);
        v.required("complainant.name", &self.complainant.name);
        v.text("complainant.name", &self.complainant.name, 200);
        if self.complainant.contact.is_empty() {
            v.push(
                "complainant.contact",
                "is required: give a phone, fax, address or email",
            );
        }
        let contact = &self.complainant.contact;
        for (path, value) in [
            ("complainant.contact.phone", &contact.phone),
            ("complainant.contact.fax", &contact.fax),
        ] {
            if let Some(number) = value.as_deref().filter(|n| !n.trim().is_empty()) {
                if let Err(problem) = check_phone(number) {
                    v.push(path, problem);
                }
            }
        }
        if let Some(email) = contact.email.as_deref().filter(|e| !e.trim().is_empty()) {
            if let Err(problem) = check_email(email) {
                v.push("complainant.contact.email", problem);
            }
        }
        if let Some(doc) = &self.complainant.id_document {
            if let Err(problem) = doc.check() {
                v.push("complainant.id_document.number", problem);
            }
        }
        if let Some(account) = &self.complainant.securities_account {
            let ok = (6..=20).contains(&account.len()) && account.bytes().all(|b| b.is_ascii_alphanumeric());
            if !ok {
                v.push(
                    "complainant.securities_account",
                    format!("`{account}` is not 6 to 20 letters and digits"),
                );
            }
        }
        if let Some(person) = &self.respondent.person {
            v.id("respondent.person", person);
        }
        v.id("receiver", &self.receiver);
        v.required("branch", &self.branch);
        v.text("branch", &self.branch, 200);
        v.required("matter", &self.matter);
        v.text("matter", &self.matter, 500);
        v.required("facts.account", &self.facts.account);
        v.text("facts.account", &self.facts.account, MAX_TEXT_LEN);
        if let Some(at) = self.facts.occurred_at {
            if at > self.received_at {
                v.push(
                    "facts.occurred_at",
                    format!(
                        "{} is after the complaint was received ({})",
                        at.to_rfc3339(),
                        self.received_at.to_rfc3339()
                    ),
                );
            }
        }
        v.required("demand", &self.demand);
        v.text("demand", &self.demand, MAX_TEXT_LEN);
        if let Some(amount) = &self.claimed_amount {
            for (field, problem) in amount.problems() {
                v.push(format_args!("claimed_amount.{field}"), problem);
            }
        }
        if let Some(f) = self.channel.forwarding() {
            let base = self.channel.as_str();
            v.required(format_args!("channel.{base}.body"), &f.body);
            v.required(format_args!("channel.{base}.reference"), &f.reference);
            if f.forwarded_on > self.received_at.date_naive() {
                v.push(
                    format_args!("channel.{base}.forwarded_on"),
                    format!(
                        "{} is after the complaint was received ({})",
                        f.forwarded_on,
                        self.received_at.date_naive()
                    ),
                );
            }
        }
        if let Err(problem) = check_code(&self.category) {
            v.push("category", problem);
        }
        for (i, e) in self.evidence.iter().enumerate() {
            v.required(format_args!("evidence[{i}].description"), &e.description);
            v.required(format_args!("evidence[{i}].reference"), &e.reference);
        }
        for (i, tag) in self.tags.iter().enumerate() {
            if !is_slug(tag) {
                v.push(
                    format_args!("tags[{i}]"),
                    format!("`{tag}` is not lowercase snake_case"),
                );
            } else if self.tags[..i].contains(tag) {
                v.push(format_args!("tags[{i}]"), format!("`{tag}` is repeated"));
            }
        }
        v.finish("complaint", ErrorCode::InvalidComplaint)
    }
}

/// Collects field problems in order; a validation error carries all of them.
#[derive(Default)]
pub(crate) struct Problems(Vec<FieldError>);

impl Problems {
    // Paths are `Display` so that building one costs nothing unless there is a problem to report:
    // validation runs on every replayed event, where allocating paths dominated the cost.
    pub(crate) fn push(&mut self, path: impl fmt::Display, problem: impl Into<String>) {
        self.push_dyn(&path, problem.into());
    }

    // Out of line and cold: the valid path, taken by nearly every record, never reaches here.
    #[cold]
    #[inline(never)]
    fn push_dyn(&mut self, path: &dyn fmt::Display, problem: String) {
        self.0.push(FieldError {
            path: path.to_string(),
            problem,
        });
    }

    /// A required text: missing when empty or blank.
    #[inline]
    pub(crate) fn required(&mut self, path: impl fmt::Display, value: &str) {
        if is_blank(value) {
            self.push(path, "is required");
        }
    }

    /// A text with a length limit in characters.
    #[inline]
    pub(crate) fn text(&mut self, path: impl fmt::Display, value: &str, max_chars: usize) {
        if value.len() > max_chars && value.chars().count() > max_chars {
            self.push(path, format!("is longer than {max_chars} characters"));
        }
    }

    /// A required identifier: non-blank, at most 64 characters, no control characters.
    #[inline]
    pub(crate) fn id(&mut self, path: impl fmt::Display, value: &str) {
        // Staff ids and references are short printable ASCII almost always: one pass decides,
        // and the rest stays out of line so that this check costs a handful of instructions.
        if value.is_empty() || value.len() > MAX_ID_LEN || !value.bytes().all(|b| b.is_ascii_graphic()) {
            self.id_problem(&path, value);
        }
    }

    #[cold]
    #[inline(never)]
    fn id_problem(&mut self, path: &dyn fmt::Display, value: &str) {
        if is_blank(value) {
            self.push(path, "is required");
        } else if value.chars().count() > MAX_ID_LEN {
            self.push(path, format!("`{value}` is longer than {MAX_ID_LEN} characters"));
        } else if value.chars().any(char::is_control) {
            self.push(path, format!("{value:?} contains a control character"));
        }
    }

    pub(crate) fn finish(self, what: &'static str, code: ErrorCode) -> Result<(), Error> {
        if self.0.is_empty() {
            Ok(())
        } else {
            Err(Error::Invalid {
                what,
                code,
                problems: self.0,
            })
        }
    }
}

/// A telephone or fax number: digits with `+ - ( )` and spaces, 5 to 20 digits.
fn check_phone(number: &str) -> Result<(), String> {
    // Bytes, not chars: every allowed character is ASCII, so any other byte is refused.
    let allowed = number
        .bytes()
        .all(|b| b.is_ascii_digit() || matches!(b, b' ' | b'+' | b'-' | b'(' | b')'));
    let digits = number.bytes().filter(u8::is_ascii_digit).count();
    if !allowed || !(5..=20).contains(&digits) {
        return Err(format!(
            "`{number}` is not a telephone number (5 to 20 digits, with + - ( ) and spaces)"
        ));
    }
    Ok(())
}

/// An email address: one `@`, a non-empty local part, a dotted domain, no spaces.
fn check_email(email: &str) -> Result<(), String> {
    let at = email.bytes().position(|b| b == b'@');
    let ok = match at.map(|i| (&email[..i], &email[i + 1..])) {
        Some((local, domain)) => {
            !local.is_empty()
                && !domain.bytes().any(|b| b == b'@')
                && domain.bytes().any(|b| b == b'.')
                && !domain.starts_with('.')
                && !domain.ends_with('.')
                && !email.chars().any(char::is_whitespace)
        }
        None => false,
    };
    if ok {
        Ok(())
    } else {
        Err(format!("`{email}` is not an email address"))
    }
}

/// A category code: dot-separated lowercase snake_case segments, e.g. `trading.execution`.
fn check_code(code: &str) -> Result<(), String> {
    if code.is_empty() {
        return Err("is required".to_owned());
    }
    if code.len() > MAX_ID_LEN || !code.as_bytes().split(|b| *b == b'.').all(is_slug_bytes) {
        return Err(format!(
            "`{code}` is not a category code (dot-separated lowercase snake_case segments)"
        ));
    }
    Ok(())
}

/// Empty or only white space. Stops at the first other character, unlike `trim().is_empty()`,
/// and decides on the first byte when it is printable ASCII, as it almost always is.
#[inline]
fn is_blank(s: &str) -> bool {
    match s.as_bytes().first() {
        None => true,
        Some(b) if b.is_ascii_graphic() => false,
        // Lead bytes of the only non-ASCII white space (U+0085, U+00A0, U+1680, U+2000–U+205F,
        // U+3000) and ASCII white space: look closer. Any other lead byte starts a visible character.
        Some(0x00..=0x20 | 0xC2 | 0xE1 | 0xE2 | 0xE3) => s.chars().all(char::is_whitespace),
        Some(_) => false,
    }
}

fn is_slug(s: &str) -> bool {
    is_slug_bytes(s.as_bytes())
}

fn is_slug_bytes(s: &[u8]) -> bool {
    !s.is_empty()
        && s.len() <= MAX_ID_LEN
        && s[0].is_ascii_lowercase()
        && s.iter()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || *b == b'_')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blank_means_only_white_space() {
        assert!(is_blank(""));
        assert!(is_blank(" \t\u{3000}"));
        assert!(!is_blank("S001"));
        assert!(!is_blank(" 张"));
        assert!(!is_blank("张"));
        assert!(is_blank("\u{3000}\u{a0}\u{2028}"));
        assert!(!is_blank("\u{3001}"));
    }

    #[test]
    fn phone_email_and_code_formats() {
        assert!(check_phone("+86 755-8888 8888").is_ok());
        assert!(check_phone("95548").is_ok());
        assert!(check_phone("call me").is_err());
        assert!(check_phone("1234").is_err());
        assert!(check_phone("１３８００１３８０００").is_err());
        assert!(check_email("a@b.cn").is_ok());
        assert!(check_email("a@b").is_err());
        assert!(check_email("a b@c.cn").is_err());
        assert!(check_email("a@b@c.cn").is_err());
        assert!(check_email("张@例子.中国").is_ok());
        assert!(check_code("trading.execution").is_ok());
        assert!(check_code("Trading").is_err());
        assert!(check_code("trading..x").is_err());
    }

    #[test]
    fn a_long_account_is_kept_whole_up_to_the_bound() {
        let complaint = |chars: usize| {
            let text = r#"{"id": "L-1", "channel": "phone", "complainant": {"name": "甲", "contact": {"phone": "13800138000"}},
                "receiver": "S001", "branch": "b", "received_at": "2024-03-01T09:30:00+08:00", "matter": "m",
                "facts": {"account": "ACCOUNT"}, "demand": "d", "category": "service.attitude"}"#;
            Complaint::from_json(&text.replace("ACCOUNT", &"字".repeat(chars)))
        };
        // A real CFPB narrative is 21,928 characters.
        assert_eq!(complaint(21_928).unwrap().facts.account.chars().count(), 21_928);
        assert!(complaint(MAX_TEXT_LEN).is_ok());
        let err = complaint(MAX_TEXT_LEN + 1).unwrap_err();
        assert!(
            err.to_string().contains("facts.account") && err.to_string().contains("is longer than 100000 characters"),
            "{err}"
        );
    }
}
