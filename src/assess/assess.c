/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "config.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "assess/assess.h"
#include "base/text.h"
#include "kernel/process_find.h"
#include "systemd/units.h"

/* A unit that belongs to a consumer found before (nfs-server.service
 * beside an export): the kinds of the service name their units. */
static bool unit_explained(const struct consumer_list *list, const char *name)
{
	for (size_t i = 0; i < list->count; i++)
		for (const char *const *unit = list->items[i].kind->units; unit && *unit; unit++)
			if (strncmp(name, *unit, strlen(*unit)) == 0)
				return true;
	return false;
}

static int assess_units(const struct service *service, const struct service_units *units, struct consumer_list *list)
{
	for (size_t i = 0; i < units->count; i++) {
		const struct unit_dependent *unit = &units->dependents[i];
		struct consumer consumer = { .kind = &assess_kind_unit };
		bool explained = unit_explained(list, unit->name);
		int r;

		consumer.facts = (struct evidence){
			.source = &assess_source_unit,
			.relation = unit->relation == UNIT_REQUIRED_BY ? EVIDENCE_REQUIRES
				  : unit->relation == UNIT_WANTED_BY ? EVIDENCE_WANTS : EVIDENCE_BOUND_TO,
		};
		text_format(consumer.facts.subject, sizeof(consumer.facts.subject), "%s", unit->name);
		text_format(consumer.facts.object, sizeof(consumer.facts.object), "%s", unit->depends_on);
		text_format(consumer.facts.active_state, sizeof(consumer.facts.active_state), "%s", unit->active_state);
		text_format(consumer.facts.unit_file_state, sizeof(consumer.facts.unit_file_state), "%s",
			    unit->unit_file_state);
		/* A missing wanted unit does not keep a unit from starting. */
		if (unit->relation == UNIT_WANTED_BY && !explained) {
			char described[CONSUMER_TEXT_MAX];

			evidence_format(&consumer.facts, LANGUAGE_ENGLISH, described, sizeof(described));
			consumer_list_note(list, "%s, but does not require it: it still starts when %s is stopped.", described,
					   service->daemon);
			continue;
		}
		consumer.facts.for_consumer_above = explained;
		if (!explained)
			consumer_set_callers_unknown(&consumer, "nothing on this host says who connects to %s", unit->name);
		r = consumer_list_add(list, &consumer);
		if (r < 0)
			return r;
	}
	return 0;
}

static void note_units_error(const struct service *service, struct consumer_list *list, int error)
{
	if (error == -ENOMEDIUM)
		consumer_list_note(list, "systemd is not running here (PID 1 is not systemd), so no unit was asked whether it needs %s.",
				   service->daemon);
	else
		consumer_list_note(list, "The system bus could not be asked which units need %s (%s).", service->daemon,
				   strerror(-error));
}

int assess_consumers(const struct assess_input *input, struct consumer_list *ret_list,
		     struct error_record *ret_error)
{
	const struct service *service = input->service;
	const struct consumer_request request = {
		.host = input->host, .listeners = input->listeners, .answer = input->answer,
	};
	struct consumer_list list = { 0 };
	int r = 0;

	if (service->find_consumers)
		r = service->find_consumers(&request, &list, ret_error);
	if (r == 0 && input->units)
		r = assess_units(service, input->units, &list);
	else if (r == 0 && input->units_error)
		note_units_error(service, &list, input->units_error);
	if (r < 0) {
		consumer_list_free(&list);
		return r;
	}
	*ret_list = list;
	return 0;
}

static void supervision_live(const struct assess_input *input, struct supervision *service)
{
	const struct service *own = input->service;
	const char *starter = own->socket_unit ? own->socket_unit : own->service_unit;
	const struct owner *outside = NULL;

	for (size_t i = 0; input->listeners && i < input->listeners->count; i++) {
		const struct listener *listener = &input->listeners->items[i];

		if (!listener->exposed)
			continue;
		for (size_t o = 0; o < listener->owner_count; o++) {
			const struct owner *owner = &listener->owners[o];

			/* PID 1 holds only the sockets of its socket units. */
			if (service_owns_unit(own, owner->unit) || owner->pid == 1) {
				const char *unit = service_owns_unit(own, owner->unit) || !input->units ? owner->unit : starter;

				service->under_systemd = true;
				if (own->socket_unit && strcmp(unit, own->socket_unit) == 0)
					service->socket_activated = true;
				service->facts = (struct service_evidence){ .how = SERVICE_HELD_FOR_UNIT, .pid = owner->pid };
				text_format(service->facts.process, sizeof(service->facts.process), "%s", owner->process);
				text_format(service->facts.unit, sizeof(service->facts.unit), "%s", unit);
			} else if (!outside) {
				outside = owner;
			}
		}
	}
	if (input->units && input->units->socket_activated)
		service->socket_activated = true;
	if (service->under_systemd)
		return;
	if (outside) {
		service->facts = (struct service_evidence){ .how = SERVICE_HELD_BY, .pid = outside->pid };
		text_format(service->facts.process, sizeof(service->facts.process), "%s", outside->process);
		text_format(service->facts.unit, sizeof(service->facts.unit), "%s", outside->unit);
	} else if (input->units && (unit_state_running(input->units->socket.active_state) ||
				    unit_state_running(input->units->service.active_state))) {
		service->under_systemd = true;
		service->facts = (struct service_evidence){ .how = SERVICE_SYSTEMD_REPORTS };
		text_format(service->facts.socket_state, sizeof(service->facts.socket_state), "%s",
			    input->units->socket.active_state);
		text_format(service->facts.service_state, sizeof(service->facts.service_state), "%s",
			    input->units->service.active_state);
	} else {
		service->facts = (struct service_evidence){ .how = SERVICE_NO_UNIT };
	}
}

static void supervision_below_root(const struct service *own, const struct host *host, struct supervision *service)
{
	pid_t pid = process_find(host, own->daemon);
	char *text = NULL, path[PATH_MAX], unit[UNIT_NAME_MAX] = "";
	size_t length;
	bool systemd = false;

	if (paths_read_file(host, "/proc/1/comm", &text, &length) == 0) {
		systemd = strncmp(text, "systemd\n", 8) == 0 || strcmp(text, "systemd") == 0;
		free(text);
	}
	if (systemd && own->socket_unit) {
		text_format(path, sizeof(path), "/etc/systemd/system/sockets.target.wants/%s", own->socket_unit);
		service->socket_activated = paths_exists(host, path);
	}
	text_format(path, sizeof(path), "/proc/%d/cgroup", (int)pid);
	if (pid > 0 && paths_read_file(host, path, &text, &length) == 0) {
		char needle[UNIT_NAME_MAX + 1];

		text_format(needle, sizeof(needle), "/%s", own->service_unit);
		if (strstr(text, needle))
			text_format(unit, sizeof(unit), "%s", own->service_unit);
		free(text);
	}
	service->under_systemd = systemd && (unit[0] || service->socket_activated);
	service->facts = (struct service_evidence){
		.how = pid > 0 && service->under_systemd && unit[0] ? SERVICE_RUNS_IN
		     : service->under_systemd ? SERVICE_SOCKET_ENABLED
		     : pid > 0 ? SERVICE_RUNS_OUTSIDE : SERVICE_NONE_BELOW_ROOT,
		.pid = pid,
	};
	text_format(service->facts.unit, sizeof(service->facts.unit), "%s", unit);
}

void assess_supervision(const struct assess_input *input, struct supervision *ret_service)
{
	struct supervision service = { 0 };

	if (!host_is_live(input->host))
		supervision_below_root(input->service, input->host, &service);
	else
		supervision_live(input, &service);
	service_evidence_format(&service.facts, input->service, LANGUAGE_ENGLISH, service.evidence, sizeof(service.evidence));
	*ret_service = service;
}

const struct consumer_kind assess_kind_unit = {
	.name = "unit",
	.description_en = "the unit", .description_de = "die Unit",
	.label_en = "systemd unit that requires or wants ", .label_after_daemon_en = "",
	.label_de = "systemd-Unit, die ", .label_after_daemon_de = " verlangt",
};

const struct consumer_kind *assess_consumer_kind(const struct service *service, const char *name)
{
	if (name && strcmp(name, assess_kind_unit.name) == 0)
		return &assess_kind_unit;
	return service_consumer_kind(service, name);
}
