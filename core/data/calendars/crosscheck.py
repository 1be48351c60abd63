#!/usr/bin/env python3
"""Cross-check of the built-in calendars CN, XSHG, XSHE, GB-EAW and US (2004-2026).

Documents how the data in this directory was verified; CI does not run it.

    python3 crosscheck.py                 # structural checks only (stdlib, Python 3.11+)
    python3 crosscheck.py --packages      # + day-by-day comparison with third-party data

With --packages it compares every date of every covered year against
  * chinesecalendar (import chinese_calendar; LKI/chinese-calendar)   -> CN working days
  * holidays (python-holidays, holidays.China().is_working_day)        -> CN working days
  * exchange_calendars (XSHG precomputed holidays)                     -> XSHG and XSHE trading days
  * akshare's bundled akshare/file_fold/calendar.json (Sina's SSE
    trading calendar, read as a plain file; akshare is not imported)   -> XSHG and XSHE trading days
  * holidays: country_holidays("GB", subdiv="ENG") and
    financial_holidays("XLON") (London Stock Exchange)                 -> GB-EAW business days
  * holidays: US(categories=("government",)), the federal holidays
    on their observed dates plus the executive-order closures          -> US federal working days
  * optionally gov.uk's bank-holidays.json (--govuk-json: its
    "england-and-wales" events, for the years the file covers)         -> GB-EAW business days
Install them into a throwaway virtualenv, never into the project's environment:

    python3 -m venv /tmp/ccvenv
    /tmp/ccvenv/bin/pip install chinesecalendar exchange_calendars holidays
    /tmp/ccvenv/bin/pip download --no-deps -d /tmp/ak akshare
    (cd /tmp/ak && unzip -o -q akshare-*.whl 'akshare/file_fold/calendar.json')
    /tmp/ccvenv/bin/python crosscheck.py --packages --akshare-calendar /tmp/ak/akshare/file_fold/calendar.json \
        --govuk-json /tmp/bank-holidays.json     # optional: a saved copy of https://www.gov.uk/bank-holidays.json

Every disagreement must be listed in RESOLVED below with the reason, taken from the primary
notice, proclamation or executive order; an unlisted disagreement (or a listed one that no longer
occurs) fails the run.
Exit status: 0 when every check passes and every disagreement is resolved, 1 otherwise.
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
import tomllib
from pathlib import Path

HERE = Path(__file__).resolve().parent
CODES = ("CN", "XSHG", "XSHE", "GB-EAW", "US")
# Codes whose files list weekday rest days only and never an extra working day.
WEEKDAY_ONLY = ("XSHG", "XSHE", "GB-EAW", "US")
UTC_OFFSET = {"CN": "+08:00", "XSHG": "+08:00", "XSHE": "+08:00", "GB-EAW": "+00:00", "US": "-05:00"}
# Plausible number of working (CN, GB-EAW, US) or trading (exchange) days in a year.  CN: 261 +/- 1
# weekdays, minus the weekday holidays, plus the make-up days.  Exchanges lose the weekday
# holidays and gain nothing back, so years with many mid-week holidays (2013: 238) sit lower.
# GB-EAW: 8 bank holidays, 9-10 in years with special ones (2022: 250).  US: 10-11 legal public
# holidays (one may be observed in the year before) plus up to 3 executive-order closures.
PLAUSIBLE = {"CN": (245, 252), "XSHG": (236, 248), "XSHE": (236, 248), "GB-EAW": (248, 255), "US": (245, 252)}

# (source, calendar, date) -> (what the source says, why the data is right).  Keys use the
# source names printed by this script.
RESOLVED: dict[tuple[str, str, str], str] = {
    ("chinese_calendar", "CN", "2005-12-31"): (
        "chinese_calendar says rest day (plain Saturday); the 2006 notice (国办发明电〔2005〕35号) says "
        "\"12月31日(星期六)上班\" for 元旦 2006, so 2005-12-31 was a make-up working day. "
        "python-holidays agrees with the data."
    ),
    ("python-holidays-us-government", "US", "2009-12-24"): (
        "python-holidays lists \"Christmas Eve (half-day closing)\" in its government category. Executive "
        "Order 13523 of 11 December 2009 closed the executive departments for the last half of the scheduled "
        "workday only, so the day was a working day (the calendar decides whole days)."
    ),
    ("python-holidays-us-government", "US", "2015-12-24"): (
        "python-holidays lists \"Christmas Eve (half-day closing)\" in its government category. Executive "
        "Order 13713 of 11 December 2015 closed the executive departments for the last half of the scheduled "
        "workday only, so the day was a working day (the calendar decides whole days)."
    ),
}


def load(code: str) -> dict:
    with open(HERE / f"{code}.toml", "rb") as f:
        return tomllib.load(f)


class Calendar:
    def __init__(self, code: str, doc: dict):
        self.code = code
        self.doc = doc
        cal = doc["calendar"]
        self.first, self.last = cal["first_year"], cal["last_year"]
        self.weekmask = cal["weekmask"]
        self.rest: set[dt.date] = set()
        self.extra: set[dt.date] = set()
        for y in doc["year"]:
            self.rest.update(y["rest_days"])
            self.extra.update(y["extra_working_days"])

    def is_working(self, d: dt.date) -> bool:
        """Working (CN) / trading (exchange) day, per the README semantics."""
        if not (self.first <= d.year <= self.last):
            raise ValueError(f"{self.code}: {d} is outside coverage {self.first}-{self.last}")
        by_mask = self.weekmask[d.weekday()] == "1"
        return (by_mask and d not in self.rest) or d in self.extra

    def days(self):
        d = dt.date(self.first, 1, 1)
        while d.year <= self.last:
            yield d
            d += dt.timedelta(days=1)


def structural(cals: dict[str, Calendar]) -> list[str]:
    errors: list[str] = []
    for code, c in cals.items():
        cal = c.doc["calendar"]
        for key, want in (("code", code), ("utc_offset", UTC_OFFSET[code]), ("weekmask", "1111100")):
            if cal.get(key) != want:
                errors.append(f"{code}: calendar.{key} = {cal.get(key)!r}, want {want!r}")
        for key in ("name", "name_zh", "first_year", "last_year"):
            if key not in cal:
                errors.append(f"{code}: calendar.{key} missing")
        years = [y["year"] for y in c.doc["year"]]
        if years != list(range(c.first, c.last + 1)):
            errors.append(f"{code}: [[year]] entries {years} are not exactly {c.first}..{c.last} in order")
        for y in c.doc["year"]:
            yr = y["year"]
            if not str(y.get("source", "")).strip():
                errors.append(f"{code} {yr}: empty source")
            for field in ("rest_days", "extra_working_days"):
                ds = y[field]
                if any(not isinstance(d, dt.date) or isinstance(d, dt.datetime) for d in ds):
                    errors.append(f"{code} {yr}: {field} holds a non-date value")
                    continue
                if ds != sorted(ds):
                    errors.append(f"{code} {yr}: {field} not in date order")
                if len(set(ds)) != len(ds):
                    errors.append(f"{code} {yr}: {field} has duplicates")
                for d in ds:
                    if d.year != yr:
                        errors.append(f"{code} {yr}: {field} has {d}, outside its year")
            both = set(y["rest_days"]) & set(y["extra_working_days"])
            if both:
                errors.append(f"{code} {yr}: both rest and extra working: {sorted(both)}")
            for d in y["extra_working_days"]:
                if d.weekday() < 5:
                    errors.append(f"{code} {yr}: extra working day {d} is not a Saturday or Sunday")
            if code in WEEKDAY_ONLY:
                if y["extra_working_days"]:
                    errors.append(f"{code} {yr}: no weekend day is ever a working day here; extra_working_days must be []")
                for d in y["rest_days"]:
                    if d.weekday() >= 5:
                        errors.append(f"{code} {yr}: rest day {d} is a weekend day (this file lists weekdays only)")
            n = sum(1 for d in _year_days(yr) if c.is_working(d))
            lo, hi = PLAUSIBLE[code]
            if not lo <= n <= hi:
                errors.append(f"{code} {yr}: {n} working days, outside the plausible {lo}-{hi}")
    # Relations between the calendars (expected from the rules, checked, not assumed).
    cn, sh = cals["CN"], cals["XSHG"]
    for d in cn.days():
        if d.weekday() < 5 and not cn.is_working(d) and sh.is_working(d):
            errors.append(f"XSHG trades on {d}, a statutory weekday holiday")
        if d.weekday() >= 5 and sh.is_working(d):
            errors.append(f"XSHG trades on weekend day {d}")
    return errors


def _year_days(y: int):
    d = dt.date(y, 1, 1)
    while d.year == y:
        yield d
        d += dt.timedelta(days=1)


def per_year_counts(cals: dict[str, Calendar]) -> str:
    lines = ["year   CN  XSHG  XSHE   GB-EAW       US   (working / trading days; GB-EAW, US: rest weekdays in brackets)"]
    for y in range(cals["CN"].first, cals["CN"].last + 1):
        row = [sum(1 for d in _year_days(y) if cals[c].is_working(d)) for c in CODES]
        off = {c: sum(1 for d in _year_days(y) if d.weekday() < 5 and not cals[c].is_working(d)) for c in ("GB-EAW", "US")}
        lines.append(f"{y}  {row[0]:3d}  {row[1]:4d}  {row[2]:4d}   {row[3]:3d} ({off['GB-EAW']:2d})  {row[4]:3d} ({off['US']:2d})")
    return "\n".join(lines)


def compare(cals: dict[str, Calendar], akshare_calendar: str | None, govuk_json: str | None = None):
    """Yield (source, calendar code, date, ours, theirs) for every compared date."""
    sources = []
    only_years: dict[str, set[int]] = {}  # source name -> the years it covers, when not all of them
    try:
        import chinese_calendar  # type: ignore

        sources.append(("chinese_calendar", ("CN",), chinese_calendar.is_workday))
    except ImportError:
        print("  (chinese_calendar not installed: skipped)")
    try:
        import holidays  # type: ignore

        cn_h = holidays.China(years=range(cals["CN"].first, cals["CN"].last + 1))
        sources.append(("python-holidays", ("CN",), cn_h.is_working_day))
        # GB-EAW: the England subdivision (England and Wales share their bank holidays), and the
        # London Stock Exchange, which closes on the England and Wales bank holidays.
        gb = cals["GB-EAW"]
        eng = holidays.country_holidays("GB", subdiv="ENG", years=range(gb.first, gb.last + 1))
        sources.append(("python-holidays-gb-eng", ("GB-EAW",), lambda d, h=eng: d.weekday() < 5 and d not in h))
        xlon = holidays.financial_holidays("XLON", years=range(gb.first, gb.last + 1))
        sources.append(("python-holidays-xlon", ("GB-EAW",), lambda d, h=xlon: d.weekday() < 5 and d not in h))
        # US: the "government" category is the federal holidays on their observed dates plus the
        # executive-order closures (the default "public" category leaves the closures out).  One
        # year either side, so that a 31 December observance of 1 January is present.
        us = cals["US"]
        usg = holidays.US(years=range(us.first - 1, us.last + 2), categories=("government",))
        sources.append(("python-holidays-us-government", ("US",), lambda d, h=usg: d.weekday() < 5 and d not in h))
    except ImportError:
        print("  (holidays not installed: skipped)")
    try:
        from exchange_calendars.exchange_calendar_xshg import precomputed_shanghai_holidays  # type: ignore

        closed = {ts.date() for ts in precomputed_shanghai_holidays}
        sources.append(("exchange_calendars", ("XSHG", "XSHE"), lambda d: d.weekday() < 5 and d not in closed))
    except ImportError:
        print("  (exchange_calendars not installed: skipped)")
    if akshare_calendar:
        raw = json.loads(Path(akshare_calendar).read_text())
        trading = {dt.date(int(s[:4]), int(s[4:6]), int(s[6:8])) for s in raw}
        sources.append(("akshare-sina", ("XSHG", "XSHE"), lambda d: d in trading))
    if govuk_json:
        raw = json.loads(Path(govuk_json).read_text())
        bank = {dt.date.fromisoformat(e["date"]) for e in raw["england-and-wales"]["events"]}
        only_years["gov.uk"] = {d.year for d in bank}
        sources.append(("gov.uk", ("GB-EAW",), lambda d: d.weekday() < 5 and d not in bank))
    for name, codes, fn in sources:
        for code in codes:
            c = cals[code]
            for d in c.days():
                if name in only_years and d.year not in only_years[name]:
                    continue
                yield name, code, d, c.is_working(d), bool(fn(d))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--packages", action="store_true", help="compare with the third-party packages")
    ap.add_argument("--akshare-calendar", help="path to akshare/file_fold/calendar.json")
    ap.add_argument("--govuk-json", help="path to a saved copy of https://www.gov.uk/bank-holidays.json")
    args = ap.parse_args()

    cals = {code: Calendar(code, load(code)) for code in CODES}
    errors = structural(cals)
    print(per_year_counts(cals))
    rc = 0
    if errors:
        rc = 1
        print(f"\nSTRUCTURAL: {len(errors)} problem(s)")
        for e in errors:
            print("  " + e)
    else:
        print("\nSTRUCTURAL: ok (format, coverage, order, year bounds, weekend make-up days, "
              "no rest/extra overlap, weekday-only rest days where required, plausible counts, "
              "XSHG closed on every statutory weekday holiday)")

    # XSHE against XSHG: the two exchanges follow the same CSRC notice; report any difference.
    diff = [d for d in cals["XSHG"].days() if cals["XSHG"].is_working(d) != cals["XSHE"].is_working(d)]
    print(f"XSHE vs XSHG: {len(diff)} differing dates" + (f": {diff}" if diff else ""))

    if args.packages or args.akshare_calendar or args.govuk_json:
        print("\nPACKAGES:")
        compared = 0
        per_source: dict[str, int] = {}
        found: dict[tuple[str, str, str], tuple[bool, bool]] = {}
        for name, code, d, ours, theirs in compare(cals, args.akshare_calendar, args.govuk_json):
            compared += 1
            per_source[f"{name}/{code}"] = per_source.get(f"{name}/{code}", 0) + 1
            if ours != theirs:
                found[(name, code, d.isoformat())] = (ours, theirs)
        for k, n in per_source.items():
            print(f"  {k}: {n} dates")
        unresolved = [k for k in found if k not in RESOLVED]
        stale = [k for k in RESOLVED if k not in found and any(s.startswith(k[0] + "/") for s in per_source)]
        for k, (ours, theirs) in sorted(found.items()):
            tag = "resolved" if k in RESOLVED else "UNRESOLVED"
            print(f"  {tag}: {k[0]} {k[1]} {k[2]}: data={'working' if ours else 'rest'}, "
                  f"{k[0]}={'working' if theirs else 'rest'}" + (f"\n      -> {RESOLVED[k]}" if k in RESOLVED else ""))
        for k in stale:
            print(f"  STALE resolution (no longer disagrees): {k}")
        print(f"\n{compared} dates compared, {len(unresolved)} disagreement(s) after resolution "
              f"({len(found)} found, {len(found) - len(unresolved)} resolved in RESOLVED).")
        if unresolved or stale:
            rc = 1
    return rc


if __name__ == "__main__":
    sys.exit(main())
