/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Who polls snmpd, from snmpd.conf and the *.conf of snmpd.conf.d below the
 * analysed host: every community line names a source, and a source that
 * is a host or a network is a monitoring station's. "default" admits
 * everyone and names no station: it gives no trusted network, and who
 * polls through it is unknown. */
#include "config.h"

#include <arpa/inet.h>
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "base/cleanup.h"
#include "base/error_record.h"
#include "base/text.h"
#include "host/resolve.h"
#include "model/cidr.h"
#include "services/snmp/snmp_consumers.h"

#define TOKENS_MAX 8
#define TOKEN_MAX 256

struct line_tokens {
	char items[TOKENS_MAX][TOKEN_MAX];
	size_t count;
};

/* Blank-separated words up to a comment; -E2BIG for a word too long. */
static int tokenize(const char *line, size_t length, struct line_tokens *tokens)
{
	size_t i = 0;

	tokens->count = 0;
	while (i < length) {
		size_t start, word;

		while (i < length && (line[i] == ' ' || line[i] == '\t'))
			i++;
		if (i == length || line[i] == '#')
			break;
		start = i;
		while (i < length && line[i] != ' ' && line[i] != '\t')
			i++;
		word = i - start;
		if (word >= TOKEN_MAX)
			return -E2BIG;
		if (tokens->count < TOKENS_MAX) {
			memcpy(tokens->items[tokens->count], line + start, word);
			tokens->items[tokens->count++][word] = '\0';
		}
	}
	return 0;
}

static bool is_loopback_name(const char *name)
{
	struct ip_address address;

	if (strcasecmp(name, "localhost") == 0 || strcasecmp(name, "localhost6") == 0 ||
	    strcasecmp(name, "ip6-localhost") == 0)
		return true;
	return ip_address_parse(name, &address) == 0 && ip_address_scope(&address) == SCOPE_LOOPBACK;
}

/* "10.0.0.0/255.255.255.0" as net-snmp takes it, into a prefix length. */
static int parse_netmask_source(const char *source, struct cidr *ret_cidr)
{
	char network[INET_ADDRSTRLEN + 1], text[INET_ADDRSTRLEN + 16];
	const char *slash = strchr(source, '/');
	struct ip_address mask;
	int length;

	if (!slash || (size_t)(slash - source) >= sizeof(network) || ip_address_parse(slash + 1, &mask) < 0 ||
	    mask.family != AF_INET || (length = cidr_mask_length(&mask)) < 0)
		return -EINVAL;
	memcpy(network, source, (size_t)(slash - source));
	network[slash - source] = '\0';
	snprintf(text, sizeof(text), "%s/%d", network, length);
	return cidr_parse(text, ret_cidr);
}

struct config_context {
	const struct host *host;
	struct consumer_list *list;
	struct error_record *error;
	const char *file;
	/* agentaddress, over every file: where, and whether only loopback */
	unsigned int agent_line;
	char agent_file[EVIDENCE_TEXT_MAX];
	char agent_value[EVIDENCE_TEXT_MAX];
	bool agent_beyond_loopback;
};

/* The station a source names: loopback needs no network (the table
 * always admits it), a network or an address is trusted as it stands,
 * a name as the analysed host resolves it. */
static int derive_source(struct config_context *context, const char *source, unsigned int line,
			 struct consumer *consumer)
{
	struct cidr cidr;
	int r;

	/* Debian's own line: it says nothing of who polls, so it keeps
	 * snmpd running (restrict, not stop) for loopback and the stations
	 * named elsewhere, and the plan warns that others are cut off. */
	if (strcasecmp(source, "default") == 0) {
		consumer_set_callers_unknown(consumer, "%s:%u %s admits everyone (source default), which names no monitoring station",
					     context->file, line, consumer->facts.subject);
		return 0;
	}
	if (is_loopback_name(source))
		return 0;
	if (cidr_parse(source, &cidr) == 0 || parse_netmask_source(source, &cidr) == 0) {
		if (cidr_is_everything(&cidr)) {
			consumer_set_callers_unknown(consumer, "%s:%u %s admits everyone (%s), which names no monitoring station",
						     context->file, line, consumer->facts.subject, source);
			return 0;
		}
		return cidr_list_add(&consumer->trusted, &cidr);
	}
	if (strchr(source, '/') || strchr(source, ':')) {
		error_record_set(context->error, context->file, line,
				 "source '%.128s' is no address, network or host name; is this the right file?", source);
		return -EINVAL;
	}
	r = resolve_host(context->host, source, &consumer->trusted);
	if (r == 0)
		consumer_set_ambiguous(consumer, "the station's host name '%s' does not resolve%s", source,
				       host_is_live(context->host) ? "" : " in the hosts file below --root");
	return r < 0 ? r : 0;
}

static int add_station(struct config_context *context, unsigned int line, const char *keyword,
		       const char *community, const char *source)
{
	struct consumer consumer = {
		.kind = &snmp_kind_station,
		.facts = { .source = &snmp_source_community, .line = line },
	};
	int r;

	text_format(consumer.facts.file, sizeof(consumer.facts.file), "%s", context->file);
	text_format(consumer.facts.subject, sizeof(consumer.facts.subject), "%s %s", keyword, community);
	text_format(consumer.facts.object, sizeof(consumer.facts.object), "%s", source);
	r = derive_source(context, source, line, &consumer);
	if (r < 0) {
		cidr_list_free(&consumer.trusted);
		return r;
	}
	return consumer_list_add(context->list, &consumer);
}

/* One agentaddress spec: "udp:127.0.0.1:161", "[::1]", "udp6:[::]:161",
 * "161". TCP and unix transports are not what scanners reach on 161/udp. */
static bool spec_beyond_loopback(const char *spec)
{
	static const char *const transports[] = { "udp:", "udp6:", "udpv6:", "udpipv6:", NULL };
	static const char *const skipped[] = { "tcp:", "tcp6:", "tcpv6:", "tcpipv6:", "unix:", "tlstcp:", NULL };
	char host[TOKEN_MAX];
	const char *end;

	for (const char *const *t = skipped; *t; t++)
		if (strncasecmp(spec, *t, strlen(*t)) == 0)
			return false;
	for (const char *const *t = transports; *t; t++)
		if (strncasecmp(spec, *t, strlen(*t)) == 0) {
			spec += strlen(*t);
			break;
		}
	if (spec[0] == '[') {
		end = strchr(spec, ']');
		if (!end)
			return true;
		snprintf(host, sizeof(host), "%.*s", (int)(end - spec - 1), spec + 1);
	} else {
		end = strrchr(spec, ':');
		if (spec[strspn(spec, "0123456789")] == '\0')
			return true;	/* a port alone: every address */
		snprintf(host, sizeof(host), "%.*s", end ? (int)(end - spec) : (int)strlen(spec), spec);
	}
	return !is_loopback_name(host);
}

static void take_agentaddress(struct config_context *context, unsigned int line, const char *value)
{
	char specs[TOKEN_MAX], *saved = NULL;

	snprintf(specs, sizeof(specs), "%s", value);
	for (char *spec = strtok_r(specs, ",", &saved); spec; spec = strtok_r(NULL, ",", &saved))
		context->agent_beyond_loopback |= spec_beyond_loopback(spec);
	/* net-snmp adds every agentaddress line to the ones before */
	if (!context->agent_line) {
		text_format(context->agent_file, sizeof(context->agent_file), "%s", context->file);
		context->agent_line = line;
		text_format(context->agent_value, sizeof(context->agent_value), "%s", value);
	}
}

static int take_line(struct config_context *context, unsigned int line, const struct line_tokens *tokens)
{
	const char *keyword = tokens->items[0];
	size_t first = 1;

	if (strcasecmp(keyword, "agentaddress") == 0) {
		if (tokens->count < 2) {
			error_record_set(context->error, context->file, line, "agentaddress names no address");
			return -EINVAL;
		}
		take_agentaddress(context, line, tokens->items[1]);
		return 0;
	}
	if (strcasecmp(keyword, "rocommunity") == 0 || strcasecmp(keyword, "rwcommunity") == 0 ||
	    strcasecmp(keyword, "rocommunity6") == 0 || strcasecmp(keyword, "rwcommunity6") == 0) {
		if (tokens->count < 2) {
			error_record_set(context->error, context->file, line, "%s names no community", keyword);
			return -EINVAL;
		}
		/* no source, or an option in its place: everyone */
		return add_station(context, line, keyword, tokens->items[1],
				   tokens->count < 3 || tokens->items[2][0] == '-' ? "default" : tokens->items[2]);
	}
	if (strcasecmp(keyword, "com2sec") == 0 || strcasecmp(keyword, "com2sec6") == 0) {
		if (tokens->count > 1 && strcmp(tokens->items[1], "-Cn") == 0)
			first = 3;	/* -Cn CONTEXT */
		if (tokens->count < first + 3) {
			error_record_set(context->error, context->file, line, "%s needs NAME SOURCE COMMUNITY", keyword);
			return -EINVAL;
		}
		return add_station(context, line, keyword, tokens->items[first + 2], tokens->items[first + 1]);
	}
	if (strcasecmp(keyword, "includeDir") == 0 || strcasecmp(keyword, "includeFile") == 0 ||
	    strcasecmp(keyword, "includeAllDisks") == 0) {
		if (strcasecmp(keyword, "includeAllDisks") != 0 && tokens->count > 1 &&
		    strcmp(tokens->items[1], SNMP_PATH_CONFIG_DIRECTORY) != 0)
			consumer_list_note(context->list, "%s:%u %s %s is not read; stations named there are not counted",
					   context->file, line, keyword, tokens->items[1]);
	}
	return 0;
}

static int parse_text(struct config_context *context, const char *text, size_t length)
{
	struct text_cursor cursor = { .text = text, .length = length };
	const char *line;
	size_t line_length;
	int r;

	while ((r = text_next_line(&cursor, SNMP_CONFIG_LINE_MAX, &line, &line_length)) > 0) {
		struct line_tokens tokens;

		if (tokenize(line, line_length, &tokens) < 0) {
			error_record_set(context->error, context->file, cursor.line, "a word longer than %d bytes", TOKEN_MAX - 1);
			return -EINVAL;
		}
		if (tokens.count > 0) {
			r = take_line(context, cursor.line, &tokens);
			if (r < 0)
				return r;
		}
	}
	if (r == -EBADMSG)
		error_record_set(context->error, context->file, cursor.line, "binary data, not an snmpd.conf(5) line; is this the right file?");
	else if (r == -E2BIG)
		error_record_set(context->error, context->file, cursor.line, "line longer than %d bytes", SNMP_CONFIG_LINE_MAX);
	return r < 0 ? -EINVAL : 0;
}

static int read_one(struct config_context *context, const char *path)
{
	_cleanup_free_ char *text = NULL;
	size_t length;
	int r = paths_read_optional(context->host, path, &text, &length, context->error);

	if (r < 0 || !text)
		return r;
	context->file = path;
	r = parse_text(context, text, length);
	if (r == -EINVAL)
		error_record_below_root(context->error, context->host);
	return r;
}

static int compare_names(const void *left, const void *right)
{
	return strcmp(*(char *const *)left, *(char *const *)right);
}

/* The *.conf files of snmpd.conf.d, in the order snmpd reads them. */
static int read_directory(struct config_context *context)
{
	_cleanup_(closedirp) DIR *directory = NULL;
	_cleanup_close_ int fd = paths_open_directory(context->host, SNMP_PATH_CONFIG_DIRECTORY, false);
	char *names[256];
	size_t count = 0;
	struct dirent *item;
	int r = 0;

	if (fd < 0 || !(directory = fdopendir(fd)))
		return 0;
	(void)TAKE_FD(fd);	/* the DIR owns it now */
	while ((item = readdir(directory)) && count < sizeof(names) / sizeof(names[0])) {
		size_t length = strlen(item->d_name);

		if (item->d_name[0] == '.' || length < 6 || strcmp(item->d_name + length - 5, ".conf") != 0)
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

		snprintf(path, sizeof(path), "%s/%s", SNMP_PATH_CONFIG_DIRECTORY, names[i]);
		if (r == 0)
			r = read_one(context, path);
		free(names[i]);
	}
	return r;
}

int snmp_find_consumers(const struct consumer_request *request, struct consumer_list *list,
			struct error_record *ret_error)
{
	struct config_context context = { .host = request->host, .list = list, .error = ret_error };
	bool configured = paths_exists(request->host, SNMP_PATH_CONFIG);
	int r = read_one(&context, SNMP_PATH_CONFIG);

	if (r == 0)
		r = read_directory(&context);
	if (r < 0)
		return r;
	if (context.agent_line && !context.agent_beyond_loopback)
		consumer_list_note(list, "%s:%u agentaddress %s binds loopback only, so snmpd's configuration does not expose it",
				   context.agent_file, context.agent_line, context.agent_value);
	else if (context.agent_line)
		consumer_list_note(list, "%s:%u agentaddress %s opens snmpd beyond loopback; an owner may prefer 'agentAddress udp:127.0.0.1:161'",
				   context.agent_file, context.agent_line, context.agent_value);
	else if (configured)
		consumer_list_note(list, "%s names no agentaddress, so snmpd listens on udp:161 of every address; an owner may prefer 'agentAddress udp:127.0.0.1:161'",
				   SNMP_PATH_CONFIG);
	return 0;
}
