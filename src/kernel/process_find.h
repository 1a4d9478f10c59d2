/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Finding a process of the analysed host by name, below --root. */
#ifndef PORTGUARD_PROCESS_FIND_H
#define PORTGUARD_PROCESS_FIND_H

#include <sys/types.h>

#include "base/paths.h"

/* The lowest pid whose /proc/PID/comm below root is name; 0 when none. */
pid_t process_find(const struct host *host, const char *name);

#endif
