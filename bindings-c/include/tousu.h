/*
 * tousu.h — the C interface of tousu, securities-brokerage complaint handling.
 *
 * tousu models how a brokerage takes, routes and closes customer complaints: a complaint is
 * registered with its required fields, then an event-sourced case records each step of the
 * written procedure (acknowledge, assign, escalate, decide, feed the result back, close,
 * archive) and refuses a step that breaks a rule, naming the rule. This header is generated
 * from the Rust sources (bindings-c/src) by cbindgen; every rule lives in the Rust core and
 * this interface only converts and forwards.
 *
 * TYPES
 *
 *   tousu_complaint  a validated complaint record        tousu_complaint_from_json / _free
 *   tousu_case       a complaint and its events          tousu_case_register, tousu_case_from_json / _free
 *   tousu_error      what went wrong, when asked for     filled in by any fallible call / tousu_error_free
 *   tousu_status     the result of every fallible call   TOUSU_STATUS_OK (0) or a reason
 *   tousu_stage      where a case stands                 tousu_case_stage
 *   tousu_calendar   a working-day calendar              tousu_calendar_builtin, _from_toml,
 *                                                        _from_json / tousu_calendar_free
 *   tousu_policy     a deadline policy (milestones)      tousu_policy_preset, _from_toml / _free
 *   tousu_deadline   one milestone's due time and status tousu_policy_deadlines / tousu_deadlines_free,
 *                                                        _deadlines_many (plain struct)
 *   tousu_taxonomy   complaint category codes            tousu_taxonomy_default, _from_toml / _free
 *   tousu_rule_set   a routing procedure, compiled once  tousu_rule_set_default, _from_toml / _free
 *   tousu_decision   who handles a complaint, and how    tousu_rule_set_route, _route_many (plain struct)
 *   tousu_directory  staff, for assignment with recusal  tousu_directory_from_toml, _from_json / _free
 *   tousu_assignment who may handle a routed complaint,  tousu_directory_assign /
 *                    and who may not, and why            tousu_assignment_free
 *
 * Records and events go in and out as JSON text: NUL-terminated, UTF-8, the schema of the
 * Rust core (see the examples in the function comments and the tests in bindings-c/tests).
 * Timestamps are RFC 3339 with a UTC offset, e.g. "2024-03-01T09:30:00+08:00".
 *
 * DATES AND WORKING DAYS
 *
 *   The calendar functions take and return dates as int32_t days since 1970-01-01, the value
 *   of numpy's datetime64[D] (2024-10-01 is 19997); tousu_date_from_ymd and tousu_date_to_ymd
 *   convert. No JSON and no allocation on this path: a call is O(1), and the array forms
 *   (tousu_calendar_add_working_days_array, ...) stop at the first failing element and name
 *   its index. A date outside the years a calendar covers is TOUSU_STATUS_DATE_OUT_OF_COVERAGE,
 *   never a guess.
 *
 *       tousu_calendar *cn = NULL;
 *       int32_t d, due;
 *       tousu_calendar_builtin("CN", &cn, NULL);
 *       tousu_date_from_ymd(2024, 9, 27, &d, NULL);
 *       tousu_calendar_add_working_days(cn, d, 3, &due, NULL);   (2024-10-08)
 *       tousu_calendar_free(cn);
 *
 * POLICIES AND DEADLINES
 *
 *   A tousu_policy names the milestones of a case (acknowledge in 1 working day, an answer
 *   time by 15:30, resolve in 5 working days, ...) on the calendar it names
 *   (tousu_policy_calendar). tousu_policy_deadlines gives every milestone's tousu_deadline
 *   for a case at `now`: a plain struct, no JSON, with its status, and instants as int64_t
 *   Unix seconds (the due time, when met); tousu_policy_deadlines_many gives those of an array
 *   of cases in one call into the caller's array (the hot path: no allocation per case), and
 *   tousu_policy_deadlines_json gives the same in core's JSON form. `now` is int64_t Unix
 *   seconds too, so `time(NULL)` will do.
 *
 *       tousu_policy *p = NULL;
 *       tousu_calendar *cal = NULL;
 *       tousu_deadline *all = NULL;
 *       size_t n = 0;
 *       tousu_policy_preset("cn.branch", &p, NULL);
 *       tousu_calendar_builtin(tousu_policy_calendar(p), &cal, NULL);
 *       tousu_policy_deadlines(p, c, cal, (int64_t)time(NULL), &all, &n, NULL);   (c: a case)
 *       ... all[i].status, all[i].due, tousu_policy_milestone_id(p, all[i].milestone) ...
 *       tousu_deadlines_free(all, n);
 *       tousu_calendar_free(cal);
 *       tousu_policy_free(p);
 *
 * ROUTING
 *
 *   A tousu_rule_set is a brokerage's complaint procedure as data (core/data/rules/README.md),
 *   compiled once against a tousu_taxonomy; the default one is the seed's procedure. It is
 *   immutable: share one between any number of threads. tousu_rule_set_route gives a
 *   tousu_decision for a complaint: a plain struct, no JSON, whose strings (handler role,
 *   department, policy preset, escalation) belong to the rule set, with the level as an enum,
 *   the obligations as tousu_obligation bits and the matching rules as rule indices.
 *   tousu_rule_set_route_many routes an array of complaints in one call (the hot path);
 *   tousu_rule_set_route_json and _route_many_json give core's JSON form, and
 *   tousu_rule_set_explain_json / _explain_text say why, rule by rule. What the caller knows
 *   beyond the record (earlier complaints by the same person, client attributes) goes in an
 *   optional tousu_routing_context; NULL means nothing is known.
 *   tousu_rule_set_route_many_by_complainant routes an array whose complaints name their
 *   complainant (an account number, any string key) and counts each one's earlier complaints
 *   from the array itself: those of the same key received at a strictly earlier instant.
 *
 *       tousu_rule_set *rules = NULL;
 *       tousu_decision d;
 *       tousu_rule_set_default(&rules, NULL);
 *       if (tousu_rule_set_route(rules, complaint, NULL, &d, &err) == TOUSU_STATUS_OK)
 *           ... d.handler, tousu_handling_level_name(d.level), d.policy,
 *               d.obligations & TOUSU_OBLIGATION_WRITTEN_REPLY ...
 *       tousu_rule_set_free(rules);
 *
 *   tousu_directory_assign names the people who may handle a routed complaint, never the
 *   person complained about (R12), the receiver first (R5), in a tousu_assignment that also
 *   lists every other holder of the role with the reason (tousu_assignment_recused: the staff
 *   id, a tousu_recusal value and core's words); tousu_directory_assign_json gives the same as
 *   JSON. When nobody may, both fail with TOUSU_STATUS_NO_ELIGIBLE_HANDLER and
 *   tousu_error_next_level names the role to escalate to.
 *
 * ERRORS
 *
 *   Every fallible function returns a tousu_status: TOUSU_STATUS_OK (0) on success, otherwise
 *   the reason. Outputs (the out-parameters) are written only on success; on failure they hold
 *   whatever they held before.
 *
 *   The last parameter of every fallible function is `tousu_error **err`, optional:
 *     - NULL: the caller gets the status alone.
 *     - not NULL: when the call fails, *err receives a new tousu_error with a message, the
 *       field problems of a validation error, and the rule and event index of a refused event.
 *       The caller frees it with tousu_error_free. When the call succeeds *err is not touched,
 *       so initialize the variable to NULL and test it, or test the status.
 *
 *       tousu_error *err = NULL;
 *       if (tousu_case_apply_json(c, event, &err) != TOUSU_STATUS_OK) {
 *           fprintf(stderr, "%s\n", tousu_error_message(err));
 *           tousu_error_free(err);
 *       }
 *
 *   A NULL where a pointer is required gives TOUSU_STATUS_NULL_ARGUMENT, a string that is not
 *   UTF-8 gives TOUSU_STATUS_INVALID_UTF8, another value the call cannot take gives
 *   TOUSU_STATUS_INVALID_ARGUMENT; the message names the argument. A panic inside the
 *   library never unwinds into C: the call returns TOUSU_STATUS_INTERNAL (a bug, please report
 *   it; Rust also prints the panic on stderr) and a handle it was given should only be freed
 *   afterwards.
 *
 * OWNERSHIP AND LIFETIMES
 *
 *   - Every constructor has a matching free: tousu_complaint_free, tousu_case_free,
 *     tousu_calendar_free, tousu_policy_free, tousu_taxonomy_free, tousu_rule_set_free,
 *     tousu_directory_free, tousu_assignment_free, tousu_error_free; an array of deadlines
 *     is freed with tousu_deadlines_free. Passing NULL to any _free function is a no-op.
 *     Arrays of decisions are the caller's (tousu_rule_set_route_many fills them), and so are
 *     the arrays of deadlines tousu_policy_deadlines_many fills.
 *   - Strings returned through `char **out` belong to the caller: free them with
 *     tousu_string_free, never with free().
 *   - `const char *` results belong to the library: the strings of an error live until the
 *     error is freed, those of a calendar, policy, taxonomy or rule set (a decision's strings
 *     included) and of an assignment (its tousu_recused entries included) until it is freed;
 *     tousu_status_name, tousu_stage_name, the _name functions of deadlines,
 *     tousu_policy_preset_id, a deadline's met_by and tousu_version are static.
 *   - Input strings and handles passed as arguments are only borrowed for the duration of the
 *     call. tousu_case_register copies the complaint: the case and the complaint are
 *     independent afterwards and are freed separately.
 *
 * THREADS
 *
 *   Calls share no mutable state (the static name tables are built once, thread-safely). A
 *   complaint or case handle is not synchronized: use it from one thread at a time (it may be
 *   handed to another thread); distinct handles are independent and may be used concurrently.
 *   A tousu_error is immutable and its accessors may be called from any number of threads.
 *   A tousu_calendar is immutable once built (only tousu_calendar_extend_from_toml changes it):
 *   share one calendar between any number of threads for queries, provided none extends it
 *   at the same time. A tousu_policy is immutable: share it freely; tousu_policy_deadlines
 *   and _deadlines_many only read their policy, cases and calendar. A tousu_taxonomy,
 *   tousu_rule_set, tousu_directory and tousu_assignment are immutable too: one compiled rule
 *   set may route on any number of threads at once, each routing its own complaints (or
 *   complaints no thread changes).
 *
 * NUMBERS
 *
 *   tousu_status, tousu_stage, tousu_deadline_status, tousu_deadline_unit, tousu_hit_policy,
 *   tousu_handling_level, tousu_obligation, tousu_attribute and tousu_recusal values are
 *   stable and never reused; later versions may add values, so handle unknown ones (a status
 *   by its range: 1000s parse, 2000s validation, 3000s procedure rules, 4000s calendars, 5000s
 *   policies and deadlines, 6000s taxonomies and routing, 9000s API misuse). All are 32-bit
 *   unsigned integers in the ABI.
 *
 * LINKING
 *
 *   cargo build -p tousu-c builds libtousu.a and libtousu.so. To link statically, add after
 *   the sources:   -L target/debug -Wl,-Bstatic -ltousu -Wl,-Bdynamic -lpthread -ldl -lm
 *   To link dynamically: -L target/debug -ltousu, with the library on the loader's path.
 */

#ifndef TOUSU_H
#define TOUSU_H

/*
 * Generated by cbindgen from bindings-c/src; do not edit. Regenerate with
 *   cbindgen --config bindings-c/cbindgen.toml --crate tousu-c --output bindings-c/include/tousu.h
 */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/**
 * The most rules a rule set may have (the bits of `tousu_decision.matched`, 4 words of 64).
 */
#define TOUSU_MAX_RULES 256

/**
 * The outcome of a call: `TOUSU_STATUS_OK` (0) or the reason it failed.
 *
 * Numbers are stable and never reused, grouped by category:
 *
 * | range     | category                                                          |
 * |-----------|-------------------------------------------------------------------|
 * | 0         | success                                                           |
 * | 1000-1999 | input that could not be read (JSON syntax, types, unknown fields) |
 * | 2000-2999 | input that was read but is not a valid record                     |
 * | 3000-3999 | an event that breaks a rule of the complaint procedure            |
 * | 4000-4999 | calendar data that cannot be loaded, a date a calendar cannot answer |
 * | 5000-5999 | a deadline policy that cannot be loaded, or deadlines it cannot compute |
 * | 6000-6999 | taxonomies, routing rule sets and staff directories that cannot be loaded; complaints that cannot be routed or assigned |
 * | 9000-9998 | misuse of the C API (NULL pointers, bad UTF-8)                    |
 * | 9999      | an internal fault: a bug in tousu, please report it               |
 *
 * A category is `status / 1000` for every status but `TOUSU_STATUS_INTERNAL`. New statuses may
 * be added in later versions: treat an unknown value by its range. `tousu_status_name` gives
 * the name of any value as a string.
 */
enum tousu_status
#if defined(__cplusplus) || __STDC_VERSION__ >= 202311L
  : uint32_t
#endif // defined(__cplusplus) || __STDC_VERSION__ >= 202311L
 {
    /**
     * The call succeeded and wrote its outputs.
     */
    TOUSU_STATUS_OK = 0,
    /**
     * The text is not well-formed JSON, or a value has the wrong JSON type.
     */
    TOUSU_STATUS_MALFORMED_JSON = 1000,
    /**
     * An object carries a field the schema does not know.
     */
    TOUSU_STATUS_UNKNOWN_FIELD = 1001,
    /**
     * A string names an enum value (channel, severity, action, ...) the schema does not know.
     */
    TOUSU_STATUS_UNKNOWN_VARIANT = 1002,
    /**
     * A field the schema needs to even read the record is absent.
     */
    TOUSU_STATUS_MISSING_FIELD = 1003,
    /**
     * The document's `schema_version` is not one this build reads.
     */
    TOUSU_STATUS_UNSUPPORTED_SCHEMA_VERSION = 1004,
    /**
     * A timestamp or date could not be read (it must be RFC 3339 with a UTC offset).
     */
    TOUSU_STATUS_INVALID_TIMESTAMP = 1005,
    /**
     * A complaint record fails validation; the error lists every problem with its field path
     * (`tousu_error_field_count`, `tousu_error_field_path`, `tousu_error_field_problem`).
     */
    TOUSU_STATUS_INVALID_COMPLAINT = 2000,
    /**
     * An event's own data fails validation (an empty reason, a negative amount, ...); the
     * error lists every problem with its field path.
     */
    TOUSU_STATUS_INVALID_EVENT = 2001,
    /**
     * The event is not allowed at the case's current stage.
     */
    TOUSU_STATUS_ILLEGAL_TRANSITION = 3000,
    /**
     * The event is dated earlier than the last event of the case.
     */
    TOUSU_STATUS_EVENT_OUT_OF_ORDER = 3001,
    /**
     * The case is archived; nothing more may be recorded.
     */
    TOUSU_STATUS_CASE_ARCHIVED = 3002,
    /**
     * The person complained about (or a conflicted person) would handle the case (R12).
     */
    TOUSU_STATUS_RECUSAL_REQUIRED = 3003,
    /**
     * A close was attempted before the result was fed back to the complainant (R20).
     */
    TOUSU_STATUS_RESULT_NOT_FED_BACK = 3004,
    /**
     * An archive was attempted before the case was closed (R24).
     */
    TOUSU_STATUS_NOT_CLOSED = 3005,
    /**
     * A regulator-forwarded case would close before it was reported back (R17).
     */
    TOUSU_STATUS_REGULATOR_NOT_REPORTED_BACK = 3006,
    /**
     * The event needs a regulator-forwarded case (R17).
     */
    TOUSU_STATUS_NOT_FORWARDED_BY_REGULATOR = 3007,
    /**
     * The case was already acknowledged (R4).
     */
    TOUSU_STATUS_ALREADY_ACKNOWLEDGED = 3008,
    /**
     * A re-promise of the answer time without an earlier promise (R6).
     */
    TOUSU_STATUS_NO_EARLIER_PROMISE = 3009,
    /**
     * A promised answer time earlier than the moment of the promise (R6, R7).
     */
    TOUSU_STATUS_PROMISE_IN_THE_PAST = 3010,
    /**
     * A hand-over by someone who does not own the case (R5).
     */
    TOUSU_STATUS_NOT_THE_OWNER = 3011,
    /**
     * A liaison-form answer that names no open form or no department on it (R11).
     */
    TOUSU_STATUS_LIAISON_FORM_MISMATCH = 3012,
    /**
     * A decision without a proposed resolution (R18, R19).
     */
    TOUSU_STATUS_NO_RESOLUTION_PROPOSED = 3013,
    /**
     * A decision taken below the authority the severity needs (R10, R18).
     */
    TOUSU_STATUS_INSUFFICIENT_DECISION_AUTHORITY = 3014,
    /**
     * The archive volume is not the year the case closed (R24).
     */
    TOUSU_STATUS_WRONG_ARCHIVE_VOLUME = 3015,
    /**
     * The first event of a case is not its registration, or a second registration.
     */
    TOUSU_STATUS_REGISTRATION_OUT_OF_PLACE = 3016,
    /**
     * The registration predates the time the complaint was received.
     */
    TOUSU_STATUS_REGISTERED_BEFORE_RECEIPT = 3017,
    /**
     * A second liaison form with an id already used in the case.
     */
    TOUSU_STATUS_DUPLICATE_LIAISON_FORM = 3018,
    /**
     * The deadline clock was paused while already paused.
     */
    TOUSU_STATUS_CLOCK_ALREADY_PAUSED = 3019,
    /**
     * The deadline clock was resumed while running.
     */
    TOUSU_STATUS_CLOCK_NOT_PAUSED = 3020,
    /**
     * Calendar text that cannot be read: TOML or JSON syntax, a value of the wrong type, a
     * missing field.
     */
    TOUSU_STATUS_CALENDAR_SYNTAX = 4000,
    /**
     * Calendar text with a field the calendar format does not know.
     */
    TOUSU_STATUS_CALENDAR_UNKNOWN_FIELD = 4001,
    /**
     * A week mask that is not seven `0`/`1` characters, Monday first (`1111100`).
     */
    TOUSU_STATUS_INVALID_WEEKMASK = 4002,
    /**
     * A year of a calendar's coverage without data, or a year added with a gap to the coverage.
     */
    TOUSU_STATUS_CALENDAR_YEAR_MISSING = 4003,
    /**
     * A year given twice, or added although the calendar already covers it.
     */
    TOUSU_STATUS_CALENDAR_YEAR_DUPLICATE = 4004,
    /**
     * A rest day or extra working day listed under another year than its own.
     */
    TOUSU_STATUS_CALENDAR_DATE_OUTSIDE_YEAR = 4005,
    /**
     * An extra working day that the week mask already makes a working day.
     */
    TOUSU_STATUS_EXTRA_WORKING_DAY_NOT_WEEKEND = 4006,
    /**
     * A date listed both as a rest day and as an extra working day.
     */
    TOUSU_STATUS_DATE_BOTH_REST_AND_WORKING = 4007,
    /**
     * Any other invalid calendar data (an empty code or source, a bad UTC offset, a coverage
     * that is reversed or too long, a year outside the coverage, a date listed twice).
     */
    TOUSU_STATUS_INVALID_CALENDAR = 4008,
    /**
     * A built-in calendar code that does not exist.
     */
    TOUSU_STATUS_UNKNOWN_CALENDAR = 4009,
    /**
     * A date outside the years a calendar covers, or a step of N working days that would
     * leave them. A year whose schedule has not been announced is unknown, never guessed.
     */
    TOUSU_STATUS_DATE_OUT_OF_COVERAGE = 4100,
    /**
     * A working day was required (adding 0 working days) but the date is a rest day.
     */
    TOUSU_STATUS_NOT_A_WORKING_DAY = 4101,
    /**
     * The N-th working day of a month that has fewer, or a month or N that does not exist.
     */
    TOUSU_STATUS_NO_SUCH_WORKING_DAY = 4102,
    /**
     * Policy text that cannot be read: TOML syntax, a value of the wrong type, a missing field.
     */
    TOUSU_STATUS_POLICY_SYNTAX = 5000,
    /**
     * Policy text with a field the policy format does not know.
     */
    TOUSU_STATUS_POLICY_UNKNOWN_FIELD = 5001,
    /**
     * A milestone's due unit that is not a unit.
     */
    TOUSU_STATUS_POLICY_UNKNOWN_UNIT = 5002,
    /**
     * A milestone anchored on an unknown milestone, or an anchor of no known form.
     */
    TOUSU_STATUS_POLICY_UNKNOWN_ANCHOR = 5003,
    /**
     * Milestones whose anchors form a cycle.
     */
    TOUSU_STATUS_POLICY_ANCHOR_CYCLE = 5004,
    /**
     * A zero, negative or missing duration (or extension limit).
     */
    TOUSU_STATUS_POLICY_INVALID_DURATION = 5005,
    /**
     * A warn_at outside (0, 1).
     */
    TOUSU_STATUS_POLICY_INVALID_WARN_AT = 5006,
    /**
     * A business-hours window that is malformed, ends before it starts, is out of order or overlaps another.
     */
    TOUSU_STATUS_POLICY_INVALID_WINDOW = 5007,
    /**
     * An action name in a policy that is not an action.
     */
    TOUSU_STATUS_POLICY_UNKNOWN_ACTION = 5008,
    /**
     * Any other invalid policy data (an empty or repeated id, a bad time zone or cut-off, ...).
     */
    TOUSU_STATUS_INVALID_POLICY = 5009,
    /**
     * A preset policy id that is not a preset.
     */
    TOUSU_STATUS_UNKNOWN_POLICY = 5010,
    /**
     * Deadlines asked on another calendar than the one the policy names.
     */
    TOUSU_STATUS_POLICY_CALENDAR_MISMATCH = 5100,
    /**
     * Taxonomy text that cannot be read: TOML syntax, a value of the wrong type, a missing or unknown field.
     */
    TOUSU_STATUS_TAXONOMY_SYNTAX = 6000,
    /**
     * Invalid taxonomy data: a malformed or repeated category code, a code whose parent is missing, an empty label or version.
     */
    TOUSU_STATUS_INVALID_TAXONOMY = 6001,
    /**
     * A category code the taxonomy does not have.
     */
    TOUSU_STATUS_UNKNOWN_CATEGORY = 6002,
    /**
     * Rule-set text that cannot be read: TOML syntax (with line and column), a value of the wrong type (a string compared with a number), a missing or unknown field.
     */
    TOUSU_STATUS_RULE_SET_SYNTAX = 6100,
    /**
     * An invalid rule: no id or a repeated id, an empty condition, a reversed amount range, an unknown policy preset, role or hit policy.
     */
    TOUSU_STATUS_INVALID_RULE = 6101,
    /**
     * A rule no complaint can reach under first match: an earlier rule matches whatever it matches.
     */
    TOUSU_STATUS_UNREACHABLE_RULE = 6102,
    /**
     * Rules that can match the same complaint and decide the same thing differently with no priority between them.
     */
    TOUSU_STATUS_CONFLICTING_RULES = 6103,
    /**
     * Escalation targets that form a cycle.
     */
    TOUSU_STATUS_ESCALATION_CYCLE = 6104,
    /**
     * Staff-directory data that cannot be used: a missing or repeated person id, an unknown role.
     */
    TOUSU_STATUS_INVALID_DIRECTORY = 6200,
    /**
     * Nobody in the staff directory may handle the decision (the person complained about and the conflicted recuse, the absent are away); the error names the next escalation level.
     */
    TOUSU_STATUS_NO_ELIGIBLE_HANDLER = 6201,
    /**
     * A required pointer argument was NULL; the message names the argument.
     */
    TOUSU_STATUS_NULL_ARGUMENT = 9000,
    /**
     * A string argument was not valid UTF-8; the message names the argument and the byte.
     */
    TOUSU_STATUS_INVALID_UTF8 = 9001,
    /**
     * An argument has a value the call cannot take (neither NULL nor bad text); the message
     * names the argument and why.
     */
    TOUSU_STATUS_INVALID_ARGUMENT = 9002,
    /**
     * A panic was caught at the API boundary: a bug in tousu, please report it. Any handle
     * the failed call was given should only be freed afterwards.
     */
    TOUSU_STATUS_INTERNAL = 9999,
};
#ifndef __cplusplus
#if __STDC_VERSION__ >= 202311L
typedef enum tousu_status tousu_status;
#else
typedef uint32_t tousu_status;
#endif // __STDC_VERSION__ >= 202311L
#endif // __cplusplus

/**
 * Where a case stands in the complaint procedure (core's `Stage`).
 *
 * Numbers are stable and never reused. New stages may be added in later versions.
 * `tousu_stage_name` gives the snake_case name used in JSON (`"in_handling"`).
 */
enum tousu_stage
#if defined(__cplusplus) || __STDC_VERSION__ >= 202311L
  : uint32_t
#endif // defined(__cplusplus) || __STDC_VERSION__ >= 202311L
 {
    /**
     * Registered, nobody assigned yet; the receiver owns it (R5).
     */
    TOUSU_STAGE_REGISTERED = 1,
    /**
     * A handler is working on it.
     */
    TOUSU_STAGE_IN_HANDLING = 2,
    /**
     * A resolution was decided; not yet fed back.
     */
    TOUSU_STAGE_RESOLVED = 3,
    /**
     * The result was fed back to the complainant (R20).
     */
    TOUSU_STAGE_RESULT_FED_BACK = 4,
    /**
     * The customer took it beyond the firm: appeal, mediation, arbitration, litigation (R22).
     */
    TOUSU_STAGE_DISPUTED = 5,
    /**
     * Closed with the close-out record (R23).
     */
    TOUSU_STAGE_CLOSED = 6,
    /**
     * The complainant withdrew it.
     */
    TOUSU_STAGE_WITHDRAWN = 7,
    /**
     * In the yearly archive volume (R24); nothing more may be recorded.
     */
    TOUSU_STAGE_ARCHIVED = 8,
};
#ifndef __cplusplus
#if __STDC_VERSION__ >= 202311L
typedef enum tousu_stage tousu_stage;
#else
typedef uint32_t tousu_stage;
#endif // __STDC_VERSION__ >= 202311L
#endif // __cplusplus

/**
 * Where a milestone stands at `now` (core's `DeadlineStatus`).
 *
 * Numbers are stable and never reused; later versions may add values.
 * `tousu_deadline_status_name` gives the snake_case name used in JSON (`"met_late"`).
 */
enum tousu_deadline_status
#if defined(__cplusplus) || __STDC_VERSION__ >= 202311L
  : uint32_t
#endif // defined(__cplusplus) || __STDC_VERSION__ >= 202311L
 {
    /**
     * Running (or waiting for its anchor: then it has no due time), not yet at risk.
     */
    TOUSU_DEADLINE_STATUS_PENDING = 1,
    /**
     * Met on or before its due time.
     */
    TOUSU_DEADLINE_STATUS_MET = 2,
    /**
     * Met after its due time.
     */
    TOUSU_DEADLINE_STATUS_MET_LATE = 3,
    /**
     * Running and past its warning threshold (`warn_at` of its time used).
     */
    TOUSU_DEADLINE_STATUS_AT_RISK = 4,
    /**
     * Not met, and its due time has passed.
     */
    TOUSU_DEADLINE_STATUS_BREACHED = 5,
    /**
     * Its clock is stopped (waiting for the customer).
     */
    TOUSU_DEADLINE_STATUS_PAUSED = 6,
    /**
     * The milestone does not exist for this case (its condition does not hold, or the policy
     * is for another kind of case); it has no due time.
     */
    TOUSU_DEADLINE_STATUS_NOT_APPLICABLE = 7,
};
#ifndef __cplusplus
#if __STDC_VERSION__ >= 202311L
typedef enum tousu_deadline_status tousu_deadline_status;
#else
typedef uint32_t tousu_deadline_status;
#endif // __STDC_VERSION__ >= 202311L
#endif // __cplusplus

/**
 * The unit a milestone runs in (core's `Unit`), as named in policy files.
 *
 * Numbers are stable and never reused; later versions may add values.
 * `tousu_deadline_unit_name` gives the name (`"working_days"`).
 */
enum tousu_deadline_unit
#if defined(__cplusplus) || __STDC_VERSION__ >= 202311L
  : uint32_t
#endif // defined(__cplusplus) || __STDC_VERSION__ >= 202311L
 {
    /**
     * Due at the end of the n-th working day after the anchor's day.
     */
    TOUSU_DEADLINE_UNIT_WORKING_DAYS = 1,
    /**
     * Due at the close of business of the n-th working day after the anchor's day.
     */
    TOUSU_DEADLINE_UNIT_WORKING_DAYS_CLOSE_OF_BUSINESS = 2,
    /**
     * Due at the end of the day n calendar days after the anchor's day.
     */
    TOUSU_DEADLINE_UNIT_CALENDAR_DAYS = 3,
    /**
     * Due at the end of the day 7n days after the anchor's day.
     */
    TOUSU_DEADLINE_UNIT_WEEKS = 4,
    /**
     * Due at the end of the same day n months later (or the month's last day).
     */
    TOUSU_DEADLINE_UNIT_MONTHS = 5,
    /**
     * Due after n hours of working time.
     */
    TOUSU_DEADLINE_UNIT_WORKING_HOURS = 6,
    /**
     * Due at a time of day (`"15:30"`), that day or the next working day.
     */
    TOUSU_DEADLINE_UNIT_TIME_OF_DAY = 7,
};
#ifndef __cplusplus
#if __STDC_VERSION__ >= 202311L
typedef enum tousu_deadline_unit tousu_deadline_unit;
#else
typedef uint32_t tousu_deadline_unit;
#endif // __STDC_VERSION__ >= 202311L
#endif // __cplusplus

/**
 * Where a complaint is handled (core's `HandlingLevel`), or `TOUSU_HANDLING_LEVEL_UNSET` when
 * no matching rule sets a level.
 *
 * Numbers are stable and never reused. `tousu_handling_level_name` gives the name
 * (`"head_office"`).
 */
enum tousu_handling_level
#if defined(__cplusplus) || __STDC_VERSION__ >= 202311L
  : uint32_t
#endif // defined(__cplusplus) || __STDC_VERSION__ >= 202311L
 {
    /**
     * No matching rule sets the level.
     */
    TOUSU_HANDLING_LEVEL_UNSET = 0,
    /**
     * At the branch (营业部).
     */
    TOUSU_HANDLING_LEVEL_BRANCH = 1,
    /**
     * At head office (总部).
     */
    TOUSU_HANDLING_LEVEL_HEAD_OFFICE = 2,
};
#ifndef __cplusplus
#if __STDC_VERSION__ >= 202311L
typedef enum tousu_handling_level tousu_handling_level;
#else
typedef uint32_t tousu_handling_level;
#endif // __STDC_VERSION__ >= 202311L
#endif // __cplusplus

/**
 * Why a holder of the decided handler role may not handle the complaint (core's `Recusal`).
 *
 * Numbers are stable and never reused; later versions may add values. The reason in words,
 * naming what a conflict is with, is `tousu_recused.why`.
 */
enum tousu_recusal
#if defined(__cplusplus) || __STDC_VERSION__ >= 202311L
  : uint32_t
#endif // defined(__cplusplus) || __STDC_VERSION__ >= 202311L
 {
    /**
     * The person complained about (R12).
     */
    TOUSU_RECUSAL_COMPLAINED_ABOUT = 1,
    /**
     * A declared conflict: with the person complained about, the client's account or the case.
     */
    TOUSU_RECUSAL_DECLARED_CONFLICT = 2,
    /**
     * Away (not available).
     */
    TOUSU_RECUSAL_UNAVAILABLE = 3,
    /**
     * In another office than the one the decision points at.
     */
    TOUSU_RECUSAL_OTHER_OFFICE = 4,
    /**
     * In another department than the one the decision names.
     */
    TOUSU_RECUSAL_OTHER_DEPARTMENT = 5,
};
#ifndef __cplusplus
#if __STDC_VERSION__ >= 202311L
typedef enum tousu_recusal tousu_recusal;
#else
typedef uint32_t tousu_recusal;
#endif // __STDC_VERSION__ >= 202311L
#endif // __cplusplus

/**
 * How the matching rules of a rule set make one decision (core's `HitPolicy`).
 *
 * Numbers are stable and never reused. `tousu_hit_policy_name` gives the name used in rule
 * sets (`"collect_all"`).
 */
enum tousu_hit_policy
#if defined(__cplusplus) || __STDC_VERSION__ >= 202311L
  : uint32_t
#endif // defined(__cplusplus) || __STDC_VERSION__ >= 202311L
 {
    /**
     * The first matching rule in evaluation order (priority, then file order) decides.
     */
    TOUSU_HIT_POLICY_FIRST_MATCH = 1,
    /**
     * Every matching rule contributes: each single-valued action from the first matching rule
     * that sets it, obligations added up.
     */
    TOUSU_HIT_POLICY_COLLECT_ALL = 2,
};
#ifndef __cplusplus
#if __STDC_VERSION__ >= 202311L
typedef enum tousu_hit_policy tousu_hit_policy;
#else
typedef uint32_t tousu_hit_policy;
#endif // __STDC_VERSION__ >= 202311L
#endif // __cplusplus

/**
 * One obligation of a decision (core's `Obligation`), as a bit: `tousu_decision.obligations`
 * is the OR of the obligations decided, so test one with `d.obligations &
 * TOUSU_OBLIGATION_WRITTEN_REPLY`.
 *
 * Values are stable and never reused; later versions may add bits. `tousu_obligation_name`
 * gives the name used in rule sets (`"written_reply"`).
 */
enum tousu_obligation
#if defined(__cplusplus) || __STDC_VERSION__ >= 202311L
  : uint32_t
#endif // defined(__cplusplus) || __STDC_VERSION__ >= 202311L
 {
    /**
     * Open a cross-department liaison form (R11).
     */
    TOUSU_OBLIGATION_LIAISON_FORM = 1,
    /**
     * Report the outcome back to the forwarding regulator (R17).
     */
    TOUSU_OBLIGATION_REGULATOR_REPORT_BACK = 2,
    /**
     * Have a management meeting decide (R18).
     */
    TOUSU_OBLIGATION_MANAGEMENT_MEETING = 4,
    /**
     * Reply in writing (R19).
     */
    TOUSU_OBLIGATION_WRITTEN_REPLY = 8,
    /**
     * Fill in an incident investigation form (R9).
     */
    TOUSU_OBLIGATION_INCIDENT_INVESTIGATION = 16,
    /**
     * Keep the complainant informed of progress (R16).
     */
    TOUSU_OBLIGATION_PROGRESS_UPDATES = 32,
};
#ifndef __cplusplus
#if __STDC_VERSION__ >= 202311L
typedef enum tousu_obligation tousu_obligation;
#else
typedef uint32_t tousu_obligation;
#endif // __STDC_VERSION__ >= 202311L
#endif // __cplusplus

/**
 * A complainant attribute the caller knows from its client records (core's `Attribute`), as a
 * bit of `tousu_routing_context.attributes`.
 *
 * Values are stable and never reused; later versions may add bits. `tousu_attribute_name`
 * gives the name used in rule sets (`"new_client"`).
 */
enum tousu_attribute
#if defined(__cplusplus) || __STDC_VERSION__ >= 202311L
  : uint32_t
#endif // defined(__cplusplus) || __STDC_VERSION__ >= 202311L
 {
    /**
     * 60 or older (also shown by a resident ID's birth date or the tag `elderly_investor`).
     */
    TOUSU_ATTRIBUTE_ELDERLY = 1,
    /**
     * A new client (also the tag `new_client`).
     */
    TOUSU_ATTRIBUTE_NEW_CLIENT = 2,
    /**
     * An institution (also a unified social credit code or the tag `institutional_client`).
     */
    TOUSU_ATTRIBUTE_INSTITUTIONAL = 4,
    /**
     * A high-net-worth client (also the tag `high_net_worth`).
     */
    TOUSU_ATTRIBUTE_HIGH_NET_WORTH = 8,
    /**
     * A professional investor (also the tag `professional_investor`).
     */
    TOUSU_ATTRIBUTE_PROFESSIONAL_INVESTOR = 16,
};
#ifndef __cplusplus
#if __STDC_VERSION__ >= 202311L
typedef enum tousu_attribute tousu_attribute;
#else
typedef uint32_t tousu_attribute;
#endif // __STDC_VERSION__ >= 202311L
#endif // __cplusplus

/**
 * The eligible handlers of a routed complaint, and who holding the role may not handle it and
 * why (core's `Assignment`).
 *
 * Created by `tousu_directory_assign`, freed by `tousu_assignment_free`. Immutable: its
 * accessors may be called from several threads at once. Its strings belong to it: valid until
 * it is freed.
 */
typedef struct tousu_assignment tousu_assignment;

/**
 * A working-day calendar: which days are working days over a run of whole years, each year
 * from a cited notice. Built-ins: `CN` (mainland statutory working days, with the make-up
 * working days, 调休), `XSHG` and `XSHE` (Shanghai and Shenzhen exchange trading days),
 * `GB-EAW` (England and Wales), `US` (US federal), each 2004-2026.
 *
 * Created by `tousu_calendar_builtin`, `tousu_calendar_from_toml` or
 * `tousu_calendar_from_json`; freed by `tousu_calendar_free`. Only
 * `tousu_calendar_extend_from_toml` changes a calendar. Every query takes a `const
 * tousu_calendar *` and reads only: a calendar may be shared by any number of threads as long
 * as none extends it meanwhile (extend before sharing, or guard extension with a lock).
 */
typedef struct tousu_calendar tousu_calendar;

/**
 * A case: a complaint and the events that happened to it, registration first. Its state
 * (stage, owner, handler, promised answer time, ...) is derived from the events, never stored,
 * so a case read back from its JSON is the same case.
 *
 * Created by `tousu_case_register` or `tousu_case_from_json`, changed only by
 * `tousu_case_apply_json`, freed by `tousu_case_free`. A case owns its own copy of the
 * complaint. A case is not synchronized: use it from one thread at a time (it may move
 * between threads); distinct cases are independent.
 */
typedef struct tousu_case tousu_case;

/**
 * A complaint as registered (the register form, 《客户投诉处理登记表》): who complains, about
 * what, through which channel, with what demand. It is always valid: the only way to get one
 * is `tousu_complaint_from_json`, which validates.
 *
 * Created by `tousu_complaint_from_json`, freed by `tousu_complaint_free`. No function changes
 * a complaint after it is created. A complaint is not synchronized: use it from one thread at
 * a time (it may move between threads); distinct complaints are independent.
 */
typedef struct tousu_complaint tousu_complaint;

/**
 * A staff directory: people with their roles, office, department, availability and declared
 * conflicts of interest.
 *
 * Created by `tousu_directory_from_toml` or `tousu_directory_from_json`, freed by
 * `tousu_directory_free`. Immutable: share one between any number of threads.
 */
typedef struct tousu_directory tousu_directory;

/**
 * The details of a failed call: its status, a message, the field problems of a validation
 * error, and the rule and event index of a refused event.
 *
 * Every fallible function takes an optional last parameter `tousu_error **err`. When it is not
 * NULL and the call fails, `*err` receives a new error; the caller owns it and frees it with
 * `tousu_error_free`. When the call succeeds `*err` is not touched, so a variable initialized
 * to NULL still holds NULL afterwards. Pass NULL to get the status alone.
 *
 * An error is immutable: its accessors may be called from several threads at once. Strings
 * it returns stay valid until the error is freed.
 */
typedef struct tousu_error tousu_error;

/**
 * A deadline policy: the milestones of a case (acknowledge, answer time, resolve, callback,
 * ...), each with a duration, a unit, an anchor and the actions that meet it, on the business
 * hours and working-day calendar the policy names. Presets: `cn.branch`, `cn.firm`,
 * `cn.feedback`, `uk.fca.disp`, `uk.fca.disp.psd`, `us.cfpb` (`tousu_policy_preset_id`).
 *
 * Created by `tousu_policy_preset` or `tousu_policy_from_toml`, freed by `tousu_policy_free`.
 * A policy is immutable: nothing changes it after it is built, so one policy may be used by
 * any number of threads at once (`tousu_policy_deadlines` takes it as `const`).
 */
typedef struct tousu_policy tousu_policy;

/**
 * A routing rule set, compiled once: a brokerage's complaint procedure as data (rules with
 * conditions over the complaint and actions: handler role, department, level, deadline policy,
 * escalation, obligations), checked against a taxonomy.
 *
 * Created by `tousu_rule_set_default` or `tousu_rule_set_from_toml`, freed by
 * `tousu_rule_set_free`. A rule set is immutable and holds no per-call state: one rule set may
 * route complaints on any number of threads at once (every routing function takes it as
 * `const`), and the strings it hands out (in a `tousu_decision`, from its accessors) are
 * valid until it is freed.
 */
typedef struct tousu_rule_set tousu_rule_set;

/**
 * A versioned taxonomy of complaint categories: dotted codes (`fees.commission`) with Chinese
 * and English labels. The default one, `cn.securities`, covers what a securities brokerage
 * meets (R8); `tousu_taxonomy_from_toml` reads a brokerage's own.
 *
 * Created by `tousu_taxonomy_default` or `tousu_taxonomy_from_toml`, freed by
 * `tousu_taxonomy_free`. Immutable: share one between any number of threads. A rule set
 * compiled against it keeps its own copy, so the taxonomy may be freed once the rule set is
 * built.
 */
typedef struct tousu_taxonomy tousu_taxonomy;

/**
 * One milestone's deadline at the `now` of the call (core's `DeadlineFigures`: the answers
 * of a `MilestoneDeadline` as plain numbers). Instants are Unix seconds (seconds since
 * 1970-01-01T00:00:00Z); an instant that may be absent comes with a `has_` flag, and is 0 when
 * the flag is false. Durations are seconds of the milestone's own clock: working time (inside
 * business hours of working days) for working units, calendar time for `calendar_days`,
 * `weeks` and `months`.
 *
 * A plain value: copy it freely. Only `met_by` points elsewhere, to a static string.
 */
typedef struct {
    /**
     * The milestone's index in the policy; its id is `tousu_policy_milestone_id(policy,
     * milestone)`. Deadlines come in the policy's order, so the i-th deadline has index i.
     */
    size_t milestone;
    /**
     * Where it stands.
     */
    tousu_deadline_status status;
    /**
     * The unit it runs in.
     */
    tousu_deadline_unit unit;
    /**
     * Whether its clock has started: false while its anchor has not happened, or when it is
     * not applicable.
     */
    bool has_started;
    /**
     * When its clock started.
     */
    int64_t started;
    /**
     * Whether it has a due time (exactly when it has started).
     */
    bool has_due;
    /**
     * When it falls due, extensions and pauses included; met on time when the meeting event is
     * at or before this second.
     */
    int64_t due;
    /**
     * The UTC offset, in seconds east, of the policy's time zone at `due` (28800 for
     * Beijing): `due + due_utc_offset` is the due time on the local clock. 0 without a due time.
     */
    int32_t due_utc_offset;
    /**
     * Whether it was met (`status` is then met or met late).
     */
    bool has_met_at;
    /**
     * When it was met.
     */
    int64_t met_at;
    /**
     * The action that met it (`"result_fed_back"`), a static string; NULL when not met.
     */
    const char *met_by;
    /**
     * Running time used, pauses excluded, from the start to `now` (or to when it was met).
     */
    int64_t elapsed;
    /**
     * Running time left from `now` (or from when it was met) to the due time; negative once
     * breached.
     */
    int64_t remaining;
    /**
     * `elapsed` in the milestone's unit: working days of the policy's business hours for the
     * working-day units, hours for `working_hours` and `time_of_day`, days for `calendar_days`
     * and `months`, weeks for `weeks`.
     */
    double elapsed_in_unit;
    /**
     * `remaining` in the milestone's unit, as for `elapsed_in_unit`.
     */
    double remaining_in_unit;
    /**
     * The total time its clock stood still (waiting for the customer).
     */
    int64_t paused_time;
    /**
     * How many stretches its clock stood still (the JSON form lists them).
     */
    size_t paused_count;
    /**
     * How many extensions moved its due time (the JSON form lists them).
     */
    size_t extension_count;
    /**
     * How many extensions were granted beyond the policy's limits, and so not applied.
     */
    size_t extensions_over_limit_count;
} tousu_deadline;

/**
 * What the caller knows about a complaint beyond its record (core's `RoutingContext`: core
 * does no I/O). Pass NULL where a function takes one to mean "nothing known": no earlier
 * complaints, no attributes beyond those the complaint itself shows.
 *
 * ```c
 * int32_t earlier[2];   // days since 1970-01-01, as tousu_date_from_ymd gives
 * tousu_routing_context ctx = {earlier, 2, TOUSU_ATTRIBUTE_NEW_CLIENT};
 * tousu_date_from_ymd(2024, 1, 15, &earlier[0], NULL);
 * tousu_date_from_ymd(2024, 2, 20, &earlier[1], NULL);
 * ```
 */
typedef struct {
    /**
     * The days (int32_t days since 1970-01-01) on which the same complainant's earlier
     * complaints were received, in any order; NULL when `earlier_complaint_count` is 0. Only
     * read during the call.
     */
    const int32_t *earlier_complaints;
    /**
     * How many days `earlier_complaints` holds.
     */
    size_t earlier_complaint_count;
    /**
     * The complainant's attributes from the caller's records: an OR of `tousu_attribute` bits.
     */
    uint32_t attributes;
} tousu_routing_context;

/**
 * The routing of one complaint (core's `Decision`, without JSON): what was decided and by
 * which rules. A plain value: copy it freely. Its strings belong to the rule set that decided:
 * valid until `tousu_rule_set_free`, never freed by the caller; NULL when no matching rule
 * sets that action.
 */
typedef struct {
    /**
     * Whether any rule matched (a rule set without a catch-all may leave a complaint unrouted:
     * then every action is unset).
     */
    bool routed;
    /**
     * The handler role (`"operations_supervisor"`), a role of the rule set.
     */
    const char *handler;
    /**
     * The handling department.
     */
    const char *department;
    /**
     * Branch or head office.
     */
    tousu_handling_level level;
    /**
     * The deadline policy preset (`"cn.branch"`), for `tousu_policy_preset`.
     */
    const char *policy;
    /**
     * The role the handler reports to for the decision (`"branch_general_manager"`).
     */
    const char *escalate_to;
    /**
     * The obligations: an OR of `tousu_obligation` bits.
     */
    uint32_t obligations;
    /**
     * How many rules matched (under first_match at most 1).
     */
    size_t matched_count;
    /**
     * The first matching rule in evaluation order — under first_match the one that decided —
     * as a rule index (`tousu_rule_set_rule_id`); `SIZE_MAX` when no rule matched.
     */
    size_t deciding_rule;
    /**
     * Every matching rule, as a bit set of rule indices: rule i matched when
     * `matched[i / 64] >> (i % 64) & 1`.
     */
    uint64_t matched[4];
} tousu_decision;

/**
 * A holder of the decided handler role who may not handle the complaint, and why. Its
 * strings belong to the assignment: valid until `tousu_assignment_free`.
 */
typedef struct {
    /**
     * The person's staff id (`"SZFT002"`).
     */
    const char *person;
    /**
     * Why, as a value to test.
     */
    tousu_recusal reason;
    /**
     * Why, in core's words, naming what a conflict is with: `"is the person complained about
     * and must recuse (R12)"`, `"declared a conflict with the client's account 0012345678"`.
     */
    const char *why;
} tousu_recused;

#ifdef __cplusplus
extern "C" {
#endif // __cplusplus

/**
 * The version of this library, e.g. `"0.1.0"` (the version of the tousu crates it was built
 * from). The string is static: never free it. Thread-safe.
 */
const char *tousu_version(void);

/**
 * The name of a status, e.g. `"TOUSU_STATUS_EVENT_OUT_OF_ORDER"` for 3001: the same string
 * as the constant in this header and as Python's `TousuError.code`.
 *
 * `status` is a plain number so that any value, even one this header does not list, can be
 * asked about. Returns NULL when the number is not a status of this build.
 *
 * The string is static: never free it. Thread-safe.
 */
const char *tousu_status_name(uint32_t status);

/**
 * The status of the failed call; `TOUSU_STATUS_NULL_ARGUMENT` when `err` is NULL.
 *
 * # Safety
 * `err` is NULL or an error from this library that has not been freed.
 */
tousu_status tousu_error_status(const tousu_error *err);

/**
 * What went wrong, in one lowercase line that names the offending value, field path, rule or
 * argument, e.g. `event 5 (closed) rejected: result_not_fed_back (R20): ...`.
 *
 * The string belongs to the error: valid until `tousu_error_free(err)`, never freed by the
 * caller. Returns NULL when `err` is NULL.
 *
 * # Safety
 * `err` is NULL or an error from this library that has not been freed.
 */
const char *tousu_error_message(const tousu_error *err);

/**
 * How many field problems the error lists: every problem of a `TOUSU_STATUS_INVALID_COMPLAINT`
 * or `TOUSU_STATUS_INVALID_EVENT`, in field order; 0 for every other status and for NULL.
 *
 * # Safety
 * `err` is NULL or an error from this library that has not been freed.
 */
size_t tousu_error_field_count(const tousu_error *err);

/**
 * The dotted path of field problem `index` (0-based), with list indices:
 * `complainant.contact`, `evidence[2].reference`, `action.closed.cause`.
 *
 * The string belongs to the error: valid until `tousu_error_free(err)`. Returns NULL when
 * `err` is NULL or `index >= tousu_error_field_count(err)`.
 *
 * # Safety
 * `err` is NULL or an error from this library that has not been freed.
 */
const char *tousu_error_field_path(const tousu_error *err, size_t index);

/**
 * What is wrong with field problem `index` (0-based), lowercase, naming the offending value:
 * `is required`, `-500 is negative`.
 *
 * The string belongs to the error: valid until `tousu_error_free(err)`. Returns NULL when
 * `err` is NULL or `index >= tousu_error_field_count(err)`.
 *
 * # Safety
 * `err` is NULL or an error from this library that has not been freed.
 */
const char *tousu_error_field_problem(const tousu_error *err, size_t index);

/**
 * The snake_case name of the procedure rule a refused event breaks, e.g. `recusal_required`
 * for `TOUSU_STATUS_RECUSAL_REQUIRED`. NULL when the error is not a rule refusal (statuses
 * outside 3000-3999) or `err` is NULL.
 *
 * The string belongs to the error: valid until `tousu_error_free(err)`.
 *
 * # Safety
 * `err` is NULL or an error from this library that has not been freed.
 */
const char *tousu_error_rule(const tousu_error *err);

/**
 * The position the refused event would have had in the case's history (0 = the
 * registration), for a rule refusal; -1 for every other error and for NULL.
 *
 * # Safety
 * `err` is NULL or an error from this library that has not been freed.
 */
int64_t tousu_error_event_index(const tousu_error *err);

/**
 * For `TOUSU_STATUS_NO_ELIGIBLE_HANDLER`: the role the rule set escalates to next
 * (`"branch_general_manager"`), when there is one above the role nobody could take. NULL for
 * every other error, when the chain ends there, and for NULL.
 *
 * The string belongs to the error: valid until `tousu_error_free(err)`.
 *
 * # Safety
 * `err` is NULL or an error from this library that has not been freed.
 */
const char *tousu_error_next_level(const tousu_error *err);

/**
 * Frees an error and every string it returned. NULL is a no-op.
 *
 * # Safety
 * `err` is NULL or an error from this library, not freed before; it is invalid afterwards.
 */
void tousu_error_free(tousu_error *err);

/**
 * Reads a complaint from JSON and validates it.
 *
 * `json` is a NUL-terminated UTF-8 JSON object (the schema of core's `Complaint`); it is only
 * read during the call. On success `*out` receives a new complaint that the caller frees with
 * `tousu_complaint_free`.
 *
 * Fails with `TOUSU_STATUS_MALFORMED_JSON`, `_UNKNOWN_FIELD`, `_UNKNOWN_VARIANT`,
 * `_MISSING_FIELD` or `_INVALID_TIMESTAMP` when the text cannot be read, and with
 * `TOUSU_STATUS_INVALID_COMPLAINT` listing every problem (`tousu_error_field_path`) when it
 * can be read but is not a valid record. `TOUSU_STATUS_NULL_ARGUMENT` when `json` or `out`
 * is NULL, `TOUSU_STATUS_INVALID_UTF8` when `json` is not UTF-8. On failure `*out` is not
 * touched.
 *
 * # Safety
 * `json` is NULL or a NUL-terminated string; `out` is NULL or writable; `err` is NULL or
 * writable.
 */
tousu_status tousu_complaint_from_json(const char *json, tousu_complaint **out, tousu_error **err);

/**
 * Writes a complaint as JSON. `tousu_complaint_from_json` reads the text back equal.
 *
 * On success `*out` receives a new NUL-terminated UTF-8 string that the caller frees with
 * `tousu_string_free`. `TOUSU_STATUS_NULL_ARGUMENT` when `complaint` or `out` is NULL; on
 * failure `*out` is not touched.
 *
 * # Safety
 * `complaint` is NULL or a live complaint; `out` and `err` are NULL or writable.
 */
tousu_status tousu_complaint_to_json(const tousu_complaint *complaint,
                                     char **out,
                                     tousu_error **err);

/**
 * Frees a complaint. NULL is a no-op. Cases registered from it are independent copies and
 * stay valid.
 *
 * # Safety
 * `complaint` is NULL or a complaint from this library, not freed before; it is invalid
 * afterwards.
 */
void tousu_complaint_free(tousu_complaint *complaint);

/**
 * The snake_case name of a stage, as in JSON and in the case state: `"registered"`,
 * `"in_handling"`, `"resolved"`, `"result_fed_back"`, `"disputed"`, `"closed"`, `"withdrawn"`,
 * `"archived"`.
 *
 * `stage` is a plain number so that any value can be asked about. Returns NULL when it is not
 * a stage of this build. The string is static: never free it. Thread-safe.
 */
const char *tousu_stage_name(uint32_t stage);

/**
 * Opens a case: validates a copy of `complaint` and records `registration_event_json`, which
 * must be a `registered` event dated no earlier than the complaint was received.
 *
 * The event is a JSON object: `{"at": "2024-03-01T09:35:00+08:00", "actor": "S001",
 * "action": {"registered": {}}}`. `complaint` is only read; the caller still owns and frees
 * it. On success `*out` receives a new case that the caller frees with `tousu_case_free`.
 *
 * Fails with a parse status or `TOUSU_STATUS_INVALID_EVENT` for the event text, with
 * `TOUSU_STATUS_REGISTRATION_OUT_OF_PLACE` when the event is not a registration, with
 * `TOUSU_STATUS_REGISTERED_BEFORE_RECEIPT` when it predates receipt (the error's event index is
 * 0), with `TOUSU_STATUS_NULL_ARGUMENT` or `TOUSU_STATUS_INVALID_UTF8` for bad arguments. On
 * failure `*out` is not touched.
 *
 * # Safety
 * `complaint` is NULL or a live complaint; `registration_event_json` is NULL or a
 * NUL-terminated string; `out` and `err` are NULL or writable.
 */
tousu_status tousu_case_register(const tousu_complaint *complaint,
                                 const char *registration_event_json,
                                 tousu_case **out,
                                 tousu_error **err);

/**
 * Reads a case file, as written by `tousu_case_to_json`:
 * `{"schema_version": 1, "complaint": {...}, "events": [{...}, ...]}`. The events are replayed,
 * so a file whose history breaks the procedure is refused with the rule it breaks.
 *
 * On success `*out` receives a new case that the caller frees with `tousu_case_free`.
 * Fails with a parse status, `TOUSU_STATUS_UNSUPPORTED_SCHEMA_VERSION`,
 * `TOUSU_STATUS_INVALID_COMPLAINT`, `TOUSU_STATUS_INVALID_EVENT`, a rule status (the error's
 * event index names the event), `TOUSU_STATUS_NULL_ARGUMENT` or `TOUSU_STATUS_INVALID_UTF8`.
 * On failure `*out` is not touched.
 *
 * # Safety
 * `json` is NULL or a NUL-terminated string; `out` and `err` are NULL or writable.
 */
tousu_status tousu_case_from_json(const char *json, tousu_case **out, tousu_error **err);

/**
 * Records one event, after checking it against the procedure.
 *
 * `event_json` is a JSON event, e.g. `{"at": "2024-03-01T10:00:00+08:00", "actor": "S001",
 * "action": {"assigned": {"handler": "S010"}}}`; it is only read during the call.
 *
 * Fails with a parse status or `TOUSU_STATUS_INVALID_EVENT` for the event text, and with the
 * status of the rule the event breaks (3000-3999: `TOUSU_STATUS_EVENT_OUT_OF_ORDER`,
 * `TOUSU_STATUS_RECUSAL_REQUIRED`, `TOUSU_STATUS_RESULT_NOT_FED_BACK`, ...); the error then
 * names the rule (`tousu_error_rule`) and the event's index. A refused event leaves the case
 * exactly as it was: same events, same state. `TOUSU_STATUS_NULL_ARGUMENT` or
 * `TOUSU_STATUS_INVALID_UTF8` for bad arguments.
 *
 * # Safety
 * `case_` is NULL or a live case not in use by another thread; `event_json` is NULL or a
 * NUL-terminated string; `err` is NULL or writable.
 */
tousu_status tousu_case_apply_json(tousu_case *case_, const char *event_json, tousu_error **err);

/**
 * The stage the case is at. On success writes `*out`; `TOUSU_STATUS_NULL_ARGUMENT` when
 * `case_` or `out` is NULL (then `*out` is not touched).
 *
 * # Safety
 * `case_` is NULL or a live case; `out` and `err` are NULL or writable.
 */
tousu_status tousu_case_stage(const tousu_case *case_, tousu_stage *out, tousu_error **err);

/**
 * How many events the case has recorded, the registration included (so at least 1). On
 * success writes `*out`; `TOUSU_STATUS_NULL_ARGUMENT` when `case_` or `out` is NULL.
 *
 * # Safety
 * `case_` is NULL or a live case; `out` and `err` are NULL or writable.
 */
tousu_status tousu_case_event_count(const tousu_case *case_, size_t *out, tousu_error **err);

/**
 * The state derived from the events, as a JSON object: `stage`, `owner`, `handler`, `level`,
 * `acknowledged_at`, `answer_by`, `result_fed_back_at`, `closed_at`, `archive_volume`, ...
 * (core's `CaseState`). It is a report, not an input: nothing reads it back.
 *
 * On success `*out` receives a new string that the caller frees with `tousu_string_free`;
 * `TOUSU_STATUS_NULL_ARGUMENT` when `case_` or `out` is NULL (then `*out` is not touched).
 *
 * # Safety
 * `case_` is NULL or a live case; `out` and `err` are NULL or writable.
 */
tousu_status tousu_case_state_json(const tousu_case *case_, char **out, tousu_error **err);

/**
 * The case file as JSON, with its schema version: `tousu_case_from_json` reads it back as the
 * same case (and writes the same text again).
 *
 * On success `*out` receives a new string that the caller frees with `tousu_string_free`;
 * `TOUSU_STATUS_NULL_ARGUMENT` when `case_` or `out` is NULL (then `*out` is not touched).
 *
 * # Safety
 * `case_` is NULL or a live case; `out` and `err` are NULL or writable.
 */
tousu_status tousu_case_to_json(const tousu_case *case_, char **out, tousu_error **err);

/**
 * Frees a case. NULL is a no-op.
 *
 * # Safety
 * `case_` is NULL or a case from this library, not freed before; it is invalid afterwards.
 */
void tousu_case_free(tousu_case *case_);

/**
 * A built-in calendar by its code: `"CN"`, `"XSHG"`, `"XSHE"`, `"GB-EAW"` or `"US"`.
 *
 * On success `*out` receives a new calendar that the caller frees with `tousu_calendar_free`.
 * Each call builds a new calendar (well under a millisecond): keep it rather than asking again.
 * Fails with `TOUSU_STATUS_UNKNOWN_CALENDAR` for another code, `TOUSU_STATUS_NULL_ARGUMENT`
 * or `TOUSU_STATUS_INVALID_UTF8` for bad arguments; then `*out` is not touched.
 *
 * # Safety
 * `code` is NULL or a NUL-terminated string; `out` and `err` are NULL or writable.
 */
tousu_status tousu_calendar_builtin(const char *code, tousu_calendar **out, tousu_error **err);

/**
 * Reads a custom calendar from TOML text:
 *
 * ```toml
 * [calendar]
 * code = "ACME"
 * name = "Acme working days"
 * weekmask = "1111100"        # optional, Monday..Sunday
 * first_year = 2024
 * last_year = 2024            # every year in between has exactly one [[year]]
 * [[year]]
 * year = 2024
 * source = "board resolution 2023-12"
 * rest_days = [2024-10-01]
 * extra_working_days = [2024-09-29]
 * ```
 *
 * On success `*out` receives a new calendar (free it with `tousu_calendar_free`). Fails with a
 * calendar-data status (4000-4009) naming every problem with its line and column in the
 * error's message, or `TOUSU_STATUS_NULL_ARGUMENT` / `TOUSU_STATUS_INVALID_UTF8`; then `*out`
 * is not touched.
 *
 * # Safety
 * `toml` is NULL or a NUL-terminated string; `out` and `err` are NULL or writable.
 */
tousu_status tousu_calendar_from_toml(const char *toml, tousu_calendar **out, tousu_error **err);

/**
 * Reads a custom calendar from JSON text with the schema of the TOML form, dates as strings:
 * `{"calendar": {"code": "ACME", "name": "...", "first_year": 2024, "last_year": 2024},
 * "year": [{"year": 2024, "source": "...", "rest_days": ["2024-10-01"]}]}`.
 *
 * Ownership and errors as for `tousu_calendar_from_toml` (problems name the field path,
 * `year[0].rest_days[0]`).
 *
 * # Safety
 * `json` is NULL or a NUL-terminated string; `out` and `err` are NULL or writable.
 */
tousu_status tousu_calendar_from_json(const char *json, tousu_calendar **out, tousu_error **err);

/**
 * Adds newly announced years from TOML text holding `[[year]]` tables only (as in a calendar
 * file, without `[calendar]`); together they must continue the coverage at either end without
 * a gap. Atomic: on any failure the calendar is exactly as it was.
 *
 * Fails with a calendar-data status naming the line (`TOUSU_STATUS_CALENDAR_YEAR_MISSING` for
 * a gap, `TOUSU_STATUS_CALENDAR_YEAR_DUPLICATE` for a covered year, ...), or
 * `TOUSU_STATUS_NULL_ARGUMENT` / `TOUSU_STATUS_INVALID_UTF8`.
 *
 * Not synchronized: no other thread may use `cal` during this call.
 *
 * # Safety
 * `cal` is NULL or a live calendar used by no other thread during the call; `toml` is NULL or
 * a NUL-terminated string; `err` is NULL or writable.
 */
tousu_status tousu_calendar_extend_from_toml(tousu_calendar *cal,
                                             const char *toml,
                                             tousu_error **err);

/**
 * Frees a calendar. NULL is a no-op.
 *
 * # Safety
 * `cal` is NULL or a calendar from this library, not freed before, used by no other thread;
 * it is invalid afterwards.
 */
void tousu_calendar_free(tousu_calendar *cal);

/**
 * The calendar's code (`"CN"`, or a custom calendar's code). The string belongs to the
 * calendar: valid until `tousu_calendar_free(cal)`, never freed by the caller. NULL when
 * `cal` is NULL.
 *
 * # Safety
 * `cal` is NULL or a live calendar.
 */
const char *tousu_calendar_code(const tousu_calendar *cal);

/**
 * The years the calendar covers, both included: `*first_year` and `*last_year` (2004 and
 * 2026 for the built-ins). A date outside them is `TOUSU_STATUS_DATE_OUT_OF_COVERAGE` in every
 * query, never a guess. `TOUSU_STATUS_NULL_ARGUMENT` when a pointer is NULL (then nothing is
 * written).
 *
 * # Safety
 * `cal` is NULL or a live calendar; `first_year`, `last_year` and `err` are NULL or writable.
 */
tousu_status tousu_calendar_coverage(const tousu_calendar *cal,
                                     int32_t *first_year,
                                     int32_t *last_year,
                                     tousu_error **err);

/**
 * The date `year`-`month`-`day` as days since 1970-01-01 (the value every calendar function
 * takes and returns; numpy's `datetime64[D]`): 2024-10-01 is 19997.
 *
 * Fails with `TOUSU_STATUS_INVALID_TIMESTAMP` when there is no such date (2023-02-29,
 * month 13); `TOUSU_STATUS_NULL_ARGUMENT` when `out` is NULL. Thread-safe.
 *
 * # Safety
 * `out` and `err` are NULL or writable.
 */
tousu_status tousu_date_from_ymd(int32_t year,
                                 uint32_t month,
                                 uint32_t day,
                                 int32_t *out,
                                 tousu_error **err);

/**
 * The year, month (1-12) and day (1-31) of a date given as days since 1970-01-01.
 *
 * Fails with `TOUSU_STATUS_INVALID_TIMESTAMP` for a count beyond about ±262,000 years, and
 * `TOUSU_STATUS_NULL_ARGUMENT` when an out-pointer is NULL (nothing is written then).
 * Thread-safe.
 *
 * # Safety
 * `year`, `month`, `day` and `err` are NULL or writable.
 */
tousu_status tousu_date_to_ymd(int32_t date,
                               int32_t *year,
                               uint32_t *month,
                               uint32_t *day,
                               tousu_error **err);

/**
 * Whether `date` (days since 1970-01-01) is a working day: `*out` is true or false.
 *
 * Fails with `TOUSU_STATUS_DATE_OUT_OF_COVERAGE` when the date is outside the calendar's
 * years; `TOUSU_STATUS_NULL_ARGUMENT` when `cal` or `out` is NULL. O(1); allocates nothing
 * unless it fails. Thread-safe on a shared calendar.
 *
 * # Safety
 * `cal` is NULL or a live calendar; `out` and `err` are NULL or writable.
 */
tousu_status tousu_calendar_is_working_day(const tousu_calendar *cal,
                                           int32_t date,
                                           bool *out,
                                           tousu_error **err);

/**
 * The date `n` working days from `date` (days since 1970-01-01), into `*out`.
 *
 * For n >= 1 the n-th working day strictly after `date`, whether or not `date` is a working
 * day; for n <= -1 the |n|-th working day strictly before it; for n = 0, `date` itself if it is
 * a working day, else `TOUSU_STATUS_NOT_A_WORKING_DAY`. So `add(d, 1)` is the next working
 * day. Any n is safe (up to INT64_MAX): a date or result outside the coverage is
 * `TOUSU_STATUS_DATE_OUT_OF_COVERAGE`, never an overflow.
 *
 * O(1) (a rank/select lookup, no walk); allocates nothing unless it fails. Thread-safe on a
 * shared calendar.
 *
 * # Safety
 * `cal` is NULL or a live calendar; `out` and `err` are NULL or writable.
 */
tousu_status tousu_calendar_add_working_days(const tousu_calendar *cal,
                                             int32_t date,
                                             int64_t n,
                                             int32_t *out,
                                             tousu_error **err);

/**
 * The first working day strictly after `date`: `tousu_calendar_add_working_days(cal, date, 1,
 * ...)`. Errors, cost and threads as there.
 *
 * # Safety
 * `cal` is NULL or a live calendar; `out` and `err` are NULL or writable.
 */
tousu_status tousu_calendar_next_working_day(const tousu_calendar *cal,
                                             int32_t date,
                                             int32_t *out,
                                             tousu_error **err);

/**
 * The last working day strictly before `date`: `tousu_calendar_add_working_days(cal, date,
 * -1, ...)`. Errors, cost and threads as there.
 *
 * # Safety
 * `cal` is NULL or a live calendar; `out` and `err` are NULL or writable.
 */
tousu_status tousu_calendar_previous_working_day(const tousu_calendar *cal,
                                                 int32_t date,
                                                 int32_t *out,
                                                 tousu_error **err);

/**
 * The working days stepped onto walking from `from` to `to`, not counting `from`: the number
 * of working days in (from, to] when from <= to, and minus the number in [to, from) when
 * to < from. The inverse of add: `between(d, add(d, n)) == n` for n != 0.
 *
 * Fails with `TOUSU_STATUS_DATE_OUT_OF_COVERAGE` when either date is outside the coverage.
 * O(1); thread-safe on a shared calendar.
 *
 * # Safety
 * `cal` is NULL or a live calendar; `out` and `err` are NULL or writable.
 */
tousu_status tousu_calendar_working_days_between(const tousu_calendar *cal,
                                                 int32_t from,
                                                 int32_t to,
                                                 int64_t *out,
                                                 tousu_error **err);

/**
 * The n-th working day of a month (n = 1 the first, n = -1 the last), into `*out` (days since
 * 1970-01-01).
 *
 * Fails with `TOUSU_STATUS_NO_SUCH_WORKING_DAY` when the month has fewer than |n| working
 * days, n = 0, or the month is not 1-12; `TOUSU_STATUS_DATE_OUT_OF_COVERAGE` for a month
 * outside the coverage.
 *
 * # Safety
 * `cal` is NULL or a live calendar; `out` and `err` are NULL or writable.
 */
tousu_status tousu_calendar_nth_working_day_of_month(const tousu_calendar *cal,
                                                     int32_t year,
                                                     uint32_t month,
                                                     int32_t n,
                                                     int32_t *out,
                                                     tousu_error **err);

/**
 * The last day of a period of `days` calendar days starting on `start`, under the Civil
 * Code (arts. 201 and 203): the start day is not counted, and a period ending on a rest day
 * ends on the next working day. So `*out` is `start + days` if that is a working day, else the
 * next working day. Only the end needs to be covered (`TOUSU_STATUS_DATE_OUT_OF_COVERAGE`).
 *
 * # Safety
 * `cal` is NULL or a live calendar; `out` and `err` are NULL or writable.
 */
tousu_status tousu_calendar_civil_code_period_end(const tousu_calendar *cal,
                                                  int32_t start,
                                                  uint32_t days,
                                                  int32_t *out,
                                                  tousu_error **err);

/**
 * `out[i] = add_working_days(dates[i], ns[i])` for i in 0..len: the array form of
 * `tousu_calendar_add_working_days`, same semantics per element.
 *
 * Stops at the first element that fails: `*failed_index` (when not NULL) receives its index,
 * the error's message starts with `element <i>: `, `out[0..i)` hold their answers and the rest
 * of `out` is not touched. On success `*failed_index` is not touched. `out` may be the same
 * array as `dates` (in place). NULL arrays are allowed when `len` is 0; otherwise
 * `TOUSU_STATUS_NULL_ARGUMENT`. No allocation unless an element fails; thread-safe on a
 * shared calendar.
 *
 * # Safety
 * `cal` is NULL or a live calendar; `dates` and `ns` are NULL or readable for `len` aligned
 * elements, `out` NULL or writable for `len` aligned elements; `failed_index` and `err` are
 * NULL or writable.
 */
tousu_status tousu_calendar_add_working_days_array(const tousu_calendar *cal,
                                                   const int32_t *dates,
                                                   const int64_t *ns,
                                                   size_t len,
                                                   int32_t *out,
                                                   size_t *failed_index,
                                                   tousu_error **err);

/**
 * `out[i] = add_working_days(dates[i], n)` for i in 0..len: one `n` for every date. Otherwise
 * as `tousu_calendar_add_working_days_array`.
 *
 * # Safety
 * As for `tousu_calendar_add_working_days_array`, without `ns`.
 */
tousu_status tousu_calendar_add_working_days_array_n(const tousu_calendar *cal,
                                                     const int32_t *dates,
                                                     int64_t n,
                                                     size_t len,
                                                     int32_t *out,
                                                     size_t *failed_index,
                                                     tousu_error **err);

/**
 * `out[i] = is_working_day(dates[i])` for i in 0..len. Failure, aliasing and NULL rules as for
 * `tousu_calendar_add_working_days_array`.
 *
 * # Safety
 * `cal` is NULL or a live calendar; `dates` is NULL or readable for `len` elements, `out` NULL
 * or writable for `len` elements; `failed_index` and `err` are NULL or writable.
 */
tousu_status tousu_calendar_is_working_day_array(const tousu_calendar *cal,
                                                 const int32_t *dates,
                                                 size_t len,
                                                 bool *out,
                                                 size_t *failed_index,
                                                 tousu_error **err);

/**
 * `out[i] = working_days_between(from[i], to[i])` for i in 0..len. Failure and NULL rules as
 * for `tousu_calendar_add_working_days_array`.
 *
 * # Safety
 * `cal` is NULL or a live calendar; `from` and `to` are NULL or readable for `len` elements,
 * `out` NULL or writable for `len` elements; `failed_index` and `err` are NULL or writable.
 */
tousu_status tousu_calendar_working_days_between_array(const tousu_calendar *cal,
                                                       const int32_t *from,
                                                       const int32_t *to,
                                                       size_t len,
                                                       int64_t *out,
                                                       size_t *failed_index,
                                                       tousu_error **err);

/**
 * A preset policy shipped with tousu, by id: `"cn.branch"` (a securities branch: acknowledge
 * in 1 working day, an answer time by 15:30, resolve in 5 working days, ...), `"cn.firm"`,
 * `"cn.feedback"`, `"uk.fca.disp"`, `"uk.fca.disp.psd"` or `"us.cfpb"`.
 *
 * On success `*out` receives a new policy that the caller frees with `tousu_policy_free`.
 * Each call reads the preset again (well under a millisecond): keep the policy rather than
 * asking again. Fails with `TOUSU_STATUS_UNKNOWN_POLICY` for another id (the message lists the
 * presets), `TOUSU_STATUS_NULL_ARGUMENT` or `TOUSU_STATUS_INVALID_UTF8`; then `*out` is not
 * touched.
 *
 * # Safety
 * `id` is NULL or a NUL-terminated string; `out` and `err` are NULL or writable.
 */
tousu_status tousu_policy_preset(const char *id, tousu_policy **out, tousu_error **err);

/**
 * Reads a policy from TOML text, in the format of `core/data/policies/README.md`:
 *
 * ```toml
 * [policy]
 * id = "acme.branch"
 * version = 1
 * name = "Acme branch"
 * calendar = "CN"
 * source = "Acme complaint procedure 2024"
 * applies_to = ["complaint"]
 * [policy.business_hours]
 * time_zone = "+08:00"
 * windows = ["09:00-11:30", "13:00-15:30"]
 * receipt_cutoff = "15:30"
 * [[milestone]]
 * id = "acknowledge"
 * label = "Acknowledge receipt"
 * from = "received"
 * due = { amount = 1, unit = "working_days" }
 * met_by = ["acknowledged"]
 * ```
 *
 * `file_name` is optional (NULL for none): when given, error messages name it, e.g.
 * `policy acme.branch (acme.toml): line 17 column 16: milestone `acknowledge`: due.unit: ...`.
 *
 * On success `*out` receives a new policy (free it with `tousu_policy_free`). A file with
 * problems fails with the status of the first problem (5000-5010: `TOUSU_STATUS_POLICY_SYNTAX`,
 * `TOUSU_STATUS_POLICY_UNKNOWN_UNIT`, `TOUSU_STATUS_POLICY_ANCHOR_CYCLE`, ...) and an error
 * whose message lists every problem, each with its line and column, the milestone it is about
 * and the field path, as for calendar files. `TOUSU_STATUS_NULL_ARGUMENT` or
 * `TOUSU_STATUS_INVALID_UTF8` for bad arguments. On failure `*out` is not touched.
 *
 * # Safety
 * `toml` is NULL or a NUL-terminated string; `file_name` is NULL or a NUL-terminated string;
 * `out` and `err` are NULL or writable.
 */
tousu_status tousu_policy_from_toml(const char *toml,
                                    const char *file_name,
                                    tousu_policy **out,
                                    tousu_error **err);

/**
 * Frees a policy. NULL is a no-op.
 *
 * # Safety
 * `policy` is NULL or a policy from this library, not freed before and no longer in use by
 * any thread; it is invalid afterwards, and so are the strings its accessors returned.
 */
void tousu_policy_free(tousu_policy *policy);

/**
 * The policy's id (`"cn.branch"`). The string belongs to the policy: valid until
 * `tousu_policy_free(policy)`, never freed by the caller. NULL when `policy` is NULL.
 *
 * # Safety
 * `policy` is NULL or a live policy.
 */
const char *tousu_policy_id(const tousu_policy *policy);

/**
 * The policy's English name. Ownership as for `tousu_policy_id`; NULL when `policy` is NULL.
 *
 * # Safety
 * `policy` is NULL or a live policy.
 */
const char *tousu_policy_name(const tousu_policy *policy);

/**
 * The code of the calendar the policy counts working days on (`"CN"`): deadlines must be
 * asked on a calendar with this code (`tousu_calendar_builtin(tousu_policy_calendar(p), ...)`).
 * Ownership as for `tousu_policy_id`; NULL when `policy` is NULL.
 *
 * # Safety
 * `policy` is NULL or a live policy.
 */
const char *tousu_policy_calendar(const tousu_policy *policy);

/**
 * The policy's version, as written in its file; 0 when `policy` is NULL.
 *
 * # Safety
 * `policy` is NULL or a live policy.
 */
uint32_t tousu_policy_version(const tousu_policy *policy);

/**
 * How many milestones the policy has (each deadline call gives exactly this many deadlines,
 * in this order); 0 when `policy` is NULL.
 *
 * # Safety
 * `policy` is NULL or a live policy.
 */
size_t tousu_policy_milestone_count(const tousu_policy *policy);

/**
 * The id of milestone `index` (0-based, in the policy's order): `"acknowledge"`,
 * `"answer_time"`, `"resolve"`, ... This is how a `tousu_deadline` (whose `milestone` is an
 * index) is named.
 *
 * The string belongs to the policy: valid until `tousu_policy_free(policy)`. NULL when
 * `policy` is NULL or `index >= tousu_policy_milestone_count(policy)`.
 *
 * # Safety
 * `policy` is NULL or a live policy.
 */
const char *tousu_policy_milestone_id(const tousu_policy *policy, size_t index);

/**
 * How many preset policies this build ships (`tousu_policy_preset_id` names them).
 * Thread-safe.
 */
size_t tousu_policy_preset_count(void);

/**
 * The id of preset `index` (0-based), for `tousu_policy_preset`: `"cn.branch"`, `"cn.firm"`,
 * `"cn.feedback"`, `"uk.fca.disp"`, `"uk.fca.disp.psd"`, `"us.cfpb"`. NULL when `index >=
 * tousu_policy_preset_count()`. The string is static: never free it. Thread-safe.
 */
const char *tousu_policy_preset_id(size_t index);

/**
 * The deadline of every milestone of `policy` for `case_` at `now` (Unix seconds), counting
 * working days on `cal`, in the policy's order: `(*out)[i]` is milestone i.
 *
 * On success `*out` receives a new array of `*out_len` deadlines (always
 * `tousu_policy_milestone_count(policy)`), which the caller frees with
 * `tousu_deadlines_free(*out, *out_len)`. For many cases at once, without an allocation per
 * case, see `tousu_policy_deadlines_many`.
 *
 * ```c
 * tousu_deadline *all = NULL;
 * size_t n = 0, i;
 * if (tousu_policy_deadlines(policy, c, cn, 1728352800, &all, &n, &err) == TOUSU_STATUS_OK) {
 *     for (i = 0; i < n; i++)
 *         printf("%s %s\n", tousu_policy_milestone_id(policy, all[i].milestone),
 *                tousu_deadline_status_name(all[i].status));
 *     tousu_deadlines_free(all, n);
 * }
 * ```
 *
 * Fails with `TOUSU_STATUS_POLICY_CALENDAR_MISMATCH` when `cal` is not the calendar the policy
 * names (`tousu_policy_calendar`), `TOUSU_STATUS_DATE_OUT_OF_COVERAGE` when a date needed lies
 * outside the calendar's years (a deadline is never guessed), `TOUSU_STATUS_INVALID_TIMESTAMP`
 * when `now` is beyond the years a date can hold, `TOUSU_STATUS_NULL_ARGUMENT` for a NULL
 * pointer. On failure `*out` and `*out_len` are not touched.
 *
 * Reads only: one policy and one calendar may serve any number of threads at once, each with
 * its own case (or a shared case that no thread changes meanwhile).
 *
 * # Safety
 * `policy`, `case_` and `cal` are NULL or live handles that no thread changes during the call;
 * `out`, `out_len` and `err` are NULL or writable.
 */
tousu_status tousu_policy_deadlines(const tousu_policy *policy,
                                    const tousu_case *case_,
                                    const tousu_calendar *cal,
                                    int64_t now,
                                    tousu_deadline **out,
                                    size_t *out_len,
                                    tousu_error **err);

/**
 * The deadlines of `len` cases in one call, typed as by `tousu_policy_deadlines`: case i's
 * milestone j is `out[i * m + j]`, where m is `tousu_policy_milestone_count(policy)`. The hot
 * path: no JSON, and no allocation per case (one buffer of core's figures serves every case).
 *
 * The caller provides `out`, room for `len * m` deadlines. Everything succeeds or nothing is
 * written: on the first case that fails (a NULL element, a date outside the calendar's years),
 * `*failed_index` (when not NULL) receives its index, the message starts with `element <i>: `,
 * and `out` is not touched. A calendar the policy does not name fails at element 0. NULL
 * arrays are allowed when `len` is 0 (then nothing is asked of core, and the call succeeds).
 * Thread-safe on a shared policy and calendar (each thread with its own cases, or cases no
 * thread changes).
 *
 * ```c
 * size_t m = tousu_policy_milestone_count(policy), bad, i, j;
 * tousu_deadline *d = malloc(n * m * sizeof *d);   // cases: n tousu_case pointers
 * if (tousu_policy_deadlines_many(policy, cases, n, cn, now, d, &bad, &err) == TOUSU_STATUS_OK) {
 *     for (i = 0; i < n; i++)
 *         for (j = 0; j < m; j++)
 *             if (d[i * m + j].status == TOUSU_DEADLINE_STATUS_BREACHED)
 *                 printf("case %zu: %s breached\n", i, tousu_policy_milestone_id(policy, j));
 * } else {
 *     fprintf(stderr, "case %zu: %s\n", bad, tousu_error_message(err));
 * }
 * ```
 *
 * Errors as for `tousu_policy_deadlines`, with `TOUSU_STATUS_NULL_ARGUMENT` for a NULL
 * `policy` or `cal`, a NULL `cases` or `out` when `len` is not 0, or a NULL element of
 * `cases`.
 *
 * # Safety
 * `policy` and `cal` are NULL or live handles that no thread changes during the call;
 * `cases` is NULL or readable for `len` pointers, each NULL or a live case no thread changes
 * during the call; `out` is NULL or writable for `len * tousu_policy_milestone_count(policy)`
 * deadlines; `failed_index` and `err` are NULL or writable.
 */
tousu_status tousu_policy_deadlines_many(const tousu_policy *policy,
                                         const tousu_case *const *cases,
                                         size_t len,
                                         const tousu_calendar *cal,
                                         int64_t now,
                                         tousu_deadline *out,
                                         size_t *failed_index,
                                         tousu_error **err);

/**
 * The same deadlines in core's JSON form (the form of Python's `Deadline.to_dict`), as a JSON
 * array in the policy's order. Each element has `milestone` (the id), `unit`, `status`,
 * `started`, `due`, `met_at` (RFC 3339 with the offset, or null), `met_by` (an action or
 * null), `elapsed`, `remaining`, `paused_time` (seconds, as in `tousu_deadline`),
 * `extensions` and `extensions_over_limit` (each `{"at", "reason", "approved_by",
 * "working_days"}`) and `paused` (each `{"from", "until"}`, `until` null while paused):
 *
 * ```json
 * [{"milestone":"acknowledge","unit":"working_days","status":"pending",
 *   "started":"2024-09-30T16:00:00+08:00","due":"2024-10-08T23:59:59+08:00","met_at":null,
 *   "met_by":null,"elapsed":3600,"remaining":14400,"extensions":[],
 *   "extensions_over_limit":[],"paused":[],"paused_time":0}, ...]
 * ```
 *
 * On success `*out` receives a new string that the caller frees with `tousu_string_free`.
 * Errors, `now` and threads as for `tousu_policy_deadlines`; on failure `*out` is not touched.
 *
 * # Safety
 * As for `tousu_policy_deadlines`, with `out` NULL or writable.
 */
tousu_status tousu_policy_deadlines_json(const tousu_policy *policy,
                                         const tousu_case *case_,
                                         const tousu_calendar *cal,
                                         int64_t now,
                                         char **out,
                                         tousu_error **err);

/**
 * Frees an array of deadlines from `tousu_policy_deadlines`, with the length that call gave.
 * NULL is a no-op.
 *
 * # Safety
 * `deadlines` is NULL or an array from `tousu_policy_deadlines`, not freed before, and `len`
 * is the `*out_len` of that call; the array is invalid afterwards.
 */
void tousu_deadlines_free(tousu_deadline *deadlines, size_t len);

/**
 * The snake_case name of a deadline status, as in the JSON form: `"pending"`, `"met"`,
 * `"met_late"`, `"at_risk"`, `"breached"`, `"paused"`, `"not_applicable"`.
 *
 * `status` is a plain number so that any value can be asked about. Returns NULL when it is not
 * a status of this build. The string is static: never free it. Thread-safe.
 */
const char *tousu_deadline_status_name(uint32_t status);

/**
 * The name of a unit, as in policy files and the JSON form: `"working_days"`,
 * `"working_days_close_of_business"`, `"calendar_days"`, `"weeks"`, `"months"`,
 * `"working_hours"`, `"time_of_day"`.
 *
 * NULL when `unit` is not a unit of this build. The string is static: never free it.
 * Thread-safe.
 */
const char *tousu_deadline_unit_name(uint32_t unit);

/**
 * The default securities-brokerage taxonomy, `cn.securities` (`core/data/taxonomy/`).
 *
 * On success `*out` receives a new taxonomy (free it with `tousu_taxonomy_free`).
 * `TOUSU_STATUS_NULL_ARGUMENT` when `out` is NULL; then nothing is written.
 *
 * # Safety
 * `out` and `err` are NULL or writable.
 */
tousu_status tousu_taxonomy_default(tousu_taxonomy **out, tousu_error **err);

/**
 * Reads a taxonomy from TOML text (the format of `core/data/taxonomy/README.md`).
 *
 * `file_name` is optional (NULL for none): when given, error messages name it. A text with
 * problems fails with the status of the first (`TOUSU_STATUS_TAXONOMY_SYNTAX`,
 * `TOUSU_STATUS_INVALID_TAXONOMY`) and a message listing every problem with its line and
 * column and the category it is about. On failure `*out` is not touched.
 *
 * # Safety
 * `toml` and `file_name` are NULL or NUL-terminated strings; `out` and `err` are NULL or
 * writable.
 */
tousu_status tousu_taxonomy_from_toml(const char *toml,
                                      const char *file_name,
                                      tousu_taxonomy **out,
                                      tousu_error **err);

/**
 * Frees a taxonomy. NULL is a no-op. Rule sets compiled against it stay valid.
 *
 * # Safety
 * `taxonomy` is NULL or a taxonomy from this library, not freed before and no longer in use
 * by any thread; it is invalid afterwards, and so are the strings its accessors returned.
 */
void tousu_taxonomy_free(tousu_taxonomy *taxonomy);

/**
 * The taxonomy's id (`"cn.securities"`). The string belongs to the taxonomy: valid until
 * `tousu_taxonomy_free`. NULL when `taxonomy` is NULL.
 *
 * # Safety
 * `taxonomy` is NULL or a live taxonomy.
 */
const char *tousu_taxonomy_id(const tousu_taxonomy *taxonomy);

/**
 * The taxonomy's version; 0 when `taxonomy` is NULL.
 *
 * # Safety
 * `taxonomy` is NULL or a live taxonomy.
 */
uint32_t tousu_taxonomy_version(const tousu_taxonomy *taxonomy);

/**
 * How many categories the taxonomy has; 0 when `taxonomy` is NULL.
 *
 * # Safety
 * `taxonomy` is NULL or a live taxonomy.
 */
size_t tousu_taxonomy_category_count(const tousu_taxonomy *taxonomy);

/**
 * The code of category `index` (0-based, parents before their subtrees): `"fees"`,
 * `"fees.commission"`, ... The string belongs to the taxonomy. NULL when `taxonomy` is NULL
 * or `index >= tousu_taxonomy_category_count(taxonomy)`.
 *
 * # Safety
 * `taxonomy` is NULL or a live taxonomy.
 */
const char *tousu_taxonomy_category_code(const tousu_taxonomy *taxonomy, size_t index);

/**
 * The seed's procedure (`core/data/rules/cn-seed.toml`, documented rule by rule in
 * `core/data/rules/README.md`) on the default taxonomy: collect_all; the branch operations
 * supervisor handles, major or compensation matters go to the branch general manager, head
 * office takes complaints about a branch, regulator-forwarded cases are reported back, ...
 *
 * On success `*out` receives a new rule set (free it with `tousu_rule_set_free`). Each call
 * compiles the rules again (about a millisecond): keep the rule set. `TOUSU_STATUS_NULL_ARGUMENT`
 * when `out` is NULL; then nothing is written.
 *
 * # Safety
 * `out` and `err` are NULL or writable.
 */
tousu_status tousu_rule_set_default(tousu_rule_set **out, tousu_error **err);

/**
 * Reads and compiles a rule set from TOML text (the format of `core/data/rules/README.md`),
 * checking its category codes against `taxonomy`:
 *
 * ```toml
 * [rule_set]
 * id = "acme.routing"
 * version = 1
 * name = "Acme"
 * taxonomy = "cn.securities"
 * hit_policy = "first_match"
 * [roles.operations_supervisor]
 * label = "Operations supervisor"
 * level = "branch"
 * [[rule]]
 * id = "rest"
 * then = { handler = "operations_supervisor", policy = "cn.branch" }
 * ```
 *
 * `file_name` is optional (NULL for none): when given, error messages name it. A rule set with
 * problems is not built: the call fails with the status of the first problem
 * (`TOUSU_STATUS_RULE_SET_SYNTAX` for TOML syntax, a wrong type such as a string compared with
 * a number, an unknown field; `TOUSU_STATUS_UNKNOWN_CATEGORY`, `TOUSU_STATUS_INVALID_RULE`
 * for a duplicate id, `TOUSU_STATUS_UNREACHABLE_RULE`, `TOUSU_STATUS_CONFLICTING_RULES`,
 * `TOUSU_STATUS_ESCALATION_CYCLE`) and a message listing every problem, each with its line and
 * column, the rule id and the field path:
 *
 * `rule set acme.routing (acme.toml): line 12 column 8: `rest`: rule[1].when.category: ...`
 *
 * What loading finds worth knowing but not wrong (complaints no rule matches, ...) is in
 * `tousu_rule_set_warning`. On failure `*out` is not touched. The taxonomy is only read
 * during the call.
 *
 * # Safety
 * `toml` and `file_name` are NULL or NUL-terminated strings; `taxonomy` is NULL or a live
 * taxonomy; `out` and `err` are NULL or writable.
 */
tousu_status tousu_rule_set_from_toml(const char *toml,
                                      const char *file_name,
                                      const tousu_taxonomy *taxonomy,
                                      tousu_rule_set **out,
                                      tousu_error **err);

/**
 * Frees a rule set. NULL is a no-op.
 *
 * # Safety
 * `rules` is NULL or a rule set from this library, not freed before and no longer in use by
 * any thread; it is invalid afterwards, and so are the strings of its decisions and accessors.
 */
void tousu_rule_set_free(tousu_rule_set *rules);

/**
 * The rule set's id (`"cn.seed"`). The string belongs to the rule set; NULL when `rules` is
 * NULL.
 *
 * # Safety
 * `rules` is NULL or a live rule set.
 */
const char *tousu_rule_set_id(const tousu_rule_set *rules);

/**
 * The rule set's version; 0 when `rules` is NULL.
 *
 * # Safety
 * `rules` is NULL or a live rule set.
 */
uint32_t tousu_rule_set_version(const tousu_rule_set *rules);

/**
 * The rule set's hit policy, a `tousu_hit_policy` value; 0 when `rules` is NULL.
 *
 * # Safety
 * `rules` is NULL or a live rule set.
 */
uint32_t tousu_rule_set_hit_policy(const tousu_rule_set *rules);

/**
 * How many rules the rule set has; 0 when `rules` is NULL.
 *
 * # Safety
 * `rules` is NULL or a live rule set.
 */
size_t tousu_rule_set_rule_count(const tousu_rule_set *rules);

/**
 * The id of rule `index` (0-based, in file order: the numbering of `tousu_decision`'s
 * `deciding_rule` and `matched`). The string belongs to the rule set. NULL when `rules` is
 * NULL or `index >= tousu_rule_set_rule_count(rules)`.
 *
 * # Safety
 * `rules` is NULL or a live rule set.
 */
const char *tousu_rule_set_rule_id(const tousu_rule_set *rules, size_t index);

/**
 * How many warnings loading gave (some complaints match no rule, the checks stopped early on
 * a huge rule set, ...); 0 when `rules` is NULL.
 *
 * # Safety
 * `rules` is NULL or a live rule set.
 */
size_t tousu_rule_set_warning_count(const tousu_rule_set *rules);

/**
 * Warning `index` (0-based) as one line naming the rule and line where it has them. The string
 * belongs to the rule set. NULL when `rules` is NULL or `index` is out of range.
 *
 * # Safety
 * `rules` is NULL or a live rule set.
 */
const char *tousu_rule_set_warning(const tousu_rule_set *rules, size_t index);

/**
 * Routes one complaint by the rule set. `context` is optional (NULL: nothing known beyond the
 * complaint).
 *
 * On success `*out` receives the decision. Fails with `TOUSU_STATUS_UNKNOWN_CATEGORY` when the
 * complaint's category is not in the rule set's taxonomy, `TOUSU_STATUS_INVALID_TIMESTAMP` for
 * an earlier-complaint day no date can have, `TOUSU_STATUS_UNKNOWN_VARIANT` for an attribute
 * bit that is no `tousu_attribute`, `TOUSU_STATUS_NULL_ARGUMENT`; then `*out` is not touched.
 * No allocation; thread-safe on a shared rule set.
 *
 * ```c
 * tousu_decision d;
 * if (tousu_rule_set_route(rules, complaint, NULL, &d, &err) == TOUSU_STATUS_OK) {
 *     printf("%s at %s\n", d.handler, tousu_handling_level_name(d.level));
 *     if (d.obligations & TOUSU_OBLIGATION_REGULATOR_REPORT_BACK) ...
 * }
 * ```
 *
 * # Safety
 * `rules` and `complaint` are NULL or live handles no thread changes during the call;
 * `context` is NULL or a readable context; `out` and `err` are NULL or writable.
 */
tousu_status tousu_rule_set_route(const tousu_rule_set *rules,
                                  const tousu_complaint *complaint,
                                  const tousu_routing_context *context,
                                  tousu_decision *out,
                                  tousu_error **err);

/**
 * The same decision in core's JSON form: `{"rule_set", "version", "matched": [rule ids in
 * evaluation order], "handler", "department", "level", "policy", "escalate_to", "obligations":
 * [names]}`, unset actions as `null`:
 *
 * ```json
 * {"rule_set":"cn.seed","version":1,"matched":["regulator_forwarded","branch_operations_supervisor"],
 *  "handler":"operations_supervisor","department":null,"level":"branch","policy":"cn.branch",
 *  "escalate_to":null,"obligations":["regulator_report_back","written_reply","progress_updates"]}
 * ```
 *
 * On success `*out` receives a new string (free it with `tousu_string_free`). Errors as for
 * `tousu_rule_set_route`; on failure `*out` is not touched.
 *
 * # Safety
 * As for `tousu_rule_set_route`, with `out` NULL or writable.
 */
tousu_status tousu_rule_set_route_json(const tousu_rule_set *rules,
                                       const tousu_complaint *complaint,
                                       const tousu_routing_context *context,
                                       char **out,
                                       tousu_error **err);

/**
 * Why the complaint is routed as it is, for a program: the rules tried and passed over (under
 * first_match), the rules that matched with the tests that held and the complaint's values,
 * the rule that decided, and each action with the rule it came from:
 *
 * ```json
 * {"complaint":"SZ-2024-0102","rule_set":"cn.seed","version":1,"hit_policy":"collect_all",
 *  "passed_over":[],"matched":[{"id":"regulator_forwarded","priority":100,"line":52,
 *  "requirement":"R17, R19 (L702, L105)","condition":"forwarded by a regulator",
 *  "because":["forwarded by a regulator (channel regulator_forwarded)"]}, ...],
 *  "decided_by":"regulator_forwarded","actions":{"handler":"operations_supervisor", ...,
 *  "from":{"handler":"branch_operations_supervisor", ...}}}
 * ```
 *
 * The complaint is routed again (routing is cheap; a `tousu_decision` does not keep the
 * complaint). On success `*out` receives a new string (free it with `tousu_string_free`).
 * Errors as for `tousu_rule_set_route`; on failure `*out` is not touched.
 *
 * # Safety
 * As for `tousu_rule_set_route_json`.
 */
tousu_status tousu_rule_set_explain_json(const tousu_rule_set *rules,
                                         const tousu_complaint *complaint,
                                         const tousu_routing_context *context,
                                         char **out,
                                         tousu_error **err);

/**
 * The same explanation as lines an auditor reads:
 *
 * ```text
 * complaint SZ-2024-0102 routed by cn.seed v1 (collect_all)
 *   matched regulator_forwarded (line 52) [R17, R19 (L702, L105)]: forwarded by a regulator
 *     because forwarded by a regulator (channel regulator_forwarded)
 *   matched branch_operations_supervisor (line 128) [...]: every complaint
 *     because every complaint (a catch-all rule)
 *   handler: operations_supervisor (rule branch_operations_supervisor)
 *   obligations: regulator_report_back (rule regulator_forwarded), ...
 * ```
 *
 * Ownership, errors and threads as for `tousu_rule_set_explain_json`.
 *
 * # Safety
 * As for `tousu_rule_set_route_json`.
 */
tousu_status tousu_rule_set_explain_text(const tousu_rule_set *rules,
                                         const tousu_complaint *complaint,
                                         const tousu_routing_context *context,
                                         char **out,
                                         tousu_error **err);

/**
 * Routes `len` complaints in one call: `out[i]` is the decision for `complaints[i]` with
 * `contexts[i]` (`contexts` NULL: no context for any). The hot path: no JSON, no allocation
 * per complaint.
 *
 * The caller provides `out`, room for `len` decisions. Everything succeeds or nothing is
 * written: on the first complaint that fails (an unknown category, a NULL element, a bad
 * context), `*failed_index` (when not NULL) receives its index, the message starts with
 * `element <i>: `, and `out` is not touched. NULL arrays are allowed when `len` is 0. Thread-
 * safe on a shared rule set (each thread with its own complaints, or complaints no thread
 * changes).
 *
 * ```c
 * tousu_decision *d = malloc(n * sizeof *d);   // complaints: n tousu_complaint pointers
 * size_t bad;
 * if (tousu_rule_set_route_many(rules, complaints, NULL, n, d, &bad, &err) != TOUSU_STATUS_OK)
 *     fprintf(stderr, "complaint %zu: %s\n", bad, tousu_error_message(err));
 * ```
 *
 * # Safety
 * `rules` is NULL or a live rule set; `complaints` is NULL or readable for `len` pointers,
 * each NULL or a live complaint no thread changes during the call; `contexts` is NULL or
 * readable for `len` contexts; `out` is NULL or writable for `len` decisions; `failed_index`
 * and `err` are NULL or writable.
 */
tousu_status tousu_rule_set_route_many(const tousu_rule_set *rules,
                                       const tousu_complaint *const *complaints,
                                       const tousu_routing_context *contexts,
                                       size_t len,
                                       tousu_decision *out,
                                       size_t *failed_index,
                                       tousu_error **err);

/**
 * Routes `len` complaints in one call as `tousu_rule_set_route_many` does, counting each
 * complainant's earlier complaints from the batch itself. `complainants[i]` names the
 * complainant of `complaints[i]`: an account number, an ID number, any string the caller keys
 * its clients by, compared byte for byte; NULL or `""` when unknown (then none). Complaint i's
 * earlier complaints are the other complaints of the batch with the same key received at a
 * strictly earlier instant (`received_at`, to the microsecond), each on its own local day of
 * receipt (the day its `received_at` shows, as routing reads it). Complaints received at the
 * same instant, in whatever UTC offsets, do not count each other; the order of the array does
 * not matter.
 *
 * Each complaint is routed with the attributes of `contexts[i]` (`contexts` NULL: none). A
 * context that lists earlier complaints too (`earlier_complaint_count` > 0) is refused, its
 * element failing with `TOUSU_STATUS_INVALID_ARGUMENT` and a message naming
 * `contexts[i].earlier_complaints`: its days are
 * neither merged with the batch's nor ignored. Route such a batch with
 * `tousu_rule_set_route_many`.
 *
 * Complaints further back than the rule set's longest `earlier_complaints` window (plus three
 * days, for UTC offsets) are left out, since no rule can count them; under a rule set without
 * such rules the decisions are those of `tousu_rule_set_route_many` with no earlier
 * complaints. O(n log n): the complaints are sorted by key and instant, in buffers for the
 * batch; no allocation per complaint.
 *
 * The caller provides `out`, room for `len` decisions. Everything succeeds or nothing is
 * written: on the first complaint that fails in index order (an unknown category, a NULL
 * element, a key that is not UTF-8, a bad context), `*failed_index` (when not NULL) receives
 * its index, the message starts with `element <i>: `, and `out` is not touched. NULL arrays
 * are allowed when `len` is 0. Thread-safe on a shared rule set (each thread with its own
 * complaints, or complaints no thread changes).
 *
 * ```c
 * tousu_decision *d = malloc(n * sizeof *d);   // complaints: n tousu_complaint pointers,
 * size_t bad;                                    // accounts: n account numbers (or NULL)
 * if (tousu_rule_set_route_many_by_complainant(rules, complaints, accounts, NULL, n, d, &bad,
 *                                               &err) != TOUSU_STATUS_OK)
 *     fprintf(stderr, "complaint %zu: %s\n", bad, tousu_error_message(err));
 * ```
 *
 * # Safety
 * As for `tousu_rule_set_route_many`, with `complainants` NULL or readable for `len`
 * pointers, each NULL or a NUL-terminated string, and the contexts' `earlier_complaints` not
 * read.
 */
tousu_status tousu_rule_set_route_many_by_complainant(const tousu_rule_set *rules,
                                                      const tousu_complaint *const *complaints,
                                                      const char *const *complainants,
                                                      const tousu_routing_context *contexts,
                                                      size_t len,
                                                      tousu_decision *out,
                                                      size_t *failed_index,
                                                      tousu_error **err);

/**
 * Routes `len` complaints in one call into JSON lines: line i (ending in `\n`) is the JSON
 * form of `tousu_rule_set_route_json` for `complaints[i]` with `contexts[i]`.
 *
 * On success `*out` receives a new string (free it with `tousu_string_free`). Failures as for
 * `tousu_rule_set_route_many`; on failure `*out` is not touched.
 *
 * # Safety
 * As for `tousu_rule_set_route_many`, with `out` NULL or writable.
 */
tousu_status tousu_rule_set_route_many_json(const tousu_rule_set *rules,
                                            const tousu_complaint *const *complaints,
                                            const tousu_routing_context *contexts,
                                            size_t len,
                                            char **out,
                                            size_t *failed_index,
                                            tousu_error **err);

/**
 * The name of a hit policy, as in rule sets: `"first_match"`, `"collect_all"`. NULL when
 * `policy` is not a `tousu_hit_policy`. The string is static. Thread-safe.
 */
const char *tousu_hit_policy_name(uint32_t policy);

/**
 * The name of a handling level, as in rule sets: `"branch"`, `"head_office"`; `"unset"` for
 * `TOUSU_HANDLING_LEVEL_UNSET`. NULL when `level` is not a `tousu_handling_level`. The string
 * is static. Thread-safe.
 */
const char *tousu_handling_level_name(uint32_t level);

/**
 * The name of one obligation bit, as in rule sets: `"liaison_form"`, `"written_reply"`, ...
 * NULL when `obligation` is not a single `tousu_obligation` bit. The string is static.
 * Thread-safe.
 */
const char *tousu_obligation_name(uint32_t obligation);

/**
 * The name of one attribute bit, as in rule sets: `"elderly"`, `"new_client"`, ... NULL when
 * `attribute` is not a single `tousu_attribute` bit. The string is static. Thread-safe.
 */
const char *tousu_attribute_name(uint32_t attribute);

/**
 * Reads a staff directory from TOML: `[directory]` (id, version, head_office) and one
 * `[[person]]` per member of staff (id, name, roles, office, department, available,
 * conflicts = { persons, accounts, complaints }):
 *
 * ```toml
 * [directory]
 * id = "acme.staff"
 * version = 1
 * head_office = "总部经纪业务管理部"
 * [[person]]
 * id = "SZFT002"
 * name = "王主管"
 * roles = ["operations_supervisor"]
 * office = "深圳福田营业部"
 * ```
 *
 * On success `*out` receives a new directory (free it with `tousu_directory_free`). A text
 * with problems fails with `TOUSU_STATUS_INVALID_DIRECTORY` and a message listing every
 * problem with the person and line. On failure `*out` is not touched.
 *
 * # Safety
 * `toml` is NULL or a NUL-terminated string; `out` and `err` are NULL or writable.
 */
tousu_status tousu_directory_from_toml(const char *toml, tousu_directory **out, tousu_error **err);

/**
 * Reads a staff directory from JSON, `{"directory": {...}, "person": [{...}, ...]}` in the
 * schema of `tousu_directory_from_toml`. Otherwise as `tousu_directory_from_toml`.
 *
 * # Safety
 * `json` is NULL or a NUL-terminated string; `out` and `err` are NULL or writable.
 */
tousu_status tousu_directory_from_json(const char *json, tousu_directory **out, tousu_error **err);

/**
 * Frees a directory. NULL is a no-op.
 *
 * # Safety
 * `directory` is NULL or a directory from this library, not freed before and no longer in use
 * by any thread; it is invalid afterwards.
 */
void tousu_directory_free(tousu_directory *directory);

/**
 * The directory's id. The string belongs to the directory; NULL when `directory` is NULL.
 *
 * # Safety
 * `directory` is NULL or a live directory.
 */
const char *tousu_directory_id(const tousu_directory *directory);

/**
 * How many people the directory lists; 0 when `directory` is NULL.
 *
 * # Safety
 * `directory` is NULL or a live directory.
 */
size_t tousu_directory_person_count(const tousu_directory *directory);

/**
 * `tousu_directory_assign` for a decision already made: `decision` is what `rules` gave for
 * `complaint` (by `tousu_rule_set_route`, `_route_many` or `_route_many_by_complainant`,
 * kept by the caller), so the complaint is not routed again. The rule set's matched rules in
 * `decision.matched` decide; a decision another rule set made (or one changed since) is
 * refused with `TOUSU_STATUS_INVALID_ARGUMENT`, not reinterpreted.
 *
 * ```c
 * tousu_decision d;
 * tousu_assignment *a = NULL;
 * if (tousu_rule_set_route(rules, complaint, NULL, &d, &err) == TOUSU_STATUS_OK
 *     && tousu_directory_assign_decision(staff, rules, complaint, &d, &a, &err) == TOUSU_STATUS_OK) {
 *     printf("%zu may handle it\n", tousu_assignment_handler_count(a));
 *     tousu_assignment_free(a);
 * }
 * ```
 *
 * Errors, ownership and threads otherwise as for `tousu_directory_assign`.
 *
 * # Safety
 * `directory`, `rules` and `complaint` are NULL or live handles no thread changes during the
 * call; `decision` is NULL or readable; `out` and `err` are NULL or writable.
 */
tousu_status tousu_directory_assign_decision(const tousu_directory *directory,
                                             const tousu_rule_set *rules,
                                             const tousu_complaint *complaint,
                                             const tousu_decision *decision,
                                             tousu_assignment **out,
                                             tousu_error **err);

/**
 * The eligible handlers of `complaint` as routed by `rules` (with `context`, NULL for none):
 * the people holding the decided handler role, in the office the decision points at (head
 * office for `head_office`, else the branch complained about or the registering branch), in
 * its department when it names one, available — never the person complained about (R12) nor
 * anyone with a declared conflict; the receiver first when eligible (R5). Every other holder
 * of the role is listed with the reason (`tousu_assignment_recused`). The complaint is routed
 * within the call (a `tousu_decision` cannot be turned back into core's decision).
 *
 * On success `*out` receives a new assignment (free it with `tousu_assignment_free`):
 *
 * ```c
 * tousu_assignment *a = NULL;
 * size_t i;
 * if (tousu_directory_assign(staff, rules, complaint, NULL, &a, &err) == TOUSU_STATUS_OK) {
 *     for (i = 0; i < tousu_assignment_handler_count(a); i++)
 *         printf("may handle it: %s\n", tousu_assignment_handler(a, i));
 *     for (i = 0; i < tousu_assignment_recused_count(a); i++) {
 *         const tousu_recused *r = tousu_assignment_recused(a, i);
 *         if (r->reason == TOUSU_RECUSAL_COMPLAINED_ABOUT) ...
 *         printf("%s %s\n", r->person, r->why);
 *     }
 *     tousu_assignment_free(a);
 * }
 * ```
 *
 * Fails with `TOUSU_STATUS_NO_ELIGIBLE_HANDLER` when the decision names no handler or nobody
 * may take it; the message says why for each holder of the role and names the role to
 * escalate to (`tousu_error_next_level`). Routing errors as for `tousu_rule_set_route`. On
 * failure `*out` is not touched. Thread-safe on a shared directory and rule set.
 *
 * # Safety
 * `directory`, `rules` and `complaint` are NULL or live handles no thread changes during the
 * call; `context` is NULL or readable; `out` and `err` are NULL or writable.
 */
tousu_status tousu_directory_assign(const tousu_directory *directory,
                                    const tousu_rule_set *rules,
                                    const tousu_complaint *complaint,
                                    const tousu_routing_context *context,
                                    tousu_assignment **out,
                                    tousu_error **err);

/**
 * The same assignment as a JSON string, which `*out` receives on success (free it with
 * `tousu_string_free`):
 *
 * ```json
 * {"role":"operations_supervisor","office":"深圳福田营业部","owner":"SZFT011",
 *  "hand_over_needed":true,"handlers":["SZFT002","SZFT003"],
 *  "recused":[{"person":"SZFT021","why":"is the person complained about and must recuse (R12)"}]}
 * ```
 *
 * Errors and threads as for `tousu_directory_assign`; on failure `*out` is not touched.
 *
 * # Safety
 * As for `tousu_directory_assign`, with `out` NULL or writable.
 */
tousu_status tousu_directory_assign_json(const tousu_directory *directory,
                                         const tousu_rule_set *rules,
                                         const tousu_complaint *complaint,
                                         const tousu_routing_context *context,
                                         char **out,
                                         tousu_error **err);

/**
 * Frees an assignment and every string it returned. NULL is a no-op.
 *
 * # Safety
 * `assignment` is NULL or an assignment from this library, not freed before and no longer in
 * use by any thread; it is invalid afterwards, and so are its strings.
 */
void tousu_assignment_free(tousu_assignment *assignment);

/**
 * The decided handler role (`"operations_supervisor"`). The string belongs to the
 * assignment; NULL when `assignment` is NULL.
 *
 * # Safety
 * `assignment` is NULL or a live assignment.
 */
const char *tousu_assignment_role(const tousu_assignment *assignment);

/**
 * The office the handlers sit in (`"深圳福田营业部"`, or the directory's head office). The
 * string belongs to the assignment; NULL when `assignment` is NULL.
 *
 * # Safety
 * `assignment` is NULL or a live assignment.
 */
const char *tousu_assignment_office(const tousu_assignment *assignment);

/**
 * The receiver's staff id: the owner of the case until a recorded hand-over (R5). The string
 * belongs to the assignment; NULL when `assignment` is NULL.
 *
 * # Safety
 * `assignment` is NULL or a live assignment.
 */
const char *tousu_assignment_owner(const tousu_assignment *assignment);

/**
 * Whether the owner must hand the case over (R5): the receiver is not among the handlers.
 * False when `assignment` is NULL.
 *
 * # Safety
 * `assignment` is NULL or a live assignment.
 */
bool tousu_assignment_hand_over_needed(const tousu_assignment *assignment);

/**
 * How many people may handle the complaint (at least 1 for an assignment, which exists only
 * when someone may); 0 when `assignment` is NULL.
 *
 * # Safety
 * `assignment` is NULL or a live assignment.
 */
size_t tousu_assignment_handler_count(const tousu_assignment *assignment);

/**
 * The staff id of handler `index` (0-based): the receiver first when eligible, then in
 * directory order. The string belongs to the assignment. NULL when `assignment` is NULL or
 * `index >= tousu_assignment_handler_count(assignment)`.
 *
 * # Safety
 * `assignment` is NULL or a live assignment.
 */
const char *tousu_assignment_handler(const tousu_assignment *assignment, size_t index);

/**
 * How many holders of the role may not handle the complaint; 0 when `assignment` is NULL.
 *
 * # Safety
 * `assignment` is NULL or a live assignment.
 */
size_t tousu_assignment_recused_count(const tousu_assignment *assignment);

/**
 * Holder `index` (0-based, in directory order) of the role who may not handle the complaint:
 * who, and why. The struct and its strings belong to the assignment. NULL when `assignment`
 * is NULL or `index >= tousu_assignment_recused_count(assignment)`.
 *
 * # Safety
 * `assignment` is NULL or a live assignment.
 */
const tousu_recused *tousu_assignment_recused(const tousu_assignment *assignment, size_t index);

/**
 * Frees a string returned through a `char **out` parameter (`tousu_complaint_to_json`,
 * `tousu_case_to_json`, `tousu_case_state_json`). NULL is a no-op.
 *
 * Use this, never C's `free()`: the string was allocated by Rust's allocator. Strings that
 * belong to an error (`tousu_error_message`, ...) or are static (`tousu_status_name`,
 * `tousu_version`) are not freed with it.
 *
 * # Safety
 * `s` is NULL or a string returned by this library through an out-parameter, not freed
 * before; it is invalid afterwards.
 */
void tousu_string_free(char *s);

#ifdef __cplusplus
}  // extern "C"
#endif  // __cplusplus

#endif  /* TOUSU_H */
