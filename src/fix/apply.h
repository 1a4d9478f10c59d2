/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Carrying out a plan and taking it back. Every change is described in
 * the record's struct fix_changes (the state file keeps it), recorded
 * before the host is touched, so undo and a run after a crash know what
 * to restore. Nothing here prints; error texts are one line for
 * "portguard: ". */
#ifndef PORTGUARD_APPLY_H
#define PORTGUARD_APPLY_H

#include <stdbool.h>
#include <sys/types.h>
#include <time.h>

#include "base/error_record.h"
#include "base/paths.h"
#include "fix/nft_file.h"
#include "model/action.h"
#include "nft/nft.h"
#include "record/fix_record.h"
#include "services/service.h"
#include "systemd/systemd.h"

struct apply_request {
	const struct service *service;	/* the one the plan is for: verify scans its ports */
	enum action action;		/* stop or restrict */
	const char *const *units;	/* stop: the units to stop, disable and mask */
	size_t unit_count;
	/* stop: states read before portguard's own portmapper query could
	 * socket-activate the service; used instead of the live ones. */
	const struct unit_state *states_before;
	size_t states_before_count;
	const struct nft_ruleset *ruleset;	/* restrict: the service's part */
	/* restrict: the table as already read under the lock (every
	 * service's part), and what the read returned; NULL: prepare reads
	 * it itself. */
	const struct nft_table *installed_table;
	int installed_read;
	/* restrict, once prepared: the whole table the fix installs (the
	 * others' parts and ruleset), which verify compares; NULL: the part
	 * alone is compared. */
	const struct nft_table *table;
	const struct host *host;	/* --root: where the nft file goes */
	/* restrict: what an earlier prepare of this command kept for the
	 * next; NULL: every prepare reads and formats everything itself. */
	struct apply_kept *kept;
	/* restrict: record the nft file when prepare finds it holding the
	 * text fix writes (false for a dry run, which writes nothing). */
	bool record_file;
};

/* What one prepare of a run of several services keeps for the next.
 * The state file's recorded table (every service's part), reused only
 * while the state file is the file it was read from (device, inode,
 * size and times), so a fix saved in between is read again. And the
 * last whole table whose nft file text prepare formatted, with that
 * text, reused for an equal table: each service's part beside the
 * others' is the same table when nothing needs to change. */
struct apply_kept_record {
	bool valid;
	bool found;
	dev_t device;
	ino_t inode;
	off_t size;
	struct timespec modified, changed;
	struct nft_table table;
};

struct apply_kept {
	struct apply_kept_record recorded;
	struct nft_table formatted;
	char *text;
	struct nft_file_kept file;
};

void apply_kept_free(struct apply_kept *kept);

/* Records the prior state of everything the request will change into
 * *ret_changes, changing nothing. */
int apply_prepare(const struct apply_request *request, struct fix_changes *ret_changes, struct error_record *ret_error);

/* What prepare left out when a fix would change nothing (the nft
 * file's bytes and the text fix writes), for one that goes on: the
 * record and the file are then what they were before prepare left
 * them out. */
int apply_complete(const struct apply_request *request, struct fix_changes *changes, struct error_record *ret_error);

/* true when changes (from apply_prepare) shows the host already as the
 * request wants it: the same table, file and boot unit, or every unit
 * stopped and masked. A second fix then ends before its journal. */
bool apply_already_done(const struct apply_request *request, const struct fix_changes *changes);

/* Carries the request out, as record->changes (from apply_prepare)
 * describes it; what the boot unit ends up as goes there too, and notes
 * for the report (no boot persistence without systemd, ...) go to
 * record's warnings. *ret_changed is false when the host already was as
 * planned. On failure what was changed is reverted and the error says so. */
int apply_carry_out(const struct apply_request *request, struct fix_record *record, bool *ret_changed,
		    struct error_record *ret_error);

/* Restores what changes describes: units to their recorded states, the
 * previous portguard table (or none), the previous nft file (or none),
 * the boot unit disabled again if apply enabled it. Safe to repeat. */
int apply_revert(const struct host *host, const struct fix_changes *changes, bool *ret_changed,
		 struct error_record *ret_error);

#endif
