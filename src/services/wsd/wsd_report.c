/* SPDX-License-Identifier: GPL-2.0-or-later */
/* WS-Discovery's paragraphs in the report: who gets wsdd's
 * ProbeMatches (anyone, or the hosts of its links, among them a public
 * one's), what it leaks, what one Probe got back, and the change of
 * /etc/default/wsdd an owner may prefer. */
#include "config.h"

#include <stdio.h>

#include "services/probe_net.h"
#include "services/wsd/wsd_probe.h"

static const struct bilingual request_words = { "WS-Discovery-Probe", "WS-Discovery Probe" };

void wsd_report_findings(const struct service_answer *answer, bool local_only, bool unanswered,
			 enum language language, struct prose *prose)
{
	const struct wsd_detail *detail = wsd_detail_of(answer);
	const struct wsd_exchange *answering = wsd_answering(detail);
	char amplification[320];

	probe_amplification_sentence(answer, local_only, &request_words, language, amplification, sizeof(amplification));
	if (!*amplification && unanswered)
		snprintf(amplification, sizeof(amplification), "%s", IN(language,
			"wsdd beantwortete bei der Prüfung keinen Probe.",
			"wsdd did not answer a Probe during the scan."));
	if (!answering && !*amplification)
		return;
	fputc('\n', prose->out);
	if (answering && detail->unicast.status == 0)
		prose_paragraph(prose, 2, IN(language,
			"Der WS-Discovery-Dienst beantwortet einen Probe jedes Absenders mit seiner Geräte-Kennung "
			"(%s) und seinen Typen (%s). %s",
			"The WS-Discovery service answers anyone's Probe with its device identity (%s) and its "
			"types (%s). %s"),
			answering->reply.endpoint.text, answering->reply.types.present ? answering->reply.types.text : "-",
			amplification);
	else if (answering)
		prose_paragraph(prose, 2, IN(language,
			"wsdd beantwortet einen Probe nur an die Gruppe %s, also den Rechnern seiner Netze; eine "
			"Anfrage direkt an die Adresse bleibt unbeantwortet (wsdd 0.7.0, gemessen)%s. Die Antwort "
			"nennt die Geräte-Kennung (%s) und die Typen (%s) und kommt doppelt. %s",
			"wsdd answers a Probe to the group %s only, that is the hosts of its links; one sent to the "
			"address itself gets nothing (wsdd 0.7.0, measured)%s. The answer names the device identity "
			"(%s) and the types (%s) and comes twice. %s"),
			WSD_GROUP4, detail->public_link ? IN(language,
				", doch eines seiner Netze ist öffentlich, und dessen Rechner sind Fremde",
				", but one of its links is public, and that link's hosts are strangers") : "",
			answering->reply.endpoint.text, answering->reply.types.present ? answering->reply.types.text : "-",
			amplification);
	else
		prose_paragraph(prose, 2, "%s", amplification);
	if (!answering)
		return;
	fputc('\n', prose->out);
	prose_paragraph(prose, 2, "%s", IN(language,
		"Dauerhaft lässt sich auch wsdd selbst umstellen: WSDD_PARAMS=\"-i <LAN-Schnittstelle>\" in "
		"/etc/default/wsdd, damit wsdd nur im LAN antwortet, dessen Windows-Rechner die Freigaben "
		"des Samba-Servers suchen.",
		"An owner may also prefer to change wsdd itself: WSDD_PARAMS=\"-i <lan interface>\" in "
		"/etc/default/wsdd, so that wsdd answers on the LAN alone, whose Windows clients browse the "
		"Samba server's shares."));
}

bool wsd_report_appendix(const struct service_answer *answer, char letter, bool before, struct prose *prose)
{
	const struct wsd_exchange *answering = wsd_answering(wsd_detail_of(answer));
	char reply[2 * WSD_TEXT_MAX + 64];

	if (!answering)
		return false;
	prose_paragraph(prose, 0, "%c. %s", letter, before
			? "WS-Discovery-Antwort vor der Änderung / WS-Discovery reply before the change:"
			: "WS-Discovery-Antwort / WS-Discovery reply:");
	wsd_reply_format(&answering->reply, reply, sizeof(reply));
	prose_line(prose, "  Probe wsdp:Device: %s", reply);
	if (answering->reply.xaddrs.present)
		prose_line(prose, "  XAddrs: %s", answering->reply.xaddrs.text);
	fputc('\n', prose->out);
	return true;
}
