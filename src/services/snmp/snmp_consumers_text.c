/* SPDX-License-Identifier: GPL-2.0-or-later */
/* SNMP's consumer kind and evidence source in German and English. */
#include "config.h"

#include <string.h>

#include "base/text.h"
#include "services/snmp/snmp_consumers.h"

const struct consumer_kind snmp_kind_station = {
	.name = "snmp-station",
	.description_en = "the monitoring station", .description_de = "die Monitoring-Station",
	.label_en = "monitoring station polling snmpd", .label_de = "Monitoring-Station, die snmpd abfragt",
};

const struct consumer_kind *const snmp_consumer_kinds[] = { &snmp_kind_station, NULL };

static void community_format(const struct evidence *evidence, enum language language, char *buffer, size_t size)
{
	if (strcmp(evidence->object, "default") == 0)
		text_format(buffer, size, IN(language, "%s:%u %s lässt jeden zu (default)", "%s:%u %s admits everyone (default)"),
			    evidence->file, evidence->line, evidence->subject);
	else
		text_format(buffer, size, IN(language, "%s:%u %s lässt %s zu", "%s:%u %s admits %s"),
			    evidence->file, evidence->line, evidence->subject, evidence->object);
}

const struct evidence_source snmp_source_community = { .name = "snmp-community", .format = community_format };

const struct evidence_source *const snmp_evidence_sources[] = { &snmp_source_community, NULL };
