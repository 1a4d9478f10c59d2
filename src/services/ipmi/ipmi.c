/* SPDX-License-Identifier: GPL-2.0-or-later */
/* IPMI over LAN's entry, a mail-only service (service.h): the mails
 * report the board's BMC, which portguard cannot change, so check and
 * the agent leave it out, and fix on such a mail explains (the plan is
 * always "explain", ipmi_consumers.c) after fixing the mail's other
 * services. Its ports and processes are there so that a listener of
 * this host on 623/udp, which a Linux host normally has not, is found
 * and named. */
#include "config.h"

#include "services/ipmi/ipmi.h"
#include "services/ipmi/ipmi_consumers.h"
#include "services/ipmi/ipmi_mail.h"
#include "services/ipmi/ipmi_probe.h"

/* OpenIPMI's lanserv emulator (package openipmi), the IPMI-over-LAN
 * listener a Linux host may run. */
static const char *const processes[] = { "ipmi_sim", "ipmilan", NULL };

static const struct transport_port ports[] = {
	{ .transport = TRANSPORT_UDP, .port = IPMI_PORT },
};

static const struct service_letter letter = {
	.subject = { "Offene IPMI-Schnittstelle", "Open IPMI interface" },
	.notice = { "die offene IPMI-Schnittstelle (Port 623/udp)", "the open IPMI interface (port 623/udp)" },
	.client_before = "ipmitool -I lanplus -H ",
	.client_after = " -U '' -P '' chassis status",
	.client_sees_closed = {
		"ipmitool erhält keine Antwort und meldet „Unable to establish IPMI v2 / RMCP+ session“.",
		"ipmitool gets no answer and reports \"Unable to establish IPMI v2 / RMCP+ session\".",
	},
	.client_sees_filtered = {
		"ipmitool erhält keine Antwort mehr und meldet „Unable to establish IPMI v2 / RMCP+ session“.",
		"ipmitool gets no answer any more and reports \"Unable to establish IPMI v2 / RMCP+ session\".",
	},
	.client_sees_stopped = {
		"ipmitool erhält keine Antwort mehr und meldet „Unable to establish IPMI v2 / RMCP+ session“.",
		"ipmitool no longer gets an answer and reports \"Unable to establish IPMI v2 / RMCP+ session\".",
	},
};

const struct service ipmi_service = {
	.name = "ipmi",
	.daemon = "the BMC",
	.processes = processes,
	.ports = ports,
	.port_count = sizeof(ports) / sizeof(ports[0]),
	.service_unit = "ipmi_sim.service",
	.probe = &ipmi_probe,
	.letter = &letter,
	.mail = &ipmi_mail,
	.explain_kind = &ipmi_kind_bmc,
	.explain = ipmi_explain,
	.mail_only = true,
	.find_consumers = ipmi_find_consumers,
	.consumer_kinds = ipmi_consumer_kinds,
	.evidence_sources = ipmi_evidence_sources,
};
