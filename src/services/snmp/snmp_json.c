/* SPDX-License-Identifier: GPL-2.0-or-later */
/* SNMP's answer in JSON, the one place that spells its keys: check's
 * and the record's "snmp" object, and probe --json's "udp". */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "base/json_read.h"
#include "services/probe_net.h"
#include "services/snmp/snmp_probe.h"

static json_t *versions_json(const struct snmp_detail *detail)
{
	json_t *array = json_array();

	for (size_t i = 0; array && i < SNMP_PROBE_VERSIONS; i++) {
		const struct snmp_version_result *version = &detail->versions[i];
		json_t *item = json_pack("{s:s, s:s, s:I, s:s?, s:I}",
					 "version", snmp_version_name(i),
					 "status", probe_status_text(version->status),
					 "reply_bytes", (json_int_t)version->reply_bytes,
					 "value", version->status == 0 ? snmp_value_name(version->value) : NULL,
					 "error_status", (json_int_t)version->error_status);

		if (!item || json_array_append_new(array, item) < 0) {
			json_decref(item);
			json_decref(array);
			return NULL;
		}
	}
	return array;
}

json_t *snmp_answer_json(const struct service_answer *answer, json_t *reachable)
{
	const struct snmp_detail *detail = snmp_detail_of(answer);
	json_t *versions = versions_json(detail);

	if (!reachable || !versions) {
		json_decref(reachable);
		json_decref(versions);
		return NULL;
	}
	return json_pack("{s:o, s:s, s:s, s:s?, s:o, s:I, s:I, s:f}",
			 "reachable", reachable,
			 "address", answer->peer,
			 "community", SNMP_COMMUNITY_PUBLIC,
			 "sysdescr", detail->sysdescr[0] ? detail->sysdescr : NULL,
			 "versions", versions,
			 "request_bytes", (json_int_t)answer->request_bytes,
			 "reply_bytes", (json_int_t)answer->reply_bytes,
			 "amplification", answer->amplification);
}

json_t *snmp_probe_json(const struct service_answer *answer)
{
	const struct snmp_detail *detail = snmp_detail_of(answer);
	json_t *versions = versions_json(detail);

	if (!versions)
		return NULL;
	return json_pack("{s:{s:b, s:s, s:s?, s:o, s:I, s:I, s:f}}",
			 "udp", "open", snmp_answered(detail),
			 "community", SNMP_COMMUNITY_PUBLIC,
			 "sysdescr", detail->sysdescr[0] ? detail->sysdescr : NULL,
			 "versions", versions,
			 "request_bytes", (json_int_t)answer->request_bytes,
			 "reply_bytes", (json_int_t)answer->reply_bytes,
			 "amplification", answer->amplification);
}

static void read_versions(const json_t *array, struct snmp_detail *detail)
{
	const json_t *item;
	size_t index;

	json_array_foreach(array, index, item) {
		const char *name = json_string_value(json_object_get(item, "version"));
		size_t i = name && strcmp(name, "1") == 0 ? 0 : name && strcmp(name, "2c") == 0 ? 1 : SNMP_PROBE_VERSIONS;

		if (i == SNMP_PROBE_VERSIONS)
			continue;
		detail->versions[i] = (struct snmp_version_result){
			.status = probe_status_from_text(json_string_value(json_object_get(item, "status"))),
			.reply_bytes = (size_t)integer_in(item, "reply_bytes", 0, 1 << 16),
			.value = snmp_value_from_name(json_string_value(json_object_get(item, "value"))),
			.error_status = (uint32_t)integer_in(item, "error_status", 0, SNMP_ERROR_STATUS_MAX),
		};
	}
}

int snmp_answer_from_json(const json_t *object, struct service_answer *ret_answer)
{
	const json_t *amplification = json_object_get(object, "amplification");
	struct service_answer answer = { .probe = &snmp_probe };
	struct snmp_detail *detail = calloc(1, sizeof(*detail));
	const char *sysdescr;

	if (!detail)
		return -ENOMEM;
	detail->versions[0].status = detail->versions[1].status = -ENOTCONN;
	read_versions(json_object_get(object, "versions"), detail);
	/* a record's text is shown as the decoder would have kept it */
	sysdescr = json_string_value(json_object_get(object, "sysdescr"));
	for (size_t i = 0; sysdescr && sysdescr[i] && i < SNMP_SYSDESCR_MAX; i++)
		detail->sysdescr[i] = sysdescr[i] >= 0x20 && sysdescr[i] < 0x7f ? sysdescr[i] : '?';
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
