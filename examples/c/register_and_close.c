/*
 * register_and_close.c — take a complaint from registration to the archive with libtousu.
 *
 * Build (from the repository root, after `cargo build -p tousu-c`):
 *
 *   cc -std=c99 -I bindings-c/include examples/c/register_and_close.c \
 *      -L target/debug -Wl,-Bstatic -ltousu -Wl,-Bdynamic -lpthread -ldl -lm \
 *      -o register_and_close
 *
 * It reads a complaint, opens a case, records the steps of the procedure, shows how a refused
 * step is reported (closing before the result was fed back breaks rule R20, and the case stays
 * as it was), then finishes the case and prints its state and case file.
 */
#include <stdio.h>
#include <stdlib.h>

#include "tousu.h"

/* Prints everything a tousu_error carries, then frees it. */
static void report(const char *what, tousu_status status, tousu_error *err) {
    size_t i;
    fprintf(stderr, "%s failed: %s\n", what, tousu_status_name(status));
    if (err == NULL) {
        return;
    }
    fprintf(stderr, "  %s\n", tousu_error_message(err));
    for (i = 0; i < tousu_error_field_count(err); i++) {
        fprintf(stderr, "  field %s: %s\n", tousu_error_field_path(err, i), tousu_error_field_problem(err, i));
    }
    if (tousu_error_rule(err) != NULL) {
        fprintf(stderr, "  rule %s, event #%lld\n", tousu_error_rule(err), (long long)tousu_error_event_index(err));
    }
    tousu_error_free(err);
}

/* Records one event; on refusal reports why and returns the status. */
static tousu_status record(tousu_case *c, const char *event_json) {
    tousu_error *err = NULL;
    tousu_stage stage;
    tousu_status status = tousu_case_apply_json(c, event_json, &err);
    if (status != TOUSU_STATUS_OK) {
        report("recording an event", status, err);
        return status;
    }
    status = tousu_case_stage(c, &stage, NULL);
    if (status != TOUSU_STATUS_OK) {
        report("reading the stage", status, NULL);
        return status;
    }
    printf("recorded; the case is now %s\n", tousu_stage_name(stage));
    return TOUSU_STATUS_OK;
}

int main(void) {
    /* The register form, as JSON. Times carry their UTC offset. */
    const char *complaint_json =
        "{\"id\": \"SZ-2024-0042\", \"channel\": \"phone\","
        " \"complainant\": {\"name\": \"李四\", \"contact\": {\"phone\": \"13800138000\"}},"
        " \"receiver\": \"S001\", \"branch\": \"深圳福田营业部\","
        " \"received_at\": \"2024-03-01T09:30:00+08:00\","
        " \"matter\": \"佣金收取异常\", \"facts\": {\"account\": \"二月佣金高于约定费率\"},"
        " \"demand\": \"退还多收佣金\", \"category\": \"fees.commission\"}";

    /* The steps of the procedure, in time order. */
    const char *steps[] = {
        "{\"at\": \"2024-03-01T09:40:00+08:00\", \"actor\": \"S001\","
        " \"action\": {\"acknowledged\": {\"via\": \"phone\"}}}",
        "{\"at\": \"2024-03-01T10:00:00+08:00\", \"actor\": \"S001\","
        " \"action\": {\"assigned\": {\"handler\": \"S010\"}}}",
        "{\"at\": \"2024-03-04T16:00:00+08:00\", \"actor\": \"S010\","
        " \"action\": {\"resolution_proposed\": {\"plan\": \"按约定费率退还差额\"}}}",
        "{\"at\": \"2024-03-05T10:00:00+08:00\", \"actor\": \"S010\","
        " \"action\": {\"resolution_decided\": {\"decision\": \"退还\", \"by\": \"handler\"}}}",
    };
    const char *close_json =
        "{\"at\": \"2024-03-05T11:00:00+08:00\", \"actor\": \"S010\","
        " \"action\": {\"closed\": {\"cause\": \"费率配置错误\", \"result\": \"已退还\","
        " \"department\": \"运营部\", \"preventive_measures\": \"费率变更双人复核\"}}}";
    const char *feed_back_json =
        "{\"at\": \"2024-03-05T10:30:00+08:00\", \"actor\": \"S010\","
        " \"action\": {\"result_fed_back\": {\"via\": \"letter\", \"summary\": \"已退还多收佣金\"}}}";
    const char *archive_json =
        "{\"at\": \"2024-04-10T09:00:00+08:00\", \"actor\": \"S020\", \"action\": {\"archived\": {\"volume\": 2024}}}";

    tousu_complaint *complaint = NULL;
    tousu_case *c = NULL;
    tousu_error *err = NULL;
    tousu_status status;
    char *state = NULL;
    char *case_file = NULL;
    size_t i, events = 0;
    int exit_code = EXIT_FAILURE;

    printf("libtousu %s\n", tousu_version());

    /* 1. Read and validate the complaint. Every problem would be listed at once. */
    status = tousu_complaint_from_json(complaint_json, &complaint, &err);
    if (status != TOUSU_STATUS_OK) {
        report("reading the complaint", status, err);
        return EXIT_FAILURE;
    }

    /* 2. Open the case with its registration event. The case keeps its own copy of the
     *    complaint, so the complaint can be freed right away. */
    status = tousu_case_register(complaint,
                                 "{\"at\": \"2024-03-01T09:35:00+08:00\", \"actor\": \"S001\","
                                 " \"action\": {\"registered\": {}}}",
                                 &c, &err);
    tousu_complaint_free(complaint);
    if (status != TOUSU_STATUS_OK) {
        report("registering the case", status, err);
        return EXIT_FAILURE;
    }
    printf("registered\n");

    /* 3. Record the handling. */
    for (i = 0; i < sizeof steps / sizeof steps[0]; i++) {
        if (record(c, steps[i]) != TOUSU_STATUS_OK) {
            goto done;
        }
    }

    /* 4. Closing now is refused: the result was not fed back to the complainant (R20). The
     *    refusal leaves the case exactly as it was. */
    status = tousu_case_apply_json(c, close_json, &err);
    if (status != TOUSU_STATUS_RESULT_NOT_FED_BACK) {
        fprintf(stderr, "expected the close to be refused, got %s\n", tousu_status_name(status));
        tousu_error_free(err);
        goto done;
    }
    printf("close refused as expected: %s (rule %s)\n", tousu_status_name(status), tousu_error_rule(err));
    tousu_error_free(err);
    err = NULL;

    /* 5. Feed the result back, then close and archive. */
    if (record(c, feed_back_json) != TOUSU_STATUS_OK || record(c, close_json) != TOUSU_STATUS_OK ||
        record(c, archive_json) != TOUSU_STATUS_OK) {
        goto done;
    }

    /* 6. Report: the derived state and the case file. Both strings are ours to free with
     *    tousu_string_free. */
    if (tousu_case_event_count(c, &events, NULL) != TOUSU_STATUS_OK ||
        tousu_case_state_json(c, &state, NULL) != TOUSU_STATUS_OK ||
        tousu_case_to_json(c, &case_file, NULL) != TOUSU_STATUS_OK) {
        goto done;
    }
    printf("%zu events\nstate: %s\ncase file: %s\n", events, state, case_file);
    exit_code = EXIT_SUCCESS;

done:
    tousu_string_free(state);
    tousu_string_free(case_file);
    tousu_case_free(c);
    return exit_code;
}
