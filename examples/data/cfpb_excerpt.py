#!/usr/bin/env python3
"""Writes examples/data/cfpb_excerpt.csv and cfpb_excerpt_2014.csv: real CFPB complaint records
copied from the two exports in ../shared/data/cfpb (see README.md here for their source).

Every record is copied byte for byte (header line included, the 2014 file's CRLF line ends and
its short last record too), chosen so that the excerpt covers what the mapping of
examples/python/cfpb.py meets in the full files: every `Submitted via` value, every product,
every `Tags` value, every company response, narratives with new lines and with quotes, the
narrative longer than tousu's 20,000 characters, rows with neither narrative nor sub-issue,
rows without an issue, receipts whose 15 days cross a change of daylight-saving time, the first
and last dates; the rest are every n-th record. The choice is a pure function of the files.

    python3 examples/data/cfpb_excerpt.py [SOURCE_DIR]
"""

from __future__ import annotations

import csv
import datetime as dt
import sys
import zoneinfo
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
NEW_YORK = zoneinfo.ZoneInfo("America/New_York")


def records(path: Path) -> tuple[str, list[tuple[dict[str, str], str]]]:
    """The header line and every record as (fields, its text exactly as in the file)."""
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    reader = csv.reader(iter(lines))
    header = next(reader)
    out: list[tuple[dict[str, str], str]] = []
    start = reader.line_num
    for fields in reader:
        row = {name: (fields[i] if i < len(fields) else "") for i, name in enumerate(header)}
        out.append((row, "".join(lines[start : reader.line_num])))
        start = reader.line_num
    return lines[0], out


def day(text: str) -> dt.date:
    if "/" in text:
        month, d, year = text.split("/")
        return dt.date(int(year), int(month), int(d))
    return dt.date.fromisoformat(text)


def crosses_dst(row: dict[str, str]) -> bool:
    received = day(row["Date received"])
    at = dt.datetime.combine(received, dt.time(9), NEW_YORK)
    due = dt.datetime.combine(received + dt.timedelta(days=15), dt.time(23, 59, 59), NEW_YORK)
    return at.utcoffset() != due.utcoffset()


def choose(rows: list[dict[str, str]], size: int, wants: list[tuple[int, Callable[[dict[str, str]], bool]]]) -> list[int]:
    chosen: set[int] = set()
    for count, test in wants:
        hits = [i for i, r in enumerate(rows) if test(r) and i not in chosen]
        chosen.update(hits[:count])
    dates = [day(r["Date received"]) for r in rows]
    chosen.add(dates.index(min(dates)))
    chosen.add(dates.index(max(dates)))
    step = max(1, len(rows) // size)
    for i in range(0, len(rows), step):
        if len(chosen) >= size:
            break
        chosen.add(i)
    return sorted(chosen)


def by_value(rows: list[dict[str, str]], column: str, count: int) -> list[tuple[int, Callable[[dict[str, str]], bool]]]:
    values = sorted({r[column] for r in rows})
    return [(count, lambda r, v=v: r[column] == v) for v in values]


def write(source: Path, target: Path, size: int, extra: list[tuple[int, Callable[[dict[str, str]], bool]]], keep_last: bool) -> None:
    header, recs = records(source)
    rows = [r for r, _ in recs]
    wants = by_value(rows, "Submitted via", 3) + by_value(rows, "Product", 3) + extra
    for column in ("Tags", "Company response to consumer", "Company response", "Timely response?"):
        if column in rows[0]:
            wants += by_value(rows, column, 2)
    wants += [(6, crosses_dst), (3, lambda r: r["Date sent to company"] != r["Date received"])]
    picked = choose(rows, size, wants)
    if keep_last and len(recs) - 1 not in picked:
        picked.append(len(recs) - 1)
    with target.open("w", encoding="utf-8", newline="") as out:
        out.write(header)
        for i in picked:
            out.write(recs[i][1])
    print(f"{target.name}: {len(picked)} of {len(recs)} records of {source.name}")


def main() -> None:
    source = Path(sys.argv[1]) if len(sys.argv) > 1 else HERE.parents[2] / "shared" / "data" / "cfpb"
    narrative = "Consumer complaint narrative"
    write(
        source / "cfpb_complaints_sample_2015_2020.csv",
        HERE / "cfpb_excerpt.csv",
        200,
        [
            (10, lambda r: "\n" in r[narrative]),
            (5, lambda r: '"' in r[narrative]),
            (5, lambda r: len(r[narrative]) > 20_000),
            (5, lambda r: not r[narrative] and not r["Sub-issue"]),
            (12, lambda r: crosses_dst(r) and day(r["Date received"]).month < 6),
        ],
        keep_last=False,
    )
    write(
        source / "cfpb_complaints_2014_oct_nov.csv",
        HERE / "cfpb_excerpt_2014.csv",
        60,
        [(5, lambda r: not r["Issue"]), (5, lambda r: not r["Sub-issue"])],
        keep_last=True,  # the record of 13 fields
    )


if __name__ == "__main__":
    main()
