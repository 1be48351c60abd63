"""The shared fixture corpus (tests/testdata/*.toml) through the Python API.

The same files run through Rust (core/tests/fixtures.rs) and C, so the three surfaces cannot
drift. The format is described in tests/testdata/README.md. One pytest case per fixture.
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

import pytest

import tousu

TESTDATA = Path(__file__).resolve().parents[2] / "tests" / "testdata"
COMPLAINTS = TESTDATA / "complaints.toml"
LIFECYCLE = TESTDATA / "lifecycle.toml"

missing = [path.name for path in (COMPLAINTS, LIFECYCLE) if not path.is_file()]
if missing:
    pytest.skip(f"fixture corpus not found in {TESTDATA}: {', '.join(missing)}", allow_module_level=True)

with COMPLAINTS.open("rb") as f:
    COMPLAINT_FIXTURES: list[dict[str, Any]] = tomllib.load(f)["complaint"]
with LIFECYCLE.open("rb") as f:
    _lifecycle = tomllib.load(f)
BASE_COMPLAINTS: dict[str, str] = _lifecycle["complaints"]
CASE_FIXTURES: list[dict[str, Any]] = _lifecycle["case"]


def names(fixtures: list[dict[str, Any]]) -> list[str]:
    return [f["name"] for f in fixtures]


def test_corpus_is_loaded_and_names_are_unique() -> None:
    assert len(COMPLAINT_FIXTURES) >= 20 and len(CASE_FIXTURES) >= 40
    for fixtures in (COMPLAINT_FIXTURES, CASE_FIXTURES):
        assert len(set(names(fixtures))) == len(fixtures)
    # Every expected code is one core knows.
    for f in COMPLAINT_FIXTURES + CASE_FIXTURES:
        if "expect_error" in f:
            assert f["expect_error"] in tousu.ERROR_CODES, f["name"]


def check_error(err: tousu.TousuError, code: str) -> None:
    """The error has the expected code, and the number and class that go with it."""
    assert err.code == code, f"got {err.code} ({err}), expected {code}"
    assert err.number == tousu.ERROR_CODES[code]
    category = {1: tousu.ParseError, 2: tousu.ValidationError, 3: tousu.RuleError}[err.number // 1000]
    assert isinstance(err, category)


@pytest.mark.parametrize("fixture", COMPLAINT_FIXTURES, ids=names(COMPLAINT_FIXTURES))
def test_complaint_fixture(fixture: dict[str, Any]) -> None:
    expect_error = fixture.get("expect_error")
    if expect_error is None:
        complaint = tousu.Complaint.from_json(fixture["json"])
        assert tousu.Complaint.from_json(complaint.to_json()) == complaint
        assert tousu.Complaint.from_dict(complaint.to_dict()) == complaint
        return
    with pytest.raises(tousu.TousuError) as info:
        tousu.Complaint.from_json(fixture["json"])
    check_error(info.value, expect_error)
    problems = getattr(info.value, "problems", [])
    assert [path for path, _ in problems] == fixture.get("expect_fields", [])


@pytest.mark.parametrize("fixture", CASE_FIXTURES, ids=names(CASE_FIXTURES))
def test_lifecycle_fixture(fixture: dict[str, Any]) -> None:
    complaint = tousu.Complaint.from_json(BASE_COMPLAINTS[fixture["complaint"]])
    texts: list[str] = fixture["events"]
    expect_error: str | None = fixture.get("expect_error")
    accepted = texts[:-1] if expect_error else texts

    case: tousu.Case | None = None
    for i, text in enumerate(accepted):
        event = tousu.Event.from_json(text)
        if case is None:
            case = tousu.Case.register(complaint, event)
        else:
            case.apply(event)
        assert len(case) == i + 1

    if expect_error is not None:
        before = None if case is None else (case.to_json(), case.state)
        with pytest.raises(tousu.TousuError) as info:
            event = tousu.Event.from_json(texts[-1])
            if case is None:
                tousu.Case.register(complaint, event)
            else:
                case.apply(event)
        err = info.value
        check_error(err, expect_error)
        if isinstance(err, tousu.RuleError):
            assert err.event_index == len(texts) - 1
        # A refused event leaves the case exactly as it was.
        assert before == (None if case is None else (case.to_json(), case.state))

    if case is None:
        assert "expect_stage" not in fixture, "the registration was refused: there is no case"
        return
    assert case.stage == fixture["expect_stage"]
    assert case.state["stage"] == fixture["expect_stage"]
    assert tousu.Case.from_json(case.to_json()) == case
    assert tousu.Case.replay(complaint, case.events) == case
