/*
 * fixture_runner — answers questions about the shared fixture corpus from the C ABI alone.
 *
 * C does not read TOML, so bindings-c/tests/run_fixtures.py reads the TOML files of
 * tests/testdata and drives this program over stdin/stdout; it compares the answers with the
 * expectations. The runner knows nothing about the fixtures: it only forwards texts to
 * libtousu and reports what came back.
 *
 * PROTOCOL
 *
 * A request is a header line `<command> <n>\n`, then exactly n bytes of payload, then `\n`.
 * The payload is passed verbatim (a fixture may be malformed JSON, and may hold newlines).
 * Each request gets one reply line, fields separated by tabs:
 *
 *   ok[\t<stage>]                              accepted; the case's stage when there is a case
 *   refused\t<STATUS>\t<message>[\t<path>]...  the library refused: the status name, the
 *                                              message (tabs and newlines made spaces), then
 *                                              every field path of a validation error, in order
 *   fail\t<why>                                a promise of the API was broken (a refused event
 *                                              changed the case, a JSON round trip differed) or
 *                                              the request made no sense
 *
 * Commands:
 *
 *   complaint <json>   read a complaint (dropping any earlier complaint and case); when it is
 *                      valid, also check that its JSON round trip is exact
 *   register <json>    open a case from the current complaint with this registration event
 *   apply <json>       record an event on the current case; a refusal must leave the case's
 *                      event count, stage, state JSON and case file exactly as they were
 *   stage              the current case's stage
 *   roundtrip          write the case file, read it back, and compare file, state and stage
 *   reset              drop the current complaint and case
 *
 * At end of input the runner frees everything and exits 0, so valgrind can vouch for leaks.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tousu.h"

static tousu_complaint *complaint;
static tousu_case *current;

static void drop_case(void) {
    tousu_case_free(current);
    current = NULL;
}

static void drop_all(void) {
    drop_case();
    tousu_complaint_free(complaint);
    complaint = NULL;
}

/* Writes a field with tabs, newlines and carriage returns made spaces. */
static void put_field(const char *text) {
    for (; text != NULL && *text; text++) {
        putchar(*text == '\t' || *text == '\n' || *text == '\r' ? ' ' : *text);
    }
}

static void reply_ok(void) {
    tousu_stage stage;
    fputs("ok", stdout);
    if (current != NULL && tousu_case_stage(current, &stage, NULL) == TOUSU_STATUS_OK) {
        fputs("\t", stdout);
        put_field(tousu_stage_name(stage));
    }
    putchar('\n');
}

/* Replies `refused` with everything the error carries, and frees it. */
static void reply_refused(tousu_status status, tousu_error *err) {
    size_t i;
    const char *name = tousu_status_name(status);
    printf("refused\t%s\t", name != NULL ? name : "(unnamed status)");
    put_field(tousu_error_message(err));
    for (i = 0; i < tousu_error_field_count(err); i++) {
        putchar('\t');
        put_field(tousu_error_field_path(err, i));
    }
    putchar('\n');
    tousu_error_free(err);
}

static void reply_fail(const char *why) {
    printf("fail\t%s\n", why);
}

/* Everything observable about a case. */
typedef struct {
    size_t events;
    tousu_stage stage;
    char *state;
    char *file;
} snapshot;

static int take(const tousu_case *c, snapshot *s) {
    s->state = NULL;
    s->file = NULL;
    return tousu_case_event_count(c, &s->events, NULL) == TOUSU_STATUS_OK &&
           tousu_case_stage(c, &s->stage, NULL) == TOUSU_STATUS_OK &&
           tousu_case_state_json(c, &s->state, NULL) == TOUSU_STATUS_OK &&
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

static void do_complaint(const char *json) {
    tousu_error *err = NULL;
    tousu_complaint *again = NULL;
    char *first = NULL, *second = NULL;
    int exact;
    tousu_status status;
    drop_all();
    status = tousu_complaint_from_json(json, &complaint, &err);
    if (status != TOUSU_STATUS_OK) {
        reply_refused(status, err);
        return;
    }
    exact = tousu_complaint_to_json(complaint, &first, NULL) == TOUSU_STATUS_OK &&
            tousu_complaint_from_json(first, &again, NULL) == TOUSU_STATUS_OK &&
            tousu_complaint_to_json(again, &second, NULL) == TOUSU_STATUS_OK && strcmp(first, second) == 0;
    tousu_string_free(first);
    tousu_string_free(second);
    tousu_complaint_free(again);
    if (exact) {
        reply_ok();
    } else {
        reply_fail("the complaint's JSON round trip is not exact");
    }
}

static void do_register(const char *json) {
    tousu_error *err = NULL;
    tousu_status status;
    if (complaint == NULL) {
        reply_fail("register without a complaint");
        return;
    }
    drop_case();
    status = tousu_case_register(complaint, json, &current, &err);
    if (status != TOUSU_STATUS_OK) {
        reply_refused(status, err);
    } else {
        reply_ok();
    }
}

static void do_apply(const char *json) {
    tousu_error *err = NULL;
    tousu_status status;
    snapshot before, after;
    int unchanged;
    if (current == NULL) {
        reply_fail("apply without a case");
        return;
    }
    if (!take(current, &before)) {
        release(&before);
        reply_fail("could not read the case before the event");
        return;
    }
    status = tousu_case_apply_json(current, json, &err);
    if (status == TOUSU_STATUS_OK) {
        release(&before);
        reply_ok();
        return;
    }
    unchanged = take(current, &after) && same(&before, &after);
    release(&before);
    release(&after);
    if (unchanged) {
        reply_refused(status, err);
    } else {
        tousu_error_free(err);
        reply_fail("a refused event changed the case");
    }
}

static void do_roundtrip(void) {
    tousu_case *again = NULL;
    snapshot a, b;
    int equal;
    if (current == NULL) {
        reply_fail("roundtrip without a case");
        return;
    }
    equal = take(current, &a) && tousu_case_from_json(a.file, &again, NULL) == TOUSU_STATUS_OK;
    equal = equal && take(again, &b) && same(&a, &b);
    release(&a);
    if (again != NULL) {
        release(&b);
    }
    tousu_case_free(again);
    if (equal) {
        reply_ok();
    } else {
        reply_fail("the case file's JSON round trip is not exact");
    }
}

/* Reads `n` payload bytes and the newline after them; NULL on a short read. */
static char *read_payload(size_t n) {
    char *payload = malloc(n + 1);
    if (payload == NULL || fread(payload, 1, n, stdin) != n || getchar() != '\n') {
        free(payload);
        return NULL;
    }
    payload[n] = '\0';
    return payload;
}

int main(void) {
    char header[128];
    while (fgets(header, sizeof header, stdin) != NULL) {
        char command[32];
        unsigned long n = 0;
        char *payload;
        if (sscanf(header, "%31s %lu", command, &n) != 2) {
            reply_fail("bad request header");
            break;
        }
        payload = read_payload((size_t)n);
        if (payload == NULL) {
            reply_fail("short payload");
            break;
        }
        if (strcmp(command, "complaint") == 0) {
            do_complaint(payload);
        } else if (strcmp(command, "register") == 0) {
            do_register(payload);
        } else if (strcmp(command, "apply") == 0) {
            do_apply(payload);
        } else if (strcmp(command, "stage") == 0) {
            if (current == NULL) {
                reply_fail("stage without a case");
            } else {
                reply_ok();
            }
        } else if (strcmp(command, "roundtrip") == 0) {
            do_roundtrip();
        } else if (strcmp(command, "reset") == 0) {
            drop_all();
            reply_ok();
        } else {
            reply_fail("unknown command");
        }
        free(payload);
        fflush(stdout);
    }
    drop_all();
    return 0;
}
