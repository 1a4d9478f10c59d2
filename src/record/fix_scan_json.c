/* SPDX-License-Identifier: GPL-2.0-or-later */
/* A scan as check's JSON object (check --json, fix --json, the record's
 * "before" and "after"), and back: the one place that spells its keys.
 * Reading is lenient: the record comes from disk, and what does not
 * read as portguard wrote it is left out. */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "base/grow.h"
#include "model/cidr.h"
#include "record/fix_scan.h"
#include "record/guard.h"
#include "record/json_value.h"
#include "record/show.h"

/* ---- writing ---- */

static json_t *known_json(enum fix_known value)
{
	return value == FIX_UNKNOWN ? json_null() : json_boolean(value == FIX_YES);
}

static json_t *string_or_null(const char *text)
{
	return text ? json_string(text) : json_null();
}

static json_t *owner_json(const struct owner *owner)
{
	return json_pack("{s:i, s:s, s:s?}", "pid", (int)owner->pid, "process", owner->process,
			 "unit", owner->unit[0] ? owner->unit : NULL);
}

static json_t *listeners_json(const struct listener_list *list)
{
	json_t *array = json_array();

	for (size_t i = 0; array && i < list->count; i++) {
		const struct listener *listener = &list->items[i];
		struct owner shown;
		bool owned = listener_shown_owner(listener, &shown);
		char address[CIDR_TEXT_MAX];
		json_t *owners = json_array(), *item;

		for (size_t o = 0; owners && o < listener->owner_count; o++)
			json_array_append_new(owners, owner_json(&listener->owners[o]));
		item = json_pack("{s:s, s:s, s:s, s:i, s:b, s:s, s:b, s:b, s:o, s:o, s:o, s:I, s:I, s:o}",
				 "proto", transport_name(listener->transport),
				 "family", family_name(listener->address.family),
				 "address", ip_address_format(&listener->address, address),
				 "port", (int)listener->port,
				 "v6only", listener->v6only,
				 "scope", scope_name(listener->scope),
				 "exposed", listener->exposed,
				 "filtered", listener->filtered,
				 "pid", owned ? json_integer(shown.pid) : json_null(),
				 "process", owned ? json_string(shown.process) : json_null(),
				 "unit", owned && shown.unit[0] ? json_string(shown.unit) : json_null(),
				 "inode", (json_int_t)listener->inode,
				 "cgroup_id", (json_int_t)listener->cgroup_id,
				 "owners", owners ? owners : json_array());
		if (!item || json_array_append_new(array, item) < 0) {
			json_decref(array);
			return NULL;
		}
	}
	return array;
}

static json_t *answer_json(const struct fix_scan *scan)
{
	json_t *object = scan->service->probe->answer_json(&scan->answer, known_json(scan->answer_reachable));

	if (object && (scan->keys & FIX_SCAN_HAS_ANSWER_ASKED)) {
		json_object_set_new(object, "asked", json_boolean(scan->answer_asked));
		json_object_set_new(object, "not_asked_because", string_or_null(scan->answer_not_asked));
	}
	return object;
}

static json_t *texts_json(const struct text_list *list)
{
	json_t *array = json_array();

	for (size_t i = 0; array && i < list->count; i++)
		if (json_array_append_new(array, json_string(list->items[i])) < 0) {
			json_decref(array);
			return NULL;
		}
	return array;
}

static json_t *consumers_json(const struct consumer_list *list)
{
	json_t *array = json_array();

	for (size_t i = 0; array && i < list->count; i++) {
		const struct consumer *consumer = &list->items[i];
		json_t *item = json_pack("{s:s, s:s, s:o, s:b, s:b, s:s?}", "kind", consumer->kind->name,
					 "evidence", consumer->evidence, "trusted", networks_to_json(&consumer->trusted),
					 "ambiguous", consumer->ambiguous, "callers_unknown", consumer->callers_unknown,
					 "ambiguity", consumer->ambiguity[0] ? consumer->ambiguity : NULL);

		if (!item || json_array_append_new(array, item) < 0) {
			json_decref(array);
			return NULL;
		}
	}
	return array;
}

static json_t *consumer_notes_json(const struct consumer_list *list)
{
	json_t *array = json_array();

	for (size_t i = 0; array && i < list->note_count; i++)
		if (json_array_append_new(array, json_string(list->notes[i])) < 0) {
			json_decref(array);
			return NULL;
		}
	return array;
}

static json_t *plan_json(const struct fix_plan_text *plan)
{
	json_t *ports = json_array();

	for (size_t i = 0; ports && i < plan->port_count; i++)
		if (json_array_append_new(ports, json_integer(plan->ports[i])) < 0) {
			json_decref(ports);
			ports = NULL;
		}
	return json_pack("{s:s?, s:s?, s:o, s:o, s:o, s:o, s:b, s:b, s:o}",
			 "action", plan->action < 0 ? NULL : action_to_string(plan->action), "reason", plan->reason,
			 "trusted", networks_to_json(&plan->trusted),
			 "steps", texts_json(&plan->steps),
			 "units", texts_json(&plan->units),
			 "ports", ports,
			 "under_systemd", plan->under_systemd, "socket_activated", plan->socket_activated,
			 "warnings", texts_json(&plan->warnings));
}

static int set(json_t *object, const char *key, json_t *value)
{
	return value ? json_object_set_new(object, key, value) : -1;
}

json_t *fix_scan_to_json(const struct fix_scan *scan)
{
	json_t *object = json_object();
	int r = 0;

	if (!object)
		return NULL;
	if (scan->keys & FIX_SCAN_HAS_VERSION)
		r |= set(object, "version", string_or_null(scan->version));
	if (scan->keys & FIX_SCAN_HAS_HOST)
		r |= set(object, "host", string_or_null(scan->host));
	if (scan->keys & FIX_SCAN_HAS_TIME)
		r |= set(object, "time", string_or_null(scan->time));
	if (scan->exposed != FIX_UNKNOWN)
		r |= set(object, "exposed", known_json(scan->exposed));
	if (scan->keys & FIX_SCAN_HAS_LISTENERS)
		r |= set(object, "listeners", listeners_json(&scan->listeners));
	if (scan->owners_complete != FIX_UNKNOWN)
		r |= set(object, "owners_complete", known_json(scan->owners_complete));
	if (scan->keys & FIX_SCAN_HAS_ANSWER)
		r |= set(object, scan->service->probe->json_key, answer_json(scan));
	if (scan->keys & FIX_SCAN_HAS_CONSUMERS)
		r |= set(object, "consumers", consumers_json(&scan->consumers));
	if (scan->keys & FIX_SCAN_HAS_CONSUMER_NOTES)
		r |= set(object, "consumer_notes", consumer_notes_json(&scan->consumers));
	if (scan->keys & FIX_SCAN_HAS_PLAN)
		r |= set(object, "plan", plan_json(&scan->plan));
	if (scan->changed != FIX_UNKNOWN)
		r |= set(object, "changed", known_json(scan->changed));
	if (scan->verified != FIX_UNKNOWN)
		r |= set(object, "verified", known_json(scan->verified));
	if (scan->keys & FIX_SCAN_HAS_REPORT)
		r |= set(object, "report", string_or_null(scan->report));
	if (scan->keys & FIX_SCAN_HAS_RULES)
		r |= set(object, "rules", string_or_null(scan->rules));
	if (r) {
		json_decref(object);
		return NULL;
	}
	return object;
}

json_t *fix_scan_check_services_json(const struct fix_scan *scans, size_t count, const struct guard_seen *guard)
{
	json_t *root = count ? fix_scan_check_json(&scans[0], guard) : NULL, *services = json_array();
	int r = root && services ? 0 : -ENOMEM;

	for (size_t i = 0; r == 0 && i < count; i++) {
		json_t *scanned = fix_scan_to_json(&scans[i]), *object = json_object();

		if (!scanned || !object || json_object_set_new(object, "service", json_string(scans[i].service->name)) < 0 ||
		    json_object_update(object, scanned) < 0)
			r = -ENOMEM;
		json_decref(scanned);
		/* the run's own keys stay at the top only */
		for (const char *const *key = (const char *const[]){ "version", "host", "time", NULL }; r == 0 && *key; key++)
			json_object_del(object, *key);
		if (r == 0 && json_array_append_new(services, object) < 0)
			r = -ENOMEM;
		else if (r < 0)
			json_decref(object);
	}
	if (r == 0 && json_object_set_new(root, "services", services) < 0)
		r = -ENOMEM;
	else if (r < 0)
		json_decref(services);
	if (r < 0) {
		json_decref(root);
		return NULL;
	}
	return root;
}

json_t *fix_scan_check_json(const struct fix_scan *scan, const struct guard_seen *guard)
{
	json_t *object = fix_scan_to_json(scan);

	if (!object || json_object_set_new(object, "guard", guard_seen_json(guard)) < 0) {
		json_decref(object);
		return NULL;
	}
	return object;
}

/* ---- reading ---- */

static enum fix_known read_known(const json_t *object, const char *key)
{
	const json_t *value = json_object_get(object, key);

	return !json_is_boolean(value) ? FIX_UNKNOWN : json_is_true(value) ? FIX_YES : FIX_NO;
}

/* A key that is there, with its string or null: -ENOMEM only. */
static int read_text(const json_t *object, const char *key, unsigned int bit, unsigned int *keys, char **ret_text)
{
	const char *text = json_string_value(json_object_get(object, key));

	if (!json_object_get(object, key))
		return 0;
	*keys |= bit;
	if (text && !(*ret_text = strdup(text)))
		return -ENOMEM;
	return 0;
}

static int scope_from_name(const char *name)
{
	for (int scope = SCOPE_ANY; name && scope <= SCOPE_MULTICAST; scope++)
		if (strcmp(scope_name((enum scope)scope), name) == 0)
			return scope;
	return SCOPE_ANY;
}

static void read_owner(const json_t *item, struct owner *owner)
{
	json_int_t pid = json_integer_value(json_object_get(item, "pid"));

	owner->pid = pid > 0 && pid <= INT32_MAX ? (pid_t)pid : 0;
	text_copy_whole(item, "process", owner->process, sizeof(owner->process));
	text_copy_whole(item, "unit", owner->unit, sizeof(owner->unit));
}

/* An entry check would not write is left out. */
static bool read_listener(const json_t *item, struct listener *listener)
{
	const char *proto = json_string_value(json_object_get(item, "proto"));
	const char *address = json_string_value(json_object_get(item, "address"));
	json_int_t port = json_integer_value(json_object_get(item, "port"));
	const json_t *owners = json_object_get(item, "owners"), *owner;
	size_t index;

	*listener = (struct listener){ .transport = proto && strcmp(proto, "udp") == 0 ? TRANSPORT_UDP : TRANSPORT_TCP };
	if (!proto || (strcmp(proto, "tcp") != 0 && strcmp(proto, "udp") != 0) || !address ||
	    ip_address_parse(address, &listener->address) < 0 || port < 0 || port > UINT16_MAX)
		return false;
	listener->port = (uint16_t)port;
	listener->v6only = json_is_true(json_object_get(item, "v6only"));
	listener->scope = (enum scope)scope_from_name(json_string_value(json_object_get(item, "scope")));
	listener->exposed = json_is_true(json_object_get(item, "exposed"));
	listener->filtered = json_is_true(json_object_get(item, "filtered"));
	listener->inode = (uint64_t)integer_in(item, "inode", 0, INT64_MAX);
	listener->cgroup_id = (uint64_t)integer_in(item, "cgroup_id", 0, INT64_MAX);
	json_array_foreach(owners, index, owner)
		if (json_is_object(owner) && listener->owner_count < LISTENER_OWNERS_MAX)
			read_owner(owner, &listener->owners[listener->owner_count++]);
	/* Without the owners (a damaged record): the one check names. */
	if (!json_is_array(owners)) {
		read_owner(item, &listener->owners[0]);
		listener->owner_count = listener->owners[0].process[0] || listener->owners[0].unit[0];
	}
	return true;
}

static int read_listeners(const json_t *array, struct listener_list *ret_list)
{
	struct listener_list list = { 0 };
	const json_t *item;
	size_t index;

	json_array_foreach(array, index, item) {
		struct listener listener, *items;

		if (!read_listener(item, &listener))
			continue;
		items = grow_for_one(list.items, list.count, &list.capacity, sizeof(*items));
		if (!items) {
			free(list.items);
			return -ENOMEM;
		}
		list.items = items;
		list.items[list.count++] = listener;
	}
	*ret_list = list;
	return 0;
}

static int read_answer(const json_t *object, struct fix_scan *scan)
{
	int r = scan->service->probe->answer_from_json(object, &scan->answer);

	if (r < 0)
		return r;
	scan->answer_reachable = read_known(object, "reachable");
	scan->answer_asked = true;
	if (json_object_get(object, "asked")) {
		scan->keys |= FIX_SCAN_HAS_ANSWER_ASKED;
		scan->answer_asked = json_is_true(json_object_get(object, "asked"));
		return read_text(object, "not_asked_because", FIX_SCAN_HAS_ANSWER_ASKED, &scan->keys,
				 &scan->answer_not_asked);
	}
	return 0;
}

static int read_texts(const json_t *array, struct text_list *list)
{
	const json_t *item;
	size_t index;

	json_array_foreach(array, index, item)
		if (json_is_string(item) && text_list_add(list, json_string_value(item)) < 0)
			return -ENOMEM;
	return 0;
}

static int read_consumers(const json_t *array, const json_t *notes, const struct service *service,
			  struct consumer_list *list)
{
	const json_t *item;
	size_t index;

	if (consumers_from_json(array, service, list, NULL) < 0)
		return -ENOMEM;
	json_array_foreach(notes, index, item)
		if (json_is_string(item) && list->note_count < CONSUMER_NOTES_MAX)
			snprintf(list->notes[list->note_count++], CONSUMER_TEXT_MAX, "%s", json_string_value(item));
	return 0;
}

static int read_plan(const json_t *object, struct fix_plan_text *plan)
{
	const json_t *ports = json_object_get(object, "ports"), *item;
	size_t index;
	int r;

	plan->action = action_from_string(json_string_value(json_object_get(object, "action")));
	if (json_is_string(json_object_get(object, "reason")) &&
	    !(plan->reason = strdup(json_string_value(json_object_get(object, "reason")))))
		return -ENOMEM;
	plan->ports = calloc(json_array_size(ports) + 1, sizeof(*plan->ports));
	if (!plan->ports)
		return -ENOMEM;
	json_array_foreach(ports, index, item)
		if (json_integer_value(item) > 0 && json_integer_value(item) <= 65535)
			plan->ports[plan->port_count++] = (uint16_t)json_integer_value(item);
	plan->under_systemd = json_is_true(json_object_get(object, "under_systemd"));
	plan->socket_activated = json_is_true(json_object_get(object, "socket_activated"));
	r = networks_from_json(json_object_get(object, "trusted"), &plan->trusted);
	if (r == 0)
		r = read_texts(json_object_get(object, "steps"), &plan->steps);
	if (r == 0)
		r = read_texts(json_object_get(object, "units"), &plan->units);
	if (r == 0)
		r = read_texts(json_object_get(object, "warnings"), &plan->warnings);
	return r;
}

static void read_bit(const json_t *object, const char *key, unsigned int bit, unsigned int *keys)
{
	if (json_object_get(object, key))
		*keys |= bit;
}

int fix_scan_from_json(const json_t *object, const struct service *service, struct fix_scan *ret_scan)
{
	struct fix_scan scan = { .service = service, .plan.action = _ACTION_INVALID };
	const json_t *listeners = json_object_get(object, "listeners");
	const json_t *answer = json_object_get(object, service->probe->json_key);
	int r = 0;

	if (!json_is_object(object)) {
		*ret_scan = scan;
		return 0;
	}
	scan.present = true;
	r |= read_text(object, "version", FIX_SCAN_HAS_VERSION, &scan.keys, &scan.version);
	r |= read_text(object, "host", FIX_SCAN_HAS_HOST, &scan.keys, &scan.host);
	r |= read_text(object, "time", FIX_SCAN_HAS_TIME, &scan.keys, &scan.time);
	r |= read_text(object, "report", FIX_SCAN_HAS_REPORT, &scan.keys, &scan.report);
	r |= read_text(object, "rules", FIX_SCAN_HAS_RULES, &scan.keys, &scan.rules);
	scan.exposed = read_known(object, "exposed");
	scan.owners_complete = read_known(object, "owners_complete");
	scan.changed = read_known(object, "changed");
	scan.verified = read_known(object, "verified");
	read_bit(object, "consumers", FIX_SCAN_HAS_CONSUMERS, &scan.keys);
	read_bit(object, "consumer_notes", FIX_SCAN_HAS_CONSUMER_NOTES, &scan.keys);
	read_bit(object, "plan", FIX_SCAN_HAS_PLAN, &scan.keys);
	if (r == 0 && json_is_array(listeners)) {
		scan.keys |= FIX_SCAN_HAS_LISTENERS;
		scan.has_listeners = true;
		r = read_listeners(listeners, &scan.listeners);
	}
	if (r == 0 && json_is_object(answer)) {
		scan.keys |= FIX_SCAN_HAS_ANSWER;
		scan.has_answer = true;
		r = read_answer(answer, &scan);
	}
	if (r == 0)
		r = read_consumers(json_object_get(object, "consumers"), json_object_get(object, "consumer_notes"),
				   service, &scan.consumers);
	if (r == 0)
		r = read_plan(json_object_get(object, "plan"), &scan.plan);
	if (r < 0) {
		fix_scan_free(&scan);
		return -ENOMEM;
	}
	*ret_scan = scan;
	return 0;
}
