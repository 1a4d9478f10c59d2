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

static void copy_string(char *target, size_t size, const json_t *value)
{
	snprintf(target, size, "%s", json_is_string(value) ? json_string_value(value) : "");
}

int guard_status_load(const char *root, struct guard_status *ret_status)
{
	struct guard_status status = { 0 };
	json_t *record;
	json_int_t pid, repairs;
	char *text;
	size_t length;
	int r;

	r = paths_read_own(root, GUARD_FILE, &text, &length);
	if (r < 0)
		return r;
	record = json_loadb(text, length, 0, NULL);
	free(text);
	if (!json_is_object(record)) {
		json_decref(record);
		return -EBADMSG;
	}
	pid = json_integer_value(json_object_get(record, "pid"));
	repairs = json_integer_value(json_object_get(record, "repairs"));
	if (pid < 0 || pid > INT_MAX || repairs < 0) {
		json_decref(record);
		return -EBADMSG;
	}
	status.pid = (pid_t)pid;
	status.repairs = (unsigned long)repairs;
	copy_string(status.since, sizeof(status.since), json_object_get(record, "since"));
	copy_string(status.fix, sizeof(status.fix), json_object_get(record, "fix"));
	copy_string(status.mode, sizeof(status.mode), json_object_get(record, "mode"));
	copy_string(status.last_repair, sizeof(status.last_repair), json_object_get(record, "last_repair"));
	copy_string(status.last_drift, sizeof(status.last_drift), json_object_get(record, "last_drift"));
	copy_string(status.drift, sizeof(status.drift), json_object_get(record, "drift"));
	copy_string(status.alert, sizeof(status.alert), json_object_get(record, "alert"));
	json_decref(record);
	*ret_status = status;
	return 0;
}

static json_t *string_or_null(const char *text)
{
	return text[0] ? json_string(text) : json_null();
}

int guard_status_save(const char *root, const struct guard_status *status)
{
	json_t *record;
	char *text;
	int r;

	record = json_pack("{s:I, s:o, s:o, s:s, s:I, s:o, s:o, s:o, s:o}", "pid", (json_int_t)status->pid,
			   "since", string_or_null(status->since), "fix", string_or_null(status->fix),
			   "mode", status->mode, "repairs", (json_int_t)status->repairs,
			   "last_repair", string_or_null(status->last_repair),
			   "last_drift", string_or_null(status->last_drift),
			   "drift", string_or_null(status->drift), "alert", string_or_null(status->alert));
	text = record ? json_dumps(record, JSON_INDENT(2) | JSON_PRESERVE_ORDER) : NULL;
	json_decref(record);
	if (!text)
		return -ENOMEM;
	r = paths_write_file(root, GUARD_FILE, text, strlen(text), 0644);
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

json_t *guard_status_json(const struct guard_status *status)
{
	static const struct guard_status none = { 0 };

	if (!status)
		status = &none;
	return json_pack("{s:b, s:o, s:I, s:o, s:o, s:o, s:o}", "running", guard_status_running(status),
			 "since", string_or_null(status->since), "repairs", (json_int_t)status->repairs,
			 "last_repair", string_or_null(status->last_repair),
			 "last_drift", string_or_null(status->last_drift),
			 "drift", string_or_null(status->drift), "alert", string_or_null(status->alert));
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
