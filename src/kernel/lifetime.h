/* SPDX-License-Identifier: GPL-2.0-or-later */
/* What names this boot and a process for as long as they last, so that
 * a record kept under /run can tell that it still describes them: the
 * kernel's boot id, and a process's start time (a pid alone is reused). */
#ifndef PORTGUARD_LIFETIME_H
#define PORTGUARD_LIFETIME_H

#include <sys/types.h>

#define LIFETIME_BOOT_ID_LENGTH 36

/* /proc/sys/kernel/random/boot_id into boot_id, NUL-terminated. Returns
 * 0 or a negative errno (-EBADMSG when it is not 36 characters). */
int lifetime_boot_id(char boot_id[static LIFETIME_BOOT_ID_LENGTH + 1]);

/* The process's start time in clock ticks after boot, field 22 of
 * /proc/PID/stat. Returns 0, -ENOENT when it cannot be read (ended), or
 * -EBADMSG. */
int lifetime_process_start(pid_t pid, unsigned long long *ret_start);

#endif
