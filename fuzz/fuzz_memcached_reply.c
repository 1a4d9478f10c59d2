/* SPDX-License-Identifier: GPL-2.0-or-later */
/* libFuzzer harness for everything a memcached stats reply goes through:
 * the input as TCP text, as one UDP datagram, and as datagrams each
 * prefixed by a 2-byte length (the corpus's *.udp files), reassembled
 * and parsed. tests/unit/test_memcached_wire links it too and replays
 * tests/fixtures/memcached/ and its corpus/ through it. */
#include "config.h"

#include <assert.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "services/memcached/memcached_wire.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void parse(const char *text, size_t length)
{
	struct memcached_stats stats;
	int r = memcached_stats_parse(text, length, &stats);

	assert(r == 0 || r == -EBADMSG || r == -EPROTO || r == -E2BIG);
	if (r < 0)
		return;
	assert(memcached_reply_complete(text, length));
	assert(stats.count <= MEMCACHED_STATS_MAX);
	for (size_t i = 0; i < stats.count; i++) {
		assert(stats.items[i].name[0] && memchr(stats.items[i].name, '\0', MEMCACHED_STAT_NAME_MAX));
		assert(stats.items[i].value[0] && memchr(stats.items[i].value, '\0', MEMCACHED_STAT_VALUE_MAX));
	}
	assert(memchr(stats.version, '\0', sizeof(stats.version)));
	assert(stats.pid >= -1 && stats.uptime >= -1 && stats.curr_connections >= -1);
	memcached_stats_free(&stats);
}

static void reassemble(struct memcached_udp_reply *reply, const uint8_t *data, size_t size)
{
	size_t offset = 0;
	int r = 0;

	while (r == 0 && size - offset >= 2) {
		size_t length = (size_t)data[offset] << 8 | data[offset + 1];

		offset += 2;
		if (length > size - offset)
			length = size - offset;
		if (reply->total == 0 && length >= 2)
			reply->request_id = (uint16_t)(data[offset] << 8 | data[offset + 1]);
		r = memcached_udp_reply_feed(reply, data + offset, length);
		assert(r == 1 || r == 0 || r == -ESRCH || r == -EBADMSG || r == -E2BIG || r == -ENOMEM);
		assert(reply->received <= reply->total && reply->text_bytes <= MEMCACHED_TEXT_MAX);
		if (r == -ESRCH)
			r = 0;
		offset += length;
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct memcached_udp_reply reply;
	char *text;
	size_t length;

	parse((const char *)data, size);

	memcached_udp_reply_init(&reply, size >= 2 ? (uint16_t)(data[0] << 8 | data[1]) : 0);
	if (memcached_udp_reply_feed(&reply, data, size) == 1 &&
	    memcached_udp_reply_join(&reply, &text, &length) == 0) {
		assert(length + MEMCACHED_UDP_HEADER_SIZE == size);
		parse(text, length);
		free(text);
	}
	memcached_udp_reply_free(&reply);

	reassemble(&reply, data, size);
	if (memcached_udp_reply_join(&reply, &text, &length) == 0) {
		assert(length == reply.text_bytes);
		parse(text, length);
		free(text);
	} else {
		assert(reply.received < reply.total || reply.total == 0);
	}
	memcached_udp_reply_free(&reply);
	return 0;
}
