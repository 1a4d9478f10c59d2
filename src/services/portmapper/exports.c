/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <sys/socket.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/cleanup.h"
#include "base/grow.h"
#include "base/text.h"
#include "services/portmapper/exports.h"
#include "model/cidr.h"

/* A logical line: physical lines joined at a trailing backslash. */
struct logical_line {
	char text[EXPORTS_LINE_MAX + 1];
	size_t length;
	unsigned int first_line;
};

static bool is_blank(char c)
{
	return c == ' ' || c == '\t';
}

/* Reads the next entry's logical line. Returns 1, 0 at the end, or the
 * negative errno of text_next_line (cursor->line says where). */
static int next_logical_line(struct text_cursor *cursor, struct logical_line *logical)
{
	const char *line;
	size_t length;
	int r;

	logical->length = 0;
	logical->first_line = 0;
	while ((r = text_next_line(cursor, EXPORTS_LINE_MAX, &line, &length)) > 0) {
		bool continued = length > 0 && line[length - 1] == '\\';

		if (logical->first_line == 0)
			logical->first_line = cursor->line;
		if (continued)
			length--;
		if (logical->length + length + 1 > EXPORTS_LINE_MAX)
			return -E2BIG;
		memcpy(logical->text + logical->length, line, length);
		logical->length += length;
		logical->text[logical->length++] = ' ';
		if (!continued)
			break;
	}
	logical->text[logical->length] = '\0';
	if (r < 0)
		return r;
	return logical->first_line ? 1 : 0;
}

/* The next token, unquoted and with \ooo octal escapes decoded, into
 * buffer. Returns its length, 0 at the end of the line or at a comment,
 * -EINVAL on an unterminated quote, -E2BIG when it does not fit. */
static int next_token(const char **cursor, char *buffer, size_t size)
{
	const char *c = *cursor;
	size_t length = 0;
	bool quoted = false;

	while (is_blank(*c))
		c++;
	if (*c == '\0' || *c == '#') {
		*cursor = c;
		return 0;
	}
	for (; *c && (quoted || !is_blank(*c)); c++) {
		char value = *c;

		if (value == '"') {
			quoted = !quoted;
			continue;
		}
		if (value == '\\' && c[1] >= '0' && c[1] <= '3' && c[2] >= '0' && c[2] <= '7' &&
		    c[3] >= '0' && c[3] <= '7') {
			value = (char)((c[1] - '0') * 64 + (c[2] - '0') * 8 + (c[3] - '0'));
			c += 3;
			if (value == '\0')
				return -EINVAL;
		}
		if (length + 1 >= size)
			return -E2BIG;
		buffer[length++] = value;
	}
	if (quoted)
		return -EINVAL;
	buffer[length] = '\0';
	*cursor = c;
	return length == 0 ? -EINVAL : (int)length;	/* "" is no path and no client */
}

static bool options_valid(const char *options, size_t length)
{
	static const char allowed[] = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_=:,/.@-";

	for (size_t i = 0; i < length; i++)
		if (!memchr(allowed, options[i], sizeof(allowed) - 1))
			return false;
	return true;
}

/* "255.255.252.0" as a prefix length; -EINVAL unless contiguous. */
static int netmask_prefix_length(const char *text)
{
	struct ip_address mask;

	if (ip_address_parse(text, &mask) < 0 || mask.family != AF_INET)
		return -EINVAL;
	return cidr_mask_length(&mask);
}

static int parse_network(const char *spec, struct cidr *ret_network)
{
	const char *slash = strchr(spec, '/');
	char text[EXPORT_SPEC_MAX + 8];

	if (slash && strchr(slash + 1, '.') && !strchr(spec, ':')) {
		int length = netmask_prefix_length(slash + 1);

		if (length < 0)
			return -EINVAL;
		snprintf(text, sizeof(text), "%.*s/%d", (int)(slash - spec), spec, length);
		return cidr_parse(text, ret_network);
	}
	return cidr_parse(spec, ret_network);
}

static bool looks_like_address(const char *spec)
{
	return strchr(spec, ':') || strchr(spec, '/') || strspn(spec, "0123456789.") == strlen(spec);
}

static int classify_client(const char *spec, struct export_client *client)
{
	static const char host_characters[] =
		"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-_";

	if (strlen(spec) >= sizeof(client->spec))
		return -EINVAL;
	strcpy(client->spec, spec);
	if (spec[0] == '\0' || strcmp(spec, "*") == 0)
		client->kind = EXPORT_CLIENT_ANYONE;
	else if (spec[0] == '@')
		client->kind = EXPORT_CLIENT_NETGROUP;
	else if (strpbrk(spec, "*?[") || strncmp(spec, "gss/", 4) == 0)
		client->kind = EXPORT_CLIENT_WILDCARD;
	else if (looks_like_address(spec)) {
		if (parse_network(spec, &client->network) < 0)
			return -EINVAL;
		/* 0.0.0.0/0 admits everybody, as '*' does. */
		client->kind = cidr_is_everything(&client->network) ? EXPORT_CLIENT_ANYONE : EXPORT_CLIENT_NETWORK;
	} else if (strspn(spec, host_characters) == strlen(spec))
		client->kind = EXPORT_CLIENT_HOST;
	else
		return -EINVAL;
	if (client->kind == EXPORT_CLIENT_NETGROUP && (spec[1] == '\0' || strspn(spec + 1, host_characters) != strlen(spec + 1)))
		return -EINVAL;
	return 0;
}

/* One client token "host(options)", "host", or "(options)". */
static int parse_client(const char *token, struct export_client *client, const char **ret_problem)
{
	const char *open = strchr(token, '(');
	char spec[EXPORT_SPEC_MAX];
	size_t spec_length = open ? (size_t)(open - token) : strlen(token);

	if (strchr(token, ')') && !open) {
		*ret_problem = "has ')' without '('";
		return -EINVAL;
	}
	if (open) {
		size_t length = strlen(open);

		if (length < 2 || open[length - 1] != ')') {
			*ret_problem = "has '(' without a closing ')' at its end";
			return -EINVAL;
		}
		if (memchr(open + 1, '(', length - 2) || memchr(open + 1, ')', length - 2) ||
		    !options_valid(open + 1, length - 2)) {
			*ret_problem = "has malformed options";
			return -EINVAL;
		}
	}
	if (spec_length >= sizeof(spec)) {
		*ret_problem = "is too long for a client";
		return -EINVAL;
	}
	memcpy(spec, token, spec_length);
	spec[spec_length] = '\0';
	if (classify_client(spec, client) < 0) {
		*ret_problem = "is not a network, address, host name, wildcard or @netgroup";
		return -EINVAL;
	}
	return 0;
}

static int add_client(struct export_entry *entry, const struct export_client *client)
{
	struct export_client *clients = realloc(entry->clients, (entry->client_count + 1) * sizeof(*clients));

	if (!clients)
		return -ENOMEM;
	entry->clients = clients;
	entry->clients[entry->client_count++] = *client;
	return 0;
}

static void export_entry_free(struct export_entry *entry)
{
	free(entry->clients);
	entry->clients = NULL;
	entry->client_count = 0;
}

static int list_add(struct export_list *list, struct export_entry *entry)
{
	struct export_entry *items = grow_for_one(list->items, list->count, &list->capacity, sizeof(*items));

	if (!items)
		return -ENOMEM;
	list->items = items;
	list->items[list->count++] = *entry;
	return 0;
}

static int parse_entry(const struct logical_line *logical, const char *file_name, struct export_entry *entry,
		       struct error_record *error)
{
	const char *cursor = logical->text;
	char token[EXPORTS_LINE_MAX + 1];
	int length;

	*entry = (struct export_entry){ .line = logical->first_line };
	snprintf(entry->file, sizeof(entry->file), "%s", file_name);
	length = next_token(&cursor, token, sizeof(token));
	if (length == 0)
		return 0;	/* blank or comment */
	if (length < 0 || token[0] != '/' || (size_t)length >= sizeof(entry->path)) {
		error_record_set(error, file_name, logical->first_line,
				length == -EINVAL ? "unterminated quote or empty export path" :
				"the export path must be absolute, like /srv/nfs");
		return -EINVAL;
	}
	strcpy(entry->path, token);
	while ((length = next_token(&cursor, token, sizeof(token))) != 0) {
		struct export_client client = { 0 };
		const char *problem = NULL;
		int r;

		if (length < 0) {
			error_record_set(error, file_name, logical->first_line, "unterminated quote");
			return -EINVAL;
		}
		/* "-options" right after the path: defaults for all clients */
		if (token[0] == '-' && entry->client_count == 0 && options_valid(token + 1, strlen(token + 1)))
			continue;
		if (parse_client(token, &client, &problem) < 0) {
			error_record_set(error, file_name, logical->first_line, "export %.128s: client '%.128s' %s",
					entry->path, token, problem);
			return -EINVAL;
		}
		r = add_client(entry, &client);
		if (r < 0)
			return r;
	}
	/* exportfs exports a path without clients to the world. */
	if (entry->client_count == 0) {
		struct export_client anyone = { .kind = EXPORT_CLIENT_ANYONE };

		return add_client(entry, &anyone);
	}
	return 0;
}

int exports_parse(const char *text, size_t length, const char *file_name, struct export_list *list,
		  struct error_record *ret_error)
{
	struct text_cursor cursor = { .text = text, .length = length };
	struct logical_line *logical = malloc(sizeof(*logical));
	size_t count_before = list->count;
	int r;

	if (!logical)
		return -ENOMEM;
	while ((r = next_logical_line(&cursor, logical)) > 0) {
		struct export_entry entry;

		r = parse_entry(logical, file_name, &entry, ret_error);
		if (r == 0 && entry.path[0])
			r = list_add(list, &entry);
		if (r < 0 || !entry.path[0])
			export_entry_free(&entry);
		if (r < 0)
			break;
	}
	if (r == -EBADMSG)
		error_record_set(ret_error, file_name, cursor.line, "binary data, not an exports(5) line; is this the right file?");
	else if (r == -E2BIG)
		error_record_set(ret_error, file_name, cursor.line, "entry longer than %u bytes", EXPORTS_LINE_MAX);
	free(logical);
	if (r < 0) {
		while (list->count > count_before)
			export_entry_free(&list->items[--list->count]);
		return r == -ENOMEM ? r : -EINVAL;
	}
	return 0;
}

static int read_one(const struct host *host, const char *path, struct export_list *list, struct error_record *error)
{
	_cleanup_free_ char *text = NULL;
	size_t length;
	int r = paths_read_optional(host, path, &text, &length, error);

	if (r < 0 || !text)
		return r;
	r = exports_parse(text, length, path, list, error);
	if (r < 0)
		error_record_below_root(error, host);
	return r;
}

static int compare_names(const void *left, const void *right)
{
	return strcmp(*(char *const *)left, *(char *const *)right);
}

struct name_list {
	char **items;
	size_t count;
};

static void name_list_free(struct name_list *names)
{
	for (size_t i = 0; i < names->count; i++)
		free(names->items[i]);
	free(names->items);
}

/* The *.exports files of PATH_EXPORTS_DIRECTORY in the order exportfs
 * reads them; none when there is no such directory. */
static int directory_names(const struct host *host, struct name_list *names)
{
	_cleanup_(closedirp) DIR *directory = NULL;
	_cleanup_close_ int fd = paths_open_directory(host, PATH_EXPORTS_DIRECTORY, false);
	struct dirent *item;

	if (fd >= 0 && (directory = fdopendir(fd)))
		(void)TAKE_FD(fd);	/* the DIR owns it now */
	while (directory && (item = readdir(directory))) {
		size_t length = strlen(item->d_name);
		char **more;

		if (item->d_name[0] == '.' || length <= 8 || strcmp(item->d_name + length - 8, ".exports") != 0)
			continue;
		more = realloc(names->items, (names->count + 1) * sizeof(*more));
		if (!more)
			return -ENOMEM;
		names->items = more;
		more[names->count] = strdup(item->d_name);
		if (!more[names->count])
			return -ENOMEM;
		names->count++;
	}
	if (names->items)
		qsort(names->items, names->count, sizeof(*names->items), compare_names);
	return 0;
}

int exports_read(const struct host *host, struct export_list *ret_list, struct error_record *ret_error)
{
	_cleanup_(export_list_free) struct export_list list = { 0 };
	_cleanup_(name_list_free) struct name_list names = { 0 };
	int r;

	r = read_one(host, PATH_EXPORTS, &list, ret_error);
	if (r < 0)
		return r;
	r = directory_names(host, &names);
	for (size_t i = 0; r == 0 && i < names.count; i++) {
		char path[PATH_MAX];

		snprintf(path, sizeof(path), "%s/%s", PATH_EXPORTS_DIRECTORY, names.items[i]);
		r = read_one(host, path, &list, ret_error);
	}
	if (r < 0)
		return r;
	*ret_list = TAKE_STRUCT(list);
	return 0;
}

void export_list_free(struct export_list *list)
{
	for (size_t i = 0; i < list->count; i++)
		export_entry_free(&list->items[i]);
	free(list->items);
	*list = (struct export_list){ 0 };
}

const char *export_client_kind_name(enum export_client_kind kind)
{
	static const char *const names[] = {
		[EXPORT_CLIENT_NETWORK] = "network", [EXPORT_CLIENT_HOST] = "host",
		[EXPORT_CLIENT_WILDCARD] = "wildcard", [EXPORT_CLIENT_NETGROUP] = "netgroup",
		[EXPORT_CLIENT_ANYONE] = "anyone",
	};
	return (unsigned int)kind < sizeof(names) / sizeof(names[0]) ? names[kind] : "?";
}
