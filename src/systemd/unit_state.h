/* SPDX-License-Identifier: GPL-2.0-or-later */
/* A systemd unit's state as systemctl shows it (ActiveState and
 * UnitFileState), and the one table that says what each word means for
 * portguard: running, stopped, enabled for boot, masked.
 *
 * "linked" (the unit file is a symlink from outside the search path) is
 * not enabled: like systemctl is-enabled, only enabled and
 * enabled-runtime start a unit at boot. For stop a linked unit's link
 * occupies the name a mask needs, so stop refuses it before changing
 * anything; for undo a recorded "linked" is restored by leaving the link
 * alone, as every state portguard did not change. */
#ifndef PORTGUARD_UNIT_STATE_H
#define PORTGUARD_UNIT_STATE_H

#include <errno.h>
#include <stdbool.h>

#include "model/model.h"

enum unit_active_state {
	UNIT_ACTIVE,
	UNIT_RELOADING,
	UNIT_INACTIVE,
	UNIT_FAILED,
	UNIT_ACTIVATING,
	UNIT_DEACTIVATING,
	UNIT_MAINTENANCE,
	UNIT_REFRESHING,
	_UNIT_ACTIVE_STATE_MAX,
	_UNIT_ACTIVE_STATE_INVALID = -EINVAL,
};

enum unit_file_state {
	UNIT_FILE_ENABLED,
	UNIT_FILE_ENABLED_RUNTIME,
	UNIT_FILE_LINKED,
	UNIT_FILE_LINKED_RUNTIME,
	UNIT_FILE_ALIAS,
	UNIT_FILE_MASKED,
	UNIT_FILE_MASKED_RUNTIME,
	UNIT_FILE_STATIC,
	UNIT_FILE_DISABLED,
	UNIT_FILE_INDIRECT,
	UNIT_FILE_GENERATED,
	UNIT_FILE_TRANSIENT,
	UNIT_FILE_BAD,
	_UNIT_FILE_STATE_MAX,
	_UNIT_FILE_STATE_INVALID = -EINVAL,
};

/* What systemd said, word for word: kept as text because the state file
 * records it for undo and messages quote it; unit_file_state is "" when
 * systemd has no unit file for the unit. */
struct unit_state {
	char name[UNIT_NAME_MAX];
	char active_state[UNIT_STATE_MAX];
	char unit_file_state[UNIT_STATE_MAX];
};

const char *unit_active_state_to_string(enum unit_active_state state);
enum unit_active_state unit_active_state_from_string(const char *text);
const char *unit_file_state_to_string(enum unit_file_state state);
enum unit_file_state unit_file_state_from_string(const char *text);

/* active, reloading, activating, refreshing: what undo starts again. */
bool unit_state_running(const char *active_state);
/* inactive or failed: what stop leaves. */
bool unit_state_stopped(const char *active_state);
/* enabled or enabled-runtime; not linked, static or indirect. */
bool unit_state_enabled(const char *unit_file_state);
/* masked or masked-runtime. */
bool unit_state_masked(const char *unit_file_state);
/* The -runtime variants, kept below /run. */
bool unit_state_runtime(const char *unit_file_state);
/* Stopped and masked for good (not only until reboot): what stop makes. */
bool unit_state_stopped_for_good(const struct unit_state *state);

#endif
