//! Category taxonomies (R8): hierarchical dotted codes with Chinese and English labels and the
//! codes other regulators' reports use.
//!
//! A [`Taxonomy`] is data (TOML, format in `core/data/taxonomy/README.md`); the default one for
//! securities brokerages ships with tousu ([`Taxonomy::default_securities`]). Codes are dotted
//! lowercase snake_case (`fees.commission`), the same format a [`Complaint`](crate::Complaint)'s
//! `category` has; a code's parent is the code without its last segment and must exist.
//!
//! Categories are numbered in pre-order (a depth-first walk, children in file order), so a
//! category's subtree is an interval of numbers: [`Taxonomy::is_within`] is two comparisons.
//! Routing asks "is the complaint's category in this subtree" for every rule.
//!
//! ```
//! use tousu::Taxonomy;
//!
//! let t = Taxonomy::default_securities();
//! let commission = t.find("fees.commission").unwrap();
//! let fees = t.find("fees").unwrap();
//! assert!(t.is_within(commission, fees));
//! assert_eq!(t.category(fees).label_zh(), Some("交易费用与佣金"));
//! ```

pub(crate) mod source;

use std::collections::HashMap;
use std::fmt;
use std::hash::{BuildHasherDefault, Hasher};

use serde::{Deserialize, Serialize};

use crate::error::{Error, ErrorCode, Result};
use source::{field_span, read, str_field, Document, Problems};

/// The default securities-brokerage taxonomy's file, as errors name it.
const DEFAULT_FILE: &str = "core/data/taxonomy/cn-securities.toml";
const DEFAULT_TEXT: &str = include_str!("../../data/taxonomy/cn-securities.toml");

/// A category's number in its taxonomy: its position in pre-order. Copy, 4 bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct CategoryId(pub(crate) u32);

impl CategoryId {
    /// The position in pre-order (0 is the first root).
    pub fn index(self) -> usize {
        self.0 as usize
    }
}

/// Codes of the same matter in other regulators' complaint reports.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExternalCodes {
    /// FINRA Rule 4530 product code (`01` equity-listed, `09` mutual funds, …).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub finra_product: Option<String>,
    /// FINRA Rule 4530 problem code.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub finra_problem: Option<String>,
    /// CFPB complaint product.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cfpb_product: Option<String>,
    /// CFPB complaint issue.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cfpb_issue: Option<String>,
}

impl ExternalCodes {
    /// These codes, each missing one taken from `parent`.
    fn or(&self, parent: &ExternalCodes) -> ExternalCodes {
        ExternalCodes {
            finra_product: self.finra_product.clone().or_else(|| parent.finra_product.clone()),
            finra_problem: self.finra_problem.clone().or_else(|| parent.finra_problem.clone()),
            cfpb_product: self.cfpb_product.clone().or_else(|| parent.cfpb_product.clone()),
            cfpb_issue: self.cfpb_issue.clone().or_else(|| parent.cfpb_issue.clone()),
        }
    }
}

/// One category of a taxonomy.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Category {
    code: String,
    label: String,
    label_zh: Option<String>,
    requirement: Option<String>,
    external: ExternalCodes,
    parent: Option<CategoryId>,
    depth: u32,
    /// One past the last category of the subtree, in pre-order.
    end: u32,
    line: Option<u32>,
}

impl Category {
    /// The dotted code (`fees.commission`).
    pub fn code(&self) -> &str {
        &self.code
    }
    /// The English label.
    pub fn label(&self) -> &str {
        &self.label
    }
    /// The Chinese label; `None` in a taxonomy written without them (a US or UK firm's).
    pub fn label_zh(&self) -> Option<&str> {
        self.label_zh.as_deref()
    }
    /// The REQUIREMENTS.md id or source it comes from, when the data gives one.
    pub fn requirement(&self) -> Option<&str> {
        self.requirement.as_deref()
    }
    /// The external codes given on this category itself (see [`Taxonomy::external_codes`] for
    /// the codes inherited from its ancestors).
    pub fn external(&self) -> &ExternalCodes {
        &self.external
    }
    /// The parent category, `None` for a root.
    pub fn parent(&self) -> Option<CategoryId> {
        self.parent
    }
    /// 0 for a root, 1 for its children, …
    pub fn depth(&self) -> u32 {
        self.depth
    }
    /// The line of the category in the TOML text it came from.
    pub fn line(&self) -> Option<u32> {
        self.line
    }
}

/// A versioned category taxonomy. Immutable once loaded; cheap to share.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Taxonomy {
    id: String,
    version: u32,
    name: String,
    name_zh: Option<String>,
    source: Option<String>,
    /// In pre-order.
    categories: Vec<Category>,
    index: HashMap<String, u32, BuildHasherDefault<Fnv>>,
}

impl Taxonomy {
    /// The default securities-brokerage taxonomy (`core/data/taxonomy/cn-securities.toml`):
    /// R8's list, what a brokerage meets daily, and every code of the bundled sample.
    pub fn default_securities() -> Taxonomy {
        // The shipped file is tested to load; a failure here is a build defect, not bad input.
        Taxonomy::from_toml_named(DEFAULT_TEXT, Some(DEFAULT_FILE)).expect("the default taxonomy loads")
    }

    /// Reads a taxonomy from TOML text (the format of `core/data/taxonomy/README.md`).
    ///
    /// # Errors
    /// [`Error::RoutingData`] with every problem, each naming the category and its line:
    /// [`ErrorCode::TaxonomySyntax`] for TOML syntax, wrong types, missing or unknown fields;
    /// [`ErrorCode::InvalidTaxonomy`] for malformed or repeated codes, missing parents, empty
    /// labels, an empty id.
    pub fn from_toml(text: &str) -> Result<Taxonomy> {
        Self::from_toml_named(text, None)
    }

    /// [`from_toml`](Self::from_toml), naming `file` in any error.
    pub fn from_toml_named(text: &str, file: Option<&str>) -> Result<Taxonomy> {
        let mut p = Problems::new(text);
        let built = load(text, &mut p);
        match built {
            Some(t) if p.is_empty() => Ok(t),
            other => {
                let id = other.map(|t| t.id).or_else(|| probe_id(text)).unwrap_or_default();
                Err(p.into_error("taxonomy", &id, file))
            }
        }
    }

    /// The id (`cn.securities`).
    pub fn id(&self) -> &str {
        &self.id
    }
    /// The version; bump it on every change.
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
    /// Where the categories come from.
    pub fn source(&self) -> Option<&str> {
        self.source.as_deref()
    }
    /// The number of categories.
    pub fn len(&self) -> usize {
        self.categories.len()
    }
    /// Whether it has no category (never true of a loaded taxonomy).
    pub fn is_empty(&self) -> bool {
        self.categories.is_empty()
    }
    /// Every category, in pre-order: each parent before its subtree.
    pub fn categories(&self) -> impl Iterator<Item = (CategoryId, &Category)> {
        self.categories
            .iter()
            .enumerate()
            .map(|(i, c)| (CategoryId(i as u32), c))
    }

    /// The category with this code.
    pub fn find(&self, code: &str) -> Option<CategoryId> {
        self.index.get(code).map(|&i| CategoryId(i))
    }

    /// The category with this code, or [`ErrorCode::UnknownCategory`] naming it.
    ///
    /// # Errors
    /// [`Error::Routing`] with [`ErrorCode::UnknownCategory`] when the code is not in the taxonomy.
    pub fn require(&self, complaint: &str, code: &str) -> Result<CategoryId> {
        self.find(code).ok_or_else(|| Error::Routing {
            code: ErrorCode::UnknownCategory,
            complaint: complaint.to_owned(),
            next_level: None,
            detail: format!(
                "category `{code}` is not in taxonomy {} version {}",
                self.id, self.version
            ),
        })
    }

    /// The category of an id (which must come from this taxonomy).
    pub fn category(&self, id: CategoryId) -> &Category {
        &self.categories[id.index()]
    }

    /// Whether `category` is `ancestor` or lies in its subtree. O(1).
    #[inline]
    pub fn is_within(&self, category: CategoryId, ancestor: CategoryId) -> bool {
        category.0 >= ancestor.0 && category.0 < self.categories[ancestor.index()].end
    }

    /// The categories of a subtree as an interval of ids: `ancestor` and everything below it.
    pub fn subtree(&self, ancestor: CategoryId) -> std::ops::Range<u32> {
        ancestor.0..self.categories[ancestor.index()].end
    }

    /// The path from the root to `id`, root first.
    pub fn path(&self, id: CategoryId) -> Vec<CategoryId> {
        let mut out = vec![id];
        let mut at = id;
        while let Some(parent) = self.category(at).parent {
            out.push(parent);
            at = parent;
        }
        out.reverse();
        out
    }

    /// The external codes of a category, each missing one inherited from the nearest ancestor
    /// that has it: one complaint feeds several regulators' reports.
    pub fn external_codes(&self, id: CategoryId) -> ExternalCodes {
        self.path(id)
            .into_iter()
            .fold(ExternalCodes::default(), |acc, c| self.category(c).external.or(&acc))
    }
}

/// A word-at-a-time multiplicative hash (FxHash's): codes are short and the table is the
/// taxonomy's own data, fixed once loaded, so a fast hash without flooding defence is the right
/// trade. SipHash was a fifth of the time of routing a complaint.
#[derive(Default)]
struct Fnv(u64);

impl Hasher for Fnv {
    #[inline]
    fn write(&mut self, bytes: &[u8]) {
        const K: u64 = 0x517c_c1b7_2722_0a95;
        let mut h = self.0;
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            let word = u64::from_le_bytes([c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7]]);
            h = (h.rotate_left(5) ^ word).wrapping_mul(K);
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut last = [0u8; 8];
            last[..rest.len()].copy_from_slice(rest);
            h = (h.rotate_left(5) ^ u64::from_le_bytes(last)).wrapping_mul(K);
        }
        self.0 = h;
    }
    #[inline]
    fn write_u8(&mut self, b: u8) {
        self.0 = (self.0.rotate_left(5) ^ u64::from(b)).wrapping_mul(0x517c_c1b7_2722_0a95);
    }
    #[inline]
    fn finish(&self) -> u64 {
        self.0
    }
}

impl fmt::Display for Taxonomy {
    /// `cn.securities v1 (41 categories)`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} v{} ({} categories)",
            self.id,
            self.version,
            self.categories.len()
        )
    }
}

// ---------------------------------------------------------------------------------------------
// Loading.

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawHeader {
    id: String,
    version: u32,
    name: String,
    name_zh: Option<String>,
    source: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCategory {
    code: String,
    label: String,
    label_zh: Option<String>,
    requirement: Option<String>,
    #[serde(default)]
    external: ExternalCodes,
}

fn probe_id(text: &str) -> Option<String> {
    let mut scratch = Problems::new(text);
    let doc = Document::parse(text, ErrorCode::TaxonomySyntax, &mut scratch)?;
    str_field(doc.get("taxonomy")?, "id").map(str::to_owned)
}

fn load(text: &str, p: &mut Problems<'_>) -> Option<Taxonomy> {
    const SYNTAX: ErrorCode = ErrorCode::TaxonomySyntax;
    const INVALID: ErrorCode = ErrorCode::InvalidTaxonomy;
    let doc = Document::parse(text, SYNTAX, p)?;
    doc.only_keys(&["taxonomy", "category"], SYNTAX, p);
    let header: Option<RawHeader> = match doc.get("taxonomy") {
        Some(v) => read(v, SYNTAX, None, "taxonomy", p),
        None => {
            p.push(SYNTAX, None, "taxonomy", None, "missing field `taxonomy`");
            None
        }
    };
    if let (Some(h), Some(v)) = (&header, doc.get("taxonomy")) {
        if h.id.trim().is_empty() {
            p.push(INVALID, None, "taxonomy.id", Some(v.span()), "the taxonomy id is empty");
        }
        if h.name.trim().is_empty() {
            p.push(
                INVALID,
                None,
                "taxonomy.name",
                Some(v.span()),
                "the taxonomy name is empty",
            );
        }
    }
    let items = doc.items("category", SYNTAX, p);
    if items.is_empty() && doc.get("category").is_none() {
        p.push(INVALID, None, "category", None, "the taxonomy has no category");
    }
    // Read every category, then check codes against each other.
    let mut raws: Vec<(RawCategory, std::ops::Range<usize>)> = Vec::with_capacity(items.len());
    for (i, item) in items.iter().enumerate() {
        let code = str_field(item, "code");
        if let Some(raw) = read::<RawCategory>(item, SYNTAX, code, &format!("category[{i}]"), p) {
            raws.push((raw, field_span(item, "code")));
        }
    }
    let mut index: HashMap<String, u32> = HashMap::with_capacity(raws.len()); // file positions
    for (i, (raw, span)) in raws.iter().enumerate() {
        let c = raw.code.as_str();
        let path = format!("category[{i}]");
        if !source::is_code(c) {
            p.push(
                INVALID,
                Some(c),
                format!("{path}.code"),
                Some(span.clone()),
                format!("`{c}` is not a category code (dot-separated lowercase snake_case segments, at most 64 bytes)"),
            );
        } else if index.insert(c.to_owned(), i as u32).is_some() {
            p.push(
                INVALID,
                Some(c),
                format!("{path}.code"),
                Some(span.clone()),
                format!("category `{c}` is defined twice"),
            );
        }
        // The Chinese label may be left out, not left blank.
        for (field, value) in [("label", Some(&raw.label)), ("label_zh", raw.label_zh.as_ref())] {
            if value.is_some_and(|v| v.trim().is_empty()) {
                p.push(
                    INVALID,
                    Some(c),
                    format!("{path}.{field}"),
                    Some(span.clone()),
                    format!("{field} is empty"),
                );
            }
        }
    }
    // Parents, by file position.
    let mut parent_of: Vec<Option<usize>> = vec![None; raws.len()];
    for (i, (raw, span)) in raws.iter().enumerate() {
        if let Some((parent, _)) = raw.code.rsplit_once('.') {
            match index.get(parent) {
                Some(&j) => parent_of[i] = Some(j as usize),
                None if source::is_code(&raw.code) => p.push(
                    INVALID,
                    Some(&raw.code),
                    format!("category[{i}].code"),
                    Some(span.clone()),
                    format!("the parent `{parent}` of `{}` is not a category", raw.code),
                ),
                None => {}
            }
        }
    }
    let header = header?;
    if !p.is_empty() || raws.len() != items.len() {
        return None;
    }

    // Pre-order: roots in file order, each followed by its subtree (children in file order).
    let mut children: Vec<Vec<usize>> = vec![Vec::new(); raws.len()];
    let mut roots = Vec::new();
    for (i, parent) in parent_of.iter().enumerate() {
        match parent {
            Some(j) => children[*j].push(i),
            None => roots.push(i),
        }
    }
    let mut order: Vec<usize> = Vec::with_capacity(raws.len());
    let mut stack: Vec<usize> = roots.into_iter().rev().collect();
    while let Some(i) = stack.pop() {
        order.push(i);
        stack.extend(children[i].iter().rev());
    }
    let mut position = vec![0u32; raws.len()];
    for (pos, &i) in order.iter().enumerate() {
        position[i] = pos as u32;
    }
    let mut raws: Vec<Option<(RawCategory, std::ops::Range<usize>)>> = raws.into_iter().map(Some).collect();
    let mut categories: Vec<Category> = Vec::with_capacity(order.len());
    for &i in &order {
        let (raw, span) = raws[i].take()?;
        let parent = parent_of[i].map(|j| CategoryId(position[j]));
        let depth = parent.map_or(0, |p| categories[p.index()].depth + 1);
        categories.push(Category {
            line: Some(crate::calendar::load::line_column(text, span.start).0),
            code: raw.code,
            label: raw.label,
            label_zh: raw.label_zh,
            requirement: raw.requirement,
            external: raw.external,
            parent,
            depth,
            end: 0,
        });
    }
    // A subtree ends where the next category of the same or a lower depth begins.
    let n = categories.len() as u32;
    let mut open: Vec<usize> = Vec::new();
    for pos in 0..categories.len() {
        let depth = categories[pos].depth;
        while let Some(&top) = open.last() {
            if categories[top].depth >= depth {
                categories[top].end = pos as u32;
                open.pop();
            } else {
                break;
            }
        }
        open.push(pos);
    }
    for top in open {
        categories[top].end = n;
    }
    let index = categories
        .iter()
        .enumerate()
        .map(|(i, c)| (c.code.clone(), i as u32))
        .collect();
    Some(Taxonomy {
        id: header.id,
        version: header.version,
        name: header.name,
        name_zh: header.name_zh,
        source: header.source,
        categories,
        index,
    })
}

#[cfg(test)]
mod tests;
