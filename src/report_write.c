/* The report files: written so that a reader never sees half a file and
 * a crash leaves at most a hidden temporary file behind. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "report.h"
#include "report_prose.h"

#define NAME_PART_MAX 64
#define DIRECTORY_MODE 0750
#define FILE_MODE 0640

/* Host names come from the record: only what is safe in a file name. */
static void name_part(const char *text, char *buffer)
{
	size_t length = 0;

	for (; text && text[length] && length < NAME_PART_MAX - 1; length++) {
		char c = text[length];

		buffer[length] = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
				 c == '.' || c == '-' || c == '_' ? c : '_';
	}
	buffer[length] = '\0';
	if (length == 0)
		strcpy(buffer, "unknown");
}

/* "20261126T200000Z" from the record's time; now when it has none. */
static void time_part(const char *text, char *buffer, size_t size)
{
	struct tm utc;

	if (record_time_parse(text, &utc) < 0) {
		time_t now = time(NULL);

		gmtime_r(&now, &utc);
	}
	strftime(buffer, size, "%Y%m%dT%H%M%SZ", &utc);
}

static int make_directories(const char *directory)
{
	char path[PATH_MAX];
	size_t length = strlen(directory);

	if (length == 0)
		return -EINVAL;
	if (length >= sizeof(path))
		return -ENAMETOOLONG;
	memcpy(path, directory, length + 1);
	for (char *slash = path + 1; ; slash++) {
		if (*slash != '/' && *slash != '\0')
			continue;
		char saved = *slash;

		*slash = '\0';
		if (mkdir(path, DIRECTORY_MODE) < 0 && errno != EEXIST)
			return -errno;
		*slash = saved;
		if (saved == '\0')
			return 0;
	}
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

/* Temporary file beside path, fsync, rename over path; ends data with a
 * line break when it has none (json_dumps). */
static int write_atomically(const char *directory, const char *path, const char *data)
{
	char temporary[PATH_MAX];
	int fd, r;

	if (snprintf(temporary, sizeof(temporary), "%s/.portguard-report.XXXXXX", directory) >= (int)sizeof(temporary))
		return -ENAMETOOLONG;
	fd = mkostemp(temporary, O_CLOEXEC);
	if (fd < 0)
		return -errno;
	r = fchmod(fd, FILE_MODE) < 0 ? -errno : 0;
	if (r == 0)
		r = write_all(fd, data, strlen(data));
	if (r == 0 && *data && data[strlen(data) - 1] != '\n')
		r = write_all(fd, "\n", 1);
	if (r == 0 && fsync(fd) < 0)
		r = -errno;
	if (close(fd) < 0 && r == 0)
		r = -errno;
	if (r == 0 && rename(temporary, path) < 0)
		r = -errno;
	if (r < 0)
		unlink(temporary);
	return r;
}

static int sync_directory(const char *directory)
{
	int fd = open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	int r = 0;

	if (fd < 0)
		return -errno;
	if (fsync(fd) < 0)
		r = -errno;
	close(fd);
	return r;
}

int report_write(const json_t *record, const char *directory, char *ret_text_path, size_t text_path_size,
		 char *ret_json_path, size_t json_path_size)
{
	const json_t *undo = json_object_get(record, "undo");
	char host[NAME_PART_MAX], stamp[32], text_path[PATH_MAX], json_path[PATH_MAX];
	char *text = NULL, *json = NULL;
	int r;

	if (!json_is_object(record))
		return -EINVAL;
	name_part(record_string(record, "host"), host);
	time_part(json_is_object(undo) ? record_string(undo, "time") : record_string(record, "time"), stamp, sizeof(stamp));
	if (snprintf(text_path, sizeof(text_path), "%s/portguard-%s-%s%s.txt", directory, host, stamp,
		     json_is_object(undo) ? "-undo" : "") >= (int)sizeof(text_path) ||
	    snprintf(json_path, sizeof(json_path), "%s/portguard-%s-%s%s.json", directory, host, stamp,
		     json_is_object(undo) ? "-undo" : "") >= (int)sizeof(json_path) ||
	    strlen(text_path) >= text_path_size || strlen(json_path) >= json_path_size)
		return -ENAMETOOLONG;

	r = report_text(record, &text);
	if (r < 0)
		return r;
	json = json_dumps(record, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	if (!json) {
		r = -ENOMEM;
		goto out;
	}
	r = make_directories(directory);
	if (r < 0)
		goto out;
	r = write_atomically(directory, json_path, json);
	if (r == 0) {
		r = write_atomically(directory, text_path, text);
		if (r < 0)
			unlink(json_path);
	}
	if (r == 0)
		r = sync_directory(directory);
	if (r == 0) {
		strcpy(ret_text_path, text_path);
		strcpy(ret_json_path, json_path);
	}
out:
	free(text);
	free(json);
	return r;
}
