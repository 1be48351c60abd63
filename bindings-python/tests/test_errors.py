"""The exception classes and the error codes: one class per category, every code mapped."""

from __future__ import annotations

import pickle

import pytest

import tousu
from casedata import at
from tousu import _tousu

# The category of a code is its number range (core/src/error.rs); each has its class.
CATEGORY_CLASS = [
    (range(1000, 2000), tousu.ParseError),
    (range(2000, 3000), tousu.ValidationError),
    (range(3000, 4000), tousu.RuleError),
    (range(4000, 5000), tousu.CalendarError),
    (range(5000, 6000), tousu.PolicyError),
    (range(6000, 7000), tousu.RoutingError),
    (range(9000, 9999), tousu.UsageError),
    (range(9999, 10000), tousu.InternalError),
]


def expected_class(number: int) -> type[tousu.TousuError]:
    [cls] = [cls for numbers, cls in CATEGORY_CLASS if number in numbers]
    return cls


def test_error_codes_are_core_s() -> None:
    codes = tousu.ERROR_CODES
    assert codes["TOUSU_STATUS_MALFORMED_JSON"] == 1000
    assert codes["TOUSU_STATUS_INVALID_COMPLAINT"] == 2000
    assert codes["TOUSU_STATUS_RECUSAL_REQUIRED"] == 3003
    assert codes["TOUSU_STATUS_INTERNAL"] == 9999
    assert len(codes) >= 30
    assert len(set(codes.values())) == len(codes)
    assert all(name.startswith("TOUSU_STATUS_") for name in codes)
    assert list(codes.values()) == sorted(codes.values())


@pytest.mark.parametrize(("name", "number"), sorted(tousu.ERROR_CODES.items(), key=lambda kv: kv[1]))
def test_every_code_maps_to_its_category_class(name: str, number: int) -> None:
    cls = _tousu._exception_class(number)
    assert cls is expected_class(number), name
    assert issubclass(cls, tousu.TousuError) and cls is not tousu.TousuError


def test_unknown_code_number_is_refused() -> None:
    with pytest.raises(ValueError, match="4242 is not a tousu error code"):
        _tousu._exception_class(4242)


def test_class_hierarchy() -> None:
    assert issubclass(tousu.TousuError, Exception)
    for cls in (tousu.ParseError, tousu.ValidationError, tousu.CalendarError, tousu.PolicyError, tousu.RoutingError, tousu.UsageError):
        assert issubclass(cls, tousu.TousuError) and issubclass(cls, ValueError)
    for cls in (tousu.RuleError, tousu.InternalError):
        assert issubclass(cls, tousu.TousuError) and not issubclass(cls, ValueError)


def test_raised_errors_pickle_with_their_attributes(case: tousu.Case) -> None:
    with pytest.raises(tousu.RuleError) as rule:
        case.apply(tousu.Event("registered", at=at(2, 10), actor="S001"))
    with pytest.raises(tousu.ValidationError) as invalid:
        tousu.Complaint.from_json('{"channel": "phone", "received_at": "2024-03-01T09:30:00+08:00"}')
    with pytest.raises(tousu.ParseError) as parse:
        tousu.Complaint.from_json("[")
    for err in (rule.value, invalid.value, parse.value):
        again = pickle.loads(pickle.dumps(err))
        assert type(again) is type(err)
        assert str(again) == str(err)
        assert vars(again) == vars(err)
    assert rule.value.code == "TOUSU_STATUS_REGISTRATION_OUT_OF_PLACE"


def test_errors_can_be_raised_from_python() -> None:
    err = tousu.RuleError("refused", code="TOUSU_STATUS_NOT_CLOSED", number=3005, rule="not_closed", event_index=4, action="archived")
    assert (err.code, err.number, err.rule, err.event_index, err.requirement) == (
        "TOUSU_STATUS_NOT_CLOSED",
        3005,
        "not_closed",
        4,
        None,
    )
    assert tousu.ValidationError("x", code="TOUSU_STATUS_INVALID_EVENT", number=2001).problems == []
