/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "config.h"

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "base/cleanup.h"
#include "base/paths.h"
#include "base/safe_file.h"
#include "fix/nft_file.h"
#include "record/fix_record.h"

/* The change time is the kernel's: nobody sets it, so an edit shows
 * even where the size and modification time were put back. Beside the
 * table's record (NFT_VERIFIED_FILE). */
#define NFT_FILE_RECORD "/run/portguard/nft-file"
static const char record_magic[8] = "PGNFTF1\n";

struct file_identity {
	uint64_t device, inode, size;
	int64_t modified_seconds, modified_nanoseconds, changed_seconds, changed_nanoseconds;
};
/* magic, nft_table_format_id, identity, then nft_table_bytes of the table */
#define RECORD_HEADER (sizeof(record_magic) + sizeof(uint64_t) + sizeof(struct file_identity))

void nft_file_kept_free(struct nft_file_kept *kept)
{
	*kept = (struct nft_file_kept){ 0 };
}

static struct file_identity file_identity_of(const struct stat *st)
{
	return (struct file_identity){
		.device = st->st_dev, .inode = st->st_ino, .size = (uint64_t)st->st_size,
		.modified_seconds = st->st_mtim.tv_sec, .modified_nanoseconds = st->st_mtim.tv_nsec,
		.changed_seconds = st->st_ctim.tv_sec, .changed_nanoseconds = st->st_ctim.tv_nsec,
	};
}

static bool same_kept_file(const struct nft_file_kept *kept, const struct stat *st)
{
	return kept->valid && kept->device == st->st_dev && kept->inode == st->st_ino && kept->size == st->st_size &&
	       kept->modified.tv_sec == st->st_mtim.tv_sec && kept->modified.tv_nsec == st->st_mtim.tv_nsec &&
	       kept->changed.tv_sec == st->st_ctim.tv_sec && kept->changed.tv_nsec == st->st_ctim.tv_nsec;
}

static void keep(struct nft_file_kept *kept, const struct stat *st, uint64_t table_digest)
{
	*kept = (struct nft_file_kept){
		.valid = true, .device = st->st_dev, .inode = st->st_ino, .size = st->st_size,
		.modified = st->st_mtim, .changed = st->st_ctim, .table_digest = table_digest,
	};
}

bool nft_file_known(const struct host *host, struct nft_file_kept *kept, const struct nft_table *table)
{
	_cleanup_close_ int fd = paths_open(host, FIX_NFT_FILE, SAFE_FILE_NOFOLLOW);
	_cleanup_free_ char *record = NULL;
	struct file_identity now;
	size_t length;
	struct stat st;
	uint64_t id;

	uint64_t digest = kept ? nft_table_digest(table) : 0;

	if (fd < 0 || fstat(fd, &st) < 0)
		return false;
	if (kept && same_kept_file(kept, &st) && kept->table_digest == digest)
		return true;
	now = file_identity_of(&st);
	if (paths_read_own(host, NFT_FILE_RECORD, &record, &length) < 0 || length < RECORD_HEADER ||
	    memcmp(record, record_magic, sizeof(record_magic)) != 0)
		return false;
	memcpy(&id, record + sizeof(record_magic), sizeof(id));
	/* Another portguard may format the table otherwise. */
	if (id != nft_table_format_id() || memcmp(record + sizeof(record_magic) + sizeof(id), &now, sizeof(now)) != 0 ||
	    !nft_table_bytes_equal(table, (const uint8_t *)record + RECORD_HEADER, length - RECORD_HEADER))
		return false;
	if (kept)
		keep(kept, &st, digest);
	return true;
}

static bool clock_passed(const struct timespec *time)
{
	struct timespec now;

	/* The coarse clock is the one the kernel stamps inodes with. */
	if (clock_gettime(CLOCK_REALTIME_COARSE, &now) < 0)
		return false;
	return now.tv_sec > time->tv_sec || (now.tv_sec == time->tv_sec && now.tv_nsec > time->tv_nsec);
}

/* Whether fd, at offset 0, holds exactly text. */
static bool fd_holds(int fd, const char *text, size_t length)
{
	char buffer[65536];
	size_t done = 0;

	for (;;) {
		ssize_t count = read(fd, buffer, sizeof(buffer));

		if (count < 0 && errno == EINTR)
			continue;
		if (count < 0)
			return false;
		if (count == 0)
			return done == length;
		if ((size_t)count > length - done || memcmp(buffer, text + done, (size_t)count) != 0)
			return false;
		done += (size_t)count;
	}
}

/* The bytes are compared through the descriptor the identity was taken
 * from, and only once the clock has passed the file's change time: a
 * write after that compare gives the file a later change time, even one
 * in the clock tick of the write that made it. A clock set back later
 * gives an edit an earlier change time, which differs too; only an edit
 * stamped in the very nanosecond recorded, with the size and the
 * modification time put back, would pass unseen. */
void nft_file_record(const struct host *host, const struct nft_table *table, const char *text)
{
	_cleanup_close_ int fd = paths_open(host, FIX_NFT_FILE, SAFE_FILE_NOFOLLOW);
	_cleanup_free_ uint8_t *bytes = NULL;
	_cleanup_free_ char *record = NULL;
	struct file_identity identity;
	size_t bytes_length;
	uint64_t id = nft_table_format_id();
	struct stat st;
	int tries = 0;

	(void)paths_remove(host, NFT_FILE_RECORD, false);
	if (fd < 0 || fstat(fd, &st) < 0 || nft_table_bytes(table, &bytes, &bytes_length) < 0)
		return;
	/* A clock tick is a few milliseconds; a clock set back waits no longer than 0.2 s. */
	while (!clock_passed(&st.st_ctim) && tries++ < 200)
		nanosleep(&(struct timespec){ .tv_nsec = 1000 * 1000 }, NULL);
	if (!clock_passed(&st.st_ctim) || !fd_holds(fd, text, strlen(text)))
		return;
	identity = file_identity_of(&st);
	record = malloc(RECORD_HEADER + bytes_length);
	if (!record)
		return;
	memcpy(record, record_magic, sizeof(record_magic));
	memcpy(record + sizeof(record_magic), &id, sizeof(id));
	memcpy(record + sizeof(record_magic) + sizeof(id), &identity, sizeof(identity));
	memcpy(record + RECORD_HEADER, bytes, bytes_length);
	(void)paths_write_file(host, NFT_FILE_RECORD, record, RECORD_HEADER + bytes_length, 0600);
}
