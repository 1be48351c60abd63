"""routing.py — who handles each complaint of the bundled sample, at what level, under which
deadline policy and with which obligations, decided by the seed's procedure written as data.

    python examples/python/routing.py

The complaints are those of examples/data/sample_cases.jsonl; the rule set is the default
procedure (``cn.seed``, core/data/rules/cn-seed.toml). The whole sample is routed twice: as a
list of ``Complaint`` (a ``Decision`` each) and as a pandas frame (``pandas.json_normalize`` of
the complaints' JSON, routed from its columns); the two agree. Then the decisions by level and
role, the obligations owed, one explanation as an auditor reads it, and who may take that case
in a small staff directory, who stepped aside and why.
"""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd

import tousu

SAMPLE = Path(__file__).resolve().parents[1] / "data" / "sample_cases.jsonl"

STAFF = """\
[directory]
id = "example.staff"
version = 1
head_office = "总部经纪业务管理部"

[[person]]
id = "SHLJZ002"
name = "陆家嘴运营主管"
roles = ["operations_supervisor"]
office = "上海陆家嘴营业部"

[[person]]
id = "SHLJZ036"
name = "陆家嘴客户经理"
roles = ["operations_supervisor"]
office = "上海陆家嘴营业部"

[[person]]
id = "SHLJZ001"
name = "陆家嘴营业部总经理"
roles = ["branch_general_manager"]
office = "上海陆家嘴营业部"
"""


def main() -> None:
    with SAMPLE.open(encoding="utf-8") as lines:
        complaints = [tousu.Complaint.from_dict(json.loads(line)["complaint"]) for line in lines]
    rules = tousu.RuleSet.default()
    print(f"{len(complaints)} complaints routed by {rules.id} v{rules.version} ({rules.hit_policy})\n")

    decisions = rules.route_many(complaints)
    frame = rules.route_many(pd.json_normalize([c.to_dict() for c in complaints]))
    assert list(frame["handler"]) == [d.handler for d in decisions]
    assert list(frame["written_reply"]) == ["written_reply" in d.obligations for d in decisions]

    # Decisions by level and role: a crosstab of two categorical columns.
    print("decisions by level and handler role:")
    table = pd.crosstab(frame["handler"], frame["level"], margins=True)
    print(table.to_string(), "\n")

    print("deadline policy by level:")
    print(pd.crosstab(frame["policy"], frame["level"]).to_string(), "\n")

    escalated = frame["escalate_to"].cat.remove_unused_categories()
    print(f"escalated for the decision: {escalated.value_counts().to_dict()}\n")

    obligations = ["regulator_report_back", "written_reply", "management_meeting", "incident_investigation",
                   "liaison_form", "progress_updates"]
    print("obligations owed:")
    print(frame[obligations].sum().to_string(), "\n")

    # One explanation: the first serious incident forwarded by a regulator, or else any
    # serious incident.
    chosen = next(
        (d for d in decisions if d.complaint.severity == "serious_incident" and "regulator_report_back" in d.obligations),
        next(d for d in decisions if d.complaint.severity == "serious_incident"),
    )
    print(chosen.explain())

    # Who may take the first complaint of the sample, and who stepped aside and why: the person
    # complained about recuses (R12); the receiver keeps the case only if eligible (R5).
    first = decisions[0]
    staff = tousu.Directory.from_toml(STAFF)
    a = staff.assignment(first)
    print(f"complaint {first.complaint.id} is about {first.complaint.respondent.get('person')}; "
          f"eligible {a.role}s at {a.office}: {', '.join(a.handlers)}")
    for person, reason, why in a.recused:
        print(f"  {person} stepped aside ({reason}): {why}")
    print(f"  received by {a.owner}: " + ("hand-over needed" if a.hand_over_needed else "keeps the case"))


if __name__ == "__main__":
    main()
