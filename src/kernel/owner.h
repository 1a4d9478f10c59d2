/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Who holds a socket: processes and their systemd units. Reads only the
 * candidate processes' file descriptors (the socket's cgroup, PID 1 and
 * the service a socket unit triggers), so a host with 100,000 open
 * sockets costs as much as one with ten. Where that cgroup holds many
 * fds (everything in one cgroup), or names no holder (the holder was
 * moved to another cgroup: every process is a candidate), the likely
 * holders go first and the search stops once every socket has an owner
 * (owners_partial). */
#ifndef PORTGUARD_OWNER_H
#define PORTGUARD_OWNER_H

#include <stdbool.h>

#include "model/model.h"

/* Which socket unit of systemd listens where listener is (PID 1 holds
 * it): its name (UNIT_NAME_MAX bytes) and the cgroup of the service it
 * triggers (PATH_MAX bytes, "" when none). Returns 0, -ENOENT or another
 * negative errno. Asked through the bus by the stage above (listeners.c),
 * so that owner reads only /proc and cgroups. */
typedef int (*owner_socket_unit_lookup)(const struct listener *listener, char *ret_name, char *ret_service_cgroup);

/* Fills the owners of every listener in list; socket_unit_for names PID
 * 1's sockets the cgroups do not name (NULL: left unnamed). Where many
 * processes are candidates, those whose name starts with one of
 * likely_processes (NULL-terminated; NULL: none) and systemd go first.
 * Returns 0 or a negative errno; processes it may not read set
 * list->owners_incomplete. */
int owner_attribute(struct listener_list *list, const char *const *likely_processes,
		    owner_socket_unit_lookup socket_unit_for);

/* owner_attribute with the processes below proc (a /proc: "/proc", or
 * a test's tree in its place) and the cgroups below mount_fd (the
 * cgroup2 mount, which stays open; -1: none). */
int owner_attribute_at(const char *proc, int mount_fd, struct listener_list *list,
		       const char *const *likely_processes, owner_socket_unit_lookup socket_unit_for);

/* A command whose looks all come before it changes anything (fix: the
 * look that picks the services, then each service's own look) may share
 * the owners the first walk found: while the memo is begun,
 * owner_attribute gives a list whose every socket (inode, port and
 * transport) an earlier call of the command attributed those owners and
 * flags instead of reading /proc again. Forgotten (and ended) before
 * the first change to the host and when the command ends; the agent
 * and verify never begin it. */
void owner_memo_begin(void);
void owner_memo_forget(void);
bool owner_memo_active(void);

/* The systemd unit a process runs in, from /proc/PID/cgroup: "" when
 * none. buffer holds UNIT_NAME_MAX bytes. */
void owner_unit_of_pid(pid_t pid, char *buffer);

#endif
