#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "paths.h"

int paths_join(const char *root, const char *path, char *buffer)
{
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

int paths_read_file(const char *root, const char *path, char **ret_text, size_t *ret_length)
{
	char full[PATH_MAX];
	size_t length = 0, capacity = 4096;
	char *text;
	int fd, r;

	r = paths_join(root, path, full);
	if (r < 0)
		return r;
	fd = open(full, O_RDONLY | O_CLOEXEC | O_NOCTTY);
	if (fd < 0)
		return -errno;
	text = malloc(capacity);
	if (!text) {
		close(fd);
		return -ENOMEM;
	}
	/* Files in /proc report size 0: read until the end, not by st_size. */
	for (;;) {
		ssize_t count;

		if (capacity - length < 2) {
			char *bigger;

			if (capacity > PATHS_FILE_MAX) {
				r = -EFBIG;
				goto fail;
			}
			bigger = realloc(text, capacity * 2);
			if (!bigger) {
				r = -ENOMEM;
				goto fail;
			}
			text = bigger;
			capacity *= 2;
		}
		count = read(fd, text + length, capacity - length - 1);
		if (count < 0) {
			if (errno == EINTR)
				continue;
			r = -errno;
			goto fail;
		}
		if (count == 0)
			break;
		length += (size_t)count;
	}
	close(fd);
	if (length > PATHS_FILE_MAX) {
		free(text);
		return -EFBIG;
	}
	text[length] = '\0';
	*ret_text = text;
	*ret_length = length;
	return 0;
fail:
	close(fd);
	free(text);
	return r;
}

int paths_read_optional(const char *root, const char *path, char **ret_text, size_t *ret_length,
			struct input_error *ret_error)
{
	int r = paths_read_file(root, path, ret_text, ret_length);

	if (r == -ENOENT) {
		*ret_text = NULL;
		*ret_length = 0;
		return 0;
	}
	if (r < 0) {
		input_error_set(ret_error, path, 0, "cannot be read: %s", strerror(-r));
		input_error_below_root(ret_error, root);
	}
	return r;
}

bool paths_exists(const char *root, const char *path)
{
	char full[PATH_MAX];
	struct stat status;

	return paths_join(root, path, full) == 0 && lstat(full, &status) == 0;
}

void input_error_below_root(struct input_error *error, const char *root)
{
	char full[PATH_MAX];

	if (paths_join(root, error->file, full) == 0)
		memcpy(error->file, full, sizeof(full));
}
