"""``RuleSet.route_many`` with earlier complaints: ``earlier_from=`` (the frame's own rows of the
same complainant) and ``earlier_complaints=`` (the caller's dates, row by row) decide what
:meth:`RuleSet.route` decides one complaint at a time with the same dates, which the tests work
out here in plain Python."""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

import numpy as np
import pandas as pd
import pytest

import tousu
from test_routing import complaint, complaint_dict, frame_of

# A repeat complainant is escalated: two earlier complaints within 30 days go to the manager
# (head office's escalation), one within 7 days gets a written reply at the branch.
RULES = """\
[rule_set]
id = "test.repeat"
version = 1
name = "Repeat complainants"
taxonomy = "cn.securities"
hit_policy = "first_match"

[roles.supervisor]
label = "Supervisor"
level = "branch"
escalates_to = "manager"

[roles.manager]
label = "Manager"
level = "head_office"

[[rule]]
id = "repeat"
priority = 20
when = { earlier_complaints = { at_least = 2, within_days = 30 } }
then = { handler = "manager", policy = "cn.firm", obligations = ["written_reply"] }

[[rule]]
id = "again_this_week"
priority = 10
when = { earlier_complaints = { at_least = 1, within_days = 7 } }
then = { handler = "supervisor", escalate_to = "manager", obligations = ["written_reply"] }

[[rule]]
id = "rest"
then = { handler = "supervisor", policy = "cn.branch" }
"""

KEY = "complainant.securities_account"
OFFSETS = ["+08:00", "Z", "-05:00", "+14:00"]


@pytest.fixture(scope="module")
def rules() -> tousu.RuleSet:
    return tousu.RuleSet.from_toml(RULES)


def received(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text)


def expected_earlier(keys: list[str | None], times: list[str]) -> list[list[dt.date]]:
    """Each row's earlier complaints by hand: the local days of the other rows with the same
    non-empty key received at a strictly earlier instant."""
    out = []
    for key, time in zip(keys, times):
        mine = received(time)
        out.append(
            [received(t).date() for k, t in zip(keys, times) if key and k == key and received(t) < mine]
            if key
            else []
        )
    return out


def none(value: Any) -> Any:
    return None if pd.isna(value) else value


def routed(frame: pd.DataFrame) -> list[tuple[Any, ...]]:
    return [
        (r.deciding_rule, r.matched, none(r.handler), none(r.policy), none(r.escalate_to), r.written_reply)
        for r in frame.itertuples(index=False)
    ]


def of(d: tousu.Decision) -> tuple[Any, ...]:
    return (d.deciding_rule, ",".join(d.matched), d.handler, d.policy, d.escalate_to, "written_reply" in d.obligations)


def complaints_of(keys: list[str | None], times: list[str]) -> list[tousu.Complaint]:
    out = []
    for i, (key, time) in enumerate(zip(keys, times)):
        data = complaint_dict(id=f"C{i:03}", received_at=time)
        data["complainant"] = {"name": "王建国", "contact": {"phone": "13800138000"}}
        if key:
            data["complainant"]["securities_account"] = key
        out.append(tousu.Complaint.from_dict(data))
    return out


# Rows out of order, three complainants and two rows without a key, a same-day earlier
# complaint, the same instant written in two offsets, and local days that differ from UTC's.
A, B, C, D = "6000000001", "6000000002", "6000000003", "6000000004"
KEYS: list[str | None] = [A, B, A, None, A, B, C, A, B, None, C, B, D, D, D]
TIMES = [
    "2024-03-10T09:00:00+08:00",  # A: 2 earlier within 30 days (rows 2, 4) -> repeat
    "2024-03-01T09:00:00+08:00",  # B: the first
    "2024-02-20T10:00:00+08:00",  # A: the first
    "2024-03-10T09:00:00+08:00",  # no key
    "2024-03-05T02:00:00+08:00",  # A: one earlier (row 2, 14 days) -> rest
    "2024-03-01T01:00:00Z",  # B: the same instant as row 1 -> neither counts the other
    "2024-03-31T23:30:00-05:00",  # C: local day March 31 (April 1 in UTC)
    "2024-03-10T09:00:00.500+08:00",  # A: half a second after row 0 -> 3 earlier -> repeat
    "2024-03-01T12:00:00+08:00",  # B: same day, later: 2 earlier (rows 1, 5) -> repeat
    "2024-03-01T12:00:00+08:00",  # no key
    "2024-04-07T00:30:00+14:00",  # C: local day April 7, 7 days after row 6's -> again_this_week
    "2024-05-15T09:00:00+08:00",  # B: everything earlier is over 30 days back -> rest
    "2024-03-01T00:30:00+14:00",  # D: the first, local day March 1 (February 29 in UTC)
    "2024-03-02T12:00:00+08:00",  # D: one earlier the day before -> again_this_week
    # D: local day March 31 (April 1 in UTC), 31.75 days after the first, whose local day is
    # still within 30 days -> 2 earlier -> repeat
    "2024-03-31T23:30:00-05:00",
]


def test_earlier_from_equals_route_with_the_earlier_dates_worked_out_by_hand(rules: tousu.RuleSet) -> None:
    complaints = complaints_of(KEYS, TIMES)
    earlier = expected_earlier(KEYS, TIMES)
    want = [of(rules.route(c, earlier_complaints=e)) for c, e in zip(complaints, earlier)]
    assert [w[0] for w in want] == [
        "repeat", "rest", "rest", "rest", "rest", "rest",
        "rest", "repeat", "repeat", "rest", "again_this_week", "rest",
        "rest", "again_this_week", "repeat",
    ]  # fmt: skip
    frame = frame_of(complaints)
    assert frame[KEY].isna().sum() == 2
    assert routed(rules.route_many(frame, earlier_from=KEY)) == want
    # Aware timestamps instead of text (an object column: the offsets differ).
    frame["received_at"] = [received(t) for t in TIMES]
    assert frame["received_at"].dtype == object
    assert routed(rules.route_many(frame, earlier_from=KEY)) == want
    # Counting complaints of the same instant would change rows 1 and 5 (each one earlier).
    same_instant = [e + [received(TIMES[5 if i == 1 else 1]).date()] if i in (1, 5) else e for i, e in enumerate(earlier)]
    assert of(rules.route(complaints[1], earlier_complaints=same_instant[1]))[0] == "again_this_week"


def test_earlier_from_on_a_shuffled_month_of_many_complainants(rules: tousu.RuleSet) -> None:
    """Random rows: 40 complainants, some rows without a key, times on a coarse grid (so many
    share an instant), four offsets; every row as route decides it with the dates by hand."""
    rng = random.Random(20240301)
    start = dt.datetime(2024, 3, 1, tzinfo=dt.timezone.utc)
    keys: list[str | None] = []
    times: list[str] = []
    for _ in range(600):
        keys.append(None if rng.random() < 0.1 else f"{rng.randrange(40):010}")
        instant = start + dt.timedelta(hours=6 * rng.randrange(4 * 60))
        offset = rng.choice(OFFSETS)
        sign = -1 if offset.startswith("-") else 1
        delta = dt.timedelta(0) if offset == "Z" else sign * dt.timedelta(hours=int(offset[1:3]))
        local = instant.astimezone(dt.timezone(delta))
        times.append(local.isoformat().replace("+00:00", "Z"))
    complaints = complaints_of(keys, times)
    earlier = expected_earlier(keys, times)
    want = [of(rules.route(c, earlier_complaints=e)) for c, e in zip(complaints, earlier)]
    # The sample tells the rules apart, and equal instants of one complainant happen.
    assert {w[0] for w in want} == {"repeat", "again_this_week", "rest"}
    pairs = {(k, received(t)) for k, t in zip(keys, times) if k}
    assert len(pairs) < sum(1 for k in keys if k)
    frame = frame_of(complaints)
    assert routed(rules.route_many(frame, earlier_from=KEY)) == want
    # The key as categories, as integers, or under another name; the frame's index kept.
    frame.index = pd.RangeIndex(1000, 1000 + len(frame))
    frame["account"] = frame[KEY].astype("category")
    out = rules.route_many(frame, earlier_from="account")
    assert routed(out) == want and list(out.index) == list(frame.index)
    frame["account"] = frame[KEY].astype("Int64")
    assert routed(rules.route_many(frame, earlier_from="account")) == want


def test_rows_without_a_key_or_with_an_empty_one_have_no_earlier_complaints(rules: tousu.RuleSet) -> None:
    times = ["2024-03-01T09:00:00+08:00", "2024-03-02T09:00:00+08:00", "2024-03-03T09:00:00+08:00"]
    frame = frame_of(complaints_of([A, A, A], times))
    assert list(rules.route_many(frame, earlier_from=KEY)["deciding_rule"]) == ["rest", "again_this_week", "repeat"]
    for missing in ("", None):
        frame[KEY] = missing
        assert list(rules.route_many(frame, earlier_from=KEY)["deciding_rule"]) == ["rest"] * 3


def test_earlier_complaints_row_by_row_equals_route(rules: tousu.RuleSet) -> None:
    complaints = complaints_of(KEYS[:12], TIMES[:12])
    d = dt.date
    rows: list[Any] = [
        [d(2024, 3, 1), d(2024, 2, 20)],
        None,
        (d(2024, 2, 19),),
        [],
        float("nan"),
        {d(2024, 2, 28)},
        [d(2024, 1, 1), d(2024, 3, 30)],
        [d(2024, 3, 9)] * 3,
        np.array([d(2024, 2, 28), d(2024, 2, 29)], dtype=object),
        None,
        [d(2024, 4, 1)],
        [],
    ]
    plain = [[] if r is None or isinstance(r, float) else list(r) for r in rows]
    want = [of(rules.route(c, earlier_complaints=e)) for c, e in zip(complaints, plain)]
    assert {w[0] for w in want} == {"repeat", "again_this_week", "rest"}
    frame = frame_of(complaints)
    assert routed(rules.route_many(frame, earlier_complaints=rows)) == want
    series = pd.Series(rows, index=frame.index, dtype=object)
    assert routed(rules.route_many(frame, earlier_complaints=series)) == want
    array = np.empty(len(rows), dtype=object)
    array[:] = rows
    assert routed(rules.route_many(frame, earlier_complaints=array)) == want
    # The list form: each decision keeps its dates, for explain.
    decisions = rules.route_many(complaints, earlier_complaints=rows)
    assert [of(x) for x in decisions] == want
    assert decisions == [rules.route(c, earlier_complaints=e) for c, e in zip(complaints, plain)]
    assert "(2 earlier)" in decisions[0].explain()


def test_neither_argument_is_as_before(rules: tousu.RuleSet) -> None:
    frame = frame_of(complaints_of(KEYS, TIMES))
    with pytest.raises(ValueError, match="counts earlier complaints.*earlier_from=.*earlier_complaints="):
        rules.route_many(frame)
    # A rule set that counts none routes alike with either argument, which is checked but needs
    # no received_at.
    default = tousu.RuleSet.default()
    plain = routed(default.route_many(frame))
    without = frame.drop(columns=["received_at"])
    assert routed(default.route_many(frame, earlier_from=KEY)) == plain
    assert routed(default.route_many(without, earlier_from=KEY)) == plain
    assert routed(default.route_many(without, earlier_complaints=[[dt.date(2024, 3, 1)]] * len(frame))) == plain
    with pytest.raises(KeyError, match="no column 'account'"):
        default.route_many(frame, earlier_from="account")
    with pytest.raises(TypeError, match="row 0 .*item 0 must be datetime.date"):
        default.route_many(frame, earlier_complaints=[["2024-03-01"]] * len(frame))  # type: ignore[list-item]
    # The list form counts none unless told.
    assert [of(x) for x in rules.route_many(complaints_of(KEYS, TIMES))] == [of(rules.route(c)) for c in complaints_of(KEYS, TIMES)]


def test_bad_arguments_are_named(rules: tousu.RuleSet) -> None:
    frame = frame_of(complaints_of([A, A, B], TIMES[:3]))
    with pytest.raises(TypeError, match="earlier_complaints= or earlier_from=, not both"):
        rules.route_many(frame, earlier_complaints=[None] * 3, earlier_from=KEY)
    with pytest.raises(ValueError, match="'earlier_complaints' has 2 rows, not 3"):
        rules.route_many(frame, earlier_complaints=[None, None])
    with pytest.raises(TypeError, match="'earlier_complaints' must be a sequence .* not int"):
        rules.route_many(frame, earlier_complaints=3)  # type: ignore[call-overload]
    with pytest.raises(TypeError, match="row 1 \\(`C001`\\): item 0 must be datetime.date, not str"):
        rules.route_many(frame, earlier_complaints=[None, ["2024-01-01"], None])  # type: ignore[list-item]
    with pytest.raises(TypeError, match="row 2 \\(`C002`\\): item 1 must be datetime.date, not datetime"):
        rules.route_many(frame, earlier_complaints=[None, [], [dt.date(2024, 1, 1), dt.datetime(2024, 1, 1)]])
    with pytest.raises(TypeError, match="row 0 \\(`C000`\\) must be an iterable of datetime.date, not str"):
        rules.route_many(frame, earlier_complaints=["2024-01-01", None, None])  # type: ignore[list-item]
    with pytest.raises(TypeError, match="row 0 \\(`C000`\\) must be an iterable of datetime.date, not int"):
        rules.route_many(frame, earlier_complaints=[7, None, None])
    with pytest.raises(ValueError, match="must have the frame's index"):
        rules.route_many(frame, earlier_complaints=pd.Series([None] * 3, index=[2, 1, 0]))
    with pytest.raises(KeyError, match="'earlier_from': the frame has no column 'complainant.id'"):
        rules.route_many(frame, earlier_from="complainant.id")
    twice = pd.concat([frame, frame[[KEY]]], axis=1)
    with pytest.raises(ValueError, match="'earlier_from': the frame has several columns"):
        rules.route_many(twice, earlier_from=KEY)
    with pytest.raises(KeyError, match="earlier complaints need the column 'received_at'"):
        rules.route_many(frame.drop(columns=["received_at"]), earlier_from=KEY)
    with pytest.raises(KeyError, match="earlier complaints need the column 'received_at'"):
        rules.route_many(frame.drop(columns=["received_at"]), earlier_complaints=[None] * 3)
    # A row without a time of receipt, or with one that is not a time.
    missing = frame.assign(received_at=pd.Series([TIMES[0], None, TIMES[2]], dtype=object))
    for kwargs in ({"earlier_from": KEY}, {"earlier_complaints": [None] * 3}):
        with pytest.raises(tousu.ParseError) as parse:
            rules.route_many(missing, **kwargs)
        assert "row 1 (`C001`): column `received_at`: no value" in str(parse.value)
        assert (parse.value.code, parse.value.path) == ("TOUSU_STATUS_MISSING_FIELD", "received_at")
    with pytest.raises(tousu.ParseError) as parse:
        rules.route_many(frame.assign(received_at=[TIMES[0], "2024-03-01Tnoon", TIMES[2]]), earlier_from=KEY)
    assert "row 1 (`C001`): column `received_at`: not a time with a UTC offset" in str(parse.value)
    assert (parse.value.code, parse.value.path) == ("TOUSU_STATUS_INVALID_TIMESTAMP", "received_at")
    # The list form takes no column.
    complaints = complaints_of([A], TIMES[:1])
    with pytest.raises(TypeError, match="'earlier_from' names a column of a pandas.DataFrame"):
        rules.route_many(complaints, earlier_from=KEY)  # type: ignore[call-overload]
    with pytest.raises(ValueError, match="'earlier_complaints' has 2 rows, not 1"):
        rules.route_many(complaints, earlier_complaints=[None, None])
    with pytest.raises(TypeError, match="row 0 \\(`C000`\\): item 0 must be datetime.date"):
        rules.route_many(complaints, earlier_complaints=[[1]])  # type: ignore[list-item]


def test_an_empty_frame_with_earlier_from(rules: tousu.RuleSet) -> None:
    frame = frame_of([complaint()]).iloc[:0]
    assert len(rules.route_many(frame, earlier_from=KEY)) == 0
    assert len(rules.route_many(frame, earlier_complaints=[])) == 0
