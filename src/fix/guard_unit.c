/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "base/atomic_file.h"
#include "fix/guard_unit.h"
#include "record/guard.h"
#include "systemd/systemd.h"

void guard_unit_prepare(struct fix_changes *changes)
{
	struct unit_state state;

	changes->has_guard = false;
	if (systemd_running() <= 0 || systemd_unit_state(GUARD_UNIT, &state) < 0 || !state.unit_file_state[0] ||
	    unit_state_masked(state.unit_file_state))
		return;
	changes->has_guard = true;
	changes->guard = (struct fix_guard){
		.enabled_before = unit_state_enabled(state.unit_file_state),
		.active_before = unit_state_running(state.active_state),
	};
}

void guard_unit_start(struct fix_record *record)
{
	struct fix_guard *guard = &record->changes.guard;
	struct error_record error = { 0 };
	int r;

	if (!record->changes.has_guard)
		return;
	/* The unit may write only below these; a repair that turns a stop
	 * into a restriction needs the nft file's directory to exist. */
	(void)atomic_file_make_parents(FIX_NFT_FILE, 0755);
	(void)atomic_file_make_parents("/var/lib/portguard/guard.json", 0755);
	if (!guard->enabled_before) {
		r = systemd_enable_unit(GUARD_UNIT, &error);
		if (r < 0) {
			fix_record_add_warning(record, FIX_WARNING_GUARD_NOT_ENABLED, error.message);
			return;
		}
		guard->enabled = r > 0;
	}
	if (!guard->active_before) {
		/* The start waits for the agent's READY=1, which it sends
		 * before it needs the lock this fix holds. */
		r = systemd_start_unit(GUARD_UNIT, &error);
		if (r < 0) {
			fix_record_add_warning(record, FIX_WARNING_GUARD_NOT_STARTED, error.message);
			return;
		}
		guard->started = true;
	}
}

int guard_unit_revert(const struct fix_changes *changes, bool *changed, struct error_record *ret_error)
{
	struct error_record unit_error = { 0 };
	int r;

	if (!changes->has_guard || systemd_running() <= 0)
		return 0;
	if (changes->guard.started) {
		r = systemd_stop_unit(GUARD_UNIT, &unit_error);
		if (r < 0 && r != -ENOENT) {
			error_record_set(ret_error, NULL, 0, "stopping %s failed: %s", GUARD_UNIT, unit_error.message);
			return r;
		}
		*changed = true;
	}
	if (changes->guard.enabled) {
		r = systemd_disable_unit(GUARD_UNIT, &unit_error);
		if (r < 0 && r != -ENOENT) {
			error_record_set(ret_error, NULL, 0, "disabling %s failed: %s", GUARD_UNIT, unit_error.message);
			return r;
		}
		*changed |= r > 0;
	}
	return 0;
}
