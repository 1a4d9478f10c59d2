#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "paths.h"
#include "state.h"

/* mkdir -p for the parents of path, mode 0755 (0750 would hide the
 * state from nobody who matters; the files themselves are 0600/0640). */
static int make_parents(char *path)
{
	for (char *slash = strchr(path + 1, '/'); slash; slash = strchr(slash + 1, '/')) {
		*slash = '\0';
		int r = mkdir(path, 0755);
		*slash = '/';
		if (r < 0 && errno != EEXIST)
			return -errno;
	}
	return 0;
}

int state_lock(const char *root, unsigned int wait_seconds, int *ret_fd)
{
	char path[PATH_MAX];
	int fd, r;

	r = paths_join(root, STATE_LOCK_FILE, path);
	if (r < 0)
		return r;
	r = make_parents(path);
	if (r < 0)
		return r;
	fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);
	if (fd < 0)
		return -errno;
	for (unsigned int tries = 0;; tries++) {
		if (flock(fd, LOCK_EX | LOCK_NB) == 0) {
			*ret_fd = fd;
			return 0;
		}
		if (errno != EWOULDBLOCK || tries >= wait_seconds * 10) {
			r = errno == EWOULDBLOCK ? -EWOULDBLOCK : -errno;
			close(fd);
			return r;
		}
		nanosleep(&(struct timespec){ .tv_nsec = 100 * 1000 * 1000 }, NULL);
	}
}

void state_unlock(int fd)
{
	if (fd >= 0)
		close(fd);	/* releases the flock */
}

int state_load(const char *root, json_t **ret_record, char *error, size_t error_size)
{
	char path[PATH_MAX];
	json_error_t parse_error;
	json_t *record;
	char *text;
	size_t length;
	int r;

	r = paths_join(root, STATE_FILE, path);
	if (r < 0)
		return r;
	r = paths_read_file(root, STATE_FILE, &text, &length);
	if (r < 0)
		return r;
	record = json_loadb(text, length, JSON_REJECT_DUPLICATES, &parse_error);
	free(text);
	if (!record || !json_is_object(record)) {
		snprintf(error, error_size, "%s is damaged (%s, line %d)", path,
			 record ? "not a JSON object" : parse_error.text, parse_error.line);
		json_decref(record);
		return -EBADMSG;
	}
	*ret_record = record;
	return 0;
}

int state_save(const char *root, const json_t *record)
{
	char path[PATH_MAX], temporary[PATH_MAX + 16], directory[PATH_MAX];
	char *slash;
	int fd, directory_fd, r;

	r = paths_join(root, STATE_FILE, path);
	if (r < 0)
		return r;
	r = make_parents(path);
	if (r < 0)
		return r;
	snprintf(temporary, sizeof(temporary), "%s.tmp", path);
	fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0600);
	if (fd < 0)
		return -errno;
	if (json_dumpfd(record, fd, JSON_INDENT(2) | JSON_PRESERVE_ORDER) < 0 || write(fd, "\n", 1) != 1) {
		r = errno ? -errno : -EIO;
		goto fail;
	}
	if (fsync(fd) < 0) {
		r = -errno;
		goto fail;
	}
	close(fd);
	fd = -1;
	if (rename(temporary, path) < 0) {
		r = -errno;
		goto fail;
	}
	/* The rename itself must survive a crash too. */
	snprintf(directory, sizeof(directory), "%s", path);
	slash = strrchr(directory, '/');
	if (slash)
		*slash = '\0';
	directory_fd = open(directory[0] ? directory : "/", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (directory_fd >= 0) {
		fsync(directory_fd);
		close(directory_fd);
	}
	return 0;
fail:
	if (fd >= 0)
		close(fd);
	unlink(temporary);
	return r;
}
