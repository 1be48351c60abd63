//! `case_summary` — where the cases stand (案件情况汇总).
//!
//! Reads a JSON-lines file of case files (one `{"schema_version":1,"complaint":{…},"events":[…]}`
//! per line), replays every case through [`tousu::Case::from_json`], and prints plain-text
//! tables: totals; counts by stage, branch, channel, severity, category and kind; open cases by
//! stage and age; regulator-forwarded cases still owing a report back (R17); satisfaction at the
//! callback visit (R21); reopenings and disputes (R22); and how the seed's procedure
//! ([`tousu::RuleSet::default_procedure`]) routes every complaint — handler role by level,
//! deadline policy, obligations — with a few decisions explained rule by rule; and where every
//! case stands against the deadlines of the policy its routing names, at the "as of" time
//! ([`tousu::Policy::deadline_figures`]: met, met late, breached, at risk, paused, pending, per
//! milestone). A line that fails to load is reported with its line number and the error, and
//! the program then exits with status 1.
//!
//! ```text
//! cargo run --release -p tousu-examples --bin case_summary [-- [PATH] [--as-of YYYY-MM-DD]]
//! ```
//!
//! `PATH` defaults to `data/sample_cases.jsonl` beside this program (found through
//! `CARGO_MANIFEST_DIR`, so it works from any directory). Ages are counted in calendar days up
//! to the end of the `--as-of` day (Beijing time), by default the time of the latest event in
//! the file — the library has no clock, and neither has this report.
//!
//! The program is one pass that fills a [`Summary`], then a renderer: to add a figure, add a
//! field, fill it in [`Summary::add_case`], show it in [`render_report`]. The deadlines need
//! the "as of" time, known after the pass: the loaded cases are kept (moved, not copied) for
//! them, and [`Deadlines::compute`] runs once the pass is over.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::io::Write as _;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::{Duration, Instant};

use tousu::{
    Action, Case, Complaint, DeadlineFigures, DeadlineStatus, DisputeOutcome, DisputeRoute, Kind, Obligation, Policy,
    RoutingContext, RuleSet, Satisfaction, Severity, Stage, WorkCalendar,
};

/// The default data file, relative to this package's directory.
const DEFAULT_DATA: &str = "data/sample_cases.jsonl";

/// Beijing time, in seconds east of UTC.
const BEIJING_OFFSET: i64 = 8 * 3600;

const SECONDS_PER_DAY: i64 = 86_400;

/// Age buckets of open cases, in calendar days since receipt: (label, largest age in the bucket).
const AGE_BUCKETS: [(&str, i64); 7] = [
    ("0-3d", 3),
    ("4-7d", 7),
    ("8-14d", 14),
    ("15-30d", 30),
    ("31-60d", 60),
    ("61-90d", 90),
    (">90d", i64::MAX),
];

/// How many categories the category table shows.
const TOP_CATEGORIES: usize = 10;

/// How many regulator-forwarded cases owing a report are listed one by one.
const OWING_LISTED: usize = 15;

/// Decisions explained in the report: the first complaint each of these rules of the default
/// procedure matched (a complaint about a branch taken by head office, a serious incident, a
/// regulator-forwarded case), in this order.
const EXPLAINED_RULES: [&str; 3] = [
    "head_office_takes_complaints_about_branches",
    "serious_incident",
    "regulator_forwarded",
];

// ------------------------------------------------------------------------------------------
// Options
// ------------------------------------------------------------------------------------------

struct Options {
    path: PathBuf,
    /// End of the "as of" day, Unix seconds; `None`: the latest event in the file.
    as_of: Option<i64>,
}

fn parse_args() -> Result<Options, String> {
    let mut path = None;
    let mut as_of = None;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "-h" | "--help" => {
                return Err("usage: case_summary [PATH] [--as-of YYYY-MM-DD]".to_owned());
            }
            "--as-of" => {
                let value = args.next().ok_or("--as-of needs a date, YYYY-MM-DD")?;
                as_of = Some(end_of_beijing_day(&value)?);
            }
            _ if arg.starts_with("--as-of=") => as_of = Some(end_of_beijing_day(&arg["--as-of=".len()..])?),
            _ if arg.starts_with('-') => return Err(format!("unknown option `{arg}`")),
            _ if path.is_none() => path = Some(PathBuf::from(arg)),
            _ => return Err(format!("unexpected argument `{arg}`: give one PATH")),
        }
    }
    let path = path.unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(DEFAULT_DATA));
    Ok(Options { path, as_of })
}

/// The last second of a `YYYY-MM-DD` day in Beijing time, as Unix seconds.
fn end_of_beijing_day(text: &str) -> Result<i64, String> {
    let bad = || format!("`{text}` is not a date YYYY-MM-DD");
    let mut parts = text.split('-');
    let (Some(y), Some(m), Some(d), None) = (parts.next(), parts.next(), parts.next(), parts.next()) else {
        return Err(bad());
    };
    let (y, m, d): (i64, u32, u32) = (
        y.parse().map_err(|_| bad())?,
        m.parse().map_err(|_| bad())?,
        d.parse().map_err(|_| bad())?,
    );
    let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    let month_days = [31, if leap { 29 } else { 28 }, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
    if (1900..=9999).contains(&y) && (1..=12).contains(&m) && d >= 1 && d <= month_days[(m - 1) as usize] {
        Ok((days_from_civil(y, m, d) + 1) * SECONDS_PER_DAY - 1 - BEIJING_OFFSET)
    } else {
        Err(bad())
    }
}

/// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm).
fn days_from_civil(y: i64, m: u32, d: u32) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = i64::from(m);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(d) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

// ------------------------------------------------------------------------------------------
// The summary: filled by one pass over the cases
// ------------------------------------------------------------------------------------------

/// A line that did not load.
struct Failure {
    line: usize,
    id: Option<String>,
    error: String,
}

/// An open case, kept for the age table (the ages need the "as of" time, known at the end).
struct OpenCase {
    stage: Stage,
    received: i64,
}

/// A regulator-forwarded case that has not been reported back (R17).
struct OwingReport {
    id: String,
    branch: String,
    body: String,
    reference: String,
    forwarded_on: String,
    received: i64,
    stage: Stage,
}

/// Cases, and how many of them are still open.
#[derive(Default, Clone, Copy)]
struct Tally {
    cases: usize,
    open: usize,
}

impl Tally {
    fn count(&mut self, open: bool) {
        self.cases += 1;
        self.open += usize::from(open);
    }
}

/// How the default procedure routes the complaints: one decision per loaded case.
struct Routing {
    rules: RuleSet,
    routed: usize,
    /// (handler role, level) → complaints; `-` for an unset action.
    handlers: BTreeMap<(String, &'static str), usize>,
    policies: BTreeMap<String, usize>,
    obligations: BTreeMap<Obligation, usize>,
    /// Complaints no rule matched.
    unrouted: usize,
    /// Complaints that could not be routed (a category outside the taxonomy), with why.
    failures: Vec<(String, String)>,
    /// For each rule of EXPLAINED_RULES, the explanation of the first complaint it matched.
    explained: BTreeMap<&'static str, String>,
    time: Duration,
}

impl Default for Routing {
    fn default() -> Routing {
        Routing {
            rules: RuleSet::default_procedure(),
            routed: 0,
            handlers: BTreeMap::new(),
            policies: BTreeMap::new(),
            obligations: BTreeMap::new(),
            unrouted: 0,
            failures: Vec::new(),
            explained: BTreeMap::new(),
            time: Duration::ZERO,
        }
    }
}

impl Routing {
    /// Routes one complaint (the caller knows nothing beyond the record: no context); returns
    /// the deadline policy preset the decision names, if any.
    fn add(&mut self, complaint: &Complaint) -> Option<String> {
        let started = Instant::now();
        let context = RoutingContext::default();
        let decision = match self.rules.route(complaint, &context) {
            Ok(d) => d,
            Err(err) => {
                self.failures.push((complaint.id.clone(), err.to_string()));
                return None;
            }
        };
        self.routed += 1;
        self.unrouted += usize::from(!decision.is_routed());
        let role = decision.handler().unwrap_or("-").to_owned();
        let level = decision.level().map_or("-", |l| l.name());
        *self.handlers.entry((role, level)).or_default() += 1;
        *self
            .policies
            .entry(decision.policy().unwrap_or("-").to_owned())
            .or_default() += 1;
        for o in decision.obligations().iter() {
            *self.obligations.entry(o).or_default() += 1;
        }
        self.time += started.elapsed(); // the few explanations below are not routing
        for rule in EXPLAINED_RULES {
            if !self.explained.contains_key(rule) && decision.matched_rules().any(|r| r.id == rule) {
                let text = decision.explain(complaint, &context).to_string();
                self.explained.insert(rule, text);
            }
        }
        decision.policy().map(str::to_owned)
    }
}

/// The statuses in the order the deadline table shows them.
const STATUS_COLUMNS: [DeadlineStatus; 7] = [
    DeadlineStatus::Met,
    DeadlineStatus::MetLate,
    DeadlineStatus::Breached,
    DeadlineStatus::AtRisk,
    DeadlineStatus::Paused,
    DeadlineStatus::Pending,
    DeadlineStatus::NotApplicable,
];

/// Where the cases stand against the deadlines of their routed policy at the "as of" time.
#[derive(Default)]
struct Deadlines {
    /// Policy preset → its milestones' ids and, per milestone, cases by status (in
    /// `DeadlineStatus::ALL` order).
    policies: BTreeMap<String, (Vec<String>, Vec<[usize; 7]>)>,
    /// Cases whose deadlines were computed.
    cases: usize,
    /// Cases that could not be answered, with why (a preset or calendar missing, a date beyond
    /// the calendar's years).
    failures: Vec<(String, String)>,
    time: Duration,
}

impl Deadlines {
    /// Every case's deadlines at `as_of` (Unix seconds) under the preset its routing named.
    fn compute(cases: &[(String, Case)], as_of: i64) -> Deadlines {
        let mut d = Deadlines::default();
        let Some(now) = chrono::DateTime::from_timestamp(as_of, 0)
            .and_then(|t| chrono::FixedOffset::east_opt(BEIJING_OFFSET as i32).map(|zone| t.with_timezone(&zone)))
        else {
            return d;
        };
        // Each preset and its calendar loaded once.
        let mut loaded: BTreeMap<&str, Result<(Policy, WorkCalendar), String>> = BTreeMap::new();
        let mut figures: Vec<DeadlineFigures> = Vec::new();
        let started = Instant::now();
        for (preset, case) in cases {
            let entry = loaded.entry(preset.as_str()).or_insert_with(|| {
                let policy = Policy::preset(preset).map_err(|e| e.to_string())?;
                let calendar = WorkCalendar::builtin(policy.calendar()).map_err(|e| e.to_string())?;
                Ok((policy, calendar))
            });
            let (policy, calendar) = match entry {
                Ok(pair) => (&pair.0, &pair.1),
                Err(why) => {
                    d.failures.push((case.complaint().id.clone(), why.clone()));
                    continue;
                }
            };
            if let Err(err) = policy.deadline_figures(case, calendar, now, &mut figures) {
                d.failures.push((case.complaint().id.clone(), err.to_string()));
                continue;
            }
            d.cases += 1;
            let (_, counts) = d.policies.entry(preset.clone()).or_insert_with(|| {
                let ids = policy.milestones().iter().map(|m| m.id.clone()).collect();
                (ids, vec![[0; 7]; policy.milestones().len()])
            });
            for f in &figures {
                let status = DeadlineStatus::ALL.iter().position(|&s| s == f.status).unwrap_or(0);
                counts[f.milestone][status] += 1;
            }
        }
        d.time = started.elapsed();
        d
    }
}

#[derive(Default)]
struct Summary {
    /// Non-blank lines read.
    lines: usize,
    bytes: usize,
    loaded: usize,
    events: usize,
    failures: Vec<Failure>,
    load_time: Duration,

    kinds: BTreeMap<&'static str, Tally>,
    stages: BTreeMap<Stage, usize>,
    branches: BTreeMap<String, Tally>,
    channels: BTreeMap<&'static str, Tally>,
    severities: BTreeMap<Severity, Tally>,
    categories: BTreeMap<String, Tally>,

    open: Vec<OpenCase>,
    owing_report: Vec<OwingReport>,
    /// Regulator-forwarded cases, and how many have been reported back.
    regulator_forwarded: usize,
    reported_back: usize,

    /// Latest satisfaction of each case with a callback visit (R21).
    satisfaction: BTreeMap<Satisfaction, usize>,
    /// Cases closed (or past closing) that have had no callback visit yet.
    closed_without_callback: usize,

    reopened_cases: usize,
    reopenings: u64,
    disputed_cases: usize,
    disputes_open: usize,
    dispute_routes: BTreeMap<&'static str, usize>,
    dispute_outcomes: BTreeMap<&'static str, usize>,
    withdrawn: usize,

    first_received: Option<i64>,
    last_received: Option<i64>,
    latest_event: Option<i64>,

    routing: Routing,

    /// The loaded cases that routing gave a deadline policy, with its preset: kept for
    /// [`Deadlines::compute`], which needs the "as of" time.
    routed_cases: Vec<(String, Case)>,
    deadlines: Deadlines,
}

impl Summary {
    /// Reads every line of `text`; times the loading (parse, validation and replay).
    fn load(text: &str) -> Summary {
        let mut summary = Summary::default();
        let started = Instant::now();
        for (index, line) in text.lines().enumerate() {
            if line.trim().is_empty() {
                continue;
            }
            summary.lines += 1;
            summary.bytes += line.len();
            match Case::from_json(line) {
                Ok(case) => {
                    summary.add_case(&case);
                    if let Some(preset) = summary.routing.add(case.complaint()) {
                        summary.routed_cases.push((preset, case));
                    }
                }
                Err(err) => summary.failures.push(Failure {
                    line: index + 1,
                    id: complaint_id(line),
                    error: err.to_string(),
                }),
            }
        }
        // Loading is parsing, validation and replay; routing is timed on its own.
        summary.load_time = started.elapsed().saturating_sub(summary.routing.time);
        summary
    }

    fn add_case(&mut self, case: &Case) {
        let complaint = case.complaint();
        let state = case.state();
        let open = state.stage.is_open();
        let received = complaint.received_at.timestamp();

        self.loaded += 1;
        self.events += case.events().len();
        self.kinds.entry(kind_name(complaint.kind)).or_default().count(open);
        *self.stages.entry(state.stage).or_default() += 1;
        self.branches.entry(complaint.branch.clone()).or_default().count(open);
        self.channels.entry(complaint.channel.as_str()).or_default().count(open);
        self.severities.entry(complaint.severity).or_default().count(open);
        self.categories
            .entry(complaint.category.clone())
            .or_default()
            .count(open);

        if open {
            self.open.push(OpenCase {
                stage: state.stage,
                received,
            });
        }
        if complaint.owes_report_back() {
            self.regulator_forwarded += 1;
            if state.reported_to_regulator_at.is_some() {
                self.reported_back += 1;
            } else if let Some(f) = complaint.channel.forwarding() {
                self.owing_report.push(OwingReport {
                    id: complaint.id.clone(),
                    branch: complaint.branch.clone(),
                    body: f.body.clone(),
                    reference: f.reference.clone(),
                    forwarded_on: f.forwarded_on.to_string(),
                    received,
                    stage: state.stage,
                });
            }
        }
        match state.satisfaction {
            Some(s) => *self.satisfaction.entry(s).or_default() += 1,
            None if matches!(state.stage, Stage::Closed | Stage::Archived) && state.result_fed_back_at.is_some() => {
                self.closed_without_callback += 1;
            }
            None => {}
        }
        if state.reopened > 0 {
            self.reopened_cases += 1;
            self.reopenings += u64::from(state.reopened);
        }
        let mut disputed = false;
        for event in case.events() {
            match &event.action {
                Action::DisputeOpened { route, .. } => {
                    disputed = true;
                    *self.dispute_routes.entry(route_name(*route)).or_default() += 1;
                }
                Action::DisputeConcluded { outcome, .. } => {
                    *self.dispute_outcomes.entry(outcome_name(*outcome)).or_default() += 1;
                }
                _ => {}
            }
        }
        self.disputed_cases += usize::from(disputed);
        self.disputes_open += usize::from(state.stage == Stage::Disputed);
        self.withdrawn += usize::from(
            state.stage == Stage::Withdrawn
                || case
                    .events()
                    .iter()
                    .any(|e| matches!(e.action, Action::Withdrawn { .. })),
        );

        self.first_received = Some(self.first_received.map_or(received, |t| t.min(received)));
        self.last_received = Some(self.last_received.map_or(received, |t| t.max(received)));
        let last = state.last_event_at.timestamp();
        self.latest_event = Some(self.latest_event.map_or(last, |t| t.max(last)));
    }

    fn open_cases(&self) -> usize {
        self.open.len()
    }
}

/// The complaint id of a line that failed to load, if it can be picked out of the text.
fn complaint_id(line: &str) -> Option<String> {
    let start = line.find(r#""id":""#)? + r#""id":""#.len();
    let len = line[start..].find('"')?;
    Some(line[start..start + len].to_owned()).filter(|id| !id.is_empty() && id.len() <= 64)
}

// ------------------------------------------------------------------------------------------
// Labels (English and Chinese)
// ------------------------------------------------------------------------------------------

fn kind_name(kind: Kind) -> &'static str {
    kind.as_str()
}

fn kind_label(name: &str) -> &'static str {
    match name {
        "complaint" => "投诉",
        "feedback" => "反馈",
        _ => "",
    }
}

fn stage_label(stage: Stage) -> &'static str {
    match stage {
        Stage::Registered => "已登记",
        Stage::InHandling => "处理中",
        Stage::Resolved => "已形成处理意见",
        Stage::ResultFedBack => "已反馈结果",
        Stage::Disputed => "纠纷处理中",
        Stage::Closed => "已办结",
        Stage::Withdrawn => "已撤回",
        Stage::Archived => "已归档",
        _ => "",
    }
}

fn channel_label(name: &str) -> &'static str {
    match name {
        "phone" => "电话/热线",
        "email" => "邮箱",
        "letter" => "信函",
        "web_form" => "网页表单",
        "walk_in" => "现场",
        "online_chat" => "在线客服",
        "comment_box" => "意见箱/簿",
        "regulator_forwarded" => "监管部门转来",
        "judicial_or_association_forwarded" => "司法机关/协会转来",
        _ => "",
    }
}

fn severity_label(severity: Severity) -> &'static str {
    match severity {
        Severity::Ordinary => "一般",
        Severity::Major => "重大情况",
        Severity::Compensation => "涉及赔偿",
        Severity::MatterOfPrinciple => "原则性问题",
        Severity::SeriousIncident => "严重事故",
    }
}

fn satisfaction_name(s: Satisfaction) -> &'static str {
    match s {
        Satisfaction::VeryDissatisfied => "very_dissatisfied",
        Satisfaction::Dissatisfied => "dissatisfied",
        Satisfaction::Neutral => "neutral",
        Satisfaction::Satisfied => "satisfied",
        Satisfaction::VerySatisfied => "very_satisfied",
    }
}

fn satisfaction_label(s: Satisfaction) -> &'static str {
    match s {
        Satisfaction::VeryDissatisfied => "非常不满意",
        Satisfaction::Dissatisfied => "不满意",
        Satisfaction::Neutral => "一般",
        Satisfaction::Satisfied => "满意",
        Satisfaction::VerySatisfied => "非常满意",
    }
}

fn route_name(route: DisputeRoute) -> &'static str {
    match route {
        DisputeRoute::Appeal => "appeal",
        DisputeRoute::HigherAppeal => "higher_appeal",
        DisputeRoute::Negotiation => "negotiation",
        DisputeRoute::Mediation => "mediation",
        DisputeRoute::Arbitration => "arbitration",
        DisputeRoute::Litigation => "litigation",
        DisputeRoute::ExchangeRuling => "exchange_ruling",
        _ => "other",
    }
}

fn route_label(name: &str) -> &'static str {
    match name {
        "appeal" => "申诉",
        "higher_appeal" => "上诉",
        "negotiation" => "协商",
        "mediation" => "调解",
        "arbitration" => "仲裁",
        "litigation" => "诉讼",
        "exchange_ruling" => "交易所裁决",
        _ => "",
    }
}

fn outcome_name(outcome: DisputeOutcome) -> &'static str {
    match outcome {
        DisputeOutcome::Upheld => "upheld",
        DisputeOutcome::PartlyUpheld => "partly_upheld",
        DisputeOutcome::Dismissed => "dismissed",
        DisputeOutcome::Settled => "settled",
        DisputeOutcome::Withdrawn => "withdrawn",
        _ => "other",
    }
}

fn outcome_label(name: &str) -> &'static str {
    match name {
        "upheld" => "支持",
        "partly_upheld" => "部分支持",
        "dismissed" => "驳回",
        "settled" => "和解/调解",
        "withdrawn" => "撤回",
        _ => "",
    }
}

/// Chinese labels of the category codes the sample data uses; others print as their code.
fn category_label(code: &str) -> &'static str {
    match code {
        "trading.execution" => "交易执行与撮合",
        "disclosure.information" => "信息披露",
        "trading.information_leak" => "交易信息泄露",
        "fees.commission" => "交易费用与佣金",
        "funds.account" => "资金与账户",
        "marketing.advertising" => "营销宣传及广告",
        "service.attitude" => "服务态度",
        "system.failure" => "系统故障",
        "suitability.mis_selling" => "适当性管理",
        "staff.misconduct" => "员工违规执业",
        "account.opening" => "开户",
        "account.closing" => "销户与转托管",
        "margin.financing" => "融资融券",
        "fund.sales" => "基金及产品代销",
        "advice.investment" => "投资顾问",
        "data.personal" => "个人信息保护",
        "service.suggestion" => "服务建议",
        "service.praise" => "表扬",
        "system.usability" => "系统使用建议",
        _ => "",
    }
}

/// `name (标签)`, or the name alone when there is no label.
fn labelled(name: &str, label: &str) -> String {
    if label.is_empty() {
        name.to_owned()
    } else {
        format!("{name} ({label})")
    }
}

/// `writeln!` into a `String`, which cannot fail.
macro_rules! w {
    ($out:expr, $($arg:tt)*) => {{
        let _ = writeln!($out, $($arg)*);
    }};
}

// ------------------------------------------------------------------------------------------
// Plain-text tables
// ------------------------------------------------------------------------------------------

/// Display width in a terminal: East Asian wide and full-width characters take two columns.
fn width(text: &str) -> usize {
    text.chars()
        .map(|c| match u32::from(c) {
            0x1100..=0x115F
            | 0x2E80..=0xA4CF
            | 0xAC00..=0xD7A3
            | 0xF900..=0xFAFF
            | 0xFE30..=0xFE4F
            | 0xFF00..=0xFF60
            | 0xFFE0..=0xFFE6
            | 0x20000..=0x3FFFD => 2,
            _ => 1,
        })
        .sum()
}

/// A table: a header row and rows of cells; the first column is left-aligned, the others right.
struct Table {
    header: Vec<String>,
    rows: Vec<Vec<String>>,
    left_columns: usize,
}

impl Table {
    fn new<S: Into<String>>(header: impl IntoIterator<Item = S>) -> Table {
        Table {
            header: header.into_iter().map(Into::into).collect(),
            rows: Vec::new(),
            left_columns: 1,
        }
    }

    /// Makes the first `n` columns left-aligned.
    fn left(mut self, n: usize) -> Table {
        self.left_columns = n;
        self
    }

    fn row(&mut self, cells: Vec<String>) {
        self.rows.push(cells);
    }

    fn render(&self) -> String {
        let columns = self.header.len();
        let mut widths = vec![0; columns];
        for row in std::iter::once(&self.header).chain(&self.rows) {
            for (i, cell) in row.iter().enumerate().take(columns) {
                widths[i] = widths[i].max(width(cell));
            }
        }
        let mut out = String::new();
        let line = |out: &mut String, row: &[String]| {
            let mut text = String::from(" ");
            for (i, cell) in row.iter().enumerate().take(columns) {
                let pad = " ".repeat(widths[i] - width(cell));
                if i < self.left_columns {
                    let _ = write!(text, " {cell}{pad} ");
                } else {
                    let _ = write!(text, " {pad}{cell} ");
                }
            }
            out.push_str(text.trim_end());
            out.push('\n');
        };
        line(&mut out, &self.header);
        let rule: usize = widths.iter().map(|w| w + 2).sum();
        out.push_str("  ");
        out.push_str(&"-".repeat(rule.saturating_sub(2)));
        out.push('\n');
        for row in &self.rows {
            line(&mut out, row);
        }
        out
    }
}

fn percent(part: usize, whole: usize) -> String {
    if whole == 0 {
        "-".to_owned()
    } else {
        format!("{:.1}%", part as f64 * 100.0 / whole as f64)
    }
}

fn section(out: &mut String, title: &str) {
    let _ = writeln!(out, "\n{title}\n{}", "=".repeat(width(title)));
}

/// A Unix time as a Beijing date, `YYYY-MM-DD`.
fn beijing_date(unix: i64) -> String {
    let days = (unix + BEIJING_OFFSET).div_euclid(SECONDS_PER_DAY);
    // Inverse of days_from_civil (H. Hinnant).
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!("{y:04}-{m:02}-{d:02}")
}

fn age_days(received: i64, as_of: i64) -> i64 {
    (as_of - received).max(0) / SECONDS_PER_DAY
}

fn age_bucket(days: i64) -> usize {
    AGE_BUCKETS
        .iter()
        .position(|(_, max)| days <= *max)
        .unwrap_or(AGE_BUCKETS.len() - 1)
}

// ------------------------------------------------------------------------------------------
// The report
// ------------------------------------------------------------------------------------------

/// The whole report as text.
fn render_report(s: &Summary, path: &str, as_of_option: Option<i64>) -> String {
    let mut buffer = String::new();
    let out = &mut buffer;
    let total = s.loaded;
    let as_of = as_of_option.or(s.latest_event).unwrap_or(0);
    w!(out, "tousu case summary 投诉案件情况汇总");
    w!(out, "file 文件: {path}");
    w!(
        out,
        "cases 案件: {total} loaded of {} lines, {} events; {} failed to load",
        s.lines,
        s.events,
        s.failures.len()
    );
    if let (Some(first), Some(last)) = (s.first_received, s.last_received) {
        w!(
            out,
            "received 受理期间: {} .. {}",
            beijing_date(first),
            beijing_date(last)
        );
    }
    w!(
        out,
        "as of 截至: {} ({})",
        beijing_date(as_of),
        if as_of_option.is_some() {
            "--as-of"
        } else {
            "latest event in the file"
        }
    );
    w!(
        out,
        "open 未办结: {} ({}); closed or archived 已办结/归档: {}; withdrawn, not archived 已撤回未归档: {}",
        s.open_cases(),
        percent(s.open_cases(), total),
        s.stages.get(&Stage::Closed).copied().unwrap_or(0) + s.stages.get(&Stage::Archived).copied().unwrap_or(0),
        s.stages.get(&Stage::Withdrawn).copied().unwrap_or(0),
    );

    section(out, "By kind 投诉/反馈");
    let mut t = Table::new(["kind", "cases", "share", "open"]);
    for (name, tally) in &s.kinds {
        t.row(vec![
            labelled(name, kind_label(name)),
            tally.cases.to_string(),
            percent(tally.cases, total),
            tally.open.to_string(),
        ]);
    }
    out.push_str(&t.render());

    section(out, "By stage 按阶段");
    let mut t = Table::new(["stage", "cases", "share"]);
    for (stage, n) in &s.stages {
        t.row(vec![
            labelled(stage.name(), stage_label(*stage)),
            n.to_string(),
            percent(*n, total),
        ]);
    }
    out.push_str(&t.render());

    section(out, "By branch 按营业部");
    let mut branches: Vec<_> = s.branches.iter().collect();
    branches.sort_by(|a, b| b.1.cases.cmp(&a.1.cases).then(a.0.cmp(b.0)));
    tally_table(out, "branch", branches.into_iter().map(|(k, v)| (k.clone(), *v)), total);

    section(out, "By channel 按渠道");
    let mut channels: Vec<_> = s.channels.iter().collect();
    channels.sort_by(|a, b| b.1.cases.cmp(&a.1.cases).then(a.0.cmp(b.0)));
    tally_table(
        out,
        "channel",
        channels.into_iter().map(|(k, v)| (labelled(k, channel_label(k)), *v)),
        total,
    );

    section(out, "By severity 按严重程度");
    tally_table(
        out,
        "severity",
        s.severities
            .iter()
            .map(|(k, v)| (labelled(k.as_str(), severity_label(*k)), *v)),
        total,
    );

    section(out, &format!("By category, top {TOP_CATEGORIES} 按类别"));
    let mut categories: Vec<_> = s.categories.iter().collect();
    categories.sort_by(|a, b| b.1.cases.cmp(&a.1.cases).then(a.0.cmp(b.0)));
    let mut rows: Vec<(String, Tally)> = categories
        .iter()
        .take(TOP_CATEGORIES)
        .map(|(k, v)| (labelled(k, category_label(k)), **v))
        .collect();
    if categories.len() > TOP_CATEGORIES {
        let rest = categories
            .iter()
            .skip(TOP_CATEGORIES)
            .fold(Tally::default(), |acc, (_, t)| Tally {
                cases: acc.cases + t.cases,
                open: acc.open + t.open,
            });
        rows.push((
            format!("({} other categories 其他)", categories.len() - TOP_CATEGORIES),
            rest,
        ));
    }
    tally_table(out, "category", rows.into_iter(), total);

    section(out, "Open cases by stage and age 未办结案件（按阶段、受理天数）");
    render_open_ages(out, s, as_of);

    section(
        out,
        "Regulator-forwarded cases owing a report back 监管转来、尚未反馈监管的案件 (R17)",
    );
    render_owing(out, s, as_of);

    section(out, "Callback visits: satisfaction 回访满意度 (R21)");
    let visited: usize = s.satisfaction.values().sum();
    let mut t = Table::new(["satisfaction (latest visit)", "cases", "share"]);
    for (sat, n) in s.satisfaction.iter().rev() {
        t.row(vec![
            labelled(satisfaction_name(*sat), satisfaction_label(*sat)),
            n.to_string(),
            percent(*n, visited),
        ]);
    }
    t.row(vec![
        "total visited 已回访".to_owned(),
        visited.to_string(),
        percent(visited, visited),
    ]);
    out.push_str(&t.render());
    let content = s
        .satisfaction
        .iter()
        .filter(|(sat, _)| **sat >= Satisfaction::Satisfied)
        .map(|(_, n)| n)
        .sum::<usize>();
    w!(
        out,
        "  satisfied or better 满意及以上: {}; closed without a callback yet 已办结未回访: {}",
        percent(content, visited),
        s.closed_without_callback
    );

    section(out, "Reopened and disputed 重新处理与纠纷 (R22)");
    w!(
        out,
        "  reopened 重新处理: {} cases ({}), {} reopenings",
        s.reopened_cases,
        percent(s.reopened_cases, total),
        s.reopenings
    );
    w!(
        out,
        "  disputed 进入纠纷程序: {} cases ({}), {} still in dispute",
        s.disputed_cases,
        percent(s.disputed_cases, total),
        s.disputes_open
    );
    w!(out, "  withdrawn 撤回: {} cases", s.withdrawn);
    let mut t = Table::new(["dispute route", "opened"]);
    let mut routes: Vec<_> = s.dispute_routes.iter().collect();
    routes.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
    for (route, n) in routes {
        t.row(vec![labelled(route, route_label(route)), n.to_string()]);
    }
    out.push_str(&t.render());
    let mut t = Table::new(["dispute outcome", "concluded"]);
    let mut outcomes: Vec<_> = s.dispute_outcomes.iter().collect();
    outcomes.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
    for (outcome, n) in outcomes {
        t.row(vec![labelled(outcome, outcome_label(outcome)), n.to_string()]);
    }
    out.push_str(&t.render());

    section(out, "Routing by the default procedure 按默认处理程序分派 (R5, R10-R19)");
    render_routing(out, &s.routing, total);

    section(
        out,
        "Deadlines as of the as-of time, under each case's routed policy 截至时点的办理期限 (R4, R6, R14, R17, R20, R21)",
    );
    render_deadlines(out, &s.deadlines);

    if !s.failures.is_empty() {
        section(out, "Lines that failed to load 加载失败的行");
        for f in &s.failures {
            match &f.id {
                Some(id) => w!(out, "  line {} ({id}): {}", f.line, f.error),
                None => w!(out, "  line {}: {}", f.line, f.error),
            }
        }
    }

    section(out, "Load throughput 加载性能");
    let secs = s.load_time.as_secs_f64();
    let rate = |n: usize| if secs > 0.0 { n as f64 / secs } else { f64::INFINITY };
    w!(
        out,
        "  {} lines, {:.2} MB parsed, validated and replayed in {:.1} ms",
        s.lines,
        s.bytes as f64 / 1_000_000.0,
        secs * 1000.0
    );
    w!(
        out,
        "  {:.0} cases/s, {:.0} events/s, {:.1} MB/s",
        rate(s.lines),
        rate(s.events),
        rate(s.bytes) / 1_000_000.0
    );
    buffer
}

fn render_routing(out: &mut String, r: &Routing, total: usize) {
    w!(
        out,
        "  rule set {}; {} complaints routed, {} matched no rule, {} could not be routed, in {:.2} ms",
        r.rules,
        r.routed,
        r.unrouted,
        r.failures.len(),
        r.time.as_secs_f64() * 1000.0
    );
    let mut t = Table::new(["handler role", "level", "complaints", "share"]).left(2);
    let mut handlers: Vec<_> = r.handlers.iter().collect();
    handlers.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
    for ((role, level), n) in handlers {
        t.row(vec![
            role.clone(),
            (*level).to_owned(),
            n.to_string(),
            percent(*n, total),
        ]);
    }
    out.push_str(&t.render());
    let mut t = Table::new(["deadline policy", "complaints", "share"]);
    let mut policies: Vec<_> = r.policies.iter().collect();
    policies.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
    for (policy, n) in policies {
        t.row(vec![policy.clone(), n.to_string(), percent(*n, total)]);
    }
    out.push_str(&t.render());
    let mut t = Table::new(["obligation", "complaints", "share"]);
    for (o, n) in &r.obligations {
        t.row(vec![o.name().to_owned(), n.to_string(), percent(*n, total)]);
    }
    out.push_str(&t.render());
    for (id, why) in &r.failures {
        w!(out, "  not routed: {id}: {why}");
    }
    for rule in EXPLAINED_RULES {
        if let Some(text) = r.explained.get(rule) {
            w!(out, "\n  why (the first complaint `{rule}` matched):");
            for line in text.lines() {
                w!(out, "    {line}");
            }
        }
    }
}

fn render_deadlines(out: &mut String, d: &Deadlines) {
    let secs = d.time.as_secs_f64();
    w!(
        out,
        "  {} cases' deadlines in {:.2} ms ({:.0} cases/s, Policy::deadline_figures); {} could not be answered",
        d.cases,
        secs * 1000.0,
        if secs > 0.0 {
            d.cases as f64 / secs
        } else {
            f64::INFINITY
        },
        d.failures.len()
    );
    for (preset, (milestones, counts)) in &d.policies {
        let cases = counts.first().map_or(0, |c| c.iter().sum::<usize>());
        w!(out, "\n  policy {preset}: {cases} cases");
        let mut header = vec!["milestone".to_owned()];
        header.extend(STATUS_COLUMNS.iter().map(|s| s.name().to_owned()));
        header.push("on time".to_owned());
        let mut t = Table::new(header);
        for (id, row) in milestones.iter().zip(counts) {
            let of = |s: DeadlineStatus| row[DeadlineStatus::ALL.iter().position(|&x| x == s).unwrap_or(0)];
            let mut cells = vec![id.clone()];
            cells.extend(STATUS_COLUMNS.iter().map(|&s| of(s).to_string()));
            // On time: met by the due time, of those met or past due.
            let decided = of(DeadlineStatus::Met) + of(DeadlineStatus::MetLate) + of(DeadlineStatus::Breached);
            cells.push(if decided == 0 {
                "-".to_owned()
            } else {
                percent(of(DeadlineStatus::Met), decided)
            });
            t.row(cells);
        }
        out.push_str(&t.render());
    }
    for (id, why) in &d.failures {
        w!(out, "  not answered: {id}: {why}");
    }
}

fn tally_table(out: &mut String, what: &str, rows: impl Iterator<Item = (String, Tally)>, total: usize) {
    let mut t = Table::new([what, "cases", "share", "open"]);
    for (name, tally) in rows {
        t.row(vec![
            name,
            tally.cases.to_string(),
            percent(tally.cases, total),
            tally.open.to_string(),
        ]);
    }
    out.push_str(&t.render());
}

fn render_open_ages(out: &mut String, s: &Summary, as_of: i64) {
    let mut grid: BTreeMap<Stage, [usize; AGE_BUCKETS.len()]> = BTreeMap::new();
    let mut totals = [0usize; AGE_BUCKETS.len()];
    for case in &s.open {
        let bucket = age_bucket(age_days(case.received, as_of));
        grid.entry(case.stage).or_default()[bucket] += 1;
        totals[bucket] += 1;
    }
    let mut header = vec!["stage \\ age since receipt".to_owned()];
    header.extend(AGE_BUCKETS.iter().map(|(label, _)| (*label).to_owned()));
    header.push("total".to_owned());
    let mut t = Table::new(header);
    for (stage, counts) in &grid {
        let mut row = vec![labelled(stage.name(), stage_label(*stage))];
        row.extend(counts.iter().map(ToString::to_string));
        row.push(counts.iter().sum::<usize>().to_string());
        t.row(row);
    }
    let mut row = vec!["total 合计".to_owned()];
    row.extend(totals.iter().map(ToString::to_string));
    row.push(s.open.len().to_string());
    t.row(row);
    out.push_str(&t.render());
    if let Some(oldest) = s.open.iter().map(|c| c.received).min() {
        w!(
            out,
            "  oldest open case received {} ({} days before the as-of date)",
            beijing_date(oldest),
            age_days(oldest, as_of)
        );
    }
}

fn render_owing(out: &mut String, s: &Summary, as_of: i64) {
    w!(
        out,
        "  forwarded by a regulator 监管转来: {}; reported back 已反馈: {}; owing 未反馈: {}",
        s.regulator_forwarded,
        s.reported_back,
        s.owing_report.len()
    );
    if s.owing_report.is_empty() {
        return;
    }
    let mut by_body: BTreeMap<&str, usize> = BTreeMap::new();
    for o in &s.owing_report {
        *by_body.entry(&o.body).or_default() += 1;
    }
    let mut t = Table::new(["forwarding body 转办机构", "owing"]);
    for (body, n) in &by_body {
        t.row(vec![(*body).to_owned(), n.to_string()]);
    }
    out.push_str(&t.render());

    let mut owing: Vec<&OwingReport> = s.owing_report.iter().collect();
    owing.sort_by(|a, b| a.received.cmp(&b.received).then(a.id.cmp(&b.id)));
    w!(
        out,
        "\n  oldest {} of {} 最早的未反馈案件:",
        owing.len().min(OWING_LISTED),
        owing.len()
    );
    let mut t = Table::new(["case", "branch", "body", "reference", "forwarded", "stage", "age"]).left(6);
    for o in owing.iter().take(OWING_LISTED) {
        t.row(vec![
            o.id.clone(),
            o.branch.clone(),
            o.body.clone(),
            o.reference.clone(),
            o.forwarded_on.clone(),
            o.stage.name().to_owned(),
            format!("{}d", age_days(o.received, as_of)),
        ]);
    }
    out.push_str(&t.render());
}

// ------------------------------------------------------------------------------------------

fn main() -> ExitCode {
    let options = match parse_args() {
        Ok(options) => options,
        Err(message) => {
            eprintln!("case_summary: {message}");
            return ExitCode::from(2);
        }
    };
    let text = match std::fs::read_to_string(&options.path) {
        Ok(text) => text,
        Err(err) => {
            eprintln!("case_summary: cannot read {}: {err}", options.path.display());
            return ExitCode::from(2);
        }
    };
    let mut summary = Summary::load(&text);
    if let Some(as_of) = options.as_of.or(summary.latest_event) {
        summary.deadlines = Deadlines::compute(&summary.routed_cases, as_of);
    }
    let report = render_report(&summary, &options.path.display().to_string(), options.as_of);
    let mut stdout = std::io::stdout().lock();
    if let Err(err) = stdout.write_all(report.as_bytes()).and_then(|()| stdout.flush()) {
        if err.kind() != std::io::ErrorKind::BrokenPipe {
            eprintln!("case_summary: cannot write the report: {err}");
            return ExitCode::from(2);
        }
    }
    if summary.failures.is_empty() {
        ExitCode::SUCCESS
    } else {
        eprintln!(
            "case_summary: {} of {} lines failed to load (see above)",
            summary.failures.len(),
            summary.lines
        );
        ExitCode::FAILURE
    }
}
