/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <stdbool.h>
#include <unistd.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/cleanup.h"
#include "base/grow.h"
#include "base/paths.h"
#include "base/safe_file.h"
#include "kernel/process_find.h"

/* A kernel comm's size with its NUL (TASK_COMM_LEN): a longer first
 * line, which a tree below --root may hold, names no process. */
#define COMM_SIZE 16

/* One process as the walk saw it: its pid and the first line of its
 * comm. */
struct process_name {
	pid_t pid;
	char comm[COMM_SIZE];
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
	free(memo.items);
	memset(&memo, 0, sizeof(memo));
}

/* Keeps comm for pid; false without memory (the memo is then dropped). */
static bool memo_keep(pid_t pid, const char *comm)
{
	struct process_name *items = grow_for_one(memo.items, memo.count, &memo.capacity, sizeof(*items));

	if (!items)
		return false;
	memo.items = items;
	memo.items[memo.count].pid = pid;
	memcpy(memo.items[memo.count].comm, comm, strlen(comm) + 1);
	memo.count++;
	return true;
}

static bool memo_holds(const struct host *host)
{
	return memo.walked && memo.host == host && memo.root_fd == host->root_fd && strcmp(memo.root, host->root) == 0;
}

/* The first line of text into comm; -ENAMETOOLONG when it is longer
 * than a kernel comm: cut short, it would match a name it is not. */
static int first_line(const char *text, char comm[static COMM_SIZE])
{
	size_t length = strcspn(text, "\n");

	if (length >= COMM_SIZE)
		return -ENAMETOOLONG;
	memcpy(comm, text, length);
	comm[length] = '\0';
	return 0;
}

/* The comm of process pid (its directory's name) into comm. With
 * *direct, the live host's /proc, procfs, is read below proc_fd at the
 * cost of three system calls, which a walk of thousands of processes
 * feels; else through the host like any file: a tree below --root, or
 * where openat2 is missing (before Linux 5.6) or refused (a container's
 * seccomp filter), which clears *direct. */
static int read_comm(const struct host *host, int proc_fd, const char *pid, bool *direct,
		     char comm[static COMM_SIZE])
{
	_cleanup_free_ char *text = NULL;
	char path[64], small[64];
	size_t length;
	int r;

	if (*direct) {
		snprintf(path, sizeof(path), "%s/comm", pid);
		r = safe_file_read_procfs(proc_fd, path, small, sizeof(small));
		if (r != -ENOSYS && r != -EPERM)
			return r < 0 ? r : first_line(small, comm);
		*direct = false;
	}
	snprintf(path, sizeof(path), "/proc/%s/comm", pid);
	r = paths_read_file(host, path, &text, &length);
	return r < 0 ? r : first_line(text, comm);
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
	bool direct;

	*ret_kept = keep;
	if (fd < 0)
		return 0;
	direct = host_is_live(host) && safe_file_is_procfs(fd);
	directory = fdopendir(fd);
	if (!directory)
		return 0;
	(void)TAKE_FD(fd);	/* the DIR owns it now */
	while ((entry = readdir(directory))) {
		char comm[COMM_SIZE];
		long pid;

		if (entry->d_name[0] < '1' || entry->d_name[0] > '9' ||
		    strspn(entry->d_name, "0123456789") != strlen(entry->d_name) || strlen(entry->d_name) > 9)
			continue;
		if (read_comm(host, dirfd(directory), entry->d_name, &direct, comm) < 0)
			continue;
		pid = strtol(entry->d_name, NULL, 10);
		if (strcmp(comm, name) == 0 && (found == 0 || pid < found))
			found = (pid_t)pid;
		if (*ret_kept)
			*ret_kept = memo_keep((pid_t)pid, comm);
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
