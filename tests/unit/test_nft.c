/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The pure parts of the nft module: normalisation, equality, the nft
 * text, the elements nft's layout asks for, rule signatures, messages. */
#include "config.h"

#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <cmocka.h>

#include "model/cidr.h"
#include "nft/nft.h"
#include "nft/nft_objects.h"

static void ruleset_from(struct nft_ruleset *ruleset, const char *trusted, const uint16_t *ports, size_t port_count)
{
	*ruleset = (struct nft_ruleset){ 0 };
	assert_int_equal(cidr_list_parse(trusted, &ruleset->trusted, NULL), 0);
	for (size_t i = 0; i < port_count; i++)
		assert_int_equal(nft_ruleset_add_port(ruleset, ports[i]), 0);
}

static char *format(const struct nft_ruleset *ruleset)
{
	char *text = NULL;
	size_t size = 0;
	FILE *out = open_memstream(&text, &size);

	assert_non_null(out);
	assert_int_equal(nft_ruleset_format(ruleset, out), 0);
	assert_int_equal(fclose(out), 0);
	return text;
}

static void normalize_merges_prefixes_and_sorts_ports(void **state)
{
	static const uint16_t ports[] = { 2049, 111, 20048, 111 };
	struct nft_ruleset ruleset;
	char text[CIDR_TEXT_MAX];

	(void)state;
	ruleset_from(&ruleset, "10.0.1.0/24 2001:db8::/48 10.0.0.0/24 10.0.0.0/24 10.0.0.7 2001:db8::1", ports, 4);
	nft_ruleset_normalize(&ruleset);
	assert_int_equal(ruleset.trusted.count, 2);
	assert_string_equal(cidr_format(&ruleset.trusted.items[0], text), "10.0.0.0/23");
	assert_string_equal(cidr_format(&ruleset.trusted.items[1], text), "2001:db8::/48");
	assert_int_equal(ruleset.port_count, 3);
	assert_int_equal(ruleset.ports[0], 111);
	assert_int_equal(ruleset.ports[1], 2049);
	assert_int_equal(ruleset.ports[2], 20048);
	nft_ruleset_free(&ruleset);
}

/* A random list with many overlaps, as --trusted or a benchmark gives it. */
static void random_prefixes(struct cidr_list *list, size_t count, unsigned int seed)
{
	srand(seed);
	for (size_t i = 0; i < count; i++) {
		struct cidr cidr = { .address.family = i % 4 == 3 ? AF_INET6 : AF_INET };
		char text[CIDR_TEXT_MAX];

		for (unsigned int b = 0; b < (cidr.address.family == AF_INET ? 4u : 16u); b++)
			cidr.address.bytes[b] = (uint8_t)rand();
		cidr.prefix_length = cidr.address.family == AF_INET ? 8 + (unsigned int)rand() % 25
								    : 16 + (unsigned int)rand() % 113;
		/* Through the parser, which clears the host bits. */
		assert_int_equal(cidr_parse(cidr_format(&cidr, text), &cidr), 0);
		assert_int_equal(cidr_list_add(list, &cidr), 0);
	}
}

/* Normalised: sorted, no prefix covers another, no two are siblings, and
 * every address in or out stays so; 100,000 prefixes in well under a
 * second even under the sanitizers. */
static void normalize_is_canonical_and_fast(void **state)
{
	struct cidr_list original = { 0 }, list = { 0 };
	clock_t start;

	(void)state;
	random_prefixes(&original, 100000, 7);
	for (size_t i = 0; i < original.count; i++)
		assert_int_equal(cidr_list_add(&list, &original.items[i]), 0);
	start = clock();
	cidr_list_normalize(&list);
	assert_true((double)(clock() - start) / CLOCKS_PER_SEC < 1.0);
	assert_true(list.count < original.count);
	for (size_t i = 1; i < list.count; i++) {
		const struct cidr *a = &list.items[i - 1], *b = &list.items[i];
		struct cidr parent = *a;

		assert_false(a->address.family == b->address.family && cidr_contains(a, &b->address));
		assert_true(a->address.family < b->address.family ||
			    (a->address.family == b->address.family && memcmp(a->address.bytes, b->address.bytes, 16) < 0));
		if (a->address.family == b->address.family && a->prefix_length == b->prefix_length &&
		    a->prefix_length > 0) {
			parent.prefix_length--;
			assert_false(cidr_contains(&parent, &b->address));	/* siblings */
		}
	}
	/* Random addresses: inside before exactly when inside after. */
	for (int probe = 0; probe < 100; probe++) {
		struct ip_address address = { .family = probe % 2 ? AF_INET : AF_INET6 };

		for (unsigned int b = 0; b < 16; b++)
			address.bytes[b] = address.family == AF_INET && b >= 4 ? 0 : (uint8_t)rand();
		assert_int_equal(cidr_list_contains(&original, &address), cidr_list_contains(&list, &address));
	}
	/* Every original prefix's first address is still covered. */
	for (size_t i = 0; i < original.count; i += 97)
		assert_true(cidr_list_contains(&list, &original.items[i].address));
	cidr_list_free(&original);
	cidr_list_free(&list);
}

static void equal_compares_normalised_rulesets(void **state)
{
	static const uint16_t ports[] = { 111, 2049 }, other_ports[] = { 2049, 111, 111 }, fewer[] = { 111 };
	struct nft_ruleset a, b, c, d;

	(void)state;
	ruleset_from(&a, "192.168.0.0/24 fd00::/8", ports, 2);
	ruleset_from(&b, "fd00::/8 192.168.0.0/25 192.168.0.128/25", other_ports, 3);
	ruleset_from(&c, "192.168.0.0/24 fd00::/8", fewer, 1);
	ruleset_from(&d, "192.168.0.0/24", ports, 2);
	nft_ruleset_normalize(&a);
	nft_ruleset_normalize(&b);
	nft_ruleset_normalize(&c);
	nft_ruleset_normalize(&d);
	assert_true(nft_ruleset_equal(&a, &b));
	assert_false(nft_ruleset_equal(&a, &c));
	assert_false(nft_ruleset_equal(&a, &d));
	nft_ruleset_free(&a);
	nft_ruleset_free(&b);
	nft_ruleset_free(&c);
	nft_ruleset_free(&d);
}

static void everything_is_found(void **state)
{
	static const uint16_t ports[] = { 111 };
	struct nft_ruleset ruleset;
	char text[CIDR_TEXT_MAX];

	(void)state;
	ruleset_from(&ruleset, "10.0.0.0/8 2001:db8::/32", ports, 1);
	assert_null(nft_ruleset_everything(&ruleset));
	nft_ruleset_free(&ruleset);
	ruleset_from(&ruleset, "10.0.0.0/8 0.0.0.0/0", ports, 1);
	nft_ruleset_normalize(&ruleset);
	assert_non_null(nft_ruleset_everything(&ruleset));
	assert_int_equal(ruleset.trusted.count, 1);
	assert_string_equal(cidr_format(nft_ruleset_everything(&ruleset), text), "0.0.0.0/0");
	nft_ruleset_free(&ruleset);
	ruleset_from(&ruleset, "::/0", ports, 1);
	assert_string_equal(cidr_format(nft_ruleset_everything(&ruleset), text), "::/0");
	nft_ruleset_free(&ruleset);
}

/* Every rule of shape's chains is in text, in order; count per chain. */
static void expect_rules_in(const char *text, const struct nft_shape *shape, size_t count)
{
	const struct nft_shape *shapes[] = { shape };
	struct nft_rule_shape rules[NFT_CHAIN_RULES_MAX];
	const char *at = text;

	assert_int_equal(nft_chain_rules(shapes, 1, rules), count);
	for (unsigned int c = 0; c < NFT_CHAIN_COUNT; c++)
		for (size_t i = 0; i < count; i++) {
			char rule[256], line[300];

			assert_int_equal(nft_rule_text(c, &rules[i], rule, sizeof(rule)), 0);
			snprintf(line, sizeof(line), "\t\t%s\n", rule);
			at = strstr(at, line);
			assert_non_null(at);
		}
}

static void format_fills_the_template(void **state)
{
	static const uint16_t ports[] = { 20048, 111 };
	struct nft_ruleset ruleset;
	char *text;

	(void)state;
	ruleset_from(&ruleset, "192.168.2.0/24 10.0.0.0/8 192.0.2.7 2001:db8::/32", ports, 2);
	text = format(&ruleset);
	assert_non_null(strstr(text, "\t\ttype ipv4_addr\n\t\tflags interval\n"
				     "\t\telements = { 10.0.0.0/8,\n\t\t\t     192.0.2.7/32,\n"
				     "\t\t\t     192.168.2.0/24 }\n"));
	assert_non_null(strstr(text, "\t\ttype ipv6_addr\n\t\tflags interval\n\t\telements = { 2001:db8::/32 }\n"));
	assert_non_null(strstr(text, "\t\ttype inet_service\n\t\telements = { 111, 20048 }\n"));
	assert_non_null(strstr(text, "table inet portguard\ndelete table inet portguard\n"));
	assert_non_null(strstr(text, "type filter hook input priority 2147483647; policy accept;"));
	assert_non_null(strstr(text, "type filter hook prerouting priority -300; policy accept;"));
	/* Arriving on lo is not enough. */
	assert_null(strstr(text, "iif \"lo\" accept"));
	expect_rules_in(text, &ruleset.shape, 8);
	assert_null(strstr(text, "@TRUSTED"));
	assert_null(strstr(text, "@PORTS@"));
	free(text);
	nft_ruleset_free(&ruleset);
}

static void format_leaves_an_empty_set_without_elements(void **state)
{
	static const uint16_t ports[] = { 111 };
	struct nft_ruleset ruleset;
	char *text;

	(void)state;
	ruleset_from(&ruleset, "10.0.0.0/8", ports, 1);
	text = format(&ruleset);
	assert_non_null(strstr(text, "\t\ttype ipv6_addr\n\t\tflags interval\n\t}\n"));
	assert_null(strstr(text, "elements = { }"));
	free(text);
	nft_ruleset_free(&ruleset);
}

static size_t walk(const char *prefixes, struct nft_element *elements, size_t capacity)
{
	struct cidr_list list = { 0 };
	struct nft_element_walk walker;
	size_t count = 0;

	assert_int_equal(cidr_list_parse(prefixes, &list, NULL), 0);
	cidr_list_normalize(&list);
	nft_element_walk_init(&walker, list.items, list.count);
	while (count < capacity && nft_element_walk_next(&walker, &elements[count]))
		count++;
	assert_false(nft_element_walk_next(&walker, &elements[0]));
	cidr_list_free(&list);
	return count;
}

static void elements_follow_nft_layout(void **state)
{
	struct nft_element elements[16];
	size_t count;

	(void)state;
	/* What nft 1.0.6 sent for these, read with --debug=mnl. */
	count = walk("10.0.0.0/8 192.168.1.0/24 192.168.2.0/24 255.255.255.0/24", elements, 16);
	assert_int_equal(count, 8);
	assert_true(elements[0].interval_end);
	assert_memory_equal(elements[0].key, "\0\0\0\0", 4);
	assert_false(elements[1].interval_end);
	assert_memory_equal(elements[1].key, "\x0a\0\0\0", 4);
	assert_true(elements[2].interval_end);
	assert_memory_equal(elements[2].key, "\x0b\0\0\0", 4);
	assert_memory_equal(elements[4].key, "\xc0\xa8\x02\x00", 4);
	assert_true(elements[4].interval_end);
	assert_memory_equal(elements[5].key, "\xc0\xa8\x02\x00", 4);
	assert_false(elements[5].interval_end);
	assert_memory_equal(elements[7].key, "\xff\xff\xff\x00", 4);
	assert_false(elements[7].interval_end);
	assert_true(elements[7].open);
	/* A set that starts at address 0 has no leading end element. */
	count = walk("0.0.0.0/8", elements, 16);
	assert_int_equal(count, 2);
	assert_false(elements[0].interval_end);
	assert_true(elements[1].interval_end);
	count = walk("2001:db8::/32", elements, 16);
	assert_int_equal(count, 3);
	assert_int_equal(elements[1].key_length, 16);
	assert_memory_equal(elements[2].key, "\x20\x01\x0d\xb9", 4);
	assert_int_equal(walk("", elements, 16), 0);
}

static void range_becomes_fewest_prefixes(void **state)
{
	struct cidr_list list = { 0 };
	struct ip_address first, last;
	char text[CIDR_TEXT_MAX];

	(void)state;
	assert_int_equal(ip_address_parse("10.0.0.1", &first), 0);
	assert_int_equal(ip_address_parse("10.0.0.8", &last), 0);
	assert_int_equal(cidr_list_add_range(&list, &first, &last), 0);
	assert_int_equal(list.count, 4);
	assert_string_equal(cidr_format(&list.items[0], text), "10.0.0.1/32");
	assert_string_equal(cidr_format(&list.items[1], text), "10.0.0.2/31");
	assert_string_equal(cidr_format(&list.items[2], text), "10.0.0.4/30");
	assert_string_equal(cidr_format(&list.items[3], text), "10.0.0.8/32");
	cidr_list_free(&list);
	assert_int_equal(ip_address_parse("::", &first), 0);
	assert_int_equal(ip_address_parse("ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", &last), 0);
	assert_int_equal(cidr_list_add_range(&list, &first, &last), 0);
	assert_int_equal(list.count, 1);
	assert_string_equal(cidr_format(&list.items[0], text), "::/0");
	assert_int_equal(cidr_list_add_range(&list, &last, &first), -EINVAL);
	assert_int_equal(ip_address_parse("10.0.0.1", &first), 0);
	assert_int_equal(cidr_list_add_range(&list, &first, &last), -EINVAL);
	cidr_list_free(&list);
}

static struct nftnl_rule *default_rule(unsigned int chain, unsigned int index)
{
	static const struct nft_shape portmapper = { 0 };
	const struct nft_shape *shapes[] = { &portmapper };
	struct nft_rule_shape rules[NFT_CHAIN_RULES_MAX];

	assert_int_equal(nft_chain_rules(shapes, 1, rules), 8);
	return nft_objects_rule(chain, &rules[index]);
}

static void rule_signatures_ignore_counter_values(void **state)
{
	char first[1024], second[1024];
	struct nftnl_rule *rule;

	(void)state;
	/* Every rule of both chains differs from every other one, but the
	 * accepts, which the two chains share. */
	for (unsigned int i = 0; i < 2 * 8; i++) {
		rule = default_rule(i / 8, i % 8);
		assert_non_null(rule);
		assert_int_equal(nft_objects_rule_signature(rule, first, sizeof(first)), 0);
		nftnl_rule_free(rule);
		for (unsigned int j = 0; j < i; j++) {
			bool shared_accept = i % 8 == j && j < 6;

			rule = default_rule(j / 8, j % 8);
			assert_int_equal(nft_objects_rule_signature(rule, second, sizeof(second)), 0);
			nftnl_rule_free(rule);
			if (shared_accept)
				assert_string_equal(first, second);
			else
				assert_string_not_equal(first, second);
		}
	}
	/* Loopback is a local source, not only the interface. */
	rule = default_rule(NFT_CHAIN_INPUT, 0);
	assert_int_equal(nft_objects_rule_signature(rule, first, sizeof(first)), 0);
	assert_non_null(strstr(first, "[meta load iif => reg 1 ]"));
	assert_non_null(strstr(first, "[fib saddr type => reg 1 ]"));
	nftnl_rule_free(rule);
	rule = default_rule(NFT_CHAIN_PREROUTING, 6);
	assert_int_equal(nft_objects_rule_signature(rule, first, sizeof(first)), 0);
	assert_non_null(strstr(first, "[counter ]"));
	assert_non_null(strstr(first, "[fib "));
	assert_null(strstr(first, "pkts"));
	assert_int_equal(nft_objects_rule_signature(rule, second, 16), -ENOSPC);
	nftnl_rule_free(rule);
	assert_null(nft_objects_rule(NFT_CHAIN_COUNT, &(struct nft_rule_shape){ 0 }));
}

/* Another service's part: its own sets by name, only its transports,
 * and NTP's drop of modes 6 and 7 only, in the file and in netlink. */
static void shapes_name_their_sets_and_match_their_transports(void **state)
{
	static const uint16_t ports[] = { 123 };
	const struct nft_shape ntp = { .set_prefix = "ntp_", .transports = NFT_TRANSPORTS_UDP,
				       .first_byte = { .present = true, .mask = 0x06, .value = 0x06 } };
	const struct nft_shape *shapes[] = { &ntp };
	struct nft_rule_shape rules[NFT_CHAIN_RULES_MAX];
	struct nft_ruleset ruleset;
	char rule[256], signature[1024];
	struct nftnl_rule *built;
	char *text;

	(void)state;
	assert_int_equal(nft_chain_rules(shapes, 1, rules), 5);
	assert_int_equal(nft_rule_text(NFT_CHAIN_INPUT, &rules[2], rule, sizeof(rule)), 0);
	assert_string_equal(rule, "ip saddr @ntp_trusted4 udp dport @ntp_ports accept");
	assert_int_equal(nft_rule_text(NFT_CHAIN_INPUT, &rules[3], rule, sizeof(rule)), 0);
	assert_string_equal(rule, "ip6 saddr @ntp_trusted6 udp dport @ntp_ports accept");
	assert_int_equal(nft_rule_text(NFT_CHAIN_INPUT, &rules[4], rule, sizeof(rule)), 0);
	assert_string_equal(rule, "udp dport @ntp_ports @th,64,8 & 0x6 == 0x6 counter drop");
	assert_int_equal(nft_rule_text(NFT_CHAIN_PREROUTING, &rules[4], rule, sizeof(rule)), 0);
	assert_string_equal(rule, "udp dport @ntp_ports @th,64,8 & 0x6 == 0x6 fib daddr type local counter drop");
	built = nft_objects_rule(NFT_CHAIN_INPUT, &rules[4]);
	assert_non_null(built);
	assert_int_equal(nft_objects_rule_signature(built, signature, sizeof(signature)), 0);
	assert_non_null(strstr(signature, "[bitwise "));
	assert_non_null(strstr(signature, "set ntp_ports"));
	nftnl_rule_free(built);

	ruleset_from(&ruleset, "10.0.0.0/8", ports, 1);
	ruleset.shape = ntp;
	text = format(&ruleset);
	assert_non_null(strstr(text, "\tset ntp_trusted4 {\n\t\ttype ipv4_addr\n\t\tflags interval\n"
				     "\t\telements = { 10.0.0.0/8 }\n\t}\n"));
	assert_non_null(strstr(text, "\tset ntp_ports {\n\t\ttype inet_service\n\t\telements = { 123 }\n\t}\n"));
	assert_null(strstr(text, "tcp dport"));
	assert_null(strstr(text, "dport @ports"));
	expect_rules_in(text, &ruleset.shape, 5);
	free(text);
	nft_ruleset_free(&ruleset);
}

static void unavailable_reasons_name_the_fix(void **state)
{
	(void)state;
	assert_non_null(strstr(nft_unavailable_reason(-EPERM), "CAP_NET_ADMIN"));
	assert_non_null(strstr(nft_unavailable_reason(-EPERM), "run portguard as root"));
	assert_non_null(strstr(nft_unavailable_reason(-EPROTONOSUPPORT), "no nf_tables"));
	assert_non_null(strstr(nft_unavailable_reason(-EPROTONOSUPPORT), "--mode stop"));
	assert_non_null(strstr(nft_unavailable_reason(-EIO), "nf_tables cannot be reached"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(normalize_merges_prefixes_and_sorts_ports),
		cmocka_unit_test(normalize_is_canonical_and_fast),
		cmocka_unit_test(equal_compares_normalised_rulesets),
		cmocka_unit_test(everything_is_found),
		cmocka_unit_test(format_fills_the_template),
		cmocka_unit_test(format_leaves_an_empty_set_without_elements),
		cmocka_unit_test(elements_follow_nft_layout),
		cmocka_unit_test(range_becomes_fewest_prefixes),
		cmocka_unit_test(rule_signatures_ignore_counter_values),
		cmocka_unit_test(shapes_name_their_sets_and_match_their_transports),
		cmocka_unit_test(unavailable_reasons_name_the_fix),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
