/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "config.h"

#include <errno.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/cleanup.h"
#include "base/paths.h"
#include "systemd/libsystemd.h"
#include "systemd/systemd.h"
#include "systemd/systemd_manager.h"

/* Where systemctl mask puts its links and admins their own unit files. */
#define SYSTEM_CONFIG_UNIT_DIRECTORY "/etc/systemd/system"

static bool is_socket_unit(const char *name)
{
	size_t length = strlen(name);

	return length > 7 && strcmp(name + length - 7, ".socket") == 0;
}

/* sd_booted(), without loading libsystemd for it: systemd makes its
 * runtime unit directory first thing at boot. The trailing slash asks
 * for a directory. */
int systemd_booted(void)
{
	if (access(PATH_SYSTEMD_BOOTED "/", F_OK) == 0)
		return 1;
	return errno == ENOENT || errno == ENOTDIR ? 0 : -errno;
}

int systemd_running(void)
{
	_cleanup_(sym_sd_bus_error_freep) sd_bus_error error = SD_BUS_ERROR_NULL;
	struct manager manager;
	char *version = NULL;
	int r = systemd_booted();

	if (r <= 0)
		return r;
	r = manager_open(&manager, NULL);
	if (r >= 0)
		r = sym_sd_bus_get_property_string(manager.bus, SYSTEMD_DESTINATION, SYSTEMD_PATH, MANAGER_INTERFACE,
						   "Version", &error, &version);
	free(version);
	manager_close(&manager);
	return r < 0 ? r : 1;
}

int systemd_unit_state(const char *unit, struct unit_state *ret_state)
{
	struct manager manager;
	int r = manager_open(&manager, NULL);

	if (r >= 0)
		r = manager_read_state(&manager, unit, ret_state);
	manager_close(&manager);
	return r;
}

static int stop_in_order(struct manager *manager, const char *const *units, size_t count)
{
	/* Sockets first: a listening socket would start its service again. */
	for (int pass = 0; pass < 2; pass++)
		for (size_t i = 0; i < count; i++) {
			struct unit_state state;
			int r;

			if (is_socket_unit(units[i]) != (pass == 0))
				continue;
			r = manager_read_state(manager, units[i], &state);
			if (r >= 0 && !unit_state_stopped(state.active_state))
				r = manager_run_job(manager, "StopUnit", units[i]);
			if (r < 0)
				return r;
		}
	return 0;
}

/* A mask is a symlink to /dev/null where the admin's own unit files
 * go; a file or another link there is the admin's, and the mask would
 * fail after the stop and disable. Found before anything changed, it
 * needs no rollback. */
static int check_maskable(struct manager *manager, const char *unit)
{
	char path[PATH_MAX], target[sizeof("/dev/null")];
	ssize_t length;

	snprintf(path, sizeof(path), "%s/%s", SYSTEM_CONFIG_UNIT_DIRECTORY, unit);
	length = readlink(path, target, sizeof(target) - 1);
	if (length < 0 && errno == ENOENT)
		return 0;
	if (length >= 0) {
		target[length] = '\0';
		if (strcmp(target, "/dev/null") == 0)
			return 0;
	}
	return manager_fail_because(manager, -EEXIST, "cannot mask %s: %s exists and is not a mask", unit, path);
}

static int disable_and_mask(struct manager *manager, const struct unit_state *prior, size_t count)
{
	for (size_t i = 0; i < count; i++) {
		const char *file_state = prior[i].unit_file_state;
		int r = 0;

		if (unit_state_enabled(file_state))
			r = manager_unit_files_call(manager, "DisableUnitFiles", prior[i].name,
						    unit_state_runtime(file_state));
		if (r >= 0 && unit_file_state_from_string(file_state) != UNIT_FILE_MASKED)
			r = manager_unit_files_call(manager, "MaskUnitFiles", prior[i].name, false);
		if (r < 0)
			return r;
	}
	return manager_reload(manager);
}

/* After the mask nothing can start the units again; stop whatever a
 * dependency started in between, then check each is stopped and masked. */
static int verify_stopped(struct manager *manager, const char *const *units, size_t count)
{
	int r = stop_in_order(manager, units, count);

	for (size_t i = 0; r >= 0 && i < count; i++) {
		struct unit_state state;

		r = manager_read_state(manager, units[i], &state);
		if (r >= 0 && !unit_state_stopped_for_good(&state))
			r = manager_fail_because(manager, -EBUSY,
						 "%s is still %s and %s after stopping and masking it",
						 units[i], state.active_state, state.unit_file_state);
	}
	return r;
}

static int stop_recorded(const char *const *units, size_t count, struct unit_state *prior,
			 struct error_record *ret_error)
{
	struct manager manager;
	bool all_done = true;
	int r = manager_open(&manager, ret_error);

	for (size_t i = 0; r >= 0 && i < count; i++) {
		r = manager_read_state(&manager, units[i], &prior[i]);
		if (r >= 0 && !unit_state_stopped_for_good(&prior[i]))
			all_done = false;
	}
	for (size_t i = 0; r >= 0 && !all_done && i < count; i++)
		r = check_maskable(&manager, units[i]);
	if (r < 0 || all_done) {
		manager_close(&manager);
		return r;
	}
	r = stop_in_order(&manager, units, count);
	if (r >= 0)
		r = disable_and_mask(&manager, prior, count);
	if (r >= 0)
		r = verify_stopped(&manager, units, count);
	manager_close(&manager);
	if (r < 0) {
		struct error_record rollback_error = { 0 };
		/* On a new connection: the old one may be what failed. */
		int rollback = systemd_restore_units(prior, count, &rollback_error);

		if (rollback >= 0)
			error_record_append(ret_error, "; rolled back");
		else
			error_record_append(ret_error, "; rolling back failed too: %s", rollback_error.message);
		return r;
	}
	return 1;
}

int systemd_stop_units(const char *const *units, size_t count, struct unit_state *ret_prior,
		       struct error_record *ret_error)
{
	struct unit_state *prior = calloc(count ? count : 1, sizeof(*prior));
	int r;

	if (!prior) {
		error_record_set(ret_error, NULL, 0, "out of memory");
		return -ENOMEM;
	}
	r = stop_recorded(units, count, prior, ret_error);
	if (r >= 0)
		memcpy(ret_prior, prior, count * sizeof(*prior));
	free(prior);
	return r;
}

/* Puts the unit files back as recorded; returns how many calls changed
 * something. Unmasking comes first: a masked unit cannot be enabled.
 * A unit that only a generator makes (an init script's, such as
 * tftpd-hpa.service) is not there again after the unmask until systemd
 * reloads, so the reload comes before the next pass reads it. */
static int restore_unit_files(struct manager *manager, const struct unit_state *prior, size_t count)
{
	int changed = 0, reload;

	for (int pass = 0; pass < 3; pass++) {
		if (pass == 1 && changed > 0 && (reload = manager_reload(manager)) < 0)
			return reload;
		for (size_t i = 0; i < count; i++) {
			const char *was = prior[i].unit_file_state;
			struct unit_state now;
			int r = manager_read_state(manager, prior[i].name, &now);

			if (r < 0)
				return r;
			if (strcmp(now.unit_file_state, was) == 0)
				continue;
			if (pass == 0 && unit_state_masked(now.unit_file_state))
				r = manager_unit_files_call(manager, "UnmaskUnitFiles", prior[i].name,
							    unit_state_runtime(now.unit_file_state));
			else if (pass == 1 && unit_state_enabled(was))
				r = manager_unit_files_call(manager, "EnableUnitFiles", prior[i].name,
							    unit_state_runtime(was));
			else if (pass == 1 && unit_state_enabled(now.unit_file_state))
				r = manager_unit_files_call(manager, "DisableUnitFiles", prior[i].name,
							    unit_state_runtime(now.unit_file_state));
			else if (pass == 2 && unit_state_masked(was))
				r = manager_unit_files_call(manager, "MaskUnitFiles", prior[i].name,
							    unit_state_runtime(was));
			if (r < 0)
				return r;
			changed += r > 0;
		}
	}
	return changed;
}

static int restore_active(struct manager *manager, const struct unit_state *prior, size_t count)
{
	int changed = 0;

	for (int pass = 0; pass < 2; pass++)
		for (size_t i = 0; i < count; i++) {
			struct unit_state now;
			int r;

			if (is_socket_unit(prior[i].name) != (pass == 0) || !unit_state_running(prior[i].active_state))
				continue;
			r = manager_read_state(manager, prior[i].name, &now);
			if (r >= 0 && !unit_state_running(now.active_state)) {
				r = manager_run_job(manager, "StartUnit", prior[i].name);
				changed++;
			}
			if (r < 0)
				return r;
		}
	return changed;
}

static int verify_restored(struct manager *manager, const struct unit_state *prior, size_t count)
{
	for (size_t i = 0; i < count; i++) {
		struct unit_state now;
		int r = manager_read_state(manager, prior[i].name, &now);

		if (r < 0)
			return r;
		if (strcmp(now.unit_file_state, prior[i].unit_file_state) != 0 ||
		    (unit_state_running(prior[i].active_state) && !unit_state_running(now.active_state)))
			return manager_fail_because(manager, -EBUSY, "%s is %s and %s, not %s and %s as before",
						    now.name, now.active_state, now.unit_file_state,
						    prior[i].active_state, prior[i].unit_file_state);
	}
	return 0;
}

int systemd_restore_units(const struct unit_state *prior, size_t count, struct error_record *ret_error)
{
	struct manager manager;
	int files_changed = 0, started = 0;
	int r = manager_open(&manager, ret_error);

	if (r >= 0)
		r = files_changed = restore_unit_files(&manager, prior, count);
	if (r > 0)
		r = manager_reload(&manager);
	if (r >= 0)
		r = started = restore_active(&manager, prior, count);
	if (r >= 0)
		r = verify_restored(&manager, prior, count);
	manager_close(&manager);
	if (r < 0)
		return r;
	return files_changed > 0 || started > 0;
}

static int change_unit_file(const char *method, const char *unit, struct error_record *ret_error)
{
	bool enabling = strcmp(method, "EnableUnitFiles") == 0;
	struct unit_state state;
	struct manager manager;
	int changes = 0;
	int r = manager_open(&manager, ret_error);

	if (r >= 0)
		r = changes = manager_unit_files_call(&manager, method, unit, false);
	if (r > 0)
		r = manager_reload(&manager);
	if (r >= 0)
		r = manager_read_state(&manager, unit, &state);
	/* An enable without an [Install] section succeeds and changes nothing. */
	if (r >= 0 && unit_state_enabled(state.unit_file_state) != enabling)
		r = manager_fail_because(&manager, -ENOEXEC, "%s is still %s after %s it", unit,
					 state.unit_file_state[0] ? state.unit_file_state : "without a unit file",
					 manager_unit_files_verb(method));
	manager_close(&manager);
	return r < 0 ? r : changes > 0;
}

int systemd_enable_unit(const char *unit, struct error_record *ret_error)
{
	return change_unit_file("EnableUnitFiles", unit, ret_error);
}

int systemd_disable_unit(const char *unit, struct error_record *ret_error)
{
	return change_unit_file("DisableUnitFiles", unit, ret_error);
}

static int run_job(const char *method, const char *unit, struct error_record *ret_error)
{
	struct manager manager;
	int r = manager_open(&manager, ret_error);

	if (r >= 0)
		r = manager_run_job(&manager, method, unit);
	manager_close(&manager);
	return r;
}

int systemd_start_unit(const char *unit, struct error_record *ret_error)
{
	return run_job("StartUnit", unit, ret_error);
}

int systemd_stop_unit(const char *unit, struct error_record *ret_error)
{
	return run_job("StopUnit", unit, ret_error);
}

int systemd_reload(struct error_record *ret_error)
{
	struct manager manager;
	int r = manager_open(&manager, ret_error);

	if (r >= 0)
		r = manager_reload(&manager);
	manager_close(&manager);
	return r < 0 ? r : 0;
}
