/*
 * add_working_days.c — throughput of the C hot path, against a baseline in the same run.
 *
 * Build and run with bindings-c/bench/run.sh (release library, -O2). Not a test.
 *
 * 10,000,000 calls of tousu_calendar_add_working_days on the built-in CN calendar, with
 * (date, n) pairs drawn from a fixed-seed generator (dates 2006-2024, n in -250..250, never 0),
 * read from a 1,048,576-entry table so the generator's cost is not measured. The baseline
 * does the same loop with a plain `date + n` (an opaque, non-inlined function, so both loops
 * pay a call). Then the array form on the same table. Prints calls per second and ratios.
 */
#define _POSIX_C_SOURCE 199309L
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "tousu.h"

#define CALLS 10000000L
#define TABLE (1L << 20)

static double now(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

/* The baseline: a call that adds n days, kept out of line like the library's function. */
__attribute__((noinline)) static tousu_status plain_add(const void *unused, int32_t date, int64_t n, int32_t *out,
                                                        tousu_error **err) {
    (void)unused;
    (void)err;
    *out = date + (int32_t)n;
    return TOUSU_STATUS_OK;
}

int main(void) {
    static int32_t dates[TABLE], results[TABLE];
    static int64_t ns[TABLE];
    tousu_calendar *cn = NULL;
    int32_t first, span, out = 0;
    uint64_t seed = 0x9E3779B97F4A7C15u, sink = 0;
    long i;
    double t0, t_lib, t_base, t_array;

    if (tousu_calendar_builtin("CN", &cn, NULL) != TOUSU_STATUS_OK) {
        return 1;
    }
    tousu_date_from_ymd(2006, 1, 1, &first, NULL);
    tousu_date_from_ymd(2024, 12, 31, &span, NULL);
    span -= first;
    for (i = 0; i < TABLE; i++) {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        dates[i] = first + (int32_t)(seed % (uint64_t)span);
        ns[i] = (int64_t)((seed >> 32) % 500) - 250;
        if (ns[i] == 0) {
            ns[i] = 1;
        }
    }

    t0 = now();
    for (i = 0; i < CALLS; i++) {
        long k = i & (TABLE - 1);
        if (tousu_calendar_add_working_days(cn, dates[k], ns[k], &out, NULL) != TOUSU_STATUS_OK) {
            return 1;
        }
        sink += (uint32_t)out;
    }
    t_lib = now() - t0;

    t0 = now();
    for (i = 0; i < CALLS; i++) {
        long k = i & (TABLE - 1);
        if (plain_add(cn, dates[k], ns[k], &out, NULL) != TOUSU_STATUS_OK) {
            return 1;
        }
        sink += (uint32_t)out;
    }
    t_base = now() - t0;

    t0 = now();
    for (i = 0; i < CALLS / TABLE; i++) {
        if (tousu_calendar_add_working_days_array(cn, dates, ns, TABLE, results, NULL, NULL) != TOUSU_STATUS_OK) {
            return 1;
        }
        sink += (uint32_t)results[i];
    }
    t_array = (now() - t0) * (double)CALLS / (double)((CALLS / TABLE) * TABLE);

    printf("tousu_calendar_add_working_days:       %6.1f M calls/s (%.2f ns/call)\n", CALLS / t_lib / 1e6,
           t_lib / CALLS * 1e9);
    printf("tousu_calendar_add_working_days_array: %6.1f M dates/s (%.2f ns/date)\n", CALLS / t_array / 1e6,
           t_array / CALLS * 1e9);
    printf("baseline plain date + n (out of line): %6.1f M calls/s (%.2f ns/call)\n", CALLS / t_base / 1e6,
           t_base / CALLS * 1e9);
    printf("ratio: one call = %.2f x the baseline's time; target >= 50 M calls/s: %s\n", t_lib / t_base,
           CALLS / t_lib >= 50e6 ? "met" : "NOT met");
    printf("(checksum %llu)\n", (unsigned long long)sink);
    tousu_calendar_free(cn);
    return 0;
}
