"""The calendar fixture corpus (tests/testdata/calendar.toml) through the Python API.

The same file runs through Rust (core/tests/calendar.rs) and C (bindings-c/tests/
run_fixtures.py), so the three surfaces cannot drift. Each fixture is asked twice: with a
``datetime.date`` and as a one-element ``datetime64[D]`` array (``add`` and ``day``), and the two
answers must agree (``period`` and ``nth`` too, and then the whole corpus of each calendar as
one array). One pytest case per fixture.
"""

from __future__ import annotations

import datetime as dt
import tomllib
from pathlib import Path
from typing import Any

import numpy as np
import pytest

import tousu

CORPUS = Path(__file__).resolve().parents[2] / "tests" / "testdata" / "calendar.toml"
with CORPUS.open("rb") as f:
    FIXTURES: dict[str, list[dict[str, Any]]] = tomllib.load(f)

CALENDARS: dict[str, tousu.WorkCalendar] = {}


def calendar(code: str) -> tousu.WorkCalendar:
    if code not in CALENDARS:
        CALENDARS[code] = tousu.WorkCalendar.builtin(code)
    return CALENDARS[code]


def cases(kind: str) -> list[dict[str, Any]]:
    return FIXTURES[kind]


def ids(kind: str) -> list[str]:
    return [f"{kind}{i}-{f['calendar']}" for i, f in enumerate(FIXTURES[kind])]


def one(date: dt.date) -> np.ndarray[Any, np.dtype[np.datetime64]]:
    return np.array([date], dtype="datetime64[D]")


def test_the_corpus_is_complete() -> None:
    assert len(FIXTURES["day"]) >= 150 and len(FIXTURES["add"]) >= 25
    assert sum(len(v) for v in FIXTURES.values()) >= 280
    assert {f["calendar"] for f in FIXTURES["day"]} >= {"CN", "XSHG", "XSHE"}


@pytest.mark.parametrize("fixture", cases("day"), ids=ids("day"))
def test_day(fixture: dict[str, Any]) -> None:
    cal = calendar(fixture["calendar"])
    assert cal.is_working_day(fixture["date"]) is fixture["working"], fixture["why"]
    assert cal.is_working_day(one(fixture["date"])).tolist() == [fixture["working"]]


@pytest.mark.parametrize("fixture", cases("add"), ids=ids("add"))
def test_add(fixture: dict[str, Any]) -> None:
    cal = calendar(fixture["calendar"])
    start, n = fixture["from"], fixture["n"]
    if "expect_error" in fixture:
        with pytest.raises(tousu.CalendarError) as scalar:
            cal.add_working_days(start, n)
        assert scalar.value.code == fixture["expect_error"], fixture["why"]
        assert scalar.value.index is None
        with pytest.raises(tousu.CalendarError) as array:
            cal.add_working_days(one(start), n)
        assert array.value.code == fixture["expect_error"]
        assert array.value.index == 0
        return
    assert cal.add_working_days(start, n) == fixture["expect"], fixture["why"]
    assert cal.add_working_days(one(start), np.array([n])).tolist() == [fixture["expect"]]


@pytest.mark.parametrize("fixture", cases("between"), ids=ids("between"))
def test_between(fixture: dict[str, Any]) -> None:
    cal = calendar(fixture["calendar"])
    got = cal.working_days_between(fixture["from"], fixture["to"])
    assert got == fixture["expect"], fixture["why"]
    assert cal.working_days_between(one(fixture["from"]), fixture["to"]).tolist() == [fixture["expect"]]


@pytest.mark.parametrize("fixture", cases("period"), ids=ids("period"))
def test_period(fixture: dict[str, Any]) -> None:
    cal = calendar(fixture["calendar"])
    assert cal.civil_code_period_end(fixture["start"], fixture["days"]) == fixture["expect"], fixture["why"]
    assert cal.civil_code_period_end(one(fixture["start"]), np.array([fixture["days"]])).tolist() == [fixture["expect"]]


@pytest.mark.parametrize("fixture", cases("nth"), ids=ids("nth"))
def test_nth(fixture: dict[str, Any]) -> None:
    cal = calendar(fixture["calendar"])
    got = cal.nth_working_day_of_month(fixture["year"], fixture["month"], fixture["n"])
    assert got == fixture["expect"], fixture["why"]
    array = cal.nth_working_day_of_month(np.array([fixture["year"]]), fixture["month"], np.array([fixture["n"]]))
    assert array.tolist() == [fixture["expect"]]


def by_calendar(kind: str) -> dict[str, list[dict[str, Any]]]:
    groups: dict[str, list[dict[str, Any]]] = {}
    for f in cases(kind):
        groups.setdefault(f["calendar"], []).append(f)
    return groups


def test_every_period_and_nth_fixture_as_one_array_per_calendar() -> None:
    """The corpus asked in one call per calendar: element i answers fixture i."""
    for code, fixtures in by_calendar("period").items():
        start = np.array([f["start"] for f in fixtures], dtype="datetime64[D]")
        days = np.array([f["days"] for f in fixtures])
        assert calendar(code).civil_code_period_end(start, days).tolist() == [f["expect"] for f in fixtures]
    for code, fixtures in by_calendar("nth").items():
        year, month, n = (np.array([f[k] for f in fixtures]) for k in ("year", "month", "n"))
        assert calendar(code).nth_working_day_of_month(year, month, n).tolist() == [f["expect"] for f in fixtures]
