/*
 * deadlines.c — all deadlines of a case through the C API, typed against JSON, in one run.
 *
 * Build and run with bindings-c/bench/run.sh (release library, -O2). Not a test.
 *
 * The case and policy of core/benches/deadline.rs: 8 milestones (every unit), received Friday
 * 2024-09-27 16:00 before National Day, paused twice, extended once, `now` 2024-10-10 10:00.
 * Times CASES calls of tousu_policy_deadlines (plain structs, one allocation freed by
 * tousu_deadlines_free), CASES / BATCH calls of tousu_policy_deadlines_many over BATCH copies
 * of the case pointer (the same structs into one caller's array reused from call to call) and
 * CASES calls of tousu_policy_deadlines_json (the same deadlines written as JSON and freed with
 * tousu_string_free), alternating in two rounds to spread the machine's noise. Prints cases per
 * second and the ratios; core's own figure is in BENCHMARKS.md.
 */
#define _POSIX_C_SOURCE 199309L
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "tousu.h"

#define CASES 100000L
#define BATCH 1000L
#define MILESTONES 8

static const char POLICY[] =
    "[policy]\nid = \"bench.eight\"\nversion = 1\nname = \"Eight milestones\"\ncalendar = \"CN\"\n"
    "source = \"bench\"\napplies_to = [\"complaint\"]\n"
    "[policy.business_hours]\ntime_zone = \"+08:00\"\nwindows = [\"09:00-11:30\", \"13:00-15:30\"]\n"
    "receipt_cutoff = \"15:30\"\n"
    "[policy.clock]\npause_on = \"clock_paused\"\nresume_on = \"clock_resumed\"\n"
#define MILESTONE(id, from, due, met_by)                                                            \
    "[[milestone]]\nid = \"" id "\"\nlabel = \"" id "\"\nfrom = \"" from "\"\ndue = " due "\n"      \
    "met_by = [\"" met_by "\"]\nwarn_at = 0.8\n"
    MILESTONE("acknowledge", "received", "{ amount = 1, unit = \"working_days\" }", "acknowledged")
    MILESTONE("answer_time", "received", "{ at = \"15:30\", unit = \"time_of_day\" }", "answer_time_promised")
    MILESTONE("triage", "received", "{ amount = 8, unit = \"working_hours\" }", "investigation_reported")
    MILESTONE("investigate", "received", "{ amount = 3, unit = \"working_days\" }", "investigation_reported")
    MILESTONE("resolve", "received", "{ amount = 5, unit = \"working_days\" }", "result_fed_back")
    "extension = { max_count = 2, max_amount = 10 }\n"
    MILESTONE("summary", "received", "{ amount = 3, unit = \"working_days_close_of_business\" }", "result_fed_back")
    MILESTONE("final", "received", "{ amount = 8, unit = \"weeks\" }", "result_fed_back")
    MILESTONE("callback", "milestone:resolve", "{ amount = 2, unit = \"months\" }", "callback_visited");

static const char COMPLAINT[] =
    "{\"id\": \"B-1\", \"channel\": \"phone\", \"complainant\": {\"name\": \"赵六\", \"contact\": {\"phone\": "
    "\"13800138000\"}}, \"receiver\": \"S001\", \"branch\": \"杭州营业部\", \"received_at\": "
    "\"2024-09-27T16:00:00+08:00\", \"matter\": \"m\", \"facts\": {\"account\": \"f\"}, \"demand\": \"d\", "
    "\"category\": \"service.attitude\"}";

#define EVENT(at, action) "{\"at\": \"" at "\", \"actor\": \"S001\", \"action\": " action "}"
static const char *const EVENTS[] = {
    EVENT("2024-09-27T16:05:00+08:00", "{\"registered\": {}}"),
    EVENT("2024-09-29T09:10:00+08:00", "{\"acknowledged\": {}}"),
    EVENT("2024-09-29T09:20:00+08:00", "{\"assigned\": {\"handler\": \"S010\"}}"),
    EVENT("2024-09-29T10:00:00+08:00", "{\"clock_paused\": {\"reason\": \"等待客户材料\"}}"),
    EVENT("2024-09-29T14:00:00+08:00", "{\"clock_resumed\": {}}"),
    EVENT("2024-09-30T10:00:00+08:00", "{\"clock_paused\": {\"reason\": \"等待客户材料\"}}"),
    EVENT("2024-10-08T10:30:00+08:00", "{\"clock_resumed\": {}}"),
    EVENT("2024-10-08T11:00:00+08:00",
          "{\"extension_granted\": {\"reason\": \"情况复杂\", \"approved_by\": \"S005\", \"working_days\": 2}}"),
    EVENT("2024-10-09T10:00:00+08:00", "{\"investigation_reported\": {\"summary\": \"s\"}}"),
};

/* 2024-10-10T10:00:00+08:00 in Unix seconds. */
static const int64_t NOW = INT64_C(1728525600);

static double seconds(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

static tousu_case *the_case(void) {
    tousu_complaint *complaint = NULL;
    tousu_case *c = NULL;
    size_t i;
    int ok = tousu_complaint_from_json(COMPLAINT, &complaint, NULL) == TOUSU_STATUS_OK &&
             tousu_case_register(complaint, EVENTS[0], &c, NULL) == TOUSU_STATUS_OK;
    for (i = 1; ok && i < sizeof EVENTS / sizeof EVENTS[0]; i++) {
        ok = tousu_case_apply_json(c, EVENTS[i], NULL) == TOUSU_STATUS_OK;
    }
    tousu_complaint_free(complaint);
    if (!ok) {
        tousu_case_free(c);
        return NULL;
    }
    return c;
}

/* Seconds for CASES typed calls; sums the due times into *sink so nothing is optimised away. */
static double time_typed(const tousu_policy *p, const tousu_case *c, const tousu_calendar *cal, int64_t *sink) {
    double t0 = seconds();
    long i;
    for (i = 0; i < CASES; i++) {
        tousu_deadline *all = NULL;
        size_t n = 0;
        if (tousu_policy_deadlines(p, c, cal, NOW, &all, &n, NULL) != TOUSU_STATUS_OK) {
            exit(1);
        }
        *sink += all[n - 1].due;
        tousu_deadlines_free(all, n);
    }
    return seconds() - t0;
}

/* Seconds for CASES cases in calls of BATCH; sums the due times as time_typed does. */
static double time_many(const tousu_policy *p, const tousu_case *const *cases, const tousu_calendar *cal,
                        tousu_deadline *out, int64_t *sink) {
    double t0 = seconds();
    long i;
    for (i = 0; i < CASES / BATCH; i++) {
        if (tousu_policy_deadlines_many(p, cases, BATCH, cal, NOW, out, NULL, NULL) != TOUSU_STATUS_OK) {
            exit(1);
        }
        *sink += out[(BATCH - 1) * MILESTONES + MILESTONES - 1].due;
    }
    return seconds() - t0;
}

static double time_json(const tousu_policy *p, const tousu_case *c, const tousu_calendar *cal, int64_t *sink) {
    double t0 = seconds();
    long i;
    for (i = 0; i < CASES; i++) {
        char *json = NULL;
        if (tousu_policy_deadlines_json(p, c, cal, NOW, &json, NULL) != TOUSU_STATUS_OK) {
            exit(1);
        }
        *sink += json[1];
        tousu_string_free(json);
    }
    return seconds() - t0;
}

int main(void) {
    tousu_policy *p = NULL;
    tousu_calendar *cn = NULL;
    tousu_case *c = the_case();
    tousu_error *err = NULL;
    const tousu_case **cases = malloc(BATCH * sizeof *cases);
    tousu_deadline *out = malloc(BATCH * MILESTONES * sizeof *out);
    int64_t sink = 0;
    double typed = 0, many = 0, json = 0;
    long i;
    int round;
    if (c == NULL || cases == NULL || out == NULL ||
        tousu_policy_from_toml(POLICY, "bench.toml", &p, &err) != TOUSU_STATUS_OK ||
        tousu_calendar_builtin("CN", &cn, &err) != TOUSU_STATUS_OK || tousu_policy_milestone_count(p) != MILESTONES) {
        fprintf(stderr, "setup: %s\n", err != NULL ? tousu_error_message(err) : "the case or the policy");
        return 1;
    }
    for (i = 0; i < BATCH; i++) {
        cases[i] = c;
    }
    for (round = 0; round < 2; round++) {
        typed += time_typed(p, c, cn, &sink);
        many += time_many(p, cases, cn, out, &sink);
        json += time_json(p, c, cn, &sink);
    }
    printf("tousu_policy_deadlines:      %7.0f k cases/s (%.2f us/case, 8 milestones)\n",
           2 * CASES / typed / 1e3, typed / (2 * CASES) * 1e6);
    printf("tousu_policy_deadlines_many: %7.0f k cases/s (%.2f us/case, %ld cases a call)\n",
           2 * CASES / many / 1e3, many / (2 * CASES) * 1e6, BATCH);
    printf("tousu_policy_deadlines_json: %7.0f k cases/s (%.2f us/case)\n", 2 * CASES / json / 1e3,
           json / (2 * CASES) * 1e6);
    printf("ratio: the typed form takes %.2f x the JSON form's time; _many %.2f x the typed form's\n",
           typed / json, many / typed);
    printf("(checksum %lld)\n", (long long)sink);
    free(cases);
    free(out);
    tousu_policy_free(p);
    tousu_calendar_free(cn);
    tousu_case_free(c);
    return 0;
}
