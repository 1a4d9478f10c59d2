/* SPDX-License-Identifier: GPL-2.0-or-later */
/* TFTP's read request and first reply by hand: every length in the
 * reply is checked against the bytes that are there before it is used. */
#include "config.h"

#include <errno.h>
#include <string.h>

#include "services/tftp/tftp_wire.h"

static const char mode_octet[] = "octet";
static const char abort_message[] = "probe done";

static uint16_t get16(const uint8_t *at)
{
	return (uint16_t)(at[0] << 8 | at[1]);
}

static void put16(uint8_t *at, uint16_t value)
{
	at[0] = (uint8_t)(value >> 8);
	at[1] = (uint8_t)value;
}

int tftp_request_encode(const char *file, uint8_t *buffer, size_t size)
{
	size_t name, length;

	if (!file)
		return -EINVAL;
	name = strnlen(file, TFTP_FILENAME_MAX + 1);
	if (name == 0 || name > TFTP_FILENAME_MAX)
		return -EINVAL;
	length = 2 + name + 1 + sizeof(mode_octet);
	if (size < length)
		return -ENOBUFS;
	put16(buffer, TFTP_OPCODE_RRQ);
	memcpy(buffer + 2, file, name);
	buffer[2 + name] = 0;
	memcpy(buffer + 2 + name + 1, mode_octet, sizeof(mode_octet));
	return (int)length;
}

int tftp_abort_encode(uint8_t *buffer, size_t size)
{
	size_t length = TFTP_HEADER_SIZE + sizeof(abort_message);

	if (size < length)
		return -ENOBUFS;
	put16(buffer, TFTP_OPCODE_ERROR);
	put16(buffer + 2, TFTP_ERROR_NOT_DEFINED);
	memcpy(buffer + TFTP_HEADER_SIZE, abort_message, sizeof(abort_message));
	return (int)length;
}

/* The string at reply[at], ended by a NUL before length: its length, or
 * -EBADMSG when no NUL ends it. */
static int string_at(const uint8_t *reply, size_t length, size_t at, size_t *ret_length)
{
	const uint8_t *end;

	if (at >= length)
		return -EBADMSG;
	end = memchr(reply + at, 0, length - at);
	if (!end)
		return -EBADMSG;
	*ret_length = (size_t)(end - (reply + at));
	return 0;
}

/* Up to max bytes of the string, printable ASCII kept, other bytes '?'. */
static void text_copy(const uint8_t *at, size_t length, char *buffer, size_t max)
{
	size_t n = length < max ? length : max;

	for (size_t i = 0; i < n; i++)
		buffer[i] = at[i] >= 0x20 && at[i] < 0x7f ? (char)at[i] : '?';
	buffer[n] = '\0';
}

static int decode_error(const uint8_t *reply, size_t length, struct tftp_reply *reply_out)
{
	size_t message;

	if (string_at(reply, length, TFTP_HEADER_SIZE, &message) < 0 || TFTP_HEADER_SIZE + message + 1 != length)
		return -EBADMSG;
	reply_out->error_code = get16(reply + 2);
	reply_out->message_bytes = message;
	text_copy(reply + TFTP_HEADER_SIZE, message, reply_out->message, TFTP_MESSAGE_MAX);
	return 0;
}

static int decode_oack(const uint8_t *reply, size_t length, struct tftp_reply *reply_out)
{
	size_t at = 2;

	/* at least one pair: an OACK acknowledges options */
	if (length <= at)
		return -EBADMSG;
	while (at < length) {
		size_t name, value;

		if (string_at(reply, length, at, &name) < 0 || name == 0 ||
		    string_at(reply, length, at + name + 1, &value) < 0)
			return -EBADMSG;
		if (reply_out->option_count < TFTP_OPTIONS_MAX) {
			struct tftp_option *option = &reply_out->options[reply_out->option_count];

			text_copy(reply + at, name, option->name, TFTP_OPTION_TEXT_MAX);
			text_copy(reply + at + name + 1, value, option->value, TFTP_OPTION_TEXT_MAX);
		}
		reply_out->option_count++;
		at += name + 1 + value + 1;
	}
	return 0;
}

int tftp_reply_decode(const uint8_t *reply, size_t length, struct tftp_reply *ret_reply)
{
	struct tftp_reply decoded = { 0 };
	int r;

	if (!reply || length < TFTP_HEADER_SIZE)
		return -EBADMSG;
	decoded.opcode = get16(reply);
	switch (decoded.opcode) {
	case TFTP_OPCODE_DATA:
		decoded.block = get16(reply + 2);
		decoded.data_bytes = length - TFTP_HEADER_SIZE;
		r = decoded.block == 1 && decoded.data_bytes <= TFTP_BLOCK_SIZE ? 0 : -EBADMSG;
		break;
	case TFTP_OPCODE_ERROR:
		r = decode_error(reply, length, &decoded);
		break;
	case TFTP_OPCODE_OACK:
		r = decode_oack(reply, length, &decoded);
		break;
	default:
		r = -EBADMSG;
	}
	if (r < 0)
		return r;
	*ret_reply = decoded;
	return 0;
}

const char *tftp_opcode_name(uint16_t opcode)
{
	static const char *const names[] = { "?", "RRQ", "WRQ", "DATA", "ACK", "ERROR", "OACK" };

	return opcode < sizeof(names) / sizeof(names[0]) ? names[opcode] : "?";
}
