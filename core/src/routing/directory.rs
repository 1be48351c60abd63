//! The staff directory and assignment: who may handle a routed complaint (R5, R10, R12).
//!
//! Eligible for a decision are the people who hold its handler role, sit in the office the
//! decision points at (the branch complained about or registering it, or head office), in its
//! department when it names one, are available, are not the person complained about (R12 —
//! the same rule [`Case::apply`](crate::Case::apply) enforces on assignment) and have declared
//! no conflict with the complaint. The receiver owns the case until a recorded hand-over (R5),
//! so when the receiver is eligible they come first.

use std::fmt;

use serde::Deserialize;

use super::{Decision, HandlingLevel};
use crate::complaint::Complaint;
use crate::error::{Error, ErrorCode, Result};
use crate::taxonomy::source::{field_span, is_slug, read, str_field, Document, Problems};

const CODE: ErrorCode = ErrorCode::InvalidDirectory;

/// What a person has declared a conflict of interest with.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Conflicts {
    /// Staff ids: complaints about these people (a relative, a direct report).
    #[serde(default)]
    pub persons: Vec<String>,
    /// Securities accounts: complaints by these clients.
    #[serde(default)]
    pub accounts: Vec<String>,
    /// Complaint ids.
    #[serde(default)]
    pub complaints: Vec<String>,
}

/// One member of staff.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Person {
    /// Staff id, as complaints and events name staff (`SZFT002`).
    pub id: String,
    /// Name.
    pub name: String,
    /// Roles held (`operations_supervisor`), as rule sets name them.
    pub roles: Vec<String>,
    /// The branch or head-office department the person works in.
    pub office: String,
    /// Department within the office, if any.
    pub department: Option<String>,
    /// Whether the person can take cases now (not on leave).
    pub available: bool,
    /// Declared conflicts of interest.
    pub conflicts: Conflicts,
}

/// Why someone holding the role may not handle the complaint.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Recusal {
    /// The person complained about (R12).
    ComplainedAbout,
    /// A declared conflict: with the person complained about, the client's account or the case.
    DeclaredConflict(String),
    /// Away (not available).
    Unavailable,
    /// In another office than the one the decision points at.
    OtherOffice,
    /// In another department than the one the decision names.
    OtherDepartment,
}

impl fmt::Display for Recusal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Recusal::ComplainedAbout => f.write_str("is the person complained about and must recuse (R12)"),
            Recusal::DeclaredConflict(what) => write!(f, "declared a conflict with {what}"),
            Recusal::Unavailable => f.write_str("is not available"),
            Recusal::OtherOffice => f.write_str("works in another office"),
            Recusal::OtherDepartment => f.write_str("works in another department"),
        }
    }
}

/// The eligible handlers of a decision.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Assignment<'d> {
    /// The handler role.
    pub role: String,
    /// The office the handlers sit in.
    pub office: String,
    /// The receiver, who owns the case until a recorded hand-over (R5).
    pub owner: String,
    /// Who may handle it: the receiver first when eligible, then in directory order.
    pub handlers: Vec<&'d Person>,
    /// Holders of the role who may not, and why.
    pub recused: Vec<(&'d Person, Recusal)>,
}

impl Assignment<'_> {
    /// Whether the owner must hand the case over (R5): the receiver is not among the handlers.
    pub fn hand_over_needed(&self) -> bool {
        self.handlers.first().is_none_or(|p| p.id != self.owner)
    }
}

/// A staff directory. Immutable once loaded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Directory {
    id: String,
    version: u32,
    head_office: String,
    people: Vec<Person>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawHeader {
    id: String,
    version: u32,
    head_office: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPerson {
    id: String,
    name: String,
    roles: Vec<String>,
    office: String,
    department: Option<String>,
    #[serde(default = "yes")]
    available: bool,
    #[serde(default)]
    conflicts: Conflicts,
}

fn yes() -> bool {
    true
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawJson {
    directory: RawHeader,
    #[serde(default)]
    person: Vec<RawPerson>,
}

impl Directory {
    /// Reads a directory from TOML: `[directory]` (id, version, head_office) and one
    /// `[[person]]` per member of staff (id, name, roles, office, department, available,
    /// conflicts = { persons, accounts, complaints }).
    ///
    /// # Errors
    /// [`Error::RoutingData`] with [`ErrorCode::InvalidDirectory`] problems, each naming the
    /// person and line: syntax, wrong types, unknown fields, a missing, malformed or repeated
    /// id, no role, an empty office.
    pub fn from_toml(text: &str) -> Result<Directory> {
        let mut p = Problems::new(text);
        let mut header = None;
        let mut people = Vec::new();
        let mut spans = Vec::new();
        let mut complete = false;
        if let Some(doc) = Document::parse(text, CODE, &mut p) {
            doc.only_keys(&["directory", "person"], CODE, &mut p);
            header = match doc.get("directory") {
                Some(v) => read::<RawHeader>(v, CODE, None, "directory", &mut p),
                None => {
                    p.push(CODE, None, "directory", None, "missing field `directory`");
                    None
                }
            };
            let items = doc.items("person", CODE, &mut p);
            for (i, item) in items.iter().enumerate() {
                if let Some(raw) = read::<RawPerson>(item, CODE, str_field(item, "id"), &format!("person[{i}]"), &mut p)
                {
                    people.push(raw);
                    spans.push(Some(field_span(item, "id")));
                }
            }
            complete = people.len() == items.len();
        }
        finish(p, header, people, spans, complete)
    }

    /// Reads a directory from JSON: `{"directory": {...}, "person": [{...}, ...]}`, the TOML
    /// schema. Problems name the line and column of the text.
    ///
    /// # Errors
    /// As [`from_toml`](Self::from_toml).
    pub fn from_json(text: &str) -> Result<Directory> {
        let mut p = Problems::new(text);
        match serde_json::from_str::<RawJson>(text) {
            Ok(raw) => {
                let n = raw.person.len();
                finish(p, Some(raw.directory), raw.person, vec![None; n], true)
            }
            Err(err) => {
                let message = err.to_string();
                let bare = message.rfind(" at line ").map_or(message.as_str(), |i| &message[..i]);
                p.list.push(crate::error::RoutingProblem {
                    code: CODE,
                    subject: None,
                    path: String::new(),
                    line: u32::try_from(err.line()).ok(),
                    column: u32::try_from(err.column()).ok(),
                    problem: bare.to_owned(),
                });
                Err(p.into_error("staff directory", "?", None))
            }
        }
    }

    /// The id.
    pub fn id(&self) -> &str {
        &self.id
    }
    /// The version.
    pub fn version(&self) -> u32 {
        self.version
    }
    /// The name of the head office, where head-office roles sit.
    pub fn head_office(&self) -> &str {
        &self.head_office
    }
    /// Everybody, in file order.
    pub fn people(&self) -> &[Person] {
        &self.people
    }
    /// A person by staff id.
    pub fn person(&self, id: &str) -> Option<&Person> {
        self.people.iter().find(|p| p.id == id)
    }

    /// The eligible handlers of a routing decision for `complaint`.
    ///
    /// The decision's handler role and department are taken as decided; the office is head
    /// office for the `head_office` level, else the branch complained about
    /// (`respondent.branch`) or, failing that, the registering branch. Without a level, the
    /// role's own level in the rule set decides.
    ///
    /// # Errors
    /// [`ErrorCode::NoEligibleHandler`] when the decision names no handler or nobody is
    /// eligible; `next_level` names the role the rule set escalates to next, if any.
    pub fn assign<'d>(&'d self, complaint: &Complaint, decision: &Decision<'_>) -> Result<Assignment<'d>> {
        let set = decision.rule_set();
        let Some(role) = decision.handler() else {
            return Err(no_one(complaint, None, "the decision names no handler role".to_owned()));
        };
        let level = decision
            .level()
            .or_else(|| set.role(role).map(|r| r.level))
            .unwrap_or(HandlingLevel::Branch);
        let office = match level {
            HandlingLevel::HeadOffice => self.head_office.as_str(),
            HandlingLevel::Branch => complaint
                .respondent
                .branch
                .as_deref()
                .filter(|b| !b.trim().is_empty())
                .unwrap_or(&complaint.branch),
        };
        let a = self.eligible(complaint, role, office, decision.department());
        if a.handlers.is_empty() {
            let next = set.role(role).and_then(|r| r.escalates_to.clone());
            let why: Vec<String> = a.recused.iter().map(|(p, r)| format!("{} {r}", p.id)).collect();
            let detail = format!(
                "nobody may handle it as `{role}` at {office}{}{}",
                if why.is_empty() {
                    ": nobody holds the role there".to_owned()
                } else {
                    format!(": {}", why.join("; "))
                },
                next.as_deref()
                    .map(|n| format!("; escalate to `{n}`"))
                    .unwrap_or_default()
            );
            return Err(no_one(complaint, next, detail));
        }
        Ok(a)
    }

    /// The eligible holders of `role` in `office` (and `department`, when given) for
    /// `complaint`, the receiver first; and the holders who may not, with why.
    pub fn eligible<'d>(
        &'d self,
        complaint: &Complaint,
        role: &str,
        office: &str,
        department: Option<&str>,
    ) -> Assignment<'d> {
        let mut handlers = Vec::new();
        let mut recused = Vec::new();
        for person in self.people.iter().filter(|p| p.roles.iter().any(|r| r == role)) {
            match recusal(person, complaint, office, department) {
                Some(why) => recused.push((person, why)),
                None => handlers.push(person),
            }
        }
        // R5: the receiver owns the case; when eligible, they keep it.
        if let Some(pos) = handlers.iter().position(|p| p.id == complaint.receiver) {
            let receiver = handlers.remove(pos);
            handlers.insert(0, receiver);
        }
        Assignment {
            role: role.to_owned(),
            office: office.to_owned(),
            owner: complaint.receiver.clone(),
            handlers,
            recused,
        }
    }
}

/// Why `person` may not handle `complaint`, if they may not.
fn recusal(person: &Person, complaint: &Complaint, office: &str, department: Option<&str>) -> Option<Recusal> {
    let about = complaint.respondent.person.as_deref();
    if about == Some(person.id.as_str()) {
        return Some(Recusal::ComplainedAbout);
    }
    let c = &person.conflicts;
    if let Some(x) = about.filter(|x| c.persons.iter().any(|p| p == x)) {
        return Some(Recusal::DeclaredConflict(format!("`{x}`, the person complained about")));
    }
    if let Some(acct) = complaint
        .complainant
        .securities_account
        .as_deref()
        .filter(|a| c.accounts.iter().any(|x| x == a))
    {
        return Some(Recusal::DeclaredConflict(format!("the client's account {acct}")));
    }
    if c.complaints.contains(&complaint.id) {
        return Some(Recusal::DeclaredConflict(format!("the case {}", complaint.id)));
    }
    if person.office != office {
        return Some(Recusal::OtherOffice);
    }
    if department.is_some_and(|d| person.department.as_deref() != Some(d)) {
        return Some(Recusal::OtherDepartment);
    }
    if !person.available {
        return Some(Recusal::Unavailable);
    }
    None
}

fn no_one(complaint: &Complaint, next_level: Option<String>, detail: String) -> Error {
    Error::Routing {
        code: ErrorCode::NoEligibleHandler,
        complaint: complaint.id.clone(),
        next_level,
        detail,
    }
}

/// Checks the people read and builds the directory, or reports every problem.
fn finish(
    mut p: Problems<'_>,
    header: Option<RawHeader>,
    raws: Vec<RawPerson>,
    spans: Vec<Option<std::ops::Range<usize>>>,
    complete: bool,
) -> Result<Directory> {
    if let Some(h) = &header {
        if h.id.trim().is_empty() {
            p.push(CODE, None, "directory.id", None, "the directory id is empty");
        }
        if h.head_office.trim().is_empty() {
            p.push(CODE, None, "directory.head_office", None, "the head office is empty");
        }
    }
    for (i, (raw, span)) in raws.iter().zip(&spans).enumerate() {
        let id = raw.id.as_str();
        let path = format!("person[{i}]");
        let ok_id = !id.is_empty() && id.len() <= 64 && id.bytes().all(|b| b.is_ascii_graphic());
        if !ok_id {
            p.push(
                CODE,
                Some(id),
                format!("{path}.id"),
                span.clone(),
                format!("staff id {id:?} is not 1 to 64 printable ASCII characters"),
            );
        } else if raws[..i].iter().any(|r| r.id == raw.id) {
            p.push(
                CODE,
                Some(id),
                format!("{path}.id"),
                span.clone(),
                format!("staff id `{id}` is listed twice"),
            );
        }
        if raw.roles.is_empty() {
            p.push(CODE, Some(id), format!("{path}.roles"), span.clone(), "holds no role");
        }
        for (j, role) in raw.roles.iter().enumerate() {
            if !is_slug(role) {
                p.push(
                    CODE,
                    Some(id),
                    format!("{path}.roles[{j}]"),
                    span.clone(),
                    format!("role `{role}` is not lowercase snake_case"),
                );
            }
        }
        if raw.office.trim().is_empty() {
            p.push(
                CODE,
                Some(id),
                format!("{path}.office"),
                span.clone(),
                "the office is empty",
            );
        }
    }
    let id = header.as_ref().map(|h| h.id.clone()).unwrap_or_default();
    match header {
        Some(h) if p.is_empty() && complete => Ok(Directory {
            id: h.id,
            version: h.version,
            head_office: h.head_office,
            people: raws
                .into_iter()
                .map(|r| Person {
                    id: r.id,
                    name: r.name,
                    roles: r.roles,
                    office: r.office,
                    department: r.department,
                    available: r.available,
                    conflicts: r.conflicts,
                })
                .collect(),
        }),
        _ => Err(p.into_error("staff directory", &id, None)),
    }
}
