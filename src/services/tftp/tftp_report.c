/* SPDX-License-Identifier: GPL-2.0-or-later */
/* TFTP's paragraphs in the report: that the server answers anyone's
 * read request (an error reply is an answer too), whether it hands out
 * the network boot file, what one request got back, and the change of
 * /etc/default/tftpd-hpa an owner may prefer. */
#include "config.h"

#include <stdio.h>

#include "services/probe_net.h"
#include "services/tftp/tftp_probe.h"

static const struct bilingual request_words = { "TFTP-Leseanfrage (RRQ)", "TFTP read request (RRQ)" };

void tftp_report_findings(const struct service_answer *answer, bool local_only, bool unanswered,
			  enum language language, struct prose *prose)
{
	const struct tftp_detail *detail = tftp_detail_of(answer);
	char amplification[320];

	probe_amplification_sentence(answer, local_only, &request_words, language, amplification, sizeof(amplification));
	if (!*amplification && unanswered)
		snprintf(amplification, sizeof(amplification), "%s", IN(language,
			"in.tftpd beantwortete bei der Prüfung keine Leseanfrage.",
			"in.tftpd did not answer a read request during the scan."));
	if (!tftp_answered(detail) && !*amplification)
		return;
	fputc('\n', prose->out);
	if (tftp_serves_boot_file(detail))
		prose_paragraph(prose, 2, IN(language,
			"Der TFTP-Server beantwortet Leseanfragen jedes Absenders und liefert die Startdatei „%s“ "
			"der Netzwerkinstallation (PXE) aus, deren erster Block von %zu Byte auf eine kurze Anfrage folgt. %s "
			"Eine Anfrage mit gefälschtem Absender wird nie bestätigt, und der Server sendet den Block dann "
			"erneut (tftpd-hpa 5.2, gemessen: sechsmal binnen 31 Sekunden).",
			"The TFTP server answers anyone's read requests and hands out the network boot (PXE) file "
			"\"%s\", whose first block of %zu bytes follows a short request. %s "
			"A request with a forged sender is never acknowledged, and the server then sends the block "
			"again (tftpd-hpa 5.2, measured: six times within 31 seconds)."),
			TFTP_BOOT_FILE, detail->boot.reply.data_bytes, amplification);
	else if (tftp_answered(detail))
		prose_paragraph(prose, 2, IN(language,
			"Der TFTP-Server beantwortet Leseanfragen jedes Absenders; schon die Fehlermeldung auf eine Anfrage "
			"nach einer Datei, die es nicht gibt, zeigt Scannern einen offenen Dienst. %s",
			"The TFTP server answers anyone's read requests; even the error reply to a request for a file "
			"that does not exist shows scanners an open service. %s"),
			amplification);
	else
		prose_paragraph(prose, 2, "%s", amplification);
	if (!tftp_answered(detail))
		return;
	fputc('\n', prose->out);
	prose_paragraph(prose, 2, "%s", IN(language,
		"Dauerhaft lässt sich auch tftpd-hpa selbst umstellen: TFTP_ADDRESS=\"<LAN-Adresse>:69\" in "
		"/etc/default/tftpd-hpa, damit in.tftpd nur im LAN lauscht, aus dem die Rechner starten; "
		"ein dnsmasq, der TFTP anbietet, mit „enable-tftp=<LAN-Schnittstelle>“.",
		"An owner may also prefer to change tftpd-hpa itself: TFTP_ADDRESS=\"<lan address>:69\" in "
		"/etc/default/tftpd-hpa, so that in.tftpd listens on the LAN its clients boot from alone; "
		"a dnsmasq that serves TFTP with \"enable-tftp=<lan interface>\"."));
}

bool tftp_report_appendix(const struct service_answer *answer, char letter, bool before, struct prose *prose)
{
	const struct tftp_detail *detail = tftp_detail_of(answer);
	char reply[TFTP_MESSAGE_MAX + 64];

	if (!tftp_answered(detail))
		return false;
	prose_paragraph(prose, 0, "%c. %s", letter, before
			? "TFTP-Antworten vor der Änderung / TFTP replies before the change:"
			: "TFTP-Antworten / TFTP replies:");
	if (detail->missing.status == 0) {
		tftp_reply_format(&detail->missing.reply, reply, sizeof(reply));
		prose_line(prose, "  RRQ %s: %s", TFTP_MISSING_FILE, reply);
	}
	if (detail->boot.status == 0) {
		tftp_reply_format(&detail->boot.reply, reply, sizeof(reply));
		prose_line(prose, "  RRQ %s: %s", TFTP_BOOT_FILE, reply);
	}
	fputc('\n', prose->out);
	return true;
}
