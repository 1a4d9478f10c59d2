/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The fix record as JSON: the one place that spells its keys. A record
 * comes back from disk, so reading checks every value; see fix_record.h
 * for strict and lenient reading. */
#include "config.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "assess/snapshot.h"
#include "base/base64.h"
#include "base/json_share.h"
#include "kernel/addresses.h"
#include "kernel/scan.h"
#include "model/cidr.h"
#include "nft/nft.h"
#include "record/fix_record.h"
#include "record/guard.h"
#include "record/json_value.h"

/* ---- writing ---- */

static json_t *known_json(enum fix_known value)
{
	return value == FIX_UNKNOWN ? json_null() : json_boolean(value == FIX_YES);
}

static json_t *string_or_null(const char *text)
{
	return text ? json_string(text) : json_null();
}

static json_t *ruleset_json(const struct nft_ruleset *ruleset)
{
	json_t *trusted = json_array(), *ports = json_array();

	for (size_t i = 0; trusted && i < ruleset->trusted.count; i++) {
		char text[CIDR_TEXT_MAX];

		json_array_append_new(trusted, json_string(cidr_format(&ruleset->trusted.items[i], text)));
	}
	for (size_t i = 0; ports && i < ruleset->port_count; i++)
		json_array_append_new(ports, json_integer(ruleset->ports[i]));
	return json_pack("{s:o*, s:o*}", "trusted", trusted, "ports", ports);
}

/* Bytes before the fix as text under key when JSON can carry them,
 * else in base64 under key_base64 (a NUL byte, bytes that are not
 * UTF-8), so that undo puts back every byte. */
static void set_bytes(json_t *nft, const char *key, const char *key_base64, const char *bytes, size_t length)
{
	json_t *text = NULL;
	char *encoded;

	if (!memchr(bytes, '\0', length))
		text = json_stringn(bytes, length);
	if (text) {
		json_object_set_new(nft, key, text);
		return;
	}
	encoded = base64_encode(bytes, length);
	json_object_set_new(nft, key, json_null());
	json_object_set_new(nft, key_base64, string_or_null(encoded));
	free(encoded);
}

/* In the state file, for a text portguard formats again from the
 * record's parts: undo and the report do, on reading it back. */
static json_t *rendered_json(void)
{
	return json_pack("{s:b}", "rendered", true);
}

static bool is_rendered(const json_t *value)
{
	return json_is_object(value) && json_object_size(value) == 1 && json_is_true(json_object_get(value, "rendered"));
}

/* text; or, when the record left it to be formatted, formatted now. */
static json_t *text_or_formatted(const struct fix_nft *change, bool previous, const char *text, bool rendered)
{
	char *formatted;
	json_t *json;

	if (text || !rendered)
		return string_or_null(text);
	if (fix_nft_text(change, previous, &formatted) < 0)
		return NULL;
	json = json_string(formatted);
	free(formatted);
	return json;
}

/* The file before the fix held the text of the table undo puts back
 * (the earlier fix of a chain wrote it). */
static bool file_previous_formatted(const struct fix_nft *change)
{
	char *formatted;
	bool same;

	if (change->file_previous_rendered)
		return true;
	if (!change->file_previous || fix_nft_text(change, true, &formatted) < 0)
		return false;
	same = strlen(formatted) == change->file_previous_length &&
	       memcmp(formatted, change->file_previous, change->file_previous_length) == 0;
	free(formatted);
	return same;
}

static json_t *nft_json(const struct fix_nft *change, bool lean)
{
	json_t *nft = ruleset_json(&change->ruleset);

	if (!nft)
		return NULL;
	json_object_set_new(nft, "table", json_string(FIX_NFT_TABLE));
	json_object_set_new(nft, "previous", change->has_previous ? ruleset_json(&change->previous) : json_null());
	/* Only when there was one: a record of 0.1.0 keeps exactly its keys. */
	if (change->previous_table)
		set_bytes(nft, "previous_table", "previous_table_base64", change->previous_table,
			  change->previous_table_length);
	json_object_set_new(nft, "file", json_string(FIX_NFT_FILE));
	if (lean && file_previous_formatted(change))
		json_object_set_new(nft, "file_previous", rendered_json());
	else if (change->file_previous)
		set_bytes(nft, "file_previous", "file_previous_base64", change->file_previous,
			  change->file_previous_length);
	else
		json_object_set_new(nft, "file_previous", text_or_formatted(change, true, NULL, change->file_previous_rendered));
	json_object_set_new(nft, "boot_unit", json_string(FIX_BOOT_UNIT));
	json_object_set_new(nft, "boot_unit_file_written", json_boolean(change->boot_unit_file_written));
	json_object_set_new(nft, "boot_unit_enabled_before", known_json(change->boot_unit_enabled_before));
	json_object_set_new(nft, "boot_unit_enabled", json_boolean(change->boot_unit_enabled));
	json_object_set_new(nft, "boot_persistent", known_json(change->boot_persistent));
	/* Only when true: a record of 0.1.0, which had no drop-in, is
	 * written back with exactly its keys. */
	if (change->nftables_dropin_written)
		json_object_set_new(nft, "nftables_dropin_written", json_true());
	json_object_set_new(nft, "ruleset", lean && change->ruleset_text_rendered ? rendered_json()
				: text_or_formatted(change, false, change->ruleset_text, change->ruleset_text_rendered));
	/* Only when the table holds other services' parts: a record of a
	 * fix alone in the table keeps the keys of 0.2. */
	if (change->others.count) {
		json_t *parts = json_array();

		for (size_t i = 0; parts && i < change->others.count; i++) {
			const struct nft_ruleset *part = &change->others.rulesets[i];
			const struct service *service = service_of_set_prefix(part->shape.set_prefix);
			json_t *item = ruleset_json(part);

			if (item && service)
				json_object_set_new(item, "service", json_string(service->name));
			json_array_append_new(parts, item);
		}
		json_object_set_new(nft, "other_parts", parts);
	}
	return nft;
}

static json_t *evidence_json(const struct evidence *evidence)
{
	return json_pack("{s:s?, s:s, s:i, s:s, s:s, s:i, s:b, s:b, s:s, s:i, s:b, s:I, s:s, s:s, s:s?, s:b}",
			 "source", evidence->source ? evidence->source->name : NULL, "file", evidence->file,
			 "line", (json_int_t)evidence->line, "subject", evidence->subject, "object", evidence->object,
			 "version", (json_int_t)evidence->version, "nfs_v2", evidence->nfs_v2, "nfs_v3", evidence->nfs_v3,
			 "versions_source", evidence->versions_source, "pid", (json_int_t)evidence->pid,
			 "clients_listed", evidence->clients_listed, "program", (json_int_t)evidence->program,
			 "active_state", evidence->active_state, "unit_file_state", evidence->unit_file_state,
			 "relation", evidence_relation_to_string(evidence->relation),
			 "for_consumer_above", evidence->for_consumer_above);
}

static json_t *service_json(const struct service_evidence *service)
{
	return json_pack("{s:s?, s:s, s:i, s:s, s:s, s:s}", "how", service_how_to_string(service->how),
			 "process", service->process, "pid", (json_int_t)service->pid, "unit", service->unit,
			 "socket_state", service->socket_state, "service_state", service->service_state);
}

/* The plan and its consumers as facts, for the report's two languages. */
static json_t *plan_json(const struct plan *plan, const struct consumer_list *consumers)
{
	json_t *steps = json_array(), *units = json_array(), *ports = json_array(), *list = json_array();

	for (size_t i = 0; steps && i < plan->step_count; i++)
		json_array_append_new(steps, json_string(plan_step_to_string(plan->steps[i])));
	for (size_t i = 0; units && i < plan->unit_count; i++)
		json_array_append_new(units, json_string(plan->units[i]));
	for (size_t i = 0; ports && i < plan->port_count; i++)
		json_array_append_new(ports, json_integer(plan->ports[i]));
	for (size_t i = 0; list && i < consumers->count; i++) {
		const struct consumer *consumer = &consumers->items[i];

		json_array_append_new(list, json_pack("{s:s, s:s, s:o*, s:o*}", "kind", consumer->kind->name,
						      "evidence", consumer->evidence, "facts", evidence_json(&consumer->facts),
						      "trusted", networks_to_json(&consumer->trusted)));
	}
	json_t *object = json_pack("{s:s?, s:s?, s:o*, s:o*, s:o*, s:o*, s:o*}",
				   "action", action_to_string(plan->action), "reason", plan_reason_to_string(plan->reason),
				   "trusted", networks_to_json(&plan->trusted), "steps", steps, "units", units, "ports", ports,
				   "consumers", list);

	/* Only the facts its reason names. */
	if (object && (plan->reason == PLAN_REASON_CONSUMERS || plan->reason == PLAN_REASON_STOP_FORCED)) {
		json_object_set_new(object, "consumer_kind", json_string(plan->reason_consumer_kind ? plan->reason_consumer_kind->name : NULL));
		json_object_set_new(object, "consumer_count", json_integer((json_int_t)plan->reason_consumer_count));
	}
	if (object && plan->reason == PLAN_REASON_STOP_FORCED) {
		json_object_set_new(object, "consumer", evidence_json(&plan->reason_consumer));
		json_object_set_new(object, "consumer_text", json_string(plan->reason_consumer_text));
	}
	if (object && plan->reason == PLAN_REASON_FOREIGN_HOLDER) {
		json_object_set_new(object, "process", json_string(plan->reason_process));
		json_object_set_new(object, "pid", json_integer(plan->reason_pid));
	}
	if (object && plan->reason == PLAN_REASON_REGISTRATIONS_UNKNOWN)
		json_object_set_new(object, "address", json_string(plan->reason_address));
	if (object && plan->reason == PLAN_REASON_NOT_UNDER_SYSTEMD) {
		json_object_set_new(object, "service", service_json(&plan->reason_service));
		json_object_set_new(object, "service_text", json_string(plan->reason_service_text));
	}
	return object;
}

static json_t *changes_json(const struct fix_changes *changes, bool lean)
{
	json_t *object = json_pack("{s:s?}", "action", action_to_string(changes->action));

	if (!object)
		return NULL;
	if (changes->action == ACTION_STOP) {
		json_t *units = json_array();

		for (size_t i = 0; units && i < changes->unit_count; i++)
			json_array_append_new(units, json_pack("{s:s, s:s, s:s}", "unit", changes->units[i].name,
							       "active_state", changes->units[i].active_state,
							       "unit_file_state", changes->units[i].unit_file_state));
		json_object_set_new(object, "systemd", units ? units : json_null());
	}
	if (changes->has_nft)
		json_object_set_new(object, "nft", nft_json(&changes->nft, lean));
	if (changes->has_guard)
		json_object_set_new(object, "guard", json_pack("{s:s, s:b, s:b, s:b, s:b}", "unit", GUARD_UNIT,
							       "enabled_before", changes->guard.enabled_before,
							       "active_before", changes->guard.active_before,
							       "enabled", changes->guard.enabled,
							       "started", changes->guard.started));
	return object;
}

static void set_known(json_t *object, const char *key, enum fix_known value)
{
	if (value != FIX_UNKNOWN)
		json_object_set_new(object, key, json_boolean(value == FIX_YES));
}

static void set_scan(json_t *object, const char *key, const struct fix_scan *scan)
{
	if (scan->present)
		json_object_set_new(object, key, fix_scan_to_json(scan));
}

static json_t *undo_json(const struct fix_undo *undo)
{
	json_t *object = json_pack("{s:s?}", "time", undo->time);

	set_known(object, "changed", undo->changed);
	set_known(object, "exposed", undo->exposed);
	if (object && undo->report)
		json_object_set_new(object, "report", json_string(undo->report));
	return object;
}

/* after's rules: the table read back, which is the text the fix
 * installed when the verification found what it planned. */
static void set_proof(json_t *object, const struct fix_record *record, bool lean)
{
	const struct fix_nft *nft = &record->changes.nft;
	json_t *after;

	set_scan(object, "after", &record->proof);
	after = json_object_get(object, "after");
	if (!after || !record->changes.has_nft)
		return;
	if (lean && (record->proof_rules_rendered ||
		     (record->proof.rules && nft->ruleset_text && strcmp(record->proof.rules, nft->ruleset_text) == 0)))
		json_object_set_new(after, "rules", rendered_json());
	else if (!lean && record->proof_rules_rendered && !record->proof.rules)
		json_object_set_new(after, "rules", text_or_formatted(nft, false, nft->ruleset_text, nft->ruleset_text_rendered));
}

static json_t *record_json(const struct fix_record *record, bool lean)
{
	json_t *json = json_pack("{s:s?, s:i, s:s*, s:s?, s:s?, s:s?, s:s?}", "version", record->version,
				 "format", (json_int_t)FIX_RECORD_FORMAT, "service", record->service ? record->service->name : NULL,
				 "host", record->host, "time", record->time,
				 "action", action_to_string(record->action), "status", fix_status_to_string(record->status));
	json_t *warnings = json_array(), *warning_facts = json_array();

	if (!json || !warnings || !warning_facts) {
		json_decref(warning_facts);
		json_decref(json);
		json_decref(warnings);
		return NULL;
	}
	set_scan(json, "before", &record->found);
	json_object_set_new(json, "changes", changes_json(&record->changes, lean));
	if (record->has_local_addresses)
		json_object_set_new(json, "local_addresses",
				    addresses_json_array(record->local_addresses, record->local_address_count));
	if (record->has_abuse_report)
		json_object_set_new(json, "abuse_report", abuse_record_to_json(&record->abuse_report));
	if (record->has_guard_status)
		json_object_set_new(json, "guard_status", guard_seen_json(&record->guard_status));
	set_proof(json, record, lean);
	if (record->repair)
		json_object_set_new(json, "repair", json_true());
	if (record->same_run)
		json_object_set_new(json, "same_run", json_true());
	set_known(json, "changed", record->changed);
	set_known(json, "verified", record->verified);
	for (size_t i = 0; i < record->warning_count; i++) {
		char text[1024];

		fix_warning_format(&record->warnings[i], LANGUAGE_ENGLISH, text, sizeof(text));
		json_array_append_new(warnings, json_string(text));
		if (record->warnings[i].code != FIX_WARNING_TEXT)
			json_array_append_new(warning_facts, json_pack("{s:s?, s:s?}",
				"code", fix_warning_code_to_string(record->warnings[i].code), "detail", record->warnings[i].detail));
	}
	if (record->warning_count || record->verified != FIX_UNKNOWN)
		json_object_set(json, "warnings", warnings);
	if (json_array_size(warning_facts))
		json_object_set(json, "warning_facts", warning_facts);
	json_decref(warnings);
	json_decref(warning_facts);
	if (record->has_plan)
		json_object_set_new(json, "plan_facts", plan_json(&record->plan, &record->consumers));
	if (record->report)
		json_object_set_new(json, "report", json_string(record->report));
	if (record->earlier)
		json_object_set_new(json, "earlier", record_json(record->earlier, lean));
	if (record->undo.done)
		json_object_set_new(json, "undo", undo_json(&record->undo));
	return json;
}

json_t *fix_record_to_json(const struct fix_record *record)
{
	return record_json(record, false);
}

json_t *fix_record_to_state_json(const struct fix_record *record)
{
	json_t *json = record_json(record, true);

	if (json && json_share_repeats(json) < 0) {
		json_decref(json);
		return NULL;
	}
	return json;
}

json_t *fix_record_undo_result_json(const struct fix_record *record, bool changed)
{
	json_t *undo = record && record->undo.done ? undo_json(&record->undo) : NULL;
	json_t *out = json_pack("{s:s, s:b, s:O?, s:O?}", "version", PACKAGE_VERSION, "changed", changed,
				"undo", undo, "report", json_object_get(undo, "report"));

	json_decref(undo);
	return out;
}

json_t *fix_record_fix_result_json(const struct snapshot *snapshot, const struct fix_record *record, bool dry_run)
{
	json_t *json = snapshot_json(snapshot);

	if (!json)
		return NULL;
	set_known(json, "changed", record->changed);
	set_known(json, "verified", record->verified);
	set_scan(json, "after", &record->proof);
	if (record->changed == FIX_YES) {
		json_t *warnings = json_array();

		for (size_t i = 0; warnings && i < record->warning_count; i++) {
			char text[1024];

			fix_warning_format(&record->warnings[i], LANGUAGE_ENGLISH, text, sizeof(text));
			json_array_append_new(warnings, json_string(text));
		}
		json_object_set_new(json, "warnings", warnings);
	}
	if (record->report)
		json_object_set_new(json, "report", json_string(record->report));
	if (dry_run)
		json_object_set_new(json, "dry_run", json_true());
	return json;
}

json_t *fix_record_report_paths_json(const char *text_path, const char *json_path)
{
	return json_pack("{s:s, s:s}", "report", text_path, "json", json_path);
}

/* ---- reading ---- */

/* A long list of networks the state file wrote once (json_share.h) is
 * one JSON array in many places of the record: parsed once, copied. */
#define READER_LISTS_KEPT 8

struct parsed_lists {
	struct {
		const json_t *array;
		struct cidr_list networks;
	} kept[READER_LISTS_KEPT];
	size_t next;
};

struct reader {
	enum fix_record_reading reading;
	struct error_record *error;	/* NULL: the caller wants no message */
	int failure;		/* the first: -EBADMSG or -ENOMEM */
	struct parsed_lists *lists;	/* the whole chain's */
	/* The chain only as far as the newest fix that changed the table. */
	bool to_table;
};

__attribute__((format(printf, 2, 3)))
static void damaged(struct reader *reader, const char *format, ...)
{
	va_list arguments;

	if (reader->reading == FIX_RECORD_LENIENT || reader->failure)
		return;
	reader->failure = -EBADMSG;
	va_start(arguments, format);
	error_record_setv(reader->error, NULL, 0, format, arguments);
	va_end(arguments);
}

/* Not damage but something else: no status, action or changes. */
static void not_a_fix(struct reader *reader)
{
	if (reader->reading == FIX_RECORD_STRICT && !reader->failure)
		reader->failure = -EMEDIUMTYPE;
}

static void out_of_memory(struct reader *reader)
{
	reader->failure = -ENOMEM;
}

static char *read_string(struct reader *reader, const json_t *object, const char *key, bool required)
{
	const json_t *value = json_object_get(object, key);
	char *copy;

	if (!json_is_string(value)) {
		if (required || (value && !json_is_null(value)))
			damaged(reader, "\"%s\" is missing or not a string", key);
		return NULL;
	}
	/* Every byte: a 0.1.0 record may hold a NUL ("\u0000"). */
	copy = malloc(json_string_length(value) + 1);
	if (!copy) {
		out_of_memory(reader);
		return NULL;
	}
	memcpy(copy, json_string_value(value), json_string_length(value) + 1);
	return copy;
}

static enum fix_known read_known(struct reader *reader, const json_t *object, const char *key, bool required)
{
	const json_t *value = json_object_get(object, key);

	if (json_is_boolean(value))
		return json_is_true(value) ? FIX_YES : FIX_NO;
	if (required && !json_is_null(value))
		damaged(reader, "\"%s\" is missing or not true, false or null", key);
	return FIX_UNKNOWN;
}

static bool read_bool(struct reader *reader, const json_t *object, const char *key)
{
	const json_t *value = json_object_get(object, key);

	if (value && !json_is_boolean(value))
		damaged(reader, "\"%s\" is not true or false", key);
	return json_is_true(value);
}

/* A trusted network or a port that is not one is damage; lenient
 * reading skips it. */
static const struct cidr_list *kept_list(const struct parsed_lists *lists, const json_t *array)
{
	for (size_t i = 0; i < READER_LISTS_KEPT; i++)
		if (lists->kept[i].array == array)
			return &lists->kept[i].networks;
	return NULL;
}

static void keep_list(struct parsed_lists *lists, const json_t *array, const struct cidr_list *networks)
{
	size_t slot = lists->next++ % READER_LISTS_KEPT;

	cidr_list_free(&lists->kept[slot].networks);
	lists->kept[slot].array = NULL;
	if (cidr_list_add_all(&lists->kept[slot].networks, networks) == 0)
		lists->kept[slot].array = array;
}

static void parsed_lists_free(struct parsed_lists *lists)
{
	for (size_t i = 0; i < READER_LISTS_KEPT; i++)
		cidr_list_free(&lists->kept[i].networks);
}

/* The networks of array into list, each item that is one; false when
 * some item is not. */
static bool read_networks(struct reader *reader, const json_t *array, struct cidr_list *list)
{
	const struct cidr_list *kept = kept_list(reader->lists, array);
	size_t first = list->count, index;
	const json_t *item;
	bool all = true;

	if (kept) {
		if (cidr_list_add_all(list, kept) < 0)
			out_of_memory(reader);
		return true;
	}
	json_array_foreach(array, index, item) {
		struct cidr cidr;

		if (!json_is_string(item) || cidr_parse(json_string_value(item), &cidr) < 0)
			all = false;
		else if (cidr_list_add(list, &cidr) < 0) {
			out_of_memory(reader);
			return all;
		}
	}
	if (all && first == 0 && json_array_size(array) >= JSON_SHARE_MIN_ITEMS)
		keep_list(reader->lists, array, list);
	return all;
}

static void read_ruleset(struct reader *reader, const json_t *object, bool required, struct nft_ruleset *ruleset)
{
	const json_t *trusted = json_object_get(object, "trusted"), *ports = json_object_get(object, "ports"), *item;
	size_t index;

	if (required && (!json_is_array(trusted) || !json_is_array(ports)))
		damaged(reader, "a ruleset lacks its trusted networks or ports");
	if (!read_networks(reader, trusted, &ruleset->trusted))
		damaged(reader, "a trusted network of a ruleset is not a network");
	json_array_foreach(ports, index, item) {
		json_int_t port = json_integer_value(item);

		if (!json_is_integer(item) || port < 1 || port > 65535)
			damaged(reader, "a port of a ruleset is not a port");
		else if (nft_ruleset_add_port(ruleset, (uint16_t)port) < 0)
			out_of_memory(reader);
	}
}

/* Names read back from a file must be what a plan can hold: a socket or
 * service unit, in systemd's unit name characters. */
static bool valid_unit_name(const char *name)
{
	size_t length = strlen(name);

	if (length == 0 || length >= UNIT_NAME_MAX)
		return false;
	for (size_t i = 0; i < length; i++)
		if (!isalnum((unsigned char)name[i]) && !strchr(":-_.@\\", name[i]))
			return false;
	return (length > 7 && strcmp(name + length - 7, ".socket") == 0) ||
	       (length > 8 && strcmp(name + length - 8, ".service") == 0);
}

static void read_units(struct reader *reader, const json_t *units, struct fix_changes *changes)
{
	const json_t *item;
	size_t index;

	if (!json_is_array(units)) {
		damaged(reader, "the unit states are missing");
		return;
	}
	changes->units = calloc(json_array_size(units) + 1, sizeof(*changes->units));
	if (!changes->units) {
		out_of_memory(reader);
		return;
	}
	json_array_foreach(units, index, item) {
		const char *unit = json_string_value(json_object_get(item, "unit"));
		const char *active = json_string_value(json_object_get(item, "active_state"));
		const char *file = json_string_value(json_object_get(item, "unit_file_state"));
		struct unit_state *state = &changes->units[changes->unit_count];

		if (!unit || !active || !file || !valid_unit_name(unit) ||
		    strlen(active) >= sizeof(state->active_state) || strlen(file) >= sizeof(state->unit_file_state)) {
			damaged(reader, "the unit states are damaged");
			continue;
		}
		strcpy(state->name, unit);
		strcpy(state->active_state, active);
		strcpy(state->unit_file_state, file);
		changes->unit_count++;
	}
}

/* What set_bytes wrote; what names it for the error. */
static void read_bytes(struct reader *reader, const json_t *nft, const char *key, const char *key_base64,
		       const char *what, char **ret_bytes, size_t *ret_length)
{
	const json_t *base64 = json_object_get(nft, key_base64);

	if (json_is_string(base64)) {
		int r = base64_decode(json_string_value(base64), json_string_length(base64), ret_bytes, ret_length);

		if (r == -ENOMEM)
			out_of_memory(reader);
		else if (r < 0)
			damaged(reader, "%s is damaged", what);
		return;
	}
	*ret_bytes = read_string(reader, nft, key, false);
	if (*ret_bytes)
		*ret_length = json_string_length(json_object_get(nft, key));
}

/* The other services' parts, each by its service's name; the shape of
 * each is its service's. */
static void read_other_parts(struct reader *reader, const json_t *parts, struct nft_table *others)
{
	const json_t *item;
	size_t index;

	if (!parts)
		return;
	if (!json_is_array(parts)) {
		damaged(reader, "the other services' parts of the table are damaged");
		return;
	}
	json_array_foreach(parts, index, item) {
		const char *name = json_string_value(json_object_get(item, "service"));
		const struct service *service = name ? service_find(name) : NULL;
		struct nft_ruleset part = { 0 };

		if (!service) {
			damaged(reader, "a part of the table names no service portguard knows");
			continue;
		}
		service_nft_shape(service, &part.shape);
		read_ruleset(reader, item, true, &part);
		if (nft_table_move_part(others, &part) < 0)
			damaged(reader, "the other services' parts of the table are damaged");
		nft_ruleset_free(&part);
	}
}

static void read_nft(struct reader *reader, const json_t *nft, struct fix_nft *change)
{
	const json_t *previous = json_object_get(nft, "previous");

	read_ruleset(reader, nft, false, &change->ruleset);
	if (json_is_object(previous)) {
		change->has_previous = true;
		read_ruleset(reader, previous, true, &change->previous);
		nft_ruleset_normalize(&change->previous);
	} else if (previous && !json_is_null(previous)) {
		damaged(reader, "the recorded previous ruleset is damaged");
	}
	read_bytes(reader, nft, "previous_table", "previous_table_base64", "the kept table " FIX_NFT_TABLE,
		   &change->previous_table, &change->previous_table_length);
	/* Undo loads it: nothing but that one table may be in it. */
	if (change->previous_table && !nft_table_text_valid(change->previous_table, change->previous_table_length))
		damaged(reader, "the kept table %s is not one listing of it", FIX_NFT_TABLE);
	if (is_rendered(json_object_get(nft, "ruleset")))
		change->ruleset_text_rendered = true;
	else
		change->ruleset_text = read_string(reader, nft, "ruleset", false);
	read_other_parts(reader, json_object_get(nft, "other_parts"), &change->others);
	if (is_rendered(json_object_get(nft, "file_previous")))
		change->file_previous_rendered = true;
	else
		read_bytes(reader, nft, "file_previous", "file_previous_base64", "the previous content of " FIX_NFT_FILE,
			   &change->file_previous, &change->file_previous_length);
	change->boot_unit_file_written = read_bool(reader, nft, "boot_unit_file_written");
	change->boot_unit_enabled_before = read_known(reader, nft, "boot_unit_enabled_before", false);
	change->boot_unit_enabled = read_bool(reader, nft, "boot_unit_enabled");
	change->boot_persistent = read_known(reader, nft, "boot_persistent", false);
	change->nftables_dropin_written = read_bool(reader, nft, "nftables_dropin_written");
	/* A record that does not say (a damaged one) claims persistence only
	 * when it names the file and the unit that loads it. */
	if (change->boot_persistent == FIX_UNKNOWN &&
	    (!json_is_string(json_object_get(nft, "file")) || !json_is_string(json_object_get(nft, "boot_unit"))))
		change->boot_persistent = FIX_NO;
}

static void read_guard(struct reader *reader, const json_t *guard, struct fix_changes *changes)
{
	if (!guard)
		return;
	if (!json_is_object(guard)) {
		damaged(reader, "\"guard\" is not an object");
		return;
	}
	changes->has_guard = true;
	changes->guard.enabled_before = read_bool(reader, guard, "enabled_before");
	changes->guard.active_before = read_bool(reader, guard, "active_before");
	changes->guard.enabled = read_bool(reader, guard, "enabled");
	changes->guard.started = read_bool(reader, guard, "started");
}

static void read_changes(struct reader *reader, const json_t *object, struct fix_changes *changes)
{
	const json_t *units = json_object_get(object, "systemd"), *nft = json_object_get(object, "nft");

	if (!json_is_object(object)) {
		damaged(reader, "\"changes\" is missing");
		return;
	}
	changes->action = action_from_string(json_string_value(json_object_get(object, "action")));
	if (changes->action == ACTION_STOP || json_array_size(units))
		read_units(reader, units, changes);
	if (json_is_object(nft)) {
		changes->has_nft = true;
		read_nft(reader, nft, &changes->nft);
	} else if (changes->action == ACTION_RESTRICT) {
		damaged(reader, "the nftables change is missing");
	}
	read_guard(reader, json_object_get(object, "guard"), changes);
}

static void read_record(struct reader *reader, const json_t *json, struct fix_record *record);

/* Only what reads as an address: the report names them to outsiders. */
static void read_local_addresses(struct reader *reader, const json_t *array, struct fix_record *record)
{
	if (!json_is_array(array))
		return;
	record->has_local_addresses = true;
	record->local_addresses = calloc(json_array_size(array) ? json_array_size(array) : 1,
					 sizeof(*record->local_addresses));
	if (!record->local_addresses) {
		out_of_memory(reader);
		return;
	}
	for (size_t i = 0; i < json_array_size(array); i++) {
		const char *text = json_string_value(json_array_get(array, i));

		if (text && ip_address_parse(text, &record->local_addresses[record->local_address_count]) == 0)
			record->local_address_count++;
	}
}

/* Records before format 3 are all the portmapper's. A service this
 * portguard does not know cannot be undone by it. */
static void read_record_service(struct reader *reader, const json_t *json, struct fix_record *record)
{
	const json_t *name = json_object_get(json, "service");
	const struct service *service;

	if (!name)
		return;
	service = json_is_string(name) ? service_find(json_string_value(name)) : NULL;
	if (!service) {
		damaged(reader, "it is the fix of a service this portguard does not know (%s)",
			json_is_string(name) ? json_string_value(name) : "not a name");
		return;
	}
	record->service = service;
	record->plan.service = service;
}

static void read_earlier(struct reader *reader, const json_t *json, struct fix_record *record)
{
	struct reader inner = { .reading = reader->reading, .lists = reader->lists, .to_table = reader->to_table };
	struct fix_record *earlier;

	if (!json_is_object(json) || (reader->to_table && record->changes.has_nft))
		return;
	earlier = calloc(1, sizeof(*earlier));
	if (earlier) {
		earlier->service = record->service;
		earlier->plan.service = record->service;
	}
	if (!earlier) {
		out_of_memory(reader);
		return;
	}
	read_record(&inner, json, earlier);
	/* An earlier fix that cannot be undone is no step to walk back to. */
	if (inner.failure == -ENOMEM)
		out_of_memory(reader);
	if (inner.failure) {
		fix_record_freep(&earlier);
		return;
	}
	record->earlier = earlier;
}

static void read_undo(struct reader *reader, const json_t *undo, struct fix_record *record)
{
	if (!json_is_object(undo))
		return;
	record->undo.done = true;
	record->undo.time = read_string(reader, undo, "time", false);
	record->undo.changed = read_known(reader, undo, "changed", false);
	record->undo.exposed = read_known(reader, undo, "exposed", false);
	record->undo.report = read_string(reader, undo, "report", false);
}

/* The facts when the record has them (format 2), else the English
 * sentences as they are. */
static void read_warnings(struct reader *reader, const json_t *json, struct fix_record *record)
{
	const json_t *facts = json_object_get(json, "warning_facts"), *item;
	size_t index;

	if (json_array_size(facts) && json_array_size(facts) == json_array_size(json_object_get(json, "warnings"))) {
		json_array_foreach(facts, index, item) {
			enum fix_warning_code code = fix_warning_code_from_string(json_string_value(json_object_get(item, "code")));
			const char *detail = json_string_value(json_object_get(item, "detail"));

			if (code < 0 || fix_record_add_warning(record, code, detail) < 0) {
				if (code >= 0)
					out_of_memory(reader);
				break;
			}
		}
		if (record->warning_count == json_array_size(facts))
			return;
		for (size_t i = 0; i < record->warning_count; i++)
			free(record->warnings[i].detail);
		record->warning_count = 0;
	}
	json_array_foreach(json_object_get(json, "warnings"), index, item)
		if (json_is_string(item) && fix_record_add_warning(record, FIX_WARNING_TEXT, json_string_value(item)) < 0)
			out_of_memory(reader);
}

/* ---- the plan's facts: only the report reads them, so whatever is
 * missing stays empty, in either reading ---- */

static void read_evidence(const json_t *object, const struct service *service, struct evidence *evidence)
{
	int relation = evidence_relation_from_string(json_string_value(json_object_get(object, "relation")));

	*evidence = (struct evidence){
		.source = assess_evidence_source(service, json_string_value(json_object_get(object, "source"))),
		.line = (unsigned int)integer_in(object, "line", 0, UINT32_MAX),
		.version = (unsigned int)integer_in(object, "version", 0, 9),
		.nfs_v2 = json_is_true(json_object_get(object, "nfs_v2")),
		.nfs_v3 = json_is_true(json_object_get(object, "nfs_v3")),
		.pid = (pid_t)integer_in(object, "pid", 0, INT32_MAX),
		.clients_listed = json_is_true(json_object_get(object, "clients_listed")),
		.program = (uint32_t)integer_in(object, "program", 0, UINT32_MAX),
		.relation = relation < 0 ? EVIDENCE_REQUIRES : (enum evidence_relation)relation,
		.for_consumer_above = json_is_true(json_object_get(object, "for_consumer_above")),
	};
	text_copy(object, "file", evidence->file, sizeof(evidence->file));
	text_copy(object, "subject", evidence->subject, sizeof(evidence->subject));
	text_copy(object, "object", evidence->object, sizeof(evidence->object));
	text_copy(object, "versions_source", evidence->versions_source, sizeof(evidence->versions_source));
	text_copy(object, "active_state", evidence->active_state, sizeof(evidence->active_state));
	text_copy(object, "unit_file_state", evidence->unit_file_state, sizeof(evidence->unit_file_state));
}

static void read_service(const json_t *object, struct service_evidence *service)
{
	*service = (struct service_evidence){
		.how = service_how_from_string(json_string_value(json_object_get(object, "how"))),
		.pid = (pid_t)integer_in(object, "pid", 0, INT32_MAX),
	};
	text_copy(object, "process", service->process, sizeof(service->process));
	text_copy(object, "unit", service->unit, sizeof(service->unit));
	text_copy(object, "socket_state", service->socket_state, sizeof(service->socket_state));
	text_copy(object, "service_state", service->service_state, sizeof(service->service_state));
}

static void read_consumer_facts(const json_t *item, const struct service *service, struct consumer *consumer)
{
	read_evidence(json_object_get(item, "facts"), service, &consumer->facts);
}

static void read_plan(struct reader *reader, const json_t *object, struct fix_record *record)
{
	struct plan *plan = &record->plan;
	const json_t *item;
	size_t index;

	if (!json_is_object(object))
		return;
	record->has_plan = true;
	plan->service = record->service;
	plan->action = action_from_string(json_string_value(json_object_get(object, "action")));
	plan->reason = plan_reason_from_string(json_string_value(json_object_get(object, "reason")));
	plan->reason_consumer_kind = assess_consumer_kind(plan->service,
							  json_string_value(json_object_get(object, "consumer_kind")));
	/* A record without one reads as its service's first kind, as 0.2 did. */
	if (!plan->reason_consumer_kind && plan->service->consumer_kinds)
		plan->reason_consumer_kind = plan->service->consumer_kinds[0];
	plan->reason_consumer_count = (size_t)integer_in(object, "consumer_count", 0, INT32_MAX);
	read_evidence(json_object_get(object, "consumer"), plan->service, &plan->reason_consumer);
	text_copy(object, "consumer_text", plan->reason_consumer_text, sizeof(plan->reason_consumer_text));
	text_copy(object, "process", plan->reason_process, sizeof(plan->reason_process));
	plan->reason_pid = (pid_t)integer_in(object, "pid", 0, INT32_MAX);
	text_copy(object, "address", plan->reason_address, sizeof(plan->reason_address));
	read_service(json_object_get(object, "service"), &plan->reason_service);
	text_copy(object, "service_text", plan->reason_service_text, sizeof(plan->reason_service_text));
	json_array_foreach(json_object_get(object, "steps"), index, item) {
		enum plan_step step = plan_step_from_string(json_string_value(item));

		if (step >= 0 && plan->step_count < PLAN_STEPS_MAX)
			plan->steps[plan->step_count++] = step;
	}
	json_array_foreach(json_object_get(object, "units"), index, item)
		if (json_is_string(item) && plan->unit_count < PLAN_UNITS_MAX)
			snprintf(plan->units[plan->unit_count++], UNIT_NAME_MAX, "%s", json_string_value(item));
	json_array_foreach(json_object_get(object, "ports"), index, item)
		if (json_integer_value(item) > 0 && json_integer_value(item) <= 65535 && plan->port_count < PLAN_PORTS_MAX)
			plan->ports[plan->port_count++] = (uint16_t)json_integer_value(item);
	/* An item that is no network is left out, as ever for the plan. */
	(void)read_networks(reader, json_object_get(object, "trusted"), &plan->trusted);
	if (consumers_from_json(json_object_get(object, "consumers"), plan->service, &record->consumers,
				read_consumer_facts) < 0)
		out_of_memory(reader);
}

static void read_record(struct reader *reader, const json_t *json, struct fix_record *record)
{
	const json_t *format = json_object_get(json, "format");

	record->format = json_is_integer(format) && json_integer_value(format) > 0 &&
			 json_integer_value(format) <= FIX_RECORD_FORMAT ? (unsigned int)json_integer_value(format) : 1;
	if (format && !json_is_integer(format))
		damaged(reader, "\"format\" is not a number");
	else if (json_integer_value(format) > FIX_RECORD_FORMAT)
		damaged(reader, "it was written by a newer portguard (record format %lld)",
			(long long)json_integer_value(format));
	record->version = read_string(reader, json, "version", false);
	read_record_service(reader, json, record);
	record->host = read_string(reader, json, "host", false);
	record->time = read_string(reader, json, "time", false);
	record->action = action_from_string(json_string_value(json_object_get(json, "action")));
	record->status = fix_status_from_string(json_string_value(json_object_get(json, "status")));
	if (record->action < 0 || record->status < 0 || !json_is_object(json_object_get(json, "changes")))
		not_a_fix(reader);
	if (fix_scan_from_json(json_object_get(json, "before"), record->service, &record->found) < 0 ||
	    fix_scan_from_json(json_object_get(json, "after"), record->service, &record->proof) < 0)
		out_of_memory(reader);
	record->proof_rules_rendered = is_rendered(json_object_get(json_object_get(json, "after"), "rules"));
	read_local_addresses(reader, json_object_get(json, "local_addresses"), record);
	if (json_is_object(json_object_get(json, "abuse_report"))) {
		record->has_abuse_report = true;
		if (abuse_record_from_json(json_object_get(json, "abuse_report"), &record->abuse_report) < 0)
			out_of_memory(reader);
	}
	if (json_is_object(json_object_get(json, "guard_status"))) {
		record->has_guard_status = true;
		guard_seen_from_json(json_object_get(json, "guard_status"), &record->guard_status);
	}
	record->repair = read_bool(reader, json, "repair");
	record->same_run = read_bool(reader, json, "same_run");
	read_changes(reader, json_object_get(json, "changes"), &record->changes);
	/* The record keeps the elements; the rules' shape is the service's. */
	service_nft_shape(record->service, &record->changes.nft.ruleset.shape);
	record->changes.nft.previous.shape = record->changes.nft.ruleset.shape;
	record->changed = read_known(reader, json, "changed", false);
	record->verified = read_known(reader, json, "verified", false);
	read_warnings(reader, json, record);
	read_plan(reader, json_object_get(json, "plan_facts"), record);
	record->report = read_string(reader, json, "report", false);
	read_earlier(reader, json_object_get(json, "earlier"), record);
	read_undo(reader, json_object_get(json, "undo"), record);
}

static int from_json(const json_t *json, enum fix_record_reading reading, bool to_table, struct fix_record *ret_record,
		     struct error_record *ret_error)
{
	struct parsed_lists lists = { 0 };
	struct reader reader = { .reading = reading, .error = ret_error, .lists = &lists, .to_table = to_table };
	struct fix_record record = {
		.service = service_default(),
		.plan.service = service_default(),
		.action = _ACTION_INVALID,
		.status = _FIX_STATUS_INVALID,
	};

	record.changes.action = _ACTION_INVALID;
	if (!json_is_object(json))
		not_a_fix(&reader);
	else
		read_record(&reader, json, &record);
	parsed_lists_free(&lists);
	if (reader.failure == -ENOMEM)
		error_record_set(ret_error, NULL, 0, "out of memory");
	if (reader.failure) {
		fix_record_free(&record);
		return reader.failure;
	}
	*ret_record = record;
	return 0;
}

int fix_record_from_json(const json_t *json, enum fix_record_reading reading, struct fix_record *ret_record,
			 struct error_record *ret_error)
{
	return from_json(json, reading, false, ret_record, ret_error);
}

int fix_record_from_json_to_table(const json_t *json, struct fix_record *ret_record, struct error_record *ret_error)
{
	return from_json(json, FIX_RECORD_STRICT, true, ret_record, ret_error);
}
