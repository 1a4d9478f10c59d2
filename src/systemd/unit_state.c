/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "config.h"

#include "base/string_table.h"
#include "systemd/unit_state.h"

static const char *const unit_active_state_table[_UNIT_ACTIVE_STATE_MAX] = {
	[UNIT_ACTIVE] = "active",
	[UNIT_RELOADING] = "reloading",
	[UNIT_INACTIVE] = "inactive",
	[UNIT_FAILED] = "failed",
	[UNIT_ACTIVATING] = "activating",
	[UNIT_DEACTIVATING] = "deactivating",
	[UNIT_MAINTENANCE] = "maintenance",
	[UNIT_REFRESHING] = "refreshing",
};

static const char *const unit_file_state_table[_UNIT_FILE_STATE_MAX] = {
	[UNIT_FILE_ENABLED] = "enabled",
	[UNIT_FILE_ENABLED_RUNTIME] = "enabled-runtime",
	[UNIT_FILE_LINKED] = "linked",
	[UNIT_FILE_LINKED_RUNTIME] = "linked-runtime",
	[UNIT_FILE_ALIAS] = "alias",
	[UNIT_FILE_MASKED] = "masked",
	[UNIT_FILE_MASKED_RUNTIME] = "masked-runtime",
	[UNIT_FILE_STATIC] = "static",
	[UNIT_FILE_DISABLED] = "disabled",
	[UNIT_FILE_INDIRECT] = "indirect",
	[UNIT_FILE_GENERATED] = "generated",
	[UNIT_FILE_TRANSIENT] = "transient",
	[UNIT_FILE_BAD] = "bad",
};

DEFINE_STRING_TABLE_LOOKUP(unit_active_state, enum unit_active_state)

DEFINE_STRING_TABLE_LOOKUP(unit_file_state, enum unit_file_state)

bool unit_state_running(const char *active_state)
{
	enum unit_active_state state = unit_active_state_from_string(active_state);

	return state == UNIT_ACTIVE || state == UNIT_RELOADING || state == UNIT_ACTIVATING || state == UNIT_REFRESHING;
}

bool unit_state_stopped(const char *active_state)
{
	enum unit_active_state state = unit_active_state_from_string(active_state);

	return state == UNIT_INACTIVE || state == UNIT_FAILED;
}

bool unit_state_enabled(const char *unit_file_state)
{
	enum unit_file_state state = unit_file_state_from_string(unit_file_state);

	return state == UNIT_FILE_ENABLED || state == UNIT_FILE_ENABLED_RUNTIME;
}

bool unit_state_masked(const char *unit_file_state)
{
	enum unit_file_state state = unit_file_state_from_string(unit_file_state);

	return state == UNIT_FILE_MASKED || state == UNIT_FILE_MASKED_RUNTIME;
}

bool unit_state_runtime(const char *unit_file_state)
{
	enum unit_file_state state = unit_file_state_from_string(unit_file_state);

	return state == UNIT_FILE_ENABLED_RUNTIME || state == UNIT_FILE_MASKED_RUNTIME ||
	       state == UNIT_FILE_LINKED_RUNTIME;
}

bool unit_state_stopped_for_good(const struct unit_state *state)
{
	return unit_state_stopped(state->active_state) &&
	       unit_file_state_from_string(state->unit_file_state) == UNIT_FILE_MASKED;
}
