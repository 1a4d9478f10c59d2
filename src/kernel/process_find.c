/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "config.h"

#include <dirent.h>
#include <unistd.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/cleanup.h"
#include "base/paths.h"
#include "kernel/process_find.h"

pid_t process_find(const struct host *host, const char *name)
{
	_cleanup_(closedirp) DIR *directory = NULL;
	_cleanup_close_ int fd = paths_open_directory(host, PATH_PROC, false);
	struct dirent *entry;
	pid_t found = 0;

	if (fd < 0)
		return 0;
	directory = fdopendir(fd);
	if (!directory)
		return 0;
	(void)TAKE_FD(fd);	/* the DIR owns it now */
	while ((entry = readdir(directory))) {
		_cleanup_free_ char *comm = NULL;
		char path[64];
		size_t length;
		long pid;

		if (entry->d_name[0] < '1' || entry->d_name[0] > '9' ||
		    strspn(entry->d_name, "0123456789") != strlen(entry->d_name) || strlen(entry->d_name) > 9)
			continue;
		pid = strtol(entry->d_name, NULL, 10);
		snprintf(path, sizeof(path), "/proc/%ld/comm", pid);
		if (paths_read_file(host, path, &comm, &length) < 0)
			continue;
		comm[strcspn(comm, "\n")] = '\0';
		if (strcmp(comm, name) == 0 && (found == 0 || pid < found))
			found = (pid_t)pid;
	}
	return found;
}
