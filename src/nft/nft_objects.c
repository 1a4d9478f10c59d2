/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <libnftnl/expr.h>
#include <libnftnl/udata.h>
#include <linux/rtnetlink.h>
#include <linux/netfilter/nf_tables.h>
#include <netinet/in.h>
#include <string.h>
#include <sys/socket.h>

#include "nft/nft_objects.h"

/* nft's datatype numbers (datatype.h) and its byte order for them; the
 * kernel stores both for nft to print the set, so we send what nft does. */
#define NFT_TYPE_IPV4_ADDR 7
#define NFT_TYPE_IPV6_ADDR 8
#define NFT_TYPE_INET_SERVICE 13
#define NFT_BYTEORDER_BIG_ENDIAN 2

const struct nft_set_shape nft_set_shapes[NFT_SET_COUNT] = {
	[NFT_SET_TRUSTED4] = { "trusted4", NFT_TYPE_IPV4_ADDR, 4, NFT_SET_INTERVAL, AF_INET },
	[NFT_SET_TRUSTED6] = { "trusted6", NFT_TYPE_IPV6_ADDR, 16, NFT_SET_INTERVAL, AF_INET6 },
	[NFT_SET_PORTS] = { "ports", NFT_TYPE_INET_SERVICE, 2, 0, 0 },
};

const struct nft_chain_shape nft_chain_shapes[NFT_CHAIN_COUNT] = {
	[NFT_CHAIN_INPUT] = { "input", NF_INET_LOCAL_IN, NFT_PRIORITY_LAST },
	[NFT_CHAIN_PREROUTING] = { "prerouting", NF_INET_PRE_ROUTING, NFT_PRIORITY_FIRST },
};

/* Arriving on lo does not make a packet local: a tc mirred redirect or
 * an nft dup in another table puts anyone's packet there. Its source
 * must be one of this host's addresses, so the answer stays here too
 * (127.0.0.1, ::1, the host asking its own public address). fib looks an
 * IPv6 link-local source up on lo and finds nothing, but the answer to a
 * link-local source leaves by the interface the request came in on, lo:
 * it never leaves the host either. */
#define ACCEPT_RULE_TEXTS \
	"iif \"lo\" fib saddr type local accept", \
	"iif \"lo\" ip6 saddr fe80::/64 accept", \
	"ip saddr @trusted4 tcp dport @ports accept", \
	"ip saddr @trusted4 udp dport @ports accept", \
	"ip6 saddr @trusted6 tcp dport @ports accept", \
	"ip6 saddr @trusted6 udp dport @ports accept"

/* Before routing a drop must not touch packets this host only forwards:
 * it takes those addressed to one of its own addresses. The route
 * lookup sits after the port match, so only the packets about to be
 * dropped pay for it. */
const char *const nft_rule_texts[NFT_CHAIN_COUNT][NFT_RULE_COUNT] = {
	[NFT_CHAIN_INPUT] = {
		ACCEPT_RULE_TEXTS,
		"tcp dport @ports counter drop",
		"udp dport @ports counter drop",
	},
	[NFT_CHAIN_PREROUTING] = {
		ACCEPT_RULE_TEXTS,
		"tcp dport @ports fib daddr type local counter drop",
		"udp dport @ports fib daddr type local counter drop",
	},
};

enum rule_kind { RULE_LOOPBACK_LOCAL, RULE_LOOPBACK_LINK_LOCAL, RULE_PORTS };

/* What each rule matches: loopback, or the trusted set (or none) with
 * the transport protocol and the ports; and what it does. */
static const struct {
	enum rule_kind kind;
	int trusted_set;	/* enum nft_set_index, or -1 */
	uint8_t transport;
	bool counter;
	int verdict;
} rule_plan[NFT_RULE_COUNT] = {
	{ RULE_LOOPBACK_LOCAL, -1, 0, false, NF_ACCEPT },
	{ RULE_LOOPBACK_LINK_LOCAL, -1, 0, false, NF_ACCEPT },
	{ RULE_PORTS, NFT_SET_TRUSTED4, IPPROTO_TCP, false, NF_ACCEPT },
	{ RULE_PORTS, NFT_SET_TRUSTED4, IPPROTO_UDP, false, NF_ACCEPT },
	{ RULE_PORTS, NFT_SET_TRUSTED6, IPPROTO_TCP, false, NF_ACCEPT },
	{ RULE_PORTS, NFT_SET_TRUSTED6, IPPROTO_UDP, false, NF_ACCEPT },
	{ RULE_PORTS, -1, IPPROTO_TCP, true, NF_DROP },
	{ RULE_PORTS, -1, IPPROTO_UDP, true, NF_DROP },
};

struct nftnl_table *nft_objects_table(void)
{
	struct nftnl_table *table = nftnl_table_alloc();

	if (!table)
		return NULL;
	nftnl_table_set_u32(table, NFTNL_TABLE_FAMILY, NFT_FAMILY);
	nftnl_table_set_u32(table, NFTNL_TABLE_FLAGS, 0);
	if (nftnl_table_set_str(table, NFTNL_TABLE_NAME, NFT_TABLE) < 0) {
		nftnl_table_free(table);
		return NULL;
	}
	return table;
}

struct nftnl_set *nft_objects_set(enum nft_set_index index)
{
	const struct nft_set_shape *shape = &nft_set_shapes[index];
	struct nftnl_udata_buf *userdata = nftnl_udata_buf_alloc(32);
	struct nftnl_set *set = nftnl_set_alloc();

	if (!set || !userdata || !nftnl_udata_put_u32(userdata, NFTNL_UDATA_SET_KEYBYTEORDER,
						      NFT_BYTEORDER_BIG_ENDIAN) ||
	    nftnl_set_set_str(set, NFTNL_SET_TABLE, NFT_TABLE) < 0 ||
	    nftnl_set_set_str(set, NFTNL_SET_NAME, shape->name) < 0 ||
	    nftnl_set_set_data(set, NFTNL_SET_USERDATA, nftnl_udata_buf_data(userdata),
			       nftnl_udata_buf_len(userdata)) < 0) {
		nftnl_udata_buf_free(userdata);
		nftnl_set_free(set);
		return NULL;
	}
	nftnl_udata_buf_free(userdata);
	nftnl_set_set_u32(set, NFTNL_SET_FAMILY, NFT_FAMILY);
	nftnl_set_set_u32(set, NFTNL_SET_FLAGS, shape->flags);
	nftnl_set_set_u32(set, NFTNL_SET_KEY_TYPE, shape->key_type);
	nftnl_set_set_u32(set, NFTNL_SET_KEY_LEN, shape->key_length);
	/* Rules in the same batch find the new set by this id. */
	nftnl_set_set_u32(set, NFTNL_SET_ID, (uint32_t)index + 1);
	return set;
}

struct nftnl_chain *nft_objects_chain(enum nft_chain_index index)
{
	struct nftnl_chain *chain = nftnl_chain_alloc();

	if (!chain || nftnl_chain_set_str(chain, NFTNL_CHAIN_TABLE, NFT_TABLE) < 0 ||
	    nftnl_chain_set_str(chain, NFTNL_CHAIN_NAME, nft_chain_shapes[index].name) < 0 ||
	    nftnl_chain_set_str(chain, NFTNL_CHAIN_TYPE, "filter") < 0) {
		nftnl_chain_free(chain);
		return NULL;
	}
	nftnl_chain_set_u32(chain, NFTNL_CHAIN_FAMILY, NFT_FAMILY);
	nftnl_chain_set_u32(chain, NFTNL_CHAIN_HOOKNUM, nft_chain_shapes[index].hook);
	nftnl_chain_set_s32(chain, NFTNL_CHAIN_PRIO, nft_chain_shapes[index].priority);
	nftnl_chain_set_u32(chain, NFTNL_CHAIN_POLICY, NF_ACCEPT);
	return chain;
}

/* Expressions are appended in order; the first allocation failure marks
 * the rule failed and later calls do nothing. */
struct rule_builder {
	struct nftnl_rule *rule;
	bool failed;
};

static struct nftnl_expr *append(struct rule_builder *builder, const char *name)
{
	struct nftnl_expr *expression;

	if (builder->failed)
		return NULL;
	expression = nftnl_expr_alloc(name);
	if (!expression) {
		builder->failed = true;
		return NULL;
	}
	nftnl_rule_add_expr(builder->rule, expression);
	return expression;
}

static void load_meta(struct rule_builder *builder, uint32_t key)
{
	struct nftnl_expr *expression = append(builder, "meta");

	if (!expression)
		return;
	nftnl_expr_set_u32(expression, NFTNL_EXPR_META_KEY, key);
	nftnl_expr_set_u32(expression, NFTNL_EXPR_META_DREG, NFT_REG_1);
}

static void compare_equal(struct rule_builder *builder, const void *data, uint32_t length)
{
	struct nftnl_expr *expression = append(builder, "cmp");

	if (!expression)
		return;
	nftnl_expr_set_u32(expression, NFTNL_EXPR_CMP_SREG, NFT_REG_1);
	nftnl_expr_set_u32(expression, NFTNL_EXPR_CMP_OP, NFT_CMP_EQ);
	if (nftnl_expr_set(expression, NFTNL_EXPR_CMP_DATA, data, length) < 0)
		builder->failed = true;
}

static void load_payload(struct rule_builder *builder, uint32_t base, uint32_t offset, uint32_t length)
{
	struct nftnl_expr *expression = append(builder, "payload");

	if (!expression)
		return;
	nftnl_expr_set_u32(expression, NFTNL_EXPR_PAYLOAD_DREG, NFT_REG_1);
	nftnl_expr_set_u32(expression, NFTNL_EXPR_PAYLOAD_BASE, base);
	nftnl_expr_set_u32(expression, NFTNL_EXPR_PAYLOAD_OFFSET, offset);
	nftnl_expr_set_u32(expression, NFTNL_EXPR_PAYLOAD_LEN, length);
}

static void lookup(struct rule_builder *builder, enum nft_set_index set)
{
	struct nftnl_expr *expression = append(builder, "lookup");

	if (!expression)
		return;
	nftnl_expr_set_u32(expression, NFTNL_EXPR_LOOKUP_SREG, NFT_REG_1);
	if (nftnl_expr_set_str(expression, NFTNL_EXPR_LOOKUP_SET, nft_set_shapes[set].name) < 0)
		builder->failed = true;
	nftnl_expr_set_u32(expression, NFTNL_EXPR_LOOKUP_SET_ID, (uint32_t)set + 1);
	/* The kernel reports the flags, 0 included: with them set the rule
	 * built here and the one read back print alike. */
	nftnl_expr_set_u32(expression, NFTNL_EXPR_LOOKUP_FLAGS, 0);
}

/* fib saddr|daddr type local: the address is one of this host's. */
static void address_is_local(struct rule_builder *builder, uint32_t which)
{
	struct nftnl_expr *expression = append(builder, "fib");
	const uint32_t local = RTN_LOCAL;

	if (!expression)
		return;
	nftnl_expr_set_u32(expression, NFTNL_EXPR_FIB_DREG, NFT_REG_1);
	nftnl_expr_set_u32(expression, NFTNL_EXPR_FIB_RESULT, NFT_FIB_RESULT_ADDRTYPE);
	nftnl_expr_set_u32(expression, NFTNL_EXPR_FIB_FLAGS, which);
	compare_equal(builder, &local, sizeof(local));
}

static void family_is(struct rule_builder *builder, uint8_t protocol)
{
	load_meta(builder, NFT_META_NFPROTO);
	compare_equal(builder, &protocol, sizeof(protocol));
}

static void verdict(struct rule_builder *builder, int code)
{
	struct nftnl_expr *expression = append(builder, "immediate");

	if (!expression)
		return;
	nftnl_expr_set_u32(expression, NFTNL_EXPR_IMM_DREG, NFT_REG_VERDICT);
	nftnl_expr_set_u32(expression, NFTNL_EXPR_IMM_VERDICT, (uint32_t)code);
}

struct nftnl_rule *nft_objects_rule(enum nft_chain_index chain, unsigned int index)
{
	_cleanup_(nftnl_rule_freep) struct nftnl_rule *rule = nftnl_rule_alloc();
	struct rule_builder builder = { .rule = rule };
	const uint32_t loopback_index = 1;	/* "lo" in every network namespace */

	if (!rule || index >= NFT_RULE_COUNT || (unsigned int)chain >= NFT_CHAIN_COUNT)
		return NULL;
	nftnl_rule_set_u32(rule, NFTNL_RULE_FAMILY, NFT_FAMILY);
	if (nftnl_rule_set_str(rule, NFTNL_RULE_TABLE, NFT_TABLE) < 0 ||
	    nftnl_rule_set_str(rule, NFTNL_RULE_CHAIN, nft_chain_shapes[chain].name) < 0)
		return NULL;

	if (rule_plan[index].kind != RULE_PORTS) {
		static const uint8_t link_local[8] = { 0xfe, 0x80 };

		load_meta(&builder, NFT_META_IIF);
		compare_equal(&builder, &loopback_index, sizeof(loopback_index));
		if (rule_plan[index].kind == RULE_LOOPBACK_LOCAL) {
			address_is_local(&builder, NFTA_FIB_F_SADDR);
		} else {
			/* fe80::/64, the first 8 bytes of the source at offset 8,
			 * as nft compares a prefix that ends on a byte boundary. */
			family_is(&builder, NFPROTO_IPV6);
			load_payload(&builder, NFT_PAYLOAD_NETWORK_HEADER, 8, sizeof(link_local));
			compare_equal(&builder, link_local, sizeof(link_local));
		}
	} else {
		int trusted = rule_plan[index].trusted_set;

		if (trusted >= 0) {
			bool v4 = nft_set_shapes[trusted].family == AF_INET;

			family_is(&builder, v4 ? NFPROTO_IPV4 : NFPROTO_IPV6);
			/* Source address: offset 12 in IPv4, 8 in IPv6. */
			load_payload(&builder, NFT_PAYLOAD_NETWORK_HEADER, v4 ? 12 : 8, v4 ? 4 : 16);
			lookup(&builder, (enum nft_set_index)trusted);
		}
		load_meta(&builder, NFT_META_L4PROTO);
		compare_equal(&builder, &rule_plan[index].transport, sizeof(uint8_t));
		load_payload(&builder, NFT_PAYLOAD_TRANSPORT_HEADER, 2, 2);	/* destination port */
		lookup(&builder, NFT_SET_PORTS);
		if (chain == NFT_CHAIN_PREROUTING && rule_plan[index].verdict == NF_DROP)
			address_is_local(&builder, NFTA_FIB_F_DADDR);
		if (rule_plan[index].counter)
			append(&builder, "counter");
	}
	verdict(&builder, rule_plan[index].verdict);
	if (builder.failed)
		return NULL;
	return TAKE_PTR(rule);
}

int nft_objects_rule_signature(const struct nftnl_rule *rule, char *buffer, size_t size)
{
	struct nftnl_expr_iter *iterator = nftnl_expr_iter_create(rule);
	struct nftnl_expr *expression;
	size_t used = 0;
	int r = 0;

	if (!iterator)
		return -ENOMEM;
	buffer[0] = '\0';
	while ((expression = nftnl_expr_iter_next(iterator))) {
		const char *name = nftnl_expr_get_str(expression, NFTNL_EXPR_NAME);
		int written = snprintf(buffer + used, size - used, "[%s ", name ? name : "?");

		if (written < 0 || (size_t)written >= size - used) {
			r = -ENOSPC;
			break;
		}
		used += (size_t)written;
		/* A counter's values change with traffic; only its presence counts. */
		if (!name || strcmp(name, "counter") != 0) {
			written = nftnl_expr_snprintf(buffer + used, size - used, expression, NFTNL_OUTPUT_DEFAULT, 0);
			if (written < 0 || (size_t)written >= size - used) {
				r = -ENOSPC;
				break;
			}
			used += (size_t)written;
		}
		if (used + 2 >= size) {
			r = -ENOSPC;
			break;
		}
		buffer[used++] = ']';
		buffer[used] = '\0';
	}
	nftnl_expr_iter_destroy(iterator);
	return r;
}

static unsigned int address_bytes(int family)
{
	return family == AF_INET ? 4 : 16;
}

static void last_address(const struct cidr *prefix, uint8_t *ret_bytes)
{
	unsigned int bits = address_bytes(prefix->address.family) * 8;

	memcpy(ret_bytes, prefix->address.bytes, 16);
	for (unsigned int bit = prefix->prefix_length; bit < bits; bit++)
		ret_bytes[bit / 8] |= (uint8_t)(0x80u >> (bit % 8));
}

/* Adds one to a big-endian address; false when it was the last one. */
static bool increment(uint8_t *bytes, unsigned int length)
{
	for (unsigned int i = length; i-- > 0;)
		if (++bytes[i] != 0)
			return true;
	return false;
}

void nft_element_walk_init(struct nft_element_walk *walk, const struct cidr *prefixes, size_t count)
{
	*walk = (struct nft_element_walk){ .prefixes = prefixes, .count = count };
}

bool nft_element_walk_next(struct nft_element_walk *walk, struct nft_element *ret_element)
{
	static const uint8_t zero[16];
	const struct cidr *prefix;
	struct nft_element element = { 0 };

	if (walk->next >= walk->count)
		return false;
	prefix = &walk->prefixes[walk->next];
	element.key_length = address_bytes(prefix->address.family);
	if (walk->step == 0) {
		walk->step = 1;
		if (memcmp(prefix->address.bytes, zero, element.key_length) != 0) {
			element.interval_end = true;
			*ret_element = element;
			return true;
		}
	}
	if (walk->step == 1) {
		uint8_t after[16];

		memcpy(element.key, prefix->address.bytes, element.key_length);
		last_address(prefix, after);
		element.open = !increment(after, element.key_length);
		if (element.open)
			walk->next++;
		else
			walk->step = 2;
		*ret_element = element;
		return true;
	}
	last_address(prefix, element.key);
	increment(element.key, element.key_length);
	element.interval_end = true;
	walk->step = 1;
	walk->next++;
	*ret_element = element;
	return true;
}
