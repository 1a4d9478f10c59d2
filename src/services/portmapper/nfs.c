/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "base/grow.h"
#include "base/text.h"
#include "services/portmapper/nfs.h"

#define NFS_LINE_MAX 8192
#define FIELDS_MAX 64

/* Splits a copy of line at blanks into at most FIELDS_MAX fields and
 * decodes the \ooo escapes that mountinfo and fstab use for spaces. */
static size_t split_fields(const char *line, size_t length, char *copy, char **fields)
{
	size_t count = 0;
	char *save = NULL, *field;

	memcpy(copy, line, length);
	copy[length] = '\0';
	for (field = strtok_r(copy, " \t", &save); field && count < FIELDS_MAX; field = strtok_r(NULL, " \t", &save)) {
		char *out = field;

		for (const char *in = field; *in; in++) {
			if (in[0] == '\\' && in[1] >= '0' && in[1] <= '3' && in[2] >= '0' && in[2] <= '7' &&
			    in[3] >= '0' && in[3] <= '7' && (in[1] | in[2] | in[3]) != '0') {
				*out++ = (char)((in[1] - '0') * 64 + (in[2] - '0') * 8 + (in[3] - '0'));
				in += 3;
			} else {
				*out++ = *in;
			}
		}
		*out = '\0';
		fields[count++] = field;
	}
	return count;
}

int nfs_nfsd_versions_parse(const char *text, struct nfs_server_versions *versions)
{
	struct nfs_server_versions result = *versions;
	const char *cursor = text;

	result.v2 = result.v3 = result.v4 = false;
	for (;;) {
		while (isspace((unsigned char)*cursor))
			cursor++;
		if (*cursor == '\0')
			break;
		if ((*cursor != '+' && *cursor != '-') || !isdigit((unsigned char)cursor[1]))
			return -EINVAL;
		bool on = *cursor == '+';
		char *end;
		unsigned long major = strtoul(cursor + 1, &end, 10);

		if (*end == '.') {
			if (!isdigit((unsigned char)end[1]))
				return -EINVAL;
			strtoul(end + 1, &end, 10);
		}
		if (*end && !isspace((unsigned char)*end))
			return -EINVAL;
		if (major == 2)
			result.v2 = on;
		else if (major == 3)
			result.v3 = on;
		else if (major == 4)
			result.v4 = result.v4 || on;
		cursor = end;
	}
	*versions = result;
	return 0;
}

static int parse_boolean(const char *value, bool *ret_value)
{
	static const char *const yes[] = { "y", "yes", "true", "on", "1" };
	static const char *const no[] = { "n", "no", "false", "off", "0" };

	for (size_t i = 0; i < sizeof(yes) / sizeof(yes[0]); i++) {
		if (strcasecmp(value, yes[i]) == 0) {
			*ret_value = true;
			return 0;
		}
		if (strcasecmp(value, no[i]) == 0) {
			*ret_value = false;
			return 0;
		}
	}
	return -EINVAL;
}

int nfs_conf_parse(const char *text, size_t length, const char *file_name, struct nfs_server_versions *versions,
		   struct error_record *ret_error)
{
	struct text_cursor cursor = { .text = text, .length = length };
	struct nfs_server_versions result = *versions;
	bool in_nfsd = false;
	const char *line;
	size_t line_length;
	int r;

	while ((r = text_next_line(&cursor, NFS_LINE_MAX, &line, &line_length)) > 0) {
		char copy[NFS_LINE_MAX + 1], key[64], value[64];
		bool *target = NULL, flag;

		memcpy(copy, line, line_length);
		copy[line_length] = '\0';
		copy[strcspn(copy, "#;")] = '\0';
		if (sscanf(copy, " [ %63[^] ] ]", key) == 1) {
			in_nfsd = strcmp(key, "nfsd") == 0;
			continue;
		}
		if (!in_nfsd || sscanf(copy, " %63[^= \t] = %63s", key, value) != 2)
			continue;
		if (strcmp(key, "vers2") == 0)
			target = &result.v2;
		else if (strcmp(key, "vers3") == 0)
			target = &result.v3;
		else if (strcmp(key, "vers4") == 0)
			target = &result.v4;
		if (!target)
			continue;
		if (parse_boolean(value, &flag) < 0) {
			error_record_set(ret_error, file_name, cursor.line, "%s = '%s' is neither y nor n", key, value);
			return -EINVAL;
		}
		*target = flag;
		if (target != &result.v4)
			snprintf(result.source, sizeof(result.source), "%s:%u", file_name, cursor.line);
	}
	if (r < 0) {
		error_record_set(ret_error, file_name, cursor.line, r == -EBADMSG ? "binary data in nfs.conf" :
				"line longer than %u bytes", NFS_LINE_MAX);
		return -EINVAL;
	}
	*versions = result;
	return 0;
}

int nfs_server_versions_read(const struct host *host, struct nfs_server_versions *ret_versions,
			     struct error_record *ret_error)
{
	struct nfs_server_versions versions = { .v3 = true, .v4 = true, .source = "nfs-utils defaults" };
	char *text = NULL;
	size_t length;
	int r;

	r = paths_read_optional(host, PATH_NFS_CONF, &text, &length, ret_error);
	if (r < 0)
		return r;
	if (text) {
		r = nfs_conf_parse(text, length, PATH_NFS_CONF, &versions, ret_error);
		free(text);
		if (r < 0) {
			error_record_below_root(ret_error, host);
			return r;
		}
	}
	/* The running kernel has the last word while nfsd is loaded. */
	r = paths_read_file(host, PATH_NFSD_VERSIONS, &text, &length);
	if (r == 0) {
		r = nfs_nfsd_versions_parse(text, &versions);
		free(text);
		if (r < 0) {
			error_record_set(ret_error, PATH_NFSD_VERSIONS, 0, "is not a list like '-2 +3 +4'");
			error_record_below_root(ret_error, host);
			return r;
		}
		versions.kernel = true;
		snprintf(versions.source, sizeof(versions.source), "%s", PATH_NFSD_VERSIONS);
		if (paths_read_file(host, "/proc/fs/nfsd/threads", &text, &length) == 0) {
			versions.threads_known = true;
			versions.threads = (unsigned int)strtoul(text, NULL, 10);
			free(text);
		}
	}
	*ret_versions = versions;
	return 0;
}

static int mount_list_add(struct nfs_mount_list *list, const struct nfs_mount *mount)
{
	struct nfs_mount *items = grow_for_one(list->items, list->count, &list->capacity, sizeof(*items));

	if (!items)
		return -ENOMEM;
	list->items = items;
	list->items[list->count++] = *mount;
	return 0;
}

/* Reads vers=, nfsvers=, vN, nolock, addr= from a comma-separated list. */
static void apply_options(const char *options, struct nfs_mount *mount)
{
	char copy[NFS_LINE_MAX + 1], *save = NULL;

	snprintf(copy, sizeof(copy), "%s", options);
	for (char *option = strtok_r(copy, ",", &save); option; option = strtok_r(NULL, ",", &save)) {
		const char *number = NULL;

		if (strncmp(option, "vers=", 5) == 0)
			number = option + 5;
		else if (strncmp(option, "nfsvers=", 8) == 0)
			number = option + 8;
		else if (option[0] == 'v' && isdigit((unsigned char)option[1]))
			number = option + 1;
		else if (strcmp(option, "nolock") == 0 || strcmp(option, "local_lock=all") == 0)
			mount->nolock = true;
		else if (strcmp(option, "lock") == 0)
			mount->nolock = false;
		else if (strncmp(option, "addr=", 5) == 0)
			snprintf(mount->server, sizeof(mount->server), "%s", option + 5);
		if (number && isdigit((unsigned char)number[0]))
			mount->version = (unsigned int)strtoul(number, NULL, 10) % 100;
	}
}

/* "host:/path" or "[2001:db8::1]:/path": the host. */
static void server_of_source(const char *source, char *buffer, size_t size)
{
	const char *end;

	if (source[0] == '[' && (end = strchr(source, ']'))) {
		snprintf(buffer, size, "%.*s", (int)(end - source - 1), source + 1);
		return;
	}
	end = strchr(source, ':');
	snprintf(buffer, size, "%.*s", end ? (int)(end - source) : 0, source);
}

static bool is_nfs_type(const char *type)
{
	return strcmp(type, "nfs") == 0 || strcmp(type, "nfs4") == 0;
}

static int parse_lines(const char *text, size_t length, const char *file_name, struct nfs_mount_list *list,
		       struct error_record *ret_error,
		       int (*parse_line)(char **fields, size_t count, struct nfs_mount *mount))
{
	struct text_cursor cursor = { .text = text, .length = length };
	size_t count_before = list->count;
	const char *line;
	size_t line_length;
	int r;

	while ((r = text_next_line(&cursor, NFS_LINE_MAX, &line, &line_length)) > 0) {
		char copy[NFS_LINE_MAX + 1], *fields[FIELDS_MAX];
		size_t count = split_fields(line, line_length, copy, fields);
		struct nfs_mount mount = { .line = cursor.line };

		if (count == 0 || fields[0][0] == '#')
			continue;
		snprintf(mount.file, sizeof(mount.file), "%s", file_name);
		r = parse_line(fields, count, &mount);
		if (r < 0) {
			error_record_set(ret_error, file_name, cursor.line, "malformed line: not enough fields");
			break;
		}
		if (r > 0 && (r = mount_list_add(list, &mount)) < 0)
			break;
	}
	if (r == -EBADMSG || r == -E2BIG)
		error_record_set(ret_error, file_name, cursor.line, r == -EBADMSG ? "binary data" :
				"line longer than %u bytes", NFS_LINE_MAX);
	if (r < 0) {
		list->count = count_before;
		return r == -ENOMEM ? r : -EINVAL;
	}
	return 0;
}

/* ID PARENT MAJ:MIN ROOT MOUNTPOINT OPTIONS [OPTIONAL...] - TYPE SOURCE SUPEROPTIONS */
static int parse_mountinfo_line(char **fields, size_t count, struct nfs_mount *mount)
{
	size_t separator = 6;

	while (separator < count && strcmp(fields[separator], "-") != 0)
		separator++;
	if (count < 6 || separator + 2 >= count)
		return -EINVAL;
	if (!is_nfs_type(fields[separator + 1]))
		return 0;
	mount->version = strcmp(fields[separator + 1], "nfs4") == 0 ? 4 : 3;
	snprintf(mount->mount_point, sizeof(mount->mount_point), "%s", fields[4]);
	snprintf(mount->source, sizeof(mount->source), "%s", fields[separator + 2]);
	server_of_source(mount->source, mount->server, sizeof(mount->server));
	apply_options(fields[5], mount);
	if (separator + 3 < count)
		apply_options(fields[separator + 3], mount);
	return 1;
}

/* SOURCE MOUNTPOINT TYPE OPTIONS [FREQ PASSNO] */
static int parse_fstab_line(char **fields, size_t count, struct nfs_mount *mount)
{
	if (count < 3)
		return -EINVAL;
	if (!is_nfs_type(fields[2]))
		return 0;
	mount->from_fstab = true;
	mount->version = strcmp(fields[2], "nfs4") == 0 ? 4 : 0;
	snprintf(mount->source, sizeof(mount->source), "%s", fields[0]);
	snprintf(mount->mount_point, sizeof(mount->mount_point), "%s", fields[1]);
	server_of_source(mount->source, mount->server, sizeof(mount->server));
	if (count > 3)
		apply_options(fields[3], mount);
	return 1;
}

int nfs_mountinfo_parse(const char *text, size_t length, const char *file_name, struct nfs_mount_list *list,
			struct error_record *ret_error)
{
	return parse_lines(text, length, file_name, list, ret_error, parse_mountinfo_line);
}

int nfs_fstab_parse(const char *text, size_t length, const char *file_name, struct nfs_mount_list *list,
		    struct error_record *ret_error)
{
	return parse_lines(text, length, file_name, list, ret_error, parse_fstab_line);
}

static int read_and_parse(const struct host *host, const char *path, struct nfs_mount_list *list, struct error_record *error,
			  int (*parse)(const char *, size_t, const char *, struct nfs_mount_list *, struct error_record *))
{
	char *text = NULL;
	size_t length;
	int r = paths_read_optional(host, path, &text, &length, error);

	if (r < 0 || !text)
		return r;
	r = parse(text, length, path, list, error);
	free(text);
	if (r < 0)
		error_record_below_root(error, host);
	return r;
}

int nfs_mounts_read(const struct host *host, struct nfs_mount_list *ret_list, struct error_record *ret_error)
{
	struct nfs_mount_list list = { 0 };
	size_t mounted;
	int r;

	r = read_and_parse(host, PATH_MOUNTINFO, &list, ret_error, nfs_mountinfo_parse);
	mounted = list.count;
	if (r == 0)
		r = read_and_parse(host, PATH_FSTAB, &list, ret_error, nfs_fstab_parse);
	if (r < 0) {
		nfs_mount_list_free(&list);
		return r;
	}
	/* An fstab entry that is mounted now is described by its mount. */
	size_t kept = mounted;
	for (size_t i = mounted; i < list.count; i++) {
		bool is_mounted = false;

		for (size_t m = 0; m < mounted && !is_mounted; m++)
			is_mounted = strcmp(list.items[m].mount_point, list.items[i].mount_point) == 0;
		if (!is_mounted)
			list.items[kept++] = list.items[i];
	}
	list.count = kept;
	*ret_list = list;
	return 0;
}

void nfs_mount_list_free(struct nfs_mount_list *list)
{
	free(list->items);
	*list = (struct nfs_mount_list){ 0 };
}

bool nfs_mount_needs_rpcbind(const struct nfs_mount *mount)
{
	return (mount->version == 2 || mount->version == 3) && !mount->nolock;
}
