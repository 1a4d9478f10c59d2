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

#include "services/cldap/cldap.h"
#include "services/cldap/cldap_probe.h"
#include "services/cldap/cldap_wire.h"

/* tests/fixtures/cldap/rootdse-2a.bin: samba 4.17.12's AD DC (Debian 12)
 * of the domain PG.TEST, asked by the request of
 * request_is_the_scanners_bytes with message ID 42 from another
 * namespace (README.md there) */
#define RECORDED_ID 42
#define RECORDED_BYTES 1727
#define RECORDED_ATTRIBUTES 21
/* the entry's message: 30 82 06 ad */
#define ENTRY_BYTES (4 + 0x6ad)

static struct cldap_root_dse dse;

static uint8_t *recorded(size_t *ret_length)
{
	uint8_t *data = fixture_read("cldap", "rootdse-2a.bin", ret_length);

	assert_int_equal(*ret_length, RECORDED_BYTES);
	return data;
}

static int decode(const uint8_t *data, size_t length, uint32_t id)
{
	memset(&dse, 0, sizeof(dse));
	dse.result_code = -1;
	return cldap_reply_decode(data, length, id, &dse);
}

static void request_is_the_scanners_bytes(void **state)
{
	/* what python's hand-made BER (and zmap's ldap probe) sends */
	static const uint8_t expected[CLDAP_REQUEST_SIZE] = {
		0x30, 0x25, 0x02, 0x01, 0x2a, 0x63, 0x20, 0x04, 0x00, 0x0a, 0x01, 0x00, 0x0a, 0x01, 0x00,
		0x02, 0x01, 0x00, 0x02, 0x01, 0x00, 0x01, 0x01, 0x00, 0x87, 0x0b, 'o', 'b', 'j', 'e', 'c', 't',
		'C', 'l', 'a', 's', 's', 0x30, 0x00,
	};
	uint8_t request[CLDAP_REQUEST_MAX];

	(void)state;
	assert_int_equal(cldap_request_encode(RECORDED_ID, request, sizeof(request)), CLDAP_REQUEST_SIZE);
	assert_memory_equal(request, expected, sizeof(expected));
	assert_int_equal(cldap_request_encode(RECORDED_ID, request, CLDAP_REQUEST_SIZE - 1), -ENOBUFS);
	assert_int_equal(cldap_request_encode(0, request, sizeof(request)), -EINVAL);
	/* a larger ID is longer, with a zero byte before a high bit */
	assert_int_equal(cldap_request_encode(0x80, request, sizeof(request)), CLDAP_REQUEST_SIZE + 1);
	assert_int_equal(request[3], 2);
	assert_int_equal(request[4], 0);
	assert_int_equal(request[5], 0x80);
	assert_int_equal(cldap_request_encode(0x7fffffff, request, sizeof(request)), CLDAP_REQUEST_SIZE + 3);
}

static void decodes_real_reply(void **state)
{
	size_t length;
	uint8_t *data = recorded(&length);
	char text[CLDAP_TEXT_MAX];

	(void)state;
	assert_int_equal(decode(data, length, RECORDED_ID), 1);
	assert_true(dse.entry);
	assert_true(dse.done);
	assert_int_equal(dse.result_code, 0);
	assert_int_equal(dse.attribute_count, RECORDED_ATTRIBUTES);
	assert_string_equal(dse.dns_host_name, "dc1.pg.test");
	assert_string_equal(dse.default_naming_context, "DC=pg,DC=test");
	assert_string_equal(dse.ldap_service_name, "pg.test:dc1$@PG.TEST");
	assert_string_equal(dse.vendor_name, "Samba Team (https://www.samba.org)");
	assert_string_equal(dse.supported_ldap_version, "2, 3");
	assert_int_equal(dse.naming_context_count, 3);
	assert_string_equal(dse.naming_contexts[1], "CN=Configuration,DC=pg,DC=test");
	assert_string_equal(dse.server_name,
			    "CN=DC1,CN=Servers,CN=Default-First-Site-Name,CN=Sites,CN=Configuration,DC=pg,DC=test");
	cldap_site_name(&dse, text, sizeof(text));
	assert_string_equal(text, "Default-First-Site-Name");
	cldap_domain_name(&dse, text, sizeof(text));
	assert_string_equal(text, "pg.test");
	/* another message ID is another's answer */
	assert_int_equal(decode(data, length, RECORDED_ID + 1), -ESRCH);
	free(data);
}

static void entry_and_done_may_come_apart(void **state)
{
	size_t length;
	uint8_t *data = recorded(&length);

	(void)state;
	assert_int_equal(decode(data, ENTRY_BYTES, RECORDED_ID), 0);
	assert_true(dse.entry);
	assert_false(dse.done);
	assert_string_equal(dse.dns_host_name, "dc1.pg.test");
	/* the done adds to what the entry gave */
	assert_int_equal(cldap_reply_decode(data + ENTRY_BYTES, length - ENTRY_BYTES, RECORDED_ID, &dse), 1);
	assert_string_equal(dse.dns_host_name, "dc1.pg.test");
	assert_int_equal(dse.result_code, 0);
	free(data);
}

static void malformed_replies_are_refused(void **state)
{
	size_t length;
	uint8_t *data = recorded(&length);
	static const uint8_t indefinite[] = { 0x30, 0x80, 0x02, 0x01, 0x2a, 0x65, 0x07, 0x0a, 0x01, 0x00,
					      0x04, 0x00, 0x04, 0x00, 0x00, 0x00 };
	static const uint8_t five_byte_length[] = { 0x30, 0x85, 0, 0, 0, 0, 0x0c, 0x02, 0x01, 0x2a };
	static const uint8_t bind_response[] = { 0x30, 0x0c, 0x02, 0x01, 0x2a, 0x61, 0x07, 0x0a, 0x01, 0x00,
						 0x04, 0x00, 0x04, 0x00 };
	static const uint8_t refused[] = { 0x30, 0x0c, 0x02, 0x01, 0x2a, 0x65, 0x07, 0x0a, 0x01, 0x35,
					   0x04, 0x00, 0x04, 0x00 };

	(void)state;
	assert_int_equal(decode(data, length - 1, RECORDED_ID), -EBADMSG);
	assert_int_equal(decode(data, length / 2, RECORDED_ID), -EBADMSG);
	assert_int_equal(decode(data, 0, RECORDED_ID), -EBADMSG);
	assert_int_equal(decode(indefinite, sizeof(indefinite), RECORDED_ID), -EBADMSG);
	assert_int_equal(decode(five_byte_length, sizeof(five_byte_length), RECORDED_ID), -EBADMSG);
	assert_int_equal(decode(bind_response, sizeof(bind_response), RECORDED_ID), -EBADMSG);
	/* a done without an entry: unwillingToPerform (53) */
	assert_int_equal(decode(refused, sizeof(refused), RECORDED_ID), 1);
	assert_false(dse.entry);
	assert_int_equal(dse.result_code, 53);
	/* the first attribute's SEQUENCE takes a byte of the next */
	data[18]++;
	assert_int_equal(decode(data, length, RECORDED_ID), -EBADMSG);
	free(data);
}

static void answer_round_trips_through_json(void **state)
{
	size_t length;
	uint8_t *data = recorded(&length);
	struct cldap_detail *detail = calloc(1, sizeof(*detail));
	struct service_answer answer = { .reachable = true, .request_bytes = CLDAP_REQUEST_SIZE,
					 .reply_bytes = RECORDED_BYTES, .amplification = 44.28,
					 .probe = &cldap_probe, .peer = "10.77.0.1" };
	struct service_answer back = { 0 };
	json_t *json;

	(void)state;
	assert_non_null(detail);
	detail->dse.result_code = -1;
	assert_int_equal(cldap_reply_decode(data, length, RECORDED_ID, &detail->dse), 1);
	detail->datagrams = 1;
	answer.detail = detail;
	json = cldap_answer_json(&answer, json_true());
	assert_non_null(json);
	assert_string_equal(json_string_value(json_object_get(json, "dns_host_name")), "dc1.pg.test");
	assert_string_equal(json_string_value(json_object_get(json, "site")), "Default-First-Site-Name");
	assert_string_equal(json_string_value(json_object_get(json, "domain")), "pg.test");
	assert_int_equal(json_array_size(json_object_get(json, "naming_contexts")), 3);
	assert_int_equal(cldap_answer_from_json(json, &back), 0);
	assert_true(back.reachable);
	assert_int_equal(back.reply_bytes, RECORDED_BYTES);
	assert_true(cldap_answered(cldap_detail_of(&back)));
	assert_string_equal(cldap_detail_of(&back)->dse.dns_host_name, "dc1.pg.test");
	assert_string_equal(cldap_detail_of(&back)->dse.naming_contexts[2], "CN=Schema,CN=Configuration,DC=pg,DC=test");
	assert_string_equal(back.peer, "10.77.0.1");
	assert_true(cldap_service.probe->answer_open(&back));
	json_decref(json);
	free(back.detail);
	free(detail);
	free(data);
}

static void single_bit_flips(void **state)
{
	size_t length;
	uint8_t *data = recorded(&length);

	(void)state;
	for (size_t bit = 0; bit < length * 8; bit += 3) {
		data[bit / 8] ^= (uint8_t)(1u << (bit % 8));
		LLVMFuzzerTestOneInput(data, length);
		data[bit / 8] ^= (uint8_t)(1u << (bit % 8));
	}
	free(data);
}

/* tests/fixtures/cldap/ldapi-*.bin: the same DC's privileged ldapi
 * socket, asked for the root DSE's configurationNamingContext (message
 * 1) and the subnets (message 2) after `samba-tool sites subnet create`
 * of 10.77.0.0/16 and 2001:db8:77::/48 in Default-First-Site-Name and
 * 10.30.0.0/16 in Branch-Office (README.md there) */
#define CONFIGURATION "CN=Configuration,DC=pg,DC=test"

static void stream_requests_are_what_samba_answered(void **state)
{
	uint8_t request[CLDAP_SEARCH_REQUEST_MAX];
	char long_dn[CLDAP_DN_MAX];
	size_t length;
	uint8_t *expected = fixture_read("cldap", "ldapi-configuration-request.bin", &length);
	int r = cldap_configuration_request_encode(1, request, sizeof(request));

	(void)state;
	assert_int_equal(r, (int)length);
	assert_memory_equal(request, expected, length);
	for (size_t size = 0; size < length; size++)
		assert_int_equal(cldap_configuration_request_encode(1, request, size), -ENOBUFS);
	free(expected);
	expected = fixture_read("cldap", "ldapi-subnets-request.bin", &length);
	r = cldap_subnets_request_encode(2, CONFIGURATION, 1024, request, sizeof(request));
	assert_int_equal(r, (int)length);
	assert_memory_equal(request, expected, length);
	for (size_t size = 0; size < length; size++)
		assert_int_equal(cldap_subnets_request_encode(2, CONFIGURATION, 1024, request, size), -ENOBUFS);
	free(expected);
	assert_int_equal(cldap_subnets_request_encode(0, CONFIGURATION, 1024, request, sizeof(request)), -EINVAL);
	assert_int_equal(cldap_subnets_request_encode(2, "", 1024, request, sizeof(request)), -EINVAL);
	/* the longest base fits, with lengths of two bytes */
	memset(long_dn, 'a', sizeof(long_dn));
	long_dn[CLDAP_DN_MAX - 21] = '\0';
	r = cldap_subnets_request_encode(0x7fffffff, long_dn, 1024, request, sizeof(request));
	assert_true(r > 0x100 && r <= CLDAP_SEARCH_REQUEST_MAX);
	assert_int_equal(request[1], 0x82);
	long_dn[CLDAP_DN_MAX - 21] = 'a';
	long_dn[CLDAP_DN_MAX - 20] = '\0';
	assert_int_equal(cldap_subnets_request_encode(2, long_dn, 1024, request, sizeof(request)), -EINVAL);
}

static int next_message(const uint8_t *data, size_t length, size_t *at, uint32_t id, struct cldap_message *message)
{
	size_t used = 0;
	int r = cldap_message_decode(data + *at, length - *at, id, message, &used);

	if (r == 1) {
		assert_true(used > 0 && used <= length - *at);
		*at += used;
	}
	return r;
}

static void decodes_recorded_stream(void **state)
{
	struct cldap_message message;
	size_t length, at = 0;
	uint8_t *data = fixture_read("cldap", "ldapi-configuration-reply.bin", &length);
	char site[64];

	(void)state;
	assert_int_equal(next_message(data, length, &at, 1, &message), 1);
	assert_int_equal(message.type, CLDAP_MESSAGE_ENTRY);
	assert_string_equal(message.configuration_naming_context, CONFIGURATION);
	assert_int_equal(next_message(data, length, &at, 1, &message), 1);
	assert_int_equal(message.type, CLDAP_MESSAGE_DONE);
	assert_int_equal(message.result_code, 0);
	assert_int_equal(at, length);
	assert_int_equal(next_message(data, length, &at, 1, &message), 0);
	free(data);

	data = fixture_read("cldap", "ldapi-subnets-reply.bin", &length);
	at = 0;
	assert_int_equal(next_message(data, length, &at, 2, &message), 1);
	assert_int_equal(message.type, CLDAP_MESSAGE_ENTRY);
	assert_string_equal(message.cn, "10.77.0.0/16");
	assert_string_equal(message.site_object, "CN=Default-First-Site-Name,CN=Sites," CONFIGURATION);
	cldap_rdn_value(message.site_object, site, sizeof(site));
	assert_string_equal(site, "Default-First-Site-Name");
	assert_int_equal(next_message(data, length, &at, 2, &message), 1);
	assert_string_equal(message.cn, "2001:db8:77::/48");
	assert_int_equal(next_message(data, length, &at, 2, &message), 1);
	assert_string_equal(message.cn, "10.30.0.0/16");
	cldap_rdn_value(message.site_object, site, sizeof(site));
	assert_string_equal(site, "Branch-Office");
	assert_int_equal(next_message(data, length, &at, 2, &message), 1);
	assert_int_equal(message.type, CLDAP_MESSAGE_DONE);
	assert_int_equal(message.result_code, 0);
	assert_int_equal(at, length);
	free(data);
}

static void stream_message_bounds(void **state)
{
	/* the searchResDone of the recorded subnets reply */
	static const uint8_t done[] = { 0x30, 0x0c, 0x02, 0x01, 0x02, 0x65, 0x07, 0x0a, 0x01, 0x00, 0x04, 0x00, 0x04, 0x00 };
	static const uint8_t reference[] = { 0x30, 0x0b, 0x02, 0x01, 0x02, 0x73, 0x06, 0x04, 0x04, 'l', 'd', 'a', 'p' };
	struct cldap_message message;
	uint8_t bytes[sizeof(done) + 8];
	size_t length, used = 0;
	uint8_t *data = fixture_read("cldap", "ldapi-subnets-reply.bin", &length);

	(void)state;
	/* truncated: every part of a message is "read more", never an error */
	for (size_t cut = 0; cut < 0xb9; cut++)
		assert_int_equal(cldap_message_decode(data, cut, 2, &message, &used), 0);
	assert_int_equal(cldap_message_decode(data, 0xb9, 2, &message, &used), 1);
	assert_int_equal(used, 0xb9);
	/* another message ID */
	assert_int_equal(cldap_message_decode(data, length, 1, &message, &used), -ESRCH);
	assert_int_equal(cldap_message_decode(done, sizeof(done), 3, &message, &used), -ESRCH);
	/* wrong tags: no SEQUENCE, a bindResponse, a multi-byte tag */
	memcpy(bytes, done, sizeof(done));
	bytes[0] = 0x31;
	assert_int_equal(cldap_message_decode(bytes, sizeof(done), 2, &message, &used), -EBADMSG);
	memcpy(bytes, done, sizeof(done));
	bytes[5] = 0x61;
	assert_int_equal(cldap_message_decode(bytes, sizeof(done), 2, &message, &used), -EBADMSG);
	bytes[5] = 0x7f;
	assert_int_equal(cldap_message_decode(bytes, sizeof(done), 2, &message, &used), -EBADMSG);
	/* an element past its parent: the done's contents claim 8 bytes */
	memcpy(bytes, done, sizeof(done));
	bytes[6] = 0x08;
	assert_int_equal(cldap_message_decode(bytes, sizeof(done), 2, &message, &used), -EBADMSG);
	/* a result code of more than four bytes */
	memcpy(bytes, done, sizeof(done));
	bytes[8] = 0x05;
	assert_int_equal(cldap_message_decode(bytes, sizeof(done), 2, &message, &used), -EBADMSG);
	/* an entry whose attribute list runs past the entry */
	data[0x4f] = 0x6b;	/* the attributes' SEQUENCE: 0x6a -> 0x6b */
	assert_int_equal(cldap_message_decode(data, length, 2, &message, &used), -EBADMSG);
	free(data);
	/* overlong: 64 KiB of contents, a length of five bytes, the indefinite form */
	assert_int_equal(cldap_message_decode((const uint8_t[]){ 0x30, 0x83, 0x01, 0x00, 0x00 }, 5, 2, &message, &used), -EMSGSIZE);
	assert_int_equal(cldap_message_decode((const uint8_t[]){ 0x30, 0x84, 0xff, 0xff, 0xff, 0xff }, 6, 2, &message, &used), -EMSGSIZE);
	assert_int_equal(cldap_message_decode((const uint8_t[]){ 0x30, 0x85, 0, 0, 0, 0, 0x0c }, 7, 2, &message, &used), -EBADMSG);
	assert_int_equal(cldap_message_decode((const uint8_t[]){ 0x30, 0x80, 0x02, 0x01 }, 4, 2, &message, &used), -EBADMSG);
	/* the largest message the cap admits is waited for */
	assert_int_equal(cldap_message_decode((const uint8_t[]){ 0x30, 0x82, 0xff, 0xfb }, 4, 2, &message, &used), 0);
	/* a reference says nothing; controls may follow; another byte may not */
	assert_int_equal(cldap_message_decode(reference, sizeof(reference), 2, &message, &used), 1);
	assert_int_equal(message.type, CLDAP_MESSAGE_REFERENCE);
	memcpy(bytes, done, sizeof(done));
	bytes[1] += 2;
	bytes[sizeof(done)] = 0xa0;
	bytes[sizeof(done) + 1] = 0x00;
	assert_int_equal(cldap_message_decode(bytes, sizeof(done) + 2, 2, &message, &used), 1);
	assert_int_equal(used, sizeof(done) + 2);
	bytes[sizeof(done)] = 0x04;
	assert_int_equal(cldap_message_decode(bytes, sizeof(done) + 2, 2, &message, &used), -EBADMSG);
}

static void rdn_values(void **state)
{
	char value[16];

	(void)state;
	cldap_rdn_value("CN=Branch\\, East,CN=Sites", value, sizeof(value));
	assert_string_equal(value, "Branch\\, East");
	cldap_rdn_value("", value, sizeof(value));
	assert_string_equal(value, "");
	cldap_rdn_value("CN=A-very-long-site-name,CN=Sites", value, sizeof(value));
	assert_string_equal(value, "A-very-long-sit");
	cldap_rdn_value("CN=trailing\\", value, sizeof(value));
	assert_string_equal(value, "trailing\\");
}

static void replays_fixtures_and_fuzz_corpus(void **state)
{
	char fixtures[4096], corpus[4096];
	size_t count;

	(void)state;
	snprintf(fixtures, sizeof(fixtures), "%s/cldap", FIXTURES);
	snprintf(corpus, sizeof(corpus), "%s/cldap/corpus", FIXTURES);
	count = corpus_replay(fixtures) + corpus_replay(corpus);
	print_message("replayed %zu inputs\n", count);
	assert_true(count >= 10);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(request_is_the_scanners_bytes),
		cmocka_unit_test(decodes_real_reply),
		cmocka_unit_test(entry_and_done_may_come_apart),
		cmocka_unit_test(malformed_replies_are_refused),
		cmocka_unit_test(answer_round_trips_through_json),
		cmocka_unit_test(single_bit_flips),
		cmocka_unit_test(stream_requests_are_what_samba_answered),
		cmocka_unit_test(decodes_recorded_stream),
		cmocka_unit_test(stream_message_bounds),
		cmocka_unit_test(rdn_values),
		cmocka_unit_test(replays_fixtures_and_fuzz_corpus),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
