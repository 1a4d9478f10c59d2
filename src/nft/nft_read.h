/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Reading table inet portguard back from the kernel. Internal to nft. */
#ifndef PORTGUARD_NFT_READ_H
#define PORTGUARD_NFT_READ_H

#include "nft/nft_ruleset.h"
#include "nft/nft_session.h"

/* Whether shapes can be the parts a table may hold: 1 to
 * NFT_RULESETS_MAX of them, no two of one prefix, every prefix one nft
 * can name. */
bool nft_shapes_valid(const struct nft_shape *shapes, size_t count);
/* The table as nft_table_read describes it (-ENOENT, -EUCLEAN, -EINVAL
 * for shapes that are not valid), read over an open session. */
int nft_read_table(struct nft_session *session, const struct nft_shape *shapes, size_t shape_count,
		   struct nft_table *ret_table);
/* Whether the table holds exactly what apply would install for wanted
 * (normalised, with a part), element for element; false for a foreign table. Returns
 * 0, or -ENOENT when there is no table. Faster than reading it: the
 * no-op path of apply. */
int nft_read_matches(struct nft_session *session, const struct nft_table *wanted, bool *ret_equal);

#endif
