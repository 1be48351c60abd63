"""tousu.Complaint: reading, properties, round trips, and the errors of the register record."""

from __future__ import annotations

import copy
import datetime as dt
import json
import pickle
from typing import Any

import pytest

import tousu
from casedata import complaint_dict


def test_properties_read_the_record(complaint: tousu.Complaint) -> None:
    assert complaint.id == "SZ-2024-0042"
    assert complaint.kind == "complaint"
    assert complaint.channel == "phone"
    assert complaint.severity == "ordinary"
    assert complaint.category == "trading.execution"
    assert complaint.branch == "深圳福田营业部"
    assert complaint.receiver == "S001"
    assert complaint.matter == "委托买入未成交"
    assert complaint.demand == "说明未成交原因并赔偿差价"
    assert complaint.claimed_amount == (1250000, "CNY")
    assert complaint.tags == ["elderly_investor"]
    assert complaint.complainant["name"] == "王建国"
    assert complaint.complainant["contact"] == {"phone": "13800138000"}
    assert complaint.respondent == {"person": "S099", "branch": "深圳福田营业部"}
    assert complaint.facts == {"account": "3月1日开盘前委托买入，行情到价未成交", "place": "手机交易软件"}
    assert complaint.forwarding is None
    assert complaint.owes_report_back is False


def test_defaults_are_those_of_core() -> None:
    data = complaint_dict()
    del data["severity"], data["claimed_amount"], data["tags"]
    complaint = tousu.Complaint.from_dict(data)
    assert complaint.kind == "complaint"
    assert complaint.severity == "ordinary"
    assert complaint.claimed_amount is None
    assert complaint.tags == []


def test_regulator_forwarded_complaint_names_its_forwarding() -> None:
    forwarding = {"body": "中国证监会深圳监管局", "reference": "深证监投诉〔2024〕17号", "forwarded_on": dt.date(2024, 2, 29)}
    complaint = tousu.Complaint.from_dict(complaint_dict(channel={"regulator_forwarded": forwarding}))
    assert complaint.channel == "regulator_forwarded"
    assert complaint.forwarding == {
        "body": "中国证监会深圳监管局",
        "reference": "深证监投诉〔2024〕17号",
        "forwarded_on": "2024-02-29",
        "report_back_required": True,
    }
    assert complaint.owes_report_back is True


def test_received_at_is_aware_with_its_offset(complaint: tousu.Complaint) -> None:
    received = complaint.received_at
    assert received == dt.datetime(2024, 3, 1, 9, 30, tzinfo=dt.timezone(dt.timedelta(hours=8)))
    assert received.utcoffset() == dt.timedelta(hours=8)
    assert received.isoformat() == "2024-03-01T09:30:00+08:00"


@pytest.mark.parametrize(
    "text",
    [
        "2024-03-01T09:30:00-05:00",
        "2024-03-01T09:30:00+00:00",
        "2024-03-01T09:30:00+05:45",
        "2024-03-01T09:30:00.123456+08:00",
    ],
)
def test_received_at_keeps_any_offset_and_microseconds(text: str) -> None:
    complaint = tousu.Complaint.from_dict(complaint_dict(received_at=text, respondent={}))
    assert complaint.received_at.isoformat() == text
    assert complaint.to_dict()["received_at"] == text


def test_received_at_may_be_given_as_an_aware_datetime() -> None:
    received = dt.datetime(2024, 3, 1, 9, 30, tzinfo=dt.timezone(dt.timedelta(hours=-5)))
    complaint = tousu.Complaint.from_dict(complaint_dict(received_at=received))
    assert complaint.received_at == received
    assert complaint.received_at.utcoffset() == dt.timedelta(hours=-5)
    assert complaint == tousu.Complaint.from_dict(complaint_dict(received_at="2024-03-01T09:30:00-05:00"))


def test_json_round_trip_is_equal(complaint: tousu.Complaint) -> None:
    text = complaint.to_json()
    again = tousu.Complaint.from_json(text)
    assert again == complaint
    assert again.to_json() == text
    assert json.loads(text)["id"] == "SZ-2024-0042"


def test_dict_round_trip_is_equal(complaint: tousu.Complaint) -> None:
    data = complaint.to_dict()
    assert data["claimed_amount"] == {"minor_units": 1250000, "currency": "CNY"}
    assert data["received_at"] == "2024-03-01T09:30:00+08:00"
    assert tousu.Complaint.from_dict(data) == complaint


def test_equality_and_hash_follow_content(complaint: tousu.Complaint) -> None:
    same = tousu.Complaint.from_dict(complaint_dict())
    other = tousu.Complaint.from_dict(complaint_dict(id="SZ-2024-0043"))
    assert complaint == same and hash(complaint) == hash(same)
    assert complaint != other
    assert complaint != complaint.to_dict()
    assert len({complaint, same, other}) == 2


def test_pickle_and_copy_give_an_equal_complaint(complaint: tousu.Complaint) -> None:
    assert pickle.loads(pickle.dumps(complaint)) == complaint
    assert copy.deepcopy(complaint) == complaint


def test_is_immutable(complaint: tousu.Complaint) -> None:
    with pytest.raises(AttributeError):
        complaint.id = "X"  # type: ignore[misc]
    with pytest.raises(TypeError):
        tousu.Complaint()


def test_repr_names_the_complaint(complaint: tousu.Complaint) -> None:
    assert repr(complaint) == (
        '<Complaint "SZ-2024-0042" complaint via phone, ordinary "trading.execution", '
        "received 2024-03-01T09:30:00+08:00>"
    )


# ---- errors -------------------------------------------------------------------------------


def test_malformed_json_is_a_parse_error() -> None:
    with pytest.raises(tousu.ParseError) as info:
        tousu.Complaint.from_json('{"id": "GZ-3", "channel": ')
    err = info.value
    assert err.code == "TOUSU_STATUS_MALFORMED_JSON"
    assert err.number == 1000
    assert isinstance(err, ValueError) and isinstance(err, tousu.TousuError)
    assert "complaint" in str(err)


def test_missing_required_fields_are_all_listed() -> None:
    data = {
        "id": "GZ-2",
        "channel": "letter",
        "receiver": "S001",
        "branch": "广州天河营业部",
        "received_at": "2024-06-03T10:00:00+08:00",
        "category": "service.attitude",
    }
    with pytest.raises(tousu.ValidationError) as info:
        tousu.Complaint.from_dict(data)
    err = info.value
    assert err.code == "TOUSU_STATUS_INVALID_COMPLAINT"
    assert err.number == 2000
    assert isinstance(err, ValueError)
    assert [path for path, _ in err.problems] == [
        "complainant.name",
        "complainant.contact",
        "matter",
        "facts.account",
        "demand",
    ]
    assert ("complainant.name", "is required") in err.problems
    assert all(isinstance(p, tuple) and len(p) == 2 for p in err.problems)
    # The message names every problem too.
    for path, _ in err.problems:
        assert path in str(err)


def test_bad_resident_id_check_digit_is_named_by_path() -> None:
    complainant = complaint_dict()["complainant"]
    complainant["id_document"] = {"kind": "resident_id_card", "number": "110105194912310021"}
    with pytest.raises(tousu.ValidationError) as info:
        tousu.Complaint.from_dict(complaint_dict(complainant=complainant))
    assert info.value.code == "TOUSU_STATUS_INVALID_COMPLAINT"
    [(path, problem)] = info.value.problems
    assert path == "complainant.id_document.number"
    assert "110105194912310021" in problem


def test_negative_amount_is_a_validation_error() -> None:
    with pytest.raises(tousu.ValidationError) as info:
        tousu.Complaint.from_dict(complaint_dict(claimed_amount={"minor_units": -500, "currency": "CNY"}))
    assert info.value.problems == [("claimed_amount.minor_units", "-500 is negative")]


@pytest.mark.parametrize(
    ("field", "value"),
    [("severity", "catastrophic"), ("channel", "carrier_pigeon"), ("kind", "praise")],
)
def test_unknown_enum_value_is_unknown_variant(field: str, value: str) -> None:
    with pytest.raises(tousu.ParseError) as info:
        tousu.Complaint.from_dict(complaint_dict(**{field: value}))
    assert info.value.code == "TOUSU_STATUS_UNKNOWN_VARIANT"
    assert info.value.number == 1002
    assert info.value.path == field
    assert value in str(info.value)


def test_unknown_field_is_named() -> None:
    with pytest.raises(tousu.ParseError) as info:
        tousu.Complaint.from_dict(complaint_dict(mood="angry"))
    assert info.value.code == "TOUSU_STATUS_UNKNOWN_FIELD"
    assert "mood" in str(info.value)


def test_timestamp_without_offset_is_refused() -> None:
    with pytest.raises(tousu.ParseError) as info:
        tousu.Complaint.from_dict(complaint_dict(received_at="2024-03-01T09:30:00"))
    assert info.value.code == "TOUSU_STATUS_INVALID_TIMESTAMP"
    assert info.value.path == "received_at"


def test_naive_datetime_is_refused_like_a_timestamp_without_offset() -> None:
    with pytest.raises(tousu.ParseError) as info:
        tousu.Complaint.from_dict(complaint_dict(received_at=dt.datetime(2024, 3, 1, 9, 30)))
    err = info.value
    assert err.code == "TOUSU_STATUS_INVALID_TIMESTAMP"
    assert isinstance(err, ValueError)
    assert "`received_at` is a naive datetime (2024-03-01T09:30:00)" in str(err)


@pytest.mark.parametrize(
    "data",
    [
        complaint_dict(),
        complaint_dict(severity="catastrophic"),
        complaint_dict(matter="", demand=" "),
        complaint_dict(claimed_amount={"minor_units": 12.5, "currency": "CNY"}),
        complaint_dict(claimed_amount={"minor_units": "1000", "currency": "CNY"}),
        complaint_dict(received_at="yesterday"),
        # Text that JSON must escape (quotes, backslashes, control characters) and text it
        # need not (non-ASCII, DEL), in values and in a key.
        complaint_dict(matter='说 "佣金" \\ 多收', facts={"account": "第一行\n第二行\t\r\x00\x1f end\x7f"}),
        complaint_dict(**{'unknown "key"\n': "x"}),
    ],
    ids=["valid", "unknown_variant", "invalid", "fraction", "string_amount", "bad_timestamp", "escapes", "escaped_key"],
)
def test_from_dict_behaves_exactly_like_from_json(data: dict[str, Any]) -> None:
    def outcome(read: Any, arg: Any) -> Any:
        try:
            return read(arg)
        except tousu.TousuError as err:
            return (type(err), err.code, str(err), getattr(err, "problems", None))

    # The dict is written as compact JSON; the same text gives the same outcome, message included.
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    assert outcome(tousu.Complaint.from_dict, data) == outcome(tousu.Complaint.from_json, text)


def test_text_that_json_escapes_comes_back_as_it_was() -> None:
    account = '客户称："委托未成交"\\ 第一行\n第二行\t末尾\x7f'
    complaint = tousu.Complaint.from_dict(complaint_dict(facts={"account": account}))
    assert complaint.to_dict()["facts"]["account"] == account


@pytest.mark.parametrize("value", [12.5, "1000", 2**70, True])
def test_amount_of_the_wrong_json_type_is_malformed(value: Any) -> None:
    with pytest.raises(tousu.ParseError) as info:
        tousu.Complaint.from_dict(complaint_dict(claimed_amount={"minor_units": value, "currency": "CNY"}))
    assert info.value.code == "TOUSU_STATUS_MALFORMED_JSON"
    assert info.value.path == "claimed_amount.minor_units"


def test_non_finite_float_is_refused_not_written() -> None:
    with pytest.raises(tousu.ParseError) as info:
        tousu.Complaint.from_dict(complaint_dict(claimed_amount={"minor_units": float("nan"), "currency": "CNY"}))
    assert info.value.code == "TOUSU_STATUS_MALFORMED_JSON"
    assert "`claimed_amount.minor_units` is NaN" in str(info.value)


def test_numpy_integers_are_integers() -> None:
    np = pytest.importorskip("numpy")
    data = complaint_dict(claimed_amount={"minor_units": np.int64(1250000), "currency": "CNY"})
    assert tousu.Complaint.from_dict(data).claimed_amount == (1250000, "CNY")


def test_a_list_that_contains_itself_is_refused_without_crashing() -> None:
    tags: list[Any] = ["a"]
    tags.append(tags)
    with pytest.raises(tousu.ParseError) as info:
        tousu.Complaint.from_dict(complaint_dict(tags=tags))
    assert info.value.code == "TOUSU_STATUS_MALFORMED_JSON"
    assert "deeper than 128" in str(info.value)


@pytest.mark.parametrize("text", [123, b'{"id": "x"}', None, {"id": "x"}])
def test_from_json_needs_a_str(text: Any) -> None:
    with pytest.raises(TypeError, match=r"Complaint\.from_json\(\) argument 'text' must be str"):
        tousu.Complaint.from_json(text)


@pytest.mark.parametrize("data", ['{"id": "x"}', [("id", "x")], None])
def test_from_dict_needs_a_dict(data: Any) -> None:
    with pytest.raises(TypeError, match=r"Complaint\.from_dict\(\) argument 'data' must be dict"):
        tousu.Complaint.from_dict(data)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (complaint_dict(tags={"vip"}), "`tags` is a set, which has no JSON form"),
        (complaint_dict(matter=b"x"), "`matter` is a bytes, which has no JSON form"),
        ({**complaint_dict(), 1: "x"}, "keys of the value must be str, not int"),
    ],
)
def test_values_without_a_json_form_are_type_errors(data: dict[Any, Any], message: str) -> None:
    with pytest.raises(TypeError) as info:
        tousu.Complaint.from_dict(data)
    assert not isinstance(info.value, tousu.TousuError)
    assert message in str(info.value)


def test_str_that_is_not_utf8_is_a_usage_error() -> None:
    with pytest.raises(tousu.UsageError) as info:
        tousu.Complaint.from_json('{"id": "\ud800"}')
    assert info.value.code == "TOUSU_STATUS_INVALID_UTF8"
    assert info.value.number == 9001
    with pytest.raises(tousu.UsageError, match="`matter` is not valid UTF-8"):
        tousu.Complaint.from_dict(complaint_dict(matter="\udcff"))
