/* SPDX-License-Identifier: GPL-2.0-or-later */
/* NTP's paragraphs in the report: the system variables READVAR leaks,
 * monlist's client list, and what one request got back. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "services/ntp/ntp_probe.h"

static void amplification_sentence(const struct service_answer *answer, bool local_only, bool unanswered,
				   enum language language, char *buffer, size_t size)
{
	const char *request = answer->request_bytes == NTP_MONLIST_REQUEST_SIZE ? "monlist (mode 7)" : "READVAR (mode 6)";
	char factor[32];

	*buffer = '\0';
	if (answer->request_bytes > 0 && answer->reply_bytes > 0) {
		decimal_format(answer->amplification, language, factor, sizeof(factor));
		snprintf(buffer, size, local_only
			? IN(language,
			     "Auf dem Server selbst gemessen: Eine %s-Anfrage von %zu Byte wurde mit %zu Byte beantwortet; das entspräche einem Verstärkungsfaktor von %s.",
			     "Measured on the server itself: a %s request of %zu bytes was answered with %zu bytes, which would be an amplification factor of %s.")
			: IN(language,
			     "Eine %s-Anfrage von %zu Byte wurde mit %zu Byte beantwortet; das entspricht einem Verstärkungsfaktor von %s.",
			     "A %s request of %zu bytes was answered with %zu bytes, an amplification factor of %s."),
			request, answer->request_bytes, answer->reply_bytes, factor);
	} else if (unanswered) {
		snprintf(buffer, size, "%s", IN(language,
			"ntpd beantwortete bei der Prüfung weder READVAR (Mode 6) noch monlist (Mode 7).",
			"ntpd answered neither READVAR (mode 6) nor monlist (mode 7) during the scan."));
	}
}

void ntp_report_findings(const struct service_answer *answer, bool local_only, bool unanswered,
			 enum language language, struct prose *prose)
{
	const struct ntp_detail *detail = ntp_detail_of(answer);
	const char *version = ntp_variable_find(&detail->variables, "version");
	const char *system = ntp_variable_find(&detail->variables, "system");
	char amplification[400];

	amplification_sentence(answer, local_only, unanswered, language, amplification, sizeof(amplification));
	if (!version && !detail->monlist_entries && !*amplification)
		return;
	fputc('\n', prose->out);
	if (version)
		prose_paragraph(prose, 2, IN(language,
			"ntpd gab seine Systemvariablen preis, darunter Version „%s“ und System „%s“ (vollständig im Anhang). %s",
			"ntpd gave away its system variables, among them version \"%s\" and system \"%s\" (in full in the appendix). %s"),
			version, system ? system : "?", amplification);
	else
		prose_paragraph(prose, 2, "%s", amplification);
	if (detail->monlist_entries)
		prose_paragraph(prose, 2, IN(language,
			"monlist (Mode 7) nannte %zu Clients dieses Servers.",
			"monlist (mode 7) named %zu clients of this server."), detail->monlist_entries);
}

bool ntp_report_appendix(const struct service_answer *answer, char letter, bool before, struct prose *prose)
{
	const struct ntp_detail *detail = ntp_detail_of(answer);

	if (!detail->variables.count)
		return false;
	prose_paragraph(prose, 0, "%c. %s", letter, before
			? "NTP-Systemvariablen vor der Änderung / NTP system variables before the change (ntpq -c rv):"
			: "NTP-Systemvariablen / NTP system variables (ntpq -c rv):");
	for (size_t i = 0; i < detail->variables.count; i++)
		prose_line(prose, "  %.32s=%.200s", detail->variables.items[i].name, detail->variables.items[i].value);
	fputc('\n', prose->out);
	return true;
}
