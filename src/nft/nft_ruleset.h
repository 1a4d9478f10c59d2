/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The restrict ruleset as a value: one service's part of table inet
 * portguard, its shape (the names of its sets, the transports its rules
 * match, what of a datagram they drop) and its elements (the trusted
 * prefixes and the ports). Built by the plan, installed and read back
 * by nft, recorded by the fix record; no kernel here. */
#ifndef PORTGUARD_NFT_RULESET_H
#define PORTGUARD_NFT_RULESET_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "model/model.h"

#define NFT_SET_PREFIX_MAX 24

/* Which transports the rules match on the ports. */
enum nft_transports { NFT_TRANSPORTS_TCP_AND_UDP, NFT_TRANSPORTS_UDP, NFT_TRANSPORTS_TCP };

/* Drops only the datagrams whose first payload byte, masked, is value;
 * the rest of what sources that are not trusted send goes on. NTP's
 * modes 6 and 7: mask 0x06, value 0x06 (the mode is the low three
 * bits; 6 and 7 are the two that end in 11x). UDP only. */
struct nft_first_byte {
	bool present;
	uint8_t mask;
	uint8_t value;
};

/* What the rules are, whatever the elements. All zero is the table of
 * 0.1 and 0.2: sets trusted4, trusted6 and ports, TCP and UDP, whole
 * ports dropped. */
struct nft_shape {
	/* Its sets are called prefix + "trusted4", "trusted6", "ports":
	 * "" for the portmapper's, as 0.1 named them; "snmp_" for SNMP's. */
	char set_prefix[NFT_SET_PREFIX_MAX];
	enum nft_transports transports;
	struct nft_first_byte first_byte;
};

bool nft_shape_equal(const struct nft_shape *a, const struct nft_shape *b);

struct nft_ruleset {
	struct nft_shape shape;
	struct cidr_list trusted;	/* IPv4 and IPv6 mixed */
	uint16_t *ports;		/* 111, and with --all-rpc the RPC services' ports */
	size_t port_count;
};

/* Appends a port; duplicates are dropped by nft_ruleset_normalize. */
int nft_ruleset_add_port(struct nft_ruleset *ruleset, uint16_t port);
/* Merges the trusted prefixes (cidr_list_normalize) and sorts the ports
 * without duplicates: the form the kernel holds and read returns. */
void nft_ruleset_normalize(struct nft_ruleset *ruleset);
/* A normalised copy. */
int nft_ruleset_copy(const struct nft_ruleset *source, struct nft_ruleset *ret_copy);
/* The first trusted prefix that is a whole address family (0.0.0.0/0,
 * ::/0), or NULL. Trusting one restricts nothing; apply refuses it. */
const struct cidr *nft_ruleset_everything(const struct nft_ruleset *ruleset);
/* Equal once both are normalised, shape and elements. */
bool nft_ruleset_equal(const struct nft_ruleset *a, const struct nft_ruleset *b);
void nft_ruleset_free(struct nft_ruleset *ruleset);

/* Whether prefix can begin the name of a set in the nft file: empty, or
 * a lower-case letter or '_' and then letters, digits and '_'. */
bool nft_set_prefix_valid(const char *prefix);

/* The parts a table holds at most. */
#define NFT_RULESETS_MAX 32

/* The whole table inet portguard: every service's part, one ruleset
 * each. Normalised, the parts are in the table's order (by set prefix,
 * so the portmapper's "" first), each normalised, no two of one prefix:
 * the form apply installs, read returns and the record keeps. A service
 * is known by its prefix: fixing or undoing one puts or removes its part
 * and leaves the others' as they are. */
struct nft_table {
	struct nft_ruleset *rulesets;
	size_t count;
};

/* Normalises every part and sorts them. -EINVAL for two parts of one
 * prefix or a prefix nft cannot name; -E2BIG for more than
 * NFT_RULESETS_MAX. */
int nft_table_normalize(struct nft_table *table);
/* A normalised copy; the errors of nft_table_normalize. */
int nft_table_copy(const struct nft_table *source, struct nft_table *ret_copy);
/* Equal once both are normalised: the same parts, each equal. */
bool nft_table_equal(const struct nft_table *a, const struct nft_table *b);
void nft_table_free(struct nft_table *table);
/* A 64-bit digest of the table (every part's shape, prefixes and
 * ports), for a caller that must know later whether a table is still
 * the one it saw without keeping a copy of it: equal tables give equal
 * digests; different ones the same digest only by a chance of about
 * 2^-64 (not a defence against tables built to collide). */
uint64_t nft_table_digest(const struct nft_table *table);
/* The part whose sets carry prefix, or NULL. */
const struct nft_ruleset *nft_table_part(const struct nft_table *table, const char *set_prefix);
/* A normalised copy of ruleset in its place: instead of the part of the
 * same prefix, or added in order. The table stays as it was on error
 * (-EINVAL, -E2BIG, -ENOMEM). */
int nft_table_put_part(struct nft_table *table, const struct nft_ruleset *ruleset);
/* nft_table_put_part of ruleset itself, normalised in place and moved
 * into the table (left empty), instead of a copy: the same errors, and
 * ruleset stays the caller's on error. */
int nft_table_move_part(struct nft_table *table, struct nft_ruleset *ruleset);
/* Removes the part of prefix; false when there was none. */
bool nft_table_remove_part(struct nft_table *table, const char *set_prefix);

#endif
