/* SPDX-License-Identifier: GPL-2.0-or-later */
/* fix: scan, assess, plan, apply, verify, record, report, under one lock.
 * The state file is written before the first change (status "applying"),
 * so a run killed half-way is rolled back by the next one. */
#include "config.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "assess/plan.h"
#include "assess/snapshot.h"
#include "base/paths.h"
#include "base/safe_file.h"
#include "cli/commands.h"
#include "fix/apply.h"
#include "fix/guard_unit.h"
#include "fix/run.h"
#include "fix/verify.h"
#include "kernel/addresses.h"
#include "kernel/scan.h"
#include "mail/abuse.h"
#include "model/cidr.h"
#include "record/fix_record.h"
#include "record/state.h"
#include "report/report.h"

/* What apply carries out, and the storage its pointers lead into. */
struct fix_request {
	struct apply_request apply;
	struct nft_ruleset ruleset;
	const char *unit_names[PLAN_UNITS_MAX];
	struct unit_state states_before[2];
	size_t states_before_count;
};

static int request_from_plan(const struct snapshot *snapshot, const struct options *options,
			     struct fix_request *request)
{
	const struct plan *plan = &snapshot->plan;
	struct apply_request *apply = &request->apply;
	int r;

	*apply = (struct apply_request){
		.root = options->root,
		.installed = &snapshot->installed,
		.installed_read = snapshot->installed_read,
		.states_before = request->states_before,
		.states_before_count = request->states_before_count,
	};
	if (plan->action == ACTION_STOP) {
		for (size_t i = 0; i < plan->unit_count; i++)
			request->unit_names[i] = plan->units[i];
		apply->action = ACTION_STOP;
		apply->units = request->unit_names;
		apply->unit_count = plan->unit_count;
		return 0;
	}
	apply->action = ACTION_RESTRICT;
	for (size_t i = 0; i < plan->trusted.count; i++) {
		r = cidr_list_add(&request->ruleset.trusted, &plan->trusted.items[i]);
		if (r < 0)
			return r;
	}
	for (size_t i = 0; i < plan->port_count; i++) {
		r = nft_ruleset_add_port(&request->ruleset, plan->ports[i]);
		if (r < 0)
			return r;
	}
	nft_ruleset_normalize(&request->ruleset);
	apply->ruleset = &request->ruleset;
	return 0;
}

/* What only root may read (nftables, the journal) a dry run by another
 * user leaves to fix, which refuses other users anyway; as root a dry
 * run decides on all of it, as fix does. */
static bool left_to_root(const struct options *options, int r)
{
	return options->dry_run && geteuid() != 0 && (r == -EPERM || r == -EACCES);
}

/* Where fix would refuse or find nothing to change, given the plan:
 * everything fix decides between the plan and its first change, for fix
 * and its dry run alike. Prints the refusal; returns 0 to go on (with
 * *ret_unread when a dry run could not read what only root may), 1 when
 * the host already is as planned, or a negative errno. */
static int decide_request(const struct snapshot *snapshot, const struct options *options,
			  struct fix_request *request, struct fix_changes *ret_changes, bool *ret_unread)
{
	char error[APPLY_ERROR_MAX] = "";
	int r;

	r = request_from_plan(snapshot, options, request);
	if (r < 0) {
		fprintf(stderr, "portguard: out of memory; free memory and run fix again\n");
		return r;
	}
	r = request->apply.action == ACTION_RESTRICT ? nft_ruleset_check(&request->ruleset, error, sizeof(error)) : 0;
	if (r == 0)
		r = run_check_tools(&request->apply, error, sizeof(error));
	if (r == 0)
		r = apply_prepare(&request->apply, ret_changes, error, sizeof(error));
	if (r < 0 && left_to_root(options, r)) {
		*ret_unread = true;
		return 0;
	}
	if (r < 0) {
		fprintf(stderr, "portguard: %s\n", error);
		return r;
	}
	return apply_already_done(&request->apply, ret_changes) ? 1 : 0;
}

static void read_states_before(struct unit_state *states, size_t *ret_count)
{
	static const char *const units[] = { "rpcbind.socket", "rpcbind.service" };

	*ret_count = 0;
	if (systemd_running() <= 0)
		return;
	for (size_t i = 0; i < sizeof(units) / sizeof(units[0]); i++)
		if (systemd_unit_state(units[i], &states[*ret_count]) == 0)
			(*ret_count)++;
}

/* A dry run takes no lock and rolls nothing back, but a journal that
 * fix would refuse it refuses too, and one fix would roll back first
 * makes its plan a guess: it says so. */
static int dry_run_begin(const struct options *options, bool *ret_unread)
{
	char error[APPLY_ERROR_MAX + 256] = "";
	struct fix_record journal = { 0 };
	int r = run_journal_read(options->root, &journal, error, sizeof(error));

	if (r == -ENOENT)
		return 0;
	if (r < 0 && left_to_root(options, r)) {
		*ret_unread = true;
		return 0;
	}
	if (r < 0) {
		fprintf(stderr, "portguard: %s\n", error);
		return r;
	}
	if (journal.status != FIX_APPLIED)
		fprintf(stderr, "portguard: note: the previous run was interrupted; fix would first roll back what it "
			"had changed and then decide again, so its plan may differ from this one\n");
	fix_record_free(&journal);
	return 0;
}

static void print_dry_run(const struct snapshot *snapshot, const struct options *options, bool unread)
{
	if (options->json) {
		json_t *root = snapshot_json(snapshot);

		json_object_set_new(root, "changed", json_false());
		json_object_set_new(root, "dry_run", json_true());
		json_dumpf(root, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
		fputc('\n', stdout);
		json_decref(root);
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
	       snapshot->listeners.count == 1 ? "" : "s", PORTMAPPER_PORT, exposed);
	if (snapshot->rpc_asked && snapshot->rpc.reachable)
		printf("; the portmapper answers with up to %zu bytes (%.1fx amplification)",
		       snapshot->rpc.reply_bytes, snapshot->rpc.amplification);
	plan_reason_format(&snapshot->plan, LANGUAGE_ENGLISH, text, sizeof(text));
	printf(".\nPlan: %s. %s\n", action_to_string(snapshot->plan.action), text);
	for (size_t i = 0; i < snapshot->plan.step_count; i++) {
		plan_step_format(&snapshot->plan, i, LANGUAGE_ENGLISH, text, sizeof(text));
		printf("  %zu. %s\n", i + 1, text);
	}
}

static void print_outcome(const struct snapshot *snapshot, const struct fix_record *record,
			  const struct options *options);

/* A fix that changes a host an earlier fix changed keeps that fix's
 * record inside its own, so undo can walk back to the host as it was
 * before portguard, one fix at a time. */
#define EARLIER_FIXES_MAX 8

static void keep_earlier_fix(const char *root, struct fix_record *record)
{
	char error[256];
	struct fix_record *earlier = calloc(1, sizeof(*earlier));

	if (!earlier)
		return;
	if (state_load(root, FIX_RECORD_STRICT, earlier, error, sizeof(error)) < 0 || earlier->status != FIX_APPLIED) {
		fix_record_freep(&earlier);
		return;
	}
	fix_record_set_earlier(record, earlier, EARLIER_FIXES_MAX);
}

/* After a failure: put back what changes records. The journal goes only
 * when that worked; otherwise the next portguard run (fix or undo)
 * finds it and tries again, so nothing stays half-done unrecorded. */
static void take_back(const struct options *options, const struct fix_changes *changes, const char *cause,
		      const char *remedy)
{
	char revert_error[APPLY_ERROR_MAX] = "";
	bool reverted;

	if (apply_revert(options->root, changes, &reverted, revert_error, sizeof(revert_error)) == 0) {
		state_journal_discard(options->root);
		fprintf(stderr, "portguard: %s; nothing was left changed%s%s\n", cause, remedy ? "; " : "",
			remedy ? remedy : "");
		return;
	}
	fprintf(stderr, "portguard: %s; taking the change back failed too (%s): run 'portguard undo' to retry, "
		"%s keeps what to restore\n", cause, revert_error, STATE_JOURNAL_FILE);
}

static void print_warnings(const struct fix_record *record)
{
	char text[1024];

	for (size_t i = 0; i < record->warning_count; i++) {
		fix_warning_format(&record->warnings[i], LANGUAGE_ENGLISH, text, sizeof(text));
		fprintf(stderr, "portguard: warning: %s\n", text);
	}
}

static void print_unchanged(const struct snapshot *snapshot, const struct apply_request *request,
			    const struct fix_record *record, const struct options *options)
{
	if (record)
		print_warnings(record);
	if (options->json) {
		struct fix_record unchanged = { .changed = FIX_NO, .verified = FIX_YES };

		print_outcome(snapshot, &unchanged, options);
	} else if (!options->quiet) {
		printf("Nothing needed to change: %s is already in place.\n",
		       request->action == ACTION_STOP ? "the stop" : "the restriction");
	}
}

static json_t *known_json(enum fix_known value)
{
	return value == FIX_UNKNOWN ? NULL : json_boolean(value == FIX_YES);
}

static void print_outcome(const struct snapshot *snapshot, const struct fix_record *record,
			  const struct options *options)
{
	if (options->json) {
		json_t *root = snapshot_json(snapshot), *warnings = json_array();

		for (size_t i = 0; warnings && i < record->warning_count; i++) {
			char text[1024];

			fix_warning_format(&record->warnings[i], LANGUAGE_ENGLISH, text, sizeof(text));
			json_array_append_new(warnings, json_string(text));
		}
		json_object_set_new(root, "changed", known_json(record->changed));
		json_object_set_new(root, "verified", known_json(record->verified));
		if (record->proof.present)
			json_object_set_new(root, "after", fix_scan_to_json(&record->proof));
		if (record->changed == FIX_YES)
			json_object_set_new(root, "warnings", warnings);
		else
			json_decref(warnings);
		if (record->report)
			json_object_set_new(root, "report", json_string(record->report));
		if (options->dry_run)
			json_object_set_new(root, "dry_run", json_true());
		json_dumpf(root, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
		fputc('\n', stdout);
		json_decref(root);
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
	printf("Done: %s.\n", snapshot->plan.action == ACTION_STOP
	       ? "rpcbind is stopped, disabled and masked"
	       : "port 111 is limited to loopback and the trusted networks by table inet portguard");
	printf("Verified: port %u is no longer exposed.\n", PORTMAPPER_PORT);
	if (record->changes.has_guard && (record->changes.guard.started || record->changes.guard.active_before))
		printf("Guarded: portguard.service (portguard watch) keeps it so until 'portguard undo'.\n");
	if (record->report)
		printf("Report: %s\n", record->report);
}

/* What the provider reported, with each address checked against ours.
 * A row of ours that shows NFS or other RPC services reachable makes
 * *ret_all_rpc true: closing port 111 alone would leave them open. */
static int read_abuse_report(const struct options *options, struct fix_record *record, bool *ret_all_rpc)
{
	struct abuse_report abuse = { 0 };
	struct address_list local = { 0 };
	struct abuse_error error = { { 0 } };
	int r;

	r = addresses_local(&local);
	/* The addresses name the host in the report; without an abuse report
	 * to check against them they are no reason to stop. */
	if (r < 0 && options->abuse_report) {
		fprintf(stderr, "portguard: reading this host's addresses through netlink failed (%s), so the "
			"reported addresses cannot be checked; retry, or fix without --abuse-report\n", strerror(-r));
		return r;
	}
	if (r == 0 && addresses_shown(&local, &record->local_addresses, &record->local_address_count) == 0)
		record->has_local_addresses = true;
	if (options->abuse_report) {
		r = abuse_report_read(options->abuse_report, &abuse, &error);
		if (r < 0) {
			fprintf(stderr, "portguard: %s\n", error.message);
			address_list_free(&local);
			return r;
		}
		record->has_abuse_report = abuse_record_from_report(&abuse, &local, &record->abuse_report) == 0;
		if (record->has_abuse_report && !options->all_rpc && abuse_report_names_rpc_services(&abuse, &local)) {
			*ret_all_rpc = true;
			record->abuse_report.all_rpc_implied = true;
		}
		abuse_report_free(&abuse);
	}
	address_list_free(&local);
	return 0;
}

/* The record of this fix as far as it is known before the first change:
 * what was found and planned, and the prior states. */
static int record_begin(const struct snapshot *snapshot, enum action action, struct fix_record *record)
{
	record->format = FIX_RECORD_FORMAT;
	record->version = strdup(PACKAGE_VERSION);
	record->host = strdup(snapshot->host);
	record->action = action;
	record->status = FIX_APPLYING;
	if (fix_scan_from_snapshot(snapshot, &record->found) < 0)
		return -ENOMEM;
	record->time = strdup(record->found.time);
	if (!record->version || !record->host || !record->time)
		return -ENOMEM;
	return fix_record_set_plan(record, &snapshot->plan, &snapshot->consumers);
}

int command_fix(const struct options *options)
{
	char error[APPLY_ERROR_MAX] = "", report_path[PATH_MAX] = "", json_path[PATH_MAX];
	char snapshot_error[SNAPSHOT_ERROR_MAX] = "";
	struct snapshot snapshot = { 0 };
	struct fix_request request = { 0 };
	struct verification verification = { 0 };
	struct fix_record record = { 0 };
	bool changed = false, have_snapshot = false, unread = false;
	int lock_fd = -1, exit_code = EXIT_ERROR, r;
	struct options widened = *options;

	/* A dry run changes nothing, so it needs neither root nor the lock,
	 * and must not roll back an interrupted fix either. */
	r = options->dry_run ? dry_run_begin(options, &unread) : command_begin(options, &lock_fd);
	if (r < 0)
		return EXIT_ERROR;
	/* Before check's portmapper query can socket-activate rpcbind. */
	read_states_before(request.states_before, &request.states_before_count);
	/* A bad abuse report is an error even when nothing needs to change;
	 * read before the plan, which it may widen to every RPC port. */
	if (read_abuse_report(options, &record, &widened.all_rpc) < 0)
		goto out;
	if (widened.all_rpc && !options->all_rpc && !options->quiet && !options->json)
		printf("The abuse report lists RPC services besides the portmapper on this host's address, "
		       "so fix covers their ports too, as with --all-rpc.\n");
	options = &widened;
	r = snapshot_take(options, &snapshot, snapshot_error, sizeof(snapshot_error));
	if (r < 0) {
		fprintf(stderr, "portguard: %s\n", snapshot_error);
		goto out;
	}
	have_snapshot = true;
	if (snapshot.plan.action == ACTION_NONE) {
		char reason_text[PLAN_TEXT_MAX];

		plan_reason_format(&snapshot.plan, LANGUAGE_ENGLISH, reason_text, sizeof(reason_text));
		if (options->json)
			snapshot_print_json(&snapshot, stdout);
		else if (!options->quiet)
			printf("Nothing to do: %s\n", reason_text);
		exit_code = EXIT_NOTHING_TO_DO;
		goto out;
	}
	r = decide_request(&snapshot, options, &request, &record.changes, &unread);
	if (r < 0)
		goto out;
	if (r > 0) {
		print_unchanged(&snapshot, &request.apply, NULL, options);
		exit_code = EXIT_NOTHING_TO_DO;
		goto out;
	}
	if (options->dry_run) {
		print_dry_run(&snapshot, options, unread);
		exit_code = EXIT_EXPOSED_OR_CHANGED;
		goto out;
	}
	if (record_begin(&snapshot, request.apply.action, &record) < 0) {
		fprintf(stderr, "portguard: out of memory; nothing was changed, free memory and run fix again\n");
		goto out;
	}
	record.repair = options->repair;
	guard_unit_prepare(&record.changes);

	/* The journal: written before the first change to the host. */
	r = state_journal_save(options->root, &record);
	if (r < 0) {
		fprintf(stderr, "portguard: cannot write %s: %s; nothing was changed\n",
			STATE_JOURNAL_FILE, strerror(-r));
		goto out;
	}
	r = apply_carry_out(&request.apply, &record, &changed, error, sizeof(error));
	if (r < 0) {
		/* systemd's causes name the unit but not the remedy. */
		take_back(options, &record.changes, error, request.apply.action == ACTION_STOP
			  ? "see 'systemctl status rpcbind.socket rpcbind.service', then run fix again" : NULL);
		goto out;
	}
	command_test_stop("applying");
	if (!changed) {
		state_journal_discard(options->root);
		print_unchanged(&snapshot, &request.apply, &record, options);
		exit_code = EXIT_NOTHING_TO_DO;
		goto out;
	}
	r = verify_request(&request.apply, &verification, error, sizeof(error));
	if (r < 0) {
		take_back(options, &record.changes, error, NULL);
		goto out;
	}
	guard_unit_start(&record);
	if (verification_scan(&verification, &record.proof) < 0) {
		take_back(options, &record.changes, "out of memory", "free memory and run fix again");
		goto out;
	}
	record.changed = FIX_YES;
	record.verified = FIX_YES;
	record.status = FIX_APPLIED;
	r = run_report_directory(options, &snapshot, report_path);
	if (r == 0)
		r = report_write(&record, report_path, report_path, sizeof(report_path), json_path, sizeof(json_path));
	if (r < 0) {
		char detail[PATH_MAX + 128];

		/* report_path: the file or directory that failed, if known. */
		snprintf(detail, sizeof(detail), "%s%s%s", report_path, report_path[0] ? ": " : "", safe_file_strerror(r));
		fix_record_add_warning(&record, FIX_WARNING_REPORT_UNWRITTEN, detail);
	} else {
		record.report = strdup(report_path);
	}
	keep_earlier_fix(options->root, &record);
	r = state_journal_save(options->root, &record);
	if (r == 0)
		command_test_stop("applied");
	if (r == 0)
		r = state_journal_commit(options->root);
	if (r < 0) {
		/* A change undo would not know of is half done: take it back. */
		snprintf(error, sizeof(error), "cannot record the change in %s (%s)", STATE_FILE, strerror(-r));
		take_back(options, &record.changes, error, "free space there and run fix again");
		/* The report would claim a fix that was taken back. */
		if (record.report) {
			unlink(report_path);
			unlink(json_path);
		}
		goto out;
	}
	print_outcome(&snapshot, &record, options);
	exit_code = EXIT_EXPOSED_OR_CHANGED;
out:
	verification_free(&verification);
	nft_ruleset_free(&request.ruleset);
	fix_record_free(&record);
	if (have_snapshot)
		snapshot_free(&snapshot);
	run_end(lock_fd);
	return exit_code;
}
