/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/atomic_file.h"
#include "base/cleanup.h"

int atomic_file_make_parents(const char *path, mode_t mode)
{
	char copy[PATH_MAX];

	if (strlen(path) >= sizeof(copy))
		return -ENAMETOOLONG;
	strcpy(copy, path);
	for (char *slash = strchr(copy + 1, '/'); slash; slash = strchr(slash + 1, '/')) {
		*slash = '\0';
		if (mkdir(copy, mode) < 0 && errno != EEXIST)
			return -errno;
		*slash = '/';
	}
	return 0;
}

static int write_all(int fd, const char *data, size_t length)
{
	while (length > 0) {
		ssize_t written = write(fd, data, length);

		if (written < 0 && errno == EINTR)
			continue;
		if (written < 0)
			return -errno;
		data += written;
		length -= (size_t)written;
	}
	return 0;
}

/* A new file beside name, "name.1a2b3c4d", that nobody else can have
 * opened: O_EXCL creates it or fails, and follows no link. */
static int create_temporary(int dir_fd, const char *name, char *ret_temporary)
{
	for (unsigned int tries = 0; tries < 64; tries++) {
		uint32_t random;
		int fd;

		if (getrandom(&random, sizeof(random), 0) != sizeof(random))
			return -errno;
		if (snprintf(ret_temporary, NAME_MAX + 1, "%s.%08x", name, (unsigned int)random) > NAME_MAX)
			return -ENAMETOOLONG;
		fd = openat(dir_fd, ret_temporary, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
		if (fd >= 0 || errno != EEXIST)
			return fd >= 0 ? fd : -errno;
	}
	return -EEXIST;
}

static int write_file(int dir_fd, const char *name, const char *data, size_t length, mode_t mode, bool replace)
{
	char temporary[NAME_MAX + 1];
	int fd, r;

	fd = create_temporary(dir_fd, name, temporary);
	if (fd < 0)
		return fd;
	r = fchmod(fd, mode) < 0 ? -errno : 0;
	if (r == 0)
		r = write_all(fd, data, length);
	if (r == 0 && fsync(fd) < 0)
		r = -errno;
	if (close(fd) < 0 && r == 0)
		r = -errno;
	if (r == 0 && renameat2(dir_fd, temporary, dir_fd, name, replace ? 0 : RENAME_NOREPLACE) < 0)
		r = -errno;
	if (r < 0) {
		unlinkat(dir_fd, temporary, 0);
		return r;
	}
	/* Renamed: the file is the new one. A directory that will not fsync
	 * only weakens the crash guarantee; it is no reason to undo. */
	fsync(dir_fd);
	return 0;
}

int atomic_file_write_at(int dir_fd, const char *name, const char *data, size_t length, mode_t mode)
{
	return write_file(dir_fd, name, data, length, mode, true);
}

int atomic_file_create_at(int dir_fd, const char *name, const char *data, size_t length, mode_t mode)
{
	return write_file(dir_fd, name, data, length, mode, false);
}

int atomic_file_rename_at(int from_dir_fd, const char *from, int to_dir_fd, const char *to)
{
	if (renameat(from_dir_fd, from, to_dir_fd, to) < 0)
		return -errno;
	fsync(to_dir_fd);
	return 0;
}

int atomic_file_write(const char *path, const char *data, size_t length, mode_t mode)
{
	char directory[PATH_MAX];
	const char *slash = strrchr(path, '/');
	_cleanup_close_ int dir_fd = -1;

	if (!slash)
		return atomic_file_write_at(AT_FDCWD, path, data, length, mode);
	if ((size_t)(slash - path) >= sizeof(directory))
		return -ENAMETOOLONG;
	snprintf(directory, sizeof(directory), "%.*s", slash == path ? 1 : (int)(slash - path), path);
	dir_fd = open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dir_fd < 0)
		return -errno;
	return atomic_file_write_at(dir_fd, slash + 1, data, length, mode);
}

int atomic_file_write_text(const char *path, const char *text, mode_t mode)
{
	int r = atomic_file_make_parents(path, 0755);

	return r < 0 ? r : atomic_file_write(path, text, strlen(text), mode);
}
