/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Turning units off and on again through systemd's manager over sd-bus:
 * stop, disable and mask, each change verified and undone when a later
 * one fails. Every function opens its own connection, so a rollback can
 * still succeed after the bus dropped in the middle of a stop. */
#ifndef PORTGUARD_SYSTEMD_H
#define PORTGUARD_SYSTEMD_H

#include <stddef.h>

#include "base/error_record.h"
#include "systemd/unit_state.h"

/* 1 when systemd booted this host (it is PID 1), 0 when not, or a
 * negative errno: a look at /run, which loads no libsystemd. */
int systemd_booted(void);

/* 1 when systemd is PID 1 and its manager answers on the bus, 0 when
 * the host does not run systemd, or a negative errno when it does but
 * cannot be reached. */
int systemd_running(void);

/* The current state of unit. -ENOENT when systemd knows no such unit. */
int systemd_unit_state(const char *unit, struct unit_state *ret_state);

/* Turns units off for good: records their states into ret_prior (count
 * entries), stops socket units before the others (so a socket cannot
 * start its service again in between) and waits for each job to end as
 * "done", then disables and masks them persistently and reloads systemd.
 * Returns 1 when it changed something, 0 when every unit was already
 * stopped and masked. An unknown unit, or one that cannot be masked
 * because the admin keeps a file of that name in /etc/systemd/system,
 * fails before anything changed. On a later failure it restores the
 * prior states. Either way ret_error gets a one-line cause (and how the
 * rollback went) and a negative errno is returned. */
int systemd_stop_units(const char *const *units, size_t count, struct unit_state *ret_prior,
		       struct error_record *ret_error);

/* Undoes systemd_stop_units from its recorded prior states: unmasks,
 * enables what was enabled, reloads and starts what was active. Returns
 * 1 when it changed something, 0 when all was as recorded, or a negative
 * errno with the cause in ret_error. */
int systemd_restore_units(const struct unit_state *prior, size_t count, struct error_record *ret_error);

/* Enables or disables unit for the next boot (no start or stop) and
 * reloads systemd. Return 1 when changed, 0 when it already was so. */
int systemd_enable_unit(const char *unit, struct error_record *ret_error);
int systemd_disable_unit(const char *unit, struct error_record *ret_error);
/* daemon-reload: systemd reads unit files and drop-ins again. */
int systemd_reload(struct error_record *ret_error);

/* Starts or stops unit now and waits until the job is done. */
int systemd_start_unit(const char *unit, struct error_record *ret_error);
int systemd_stop_unit(const char *unit, struct error_record *ret_error);

#endif
