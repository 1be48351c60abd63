"""Shared test data: a valid complaint and the events of a case that runs to its archive."""

from __future__ import annotations

import datetime as dt
from typing import Any

import tousu

CST = dt.timezone(dt.timedelta(hours=8))


def at(day: int, hour: int, minute: int = 0, month: int = 3, tz: dt.tzinfo = CST) -> dt.datetime:
    """An aware instant in 2024, China Standard Time unless told otherwise."""
    return dt.datetime(2024, month, day, hour, minute, tzinfo=tz)


def complaint_dict(**overrides: Any) -> dict[str, Any]:
    """The JSON form of a valid complaint; `overrides` replace top-level fields."""
    data: dict[str, Any] = {
        "id": "SZ-2024-0042",
        "channel": "phone",
        "complainant": {
            "name": "王建国",
            "contact": {"phone": "13800138000"},
            "id_document": {"kind": "resident_id_card", "number": "11010519491231002X"},
            "securities_account": "0123456789",
        },
        "respondent": {"person": "S099", "branch": "深圳福田营业部"},
        "receiver": "S001",
        "branch": "深圳福田营业部",
        "received_at": "2024-03-01T09:30:00+08:00",
        "matter": "委托买入未成交",
        "facts": {"account": "3月1日开盘前委托买入，行情到价未成交", "place": "手机交易软件"},
        "demand": "说明未成交原因并赔偿差价",
        "severity": "ordinary",
        "category": "trading.execution",
        "claimed_amount": {"minor_units": 1250000, "currency": "CNY"},
        "tags": ["elderly_investor"],
    }
    data.update(overrides)
    return data


def registration() -> tousu.Event:
    return tousu.Event("registered", at=at(1, 9, 35), actor="S001")


def happy_path() -> list[tuple[tousu.Event, str]]:
    """Every event of a case from registration to archive, with the stage after it."""
    return [
        (registration(), "registered"),
        (tousu.Event("acknowledged", at=at(1, 9, 40), actor="S001", via="phone"), "registered"),
        (
            tousu.Event("answer_time_promised", at=at(1, 9, 41), actor="S001", answer_by=at(1, 15, 30)),
            "registered",
        ),
        (tousu.Event("assigned", at=at(1, 10), actor="S001", handler="S010"), "in_handling"),
        (tousu.Event("investigation_reported", at=at(4, 16), actor="S010", summary="系统报单延迟 0.8 秒"), "in_handling"),
        (tousu.Event("resolution_proposed", at=at(5, 10), actor="S010", plan="解释成交规则，不予赔偿"), "in_handling"),
        (
            tousu.Event("resolution_decided", at=at(5, 11), actor="S010", decision="解释说明", by="handler"),
            "resolved",
        ),
        (
            tousu.Event("result_fed_back", at=at(5, 14), actor="S010", via="letter", summary="已书面说明未成交原因"),
            "result_fed_back",
        ),
        (
            tousu.Event(
                "closed",
                at=at(5, 15),
                actor="S010",
                cause="行情波动价格未达",
                result="客户接受解释",
                department="运营部",
                preventive_measures="加强开盘委托规则提示",
            ),
            "closed",
        ),
        (
            tousu.Event("callback_visited", at=at(15, 10, month=4), actor="S001", via="phone", satisfaction="satisfied"),
            "closed",
        ),
        (tousu.Event("archived", at=at(16, 10, month=4), actor="S020", volume=2024), "archived"),
    ]
