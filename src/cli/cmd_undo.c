/* SPDX-License-Identifier: GPL-2.0-or-later */
/* undo: restore what the last fix changed, from the state file. */
#include "config.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "assess/listeners.h"
#include "base/cleanup.h"
#include "cli/commands.h"
#include "fix/apply.h"
#include "fix/run.h"
#include "fix/verify.h"
#include "kernel/scan.h"
#include "record/state.h"
#include "report/report.h"
#include "services/service.h"

static void utc_now(char *buffer, size_t size)
{
	time_t now = time(NULL);
	struct tm utc;

	gmtime_r(&now, &utc);
	strftime(buffer, size, "%Y-%m-%dT%H:%M:%SZ", &utc);
}

static void print_result(const struct options *options, const struct fix_record *record, bool changed,
			 const char *message)
{
	if (options->json) {
		json_t *out = fix_record_undo_result_json(record, changed);

		json_dumpf(out, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
		fputc('\n', stdout);
		json_decref(out);
	} else if (!options->quiet) {
		printf("%s\n", message);
	}
}

static int set_text(char **field, const char *text)
{
	char *copy = strdup(text);

	if (!copy)
		return -ENOMEM;
	free(*field);
	*field = copy;
	return 0;
}

int command_undo(const struct options *options)
{
	struct error_record error = { 0 };
	char line[ERROR_LINE_MAX], now[32], report_path[PATH_MAX], json_path[PATH_MAX];
	_cleanup_(run_endp) int lock_fd = -1;
	_cleanup_(fix_record_free) struct fix_record record = { 0 };
	_cleanup_(listener_list_free) struct listener_list after = { 0 };
	struct fix_record *last = &record;
	bool changed = false;
	int r;

	r = command_begin(options, &lock_fd);
	if (r < 0)
		return EXIT_ERROR;
	r = state_load(&options->analysed, FIX_RECORD_STRICT, &record, &error);
	if (r == -ENOENT) {
		print_result(options, NULL, false, "Nothing to undo: no fix was recorded.");
		return EXIT_NOTHING_TO_DO;
	}
	if (r == -EMEDIUMTYPE) {
		fprintf(stderr, "portguard: %s; restore it from a backup or remove it\n",
			error_record_format(&error, line, sizeof(line)));
		return EXIT_ERROR;
	}
	if (r < 0) {
		fprintf(stderr, "portguard: %s; undo needs it, restore it from a backup\n",
			error_record_format(&error, line, sizeof(line)));
		return EXIT_ERROR;
	}
	if (!fix_record_undoable(&record)) {
		fprintf(stderr, "portguard: %s does not look like a fix portguard recorded (status, action or changes "
			"missing); restore it from a backup or remove it\n", STATE_FILE);
		return EXIT_ERROR;
	}
	if (options->service_given && record.service != options->service) {
		fprintf(stderr, "portguard: the last fix is the %s's, not the %s's; run 'portguard undo' without "
			"--service to undo it\n", record.service->name, options->service->name);
		return EXIT_ERROR;
	}
	if (record.status == FIX_UNDONE) {
		print_result(options, &record, false, "Nothing to undo: the last fix was already undone.");
		return EXIT_NOTHING_TO_DO;
	}
	r = apply_revert(&options->analysed, &record.changes, &changed, &error);
	/* A repair by portguard watch put back the fix it was recorded
	 * over: undoing only the repair would restore the drift. A fix of
	 * several services is one fix: all of them go back. */
	for (last = &record; r == 0 && (last->repair || last->same_run) && fix_record_undoable(last->earlier);
	     last = last->earlier) {
		bool earlier_changed = false;

		r = apply_revert(&options->analysed, &last->earlier->changes, &earlier_changed, &error);
		changed |= earlier_changed;
	}
	if (r < 0) {
		fprintf(stderr, "portguard: undo failed: %s\n", error_record_format(&error, line, sizeof(line)));
		return EXIT_ERROR;
	}
	/* Every fix the undo took back says so, with its service's ports
	 * as they are now. */
	utc_now(now, sizeof(now));
	for (struct fix_record *link = &record;; link = link->earlier) {
		r = listeners_read(link->service, &after, NULL);
		if (r < 0) {
			fprintf(stderr, "portguard: scanning port %u after the undo failed: %s\n",
				service_port(link->service), strerror(-r));
			return EXIT_ERROR;
		}
		link->undo = (struct fix_undo){
			.done = true,
			.changed = changed ? FIX_YES : FIX_NO,
			.exposed = listener_list_exposed(&after) ? FIX_YES : FIX_NO,
		};
		link->status = FIX_UNDONE;
		listener_list_free(&after);
		if (link != &record && set_text(&link->undo.time, now) < 0)
			return EXIT_ERROR;
		if (link == last)
			break;
	}
	r = set_text(&record.undo.time, now);
	if (r == 0)
		r = run_report_directory(&options->analysed, options->config, options->report_dir, NULL, report_path);
	if (r == 0)
		r = report_write(&record, report_path, report_path, sizeof(report_path), json_path, sizeof(json_path));
	if (r == 0)
		r = set_text(&record.undo.report, report_path);
	if (r < 0)
		fprintf(stderr, "portguard: warning: the undo report could not be written: %s\n", strerror(-r));
	/* The fix before this one becomes the last: a second undo takes it
	 * back too. */
	r = state_save(&options->analysed, fix_record_undoable(last->earlier) ? last->earlier : &record);
	if (r < 0)
		fprintf(stderr, "portguard: warning: %s could not be updated: %s\n", STATE_FILE, strerror(-r));
	print_result(options, &record, changed, changed
		     ? "Undone: the host is back to how it was before the last fix."
		     : "Nothing needed to change: the host already was as before the last fix.");
	if (fix_record_undoable(last->earlier) && !options->json && !options->quiet)
		printf("An earlier fix (%s) is now the last one; run undo again to take it back too.\n",
		       last->earlier->time ? last->earlier->time : "?");
	if (!options->json && !options->quiet && record.undo.report)
		printf("Report: %s\n", record.undo.report);
	return changed ? EXIT_EXPOSED_OR_CHANGED : EXIT_NOTHING_TO_DO;
}
