//! Fuzzing of the taxonomy, rule-set and staff-directory parsers inside the test suite, in the
//! manner of `fuzz_parsers.rs`: the shipped data files and the fixture rule sets are mutated
//! (bytes flipped, lines cut, duplicated or swapped, TOML tokens spliced in) and arbitrary text
//! is fed to every loader. No input may panic, and every refusal must carry a taxonomy, rule-set
//! or directory code (the 6000 range) — never an internal one.

use proptest::prelude::*;

#[path = "support/mutate.rs"]
mod mutate;
use mutate::{mutate, mutation};
use tousu::{Directory, ErrorCategory, RuleSet, Taxonomy};

const TAXONOMY: &str = include_str!("../data/taxonomy/cn-securities.toml");
const RULES: &str = include_str!("../data/rules/cn-seed.toml");
const FIXTURES: &str = include_str!("../../tests/testdata/routing.toml");

const DIRECTORY: &str = r#"[directory]
id = "fuzz.staff"
version = 1
head_office = "总部经纪业务管理部"

[[person]]
id = "SZFT002"
name = "运营主管"
roles = ["operations_supervisor"]
office = "深圳福田营业部"
department = "运营部"
conflicts = { persons = ["SZFT021"], accounts = ["0123456789"] }

[[person]]
id = "SZFT001"
name = "总经理"
roles = ["branch_general_manager"]
office = "深圳福田营业部"
available = false
"#;

const DIRECTORY_JSON: &str = r#"{"directory": {"id": "fuzz.staff", "version": 1, "head_office": "HQ"}, "person": [{"id": "SZFT002", "name": "甲", "roles": ["operations_supervisor"], "office": "深圳福田营业部", "conflicts": {"persons": ["X"]}}]}"#;

/// The rule sets of the fixture corpus (between ''' quotes after `= '''` at a line start).
fn fixture_rule_sets() -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = FIXTURES;
    while let Some(start) = rest.find("'''\n[rule_set]") {
        let after = &rest[start + 4..];
        let Some(end) = after.find("'''") else { break };
        out.push(after[..end].to_owned());
        rest = &after[end..];
    }
    out
}

/// Tokens of this format, beside `mutate`'s TOML punctuation.
const TOKENS: &[&str] = &[
    "\n[[rule]]\n",
    "\n[[category]]\n",
    "\n[[person]]\n",
    "\n[roles.x]\n",
    "when = {}",
    "then = {}",
    "not = {}",
    "any = []",
    "all = [{ not = { all = [{ severity = \"major\" }] } }]",
    "amount = { at_least = 9223372036854775807 }",
    "amount = { at_least = 5, below = 5 }",
    "1979-05-27",
    "escalates_to = \"operations_supervisor\"",
    "category = \"a.b.c.d.e\"",
    "earlier_complaints = { at_least = 0, within_days = 99999 }",
];

fn check_refusal(err: tousu::Error) -> Result<(), TestCaseError> {
    prop_assert_eq!(err.code().category(), ErrorCategory::Routing, "{}", err);
    prop_assert!((6000..6300).contains(&err.code().number()), "{}", err);
    prop_assert!(!err.routing_problems().is_empty(), "{}", err);
    prop_assert!(!err.to_string().is_empty());
    Ok(())
}

fn all_parsers(text: &str, taxonomy: &Taxonomy) -> Result<(), TestCaseError> {
    if let Err(e) = Taxonomy::from_toml(text) {
        check_refusal(e)?;
    }
    if let Err(e) = RuleSet::from_toml(text, taxonomy) {
        check_refusal(e)?;
    }
    if let Err(e) = Directory::from_toml(text) {
        check_refusal(e)?;
    }
    if let Err(e) = Directory::from_json(text) {
        check_refusal(e)?;
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 1500, ..ProptestConfig::default() })]

    #[test]
    fn mutated_documents_never_panic(seed in 0usize..6, extra in any::<prop::sample::Index>(), mutations in prop::collection::vec(mutation(), 1..5)) {
        let taxonomy = Taxonomy::default_securities();
        let fixtures = fixture_rule_sets();
        let doc = match seed {
            0 => TAXONOMY.to_owned(),
            1 => RULES.to_owned(),
            2 => fixtures[extra.index(fixtures.len())].clone(),
            3 => DIRECTORY.to_owned(),
            4 => DIRECTORY_JSON.to_owned(),
            _ => RULES.to_owned() + "\n" + &fixtures[extra.index(fixtures.len())].replace("[rule_set]", "[other]"),
        };
        let text = mutate(&doc, &mutations, TOKENS);
        all_parsers(&text, &taxonomy)?;
        // A mutated taxonomy that still loads is a taxonomy the default rules may be checked against.
        if let Ok(t) = Taxonomy::from_toml(&text) {
            if let Err(e) = RuleSet::from_toml(RULES, &t) { check_refusal(e)?; }
        }
    }

    #[test]
    fn arbitrary_text_never_panics(text in "\\PC{0,200}") {
        let taxonomy = Taxonomy::default_securities();
        all_parsers(&text, &taxonomy)?;
    }
}

#[test]
fn seeds_load_before_mutation() {
    let taxonomy = Taxonomy::from_toml(TAXONOMY).unwrap();
    RuleSet::from_toml(RULES, &taxonomy).unwrap();
    let sets = fixture_rule_sets();
    assert!(!sets.is_empty());
    for s in sets {
        RuleSet::from_toml(&s, &taxonomy).unwrap();
    }
    Directory::from_toml(DIRECTORY).unwrap();
    Directory::from_json(DIRECTORY_JSON).unwrap();
}
