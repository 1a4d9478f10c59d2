/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Reading table inet portguard back from the kernel. Internal to nft. */
#ifndef PORTGUARD_NFT_READ_H
#define PORTGUARD_NFT_READ_H

#include "nft/nft_ruleset.h"
#include "nft/nft_session.h"

/* The table as nft_ruleset_read describes it (-ENOENT, -EUCLEAN), read
 * over an open session: the table must have shape. */
int nft_read_table(struct nft_session *session, const struct nft_shape *shape, struct nft_ruleset *ret_ruleset);
/* Whether the table holds exactly what apply would install for wanted
 * (normalised), element for element; false for a foreign table. Returns
 * 0, or -ENOENT when there is no table. Faster than reading it: the
 * no-op path of apply. */
int nft_read_matches(struct nft_session *session, const struct nft_ruleset *wanted, bool *ret_equal);

#endif
