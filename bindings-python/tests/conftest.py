"""Fixtures shared by the tests; the data itself is in casedata.py."""

from __future__ import annotations

import pytest

import tousu
from casedata import at, complaint_dict, registration


@pytest.fixture
def complaint() -> tousu.Complaint:
    return tousu.Complaint.from_dict(complaint_dict())


@pytest.fixture
def case(complaint: tousu.Complaint) -> tousu.Case:
    """A case registered and assigned to S010: stage in_handling, two events."""
    case = tousu.Case.register(complaint, registration())
    case.apply(tousu.Event("assigned", at=at(1, 10), actor="S001", handler="S010"))
    return case
