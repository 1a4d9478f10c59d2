/* SPDX-License-Identifier: GPL-2.0-or-later */
/* One look at the host against the recorded fix, and the repair.
 *
 * A table deleted or changed is put back from the record in one batch
 * (milliseconds, while the lock is held); anything else that exposes
 * port 111 again (rpcbind unmasked and started, a new listener) is
 * repaired by fix itself (fix_run): the same pipeline with its own lock,
 * journal, verification and record, so a consumer that appeared
 * meanwhile gets a restriction instead of a stop. */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>

#include "assess/listeners.h"
#include "base/paths.h"
#include "base/text.h"
#include "fix/apply.h"
#include "fix/fix_run.h"
#include "fix/run.h"
#include "kernel/scan.h"
#include "model/action.h"
#include "model/cidr.h"
#include "nft/nft.h"
#include "record/fix_record.h"
#include "record/state.h"
#include "services/service.h"
#include "systemd/libsystemd.h"
#include "watch/watch.h"

/* One service the applied fixes changed: the newest fix of it in the
 * chain of the state file. */
struct guarded {
	const struct service *service;
	char action[16];		/* "stop" or "restrict" */
	struct cidr_list trusted;	/* the networks that fix trusted */
};

struct look {
	bool guarding;			/* an applied fix is recorded */
	const char *not_guarding;	/* else why not, for the journal */
	const char *stop_result;	/* and that as PORTGUARD_RESULT */
	struct guarded guarded[SERVICES_MAX];
	size_t guarded_count;
	size_t exposed_index;		/* exposed: the guarded service that is */
	struct nft_table recorded;	/* the table the newest restrict installed */
	bool have_recorded;
	bool table_drifted;
	bool exposed;
	char what[GUARD_TEXT_MAX];	/* what drifted, "" when nothing */
};

static void look_free(struct look *look)
{
	nft_table_free(&look->recorded);
	for (size_t i = 0; i < look->guarded_count; i++)
		cidr_list_free(&look->guarded[i].trusted);
	look->guarded_count = 0;
}

/* Every service of the chain once, by its newest fix; the table of the
 * newest restrict. */
static void read_guarded(const struct fix_record *record, struct look *look)
{
	for (const struct fix_record *link = record; link; link = link->earlier) {
		bool known = false;

		if (link->status != FIX_APPLIED || (link->action != ACTION_STOP && link->action != ACTION_RESTRICT))
			continue;
		if (!look->have_recorded && link->changes.has_nft)
			look->have_recorded = fix_nft_table(&link->changes.nft, false, &look->recorded) == 0;
		for (size_t i = 0; i < look->guarded_count; i++)
			known |= look->guarded[i].service == link->service;
		if (known || look->guarded_count >= SERVICES_MAX)
			continue;
		struct guarded *guarded = &look->guarded[look->guarded_count++];

		guarded->service = link->service;
		snprintf(guarded->action, sizeof(guarded->action), "%s", action_to_string(link->action));
		(void)cidr_list_add_all(&guarded->trusted, &link->found.plan.trusted);
	}
}

/* The first exposed listener, for the journal: "udp 0.0.0.0 (rpcbind.socket)". */
static void describe_exposed(const struct listener_list *listeners, char *buffer, size_t size)
{
	char address[64];

	for (size_t i = 0; i < listeners->count; i++) {
		const struct listener *listener = &listeners->items[i];

		if (!listener->exposed || listener->filtered)
			continue;
		text_format(buffer, size, "port %u is exposed again: %s %s%s%s%s", listener->port,
			    listener->transport == TRANSPORT_TCP ? "tcp" : "udp",
			    ip_address_format(&listener->address, address),
			    listener->owner_count ? " (" : "",
			    listener->owner_count ? (listener->owners[0].unit[0] ? listener->owners[0].unit
						     : listener->owners[0].process) : "",
			    listener->owner_count ? ")" : "");
		return;
	}
}

/* Scans every guarded service's ports: exposed means bound beyond
 * loopback and not limited by portguard's table. */
static int look_at_listeners(struct look *look)
{
	for (size_t i = 0; i < look->guarded_count && !look->exposed; i++) {
		struct listener_list listeners = { 0 };
		int r = listeners_read(look->guarded[i].service, &listeners, NULL);

		if (r < 0)
			return r;
		look->exposed = listener_list_exposed(&listeners);
		look->exposed_index = i;
		if (look->exposed && !look->what[0])
			describe_exposed(&listeners, look->what, sizeof(look->what));
		listener_list_free(&listeners);
	}
	return 0;
}

static int look_at_host(const struct host *host, bool read_table, struct look *look)
{
	struct nft_table installed = { 0 };
	struct nft_shape shapes[SERVICES_MAX];
	struct fix_record record = { 0 };
	int r;

	*look = (struct look){
		.not_guarding = "no fix was ever recorded here",
		.stop_result = "never fixed",
	};
	r = state_load(host, FIX_RECORD_STRICT, &record, NULL);
	if (r == -ENOENT)
		return 0;
	if (r < 0)
		return r;
	if (record.status != FIX_APPLIED || (record.action != ACTION_STOP && record.action != ACTION_RESTRICT)) {
		bool undone = record.status == FIX_UNDONE;

		look->not_guarding = undone ? "the last fix was undone" : "the recorded fix changed nothing";
		look->stop_result = undone ? "undone" : "never fixed";
		fix_record_free(&record);
		return 0;
	}
	look->guarding = true;
	read_guarded(&record, look);
	fix_record_free(&record);
	if (look->have_recorded && !read_table)
		return 0;
	if (look->have_recorded) {
		r = nft_table_read(shapes, service_nft_shapes(shapes), &installed, NULL);
		if (r == -ENOENT) {
			look->table_drifted = true;
			snprintf(look->what, sizeof(look->what), "table inet portguard is gone");
		} else if (r == -EUCLEAN || (r == 0 && !nft_table_equal(&installed, &look->recorded))) {
			look->table_drifted = true;
			snprintf(look->what, sizeof(look->what), "table inet portguard was changed");
		}
		nft_table_free(&installed);
	}
	/* A table to put back comes first: the scan, which reads every
	 * process's sockets, waits until the port is closed again. */
	return look->table_drifted ? 0 : look_at_listeners(look);
}

static void record_drift(struct watch *watch, const char *what)
{
	guard_time_now(watch->status.last_drift, sizeof(watch->status.last_drift));
	snprintf(watch->status.drift, sizeof(watch->status.drift), "%s", what);
	watch->textfile_due = true;
}

static void repaired(struct watch *watch, const char *what, const char *action)
{
	watch->status.repairs++;
	watch->textfile_due = true;
	guard_time_now(watch->status.last_repair, sizeof(watch->status.last_repair));
	watch->status.drift[0] = '\0';
	watch_log(LOG_NOTICE, "repair", what, action, "repaired", "%s: %s; repaired (repairs so far: %lu)", what,
		  action, watch->status.repairs);
}

static void log_recovery(enum run_recovery recovery)
{
	if (recovery == RUN_RECOVERY_FINISHED)
		watch_log(LOG_WARNING, "recover", NULL, "finished the interrupted fix", "finished",
			  "a fix was interrupted after it had applied and verified its change: its record is now "
			  "the state, as the next run would make it");
	else if (recovery == RUN_RECOVERY_ROLLED_BACK)
		watch_log(LOG_WARNING, "recover", NULL, "rolled back the interrupted fix", "rolled back",
			  "a fix was interrupted while it applied its change: what it had changed was rolled back, "
			  "as the next run would do");
}

/* fix, as portguard fix would run it, with the lock of its own. A
 * recorded restrict stays a restrict (the admin chose it, and it breaks
 * nobody); after a stop, auto mode restricts instead when a consumer
 * appeared. */
static void repair_exposure(struct watch *watch, const struct look *look)
{
	/* The table drifted: the newest fix repairs it, with the others'
	 * parts it recorded. */
	const struct guarded *guarded = &look->guarded[look->exposed ? look->exposed_index : 0];
	const struct fix_request request = {
		.service = guarded->service,
		.host = watch->request->host,
		.config = watch->request->config,
		.report_dir = watch->request->report_dir,
		.mode_given = true,
		.mode = strcmp(guarded->action, "restrict") == 0 ? MODE_RESTRICT : MODE_AUTO,
		.trusted = &guarded->trusted,
		.all_rpc = watch->request->all_rpc,
		.repair = true,
	};
	char what[GUARD_TEXT_MAX], text[1024], error[ERROR_LINE_MAX];
	struct fix_result result;
	int r;

	snprintf(what, sizeof(what), "%s", look->what);
	r = fix_run(&request, &result);
	if (result.recovered)
		log_recovery(RUN_RECOVERY_ROLLED_BACK);
	for (size_t i = 0; i < result.record.warning_count; i++) {
		fix_warning_format(&result.record.warnings[i], LANGUAGE_ENGLISH, text, sizeof(text));
		watch_log(LOG_WARNING, "repair", what, "ran fix", "warning", "%s: fix warns: %s", what, text);
	}
	if (r < 0)
		watch_log(LOG_ERR, "repair", what, "ran fix", "failed", "%s: fix failed: %s; the agent tries again",
			  what, error_record_format(&result.error, error, sizeof(error)));
	else if (result.outcome == FIX_OUTCOME_CHANGED)
		repaired(watch, what, "ran fix");
	else
		watch_log(LOG_INFO, "repair", what, "ran fix", "nothing to change", "%s: fix found nothing to change",
			  what);
	fix_result_free(&result);
}

/* Counts a repair against the rate limit; false when it is over, and
 * when that started a fight, the alert. */
static bool count_repair(struct watch *watch, const char *what)
{
	uint64_t now;
	bool fight_began;

	sym_sd_event_now(watch->event, CLOCK_MONOTONIC, &now);
	if (repair_limit_allow(&watch->limit, now, &fight_began))
		return true;
	if (fight_began) {
		text_format(watch->status.alert, sizeof(watch->status.alert),
			    "another program keeps undoing the fix (%s): more than %d repairs in %llu s; backing off for %llu s",
			    what, GUARD_BURST, GUARD_BURST_WINDOW_USEC / 1000000,
			    (unsigned long long)((watch->limit.blocked_until - now) / 1000000));
		watch_log(LOG_CRIT, "fight", what, "back off", "alert", "%s", watch->status.alert);
	}
	return false;
}

/* false when a fight with another tool holds the repair back; the
 * check comes back when the back-off ends. */
static bool may_repair(struct watch *watch, const char *what)
{
	uint64_t now;

	if (count_repair(watch, what))
		return true;
	sym_sd_event_now(watch->event, CLOCK_MONOTONIC, &now);
	watch_schedule_check(watch, watch->limit.blocked_until - now);
	return false;
}

/* The table back from the record, unread: apply reads it on the socket
 * it then writes on and sends a batch only when it differs. A read of
 * its own would close its socket first, and closing an nf_tables socket
 * right after a table was deleted waits for the kernel to destroy it
 * (some 10 ms). The repair is counted afterwards: a fight is held back
 * from the next one on. */
static void put_table_back(struct watch *watch, struct look *look)
{
	static const char what[] = "table inet portguard was removed or changed";
	struct error_record error = { 0 };
	bool changed = false;
	int r = nft_writer_apply_table(watch->writer, &look->recorded, &changed, &error);

	if (r < 0) {
		watch_log(LOG_ERR, "repair", "table inet portguard", "put table inet portguard back", "failed",
			  "putting table inet portguard back failed: %s", error.message);
		return;
	}
	if (!changed)
		return;
	record_drift(watch, what);
	watch_log(LOG_WARNING, "drift", what, NULL, NULL, "%s", what);
	repaired(watch, what, "put table inet portguard back from the record");
	(void)count_repair(watch, what);
	watch_save_status(watch);
}

/* The config is read again before every look, like the state: a
 * changed watch key holds without a restart, a broken config changes
 * nothing. */
static void reread_mode(struct watch *watch)
{
	struct error_record error = { 0 };
	char line[ERROR_LINE_MAX];
	enum watch_mode mode;

	if (watch_read_mode(watch->request, &mode, watch->textfile_dir, &error) < 0) {
		watch_log(LOG_WARNING, "config", NULL, NULL, "failed", "%s; keeping watch = %s",
			  error_record_format(&error, line, sizeof(line)),
			  watch_mode_to_string(watch->mode));
		return;
	}
	if (mode == watch->mode)
		return;
	watch->mode = mode;
	snprintf(watch->status.mode, sizeof(watch->status.mode), "%s", watch_mode_to_string(mode));
	watch_log(LOG_NOTICE, "config", NULL, NULL, NULL, "watch = %s from now on", watch->status.mode);
	watch_save_status(watch);
}

/* Under the lock: a fix killed half-way is ended as the next fix or
 * undo would end it (run.c), so that the agent guards what is recorded,
 * never a half-applied change nobody would guard or undo. A journal it
 * cannot end stays an alert until it can: the agent goes on. */
static int recover_interrupted(struct watch *watch)
{
	struct error_record record = { 0 };
	char error[ERROR_LINE_MAX];
	enum run_recovery recovery;
	int r = run_recover(watch->request->host, &recovery, &record);

	if (r < 0) {
		error_record_format(&record, error, sizeof(error));
		if (!watch->recovery_failed || strcmp(watch->status.alert, error) != 0) {
			watch->recovery_failed = true;
			text_format(watch->status.alert, sizeof(watch->status.alert), "%s", error);
			watch_log(LOG_ERR, "recover", NULL, NULL, "failed", "%s; the agent tries again every %llu s",
				  error, WATCH_RECOVERY_RETRY_USEC / 1000000);
			watch_save_status(watch);
		}
		watch_schedule_check(watch, WATCH_RECOVERY_RETRY_USEC);
		return r;
	}
	log_recovery(recovery);
	if (recovery != RUN_RECOVERY_NONE || watch->recovery_failed) {
		watch->recovery_failed = false;
		watch_follow_fix(watch);
	}
	return 0;
}

int watch_check(sd_event_source *source, uint64_t usec, void *data)
{
	struct watch *watch = data;
	struct look look;
	uint64_t now;
	bool fast;
	int lock_fd, r;

	(void)source;
	(void)usec;
	/* Never wait for fix or undo inside the loop: come back instead. */
	r = state_lock(0, &lock_fd);
	if (r == -EWOULDBLOCK) {
		watch_schedule_check(watch, WATCH_LOCK_RETRY_USEC);
		return 0;
	}
	if (r < 0) {
		watch_log(LOG_ERR, "check", NULL, NULL, "failed", "cannot take %s: %s", STATE_LOCK_FILE, strerror(-r));
		watch_schedule_check(watch, WATCH_RESCAN_USEC);
		return 0;
	}
	reread_mode(watch);
	(void)recover_interrupted(watch);
	sym_sd_event_now(watch->event, CLOCK_MONOTONIC, &now);
	/* Repairing and not held back: the table is put back before anything
	 * else is looked at. */
	fast = watch->mode == WATCH_REPAIR && now >= watch->limit.blocked_until;
	r = look_at_host(watch->request->host, !fast, &look);
	if (r < 0) {
		state_unlock(lock_fd);
		watch_log(LOG_ERR, "check", NULL, NULL, "failed", "cannot look at the host: %s; trying again later",
			  strerror(-r));
		look_free(&look);
		return 0;
	}
	/* Ends only when the record says so: a journal not yet recovered
	 * may hold a change that must be rolled back first. */
	if (!look.guarding && !watch->recovery_failed) {
		state_unlock(lock_fd);
		watch_log(LOG_NOTICE, "stop", NULL, NULL, look.stop_result, "%s: nothing to guard, the agent ends",
			  look.not_guarding);
		look_free(&look);
		sym_sd_event_exit(watch->event, 0);
		return 0;
	}
	if (!look.guarding) {
		state_unlock(lock_fd);
		look_free(&look);
		return 0;
	}
	if (fast && look.have_recorded) {
		put_table_back(watch, &look);
		(void)look_at_listeners(&look);
	}
	if (!look.table_drifted && !look.exposed) {
		state_unlock(lock_fd);
		if (watch->status.drift[0]) {
			watch_log(LOG_NOTICE, "drift", watch->status.drift, NULL, "resolved", "%s: no longer so",
				  watch->status.drift);
			watch->status.drift[0] = '\0';
			watch->textfile_due = true;
			watch_save_status(watch);
		}
		look_free(&look);
		return 0;
	}
	if (watch->mode == WATCH_ALERT) {
		state_unlock(lock_fd);
		if (strcmp(watch->status.drift, look.what) != 0) {
			record_drift(watch, look.what);
			watch_log(LOG_WARNING, "drift", look.what, "none (watch = alert)", "alert",
				  "%s; not repaired, watch = alert: run 'portguard fix'", look.what);
			watch_save_status(watch);
		}
		look_free(&look);
		return 0;
	}
	record_drift(watch, look.what);
	watch_log(LOG_WARNING, "drift", look.what, NULL, NULL, "%s", look.what);
	/* Held back by a fight, or exposed although the table is in place. */
	if (!may_repair(watch, look.what)) {
		state_unlock(lock_fd);
		watch_save_status(watch);
		look_free(&look);
		return 0;
	}
	state_unlock(lock_fd);
	repair_exposure(watch, &look);
	watch_save_status(watch);
	look_free(&look);
	return 0;
}
