"""deadlines_frame.py — an analyst's view of the bundled sample: every deadline of ~3,000 cases
as one pandas frame, then where the branches meet, miss and still owe their deadlines.

    python examples/python/deadlines_frame.py

The cases are examples/data/sample_cases.jsonl (2023–2024, from examples/data/
generate_sample.py); the policy is the branch preset ``cn.branch`` on the statutory calendar
``CN``, looked at on 2024-12-31 at 18:00 Beijing time. ``Policy.deadlines_frame`` gives one
row per (case, milestone); what is not a deadline (the branch) is joined from the cases.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd

import tousu

SAMPLE = Path(__file__).resolve().parents[1] / "data" / "sample_cases.jsonl"
CST = dt.timezone(dt.timedelta(hours=8))
NOW = dt.datetime(2024, 12, 31, 18, 0, tzinfo=CST)


def main() -> None:
    with SAMPLE.open(encoding="utf-8") as lines:
        cases = [tousu.Case.from_json(line) for line in lines]
    policy = tousu.Policy.preset("cn.branch")
    frame = policy.deadlines_frame(cases, tousu.WorkCalendar.builtin("CN"), NOW)
    assert len(frame) == len(cases) * len(policy.milestones)
    print(f"{len(cases)} cases, {len(frame)} deadlines under {policy.id} at {NOW.isoformat()}\n")

    # Milestones by status: a crosstab of two categorical columns (every status shown).
    applicable = frame[frame["status"] != "not_applicable"]
    table = pd.crosstab(applicable["milestone"], applicable["status"].cat.remove_unused_categories())
    print("milestones by status:")
    print(table.to_string(), "\n")

    # Late or missed, by branch: the branch comes from the cases, joined on the case id.
    branches = pd.DataFrame(
        {"case_id": [c.complaint.id for c in cases], "branch": [c.complaint.branch for c in cases]}
    )
    decided = applicable[applicable["status"].isin(["met", "met_late", "breached"])].merge(branches, on="case_id")
    late = decided["status"].isin(["met_late", "breached"])
    by_branch = late.groupby(decided["branch"]).agg(["sum", "size"]).rename(columns={"sum": "late", "size": "of"})
    by_branch["share"] = (by_branch["late"] / by_branch["of"]).round(3)
    print("deadlines met late or breached, by branch:")
    print(by_branch.sort_values("share", ascending=False).to_string(), "\n")

    # Still running at NOW, soonest due first. `remaining` is on the milestone's clock: working
    # days for working_days, days for calendar_days and months.
    running = frame[frame["status"].isin(["pending", "at_risk", "paused"]) & frame["due"].notna()]
    soonest = running.sort_values("due").head(5)
    print("running deadlines due soonest:")
    print(soonest[["case_id", "milestone", "status", "due", "remaining", "unit"]].to_string(index=False))

    # The frame is what Policy.deadlines gives, case by case.
    first = policy.deadlines(cases[0], tousu.WorkCalendar.builtin("CN"), NOW)
    rows = frame.iloc[: len(first)]
    assert list(rows["status"]) == [d.status for d in first]
    assert [None if pd.isna(t) else t for t in rows["due"]] == [d.due for d in first]
    assert int(table.to_numpy().sum()) == len(applicable)


if __name__ == "__main__":
    main()
