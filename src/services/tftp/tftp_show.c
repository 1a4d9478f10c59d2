/* SPDX-License-Identifier: GPL-2.0-or-later */
/* TFTP's answer for people: what each read request got back, in
 * check's section and in probe HOST. */
#include "config.h"

#include <errno.h>
#include <stdio.h>

#include "services/probe_net.h"
#include "services/tftp/tftp_probe.h"

void tftp_reply_format(const struct tftp_reply *reply, char *buffer, size_t size)
{
	switch (reply->opcode) {
	case TFTP_OPCODE_DATA:
		snprintf(buffer, size, "DATA block %u (%zu bytes)", reply->block, reply->data_bytes);
		break;
	case TFTP_OPCODE_ERROR:
		snprintf(buffer, size, "ERROR %u \"%s\"", reply->error_code, reply->message);
		break;
	case TFTP_OPCODE_OACK:
		snprintf(buffer, size, "OACK (%zu options)", reply->option_count);
		break;
	default:
		snprintf(buffer, size, "%s", tftp_opcode_name(reply->opcode));
	}
}

static void exchange_print(const char *file, const struct tftp_exchange *exchange, FILE *out)
{
	char reply[TFTP_MESSAGE_MAX + 64];

	if (exchange->status == -ENOTCONN)
		return;
	fprintf(out, "Read request for %s (%zu bytes): %s", file, exchange->request_bytes, probe_status_text(exchange->status));
	if (exchange->status == 0) {
		tftp_reply_format(&exchange->reply, reply, sizeof(reply));
		fprintf(out, ", %s, %zu bytes", reply, exchange->reply_bytes);
	}
	fputc('\n', out);
}

static void exchanges_print(const struct service_answer *answer, FILE *out)
{
	const struct tftp_detail *detail = tftp_detail_of(answer);

	exchange_print(TFTP_MISSING_FILE, &detail->missing, out);
	exchange_print(TFTP_BOOT_FILE, &detail->boot, out);
	if (answer->reply_bytes)
		fprintf(out, "Largest reply %zu bytes to %zu; amplification %.2fx\n", answer->reply_bytes,
			answer->request_bytes, answer->amplification);
}

void tftp_answer_print(const struct service_answer *answer, FILE *out)
{
	const struct tftp_detail *detail = tftp_detail_of(answer);

	if (!answer->reachable) {
		fprintf(out, "The TFTP server at %s did not answer a read request (%s).\n",
			answer->peer[0] ? answer->peer : "127.0.0.1", probe_status_text(detail->missing.status));
		return;
	}
	fprintf(out, "The TFTP server at %s answers read requests%s.\n", answer->peer,
		tftp_serves_boot_file(detail) ? " and serves " TFTP_BOOT_FILE : "");
	exchanges_print(answer, out);
}

void tftp_probe_print(const struct service_answer *answer, uint16_t port, bool open, FILE *out)
{
	const struct tftp_detail *detail = tftp_detail_of(answer);

	fprintf(out, "UDP: %s\n", open ? "open" : "closed");
	exchanges_print(answer, out);
	if (open)
		fprintf(out, "\nVerdict: OPEN - %s answers a TFTP read request on port %u from here%s, amplification %.2fx.\n",
			answer->peer, port, tftp_serves_boot_file(detail) ? " and serves " TFTP_BOOT_FILE : "",
			answer->amplification);
	else
		fprintf(out, "\nVerdict: closed (%s) - no TFTP server answers a read request on port %u of %s from here.\n",
			tftp_probe.closed_because(answer), port, answer->peer);
}
