//! The deadline fixtures (`tests/testdata/deadlines.toml`) through the Rust API; format in
//! `tests/testdata/README.md`.

#[path = "support/figures.rs"]
mod figures;
use figures::same_figures;
use std::collections::BTreeMap;

use chrono::{DateTime, FixedOffset};
use serde::Deserialize;
use tousu::{deadlines, Case, Complaint, Event, Policy, WorkCalendar};

const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../tests/testdata/deadlines.toml");

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Fixtures {
    complaints: BTreeMap<String, String>,
    case: Vec<Fixture>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Fixture {
    name: String,
    #[allow(dead_code)]
    requirement: String,
    policy: String,
    calendar: Option<String>,
    complaint: String,
    received_at: Option<String>,
    events: Vec<String>,
    now: String,
    expect_error: Option<String>,
    #[serde(default)]
    expect: Vec<Expect>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Expect {
    milestone: String,
    status: String,
    due: Option<String>,
    met_at: Option<String>,
    elapsed: Option<i64>,
    remaining: Option<i64>,
    paused: Option<usize>,
    paused_time: Option<i64>,
    extensions: Option<usize>,
    extensions_over_limit: Option<usize>,
}

fn instant(s: &str) -> DateTime<FixedOffset> {
    DateTime::parse_from_rfc3339(s).unwrap_or_else(|e| panic!("{s}: {e}"))
}

#[test]
fn deadline_fixtures() {
    let text = std::fs::read_to_string(FIXTURES).unwrap();
    let fixtures: Fixtures = toml::from_str(&text).unwrap();
    let mut names = std::collections::BTreeSet::new();
    let mut failures = Vec::new();
    for f in &fixtures.case {
        assert!(names.insert(f.name.clone()), "fixture {} twice", f.name);
        if let Err(problem) = run(&fixtures, f) {
            failures.push(format!("{}: {problem}", f.name));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} fixtures failed:\n{}",
        failures.len(),
        fixtures.case.len(),
        failures.join("\n")
    );
    assert!(fixtures.case.len() >= 15);
}

fn run(fixtures: &Fixtures, f: &Fixture) -> Result<(), String> {
    let mut complaint: serde_json::Value = serde_json::from_str(&fixtures.complaints[&f.complaint]).unwrap();
    if let Some(at) = &f.received_at {
        complaint["received_at"] = serde_json::Value::String(at.clone());
    }
    let complaint = Complaint::from_json(&complaint.to_string()).map_err(|e| e.to_string())?;
    let events: Vec<Event> = f.events.iter().map(|e| Event::from_json(e).unwrap()).collect();
    let case = Case::replay(complaint, events).map_err(|e| format!("replay: {e}"))?;
    let policy = Policy::preset(&f.policy).map_err(|e| e.to_string())?;
    let calendar =
        WorkCalendar::builtin(f.calendar.as_deref().unwrap_or(policy.calendar())).map_err(|e| e.to_string())?;
    let result = deadlines(&case, &policy, &calendar, instant(&f.now));
    // The plain figures come from the same engine: the same answers, or the same error.
    let mut figures = vec![];
    let plain = policy.deadline_figures(&case, &calendar, instant(&f.now), &mut figures);
    match (&result, &plain) {
        (Ok(all), Ok(())) => same_figures(all, &figures)?,
        (Err(a), Err(b)) if a.code() == b.code() && figures.is_empty() => {}
        _ => {
            return Err(format!(
                "deadlines {:?} but figures {:?}",
                result.as_ref().err(),
                plain.err()
            ))
        }
    }
    let all = match (result, &f.expect_error) {
        (Err(e), Some(code)) if e.code().name() == code => return Ok(()),
        (Err(e), _) => return Err(format!("error {}: {e}", e.code())),
        (Ok(_), Some(code)) => return Err(format!("expected {code}, got deadlines")),
        (Ok(all), None) => all,
    };
    if all.len() != policy.milestones().len() {
        return Err(format!(
            "{} deadlines for {} milestones",
            all.len(),
            policy.milestones().len()
        ));
    }
    for x in &f.expect {
        let d = all
            .iter()
            .find(|d| *d.milestone == *x.milestone)
            .ok_or_else(|| format!("no milestone {}", x.milestone))?;
        let m = &x.milestone;
        let check = |what: &str, ok: bool, got: String| {
            if ok {
                Ok(())
            } else {
                Err(format!("{m}: {what} is {got}"))
            }
        };
        check("status", d.status.name() == x.status, d.status.name().to_owned())?;
        check(
            "due",
            d.due == x.due.as_deref().map(instant),
            format!("{:?}", d.due.map(|t| t.to_rfc3339())),
        )?;
        if let Some(met) = &x.met_at {
            check("met_at", d.met_at == Some(instant(met)), format!("{:?}", d.met_at))?;
        }
        if let Some(s) = x.elapsed {
            check(
                "elapsed",
                d.elapsed.num_seconds() == s,
                d.elapsed.num_seconds().to_string(),
            )?;
        }
        if let Some(s) = x.remaining {
            check(
                "remaining",
                d.remaining.num_seconds() == s,
                d.remaining.num_seconds().to_string(),
            )?;
        }
        if let Some(n) = x.paused {
            check("paused", d.paused.len() == n, format!("{:?}", d.paused))?;
        }
        if let Some(s) = x.paused_time {
            check(
                "paused_time",
                d.paused_time.num_seconds() == s,
                d.paused_time.num_seconds().to_string(),
            )?;
        }
        if let Some(n) = x.extensions {
            check("extensions", d.extensions.len() == n, format!("{:?}", d.extensions))?;
        }
        if let Some(n) = x.extensions_over_limit {
            check(
                "extensions_over_limit",
                d.extensions_over_limit.len() == n,
                format!("{:?}", d.extensions_over_limit),
            )?;
        }
    }
    Ok(())
}
