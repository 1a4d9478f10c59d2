/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Opening a file so that it can neither stall nor mislead a process that
 * runs as root: never blocking (a FIFO without a writer, a device that
 * waits), refused unless it is what the caller reads (a regular file or
 * a directory), symbolic links followed only where the caller allows,
 * and below a --root tree resolved inside the tree. Every file portguard
 * reads is opened here. */
#ifndef PORTGUARD_SAFE_FILE_H
#define PORTGUARD_SAFE_FILE_H

#include <errno.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <sys/stat.h>

/* How a path is opened; combined with |. */
enum {
	/* A symbolic link as the last component is refused (-ELOOP): for
	 * portguard's own files, which it only ever writes as files. */
	SAFE_FILE_NOFOLLOW = 1u << 0,
	/* dir_fd is the root of the analysed host: "/", "..", and absolute
	 * links resolve inside it, never on the host running portguard. */
	SAFE_FILE_IN_ROOT = 1u << 1,
	/* A directory is wanted (for reading entries or as a dir_fd), not a
	 * regular file. */
	SAFE_FILE_DIRECTORY = 1u << 2,
};

/* What a FIFO, device or socket gives: not a file to read. */
#define SAFE_FILE_NOT_REGULAR EBADFD

/* Opens path relative to dir_fd (AT_FDCWD for a path of this host) with
 * open_flags (O_RDONLY, or O_RDWR | O_CREAT, mode 0600), how as above.
 * Returns the descriptor, close-on-exec and back in blocking mode, or
 * -ELOOP (a symbolic link where none may be), -EISDIR (a directory),
 * -ENOTDIR (SAFE_FILE_DIRECTORY: not one), -SAFE_FILE_NOT_REGULAR, or
 * the errno of the open. */
int safe_file_open(int dir_fd, const char *path, int open_flags, unsigned int how);

/* safe_file_open for reading, as a stdio stream the caller fcloses. */
int safe_file_stream(int dir_fd, const char *path, unsigned int how, FILE **ret_file);

/* stat (lstat with SAFE_FILE_NOFOLLOW) of path, resolved as how says. */
int safe_file_stat(int dir_fd, const char *path, unsigned int how, struct stat *ret_status);

/* Reads fd to its end into a NUL-terminated buffer the caller frees;
 * *ret_length excludes the NUL. Files in /proc report size 0, so the
 * size is not taken from fstat. -EFBIG beyond max bytes. */
int safe_file_read_all(int fd, size_t max, char **ret_text, size_t *ret_length);

/* safe_file_open and safe_file_read_all of a path of this host. */
int safe_file_read(const char *path, unsigned int how, size_t max, char **ret_text, size_t *ret_length);

/* true when fd is a directory of procfs, whose files are the kernel's:
 * nobody makes a FIFO, device or link to another file there. */
bool safe_file_is_procfs(int fd);

/* Reads path, relative to proc_fd (a directory safe_file_is_procfs
 * accepts), with one open, one read and a close, where safe_file_open
 * and safe_file_read_all take seven system calls: the path may neither
 * follow a link nor cross a mount (a file bind-mounted over it), so what
 * opens is procfs's own file and needs none of their checks. For a small
 * file whose bound is known (/proc/PID/comm, 16 bytes): buffer (size
 * bytes) gets it NUL-terminated. Returns its length; -EFBIG when it
 * fills size - 1 bytes, so may be longer; -ENOSYS without openat2 (Linux
 * before 5.6), -EPERM where a seccomp filter refuses it; or the errno of
 * the open or read. */
int safe_file_read_procfs(int proc_fd, const char *path, char *buffer, size_t size);

/* The cause for a negative errno from these functions, in words that say
 * what was refused ("not a regular file..."); else strerror. */
const char *safe_file_strerror(int r);

#endif
