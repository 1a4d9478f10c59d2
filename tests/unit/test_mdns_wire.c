/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "config.h"

#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "fixture_file.h"

#include "corpus_replay.h"
#include "services/mdns/mdns_wire.h"

/* The replies of avahi-daemon 0.8 recorded by tests/fixtures/mdns/record.sh,
 * with the ids capture.py asked with. */
static const struct {
	const char *file, *name;
	uint16_t id;
	size_t length;
} fixtures[] = {
	{ "avahi-services.bin", MDNS_SERVICES_NAME, 0x1234, 97 },
	{ "avahi-workstation.bin", MDNS_WORKSTATION_NAME, 0x5678, 166 },
	{ "avahi-ssh.bin", "_ssh._tcp.local", 0x9abc, 138 },
};
#define FIXTURE_COUNT (sizeof(fixtures) / sizeof(fixtures[0]))


/* Decodes, asserting that a refusal leaves *ret_reply as it was. */
static int decode(const uint8_t *message, size_t length, uint16_t id, const char *name, struct mdns_reply *reply)
{
	int r;

	memset(reply, 0xa5, sizeof(*reply));
	r = mdns_reply_decode(message, length, id, name, reply);
	if (r < 0) {
		struct mdns_reply untouched;

		memset(&untouched, 0xa5, sizeof(untouched));
		assert_memory_equal(reply, &untouched, sizeof(untouched));
		memset(reply, 0, sizeof(*reply));
	}
	return r;
}

static void services_query_is_46_bytes_as_scanners_send(void **state)
{
	/* RESEARCH18 1.1, byte for byte */
	const uint8_t expected[] = {
		0x12, 0x34, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
		0x09, '_', 's', 'e', 'r', 'v', 'i', 'c', 'e', 's', 0x07, '_', 'd', 'n', 's', '-', 's', 'd',
		0x04, '_', 'u', 'd', 'p', 0x05, 'l', 'o', 'c', 'a', 'l', 0x00, 0x00, 0x0c, 0x00, 0x01,
	};
	uint8_t buffer[MDNS_QUERY_MAX];

	(void)state;
	assert_int_equal(mdns_services_query_encode(0x1234, buffer, sizeof(buffer)), 46);
	assert_memory_equal(buffer, expected, sizeof(expected));
	assert_int_equal(mdns_services_query_encode(0x1234, buffer, 45), -ENOBUFS);
}

static void follow_up_query_is_what_avahi_echoes(void **state)
{
	uint8_t buffer[MDNS_QUERY_MAX];

	(void)state;
	for (size_t i = 0; i < FIXTURE_COUNT; i++) {
		size_t length;
		uint8_t *reply = fixture_read("mdns", fixtures[i].file, &length);
		int query_length = mdns_ptr_query_encode(fixtures[i].id, fixtures[i].name, buffer, sizeof(buffer));

		assert_true(query_length > DNS_HEADER_SIZE);
		/* id, then the question section repeated (RFC 6762 6.7) */
		assert_memory_equal(buffer, reply, 2);
		assert_memory_equal(buffer + DNS_HEADER_SIZE, reply + DNS_HEADER_SIZE,
				    (size_t)query_length - DNS_HEADER_SIZE);
		free(reply);
	}
}

static void query_names_are_checked(void **state)
{
	char label64[80], long_name[300] = "";
	uint8_t buffer[MDNS_QUERY_MAX];
	const char *bad[] = { "", ".", "local.", ".local", "_ssh..local", label64, long_name };

	(void)state;
	memset(label64, 'a', 64);
	label64[64] = '\0';
	/* 4 labels of 62 and "local": 4 × 63 + 6 + 1 = 259 bytes */
	for (int i = 0; i < 4; i++)
		strcat(long_name, "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb.");
	strcat(long_name, "local");
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		assert_int_equal(mdns_ptr_query_encode(1, bad[i], buffer, sizeof(buffer)), -EINVAL);
	label64[63] = '\0';
	assert_int_equal(mdns_ptr_query_encode(1, label64, buffer, sizeof(buffer)), 12 + 65 + 4);
	long_name[strlen(long_name) - 6] = '\0';	/* 4 × 63 + 1 = 253 */
	assert_int_equal(mdns_ptr_query_encode(1, long_name, buffer, sizeof(buffer)), 12 + 253 + 4);
}

static void decodes_avahi_replies(void **state)
{
	struct mdns_reply reply;
	size_t length;
	uint8_t *message;

	(void)state;
	message = fixture_read("mdns", "avahi-services.bin", &length);
	assert_int_equal(decode(message, length, 0x1234, MDNS_SERVICES_NAME, &reply), 0);
	assert_int_equal(reply.name_count, 2);
	assert_string_equal(reply.names[0], "_workstation._tcp.local");
	assert_string_equal(reply.names[1], "_ssh._tcp.local");
	assert_int_equal(reply.records, 2);
	assert_int_equal(reply.port_count, 0);
	assert_false(reply.truncated);
	mdns_reply_free(&reply);
	assert_null(reply.names);
	free(message);

	/* the host name and the MAC, what Shadowserver's workstation_info shows */
	message = fixture_read("mdns", "avahi-workstation.bin", &length);
	assert_int_equal(decode(message, length, 0x5678, MDNS_WORKSTATION_NAME, &reply), 0);
	assert_int_equal(reply.name_count, 1);
	assert_string_equal(reply.names[0], "pgtest [86:e3:c9:16:e5:33]._workstation._tcp.local");
	assert_int_equal(reply.records, 5);	/* PTR, SRV, TXT, AAAA, A */
	assert_int_equal(reply.addresses, 2);
	assert_int_equal(reply.port_count, 1);
	assert_int_equal(reply.ports[0], 9);
	mdns_reply_free(&reply);
	free(message);

	message = fixture_read("mdns", "avahi-ssh.bin", &length);
	assert_int_equal(decode(message, length, 0x9abc, "_SSH._tcp.LOCAL", &reply), 0);
	assert_int_equal(reply.name_count, 1);
	assert_string_equal(reply.names[0], "pgtest._ssh._tcp.local");
	assert_int_equal(reply.ports[0], 22);
	mdns_reply_free(&reply);
	free(message);
}

static void header_and_question_are_checked(void **state)
{
	struct mdns_reply reply;
	size_t length;
	uint8_t *fixture = fixture_read("mdns", "avahi-services.bin", &length);
	uint8_t message[128];
	const struct { size_t at; uint8_t value; int expected; } changes[] = {
		{ 1, 0x35, -ESRCH },	/* id */
		{ 2, 0x04, -EBADMSG },	/* QR clear: a query */
		{ 2, 0x8c, -EBADMSG },	/* opcode 1 */
		{ 3, 0x03, -EPROTO },	/* NXDOMAIN */
		{ 5, 0x02, -EBADMSG },	/* two questions */
		{ 5, 0x00, -EBADMSG },	/* no question: the bytes no record */
		{ 7, 0x03, -EBADMSG },	/* a third answer that is not there */
		{ 7, 0x01, -EBADMSG },	/* bytes after the records */
		{ 11, 0x01, -EBADMSG },	/* an additional record that is not there */
		{ 13, 0x5e, -ESRCH },	/* "^services": another question */
		{ 43, 0x10, -ESRCH },	/* QTYPE TXT */
		{ 45, 0x02, -ESRCH },	/* QCLASS CS */
		{ 12, 0x40, -EBADMSG },	/* label type 01 */
		{ 12, 0x80, -EBADMSG },	/* label type 10 */
		{ 12, 0x3f, -EBADMSG },	/* a label past the end */
		{ 57, 0x15, -EBADMSG },	/* RDLENGTH one more than the PTR name */
		{ 57, 0x13, -EBADMSG },	/* RDLENGTH one less */
		{ 47, 0x30, -EBADMSG },	/* owner pointer forward */
		{ 47, 0x2f, -EBADMSG },	/* owner pointer to itself */
		{ 77, 0x4c, -EBADMSG },	/* target pointer into its own name: a loop */
	};

	(void)state;
	for (size_t cut = 0; cut < length; cut++)
		assert_int_equal(decode(fixture, cut, 0x1234, MDNS_SERVICES_NAME, &reply), -EBADMSG);
	for (size_t i = 0; i < sizeof(changes) / sizeof(changes[0]); i++) {
		memcpy(message, fixture, length);
		message[changes[i].at] = changes[i].value;
		assert_int_equal(decode(message, length, 0x1234, MDNS_SERVICES_NAME, &reply), changes[i].expected);
	}
	memcpy(message, fixture, length);
	message[length] = 0;
	assert_int_equal(decode(message, length + 1, 0x1234, MDNS_SERVICES_NAME, &reply), -EBADMSG);
	/* the TC bit: what came is kept, and said to be partial */
	message[2] |= 0x02;
	assert_int_equal(decode(message, length, 0x1234, MDNS_SERVICES_NAME, &reply), 0);
	assert_true(reply.truncated);
	mdns_reply_free(&reply);
	/* a reply without the question (as multicast mDNS answers) */
	assert_int_equal(decode(fixture, length, 0x1234, "_ssh._tcp.local", &reply), -ESRCH);
	free(fixture);
}

static size_t put_record(uint8_t *at, const uint8_t *owner, size_t owner_length, uint16_t type,
			 const uint8_t *rdata, size_t rdata_length)
{
	uint8_t fixed[10] = { (uint8_t)(type >> 8), (uint8_t)type, 0, 1, 0, 0, 0, 10,
			      (uint8_t)(rdata_length >> 8), (uint8_t)rdata_length };

	memcpy(at, owner, owner_length);
	memcpy(at + owner_length, fixed, sizeof(fixed));
	memcpy(at + owner_length + sizeof(fixed), rdata, rdata_length);
	return owner_length + sizeof(fixed) + rdata_length;
}

/* The services question, then answers built by the caller. */
static size_t start_message(uint8_t *message, uint16_t answers)
{
	uint8_t query[MDNS_QUERY_MAX];
	int length = mdns_services_query_encode(0x1234, query, sizeof(query));

	memcpy(message, query, (size_t)length);
	message[2] = 0x84;
	message[6] = (uint8_t)(answers >> 8);
	message[7] = (uint8_t)answers;
	return (size_t)length;
}

static void names_are_bounded(void **state)
{
	static uint8_t message[65536];
	const uint8_t question[] = { 0xc0, 0x0c };
	uint8_t rdata[300];
	struct mdns_reply reply;
	size_t length, chain;

	(void)state;
	/* the most PTR records kept, and one more */
	for (uint16_t count = MDNS_NAMES_MAX; count <= MDNS_NAMES_MAX + 1; count++) {
		length = start_message(message, count);
		for (uint16_t i = 0; i < count; i++)
			length += put_record(message + length, question, 2, 12, question, 2);
		assert_int_equal(decode(message, length, 0x1234, MDNS_SERVICES_NAME, &reply),
				 count == MDNS_NAMES_MAX ? 0 : -E2BIG);
		assert_int_equal(reply.name_count, count == MDNS_NAMES_MAX ? MDNS_NAMES_MAX : 0);
		mdns_reply_free(&reply);
	}

	/* A chain of pointers, each to the one before, in the rdata of an
	 * unknown type; a PTR then points at its end. */
	for (size_t links = MDNS_POINTER_HOPS_MAX - 1; links <= MDNS_POINTER_HOPS_MAX; links++) {
		size_t first;

		length = start_message(message, 2);
		first = length + 2 + 10;
		rdata[0] = 1;
		rdata[1] = 'x';
		rdata[2] = 0;
		for (chain = 0; chain < links; chain++) {
			size_t target = chain == 0 ? first : first + 3 + 2 * (chain - 1);

			rdata[3 + 2 * chain] = (uint8_t)(0xc0 | target >> 8);
			rdata[4 + 2 * chain] = (uint8_t)target;
		}
		length += put_record(message + length, question, 2, 0xff00, rdata, 3 + 2 * links);
		rdata[0] = (uint8_t)(0xc0 | (first + 3 + 2 * (links - 1)) >> 8);
		rdata[1] = (uint8_t)(first + 3 + 2 * (links - 1));
		length += put_record(message + length, question, 2, 12, rdata, 2);
		/* links pointers plus the PTR's own */
		assert_int_equal(decode(message, length, 0x1234, MDNS_SERVICES_NAME, &reply),
				 links + 1 <= MDNS_POINTER_HOPS_MAX ? 0 : -EBADMSG);
		if (reply.name_count == 1)
			assert_string_equal(reply.names[0], "x");
		mdns_reply_free(&reply);
	}

	/* 255 bytes on the wire at most, labels and pointers together: three
	 * labels of 63, one of n, then the question's 30 bytes; n = 32 makes
	 * 3 × 64 + 33 + 30 = 255. */
	for (size_t n = 32; n <= 33; n++) {
		length = start_message(message, 1);
		chain = 0;
		for (int i = 0; i < 3; i++) {
			rdata[chain++] = 63;
			memset(rdata + chain, 'l', 63);
			chain += 63;
		}
		rdata[chain++] = (uint8_t)n;
		memset(rdata + chain, 'n', n);
		chain += n;
		rdata[chain++] = 0xc0;
		rdata[chain++] = 0x0c;
		length += put_record(message + length, question, 2, 12, rdata, chain);
		assert_int_equal(decode(message, length, 0x1234, MDNS_SERVICES_NAME, &reply), n == 32 ? 0 : -EBADMSG);
		if (n == 32)
			assert_int_equal(strlen(reply.names[0]), 3 * 64 + 33 + strlen(MDNS_SERVICES_NAME));
		mdns_reply_free(&reply);
	}
}

static void rdata_is_checked(void **state)
{
	static uint8_t message[1024];
	const uint8_t question[] = { 0xc0, 0x0c };
	const struct { uint16_t type; const char *rdata; size_t length; int expected; } cases[] = {
		{ 1, "\x0a\x46\x1d\x01", 4, 0 },
		{ 1, "\x0a\x46\x1d\x01\x00", 5, -EBADMSG },
		{ 28, "0123456789abcdef", 16, 0 },
		{ 28, "0123456789abcde", 15, -EBADMSG },
		{ 16, "\x03" "a=b\x00", 5, 0 },
		{ 16, "", 0, 0 },
		{ 16, "\x04" "a=b", 4, -EBADMSG },
		{ 33, "\x00\x00\x00\x00\x00\x16\xc0\x0c", 8, 0 },
		{ 33, "\x00\x00\x00\x00\x00\x16", 6, -EBADMSG },
		{ 33, "\x00\x00\x00\x00\x00\x16\xc0\x0c\x00", 9, -EBADMSG },
		{ 12, "\x01" "a", 2, -EBADMSG },	/* name runs out of the rdata */
		{ 12, "\x01" "a\x00\x00", 4, -EBADMSG },
		{ 12, "", 0, -EBADMSG },
		{ 99, "anything", 8, 0 },
	};
	struct mdns_reply reply;

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		size_t length = start_message(message, 1);

		length += put_record(message + length, question, 2, cases[i].type, (const uint8_t *)cases[i].rdata,
				     cases[i].length);
		assert_int_equal(decode(message, length, 0x1234, MDNS_SERVICES_NAME, &reply), cases[i].expected);
		if (cases[i].type == 33 && cases[i].expected == 0)
			assert_int_equal(reply.ports[0], 22);
		mdns_reply_free(&reply);
	}
}

static void every_bit_flip_is_safe(void **state)
{
	(void)state;
	for (size_t i = 0; i < FIXTURE_COUNT; i++) {
		size_t length;
		uint8_t *fixture = fixture_read("mdns", fixtures[i].file, &length);

		assert_int_equal(length, fixtures[i].length);
		for (size_t bit = 0; bit < length * 8; bit++) {
			struct mdns_reply reply;
			int r;

			fixture[bit / 8] ^= (uint8_t)(1u << bit % 8);
			r = decode(fixture, length, fixtures[i].id, fixtures[i].name, &reply);
			fixture[bit / 8] ^= (uint8_t)(1u << bit % 8);
			if (bit < 16)
				assert_int_equal(r, -ESRCH);
			assert_true(r == 0 || r == -EBADMSG || r == -ESRCH || r == -EPROTO);
			assert_true(reply.name_count <= 2);
			mdns_reply_free(&reply);
		}
		free(fixture);
	}
}

static void replays_fixtures_and_fuzz_corpus(void **state)
{
	size_t count;

	(void)state;
	count = corpus_replay(FIXTURES "/mdns") + corpus_replay(FIXTURES "/mdns/corpus");
	print_message("replayed %zu inputs\n", count);
	assert_true(count >= 190);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(services_query_is_46_bytes_as_scanners_send),
		cmocka_unit_test(follow_up_query_is_what_avahi_echoes),
		cmocka_unit_test(query_names_are_checked),
		cmocka_unit_test(decodes_avahi_replies),
		cmocka_unit_test(header_and_question_are_checked),
		cmocka_unit_test(names_are_bounded),
		cmocka_unit_test(rdata_is_checked),
		cmocka_unit_test(every_bit_flip_is_safe),
		cmocka_unit_test(replays_fixtures_and_fuzz_corpus),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
