/*
 * Threads: distinct handles are independent and may be used concurrently; a handle may move
 * between threads; an error's accessors may be called from several threads at once; one
 * compiled rule set routes on several threads at once.
 */
#include <pthread.h>
#include <stdlib.h>

#include "harness.h"

#define THREADS 4

static const char COMPLAINT[] =
    "{\"id\": \"GZ-1\", \"channel\": \"walk_in\", "
    "\"complainant\": {\"name\": \"李四\", \"contact\": {\"email\": \"lisi@example.cn\"}}, "
    "\"receiver\": \"S001\", \"branch\": \"广州天河营业部\", \"received_at\": \"2024-06-03T10:00:00+08:00\", "
    "\"matter\": \"营业厅服务态度差\", \"facts\": {\"account\": \"柜台人员不耐烦\"}, \"demand\": \"道歉\", "
    "\"category\": \"service.attitude\"}";
static const char REGISTERED[] = "{\"at\": \"2024-06-03T10:05:00+08:00\", \"actor\": \"S001\", "
                                 "\"action\": {\"registered\": {}}}";
static const char ASSIGNED[] = "{\"at\": \"2024-06-03T10:10:00+08:00\", \"actor\": \"S001\", "
                               "\"action\": {\"assigned\": {\"handler\": \"S010\"}}}";
static const char PROPOSED[] = "{\"at\": \"2024-06-04T10:00:00+08:00\", \"actor\": \"S010\", "
                               "\"action\": {\"resolution_proposed\": {\"plan\": \"道歉并培训\"}}}";

/* Each thread builds its own case from scratch and records two events; 1 on success. */
static void *own_case(void *unused) {
    tousu_complaint *complaint = NULL;
    tousu_case *c = NULL;
    size_t events = 0;
    int ok;
    (void)unused;
    ok = tousu_complaint_from_json(COMPLAINT, &complaint, NULL) == TOUSU_STATUS_OK &&
         tousu_case_register(complaint, REGISTERED, &c, NULL) == TOUSU_STATUS_OK &&
         tousu_case_apply_json(c, ASSIGNED, NULL) == TOUSU_STATUS_OK &&
         tousu_case_apply_json(c, PROPOSED, NULL) == TOUSU_STATUS_OK &&
         tousu_case_event_count(c, &events, NULL) == TOUSU_STATUS_OK && events == 3;
    tousu_case_free(c);
    tousu_complaint_free(complaint);
    return ok ? (void *)1 : NULL;
}

static void test_distinct_cases_in_parallel(void) {
    pthread_t threads[THREADS];
    int i, started = 0, succeeded = 0;
    for (i = 0; i < THREADS; i++) {
        if (pthread_create(&threads[i], NULL, own_case, NULL) == 0) {
            started++;
        }
    }
    for (i = 0; i < started; i++) {
        void *result = NULL;
        pthread_join(threads[i], &result);
        succeeded += result != NULL;
    }
    CHECK(started == THREADS);
    CHECK(succeeded == THREADS);
}

/* A case made on this thread gets its next event on another, then comes back. */
static void *apply_proposed(void *c) {
    return tousu_case_apply_json(c, PROPOSED, NULL) == TOUSU_STATUS_OK ? (void *)1 : NULL;
}

static void test_case_moves_between_threads(void) {
    tousu_complaint *complaint = NULL;
    tousu_case *c = NULL;
    pthread_t thread;
    void *result = NULL;
    size_t events = 0;
    CHECK_STATUS(tousu_complaint_from_json(COMPLAINT, &complaint, NULL), TOUSU_STATUS_OK);
    CHECK_STATUS(tousu_case_register(complaint, REGISTERED, &c, NULL), TOUSU_STATUS_OK);
    tousu_complaint_free(complaint);
    CHECK_STATUS(tousu_case_apply_json(c, ASSIGNED, NULL), TOUSU_STATUS_OK);
    CHECK(pthread_create(&thread, NULL, apply_proposed, c) == 0);
    pthread_join(thread, &result);
    CHECK(result != NULL);
    CHECK_STATUS(tousu_case_event_count(c, &events, NULL), TOUSU_STATUS_OK);
    CHECK(events == 3);
    tousu_case_free(c);
}

/* Reads every accessor of a shared error; 1 when all agree with what the main thread saw. */
static void *read_error(void *err) {
    int ok = tousu_error_status(err) == TOUSU_STATUS_INVALID_COMPLAINT && tousu_error_field_count(err) == 5 &&
             strcmp(tousu_error_field_path(err, 4), "demand") == 0 && tousu_error_message(err) != NULL &&
             tousu_error_rule(err) == NULL && tousu_error_event_index(err) == -1;
    return ok ? (void *)1 : NULL;
}

static void test_error_read_from_several_threads(void) {
    pthread_t threads[THREADS];
    tousu_complaint *complaint = NULL;
    tousu_error *err = NULL;
    int i, started = 0, succeeded = 0;
    CHECK_STATUS(tousu_complaint_from_json("{\"id\": \"GZ-1\", \"channel\": \"walk_in\", \"receiver\": \"S001\", "
                                           "\"branch\": \"b\", \"received_at\": \"2024-06-03T10:00:00+08:00\", "
                                           "\"category\": \"service.attitude\"}",
                                           &complaint, &err),
                 TOUSU_STATUS_INVALID_COMPLAINT);
    for (i = 0; i < THREADS; i++) {
        if (pthread_create(&threads[i], NULL, read_error, err) == 0) {
            started++;
        }
    }
    for (i = 0; i < started; i++) {
        void *result = NULL;
        pthread_join(threads[i], &result);
        succeeded += result != NULL;
    }
    tousu_error_free(err);
    CHECK(started == THREADS);
    CHECK(succeeded == THREADS);
}

/* One compiled rule set, shared: each thread routes its own complaint, one by one and many at a
 * time (also by complainant), and must get the decision the main thread got. */
#define ROUNDS 50

typedef struct {
    const tousu_rule_set *rules;
    tousu_decision expected;
} shared_rules;

static int same_decision(const tousu_decision *a, const tousu_decision *b) {
    return a->handler == b->handler && a->department == b->department && a->level == b->level &&
           a->policy == b->policy && a->escalate_to == b->escalate_to && a->obligations == b->obligations &&
           a->matched_count == b->matched_count && a->deciding_rule == b->deciding_rule &&
           memcmp(a->matched, b->matched, sizeof a->matched) == 0;
}

static void *route_shared(void *arg) {
    const shared_rules *shared = arg;
    tousu_complaint *complaint = NULL;
    const tousu_complaint *many[8];
    const char *keys[8] = {"A", "A", "B", NULL, "A", "", "B", "A"};
    tousu_decision one, out[8], by_key[8];
    int round, i, ok = tousu_complaint_from_json(COMPLAINT, &complaint, NULL) == TOUSU_STATUS_OK;
    for (i = 0; i < 8; i++) {
        many[i] = complaint;
    }
    for (round = 0; ok && round < ROUNDS; round++) {
        ok = tousu_rule_set_route(shared->rules, complaint, NULL, &one, NULL) == TOUSU_STATUS_OK &&
             same_decision(&one, &shared->expected) &&
             tousu_rule_set_route_many(shared->rules, many, NULL, 8, out, NULL, NULL) == TOUSU_STATUS_OK &&
             tousu_rule_set_route_many_by_complainant(shared->rules, many, keys, NULL, 8, by_key, NULL, NULL) ==
                 TOUSU_STATUS_OK;
        for (i = 0; ok && i < 8; i++) {
            ok = same_decision(&out[i], &shared->expected) && same_decision(&by_key[i], &shared->expected);
        }
    }
    tousu_complaint_free(complaint);
    return ok ? (void *)1 : NULL;
}

static void test_rule_set_shared_by_threads(void) {
    pthread_t threads[THREADS];
    tousu_rule_set *rules = NULL;
    tousu_complaint *complaint = NULL;
    shared_rules shared;
    int i, started = 0, succeeded = 0;
    CHECK_STATUS(tousu_rule_set_default(&rules, NULL), TOUSU_STATUS_OK);
    CHECK_STATUS(tousu_complaint_from_json(COMPLAINT, &complaint, NULL), TOUSU_STATUS_OK);
    CHECK_STATUS(tousu_rule_set_route(rules, complaint, NULL, &shared.expected, NULL), TOUSU_STATUS_OK);
    tousu_complaint_free(complaint);
    CHECK_STR(shared.expected.handler, "operations_supervisor");
    shared.rules = rules;
    for (i = 0; i < THREADS; i++) {
        if (pthread_create(&threads[i], NULL, route_shared, &shared) == 0) {
            started++;
        }
    }
    for (i = 0; i < started; i++) {
        void *result = NULL;
        pthread_join(threads[i], &result);
        succeeded += result != NULL;
    }
    tousu_rule_set_free(rules);
    CHECK(started == THREADS);
    CHECK(succeeded == THREADS);
}

int main(void) {
    RUN(test_distinct_cases_in_parallel);
    RUN(test_case_moves_between_threads);
    RUN(test_error_read_from_several_threads);
    RUN(test_rule_set_shared_by_threads);
    return harness_report();
}
