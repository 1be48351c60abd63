"""tousu on real records: the US CFPB Consumer Complaint Database, mapped as
examples/python/cfpb.py maps it (its docstring documents the mapping).

Every test runs on the excerpts in examples/data (always in the repository) and again on the
two full exports when ``../shared/data/cfpb`` beside the repository has them; without them the
``full`` runs are skipped, saying so. What tousu should answer is worked out here from the rows
themselves (which rows lack what R2 requires, when a response falls due in New York time, which
rule should route a row), not read back from tousu.
"""

from __future__ import annotations

import datetime as dt
import importlib.util
import json
import sys
import zoneinfo
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

import pandas as pd
import pytest

import tousu

ROOT = Path(__file__).resolve().parents[2]
NEW_YORK = zoneinfo.ZoneInfo("America/New_York")


def _example() -> ModuleType:
    spec = importlib.util.spec_from_file_location("cfpb_example", ROOT / "examples" / "python" / "cfpb.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


cfpb = _example()
FULL = [cfpb.SHARED / name for name in cfpb.FULL_FILES]

# The only refusal the mapping can meet: R2's required texts and tousu's length limit.
EXPECTED_CODES = {"TOUSU_STATUS_INVALID_COMPLAINT"}


@dataclass
class Data:
    rows: list[Any]
    taxonomy: tousu.Taxonomy
    rules: tousu.RuleSet
    loaded: Any  # cfpb.Loaded


@pytest.fixture(scope="module", params=["excerpt", "full"])
def data(request: pytest.FixtureRequest) -> Data:
    if request.param == "full":
        missing = [str(p) for p in FULL if not p.is_file()]
        if missing:
            pytest.skip(f"the full CFPB exports are absent ({', '.join(missing)}); the excerpts were tested")
        files = FULL
    else:
        files = list(cfpb.EXCERPTS)
    rows = [row for f in files for row in cfpb.read_rows(f)]
    taxonomy = tousu.Taxonomy.from_toml(cfpb.taxonomy_toml(rows))
    rules = tousu.RuleSet.from_toml(cfpb.rules_toml(taxonomy), taxonomy=taxonomy)
    return Data(rows, taxonomy, rules, cfpb.load(rows))


def expected_problems(row: Any) -> set[tuple[str, str]]:
    """What tousu must refuse in the row's mapping, from the row alone."""
    problems = set()
    if not row["Issue"]:
        problems.add(("matter", "is required"))
    account = row[cfpb.NARRATIVE] or row["Sub-issue"]
    if not account.strip():
        problems.add(("facts.account", "is required"))
    elif len(account) > 100_000:
        problems.add(("facts.account", "is longer than 100000 characters"))
    return problems


def test_the_excerpts_hold_what_the_tests_need() -> None:
    rows = [row for f in cfpb.EXCERPTS for row in cfpb.read_rows(f)]
    assert {r["Submitted via"] for r in rows} == {"Web", "Referral", "Phone", "Postal mail", "Fax", "Email"}
    assert {r["Tags"] for r in rows} >= {"Older American", "Servicemember", "Older American, Servicemember"}
    narratives = [r[cfpb.NARRATIVE] for r in rows]
    assert any("\n" in n for n in narratives) and any('"' in n for n in narratives)
    # A real narrative longer than 20,000 characters (tousu's bound was that; it loads whole now).
    assert any(len(n) > 20_000 for n in narratives)
    assert {r.source for r in rows} == {"cfpb_excerpt.csv", "cfpb_excerpt_2014.csv"}
    # The 2014 file's last record has 13 fields of 14: read with "" for the missing one.
    last = cfpb.read_rows(cfpb.EXCERPTS[1])[-1]
    assert last["Complaint ID"] == "1066397" and last["Consumer disputed?"] == ""


def test_every_row_loads_or_is_refused_with_a_typed_error(data: Data) -> None:
    refused = {row["Complaint ID"]: err for row, err in data.loaded.refused}
    loaded = {row["Complaint ID"] for row, _ in data.loaded.complaints}
    assert len(refused) + len(loaded) == len(data.rows) == len({r["Complaint ID"] for r in data.rows})
    for row in data.rows:
        problems = expected_problems(row)
        cid = row["Complaint ID"]
        if not problems:
            assert cid in loaded, (cid, refused.get(cid))
            continue
        err = refused[cid]
        assert isinstance(err, tousu.ValidationError) and isinstance(err, ValueError)
        assert err.code in EXPECTED_CODES
        assert err.number == tousu.ERROR_CODES[err.code]
        assert set(err.problems) == problems, cid
    assert {err.code for err in refused.values()} == EXPECTED_CODES
    assert loaded and refused
    kinds = Counter(path for err in refused.values() for path, _ in err.problems)
    assert set(kinds) == {"facts.account", "matter"}


def test_the_strict_mapping_is_refused_for_the_complainant_the_cfpb_removes(data: Data) -> None:
    rows = data.rows[:300]
    strict = cfpb.load(rows, stand_in=False)
    assert not strict.complaints and len(strict.refused) == len(rows)
    for row, err in strict.refused:
        assert isinstance(err, tousu.ValidationError) and err.code == "TOUSU_STATUS_INVALID_COMPLAINT"
        assert set(err.problems) == {
            ("complainant.name", "is required"),
            ("complainant.contact", "is required: give a phone, fax, address or email"),
        } | expected_problems(row)


def test_referrals_forwarded_on_the_day_sent_to_the_company_are_refused_when_later(data: Data) -> None:
    referrals = [r for r in data.rows if r["Submitted via"] == "Referral" and not expected_problems(r)]
    later = cfpb.load(referrals, referral_forwarded_on="Date sent to company")
    assert {r["Complaint ID"] for r, _ in later.refused} == {r["Complaint ID"] for r in referrals if r.sent > r.received}
    assert later.refused
    for row, err in later.refused:
        path = "channel.regulator_forwarded.forwarded_on"
        assert err.code == "TOUSU_STATUS_INVALID_COMPLAINT"
        assert err.problems == [
            (path, f"{row.sent.isoformat()} is after the complaint was received ({row.received.isoformat()})")
        ]


def test_each_category_carries_the_rows_product_and_issue(data: Data) -> None:
    taxonomy = data.taxonomy
    assert taxonomy.id == "us.cfpb.products"
    for row, complaint in data.loaded.complaints:
        product = cfpb.category_code(row["Product"], "")
        category = taxonomy.category(complaint.category)
        assert category["external"] == {"cfpb_product": row["Product"], "cfpb_issue": row["Issue"]}
        assert category["label"] == row["Issue"] and category["parent"] == product
        assert taxonomy.category(product)["external"] == {"cfpb_product": row["Product"]}
        assert taxonomy.is_within(complaint.category, product)
    assert all(len(code) <= 64 for code in taxonomy.codes)
    # Names that differ only in case are different categories.
    names = {taxonomy.category(c)["external"]["cfpb_product"] for c in taxonomy.codes if "." not in c}
    assert len({cfpb.category_code(n, "") for n in names}) == len(names)


def test_response_is_due_at_the_end_of_the_15th_day_in_new_york(data: Data) -> None:
    policy = tousu.Policy.preset("us.cfpb")
    calendar = tousu.WorkCalendar.builtin("US")
    now = cfpb.as_of(data.rows)
    crossing = 0
    cases = []
    expected_dues = []
    for row, complaint in data.loaded.complaints:
        received = cfpb.parse_date(row["Date received"])
        at = dt.datetime(received.year, received.month, received.day, 9, tzinfo=NEW_YORK)
        assert complaint.received_at == at and complaint.received_at.utcoffset() == at.utcoffset()
        case = cfpb.registered(complaint)
        deadlines = {d.milestone: d for d in policy.deadlines(case, calendar, now)}
        for milestone, days in (("response", 15), ("final_response", 60)):
            day = received + dt.timedelta(days=days)
            expected = dt.datetime(day.year, day.month, day.day, 23, 59, 59, tzinfo=NEW_YORK)
            due = deadlines[milestone].due
            assert due is not None
            assert due == expected, (row["Complaint ID"], milestone, due, expected)
            assert due.utcoffset() == expected.utcoffset(), (row["Complaint ID"], milestone)
            if milestone == "response":
                expected_dues.append(expected)
                if expected.utcoffset() != at.utcoffset():
                    crossing += 1
                    assert due.utcoffset() != complaint.received_at.utcoffset()
        cases.append(case)
    assert crossing > 0, "no receipt whose 15 days cross a change of daylight-saving time"
    frame = policy.deadlines_frame(cases, calendar, now)
    response = frame[frame["milestone"] == "response"]
    assert list(response["case_id"]) == [c.complaint.id for c in cases]
    assert [t.to_pydatetime() for t in response["due"]] == expected_dues


def test_every_complaint_round_trips_through_json(data: Data) -> None:
    for row, complaint in data.loaded.complaints:
        assert tousu.Complaint.from_json(complaint.to_json()) == complaint
        assert tousu.Complaint.from_dict(complaint.to_dict()) == complaint
        written = json.loads(complaint.to_json())
        mapped = cfpb.complaint_dict(row)
        for field in ("id", "branch", "matter", "demand", "category", "receiver", "complainant"):
            assert written[field] == mapped[field]
        assert written["facts"]["account"] == (row[cfpb.NARRATIVE] or row["Sub-issue"])
        assert written["received_at"] == mapped["received_at"].isoformat()
        assert written.get("tags", []) == mapped.get("tags", [])
        if row["Submitted via"] == "Referral":
            forwarded = written["channel"]["regulator_forwarded"]
            assert forwarded["forwarded_on"] == row.received.isoformat()
            assert forwarded["reference"] == row["Complaint ID"] and complaint.owes_report_back
        else:
            assert written["channel"] == cfpb.CHANNELS[row["Submitted via"]]


def expected_routing(row: Any) -> tuple[str, str, frozenset[str], str | None]:
    """Handler, level, obligations and department the example's rules give the row."""
    tags = {t.strip() for t in row["Tags"].split(",") if t.strip()}
    obligations = {"progress_updates"}
    if row["Submitted via"] == "Referral":
        handler, level = "regulatory_affairs", "head_office"
        obligations |= {"regulator_report_back", "written_reply"}
    elif tags:
        handler, level = "escalation_team", "head_office"
    else:
        handler, level = "complaint_analyst", "branch"
    if tags:
        obligations.add("written_reply")
    department = None
    for key, products in cfpb.ROUTED_PRODUCTS.items():
        if row["Product"] in products:
            department = cfpb.DEPARTMENTS[key]
    return handler, level, frozenset(obligations), department


def test_every_complaint_routes_as_the_rules_say(data: Data) -> None:
    complaints = [c for _, c in data.loaded.complaints]
    decisions = data.rules.route_many(complaints)
    assert len(decisions) == len(complaints)
    for (row, complaint), decision in zip(data.loaded.complaints, decisions, strict=True):
        assert decision.routed and decision.policy == "us.cfpb"
        assert decision.complaint == complaint
        handler, level, obligations, department = expected_routing(row)
        assert (decision.handler, decision.level, decision.obligations, decision.department) == (
            handler,
            level,
            obligations,
            department,
        ), row["Complaint ID"]
    assert {d.handler for d in decisions} == {"complaint_analyst", "escalation_team", "regulatory_affairs"}


def test_route_many_over_a_frame_equals_route_one_by_one() -> None:
    rows = [row for f in cfpb.EXCERPTS for row in cfpb.read_rows(f)]
    taxonomy = tousu.Taxonomy.from_toml(cfpb.taxonomy_toml(rows))
    rules = tousu.RuleSet.from_toml(cfpb.rules_toml(taxonomy), taxonomy=taxonomy)
    complaints = [c for _, c in cfpb.load(rows).complaints]
    one_by_one = [rules.route(c) for c in complaints]
    assert rules.route_many(complaints) == one_by_one
    frame = rules.route_many(pd.json_normalize([c.to_dict() for c in complaints]))
    assert len(frame) == len(complaints)
    obligations = ["liaison_form", "regulator_report_back", "management_meeting", "written_reply",
                   "incident_investigation", "progress_updates"]  # fmt: skip
    for (_, got), decision in zip(frame.iterrows(), one_by_one, strict=True):
        assert got["id"] == decision.complaint.id
        assert bool(got["routed"]) == decision.routed
        for column in ("handler", "department", "level", "policy", "escalate_to", "deciding_rule"):
            value = None if pd.isna(got[column]) else got[column]
            assert value == getattr(decision, column), (decision.complaint.id, column)
        assert got["matched"] == ",".join(decision.matched)
        assert {o for o in obligations if got[o]} == decision.obligations
