/* SPDX-License-Identifier: GPL-2.0-or-later */
/* mDNS's entry: avahi-daemon on 5353/udp, started again by its socket
 * unit (D-Bus activation too), so both units are stopped. */
#include "config.h"

#include "services/mdns/mdns.h"
#include "services/mdns/mdns_consumers.h"
#include "services/mdns/mdns_mail.h"
#include "services/mdns/mdns_probe.h"

static const char *const processes[] = { "avahi-daemon", NULL };

static const struct transport_port ports[] = {
	{ .transport = TRANSPORT_UDP, .port = MDNS_PORT },
};

static const struct service_letter letter = {
	.subject = { "Offener mDNS-Dienst", "Open mDNS service" },
	.notice = { "den offenen mDNS-Dienst (avahi-daemon, Port 5353/udp: Anfragen nach _services._dns-sd._udp.local)",
		    "the open mDNS service (avahi-daemon, port 5353/udp: questions for _services._dns-sd._udp.local)" },
	.client_before = "dig +short -p 5353 -t PTR _services._dns-sd._udp.local @",
	.client_after = "",
	.client_sees_closed = {
		"dig erhält keine Diensttypen, sondern meldet „communications error … timed out“.",
		"dig gets no service types; it reports \"communications error ... timed out\".",
	},
	.client_sees_filtered = {
		"dig bekommt keine Antwort mehr und meldet eine Zeitüberschreitung; Rechner im LAN werden weiter bedient.",
		"dig gets no answer any more and reports a timeout; hosts of the LAN are still answered.",
	},
	.client_sees_stopped = {
		"dig erhält keine Diensttypen mehr, sondern meldet eine Zeitüberschreitung.",
		"dig no longer gets service types; it reports a timeout.",
	},
};

const struct service mdns_service = {
	.name = "mdns",
	.daemon = "avahi-daemon",
	.processes = processes,
	.ports = ports,
	.port_count = sizeof(ports) / sizeof(ports[0]),
	.socket_unit = "avahi-daemon.socket",
	.service_unit = "avahi-daemon.service",
	.probe = &mdns_probe,
	.letter = &letter,
	.mail = &mdns_mail,
	.answers_outsiders = mdns_answers_outsiders,
	.find_consumers = mdns_find_consumers,
	.consumer_kinds = mdns_consumer_kinds,
	.evidence_sources = mdns_evidence_sources,
};
