/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "config.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <syslog.h>
#include <unistd.h>

#include "base/paths.h"
#include "host/config_file.h"
#include "nft/nft.h"
#include "nft/nft_events.h"
#include "record/state.h"
#include "services/service.h"
#include "systemd/libsystemd.h"
#include "systemd/systemd.h"
#include "systemd/unit_events.h"
#include "watch/watch.h"

void watch_schedule_check(struct watch *watch, uint64_t delay)
{
	uint64_t now, armed;
	int enabled = SD_EVENT_OFF;

	sym_sd_event_now(watch->event, CLOCK_MONOTONIC, &now);
	sym_sd_event_source_get_enabled(watch->check_timer, &enabled);
	if (enabled != SD_EVENT_OFF && sym_sd_event_source_get_time(watch->check_timer, &armed) >= 0 &&
	    armed <= now + delay)
		return;
	sym_sd_event_source_set_time(watch->check_timer, now + delay);
	sym_sd_event_source_set_enabled(watch->check_timer, SD_EVENT_ONESHOT);
}

static int on_nft_event(sd_event_source *source, int fd, uint32_t revents, void *data)
{
	struct watch *watch = data;
	uint32_t port_id = nft_writer_port_id(watch->writer);
	struct nft_events_own own = { &port_id, 1 };
	bool foreign = false;
	int r;

	(void)source;
	(void)fd;
	(void)revents;
	r = nft_events_read(watch->nft, &own, &foreign);
	if (r < 0) {
		watch_log(LOG_ERR, "nft", NULL, NULL, "failed", "reading nftables' notifications failed: %s; the "
			  "agent ends so that systemd restarts it", strerror(-r));
		sym_sd_event_exit(watch->event, r);
		return 0;
	}
	if (foreign)
		watch_schedule_check(watch, 0);
	return 0;
}

static int open_unit_events(struct watch *watch);

/* The look, then the textfile when a rescan, a drift or a repair asked
 * for it: after the lock is given back, as check would look. Not while
 * a fight holds repairs back (each of its events would cost a look of
 * every service): the check at the end of the back-off writes it. */
static int on_check(sd_event_source *source, uint64_t usec, void *data)
{
	struct watch *watch = data;
	int r = watch_check(source, usec, data);
	uint64_t now;

	sym_sd_event_now(watch->event, CLOCK_MONOTONIC, &now);
	if (watch->textfile_due && now >= watch->limit.blocked_until)
		watch_textfile_update(watch, true);
	return r;
}

static void on_unit_event(void *data, int disconnected)
{
	struct watch *watch = data;

	if (disconnected) {
		/* systemd re-executed: follow the new one; the check covers
		 * whatever happened in between. */
		unit_events_free(watch->units);
		watch->units = NULL;
		if (open_unit_events(watch) < 0)
			watch_log(LOG_WARNING, "systemd", NULL, NULL, "failed", "lost systemd's bus; relying on the "
				  "rescan every %llu s", WATCH_RESCAN_USEC / 1000000);
	}
	watch_schedule_check(watch, WATCH_UNIT_SETTLE_USEC);
}

/* Every service's units: the agent guards whichever the last fix was for. */
static int open_unit_events(struct watch *watch)
{
	const char *units[2 * SERVICES_MAX + 1];
	size_t count = 0;

	if (systemd_running() <= 0)
		return 0;
	for (size_t i = 0; i < service_count(); i++) {
		const struct service *service = service_at(i);

		if (service->mail_only)
			continue;
		if (service->socket_unit)
			units[count++] = service->socket_unit;
		units[count++] = service->service_unit;
	}
	units[count] = NULL;
	return unit_events_open(watch->event, units, on_unit_event, watch, &watch->units);
}

static int on_rescan(sd_event_source *source, uint64_t usec, void *data)
{
	struct watch *watch = data;

	sym_sd_event_source_set_time(source, usec + WATCH_RESCAN_USEC);
	watch->textfile_due = true;
	watch_schedule_check(watch, 0);
	return 0;
}

static int on_signal(sd_event_source *source, const struct signalfd_siginfo *info, void *data)
{
	struct watch *watch = data;

	(void)source;
	watch_log(LOG_NOTICE, "stop", NULL, NULL, NULL, "%s received: the agent ends",
		  info->ssi_signo == SIGTERM ? "SIGTERM" : "SIGINT");
	sym_sd_event_exit(watch->event, 0);
	return 0;
}

/* The fix the agent guards: the first record's time of its chain. */
static void recorded_fix(const struct host *host, char *buffer, size_t size)
{
	struct fix_record record = { 0 };
	const struct fix_record *first;

	buffer[0] = '\0';
	if (state_load(host, FIX_RECORD_LENIENT, &record, NULL) < 0)
		return;
	for (first = &record; first->earlier; first = first->earlier)
		;
	snprintf(buffer, size, "%s", first->time ? first->time : "");
	fix_record_free(&record);
}

/* The counters go on across restarts of the agent for the same fix (its
 * first record's time), and start again with a new one. */
static void begin_status(struct watch *watch)
{
	char fix[32];
	struct guard_status previous;

	recorded_fix(watch->request->host, fix, sizeof(fix));
	if (guard_status_load(watch->request->host, &previous) == 0 && strcmp(previous.fix, fix) == 0)
		watch->status = previous;
	else
		watch->status = (struct guard_status){ 0 };
	snprintf(watch->status.fix, sizeof(watch->status.fix), "%s", fix);
	snprintf(watch->status.mode, sizeof(watch->status.mode), "%s", watch_mode_to_string(watch->mode));
	watch->status.pid = getpid();
	watch->status.alert[0] = '\0';
	guard_time_now(watch->status.since, sizeof(watch->status.since));
	watch_save_status(watch);
}

void watch_follow_fix(struct watch *watch)
{
	struct guard_status *status = &watch->status;
	char fix[32];

	recorded_fix(watch->request->host, fix, sizeof(fix));
	if (strcmp(fix, status->fix) != 0) {
		snprintf(status->fix, sizeof(status->fix), "%s", fix);
		status->repairs = 0;
		status->last_repair[0] = status->last_drift[0] = status->drift[0] = '\0';
	}
	status->alert[0] = '\0';
	watch_save_status(watch);
}

static int setup(struct watch *watch, struct error_record *ret_error)
{
	sigset_t signals;
	int r;

	sigemptyset(&signals);
	sigaddset(&signals, SIGTERM);
	sigaddset(&signals, SIGINT);
	if (sigprocmask(SIG_BLOCK, &signals, NULL) < 0)
		return -errno;
	r = sym_sd_event_default(&watch->event);
	if (r >= 0)
		r = sym_sd_event_add_signal(watch->event, NULL, SIGTERM, on_signal, watch);
	if (r >= 0)
		r = sym_sd_event_add_signal(watch->event, NULL, SIGINT, on_signal, watch);
	if (r < 0)
		return r;
	r = nft_events_open(&watch->nft);
	if (r < 0) {
		error_record_set(ret_error, NULL, 0, "cannot follow nftables' changes: %s; watch needs root "
				 "(CAP_NET_ADMIN) and nf_tables", strerror(-r));
		return r;
	}
	r = nft_writer_open(&watch->writer);
	if (r < 0) {
		error_record_set(ret_error, NULL, 0, "cannot open a socket to nf_tables: %s",
				 nft_unavailable_reason(r));
		return r;
	}
	r = sym_sd_event_add_io(watch->event, &watch->nft_source, nft_events_fd(watch->nft), EPOLLIN, on_nft_event,
				watch);
	/* One-shot, armed on demand; the first check runs right away and
	 * repairs what drifted while no agent ran. */
	if (r >= 0)
		r = sym_sd_event_add_time_relative(watch->event, &watch->check_timer, CLOCK_MONOTONIC, 0, 1,
						   on_check, watch);
	/* The safety net needs no precision: let the kernel batch its wake-up. */
	if (r >= 0)
		r = sym_sd_event_add_time_relative(watch->event, &watch->rescan_timer, CLOCK_MONOTONIC,
						   WATCH_RESCAN_USEC, WATCH_RESCAN_USEC / 10, on_rescan, watch);
	if (r >= 0)
		r = sym_sd_event_source_set_enabled(watch->rescan_timer, SD_EVENT_ON);
	if (r < 0) {
		error_record_set(ret_error, NULL, 0, "cannot set up the event loop: %s", strerror(-r));
		return r;
	}
	r = open_unit_events(watch);
	if (r < 0)
		watch_log(LOG_WARNING, "systemd", NULL, NULL, "failed", "cannot follow systemd's units of the services (%s); "
			  "relying on the rescan every %llu s", strerror(-r), WATCH_RESCAN_USEC / 1000000);
	return 0;
}

int watch_read_mode(const struct watch_request *request, enum watch_mode *ret_mode, char *ret_textfile_dir,
		    struct error_record *ret_error)
{
	struct config_file config;
	struct error_record input_error = { 0 };
	int r = config_file_load(request->host, request->config, &config, &input_error);

	if (r < 0) {
		if (input_error.message[0])
			*ret_error = input_error;
		else
			error_record_set(ret_error, NULL, 0, "%s", strerror(-r));
		return r;
	}
	*ret_mode = config.watch;
	if (ret_textfile_dir)
		snprintf(ret_textfile_dir, PATH_MAX, "%s", config.textfile_dir);
	config_file_free(&config);
	return 0;
}

int watch_run(const struct watch_request *request, struct error_record *ret_error)
{
	struct watch watch = { .request = request };
	int r;

	error_record_clear(ret_error);
	if (geteuid() != 0) {
		error_record_set(ret_error, NULL, 0, "watch changes the firewall or systemd and needs root; run it "
				 "with sudo");
		return -EPERM;
	}
	/* The loop, the journal and systemd's notifications are libsystemd's. */
	r = libsystemd_load();
	if (r < 0) {
		error_record_set(ret_error, NULL, 0, "%s", libsystemd_load_error());
		return r;
	}
	r = watch_read_mode(request, &watch.mode, watch.textfile_dir, ret_error);
	if (r < 0) {
		error_record_append(ret_error, "; correct it and start portguard watch again");
		return r;
	}
	r = setup(&watch, ret_error);
	if (r >= 0) {
		begin_status(&watch);
		watch_textfile_update(&watch, true);
		watch_log(LOG_NOTICE, "start", NULL, NULL, NULL, "guarding the recorded fix (watch = %s)",
			  watch.status.mode);
		sym_sd_notifyf(false, "READY=1\nSTATUS=guarding the recorded fix (watch = %s)", watch.status.mode);
		r = sym_sd_event_loop(watch.event);
		sym_sd_notify(false, "STOPPING=1");
		watch.status.pid = 0;
		watch_save_status(&watch);
		watch_textfile_update(&watch, false);
	}
	unit_events_free(watch.units);
	sym_sd_event_source_unref(watch.nft_source);
	sym_sd_event_source_unref(watch.check_timer);
	sym_sd_event_source_unref(watch.rescan_timer);
	nft_events_free(watch.nft);
	nft_writer_free(watch.writer);
	sym_sd_event_unref(watch.event);
	return r < 0 ? r : 0;
}
