"""Policies and deadlines through the Python API: the deadline fixture corpus
(tests/testdata/deadlines.toml, hand-computed expectations), values worked out here, and bad
input."""

from __future__ import annotations

import datetime as dt
import json
import tomllib
from pathlib import Path
from typing import Any

import pytest

import tousu

CORPUS = Path(__file__).resolve().parents[2] / "tests" / "testdata" / "deadlines.toml"
DATA = tomllib.loads(CORPUS.read_text(encoding="utf-8"))
CASES = DATA["case"]

CST = dt.timezone(dt.timedelta(hours=8))


def instant(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text)


def build_case(fixture: dict[str, Any]) -> tousu.Case:
    complaint = json.loads(DATA["complaints"][fixture["complaint"]])
    if "received_at" in fixture:
        complaint["received_at"] = fixture["received_at"]
    events = [tousu.Event.from_json(text) for text in fixture["events"]]
    return tousu.Case.replay(tousu.Complaint.from_json(json.dumps(complaint)), events)


def test_the_corpus_is_all_there() -> None:
    assert len(CASES) >= 16
    assert len({c["name"] for c in CASES}) == len(CASES)


@pytest.mark.parametrize("fixture", CASES, ids=[c["name"] for c in CASES])
def test_fixture(fixture: dict[str, Any]) -> None:
    policy = tousu.Policy.preset(fixture["policy"])
    calendar = tousu.WorkCalendar.builtin(fixture.get("calendar", policy.calendar))
    case = build_case(fixture)
    now = instant(fixture["now"])
    if "expect_error" in fixture:
        with pytest.raises(tousu.TousuError) as err:
            policy.deadlines(case, calendar, now)
        assert err.value.code == fixture["expect_error"]
        return
    all = policy.deadlines(case, calendar, now)
    assert [d.milestone for d in all] == policy.milestones
    by_id = {d.milestone: d for d in all}
    for expect in fixture["expect"]:
        got = by_id[expect["milestone"]]
        where = f"{fixture['name']}: {expect['milestone']}"
        assert got.status == expect["status"], where
        assert got.due == (instant(expect["due"]) if "due" in expect else None), where
        if "met_at" in expect:
            assert got.met_at == instant(expect["met_at"]), where
        d = got.to_dict()
        assert d["milestone"] == got.milestone and d["status"] == got.status, where
        for key in ("elapsed", "remaining", "paused_time"):
            if key in expect:
                assert d[key] == expect[key], f"{where}: {key}"
        for key in ("paused", "extensions", "extensions_over_limit"):
            if key in expect:
                assert len(d[key]) == expect[key], f"{where}: {key}"


def national_day_case() -> tousu.Case:
    fixture = next(c for c in CASES if c["name"] == "national_day_receipt_after_the_cutoff")
    return build_case(fixture)


def test_attributes_by_hand() -> None:
    # Received Monday 2024-09-30 16:00 (after the 15:30 cut-off); National Day 10-01..10-07.
    policy = tousu.Policy.preset("cn.branch")
    assert policy.id == "cn.branch"
    assert policy.calendar == "CN"
    assert isinstance(policy.version, int)
    assert policy.milestones[:4] == ["acknowledge", "answer_time", "commitment", "resolve"]
    assert repr(policy).startswith("<Policy 'cn.branch' ")
    cn = tousu.WorkCalendar.builtin("CN")
    now = dt.datetime(2024, 10, 8, 10, 0, tzinfo=CST)
    all = policy.deadlines(national_day_case(), cn, now)
    ack = all[0]
    assert isinstance(ack, tousu.Deadline)
    assert ack.milestone == "acknowledge"
    assert ack.unit == "working_days"
    assert ack.status == "pending"
    # One working day after 09-30: the end of 10-08.
    assert ack.due == dt.datetime(2024, 10, 8, 23, 59, 59, tzinfo=CST)
    assert ack.due is not None and ack.due.utcoffset() == dt.timedelta(hours=8)
    # 1 of the day's 5 working hours used (09:00-10:00), 4 left: in working days.
    assert ack.elapsed == pytest.approx(0.2)
    assert ack.remaining == pytest.approx(0.8)
    assert ack.met_at is None and ack.met_by is None
    assert ack.to_dict()["due"] == "2024-10-08T23:59:59+08:00"
    assert ack.to_dict()["elapsed"] == 3600
    assert all[1].due == dt.datetime(2024, 10, 8, 15, 30, tzinfo=CST)
    assert all[3].due == dt.datetime(2024, 10, 12, 23, 59, 59, tzinfo=CST)
    # The same instant in another offset gives the same deadlines.
    utc = now.astimezone(dt.timezone.utc)
    assert policy.deadlines(national_day_case(), cn, utc) == all
    assert "acknowledge" in repr(ack) and "pending" in repr(ack)
    with pytest.raises(AttributeError):
        ack.status = "met"  # type: ignore[misc]


def test_met_by_and_met_at() -> None:
    fixture = next(
        c for c in CASES if any(e.get("met_at") for e in c.get("expect", [])) and "expect_error" not in c
    )
    policy = tousu.Policy.preset(fixture["policy"])
    calendar = tousu.WorkCalendar.builtin(fixture.get("calendar", policy.calendar))
    all = policy.deadlines(build_case(fixture), calendar, instant(fixture["now"]))
    met = [d for d in all if d.met_at is not None]
    assert met
    for d in met:
        assert d.status in ("met", "met_late")
        assert isinstance(d.met_by, str)
        assert d.to_dict()["met_by"] == d.met_by


POLICIES = Path(__file__).resolve().parents[2] / "core" / "data" / "policies"


def test_from_toml_reads_the_preset_files() -> None:
    for id in ("cn.branch", "cn.firm", "cn.feedback", "uk.fca.disp", "uk.fca.disp.psd", "us.cfpb"):
        text = (POLICIES / (id.replace(".", "-") + ".toml")).read_text(encoding="utf-8")
        policy = tousu.Policy.from_toml(text)
        assert policy == tousu.Policy.preset(id)
        assert policy.id == id


def test_unknown_preset() -> None:
    with pytest.raises(tousu.PolicyError) as err:
        tousu.Policy.preset("cn.nowhere")
    assert err.value.code == "TOUSU_STATUS_UNKNOWN_POLICY"
    assert "cn.nowhere" in str(err.value) and "cn.branch" in str(err.value)


def test_malformed_toml_names_the_line() -> None:
    text = '[policy]\nid = "x"\nversion = 1\ncalendar = "CN"\nname = \n'
    with pytest.raises(tousu.PolicyError) as err:
        tousu.Policy.from_toml(text)
    assert err.value.code == "TOUSU_STATUS_POLICY_SYNTAX"
    assert "line 5" in str(err.value)


def test_calendar_mismatch() -> None:
    policy = tousu.Policy.preset("cn.branch")
    with pytest.raises(tousu.PolicyError) as err:
        policy.deadlines(national_day_case(), tousu.WorkCalendar.builtin("XSHG"), dt.datetime(2024, 10, 8, tzinfo=CST))
    assert err.value.code == "TOUSU_STATUS_POLICY_CALENDAR_MISMATCH"


def test_naive_now_is_refused() -> None:
    policy = tousu.Policy.preset("cn.branch")
    with pytest.raises(tousu.ParseError) as err:
        policy.deadlines(national_day_case(), tousu.WorkCalendar.builtin("CN"), dt.datetime(2024, 10, 8, 10))
    assert err.value.code == "TOUSU_STATUS_INVALID_TIMESTAMP"


def test_wrong_types() -> None:
    policy = tousu.Policy.preset("cn.branch")
    cn = tousu.WorkCalendar.builtin("CN")
    case = national_day_case()
    now = dt.datetime(2024, 10, 8, 10, tzinfo=CST)
    with pytest.raises(TypeError, match="argument 'id' must be str"):
        tousu.Policy.preset(42)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="argument 'text' must be str"):
        tousu.Policy.from_toml(b"[policy]")  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="tousu.Case"):
        policy.deadlines("case", cn, now)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="tousu.WorkCalendar"):
        policy.deadlines(case, "CN", now)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="datetime.datetime"):
        policy.deadlines(case, cn, dt.date(2024, 10, 8))  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        tousu.Deadline()  # type: ignore[call-arg]
