"""The examples in the docstrings (package, classes, exceptions) run as tests.

pytest's --doctest-modules does not look inside compiled modules, so the examples are collected
with doctest's own finder from the package, the extension and the exceptions module, one pytest
case per docstring.
"""

from __future__ import annotations

import doctest
import types

import pytest

import tousu
from tousu import _errors, _tousu


def collect(*modules: types.ModuleType) -> list[doctest.DocTest]:
    finder = doctest.DocTestFinder(exclude_empty=True)
    tests = [test for module in modules for test in finder.find(module) if test.examples]
    return sorted(tests, key=lambda test: test.name)


DOCTESTS = collect(tousu, _tousu, _errors)


def test_examples_are_found_where_expected() -> None:
    found = {test.name for test in DOCTESTS}
    for name in ("tousu", "tousu._tousu.Complaint", "tousu._tousu.Event", "tousu._tousu.Case", "tousu._tousu.WorkCalendar", "tousu._tousu.Policy", "tousu._tousu.RuleSet", "tousu._tousu.Taxonomy", "tousu._tousu.Assignment", "tousu._errors.RoutingError"):
        assert name in found, f"no examples found in {name}; found {sorted(found)}"


@pytest.mark.parametrize("test", DOCTESTS, ids=[test.name for test in DOCTESTS])
def test_docstring_examples(test: doctest.DocTest) -> None:
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS)
    output: list[str] = []
    result = runner.run(test, out=output.append)
    assert result.failed == 0, "".join(output)
