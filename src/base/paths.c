/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/atomic_file.h"
#include "base/cleanup.h"
#include "base/paths.h"
#include "base/safe_file.h"

int host_open(const char *root, struct host *ret_host)
{
	size_t length = strlen(root);

	ret_host->root_fd = -1;
	ret_host->how = 0;
	ret_host->root[0] = '\0';
	if (length >= sizeof(ret_host->root))
		return -ENAMETOOLONG;
	ret_host->root_fd = open(root[0] ? root : "/", O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (ret_host->root_fd < 0)
		return -errno;
	/* The live system's "/" is this process's own: resolved as always. */
	if (root[0])
		ret_host->how = SAFE_FILE_IN_ROOT;
	memcpy(ret_host->root, root, length + 1);
	return 0;
}

void host_close(struct host *host)
{
	if (host->root_fd >= 0)
		close(host->root_fd);
	host->root_fd = -1;
}

int paths_name(const struct host *host, const char *path, char *buffer)
{
	const char *root = host->root;
	size_t root_length = strlen(root);

	if (path[0] != '/' && root[0] != '\0')
		return -EINVAL;
	while (root_length > 0 && root[root_length - 1] == '/')
		root_length--;
	if (root_length + strlen(path) >= PATH_MAX)
		return -ENAMETOOLONG;
	memcpy(buffer, root, root_length);
	strcpy(buffer + root_length, path);
	return 0;
}

int paths_open(const struct host *host, const char *path, unsigned int how)
{
	if (path[0] != '/')
		return -EINVAL;
	return safe_file_open(host->root_fd, path, O_RDONLY, how | host->how);
}

static int read_file(const struct host *host, const char *path, unsigned int how, size_t max, char **ret_text,
		     size_t *ret_length)
{
	_cleanup_close_ int fd = paths_open(host, path, how);

	if (fd < 0)
		return fd;
	return safe_file_read_all(fd, max, ret_text, ret_length);
}

int paths_read_file(const struct host *host, const char *path, char **ret_text, size_t *ret_length)
{
	return read_file(host, path, 0, PATHS_FILE_MAX, ret_text, ret_length);
}

int paths_read_own(const struct host *host, const char *path, char **ret_text, size_t *ret_length)
{
	return read_file(host, path, SAFE_FILE_NOFOLLOW, PATHS_FILE_MAX, ret_text, ret_length);
}

int paths_read_own_up_to(const struct host *host, const char *path, size_t max, char **ret_text,
			 size_t *ret_length)
{
	return read_file(host, path, SAFE_FILE_NOFOLLOW, max, ret_text, ret_length);
}

int paths_read_optional(const struct host *host, const char *path, char **ret_text, size_t *ret_length,
			struct error_record *ret_error)
{
	int r = paths_read_file(host, path, ret_text, ret_length);

	if (r == -ENOENT) {
		*ret_text = NULL;
		*ret_length = 0;
		return 0;
	}
	if (r < 0) {
		error_record_set(ret_error, path, 0, "cannot be read: %s", safe_file_strerror(r));
		error_record_below_root(ret_error, host);
	}
	return r;
}

bool paths_exists(const struct host *host, const char *path)
{
	struct stat status;

	return safe_file_stat(host->root_fd, path, SAFE_FILE_NOFOLLOW | host->how, &status) == 0;
}

/* The directory part of an absolute path and the name after it. */
static int split(const char *path, char *ret_directory, const char **ret_name)
{
	const char *slash = strrchr(path, '/');

	if (path[0] != '/' || !slash || !slash[1])
		return -EINVAL;
	if ((size_t)(slash - path) >= PATH_MAX)
		return -ENAMETOOLONG;
	snprintf(ret_directory, PATH_MAX, "%.*s", slash == path ? 1 : (int)(slash - path), path);
	*ret_name = slash + 1;
	return 0;
}

static int open_directory(int root_fd, unsigned int how, const char *directory, bool create);

/* Makes directory (mode 0755) in its parent, made first when missing. */
static int make_directory(int root_fd, unsigned int how, const char *directory)
{
	_cleanup_close_ int parent_fd = -1;
	char parent[PATH_MAX];
	const char *name;
	int r = split(directory, parent, &name);

	if (r < 0)
		return r;
	parent_fd = open_directory(root_fd, how, parent, true);
	if (parent_fd < 0)
		return parent_fd;
	return mkdirat(parent_fd, name, 0755) < 0 && errno != EEXIST ? -errno : 0;
}

/* Opens directory, making it and its missing parents (mode 0755) when
 * create is set, every step resolved from root_fd as how says. */
static int open_directory(int root_fd, unsigned int how, const char *directory, bool create)
{
	int fd = safe_file_open(root_fd, directory, O_RDONLY, how | SAFE_FILE_DIRECTORY), r;

	if (fd != -ENOENT || !create)
		return fd;
	r = make_directory(root_fd, how, directory);
	if (r < 0)
		return r;
	/* From the root again: whatever now stands there is resolved like
	 * any other path. */
	return safe_file_open(root_fd, directory, O_RDONLY, how | SAFE_FILE_DIRECTORY);
}

int paths_open_directory(const struct host *host, const char *path, bool create)
{
	return path[0] == '/' ? open_directory(host->root_fd, host->how, path, create) : -EINVAL;
}

/* The directory that holds path, and the name in it. */
static int open_parent(const struct host *host, const char *path, bool create, char *ret_name)
{
	char directory[PATH_MAX];
	const char *name;
	int r = split(path, directory, &name);

	if (r < 0)
		return r;
	if (strlen(name) > NAME_MAX)
		return -ENAMETOOLONG;
	strcpy(ret_name, name);
	return paths_open_directory(host, directory, create);
}

int paths_write_file(const struct host *host, const char *path, const char *data, size_t length, mode_t mode)
{
	char name[NAME_MAX + 1];
	_cleanup_close_ int dir_fd = open_parent(host, path, true, name);

	if (dir_fd < 0)
		return dir_fd;
	return atomic_file_write_at(dir_fd, name, data, length, mode);
}

int paths_remove(const struct host *host, const char *path, bool directory)
{
	char name[NAME_MAX + 1];
	_cleanup_close_ int dir_fd = open_parent(host, path, false, name);

	if (dir_fd < 0)
		return dir_fd;
	return unlinkat(dir_fd, name, directory ? AT_REMOVEDIR : 0) < 0 ? -errno : 0;
}

int paths_rename(const struct host *host, const char *from, const char *to)
{
	char from_name[NAME_MAX + 1], to_name[NAME_MAX + 1];
	_cleanup_close_ int from_fd = -1, to_fd = -1;

	from_fd = open_parent(host, from, false, from_name);
	if (from_fd < 0)
		return from_fd;
	to_fd = open_parent(host, to, false, to_name);
	if (to_fd < 0)
		return to_fd;
	return atomic_file_rename_at(from_fd, from_name, to_fd, to_name);
}

void error_record_below_root(struct error_record *error, const struct host *host)
{
	char full[PATH_MAX];

	if (paths_name(host, error->file, full) == 0)
		memcpy(error->file, full, sizeof(full));
}
