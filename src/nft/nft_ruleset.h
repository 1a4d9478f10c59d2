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

#endif
