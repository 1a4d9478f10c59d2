/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/cleanup.h"
#include "base/safe_file.h"
#include "base/string_table.h"
#include "base/text.h"
#include "host/config_file.h"
#include "model/cidr.h"

static void trim(const char **start, size_t *length)
{
	while (*length > 0 && isspace((unsigned char)**start)) {
		(*start)++;
		(*length)--;
	}
	while (*length > 0 && isspace((unsigned char)(*start)[*length - 1]))
		(*length)--;
}

static int set_mode(struct config_file *config, const char *value, const char *file, unsigned int line,
		    struct error_record *error)
{
	enum mode mode = mode_from_string(value);

	if (config->mode_given) {
		error_record_set(error, file, line, "mode is set twice; keep one mode line");
		return -EINVAL;
	}
	if (mode >= 0) {
		config->mode = mode;
		config->mode_given = true;
		return 0;
	}
	error_record_set(error, file, line, "mode '%.64s' is not auto, stop or restrict", value);
	return -EINVAL;
}

static int set_trusted(struct config_file *config, const char *value, const char *file, unsigned int line,
		       struct error_record *error)
{
	const char *bad = NULL;
	int r = cidr_list_parse(value, &config->trusted, &bad);

	if (r == -EINVAL) {
		size_t length = bad ? strcspn(bad, ", \t") : strlen(value);

		error_record_set(error, file, line, "trusted: '%.*s' is not a network like 10.0.0.0/24 or 2001:db8::/48",
				(int)(length > 64 ? 64 : length), bad ? bad : value);
	}
	return r;
}

static int set_report_dir(struct config_file *config, const char *value, const char *file, unsigned int line,
			  struct error_record *error)
{
	if (config->report_dir[0]) {
		error_record_set(error, file, line, "report_dir is set twice; keep one report_dir line");
		return -EINVAL;
	}
	if (value[0] != '/' || strlen(value) >= sizeof(config->report_dir)) {
		error_record_set(error, file, line, "report_dir '%.64s' is not an absolute directory like /var/lib/portguard/reports", value);
		return -EINVAL;
	}
	strcpy(config->report_dir, value);
	return 0;
}

/* node_exporter's textfile collector directory; the agent writes
 * portguard.prom there. Only an absolute path: the agent runs from /. */
static int set_textfile_dir(struct config_file *config, const char *value, const char *file, unsigned int line,
			    struct error_record *error)
{
	if (config->textfile_dir[0]) {
		error_record_set(error, file, line, "textfile_dir is set twice; keep one textfile_dir line");
		return -EINVAL;
	}
	if (value[0] != '/' || strlen(value) >= sizeof(config->textfile_dir)) {
		error_record_set(error, file, line, "textfile_dir '%.64s' is not an absolute directory like "
				 "/var/lib/prometheus/node-exporter", value);
		return -EINVAL;
	}
	strcpy(config->textfile_dir, value);
	return 0;
}

static const char *const watch_mode_table[_WATCH_MODE_MAX] = {
	[WATCH_REPAIR] = "repair",
	[WATCH_ALERT] = "alert",
};

DEFINE_STRING_TABLE_LOOKUP(watch_mode, enum watch_mode)

static int set_watch(struct config_file *config, const char *value, const char *file, unsigned int line,
		     struct error_record *error)
{
	if (config->watch_given) {
		error_record_set(error, file, line, "watch is set twice; keep one watch line");
		return -EINVAL;
	}
	enum watch_mode mode = watch_mode_from_string(value);

	if (mode >= 0) {
		config->watch = mode;
		config->watch_given = true;
		return 0;
	}
	error_record_set(error, file, line, "watch '%.64s' is not repair or alert", value);
	return -EINVAL;
}

static int parse_line(struct config_file *config, const char *line, size_t length, const char *file,
		      unsigned int number, struct error_record *error)
{
	static const struct {
		const char *key;
		int (*set)(struct config_file *, const char *, const char *, unsigned int, struct error_record *);
	} keys[] = {
		{ "mode", set_mode }, { "trusted", set_trusted }, { "report_dir", set_report_dir },
		{ "watch", set_watch }, { "textfile_dir", set_textfile_dir },
	};
	const char *equals = memchr(line, '=', length), *key = line, *value;
	size_t key_length, value_length;
	char value_text[CONFIG_LINE_MAX + 1];

	if (!equals) {
		error_record_set(error, file, number, "expected 'key = value'; the keys are mode, trusted, report_dir, watch, textfile_dir");
		return -EINVAL;
	}
	key_length = (size_t)(equals - line);
	value = equals + 1;
	value_length = length - key_length - 1;
	trim(&key, &key_length);
	trim(&value, &value_length);
	memcpy(value_text, value, value_length);
	value_text[value_length] = '\0';
	for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
		if (strlen(keys[i].key) != key_length || memcmp(keys[i].key, key, key_length) != 0)
			continue;
		if (value_length == 0) {
			error_record_set(error, file, number, "%s has no value", keys[i].key);
			return -EINVAL;
		}
		return keys[i].set(config, value_text, file, number, error);
	}
	error_record_set(error, file, number, "unknown key '%.*s'; the keys are mode, trusted, report_dir, watch, textfile_dir",
			(int)(key_length > 64 ? 64 : key_length), key);
	return -EINVAL;
}

int config_file_parse(const char *text, size_t length, const char *file_name,
		      struct config_file *ret_config, struct error_record *ret_error)
{
	struct text_cursor cursor = { .text = text, .length = length };
	_cleanup_(config_file_free) struct config_file config = { .mode = MODE_AUTO };
	const char *line;
	size_t line_length;
	int r;

	while ((r = text_next_line(&cursor, CONFIG_LINE_MAX, &line, &line_length)) > 0) {
		const char *content = line, *comment = memchr(line, '#', line_length);
		size_t content_length = comment ? (size_t)(comment - line) : line_length;

		trim(&content, &content_length);
		if (content_length == 0)
			continue;
		r = parse_line(&config, content, content_length, file_name, cursor.line, ret_error);
		if (r < 0)
			return r;
	}
	if (r == -EBADMSG)
		error_record_set(ret_error, file_name, cursor.line, "binary data, not a 'key = value' line; is this the right file?");
	else if (r == -E2BIG)
		error_record_set(ret_error, file_name, cursor.line, "line longer than %u bytes", CONFIG_LINE_MAX);
	if (r < 0)
		return -EINVAL;
	*ret_config = TAKE_STRUCT(config);
	return 0;
}

/* host NULL: path is a path of this host, as --config gave it. */
static int read_and_parse(const struct host *host, const char *path, const char *name, bool missing_ok,
			  struct config_file *ret_config, struct error_record *ret_error)
{
	_cleanup_free_ char *text = NULL;
	size_t length;
	int r;

	r = host ? paths_read_file(host, path, &text, &length) : safe_file_read(path, 0, PATHS_FILE_MAX, &text, &length);
	if (r == -ENOENT && missing_ok) {
		*ret_config = (struct config_file){ .mode = MODE_AUTO };
		return 0;
	}
	if (r < 0) {
		error_record_set(ret_error, name, 0, "cannot be read: %s", safe_file_strerror(r));
		return r;
	}
	return config_file_parse(text, length, name, ret_config, ret_error);
}

int config_file_read(const char *path, bool missing_ok, struct config_file *ret_config,
		     struct error_record *ret_error)
{
	return read_and_parse(NULL, path, path, missing_ok, ret_config, ret_error);
}

int config_file_load(const struct host *host, const char *given, struct config_file *ret_config,
		     struct error_record *ret_error)
{
	char name[PATH_MAX];

	if (given)
		return config_file_read(given, false, ret_config, ret_error);
	if (paths_name(host, PATH_CONFIG, name) < 0) {
		error_record_set(ret_error, host->root, 0, "--root is too long");
		return -ENAMETOOLONG;
	}
	return read_and_parse(host, PATH_CONFIG, name, true, ret_config, ret_error);
}

void config_file_free(struct config_file *config)
{
	cidr_list_free(&config->trusted);
}
