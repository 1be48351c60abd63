"""tousu — securities-brokerage complaint handling.

tousu (投诉, "complaint") models how securities brokerages take, route, time and close customer
complaints: the register record (:class:`Complaint`, validated with every problem named by its
field path) and the event-sourced case file (:class:`Case` of :class:`Event`), whose every rule
is checked by the Rust core shared with the C surface. Errors are :class:`TousuError` with the
same ``.code`` (``TOUSU_STATUS_…``) and ``.number`` as in Rust and C.

Every class pickles and copies (``pickle``, ``copy``), so tousu objects go to and come back from
``multiprocessing`` and ``concurrent.futures`` process pools: a built-in calendar, preset policy or
default rule set pickles as its constructor call, an object read from text as that text (a
calendar's later extensions and a rule set's taxonomy included), and unpickling checks it as
loading did. An immutable object is its own copy; a calendar or a case copies as a new one.

Register a complaint, walk it through the procedure, and see a refused step leave the case as
it was:

>>> import datetime as dt, tousu
>>> cst = dt.timezone(dt.timedelta(hours=8))
>>> def at(day, hour, minute=0):
...     return dt.datetime(2024, 3, day, hour, minute, tzinfo=cst)
>>> complaint = tousu.Complaint.from_json('''{
...     "id": "SZ-2024-0042", "channel": "phone",
...     "complainant": {"name": "李四", "contact": {"phone": "13800138000"}},
...     "receiver": "S001", "branch": "深圳福田营业部",
...     "received_at": "2024-03-01T09:30:00+08:00",
...     "matter": "佣金收取异常", "facts": {"account": "二月佣金高于约定费率"},
...     "demand": "退还多收佣金", "category": "fees.commission"}''')
>>> case = tousu.Case.register(complaint, tousu.Event("registered", at=at(1, 9, 35), actor="S001"))
>>> case.apply(tousu.Event("acknowledged", at=at(1, 9, 40), actor="S001", via="phone"))
>>> case.apply(tousu.Event("assigned", at=at(1, 10), actor="S001", handler="S010"))
>>> case.apply(tousu.Event("resolution_proposed", at=at(4, 16), actor="S010", plan="按约定费率退还差额"))
>>> case.apply(tousu.Event("resolution_decided", at=at(5, 10), actor="S010", decision="退还", by="handler"))
>>> close = tousu.Event("closed", at=at(5, 11), actor="S010", cause="费率配置错误",
...                     result="已退还", department="运营部", preventive_measures="费率变更双人复核")
>>> try:
...     case.apply(close)
... except tousu.RuleError as err:
...     print(err.code, err.rule, err.requirement, err.event_index)
TOUSU_STATUS_RESULT_NOT_FED_BACK result_not_fed_back R20 5
>>> case.stage, len(case)
('resolved', 5)
>>> tousu.Case.from_json(case.to_json()) == case
True
"""

from tousu._errors import (
    CalendarError,
    CalendarProblem,
    InternalError,
    ParseError,
    PolicyError,
    PolicyProblem,
    RoutingError,
    RoutingProblem,
    RuleError,
    TousuError,
    UsageError,
    ValidationError,
)
from tousu._tousu import (
    CASE_SCHEMA_VERSION,
    ERROR_CODES,
    Assignment,
    Case,
    Complaint,
    Deadline,
    Decision,
    Directory,
    Event,
    Policy,
    RuleSet,
    Taxonomy,
    WorkCalendar,
    __version__,
)

__all__ = [
    "CASE_SCHEMA_VERSION",
    "ERROR_CODES",
    "Assignment",
    "CalendarError",
    "CalendarProblem",
    "Case",
    "Complaint",
    "Deadline",
    "Decision",
    "Directory",
    "Event",
    "InternalError",
    "ParseError",
    "Policy",
    "PolicyError",
    "PolicyProblem",
    "RoutingError",
    "RoutingProblem",
    "RuleError",
    "RuleSet",
    "Taxonomy",
    "TousuError",
    "UsageError",
    "ValidationError",
    "WorkCalendar",
    "__version__",
]
