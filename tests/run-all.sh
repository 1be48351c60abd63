#!/usr/bin/env bash
# Every test of every surface: Rust (unit, fixtures, proptest, doctests, examples), C (header
# freshness, tests and example under valgrind, fixtures), Python (pytest, stubtest, examples),
# and the main job on the bundled sample. Installs what it needs; safe to run on a fresh machine.
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_BUILD_JOBS="${CARGO_BUILD_JOBS:-2}"
export CARGO_TERM_COLOR=never

step() { printf '\n==> %s\n' "$*"; }

step "tools"
if ! command -v cbindgen >/dev/null 2>&1; then
  cargo install cbindgen --locked --version 0.29.4
fi
if ! command -v valgrind >/dev/null 2>&1; then
  apt-get update -qq && apt-get install -y -qq valgrind
fi
if ! command -v g++ >/dev/null 2>&1; then   # the C examples are compiled as C++ too
  apt-get update -qq && apt-get install -y -qq g++
fi

step "rust: build the C library once (shared by the C tests)"
cargo build -j2 -p tousu-c

step "rust: cargo test (core, C binding crate, examples)"
cargo test -j2 --workspace --exclude tousu-python

step "c: header, tests and example under valgrind, fixtures"
bash bindings-c/tests/run.sh target/debug

step "python: build into .venv, pytest, stubtest, examples"
bash bindings-python/run_tests.sh

step "main job on the bundled sample"
cargo run -j2 -q -p tousu-examples --bin case_summary > target/case_summary.txt
head -5 target/case_summary.txt

printf '\nsurfaces (rust, c, python, main job): 4 passed, 0 failed\n'
