/* SPDX-License-Identifier: GPL-2.0-or-later */
/* xinetd's configuration read as xinetd reads it: /etc/xinetd.conf,
 * its defaults block, its service blocks, include and includedir (every
 * file of the directory whose name has no '.' and does not end in '~',
 * in name order); and /etc/inetd.conf for openbsd-inetd. An enabled
 * service that is none of chargen, qotd, echo and daytime is a consumer
 * of xinetd: stopping xinetd would cut it off. */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/cleanup.h"
#include "base/error_record.h"
#include "base/paths.h"
#include "base/text.h"
#include "services/chargen/chargen_consumers.h"

#define INCLUDE_DEPTH_MAX 4
#define DIRECTORY_FILES_MAX 256

const struct consumer_kind chargen_kind_xinetd_service = {
	.name = "xinetd-service",
	.description_en = "another service of xinetd", .description_de = "ein anderer Dienst von xinetd",
	.label_en = "service xinetd also serves", .label_de = "weiterer Dienst von xinetd",
	.units = NULL,
};

const struct consumer_kind *const chargen_consumer_kinds[] = { &chargen_kind_xinetd_service, NULL };

static void xinetd_format(const struct evidence *evidence, enum language language, char *buffer, size_t size)
{
	text_format(buffer, size, IN(language, "%s:%u schaltet den Dienst %s ein (%s)", "%s:%u enables service %s (%s)"),
		    evidence->file, evidence->line, evidence->subject, evidence->object);
}

const struct evidence_source chargen_source_xinetd = { .name = "xinetd-service", .format = xinetd_format };

const struct evidence_source *const chargen_evidence_sources[] = { &chargen_source_xinetd, NULL };

static const char *const our_names[] = { "chargen", "qotd", "echo", "daytime", NULL };

bool chargen_entry_is_ours(const struct xinetd_entry *entry)
{
	for (size_t i = 0; our_names[i]; i++) {
		size_t length = strlen(our_names[i]);

		if (strcmp(entry->name, our_names[i]) == 0 ||
		    (strncmp(entry->id, our_names[i], length) == 0 && (entry->id[length] == '\0' || entry->id[length] == '-')))
			return true;
	}
	return false;
}

/* Whether word is one of the space-separated words of list. */
static bool listed(const char *list, const char *word)
{
	size_t length = strlen(word);

	for (const char *p = list; word[0] && (p = strstr(p, word)); p += length)
		if ((p == list || p[-1] == ' ') && (p[length] == '\0' || p[length] == ' '))
			return true;
	return false;
}

void chargen_xinetd_settle(struct xinetd_config *config)
{
	for (size_t i = 0; i < config->count; i++) {
		struct xinetd_entry *entry = &config->items[i];
		const char *id = entry->id[0] ? entry->id : entry->name;

		if (entry->inetd)
			continue;
		if (listed(config->disabled, id) || listed(config->disabled, entry->name))
			entry->disabled = true;
		if (config->enabled_given && !listed(config->enabled, id) && !listed(config->enabled, entry->name))
			entry->disabled = true;
	}
}

static char *trim(char *text)
{
	char *end;

	while (*text == ' ' || *text == '\t')
		text++;
	end = text + strlen(text);
	while (end > text && (end[-1] == ' ' || end[-1] == '\t'))
		*--end = '\0';
	return text;
}

/* "word rest" into the first word and the rest, trimmed. */
static char *split_word(char *text)
{
	char *space = text + strcspn(text, " \t");

	if (*space)
		*space++ = '\0';
	return trim(space);
}

static void append_words(char *list, size_t size, const char *words)
{
	size_t used = strlen(list);

	text_format(list + used, size - used, "%s%s", used ? " " : "", words);
}

enum block { BLOCK_NONE, BLOCK_DEFAULTS, BLOCK_SERVICE, BLOCK_OTHER };

struct parse_state {
	enum block pending;		/* a heading read, its '{' due */
	enum block open;		/* inside this block */
	struct xinetd_entry entry;
};

static void attribute(struct parse_state *state, struct xinetd_config *config, char *line)
{
	char *operator = line + strcspn(line, "+-=");
	char *name, *value;
	bool add = *operator == '+';

	if (!*operator)
		return;
	value = operator + (operator[0] == '=' ? 1 : operator[1] == '=' ? 2 : 1);
	*operator = '\0';
	name = trim(line);
	value = trim(value);
	if (state->open == BLOCK_DEFAULTS) {
		if (strcmp(name, "disabled") == 0) {
			if (!add)
				config->disabled[0] = '\0';
			append_words(config->disabled, sizeof(config->disabled), value);
		} else if (strcmp(name, "enabled") == 0) {
			if (!add)
				config->enabled[0] = '\0';
			append_words(config->enabled, sizeof(config->enabled), value);
			config->enabled_given = true;
		}
		return;
	}
	if (strcmp(name, "disable") == 0)
		state->entry.disabled = strcmp(value, "yes") == 0;
	else if (strcmp(name, "type") == 0)
		state->entry.internal = strstr(value, "INTERNAL") != NULL;
	else if (strcmp(name, "id") == 0)
		text_format(state->entry.id, sizeof(state->entry.id), "%s", value);
	else if (strcmp(name, "protocol") == 0)
		text_format(state->entry.protocol, sizeof(state->entry.protocol), "%s", value);
	else if (strcmp(name, "server") == 0)
		text_format(state->entry.server, sizeof(state->entry.server), "%s", value);
}

static int close_block(struct parse_state *state, struct xinetd_config *config, const char *path, unsigned int line,
		       struct error_record *error)
{
	if (state->open == BLOCK_SERVICE) {
		if (config->count == CHARGEN_XINETD_SERVICES_MAX) {
			error_record_set(error, path, line, "more than %d services", CHARGEN_XINETD_SERVICES_MAX);
			return -EINVAL;
		}
		config->items[config->count++] = state->entry;
	}
	state->open = BLOCK_NONE;
	return 0;
}

static int heading(struct parse_state *state, char *line, const char *path, unsigned int number,
		   int (*include)(void *context, const char *name, bool directory), void *context)
{
	char *rest = split_word(line);

	if (strcmp(line, "service") == 0) {
		state->pending = BLOCK_SERVICE;
		state->entry = (struct xinetd_entry){ .line = number };
		text_format(state->entry.name, sizeof(state->entry.name), "%s", rest);
		text_format(state->entry.file, sizeof(state->entry.file), "%s", path);
	} else if (strcmp(line, "defaults") == 0) {
		state->pending = BLOCK_DEFAULTS;
	} else if (strcmp(line, "includedir") == 0 || strcmp(line, "include") == 0) {
		if (include && *rest)
			return include(context, rest, strcmp(line, "includedir") == 0);
	} else {
		state->pending = BLOCK_OTHER;
	}
	return 0;
}

int chargen_xinetd_parse(const char *path, const char *text, size_t length, struct xinetd_config *config,
			 int (*include)(void *context, const char *name, bool directory), void *context,
			 struct error_record *error)
{
	struct text_cursor cursor = { .text = text, .length = length };
	struct parse_state state = { 0 };
	const char *raw;
	size_t raw_length;
	int r;

	while ((r = text_next_line(&cursor, CHARGEN_CONFIG_LINE_MAX, &raw, &raw_length)) > 0) {
		char copy[CHARGEN_CONFIG_LINE_MAX + 1], *line, *hash;

		memcpy(copy, raw, raw_length);
		copy[raw_length] = '\0';
		hash = strchr(copy, '#');
		if (hash)
			*hash = '\0';
		line = trim(copy);
		if (!*line)
			continue;
		if (state.open != BLOCK_NONE) {
			if (strcmp(line, "}") == 0) {
				r = close_block(&state, config, path, cursor.line, error);
				if (r < 0)
					return r;
			} else {
				attribute(&state, config, line);
			}
			continue;
		}
		if (strcmp(line, "{") == 0 && state.pending != BLOCK_NONE) {
			state.open = state.pending;
			state.pending = BLOCK_NONE;
			continue;
		}
		r = heading(&state, line, path, cursor.line, include, context);
		if (r < 0)
			return r;
		/* "service x {" on one line */
		if (state.pending != BLOCK_NONE && line[strlen(line) - 1] == '{') {
			char *brace = strrchr(state.entry.name, '{');

			if (brace)
				*brace = '\0';
			snprintf(state.entry.name, sizeof(state.entry.name), "%s", trim(state.entry.name));
			state.open = state.pending;
			state.pending = BLOCK_NONE;
		}
	}
	if (r == -EBADMSG) {
		error_record_set(error, path, cursor.line, "binary data, not an xinetd configuration line; is this the right file?");
		return -EINVAL;
	}
	if (r == -E2BIG) {
		error_record_set(error, path, cursor.line, "line longer than %d bytes", CHARGEN_CONFIG_LINE_MAX);
		return -EINVAL;
	}
	if (state.open != BLOCK_NONE) {
		error_record_set(error, path, cursor.line, "a block without its closing '}'");
		return -EINVAL;
	}
	return 0;
}

int chargen_inetd_parse(const char *path, const char *text, size_t length, struct xinetd_config *config,
			struct error_record *error)
{
	struct text_cursor cursor = { .text = text, .length = length };
	const char *raw;
	size_t raw_length;
	int r;

	while ((r = text_next_line(&cursor, CHARGEN_CONFIG_LINE_MAX, &raw, &raw_length)) > 0) {
		char copy[CHARGEN_CONFIG_LINE_MAX + 1], *line, *fields[7];
		struct xinetd_entry entry = { .inetd = true, .line = cursor.line };
		size_t count = 0;

		memcpy(copy, raw, raw_length);
		copy[raw_length] = '\0';
		line = trim(copy);
		/* "#<off># name ..." is openbsd-inetd's update-inetd's disabled line */
		if (!*line || *line == '#')
			continue;
		for (char *saved = NULL, *field = strtok_r(line, " \t", &saved); field && count < 7;
		     field = strtok_r(NULL, " \t", &saved))
			fields[count++] = field;
		if (count < 6)
			continue;	/* no service line: nothing inetd would start */
		if (config->count == CHARGEN_XINETD_SERVICES_MAX) {
			error_record_set(error, path, cursor.line, "more than %d services", CHARGEN_XINETD_SERVICES_MAX);
			return -EINVAL;
		}
		text_format(entry.name, sizeof(entry.name), "%s", fields[0]);
		text_format(entry.protocol, sizeof(entry.protocol), "%s", fields[2]);
		text_format(entry.server, sizeof(entry.server), "%s", fields[5]);
		text_format(entry.file, sizeof(entry.file), "%s", path);
		entry.internal = strcmp(fields[5], "internal") == 0;
		config->items[config->count++] = entry;
	}
	if (r == -E2BIG)
		error_record_set(error, path, cursor.line, "line longer than %d bytes", CHARGEN_CONFIG_LINE_MAX);
	else if (r < 0)
		error_record_set(error, path, cursor.line, "binary data, not an inetd.conf line; is this the right file?");
	return r < 0 ? -EINVAL : 0;
}

struct read_context {
	const struct host *host;
	struct xinetd_config *config;
	struct error_record *error;
	unsigned int depth;
};

static int read_file(struct read_context *context, const char *path);

static int compare_names(const void *left, const void *right)
{
	return strcmp(*(char *const *)left, *(char *const *)right);
}

static int read_directory(struct read_context *context, const char *directory_path)
{
	_cleanup_(closedirp) DIR *directory = NULL;
	_cleanup_close_ int fd = paths_open_directory(context->host, directory_path, false);
	char *names[DIRECTORY_FILES_MAX];
	size_t count = 0;
	struct dirent *item;
	int r = 0;

	if (fd < 0 || !(directory = fdopendir(fd)))
		return 0;
	(void)TAKE_FD(fd);
	while ((item = readdir(directory)) && count < DIRECTORY_FILES_MAX) {
		size_t length = strlen(item->d_name);

		/* xinetd skips names with a dot and backups ending in '~' */
		if (strchr(item->d_name, '.') || item->d_name[length - 1] == '~')
			continue;
		names[count] = strdup(item->d_name);
		if (!names[count])
			r = -ENOMEM;
		else
			count++;
	}
	qsort(names, count, sizeof(names[0]), compare_names);
	for (size_t i = 0; i < count; i++) {
		char path[PATH_MAX];

		text_format(path, sizeof(path), "%s/%s", directory_path, names[i]);
		if (r == 0)
			r = read_file(context, path);
		free(names[i]);
	}
	return r;
}

static int on_include(void *data, const char *name, bool directory)
{
	struct read_context *context = data;
	int r;

	if (name[0] != '/' || context->depth >= INCLUDE_DEPTH_MAX)
		return 0;
	context->depth++;
	r = directory ? read_directory(context, name) : read_file(context, name);
	context->depth--;
	return r;
}

static int read_file(struct read_context *context, const char *path)
{
	_cleanup_free_ char *text = NULL;
	size_t length;
	int r = paths_read_optional(context->host, path, &text, &length, context->error);

	if (r < 0 || !text)
		return r;
	r = chargen_xinetd_parse(path, text, length, context->config, on_include, context, context->error);
	if (r < 0)
		error_record_below_root(context->error, context->host);
	return r;
}

static int add_consumer(struct consumer_list *list, const struct xinetd_entry *entry)
{
	struct consumer consumer = {
		.kind = &chargen_kind_xinetd_service,
		.facts = { .source = &chargen_source_xinetd, .line = entry->line },
	};

	text_format(consumer.facts.file, sizeof(consumer.facts.file), "%s", entry->file);
	text_format(consumer.facts.subject, sizeof(consumer.facts.subject), "%s", entry->name);
	text_format(consumer.facts.object, sizeof(consumer.facts.object), "%s, %s",
		    entry->protocol[0] ? entry->protocol : "tcp", entry->server[0] ? entry->server : "no server");
	return consumer_list_add(list, &consumer);
}

static int judge(const struct xinetd_config *config, struct consumer_list *list)
{
	for (size_t i = 0; i < config->count; i++) {
		const struct xinetd_entry *entry = &config->items[i];
		int r;

		if (entry->disabled)
			continue;
		if (chargen_entry_is_ours(entry)) {
			if (entry->inetd)
				consumer_list_note(list, "%s:%u serves %s (%s); an owner may comment the line out and restart inetd",
						   entry->file, entry->line, entry->name, entry->protocol);
			else
				consumer_list_note(list, "%s:%u enables %s (%s); an owner may set 'disable = yes' there and reload xinetd",
						   entry->file, entry->line, entry->id[0] ? entry->id : entry->name,
						   entry->internal ? "internal" : entry->server);
			continue;
		}
		if (entry->internal) {
			/* discard, time, servers, services, tcpmux: no one needs them either */
			consumer_list_note(list, "%s:%u enables the internal service %s, which nothing needs either",
					   entry->file, entry->line, entry->id[0] ? entry->id : entry->name);
			continue;
		}
		r = add_consumer(list, entry);
		if (r < 0)
			return r;
	}
	return 0;
}

int chargen_find_consumers(const struct consumer_request *request, struct consumer_list *list,
			   struct error_record *ret_error)
{
	_cleanup_free_ struct xinetd_config *config = calloc(1, sizeof(*config));
	struct read_context context = { .host = request->host, .error = ret_error };
	_cleanup_free_ char *text = NULL;
	size_t length;
	int r;

	if (!config)
		return -ENOMEM;
	context.config = config;
	r = read_file(&context, CHARGEN_PATH_XINETD_CONF);
	if (r < 0)
		return r;
	chargen_xinetd_settle(config);
	r = paths_read_optional(request->host, CHARGEN_PATH_INETD_CONF, &text, &length, ret_error);
	if (r == 0 && text)
		r = chargen_inetd_parse(CHARGEN_PATH_INETD_CONF, text, length, config, ret_error);
	if (r < 0) {
		error_record_below_root(ret_error, request->host);
		return r;
	}
	return judge(config, list);
}
