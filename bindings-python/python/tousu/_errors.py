"""The exceptions of tousu: one base class, one subclass per category of error code.

Every error tousu raises is a :class:`TousuError` whose ``.code`` is the C status name
(``TOUSU_STATUS_RECUSAL_REQUIRED``) and ``.number`` its stable number (3003), the same in Rust,
C and Python. The subclass follows the number range of the code:

=============== ========= ===========================================================
class           numbers   raised for
=============== ========= ===========================================================
ParseError      1000-1999 text or values that cannot be read (JSON, enums, timestamps)
ValidationError 2000-2999 a record that was read but is invalid; ``.problems``
RuleError       3000-3999 an event that breaks a rule of the procedure; ``.rule``
CalendarError   4000-4999 calendar data that cannot be loaded (``.problems``), or a date it
                          does not cover
PolicyError     5000-5999 a deadline policy that cannot be loaded (``.problems``), or deadlines
                          it cannot compute
RoutingError    6000-6999 a taxonomy, rule set or staff directory that cannot be loaded or used
UsageError      9000-9998 misuse of the API: a ``str`` that is not valid UTF-8
InternalError   9999      a bug in tousu (a caught panic); please report it
=============== ========= ===========================================================

``ParseError``, ``ValidationError``, ``CalendarError``, ``PolicyError``, ``RoutingError`` and
``UsageError`` are also ``ValueError``. A Python
argument of the wrong type (an ``int`` where a ``str`` or ``datetime`` is needed, a value with
no JSON form such as a ``set``) raises the built-in ``TypeError``, not a ``TousuError``.
"""

from __future__ import annotations

from typing import Any, NamedTuple

__all__ = [
    "TousuError",
    "ParseError",
    "ValidationError",
    "RuleError",
    "CalendarError",
    "PolicyError",
    "RoutingError",
    "UsageError",
    "InternalError",
    "CalendarProblem",
    "PolicyProblem",
    "RoutingProblem",
]


def _restore(cls: type[TousuError], args: tuple[Any, ...], state: dict[str, Any]) -> TousuError:
    error = cls.__new__(cls, *args)
    error.args = args
    error.__dict__.update(state)
    return error


class TousuError(Exception):
    """Base class of every error tousu raises.

    Attributes:
        code: The C status name, e.g. ``"TOUSU_STATUS_EVENT_OUT_OF_ORDER"``; a key of
            ``tousu.ERROR_CODES``.
        number: The stable number of the code, e.g. ``3001``.

    >>> import tousu
    >>> try:
    ...     tousu.Complaint.from_json('{"id": ')
    ... except tousu.TousuError as err:
    ...     print(err.code, err.number)
    TOUSU_STATUS_MALFORMED_JSON 1000
    """

    code: str
    number: int

    def __init__(self, message: str, *, code: str, number: int) -> None:
        super().__init__(message)
        self.code = code
        self.number = number

    def __reduce__(self) -> tuple[Any, ...]:
        # The keyword-only attributes are not in ``args``: rebuild without calling __init__.
        return (_restore, (type(self), self.args, dict(self.__dict__)))


class ParseError(TousuError, ValueError):
    """Input that could not be read: malformed JSON, an unknown field or enum value, a missing
    field the schema needs, an unsupported schema version, a timestamp without a UTC offset
    (which includes a naive ``datetime``).

    Attributes:
        path: The field path where reading stopped (``"."`` for the top level), or ``None``
            when there is none (an unsupported schema version, a naive datetime argument).

    >>> import tousu
    >>> try:
    ...     tousu.Event.from_json('{"at": "2024-03-01T10:00:00+08:00", "actor": "S001",'
    ...                           ' "action": {"teleported": {}}}')
    ... except tousu.ParseError as err:
    ...     print(err.code, err.path, isinstance(err, ValueError))
    TOUSU_STATUS_UNKNOWN_VARIANT action True
    """

    path: str | None

    def __init__(self, message: str, *, code: str, number: int, path: str | None = None) -> None:
        super().__init__(message, code=code, number=number)
        self.path = path


class ValidationError(TousuError, ValueError):
    """A complaint or event that was read but is not valid; lists every problem at once.

    Attributes:
        problems: ``(field path, problem)`` pairs in field order, e.g.
            ``("complainant.contact", "is required: give a phone, fax, address or email")``.

    >>> import tousu
    >>> try:
    ...     tousu.Complaint.from_dict({"id": "GZ-2", "channel": "letter", "receiver": "S001",
    ...         "branch": "广州天河营业部", "received_at": "2024-06-03T10:00:00+08:00",
    ...         "category": "service.attitude"})
    ... except tousu.ValidationError as err:
    ...     print(err.code, [path for path, _ in err.problems])
    TOUSU_STATUS_INVALID_COMPLAINT ['complainant.name', 'complainant.contact', 'matter', 'facts.account', 'demand']
    """

    problems: list[tuple[str, str]]

    def __init__(
        self,
        message: str,
        *,
        code: str,
        number: int,
        problems: list[tuple[str, str]] | None = None,
    ) -> None:
        super().__init__(message, code=code, number=number)
        self.problems = [] if problems is None else problems


class RuleError(TousuError):
    """An event that breaks a rule of the complaint procedure; the case is left unchanged.

    Attributes:
        rule: The rule's snake_case name, e.g. ``"recusal_required"``.
        event_index: The position the event would have had in the case (0 = registration).
        action: The refused event's action, e.g. ``"assigned"``.
        requirement: The requirement the rule comes from (``"R12"``), or ``None``.
    """

    rule: str
    event_index: int
    action: str
    requirement: str | None

    def __init__(
        self,
        message: str,
        *,
        code: str,
        number: int,
        rule: str,
        event_index: int,
        action: str,
        requirement: str | None = None,
    ) -> None:
        super().__init__(message, code=code, number=number)
        self.rule = rule
        self.event_index = event_index
        self.action = action
        self.requirement = requirement


class CalendarProblem(NamedTuple):
    """One problem of calendar data that cannot be loaded (``CalendarError.problems``)."""

    code: str
    """The specific code, e.g. ``"TOUSU_STATUS_CALENDAR_DATE_OUTSIDE_YEAR"``."""
    year: int | None
    """The year it is about, when there is one."""
    path: str
    """Where in the data (``"year[3].rest_days[2]"``); ``""`` when the text could not be read
    far enough to know."""
    line: int | None
    """The 1-based line in the TOML or JSON text, when the data came from text."""
    column: int | None
    """The 1-based column (in characters) on that line."""
    problem: str
    """What is wrong, naming the offending value."""


class CalendarError(TousuError, ValueError):
    """Calendar data that cannot be loaded (a malformed file, a missing year, an extra working
    day on a weekday, …), or a date or a step of working days outside the years a calendar
    covers (``TOUSU_STATUS_DATE_OUT_OF_COVERAGE``): a year whose schedule has not been
    announced is unknown, never guessed.

    Attributes:
        calendar: The calendar's code (``"CN"``); ``None`` when the data could not be read far
            enough to know it.
        file: The file name given to ``WorkCalendar.from_toml(text, file=...)``, or ``None``.
        problems: For data that cannot be loaded, every problem in the order of the text (a
            tuple of :class:`CalendarProblem`); ``()`` for a question the calendar cannot answer.
        index: For a question asked on numpy arrays, the flat (C-order) index of the first
            element that failed (the message starts ``element <index>:`` after the calendar);
            for ``Policy.deadlines_frame``, the position of the case; ``None`` otherwise.

    >>> import tousu
    >>> try:
    ...     tousu.WorkCalendar.from_toml('''
    ... [calendar]
    ... code = "ACME"
    ... name = "Acme"
    ... first_year = 2024
    ... last_year = 2024
    ... [[year]]
    ... year = 2024
    ... source = "board resolution"
    ... rest_days = [2025-01-01]
    ... ''', file="acme.toml")
    ... except tousu.CalendarError as err:
    ...     print(err.calendar, err.file)
    ...     print(err.problems[0].code, err.problems[0].year, err.problems[0].line, err.problems[0].path)
    ACME acme.toml
    TOUSU_STATUS_CALENDAR_DATE_OUTSIDE_YEAR 2024 10 year[0].rest_days[0]
    """

    calendar: str | None
    file: str | None
    problems: tuple[CalendarProblem, ...]
    index: int | None

    def __init__(
        self,
        message: str,
        *,
        code: str,
        number: int,
        calendar: str | None = None,
        file: str | None = None,
        problems: tuple[CalendarProblem, ...] = (),
        index: int | None = None,
    ) -> None:
        super().__init__(message, code=code, number=number)
        self.calendar = calendar
        self.file = file
        self.problems = tuple(problems)
        self.index = index


class PolicyProblem(NamedTuple):
    """One problem of a deadline policy that cannot be loaded (``PolicyError.problems``)."""

    code: str
    """The specific code, e.g. ``"TOUSU_STATUS_POLICY_UNKNOWN_UNIT"``."""
    milestone: str | None
    """The milestone it is about, when there is one."""
    path: str
    """Where in the data: ``"due.unit"`` (of the milestone),
    ``"policy.business_hours.windows[1]"``; ``""`` when the text could not be read far enough
    to know."""
    line: int | None
    """The 1-based line in the TOML text."""
    column: int | None
    """The 1-based column (in characters) on that line."""
    problem: str
    """What is wrong, naming the offending value."""


class PolicyError(TousuError, ValueError):
    """A deadline policy that cannot be loaded (an unknown unit, a cycle of anchors, a negative
    duration, a window ending before it starts, …; each problem names the milestone and the
    line), or deadlines asked on another calendar than the policy names
    (``TOUSU_STATUS_POLICY_CALENDAR_MISMATCH``).

    Attributes:
        policy: The policy's id (``"cn.branch"``); ``None`` when the text could not be read far
            enough to know it.
        file: The file name given to ``Policy.from_toml(text, file=...)``, or ``None``.
        problems: For a policy that cannot be loaded, every problem in the order of the text (a
            tuple of :class:`PolicyProblem`); ``()`` otherwise. ``.code`` is the first one's.

    >>> import tousu
    >>> try:
    ...     tousu.Policy.from_toml('''
    ... [policy]
    ... id = "acme"
    ... version = 1
    ... name = "Acme"
    ... calendar = "CN"
    ... source = "board resolution"
    ... applies_to = ["complaint"]
    ... [policy.business_hours]
    ... time_zone = "+08:00"
    ... windows = ["09:00-12:00"]
    ... receipt_cutoff = "15:30"
    ... [[milestone]]
    ... id = "resolve"
    ... label = "Resolve"
    ... from = "received"
    ... due = { amount = 5, unit = "business_days" }
    ... met_by = ["result_fed_back"]
    ... ''', file="acme.toml")
    ... except tousu.PolicyError as err:
    ...     print(err.policy, err.file)
    ...     for p in err.problems:
    ...         print(p.code, p.milestone, p.path, p.line)
    acme acme.toml
    TOUSU_STATUS_POLICY_UNKNOWN_UNIT resolve due.unit 17
    """

    policy: str | None
    file: str | None
    problems: tuple[PolicyProblem, ...]

    def __init__(
        self,
        message: str,
        *,
        code: str,
        number: int,
        policy: str | None = None,
        file: str | None = None,
        problems: tuple[PolicyProblem, ...] = (),
    ) -> None:
        super().__init__(message, code=code, number=number)
        self.policy = policy
        self.file = file
        self.problems = tuple(problems)


class RoutingProblem(NamedTuple):
    """One problem of a taxonomy, rule set or staff directory that cannot be loaded
    (``RoutingError.problems``), or a warning of a rule set that loaded (``RuleSet.warnings``)."""

    code: str
    """The specific code, e.g. ``"TOUSU_STATUS_UNREACHABLE_RULE"``."""
    subject: str | None
    """What it is about: the rule id (of a rule set), the category code (of a taxonomy) or the
    staff id (of a directory), when there is one."""
    path: str
    """Where in the data (``"rule[3].when.amount.at_least"``); ``""`` when the text could not
    be read far enough to know."""
    line: int | None
    """The 1-based line in the TOML text (or JSON text, for a directory)."""
    column: int | None
    """The 1-based column (in characters) on that line."""
    problem: str
    """What is wrong, naming the offending value."""


class RoutingError(TousuError, ValueError):
    """A category taxonomy, routing rule set or staff directory that cannot be loaded (an
    unknown category, a rule without an id, a string compared with a number, an unreachable
    rule, an escalation cycle, …; each problem names the rule and its line), a complaint whose
    category the taxonomy does not have (``TOUSU_STATUS_UNKNOWN_CATEGORY``), or a decision
    nobody in the directory may handle (``TOUSU_STATUS_NO_ELIGIBLE_HANDLER``).

    Attributes:
        what: For data that cannot be loaded, ``"taxonomy"``, ``"rule set"`` or
            ``"staff directory"``; ``None`` otherwise.
        id: Its id, when the text could be read far enough to know it.
        file: The file name given to ``from_toml(text, file=...)``, or ``None``.
        problems: For data that cannot be loaded, every problem in the order of the text (a
            tuple of :class:`RoutingProblem`); ``()`` otherwise. ``.code`` is the first one's.
        complaint: For a complaint that cannot be routed or assigned, its id.
        next_level: With ``TOUSU_STATUS_NO_ELIGIBLE_HANDLER``, the role the rule set escalates
            to next (``None`` at the top of the chain).
        index: For ``RuleSet.route_many``, the position of the complaint (or row) that failed.

    >>> import tousu
    >>> try:
    ...     tousu.RuleSet.from_toml('''
    ... [rule_set]
    ... id = "acme"
    ... version = 1
    ... name = "Acme"
    ... taxonomy = "cn.securities"
    ... hit_policy = "first_match"
    ... [roles.clerk]
    ... label = "Clerk"
    ... level = "branch"
    ... [[rule]]
    ... id = "fees"
    ... when = { category = "fees.surcharge" }
    ... then = { handler = "clerk" }
    ... ''', file="acme.toml")
    ... except tousu.RoutingError as err:
    ...     print(err.what, err.id, err.file)
    ...     for p in err.problems:
    ...         print(p.code, p.subject, p.path, p.line)
    rule set acme acme.toml
    TOUSU_STATUS_UNKNOWN_CATEGORY fees rule[0].when.category 13
    """

    what: str | None
    id: str | None
    file: str | None
    problems: tuple[RoutingProblem, ...]
    complaint: str | None
    next_level: str | None
    index: int | None

    def __init__(
        self,
        message: str,
        *,
        code: str,
        number: int,
        what: str | None = None,
        id: str | None = None,
        file: str | None = None,
        problems: tuple[RoutingProblem, ...] = (),
        complaint: str | None = None,
        next_level: str | None = None,
        index: int | None = None,
    ) -> None:
        super().__init__(message, code=code, number=number)
        self.what = what
        self.id = id
        self.file = file
        self.problems = tuple(problems)
        self.complaint = complaint
        self.next_level = next_level
        self.index = index


class UsageError(TousuError, ValueError):
    """Misuse of an API surface. From Python: a ``str`` that cannot be encoded as UTF-8 (a lone
    surrogate), code ``TOUSU_STATUS_INVALID_UTF8``."""


class InternalError(TousuError):
    """A bug in tousu: a panic caught at the boundary (``TOUSU_STATUS_INTERNAL``). Please report
    it with the input that caused it."""
