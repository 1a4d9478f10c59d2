/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "assess/snapshot.h"
#include "cli/commands.h"
#include "kernel/scan.h"
#include "record/fix_scan.h"
#include "record/guard.h"
#include "record/show.h"

/* The agent's view: whether it runs, and a drift it only reported
 * (watch = alert), which makes check exit 2 like an exposure. */
static void print_guard(const struct guard_status *status, bool have_status, FILE *out)
{
	char sentence[512];

	guard_status_sentence(have_status ? status : NULL, sentence, sizeof(sentence));
	fprintf(out, "\nGuard: %s.\n", sentence);
	if (have_status && status->drift[0])
		fprintf(out, "Drift: %s (seen by portguard watch at %s, not repaired: watch = %s); run 'portguard fix'.\n",
			status->drift, status->last_drift, status->mode);
	if (have_status && status->alert[0] && guard_status_running(status))
		fprintf(out, "Alert: %s.\n", status->alert);
}

static int print_json(const struct snapshot *snapshot, const struct guard_status *status, bool have_status)
{
	struct guard_seen seen;
	struct fix_scan scan;
	json_t *root;
	int r;

	guard_seen_take(have_status ? status : NULL, &seen);
	r = fix_scan_from_snapshot(snapshot, &scan);
	if (r < 0)
		return r;
	root = fix_scan_check_json(&scan, &seen);
	fix_scan_free(&scan);
	if (!root)
		return -ENOMEM;
	r = json_dumpf(root, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	fputc('\n', stdout);
	json_decref(root);
	return r < 0 ? -EIO : 0;
}

int command_check(const struct options *options)
{
	struct snapshot_request request = {
		.service = options->service,
		.host = &options->analysed,
		.config = options->config,
		.mode_given = options->mode_given,
		.mode = options->mode,
		.trusted = &options->trusted,
		.force = options->force,
		.all_rpc = options->all_rpc,
	};
	struct snapshot snapshot;
	struct error_record error = { 0 };
	char line[ERROR_LINE_MAX];
	struct guard_status status;
	bool have_status, drifted;
	int r = snapshot_take(&request, &snapshot, &error);

	if (r < 0) {
		fprintf(stderr, "portguard: %s\n", error_record_format(&error, line, sizeof(line)));
		return EXIT_ERROR;
	}
	have_status = guard_status_load(&options->analysed, &status) == 0;
	drifted = have_status && status.drift[0] && guard_status_running(&status);
	if (options->json)
		r = print_json(&snapshot, &status, have_status);
	else if (!options->quiet) {
		snapshot_print_text(&snapshot, stdout);
		print_guard(&status, have_status, stdout);
	}
	bool exposed = listener_list_exposed(&snapshot.listeners) && !snapshot.outsiders_refused;
	snapshot_free(&snapshot);
	if (r < 0)
		return EXIT_ERROR;
	return exposed || drifted ? EXIT_EXPOSED_OR_CHANGED : EXIT_NOTHING_TO_DO;
}
