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

const struct nft_set_shape nft_set_roles[NFT_SET_ROLES] = {
	[NFT_SET_TRUSTED4] = { "trusted4", NFT_TYPE_IPV4_ADDR, 4, NFT_SET_INTERVAL, AF_INET },
	[NFT_SET_TRUSTED6] = { "trusted6", NFT_TYPE_IPV6_ADDR, 16, NFT_SET_INTERVAL, AF_INET6 },
	[NFT_SET_PORTS] = { "ports", NFT_TYPE_INET_SERVICE, 2, 0, 0 },
};

const struct nft_chain_shape nft_chain_shapes[NFT_CHAIN_COUNT] = {
	[NFT_CHAIN_INPUT] = { "input", NF_INET_LOCAL_IN, NFT_PRIORITY_LAST },
	[NFT_CHAIN_PREROUTING] = { "prerouting", NF_INET_PRE_ROUTING, NFT_PRIORITY_FIRST },
};

void nft_set_name(const struct nft_shape *shape, enum nft_set_role role, char *buffer)
{
	snprintf(buffer, NFT_SET_NAME_MAX, "%s%s", shape->set_prefix, nft_set_roles[role].suffix);
}

static bool has_transport(const struct nft_shape *shape, uint8_t transport)
{
	switch (shape->transports) {
	case NFT_TRANSPORTS_UDP: return transport == IPPROTO_UDP;
	case NFT_TRANSPORTS_TCP: return transport == IPPROTO_TCP;
	default: return true;
	}
}

size_t nft_chain_rules(const struct nft_shape *const *shapes, size_t count, struct nft_rule_shape *rules)
{
	static const uint8_t transports[] = { IPPROTO_TCP, IPPROTO_UDP };
	static const int families[] = { AF_INET, AF_INET6 };
	size_t n = 0;

	if (count > NFT_RULESETS_MAX)
		return 0;
	rules[n++] = (struct nft_rule_shape){ .kind = NFT_RULE_LOOPBACK_LOCAL };
	rules[n++] = (struct nft_rule_shape){ .kind = NFT_RULE_LOOPBACK_LINK_LOCAL };
	for (size_t i = 0; i < count; i++) {
		uint32_t first_set_id = (uint32_t)(i * NFT_SET_ROLES + 1);

		/* In the order of 0.1's table: per family, TCP then UDP. */
		for (size_t f = 0; f < 2; f++)
			for (size_t t = 0; t < 2; t++)
				if (has_transport(shapes[i], transports[t]))
					rules[n++] = (struct nft_rule_shape){ NFT_RULE_TRUSTED, shapes[i], first_set_id,
									       families[f], transports[t] };
		for (size_t t = 0; t < 2; t++)
			if (has_transport(shapes[i], transports[t]))
				rules[n++] = (struct nft_rule_shape){ NFT_RULE_DROP, shapes[i], first_set_id, 0,
								       transports[t] };
	}
	return n;
}

/* Arriving on lo does not make a packet local: a tc mirred redirect or
 * an nft dup in another table puts anyone's packet there. Its source
 * must be one of this host's addresses, so the answer stays here too
 * (127.0.0.1, ::1, the host asking its own public address). fib looks an
 * IPv6 link-local source up on lo and finds nothing, but the answer to a
 * link-local source leaves by the interface the request came in on, lo:
 * it never leaves the host either.
 *
 * Before routing a drop must not touch packets this host only forwards:
 * it takes those addressed to one of its own addresses. The route
 * lookup sits after the port match, so only the packets about to be
 * dropped pay for it. */
int nft_rule_text(enum nft_chain_index chain, const struct nft_rule_shape *rule, char *buffer, size_t size)
{
	const char *transport = rule->transport == IPPROTO_UDP ? "udp" : "tcp";
	char ports[NFT_SET_NAME_MAX], trusted[NFT_SET_NAME_MAX], first_byte[64] = "";
	int n;

	switch (rule->kind) {
	case NFT_RULE_LOOPBACK_LOCAL:
		n = snprintf(buffer, size, "iif \"lo\" fib saddr type local accept");
		break;
	case NFT_RULE_LOOPBACK_LINK_LOCAL:
		n = snprintf(buffer, size, "iif \"lo\" ip6 saddr fe80::/64 accept");
		break;
	case NFT_RULE_TRUSTED:
		nft_set_name(rule->shape, NFT_SET_PORTS, ports);
		nft_set_name(rule->shape, rule->family == AF_INET ? NFT_SET_TRUSTED4 : NFT_SET_TRUSTED6, trusted);
		n = snprintf(buffer, size, "%s saddr @%s %s dport @%s accept", rule->family == AF_INET ? "ip" : "ip6",
			     trusted, transport, ports);
		break;
	default:
		nft_set_name(rule->shape, NFT_SET_PORTS, ports);
		if (rule->shape->first_byte.present && rule->transport == IPPROTO_UDP)
			snprintf(first_byte, sizeof(first_byte), " @th,64,8 & 0x%x == 0x%x", rule->shape->first_byte.mask,
				 rule->shape->first_byte.value);
		n = snprintf(buffer, size, "%s dport @%s%s%s counter drop", transport, ports, first_byte,
			     chain == NFT_CHAIN_PREROUTING ? " fib daddr type local" : "");
		break;
	}
	return n < 0 || (size_t)n >= size ? -ENOSPC : 0;
}

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

struct nftnl_set *nft_objects_set(const struct nft_shape *ruleset_shape, enum nft_set_role role, uint32_t set_id)
{
	const struct nft_set_shape *shape = &nft_set_roles[role];
	char name[NFT_SET_NAME_MAX];
	struct nftnl_udata_buf *userdata = nftnl_udata_buf_alloc(32);
	struct nftnl_set *set = nftnl_set_alloc();

	nft_set_name(ruleset_shape, role, name);
	if (!set || !userdata || !nftnl_udata_put_u32(userdata, NFTNL_UDATA_SET_KEYBYTEORDER,
						      NFT_BYTEORDER_BIG_ENDIAN) ||
	    nftnl_set_set_str(set, NFTNL_SET_TABLE, NFT_TABLE) < 0 ||
	    nftnl_set_set_str(set, NFTNL_SET_NAME, name) < 0 ||
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
	nftnl_set_set_u32(set, NFTNL_SET_ID, set_id);
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

static void lookup(struct rule_builder *builder, const struct nft_rule_shape *rule, enum nft_set_role role)
{
	struct nftnl_expr *expression = append(builder, "lookup");
	char name[NFT_SET_NAME_MAX];

	if (!expression)
		return;
	nft_set_name(rule->shape, role, name);
	nftnl_expr_set_u32(expression, NFTNL_EXPR_LOOKUP_SREG, NFT_REG_1);
	if (nftnl_expr_set_str(expression, NFTNL_EXPR_LOOKUP_SET, name) < 0)
		builder->failed = true;
	nftnl_expr_set_u32(expression, NFTNL_EXPR_LOOKUP_SET_ID, rule->first_set_id + (uint32_t)role);
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

/* The first payload byte, masked, is value: @th,64,8 & mask == value
 * (the transport header is UDP's, 8 bytes). */
static void first_byte_is(struct rule_builder *builder, const struct nft_first_byte *first_byte)
{
	struct nftnl_expr *expression;
	const uint8_t zero = 0;

	load_payload(builder, NFT_PAYLOAD_TRANSPORT_HEADER, 8, 1);
	expression = append(builder, "bitwise");
	if (!expression)
		return;
	nftnl_expr_set_u32(expression, NFTNL_EXPR_BITWISE_SREG, NFT_REG_1);
	nftnl_expr_set_u32(expression, NFTNL_EXPR_BITWISE_DREG, NFT_REG_1);
	nftnl_expr_set_u32(expression, NFTNL_EXPR_BITWISE_LEN, 1);
	if (nftnl_expr_set(expression, NFTNL_EXPR_BITWISE_MASK, &first_byte->mask, 1) < 0 ||
	    nftnl_expr_set(expression, NFTNL_EXPR_BITWISE_XOR, &zero, 1) < 0)
		builder->failed = true;
	compare_equal(builder, &first_byte->value, 1);
}

struct nftnl_rule *nft_objects_rule(enum nft_chain_index chain, const struct nft_rule_shape *shape)
{
	_cleanup_(nftnl_rule_freep) struct nftnl_rule *rule = nftnl_rule_alloc();
	struct rule_builder builder = { .rule = rule };
	const uint32_t loopback_index = 1;	/* "lo" in every network namespace */
	bool drop = shape->kind == NFT_RULE_DROP;

	if (!rule || (unsigned int)chain >= NFT_CHAIN_COUNT)
		return NULL;
	nftnl_rule_set_u32(rule, NFTNL_RULE_FAMILY, NFT_FAMILY);
	if (nftnl_rule_set_str(rule, NFTNL_RULE_TABLE, NFT_TABLE) < 0 ||
	    nftnl_rule_set_str(rule, NFTNL_RULE_CHAIN, nft_chain_shapes[chain].name) < 0)
		return NULL;

	if (shape->kind == NFT_RULE_LOOPBACK_LOCAL || shape->kind == NFT_RULE_LOOPBACK_LINK_LOCAL) {
		static const uint8_t link_local[8] = { 0xfe, 0x80 };

		load_meta(&builder, NFT_META_IIF);
		compare_equal(&builder, &loopback_index, sizeof(loopback_index));
		if (shape->kind == NFT_RULE_LOOPBACK_LOCAL) {
			address_is_local(&builder, NFTA_FIB_F_SADDR);
		} else {
			/* fe80::/64, the first 8 bytes of the source at offset 8,
			 * as nft compares a prefix that ends on a byte boundary. */
			family_is(&builder, NFPROTO_IPV6);
			load_payload(&builder, NFT_PAYLOAD_NETWORK_HEADER, 8, sizeof(link_local));
			compare_equal(&builder, link_local, sizeof(link_local));
		}
	} else {
		if (!drop) {
			bool v4 = shape->family == AF_INET;

			family_is(&builder, v4 ? NFPROTO_IPV4 : NFPROTO_IPV6);
			/* Source address: offset 12 in IPv4, 8 in IPv6. */
			load_payload(&builder, NFT_PAYLOAD_NETWORK_HEADER, v4 ? 12 : 8, v4 ? 4 : 16);
			lookup(&builder, shape, v4 ? NFT_SET_TRUSTED4 : NFT_SET_TRUSTED6);
		}
		load_meta(&builder, NFT_META_L4PROTO);
		compare_equal(&builder, &shape->transport, sizeof(uint8_t));
		load_payload(&builder, NFT_PAYLOAD_TRANSPORT_HEADER, 2, 2);	/* destination port */
		lookup(&builder, shape, NFT_SET_PORTS);
		if (drop && shape->shape->first_byte.present && shape->transport == IPPROTO_UDP)
			first_byte_is(&builder, &shape->shape->first_byte);
		if (chain == NFT_CHAIN_PREROUTING && drop)
			address_is_local(&builder, NFTA_FIB_F_DADDR);
		if (drop)
			append(&builder, "counter");
	}
	verdict(&builder, drop ? NF_DROP : NF_ACCEPT);
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

size_t nft_table_shapes(const struct nft_table *table, const struct nft_shape **shapes)
{
	size_t count = table->count < NFT_RULESETS_MAX ? table->count : NFT_RULESETS_MAX;

	for (size_t i = 0; i < count; i++)
		shapes[i] = &table->rulesets[i].shape;
	return count;
}
