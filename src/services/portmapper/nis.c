/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "config.h"

#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/text.h"
#include "services/portmapper/nis.h"
#include "kernel/process_find.h"
#include "model/cidr.h"

#define SECURENETS_LINE_MAX 1024

static int parse_securenets_line(const char *first, const char *second, struct cidr *ret_cidr)
{
	struct ip_address mask, network;
	int length;

	if (strcmp(first, "host") == 0) {
		if (ip_address_parse(second, &network) < 0)
			return -EINVAL;
		*ret_cidr = (struct cidr){ .address = network, .prefix_length = network.family == AF_INET ? 32 : 128 };
		return 0;
	}
	if (ip_address_parse(first, &mask) < 0 || ip_address_parse(second, &network) < 0 ||
	    mask.family != network.family || (length = cidr_mask_length(&mask)) < 0)
		return -EINVAL;
	char text[CIDR_TEXT_MAX + 8], address[CIDR_TEXT_MAX];

	snprintf(text, sizeof(text), "%s/%d", ip_address_format(&network, address), length);
	return cidr_parse(text, ret_cidr);
}

int nis_securenets_parse(const char *text, size_t length, const char *file_name, struct cidr_list *list,
			 struct error_record *ret_error)
{
	struct text_cursor cursor = { .text = text, .length = length };
	size_t count_before = list->count;
	const char *line;
	size_t line_length;
	int r;

	while ((r = text_next_line(&cursor, SECURENETS_LINE_MAX, &line, &line_length)) > 0) {
		char copy[SECURENETS_LINE_MAX + 1], first[64], second[64], extra[2];
		struct cidr cidr;
		int fields;

		memcpy(copy, line, line_length);
		copy[line_length] = '\0';
		copy[strcspn(copy, "#")] = '\0';
		fields = sscanf(copy, "%63s %63s %1s", first, second, extra);
		if (fields <= 0)
			continue;
		if (fields != 2 || parse_securenets_line(first, second, &cidr) < 0) {
			error_record_set(ret_error, file_name, cursor.line,
					"expected 'netmask network' (255.255.255.0 192.168.1.0) or 'host address'");
			r = -EINVAL;
			break;
		}
		r = cidr_list_add(list, &cidr);
		if (r < 0)
			break;
	}
	if (r == -EBADMSG || r == -E2BIG)
		error_record_set(ret_error, file_name, cursor.line, r == -EBADMSG ? "binary data" :
				"line longer than %u bytes", SECURENETS_LINE_MAX);
	if (r < 0) {
		list->count = count_before;
		return r == -ENOMEM ? r : -EINVAL;
	}
	return 0;
}

static void find_enablement(const struct host *host, const char *unit, struct nis_daemon *daemon)
{
	static const char *const wants[] = { "multi-user.target.wants", "graphical.target.wants" };

	for (size_t i = 0; i < sizeof(wants) / sizeof(wants[0]) && !daemon->enabled; i++) {
		char path[NIS_TEXT_MAX];

		snprintf(path, sizeof(path), "/etc/systemd/system/%s/%s", wants[i], unit);
		if (paths_exists(host, path)) {
			daemon->enabled = true;
			snprintf(daemon->enabled_link, sizeof(daemon->enabled_link), "%s", path);
		}
	}
}

int nis_read(const struct host *host, struct nis_state *ret_state, struct error_record *ret_error)
{
	struct nis_state state = { 0 };
	char *text = NULL;
	size_t length;
	int r;

	state.server.pid = process_find(host, "ypserv");
	state.server.running = state.server.pid > 0;
	state.client.pid = process_find(host, "ypbind");
	state.client.running = state.client.pid > 0;
	find_enablement(host, "ypserv.service", &state.server);
	find_enablement(host, "ypbind.service", &state.client);

	r = paths_read_optional(host, PATH_SECURENETS, &text, &length, ret_error);
	if (r < 0)
		return r;
	if (text) {
		state.securenets_found = true;
		r = nis_securenets_parse(text, length, PATH_SECURENETS, &state.securenets, ret_error);
		free(text);
		if (r < 0) {
			error_record_below_root(ret_error, host);
			nis_state_free(&state);
			return r;
		}
	}
	for (size_t i = 0; i < state.securenets.count; i++)
		if (cidr_is_everything(&state.securenets.items[i]))
			state.securenets_everyone = true;
	if (state.securenets.count == 0)
		state.securenets_everyone = true;	/* ypserv then answers every host */
	cidr_list_normalize(&state.securenets);
	*ret_state = state;
	return 0;
}

void nis_state_free(struct nis_state *state)
{
	cidr_list_free(&state->securenets);
}
