//! The shared fixture corpus (`tests/testdata/`) through the Rust API. The same files run
//! through the C and Python surfaces; see `tests/testdata/README.md`.

use std::collections::BTreeMap;

use serde::Deserialize;
use tousu::{Case, Complaint, Error, Event};

const TESTDATA: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../tests/testdata");

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ComplaintFixtures {
    complaint: Vec<ComplaintFixture>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ComplaintFixture {
    name: String,
    #[allow(dead_code)]
    requirement: String,
    json: String,
    expect_error: Option<String>,
    #[serde(default)]
    expect_fields: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct LifecycleFixtures {
    complaints: BTreeMap<String, String>,
    case: Vec<CaseFixture>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CaseFixture {
    name: String,
    #[allow(dead_code)]
    requirement: String,
    complaint: String,
    events: Vec<String>,
    expect_stage: Option<String>,
    expect_error: Option<String>,
}

fn load<T: for<'de> Deserialize<'de>>(file: &str) -> T {
    let text = std::fs::read_to_string(format!("{TESTDATA}/{file}")).unwrap();
    toml::from_str(&text).unwrap_or_else(|e| panic!("{file}: {e}"))
}

#[test]
fn complaint_fixtures() {
    let fixtures: ComplaintFixtures = load("complaints.toml");
    assert!(fixtures.complaint.len() >= 20);
    let mut failures = Vec::new();
    for f in &fixtures.complaint {
        let result = Complaint::from_json(&f.json);
        let outcome = match (&result, &f.expect_error) {
            (Ok(_), None) => Ok(()),
            (Ok(_), Some(code)) => Err(format!("accepted, expected {code}")),
            (Err(e), None) => Err(format!("refused: {e}")),
            (Err(e), Some(code)) if e.code().name() != code => Err(format!("got {} ({e}), expected {code}", e.code())),
            (Err(e), Some(_)) => {
                let paths: Vec<&str> = e.field_errors().iter().map(|p| p.path.as_str()).collect();
                if paths == f.expect_fields {
                    Ok(())
                } else {
                    Err(format!("fields {paths:?}, expected {:?}", f.expect_fields))
                }
            }
        };
        if let Err(why) = outcome {
            failures.push(format!("{}: {why}", f.name));
        }
    }
    assert!(
        failures.is_empty(),
        "{} fixture(s) failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// Runs one lifecycle fixture; the error names what differs.
fn run_case(f: &CaseFixture, complaints: &BTreeMap<String, String>) -> Result<(), String> {
    let complaint = Complaint::from_json(&complaints[&f.complaint]).map_err(|e| format!("base complaint: {e}"))?;
    let last = f.events.len() - 1;
    let mut case: Option<Case> = None;
    for (i, text) in f.events.iter().enumerate() {
        let expect_refusal = i == last && f.expect_error.is_some();
        let result: Result<(), Error> = Event::from_json(text).and_then(|event| match &mut case {
            None => Case::register(complaint.clone(), event).map(|c| case = Some(c)),
            Some(c) => {
                let before = c.clone();
                let r = c.apply(event).map(|_| ());
                if r.is_err() && *c != before {
                    return Err(Error::Usage {
                        code: tousu::ErrorCode::Internal,
                        message: "a refused event changed the case".into(),
                    });
                }
                r
            }
        });
        match (result, expect_refusal) {
            (Ok(()), false) => {}
            (Ok(()), true) => {
                return Err(format!(
                    "event {i} accepted, expected {}",
                    f.expect_error.as_ref().unwrap()
                ))
            }
            (Err(e), false) => return Err(format!("event {i} refused: {e}")),
            (Err(e), true) => {
                let want = f.expect_error.as_ref().unwrap();
                if e.code().name() != want {
                    return Err(format!("event {i}: got {} ({e}), expected {want}", e.code()));
                }
            }
        }
    }
    let stage = case.as_ref().map(|c| c.state().stage.name().to_owned());
    if stage != f.expect_stage {
        return Err(format!("stage {stage:?}, expected {:?}", f.expect_stage));
    }
    if let Some(case) = case {
        let back = Case::from_json(&case.to_json()).map_err(|e| format!("round trip: {e}"))?;
        if back != case {
            return Err("case JSON does not round-trip".to_owned());
        }
    }
    Ok(())
}

#[test]
fn lifecycle_fixtures() {
    let fixtures: LifecycleFixtures = load("lifecycle.toml");
    assert!(fixtures.case.len() >= 40);
    let failures: Vec<String> = fixtures
        .case
        .iter()
        .filter_map(|f| {
            run_case(f, &fixtures.complaints)
                .err()
                .map(|why| format!("{}: {why}", f.name))
        })
        .collect();
    assert!(
        failures.is_empty(),
        "{} fixture(s) failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
