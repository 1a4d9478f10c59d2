/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "config.h"

#include <errno.h>
#include <stdlib.h>

#include "systemd/libsystemd.h"
#include "systemd/systemd_manager.h"
#include "systemd/unit_events.h"

#define PROPERTIES_INTERFACE "org.freedesktop.DBus.Properties"

struct unit_events {
	sd_bus *bus;
	void (*changed)(void *data, int disconnected);
	void *data;
};

static int on_signal(sd_bus_message *message, void *userdata, sd_bus_error *error)
{
	struct unit_events *events = userdata;

	(void)message;
	(void)error;
	events->changed(events->data, 0);
	return 0;
}

static int on_disconnected(sd_bus_message *message, void *userdata, sd_bus_error *error)
{
	struct unit_events *events = userdata;

	(void)message;
	(void)error;
	events->changed(events->data, 1);
	return 0;
}

int unit_events_open(sd_event *event, const char *const *units, void (*changed)(void *data, int disconnected),
		     void *data, struct unit_events **ret_events)
{
	static const char *const manager_signals[] = { "UnitFilesChanged", "Reloading" };
	struct unit_events *events = calloc(1, sizeof(*events));
	sd_bus_error error = SD_BUS_ERROR_NULL;
	int r;

	if (!events)
		return -ENOMEM;
	events->changed = changed;
	events->data = data;
	r = manager_bus_open(&events->bus);
	for (const char *const *unit = units; r >= 0 && *unit; unit++) {
		char *path = NULL;

		/* "rpcbind.socket" is the object .../unit/rpcbind_2esocket. */
		r = sym_sd_bus_path_encode(SYSTEMD_PATH "/unit", *unit, &path);
		if (r >= 0)
			r = sym_sd_bus_match_signal(events->bus, NULL, SYSTEMD_DESTINATION, path, PROPERTIES_INTERFACE,
						    "PropertiesChanged", on_signal, events);
		free(path);
	}
	for (size_t i = 0; r >= 0 && i < sizeof(manager_signals) / sizeof(manager_signals[0]); i++)
		r = sym_sd_bus_match_signal(events->bus, NULL, SYSTEMD_DESTINATION, SYSTEMD_PATH, MANAGER_INTERFACE,
					    manager_signals[i], on_signal, events);
	if (r >= 0)
		r = sym_sd_bus_match_signal(events->bus, NULL, "org.freedesktop.DBus.Local",
					    "/org/freedesktop/DBus/Local", "org.freedesktop.DBus.Local", "Disconnected",
					    on_disconnected, events);
	/* The manager sends unit signals only while someone is subscribed. */
	if (r >= 0)
		r = sym_sd_bus_call_method(events->bus, SYSTEMD_DESTINATION, SYSTEMD_PATH, MANAGER_INTERFACE,
					   "Subscribe", &error, NULL, "");
	sym_sd_bus_error_free(&error);
	if (r >= 0)
		r = sym_sd_bus_attach_event(events->bus, event, SD_EVENT_PRIORITY_NORMAL);
	if (r < 0) {
		unit_events_free(events);
		return r;
	}
	*ret_events = events;
	return 0;
}

void unit_events_free(struct unit_events *events)
{
	if (!events)
		return;
	if (events->bus) {
		sym_sd_bus_detach_event(events->bus);
		sym_sd_bus_flush_close_unref(events->bus);
	}
	free(events);
}
