"""tousu.WorkCalendar: construction, scalar and array questions, broadcasting, errors with
their codes and indices, run-time years, the GIL released on arrays."""

from __future__ import annotations

import datetime as dt
from typing import Any

import numpy as np
import pytest

import tousu
from threads import ticks_during

D = dt.date


def days(*texts: str) -> np.ndarray[Any, np.dtype[np.datetime64]]:
    return np.array(texts, dtype="datetime64[D]")


@pytest.fixture(scope="module")
def cn() -> tousu.WorkCalendar:
    return tousu.WorkCalendar.builtin("CN")


DEMO = """
[calendar]
code = "DEMO"
name = "October 2024"
first_year = 2024
last_year = 2024
[[year]]
year = 2024
source = "National Day only"
rest_days = [2024-10-01, 2024-10-02, 2024-10-03, 2024-10-04, 2024-10-07]
extra_working_days = [2024-09-29, 2024-10-12]
"""


def test_builtins(cn: tousu.WorkCalendar) -> None:
    for code in ("CN", "XSHG", "XSHE", "GB-EAW", "US"):
        cal = tousu.WorkCalendar.builtin(code)
        assert cal.code == code and cal.coverage == (2004, 2026)
    assert repr(cn) == "WorkCalendar('CN', coverage=(2004, 2026))"
    with pytest.raises(tousu.CalendarError) as info:
        tousu.WorkCalendar.builtin("XNYS")
    assert info.value.code == "TOUSU_STATUS_UNKNOWN_CALENDAR"
    assert isinstance(info.value, ValueError)
    with pytest.raises(TypeError):
        tousu.WorkCalendar.builtin(1)  # type: ignore[arg-type]


def test_scalar_questions(cn: tousu.WorkCalendar) -> None:
    assert cn.is_working_day(D(2024, 9, 29)) is True  # make-up Sunday
    assert tousu.WorkCalendar.builtin("XSHE").is_working_day(D(2024, 9, 29)) is False
    assert cn.add_working_days(D(2024, 9, 27), 3) == D(2024, 10, 8)
    assert cn.add_working_days(D(2024, 10, 8), -2) == D(2024, 9, 29)
    assert cn.add_working_days(D(2024, 9, 29), 0) == D(2024, 9, 29)
    assert cn.add_working_days(D(2024, 9, 27), np.int32(3)) == D(2024, 10, 8)
    assert cn.next_working_day(D(2024, 9, 30)) == D(2024, 10, 8)
    assert cn.previous_working_day(D(2024, 10, 8)) == D(2024, 9, 30)
    assert cn.working_days_between(D(2024, 9, 27), D(2024, 10, 8)) == 3
    assert cn.working_days_between(D(2024, 10, 8), D(2024, 9, 27)) == -3
    assert cn.nth_working_day_of_month(2024, 10, -1) == D(2024, 10, 31)
    assert cn.civil_code_period_end(D(2024, 9, 24), 7) == D(2024, 10, 8)


def test_scalar_errors_carry_codes(cn: tousu.WorkCalendar) -> None:
    with pytest.raises(tousu.CalendarError) as info:
        cn.add_working_days(D(2026, 12, 31), 1)
    assert info.value.code == "TOUSU_STATUS_DATE_OUT_OF_COVERAGE"
    assert str(info.value) == "calendar CN: 1 working day after 2026-12-31 fall beyond its coverage 2004–2026"
    assert info.value.index is None
    with pytest.raises(tousu.CalendarError) as info:
        cn.add_working_days(D(2024, 10, 1), 0)
    assert info.value.code == "TOUSU_STATUS_NOT_A_WORKING_DAY"
    with pytest.raises(tousu.CalendarError) as info:
        cn.is_working_day(D(2003, 12, 31))
    assert info.value.code == "TOUSU_STATUS_DATE_OUT_OF_COVERAGE"
    with pytest.raises(tousu.CalendarError) as info:
        cn.nth_working_day_of_month(2024, 13, 1)
    assert info.value.code == "TOUSU_STATUS_NO_SUCH_WORKING_DAY"
    with pytest.raises(tousu.CalendarError):
        cn.add_working_days(D(2024, 1, 2), 2**63 - 1)
    with pytest.raises(ValueError, match="64-bit"):
        cn.add_working_days(D(2024, 1, 2), 2**63)


def test_arguments_of_the_wrong_type(cn: tousu.WorkCalendar) -> None:
    with pytest.raises(TypeError, match="not datetime.datetime"):
        cn.is_working_day(dt.datetime(2024, 1, 2))
    with pytest.raises(TypeError, match="astype"):
        cn.is_working_day(np.array(["2024-01-02T10:00"], dtype="datetime64[m]"))
    with pytest.raises(TypeError):
        cn.is_working_day("2024-01-02")  # type: ignore[call-overload]
    with pytest.raises(TypeError, match="integer array"):
        cn.add_working_days(days("2024-01-02"), np.array([1.5]))
    with pytest.raises(TypeError):
        cn.add_working_days(D(2024, 1, 2), 1.0)  # type: ignore[call-overload]


def test_arrays_answer_in_kind(cn: tousu.WorkCalendar) -> None:
    d = days("2024-09-27", "2024-12-31", "2024-09-29")
    assert cn.is_working_day(d).tolist() == [True, True, True]
    assert cn.is_working_day(d).dtype == np.bool_
    got = cn.add_working_days(d, 1)
    assert got.dtype == np.dtype("datetime64[D]")
    assert got.tolist() == [D(2024, 9, 29), D(2025, 1, 2), D(2024, 9, 30)]
    assert cn.add_working_days(d, np.array([3, -1, 0])).tolist() == [D(2024, 10, 8), D(2024, 12, 30), D(2024, 9, 29)]
    assert cn.next_working_day(d).tolist() == [D(2024, 9, 29), D(2025, 1, 2), D(2024, 9, 30)]
    assert cn.previous_working_day(d).tolist() == [D(2024, 9, 26), D(2024, 12, 30), D(2024, 9, 27)]
    between = cn.working_days_between(D(2024, 9, 27), d)
    assert between.dtype == np.int64 and between.tolist() == [0, 64, 1]
    assert cn.working_days_between(d, d).tolist() == [0, 0, 0]


def test_broadcast_rules(cn: tousu.WorkCalendar) -> None:
    # A scalar date with an array n: shaped like n.
    assert cn.add_working_days(D(2024, 9, 27), np.array([1, 2, 3], dtype=np.int8)).tolist() == [
        D(2024, 9, 29),
        D(2024, 9, 30),
        D(2024, 10, 8),
    ]
    # Two dimensions, and a strided (non-contiguous) view: answers in the view's shape.
    grid = days("2024-09-27", "2024-09-28", "2024-09-29", "2024-09-30").reshape(2, 2)
    assert cn.add_working_days(grid, 1).shape == (2, 2)
    assert cn.add_working_days(grid.T, 1).tolist() == [[D(2024, 9, 29), D(2024, 9, 30)], [D(2024, 9, 29), D(2024, 10, 8)]]
    assert cn.add_working_days(grid[:, ::-1], np.array([[1, 1], [1, 1]])).tolist()[0] == [D(2024, 9, 29), D(2024, 9, 29)]
    # Zero-length and 0-d arrays.
    assert cn.add_working_days(days(), 1).shape == (0,)
    assert cn.add_working_days(np.array("2024-09-27", dtype="datetime64[D]"), 1).shape == ()
    with pytest.raises(ValueError, match="same shape"):
        cn.add_working_days(days("2024-09-27", "2024-09-28"), np.array([1, 2, 3]))
    with pytest.raises(ValueError, match="same shape"):
        cn.working_days_between(days("2024-09-27"), days("2024-09-27", "2024-09-28"))
    with pytest.raises(TypeError):
        cn.add_working_days(days("2024-09-27"), np.array([2**63], dtype=np.uint64))


def test_an_array_names_its_first_failing_element(cn: tousu.WorkCalendar) -> None:
    d = days("2024-01-02", "2026-12-31", "2003-01-01")
    with pytest.raises(tousu.CalendarError) as info:
        cn.add_working_days(d, 1)
    assert info.value.index == 1
    assert info.value.code == "TOUSU_STATUS_DATE_OUT_OF_COVERAGE"
    assert str(info.value) == "calendar CN: element 1: 1 working day after 2026-12-31 fall beyond its coverage 2004–2026"
    with pytest.raises(tousu.CalendarError) as info:
        cn.is_working_day(d)
    assert info.value.index == 2
    with pytest.raises(tousu.CalendarError) as info:
        cn.add_working_days(days("2024-01-02", "NaT"), 1)
    assert info.value.index == 1 and "NaT" in str(info.value)
    with pytest.raises(tousu.CalendarError) as info:
        cn.working_days_between(days("2024-01-02", "9999-01-01"), D(2024, 1, 2))
    assert info.value.index == 1
    with pytest.raises(tousu.CalendarError) as info:
        cn.add_working_days(days("2024-10-01", "2024-10-01").reshape(1, 2), np.array([[1, 0]]))
    assert info.value.index == 1 and info.value.code == "TOUSU_STATUS_NOT_A_WORKING_DAY"


def test_custom_calendars_and_new_years() -> None:
    demo = tousu.WorkCalendar.from_toml(DEMO)
    assert demo.code == "DEMO" and demo.name == "October 2024" and demo.coverage == (2024, 2024)
    assert demo.add_working_days(D(2024, 9, 27), 3) == D(2024, 10, 8)
    with pytest.raises(tousu.CalendarError) as info:
        demo.extend_from_toml('[[year]]\nyear = 2026\nsource = "n"\n')
    assert info.value.code == "TOUSU_STATUS_CALENDAR_YEAR_MISSING"
    assert demo.coverage == (2024, 2024)
    demo.extend_from_toml('[[year]]\nyear = 2025\nsource = "n"\nrest_days = [2025-01-01]\n')
    assert demo.coverage == (2024, 2025)
    assert demo.next_working_day(D(2024, 12, 31)) == D(2025, 1, 2)
    with pytest.raises(tousu.CalendarError) as info:
        tousu.WorkCalendar.from_toml("[calendar]\ncode = 1\n")
    assert info.value.code == "TOUSU_STATUS_CALENDAR_SYNTAX"
    j = tousu.WorkCalendar.from_json(
        '{"calendar": {"code": "J", "name": "j", "first_year": 2024, "last_year": 2024},'
        ' "year": [{"year": 2024, "source": "s", "rest_days": ["2024-01-01"]}]}'
    )
    assert j.next_working_day(D(2024, 1, 1)) == D(2024, 1, 2)


def test_arrays_release_the_gil(cn: tousu.WorkCalendar) -> None:
    """Another thread runs Python code while an array is computed (see threads.py)."""
    big = np.repeat(days("2024-09-27"), 3_000_000)
    during = ticks_during(lambda: cn.add_working_days(big, 1))
    assert during > 10, f"the counting thread ran {during} times during the call"


@pytest.mark.parametrize("code", ["CN", "XSHG", "XSHE", "GB-EAW", "US"])
def test_arrays_agree_with_scalars_and_the_laws_hold(code: str) -> None:
    """Seeded random dates and steps: each array answer equals the scalar answer, lands on a
    working day, and working_days_between inverts it."""
    cal = tousu.WorkCalendar.builtin(code)
    rng = np.random.default_rng(sum(map(ord, code)))
    start = np.datetime64("2005-06-01", "D")
    d = start + rng.integers(0, 7000, 400).astype("timedelta64[D]")
    n = rng.integers(-300, 300, 400)
    n[n == 0] = 1
    got = cal.add_working_days(d, n)
    assert cal.is_working_day(got).all()
    assert (cal.working_days_between(d, got) == n).all()
    for i in range(0, 400, 7):
        day = d[i].astype(dt.date)
        assert cal.add_working_days(day, int(n[i])) == got[i].astype(dt.date)
        assert cal.is_working_day(day) == cal.is_working_day(d[i : i + 1])[0]
    # add(add(d, a), b) == add(d, a + b) from a working day, for steps of the same sign.
    w = got
    a, b = np.abs(n) // 2 + 1, np.abs(n[::-1]) // 3 + 1
    assert (cal.add_working_days(cal.add_working_days(w, a), b) == cal.add_working_days(w, a + b)).all()


def test_nth_working_day_of_month_on_arrays(cn: tousu.WorkCalendar) -> None:
    months = np.arange(1, 13)
    firsts = cn.nth_working_day_of_month(2024, months, 1)
    assert firsts.dtype == np.dtype("datetime64[D]") and firsts.shape == (12,)
    assert firsts.tolist() == [cn.nth_working_day_of_month(2024, int(m), 1) for m in months]
    assert firsts[9] == np.datetime64("2024-10-08")  # 国庆
    # Every argument an array, two dimensions, another integer width: element by element.
    year = np.array([[2023, 2024], [2025, 2024]], dtype=np.int16)
    month = np.array([[10, 10], [1, 2]], dtype=np.uint8)
    n = np.array([[1, -1], [-1, 2]])
    assert cn.nth_working_day_of_month(year, month, n).tolist() == [
        [D(2023, 10, 7), D(2024, 10, 31)],  # the make-up Saturday; a Thursday
        [D(2025, 1, 27), D(2024, 2, 2)],  # 春节 from 01-28; the second of February
    ]
    # A strided view, a 0-d array, an empty array.
    assert cn.nth_working_day_of_month(2024, months[::-3], 1).tolist() == firsts[::-3].tolist()
    assert cn.nth_working_day_of_month(np.array(2024), 10, 1).shape == ()
    assert cn.nth_working_day_of_month(2024, np.array([], dtype=np.int64), 1).shape == (0,)
    # numpy integer scalars are ints.
    assert cn.nth_working_day_of_month(np.int64(2024), np.uint8(10), np.int32(1)) == D(2024, 10, 8)


def test_nth_working_day_of_month_errors(cn: tousu.WorkCalendar) -> None:
    with pytest.raises(tousu.CalendarError) as info:
        cn.nth_working_day_of_month(2024, np.array([10, 13, 0]), 1)
    assert (info.value.code, info.value.index) == ("TOUSU_STATUS_NO_SUCH_WORKING_DAY", 1)
    assert str(info.value) == "calendar CN: element 1: month 13 of 2024 does not exist"
    with pytest.raises(tousu.CalendarError) as info:
        cn.nth_working_day_of_month(np.array([2024, 2027]), 1, 1)
    assert (info.value.code, info.value.index) == ("TOUSU_STATUS_DATE_OUT_OF_COVERAGE", 1)
    with pytest.raises(tousu.CalendarError) as info:
        cn.nth_working_day_of_month(2024, 10, np.array([1, 0]))
    assert (info.value.code, info.value.index) == ("TOUSU_STATUS_NO_SUCH_WORKING_DAY", 1)
    with pytest.raises(tousu.CalendarError) as info:
        cn.nth_working_day_of_month(2024, 10, np.array([[1, 2], [24, 3]]))
    assert info.value.index == 2 and "2024-10 has 19 working days" in str(info.value)  # 23 weekdays - 5 of 国庆 + Saturday 10-12
    # Values no month can have: the error core gives such a month, never an overflow.
    for year, month, n, code in [
        (2024, -1, 1, "TOUSU_STATUS_NO_SUCH_WORKING_DAY"),
        (2024, 2**40, 1, "TOUSU_STATUS_NO_SUCH_WORKING_DAY"),
        (2024, 10, 2**40, "TOUSU_STATUS_NO_SUCH_WORKING_DAY"),
        (2024, 10, -(2**40), "TOUSU_STATUS_NO_SUCH_WORKING_DAY"),
        (2**40, 10, 1, "TOUSU_STATUS_DATE_OUT_OF_COVERAGE"),
        (-(2**40), 10, 1, "TOUSU_STATUS_DATE_OUT_OF_COVERAGE"),
    ]:
        with pytest.raises(tousu.CalendarError) as info:
            cn.nth_working_day_of_month(year, month, n)
        assert (info.value.code, info.value.index) == (code, None), (year, month, n)
        assert str(abs(max(year, month, n, key=abs))) in str(info.value)
        with pytest.raises(tousu.CalendarError) as info:
            cn.nth_working_day_of_month(np.array([2024, year]), np.array([10, month]), np.array([1, n]))
        assert (info.value.code, info.value.index) == (code, 1)
    with pytest.raises(ValueError, match="year has shape .* month shape"):
        cn.nth_working_day_of_month(np.array([2024, 2025]), np.array([1, 2, 3]), 1)
    with pytest.raises(ValueError, match="year has shape .* n shape"):
        cn.nth_working_day_of_month(np.array([2024, 2025]), 1, np.array([1, 2, 3]))
    with pytest.raises(TypeError, match="month must be an integer array"):
        cn.nth_working_day_of_month(2024, np.array([1.0]), 1)
    with pytest.raises(TypeError, match="year must be int"):
        cn.nth_working_day_of_month("2024", 1, 1)  # type: ignore[call-overload]
    with pytest.raises(ValueError, match="n = .* does not fit in a 64-bit integer"):
        cn.nth_working_day_of_month(2024, 1, 2**64)


def test_civil_code_period_end_on_arrays(cn: tousu.WorkCalendar) -> None:
    start = days("2024-09-23", "2024-09-24", "2024-09-22", "2023-12-22")
    got = cn.civil_code_period_end(start, 7)
    assert got.dtype == np.dtype("datetime64[D]")
    assert got.tolist() == [D(2024, 9, 30), D(2024, 10, 8), D(2024, 9, 29), D(2023, 12, 29)]
    assert cn.civil_code_period_end(start, np.array([7, 7, 7, 15], dtype=np.uint16))[3] == np.datetime64("2024-01-08")
    # A scalar start with an array of lengths: shaped like days. 0 days ends on the start,
    # rolled forward to a working day.
    assert cn.civil_code_period_end(D(2024, 9, 30), np.array([[0, 1], [7, 8]])).tolist() == [
        [D(2024, 9, 30), D(2024, 10, 8)],
        [D(2024, 10, 8), D(2024, 10, 8)],
    ]
    assert cn.civil_code_period_end(start.reshape(2, 2).T, 7).tolist() == [
        [D(2024, 9, 30), D(2024, 9, 29)],
        [D(2024, 10, 8), D(2023, 12, 29)],
    ]
    assert cn.civil_code_period_end(days(), 1).shape == (0,)
    for i in range(len(start)):
        assert cn.civil_code_period_end(start[i].astype(dt.date), 7) == got[i].astype(dt.date)


def test_civil_code_period_end_errors(cn: tousu.WorkCalendar) -> None:
    # Only the end needs to be covered.
    assert cn.civil_code_period_end(days("2003-12-25"), 10).tolist() == [D(2004, 1, 5)]
    with pytest.raises(tousu.CalendarError) as info:
        cn.civil_code_period_end(days("2024-09-24", "2026-12-25", "NaT"), 7)
    assert (info.value.code, info.value.index) == ("TOUSU_STATUS_DATE_OUT_OF_COVERAGE", 1)
    assert str(info.value).startswith("calendar CN: element 1: ")
    with pytest.raises(tousu.CalendarError) as info:
        cn.civil_code_period_end(days("2024-09-24", "NaT"), 7)
    assert info.value.index == 1 and "NaT" in str(info.value)
    with pytest.raises(tousu.CalendarError) as info:
        cn.civil_code_period_end(D(2024, 1, 1), 2**40)
    assert info.value.code == "TOUSU_STATUS_DATE_OUT_OF_COVERAGE" and info.value.index is None
    with pytest.raises(tousu.CalendarError) as info:
        cn.civil_code_period_end(D(2024, 1, 1), np.array([1, 2**40]))
    assert info.value.index == 1
    # A negative length is not a period: ValueError naming the argument (and the element).
    with pytest.raises(ValueError, match=r"^days = -1: a period is 0 or more days$"):
        cn.civil_code_period_end(D(2024, 1, 1), -1)
    with pytest.raises(ValueError, match=r"^days: element 2 is -7: a period is 0 or more days$"):
        cn.civil_code_period_end(days("2024-01-02"), np.array([1, 2, -7, -1]))
    with pytest.raises(ValueError, match="same shape"):
        cn.civil_code_period_end(days("2024-01-02", "2024-01-03"), np.array([1, 2, 3]))
    with pytest.raises(TypeError, match="start must be datetime.date or a numpy datetime64"):
        cn.civil_code_period_end("2024-01-02", 1)  # type: ignore[call-overload]
    with pytest.raises(TypeError, match="days must be int"):
        cn.civil_code_period_end(D(2024, 1, 2), 1.5)  # type: ignore[call-overload]
