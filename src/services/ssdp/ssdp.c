/* SPDX-License-Identifier: GPL-2.0-or-later */
/* SSDP's entry: minissdpd on 1900/udp, the responder that miniupnpd and
 * minidlna announce their services through. It has no socket unit. */
#include "config.h"

#include "services/ssdp/ssdp.h"
#include "services/ssdp/ssdp_consumers.h"
#include "services/ssdp/ssdp_mail.h"
#include "services/ssdp/ssdp_probe.h"

static const char *const processes[] = { "minissdpd", NULL };

static const struct transport_port ports[] = {
	{ .transport = TRANSPORT_UDP, .port = SSDP_PORT },
};

static const struct service_letter letter = {
	.subject = { "Offener SSDP-Dienst", "Open SSDP service" },
	.notice = { "den offenen SSDP-Dienst (minissdpd, Port 1900/udp: M-SEARCH-Anfragen nach ssdp:all)",
		    "the open SSDP service (minissdpd, port 1900/udp: M-SEARCH requests for ssdp:all)" },
	.client_before = "printf 'M-SEARCH * HTTP/1.1\\r\\nHOST: 239.255.255.250:1900\\r\\nMAN: \"ssdp:discover\"\\r\\n"
			 "MX: 1\\r\\nST: ssdp:all\\r\\n\\r\\n' | nc -u -w 2 ",
	.client_after = " 1900",
	.client_sees_closed = {
		"nc erhält keine Antwort („HTTP/1.1 200 OK“) und endet nach zwei Sekunden ohne Ausgabe.",
		"nc gets no answer (\"HTTP/1.1 200 OK\") and ends after two seconds without output.",
	},
	.client_sees_filtered = {
		"nc bekommt keine Antwort mehr und endet nach zwei Sekunden ohne Ausgabe; Rechner im LAN werden weiter bedient.",
		"nc gets no answer any more and ends after two seconds without output; hosts of the LAN are still answered.",
	},
	.client_sees_stopped = {
		"nc erhält keine Antwort („HTTP/1.1 200 OK“) mehr und endet nach zwei Sekunden ohne Ausgabe.",
		"nc no longer gets an answer (\"HTTP/1.1 200 OK\") and ends after two seconds without output.",
	},
};

const struct service ssdp_service = {
	.name = "ssdp",
	.daemon = "minissdpd",
	.processes = processes,
	.ports = ports,
	.port_count = sizeof(ports) / sizeof(ports[0]),
	.service_unit = "minissdpd.service",
	.probe = &ssdp_probe,
	.letter = &letter,
	.mail = &ssdp_mail,
	.answers_outsiders = ssdp_answers_outsiders,
	.find_consumers = ssdp_find_consumers,
	.consumer_kinds = ssdp_consumer_kinds,
	.evidence_sources = ssdp_evidence_sources,
};
