"""The README's Python examples run, and print what the README says they print."""

from __future__ import annotations

import contextlib
import io
import pathlib
import re

README = pathlib.Path(__file__).resolve().parents[2] / "README.md"


def python_blocks() -> list[str]:
    return re.findall(r"```python\n(.*?)```", README.read_text(encoding="utf-8"), flags=re.S)


def test_readme_has_python_examples() -> None:
    assert python_blocks(), "README.md lost its Python example"


def test_readme_python_examples_run_and_print_what_they_promise() -> None:
    for block in python_blocks():
        out = io.StringIO()
        with contextlib.redirect_stdout(out):
            exec(compile(block, str(README), "exec"), {"__name__": "readme"})
        printed = out.getvalue().splitlines()
        # Each `print(...)  # expected` or a following `# expected` comment line is checked.
        promised = [
            m.group(1).strip()
            for m in re.finditer(r"^\s*(?:print\(.*\)\s*)?#\s*(.+)$", block, flags=re.M)
        ]
        assert printed == promised, f"printed {printed}, README promises {promised}"
