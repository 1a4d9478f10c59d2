/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The wording of the evidence, German and English side by side. The
 * English is what check and the JSON have always said. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "assess/evidence.h"
#include "base/paths.h"
#include "base/string_table.h"
#include "base/text.h"

static const char *const evidence_source_table[_EVIDENCE_SOURCE_MAX] = {
	[EVIDENCE_EXPORT] = "export",
	[EVIDENCE_MOUNT] = "mount",
	[EVIDENCE_FSTAB] = "fstab",
	[EVIDENCE_NIS_SERVER] = "nis-server",
	[EVIDENCE_NIS_CLIENT] = "nis-client",
	[EVIDENCE_RPC_PROGRAM] = "rpc-program",
	[EVIDENCE_UNIT] = "unit",
};

static const char *const evidence_relation_table[_EVIDENCE_RELATION_MAX] = {
	[EVIDENCE_REQUIRES] = "requires",
	[EVIDENCE_WANTS] = "wants",
	[EVIDENCE_BOUND_TO] = "is bound to",
};

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

DEFINE_STRING_TABLE_LOOKUP(evidence_source, enum evidence_source)

DEFINE_STRING_TABLE_LOOKUP(evidence_relation, enum evidence_relation)

DEFINE_STRING_TABLE_LOOKUP(service_how, enum service_how)

/* The export's clients with every host named in the language. */
static void clients_format(const char *clients, enum language language, char *buffer, size_t size)
{
	size_t used = 0;

	buffer[0] = '\0';
	for (const char *c = clients; *c && used + 1 < size; c++) {
		const char *part = *c == EVIDENCE_EVERYONE ? IN(language, "alle", "everyone") : NULL;
		int written = part ? snprintf(buffer + used, size - used, "%s", part)
				   : snprintf(buffer + used, size - used, "%c", *c);

		if (written < 0)
			break;
		used += (size_t)written;
	}
}

static const char *versions_served(const struct evidence *evidence, enum language language)
{
	if (evidence->nfs_v2 && evidence->nfs_v3)
		return IN(language, "NFSv2 und NFSv3", "NFSv2 and NFSv3");
	return evidence->nfs_v2 ? "NFSv2" : "NFSv3";
}

static void daemon_format(const struct evidence *evidence, enum language language, char *buffer, size_t size)
{
	if (evidence->pid > 0)
		text_format(buffer, size, IN(language, "%s läuft (PID %d)", "%s is running (pid %d)"), evidence->subject,
			 (int)evidence->pid);
	else
		text_format(buffer, size, IN(language, "%s ist aktiviert (%s)", "%s is enabled (%s)"), evidence->subject,
			 evidence->object);
}

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

void evidence_format(const struct evidence *evidence, enum language language, char *buffer, size_t size)
{
	char part[EVIDENCE_TEXT_MAX * 2];

	switch (evidence->source) {
	case EVIDENCE_EXPORT:
		clients_format(evidence->object, language, part, sizeof(part));
		text_format(buffer, size, IN(language, "%s:%u gibt %s frei für %s; %s %s eingeschaltet (%s)",
					     "%s:%u exports %s to %s; %s %s on (%s)"),
			    evidence->file, evidence->line, evidence->subject, part, versions_served(evidence, language),
			    evidence->nfs_v2 && evidence->nfs_v3 ? IN(language, "sind", "is") : IN(language, "ist", "is"),
			    evidence->versions_source);
		return;
	case EVIDENCE_MOUNT:
		text_format(buffer, size, IN(language, "NFSv%u-Mount von %s auf %s (%s:%u), Sperren über statd",
					  "NFSv%u mount of %s on %s (%s:%u), locking through statd"),
			 evidence->version, evidence->subject, evidence->object, evidence->file, evidence->line);
		return;
	case EVIDENCE_FSTAB:
		text_format(buffer, size, IN(language,
			 "%s:%u: NFSv%u-Mount von %s auf %s (derzeit nicht eingehängt), Sperren über statd",
			 "%s:%u: NFSv%u mount of %s on %s (not mounted now), locking through statd"),
			 evidence->file, evidence->line, evidence->version ? evidence->version : 4, evidence->subject,
			 evidence->object);
		return;
	case EVIDENCE_NIS_SERVER:
		daemon_format(evidence, language, part, sizeof(part));
		text_format(buffer, size, IN(language, "%s: NIS-Clients finden es über rpcbind%s%s%s",
					  "%s: NIS clients find it through rpcbind%s%s%s"), part,
			 evidence->clients_listed ? "; " : "", evidence->clients_listed ? PATH_SECURENETS : "",
			 evidence->clients_listed ? IN(language, " nennt seine Clients", " lists its clients") : "");
		return;
	case EVIDENCE_NIS_CLIENT:
		daemon_format(evidence, language, part, sizeof(part));
		text_format(buffer, size, IN(language,
			 "%s: Programme auf diesem Server finden ihren NIS-Server über das lokale rpcbind",
			 "%s: programs on this host find their NIS server through the local rpcbind"), part);
		return;
	case EVIDENCE_RPC_PROGRAM:
		if (evidence->subject[0])
			text_format(part, sizeof(part), "%s (%u)%s", evidence->subject, evidence->program, evidence->object);
		else
			text_format(part, sizeof(part), IN(language, "Programm %u%s", "program %u%s"), evidence->program,
				 evidence->object);
		text_format(buffer, size, "%s%s", part, !evidence->for_consumer_above ? "" :
			 IN(language, ", für den Dienst oben bei rpcbind registriert",
			    ", registered with rpcbind for the consumer above"));
		return;
	case EVIDENCE_UNIT:
		text_format(buffer, size, "%s (%s, %s) %s %s%s", evidence->subject,
			 evidence->active_state[0] ? evidence->active_state : "?",
			 evidence->unit_file_state[0] ? evidence->unit_file_state : "?",
			 relation_words(evidence->relation, language), evidence->object,
			 !evidence->for_consumer_above ? "" : IN(language, ", für den Dienst oben", ", for the consumer above"));
		return;
	default:
		text_format(buffer, size, "?");
		return;
	}
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
