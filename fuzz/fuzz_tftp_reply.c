/* SPDX-License-Identifier: GPL-2.0-or-later */
/* libFuzzer harness for TFTP's first reply to a read request: the input
 * as one datagram, and what is taken out of it. tests/unit/test_tftp_wire
 * links it too and replays tests/fixtures/tftp/ and its corpus/ through it. */
#include "config.h"

#include <assert.h>
#include <errno.h>
#include <string.h>

#include "services/tftp/tftp_wire.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void text_is_clean(const char *text, size_t max)
{
	size_t length = strnlen(text, max + 1);

	assert(length <= max);
	for (size_t i = 0; i < length; i++)
		assert(text[i] >= 0x20 && text[i] < 0x7f);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct tftp_reply reply;
	int r = tftp_reply_decode(data, size, &reply);

	assert(r == 0 || r == -EBADMSG);
	if (r < 0)
		return 0;
	assert(size >= TFTP_HEADER_SIZE);
	switch (reply.opcode) {
	case TFTP_OPCODE_DATA:
		assert(reply.block == 1 && reply.data_bytes <= TFTP_BLOCK_SIZE && reply.data_bytes + TFTP_HEADER_SIZE == size);
		break;
	case TFTP_OPCODE_ERROR:
		assert(reply.message_bytes + TFTP_HEADER_SIZE + 1 == size);
		text_is_clean(reply.message, TFTP_MESSAGE_MAX);
		break;
	case TFTP_OPCODE_OACK:
		assert(reply.option_count >= 1 && reply.option_count * 3 + 2 <= size);
		for (size_t i = 0; i < reply.option_count && i < TFTP_OPTIONS_MAX; i++) {
			assert(reply.options[i].name[0]);
			text_is_clean(reply.options[i].name, TFTP_OPTION_TEXT_MAX);
			text_is_clean(reply.options[i].value, TFTP_OPTION_TEXT_MAX);
		}
		break;
	default:
		assert(0);
	}
	assert(strcmp(tftp_opcode_name(reply.opcode), "?") != 0);
	return 0;
}
