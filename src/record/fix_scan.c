/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "assess/plan.h"
#include "assess/snapshot.h"
#include "kernel/scan.h"
#include "model/cidr.h"
#include "record/fix_scan.h"

int text_list_add(struct text_list *list, const char *text)
{
	char **items = realloc(list->items, (list->count + 1) * sizeof(*items));
	char *copy = strdup(text);

	if (items)
		list->items = items;
	if (!items || !copy) {
		free(copy);
		return -ENOMEM;
	}
	list->items[list->count++] = copy;
	return 0;
}

void text_list_free(struct text_list *list)
{
	for (size_t i = 0; i < list->count; i++)
		free(list->items[i]);
	free(list->items);
	*list = (struct text_list){ 0 };
}

static void plan_text_free(struct fix_plan_text *plan)
{
	free(plan->reason);
	cidr_list_free(&plan->trusted);
	text_list_free(&plan->steps);
	text_list_free(&plan->units);
	free(plan->ports);
	text_list_free(&plan->warnings);
	*plan = (struct fix_plan_text){ .action = _ACTION_INVALID };
}

void fix_scan_free(struct fix_scan *scan)
{
	free(scan->version);
	free(scan->host);
	free(scan->time);
	listener_list_free(&scan->listeners);
	service_answer_free(&scan->answer);
	free(scan->answer_not_asked);
	consumer_list_free(&scan->consumers);
	plan_text_free(&scan->plan);
	free(scan->report);
	free(scan->rules);
	*scan = (struct fix_scan){ .plan.action = _ACTION_INVALID };
}

bool listener_shown_owner(const struct listener *listener, struct owner *ret_owner)
{
	const struct owner *process = NULL;
	const char *unit = NULL;

	for (size_t i = 0; !process && i < listener->owner_count; i++)
		if (listener->owners[i].pid != 1)
			process = &listener->owners[i];
	if (!process && listener->owner_count)
		process = &listener->owners[0];
	for (size_t i = 0; !unit && i < listener->owner_count; i++)
		if (listener->owners[i].pid == 1 && listener->owners[i].unit[0])
			unit = listener->owners[i].unit;
	if (!unit && process && process->unit[0])
		unit = process->unit;
	if (!process)
		return false;
	*ret_owner = *process;
	strcpy(ret_owner->unit, unit ? unit : "");
	return true;
}

static int copy_listeners(const struct listener_list *from, struct listener_list *to)
{
	*to = (struct listener_list){ .owners_incomplete = from->owners_incomplete,
				      .owners_partial = from->owners_partial };
	to->items = calloc(from->count + 1, sizeof(*to->items));
	if (!to->items)
		return -ENOMEM;
	if (from->count)
		memcpy(to->items, from->items, from->count * sizeof(*to->items));
	to->count = from->count;
	to->capacity = from->count + 1;
	return 0;
}

/* The reason and the steps in English, as check prints them. */
static int plan_text_from_plan(const struct plan *plan, struct fix_plan_text *text)
{
	char buffer[PLAN_TEXT_MAX];
	int r;

	text->action = plan->action;
	plan_reason_format(plan, LANGUAGE_ENGLISH, buffer, sizeof(buffer));
	text->reason = strdup(buffer);
	if (!text->reason)
		return -ENOMEM;
	r = cidr_list_add_all(&text->trusted, &plan->trusted);
	for (size_t i = 0; r == 0 && i < plan->step_count; i++) {
		plan_step_format(plan, i, LANGUAGE_ENGLISH, buffer, PLAN_STEP_MAX);
		r = text_list_add(&text->steps, buffer);
	}
	for (size_t i = 0; r == 0 && i < plan->unit_count; i++)
		r = text_list_add(&text->units, plan->units[i]);
	text->ports = calloc(plan->port_count + 1, sizeof(*text->ports));
	if (r == 0 && !text->ports)
		r = -ENOMEM;
	for (size_t i = 0; r == 0 && i < plan->port_count; i++)
		text->ports[text->port_count++] = plan->ports[i];
	text->under_systemd = plan->under_systemd;
	text->socket_activated = plan->socket_activated;
	for (size_t i = 0; r == 0 && i < plan->warning_count; i++)
		r = text_list_add(&text->warnings, plan->warnings[i]);
	return r;
}

int fix_scan_from_snapshot(const struct snapshot *snapshot, struct fix_scan *ret_scan)
{
	struct fix_scan scan = { .present = true, .plan.action = _ACTION_INVALID };
	bool exposed = listener_list_exposed(&snapshot->listeners) && !snapshot->outsiders_refused;
	char time_text[32];
	struct tm utc;
	int r;

	gmtime_r(&snapshot->time, &utc);
	strftime(time_text, sizeof(time_text), "%Y-%m-%dT%H:%M:%SZ", &utc);
	scan.keys = FIX_SCAN_HAS_VERSION | FIX_SCAN_HAS_HOST | FIX_SCAN_HAS_TIME | FIX_SCAN_HAS_LISTENERS |
		    FIX_SCAN_HAS_ANSWER | FIX_SCAN_HAS_CONSUMERS | FIX_SCAN_HAS_CONSUMER_NOTES | FIX_SCAN_HAS_PLAN |
		    FIX_SCAN_HAS_REPORT;
	scan.version = strdup(PACKAGE_VERSION);
	scan.host = strdup(snapshot->host);
	scan.time = strdup(time_text);
	scan.exposed = exposed ? FIX_YES : FIX_NO;
	scan.has_listeners = true;
	/* false: a holder of some socket may be missing from its owners */
	scan.owners_complete = !snapshot->listeners.owners_incomplete && !snapshot->listeners.owners_partial
			       ? FIX_YES : FIX_NO;
	scan.service = snapshot->service;
	scan.has_answer = true;
	scan.answer_reachable = snapshot->answer.reachable ? FIX_YES : FIX_NO;
	scan.answer_asked = snapshot->answer_asked || snapshot->listeners.count == 0;
	if (!scan.answer_asked) {
		scan.keys |= FIX_SCAN_HAS_ANSWER_ASKED;
		scan.answer_not_asked = strdup(snapshot->service->probe->not_asked);
	}
	/* check changes nothing, and what it verified is the verdict. */
	scan.changed = FIX_NO;
	scan.verified = exposed ? FIX_NO : FIX_YES;
	r = scan.version && scan.host && scan.time && (scan.answer_asked || scan.answer_not_asked) ? 0 : -ENOMEM;
	if (r == 0)
		r = copy_listeners(&snapshot->listeners, &scan.listeners);
	if (r == 0)
		r = service_answer_copy(&snapshot->answer, &scan.answer);
	if (r == 0)
		r = consumer_list_copy(&snapshot->consumers, &scan.consumers);
	if (r == 0)
		r = plan_text_from_plan(&snapshot->plan, &scan.plan);
	if (r < 0) {
		fix_scan_free(&scan);
		return r;
	}
	*ret_scan = scan;
	return 0;
}

int fix_scan_from_proof(const struct listener_list *listeners, bool exposed, const char *rules,
			struct fix_scan *ret_scan)
{
	struct fix_scan scan = { .present = true, .plan.action = _ACTION_INVALID,
				 .keys = FIX_SCAN_HAS_LISTENERS | FIX_SCAN_HAS_RULES,
				 .exposed = exposed ? FIX_YES : FIX_NO, .has_listeners = true };
	int r = copy_listeners(listeners, &scan.listeners);

	if (r == 0 && rules && !(scan.rules = strdup(rules)))
		r = -ENOMEM;
	if (r < 0) {
		fix_scan_free(&scan);
		return r;
	}
	*ret_scan = scan;
	return 0;
}
