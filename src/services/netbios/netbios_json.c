/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The NetBIOS name service's answer in JSON, the one place that spells
 * its keys: check's and the record's "netbios" object, and probe
 * --json's "udp". */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/json_read.h"
#include "services/netbios/netbios_probe.h"
#include "services/probe_net.h"

static json_t *names_json(const struct netbios_status *node)
{
	json_t *array = json_array();

	for (size_t i = 0; array && i < node->name_count; i++) {
		const struct netbios_name *name = &node->names[i];
		json_t *item = json_pack("{s:s, s:i, s:b, s:i}", "name", name->name, "suffix", name->suffix,
					 "group", (name->flags & NETBIOS_NAME_GROUP) != 0, "flags", name->flags);

		if (!item || json_array_append_new(array, item) < 0) {
			json_decref(item);
			json_decref(array);
			return NULL;
		}
	}
	return array;
}

static json_t *users_json(const struct netbios_status *node)
{
	json_t *array = json_array();
	const struct netbios_name *user;

	for (size_t i = 0; array && (user = netbios_status_user(node, i)); i++)
		if (json_array_append_new(array, json_string(user->name)) < 0) {
			json_decref(array);
			return NULL;
		}
	return array;
}

/* What Shadowserver's columns report, under their names, and the table. */
static json_t *leak_json(const struct netbios_detail *detail)
{
	const struct netbios_name *machine = netbios_status_machine(&detail->node);
	const struct netbios_name *workgroup = netbios_status_workgroup(&detail->node);
	json_t *names = names_json(&detail->node), *users = users_json(&detail->node);
	char mac[24];

	if (!names || !users) {
		json_decref(names);
		json_decref(users);
		return NULL;
	}
	netbios_mac_format(detail->node.unit_id, mac, sizeof(mac));
	return json_pack("{s:s, s:s?, s:s?, s:o, s:s?, s:o}",
			 "status", probe_status_text(detail->status),
			 "machine_name", machine ? machine->name : NULL,
			 "workgroup", workgroup ? workgroup->name : NULL,
			 "usernames", users,
			 "mac_address", netbios_status_has_mac(&detail->node) ? mac : NULL,
			 "names", names);
}

json_t *netbios_answer_json(const struct service_answer *answer, json_t *reachable)
{
	if (!reachable)
		return NULL;
	return service_answer_json_sizes(leak_json(netbios_detail_of(answer)), answer, reachable);
}

json_t *netbios_probe_json(const struct service_answer *answer)
{
	const struct netbios_detail *detail = netbios_detail_of(answer);

	return service_probe_json_udp(leak_json(detail), answer, netbios_answered(detail));
}

static void read_names(const json_t *array, struct netbios_status *node)
{
	const json_t *item;
	size_t index;

	json_array_foreach(array, index, item) {
		struct netbios_name *name = &node->names[node->name_count];
		const char *text = json_string_value(json_object_get(item, "name"));

		if (node->name_count == NETBIOS_NAMES_MAX || !text)
			break;
		/* a record's text is shown as the decoder would have kept it */
		for (size_t i = 0; text[i] && i < NETBIOS_NAME_CHARS; i++)
			name->name[i] = text[i] >= 0x20 && text[i] < 0x7f ? text[i] : '?';
		name->suffix = (uint8_t)integer_in(item, "suffix", 0, 0xff);
		name->flags = (uint16_t)integer_in(item, "flags", 0, 0xffff);
		node->name_count++;
	}
}

static void read_mac(const json_t *object, struct netbios_status *node)
{
	const char *text = json_string_value(json_object_get(object, "mac_address"));
	unsigned int bytes[NETBIOS_MAC_SIZE];

	if (!text || sscanf(text, "%2x:%2x:%2x:%2x:%2x:%2x", &bytes[0], &bytes[1], &bytes[2], &bytes[3], &bytes[4],
			    &bytes[5]) != NETBIOS_MAC_SIZE)
		return;
	node->has_unit_id = true;
	for (size_t i = 0; i < NETBIOS_MAC_SIZE; i++)
		node->unit_id[i] = (uint8_t)bytes[i];
}

int netbios_answer_from_json(const json_t *object, struct service_answer *ret_answer)
{
	const json_t *amplification = json_object_get(object, "amplification");
	struct service_answer answer = { .probe = &netbios_probe };
	struct netbios_detail *detail = calloc(1, sizeof(*detail));
	const char *status = json_string_value(json_object_get(object, "status"));

	if (!detail)
		return -ENOMEM;
	detail->status = status ? probe_status_from_text(status) : -ENOTCONN;
	read_names(json_object_get(object, "names"), &detail->node);
	read_mac(object, &detail->node);
	answer.detail = detail;
	answer.reachable = json_is_true(json_object_get(object, "reachable"));
	answer.request_bytes = (size_t)integer_in(object, "request_bytes", 0, 1 << 16);
	answer.reply_bytes = (size_t)integer_in(object, "reply_bytes", 0, 1 << 16);
	answer.amplification = json_is_number(amplification) ? json_number_value(amplification)
			       : probe_amplification(answer.reply_bytes, answer.request_bytes);
	text_copy_whole(object, "address", answer.peer, sizeof(answer.peer));
	*ret_answer = answer;
	return 0;
}
