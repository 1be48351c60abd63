//! The committed sample data (`data/sample_cases.jsonl`): every line is a case file that tousu
//! reads, validates and replays; every line is already in tousu's own serialized form; and the
//! set covers the procedure the library models.

use std::collections::BTreeSet;
use std::path::PathBuf;

use tousu::{Action, Case, DecisionBody, IdDocumentKind, Kind, Severity, Stage};

/// 2023-01-01T00:00:00+08:00 and 2025-01-01T00:00:00+08:00, Unix seconds.
const FIRST_INSTANT: i64 = 1_672_502_400;
const AFTER_AS_OF: i64 = 1_735_660_800;

fn sample_path() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("data/sample_cases.jsonl")
}

fn sample_text() -> String {
    let path = sample_path();
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
}

/// Every line, loaded; panics naming every line that fails.
fn load_all(text: &str) -> Vec<Case> {
    let mut cases = Vec::new();
    let mut failures = Vec::new();
    for (i, line) in text.lines().enumerate() {
        match Case::from_json(line) {
            Ok(case) => cases.push(case),
            Err(err) => failures.push(format!("line {}: {err}", i + 1)),
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} lines failed to load:\n{}",
        failures.len(),
        text.lines().count(),
        failures.join("\n")
    );
    cases
}

#[test]
fn every_line_loads() {
    let text = sample_text();
    let cases = load_all(&text);
    assert!(
        (2_500..=3_500).contains(&cases.len()),
        "about 3,000 cases expected, found {}",
        cases.len()
    );
    assert!(
        text.ends_with('\n') && !text.contains("\n\n"),
        "one case per line, no blank lines"
    );
}

#[test]
fn the_file_stays_small() {
    let len = std::fs::metadata(sample_path()).expect("sample file").len();
    assert!(
        len < 8 * 1024 * 1024,
        "the sample file is {len} bytes; keep it under 8 MB"
    );
}

/// The generator writes fields in serde's order and timestamps as tousu writes them, so reading
/// a line and writing it back gives the same bytes.
#[test]
fn lines_are_in_canonical_form() {
    let text = sample_text();
    for (i, line) in text.lines().enumerate() {
        let case = Case::from_json(line).unwrap_or_else(|e| panic!("line {}: {e}", i + 1));
        assert_eq!(case.to_json(), line, "line {} is not in canonical form", i + 1);
    }
}

#[test]
fn ids_are_unique_and_times_lie_in_the_sample_period() {
    let cases = load_all(&sample_text());
    let mut ids = BTreeSet::new();
    for case in &cases {
        let c = case.complaint();
        assert!(ids.insert(c.id.clone()), "duplicate id {}", c.id);
        assert_eq!(
            c.received_at.offset().local_minus_utc(),
            8 * 3600,
            "{}: Beijing time",
            c.id
        );
        let received = c.received_at.timestamp();
        assert!(
            (FIRST_INSTANT..AFTER_AS_OF).contains(&received),
            "{}: received {}",
            c.id,
            c.received_at
        );
        for e in case.events() {
            assert_eq!(
                e.at.offset().local_minus_utc(),
                8 * 3600,
                "{}: event in Beijing time",
                c.id
            );
            assert!(e.at.timestamp() < AFTER_AS_OF, "{}: event after the as-of date", c.id);
        }
    }
}

#[test]
fn the_sample_covers_the_procedure() {
    let cases = load_all(&sample_text());
    let n = cases.len();

    let channels: BTreeSet<&str> = cases.iter().map(|c| c.complaint().channel.as_str()).collect();
    for channel in [
        "phone",
        "email",
        "letter",
        "web_form",
        "walk_in",
        "online_chat",
        "comment_box",
        "regulator_forwarded",
        "judicial_or_association_forwarded",
    ] {
        assert!(channels.contains(channel), "no case came by {channel}");
    }
    let severities: BTreeSet<Severity> = cases.iter().map(|c| c.complaint().severity).collect();
    assert_eq!(severities.len(), 5, "every severity: {severities:?}");
    let ordinary = cases
        .iter()
        .filter(|c| c.complaint().severity == Severity::Ordinary)
        .count();
    assert!(ordinary * 2 > n, "most cases are ordinary");

    let feedback = cases.iter().filter(|c| c.kind() == Kind::Feedback).count();
    assert!(
        (n / 20..=n / 6).contains(&feedback),
        "about 10% feedback, found {feedback} of {n}"
    );

    let branches: BTreeSet<&str> = cases.iter().map(|c| c.complaint().branch.as_str()).collect();
    assert!((7..=11).contains(&branches.len()), "branches: {branches:?}");
    let categories: BTreeSet<&str> = cases.iter().map(|c| c.complaint().category.as_str()).collect();
    assert!(categories.len() >= 15, "categories: {categories:?}");

    let stages: BTreeSet<Stage> = cases.iter().map(|c| c.state().stage).collect();
    for stage in [
        Stage::Registered,
        Stage::InHandling,
        Stage::Resolved,
        Stage::ResultFedBack,
        Stage::Disputed,
        Stage::Closed,
        Stage::Archived,
    ] {
        assert!(stages.contains(&stage), "no case at stage {}", stage.name());
    }
    let open = cases.iter().filter(|c| c.state().stage.is_open()).count();
    assert!((n / 10..=n / 5).contains(&open), "about 15% open, found {open} of {n}");

    // Every kind of event occurs.
    let kinds: BTreeSet<&str> = cases
        .iter()
        .flat_map(|c| c.events().iter().map(|e| e.action.name()))
        .collect();
    for kind in tousu::ActionKind::ALL {
        assert!(kinds.contains(kind.name()), "no `{}` event in the sample", kind.name());
    }

    // Decisions by the authority each severity needs (R10, R18) — core enforces the minimum;
    // the sample uses every body.
    let bodies: BTreeSet<String> = cases
        .iter()
        .filter_map(|c| c.state().decided_by)
        .map(|b| format!("{b:?}"))
        .collect();
    for body in [
        DecisionBody::Handler,
        DecisionBody::BranchGeneralManager,
        DecisionBody::HeadOffice,
        DecisionBody::ManagementMeeting,
    ] {
        assert!(bodies.contains(&format!("{body:?}")), "no decision by {body:?}");
    }

    // Recusal (R12): cases name a person complained about, who never handles them.
    let mut with_respondent = 0;
    for case in &cases {
        let Some(person) = case.complaint().respondent.person.as_deref() else {
            continue;
        };
        with_respondent += 1;
        for e in case.events() {
            let handling = match &e.action {
                Action::Assigned { handler } => Some(handler.as_str()),
                Action::HandedOver { to, .. } => Some(to.as_str()),
                Action::Escalated { to, .. } => to.as_deref(),
                _ => None,
            };
            assert_ne!(
                handling,
                Some(person),
                "{}: the respondent handles",
                case.complaint().id
            );
        }
    }
    assert!(with_respondent > 50, "respondent persons: {with_respondent}");

    // Regulator-forwarded cases: most reported back, some still owing.
    let owing: Vec<_> = cases.iter().filter(|c| c.complaint().owes_report_back()).collect();
    let reported = owing
        .iter()
        .filter(|c| c.state().reported_to_regulator_at.is_some())
        .count();
    assert!(
        reported * 2 > owing.len() && reported < owing.len(),
        "{reported} of {}",
        owing.len()
    );

    assert!(cases.iter().any(|c| c.state().reopened > 0), "some reopened");
    assert!(
        cases.iter().any(|c| c.state().satisfaction.is_some()),
        "callback visits"
    );
}

#[test]
fn most_complainants_show_a_resident_id_card() {
    let cases = load_all(&sample_text());
    let cards = cases
        .iter()
        .filter(|c| {
            c.complaint()
                .complainant
                .id_document
                .as_ref()
                .is_some_and(|d| d.kind == IdDocumentKind::ResidentIdCard)
        })
        .count();
    assert!(
        cards * 4 > cases.len() * 3,
        "{cards} of {} show a resident ID card",
        cases.len()
    );
    // Their check digits are valid: validation ran when the cases loaded; check once more here
    // through the public checker.
    for case in &cases {
        if let Some(doc) = &case.complaint().complainant.id_document {
            assert_eq!(doc.check(), Ok(()), "{}", case.complaint().id);
        }
    }
}
