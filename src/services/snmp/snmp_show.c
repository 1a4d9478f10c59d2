/* SPDX-License-Identifier: GPL-2.0-or-later */
/* SNMP's answer for people: what each version said and what sysDescr
 * leaks, in check's section and in probe HOST. */
#include "config.h"

#include <string.h>

#include "base/string_table.h"
#include "services/probe_net.h"
#include "services/snmp/snmp_probe.h"

static const char *const snmp_value_table[] = {
	[SNMP_VALUE_NONE] = "error",
	[SNMP_VALUE_TEXT] = "text",
	[SNMP_VALUE_NO_SUCH_OBJECT] = "noSuchObject",
	[SNMP_VALUE_NO_SUCH_INSTANCE] = "noSuchInstance",
	[SNMP_VALUE_END_OF_MIB_VIEW] = "endOfMibView",
};

const char *snmp_value_name(enum snmp_value value)
{
	return (size_t)value < sizeof(snmp_value_table) / sizeof(snmp_value_table[0]) ? snmp_value_table[value] : "?";
}

enum snmp_value snmp_value_from_name(const char *name)
{
	for (size_t i = 0; name && i < sizeof(snmp_value_table) / sizeof(snmp_value_table[0]); i++)
		if (strcmp(snmp_value_table[i], name) == 0)
			return (enum snmp_value)i;
	return SNMP_VALUE_NONE;
}

const char *snmp_version_name(size_t index)
{
	return index == SNMP_VERSION_1 ? "1" : "2c";
}

/* "v1 101 bytes (sysDescr), v2c no reply" */
static void versions_print(const struct snmp_detail *detail, FILE *out)
{
	for (size_t i = 0; i < SNMP_PROBE_VERSIONS; i++) {
		const struct snmp_version_result *version = &detail->versions[i];

		fprintf(out, "%sv%s ", i ? ", " : "", snmp_version_name(i));
		if (version->status != 0)
			fprintf(out, "%s", probe_status_text(version->status));
		else if (version->value == SNMP_VALUE_NONE)
			fprintf(out, "%zu bytes (error-status %u)", version->reply_bytes, version->error_status);
		else
			fprintf(out, "%zu bytes (%s)", version->reply_bytes,
				version->value == SNMP_VALUE_TEXT ? "sysDescr" : snmp_value_name(version->value));
	}
}

static void sizes_print(const struct service_answer *answer, FILE *out)
{
	fprintf(out, "GetRequests of %zu bytes with community public: ", answer->request_bytes);
	versions_print(snmp_detail_of(answer), out);
	if (answer->reply_bytes)
		fprintf(out, "; amplification %.2fx\n", answer->amplification);
	else
		fprintf(out, "; no amplification\n");
}

void snmp_answer_print(const struct service_answer *answer, FILE *out)
{
	const struct snmp_detail *detail = snmp_detail_of(answer);

	if (!answer->reachable) {
		fprintf(out, "The SNMP agent at %s did not answer community public (v1: %s, v2c: %s).\n",
			answer->peer[0] ? answer->peer : "127.0.0.1", probe_status_text(detail->versions[0].status),
			probe_status_text(detail->versions[1].status));
		return;
	}
	fprintf(out, "The SNMP agent at %s answers community public.\n", answer->peer);
	if (detail->sysdescr[0])
		fprintf(out, "sysDescr: %s\n", detail->sysdescr);
	sizes_print(answer, out);
}

void snmp_probe_print(const struct service_answer *answer, uint16_t port, bool open, FILE *out)
{
	const struct snmp_detail *detail = snmp_detail_of(answer);

	fprintf(out, "UDP: %s\n", open ? "open" : "closed");
	sizes_print(answer, out);
	if (detail->sysdescr[0])
		fprintf(out, "sysDescr: %s\n", detail->sysdescr);
	if (open)
		fprintf(out, "\nVerdict: OPEN - %s answers SNMP with community public on port %u from here%s, amplification %.2fx.\n",
			answer->peer, port, detail->sysdescr[0] ? " and leaks sysDescr" : "", answer->amplification);
	else
		fprintf(out, "\nVerdict: closed (%s) - no SNMP agent answers community public on port %u of %s from here.\n",
			snmp_probe.closed_because(answer), port, answer->peer);
}
