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

static void encode_sample(uint8_t **ret_bytes, size_t *ret_length)
{
	struct nft_ruleset ruleset = { .shape = ntp_shape };

	assert_int_equal(cidr_list_parse("10.0.0.0/24 2001:db8::/32 192.0.2.7", &ruleset.trusted, NULL), 0);
	assert_int_equal(nft_ruleset_add_port(&ruleset, 111), 0);
	assert_int_equal(nft_ruleset_add_port(&ruleset, 20048), 0);
	nft_ruleset_normalize(&ruleset);
	assert_int_equal(nft_verified_encode(&key, &ruleset, ret_bytes, ret_length), 0);
	nft_ruleset_free(&ruleset);
}

static void round_trip(void **state)
{
	struct nft_ruleset expected = { .shape = ntp_shape }, decoded;
	struct nft_verified_key decoded_key;
	uint8_t *bytes;
	size_t length;

	(void)state;
	encode_sample(&bytes, &length);
	assert_int_equal(nft_verified_decode(bytes, length, &decoded_key, &decoded), 0);
	assert_true(nft_verified_key_equal(&decoded_key, &key));
	assert_int_equal(cidr_list_parse("10.0.0.0/24 2001:db8::/32 192.0.2.7", &expected.trusted, NULL), 0);
	assert_int_equal(nft_ruleset_add_port(&expected, 111), 0);
	assert_int_equal(nft_ruleset_add_port(&expected, 20048), 0);
	nft_ruleset_normalize(&expected);
	assert_true(nft_ruleset_equal(&decoded, &expected));
	/* the shape is part of what the table held */
	expected.shape.first_byte.value = 0x07;
	assert_false(nft_ruleset_equal(&decoded, &expected));
	nft_ruleset_free(&decoded);
	nft_ruleset_free(&expected);
	free(bytes);
}

/* A record from another namespace, boot or generation is another key. */
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

static void refuses_damaged_records(void **state)
{
	struct nft_verified_key decoded_key;
	struct nft_ruleset decoded;
	uint8_t *bytes;
	size_t length;

	(void)state;
	encode_sample(&bytes, &length);
	for (size_t cut = 0; cut < length; cut++)
		assert_int_equal(nft_verified_decode(bytes, cut, &decoded_key, &decoded), -EBADMSG);
	bytes[0] ^= 1;		/* magic */
	assert_int_equal(nft_verified_decode(bytes, length, &decoded_key, &decoded), -EBADMSG);
	bytes[0] ^= 1;
	for (char version = '1'; version <= '2'; version++) {
		bytes[6] = version;	/* an earlier portguard's record, of its own table's shape */
		assert_int_equal(nft_verified_decode(bytes, length, &decoded_key, &decoded), -EBADMSG);
	}
	bytes[6] = '3';
	assert_int_equal(nft_verified_decode(bytes, length, &decoded_key, &decoded), 0);
	nft_ruleset_free(&decoded);
	bytes[8 + 36 + 12] = 0xff;	/* trusted count: more than the bytes hold */
	assert_int_equal(nft_verified_decode(bytes, length, &decoded_key, &decoded), -EBADMSG);
	bytes[8 + 36 + 12] = 3;
	memset(bytes + 8 + 36 + 20, 'x', NFT_SET_PREFIX_MAX);	/* a set prefix without its end */
	assert_int_equal(nft_verified_decode(bytes, length, &decoded_key, &decoded), -EBADMSG);
	memset(bytes + 8 + 36 + 20, 0, NFT_SET_PREFIX_MAX);
	bytes[8 + 36 + 20 + NFT_SET_PREFIX_MAX] = 3;	/* no such transports */
	assert_int_equal(nft_verified_decode(bytes, length, &decoded_key, &decoded), -EBADMSG);
	bytes[8 + 36 + 20 + NFT_SET_PREFIX_MAX] = 0;
	bytes[8 + 36 + 48] = 5;	/* the first prefix's family */
	assert_int_equal(nft_verified_decode(bytes, length, &decoded_key, &decoded), -EBADMSG);
	bytes[8 + 36 + 48] = 4;
	bytes[8 + 36 + 49] = 33;	/* an IPv4 prefix longer than 32 */
	assert_int_equal(nft_verified_decode(bytes, length, &decoded_key, &decoded), -EBADMSG);
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
		cmocka_unit_test(refuses_damaged_records),
		cmocka_unit_test(replays_fuzz_corpus),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
