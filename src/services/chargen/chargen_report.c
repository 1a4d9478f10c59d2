/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The internal services' paragraphs in the report: which of them
 * answered one byte, and with how many. */
#include "config.h"

#include <stdio.h>

#include "services/chargen/chargen_probe.h"

void chargen_report_findings(const struct service_answer *answer, bool local_only, bool unanswered,
			     enum language language, struct prose *prose)
{
	const struct chargen_detail *detail = chargen_detail_of(answer);
	char factor[32], answered[128];

	if (answer->reply_bytes == 0) {
		if (!unanswered)
			return;
		fputc('\n', prose->out);
		prose_paragraph(prose, 2, "%s", IN(language,
			"Bei der Prüfung beantwortete keiner der Dienste chargen, qotd, echo und daytime ein Datagramm.",
			"None of chargen, qotd, echo and daytime answered a datagram during the scan."));
		return;
	}
	chargen_answered_list(detail, answered, sizeof(answered));
	decimal_format(answer->amplification, language, factor, sizeof(factor));
	fputc('\n', prose->out);
	prose_paragraph(prose, 2, local_only
		? IN(language,
		     "Auf dem Server selbst gemessen: Ein Datagramm von %zu Byte wurde beantwortet von %s; die größte Antwort hatte %zu Byte, das entspräche einem Verstärkungsfaktor von %s.",
		     "Measured on the server itself: a datagram of %zu bytes was answered by %s; the largest reply had %zu bytes, which would be an amplification factor of %s.")
		: IN(language,
		     "Ein Datagramm von %zu Byte wurde beantwortet von %s; die größte Antwort hatte %zu Byte, das entspricht einem Verstärkungsfaktor von %s.",
		     "A datagram of %zu bytes was answered by %s; the largest reply had %zu bytes, an amplification factor of %s."),
		answer->request_bytes, answered, answer->reply_bytes, factor);
	/* The owner's own change, which makes portguard's unnecessary. */
	prose_paragraph(prose, 2, "%s", IN(language,
		"Niemand braucht diese Testdienste. Wer sie an der Quelle abschalten möchte, setzt in den Dateien unter /etc/xinetd.d, die sie einschalten (etwa chargen-udp mit id = chargen-dgram), „disable = yes“ und lädt xinetd neu (systemctl reload xinetd), oder kommentiert ihre Zeilen in /etc/inetd.conf aus.",
		"Nobody needs these test services. To turn them off at the source, set \"disable = yes\" in the files below /etc/xinetd.d that enable them (such as chargen-udp with id = chargen-dgram) and reload xinetd (systemctl reload xinetd), or comment their lines in /etc/inetd.conf out."));
}

bool chargen_report_appendix(const struct service_answer *answer, char letter, bool before, struct prose *prose)
{
	const struct chargen_detail *detail = chargen_detail_of(answer);

	if (!answer->reachable)
		return false;
	prose_paragraph(prose, 0, "%c. %s", letter, before
			? "Antworten vor der Änderung / replies before the change:"
			: "Antworten / replies:");
	for (size_t i = 0; i < detail->count; i++)
		if (detail->ports[i].status == 0)
			prose_line(prose, "  %s %u/udp: %zu Byte/bytes \"%.60s\"", chargen_kind_name(detail->ports[i].kind),
				   detail->ports[i].port, detail->ports[i].reply_bytes, detail->ports[i].sample);
	fputc('\n', prose->out);
	return true;
}
