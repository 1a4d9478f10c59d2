/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "config.h"

#include <dirent.h>
#include <stdbool.h>
#include <unistd.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/cleanup.h"
#include "base/grow.h"
#include "base/paths.h"
#include "kernel/process_find.h"

/* One process as the walk saw it: its pid and the first line of its
 * comm (16 bytes in the kernel; a tree below --root may hold more). */
struct process_name {
	pid_t pid;
	char *comm;
};

/* The walk of process_find_memo_begin: the host it walked (its pointer,
 * root fd and root), and every process it could read. */
static struct {
	bool on, walked;
	const struct host *host;
	int root_fd;
	char root[PATH_MAX];
	struct process_name *items;
	size_t count, capacity;
} memo;

void process_find_memo_begin(void)
{
	memo.on = true;
}

void process_find_memo_forget(void)
{
	for (size_t i = 0; i < memo.count; i++)
		free(memo.items[i].comm);
	free(memo.items);
	memset(&memo, 0, sizeof(memo));
}

/* Keeps comm for pid; false without memory (the memo is then dropped). */
static bool memo_keep(pid_t pid, char *comm)
{
	struct process_name *items = grow_for_one(memo.items, memo.count, &memo.capacity, sizeof(*items));

	if (!items)
		return false;
	memo.items = items;
	memo.items[memo.count++] = (struct process_name){ .pid = pid, .comm = comm };
	return true;
}

static bool memo_holds(const struct host *host)
{
	return memo.walked && memo.host == host && memo.root_fd == host->root_fd && strcmp(memo.root, host->root) == 0;
}

/* Walks /proc below host: the lowest pid named name, and with keep every
 * process's name into the memo (false: memory ran out, the memo is not
 * complete). */
static pid_t walk(const struct host *host, const char *name, bool keep, bool *ret_kept)
{
	_cleanup_(closedirp) DIR *directory = NULL;
	_cleanup_close_ int fd = paths_open_directory(host, PATH_PROC, false);
	struct dirent *entry;
	pid_t found = 0;

	*ret_kept = keep;
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
		if (*ret_kept) {
			*ret_kept = memo_keep((pid_t)pid, comm);
			if (*ret_kept)
				comm = NULL;	/* the memo owns it now */
		}
	}
	return found;
}

pid_t process_find(const struct host *host, const char *name)
{
	pid_t found = 0;
	bool kept;

	if (memo.on && memo_holds(host)) {
		for (size_t i = 0; i < memo.count; i++)
			if (strcmp(memo.items[i].comm, name) == 0 && (found == 0 || memo.items[i].pid < found))
				found = memo.items[i].pid;
		return found;
	}
	if (!memo.on || memo.walked)
		return walk(host, name, false, &kept);	/* another host than the memo's */
	found = walk(host, name, true, &kept);
	if (!kept) {
		/* Without memory: the next ask walks again. */
		process_find_memo_forget();
		memo.on = true;
		return found;
	}
	memo.walked = true;
	memo.host = host;
	memo.root_fd = host->root_fd;
	snprintf(memo.root, sizeof(memo.root), "%s", host->root);
	return found;
}
