/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Drives the nft module for the integration tests and the benchmark,
 * in the network namespace it runs in:
 *   nft_helper apply|format|check [--trusted LIST]... [--trusted-file FILE] [--port N]... [--known DIR]
 *   nft_helper write PATH [same options]
 *   nft_helper read [--prefix P] [--transports udp|tcp] [--first-byte MASK/VALUE]
 *   nft_helper remove|available|generation
 * Without --port the ports are {111}.
 * --part PREFIX:TRANSPORTS:FIRSTBYTE:PORTS:TRUSTED (again for every
 * part) works on a table of several parts instead: TRANSPORTS tcp, udp
 * or tcp+udp, FIRSTBYTE - or MASK/VALUE, PORTS and TRUSTED lists (",")
 * that may be empty, TRUSTED also @FILE; read, read-known and check
 * take the parts' shapes as the ones that may be there, and print per
 * part "part 'PREFIX'" before its lines. --prefix, --udp and --first-byte
 * give the ruleset another service's shape (sets P + "ports", one transport,
 * drop only datagrams whose first byte & MASK is VALUE, both hex). --known DIR: the record of what the
 * table held, NFT_VERIFIED_FILE below the tree DIR (nft_ruleset_apply_known;
 * read-known reads with it too).
 * --repeat N: apply N times over the list parsed and merged once (as the
 * plan hands it to apply) and print the mean time of one apply, the
 * module alone, as "apply_ms X" (the benchmark). Errors: one line on stderr, exit 1;
 * check exits 1 when the kernel's table differs. */
#include "config.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "model/cidr.h"
#include "nft/nft.h"

static int fail(const char *message)
{
	fprintf(stderr, "portguard: %s\n", message);
	return 1;
}

static char *read_file(const char *path)
{
	FILE *file = fopen(path, "r");
	char *text = NULL;
	size_t length = 0;
	long size;

	if (!file)
		return NULL;
	if (fseek(file, 0, SEEK_END) == 0 && (size = ftell(file)) >= 0 && fseek(file, 0, SEEK_SET) == 0 &&
	    (text = malloc((size_t)size + 1)))
		length = fread(text, 1, (size_t)size, file);
	if (text)
		text[length] = '\0';
	fclose(file);
	return text;
}

static int add_trusted(struct nft_ruleset *ruleset, const char *text)
{
	const char *bad = text;
	char message[128];

	if (cidr_list_parse(text, &ruleset->trusted, &bad) < 0) {
		snprintf(message, sizeof(message), "'%.*s' is not a network; give CIDRs like 10.0.0.0/24",
			 (int)strcspn(bad, ", \t\n"), bad);
		return fail(message);
	}
	return 0;
}

static struct host known_host = { .root_fd = -1 };
static const struct host *known;
static unsigned long repeat = 1;

static struct nft_table parts;

/* Appended as given, so that apply sees two parts of one prefix too. */
static int add_part(const char *text)
{
	struct nft_ruleset part = { 0 };
	const char *field = text;
	char fields[4][64];
	struct nft_ruleset *grown;
	unsigned int mask, match;

	for (int i = 0; i < 4; i++) {
		size_t length = strcspn(field, ":");

		if (field[length] != ':' || length >= sizeof(fields[i]))
			return fail("--part wants PREFIX:TRANSPORTS:FIRSTBYTE:PORTS:TRUSTED");
		snprintf(fields[i], sizeof(fields[i]), "%.*s", (int)length, field);
		field += length + 1;
	}
	if (strlen(fields[0]) >= sizeof(part.shape.set_prefix))
		return fail("--part wants a shorter prefix");
	memcpy(part.shape.set_prefix, fields[0], strlen(fields[0]) + 1);
	part.shape.transports = strcmp(fields[1], "udp") == 0 ? NFT_TRANSPORTS_UDP
			      : strcmp(fields[1], "tcp") == 0 ? NFT_TRANSPORTS_TCP : NFT_TRANSPORTS_TCP_AND_UDP;
	if (strcmp(fields[2], "-") != 0) {
		if (sscanf(fields[2], "%x/%x", &mask, &match) != 2 || mask > 0xff || match > 0xff)
			return fail("--part wants the first byte as - or MASK/VALUE in hex");
		part.shape.first_byte = (struct nft_first_byte){ true, (uint8_t)mask, (uint8_t)match };
	}
	for (char *port = fields[3], *end; *port; port = end + (*end == ',')) {
		unsigned long number = strtoul(port, &end, 10);

		if (end == port || (*end && *end != ',') || number == 0 || number > 65535) {
			nft_ruleset_free(&part);
			return fail("--part wants ports from 1 to 65535");
		}
		if (nft_ruleset_add_port(&part, (uint16_t)number) < 0) {
			nft_ruleset_free(&part);
			return fail("out of memory");
		}
	}
	if (*field == '@') {
		char *list = read_file(field + 1);
		int r = list ? add_trusted(&part, list) : fail("cannot read the --part's trusted file");

		free(list);
		if (r) {
			nft_ruleset_free(&part);
			return 1;
		}
	} else if (*field && add_trusted(&part, field)) {
		nft_ruleset_free(&part);
		return 1;
	}
	grown = realloc(parts.rulesets, (parts.count + 1) * sizeof(*grown));
	if (!grown) {
		nft_ruleset_free(&part);
		return fail("out of memory");
	}
	parts.rulesets = grown;
	parts.rulesets[parts.count++] = part;
	return 0;
}

static int parse_options(int argc, char **argv, int first, struct nft_ruleset *ruleset)
{
	for (int i = first; i < argc; i++) {
		const char *value = i + 1 < argc ? argv[i + 1] : NULL;

		if (!value)
			return fail("option without a value");
		if (strcmp(argv[i], "--trusted") == 0) {
			if (add_trusted(ruleset, value))
				return 1;
		} else if (strcmp(argv[i], "--trusted-file") == 0) {
			char *text = read_file(value);
			int r;

			if (!text)
				return fail("cannot read the --trusted-file");
			r = add_trusted(ruleset, text);
			free(text);
			if (r)
				return 1;
		} else if (strcmp(argv[i], "--known") == 0) {
			if (host_open(value, &known_host) < 0)
				return fail("cannot open the --known directory");
			known = &known_host;
		} else if (strcmp(argv[i], "--repeat") == 0) {
			repeat = strtoul(value, NULL, 10);
			if (repeat == 0)
				return fail("--repeat wants a count");
		} else if (strcmp(argv[i], "--prefix") == 0) {
			snprintf(ruleset->shape.set_prefix, sizeof(ruleset->shape.set_prefix), "%s", value);
		} else if (strcmp(argv[i], "--transports") == 0) {
			ruleset->shape.transports = strcmp(value, "udp") == 0 ? NFT_TRANSPORTS_UDP
						  : strcmp(value, "tcp") == 0 ? NFT_TRANSPORTS_TCP : NFT_TRANSPORTS_TCP_AND_UDP;
		} else if (strcmp(argv[i], "--first-byte") == 0) {
			unsigned int mask, match;

			if (sscanf(value, "%x/%x", &mask, &match) != 2 || mask > 0xff || match > 0xff)
				return fail("--first-byte wants MASK/VALUE in hex");
			ruleset->shape.first_byte = (struct nft_first_byte){ true, (uint8_t)mask, (uint8_t)match };
		} else if (strcmp(argv[i], "--part") == 0) {
			if (add_part(value))
				return 1;
		} else if (strcmp(argv[i], "--port") == 0) {
			char *end;
			unsigned long port = strtoul(value, &end, 10);

			if (*end || port == 0 || port > 65535)
				return fail("--port wants a number from 1 to 65535");
			if (nft_ruleset_add_port(ruleset, (uint16_t)port) < 0)
				return fail("out of memory");
		} else {
			return fail("unknown option");
		}
		i++;
	}
	if (ruleset->port_count == 0 && nft_ruleset_add_port(ruleset, 111) < 0)
		return fail("out of memory");
	return 0;
}

static void print_ruleset(const struct nft_ruleset *ruleset)
{
	char text[CIDR_TEXT_MAX];

	for (size_t i = 0; i < ruleset->trusted.count; i++)
		printf("trusted %s\n", cidr_format(&ruleset->trusted.items[i], text));
	for (size_t i = 0; i < ruleset->port_count; i++)
		printf("port %u\n", ruleset->ports[i]);
}

static void print_table(const struct nft_table *table)
{
	for (size_t i = 0; i < table->count; i++) {
		printf("part '%s'\n", table->rulesets[i].shape.set_prefix);
		print_ruleset(&table->rulesets[i]);
	}
}

static int apply_repeated(struct nft_ruleset *wanted)
{
	struct error_record error = { 0 };
	struct timespec start, end;
	bool changed = false;
	int r = 0;

	/* as fix hands it over: merged by the plan already */
	if (repeat > 1) {
		nft_ruleset_normalize(wanted);
		if (parts.count)
			nft_table_normalize(&parts);
	}
	clock_gettime(CLOCK_MONOTONIC, &start);
	for (unsigned long i = 0; i < repeat && r == 0; i++)
		r = parts.count ? nft_table_apply_known(&parts, known, &changed, &error)
				: nft_ruleset_apply_known(wanted, known, &changed, &error);
	clock_gettime(CLOCK_MONOTONIC, &end);
	if (r < 0)
		return fail(error.message);
	puts(changed ? "changed" : "unchanged");
	if (repeat > 1)
		printf("apply_ms %.3f\n", ((double)(end.tv_sec - start.tv_sec) * 1e3 +
					   (double)(end.tv_nsec - start.tv_nsec) / 1e6) / (double)repeat);
	return 0;
}

/* read, read-known and check of a table of --part parts. */
static int run_parts(const char *command, unsigned int way)
{
	struct nft_shape shapes[NFT_RULESETS_MAX];
	struct nft_table found = { 0 };
	struct error_record error = { 0 };
	size_t count = parts.count < NFT_RULESETS_MAX ? parts.count : NFT_RULESETS_MAX;
	bool equal;

	for (size_t i = 0; i < count; i++)
		shapes[i] = parts.rulesets[i].shape;
	if (nft_table_read_known(known, way, shapes, count, &found, &error) < 0)
		return fail(error.message);
	if (strcmp(command, "check") != 0) {
		print_table(&found);
		nft_table_free(&found);
		return 0;
	}
	equal = nft_table_normalize(&parts) == 0 && nft_table_equal(&parts, &found);
	nft_table_free(&found);
	puts(equal ? "equal" : "different");
	return equal ? 0 : 1;
}

static int run(int argc, char **argv, struct nft_ruleset *wanted, struct nft_ruleset *found)
{
	const char *command = argc > 1 ? argv[1] : "";
	struct error_record error = { 0 };
	bool flag = false;
	uint32_t generation;
	int r;

	if (strcmp(command, "read") == 0) {
		if (parse_options(argc, argv, 2, wanted))
			return 1;
		if (parts.count)
			return run_parts(command, NFT_READ_DUMP);
		if (nft_ruleset_read(&wanted->shape, found, &error) < 0)
			return fail(error.message);
		print_ruleset(found);
		return 0;
	}
	if (strcmp(command, "remove") == 0) {
		if (nft_ruleset_remove(&flag, &error) < 0)
			return fail(error.message);
		puts(flag ? "removed" : "absent");
		return 0;
	}
	if (strcmp(command, "available") == 0)
		return nft_available(&error) < 0 ? fail(error.message) : 0;
	if (strcmp(command, "generation") == 0) {
		r = nft_generation(&generation);
		if (r < 0)
			return fail(nft_unavailable_reason(r));
		printf("%" PRIu32 "\n", generation);
		return 0;
	}
	if (strcmp(command, "write") == 0) {
		if (argc < 3 || parse_options(argc, argv, 3, wanted))
			return argc < 3 ? fail("write wants a path") : 1;
		r = parts.count ? nft_table_file_write(argv[2], &parts) : nft_file_write(argv[2], wanted);
		return r < 0 ? fail(strerror(-r)) : 0;
	}
	if (parse_options(argc, argv, 2, wanted))
		return 1;
	if (parts.count && (strcmp(command, "read-known") == 0 || strcmp(command, "check") == 0))
		return run_parts(command, strcmp(command, "check") == 0 ? NFT_READ_DUMP
									 : NFT_READ_USE_KNOWN | NFT_READ_RECORD);
	if (strcmp(command, "read-known") == 0) {
		if (nft_ruleset_read_known(known, NFT_READ_USE_KNOWN | NFT_READ_RECORD, &wanted->shape, found, &error) < 0)
			return fail(error.message);
		print_ruleset(found);
		return 0;
	}
	if (strcmp(command, "apply") == 0)
		return apply_repeated(wanted);
	if (strcmp(command, "format") == 0)
		return (parts.count ? nft_table_format(&parts, stdout) : nft_ruleset_format(wanted, stdout)) < 0
			       ? fail("cannot write the ruleset") : 0;
	if (strcmp(command, "check") == 0) {
		if (nft_ruleset_read(&wanted->shape, found, &error) < 0)
			return fail(error.message);
		nft_ruleset_normalize(wanted);
		flag = nft_ruleset_equal(wanted, found);
		puts(flag ? "equal" : "different");
		return flag ? 0 : 1;
	}
	return fail("usage: nft_helper apply|format|check|write|read|read-known|remove|available|generation");
}

int main(int argc, char **argv)
{
	struct nft_ruleset wanted = { 0 }, found = { 0 };
	int code = run(argc, argv, &wanted, &found);

	nft_ruleset_free(&wanted);
	nft_ruleset_free(&found);
	nft_table_free(&parts);
	return code;
}
