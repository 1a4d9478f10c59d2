/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Finding a process of the analysed host by name, below --root. */
#ifndef PORTGUARD_PROCESS_FIND_H
#define PORTGUARD_PROCESS_FIND_H

#include <sys/types.h>

#include "base/paths.h"

/* The lowest pid whose /proc/PID/comm below root (its first line) is
 * name; 0 when none. A line longer than a kernel comm (15 bytes) names
 * no process. */
pid_t process_find(const struct host *host, const char *name);

/* A command that changes nothing (check) asks for several names (each
 * service's daemons and their neighbours): while the memo is begun, the
 * first process_find walks /proc once, keeping every process's name,
 * and the others of the same host are answered from it. Forgotten (and
 * ended) when the command ends; a command that changes the host never
 * begins it. */
void process_find_memo_begin(void);
void process_find_memo_forget(void);

#endif
