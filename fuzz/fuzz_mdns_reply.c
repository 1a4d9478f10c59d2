/* SPDX-License-Identifier: GPL-2.0-or-later */
/* libFuzzer harness for the DNS reply decoder of mDNS, for the services
 * query and two follow-up queries, with the id the input starts with;
 * and the query encoder, whose query turned into an empty answer must
 * decode. tests/unit/test_mdns_wire links it too and replays
 * tests/fixtures/mdns/ and its corpus/. */
#include "config.h"

#include <assert.h>
#include <errno.h>
#include <string.h>

#include "services/mdns/mdns_wire.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void decode(const uint8_t *data, size_t size, const char *name)
{
	uint16_t id = size >= 2 ? (uint16_t)(data[0] << 8 | data[1]) : 0;
	struct mdns_reply reply = { .records = 12345 };

	if (mdns_reply_decode(data, size, id, name, &reply) < 0) {
		assert(reply.records == 12345 && !reply.names);
		return;
	}
	assert(reply.name_count <= MDNS_NAMES_MAX && reply.port_count <= MDNS_PORTS_MAX);
	assert(reply.addresses <= reply.records && reply.records <= size / 11);
	for (size_t i = 0; i < reply.name_count; i++) {
		size_t length = strlen(reply.names[i]);

		assert(length > 0 && length < MDNS_NAME_TEXT_MAX);
		for (size_t j = 0; j < length; j++)
			assert(reply.names[i][j] >= 0x20 && reply.names[i][j] <= 0x7e);
	}
	mdns_reply_free(&reply);
}

static void round_trip(const uint8_t *data, size_t size)
{
	uint8_t query[MDNS_QUERY_MAX];
	char name[DNS_NAME_MAX + 2];
	struct mdns_reply reply;
	int length;

	if (size > DNS_NAME_MAX + 1)
		return;
	memcpy(name, data, size);
	name[size] = '\0';
	length = mdns_ptr_query_encode(0x4242, name, query, sizeof(query));
	if (length < 0)
		return;
	assert(length >= DNS_HEADER_SIZE + 6 && length <= MDNS_QUERY_MAX);
	assert(mdns_reply_decode(query, (size_t)length, 0x4242, name, &reply) == -EBADMSG);
	query[2] |= 0x80;	/* QR: the question echoed, no answer */
	/* Printable labels read back as the same text; others as \DDD. */
	for (size_t i = 0; i < size; i++)
		if (data[i] < 0x20 || data[i] > 0x7e || data[i] == '\\')
			return;
	assert(mdns_reply_decode(query, (size_t)length, 0x4242, name, &reply) == 0);
	assert(reply.records == 0 && reply.name_count == 0);
	mdns_reply_free(&reply);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	decode(data, size, MDNS_SERVICES_NAME);
	decode(data, size, MDNS_WORKSTATION_NAME);
	decode(data, size, "_ssh._tcp.local");
	round_trip(data, size);
	return 0;
}
