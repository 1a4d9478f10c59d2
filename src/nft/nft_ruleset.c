/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "base/cleanup.h"
#include "model/cidr.h"
#include "nft/nft_ruleset.h"

int nft_ruleset_add_port(struct nft_ruleset *ruleset, uint16_t port)
{
	uint16_t *ports = realloc(ruleset->ports, (ruleset->port_count + 1) * sizeof(*ports));

	if (!ports)
		return -ENOMEM;
	ports[ruleset->port_count++] = port;
	ruleset->ports = ports;
	return 0;
}

static int compare_ports(const void *left, const void *right)
{
	return (int)*(const uint16_t *)left - (int)*(const uint16_t *)right;
}

void nft_ruleset_normalize(struct nft_ruleset *ruleset)
{
	size_t kept = 0;

	cidr_list_normalize(&ruleset->trusted);
	if (ruleset->port_count > 1)
		qsort(ruleset->ports, ruleset->port_count, sizeof(*ruleset->ports), compare_ports);
	for (size_t i = 0; i < ruleset->port_count; i++)
		if (kept == 0 || ruleset->ports[kept - 1] != ruleset->ports[i])
			ruleset->ports[kept++] = ruleset->ports[i];
	ruleset->port_count = kept;
}

const struct cidr *nft_ruleset_everything(const struct nft_ruleset *ruleset)
{
	for (size_t i = 0; i < ruleset->trusted.count; i++)
		if (cidr_is_everything(&ruleset->trusted.items[i]))
			return &ruleset->trusted.items[i];
	return NULL;
}

bool nft_shape_equal(const struct nft_shape *a, const struct nft_shape *b)
{
	return strcmp(a->set_prefix, b->set_prefix) == 0 && a->transports == b->transports &&
	       a->first_byte.present == b->first_byte.present &&
	       (!a->first_byte.present ||
		(a->first_byte.mask == b->first_byte.mask && a->first_byte.value == b->first_byte.value));
}

bool nft_ruleset_equal(const struct nft_ruleset *a, const struct nft_ruleset *b)
{
	return nft_shape_equal(&a->shape, &b->shape) && cidr_list_equal(&a->trusted, &b->trusted) && a->port_count == b->port_count &&
	       (a->port_count == 0 || memcmp(a->ports, b->ports, a->port_count * sizeof(*a->ports)) == 0);
}

void nft_ruleset_free(struct nft_ruleset *ruleset)
{
	cidr_list_free(&ruleset->trusted);
	free(ruleset->ports);
	*ruleset = (struct nft_ruleset){ 0 };
}

int nft_ruleset_copy(const struct nft_ruleset *source, struct nft_ruleset *ret_copy)
{
	_cleanup_(nft_ruleset_free) struct nft_ruleset copy = { .shape = source->shape };

	if (cidr_list_add_all(&copy.trusted, &source->trusted) < 0)
		return -ENOMEM;
	for (size_t i = 0; i < source->port_count; i++)
		if (nft_ruleset_add_port(&copy, source->ports[i]) < 0)
			return -ENOMEM;
	nft_ruleset_normalize(&copy);
	*ret_copy = TAKE_STRUCT(copy);
	return 0;
}

bool nft_set_prefix_valid(const char *prefix)
{
	size_t length = strnlen(prefix, NFT_SET_PREFIX_MAX);

	if (length == NFT_SET_PREFIX_MAX)
		return false;
	for (size_t i = 0; i < length; i++) {
		char c = prefix[i];

		if (!(c == '_' || (c >= 'a' && c <= 'z') || (i > 0 && c >= '0' && c <= '9')))
			return false;
	}
	return true;
}

static int compare_parts(const void *left, const void *right)
{
	return strcmp(((const struct nft_ruleset *)left)->shape.set_prefix,
		      ((const struct nft_ruleset *)right)->shape.set_prefix);
}

/* Sorts the parts, each normalised already, and refuses what nft cannot
 * hold. */
static int order_parts(struct nft_table *table)
{
	if (table->count > NFT_RULESETS_MAX)
		return -E2BIG;
	for (size_t i = 0; i < table->count; i++)
		if (!nft_set_prefix_valid(table->rulesets[i].shape.set_prefix))
			return -EINVAL;
	if (table->count > 1)
		qsort(table->rulesets, table->count, sizeof(*table->rulesets), compare_parts);
	/* Two parts of one prefix would be two sets of one name. */
	for (size_t i = 1; i < table->count; i++)
		if (compare_parts(&table->rulesets[i - 1], &table->rulesets[i]) == 0)
			return -EINVAL;
	return 0;
}

int nft_table_normalize(struct nft_table *table)
{
	for (size_t i = 0; i < table->count && i < NFT_RULESETS_MAX; i++)
		nft_ruleset_normalize(&table->rulesets[i]);
	return order_parts(table);
}

void nft_table_free(struct nft_table *table)
{
	for (size_t i = 0; i < table->count; i++)
		nft_ruleset_free(&table->rulesets[i]);
	free(table->rulesets);
	*table = (struct nft_table){ 0 };
}

int nft_table_copy(const struct nft_table *source, struct nft_table *ret_copy)
{
	_cleanup_(nft_table_free) struct nft_table copy = { 0 };
	int r;

	if (source->count > NFT_RULESETS_MAX)
		return -E2BIG;
	copy.rulesets = calloc(source->count ? source->count : 1, sizeof(*copy.rulesets));
	if (!copy.rulesets)
		return -ENOMEM;
	for (; copy.count < source->count; copy.count++) {
		r = nft_ruleset_copy(&source->rulesets[copy.count], &copy.rulesets[copy.count]);
		if (r < 0)
			return r;
	}
	/* Each part's copy is normalised already. */
	r = order_parts(&copy);
	if (r < 0)
		return r;
	*ret_copy = TAKE_STRUCT(copy);
	return 0;
}

bool nft_table_equal(const struct nft_table *a, const struct nft_table *b)
{
	if (a->count != b->count)
		return false;
	for (size_t i = 0; i < a->count; i++)
		if (!nft_ruleset_equal(&a->rulesets[i], &b->rulesets[i]))
			return false;
	return true;
}

/* One 64-bit word into the digest: a multiply and xor-shift mix, so
 * that every bit of every word moves the whole state. */
static uint64_t digest_word(uint64_t state, uint64_t word)
{
	state ^= word + 0x9e3779b97f4a7c15u + (state << 6) + (state >> 2);
	state *= 0xbf58476d1ce4e5b9u;
	return state ^ (state >> 31);
}

/* length bytes into the digest, four words at a time in four lanes
 * that do not wait on each other (the prefixes are most of a table),
 * the rest word by word; the length goes in too. */
static uint64_t digest_bytes(uint64_t state, const uint8_t *bytes, size_t length)
{
	uint64_t lanes[4] = { state, state ^ 0x94d049bb133111ebu, state + 0x2545f4914f6cdd1du, ~state };
	size_t i = 0;

	for (; length - i >= 32; i += 32)
		for (size_t lane = 0; lane < 4; lane++) {
			uint64_t word;

			memcpy(&word, bytes + i + lane * 8, 8);
			lanes[lane] = (lanes[lane] ^ word) * 0xff51afd7ed558ccdu;
			lanes[lane] ^= lanes[lane] >> 32;
		}
	state = digest_word(digest_word(digest_word(digest_word(lanes[0], lanes[1]), lanes[2]), lanes[3]), length);
	for (; i < length; i += 8) {
		uint64_t word = 0;

		memcpy(&word, bytes + i, length - i < 8 ? length - i : 8);
		state = digest_word(state, word);
	}
	return state;
}

/* A prefix's bytes are its fields, all of which cidr_list_equal compares. */
_Static_assert(sizeof(struct cidr) == sizeof(int) + 16 + sizeof(unsigned int), "struct cidr has padding");

uint64_t nft_table_digest(const struct nft_table *table)
{
	uint64_t state = digest_word(0x6e66745f64696731u, table->count);

	for (size_t i = 0; i < table->count; i++) {
		const struct nft_ruleset *part = &table->rulesets[i];

		/* The shape field by field: no padding's bytes count. */
		state = digest_bytes(state, (const uint8_t *)part->shape.set_prefix,
				     strnlen(part->shape.set_prefix, NFT_SET_PREFIX_MAX));
		state = digest_word(state, ((uint64_t)part->shape.transports << 32) |
					   ((uint64_t)part->shape.first_byte.present << 16) |
					   (part->shape.first_byte.present ?
						    ((uint64_t)part->shape.first_byte.mask << 8) | part->shape.first_byte.value : 0));
		state = digest_bytes(state, (const uint8_t *)part->trusted.items,
				     part->trusted.count * sizeof(*part->trusted.items));
		state = digest_bytes(state, (const uint8_t *)part->ports, part->port_count * sizeof(*part->ports));
	}
	return state;
}

static struct nft_ruleset *find_part(const struct nft_table *table, const char *set_prefix)
{
	for (size_t i = 0; i < table->count; i++)
		if (strcmp(table->rulesets[i].shape.set_prefix, set_prefix) == 0)
			return &table->rulesets[i];
	return NULL;
}

const struct nft_ruleset *nft_table_part(const struct nft_table *table, const char *set_prefix)
{
	return find_part(table, set_prefix);
}

/* ruleset, normalised already, moved into its place in table. */
static int place_part(struct nft_table *table, struct nft_ruleset *ruleset)
{
	struct nft_ruleset *place, *grown;

	if (!nft_set_prefix_valid(ruleset->shape.set_prefix))
		return -EINVAL;
	place = find_part(table, ruleset->shape.set_prefix);
	if (!place && table->count >= NFT_RULESETS_MAX)
		return -E2BIG;
	if (place) {
		nft_ruleset_free(place);
		*place = TAKE_STRUCT(*ruleset);
		return 0;
	}
	grown = realloc(table->rulesets, (table->count + 1) * sizeof(*grown));
	if (!grown)
		return -ENOMEM;
	table->rulesets = grown;
	table->rulesets[table->count++] = TAKE_STRUCT(*ruleset);
	qsort(table->rulesets, table->count, sizeof(*table->rulesets), compare_parts);
	return 0;
}

int nft_table_move_part(struct nft_table *table, struct nft_ruleset *ruleset)
{
	if (!nft_set_prefix_valid(ruleset->shape.set_prefix))
		return -EINVAL;
	if (!nft_table_part(table, ruleset->shape.set_prefix) && table->count >= NFT_RULESETS_MAX)
		return -E2BIG;
	nft_ruleset_normalize(ruleset);
	return place_part(table, ruleset);
}

int nft_table_put_part(struct nft_table *table, const struct nft_ruleset *ruleset)
{
	_cleanup_(nft_ruleset_free) struct nft_ruleset copy = { 0 };
	int r;

	if (!nft_set_prefix_valid(ruleset->shape.set_prefix))
		return -EINVAL;
	if (!nft_table_part(table, ruleset->shape.set_prefix) && table->count >= NFT_RULESETS_MAX)
		return -E2BIG;
	/* The copy is normalised already. */
	r = nft_ruleset_copy(ruleset, &copy);
	return r < 0 ? r : place_part(table, &copy);
}

bool nft_table_remove_part(struct nft_table *table, const char *set_prefix)
{
	struct nft_ruleset *part = find_part(table, set_prefix);
	size_t index;

	if (!part)
		return false;
	index = (size_t)(part - table->rulesets);
	nft_ruleset_free(part);
	memmove(part, part + 1, (table->count - index - 1) * sizeof(*part));
	table->count--;
	return true;
}
