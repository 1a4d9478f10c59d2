/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/commands.h"

static const struct {
	const char *name;
	int (*run)(const struct options *options);
} commands[] = {
	{ "check", command_check },
	{ "fix", command_fix },
	{ "undo", command_undo },
	{ "report", command_report },
	{ "probe", command_probe },
	{ "watch", command_watch },
};

int main(int argc, char **argv)
{
	struct options options;
	int r = cli_parse(argc, argv, &options);

	if (r > 0)
		return EXIT_NOTHING_TO_DO;
	if (r < 0)
		return EXIT_ERROR;
	if (!options.command) {
		fprintf(stderr, "portguard: no command given; try 'portguard check' or 'portguard --help'\n");
		cli_options_free(&options);
		return EXIT_ERROR;
	}
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		if (strcmp(options.command, commands[i].name) == 0) {
			r = commands[i].run(&options);
			cli_options_free(&options);
			return r;
		}
	fprintf(stderr, "portguard: unknown command '%s'; the commands are check, fix, undo, report, probe, watch\n",
		options.command);
	cli_options_free(&options);
	return EXIT_ERROR;
}
