/* SPDX-License-Identifier: GPL-2.0-or-later */
/* fix: options into a fix_request, fix_run (fix/fix_run.c), and what it
 * found, did and warned of, as text or JSON, or its one-line error. */
#include "config.h"

#include <stdio.h>

#include "assess/plan.h"
#include "assess/snapshot.h"
#include "cli/commands.h"
#include "fix/fix_run.h"
#include "kernel/addresses.h"
#include "kernel/scan.h"
#include "mail/abuse.h"
#include "record/fix_record.h"
#include "services/service.h"

static void print_json(const struct snapshot *snapshot, const struct fix_record *record, bool dry_run)
{
	json_t *root = fix_record_fix_result_json(snapshot, record, dry_run);

	json_dumpf(root, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	fputc('\n', stdout);
	json_decref(root);
}

static void print_dry_run(const struct snapshot *snapshot, const struct options *options, bool unread)
{
	if (options->json) {
		print_json(snapshot, &(struct fix_record){ .changed = FIX_NO }, true);
		return;
	}
	if (options->quiet)
		return;
	snapshot_print_text(snapshot, stdout);
	printf("\nDry run: nothing was changed. fix would run the steps above.\n");
	if (unread)
		printf("Not read without root: nftables and portguard's journal; fix checks them before it changes "
		       "anything.\n");
}

static void print_summary(const struct snapshot *snapshot)
{
	char text[PLAN_TEXT_MAX];
	size_t exposed = 0;

	for (size_t i = 0; i < snapshot->listeners.count; i++)
		exposed += snapshot->listeners.items[i].exposed;
	printf("Found: %zu socket%s on port %u, %zu bound beyond loopback", snapshot->listeners.count,
	       snapshot->listeners.count == 1 ? "" : "s", service_port(snapshot->service), exposed);
	if (snapshot->answer_asked && snapshot->answer.reachable)
		printf("; the %s answers with up to %zu bytes (%.1fx amplification)", snapshot->service->name,
		       snapshot->answer.reply_bytes, snapshot->answer.amplification);
	plan_reason_format(&snapshot->plan, LANGUAGE_ENGLISH, text, sizeof(text));
	printf(".\nPlan: %s. %s\n", action_to_string(snapshot->plan.action), text);
	for (size_t i = 0; i < snapshot->plan.step_count; i++) {
		plan_step_format(&snapshot->plan, i, LANGUAGE_ENGLISH, text, sizeof(text));
		printf("  %zu. %s\n", i + 1, text);
	}
}

static void print_warnings(const struct fix_record *record)
{
	char text[1024];

	for (size_t i = 0; i < record->warning_count; i++) {
		fix_warning_format(&record->warnings[i], LANGUAGE_ENGLISH, text, sizeof(text));
		fprintf(stderr, "portguard: warning: %s\n", text);
	}
}

static void print_unchanged(const struct snapshot *snapshot, enum action action, const struct fix_record *record,
			    const struct options *options)
{
	print_warnings(record);
	if (options->json) {
		print_json(snapshot, &(struct fix_record){ .changed = FIX_NO, .verified = FIX_YES }, options->dry_run);
	} else if (!options->quiet) {
		printf("Nothing needed to change: %s is already in place.\n",
		       action == ACTION_STOP ? "the stop" : "the restriction");
	}
}

static void print_outcome(const struct snapshot *snapshot, const struct fix_record *record,
			  const struct options *options)
{
	if (options->json) {
		print_json(snapshot, record, options->dry_run);
		return;
	}
	print_warnings(record);
	if (options->quiet)
		return;
	/* check shows the whole picture; fix says what it found and did. */
	if (options->verbose)
		snapshot_print_text(snapshot, stdout);
	else
		print_summary(snapshot);
	if (snapshot->plan.action == ACTION_STOP)
		printf("Done: %s is stopped, disabled and masked.\n", snapshot->service->daemon);
	else
		printf("Done: port %u is limited to loopback and the trusted networks by table inet portguard.\n",
		       service_port(snapshot->service));
	printf("Verified: port %u is no longer exposed.\n", service_port(snapshot->service));
	if (record->changes.has_guard && (record->changes.guard.started || record->changes.guard.active_before))
		printf("Guarded: portguard.service (portguard watch) keeps it so until 'portguard undo'.\n");
	if (record->report)
		printf("Report: %s\n", record->report);
}

static void print_nothing_to_do(const struct snapshot *snapshot, const struct options *options)
{
	char reason_text[PLAN_TEXT_MAX];

	plan_reason_format(&snapshot->plan, LANGUAGE_ENGLISH, reason_text, sizeof(reason_text));
	if (options->json)
		snapshot_print_json(snapshot, stdout);
	else if (!options->quiet)
		printf("Nothing to do: %s\n", reason_text);
}

/* The service the abuse mail is about, unless --service says it. For
 * now fix looks at one service per run: a mail naming several stops
 * here and asks for --service NAME; this goes once the engine fixes
 * several services in one run. A mail that cannot be read is left to
 * fix_run, which says why. */
static int mail_service(const struct options *options, const struct service **ret_service,
			struct error_record *ret_error)
{
	struct abuse_report report = { 0 };
	struct address_list local = { 0 };
	struct error_record unread = { 0 };
	int r;

	*ret_service = options->service;
	if (!options->abuse_report || abuse_report_read(options->abuse_report, &report, &unread) < 0)
		return 0;
	r = addresses_local(&local);
	r = abuse_report_pick_service(&report, r == 0 ? &local : NULL, options->service, options->service_given,
				      ret_service, ret_error);
	address_list_free(&local);
	abuse_report_free(&report);
	return r;
}

/* Without --service and a mail, fix looks at what is exposed: the one
 * exposed service, or with several, for now, none: it asks for
 * --service (one service a run until the engine fixes several). With
 * nothing exposed the portmapper's plan says so, as before. */
static int exposed_service(const struct options *options, const struct service **ret_service,
			   struct error_record *ret_error)
{
	struct snapshot snapshots[SERVICES_MAX];
	const struct service *exposed[SERVICES_MAX];
	size_t taken, count = 0;
	char names[256] = "";
	int r;

	if (options->service_given || options->abuse_report)
		return 0;
	/* A look that fails (the configuration is damaged, a plan cannot
	 * be made) fails fix as it would fail fix_run. */
	r = command_look(options, snapshots, &taken, ret_error);
	for (size_t i = 0; i < taken; i++) {
		if (r == 0 && snapshots[i].plan.action != ACTION_NONE)
			exposed[count++] = snapshots[i].service;
		snapshot_free(&snapshots[i]);
	}
	if (r < 0)
		return r;
	if (count == 1)
		*ret_service = exposed[0];
	if (count <= 1)
		return 0;
	for (size_t i = 0, used = 0; i < count && used < sizeof(names); i++)
		used += (size_t)snprintf(names + used, sizeof(names) - used, "%s%s", i ? ", " : "", exposed[i]->name);
	error_record_set(ret_error, NULL, 0, "%zu services are exposed (%s), and portguard fixes one a run for now; "
			 "run 'portguard fix --service NAME' for the one to fix first", count, names);
	return -EBUSY;
}

int command_fix(const struct options *options)
{
	struct fix_request request = {
		.service = options->service,
		.host = &options->analysed,
		.config = options->config,
		.report_dir = options->report_dir,
		.mode_given = options->mode_given,
		.mode = options->mode,
		.trusted = &options->trusted,
		.force = options->force,
		.all_rpc = options->all_rpc,
		.abuse_report = options->abuse_report,
		.dry_run = options->dry_run,
	};
	struct fix_result result;
	struct error_record error = { 0 };
	char line[ERROR_LINE_MAX];
	int exit_code = EXIT_ERROR, r;

	if (mail_service(options, &request.service, &error) < 0 ||
	    exposed_service(options, &request.service, &error) < 0) {
		fprintf(stderr, "portguard: %s\n", error_record_format(&error, line, sizeof(line)));
		return EXIT_ERROR;
	}
	r = fix_run(&request, &result);
	if (result.recovered)
		command_say_recovered();
	if (result.interrupted)
		fprintf(stderr, "portguard: note: the previous run was interrupted; fix would first roll back what it "
			"had changed and then decide again, so its plan may differ from this one\n");
	if (result.all_rpc_implied && !options->quiet && !options->json)
		printf("The abuse report lists RPC services besides the portmapper on this host's address, "
		       "so fix covers their ports too, as with --all-rpc.\n");
	if (r < 0) {
		fprintf(stderr, "portguard: %s\n", error_record_format(&result.error, line, sizeof(line)));
		fix_result_free(&result);
		return EXIT_ERROR;
	}
	switch (result.outcome) {
	case FIX_OUTCOME_NOTHING_TO_DO:
		print_nothing_to_do(&result.snapshot, options);
		exit_code = EXIT_NOTHING_TO_DO;
		break;
	case FIX_OUTCOME_IN_PLACE:
		print_unchanged(&result.snapshot, result.action, &result.record, options);
		exit_code = EXIT_NOTHING_TO_DO;
		break;
	case FIX_OUTCOME_DRY_RUN:
		print_dry_run(&result.snapshot, options, result.unread);
		exit_code = EXIT_EXPOSED_OR_CHANGED;
		break;
	case FIX_OUTCOME_CHANGED:
		print_outcome(&result.snapshot, &result.record, options);
		exit_code = EXIT_EXPOSED_OR_CHANGED;
		break;
	case FIX_OUTCOME_FAILED:
		break;
	}
	fix_result_free(&result);
	return exit_code;
}
