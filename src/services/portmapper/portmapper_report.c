/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The portmapper's paragraphs in the report: the RPC programs its
 * answer leaks, and what a DUMP request got back. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "services/portmapper/portmapper_probe.h"
#include "services/probe_net.h"

/* "portmapper, status, mountd": each name once, in order. */
static const char *program_names(const struct rpc_summary *rpc, struct joined *joined, struct prose *prose)
{
	joined_open(joined);
	for (size_t i = 0; i < rpc->count; i++) {
		const char *name = rpc->programs[i].name;
		bool seen = false;

		for (size_t j = 0; j < i && !seen; j++)
			seen = strcmp(rpc->programs[j].name, name) == 0;
		if (name[0] && !seen)
			joined_add(joined, name);
	}
	return joined_close(joined, prose);
}

static const struct bilingual request_words = { "DUMP-Anfrage", "DUMP request" };

/* "Eine DUMP-Anfrage von 40 Byte ...", or "" when the record lacks it. */
static void amplification_sentence(const struct service_answer *answer, bool local_only, bool unanswered,
				   enum language language, char *buffer, size_t size)
{
	probe_amplification_sentence(answer, local_only, &request_words, language, buffer, size);
	if (!*buffer && unanswered) {
		snprintf(buffer, size, "%s", IN(language, "Der Portmapper beantwortete bei der Prüfung keine DUMP-Anfrage.",
			"The portmapper did not answer a DUMP request during the scan."));
	}
}

void portmapper_report_findings(const struct service_answer *answer, bool local_only, bool unanswered,
				enum language language, struct prose *prose)
{
	struct joined joined;
	const char *names = program_names(portmapper_summary(answer), &joined, prose);
	char amplification[320];

	amplification_sentence(answer, local_only, unanswered, language, amplification, sizeof(amplification));
	if ((names && *names) || *amplification) {
		fputc('\n', prose->out);
		if (names && *names)
			prose_paragraph(prose, 2, IN(language,
				"Beim Portmapper registriert waren: %s (vollständige Liste im Anhang). %s",
				"Registered with the portmapper were: %s (full list in the appendix). %s"), names, amplification);
		else
			prose_paragraph(prose, 2, "%s", amplification);
	}
	joined_free(&joined);
}

bool portmapper_report_appendix(const struct service_answer *answer, char letter, bool before, struct prose *prose)
{
	const struct rpc_summary *rpc = portmapper_summary(answer);

	if (!rpc->count)
		return false;
	prose_paragraph(prose, 0, "%c. %s", letter, before
			? "RPC-Programme vor der Änderung / RPC programs before the change (rpcinfo -p):"
			: "RPC-Programme / RPC programs (rpcinfo -p):");
	prose_line(prose, "     program vers proto   port  service");
	for (size_t i = 0; i < rpc->count; i++) {
		const struct rpc_program *program = &rpc->programs[i];
		char line[160];

		snprintf(line, sizeof(line), "  %10u %4u %5.16s %6u  %.32s", program->program, program->version,
			 program->protocol, program->port, program->name);
		prose_line(prose, "%s", line);
	}
	fputc('\n', prose->out);
	return true;
}
