/*
 * Working-day calendars through the C ABI: construction, the int32_t date helpers, every
 * question on one date and on arrays, errors with their status and message, run-time years,
 * misuse (NULL pointers, NULL arrays), and one calendar shared by several threads.
 */
#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>

#include "harness.h"

static int32_t ymd(int y, unsigned m, unsigned d) {
    int32_t out = INT32_MIN;
    if (tousu_date_from_ymd(y, m, d, &out, NULL) != TOUSU_STATUS_OK) {
        return INT32_MIN;
    }
    return out;
}

static const char DEMO[] =
    "[calendar]\n"
    "code = \"DEMO\"\n"
    "name = \"October 2024 in mainland China\"\n"
    "first_year = 2024\n"
    "last_year = 2024\n"
    "[[year]]\n"
    "year = 2024\n"
    "source = \"guobanfa 2023-7, National Day only\"\n"
    "rest_days = [2024-10-01, 2024-10-02, 2024-10-03, 2024-10-04, 2024-10-07]\n"
    "extra_working_days = [2024-09-29, 2024-10-12]\n";

static void test_dates_are_days_since_1970(void) {
    int32_t d = 0, y = 0;
    uint32_t m = 0, day = 0;
    tousu_error *err = NULL;
    CHECK(ymd(1970, 1, 1) == 0);
    CHECK(ymd(2024, 10, 1) == 19997);
    CHECK(ymd(1969, 12, 31) == -1);
    CHECK_STATUS(tousu_date_to_ymd(19997, &y, &m, &day, NULL), TOUSU_STATUS_OK);
    CHECK(y == 2024 && m == 10 && day == 1);
    d = 42;
    CHECK_STATUS(tousu_date_from_ymd(2023, 2, 29, &d, &err), TOUSU_STATUS_INVALID_TIMESTAMP);
    CHECK(d == 42);
    CHECK_STR(tousu_error_message(err), "2023-02-29 is not a date");
    tousu_error_free(err);
    CHECK_STATUS(tousu_date_to_ymd(INT32_MAX, &y, &m, &day, NULL), TOUSU_STATUS_INVALID_TIMESTAMP);
    CHECK_STATUS(tousu_date_from_ymd(2024, 1, 1, NULL, NULL), TOUSU_STATUS_NULL_ARGUMENT);
}

static void test_builtins_and_coverage(void) {
    const char *codes[] = {"CN", "XSHG", "XSHE", "GB-EAW", "US"};
    size_t i;
    for (i = 0; i < sizeof codes / sizeof codes[0]; i++) {
        tousu_calendar *cal = NULL;
        int32_t first = 0, last = 0;
        CHECK_STATUS(tousu_calendar_builtin(codes[i], &cal, NULL), TOUSU_STATUS_OK);
        CHECK_STR(tousu_calendar_code(cal), codes[i]);
        CHECK_STATUS(tousu_calendar_coverage(cal, &first, &last, NULL), TOUSU_STATUS_OK);
        tousu_calendar_free(cal);
        CHECK(first == 2004 && last == 2026);
    }
    {
        tousu_calendar *cal = NULL;
        tousu_error *err = NULL;
        CHECK_STATUS(tousu_calendar_builtin("XNYS", &cal, &err), TOUSU_STATUS_UNKNOWN_CALENDAR);
        CHECK(cal == NULL);
        CHECK_CONTAINS(tousu_error_message(err), "XNYS");
        tousu_error_free(err);
    }
}

static void test_make_up_days_and_exchange_closures(void) {
    tousu_calendar *cn = NULL, *xshg = NULL;
    bool working = false;
    int32_t out = 0;
    int64_t between = 0;
    CHECK_STATUS(tousu_calendar_builtin("CN", &cn, NULL), TOUSU_STATUS_OK);
    CHECK_STATUS(tousu_calendar_builtin("XSHG", &xshg, NULL), TOUSU_STATUS_OK);
    /* 2024-09-29, a Sunday, is a make-up working day in CN; the exchange stays closed. */
    CHECK_STATUS(tousu_calendar_is_working_day(cn, ymd(2024, 9, 29), &working, NULL), TOUSU_STATUS_OK);
    CHECK(working);
    CHECK_STATUS(tousu_calendar_is_working_day(xshg, ymd(2024, 9, 29), &working, NULL), TOUSU_STATUS_OK);
    CHECK(!working);
    CHECK_STATUS(tousu_calendar_add_working_days(cn, ymd(2024, 9, 27), 3, &out, NULL), TOUSU_STATUS_OK);
    CHECK(out == ymd(2024, 10, 8));
    CHECK_STATUS(tousu_calendar_add_working_days(xshg, ymd(2024, 9, 27), 1, &out, NULL), TOUSU_STATUS_OK);
    CHECK(out == ymd(2024, 9, 30));
    CHECK_STATUS(tousu_calendar_add_working_days(cn, ymd(2024, 10, 8), -2, &out, NULL), TOUSU_STATUS_OK);
    CHECK(out == ymd(2024, 9, 29));
    CHECK_STATUS(tousu_calendar_next_working_day(cn, ymd(2024, 9, 30), &out, NULL), TOUSU_STATUS_OK);
    CHECK(out == ymd(2024, 10, 8));
    CHECK_STATUS(tousu_calendar_previous_working_day(cn, ymd(2024, 10, 8), &out, NULL), TOUSU_STATUS_OK);
    CHECK(out == ymd(2024, 9, 30));
    CHECK_STATUS(tousu_calendar_working_days_between(cn, ymd(2024, 9, 27), ymd(2024, 10, 8), &between, NULL),
                 TOUSU_STATUS_OK);
    CHECK(between == 3);
    CHECK_STATUS(tousu_calendar_working_days_between(cn, ymd(2024, 10, 8), ymd(2024, 9, 27), &between, NULL),
                 TOUSU_STATUS_OK);
    CHECK(between == -3);
    CHECK_STATUS(tousu_calendar_nth_working_day_of_month(cn, 2024, 10, 1, &out, NULL), TOUSU_STATUS_OK);
    CHECK(out == ymd(2024, 10, 8));
    CHECK_STATUS(tousu_calendar_civil_code_period_end(cn, ymd(2024, 9, 24), 7, &out, NULL), TOUSU_STATUS_OK);
    CHECK(out == ymd(2024, 10, 8));
    tousu_calendar_free(cn);
    tousu_calendar_free(xshg);
}

static void test_errors_name_the_calendar_and_leave_outputs(void) {
    tousu_calendar *cn = NULL;
    tousu_error *err = NULL;
    int32_t out = 7;
    CHECK_STATUS(tousu_calendar_builtin("CN", &cn, NULL), TOUSU_STATUS_OK);
    CHECK_STATUS(tousu_calendar_add_working_days(cn, ymd(2026, 12, 31), 1, &out, &err),
                 TOUSU_STATUS_DATE_OUT_OF_COVERAGE);
    CHECK(out == 7);
    CHECK_STR(tousu_error_message(err), "calendar CN: 1 working day after 2026-12-31 fall beyond its coverage 2004–2026");
    tousu_error_free(err);
    err = NULL;
    CHECK_STATUS(tousu_calendar_add_working_days(cn, ymd(2024, 10, 1), 0, &out, &err), TOUSU_STATUS_NOT_A_WORKING_DAY);
    tousu_error_free(err);
    CHECK_STATUS(tousu_calendar_add_working_days(cn, ymd(2024, 1, 2), INT64_MAX, &out, NULL),
                 TOUSU_STATUS_DATE_OUT_OF_COVERAGE);
    CHECK_STATUS(tousu_calendar_add_working_days(cn, INT32_MIN, 1, &out, NULL), TOUSU_STATUS_DATE_OUT_OF_COVERAGE);
    CHECK_STATUS(tousu_calendar_nth_working_day_of_month(cn, 2024, 13, 1, &out, NULL), TOUSU_STATUS_NO_SUCH_WORKING_DAY);
    CHECK(out == 7);
    tousu_calendar_free(cn);
}

static void test_arrays_stop_at_the_first_failure_and_name_it(void) {
    tousu_calendar *cn = NULL;
    tousu_error *err = NULL, *alone = NULL;
    int32_t one = 0;
    int32_t dates[4], out[4] = {-1, -1, -1, -1};
    int64_t ns[4] = {1, 3, 1, 1};
    bool working[4];
    int64_t between[4];
    size_t failed = 99;
    CHECK_STATUS(tousu_calendar_builtin("CN", &cn, NULL), TOUSU_STATUS_OK);
    dates[0] = ymd(2024, 9, 27);
    dates[1] = ymd(2024, 9, 27);
    dates[2] = ymd(2026, 12, 31);
    dates[3] = ymd(2024, 1, 1);
    CHECK_STATUS(tousu_calendar_add_working_days_array(cn, dates, ns, 4, out, &failed, &err),
                 TOUSU_STATUS_DATE_OUT_OF_COVERAGE);
    CHECK(failed == 2);
    CHECK(out[0] == ymd(2024, 9, 29) && out[1] == ymd(2024, 10, 8) && out[2] == -1 && out[3] == -1);
    /* The message starts with the index, then says all that the call on that date alone says:
     * the calendar, the date, the coverage. */
    CHECK_STARTS_WITH(tousu_error_message(err), "element 2: calendar CN: ");
    CHECK_CONTAINS(tousu_error_message(err), "1 working day after 2026-12-31 fall beyond its coverage 2004–2026");
    CHECK_STATUS(tousu_calendar_add_working_days(cn, dates[2], ns[2], &one, &alone), TOUSU_STATUS_DATE_OUT_OF_COVERAGE);
    CHECK_ELEMENT_ERROR(err, 2, alone);
    tousu_error_free(err);
    tousu_error_free(alone);
    err = alone = NULL;
    failed = 99;
    CHECK_STATUS(tousu_calendar_add_working_days_array(cn, dates, ns, 2, out, &failed, NULL), TOUSU_STATUS_OK);
    CHECK(failed == 99);
    /* In place, one n for all. */
    CHECK_STATUS(tousu_calendar_add_working_days_array_n(cn, dates, 1, 2, dates, NULL, NULL), TOUSU_STATUS_OK);
    CHECK(dates[0] == ymd(2024, 9, 29) && dates[1] == ymd(2024, 9, 29));
    dates[2] = ymd(2027, 1, 1);
    CHECK_STATUS(tousu_calendar_is_working_day_array(cn, dates, 4, working, &failed, &err),
                 TOUSU_STATUS_DATE_OUT_OF_COVERAGE);
    CHECK(failed == 2 && working[0] && working[1]);
    CHECK_STARTS_WITH(tousu_error_message(err), "element 2: calendar CN: ");
    CHECK_CONTAINS(tousu_error_message(err), "2027-01-01");
    CHECK_STATUS(tousu_calendar_is_working_day(cn, dates[2], &working[2], &alone), TOUSU_STATUS_DATE_OUT_OF_COVERAGE);
    CHECK_ELEMENT_ERROR(err, 2, alone);
    tousu_error_free(err);
    tousu_error_free(alone);
    err = alone = NULL;
    /* One n for all, failing at element 1: a rest day where a working day is needed. */
    dates[1] = ymd(2024, 10, 1);
    failed = 99;
    CHECK_STATUS(tousu_calendar_add_working_days_array_n(cn, dates, 0, 2, out, &failed, &err),
                 TOUSU_STATUS_NOT_A_WORKING_DAY);
    CHECK(failed == 1);
    CHECK_STARTS_WITH(tousu_error_message(err), "element 1: calendar CN: ");
    CHECK_CONTAINS(tousu_error_message(err), "2024-10-01");
    CHECK_STATUS(tousu_calendar_add_working_days(cn, dates[1], 0, &one, &alone), TOUSU_STATUS_NOT_A_WORKING_DAY);
    CHECK_ELEMENT_ERROR(err, 1, alone);
    tousu_error_free(err);
    tousu_error_free(alone);
    err = alone = NULL;
    dates[1] = ymd(2024, 9, 29);
    CHECK_STATUS(tousu_calendar_working_days_between_array(cn, dates, out, 2, between, NULL, NULL), TOUSU_STATUS_OK);
    CHECK(between[0] == 0 && between[1] == 2);
    /* Between a covered date and one beyond: element 0, naming the date beyond. */
    failed = 99;
    CHECK_STATUS(tousu_calendar_working_days_between_array(cn, dates, dates + 2, 1, between, &failed, &err),
                 TOUSU_STATUS_DATE_OUT_OF_COVERAGE);
    CHECK(failed == 0);
    CHECK_STARTS_WITH(tousu_error_message(err), "element 0: calendar CN: ");
    CHECK_CONTAINS(tousu_error_message(err), "2027-01-01");
    CHECK_STATUS(tousu_calendar_working_days_between(cn, dates[0], dates[2], &between[0], &alone),
                 TOUSU_STATUS_DATE_OUT_OF_COVERAGE);
    CHECK_ELEMENT_ERROR(err, 0, alone);
    tousu_error_free(err);
    tousu_error_free(alone);
    /* Empty arrays may be NULL; non-empty ones may not. */
    CHECK_STATUS(tousu_calendar_add_working_days_array(cn, NULL, NULL, 0, NULL, NULL, NULL), TOUSU_STATUS_OK);
    err = NULL;
    CHECK_STATUS(tousu_calendar_add_working_days_array(cn, NULL, ns, 1, out, NULL, &err), TOUSU_STATUS_NULL_ARGUMENT);
    CHECK_STR(tousu_error_message(err), "tousu_calendar_add_working_days_array: argument `dates` is NULL but len is 1");
    tousu_error_free(err);
    CHECK_STATUS(tousu_calendar_add_working_days_array(NULL, dates, ns, 1, out, NULL, NULL), TOUSU_STATUS_NULL_ARGUMENT);
    tousu_calendar_free(cn);
}

static void test_custom_calendars_and_run_time_years(void) {
    tousu_calendar *cal = NULL, *json = NULL;
    tousu_error *err = NULL;
    int32_t first = 0, last = 0, out = 0;
    CHECK_STATUS(tousu_calendar_from_toml(DEMO, &cal, NULL), TOUSU_STATUS_OK);
    CHECK_STR(tousu_calendar_code(cal), "DEMO");
    CHECK_STATUS(tousu_calendar_add_working_days(cal, ymd(2024, 12, 31), 1, &out, NULL),
                 TOUSU_STATUS_DATE_OUT_OF_COVERAGE);
    /* A gap is refused and changes nothing. */
    CHECK_STATUS(tousu_calendar_extend_from_toml(cal, "[[year]]\nyear = 2026\nsource = \"n\"\n", &err),
                 TOUSU_STATUS_CALENDAR_YEAR_MISSING);
    CHECK_CONTAINS(tousu_error_message(err), "year 2026 cannot be added without year 2025");
    tousu_error_free(err);
    CHECK_STATUS(tousu_calendar_coverage(cal, &first, &last, NULL), TOUSU_STATUS_OK);
    CHECK(first == 2024 && last == 2024);
    CHECK_STATUS(tousu_calendar_extend_from_toml(cal, "[[year]]\nyear = 2025\nsource = \"n\"\nrest_days = [2025-01-01]\n", NULL),
                 TOUSU_STATUS_OK);
    CHECK_STATUS(tousu_calendar_coverage(cal, &first, &last, NULL), TOUSU_STATUS_OK);
    CHECK(last == 2025);
    CHECK_STATUS(tousu_calendar_add_working_days(cal, ymd(2024, 12, 31), 1, &out, NULL), TOUSU_STATUS_OK);
    CHECK(out == ymd(2025, 1, 2));
    err = NULL;
    CHECK_STATUS(tousu_calendar_from_toml("[calendar]\ncode = 1\n", &json, &err), TOUSU_STATUS_CALENDAR_SYNTAX);
    CHECK(json == NULL);
    CHECK_CONTAINS(tousu_error_message(err), "line 2");
    tousu_error_free(err);
    CHECK_STATUS(tousu_calendar_from_json("{\"calendar\": {\"code\": \"J\", \"name\": \"j\", \"first_year\": 2024, "
                                          "\"last_year\": 2024}, \"year\": [{\"year\": 2024, \"source\": \"s\", "
                                          "\"rest_days\": [\"2024-01-01\"]}]}",
                                          &json, NULL),
                 TOUSU_STATUS_OK);
    CHECK_STATUS(tousu_calendar_next_working_day(json, ymd(2023, 12, 31), &out, NULL), TOUSU_STATUS_DATE_OUT_OF_COVERAGE);
    CHECK_STATUS(tousu_calendar_next_working_day(json, ymd(2024, 1, 1), &out, NULL), TOUSU_STATUS_OK);
    CHECK(out == ymd(2024, 1, 2));
    tousu_calendar_free(json);
    tousu_calendar_free(cal);
}

static void test_null_arguments(void) {
    tousu_calendar *cal = NULL;
    bool w;
    int32_t out;
    CHECK_STATUS(tousu_calendar_builtin(NULL, &cal, NULL), TOUSU_STATUS_NULL_ARGUMENT);
    CHECK_STATUS(tousu_calendar_builtin("CN", NULL, NULL), TOUSU_STATUS_NULL_ARGUMENT);
    CHECK_STATUS(tousu_calendar_from_toml("\xff", &cal, NULL), TOUSU_STATUS_INVALID_UTF8);
    CHECK_STATUS(tousu_calendar_is_working_day(NULL, 0, &w, NULL), TOUSU_STATUS_NULL_ARGUMENT);
    CHECK_STATUS(tousu_calendar_add_working_days(NULL, 0, 1, &out, NULL), TOUSU_STATUS_NULL_ARGUMENT);
    CHECK_STATUS(tousu_calendar_extend_from_toml(NULL, "", NULL), TOUSU_STATUS_NULL_ARGUMENT);
    CHECK_STATUS(tousu_calendar_coverage(NULL, &out, &out, NULL), TOUSU_STATUS_NULL_ARGUMENT);
    CHECK(tousu_calendar_code(NULL) == NULL);
    tousu_calendar_free(NULL);
}

/* One calendar, four threads querying it at once. */
static const tousu_calendar *shared;

static void *sum_of_adds(void *unused) {
    int32_t start = ymd(2010, 1, 1), out = 0;
    long i, ok = 0;
    (void)unused;
    for (i = 0; i < 2000; i++) {
        ok += tousu_calendar_add_working_days(shared, start + (int32_t)i, 10, &out, NULL) == TOUSU_STATUS_OK;
    }
    return ok == 2000 ? (void *)1 : NULL;
}

static void test_one_calendar_shared_by_threads(void) {
    tousu_calendar *cn = NULL;
    pthread_t threads[4];
    int i, started = 0, succeeded = 0;
    CHECK_STATUS(tousu_calendar_builtin("CN", &cn, NULL), TOUSU_STATUS_OK);
    shared = cn;
    for (i = 0; i < 4; i++) {
        started += pthread_create(&threads[started], NULL, sum_of_adds, NULL) == 0;
    }
    for (i = 0; i < started; i++) {
        void *result = NULL;
        pthread_join(threads[i], &result);
        succeeded += result != NULL;
    }
    tousu_calendar_free(cn);
    CHECK(started == 4 && succeeded == 4);
}

int main(void) {
    RUN(test_dates_are_days_since_1970);
    RUN(test_builtins_and_coverage);
    RUN(test_make_up_days_and_exchange_closures);
    RUN(test_errors_name_the_calendar_and_leave_outputs);
    RUN(test_arrays_stop_at_the_first_failure_and_name_it);
    RUN(test_custom_calendars_and_run_time_years);
    RUN(test_null_arguments);
    RUN(test_one_calendar_shared_by_threads);
    return harness_report();
}
