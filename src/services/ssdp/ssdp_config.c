/* SPDX-License-Identifier: GPL-2.0-or-later */
/* /etc/default/minissdpd as the unit reads it (EnvironmentFile=):
 * VAR="value" lines, comments, the interfaces separated by spaces. */
#include "config.h"

#include <errno.h>
#include <sys/socket.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/text.h"
#include "kernel/addresses.h"
#include "model/cidr.h"
#include "services/ssdp/ssdp_config.h"

#define VARIABLE_INTERFACES "MiniSSDPd_INTERFACE_ADDRESS"
#define VARIABLE_OPTIONS "MiniSSDPd_OTHER_OPTIONS"

/* The value after "NAME=", quotes taken off, into value; NULL when the
 * line assigns another variable. */
static const char *assigned(const char *line, const char *name, char *value, size_t size)
{
	size_t length = strlen(name), used = 0;
	char quote = 0;

	while (*line == ' ' || *line == '\t')
		line++;
	if (strncmp(line, "export ", 7) == 0)
		line += 7;
	if (strncmp(line, name, length) != 0 || line[length] != '=')
		return NULL;
	for (line += length + 1; *line && used + 1 < size; line++) {
		if (!quote && (*line == '"' || *line == '\''))
			quote = *line;
		else if (quote && *line == quote)
			quote = 0;
		else if (!quote && *line == '#')
			break;
		else
			value[used++] = *line;
	}
	value[used] = '\0';
	return value;
}

static int add_word(struct ssdp_config *config, const char *word, size_t length, const char **ret_why)
{
	if (length >= SSDP_INTERFACE_NAME_MAX) {
		*ret_why = "an interface is longer than 63 bytes";
		return -EINVAL;
	}
	if (config->interface_count >= SSDP_INTERFACES_MAX) {
		*ret_why = "more than 16 interfaces";
		return -EINVAL;
	}
	memcpy(config->interfaces[config->interface_count], word, length);
	config->interfaces[config->interface_count++][length] = '\0';
	return 0;
}

/* Space-separated words; with options, only those after "-i". */
static int words(struct ssdp_config *config, const char *value, bool options, const char **ret_why)
{
	bool take = !options;

	while (*value) {
		size_t length;
		int r;

		while (*value == ' ' || *value == '\t')
			value++;
		length = strcspn(value, " \t");
		if (length == 0)
			break;
		if (options && length == 2 && strncmp(value, "-i", 2) == 0) {
			take = true;
		} else if (options && length == 2 && strncmp(value, "-6", 2) == 0) {
			config->ipv6 = true;
		} else if (take) {
			r = add_word(config, value, length, ret_why);
			if (r < 0)
				return r;
			take = !options;
		}
		value += length;
	}
	return 0;
}

int ssdp_config_parse(const char *text, size_t length, const char *file, struct ssdp_config *ret_config,
		      struct error_record *ret_error)
{
	struct text_cursor cursor = { .text = text, .length = length };
	struct ssdp_config config = { 0 };
	char interfaces[SSDP_CONFIG_LINE_MAX] = "", options[SSDP_CONFIG_LINE_MAX] = "";
	const char *line, *why = NULL;
	size_t line_length;
	int r;

	snprintf(config.file, sizeof(config.file), "%s", file);
	while ((r = text_next_line(&cursor, SSDP_CONFIG_LINE_MAX, &line, &line_length)) > 0) {
		char copy[SSDP_CONFIG_LINE_MAX + 1];

		memcpy(copy, line, line_length);
		copy[line_length] = '\0';
		if (assigned(copy, VARIABLE_INTERFACES, interfaces, sizeof(interfaces)))
			config.line = cursor.line;
		else
			assigned(copy, VARIABLE_OPTIONS, options, sizeof(options));
	}
	if (r < 0)
		why = r == -EBADMSG ? "binary data, not a line of minissdpd's defaults; is this the right file?"
				    : "a line is too long";
	if (!why && words(&config, interfaces, false, &why) == 0)
		words(&config, options, true, &why);
	if (why) {
		error_record_set(ret_error, file, cursor.line, "%s", why);
		return -EINVAL;
	}
	*ret_config = config;
	return 0;
}

int ssdp_config_read(const struct host *host, struct ssdp_config *ret_config, struct error_record *ret_error)
{
	char *text = NULL;
	size_t length;
	int r = paths_read_optional(host, PATH_MINISSDPD_DEFAULT, &text, &length, ret_error);

	*ret_config = (struct ssdp_config){ 0 };
	if (r < 0)
		return r == -ENOMEM ? r : -EINVAL;
	if (!text)
		return 0;
	r = ssdp_config_parse(text, length, PATH_MINISSDPD_DEFAULT, ret_config, ret_error);
	free(text);
	if (r < 0)
		error_record_below_root(ret_error, host);
	return r;
}

bool ssdp_config_serves(const struct ssdp_config *config, const struct local_link *link)
{
	char address[CIDR_TEXT_MAX];

	if (link->address.family != AF_INET && !config->ipv6)
		return false;
	ip_address_format(&link->address, address);
	for (size_t i = 0; i < config->interface_count; i++)
		if (strcmp(config->interfaces[i], link->name) == 0 || strcmp(config->interfaces[i], address) == 0)
			return true;
	return false;
}
