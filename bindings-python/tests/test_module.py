"""The package surface: exports, version, schema version."""

from __future__ import annotations

import importlib.metadata
import json

import tousu


def test_all_names_every_public_export() -> None:
    public = {name for name in dir(tousu) if not name.startswith("_")}
    assert set(tousu.__all__) == public | {"__version__"}
    assert len(tousu.__all__) == len(set(tousu.__all__))


def test_version_is_the_package_version() -> None:
    assert tousu.__version__ == importlib.metadata.version("tousu")
    assert tousu.__version__.count(".") == 2


def test_case_files_carry_the_schema_version(case: tousu.Case) -> None:
    assert tousu.CASE_SCHEMA_VERSION == 1
    assert json.loads(case.to_json())["schema_version"] == tousu.CASE_SCHEMA_VERSION


def test_classes_live_in_the_extension_module() -> None:
    for cls in (tousu.Complaint, tousu.Event, tousu.Case):
        assert cls.__module__ == "tousu._tousu"
        assert cls.__doc__ and ">>>" in cls.__doc__
