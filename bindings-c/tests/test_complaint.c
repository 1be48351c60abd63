/*
 * Complaints: reading, validation with every field problem, JSON round trip, and each class
 * of failure with its status, message and field paths.
 */
#include <stdlib.h>

#include "harness.h"

/* A valid record. The parts in the middle are spliced so each test changes one thing. */
#define HEAD                                                                                  \
    "{\"id\": \"SZ-2024-0001\", \"channel\": \"phone\", "                                     \
    "\"receiver\": \"S001\", \"branch\": \"深圳福田营业部\", "                                \
    "\"received_at\": \"2024-03-01T09:30:00+08:00\", \"category\": \"trading.execution\", "
#define COMPLAINANT "\"complainant\": {\"name\": \"王建国\", \"contact\": {\"phone\": \"13800138000\"}}, "
#define MATTER                                                                                \
    "\"matter\": \"委托买入未成交\", \"facts\": {\"account\": \"开盘前委托买入，到价未成交\"}, " \
    "\"demand\": \"说明原因\""

static const char VALID[] = HEAD COMPLAINANT MATTER "}";

/* The error's field paths are exactly `expected` (n of them), in order. */
static int fields_are(const tousu_error *err, const char *const *expected, size_t n) {
    size_t i;
    if (tousu_error_field_count(err) != n) {
        fprintf(stderr, "  %zu field problems, expected %zu: %s\n", tousu_error_field_count(err), n,
                tousu_error_message(err));
        return 0;
    }
    for (i = 0; i < n; i++) {
        const char *path = tousu_error_field_path(err, i);
        if (path == NULL || strcmp(path, expected[i]) != 0) {
            fprintf(stderr, "  field %zu is %s, expected %s\n", i, path ? path : "(null)", expected[i]);
            return 0;
        }
        if (tousu_error_field_problem(err, i) == NULL || tousu_error_field_problem(err, i)[0] == '\0') {
            fprintf(stderr, "  field %zu has no problem text\n", i);
            return 0;
        }
    }
    return 1;
}

static void test_valid_complaint_reads_and_leaves_err_alone(void) {
    tousu_complaint *complaint = NULL;
    tousu_error *err = NULL;
    CHECK_STATUS(tousu_complaint_from_json(VALID, &complaint, &err), TOUSU_STATUS_OK);
    CHECK(complaint != NULL);
    CHECK(err == NULL);
    tousu_complaint_free(complaint);
}

/* to_json, from_json, to_json: the two texts are equal, and the record kept its values. */
static void test_complaint_json_round_trip_is_equal(void) {
    tousu_complaint *a = NULL, *b = NULL;
    char *first = NULL, *second = NULL;
    int equal;
    CHECK_STATUS(tousu_complaint_from_json(VALID, &a, NULL), TOUSU_STATUS_OK);
    CHECK_STATUS(tousu_complaint_to_json(a, &first, NULL), TOUSU_STATUS_OK);
    CHECK_STATUS(tousu_complaint_from_json(first, &b, NULL), TOUSU_STATUS_OK);
    CHECK_STATUS(tousu_complaint_to_json(b, &second, NULL), TOUSU_STATUS_OK);
    equal = strcmp(first, second) == 0;
    CHECK_CONTAINS(first, "\"name\":\"王建国\"");
    CHECK_CONTAINS(first, "\"received_at\":\"2024-03-01T09:30:00+08:00\"");
    tousu_string_free(first);
    tousu_string_free(second);
    tousu_complaint_free(a);
    tousu_complaint_free(b);
    CHECK(equal);
}

static void test_malformed_json(void) {
    tousu_complaint *complaint = NULL;
    tousu_error *err = NULL;
    CHECK_STATUS(tousu_complaint_from_json("{\"id\": \"SZ-1\",", &complaint, &err),
                 TOUSU_STATUS_MALFORMED_JSON);
    CHECK(complaint == NULL);
    CHECK(err != NULL);
    CHECK_STATUS(tousu_error_status(err), TOUSU_STATUS_MALFORMED_JSON);
    CHECK_CONTAINS(tousu_error_message(err), "complaint");
    CHECK_CONTAINS(tousu_error_message(err), "line 1");
    CHECK(tousu_error_field_count(err) == 0);
    CHECK(tousu_error_field_path(err, 0) == NULL);
    CHECK(tousu_error_rule(err) == NULL);
    CHECK(tousu_error_event_index(err) == -1);
    tousu_error_free(err);
}

/* A JSON value of the wrong type is also malformed; the message names the field path. */
static void test_wrong_json_type_names_the_path(void) {
    tousu_error *err = NULL;
    tousu_complaint *complaint = NULL;
    CHECK_STATUS(tousu_complaint_from_json(HEAD COMPLAINANT MATTER ", \"tags\": 7}", &complaint, &err),
                 TOUSU_STATUS_MALFORMED_JSON);
    CHECK_CONTAINS(tousu_error_message(err), "tags");
    tousu_error_free(err);
}

/* Every missing required field is reported at once, each with its path, in field order. */
static void test_missing_required_fields_are_all_listed(void) {
    static const char *const expected[] = {
        "complainant.name", "complainant.contact", "matter", "facts.account", "demand",
    };
    tousu_complaint *complaint = NULL;
    tousu_error *err = NULL;
    CHECK_STATUS(tousu_complaint_from_json(HEAD "\"complainant\": {}}", &complaint, &err),
                 TOUSU_STATUS_INVALID_COMPLAINT);
    CHECK(complaint == NULL);
    CHECK(fields_are(err, expected, sizeof expected / sizeof expected[0]));
    CHECK_STR(tousu_error_field_problem(err, 0), "is required");
    CHECK_CONTAINS(tousu_error_field_problem(err, 1), "phone");
    CHECK_CONTAINS(tousu_error_message(err), "invalid complaint");
    CHECK_CONTAINS(tousu_error_message(err), "facts.account: is required");
    CHECK(tousu_error_field_path(err, 5) == NULL);
    CHECK(tousu_error_field_problem(err, 5) == NULL);
    CHECK(tousu_error_rule(err) == NULL);
    CHECK(tousu_error_event_index(err) == -1);
    tousu_error_free(err);
}

static void test_bad_id_check_digit(void) {
    static const char *const expected[] = {"complainant.id_document.number"};
    tousu_complaint *complaint = NULL;
    tousu_error *err = NULL;
    CHECK_STATUS(tousu_complaint_from_json(
                     HEAD "\"complainant\": {\"name\": \"王建国\", \"contact\": {\"phone\": \"13800138000\"}, "
                          "\"id_document\": {\"kind\": \"resident_id_card\", \"number\": \"110105194912310021\"}}, " MATTER
                          "}",
                     &complaint, &err),
                 TOUSU_STATUS_INVALID_COMPLAINT);
    CHECK(complaint == NULL);
    CHECK(fields_are(err, expected, 1));
    CHECK_CONTAINS(tousu_error_field_problem(err, 0), "110105194912310021");
    CHECK_CONTAINS(tousu_error_field_problem(err, 0), "check digit");
    tousu_error_free(err);
}

/* The same number with the right check character is accepted. */
static void test_good_id_check_digit(void) {
    tousu_complaint *complaint = NULL;
    CHECK_STATUS(tousu_complaint_from_json(
                     HEAD "\"complainant\": {\"name\": \"王建国\", \"contact\": {\"phone\": \"13800138000\"}, "
                          "\"id_document\": {\"kind\": \"resident_id_card\", \"number\": \"11010519491231002X\"}}, " MATTER
                          "}",
                     &complaint, NULL),
                 TOUSU_STATUS_OK);
    tousu_complaint_free(complaint);
}

static void test_negative_claimed_amount(void) {
    static const char *const expected[] = {"claimed_amount.minor_units"};
    tousu_complaint *complaint = NULL;
    tousu_error *err = NULL;
    CHECK_STATUS(tousu_complaint_from_json(HEAD COMPLAINANT MATTER
                                           ", \"claimed_amount\": {\"minor_units\": -500, \"currency\": \"CNY\"}}",
                                           &complaint, &err),
                 TOUSU_STATUS_INVALID_COMPLAINT);
    CHECK(complaint == NULL);
    CHECK(fields_are(err, expected, 1));
    CHECK_CONTAINS(tousu_error_field_problem(err, 0), "-500");
    tousu_error_free(err);
}

static void test_unknown_enum_value(void) {
    tousu_complaint *complaint = NULL;
    tousu_error *err = NULL;
    CHECK_STATUS(tousu_complaint_from_json(HEAD COMPLAINANT MATTER ", \"severity\": \"apocalyptic\"}", &complaint,
                                           &err),
                 TOUSU_STATUS_UNKNOWN_VARIANT);
    CHECK(complaint == NULL);
    CHECK_CONTAINS(tousu_error_message(err), "apocalyptic");
    CHECK_CONTAINS(tousu_error_message(err), "severity");
    CHECK(tousu_error_field_count(err) == 0);
    tousu_error_free(err);
}

static void test_unknown_field(void) {
    tousu_error *err = NULL;
    tousu_complaint *complaint = NULL;
    CHECK_STATUS(tousu_complaint_from_json(HEAD COMPLAINANT MATTER ", \"mood\": \"angry\"}", &complaint, &err),
                 TOUSU_STATUS_UNKNOWN_FIELD);
    CHECK_CONTAINS(tousu_error_message(err), "mood");
    tousu_error_free(err);
}

static void test_missing_field_the_schema_needs(void) {
    tousu_error *err = NULL;
    tousu_complaint *complaint = NULL;
    /* No channel: the record cannot even be read. */
    CHECK_STATUS(tousu_complaint_from_json("{\"id\": \"SZ-1\", \"received_at\": \"2024-03-01T09:30:00+08:00\"}",
                                           &complaint, &err),
                 TOUSU_STATUS_MISSING_FIELD);
    CHECK_CONTAINS(tousu_error_message(err), "channel");
    tousu_error_free(err);
}

static void test_timestamp_without_offset(void) {
    tousu_error *err = NULL;
    tousu_complaint *complaint = NULL;
    CHECK_STATUS(tousu_complaint_from_json("{\"id\": \"SZ-2024-0001\", \"channel\": \"phone\", "
                                           "\"received_at\": \"2024-03-01 09:30\"}",
                                           &complaint, &err),
                 TOUSU_STATUS_INVALID_TIMESTAMP);
    CHECK_CONTAINS(tousu_error_message(err), "2024-03-01 09:30");
    tousu_error_free(err);
}

/* A NUL escaped inside a JSON string reaches the message as the text `\0`, not a cut. */
static void test_escaped_nul_in_input_does_not_cut_the_message(void) {
    tousu_error *err = NULL;
    tousu_complaint *complaint = NULL;
    CHECK_STATUS(tousu_complaint_from_json(HEAD COMPLAINANT MATTER ", \"tags\": [\"a\\u0000b\"]}", &complaint,
                                           &err),
                 TOUSU_STATUS_INVALID_COMPLAINT);
    CHECK_STR(tousu_error_field_path(err, 0), "tags[0]");
    CHECK_CONTAINS(tousu_error_field_problem(err, 0), "a\\0b");
    CHECK_CONTAINS(tousu_error_field_problem(err, 0), "snake_case");
    tousu_error_free(err);
}

/* Without an error out-parameter the status alone comes back (and nothing leaks). */
static void test_failure_without_err_gives_status_only(void) {
    tousu_complaint *complaint = NULL;
    CHECK_STATUS(tousu_complaint_from_json("not json", &complaint, NULL), TOUSU_STATUS_MALFORMED_JSON);
    CHECK_STATUS(tousu_complaint_from_json(HEAD "\"complainant\": {}}", &complaint, NULL),
                 TOUSU_STATUS_INVALID_COMPLAINT);
    CHECK(complaint == NULL);
}

int main(void) {
    RUN(test_valid_complaint_reads_and_leaves_err_alone);
    RUN(test_complaint_json_round_trip_is_equal);
    RUN(test_malformed_json);
    RUN(test_wrong_json_type_names_the_path);
    RUN(test_missing_required_fields_are_all_listed);
    RUN(test_bad_id_check_digit);
    RUN(test_good_id_check_digit);
    RUN(test_negative_claimed_amount);
    RUN(test_unknown_enum_value);
    RUN(test_unknown_field);
    RUN(test_missing_field_the_schema_needs);
    RUN(test_timestamp_without_offset);
    RUN(test_escaped_nul_in_input_does_not_cut_the_message);
    RUN(test_failure_without_err_gives_status_only);
    return harness_report();
}
