/* SPDX-License-Identifier: GPL-2.0-or-later */
/* What fix, undo and report share around the change itself: the lock,
 * recovery from a run that was killed half-way, the tool checks, and
 * where reports go. Nothing here prints: errors are one line (cause;
 * what to do) in the caller's buffer, for "portguard: ". */
#ifndef PORTGUARD_RUN_H
#define PORTGUARD_RUN_H

#include <jansson.h>
#include <limits.h>
#include <stdbool.h>
#include <stddef.h>

#include "base/error_record.h"
#include "base/paths.h"
#include "fix/apply.h"

struct snapshot;

/* Takes /run/portguard.lock (waiting up to 10 s for another run) and
 * rolls back a fix that was interrupted before it recorded its end
 * (*ret_recovered then true: the caller tells the user). command, "fix"
 * or "undo", names the run in the error. Returns 0 with
 * *ret_lock_fd for run_end, or a negative errno with the cause in
 * ret_error. */
int run_begin(const struct host *host, const char *command, int *ret_lock_fd, bool *ret_recovered,
	      struct error_record *ret_error);
void run_end(int lock_fd);
/* run_end for _cleanup_(run_endp) int lock_fd = -1. */
void run_endp(int *lock_fd);

/* The journal of a fix that was killed (what run_begin recovers from):
 * -ENOENT when there is none, 0 with *ret_record, or a negative errno
 * with the cause in ret_error when it cannot be read, which fix and undo
 * refuse until the admin has looked; a dry run refuses the same way. */
int run_journal_read(const struct host *host, struct fix_record *ret_record, struct error_record *ret_error);
/* What run_recover did with a fix that was killed half-way. */
enum run_recovery {
	RUN_RECOVERY_NONE,		/* no journal: no fix was interrupted */
	RUN_RECOVERY_FINISHED,		/* it had applied and verified: its record became the state */
	RUN_RECOVERY_ROLLED_BACK,	/* it was applying: the prior states it recorded are back */
};
/* Under the lock: what run_begin does first, for the agent too, so that
 * an interrupted fix ends the same whoever comes next. */
int run_recover(const struct host *host, enum run_recovery *ret_recovery, struct error_record *ret_error);

/* nftables usable for restrict, systemd reachable for stop; else the
 * cause and the remedy in ret_error. */
int run_check_tools(const struct apply_request *request, struct error_record *ret_error);

/* Where reports go: report_dir (--report-dir) when given, else the
 * config's report_dir (the snapshot's, or read from config below root
 * when there is no snapshot), else the default below root; buffer holds
 * PATH_MAX bytes. */
int run_report_directory(const struct host *host, const char *config, const char *report_dir,
			 const struct snapshot *snapshot, char *buffer);

#endif
