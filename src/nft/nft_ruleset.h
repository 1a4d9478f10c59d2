/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The restrict ruleset as a value: the trusted prefixes and the ports
 * that table inet portguard guards. Built by the plan, installed and
 * read back by nft, recorded by the fix record; no kernel here. */
#ifndef PORTGUARD_NFT_RULESET_H
#define PORTGUARD_NFT_RULESET_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "model/model.h"

struct nft_ruleset {
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
/* Equal once both are normalised. */
bool nft_ruleset_equal(const struct nft_ruleset *a, const struct nft_ruleset *b);
void nft_ruleset_free(struct nft_ruleset *ruleset);

#endif
