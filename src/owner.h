/* Who holds a socket: processes and their systemd units. Reads only the
 * candidate processes' file descriptors (the socket's cgroup, PID 1 and
 * the service a socket unit triggers), so a host with 100,000 open
 * sockets costs as much as one with ten. */
#ifndef PORTGUARD_OWNER_H
#define PORTGUARD_OWNER_H

#include "model.h"

/* Fills the owners of every listener in list. Returns 0 or a negative
 * errno; processes it may not read set list->owners_incomplete. */
int owner_attribute(struct listener_list *list);

/* The systemd unit a process runs in, from /proc/PID/cgroup: "" when
 * none. buffer holds UNIT_NAME_MAX bytes. */
void owner_unit_of_pid(pid_t pid, char *buffer);

#endif
