/* SPDX-License-Identifier: GPL-2.0-or-later */
/* libFuzzer harness for everything a portmapper's reply goes through:
 * the DUMP decoder of each version, TCP record reassembly in arbitrary
 * chunks, deduplication, universal addresses. tests/unit/test_rpc links
 * it too and replays tests/fixtures/rpc/corpus through it. */
#include "config.h"

#include <assert.h>
#include <stdlib.h>
#include <string.h>

#include "rpc/rpc.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static uint32_t leading_xid(const uint8_t *data, size_t size)
{
	if (size < 4)
		return 0;
	return (uint32_t)data[0] << 24 | (uint32_t)data[1] << 16 | (uint32_t)data[2] << 8 | data[3];
}

/* Feeds the input as TCP bytes in chunks whose sizes come from the
 * input itself, as a server choosing its segment sizes would. */
static void reassemble(const uint8_t *data, size_t size, struct rpc_program_list *list)
{
	struct rpc_record record;
	size_t offset = 0;
	int r = 0;

	rpc_record_init(&record, 4096);
	while (offset < size && r == 0) {
		size_t chunk = (size_t)data[offset] % 64 + 1, used;

		if (chunk > size - offset)
			chunk = size - offset;
		r = rpc_record_feed(&record, data + offset, chunk, &used);
		assert(used <= chunk);
		assert(record.length <= record.wire_bytes && record.wire_bytes <= record.limit);
		offset += used;
		if (r == 0 && used < chunk)
			abort();	/* an incomplete record must take every byte */
	}
	if (r == 1)
		rpc_dump_reply_decode(record.data, record.length, leading_xid(record.data, record.length),
				      2 + (uint32_t)(size % 3), list);
	rpc_record_free(&record);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct rpc_program_list list = { 0 };
	uint32_t xid = leading_xid(data, size);
	char text[80];

	for (uint32_t version = 2; version <= 4; version++) {
		size_t before = list.count;

		if (rpc_dump_reply_decode(data, size, xid, version, &list) < 0)
			assert(list.count == before);
	}
	reassemble(data, size, &list);
	for (size_t i = 0; i < list.count; i++) {
		assert(memchr(list.items[i].protocol, '\0', RPC_PROTOCOL_MAX));
		assert(memchr(list.items[i].address, '\0', RPC_ADDRESS_MAX));
		assert(memchr(list.items[i].name, '\0', RPC_NAME_MAX));
	}
	if (rpc_program_list_deduplicate(&list) == 0)
		for (size_t i = 1; i < list.count; i++)
			assert(list.items[i].program != list.items[0].program ||
			       list.items[i].version != list.items[0].version ||
			       strcmp(list.items[i].protocol, list.items[0].protocol) != 0 ||
			       list.items[i].port != list.items[0].port);
	rpc_program_list_free(&list);

	if (size < sizeof(text)) {
		uint16_t port;

		memcpy(text, data, size);
		text[size] = '\0';
		rpc_universal_address_port(text, &port);
	}
	return 0;
}
