/* The fix record as JSON: the one place that spells its keys. A record
 * comes back from disk, so reading checks every value; see fix_record.h
 * for strict and lenient reading. */
#include "config.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base64.h"
#include "cidr.h"
#include "fix_record.h"

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

/* The previous file as text when JSON can carry it, else in base64 (a
 * NUL byte, bytes that are not UTF-8), so that undo puts back every byte. */
static void set_file_previous(json_t *nft, const struct fix_nft *change)
{
	json_t *text = NULL;
	char *encoded;

	if (!change->file_previous) {
		json_object_set_new(nft, "file_previous", json_null());
		return;
	}
	if (!memchr(change->file_previous, '\0', change->file_previous_length))
		text = json_stringn(change->file_previous, change->file_previous_length);
	if (text) {
		json_object_set_new(nft, "file_previous", text);
		return;
	}
	encoded = base64_encode(change->file_previous, change->file_previous_length);
	json_object_set_new(nft, "file_previous", json_null());
	json_object_set_new(nft, "file_previous_base64", string_or_null(encoded));
	free(encoded);
}

static json_t *nft_json(const struct fix_nft *change)
{
	json_t *nft = ruleset_json(&change->ruleset);

	if (!nft)
		return NULL;
	json_object_set_new(nft, "table", json_string(FIX_NFT_TABLE));
	json_object_set_new(nft, "previous", change->has_previous ? ruleset_json(&change->previous) : json_null());
	json_object_set_new(nft, "file", json_string(FIX_NFT_FILE));
	set_file_previous(nft, change);
	json_object_set_new(nft, "boot_unit", json_string(FIX_BOOT_UNIT));
	json_object_set_new(nft, "boot_unit_file_written", json_boolean(change->boot_unit_file_written));
	json_object_set_new(nft, "boot_unit_enabled_before", known_json(change->boot_unit_enabled_before));
	json_object_set_new(nft, "boot_unit_enabled", json_boolean(change->boot_unit_enabled));
	json_object_set_new(nft, "boot_persistent", known_json(change->boot_persistent));
	json_object_set_new(nft, "ruleset", string_or_null(change->ruleset_text));
	return nft;
}

static json_t *changes_json(const struct fix_changes *changes)
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
		json_object_set_new(object, "nft", nft_json(&changes->nft));
	return object;
}

static void set_known(json_t *object, const char *key, enum fix_known value)
{
	if (value != FIX_UNKNOWN)
		json_object_set_new(object, key, json_boolean(value == FIX_YES));
}

static void set_document(json_t *object, const char *key, json_t *document)
{
	if (document)
		json_object_set(object, key, document);
}

json_t *fix_record_to_json(const struct fix_record *record)
{
	json_t *json = json_pack("{s:s?, s:i, s:s?, s:s?, s:s?, s:s?}", "version", record->version,
				 "format", (json_int_t)FIX_RECORD_FORMAT, "host", record->host, "time", record->time,
				 "action", action_to_string(record->action), "status", fix_status_to_string(record->status));
	json_t *warnings = json_array();

	if (!json || !warnings) {
		json_decref(json);
		json_decref(warnings);
		return NULL;
	}
	set_document(json, "before", record->before);
	json_object_set_new(json, "changes", changes_json(&record->changes));
	set_document(json, "local_addresses", record->local_addresses);
	set_document(json, "abuse_report", record->abuse_report);
	set_document(json, "after", record->after);
	set_known(json, "changed", record->changed);
	set_known(json, "verified", record->verified);
	for (size_t i = 0; i < record->warning_count; i++)
		json_array_append_new(warnings, json_string(record->warnings[i]));
	if (record->warning_count || record->verified != FIX_UNKNOWN)
		json_object_set(json, "warnings", warnings);
	json_decref(warnings);
	if (record->report)
		json_object_set_new(json, "report", json_string(record->report));
	if (record->earlier)
		json_object_set_new(json, "earlier", fix_record_to_json(record->earlier));
	if (record->undo.done) {
		json_t *undo = json_pack("{s:s?}", "time", record->undo.time);

		set_known(undo, "changed", record->undo.changed);
		set_known(undo, "exposed", record->undo.exposed);
		if (undo && record->undo.report)
			json_object_set_new(undo, "report", json_string(record->undo.report));
		json_object_set_new(json, "undo", undo);
	}
	return json;
}

/* ---- reading ---- */

struct reader {
	enum fix_record_reading reading;
	char *error;
	size_t error_size;
	int failure;		/* the first: -EBADMSG or -ENOMEM */
};

__attribute__((format(printf, 2, 3)))
static void damaged(struct reader *reader, const char *format, ...)
{
	va_list arguments;

	if (reader->reading == FIX_RECORD_LENIENT || reader->failure)
		return;
	reader->failure = -EBADMSG;
	va_start(arguments, format);
	if (reader->error_size)
		vsnprintf(reader->error, reader->error_size, format, arguments);
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
static void read_ruleset(struct reader *reader, const json_t *object, bool required, struct nft_ruleset *ruleset)
{
	const json_t *trusted = json_object_get(object, "trusted"), *ports = json_object_get(object, "ports"), *item;
	size_t index;

	if (required && (!json_is_array(trusted) || !json_is_array(ports)))
		damaged(reader, "a ruleset lacks its trusted networks or ports");
	json_array_foreach(trusted, index, item) {
		struct cidr cidr;

		if (!json_is_string(item) || cidr_parse(json_string_value(item), &cidr) < 0)
			damaged(reader, "a trusted network of a ruleset is not a network");
		else if (cidr_list_add(&ruleset->trusted, &cidr) < 0)
			out_of_memory(reader);
	}
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

static void read_file_previous(struct reader *reader, const json_t *nft, struct fix_nft *change)
{
	const json_t *base64 = json_object_get(nft, "file_previous_base64");

	if (json_is_string(base64)) {
		int r = base64_decode(json_string_value(base64), json_string_length(base64), &change->file_previous,
				      &change->file_previous_length);

		if (r == -ENOMEM)
			out_of_memory(reader);
		else if (r < 0)
			damaged(reader, "the previous content of %s is damaged", FIX_NFT_FILE);
		return;
	}
	change->file_previous = read_string(reader, nft, "file_previous", false);
	if (change->file_previous)
		change->file_previous_length = json_string_length(json_object_get(nft, "file_previous"));
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
	change->ruleset_text = read_string(reader, nft, "ruleset", false);
	read_file_previous(reader, nft, change);
	change->boot_unit_file_written = read_bool(reader, nft, "boot_unit_file_written");
	change->boot_unit_enabled_before = read_known(reader, nft, "boot_unit_enabled_before", false);
	change->boot_unit_enabled = read_bool(reader, nft, "boot_unit_enabled");
	change->boot_persistent = read_known(reader, nft, "boot_persistent", false);
	/* A record that does not say (a damaged one) claims persistence only
	 * when it names the file and the unit that loads it. */
	if (change->boot_persistent == FIX_UNKNOWN &&
	    (!json_is_string(json_object_get(nft, "file")) || !json_is_string(json_object_get(nft, "boot_unit"))))
		change->boot_persistent = FIX_NO;
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
}

static json_t *document(const json_t *object, const char *key)
{
	return json_incref(json_object_get(object, key));
}

static void read_record(struct reader *reader, const json_t *json, struct fix_record *record);

static void read_earlier(struct reader *reader, const json_t *json, struct fix_record *record)
{
	struct reader inner = { .reading = reader->reading };
	struct fix_record *earlier;

	if (!json_is_object(json))
		return;
	earlier = calloc(1, sizeof(*earlier));
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

static void read_warnings(struct reader *reader, const json_t *warnings, struct fix_record *record)
{
	const json_t *item;
	size_t index;

	json_array_foreach(warnings, index, item)
		if (json_is_string(item) && fix_record_add_warning(record, json_string_value(item)) < 0)
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
	record->host = read_string(reader, json, "host", false);
	record->time = read_string(reader, json, "time", false);
	record->action = action_from_string(json_string_value(json_object_get(json, "action")));
	record->status = fix_status_from_string(json_string_value(json_object_get(json, "status")));
	if (record->action < 0 || record->status < 0 || !json_is_object(json_object_get(json, "changes")))
		not_a_fix(reader);
	record->before = document(json, "before");
	record->after = document(json, "after");
	record->local_addresses = document(json, "local_addresses");
	record->abuse_report = document(json, "abuse_report");
	read_changes(reader, json_object_get(json, "changes"), &record->changes);
	record->changed = read_known(reader, json, "changed", false);
	record->verified = read_known(reader, json, "verified", false);
	read_warnings(reader, json_object_get(json, "warnings"), record);
	record->report = read_string(reader, json, "report", false);
	read_earlier(reader, json_object_get(json, "earlier"), record);
	read_undo(reader, json_object_get(json, "undo"), record);
}

int fix_record_from_json(const json_t *json, enum fix_record_reading reading, struct fix_record *ret_record,
			 char *error, size_t error_size)
{
	struct reader reader = { .reading = reading, .error = error, .error_size = error_size };
	struct fix_record record = { .action = _ACTION_INVALID, .status = _FIX_STATUS_INVALID };

	record.changes.action = _ACTION_INVALID;
	if (!json_is_object(json))
		not_a_fix(&reader);
	else
		read_record(&reader, json, &record);
	if (reader.failure == -ENOMEM && error_size)
		snprintf(error, error_size, "out of memory");
	if (reader.failure) {
		fix_record_free(&record);
		return reader.failure;
	}
	*ret_record = record;
	return 0;
}
