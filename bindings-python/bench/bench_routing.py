"""Routing from Python: ``RuleSet.route`` one complaint at a time and ``RuleSet.route_many`` over
a list and over a pandas frame, against a pure-Python router of the same procedure, in the same
run.

Run from the repository root with the project's virtualenv (pandas installed by
bindings-python/run_tests.sh), on a release build of the extension (the test command installs a
debug build)::

    (. .venv/bin/activate && CARGO_TARGET_DIR=target maturin develop --release \\
        --manifest-path bindings-python/Cargo.toml)
    .venv/bin/python bindings-python/bench/bench_routing.py

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

Every form's decisions are asserted equal to ``route``'s (and the baseline's to tousu's) on the
3,000 complaints before anything is timed. Each timing is the best of several runs (these
machines are shared and noisy); the ratios are the figures to quote.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

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


if __name__ == "__main__":
    main()
