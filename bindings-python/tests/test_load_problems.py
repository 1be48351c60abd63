"""Policy and calendar files that cannot be loaded: ``PolicyError.problems`` and
``CalendarError.problems`` give every problem with its code, milestone (or year), path, line
and column, as core reports them; the exceptions pickle with them."""

from __future__ import annotations

import json
import pickle

import pytest

import tousu

# Two milestones, resolve anchored on acknowledge. Lines are counted from 1 on this text.
POLICY = """\
[policy]
id = "test.policy"
version = 1
name = "Test"
calendar = "CN"
source = "tests"
applies_to = ["complaint"]

[policy.business_hours]
time_zone = "+08:00"
windows = ["09:00-11:30", "13:00-15:30"]
receipt_cutoff = "15:30"

[[milestone]]
id = "acknowledge"
label = "Acknowledge"
from = "received"
due = { amount = 1, unit = "working_days" }
met_by = ["acknowledged"]

[[milestone]]
id = "resolve"
label = "Resolve"
from = "milestone:acknowledge"
due = { amount = 5, unit = "working_days" }
met_by = ["result_fed_back"]
"""


def policy_with(old: str, new: str) -> str:
    assert POLICY.count(old) == 1, old
    return POLICY.replace(old, new)


def problems_of(text: str) -> tousu.PolicyError:
    with pytest.raises(tousu.PolicyError) as info:
        tousu.Policy.from_toml(text, file="test.toml")
    return info.value


def test_the_base_policy_loads() -> None:
    assert tousu.Policy.from_toml(POLICY, file="test.toml").milestones == ["acknowledge", "resolve"]


# (what is wrong, the edit, then the one problem expected: code, milestone, path, line)
BAD_POLICIES = [
    (
        "unknown unit",
        ('unit = "working_days" }\nmet_by = ["result_fed_back"]', 'unit = "business_days" }\nmet_by = ["result_fed_back"]'),
        ("TOUSU_STATUS_POLICY_UNKNOWN_UNIT", "resolve", "due.unit", 25),
    ),
    (
        "cycle of anchors",
        ('from = "received"', 'from = "milestone:resolve"'),
        ("TOUSU_STATUS_POLICY_ANCHOR_CYCLE", "acknowledge", "from", 17),
    ),
    (
        "negative duration",
        ("amount = 5,", "amount = -2,"),
        ("TOUSU_STATUS_POLICY_INVALID_DURATION", "resolve", "due.amount", 25),
    ),
    (
        "window ending before it starts",
        ('"13:00-15:30"]', '"15:30-13:00"]'),
        ("TOUSU_STATUS_POLICY_INVALID_WINDOW", None, "policy.business_hours.windows[1]", 11),
    ),
    (
        # An unknown field inside a [[milestone]] table names that milestone.
        "unknown field",
        ('met_by = ["acknowledged"]', 'met_by = ["acknowledged"]\nwarn_after = 0.5'),
        ("TOUSU_STATUS_POLICY_UNKNOWN_FIELD", "acknowledge", "", 20),
    ),
]


@pytest.mark.parametrize(("what", "edit", "expected"), BAD_POLICIES, ids=[b[0] for b in BAD_POLICIES])
def test_a_bad_policy_names_code_milestone_and_line(
    what: str, edit: tuple[str, str], expected: tuple[str, str | None, str, int]
) -> None:
    err = problems_of(policy_with(*edit))
    (problem,) = err.problems
    assert isinstance(problem, tousu.PolicyProblem)
    assert (problem.code, problem.milestone, problem.path, problem.line) == expected, what
    assert isinstance(problem.column, int) and problem.column >= 1
    assert problem.problem and problem.problem in str(err)
    assert err.code == problem.code
    assert err.number == tousu.ERROR_CODES[problem.code]
    assert (err.policy, err.file) == ("test.policy", "test.toml")
    assert str(err).startswith("policy test.policy (test.toml): line ")


def test_every_problem_at_once_in_text_order() -> None:
    text = (
        policy_with('"13:00-15:30"]', '"15:30-13:00"]')
        .replace("amount = 1,", "amount = 0,")
        .replace('amount = 5, unit = "working_days"', 'amount = 5, unit = "fortnights"')
    )
    err = problems_of(text)
    assert [(p.code, p.milestone, p.line) for p in err.problems] == [
        ("TOUSU_STATUS_POLICY_INVALID_WINDOW", None, 11),
        ("TOUSU_STATUS_POLICY_INVALID_DURATION", "acknowledge", 18),
        ("TOUSU_STATUS_POLICY_UNKNOWN_UNIT", "resolve", 25),
    ]
    assert err.code == "TOUSU_STATUS_POLICY_INVALID_WINDOW"
    assert "`fortnights` is not a unit" in err.problems[2].problem


def test_unreadable_text_has_no_policy_id() -> None:
    err = problems_of('[policy]\nid = "x"\nversion = \n')
    assert err.policy is None and err.file == "test.toml"
    (problem,) = err.problems
    assert (problem.code, problem.milestone, problem.path, problem.line) == ("TOUSU_STATUS_POLICY_SYNTAX", None, "", 3)


def test_without_a_file_name() -> None:
    with pytest.raises(tousu.PolicyError) as info:
        tousu.Policy.from_toml(policy_with("amount = 5,", "amount = -2,"))
    assert info.value.file is None
    assert str(info.value).startswith("policy test.policy: line 25")


def test_errors_that_are_not_about_a_file() -> None:
    with pytest.raises(tousu.PolicyError) as unknown:
        tousu.Policy.preset("cn.nowhere")
    assert unknown.value.policy == "cn.nowhere" and unknown.value.file is None
    assert [p.code for p in unknown.value.problems] == ["TOUSU_STATUS_UNKNOWN_POLICY"]
    assert tousu.PolicyError("x", code="TOUSU_STATUS_INVALID_POLICY", number=5009).problems == ()


def test_file_must_be_a_str() -> None:
    with pytest.raises(TypeError, match="argument 'file' must be str"):
        tousu.Policy.from_toml(POLICY, file=b"test.toml")  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="argument 'file' must be str"):
        tousu.WorkCalendar.from_toml(CALENDAR, file=1)  # type: ignore[arg-type]


# --- calendars --------------------------------------------------------------------------------

CALENDAR = """\
[calendar]
code = "ACME"
name = "Acme"
first_year = 2024
last_year = 2025
[[year]]
year = 2024
source = "board resolution 2023-12"
rest_days = [2024-12-24, 2025-01-01]
extra_working_days = [2024-03-05]
"""


def test_calendar_problems_name_code_year_path_and_line() -> None:
    with pytest.raises(tousu.CalendarError) as info:
        tousu.WorkCalendar.from_toml(CALENDAR, file="acme.toml")
    err = info.value
    assert (err.calendar, err.file, err.index) == ("ACME", "acme.toml", None)
    assert all(isinstance(p, tousu.CalendarProblem) for p in err.problems)
    assert [(p.code, p.year, p.path, p.line) for p in err.problems] == [
        ("TOUSU_STATUS_CALENDAR_DATE_OUTSIDE_YEAR", 2024, "year[0].rest_days[1]", 9),
        ("TOUSU_STATUS_EXTRA_WORKING_DAY_NOT_WEEKEND", 2024, "year[0].extra_working_days[0]", 10),
        # Not in the text at all: no line.
        ("TOUSU_STATUS_CALENDAR_YEAR_MISSING", 2025, "", None),
    ]
    assert err.problems[0].column == 26 and err.problems[2].column is None
    assert err.code == "TOUSU_STATUS_CALENDAR_DATE_OUTSIDE_YEAR"
    assert str(err).startswith("calendar ACME (acme.toml): line 9 column 26: year[0].rest_days[1]: ")


def test_calendar_json_problems_have_paths_but_no_lines() -> None:
    text = json.dumps(
        {
            "calendar": {"code": "J", "name": "J", "first_year": 2024, "last_year": 2024},
            "year": [{"year": 2024, "source": "s", "rest_days": ["2023-01-01"]}],
        }
    )
    with pytest.raises(tousu.CalendarError) as info:
        tousu.WorkCalendar.from_json(text)
    (problem,) = info.value.problems
    assert (problem.code, problem.year, problem.path, problem.line) == (
        "TOUSU_STATUS_CALENDAR_DATE_OUTSIDE_YEAR",
        2024,
        "year[0].rest_days[0]",
        None,
    )
    assert info.value.calendar == "J" and info.value.file is None


def test_calendar_syntax_and_extension_problems() -> None:
    with pytest.raises(tousu.CalendarError) as syntax:
        tousu.WorkCalendar.from_toml("x = \n", file="bad.toml")
    assert syntax.value.calendar is None
    assert [(p.code, p.line) for p in syntax.value.problems] == [("TOUSU_STATUS_CALENDAR_SYNTAX", 1)]
    cn = tousu.WorkCalendar.builtin("CN")
    with pytest.raises(tousu.CalendarError) as gap:
        cn.extend_from_toml('[[year]]\nyear = 2028\nsource = "the 2028 notice"\n')
    assert [(p.code, p.year, p.line) for p in gap.value.problems] == [("TOUSU_STATUS_CALENDAR_YEAR_MISSING", 2028, 2)]
    assert gap.value.calendar == "CN" and cn.coverage == (2004, 2026)
    assert gap.value.file is None
    with pytest.raises(tousu.CalendarError) as named:
        cn.extend_from_toml('[[year]]\nyear = 2028\nsource = "the 2028 notice"\n', file="cn-2028.toml")
    assert named.value.file == "cn-2028.toml" and "cn-2028.toml" in str(named.value)
    assert cn.coverage == (2004, 2026)


def test_a_question_out_of_coverage_has_no_problems() -> None:
    import datetime as dt

    with pytest.raises(tousu.CalendarError) as info:
        tousu.WorkCalendar.builtin("XSHG").next_working_day(dt.date(2031, 1, 1))
    assert (info.value.calendar, info.value.problems, info.value.file) == ("XSHG", (), None)


def test_problems_pickle_with_the_exception() -> None:
    policy = problems_of(policy_with("amount = 5,", "amount = -2,"))
    with pytest.raises(tousu.CalendarError) as calendar:
        tousu.WorkCalendar.from_toml(CALENDAR, file="acme.toml")
    for err in (policy, calendar.value):
        again = pickle.loads(pickle.dumps(err))
        assert type(again) is type(err)
        assert str(again) == str(err)
        assert vars(again) == vars(err)
        assert again.problems == err.problems and type(again.problems[0]) is type(err.problems[0])


def test_problems_are_immutable() -> None:
    err = problems_of(policy_with("amount = 5,", "amount = -2,"))
    with pytest.raises(AttributeError):
        err.problems[0].line = 1  # type: ignore[misc]
    assert err.problems[0]._asdict()["milestone"] == "resolve"
