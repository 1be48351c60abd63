"""tousu.Case: the lifecycle through the Python surface; every rule is core's."""

from __future__ import annotations

import pickle
from typing import Any

import pytest

import tousu
from casedata import at, complaint_dict, happy_path, registration


def test_happy_path_runs_to_archived(complaint: tousu.Complaint) -> None:
    steps = happy_path()
    case = tousu.Case.register(complaint, steps[0][0])
    assert case.stage == "registered"
    for event, stage in steps[1:]:
        assert case.check(event) is None
        assert case.apply(event) is None
        assert case.stage == stage, event.action
    assert case.stage == "archived"
    assert len(case) == len(steps)
    assert case.events == [event for event, _ in steps]
    state = case.state
    assert state["stage"] == "archived"
    assert state["owner"] == "S001"
    assert state["handler"] == "S010"
    assert state["acknowledged_at"] == "2024-03-01T09:40:00+08:00"
    assert state["answer_by"] == "2024-03-01T15:30:00+08:00"
    assert state["result_fed_back_at"] == "2024-03-05T14:00:00+08:00"
    assert state["written_reply"] is True
    assert state["closed_at"] == "2024-03-05T15:00:00+08:00"
    assert state["callbacks"] == 1 and state["satisfaction"] == "satisfied"
    assert state["archive_volume"] == 2024
    # Nothing more may be recorded.
    with pytest.raises(tousu.RuleError) as info:
        case.apply(tousu.Event("reopened", at=at(17, 10, month=4), actor="S001", reason="客户再次来电"))
    assert info.value.code == "TOUSU_STATUS_CASE_ARCHIVED"


def test_replay_reproduces_the_case(complaint: tousu.Complaint) -> None:
    events = [event for event, _ in happy_path()]
    case = tousu.Case.register(complaint, events[0])
    for event in events[1:]:
        case.apply(event)
    assert tousu.Case.replay(complaint, events) == case
    assert tousu.Case.replay(complaint, iter(events)) == case
    assert tousu.Case.replay(complaint, tuple(events[:4])) != case


def test_case_file_round_trips(complaint: tousu.Complaint) -> None:
    events = [event for event, _ in happy_path()]
    case = tousu.Case.replay(complaint, events)
    text = case.to_json()
    again = tousu.Case.from_json(text)
    assert again == case
    assert again.to_json() == text
    assert again.state == case.state
    assert pickle.loads(pickle.dumps(case)) == case


def test_properties_are_copies(case: tousu.Case, complaint: tousu.Complaint) -> None:
    assert case.complaint == complaint
    events = case.events
    events.clear()
    assert len(case) == 2 and len(case.events) == 2
    state = case.state
    state["stage"] = "archived"
    assert case.stage == "in_handling"


def test_cases_compare_by_content_and_are_not_hashable(case: tousu.Case, complaint: tousu.Complaint) -> None:
    other = tousu.Case.register(complaint, registration())
    assert case != other
    other.apply(tousu.Event("assigned", at=at(1, 10), actor="S001", handler="S010"))
    assert case == other
    with pytest.raises(TypeError, match="unhashable"):
        hash(case)


def test_repr(case: tousu.Case) -> None:
    assert repr(case) == '<Case "SZ-2024-0042" stage=in_handling events=2>'


# ---- refusals leave the case unchanged ----------------------------------------------------


def test_event_out_of_order_leaves_the_case_unchanged(case: tousu.Case) -> None:
    before, state, n = case.to_json(), case.state, len(case)
    late = tousu.Event("acknowledged", at=at(1, 9), actor="S010", via="phone")
    with pytest.raises(tousu.RuleError) as info:
        case.apply(late)
    err = info.value
    assert err.code == "TOUSU_STATUS_EVENT_OUT_OF_ORDER"
    assert err.number == 3001
    assert err.rule == "event_out_of_order"
    assert err.event_index == 2
    assert err.action == "acknowledged"
    assert not isinstance(err, ValueError)
    assert case.to_json() == before and case.state == state and len(case) == n
    # The refusal is not sticky: an event in order is still accepted.
    case.apply(tousu.Event("acknowledged", at=at(1, 10, 5), actor="S010", via="phone"))
    assert len(case) == n + 1


def test_recusal_of_the_person_complained_about(complaint: tousu.Complaint) -> None:
    case = tousu.Case.register(complaint, registration())
    with pytest.raises(tousu.RuleError) as info:
        case.apply(tousu.Event("assigned", at=at(1, 10), actor="S001", handler="S099"))
    err = info.value
    assert err.code == "TOUSU_STATUS_RECUSAL_REQUIRED"
    assert err.number == 3003
    assert (err.rule, err.requirement, err.event_index, err.action) == ("recusal_required", "R12", 1, "assigned")
    assert "`S099` is the person complained about" in str(err)
    assert case.stage == "registered" and len(case) == 1


def test_recusal_on_hand_over(case: tousu.Case) -> None:
    with pytest.raises(tousu.RuleError) as info:
        case.apply(tousu.Event("handed_over", at=at(1, 11), actor="S001", to="S099", reason="休假"))
    assert info.value.code == "TOUSU_STATUS_RECUSAL_REQUIRED"
    assert case.state["owner"] == "S001"


def test_close_before_feedback_names_r20(case: tousu.Case) -> None:
    close = tousu.Event(
        "closed", at=at(5, 15), actor="S010", cause="c", result="r", department="d", preventive_measures="p"
    )
    with pytest.raises(tousu.RuleError) as info:
        case.apply(close)
    assert (info.value.code, info.value.requirement) == ("TOUSU_STATUS_RESULT_NOT_FED_BACK", "R20")


def test_illegal_transition_has_no_requirement(case: tousu.Case) -> None:
    with pytest.raises(tousu.RuleError) as info:
        case.apply(tousu.Event("callback_visited", at=at(2, 10), actor="S001", via="phone", satisfaction="satisfied"))
    assert info.value.code == "TOUSU_STATUS_ILLEGAL_TRANSITION"
    assert info.value.requirement is None


def test_check_raises_like_apply_and_records_nothing(case: tousu.Case) -> None:
    before = case.to_json()
    ok = tousu.Event("acknowledged", at=at(1, 11), actor="S010", via="phone")
    assert case.check(ok) is None
    assert case.to_json() == before
    with pytest.raises(tousu.RuleError) as info:
        case.check(tousu.Event("assigned", at=at(1, 11), actor="S001", handler="S011"))
    assert info.value.code == "TOUSU_STATUS_ILLEGAL_TRANSITION"
    assert case.to_json() == before


def test_registration_must_come_first(complaint: tousu.Complaint) -> None:
    with pytest.raises(tousu.RuleError) as info:
        tousu.Case.register(complaint, tousu.Event("assigned", at=at(1, 10), actor="S001", handler="S010"))
    assert info.value.code == "TOUSU_STATUS_REGISTRATION_OUT_OF_PLACE"
    assert info.value.event_index == 0
    with pytest.raises(tousu.RuleError) as info:
        tousu.Case.register(complaint, tousu.Event("registered", at=at(1, 9), actor="S001"))
    assert info.value.code == "TOUSU_STATUS_REGISTERED_BEFORE_RECEIPT"


def test_replay_names_the_refused_event(complaint: tousu.Complaint) -> None:
    events = [event for event, _ in happy_path()]
    events.insert(5, tousu.Event("assigned", at=at(4, 17), actor="S001", handler="S011"))
    with pytest.raises(tousu.RuleError) as info:
        tousu.Case.replay(complaint, events)
    assert info.value.event_index == 5
    assert info.value.code == "TOUSU_STATUS_ILLEGAL_TRANSITION"
    with pytest.raises(tousu.RuleError) as info:
        tousu.Case.replay(complaint, [])
    assert info.value.code == "TOUSU_STATUS_REGISTRATION_OUT_OF_PLACE"


def test_case_file_errors(case: tousu.Case) -> None:
    text = case.to_json()
    with pytest.raises(tousu.ParseError) as info:
        tousu.Case.from_json(text.replace('"schema_version":1', '"schema_version":7'))
    assert info.value.code == "TOUSU_STATUS_UNSUPPORTED_SCHEMA_VERSION"
    assert info.value.path is None
    with pytest.raises(tousu.ParseError) as info:
        tousu.Case.from_json(text[:-5])
    assert info.value.code == "TOUSU_STATUS_MALFORMED_JSON"
    # A file whose history breaks a rule is refused: handler S099 is the person complained about.
    with pytest.raises(tousu.RuleError) as info:
        tousu.Case.from_json(text.replace('"handler":"S010"', '"handler":"S099"'))
    assert info.value.code == "TOUSU_STATUS_RECUSAL_REQUIRED"


def test_invalid_complaint_cannot_be_registered() -> None:
    # A Complaint is valid by construction, so the check is on the case file.
    data = complaint_dict(demand="")
    text = (
        '{"schema_version":1,"complaint":' + __import__("json").dumps(data) + ',"events":['
        + registration().to_json() + "]}"
    )
    with pytest.raises(tousu.ValidationError) as info:
        tousu.Case.from_json(text)
    assert info.value.problems == [("demand", "is required")]


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda c, e: tousu.Case.register(c.to_json(), e), "Case.register() argument 'complaint' must be tousu.Complaint, not str"),
        (lambda c, e: tousu.Case.register(c, e.to_json()), "Case.register() argument 'event' must be tousu.Event, not str"),
        (lambda c, e: tousu.Case.replay(c, [e, {"action": "assigned"}]), "Case.replay() argument 'events': item 1 must be tousu.Event, not dict"),
        (lambda c, e: tousu.Case.replay(c, 5), "'int' object is not iterable"),
        (lambda c, e: tousu.Case.from_json(b"{}"), "Case.from_json() argument 'text' must be str, not bytes"),
    ],
    ids=["register_complaint", "register_event", "replay_item", "replay_not_iterable", "from_json_bytes"],
)
def test_wrong_python_types_are_type_errors(complaint: tousu.Complaint, call: Any, message: str) -> None:
    with pytest.raises(TypeError) as info:
        call(complaint, registration())
    assert message in str(info.value)


def test_apply_needs_an_event(case: tousu.Case) -> None:
    with pytest.raises(TypeError, match=r"Case\.apply\(\) argument 'event' must be tousu\.Event, not dict"):
        case.apply({"action": "acknowledged"})  # type: ignore[arg-type]
    with pytest.raises(TypeError, match=r"Case\.check\(\) argument 'event' must be tousu\.Event, not str"):
        case.check("acknowledged")  # type: ignore[arg-type]
    assert len(case) == 2
