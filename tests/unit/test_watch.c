/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The agent's pure parts: the repair rate limit and the parsing of
 * nftables' notifications. */
#include "config.h"

#include <arpa/inet.h>
#include <errno.h>
#include <linux/netfilter.h>
#include <linux/netfilter/nf_tables.h>
#include <linux/netfilter/nfnetlink.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <libmnl/libmnl.h>
#include <cmocka.h>

#include "nft/nft_events.h"
#include "record/guard.h"

#define SECOND 1000000ull

static void test_limit_burst_then_backoff(void **state)
{
	struct repair_limit limit = { 0 };
	bool fight;
	uint64_t now = 100 * SECOND;

	(void)state;
	for (int i = 0; i < GUARD_BURST; i++)
		assert_true(repair_limit_allow(&limit, now + (uint64_t)i * 1000, &fight));
	assert_false(repair_limit_allow(&limit, now + 20000, &fight));
	assert_true(fight);
	/* Held back until the pause ends, without a new alert. */
	assert_false(repair_limit_allow(&limit, now + SECOND, &fight));
	assert_false(fight);
	/* After it, one try; the fight going on doubles the pause. */
	now = limit.blocked_until;
	assert_true(repair_limit_allow(&limit, now, &fight));
	assert_false(repair_limit_allow(&limit, now + 1000, &fight));
	assert_true(fight);
	assert_int_equal(limit.blocked_until - (now + 1000), 2 * GUARD_BACKOFF_FIRST_USEC);
}

static void test_limit_quiet_resets(void **state)
{
	struct repair_limit limit = { 0 };
	bool fight;
	uint64_t now = 5 * SECOND;

	(void)state;
	for (int i = 0; i <= GUARD_BURST; i++)
		repair_limit_allow(&limit, now, &fight);
	assert_true(fight);
	/* A repair every 2 s is no fight. */
	now = limit.blocked_until + 120 * SECOND;
	for (int i = 0; i < 3 * GUARD_BURST; i++) {
		assert_true(repair_limit_allow(&limit, now, &fight));
		now += 2 * SECOND;
	}
	assert_int_equal(limit.backoff_level, 0);
}

static void test_limit_backoff_capped(void **state)
{
	struct repair_limit limit = { 0 };
	bool fight;
	uint64_t now = SECOND;

	(void)state;
	for (int round = 0; round < 40; round++) {
		while (repair_limit_allow(&limit, now, &fight))
			;
		assert_true(limit.blocked_until - now <= GUARD_BACKOFF_MAX_USEC);
		now = limit.blocked_until;
	}
}

/* One notification as the kernel sends it: type, family, the sender's
 * port id as nlmsg_pid, the table name as attribute 1; NEWGEN also with
 * the sender's pid. */
static size_t put_message(char *buffer, uint16_t type, uint8_t family, const char *table, uint32_t port_id,
			  uint32_t pid)
{
	struct nlmsghdr *message = mnl_nlmsg_put_header(buffer);
	struct nfgenmsg *header = mnl_nlmsg_put_extra_header(message, sizeof(*header));

	message->nlmsg_type = (uint16_t)(NFNL_SUBSYS_NFTABLES << 8 | type);
	message->nlmsg_pid = port_id;
	header->nfgen_family = family;
	if (table)
		mnl_attr_put_strz(message, 1, table);
	if (type == NFT_MSG_NEWGEN) {
		mnl_attr_put_u32(message, NFTA_GEN_ID, htonl(7));
		mnl_attr_put_u32(message, NFTA_GEN_PROC_PID, htonl(pid));
	}
	return message->nlmsg_len;
}

/* A batch of one message and its NEWGEN, sent from port_id by pid. */
static bool foreign_after(uint16_t type, uint8_t family, const char *table, uint32_t port_id, uint32_t pid,
			  uint32_t own_port_id)
{
	char buffer[1024] = { 0 };
	struct nft_events_batch batch = { 0 };
	struct nft_events_own own = { &own_port_id, 1 };
	bool foreign = false;
	size_t length = put_message(buffer, type, family, table, port_id, 0);

	length += put_message(buffer + length, NFT_MSG_NEWGEN, NFPROTO_UNSPEC, NULL, port_id, pid);
	assert_int_equal(nft_events_parse(buffer, length, &batch, &own, &foreign), 0);
	return foreign;
}

static void test_events_foreign_and_own(void **state)
{
	(void)state;
	assert_true(foreign_after(NFT_MSG_DELTABLE, NFPROTO_INET, "portguard", 4242, 4242, 3000000001u));
	assert_true(foreign_after(NFT_MSG_NEWRULE, NFPROTO_INET, "portguard", 4242, 4242, 3000000001u));
	/* Our own batch, another table, another family: nothing to look at. */
	assert_false(foreign_after(NFT_MSG_DELTABLE, NFPROTO_INET, "portguard", 3000000001u, 100, 3000000001u));
	assert_false(foreign_after(NFT_MSG_DELTABLE, NFPROTO_INET, "filter", 4242, 4242, 3000000001u));
	assert_false(foreign_after(NFT_MSG_DELTABLE, NFPROTO_IPV4, "portguard", 4242, 4242, 3000000001u));
}

/* Only the port id counts: a process that got the agent's pid (reused,
 * or the same number in another pid namespace) is still another, and
 * the agent's own socket is its own whatever pid NEWGEN names. Port id
 * 0 is the kernel's. */
static void test_events_port_id_not_pid(void **state)
{
	(void)state;
	assert_true(foreign_after(NFT_MSG_DELTABLE, NFPROTO_INET, "portguard", 4242, 100, 100));
	assert_false(foreign_after(NFT_MSG_DELTABLE, NFPROTO_INET, "portguard", 100, 4242, 100));
	assert_true(foreign_after(NFT_MSG_DELTABLE, NFPROTO_INET, "portguard", 0, 0, 0));
}

static void test_events_truncated(void **state)
{
	char buffer[256] = { 0 };
	struct nft_events_batch batch = { 0 };
	bool foreign = false;
	size_t length = put_message(buffer, NFT_MSG_DELTABLE, NFPROTO_INET, "portguard", 0, 0);

	(void)state;
	assert_int_equal(nft_events_parse(buffer, length - 3, &batch, NULL, &foreign), -EBADMSG);
	assert_false(foreign);
	/* A batch split over two reads is still one batch. */
	assert_int_equal(nft_events_parse(buffer, length, &batch, NULL, &foreign), 0);
	assert_true(batch.touched);
	length = put_message(buffer, NFT_MSG_NEWGEN, NFPROTO_UNSPEC, NULL, 9, 9);
	assert_int_equal(nft_events_parse(buffer, length, &batch, NULL, &foreign), 0);
	assert_true(foreign);
	assert_false(batch.touched);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_limit_burst_then_backoff),
		cmocka_unit_test(test_limit_quiet_resets),
		cmocka_unit_test(test_limit_backoff_capped),
		cmocka_unit_test(test_events_foreign_and_own),
		cmocka_unit_test(test_events_port_id_not_pid),
		cmocka_unit_test(test_events_truncated),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
