"""deadlines.py — the deadlines of a complaint under the branch policy, across National Day.

    python examples/python/deadlines.py

A complaint reaches a branch on Monday 2024-09-30 at 16:00, after the 15:30 receipt cut-off and
the day before National Day (10-01..10-07 rest; Saturday 10-12 is a make-up working day). The
preset policy ``cn.branch`` on the statutory calendar ``CN`` gives each milestone its due time,
status, and the time used and left in its unit.
"""

from __future__ import annotations

import datetime as dt

import tousu

CST = dt.timezone(dt.timedelta(hours=8))


def at(month: int, day: int, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime(2024, month, day, hour, minute, tzinfo=CST)


def main() -> None:
    complaint = tousu.Complaint.from_dict({
        "id": "SZ-2024-0930", "channel": "phone",
        "complainant": {"name": "李四", "contact": {"phone": "13800138000"}},
        "receiver": "S001", "branch": "深圳福田营业部", "received_at": at(9, 30, 16),
        "matter": "佣金收取异常", "facts": {"account": "九月佣金高于约定费率"},
        "demand": "退还多收佣金", "category": "fees.commission",
    })
    case = tousu.Case.register(complaint, tousu.Event("registered", at=at(9, 30, 16, 5), actor="S001"))
    policy = tousu.Policy.preset("cn.branch")
    cn = tousu.WorkCalendar.builtin("CN")
    print(policy)

    now = at(10, 8, 15)
    all = policy.deadlines(case, cn, now)
    print(f"at {now.isoformat()}:")
    for d in all:
        due = d.due.isoformat() if d.due is not None else "-"
        print(f"  {d.milestone:<24}{d.status:<16}{due:<28}{d.elapsed:6.2f} / {d.remaining:6.2f} {d.unit}")

    resolve = {d.milestone: d for d in all}["resolve"]
    assert resolve.due == dt.datetime(2024, 10, 12, 23, 59, 59, tzinfo=CST)
    assert {d.milestone: d for d in all}["acknowledge"].status == "at_risk"


if __name__ == "__main__":
    main()
