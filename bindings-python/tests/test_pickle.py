"""Every class pickles at every protocol and copies, so tousu runs under multiprocessing.

A built-in (``WorkCalendar.builtin``, ``Policy.preset``, ``Taxonomy.default``,
``RuleSet.default``) pickles as its constructor call; an object read from text pickles as
reading that text again (its ``file`` name, a rule set's taxonomy and a calendar's extensions
included), so unpickling validates as loading did; a ``Decision`` pickles as the routing that
made it, a ``Deadline`` as the ``Policy.deadlines`` call that gave it. An immutable object copies
as itself; a calendar or a case, through its pickle.
"""

from __future__ import annotations

import concurrent.futures
import copy
import datetime as dt
import json
import multiprocessing
import pickle
import tomllib
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pytest

import tousu
from casedata import CST, at, complaint_dict, happy_path, registration

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "core" / "data"
CALENDAR_TOML = (DATA / "calendars" / "CN.toml").read_text("utf-8")
POLICY_TOML = (DATA / "policies" / "cn-branch.toml").read_text("utf-8")
TAXONOMY_TOML = (DATA / "taxonomy" / "cn-securities.toml").read_text("utf-8")
RULES_TOML = (DATA / "rules" / "cn-seed.toml").read_text("utf-8")
DIRECTORY_TOML = (ROOT / "tests" / "testdata" / "staff_directory.toml").read_text("utf-8")
SAMPLE = ROOT / "examples" / "data" / "sample_cases.jsonl"

PROTOCOLS = range(pickle.HIGHEST_PROTOCOL + 1)
NOW = dt.datetime(2024, 3, 8, 12, 0, tzinfo=CST)

ACME_TOML = """\
[calendar]
code = "ACME"
name = "Acme"
first_year = 2024
last_year = 2024

[[year]]
year = 2024
source = "board resolution 2023-12"
rest_days = [2024-12-24]
"""
ACME_2025 = '[[year]]\nyear = 2025\nsource = "board resolution 2024-12"\nrest_days = [2025-12-24]\n'
ACME_2023 = '[[year]]\nyear = 2023\nsource = "board resolution 2022-12"\nrest_days = [2023-12-25]\n'
CN_2027 = '[[year]]\nyear = 2027\nsource = "2027 notice"\nrest_days = [2027-01-01]\n'


# --- the objects --------------------------------------------------------------------------------


def complaint(**overrides: Any) -> tousu.Complaint:
    return tousu.Complaint.from_dict(complaint_dict(**overrides))


def case() -> tousu.Case:
    c = tousu.Case.register(complaint(), registration())
    c.apply(tousu.Event("assigned", at=at(1, 10), actor="S001", handler="S010"))
    return c


def acme() -> tousu.WorkCalendar:
    """A custom calendar read from TOML and extended at both ends since."""
    calendar = tousu.WorkCalendar.from_toml(ACME_TOML, file="acme.toml")
    calendar.extend_from_toml(ACME_2025, file="acme-2025.toml")
    calendar.extend_from_toml(ACME_2023)
    return calendar


def custom_taxonomy() -> tousu.Taxonomy:
    return tousu.Taxonomy.from_toml(TAXONOMY_TOML, file="cn-securities.toml")


def custom_rules() -> tousu.RuleSet:
    return tousu.RuleSet.from_toml(RULES_TOML, taxonomy=custom_taxonomy(), file="cn-seed.toml")


def decision_with_context() -> tousu.Decision:
    return tousu.RuleSet.default().route(
        complaint(severity="major"),
        earlier_complaints=[dt.date(2024, 1, 5), dt.date(2024, 2, 1)],
        attributes=["elderly", "new_client"],
    )


def deadlines() -> list[tousu.Deadline]:
    return tousu.Policy.preset("cn.branch").deadlines(case(), tousu.WorkCalendar.builtin("CN"), NOW)


def custom_deadline() -> tousu.Deadline:
    """A deadline of a policy read from text on a calendar extended at run time."""
    calendar = tousu.WorkCalendar.builtin("CN")
    calendar.extend_from_toml(CN_2027)
    policy = tousu.Policy.from_toml(POLICY_TOML, file="cn-branch.toml")
    return policy.deadlines(case(), calendar, NOW)[3]


def directory_json() -> str:
    return json.dumps(tomllib.loads(DIRECTORY_TOML), ensure_ascii=False)


# --- what "the same" means ----------------------------------------------------------------------


def calendar_answers(c: tousu.WorkCalendar) -> tuple[Any, ...]:
    """Every day of the coverage: working or not, and the working day 3 after it."""
    first, last = c.coverage
    days = np.arange(f"{first}-01-01", f"{last}-12-20", dtype="datetime64[D]")
    return (
        c.code,
        c.name,
        c.coverage,
        repr(c),
        c.is_working_day(days).tolist(),
        c.add_working_days(days, 3).tolist(),
        c.working_days_between(dt.date(first, 1, 1), days).tolist(),
    )


def rules_answers(r: tousu.RuleSet) -> tuple[Any, ...]:
    complaints = [
        complaint(),
        complaint(severity="major"),
        complaint(severity="compensation", category="fees.commission"),
        complaint(
            channel={
                "regulator_forwarded": {
                    "body": "中国证监会深圳监管局",
                    "reference": "深证监投诉〔2024〕17号",
                    "forwarded_on": "2024-02-29",
                }
            }
        ),
    ]
    return (
        r.id,
        r.version,
        r.name,
        r.hit_policy,
        r.currency,
        r.rules,
        r.evaluation_order,
        r.roles,
        r.warnings,
        r.taxonomy,
        repr(r),
        [d.to_dict() for d in r.route_many(complaints)],
        [d.explain() for d in r.route_many(complaints)],
    )


def decision_answers(d: tousu.Decision) -> tuple[Any, ...]:
    return (d.to_dict(), d.to_json(), d.explain(), d.explanation(), d.complaint, d.sources, repr(d), hash(d))


def directory_answers(d: tousu.Directory) -> tuple[Any, ...]:
    rules = tousu.RuleSet.default()
    decision = rules.route(complaint(receiver="SZFT011", respondent={"person": "SZFT003"}))
    assigned = d.assign(decision)
    assert assigned == ["SZFT011", "SZFT002"]
    return (d.id, d.version, d.head_office, d.people, repr(d), assigned)


def equal(x: Any) -> Any:
    return x


# Every class: a factory of objects of it, and what must be the same after a round trip (the
# object itself for a class that compares by value).
CASES: dict[str, tuple[Callable[[], Any], Callable[[Any], Any]]] = {
    "complaint": (complaint, equal),
    "event": (lambda: tousu.Event("assigned", at=at(1, 10), actor="S001", handler="S010"), equal),
    "case": (case, equal),
    "calendar-builtin": (lambda: tousu.WorkCalendar.builtin("CN"), calendar_answers),
    "calendar-toml": (lambda: tousu.WorkCalendar.from_toml(ACME_TOML, file="acme.toml"), calendar_answers),
    "calendar-json": (
        lambda: tousu.WorkCalendar.from_json(
            '{"calendar": {"code": "J", "name": "J", "first_year": 2024, "last_year": 2024},'
            ' "year": [{"year": 2024, "source": "s", "rest_days": ["2024-05-02"]}]}'
        ),
        calendar_answers,
    ),
    "calendar-builtin-extended": (
        lambda: (lambda c: (c.extend_from_toml(CN_2027, file="2027.toml"), c)[1])(tousu.WorkCalendar.builtin("CN")),
        calendar_answers,
    ),
    "calendar-toml-extended": (acme, calendar_answers),
    "policy-preset": (lambda: tousu.Policy.preset("uk.fca.disp"), equal),
    "policy-toml": (lambda: tousu.Policy.from_toml(POLICY_TOML, file="cn-branch.toml"), equal),
    "deadline": (lambda: deadlines()[0], equal),
    "deadline-custom": (custom_deadline, equal),
    "taxonomy-default": (tousu.Taxonomy.default, equal),
    "taxonomy-toml": (custom_taxonomy, equal),
    "rules-default": (tousu.RuleSet.default, rules_answers),
    "rules-toml": (lambda: tousu.RuleSet.from_toml(RULES_TOML), rules_answers),
    "rules-toml-taxonomy": (custom_rules, rules_answers),
    "decision": (lambda: tousu.RuleSet.default().route(complaint()), decision_answers),
    "decision-context": (decision_with_context, decision_answers),
    "decision-custom-rules": (lambda: custom_rules().route(complaint(severity="compensation")), decision_answers),
    "directory-toml": (lambda: tousu.Directory.from_toml(DIRECTORY_TOML), directory_answers),
    "directory-json": (lambda: tousu.Directory.from_json(directory_json()), directory_answers),
    "assignment": (
        lambda: tousu.Directory.from_toml(DIRECTORY_TOML).assignment(
            tousu.RuleSet.default().route(complaint(receiver="SZFT011"))
        ),
        equal,
    ),
    "assignment-complaint-given": (
        lambda: tousu.Directory.from_toml(DIRECTORY_TOML).assignment(
            tousu.RuleSet.default().route(complaint(receiver="SZFT011")),
            complaint(receiver="SZFT011", respondent={"person": "SZFT011"}),
        ),
        equal,
    ),
}


def test_every_class_is_covered() -> None:
    classes = {type(make()) for make, _ in CASES.values()}
    exported = [getattr(tousu, name) for name in tousu.__all__]
    assert classes == {c for c in exported if isinstance(c, type) and c.__module__ == "tousu._tousu"}


@pytest.mark.parametrize("name", CASES)
@pytest.mark.parametrize("protocol", PROTOCOLS)
def test_round_trip_at_every_protocol(name: str, protocol: int) -> None:
    make, same = CASES[name]
    original = make()
    again = pickle.loads(pickle.dumps(original, protocol=protocol))
    assert type(again) is type(original)
    assert same(again) == same(original)


@pytest.mark.parametrize("name", CASES)
@pytest.mark.parametrize("how", [copy.copy, copy.deepcopy])
def test_copy_and_deepcopy(name: str, how: Callable[[Any], Any]) -> None:
    make, same = CASES[name]
    original = make()
    again = how(original)
    assert type(again) is type(original)
    assert same(again) == same(original)
    # An immutable object is its own copy (as a tuple or str is); the mutable ones, a calendar
    # (extend_from_toml) and a case (apply), are copied through their pickle.
    mutable = isinstance(original, (tousu.WorkCalendar, tousu.Case))
    assert (again is original) != mutable


def test_a_copied_rule_set_is_the_same_rule_set() -> None:
    """RuleSet compares by identity (and its decisions with it): a copy must not be another."""
    rules = custom_rules()
    d = rules.route(complaint())
    assert copy.deepcopy(rules) == rules and copy.deepcopy({"rules": rules})["rules"] is rules
    assert copy.deepcopy(d) == d and copy.copy([d])[0] == d


def test_the_classes_with_eq_round_trip_equal() -> None:
    for value in [tousu.Policy.preset("cn.firm"), custom_taxonomy(), *deadlines()]:
        assert pickle.loads(pickle.dumps(value)) == value
    # Read from the shipped text, a policy equals the preset (where it came from is not compared).
    assert tousu.Policy.from_toml(POLICY_TOML, file="x.toml") == tousu.Policy.preset("cn.branch")


# --- small and portable -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "call"),
    [
        (tousu.WorkCalendar.builtin("CN"), b"builtin"),
        (tousu.WorkCalendar.builtin("XSHG"), b"builtin"),
        (tousu.Policy.preset("cn.branch"), b"preset"),
        (tousu.Taxonomy.default(), b"default"),
        (tousu.RuleSet.default(), b"default"),
        (tousu.RuleSet.default().taxonomy, b"default"),
    ],
    ids=repr,
)
def test_a_builtin_pickles_as_its_constructor_call_not_its_data(value: Any, call: bytes) -> None:
    for protocol in PROTOCOLS:
        payload = pickle.dumps(value, protocol=protocol)
        assert len(payload) < 200, payload
        assert call in payload and b"from_toml" not in payload


def test_objects_read_from_text_pickle_as_that_text_with_its_file_name() -> None:
    calendar = tousu.WorkCalendar.from_toml(CALENDAR_TOML, file="CN.toml")
    payload = pickle.dumps(calendar)
    assert CALENDAR_TOML.encode() in payload and b"CN.toml" in payload
    # file= is kept: a tampered payload's error names it, as loading the text did.
    with pytest.raises(tousu.CalendarError) as err:
        pickle.loads(payload.replace(b"first_year = 2004", b"first_year = 2005"))
    assert err.value.file == "CN.toml"


def test_a_rule_set_carries_its_taxonomy() -> None:
    taxonomy = tousu.Taxonomy.from_toml(TAXONOMY_TOML.replace('name = "', 'name = "Custom ', 1), file="t.toml")
    rules = tousu.RuleSet.from_toml(RULES_TOML, taxonomy=taxonomy, file="r.toml")
    again = pickle.loads(pickle.dumps(rules))
    assert again.taxonomy == taxonomy and again.taxonomy.name.startswith("Custom ")
    assert again.taxonomy != tousu.Taxonomy.default()
    assert rules_answers(again) == rules_answers(rules)
    assert pickle.loads(pickle.dumps(rules.taxonomy)) == taxonomy


def test_decisions_of_one_rule_set_share_it_in_a_pickle() -> None:
    rules = custom_rules()
    decisions = rules.route_many([complaint(), complaint(severity="major")] * 50)
    payload = pickle.dumps(decisions)
    # The rule set's text once, however many decisions; the complaints once each.
    assert payload.count(RULES_TOML.encode()) == 1
    assert len(payload) < len(RULES_TOML.encode()) + len(TAXONOMY_TOML.encode()) + 10_000
    again = pickle.loads(payload)
    assert [decision_answers(d) for d in again] == [decision_answers(d) for d in decisions]
    # They still share one rule set: equal decisions are equal (as they were).
    assert again[0] == again[2] and again[0] != again[1]
    assert again[0] != decisions[0]  # another rule set now, as for any other load


def test_deadlines_of_one_call_share_its_arguments_in_a_pickle() -> None:
    all = deadlines()
    payload = pickle.dumps(all)
    assert payload.count(b"SZ-2024-0042") == 1
    assert pickle.loads(payload) == all


# --- as they were when computed -----------------------------------------------------------------


def test_a_deadline_pickles_as_it_was_computed_not_as_its_case_is_now() -> None:
    c = case()
    calendar = tousu.WorkCalendar.builtin("CN")
    policy = tousu.Policy.preset("cn.branch")
    before = policy.deadlines(c, calendar, NOW)
    c.apply(tousu.Event("acknowledged", at=at(1, 11), actor="S010", via="phone"))
    calendar.extend_from_toml(CN_2027)
    after = policy.deadlines(c, calendar, NOW)
    assert after != before
    assert pickle.loads(pickle.dumps(before)) == before
    assert copy.deepcopy(before) == before


def test_changing_what_reduce_hands_out_does_not_change_later_pickles() -> None:
    all = deadlines()
    _, (policy, c, calendar, now, milestone) = all[0].__reduce__()
    c.apply(tousu.Event("acknowledged", at=at(1, 11), actor="S010", via="phone"))
    assert pickle.loads(pickle.dumps(all)) == all
    _, (policy, c, calendar, now, milestone) = all[0].__reduce__()
    calendar.extend_from_toml(CN_2027)
    assert pickle.loads(pickle.dumps(all)) == all
    assert pickle.loads(pickle.dumps(all[0])) == all[0]


def test_a_calendar_keeps_its_extensions_in_order() -> None:
    calendar = acme()
    assert calendar.coverage == (2023, 2025)
    for protocol in PROTOCOLS:
        again = pickle.loads(pickle.dumps(calendar, protocol=protocol))
        assert again.coverage == (2023, 2025)
        assert not again.is_working_day(dt.date(2023, 12, 25)) and not again.is_working_day(dt.date(2025, 12, 24))
        assert calendar_answers(again) == calendar_answers(calendar)
    # The copy is a calendar of its own: extending one leaves the other as it was.
    twin = copy.copy(calendar)
    twin.extend_from_toml('[[year]]\nyear = 2026\nsource = "s"\n')
    assert (twin.coverage, calendar.coverage) == ((2023, 2026), (2023, 2025))
    assert pickle.loads(pickle.dumps(twin)).coverage == (2023, 2026)


def test_an_extension_that_failed_is_not_kept() -> None:
    calendar = tousu.WorkCalendar.builtin("CN")
    with pytest.raises(tousu.CalendarError):
        calendar.extend_from_toml('[[year]]\nyear = 2029\nsource = "gap"\n')
    assert len(pickle.dumps(calendar)) < 200


# --- tampered payloads --------------------------------------------------------------------------


def same_error(payload: bytes, constructor: Callable[[], Any]) -> None:
    """Unpickling `payload` raises what `constructor` raises: class, code and message."""
    with pytest.raises(Exception) as expected:
        constructor()
    with pytest.raises(type(expected.value)) as got:
        pickle.loads(payload)
    assert isinstance(got.value, tousu.TousuError)
    assert (got.value.code, str(got.value)) == (expected.value.code, str(expected.value))


@pytest.mark.parametrize("protocol", PROTOCOLS)
def test_a_corrupted_payload_raises_the_constructors_typed_error(protocol: int) -> None:
    def dump(value: Any) -> bytes:
        return pickle.dumps(value, protocol=protocol)

    # Edits of the same length, so the pickle's framing still holds.
    same_error(dump(tousu.WorkCalendar.builtin("CN")).replace(b"CN", b"CX"), lambda: tousu.WorkCalendar.builtin("CX"))
    bad = ACME_TOML.replace("2024-12-24", "2025-12-24")
    same_error(
        dump(tousu.WorkCalendar.from_toml(ACME_TOML, file="acme.toml")).replace(b"2024-12-24", b"2025-12-24"),
        lambda: tousu.WorkCalendar.from_toml(bad, file="acme.toml"),
    )
    extended = tousu.WorkCalendar.builtin("CN")
    extended.extend_from_toml(CN_2027, file="2027.toml")
    same_error(
        dump(extended).replace(b"2027-01-01", b"2028-01-01"),
        lambda: tousu.WorkCalendar.builtin("CN").extend_from_toml(
            CN_2027.replace("2027-01-01", "2028-01-01"), file="2027.toml"
        ),
    )
    same_error(dump(tousu.Policy.preset("cn.branch")).replace(b"cn.branch", b"cn.brunch"),
               lambda: tousu.Policy.preset("cn.brunch"))
    same_error(
        dump(tousu.Policy.from_toml(POLICY_TOML, file="p.toml")).replace(b'calendar = "CN"', b'calendar = 42  '),
        lambda: tousu.Policy.from_toml(POLICY_TOML.replace('calendar = "CN"', "calendar = 42  "), file="p.toml"),
    )
    same_error(
        dump(custom_taxonomy()).replace(b"[category", b"[categorx", 1),
        lambda: tousu.Taxonomy.from_toml(TAXONOMY_TOML.replace("[category", "[categorx", 1), file="cn-securities.toml"),
    )
    same_error(
        dump(custom_rules()).replace(b'hit_policy = "collect_all"', b'hit_policy = "collect_any"'),
        lambda: tousu.RuleSet.from_toml(
            RULES_TOML.replace('hit_policy = "collect_all"', 'hit_policy = "collect_any"'),
            taxonomy=custom_taxonomy(),
            file="cn-seed.toml",
        ),
    )
    same_error(
        dump(tousu.Directory.from_toml(DIRECTORY_TOML)).replace(b'id = "SZFT002"', b'id = "SZFT011"'),
        lambda: tousu.Directory.from_toml(DIRECTORY_TOML.replace('id = "SZFT002"', 'id = "SZFT011"')),
    )
    # A decision: its complaint, its context.
    same_error(
        dump(decision_with_context()).replace(b"trading.execution", b"trading.executiox"),
        lambda: tousu.RuleSet.default().route(complaint(category="trading.executiox", severity="major")),
    )
    same_error(
        dump(decision_with_context()).replace(b"new_client", b"new_cliant"),
        lambda: tousu.RuleSet.default().route(complaint(), attributes=["new_cliant"]),
    )
    # A deadline: its case, its calendar.
    same_error(
        dump(deadlines()[0]).replace(b'"registered"', b'"registerex"'),
        lambda: tousu.Case.from_json(case().to_json().replace('"registered"', '"registerex"')),
    )
    same_error(
        dump(custom_deadline()).replace(b"2027-01-01", b"2028-01-01"),
        lambda: tousu.WorkCalendar.builtin("CN").extend_from_toml(CN_2027.replace("2027-01-01", "2028-01-01")),
    )


def test_a_deadline_for_a_milestone_its_policy_lacks_is_a_key_error() -> None:
    payload = pickle.dumps(deadlines()[0])
    with pytest.raises(KeyError, match="policy cn.branch has no milestone `acknowledgx`"):
        pickle.loads(payload.replace(b"acknowledge", b"acknowledgx"))


@pytest.mark.parametrize(
    "state",
    ["text", (("[[year]]",),), ((CN_2027, 7),), ((b"[[year]]", None),), [(CN_2027, None)]],
    ids=repr,
)
def test_a_calendar_state_of_another_shape_is_a_type_error(state: Any) -> None:
    calendar = tousu.WorkCalendar.builtin("CN")
    with pytest.raises(TypeError):
        calendar.__setstate__(state)
    assert calendar.coverage == (2004, 2026)


def test_a_calendar_state_applies_all_or_nothing() -> None:
    calendar = tousu.WorkCalendar.builtin("CN")
    with pytest.raises(tousu.CalendarError):
        calendar.__setstate__(((CN_2027, None), ('[[year]]\nyear = 2029\nsource = "gap"\n', "gap.toml")))
    assert calendar.coverage == (2004, 2026)
    calendar.__setstate__(((CN_2027, None),))
    assert calendar.coverage == (2004, 2027)


# --- through a process pool ---------------------------------------------------------------------


def _deadlines(policy: tousu.Policy, cases: list[tousu.Case], calendar: tousu.WorkCalendar) -> list[tousu.Deadline]:
    return [d for c in cases for d in policy.deadlines(c, calendar, NOW)]


def _route(rules: tousu.RuleSet, complaints: list[tousu.Complaint]) -> list[tousu.Decision]:
    return rules.route_many(complaints)


def _answers(calendar: tousu.WorkCalendar, taxonomy: tousu.Taxonomy, staff: tousu.Directory) -> tuple[Any, ...]:
    return calendar_answers(calendar), taxonomy, directory_answers(staff)


def _echo(value: Any) -> Any:
    return value


@pytest.fixture(scope="module")
def pool() -> Iterator[concurrent.futures.ProcessPoolExecutor]:
    # spawn: nothing is inherited, every argument and result crosses as a pickle.
    context = multiprocessing.get_context("spawn")
    with concurrent.futures.ProcessPoolExecutor(max_workers=2, mp_context=context) as executor:
        yield executor


def test_arguments_and_results_cross_a_process_pool(pool: concurrent.futures.ProcessPoolExecutor) -> None:
    with SAMPLE.open(encoding="utf-8") as lines:
        cases = [tousu.Case.from_json(line) for _, line in zip(range(60), lines)]
    policy, calendar, rules = tousu.Policy.preset("cn.branch"), tousu.WorkCalendar.builtin("CN"), custom_rules()
    chunks = [cases[:30], cases[30:]]

    computed = [d for part in pool.map(_deadlines, [policy] * 2, chunks, [calendar] * 2) for d in part]
    assert computed == _deadlines(policy, cases, calendar)

    complaints = [c.complaint for c in cases]
    routed = [d for part in pool.map(_route, [rules] * 2, [complaints[:30], complaints[30:]]) for d in part]
    assert [decision_answers(d) for d in routed] == [decision_answers(d) for d in rules.route_many(complaints)]

    staff = tousu.Directory.from_toml(DIRECTORY_TOML)
    extended = acme()
    assert pool.submit(_answers, extended, custom_taxonomy(), staff).result() == _answers(
        extended, custom_taxonomy(), staff
    )

    for name, (make, same) in CASES.items():
        value = make()
        assert same(pool.submit(_echo, value).result()) == same(value), name


def test_a_whole_case_history_round_trips() -> None:
    c = tousu.Case.register(complaint(), registration())
    for event, _ in happy_path()[1:]:
        c.apply(event)
        assert pickle.loads(pickle.dumps(c)) == c
