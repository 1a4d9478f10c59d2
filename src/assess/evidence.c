/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The wording of the engine's evidence, German and English side by
 * side. The English is what check and the JSON have always said. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "assess/evidence.h"
#include "base/string_table.h"
#include "base/text.h"

static const char *const service_how_table[_SERVICE_HOW_MAX] = {
	[SERVICE_HELD_FOR_UNIT] = "held-for-unit",
	[SERVICE_HELD_BY] = "held-by",
	[SERVICE_SYSTEMD_REPORTS] = "systemd-reports",
	[SERVICE_NO_UNIT] = "no-unit",
	[SERVICE_RUNS_IN] = "runs-in",
	[SERVICE_SOCKET_ENABLED] = "socket-enabled",
	[SERVICE_RUNS_OUTSIDE] = "runs-outside",
	[SERVICE_NONE_BELOW_ROOT] = "none-below-root",
};

DEFINE_STRING_TABLE_LOOKUP(service_how, enum service_how)

static const char *relation_words(enum evidence_relation relation, enum language language)
{
	switch (relation) {
	case EVIDENCE_REQUIRES:
		return IN(language, "verlangt", "requires");
	case EVIDENCE_WANTS:
		return IN(language, "möchte", "wants");
	default:
		return IN(language, "ist gebunden an", "is bound to");
	}
}

static void unit_format(const struct evidence *evidence, enum language language, char *buffer, size_t size)
{
	text_format(buffer, size, "%s (%s, %s) %s %s%s", evidence->subject,
		    evidence->active_state[0] ? evidence->active_state : "?",
		    evidence->unit_file_state[0] ? evidence->unit_file_state : "?",
		    relation_words(evidence->relation, language), evidence->object,
		    !evidence->for_consumer_above ? "" : IN(language, ", für den Dienst oben", ", for the consumer above"));
}

const struct evidence_source assess_source_unit = { .name = "unit", .format = unit_format };

const struct evidence_source *assess_evidence_source(const struct service *service, const char *name)
{
	if (name && strcmp(name, assess_source_unit.name) == 0)
		return &assess_source_unit;
	return service_evidence_source(service, name);
}

void service_evidence_format(const struct service_evidence *evidence, const struct service *service,
			     enum language language, char *buffer, size_t size)
{
	unsigned int port = service_port(service);

	switch (evidence->how) {
	case SERVICE_HELD_FOR_UNIT:
		text_format(buffer, size, IN(language, "Port %u wird von %s[%d] für %s gehalten", "port %u is held by %s[%d] for %s"),
			 port, evidence->process, (int)evidence->pid,
			 evidence->unit[0] ? evidence->unit : IN(language, "eine Socket-Unit", "a socket unit"));
		return;
	case SERVICE_HELD_BY:
		if (language == LANGUAGE_GERMAN)
			text_format(buffer, size, "Port %u wird von %s[%d] gehalten, das %s%s läuft", port,
				 evidence->process, (int)evidence->pid, evidence->unit[0] ? "in " : "außerhalb von systemd",
				 evidence->unit);
		else
			text_format(buffer, size, "port %u is held by %s[%d], which runs %s%s", port,
				 evidence->process, (int)evidence->pid, evidence->unit[0] ? "in " : "outside systemd",
				 evidence->unit);
		return;
	case SERVICE_SYSTEMD_REPORTS:
		if (service->socket_unit)
			text_format(buffer, size, IN(language, "systemd meldet %s %s, %s %s", "systemd reports %s %s, %s %s"),
				    service->socket_unit, evidence->socket_state, service->service_unit,
				    evidence->service_state);
		else
			text_format(buffer, size, IN(language, "systemd meldet %s %s", "systemd reports %s %s"),
				    service->service_unit, evidence->service_state);
		return;
	case SERVICE_NO_UNIT:
		text_format(buffer, size, IN(language, "für Port %u wurde keine systemd-Unit gefunden",
					  "no systemd unit was found for port %u"), port);
		return;
	case SERVICE_RUNS_IN:
		text_format(buffer, size, IN(language, "%s (PID %d) läuft in %s", "%s (pid %d) runs in %s"),
			 service->daemon, (int)evidence->pid, evidence->unit);
		return;
	case SERVICE_SOCKET_ENABLED:
		text_format(buffer, size, IN(language, "%s ist aktiviert", "%s is enabled"),
			    service->socket_unit ? service->socket_unit : service->service_unit);
		return;
	case SERVICE_RUNS_OUTSIDE:
		text_format(buffer, size, IN(language, "%s (PID %d) läuft außerhalb von systemd",
					  "%s (pid %d) runs outside systemd"), service->daemon, (int)evidence->pid);
		return;
	case SERVICE_NONE_BELOW_ROOT:
		text_format(buffer, size, IN(language, "unter --root gibt es weder einen %s-Prozess noch eine Unit",
					  "no %s process or unit below --root"), service->daemon);
		return;
	default:
		text_format(buffer, size, "?");
		return;
	}
}
