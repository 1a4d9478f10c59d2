/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "config.h"

#include <sys/socket.h>

#include "assess/assess.h"
#include "assess/plan.h"
#include "model/cidr.h"
#include "record/show.h"

static void print_networks(FILE *out, const char *label, const struct cidr_list *list, int family)
{
	const char *separator = "";

	fprintf(out, "%s", label);
	for (size_t i = 0; i < list->count; i++) {
		char text[CIDR_TEXT_MAX];

		if (list->items[i].address.family != family)
			continue;
		fprintf(out, "%s%s", separator, cidr_format(&list->items[i], text));
		separator = ", ";
	}
	fprintf(out, "%s\n", separator[0] ? "" : "(none)");
}

void show_consumers_text(FILE *out, const struct consumer_list *list)
{
	fprintf(out, "Consumers:%s\n", list->count ? "" : " none - nothing on this host needs rpcbind.");
	for (size_t i = 0; i < list->count; i++) {
		const struct consumer *consumer = &list->items[i];

		fprintf(out, "  %-12s %s\n", consumer_kind_name(consumer->kind), consumer->evidence);
		if (consumer->ambiguous)
			fprintf(out, "  %-12s trusted networks cannot be derived: %s\n", "", consumer->ambiguity);
		else if (consumer->callers_unknown)
			fprintf(out, "  %-12s callers unknown: %s\n", "", consumer->ambiguity);
		else if (consumer->trusted.count) {
			fprintf(out, "  %-12s ", "");
			print_networks(out, "trusted: ", &consumer->trusted, AF_INET);
			if (consumer->trusted.items[consumer->trusted.count - 1].address.family == AF_INET6) {
				fprintf(out, "  %-12s ", "");
				print_networks(out, "trusted: ", &consumer->trusted, AF_INET6);
			}
		} else
			fprintf(out, "  %-12s trusted: loopback is enough\n", "");
	}
	for (size_t i = 0; i < list->note_count; i++)
		fprintf(out, "  Note: %s\n", list->notes[i]);
}

void show_plan_text(FILE *out, const struct plan *plan)
{
	char text[PLAN_TEXT_MAX];

	plan_reason_format(plan, LANGUAGE_ENGLISH, text, sizeof(text));
	fprintf(out, "Plan: %s\n  %s\n", action_to_string(plan->action), text);
	if (plan->action == ACTION_RESTRICT) {
		print_networks(out, "  Trusted IPv4: ", &plan->trusted, AF_INET);
		print_networks(out, "  Trusted IPv6: ", &plan->trusted, AF_INET6);
	}
	for (size_t i = 0; i < plan->warning_count; i++)
		fprintf(out, "  Warning: %s.\n", plan->warnings[i]);
	if (plan->step_count)
		fprintf(out, "  Steps:\n");
	for (size_t i = 0; i < plan->step_count; i++) {
		plan_step_format(plan, i, LANGUAGE_ENGLISH, text, sizeof(text));
		fprintf(out, "    %zu. %s\n", i + 1, text);
	}
}

static json_t *networks_json(const struct cidr_list *list)
{
	json_t *array = json_array();

	for (size_t i = 0; array && i < list->count; i++) {
		char text[CIDR_TEXT_MAX];

		if (json_array_append_new(array, json_string(cidr_format(&list->items[i], text))) < 0) {
			json_decref(array);
			return NULL;
		}
	}
	return array;
}

static json_t *strings_json(const char *strings, size_t stride, size_t count)
{
	json_t *array = json_array();

	for (size_t i = 0; array && i < count; i++)
		if (json_array_append_new(array, json_string(strings + i * stride)) < 0) {
			json_decref(array);
			return NULL;
		}
	return array;
}

json_t *show_consumers_json(const struct consumer_list *list)
{
	json_t *array = json_array();

	for (size_t i = 0; array && i < list->count; i++) {
		const struct consumer *consumer = &list->items[i];
		json_t *item = json_pack("{s:s, s:s, s:o, s:b, s:b, s:s?}", "kind", consumer_kind_name(consumer->kind),
					 "evidence", consumer->evidence, "trusted", networks_json(&consumer->trusted),
					 "ambiguous", consumer->ambiguous, "callers_unknown", consumer->callers_unknown,
					 "ambiguity", consumer->ambiguity[0] ? consumer->ambiguity : NULL);

		if (!item || json_array_append_new(array, item) < 0) {
			json_decref(array);
			return NULL;
		}
	}
	return array;
}

json_t *show_consumer_notes_json(const struct consumer_list *list)
{
	return strings_json(list->notes[0], sizeof(list->notes[0]), list->note_count);
}

static json_t *ports_json(const struct plan *plan)
{
	json_t *array = json_array();

	for (size_t i = 0; array && i < plan->port_count; i++)
		if (json_array_append_new(array, json_integer(plan->ports[i])) < 0) {
			json_decref(array);
			return NULL;
		}
	return array;
}

/* The steps in English, as check prints them. */
static json_t *steps_json(const struct plan *plan)
{
	json_t *array = json_array();

	for (size_t i = 0; array && i < plan->step_count; i++) {
		char text[PLAN_STEP_MAX];

		plan_step_format(plan, i, LANGUAGE_ENGLISH, text, sizeof(text));
		if (json_array_append_new(array, json_string(text)) < 0) {
			json_decref(array);
			return NULL;
		}
	}
	return array;
}

json_t *show_plan_json(const struct plan *plan)
{
	char reason[PLAN_TEXT_MAX];

	plan_reason_format(plan, LANGUAGE_ENGLISH, reason, sizeof(reason));
	return json_pack("{s:s, s:s, s:o, s:o, s:o, s:o, s:b, s:b, s:o}",
			 "action", action_to_string(plan->action), "reason", reason,
			 "trusted", networks_json(&plan->trusted),
			 "steps", steps_json(plan),
			 "units", strings_json(plan->units[0], sizeof(plan->units[0]), plan->unit_count),
			 "ports", ports_json(plan),
			 "under_systemd", plan->under_systemd, "socket_activated", plan->socket_activated,
			 "warnings", strings_json(plan->warnings[0], sizeof(plan->warnings[0]), plan->warning_count));
}
