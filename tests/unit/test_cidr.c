/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "config.h"

#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <cmocka.h>

#include "model/cidr.h"

static void parse_clears_host_bits(void **state)
{
	struct cidr cidr;
	char text[CIDR_TEXT_MAX];

	(void)state;
	assert_int_equal(cidr_parse("10.1.2.3/8", &cidr), 0);
	assert_string_equal(cidr_format(&cidr, text), "10.0.0.0/8");
	assert_int_equal(cidr_parse("2001:db8::1/32", &cidr), 0);
	assert_string_equal(cidr_format(&cidr, text), "2001:db8::/32");
	assert_int_equal(cidr_parse("192.0.2.7", &cidr), 0);
	assert_string_equal(cidr_format(&cidr, text), "192.0.2.7/32");
}

/* A mapped network names IPv4 hosts; kept as IPv6 it would never match
 * their packets. Every text a network enters by is parsed here. */
static void parse_unmaps_ipv4_mapped_networks(void **state)
{
	static const char *const cases[][2] = {
		{ "::ffff:10.0.0.0/120", "10.0.0.0/24" },
		{ "::FFFF:10.0.0.77/120", "10.0.0.0/24" },
		{ "::ffff:192.0.2.7", "192.0.2.7/32" },
		{ "::ffff:0.0.0.0/96", "0.0.0.0/0" },
		{ "::ffff:0:0/95", "::fffe:0:0/95" },
		{ "::fffe:10.0.0.0/120", "::fffe:a00:0/120" },
		{ "64:ff9b::10.0.0.0/120", "64:ff9b::a00:0/120" },
	};
	struct cidr_list list = { 0 };
	struct cidr cidr;
	char text[CIDR_TEXT_MAX];

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		assert_int_equal(cidr_parse(cases[i][0], &cidr), 0);
		assert_string_equal(cidr_format(&cidr, text), cases[i][1]);
	}
	assert_int_equal(cidr_list_parse("::ffff:10.0.0.0/120", &list, NULL), 0);
	assert_int_equal(list.count, 1);
	assert_int_equal(list.items[0].address.family, AF_INET);
	cidr_list_free(&list);
}

static void parse_rejects_malformed(void **state)
{
	static const char *const bad[] = {
		"10.0.0.0/33", "300.1.1.1/8", "fe80::/129", "", "/8", "10.0.0.0/", "10.0.0.0/-1",
		"10.0.0.0/+8", "10.0.0.0/ 8", "10.0.0.0/8x", "10.0.0.0/0008", "10.0.0/8", "host/8",
		"1.2.3.4/8/8", "::ffff:zz/96",
	};
	struct cidr cidr;

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		assert_int_equal(cidr_parse(bad[i], &cidr), -EINVAL);
}

static void list_parse_points_at_bad_item(void **state)
{
	struct cidr_list list = { 0 };
	const char *bad = NULL;
	const char *text = "10.0.0.0/24, 192.168.1.0/24 fe80::/129,10.1.0.0/16";

	(void)state;
	assert_int_equal(cidr_list_parse(text, &list, &bad), -EINVAL);
	assert_ptr_equal(bad, strstr(text, "fe80"));
	cidr_list_free(&list);
}

static void normalize_merges_and_drops_covered(void **state)
{
	struct cidr_list list = { 0 };
	char text[CIDR_TEXT_MAX];

	(void)state;
	assert_int_equal(cidr_list_parse("10.0.1.0/24 10.0.0.0/24 10.0.0.5 2001:db8::/33 2001:db8:8000::/33 10.0.0.0/16",
					  &list, NULL), 0);
	cidr_list_normalize(&list);
	assert_int_equal(list.count, 2);
	assert_string_equal(cidr_format(&list.items[0], text), "10.0.0.0/16");
	assert_string_equal(cidr_format(&list.items[1], text), "2001:db8::/32");
	cidr_list_free(&list);
}

static void normalize_merges_chains_of_siblings(void **state)
{
	struct cidr_list list = { 0 };
	char text[CIDR_TEXT_MAX];

	(void)state;
	assert_int_equal(cidr_list_parse("192.168.0.0/26 192.168.0.64/26 192.168.0.128/25", &list, NULL), 0);
	cidr_list_normalize(&list);
	assert_int_equal(list.count, 1);
	assert_string_equal(cidr_format(&list.items[0], text), "192.168.0.0/24");
	cidr_list_free(&list);
}

/* The addresses of 10.0.0.0/24 that list covers, one bit each. */
static void coverage(const struct cidr_list *list, uint8_t covered[256])
{
	memset(covered, 0, 256);
	for (size_t i = 0; i < list->count; i++) {
		unsigned int first = list->items[i].address.bytes[3], size = 1u << (32 - list->items[i].prefix_length);

		for (unsigned int k = first & ~(size - 1); k < (first & ~(size - 1)) + size; k++)
			covered[k] = 1;
	}
}

/* Random lists inside one /24, lengths /25 to /32, so that covering,
 * duplicate and sibling prefixes are common: the normalised list covers
 * the same addresses with the fewest prefixes (in order, none covering
 * or merging with the next), and a second normalize changes nothing,
 * whether the list came in sorted (the no-op check) or not. */
static void normalize_is_minimal_and_idempotent(void **state)
{
	uint32_t seed = 12345;

	(void)state;
	for (unsigned int round = 0; round < 3000; round++) {
		struct cidr_list list = { 0 }, again = { 0 };
		uint8_t before[256], after[256];
		unsigned int count = 1 + round % 40;
		char text[CIDR_TEXT_MAX];

		for (unsigned int i = 0; i < count; i++) {
			struct cidr cidr;

			seed = seed * 1103515245u + 12345u;
			snprintf(text, sizeof(text), "10.0.0.%u/%u", (seed >> 8) & 0xff, 25 + (seed >> 20) % 8);
			assert_int_equal(cidr_parse(text, &cidr), 0);
			assert_int_equal(cidr_list_add(&list, &cidr), 0);
		}
		if (round % 2)
			cidr_list_normalize(&list);	/* then sorted: the second pass takes the check */
		coverage(&list, before);
		cidr_list_normalize(&list);
		coverage(&list, after);
		assert_memory_equal(before, after, 256);
		for (size_t i = 1; i < list.count; i++) {
			const struct cidr *a = &list.items[i - 1], *b = &list.items[i];
			unsigned int end_a = a->address.bytes[3] + (1u << (32 - a->prefix_length)) - 1;
			bool siblings = a->prefix_length == b->prefix_length &&
					(a->address.bytes[3] ^ b->address.bytes[3]) == 1u << (32 - a->prefix_length);

			assert_true(end_a < b->address.bytes[3]);
			assert_false(siblings);
		}
		assert_int_equal(cidr_list_add_all(&again, &list), 0);
		cidr_list_normalize(&again);
		assert_int_equal(again.count, list.count);
		assert_memory_equal(again.items, list.items, list.count * sizeof(*list.items));
		cidr_list_free(&list);
		cidr_list_free(&again);
	}
}

static void scope_classification(void **state)
{
	static const struct { const char *address; enum scope scope; } cases[] = {
		{ "0.0.0.0", SCOPE_ANY }, { "::", SCOPE_ANY }, { "127.0.0.1", SCOPE_LOOPBACK },
		{ "::1", SCOPE_LOOPBACK }, { "::ffff:127.0.0.1", SCOPE_LOOPBACK },
		{ "10.1.2.3", SCOPE_PRIVATE }, { "172.31.0.1", SCOPE_PRIVATE }, { "172.32.0.1", SCOPE_PUBLIC },
		{ "192.168.5.5", SCOPE_PRIVATE }, { "fd00::1", SCOPE_PRIVATE }, { "fe80::1", SCOPE_LINK_LOCAL },
		{ "169.254.1.1", SCOPE_LINK_LOCAL }, { "192.0.2.10", SCOPE_PUBLIC }, { "2001:db8::1", SCOPE_PUBLIC },
		{ "239.255.255.250", SCOPE_MULTICAST }, { "224.0.0.251", SCOPE_MULTICAST },
		{ "239.255.255.255", SCOPE_MULTICAST }, { "223.255.255.255", SCOPE_PUBLIC },
		{ "240.0.0.1", SCOPE_PUBLIC }, { "ff02::c", SCOPE_MULTICAST }, { "ff05::1:3", SCOPE_MULTICAST },
		{ "::ffff:239.255.255.250", SCOPE_MULTICAST }, { "fe80::c", SCOPE_LINK_LOCAL },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct ip_address address;

		assert_int_equal(ip_address_parse(cases[i].address, &address), 0);
		assert_int_equal(ip_address_scope(&address), cases[i].scope);
	}
	assert_string_equal(scope_name(SCOPE_MULTICAST), "multicast");
}

static void contains_and_everything(void **state)
{
	struct cidr cidr;
	struct ip_address inside, outside;

	(void)state;
	assert_int_equal(cidr_parse("10.0.0.0/23", &cidr), 0);
	assert_int_equal(ip_address_parse("10.0.1.255", &inside), 0);
	assert_int_equal(ip_address_parse("10.0.2.0", &outside), 0);
	assert_true(cidr_contains(&cidr, &inside));
	assert_false(cidr_contains(&cidr, &outside));
	assert_false(cidr_is_everything(&cidr));
	assert_int_equal(cidr_parse("0.0.0.0/0", &cidr), 0);
	assert_true(cidr_is_everything(&cidr));
	assert_true(cidr_contains(&cidr, &outside));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(parse_clears_host_bits),
		cmocka_unit_test(parse_unmaps_ipv4_mapped_networks),
		cmocka_unit_test(parse_rejects_malformed),
		cmocka_unit_test(list_parse_points_at_bad_item),
		cmocka_unit_test(normalize_merges_and_drops_covered),
		cmocka_unit_test(normalize_merges_chains_of_siblings),
		cmocka_unit_test(normalize_is_minimal_and_idempotent),
		cmocka_unit_test(scope_classification),
		cmocka_unit_test(contains_and_everything),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
