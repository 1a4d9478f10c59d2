/* Socket units of systemd, asked over the system bus. */
#ifndef PORTGUARD_UNITS_H
#define PORTGUARD_UNITS_H

#include <limits.h>
#include "model.h"

struct socket_unit {
	char name[UNIT_NAME_MAX];		/* "rpcbind.socket" */
	char service_cgroup[PATH_MAX];	/* cgroup of the service it triggers, "" if none */
};

/* The socket unit whose Listen= matches listener (held by PID 1).
 * Returns 0, -ENOENT when none matches, or a negative errno (no bus). */
int units_socket_unit_for(const struct listener *listener, struct socket_unit *ret_unit);

#endif
