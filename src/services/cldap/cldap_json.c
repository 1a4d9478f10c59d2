/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The CLDAP service's answer in JSON, the one place that spells its
 * keys: check's and the record's "cldap" object, and probe --json's
 * "udp". The root DSE's values are under Shadowserver's column names. */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/json_read.h"
#include "services/cldap/cldap_probe.h"
#include "services/probe_net.h"

static json_t *contexts_json(const struct cldap_root_dse *dse)
{
	json_t *array = json_array();

	for (size_t i = 0; array && i < dse->naming_context_count; i++)
		if (json_array_append_new(array, json_string(dse->naming_contexts[i])) < 0) {
			json_decref(array);
			return NULL;
		}
	return array;
}

#define OR_NULL(text) ((text)[0] ? (text) : NULL)

static json_t *leak_json(const struct cldap_detail *detail)
{
	const struct cldap_root_dse *dse = &detail->dse;
	char site[CLDAP_TEXT_MAX], domain[CLDAP_TEXT_MAX];
	json_t *contexts = contexts_json(dse);

	if (!contexts)
		return NULL;
	cldap_site_name(dse, site, sizeof(site));
	cldap_domain_name(dse, domain, sizeof(domain));
	return json_pack("{s:s, s:I, s:I, s:s?, s:s?, s:s?, s:s?, s:s?, s:s?, s:s?, s:s?, s:s?, s:o, s:I}",
			 "status", probe_status_text(detail->status),
			 "datagrams", (json_int_t)detail->datagrams,
			 "attributes", (json_int_t)dse->attribute_count,
			 "dns_host_name", OR_NULL(dse->dns_host_name),
			 "domain", OR_NULL(domain),
			 "site", OR_NULL(site),
			 "default_naming_context", OR_NULL(dse->default_naming_context),
			 "server_name", OR_NULL(dse->server_name),
			 "ldap_service_name", OR_NULL(dse->ldap_service_name),
			 "vendor_name", OR_NULL(dse->vendor_name),
			 "supported_ldap_version", OR_NULL(dse->supported_ldap_version),
			 "domain_controller_functionality", OR_NULL(dse->dc_functionality),
			 "naming_contexts", contexts,
			 "result_code", (json_int_t)dse->result_code);
}

json_t *cldap_answer_json(const struct service_answer *answer, json_t *reachable)
{
	if (!reachable)
		return NULL;
	return service_answer_json_sizes(leak_json(cldap_detail_of(answer)), answer, reachable);
}

json_t *cldap_probe_json(const struct service_answer *answer)
{
	const struct cldap_detail *detail = cldap_detail_of(answer);

	return service_probe_json_udp(leak_json(detail), answer, cldap_answered(detail));
}

/* A record's text, kept as the decoder would have kept it. */
static void text_clean(const json_t *string, char *buffer, size_t size)
{
	const char *text = json_string_value(string);
	size_t i = 0;

	for (; text && text[i] && i + 1 < size; i++)
		buffer[i] = text[i] >= 0x20 && text[i] < 0x7f ? text[i] : '?';
	buffer[i] = '\0';
}

static void text_read(const json_t *object, const char *key, char *buffer, size_t size)
{
	text_clean(json_object_get(object, key), buffer, size);
}

int cldap_answer_from_json(const json_t *object, struct service_answer *ret_answer)
{
	const json_t *amplification = json_object_get(object, "amplification");
	struct service_answer answer = { .probe = &cldap_probe };
	struct cldap_detail *detail = calloc(1, sizeof(*detail));
	const char *status = json_string_value(json_object_get(object, "status"));
	struct cldap_root_dse *dse;
	const json_t *item;
	size_t index;

	if (!detail)
		return -ENOMEM;
	dse = &detail->dse;
	detail->status = status ? probe_status_from_text(status) : -ENOTCONN;
	detail->datagrams = (size_t)integer_in(object, "datagrams", 0, 1 << 16);
	dse->attribute_count = (size_t)integer_in(object, "attributes", 0, 1 << 16);
	dse->result_code = (int)integer_in(object, "result_code", -1, 0xffff);
	dse->entry = detail->status == 0;
	dse->done = dse->result_code >= 0;
	text_read(object, "dns_host_name", dse->dns_host_name, sizeof(dse->dns_host_name));
	text_read(object, "default_naming_context", dse->default_naming_context, sizeof(dse->default_naming_context));
	text_read(object, "server_name", dse->server_name, sizeof(dse->server_name));
	text_read(object, "ldap_service_name", dse->ldap_service_name, sizeof(dse->ldap_service_name));
	text_read(object, "vendor_name", dse->vendor_name, sizeof(dse->vendor_name));
	text_read(object, "supported_ldap_version", dse->supported_ldap_version, sizeof(dse->supported_ldap_version));
	text_read(object, "domain_controller_functionality", dse->dc_functionality, sizeof(dse->dc_functionality));
	json_array_foreach(json_object_get(object, "naming_contexts"), index, item) {
		if (dse->naming_context_count == CLDAP_CONTEXTS_MAX || !json_is_string(item))
			break;
		text_clean(item, dse->naming_contexts[dse->naming_context_count++], CLDAP_TEXT_MAX);
	}
	dse->naming_contexts_sent = dse->naming_context_count;
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
