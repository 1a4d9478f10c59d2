/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The libnftnl objects of table inet portguard, built exactly as `nft -f`
 * builds them from rules/portguard.nft.in, so that the file and the
 * binary install the same table. Internal to the nft module. */
#ifndef PORTGUARD_NFT_OBJECTS_H
#define PORTGUARD_NFT_OBJECTS_H

#include <libnftnl/chain.h>
#include <libnftnl/rule.h>
#include <libnftnl/set.h>
#include <libnftnl/table.h>
#include <libnftnl/udata.h>
#include <linux/netfilter.h>
#include <stdbool.h>
#include <stdint.h>

#include "base/cleanup.h"
#include "model/model.h"
#include "nft/nft_ruleset.h"

#define NFT_FAMILY NFPROTO_INET
#define NFT_TABLE "portguard"
/* prerouting runs ahead of every usual filter (iptables and firewalld
 * at 0 and 10) and of destination NAT (-100): the packet still carries
 * this host's address and the port it was sent to, even when a dnat rule
 * would send it on to a container or VM, and the counter sees every
 * packet refused. */
#define NFT_PRIORITY_FIRST (-300)
/* input runs last (NF_IP_PRI_LAST): it sees the port and source that the
 * socket will receive, after any other table rewrote them. Only a chain
 * at this same priority that existed before the table comes after it:
 * the kernel puts a new hook ahead of its equals. A drop is final in any
 * base chain, so neither order lets another table's accept through. */
#define NFT_PRIORITY_LAST INT32_MAX

/* prerouting catches what arrives for this host's addresses, before
 * destination NAT; input holds what reaches its sockets (broadcasts and
 * rewritten ports included). */
enum nft_chain_index { NFT_CHAIN_INPUT, NFT_CHAIN_PREROUTING, NFT_CHAIN_COUNT };

struct nft_chain_shape {
	const char *name;
	uint32_t hook;		/* NF_INET_LOCAL_IN, NF_INET_PRE_ROUTING */
	int32_t priority;
};

extern const struct nft_chain_shape nft_chain_shapes[NFT_CHAIN_COUNT];

/* The three sets of a ruleset: its name is the shape's prefix and the
 * role's suffix. */
enum nft_set_role { NFT_SET_TRUSTED4, NFT_SET_TRUSTED6, NFT_SET_PORTS, NFT_SET_ROLES };

struct nft_set_shape {
	const char *suffix;	/* "trusted4" */
	uint32_t key_type;	/* nft's datatype number, kept in the kernel */
	uint32_t key_length;
	uint32_t flags;
	int family;		/* AF_INET or AF_INET6 for trusted; 0 for ports */
};

extern const struct nft_set_shape nft_set_roles[NFT_SET_ROLES];

#define NFT_SET_NAME_MAX (NFT_SET_PREFIX_MAX + 16)
/* "snmp_trusted4" into buffer (NFT_SET_NAME_MAX bytes). */
void nft_set_name(const struct nft_shape *shape, enum nft_set_role role, char *buffer);

/* The rules of one chain: the two loopback accepts, then per ruleset
 * (at most NFT_RULESETS_MAX) an accept per trusted family and transport
 * and a drop per transport. */
#define NFT_RULES_PER_RULESET 6
#define NFT_LOOPBACK_RULES 2
#define NFT_CHAIN_RULES_MAX (NFT_LOOPBACK_RULES + NFT_RULESETS_MAX * NFT_RULES_PER_RULESET)

enum nft_rule_kind { NFT_RULE_LOOPBACK_LOCAL, NFT_RULE_LOOPBACK_LINK_LOCAL, NFT_RULE_TRUSTED, NFT_RULE_DROP };

/* One rule of a chain, as nft_chain_rules lays them out. */
struct nft_rule_shape {
	enum nft_rule_kind kind;
	const struct nft_shape *shape;	/* TRUSTED and DROP: whose ports and sets */
	uint32_t first_set_id;		/* the batch's id of the ruleset's first set */
	int family;			/* TRUSTED: AF_INET or AF_INET6 */
	uint8_t transport;		/* TRUSTED and DROP: IPPROTO_TCP or IPPROTO_UDP */
};

/* The rules of a chain for the shapes (the table's rulesets in order;
 * ruleset i has set ids 3i+1 to 3i+3) into rules (NFT_CHAIN_RULES_MAX);
 * returns how many, 0 for more than NFT_RULESETS_MAX shapes. The two
 * chains hold the same rules; prerouting's drops also ask for a local
 * destination. */
size_t nft_chain_rules(const struct nft_shape *const *shapes, size_t count, struct nft_rule_shape *rules);
/* The rule in nft syntax (for the file and for error messages) into
 * buffer; -ENOSPC when it does not fit. */
int nft_rule_text(enum nft_chain_index chain, const struct nft_rule_shape *rule, char *buffer, size_t size);

/* One ruleset as a table of that one part, without a copy: for the
 * single-ruleset functions, which only read through it. */
static inline struct nft_table nft_table_of_one(const struct nft_ruleset *ruleset)
{
	return (struct nft_table){ .rulesets = (struct nft_ruleset *)ruleset, .count = 1 };
}

/* The shapes of the table's parts, in its order, into shapes
 * (NFT_RULESETS_MAX); returns the count. */
size_t nft_table_shapes(const struct nft_table *table, const struct nft_shape **shapes);

DEFINE_TRIVIAL_CLEANUP_FUNC(struct nftnl_rule *, nftnl_rule_free)
DEFINE_TRIVIAL_CLEANUP_FUNC(struct nftnl_set_elem *, nftnl_set_elem_free)
DEFINE_TRIVIAL_CLEANUP_FUNC(struct nftnl_udata_buf *, nftnl_udata_buf_free)

struct nftnl_table *nft_objects_table(void);
/* The set of shape's role, with the batch id set_id. */
struct nftnl_set *nft_objects_set(const struct nft_shape *shape, enum nft_set_role role, uint32_t set_id);
struct nftnl_chain *nft_objects_chain(enum nft_chain_index chain);
struct nftnl_rule *nft_objects_rule(enum nft_chain_index chain, const struct nft_rule_shape *rule);
/* The rule's expressions as text, counters without their values: equal
 * for two rules exactly when they do the same. Returns 0 or -ENOSPC. */
int nft_objects_rule_signature(const struct nftnl_rule *rule, char *buffer, size_t size);

/* One set element as nft sends it for an interval set. */
struct nft_element {
	uint8_t key[16];
	uint32_t key_length;
	bool interval_end;	/* NFT_SET_ELEM_INTERVAL_END */
	bool open;		/* the range runs to the last address */
};

/* Walks the elements that stand for a sorted, merged prefix list of one
 * family, in nft's layout: a leading end element at address 0 unless the
 * first prefix starts there, then per prefix its first address and, unless
 * it runs to the end, the address after its last as an end element. */
struct nft_element_walk {
	const struct cidr *prefixes;
	size_t count;
	size_t next;
	int step;
};

void nft_element_walk_init(struct nft_element_walk *walk, const struct cidr *prefixes, size_t count);
bool nft_element_walk_next(struct nft_element_walk *walk, struct nft_element *ret_element);

#endif
