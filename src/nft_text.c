/* The ruleset as the plain nft file: rules/portguard.nft.in with the
 * placeholder lines @TRUSTED4@, @TRUSTED6@ and @PORTS@ replaced by the
 * sets' elements (or by nothing, for an empty set). */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cidr.h"
#include "nft.h"
#include "nft_template.h"

#define ELEMENT_INDENT "\t\t\t     "

static void write_prefixes(const struct cidr_list *trusted, int family, FILE *out)
{
	char text[CIDR_TEXT_MAX];
	size_t written = 0;

	for (size_t i = 0; i < trusted->count; i++) {
		if (trusted->items[i].address.family != family)
			continue;
		fprintf(out, "%s%s", written++ ? ",\n" ELEMENT_INDENT : "\t\telements = { ",
			cidr_format(&trusted->items[i], text));
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

/* So that a rename survives a crash, the directory entry too. */
static int sync_directory(const char *directory)
{
	int fd = open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	int r = 0;

	if (fd < 0)
		return -errno;
	if (fsync(fd) < 0)
		r = -errno;
	close(fd);
	return r;
}

int nft_file_write(const char *path, const struct nft_ruleset *ruleset)
{
	size_t length = strlen(path);
	char *directory_copy = strdup(path);
	char *temporary = malloc(length + sizeof(".XXXXXX"));
	const char *directory;
	FILE *out = NULL;
	int fd = -1, r;

	if (!directory_copy || !temporary) {
		r = -ENOMEM;
		goto out;
	}
	directory = dirname(directory_copy);
	if (mkdir(directory, 0755) < 0 && errno != EEXIST) {
		r = -errno;
		goto out;
	}
	memcpy(temporary, path, length);
	memcpy(temporary + length, ".XXXXXX", sizeof(".XXXXXX"));
	fd = mkostemp(temporary, O_CLOEXEC);
	if (fd < 0) {
		r = -errno;
		goto out;
	}
	if (fchmod(fd, 0644) < 0 || !(out = fdopen(fd, "w"))) {
		r = -errno;
		goto fail;
	}
	fd = -1;	/* out owns it now */
	r = nft_ruleset_format(ruleset, out);
	if (r == 0 && (fflush(out) != 0 || fsync(fileno(out)) < 0))
		r = -errno;
	if (fclose(out) != 0 && r == 0)
		r = -errno;
	out = NULL;
	if (r < 0)
		goto fail;
	if (rename(temporary, path) < 0) {
		r = -errno;
		goto fail;
	}
	r = sync_directory(directory);
	goto out;
fail:
	if (fd >= 0)
		close(fd);
	unlink(temporary);
out:
	free(directory_copy);
	free(temporary);
	return r;
}
