/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The portmapper's consumer kinds and evidence sources: their names in
 * the JSON, their German and English words side by side. The English is
 * what check and the JSON have always said. */
#include "config.h"

#include <stdio.h>

#include "base/paths.h"
#include "base/text.h"
#include "services/portmapper/consumers.h"

static const char *const nfs_units[] = { "nfs", "rpc-statd", "rpc-gssd", "rpc-svcgssd", "rpc_pipefs", NULL };
static const char *const nis_units[] = { "yp", "nis", NULL };

const struct consumer_kind portmapper_kind_nfs_server = {
	.name = "nfs-server",
	.description_en = "the NFS server", .description_de = "der NFS-Server",
	.label_en = "NFS server serving v2/v3", .label_de = "NFS-Server mit NFSv2/v3",
	.units = nfs_units,
};

const struct consumer_kind portmapper_kind_nfs_client = {
	.name = "nfs-client",
	.description_en = "an NFS mount", .description_de = "ein NFS-Mount",
	.label_en = "NFS client with a v2/v3 mount (locking through statd)",
	.label_de = "NFS-Client mit v2/v3-Mount (Sperren über statd)",
	.units = nfs_units,
};

const struct consumer_kind portmapper_kind_nis = {
	.name = "nis",
	.description_en = "NIS", .description_de = "NIS",
	.label_en = "NIS (ypserv/ypbind)", .label_de = "NIS (ypserv/ypbind)",
	.units = nis_units,
};

const struct consumer_kind portmapper_kind_rpc_program = {
	.name = "rpc-program",
	.description_en = "the RPC program", .description_de = "das RPC-Programm",
	.label_en = "another RPC program registered with the portmapper",
	.label_de = "weiteres beim Portmapper registriertes RPC-Programm",
};

const struct consumer_kind *const portmapper_consumer_kinds[] = {
	&portmapper_kind_nfs_server, &portmapper_kind_nfs_client, &portmapper_kind_nis, &portmapper_kind_rpc_program,
	NULL,
};

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

static void export_format(const struct evidence *evidence, enum language language, char *buffer, size_t size)
{
	char part[EVIDENCE_TEXT_MAX * 2];

	clients_format(evidence->object, language, part, sizeof(part));
	text_format(buffer, size, IN(language, "%s:%u gibt %s frei für %s; %s %s eingeschaltet (%s)",
				     "%s:%u exports %s to %s; %s %s on (%s)"),
		    evidence->file, evidence->line, evidence->subject, part, versions_served(evidence, language),
		    evidence->nfs_v2 && evidence->nfs_v3 ? IN(language, "sind", "is") : IN(language, "ist", "is"),
		    evidence->versions_source);
}

static void mount_format(const struct evidence *evidence, enum language language, char *buffer, size_t size)
{
	text_format(buffer, size, IN(language, "NFSv%u-Mount von %s auf %s (%s:%u), Sperren über statd",
				  "NFSv%u mount of %s on %s (%s:%u), locking through statd"),
		 evidence->version, evidence->subject, evidence->object, evidence->file, evidence->line);
}

static void fstab_format(const struct evidence *evidence, enum language language, char *buffer, size_t size)
{
	text_format(buffer, size, IN(language,
		 "%s:%u: NFSv%u-Mount von %s auf %s (derzeit nicht eingehängt), Sperren über statd",
		 "%s:%u: NFSv%u mount of %s on %s (not mounted now), locking through statd"),
		 evidence->file, evidence->line, evidence->version ? evidence->version : 4, evidence->subject,
		 evidence->object);
}

static void nis_server_format(const struct evidence *evidence, enum language language, char *buffer, size_t size)
{
	char part[EVIDENCE_TEXT_MAX * 2];

	daemon_format(evidence, language, part, sizeof(part));
	text_format(buffer, size, IN(language, "%s: NIS-Clients finden es über rpcbind%s%s%s",
				  "%s: NIS clients find it through rpcbind%s%s%s"), part,
		 evidence->clients_listed ? "; " : "", evidence->clients_listed ? PATH_SECURENETS : "",
		 evidence->clients_listed ? IN(language, " nennt seine Clients", " lists its clients") : "");
}

static void nis_client_format(const struct evidence *evidence, enum language language, char *buffer, size_t size)
{
	char part[EVIDENCE_TEXT_MAX * 2];

	daemon_format(evidence, language, part, sizeof(part));
	text_format(buffer, size, IN(language,
		 "%s: Programme auf diesem Server finden ihren NIS-Server über das lokale rpcbind",
		 "%s: programs on this host find their NIS server through the local rpcbind"), part);
}

static void rpc_program_format(const struct evidence *evidence, enum language language, char *buffer, size_t size)
{
	char part[EVIDENCE_TEXT_MAX * 2];

	if (evidence->subject[0])
		text_format(part, sizeof(part), "%s (%u)%s", evidence->subject, evidence->program, evidence->object);
	else
		text_format(part, sizeof(part), IN(language, "Programm %u%s", "program %u%s"), evidence->program,
			 evidence->object);
	text_format(buffer, size, "%s%s", part, !evidence->for_consumer_above ? "" :
		 IN(language, ", für den Dienst oben bei rpcbind registriert",
		    ", registered with rpcbind for the consumer above"));
}

const struct evidence_source portmapper_source_export = { .name = "export", .format = export_format };
const struct evidence_source portmapper_source_mount = { .name = "mount", .format = mount_format };
const struct evidence_source portmapper_source_fstab = { .name = "fstab", .format = fstab_format };
const struct evidence_source portmapper_source_nis_server = { .name = "nis-server", .format = nis_server_format };
const struct evidence_source portmapper_source_nis_client = { .name = "nis-client", .format = nis_client_format };
const struct evidence_source portmapper_source_rpc_program = { .name = "rpc-program", .format = rpc_program_format };

const struct evidence_source *const portmapper_evidence_sources[] = {
	&portmapper_source_export, &portmapper_source_mount, &portmapper_source_fstab,
	&portmapper_source_nis_server, &portmapper_source_nis_client, &portmapper_source_rpc_program,
	NULL,
};
