/* undo: restore what the last fix changed, from the state file. */
#include "config.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "apply.h"
#include "commands.h"
#include "report.h"
#include "run.h"
#include "scan.h"
#include "state.h"
#include "verify.h"

static void utc_now(char *buffer, size_t size)
{
	time_t now = time(NULL);
	struct tm utc;

	gmtime_r(&now, &utc);
	strftime(buffer, size, "%Y-%m-%dT%H:%M:%SZ", &utc);
}

/* The record comes from disk: undo acts on it only when it is what fix
 * writes. */
static bool record_is_sound(const json_t *record)
{
	const char *status = json_string_value(json_object_get(record, "status"));
	const char *action = json_string_value(json_object_get(record, "action"));

	return status && json_is_object(json_object_get(record, "changes")) &&
	       (strcmp(status, STATE_APPLIED) == 0 || strcmp(status, STATE_UNDONE) == 0) &&
	       action_changes_host(action_from_string(action));
}

static void print_result(const struct options *options, const json_t *record, bool changed, const char *message)
{
	if (options->json) {
		json_t *out = json_pack("{s:s, s:b, s:O?, s:O?}", "version", PACKAGE_VERSION, "changed", changed,
					"undo", json_object_get(record, "undo"), "report",
					json_object_get(json_object_get(record, "undo"), "report"));

		json_dumpf(out, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
		fputc('\n', stdout);
		json_decref(out);
	} else if (!options->quiet) {
		printf("%s\n", message);
	}
}

int command_undo(const struct options *options)
{
	char error[APPLY_ERROR_MAX] = "", now[32], report_path[PATH_MAX], json_path[PATH_MAX];
	struct listener_list after = { 0 };
	json_t *record = NULL, *undo, *earlier;
	const char *status;
	bool changed = false;
	int lock_fd = -1, exit_code = EXIT_ERROR, r;

	r = run_begin(options, &lock_fd);
	if (r < 0)
		return EXIT_ERROR;
	r = state_load(options->root, &record, error, sizeof(error));
	if (r == -ENOENT) {
		print_result(options, NULL, false, "Nothing to undo: no fix was recorded.");
		exit_code = EXIT_NOTHING_TO_DO;
		goto out;
	}
	if (r < 0) {
		fprintf(stderr, "portguard: %s; undo needs it, restore it from a backup\n", error);
		goto out;
	}
	status = json_string_value(json_object_get(record, "status"));
	if (!record_is_sound(record)) {
		fprintf(stderr, "portguard: %s does not look like a fix portguard recorded (status, action or changes "
			"missing); restore it from a backup or remove it\n", STATE_FILE);
		goto out;
	}
	if (strcmp(status, STATE_UNDONE) == 0) {
		print_result(options, record, false, "Nothing to undo: the last fix was already undone.");
		exit_code = EXIT_NOTHING_TO_DO;
		goto out;
	}
	r = apply_revert(options->root, json_object_get(record, "changes"), &changed, error, sizeof(error));
	if (r < 0) {
		fprintf(stderr, "portguard: undo failed: %s\n", error);
		goto out;
	}
	r = scan_listeners(PORTMAPPER_PORT, &after);
	if (r < 0) {
		fprintf(stderr, "portguard: scanning port %u after the undo failed: %s\n", PORTMAPPER_PORT, strerror(-r));
		goto out;
	}
	verify_read_filter(&after, NULL);
	utc_now(now, sizeof(now));
	undo = json_pack("{s:s, s:b, s:b}", "time", now, "changed", changed,
			 "exposed", listener_list_exposed(&after));
	json_object_set_new(record, "undo", undo);
	json_object_set_new(record, "status", json_string(STATE_UNDONE));
	r = run_report_directory(options, NULL, report_path);
	if (r == 0)
		r = report_write(record, report_path, report_path, sizeof(report_path), json_path, sizeof(json_path));
	if (r == 0)
		json_object_set_new(undo, "report", json_string(report_path));
	else
		fprintf(stderr, "portguard: warning: the undo report could not be written: %s\n", strerror(-r));
	/* The fix before this one becomes the last: a second undo takes it
	 * back too. */
	earlier = json_object_get(record, "earlier");
	r = state_save(options->root, record_is_sound(earlier) ? earlier : record);
	if (r < 0)
		fprintf(stderr, "portguard: warning: %s could not be updated: %s\n", STATE_FILE, strerror(-r));
	print_result(options, record, changed, changed
		     ? "Undone: the host is back to how it was before the last fix."
		     : "Nothing needed to change: the host already was as before the last fix.");
	if (record_is_sound(earlier) && !options->json && !options->quiet)
		printf("An earlier fix (%s) is now the last one; run undo again to take it back too.\n",
		       json_string_value(json_object_get(earlier, "time")) ? json_string_value(json_object_get(earlier, "time")) : "?");
	if (!options->json && !options->quiet && json_is_string(json_object_get(undo, "report")))
		printf("Report: %s\n", json_string_value(json_object_get(undo, "report")));
	exit_code = changed ? EXIT_EXPOSED_OR_CHANGED : EXIT_NOTHING_TO_DO;
out:
	listener_list_free(&after);
	json_decref(record);
	run_end(lock_fd);
	return exit_code;
}
