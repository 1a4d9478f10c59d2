/* SPDX-License-Identifier: GPL-2.0-or-later */
/* libFuzzer harness for the record of what table inet portguard held
 * (/run/portguard/nft-verified). tests/unit/test_nft_verified links it
 * too and replays tests/fixtures/nft_verified/corpus through it. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "nft/nft_verified.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct nft_verified_key key;
	struct nft_table table = { 0 };
	uint8_t *again = NULL;
	size_t length;

	if (nft_verified_decode(data, size, &key, &table) < 0)
		return 0;
	/* What decodes encodes to the same bytes. */
	if (nft_verified_encode(&key, &table, &again, &length) == 0 &&
	    (length != size || memcmp(again, data, size) != 0))
		abort();
	free(again);
	nft_table_free(&table);
	return 0;
}
