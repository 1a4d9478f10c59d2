#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "atomic_file.h"

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

/* The rename itself must reach the disk too. */
static int sync_directory_of(const char *path)
{
	char directory[PATH_MAX];
	char *slash;
	int fd, r = 0;

	snprintf(directory, sizeof(directory), "%s", path);
	slash = strrchr(directory, '/');
	if (!slash)
		strcpy(directory, ".");
	else if (slash == directory)
		directory[1] = '\0';
	else
		*slash = '\0';
	fd = open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	if (fsync(fd) < 0)
		r = -errno;
	close(fd);
	return r;
}

static int write_file(const char *path, const char *data, size_t length, mode_t mode, bool replace)
{
	char temporary[PATH_MAX];
	int fd, r;

	if (snprintf(temporary, sizeof(temporary), "%s.XXXXXX", path) >= (int)sizeof(temporary))
		return -ENAMETOOLONG;
	fd = mkostemp(temporary, O_CLOEXEC);
	if (fd < 0)
		return -errno;
	r = fchmod(fd, mode) < 0 ? -errno : 0;
	if (r == 0)
		r = write_all(fd, data, length);
	if (r == 0 && fsync(fd) < 0)
		r = -errno;
	if (close(fd) < 0 && r == 0)
		r = -errno;
	if (r == 0 && renameat2(AT_FDCWD, temporary, AT_FDCWD, path, replace ? 0 : RENAME_NOREPLACE) < 0)
		r = -errno;
	if (r < 0) {
		unlink(temporary);
		return r;
	}
	/* Renamed: the file is the new one. A directory that will not fsync
	 * only weakens the crash guarantee; it is no reason to undo. */
	sync_directory_of(path);
	return 0;
}

int atomic_file_write(const char *path, const char *data, size_t length, mode_t mode)
{
	return write_file(path, data, length, mode, true);
}

int atomic_file_create(const char *path, const char *data, size_t length, mode_t mode)
{
	return write_file(path, data, length, mode, false);
}

int atomic_file_rename(const char *from, const char *to)
{
	if (rename(from, to) < 0)
		return -errno;
	sync_directory_of(to);
	return 0;
}

int atomic_file_write_text(const char *path, const char *text, mode_t mode)
{
	int r = atomic_file_make_parents(path, 0755);

	return r < 0 ? r : atomic_file_write(path, text, strlen(text), mode);
}
