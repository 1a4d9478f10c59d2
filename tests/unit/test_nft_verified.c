/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "config.h"

#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <cmocka.h>

#include "model/cidr.h"
#include "corpus_replay.h"
#include "nft/nft_verified.h"

static const struct nft_verified_key key = {
	.boot_id = "0f3c9a1e-4c2b-4d7e-9a53-1b2c3d4e5f60", .netns_cookie = 4097, .generation = 77,
};

static const struct nft_shape ntp_shape = {
	.set_prefix = "ntp_", .transports = NFT_TRANSPORTS_UDP, .first_byte = { true, 0x06, 0x06 },
};

/* The record's layout: a header of 60 bytes (magic, boot id, cookie,
 * generation, part count), then per part its shape (24 bytes of set
 * prefix, transports, first byte present, mask, value), its counts and
 * its prefixes and ports. */
#define PART_AT 60
#define PARTS_AT (PART_AT - 4)
#define TRANSPORTS_AT(part) ((part) + NFT_SET_PREFIX_MAX)
#define TRUSTED_COUNT_AT(part) ((part) + NFT_SET_PREFIX_MAX + 4)
#define FIRST_PREFIX_AT(part) ((part) + NFT_SET_PREFIX_MAX + 12)
/* The portmapper's part: 3 prefixes, 2 ports. */
#define SECOND_PART_AT (PART_AT + NFT_SET_PREFIX_MAX + 12 + 3 * 18 + 2 * 2)

static void part_from(struct nft_ruleset *ruleset, const struct nft_shape *shape, const char *trusted,
		      const uint16_t *ports, size_t port_count)
{
	*ruleset = (struct nft_ruleset){ .shape = *shape };
	assert_int_equal(cidr_list_parse(trusted, &ruleset->trusted, NULL), 0);
	for (size_t i = 0; i < port_count; i++)
		assert_int_equal(nft_ruleset_add_port(ruleset, ports[i]), 0);
}

/* NTP's part put first, the portmapper's second: the table sorts them. */
static void sample_table(struct nft_table *table)
{
	static const uint16_t portmapper_ports[] = { 20048, 111 }, ntp_ports[] = { 123 };
	const struct nft_shape portmapper = { 0 };
	struct nft_ruleset part;

	*table = (struct nft_table){ 0 };
	part_from(&part, &ntp_shape, "192.0.2.0/24", ntp_ports, 1);
	assert_int_equal(nft_table_put_part(table, &part), 0);
	nft_ruleset_free(&part);
	part_from(&part, &portmapper, "10.0.0.0/24 2001:db8::/32 192.0.2.7", portmapper_ports, 2);
	assert_int_equal(nft_table_put_part(table, &part), 0);
	nft_ruleset_free(&part);
}

static void encode_sample(uint8_t **ret_bytes, size_t *ret_length)
{
	struct nft_table table;

	sample_table(&table);
	assert_int_equal(nft_verified_encode(&key, &table, ret_bytes, ret_length), 0);
	assert_int_equal(*ret_length, SECOND_PART_AT + NFT_SET_PREFIX_MAX + 12 + 18 + 2);
	nft_table_free(&table);
}

static void round_trip(void **state)
{
	struct nft_table expected, decoded, empty = { 0 };
	struct nft_verified_key decoded_key;
	uint8_t *bytes;
	size_t length;

	(void)state;
	encode_sample(&bytes, &length);
	assert_int_equal(nft_verified_decode(bytes, length, &decoded_key, &decoded), 0);
	assert_true(nft_verified_key_equal(&decoded_key, &key));
	sample_table(&expected);
	assert_int_equal(decoded.count, 2);
	assert_string_equal(decoded.rulesets[0].shape.set_prefix, "");
	assert_string_equal(decoded.rulesets[1].shape.set_prefix, "ntp_");
	assert_true(nft_table_equal(&decoded, &expected));
	/* every part's shape is part of what the table held */
	expected.rulesets[1].shape.first_byte.value = 0x07;
	assert_false(nft_table_equal(&decoded, &expected));
	/* and every part */
	assert_true(nft_table_remove_part(&expected, "ntp_"));
	assert_false(nft_table_equal(&decoded, &expected));
	nft_table_free(&decoded);
	nft_table_free(&expected);
	free(bytes);
	/* a table without a part is removed, never recorded */
	assert_int_equal(nft_verified_encode(&key, &empty, &bytes, &length), -EINVAL);
}

/* A record from another namespace, boot or generation is another key. */
/* equal compares as it goes what encode writes: the bytes of the
 * table are equal, any byte changed, one missing or one more is not. */
static void equal_is_encode_compared(void **state)
{
	struct nft_table table, empty = { 0 };
	uint8_t *bytes;
	size_t length;

	(void)state;
	encode_sample(&bytes, &length);
	sample_table(&table);
	assert_true(nft_verified_equal(&key, &table, bytes, length));
	for (size_t at = 0; at < length; at++) {
		bytes[at] ^= 0x01;
		assert_false(nft_verified_equal(&key, &table, bytes, length));
		bytes[at] ^= 0x01;
	}
	assert_false(nft_verified_equal(&key, &table, bytes, length - 1));
	bytes = realloc(bytes, length + 1);
	assert_non_null(bytes);
	bytes[length] = 0;
	assert_false(nft_verified_equal(&key, &table, bytes, length + 1));
	assert_false(nft_verified_equal(&key, &empty, bytes, length));
	table.rulesets[0].ports[0]++;
	assert_false(nft_verified_equal(&key, &table, bytes, length));
	nft_table_free(&table);
	free(bytes);
}

static void keys_differ_in_every_part(void **state)
{
	struct nft_verified_key other = key;

	(void)state;
	other.generation++;
	assert_false(nft_verified_key_equal(&key, &other));
	other = key;
	other.netns_cookie++;
	assert_false(nft_verified_key_equal(&key, &other));
	other = key;
	other.boot_id[0] = '1';
	assert_false(nft_verified_key_equal(&key, &other));
}

static void refused(uint8_t *bytes, size_t length, size_t at, uint8_t value)
{
	struct nft_verified_key decoded_key;
	struct nft_table decoded = { 0 };
	uint8_t was = bytes[at];

	bytes[at] = value;
	assert_int_equal(nft_verified_decode(bytes, length, &decoded_key, &decoded), -EBADMSG);
	assert_int_equal(decoded.count, 0);
	bytes[at] = was;
	assert_int_equal(nft_verified_decode(bytes, length, &decoded_key, &decoded), 0);
	nft_table_free(&decoded);
}

static void refuses_damaged_records(void **state)
{
	struct nft_verified_key decoded_key;
	struct nft_table decoded;
	uint8_t *bytes, *longer;
	size_t length;

	(void)state;
	encode_sample(&bytes, &length);
	for (size_t cut = 0; cut < length; cut++)
		assert_int_equal(nft_verified_decode(bytes, cut, &decoded_key, &decoded), -EBADMSG);
	longer = calloc(1, length + 1);
	assert_non_null(longer);
	memcpy(longer, bytes, length);
	assert_int_equal(nft_verified_decode(longer, length + 1, &decoded_key, &decoded), -EBADMSG);
	free(longer);
	refused(bytes, length, 0, 'Q');		/* magic */
	for (char version = '1'; version <= '3'; version++)
		refused(bytes, length, 6, (uint8_t)version);	/* an earlier portguard's record, of one part */
	refused(bytes, length, PARTS_AT, 0);		/* no part: never written */
	refused(bytes, length, PARTS_AT, 3);		/* more parts than the bytes hold */
	refused(bytes, length, PARTS_AT, NFT_RULESETS_MAX + 1);
	refused(bytes, length, PARTS_AT + 3, 0x80);	/* a part count far beyond */
	refused(bytes, length, TRUSTED_COUNT_AT(PART_AT), 0xff);	/* more prefixes than the bytes hold */
	refused(bytes, length, TRUSTED_COUNT_AT(PART_AT) + 3, 0x40);	/* beyond the bound of all parts */
	refused(bytes, length, TRUSTED_COUNT_AT(PART_AT), 2);	/* fewer: the rest does not parse */
	memset(bytes + PART_AT, 'x', NFT_SET_PREFIX_MAX);	/* a set prefix without its end */
	assert_int_equal(nft_verified_decode(bytes, length, &decoded_key, &decoded), -EBADMSG);
	memset(bytes + PART_AT, 0, NFT_SET_PREFIX_MAX);
	refused(bytes, length, PART_AT + 5, 'x');	/* bytes after the prefix's end */
	refused(bytes, length, PART_AT, 'X');		/* not a name nft takes */
	refused(bytes, length, PART_AT, 'o');		/* "o" after "ntp_": out of order */
	refused(bytes, length, SECOND_PART_AT, 0);	/* two parts of prefix "" */
	refused(bytes, length, TRANSPORTS_AT(PART_AT), 3);	/* no such transports */
	refused(bytes, length, TRANSPORTS_AT(PART_AT) + 1, 2);	/* first byte neither present nor absent */
	refused(bytes, length, TRANSPORTS_AT(PART_AT) + 2, 6);	/* a mask without a first byte */
	refused(bytes, length, FIRST_PREFIX_AT(PART_AT), 5);	/* the first prefix's family */
	refused(bytes, length, FIRST_PREFIX_AT(PART_AT) + 1, 33);	/* an IPv4 prefix longer than 32 */
	refused(bytes, length, FIRST_PREFIX_AT(SECOND_PART_AT), 5);	/* and in the second part */
	free(bytes);
}

static void replays_fuzz_corpus(void **state)
{
	(void)state;
	assert_true(corpus_replay(FIXTURES "/nft_verified/corpus") >= 3);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(round_trip),
		cmocka_unit_test(keys_differ_in_every_part),
		cmocka_unit_test(equal_is_encode_compared),
		cmocka_unit_test(refuses_damaged_records),
		cmocka_unit_test(replays_fuzz_corpus),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
