"""Routing from Python: ``RuleSet.route`` one complaint at a time and ``RuleSet.route_many`` over
a list and over a pandas frame, against a pure-Python router of the same procedure, in the same
run.

Run from the repository root with the project's virtualenv (pandas installed by
bindings-python/run_tests.sh), on a release build of the extension (the test command installs a
debug build)::

    (. .venv/bin/activate && CARGO_TARGET_DIR=target maturin develop --release \\
        --manifest-path bindings-python/Cargo.toml)
    .venv/bin/python bindings-python/bench/bench_routing.py

When the test command may run meanwhile (it installs its debug build over that one), time a
release wheel unpacked elsewhere instead::

    (. .venv/bin/activate && CARGO_TARGET_DIR=target maturin build --release -o /tmp/tousu-wheel \
        --manifest-path bindings-python/Cargo.toml)
    python3 -m zipfile -e /tmp/tousu-wheel/tousu-*.whl /tmp/tousu-bench
    PYTHONPATH=/tmp/tousu-bench .venv/bin/python bindings-python/bench/bench_routing.py

Inputs: the 3,000 complaints of examples/data/sample_cases.jsonl (read once, untimed), repeated
to 300,000 for the one-at-a-time loops and to 1,002,000 for the batch forms; the rule set is the
default procedure (``cn.seed``, collect_all, 10 rules).

1. ``route``: ``[rules.route(c) for c in complaints]``, a ``Decision`` per complaint.
2. ``route_many(list)``: the same complaints in one call (a list of ``Decision``).
3. ``route_many(frame)``: the frame ``pandas.json_normalize`` makes of the complaints' JSON
   forms (strings as ``object`` columns, ``tags`` as lists), to a frame of decisions; and the
   same frame with its string columns already ``category`` and ``tags`` joined, as a frame read
   from Parquet or built by an analyst usually is.
4. Baseline: a pure-Python ``if``/``elif`` router of the seed's procedure
   (core/data/rules/cn-seed.toml, rule by rule) over plain dicts of the fields it reads, giving
   handler, level, policy, escalation and obligations per complaint.
5. Earlier complaints, on a synthetic frame: the 1,002,000-row frame with
   its ``complainant.securities_account`` replaced by one of 200,000 accounts at random (about
   five complaints each) and its ``received_at`` by a random second of 2023-2024 (RFC 3339
   text, ``+08:00``), routed by the seed plus a rule escalating a complainant with two earlier
   complaints within 90 days: ``route_many(frame, earlier_from=...)`` (sorted by key and time in
   Rust) and ``route_many(frame, earlier_complaints=...)`` (the same dates as lists of
   ``datetime.date`` per row, made untimed), against plain ``route_many(frame)`` of the seed on
   the same frame, in the same run; and the seed itself with ``earlier_from`` (nothing to count:
   the cost of reading ``received_at``).

Every form's decisions are asserted equal to ``route``'s (and the baseline's to tousu's) on the
3,000 complaints before anything is timed; the two forms of earlier complaints are asserted
equal to each other on the synthetic frame, and to ``route`` with the dates worked out in Python
on its first 3,000 rows. Each timing is the best of several runs (these
machines are shared and noisy); the ratios are the figures to quote.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

import tousu
from timing import best_of

SAMPLE = Path(__file__).resolve().parents[2] / "examples" / "data" / "sample_cases.jsonl"
HEAD_OFFICE = "总部经纪业务管理部"
LARGE_CLAIM = 5_000_000  # fen: ¥50,000
OBLIGATIONS = (
    "liaison_form",
    "regulator_report_back",
    "management_meeting",
    "written_reply",
    "incident_investigation",
    "progress_updates",
)

Routed = tuple[str | None, str | None, str | None, str | None, frozenset[str]]


def python_router(c: dict[str, Any]) -> Routed:
    """The seed's procedure by hand: collect_all, each action from the first matching rule in
    priority order that sets it, obligations added up."""
    handler = level = policy = escalate = None
    obligations: set[str] = set()
    severity = c["severity"]
    if c["channel"] == "regulator_forwarded":
        obligations |= {"regulator_report_back", "written_reply"}
    elif c["channel"] == "judicial_or_association_forwarded":
        obligations.add("written_reply")
    if severity == "serious_incident":
        handler, level, escalate = "branch_general_manager", "branch", "general_manager"
        obligations |= {"incident_investigation", "management_meeting", "written_reply", "progress_updates"}
    elif severity == "matter_of_principle":
        handler, level = "branch_general_manager", "branch"
        obligations |= {"management_meeting", "written_reply"}
    elif severity in ("major", "compensation"):
        handler, level = "branch_general_manager", "branch"
        obligations.add("written_reply")
    elif c["currency"] == "CNY" and c["amount"] is not None and c["amount"] >= LARGE_CLAIM:
        escalate = "branch_general_manager"
        obligations.add("written_reply")
    if c["branch"] == HEAD_OFFICE and c["about_branch"]:
        handler = handler or "head_office_brokerage"
        level = level or "head_office"
        policy = "cn.firm"
    if c["about_department"]:
        obligations.add("liaison_form")
    if c["kind"] == "feedback":
        handler = handler or "operations_supervisor"
        policy = policy or "cn.feedback"
    handler = handler or "operations_supervisor"
    level = level or "branch"
    policy = policy or "cn.branch"
    obligations.add("progress_updates")
    return handler, level, policy, escalate, frozenset(obligations)


def plain(c: tousu.Complaint) -> dict[str, Any]:
    """The fields the Python router reads, as a dict (made once, untimed)."""
    amount = c.claimed_amount
    respondent = c.respondent
    return {
        "channel": c.channel,
        "kind": c.kind,
        "severity": c.severity,
        "branch": c.branch,
        "amount": None if amount is None else amount[0],
        "currency": None if amount is None else amount[1],
        "about_branch": bool(respondent.get("branch")),
        "about_department": bool(respondent.get("department")),
    }


def of(d: tousu.Decision) -> Routed:
    return d.handler, d.level, d.policy, d.escalate_to, d.obligations


def rows_of(frame: pd.DataFrame) -> list[Routed]:
    none = lambda v: None if pd.isna(v) else str(v)  # noqa: E731
    return [
        (none(r.handler), none(r.level), none(r.policy), none(r.escalate_to),
         frozenset(o for o in OBLIGATIONS if getattr(r, o)))
        for r in frame.itertuples(index=False)
    ]


def categorical(frame: pd.DataFrame) -> pd.DataFrame:
    """The frame as an analyst's tables usually are: strings as categories, tags joined."""
    out = frame.copy()
    out["tags"] = out["tags"].map(lambda v: ",".join(v) if isinstance(v, list) else "")
    for column in ("kind", "channel", "category", "severity", "branch", "claimed_amount.currency", "tags"):
        out[column] = out[column].astype("category")
    return out


SEED = Path(__file__).resolve().parents[2] / "core" / "data" / "rules" / "cn-seed.toml"
REPEAT = """
[[rule]]
id = "repeat_complainant"
priority = 75
description = "Two earlier complaints within 90 days: reported to head office, answered in writing."
when = { earlier_complaints = { at_least = 2, within_days = 90 } }
then = { escalate_to = "head_office_brokerage", obligations = ["written_reply"] }
"""
ACCOUNT = "complainant.securities_account"


def synthetic(frame: pd.DataFrame, accounts: int, seed: int = 20240301) -> pd.DataFrame:
    """The frame with random accounts and random times of receipt over 2023-2024."""
    rng = np.random.default_rng(seed)
    out = frame.copy()
    out[ACCOUNT] = pd.Series(rng.integers(0, accounts, len(out))).map("{:010}".format).to_numpy()
    seconds = rng.integers(0, 731 * 86_400, len(out))
    times = pd.Timestamp("2023-01-01T00:00:00") + pd.to_timedelta(seconds, unit="s")
    out["received_at"] = pd.Series(times).dt.strftime("%Y-%m-%dT%H:%M:%S+08:00").to_numpy()
    return out


def earlier_lists(frame: pd.DataFrame) -> list[list[dt.date]]:
    """Each row's earlier complaints in plain Python: the days of the rows with its account
    received strictly earlier (the timestamps share one offset, so text order is time order)."""
    keys = frame[ACCOUNT].tolist()
    times = frame["received_at"].tolist()
    out: list[list[dt.date]] = [[] for _ in keys]
    days: dict[Any, list[tuple[str, dt.date]]] = {}
    for i in sorted(range(len(keys)), key=lambda i: (keys[i], times[i])):
        mine = days.setdefault(keys[i], [])
        out[i] = [day for t, day in mine if t < times[i]]
        mine.append((times[i], dt.date.fromisoformat(times[i][:10])))
    return out


def main() -> None:
    rules = tousu.RuleSet.default()
    with SAMPLE.open(encoding="utf-8") as lines:
        sample = [tousu.Complaint.from_dict(json.loads(line)["complaint"]) for line in lines]
    dicts = [plain(c) for c in sample]
    frame = pd.json_normalize([c.to_dict() for c in sample])

    # Everything agrees before anything is timed.
    expected = [of(rules.route(c)) for c in sample]
    assert [python_router(d) for d in dicts] == expected
    assert [of(d) for d in rules.route_many(sample)] == expected
    assert rows_of(rules.route_many(frame)) == expected
    assert rows_of(rules.route_many(categorical(frame))) == expected

    one = sample * 100
    one_dicts = dicts * 100
    many = sample * 334
    big = pd.concat([frame] * 334, ignore_index=True)
    big_categorical = categorical(big)
    n_one, n_many = len(one), len(many)

    t_route = best_of(5, lambda: [rules.route(c) for c in one])
    t_python = best_of(5, lambda: [python_router(d) for d in one_dicts])
    t_list = best_of(5, lambda: rules.route_many(many))
    t_frame = best_of(5, lambda: rules.route_many(big))
    t_frame_cat = best_of(5, lambda: rules.route_many(big_categorical))

    # Earlier complaints: the same frame with random accounts and times.
    repeat = tousu.RuleSet.from_toml(SEED.read_text("utf-8") + REPEAT)
    months = synthetic(big, accounts=200_000)
    lists = earlier_lists(months)
    head = months.iloc[:3000]
    def received_at(c: tousu.Complaint, time: str) -> tousu.Complaint:
        # What happened before receipt (the facts, a forwarding) moves with it.
        data = c.to_dict()
        data["facts"].pop("occurred_at", None)
        if isinstance(data["channel"], dict):
            for forwarding in data["channel"].values():
                forwarding["forwarded_on"] = time[:10]
        return tousu.Complaint.from_dict({**data, "received_at": time})

    moved = [received_at(c, t) for c, t in zip(sample, head["received_at"])]
    by_hand = [of(repeat.route(c, earlier_complaints=e)) for c, e in zip(moved, earlier_lists(head))]
    assert rows_of(repeat.route_many(head, earlier_from=ACCOUNT)) == by_hand
    from_rows = repeat.route_many(months, earlier_from=ACCOUNT)
    assert from_rows.equals(repeat.route_many(months, earlier_complaints=lists))
    n_repeat = int(from_rows["matched"].str.contains("repeat_complainant").sum())
    assert 0 < n_repeat < len(months)
    t_months = best_of(5, lambda: rules.route_many(months))
    t_seed_from = best_of(5, lambda: rules.route_many(months, earlier_from=ACCOUNT))
    t_from = best_of(5, lambda: repeat.route_many(months, earlier_from=ACCOUNT))
    t_given = best_of(5, lambda: repeat.route_many(months, earlier_complaints=lists))

    def rate(n: int, t: float) -> str:
        return f"{n / t / 1e6:6.2f} M/s ({t * 1e3:7.1f} ms for {n:,})"

    print(f"rule set {rules.id} v{rules.version} ({rules.hit_policy}, {len(rules.rules)} rules)")
    print(f"baseline: pure-Python router over dicts  {rate(n_one, t_python)}")
    print(f"route, one at a time                     {rate(n_one, t_route)}  {t_python / t_route:4.1f}x baseline")
    print(f"route_many(list of Complaint)            {rate(n_many, t_list)}  "
          f"{(t_python / n_one) / (t_list / n_many):4.1f}x baseline")
    print(f"route_many(frame, json_normalize)        {rate(n_many, t_frame)}  "
          f"{(t_python / n_one) / (t_frame / n_many):4.1f}x baseline")
    print(f"route_many(frame, categorical columns)   {rate(n_many, t_frame_cat)}  "
          f"{(t_python / n_one) / (t_frame_cat / n_many):4.1f}x baseline")
    print(f"earlier complaints: {len(months):,} rows, 200,000 accounts, 2023-2024; "
          f"{n_repeat:,} rows matched repeat_complainant")
    print(f"baseline: route_many(frame), seed        {rate(n_many, t_months)}")
    print(f"route_many(frame, earlier_from=), seed   {rate(n_many, t_seed_from)}  {t_seed_from / t_months:4.2f}x baseline time")
    print(f"route_many(frame, earlier_from=), repeat {rate(n_many, t_from)}  {t_from / t_months:4.2f}x baseline time")
    print(f"route_many(frame, earlier_complaints=)   {rate(n_many, t_given)}  {t_given / t_months:4.2f}x baseline time")


if __name__ == "__main__":
    main()
