/* SPDX-License-Identifier: GPL-2.0-or-later */
/* One conversation with systemd's manager over sd-bus, for systemd.c:
 * the calls it is made of, each reporting its failure as one line. */
#ifndef PORTGUARD_SYSTEMD_MANAGER_H
#define PORTGUARD_SYSTEMD_MANAGER_H

#include <stdbool.h>
#include <stddef.h>
#include "base/error_record.h"
#include "systemd/libsystemd.h"
#include "systemd/unit_state.h"

#define SYSTEMD_DESTINATION "org.freedesktop.systemd1"
#define SYSTEMD_PATH "/org/freedesktop/systemd1"
#define MANAGER_INTERFACE "org.freedesktop.systemd1.Manager"
#define UNIT_INTERFACE "org.freedesktop.systemd1.Unit"

/* error belongs to the caller and receives the one-line cause of a
 * failure; NULL when the caller wants none. */
struct manager {
	sd_bus *bus;
	struct error_record *error;
	/* The job we wait for and how it ended, filled by its signal. */
	char job_path[256];
	char job_result[32];
	bool job_finished;
	bool subscribed;
};

/* The system bus, or PID 1's private socket as root when no dbus-daemon
 * runs; every bus user of portguard connects through here, which loads
 * libsystemd first (its negative errno when that fails). */
int manager_bus_open(sd_bus **ret_bus);
int manager_open(struct manager *manager, struct error_record *ret_error);
void manager_close(struct manager *manager);

/* Writes the message, which is the whole cause, and returns r. */
int manager_fail_because(struct manager *manager, int r, const char *format, ...)
	__attribute__((format(printf, 3, 4)));

/* -ENOENT when systemd knows no such unit. */
int manager_read_state(struct manager *manager, const char *unit, struct unit_state *ret_state);

/* method is "StartUnit" or "StopUnit": queues the job and waits until it
 * ended, which must be as "done". */
int manager_run_job(struct manager *manager, const char *method, const char *unit);

/* method is "EnableUnitFiles", "DisableUnitFiles", "MaskUnitFiles" or
 * "UnmaskUnitFiles"; returns how many files it changed. */
int manager_unit_files_call(struct manager *manager, const char *method, const char *unit, bool runtime);
/* "enabling" for "EnableUnitFiles", and so on. */
const char *manager_unit_files_verb(const char *method);

int manager_reload(struct manager *manager);

#endif
