/* SPDX-License-Identifier: GPL-2.0-or-later */
/* libFuzzer harness for a DNS reply: the input as one datagram, decoded
 * as the reply to the probe's recursive query, to its ANY query and to
 * a query for www.example.org (the id taken from the input, so that
 * the decoder gets past it), and every name in it. tests/unit/test_dns_wire
 * links it too and replays tests/fixtures/dns/ and its corpus/ through it. */
#include "config.h"

#include <assert.h>
#include <errno.h>
#include <string.h>

#include "services/dns/dns_wire.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void text_is_clean(const char *text, size_t max)
{
	size_t length = strnlen(text, max + 1);

	assert(length <= max);
	for (size_t i = 0; i < length; i++)
		assert(text[i] >= 0x20 && text[i] < 0x7f);
}

static void decode_as(const uint8_t *data, size_t size, const char *name, uint16_t qtype)
{
	static struct dns_reply reply;
	uint16_t id = size >= 2 ? (uint16_t)(data[0] << 8 | data[1]) : 0;
	int r = dns_reply_decode(data, size, id, name, qtype, &reply);

	assert(r == 0 || r == -EBADMSG);
	if (r < 0)
		return;
	assert(size >= DNS_HEADER_SIZE && reply.id == id && reply.opcode == 0 && reply.question_count <= 1);
	assert(reply.records_kept <= DNS_RECORDS_MAX && reply.records_kept <= reply.answer_count);
	assert(reply.question_count == 1 || reply.rcode != DNS_RCODE_NOERROR);
	for (size_t i = 0; i < reply.records_kept; i++) {
		text_is_clean(reply.records[i].text, DNS_RDATA_TEXT_MAX - 1);
		assert(reply.records[i].rdata_bytes <= size);
	}
	assert(strcmp(dns_rcode_name(reply.rcode), "") != 0);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char name[DNS_NAME_TEXT_MAX];
	size_t end;

	decode_as(data, size, DNS_PROBE_NAME, DNS_TYPE_A);
	decode_as(data, size, ".", DNS_TYPE_ANY);
	decode_as(data, size, "www.example.org", DNS_TYPE_A);
	for (size_t offset = 0; offset < size && offset < 64; offset++)
		if (dns_name_decode(data, size, offset, name, &end) == 0) {
			assert(end > offset && end <= size);
			assert(strlen(name) < DNS_NAME_TEXT_MAX && name[strlen(name) - 1] == '.');
			text_is_clean(name, DNS_NAME_TEXT_MAX - 1);
		}
	return 0;
}
