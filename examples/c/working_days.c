/*
 * working_days.c — due dates on the mainland working-day calendar with libtousu.
 *
 * Build (from the repository root, after `cargo build -p tousu-c`):
 *
 *   cc -std=c99 -I bindings-c/include examples/c/working_days.c \
 *      -L target/debug -Wl,-Bstatic -ltousu -Wl,-Bdynamic -lpthread -ldl -lm \
 *      -o working_days
 *
 * A complaint received on Friday 2024-09-27 must be answered within 5 working days. In
 * mainland China Sunday 2024-09-29 is a make-up working day (调休) and 10-01..10-07 are the
 * National Day holiday, so the answer is due on 2024-10-10, while the Shanghai exchange
 * (closed on the make-up Sunday) counts to 2024-10-11. Dates are int32_t days since
 * 1970-01-01; a batch goes through one array call, and an uncovered year is an error, not a
 * guess.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "tousu.h"

static void print_date(const char *label, int32_t date) {
    int32_t y;
    uint32_t m, d;
    if (tousu_date_to_ymd(date, &y, &m, &d, NULL) == TOUSU_STATUS_OK) {
        printf("%s%04d-%02u-%02u\n", label, (int)y, (unsigned)m, (unsigned)d);
    }
}

int main(void) {
    tousu_calendar *cn = NULL, *xshg = NULL;
    tousu_error *err = NULL;
    int32_t received, due, first = 0, last = 0;
    int32_t batch[3], dues[3];
    int64_t n[3] = {1, 5, 10};
    size_t failed = 0, i;
    bool working = false;
    int status = 1;

    if (tousu_calendar_builtin("CN", &cn, &err) != TOUSU_STATUS_OK ||
        tousu_calendar_builtin("XSHG", &xshg, &err) != TOUSU_STATUS_OK) {
        fprintf(stderr, "%s\n", tousu_error_message(err));
        goto done;
    }
    tousu_calendar_coverage(cn, &first, &last, NULL);
    printf("calendar %s covers %d-%d\n", tousu_calendar_code(cn), (int)first, (int)last);

    tousu_date_from_ymd(2024, 9, 27, &received, NULL);
    tousu_calendar_is_working_day(cn, received + 2, &working, NULL);
    printf("2024-09-29 (Sunday) is %sa working day in CN\n", working ? "" : "not ");
    if (tousu_calendar_add_working_days(cn, received, 5, &due, &err) != TOUSU_STATUS_OK) {
        fprintf(stderr, "%s\n", tousu_error_message(err));
        goto done;
    }
    print_date("CN:   5 working days after 2024-09-27: ", due);
    if (tousu_calendar_add_working_days(xshg, received, 5, &due, &err) != TOUSU_STATUS_OK) {
        fprintf(stderr, "%s\n", tousu_error_message(err));
        goto done;
    }
    print_date("XSHG: 5 trading days after 2024-09-27: ", due);

    /* A batch: the last date's answer falls in 2027, which no notice has announced yet. */
    batch[0] = received;
    batch[1] = received;
    tousu_date_from_ymd(2026, 12, 25, &batch[2], NULL);
    if (tousu_calendar_add_working_days_array(cn, batch, n, 3, dues, &failed, &err) != TOUSU_STATUS_OK) {
        printf("batch stopped at element %zu: %s\n", failed, tousu_error_message(err));
        tousu_error_free(err);
        err = NULL;
    }
    for (i = 0; i < failed; i++) {
        print_date("  due: ", dues[i]);
    }
    status = 0;
done:
    tousu_error_free(err);
    tousu_calendar_free(xshg);
    tousu_calendar_free(cn);
    return status;
}
