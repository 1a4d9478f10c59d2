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

void show_consumers_text(FILE *out, const struct service *service, const struct consumer_list *list)
{
	if (list->count)
		fprintf(out, "Consumers:\n");
	else
		fprintf(out, "Consumers: none - nothing on this host needs %s.\n", service->daemon);
	for (size_t i = 0; i < list->count; i++) {
		const struct consumer *consumer = &list->items[i];

		fprintf(out, "  %-12s %s\n", consumer->kind->name, consumer->evidence);
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
