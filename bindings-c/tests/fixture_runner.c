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
 * Calendar commands (tests/testdata/calendar.toml) take tab-separated arguments as payload,
 * dates as YYYY-MM-DD; the built-in calendar is loaded on first use and kept. A success
 * replies `ok\t<answer>` (a date YYYY-MM-DD, `true`/`false`, or an integer):
 *
 *   day <cal> <date>                 tousu_calendar_is_working_day
 *   add <cal> <date> <n>             tousu_calendar_add_working_days, and the same through
 *                                    tousu_calendar_add_working_days_array (both must agree)
 *   between <cal> <from> <to>        tousu_calendar_working_days_between
 *   period <cal> <start> <days>      tousu_calendar_civil_code_period_end
 *   nth <cal> <year> <month> <n>     tousu_calendar_nth_working_day_of_month
 *
 * The deadline command (tests/testdata/deadlines.toml) asks about the current case:
 *
 *   deadlines <policy> <calendar> <now>   tousu_policy_deadlines, tousu_policy_deadlines_many
 *                                         (the case alone) and tousu_policy_deadlines_json with
 *                                         the preset <policy>, the built-in <calendar> (empty:
 *                                         the one the policy names) and <now> in Unix seconds
 *
 * The three forms must succeed or fail alike, and _many must give tousu_policy_deadlines's
 * deadlines field by field (failing, it must name element 0 and write nothing) (else `fail`).
 * A success replies `ok`, then one field per deadline in the policy's order, then the JSON
 * text as the last field:
 *
 *   ok\t<id>,<status>,<unit>,<due>,<met_at>,<met_by>,<elapsed>,<remaining>,<paused>,
 *       <paused_time>,<extensions>,<extensions_over_limit>\t...\t<json>
 *
 * with instants in Unix seconds and `-` for an absent due time, met_at or met_by.
 *
 * Routing commands (tests/testdata/routing.toml):
 *
 *   rules <name>\t<toml>       compile a rule set against the default taxonomy and keep it under
 *                              <name>; an empty <toml> is tousu_rule_set_default
 *   route <name>\t<earlier>\t<attributes>\t<json>
 *                              route the complaint <json> by rule set <name> with a context of
 *                              <earlier> (comma-separated YYYY-MM-DD days) and <attributes>
 *                              (comma-separated names, each looked up through
 *                              tousu_attribute_name), through tousu_rule_set_route,
 *                              tousu_rule_set_route_json, tousu_rule_set_route_many and
 *                              tousu_rule_set_explain_json / _text
 *
 * Every form must succeed or fail alike, and route_many must give route's decision (else
 * `fail`). A success replies
 *
 *   ok\t<handler>,<department>,<level>,<policy>,<escalate_to>,<obligations>,<matched>,<deciding>
 *     \t<decision json>\t<explanation json>\t<explanation text>
 *
 * where the typed decision's strings are `-` when unset, <level> is tousu_handling_level_name,
 * <obligations> the names of its bits joined by `|`, <matched> the ids of its matched rules in
 * rule-set (file) order joined by `|`, and <deciding> the deciding rule's id (`-` for none).
 *
 * At end of input the runner frees everything and exits 0, so valgrind can vouch for leaks.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tousu.h"

static tousu_complaint *complaint;
static tousu_case *current;

#define MAX_CALENDARS 8
static tousu_calendar *calendars[MAX_CALENDARS];

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

/* --- calendars ------------------------------------------------------------------------- */

/* The built-in calendar `code`, loaded once; NULL (after replying) when it cannot be. */
static const tousu_calendar *calendar(const char *code) {
    int i;
    tousu_error *err = NULL;
    tousu_status status;
    for (i = 0; i < MAX_CALENDARS && calendars[i] != NULL; i++) {
        if (strcmp(tousu_calendar_code(calendars[i]), code) == 0) {
            return calendars[i];
        }
    }
    if (i == MAX_CALENDARS) {
        reply_fail("too many calendars");
        return NULL;
    }
    status = tousu_calendar_builtin(code, &calendars[i], &err);
    if (status != TOUSU_STATUS_OK) {
        reply_refused(status, err);
        return NULL;
    }
    return calendars[i];
}

/* Splits a payload at tabs into at most `max` fields; returns how many. */
static int split(char *payload, char **fields, int max) {
    int n = 0;
    char *p = payload;
    while (n < max) {
        fields[n++] = p;
        p = strchr(p, '\t');
        if (p == NULL) {
            break;
        }
        *p++ = '\0';
    }
    return n;
}

static int parse_date(const char *text, int32_t *out) {
    int y;
    unsigned m, d;
    char extra;
    return sscanf(text, "%d-%u-%u%c", &y, &m, &d, &extra) == 3 &&
           tousu_date_from_ymd(y, m, d, out, NULL) == TOUSU_STATUS_OK;
}

static void reply_date(int32_t date) {
    int32_t y;
    uint32_t m, d;
    if (tousu_date_to_ymd(date, &y, &m, &d, NULL) != TOUSU_STATUS_OK) {
        reply_fail("tousu_date_to_ymd refused an answer of the library");
        return;
    }
    printf("ok\t%04d-%02u-%02u\n", (int)y, (unsigned)m, (unsigned)d);
}

static void do_calendar(const char *command, char *payload) {
    char *f[5];
    int n = split(payload, f, 5);
    const tousu_calendar *cal;
    tousu_error *err = NULL;
    tousu_status status;
    int32_t a = 0, b = 0, answer = 0;
    if (n < 2) {
        reply_fail("a calendar command needs a calendar and arguments");
        return;
    }
    cal = calendar(f[0]);
    if (cal == NULL) {
        return;
    }
    if (strcmp(command, "day") == 0 && n == 2 && parse_date(f[1], &a)) {
        bool working = false;
        status = tousu_calendar_is_working_day(cal, a, &working, &err);
        if (status == TOUSU_STATUS_OK) {
            printf("ok\t%s\n", working ? "true" : "false");
            return;
        }
    } else if (strcmp(command, "add") == 0 && n == 3 && parse_date(f[1], &a)) {
        int64_t steps = strtoll(f[2], NULL, 10);
        int32_t from_array = INT32_MIN;
        size_t failed = SIZE_MAX;
        tousu_status array_status =
            tousu_calendar_add_working_days_array(cal, &a, &steps, 1, &from_array, &failed, NULL);
        status = tousu_calendar_add_working_days(cal, a, steps, &answer, &err);
        if (array_status != status || (status == TOUSU_STATUS_OK && from_array != answer) ||
            (status != TOUSU_STATUS_OK && failed != 0)) {
            tousu_error_free(err);
            reply_fail("the array form disagrees with the single call");
            return;
        }
        if (status == TOUSU_STATUS_OK) {
            reply_date(answer);
            return;
        }
    } else if (strcmp(command, "between") == 0 && n == 3 && parse_date(f[1], &a) && parse_date(f[2], &b)) {
        int64_t count = 0;
        status = tousu_calendar_working_days_between(cal, a, b, &count, &err);
        if (status == TOUSU_STATUS_OK) {
            printf("ok\t%lld\n", (long long)count);
            return;
        }
    } else if (strcmp(command, "period") == 0 && n == 3 && parse_date(f[1], &a)) {
        status = tousu_calendar_civil_code_period_end(cal, a, (uint32_t)strtoul(f[2], NULL, 10), &answer, &err);
        if (status == TOUSU_STATUS_OK) {
            reply_date(answer);
            return;
        }
    } else if (strcmp(command, "nth") == 0 && n == 4) {
        status = tousu_calendar_nth_working_day_of_month(cal, (int32_t)strtol(f[1], NULL, 10),
                                                         (uint32_t)strtoul(f[2], NULL, 10),
                                                         (int32_t)strtol(f[3], NULL, 10), &answer, &err);
        if (status == TOUSU_STATUS_OK) {
            reply_date(answer);
            return;
        }
    } else {
        reply_fail("bad calendar request");
        return;
    }
    reply_refused(status, err);
}

/* --- deadlines ------------------------------------------------------------------------ */

/* `-` for an absent instant or name, else its value. */
static void put_instant(bool has, int64_t at) {
    if (has) {
        printf("%lld", (long long)at);
    } else {
        putchar('-');
    }
}

static void put_deadline(const tousu_policy *policy, const tousu_deadline *d) {
    put_field(tousu_policy_milestone_id(policy, d->milestone));
    printf(",%s,%s,", tousu_deadline_status_name(d->status), tousu_deadline_unit_name(d->unit));
    put_instant(d->has_due, d->due);
    putchar(',');
    put_instant(d->has_met_at, d->met_at);
    printf(",%s,%lld,%lld,%zu,%lld,%zu,%zu", d->met_by != NULL ? d->met_by : "-", (long long)d->elapsed,
           (long long)d->remaining, d->paused_count, (long long)d->paused_time, d->extension_count,
           d->extensions_over_limit_count);
}

/* Whether two deadlines are the same, field by field (padding aside). */
static bool same_deadline(const tousu_deadline *a, const tousu_deadline *b) {
    return a->milestone == b->milestone && a->status == b->status && a->unit == b->unit &&
           a->has_started == b->has_started && a->started == b->started && a->has_due == b->has_due &&
           a->due == b->due && a->due_utc_offset == b->due_utc_offset && a->has_met_at == b->has_met_at &&
           a->met_at == b->met_at && a->met_by == b->met_by && a->elapsed == b->elapsed &&
           a->remaining == b->remaining && a->elapsed_in_unit == b->elapsed_in_unit &&
           a->remaining_in_unit == b->remaining_in_unit && a->paused_time == b->paused_time &&
           a->paused_count == b->paused_count && a->extension_count == b->extension_count &&
           a->extensions_over_limit_count == b->extensions_over_limit_count;
}

/* tousu_policy_deadlines_many for the current case alone: its status, and whether it agrees
 * with the one-case call (`all`, `n` deadlines, or `status` on failure). */
static tousu_status many_deadlines(const tousu_policy *policy, const tousu_calendar *cal, int64_t now,
                                   tousu_status status, const tousu_deadline *all, size_t n, bool *agrees) {
    const tousu_case *cases[1];
    size_t m = tousu_policy_milestone_count(policy), failed = SIZE_MAX, i;
    size_t size = (m > 0 ? m : 1) * sizeof(tousu_deadline); /* a policy has milestones: m > 0 */
    tousu_deadline *many = malloc(size);
    tousu_status many_status;
    cases[0] = current;
    if (many == NULL) {
        *agrees = false;
        return TOUSU_STATUS_INTERNAL;
    }
    memset(many, 0xa5, size); /* a failed call must leave these bytes */
    many_status = tousu_policy_deadlines_many(policy, cases, 1, cal, now, many, &failed, NULL);
    *agrees = many_status == status;
    if (*agrees && status == TOUSU_STATUS_OK) {
        *agrees = failed == SIZE_MAX && n == m;
        for (i = 0; *agrees && i < n; i++) {
            *agrees = same_deadline(&many[i], &all[i]);
        }
    } else if (*agrees) {
        unsigned char *byte = (unsigned char *)many;
        *agrees = failed == 0;
        for (i = 0; *agrees && i < size; i++) {
            *agrees = byte[i] == 0xa5;
        }
    }
    free(many);
    return many_status;
}

/* Replies with the forms of the deadlines, which must agree on success or failure. */
static void reply_deadlines(const tousu_policy *policy, const tousu_calendar *cal, int64_t now) {
    tousu_deadline *all = NULL;
    size_t n = 0, i;
    char *json = NULL;
    tousu_error *err = NULL;
    bool many_agrees = false;
    tousu_status status = tousu_policy_deadlines(policy, current, cal, now, &all, &n, &err);
    tousu_status json_status = tousu_policy_deadlines_json(policy, current, cal, now, &json, NULL);
    tousu_status many_status = many_deadlines(policy, cal, now, status, all, n, &many_agrees);
    if (status != json_status || status != many_status) {
        reply_fail("the typed, many and JSON forms of the deadlines fail differently");
    } else if (!many_agrees) {
        reply_fail("tousu_policy_deadlines_many disagrees with tousu_policy_deadlines");
    } else if (status != TOUSU_STATUS_OK) {
        reply_refused(status, err);
        err = NULL;
    } else if (n != tousu_policy_milestone_count(policy)) {
        reply_fail("not one deadline per milestone");
    } else {
        fputs("ok", stdout);
        for (i = 0; i < n; i++) {
            putchar('\t');
            if (all[i].milestone != i) {
                fputs("(out of order)", stdout);
            }
            put_deadline(policy, &all[i]);
        }
        putchar('\t');
        put_field(json);
        putchar('\n');
    }
    tousu_error_free(err);
    tousu_deadlines_free(all, n);
    tousu_string_free(json);
}

static void do_deadlines(char *payload) {
    char *f[3];
    tousu_policy *policy = NULL;
    tousu_error *err = NULL;
    tousu_status status;
    const tousu_calendar *cal;
    if (current == NULL || split(payload, f, 3) != 3) {
        reply_fail("deadlines needs a case, a policy, a calendar and now");
        return;
    }
    status = tousu_policy_preset(f[0], &policy, &err);
    if (status != TOUSU_STATUS_OK) {
        reply_refused(status, err);
        return;
    }
    cal = calendar(*f[1] != '\0' ? f[1] : tousu_policy_calendar(policy));
    if (cal != NULL) {
        reply_deadlines(policy, cal, strtoll(f[2], NULL, 10));
    }
    tousu_policy_free(policy);
}

/* --- routing ------------------------------------------------------------------------------ */

#define MAX_RULE_SETS 8
static tousu_rule_set *rule_sets[MAX_RULE_SETS];
static char *rule_set_names[MAX_RULE_SETS];

static void drop_rule_sets(void) {
    int i;
    for (i = 0; i < MAX_RULE_SETS; i++) {
        tousu_rule_set_free(rule_sets[i]);
        free(rule_set_names[i]);
        rule_sets[i] = NULL;
        rule_set_names[i] = NULL;
    }
}

static const tousu_rule_set *rule_set_named(const char *name) {
    int i;
    for (i = 0; i < MAX_RULE_SETS && rule_sets[i] != NULL; i++) {
        if (strcmp(rule_set_names[i], name) == 0) {
            return rule_sets[i];
        }
    }
    return NULL;
}

static void do_rules(char *payload) {
    char *f[2];
    int i;
    tousu_taxonomy *taxonomy = NULL;
    tousu_error *err = NULL;
    tousu_status status;
    if (split(payload, f, 2) != 2 || rule_set_named(f[0]) != NULL) {
        reply_fail("rules needs a new name and a text");
        return;
    }
    for (i = 0; i < MAX_RULE_SETS && rule_sets[i] != NULL; i++) {
    }
    if (i == MAX_RULE_SETS) {
        reply_fail("too many rule sets");
        return;
    }
    if (*f[1] == '\0') {
        status = tousu_rule_set_default(&rule_sets[i], &err);
    } else {
        status = tousu_taxonomy_default(&taxonomy, &err);
        if (status == TOUSU_STATUS_OK) {
            status = tousu_rule_set_from_toml(f[1], f[0], taxonomy, &rule_sets[i], &err);
        }
        tousu_taxonomy_free(taxonomy);
    }
    if (status != TOUSU_STATUS_OK) {
        reply_refused(status, err);
        return;
    }
    rule_set_names[i] = malloc(strlen(f[0]) + 1);
    if (rule_set_names[i] == NULL) {
        tousu_rule_set_free(rule_sets[i]);
        rule_sets[i] = NULL;
        reply_fail("out of memory");
        return;
    }
    strcpy(rule_set_names[i], f[0]);
    reply_ok();
}

/* The bit of attribute `name`, 0 when no bit has that name. */
static uint32_t attribute_bit(const char *name) {
    uint32_t bit;
    for (bit = 1; bit != 0; bit <<= 1) {
        const char *known = tousu_attribute_name(bit);
        if (known != NULL && strcmp(known, name) == 0) {
            return bit;
        }
    }
    return 0;
}

#define MAX_EARLIER 16

/* Reads the context fields of a route request; 0 (after replying) when they make no sense. */
static int parse_context(char *earlier, char *attributes, int32_t *days, tousu_routing_context *ctx) {
    char *item;
    ctx->earlier_complaints = days;
    ctx->earlier_complaint_count = 0;
    ctx->attributes = 0;
    for (item = strtok(earlier, ","); item != NULL; item = strtok(NULL, ",")) {
        if (ctx->earlier_complaint_count == MAX_EARLIER || !parse_date(item, &days[ctx->earlier_complaint_count])) {
            reply_fail("bad earlier-complaint days");
            return 0;
        }
        ctx->earlier_complaint_count++;
    }
    for (item = strtok(attributes, ","); item != NULL; item = strtok(NULL, ",")) {
        uint32_t bit = attribute_bit(item);
        if (bit == 0) {
            reply_fail("an attribute no tousu_attribute names");
            return 0;
        }
        ctx->attributes |= bit;
    }
    return 1;
}

static void put_name(const char *s) {
    if (s != NULL) {
        put_field(s);
    } else {
        putchar('-');
    }
}

static void put_decision(const tousu_rule_set *rules, const tousu_decision *d) {
    uint32_t bit;
    size_t i;
    const char *sep = "";
    put_name(d->handler);
    putchar(',');
    put_name(d->department);
    printf(",%s,", tousu_handling_level_name(d->level));
    put_name(d->policy);
    putchar(',');
    put_name(d->escalate_to);
    putchar(',');
    for (bit = 1; bit != 0; bit <<= 1) {
        if (d->obligations & bit) {
            printf("%s%s", sep, tousu_obligation_name(bit) ? tousu_obligation_name(bit) : "(unnamed bit)");
            sep = "|";
        }
    }
    putchar(',');
    sep = "";
    for (i = 0; i < TOUSU_MAX_RULES; i++) {
        if (d->matched[i / 64] >> (i % 64) & 1) {
            printf("%s", sep);
            put_name(tousu_rule_set_rule_id(rules, i));
            sep = "|";
        }
    }
    putchar(',');
    put_name(d->deciding_rule == SIZE_MAX ? NULL : tousu_rule_set_rule_id(rules, d->deciding_rule));
}

static int same_decision(const tousu_decision *a, const tousu_decision *b) {
    return a->routed == b->routed && a->handler == b->handler && a->department == b->department &&
           a->level == b->level && a->policy == b->policy && a->escalate_to == b->escalate_to &&
           a->obligations == b->obligations && a->matched_count == b->matched_count &&
           a->deciding_rule == b->deciding_rule && memcmp(a->matched, b->matched, sizeof a->matched) == 0;
}

/* Routes with every form; replies as documented above. */
static void reply_route(const tousu_rule_set *rules, const tousu_complaint *c, const tousu_routing_context *ctx) {
    tousu_decision d, many;
    char *json = NULL, *explain = NULL, *text = NULL;
    tousu_error *err = NULL;
    tousu_status status = tousu_rule_set_route(rules, c, ctx, &d, &err);
    tousu_status json_status = tousu_rule_set_route_json(rules, c, ctx, &json, NULL);
    tousu_status many_status = tousu_rule_set_route_many(rules, &c, ctx, 1, &many, NULL, NULL);
    tousu_status explain_status = tousu_rule_set_explain_json(rules, c, ctx, &explain, NULL);
    tousu_status text_status = tousu_rule_set_explain_text(rules, c, ctx, &text, NULL);
    if (json_status != status || many_status != status || explain_status != status || text_status != status) {
        reply_fail("the forms of routing fail differently");
    } else if (status != TOUSU_STATUS_OK) {
        reply_refused(status, err);
        err = NULL;
    } else if (!same_decision(&d, &many)) {
        reply_fail("route_many decided otherwise than route");
    } else {
        fputs("ok\t", stdout);
        put_decision(rules, &d);
        putchar('\t');
        put_field(json);
        putchar('\t');
        put_field(explain);
        putchar('\t');
        put_field(text);
        putchar('\n');
    }
    tousu_error_free(err);
    tousu_string_free(json);
    tousu_string_free(explain);
    tousu_string_free(text);
}

static void do_route(char *payload) {
    char *f[4];
    int32_t days[MAX_EARLIER];
    tousu_routing_context ctx;
    const tousu_rule_set *rules;
    tousu_error *err = NULL;
    tousu_status status;
    if (split(payload, f, 4) != 4 || (rules = rule_set_named(f[0])) == NULL) {
        reply_fail("route needs a loaded rule set, days, attributes and a complaint");
        return;
    }
    if (!parse_context(f[1], f[2], days, &ctx)) {
        return;
    }
    drop_all();
    status = tousu_complaint_from_json(f[3], &complaint, &err);
    if (status != TOUSU_STATUS_OK) {
        reply_refused(status, err);
        return;
    }
    reply_route(rules, complaint, &ctx);
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
        } else if (strcmp(command, "day") == 0 || strcmp(command, "add") == 0 ||
                   strcmp(command, "between") == 0 || strcmp(command, "period") == 0 ||
                   strcmp(command, "nth") == 0) {
            do_calendar(command, payload);
        } else if (strcmp(command, "deadlines") == 0) {
            do_deadlines(payload);
        } else if (strcmp(command, "rules") == 0) {
            do_rules(payload);
        } else if (strcmp(command, "route") == 0) {
            do_route(payload);
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
    drop_rule_sets();
    {
        int i;
        for (i = 0; i < MAX_CALENDARS; i++) {
            tousu_calendar_free(calendars[i]);
        }
    }
    return 0;
}
