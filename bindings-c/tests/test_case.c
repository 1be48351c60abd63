/*
 * Cases: registration, the full procedure to the archive, refused events (which leave the case
 * exactly as it was), and the case file's JSON round trip.
 */
#include <stdlib.h>

#include "harness.h"

static const char COMPLAINT[] =
    "{\"id\": \"SZ-2024-0001\", \"channel\": \"phone\", "
    "\"complainant\": {\"name\": \"王建国\", \"contact\": {\"phone\": \"13800138000\"}}, "
    "\"respondent\": {\"person\": \"S099\", \"branch\": \"深圳福田营业部\"}, "
    "\"receiver\": \"S001\", \"branch\": \"深圳福田营业部\", \"received_at\": \"2024-03-01T09:30:00+08:00\", "
    "\"matter\": \"委托买入未成交\", \"facts\": {\"account\": \"开盘前委托买入，到价未成交\"}, "
    "\"demand\": \"说明原因\", \"category\": \"trading.execution\"}";

#define EVENT(at, actor, action) "{\"at\": \"" at "\", \"actor\": \"" actor "\", \"action\": " action "}"

static const char REGISTERED[] = EVENT("2024-03-01T09:35:00+08:00", "S001", "{\"registered\": {}}");
static const char ACKNOWLEDGED[] =
    EVENT("2024-03-01T09:40:00+08:00", "S001", "{\"acknowledged\": {\"via\": \"phone\"}}");
static const char ASSIGNED[] = EVENT("2024-03-01T10:00:00+08:00", "S001", "{\"assigned\": {\"handler\": \"S010\"}}");
static const char PROPOSED[] =
    EVENT("2024-03-05T10:00:00+08:00", "S010", "{\"resolution_proposed\": {\"plan\": \"解释成交规则\"}}");
static const char DECIDED[] = EVENT("2024-03-05T11:00:00+08:00", "S010",
                                    "{\"resolution_decided\": {\"decision\": \"解释说明\", \"by\": \"handler\"}}");
static const char FED_BACK[] = EVENT("2024-03-05T14:00:00+08:00", "S010",
                                     "{\"result_fed_back\": {\"via\": \"letter\", \"summary\": \"已书面说明\"}}");
static const char CLOSED[] =
    EVENT("2024-03-05T15:00:00+08:00", "S010",
          "{\"closed\": {\"cause\": \"价格未达\", \"result\": \"客户接受解释\", \"department\": \"运营部\", "
          "\"preventive_measures\": \"加强委托规则提示\"}}");
static const char ARCHIVED[] = EVENT("2024-04-16T10:00:00+08:00", "S020", "{\"archived\": {\"volume\": 2024}}");

/* A case registered from COMPLAINT, with the complaint already freed (the case has a copy). */
static tousu_case *registered_case(void) {
    tousu_complaint *complaint = NULL;
    tousu_case *c = NULL;
    if (tousu_complaint_from_json(COMPLAINT, &complaint, NULL) != TOUSU_STATUS_OK) {
        return NULL;
    }
    if (tousu_case_register(complaint, REGISTERED, &c, NULL) != TOUSU_STATUS_OK) {
        c = NULL;
    }
    tousu_complaint_free(complaint);
    return c;
}

static tousu_stage stage_of(const tousu_case *c) {
    tousu_stage stage = 0;
    if (tousu_case_stage(c, &stage, NULL) != TOUSU_STATUS_OK) {
        return 0;
    }
    return stage;
}

static size_t events_of(const tousu_case *c) {
    size_t n = 0;
    if (tousu_case_event_count(c, &n, NULL) != TOUSU_STATUS_OK) {
        return (size_t)-1;
    }
    return n;
}

/* Everything observable about a case, to compare before and after a refused event. */
typedef struct {
    size_t events;
    tousu_stage stage;
    char *state;
    char *file;
} snapshot;

static int take(const tousu_case *c, snapshot *s) {
    s->events = events_of(c);
    s->stage = stage_of(c);
    s->state = NULL;
    s->file = NULL;
    return tousu_case_state_json(c, &s->state, NULL) == TOUSU_STATUS_OK &&
           tousu_case_to_json(c, &s->file, NULL) == TOUSU_STATUS_OK;
}

static int same(const snapshot *a, const snapshot *b) {
    return a->events == b->events && a->stage == b->stage && strcmp(a->state, b->state) == 0 &&
           strcmp(a->file, b->file) == 0;
}

static void release(snapshot *s) {
    tousu_string_free(s->state);
    tousu_string_free(s->file);
}

/* Applies `event` expecting it refused with `expected`, and checks the case did not change. */
static int refused_and_unchanged(tousu_case *c, const char *event, tousu_status expected, tousu_error **err) {
    snapshot before, after;
    int ok;
    tousu_status status;
    if (!take(c, &before)) {
        return 0;
    }
    status = tousu_case_apply_json(c, event, err);
    if (!take(c, &after)) {
        release(&before);
        return 0;
    }
    ok = status == expected && same(&before, &after);
    if (!ok) {
        fprintf(stderr, "  apply returned %s, expected %s; case %s\n", harness_name(status), harness_name(expected),
                same(&before, &after) ? "unchanged" : "CHANGED");
    }
    release(&before);
    release(&after);
    return ok;
}

static void test_happy_path_to_archived(void) {
    static const struct {
        const char *event;
        tousu_stage stage;
    } steps[] = {
        {ACKNOWLEDGED, TOUSU_STAGE_REGISTERED},
        {EVENT("2024-03-01T09:41:00+08:00", "S001",
               "{\"answer_time_promised\": {\"answer_by\": \"2024-03-01T15:30:00+08:00\"}}"),
         TOUSU_STAGE_REGISTERED},
        {ASSIGNED, TOUSU_STAGE_IN_HANDLING},
        {EVENT("2024-03-04T16:00:00+08:00", "S010", "{\"investigation_reported\": {\"summary\": \"报单延迟\"}}"),
         TOUSU_STAGE_IN_HANDLING},
        {PROPOSED, TOUSU_STAGE_IN_HANDLING},
        {DECIDED, TOUSU_STAGE_RESOLVED},
        {FED_BACK, TOUSU_STAGE_RESULT_FED_BACK},
        {CLOSED, TOUSU_STAGE_CLOSED},
        {EVENT("2024-04-15T10:00:00+08:00", "S001",
               "{\"callback_visited\": {\"via\": \"phone\", \"satisfaction\": \"satisfied\"}}"),
         TOUSU_STAGE_CLOSED},
        {ARCHIVED, TOUSU_STAGE_ARCHIVED},
    };
    size_t i;
    char *state = NULL;
    tousu_error *err = NULL;
    tousu_case *c = registered_case();
    CHECK(c != NULL);
    CHECK(stage_of(c) == TOUSU_STAGE_REGISTERED);
    CHECK(events_of(c) == 1);
    for (i = 0; i < sizeof steps / sizeof steps[0]; i++) {
        CHECK_STATUS(tousu_case_apply_json(c, steps[i].event, &err), TOUSU_STATUS_OK);
        CHECK(err == NULL);
        CHECK_STR(tousu_stage_name(stage_of(c)), tousu_stage_name(steps[i].stage));
        CHECK(events_of(c) == i + 2);
    }
    CHECK_STATUS(tousu_case_state_json(c, &state, NULL), TOUSU_STATUS_OK);
    CHECK_CONTAINS(state, "\"stage\":\"archived\"");
    CHECK_CONTAINS(state, "\"archive_volume\":2024");
    CHECK_CONTAINS(state, "\"handler\":\"S010\"");
    CHECK_CONTAINS(state, "\"callbacks\":1");
    tousu_string_free(state);

    /* Nothing more may be recorded. */
    CHECK(refused_and_unchanged(
        c, EVENT("2024-04-17T10:00:00+08:00", "S001", "{\"reopened\": {\"reason\": \"客户再次来电\"}}"),
        TOUSU_STATUS_CASE_ARCHIVED, &err));
    CHECK_STR(tousu_error_rule(err), "case_archived");
    CHECK(tousu_error_event_index(err) == 11);
    tousu_error_free(err);
    tousu_case_free(c);
}

/* An event dated before the last one is refused; the case is identical before and after. */
static void test_event_out_of_order_leaves_case_unchanged(void) {
    tousu_error *err = NULL;
    tousu_case *c = registered_case();
    CHECK(c != NULL);
    CHECK_STATUS(tousu_case_apply_json(c, ASSIGNED, NULL), TOUSU_STATUS_OK);
    CHECK(refused_and_unchanged(
        c, EVENT("2024-03-01T09:00:00+08:00", "S010", "{\"acknowledged\": {\"via\": \"phone\"}}"),
        TOUSU_STATUS_EVENT_OUT_OF_ORDER, &err));
    CHECK_STATUS(tousu_error_status(err), TOUSU_STATUS_EVENT_OUT_OF_ORDER);
    CHECK_STR(tousu_error_rule(err), "event_out_of_order");
    CHECK(tousu_error_event_index(err) == 2);
    CHECK(tousu_error_field_count(err) == 0);
    CHECK_CONTAINS(tousu_error_message(err), "2024-03-01T09:00:00+08:00");
    tousu_error_free(err);
    CHECK(events_of(c) == 2);
    tousu_case_free(c);
}

/* R12: the person complained about (S099) may not handle the case. */
static void test_recusal_required(void) {
    tousu_error *err = NULL;
    tousu_case *c = registered_case();
    CHECK(c != NULL);
    CHECK(refused_and_unchanged(
        c, EVENT("2024-03-01T10:00:00+08:00", "S001", "{\"assigned\": {\"handler\": \"S099\"}}"),
        TOUSU_STATUS_RECUSAL_REQUIRED, &err));
    CHECK_STR(tousu_error_rule(err), "recusal_required");
    CHECK(tousu_error_event_index(err) == 1);
    CHECK_CONTAINS(tousu_error_message(err), "S099");
    tousu_error_free(err);
    /* Someone else may. */
    CHECK_STATUS(tousu_case_apply_json(c, ASSIGNED, NULL), TOUSU_STATUS_OK);
    CHECK(stage_of(c) == TOUSU_STAGE_IN_HANDLING);
    tousu_case_free(c);
}

/* R20: no close before the result is fed back. */
static void test_close_before_result_fed_back(void) {
    tousu_error *err = NULL;
    tousu_case *c = registered_case();
    CHECK(c != NULL);
    CHECK_STATUS(tousu_case_apply_json(c, ASSIGNED, NULL), TOUSU_STATUS_OK);
    CHECK_STATUS(tousu_case_apply_json(c, PROPOSED, NULL), TOUSU_STATUS_OK);
    CHECK_STATUS(tousu_case_apply_json(c, DECIDED, NULL), TOUSU_STATUS_OK);
    CHECK(refused_and_unchanged(c, CLOSED, TOUSU_STATUS_RESULT_NOT_FED_BACK, &err));
    CHECK_STR(tousu_error_rule(err), "result_not_fed_back");
    CHECK(tousu_error_event_index(err) == 4);
    CHECK(stage_of(c) == TOUSU_STAGE_RESOLVED);
    tousu_error_free(err);
    tousu_case_free(c);
}

static void test_registration_before_receipt(void) {
    tousu_complaint *complaint = NULL;
    tousu_case *c = NULL;
    tousu_error *err = NULL;
    CHECK_STATUS(tousu_complaint_from_json(COMPLAINT, &complaint, NULL), TOUSU_STATUS_OK);
    CHECK_STATUS(tousu_case_register(complaint, EVENT("2024-03-01T09:00:00+08:00", "S001", "{\"registered\": {}}"),
                                     &c, &err),
                 TOUSU_STATUS_REGISTERED_BEFORE_RECEIPT);
    CHECK(c == NULL);
    CHECK_STR(tousu_error_rule(err), "registered_before_receipt");
    CHECK(tousu_error_event_index(err) == 0);
    tousu_error_free(err);
    tousu_complaint_free(complaint);
}

static void test_registration_out_of_place(void) {
    tousu_complaint *complaint = NULL;
    tousu_case *c = NULL;
    tousu_error *err = NULL;
    CHECK_STATUS(tousu_complaint_from_json(COMPLAINT, &complaint, NULL), TOUSU_STATUS_OK);
    /* The first event must be the registration... */
    CHECK_STATUS(tousu_case_register(complaint, ASSIGNED, &c, &err), TOUSU_STATUS_REGISTRATION_OUT_OF_PLACE);
    CHECK(c == NULL);
    CHECK_STR(tousu_error_rule(err), "registration_out_of_place");
    tousu_error_free(err);
    err = NULL;
    /* ...and only the first. */
    CHECK_STATUS(tousu_case_register(complaint, REGISTERED, &c, NULL), TOUSU_STATUS_OK);
    CHECK(refused_and_unchanged(c, EVENT("2024-03-01T09:50:00+08:00", "S001", "{\"registered\": {}}"),
                                TOUSU_STATUS_REGISTRATION_OUT_OF_PLACE, &err));
    CHECK(tousu_error_event_index(err) == 1);
    tousu_error_free(err);
    tousu_case_free(c);
    tousu_complaint_free(complaint);
}

/* An event's own data is validated, every problem with its path. */
static void test_invalid_event_lists_fields(void) {
    tousu_error *err = NULL;
    tousu_case *c = registered_case();
    CHECK(c != NULL);
    CHECK(refused_and_unchanged(
        c, EVENT("2024-03-01T10:00:00+08:00", "", "{\"handed_over\": {\"to\": \"S002\", \"reason\": \" \"}}"),
        TOUSU_STATUS_INVALID_EVENT, &err));
    CHECK(tousu_error_field_count(err) == 2);
    CHECK_STR(tousu_error_field_path(err, 0), "actor");
    CHECK_STR(tousu_error_field_path(err, 1), "action.handed_over.reason");
    CHECK(tousu_error_rule(err) == NULL);
    CHECK(tousu_error_event_index(err) == -1);
    tousu_error_free(err);
    tousu_case_free(c);
}

static void test_unknown_action_and_malformed_event(void) {
    tousu_error *err = NULL;
    tousu_case *c = registered_case();
    CHECK(c != NULL);
    CHECK(refused_and_unchanged(c, EVENT("2024-03-01T10:00:00+08:00", "S001", "{\"teleported\": {}}"),
                                TOUSU_STATUS_UNKNOWN_VARIANT, &err));
    CHECK_CONTAINS(tousu_error_message(err), "teleported");
    tousu_error_free(err);
    err = NULL;
    CHECK(refused_and_unchanged(c, "{\"at\": ", TOUSU_STATUS_MALFORMED_JSON, &err));
    CHECK_CONTAINS(tousu_error_message(err), "event");
    tousu_error_free(err);
    tousu_case_free(c);
}

/* to_json, from_json, to_json: equal texts, and the read case is the same case. */
static void test_case_json_round_trip_is_equal(void) {
    tousu_case *a = registered_case(), *b = NULL;
    snapshot sa, sb;
    int equal;
    CHECK(a != NULL);
    CHECK_STATUS(tousu_case_apply_json(a, ACKNOWLEDGED, NULL), TOUSU_STATUS_OK);
    CHECK_STATUS(tousu_case_apply_json(a, ASSIGNED, NULL), TOUSU_STATUS_OK);
    CHECK_STATUS(tousu_case_apply_json(a, PROPOSED, NULL), TOUSU_STATUS_OK);
    CHECK(take(a, &sa));
    CHECK_CONTAINS(sa.file, "\"schema_version\":1");
    CHECK_STATUS(tousu_case_from_json(sa.file, &b, NULL), TOUSU_STATUS_OK);
    CHECK(take(b, &sb));
    equal = same(&sa, &sb);
    release(&sa);
    release(&sb);
    CHECK(equal);
    /* The copy is independent: an event on one does not reach the other. */
    CHECK_STATUS(tousu_case_apply_json(b, DECIDED, NULL), TOUSU_STATUS_OK);
    CHECK(events_of(b) == 5);
    CHECK(events_of(a) == 4);
    tousu_case_free(a);
    tousu_case_free(b);
}

static void test_case_file_with_unsupported_version(void) {
    tousu_case *c = NULL;
    tousu_error *err = NULL;
    CHECK_STATUS(tousu_case_from_json("{\"schema_version\": 2, \"complaint\": {}, \"events\": []}", &c, &err),
                 TOUSU_STATUS_UNSUPPORTED_SCHEMA_VERSION);
    CHECK(c == NULL);
    CHECK_CONTAINS(tousu_error_message(err), "schema_version 2");
    tousu_error_free(err);
}

/* A case file is replayed: a history that breaks the procedure is refused, naming the event. */
static void test_case_file_with_broken_history(void) {
    static const char file[] = "{\"schema_version\": 1, \"complaint\": ";
    char text[4096];
    tousu_case *c = NULL;
    tousu_error *err = NULL;
    int n = snprintf(text, sizeof text, "%s%s, \"events\": [%s, %s, %s]}", file, COMPLAINT, REGISTERED, ACKNOWLEDGED,
                     EVENT("2024-03-01T09:45:00+08:00", "S001", "{\"acknowledged\": {}}"));
    CHECK(n > 0 && (size_t)n < sizeof text);
    CHECK_STATUS(tousu_case_from_json(text, &c, &err), TOUSU_STATUS_ALREADY_ACKNOWLEDGED);
    CHECK(c == NULL);
    CHECK_STR(tousu_error_rule(err), "already_acknowledged");
    CHECK(tousu_error_event_index(err) == 2);
    tousu_error_free(err);
    err = NULL;
    /* No events at all: there is no registration. */
    n = snprintf(text, sizeof text, "%s%s, \"events\": []}", file, COMPLAINT);
    CHECK(n > 0 && (size_t)n < sizeof text);
    CHECK_STATUS(tousu_case_from_json(text, &c, &err), TOUSU_STATUS_REGISTRATION_OUT_OF_PLACE);
    CHECK(c == NULL);
    tousu_error_free(err);
}

int main(void) {
    RUN(test_happy_path_to_archived);
    RUN(test_event_out_of_order_leaves_case_unchanged);
    RUN(test_recusal_required);
    RUN(test_close_before_result_fed_back);
    RUN(test_registration_before_receipt);
    RUN(test_registration_out_of_place);
    RUN(test_invalid_event_lists_fields);
    RUN(test_unknown_action_and_malformed_event);
    RUN(test_case_json_round_trip_is_equal);
    RUN(test_case_file_with_unsupported_version);
    RUN(test_case_file_with_broken_history);
    return harness_report();
}
