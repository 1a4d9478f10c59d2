/* SPDX-License-Identifier: GPL-2.0-or-later */
/* systemd's signals about given units, over sd-bus: a state change of
 * one of them (rpcbind.socket, rpcbind.service), unit files enabled,
 * masked or unmasked, and a daemon reload (a package brought a unit
 * that needs the service). Each calls changed(data); what changed is
 * read afterwards, so the signals' contents need no parsing. */
#ifndef PORTGUARD_UNIT_EVENTS_H
#define PORTGUARD_UNIT_EVENTS_H

#include <systemd/sd-event.h>

struct unit_events;

/* Connects, subscribes to units (NULL-terminated) and the manager, and
 * attaches to event. changed is also called
 * when the connection drops (systemd re-executed); the caller then
 * frees and reopens. */
int unit_events_open(sd_event *event, const char *const *units, void (*changed)(void *data, int disconnected),
		     void *data, struct unit_events **ret_events);
void unit_events_free(struct unit_events *events);

#endif
