/* SPDX-License-Identifier: GPL-2.0-or-later */
/* portguard watch: the agent that keeps the last recorded fix true.
 * One sd-event loop over nftables' notifications, systemd's signals for
 * the rpcbind units and a slow rescan timer; each wakes the same check,
 * which looks at the host under the lock and, on drift, repairs it the
 * way fix would (watch_check.c). Everything it does goes to the journal
 * (watch_log.c) and into the guard status file (guard.h). */
#ifndef PORTGUARD_WATCH_H
#define PORTGUARD_WATCH_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>
#include <systemd/sd-event.h>

#include "base/error_record.h"
#include "base/paths.h"
#include "host/config_file.h"
#include "record/guard.h"

/* The safety net: rescan this often even when no event came. */
#define WATCH_RESCAN_USEC (300 * 1000000ull)
/* systemd's signals come in bursts (unmask, reload, start): look once
 * they settled. */
#define WATCH_UNIT_SETTLE_USEC (500 * 1000ull)
#define WATCH_LOCK_RETRY_USEC (200 * 1000ull)
/* A journal that cannot be recovered (damaged, or the rollback failed):
 * try again this often, so that the admin's remedy takes soon. */
#define WATCH_RECOVERY_RETRY_USEC (10 * 1000000ull)

struct nft_events;
struct nft_writer;
struct unit_events;

/* What the agent guards and where; borrowed, not owned. */
struct watch_request {
	const struct host *host;	/* --root, or the live system */
	const char *config;		/* NULL: portguard.conf below root */
	const char *report_dir;		/* its repairs' reports; NULL: as fix decides */
	bool all_rpc;			/* its repairs cover every RPC port */
};

/* Runs the agent until nothing is left to guard (the last fix was
 * undone) or SIGTERM/SIGINT: returns 0, or a negative errno with the
 * one-line cause in ret_error ("" when the journal already has it). */
int watch_run(const struct watch_request *request, struct error_record *ret_error);

struct watch {
	const struct watch_request *request;
	sd_event *event;
	struct nft_events *nft;
	sd_event_source *nft_source;
	struct unit_events *units;
	sd_event_source *check_timer;	/* one-shot, armed by watch_schedule_check */
	sd_event_source *rescan_timer;
	struct repair_limit limit;
	struct guard_status status;
	enum watch_mode mode;
	/* The socket the agent puts the table back on, open for its whole
	 * life: the batches whose NEWGEN names its port id are its own. A
	 * repair through fix_run writes on sockets of its own: its batches
	 * look foreign and cost one more look, which finds nothing to do. */
	struct nft_writer *writer;
	/* A journal the agent could not recover: status.alert says so. */
	bool recovery_failed;
	/* node_exporter's textfile (watch_textfile.c): the config's
	 * textfile_dir ("" when not set), whether a rescan or repair asks
	 * for it to be written, and the last failure, logged once. */
	char textfile_dir[PATH_MAX];
	bool textfile_due;
	char textfile_error[ERROR_LINE_MAX];
};

/* Arms the check to run in delay microseconds, or sooner if it already
 * was. */
void watch_schedule_check(struct watch *watch, uint64_t delay);

/* The check timer's handler (watch_check.c): looks, repairs or alerts,
 * updates the status. Ends the loop when nothing is left to guard. */
int watch_check(sd_event_source *source, uint64_t usec, void *data);

/* Journal entries with structured fields (PORTGUARD_EVENT, _DRIFT,
 * _ACTION, _RESULT); also on stderr when that is not the journal. */
void watch_log(int priority, const char *event, const char *drift, const char *action, const char *result,
	       const char *format, ...) __attribute__((format(printf, 6, 7)));

/* The config's watch key, and its textfile_dir into ret_textfile_dir
 * (PATH_MAX bytes; NULL: not wanted); on a bad config the one-line cause
 * in ret_error. */
int watch_read_mode(const struct watch_request *request, enum watch_mode *ret_mode, char *ret_textfile_dir,
		    struct error_record *ret_error);

/* Writes the status file; a failure is logged, not fatal. */
void watch_save_status(struct watch *watch);
/* Writes node_exporter's textfile when textfile_dir is set (running:
 * the agent goes on, else it ends and guards nothing); a failure is one
 * journal line, not fatal. */
void watch_textfile_update(struct watch *watch, bool running);
/* After the recorded fix changed under the agent (an interrupted fix it
 * finished): the status names that fix, its counters from zero. */
void watch_follow_fix(struct watch *watch);

#endif
