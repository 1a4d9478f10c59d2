/* SPDX-License-Identifier: GPL-2.0-or-later */
/* libFuzzer harness for what an SSDP reply goes through: the input as
 * one datagram, decoded by ssdp_wire.c. tests/unit/test_ssdp_wire
 * links it too and replays tests/fixtures/ssdp/ and its corpus/
 * through it. */
#include "config.h"

#include <assert.h>
#include <errno.h>
#include <string.h>

#include "services/ssdp/ssdp_wire.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void assert_value(const char *value)
{
	size_t length = strnlen(value, SSDP_VALUE_MAX);

	assert(length < SSDP_VALUE_MAX);
	for (size_t i = 0; i < length; i++)
		assert(value[i] == '\t' || (value[i] >= 0x20 && value[i] < 0x7f));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ssdp_reply reply;
	int r;

	memset(&reply, 0x5a, sizeof(reply));
	r = ssdp_reply_decode(data, size, &reply);
	assert(r == 0 || r == -EBADMSG || r == -EPROTO || r == -E2BIG);
	if (r < 0)
		return 0;
	assert(size <= SSDP_REPLY_MAX && size >= 12);
	assert(memcmp(data, "HTTP/1.", 7) == 0);
	assert(reply.header_count <= SSDP_HEADERS_MAX);
	assert_value(reply.st);
	assert_value(reply.usn);
	assert_value(reply.server);
	assert_value(reply.location);
	assert_value(reply.cache_control);
	assert(reply.st[0] || reply.usn[0]);
	return 0;
}
