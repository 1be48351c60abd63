"""Policy.deadlines_frame: row for row what Policy.deadlines gives, for the deadline fixture
corpus (tests/testdata/deadlines.toml) and the bundled sample cases, under every preset; its
columns' types; errors; pandas missing; the GIL released."""

from __future__ import annotations

import datetime as dt
import itertools
import json
import sys
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest

import tousu
from test_deadlines import CASES, build_case, instant
from threads import ticks_during

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "examples" / "data" / "sample_cases.jsonl"

COLUMNS = [
    "case_id",
    "milestone",
    "status",
    "unit",
    "started",
    "due",
    "met_at",
    "met_by",
    "elapsed",
    "remaining",
    "paused_time",
    "pauses",
    "extensions",
    "extensions_over_limit",
]
STATUSES = ["pending", "met", "met_late", "at_risk", "breached", "paused", "not_applicable"]


def same_instant(cell: Any, expected: dt.datetime | str | None, same_offset: bool = True) -> bool:
    """A frame cell against a Deadline's datetime (or to_dict's RFC 3339 text): NaT for None;
    else the same instant, shown with the same UTC offset unless ``same_offset`` is false (the
    frame shows every instant in the policy's zone; a Deadline's met_at and started keep the
    offset their event was recorded with)."""
    if expected is None:
        return cell is pd.NaT
    if isinstance(expected, str):
        expected = dt.datetime.fromisoformat(expected)
    return bool(cell == expected) and (not same_offset or cell.utcoffset() == expected.utcoffset())


def assert_matches_deadlines(
    frame: pd.DataFrame, cases: list[tousu.Case], policy: tousu.Policy, calendar: tousu.WorkCalendar, now: dt.datetime
) -> None:
    assert list(frame.columns) == COLUMNS
    expected = [(case.complaint.id, d) for case in cases for d in policy.deadlines(case, calendar, now)]
    assert len(frame) == len(expected) == len(cases) * len(policy.milestones)
    for row, (case_id, d) in zip(frame.itertuples(index=False), expected, strict=True):
        where = f"{case_id}: {d.milestone}"
        data = d.to_dict()
        assert (row.case_id, row.milestone, row.status, row.unit) == (case_id, d.milestone, d.status, d.unit), where
        assert same_instant(row.due, d.due), where
        assert same_instant(row.met_at, d.met_at, same_offset=False), where
        assert same_instant(row.started, data["started"], same_offset=False), where
        assert (row.met_by if isinstance(row.met_by, str) else None) == d.met_by, where
        # Exactly the same floats: the same core computation.
        assert (row.elapsed, row.remaining) == (d.elapsed, d.remaining), where
        # paused_time is in the unit as well; to_dict has seconds. Units are linear in seconds.
        seconds = data["elapsed"] or data["remaining"]
        if seconds:
            per_second = (d.elapsed if data["elapsed"] else d.remaining) / seconds
            assert row.paused_time == pytest.approx(data["paused_time"] * per_second), where
        else:
            assert row.paused_time == 0.0 or data["paused_time"] != 0, where
        assert (row.pauses, row.extensions, row.extensions_over_limit) == (
            len(data["paused"]),
            len(data["extensions"]),
            len(data["extensions_over_limit"]),
        ), where


ANSWERED = [c for c in CASES if "expect_error" not in c]


@pytest.mark.parametrize("fixture", ANSWERED, ids=[c["name"] for c in ANSWERED])
def test_each_deadline_fixture(fixture: dict[str, Any]) -> None:
    policy = tousu.Policy.preset(fixture["policy"])
    calendar = tousu.WorkCalendar.builtin(fixture.get("calendar", policy.calendar))
    case = build_case(fixture)
    now = instant(fixture["now"])
    # The case twice: each time its own block of rows, in the policy's order.
    frame = policy.deadlines_frame([case, case], calendar, now)
    assert_matches_deadlines(frame, [case, case], policy, calendar, now)
    # The fixture's own expectations, read from the frame.
    by_milestone = frame.iloc[: len(policy.milestones)].set_index("milestone")
    for expect in fixture["expect"]:
        row = by_milestone.loc[expect["milestone"]]
        assert row["status"] == expect["status"], expect["milestone"]
        assert same_instant(row["due"], expect.get("due")), expect["milestone"]


def test_every_fixture_of_a_policy_in_one_frame() -> None:
    """Cases of several fixtures in one frame (at one ``now``) agree with deadlines() too."""
    now = dt.datetime(2024, 10, 9, 12, tzinfo=dt.timezone.utc)
    for id in ("cn.branch", "uk.fca.disp"):
        policy = tousu.Policy.preset(id)
        calendar = tousu.WorkCalendar.builtin(policy.calendar)
        cases = [build_case(c) for c in ANSWERED if c["policy"] == id]
        assert len(cases) >= 2
        frame = policy.deadlines_frame(cases, calendar, now)
        assert_matches_deadlines(frame, cases, policy, calendar, now)


@pytest.fixture(scope="module")
def sample() -> list[tousu.Case]:
    with SAMPLE.open(encoding="utf-8") as lines:
        return [tousu.Case.from_json(line) for line in lines]


@pytest.mark.parametrize("id", ["cn.branch", "cn.firm", "cn.feedback", "uk.fca.disp", "uk.fca.disp.psd", "us.cfpb"])
def test_the_sample_cases_under_every_preset(sample: list[tousu.Case], id: str) -> None:
    policy = tousu.Policy.preset(id)
    calendar = tousu.WorkCalendar.builtin(policy.calendar)
    # Every case under the seed's own policy; every 7th under the others.
    cases = sample if id == "cn.branch" else sample[::7]
    now = dt.datetime(2024, 3, 1, 10, tzinfo=dt.timezone(dt.timedelta(hours=8)))
    frame = policy.deadlines_frame(cases, calendar, now)
    assert_matches_deadlines(frame, cases, policy, calendar, now)
    if id == "cn.branch":
        assert len(sample) >= 3000
        # The sample exercises more than one status and both kinds of case.
        assert {"met", "met_late", "breached", "not_applicable"} <= set(frame["status"])


def test_the_compared_cases_tell_the_numeric_columns_apart(sample: list[tousu.Case]) -> None:
    """The row-by-row comparisons above catch a column filled from the wrong field only where a
    row tells the two apart: the deadline fixtures and the sample (cn.branch) have rows where
    each count is non-zero and differs from the others, and where paused_time differs from
    elapsed and remaining. And paused_time is exactly core's float (the seconds over the unit's
    length, as for elapsed and remaining), where those comparisons allow a rounding."""
    rows: list[tuple[Any, dict[str, Any]]] = []
    runs = [
        (tousu.Policy.preset(c["policy"]), c.get("calendar"), [build_case(c)], instant(c["now"])) for c in ANSWERED
    ]
    runs.append(
        (tousu.Policy.preset("cn.branch"), "CN", sample, dt.datetime(2024, 3, 1, 10, tzinfo=dt.timezone(dt.timedelta(hours=8))))
    )
    for policy, code, cases, now in runs:
        calendar = tousu.WorkCalendar.builtin(code or policy.calendar)
        frame = policy.deadlines_frame(cases, calendar, now)
        deadlines = (d.to_dict() for case in cases for d in policy.deadlines(case, calendar, now))
        rows += zip(frame.itertuples(index=False), deadlines, strict=True)

    counts = ("pauses", "extensions", "extensions_over_limit")
    for column in counts:
        assert any(getattr(row, column) > 0 for row, _ in rows), column
    for a, b in itertools.combinations(counts, 2):
        assert any(getattr(row, a) != getattr(row, b) for row, _ in rows), (a, b)
    assert any(row.paused_time not in (0.0, row.elapsed, row.remaining) for row, _ in rows)

    paused = 0
    for row, data in rows:
        where = f"{row.case_id}: {row.milestone}"
        seconds, in_unit = (data["elapsed"], row.elapsed) if data["elapsed"] else (data["remaining"], row.remaining)
        if not seconds:
            continue
        # The unit's length in seconds, a whole number (an hour, a day, a week, a working day).
        length = round(seconds / in_unit)
        assert (row.elapsed, row.remaining) == (data["elapsed"] / length, data["remaining"] / length), where
        assert row.paused_time == data["paused_time"] / length, where
        paused += data["paused_time"] != 0
    assert paused > 0


def test_column_types() -> None:
    fixture = next(c for c in ANSWERED if c["name"] == "met_met_late_and_breached")
    policy = tousu.Policy.preset("cn.branch")
    frame = policy.deadlines_frame([build_case(fixture)], tousu.WorkCalendar.builtin("CN"), instant(fixture["now"]))
    assert isinstance(frame, pd.DataFrame)
    assert list(frame.index) == list(range(len(policy.milestones)))
    for column in ("milestone", "status", "unit", "met_by"):
        assert isinstance(frame[column].dtype, pd.CategoricalDtype), column
    # Every status is a category, counted or not; milestones in the policy's order.
    assert list(frame["status"].cat.categories) == STATUSES
    assert list(frame["milestone"].cat.categories) == policy.milestones
    assert "working_days" in list(frame["unit"].cat.categories)
    assert {"acknowledged", "result_fed_back", "callback_visited"} <= set(frame["met_by"].cat.categories)
    for column in ("started", "due", "met_at"):
        dtype = frame[column].dtype
        assert isinstance(dtype, pd.DatetimeTZDtype), column
        assert dtype.tz.utcoffset(None) == dt.timedelta(hours=8), column
    for column in ("elapsed", "remaining", "paused_time"):
        assert frame[column].dtype == np.float64, column
    for column in ("pauses", "extensions", "extensions_over_limit"):
        assert frame[column].dtype == np.int32, column
    assert frame["met_at"].isna().sum() == (frame["met_by"].isna()).sum() > 0


def test_an_iana_zone_shows_its_local_offsets() -> None:
    # London: summer time (+01:00) in May, winter time (+00:00) in December.
    policy = tousu.Policy.preset("uk.fca.disp")
    calendar = tousu.WorkCalendar.builtin("GB-EAW")
    fixtures = [c for c in ANSWERED if c["name"] in ("uk_disp_with_a_pause_over_the_bank_holiday", "uk_disp_in_winter_time")]
    frame = policy.deadlines_frame([build_case(c) for c in fixtures], calendar, instant(fixtures[1]["now"]))
    assert str(frame["due"].dt.tz) == "Europe/London"
    offsets = {ts.utcoffset() for ts in frame["started"].dropna()}
    assert offsets == {dt.timedelta(hours=1), dt.timedelta(0)}


def test_no_cases_is_an_empty_frame() -> None:
    policy = tousu.Policy.preset("cn.branch")
    frame = policy.deadlines_frame([], tousu.WorkCalendar.builtin("CN"), dt.datetime(2024, 1, 1, tzinfo=dt.timezone.utc))
    assert frame.shape == (0, len(COLUMNS)) and list(frame.columns) == COLUMNS
    assert list(frame["status"].cat.categories) == STATUSES
    assert isinstance(frame["due"].dtype, pd.DatetimeTZDtype)


def test_any_iterable_of_cases() -> None:
    fixture = ANSWERED[0]
    policy = tousu.Policy.preset(fixture["policy"])
    cn = tousu.WorkCalendar.builtin("CN")
    now = instant(fixture["now"])
    case = build_case(fixture)
    from_list = policy.deadlines_frame([case], cn, now)
    pd.testing.assert_frame_equal(policy.deadlines_frame((c for c in [case]), cn, now), from_list)
    pd.testing.assert_frame_equal(policy.deadlines_frame(pd.Series([case]), cn, now), from_list)


def error_fixture(name: str) -> dict[str, Any]:
    return next(c for c in CASES if c["name"] == name)


def test_a_case_core_cannot_answer_names_its_position() -> None:
    fixture = error_fixture("a_due_date_beyond_the_calendar")
    policy = tousu.Policy.preset(fixture["policy"])
    good = build_case(ANSWERED[0])
    beyond = build_case(fixture)
    with pytest.raises(tousu.CalendarError) as info:
        policy.deadlines_frame([good, good, beyond, good], tousu.WorkCalendar.builtin("CN"), instant(fixture["now"]))
    assert info.value.code == fixture["expect_error"]
    assert info.value.index == 2
    assert str(info.value).startswith(f"calendar CN: case 2 (`{beyond.complaint.id}`): ")


@pytest.mark.parametrize("id", ["cn.branch", "uk.fca.disp"])
def test_any_number_of_threads_gives_the_same_frame(sample: list[tousu.Case], id: str) -> None:
    """12,000 cases: the default (the machine's cores, one per 4,096 cases) and 2, 3 and 7
    threads give the frame one thread gives, row for row."""
    cases = sample * 4
    policy = tousu.Policy.preset(id)
    calendar = tousu.WorkCalendar.builtin(policy.calendar)
    now = dt.datetime(2024, 12, 31, 18, tzinfo=dt.timezone.utc)
    one = policy.deadlines_frame(cases, calendar, now, threads=1)
    m = len(policy.milestones)
    assert one["case_id"].tolist() == [case.complaint.id for case in cases for _ in range(m)]
    for threads in (None, 2, 3, 7):
        pd.testing.assert_frame_equal(policy.deadlines_frame(cases, calendar, now, threads=threads), one)
    # More threads than cases is allowed: a thread per case at most.
    pd.testing.assert_frame_equal(policy.deadlines_frame(cases[:3], calendar, now, threads=16), one.iloc[: 3 * m])


def test_on_several_threads_the_first_failing_case_is_reported() -> None:
    fixture = error_fixture("a_due_date_beyond_the_calendar")
    policy = tousu.Policy.preset(fixture["policy"])
    good, beyond = build_case(ANSWERED[0]), build_case(fixture)
    # Failing cases at 5,000 and 9,000 of 10,000: chunks of 2,500 on 4 threads, so the later
    # failure's chunk may finish first; the error is still the case at 5,000.
    cases = [good] * 10_000
    cases[5_000] = cases[9_000] = beyond
    for threads in (1, 4):
        with pytest.raises(tousu.CalendarError) as info:
            policy.deadlines_frame(cases, tousu.WorkCalendar.builtin("CN"), instant(fixture["now"]), threads=threads)
        assert info.value.index == 5_000, threads
        assert str(info.value).startswith(f"calendar CN: case 5000 (`{beyond.complaint.id}`): ")


def test_threads_must_be_a_positive_int() -> None:
    policy = tousu.Policy.preset("cn.branch")
    cn = tousu.WorkCalendar.builtin("CN")
    now = dt.datetime(2024, 10, 8, 10, tzinfo=dt.timezone.utc)
    for bad in (0, -1):
        with pytest.raises(ValueError, match=r"argument 'threads' must be at least 1, not " + str(bad)):
            policy.deadlines_frame([], cn, now, threads=bad)
    for wrong, name in (("2", "str"), (2.0, "float"), (True, "bool")):
        with pytest.raises(TypeError, match=rf"argument 'threads' must be int, not {name}"):
            policy.deadlines_frame([], cn, now, threads=wrong)  # type: ignore[arg-type]


def test_another_calendar_than_the_policy_names() -> None:
    fixture = error_fixture("another_calendar_than_the_policy_names")
    policy = tousu.Policy.preset(fixture["policy"])
    with pytest.raises(tousu.PolicyError) as info:
        policy.deadlines_frame([build_case(fixture)], tousu.WorkCalendar.builtin(fixture["calendar"]), instant(fixture["now"]))
    assert info.value.code == fixture["expect_error"] == "TOUSU_STATUS_POLICY_CALENDAR_MISMATCH"
    assert info.value.policy == "uk.fca.disp"


def test_arguments_of_the_wrong_type() -> None:
    policy = tousu.Policy.preset("cn.branch")
    cn = tousu.WorkCalendar.builtin("CN")
    case = build_case(ANSWERED[0])
    now = dt.datetime(2024, 10, 8, 10, tzinfo=dt.timezone.utc)
    with pytest.raises(TypeError, match=r"argument 'cases' must be an iterable of tousu.Case, not Case"):
        policy.deadlines_frame(case, cn, now)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match=r"argument 'cases': item 1 must be tousu.Case, not str"):
        policy.deadlines_frame([case, "SZ-2024-0001"], cn, now)  # type: ignore[list-item]
    with pytest.raises(TypeError, match=r"argument 'calendar' must be tousu.WorkCalendar"):
        policy.deadlines_frame([case], "CN", now)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match=r"argument 'now' must be datetime.datetime"):
        policy.deadlines_frame([case], cn, dt.date(2024, 10, 8))  # type: ignore[arg-type]
    with pytest.raises(tousu.ParseError) as naive:
        policy.deadlines_frame([case], cn, dt.datetime(2024, 10, 8, 10))
    assert naive.value.code == "TOUSU_STATUS_INVALID_TIMESTAMP"
    assert "deadlines_frame() argument 'now'" in str(naive.value)


def test_without_pandas_an_import_error_says_how_to_install_it(monkeypatch: pytest.MonkeyPatch) -> None:
    # A None entry in sys.modules makes `import pandas` raise ImportError.
    monkeypatch.setitem(sys.modules, "pandas", None)
    policy = tousu.Policy.preset("cn.branch")
    with pytest.raises(ImportError, match=r"deadlines_frame needs pandas.*pip install pandas") as info:
        policy.deadlines_frame([], tousu.WorkCalendar.builtin("CN"), dt.datetime(2024, 1, 1, tzinfo=dt.timezone.utc))
    assert info.value.name == "pandas"
    # Everything else works without it.
    assert policy.deadlines(build_case(ANSWERED[0]), tousu.WorkCalendar.builtin("CN"), instant(ANSWERED[0]["now"]))


def test_the_gil_is_released(sample: list[tousu.Case]) -> None:
    """Another thread runs Python code while the frame is computed (see threads.py)."""
    cases = sample * 2
    policy = tousu.Policy.preset("cn.branch")
    cn = tousu.WorkCalendar.builtin("CN")
    now = dt.datetime(2024, 3, 1, tzinfo=dt.timezone.utc)
    during = ticks_during(lambda: policy.deadlines_frame(cases, cn, now))
    assert during > 10, f"the counting thread ran {during} times during the call"


def test_the_json_of_a_case_gives_the_same_frame(sample: list[tousu.Case]) -> None:
    """Cases read back from their files give the same frame: nothing depends on object identity."""
    policy = tousu.Policy.preset("cn.branch")
    cn = tousu.WorkCalendar.builtin("CN")
    now = dt.datetime(2024, 3, 1, tzinfo=dt.timezone.utc)
    again = [tousu.Case.from_json(json.dumps(json.loads(c.to_json()))) for c in sample[:50]]
    pd.testing.assert_frame_equal(policy.deadlines_frame(again, cn, now), policy.deadlines_frame(sample[:50], cn, now))
