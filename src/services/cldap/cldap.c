/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The CLDAP service's entry: Samba's AD DC (the samba binary,
 * samba-ad-dc.service) on 389/udp. The domain's members find their DC
 * with CLDAP, so a DC is never stopped: the plan restricts 389/udp to
 * the members' networks smb.conf names, or explains the change when it
 * names none (cldap_consumers.c). LDAP over TCP (389, 636, 3268) is no
 * amplifier and is left alone. */
#include "config.h"

#include "services/cldap/cldap.h"
#include "services/cldap/cldap_consumers.h"
#include "services/cldap/cldap_mail.h"
#include "services/cldap/cldap_probe.h"

/* samba's prefork model (Debian's samba-ad-dc.service) names the task
 * that holds 389/udp "cldap[master]"; -M single keeps "samba". */
static const char *const processes[] = { "samba", "cldap", NULL };

static const struct transport_port ports[] = {
	{ .transport = TRANSPORT_UDP, .port = CLDAP_PORT },
};

static const struct service_letter letter = {
	.subject = { "Offener CLDAP-Dienst", "Open CLDAP service" },
	.notice = { "den offenen CLDAP-Dienst des Samba-Domänencontrollers (samba, Port 389/udp)",
		    "the open CLDAP service of the Samba domain controller (samba, port 389/udp)" },
	/* the DC locator's CLDAP ping (NetLogon), as a domain member sends it */
	.client_before = "samba-tool domain info ",
	.client_after = "",
	.client_sees_closed = {
		"samba-tool erhält keine Antwort auf den CLDAP-Ping, sondern meldet „ERROR: Invalid IP address …“.",
		"samba-tool gets no answer to its CLDAP ping; it reports \"ERROR: Invalid IP address ...\".",
	},
	.client_sees_filtered = {
		"samba-tool bekommt keine Antwort mehr und meldet „ERROR: Invalid IP address …“.",
		"samba-tool gets no answer any more and reports \"ERROR: Invalid IP address ...\".",
	},
	.client_sees_stopped = {
		"samba-tool erhält keine Antwort mehr, sondern meldet „ERROR: Invalid IP address …“.",
		"samba-tool no longer gets an answer; it reports \"ERROR: Invalid IP address ...\".",
	},
};

const struct service cldap_service = {
	.name = "cldap",
	.daemon = "samba",
	.processes = processes,
	.ports = ports,
	.port_count = sizeof(ports) / sizeof(ports[0]),
	.service_unit = "samba-ad-dc.service",
	.probe = &cldap_probe,
	.letter = &letter,
	.mail = &cldap_mail,
	.explain_kind = &cldap_kind_domain,
	.explain = cldap_explain,
	.find_consumers = cldap_find_consumers,
	.consumer_kinds = cldap_consumer_kinds,
	.evidence_sources = cldap_evidence_sources,
};
