//! `tousu.Taxonomy`, `tousu.RuleSet`, `tousu.Decision`, `tousu.Directory` and
//! `tousu.Assignment`: category taxonomies, routing rule sets, their decisions and assignment,
//! all decided by core (`Taxonomy`, `RuleSet::route`, `Decision::explain`, `Directory::assign`).
//!
//! A `Decision` keeps the rule set (shared) and the rules that matched ([`MatchedRules`]); core
//! gives the decision back from them on each question. `RuleSet.route_many` routes with the GIL
//! released; over a pandas frame it routes from numpy columns (`routing_frame.rs`).

use std::sync::Arc;

use chrono::NaiveDate;
use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::types::{PyDate, PyDict, PyFrozenSet, PyList, PyString, PyTuple};
use tousu::{
    Assignment, Attribute, Attributes, Directory, ErrorCode, MatchedRules, Recusal, RoutingContext, RuleSet, Taxonomy,
};

use crate::complaint::PyComplaint;
use crate::convert::{self, class_arg, str_arg, type_name};
use crate::errors::{binding_error, guarded, CoreResult};
use crate::pickle::{self, Source};
use crate::routing_frame;

/// A category taxonomy: hierarchical dotted codes (``fees.commission`` lies within ``fees``)
/// with English and Chinese labels and the codes other regulators' reports use (FINRA Rule
/// 4530, CFPB), versioned.
///
/// >>> import tousu
/// >>> t = tousu.Taxonomy.default()
/// >>> t.id, "fees.commission" in t, t.is_within("fees.commission", "fees")
/// ('cn.securities', True, True)
/// >>> t.category("fees")["label_zh"]
/// '交易费用与佣金'
#[pyclass(module = "tousu._tousu", name = "Taxonomy", frozen, eq)]
#[derive(Clone)]
pub(crate) struct PyTaxonomy {
    pub(crate) inner: Arc<Taxonomy>,
    /// The default, or the text it was read from, for pickling.
    source: Arc<Source>,
}

/// Taxonomies are equal when core's are: where they were read from does not matter.
impl PartialEq for PyTaxonomy {
    fn eq(&self, other: &Self) -> bool {
        self.inner == other.inner
    }
}

#[pymethods]
impl PyTaxonomy {
    /// The default securities-brokerage taxonomy shipped with tousu (``cn.securities``).
    #[staticmethod]
    fn default() -> Self {
        PyTaxonomy {
            inner: Arc::new(Taxonomy::default_securities()),
            source: Arc::new(Source::Builtin(String::new())),
        }
    }

    /// Reads a taxonomy from TOML text; raises ``RoutingError`` whose ``.problems`` lists every
    /// problem with its category code, path, line and column. ``file`` names the text in the
    /// message and in ``.file``.
    #[staticmethod]
    #[pyo3(signature = (text, *, file = None))]
    fn from_toml(py: Python<'_>, text: &Bound<'_, PyAny>, file: Option<&Bound<'_, PyAny>>) -> PyResult<Self> {
        let text = str_arg(py, text, "Taxonomy.from_toml() argument 'text'")?;
        let file = convert::file_arg(py, file, "Taxonomy.from_toml()")?;
        let inner = py
            .detach(|| guarded("Taxonomy.from_toml", || Taxonomy::from_toml_named(text, file)))
            .py_err(py)?;
        Ok(PyTaxonomy {
            inner: Arc::new(inner),
            source: Arc::new(Source::toml(text, file)),
        })
    }

    /// The id (``"cn.securities"``).
    #[getter]
    fn id(&self) -> &str {
        self.inner.id()
    }

    /// The version.
    #[getter]
    fn version(&self) -> u32 {
        self.inner.version()
    }

    /// The English name.
    #[getter]
    fn name(&self) -> &str {
        self.inner.name()
    }

    /// Every category code, each parent before its subtree (a new list each time).
    #[getter]
    fn codes(&self) -> Vec<String> {
        self.inner.categories().map(|(_, c)| c.code().to_owned()).collect()
    }

    /// The category of ``code`` as a dict: ``code``, ``label``, ``label_zh`` (``None`` in a
    /// taxonomy written without Chinese labels), ``parent`` (its
    /// code or ``None``), ``depth``, ``requirement``, and ``external`` — the FINRA and CFPB
    /// codes, each missing one inherited from the nearest ancestor that has it. An unknown
    /// code raises ``RoutingError`` (``TOUSU_STATUS_UNKNOWN_CATEGORY``).
    fn category<'py>(&self, py: Python<'py>, code: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyAny>> {
        let code = str_arg(py, code, "Taxonomy.category() argument 'code'")?;
        let id = self.require(py, code)?;
        let t = &self.inner;
        let c = t.category(id);
        let json = serde_json::json!({
            "code": c.code(),
            "label": c.label(),
            "label_zh": c.label_zh(),
            "parent": c.parent().map(|p| t.category(p).code()),
            "depth": c.depth(),
            "requirement": c.requirement(),
            "external": t.external_codes(id),
        });
        convert::from_json(py, &json.to_string())
    }

    /// Whether ``code`` is ``ancestor`` or lies in its subtree; an unknown code raises
    /// ``RoutingError`` (``TOUSU_STATUS_UNKNOWN_CATEGORY``).
    fn is_within(&self, py: Python<'_>, code: &Bound<'_, PyAny>, ancestor: &Bound<'_, PyAny>) -> PyResult<bool> {
        let code = str_arg(py, code, "Taxonomy.is_within() argument 'code'")?;
        let ancestor = str_arg(py, ancestor, "Taxonomy.is_within() argument 'ancestor'")?;
        Ok(self
            .inner
            .is_within(self.require(py, code)?, self.require(py, ancestor)?))
    }

    fn __contains__(&self, code: &Bound<'_, PyAny>) -> bool {
        code.cast::<PyString>()
            .ok()
            .and_then(|s| s.to_str().ok().map(|s| self.inner.find(s).is_some()))
            .unwrap_or(false)
    }

    fn __len__(&self) -> usize {
        self.inner.len()
    }

    fn __repr__(&self) -> String {
        format!(
            "<Taxonomy '{}' version={} categories={}>",
            self.inner.id(),
            self.inner.version(),
            self.inner.len()
        )
    }

    /// Pickles as ``Taxonomy.default()``, or as ``Taxonomy.from_toml`` of the text it was read
    /// from (``file`` included).
    fn __reduce__<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyTuple>> {
        self.source.reduce::<PyTaxonomy>(py, "default", &[])
    }

    /// Immutable: a copy is the object itself.
    fn __copy__<'py>(slf: &Bound<'py, Self>) -> Bound<'py, Self> {
        slf.clone()
    }

    /// Immutable: a deep copy is the object itself.
    fn __deepcopy__<'py>(slf: &Bound<'py, Self>, _memo: &Bound<'py, PyAny>) -> Bound<'py, Self> {
        slf.clone()
    }
}

impl PyTaxonomy {
    fn require(&self, py: Python<'_>, code: &str) -> PyResult<tousu::CategoryId> {
        self.inner.require("-", code).py_err(py)
    }
}

/// A routing rule set, compiled: a brokerage's complaint procedure as data. Immutable and
/// shareable across threads.
///
/// Load the seed's procedure with :meth:`default` or a rule set file with :meth:`from_toml`; a
/// bad file raises ``RoutingError`` whose ``.problems`` name the rule, path, line and column of
/// every problem. :meth:`route` decides one complaint, :meth:`route_many` a list of them or a
/// pandas frame.
///
/// >>> import tousu
/// >>> rules = tousu.RuleSet.default()
/// >>> rules
/// <RuleSet 'cn.seed' version=1 collect_all rules=10>
/// >>> complaint = tousu.Complaint.from_dict({
/// ...     "id": "SZ-2024-0042", "channel": "phone",
/// ...     "complainant": {"name": "李四", "contact": {"phone": "13800138000"}},
/// ...     "receiver": "S001", "branch": "深圳福田营业部",
/// ...     "received_at": "2024-03-01T09:30:00+08:00", "severity": "major",
/// ...     "matter": "佣金收取异常", "facts": {"account": "二月佣金高于约定费率"},
/// ...     "demand": "退还多收佣金", "category": "fees.commission",
/// ... })
/// >>> decision = rules.route(complaint)
/// >>> decision.handler, decision.level, decision.policy, sorted(decision.obligations)
/// ('branch_general_manager', 'branch', 'cn.branch', ['progress_updates', 'written_reply'])
/// >>> decision.matched
/// ('major_or_compensation', 'branch_operations_supervisor')
#[pyclass(module = "tousu._tousu", name = "RuleSet", frozen, eq)]
#[derive(Clone)]
pub(crate) struct PyRuleSet {
    pub(crate) inner: Arc<RuleSet>,
    /// The default procedure, or the text it was read from, for pickling.
    source: Arc<Source>,
    /// The taxonomy given to `from_toml` (`None`: the default).
    taxonomy: Option<PyTaxonomy>,
}

impl PartialEq for PyRuleSet {
    fn eq(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.inner, &other.inner)
    }
}

#[pymethods]
impl PyRuleSet {
    /// The seed's procedure (``cn.seed``, ``core/data/rules/cn-seed.toml``) on the default
    /// taxonomy.
    #[staticmethod]
    fn default() -> Self {
        PyRuleSet {
            inner: Arc::new(RuleSet::default_procedure()),
            source: Arc::new(Source::Builtin(String::new())),
            taxonomy: None,
        }
    }

    /// The same as :meth:`default`.
    #[staticmethod]
    fn default_procedure() -> Self {
        Self::default()
    }

    /// Reads and compiles a rule set from TOML text, its categories checked against
    /// ``taxonomy`` (the default taxonomy when ``None``). Raises ``RoutingError`` whose
    /// ``.problems`` lists every problem (a tuple of ``RoutingProblem``: code, rule id, path,
    /// line, column); ``file`` names the text in the message and in ``.file``.
    #[staticmethod]
    #[pyo3(signature = (text, *, taxonomy = None, file = None))]
    fn from_toml(
        py: Python<'_>,
        text: &Bound<'_, PyAny>,
        taxonomy: Option<&Bound<'_, PyAny>>,
        file: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Self> {
        let text = str_arg(py, text, "RuleSet.from_toml() argument 'text'")?;
        let file = convert::file_arg(py, file, "RuleSet.from_toml()")?;
        let given = taxonomy
            .map(|t| {
                class_arg::<PyTaxonomy>(t, "RuleSet.from_toml() argument 'taxonomy'", "tousu.Taxonomy")
                    .map(|t| t.get().clone())
            })
            .transpose()?;
        let taxonomy = match &given {
            Some(t) => Arc::clone(&t.inner),
            None => Arc::new(Taxonomy::default_securities()),
        };
        let inner = py
            .detach(|| guarded("RuleSet.from_toml", || RuleSet::from_toml_named(text, file, &taxonomy)))
            .py_err(py)?;
        Ok(PyRuleSet {
            inner: Arc::new(inner),
            source: Arc::new(Source::toml(text, file)),
            taxonomy: given,
        })
    }

    /// The id (``"cn.seed"``).
    #[getter]
    fn id(&self) -> &str {
        self.inner.id()
    }

    /// The version.
    #[getter]
    fn version(&self) -> u32 {
        self.inner.version()
    }

    /// The English name.
    #[getter]
    fn name(&self) -> &str {
        self.inner.name()
    }

    /// ``"first_match"`` or ``"collect_all"``.
    #[getter]
    fn hit_policy(&self) -> &'static str {
        self.inner.hit_policy().name()
    }

    /// The currency of the amount tests (``"CNY"``).
    #[getter]
    fn currency(&self) -> &str {
        self.inner.currency()
    }

    /// The taxonomy the rules were checked against.
    #[getter]
    fn taxonomy(&self) -> PyTaxonomy {
        match &self.taxonomy {
            Some(given) => given.clone(),
            None => PyTaxonomy {
                inner: Arc::new(self.inner.taxonomy().clone()),
                source: Arc::new(Source::Builtin(String::new())),
            },
        }
    }

    /// The rule ids in file order.
    #[getter]
    fn rules(&self) -> Vec<String> {
        self.inner.rules().iter().map(|r| r.id.clone()).collect()
    }

    /// The rule ids in evaluation order: higher priority first, equal priorities in file order.
    #[getter]
    fn evaluation_order(&self) -> Vec<String> {
        self.inner.evaluation_order().map(|r| r.id.clone()).collect()
    }

    /// The role ids in file order.
    #[getter]
    fn roles(&self) -> Vec<String> {
        self.inner.roles().iter().map(|r| r.id.clone()).collect()
    }

    /// A rule by id as a dict: ``id``, ``priority``, ``description``, ``requirement``,
    /// ``condition`` (as written, ``None`` for a catch-all), ``then`` (its actions) and
    /// ``line``; ``KeyError`` for an id the rule set does not have.
    fn rule<'py>(&self, py: Python<'py>, id: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyAny>> {
        let id = str_arg(py, id, "RuleSet.rule() argument 'id'")?;
        let Some(r) = self.inner.rules().iter().find(|r| r.id == id) else {
            return Err(pyo3::exceptions::PyKeyError::new_err(format!(
                "rule set {} has no rule `{id}`",
                self.inner.id()
            )));
        };
        let a = &r.then;
        let json = serde_json::json!({
            "id": r.id,
            "priority": r.priority,
            "description": r.description,
            "requirement": r.requirement,
            "condition": r.when.as_ref().map(|c| c.to_string()),
            "then": {
                "handler": a.handler,
                "department": a.department,
                "level": a.level.map(|l| l.name()),
                "policy": a.policy,
                "escalate_to": a.escalate_to,
                "obligations": a.obligations.iter().map(|o| o.name()).collect::<Vec<_>>(),
            },
            "line": r.line,
        });
        convert::from_json(py, &json.to_string())
    }

    /// What loading found worth knowing but not wrong (complaints no rule matches, a rule set
    /// too large to check completely): a tuple of ``RoutingProblem``.
    #[getter]
    fn warnings<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyTuple>> {
        crate::errors::routing_problems(py, self.inner.warnings())
    }

    /// Routes one complaint: the :class:`Decision`.
    ///
    /// ``earlier_complaints`` are the days (``datetime.date``) on which the same complainant's
    /// earlier complaints were received; ``attributes`` the complainant's attributes from the
    /// caller's records (``"elderly"``, ``"new_client"``, ``"institutional"``,
    /// ``"high_net_worth"``, ``"professional_investor"``). A category the taxonomy does not
    /// have raises ``RoutingError`` (``TOUSU_STATUS_UNKNOWN_CATEGORY``); an unknown attribute
    /// ``ParseError``.
    #[pyo3(signature = (complaint, *, earlier_complaints = None, attributes = None))]
    fn route<'py>(
        slf: &Bound<'py, Self>,
        py: Python<'py>,
        complaint: &Bound<'py, PyAny>,
        earlier_complaints: Option<&Bound<'py, PyAny>>,
        attributes: Option<&Bound<'py, PyAny>>,
    ) -> PyResult<Bound<'py, PyDecision>> {
        let c = class_arg::<PyComplaint>(complaint, "RuleSet.route() argument 'complaint'", "tousu.Complaint")?;
        let earlier = match earlier_complaints {
            Some(v) => dates_arg(v, "RuleSet.route() argument 'earlier_complaints'")?,
            None => Vec::new(),
        };
        let attributes = match attributes {
            Some(v) => attributes_arg(py, v, "RuleSet.route() argument 'attributes'")?,
            None => Attributes::NONE,
        };
        let context = RoutingContext {
            earlier_complaints: &earlier,
            attributes,
        };
        let matched = guarded("RuleSet.route", || {
            slf.get().inner.route(&c.get().inner, &context).map(|d| d.matched())
        })
        .py_err(py)?;
        untracked(Bound::new(
            py,
            PyDecision {
                rules: slf.clone().unbind(),
                matched,
                complaint: c.clone().unbind(),
                earlier,
                attributes,
            },
        )?)
    }

    /// Routes many complaints, with the GIL released while core decides.
    ///
    /// ``complaints`` is a list (any iterable) of :class:`Complaint`: the result is a list of
    /// :class:`Decision`, each what :meth:`route` gives. Or it is a ``pandas.DataFrame`` with a
    /// row per complaint: the result is a frame of decisions with the same index, routed from
    /// the frame's numpy columns without a Python object per row. The frame's columns are named
    /// like the complaint's JSON fields (``pandas.json_normalize`` of the JSON form gives them):
    ///
    /// - ``id``, ``channel`` (its name: ``"phone"``, ``"regulator_forwarded"``, …),
    ///   ``category`` and ``branch``: required;
    /// - ``kind`` (default ``"complaint"``), ``severity`` (default ``"ordinary"``);
    /// - ``claimed_amount.minor_units`` (integers, missing or ``NA`` where nothing is claimed)
    ///   and ``claimed_amount.currency`` (default: the rule set's currency);
    /// - ``tags`` and ``attributes`` (the caller's complainant attributes): a list or tuple of
    ///   names, or one string of names separated by commas;
    /// - ``respondent.person``, ``respondent.branch``, ``respondent.department``: the party
    ///   complained about, a non-empty string where it is named.
    ///
    /// Columns of strings are read as categoricals (pass ``category`` dtype to skip the
    /// conversion). When the rule set tests an attribute an identity document shows
    /// (``elderly``, ``institutional``), ``complainant.id_document.kind`` and
    /// ``complainant.id_document.number`` are read too, with ``received_at`` (RFC 3339 text or
    /// aware timestamps: the age is taken on the local day of receipt).
    ///
    /// Earlier complaints (for a rule set that counts them) are given by one of two keyword
    /// arguments; with neither, such a rule set raises ``ValueError``:
    ///
    /// - ``earlier_complaints``: a sequence (list, ``pandas.Series`` with the frame's index,
    ///   numpy object array) with one element per row, in order: ``None`` (or NaN) or an
    ///   iterable of ``datetime.date``, what :meth:`route` takes. For a list of complaints it
    ///   is one element per complaint, and each decision keeps its dates (``explain``).
    /// - ``earlier_from`` (frames only): the name of the column that identifies the complainant
    ///   (``"complainant.securities_account"``, ``"complainant.id_document.number"``). A row's
    ///   earlier complaints are the other rows with the same key received strictly earlier
    ///   (``received_at``, as an instant): rows received at the same instant do not count each
    ///   other; each counts as received on its local day, as :meth:`route` reads a complaint's
    ///   day. A row without a key (missing or ``""``) has none. Computed in Rust, rows sorted by
    ///   key and time.
    ///
    /// When the rule set counts earlier complaints, either needs ``received_at`` on every row
    /// (the window is counted back from its local day); when it counts none, the argument is
    /// checked and changes nothing. Giving both raises ``TypeError``.
    ///
    /// The decisions' columns: ``id``; ``routed`` (bool); ``handler``, ``department``,
    /// ``level``, ``policy``, ``escalate_to``, ``deciding_rule`` and ``matched`` (the matching
    /// rule ids in evaluation order joined by ``","``), categoricals; one bool column per
    /// obligation (``liaison_form``, ``regulator_report_back``, ``management_meeting``,
    /// ``written_reply``, ``incident_investigation``, ``progress_updates``).
    ///
    /// A bad value raises the error :meth:`route` or :meth:`Complaint.from_dict` would, naming
    /// the column, the row's position and its id; ``RoutingError.index`` is the position.
    #[pyo3(signature = (complaints, *, earlier_complaints = None, earlier_from = None))]
    fn route_many<'py>(
        slf: &Bound<'py, Self>,
        py: Python<'py>,
        complaints: &Bound<'py, PyAny>,
        earlier_complaints: Option<&Bound<'py, PyAny>>,
        earlier_from: Option<&Bound<'py, PyAny>>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let this = slf.get();
        let earlier = match (earlier_complaints, earlier_from) {
            (Some(_), Some(_)) => {
                return Err(PyTypeError::new_err(
                    "RuleSet.route_many() takes earlier_complaints= or earlier_from=, not both",
                ))
            }
            (Some(rows), None) => routing_frame::EarlierSource::Given(rows.clone()),
            (None, Some(column)) => routing_frame::EarlierSource::From(column.clone()),
            (None, None) => routing_frame::EarlierSource::None,
        };
        if routing_frame::is_data_frame(complaints)? {
            return routing_frame::route_frame(py, &this.inner, complaints, earlier);
        }
        if earlier_from.is_some() {
            return Err(PyTypeError::new_err(
                "RuleSet.route_many() argument 'earlier_from' names a column of a pandas.DataFrame; \
                 for a list of complaints pass earlier_complaints=",
            ));
        }
        let items = complaints.try_iter().map_err(|_| {
            PyTypeError::new_err(format!(
                "RuleSet.route_many() argument 'complaints' must be a list of tousu.Complaint or a \
                 pandas.DataFrame, not {}",
                type_name(complaints)
            ))
        })?;
        let mut held = Vec::new();
        for (i, item) in items.enumerate() {
            let item = item?;
            class_arg::<PyComplaint>(
                &item,
                &format!("RuleSet.route_many() argument 'complaints': item {i}"),
                "tousu.Complaint",
            )?;
            held.push(item.cast_into::<PyComplaint>()?);
        }
        let all: Vec<&tousu::Complaint> = held.iter().map(|c| &c.get().inner).collect();
        let earlier = match earlier_complaints {
            Some(rows) => routing_frame::earlier_rows(rows, all.len(), |i| all[i].id.clone())?,
            None => tousu::EarlierComplaints::default(),
        };
        let rules = &*this.inner;
        let outcome = py.detach(|| {
            guarded("RuleSet.route_many", || {
                let mut out = Vec::with_capacity(all.len());
                for (i, c) in all.iter().enumerate() {
                    let context = RoutingContext {
                        earlier_complaints: earlier.of(i),
                        attributes: Attributes::NONE,
                    };
                    match rules.route(c, &context) {
                        Ok(d) => out.push(d.matched()),
                        Err(e) => return Ok(Err((i, e))),
                    }
                }
                Ok(Ok(out))
            })
        });
        let matched = match outcome.py_err(py)? {
            Ok(m) => m,
            Err((i, e)) => return Err(crate::errors::routing_row_error(py, i, &all[i].id, &e)),
        };
        let decisions = matched.into_iter().zip(held).enumerate().map(|(i, (matched, c))| {
            untracked(Bound::new(
                py,
                PyDecision {
                    rules: slf.clone().unbind(),
                    matched,
                    complaint: c.unbind(),
                    earlier: earlier.of(i).to_vec(),
                    attributes: Attributes::NONE,
                },
            )?)
        });
        Ok(PyList::new(py, decisions.collect::<PyResult<Vec<_>>>()?)?.into_any())
    }

    fn __repr__(&self) -> String {
        format!(
            "<RuleSet '{}' version={} {} rules={}>",
            self.inner.id(),
            self.inner.version(),
            self.inner.hit_policy().name(),
            self.inner.rules().len()
        )
    }

    /// Pickles as ``RuleSet.default()``, or as ``RuleSet.from_toml`` of the text it was read
    /// from with its ``taxonomy`` and ``file``.
    fn __reduce__<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyTuple>> {
        let taxonomy = self
            .taxonomy
            .as_ref()
            .map(|t| Bound::new(py, t.clone()).map(Bound::into_any))
            .transpose()?;
        self.source
            .reduce::<PyRuleSet>(py, "default", &[("taxonomy", taxonomy)])
    }

    /// Immutable: a copy is the object itself.
    fn __copy__<'py>(slf: &Bound<'py, Self>) -> Bound<'py, Self> {
        slf.clone()
    }

    /// Immutable: a deep copy is the object itself.
    fn __deepcopy__<'py>(slf: &Bound<'py, Self>, _memo: &Bound<'py, PyAny>) -> Bound<'py, Self> {
        slf.clone()
    }
}

/// The decision, no longer tracked by Python's cycle collector.
///
/// PyO3 makes every object of a class collectable, but a `Decision` can never be part of a
/// cycle: it refers to a `Complaint` and a `RuleSet`, which refer to no Python object.
/// Untracked, a million decisions cost the collector nothing; tracked, the collector's passes
/// over them were a third of the time `route_many` took.
fn untracked(decision: Bound<'_, PyDecision>) -> PyResult<Bound<'_, PyDecision>> {
    // SAFETY: the pointer is a live object of a GC class (PyO3's classes are); untracking an
    // object is always allowed, and PyO3's deallocation untracks only if still tracked.
    unsafe { pyo3::ffi::PyObject_GC_UnTrack(decision.as_ptr().cast()) };
    Ok(decision)
}

/// A list (or other iterable) of ``datetime.date`` as days.
pub(crate) fn dates_arg(value: &Bound<'_, PyAny>, arg: &str) -> PyResult<Vec<NaiveDate>> {
    let wrong = || {
        PyTypeError::new_err(format!(
            "{arg} must be an iterable of datetime.date, not {}",
            type_name(value)
        ))
    };
    let mut out = Vec::new();
    for (i, item) in value.try_iter().map_err(|_| wrong())?.enumerate() {
        let item = item?;
        if !item.is_instance_of::<PyDate>() || item.is_instance_of::<pyo3::types::PyDateTime>() {
            return Err(PyTypeError::new_err(format!(
                "{arg}: item {i} must be datetime.date, not {}",
                type_name(&item)
            )));
        }
        out.push(item.extract::<NaiveDate>()?);
    }
    Ok(out)
}

/// Attribute names (an iterable of ``str``) as core's set; an unknown name is a `ParseError`
/// naming the known ones.
pub(crate) fn attributes_arg(py: Python<'_>, value: &Bound<'_, PyAny>, arg: &str) -> PyResult<Attributes> {
    if value.is_instance_of::<PyString>() {
        return Err(PyTypeError::new_err(format!(
            "{arg} must be an iterable of attribute names, not a single str"
        )));
    }
    let items = value
        .try_iter()
        .map_err(|_| PyTypeError::new_err(format!("{arg} must be an iterable of str, not {}", type_name(value))))?;
    let mut set = Attributes::NONE;
    for (i, item) in items.enumerate() {
        let item = item?;
        let name = str_arg(py, &item, &format!("{arg}: item {i}"))?;
        set = set.with(attribute(py, name, arg)?);
    }
    Ok(set)
}

/// The attribute of a name, or a `ParseError` naming the known ones.
pub(crate) fn attribute(py: Python<'_>, name: &str, what: &str) -> PyResult<Attribute> {
    Attribute::from_name(name).ok_or_else(|| {
        let known: Vec<&str> = Attribute::ALL.iter().map(|a| a.name()).collect();
        binding_error(
            py,
            ErrorCode::UnknownVariant,
            format!(
                "{what}: unknown attribute `{name}`, expected one of {}",
                known.join(", ")
            ),
        )
    })
}

/// The routing of one complaint: the handler role, department, level, deadline policy,
/// escalation and obligations its rule set decided, and the rules that matched.
/// :meth:`explain` tells an auditor why; :meth:`explanation` gives the same as a dict for a
/// program; :meth:`to_dict` is the compact decision. Unset actions are ``None``.
#[pyclass(module = "tousu._tousu", name = "Decision", frozen)]
pub(crate) struct PyDecision {
    /// The rule set that decided: the Python object, so that a pickle of many decisions holds
    /// it once.
    rules: Py<PyRuleSet>,
    matched: MatchedRules,
    /// The complaint it was made for, and what the caller said of it: explanations need both.
    complaint: Py<PyComplaint>,
    earlier: Vec<NaiveDate>,
    attributes: Attributes,
}

impl PyDecision {
    fn rules(&self) -> &Arc<RuleSet> {
        &self.rules.get().inner
    }

    fn decision(&self) -> tousu::Decision<'_> {
        // The matched rules came from this rule set's own routing.
        self.rules()
            .decision(self.matched)
            .expect("a decision's matched rules are its rule set's")
    }

    fn explanation_of(&self, py: Python<'_>) -> PyResult<tousu::Explanation> {
        let complaint = &self.complaint.bind(py).get().inner;
        let context = RoutingContext {
            earlier_complaints: &self.earlier,
            attributes: self.attributes,
        };
        guarded("Decision.explain", || Ok(self.decision().explain(complaint, &context))).py_err(py)
    }
}

#[pymethods]
impl PyDecision {
    /// The id of the rule set that decided.
    #[getter]
    fn rule_set(&self) -> &str {
        self.rules().id()
    }

    /// The complaint it was made for.
    #[getter]
    fn complaint(&self, py: Python<'_>) -> Py<PyComplaint> {
        self.complaint.clone_ref(py)
    }

    /// Whether any rule matched.
    #[getter]
    fn routed(&self) -> bool {
        !self.matched.is_empty()
    }

    /// The handler role (``"operations_supervisor"``).
    #[getter]
    fn handler(&self) -> Option<&str> {
        self.decision().handler()
    }

    /// The handling department.
    #[getter]
    fn department(&self) -> Option<&str> {
        self.decision().department()
    }

    /// ``"branch"`` or ``"head_office"``.
    #[getter]
    fn level(&self) -> Option<&'static str> {
        self.decision().level().map(|l| l.name())
    }

    /// The deadline policy preset (``"cn.branch"``), for :meth:`Policy.preset`.
    #[getter]
    fn policy(&self) -> Option<&str> {
        self.decision().policy()
    }

    /// The role the handler reports to for the decision.
    #[getter]
    fn escalate_to(&self) -> Option<&str> {
        self.decision().escalate_to()
    }

    /// The obligations by name (``"written_reply"``, ``"regulator_report_back"``, …).
    #[getter]
    fn obligations<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyFrozenSet>> {
        let names: Vec<&str> = self.decision().obligations().iter().map(|o| o.name()).collect();
        PyFrozenSet::new(py, names)
    }

    /// The ids of the rules that matched, in evaluation order.
    #[getter]
    fn matched<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyTuple>> {
        PyTuple::new(
            py,
            self.decision()
                .matched_rules()
                .map(|r| r.id.as_str())
                .collect::<Vec<_>>(),
        )
    }

    /// The first matching rule in evaluation order: under ``first_match``, the one that
    /// decided.
    #[getter]
    fn deciding_rule(&self) -> Option<&str> {
        self.decision().deciding_rule().map(|r| r.id.as_str())
    }

    /// For each action set (``"handler"``, ``"level"``, …), the id of the rule it came from.
    #[getter]
    fn sources(&self) -> std::collections::BTreeMap<&'static str, &str> {
        self.decision()
            .sources()
            .into_iter()
            .map(|(action, rule)| (action, rule.id.as_str()))
            .collect()
    }

    /// Why, for an auditor: the rules tried, the rules that matched with the tests that made
    /// them match, and each action with the rule it came from.
    fn explain(&self, py: Python<'_>) -> PyResult<String> {
        Ok(self.explanation_of(py)?.to_string())
    }

    /// :meth:`explain` for a program: a dict with ``complaint``, ``rule_set``, ``version``,
    /// ``hit_policy``, ``passed_over``, ``matched`` (each with ``id``, ``priority``, ``line``,
    /// ``requirement``, ``condition``, ``because``), ``decided_by`` and ``actions`` (with
    /// ``from``: the rule of each action and obligation).
    fn explanation<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        convert::from_json(py, &self.explanation_of(py)?.to_json())
    }

    /// The decision as core's compact JSON text: ``rule_set``, ``version``, ``matched``,
    /// ``handler``, ``department``, ``level``, ``policy``, ``escalate_to``, ``obligations``.
    fn to_json(&self) -> String {
        self.decision().to_json()
    }

    /// :meth:`to_json` as a dict.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        convert::from_json(py, &self.to_json())
    }

    fn __eq__(&self, other: &Bound<'_, PyAny>) -> bool {
        other.cast::<PyDecision>().is_ok_and(|o| {
            let o = o.get();
            Arc::ptr_eq(self.rules(), o.rules()) && self.matched == o.matched
        })
    }

    fn __hash__(&self) -> u64 {
        use std::hash::{Hash, Hasher};
        let mut h = std::collections::hash_map::DefaultHasher::new();
        self.matched.hash(&mut h);
        h.finish()
    }

    fn __repr__(&self) -> String {
        let d = self.decision();
        format!(
            "<Decision handler={:?} level={:?} policy={:?} matched={:?}>",
            d.handler(),
            d.level().map(|l| l.name()),
            d.policy(),
            d.matched_rules().map(|r| r.id.as_str()).collect::<Vec<_>>()
        )
        .replace('"', "'")
        .replace("Some(", "")
        .replace(")", "")
    }

    /// Pickles as the routing that made it: ``rules.route(complaint, earlier_complaints=…,
    /// attributes=…)`` with its rule set, complaint and context, which decides the same again.
    /// Decisions of one rule set share it, in a pickle as in memory.
    fn __reduce__<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyTuple>> {
        let earlier = (!self.earlier.is_empty())
            .then(|| PyList::new(py, &self.earlier).map(Bound::into_any))
            .transpose()?;
        let attributes = (self.attributes != Attributes::NONE)
            .then(|| PyList::new(py, self.attributes.iter().map(|a| a.name())).map(Bound::into_any))
            .transpose()?;
        pickle::call(
            py,
            py.get_type::<PyRuleSet>().getattr("route")?,
            (self.rules.bind(py), self.complaint.bind(py)).into_pyobject(py)?,
            &[("earlier_complaints", earlier), ("attributes", attributes)],
        )
    }

    /// Immutable: a copy is the object itself.
    fn __copy__<'py>(slf: &Bound<'py, Self>) -> Bound<'py, Self> {
        slf.clone()
    }

    /// Immutable: a deep copy is the object itself.
    fn __deepcopy__<'py>(slf: &Bound<'py, Self>, _memo: &Bound<'py, PyAny>) -> Bound<'py, Self> {
        slf.clone()
    }
}

/// A staff directory: people with roles, office, department, availability and declared
/// conflicts. :meth:`assignment` says who may handle a decision and who stepped aside, and why;
/// :meth:`assign` gives only the eligible handlers' ids.
#[pyclass(module = "tousu._tousu", name = "Directory", frozen)]
pub(crate) struct PyDirectory {
    inner: Directory,
    /// The text it was read from, for pickling.
    source: Source,
}

#[pymethods]
impl PyDirectory {
    /// Reads a directory from TOML: ``[directory]`` (``id``, ``version``, ``head_office``) and
    /// one ``[[person]]`` per member of staff (``id``, ``name``, ``roles``, ``office``,
    /// ``department``, ``available``, ``conflicts = { persons, accounts, complaints }``).
    /// Raises ``RoutingError`` whose ``.problems`` name the person and line.
    #[staticmethod]
    fn from_toml(py: Python<'_>, text: &Bound<'_, PyAny>) -> PyResult<Self> {
        let text = str_arg(py, text, "Directory.from_toml() argument 'text'")?;
        let inner = guarded("Directory.from_toml", || Directory::from_toml(text)).py_err(py)?;
        Ok(PyDirectory {
            inner,
            source: Source::toml(text, None),
        })
    }

    /// Reads a directory from JSON (``{"directory": {...}, "person": [...]}``, the TOML
    /// schema), with the errors of :meth:`from_toml`.
    #[staticmethod]
    fn from_json(py: Python<'_>, text: &Bound<'_, PyAny>) -> PyResult<Self> {
        let text = str_arg(py, text, "Directory.from_json() argument 'text'")?;
        let inner = guarded("Directory.from_json", || Directory::from_json(text)).py_err(py)?;
        Ok(PyDirectory {
            inner,
            source: Source::Json(text.to_owned()),
        })
    }

    /// The id.
    #[getter]
    fn id(&self) -> &str {
        self.inner.id()
    }

    /// The version.
    #[getter]
    fn version(&self) -> u32 {
        self.inner.version()
    }

    /// The head office's name, where head-office roles sit.
    #[getter]
    fn head_office(&self) -> &str {
        self.inner.head_office()
    }

    /// Every staff id, in file order.
    #[getter]
    fn people(&self) -> Vec<String> {
        self.inner.people().iter().map(|p| p.id.clone()).collect()
    }

    /// The staff ids of the people who may handle ``decision`` for ``complaint`` (by default
    /// the complaint it was made for), the receiver first when eligible (R5): the short form of
    /// :meth:`assignment`, its ``handlers`` as a list.
    ///
    /// When nobody may, raises ``RoutingError`` (``TOUSU_STATUS_NO_ELIGIBLE_HANDLER``) whose
    /// ``.next_level`` names the role the rule set escalates to next (``None`` at the top) and
    /// whose message says why each holder of the role may not.
    #[pyo3(signature = (decision, complaint = None))]
    fn assign(
        &self,
        py: Python<'_>,
        decision: &Bound<'_, PyAny>,
        complaint: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Vec<String>> {
        let (_, _, handlers) = self.assigned(py, &ASSIGN, decision, complaint, |a| {
            a.handlers.iter().map(|p| p.id.clone()).collect()
        })?;
        Ok(handlers)
    }

    /// Who may handle ``decision`` for ``complaint`` (by default the complaint it was made
    /// for), who may not and why: the :class:`Assignment`.
    ///
    /// Eligible are the holders of the decision's handler role in the office it points at (and
    /// its department), available, never the person complained about (R12) nor anyone who
    /// declared a conflict with the person complained about, the client's account or the case;
    /// the receiver first when eligible (R5). Every other holder of the role is in
    /// ``recused`` with the reason.
    ///
    /// When nobody may, raises ``RoutingError`` (``TOUSU_STATUS_NO_ELIGIBLE_HANDLER``) whose
    /// ``.next_level`` names the role the rule set escalates to next (``None`` at the top) and
    /// whose message says why each holder of the role may not.
    #[pyo3(signature = (decision, complaint = None))]
    fn assignment(
        slf: &Bound<'_, Self>,
        py: Python<'_>,
        decision: &Bound<'_, PyAny>,
        complaint: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<PyAssignment> {
        let (decision, complaint, assigned) =
            slf.get().assigned(py, &ASSIGNMENT, decision, complaint, |a| Assigned {
                role: a.role.clone(),
                office: a.office.clone(),
                owner: a.owner.clone(),
                hand_over_needed: a.hand_over_needed(),
                handlers: a.handlers.iter().map(|p| p.id.clone()).collect(),
                recused: a
                    .recused
                    .iter()
                    .map(|(p, why)| Recused {
                        person: p.id.clone(),
                        reason: recusal_name(why),
                        why: why.to_string(),
                    })
                    .collect(),
            })?;
        if let Some(r) = assigned.recused.iter().find(|r| r.reason.is_none()) {
            return Err(binding_error(
                py,
                ErrorCode::Internal,
                format!(
                    "Directory.assignment: {} {}: a recusal reason tousu's Python surface has no name for",
                    r.person, r.why
                ),
            ));
        }
        Ok(PyAssignment {
            directory: slf.clone().unbind(),
            decision: decision.unbind(),
            complaint: complaint.map(Bound::unbind),
            assigned,
        })
    }

    fn __repr__(&self) -> String {
        format!(
            "<Directory '{}' version={} people={}>",
            self.inner.id(),
            self.inner.version(),
            self.inner.people().len()
        )
    }

    /// Pickles as :meth:`from_toml` (or :meth:`from_json`) of the text it was read from.
    fn __reduce__<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyTuple>> {
        self.source.reduce::<PyDirectory>(py, "from_toml", &[])
    }

    /// Immutable: a copy is the object itself.
    fn __copy__<'py>(slf: &Bound<'py, Self>) -> Bound<'py, Self> {
        slf.clone()
    }

    /// Immutable: a deep copy is the object itself.
    fn __deepcopy__<'py>(slf: &Bound<'py, Self>, _memo: &Bound<'py, PyAny>) -> Bound<'py, Self> {
        slf.clone()
    }
}

/// How an assignment call names itself and its arguments in errors.
struct Call {
    name: &'static str,
    decision: &'static str,
    complaint: &'static str,
}

const ASSIGN: Call = Call {
    name: "Directory.assign",
    decision: "Directory.assign() argument 'decision'",
    complaint: "Directory.assign() argument 'complaint'",
};

const ASSIGNMENT: Call = Call {
    name: "Directory.assignment",
    decision: "Directory.assignment() argument 'decision'",
    complaint: "Directory.assignment() argument 'complaint'",
};

impl PyDirectory {
    /// Core's assignment of `decision` (a `Decision`) for `complaint` (a `Complaint`, or the
    /// decision's own when `None`), as `answer` reads it; with the decision and the complaint
    /// given.
    fn assigned<'py, T>(
        &self,
        py: Python<'py>,
        call: &Call,
        decision: &Bound<'py, PyAny>,
        complaint: Option<&Bound<'py, PyAny>>,
        answer: impl FnOnce(&Assignment<'_>) -> T,
    ) -> PyResult<(Bound<'py, PyDecision>, Option<Bound<'py, PyComplaint>>, T)> {
        let decision = class_arg::<PyDecision>(decision, call.decision, "tousu.Decision")?.clone();
        let given = complaint
            .map(|c| class_arg::<PyComplaint>(c, call.complaint, "tousu.Complaint").cloned())
            .transpose()?;
        let d = decision.get();
        let own = d.complaint.bind(py);
        let c = &given.as_ref().unwrap_or(own).get().inner;
        let core = d.decision();
        let answer = guarded(call.name, || self.inner.assign(c, &core).map(|a| answer(&a))).py_err(py)?;
        Ok((decision, given, answer))
    }
}

/// The stable name of a recusal reason: the C surface's `tousu_recusal` value lowercased
/// without its prefix (`TOUSU_RECUSAL_OTHER_OFFICE`: `other_office`). `None` for a reason core
/// has added since this binding was written (`Recusal` is `#[non_exhaustive]`); the call then
/// raises `InternalError`, as the C call fails with `TOUSU_STATUS_INTERNAL`.
fn recusal_name(why: &Recusal) -> Option<&'static str> {
    Some(match why {
        Recusal::ComplainedAbout => "complained_about",
        Recusal::DeclaredConflict(_) => "declared_conflict",
        Recusal::Unavailable => "unavailable",
        Recusal::OtherOffice => "other_office",
        Recusal::OtherDepartment => "other_department",
        _ => return None,
    })
}

/// A holder of the role who may not handle the complaint.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
struct Recused {
    person: String,
    /// Always a name once in a `PyAssignment`.
    reason: Option<&'static str>,
    why: String,
}

/// Core's assignment, owned.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
struct Assigned {
    role: String,
    office: String,
    owner: String,
    hand_over_needed: bool,
    handlers: Vec<String>,
    recused: Vec<Recused>,
}

/// Who may handle a routed complaint and who stepped aside, and why: what
/// :meth:`Directory.assignment` gives. Immutable; equal when every attribute is.
///
/// ``handlers`` are the staff ids of those who may, the receiver first when eligible (R5): the
/// receiver (``owner``) owns the case until a recorded hand-over, which ``hand_over_needed``
/// says is due when the receiver may not handle it. ``recused`` lists every other holder of the
/// role, in directory order, as ``(person, reason, why)``: ``reason`` is one of
/// ``"complained_about"`` (R12), ``"declared_conflict"``, ``"unavailable"``,
/// ``"other_office"`` and ``"other_department"`` (the C surface's ``tousu_recusal`` values, in
/// lower case), ``why`` the reason in words, naming what a conflict is with.
///
/// >>> import tousu
/// >>> staff = tousu.Directory.from_toml('''
/// ... [directory]
/// ... id = "sz.staff"
/// ... version = 1
/// ... head_office = "总部经纪业务管理部"
/// ... [[person]]
/// ... id = "SZFT002"
/// ... name = "运营主管甲"
/// ... roles = ["operations_supervisor"]
/// ... office = "深圳福田营业部"
/// ... [[person]]
/// ... id = "SZFT003"
/// ... name = "运营主管乙"
/// ... roles = ["operations_supervisor"]
/// ... office = "深圳福田营业部"
/// ... conflicts = { accounts = ["0123456789"] }
/// ... [[person]]
/// ... id = "SZNS002"
/// ... name = "南山运营主管"
/// ... roles = ["operations_supervisor"]
/// ... office = "深圳南山科技园营业部"
/// ... ''')
/// >>> complaint = tousu.Complaint.from_dict({
/// ...     "id": "SZ-2024-0103", "channel": "phone",
/// ...     "complainant": {"name": "王建国", "contact": {"phone": "13800138000"},
/// ...                     "securities_account": "0123456789"},
/// ...     "receiver": "SZFT011", "branch": "深圳福田营业部",
/// ...     "received_at": "2024-03-01T09:30:00+08:00", "matter": "服务态度",
/// ...     "facts": {"account": "柜台人员态度恶劣"}, "demand": "道歉", "category": "service.attitude",
/// ... })
/// >>> a = staff.assignment(tousu.RuleSet.default().route(complaint))
/// >>> a.role, a.office, a.handlers
/// ('operations_supervisor', '深圳福田营业部', ('SZFT002',))
/// >>> a.owner, a.hand_over_needed
/// ('SZFT011', True)
/// >>> for person, reason, why in a.recused:
/// ...     print(person, reason, "-", why)
/// SZFT003 declared_conflict - declared a conflict with the client's account 0123456789
/// SZNS002 other_office - works in another office
#[pyclass(module = "tousu._tousu", name = "Assignment", frozen)]
pub(crate) struct PyAssignment {
    /// The call that made it, for pickling: the directory, the decision and the complaint
    /// given (`None`: the decision's own).
    directory: Py<PyDirectory>,
    decision: Py<PyDecision>,
    complaint: Option<Py<PyComplaint>>,
    assigned: Assigned,
}

#[pymethods]
impl PyAssignment {
    /// The handler role (``"operations_supervisor"``).
    #[getter]
    fn role(&self) -> &str {
        &self.assigned.role
    }

    /// The office the handlers sit in: the branch complained about or registering the
    /// complaint, or head office.
    #[getter]
    fn office(&self) -> &str {
        &self.assigned.office
    }

    /// The receiver's staff id: they own the case until a recorded hand-over (R5).
    #[getter]
    fn owner(&self) -> &str {
        &self.assigned.owner
    }

    /// Whether the owner must hand the case over (R5): the receiver is not among the handlers.
    #[getter]
    fn hand_over_needed(&self) -> bool {
        self.assigned.hand_over_needed
    }

    /// The staff ids of those who may handle it: the receiver first when eligible, then in
    /// directory order. Never empty.
    #[getter]
    fn handlers<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyTuple>> {
        PyTuple::new(py, &self.assigned.handlers)
    }

    /// Every other holder of the role, in directory order, as ``(person, reason, why)``.
    #[getter]
    fn recused<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyTuple>> {
        let items = self
            .assigned
            .recused
            .iter()
            .map(|r| PyTuple::new(py, [r.person.as_str(), r.reason.unwrap_or_default(), r.why.as_str()]))
            .collect::<PyResult<Vec<_>>>()?;
        PyTuple::new(py, items)
    }

    /// A dict: ``role``, ``office``, ``owner``, ``hand_over_needed``, ``handlers`` (a list) and
    /// ``recused`` (a list of dicts with ``person``, ``reason`` and ``why``), the keys of the C
    /// surface's JSON form (``tousu_directory_assign_json``), which has no ``reason``.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let a = &self.assigned;
        let out = PyDict::new(py);
        out.set_item("role", &a.role)?;
        out.set_item("office", &a.office)?;
        out.set_item("owner", &a.owner)?;
        out.set_item("hand_over_needed", a.hand_over_needed)?;
        out.set_item("handlers", PyList::new(py, &a.handlers)?)?;
        let recused = PyList::empty(py);
        for r in &a.recused {
            let entry = PyDict::new(py);
            entry.set_item("person", &r.person)?;
            entry.set_item("reason", r.reason.unwrap_or_default())?;
            entry.set_item("why", &r.why)?;
            recused.append(entry)?;
        }
        out.set_item("recused", recused)?;
        Ok(out)
    }

    fn __eq__(&self, other: &Bound<'_, PyAny>) -> bool {
        other
            .cast::<PyAssignment>()
            .is_ok_and(|o| self.assigned == o.get().assigned)
    }

    fn __hash__(&self) -> u64 {
        use std::hash::{Hash, Hasher};
        let mut h = std::collections::hash_map::DefaultHasher::new();
        self.assigned.hash(&mut h);
        h.finish()
    }

    /// ``<Assignment role='…' office='…' owner='…' hand_over_needed=… handlers=(…)
    /// recused={person: reason, …}>``.
    fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
        let a = &self.assigned;
        let recused = PyDict::new(py);
        for r in &a.recused {
            recused.set_item(&r.person, r.reason.unwrap_or_default())?;
        }
        Ok(format!(
            "<Assignment role={} office={} owner={} hand_over_needed={} handlers={} recused={}>",
            PyString::new(py, &a.role).repr()?,
            PyString::new(py, &a.office).repr()?,
            PyString::new(py, &a.owner).repr()?,
            if a.hand_over_needed { "True" } else { "False" },
            self.handlers(py)?.repr()?,
            recused.repr()?,
        ))
    }

    /// Pickles as the call that made it, ``directory.assignment(decision, complaint)``
    /// (``complaint`` only when given), which assigns the same again.
    fn __reduce__<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyTuple>> {
        let mut args = vec![
            self.directory.bind(py).clone().into_any(),
            self.decision.bind(py).clone().into_any(),
        ];
        if let Some(c) = &self.complaint {
            args.push(c.bind(py).clone().into_any());
        }
        (
            py.get_type::<PyDirectory>().getattr("assignment")?,
            PyTuple::new(py, args)?,
        )
            .into_pyobject(py)
    }

    /// Immutable: a copy is the object itself.
    fn __copy__<'py>(slf: &Bound<'py, Self>) -> Bound<'py, Self> {
        slf.clone()
    }

    /// Immutable: a deep copy is the object itself.
    fn __deepcopy__<'py>(slf: &Bound<'py, Self>, _memo: &Bound<'py, PyAny>) -> Bound<'py, Self> {
        slf.clone()
    }
}
