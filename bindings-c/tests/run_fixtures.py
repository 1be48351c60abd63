#!/usr/bin/env python3
"""Runs the shared fixture corpus (tests/testdata/*.toml) through the C ABI: complaints,
lifecycle cases, calendar questions, deadlines and routing decisions.

C cannot read TOML, so this script reads the fixtures and asks ``fixture_runner`` (compiled
from ``fixture_runner.c``, which documents the protocol) what libtousu says about each text;
then it compares the answers with the expectations. The runner only forwards: every verdict
comes from the library, every expectation from the fixture file.

Usage::

    run_fixtures.py [--testdata DIR] -- RUNNER_COMMAND...

for example ``-- valgrind --error-exitcode=1 --leak-check=full ./fixture_runner``. Prints one
line per failed fixture and a last line ``c-fixtures: N passed, M failed``; exits non-zero on
any failure, or when the runner exits non-zero (valgrind's verdict on leaks and errors).

Python 3.11 standard library only.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import subprocess
import sys
import tomllib
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
INVALID_COMPLAINT = "TOUSU_STATUS_INVALID_COMPLAINT"


class RunnerError(Exception):
    """The runner died or broke the protocol: no further fixture can be trusted."""


class Runner:
    """The fixture_runner process, one request and one reply at a time."""

    def __init__(self, command: list[str]) -> None:
        self.proc = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE)

    def ask(self, command: str, payload: str = "") -> list[str]:
        data = payload.encode("utf-8")
        assert self.proc.stdin is not None and self.proc.stdout is not None
        try:
            self.proc.stdin.write(f"{command} {len(data)}\n".encode() + data + b"\n")
            self.proc.stdin.flush()
        except BrokenPipeError as e:
            raise RunnerError(f"runner closed its input during `{command}`") from e
        line = self.proc.stdout.readline()
        if not line.endswith(b"\n"):
            raise RunnerError(f"runner gave no reply to `{command}`")
        reply = line.decode("utf-8").rstrip("\n").split("\t")
        if reply[0] not in ("ok", "refused", "fail"):
            raise RunnerError(f"runner replied {reply!r} to `{command}`")
        return reply

    def close(self) -> int:
        assert self.proc.stdin is not None
        try:
            self.proc.stdin.close()
        except BrokenPipeError:
            pass
        return self.proc.wait()


def refusal_problem(reply: list[str], expect_error: str) -> str | None:
    """None when the reply is the refusal expected, else what it was instead."""
    if reply[0] != "refused" or reply[1] != expect_error:
        return f"expected {expect_error}, {describe(reply)}"
    return None


def describe(reply: list[str]) -> str:
    """A reply for a failure message."""
    if reply[0] == "ok":
        return "accepted" + (f" (stage {reply[1]})" if len(reply) > 1 else "")
    if reply[0] == "refused":
        fields = f" fields {reply[3:]}" if len(reply) > 3 else ""
        return f"refused with {reply[1]}{fields}: {reply[2]}"
    return f"runner check failed: {reply[1]}"


def check_complaint(runner: Runner, fixture: dict) -> str | None:
    """None when the complaint fixture holds, else what went wrong."""
    expect_error = fixture.get("expect_error")
    expect_fields = fixture.get("expect_fields")
    if expect_fields is not None and expect_error != INVALID_COMPLAINT:
        return f"bad fixture: expect_fields without expect_error = {INVALID_COMPLAINT!r}"
    reply = runner.ask("complaint", fixture["json"])
    if reply[0] == "fail":
        return describe(reply)
    if expect_error is None:
        return None if reply[0] == "ok" else f"expected valid, {describe(reply)}"
    if reply[0] != "refused" or reply[1] != expect_error:
        return f"expected {expect_error}, {describe(reply)}"
    if expect_fields is not None and reply[3:] != list(expect_fields):
        return f"expected fields {list(expect_fields)}, got {reply[3:]}"
    return None


def check_case(runner: Runner, fixture: dict, complaints: dict[str, str]) -> str | None:
    """None when the lifecycle fixture holds, else what went wrong.

    events[0] registers the case and the rest are applied in order. Without expect_error every
    event is accepted; with it, every event but the last is accepted and the last is refused
    with that status (when that is the registration there is no case, and no expect_stage).
    The stage after all accepted events is expect_stage. Every case also round-trips.
    """
    events = fixture.get("events", [])
    expect_error = fixture.get("expect_error")
    expect_stage = fixture.get("expect_stage")
    if not events:
        return "bad fixture: no events"
    if fixture.get("complaint") not in complaints:
        return f"bad fixture: no complaint {fixture.get('complaint')!r} in [complaints]"
    registration_refused = expect_error is not None and len(events) == 1
    if registration_refused and expect_stage is not None:
        return "bad fixture: the registration is refused, so there is no case and no expect_stage"
    if not registration_refused and expect_stage is None:
        return "bad fixture: expect_stage is missing"

    reply = runner.ask("complaint", complaints[fixture["complaint"]])
    if reply[0] != "ok":
        return f"complaint {fixture['complaint']!r}: {describe(reply)}"
    for i, event in enumerate(events):
        reply = runner.ask("register" if i == 0 else "apply", event)
        last = i == len(events) - 1
        if reply[0] == "fail":
            return f"event {i}: {describe(reply)}"
        if last and expect_error is not None:
            if reply[0] != "refused" or reply[1] != expect_error:
                return f"event {i}: expected {expect_error}, {describe(reply)}"
        elif reply[0] != "ok":
            return f"event {i}: expected accepted, {describe(reply)}"
    if registration_refused:
        return None
    reply = runner.ask("stage")
    if reply[0] != "ok" or len(reply) < 2:
        return f"stage: {describe(reply)}"
    if reply[1] != expect_stage:
        return f"expected stage {expect_stage!r}, the case is at {reply[1]!r}"
    reply = runner.ask("roundtrip")
    if reply[0] != "ok":
        return f"case file round trip: {describe(reply)}"
    return None


def calendar_request(kind: str, f: dict) -> tuple[str, str, str]:
    """The runner command, its payload and the expected reply answer of a calendar fixture."""
    cal = f["calendar"]
    if kind == "day":
        return "day", f"{cal}\t{f['date']}", "true" if f["working"] else "false"
    if kind == "add":
        expect = f.get("expect")
        return "add", f"{cal}\t{f['from']}\t{f['n']}", str(expect) if expect is not None else f["expect_error"]
    if kind == "between":
        return "between", f"{cal}\t{f['from']}\t{f['to']}", str(f["expect"])
    if kind == "period":
        return "period", f"{cal}\t{f['start']}\t{f['days']}", str(f["expect"])
    return "nth", f"{cal}\t{f['year']}\t{f['month']}\t{f['n']}", str(f["expect"])


def check_calendar(runner: Runner, kind: str, fixture: dict) -> str | None:
    """None when the calendar fixture holds, else what went wrong. An expected answer that
    starts with TOUSU_STATUS_ is an expected refusal."""
    command, payload, expect = calendar_request(kind, fixture)
    reply = runner.ask(command, payload)
    if reply[0] == "fail":
        return describe(reply)
    if expect.startswith("TOUSU_STATUS_"):
        if reply[0] != "refused" or reply[1] != expect:
            return f"expected {expect}, {describe(reply)}"
        return None
    if reply[0] != "ok" or len(reply) < 2:
        return f"expected {expect}, {describe(reply)}"
    if reply[1] != expect:
        return f"expected {expect}, got {reply[1]} ({fixture.get('why', '')})"
    return None


CALENDAR_KINDS = ("day", "add", "between", "period", "nth")

# The fields of a deadline in the runner's reply, in order.
DEADLINE_FIELDS = ("milestone", "status", "unit", "due", "met_at", "met_by", "elapsed", "remaining",
                   "paused", "paused_time", "extensions", "extensions_over_limit")
COUNTS = ("paused", "extensions", "extensions_over_limit")
SECONDS = ("elapsed", "remaining", "paused_time")


def unix(text: str | None) -> int | None:
    """Unix seconds of an RFC 3339 instant (None for None): instants compare whatever the offset."""
    return None if text is None else int(dt.datetime.fromisoformat(text).timestamp())


def parse_deadline(field: str) -> dict:
    """A deadline of the runner's reply, with instants as Unix seconds or None."""
    values = dict(zip(DEADLINE_FIELDS, field.split(",")))
    parsed: dict = {"milestone": values["milestone"], "status": values["status"], "unit": values["unit"]}
    for key in ("due", "met_at"):
        parsed[key] = None if values[key] == "-" else int(values[key])
    parsed["met_by"] = None if values["met_by"] == "-" else values["met_by"]
    for key in SECONDS + COUNTS:
        parsed[key] = int(values[key])
    return parsed


def from_json(item: dict) -> dict:
    """A deadline of core's JSON form, in the shape of parse_deadline's."""
    parsed = {key: item[key] for key in ("milestone", "status", "unit", "met_by") + SECONDS}
    parsed["due"], parsed["met_at"] = unix(item["due"]), unix(item["met_at"])
    for key in COUNTS:
        parsed[key] = len(item[key])
    return parsed


def deadline_problem(got: dict, expect: dict) -> str | None:
    """None when a typed deadline meets the fixture's expectation for its milestone."""
    if got["status"] != expect["status"]:
        return f"status is {got['status']}, expected {expect['status']}"
    if got["due"] != unix(expect.get("due")):
        return f"due is {got['due']}, expected {expect.get('due')} ({unix(expect.get('due'))})"
    if "met_at" in expect and got["met_at"] != unix(expect["met_at"]):
        return f"met_at is {got['met_at']}, expected {expect['met_at']}"
    for key in SECONDS + COUNTS:
        if key in expect and got[key] != expect[key]:
            return f"{key} is {got[key]}, expected {expect[key]}"
    return None


def check_deadlines(runner: Runner, fixture: dict, complaints: dict[str, str]) -> str | None:
    """None when the deadline fixture holds through the C API, else what went wrong.

    The case is built from the complaint (with the fixture's received_at) and its events; the
    typed deadlines must meet every expectation, and the JSON form must say the same as the
    typed one for every milestone.
    """
    if fixture.get("complaint") not in complaints:
        return f"bad fixture: no complaint {fixture.get('complaint')!r} in [complaints]"
    complaint = json.loads(complaints[fixture["complaint"]])
    if "received_at" in fixture:
        complaint["received_at"] = fixture["received_at"]
    reply = runner.ask("complaint", json.dumps(complaint, ensure_ascii=False))
    if reply[0] != "ok":
        return f"complaint {fixture['complaint']!r}: {describe(reply)}"
    for i, event in enumerate(fixture["events"]):
        reply = runner.ask("register" if i == 0 else "apply", event)
        if reply[0] != "ok":
            return f"event {i}: {describe(reply)}"
    payload = f"{fixture['policy']}\t{fixture.get('calendar', '')}\t{unix(fixture['now'])}"
    reply = runner.ask("deadlines", payload)
    expect_error = fixture.get("expect_error")
    if expect_error is not None:
        return refusal_problem(reply, expect_error)
    if reply[0] != "ok":
        return f"expected deadlines, {describe(reply)}"
    typed = [parse_deadline(field) for field in reply[1:-1]]
    as_json = [from_json(item) for item in json.loads(reply[-1])]
    if typed != as_json:
        return f"the typed and JSON forms differ:\n  typed {typed}\n  json  {as_json}"
    by_id = {d["milestone"]: d for d in typed}
    for expect in fixture.get("expect", []):
        got = by_id.get(expect["milestone"])
        problem = "no such milestone" if got is None else deadline_problem(got, expect)
        if problem is not None:
            return f"{expect['milestone']}: {problem}"
    return None


# The typed decision's fields in the runner's reply, in order.
DECISION_FIELDS = ("handler", "department", "level", "policy", "escalate_to", "obligations", "matched", "deciding")
ACTIONS = ("handler", "department", "level", "policy", "escalate_to")


def parse_decision(field: str) -> dict:
    """The typed decision of a route reply: strings or None, obligations and matched as lists."""
    values = dict(zip(DECISION_FIELDS, field.split(",")))
    parsed: dict = {k: None if values[k] in ("-", "unset") else values[k] for k in ACTIONS + ("deciding",)}
    for key in ("obligations", "matched"):
        parsed[key] = [v for v in values[key].split("|") if v]
    return parsed


def typed_json_problem(typed: dict, decision: dict) -> str | None:
    """None when the typed decision says what core's JSON form says."""
    for key in ACTIONS:
        if typed[key] != decision[key]:
            return f"{key}: typed {typed[key]!r}, JSON {decision[key]!r}"
    if typed["obligations"] != decision["obligations"]:
        return f"obligations: typed {typed['obligations']}, JSON {decision['obligations']}"
    if sorted(typed["matched"]) != sorted(decision["matched"]):
        return f"matched: typed {typed['matched']}, JSON {decision['matched']}"
    first = decision["matched"][0] if decision["matched"] else None
    if typed["deciding"] != first:
        return f"deciding rule: typed {typed['deciding']!r}, JSON's first match {first!r}"
    return None


def routing_problem(fixture: dict, typed: dict, decision: dict, explanation: dict, text: str) -> str | None:
    """None when a decision meets every expectation of its fixture."""
    if "expect_matched" in fixture and decision["matched"] != fixture["expect_matched"]:
        return f"matched {decision['matched']}, expected {fixture['expect_matched']}"
    for key in ACTIONS:
        want = fixture.get(f"expect_{key}")
        got = typed[key] if typed[key] is not None else "none"
        if want is not None and want != got:
            return f"{key}: expected {want}, got {got}"
    if "expect_obligations" in fixture and sorted(typed["obligations"]) != sorted(fixture["expect_obligations"]):
        return f"obligations {typed['obligations']}, expected {fixture['expect_obligations']}"
    sources = explanation["actions"]["from"]
    for action, rule in fixture.get("expect_sources", {}).items():
        if sources.get(action) != rule:
            return f"{action} from {sources.get(action)!r}, expected {rule}"
    if "expect_passed_over" in fixture and explanation["passed_over"] != fixture["expect_passed_over"]:
        return f"passed over {explanation['passed_over']}, expected {fixture['expect_passed_over']}"
    for rule in decision["matched"]:
        if f"matched {rule}" not in text:
            return f"the explanation text does not name {rule}: {text}"
    if [m["id"] for m in explanation["matched"]] != decision["matched"]:
        return f"the explanation's rules {explanation['matched']} are not the decision's"
    return None


def check_routing(runner: Runner, fixture: dict, corpus: dict, loaded: set[str]) -> str | None:
    """None when the routing fixture holds through the C API, else what went wrong.

    The complaint is the named base with the patch's top-level fields replacing its own; the
    typed decision, the JSON form and the explanation must agree with each other and with
    every expectation.
    """
    name = fixture.get("rule_set")
    if name != "default" and name not in corpus.get("rule_sets", {}):
        return f"bad fixture: no rule set {name!r} in [rule_sets]"
    if fixture.get("complaint") not in corpus.get("complaints", {}):
        return f"bad fixture: no complaint {fixture.get('complaint')!r} in [complaints]"
    if name not in loaded:
        reply = runner.ask("rules", f"{name}\t{'' if name == 'default' else corpus['rule_sets'][name]}")
        if reply[0] != "ok":
            return f"rule set {name!r}: {describe(reply)}"
        loaded.add(name)
    complaint = json.loads(corpus["complaints"][fixture["complaint"]])
    complaint.update(json.loads(fixture.get("patch", "{}")))
    payload = "\t".join([name, ",".join(fixture.get("earlier_complaints", [])),
                         ",".join(fixture.get("attributes", [])), json.dumps(complaint, ensure_ascii=False)])
    reply = runner.ask("route", payload)
    expect_error = fixture.get("expect_error")
    if expect_error is not None:
        return refusal_problem(reply, expect_error)
    if reply[0] != "ok" or len(reply) != 5:
        return f"expected a decision, {describe(reply)}"
    typed, decision, explanation = parse_decision(reply[1]), json.loads(reply[2]), json.loads(reply[3])
    return typed_json_problem(typed, decision) or routing_problem(fixture, typed, decision, explanation, reply[4])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--testdata", type=Path, default=REPO / "tests" / "testdata",
                        help="directory holding complaints.toml, lifecycle.toml, calendar.toml, deadlines.toml and routing.toml")
    parser.add_argument("runner", nargs="+", help="the fixture_runner command (after --)")
    args = parser.parse_args()

    corpus = {}
    for name in ("complaints", "lifecycle", "calendar", "deadlines", "routing"):
        path = args.testdata / f"{name}.toml"
        with path.open("rb") as f:
            corpus[name] = tomllib.load(f)

    fixtures: list[tuple[str, str, dict]] = [
        ("complaints", f.get("name", "?"), f) for f in corpus["complaints"].get("complaint", [])
    ] + [("lifecycle", f.get("name", "?"), f) for f in corpus["lifecycle"].get("case", [])]
    complaints = corpus["lifecycle"].get("complaints", {})
    calendar_count = 0
    for kind in CALENDAR_KINDS:
        for i, f in enumerate(corpus["calendar"].get(kind, [])):
            fixtures.append((f"calendar.{kind}", f"{i}", f))
            calendar_count += 1
    if calendar_count < 280:
        print(f"FAIL: calendar.toml has {calendar_count} fixtures; the corpus shrank below 280")
        return 1
    deadline_cases = corpus["deadlines"].get("case", [])
    fixtures += [("deadlines", f.get("name", "?"), f) for f in deadline_cases]
    if len(deadline_cases) < 16:
        print(f"FAIL: deadlines.toml has {len(deadline_cases)} cases; the corpus shrank below 16")
        return 1
    routing_cases = corpus["routing"].get("case", [])
    fixtures += [("routing", f.get("name", "?"), f) for f in routing_cases]
    if len(routing_cases) < 32:
        print(f"FAIL: routing.toml has {len(routing_cases)} cases; the corpus shrank below 32")
        return 1

    passed = failed = 0
    seen: set[tuple[str, str]] = set()
    loaded_rule_sets: set[str] = set()  # compiled once in the runner, kept across resets
    runner = Runner(args.runner)
    try:
        for kind, name, fixture in fixtures:
            if (kind, name) in seen:
                problem: str | None = "bad fixture: the name is used twice"
            else:
                seen.add((kind, name))
                runner.ask("reset")
                if kind.startswith("calendar."):
                    problem = check_calendar(runner, kind.split(".", 1)[1], fixture)
                elif kind == "complaints":
                    problem = check_complaint(runner, fixture)
                elif kind == "routing":
                    problem = check_routing(runner, fixture, corpus["routing"], loaded_rule_sets)
                elif kind == "deadlines":
                    problem = check_deadlines(runner, fixture, corpus["deadlines"].get("complaints", {}))
                else:
                    problem = check_case(runner, fixture, complaints)
            if problem is None:
                passed += 1
            else:
                failed += 1
                print(f"FAIL {kind}/{name}: {problem}")
    except RunnerError as e:
        failed += len(fixtures) - passed - failed
        print(f"FAIL: {e}")
    code = runner.close()
    if code != 0:
        # Valgrind's verdict (errors or leaks) on the whole run counts as one more failure.
        print(f"FAIL: fixture_runner exited with status {code} (valgrind errors or leaks?)")
        failed += 1
    print(f"c-fixtures: {passed} passed, {failed} failed")
    return 0 if failed == 0 and code == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
