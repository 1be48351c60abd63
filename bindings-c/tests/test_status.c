/*
 * Statuses, stages and the version: the constants of the header agree with the library.
 *
 * tousu_status_name and tousu_stage_name come from the Rust core, the constants from the
 * generated header; a constant whose number drifted from core would get another name here.
 */
#include <stdint.h>
#include <stdlib.h>

#include "harness.h"

#define STATUS(name) {name, #name}
static const struct {
    tousu_status status;
    const char *name;
} STATUSES[] = {
    STATUS(TOUSU_STATUS_OK),
    STATUS(TOUSU_STATUS_MALFORMED_JSON),
    STATUS(TOUSU_STATUS_UNKNOWN_FIELD),
    STATUS(TOUSU_STATUS_UNKNOWN_VARIANT),
    STATUS(TOUSU_STATUS_MISSING_FIELD),
    STATUS(TOUSU_STATUS_UNSUPPORTED_SCHEMA_VERSION),
    STATUS(TOUSU_STATUS_INVALID_TIMESTAMP),
    STATUS(TOUSU_STATUS_INVALID_COMPLAINT),
    STATUS(TOUSU_STATUS_INVALID_EVENT),
    STATUS(TOUSU_STATUS_ILLEGAL_TRANSITION),
    STATUS(TOUSU_STATUS_EVENT_OUT_OF_ORDER),
    STATUS(TOUSU_STATUS_CASE_ARCHIVED),
    STATUS(TOUSU_STATUS_RECUSAL_REQUIRED),
    STATUS(TOUSU_STATUS_RESULT_NOT_FED_BACK),
    STATUS(TOUSU_STATUS_NOT_CLOSED),
    STATUS(TOUSU_STATUS_REGULATOR_NOT_REPORTED_BACK),
    STATUS(TOUSU_STATUS_NOT_FORWARDED_BY_REGULATOR),
    STATUS(TOUSU_STATUS_ALREADY_ACKNOWLEDGED),
    STATUS(TOUSU_STATUS_NO_EARLIER_PROMISE),
    STATUS(TOUSU_STATUS_PROMISE_IN_THE_PAST),
    STATUS(TOUSU_STATUS_NOT_THE_OWNER),
    STATUS(TOUSU_STATUS_LIAISON_FORM_MISMATCH),
    STATUS(TOUSU_STATUS_NO_RESOLUTION_PROPOSED),
    STATUS(TOUSU_STATUS_INSUFFICIENT_DECISION_AUTHORITY),
    STATUS(TOUSU_STATUS_WRONG_ARCHIVE_VOLUME),
    STATUS(TOUSU_STATUS_REGISTRATION_OUT_OF_PLACE),
    STATUS(TOUSU_STATUS_REGISTERED_BEFORE_RECEIPT),
    STATUS(TOUSU_STATUS_DUPLICATE_LIAISON_FORM),
    STATUS(TOUSU_STATUS_CLOCK_ALREADY_PAUSED),
    STATUS(TOUSU_STATUS_CLOCK_NOT_PAUSED),
    STATUS(TOUSU_STATUS_CALENDAR_SYNTAX),
    STATUS(TOUSU_STATUS_CALENDAR_UNKNOWN_FIELD),
    STATUS(TOUSU_STATUS_INVALID_WEEKMASK),
    STATUS(TOUSU_STATUS_CALENDAR_YEAR_MISSING),
    STATUS(TOUSU_STATUS_CALENDAR_YEAR_DUPLICATE),
    STATUS(TOUSU_STATUS_CALENDAR_DATE_OUTSIDE_YEAR),
    STATUS(TOUSU_STATUS_EXTRA_WORKING_DAY_NOT_WEEKEND),
    STATUS(TOUSU_STATUS_DATE_BOTH_REST_AND_WORKING),
    STATUS(TOUSU_STATUS_INVALID_CALENDAR),
    STATUS(TOUSU_STATUS_UNKNOWN_CALENDAR),
    STATUS(TOUSU_STATUS_DATE_OUT_OF_COVERAGE),
    STATUS(TOUSU_STATUS_NOT_A_WORKING_DAY),
    STATUS(TOUSU_STATUS_NO_SUCH_WORKING_DAY),
    STATUS(TOUSU_STATUS_POLICY_SYNTAX),
    STATUS(TOUSU_STATUS_POLICY_UNKNOWN_FIELD),
    STATUS(TOUSU_STATUS_POLICY_UNKNOWN_UNIT),
    STATUS(TOUSU_STATUS_POLICY_UNKNOWN_ANCHOR),
    STATUS(TOUSU_STATUS_POLICY_ANCHOR_CYCLE),
    STATUS(TOUSU_STATUS_POLICY_INVALID_DURATION),
    STATUS(TOUSU_STATUS_POLICY_INVALID_WARN_AT),
    STATUS(TOUSU_STATUS_POLICY_INVALID_WINDOW),
    STATUS(TOUSU_STATUS_POLICY_UNKNOWN_ACTION),
    STATUS(TOUSU_STATUS_INVALID_POLICY),
    STATUS(TOUSU_STATUS_UNKNOWN_POLICY),
    STATUS(TOUSU_STATUS_POLICY_CALENDAR_MISMATCH),
    STATUS(TOUSU_STATUS_TAXONOMY_SYNTAX),
    STATUS(TOUSU_STATUS_INVALID_TAXONOMY),
    STATUS(TOUSU_STATUS_UNKNOWN_CATEGORY),
    STATUS(TOUSU_STATUS_RULE_SET_SYNTAX),
    STATUS(TOUSU_STATUS_INVALID_RULE),
    STATUS(TOUSU_STATUS_UNREACHABLE_RULE),
    STATUS(TOUSU_STATUS_CONFLICTING_RULES),
    STATUS(TOUSU_STATUS_ESCALATION_CYCLE),
    STATUS(TOUSU_STATUS_INVALID_DIRECTORY),
    STATUS(TOUSU_STATUS_NO_ELIGIBLE_HANDLER),
    STATUS(TOUSU_STATUS_NULL_ARGUMENT),
    STATUS(TOUSU_STATUS_INVALID_UTF8),
    STATUS(TOUSU_STATUS_INVALID_ARGUMENT),
    STATUS(TOUSU_STATUS_INTERNAL),
};
#define N_STATUSES (sizeof STATUSES / sizeof STATUSES[0])

/* Each constant of the header is named by the library with its own name. */
static void test_every_status_constant_has_its_core_name(void) {
    size_t i;
    for (i = 0; i < N_STATUSES; i++) {
        CHECK_STR(tousu_status_name(STATUSES[i].status), STATUSES[i].name);
    }
}

/* Every number the library names is a constant of the header: core has no code the header
 * lacks. Statuses are below 10000 by their numbering scheme. */
static void test_every_status_the_library_knows_is_in_the_header(void) {
    uint32_t n;
    size_t i, named = 0;
    for (n = 0; n < 10000; n++) {
        const char *name = tousu_status_name(n);
        int listed = 0;
        if (name == NULL) {
            continue;
        }
        named++;
        for (i = 0; i < N_STATUSES; i++) {
            if (STATUSES[i].status == n) {
                listed = 1;
            }
        }
        if (!listed) {
            fprintf(stderr, "status %u (%s) is not in this test's list of header constants\n",
                    (unsigned)n, name);
        }
        CHECK(listed);
    }
    CHECK(named == N_STATUSES);
}

static void test_status_name_of_unknown_numbers_is_null(void) {
    CHECK(tousu_status_name(1) == NULL);
    CHECK(tousu_status_name(999) == NULL);
    CHECK(tousu_status_name(1999) == NULL);
    CHECK(tousu_status_name(9998) == NULL);
    CHECK(tousu_status_name(UINT32_MAX) == NULL);
}

static void test_status_name_is_static(void) {
    const char *a = tousu_status_name(TOUSU_STATUS_RECUSAL_REQUIRED);
    const char *b = tousu_status_name(TOUSU_STATUS_RECUSAL_REQUIRED);
    CHECK(a != NULL && a == b);
}

static void test_stage_names_follow_core(void) {
    CHECK_STR(tousu_stage_name(TOUSU_STAGE_REGISTERED), "registered");
    CHECK_STR(tousu_stage_name(TOUSU_STAGE_IN_HANDLING), "in_handling");
    CHECK_STR(tousu_stage_name(TOUSU_STAGE_RESOLVED), "resolved");
    CHECK_STR(tousu_stage_name(TOUSU_STAGE_RESULT_FED_BACK), "result_fed_back");
    CHECK_STR(tousu_stage_name(TOUSU_STAGE_DISPUTED), "disputed");
    CHECK_STR(tousu_stage_name(TOUSU_STAGE_CLOSED), "closed");
    CHECK_STR(tousu_stage_name(TOUSU_STAGE_WITHDRAWN), "withdrawn");
    CHECK_STR(tousu_stage_name(TOUSU_STAGE_ARCHIVED), "archived");
    CHECK(tousu_stage_name(0) == NULL);
    CHECK(tousu_stage_name(9) == NULL);
    CHECK(tousu_stage_name(UINT32_MAX) == NULL);
}

/* The ABI promises 32-bit values for both enums. */
static void test_enums_are_32_bits(void) {
    CHECK(sizeof(tousu_status) == 4);
    CHECK(sizeof(tousu_stage) == 4);
}

/* "MAJOR.MINOR.PATCH", digits and dots. */
static void test_version_is_semver(void) {
    const char *v = tousu_version();
    int dots = 0;
    CHECK(v != NULL && v[0] >= '0' && v[0] <= '9');
    for (; *v; v++) {
        if (*v == '.') {
            dots++;
        } else if (*v == '-' || *v == '+') {
            break; /* a pre-release or build suffix */
        } else {
            CHECK(*v >= '0' && *v <= '9');
        }
    }
    CHECK(dots == 2);
}

int main(void) {
    RUN(test_every_status_constant_has_its_core_name);
    RUN(test_every_status_the_library_knows_is_in_the_header);
    RUN(test_status_name_of_unknown_numbers_is_null);
    RUN(test_status_name_is_static);
    RUN(test_stage_names_follow_core);
    RUN(test_enums_are_32_bits);
    RUN(test_version_is_semver);
    return harness_report();
}
