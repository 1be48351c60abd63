#!/usr/bin/env bash
# The C surface's test command.
#
#   cargo build -j2 -p tousu-c && bash bindings-c/tests/run.sh [TARGET_DIR]
#
# TARGET_DIR holds libtousu.a (default target/debug, relative to the repository root). The
# library is built only when it is missing there. Steps:
#
#   1. the committed header bindings-c/include/tousu.h equals cbindgen's output for the source;
#   2. every bindings-c/tests/*.c and examples/c/*.c compiles with
#      -std=c99 -Wall -Wextra -Wpedantic -Werror against the static library;
#   3. every test program (test_*.c) and example runs under valgrind: no errors, no definite
#      or indirect leaks. A test program prints `ok - name` / `not ok - name` per test case;
#      an example is one case;
#      every example also compiles as C++17 (g++) and prints the same;
#   4. the shared fixture corpus (tests/testdata) runs through fixture_runner under valgrind,
#      driven by run_fixtures.py, which prints `c-fixtures: N passed, M failed`.
#
# The last line is `c: N passed, M failed` (N = C test cases); the exit status is non-zero on
# any failure of any step.
set -uo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$ROOT" || exit 1
TARGET=${1:-target/debug}
TARGET=$(cd "$(dirname "$TARGET")" 2>/dev/null && pwd)/$(basename "$TARGET") || true

failures=0
fail() {
    echo "FAIL: $*" >&2
    failures=$((failures + 1))
}

# --- the library --------------------------------------------------------------------------
if [ ! -f "$TARGET/libtousu.a" ]; then
    if [ "$(basename "$TARGET")" = debug ]; then
        echo "run.sh: $TARGET/libtousu.a is missing; building it"
        cargo build -j2 -p tousu-c --target-dir "$(dirname "$TARGET")" || exit 1
    else
        echo "run.sh: $TARGET/libtousu.a is missing; build it with cargo build -p tousu-c" >&2
        exit 1
    fi
fi

WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

# --- 1. the header is fresh ---------------------------------------------------------------
CBINDGEN=${CBINDGEN:-$(command -v cbindgen || echo "$HOME/.cargo/bin/cbindgen")}
if [ ! -x "$CBINDGEN" ]; then
    fail "cbindgen not found; install it with: cargo install cbindgen --locked --version 0.29.4"
elif ! "$CBINDGEN" --quiet --config bindings-c/cbindgen.toml --crate tousu-c --output "$WORK/tousu.h" \
    2>"$WORK/cbindgen.log"; then
    cat "$WORK/cbindgen.log" >&2
    fail "cbindgen could not generate the header"
elif ! diff -u bindings-c/include/tousu.h "$WORK/tousu.h" >"$WORK/header.diff"; then
    head -n 60 "$WORK/header.diff" >&2
    fail "bindings-c/include/tousu.h is stale: regenerate it with
    cbindgen --config bindings-c/cbindgen.toml --crate tousu-c --output bindings-c/include/tousu.h
and commit it"
else
    echo "header: bindings-c/include/tousu.h is fresh"
fi

# --- 2. compile -----------------------------------------------------------------------------
CFLAGS=(-std=c99 -Wall -Wextra -Wpedantic -Werror -g -I bindings-c/include)
# Static, so valgrind sees no dlopen noise; the system libraries are what Rust's std needs.
LDLIBS=(-L"$TARGET" -Wl,-Bstatic -ltousu -Wl,-Bdynamic -lpthread -ldl -lm)
VALGRIND=(valgrind -q --error-exitcode=1 --leak-check=full --errors-for-leak-kinds=definite,indirect)

passed=0
failed=0
compile() { # source -> binary in $WORK, or a failure
    local src=$1 bin=$WORK/$(basename "$1" .c)
    if gcc "${CFLAGS[@]}" "$src" -o "$bin" "${LDLIBS[@]}" 2>"$bin.cc.log"; then
        return 0
    fi
    cat "$bin.cc.log" >&2
    return 1
}

# --- 3. run the test programs and the examples under valgrind ------------------------------
for src in bindings-c/tests/test_*.c; do
    name=$(basename "$src" .c)
    if ! compile "$src"; then
        echo "not ok - $name (does not compile)"
        failed=$((failed + 1))
        continue
    fi
    "${VALGRIND[@]}" "$WORK/$name" >"$WORK/$name.out" 2>"$WORK/$name.err"
    status=$?
    grep -E '^(not )?ok - ' "$WORK/$name.out" | sed "s/ - / - $name: /"
    ok=$(grep -c '^ok - ' "$WORK/$name.out")
    not_ok=$(grep -c '^not ok - ' "$WORK/$name.out")
    passed=$((passed + ok))
    failed=$((failed + not_ok))
    if [ "$status" -ne 0 ] || [ "$not_ok" -ne 0 ]; then
        cat "$WORK/$name.err" >&2
        if [ "$not_ok" -eq 0 ]; then # a crash, or valgrind found errors or leaks
            echo "not ok - $name (exit status $status under valgrind)"
            failed=$((failed + 1))
        fi
    fi
done

for src in examples/c/*.c; do
    name=$(basename "$src" .c)
    if compile "$src" && "${VALGRIND[@]}" "$WORK/$name" >"$WORK/$name.out" 2>"$WORK/$name.err"; then
        echo "ok - example $name"
        passed=$((passed + 1))
    else
        cat "$WORK/$name.err" 2>/dev/null >&2
        echo "not ok - example $name"
        failed=$((failed + 1))
    fi
done

# C++ callers include the same header: every example also compiles as C++17 (the header's
# extern "C" block and C++-compatible types) and runs with the same result.
if command -v g++ >/dev/null; then
    for src in examples/c/*.c; do
        name=$(basename "$src" .c)
        bin=$WORK/$name-cpp
        if g++ -x c++ -std=c++17 -Wall -Wextra -Wpedantic -Werror -I bindings-c/include "$src" -o "$bin" \
            "${LDLIBS[@]}" 2>"$bin.cc.log" && "$bin" >"$bin.out" 2>&1 && cmp -s "$bin.out" "$WORK/$name.out"; then
            echo "ok - example $name as C++"
            passed=$((passed + 1))
        else
            cat "$bin.cc.log" "$bin.out" 2>/dev/null >&2
            echo "not ok - example $name as C++"
            failed=$((failed + 1))
        fi
    done
else
    fail "g++ not found: the header's C++ compatibility is not checked"
fi

# --- 4. the shared fixture corpus -------------------------------------------------------------
if compile bindings-c/tests/fixture_runner.c; then
    python3 bindings-c/tests/run_fixtures.py -- "${VALGRIND[@]}" "$WORK/fixture_runner" ||
        fail "the shared fixtures do not all pass through the C ABI"
else
    fail "fixture_runner.c does not compile"
fi

echo "c: $passed passed, $failed failed"
[ "$failed" -eq 0 ] && [ "$failures" -eq 0 ]
