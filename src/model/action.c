/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "config.h"

#include "base/string_table.h"
#include "model/action.h"

static const char *const action_table[_ACTION_MAX] = {
	[ACTION_NONE] = "none",
	[ACTION_STOP] = "stop",
	[ACTION_RESTRICT] = "restrict",
	[ACTION_EXPLAIN] = "explain",
};

static const char *const mode_table[_MODE_MAX] = {
	[MODE_AUTO] = "auto",
	[MODE_STOP] = "stop",
	[MODE_RESTRICT] = "restrict",
};

DEFINE_STRING_TABLE_LOOKUP(action, enum action)

bool action_changes_host(enum action action)
{
	return action == ACTION_STOP || action == ACTION_RESTRICT;
}

DEFINE_STRING_TABLE_LOOKUP(mode, enum mode)
