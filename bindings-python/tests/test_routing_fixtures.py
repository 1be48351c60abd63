"""The routing fixture corpus (``tests/testdata/routing.toml``) through Python: each case's
complaint routed by its rule set, the decision compared with the expectations written in the
TOML (the Rust runner reads the same file)."""

from __future__ import annotations

import datetime as dt
import json
import tomllib
from pathlib import Path
from typing import Any

import pytest

import tousu

CORPUS = Path(__file__).resolve().parents[2] / "tests" / "testdata" / "routing.toml"
FIXTURES: dict[str, Any] = tomllib.loads(CORPUS.read_text(encoding="utf-8"))
CASES: list[dict[str, Any]] = FIXTURES["case"]

RULE_SETS: dict[str, tousu.RuleSet] = {"default": tousu.RuleSet.default()}
for name, text in FIXTURES["rule_sets"].items():
    RULE_SETS[name] = tousu.RuleSet.from_toml(text, file=f"routing.toml [rule_sets] {name}")


def complaint_of(case: dict[str, Any]) -> tousu.Complaint:
    data = json.loads(FIXTURES["complaints"][case["complaint"]])
    data.update(json.loads(case.get("patch", "{}")))
    return tousu.Complaint.from_dict(data)


def none(value: str | None) -> str:
    return "none" if value is None else value


def test_the_corpus_is_all_here() -> None:
    assert len(CASES) >= 30
    assert len({c["name"] for c in CASES}) == len(CASES)


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_routing_fixture(case: dict[str, Any]) -> None:
    rules = RULE_SETS[case["rule_set"]]
    complaint = complaint_of(case)
    earlier = [dt.date.fromisoformat(d) for d in case.get("earlier_complaints", [])]
    attributes = case.get("attributes", [])
    if "expect_error" in case:
        with pytest.raises(tousu.RoutingError) as info:
            rules.route(complaint, earlier_complaints=earlier, attributes=attributes)
        assert info.value.code == case["expect_error"]
        assert info.value.complaint == complaint.id
        return
    d = rules.route(complaint, earlier_complaints=earlier, attributes=attributes)
    if "expect_matched" in case:
        assert list(d.matched) == case["expect_matched"]
    for field in ("handler", "level", "department", "policy", "escalate_to"):
        key = f"expect_{field}"
        if key in case:
            assert none(getattr(d, field)) == case[key], field
    if "expect_obligations" in case:
        assert d.obligations == frozenset(case["expect_obligations"])
    explanation = d.explanation()
    for action, rule in case.get("expect_sources", {}).items():
        assert explanation["actions"]["from"].get(action) == rule, action
        if action in d.sources:
            assert d.sources[action] == rule
    if "expect_passed_over" in case:
        assert explanation["passed_over"] == case["expect_passed_over"]
    # The auditor's text names every matching rule; the compact form agrees with the object.
    text = d.explain()
    for rule_id in d.matched:
        assert f"matched {rule_id}" in text
    compact = d.to_dict()
    assert compact["matched"] == list(d.matched) and compact["handler"] == d.handler
    # Without a context of its own, the batch form decides the same.
    if not earlier and not attributes:
        assert rules.route_many([complaint]) == [d]
