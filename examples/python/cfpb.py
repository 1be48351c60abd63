"""cfpb.py — tousu on real records nobody here wrote: the US CFPB Consumer Complaint Database.

    python examples/python/cfpb.py [CSV ...]

Reads the two CFPB exports in ``../shared/data/cfpb`` (relative to the repository root; 6,623
complaints of 2015–2020 and 8,340 of October–November 2014, see that directory's README.md)
when they are there, else the excerpts of them in ``examples/data/cfpb_excerpt*.csv`` (real
records copied byte for byte, see examples/data/README.md), or the files named on the command
line. Then it builds a taxonomy from the data's (Product, Issue) pairs, maps every row to a
tousu complaint, reports how many load and every distinct reason tousu gives for refusing the
rest, routes the loaded ones with the small rule set below, computes their ``us.cfpb``
deadlines as a frame, and prints a summary.

The mapping, field by field (a CFPB row has no field for anything not listed):

- ``id`` = ``Complaint ID``.
- ``kind`` = ``complaint`` (every row is one); ``severity`` = ``ordinary`` (the export grades
  nothing); no ``claimed_amount`` (the export has none).
- ``received_at`` = ``Date received`` at 09:00 America/New_York, with the offset in force that
  day (-05:00 or -04:00): the export has dates only, and 09:00 is when the ``us.cfpb``
  policy's business hours open. The hour moves no due date: calendar days count from the day
  of receipt whatever the hour. Dates are ISO (2015–2020 file) or MM/DD/YYYY (2014 file).
- ``channel`` from ``Submitted via`` — how the consumer reached the CFPB, the only channel the
  row records (from the company's side every CFPB complaint comes through the CFPB's company
  portal, which tousu's channel model has no place for beside the consumer's own channel):
  Web → ``web_form``, Phone → ``phone``, Postal mail → ``letter``, Email → ``email``; Fax →
  ``letter`` with the tag ``submitted_by_fax`` (tousu has no fax channel; a fax is a letter
  sent by telephone line). Referral — another public body (a federal or state agency, a
  member of Congress) referred the complaint to the CFPB — → ``regulator_forwarded`` with
  ``body`` = "Consumer Financial Protection Bureau (referral from another agency)",
  ``reference`` = ``Complaint ID`` (the CFPB's reference; the referring body and its reference
  are not published), ``forwarded_on`` = ``Date received`` and ``report_back_required`` =
  true (the company answers through the CFPB, which tells the referring body). Not ``Date
  sent to company``: that is later than ``Date received`` on most referrals, and tousu refuses a
  forwarding dated after the receipt (the output counts them), because this mapping's receipt
  is the CFPB's.
- ``complainant``: the CFPB removes the consumer's name and contact before publishing, and
  tousu's register requires both (R2). Nothing is invented silently: ``name`` = "CFPB consumer
  <Complaint ID>", the record's own pseudonym, and ``contact.address`` = "via the CFPB company
  portal, complaint <Complaint ID>" — the way a company does reach the consumer. tousu's
  contact has phone, fax, postal address and email only, so the portal goes in ``address``,
  which tousu does not check. The output also shows the strict mapping (no name, no contact):
  tousu refuses every row then, naming ``complainant.name`` and ``complainant.contact``.
- ``receiver`` = ``CFPB-PORTAL``: the staff id of the intake point, not a person.
- ``branch`` = ``Company``: the company complained about registers it; no ``respondent``.
- ``category``: the taxonomy ``us.cfpb.products`` is made from the data. Each Product is a
  root, each (Product, Issue) pair a child; the code segment is the name in lowercase
  snake_case (``debt_collection``), and a name too long for tousu's 64-byte codes (32 bytes
  for a product, what the product's leaves for an issue) is cut and given the first 6 hex
  digits of the SHA-1 of the name (``credit_reporting_credit_r_0fcb43``), so a code depends
  only on its product's and its own name. A name with a capital after its first letter gets
  the hash too: the 2015–2020 export writes "Consumer Loan" where the 2014 one writes
  "Consumer loan", and those must not share a code. Roots carry
  ``cfpb_product``, children ``cfpb_issue`` (and inherit ``cfpb_product``); ``label`` is
  the CFPB's English name, and there is no ``label_zh`` (a Chinese label is optional).
  A row without an Issue gets its product's code.
- ``matter`` = ``Issue``. ``facts.account`` = ``Consumer complaint narrative`` when the
  consumer agreed to publish one, else ``Sub-issue``, else nothing: tousu then refuses the row
  (R2: the facts are required), and the output counts those refusals. A narrative is taken as
  it is, its "XXXX" redactions included, whole (tousu keeps up to 100,000 characters).
- ``demand`` = "not published by the CFPB" — the consumer's requested resolution is not a
  field of the export; ``Company response to consumer`` is the company's answer, not the
  consumer's demand, so it is kept out of the complaint (the summary joins it from the rows).
- ``tags``: Older American → ``elderly_investor`` (the tag tousu's routing reads as the
  ``elderly`` complainant; the CFPB's older Americans are 62 and over, tousu's elderly 60 and
  over), Servicemember → ``servicemember``, Fax → ``submitted_by_fax``.
- Not mapped: Sub-product, State, ZIP code (the consumer's, partly masked), consent, public
  response, timely response, disputed.

The deadlines: one ``registered`` event at receipt, policy ``us.cfpb`` (15 and 60 calendar
days from receipt, New York time) on the calendar ``US``, as of 17:00 New York time on each
file's last ``Date sent to company``. The export records no company response date, so no
milestone is ever met: what the frame shows is when each was due and how that falls.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import json
import re
import sys
import time
import zoneinfo
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

import tousu

ROOT = Path(__file__).resolve().parents[2]
SHARED = ROOT.parent / "shared" / "data" / "cfpb"
FULL_FILES = ("cfpb_complaints_sample_2015_2020.csv", "cfpb_complaints_2014_oct_nov.csv")
EXCERPTS = (ROOT / "examples" / "data" / "cfpb_excerpt.csv", ROOT / "examples" / "data" / "cfpb_excerpt_2014.csv")

NEW_YORK = zoneinfo.ZoneInfo("America/New_York")
RECEIVED_AT = dt.time(9, 0)
RECEIVER = "CFPB-PORTAL"
REFERRAL_BODY = "Consumer Financial Protection Bureau (referral from another agency)"
DEMAND = "not published by the CFPB"
NARRATIVE = "Consumer complaint narrative"
CHANNELS = {"Web": "web_form", "Phone": "phone", "Postal mail": "letter", "Fax": "letter", "Email": "email"}
TAGS = {"Older American": "elderly_investor", "Servicemember": "servicemember"}
TAXONOMY_ID = "us.cfpb.products"
PRODUCT_BYTES, CODE_BYTES = 32, 64  # a product's segment; tousu's longest code

# Products the rule set names: roots of the taxonomy whether or not the data has them.
ROUTED_PRODUCTS = {
    "mortgage": ("Mortgage",),
    "credit_reporting": (
        "Credit reporting",
        "Credit reporting, credit repair services, or other personal consumer reports",
    ),
    "debt_collection": ("Debt collection",),
    "student_loan": ("Student loan",),
}
DEPARTMENTS = {
    "mortgage": "Mortgage servicing",
    "credit_reporting": "Consumer reporting disputes",
    "debt_collection": "Collections",
    "student_loan": "Student loan servicing",
}


@dataclass(frozen=True)
class Row:
    """One CFPB record: its fields by column name ("" where the file has none) and its file."""

    fields: dict[str, str]
    source: str

    def __getitem__(self, column: str) -> str:
        return self.fields.get(column, "")

    @property
    def received(self) -> dt.date:
        return parse_date(self["Date received"])

    @property
    def sent(self) -> dt.date:
        return parse_date(self["Date sent to company"])


def parse_date(text: str) -> dt.date:
    """ISO ``YYYY-MM-DD`` (2015–2020 export) or US ``MM/DD/YYYY`` (2014 export)."""
    if "/" in text:
        month, day, year = text.split("/")
        return dt.date(int(year), int(month), int(day))
    return dt.date.fromisoformat(text)


def read_rows(path: Path) -> list[Row]:
    """Every record of a CFPB export; narratives span lines, so Python's csv module reads them.
    A short record (the 2014 file's last, without its empty last field) reads as "" there."""
    with path.open(encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f)
        return [Row({k: v or "" for k, v in r.items() if k is not None}, path.name) for r in reader]


def data_files() -> list[Path]:
    """The full exports when ../shared/data/cfpb has them, else the excerpts."""
    full = [SHARED / name for name in FULL_FILES]
    if all(p.is_file() for p in full):
        return full
    return list(EXCERPTS)


def segment(name: str, limit: int) -> str:
    """A code segment for a CFPB name: lowercase snake_case, cut to ``limit`` bytes with a hash of
    the whole name when longer or when the name has a capital after its first letter (names
    that differ only in case get different codes)."""
    slug = re.sub(r"[^a-z0-9]+", "_", name.lower()).strip("_")
    if not slug or not slug[0].isalpha():
        slug = "x_" + slug
    if len(slug) > limit or name[1:] != name[1:].lower():
        digest = hashlib.sha1(name.encode("utf-8")).hexdigest()[:6]
        slug = slug[: limit - 7].rstrip("_") + "_" + digest
    return slug


def category_code(product: str, issue: str) -> str:
    code = segment(product, PRODUCT_BYTES)
    return f"{code}.{segment(issue, CODE_BYTES - len(code) - 1)}" if issue else code


def taxonomy_toml(rows: Iterable[Row]) -> str:
    """The taxonomy of the rows' (Product, Issue) pairs, and of the products the rules name."""
    products: dict[str, set[str]] = {p: set() for names in ROUTED_PRODUCTS.values() for p in names}
    for row in rows:
        products.setdefault(row["Product"], set())
        if row["Issue"]:
            products[row["Product"]].add(row["Issue"])
    seen: dict[str, tuple[str, str]] = {}
    lines = [
        "[taxonomy]",
        f"id = {json.dumps(TAXONOMY_ID)}",
        "version = 1",
        'name = "CFPB complaint products and issues (from the data)"',
        'source = "CFPB Consumer Complaint Database exports: every (Product, Issue) pair of the rows read"',
    ]
    for product in sorted(products):
        for issue in [""] + sorted(products[product]):
            code = category_code(product, issue)
            if seen.setdefault(code, (product, issue)) != (product, issue):
                raise ValueError(f"{code}: the code of both {seen[code]} and {(product, issue)}")
            label = json.dumps(issue or product)
            external = f"cfpb_issue = {json.dumps(issue)}" if issue else f"cfpb_product = {json.dumps(product)}"
            lines += ["", "[[category]]", f"code = {json.dumps(code)}", f"label = {label}"]
            lines.append(f"external = {{ {external} }}")
    return "\n".join(lines) + "\n"


def rules_toml(taxonomy: tousu.Taxonomy) -> str:
    """The rule set: referrals reported back, older Americans and servicemembers escalated, four
    product subtrees to their departments, everything answered under ``us.cfpb``."""
    rules = f"""
[rule_set]
id = "example.cfpb"
version = 1
name = "A company's CFPB complaint routing (example)"
taxonomy = "{taxonomy.id}"
hit_policy = "collect_all"
currency = "USD"

[roles.complaint_analyst]
label = "Complaint analyst"
level = "branch"
escalates_to = "escalation_team"

[roles.escalation_team]
label = "Escalation team (older Americans, servicemembers)"
level = "head_office"

[roles.regulatory_affairs]
label = "Regulatory affairs (referrals)"
level = "head_office"

[[rule]]
id = "referral"
priority = 100
description = "Referred by another agency: answered in writing and reported back"
when = {{ forwarded_by_regulator = true }}
then = {{ handler = "regulatory_affairs", level = "head_office", \
          obligations = ["regulator_report_back", "written_reply"] }}

[[rule]]
id = "older_american"
priority = 90
when = {{ complainant = "elderly" }}
then = {{ handler = "escalation_team", level = "head_office", obligations = ["written_reply"] }}

[[rule]]
id = "servicemember"
priority = 90
when = {{ tags_any = ["servicemember"] }}
then = {{ handler = "escalation_team", level = "head_office", obligations = ["written_reply"] }}
"""
    for key, names in ROUTED_PRODUCTS.items():
        codes = json.dumps([category_code(name, "") for name in names])
        rules += f"""
[[rule]]
id = "{key}"
priority = 50
when = {{ category = {codes} }}
then = {{ department = "{DEPARTMENTS[key]}" }}
"""
    rules += """
[[rule]]
id = "every_complaint"
then = { handler = "complaint_analyst", level = "branch", policy = "us.cfpb", obligations = ["progress_updates"] }
"""
    return rules


def received_at(row: Row) -> dt.datetime:
    return dt.datetime.combine(row.received, RECEIVED_AT, NEW_YORK)


def complaint_dict(row: Row, *, stand_in: bool = True, referral_forwarded_on: str = "Date received") -> dict[str, Any]:
    """The tousu complaint of a CFPB row (the mapping of the module docstring). ``stand_in=False``
    leaves out the complainant the CFPB does not publish; ``referral_forwarded_on`` names the
    column a referral's forwarding date comes from."""
    cid = row["Complaint ID"]
    via = row["Submitted via"]
    channel: Any
    if via == "Referral":
        channel = {
            "regulator_forwarded": {
                "body": REFERRAL_BODY,
                "reference": cid,
                "forwarded_on": parse_date(row[referral_forwarded_on]),
                "report_back_required": True,
            }
        }
    else:
        channel = CHANNELS[via]
    tags = [TAGS[t.strip()] for t in row["Tags"].split(",") if t.strip()]
    if via == "Fax":
        tags.append("submitted_by_fax")
    complainant: dict[str, Any] = {}
    if stand_in:
        complainant = {
            "name": f"CFPB consumer {cid}",
            "contact": {"address": f"via the CFPB company portal, complaint {cid}"},
        }
    data: dict[str, Any] = {
        "id": cid,
        "kind": "complaint",
        "channel": channel,
        "complainant": complainant,
        "receiver": RECEIVER,
        "branch": row["Company"],
        "received_at": received_at(row),
        "matter": row["Issue"],
        "facts": {"account": row[NARRATIVE] or row["Sub-issue"]},
        "demand": DEMAND,
        "category": category_code(row["Product"], row["Issue"]),
    }
    if tags:
        data["tags"] = tags
    return data


@dataclass
class Loaded:
    """The rows of one mapping: the complaints that loaded (with their rows) and the refusals."""

    complaints: list[tuple[Row, tousu.Complaint]]
    refused: list[tuple[Row, tousu.TousuError]]


def load(rows: Sequence[Row], **mapping: Any) -> Loaded:
    out = Loaded([], [])
    for row in rows:
        try:
            out.complaints.append((row, tousu.Complaint.from_dict(complaint_dict(row, **mapping))))
        except tousu.TousuError as err:
            out.refused.append((row, err))
    return out


def reasons(refused: Iterable[tuple[Row, tousu.TousuError]]) -> Counter[str]:
    """Each refusal's code and its field problems, long values cut to their message's shape."""
    found: Counter[str] = Counter()
    for _, err in refused:
        problems = getattr(err, "problems", ())
        if not problems:
            found[f"{err.code}: {err}"] += 1
        for path, problem in problems:
            problem = re.sub(r"`[^`]*`|\d{4}-\d\d-\d\d(T[\d:.+-]+Z?)?", "…", problem)
            found[f"{err.code}: {path}: {problem}"] += 1
    return found


def registered(complaint: tousu.Complaint) -> tousu.Case:
    return tousu.Case.register(complaint, tousu.Event("registered", at=complaint.received_at, actor=RECEIVER))


def as_of(rows: Iterable[Row]) -> dt.datetime:
    """17:00 New York time on the last ``Date sent to company`` of the rows."""
    return dt.datetime.combine(max(r.sent for r in rows), dt.time(17), NEW_YORK)


def print_counts(title: str, counts: Counter[str]) -> None:
    print(title)
    for key, n in counts.most_common():
        print(f"  {n:6,}  {key}")


def main(argv: Sequence[str]) -> None:
    started = time.perf_counter()
    files = [Path(a) for a in argv] or data_files()
    rows_by_file = {f.name: read_rows(f) for f in files}
    rows = [r for rs in rows_by_file.values() for r in rs]
    print(f"{len(rows):,} CFPB records from {', '.join(f'{n} ({len(rs):,})' for n, rs in rows_by_file.items())}")
    if not all(f.parent == SHARED for f in files):
        print(f"(the full exports are not in {SHARED}: these are the excerpts)")

    taxonomy = tousu.Taxonomy.from_toml(taxonomy_toml(rows), file="cfpb taxonomy (generated)")
    print(f"taxonomy {taxonomy.id}: {len(taxonomy)} categories from the data's products and issues\n")

    strict = load(rows, stand_in=False)
    print(f"strict mapping (no complainant name or contact: the CFPB publishes neither): {len(strict.complaints):,} load")
    print_counts("  refused, by reason (one row may have several):", reasons(strict.refused))

    loaded = load(rows)
    print(
        f"\nwith the stand-in complainant ('CFPB consumer <id>', reached via the CFPB portal): "
        f"{len(loaded.complaints):,} of {len(rows):,} load, {len(loaded.refused):,} refused"
    )
    print_counts("  refused, by reason:", reasons(loaded.refused))
    referrals = [r for r, _ in loaded.complaints if r["Submitted via"] == "Referral"]
    sent_later = load(referrals, referral_forwarded_on="Date sent to company")
    print(f"  of the {len(referrals):,} referrals that load, with forwarded_on = 'Date sent to company' instead of")
    print_counts("  'Date received', these would be refused:", reasons(sent_later.refused))
    complaints = [c for _, c in loaded.complaints]
    print_counts("\nloaded, by 'Submitted via' -> channel:", Counter(f"{r['Submitted via']} -> {c.channel}" for r, c in loaded.complaints))
    print_counts("loaded, by CFPB product:", Counter(r["Product"] for r, _ in loaded.complaints))

    rules = tousu.RuleSet.from_toml(rules_toml(taxonomy), taxonomy=taxonomy, file="cfpb.py rules")
    decisions = rules.route_many(complaints)
    assert all(d.routed for d in decisions)
    print_counts("\ndecisions, by role:", Counter(d.handler or "(none)" for d in decisions))
    print_counts("decisions, by department:", Counter(d.department or "(none)" for d in decisions))
    print_counts("obligations:", Counter(o for d in decisions for o in d.obligations))

    policy = tousu.Policy.preset("us.cfpb")
    calendar = tousu.WorkCalendar.builtin(policy.calendar)
    frames = []
    for name, file_rows in rows_by_file.items():
        cases = [registered(c) for r, c in loaded.complaints if r.source == name]
        if cases:
            now = as_of(file_rows)
            frame = policy.deadlines_frame(cases, calendar, now)
            frame["file"] = f"{name} as of {now:%Y-%m-%d}"
            frames.append(frame)
    deadlines = pd.concat(frames, ignore_index=True)
    response = deadlines[deadlines["milestone"] == "response"]
    due = response["due"]
    print(f"\nus.cfpb deadlines of {len(response):,} cases, as of 17:00 New York on each file's last 'Date sent to company'")
    statuses = Counter(f"{f}: {m} {s}" for f, m, s in zip(deadlines["file"], deadlines["milestone"], deadlines["status"]))
    print_counts("  by milestone and status (no response is ever met: the export dates none):", statuses)
    offsets_differ = int((response["started"].map(lambda t: t.utcoffset()) != due.map(lambda t: t.utcoffset())).sum())
    weekday = Counter(t.strftime("%A") for t in due)
    days = np.array([t.date() for t in due], dtype="datetime64[D]")
    rest = int((~calendar.is_working_day(days)).sum())
    print(f"  response due: {due.min()} .. {due.max()}")
    print(f"  response due on a US rest day (weekend or federal holiday; calendar days do not move): {rest:,}")
    print(f"  response due by weekday: {dict(weekday.most_common())}")
    print(f"  a DST change between receipt and response due (the offsets differ): {offsets_differ:,}")
    timely = Counter(r["Timely response?"] for r, _ in loaded.complaints)
    print(f"  the CFPB's own 'Timely response?' on these rows: {dict(timely)}")
    print(f"\n{time.perf_counter() - started:.2f} s")


if __name__ == "__main__":
    main(sys.argv[1:])
