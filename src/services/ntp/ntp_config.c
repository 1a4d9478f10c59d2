/* SPDX-License-Identifier: GPL-2.0-or-later */
/* restrict lines as ntpd reads them: "restrict [-4|-6] default|source|
 * ADDRESS [mask MASK] [flag ...]", and "unrestrict" lines of the same
 * form, which take flags away. Other lines are ntpd's business; only
 * server, pool and peer say that the host asks others for time. */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "base/text.h"
#include "model/cidr.h"
#include "services/ntp/ntp_config.h"

#define WORDS_MAX 32

static bool is_loopback(const struct cidr *network);

static int network_parse(const char *address, const char *mask, struct cidr *ret_network)
{
	struct ip_address host, netmask;
	char text[CIDR_TEXT_MAX + 8], buffer[CIDR_TEXT_MAX];
	int length;

	if (strchr(address, '/'))
		return cidr_parse(address, ret_network);
	if (ip_address_parse(address, &host) < 0)
		return -EINVAL;
	length = host.family == AF_INET ? 32 : 128;
	if (mask && (ip_address_parse(mask, &netmask) < 0 || netmask.family != host.family ||
		     (length = cidr_mask_length(&netmask)) < 0))
		return -EINVAL;
	snprintf(text, sizeof(text), "%s/%d", ip_address_format(&host, buffer), length);
	return cidr_parse(text, ret_network);
}

/* One restrict line split into words; 1 when it is one to keep, 0 for
 * "restrict source" (the servers' own entries), -EINVAL. */
static int restrict_parse(char **words, size_t count, struct ntp_restrict *entry)
{
	size_t i = 1;
	const char *mask = NULL;

	if (i < count && (strcmp(words[i], "-4") == 0 || strcmp(words[i], "-6") == 0))
		i++;
	if (i >= count)
		return -EINVAL;
	if (strcmp(words[i], "source") == 0)
		return 0;
	entry->is_default = strcmp(words[i], "default") == 0;
	const char *address = words[i++];
	if (i + 1 < count && strcmp(words[i], "mask") == 0) {
		mask = words[i + 1];
		i += 2;
	}
	if (!entry->is_default && network_parse(address, mask, &entry->network) < 0)
		return -EINVAL;
	for (; i < count; i++) {
		entry->noquery |= strcmp(words[i], "noquery") == 0;
		entry->ignore |= strcmp(words[i], "ignore") == 0;
		entry->noserve |= strcmp(words[i], "noserve") == 0;
	}
	return 1;
}

static size_t split(char *line, char **words)
{
	size_t count = 0;

	line[strcspn(line, "#")] = '\0';
	for (char *save = NULL, *word = strtok_r(line, " \t", &save); word && count < WORDS_MAX;
	     word = strtok_r(NULL, " \t", &save))
		words[count++] = word;
	return count;
}

int ntp_config_parse(const char *text, size_t length, const char *file, struct ntp_config *ret_config,
		     struct error_record *ret_error)
{
	struct text_cursor cursor = { .text = text, .length = length };
	struct ntp_config *config = ret_config;
	const char *line;
	size_t line_length;
	int r;

	memset(config, 0, sizeof(*config));
	snprintf(config->file, sizeof(config->file), "%s", file);
	while ((r = text_next_line(&cursor, NTP_CONFIG_LINE_MAX, &line, &line_length)) > 0) {
		char copy[NTP_CONFIG_LINE_MAX + 1], *words[WORDS_MAX];
		struct ntp_restrict entry = { .line = cursor.line };
		size_t count;

		memcpy(copy, line, line_length);
		copy[line_length] = '\0';
		count = split(copy, words);
		if (count == 0)
			continue;
		if (!config->server_line && (strcmp(words[0], "server") == 0 || strcmp(words[0], "pool") == 0 ||
					     strcmp(words[0], "peer") == 0))
			config->server_line = cursor.line;
		bool unrestrict = strcmp(words[0], "unrestrict") == 0;

		if (strcmp(words[0], "restrict") != 0 && !unrestrict)
			continue;
		r = restrict_parse(words, count, &entry);
		if (r < 0) {
			error_record_set(ret_error, file, cursor.line,
					 "expected 'restrict default|ADDRESS [mask MASK] [flags]'");
			return -EINVAL;
		}
		if (r == 0)
			continue;
		/* Its flags are taken away, not added: it opens what they closed. */
		if (unrestrict) {
			if (!config->unrestrict_query_line && (entry.noquery || entry.ignore) &&
			    (entry.is_default || !is_loopback(&entry.network)))
				config->unrestrict_query_line = cursor.line;
			continue;
		}
		if (config->count >= NTP_RESTRICTS_MAX) {
			error_record_set(ret_error, file, cursor.line, "more than %u restrict lines", NTP_RESTRICTS_MAX);
			return -EINVAL;
		}
		config->restricts[config->count++] = entry;
	}
	if (r < 0) {
		error_record_set(ret_error, file, cursor.line, r == -EBADMSG ? "binary data" :
				 "line longer than %u bytes", NTP_CONFIG_LINE_MAX);
		return -EINVAL;
	}
	return 0;
}

int ntp_config_read(const struct host *host, struct ntp_config *ret_config, struct error_record *ret_error)
{
	static const char *const files[] = { PATH_NTPSEC_CONF, PATH_NTP_CONF };

	memset(ret_config, 0, sizeof(*ret_config));
	for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		char *text = NULL;
		size_t length;
		int r = paths_read_optional(host, files[i], &text, &length, ret_error);

		if (r < 0)
			return r == -ENOMEM ? r : -EINVAL;
		if (!text)
			continue;
		r = ntp_config_parse(text, length, files[i], ret_config, ret_error);
		free(text);
		if (r < 0)
			error_record_below_root(ret_error, host);
		return r;
	}
	return 0;
}

static bool is_loopback(const struct cidr *network)
{
	return ip_address_scope(&network->address) == SCOPE_LOOPBACK;
}

bool ntp_config_lets_outsiders_query(const struct ntp_config *config, bool ntpsec)
{
	bool has_default = false;

	if (config->unrestrict_query_line)
		return true;
	for (size_t i = 0; i < config->count; i++) {
		const struct ntp_restrict *entry = &config->restricts[i];

		has_default |= entry->is_default;
		if (entry->noquery || entry->ignore)
			continue;
		if (entry->is_default ? !ntpsec : !is_loopback(&entry->network))
			return true;
	}
	/* Without a default line classic ntpd lets everyone query. */
	return !ntpsec && !has_default;
}
