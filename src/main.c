/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "config.h"

#include <malloc.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/commands.h"

static const struct {
	const char *name;
	int (*run)(const struct options *options);
	bool runs_for_long;
	enum command_libsystemd libsystemd;
} commands[] = {
	{ "check", command_check, false, COMMAND_LIBSYSTEMD_IF_BOOTED },
	{ "fix", command_fix, false, COMMAND_LIBSYSTEMD_IF_BOOTED },
	{ "undo", command_undo, false, COMMAND_LIBSYSTEMD_IF_BOOTED },
	{ "report", command_report, false, COMMAND_LIBSYSTEMD_NEVER },
	{ "probe", command_probe, false, COMMAND_LIBSYSTEMD_NEVER },
	{ "watch", command_watch, true, COMMAND_LIBSYSTEMD_ALWAYS },
	{ "abuse-report", command_abuse_report, false, COMMAND_LIBSYSTEMD_NEVER },
};

/* A command that ends within a second keeps the memory it frees for its
 * next allocation: the copies of 10,000-prefix sets and megabyte files
 * of a run would otherwise each be mapped, faulted in page by page and
 * unmapped again, which costs more than the memory (doc/benchmarks.md:
 * a fifth of a second fix of four services). The agent keeps glibc's
 * defaults and gives memory back. */
static void keep_freed_memory(void)
{
	mallopt(M_MMAP_THRESHOLD, 64 << 20);
	mallopt(M_TRIM_THRESHOLD, 256 << 20);
}

int main(int argc, char **argv)
{
	struct options options;
	int r = cli_parse(argc, argv, &options);

	if (r > 0)
		return EXIT_NOTHING_TO_DO;
	if (r < 0)
		return cli_nagios_wanted(argc, argv) ? EXIT_NAGIOS_UNKNOWN : EXIT_ERROR;
	if (!options.command) {
		fprintf(stderr, "portguard: no command given; try 'portguard check' or 'portguard --help'\n");
		cli_options_free(&options);
		return EXIT_ERROR;
	}
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		if (strcmp(options.command, commands[i].name) == 0) {
			if (command_load_libsystemd(&options, commands[i].libsystemd) < 0) {
				r = options.nagios ? EXIT_NAGIOS_UNKNOWN : EXIT_ERROR;
				cli_options_free(&options);
				return r;
			}
			if (!commands[i].runs_for_long)
				keep_freed_memory();
			r = commands[i].run(&options);
			cli_options_free(&options);
			return r;
		}
	fprintf(stderr, "portguard: unknown command '%s'; the commands are check, fix, undo, report, probe, watch, abuse-report\n",
		options.command);
	cli_options_free(&options);
	return EXIT_ERROR;
}
