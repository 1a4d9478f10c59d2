/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/cleanup.h"
#include "base/safe_file.h"
#include "kernel/lifetime.h"

int lifetime_boot_id(char boot_id[static LIFETIME_BOOT_ID_LENGTH + 1])
{
	_cleanup_free_ char *text = NULL;
	size_t length;
	int r = safe_file_read("/proc/sys/kernel/random/boot_id", 0, 64, &text, &length);

	if (r < 0)
		return r;
	if (length < LIFETIME_BOOT_ID_LENGTH)
		return -EBADMSG;
	memcpy(boot_id, text, LIFETIME_BOOT_ID_LENGTH);
	boot_id[LIFETIME_BOOT_ID_LENGTH] = '\0';
	return 0;
}

int lifetime_process_start(pid_t pid, unsigned long long *ret_start)
{
	_cleanup_free_ char *text = NULL;
	char path[64];
	size_t length;
	const char *field;
	char *end;

	snprintf(path, sizeof(path), "/proc/%d/stat", (int)pid);
	if (safe_file_read(path, 0, 4096, &text, &length) < 0)
		return -ENOENT;
	/* after the last ')', as the name may hold any byte */
	field = strrchr(text, ')');
	if (!field)
		return -EBADMSG;
	/* fields 3 (state) to 21 stand before it */
	for (int spaces = 0; spaces < 20; spaces++) {
		field = strchr(field + 1, ' ');
		if (!field)
			return -EBADMSG;
	}
	errno = 0;
	*ret_start = strtoull(field + 1, &end, 10);
	return errno || end == field + 1 || *end != ' ' ? -EBADMSG : 0;
}
