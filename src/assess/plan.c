/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "assess/plan.h"
#include "base/paths.h"
#include "base/text.h"
#include "model/cidr.h"

/* How many networks a step names before it says "and N more". */
#define STEP_NETWORKS_SHOWN 8

static void add_step(struct plan *plan, enum plan_step step)
{
	if (plan->step_count < PLAN_STEPS_MAX)
		plan->steps[plan->step_count++] = step;
}

static void add_port(struct plan *plan, uint16_t port)
{
	for (size_t i = 0; i < plan->port_count; i++)
		if (plan->ports[i] == port)
			return;
	if (port && plan->port_count < PLAN_PORTS_MAX)
		plan->ports[plan->port_count++] = port;
}

static int compare_ports(const void *left, const void *right)
{
	return (int)*(const uint16_t *)left - (int)*(const uint16_t *)right;
}

static void add_unit(struct plan *plan, const char *unit)
{
	for (size_t i = 0; i < plan->unit_count; i++)
		if (strcmp(plan->units[i], unit) == 0)
			return;
	if (plan->unit_count < PLAN_UNITS_MAX)
		text_format(plan->units[plan->unit_count++], UNIT_NAME_MAX, "%s", unit);
}

static bool stoppable_unit(const char *unit)
{
	size_t length = strlen(unit);

	return (length > 8 && strcmp(unit + length - 8, ".service") == 0) ||
	       (length > 7 && strcmp(unit + length - 7, ".socket") == 0);
}

/* A process on the service's port that is not its daemon (a container
 * proxy, a honeypot): stopping the daemon would not close the port, and
 * stopping its unit is not portguard's to decide. PID 1 holds sockets
 * for units. */
static const struct owner *foreign_holder(const struct plan_input *input)
{
	for (size_t i = 0; input->listeners && i < input->listeners->count; i++) {
		const struct listener *listener = &input->listeners->items[i];

		for (size_t o = 0; listener->exposed && o < listener->owner_count; o++) {
			const struct owner *owner = &listener->owners[o];

			if (owner->pid != 1 && !service_names(input->service, owner->process) &&
			    !service_names(input->service, owner->unit))
				return owner;
			if (owner->pid == 1 && stoppable_unit(owner->unit) && !service_names(input->service, owner->unit))
				return owner;
		}
	}
	return NULL;
}

static void plan_stop_steps(const struct plan_input *input, struct plan *plan)
{
	if (input->service->socket_unit)
		add_unit(plan, input->service->socket_unit);
	add_unit(plan, input->service->service_unit);
	/* Other units of the service's daemon on its port go too; anything
	 * else only when --force asked for it (decide_stop refused otherwise). */
	for (size_t i = 0; input->listeners && i < input->listeners->count; i++)
		for (size_t o = 0; o < input->listeners->items[i].owner_count; o++) {
			const char *unit = input->listeners->items[i].owners[o].unit;

			if (input->listeners->items[i].exposed && stoppable_unit(unit) &&
			    (service_names(input->service, unit) || input->force))
				add_unit(plan, unit);
		}
	add_step(plan, PLAN_STEP_SYSTEMCTL_STOP);
	add_step(plan, PLAN_STEP_SYSTEMCTL_DISABLE);
	add_step(plan, PLAN_STEP_SYSTEMCTL_MASK);
	add_step(plan, PLAN_STEP_VERIFY_NOTHING_LISTENS);
}

static bool has_family(const struct cidr_list *list, int family)
{
	for (size_t i = 0; i < list->count; i++)
		if (list->items[i].address.family == family)
			return true;
	return false;
}

static void plan_restrict_steps(const struct plan_input *input, struct plan *plan)
{
	for (size_t i = 0; i < input->service->port_count; i++)
		add_port(plan, input->service->ports[i].port);
	if (input->all_rpc && input->answer && input->service->probe->answer_ports) {
		uint16_t ports[PLAN_PORTS_MAX];
		size_t count = input->service->probe->answer_ports(input->answer, ports, PLAN_PORTS_MAX);

		for (size_t i = 0; i < count; i++)
			add_port(plan, ports[i]);
	}
	qsort(plan->ports, plan->port_count, sizeof(plan->ports[0]), compare_ports);
	add_step(plan, PLAN_STEP_NFT_TABLE);
	add_step(plan, PLAN_STEP_NFT_ACCEPT_LOOPBACK);
	if (has_family(&plan->trusted, AF_INET))
		add_step(plan, PLAN_STEP_NFT_ACCEPT_IPV4);
	if (has_family(&plan->trusted, AF_INET6))
		add_step(plan, PLAN_STEP_NFT_ACCEPT_IPV6);
	add_step(plan, PLAN_STEP_NFT_DROP);
	add_step(plan, PLAN_STEP_WRITE_NFT_FILE);
	add_step(plan, PLAN_STEP_VERIFY_READ_BACK);
}

static const struct consumer *first_ambiguous(const struct consumer_list *list)
{
	for (size_t i = 0; i < list->count; i++)
		if (list->items[i].ambiguous)
			return &list->items[i];
	return NULL;
}

/* "The NFS server (/etc/exports:3 exports ...)" */
static void describe_consumer(const struct consumer *consumer, char *buffer, size_t size)
{
	text_format(buffer, size, "%s (%s)", consumer_kind_description(consumer->kind, LANGUAGE_ENGLISH), consumer->evidence);
	buffer[0] = (char)toupper((unsigned char)buffer[0]);
}

static int collect_trusted(const struct plan_input *input, struct plan *plan)
{
	int r = input->trusted_given ? cidr_list_add_all(&plan->trusted, input->trusted_given) : 0;

	for (size_t c = 0; r == 0 && c < input->consumers->count; c++)
		r = cidr_list_add_all(&plan->trusted, &input->consumers->items[c].trusted);
	if (r < 0)
		return r;
	cidr_list_normalize(&plan->trusted);
	/* After the merge: 0.0.0.0/1 and 128.0.0.0/1 are everybody too, and
	 * fix refuses them as nft_ruleset_check() words it. */
	for (size_t i = 0; i < plan->trusted.count; i++) {
		const struct cidr *cidr = &plan->trusted.items[i];

		if (cidr_is_everything(cidr) && plan->warning_count < PLAN_WARNINGS_MAX)
			text_format(plan->warnings[plan->warning_count++], PLAN_STEP_MAX,
				    "trusted %s admits every %s host, which restricts nothing, so fix refuses it",
				    cidr->address.family == AF_INET ? "0.0.0.0/0" : "::/0",
				    cidr->address.family == AF_INET ? "IPv4" : "IPv6");
	}
	return 0;
}

static void restrict_reason(const struct plan_input *input, struct plan *plan)
{
	const struct owner *foreign = foreign_holder(input);

	if (input->mode == MODE_RESTRICT) {
		plan->reason = PLAN_REASON_RESTRICT_CHOSEN;
	} else if (input->service->restrict_filter && input->consumers->count == 0) {
		plan->reason = PLAN_REASON_SERVES_EVERYONE;
	} else if (input->consumers->count > 0) {
		plan->reason = PLAN_REASON_CONSUMERS;
		plan->reason_consumer_kind = input->consumers->items[0].kind;
		plan->reason_consumer_count = input->consumers->count;
	} else if (input->supervision->under_systemd && input->registrations_unknown && !foreign) {
		plan->reason = PLAN_REASON_REGISTRATIONS_UNKNOWN;
		text_format(plan->reason_address, sizeof(plan->reason_address), "%s",
			    input->answer && input->answer->peer[0] ? input->answer->peer : "127.0.0.1");
	} else if (input->supervision->under_systemd && foreign) {
		plan->reason = PLAN_REASON_FOREIGN_HOLDER;
		text_format(plan->reason_process, sizeof(plan->reason_process), "%s", foreign->process);
		plan->reason_pid = foreign->pid;
	} else {
		plan->reason = PLAN_REASON_NOT_UNDER_SYSTEMD;
		plan->reason_service = input->supervision->facts;
		text_format(plan->reason_service_text, sizeof(plan->reason_service_text), "%s", input->supervision->evidence);
	}
}

static int decide_stop(const struct plan_input *input, struct plan *plan, struct error_record *ret_error)
{
	char consumer[PLAN_TEXT_MAX / 2];

	if (!input->supervision->under_systemd) {
		error_record_set(ret_error, NULL, 0,
			 "--mode stop needs %s under systemd, but %s, so stopping it would not last; use --mode restrict",
			 input->service->daemon, input->supervision->evidence);
		return -EINVAL;
	}
	const struct owner *foreign = foreign_holder(input);

	if (foreign && !input->force) {
		error_record_set(ret_error, NULL, 0,
			 "port %u is also held by %s[%d]%s%s, which is not %s, so stopping %s would not close it; use --mode restrict, or add --force to stop its unit too",
			 service_port(input->service), foreign->process, (int)foreign->pid, foreign->unit[0] ? " in " : "", foreign->unit,
			 input->service->daemon, input->service->daemon);
		return -EINVAL;
	}
	if (input->consumers->count > 0) {
		describe_consumer(&input->consumers->items[0], consumer, sizeof(consumer));
		if (!input->force) {
			error_record_set(ret_error, NULL, 0,
				 "--mode stop would break what still needs %s: %s; use --mode restrict, or add --force to stop it anyway",
				 input->service->daemon, consumer);
			return -EINVAL;
		}
		plan->reason = PLAN_REASON_STOP_FORCED;
		plan->reason_consumer_kind = input->consumers->items[0].kind;
		plan->reason_consumer_count = input->consumers->count;
		plan->reason_consumer = input->consumers->items[0].facts;
		text_format(plan->reason_consumer_text, sizeof(plan->reason_consumer_text), "%s",
			    input->consumers->items[0].evidence);
	} else {
		plan->reason = input->mode == MODE_STOP ? PLAN_REASON_STOP_CHOSEN : PLAN_REASON_NOBODY_NEEDS_IT;
	}
	plan_stop_steps(input, plan);
	return 0;
}

static int decide_restrict(const struct plan_input *input, struct plan *plan, struct error_record *ret_error)
{
	const struct consumer *unknown = first_ambiguous(input->consumers);
	int r;

	if (unknown && (!input->trusted_given || input->trusted_given->count == 0)) {
		error_record_set(ret_error, NULL, 0,
			 "%s must stay for %s, but %s, so the networks that need port %u cannot be derived; pass them, e.g. --trusted 10.0.0.0/24, or set 'trusted' in /etc/portguard/portguard.conf",
			 input->service->daemon, consumer_kind_description(unknown->kind, LANGUAGE_ENGLISH), unknown->ambiguity,
			 service_port(input->service));
		return -EINVAL;
	}
	r = collect_trusted(input, plan);
	if (r < 0)
		return r;
	for (size_t i = 0; i < input->consumers->count && plan->warning_count < PLAN_WARNINGS_MAX; i++)
		if (input->consumers->items[i].callers_unknown && (!input->trusted_given || !input->trusted_given->count))
			text_format(plan->warnings[plan->warning_count++], PLAN_STEP_MAX,
				    "%s, so only loopback%s will reach port %u for it; pass --trusted with its clients' networks if other hosts use it",
				    input->consumers->items[i].ambiguity, plan->trusted.count ? " and the networks above" : "",
				    service_port(input->service));
	if (input->registrations_unknown && plan->warning_count < PLAN_WARNINGS_MAX)
		text_format(plan->warnings[plan->warning_count++], PLAN_STEP_MAX,
			    "the portmapper's registrations could not be read, so RPC services registered with it are not counted; pass --trusted with the networks of their clients if other hosts use them");
	restrict_reason(input, plan);
	plan_restrict_steps(input, plan);
	return 0;
}

/* The consumer that makes the plan explain rather than change (service.h).
 * One that is there only because its networks could not be derived (an
 * AD domain's members) yields to the networks --trusted gives. */
static const struct consumer *explained_consumer(const struct plan_input *input)
{
	bool trusted = input->trusted_given && input->trusted_given->count;

	for (size_t i = 0; input->service->explain_kind && i < input->consumers->count; i++)
		if (input->consumers->items[i].kind == input->service->explain_kind &&
		    !(input->consumers->items[i].ambiguous && trusted))
			return &input->consumers->items[i];
	return NULL;
}

int plan_decide(const struct plan_input *input, struct plan *ret_plan, struct error_record *ret_error)
{
	struct plan *plan = calloc(1, sizeof(*plan));
	const struct consumer *explained;
	int r = 0;

	if (!plan)
		return -ENOMEM;
	plan->service = input->service;
	plan->under_systemd = input->supervision->under_systemd;
	plan->socket_activated = input->supervision->socket_activated;
	if (!input->exposed && !input->service->mail_only) {
		plan->action = ACTION_NONE;
		plan->reason = PLAN_REASON_NOT_EXPOSED;
	} else if ((explained = explained_consumer(input))) {
		/* No mode or --force overrides it: the firewall would cut the
		 * world off what the service serves it on purpose. */
		plan->action = ACTION_EXPLAIN;
		plan->reason = PLAN_REASON_EXPLAIN;
		plan->reason_consumer_kind = explained->kind;
		plan->reason_consumer_count = input->consumers->count;
		plan->reason_consumer = explained->facts;
		text_format(plan->reason_consumer_text, sizeof(plan->reason_consumer_text), "%s", explained->evidence);
	} else if (input->mode == MODE_STOP ||
		   (input->mode == MODE_AUTO && !input->service->restrict_filter && input->consumers->count == 0 &&
		    input->supervision->under_systemd && !input->registrations_unknown && !foreign_holder(input))) {
		plan->action = ACTION_STOP;
		r = decide_stop(input, plan, ret_error);
	} else {
		plan->action = ACTION_RESTRICT;
		r = decide_restrict(input, plan, ret_error);
	}
	if (r == 0)
		*ret_plan = *plan;
	else
		cidr_list_free(&plan->trusted);
	free(plan);
	return r;
}

void plan_free(struct plan *plan)
{
	cidr_list_free(&plan->trusted);
}
