/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The agent's unit, portguard.service, as fix and undo handle it: fix
 * enables and starts it where systemd runs and the unit is installed,
 * recording how it was in changes->guard; undo stops and disables it
 * again, which ends the guarding. */
#ifndef PORTGUARD_GUARD_UNIT_H
#define PORTGUARD_GUARD_UNIT_H

#include <stdbool.h>
#include <stddef.h>

#include "base/error_record.h"
#include "record/fix_record.h"

/* Records how the unit is; nothing when systemd does not run or the
 * unit is not installed. */
void guard_unit_prepare(struct fix_changes *changes);
/* Enables and starts the unit guard_unit_prepare found. A failure is a
 * warning in record (the fix holds without the agent). */
void guard_unit_start(struct fix_record *record);
/* Stops and disables what guard_unit_start started and enabled. */
int guard_unit_revert(const struct fix_changes *changes, bool *changed, struct error_record *ret_error);

#endif
