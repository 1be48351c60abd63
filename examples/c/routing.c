/*
 * routing.c — who handles a complaint, at what level, under which policy, and why, with
 * libtousu.
 *
 * Build (from the repository root, after `cargo build -p tousu-c`):
 *
 *   cc -std=c99 -I bindings-c/include examples/c/routing.c \
 *      -L target/debug -Wl,-Bstatic -ltousu -Wl,-Bdynamic -lpthread -ldl -lm \
 *      -o routing
 *
 * Three complaints reach the Shenzhen Futian branch: an ordinary one about commission, the same
 * matter forwarded by the regulator's Shenzhen office, and a compensation claim about the
 * supervisor SZFT002. The seed's procedure (the default rule set, compiled once) routes all
 * three in one call into plain structs; the forwarded one is explained rule by rule; and the
 * staff directory says who may take each — never the person complained about (R12): SZFT002,
 * who also holds the branch general manager's role, steps aside from the claim about them, and
 * the assignment says who stepped aside and why.
 */
#include <stdio.h>

#include "tousu.h"

#define HEAD                                                                                       \
    "{\"complainant\": {\"name\": \"王建国\", \"contact\": {\"phone\": \"13800138000\"}}, "        \
    "\"receiver\": \"SZFT011\", \"branch\": \"深圳福田营业部\", "                                  \
    "\"received_at\": \"2024-03-01T09:30:00+08:00\", \"matter\": \"佣金收取异常\", "               \
    "\"facts\": {\"account\": \"二月佣金高于约定费率\"}, \"demand\": \"退还多收佣金\", "            \
    "\"category\": \"fees.commission\", "

static const char *const COMPLAINTS[3] = {
    HEAD "\"id\": \"SZ-2024-0101\", \"channel\": \"phone\"}",
    HEAD "\"id\": \"SZ-2024-0102\", \"channel\": {\"regulator_forwarded\": {\"body\": \"中国证监会深圳监管局\", "
         "\"reference\": \"深证监投诉〔2024〕17号\", \"forwarded_on\": \"2024-02-29\"}}}",
    HEAD "\"id\": \"SZ-2024-0103\", \"channel\": \"walk_in\", \"severity\": \"compensation\", "
         "\"claimed_amount\": {\"minor_units\": 800000, \"currency\": \"CNY\"}, "
         "\"respondent\": {\"person\": \"SZFT002\"}}",
};

static const char STAFF[] = "[directory]\nid = \"szft.staff\"\nversion = 1\nhead_office = \"总部经纪业务管理部\"\n\n"
                            "[[person]]\nid = \"SZFT002\"\nname = \"王主管\"\n"
                            "roles = [\"operations_supervisor\", \"branch_general_manager\"]\n"
                            "office = \"深圳福田营业部\"\n\n"
                            "[[person]]\nid = \"SZFT003\"\nname = \"李主管\"\nroles = [\"operations_supervisor\"]\n"
                            "office = \"深圳福田营业部\"\n\n"
                            "[[person]]\nid = \"SZFT001\"\nname = \"赵总\"\nroles = [\"branch_general_manager\"]\n"
                            "office = \"深圳福田营业部\"\n";

static void print_decision(const tousu_rule_set *rules, const tousu_decision *d) {
    uint32_t bit;
    printf("  handler %s at %s, policy %s", d->handler ? d->handler : "-", tousu_handling_level_name(d->level),
           d->policy ? d->policy : "-");
    if (d->escalate_to != NULL) {
        printf(", reports to %s", d->escalate_to);
    }
    printf("\n  rules matched: %zu, the first %s; obligations:", d->matched_count,
           d->routed ? tousu_rule_set_rule_id(rules, d->deciding_rule) : "-");
    for (bit = 1; bit <= TOUSU_OBLIGATION_PROGRESS_UPDATES; bit <<= 1) {
        if (d->obligations & bit) {
            printf(" %s", tousu_obligation_name(bit));
        }
    }
    putchar('\n');
}

/* Who may take complaint `c` and who may not (why, typed and in words), or why nobody may. */
static void print_handlers(const tousu_directory *staff, const tousu_rule_set *rules, const tousu_complaint *c) {
    tousu_assignment *a = NULL;
    tousu_error *err = NULL;
    size_t i;
    if (tousu_directory_assign(staff, rules, c, NULL, &a, &err) == TOUSU_STATUS_OK) {
        printf("  may handle it as %s at %s:", tousu_assignment_role(a), tousu_assignment_office(a));
        for (i = 0; i < tousu_assignment_handler_count(a); i++) {
            printf(" %s", tousu_assignment_handler(a, i));
        }
        printf("%s\n", tousu_assignment_hand_over_needed(a) ? " (the receiver hands it over)" : "");
        for (i = 0; i < tousu_assignment_recused_count(a); i++) {
            const tousu_recused *r = tousu_assignment_recused(a, i);
            printf("  not %s: %s%s\n", r->person, r->why,
                   r->reason == TOUSU_RECUSAL_COMPLAINED_ABOUT ? " [recusal]" : "");
        }
        tousu_assignment_free(a);
    } else {
        printf("  %s: %s (next: %s)\n", tousu_status_name(tousu_error_status(err)), tousu_error_message(err),
               tousu_error_next_level(err) ? tousu_error_next_level(err) : "-");
        tousu_error_free(err);
    }
}

int main(void) {
    tousu_rule_set *rules = NULL;
    tousu_directory *staff = NULL;
    tousu_complaint *complaints[3] = {NULL, NULL, NULL};
    tousu_decision decisions[3];
    tousu_error *err = NULL;
    char *why = NULL;
    size_t i, failed = 0;
    int status = 1;

    if (tousu_rule_set_default(&rules, &err) != TOUSU_STATUS_OK ||
        tousu_directory_from_toml(STAFF, &staff, &err) != TOUSU_STATUS_OK) {
        goto done;
    }
    for (i = 0; i < 3; i++) {
        if (tousu_complaint_from_json(COMPLAINTS[i], &complaints[i], &err) != TOUSU_STATUS_OK) {
            goto done;
        }
    }
    printf("rule set %s v%u (%s, %zu rules)\n", tousu_rule_set_id(rules), tousu_rule_set_version(rules),
           tousu_hit_policy_name(tousu_rule_set_hit_policy(rules)), tousu_rule_set_rule_count(rules));

    /* All three in one call: no JSON, the strings belong to the rule set. */
    if (tousu_rule_set_route_many(rules, (const tousu_complaint *const *)complaints, NULL, 3, decisions, &failed,
                                  &err) != TOUSU_STATUS_OK) {
        fprintf(stderr, "complaint %zu: ", failed);
        goto done;
    }
    for (i = 0; i < 3; i++) {
        printf("\ncomplaint %zu\n", i + 1);
        print_decision(rules, &decisions[i]);
        print_handlers(staff, rules, complaints[i]);
    }

    /* Why the forwarded one is routed as it is, for an auditor. */
    if (tousu_rule_set_explain_text(rules, complaints[1], NULL, &why, &err) != TOUSU_STATUS_OK) {
        goto done;
    }
    printf("\n%s", why);
    tousu_string_free(why);
    status = 0;

done:
    if (err != NULL) {
        fprintf(stderr, "%s\n", tousu_error_message(err));
        tousu_error_free(err);
    }
    for (i = 0; i < 3; i++) {
        tousu_complaint_free(complaints[i]);
    }
    tousu_directory_free(staff);
    tousu_rule_set_free(rules);
    return status;
}
