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

#include "services/dns/dns.h"
#include "services/dns/dns_probe.h"
#include "services/dns/dns_wire.h"

/* tests/fixtures/dns/: unbound 1.17.1 (Debian 12, iterator only, in a
 * network namespace without an upstream) asked from another namespace:
 * the probe's recursive query (SERVFAIL with RA: it tried), ANY of the
 * root, an A record of a local-zone with two local-data records, and
 * the REFUSED of an address access-control refuses. Each reply's id is
 * 0x1234. */
static struct dns_reply reply;

static uint8_t *recorded(const char *name, size_t expected, size_t *ret_length)
{
	uint8_t *data = fixture_read("dns", name, ret_length);

	assert_int_equal(*ret_length, expected);
	return data;
}

static void query_is_the_scanners_bytes(void **state)
{
	static const uint8_t expected[] = "\x12\x34\x01\x00\x00\x01\x00\x00\x00\x00\x00\x00"
					  "\x0fportguard-probe\x07" "example\x03" "com\x00\x00\x01\x00\x01";
	uint8_t query[DNS_QUERY_MAX];
	char name[300];

	(void)state;
	assert_int_equal(dns_query_encode(0x1234, DNS_PROBE_NAME, DNS_TYPE_A, query, sizeof(query)), sizeof(expected) - 1);
	assert_memory_equal(query, expected, sizeof(expected) - 1);
	assert_int_equal(dns_probe.request_bytes, sizeof(expected) - 1);
	assert_int_equal(dns_query_encode(1, DNS_PROBE_NAME ".", DNS_TYPE_A, query, sizeof(query)), sizeof(expected) - 1);
	assert_int_equal(dns_query_encode(1, ".", DNS_TYPE_ANY, query, sizeof(query)), 17);
	assert_int_equal(dns_query_encode(1, DNS_PROBE_NAME, DNS_TYPE_A, query, 44), -ENOBUFS);
	assert_int_equal(dns_query_encode(1, "a..b", DNS_TYPE_A, query, sizeof(query)), -EINVAL);
	assert_int_equal(dns_query_encode(1, "..", DNS_TYPE_A, query, sizeof(query)), -EINVAL);
	assert_int_equal(dns_query_encode(1, NULL, DNS_TYPE_A, query, sizeof(query)), -EINVAL);
	memset(name, 'a', 64);
	name[64] = '\0';
	assert_int_equal(dns_query_encode(1, name, DNS_TYPE_A, query, sizeof(query)), -EINVAL);
	/* 4 labels of 63: 257 bytes on the wire */
	for (int i = 0; i < 4; i++) {
		memset(name + i * 64, 'b', 63);
		name[i * 64 + 63] = i < 3 ? '.' : '\0';
	}
	assert_int_equal(dns_query_encode(1, name, DNS_TYPE_A, query, sizeof(query)), -EINVAL);
	name[3 * 64 + 61] = '\0';	/* 63, 63, 63 and 61: 255 bytes */
	assert_int_equal(dns_query_encode(1, name, DNS_TYPE_A, query, sizeof(query)), DNS_HEADER_SIZE + 255 + 4);
}

static void decodes_real_replies(void **state)
{
	size_t length;
	uint8_t *data;

	(void)state;
	data = recorded("servfail-ra.bin", 45, &length);
	assert_int_equal(dns_reply_decode(data, length, 0x1234, DNS_PROBE_NAME, DNS_TYPE_A, &reply), 0);
	assert_int_equal(reply.rcode, DNS_RCODE_SERVFAIL);
	assert_true(reply.recursion_available && reply.recursion_desired && !reply.authoritative);
	assert_true(dns_reply_recurses(&reply));
	/* the wrong id, name or type: no reply to this query */
	assert_int_equal(dns_reply_decode(data, length, 0x1235, DNS_PROBE_NAME, DNS_TYPE_A, &reply), -EBADMSG);
	assert_int_equal(dns_reply_decode(data, length, 0x1234, "example.com", DNS_TYPE_A, &reply), -EBADMSG);
	assert_int_equal(dns_reply_decode(data, length, 0x1234, DNS_PROBE_NAME, DNS_TYPE_AAAA, &reply), -EBADMSG);
	/* names match without case */
	assert_int_equal(dns_reply_decode(data, length, 0x1234, "PortGuard-Probe.Example.COM.", DNS_TYPE_A, &reply), 0);
	free(data);

	data = recorded("any-root-servfail.bin", 17, &length);
	assert_int_equal(dns_reply_decode(data, length, 0x1234, ".", DNS_TYPE_ANY, &reply), 0);
	assert_int_equal(reply.rcode, DNS_RCODE_SERVFAIL);
	free(data);

	data = recorded("local-data-a.bin", 65, &length);
	assert_int_equal(dns_reply_decode(data, length, 0x1234, "www.example.org", DNS_TYPE_A, &reply), 0);
	assert_true(reply.authoritative && reply.recursion_available);
	assert_int_equal(reply.rcode, DNS_RCODE_NOERROR);
	assert_int_equal(reply.answer_count, 2);
	assert_int_equal(reply.records_kept, 2);
	assert_int_equal(reply.records[0].type, DNS_TYPE_A);
	assert_int_equal(reply.records[0].ttl, 3600);
	assert_string_equal(reply.records[0].text, "192.0.2.11");
	assert_string_equal(reply.records[1].text, "192.0.2.10");
	free(data);

	data = recorded("refused.bin", 12, &length);
	assert_int_equal(dns_reply_decode(data, length, 0x1234, DNS_PROBE_NAME, DNS_TYPE_A, &reply), 0);
	assert_int_equal(reply.rcode, DNS_RCODE_REFUSED);
	assert_int_equal(reply.question_count, 0);
	assert_false(reply.recursion_available);
	assert_false(dns_reply_recurses(&reply));
	free(data);
}

static void rejects_every_truncation(void **state)
{
	const char *const names[] = { "servfail-ra.bin", "local-data-a.bin" };
	const char *const asked[] = { DNS_PROBE_NAME, "www.example.org" };

	(void)state;
	for (size_t f = 0; f < 2; f++) {
		size_t length;
		uint8_t *data = fixture_read("dns", names[f], &length);

		for (size_t cut = 0; cut < length; cut++)
			assert_int_equal(dns_reply_decode(data, cut, 0x1234, asked[f], DNS_TYPE_A, &reply), -EBADMSG);
		free(data);
	}
}

static uint8_t *corpus_file(const char *name, size_t *ret_length)
{
	char path[64];

	snprintf(path, sizeof(path), "corpus/%s", name);
	return fixture_read("dns", path, ret_length);
}

static void pointers_and_lengths_are_bounded(void **state)
{
	const char *const refused[] = { "pointer-loop", "pointer-forward", "pointer-to-self-question", "rdlength-beyond",
					"a-of-five-bytes", "trailing-byte", "ancount-too-high", "not-a-reply",
					"other-question", "label-too-long", "name-over-255", "extended-label",
					"noerror-without-question", "truncated-header", "two-questions", "opcode-status" };
	char name[DNS_NAME_TEXT_MAX];
	size_t end;

	(void)state;
	for (size_t i = 0; i < sizeof(refused) / sizeof(refused[0]); i++) {
		size_t length;
		uint8_t *data = corpus_file(refused[i], &length);

		print_message("%s\n", refused[i]);
		assert_int_equal(dns_reply_decode(data, length, 0x1234, DNS_PROBE_NAME, DNS_TYPE_A, &reply), -EBADMSG);
		free(data);
	}
	/* a pointer to itself, and two that point at each other */
	assert_int_equal(dns_name_decode((const uint8_t *)"\xc0\x00", 2, 0, name, &end), -EBADMSG);
	assert_int_equal(dns_name_decode((const uint8_t *)"\x00\xc0\x03\xc0\x01", 5, 3, name, &end), -EBADMSG);
	/* a pointer back to a name: the end is after the pointer */
	assert_int_equal(dns_name_decode((const uint8_t *)"\x01" "a\x00\xc0\x00", 5, 3, name, &end), 0);
	assert_string_equal(name, "a.");
	assert_int_equal(end, 5);
	assert_int_equal(dns_name_decode((const uint8_t *)"\x00", 1, 0, name, &end), 0);
	assert_string_equal(name, ".");
	/* bytes of a label that are no printable ASCII, and dots, shown as '?' */
	assert_int_equal(dns_name_decode((const uint8_t *)"\x03" "a.\x01\x00", 5, 0, name, &end), 0);
	assert_string_equal(name, "a??.");
}

static void verdict_is_recursion_for_the_asker(void **state)
{
	struct dns_reply reply_of = { .recursion_available = true, .rcode = DNS_RCODE_NXDOMAIN };

	(void)state;
	assert_true(dns_reply_recurses(&reply_of));
	reply_of.rcode = DNS_RCODE_NOERROR;
	assert_true(dns_reply_recurses(&reply_of));
	reply_of.rcode = DNS_RCODE_REFUSED;
	assert_false(dns_reply_recurses(&reply_of));
	/* an authoritative server without RA answers its own zones only */
	reply_of = (struct dns_reply){ .authoritative = true, .rcode = DNS_RCODE_NOERROR };
	assert_false(dns_reply_recurses(&reply_of));
}

static void answer_round_trips_through_json(void **state)
{
	const struct service_probe *probe = dns_service.probe;
	struct dns_detail *detail = calloc(1, sizeof(*detail));
	struct service_answer answer = { .reachable = true, .probe = probe }, back = { 0 };
	const struct dns_detail *read;
	size_t length;
	uint8_t *data;
	json_t *json;

	(void)state;
	assert_non_null(detail);
	data = recorded("servfail-ra.bin", 45, &length);
	assert_int_equal(dns_reply_decode(data, length, 0x1234, DNS_PROBE_NAME, DNS_TYPE_A, &detail->recursive.reply), 0);
	free(data);
	detail->recursive.request_bytes = 45;
	detail->recursive.reply_bytes = 45;
	detail->any.status = -ETIMEDOUT;
	detail->any.request_bytes = 17;
	answer.detail = detail;
	answer.request_bytes = 45;
	answer.reply_bytes = 45;
	answer.amplification = 1;
	snprintf(answer.peer, sizeof(answer.peer), "192.0.2.53");
	json = probe->answer_json(&answer, json_true());
	assert_non_null(json);
	assert_string_equal(json_string_value(json_object_get(json, "rcode")), "SERVFAIL");
	assert_true(json_is_true(json_object_get(json, "recursion_available")));
	assert_true(json_is_true(json_object_get(json, "recursion")));
	assert_string_equal(json_string_value(json_object_get(json_object_get(json, "any"), "status")), "no reply");
	assert_int_equal(probe->answer_from_json(json, &back), 0);
	read = dns_detail_of(&back);
	assert_true(back.reachable && probe->answer_open(&back));
	assert_int_equal(read->recursive.reply.rcode, DNS_RCODE_SERVFAIL);
	assert_int_equal(read->any.status, -ETIMEDOUT);
	assert_int_equal(back.reply_bytes, 45);
	assert_string_equal(back.peer, "192.0.2.53");
	json_decref(json);
	service_answer_free(&back);
	service_answer_free(&answer);
}

static void single_bit_flips(void **state)
{
	size_t length;
	uint8_t *data = fixture_read("dns", "local-data-a.bin", &length);

	(void)state;
	for (size_t bit = 0; bit < length * 8; bit++) {
		data[bit / 8] ^= (uint8_t)(1u << (bit % 8));
		LLVMFuzzerTestOneInput(data, length);
		data[bit / 8] ^= (uint8_t)(1u << (bit % 8));
	}
	free(data);
}

static void replays_fixtures_and_fuzz_corpus(void **state)
{
	char fixtures[4096], corpus[4096];
	size_t count;

	(void)state;
	snprintf(fixtures, sizeof(fixtures), "%s/dns", FIXTURES);
	snprintf(corpus, sizeof(corpus), "%s/dns/corpus", FIXTURES);
	count = corpus_replay(fixtures) + corpus_replay(corpus);
	print_message("replayed %zu inputs\n", count);
	assert_true(count >= 20);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(query_is_the_scanners_bytes),
		cmocka_unit_test(decodes_real_replies),
		cmocka_unit_test(rejects_every_truncation),
		cmocka_unit_test(pointers_and_lengths_are_bounded),
		cmocka_unit_test(verdict_is_recursion_for_the_asker),
		cmocka_unit_test(answer_round_trips_through_json),
		cmocka_unit_test(single_bit_flips),
		cmocka_unit_test(replays_fixtures_and_fuzz_corpus),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
