"""register_and_close.py — take a complaint from registration to the archive with tousu.

    python examples/python/register_and_close.py

(after `maturin develop --manifest-path bindings-python/Cargo.toml`, or `bash
bindings-python/run_tests.sh`, has installed the package). The Python twin of
examples/c/register_and_close.c: it reads a complaint, opens a case, records the steps of the
procedure, shows how refused steps are reported — assigning the person complained about breaks
R12, closing before the result was fed back breaks R20 — and that the case stays as it was, then
finishes the case and prints its state and case file.
"""

from __future__ import annotations

import datetime as dt
import sys

import tousu

CST = dt.timezone(dt.timedelta(hours=8))  # Beijing time: every time carries its offset


def at(month: int, day: int, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime(2024, month, day, hour, minute, tzinfo=CST)


def record(case: tousu.Case, event: tousu.Event) -> bool:
    """Records one event; on refusal prints why and returns False."""
    try:
        case.apply(event)
    except tousu.RuleError as err:
        print(f"refused {event.action}: {err.code} (rule {err.rule}, {err.requirement or 'no requirement'})")
        print(f"  {err}")
        return False
    print(f"recorded {event.action:<22} the case is now {case.stage}")
    return True


def main() -> int:
    # The register form (《客户投诉处理登记表》): a dict of the JSON form, times may be datetimes.
    complaint = tousu.Complaint.from_dict(
        {
            "id": "SZ-2024-0042",
            "channel": "phone",
            "complainant": {"name": "李四", "contact": {"phone": "13800138000"}},
            "respondent": {"person": "S099", "branch": "深圳福田营业部"},
            "receiver": "S001",
            "branch": "深圳福田营业部",
            "received_at": at(3, 1, 9, 30),
            "matter": "佣金收取异常",
            "facts": {"account": "二月佣金高于约定费率"},
            "demand": "退还多收佣金",
            "category": "fees.commission",
            "claimed_amount": {"minor_units": 125000, "currency": "CNY"},
        }
    )
    minor_units, currency = complaint.claimed_amount or (0, "CNY")
    print(f"complaint {complaint.id}: {complaint.matter}, claims {minor_units / 100:.2f} {currency}")

    case = tousu.Case.register(complaint, tousu.Event("registered", at=at(3, 1, 9, 35), actor="S001"))
    print(f"registered; the case is {case.stage}, owned by {case.state['owner']}")

    steps = [
        tousu.Event("acknowledged", at=at(3, 1, 9, 40), actor="S001", via="phone"),
        tousu.Event("answer_time_promised", at=at(3, 1, 9, 41), actor="S001", answer_by=at(3, 4, 17, 30)),
        # S099 is the person complained about: R12 refuses, and the case does not change.
        tousu.Event("assigned", at=at(3, 1, 10), actor="S001", handler="S099"),
        tousu.Event("assigned", at=at(3, 1, 10), actor="S001", handler="S010"),
        tousu.Event("resolution_proposed", at=at(3, 4, 16), actor="S010", plan="按约定费率退还差额"),
        tousu.Event("resolution_decided", at=at(3, 5, 10), actor="S010", decision="退还", by="handler"),
    ]
    for event in steps:
        record(case, event)

    close = tousu.Event(
        "closed",
        at=at(3, 5, 11),
        actor="S010",
        cause="费率配置错误",
        result="已退还",
        department="运营部",
        preventive_measures="费率变更双人复核",
    )
    before = case.to_json()
    if record(case, close):
        print("closing before the result was fed back should have been refused", file=sys.stderr)
        return 1
    assert case.to_json() == before, "a refused event changed the case"

    finish = [
        tousu.Event("result_fed_back", at=at(3, 5, 10, 30), actor="S010", via="letter", summary="已书面答复并退还"),
        tousu.Event(close.action, at(3, 5, 11), close.actor, **close.data),
        tousu.Event("callback_visited", at=at(4, 15, 10), actor="S001", via="phone", satisfaction="satisfied"),
        tousu.Event("archived", at=at(4, 16, 10), actor="S020", volume=2024),
    ]
    for event in finish:
        if not record(case, event):
            return 1

    state = case.state
    print(f"\n{len(case)} events; closed at {state['closed_at']}, archived in volume {state['archive_volume']}")
    print(f"satisfaction at the callback visit: {state['satisfaction']}")
    file = case.to_json()
    assert tousu.Case.from_json(file) == case
    print(f"case file ({len(file.encode())} bytes) reads back equal:\n{file[:120]}…")
    return 0


if __name__ == "__main__":
    sys.exit(main())
