/* SPDX-License-Identifier: GPL-2.0-or-later */
/* NTP's answer in JSON, the one place that spells its keys: check's and
 * the record's "ntp" object, and probe --json's. */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/json_read.h"
#include "services/ntp/ntp_probe.h"

static json_t *variables_json(const struct ntp_detail *detail)
{
	json_t *object = json_object();

	for (size_t i = 0; object && i < detail->variables.count; i++)
		if (json_object_set_new(object, detail->variables.items[i].name,
					json_string(detail->variables.items[i].value)) < 0) {
			json_decref(object);
			return NULL;
		}
	return object;
}

static json_t *requests_json(const struct ntp_detail *detail)
{
	json_t *variables = variables_json(detail);

	if (!variables)
		return NULL;
	return json_pack("{s:{s:s, s:i, s:I, s:I, s:o}, s:{s:s, s:i, s:I, s:I, s:I}}",
			 "readvar", "status", ntp_status_text(detail->readvar),
			 "request_bytes", NTP_READVAR_REQUEST_SIZE,
			 "reply_bytes", (json_int_t)detail->readvar_bytes,
			 "datagrams", (json_int_t)detail->readvar_datagrams,
			 "variables", variables,
			 "monlist", "status", ntp_status_text(detail->monlist),
			 "request_bytes", NTP_MONLIST_REQUEST_SIZE,
			 "reply_bytes", (json_int_t)detail->monlist_bytes,
			 "datagrams", (json_int_t)detail->monlist_datagrams,
			 "entries", (json_int_t)detail->monlist_entries);
}

json_t *ntp_answer_json(const struct service_answer *answer, json_t *reachable)
{
	if (!reachable)
		return NULL;
	return service_answer_json_sizes(requests_json(ntp_detail_of(answer)), answer, reachable);
}

/* The same object as check's, under the same key. */
json_t *ntp_probe_json(const struct service_answer *answer)
{
	json_t *object = ntp_answer_json(answer, json_boolean(answer->reachable));

	return object ? json_pack("{s:o}", "ntp", object) : NULL;
}

static void read_variables(const json_t *object, struct ntp_detail *detail)
{
	const char *name;
	const json_t *value;

	json_object_foreach((json_t *)object, name, value) {
		struct ntp_variable variable = { 0 };
		struct ntp_variable *items;

		if (!json_is_string(value) || strlen(name) >= sizeof(variable.name) ||
		    detail->variables.count >= NTP_VARIABLES_MAX)
			continue;
		items = realloc(detail->variables.items, (detail->variables.count + 1) * sizeof(*items));
		if (!items)
			return;
		detail->variables.items = items;
		detail->variables.capacity = detail->variables.count + 1;
		snprintf(variable.name, sizeof(variable.name), "%s", name);
		snprintf(variable.value, sizeof(variable.value), "%s", json_string_value(value));
		items[detail->variables.count++] = variable;
	}
}

int ntp_answer_from_json(const json_t *object, struct service_answer *ret_answer)
{
	const json_t *readvar = json_object_get(object, "readvar"), *monlist = json_object_get(object, "monlist");
	struct ntp_detail *detail = calloc(1, sizeof(*detail));
	struct service_answer answer = { .probe = &ntp_probe, .detail = detail };

	if (!detail)
		return -ENOMEM;
	detail->readvar = ntp_status_from_text(json_string_value(json_object_get(readvar, "status")));
	detail->readvar_bytes = (size_t)integer_in(readvar, "reply_bytes", 0, 1 << 20);
	detail->readvar_datagrams = (size_t)integer_in(readvar, "datagrams", 0, 1 << 20);
	read_variables(json_object_get(readvar, "variables"), detail);
	detail->monlist = ntp_status_from_text(json_string_value(json_object_get(monlist, "status")));
	detail->monlist_bytes = (size_t)integer_in(monlist, "reply_bytes", 0, 1 << 24);
	detail->monlist_datagrams = (size_t)integer_in(monlist, "datagrams", 0, 1 << 20);
	detail->monlist_entries = (size_t)integer_in(monlist, "entries", 0, 1 << 20);
	text_copy_whole(object, "address", answer.peer, sizeof(answer.peer));
	ntp_answer_sum(&answer);
	answer.reachable = json_is_true(json_object_get(object, "reachable"));
	*ret_answer = answer;
	return 0;
}
