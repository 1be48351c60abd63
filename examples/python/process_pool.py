"""process_pool.py — the bundled sample's deadlines and routing computed in a process pool, chunk
by chunk, as an analyst spreads work over cores (multiprocessing, concurrent.futures, joblib).

    python examples/python/process_pool.py

Every tousu object pickles, so the policy, the calendar (here one extended at run time with a
year not yet built in), the rule set and the cases go to the workers as arguments, and the
deadline frames and ``Decision`` objects come back as results. A built-in pickles as its
constructor call (``WorkCalendar.builtin("CN")`` is a few dozen bytes), an object read from text
as that text, and the decisions of one rule set share it in a pickle. The "spawn" start method
is used so that nothing is inherited: everything crosses as a pickle. The answers are those of
the same work done in this process.
"""

from __future__ import annotations

import concurrent.futures
import datetime as dt
import multiprocessing
import pickle
from pathlib import Path

import pandas as pd

import tousu

SAMPLE = Path(__file__).resolve().parents[1] / "data" / "sample_cases.jsonl"
CST = dt.timezone(dt.timedelta(hours=8))
NOW = dt.datetime(2024, 12, 31, 18, 0, tzinfo=CST)
# A year as it would be added once announced (made up for the example, not the real 2027
# schedule): the workers get the calendar with it.
CN_2027 = """\
[[year]]
year = 2027
source = "example only: not a real notice"
rest_days = [2027-01-01]
"""


def deadlines(policy: tousu.Policy, cases: list[tousu.Case], calendar: tousu.WorkCalendar) -> pd.DataFrame:
    """One chunk's deadline frame (in a worker)."""
    return policy.deadlines_frame(cases, calendar, NOW)


def route(rules: tousu.RuleSet, cases: list[tousu.Case]) -> list[tousu.Decision]:
    """One chunk's decisions (in a worker)."""
    return rules.route_many([c.complaint for c in cases])


def main() -> None:
    with SAMPLE.open(encoding="utf-8") as lines:
        cases = [tousu.Case.from_json(line) for line in lines]
    policy, rules = tousu.Policy.preset("cn.branch"), tousu.RuleSet.default()
    calendar = tousu.WorkCalendar.builtin("CN")
    calendar.extend_from_toml(CN_2027, file="cn-2027.toml")
    print(
        f"pickled: policy {len(pickle.dumps(policy))} bytes, calendar {len(pickle.dumps(calendar))} bytes "
        f"(built-in + one extension), rule set {len(pickle.dumps(rules))} bytes"
    )

    chunks = [cases[i : i + 750] for i in range(0, len(cases), 750)]
    context = multiprocessing.get_context("spawn")
    with concurrent.futures.ProcessPoolExecutor(max_workers=2, mp_context=context) as pool:
        frames = list(pool.map(deadlines, [policy] * len(chunks), chunks, [calendar] * len(chunks)))
        routed = [d for part in pool.map(route, [rules] * len(chunks), chunks) for d in part]

    frame = pd.concat(frames, ignore_index=True)
    print(f"{len(cases)} cases in {len(chunks)} chunks: {len(frame)} deadlines, {len(routed)} decisions")
    print("deadlines by status:", frame["status"].value_counts().to_dict())
    levels = pd.Series([d.level for d in routed]).value_counts().to_dict()
    print("decisions by level:", levels)
    print(routed[0].explain().splitlines()[0])

    # The same answers as in this process.
    pd.testing.assert_frame_equal(frame, policy.deadlines_frame(cases, calendar, NOW))
    here = rules.route_many([c.complaint for c in cases])
    assert [d.to_dict() for d in routed] == [d.to_dict() for d in here]
    assert routed[0].explanation() == here[0].explanation()


if __name__ == "__main__":
    main()
