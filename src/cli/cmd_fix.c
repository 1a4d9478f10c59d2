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
#include "kernel/owner.h"
#include "kernel/scan.h"
#include "mail/abuse.h"
#include "record/fix_record.h"
#include "services/service.h"

/* fix --json: one object per service, printed at the end (run_services). */
static json_t *result_json(const struct fix_result *result, const struct options *options)
{
	switch (result->outcome) {
	case FIX_OUTCOME_NOTHING_TO_DO:
		return snapshot_json(&result->snapshot);
	case FIX_OUTCOME_IN_PLACE:
		return fix_record_fix_result_json(&result->snapshot,
						  &(struct fix_record){ .changed = FIX_NO, .verified = FIX_YES },
						  options->dry_run);
	case FIX_OUTCOME_DRY_RUN:
	case FIX_OUTCOME_EXPLAIN:
		return fix_record_fix_result_json(&result->snapshot, &(struct fix_record){ .changed = FIX_NO },
						  options->dry_run);
	case FIX_OUTCOME_CHANGED:
		return fix_record_fix_result_json(&result->snapshot, &result->record, options->dry_run);
	case FIX_OUTCOME_FAILED:
		break;
	}
	return NULL;
}

static void print_dry_run(const struct snapshot *snapshot, const struct options *options, bool unread)
{
	if (options->json)
		return;
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

static void print_unchanged(enum action action, const struct fix_record *record, const struct options *options)
{
	print_warnings(record);
	if (!options->json && !options->quiet) {
		printf("Nothing needed to change: %s is already in place.\n",
		       action == ACTION_STOP ? "the stop" : "the restriction");
	}
}

static void print_outcome(const struct snapshot *snapshot, const struct fix_record *record,
			  const struct options *options)
{
	print_warnings(record);
	if (options->json || options->quiet)
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
	if (!options->json && !options->quiet)
		printf("Nothing to do: %s\n", reason_text);
}

/* The services the abuse mail names (narrowed by --service), else
 * --service's. A mail that cannot be read is left to fix_run, which
 * says why. */
static int mail_services(const struct options *options, const struct service **ret_services, size_t *ret_count,
			 struct error_record *ret_error)
{
	struct abuse_report report = { 0 };
	struct address_list local = { 0 };
	struct error_record unread = { 0 };
	int r;

	if (!options->abuse_report || abuse_report_read(options->abuse_report, &report, &unread) < 0)
		return 0;
	r = addresses_local(&local);
	r = abuse_report_pick_services(&report, r == 0 ? &local : NULL, options->services, options->service_count,
				       options->service_given, ret_services, ret_count, ret_error);
	address_list_free(&local);
	abuse_report_free(&report);
	return r;
}

/* Without --service and a mail, fix acts on every exposed service; with
 * none exposed the portmapper's plan says so, as before. */
static int exposed_services(const struct options *options, struct snapshot_config *config,
			    const struct service **ret_services, size_t *ret_count, struct error_record *ret_error)
{
	struct snapshot snapshots[SERVICES_MAX];
	size_t taken, count = 0;
	int r;

	/* A look that fails (the configuration is damaged, a plan cannot
	 * be made) fails fix as it would fail fix_run. */
	r = command_look(options, config, snapshots, &taken, ret_error);
	for (size_t i = 0; i < taken; i++) {
		if (r == 0 && snapshots[i].plan.action != ACTION_NONE)
			ret_services[count++] = snapshots[i].service;
		snapshot_free(&snapshots[i]);
	}
	if (r < 0)
		return r;
	if (count == 0)
		ret_services[count++] = service_default();
	*ret_count = count;
	return 0;
}

/* What fix acts on, and why, for the plan's first line. */
static int pick_services(const struct options *options, struct snapshot_config *config,
			 const struct service **ret_services, size_t *ret_count, const char **ret_why,
			 struct error_record *ret_error)
{
	*ret_count = 0;
	if (options->abuse_report) {
		*ret_why = "the services the abuse report names";
		int r = mail_services(options, ret_services, ret_count, ret_error);

		if (r < 0 || *ret_count)
			return r;
	}
	if (options->service_given) {
		*ret_why = "the services --service names";
		for (size_t i = 0; i < options->service_count; i++)
			ret_services[i] = options->services[i];
		*ret_count = options->service_count;
		return 0;
	}
	*ret_why = "every exposed service";
	return exposed_services(options, config, ret_services, ret_count, ret_error);
}

/* One service's fix: what it did, as text now, as JSON into *ret_json;
 * the exit code of this service alone. An explained service's line
 * goes to explained, printed after the run's other services are fixed. */
static int fix_one(const struct options *options, struct fix_request *request, bool *ret_changed, json_t **ret_json,
		   char *explained, size_t explained_size)
{
	struct fix_result result;
	char line[ERROR_LINE_MAX];
	int exit_code = EXIT_ERROR, r;

	r = fix_run(request, &result);
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
		print_unchanged(result.action, &result.record, options);
		exit_code = EXIT_NOTHING_TO_DO;
		break;
	case FIX_OUTCOME_DRY_RUN:
		print_dry_run(&result.snapshot, options, result.unread);
		exit_code = EXIT_EXPOSED_OR_CHANGED;
		break;
	case FIX_OUTCOME_CHANGED:
		print_outcome(&result.snapshot, &result.record, options);
		*ret_changed = true;
		exit_code = EXIT_EXPOSED_OR_CHANGED;
		break;
	case FIX_OUTCOME_EXPLAIN:
		/* The host stays exposed: never 0 nor 2, which say closed or changed. */
		if (!options->json && !options->quiet)
			print_summary(&result.snapshot);
		if (!options->json && !options->quiet && result.record.report)
			printf("Report: %s\n", result.record.report);
		snprintf(explained, explained_size, "portguard: %s%s\n", error_record_format(&result.error, line, sizeof(line)),
			 options->dry_run ? " (dry run: fix would change nothing either)" : "");
		exit_code = EXIT_ERROR;
		break;
	case FIX_OUTCOME_FAILED:
		break;
	}
	if (options->json)
		*ret_json = result_json(&result, options);
	fix_result_free(&result);
	return exit_code;
}

/* fix --json: the one service's object as before; for several, the
 * first's keys (scripts written against 0.1 read the portmapper's) and
 * "services", every service's object. */
static void print_json(json_t **objects, size_t count)
{
	json_t *root = count ? json_deep_copy(objects[0]) : NULL;

	if (root && count > 1) {
		json_t *services = json_array();

		for (size_t i = 0; i < count; i++)
			json_array_append(services, objects[i] ? objects[i] : json_null());
		json_object_set_new(root, "services", services);
	}
	if (root) {
		json_dumpf(root, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
		fputc('\n', stdout);
	}
	json_decref(root);
}

int command_fix(const struct options *options)
{
	const struct service *services[SERVICES_MAX];
	json_t *objects[SERVICES_MAX] = { 0 };
	struct error_record error = { 0 };
	char line[ERROR_LINE_MAX];
	struct apply_kept kept = { 0 };
	struct fix_run_sections sections = { 0 };
	struct snapshot_config config = { 0 };
	const char *why = "";
	static char explained[SERVICES_MAX][ERROR_LINE_MAX + 64];
	size_t count = 0;
	bool changed = false, failed = false, any_change = false;
	int r;

	/* The look that picks the services and each service's look share
	 * the owners of the sockets until the first change (fix_run). */
	owner_memo_begin();
	if (pick_services(options, &config, services, &count, &why, &error) < 0) {
		fprintf(stderr, "portguard: %s\n", error_record_format(&error, line, sizeof(line)));
		snapshot_config_free(&config);
		nft_table_known_forget();
		owner_memo_forget();
		return EXIT_ERROR;
	}
	/* Each report names the services the run acts on after its own. */
	sections.picked = services;
	sections.picked_count = count;
	if (count > 1 && !options->json && !options->quiet) {
		printf("fix acts on %s:", why);
		for (size_t i = 0; i < count; i++)
			printf("%s %s", i ? "," : "", services[i]->name);
		printf(".\n");
	}
	for (size_t i = 0; i < count; i++) {
		/* A later service's fix is recorded over the earlier's of this
		 * run: undo takes them back together. */
		struct fix_request request = {
			.service = services[i],
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
			.same_run = changed,
			.kept = &kept,
			.sections = &sections,
			.config_read = &config,
			.keep_known_table = true,
		};
		bool this_changed = false;

		if (count > 1 && !options->json && !options->quiet)
			printf("%s== %s ==\n", i ? "\n" : "", services[i]->name);
		explained[i][0] = '\0';
		r = fix_one(options, &request, &this_changed, &objects[i], explained[i], sizeof(explained[i]));
		if (objects[i])
			json_object_set_new(objects[i], "service", json_string(services[i]->name));
		changed |= this_changed;
		failed |= r == EXIT_ERROR;
		any_change |= r == EXIT_EXPOSED_OR_CHANGED;
	}
	apply_kept_free(&kept);
	fix_run_sections_free(&sections);
	snapshot_config_free(&config);
	nft_table_known_forget();
	owner_memo_forget();
	if (options->json)
		print_json(objects, count);
	for (size_t i = 0; i < count; i++) {
		json_decref(objects[i]);
		fputs(explained[i], stderr);
	}
	/* One service that failed fails the run; the others' fixes stay,
	 * each verified and recorded. */
	if (failed)
		return EXIT_ERROR;
	return any_change ? EXIT_EXPOSED_OR_CHANGED : EXIT_NOTHING_TO_DO;
}
