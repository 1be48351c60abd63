"""The deadlines of the bundled sample as a pandas frame: ``Policy.deadlines_frame`` against a
Python loop over ``Policy.deadlines``, in the same run.

Run from the repository root with the project's virtualenv (pandas installed by
bindings-python/run_tests.sh), on a release build of the extension (the test command installs a
debug build)::

    (. .venv/bin/activate && CARGO_TARGET_DIR=target maturin develop --release \\
        --manifest-path bindings-python/Cargo.toml)
    .venv/bin/python bindings-python/bench/bench_deadlines_frame.py

Inputs: the 3,000 cases of examples/data/sample_cases.jsonl (read once, untimed), the preset
``cn.branch`` (6 milestones, so 18,000 rows) on ``CN``, ``now`` 2024-12-31 18:00 Beijing time;
then the same cases 30 times over (90,000 cases, 540,000 rows) for how each scales.

1. ``tousu``: ``policy.deadlines_frame(cases, cn, now, threads=1)``, all 14 columns on one
   thread, and with the default ``threads`` (the machine's cores, no more than one per 4,096
   cases: one thread for 3,000 cases).
2. The baseline an analyst would write without it: for each case ``policy.deadlines(...)``, a
   dict per deadline of the columns the ``Deadline`` attributes give (case_id, milestone,
   status, unit, due, met_at, met_by, elapsed, remaining: 9 of the 14), ``pandas.DataFrame``
   of the dicts, and the four text columns made categorical as in (1).
3. For scale, ``policy.deadlines(...)`` alone for every case (a list of ``Deadline`` objects per
   case, no frame).

The two frames are asserted equal on the baseline's columns before anything is timed. Each is
timed as the best of several runs (these machines are shared and noisy); the ratio is the
figure to quote.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from typing import Any

import pandas as pd

import tousu
from timing import best_of

SAMPLE = Path(__file__).resolve().parents[2] / "examples" / "data" / "sample_cases.jsonl"
NOW = dt.datetime(2024, 12, 31, 18, 0, tzinfo=dt.timezone(dt.timedelta(hours=8)))
BASELINE_COLUMNS = ["case_id", "milestone", "status", "unit", "due", "met_at", "met_by", "elapsed", "remaining"]
CATEGORICAL = ["milestone", "status", "unit", "met_by"]


def baseline(policy: tousu.Policy, calendar: tousu.WorkCalendar, cases: list[tousu.Case]) -> pd.DataFrame:
    rows: list[dict[str, Any]] = []
    for case in cases:
        case_id = case.complaint.id
        for d in policy.deadlines(case, calendar, NOW):
            rows.append(
                {
                    "case_id": case_id,
                    "milestone": d.milestone,
                    "status": d.status,
                    "unit": d.unit,
                    "due": d.due,
                    "met_at": d.met_at,
                    "met_by": d.met_by,
                    "elapsed": d.elapsed,
                    "remaining": d.remaining,
                }
            )
    frame = pd.DataFrame(rows, columns=BASELINE_COLUMNS)
    return frame.astype({column: "category" for column in CATEGORICAL})


def check(frame: pd.DataFrame, loop: pd.DataFrame) -> None:
    """The same values on the baseline's columns (dtypes aside: the categories differ in
    order, and the loop's instants keep each event's own offset)."""
    assert len(frame) == len(loop)
    for column in BASELINE_COLUMNS:
        ours, theirs = frame[column], loop[column]
        if column in ("due", "met_at"):
            same = (ours.isna() & theirs.isna()) | (pd.to_datetime(theirs, utc=True) == ours)
        elif column in CATEGORICAL:
            same = (ours.isna() & theirs.isna()) | (ours.astype(object) == theirs.astype(object))
        else:
            same = ours == theirs
        assert bool(same.all()), f"the frames disagree on {column}"


def main() -> None:
    with SAMPLE.open(encoding="utf-8") as lines:
        sample = [tousu.Case.from_json(line) for line in lines]
    policy = tousu.Policy.preset("cn.branch")
    cn = tousu.WorkCalendar.builtin("CN")

    print(f"cn.branch deadlines of the bundled sample at {NOW.isoformat()} (pandas {pd.__version__}):")
    for copies, runs in ((1, 7), (30, 3)):
        cases = sample * copies
        rows = len(cases) * len(policy.milestones)
        one = policy.deadlines_frame(cases, cn, NOW, threads=1)
        check(one, baseline(policy, cn, cases))
        pd.testing.assert_frame_equal(policy.deadlines_frame(cases, cn, NOW), one)
        t_frame = best_of(runs, lambda: policy.deadlines_frame(cases, cn, NOW, threads=1))
        t_threads = best_of(runs, lambda: policy.deadlines_frame(cases, cn, NOW))
        t_loop = best_of(runs, lambda: baseline(policy, cn, cases))
        t_calls = best_of(runs, lambda: [policy.deadlines(case, cn, NOW) for case in cases])

        def line(name: str, t: float) -> str:
            return f"  {name:<58} {t * 1e3:9.1f} ms  {len(cases) / t / 1e3:8.1f} k cases/s"

        print(f"{len(cases):,} cases, {rows:,} rows, best of {runs}:")
        print(line("Policy.deadlines_frame (14 columns), threads=1", t_frame))
        print(line(f"Policy.deadlines_frame, default threads ({os.cpu_count()} cores)", t_threads))
        print(line("loop over Policy.deadlines + DataFrame of dicts (9)", t_loop))
        print(line("Policy.deadlines alone, case by case (no frame)", t_calls))
        print(f"  deadlines_frame vs the loop: {t_loop / t_frame:.1f}x faster (one thread)")
        print(f"  default threads vs one: {t_frame / t_threads:.2f}x")


if __name__ == "__main__":
    main()
