/* SPDX-License-Identifier: GPL-2.0-or-later */
/* WS-Discovery's entry: wsdd on 3702/udp, Debian 12's wsdd.service (a
 * python3 program: its processes are named python3, so the unit tells
 * them). It binds a socket to each served interface's address and one
 * to the group 239.255.255.250, and answers only a Probe to the group. */
#include "config.h"

#include "services/wsd/wsd.h"
#include "services/wsd/wsd_consumers.h"
#include "services/wsd/wsd_mail.h"
#include "services/wsd/wsd_probe.h"

static const char *const processes[] = { "wsdd", NULL };

static const struct transport_port ports[] = {
	{ .transport = TRANSPORT_UDP, .port = WSD_PORT },
};

static const struct service_letter letter = {
	.subject = { "Offener WS-Discovery-Dienst", "Open WS-Discovery service" },
	.notice = { "den offenen WS-Discovery-Dienst (wsdd, Port 3702/udp)",
		    "the open WS-Discovery service (wsdd, port 3702/udp)" },
	/* the Probe as a scanner sends it; wsdd itself answers only one to the group */
	.client_before = "printf '<e:Envelope xmlns:e=\"http://www.w3.org/2003/05/soap-envelope\" "
			 "xmlns:a=\"http://schemas.xmlsoap.org/ws/2004/08/addressing\" "
			 "xmlns:d=\"http://schemas.xmlsoap.org/ws/2005/04/discovery\"><e:Header>"
			 "<a:Action>http://schemas.xmlsoap.org/ws/2005/04/discovery/Probe</a:Action>"
			 "<a:MessageID>urn:uuid:%s</a:MessageID></e:Header><e:Body><d:Probe><d:Types>wsdp:Device</d:Types>"
			 "</d:Probe></e:Body></e:Envelope>' \"$(cat /proc/sys/kernel/random/uuid)\" | nc -u -w 2 ",
	.client_after = " 3702",
	.client_sees_closed = {
		"wsdd findet den Server nicht (keine ProbeMatches).",
		"wsdd does not find the server (no ProbeMatches).",
	},
	.client_sees_filtered = {
		"wsdd findet den Server nicht mehr: seine ProbeMatches bleiben aus.",
		"wsdd no longer finds the server: its ProbeMatches do not come.",
	},
	.client_sees_stopped = {
		"wsdd findet den Server nicht mehr, denn wsdd läuft dort nicht mehr.",
		"wsdd no longer finds the server, as wsdd no longer runs there.",
	},
};

const struct service wsd_service = {
	.name = "wsd",
	.daemon = "wsdd",
	.processes = processes,
	.ports = ports,
	.port_count = sizeof(ports) / sizeof(ports[0]),
	.service_unit = "wsdd.service",
	.probe = &wsd_probe,
	.letter = &letter,
	.mail = &wsd_mail,
	.answers_outsiders = wsd_answers_outsiders,
	.find_consumers = wsd_find_consumers,
	.consumer_kinds = wsd_consumer_kinds,
	.evidence_sources = wsd_evidence_sources,
};
