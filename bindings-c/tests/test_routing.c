/*
 * Routing through the C ABI: taxonomies, rule sets (the default procedure and TOML with every
 * kind of load error), decisions typed and as JSON (they must agree), many complaints at once,
 * contexts, explanations, and assignment from a staff directory.
 *
 * Expected decisions come from core/data/rules/README.md (the seed's procedure, rule by rule),
 * worked out by hand.
 */
#include <stdint.h>
#include <stdlib.h>

#include "harness.h"

/* The complaint of tests/testdata/routing.toml's `base`, without the fields the tests vary
 * (channel, branch, category, ...): each complaint below ends it with its own. */
#define COMPLAINT_HEAD                                                                                  \
    "{\"id\": \"SZ-2024-0101\", \"complainant\": {\"name\": \"王建国\", \"contact\": {\"phone\": "       \
    "\"13800138000\"}, \"securities_account\": \"0123456789\"}, \"receiver\": \"SZFT011\", "            \
    "\"received_at\": \"2024-03-01T09:30:00+08:00\", \"matter\": \"佣金收取异常\", \"facts\": "       \
    "{\"account\": \"二月佣金高于约定费率\"}, \"demand\": \"退还多收佣金\", "

static const char ORDINARY[] = COMPLAINT_HEAD
    "\"channel\": \"phone\", \"branch\": \"深圳福田营业部\", \"category\": \"fees.commission\"}";
static const char FORWARDED[] = COMPLAINT_HEAD
    "\"channel\": {\"regulator_forwarded\": {\"body\": \"中国证监会深圳监管局\", \"reference\": "
    "\"深证监投诉〔2024〕17号\", \"forwarded_on\": \"2024-02-29\"}}, \"branch\": \"深圳福田营业部\", "
    "\"category\": \"fees.commission\"}";
static const char SERIOUS[] = COMPLAINT_HEAD
    "\"channel\": \"phone\", \"branch\": \"深圳福田营业部\", \"category\": \"system.failure\", "
    "\"severity\": \"serious_incident\"}";
static const char HEAD_OFFICE[] = COMPLAINT_HEAD
    "\"channel\": \"phone\", \"branch\": \"总部经纪业务管理部\", \"category\": \"fees.commission\", "
    "\"respondent\": {\"branch\": \"深圳福田营业部\"}}";
static const char ABOUT_SZFT002[] = COMPLAINT_HEAD
    "\"channel\": \"phone\", \"branch\": \"深圳福田营业部\", \"category\": \"fees.commission\", "
    "\"respondent\": {\"person\": \"SZFT002\"}}";
/* A category the default taxonomy does not have. */
static const char UNKNOWN_CATEGORY[] = COMPLAINT_HEAD
    "\"channel\": \"phone\", \"branch\": \"深圳福田营业部\", \"category\": \"fees.hidden_charges\"}";

static tousu_complaint *complaint_of(const char *json) {
    tousu_complaint *c = NULL;
    tousu_error *err = NULL;
    if (tousu_complaint_from_json(json, &c, &err) != TOUSU_STATUS_OK) {
        fprintf(stderr, "complaint: %s\n", tousu_error_message(err));
        tousu_error_free(err);
    }
    return c;
}

/* The file index of rule `id`, or SIZE_MAX. */
static size_t rule_index(const tousu_rule_set *rules, const char *id) {
    size_t i;
    for (i = 0; i < tousu_rule_set_rule_count(rules); i++) {
        if (strcmp(tousu_rule_set_rule_id(rules, i), id) == 0) {
            return i;
        }
    }
    return SIZE_MAX;
}

static int matched(const tousu_decision *d, size_t i) {
    return i < TOUSU_MAX_RULES && (d->matched[i / 64] >> (i % 64) & 1) != 0;
}

/* --- taxonomies ------------------------------------------------------------------------- */

static void test_default_taxonomy(void) {
    tousu_taxonomy *t = NULL;
    size_t i, n;
    int has_commission = 0;
    CHECK_STATUS(tousu_taxonomy_default(&t, NULL), TOUSU_STATUS_OK);
    CHECK_STR(tousu_taxonomy_id(t), "cn.securities");
    CHECK(tousu_taxonomy_version(t) >= 1);
    n = tousu_taxonomy_category_count(t);
    CHECK(n > 20);
    for (i = 0; i < n; i++) {
        has_commission |= strcmp(tousu_taxonomy_category_code(t, i), "fees.commission") == 0;
    }
    CHECK(has_commission);
    CHECK(tousu_taxonomy_category_code(t, n) == NULL);
    tousu_taxonomy_free(t);
}

static void test_taxonomy_from_toml(void) {
    static const char good[] = "[taxonomy]\nid = \"acme\"\nversion = 3\nname = \"Acme\"\n\n"
                               "[[category]]\ncode = \"fees\"\nlabel = \"Fees\"\nlabel_zh = \"费用\"\n\n"
                               "[[category]]\ncode = \"fees.commission\"\nlabel = \"Commission\"\nlabel_zh = \"佣金\"\n";
    static const char orphan[] = "[taxonomy]\nid = \"acme\"\nversion = 3\nname = \"Acme\"\n\n"
                                 "[[category]]\ncode = \"fees.commission\"\nlabel = \"Commission\"\nlabel_zh = \"佣金\"\n";
    tousu_taxonomy *t = NULL, *out = (tousu_taxonomy *)&t;
    tousu_error *err = NULL;
    CHECK_STATUS(tousu_taxonomy_from_toml(good, "acme.toml", &t, &err), TOUSU_STATUS_OK);
    CHECK_STR(tousu_taxonomy_id(t), "acme");
    CHECK(tousu_taxonomy_version(t) == 3 && tousu_taxonomy_category_count(t) == 2);
    CHECK_STR(tousu_taxonomy_category_code(t, 1), "fees.commission");
    tousu_taxonomy_free(t);
    CHECK_STATUS(tousu_taxonomy_from_toml(orphan, "acme.toml", &out, &err), TOUSU_STATUS_INVALID_TAXONOMY);
    CHECK(out == (tousu_taxonomy *)&t);
    CHECK_CONTAINS(tousu_error_message(err), "acme.toml");
    CHECK_CONTAINS(tousu_error_message(err), "line 7");
    tousu_error_free(err);
    err = NULL;
    CHECK_STATUS(tousu_taxonomy_from_toml("[taxonomy\n", NULL, &out, &err), TOUSU_STATUS_TAXONOMY_SYNTAX);
    CHECK_CONTAINS(tousu_error_message(err), "line 1 column");
    tousu_error_free(err);
}

/* --- rule sets: loading ----------------------------------------------------------------- */

static void test_default_rule_set(void) {
    tousu_rule_set *rules = NULL;
    CHECK_STATUS(tousu_rule_set_default(&rules, NULL), TOUSU_STATUS_OK);
    CHECK_STR(tousu_rule_set_id(rules), "cn.seed");
    CHECK(tousu_rule_set_version(rules) >= 1);
    CHECK(tousu_rule_set_hit_policy(rules) == TOUSU_HIT_POLICY_COLLECT_ALL);
    CHECK_STR(tousu_hit_policy_name(tousu_rule_set_hit_policy(rules)), "collect_all");
    /* The ten rules of core/data/rules/README.md. */
    CHECK(tousu_rule_set_rule_count(rules) == 10);
    CHECK(rule_index(rules, "regulator_forwarded") != SIZE_MAX);
    CHECK(rule_index(rules, "branch_operations_supervisor") != SIZE_MAX);
    CHECK(rule_index(rules, "head_office_takes_complaints_about_branches") != SIZE_MAX);
    CHECK(tousu_rule_set_rule_id(rules, 10) == NULL);
    /* It has a catch-all: no warning that complaints go unrouted. */
    CHECK(tousu_rule_set_warning_count(rules) == 0);
    CHECK(tousu_rule_set_warning(rules, 0) == NULL);
    tousu_rule_set_free(rules);
}

#define HEADER                                                                                     \
    "[rule_set]\nid = \"test.rules\"\nversion = 1\nname = \"Test\"\ntaxonomy = \"cn.securities\"\n" \
    "hit_policy = \"first_match\"\n\n[roles.supervisor]\nlabel = \"Supervisor\"\nlevel = \"branch\"\n\n"
/* HEADER is 11 lines: the first [[rule]] is on line 12. */

/* Loads `toml` against the default taxonomy; the rule set must not be built, `*out` must stay. */
static tousu_status refuse(const char *toml, tousu_error **err) {
    tousu_taxonomy *t = NULL;
    tousu_rule_set *out = (tousu_rule_set *)&t;
    tousu_status status;
    if (tousu_taxonomy_default(&t, NULL) != TOUSU_STATUS_OK) {
        return TOUSU_STATUS_INTERNAL;
    }
    status = tousu_rule_set_from_toml(toml, "acme.toml", t, &out, err);
    if (out != (tousu_rule_set *)&t) {
        fprintf(stderr, "a refused rule set was written to *out\n");
        tousu_rule_set_free(out);
        status = TOUSU_STATUS_INTERNAL;
    }
    tousu_taxonomy_free(t);
    return status;
}

static void test_rule_set_from_toml(void) {
    static const char toml[] = HEADER "[[rule]]\nid = \"big\"\npriority = 10\n"
                                      "when = { amount = { at_least = 5000000 } }\n"
                                      "then = { handler = \"supervisor\", obligations = [\"written_reply\"] }\n\n"
                                      "[[rule]]\nid = \"rest\"\nthen = { handler = \"supervisor\" }\n";
    tousu_taxonomy *t = NULL;
    tousu_rule_set *rules = NULL;
    CHECK_STATUS(tousu_taxonomy_default(&t, NULL), TOUSU_STATUS_OK);
    CHECK_STATUS(tousu_rule_set_from_toml(toml, NULL, t, &rules, NULL), TOUSU_STATUS_OK);
    /* The rule set keeps what it needs of the taxonomy. */
    tousu_taxonomy_free(t);
    CHECK_STR(tousu_rule_set_id(rules), "test.rules");
    CHECK(tousu_rule_set_hit_policy(rules) == TOUSU_HIT_POLICY_FIRST_MATCH);
    CHECK(tousu_rule_set_rule_count(rules) == 2);
    CHECK_STR(tousu_rule_set_rule_id(rules, 0), "big");
    CHECK_STR(tousu_rule_set_rule_id(rules, 1), "rest");
    tousu_rule_set_free(rules);
}

static void test_unknown_category_is_refused_with_rule_and_line(void) {
    tousu_error *err = NULL;
    CHECK_STATUS(refuse(HEADER "[[rule]]\nid = \"fees\"\nwhen = { category = \"fees.hidden\" }\n"
                               "then = { handler = \"supervisor\" }\n",
                        &err),
                 TOUSU_STATUS_UNKNOWN_CATEGORY);
    CHECK_STATUS(tousu_error_status(err), TOUSU_STATUS_UNKNOWN_CATEGORY);
    CHECK_CONTAINS(tousu_error_message(err), "rule set test.rules (acme.toml)");
    CHECK_CONTAINS(tousu_error_message(err), "line 14");
    CHECK_CONTAINS(tousu_error_message(err), "`fees`");
    CHECK_CONTAINS(tousu_error_message(err), "fees.hidden");
    tousu_error_free(err);
}

static void test_duplicate_rule_id_is_refused(void) {
    tousu_error *err = NULL;
    CHECK_STATUS(refuse(HEADER "[[rule]]\nid = \"a\"\nwhen = { severity = \"major\" }\n"
                               "then = { handler = \"supervisor\" }\n\n"
                               "[[rule]]\nid = \"a\"\nthen = { handler = \"supervisor\" }\n",
                        &err),
                 TOUSU_STATUS_INVALID_RULE);
    CHECK_CONTAINS(tousu_error_message(err), "`a`");
    CHECK_CONTAINS(tousu_error_message(err), "line 18");
    tousu_error_free(err);
}

static void test_string_compared_with_a_number_is_a_type_error(void) {
    tousu_error *err = NULL;
    CHECK_STATUS(refuse(HEADER "[[rule]]\nid = \"big\"\nwhen = { amount = { at_least = \"5000000\" } }\n"
                               "then = { handler = \"supervisor\" }\n",
                        &err),
                 TOUSU_STATUS_RULE_SET_SYNTAX);
    CHECK_CONTAINS(tousu_error_message(err), "line 14 column");
    CHECK_CONTAINS(tousu_error_message(err), "`big`");
    CHECK_CONTAINS(tousu_error_message(err), "at_least");
    tousu_error_free(err);
}

static void test_unreachable_rule_is_refused(void) {
    tousu_error *err = NULL;
    CHECK_STATUS(refuse(HEADER "[[rule]]\nid = \"everything\"\nthen = { handler = \"supervisor\" }\n\n"
                               "[[rule]]\nid = \"never\"\nwhen = { severity = \"major\" }\n"
                               "then = { handler = \"supervisor\" }\n",
                        &err),
                 TOUSU_STATUS_UNREACHABLE_RULE);
    CHECK_CONTAINS(tousu_error_message(err), "`never`");
    CHECK_CONTAINS(tousu_error_message(err), "line 17"); /* the id of `never` */
    CHECK_CONTAINS(tousu_error_message(err), "everything");
    tousu_error_free(err);
}

static void test_malformed_toml_names_line_and_column(void) {
    tousu_error *err = NULL;
    CHECK_STATUS(refuse(HEADER "[[rule]]\nid = \"open\nthen = { handler = \"supervisor\" }\n", &err),
                 TOUSU_STATUS_RULE_SET_SYNTAX);
    CHECK_CONTAINS(tousu_error_message(err), "line 13 column");
    tousu_error_free(err);
}

/* A rule set without a catch-all loads, with a warning; a complaint no rule matches is routed
 * to nothing, not refused. */
static void test_no_catch_all_warns_and_leaves_complaints_unrouted(void) {
    static const char toml[] = HEADER "[[rule]]\nid = \"major\"\nwhen = { severity = \"major\" }\n"
                                      "then = { handler = \"supervisor\" }\n";
    tousu_taxonomy *t = NULL;
    tousu_rule_set *rules = NULL;
    tousu_complaint *c = complaint_of(ORDINARY);
    tousu_decision d;
    char *json = NULL;
    CHECK(c != NULL);
    CHECK_STATUS(tousu_taxonomy_default(&t, NULL), TOUSU_STATUS_OK);
    CHECK_STATUS(tousu_rule_set_from_toml(toml, NULL, t, &rules, NULL), TOUSU_STATUS_OK);
    tousu_taxonomy_free(t);
    CHECK(tousu_rule_set_warning_count(rules) == 1);
    CHECK_CONTAINS(tousu_rule_set_warning(rules, 0), "match no rule");
    CHECK_STATUS(tousu_rule_set_route(rules, c, NULL, &d, NULL), TOUSU_STATUS_OK);
    CHECK(!d.routed && d.matched_count == 0 && d.deciding_rule == SIZE_MAX);
    CHECK(d.handler == NULL && d.policy == NULL && d.level == TOUSU_HANDLING_LEVEL_UNSET && d.obligations == 0);
    CHECK(d.matched[0] == 0 && d.matched[1] == 0 && d.matched[2] == 0 && d.matched[3] == 0);
    CHECK_STATUS(tousu_rule_set_route_json(rules, c, NULL, &json, NULL), TOUSU_STATUS_OK);
    CHECK_CONTAINS(json, "\"matched\":[]");
    tousu_string_free(json);
    tousu_complaint_free(c);
    tousu_rule_set_free(rules);
}

/* --- routing ------------------------------------------------------------------------------ */

static void test_ordinary_complaint_goes_to_the_operations_supervisor(void) {
    tousu_rule_set *rules = NULL;
    tousu_complaint *c = complaint_of(ORDINARY);
    tousu_decision d;
    CHECK(c != NULL);
    CHECK_STATUS(tousu_rule_set_default(&rules, NULL), TOUSU_STATUS_OK);
    CHECK_STATUS(tousu_rule_set_route(rules, c, NULL, &d, NULL), TOUSU_STATUS_OK);
    CHECK(d.routed);
    CHECK_STR(d.handler, "operations_supervisor");
    CHECK(d.level == TOUSU_HANDLING_LEVEL_BRANCH);
    CHECK_STR(d.policy, "cn.branch");
    CHECK(d.department == NULL && d.escalate_to == NULL);
    CHECK(d.obligations == TOUSU_OBLIGATION_PROGRESS_UPDATES);
    CHECK(d.matched_count == 1);
    CHECK(d.deciding_rule == rule_index(rules, "branch_operations_supervisor"));
    CHECK(matched(&d, d.deciding_rule));
    tousu_complaint_free(c);
    tousu_rule_set_free(rules);
}

static void test_serious_incident_merges_two_rules(void) {
    tousu_rule_set *rules = NULL;
    tousu_complaint *c = complaint_of(SERIOUS);
    tousu_decision d;
    CHECK(c != NULL);
    CHECK_STATUS(tousu_rule_set_default(&rules, NULL), TOUSU_STATUS_OK);
    CHECK_STATUS(tousu_rule_set_route(rules, c, NULL, &d, NULL), TOUSU_STATUS_OK);
    /* serious_incident (90) sets handler, level, escalation; the catch-all (0) the policy. */
    CHECK_STR(d.handler, "branch_general_manager");
    CHECK_STR(d.escalate_to, "general_manager");
    CHECK_STR(d.policy, "cn.branch");
    CHECK(d.obligations == (TOUSU_OBLIGATION_INCIDENT_INVESTIGATION | TOUSU_OBLIGATION_MANAGEMENT_MEETING |
                            TOUSU_OBLIGATION_WRITTEN_REPLY | TOUSU_OBLIGATION_PROGRESS_UPDATES));
    CHECK(d.matched_count == 2);
    CHECK(d.deciding_rule == rule_index(rules, "serious_incident"));
    CHECK(matched(&d, rule_index(rules, "branch_operations_supervisor")));
    CHECK(!matched(&d, rule_index(rules, "regulator_forwarded")));
    tousu_complaint_free(c);
    tousu_rule_set_free(rules);
}

/* `json` holds `"key":value` for every action of the typed decision (serde writes no spaces). */
static int json_says(const char *json, const char *key, const char *value) {
    char fragment[512];
    if (value == NULL) {
        snprintf(fragment, sizeof fragment, "\"%s\":null", key);
    } else {
        snprintf(fragment, sizeof fragment, "\"%s\":\"%s\"", key, value);
    }
    if (strstr(json, fragment) == NULL) {
        fprintf(stderr, "  %s lacks %s\n", json, fragment);
        return 0;
    }
    return 1;
}

/* The typed decision and the JSON form say the same. */
static int agree(const tousu_rule_set *rules, const tousu_decision *d, const char *json) {
    char obligations[512] = "\"obligations\":[";
    size_t i;
    uint32_t bit;
    int first = 1, ok;
    for (bit = 1; bit != 0 && bit <= TOUSU_OBLIGATION_PROGRESS_UPDATES; bit <<= 1) {
        if (d->obligations & bit) {
            strcat(obligations, first ? "\"" : ",\"");
            strcat(obligations, tousu_obligation_name(bit));
            strcat(obligations, "\"");
            first = 0;
        }
    }
    strcat(obligations, "]");
    ok = json_says(json, "handler", d->handler) && json_says(json, "department", d->department) &&
         json_says(json, "level", d->level == TOUSU_HANDLING_LEVEL_UNSET ? NULL : tousu_handling_level_name(d->level)) &&
         json_says(json, "policy", d->policy) && json_says(json, "escalate_to", d->escalate_to) &&
         strstr(json, obligations) != NULL;
    for (i = 0; ok && i < tousu_rule_set_rule_count(rules); i++) {
        char quoted[256];
        snprintf(quoted, sizeof quoted, "\"%s\"", tousu_rule_set_rule_id(rules, i));
        /* Every matched rule is in "matched"; the unmatched ones are nowhere in the JSON. */
        ok = matched(d, i) == (strstr(json, quoted) != NULL);
    }
    return ok;
}

static void test_typed_and_json_forms_agree(void) {
    const char *complaints[] = {ORDINARY, FORWARDED, SERIOUS, HEAD_OFFICE, ABOUT_SZFT002};
    tousu_rule_set *rules = NULL;
    size_t i;
    CHECK_STATUS(tousu_rule_set_default(&rules, NULL), TOUSU_STATUS_OK);
    for (i = 0; i < sizeof complaints / sizeof complaints[0]; i++) {
        tousu_complaint *c = complaint_of(complaints[i]);
        tousu_decision d;
        char *json = NULL;
        int ok;
        CHECK(c != NULL);
        ok = tousu_rule_set_route(rules, c, NULL, &d, NULL) == TOUSU_STATUS_OK &&
             tousu_rule_set_route_json(rules, c, NULL, &json, NULL) == TOUSU_STATUS_OK && agree(rules, &d, json);
        tousu_string_free(json);
        tousu_complaint_free(c);
        CHECK(ok);
    }
    tousu_rule_set_free(rules);
}

static void test_head_office_takes_a_complaint_about_a_branch(void) {
    tousu_rule_set *rules = NULL;
    tousu_complaint *c = complaint_of(HEAD_OFFICE);
    tousu_decision d;
    CHECK(c != NULL);
    CHECK_STATUS(tousu_rule_set_default(&rules, NULL), TOUSU_STATUS_OK);
    CHECK_STATUS(tousu_rule_set_route(rules, c, NULL, &d, NULL), TOUSU_STATUS_OK);
    CHECK_STR(d.handler, "head_office_brokerage");
    CHECK(d.level == TOUSU_HANDLING_LEVEL_HEAD_OFFICE);
    CHECK_STR(tousu_handling_level_name(d.level), "head_office");
    CHECK_STR(d.policy, "cn.firm");
    tousu_complaint_free(c);
    tousu_rule_set_free(rules);
}

static void test_unknown_category_leaves_the_decision_untouched(void) {
    tousu_rule_set *rules = NULL;
    tousu_complaint *c = complaint_of(UNKNOWN_CATEGORY);
    tousu_decision d;
    char *json = (char *)&d;
    tousu_error *err = NULL;
    memset(&d, 0xab, sizeof d);
    CHECK(c != NULL);
    CHECK_STATUS(tousu_rule_set_default(&rules, NULL), TOUSU_STATUS_OK);
    CHECK_STATUS(tousu_rule_set_route(rules, c, NULL, &d, &err), TOUSU_STATUS_UNKNOWN_CATEGORY);
    CHECK_CONTAINS(tousu_error_message(err), "fees.hidden_charges");
    CHECK_CONTAINS(tousu_error_message(err), "SZ-2024-0101");
    tousu_error_free(err);
    CHECK(d.matched_count == (size_t)0xabababababababab || sizeof(size_t) != 8);
    CHECK_STATUS(tousu_rule_set_route_json(rules, c, NULL, &json, NULL), TOUSU_STATUS_UNKNOWN_CATEGORY);
    CHECK(json == (char *)&d);
    tousu_complaint_free(c);
    tousu_rule_set_free(rules);
}

/* --- contexts ----------------------------------------------------------------------------- */

static const char SCREENING[] = HEADER
    "[roles.compliance]\nlabel = \"Compliance\"\nlevel = \"head_office\"\n\n"
    "[[rule]]\nid = \"repeat_complainant\"\npriority = 10\n"
    "when = { earlier_complaints = { at_least = 2, within_days = 90 } }\n"
    "then = { handler = \"compliance\", level = \"head_office\", policy = \"cn.firm\" }\n\n"
    "[[rule]]\nid = \"new_client\"\nwhen = { complainant = \"new_client\" }\n"
    "then = { handler = \"supervisor\", obligations = [\"progress_updates\"] }\n\n"
    "[[rule]]\nid = \"rest\"\nthen = { handler = \"supervisor\", policy = \"cn.branch\" }\n";

static tousu_rule_set *screening(void) {
    tousu_taxonomy *t = NULL;
    tousu_rule_set *rules = NULL;
    tousu_error *err = NULL;
    tousu_taxonomy_default(&t, NULL);
    if (tousu_rule_set_from_toml(SCREENING, "screening.toml", t, &rules, &err) != TOUSU_STATUS_OK) {
        fprintf(stderr, "screening: %s\n", tousu_error_message(err));
        tousu_error_free(err);
    }
    tousu_taxonomy_free(t);
    return rules;
}

static void test_context_earlier_complaints_and_attributes(void) {
    tousu_rule_set *rules = screening();
    tousu_complaint *c = complaint_of(ORDINARY);
    int32_t days[2];
    tousu_routing_context ctx;
    tousu_decision d;
    CHECK(rules != NULL && c != NULL);
    /* Received 2024-03-01: 2023-12-02 is 90 days back, inside the window; 2023-12-01 is not. */
    CHECK_STATUS(tousu_date_from_ymd(2023, 12, 2, &days[0], NULL), TOUSU_STATUS_OK);
    CHECK_STATUS(tousu_date_from_ymd(2024, 2, 20, &days[1], NULL), TOUSU_STATUS_OK);
    ctx.earlier_complaints = days;
    ctx.earlier_complaint_count = 2;
    ctx.attributes = 0;
    CHECK_STATUS(tousu_rule_set_route(rules, c, &ctx, &d, NULL), TOUSU_STATUS_OK);
    CHECK_STR(tousu_rule_set_rule_id(rules, d.deciding_rule), "repeat_complainant");
    CHECK_STR(d.handler, "compliance");
    CHECK(d.level == TOUSU_HANDLING_LEVEL_HEAD_OFFICE);
    days[0] -= 1;
    ctx.attributes = TOUSU_ATTRIBUTE_NEW_CLIENT;
    CHECK_STATUS(tousu_rule_set_route(rules, c, &ctx, &d, NULL), TOUSU_STATUS_OK);
    CHECK_STR(tousu_rule_set_rule_id(rules, d.deciding_rule), "new_client");
    CHECK(d.obligations == TOUSU_OBLIGATION_PROGRESS_UPDATES && d.policy == NULL);
    CHECK(d.matched_count == 1);
    /* No context at all: the catch-all. */
    CHECK_STATUS(tousu_rule_set_route(rules, c, NULL, &d, NULL), TOUSU_STATUS_OK);
    CHECK_STR(tousu_rule_set_rule_id(rules, d.deciding_rule), "rest");
    tousu_complaint_free(c);
    tousu_rule_set_free(rules);
}

static void test_bad_contexts_are_refused(void) {
    tousu_rule_set *rules = screening();
    tousu_complaint *c = complaint_of(ORDINARY);
    int32_t days[1] = {INT32_MAX};
    tousu_routing_context ctx = {NULL, 1, 0};
    tousu_decision d;
    tousu_error *err = NULL;
    d.matched_count = 777;
    CHECK(rules != NULL && c != NULL);
    CHECK_STATUS(tousu_rule_set_route(rules, c, &ctx, &d, &err), TOUSU_STATUS_NULL_ARGUMENT);
    CHECK_CONTAINS(tousu_error_message(err), "context->earlier_complaints");
    tousu_error_free(err);
    err = NULL;
    ctx.earlier_complaints = days;
    CHECK_STATUS(tousu_rule_set_route(rules, c, &ctx, &d, &err), TOUSU_STATUS_INVALID_TIMESTAMP);
    CHECK_CONTAINS(tousu_error_message(err), "earlier_complaints[0]");
    tousu_error_free(err);
    err = NULL;
    ctx.earlier_complaint_count = 0;
    ctx.attributes = 1u << 20;
    CHECK_STATUS(tousu_rule_set_route(rules, c, &ctx, &d, &err), TOUSU_STATUS_UNKNOWN_VARIANT);
    CHECK_CONTAINS(tousu_error_message(err), "0x100000");
    tousu_error_free(err);
    CHECK(d.matched_count == 777);
    tousu_complaint_free(c);
    tousu_rule_set_free(rules);
}

/* --- many complaints ------------------------------------------------------------------------ */

#define MANY 5

static void test_route_many_equals_one_by_one(void) {
    const char *texts[MANY] = {ORDINARY, FORWARDED, SERIOUS, HEAD_OFFICE, ABOUT_SZFT002};
    tousu_complaint *complaints[MANY];
    tousu_decision many[MANY], one;
    tousu_rule_set *rules = NULL;
    char *lines = NULL;
    size_t i, newlines = 0;
    const char *p;
    int same = 1;
    CHECK_STATUS(tousu_rule_set_default(&rules, NULL), TOUSU_STATUS_OK);
    for (i = 0; i < MANY; i++) {
        complaints[i] = complaint_of(texts[i]);
    }
    CHECK_STATUS(tousu_rule_set_route_many(rules, (const tousu_complaint *const *)complaints, NULL, MANY, many, NULL,
                                           NULL),
                 TOUSU_STATUS_OK);
    CHECK_STATUS(tousu_rule_set_route_many_json(rules, (const tousu_complaint *const *)complaints, NULL, MANY, &lines,
                                                NULL, NULL),
                 TOUSU_STATUS_OK);
    for (p = lines; *p; p++) {
        newlines += *p == '\n';
    }
    for (i = 0; i < MANY; i++) {
        char *json = NULL;
        same = same && tousu_rule_set_route(rules, complaints[i], NULL, &one, NULL) == TOUSU_STATUS_OK &&
               one.handler == many[i].handler && one.department == many[i].department &&
               one.level == many[i].level && one.policy == many[i].policy &&
               one.escalate_to == many[i].escalate_to && one.obligations == many[i].obligations &&
               one.matched_count == many[i].matched_count && one.deciding_rule == many[i].deciding_rule &&
               memcmp(one.matched, many[i].matched, sizeof one.matched) == 0 &&
               tousu_rule_set_route_json(rules, complaints[i], NULL, &json, NULL) == TOUSU_STATUS_OK &&
               strstr(lines, json) != NULL;
        tousu_string_free(json);
        tousu_complaint_free(complaints[i]);
    }
    tousu_string_free(lines);
    tousu_rule_set_free(rules);
    CHECK(same);
    CHECK(newlines == MANY);
}

static void test_route_many_fails_whole_and_names_the_element(void) {
    const char *texts[MANY] = {ORDINARY, FORWARDED, UNKNOWN_CATEGORY, SERIOUS, ORDINARY};
    tousu_complaint *complaints[MANY];
    tousu_decision out[MANY];
    unsigned char before[sizeof out];
    tousu_rule_set *rules = NULL;
    tousu_error *err = NULL, *json_err = NULL, *alone = NULL;
    tousu_decision one;
    char *lines = (char *)before;
    size_t i, failed = 777, json_failed = 777;
    tousu_status status, json_status, alone_status;
    memset(out, 0x5a, sizeof out);
    memcpy(before, out, sizeof out);
    CHECK_STATUS(tousu_rule_set_default(&rules, NULL), TOUSU_STATUS_OK);
    for (i = 0; i < MANY; i++) {
        complaints[i] = complaint_of(texts[i]);
    }
    status = tousu_rule_set_route_many(rules, (const tousu_complaint *const *)complaints, NULL, MANY, out, &failed,
                                       &err);
    json_status = tousu_rule_set_route_many_json(rules, (const tousu_complaint *const *)complaints, NULL, MANY,
                                                 &lines, &json_failed, &json_err);
    alone_status = tousu_rule_set_route(rules, complaints[2], NULL, &one, &alone);
    for (i = 0; i < MANY; i++) {
        tousu_complaint_free(complaints[i]);
    }
    tousu_rule_set_free(rules);
    CHECK_STATUS(status, TOUSU_STATUS_UNKNOWN_CATEGORY);
    CHECK_STATUS(json_status, TOUSU_STATUS_UNKNOWN_CATEGORY);
    CHECK_STATUS(alone_status, TOUSU_STATUS_UNKNOWN_CATEGORY);
    CHECK(failed == 2 && json_failed == 2);
    /* The index first, then all that routing that complaint alone says: its id and category,
     * with the same status and next level (none for an unknown category). */
    CHECK_STARTS_WITH(tousu_error_message(err), "element 2: complaint SZ-2024-0101: ");
    CHECK_CONTAINS(tousu_error_message(err), "category `fees.hidden_charges` is not in taxonomy cn.securities");
    CHECK_ELEMENT_ERROR(err, 2, alone);
    CHECK_ELEMENT_ERROR(json_err, 2, alone);
    CHECK(tousu_error_next_level(err) == NULL);
    tousu_error_free(err);
    tousu_error_free(json_err);
    tousu_error_free(alone);
    CHECK(memcmp(before, out, sizeof out) == 0);
    CHECK(lines == (char *)before);
}

static void test_route_many_with_contexts_and_a_null_element(void) {
    tousu_rule_set *rules = screening();
    tousu_complaint *c = complaint_of(ORDINARY);
    const tousu_complaint *complaints[3];
    tousu_routing_context contexts[3] = {{NULL, 0, 0}, {NULL, 0, TOUSU_ATTRIBUTE_NEW_CLIENT}, {NULL, 0, 0}};
    tousu_decision out[3];
    tousu_error *err = NULL, *alone = NULL;
    size_t failed = 777;
    CHECK(rules != NULL && c != NULL);
    complaints[0] = complaints[1] = complaints[2] = c;
    CHECK_STATUS(tousu_rule_set_route_many(rules, complaints, contexts, 3, out, &failed, NULL), TOUSU_STATUS_OK);
    CHECK(failed == 777);
    CHECK_STR(tousu_rule_set_rule_id(rules, out[0].deciding_rule), "rest");
    CHECK_STR(tousu_rule_set_rule_id(rules, out[1].deciding_rule), "new_client");
    CHECK_STR(tousu_rule_set_rule_id(rules, out[2].deciding_rule), "rest");
    complaints[1] = NULL;
    CHECK_STATUS(tousu_rule_set_route_many(rules, complaints, contexts, 3, out, &failed, &err),
                 TOUSU_STATUS_NULL_ARGUMENT);
    CHECK(failed == 1);
    CHECK_STR(tousu_error_message(err), "element 1: tousu_rule_set_route_many: argument `complaints[1]` is NULL");
    CHECK(tousu_error_status(err) == TOUSU_STATUS_NULL_ARGUMENT);
    tousu_error_free(err);
    err = NULL;
    /* A bad context fails its element as tousu_rule_set_route fails on it. */
    complaints[1] = c;
    contexts[2].attributes = 1u << 20;
    failed = 777;
    CHECK_STATUS(tousu_rule_set_route_many(rules, complaints, contexts, 3, out, &failed, &err),
                 TOUSU_STATUS_UNKNOWN_VARIANT);
    CHECK(failed == 2);
    CHECK_STARTS_WITH(tousu_error_message(err), "element 2: context->attributes: 0x100000");
    CHECK_STATUS(tousu_rule_set_route(rules, c, &contexts[2], &out[0], &alone), TOUSU_STATUS_UNKNOWN_VARIANT);
    CHECK_ELEMENT_ERROR(err, 2, alone);
    tousu_error_free(err);
    tousu_error_free(alone);
    /* Nothing to route: NULL arrays are fine. */
    CHECK_STATUS(tousu_rule_set_route_many(rules, NULL, NULL, 0, NULL, NULL, NULL), TOUSU_STATUS_OK);
    tousu_complaint_free(c);
    tousu_rule_set_free(rules);
}

/* --- many complaints, earlier complaints counted by complainant ------------------------------- */

/* Each rule counts earlier complaints in its own window and, under collect_all, adds its own
 * obligation: a decision shows which counts held. */
static const char COUNTING[] =
    "[rule_set]\nid = \"test.counting\"\nversion = 1\nname = \"Counting\"\ntaxonomy = \"cn.securities\"\n"
    "hit_policy = \"collect_all\"\n\n[roles.supervisor]\nlabel = \"Supervisor\"\nlevel = \"branch\"\n\n"
    "[[rule]]\nid = \"within_a_day\"\nwhen = { earlier_complaints = { at_least = 1, within_days = 1 } }\n"
    "then = { obligations = [\"progress_updates\"] }\n\n"
    "[[rule]]\nid = \"two_in_90_days\"\nwhen = { earlier_complaints = { at_least = 2, within_days = 90 } }\n"
    "then = { obligations = [\"written_reply\"] }\n\n"
    "[[rule]]\nid = \"three_in_10_days\"\nwhen = { earlier_complaints = { at_least = 3, within_days = 10 } }\n"
    "then = { obligations = [\"management_meeting\"] }\n\n"
    "[[rule]]\nid = \"new_client\"\nwhen = { complainant = \"new_client\" }\n"
    "then = { obligations = [\"liaison_form\"] }\n\n"
    "[[rule]]\nid = \"rest\"\nthen = { handler = \"supervisor\", policy = \"cn.branch\" }\n";

#define PU TOUSU_OBLIGATION_PROGRESS_UPDATES  /* within_a_day: one the same or the day before */
#define WR TOUSU_OBLIGATION_WRITTEN_REPLY     /* two_in_90_days */
#define MM TOUSU_OBLIGATION_MANAGEMENT_MEETING /* three_in_10_days */
#define LF TOUSU_OBLIGATION_LIAISON_FORM      /* new_client, from the context */

/* A batch in no order: complainants "A" and "B", "a" (not "A"), unknown ones (NULL, ""), three
 * of A's at one instant in two offsets, local days that are not the UTC day. The expected
 * obligations are worked out by hand: complaint i's earlier complaints are those of its key at a
 * strictly earlier instant, each on its local day; a rule counts those from its window's first
 * day to the complaint's own local day. */
#define BATCH 17
static const struct {
    const char *key;
    const char *received_at;
    uint32_t attributes;
    uint32_t obligations;
} BATCH_ROWS[BATCH] = {
    /* 01:00Z. Earlier: 9, 10, 2 (2023-08-01, 02-28, 03-01); 4 and 5 are at this instant. A day
     * from 03-09: none; 90 days from 2023-12-11: 02-28, 03-01 (2); 10 days from 02-29 (a leap
     * year): 03-01 (1). */
    {"A", "2024-03-10T09:00:00+08:00", 0, WR},
    /* 11 is at this instant: none. */
    {"B", "2024-03-05T10:00:00+08:00", 0, 0},
    /* Earlier: 9, 10 (2023-08-01, 02-28: 10's local day; its UTC day 02-29 would be within a
     * day): 1 in 90 days. */
    {"A", "2024-03-01T09:00:00+08:00", 0, 0},
    /* No key: none, whatever shares its day. */
    {NULL, "2024-03-09T08:00:00+08:00", TOUSU_ATTRIBUTE_NEW_CLIENT, LF},
    /* As 0: the same instant. */
    {"A", "2024-03-10T09:00:00+08:00", 0, WR},
    /* As 0: the same instant (01:00Z) in another offset, local day 03-10 too. */
    {"A", "2024-03-10T02:00:00+01:00", 0, WR},
    /* "" is no key: none (not 3's, not 13's complainant). */
    {"", "2024-03-09T09:00:00+08:00", 0, 0},
    /* 04:30Z on 03-10, local day 03-09. Earlier: 9, 10, 2, 0, 4, 5; the three of 03-10 lie after
     * its local day, so none within a day (its UTC day would have them); 90 days: 02-28, 03-01
     * (2); 10 days from 02-28: 02-28, 03-01 (2). */
    {"A", "2024-03-09T23:30:00-05:00", TOUSU_ATTRIBUTE_NEW_CLIENT, WR | LF},
    /* 16:00Z on 03-05, local day 03-06. Earlier: 1 and 11 (03-05, 03-05): 2 within a day. */
    {"B", "2024-03-06T01:00:00+09:00", 0, PU | WR},
    /* The first of A's: none. */
    {"A", "2023-08-01T09:00:00+08:00", 0, 0},
    /* 04:00Z on 02-29, local day 02-28. Earlier: 9 (2023-08-01), outside 90 days. */
    {"A", "2024-02-28T20:00:00-08:00", 0, 0},
    /* As 1: the same instant. */
    {"B", "2024-03-05T10:00:00+08:00", 0, 0},
    /* 15:00Z on 03-10, local day 03-10. Earlier: 9, 10, 2, 0, 4, 5, 7: within a day 0, 4, 5, 7;
     * 90 days: all but 9; 10 days from 02-29: 2, 0, 4, 5, 7. */
    {"A", "2024-03-10T23:00:00+08:00", 0, PU | WR | MM},
    /* "" is no key: none (6 is an hour earlier). */
    {"", "2024-03-09T10:00:00+08:00", 0, 0},
    /* "a" is not "A": none. */
    {"a", "2024-03-10T23:30:00+08:00", 0, 0},
    /* Half a second apart, out of order: 15 is received after 16, within a day of it. */
    {"C", "2024-03-11T09:00:00.75+08:00", 0, PU},
    {"C", "2024-03-11T09:00:00.25+08:00", 0, 0},
};

/* Complaint `i` of the batch: an ordinary complaint received at its row's instant. */
static tousu_complaint *batch_complaint(size_t i) {
    char json[1024];
    snprintf(json, sizeof json,
             "{\"id\": \"SZ-2024-%04u\", \"complainant\": {\"name\": \"王建国\", \"contact\": {\"phone\": "
             "\"13800138000\"}}, \"receiver\": \"SZFT011\", \"received_at\": \"%s\", \"matter\": "
             "\"佣金收取异常\", \"facts\": {\"account\": \"二月佣金高于约定费率\"}, \"demand\": \"退还多收佣金\", "
             "\"channel\": \"phone\", \"branch\": \"深圳福田营业部\", \"category\": \"fees.commission\"}",
             (unsigned)i, BATCH_ROWS[i].received_at);
    return complaint_of(json);
}

/* An RFC 3339 time with an offset, read here without the library: its local day (days since
 * 1970-01-01) and its instant (milliseconds since the epoch). */
static int read_time(const char *text, int32_t *day, long long *instant) {
    int y, mo, d, h, mi, oh, om;
    double s;
    char sign;
    if (sscanf(text, "%d-%d-%dT%d:%d:%lf%c%d:%d", &y, &mo, &d, &h, &mi, &s, &sign, &oh, &om) != 9 ||
        tousu_date_from_ymd(y, (uint32_t)mo, (uint32_t)d, day, NULL) != TOUSU_STATUS_OK) {
        return 0;
    }
    *instant = ((long long)*day * 86400 + h * 3600 + mi * 60 - (sign == '-' ? -1 : 1) * (oh * 3600 + om * 60)) * 1000 +
               (long long)(s * 1000 + 0.5);
    return 1;
}

static int same_decision(const tousu_decision *a, const tousu_decision *b) {
    return a->routed == b->routed && a->handler == b->handler && a->department == b->department &&
           a->level == b->level && a->policy == b->policy && a->escalate_to == b->escalate_to &&
           a->obligations == b->obligations && a->matched_count == b->matched_count &&
           a->deciding_rule == b->deciding_rule && memcmp(a->matched, b->matched, sizeof a->matched) == 0;
}

static tousu_rule_set *counting(void) {
    tousu_taxonomy *t = NULL;
    tousu_rule_set *rules = NULL;
    tousu_error *err = NULL;
    tousu_taxonomy_default(&t, NULL);
    if (tousu_rule_set_from_toml(COUNTING, "counting.toml", t, &rules, &err) != TOUSU_STATUS_OK) {
        fprintf(stderr, "counting: %s\n", tousu_error_message(err));
        tousu_error_free(err);
    }
    tousu_taxonomy_free(t);
    return rules;
}

/* The batch routed by complainant equals route_many with each complaint's earlier complaints
 * counted here, pair by pair, and gives the obligations worked out by hand. */
static void test_route_many_by_complainant_counts_the_batch(void) {
    tousu_rule_set *rules = counting();
    tousu_complaint *complaints[BATCH];
    const char *keys[BATCH];
    tousu_routing_context attributes[BATCH], counted[BATCH];
    int32_t days[BATCH], earlier[BATCH][BATCH];
    long long instants[BATCH];
    tousu_decision by_complainant[BATCH], expected[BATCH];
    size_t i, j, failed = 777;
    int built = 1, read = 1;
    tousu_status status, expected_status;
    CHECK(rules != NULL);
    for (i = 0; i < BATCH; i++) {
        complaints[i] = batch_complaint(i);
        built = built && complaints[i] != NULL;
        keys[i] = BATCH_ROWS[i].key;
        read = read && read_time(BATCH_ROWS[i].received_at, &days[i], &instants[i]);
        attributes[i].earlier_complaints = NULL;
        attributes[i].earlier_complaint_count = 0;
        attributes[i].attributes = BATCH_ROWS[i].attributes;
    }
    /* The definition: the days of the other complaints of the same non-empty key received at a
     * strictly earlier instant. */
    for (i = 0; i < BATCH; i++) {
        counted[i] = attributes[i];
        counted[i].earlier_complaints = earlier[i];
        for (j = 0; j < BATCH; j++) {
            if (keys[i] != NULL && keys[i][0] != '\0' && keys[j] != NULL && strcmp(keys[i], keys[j]) == 0 &&
                instants[j] < instants[i]) {
                earlier[i][counted[i].earlier_complaint_count++] = days[j];
            }
        }
    }
    status = tousu_rule_set_route_many_by_complainant(rules, (const tousu_complaint *const *)complaints, keys,
                                                      attributes, BATCH, by_complainant, &failed, NULL);
    expected_status = tousu_rule_set_route_many(rules, (const tousu_complaint *const *)complaints, counted, BATCH,
                                                expected, NULL, NULL);
    for (i = 0; i < BATCH; i++) {
        tousu_complaint_free(complaints[i]);
    }
    CHECK(built && read);
    /* The hand count above agrees: 12 has 7 earlier complaints, 0 has 3. */
    CHECK(counted[12].earlier_complaint_count == 7 && counted[0].earlier_complaint_count == 3);
    CHECK(counted[1].earlier_complaint_count == 0 && counted[13].earlier_complaint_count == 0);
    CHECK_STATUS(status, TOUSU_STATUS_OK);
    CHECK_STATUS(expected_status, TOUSU_STATUS_OK);
    CHECK(failed == 777);
    for (i = 0; i < BATCH; i++) {
        if (!same_decision(&by_complainant[i], &expected[i]) || by_complainant[i].obligations != BATCH_ROWS[i].obligations) {
            fprintf(stderr, "  complaint %zu: obligations 0x%x, counted here 0x%x, by hand 0x%x\n", i,
                    (unsigned)by_complainant[i].obligations, (unsigned)expected[i].obligations,
                    (unsigned)BATCH_ROWS[i].obligations);
            harness_current_failed = 1;
        }
        CHECK_STR(by_complainant[i].handler, "supervisor");
    }
    CHECK(!harness_current_failed);
    /* Without contexts: the same, less the attributes. */
    for (i = 0; i < BATCH; i++) {
        complaints[i] = batch_complaint(i);
    }
    status = tousu_rule_set_route_many_by_complainant(rules, (const tousu_complaint *const *)complaints, keys, NULL,
                                                      BATCH, by_complainant, NULL, NULL);
    for (i = 0; i < BATCH; i++) {
        tousu_complaint_free(complaints[i]);
    }
    tousu_rule_set_free(rules);
    CHECK_STATUS(status, TOUSU_STATUS_OK);
    for (i = 0; i < BATCH; i++) {
        CHECK(by_complainant[i].obligations == (BATCH_ROWS[i].obligations & ~(uint32_t)LF));
    }
}

/* A rule set that counts no earlier complaints routes the batch as route_many does. */
static void test_route_many_by_complainant_without_counting_rules(void) {
    tousu_rule_set *rules = NULL;
    tousu_complaint *complaints[BATCH];
    const char *keys[BATCH];
    tousu_decision by_complainant[BATCH], plain[BATCH];
    size_t i;
    tousu_status status, plain_status;
    int built = 1;
    CHECK_STATUS(tousu_rule_set_default(&rules, NULL), TOUSU_STATUS_OK);
    for (i = 0; i < BATCH; i++) {
        complaints[i] = batch_complaint(i);
        built = built && complaints[i] != NULL;
        keys[i] = BATCH_ROWS[i].key;
    }
    status = tousu_rule_set_route_many_by_complainant(rules, (const tousu_complaint *const *)complaints, keys, NULL,
                                                      BATCH, by_complainant, NULL, NULL);
    plain_status = tousu_rule_set_route_many(rules, (const tousu_complaint *const *)complaints, NULL, BATCH, plain,
                                             NULL, NULL);
    for (i = 0; i < BATCH; i++) {
        tousu_complaint_free(complaints[i]);
    }
    CHECK(built);
    CHECK_STATUS(status, TOUSU_STATUS_OK);
    CHECK_STATUS(plain_status, TOUSU_STATUS_OK);
    for (i = 0; i < BATCH; i++) {
        CHECK(same_decision(&by_complainant[i], &plain[i]));
        /* The decision's strings belong to the rule set: read before it is freed. */
        CHECK_STR(by_complainant[i].handler, "operations_supervisor");
    }
    tousu_rule_set_free(rules);
}

/* Every failure names its element (the first in index order), leaves `out` as it was byte for
 * byte, and a failure of the whole call leaves `*failed_index` alone. */
static void test_route_many_by_complainant_failures(void) {
    tousu_rule_set *rules = counting();
    tousu_complaint *ordinary = complaint_of(ORDINARY), *unknown = complaint_of(UNKNOWN_CATEGORY);
    const tousu_complaint *complaints[4];
    const char *keys[4] = {"A", "A", NULL, "A"};
    int32_t day = 19000;
    tousu_routing_context contexts[4] = {{NULL, 0, 0}, {NULL, 0, 0}, {NULL, 0, 0}, {NULL, 0, 0}};
    tousu_decision out[4];
    unsigned char before[sizeof out];
    tousu_error *err = NULL, *alone = NULL;
    size_t failed = 777;
    CHECK(rules != NULL && ordinary != NULL && unknown != NULL);
    complaints[0] = complaints[1] = complaints[2] = complaints[3] = ordinary;
    memset(out, 0x5a, sizeof out);
    memcpy(before, out, sizeof out);
    /* No complainants for a batch. */
    CHECK_STATUS(tousu_rule_set_route_many_by_complainant(rules, complaints, NULL, contexts, 4, out, &failed, &err),
                 TOUSU_STATUS_NULL_ARGUMENT);
    CHECK_STR(tousu_error_message(err),
              "tousu_rule_set_route_many_by_complainant: argument `complainants` is NULL but len is 4");
    CHECK(failed == 777);
    tousu_error_free(err);
    err = NULL;
    /* A NULL complaint. */
    complaints[2] = NULL;
    CHECK_STATUS(tousu_rule_set_route_many_by_complainant(rules, complaints, keys, contexts, 4, out, &failed, &err),
                 TOUSU_STATUS_NULL_ARGUMENT);
    CHECK(failed == 2);
    CHECK_STR(tousu_error_message(err),
              "element 2: tousu_rule_set_route_many_by_complainant: argument `complaints[2]` is NULL");
    tousu_error_free(err);
    err = NULL;
    /* An unknown category before it fails first, as tousu_rule_set_route fails on it alone. */
    complaints[1] = unknown;
    CHECK_STATUS(tousu_rule_set_route_many_by_complainant(rules, complaints, keys, contexts, 4, out, &failed, &err),
                 TOUSU_STATUS_UNKNOWN_CATEGORY);
    CHECK(failed == 1);
    CHECK_STATUS(tousu_rule_set_route(rules, unknown, NULL, &out[0], &alone), TOUSU_STATUS_UNKNOWN_CATEGORY);
    CHECK_ELEMENT_ERROR(err, 1, alone);
    tousu_error_free(err);
    tousu_error_free(alone);
    err = NULL;
    /* A context that lists earlier complaints too: refused, not merged with the batch's. */
    complaints[1] = complaints[2] = ordinary;
    contexts[3].earlier_complaints = &day;
    contexts[3].earlier_complaint_count = 1;
    CHECK_STATUS(tousu_rule_set_route_many_by_complainant(rules, complaints, keys, contexts, 4, out, &failed, &err),
                 TOUSU_STATUS_INVALID_ARGUMENT);
    CHECK(tousu_error_status(err) == 9002);
    CHECK(failed == 3);
    CHECK_STARTS_WITH(tousu_error_message(err),
                      "element 3: tousu_rule_set_route_many_by_complainant: `contexts[3].earlier_complaints` ");
    tousu_error_free(err);
    err = NULL;
    /* A bad attribute bit fails its element as in tousu_rule_set_route_many. */
    contexts[3].earlier_complaint_count = 0;
    contexts[0].attributes = 1u << 20;
    CHECK_STATUS(tousu_rule_set_route_many_by_complainant(rules, complaints, keys, contexts, 4, out, &failed, &err),
                 TOUSU_STATUS_UNKNOWN_VARIANT);
    CHECK(failed == 0);
    CHECK_STARTS_WITH(tousu_error_message(err), "element 0: context->attributes: 0x100000");
    tousu_error_free(err);
    err = NULL;
    /* A key that is not UTF-8. */
    contexts[0].attributes = 0;
    keys[1] = "\xff";
    CHECK_STATUS(tousu_rule_set_route_many_by_complainant(rules, complaints, keys, contexts, 4, out, &failed, &err),
                 TOUSU_STATUS_INVALID_UTF8);
    CHECK(failed == 1);
    CHECK_STARTS_WITH(tousu_error_message(err), "element 1: tousu_rule_set_route_many_by_complainant: argument "
                                                "`complainants[1]` is not valid UTF-8");
    tousu_error_free(err);
    CHECK(memcmp(before, out, sizeof out) == 0);
    /* Fixed, the batch routes (a context with a day pointer but count 0 lists nothing); nothing
     * to route: NULL arrays are fine. */
    keys[1] = "A";
    CHECK_STATUS(tousu_rule_set_route_many_by_complainant(rules, complaints, keys, contexts, 4, out, NULL, NULL),
                 TOUSU_STATUS_OK);
    CHECK_STATUS(tousu_rule_set_route_many_by_complainant(rules, NULL, NULL, NULL, 0, NULL, NULL, NULL),
                 TOUSU_STATUS_OK);
    tousu_complaint_free(ordinary);
    tousu_complaint_free(unknown);
    tousu_rule_set_free(rules);
}

/* --- explanations ----------------------------------------------------------------------- */

static void test_explanations(void) {
    tousu_rule_set *rules = NULL;
    tousu_complaint *c = complaint_of(FORWARDED);
    char *text = NULL, *json = NULL;
    CHECK(c != NULL);
    CHECK_STATUS(tousu_rule_set_default(&rules, NULL), TOUSU_STATUS_OK);
    CHECK_STATUS(tousu_rule_set_explain_text(rules, c, NULL, &text, NULL), TOUSU_STATUS_OK);
    CHECK_STATUS(tousu_rule_set_explain_json(rules, c, NULL, &json, NULL), TOUSU_STATUS_OK);
    tousu_complaint_free(c);
    tousu_rule_set_free(rules);
    CHECK_CONTAINS(text, "complaint SZ-2024-0101 routed by cn.seed");
    CHECK_CONTAINS(text, "matched regulator_forwarded");
    CHECK_CONTAINS(text, "matched branch_operations_supervisor");
    CHECK_CONTAINS(text, "regulator_report_back (rule regulator_forwarded)");
    CHECK_CONTAINS(json, "\"decided_by\":\"regulator_forwarded\"");
    CHECK_CONTAINS(json, "\"hit_policy\":\"collect_all\"");
    CHECK_CONTAINS(json, "\"handler\":\"branch_operations_supervisor\"");
    tousu_string_free(text);
    tousu_string_free(json);
}

/* --- assignment --------------------------------------------------------------------------- */

static const char STAFF[] =
    "[directory]\nid = \"sz.staff\"\nversion = 1\nhead_office = \"总部经纪业务管理部\"\n\n"
    "[[person]]\nid = \"SZFT002\"\nname = \"王主管\"\nroles = [\"operations_supervisor\"]\n"
    "office = \"深圳福田营业部\"\n\n"
    "[[person]]\nid = \"SZFT003\"\nname = \"李主管\"\nroles = [\"operations_supervisor\"]\n"
    "office = \"深圳福田营业部\"\navailable = false\n\n"
    "[[person]]\nid = \"SZFT001\"\nname = \"赵总\"\nroles = [\"branch_general_manager\"]\n"
    "office = \"深圳福田营业部\"\n";

static void test_assignment_and_recusal(void) {
    tousu_directory *staff = NULL;
    tousu_rule_set *rules = NULL;
    tousu_complaint *ordinary = complaint_of(ORDINARY), *about = complaint_of(ABOUT_SZFT002);
    char *json = NULL, *untouched = (char *)&json;
    tousu_assignment *a = NULL, *untouched_a = (tousu_assignment *)&a;
    tousu_error *err = NULL, *typed_err = NULL;
    tousu_status status, typed_status;
    CHECK(ordinary != NULL && about != NULL);
    CHECK_STATUS(tousu_directory_from_toml(STAFF, &staff, NULL), TOUSU_STATUS_OK);
    CHECK_STR(tousu_directory_id(staff), "sz.staff");
    CHECK(tousu_directory_person_count(staff) == 3);
    CHECK_STATUS(tousu_rule_set_default(&rules, NULL), TOUSU_STATUS_OK);
    CHECK_STATUS(tousu_directory_assign_json(staff, rules, ordinary, NULL, &json, NULL), TOUSU_STATUS_OK);
    CHECK_CONTAINS(json, "\"handlers\":[\"SZFT002\"]");
    CHECK_CONTAINS(json, "\"role\":\"operations_supervisor\"");
    CHECK_CONTAINS(json, "\"hand_over_needed\":true");
    CHECK_CONTAINS(json, "\"recused\":[{\"person\":\"SZFT003\",\"why\":\"is not available\"}]");
    tousu_string_free(json);
    /* The same, typed. */
    CHECK_STATUS(tousu_directory_assign(staff, rules, ordinary, NULL, &a, NULL), TOUSU_STATUS_OK);
    CHECK_STR(tousu_assignment_role(a), "operations_supervisor");
    CHECK_STR(tousu_assignment_owner(a), "SZFT011");
    CHECK(tousu_assignment_hand_over_needed(a));
    CHECK(tousu_assignment_handler_count(a) == 1);
    CHECK_STR(tousu_assignment_handler(a, 0), "SZFT002");
    CHECK(tousu_assignment_recused_count(a) == 1);
    CHECK_STR(tousu_assignment_recused(a, 0)->person, "SZFT003");
    CHECK(tousu_assignment_recused(a, 0)->reason == TOUSU_RECUSAL_UNAVAILABLE);
    tousu_assignment_free(a);
    /* SZFT002 is complained about and SZFT003 is away: nobody; escalate to the branch GM. */
    status = tousu_directory_assign_json(staff, rules, about, NULL, &untouched, &err);
    typed_status = tousu_directory_assign(staff, rules, about, NULL, &untouched_a, &typed_err);
    tousu_complaint_free(ordinary);
    tousu_complaint_free(about);
    tousu_rule_set_free(rules);
    tousu_directory_free(staff);
    CHECK_STATUS(status, TOUSU_STATUS_NO_ELIGIBLE_HANDLER);
    CHECK_STATUS(typed_status, TOUSU_STATUS_NO_ELIGIBLE_HANDLER);
    CHECK(untouched == (char *)&json && untouched_a == (tousu_assignment *)&a);
    CHECK_STR(tousu_error_next_level(err), "branch_general_manager");
    CHECK_CONTAINS(tousu_error_message(err), "SZFT002 is the person complained about");
    CHECK_CONTAINS(tousu_error_message(err), "escalate to `branch_general_manager`");
    CHECK_STR(tousu_error_message(typed_err), tousu_error_message(err));
    CHECK(harness_same_details(typed_err, err));
    tousu_error_free(err);
    tousu_error_free(typed_err);
}

/* Assigning a decision kept from routing gives what routing within the call gives; a decision
 * another rule set made, or one changed since, is refused, not reinterpreted. */
static void test_assignment_of_a_kept_decision(void) {
    tousu_directory *staff = NULL;
    tousu_rule_set *rules = NULL, *other = NULL;
    tousu_complaint *ordinary = complaint_of(ORDINARY), *about = complaint_of(ABOUT_SZFT002);
    tousu_decision d, foreign, changed;
    tousu_assignment *kept = NULL, *routed = NULL, *untouched = (tousu_assignment *)&kept;
    tousu_error *err = NULL, *within = NULL;
    size_t i;
    CHECK(ordinary != NULL && about != NULL);
    CHECK_STATUS(tousu_directory_from_toml(STAFF, &staff, NULL), TOUSU_STATUS_OK);
    CHECK_STATUS(tousu_rule_set_default(&rules, NULL), TOUSU_STATUS_OK);
    CHECK_STATUS(tousu_rule_set_route(rules, ordinary, NULL, &d, NULL), TOUSU_STATUS_OK);
    CHECK_STATUS(tousu_directory_assign_decision(staff, rules, ordinary, &d, &kept, NULL), TOUSU_STATUS_OK);
    CHECK_STATUS(tousu_directory_assign(staff, rules, ordinary, NULL, &routed, NULL), TOUSU_STATUS_OK);
    CHECK_STR(tousu_assignment_role(kept), tousu_assignment_role(routed));
    CHECK_STR(tousu_assignment_owner(kept), tousu_assignment_owner(routed));
    CHECK(tousu_assignment_handler_count(kept) == tousu_assignment_handler_count(routed));
    for (i = 0; i < tousu_assignment_handler_count(kept); i++)
        CHECK_STR(tousu_assignment_handler(kept, i), tousu_assignment_handler(routed, i));
    CHECK(tousu_assignment_recused_count(kept) == 1 && tousu_assignment_recused_count(routed) == 1);
    CHECK_STR(tousu_assignment_recused(kept, 0)->person, "SZFT003");
    tousu_assignment_free(kept);
    tousu_assignment_free(routed);
    kept = NULL;
    /* Nobody eligible: the same error as routing within the call. */
    CHECK_STATUS(tousu_rule_set_route(rules, about, NULL, &d, NULL), TOUSU_STATUS_OK);
    CHECK_STATUS(tousu_directory_assign_decision(staff, rules, about, &d, &untouched, &err),
                 TOUSU_STATUS_NO_ELIGIBLE_HANDLER);
    CHECK_STATUS(tousu_directory_assign(staff, rules, about, NULL, &untouched, &within),
                 TOUSU_STATUS_NO_ELIGIBLE_HANDLER);
    CHECK(untouched == (tousu_assignment *)&kept);
    CHECK_STR(tousu_error_message(err), tousu_error_message(within));
    CHECK_STR(tousu_error_next_level(err), "branch_general_manager");
    tousu_error_free(err);
    tousu_error_free(within);
    err = NULL;
    /* Another rule set's decision, even of the same rules: its strings are not this one's. */
    CHECK_STATUS(tousu_rule_set_default(&other, NULL), TOUSU_STATUS_OK); /* the same rules, another rule set */
    CHECK_STATUS(tousu_rule_set_route(other, ordinary, NULL, &foreign, NULL), TOUSU_STATUS_OK);
    CHECK_STATUS(tousu_directory_assign_decision(staff, rules, ordinary, &foreign, &untouched, &err),
                 TOUSU_STATUS_INVALID_ARGUMENT);
    CHECK_STARTS_WITH(tousu_error_message(err), "tousu_directory_assign_decision: argument `decision` ");
    tousu_error_free(err);
    err = NULL;
    /* A rule past the last one. */
    CHECK_STATUS(tousu_rule_set_route(rules, ordinary, NULL, &changed, NULL), TOUSU_STATUS_OK);
    changed.matched[3] |= (uint64_t)1 << 63;
    CHECK_STATUS(tousu_directory_assign_decision(staff, rules, ordinary, &changed, &untouched, &err),
                 TOUSU_STATUS_INVALID_ARGUMENT);
    CHECK_CONTAINS(tousu_error_message(err), "names a rule past the rule set's");
    tousu_error_free(err);
    err = NULL;
    /* A handler changed after routing. */
    CHECK_STATUS(tousu_rule_set_route(rules, ordinary, NULL, &changed, NULL), TOUSU_STATUS_OK);
    changed.handler = "branch_general_manager";
    CHECK_STATUS(tousu_directory_assign_decision(staff, rules, ordinary, &changed, &untouched, &err),
                 TOUSU_STATUS_INVALID_ARGUMENT);
    CHECK_CONTAINS(tousu_error_message(err), "is not what this rule set decides");
    tousu_error_free(err);
    err = NULL;
    CHECK_STATUS(tousu_directory_assign_decision(staff, rules, ordinary, NULL, &untouched, &err),
                 TOUSU_STATUS_NULL_ARGUMENT);
    CHECK(untouched == (tousu_assignment *)&kept);
    tousu_error_free(err);
    tousu_rule_set_free(other);
    tousu_rule_set_free(rules);
    tousu_directory_free(staff);
    tousu_complaint_free(ordinary);
    tousu_complaint_free(about);
}

/* Every reason for a holder of the role to step aside, on a rule set whose decision names a
 * department: who recused and why, typed, in directory order, the receiver first among those
 * who may. */
static const char WITH_DEPARTMENT[] = HEADER
    "[[rule]]\nid = \"rest\"\nthen = { handler = \"supervisor\", department = \"运营部\", policy = \"cn.branch\" }\n";

#define SUPERVISOR(id, office, department, extra)                                                       \
    "[[person]]\nid = \"" id "\"\nname = \"" id "\"\nroles = [\"supervisor\"]\noffice = \"" office "\"\n"      \
    "department = \"" department "\"\n" extra "\n"

static const char WIDE_STAFF[] =
    "[directory]\nid = \"sz.wide\"\nversion = 1\nhead_office = \"总部经纪业务管理部\"\n\n"
    SUPERVISOR("SZFT002", "深圳福田营业部", "运营部", "")
    SUPERVISOR("SZFT003", "深圳福田营业部", "运营部", "available = false\n")
    SUPERVISOR("SZFT004", "深圳福田营业部", "运营部", "conflicts = { persons = [\"SZFT002\"] }\n")
    SUPERVISOR("SZFT005", "深圳福田营业部", "运营部", "conflicts = { accounts = [\"0123456789\"] }\n")
    SUPERVISOR("SZFT006", "深圳福田营业部", "运营部", "")
    SUPERVISOR("SZNS001", "深圳南山营业部", "运营部", "")
    SUPERVISOR("SZFT007", "深圳福田营业部", "财富管理部", "")
    SUPERVISOR("SZFT011", "深圳福田营业部", "运营部", "");

static void test_typed_assignment_names_who_recused_and_why(void) {
    static const struct {
        const char *person;
        tousu_recusal reason;
        const char *why;
    } expected[6] = {
        {"SZFT002", TOUSU_RECUSAL_COMPLAINED_ABOUT, "is the person complained about and must recuse (R12)"},
        {"SZFT003", TOUSU_RECUSAL_UNAVAILABLE, "is not available"},
        {"SZFT004", TOUSU_RECUSAL_DECLARED_CONFLICT, "declared a conflict with `SZFT002`, the person complained about"},
        {"SZFT005", TOUSU_RECUSAL_DECLARED_CONFLICT, "declared a conflict with the client's account 0123456789"},
        {"SZNS001", TOUSU_RECUSAL_OTHER_OFFICE, "works in another office"},
        {"SZFT007", TOUSU_RECUSAL_OTHER_DEPARTMENT, "works in another department"},
    };
    tousu_taxonomy *t = NULL;
    tousu_rule_set *rules = NULL;
    tousu_directory *staff = NULL;
    tousu_complaint *about = complaint_of(ABOUT_SZFT002);
    tousu_assignment *a = NULL;
    char *json = NULL;
    size_t i;
    CHECK(about != NULL);
    CHECK_STATUS(tousu_taxonomy_default(&t, NULL), TOUSU_STATUS_OK);
    CHECK_STATUS(tousu_rule_set_from_toml(WITH_DEPARTMENT, NULL, t, &rules, NULL), TOUSU_STATUS_OK);
    tousu_taxonomy_free(t);
    CHECK_STATUS(tousu_directory_from_toml(WIDE_STAFF, &staff, NULL), TOUSU_STATUS_OK);
    CHECK_STATUS(tousu_directory_assign(staff, rules, about, NULL, &a, NULL), TOUSU_STATUS_OK);
    CHECK_STATUS(tousu_directory_assign_json(staff, rules, about, NULL, &json, NULL), TOUSU_STATUS_OK);
    tousu_complaint_free(about);
    tousu_directory_free(staff);
    tousu_rule_set_free(rules);
    /* The assignment owns its strings: it outlives the directory, rule set and complaint. */
    CHECK_STR(tousu_assignment_role(a), "supervisor");
    CHECK_STR(tousu_assignment_office(a), "深圳福田营业部");
    CHECK_STR(tousu_assignment_owner(a), "SZFT011");
    CHECK(!tousu_assignment_hand_over_needed(a));
    CHECK(tousu_assignment_handler_count(a) == 2);
    CHECK_STR(tousu_assignment_handler(a, 0), "SZFT011");
    CHECK_STR(tousu_assignment_handler(a, 1), "SZFT006");
    CHECK(tousu_assignment_handler(a, 2) == NULL);
    CHECK(tousu_assignment_recused_count(a) == 6);
    CHECK(tousu_assignment_recused(a, 6) == NULL);
    CHECK_CONTAINS(json, "\"handlers\":[\"SZFT011\",\"SZFT006\"]");
    for (i = 0; i < 6; i++) {
        const tousu_recused *r = tousu_assignment_recused(a, i);
        char entry[256];
        CHECK(r != NULL);
        CHECK_STR(r->person, expected[i].person);
        CHECK(r->reason == expected[i].reason);
        CHECK_STR(r->why, expected[i].why);
        /* The JSON form says the same. */
        snprintf(entry, sizeof entry, "{\"person\":\"%s\",\"why\":\"%s\"}", r->person, r->why);
        CHECK_CONTAINS(json, entry);
    }
    tousu_string_free(json);
    tousu_assignment_free(a);
    /* NULL: no assignment, nothing to say. */
    CHECK(tousu_assignment_role(NULL) == NULL && tousu_assignment_office(NULL) == NULL &&
          tousu_assignment_owner(NULL) == NULL && !tousu_assignment_hand_over_needed(NULL) &&
          tousu_assignment_handler_count(NULL) == 0 && tousu_assignment_handler(NULL, 0) == NULL &&
          tousu_assignment_recused_count(NULL) == 0 && tousu_assignment_recused(NULL, 0) == NULL);
    tousu_assignment_free(NULL);
}

static void test_bad_directories_are_refused(void) {
    tousu_directory *out = (tousu_directory *)&out;
    tousu_error *err = NULL;
    CHECK_STATUS(tousu_directory_from_toml("[directory]\nid = \"x\"\nversion = 1\nhead_office = \"HQ\"\n\n"
                                           "[[person]]\nid = \"A\"\nname = \"A\"\nroles = []\noffice = \"HQ\"\n",
                                           &out, &err),
                 TOUSU_STATUS_INVALID_DIRECTORY);
    CHECK_CONTAINS(tousu_error_message(err), "holds no role");
    tousu_error_free(err);
    err = NULL;
    CHECK_STATUS(tousu_directory_from_json("{\"directory\": 3}", &out, &err), TOUSU_STATUS_INVALID_DIRECTORY);
    CHECK_CONTAINS(tousu_error_message(err), "line 1 column");
    tousu_error_free(err);
    CHECK(out == (tousu_directory *)&out);
    CHECK(tousu_error_next_level(NULL) == NULL);
}

int main(void) {
    RUN(test_default_taxonomy);
    RUN(test_taxonomy_from_toml);
    RUN(test_default_rule_set);
    RUN(test_rule_set_from_toml);
    RUN(test_unknown_category_is_refused_with_rule_and_line);
    RUN(test_duplicate_rule_id_is_refused);
    RUN(test_string_compared_with_a_number_is_a_type_error);
    RUN(test_unreachable_rule_is_refused);
    RUN(test_malformed_toml_names_line_and_column);
    RUN(test_no_catch_all_warns_and_leaves_complaints_unrouted);
    RUN(test_ordinary_complaint_goes_to_the_operations_supervisor);
    RUN(test_serious_incident_merges_two_rules);
    RUN(test_typed_and_json_forms_agree);
    RUN(test_head_office_takes_a_complaint_about_a_branch);
    RUN(test_unknown_category_leaves_the_decision_untouched);
    RUN(test_context_earlier_complaints_and_attributes);
    RUN(test_bad_contexts_are_refused);
    RUN(test_route_many_equals_one_by_one);
    RUN(test_route_many_fails_whole_and_names_the_element);
    RUN(test_route_many_with_contexts_and_a_null_element);
    RUN(test_route_many_by_complainant_counts_the_batch);
    RUN(test_route_many_by_complainant_without_counting_rules);
    RUN(test_route_many_by_complainant_failures);
    RUN(test_explanations);
    RUN(test_assignment_and_recusal);
    RUN(test_typed_assignment_names_who_recused_and_why);
    RUN(test_assignment_of_a_kept_decision);
    RUN(test_bad_directories_are_refused);
    return harness_report();
}
