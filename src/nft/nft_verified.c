/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/cleanup.h"
#include "base/paths.h"
#include "base/safe_file.h"
#include "kernel/lifetime.h"
#include "nft/nft_verified.h"

#ifndef SO_NETNS_COOKIE
#define SO_NETNS_COOKIE 71
#endif

/* The version names the table's shape too: a record an earlier portguard
 * wrote of its own table must not vouch for that table now. V4: every
 * part of the table, each with its shape. */
static const char magic[8] = "PGNFTV4\n";
#define BOOT_ID_LENGTH LIFETIME_BOOT_ID_LENGTH
#define HEADER_LENGTH (sizeof(magic) + BOOT_ID_LENGTH + 8 + 4 + 4)	/* ... generation, part count */
/* set prefix, transports, first byte: present, mask, value */
#define SHAPE_LENGTH (NFT_SET_PREFIX_MAX + 4)
#define PART_HEADER_LENGTH (SHAPE_LENGTH + 4 + 4)	/* shape, trusted count, port count */
#define PREFIX_LENGTH 18	/* family, prefix length, 16 address bytes */
#define PORTS_MAX 65536
/* Far beyond any table portguard installs; a bound for the decoder,
 * over all parts. */
#define RECORD_ITEMS_MAX (1u << 22)
#define RECORD_BYTES_MAX (HEADER_LENGTH + (size_t)RECORD_ITEMS_MAX * PREFIX_LENGTH + \
			  (size_t)NFT_RULESETS_MAX * (PART_HEADER_LENGTH + PORTS_MAX * 2))

int nft_verified_key(int socket_fd, uint32_t generation, struct nft_verified_key *ret_key)
{
	struct nft_verified_key key = { .generation = generation };
	socklen_t length = sizeof(key.netns_cookie);

	if (getsockopt(socket_fd, SOL_SOCKET, SO_NETNS_COOKIE, &key.netns_cookie, &length) < 0)
		return errno == ENOPROTOOPT ? -EOPNOTSUPP : -errno;
	if (lifetime_boot_id(key.boot_id) < 0)
		return -EOPNOTSUPP;
	*ret_key = key;
	return 0;
}

bool nft_verified_key_equal(const struct nft_verified_key *a, const struct nft_verified_key *b)
{
	return memcmp(a->boot_id, b->boot_id, BOOT_ID_LENGTH) == 0 && a->netns_cookie == b->netns_cookie &&
	       a->generation == b->generation;
}

static uint8_t *put(uint8_t *cursor, const void *value, size_t length)
{
	memcpy(cursor, value, length);
	return cursor + length;
}

static uint8_t *put_part_header(uint8_t *cursor, const struct nft_ruleset *ruleset)
{
	uint32_t trusted_count = (uint32_t)ruleset->trusted.count, port_count = (uint32_t)ruleset->port_count;

	memset(cursor, 0, NFT_SET_PREFIX_MAX);
	memcpy(cursor, ruleset->shape.set_prefix, strnlen(ruleset->shape.set_prefix, NFT_SET_PREFIX_MAX - 1));
	cursor += NFT_SET_PREFIX_MAX;
	*cursor++ = (uint8_t)ruleset->shape.transports;
	*cursor++ = ruleset->shape.first_byte.present;
	*cursor++ = ruleset->shape.first_byte.present ? ruleset->shape.first_byte.mask : 0;
	*cursor++ = ruleset->shape.first_byte.present ? ruleset->shape.first_byte.value : 0;
	cursor = put(cursor, &trusted_count, 4);
	return put(cursor, &port_count, 4);
}

static uint8_t *put_prefix(uint8_t *cursor, const struct cidr *cidr)
{
	*cursor++ = cidr->address.family == AF_INET ? 4 : 6;
	*cursor++ = (uint8_t)cidr->prefix_length;
	return put(cursor, cidr->address.bytes, 16);
}

static uint8_t *put_part(uint8_t *cursor, const struct nft_ruleset *ruleset)
{
	cursor = put_part_header(cursor, ruleset);
	for (size_t i = 0; i < ruleset->trusted.count; i++)
		cursor = put_prefix(cursor, &ruleset->trusted.items[i]);
	for (size_t i = 0; i < ruleset->port_count; i++)
		cursor = put(cursor, &ruleset->ports[i], 2);
	return cursor;
}

static uint8_t *put_header(uint8_t *cursor, const struct nft_verified_key *key, uint32_t part_count)
{
	cursor = put(cursor, magic, sizeof(magic));
	cursor = put(cursor, key->boot_id, BOOT_ID_LENGTH);
	cursor = put(cursor, &key->netns_cookie, 8);
	cursor = put(cursor, &key->generation, 4);
	return put(cursor, &part_count, 4);
}

/* Whether [*at, end) begins with the length bytes of expected; moves *at past them. */
static bool take_same(const uint8_t **at, const uint8_t *end, const void *expected, size_t length)
{
	if ((size_t)(end - *at) < length || memcmp(*at, expected, length) != 0)
		return false;
	*at += length;
	return true;
}

bool nft_verified_equal(const struct nft_verified_key *key, const struct nft_table *table, const uint8_t *bytes,
			size_t length)
{
	uint8_t header[HEADER_LENGTH], part[PART_HEADER_LENGTH], prefix[PREFIX_LENGTH];
	const uint8_t *at = bytes, *end = bytes + length;

	if (table->count == 0 || table->count > NFT_RULESETS_MAX)
		return false;
	put_header(header, key, (uint32_t)table->count);
	if (!take_same(&at, end, header, sizeof(header)))
		return false;
	for (size_t p = 0; p < table->count; p++) {
		const struct nft_ruleset *ruleset = &table->rulesets[p];

		put_part_header(part, ruleset);
		if (!take_same(&at, end, part, sizeof(part)))
			return false;
		for (size_t i = 0; i < ruleset->trusted.count; i++) {
			put_prefix(prefix, &ruleset->trusted.items[i]);
			if (!take_same(&at, end, prefix, sizeof(prefix)))
				return false;
		}
		for (size_t i = 0; i < ruleset->port_count; i++)
			if (!take_same(&at, end, &ruleset->ports[i], 2))
				return false;
	}
	return at == end;
}

int nft_verified_encode(const struct nft_verified_key *key, const struct nft_table *table, uint8_t **ret_bytes,
			size_t *ret_length)
{
	uint32_t part_count = (uint32_t)table->count;
	size_t length = HEADER_LENGTH, items = 0;
	uint8_t *bytes, *cursor;

	if (table->count == 0 || table->count > NFT_RULESETS_MAX)
		return -EINVAL;
	for (size_t p = 0; p < table->count; p++) {
		const struct nft_ruleset *ruleset = &table->rulesets[p];

		items += ruleset->trusted.count;
		if (items > RECORD_ITEMS_MAX || ruleset->port_count > PORTS_MAX)
			return -E2BIG;
		length += PART_HEADER_LENGTH + ruleset->trusted.count * PREFIX_LENGTH + ruleset->port_count * 2;
	}
	bytes = malloc(length);
	if (!bytes)
		return -ENOMEM;
	cursor = put_header(bytes, key, part_count);
	for (size_t p = 0; p < table->count; p++)
		cursor = put_part(cursor, &table->rulesets[p]);
	*ret_bytes = bytes;
	*ret_length = length;
	return 0;
}

/* One part from [*cursor, end): -EBADMSG for anything encode would not
 * write. *items counts the prefixes of every part so far. */
static int take_part(const uint8_t **cursor, const uint8_t *end, size_t *items, struct nft_ruleset *ret_ruleset)
{
	_cleanup_(nft_ruleset_free) struct nft_ruleset ruleset = { 0 };
	const uint8_t *at = *cursor, *shape = at, *nul;
	uint32_t trusted_count, port_count;

	if ((size_t)(end - at) < PART_HEADER_LENGTH)
		return -EBADMSG;
	/* The prefix ends within its field, zeros after it, as encode pads it. */
	nul = memchr(shape, '\0', NFT_SET_PREFIX_MAX);
	if (!nul)
		return -EBADMSG;
	for (const uint8_t *pad = nul; pad < shape + NFT_SET_PREFIX_MAX; pad++)
		if (*pad)
			return -EBADMSG;
	memcpy(ruleset.shape.set_prefix, shape, NFT_SET_PREFIX_MAX);
	if (!nft_set_prefix_valid(ruleset.shape.set_prefix) || shape[NFT_SET_PREFIX_MAX] > NFT_TRANSPORTS_TCP ||
	    shape[NFT_SET_PREFIX_MAX + 1] > 1 ||
	    (!shape[NFT_SET_PREFIX_MAX + 1] && (shape[NFT_SET_PREFIX_MAX + 2] || shape[NFT_SET_PREFIX_MAX + 3])))
		return -EBADMSG;
	ruleset.shape.transports = (enum nft_transports)shape[NFT_SET_PREFIX_MAX];
	ruleset.shape.first_byte = (struct nft_first_byte){ .present = shape[NFT_SET_PREFIX_MAX + 1],
		.mask = shape[NFT_SET_PREFIX_MAX + 2], .value = shape[NFT_SET_PREFIX_MAX + 3] };
	memcpy(&trusted_count, at + SHAPE_LENGTH, 4);
	memcpy(&port_count, at + SHAPE_LENGTH + 4, 4);
	at += PART_HEADER_LENGTH;
	if (trusted_count > RECORD_ITEMS_MAX - *items || port_count > PORTS_MAX ||
	    (size_t)(end - at) < (size_t)trusted_count * PREFIX_LENGTH + (size_t)port_count * 2)
		return -EBADMSG;
	*items += trusted_count;
	/* Every field of every prefix is set below: no zeroing first. */
	ruleset.trusted.items = malloc((trusted_count ? trusted_count : 1) * sizeof(*ruleset.trusted.items));
	ruleset.ports = calloc(port_count ? port_count : 1, sizeof(*ruleset.ports));
	if (!ruleset.trusted.items || !ruleset.ports)
		return -ENOMEM;
	ruleset.trusted.capacity = trusted_count;
	for (uint32_t i = 0; i < trusted_count; i++, at += PREFIX_LENGTH) {
		struct cidr *cidr = &ruleset.trusted.items[i];

		if ((at[0] != 4 && at[0] != 6) || at[1] > (at[0] == 4 ? 32 : 128))
			return -EBADMSG;
		cidr->address.family = at[0] == 4 ? AF_INET : AF_INET6;
		cidr->prefix_length = at[1];
		memcpy(cidr->address.bytes, at + 2, 16);
		ruleset.trusted.count++;
	}
	for (uint32_t i = 0; i < port_count; i++, at += 2)
		memcpy(&ruleset.ports[i], at, 2);
	ruleset.port_count = port_count;
	*cursor = at;
	*ret_ruleset = TAKE_STRUCT(ruleset);
	return 0;
}

int nft_verified_decode(const uint8_t *bytes, size_t length, struct nft_verified_key *ret_key,
			struct nft_table *ret_table)
{
	_cleanup_(nft_table_free) struct nft_table table = { 0 };
	struct nft_verified_key key = { 0 };
	const uint8_t *cursor = bytes, *end = bytes + length;
	uint32_t part_count;
	size_t items = 0;
	int r;

	if (length < HEADER_LENGTH || memcmp(bytes, magic, sizeof(magic)) != 0)
		return -EBADMSG;
	cursor += sizeof(magic);
	memcpy(key.boot_id, cursor, BOOT_ID_LENGTH);
	cursor += BOOT_ID_LENGTH;
	memcpy(&key.netns_cookie, cursor, 8);
	memcpy(&key.generation, cursor + 8, 4);
	memcpy(&part_count, cursor + 12, 4);
	cursor += 16;
	if (part_count == 0 || part_count > NFT_RULESETS_MAX)
		return -EBADMSG;
	table.rulesets = calloc(part_count, sizeof(*table.rulesets));
	if (!table.rulesets)
		return -ENOMEM;
	for (; table.count < part_count; table.count++) {
		r = take_part(&cursor, end, &items, &table.rulesets[table.count]);
		if (r < 0)
			return r;
		/* In the table's order, one part per prefix, as encode writes a
		 * normalised table. */
		if (table.count > 0 && strcmp(table.rulesets[table.count - 1].shape.set_prefix,
					      table.rulesets[table.count].shape.set_prefix) >= 0) {
			table.count++;
			return -EBADMSG;
		}
	}
	if (cursor != end)
		return -EBADMSG;
	*ret_key = key;
	*ret_table = TAKE_STRUCT(table);
	return 0;
}

int nft_verified_load(const struct host *host, struct nft_verified_key *ret_key, struct nft_table *ret_table)
{
	_cleanup_close_ int fd = paths_open(host, NFT_VERIFIED_FILE, SAFE_FILE_NOFOLLOW);
	_cleanup_free_ uint8_t *bytes = NULL;
	struct stat status;
	size_t done = 0;
	int r = 0;

	if (fd < 0)
		return fd;
	if (fstat(fd, &status) < 0)
		r = -errno;
	else if (status.st_size <= 0 || (size_t)status.st_size > RECORD_BYTES_MAX)
		r = -EBADMSG;
	else if (!(bytes = malloc((size_t)status.st_size)))
		r = -ENOMEM;
	while (r == 0 && done < (size_t)status.st_size) {
		ssize_t count = read(fd, bytes + done, (size_t)status.st_size - done);

		if (count < 0 && errno == EINTR)
			continue;
		if (count <= 0)
			r = count < 0 ? -errno : -EBADMSG;
		else
			done += (size_t)count;
	}
	if (r == 0)
		r = nft_verified_decode(bytes, done, ret_key, ret_table);
	return r;
}

int nft_verified_save(const struct host *host, const struct nft_verified_key *key, const struct nft_table *table)
{
	uint8_t *bytes;
	size_t length;
	int r = nft_verified_encode(key, table, &bytes, &length);

	if (r < 0)
		return r;
	r = paths_write_file(host, NFT_VERIFIED_FILE, (const char *)bytes, length, 0600);
	free(bytes);
	return r;
}
