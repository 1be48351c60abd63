"""Reading complaints from Python: ``Complaint.from_dict`` (a dict, as an analyst has one from
pandas or an API) against ``Complaint.from_json`` of the same record's text, and against the
way round an analyst would go without ``from_dict`` (``json.dumps`` then ``from_json``), in the
same run.

Run from the repository root on a release build of the extension (the test command installs a
debug build)::

    (. .venv/bin/activate && CARGO_TARGET_DIR=target maturin develop --release \\
        --manifest-path bindings-python/Cargo.toml)
    .venv/bin/python bindings-python/bench/bench_complaints.py

Inputs: the 3,000 complaints of examples/data/sample_cases.jsonl, as dicts (``to_dict``) and as
JSON text (``to_json``), made untimed; every form is asserted to give the same complaints first.
Best of 7 runs over all 3,000.
"""

from __future__ import annotations

import json
from pathlib import Path

import tousu
from timing import best_of

SAMPLE = Path(__file__).resolve().parents[2] / "examples" / "data" / "sample_cases.jsonl"


def main() -> None:
    with SAMPLE.open(encoding="utf-8") as lines:
        complaints = [tousu.Case.from_json(line).complaint for line in lines]
    dicts = [c.to_dict() for c in complaints]
    texts = [c.to_json() for c in complaints]
    assert [tousu.Complaint.from_dict(d) for d in dicts] == complaints
    assert [tousu.Complaint.from_json(t) for t in texts] == complaints
    assert [tousu.Complaint.from_json(json.dumps(d, ensure_ascii=False)) for d in dicts] == complaints

    n = len(complaints)
    forms = [
        ("Complaint.from_dict(dict)", lambda: [tousu.Complaint.from_dict(d) for d in dicts]),
        ("Complaint.from_json(text)", lambda: [tousu.Complaint.from_json(t) for t in texts]),
        (
            "baseline: Complaint.from_json(json.dumps(dict))",
            lambda: [tousu.Complaint.from_json(json.dumps(d, ensure_ascii=False)) for d in dicts],
        ),
    ]
    print(f"{n:,} sample complaints, best of 7:")
    for name, f in forms:
        t = best_of(7, f)
        print(f"  {name:<50} {t / n * 1e6:6.2f} us per complaint  {n / t / 1e3:8.1f} k/s")


if __name__ == "__main__":
    main()
