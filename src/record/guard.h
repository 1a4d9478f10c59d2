/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The agent's status, kept in its own file beside the fix record:
 * fix and undo own state.json and rewrite it under the lock, while the
 * agent writes on its own clock (every drift and repair); two writers of
 * one file would need the lock for every status line and could lose a
 * fix's record to an agent's stale copy. check, report and the provider
 * report read this file to say whether the fix is guarded.
 *
 * And the repair rate limit, pure logic over a clock in microseconds. */
#ifndef PORTGUARD_GUARD_H
#define PORTGUARD_GUARD_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include "base/paths.h"

#define GUARD_FILE "/var/lib/portguard/guard.json"
#define GUARD_UNIT "portguard.service"
#define GUARD_TEXT_MAX 256

struct guard_status {
	pid_t pid;			/* the agent; 0 once it ended */
	char since[32];			/* RFC 3339 UTC; "" when never started */
	char fix[32];			/* time of the first fix of the chain it guards */
	char mode[8];			/* "repair" or "alert" */
	unsigned long repairs;
	char last_repair[32];		/* "" when none */
	char last_drift[32];
	char drift[GUARD_TEXT_MAX];	/* what drifted and is not repaired yet; "" when none */
	char alert[GUARD_TEXT_MAX];	/* a fight with another tool; "" when none */
};

/* -ENOENT when the agent never ran; -EBADMSG when the file is damaged. */
int guard_status_load(const struct host *host, struct guard_status *ret_status);
/* Written atomically, mode 0644 (it holds no secret). */
int guard_status_save(const struct host *host, const struct guard_status *status);
/* true when the pid recorded is a live portguard process. */
bool guard_status_running(const struct guard_status *status);

/* The agent as check and report found it: its status (zeroed when it
 * never ran) and whether its process was running then. */
struct guard_seen {
	bool running;
	struct guard_status status;
};

/* status NULL: the agent never ran. */
void guard_seen_take(const struct guard_status *status, struct guard_seen *ret_seen);

/* guard_json.c: guard.json's text and back (-EBADMSG when damaged,
 * -ENOMEM); the "guard" object of check --json and the record's
 * "guard_status": running, since, repairs, last_repair, last_drift,
 * drift, alert (NULL when out of memory), and back (lenient: what is
 * missing stays empty). */
char *guard_status_to_text(const struct guard_status *status);
int guard_status_from_text(const char *text, size_t length, struct guard_status *ret_status);
json_t *guard_seen_json(const struct guard_seen *seen);
void guard_seen_from_json(const json_t *object, struct guard_seen *ret_seen);
/* "guarded by portguard watch since …, repaired N times, last …", or
 * "not guarded: portguard watch is not running" into buffer. */
void guard_status_sentence(const struct guard_status *status, char *buffer, size_t size);

/* The current time as RFC 3339 UTC into buffer (32 bytes). */
void guard_time_now(char *buffer, size_t size);

/* Repairs allowed in a burst, then back-off that doubles while the
 * fight goes on: another tool deleting the table in a loop gets an
 * alert, not a portguard spinning with it. */
#define GUARD_BURST 10
#define GUARD_BURST_WINDOW_USEC (10 * 1000000ull)
#define GUARD_BACKOFF_FIRST_USEC (2 * 1000000ull)
#define GUARD_BACKOFF_MAX_USEC (600 * 1000000ull)

struct repair_limit {
	uint64_t window_start;
	unsigned int in_window;
	unsigned int backoff_level;	/* 0: no fight seen lately */
	uint64_t blocked_until;
};

/* true when a repair may run at now; false while backing off. Returns
 * false and sets *ret_fight_began when this call started a back-off. */
bool repair_limit_allow(struct repair_limit *limit, uint64_t now, bool *ret_fight_began);

#endif
