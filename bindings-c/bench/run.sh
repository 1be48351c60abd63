#!/usr/bin/env bash
# Builds the release library and the C benchmarks, then runs them (from anywhere):
#
#   bash bindings-c/bench/run.sh
#
# Not part of the tests: figures depend on the machine and its load (see BENCHMARKS.md).
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$ROOT"
cargo build -j2 --release -p tousu-c
OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT
for bench in add_working_days deadlines routing; do
    gcc -std=c99 -O2 -Wall -Wextra -Wpedantic -Werror -I bindings-c/include "bindings-c/bench/$bench.c" \
        -o "$OUT/$bench" -L target/release -Wl,-Bstatic -ltousu -Wl,-Bdynamic -lpthread -ldl -lm
    echo "== $bench"
    "$OUT/$bench"
done
