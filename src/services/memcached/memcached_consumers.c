/* SPDX-License-Identifier: GPL-2.0-or-later */
/* memcached's clients: each peer of an established TCP connection to
 * its port (dumped in the families its TCP listeners have) is one, and
 * its address is the network it needs (a host prefix: the kernel saw
 * it connected, nothing is guessed). A client on loopback needs no
 * network. /etc/memcached.conf's -l says whether the configuration
 * binds loopback only. */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "base/cleanup.h"
#include "base/error_record.h"
#include "base/text.h"
#include "kernel/peers.h"
#include "model/cidr.h"
#include "services/memcached/memcached_consumers.h"
#include "services/memcached/memcached_wire.h"

const struct consumer_kind memcached_kind_client = {
	.name = "memcached-client",
	.description_en = "a memcached client", .description_de = "ein memcached-Client",
	.label_en = "client connected to memcached", .label_de = "mit memcached verbundener Client",
};

const struct consumer_kind *const memcached_consumer_kinds[] = { &memcached_kind_client, NULL };

static void connection_format(const struct evidence *evidence, enum language language, char *buffer, size_t size)
{
	text_format(buffer, size, IN(language, "%s ist mit Port %s/tcp verbunden", "%s is connected to port %s/tcp"),
		    evidence->subject, evidence->object);
}

const struct evidence_source memcached_source_connection = {
	.name = "memcached-connection", .format = connection_format,
};

const struct evidence_source *const memcached_evidence_sources[] = { &memcached_source_connection, NULL };

static int add_client(struct consumer_list *list, const struct cidr *peer)
{
	char address[CIDR_TEXT_MAX];
	struct consumer consumer = {
		.kind = &memcached_kind_client,
		.facts = { .source = &memcached_source_connection },
	};
	int r = 0;

	ip_address_format(&peer->address, address);
	text_format(consumer.facts.subject, sizeof(consumer.facts.subject), "%s", address);
	text_format(consumer.facts.object, sizeof(consumer.facts.object), "%u", MEMCACHED_PORT);
	/* loopback is always admitted: a local client needs no network */
	if (ip_address_scope(&peer->address) != SCOPE_LOOPBACK)
		r = cidr_list_add(&consumer.trusted, peer);
	if (r < 0)
		return r;
	return consumer_list_add(list, &consumer);
}

/* The families memcached's TCP listeners take connections in, as
 * peers_established asks for them: an IPv6 socket's IPv4 clients (when
 * it is not v6only) are IPv6 connections of mapped addresses, so IPv6
 * covers them. Listeners not known: both. */
static unsigned int listener_families(const struct listener_list *listeners)
{
	unsigned int families = 0;

	if (!listeners)
		return PEERS_IPV4 | PEERS_IPV6;
	for (size_t i = 0; i < listeners->count; i++) {
		const struct listener *listener = &listeners->items[i];

		if (listener->transport == TRANSPORT_TCP && listener->port == MEMCACHED_PORT)
			families |= listener->address.family == AF_INET ? PEERS_IPV4 : PEERS_IPV6;
	}
	return families;
}

static int find_clients(const struct consumer_request *request, struct consumer_list *list)
{
	struct cidr_list peers = { 0 };
	int r = peers_established(MEMCACHED_PORT, listener_families(request->listeners), &peers);

	if (r < 0) {
		consumer_list_note(list, "the connections to port %u could not be read (%s), so memcached's clients are not known",
				   MEMCACHED_PORT, strerror(-r));
		return 0;
	}
	cidr_list_normalize(&peers);
	for (size_t i = 0; r == 0 && i < peers.count; i++)
		r = add_client(list, &peers.items[i]);
	cidr_list_free(&peers);
	return r;
}

static bool loopback_only(const char *addresses)
{
	char copy[MEMCACHED_CONFIG_LINE_MAX], *saved = NULL;
	bool any = false;

	snprintf(copy, sizeof(copy), "%s", addresses);
	for (char *item = strtok_r(copy, ",", &saved); item; item = strtok_r(NULL, ",", &saved)) {
		struct ip_address address;
		char *port = strrchr(item, ':');

		/* "127.0.0.1:11211" and "[::1]:11211" name a port as well */
		if (item[0] == '[') {
			char *end = strchr(item, ']');
			if (end)
				*end = '\0';
			item++;
		} else if (port && strchr(item, ':') == port) {
			*port = '\0';
		}
		if (strcmp(item, "localhost") != 0 &&
		    (ip_address_parse(item, &address) < 0 || ip_address_scope(&address) != SCOPE_LOOPBACK))
			return false;
		any = true;
	}
	return any;
}

struct listen_setting {
	unsigned int line;		/* 0: no -l */
	char addresses[EVIDENCE_TEXT_MAX];
	unsigned int udp_line;
	char udp_port[16];
};

/* "-l ADDR", "-lADDR", "--listen=ADDR", "-U PORT", "--udp-port=PORT":
 * the value, or NULL when the line is another option. */
static const char *option_value(const char *line, const char *short_name, const char *long_name)
{
	size_t long_length = strlen(long_name);

	if (strncmp(line, short_name, 2) == 0) {
		line += 2;
		while (*line == ' ' || *line == '\t')
			line++;
		return line;
	}
	if (strncmp(line, long_name, long_length) == 0 && (line[long_length] == '=' || line[long_length] == ' '))
		return line + long_length + 1;
	return NULL;
}

static int parse_config(const char *text, size_t length, struct listen_setting *setting, struct error_record *error)
{
	struct text_cursor cursor = { .text = text, .length = length };
	const char *line;
	size_t line_length;
	int r;

	while ((r = text_next_line(&cursor, MEMCACHED_CONFIG_LINE_MAX, &line, &line_length)) > 0) {
		char copy[MEMCACHED_CONFIG_LINE_MAX + 1], *start = copy, *end;
		const char *value;

		memcpy(copy, line, line_length);
		copy[line_length] = '\0';
		while (*start == ' ' || *start == '\t')
			start++;
		end = start + strlen(start);
		while (end > start && (end[-1] == ' ' || end[-1] == '\t'))
			*--end = '\0';
		if (*start == '#' || *start == '\0')
			continue;
		if ((value = option_value(start, "-l", "--listen"))) {
			if (!*value) {
				error_record_set(error, MEMCACHED_PATH_CONFIG, cursor.line, "-l names no address");
				return -EINVAL;
			}
			/* memcached adds each -l to the ones before */
			if (setting->line)
				text_format(setting->addresses + strlen(setting->addresses),
					    sizeof(setting->addresses) - strlen(setting->addresses), ",%s", value);
			else
				text_format(setting->addresses, sizeof(setting->addresses), "%s", value);
			setting->line = setting->line ? setting->line : cursor.line;
		} else if ((value = option_value(start, "-U", "--udp-port"))) {
			setting->udp_line = cursor.line;
			text_format(setting->udp_port, sizeof(setting->udp_port), "%s", value);
		}
	}
	if (r == -EBADMSG)
		error_record_set(error, MEMCACHED_PATH_CONFIG, cursor.line, "binary data, not a memcached.conf line; is this the right file?");
	else if (r == -E2BIG)
		error_record_set(error, MEMCACHED_PATH_CONFIG, cursor.line, "line longer than %d bytes", MEMCACHED_CONFIG_LINE_MAX);
	return r < 0 ? -EINVAL : 0;
}

static int read_config(const struct consumer_request *request, struct consumer_list *list, struct error_record *error)
{
	_cleanup_free_ char *text = NULL;
	struct listen_setting setting = { 0 };
	size_t length;
	int r = paths_read_optional(request->host, MEMCACHED_PATH_CONFIG, &text, &length, error);

	if (r < 0 || !text)
		return r;
	r = parse_config(text, length, &setting, error);
	if (r < 0) {
		error_record_below_root(error, request->host);
		return r;
	}
	if (setting.line && loopback_only(setting.addresses))
		consumer_list_note(list, "%s:%u -l %s binds loopback only, so memcached's configuration does not expose it",
				   MEMCACHED_PATH_CONFIG, setting.line, setting.addresses);
	else if (setting.line)
		consumer_list_note(list, "%s:%u -l %s opens memcached beyond loopback; an owner may prefer '-U 0 -l 127.0.0.1'",
				   MEMCACHED_PATH_CONFIG, setting.line, setting.addresses);
	else
		consumer_list_note(list, "%s has no -l, so memcached listens on every address; an owner may prefer '-U 0 -l 127.0.0.1'",
				   MEMCACHED_PATH_CONFIG);
	if (setting.udp_line && strcmp(setting.udp_port, "0") != 0)
		consumer_list_note(list, "%s:%u -U %s turns UDP on, which only amplifiers need; UDP clients leave no trace to count",
				   MEMCACHED_PATH_CONFIG, setting.udp_line, setting.udp_port);
	return 0;
}

int memcached_find_consumers(const struct consumer_request *request, struct consumer_list *list,
			     struct error_record *ret_error)
{
	int r = read_config(request, list, ret_error);

	return r < 0 ? r : find_clients(request, list);
}
