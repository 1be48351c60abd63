/*
 * A minimal test harness for the C tests of tousu.
 *
 * Each test is a `static void test_name(void)`; main() runs them with RUN(test_name) and ends
 * with `return harness_report();`. A failed CHECK prints where and why and ends the current
 * test. Every test prints one line on stdout, `ok - name` or `not ok - name`, which
 * bindings-c/tests/run.sh counts.
 */
#ifndef TOUSU_TEST_HARNESS_H
#define TOUSU_TEST_HARNESS_H

#include <stdio.h>
#include <string.h>

#include "tousu.h"

static int harness_current_failed;
static int harness_passed;
static int harness_failed;

#define CHECK(cond)                                                                     \
    do {                                                                                \
        if (!(cond)) {                                                                  \
            fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #cond);  \
            harness_current_failed = 1;                                                 \
            return;                                                                     \
        }                                                                               \
    } while (0)

/* A call's status is the expected one; on mismatch both names are printed. */
#define CHECK_STATUS(actual, expected)                                                  \
    do {                                                                                \
        tousu_status harness_a = (actual);                                              \
        tousu_status harness_e = (expected);                                            \
        if (harness_a != harness_e) {                                                   \
            fprintf(stderr, "%s:%d: %s\n  returned %s (%u), expected %s (%u)\n",        \
                    __FILE__, __LINE__, #actual, harness_name(harness_a),               \
                    (unsigned)harness_a, harness_name(harness_e), (unsigned)harness_e); \
            harness_current_failed = 1;                                                 \
            return;                                                                     \
        }                                                                               \
    } while (0)

/* Two C strings are equal (NULL equals only NULL). */
#define CHECK_STR(actual, expected)                                                     \
    do {                                                                                \
        const char *harness_a = (actual);                                               \
        const char *harness_e = (expected);                                             \
        if (!harness_str_eq(harness_a, harness_e)) {                                    \
            fprintf(stderr, "%s:%d: %s\n  is \"%s\"\n  expected \"%s\"\n", __FILE__,    \
                    __LINE__, #actual, harness_a ? harness_a : "(null)",                \
                    harness_e ? harness_e : "(null)");                                  \
            harness_current_failed = 1;                                                 \
            return;                                                                     \
        }                                                                               \
    } while (0)

/* `haystack` is not NULL and contains `needle`. */
#define CHECK_CONTAINS(haystack, needle)                                                \
    do {                                                                                \
        const char *harness_h = (haystack);                                             \
        if (harness_h == NULL || strstr(harness_h, (needle)) == NULL) {                 \
            fprintf(stderr, "%s:%d: %s\n  is \"%s\"\n  expected to contain \"%s\"\n",   \
                    __FILE__, __LINE__, #haystack, harness_h ? harness_h : "(null)",    \
                    (needle));                                                          \
            harness_current_failed = 1;                                                 \
            return;                                                                     \
        }                                                                               \
    } while (0)

/* `s` is not NULL and starts with `prefix`. */
#define CHECK_STARTS_WITH(s, prefix)                                                    \
    do {                                                                                \
        const char *harness_s = (s);                                                    \
        if (harness_s == NULL || strncmp(harness_s, (prefix), strlen(prefix)) != 0) {   \
            fprintf(stderr, "%s:%d: %s\n  is \"%s\"\n  expected to start with \"%s\"\n", \
                    __FILE__, __LINE__, #s, harness_s ? harness_s : "(null)", (prefix));  \
            harness_current_failed = 1;                                                 \
            return;                                                                     \
        }                                                                               \
    } while (0)

/* The error of element `index` of an array call says what the error of a call on that element
 * alone says: its message is "element <index>: " and the other's whole message, and every other
 * accessor (status, field problems, rule, event index, next level) answers the same. */
#define CHECK_ELEMENT_ERROR(element_err, index, alone_err)                              \
    do {                                                                                \
        char harness_m[1024];                                                           \
        const char *harness_alone = tousu_error_message(alone_err);                     \
        snprintf(harness_m, sizeof harness_m, "element %zu: %s", (size_t)(index),       \
                 harness_alone ? harness_alone : "(null)");                             \
        CHECK(harness_alone != NULL);                                                   \
        CHECK_STR(tousu_error_message(element_err), harness_m);                         \
        CHECK(harness_same_details((element_err), (alone_err)));                        \
    } while (0)

#define RUN(test)                                                                       \
    do {                                                                                \
        harness_current_failed = 0;                                                     \
        test();                                                                         \
        if (harness_current_failed) {                                                   \
            harness_failed++;                                                           \
            printf("not ok - %s\n", #test);                                             \
        } else {                                                                        \
            harness_passed++;                                                           \
            printf("ok - %s\n", #test);                                                 \
        }                                                                               \
        fflush(stdout);                                                                 \
    } while (0)

static inline const char *harness_name(tousu_status status) {
    const char *name = tousu_status_name(status);
    return name ? name : "(not a status)";
}

static inline int harness_str_eq(const char *a, const char *b) {
    if (a == NULL || b == NULL) {
        return a == b;
    }
    return strcmp(a, b) == 0;
}

/* Both errors answer every accessor but the message alike (and neither is NULL). */
static inline int harness_same_details(const tousu_error *a, const tousu_error *b) {
    size_t i, n = tousu_error_field_count(a);
    if (a == NULL || b == NULL || tousu_error_status(a) != tousu_error_status(b) ||
        n != tousu_error_field_count(b) || !harness_str_eq(tousu_error_rule(a), tousu_error_rule(b)) ||
        tousu_error_event_index(a) != tousu_error_event_index(b) ||
        !harness_str_eq(tousu_error_next_level(a), tousu_error_next_level(b))) {
        return 0;
    }
    for (i = 0; i < n; i++) {
        if (!harness_str_eq(tousu_error_field_path(a, i), tousu_error_field_path(b, i)) ||
            !harness_str_eq(tousu_error_field_problem(a, i), tousu_error_field_problem(b, i))) {
            return 0;
        }
    }
    return 1;
}

static inline int harness_report(void) {
    printf("# %d passed, %d failed\n", harness_passed, harness_failed);
    return harness_failed == 0 ? 0 : 1;
}

#endif /* TOUSU_TEST_HARNESS_H */
