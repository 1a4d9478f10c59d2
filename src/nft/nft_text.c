/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The ruleset as the plain nft file: rules/portguard.nft.in with the
 * placeholder lines @TRUSTED4@, @TRUSTED6@ and @PORTS@ replaced by the
 * sets' elements (or by nothing, for an empty set). */
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

int nft_ruleset_format(const struct nft_ruleset *ruleset, FILE *out)
{
	struct nft_ruleset normal;
	const char *line = nft_template;
	int r = nft_ruleset_copy(ruleset, &normal);

	if (r < 0)
		return r;
	while (*line) {
		size_t length = strcspn(line, "\n");

		if (length == 10 && strncmp(line, "@TRUSTED4@", length) == 0)
			write_prefixes(&normal.trusted, AF_INET, out);
		else if (length == 10 && strncmp(line, "@TRUSTED6@", length) == 0)
			write_prefixes(&normal.trusted, AF_INET6, out);
		else if (length == 7 && strncmp(line, "@PORTS@", length) == 0)
			write_ports(&normal, out);
		else
			fprintf(out, "%.*s\n", (int)length, line);
		line += length + (line[length] == '\n');
	}
	nft_ruleset_free(&normal);
	return ferror(out) ? -EIO : 0;
}

char *nft_ruleset_text(const struct nft_ruleset *ruleset)
{
	char *text = NULL;
	size_t length = 0;
	FILE *out = open_memstream(&text, &length);
	int r;

	if (!out)
		return NULL;
	r = nft_ruleset_format(ruleset, out);
	if (fclose(out) != 0 || r < 0) {
		free(text);
		return NULL;
	}
	return text;
}

int nft_file_write(const char *path, const struct nft_ruleset *ruleset)
{
	char *text = nft_ruleset_text(ruleset);
	int r;

	if (!text)
		return -ENOMEM;
	r = atomic_file_write_text(path, text, 0644);
	free(text);
	return r;
}
