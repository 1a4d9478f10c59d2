/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The NetBIOS name service's entry: samba's nmbd on 137/udp. Stop stops
 * nmbd.service alone; smbd, the file server, goes on (its clients then
 * reach it by address or DNS name). */
#include "config.h"

#include "services/netbios/netbios.h"
#include "services/netbios/netbios_consumers.h"
#include "services/netbios/netbios_mail.h"
#include "services/netbios/netbios_probe.h"

static const char *const processes[] = { "nmbd", NULL };

static const struct transport_port ports[] = {
	{ .transport = TRANSPORT_UDP, .port = NETBIOS_PORT },
};

static const struct service_letter letter = {
	.subject = { "Offener NetBIOS-Dienst", "Open NetBIOS service" },
	.notice = { "den offenen NetBIOS-Namensdienst (nmbd, Port 137/udp)",
		    "the open NetBIOS name service (nmbd, port 137/udp)" },
	.client_before = "nmblookup -A ",
	.client_after = "",
	.client_sees_closed = {
		"nmblookup erhält keine Namenstabelle, sondern meldet „No reply from …“.",
		"nmblookup gets no name table; it reports \"No reply from ...\".",
	},
	.client_sees_filtered = {
		"nmblookup bekommt keine Antwort mehr und meldet „No reply from …“.",
		"nmblookup gets no answer any more and reports \"No reply from ...\".",
	},
	.client_sees_stopped = {
		"nmblookup erhält keine Namenstabelle mehr, sondern meldet „No reply from …“.",
		"nmblookup no longer gets a name table; it reports \"No reply from ...\".",
	},
};

const struct service netbios_service = {
	.name = "netbios",
	.daemon = "nmbd",
	.processes = processes,
	.ports = ports,
	.port_count = sizeof(ports) / sizeof(ports[0]),
	.service_unit = "nmbd.service",
	.probe = &netbios_probe,
	.letter = &letter,
	.mail = &netbios_mail,
	.find_consumers = netbios_find_consumers,
	.consumer_kinds = netbios_consumer_kinds,
	.evidence_sources = netbios_evidence_sources,
};
