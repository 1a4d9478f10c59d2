/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "config.h"

#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/paths.h"
#include "base/safe_file.h"
#include "record/guard.h"

void guard_time_now(char *buffer, size_t size)
{
	time_t now = time(NULL);
	struct tm utc;

	gmtime_r(&now, &utc);
	strftime(buffer, size, "%Y-%m-%dT%H:%M:%SZ", &utc);
}

int guard_status_load(const struct host *host, struct guard_status *ret_status)
{
	char *text;
	size_t length;
	int r;

	r = paths_read_own(host, GUARD_FILE, &text, &length);
	if (r < 0)
		return r;
	r = guard_status_from_text(text, length, ret_status);
	free(text);
	return r;
}

int guard_status_save(const struct host *host, const struct guard_status *status)
{
	char *text = guard_status_to_text(status);
	int r;

	if (!text)
		return -ENOMEM;
	r = paths_write_file(host, GUARD_FILE, text, strlen(text), 0644);
	free(text);
	return r;
}

bool guard_status_running(const struct guard_status *status)
{
	char path[64], *comm;
	size_t length;
	bool running;

	/* The agent is a process of this host, whatever --root the files
	 * are read below. */
	if (!status || status->pid <= 0)
		return false;
	snprintf(path, sizeof(path), "/proc/%d/comm", (int)status->pid);
	if (safe_file_read(path, 0, 64, &comm, &length) < 0)
		return false;
	running = strncmp(comm, "portguard", 9) == 0;
	free(comm);
	return running;
}

void guard_seen_take(const struct guard_status *status, struct guard_seen *ret_seen)
{
	*ret_seen = (struct guard_seen){ .running = guard_status_running(status) };
	if (status)
		ret_seen->status = *status;
}

void guard_status_sentence(const struct guard_status *status, char *buffer, size_t size)
{
	if (!guard_status_running(status)) {
		snprintf(buffer, size, "not guarded: portguard watch is not running");
		return;
	}
	if (status->repairs == 0)
		snprintf(buffer, size, "guarded by portguard watch since %s (%s), repaired 0 times", status->since,
			 status->mode);
	else
		snprintf(buffer, size, "guarded by portguard watch since %s (%s), repaired %lu time%s, last %s",
			 status->since, status->mode, status->repairs, status->repairs == 1 ? "" : "s",
			 status->last_repair);
}

bool repair_limit_allow(struct repair_limit *limit, uint64_t now, bool *ret_fight_began)
{
	uint64_t delay;

	*ret_fight_began = false;
	if (now < limit->blocked_until)
		return false;
	/* A quiet spell ends the fight: the next one starts at the first step. */
	if (limit->backoff_level > 0 && now - limit->blocked_until >= 6 * GUARD_BURST_WINDOW_USEC)
		limit->backoff_level = 0;
	if (limit->in_window == 0 || now - limit->window_start >= GUARD_BURST_WINDOW_USEC) {
		limit->window_start = now;
		limit->in_window = 0;
	}
	if (limit->in_window < GUARD_BURST) {
		limit->in_window++;
		return true;
	}
	delay = GUARD_BACKOFF_FIRST_USEC << (limit->backoff_level < 16 ? limit->backoff_level : 16);
	if (delay > GUARD_BACKOFF_MAX_USEC)
		delay = GUARD_BACKOFF_MAX_USEC;
	if (limit->backoff_level < 16)
		limit->backoff_level++;
	limit->blocked_until = now + delay;
	/* After the pause one repair is tried; a fight still going on
	 * backs off again, twice as long. */
	limit->window_start = limit->blocked_until;
	limit->in_window = GUARD_BURST - 1;
	*ret_fight_began = true;
	return false;
}
