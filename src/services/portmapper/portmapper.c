/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "config.h"

#include "services/portmapper/consumers.h"
#include "services/portmapper/portmapper.h"
#include "services/portmapper/portmapper_probe.h"

/* "portmap" is rpcbind's predecessor, still the name on old hosts. */
static const char *const processes[] = { "rpcbind", "portmap", NULL };

static const struct transport_port ports[] = {
	{ .transport = TRANSPORT_TCP, .port = 111 },
	{ .transport = TRANSPORT_UDP, .port = 111 },
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
	.find_consumers = portmapper_find_consumers,
	.consumer_kinds = portmapper_consumer_kinds,
	.evidence_sources = portmapper_evidence_sources,
};
