/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "config.h"

#include "base/string_table.h"
#include "model/action.h"

static const char *const action_table[_ACTION_MAX] = {
	[ACTION_NONE] = "none",
	[ACTION_STOP] = "stop",
	[ACTION_RESTRICT] = "restrict",
};

static const char *const mode_table[_MODE_MAX] = {
	[MODE_AUTO] = "auto",
	[MODE_STOP] = "stop",
	[MODE_RESTRICT] = "restrict",
};

const char *action_to_string(enum action action)
{
	return string_table_get(action_table, _ACTION_MAX, action);
}

enum action action_from_string(const char *text)
{
	return (enum action)string_table_lookup(action_table, _ACTION_MAX, text);
}

bool action_changes_host(enum action action)
{
	return action == ACTION_STOP || action == ACTION_RESTRICT;
}

const char *mode_to_string(enum mode mode)
{
	return string_table_get(mode_table, _MODE_MAX, mode);
}

enum mode mode_from_string(const char *text)
{
	return (enum mode)string_table_lookup(mode_table, _MODE_MAX, text);
}
