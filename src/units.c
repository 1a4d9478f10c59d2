#include "config.h"

#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <systemd/sd-bus.h>

#include "cidr.h"
#include "cleanup.h"
#include "units.h"

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
	_cleanup_(sd_bus_error_free) sd_bus_error error = SD_BUS_ERROR_NULL;
	_cleanup_(sd_bus_message_unrefp) sd_bus_message *reply = NULL;
	const char *type, *address;
	int r;

	r = sd_bus_get_property(bus, SYSTEMD_DESTINATION, path, "org.freedesktop.systemd1.Socket",
				"Listen", &error, &reply, "a(ss)");
	if (r < 0)
		return r;
	r = sd_bus_message_enter_container(reply, SD_BUS_TYPE_ARRAY, "(ss)");
	if (r < 0)
		return r;
	while ((r = sd_bus_message_read(reply, "(ss)", &type, &address)) > 0)
		if (listen_matches(listener, type, address))
			return 1;
	return r;
}

/* The cgroup of the first service the socket unit triggers. */
static void triggered_service_cgroup(sd_bus *bus, const char *socket_path, struct socket_unit *unit)
{
	_cleanup_(sd_bus_error_free) sd_bus_error error = SD_BUS_ERROR_NULL;
	_cleanup_(sd_bus_message_unrefp) sd_bus_message *reply = NULL;
	char **triggers = NULL, *cgroup = NULL;
	const char *service_path;

	if (sd_bus_get_property_strv(bus, SYSTEMD_DESTINATION, socket_path, "org.freedesktop.systemd1.Unit",
				     "Triggers", &error, &triggers) < 0 || !triggers || !triggers[0])
		goto out;
	if (sd_bus_call_method(bus, SYSTEMD_DESTINATION, SYSTEMD_PATH, MANAGER_INTERFACE, "GetUnit",
			       &error, &reply, "s", triggers[0]) < 0 ||
	    sd_bus_message_read(reply, "o", &service_path) < 0)
		goto out;
	if (sd_bus_get_property_string(bus, SYSTEMD_DESTINATION, service_path,
				       "org.freedesktop.systemd1.Service", "ControlGroup", &error, &cgroup) >= 0)
		snprintf(unit->service_cgroup, sizeof(unit->service_cgroup), "%s", cgroup);
out:
	free(cgroup);
	if (triggers)
		for (char **item = triggers; *item; item++)
			free(*item);
	free(triggers);
}

int units_socket_unit_for(const struct listener *listener, struct socket_unit *ret_unit)
{
	_cleanup_(sd_bus_flush_close_unrefp) sd_bus *bus = NULL;
	_cleanup_(sd_bus_error_free) sd_bus_error error = SD_BUS_ERROR_NULL;
	_cleanup_(sd_bus_message_unrefp) sd_bus_message *reply = NULL;
	const char *name, *path;
	int r;

	r = sd_bus_open_system(&bus);
	if (r < 0)
		return r;
	r = sd_bus_call_method(bus, SYSTEMD_DESTINATION, SYSTEMD_PATH, MANAGER_INTERFACE,
			       "ListUnitsByPatterns", &error, &reply, "asas", 0, 1, "*.socket");
	if (r < 0)
		return r;
	r = sd_bus_message_enter_container(reply, SD_BUS_TYPE_ARRAY, "(ssssssouso)");
	if (r < 0)
		return r;
	while ((r = sd_bus_message_read(reply, "(ssssssouso)", &name, NULL, NULL, NULL, NULL, NULL,
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
