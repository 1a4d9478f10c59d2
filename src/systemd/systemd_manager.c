/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "config.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "base/cleanup.h"
#include "systemd/systemd_manager.h"

#define PRIVATE_BUS_ADDRESS "unix:path=/run/systemd/private"
#define USEC_PER_SECOND 1000000ULL
/* Longer than systemd's own DefaultTimeoutStopSec (90 s), after which it
 * kills a unit that does not stop: until then the job is still honest. */
#define JOB_TIMEOUT_USEC (120 * USEC_PER_SECOND)
/* A Reload of a host with thousands of units takes longer than sd-bus's
 * default of 25 s. */
#define METHOD_CALL_TIMEOUT_USEC (90 * USEC_PER_SECOND)

static void write_error(struct manager *manager, const char *cause, const char *format, va_list arguments)
	__attribute__((format(printf, 3, 0)));

static void write_error(struct manager *manager, const char *cause, const char *format, va_list arguments)
{
	char what[512];

	if (!manager->error)
		return;
	vsnprintf(what, sizeof(what), format, arguments);
	if (cause)
		error_record_set(manager->error, NULL, 0, "%s: %s", what, cause);
	else
		error_record_set(manager->error, NULL, 0, "%s", what);
}

/* A call to systemd failed: the message says what we asked, followed by
 * systemd's own reason, or the errno's when there is none. */
static int fail_call(struct manager *manager, int r, const sd_bus_error *bus_error, const char *format, ...)
	__attribute__((format(printf, 4, 5)));

static int fail_call(struct manager *manager, int r, const sd_bus_error *bus_error, const char *format, ...)
{
	char cause[512];
	va_list arguments;

	if (bus_error && sym_sd_bus_error_is_set(bus_error) && bus_error->message) {
		/* systemd ends its messages with a full stop; ours go on. */
		snprintf(cause, sizeof(cause), "%s", bus_error->message);
		if (cause[0] && cause[strlen(cause) - 1] == '.')
			cause[strlen(cause) - 1] = '\0';
	} else {
		snprintf(cause, sizeof(cause), "%s", strerror(-r));
	}
	va_start(arguments, format);
	write_error(manager, cause, format, arguments);
	va_end(arguments);
	return r;
}

int manager_fail_because(struct manager *manager, int r, const char *format, ...)
{
	va_list arguments;

	va_start(arguments, format);
	write_error(manager, NULL, format, arguments);
	va_end(arguments);
	return r;
}

/* The system bus, or, as root without a running dbus-daemon (common on
 * minimal servers), PID 1's private socket, which systemctl uses too;
 * but never another systemd than the one DBUS_SYSTEM_BUS_ADDRESS names. */
int manager_bus_open(sd_bus **ret_bus)
{
	sd_bus *bus = NULL;
	int r = libsystemd_load();

	if (r < 0)
		return r;
	r = sym_sd_bus_open_system(&bus);
	if (r < 0 && geteuid() == 0 && !getenv("DBUS_SYSTEM_BUS_ADDRESS")) {
		int system_bus_error = r;

		r = sym_sd_bus_new(&bus);
		if (r >= 0)
			r = sym_sd_bus_set_address(bus, PRIVATE_BUS_ADDRESS);
		if (r >= 0)
			r = sym_sd_bus_start(bus);
		if (r < 0) {
			sym_sd_bus_unref(bus);
			return system_bus_error;
		}
	}
	if (r < 0)
		return r;
	sym_sd_bus_set_method_call_timeout(bus, METHOD_CALL_TIMEOUT_USEC);
	*ret_bus = bus;
	return 0;
}

int manager_open(struct manager *manager, struct error_record *ret_error)
{
	int r;

	*manager = (struct manager){ .error = ret_error };
	error_record_clear(ret_error);
	r = libsystemd_load();
	if (r < 0)
		return manager_fail_because(manager, r, "%s", libsystemd_load_error());
	r = manager_bus_open(&manager->bus);
	return r < 0 ? fail_call(manager, r, NULL, "cannot connect to systemd over D-Bus") : 0;
}

/* Also after a failed open, which may not have loaded libsystemd. */
void manager_close(struct manager *manager)
{
	if (manager->bus)
		manager->bus = sym_sd_bus_flush_close_unref(manager->bus);
}

static int copy_text(char *buffer, size_t size, const char *text)
{
	if (strlen(text) >= size)
		return -ENAMETOOLONG;
	strcpy(buffer, text);
	return 0;
}

/* An error that came from systemd, not from the way to it. */
static bool systemd_answered(const sd_bus_error *error)
{
	static const char *const transport_errors[] = {
		SD_BUS_ERROR_NO_REPLY, SD_BUS_ERROR_DISCONNECTED, SD_BUS_ERROR_TIMEOUT,
		SD_BUS_ERROR_SERVICE_UNKNOWN, SD_BUS_ERROR_NO_SERVER,
	};

	if (!sym_sd_bus_error_is_set(error))
		return false;
	for (size_t i = 0; i < sizeof(transport_errors) / sizeof(transport_errors[0]); i++)
		if (sym_sd_bus_error_has_name(error, transport_errors[i]))
			return false;
	return true;
}

int manager_read_state(struct manager *manager, const char *unit, struct unit_state *ret_state)
{
	_cleanup_(sym_sd_bus_error_freep) sd_bus_error error = SD_BUS_ERROR_NULL;
	_cleanup_(sym_sd_bus_message_unrefp) sd_bus_message *reply = NULL;
	_cleanup_(sym_sd_bus_message_unrefp) sd_bus_message *file_reply = NULL;
	_cleanup_free_ char *load_state = NULL, *active_state = NULL;
	const char *path, *unit_file_state = "";
	struct unit_state state = { 0 };
	int r;

	if (copy_text(state.name, sizeof(state.name), unit) < 0)
		return manager_fail_because(manager, -ENAMETOOLONG, "unit name '%.40s...' is too long", unit);
	r = sym_sd_bus_call_method(manager->bus, SYSTEMD_DESTINATION, SYSTEMD_PATH, MANAGER_INTERFACE, "LoadUnit",
				   &error, &reply, "s", unit);
	if (r < 0 || (r = sym_sd_bus_message_read(reply, "o", &path)) < 0)
		return fail_call(manager, r, &error, "cannot load %s", unit);
	r = sym_sd_bus_get_property_string(manager->bus, SYSTEMD_DESTINATION, path, UNIT_INTERFACE, "LoadState",
					   &error, &load_state);
	if (r >= 0)
		r = sym_sd_bus_get_property_string(manager->bus, SYSTEMD_DESTINATION, path, UNIT_INTERFACE,
						   "ActiveState", &error, &active_state);
	if (r < 0)
		return fail_call(manager, r, &error, "cannot read the state of %s", unit);
	if (strcmp(load_state, "not-found") == 0)
		return manager_fail_because(manager, -ENOENT, "systemd knows no unit %s", unit);
	/* Asked of the unit files on disk, not the manager's cached copy,
	 * which lags behind until the next reload. When systemd answers
	 * that it has no state for the file (none, or a link it cannot
	 * follow), the state stays "". */
	r = sym_sd_bus_call_method(manager->bus, SYSTEMD_DESTINATION, SYSTEMD_PATH, MANAGER_INTERFACE,
				   "GetUnitFileState", &error, &file_reply, "s", unit);
	if (r >= 0)
		r = sym_sd_bus_message_read(file_reply, "s", &unit_file_state);
	if (r < 0 && !systemd_answered(&error))
		return fail_call(manager, r, &error, "cannot read the unit file state of %s", unit);
	if (copy_text(state.active_state, sizeof(state.active_state), active_state) < 0 ||
	    copy_text(state.unit_file_state, sizeof(state.unit_file_state), unit_file_state) < 0)
		return manager_fail_because(manager, -EBADMSG, "systemd sent an overlong state for %s", unit);
	*ret_state = state;
	return 0;
}

static int on_job_removed(sd_bus_message *message, void *userdata, sd_bus_error *ret_error)
{
	struct manager *manager = userdata;
	const char *path, *unit, *result;
	uint32_t id;

	(void)ret_error;
	if (sym_sd_bus_message_read(message, "uoss", &id, &path, &unit, &result) < 0)
		return 0;
	if (manager->job_path[0] && strcmp(path, manager->job_path) == 0) {
		snprintf(manager->job_result, sizeof(manager->job_result), "%s", result);
		manager->job_finished = true;
	}
	return 0;
}

static uint64_t now_usec(void)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	return (uint64_t)now.tv_sec * USEC_PER_SECOND + (uint64_t)now.tv_nsec / 1000;
}

/* Queues a start or stop job (mode "replace") and waits for its
 * JobRemoved, whose match is added before the call so the signal cannot
 * slip past between the call's reply and our wait. */
int manager_run_job(struct manager *manager, const char *method, const char *unit)
{
	_cleanup_(sym_sd_bus_error_freep) sd_bus_error error = SD_BUS_ERROR_NULL;
	_cleanup_(sym_sd_bus_message_unrefp) sd_bus_message *reply = NULL;
	_cleanup_(sym_sd_bus_slot_unrefp) sd_bus_slot *slot = NULL;
	const char *verb = strcmp(method, "StopUnit") == 0 ? "stopping" : "starting";
	const char *path;
	uint64_t deadline;
	int r;

	manager->job_path[0] = '\0';
	manager->job_finished = false;
	r = sym_sd_bus_match_signal(manager->bus, &slot,
				    sym_sd_bus_is_bus_client(manager->bus) > 0 ? SYSTEMD_DESTINATION : NULL,
				    SYSTEMD_PATH, MANAGER_INTERFACE, "JobRemoved", on_job_removed, manager);
	/* The manager only sends job signals to subscribed clients. */
	if (r >= 0 && !manager->subscribed) {
		r = sym_sd_bus_call_method(manager->bus, SYSTEMD_DESTINATION, SYSTEMD_PATH, MANAGER_INTERFACE,
					   "Subscribe", &error, NULL, "");
		manager->subscribed = r >= 0;
	}
	if (r < 0)
		return fail_call(manager, r, &error, "cannot follow systemd's jobs");
	r = sym_sd_bus_call_method(manager->bus, SYSTEMD_DESTINATION, SYSTEMD_PATH, MANAGER_INTERFACE, method,
				   &error, &reply, "ss", unit, "replace");
	if (r < 0 || (r = sym_sd_bus_message_read(reply, "o", &path)) < 0)
		return fail_call(manager, r, &error, "%s %s", verb, unit);
	if (copy_text(manager->job_path, sizeof(manager->job_path), path) < 0)
		return manager_fail_because(manager, -EBADMSG, "%s %s: overlong job path", verb, unit);
	deadline = now_usec() + JOB_TIMEOUT_USEC;
	while (!manager->job_finished) {
		uint64_t now;

		r = sym_sd_bus_process(manager->bus, NULL);
		if (r > 0)
			continue;
		if (r == 0) {
			now = now_usec();
			if (now >= deadline)
				return manager_fail_because(manager, -ETIMEDOUT,
							    "%s %s: the job did not end within %llu s", verb, unit,
							    JOB_TIMEOUT_USEC / USEC_PER_SECOND);
			r = sym_sd_bus_wait(manager->bus, deadline - now);
		}
		if (r < 0)
			return fail_call(manager, r, NULL, "%s %s: lost the connection to systemd", verb, unit);
	}
	if (strcmp(manager->job_result, "done") == 0)
		return 0;
	manager_fail_because(manager, 0, "%s %s: the job ended '%s', not 'done'", verb, unit, manager->job_result);
	return strcmp(manager->job_result, "canceled") == 0 ? -ECANCELED
	       : strcmp(manager->job_result, "timeout") == 0 ? -ETIMEDOUT : -EIO;
}

const char *manager_unit_files_verb(const char *method)
{
	static const char *const verbs[][2] = {
		{ "EnableUnitFiles", "enabling" }, { "DisableUnitFiles", "disabling" },
		{ "MaskUnitFiles", "masking" }, { "UnmaskUnitFiles", "unmasking" },
	};

	for (size_t i = 0; i < sizeof(verbs) / sizeof(verbs[0]); i++)
		if (strcmp(method, verbs[i][0]) == 0)
			return verbs[i][1];
	return method;
}

/* Calls one of the *UnitFiles methods on a single unit. Returns the
 * number of files changed. */
int manager_unit_files_call(struct manager *manager, const char *method, const char *unit, bool runtime)
{
	bool takes_force = strcmp(method, "MaskUnitFiles") == 0 || strcmp(method, "EnableUnitFiles") == 0;
	_cleanup_(sym_sd_bus_error_freep) sd_bus_error error = SD_BUS_ERROR_NULL;
	_cleanup_(sym_sd_bus_message_unrefp) sd_bus_message *call = NULL;
	_cleanup_(sym_sd_bus_message_unrefp) sd_bus_message *reply = NULL;
	char *files[] = { (char *)unit, NULL };
	int r, changes = 0;

	r = sym_sd_bus_message_new_method_call(manager->bus, &call, SYSTEMD_DESTINATION, SYSTEMD_PATH,
					       MANAGER_INTERFACE, method);
	if (r >= 0)
		r = sym_sd_bus_message_append_strv(call, files);
	if (r >= 0)
		/* Never force: it would replace whatever symlink of the
		 * admin's stands where ours goes, and unmasking would then
		 * delete it. */
		r = takes_force ? sym_sd_bus_message_append(call, "bb", runtime, false)
				: sym_sd_bus_message_append(call, "b", runtime);
	if (r >= 0)
		r = sym_sd_bus_call(manager->bus, call, 0, &error, &reply);
	if (r >= 0 && strcmp(method, "EnableUnitFiles") == 0)
		r = sym_sd_bus_message_skip(reply, "b");
	if (r >= 0)
		r = sym_sd_bus_message_enter_container(reply, SD_BUS_TYPE_ARRAY, "(sss)");
	while (r >= 0 && (r = sym_sd_bus_message_skip(reply, "(sss)")) > 0)
		changes++;
	if (r < 0)
		return fail_call(manager, r, &error, "%s %s", manager_unit_files_verb(method), unit);
	return changes;
}

int manager_reload(struct manager *manager)
{
	_cleanup_(sym_sd_bus_error_freep) sd_bus_error error = SD_BUS_ERROR_NULL;
	int r = sym_sd_bus_call_method(manager->bus, SYSTEMD_DESTINATION, SYSTEMD_PATH, MANAGER_INTERFACE, "Reload",
				       &error, NULL, "");

	return r < 0 ? fail_call(manager, r, &error, "reloading systemd") : 0;
}

