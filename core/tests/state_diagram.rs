//! The documented state diagram is the one the code uses: `core/docs/lifecycle.md` must equal
//! what `state_diagram` draws from the transition table. Regenerate with
//! `TOUSU_BLESS=1 cargo test -p tousu --test state_diagram`.

use tousu::lifecycle::state_diagram;
use tousu::Kind;

fn rendered() -> String {
    format!(
        "## Complaint\n\n```mermaid\n{}```\n\n## Feedback (R3)\n\n```mermaid\n{}```\n",
        state_diagram(Kind::Complaint),
        state_diagram(Kind::Feedback)
    )
}

#[test]
fn docs_lifecycle_md_matches_the_transition_table() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/docs/lifecycle.md");
    let expected = rendered();
    if std::env::var_os("TOUSU_BLESS").is_some() {
        std::fs::write(path, &expected).unwrap();
    }
    let on_disk = std::fs::read_to_string(path).unwrap();
    assert_eq!(
        on_disk, expected,
        "docs/lifecycle.md is stale: rerun with TOUSU_BLESS=1"
    );
}

#[test]
fn feedback_diagram_has_no_investigation_or_decision() {
    let d = state_diagram(Kind::Feedback);
    assert!(!d.contains("investigation_reported"));
    assert!(!d.contains("resolution_decided"));
    assert!(d.contains("in_handling --> result_fed_back: result_fed_back"));
    let c = state_diagram(Kind::Complaint);
    assert!(c.contains("resolved --> result_fed_back: result_fed_back"));
    assert!(!c.contains("in_handling --> result_fed_back"));
}
