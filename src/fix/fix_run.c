/* SPDX-License-Identifier: GPL-2.0-or-later */
/* fix: scan, assess, plan, apply, verify, record, report, under one lock.
 * The state file is written before the first change (status "applying"),
 * so a run killed half-way is rolled back by the next one. */
#include "config.h"

#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/safe_file.h"
#include "fix/fix_run.h"
#include "fix/guard_unit.h"
#include "fix/run.h"
#include "fix/verify.h"
#include "kernel/addresses.h"
#include "kernel/owner.h"
#include "mail/abuse.h"
#include "model/cidr.h"
#include "record/state.h"
#include "report/report.h"

/* What apply carries out, and the storage its pointers lead into. */
struct planned_change {
	struct apply_request apply;
	/* The service's part: its ports its own, its trusted prefixes the
	 * plan's list (normalised by the plan), borrowed read-only from the
	 * snapshot, which outlives the change: planned_change_free leaves
	 * them to the plan. */
	struct nft_ruleset ruleset;
	struct nft_table table;		/* the whole table: the others' parts and ruleset */
	const char *unit_names[PLAN_UNITS_MAX];
	struct unit_state states_before[2];
	size_t states_before_count;
};

/* For tests/integration/watch-recovery.sh, which kills a fix at a known
 * point of its journal: "applying" (the journal written, the host
 * changed) or "applied" (the journal complete, not yet the state file).
 * Honoured in every build so that the suite tests the binary that
 * ships: it stops only the process that reads it, which whoever sets
 * that process's environment can do anyway (kill -STOP); sudo's
 * env_reset drops it and units have their own environment. */
static void test_stop(const char *point)
{
	const char *wanted = getenv("PORTGUARD_TEST_STOP");

	if (wanted && strcmp(wanted, point) == 0)
		raise(SIGSTOP);
}

static int change_from_plan(const struct snapshot *snapshot, const struct fix_request *request,
			    struct planned_change *change)
{
	const struct plan *plan = &snapshot->plan;
	struct apply_request *apply = &change->apply;
	int r;

	*apply = (struct apply_request){
		.service = request->service,
		.host = request->host,
		.installed_table = &snapshot->installed_table,
		.installed_read = snapshot->installed_read,
		.states_before = change->states_before,
		.states_before_count = change->states_before_count,
		.kept = request->kept,
		.record_file = !request->dry_run,
	};
	if (plan->action == ACTION_STOP) {
		for (size_t i = 0; i < plan->unit_count; i++)
			change->unit_names[i] = plan->units[i];
		apply->action = ACTION_STOP;
		apply->units = change->unit_names;
		apply->unit_count = plan->unit_count;
		return 0;
	}
	apply->action = ACTION_RESTRICT;
	service_nft_shape(plan->service, &change->ruleset.shape);
	for (size_t i = 0; i < plan->port_count; i++) {
		r = nft_ruleset_add_port(&change->ruleset, plan->ports[i]);
		if (r < 0)
			return r;
	}
	/* The ports sorted; the prefixes are the plan's, already merged. */
	nft_ruleset_normalize(&change->ruleset);
	change->ruleset.trusted = plan->trusted;
	apply->ruleset = &change->ruleset;
	return 0;
}

static void planned_change_free(struct planned_change *change)
{
	/* The trusted prefixes are the plan's. */
	change->ruleset.trusted = (struct cidr_list){ 0 };
	nft_ruleset_free(&change->ruleset);
	nft_table_free(&change->table);
}

/* What only root may read (nftables, the journal) a dry run by another
 * user leaves to fix, which refuses other users anyway; as root a dry
 * run decides on all of it, as fix does. */
static bool left_to_root(const struct fix_request *request, int r)
{
	return request->dry_run && geteuid() != 0 && (r == -EPERM || r == -EACCES);
}

/* Where fix would refuse or find nothing to change, given the plan:
 * everything fix decides between the plan and its first change, for fix
 * and its dry run alike. Returns 0 to go on (with result->unread when a
 * dry run could not read what only root may), 1 when the host already
 * is as planned, or a negative errno with the refusal in result->error. */
static int decide_request(const struct fix_request *request, struct planned_change *change,
			  struct fix_result *result)
{
	struct error_record error = { 0 };
	int r;

	r = change_from_plan(&result->snapshot, request, change);
	if (r < 0) {
		error_record_set(&result->error, NULL, 0, "out of memory; free memory and run fix again");
		return r;
	}
	r = change->apply.action == ACTION_RESTRICT ? nft_ruleset_check(&change->ruleset, request->service->daemon, &error) : 0;
	if (r == 0)
		r = run_check_tools(&change->apply, &error);
	if (r == 0)
		r = apply_prepare(&change->apply, &result->record.changes, &error);
	if (r < 0 && left_to_root(request, r)) {
		result->unread = true;
		return 0;
	}
	if (r < 0) {
		result->error = error;
		return r;
	}
	if (apply_already_done(&change->apply, &result->record.changes))
		return 1;
	r = apply_complete(&change->apply, &result->record.changes, &result->error);
	if (r < 0)
		return r;
	/* The whole table to install, built only when there is a change. */
	if (change->apply.action == ACTION_RESTRICT) {
		r = fix_nft_table(&result->record.changes.nft, false, &change->table);
		if (r < 0) {
			error_record_set(&result->error, NULL, 0, "out of memory; free memory and run fix again");
			return r;
		}
		change->apply.table = &change->table;
	}
	return 0;
}

static void read_states_before(const struct service *service, struct unit_state *states, size_t *ret_count)
{
	const char *const units[] = { service->socket_unit, service->service_unit };

	*ret_count = 0;
	if (systemd_running() <= 0)
		return;
	for (size_t i = 0; i < sizeof(units) / sizeof(units[0]); i++)
		if (units[i] && systemd_unit_state(units[i], &states[*ret_count]) == 0)
			(*ret_count)++;
}

/* A dry run takes no lock and rolls nothing back, but a journal that
 * fix would refuse it refuses too, and one fix would roll back first
 * makes its plan a guess: result->interrupted says so. */
static int dry_run_begin(const struct fix_request *request, struct fix_result *result)
{
	struct fix_record journal = { 0 };
	int r = run_journal_read(request->host, &journal, &result->error);

	if (r == -ENOENT)
		return 0;
	if (r < 0 && left_to_root(request, r)) {
		error_record_clear(&result->error);
		result->unread = true;
		return 0;
	}
	if (r < 0)
		return r;
	result->interrupted = journal.status != FIX_APPLIED;
	fix_record_free(&journal);
	return 0;
}

/* A fix that changes a host an earlier fix changed keeps that fix's
 * record inside its own, so undo can walk back to the host as it was
 * before portguard, one fix at a time. */
#define EARLIER_FIXES_MAX 32

static void keep_earlier_fix(const struct host *host, struct fix_record *record)
{
	struct fix_record *earlier = calloc(1, sizeof(*earlier));
	struct error_record error = { 0 };
	int r;

	if (!earlier)
		return;
	r = state_load(host, FIX_RECORD_STRICT, earlier, &error);
	/* Replacing a record that could not be read loses it: said, not
	 * silent (a state beyond STATE_FILE_MAX, a damaged one). */
	if (r < 0 && r != -ENOENT)
		fix_record_add_warning(record, FIX_WARNING_EARLIER_UNREAD, error.message[0] ? error.message : strerror(-r));
	if (r < 0 || earlier->status != FIX_APPLIED) {
		fix_record_freep(&earlier);
		return;
	}
	fix_record_set_earlier(record, earlier, EARLIER_FIXES_MAX);
}

/* After a failure: put back what changes records. The journal goes only
 * when that worked; otherwise the next portguard run (fix or undo)
 * finds it and tries again, so nothing stays half-done unrecorded. */
static void take_back(const struct fix_request *request, struct fix_result *result, const char *cause,
		      const char *remedy)
{
	struct error_record revert_error = { 0 };
	bool reverted;

	if (apply_revert(request->host, &result->record.changes, &reverted, &revert_error) == 0) {
		state_journal_discard(request->host);
		error_record_set(&result->error, NULL, 0, "%s; nothing was left changed%s%s", cause,
				 remedy ? "; " : "", remedy ? remedy : "");
		return;
	}
	error_record_set(&result->error, NULL, 0, "%s; taking the change back failed too (%s): run 'portguard "
			 "undo' to retry, %s keeps what to restore", cause, revert_error.message, STATE_JOURNAL_FILE);
}

/* What the provider reported, with each address checked against ours.
 * A row of ours that shows NFS or other RPC services reachable makes
 * *ret_all_rpc true: closing port 111 alone would leave them open. */
static int read_abuse_report(const struct fix_request *request, struct fix_result *result, bool *ret_all_rpc)
{
	struct fix_record *record = &result->record;
	struct abuse_report abuse = { 0 };
	struct address_list local = { 0 };
	struct error_record error = { 0 };
	int r;

	r = addresses_local(&local);
	/* The addresses name the host in the report; without an abuse report
	 * to check against them they are no reason to stop. */
	if (r < 0 && request->abuse_report) {
		error_record_set(&result->error, NULL, 0, "reading this host's addresses through netlink failed "
				 "(%s), so the reported addresses cannot be checked; retry, or fix without "
				 "--abuse-report", strerror(-r));
		return r;
	}
	if (r == 0 && addresses_shown(&local, &record->local_addresses, &record->local_address_count) == 0)
		record->has_local_addresses = true;
	if (request->abuse_report) {
		r = abuse_report_read(request->abuse_report, &abuse, &error);
		if (r < 0) {
			char line[ABUSE_MESSAGE_MAX];

			/* The mail's error line is cut where it always was. */
			error_record_set(&result->error, NULL, 0, "%s",
					 error_record_format(&error, line, sizeof(line)));
			address_list_free(&local);
			return r;
		}
		record->has_abuse_report = abuse_record_from_report(&abuse, &local, &record->abuse_report) == 0;
		if (record->has_abuse_report && !request->all_rpc && abuse_report_names_more(&abuse, &local, request->service)) {
			*ret_all_rpc = true;
			result->all_rpc_implied = true;
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
	record->service = snapshot->service;
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

/* The record of service in the run's chain before record, or NULL. */
static const struct fix_record *chain_record(const struct fix_record *record, const struct service *service)
{
	for (const struct fix_record *link = record->same_run ? record->earlier : NULL; link;
	     link = link->same_run ? link->earlier : NULL)
		if (link->service == service)
			return link;
	return NULL;
}

size_t fix_run_report_sections(const struct fix_run_sections *run, const struct fix_record *record,
			       const struct fix_record **ret_sections)
{
	size_t count = 0;

	for (size_t i = 0; i < run->count && count < SERVICES_MAX; i++) {
		const struct fix_record *section = run->explained[i] ? run->explained[i]
								     : chain_record(record, run->services[i]);

		if (section && run->services[i] != record->service)
			ret_sections[count++] = section;
	}
	ret_sections[count++] = record;
	return count;
}

const struct service *const *fix_run_later_services(const struct fix_run_sections *run,
						     const struct service *service, size_t *ret_count)
{
	*ret_count = 0;
	for (size_t i = 0; run->picked && i < run->picked_count; i++) {
		if (run->picked[i] != service)
			continue;
		*ret_count = run->picked_count - i - 1;
		return *ret_count ? &run->picked[i + 1] : NULL;
	}
	return NULL;
}

/* After this service's report: its section, for the run's later ones.
 * An explained service's record moves into the run (its report's path
 * stays in result->record for the caller). */
static void run_sections_add(const struct fix_request *request, struct fix_result *result)
{
	struct fix_run_sections *run = request->sections;
	struct fix_record *kept = NULL;

	if (!run || run->count >= SERVICES_MAX)
		return;
	if (result->outcome == FIX_OUTCOME_EXPLAIN) {
		if (!result->record.service || !(kept = calloc(1, sizeof(*kept))))
			return;
		*kept = result->record;
		result->record = (struct fix_record){ .report = kept->report ? strdup(kept->report) : NULL };
		/* A section is its record alone. */
		fix_record_freep(&kept->earlier);
	} else if (result->outcome != FIX_OUTCOME_CHANGED) {
		return;
	}
	run->services[run->count] = request->service;
	run->explained[run->count++] = kept;
}

void fix_run_sections_free(struct fix_run_sections *sections)
{
	for (size_t i = 0; i < sections->count; i++)
		fix_record_freep(&sections->explained[i]);
	sections->count = 0;
}

/* The report's files, over the run's earlier fixes (a run of several
 * services reports them all, the explained ones through
 * request->sections, and names the services it acts on later); one
 * that cannot be written is a warning (report_path: the file or
 * directory that failed, if known). */
static void report_files(const struct fix_request *request, struct fix_result *result, char report_path[PATH_MAX],
			 char json_path[PATH_MAX])
{
	struct fix_record *record = &result->record;
	const struct fix_record *sections[SERVICES_MAX + 1];
	struct report_run run = { .sections = sections };
	int r;

	keep_earlier_fix(request->host, record);
	if (request->sections) {
		run.later = fix_run_later_services(request->sections, request->service, &run.later_count);
		if (request->sections->count || run.later_count)
			run.count = fix_run_report_sections(request->sections, record, sections);
	}
	r = run_report_directory(request->host, request->config, request->report_dir, &result->snapshot, report_path);
	if (r == 0)
		r = report_write_run(record, &run, report_path, report_path, PATH_MAX, json_path, PATH_MAX);
	if (r < 0) {
		char detail[PATH_MAX + 128];

		snprintf(detail, sizeof(detail), "%s%s%s", report_path, report_path[0] ? ": " : "", safe_file_strerror(r));
		fix_record_add_warning(record, FIX_WARNING_REPORT_UNWRITTEN, detail);
	} else {
		record->report = strdup(report_path);
	}
}

/* The report of an explained service, so that the owner can send the
 * provider the answer although nothing changed: what was found, why
 * portguard does not firewall it, the line to change. Its record is
 * the report's alone (the state file keeps only changes, which undo
 * walks back); over this run's earlier fixes, so the one report
 * answers every service of the mail fixed before it. A report that
 * cannot be written is a warning, as for a change. */
static void explain_report(const struct fix_request *request, struct fix_result *result)
{
	char report_path[PATH_MAX] = "", json_path[PATH_MAX];
	struct fix_record *record = &result->record;

	if (record_begin(&result->snapshot, ACTION_EXPLAIN, record) < 0)
		return;
	record->status = FIX_APPLIED;
	record->changed = FIX_NO;
	record->verified = FIX_UNKNOWN;
	record->same_run = request->same_run;
	report_files(request, result, report_path, json_path);
}

/* Everything up to the decision, for fix and its dry run: returns 0 to
 * change the host, 1 when there is nothing to change (the outcome says
 * why), or a negative errno. */
static int decide(const struct fix_request *request, struct planned_change *change, struct fix_result *result)
{
	bool all_rpc = request->all_rpc;
	int r;

	/* Before check's portmapper query can socket-activate rpcbind. */
	read_states_before(request->service, change->states_before, &change->states_before_count);
	/* A bad abuse report is an error even when nothing needs to change;
	 * read before the plan, which it may widen to every RPC port. */
	r = read_abuse_report(request, result, &all_rpc);
	if (r < 0)
		return r;
	struct snapshot_request look = {
		.service = request->service,
		.host = request->host,
		.config = request->config,
		.mode_given = request->mode_given,
		.mode = request->mode,
		.trusted = request->trusted,
		.force = request->force,
		.all_rpc = all_rpc,
		.record_table = !request->dry_run,
		.config_read = request->config_read,
		.keep_known_table = request->keep_known_table,
	};
	r = snapshot_take(&look, &result->snapshot, &result->error);
	if (r < 0)
		return r;
	result->have_snapshot = true;
	if (result->snapshot.plan.action == ACTION_NONE) {
		result->outcome = FIX_OUTCOME_NOTHING_TO_DO;
		return 1;
	}
	/* Before any change and for the dry run alike: only the service's
	 * own configuration can close it. */
	if (result->snapshot.plan.action == ACTION_EXPLAIN) {
		char text[PLAN_TEXT_MAX];

		plan_reason_format(&result->snapshot.plan, LANGUAGE_ENGLISH, text, sizeof(text));
		error_record_set(&result->error, NULL, 0, "%s is still exposed: %s", request->service->name, text);
		result->action = ACTION_EXPLAIN;
		result->outcome = FIX_OUTCOME_EXPLAIN;
		if (!request->dry_run)
			explain_report(request, result);
		return 1;
	}
	r = decide_request(request, change, result);
	if (r < 0)
		return r;
	result->action = change->apply.action;
	if (r > 0) {
		result->outcome = FIX_OUTCOME_IN_PLACE;
		return 1;
	}
	if (request->dry_run) {
		result->outcome = FIX_OUTCOME_DRY_RUN;
		return 1;
	}
	return 0;
}

/* The report, and the state file that names it; a report that cannot
 * be written is a warning, a state that cannot be saved takes the fix
 * back. */
static int record_end(const struct fix_request *request, struct fix_result *result)
{
	char cause[256], report_path[PATH_MAX] = "", json_path[PATH_MAX];
	struct fix_record *record = &result->record;
	int r;

	report_files(request, result, report_path, json_path);
	r = state_journal_save(request->host, record);
	if (r == 0)
		test_stop("applied");
	if (r == 0)
		r = state_journal_commit(request->host);
	if (r < 0) {
		/* A change undo would not know of is half done: take it back. */
		snprintf(cause, sizeof(cause), "cannot record the change in %s (%s)", STATE_FILE, strerror(-r));
		take_back(request, result, cause, "free space there and run fix again");
		/* The report would claim a fix that was taken back. */
		if (record->report) {
			unlink(report_path);
			unlink(json_path);
		}
	}
	return r;
}

static int carry_out(const struct fix_request *request, struct planned_change *change, struct fix_result *result)
{
	struct error_record error = { 0 };
	struct verification verification = { 0 };
	struct fix_record *record = &result->record;
	bool changed = false;
	int r;

	if (record_begin(&result->snapshot, change->apply.action, record) < 0) {
		error_record_set(&result->error, NULL, 0, "out of memory; nothing was changed, free memory and "
				 "run fix again");
		return -ENOMEM;
	}
	record->repair = request->repair;
	record->same_run = request->same_run;
	guard_unit_prepare(&record->changes);

	/* Owners found before the change may not hold after it. */
	owner_memo_forget();
	/* The journal: written before the first change to the host. */
	r = state_journal_save(request->host, record);
	if (r < 0) {
		error_record_set(&result->error, NULL, 0, "cannot write %s: %s; nothing was changed",
				 STATE_JOURNAL_FILE, strerror(-r));
		return r;
	}
	r = apply_carry_out(&change->apply, record, &changed, &error);
	if (r < 0) {
		char remedy[160];

		/* systemd's causes name the unit but not the remedy. */
		snprintf(remedy, sizeof(remedy), "see 'systemctl status %s%s%s', then run fix again",
			 request->service->socket_unit ? request->service->socket_unit : "",
			 request->service->socket_unit ? " " : "", request->service->service_unit);
		take_back(request, result, error.message, change->apply.action == ACTION_STOP ? remedy : NULL);
		return r;
	}
	test_stop("applying");
	if (!changed) {
		state_journal_discard(request->host);
		result->outcome = FIX_OUTCOME_IN_PLACE;
		return 0;
	}
	r = verify_request(&change->apply, &verification, &error);
	if (r < 0) {
		take_back(request, result, error.message, NULL);
		return r;
	}
	guard_unit_start(record);
	r = verification_scan(&verification, &record->proof);
	verification_free(&verification);
	if (r < 0) {
		take_back(request, result, "out of memory", "free memory and run fix again");
		return -ENOMEM;
	}
	record->changed = FIX_YES;
	record->verified = FIX_YES;
	record->status = FIX_APPLIED;
	r = record_end(request, result);
	if (r < 0)
		return r;
	result->outcome = FIX_OUTCOME_CHANGED;
	return 0;
}

int fix_run(const struct fix_request *request, struct fix_result *result)
{
	struct planned_change change = { 0 };
	int lock_fd = -1, r;

	*result = (struct fix_result){ .outcome = FIX_OUTCOME_FAILED };
	/* A dry run changes nothing, so it needs neither root nor the lock,
	 * and must not roll back an interrupted fix either. */
	r = request->dry_run ? dry_run_begin(request, result)
			     : run_begin(request->host, "fix", &lock_fd, &result->recovered, &result->error);
	if (r < 0)
		return r;
	/* The rollback of an interrupted run changed the host. */
	if (result->recovered)
		owner_memo_forget();
	r = decide(request, &change, result);
	if (r == 0)
		r = carry_out(request, &change, result);
	if (r < 0)
		result->outcome = FIX_OUTCOME_FAILED;
	else if (!request->dry_run)
		run_sections_add(request, result);
	planned_change_free(&change);
	run_end(lock_fd);
	return r < 0 ? r : 0;
}

void fix_result_free(struct fix_result *result)
{
	if (result->have_snapshot)
		snapshot_free(&result->snapshot);
	result->have_snapshot = false;
	fix_record_free(&result->record);
}
