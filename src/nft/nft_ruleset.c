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
