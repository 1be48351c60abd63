/*
 * Misuse of the API: NULL for every pointer argument of every function, strings that are not
 * UTF-8, _free(NULL), and the promise that outputs are written only on success (and *err only
 * on failure).
 */
#include <stdlib.h>

#include "harness.h"

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

/* An address no out-parameter of the library would ever hold: it must survive a failed call. */
static char sentinel_byte;
#define SENTINEL ((void *)&sentinel_byte)

/* `call` fails with TOUSU_STATUS_NULL_ARGUMENT and the message names function and argument.
 * The call passes `&null_err`, the error variable this macro declares and frees. */
#define CHECK_NULL_ARG(call, function, argument)                                                \
    do {                                                                                        \
        tousu_error *null_err = NULL;                                                           \
        const char *want = function ": argument `" argument "` is NULL";                        \
        tousu_status got = (call);                                                              \
        int named = tousu_error_message(null_err) != NULL &&                                    \
                    strcmp(tousu_error_message(null_err), want) == 0;                           \
        if (!named) {                                                                           \
            fprintf(stderr, "  message: %s\n  wanted:  %s\n",                                   \
                    null_err ? tousu_error_message(null_err) : "(no error)", want);             \
        }                                                                                       \
        tousu_error_free(null_err);                                                             \
        CHECK_STATUS(got, TOUSU_STATUS_NULL_ARGUMENT);                                          \
        CHECK(named);                                                                           \
    } while (0)

/* `call` fails with TOUSU_STATUS_INVALID_UTF8 and the message names the argument.
 * The call passes `&utf8_err`, the error variable this macro declares and frees. */
#define CHECK_BAD_UTF8(call, argument)                                                          \
    do {                                                                                        \
        tousu_error *utf8_err = NULL;                                                           \
        tousu_status got = (call);                                                              \
        int named = tousu_error_message(utf8_err) != NULL &&                                    \
                    strstr(tousu_error_message(utf8_err), "`" argument "` is not valid UTF-8"); \
        if (!named) {                                                                           \
            fprintf(stderr, "  message: %s\n", tousu_error_message(utf8_err));                  \
        }                                                                                       \
        tousu_error_free(utf8_err);                                                             \
        CHECK_STATUS(got, TOUSU_STATUS_INVALID_UTF8);                                           \
        CHECK(named);                                                                           \
    } while (0)

static tousu_complaint *a_complaint(void) {
    tousu_complaint *complaint = NULL;
    tousu_complaint_from_json(COMPLAINT, &complaint, NULL);
    return complaint;
}

static tousu_case *a_case(const tousu_complaint *complaint) {
    tousu_case *c = NULL;
    tousu_case_register(complaint, REGISTERED, &c, NULL);
    return c;
}

static void test_null_arguments_of_complaint_functions(void) {
    tousu_complaint *out = SENTINEL;
    char *json = SENTINEL;
    tousu_complaint *complaint = a_complaint();
    CHECK(complaint != NULL);
    CHECK_NULL_ARG(tousu_complaint_from_json(NULL, &out, &null_err), "tousu_complaint_from_json", "json");
    CHECK_NULL_ARG(tousu_complaint_from_json(COMPLAINT, NULL, &null_err), "tousu_complaint_from_json", "out");
    CHECK_NULL_ARG(tousu_complaint_to_json(NULL, &json, &null_err), "tousu_complaint_to_json", "complaint");
    CHECK_NULL_ARG(tousu_complaint_to_json(complaint, NULL, &null_err), "tousu_complaint_to_json", "out");
    CHECK(out == SENTINEL);
    CHECK(json == SENTINEL);
    tousu_complaint_free(complaint);
}

static void test_null_arguments_of_case_functions(void) {
    tousu_case *out = SENTINEL;
    char *json = SENTINEL;
    tousu_stage stage = 12345;
    size_t count = 777;
    tousu_complaint *complaint = a_complaint();
    tousu_case *c = a_case(complaint);
    CHECK(c != NULL);
    CHECK_NULL_ARG(tousu_case_register(NULL, REGISTERED, &out, &null_err), "tousu_case_register", "complaint");
    CHECK_NULL_ARG(tousu_case_register(complaint, NULL, &out, &null_err), "tousu_case_register",
                   "registration_event_json");
    CHECK_NULL_ARG(tousu_case_register(complaint, REGISTERED, NULL, &null_err), "tousu_case_register", "out");
    CHECK_NULL_ARG(tousu_case_from_json(NULL, &out, &null_err), "tousu_case_from_json", "json");
    CHECK_NULL_ARG(tousu_case_from_json("{}", NULL, &null_err), "tousu_case_from_json", "out");
    CHECK_NULL_ARG(tousu_case_apply_json(NULL, ASSIGNED, &null_err), "tousu_case_apply_json", "case_");
    CHECK_NULL_ARG(tousu_case_apply_json(c, NULL, &null_err), "tousu_case_apply_json", "event_json");
    CHECK_NULL_ARG(tousu_case_stage(NULL, &stage, &null_err), "tousu_case_stage", "case_");
    CHECK_NULL_ARG(tousu_case_stage(c, NULL, &null_err), "tousu_case_stage", "out");
    CHECK_NULL_ARG(tousu_case_event_count(NULL, &count, &null_err), "tousu_case_event_count", "case_");
    CHECK_NULL_ARG(tousu_case_event_count(c, NULL, &null_err), "tousu_case_event_count", "out");
    CHECK_NULL_ARG(tousu_case_state_json(NULL, &json, &null_err), "tousu_case_state_json", "case_");
    CHECK_NULL_ARG(tousu_case_state_json(c, NULL, &null_err), "tousu_case_state_json", "out");
    CHECK_NULL_ARG(tousu_case_to_json(NULL, &json, &null_err), "tousu_case_to_json", "case_");
    CHECK_NULL_ARG(tousu_case_to_json(c, NULL, &null_err), "tousu_case_to_json", "out");
    CHECK(out == SENTINEL);
    CHECK(json == SENTINEL);
    CHECK(stage == 12345);
    CHECK(count == 777);
    /* The case took no harm from the refused calls. */
    CHECK_STATUS(tousu_case_event_count(c, &count, NULL), TOUSU_STATUS_OK);
    CHECK(count == 1);
    tousu_case_free(c);
    tousu_complaint_free(complaint);
}

static void test_null_arguments_of_policy_and_deadline_functions(void) {
    tousu_policy *policy_out = SENTINEL;
    tousu_deadline *deadlines = SENTINEL;
    size_t len = 777;
    char *json = SENTINEL;
    tousu_policy *p = NULL;
    tousu_calendar *cn = NULL;
    tousu_complaint *complaint = a_complaint();
    tousu_case *c = a_case(complaint);
    const tousu_case *cases[1];
    tousu_deadline many[8];
    size_t failed = 777;
    tousu_complaint_free(complaint);
    CHECK(c != NULL);
    cases[0] = c;
    many[0].milestone = 4242;
    CHECK_STATUS(tousu_policy_preset("cn.branch", &p, NULL), TOUSU_STATUS_OK);
    CHECK_STATUS(tousu_calendar_builtin("CN", &cn, NULL), TOUSU_STATUS_OK);
    CHECK_NULL_ARG(tousu_policy_preset(NULL, &policy_out, &null_err), "tousu_policy_preset", "id");
    CHECK_NULL_ARG(tousu_policy_preset("cn.branch", NULL, &null_err), "tousu_policy_preset", "out");
    CHECK_NULL_ARG(tousu_policy_from_toml(NULL, "f.toml", &policy_out, &null_err), "tousu_policy_from_toml", "toml");
    CHECK_NULL_ARG(tousu_policy_from_toml("", NULL, NULL, &null_err), "tousu_policy_from_toml", "out");
    CHECK_NULL_ARG(tousu_policy_deadlines(NULL, c, cn, 0, &deadlines, &len, &null_err), "tousu_policy_deadlines",
                   "policy");
    CHECK_NULL_ARG(tousu_policy_deadlines(p, NULL, cn, 0, &deadlines, &len, &null_err), "tousu_policy_deadlines",
                   "case_");
    CHECK_NULL_ARG(tousu_policy_deadlines(p, c, NULL, 0, &deadlines, &len, &null_err), "tousu_policy_deadlines", "cal");
    CHECK_NULL_ARG(tousu_policy_deadlines(p, c, cn, 0, NULL, &len, &null_err), "tousu_policy_deadlines", "out");
    CHECK_NULL_ARG(tousu_policy_deadlines(p, c, cn, 0, &deadlines, NULL, &null_err), "tousu_policy_deadlines",
                   "out_len");
    CHECK_NULL_ARG(tousu_policy_deadlines_json(NULL, c, cn, 0, &json, &null_err), "tousu_policy_deadlines_json",
                   "policy");
    CHECK_NULL_ARG(tousu_policy_deadlines_json(p, NULL, cn, 0, &json, &null_err), "tousu_policy_deadlines_json",
                   "case_");
    CHECK_NULL_ARG(tousu_policy_deadlines_json(p, c, NULL, 0, &json, &null_err), "tousu_policy_deadlines_json", "cal");
    CHECK_NULL_ARG(tousu_policy_deadlines_json(p, c, cn, 0, NULL, &null_err), "tousu_policy_deadlines_json", "out");
    CHECK_NULL_ARG(tousu_policy_deadlines_many(NULL, cases, 1, cn, 0, many, &failed, &null_err),
                   "tousu_policy_deadlines_many", "policy");
    CHECK_NULL_ARG(tousu_policy_deadlines_many(p, cases, 1, NULL, 0, many, &failed, &null_err),
                   "tousu_policy_deadlines_many", "cal");
    CHECK_STATUS(tousu_policy_deadlines_many(p, NULL, 1, cn, 0, many, &failed, NULL), TOUSU_STATUS_NULL_ARGUMENT);
    CHECK_STATUS(tousu_policy_deadlines_many(p, cases, 1, cn, 0, NULL, &failed, NULL), TOUSU_STATUS_NULL_ARGUMENT);
    CHECK(policy_out == SENTINEL && deadlines == SENTINEL && len == 777 && json == SENTINEL);
    CHECK(failed == 777 && many[0].milestone == 4242);
    /* Accessors answer NULL or 0 for a NULL policy. */
    CHECK(tousu_policy_id(NULL) == NULL && tousu_policy_name(NULL) == NULL && tousu_policy_calendar(NULL) == NULL);
    CHECK(tousu_policy_version(NULL) == 0 && tousu_policy_milestone_count(NULL) == 0);
    CHECK(tousu_policy_milestone_id(NULL, 0) == NULL);
    tousu_case_free(c);
    tousu_policy_free(p);
    tousu_calendar_free(cn);
}

static void test_null_arguments_of_routing_functions(void) {
    tousu_taxonomy *tax_out = SENTINEL, *t = NULL;
    tousu_rule_set *rules_out = SENTINEL, *r = NULL;
    tousu_directory *dir_out = SENTINEL, *staff = NULL;
    tousu_assignment *assignment_out = SENTINEL;
    tousu_decision d, many[1];
    char *json = SENTINEL;
    size_t failed = 777;
    tousu_complaint *complaint = a_complaint();
    const tousu_complaint *complaints[1];
    const char *keys[1] = {"0123456789"};
    complaints[0] = complaint;
    d.matched_count = 777;
    many[0].matched_count = 777;
    CHECK(complaint != NULL);
    CHECK_STATUS(tousu_taxonomy_default(&t, NULL), TOUSU_STATUS_OK);
    CHECK_STATUS(tousu_rule_set_default(&r, NULL), TOUSU_STATUS_OK);
    CHECK_STATUS(tousu_directory_from_toml("[directory]\nid = \"d\"\nversion = 1\nhead_office = \"HQ\"\n", &staff, NULL),
                 TOUSU_STATUS_OK);
    CHECK_NULL_ARG(tousu_taxonomy_default(NULL, &null_err), "tousu_taxonomy_default", "out");
    CHECK_NULL_ARG(tousu_taxonomy_from_toml(NULL, "t.toml", &tax_out, &null_err), "tousu_taxonomy_from_toml", "toml");
    CHECK_NULL_ARG(tousu_taxonomy_from_toml("", NULL, NULL, &null_err), "tousu_taxonomy_from_toml", "out");
    CHECK_NULL_ARG(tousu_rule_set_default(NULL, &null_err), "tousu_rule_set_default", "out");
    CHECK_NULL_ARG(tousu_rule_set_from_toml(NULL, "r.toml", t, &rules_out, &null_err), "tousu_rule_set_from_toml",
                   "toml");
    CHECK_NULL_ARG(tousu_rule_set_from_toml("", NULL, NULL, &rules_out, &null_err), "tousu_rule_set_from_toml",
                   "taxonomy");
    CHECK_NULL_ARG(tousu_rule_set_from_toml("", NULL, t, NULL, &null_err), "tousu_rule_set_from_toml", "out");
    CHECK_NULL_ARG(tousu_rule_set_route(NULL, complaint, NULL, &d, &null_err), "tousu_rule_set_route", "rules");
    CHECK_NULL_ARG(tousu_rule_set_route(r, NULL, NULL, &d, &null_err), "tousu_rule_set_route", "complaint");
    CHECK_NULL_ARG(tousu_rule_set_route(r, complaint, NULL, NULL, &null_err), "tousu_rule_set_route", "out");
    CHECK_NULL_ARG(tousu_rule_set_route_json(NULL, complaint, NULL, &json, &null_err), "tousu_rule_set_route_json",
                   "rules");
    CHECK_NULL_ARG(tousu_rule_set_route_json(r, NULL, NULL, &json, &null_err), "tousu_rule_set_route_json",
                   "complaint");
    CHECK_NULL_ARG(tousu_rule_set_route_json(r, complaint, NULL, NULL, &null_err), "tousu_rule_set_route_json", "out");
    CHECK_NULL_ARG(tousu_rule_set_explain_json(NULL, complaint, NULL, &json, &null_err),
                   "tousu_rule_set_explain_json", "rules");
    CHECK_NULL_ARG(tousu_rule_set_explain_json(r, NULL, NULL, &json, &null_err), "tousu_rule_set_explain_json",
                   "complaint");
    CHECK_NULL_ARG(tousu_rule_set_explain_json(r, complaint, NULL, NULL, &null_err), "tousu_rule_set_explain_json",
                   "out");
    CHECK_NULL_ARG(tousu_rule_set_explain_text(NULL, complaint, NULL, &json, &null_err),
                   "tousu_rule_set_explain_text", "rules");
    CHECK_NULL_ARG(tousu_rule_set_explain_text(r, NULL, NULL, &json, &null_err), "tousu_rule_set_explain_text",
                   "complaint");
    CHECK_NULL_ARG(tousu_rule_set_explain_text(r, complaint, NULL, NULL, &null_err), "tousu_rule_set_explain_text",
                   "out");
    CHECK_NULL_ARG(tousu_rule_set_route_many(NULL, complaints, NULL, 1, many, &failed, &null_err),
                   "tousu_rule_set_route_many", "rules");
    CHECK_NULL_ARG(tousu_rule_set_route_many_json(NULL, complaints, NULL, 1, &json, &failed, &null_err),
                   "tousu_rule_set_route_many_json", "rules");
    CHECK_NULL_ARG(tousu_rule_set_route_many_by_complainant(NULL, complaints, keys, NULL, 1, many, &failed, &null_err),
                   "tousu_rule_set_route_many_by_complainant", "rules");
    CHECK_NULL_ARG(tousu_rule_set_route_many_json(r, complaints, NULL, 1, NULL, &failed, &null_err),
                   "tousu_rule_set_route_many_json", "out");
    CHECK_NULL_ARG(tousu_directory_from_toml(NULL, &dir_out, &null_err), "tousu_directory_from_toml", "toml");
    CHECK_NULL_ARG(tousu_directory_from_toml("", NULL, &null_err), "tousu_directory_from_toml", "out");
    CHECK_NULL_ARG(tousu_directory_from_json(NULL, &dir_out, &null_err), "tousu_directory_from_json", "json");
    CHECK_NULL_ARG(tousu_directory_from_json("", NULL, &null_err), "tousu_directory_from_json", "out");
    CHECK_NULL_ARG(tousu_directory_assign_json(NULL, r, complaint, NULL, &json, &null_err),
                   "tousu_directory_assign_json", "directory");
    CHECK_NULL_ARG(tousu_directory_assign_json(staff, NULL, complaint, NULL, &json, &null_err),
                   "tousu_directory_assign_json", "rules");
    CHECK_NULL_ARG(tousu_directory_assign_json(staff, r, NULL, NULL, &json, &null_err),
                   "tousu_directory_assign_json", "complaint");
    CHECK_NULL_ARG(tousu_directory_assign_json(staff, r, complaint, NULL, NULL, &null_err),
                   "tousu_directory_assign_json", "out");
    CHECK_NULL_ARG(tousu_directory_assign(NULL, r, complaint, NULL, &assignment_out, &null_err),
                   "tousu_directory_assign", "directory");
    CHECK_NULL_ARG(tousu_directory_assign(staff, NULL, complaint, NULL, &assignment_out, &null_err),
                   "tousu_directory_assign", "rules");
    CHECK_NULL_ARG(tousu_directory_assign(staff, r, NULL, NULL, &assignment_out, &null_err),
                   "tousu_directory_assign", "complaint");
    CHECK_NULL_ARG(tousu_directory_assign(staff, r, complaint, NULL, NULL, &null_err), "tousu_directory_assign",
                   "out");
    /* Handles are checked before the out-parameter, in argument order. */
    CHECK_NULL_ARG(tousu_directory_assign(NULL, r, complaint, NULL, NULL, &null_err), "tousu_directory_assign",
                   "directory");
    CHECK_NULL_ARG(tousu_directory_assign_decision(NULL, r, complaint, &d, &assignment_out, &null_err),
                   "tousu_directory_assign_decision", "directory");
    CHECK_NULL_ARG(tousu_directory_assign_decision(staff, NULL, complaint, &d, &assignment_out, &null_err),
                   "tousu_directory_assign_decision", "rules");
    CHECK_NULL_ARG(tousu_directory_assign_decision(staff, r, NULL, &d, &assignment_out, &null_err),
                   "tousu_directory_assign_decision", "complaint");
    CHECK_NULL_ARG(tousu_directory_assign_decision(staff, r, complaint, NULL, &assignment_out, &null_err),
                   "tousu_directory_assign_decision", "decision");
    CHECK_NULL_ARG(tousu_directory_assign_decision(staff, r, complaint, &d, NULL, &null_err),
                   "tousu_directory_assign_decision", "out");
    /* NULL arrays with a length: named with the length. */
    CHECK_STATUS(tousu_rule_set_route_many(r, NULL, NULL, 1, many, &failed, NULL), TOUSU_STATUS_NULL_ARGUMENT);
    CHECK_STATUS(tousu_rule_set_route_many(r, complaints, NULL, 1, NULL, &failed, NULL), TOUSU_STATUS_NULL_ARGUMENT);
    CHECK_STATUS(tousu_rule_set_route_many_json(r, NULL, NULL, 1, &json, &failed, NULL), TOUSU_STATUS_NULL_ARGUMENT);
    CHECK_STATUS(tousu_rule_set_route_many_by_complainant(r, NULL, keys, NULL, 1, many, &failed, NULL),
                 TOUSU_STATUS_NULL_ARGUMENT);
    CHECK_STATUS(tousu_rule_set_route_many_by_complainant(r, complaints, NULL, NULL, 1, many, &failed, NULL),
                 TOUSU_STATUS_NULL_ARGUMENT);
    CHECK_STATUS(tousu_rule_set_route_many_by_complainant(r, complaints, keys, NULL, 1, NULL, &failed, NULL),
                 TOUSU_STATUS_NULL_ARGUMENT);
    CHECK(tax_out == SENTINEL && rules_out == SENTINEL && dir_out == SENTINEL && json == SENTINEL &&
          assignment_out == SENTINEL);
    CHECK(d.matched_count == 777 && many[0].matched_count == 777 && failed == 777);
    /* Accessors answer NULL or 0 for NULL handles. */
    CHECK(tousu_taxonomy_id(NULL) == NULL && tousu_taxonomy_version(NULL) == 0);
    CHECK(tousu_taxonomy_category_count(NULL) == 0 && tousu_taxonomy_category_code(NULL, 0) == NULL);
    CHECK(tousu_rule_set_id(NULL) == NULL && tousu_rule_set_version(NULL) == 0);
    CHECK(tousu_rule_set_hit_policy(NULL) == 0 && tousu_rule_set_rule_count(NULL) == 0);
    CHECK(tousu_rule_set_rule_id(NULL, 0) == NULL && tousu_rule_set_warning_count(NULL) == 0);
    CHECK(tousu_rule_set_warning(NULL, 0) == NULL);
    CHECK(tousu_directory_id(NULL) == NULL && tousu_directory_person_count(NULL) == 0);
    CHECK(tousu_assignment_role(NULL) == NULL && tousu_assignment_handler_count(NULL) == 0);
    CHECK(tousu_assignment_recused_count(NULL) == 0 && tousu_assignment_recused(NULL, 0) == NULL);
    CHECK(tousu_hit_policy_name(0) == NULL && tousu_handling_level_name(3) == NULL);
    tousu_directory_free(staff);
    tousu_rule_set_free(r);
    tousu_taxonomy_free(t);
    tousu_complaint_free(complaint);
}

static void test_invalid_utf8_in_routing_texts(void) {
    tousu_taxonomy *t = NULL, *tax_out = SENTINEL;
    tousu_rule_set *rules_out = SENTINEL;
    tousu_directory *dir_out = SENTINEL;
    CHECK_STATUS(tousu_taxonomy_default(&t, NULL), TOUSU_STATUS_OK);
    CHECK_BAD_UTF8(tousu_taxonomy_from_toml("id = \"\xff\"", NULL, &tax_out, &utf8_err), "toml");
    CHECK_BAD_UTF8(tousu_taxonomy_from_toml("", "\xfe.toml", &tax_out, &utf8_err), "file_name");
    CHECK_BAD_UTF8(tousu_rule_set_from_toml("id = \"\xff\"", NULL, t, &rules_out, &utf8_err), "toml");
    CHECK_BAD_UTF8(tousu_rule_set_from_toml("", "\xfe.toml", t, &rules_out, &utf8_err), "file_name");
    CHECK_BAD_UTF8(tousu_directory_from_toml("id = \"\xff\"", &dir_out, &utf8_err), "toml");
    CHECK_BAD_UTF8(tousu_directory_from_json("\"\xff\"", &dir_out, &utf8_err), "json");
    CHECK(tax_out == SENTINEL && rules_out == SENTINEL && dir_out == SENTINEL);
    tousu_taxonomy_free(t);
}

/* A NULL argument without an error out-parameter: the status alone. */
static void test_null_argument_without_err(void) {
    CHECK_STATUS(tousu_complaint_from_json(NULL, NULL, NULL), TOUSU_STATUS_NULL_ARGUMENT);
    CHECK_STATUS(tousu_case_apply_json(NULL, NULL, NULL), TOUSU_STATUS_NULL_ARGUMENT);
    CHECK_STATUS(tousu_case_stage(NULL, NULL, NULL), TOUSU_STATUS_NULL_ARGUMENT);
}

/* The first NULL argument in order is the one named. */
static void test_first_null_argument_is_named(void) {
    CHECK_NULL_ARG(tousu_case_register(NULL, NULL, NULL, &null_err), "tousu_case_register", "complaint");
    CHECK_NULL_ARG(tousu_policy_deadlines(NULL, NULL, NULL, 0, NULL, NULL, &null_err), "tousu_policy_deadlines",
                   "policy");
    CHECK_NULL_ARG(tousu_policy_deadlines_many(NULL, NULL, 1, NULL, 0, NULL, NULL, &null_err),
                   "tousu_policy_deadlines_many", "policy");
}

static void test_error_accessors_accept_null(void) {
    CHECK_STATUS(tousu_error_status(NULL), TOUSU_STATUS_NULL_ARGUMENT);
    CHECK(tousu_error_message(NULL) == NULL);
    CHECK(tousu_error_field_count(NULL) == 0);
    CHECK(tousu_error_field_path(NULL, 0) == NULL);
    CHECK(tousu_error_field_problem(NULL, 0) == NULL);
    CHECK(tousu_error_rule(NULL) == NULL);
    CHECK(tousu_error_event_index(NULL) == -1);
}

/* Fails by crashing, or by valgrind reporting an invalid free. */
static void test_free_null_is_a_no_op(void) {
    tousu_complaint_free(NULL);
    tousu_case_free(NULL);
    tousu_error_free(NULL);
    tousu_string_free(NULL);
    tousu_policy_free(NULL);
    tousu_deadlines_free(NULL, 0);
    tousu_deadlines_free(NULL, 6);
    tousu_taxonomy_free(NULL);
    tousu_rule_set_free(NULL);
    tousu_directory_free(NULL);
    tousu_assignment_free(NULL);
}

static void test_invalid_utf8_is_refused_for_every_string_argument(void) {
    static const char bad_complaint[] = "{\"id\": \"\xff\xfe\"}";
    static const char bad_event[] = "{\"at\": \"2024-06-03T10:10:00+08:00\", \"actor\": \"S\xc3\", "
                                    "\"action\": {\"registered\": {}}}";
    tousu_complaint *complaint_out = SENTINEL;
    tousu_case *case_out = SENTINEL;
    size_t count = 0;
    tousu_complaint *complaint = a_complaint();
    tousu_case *c = a_case(complaint);
    tousu_rule_set *rules = NULL;
    const tousu_complaint *complaints[1];
    const char *keys[1] = {"\xff"};
    tousu_decision many[1];
    CHECK(c != NULL);
    complaints[0] = complaint;
    many[0].matched_count = 777;
    CHECK_STATUS(tousu_rule_set_default(&rules, NULL), TOUSU_STATUS_OK);
    CHECK_BAD_UTF8(tousu_rule_set_route_many_by_complainant(rules, complaints, keys, NULL, 1, many, NULL, &utf8_err),
                   "complainants[0]");
    tousu_rule_set_free(rules);
    CHECK(many[0].matched_count == 777);
    CHECK_BAD_UTF8(tousu_complaint_from_json(bad_complaint, &complaint_out, &utf8_err), "json");
    CHECK_BAD_UTF8(tousu_case_register(complaint, bad_event, &case_out, &utf8_err), "registration_event_json");
    CHECK_BAD_UTF8(tousu_case_from_json(bad_complaint, &case_out, &utf8_err), "json");
    CHECK_BAD_UTF8(tousu_case_apply_json(c, bad_event, &utf8_err), "event_json");
    CHECK(complaint_out == SENTINEL);
    CHECK(case_out == SENTINEL);
    CHECK_STATUS(tousu_case_event_count(c, &count, NULL), TOUSU_STATUS_OK);
    CHECK(count == 1);
    tousu_case_free(c);
    tousu_complaint_free(complaint);
}

/* The message says where the bad byte is. */
static void test_invalid_utf8_message_names_the_byte(void) {
    tousu_complaint *out = NULL;
    tousu_error *err = NULL;
    CHECK_STATUS(tousu_complaint_from_json("{\"id\": \"\xff\"}", &out, &err), TOUSU_STATUS_INVALID_UTF8);
    CHECK_STR(tousu_error_message(err),
              "tousu_complaint_from_json: argument `json` is not valid UTF-8: invalid byte 0xff at offset 8");
    CHECK(tousu_error_field_count(err) == 0);
    tousu_error_free(err);
}

/* Failures other than misuse also leave the outputs as they were. */
static void test_outputs_untouched_on_failure(void) {
    tousu_complaint *complaint_out = SENTINEL;
    tousu_case *case_out = SENTINEL;
    tousu_complaint *complaint = a_complaint();
    CHECK(complaint != NULL);
    CHECK_STATUS(tousu_complaint_from_json("[]", &complaint_out, NULL), TOUSU_STATUS_MALFORMED_JSON);
    CHECK_STATUS(tousu_complaint_from_json("{\"id\": \"x\", \"channel\": \"phone\", \"received_at\": "
                                           "\"2024-06-03T10:00:00+08:00\"}",
                                           &complaint_out, NULL),
                 TOUSU_STATUS_INVALID_COMPLAINT);
    CHECK_STATUS(tousu_case_register(complaint, ASSIGNED, &case_out, NULL), TOUSU_STATUS_REGISTRATION_OUT_OF_PLACE);
    CHECK_STATUS(tousu_case_from_json("{\"schema_version\": 9, \"complaint\": {}, \"events\": []}", &case_out, NULL),
                 TOUSU_STATUS_UNSUPPORTED_SCHEMA_VERSION);
    CHECK(complaint_out == SENTINEL);
    CHECK(case_out == SENTINEL);
    tousu_complaint_free(complaint);
}

/* On success *err is not written: a variable holding anything keeps it. */
static void test_err_untouched_on_success(void) {
    tousu_error *err = SENTINEL;
    tousu_complaint *complaint = NULL;
    tousu_case *c = NULL, *copy = NULL;
    char *json = NULL;
    tousu_stage stage = 0;
    size_t count = 0;
    CHECK_STATUS(tousu_complaint_from_json(COMPLAINT, &complaint, &err), TOUSU_STATUS_OK);
    CHECK_STATUS(tousu_complaint_to_json(complaint, &json, &err), TOUSU_STATUS_OK);
    tousu_string_free(json);
    CHECK_STATUS(tousu_case_register(complaint, REGISTERED, &c, &err), TOUSU_STATUS_OK);
    CHECK_STATUS(tousu_case_apply_json(c, ASSIGNED, &err), TOUSU_STATUS_OK);
    CHECK_STATUS(tousu_case_stage(c, &stage, &err), TOUSU_STATUS_OK);
    CHECK_STATUS(tousu_case_event_count(c, &count, &err), TOUSU_STATUS_OK);
    CHECK_STATUS(tousu_case_state_json(c, &json, &err), TOUSU_STATUS_OK);
    tousu_string_free(json);
    CHECK_STATUS(tousu_case_to_json(c, &json, &err), TOUSU_STATUS_OK);
    CHECK_STATUS(tousu_case_from_json(json, &copy, &err), TOUSU_STATUS_OK);
    tousu_string_free(json);
    CHECK(err == SENTINEL);
    CHECK(stage == TOUSU_STAGE_IN_HANDLING);
    CHECK(count == 2);
    tousu_case_free(copy);
    tousu_case_free(c);
    tousu_complaint_free(complaint);
}

/* Each failed call with an err makes a new error object; each is freed on its own. */
static void test_each_failure_makes_its_own_error(void) {
    tousu_error *first = NULL, *second = NULL;
    tousu_complaint *out = NULL;
    CHECK_STATUS(tousu_complaint_from_json("{", &out, &first), TOUSU_STATUS_MALFORMED_JSON);
    CHECK_STATUS(tousu_complaint_from_json(NULL, &out, &second), TOUSU_STATUS_NULL_ARGUMENT);
    CHECK(first != NULL && second != NULL && first != second);
    CHECK_STATUS(tousu_error_status(first), TOUSU_STATUS_MALFORMED_JSON);
    tousu_error_free(first);
    CHECK_STATUS(tousu_error_status(second), TOUSU_STATUS_NULL_ARGUMENT);
    tousu_error_free(second);
}

int main(void) {
    RUN(test_null_arguments_of_complaint_functions);
    RUN(test_null_arguments_of_case_functions);
    RUN(test_null_arguments_of_policy_and_deadline_functions);
    RUN(test_null_arguments_of_routing_functions);
    RUN(test_invalid_utf8_in_routing_texts);
    RUN(test_null_argument_without_err);
    RUN(test_first_null_argument_is_named);
    RUN(test_error_accessors_accept_null);
    RUN(test_free_null_is_a_no_op);
    RUN(test_invalid_utf8_is_refused_for_every_string_argument);
    RUN(test_invalid_utf8_message_names_the_byte);
    RUN(test_outputs_untouched_on_failure);
    RUN(test_err_untouched_on_success);
    RUN(test_each_failure_makes_its_own_error);
    return harness_report();
}
