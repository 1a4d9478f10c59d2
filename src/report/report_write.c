/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The report files: written so that a reader never sees half a file and
 * a crash leaves at most a hidden temporary file behind. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "base/atomic_file.h"
#include "base/safe_file.h"
#include "report/report.h"
#include "report/report_prose.h"

#define NAME_PART_MAX 64
#define DIRECTORY_MODE 0750
#define FILE_MODE 0640
/* Reports of different records in the same second, numbered -2, -3... */
#define REPORTS_PER_SECOND_MAX 99

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

static int append_line_break(char **text)
{
	size_t length = strlen(*text);
	char *longer;

	if (length > 0 && (*text)[length - 1] == '\n')
		return 0;
	longer = realloc(*text, length + 2);
	if (!longer)
		return -ENOMEM;
	longer[length] = '\n';
	longer[length + 1] = '\0';
	*text = longer;
	return 0;
}

/* 1 when name holds exactly data (the same report written again), 0
 * when it does not or is absent, or why it cannot be a report: another
 * user who can write the directory may have put a FIFO or a link there. */
static int holds(int dir_fd, const char *name, const char *data)
{
	size_t length = strlen(data), read_length;
	char *text;
	int fd = safe_file_open(dir_fd, name, O_RDONLY, SAFE_FILE_NOFOLLOW), r;

	if (fd == -ENOENT)
		return 0;
	if (fd < 0)
		return fd;
	r = safe_file_read_all(fd, length, &text, &read_length);
	close(fd);
	if (r == -EFBIG)
		return 0;
	if (r < 0)
		return r;
	r = read_length == length && memcmp(text, data, length) == 0;
	free(text);
	return r;
}

static int report_names(const char *base, unsigned int number, char *text_name, char *json_name)
{
	char suffix[16] = "";

	if (number > 1)
		snprintf(suffix, sizeof(suffix), "-%u", number);
	if (snprintf(text_name, NAME_MAX + 1, "%s%s.txt", base, suffix) > NAME_MAX ||
	    snprintf(json_name, NAME_MAX + 1, "%s%s.json", base, suffix) > NAME_MAX)
		return -ENAMETOOLONG;
	return 0;
}

/* The .json file claims a name: created where none is, or replaced when
 * it holds this very record (the report written again). Another record
 * of the same second (two quick undos) takes the next number. */
static int claim_names(int dir_fd, const char *base, const char *json, char *text_name, char *json_name)
{
	for (unsigned int number = 1; number <= REPORTS_PER_SECOND_MAX; number++) {
		int r = report_names(base, number, text_name, json_name);

		if (r == 0)
			r = holds(dir_fd, json_name, json);
		if (r == 1)
			r = atomic_file_write_at(dir_fd, json_name, json, strlen(json), FILE_MODE);
		else if (r == 0)
			r = atomic_file_create_at(dir_fd, json_name, json, strlen(json), FILE_MODE);
		if (r != -EEXIST)
			return r;
	}
	return -EEXIST;
}

int report_write(struct fix_record *record, const char *directory_path, char *ret_text_path,
		 size_t text_path_size, char *ret_json_path, size_t json_path_size)
{
	return report_write_run(record, NULL, directory_path, ret_text_path, text_path_size, ret_json_path,
				json_path_size);
}

int report_write_run(struct fix_record *record, const struct report_run *run, const char *directory_path,
		     char *ret_text_path, size_t text_path_size, char *ret_json_path, size_t json_path_size)
{
	bool undo;
	json_t *record_json;
	char host[NAME_PART_MAX], stamp[32], base[NAME_PART_MAX + 48], directory[PATH_MAX];
	char text_name[NAME_MAX + 1], json_name[NAME_MAX + 1], *text = NULL, *json = NULL;
	int dir_fd = -1, r;

	if (!record)
		return -EINVAL;
	/* Callers pass the directory in the buffer that gets the path. */
	if (strlen(directory_path) >= sizeof(directory))
		return -ENAMETOOLONG;
	strcpy(directory, directory_path);
	undo = record->undo.done;
	name_part(record->host, host);
	time_part(undo ? record->undo.time : record->time, stamp, sizeof(stamp));
	snprintf(base, sizeof(base), "portguard-%s-%s%s", host, stamp, undo ? "-undo" : "");
	/* Room for the longest name, so that a numbered one fits as well. */
	r = report_names(base, REPORTS_PER_SECOND_MAX, text_name, json_name);
	/* Until the files are written: what failed, for the message. */
	snprintf(ret_text_path, text_path_size, "%s", directory);
	if (r < 0 || strlen(directory) + 1 + strlen(text_name) >= text_path_size ||
	    strlen(directory) + 1 + strlen(json_name) >= json_path_size)
		return -ENAMETOOLONG;

	/* The texts a record read from the state file left out. */
	r = fix_record_texts(record);
	if (r == 0)
		r = run && run->count ? report_run_text(run, &text) : report_text(record, &text);
	if (r < 0)
		return r;
	record_json = fix_record_to_json(record);
	json = record_json ? json_dumps(record_json, JSON_INDENT(2) | JSON_PRESERVE_ORDER) : NULL;
	json_decref(record_json);
	/* json_dumps ends without a line break; a text file has one. */
	r = json ? append_line_break(&json) : -ENOMEM;
	if (r < 0)
		goto out;
	/* The reports directory and its missing parents, mode 0750; the files
	 * go into the directory opened here, whatever its path turns into. */
	snprintf(ret_json_path, json_path_size, "%s/", directory);
	r = directory[0] ? atomic_file_make_parents(ret_json_path, DIRECTORY_MODE) : -EINVAL;
	if (r == 0 && (dir_fd = safe_file_open(AT_FDCWD, directory, O_RDONLY, SAFE_FILE_DIRECTORY)) < 0)
		r = dir_fd;
	if (r < 0)
		goto out;
	r = claim_names(dir_fd, base, json, text_name, json_name);
	if (r < 0) {
		snprintf(ret_text_path, text_path_size, "%s/%s", directory, json_name);
		goto out;
	}
	snprintf(ret_text_path, text_path_size, "%s/%s", directory, text_name);
	snprintf(ret_json_path, json_path_size, "%s/%s", directory, json_name);
	r = atomic_file_write_at(dir_fd, text_name, text, strlen(text), FILE_MODE);
	if (r < 0)
		unlinkat(dir_fd, json_name, 0);
out:
	if (dir_fd >= 0)
		close(dir_fd);
	free(text);
	free(json);
	return r;
}
