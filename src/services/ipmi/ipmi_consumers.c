/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The BMC as IPMI's consumer, and the sentence fix prints and the
 * report gives: IPMI over LAN is answered by the management controller
 * below the operating system, so neither nftables nor systemd of this
 * host reaches it. ipmitool's ipmievd talks to the local BMC through
 * /dev/ipmi0 and opens no socket; what listens on 623/udp on Linux is
 * an emulator such as OpenIPMI's ipmi_sim, which is then named. */
#include "config.h"

#include "base/text.h"
#include "services/ipmi/ipmi_consumers.h"
#include "services/ipmi/ipmi_wire.h"

const struct consumer_kind ipmi_kind_bmc = {
	.name = "bmc",
	.description_en = "the board's management controller (BMC)",
	.description_de = "der Management-Controller (BMC) der Hauptplatine",
	.label_en = "the board's management controller (BMC), which answers IPMI on 623/udp by itself",
	.label_de = "der Management-Controller (BMC) der Hauptplatine, der IPMI auf 623/udp selbst beantwortet",
};

const struct consumer_kind *const ipmi_consumer_kinds[] = { &ipmi_kind_bmc, NULL };

static void bmc_format(const struct evidence *evidence, enum language language, char *buffer, size_t size)
{
	if (evidence->subject[0])
		text_format(buffer, size, IN(language,
			"auf 623/udp lauscht auch ein Prozess dieses Servers: %s (PID %d)",
			"a process of this server listens on 623/udp too: %s (pid %d)"),
			evidence->subject, (int)evidence->pid);
	else
		text_format(buffer, size, "%s", IN(language,
			"kein Socket dieses Servers lauscht auf 623/udp: IPMI beantwortet der BMC",
			"no socket of this server listens on 623/udp: the BMC answers IPMI"));
}

const struct evidence_source ipmi_source_bmc = { .name = "bmc", .format = bmc_format };
const struct evidence_source *const ipmi_evidence_sources[] = { &ipmi_source_bmc, NULL };

int ipmi_find_consumers(const struct consumer_request *request, struct consumer_list *list,
			struct error_record *ret_error)
{
	struct consumer consumer = { .kind = &ipmi_kind_bmc, .facts = { .source = &ipmi_source_bmc } };

	(void)ret_error;
	for (size_t i = 0; request->listeners && i < request->listeners->count; i++) {
		const struct listener *listener = &request->listeners->items[i];

		if (listener->transport != TRANSPORT_UDP || listener->port != IPMI_PORT || !listener->exposed)
			continue;
		text_format(consumer.facts.subject, sizeof(consumer.facts.subject), "%s",
			    listener->owner_count ? listener->owners[0].process : "?");
		consumer.facts.pid = listener->owner_count ? listener->owners[0].pid : 0;
		break;
	}
	return consumer_list_add(list, &consumer);
}

void ipmi_explain(const struct evidence *facts, enum language language, char *buffer, size_t size)
{
	if (facts->subject[0])
		text_format(buffer, size, IN(language,
			"Dieser Server selbst lauscht auf 623/udp (%s, PID %d): Beenden Sie diesen IPMI-over-LAN-Dienst oder binden Sie ihn an ein Management-Netz. Beantwortet der BMC die gemeldete Adresse, schalten Sie IPMI over LAN in den Einstellungen des BMC ab oder legen Sie seine Schnittstelle in ein Management-Netz; portguard sperrt 623/udp nicht.",
			"this server itself listens on 623/udp (%s, pid %d): stop that IPMI-over-LAN service or bind it to a management network. Where the board's BMC answers the reported address, turn off IPMI over LAN in the BMC's settings or put its interface on a management network; portguard does not firewall 623/udp."),
			facts->subject, (int)facts->pid);
	else
		text_format(buffer, size, "%s", IN(language,
			"IPMI (623/udp) der gemeldeten Adresse beantwortet der BMC der Hauptplatine, nicht Linux: Schalten Sie IPMI over LAN in den Einstellungen des BMC ab oder legen Sie seine Schnittstelle in ein Management-Netz; portguard kann das nicht ändern.",
			"the address's IPMI (623/udp) is answered by the board's BMC, not by Linux: turn off IPMI over LAN in the BMC's settings or put its interface on a management network; portguard cannot change it."));
}
