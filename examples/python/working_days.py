"""working_days.py — answer-by dates for a batch of complaints on the mainland calendar.

    python examples/python/working_days.py

A complaint must be answered within 5 working days of receipt. In mainland China the State
Council's notice turns some weekend days into working days (调休) and the exchanges stay closed
on them, so "5 working days" differs between the statutory calendar (CN) and the Shanghai
exchange's trading days (XSHG), and neither is numpy's Monday-to-Friday. The batch goes through
one call on a numpy datetime64[D] array; a receipt whose answer would fall in a year no notice
has announced yet is an error naming the element, never a guess.
"""

from __future__ import annotations

import datetime as dt

import numpy as np

import tousu


def main() -> None:
    cn = tousu.WorkCalendar.builtin("CN")
    xshg = tousu.WorkCalendar.builtin("XSHG")
    received = np.array(["2024-09-27", "2024-09-29", "2025-01-24", "2025-09-30"], dtype="datetime64[D]")

    due_cn = cn.add_working_days(received, 5)
    due_xshg = xshg.add_working_days(received, 5)
    naive = np.busday_offset(received, 5, roll="backward")  # Monday-Friday, no holidays
    print(f"{'received':<12}{'CN':<12}{'XSHG':<12}numpy Mon-Fri")
    for r, a, b, c in zip(received, due_cn, due_xshg, naive):
        print(f"{r!s:<12}{a!s:<12}{b!s:<12}{c!s}")

    one: dt.date = cn.add_working_days(dt.date(2024, 9, 27), 5)
    assert one == dt.date(2024, 10, 10)
    print("working days in October 2024 (CN):", int(cn.working_days_between(dt.date(2024, 9, 30), dt.date(2024, 10, 31))))

    late = np.array(["2026-06-01", "2026-12-28"], dtype="datetime64[D]")
    try:
        cn.add_working_days(late, 5)
    except tousu.CalendarError as err:
        print(f"{err.code} (.index {err.index}): {err}")


if __name__ == "__main__":
    main()
