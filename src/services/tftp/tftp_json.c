/* SPDX-License-Identifier: GPL-2.0-or-later */
/* TFTP's answer in JSON, the one place that spells its keys: check's
 * and the record's "tftp" object, and probe --json's "udp". The reply
 * to the scanners' request is under Shadowserver's column names
 * (opcode, errorcode, errormessage); the boot file's under "boot". */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "base/json_read.h"
#include "services/probe_net.h"
#include "services/tftp/tftp_probe.h"

/* One exchange: its status, and the reply's opcode and fields. */
static json_t *exchange_json(const struct tftp_exchange *exchange)
{
	const struct tftp_reply *reply = &exchange->reply;
	bool replied = exchange->status == 0;
	json_t *object = json_pack("{s:s, s:I, s:I}", "status", probe_status_text(exchange->status),
				   "request_bytes", (json_int_t)exchange->request_bytes,
				   "reply_bytes", (json_int_t)exchange->reply_bytes);

	if (!object || !replied)
		return object;
	if (json_object_set_new(object, "opcode", json_string(tftp_opcode_name(reply->opcode))) < 0 ||
	    (reply->opcode == TFTP_OPCODE_ERROR &&
	     (json_object_set_new(object, "errorcode", json_integer(reply->error_code)) < 0 ||
	      json_object_set_new(object, "errormessage", json_string(reply->message)) < 0)) ||
	    (reply->opcode == TFTP_OPCODE_DATA &&
	     json_object_set_new(object, "data_bytes", json_integer((json_int_t)reply->data_bytes)) < 0) ||
	    (reply->opcode == TFTP_OPCODE_OACK &&
	     json_object_set_new(object, "options", json_integer((json_int_t)reply->option_count)) < 0)) {
		json_decref(object);
		return NULL;
	}
	return object;
}

/* The scanners' exchange at the top, whose request_bytes and reply_bytes
 * service_answer_json_sizes replaces with the largest reply's: its own reply's size
 * stays as missing_reply_bytes. */
static json_t *detail_json(const struct tftp_detail *detail)
{
	json_t *object = exchange_json(&detail->missing), *boot = exchange_json(&detail->boot);

	if (!object || !boot || json_object_set_new(object, "file", json_string(TFTP_MISSING_FILE)) < 0 ||
	    json_object_set_new(object, "missing_reply_bytes", json_integer((json_int_t)detail->missing.reply_bytes)) < 0 ||
	    json_object_set_new(boot, "file", json_string(TFTP_BOOT_FILE)) < 0 ||
	    json_object_set_new(object, "serves_files", json_boolean(tftp_serves_boot_file(detail))) < 0 ||
	    json_object_set_new(object, "boot", boot) < 0) {
		json_decref(object);
		json_decref(boot);
		return NULL;
	}
	return object;
}

json_t *tftp_answer_json(const struct service_answer *answer, json_t *reachable)
{
	if (!reachable)
		return NULL;
	return service_answer_json_sizes(detail_json(tftp_detail_of(answer)), answer, reachable);
}

json_t *tftp_probe_json(const struct service_answer *answer)
{
	const struct tftp_detail *detail = tftp_detail_of(answer);

	return service_probe_json_udp(detail_json(detail), answer, tftp_answered(detail));
}

static uint16_t opcode_from_text(const char *text)
{
	for (uint16_t opcode = TFTP_OPCODE_RRQ; text && opcode <= TFTP_OPCODE_OACK; opcode++)
		if (strcasecmp(text, tftp_opcode_name(opcode)) == 0)
			return opcode;
	return 0;
}

/* An exchange back from a record, leniently: what does not read is left
 * as not asked. */
static void exchange_from_json(const json_t *object, struct tftp_exchange *exchange)
{
	const char *status = json_string_value(json_object_get(object, "status"));
	const char *message = json_string_value(json_object_get(object, "errormessage"));
	struct tftp_reply *reply = &exchange->reply;

	exchange->status = status ? probe_status_from_text(status) : -ENOTCONN;
	exchange->request_bytes = (size_t)integer_in(object, "request_bytes", 0, TFTP_REQUEST_MAX);
	exchange->reply_bytes = (size_t)integer_in(object, "reply_bytes", 0, 1 << 16);
	reply->opcode = opcode_from_text(json_string_value(json_object_get(object, "opcode")));
	reply->block = reply->opcode == TFTP_OPCODE_DATA ? 1 : 0;
	reply->data_bytes = (size_t)integer_in(object, "data_bytes", 0, TFTP_BLOCK_SIZE);
	reply->error_code = (uint16_t)integer_in(object, "errorcode", 0, 0xffff);
	reply->option_count = (size_t)integer_in(object, "options", 0, 1 << 16);
	/* a record's text is shown as the decoder would have kept it */
	for (size_t i = 0; message && message[i] && i < TFTP_MESSAGE_MAX; i++) {
		reply->message[i] = message[i] >= 0x20 && message[i] < 0x7f ? message[i] : '?';
		reply->message_bytes = i + 1;
	}
}

int tftp_answer_from_json(const json_t *object, struct service_answer *ret_answer)
{
	const json_t *amplification = json_object_get(object, "amplification");
	struct service_answer answer = { .probe = &tftp_probe };
	struct tftp_detail *detail = calloc(1, sizeof(*detail));

	if (!detail)
		return -ENOMEM;
	exchange_from_json(object, &detail->missing);
	detail->missing.request_bytes = tftp_probe.request_bytes;
	detail->missing.reply_bytes = (size_t)integer_in(object, "missing_reply_bytes", 0, 1 << 16);
	exchange_from_json(json_object_get(object, "boot"), &detail->boot);
	answer.detail = detail;
	answer.reachable = json_is_true(json_object_get(object, "reachable"));
	/* the object's sizes are the largest reply's, not the first exchange's */
	answer.request_bytes = (size_t)integer_in(object, "request_bytes", 0, 1 << 16);
	answer.reply_bytes = (size_t)integer_in(object, "reply_bytes", 0, 1 << 16);
	answer.amplification = json_is_number(amplification) ? json_number_value(amplification)
			       : probe_amplification(answer.reply_bytes, answer.request_bytes);
	text_copy_whole(object, "address", answer.peer, sizeof(answer.peer));
	*ret_answer = answer;
	return 0;
}
