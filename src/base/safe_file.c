/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <linux/magic.h>
#include <linux/openat2.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "base/cleanup.h"
#include "base/safe_file.h"

/* glibc 2.36 has no wrapper for openat2. */
static int open_resolved(int dir_fd, const char *path, int flags, unsigned int how)
{
	struct open_how open_how = {
		.flags = (unsigned int)flags,
		.mode = flags & O_CREAT ? 0600 : 0,
		.resolve = RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS,
	};
	long fd;

	if (!(how & SAFE_FILE_IN_ROOT))
		fd = openat(dir_fd, path, flags, 0600);
	else
		fd = syscall(SYS_openat2, dir_fd, path, &open_how, sizeof(open_how));
	return fd < 0 ? -errno : (int)fd;
}

static int check_type(const struct stat *status, unsigned int how)
{
	if (how & SAFE_FILE_DIRECTORY)
		return S_ISDIR(status->st_mode) ? 0 : S_ISLNK(status->st_mode) ? -ELOOP : -ENOTDIR;
	if (S_ISREG(status->st_mode))
		return 0;
	return S_ISLNK(status->st_mode) ? -ELOOP : S_ISDIR(status->st_mode) ? -EISDIR : -SAFE_FILE_NOT_REGULAR;
}

/* The file behind an O_PATH descriptor, opened for real. Through /proc
 * it is the same inode whatever happened to the path meanwhile; without
 * /proc the path is opened again, non-blocking, and must still be it. */
static int reopen(int path_fd, const struct stat *status, int dir_fd, const char *path, int flags,
		  unsigned int how)
{
	char proc_path[64];
	struct stat again;
	_cleanup_close_ int fd = -1;
	int proc_fd;

	snprintf(proc_path, sizeof(proc_path), "/proc/self/fd/%d", path_fd);
	proc_fd = open(proc_path, flags);
	if (proc_fd >= 0 || errno != ENOENT)
		return proc_fd >= 0 ? proc_fd : -errno;
	fd = open_resolved(dir_fd, path, flags | O_NONBLOCK | (how & SAFE_FILE_NOFOLLOW ? O_NOFOLLOW : 0), how);
	if (fd < 0)
		return fd;
	if (fstat(fd, &again) < 0 || again.st_dev != status->st_dev || again.st_ino != status->st_ino)
		return -ESTALE;
	if (fcntl(fd, F_SETFL, flags & ~O_NONBLOCK) < 0)
		return -errno;
	return TAKE_FD(fd);
}

int safe_file_open(int dir_fd, const char *path, int open_flags, unsigned int how)
{
	int flags = open_flags | O_CLOEXEC | O_NOCTTY, r;
	_cleanup_close_ int fd = -1, path_fd = -1;
	struct stat status;

	/* On this host only root makes device nodes, and only root's own
	 * paths are followed to one: opened directly, without blocking, then
	 * checked (as cheap as a plain open, which /proc's thousands of
	 * reads need). A directory is checked by the open itself. */
	if (!(how & SAFE_FILE_IN_ROOT) || (how & SAFE_FILE_DIRECTORY) || (open_flags & O_CREAT)) {
		fd = open_resolved(dir_fd, path, flags | O_NONBLOCK | (how & SAFE_FILE_NOFOLLOW ? O_NOFOLLOW : 0) |
				   (how & SAFE_FILE_DIRECTORY ? O_DIRECTORY : 0), how);
		if (fd < 0)
			return fd;
		r = fstat(fd, &status) < 0 ? -errno : check_type(&status, how);
		if (r == 0 && fcntl(fd, F_SETFL, flags & ~O_NONBLOCK) < 0)
			r = -errno;
		return r < 0 ? r : TAKE_FD(fd);
	}
	/* A tree of unknown origin may hold device nodes: O_PATH opens
	 * nothing, so no driver runs (a watchdog arms, a tape rewinds)
	 * before the type is known. */
	path_fd = open_resolved(dir_fd, path, O_PATH | O_CLOEXEC | (how & SAFE_FILE_NOFOLLOW ? O_NOFOLLOW : 0), how);
	if (path_fd < 0)
		return path_fd;
	r = fstat(path_fd, &status) < 0 ? -errno : check_type(&status, how);
	return r < 0 ? r : reopen(path_fd, &status, dir_fd, path, flags, how);
}

int safe_file_stream(int dir_fd, const char *path, unsigned int how, FILE **ret_file)
{
	_cleanup_close_ int fd = safe_file_open(dir_fd, path, O_RDONLY, how);
	FILE *file;

	if (fd < 0)
		return fd;
	file = fdopen(fd, "r");
	if (!file)
		return -ENOMEM;
	(void)TAKE_FD(fd);	/* the stream closes it */
	*ret_file = file;
	return 0;
}

int safe_file_stat(int dir_fd, const char *path, unsigned int how, struct stat *ret_status)
{
	_cleanup_close_ int fd = open_resolved(dir_fd, path, O_PATH | O_CLOEXEC |
					       (how & SAFE_FILE_NOFOLLOW ? O_NOFOLLOW : 0), how);

	if (fd < 0)
		return fd;
	return fstat(fd, ret_status) < 0 ? -errno : 0;
}

int safe_file_read_all(int fd, size_t max, char **ret_text, size_t *ret_length)
{
	/* One byte more than allowed tells a full file from an overlong one. */
	size_t length = 0, capacity = max < 4096 ? max + 2 : 4096;
	_cleanup_free_ char *text = NULL;
	struct stat status;
	int r = 0;

	/* A regular file's size is known: one buffer and one read where
	 * doubling would copy and fault in a megabyte-sized state file
	 * several times. The loop still reads to the end: the size is a
	 * hint, the file may grow. */
	if (fstat(fd, &status) == 0 && S_ISREG(status.st_mode) && status.st_size > 0 &&
	    (uintmax_t)status.st_size < max && (size_t)status.st_size + 2 > capacity)
		capacity = (size_t)status.st_size + 2;
	text = malloc(capacity);
	if (!text)
		return -ENOMEM;
	while (length <= max) {
		ssize_t count;

		if (capacity - length < 2) {
			size_t bigger_capacity = capacity > max / 2 ? max + 2 : capacity * 2;
			char *bigger = realloc(text, bigger_capacity);

			if (!bigger) {
				r = -ENOMEM;
				break;
			}
			text = bigger;
			capacity = bigger_capacity;
		}
		count = read(fd, text + length, capacity - length - 1);
		if (count < 0 && errno == EINTR)
			continue;
		if (count <= 0) {
			r = count < 0 ? -errno : 0;
			break;
		}
		length += (size_t)count;
	}
	if (r == 0 && length > max)
		r = -EFBIG;
	if (r < 0)
		return r;
	text[length] = '\0';
	*ret_text = TAKE_PTR(text);
	*ret_length = length;
	return 0;
}

int safe_file_read(const char *path, unsigned int how, size_t max, char **ret_text, size_t *ret_length)
{
	_cleanup_close_ int fd = safe_file_open(AT_FDCWD, path, O_RDONLY, how);

	if (fd < 0)
		return fd;
	return safe_file_read_all(fd, max, ret_text, ret_length);
}

bool safe_file_is_procfs(int fd)
{
	struct statfs status;

	return fstatfs(fd, &status) == 0 && status.f_type == PROC_SUPER_MAGIC;
}

int safe_file_read_procfs(int proc_fd, const char *path, char *buffer, size_t size)
{
	struct open_how open_how = {
		.flags = O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NOFOLLOW,
		.resolve = RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS | RESOLVE_NO_XDEV,
	};
	_cleanup_close_ int fd = -1;
	ssize_t count;

	if (size < 2 || size > INT_MAX)
		return -EINVAL;
	fd = (int)syscall(SYS_openat2, proc_fd, path, &open_how, sizeof(open_how));
	if (fd < 0)
		return -errno;
	do
		count = read(fd, buffer, size - 1);
	while (count < 0 && errno == EINTR);
	if (count < 0)
		return -errno;
	if ((size_t)count == size - 1)
		return -EFBIG;
	buffer[count] = '\0';
	return (int)count;
}

const char *safe_file_strerror(int r)
{
	switch (-r) {
	case SAFE_FILE_NOT_REGULAR:
		return "not a regular file (a FIFO, device or socket), which portguard does not open";
	case ELOOP:
		return "a symbolic link, which portguard does not follow there (or a loop of links)";
	case ENOSYS:
		return "openat2 is not available (it needs Linux 5.6 or later), which --root needs to keep every path inside the tree";
	default:
		return strerror(-r);
	}
}
