/*
 * routing.c — routing many complaints through the C API in one call, against routing them one
 * by one into JSON, in one run.
 *
 * Build and run with bindings-c/bench/run.sh (release library, -O2). Not a test.
 *
 * The complaints are the first 2,000 records of examples/data/sample_cases.jsonl (the
 * `complaint` object of each case file; every channel, severity and category of the sample),
 * the rule set the seed's procedure (tousu_rule_set_default: 10 rules, collect_all), as in
 * core/benches/routing.rs. Times, alternating in ROUNDS rounds to spread the machine's noise:
 *
 *   route_many   tousu_rule_set_route_many over all 2,000 (plain structs, no JSON) — the hot path
 *   route        tousu_rule_set_route one complaint at a time (plain structs)
 *   route_json   tousu_rule_set_route_json one at a time, freed with tousu_string_free — the
 *                baseline: what a caller gets without the typed form
 *
 * Each figure is the best of ROUNDS timings (the machine is shared: the best is the least
 * disturbed). Prints complaints per second and the ratios; core's own figures are in
 * BENCHMARKS.md.
 */
#define _POSIX_C_SOURCE 199309L
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "tousu.h"

#define COMPLAINTS 2000
#define PASSES 50 /* passes over the complaints per timing */
#define ROUNDS 7

static double seconds(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

/* The end of the JSON object starting at `p` (one past its closing brace), or NULL. */
static const char *object_end(const char *p) {
    int depth = 0, in_string = 0;
    for (; *p; p++) {
        if (in_string) {
            if (*p == '\\' && p[1] != '\0') {
                p++;
            } else if (*p == '"') {
                in_string = 0;
            }
        } else if (*p == '"') {
            in_string = 1;
        } else if (*p == '{') {
            depth++;
        } else if (*p == '}' && --depth == 0) {
            return p + 1;
        }
    }
    return NULL;
}

/* Reads up to COMPLAINTS complaints from the case files of `path`; returns how many. */
static size_t read_sample(const char *path, tousu_complaint **out) {
    FILE *f = fopen(path, "rb");
    static char line[1 << 20];
    size_t n = 0;
    if (f == NULL) {
        perror(path);
        return 0;
    }
    while (n < COMPLAINTS && fgets(line, sizeof line, f) != NULL) {
        char *start = strstr(line, "\"complaint\":");
        const char *end;
        if (start == NULL || (start = strchr(start, '{')) == NULL || (end = object_end(start)) == NULL) {
            continue;
        }
        *(char *)end = '\0';
        if (tousu_complaint_from_json(start, &out[n], NULL) == TOUSU_STATUS_OK) {
            n++;
        }
    }
    fclose(f);
    return n;
}

/* The shorter of two timings; 0 is "none yet". */
static double best(double so_far, double t) {
    return so_far == 0 || t < so_far ? t : so_far;
}

static double time_many(const tousu_rule_set *rules, tousu_complaint **c, size_t n, tousu_decision *out,
                        size_t *sink) {
    double t0 = seconds();
    int pass;
    for (pass = 0; pass < PASSES; pass++) {
        if (tousu_rule_set_route_many(rules, (const tousu_complaint *const *)c, NULL, n, out, NULL, NULL) !=
            TOUSU_STATUS_OK) {
            exit(1);
        }
        *sink += out[pass % n].matched_count;
    }
    return seconds() - t0;
}

static double time_one(const tousu_rule_set *rules, tousu_complaint **c, size_t n, size_t *sink) {
    double t0 = seconds();
    int pass;
    size_t i;
    for (pass = 0; pass < PASSES; pass++) {
        for (i = 0; i < n; i++) {
            tousu_decision d;
            if (tousu_rule_set_route(rules, c[i], NULL, &d, NULL) != TOUSU_STATUS_OK) {
                exit(1);
            }
            *sink += d.obligations;
        }
    }
    return seconds() - t0;
}

static double time_json(const tousu_rule_set *rules, tousu_complaint **c, size_t n, size_t *sink) {
    double t0 = seconds();
    int pass;
    size_t i;
    for (pass = 0; pass < PASSES; pass++) {
        for (i = 0; i < n; i++) {
            char *json = NULL;
            if (tousu_rule_set_route_json(rules, c[i], NULL, &json, NULL) != TOUSU_STATUS_OK) {
                exit(1);
            }
            *sink += (size_t)json[2];
            tousu_string_free(json);
        }
    }
    return seconds() - t0;
}

int main(int argc, char **argv) {
    static tousu_complaint *complaints[COMPLAINTS];
    static tousu_decision decisions[COMPLAINTS];
    const char *path = argc > 1 ? argv[1] : "examples/data/sample_cases.jsonl";
    tousu_rule_set *rules = NULL;
    size_t n = read_sample(path, complaints), i, sink = 0;
    double many = 0, one = 0, json = 0, routed;
    int round;
    if (n == 0 || tousu_rule_set_default(&rules, NULL) != TOUSU_STATUS_OK) {
        fprintf(stderr, "setup failed: %zu complaints from %s\n", n, path);
        return 1;
    }
    for (round = 0; round < ROUNDS; round++) {
        many = best(many, time_many(rules, complaints, n, decisions, &sink));
        one = best(one, time_one(rules, complaints, n, &sink));
        json = best(json, time_json(rules, complaints, n, &sink));
    }
    routed = (double)n * PASSES;
    printf("%zu complaints, rule set %s (%zu rules, %s)\n", n, tousu_rule_set_id(rules),
           tousu_rule_set_rule_count(rules), tousu_hit_policy_name(tousu_rule_set_hit_policy(rules)));
    printf("tousu_rule_set_route_many: %6.2f M complaints/s (%.0f ns/complaint)\n", routed / many / 1e6,
           many / routed * 1e9);
    printf("tousu_rule_set_route:      %6.2f M complaints/s (%.0f ns/complaint)\n", routed / one / 1e6,
           one / routed * 1e9);
    printf("tousu_rule_set_route_json: %6.2f M complaints/s (%.0f ns/complaint), the baseline\n",
           routed / json / 1e6, json / routed * 1e9);
    printf("ratio: route_many is %.1f x the JSON baseline, %.2f x one-by-one route\n", json / many, one / many);
    printf("(checksum %zu)\n", sink);
    for (i = 0; i < n; i++) {
        tousu_complaint_free(complaints[i]);
    }
    tousu_rule_set_free(rules);
    return 0;
}
