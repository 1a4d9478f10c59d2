/* SPDX-License-Identifier: GPL-2.0-or-later */
/* fix as one library call, for portguard fix and the agent's repair:
 * the lock and recovery, the snapshot, the decision, apply, journal and
 * state, verify, the report, and the rollback when a step fails. It
 * prints nothing: what the caller shows comes back in struct fix_result. */
#ifndef PORTGUARD_FIX_RUN_H
#define PORTGUARD_FIX_RUN_H

#include <stdbool.h>

#include "assess/snapshot.h"
#include "base/paths.h"
#include "fix/apply.h"
#include "model/action.h"
#include "record/fix_record.h"

/* A run of several services, as its reports go: the services whose fix
 * wrote a report so far, in the run's order. A changed service's
 * section is its record in the state's same_run chain; an explained
 * service's, which the state does not keep (undo and the agent have
 * nothing of it), is its record here, in memory for the run alone. So
 * each report of the run, and so the last, has a section for every
 * service reported before it. */
struct fix_run_sections {
	const struct service *services[SERVICES_MAX];
	struct fix_record *explained[SERVICES_MAX];	/* owned; NULL: a changed service's */
	size_t count;
	/* The services the run acts on, in its order, as the caller picked
	 * them (borrowed; NULL when not given): a report says of a row of
	 * one after its own service that the same run deals with it next. */
	const struct service *const *picked;
	size_t picked_count;
};

void fix_run_sections_free(struct fix_run_sections *sections);
/* The services run acts on after service (after the first place it has
 * in run->picked), in the run's order: a pointer into run->picked with
 * *ret_count of them; NULL with 0 when service is the run's last or not
 * among its picked ones. */
const struct service *const *fix_run_later_services(const struct fix_run_sections *run,
						     const struct service *service, size_t *ret_count);
/* The sections of the report of record, a service of the run: the
 * run's earlier services in its order (a changed one's record from
 * record's same_run chain, an explained one's from run), then record.
 * ret_sections has room for SERVICES_MAX + 1; returns how many. */
size_t fix_run_report_sections(const struct fix_run_sections *run, const struct fix_record *record,
			       const struct fix_record **ret_sections);

/* What to fix and how; borrowed, not owned. */
struct fix_request {
	const struct service *service;	/* what to fix */
	const struct host *host;	/* --root, or the live system */
	const char *config;		/* NULL: portguard.conf below root */
	const char *report_dir;		/* NULL: the config's, else the default below root */
	bool mode_given;
	enum mode mode;
	const struct cidr_list *trusted;	/* besides the config's; may be NULL */
	bool force;
	bool all_rpc;
	const char *abuse_report;	/* the provider's mail, or NULL */
	/* Decide only: no root, no lock, no change, no rollback. */
	bool dry_run;
	/* The agent's: undo takes it back with the fix it repaired. */
	bool repair;
	/* Not the first service of this run: undo takes it back with the
	 * fix recorded before it. */
	bool same_run;
	/* A run of several services: what one service's prepare keeps for
	 * the next (apply.h); NULL: each reads and formats everything. */
	struct apply_kept *kept;
	/* A run of several services: its reports so far, which fix_run
	 * adds this service's to; NULL: the report is the chain's alone. */
	struct fix_run_sections *sections;
	/* The run's config file, read once (snapshot.h); NULL: read here. */
	struct snapshot_config *config_read;
	/* Keep the table's record in memory for the run's next look
	 * (snapshot.h); the caller frees it with nft_table_known_forget. */
	bool keep_known_table;
};

enum fix_outcome {
	FIX_OUTCOME_FAILED,		/* error says why; nothing is left half-done unrecorded */
	FIX_OUTCOME_NOTHING_TO_DO,	/* the plan is none: the snapshot's plan says why */
	FIX_OUTCOME_IN_PLACE,		/* the planned change was already there */
	FIX_OUTCOME_DRY_RUN,		/* decided; nothing was changed */
	FIX_OUTCOME_CHANGED,		/* changed, verified and recorded */
	/* the plan is explain: nothing was changed, the host stays exposed,
	 * and error holds the one line (file:line, the change) to print */
	FIX_OUTCOME_EXPLAIN,
};

struct fix_result {
	enum fix_outcome outcome;
	/* The lock's recovery rolled back an interrupted fix first. */
	bool recovered;
	/* Dry run: a journal fix would roll back first, so its plan may differ. */
	bool interrupted;
	/* The abuse report names other RPC services of this host: the plan
	 * covers their ports too, as with all_rpc. */
	bool all_rpc_implied;
	/* Dry run without root: nftables and the journal were not read. */
	bool unread;
	enum action action;		/* IN_PLACE, DRY_RUN, CHANGED: stop or restrict */
	bool have_snapshot;
	struct snapshot snapshot;
	/* CHANGED: the record as saved; IN_PLACE: its warnings. */
	struct fix_record record;
	struct error_record error;	/* FAILED: one line (cause; what to do) */
};

/* Returns 0 with the outcome, or a negative errno with outcome FAILED
 * and the cause in result->error. result is filled either way (the
 * flags above hold what happened before a failure) and is freed with
 * fix_result_free. */
int fix_run(const struct fix_request *request, struct fix_result *result);
void fix_result_free(struct fix_result *result);

#endif
