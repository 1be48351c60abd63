"""Taxonomies, rule sets, decisions and assignment from Python: loading (every problem named
with its rule and line, pickle-safe), routing one complaint, a list or a pandas frame (the
three agree on the bundled sample), the GIL released, and assignment with recusal."""

from __future__ import annotations

import datetime as dt
import json
import pickle
import re
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

import tousu
from threads import ticks_during

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "examples" / "data" / "sample_cases.jsonl"
OBLIGATIONS = [
    "liaison_form",
    "regulator_report_back",
    "management_meeting",
    "written_reply",
    "incident_investigation",
    "progress_updates",
]

# The Rust tests' base rule set (core/tests/routing.rs): lines are counted from 1 on this text.
BASE = """\
[rule_set]
id = "test.rules"
version = 1
name = "Test"
taxonomy = "cn.securities"
hit_policy = "first_match"

[roles.supervisor]
label = "Supervisor"
level = "branch"
escalates_to = "manager"

[roles.manager]
label = "Manager"
level = "branch"

[[rule]]
id = "big"
priority = 10
when = { amount = { at_least = 5000000 } }
then = { handler = "manager", obligations = ["written_reply"] }

[[rule]]
id = "rest"
then = { handler = "supervisor", policy = "cn.branch" }
"""


def with_(old: str, new: str) -> str:
    assert BASE.count(old) == 1, old
    return BASE.replace(old, new)


def line_of(text: str, needle: str) -> int:
    return text[: text.index(needle)].count("\n") + 1


def complaint_dict(**patch: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": "SZ-2024-0103",
        "channel": "phone",
        "complainant": {
            "name": "王建国",
            "contact": {"phone": "13800138000"},
            "securities_account": "0123456789",
        },
        "receiver": "SZFT011",
        "branch": "深圳福田营业部",
        "received_at": "2024-03-01T09:30:00+08:00",
        "matter": "m",
        "facts": {"account": "a"},
        "demand": "d",
        "category": "service.attitude",
    }
    data.update(patch)
    return data


def complaint(**patch: Any) -> tousu.Complaint:
    return tousu.Complaint.from_dict(complaint_dict(**patch))


@pytest.fixture(scope="module")
def sample() -> list[tousu.Complaint]:
    with SAMPLE.open(encoding="utf-8") as lines:
        return [tousu.Complaint.from_dict(json.loads(line)["complaint"]) for line in lines]


# --- Taxonomy ---------------------------------------------------------------------------------


def test_the_default_taxonomy() -> None:
    t = tousu.Taxonomy.default()
    assert (t.id, t.version) == ("cn.securities", 1)
    assert len(t) == len(t.codes) > 40
    assert "fees.commission" in t and "fees.nothing" not in t and 42 not in t
    assert t.is_within("fees.commission", "fees") and not t.is_within("fees", "fees.commission")
    assert t.codes.index("fees") < t.codes.index("fees.commission")
    fees = t.category("fees.commission")
    assert (fees["parent"], fees["depth"], fees["label_zh"]) == ("fees", 1, "佣金")
    assert t == tousu.Taxonomy.default()
    with pytest.raises(tousu.RoutingError) as info:
        t.category("fees.nothing")
    assert info.value.code == "TOUSU_STATUS_UNKNOWN_CATEGORY"
    with pytest.raises(TypeError, match="argument 'code' must be str, not int"):
        t.category(5)  # type: ignore[arg-type]


def test_external_codes_are_inherited_from_ancestors() -> None:
    text = """\
[taxonomy]
id = "acme.tax"
version = 3
name = "Acme"

[[category]]
code = "funds"
label = "Funds"
label_zh = "基金"
external = { finra_product = "09", cfpb_product = "Investments" }

[[category]]
code = "funds.redemption"
label = "Redemption"
label_zh = "赎回"
external = { cfpb_issue = "Redemption delay" }
"""
    t = tousu.Taxonomy.from_toml(text)
    assert (t.id, t.version, t.codes) == ("acme.tax", 3, ["funds", "funds.redemption"])
    assert t.category("funds")["label_zh"] == "基金"
    # A Chinese label may be left out (a US or UK firm's taxonomy).
    english = tousu.Taxonomy.from_toml(text.replace('label_zh = "赎回"\n', ""))
    assert english.category("funds.redemption")["label_zh"] is None
    external = t.category("funds.redemption")["external"]
    assert external == {"finra_product": "09", "cfpb_product": "Investments", "cfpb_issue": "Redemption delay"}
    bad = text.replace('code = "funds.redemption"', 'code = "bonds.redemption"')
    with pytest.raises(tousu.RoutingError) as info:
        tousu.Taxonomy.from_toml(bad, file="acme.toml")
    err = info.value
    assert (err.what, err.id, err.file) == ("taxonomy", "acme.tax", "acme.toml")
    [problem] = err.problems
    assert problem.code == "TOUSU_STATUS_INVALID_TAXONOMY"
    assert (problem.subject, problem.line) == ("bonds.redemption", line_of(bad, 'code = "bonds'))


# --- Loading rule sets ------------------------------------------------------------------------


def test_the_default_rule_set() -> None:
    rules = tousu.RuleSet.default()
    assert (rules.id, rules.version, rules.hit_policy, rules.currency) == ("cn.seed", 1, "collect_all", "CNY")
    assert rules.warnings == ()
    assert rules.evaluation_order[0] == "regulator_forwarded"
    assert rules.evaluation_order[-1] == "branch_operations_supervisor"
    assert "operations_supervisor" in rules.roles
    assert rules.taxonomy.id == "cn.securities"
    assert tousu.RuleSet.default_procedure().rules == rules.rules
    rule = rules.rule("major_or_compensation")
    assert rule["priority"] == 80 and rule["then"]["handler"] == "branch_general_manager"
    assert rule["condition"] == "severity in [major, compensation]"
    assert rules.rule("branch_operations_supervisor")["condition"] is None
    with pytest.raises(KeyError, match="no rule `nothing`"):
        rules.rule("nothing")


def test_the_base_loads_on_a_given_taxonomy() -> None:
    rules = tousu.RuleSet.from_toml(BASE, taxonomy=tousu.Taxonomy.default(), file="base.toml")
    assert repr(rules) == "<RuleSet 'test.rules' version=1 first_match rules=2>"
    assert rules.rules == ["big", "rest"]


def load_problems(text: str) -> tousu.RoutingError:
    with pytest.raises(tousu.RoutingError) as info:
        tousu.RuleSet.from_toml(text, file="rules.toml")
    return info.value


# (what is wrong, the text, then the one problem expected: code, rule, path, and the text at
# the start of its line)
BAD_RULE_SETS = [
    (
        "unknown category",
        with_("when = { amount", 'when = { category = "fees.surcharge", amount'),
        ("TOUSU_STATUS_UNKNOWN_CATEGORY", "big", "rule[0].when.category", "fees.surcharge"),
    ),
    (
        "duplicate id",
        with_('id = "rest"', 'id = "big"'),
        ("TOUSU_STATUS_INVALID_RULE", "big", "rule[1].id", 'id = "big"\nthen'),
    ),
    (
        "a string compared with a number",
        with_("at_least = 5000000", 'at_least = "5000000"'),
        ("TOUSU_STATUS_RULE_SET_SYNTAX", "big", "rule[0].when.amount.at_least", '"5000000"'),
    ),
    (
        "a rule after a catch-all",
        BASE + '\n[[rule]]\nid = "late"\nwhen = { severity = "major" }\nthen = { handler = "manager" }\n',
        ("TOUSU_STATUS_UNREACHABLE_RULE", "late", "when", 'id = "late"'),
    ),
    (
        "a rule without an id",
        with_('id = "rest"\n', ""),
        ("TOUSU_STATUS_INVALID_RULE", None, "rule[1].id", '[[rule]]\nthen'),
    ),
]


@pytest.mark.parametrize("text, expected", [(t, e) for _, t, e in BAD_RULE_SETS], ids=[w for w, _, _ in BAD_RULE_SETS])
def test_a_bad_rule_set_names_rule_and_line(text: str, expected: tuple[str, str | None, str, str]) -> None:
    code, rule, path, at = expected
    err = load_problems(text)
    assert len(err.problems) == 1, err
    p = err.problems[0]
    assert (err.code, p.code, p.subject, p.path) == (code, code, rule, path), err
    assert p.line == line_of(text, at) and p.column is not None, p
    assert (err.what, err.id, err.file) == ("rule set", "test.rules", "rules.toml")
    assert "rules.toml" in str(err) and (rule is None or rule in str(err))


def test_the_exact_lines_of_the_rust_tests() -> None:
    """The same edits as core/tests/routing.rs, the same lines."""
    err = load_problems(with_("at_least = 5000000", 'at_least = "5000000"'))
    assert [(p.code, p.subject, p.line) for p in err.problems] == [("TOUSU_STATUS_RULE_SET_SYNTAX", "big", 20)]
    assert "expected an integer of minor units" in err.problems[0].problem
    err = load_problems(with_('id = "big"', 'id = "big'))
    assert [(p.line, p.column) for p in err.problems] == [(18, 10)]
    assert err.id is None


def test_every_problem_of_every_rule_at_once() -> None:
    text = with_("at_least = 5000000", 'at_least = "5000000"').replace(
        'then = { handler = "supervisor", policy = "cn.branch" }',
        'then = { handler = "clerk", policy = "cn.nowhere" }',
    )
    err = load_problems(text)
    assert [p.subject for p in err.problems] == ["big", "rest", "rest"]
    assert [p.line for p in err.problems] == sorted(p.line or 0 for p in err.problems)


def test_load_errors_pickle_with_their_problems() -> None:
    err = load_problems(with_('id = "rest"', 'id = "big"'))
    back = pickle.loads(pickle.dumps(err))
    assert type(back) is tousu.RoutingError and isinstance(back, ValueError)
    assert (back.code, back.problems, back.file, str(back)) == (err.code, err.problems, err.file, str(err))
    assert isinstance(back.problems[0], tousu.RoutingProblem)


def test_a_rule_set_that_leaves_complaints_unrouted_warns() -> None:
    rules = tousu.RuleSet.from_toml(with_('id = "rest"\n', 'id = "rest"\nwhen = { kind = "feedback" }\n'))
    [warning] = rules.warnings
    assert isinstance(warning, tousu.RoutingProblem) and "match no rule" in warning.problem
    d = rules.route(complaint())
    assert not d.routed and d.handler is None and d.matched == () and d.deciding_rule is None
    assert "no rule matched" in d.explain()


def test_wrong_argument_types() -> None:
    with pytest.raises(TypeError, match="argument 'text' must be str, not bytes"):
        tousu.RuleSet.from_toml(BASE.encode())  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="argument 'taxonomy' must be tousu.Taxonomy, not str"):
        tousu.RuleSet.from_toml(BASE, taxonomy="cn.securities")  # type: ignore[arg-type]
    rules = tousu.RuleSet.default()
    with pytest.raises(TypeError, match="argument 'complaint' must be tousu.Complaint, not dict"):
        rules.route(complaint_dict())  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="item 0 must be datetime.date, not str"):
        rules.route(complaint(), earlier_complaints=["2024-01-01"])  # type: ignore[list-item]
    with pytest.raises(tousu.ParseError, match="unknown attribute `old`"):
        rules.route(complaint(), attributes=["old"])
    with pytest.raises(TypeError, match="not a single str"):
        rules.route(complaint(), attributes="elderly")
    with pytest.raises(TypeError, match="item 1 must be tousu.Complaint, not int"):
        rules.route_many([complaint(), 1])  # type: ignore[list-item]
    with pytest.raises(TypeError, match="list of tousu.Complaint or a pandas.DataFrame, not int"):
        rules.route_many(5)  # type: ignore[call-overload]


# --- Decisions --------------------------------------------------------------------------------


def test_a_decision_and_its_explanation() -> None:
    rules = tousu.RuleSet.default()
    c = complaint(severity="major", respondent={"department": "运营部"})
    d = rules.route(c)
    assert (d.handler, d.level, d.policy, d.escalate_to, d.department) == (
        "branch_general_manager",
        "branch",
        "cn.branch",
        None,
        None,
    )
    assert d.obligations == {"written_reply", "liaison_form", "progress_updates"}
    assert d.matched == ("major_or_compensation", "cross_department_liaison", "branch_operations_supervisor")
    assert d.deciding_rule == "major_or_compensation" and d.routed and d.rule_set == "cn.seed"
    assert d.sources["handler"] == "major_or_compensation" and d.sources["policy"] == "branch_operations_supervisor"
    assert d.complaint == c
    text = d.explain()
    assert text.startswith("complaint SZ-2024-0103 routed by cn.seed v1 (collect_all)")
    assert "because severity in [major, compensation] (severity major)" in text
    assert "handler: branch_general_manager (rule major_or_compensation)" in text
    e = d.explanation()
    assert e["decided_by"] == "major_or_compensation"
    assert [m["id"] for m in e["matched"]] == list(d.matched)
    assert e["actions"]["from"]["liaison_form"] == "cross_department_liaison"
    assert json.loads(d.to_json()) == d.to_dict()
    assert d.to_dict()["obligations"] == ["liaison_form", "written_reply", "progress_updates"]
    # Equal decisions of one rule set are equal and hash alike; another rule set's are not.
    again = rules.route(complaint(severity="major", respondent={"department": "运营部"}))
    assert again == d and hash(again) == hash(d) and len({d, again}) == 1
    assert tousu.RuleSet.default().route(c) != d
    assert repr(d).startswith("<Decision handler='branch_general_manager' level='branch'")


def test_decisions_are_left_to_reference_counting() -> None:
    """A decision cannot be part of a cycle: the cycle collector does not track it (it was a
    third of the time of routing a million complaints), and it is freed all the same."""
    import gc
    import sys

    rules = tousu.RuleSet.default()
    c = complaint()
    decisions = [rules.route(c), *rules.route_many([c, c])]
    assert not any(gc.is_tracked(d) for d in decisions)
    assert gc.is_tracked(c) and gc.is_tracked(rules)
    # Each decision holds its complaint until it goes: the reference count says so.
    before = sys.getrefcount(c)
    del decisions
    assert sys.getrefcount(c) == before - 3


def test_the_callers_context_decides_too() -> None:
    screening = tousu.RuleSet.from_toml(
        BASE.replace('[[rule]]\nid = "big"', '[[rule]]\nid = "repeat"\npriority = 20\n'
                     'when = { earlier_complaints = { at_least = 2, within_days = 30 } }\n'
                     'then = { handler = "manager" }\n\n[[rule]]\nid = "new"\npriority = 15\n'
                     'when = { complainant = "new_client" }\nthen = { handler = "manager" }\n\n'
                     '[[rule]]\nid = "big"')
    )
    c = complaint()
    assert screening.route(c).deciding_rule == "rest"
    two = [dt.date(2024, 2, 10), dt.date(2024, 2, 20)]
    assert screening.route(c, earlier_complaints=two).deciding_rule == "repeat"
    assert screening.route(c, earlier_complaints=two[:1]).deciding_rule == "rest"
    assert screening.route(c, attributes=["new_client"]).deciding_rule == "new"
    assert "(2 earlier)" in screening.route(c, earlier_complaints=two).explain()


def test_an_unknown_category_is_a_routing_error() -> None:
    rules = tousu.RuleSet.default()
    c = complaint(category="fees.surcharge")
    with pytest.raises(tousu.RoutingError) as info:
        rules.route(c)
    assert (info.value.code, info.value.complaint) == ("TOUSU_STATUS_UNKNOWN_CATEGORY", "SZ-2024-0103")
    with pytest.raises(tousu.RoutingError) as info:
        rules.route_many([complaint(), complaint(), c])
    assert info.value.index == 2 and "position 2" in str(info.value)


# --- route, route_many and the frame agree --------------------------------------------------


def frame_of(complaints: list[tousu.Complaint]) -> pd.DataFrame:
    return pd.json_normalize([c.to_dict() for c in complaints])


def test_route_route_many_and_the_frame_agree_on_the_sample(sample: list[tousu.Complaint]) -> None:
    rules = tousu.RuleSet.default()
    one_by_one = [rules.route(c) for c in sample]
    assert rules.route_many(sample) == one_by_one
    frame = rules.route_many(frame_of(sample))
    assert list(frame.columns) == [
        "id",
        "routed",
        "handler",
        "department",
        "level",
        "policy",
        "escalate_to",
        "deciding_rule",
        "matched",
        *OBLIGATIONS,
    ]
    assert list(frame["id"]) == [c.id for c in sample]
    none = lambda v: None if pd.isna(v) else v  # noqa: E731
    for row, d in zip(frame.itertuples(index=False), one_by_one):
        assert (none(row.handler), none(row.level), none(row.policy)) == (d.handler, d.level, d.policy)
        assert (none(row.escalate_to), none(row.department)) == (d.escalate_to, d.department)
        assert (row.deciding_rule, row.matched, row.routed) == (d.deciding_rule, ",".join(d.matched), d.routed)
        assert {o for o in OBLIGATIONS if getattr(row, o)} == d.obligations
    for column in ("handler", "department", "level", "policy", "escalate_to", "deciding_rule", "matched"):
        assert isinstance(frame[column].dtype, pd.CategoricalDtype), column
    assert list(frame["level"].cat.categories) == ["branch", "head_office"]
    assert frame["handler"].cat.categories[0] == "operations_supervisor"
    # Every channel, severity and a forwarding the sample has made it through.
    assert frame["regulator_report_back"].sum() == sum(c.channel == "regulator_forwarded" for c in sample) > 0


def test_identity_documents_show_attributes_in_the_frame_too(sample: list[tousu.Complaint]) -> None:
    """A rule set testing what identity documents show (age from a resident ID on the day of
    receipt, an institution from a credit code) decides the same from a frame as one by one."""
    rules = tousu.RuleSet.from_toml(
        BASE.replace('[[rule]]\nid = "big"', '[[rule]]\nid = "elderly"\npriority = 30\n'
                     'when = { complainant = "elderly" }\nthen = { handler = "manager" }\n\n'
                     '[[rule]]\nid = "institution"\npriority = 20\nwhen = { complainant = "institutional" }\n'
                     'then = { handler = "manager" }\n\n[[rule]]\nid = "big"')
    )
    # Without their tags (elderly_investor, institutional_client), only the documents show it.
    untagged = [tousu.Complaint.from_dict({**c.to_dict(), "tags": []}) for c in sample]
    one_by_one = [d.deciding_rule for d in rules.route_many(untagged)]
    assert {"elderly", "institution", "big", "rest"} <= set(one_by_one)
    frame = frame_of(untagged)
    assert list(rules.route_many(frame)["deciding_rule"]) == one_by_one
    # Timestamps instead of text: the local day all the same.
    frame["received_at"] = [c.received_at for c in untagged]
    assert list(rules.route_many(frame)["deciding_rule"]) == one_by_one
    with pytest.raises(KeyError, match="no column 'received_at'"):
        rules.route_many(frame.drop(columns=["received_at"]))


def test_the_frame_takes_categoricals_and_comma_separated_names() -> None:
    rules = tousu.RuleSet.from_toml(
        BASE.replace('[[rule]]\nid = "big"', '[[rule]]\nid = "media"\npriority = 30\n'
                     'when = { tags_all = ["media_attention", "group_complaint"] }\nthen = { handler = "manager" }\n\n'
                     '[[rule]]\nid = "elderly"\npriority = 20\nwhen = { complainant = "elderly" }\n'
                     'then = { handler = "manager" }\n\n[[rule]]\nid = "big"')
    )
    frame = pd.DataFrame(
        {
            "id": ["A", "B", "C", "D", "E"],
            "channel": pd.Categorical(["phone", "email", "phone", "letter", "phone"]),
            "category": "service.attitude",
            "branch": "深圳福田营业部",
            "tags": ["media_attention, group_complaint", "", None, "media_attention", "group_complaint"],
            "attributes": [(), ["elderly"], (), (), ()],
            "claimed_amount.minor_units": [None, None, None, 5_000_000, 4_999_999],
        },
        index=[10, 20, 30, 40, 50],
    )
    out = rules.route_many(frame)
    assert list(out.index) == [10, 20, 30, 40, 50]
    assert list(out["deciding_rule"]) == ["media", "elderly", "rest", "big", "rest"]
    # The same complaints one by one.
    for (_, row), want in zip(frame.iterrows(), out["deciding_rule"]):
        data = complaint_dict(id=row["id"], channel=str(row["channel"]))
        if isinstance(row["tags"], str) and row["tags"]:
            data["tags"] = [t.strip() for t in row["tags"].split(",")]
        if not pd.isna(row["claimed_amount.minor_units"]):
            data["claimed_amount"] = {"minor_units": int(row["claimed_amount.minor_units"]), "currency": "CNY"}
        c = tousu.Complaint.from_dict(data)
        assert rules.route(c, attributes=list(row["attributes"])).deciding_rule == want


def test_a_frame_of_forwarded_complaints_only() -> None:
    """``pandas.json_normalize`` writes no ``channel`` column when every channel is an object."""
    forwarded = complaint(
        channel={"regulator_forwarded": {"body": "中国证监会深圳监管局", "reference": "R-1", "forwarded_on": "2024-02-29"}}
    )
    frame = pd.json_normalize([forwarded.to_dict()] * 3)
    assert "channel" not in frame.columns
    out = tousu.RuleSet.default().route_many(frame)
    assert list(out["regulator_report_back"]) == [True] * 3
    assert list(out["deciding_rule"]) == ["regulator_forwarded"] * 3
    # With other channels in a categorical column, the forwarded rows are named all the same.
    mixed = pd.json_normalize([complaint().to_dict(), forwarded.to_dict()])
    mixed["channel"] = mixed["channel"].astype("category")
    assert list(tousu.RuleSet.default().route_many(mixed)["regulator_report_back"]) == [False, True]


def test_tags_as_lists_tuples_arrays_or_strings() -> None:
    import numpy as np

    rules = tousu.RuleSet.from_toml(
        BASE.replace('[[rule]]\nid = "big"', '[[rule]]\nid = "media"\npriority = 30\n'
                     'when = { tags_all = ["media_attention", "group_complaint"] }\nthen = { handler = "manager" }\n\n'
                     '[[rule]]\nid = "big"')
    )
    both = ["media_attention", "group_complaint"]
    tags: list[Any] = [both, tuple(both), np.array(both), "group_complaint,media_attention", ["media_attention"], [], None,
                       float("nan")]
    frame = pd.DataFrame({"id": [str(i) for i in range(len(tags))], "channel": "phone", "category": "fees",
                          "branch": "X", "tags": pd.Series(tags, dtype=object)})
    out = rules.route_many(frame)
    assert list(out["deciding_rule"]) == ["media"] * 4 + ["rest"] * 4
    frame["tags"] = pd.Series([both, [1, 2]] + [[]] * (len(tags) - 2), dtype=object)
    with pytest.raises(TypeError, match="column `tags`, row 1: item 0 must be str, not int"):
        rules.route_many(frame)
    frame["tags"] = pd.Series([both, 7] + [[]] * (len(tags) - 2), dtype=object)
    with pytest.raises(TypeError, match="column `tags`, row 1: expected a list of str or a str, not int"):
        rules.route_many(frame)


def test_an_empty_frame_gives_an_empty_frame() -> None:
    frame = pd.DataFrame({"id": [], "channel": [], "category": [], "branch": []})
    out = tousu.RuleSet.default().route_many(frame)
    assert len(out) == 0 and "handler" in out.columns


def test_bad_frames_name_column_row_and_id() -> None:
    rules = tousu.RuleSet.default()
    base = {"id": ["A", "B"], "channel": ["phone", "phone"], "category": ["fees", "fees"], "branch": ["X", "X"]}
    with pytest.raises(KeyError, match="no column 'branch'"):
        rules.route_many(pd.DataFrame({k: v for k, v in base.items() if k != "branch"}))
    with pytest.raises(tousu.ParseError) as parse:
        rules.route_many(pd.DataFrame({**base, "channel": ["phone", "fax"]}))
    assert parse.value.code == "TOUSU_STATUS_UNKNOWN_VARIANT"
    assert "row 1 (`B`): column `channel`: unknown channel `fax`" in str(parse.value)
    assert parse.value.path == "channel"
    with pytest.raises(tousu.ParseError, match="row 0 .*unknown severity `grave`"):
        rules.route_many(pd.DataFrame({**base, "severity": ["grave", "major"]}))
    with pytest.raises(tousu.ParseError, match="row 1 .*column `category`: no value"):
        rules.route_many(pd.DataFrame({**base, "category": ["fees", None]}))
    with pytest.raises(tousu.RoutingError) as routing:
        rules.route_many(pd.DataFrame({**base, "category": ["fees", "fees.surcharge"]}))
    err = routing.value
    assert (err.code, err.index, err.complaint) == ("TOUSU_STATUS_UNKNOWN_CATEGORY", 1, "B")
    with pytest.raises(TypeError, match="integers of minor units"):
        rules.route_many(pd.DataFrame({**base, "claimed_amount.minor_units": [1.5, None]}))


def test_an_identity_document_without_a_day_of_receipt_is_refused_not_given_another_rows_day() -> None:
    """A complainant's age (elderly at 60) is taken on the day of receipt: a row with a resident
    ID but no received_at is refused, not routed with the previous row's day."""
    rules = tousu.RuleSet.from_toml(with_("when = { amount = { at_least = 5000000 } }", 'when = { complainant = "elderly" }'))
    frame = pd.DataFrame(
        {
            "id": ["A", "B"],
            "channel": ["phone", "phone"],
            "category": ["fees", "fees"],
            "branch": ["X", "X"],
            "complainant.id_document.kind": ["resident_id_card", "resident_id_card"],
            "complainant.id_document.number": ["11010519491231002X", "11010519491231002X"],
            "received_at": ["2024-03-01T09:30:00+08:00", None],
        }
    )
    with pytest.raises(tousu.ParseError) as parse:
        rules.route_many(frame)
    assert "row 1 (`B`): column `received_at`: no value" in str(parse.value)
    # A row without an identity document needs no day of receipt; the first row's holder,
    # born 1949-12-31, is elderly on 2024-03-01.
    frame.loc[1, "complainant.id_document.number"] = None
    frame.loc[1, "complainant.id_document.kind"] = None
    assert rules.route_many(frame)["handler"].tolist() == ["manager", "supervisor"]


def test_a_frame_without_earlier_complaints_is_refused_when_the_rules_count_them() -> None:
    """Without earlier_from= or earlier_complaints= (test_routing_earlier.py)."""
    rules = tousu.RuleSet.from_toml(
        with_("when = { amount = { at_least = 5000000 } }", "when = { earlier_complaints = { at_least = 2, within_days = 30 } }")
    )
    frame = pd.DataFrame({"id": ["A"], "channel": ["phone"], "category": ["fees"], "branch": ["X"]})
    with pytest.raises(ValueError, match="counts earlier complaints.*pass earlier_from=.* or earlier_complaints="):
        rules.route_many(frame)


def test_the_gil_is_released(sample: list[tousu.Complaint]) -> None:
    """Another thread runs Python code while the rules decide (see threads.py)."""
    rules = tousu.RuleSet.default()
    many = sample * 10
    assert ticks_during(lambda: rules.route_many(many)) > 10
    frame = pd.concat([frame_of(sample)] * 10, ignore_index=True)
    assert ticks_during(lambda: rules.route_many(frame)) > 10


# --- Assignment -------------------------------------------------------------------------------

DIRECTORY = (Path(__file__).resolve().parents[2] / "tests" / "testdata" / "staff_directory.toml").read_text("utf-8")


def test_the_receiver_first_and_the_conflicted_left_out() -> None:
    staff = tousu.Directory.from_toml(DIRECTORY)
    assert (staff.id, staff.version, staff.head_office) == ("test.staff", 1, "总部经纪业务管理部")
    assert staff.people[0] == "SZFT011"
    d = tousu.RuleSet.default().route(complaint())
    # SZFT003 declared a conflict with the client's account; SZNS002 works in another branch.
    assert staff.assign(d) == ["SZFT011", "SZFT002"]


def test_the_person_complained_about_recuses() -> None:
    staff = tousu.Directory.from_toml(DIRECTORY)
    rules = tousu.RuleSet.default()
    about_receiver = complaint(respondent={"person": "SZFT011"})
    assert staff.assign(rules.route(about_receiver)) == ["SZFT002"]
    # The complaint given explicitly decides, not the one the decision was made for.
    assert staff.assign(rules.route(complaint()), about_receiver) == ["SZFT002"]
    # And the case refuses assigning them, as assignment left them out (R12).
    at = dt.datetime(2024, 3, 1, 9, 35, tzinfo=dt.timezone(dt.timedelta(hours=8)))
    case = tousu.Case.register(about_receiver, tousu.Event("registered", at=at, actor="SZFT011"))
    with pytest.raises(tousu.RuleError) as info:
        case.apply(tousu.Event("assigned", at=at, actor="SZFT011", handler="SZFT011"))
    assert info.value.rule == "recusal_required"


def test_nobody_eligible_names_the_next_level() -> None:
    staff = tousu.Directory.from_toml(DIRECTORY)
    d = tousu.RuleSet.default().route(complaint(severity="compensation"))
    with pytest.raises(tousu.RoutingError) as info:
        staff.assign(d)
    err = info.value
    assert (err.code, err.next_level, err.complaint) == (
        "TOUSU_STATUS_NO_ELIGIBLE_HANDLER",
        "head_office_brokerage",
        "SZ-2024-0103",
    )
    assert "SZFT001 is not available" in str(err)
    back = pickle.loads(pickle.dumps(err))
    assert (back.code, back.next_level, str(back)) == (err.code, err.next_level, str(err))


def test_head_office_complaints_go_to_head_office_staff() -> None:
    staff = tousu.Directory.from_toml(DIRECTORY)
    c = complaint(branch="总部经纪业务管理部", receiver="HQJJ011", respondent={"branch": "深圳福田营业部"})
    d = tousu.RuleSet.default().route(c)
    assert (d.handler, d.level, d.policy) == ("head_office_brokerage", "head_office", "cn.firm")
    assert staff.assign(d) == ["HQJJ001"]


def test_directory_problems_are_located() -> None:
    text = DIRECTORY.replace('id = "SZFT003"', 'id = "SZFT002"')
    with pytest.raises(tousu.RoutingError) as info:
        tousu.Directory.from_toml(text)
    [p] = info.value.problems
    assert (p.code, p.subject, p.line) == ("TOUSU_STATUS_INVALID_DIRECTORY", "SZFT002", 19)
    assert info.value.what == "staff directory"
    with pytest.raises(tousu.RoutingError, match="line 1 column"):
        tousu.Directory.from_json('{"directory": {"id": "x", "version": 1, "head_office": "HQ"}, "person": [{"id": 5}]}')
    ok = tousu.Directory.from_json(
        '{"directory": {"id": "x", "version": 1, "head_office": "HQ"}, "person": '
        '[{"id": "A1", "name": "甲", "roles": ["operations_supervisor"], "office": "HQ"}]}'
    )
    assert ok.people == ["A1"]
    with pytest.raises(TypeError, match="argument 'decision' must be tousu.Decision, not str"):
        ok.assign("x")  # type: ignore[arg-type]


# --- Assignment: who may handle it, who stepped aside and why ------------------------------------

# Every reason core has for a holder of the role to step aside, on a decision that names a
# department (the C test's staff list, bindings-c/tests/test_routing.c, and one conflict with
# the case itself): in directory order, the receiver SZFT011 and SZFT006 left to handle it.
WITH_DEPARTMENT = with_(
    'then = { handler = "supervisor", policy = "cn.branch" }',
    'then = { handler = "supervisor", department = "运营部", policy = "cn.branch" }',
)


def supervisor(id: str, office: str = "深圳福田营业部", department: str = "运营部", extra: str = "") -> str:
    return (
        f'[[person]]\nid = "{id}"\nname = "{id}"\nroles = ["supervisor"]\noffice = "{office}"\n'
        f'department = "{department}"\n{extra}\n'
    )


WIDE_STAFF = '[directory]\nid = "sz.wide"\nversion = 1\nhead_office = "总部经纪业务管理部"\n\n' + "".join(
    [
        supervisor("SZFT002"),
        supervisor("SZFT003", extra="available = false"),
        supervisor("SZFT004", extra='conflicts = { persons = ["SZFT002"] }'),
        supervisor("SZFT005", extra='conflicts = { accounts = ["0123456789"] }'),
        supervisor("SZFT008", extra='conflicts = { complaints = ["SZ-2024-0103"] }'),
        supervisor("SZFT006"),
        supervisor("SZNS001", office="深圳南山营业部"),
        supervisor("SZFT007", department="财富管理部"),
        supervisor("SZFT011"),
    ]
)

# The C surface's reasons (tousu_recusal), lowercased without their prefix.
C_REASONS = {
    name.lower()
    for name in re.findall(r"^\s*TOUSU_RECUSAL_(\w+) = \d+,", (ROOT / "bindings-c" / "include" / "tousu.h").read_text("utf-8"), re.M)
}


def test_every_recusal_reason_is_named_with_cores_words() -> None:
    staff = tousu.Directory.from_toml(WIDE_STAFF)
    rules = tousu.RuleSet.from_toml(WITH_DEPARTMENT)
    a = staff.assignment(rules.route(complaint(respondent={"person": "SZFT002"})))
    assert a.recused == (
        ("SZFT002", "complained_about", "is the person complained about and must recuse (R12)"),
        ("SZFT003", "unavailable", "is not available"),
        ("SZFT004", "declared_conflict", "declared a conflict with `SZFT002`, the person complained about"),
        ("SZFT005", "declared_conflict", "declared a conflict with the client's account 0123456789"),
        ("SZFT008", "declared_conflict", "declared a conflict with the case SZ-2024-0103"),
        ("SZNS001", "other_office", "works in another office"),
        ("SZFT007", "other_department", "works in another department"),
    )
    # Every reason the C surface names, and no other.
    assert C_REASONS == {"complained_about", "declared_conflict", "unavailable", "other_office", "other_department"}
    assert {reason for _, reason, _ in a.recused} == C_REASONS
    assert (a.role, a.office, a.owner) == ("supervisor", "深圳福田营业部", "SZFT011")
    assert a.handlers == ("SZFT011", "SZFT006")
    assert not a.hand_over_needed


def test_handlers_are_what_assign_gives() -> None:
    staff = tousu.Directory.from_toml(DIRECTORY)
    rules = tousu.RuleSet.default()
    variants = [
        complaint(),
        complaint(respondent={"person": "SZFT011"}),
        complaint(receiver="SZFT002"),
        complaint(receiver="SZFT099"),
        complaint(severity="compensation"),
        complaint(branch="总部经纪业务管理部", receiver="HQJJ011", respondent={"branch": "深圳福田营业部"}),
        complaint(branch="深圳南山科技园营业部"),
    ]
    assigned = 0
    for c in variants:
        d = rules.route(c)
        try:
            ids = staff.assign(d)
        except tousu.RoutingError as short:
            with pytest.raises(tousu.RoutingError) as long:
                staff.assignment(d)
            assert (long.value.code, long.value.next_level, str(long.value)) == (short.code, short.next_level, str(short))
            continue
        a = staff.assignment(d)
        assert list(a.handlers) == ids and a.handlers
        assert not set(a.handlers) & {person for person, _, _ in a.recused}
        assigned += 1
    assert assigned == 6


def test_the_receiver_owns_the_case_and_comes_first() -> None:
    staff = tousu.Directory.from_toml(DIRECTORY)
    rules = tousu.RuleSet.default()
    # The receiver may handle it: first, though not first in the directory; no hand-over.
    a = staff.assignment(rules.route(complaint(receiver="SZFT002")))
    assert (a.owner, a.handlers, a.hand_over_needed) == ("SZFT002", ("SZFT002", "SZFT011"), False)
    # The receiver is complained about: the others, and the case must be handed over (R5, R12).
    a = staff.assignment(rules.route(complaint(respondent={"person": "SZFT011"})))
    assert (a.owner, a.handlers, a.hand_over_needed) == ("SZFT011", ("SZFT002",), True)
    assert a.recused[0] == ("SZFT011", "complained_about", "is the person complained about and must recuse (R12)")
    # The receiver does not hold the role: directory order, and a hand-over.
    a = staff.assignment(rules.route(complaint(receiver="SZFT099")))
    assert (a.owner, a.handlers, a.hand_over_needed) == ("SZFT099", ("SZFT011", "SZFT002"), True)
    # The complaint given explicitly decides, not the one the decision was made for.
    a = staff.assignment(rules.route(complaint()), complaint(respondent={"person": "SZFT011"}))
    assert (a.handlers, a.hand_over_needed) == (("SZFT002",), True)


def test_an_assignment_as_a_dict_and_a_repr() -> None:
    staff = tousu.Directory.from_toml(DIRECTORY)
    a = staff.assignment(tousu.RuleSet.default().route(complaint()))
    assert a.to_dict() == {
        "role": "operations_supervisor",
        "office": "深圳福田营业部",
        "owner": "SZFT011",
        "hand_over_needed": False,
        "handlers": ["SZFT011", "SZFT002"],
        "recused": [
            {"person": "SZFT003", "reason": "declared_conflict", "why": "declared a conflict with the client's account 0123456789"},
            {"person": "SZNS002", "reason": "other_office", "why": "works in another office"},
        ],
    }
    assert repr(a) == (
        "<Assignment role='operations_supervisor' office='深圳福田营业部' owner='SZFT011' hand_over_needed=False "
        "handlers=('SZFT011', 'SZFT002') recused={'SZFT003': 'declared_conflict', 'SZNS002': 'other_office'}>"
    )
    with pytest.raises(AttributeError):
        a.owner = "SZFT002"  # type: ignore[misc]


def test_an_assignment_pickles_as_the_call_that_made_it() -> None:
    staff = tousu.Directory.from_toml(DIRECTORY)
    rules = tousu.RuleSet.default()
    made = staff.assignment(rules.route(complaint()))
    given = staff.assignment(rules.route(complaint()), complaint(respondent={"person": "SZFT011"}))
    assert made != given
    for protocol in range(pickle.HIGHEST_PROTOCOL + 1):
        for a in (made, given):
            back = pickle.loads(pickle.dumps(a, protocol=protocol))
            assert type(back) is tousu.Assignment and back is not a
            assert back == a and hash(back) == hash(a) and back.to_dict() == a.to_dict()
    # It reduces to the public call, with the complaint only when one was given.
    f, args = given.__reduce__()
    assert f(*args) == given and len(args) == 3
    f, args = made.__reduce__()
    assert len(args) == 2 and isinstance(args[0], tousu.Directory) and isinstance(args[1], tousu.Decision)


def test_nobody_eligible_raises_from_assignment_too() -> None:
    staff = tousu.Directory.from_toml(DIRECTORY)
    d = tousu.RuleSet.default().route(complaint(severity="compensation"))
    with pytest.raises(tousu.RoutingError) as info:
        staff.assignment(d)
    err = info.value
    assert (err.code, err.next_level, err.complaint) == (
        "TOUSU_STATUS_NO_ELIGIBLE_HANDLER",
        "head_office_brokerage",
        "SZ-2024-0103",
    )
    assert "SZFT001 is not available" in str(err)
    # At the top of the procedure there is nowhere to escalate to.
    rules = tousu.RuleSet.from_toml(BASE)
    with pytest.raises(tousu.RoutingError) as top:
        staff.assignment(rules.route(complaint(claimed_amount={"minor_units": 6000000, "currency": "CNY"})))
    assert (top.value.code, top.value.next_level) == ("TOUSU_STATUS_NO_ELIGIBLE_HANDLER", None)


def test_assignment_argument_types() -> None:
    staff = tousu.Directory.from_toml(DIRECTORY)
    with pytest.raises(TypeError, match=r"Directory.assignment\(\) argument 'decision' must be tousu.Decision, not str"):
        staff.assignment("x")  # type: ignore[arg-type]
    d = tousu.RuleSet.default().route(complaint())
    with pytest.raises(TypeError, match=r"Directory.assignment\(\) argument 'complaint' must be tousu.Complaint, not dict"):
        staff.assignment(d, complaint_dict())  # type: ignore[arg-type]
