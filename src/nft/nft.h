/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The restrict ruleset: table inet portguard, in which only loopback and
 * trusted networks reach port 111 (and the RPC services' ports). Loaded
 * through one atomic nf_tables netlink batch, read back, removed, and
 * written as the plain nft file that is loaded at boot.
 *
 * The functions that talk to the kernel do so in the network namespace
 * they run in. Error texts are one line, "cause; what to do", for the
 * caller to print after "portguard: "; nothing here prints. */
#ifndef PORTGUARD_NFT_H
#define PORTGUARD_NFT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "base/error_record.h"
#include "base/paths.h"
#include "model/model.h"
#include "nft/nft_ruleset.h"

/* A buffer of this size holds every error text written here. */
#define NFT_ERROR_MAX 512

/* 0 when nf_tables can be used here; -EPERM without CAP_NET_ADMIN,
 * -EPROTONOSUPPORT when the kernel has no nf_tables. */
int nft_available(struct error_record *ret_error);
/* The one-line text for an nft_available() result, e.g. for -EPERM. */
const char *nft_unavailable_reason(int error);

/* 0 when the ruleset restricts something; -EINVAL with the cause and
 * the remedy (naming daemon, "rpcbind") in ret_error when it has no
 * port or trusts a whole address
 * family (normalised first, 0.0.0.0/1 and 128.0.0.0/1 are 0.0.0.0/0).
 * Apply refuses such a ruleset; fix asks before its first change, so
 * that its dry run refuses too. */
int nft_ruleset_check(const struct nft_ruleset *ruleset, const char *daemon, struct error_record *ret_error);
/* nft_ruleset_check for every part, daemons[i] naming part i's daemon
 * ("the service" for all when daemons is NULL); -EINVAL too for a table
 * without a part (remove it instead). */
int nft_table_check(const struct nft_table *table, const char *const *daemons, struct error_record *ret_error);

/* Installs the table, every part of it (normalised here). When the
 * kernel already holds exactly this table nothing is sent and
 * *ret_changed is false. Else one batch replaces the table, every
 * part's sets and the chains' rules: all of it or, on any error, none
 * of it. -EINVAL: no part, a part with no port or a trusted prefix that
 * is everything, two parts of one prefix. */
int nft_table_apply(const struct nft_table *table, bool *ret_changed, struct error_record *ret_error);
/* nft_table_apply of a table of this one part. */
int nft_ruleset_apply(const struct nft_ruleset *ruleset, bool *ret_changed,
		      struct error_record *ret_error);
/* The same, with the record (NFT_VERIFIED_FILE of nft_verified.h
 * below known_host; NULL for none) of what the table held when
 * portguard last read it: while the kernel's ruleset generation has not moved since, the
 * table is unchanged and is not dumped to compare it. A dump that
 * matches is recorded. */
int nft_table_apply_known(const struct nft_table *table, const struct host *known_host, bool *ret_changed,
			  struct error_record *ret_error);
int nft_ruleset_apply_known(const struct nft_ruleset *ruleset, const struct host *known_host, bool *ret_changed,
			    struct error_record *ret_error);

/* A socket kept open for a caller that writes again and again (the
 * agent). While it is open its netlink port id is this network
 * namespace's alone, and nftables' notifications name it as the sender
 * of every batch written on it (NEWGEN's nlmsg_pid): the caller's own
 * changes are told apart by that, not by a pid the system may reuse. */
struct nft_writer;
int nft_writer_open(struct nft_writer **ret_writer);
void nft_writer_free(struct nft_writer *writer);
/* The socket's port id now: 0 while it is closed. After a failed apply
 * the next one opens a new socket with another port id. */
uint32_t nft_writer_port_id(const struct nft_writer *writer);
/* nft_table_apply and nft_ruleset_apply on the writer's socket. */
int nft_writer_apply_table(struct nft_writer *writer, const struct nft_table *table, bool *ret_changed,
			   struct error_record *ret_error);
int nft_writer_apply(struct nft_writer *writer, const struct nft_ruleset *ruleset, bool *ret_changed,
		     struct error_record *ret_error);

/* How nft_ruleset_read_known reads: flags. */
enum nft_read_way {
	NFT_READ_DUMP = 0,		/* always dump, record nothing */
	NFT_READ_USE_KNOWN = 1 << 0,	/* the record instead of a dump while it is still true */
	NFT_READ_RECORD = 1 << 1,	/* record what a dump read (the proof after a change) */
	/* with USE_KNOWN: keep the record read in memory, for the next read
	 * of this process at the same key (a run's several looks); freed
	 * by nft_table_known_forget. */
	NFT_READ_KEEP = 1 << 2,
	/* A reader that needs its own part only (check's look): the table
	 * is still read and judged whole, and kept by none of its looks
	 * (listeners.h). */
	NFT_READ_ONE_PART = 1 << 3,
};

/* Frees the record NFT_READ_KEEP kept. */
void nft_table_known_forget(void);

/* Reads table inet portguard back (normalised) with the parts it holds
 * of the shapes that may be there (every service's, shape_count of
 * them, no two of one prefix). A part is there when its sets are; the
 * chains must hold exactly the rules of the parts there, in the table's
 * order. -ENOENT when absent; -EUCLEAN when it exists but holds
 * anything portguard would not install for those parts (edited by
 * hand, a set of a shape not given, a part with only some of its sets,
 * no part at all): apply replaces such a table. */
int nft_table_read(const struct nft_shape *shapes, size_t shape_count, struct nft_table *ret_table,
		   struct error_record *ret_error);
/* nft_table_read, with the record below known_host read or written as way says. */
int nft_table_read_known(const struct host *known_host, unsigned int way, const struct nft_shape *shapes,
			 size_t shape_count, struct nft_table *ret_table, struct error_record *ret_error);
/* nft_table_read_known, but a table that the record kept by
 * NFT_READ_KEEP gives is lent instead of copied: *ret_lent is then true
 * and *ret_table views the kept parts (never change or free it; keep
 * *ret_lent beside it so the owner of *ret_table knows). The view holds
 * until nft_table_known_forget or the next read with NFT_READ_KEEP that
 * finds the ruleset moved on; a reader done with it before either (a
 * look and its fix's prepare) needs no copy. Otherwise *ret_lent is
 * false and *ret_table is the caller's, as with nft_table_read_known. */
int nft_table_read_known_lent(const struct host *known_host, unsigned int way, const struct nft_shape *shapes,
			      size_t shape_count, struct nft_table *ret_table, bool *ret_lent,
			      struct error_record *ret_error);
/* The same for a table that may hold only shape's part: another
 * service's part in it is -EUCLEAN, as a caller that knows one shape
 * cannot keep the others' parts when it writes. */
int nft_ruleset_read(const struct nft_shape *shape, struct nft_ruleset *ret_ruleset, struct error_record *ret_error);
int nft_ruleset_read_known(const struct host *known_host, unsigned int way, const struct nft_shape *shape,
			   struct nft_ruleset *ret_ruleset, struct error_record *ret_error);
/* Deletes the table; *ret_removed is false when there was none. */
int nft_ruleset_remove(bool *ret_removed, struct error_record *ret_error);
/* The kernel's ruleset generation: every change to any table bumps it. */
int nft_generation(uint32_t *ret_generation);

/* A table inet portguard that portguard did not write (an admin's own
 * restriction, with any chains, sets, rules and objects), kept as the
 * nft program lists it: the one form that holds everything nft can
 * express, that nft loads back as it was, and that an admin can read
 * and load by hand. At most NFT_TABLE_TEXT_MAX bytes, so that it fits
 * the state file. */
#define NFT_TABLE_TEXT_MAX (1u << 20)
/* The table's text into *ret_text (a new string of *ret_length bytes),
 * once nft has checked with the kernel, changing nothing, that loading
 * it back in place of the table works. -ENOENT when there is no table;
 * else the cause in ret_error. */
int nft_table_keep(char **ret_text, size_t *ret_length, struct error_record *ret_error);
/* Replaces table inet portguard by the kept text in one transaction, so
 * that the rules in place hold until the kept ones take over.
 * *ret_changed is false when the table already lists as text. */
int nft_table_put_back(const char *text, size_t length, bool *ret_changed, struct error_record *ret_error);
/* Whether text is one listing of table inet portguard and nothing
 * else (no other table, no include, no define): a record from a file
 * that someone else wrote must not reach further. */
bool nft_table_text_valid(const char *text, size_t length);

/* The plain nft text of the table, from rules/portguard.nft.in: every
 * part's sets, then the chains' rules; what `nft -f` turns into exactly
 * the table apply installs. The errors of nft_table_copy. */
int nft_table_format(const struct nft_table *table, FILE *out);
/* The same text in a new string the caller frees; NULL when out of
 * memory or when nft_table_copy refuses the table. */
char *nft_table_format_text(const struct nft_table *table);
/* Writes that text to path atomically (temporary file, fsync, rename),
 * mode 0644, creating the parent directory if needed. */
int nft_table_file_write(const char *path, const struct nft_table *table);
/* What names this build's text of a table: a hash of the version, the
 * template and the text of a sample table, so that a record saying "this
 * file holds the text of that table" is believed only by a portguard
 * that would format the same text. */
uint64_t nft_table_format_id(void);
/* The table, normalised (as nft_table_copy leaves it), as bytes: equal
 * bytes are equal tables. The record of the nft file compares them
 * instead of formatting the text. -EINVAL for a table of no part. */
int nft_table_bytes(const struct nft_table *table, uint8_t **ret_bytes, size_t *ret_length);
/* Whether bytes are nft_table_bytes of table, without making them. */
bool nft_table_bytes_equal(const struct nft_table *table, const uint8_t *bytes, size_t length);
/* The same three for a table of one part. */
int nft_ruleset_format(const struct nft_ruleset *ruleset, FILE *out);
char *nft_ruleset_text(const struct nft_ruleset *ruleset);
int nft_file_write(const char *path, const struct nft_ruleset *ruleset);

#endif
