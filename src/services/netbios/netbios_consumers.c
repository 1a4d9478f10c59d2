/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Who needs nmbd, from /etc/samba/smb.conf below the analysed host and
 * its processes: a file server's clients browse and resolve it by its
 * NetBIOS name. The networks they come from are the ones smb.conf lets
 * in (services/smb_conf_consumer.c derives them, for wsd too). A file
 * server whose clients nothing names keeps nmbd (restrict, not stop),
 * and the plan warns that they are cut off. */
#include "config.h"

#include "base/error_record.h"
#include "base/text.h"
#include "kernel/process_find.h"
#include "model/cidr.h"
#include "services/netbios/netbios_consumers.h"
#include "services/smb_conf_consumer.h"

const struct consumer_kind netbios_kind_file_server = {
	.name = "samba-file-server",
	.description_en = "the Samba file server", .description_de = "der Samba-Dateiserver",
	.label_en = "Samba file server whose clients resolve its NetBIOS name",
	.label_de = "Samba-Dateiserver, dessen Clients seinen NetBIOS-Namen auflösen",
	.units = (const char *const[]){ "smbd", NULL },
};

const struct consumer_kind *const netbios_consumer_kinds[] = { &netbios_kind_file_server, NULL };

const struct evidence_source netbios_source_share = { .name = "smb-share", .format = smb_conf_share_format };

const struct evidence_source *const netbios_evidence_sources[] = { &netbios_source_share, NULL };

static int add_file_server(const struct host *host, const struct smb_conf *conf, pid_t smbd, struct consumer_list *list)
{
	struct consumer consumer = {
		.kind = &netbios_kind_file_server,
		.facts = { .source = &netbios_source_share, .line = conf->share_line, .pid = smbd },
	};
	int r;

	text_format(consumer.facts.file, sizeof(consumer.facts.file), "%s", NETBIOS_PATH_CONFIG);
	text_format(consumer.facts.subject, sizeof(consumer.facts.subject), "%s", conf->share);
	r = smb_conf_consumer_networks(host, conf, &consumer);
	if (r == 0)
		consumer_set_callers_unknown(&consumer, "%s names neither hosts allow nor interfaces, so the file server's clients are not known",
					     NETBIOS_PATH_CONFIG);
	if (r < 0) {
		cidr_list_free(&consumer.trusted);
		return r;
	}
	return consumer_list_add(list, &consumer);
}

static void add_notes(const struct smb_conf *conf, struct consumer_list *list)
{
	if (conf->include.line)
		consumer_list_note(list, "%s:%u include = %s is not read; shares and networks named there are not counted",
				   NETBIOS_PATH_CONFIG, conf->include.line, conf->include.value);
	if (smb_conf_true(&conf->disable_netbios)) {
		consumer_list_note(list, "%s:%u disable netbios = %s: nmbd does not serve NetBIOS names",
				   NETBIOS_PATH_CONFIG, conf->disable_netbios.line, conf->disable_netbios.value);
		return;
	}
	if (conf->interfaces.line && smb_conf_true(&conf->bind_interfaces_only))
		consumer_list_note(list, "%s:%u interfaces = %s with bind interfaces only: nmbd serves those networks alone",
				   NETBIOS_PATH_CONFIG, conf->interfaces.line, conf->interfaces.value);
	else
		consumer_list_note(list, "nmbd answers on every interface; an owner may prefer 'disable netbios = yes' in [global] of %s, "
				   "or 'interfaces = <lan>' with 'bind interfaces only = yes'", NETBIOS_PATH_CONFIG);
}

int netbios_find_consumers(const struct consumer_request *request, struct consumer_list *list,
			   struct error_record *ret_error)
{
	struct smb_conf conf;
	pid_t smbd;
	int r = smb_conf_load(request->host, &conf, ret_error);

	if (r < 0)
		return r;
	if (r == 0) {
		consumer_list_note(list, "%s does not exist, so no Samba share needs nmbd", NETBIOS_PATH_CONFIG);
		return 0;
	}
	add_notes(&conf, list);
	if (conf.share_count == 0) {
		consumer_list_note(list, "%s defines no share, so no file server's clients need nmbd", NETBIOS_PATH_CONFIG);
		return 0;
	}
	smbd = process_find(request->host, "smbd");
	if (!smbd) {
		consumer_list_note(list, "%s:%u shares [%s], but smbd does not run, so no client is served", NETBIOS_PATH_CONFIG,
				   conf.share_line, conf.share);
		return 0;
	}
	return add_file_server(request->host, &conf, smbd, list);
}
