#!/usr/bin/env bash
# Tests of the Python surface, run from the repository root:
#
#     bash bindings-python/run_tests.sh
#
# 1. creates (or reuses) the virtualenv .venv and installs maturin, pytest, mypy, numpy, and
#    pandas with its type stubs (Policy.deadlines_frame; the stubs for mypy --strict);
# 2. builds the extension (debug, into the workspace's shared target/, 2 jobs) and installs it
#    into .venv with `maturin develop`;
# 3. runs pytest on bindings-python/tests (the fixture corpus and the docstring examples
#    included), mypy's stubtest on the package, mypy --strict on the examples, and every
#    examples/python/*.py.
#
# Exits non-zero on the first failure. TOUSU_VENV overrides the virtualenv's location.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

venv="${TOUSU_VENV:-$root/.venv}"
if [ ! -x "$venv/bin/python" ]; then
    echo "==> creating the virtualenv $venv"
    python3 -m venv "$venv"
    # Keep git from listing it, wherever it is.
    printf '*\n' >"$venv/.gitignore"
fi
py="$venv/bin/python"
export VIRTUAL_ENV="$venv"
export PATH="$venv/bin:$PATH"

echo "==> installing maturin, pytest, mypy, numpy, pandas"
"$py" -m pip install --quiet --disable-pip-version-check \
    'maturin>=1.9.4,<2' 'pytest>=8' 'mypy>=1.11' numpy 'pandas>=2.2' pandas-stubs

echo "==> building the extension (debug) and installing it"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$root/target}"
export CARGO_BUILD_JOBS="${CARGO_BUILD_JOBS:-2}"
maturin develop --manifest-path bindings-python/Cargo.toml

echo "==> pytest"
"$py" -m pytest bindings-python/tests

echo "==> stubtest"
"$py" -m mypy.stubtest tousu

echo "==> mypy --strict on the examples"
"$py" -m mypy --strict --no-incremental examples/python

echo "==> examples"
shopt -s nullglob
examples=(examples/python/*.py)
if [ ${#examples[@]} -eq 0 ]; then
    echo "no examples in examples/python" >&2
    exit 1
fi
for example in "${examples[@]}"; do
    echo "--> $example"
    "$py" "$example"
done

echo "==> the Python surface passed"
