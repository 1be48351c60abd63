"""Type stubs of the compiled module ``tousu._tousu``; import the names from ``tousu``.

Errors, for every function and method below:

- ``tousu.CalendarError`` (a ``ValueError``): calendar data that cannot be loaded
  (``.problems``: every ``CalendarProblem``), or a date the calendar does not cover;
  ``.index`` names the failing element of an array.
- ``tousu.PolicyError`` (a ``ValueError``): a policy that cannot be loaded (``.problems``:
  every ``PolicyProblem`` with its milestone and line), or deadlines asked on another calendar.

- ``tousu.ParseError`` (a ``ValueError``): text or values that cannot be read — malformed JSON,
  an unknown field or enum value, a missing field, a timestamp without a UTC offset (a naive
  ``datetime`` included), an unsupported schema version.
- ``tousu.ValidationError`` (a ``ValueError``): a complaint or event that was read but is
  invalid; ``.problems`` lists every ``(path, problem)``.
- ``tousu.RuleError``: an event that breaks a rule of the procedure; the case is unchanged.
- ``tousu.UsageError`` (a ``ValueError``): a ``str`` that is not valid UTF-8 (lone surrogates).
- ``tousu.InternalError``: a bug in tousu.
- ``TypeError`` (built-in): an argument of the wrong Python type — a non-``str`` JSON text, a
  non-``datetime`` ``at``, a non-``Event`` in ``events`` — or a value with no JSON form (a
  ``set``, ``bytes``, a ``Decimal``) in ``Event(**fields)`` or ``Complaint.from_dict``. A value
  that has a JSON form but the wrong one for its field (``handler=42``) is core's to refuse:
  ``ParseError`` with ``TOUSU_STATUS_MALFORMED_JSON``, as for JSON text.

Dicts returned (``to_dict``, ``data``, ``state``, ``complainant``, …) are the JSON form:
timestamps are RFC 3339 strings, money is ``{"minor_units": int, "currency": str}``.

Every class pickles (every protocol) and copies: a built-in as its constructor call, an object
read from text as that text, a ``Decision`` as its routing, a ``Deadline`` as its computation.
"""

import datetime
from collections.abc import Iterable, Sequence
from typing import Any, TypeAlias, final, overload

import numpy as np
import pandas
from numpy.typing import NDArray

from tousu._errors import RoutingProblem, TousuError

__all__ = [
    "Assignment",
    "CASE_SCHEMA_VERSION",
    "Case",
    "Complaint",
    "Deadline",
    "Decision",
    "Directory",
    "ERROR_CODES",
    "Event",
    "Policy",
    "RuleSet",
    "Taxonomy",
    "WorkCalendar",
    "__version__",
    "_exception_class",
]

__version__: str
ERROR_CODES: dict[str, int]
"""Every error code: the C status name (``TOUSU_STATUS_…``) and its stable number."""
CASE_SCHEMA_VERSION: int
"""The ``schema_version`` of the case files this build reads and writes."""

_JsonValue: TypeAlias = Any
"""A value of the JSON form: ``str``, ``int``, ``bool``, ``None``, ``list`` or ``dict``."""

@final
class Complaint:
    """A complaint or feedback as registered, validated. Immutable and hashable."""

    @staticmethod
    def from_json(text: str) -> Complaint:
        """Reads and validates a complaint from JSON text."""

    @staticmethod
    def from_dict(data: dict[str, Any]) -> Complaint:
        """Reads and validates a complaint from a dict of its JSON form; timestamps may be aware
        ``datetime`` objects and ``forwarded_on`` a ``date``."""

    def to_json(self) -> str: ...
    def to_dict(self) -> dict[str, _JsonValue]: ...
    @property
    def id(self) -> str: ...
    @property
    def kind(self) -> str:
        """``"complaint"`` or ``"feedback"``."""

    @property
    def channel(self) -> str:
        """``"phone"``, ``"email"``, ``"letter"``, ``"web_form"``, ``"walk_in"``,
        ``"online_chat"``, ``"comment_box"``, ``"regulator_forwarded"`` or
        ``"judicial_or_association_forwarded"``."""

    @property
    def forwarding(self) -> dict[str, _JsonValue] | None: ...
    @property
    def owes_report_back(self) -> bool: ...
    @property
    def severity(self) -> str:
        """``"ordinary"``, ``"major"``, ``"compensation"``, ``"matter_of_principle"`` or
        ``"serious_incident"``."""

    @property
    def category(self) -> str: ...
    @property
    def branch(self) -> str: ...
    @property
    def receiver(self) -> str: ...
    @property
    def matter(self) -> str: ...
    @property
    def demand(self) -> str: ...
    @property
    def complainant(self) -> dict[str, _JsonValue]: ...
    @property
    def respondent(self) -> dict[str, _JsonValue]: ...
    @property
    def facts(self) -> dict[str, _JsonValue]: ...
    @property
    def received_at(self) -> datetime.datetime:
        """Aware, with the offset it was recorded with (a fixed-offset ``timezone``)."""

    @property
    def claimed_amount(self) -> tuple[int, str] | None:
        """``(minor_units, currency)``, e.g. ``(125000, "CNY")`` for ¥1,250.00."""

    @property
    def tags(self) -> list[str]: ...
    def __eq__(self, value: object, /) -> bool: ...
    def __hash__(self) -> int: ...
    def __reduce__(self) -> tuple[Any, tuple[str]]: ...
    def __copy__(self) -> Complaint:
        """Immutable: the object itself."""

    def __deepcopy__(self, memo: dict[int, Any]) -> Complaint:
        """Immutable: the object itself."""

@final
class Event:
    """One recorded step of the procedure. Immutable and hashable."""

    def __new__(cls, action: str, at: datetime.datetime, actor: str, **fields: Any) -> Event:
        """``Event("assigned", at=aware_datetime, actor="S001", handler="S010")``.

        ``at`` must be an aware ``datetime`` (naive: ``ParseError``,
        ``TOUSU_STATUS_INVALID_TIMESTAMP``). ``fields`` are the action's fields in their JSON
        form; timestamps may be aware ``datetime`` objects, money is
        ``{"minor_units": int, "currency": str}``."""

    @staticmethod
    def from_json(text: str) -> Event: ...
    def to_json(self) -> str: ...
    @property
    def action(self) -> str:
        """The action's name: ``"registered"``, ``"assigned"``, ``"closed"``, …"""

    @property
    def at(self) -> datetime.datetime:
        """Aware, with the offset it was recorded with (a fixed-offset ``timezone``)."""

    @property
    def actor(self) -> str: ...
    @property
    def data(self) -> dict[str, _JsonValue]:
        """The action's fields in their JSON form: ``Event(e.action, e.at, e.actor, **e.data) == e``."""

    def __eq__(self, value: object, /) -> bool: ...
    def __hash__(self) -> int: ...
    def __reduce__(self) -> tuple[Any, tuple[str]]: ...
    def __copy__(self) -> Event:
        """Immutable: the object itself."""

    def __deepcopy__(self, memo: dict[int, Any]) -> Event:
        """Immutable: the object itself."""

@final
class Case:
    """A complaint and its events; every rule is checked by core. Mutable, not hashable."""

    @staticmethod
    def register(complaint: Complaint, event: Event) -> Case: ...
    @staticmethod
    def replay(complaint: Complaint, events: Iterable[Event]) -> Case: ...
    @staticmethod
    def from_json(text: str) -> Case: ...
    def apply(self, event: Event) -> None:
        """Records ``event`` or raises (``RuleError``, ``ValidationError``) leaving the case unchanged."""

    def check(self, event: Event) -> None:
        """Raises what :meth:`apply` would raise, without recording anything."""

    @property
    def stage(self) -> str:
        """``"registered"``, ``"in_handling"``, ``"resolved"``, ``"result_fed_back"``,
        ``"disputed"``, ``"closed"``, ``"withdrawn"`` or ``"archived"``."""

    @property
    def state(self) -> dict[str, _JsonValue]: ...
    @property
    def events(self) -> list[Event]: ...
    @property
    def complaint(self) -> Complaint: ...
    def to_json(self) -> str: ...
    def __len__(self) -> int: ...
    def __eq__(self, value: object, /) -> bool: ...
    __hash__: None  # type: ignore[assignment]
    def __reduce__(self) -> tuple[Any, tuple[str]]: ...

_Dates: TypeAlias = NDArray[np.datetime64]
"""A numpy ``datetime64[D]`` array (another unit raises ``TypeError``)."""
_Steps: TypeAlias = NDArray[np.integer[Any]]
"""A numpy integer array (widened to int64; ``uint64`` only when every value fits)."""

@final
class WorkCalendar:
    """A working-day calendar over a run of whole years; see the docstring of the class.

    Questions take a ``datetime.date`` (a ``datetime`` raises ``TypeError``) and answer a
    scalar, or take numpy ``datetime64[D]`` arrays and answer arrays of the same shape, with
    the GIL released. A scalar argument applies to every element; two arrays must have the
    same shape (``ValueError``). An array stops at its first failing element:
    ``CalendarError`` whose ``.index`` is its flat (C-order) index. Dates outside the coverage
    (and ``NaT``) raise ``CalendarError`` with ``TOUSU_STATUS_DATE_OUT_OF_COVERAGE``.
    """

    @staticmethod
    def builtin(code: str) -> WorkCalendar:
        """``"CN"``, ``"XSHG"``, ``"XSHE"``, ``"GB-EAW"`` or ``"US"``."""

    @staticmethod
    def from_toml(text: str, *, file: str | None = None) -> WorkCalendar:
        """``file``, the name the text came from, is named in errors (``CalendarError.file``)."""

    @staticmethod
    def from_json(text: str) -> WorkCalendar: ...
    def extend_from_toml(self, text: str, *, file: str | None = None) -> None:
        """Adds ``[[year]]`` tables continuing the coverage; atomic. ``file`` is named in errors."""

    @property
    def code(self) -> str: ...
    @property
    def name(self) -> str: ...
    @property
    def coverage(self) -> tuple[int, int]:
        """``(first_year, last_year)``, both covered."""

    @overload
    def is_working_day(self, d: datetime.date) -> bool: ...
    @overload
    def is_working_day(self, d: _Dates) -> NDArray[np.bool_]: ...
    @overload
    def add_working_days(self, d: datetime.date, n: int) -> datetime.date: ...
    @overload
    def add_working_days(self, d: _Dates, n: int | _Steps) -> NDArray[np.datetime64]: ...
    @overload
    def add_working_days(self, d: datetime.date | _Dates, n: _Steps) -> NDArray[np.datetime64]: ...
    @overload
    def next_working_day(self, d: datetime.date) -> datetime.date: ...
    @overload
    def next_working_day(self, d: _Dates) -> NDArray[np.datetime64]: ...
    @overload
    def previous_working_day(self, d: datetime.date) -> datetime.date: ...
    @overload
    def previous_working_day(self, d: _Dates) -> NDArray[np.datetime64]: ...
    @overload
    def working_days_between(self, a: datetime.date, b: datetime.date) -> int: ...
    @overload
    def working_days_between(self, a: _Dates, b: datetime.date | _Dates) -> NDArray[np.int64]: ...
    @overload
    def working_days_between(self, a: datetime.date | _Dates, b: _Dates) -> NDArray[np.int64]: ...
    @overload
    def nth_working_day_of_month(self, year: int, month: int, n: int) -> datetime.date:
        """n = 1 the first working day of the month, n = -1 the last."""

    # With an integer array among the arguments: a ``datetime64[D]`` array of its shape.
    @overload
    def nth_working_day_of_month(self, year: _Steps, month: int | _Steps, n: int | _Steps) -> NDArray[np.datetime64]: ...
    @overload
    def nth_working_day_of_month(self, year: int, month: _Steps, n: int | _Steps) -> NDArray[np.datetime64]: ...
    @overload
    def nth_working_day_of_month(self, year: int, month: int, n: _Steps) -> NDArray[np.datetime64]: ...

    @overload
    def civil_code_period_end(self, start: datetime.date, days: int) -> datetime.date:
        """``days`` >= 0 (``ValueError`` otherwise)."""

    @overload
    def civil_code_period_end(self, start: _Dates, days: int | _Steps) -> NDArray[np.datetime64]: ...
    @overload
    def civil_code_period_end(self, start: datetime.date | _Dates, days: _Steps) -> NDArray[np.datetime64]: ...
    def __reduce__(self) -> tuple[Any, ...]:
        """The call that made it (``WorkCalendar.builtin("CN")``, ``from_toml`` or ``from_json``
        of its text) and, once extended, the extensions as its state."""

    def __setstate__(self, state: tuple[tuple[str, str | None], ...]) -> None:
        """Applies ``(text, file)`` extensions in order, as :meth:`extend_from_toml`; all or none."""

@final
class Policy:
    """A deadline policy: named milestones, each with a duration, unit and anchor, on a
    calendar (``.calendar``, its code). Errors in a policy file are ``PolicyError`` naming the
    milestone, line and column."""

    @staticmethod
    def preset(id: str) -> Policy:
        """``"cn.branch"``, ``"cn.firm"``, ``"cn.feedback"``, ``"uk.fca.disp"``,
        ``"uk.fca.disp.psd"`` or ``"us.cfpb"``."""

    @staticmethod
    def from_toml(text: str, *, file: str | None = None) -> Policy:
        """``file``, the name the text came from, is named in errors (``PolicyError.file``)."""

    @property
    def id(self) -> str: ...
    @property
    def version(self) -> int: ...
    @property
    def calendar(self) -> str: ...
    @property
    def milestones(self) -> list[str]: ...
    def deadlines(self, case: Case, calendar: WorkCalendar, now: datetime.datetime) -> list[Deadline]:
        """Every milestone's deadline at ``now`` (aware), in the policy's order."""

    def deadlines_frame(
        self, cases: Iterable[Case], calendar: WorkCalendar, now: datetime.datetime, *, threads: int | None = None
    ) -> pandas.DataFrame:
        """One row per (case, milestone): ``case_id``, ``milestone``, ``status``, ``unit``,
        ``started``, ``due``, ``met_at``, ``met_by``, ``elapsed``, ``remaining``,
        ``paused_time``, ``pauses``, ``extensions``, ``extensions_over_limit``. Needs pandas
        (``ImportError`` otherwise)."""

    def __eq__(self, value: object, /) -> bool: ...
    __hash__: None  # type: ignore[assignment]
    def __reduce__(self) -> tuple[Any, ...]:
        """``Policy.preset(id)``, or ``Policy.from_toml`` of the text it was read from."""

    def __copy__(self) -> Policy:
        """Immutable: the object itself."""

    def __deepcopy__(self, memo: dict[int, Any]) -> Policy:
        """Immutable: the object itself."""

@final
class Deadline:
    """One milestone's deadline; ``elapsed`` and ``remaining`` are in ``unit``."""

    @property
    def milestone(self) -> str: ...
    @property
    def status(self) -> str:
        """``"pending"``, ``"met"``, ``"met_late"``, ``"at_risk"``, ``"breached"``,
        ``"paused"`` or ``"not_applicable"``."""

    @property
    def unit(self) -> str: ...
    @property
    def due(self) -> datetime.datetime | None: ...
    @property
    def met_at(self) -> datetime.datetime | None: ...
    @property
    def met_by(self) -> str | None: ...
    @property
    def elapsed(self) -> float: ...
    @property
    def remaining(self) -> float: ...
    def to_dict(self) -> dict[str, Any]:
        """Core's JSON form: RFC 3339 strings, times in seconds."""

    def __eq__(self, value: object, /) -> bool: ...
    __hash__: None  # type: ignore[assignment]
    def __reduce__(self) -> tuple[Any, ...]:
        """The ``Policy.deadlines`` call that gave it (as its arguments were then) and its milestone."""

    def __copy__(self) -> Deadline:
        """Immutable: the object itself."""

    def __deepcopy__(self, memo: dict[int, Any]) -> Deadline:
        """Immutable: the object itself."""

@final
class Taxonomy:
    """A versioned category taxonomy: dotted codes, labels, external (FINRA, CFPB) codes."""

    @staticmethod
    def default() -> Taxonomy:
        """The default securities-brokerage taxonomy (``cn.securities``)."""

    @staticmethod
    def from_toml(text: str, *, file: str | None = None) -> Taxonomy:
        """``RoutingError`` with ``.problems`` (category, path, line, column) when it cannot load."""

    @property
    def id(self) -> str: ...
    @property
    def version(self) -> int: ...
    @property
    def name(self) -> str: ...
    @property
    def codes(self) -> list[str]:
        """Every code, each parent before its subtree."""

    def category(self, code: str) -> dict[str, _JsonValue]:
        """``code``, ``label``, ``label_zh``, ``parent``, ``depth``, ``requirement``,
        ``external`` (inherited from ancestors where missing)."""

    def is_within(self, code: str, ancestor: str) -> bool: ...
    def __contains__(self, code: object, /) -> bool: ...
    def __len__(self) -> int: ...
    def __eq__(self, value: object, /) -> bool: ...
    __hash__: None  # type: ignore[assignment]
    def __reduce__(self) -> tuple[Any, ...]:
        """``Taxonomy.default()``, or ``Taxonomy.from_toml`` of the text it was read from."""

    def __copy__(self) -> Taxonomy:
        """Immutable: the object itself."""

    def __deepcopy__(self, memo: dict[int, Any]) -> Taxonomy:
        """Immutable: the object itself."""

_EarlierRows: TypeAlias = Sequence[Iterable[datetime.date] | float | None] | pandas.Series[Any] | NDArray[np.object_]
"""``RuleSet.route_many(earlier_complaints=)``: one element per row or complaint, ``None`` (or
NaN) or an iterable of ``datetime.date``; a ``pandas.Series`` has the frame's index."""

@final
class RuleSet:
    """A compiled routing rule set; shareable across threads."""

    @staticmethod
    def default() -> RuleSet:
        """The seed's procedure (``cn.seed``) on the default taxonomy."""

    @staticmethod
    def default_procedure() -> RuleSet: ...
    @staticmethod
    def from_toml(text: str, *, taxonomy: Taxonomy | None = None, file: str | None = None) -> RuleSet:
        """``RoutingError`` with ``.problems`` (rule id, path, line, column) when it cannot load."""

    @property
    def id(self) -> str: ...
    @property
    def version(self) -> int: ...
    @property
    def name(self) -> str: ...
    @property
    def hit_policy(self) -> str:
        """``"first_match"`` or ``"collect_all"``."""

    @property
    def currency(self) -> str: ...
    @property
    def taxonomy(self) -> Taxonomy: ...
    @property
    def rules(self) -> list[str]:
        """Rule ids in file order."""

    @property
    def evaluation_order(self) -> list[str]: ...
    @property
    def roles(self) -> list[str]: ...
    def rule(self, id: str) -> dict[str, _JsonValue]: ...
    @property
    def warnings(self) -> tuple[RoutingProblem, ...]: ...
    def route(
        self,
        complaint: Complaint,
        *,
        earlier_complaints: Iterable[datetime.date] | None = None,
        attributes: Iterable[str] | None = None,
    ) -> Decision: ...
    @overload
    def route_many(
        self,
        complaints: pandas.DataFrame,
        *,
        earlier_complaints: _EarlierRows | None = None,
        earlier_from: str | None = None,
    ) -> pandas.DataFrame:
        """A frame of decisions, routed from the frame's columns (see the docstring).

        Earlier complaints: ``earlier_complaints``, one element per row (``None`` or dates), or
        ``earlier_from``, the column naming the complainant (the rows with the same key received
        strictly earlier); not both."""

    @overload
    def route_many(
        self,
        complaints: Iterable[Complaint],
        *,
        earlier_complaints: _EarlierRows | None = None,
    ) -> list[Decision]: ...
    def __eq__(self, value: object, /) -> bool: ...
    __hash__: None  # type: ignore[assignment]
    def __reduce__(self) -> tuple[Any, ...]:
        """``RuleSet.default()``, or ``RuleSet.from_toml`` of its text with its taxonomy."""

    def __copy__(self) -> RuleSet:
        """Immutable: the object itself."""

    def __deepcopy__(self, memo: dict[int, Any]) -> RuleSet:
        """Immutable: the object itself."""

@final
class Decision:
    """The routing of one complaint; unset actions are ``None``."""

    @property
    def rule_set(self) -> str: ...
    @property
    def complaint(self) -> Complaint: ...
    @property
    def routed(self) -> bool: ...
    @property
    def handler(self) -> str | None: ...
    @property
    def department(self) -> str | None: ...
    @property
    def level(self) -> str | None:
        """``"branch"`` or ``"head_office"``."""

    @property
    def policy(self) -> str | None: ...
    @property
    def escalate_to(self) -> str | None: ...
    @property
    def obligations(self) -> frozenset[str]: ...
    @property
    def matched(self) -> tuple[str, ...]:
        """Rule ids in evaluation order."""

    @property
    def deciding_rule(self) -> str | None: ...
    @property
    def sources(self) -> dict[str, str]: ...
    def explain(self) -> str:
        """For an auditor."""

    def explanation(self) -> dict[str, _JsonValue]:
        """For a program."""

    def to_json(self) -> str: ...
    def to_dict(self) -> dict[str, _JsonValue]: ...
    def __eq__(self, value: object, /) -> bool: ...
    def __hash__(self) -> int: ...
    def __reduce__(self) -> tuple[Any, ...]:
        """``rules.route(complaint, …)`` with its rule set, complaint and context."""

    def __copy__(self) -> Decision:
        """Immutable: the object itself."""

    def __deepcopy__(self, memo: dict[int, Any]) -> Decision:
        """Immutable: the object itself."""

@final
class Directory:
    """A staff directory for assignment."""

    @staticmethod
    def from_toml(text: str) -> Directory: ...
    @staticmethod
    def from_json(text: str) -> Directory: ...
    @property
    def id(self) -> str: ...
    @property
    def version(self) -> int: ...
    @property
    def head_office(self) -> str: ...
    @property
    def people(self) -> list[str]: ...
    def assign(self, decision: Decision, complaint: Complaint | None = None) -> list[str]:
        """Eligible staff ids, the receiver first: the short form of :meth:`assignment`;
        ``RoutingError`` (``TOUSU_STATUS_NO_ELIGIBLE_HANDLER``, ``.next_level``) when nobody may."""

    def assignment(self, decision: Decision, complaint: Complaint | None = None) -> Assignment:
        """Who may handle it, who stepped aside and why; ``RoutingError``
        (``TOUSU_STATUS_NO_ELIGIBLE_HANDLER``, ``.next_level``) when nobody may."""

    def __reduce__(self) -> tuple[Any, tuple[str]]:
        """``Directory.from_toml`` (or ``from_json``) of the text it was read from."""

    def __copy__(self) -> Directory:
        """Immutable: the object itself."""

    def __deepcopy__(self, memo: dict[int, Any]) -> Directory:
        """Immutable: the object itself."""

@final
class Assignment:
    """Who may handle a routed complaint and who stepped aside, and why
    (:meth:`Directory.assignment`). Immutable; equal when every attribute is."""

    @property
    def role(self) -> str: ...
    @property
    def office(self) -> str: ...
    @property
    def owner(self) -> str:
        """The receiver, who owns the case until a recorded hand-over (R5)."""

    @property
    def hand_over_needed(self) -> bool:
        """The receiver is not among the handlers."""

    @property
    def handlers(self) -> tuple[str, ...]:
        """Staff ids, the receiver first when eligible; never empty."""

    @property
    def recused(self) -> tuple[tuple[str, str, str], ...]:
        """``(person, reason, why)`` for every other holder of the role, in directory order;
        ``reason`` is ``"complained_about"``, ``"declared_conflict"``, ``"unavailable"``,
        ``"other_office"`` or ``"other_department"``, ``why`` core's words."""

    def to_dict(self) -> dict[str, _JsonValue]: ...
    def __eq__(self, value: object, /) -> bool: ...
    def __hash__(self) -> int: ...
    def __reduce__(self) -> tuple[Any, ...]:
        """``directory.assignment(decision[, complaint])``."""

    def __copy__(self) -> Assignment:
        """Immutable: the object itself."""

    def __deepcopy__(self, memo: dict[int, Any]) -> Assignment:
        """Immutable: the object itself."""

def _exception_class(number: int) -> type[TousuError]:
    """The exception class tousu raises for the code ``number`` (for tests)."""
