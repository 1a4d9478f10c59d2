/* SPDX-License-Identifier: GPL-2.0-or-later */
/* report: write the report of the last fix again, from the state file. */
#include "config.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>

#include "base/safe_file.h"
#include "cli/commands.h"
#include "fix/run.h"
#include "record/guard.h"
#include "record/state.h"
#include "report/report.h"

int command_report(const struct options *options)
{
	struct error_record error = { 0 };
	char line[ERROR_LINE_MAX], text_path[PATH_MAX] = "", json_path[PATH_MAX];
	struct fix_record record = { 0 };
	struct guard_status status;
	int r;

	/* A damaged record still gives a report that says what is missing. */
	r = state_load(&options->analysed, FIX_RECORD_LENIENT, &record, &error);
	if (r == -ENOENT) {
		fprintf(stderr, "portguard: no fix was recorded in %s; run 'portguard fix' first\n", STATE_FILE);
		return EXIT_ERROR;
	}
	if (r < 0) {
		fprintf(stderr, "portguard: %s\n",
			error.message[0] ? error_record_format(&error, line, sizeof(line)) : strerror(-r));
		return EXIT_ERROR;
	}
	/* The agent as it is now: the report says whether the fix is guarded. */
	if (guard_status_load(&options->analysed, &status) == 0) {
		record.has_guard_status = true;
		guard_seen_take(&status, &record.guard_status);
	}
	r = run_report_directory(&options->analysed, options->config, options->report_dir, NULL, text_path);
	if (r == 0)
		r = report_write(&record, text_path, text_path, sizeof(text_path), json_path, sizeof(json_path));
	fix_record_free(&record);
	if (r < 0) {
		fprintf(stderr, "portguard: writing the report failed: %s: %s; check --report-dir\n", text_path,
			safe_file_strerror(r));
		return EXIT_ERROR;
	}
	if (options->json) {
		json_t *out = fix_record_report_paths_json(text_path, json_path);

		json_dumpf(out, stdout, JSON_INDENT(2));
		fputc('\n', stdout);
		json_decref(out);
	} else if (!options->quiet)
		printf("Report: %s\n", text_path);
	return EXIT_NOTHING_TO_DO;
}
