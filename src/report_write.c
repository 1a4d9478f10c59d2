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

#include "atomic_file.h"
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
	/* The reports directory and its missing parents, mode 0750. */
	r = directory[0] ? atomic_file_make_parents(json_path, DIRECTORY_MODE) : -EINVAL;
	if (r < 0)
		goto out;
	/* json_dumps ends without a line break; a text file has one. */
	r = append_line_break(&json);
	if (r == 0)
		r = atomic_file_write(json_path, json, strlen(json), FILE_MODE);
	if (r == 0) {
		r = atomic_file_write(text_path, text, strlen(text), FILE_MODE);
		if (r < 0)
			unlink(json_path);
	}
	if (r == 0) {
		strcpy(ret_text_path, text_path);
		strcpy(ret_json_path, json_path);
	}
out:
	free(text);
	free(json);
	return r;
}
