/*
 * deadlines.c — where a complaint's deadlines stand, with libtousu.
 *
 * Build (from the repository root, after `cargo build -p tousu-c`):
 *
 *   cc -std=c99 -I bindings-c/include examples/c/deadlines.c \
 *      -L target/debug -Wl,-Bstatic -ltousu -Wl,-Bdynamic -lpthread -ldl -lm \
 *      -o deadlines
 *
 * A complaint reaches a Shenzhen branch on Monday 2024-09-30 at 16:00, after the 15:30
 * cut-off and the day before the National Day holiday (10-01..10-07; Saturday 10-12 is a
 * make-up working day). It is acknowledged on 10-08 at 09:30. Under the branch's preset policy
 * `cn.branch`, at 10:00 on 10-08: acknowledging was due by the end of 10-08 and is met, the
 * answer time is due at 15:30 that day, resolving by the end of 10-12. The deadlines come as
 * plain structs (instants in Unix seconds); asking on a calendar the policy does not name is
 * an error, not a guess. A desk with many open cases asks for all of them in one call
 * (tousu_policy_deadlines_many), here this case and one not yet acknowledged.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "tousu.h"

static const char COMPLAINT[] =
    "{\"id\": \"SZ-2024-0930\", \"channel\": \"phone\", "
    "\"complainant\": {\"name\": \"李四\", \"contact\": {\"phone\": \"13800138000\"}}, "
    "\"receiver\": \"S001\", \"branch\": \"深圳福田营业部\", \"received_at\": \"2024-09-30T16:00:00+08:00\", "
    "\"matter\": \"佣金收取异常\", \"facts\": {\"account\": \"九月佣金高于约定费率\"}, "
    "\"demand\": \"退还多收佣金\", \"category\": \"fees.commission\"}";
static const char REGISTERED[] =
    "{\"at\": \"2024-09-30T16:05:00+08:00\", \"actor\": \"S001\", \"action\": {\"registered\": {}}}";
static const char ACKNOWLEDGED[] =
    "{\"at\": \"2024-10-08T09:30:00+08:00\", \"actor\": \"S001\", \"action\": {\"acknowledged\": {\"via\": \"phone\"}}}";

/* 2024-10-08T10:00:00+08:00 in Unix seconds (`date -d 2024-10-08T10:00+08:00 +%s`). */
static const int64_t NOW = INT64_C(1728352800);

/* Prints an instant on the local clock of its offset, e.g. 2024-10-08 23:59:59 +08:00. */
static void print_local(int64_t unix_seconds, int32_t offset) {
    int64_t local = unix_seconds + offset;
    int64_t days = (local >= 0 ? local : local - 86399) / 86400;
    int64_t second = local - days * 86400;
    int32_t y;
    uint32_t m, d;
    if (tousu_date_to_ymd((int32_t)days, &y, &m, &d, NULL) == TOUSU_STATUS_OK) {
        printf("%04d-%02u-%02u %02d:%02d:%02d %+03d:%02d", (int)y, (unsigned)m, (unsigned)d, (int)(second / 3600),
               (int)(second / 60 % 60), (int)(second % 60), (int)(offset / 3600), (int)(offset / 60 % 60));
    }
}

/* What elapsed_in_unit and remaining_in_unit count in, for a unit. */
static const char *counted_in(tousu_deadline_unit unit) {
    switch (unit) {
    case TOUSU_DEADLINE_UNIT_WORKING_DAYS:
    case TOUSU_DEADLINE_UNIT_WORKING_DAYS_CLOSE_OF_BUSINESS:
        return "working days";
    case TOUSU_DEADLINE_UNIT_WORKING_HOURS:
    case TOUSU_DEADLINE_UNIT_TIME_OF_DAY:
        return "working hours";
    case TOUSU_DEADLINE_UNIT_WEEKS:
        return "weeks";
    default:
        return "days";
    }
}

/* The case, acknowledged at 09:30 on 10-08 or not yet; NULL (and *err) when it fails. */
static tousu_case *open_case(int acknowledged, tousu_error **err) {
    tousu_complaint *complaint = NULL;
    tousu_case *c = NULL;
    if (tousu_complaint_from_json(COMPLAINT, &complaint, err) == TOUSU_STATUS_OK &&
        tousu_case_register(complaint, REGISTERED, &c, err) == TOUSU_STATUS_OK && acknowledged &&
        tousu_case_apply_json(c, ACKNOWLEDGED, err) != TOUSU_STATUS_OK) {
        tousu_case_free(c);
        c = NULL;
    }
    tousu_complaint_free(complaint);
    return c;
}

int main(void) {
    tousu_policy *branch = NULL, *uk = NULL;
    tousu_calendar *cal = NULL;
    tousu_case *c = NULL, *waiting = NULL;
    tousu_deadline *all = NULL, *uk_all = NULL;
    tousu_error *err = NULL;
    size_t n = 0, uk_n = 0, i;
    int status = 1;

    if (tousu_policy_preset("cn.branch", &branch, &err) != TOUSU_STATUS_OK ||
        tousu_calendar_builtin(tousu_policy_calendar(branch), &cal, &err) != TOUSU_STATUS_OK ||
        (c = open_case(1, &err)) == NULL ||
        tousu_policy_deadlines(branch, c, cal, NOW, &all, &n, &err) != TOUSU_STATUS_OK) {
        fprintf(stderr, "%s\n", tousu_error_message(err));
        goto done;
    }
    printf("policy %s v%u on calendar %s, at 2024-10-08 10:00 +08:00:\n", tousu_policy_id(branch),
           (unsigned)tousu_policy_version(branch), tousu_policy_calendar(branch));
    for (i = 0; i < n; i++) {
        const tousu_deadline *d = &all[i];
        printf("  %-22s %s", tousu_policy_milestone_id(branch, d->milestone), tousu_deadline_status_name(d->status));
        if (d->has_due) {
            fputs(", due ", stdout);
            print_local(d->due, d->due_utc_offset);
            /* Time left is counted from the meeting event once met, else from now. */
            printf(d->met_by != NULL ? ", met by %s with %.1f %s to spare" : "%s, %.1f %s left",
                   d->met_by != NULL ? d->met_by : "", d->remaining_in_unit, counted_in(d->unit));
        } else if (d->status == TOUSU_DEADLINE_STATUS_PENDING) {
            fputs(", its clock has not started", stdout);
        }
        putchar('\n');
    }

    /* Many cases in one call, into one array: case i's milestone j at [i * m + j]. */
    {
        const tousu_case *desk[2];
        size_t m = tousu_policy_milestone_count(branch), k;
        tousu_deadline *rows = (tousu_deadline *)malloc(2 * m * sizeof *rows);   /* the cast: C++ too */
        desk[0] = c;
        desk[1] = waiting = open_case(0, &err);
        if (rows == NULL || waiting == NULL ||
            tousu_policy_deadlines_many(branch, desk, 2, cal, NOW, rows, NULL, &err) != TOUSU_STATUS_OK) {
            fprintf(stderr, "%s\n", err != NULL ? tousu_error_message(err) : "out of memory");
            free(rows);
            goto done;
        }
        for (k = 0; k < 2; k++) {
            printf("case %zu: %s %s\n", k, tousu_policy_milestone_id(branch, 0),
                   tousu_deadline_status_name(rows[k * m].status));
        }
        free(rows);
    }

    /* The UK policy counts business days on GB-EAW: on CN it refuses rather than guess. */
    if (tousu_policy_preset("uk.fca.disp", &uk, &err) != TOUSU_STATUS_OK) {
        fprintf(stderr, "%s\n", tousu_error_message(err));
        goto done;
    }
    if (tousu_policy_deadlines(uk, c, cal, NOW, &uk_all, &uk_n, &err) == TOUSU_STATUS_POLICY_CALENDAR_MISMATCH) {
        printf("refused: %s\n", tousu_error_message(err));
        status = 0;
    }
    tousu_deadlines_free(uk_all, uk_n); /* untouched by the failed call: still NULL */

done:
    tousu_error_free(err);
    tousu_deadlines_free(all, n);
    tousu_case_free(c);
    tousu_case_free(waiting);
    tousu_calendar_free(cal);
    tousu_policy_free(uk);
    tousu_policy_free(branch);
    return status;
}
