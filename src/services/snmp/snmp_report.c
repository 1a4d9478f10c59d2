/* SPDX-License-Identifier: GPL-2.0-or-later */
/* SNMP's paragraphs in the report: the system description the agent
 * gives anyone who says "public", and what one request got back. */
#include "config.h"

#include <stdio.h>

#include "services/probe_net.h"
#include "services/snmp/snmp_probe.h"

/* "v1 und v2c", "v2c" */
static const char *answered_versions(const struct snmp_detail *detail, enum language language)
{
	bool v1 = detail->versions[0].status == 0, v2c = detail->versions[1].status == 0;

	return v1 && v2c ? IN(language, "v1 und v2c", "v1 and v2c") : v1 ? "v1" : "v2c";
}

static const struct bilingual request_words = { "GetRequest-Anfrage", "GetRequest" };

/* "Eine GetRequest-Anfrage von 43 Byte ...", or "" when the record lacks it. */
static void amplification_sentence(const struct service_answer *answer, bool local_only, bool unanswered,
				   enum language language, char *buffer, size_t size)
{
	probe_amplification_sentence(answer, local_only, &request_words, language, buffer, size);
	if (!*buffer && unanswered) {
		snprintf(buffer, size, "%s", IN(language,
			"Der SNMP-Agent beantwortete bei der Prüfung keine Anfrage mit der Community „public“.",
			"The SNMP agent did not answer a request with community \"public\" during the scan."));
	}
}

void snmp_report_findings(const struct service_answer *answer, bool local_only, bool unanswered,
			  enum language language, struct prose *prose)
{
	const struct snmp_detail *detail = snmp_detail_of(answer);
	char amplification[320];

	amplification_sentence(answer, local_only, unanswered, language, amplification, sizeof(amplification));
	if (!snmp_answered(detail) && !*amplification)
		return;
	fputc('\n', prose->out);
	if (snmp_answered(detail) && detail->sysdescr[0])
		prose_paragraph(prose, 2, IN(language,
			"Der SNMP-Agent beantwortete SNMP%s mit der Community „public“ und gab seine Systembeschreibung (sysDescr) preis: „%s“. %s",
			"The SNMP agent answered SNMP%s with community \"public\" and gave away its system description (sysDescr): \"%s\". %s"),
			answered_versions(detail, language), detail->sysdescr, amplification);
	else if (snmp_answered(detail))
		prose_paragraph(prose, 2, IN(language,
			"Der SNMP-Agent beantwortete SNMP%s mit der Community „public“. %s",
			"The SNMP agent answered SNMP%s with community \"public\". %s"),
			answered_versions(detail, language), amplification);
	else
		prose_paragraph(prose, 2, "%s", amplification);
}

bool snmp_report_appendix(const struct service_answer *answer, char letter, bool before, struct prose *prose)
{
	const struct snmp_detail *detail = snmp_detail_of(answer);

	if (!snmp_answered(detail))
		return false;
	prose_paragraph(prose, 0, "%c. %s", letter, before
			? "SNMP-Antworten vor der Änderung / SNMP answers before the change (community public, sysDescr.0):"
			: "SNMP-Antworten / SNMP answers (community public, sysDescr.0):");
	for (size_t i = 0; i < SNMP_PROBE_VERSIONS; i++) {
		const struct snmp_version_result *version = &detail->versions[i];

		if (version->status == 0)
			prose_line(prose, "  v%s: %zu bytes, %s", snmp_version_name(i), version->reply_bytes,
				   snmp_value_name(version->value));
	}
	if (detail->sysdescr[0])
		prose_line(prose, "  sysDescr: %.255s", detail->sysdescr);
	fputc('\n', prose->out);
	return true;
}
