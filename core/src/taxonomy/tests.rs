use super::*;

const SMALL: &str = r#"[taxonomy]
id = "test"
version = 2
name = "Test"

[[category]]
code = "a"
label = "A"
label_zh = "甲"
external = { finra_product = "01", cfpb_product = "X" }

[[category]]
code = "b"
label = "B"
label_zh = "乙"

[[category]]
code = "a.x"
label = "AX"
label_zh = "甲一"
external = { finra_problem = "12" }

[[category]]
code = "a.x.deep"
label = "AXD"
label_zh = "甲一深"

[[category]]
code = "a.y"
label = "AY"
label_zh = "甲二"
"#;

fn problems(text: &str) -> Vec<RoutingProblemView> {
    let err = Taxonomy::from_toml(text).unwrap_err();
    err.routing_problems()
        .iter()
        .map(|p| RoutingProblemView {
            code: p.code,
            subject: p.subject.clone(),
            line: p.line,
            problem: p.problem.clone(),
        })
        .collect()
}

#[derive(Debug)]
struct RoutingProblemView {
    code: ErrorCode,
    subject: Option<String>,
    line: Option<u32>,
    problem: String,
}

#[test]
fn pre_order_makes_subtrees_intervals() {
    let t = Taxonomy::from_toml(SMALL).unwrap();
    let codes: Vec<&str> = t.categories().map(|(_, c)| c.code()).collect();
    assert_eq!(codes, ["a", "a.x", "a.x.deep", "a.y", "b"]);
    let a = t.find("a").unwrap();
    let ax = t.find("a.x").unwrap();
    let deep = t.find("a.x.deep").unwrap();
    let ay = t.find("a.y").unwrap();
    let b = t.find("b").unwrap();
    assert_eq!(t.subtree(a), 0..4);
    assert_eq!(t.subtree(ax), 1..3);
    assert!(t.is_within(deep, a) && t.is_within(deep, ax) && t.is_within(deep, deep));
    assert!(!t.is_within(ay, ax) && !t.is_within(b, a) && !t.is_within(a, ax));
    assert_eq!(t.category(deep).depth(), 2);
    assert_eq!(t.category(deep).parent(), Some(ax));
    assert_eq!(t.path(deep), vec![a, ax, deep]);
    assert_eq!(t.category(ay).line(), Some(29));
}

#[test]
fn external_codes_are_inherited_from_ancestors() {
    let t = Taxonomy::from_toml(SMALL).unwrap();
    let codes = t.external_codes(t.find("a.x.deep").unwrap());
    assert_eq!(codes.finra_product.as_deref(), Some("01"));
    assert_eq!(codes.finra_problem.as_deref(), Some("12"));
    assert_eq!(codes.cfpb_product.as_deref(), Some("X"));
    assert_eq!(t.external_codes(t.find("b").unwrap()), ExternalCodes::default());
}

#[test]
fn default_taxonomy_covers_the_sample_and_r8() {
    let t = Taxonomy::default_securities();
    for code in [
        // The exchange's list (L453) and the sample's codes.
        "trading.execution",
        "disclosure.information",
        "trading.information_leak",
        "fees.commission",
        "funds.account",
        "marketing.advertising",
        "service.attitude",
        "service.praise",
        "service.suggestion",
        "system.failure",
        "system.usability",
        "suitability.mis_selling",
        "staff.misconduct",
        "account.opening",
        "account.closing",
        "margin.financing",
        "fund.sales",
        "fund.redemption",
        "advice.investment",
        "data.personal",
    ] {
        assert!(t.find(code).is_some(), "{code}");
    }
    assert_eq!(t.id(), "cn.securities");
    let err = t.require("X-1", "fees.unknown").unwrap_err();
    assert_eq!(err.code(), ErrorCode::UnknownCategory);
    assert_eq!(
        err.to_string(),
        "complaint X-1: category `fees.unknown` is not in taxonomy cn.securities version 1"
    );
}

#[test]
fn syntax_errors_have_line_and_column() {
    let p = problems("[taxonomy]\nid = \"x\"\nversion = 1\nname = \"X\"\n[[category]]\ncode = \"a\nlabel = \"A\"\n");
    assert_eq!(p.len(), 1);
    assert_eq!(p[0].code, ErrorCode::TaxonomySyntax);
    assert_eq!(p[0].line, Some(6));
}

#[test]
fn every_problem_is_reported_with_its_category_and_line() {
    let text = SMALL.replace("code = \"b\"", "code = \"B!\"").replace("code = \"a.y\"", "code = \"q.y\"")
        + "\n[[category]]\ncode = \"a\"\nlabel = \" \"\nlabel_zh = \"甲\"\n\n[[category]]\ncode = \"c\"\nlabel = \"C\"\nlabel_zh = \"丙\"\ncolour = \"red\"\n\n[[category]]\ncode = \"d\"\nlabel = 5\nlabel_zh = \"丁\"\n";
    let p = problems(&text);
    let summary: Vec<(ErrorCode, Option<&str>, Option<u32>)> =
        p.iter().map(|p| (p.code, p.subject.as_deref(), p.line)).collect();
    assert_eq!(
        summary,
        [
            (ErrorCode::InvalidTaxonomy, Some("B!"), Some(13)),
            (ErrorCode::InvalidTaxonomy, Some("q.y"), Some(29)),
            (ErrorCode::InvalidTaxonomy, Some("a"), Some(34)),
            (ErrorCode::InvalidTaxonomy, Some("a"), Some(34)),
            // The line of the unknown field and of the value of the wrong type.
            (ErrorCode::TaxonomySyntax, Some("c"), Some(42)),
            (ErrorCode::TaxonomySyntax, Some("d"), Some(46)),
        ],
        "{p:#?}"
    );
    assert!(
        p[1].problem.contains("the parent `q` of `q.y` is not a category"),
        "{}",
        p[1].problem
    );
    assert!(p[2].problem.contains("defined twice") || p[3].problem.contains("defined twice"));
    assert!(p[4].problem.contains("unknown field `colour`"), "{}", p[4].problem);
    assert!(p[5].problem.contains("invalid type"), "{}", p[5].problem);
}

#[test]
fn header_problems() {
    let p = problems("[[category]]\ncode = \"a\"\nlabel = \"A\"\nlabel_zh = \"甲\"\n");
    assert_eq!(p[0].code, ErrorCode::TaxonomySyntax);
    assert!(p[0].problem.contains("missing field `taxonomy`"));
    let p = problems("[taxonomy]\nid = \"\"\nversion = 1\nname = \"X\"\nextra = 1\n");
    let codes: Vec<ErrorCode> = p.iter().map(|p| p.code).collect();
    assert!(codes.contains(&ErrorCode::TaxonomySyntax), "{p:?}");
    let p = problems("[taxonomy]\nid = \"\"\nversion = 1\nname = \"X\"\n");
    assert!(p.iter().any(|p| p.problem == "the taxonomy id is empty"), "{p:?}");
    assert!(p.iter().any(|p| p.problem == "the taxonomy has no category"), "{p:?}");
    let err = Taxonomy::from_toml("[taxonomy]\nid = \"\"\nversion = 1\nname = \"X\"\n").unwrap_err();
    assert!(err.to_string().starts_with("taxonomy ?: "), "{err}");
}

#[test]
fn a_chinese_label_may_be_left_out_but_not_left_blank() {
    // A US firm's taxonomy: English labels only.
    let english = "[taxonomy]\nid = \"us.firm\"\nversion = 1\nname = \"US\"\n\n[[category]]\ncode = \"mortgage\"\nlabel = \"Mortgage\"\nexternal = { cfpb_product = \"Mortgage\" }\n";
    let t = Taxonomy::from_toml(english).unwrap();
    let mortgage = t.find("mortgage").unwrap();
    assert_eq!(t.category(mortgage).label(), "Mortgage");
    assert_eq!(t.category(mortgage).label_zh(), None);
    // The shipped taxonomy, for Chinese brokerages, labels every category in Chinese.
    let default = Taxonomy::default_securities();
    for (_, c) in default.categories() {
        assert!(c.label_zh().is_some_and(|l| !l.trim().is_empty()), "{}", c.code());
    }
    // Given, it must say something.
    let blank = english.replace("label = \"Mortgage\"", "label = \"Mortgage\"\nlabel_zh = \" \"");
    let p = problems(&blank);
    assert_eq!(p.len(), 1, "{p:?}");
    assert_eq!(
        (p[0].code, p[0].subject.as_deref()),
        (ErrorCode::InvalidTaxonomy, Some("mortgage"))
    );
    assert_eq!(p[0].problem, "label_zh is empty");
}
