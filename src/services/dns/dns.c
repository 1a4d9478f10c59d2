/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The DNS server's entry: unbound, BIND's named or dnsmasq on port 53.
 * Port 53 may be an authoritative server the world must reach, so the
 * plan firewalls it only when the configuration serves no zone of its
 * own (dns_consumers.c); otherwise it explains the line to change
 * (explain_kind). Debian 12's units: unbound.service, named.service
 * (bind9.service is its alias), dnsmasq.service; stop takes
 * unbound.service and the units of the other daemons found on the port. */
#include "config.h"

#include "services/dns/dns.h"
#include "services/dns/dns_consumers.h"
#include "services/dns/dns_mail.h"
#include "services/dns/dns_probe.h"

static const char *const processes[] = { "unbound", "named", "dnsmasq", "bind9", NULL };

static const struct transport_port ports[] = {
	{ .transport = TRANSPORT_UDP, .port = DNS_PORT },
	{ .transport = TRANSPORT_TCP, .port = DNS_PORT },
};

static const struct service_letter letter = {
	.subject = { "Offener DNS-Resolver", "Open DNS resolver" },
	.notice = { "den offenen DNS-Resolver (Port 53/udp und 53/tcp)",
		    "the open DNS resolver (port 53/udp and 53/tcp)" },
	.client_before = "dig +recurse @",
	.client_after = " " DNS_PROBE_NAME " A",
	.client_sees_closed = {
		"dig erhält keine Antwort, sondern meldet „communications error … timed out“.",
		"dig gets no answer; it reports \"communications error ... timed out\".",
	},
	.client_sees_filtered = {
		"dig bekommt keine Antwort mehr und meldet „communications error … timed out“.",
		"dig gets no answer any more and reports \"communications error ... timed out\".",
	},
	.client_sees_stopped = {
		"dig erhält keine Antwort mehr, sondern meldet „communications error … connection refused“.",
		"dig no longer gets an answer; it reports \"communications error ... connection refused\".",
	},
};

const struct service dns_service = {
	.name = "dns",
	.daemon = "unbound",
	.processes = processes,
	.ports = ports,
	.port_count = sizeof(ports) / sizeof(ports[0]),
	.service_unit = "unbound.service",
	.probe = &dns_probe,
	.letter = &letter,
	.mail = &dns_mail,
	.answers_outsiders = dns_answers_outsiders,
	.explain_kind = &dns_kind_zone,
	.explain = dns_explain,
	.find_consumers = dns_find_consumers,
	.consumer_kinds = dns_consumer_kinds,
	.evidence_sources = dns_evidence_sources,
};
