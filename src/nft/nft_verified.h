/* SPDX-License-Identifier: GPL-2.0-or-later */
/* What portguard last read in table inet portguard, and at which point
 * of the kernel's history: the table held exactly these parts at
 * ruleset generation G of one network namespace in one boot. Every
 * committed change to any table of that namespace moves the generation,
 * so while it still reads G the table is unchanged and need not be
 * dumped again. The generation alone would not do: it is per network
 * namespace and starts again at boot and in every new namespace, so the
 * record names both, by the boot id and the namespace cookie (which the
 * kernel never hands out twice in one boot). Internal to nft. */
#ifndef PORTGUARD_NFT_VERIFIED_H
#define PORTGUARD_NFT_VERIFIED_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/paths.h"
#include "kernel/lifetime.h"
#include "nft/nft_ruleset.h"

/* Where the record is kept, below --root. /run is emptied at boot, as
 * the ruleset it describes is. */
#define NFT_VERIFIED_FILE "/run/portguard/nft-verified"

struct nft_verified_key {
	char boot_id[LIFETIME_BOOT_ID_LENGTH + 1];
	uint64_t netns_cookie;	/* SO_NETNS_COOKIE */
	uint32_t generation;
};

/* The key of socket_fd's network namespace now, at generation.
 * -EOPNOTSUPP when the kernel cannot name the namespace (before 5.14). */
int nft_verified_key(int socket_fd, uint32_t generation, struct nft_verified_key *ret_key);
bool nft_verified_key_equal(const struct nft_verified_key *a, const struct nft_verified_key *b);

/* The record of a normalised table (with a part) in bytes, and back.
 * Decoding checks every length: -EBADMSG for anything that is not a
 * record this code wrote. */
int nft_verified_encode(const struct nft_verified_key *key, const struct nft_table *table, uint8_t **ret_bytes,
			size_t *ret_length);
int nft_verified_decode(const uint8_t *bytes, size_t length, struct nft_verified_key *ret_key,
			struct nft_table *ret_table);

/* Whether bytes are what nft_verified_encode writes of key and table,
 * compared as it goes, without the encoding in memory. */
bool nft_verified_equal(const struct nft_verified_key *key, const struct nft_table *table, const uint8_t *bytes,
			size_t length);

/* Reads the record, NFT_VERIFIED_FILE below host: -ENOENT when there
 * is none. */
int nft_verified_load(const struct host *host, struct nft_verified_key *ret_key, struct nft_table *ret_table);
/* Writes it atomically, mode 0600, creating the directory. */
int nft_verified_save(const struct host *host, const struct nft_verified_key *key, const struct nft_table *table);

#endif
