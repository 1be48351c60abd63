/*
 * Policies and deadlines through the C ABI: presets, policy files and their errors (status,
 * line, milestone), the typed deadlines of a case worked out by hand, the JSON form agreeing
 * with them, calendar mismatch and coverage, misuse (bad UTF-8, a `now` beyond any date; NULL
 * arguments are in test_misuse.c), the deadlines of many cases in one call (agreeing with one
 * call per case, all or nothing, its NULL arrays), and one policy and calendar shared by
 * several threads.
 */
#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "harness.h"

/* Received Monday 2024-09-30 16:00 Beijing time, after the branch's 15:30 cut-off, the day
 * before National Day (10-01..10-07 rest; Saturday 10-12 is a make-up working day). */
#define COMPLAINT_RECEIVED_AT(at)                                                                   \
    "{\"id\": \"SZ-2024-0930\", \"channel\": \"phone\", "                                           \
    "\"complainant\": {\"name\": \"李四\", \"contact\": {\"phone\": \"13800138000\"}}, "            \
    "\"receiver\": \"S001\", \"branch\": \"深圳福田营业部\", \"received_at\": \"" at "\", "         \
    "\"matter\": \"佣金收取异常\", \"facts\": {\"account\": \"九月佣金高于约定费率\"}, "            \
    "\"demand\": \"退还多收佣金\", \"category\": \"fees.commission\"}"

#define EVENT(at, action) "{\"at\": \"" at "\", \"actor\": \"S001\", \"action\": " action "}"

/* Unix seconds of the instants below, from `date -d ... +%s`. */
#define AT_2024_10_08_0930 INT64_C(1728351000)   /* 2024-10-08T09:30:00+08:00 */
#define AT_2024_10_08_1000 INT64_C(1728352800)   /* 2024-10-08T10:00:00+08:00 */
#define AT_2024_10_08_1530 INT64_C(1728372600)   /* 2024-10-08T15:30:00+08:00 */
#define AT_2024_10_08_2359 INT64_C(1728403199)   /* 2024-10-08T23:59:59+08:00 */
#define AT_2024_10_12_2359 INT64_C(1728748799)   /* 2024-10-12T23:59:59+08:00 */
#define AT_2024_09_30_1600 INT64_C(1727683200)   /* 2024-09-30T16:00:00+08:00 */
#define AT_2026_12_29_1100 INT64_C(1798513200)   /* 2026-12-29T11:00:00+08:00 */

/* A case received at `received_at`, registered five minutes later by `registration`, then
 * with `event` applied when it is not NULL; NULL if any step fails. */
static tousu_case *case_of(const char *complaint_json, const char *registration, const char *event) {
    tousu_complaint *complaint = NULL;
    tousu_case *c = NULL;
    if (tousu_complaint_from_json(complaint_json, &complaint, NULL) != TOUSU_STATUS_OK) {
        return NULL;
    }
    if (tousu_case_register(complaint, registration, &c, NULL) != TOUSU_STATUS_OK) {
        c = NULL;
    }
    tousu_complaint_free(complaint);
    if (c != NULL && event != NULL && tousu_case_apply_json(c, event, NULL) != TOUSU_STATUS_OK) {
        tousu_case_free(c);
        c = NULL;
    }
    return c;
}

static tousu_case *national_day_case(const char *event) {
    return case_of(COMPLAINT_RECEIVED_AT("2024-09-30T16:00:00+08:00"),
                   EVENT("2024-09-30T16:05:00+08:00", "{\"registered\": {}}"), event);
}

/* A policy file with `from_line` on line 15 and `due_line` on line 22. */
#define POLICY(from_line, due_line)                                                                 \
    "[policy]\n"                                             /*  1 */                               \
    "id = \"acme.branch\"\n"                                 /*  2 */                               \
    "version = 2\n"                                          /*  3 */                               \
    "name = \"Acme branch\"\n"                               /*  4 */                               \
    "calendar = \"CN\"\n"                                    /*  5 */                               \
    "source = \"Acme complaint procedure 2024\"\n"           /*  6 */                               \
    "applies_to = [\"complaint\"]\n"                         /*  7 */                               \
    "[policy.business_hours]\n"                              /*  8 */                               \
    "time_zone = \"+08:00\"\n"                               /*  9 */                               \
    "windows = [\"09:00-11:30\", \"13:00-15:30\"]\n"         /* 10 */                               \
    "receipt_cutoff = \"15:30\"\n"                           /* 11 */                               \
    "[[milestone]]\n"                                        /* 12 */                               \
    "id = \"acknowledge\"\n"                                 /* 13 */                               \
    "label = \"Acknowledge receipt\"\n"                      /* 14 */                               \
    from_line "\n"                                           /* 15 */                               \
    "due = { amount = 1, unit = \"working_days\" }\n"        /* 16 */                               \
    "met_by = [\"acknowledged\"]\n"                          /* 17 */                               \
    "[[milestone]]\n"                                        /* 18 */                               \
    "id = \"resolve\"\n"                                     /* 19 */                               \
    "label = \"Resolve in 5 working days\"\n"                /* 20 */                               \
    "from = \"milestone:acknowledge\"\n"                     /* 21 */                               \
    due_line "\n"                                            /* 22 */                               \
    "met_by = [\"result_fed_back\"]\n"                       /* 23 */

static const char ACME[] = POLICY("from = \"received\"", "due = { amount = 5, unit = \"working_days\" }");

/* --- policies -------------------------------------------------------------------------- */

static void test_every_preset_loads_with_its_milestones(void) {
    size_t i, count = tousu_policy_preset_count();
    CHECK(count == 6);
    CHECK(tousu_policy_preset_id(count) == NULL);
    for (i = 0; i < count; i++) {
        tousu_policy *p = NULL;
        const char *id = tousu_policy_preset_id(i);
        size_t m, milestones;
        int named = 1;
        CHECK(id != NULL);
        CHECK_STATUS(tousu_policy_preset(id, &p, NULL), TOUSU_STATUS_OK);
        milestones = tousu_policy_milestone_count(p);
        for (m = 0; m < milestones; m++) {
            named = named && tousu_policy_milestone_id(p, m) != NULL;
        }
        named = named && harness_str_eq(tousu_policy_id(p), id) && tousu_policy_version(p) >= 1 &&
                tousu_policy_calendar(p) != NULL && tousu_policy_name(p) != NULL && milestones > 0 &&
                tousu_policy_milestone_id(p, milestones) == NULL;
        tousu_policy_free(p);
        CHECK(named);
    }
}

static void test_the_branch_preset_by_hand(void) {
    tousu_policy *p = NULL;
    CHECK_STATUS(tousu_policy_preset("cn.branch", &p, NULL), TOUSU_STATUS_OK);
    CHECK_STR(tousu_policy_id(p), "cn.branch");
    CHECK_STR(tousu_policy_calendar(p), "CN");
    CHECK(tousu_policy_version(p) == 1);
    CHECK(tousu_policy_milestone_count(p) == 6);
    CHECK_STR(tousu_policy_milestone_id(p, 0), "acknowledge");
    CHECK_STR(tousu_policy_milestone_id(p, 1), "answer_time");
    CHECK_STR(tousu_policy_milestone_id(p, 3), "resolve");
    tousu_policy_free(p);
}

/* The whole of a text file, NUL-terminated (free it), or NULL. */
static char *read_file(const char *path) {
    FILE *f = fopen(path, "rb");
    char *text = NULL;
    long size;
    if (f != NULL && fseek(f, 0, SEEK_END) == 0 && (size = ftell(f)) >= 0 && fseek(f, 0, SEEK_SET) == 0 &&
        (text = malloc((size_t)size + 1)) != NULL) {
        text[fread(text, 1, (size_t)size, f)] = '\0';
    }
    if (f != NULL) {
        fclose(f);
    }
    return text;
}

/* Whether two policies have the same id, version, name, calendar and milestone ids. */
static int same_policy(const tousu_policy *a, const tousu_policy *b) {
    size_t i, n = tousu_policy_milestone_count(a);
    int same = n == tousu_policy_milestone_count(b) && tousu_policy_version(a) == tousu_policy_version(b) &&
               harness_str_eq(tousu_policy_id(a), tousu_policy_id(b)) &&
               harness_str_eq(tousu_policy_name(a), tousu_policy_name(b)) &&
               harness_str_eq(tousu_policy_calendar(a), tousu_policy_calendar(b));
    for (i = 0; same && i < n; i++) {
        same = harness_str_eq(tousu_policy_milestone_id(a, i), tousu_policy_milestone_id(b, i));
    }
    return same;
}

/* Each preset's file (core/data/policies, run from the repository root) reads as the preset. */
static void test_the_preset_files_read_as_the_presets(void) {
    size_t i;
    for (i = 0; i < tousu_policy_preset_count(); i++) {
        char path[128], *p;
        char *text;
        tousu_policy *preset = NULL, *read = NULL;
        int same;
        snprintf(path, sizeof path, "core/data/policies/%s.toml", tousu_policy_preset_id(i));
        for (p = path + strlen("core/data/policies/"); *p != '\0' && strcmp(p, ".toml") != 0; p++) {
            *p = *p == '.' ? '-' : *p; /* cn.branch -> cn-branch.toml */
        }
        text = read_file(path);
        same = text != NULL && tousu_policy_from_toml(text, path, &read, NULL) == TOUSU_STATUS_OK &&
               tousu_policy_preset(tousu_policy_preset_id(i), &preset, NULL) == TOUSU_STATUS_OK &&
               same_policy(read, preset);
        free(text);
        tousu_policy_free(read);
        tousu_policy_free(preset);
        if (!same) {
            fprintf(stderr, "%s does not read as preset %s\n", path, tousu_policy_preset_id(i));
        }
        CHECK(same);
    }
}

static void test_unknown_preset_lists_the_presets(void) {
    tousu_policy *p = (tousu_policy *)&p; /* a sentinel: must stay as it is */
    tousu_policy *const sentinel = p;
    tousu_error *err = NULL;
    CHECK_STATUS(tousu_policy_preset("cn.nowhere", &p, &err), TOUSU_STATUS_UNKNOWN_POLICY);
    CHECK(p == sentinel);
    CHECK(tousu_error_status(err) == TOUSU_STATUS_UNKNOWN_POLICY);
    CHECK_CONTAINS(tousu_error_message(err), "`cn.nowhere` is not a preset policy");
    CHECK_CONTAINS(tousu_error_message(err), "cn.branch");
    tousu_error_free(err);
}

static void test_a_policy_file_reads(void) {
    tousu_policy *p = NULL;
    CHECK_STATUS(tousu_policy_from_toml(ACME, NULL, &p, NULL), TOUSU_STATUS_OK);
    CHECK_STR(tousu_policy_id(p), "acme.branch");
    CHECK_STR(tousu_policy_name(p), "Acme branch");
    CHECK(tousu_policy_version(p) == 2);
    CHECK(tousu_policy_milestone_count(p) == 2);
    CHECK_STR(tousu_policy_milestone_id(p, 1), "resolve");
    tousu_policy_free(p);
}

static void test_an_unknown_unit_names_the_milestone_line_and_file(void) {
    static const char BAD[] = POLICY("from = \"received\"", "due = { amount = 5, unit = \"fortnights\" }");
    tousu_policy *p = NULL;
    tousu_error *err = NULL;
    CHECK_STATUS(tousu_policy_from_toml(BAD, "acme.toml", &p, &err), TOUSU_STATUS_POLICY_UNKNOWN_UNIT);
    CHECK(p == NULL);
    CHECK_CONTAINS(tousu_error_message(err), "policy acme.branch (acme.toml): line 22 column ");
    CHECK_CONTAINS(tousu_error_message(err), "milestone `resolve`");
    CHECK_CONTAINS(tousu_error_message(err), "fortnights");
    tousu_error_free(err);
}

static void test_malformed_toml_is_a_syntax_error_naming_the_line(void) {
    static const char BAD[] = POLICY("from = \"received\"", "due = { amount = 5 unit = \"working_days\" }");
    tousu_policy *p = NULL;
    tousu_error *err = NULL;
    CHECK_STATUS(tousu_policy_from_toml(BAD, NULL, &p, &err), TOUSU_STATUS_POLICY_SYNTAX);
    CHECK(p == NULL);
    CHECK_CONTAINS(tousu_error_message(err), "line 22 column ");
    tousu_error_free(err);
    err = NULL;
    CHECK_STATUS(tousu_policy_from_toml("", NULL, &p, &err), TOUSU_STATUS_POLICY_SYNTAX);
    CHECK_CONTAINS(tousu_error_message(err), "policy ?");
    tousu_error_free(err);
}

static void test_a_cycle_of_anchors_is_refused(void) {
    /* acknowledge anchored on resolve, resolve on acknowledge. */
    static const char CYCLE[] =
        POLICY("from = \"milestone:resolve\"", "due = { amount = 5, unit = \"working_days\" }");
    tousu_error *err = NULL;
    tousu_policy *p = NULL;
    CHECK_STATUS(tousu_policy_from_toml(CYCLE, NULL, &p, &err), TOUSU_STATUS_POLICY_ANCHOR_CYCLE);
    CHECK(p == NULL);
    CHECK_CONTAINS(tousu_error_message(err), "line 15 column ");
    tousu_error_free(err);
}

/* --- deadlines ------------------------------------------------------------------------- */

/* A preset policy, the CN calendar and a case: what the deadline tests ask about. */
typedef struct {
    tousu_policy *policy;
    tousu_calendar *cal;
    tousu_case *c;
} setup;

/* Takes `c` (which may be NULL); true when everything loaded. Free with tear_down either way. */
static int set_up(setup *s, const char *policy_id, tousu_case *c) {
    s->policy = NULL;
    s->cal = NULL;
    s->c = c;
    return c != NULL && tousu_policy_preset(policy_id, &s->policy, NULL) == TOUSU_STATUS_OK &&
           tousu_calendar_builtin("CN", &s->cal, NULL) == TOUSU_STATUS_OK;
}

static void tear_down(setup *s) {
    tousu_policy_free(s->policy);
    tousu_calendar_free(s->cal);
    tousu_case_free(s->c);
}

#define BRANCH_MILESTONES 6

/* The branch policy's deadlines for `c` (taken) at `now`, copied into `out`. */
static tousu_status branch_deadlines(tousu_case *c, int64_t now, tousu_deadline out[BRANCH_MILESTONES],
                                     tousu_error **err) {
    setup s;
    tousu_deadline *all = NULL;
    size_t n = 0;
    tousu_status status = TOUSU_STATUS_INTERNAL;
    if (set_up(&s, "cn.branch", c)) {
        status = tousu_policy_deadlines(s.policy, s.c, s.cal, now, &all, &n, err);
    }
    if (status == TOUSU_STATUS_OK && n == BRANCH_MILESTONES) {
        memcpy(out, all, sizeof *all * n);
    } else if (status == TOUSU_STATUS_OK) {
        status = TOUSU_STATUS_INTERNAL;
    }
    tousu_deadlines_free(all, n);
    tear_down(&s);
    return status;
}

static void test_national_day_deadlines_by_hand(void) {
    tousu_deadline d[BRANCH_MILESTONES];
    tousu_deadline ack, answer, commitment, resolve, report_back;
    CHECK_STATUS(branch_deadlines(national_day_case(NULL), AT_2024_10_08_1000, d, NULL), TOUSU_STATUS_OK);
    ack = d[0];
    answer = d[1];
    commitment = d[2];
    resolve = d[3];
    report_back = d[4];
    /* 1 working day after 09-30 is 10-08; its clock started at receipt. */
    CHECK(ack.milestone == 0 && ack.status == TOUSU_DEADLINE_STATUS_PENDING);
    CHECK(ack.unit == TOUSU_DEADLINE_UNIT_WORKING_DAYS);
    CHECK(ack.has_started && ack.started == AT_2024_09_30_1600);
    CHECK(ack.has_due && ack.due == AT_2024_10_08_2359 && ack.due_utc_offset == 8 * 3600);
    /* 09:00-10:00 of the day's 5 working hours used, 4 left: 0.2 and 0.8 working days. */
    CHECK(ack.elapsed == 3600 && ack.remaining == 4 * 3600);
    CHECK(ack.elapsed_in_unit > 0.1999 && ack.elapsed_in_unit < 0.2001);
    CHECK(ack.remaining_in_unit > 0.7999 && ack.remaining_in_unit < 0.8001);
    CHECK(!ack.has_met_at && ack.met_at == 0 && ack.met_by == NULL);
    CHECK(ack.paused_count == 0 && ack.paused_time == 0 && ack.extension_count == 0);
    /* After the cut-off: 15:30 on the next working day. */
    CHECK(answer.unit == TOUSU_DEADLINE_UNIT_TIME_OF_DAY && answer.due == AT_2024_10_08_1530);
    /* Anchored on an answer time promised, which has not happened: no due time. */
    CHECK(commitment.status == TOUSU_DEADLINE_STATUS_PENDING && !commitment.has_started && !commitment.has_due);
    CHECK(commitment.due == 0 && commitment.unit == TOUSU_DEADLINE_UNIT_CALENDAR_DAYS);
    /* 10-08..10-11 and the make-up Saturday 10-12. */
    CHECK(resolve.milestone == 3 && resolve.due == AT_2024_10_12_2359);
    CHECK(report_back.status == TOUSU_DEADLINE_STATUS_NOT_APPLICABLE && !report_back.has_due);
}

static const char ACKNOWLEDGED_AT_0930[] =
    EVENT("2024-10-08T09:30:00+08:00", "{\"acknowledged\": {\"via\": \"phone\"}}");

static void test_a_met_milestone_names_its_action(void) {
    tousu_deadline d[BRANCH_MILESTONES];
    CHECK_STATUS(branch_deadlines(national_day_case(ACKNOWLEDGED_AT_0930), AT_2024_10_08_1000, d, NULL),
                 TOUSU_STATUS_OK);
    CHECK(d[0].status == TOUSU_DEADLINE_STATUS_MET);
    CHECK(d[0].has_met_at && d[0].met_at == AT_2024_10_08_0930);
    CHECK_STR(d[0].met_by, "acknowledged");
    /* Measured up to the meeting event: 09:00-09:30 used, the rest of the day left. */
    CHECK(d[0].elapsed == 1800 && d[0].remaining == 4 * 3600 + 1800);
}

/* Whether the JSON array lists the typed deadlines' milestone, unit, status, elapsed,
 * remaining and paused time, in the same order: each is searched for after the previous. */
static int json_agrees(const char *json, const tousu_policy *p, const tousu_deadline *all, size_t n) {
    const char *at = json;
    size_t i;
    char want[256];
    for (i = 0; i < n && at != NULL; i++) {
        snprintf(want, sizeof want, "{\"milestone\":\"%s\",\"unit\":\"%s\",\"status\":\"%s\"",
                 tousu_policy_milestone_id(p, all[i].milestone), tousu_deadline_unit_name(all[i].unit),
                 tousu_deadline_status_name(all[i].status));
        at = strstr(at, want);
        if (at != NULL) {
            snprintf(want, sizeof want, "\"elapsed\":%lld,\"remaining\":%lld", (long long)all[i].elapsed,
                     (long long)all[i].remaining);
            at = strstr(at, want);
        }
        if (at != NULL) {
            snprintf(want, sizeof want, "\"paused_time\":%lld}", (long long)all[i].paused_time);
            at = strstr(at, want);
        }
    }
    if (at == NULL) {
        fprintf(stderr, "the JSON lacks %s for deadline %zu: %s\n", want, i - 1, json);
        return 0;
    }
    return strcmp(at + strlen(want), "]") == 0;
}

/* The first deadline of test_typed_and_json_agree, whole, as core writes it. */
static const char FIRST_DEADLINE_JSON[] =
    "[{\"milestone\":\"acknowledge\",\"unit\":\"working_days\",\"status\":\"met\","
    "\"started\":\"2024-09-30T16:00:00+08:00\",\"due\":\"2024-10-08T23:59:59+08:00\","
    "\"met_at\":\"2024-10-08T09:30:00+08:00\",\"met_by\":\"acknowledged\",\"elapsed\":1800,"
    "\"remaining\":16200,\"extensions\":[],\"extensions_over_limit\":[],\"paused\":[],\"paused_time\":0},";

static void test_typed_and_json_agree(void) {
    setup s;
    tousu_deadline *all = NULL;
    size_t n = 0;
    char *json = NULL;
    int agree = set_up(&s, "cn.branch", national_day_case(ACKNOWLEDGED_AT_0930)) &&
                tousu_policy_deadlines(s.policy, s.c, s.cal, AT_2024_10_08_1000, &all, &n, NULL) == TOUSU_STATUS_OK &&
                tousu_policy_deadlines_json(s.policy, s.c, s.cal, AT_2024_10_08_1000, &json, NULL) ==
                    TOUSU_STATUS_OK &&
                json_agrees(json, s.policy, all, n) &&
                strncmp(json, FIRST_DEADLINE_JSON, strlen(FIRST_DEADLINE_JSON)) == 0;
    tousu_string_free(json);
    tousu_deadlines_free(all, n);
    tear_down(&s);
    CHECK(agree);
}

static void test_another_calendar_than_the_policy_names(void) {
    setup s;
    tousu_deadline *all = (tousu_deadline *)&all; /* sentinels: a failed call leaves them */
    tousu_deadline *const sentinel = all;
    size_t n = 99;
    char *json = (char *)&json;
    char *const json_sentinel = json;
    tousu_error *err = NULL;
    tousu_status status = TOUSU_STATUS_INTERNAL, json_status = TOUSU_STATUS_INTERNAL;
    if (set_up(&s, "uk.fca.disp", national_day_case(NULL))) {
        status = tousu_policy_deadlines(s.policy, s.c, s.cal, AT_2024_10_08_1000, &all, &n, &err);
        json_status = tousu_policy_deadlines_json(s.policy, s.c, s.cal, AT_2024_10_08_1000, &json, NULL);
    }
    tear_down(&s);
    CHECK_STATUS(status, TOUSU_STATUS_POLICY_CALENDAR_MISMATCH);
    CHECK_STATUS(json_status, TOUSU_STATUS_POLICY_CALENDAR_MISMATCH);
    CHECK(all == sentinel && n == 99 && json == json_sentinel);
    CHECK_STR(tousu_error_message(err),
              "policy uk.fca.disp: the policy counts working days on calendar `GB-EAW`, not on `CN`");
    tousu_error_free(err);
}

static void test_a_due_date_beyond_the_calendar_is_not_guessed(void) {
    tousu_deadline d[BRANCH_MILESTONES];
    tousu_error *err = NULL;
    tousu_case *c = case_of(COMPLAINT_RECEIVED_AT("2026-12-29T10:00:00+08:00"),
                            EVENT("2026-12-29T10:05:00+08:00", "{\"registered\": {}}"), NULL);
    CHECK_STATUS(branch_deadlines(c, AT_2026_12_29_1100, d, &err), TOUSU_STATUS_DATE_OUT_OF_COVERAGE);
    CHECK_CONTAINS(tousu_error_message(err), "calendar CN: ");
    CHECK_CONTAINS(tousu_error_message(err), "2004–2026");
    tousu_error_free(err);
}

/* --- many cases in one call ------------------------------------------------------------- */

/* Whether two deadlines are equal field by field; names the first field that differs. */
static int same_deadline(const tousu_deadline *a, const tousu_deadline *b) {
    const char *differs = a->milestone != b->milestone                     ? "milestone"
                          : a->status != b->status                         ? "status"
                          : a->unit != b->unit                             ? "unit"
                          : a->has_started != b->has_started               ? "has_started"
                          : a->started != b->started                       ? "started"
                          : a->has_due != b->has_due                       ? "has_due"
                          : a->due != b->due                               ? "due"
                          : a->due_utc_offset != b->due_utc_offset         ? "due_utc_offset"
                          : a->has_met_at != b->has_met_at                 ? "has_met_at"
                          : a->met_at != b->met_at                         ? "met_at"
                          : !harness_str_eq(a->met_by, b->met_by)          ? "met_by"
                          : a->elapsed != b->elapsed                       ? "elapsed"
                          : a->remaining != b->remaining                   ? "remaining"
                          : a->elapsed_in_unit != b->elapsed_in_unit       ? "elapsed_in_unit"
                          : a->remaining_in_unit != b->remaining_in_unit   ? "remaining_in_unit"
                          : a->paused_time != b->paused_time               ? "paused_time"
                          : a->paused_count != b->paused_count             ? "paused_count"
                          : a->extension_count != b->extension_count       ? "extension_count"
                          : a->extensions_over_limit_count != b->extensions_over_limit_count
                              ? "extensions_over_limit_count"
                              : NULL;
    if (differs != NULL) {
        fprintf(stderr, "  milestone %zu: %s differs\n", a->milestone, differs);
    }
    return differs == NULL;
}

#define MANY_CASES 5

static const char PAUSED_AT_0940[] =
    EVENT("2024-10-08T09:40:00+08:00", "{\"clock_paused\": {\"reason\": \"等待客户材料\"}}");

/* Cases in different states, the last being the second again: received before the holiday
 * (untouched, acknowledged, or waiting for the customer since 09:40) and received at 09:00 on
 * 10-08. Free with free_cases; an element is NULL when its case did not build. */
static void many_cases(tousu_case *cases[MANY_CASES]) {
    cases[0] = national_day_case(NULL);
    cases[1] = national_day_case(ACKNOWLEDGED_AT_0930);
    cases[2] = case_of(COMPLAINT_RECEIVED_AT("2024-10-08T09:00:00+08:00"),
                       EVENT("2024-10-08T09:05:00+08:00", "{\"registered\": {}}"), NULL);
    cases[3] = national_day_case(PAUSED_AT_0940);
    cases[4] = cases[1];
}

static void free_cases(tousu_case *cases[MANY_CASES]) {
    int i;
    for (i = 0; i < MANY_CASES - 1; i++) {
        tousu_case_free(cases[i]);
    }
}

static int all_built(tousu_case *cases[MANY_CASES]) {
    int i, built = 1;
    for (i = 0; i < MANY_CASES; i++) {
        built = built && cases[i] != NULL;
    }
    return built;
}

/* tousu_policy_deadlines_many over MANY_CASES cases gives, case by case, the deadlines of
 * tousu_policy_deadlines, under a preset and under a policy file with another milestone count. */
static void many_agree_under(const char *preset_or_toml, int from_toml) {
    tousu_case *cases[MANY_CASES];
    tousu_policy *p = NULL;
    tousu_calendar *cn = NULL;
    tousu_deadline *many = NULL;
    size_t m = 0, i, j, failed = 777;
    int loaded, agree = 1;
    tousu_status status = TOUSU_STATUS_INTERNAL;
    many_cases(cases);
    loaded = all_built(cases) &&
             (from_toml ? tousu_policy_from_toml(preset_or_toml, NULL, &p, NULL)
                        : tousu_policy_preset(preset_or_toml, &p, NULL)) == TOUSU_STATUS_OK &&
             tousu_calendar_builtin("CN", &cn, NULL) == TOUSU_STATUS_OK;
    if (loaded) {
        m = tousu_policy_milestone_count(p);
        many = malloc(MANY_CASES * m * sizeof *many);
        status = tousu_policy_deadlines_many(p, (const tousu_case *const *)cases, MANY_CASES, cn,
                                             AT_2024_10_08_1000, many, &failed, NULL);
    }
    for (i = 0; status == TOUSU_STATUS_OK && agree && i < MANY_CASES; i++) {
        tousu_deadline *one = NULL;
        size_t n = 0;
        agree = tousu_policy_deadlines(p, cases[i], cn, AT_2024_10_08_1000, &one, &n, NULL) == TOUSU_STATUS_OK &&
                n == m;
        for (j = 0; agree && j < n; j++) {
            agree = many[i * m + j].milestone == j && same_deadline(&many[i * m + j], &one[j]);
        }
        if (!agree) {
            fprintf(stderr, "  case %zu of %s\n", i, from_toml ? "a policy file" : preset_or_toml);
        }
        tousu_deadlines_free(one, n);
    }
    free(many);
    free_cases(cases);
    tousu_policy_free(p);
    tousu_calendar_free(cn);
    CHECK(loaded);
    CHECK_STATUS(status, TOUSU_STATUS_OK);
    CHECK(failed == 777);
    CHECK(agree);
}

static void test_many_agrees_with_one_call_per_case(void) {
    many_agree_under("cn.branch", 0);
    if (harness_current_failed) {
        return;
    }
    many_agree_under(ACME, 1);
}

/* The cases above are not all alike, so the comparison would notice answers that repeat
 * case 0 or land in the wrong row. */
static void test_many_fills_row_by_row(void) {
    tousu_case *cases[MANY_CASES];
    tousu_deadline d[MANY_CASES * BRANCH_MILESTONES];
    const tousu_deadline *row[MANY_CASES];
    setup s;
    int i, loaded;
    tousu_status status = TOUSU_STATUS_INTERNAL;
    many_cases(cases);
    loaded = set_up(&s, "cn.branch", cases[0]) && all_built(cases);
    s.c = NULL; /* the cases are freed with free_cases */
    if (loaded) {
        status = tousu_policy_deadlines_many(s.policy, (const tousu_case *const *)cases, MANY_CASES, s.cal,
                                             AT_2024_10_08_1000, d, NULL, NULL);
    }
    free_cases(cases);
    tear_down(&s);
    CHECK(loaded);
    CHECK_STATUS(status, TOUSU_STATUS_OK);
    for (i = 0; i < MANY_CASES; i++) {
        row[i] = &d[i * BRANCH_MILESTONES];
    }
    /* acknowledge of each case */
    CHECK(row[0]->status == TOUSU_DEADLINE_STATUS_PENDING && row[0]->started == AT_2024_09_30_1600);
    CHECK(row[1]->status == TOUSU_DEADLINE_STATUS_MET && row[1]->met_at == AT_2024_10_08_0930);
    CHECK_STR(row[1]->met_by, "acknowledged");
    CHECK(row[2]->has_started && row[2]->started == AT_2024_10_08_1000 - 3600);
    CHECK(row[3]->status == TOUSU_DEADLINE_STATUS_PAUSED && row[3]->paused_count == 1);
    CHECK(row[3]->paused_time == 20 * 60 && row[3]->elapsed == 40 * 60);
    CHECK(same_deadline(row[4], row[1]));
    /* resolve, the fourth milestone, of the first case: as test_national_day_deadlines_by_hand */
    CHECK(row[0][3].milestone == 3 && row[0][3].due == AT_2024_10_12_2359);
}

/* Nothing to do: NULL arrays are fine, and `out` and `failed_index` are not touched. */
static void test_many_with_no_cases(void) {
    setup s;
    tousu_deadline out[1];
    unsigned char before[sizeof out];
    size_t failed = 777;
    int loaded = set_up(&s, "cn.branch", national_day_case(NULL));
    tousu_status with_nulls = TOUSU_STATUS_INTERNAL, with_out = TOUSU_STATUS_INTERNAL;
    memset(out, 0xa5, sizeof out);
    memcpy(before, out, sizeof out);
    if (loaded) {
        with_nulls = tousu_policy_deadlines_many(s.policy, NULL, 0, s.cal, AT_2024_10_08_1000, NULL, &failed, NULL);
        with_out = tousu_policy_deadlines_many(s.policy, (const tousu_case *const *)&s.c, 0, s.cal,
                                               AT_2024_10_08_1000, out, &failed, NULL);
    }
    tear_down(&s);
    CHECK(loaded);
    CHECK_STATUS(with_nulls, TOUSU_STATUS_OK);
    CHECK_STATUS(with_out, TOUSU_STATUS_OK);
    CHECK(failed == 777);
    CHECK(memcmp(before, out, sizeof out) == 0);
    /* A NULL policy has no milestones, and is still refused. */
    CHECK(tousu_policy_milestone_count(NULL) == 0);
    CHECK_STATUS(tousu_policy_deadlines_many(NULL, NULL, 0, NULL, 0, NULL, NULL, NULL), TOUSU_STATUS_NULL_ARGUMENT);
}

/* tousu_policy_deadlines_many over `cases` (MANY_CASES, the branch policy on CN) at `now` into
 * a sentinel-filled array: the status, and whether the array is still byte for byte the
 * sentinels. */
static tousu_status many_into_sentinels(const tousu_case *const *cases, int64_t now, size_t *failed,
                                        tousu_error **err, int *untouched) {
    setup s;
    tousu_deadline out[MANY_CASES * BRANCH_MILESTONES];
    unsigned char before[sizeof out];
    tousu_status status = TOUSU_STATUS_INTERNAL;
    size_t i;
    for (i = 0; i < sizeof out; i++) {
        ((unsigned char *)out)[i] = (unsigned char)(0x5a ^ i);
    }
    memcpy(before, out, sizeof out);
    if (set_up(&s, "cn.branch", national_day_case(NULL))) {
        status = tousu_policy_deadlines_many(s.policy, cases, MANY_CASES, s.cal, now, out, failed, err);
    }
    tear_down(&s);
    *untouched = memcmp(before, out, sizeof out) == 0;
    return status;
}

static void test_many_stops_at_a_null_case_and_writes_nothing(void) {
    tousu_case *cases[MANY_CASES];
    tousu_error *err = NULL;
    size_t failed = 777;
    int untouched = 0, built;
    tousu_status status = TOUSU_STATUS_INTERNAL;
    many_cases(cases);
    built = all_built(cases);
    if (built) {
        const tousu_case *with_a_hole[MANY_CASES];
        memcpy(with_a_hole, cases, sizeof with_a_hole);
        with_a_hole[2] = NULL;
        status = many_into_sentinels(with_a_hole, AT_2024_10_08_1000, &failed, &err, &untouched);
    }
    free_cases(cases);
    CHECK(built);
    CHECK_STATUS(status, TOUSU_STATUS_NULL_ARGUMENT);
    CHECK(failed == 2);
    CHECK_STR(tousu_error_message(err), "element 2: tousu_policy_deadlines_many: argument `cases[2]` is NULL");
    CHECK(tousu_error_status(err) == TOUSU_STATUS_NULL_ARGUMENT);
    tousu_error_free(err);
    CHECK(untouched);
}

#define LATE_CASE()                                                                             \
    case_of(COMPLAINT_RECEIVED_AT("2026-12-29T10:00:00+08:00"),                                 \
            EVENT("2026-12-29T10:05:00+08:00", "{\"registered\": {}}"), NULL)

static void test_many_stops_at_a_case_beyond_the_calendar_and_writes_nothing(void) {
    tousu_case *cases[MANY_CASES];
    tousu_case *late = LATE_CASE();
    tousu_deadline one[BRANCH_MILESTONES];
    tousu_error *err = NULL, *alone = NULL;
    size_t failed = 777;
    int untouched = 0, built;
    tousu_status status = TOUSU_STATUS_INTERNAL, without = TOUSU_STATUS_INTERNAL;
    many_cases(cases);
    built = all_built(cases) && late != NULL;
    if (built) {
        const tousu_case *mixed[MANY_CASES];
        memcpy(mixed, cases, sizeof mixed);
        /* Without the late case the call succeeds at this `now` (the paused case is left out:
         * paused since 2024, its due times lie beyond 2026 too). */
        mixed[3] = cases[0];
        without = many_into_sentinels(mixed, AT_2026_12_29_1100, NULL, NULL, &untouched);
        mixed[3] = late;
        status = many_into_sentinels(mixed, AT_2026_12_29_1100, &failed, &err, &untouched);
    }
    free_cases(cases);
    tousu_case_free(late);
    CHECK(built);
    CHECK_STATUS(without, TOUSU_STATUS_OK);
    CHECK_STATUS(status, TOUSU_STATUS_DATE_OUT_OF_COVERAGE);
    CHECK(failed == 3);
    CHECK(tousu_error_status(err) == TOUSU_STATUS_DATE_OUT_OF_COVERAGE);
    /* The index, then all that the late case alone gets: the calendar and its coverage. */
    CHECK_STARTS_WITH(tousu_error_message(err), "element 3: calendar CN: ");
    CHECK_CONTAINS(tousu_error_message(err), "2004–2026");
    CHECK_STATUS(branch_deadlines(LATE_CASE(), AT_2026_12_29_1100, one, &alone), TOUSU_STATUS_DATE_OUT_OF_COVERAGE);
    CHECK_ELEMENT_ERROR(err, 3, alone);
    tousu_error_free(err);
    tousu_error_free(alone);
    CHECK(untouched);
}

static void test_many_refuses_null_arrays_and_handles(void) {
    setup s;
    tousu_deadline out[BRANCH_MILESTONES];
    unsigned char before[sizeof out];
    const tousu_case *one[1];
    tousu_error *err = NULL;
    tousu_status st[5] = {TOUSU_STATUS_INTERNAL, TOUSU_STATUS_INTERNAL, TOUSU_STATUS_INTERNAL,
                          TOUSU_STATUS_INTERNAL, TOUSU_STATUS_INTERNAL};
    char messages[5][160] = {"", "", "", "", ""};
    size_t failed = 777;
    int i, loaded = set_up(&s, "cn.branch", national_day_case(NULL));
    memset(out, 0xa5, sizeof out);
    memcpy(before, out, sizeof out);
    one[0] = s.c;
    for (i = 0; loaded && i < 5; i++) {
        const tousu_policy *p = i == 0 ? NULL : s.policy;
        const tousu_case *const *cases = i == 1 ? NULL : one;
        const tousu_calendar *cal = i == 2 ? NULL : s.cal;
        tousu_deadline *into = i == 3 ? NULL : out;
        int64_t now = i == 4 ? INT64_MAX : AT_2024_10_08_1000;
        st[i] = tousu_policy_deadlines_many(p, cases, 1, cal, now, into, &failed, &err);
        snprintf(messages[i], sizeof messages[i], "%s", err != NULL ? tousu_error_message(err) : "(no error)");
        tousu_error_free(err);
        err = NULL;
    }
    tear_down(&s);
    CHECK(loaded);
    CHECK_STATUS(st[0], TOUSU_STATUS_NULL_ARGUMENT);
    CHECK_STR(messages[0], "tousu_policy_deadlines_many: argument `policy` is NULL");
    CHECK_STATUS(st[1], TOUSU_STATUS_NULL_ARGUMENT);
    CHECK_STR(messages[1], "tousu_policy_deadlines_many: argument `cases` is NULL but len is 1");
    CHECK_STATUS(st[2], TOUSU_STATUS_NULL_ARGUMENT);
    CHECK_STR(messages[2], "tousu_policy_deadlines_many: argument `cal` is NULL");
    CHECK_STATUS(st[3], TOUSU_STATUS_NULL_ARGUMENT);
    CHECK_STR(messages[3], "tousu_policy_deadlines_many: argument `out` is NULL but len is 1");
    CHECK_STATUS(st[4], TOUSU_STATUS_INVALID_TIMESTAMP);
    CHECK_CONTAINS(messages[4], "tousu_policy_deadlines_many: argument `now`");
    /* Arguments are refused before any case is asked about: no element is named. */
    CHECK(failed == 777);
    CHECK(memcmp(before, out, sizeof out) == 0);
}

/* A calendar the policy does not name: refused at element 0, as tousu_policy_deadlines refuses. */
static void test_many_on_another_calendar(void) {
    setup s;
    tousu_deadline out[3 * 4], *all = NULL;
    tousu_error *err = NULL, *alone = NULL;
    size_t failed = 777, n = 0;
    tousu_status status = TOUSU_STATUS_INTERNAL, alone_status = TOUSU_STATUS_INTERNAL;
    if (set_up(&s, "uk.fca.disp", national_day_case(NULL)) && tousu_policy_milestone_count(s.policy) <= 4) {
        const tousu_case *cases[3];
        cases[0] = cases[1] = cases[2] = s.c;
        status = tousu_policy_deadlines_many(s.policy, cases, 3, s.cal, AT_2024_10_08_1000, out, &failed, &err);
        alone_status = tousu_policy_deadlines(s.policy, s.c, s.cal, AT_2024_10_08_1000, &all, &n, &alone);
    }
    tear_down(&s);
    CHECK_STATUS(status, TOUSU_STATUS_POLICY_CALENDAR_MISMATCH);
    CHECK_STATUS(alone_status, TOUSU_STATUS_POLICY_CALENDAR_MISMATCH);
    CHECK(failed == 0 && all == NULL);
    CHECK_STR(tousu_error_message(err),
              "element 0: policy uk.fca.disp: the policy counts working days on calendar `GB-EAW`, not on `CN`");
    CHECK_ELEMENT_ERROR(err, 0, alone);
    tousu_error_free(err);
    tousu_error_free(alone);
}

/* --- misuse ---------------------------------------------------------------------------- */

static void test_bad_utf8_and_a_now_beyond_any_date(void) {
    tousu_policy *p = NULL;
    tousu_deadline d[BRANCH_MILESTONES];
    tousu_error *err = NULL;
    CHECK_STATUS(tousu_policy_preset("cn.\xff", &p, &err), TOUSU_STATUS_INVALID_UTF8);
    CHECK(p == NULL);
    CHECK_CONTAINS(tousu_error_message(err), "argument `id` is not valid UTF-8");
    tousu_error_free(err);
    err = NULL;
    CHECK_STATUS(tousu_policy_from_toml(ACME, "acme\xfe.toml", &p, NULL), TOUSU_STATUS_INVALID_UTF8);
    CHECK_STATUS(branch_deadlines(national_day_case(NULL), INT64_MAX, d, &err), TOUSU_STATUS_INVALID_TIMESTAMP);
    CHECK_CONTAINS(tousu_error_message(err), "tousu_policy_deadlines: argument `now`");
    tousu_error_free(err);
}

static void test_names_of_statuses_and_units(void) {
    CHECK_STR(tousu_deadline_status_name(TOUSU_DEADLINE_STATUS_PENDING), "pending");
    CHECK_STR(tousu_deadline_status_name(TOUSU_DEADLINE_STATUS_MET_LATE), "met_late");
    CHECK_STR(tousu_deadline_status_name(TOUSU_DEADLINE_STATUS_NOT_APPLICABLE), "not_applicable");
    CHECK(tousu_deadline_status_name(0) == NULL && tousu_deadline_status_name(8) == NULL);
    CHECK_STR(tousu_deadline_unit_name(TOUSU_DEADLINE_UNIT_WORKING_DAYS_CLOSE_OF_BUSINESS),
              "working_days_close_of_business");
    CHECK_STR(tousu_deadline_unit_name(TOUSU_DEADLINE_UNIT_TIME_OF_DAY), "time_of_day");
    CHECK(tousu_deadline_unit_name(0) == NULL && tousu_deadline_unit_name(UINT32_MAX) == NULL);
}

/* --- threads --------------------------------------------------------------------------- */

#define THREADS 4

typedef struct {
    const setup *shared;
    int ok;
} job;

static void *deadlines_in_a_thread(void *arg) {
    job *j = arg;
    const setup *s = j->shared;
    int round;
    j->ok = 1;
    for (round = 0; round < 20 && j->ok; round++) {
        tousu_deadline *all = NULL;
        size_t n = 0;
        j->ok = tousu_policy_deadlines(s->policy, s->c, s->cal, AT_2024_10_08_1000, &all, &n, NULL) ==
                    TOUSU_STATUS_OK &&
                n == BRANCH_MILESTONES && all[3].due == AT_2024_10_12_2359;
        tousu_deadlines_free(all, n);
    }
    return NULL;
}

static void test_one_policy_and_calendar_shared_by_threads(void) {
    setup s;
    pthread_t threads[THREADS];
    job jobs[THREADS];
    int i, all_ok = set_up(&s, "cn.branch", national_day_case(NULL));
    for (i = 0; i < THREADS && all_ok; i++) {
        jobs[i].shared = &s;
        jobs[i].ok = 0;
        pthread_create(&threads[i], NULL, deadlines_in_a_thread, &jobs[i]);
    }
    for (i = 0; i < THREADS && all_ok; i++) {
        pthread_join(threads[i], NULL);
    }
    for (i = 0; i < THREADS && all_ok; i++) {
        all_ok = jobs[i].ok;
    }
    tear_down(&s);
    CHECK(all_ok);
}

int main(void) {
    RUN(test_every_preset_loads_with_its_milestones);
    RUN(test_the_branch_preset_by_hand);
    RUN(test_the_preset_files_read_as_the_presets);
    RUN(test_unknown_preset_lists_the_presets);
    RUN(test_a_policy_file_reads);
    RUN(test_an_unknown_unit_names_the_milestone_line_and_file);
    RUN(test_malformed_toml_is_a_syntax_error_naming_the_line);
    RUN(test_a_cycle_of_anchors_is_refused);
    RUN(test_national_day_deadlines_by_hand);
    RUN(test_a_met_milestone_names_its_action);
    RUN(test_typed_and_json_agree);
    RUN(test_another_calendar_than_the_policy_names);
    RUN(test_a_due_date_beyond_the_calendar_is_not_guessed);
    RUN(test_many_agrees_with_one_call_per_case);
    RUN(test_many_fills_row_by_row);
    RUN(test_many_with_no_cases);
    RUN(test_many_stops_at_a_null_case_and_writes_nothing);
    RUN(test_many_stops_at_a_case_beyond_the_calendar_and_writes_nothing);
    RUN(test_many_refuses_null_arrays_and_handles);
    RUN(test_many_on_another_calendar);
    RUN(test_bad_utf8_and_a_now_beyond_any_date);
    RUN(test_names_of_statuses_and_units);
    RUN(test_one_policy_and_calendar_shared_by_threads);
    return harness_report();
}
