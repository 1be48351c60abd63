"""check_register.py — check a batch of register records and tally the problems by field.

    python examples/python/check_register.py [PATH.toml]

Reads the complaint records of a fixture file (by default the shared corpus
tests/testdata/complaints.toml), checks every one with `tousu.Complaint.from_json`, and prints
which are valid, which cannot be read (ParseError: the code and the field path where reading
stopped) and which are invalid (ValidationError: every field problem), then how often each field
was at fault. It shows what an analyst gets from the exceptions: `.code`, `.number`, `.path`,
`.problems`, and that ParseError and ValidationError are ValueErrors.
"""

from __future__ import annotations

import sys
import tomllib
from collections import Counter
from pathlib import Path

import tousu

DEFAULT = Path(__file__).resolve().parents[2] / "tests" / "testdata" / "complaints.toml"


def main(argv: list[str]) -> int:
    path = Path(argv[1]) if len(argv) > 1 else DEFAULT
    with path.open("rb") as f:
        records = tomllib.load(f)["complaint"]

    by_code: Counter[str] = Counter()
    by_field: Counter[str] = Counter()
    surprises = []
    for record in records:
        name, text = record["name"], record["json"]
        try:
            complaint = tousu.Complaint.from_json(text)
        except tousu.ValidationError as err:
            outcome = err.code
            by_field.update(field for field, _ in err.problems)
            print(f"invalid  {name}:")
            for field, problem in err.problems:
                print(f"           {field}: {problem}")
        except tousu.ParseError as err:
            outcome = err.code
            print(f"unread   {name}: {err.code} ({err.number}) at {err.path}")
        else:
            outcome = "valid"
            print(f"valid    {name}: {complaint.id}, {complaint.channel}, {complaint.category}")
        by_code[outcome] += 1
        if "expect_error" in record or path == DEFAULT:
            if outcome != record.get("expect_error", "valid"):
                surprises.append(f"{name}: {outcome}, expected {record.get('expect_error', 'valid')}")

    print(f"\n{len(records)} records:")
    for code, count in by_code.most_common():
        print(f"  {count:3}  {code}")
    print("fields at fault:")
    for field, count in by_field.most_common():
        print(f"  {count:3}  {field}")
    for surprise in surprises:
        print(f"unexpected: {surprise}", file=sys.stderr)
    return 1 if surprises else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
