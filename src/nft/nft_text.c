/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The ruleset as the plain nft file: rules/portguard.nft.in with the
 * placeholder lines @SETS@, @INPUT@ and @PREROUTING@ replaced by the
 * rulesets' sets with their elements and the chains' rules, the same
 * rules, in the same order, that nft_objects builds. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/atomic_file.h"
#include "model/cidr.h"
#include "nft/nft.h"
#include "nft/nft_objects.h"
#include "nft/nft_template.h"

#define ELEMENT_INDENT "\t\t\t     "

static void write_prefixes(const struct cidr_list *trusted, int family, FILE *out)
{
	char text[CIDR_TEXT_MAX];
	size_t written = 0;

	for (size_t i = 0; i < trusted->count; i++) {
		if (trusted->items[i].address.family != family)
			continue;
		/* fputs, not fprintf: a no-op fix formats 10,000 of these to
		 * compare the file, and the format string costs more than the text. */
		fputs(written++ ? ",\n" ELEMENT_INDENT : "\t\telements = { ", out);
		fputs(cidr_format(&trusted->items[i], text), out);
	}
	if (written)
		fputs(" }\n", out);
}

static void write_ports(const struct nft_ruleset *ruleset, FILE *out)
{
	for (size_t i = 0; i < ruleset->port_count; i++)
		fprintf(out, "%s%u", i ? ", " : "\t\telements = { ", ruleset->ports[i]);
	if (ruleset->port_count)
		fputs(" }\n", out);
}

static void write_sets(const struct nft_ruleset *ruleset, FILE *out)
{
	static const char *const types[NFT_SET_ROLES] = { "ipv4_addr", "ipv6_addr", "inet_service" };

	for (int role = 0; role < NFT_SET_ROLES; role++) {
		char name[NFT_SET_NAME_MAX];

		nft_set_name(&ruleset->shape, (enum nft_set_role)role, name);
		fprintf(out, "\tset %s {\n\t\ttype %s\n%s", name, types[role],
			role == NFT_SET_PORTS ? "" : "\t\tflags interval\n");
		if (role == NFT_SET_PORTS)
			write_ports(ruleset, out);
		else
			write_prefixes(&ruleset->trusted, nft_set_roles[role].family, out);
		fputs("\t}\n\n", out);
	}
}

static int write_rules(const struct nft_table *table, enum nft_chain_index chain, FILE *out)
{
	const struct nft_shape *shapes[NFT_RULESETS_MAX];
	struct nft_rule_shape rules[NFT_CHAIN_RULES_MAX];
	size_t count = nft_chain_rules(shapes, nft_table_shapes(table, shapes), rules);

	for (size_t i = 0; i < count; i++) {
		char text[256];

		if (nft_rule_text(chain, &rules[i], text, sizeof(text)) < 0)
			return -ENOSPC;
		fprintf(out, "\t\t%s\n", text);
	}
	return 0;
}

int nft_table_format(const struct nft_table *table, FILE *out)
{
	struct nft_table normal;
	const char *line = nft_template;
	int r = nft_table_copy(table, &normal);

	if (r < 0)
		return r;
	while (*line && r == 0) {
		size_t length = strcspn(line, "\n");

		if (length == 6 && strncmp(line, "@SETS@", length) == 0)
			for (size_t i = 0; i < normal.count; i++)
				write_sets(&normal.rulesets[i], out);
		else if (length == 7 && strncmp(line, "@INPUT@", length) == 0)
			r = write_rules(&normal, NFT_CHAIN_INPUT, out);
		else if (length == 12 && strncmp(line, "@PREROUTING@", length) == 0)
			r = write_rules(&normal, NFT_CHAIN_PREROUTING, out);
		else
			fprintf(out, "%.*s\n", (int)length, line);
		line += length + (line[length] == '\n');
	}
	nft_table_free(&normal);
	if (r < 0)
		return r;
	return ferror(out) ? -EIO : 0;
}

static int format_text(const struct nft_table *table, char **ret_text)
{
	char *text = NULL;
	size_t length = 0;
	FILE *out = open_memstream(&text, &length);
	int r;

	if (!out)
		return -ENOMEM;
	r = nft_table_format(table, out);
	if (fclose(out) != 0 && r == 0)
		r = -ENOMEM;
	if (r < 0) {
		free(text);
		return r;
	}
	*ret_text = text;
	return 0;
}

char *nft_table_format_text(const struct nft_table *table)
{
	char *text = NULL;

	return format_text(table, &text) < 0 ? NULL : text;
}

static uint64_t hash_text(uint64_t hash, const char *text)
{
	for (; *text; text++)
		hash = (hash ^ (unsigned char)*text) * 0x100000001b3ull;
	return hash;
}

uint64_t nft_table_format_id(void)
{
	static uint64_t id;
	struct cidr trusted[2] = { 0 };
	uint16_t ports[2] = { 111, 123 };
	struct nft_ruleset sample = {
		.shape = { .set_prefix = "sample_", .transports = NFT_TRANSPORTS_UDP,
			   .first_byte = { .present = true, .mask = 0x06, .value = 0x06 } },
		.trusted = { .items = trusted, .count = 2, .capacity = 2 },
		.ports = ports,
		.port_count = 2,
	};
	struct nft_table table = nft_table_of_one(&sample);
	char *text;

	if (id)
		return id;
	trusted[0].address.family = AF_INET;
	trusted[0].address.bytes[0] = 192;
	trusted[0].prefix_length = 8;
	trusted[1].address.family = AF_INET6;
	trusted[1].address.bytes[0] = 0x20;
	trusted[1].prefix_length = 16;
	/* Out of memory: an id no record holds, so none is believed. */
	text = nft_table_format_text(&table);
	if (!text)
		return 1;
	id = hash_text(hash_text(hash_text(0xcbf29ce484222325ull, PACKAGE_VERSION), nft_template), text);
	free(text);
	return id ? id : 2;
}

int nft_table_file_write(const char *path, const struct nft_table *table)
{
	char *text = NULL;
	int r = format_text(table, &text);

	if (r < 0)
		return r;
	r = atomic_file_write_text(path, text, 0644);
	free(text);
	return r;
}

int nft_ruleset_format(const struct nft_ruleset *ruleset, FILE *out)
{
	struct nft_table table = nft_table_of_one(ruleset);

	return nft_table_format(&table, out);
}

char *nft_ruleset_text(const struct nft_ruleset *ruleset)
{
	struct nft_table table = nft_table_of_one(ruleset);

	return nft_table_format_text(&table);
}

int nft_file_write(const char *path, const struct nft_ruleset *ruleset)
{
	struct nft_table table = nft_table_of_one(ruleset);

	return nft_table_file_write(path, &table);
}
