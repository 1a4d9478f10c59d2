/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Socket units of systemd, asked over the system bus. */
#ifndef PORTGUARD_UNITS_H
#define PORTGUARD_UNITS_H

#include <limits.h>
#include <stdbool.h>
#include <stddef.h>
#include "model/model.h"
#include "systemd/unit_state.h"

struct socket_unit {
	char name[UNIT_NAME_MAX];		/* "rpcbind.socket" */
	char service_cgroup[PATH_MAX];	/* cgroup of the service it triggers, "" if none */
};

/* The socket unit whose Listen= matches listener (held by PID 1).
 * Returns 0, -ENOENT when none matches, -ENOMEDIUM when systemd is not
 * PID 1, or a negative errno (no bus, no libsystemd). */
int units_socket_unit_for(const struct listener *listener, struct socket_unit *ret_unit);


enum unit_relation { UNIT_REQUIRED_BY, UNIT_WANTED_BY, UNIT_BOUND_BY };

/* A unit that depends on a service's socket or service unit and is
 * active or enabled. */
struct unit_dependent {
	char name[UNIT_NAME_MAX];
	char depends_on[UNIT_NAME_MAX];		/* "rpcbind.socket" */
	enum unit_relation relation;
	char active_state[UNIT_STATE_MAX];
	char unit_file_state[UNIT_STATE_MAX];
};

struct service_unit_state {
	char load_state[UNIT_STATE_MAX];	/* "loaded", "not-found", "masked"; "" when not asked */
	char active_state[UNIT_STATE_MAX];
	char unit_file_state[UNIT_STATE_MAX];
};

struct service_units {
	struct service_unit_state socket;	/* "rpcbind.socket" */
	struct service_unit_state service;	/* "rpcbind.service" */
	bool socket_activated;	/* the service is triggered by a loaded, active or enabled socket */
	struct unit_dependent *dependents;
	size_t count;
};

/* Asks systemd over the system bus who depends on a service (RequiredBy,
 * WantedBy, BoundBy of its socket unit, NULL when it has none, and its
 * service unit; targets are left out, they only enable) and whether the
 * service is socket-activated. Returns 0, -ENOMEDIUM when systemd is
 * not PID 1, or the bus's or libsystemd_load()'s negative errno. */
int units_query(const char *socket_name, const char *service_name, struct service_units *ret_units);
void service_units_free(struct service_units *units);
const char *unit_relation_name(enum unit_relation relation);

#endif
