/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The record that the nft file (FIX_NFT_FILE) holds the text portguard
 * formats of a table, so that a fix that changes nothing neither
 * formats the table's text nor reads the file to compare them. The
 * record (/run/portguard/nft-file, below --root) names the file by
 * device, inode, size, modification and change time; /run is emptied
 * at boot, when inode numbers may be given again. */
#ifndef PORTGUARD_NFT_FILE_H
#define PORTGUARD_NFT_FILE_H

#include <stdbool.h>
#include <sys/types.h>
#include <time.h>

#include "base/paths.h"
#include "nft/nft.h"

/* What one look of a run keeps for the next: the file of this identity
 * holds the text of the table of this digest (nft_table_digest), so the
 * record need not be read again while the file and the table are the
 * same. A digest, not a copy of the table: nothing to copy or free. */
struct nft_file_kept {
	bool valid;
	dev_t device;
	ino_t inode;
	off_t size;
	struct timespec modified, changed;
	uint64_t table_digest;
};

void nft_file_kept_free(struct nft_file_kept *kept);

/* Whether the nft file is the file the record names and the record's
 * table is table: the file then holds the text fix would write. kept
 * (may be NULL) is compared first, and filled when the record says so. */
bool nft_file_known(const struct host *host, struct nft_file_kept *kept, const struct nft_table *table);

/* Records that the nft file holds text, the text of table, after
 * comparing the file's bytes with it. On any failure the old record is
 * gone and no new one made: the next fix compares the file again. */
void nft_file_record(const struct host *host, const struct nft_table *table, const char *text);

#endif
