/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "config.h"

#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/cleanup.h"
#include "model/cidr.h"
#include "systemd/libsystemd.h"
#include "systemd/systemd.h"
#include "systemd/systemd_manager.h"
#include "systemd/units.h"

#define SYSTEMD_DESTINATION "org.freedesktop.systemd1"
#define SYSTEMD_PATH "/org/freedesktop/systemd1"
#define MANAGER_INTERFACE "org.freedesktop.systemd1.Manager"

/* Parses what systemd shows for ListenStream=/ListenDatagram=: "111",
 * "0.0.0.0:111", "[::]:111". A bare port listens on [::] dual-stack. */
static int parse_listen_address(const char *text, struct ip_address *ret_address, unsigned int *ret_port)
{
	char address_text[64];
	const char *colon;
	char *end;
	unsigned long port;

	if (text[0] == '[') {
		const char *close = strchr(text, ']');

		if (!close || close[1] != ':' || (size_t)(close - text - 1) >= sizeof(address_text))
			return -EINVAL;
		memcpy(address_text, text + 1, (size_t)(close - text - 1));
		address_text[close - text - 1] = '\0';
		colon = close + 1;
	} else if ((colon = strrchr(text, ':'))) {
		if ((size_t)(colon - text) >= sizeof(address_text))
			return -EINVAL;
		memcpy(address_text, text, (size_t)(colon - text));
		address_text[colon - text] = '\0';
	} else {
		strcpy(address_text, "::");
		colon = text - 1;
	}
	if (colon[1] < '0' || colon[1] > '9')
		return -EINVAL;
	port = strtoul(colon + 1, &end, 10);
	if (*end != '\0' || port > 65535)
		return -EINVAL;
	*ret_port = (unsigned int)port;
	return ip_address_parse(address_text, ret_address);
}

static bool listen_matches(const struct listener *listener, const char *type, const char *address_text)
{
	struct ip_address address;
	unsigned int port;

	if (strcmp(type, listener->transport == TRANSPORT_TCP ? "Stream" : "Datagram") != 0)
		return false;
	if (parse_listen_address(address_text, &address, &port) < 0 || port != listener->port)
		return false;
	return address.family == listener->address.family &&
	       memcmp(address.bytes, listener->address.bytes, address.family == AF_INET ? 4 : 16) == 0;
}

static int socket_unit_matches(sd_bus *bus, const char *path, const struct listener *listener)
{
	_cleanup_(sym_sd_bus_error_freep) sd_bus_error error = SD_BUS_ERROR_NULL;
	_cleanup_(sym_sd_bus_message_unrefp) sd_bus_message *reply = NULL;
	const char *type, *address;
	int r;

	r = sym_sd_bus_get_property(bus, SYSTEMD_DESTINATION, path, "org.freedesktop.systemd1.Socket",
				    "Listen", &error, &reply, "a(ss)");
	if (r < 0)
		return r;
	r = sym_sd_bus_message_enter_container(reply, SD_BUS_TYPE_ARRAY, "(ss)");
	if (r < 0)
		return r;
	while ((r = sym_sd_bus_message_read(reply, "(ss)", &type, &address)) > 0)
		if (listen_matches(listener, type, address))
			return 1;
	return r;
}

static void strv_free(char **strv)
{
	for (char **item = strv; item && *item; item++)
		free(*item);
	free(strv);
}

DEFINE_TRIVIAL_CLEANUP_FUNC(char **, strv_free)

/* The cgroup of the first service the socket unit triggers. */
static void triggered_service_cgroup(sd_bus *bus, const char *socket_path, struct socket_unit *unit)
{
	_cleanup_(sym_sd_bus_error_freep) sd_bus_error error = SD_BUS_ERROR_NULL;
	_cleanup_(sym_sd_bus_message_unrefp) sd_bus_message *reply = NULL;
	_cleanup_(strv_freep) char **triggers = NULL;
	_cleanup_free_ char *cgroup = NULL;
	const char *service_path;

	if (sym_sd_bus_get_property_strv(bus, SYSTEMD_DESTINATION, socket_path, "org.freedesktop.systemd1.Unit",
					 "Triggers", &error, &triggers) < 0 || !triggers || !triggers[0])
		return;
	if (sym_sd_bus_call_method(bus, SYSTEMD_DESTINATION, SYSTEMD_PATH, MANAGER_INTERFACE, "GetUnit",
				   &error, &reply, "s", triggers[0]) < 0 ||
	    sym_sd_bus_message_read(reply, "o", &service_path) < 0)
		return;
	if (sym_sd_bus_get_property_string(bus, SYSTEMD_DESTINATION, service_path,
					   "org.freedesktop.systemd1.Service", "ControlGroup", &error, &cgroup) >= 0)
		snprintf(unit->service_cgroup, sizeof(unit->service_cgroup), "%s", cgroup);
}

int units_socket_unit_for(const struct listener *listener, struct socket_unit *ret_unit)
{
	_cleanup_(sym_sd_bus_flush_close_unrefp) sd_bus *bus = NULL;
	_cleanup_(sym_sd_bus_error_freep) sd_bus_error error = SD_BUS_ERROR_NULL;
	_cleanup_(sym_sd_bus_message_unrefp) sd_bus_message *reply = NULL;
	const char *name, *path;
	int r;

	/* Elsewhere PID 1 holds sockets of its own, and no bus to ask. */
	if (systemd_booted() <= 0)
		return -ENOMEDIUM;
	r = manager_bus_open(&bus);
	if (r < 0)
		return r;
	r = sym_sd_bus_call_method(bus, SYSTEMD_DESTINATION, SYSTEMD_PATH, MANAGER_INTERFACE,
				   "ListUnitsByPatterns", &error, &reply, "asas", 0, 1, "*.socket");
	if (r < 0)
		return r;
	r = sym_sd_bus_message_enter_container(reply, SD_BUS_TYPE_ARRAY, "(ssssssouso)");
	if (r < 0)
		return r;
	while ((r = sym_sd_bus_message_read(reply, "(ssssssouso)", &name, NULL, NULL, NULL, NULL, NULL,
					    &path, NULL, NULL, NULL)) > 0) {
		if (socket_unit_matches(bus, path, listener) <= 0)
			continue;
		struct socket_unit unit = { 0 };

		snprintf(unit.name, sizeof(unit.name), "%s", name);
		triggered_service_cgroup(bus, path, &unit);
		*ret_unit = unit;
		return 0;
	}
	return r < 0 ? r : -ENOENT;
}

#define UNIT_INTERFACE "org.freedesktop.systemd1.Unit"
#define UNIT_DEPENDENTS_MAX 256

const char *unit_relation_name(enum unit_relation relation)
{
	static const char *const names[] = {
		[UNIT_REQUIRED_BY] = "requires", [UNIT_WANTED_BY] = "wants", [UNIT_BOUND_BY] = "is bound to",
	};
	return (unsigned int)relation < sizeof(names) / sizeof(names[0]) ? names[relation] : "?";
}

static void read_state_property(sd_bus *bus, const char *path, const char *property, char *buffer)
{
	_cleanup_(sym_sd_bus_error_freep) sd_bus_error error = SD_BUS_ERROR_NULL;
	char *value = NULL;

	buffer[0] = '\0';
	if (sym_sd_bus_get_property_string(bus, SYSTEMD_DESTINATION, path, UNIT_INTERFACE, property, &error,
					   &value) >= 0)
		snprintf(buffer, UNIT_STATE_MAX, "%s", value);
	free(value);
}

/* LoadUnit gives a path even for a unit that does not exist. */
static int unit_path(sd_bus *bus, const char *name, char **ret_path)
{
	_cleanup_(sym_sd_bus_error_freep) sd_bus_error error = SD_BUS_ERROR_NULL;
	_cleanup_(sym_sd_bus_message_unrefp) sd_bus_message *reply = NULL;
	const char *path;
	int r;

	r = sym_sd_bus_call_method(bus, SYSTEMD_DESTINATION, SYSTEMD_PATH, MANAGER_INTERFACE, "LoadUnit",
				   &error, &reply, "s", name);
	if (r < 0)
		return r;
	r = sym_sd_bus_message_read(reply, "o", &path);
	if (r < 0)
		return r;
	*ret_path = strdup(path);
	return *ret_path ? 0 : -ENOMEM;
}

/* rpcbind-foo.service is not rpcbind's, but rpcbind.service is
 * rpcbind.socket's: the part before the last dot decides. */
static bool same_stem(const char *name, const char *other)
{
	const char *dot = strrchr(name, '.'), *other_dot = strrchr(other, '.');

	return dot && other_dot && dot - name == other_dot - other && strncmp(name, other, (size_t)(dot - name)) == 0;
}

static int add_dependent(sd_bus *bus, struct service_units *units, const char *name, const char *depends_on,
			 const char *own_socket, enum unit_relation relation)
{
	struct unit_dependent dependent = { .relation = relation };
	struct unit_dependent *items;
	size_t length = strlen(name);
	char *path = NULL;
	int r;

	/* Targets only enable the service; its own units are not consumers. */
	if ((length > 7 && strcmp(name + length - 7, ".target") == 0) || strcmp(name, depends_on) == 0 ||
	    (own_socket && strcmp(name, own_socket) == 0) || same_stem(name, depends_on) ||
	    length >= UNIT_NAME_MAX || units->count >= UNIT_DEPENDENTS_MAX)
		return 0;
	for (size_t i = 0; i < units->count; i++)
		if (strcmp(units->dependents[i].name, name) == 0) {
			/* Listed by both of the service's units: keep the stronger tie. */
			if (relation != UNIT_WANTED_BY)
				units->dependents[i].relation = relation;
			return 0;
		}
	r = unit_path(bus, name, &path);
	if (r < 0)
		return r;
	snprintf(dependent.name, sizeof(dependent.name), "%s", name);
	snprintf(dependent.depends_on, sizeof(dependent.depends_on), "%s", depends_on);
	read_state_property(bus, path, "ActiveState", dependent.active_state);
	read_state_property(bus, path, "UnitFileState", dependent.unit_file_state);
	free(path);
	if (!unit_state_running(dependent.active_state) && !unit_state_enabled(dependent.unit_file_state))
		return 0;
	items = realloc(units->dependents, (units->count + 1) * sizeof(*items));
	if (!items)
		return -ENOMEM;
	units->dependents = items;
	units->dependents[units->count++] = dependent;
	return 0;
}

static int query_unit(sd_bus *bus, const char *name, const char *socket_name, struct service_unit_state *state,
		      struct service_units *units, bool *ret_triggered_by_socket)
{
	static const struct {
		const char *property;
		enum unit_relation relation;
	} relations[] = {
		{ "RequiredBy", UNIT_REQUIRED_BY }, { "WantedBy", UNIT_WANTED_BY }, { "BoundBy", UNIT_BOUND_BY },
	};
	_cleanup_(sym_sd_bus_error_freep) sd_bus_error error = SD_BUS_ERROR_NULL;
	char *path = NULL, **names = NULL;
	int r;

	r = unit_path(bus, name, &path);
	if (r < 0)
		return r;
	read_state_property(bus, path, "LoadState", state->load_state);
	read_state_property(bus, path, "ActiveState", state->active_state);
	read_state_property(bus, path, "UnitFileState", state->unit_file_state);
	for (size_t i = 0; r >= 0 && i < sizeof(relations) / sizeof(relations[0]); i++) {
		names = NULL;
		if (sym_sd_bus_get_property_strv(bus, SYSTEMD_DESTINATION, path, UNIT_INTERFACE, relations[i].property,
						 &error, &names) < 0)
			continue;
		for (char **item = names; r >= 0 && item && *item; item++)
			r = add_dependent(bus, units, *item, name, socket_name, relations[i].relation);
		strv_free(names);
	}
	if (r >= 0 && ret_triggered_by_socket) {
		names = NULL;
		*ret_triggered_by_socket = false;
		if (sym_sd_bus_get_property_strv(bus, SYSTEMD_DESTINATION, path, UNIT_INTERFACE, "TriggeredBy",
						 &error, &names) >= 0)
			for (char **item = names; item && *item; item++)
				if (socket_name && strcmp(*item, socket_name) == 0)
					*ret_triggered_by_socket = true;
		strv_free(names);
	}
	free(path);
	return r < 0 ? r : 0;
}

int units_query(const char *socket_name, const char *service_name, struct service_units *ret_units)
{
	_cleanup_(sym_sd_bus_flush_close_unrefp) sd_bus *bus = NULL;
	struct service_units units = { 0 };
	bool triggered = false;
	int r;

	if (systemd_booted() <= 0)
		return -ENOMEDIUM;
	r = manager_bus_open(&bus);
	if (r < 0)
		return r;
	if (socket_name)
		r = query_unit(bus, socket_name, socket_name, &units.socket, &units, NULL);
	if (r >= 0)
		r = query_unit(bus, service_name, socket_name, &units.service, &units, &triggered);
	if (r < 0) {
		service_units_free(&units);
		return r;
	}
	units.socket_activated = triggered && strcmp(units.socket.load_state, "loaded") == 0 &&
		(unit_state_running(units.socket.active_state) || unit_state_enabled(units.socket.unit_file_state));
	*ret_units = units;
	return 0;
}

void service_units_free(struct service_units *units)
{
	free(units->dependents);
	*units = (struct service_units){ 0 };
}
