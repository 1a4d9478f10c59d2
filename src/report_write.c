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

#include "atomic_file.h"
#include "report.h"
#include "report_prose.h"

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

/* Whether path holds exactly data: the same report written again. */
static bool holds(const char *path, const char *data)
{
	size_t length = strlen(data);
	char *text = malloc(length + 2);
	FILE *file = fopen(path, "re");
	bool same = false;

	if (text && file)
		same = fread(text, 1, length + 1, file) == length && memcmp(text, data, length) == 0;
	if (file)
		fclose(file);
	free(text);
	return same;
}

static int report_paths(const char *directory, const char *base, unsigned int number, char *text_path,
			char *json_path)
{
	char suffix[16] = "";

	if (number > 1)
		snprintf(suffix, sizeof(suffix), "-%u", number);
	if (snprintf(text_path, PATH_MAX, "%s/%s%s.txt", directory, base, suffix) >= PATH_MAX ||
	    snprintf(json_path, PATH_MAX, "%s/%s%s.json", directory, base, suffix) >= PATH_MAX)
		return -ENAMETOOLONG;
	return 0;
}

/* The .json file claims a name: created where none is, or replaced when
 * it holds this very record (the report written again). Another record
 * of the same second (two quick undos) takes the next number. */
static int claim_paths(const char *directory, const char *base, const char *json, char *text_path,
		       char *json_path)
{
	for (unsigned int number = 1; number <= REPORTS_PER_SECOND_MAX; number++) {
		int r = report_paths(directory, base, number, text_path, json_path);

		if (r == 0 && holds(json_path, json))
			r = atomic_file_write(json_path, json, strlen(json), FILE_MODE);
		else if (r == 0)
			r = atomic_file_create(json_path, json, strlen(json), FILE_MODE);
		if (r != -EEXIST)
			return r;
	}
	return -EEXIST;
}

int report_write(const struct fix_record *record, const char *directory, char *ret_text_path,
		 size_t text_path_size, char *ret_json_path, size_t json_path_size)
{
	bool undo;
	json_t *record_json;
	char host[NAME_PART_MAX], stamp[32], base[NAME_PART_MAX + 48], text_path[PATH_MAX], json_path[PATH_MAX];
	char *text = NULL, *json = NULL;
	int r;

	if (!record)
		return -EINVAL;
	undo = record->undo.done;
	name_part(record->host, host);
	time_part(undo ? record->undo.time : record->time, stamp, sizeof(stamp));
	snprintf(base, sizeof(base), "portguard-%s-%s%s", host, stamp, undo ? "-undo" : "");
	/* Room for the longest name, so that a numbered one fits as well. */
	r = report_paths(directory, base, REPORTS_PER_SECOND_MAX, text_path, json_path);
	if (r < 0 || strlen(text_path) >= text_path_size || strlen(json_path) >= json_path_size)
		return -ENAMETOOLONG;

	r = report_text(record, &text);
	if (r < 0)
		return r;
	record_json = fix_record_to_json(record);
	json = record_json ? json_dumps(record_json, JSON_INDENT(2) | JSON_PRESERVE_ORDER) : NULL;
	json_decref(record_json);
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
		r = claim_paths(directory, base, json, text_path, json_path);
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
