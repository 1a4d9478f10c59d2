/* Reading table inet portguard back from the kernel. Internal to nft. */
#ifndef PORTGUARD_NFT_READ_H
#define PORTGUARD_NFT_READ_H

#include "nft.h"
#include "nft_session.h"

/* The table as nft_ruleset_read describes it (-ENOENT, -EUCLEAN), read
 * over an open session. */
int nft_read_table(struct nft_session *session, struct nft_ruleset *ret_ruleset);

#endif
