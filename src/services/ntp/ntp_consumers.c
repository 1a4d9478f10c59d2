/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The restrict lines as consumers: a network a line lets query (no
 * noquery, no ignore) is one whose monitoring still needs mode 6. */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "base/text.h"
#include "model/cidr.h"
#include "services/ntp/ntp_config.h"
#include "services/ntp/ntp_consumers.h"
#include "services/ntp/ntp_probe.h"

const struct consumer_kind ntp_kind_query_client = {
	.name = "ntp-query",
	.description_en = "an NTP monitoring client", .description_de = "ein NTP-Überwachungs-Client",
	.label_en = "network let query ntpd (mode 6) by a restrict line",
	.label_de = "Netz, das ntpd laut restrict-Zeile abfragen darf (Mode 6)",
};

const struct consumer_kind *const ntp_consumer_kinds[] = { &ntp_kind_query_client, NULL };

static void restrict_format(const struct evidence *evidence, enum language language, char *buffer, size_t size)
{
	text_format(buffer, size, IN(language, "%s:%u erlaubt %s Abfragen an ntpd (restrict ohne noquery)",
				     "%s:%u lets %s query ntpd (restrict without noquery)"),
		    evidence->file, evidence->line, evidence->subject);
}

const struct evidence_source ntp_source_restrict = { .name = "ntp-restrict", .format = restrict_format };
const struct evidence_source *const ntp_evidence_sources[] = { &ntp_source_restrict, NULL };

static bool serves_time(const struct ntp_config *config, unsigned int *ret_line)
{
	for (size_t i = 0; i < config->count; i++)
		if (config->restricts[i].is_default) {
			*ret_line = config->restricts[i].line;
			return !config->restricts[i].ignore && !config->restricts[i].noserve;
		}
	*ret_line = 0;
	return true;
}

static int add_query_client(const struct ntp_config *config, const struct ntp_restrict *entry,
			    struct consumer_list *list)
{
	struct consumer consumer = {
		.kind = &ntp_kind_query_client,
		.facts = { .source = &ntp_source_restrict, .line = entry->line },
	};
	char text[CIDR_TEXT_MAX];
	int r;

	text_format(consumer.facts.file, sizeof(consumer.facts.file), "%s", config->file);
	text_format(consumer.facts.subject, sizeof(consumer.facts.subject), "%s", cidr_format(&entry->network, text));
	r = cidr_list_add(&consumer.trusted, &entry->network);
	return r < 0 ? r : consumer_list_add(list, &consumer);
}

int ntp_find_consumers(const struct consumer_request *request, struct consumer_list *list,
		       struct error_record *ret_error)
{
	static struct ntp_config config;	/* 256 restrict lines: not on the stack */
	unsigned int default_line;
	int r = ntp_config_read(request->host, &config, ret_error);

	if (r < 0)
		return r;
	if (!config.file[0]) {
		consumer_list_note(list, "No ntp.conf (%s, %s): no restrict line lets a network query ntpd.",
				   PATH_NTPSEC_CONF, PATH_NTP_CONF);
		return 0;
	}
	for (size_t i = 0; i < config.count; i++) {
		const struct ntp_restrict *entry = &config.restricts[i];

		if (entry->is_default || entry->noquery || entry->ignore ||
		    ip_address_scope(&entry->network.address) == SCOPE_LOOPBACK)
			continue;
		r = add_query_client(&config, entry, list);
		if (r < 0)
			return r;
	}
	if (serves_time(&config, &default_line))
		consumer_list_note(list, "%s: ntpd serves time to every host (modes 3 and 4); "
				   "a restriction drops only queries (modes 6 and 7) and keeps that.", config.file);
	else
		consumer_list_note(list, "%s:%u: ntpd serves time to no other host (restrict default ignore or noserve)%s.",
				   config.file, default_line,
				   config.server_line ? "; it only asks its servers" : "");
	return 0;
}

bool ntp_answers_outsiders(const struct host *host, const struct service_answer *answer)
{
	static struct ntp_config config;
	const struct ntp_detail *detail = answer ? ntp_detail_of(answer) : NULL;
	struct error_record ignored;
	bool ntpsec;

	/* A config that cannot be read: the listeners decide, as for any service. */
	if (ntp_config_read(host, &config, &ignored) < 0 || !config.file[0])
		return true;
	/* Who answers neither request on the host itself (chrony, a
	 * noquery for loopback too) may still let a network query. */
	ntpsec = detail && detail->variables.count ? ntp_detail_is_ntpsec(detail)
						   : strcmp(config.file, PATH_NTPSEC_CONF) == 0;
	return ntp_config_lets_outsiders_query(&config, ntpsec);
}
