/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "config.h"

#include "services/snmp/snmp.h"
#include "services/snmp/snmp_mail.h"
#include "services/snmp/snmp_consumers.h"
#include "services/snmp/snmp_probe.h"

static const char *const processes[] = { "snmpd", NULL };

static const struct transport_port ports[] = {
	{ .transport = TRANSPORT_UDP, .port = SNMP_PORT },
};

static const struct service_letter letter = {
	.subject = { "Offener SNMP-Dienst", "Open SNMP service" },
	.notice = { "den offenen SNMP-Dienst (snmpd, Port 161/udp)", "the open SNMP service (snmpd, port 161/udp)" },
	.client_before = "snmpget -v2c -c public -t 2 -r 1 ",
	.client_after = " 1.3.6.1.2.1.1.1.0",
	.client_sees_closed = {
		"snmpget erhält keine Systembeschreibung, sondern meldet „Timeout: No Response from …“.",
		"snmpget gets no system description; it reports \"Timeout: No Response from ...\".",
	},
	.client_sees_filtered = {
		"snmpget bekommt keine Antwort mehr und meldet „Timeout: No Response from …“.",
		"snmpget gets no answer any more and reports \"Timeout: No Response from ...\".",
	},
	.client_sees_stopped = {
		"snmpget erhält keine Systembeschreibung mehr, sondern meldet „Timeout: No Response from …“.",
		"snmpget no longer gets a system description; it reports \"Timeout: No Response from ...\".",
	},
};

const struct service snmp_service = {
	.name = "snmp",
	.daemon = "snmpd",
	.processes = processes,
	.ports = ports,
	.port_count = sizeof(ports) / sizeof(ports[0]),
	.service_unit = "snmpd.service",
	.probe = &snmp_probe,
	.letter = &letter,
	.mail = &snmp_mail,
	.find_consumers = snmp_find_consumers,
	.consumer_kinds = snmp_consumer_kinds,
	.evidence_sources = snmp_evidence_sources,
};
