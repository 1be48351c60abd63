"""tousu.Event: construction from Python values, datetimes, round trips and errors."""

from __future__ import annotations

import datetime as dt
import json
import pickle
from typing import Any

import pytest

import tousu
from casedata import CST, at


class Kathmandu(dt.tzinfo):
    """A tzinfo that is not a `datetime.timezone`, like zoneinfo's: +05:45, no DST."""

    def utcoffset(self, when: dt.datetime | None) -> dt.timedelta:
        return dt.timedelta(hours=5, minutes=45)

    def dst(self, when: dt.datetime | None) -> dt.timedelta:
        return dt.timedelta(0)

    def tzname(self, when: dt.datetime | None) -> str:
        return "NPT"


def test_fields_become_the_action_data() -> None:
    event = tousu.Event("assigned", at=at(1, 10), actor="S001", handler="S010")
    assert event.action == "assigned"
    assert event.actor == "S001"
    assert event.at == at(1, 10)
    assert event.data == {"handler": "S010"}
    assert event.to_json() == (
        '{"at":"2024-03-01T10:00:00+08:00","actor":"S001","action":{"assigned":{"handler":"S010"}}}'
    )


def test_action_without_fields_has_empty_data() -> None:
    event = tousu.Event("registered", at=at(1, 9, 35), actor="S001")
    assert event.data == {}
    assert json.loads(event.to_json())["action"] == {"registered": {}}


def test_positional_arguments_work() -> None:
    assert tousu.Event("assigned", at(1, 10), "S001", handler="S010") == tousu.Event(
        action="assigned", at=at(1, 10), actor="S001", handler="S010"
    )


def test_data_rebuilds_the_event() -> None:
    event = tousu.Event(
        "resolution_proposed",
        at=at(5, 10),
        actor="S010",
        plan="赔偿差价",
        compensation={"minor_units": 50000, "currency": "CNY"},
    )
    assert event.data == {"plan": "赔偿差价", "compensation": {"minor_units": 50000, "currency": "CNY"}}
    assert tousu.Event(event.action, event.at, event.actor, **event.data) == event


def test_close_out_record_fields() -> None:
    event = tousu.Event(
        "closed", at=at(5, 15), actor="S010", cause="c", result="r", department="d", preventive_measures="p"
    )
    assert event.data == {"cause": "c", "result": "r", "department": "d", "preventive_measures": "p"}


@pytest.mark.parametrize(
    "tz",
    [CST, dt.timezone(dt.timedelta(hours=-5)), dt.timezone.utc, dt.timezone(dt.timedelta(hours=5, minutes=45))],
    ids=["+08:00", "-05:00", "utc", "+05:45"],
)
def test_at_keeps_its_offset(tz: dt.timezone) -> None:
    when = dt.datetime(2024, 3, 1, 10, 0, 0, 250000, tzinfo=tz)
    event = tousu.Event("registered", at=when, actor="S001")
    assert event.at == when
    assert event.at.utcoffset() == tz.utcoffset(None)
    assert event.at.microsecond == 250000
    written = json.loads(event.to_json())["at"]
    assert written.endswith(when.isoformat()[-6:])  # the offset, as given
    assert dt.datetime.fromisoformat(written) == when
    assert tousu.Event.from_json(event.to_json()).at.isoformat() == when.isoformat()


def test_any_tzinfo_is_read_through_its_offset() -> None:
    when = dt.datetime(2024, 3, 1, 10, 0, tzinfo=Kathmandu())
    event = tousu.Event("registered", at=when, actor="S001")
    assert event.at == when
    assert event.at.isoformat() == "2024-03-01T10:00:00+05:45"
    # Out comes a fixed-offset timezone of the same offset.
    assert isinstance(event.at.tzinfo, dt.timezone)


def test_zoneinfo_datetimes_are_accepted() -> None:
    zoneinfo = pytest.importorskip("zoneinfo")
    try:
        shanghai = zoneinfo.ZoneInfo("Asia/Shanghai")
    except zoneinfo.ZoneInfoNotFoundError:
        pytest.skip("no time zone database")
    event = tousu.Event("registered", at=dt.datetime(2024, 3, 1, 10, 0, tzinfo=shanghai), actor="S001")
    assert event.at.isoformat() == "2024-03-01T10:00:00+08:00"


def test_timestamp_fields_take_datetimes() -> None:
    answer_by = dt.datetime(2024, 3, 2, 10, 0, tzinfo=dt.timezone(dt.timedelta(hours=-5)))
    event = tousu.Event("answer_time_promised", at=at(1, 10), actor="S001", answer_by=answer_by)
    assert event.data == {"answer_by": "2024-03-02T10:00:00-05:00"}
    assert event == tousu.Event("answer_time_promised", at=at(1, 10), actor="S001", answer_by="2024-03-02T10:00:00-05:00")


def test_equal_instants_in_other_offsets_are_equal_events() -> None:
    # Core compares instants; the offset is kept for display but not part of equality.
    utc = tousu.Event("registered", at=dt.datetime(2024, 3, 1, 2, 0, tzinfo=dt.timezone.utc), actor="S001")
    cst = tousu.Event("registered", at=at(1, 10), actor="S001")
    assert utc == cst and hash(utc) == hash(cst)
    assert utc.at.utcoffset() == dt.timedelta(0) and cst.at.utcoffset() == dt.timedelta(hours=8)


def test_json_round_trip_and_pickle() -> None:
    event = tousu.Event("escalated", at=at(1, 11), actor="S010", level="branch_general_manager", reason="涉及赔偿")
    assert tousu.Event.from_json(event.to_json()) == event
    assert pickle.loads(pickle.dumps(event)) == event
    assert event != tousu.Event("escalated", at=at(1, 11), actor="S010", level="branch_general_manager", reason="其他")


def test_repr_shows_action_time_actor_and_data() -> None:
    event = tousu.Event("assigned", at=at(1, 10), actor="S001", handler="S010")
    assert repr(event) == '<Event assigned at 2024-03-01T10:00:00+08:00 by "S001" {"handler":"S010"}>'


# ---- errors -------------------------------------------------------------------------------


def test_naive_at_is_refused_with_a_clear_error() -> None:
    with pytest.raises(tousu.ParseError) as info:
        tousu.Event("registered", at=dt.datetime(2024, 3, 1, 10, 0), actor="S001")
    err = info.value
    assert err.code == "TOUSU_STATUS_INVALID_TIMESTAMP"
    assert isinstance(err, ValueError)
    assert str(err).startswith("Event() argument 'at' is a naive datetime (2024-03-01T10:00:00): give an aware one")


def test_naive_timestamp_field_is_refused() -> None:
    with pytest.raises(tousu.ParseError) as info:
        tousu.Event("answer_time_promised", at=at(1, 10), actor="S001", answer_by=dt.datetime(2024, 3, 2, 10))
    assert info.value.code == "TOUSU_STATUS_INVALID_TIMESTAMP"
    assert "`action.answer_time_promised.answer_by` is a naive datetime" in str(info.value)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"action": 1, "at": at(1, 10), "actor": "S001"}, "Event() argument 'action' must be str, not int"),
        ({"action": "registered", "at": "2024-03-01T10:00:00+08:00", "actor": "S001"}, "argument 'at' must be datetime.datetime, not str"),
        ({"action": "registered", "at": 1709258400, "actor": "S001"}, "argument 'at' must be datetime.datetime, not int"),
        ({"action": "registered", "at": dt.date(2024, 3, 1), "actor": "S001"}, "argument 'at' must be datetime.datetime, not date"),
        ({"action": "registered", "at": at(1, 10), "actor": None}, "Event() argument 'actor' must be str, not NoneType"),
    ],
)
def test_wrong_python_types_are_type_errors(kwargs: dict[str, Any], message: str) -> None:
    with pytest.raises(TypeError) as info:
        tousu.Event(**kwargs)
    assert message in str(info.value)
    assert not isinstance(info.value, tousu.TousuError)


def test_field_of_the_wrong_json_type_is_core_s_parse_error() -> None:
    with pytest.raises(tousu.ParseError) as info:
        tousu.Event("assigned", at=at(1, 10), actor="S001", handler=42)
    assert info.value.code == "TOUSU_STATUS_MALFORMED_JSON"
    assert info.value.path == "action.assigned.handler"


def test_unknown_action_is_unknown_variant() -> None:
    with pytest.raises(tousu.ParseError) as info:
        tousu.Event("teleported", at=at(1, 10), actor="S001")
    assert info.value.code == "TOUSU_STATUS_UNKNOWN_VARIANT"
    assert "teleported" in str(info.value)


def test_unknown_field_and_missing_field() -> None:
    with pytest.raises(tousu.ParseError) as info:
        tousu.Event("assigned", at=at(1, 10), actor="S001", handler="S010", urgency="high")
    assert info.value.code == "TOUSU_STATUS_UNKNOWN_FIELD"
    with pytest.raises(tousu.ParseError) as info:
        tousu.Event("assigned", at=at(1, 10), actor="S001")
    assert info.value.code == "TOUSU_STATUS_MISSING_FIELD"
    assert "handler" in str(info.value)


def test_invalid_event_data_lists_every_problem() -> None:
    with pytest.raises(tousu.ValidationError) as info:
        tousu.Event("closed", at=at(5, 15), actor="", cause="", result="", department="运营部", preventive_measures=" ")
    err = info.value
    assert err.code == "TOUSU_STATUS_INVALID_EVENT"
    assert err.number == 2001
    assert [path for path, _ in err.problems] == [
        "actor",
        "action.closed.cause",
        "action.closed.result",
        "action.closed.preventive_measures",
    ]


def test_negative_compensation_is_invalid() -> None:
    with pytest.raises(tousu.ValidationError) as info:
        tousu.Event(
            "resolution_proposed", at=at(5, 10), actor="S010", plan="赔偿", compensation={"minor_units": -100, "currency": "CNY"}
        )
    assert info.value.problems == [("action.resolution_proposed.compensation.minor_units", "-100 is negative")]


def test_from_json_errors() -> None:
    with pytest.raises(tousu.ParseError) as info:
        tousu.Event.from_json('{"at": "2024-03-01T10:00:00", "actor": "S001", "action": {"registered": {}}}')
    assert info.value.code == "TOUSU_STATUS_INVALID_TIMESTAMP"
    with pytest.raises(TypeError, match=r"Event\.from_json\(\) argument 'text' must be str, not bytes"):
        tousu.Event.from_json(b"{}")  # type: ignore[arg-type]
