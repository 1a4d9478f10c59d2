/* SPDX-License-Identifier: GPL-2.0-or-later */
/* avahi-daemon.conf as avahi reads it: "key=value" lines in sections;
 * the interface lists are comma-separated names. */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/text.h"
#include "kernel/addresses.h"
#include "model/cidr.h"
#include "services/mdns/mdns_config.h"

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

/* A comma-separated list of names into names; -EINVAL with why. */
static int names_parse(char *value, char (*names)[IF_NAMESIZE], size_t *ret_count, const char **ret_why)
{
	size_t count = 0;

	for (char *save = NULL, *name = strtok_r(value, ",", &save); name; name = strtok_r(NULL, ",", &save)) {
		name = trim(name);
		if (!*name)
			continue;
		if (strlen(name) >= IF_NAMESIZE) {
			*ret_why = "an interface name is longer than 15 bytes";
			return -EINVAL;
		}
		if (count >= MDNS_INTERFACES_MAX) {
			*ret_why = "more than 32 interfaces";
			return -EINVAL;
		}
		snprintf(names[count++], IF_NAMESIZE, "%s", name);
	}
	*ret_count = count;
	return 0;
}

int mdns_config_parse(const char *text, size_t length, const char *file, struct mdns_config *ret_config,
		      struct error_record *ret_error)
{
	struct text_cursor cursor = { .text = text, .length = length };
	struct mdns_config config = { 0 };
	bool in_server = false;
	const char *line;
	size_t line_length;
	int r;

	snprintf(config.file, sizeof(config.file), "%s", file);
	while ((r = text_next_line(&cursor, MDNS_CONFIG_LINE_MAX, &line, &line_length)) > 0) {
		char copy[MDNS_CONFIG_LINE_MAX + 1], *key, *value, *equals;
		const char *why = NULL;

		memcpy(copy, line, line_length);
		copy[line_length] = '\0';
		copy[strcspn(copy, "#;")] = '\0';
		key = trim(copy);
		if (*key == '[') {
			in_server = strcmp(key, "[server]") == 0;
			continue;
		}
		equals = strchr(key, '=');
		if (!in_server || !equals)
			continue;
		*equals = '\0';
		value = equals + 1;
		key = trim(key);
		if (strcmp(key, "allow-interfaces") == 0) {
			r = names_parse(value, config.allow, &config.allow_count, &why);
			config.allow_line = cursor.line;
		} else if (strcmp(key, "deny-interfaces") == 0) {
			r = names_parse(value, config.deny, &config.deny_count, &why);
			config.deny_line = cursor.line;
		}
		if (why) {
			error_record_set(ret_error, file, cursor.line, "%s", why);
			return -EINVAL;
		}
	}
	if (r < 0) {
		error_record_set(ret_error, file, cursor.line, r == -EBADMSG ? "binary data" :
				 "line longer than %u bytes", MDNS_CONFIG_LINE_MAX);
		return -EINVAL;
	}
	*ret_config = config;
	return 0;
}

int mdns_config_read(const struct host *host, struct mdns_config *ret_config, struct error_record *ret_error)
{
	char *text = NULL;
	size_t length;
	int r = paths_read_optional(host, PATH_AVAHI_CONF, &text, &length, ret_error);

	*ret_config = (struct mdns_config){ 0 };
	if (r < 0)
		return r == -ENOMEM ? r : -EINVAL;
	if (!text)
		return 0;
	r = mdns_config_parse(text, length, PATH_AVAHI_CONF, ret_config, ret_error);
	free(text);
	if (r < 0)
		error_record_below_root(ret_error, host);
	return r;
}

static bool listed(const char (*names)[IF_NAMESIZE], size_t count, const char *name)
{
	for (size_t i = 0; i < count; i++)
		if (strcmp(names[i], name) == 0)
			return true;
	return false;
}

bool mdns_config_serves(const struct mdns_config *config, const char *name)
{
	if (listed(config->deny, config->deny_count, name))
		return false;
	return config->allow_count == 0 || listed(config->allow, config->allow_count, name);
}
