/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "config.h"

#include "services/portmapper/consumers.h"
#include "services/portmapper/portmapper.h"
#include "services/portmapper/portmapper_mail.h"
#include "services/portmapper/portmapper_probe.h"

/* "portmap" is rpcbind's predecessor, still the name on old hosts. */
static const char *const processes[] = { "rpcbind", "portmap", NULL };

static const struct transport_port ports[] = {
	{ .transport = TRANSPORT_TCP, .port = 111 },
	{ .transport = TRANSPORT_UDP, .port = 111 },
};

static const struct service_letter letter = {
	.subject = { "Offener Portmapper-Dienst", "Open portmapper service" },
	.notice = { "den offenen Portmapper-Dienst (rpcbind, Port 111/udp und 111/tcp)",
		    "the open portmapper service (rpcbind, port 111/udp and 111/tcp)" },
	.client_before = "rpcinfo -T udp -p ",
	.client_after = "",
	.client_sees_closed = {
		"rpcinfo erhält keine Liste der RPC-Programme, sondern bricht mit einer Zeitüberschreitung oder „Connection refused“ ab.",
		"rpcinfo gets no list of RPC programs; it gives up with a timeout or \"Connection refused\".",
	},
	.client_sees_filtered = {
		"rpcinfo bekommt keine Antwort mehr und bricht nach einer Zeitüberschreitung ab.",
		"rpcinfo gets no answer any more and gives up after a timeout.",
	},
	.client_sees_stopped = {
		"rpcinfo erhält keine Liste der RPC-Programme mehr, sondern bricht mit einer Zeitüberschreitung oder „Connection refused“ ab.",
		"rpcinfo no longer gets a list of RPC programs; it gives up with a timeout or \"Connection refused\".",
	},
};

const struct service portmapper_service = {
	.name = "portmapper",
	.daemon = "rpcbind",
	.processes = processes,
	.ports = ports,
	.port_count = sizeof(ports) / sizeof(ports[0]),
	.socket_unit = "rpcbind.socket",
	.service_unit = "rpcbind.service",
	.probe = &portmapper_probe,
	.letter = &letter,
	.mail = &portmapper_mail,
	.find_consumers = portmapper_find_consumers,
	.consumer_kinds = portmapper_consumer_kinds,
	.evidence_sources = portmapper_evidence_sources,
};
