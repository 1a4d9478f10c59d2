/* SPDX-License-Identifier: GPL-2.0-or-later */
/* memcached's paragraphs in the report: what its stats give anyone who
 * asks, and what one UDP request got back. */
#include "config.h"

#include <inttypes.h>
#include <stdio.h>

#include "services/memcached/memcached_probe.h"

static void amplification_sentence(const struct service_answer *answer, bool local_only, bool unanswered,
				   enum language language, char *buffer, size_t size)
{
	const struct memcached_detail *detail = memcached_detail_of(answer);
	char factor[32];

	*buffer = '\0';
	if (answer->request_bytes > 0 && answer->reply_bytes > 0) {
		decimal_format(answer->amplification, language, factor, sizeof(factor));
		snprintf(buffer, size, local_only
			? IN(language,
			     "Auf dem Server selbst gemessen: Eine stats-Anfrage von %zu Byte über UDP wurde mit %zu Byte in %zu Datagrammen beantwortet; das entspräche einem Verstärkungsfaktor von %s.",
			     "Measured on the server itself: a stats request of %zu bytes over UDP was answered with %zu bytes in %zu datagrams, which would be an amplification factor of %s.")
			: IN(language,
			     "Eine stats-Anfrage von %zu Byte über UDP wurde mit %zu Byte in %zu Datagrammen beantwortet; das entspricht einem Verstärkungsfaktor von %s.",
			     "A stats request of %zu bytes over UDP was answered with %zu bytes in %zu datagrams, an amplification factor of %s."),
			answer->request_bytes, answer->reply_bytes, detail->udp_datagrams, factor);
	} else if (unanswered) {
		snprintf(buffer, size, "%s", IN(language, "memcached beantwortete bei der Prüfung keine stats-Anfrage.",
			"memcached did not answer a stats request during the scan."));
	}
}

void memcached_report_findings(const struct service_answer *answer, bool local_only, bool unanswered,
			       enum language language, struct prose *prose)
{
	const struct memcached_leak *leak = &memcached_detail_of(answer)->leak;
	char amplification[400];

	amplification_sentence(answer, local_only, unanswered, language, amplification, sizeof(amplification));
	if (!leak->known && !*amplification)
		return;
	fputc('\n', prose->out);
	if (leak->known)
		prose_paragraph(prose, 2, IN(language,
			"memcached gab auf „stats“ seine Version (%s), Prozessnummer, Laufzeit und Verbindungszahlen preis (vollständig im Anhang). %s",
			"memcached gave away its version (%s), process id, uptime and connection counts on \"stats\" (in full in the appendix). %s"),
			leak->version[0] ? leak->version : "?", amplification);
	else
		prose_paragraph(prose, 2, "%s", amplification);
}

bool memcached_report_appendix(const struct service_answer *answer, char letter, bool before, struct prose *prose)
{
	const struct memcached_leak *leak = &memcached_detail_of(answer)->leak;

	if (!leak->known)
		return false;
	prose_paragraph(prose, 0, "%c. %s", letter, before
			? "memcached stats vor der Änderung / memcached stats before the change:"
			: "memcached stats:");
	prose_line(prose, "  version %.64s", leak->version[0] ? leak->version : "?");
	prose_line(prose, "  pid %" PRId64 ", pointer_size %" PRId64, leak->pid, leak->pointer_size);
	prose_line(prose, "  uptime %" PRId64 ", time %" PRId64, leak->uptime, leak->time);
	prose_line(prose, "  curr_connections %" PRId64 ", total_connections %" PRId64, leak->curr_connections,
		   leak->total_connections);
	fputc('\n', prose->out);
	return true;
}
