/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The table of several services' parts: its order, putting and removing
 * one part, equality, the chains' layout, the file, the checks. */
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
#include <netinet/in.h>
#include <cmocka.h>

#include "model/cidr.h"
#include "nft/nft.h"
#include "nft/nft_objects.h"

static const struct nft_shape portmapper = { 0 };
static const struct nft_shape ntp = {
	.set_prefix = "ntp_", .transports = NFT_TRANSPORTS_UDP, .first_byte = { true, 0x06, 0x06 },
};
static const struct nft_shape snmp = { .set_prefix = "snmp_", .transports = NFT_TRANSPORTS_UDP };

static void part_from(struct nft_ruleset *ruleset, const struct nft_shape *shape, const char *trusted, uint16_t port)
{
	*ruleset = (struct nft_ruleset){ .shape = *shape };
	assert_int_equal(cidr_list_parse(trusted, &ruleset->trusted, NULL), 0);
	if (port)
		assert_int_equal(nft_ruleset_add_port(ruleset, port), 0);
}

static void put(struct nft_table *table, const struct nft_shape *shape, const char *trusted, uint16_t port)
{
	struct nft_ruleset part;

	part_from(&part, shape, trusted, port);
	assert_int_equal(nft_table_put_part(table, &part), 0);
	nft_ruleset_free(&part);
}

/* Appended as given, not put: what a caller may hand apply. */
static void append(struct nft_table *table, const struct nft_shape *shape, const char *trusted, uint16_t port)
{
	struct nft_ruleset *grown = realloc(table->rulesets, (table->count + 1) * sizeof(*grown));

	assert_non_null(grown);
	table->rulesets = grown;
	part_from(&table->rulesets[table->count++], shape, trusted, port);
}

static void parts_are_in_the_order_of_their_prefixes(void **state)
{
	struct nft_table table = { 0 };
	char text[CIDR_TEXT_MAX];

	(void)state;
	append(&table, &snmp, "10.3.0.0/16", 161);
	append(&table, &ntp, "10.2.0.0/16 10.2.0.0/17", 123);
	append(&table, &portmapper, "10.1.0.0/16", 111);
	assert_int_equal(nft_table_normalize(&table), 0);
	assert_int_equal(table.count, 3);
	assert_string_equal(table.rulesets[0].shape.set_prefix, "");
	assert_string_equal(table.rulesets[1].shape.set_prefix, "ntp_");
	assert_string_equal(table.rulesets[2].shape.set_prefix, "snmp_");
	/* and every part normalised */
	assert_int_equal(table.rulesets[1].trusted.count, 1);
	assert_string_equal(cidr_format(&table.rulesets[1].trusted.items[0], text), "10.2.0.0/16");
	nft_table_free(&table);
}

static void normalize_refuses_what_cannot_be_one_table(void **state)
{
	struct nft_table table = { 0 }, copy = { .count = 7 };
	struct nft_ruleset *part;

	(void)state;
	/* two parts of one prefix would be two sets of one name */
	append(&table, &ntp, "10.2.0.0/16", 123);
	append(&table, &portmapper, "10.1.0.0/16", 111);
	append(&table, &(struct nft_shape){ .set_prefix = "ntp_" }, "10.9.0.0/16", 123);
	assert_int_equal(nft_table_normalize(&table), -EINVAL);
	assert_int_equal(nft_table_copy(&table, &copy), -EINVAL);
	assert_int_equal(copy.count, 7);	/* untouched */
	nft_table_free(&table);
	/* a prefix nft would not read as part of a name */
	for (size_t i = 0; i < 4; i++) {
		static const char *const bad[] = { "Ntp_", "ntp-", "1ntp_", "ntp_ x" };

		append(&table, &portmapper, "10.1.0.0/16", 111);
		snprintf(table.rulesets[0].shape.set_prefix, NFT_SET_PREFIX_MAX, "%s", bad[i]);
		assert_int_equal(nft_table_normalize(&table), -EINVAL);
		assert_false(nft_set_prefix_valid(bad[i]));
		nft_table_free(&table);
	}
	assert_true(nft_set_prefix_valid(""));
	assert_true(nft_set_prefix_valid("_"));
	assert_true(nft_set_prefix_valid("memcached_2_"));
	/* more parts than a chain has room for */
	for (size_t i = 0; i <= NFT_RULESETS_MAX; i++) {
		append(&table, &portmapper, "10.1.0.0/16", 111);
		part = &table.rulesets[table.count - 1];
		snprintf(part->shape.set_prefix, NFT_SET_PREFIX_MAX, "s%zu_", i);
	}
	assert_int_equal(nft_table_normalize(&table), -E2BIG);
	assert_int_equal(nft_table_copy(&table, &copy), -E2BIG);
	table.count--;
	nft_ruleset_free(&table.rulesets[table.count]);
	assert_int_equal(nft_table_normalize(&table), 0);
	nft_table_free(&table);
}

/* Fix and undo of one service: the others' parts stay as they were. */
static void put_and_remove_touch_one_part(void **state)
{
	struct nft_table table = { 0 }, before = { 0 };
	struct nft_ruleset part;
	const struct nft_ruleset *found;
	char text[CIDR_TEXT_MAX];

	(void)state;
	put(&table, &ntp, "10.2.0.0/16", 123);
	put(&table, &portmapper, "10.1.0.0/16", 111);
	assert_int_equal(table.count, 2);
	assert_string_equal(table.rulesets[0].shape.set_prefix, "");
	assert_int_equal(nft_table_copy(&table, &before), 0);
	assert_true(nft_table_equal(&table, &before));

	/* the same prefix again replaces that part, shape and all */
	put(&table, &(struct nft_shape){ .set_prefix = "ntp_", .transports = NFT_TRANSPORTS_UDP }, "10.7.0.0/16", 123);
	assert_int_equal(table.count, 2);
	assert_false(nft_table_equal(&table, &before));
	found = nft_table_part(&table, "ntp_");
	assert_non_null(found);
	assert_false(found->shape.first_byte.present);
	assert_string_equal(cidr_format(&found->trusted.items[0], text), "10.7.0.0/16");
	assert_true(nft_ruleset_equal(nft_table_part(&table, ""), nft_table_part(&before, "")));
	assert_null(nft_table_part(&table, "snmp_"));

	/* a part the table cannot hold leaves it as it was */
	part_from(&part, &(struct nft_shape){ .set_prefix = "SNMP_" }, "10.3.0.0/16", 161);
	assert_int_equal(nft_table_put_part(&table, &part), -EINVAL);
	nft_ruleset_free(&part);
	assert_int_equal(table.count, 2);

	/* removing one leaves the other */
	assert_true(nft_table_remove_part(&table, ""));
	assert_false(nft_table_remove_part(&table, ""));
	assert_int_equal(table.count, 1);
	assert_string_equal(table.rulesets[0].shape.set_prefix, "ntp_");
	assert_true(nft_table_remove_part(&table, "ntp_"));
	assert_int_equal(table.count, 0);
	put(&table, &snmp, "10.3.0.0/16", 161);
	assert_int_equal(table.count, 1);
	nft_table_free(&table);
	nft_table_free(&before);
}

/* A part moved in is the part put in (normalised, in order), and the
 * table takes its storage; one the table refuses stays the caller's. */
static void move_is_put_without_the_copy(void **state)
{
	struct nft_table moved = { 0 }, put_in = { 0 };
	struct nft_ruleset part;
	const struct cidr *items;

	(void)state;
	put(&put_in, &ntp, "10.2.0.0/16", 123);
	put(&put_in, &portmapper, "10.1.0.0/16 10.1.0.0/24 10.0.0.0/16", 111);
	part_from(&part, &ntp, "10.2.0.0/16", 123);
	assert_int_equal(nft_table_move_part(&moved, &part), 0);
	assert_null(part.trusted.items);
	part_from(&part, &portmapper, "10.1.0.0/16 10.1.0.0/24 10.0.0.0/16", 111);
	items = part.trusted.items;
	assert_int_equal(nft_table_move_part(&moved, &part), 0);
	assert_int_equal(part.trusted.count, 0);
	assert_ptr_equal(nft_table_part(&moved, "")->trusted.items, items);
	assert_true(nft_table_equal(&moved, &put_in));
	part_from(&part, &(struct nft_shape){ .set_prefix = "SNMP_" }, "10.3.0.0/16", 161);
	assert_int_equal(nft_table_move_part(&moved, &part), -EINVAL);
	assert_int_equal(part.trusted.count, 1);
	nft_ruleset_free(&part);
	assert_int_equal(moved.count, 2);
	nft_table_free(&moved);
	nft_table_free(&put_in);
}

static void equal_compares_every_part(void **state)
{
	struct nft_table a = { 0 }, b = { 0 };

	(void)state;
	put(&a, &portmapper, "10.1.0.0/16", 111);
	put(&a, &ntp, "10.2.0.0/16", 123);
	put(&b, &ntp, "10.2.0.0/17 10.2.128.0/17", 123);
	assert_false(nft_table_equal(&a, &b));
	put(&b, &portmapper, "10.1.0.0/16", 111);
	assert_true(nft_table_equal(&a, &b));
	/* the shape of a part is part of the table */
	b.rulesets[1].shape.first_byte.value = 0x07;
	assert_false(nft_table_equal(&a, &b));
	b.rulesets[1].shape.first_byte.value = 0x06;
	b.rulesets[1].shape.transports = NFT_TRANSPORTS_TCP_AND_UDP;
	assert_false(nft_table_equal(&a, &b));
	nft_table_free(&a);
	nft_table_free(&b);
}

/* The digest that stands in for a copy of the table (the nft file's
 * kept record): equal tables give equal digests, and any part's shape,
 * prefix or port moves it. */
static void digest_follows_equality(void **state)
{
	struct nft_table a = { 0 }, b = { 0 };
	uint64_t digest;

	(void)state;
	put(&a, &portmapper, "10.1.0.0/16 192.0.2.0/24 2001:db8::/32", 111);
	put(&a, &ntp, "10.2.0.0/16", 123);
	put(&b, &ntp, "10.2.0.0/17 10.2.128.0/17", 123);
	put(&b, &portmapper, "2001:db8::/32 192.0.2.0/24 10.1.0.0/16", 111);
	assert_true(nft_table_equal(&a, &b));
	digest = nft_table_digest(&a);
	assert_true(nft_table_digest(&b) == digest);
	b.rulesets[1].shape.first_byte.value = 0x07;
	assert_false(nft_table_digest(&b) == digest);
	b.rulesets[1].shape.first_byte.value = 0x06;
	b.rulesets[1].shape.transports = NFT_TRANSPORTS_TCP_AND_UDP;
	assert_false(nft_table_digest(&b) == digest);
	b.rulesets[1].shape.transports = NFT_TRANSPORTS_UDP;
	assert_true(nft_table_digest(&b) == digest);
	b.rulesets[0].trusted.items[1].prefix_length = 25;
	assert_false(nft_table_digest(&b) == digest);
	b.rulesets[0].trusted.items[1].prefix_length = 24;
	b.rulesets[0].trusted.items[2].address.bytes[15] = 1;
	assert_false(nft_table_digest(&b) == digest);
	b.rulesets[0].trusted.items[2].address.bytes[15] = 0;
	b.rulesets[1].ports[0] = 124;
	assert_false(nft_table_digest(&b) == digest);
	b.rulesets[1].ports[0] = 123;
	assert_true(nft_table_digest(&b) == digest);
	/* a part less is another table */
	nft_table_remove_part(&b, "ntp_");
	assert_false(nft_table_digest(&b) == digest);
	nft_table_free(&a);
	nft_table_free(&b);
}

/* The loopback accepts once, then per part its accepts and drops, with
 * the set ids of its own sets: part p's are 3p+1 to 3p+3. */
static void chains_hold_every_part_in_order(void **state)
{
	const struct nft_shape *shapes[] = { &portmapper, &ntp, &snmp };
	struct nft_rule_shape rules[NFT_CHAIN_RULES_MAX];
	char text[256];

	(void)state;
	assert_int_equal(nft_chain_rules(shapes, 3, rules), 2 + 6 + 3 + 3);
	assert_int_equal(rules[0].kind, NFT_RULE_LOOPBACK_LOCAL);
	assert_int_equal(rules[1].kind, NFT_RULE_LOOPBACK_LINK_LOCAL);
	for (size_t i = 2; i < 8; i++) {
		assert_ptr_equal(rules[i].shape, &portmapper);
		assert_int_equal(rules[i].first_set_id, 1);
	}
	assert_int_equal(rules[7].kind, NFT_RULE_DROP);
	for (size_t i = 8; i < 11; i++) {
		assert_ptr_equal(rules[i].shape, &ntp);
		assert_int_equal(rules[i].first_set_id, 4);
	}
	assert_int_equal(nft_rule_text(NFT_CHAIN_INPUT, &rules[10], text, sizeof(text)), 0);
	assert_string_equal(text, "udp dport @ntp_ports @th,64,8 & 0x6 == 0x6 counter drop");
	assert_int_equal(rules[11].first_set_id, 7);
	assert_int_equal(nft_rule_text(NFT_CHAIN_PREROUTING, &rules[13], text, sizeof(text)), 0);
	assert_string_equal(text, "udp dport @snmp_ports fib daddr type local counter drop");
	assert_int_equal(nft_chain_rules(shapes, NFT_RULESETS_MAX + 1, rules), 0);
}

/* Every part's sets, in the table's order, then the rules of all. */
static void file_holds_every_part(void **state)
{
	struct nft_table table = { 0 };
	struct nft_ruleset single;
	char *text, *alone;
	const char *sets[] = { "\tset trusted4 {", "\tset trusted6 {", "\tset ports {", "\tset ntp_trusted4 {",
			       "\tset ntp_trusted6 {", "\tset ntp_ports {", "\tchain input {",
			       "\t\tip saddr @trusted4 tcp dport @ports accept\n",
			       "\t\tudp dport @ports counter drop\n",
			       "\t\tip saddr @ntp_trusted4 udp dport @ntp_ports accept\n",
			       "\t\tudp dport @ntp_ports @th,64,8 & 0x6 == 0x6 counter drop\n", "\tchain prerouting {",
			       "\t\tudp dport @ports fib daddr type local counter drop\n",
			       "\t\tudp dport @ntp_ports @th,64,8 & 0x6 == 0x6 fib daddr type local counter drop\n" };
	const char *at;

	(void)state;
	put(&table, &ntp, "192.0.2.0/24", 123);
	put(&table, &portmapper, "10.0.0.0/8 2001:db8::/32", 111);
	text = nft_table_format_text(&table);
	assert_non_null(text);
	at = text;
	for (size_t i = 0; i < sizeof(sets) / sizeof(sets[0]); i++) {
		at = strstr(at, sets[i]);
		assert_non_null(at);
	}
	assert_non_null(strstr(text, "\tset ntp_trusted4 {\n\t\ttype ipv4_addr\n\t\tflags interval\n"
				     "\t\telements = { 192.0.2.0/24 }\n\t}\n"));
	assert_null(strstr(text, "tcp dport @ntp_ports"));
	/* a table of one part writes what the single ruleset always wrote */
	assert_true(nft_table_remove_part(&table, "ntp_"));
	part_from(&single, &portmapper, "10.0.0.0/8 2001:db8::/32", 111);
	alone = nft_ruleset_text(&single);
	free(text);
	text = nft_table_format_text(&table);
	assert_non_null(alone);
	assert_non_null(text);
	assert_string_equal(text, alone);
	free(alone);
	free(text);
	nft_ruleset_free(&single);
	/* two parts of one prefix: no file */
	append(&table, &portmapper, "10.9.0.0/16", 111);
	assert_null(nft_table_format_text(&table));
	assert_int_equal(nft_table_format(&table, stdout), -EINVAL);
	nft_table_free(&table);
}

static void check_names_the_daemon_of_the_part(void **state)
{
	const char *daemons[] = { "rpcbind", "ntpd" };
	struct nft_table table = { 0 };
	struct error_record error = { 0 };

	(void)state;
	assert_int_equal(nft_table_check(&table, daemons, &error), -EINVAL);
	assert_non_null(strstr(error.message, "no service to restrict"));
	put(&table, &portmapper, "10.1.0.0/16", 111);
	put(&table, &ntp, "10.2.0.0/16", 123);
	assert_int_equal(nft_table_check(&table, daemons, &error), 0);
	nft_table_free(&table);
	put(&table, &portmapper, "10.1.0.0/16", 111);
	put(&table, &ntp, "0.0.0.0/1 128.0.0.0/1", 123);
	assert_int_equal(nft_table_check(&table, daemons, &error), -EINVAL);
	assert_non_null(strstr(error.message, "trusting 0.0.0.0/0 lets every IPv4 address in"));
	assert_non_null(strstr(error.message, "name the networks that need ntpd"));
	assert_int_equal(nft_table_check(&table, NULL, &error), -EINVAL);
	assert_non_null(strstr(error.message, "name the networks that need the service"));
	nft_table_free(&table);
	put(&table, &ntp, "10.2.0.0/16", 0);
	assert_int_equal(nft_table_check(&table, NULL, &error), -EINVAL);
	assert_non_null(strstr(error.message, "no port to restrict"));
	nft_table_free(&table);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(parts_are_in_the_order_of_their_prefixes),
		cmocka_unit_test(normalize_refuses_what_cannot_be_one_table),
		cmocka_unit_test(put_and_remove_touch_one_part),
		cmocka_unit_test(move_is_put_without_the_copy),
		cmocka_unit_test(equal_compares_every_part),
		cmocka_unit_test(digest_follows_equality),
		cmocka_unit_test(chains_hold_every_part_in_order),
		cmocka_unit_test(file_holds_every_part),
		cmocka_unit_test(check_names_the_daemon_of_the_part),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
