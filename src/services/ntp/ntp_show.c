/* SPDX-License-Identifier: GPL-2.0-or-later */
/* NTP's answer for people: the system variables READVAR leaked (what
 * `ntpq -c rv` shows), monlist's clients, the sizes and the factor. */
#include "config.h"

#include <errno.h>
#include <string.h>

#include "services/ntp/ntp_probe.h"

static const int statuses[] = {
	0, -ETIMEDOUT, -ECONNREFUSED, -EBADMSG, -ENETUNREACH, -EHOSTUNREACH, -EACCES, -ENODATA,
};

const char *ntp_status_text(int status)
{
	switch (status) {
	case 0: return "answered";
	case -ETIMEDOUT: return "no reply";
	case -ECONNREFUSED: return "refused";
	case -EBADMSG: return "malformed reply";
	case -ENETUNREACH: return "network unreachable";
	case -EHOSTUNREACH: return "host unreachable";
	case -EACCES: return "prohibited";
	case -ENODATA: return "not asked";
	default: return "failed";
	}
}

int ntp_status_from_text(const char *text)
{
	for (size_t i = 0; text && i < sizeof(statuses) / sizeof(statuses[0]); i++)
		if (strcmp(ntp_status_text(statuses[i]), text) == 0)
			return statuses[i];
	return -EIO;
}

/* The variables the scanners' report columns name, in ntpq's order. */
static void variables_print(const struct ntp_detail *detail, FILE *out)
{
	for (size_t i = 0; i < detail->variables.count; i++) {
		const struct ntp_variable *variable = &detail->variables.items[i];

		fprintf(out, "  %s=%s%s%s\n", variable->name, variable->quoted ? "\"" : "", variable->value,
			variable->quoted ? "\"" : "");
	}
}

static void sizes_print(const struct ntp_detail *detail, FILE *out)
{
	fprintf(out, "mode 6 READVAR (%u bytes): ", NTP_READVAR_REQUEST_SIZE);
	if (detail->readvar_bytes)
		fprintf(out, "%zu bytes in %zu datagram%s, amplification %.1fx\n", detail->readvar_bytes,
			detail->readvar_datagrams, detail->readvar_datagrams == 1 ? "" : "s",
			(double)detail->readvar_bytes / NTP_READVAR_REQUEST_SIZE);
	else
		fprintf(out, "%s\n", ntp_status_text(detail->readvar));
	fprintf(out, "mode 7 MON_GETLIST_1 (%u bytes): ", NTP_MONLIST_REQUEST_SIZE);
	if (detail->monlist_bytes)
		fprintf(out, "%zu bytes in %zu datagram%s, %zu client%s listed, amplification %.1fx\n",
			detail->monlist_bytes, detail->monlist_datagrams, detail->monlist_datagrams == 1 ? "" : "s",
			detail->monlist_entries, detail->monlist_entries == 1 ? "" : "s",
			(double)detail->monlist_bytes / NTP_MONLIST_REQUEST_SIZE);
	else
		fprintf(out, "%s\n", ntp_status_text(detail->monlist));
}

void ntp_answer_print(const struct service_answer *answer, FILE *out)
{
	const struct ntp_detail *detail = ntp_detail_of(answer);

	if (!answer->reachable) {
		fprintf(out, "ntpd at %s answered neither mode 6 READVAR nor mode 7 monlist (%s, %s).\n",
			answer->peer[0] ? answer->peer : "127.0.0.1", ntp_status_text(detail->readvar),
			ntp_status_text(detail->monlist));
		return;
	}
	fprintf(out, "ntpd at %s answered:\n", answer->peer);
	sizes_print(detail, out);
	if (detail->variables.count) {
		fprintf(out, "System variables (ntpq -c rv):\n");
		variables_print(detail, out);
	}
}

void ntp_probe_print(const struct service_answer *answer, uint16_t port, bool open, FILE *out)
{
	const struct ntp_detail *detail = ntp_detail_of(answer);

	sizes_print(detail, out);
	if (detail->variables.count)
		variables_print(detail, out);
	if (open)
		fprintf(out, "\nVerdict: OPEN - %s answers NTP queries on port %u from here: %zu system variables%s, amplification %.1fx.\n",
			answer->peer, port, detail->variables.count,
			detail->monlist_bytes ? " and the monlist" : "", answer->amplification);
	else
		fprintf(out, "\nVerdict: closed (%s) - no NTP mode 6 or mode 7 answer on port %u of %s from here.\n",
			ntp_probe.closed_because(answer), port, answer->peer);
}
