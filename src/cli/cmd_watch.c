/* SPDX-License-Identifier: GPL-2.0-or-later */
/* watch: the agent (watch/watch.c) with the options it reads; its own
 * messages go to the journal, only a start that fails is said here. */
#include "config.h"

#include <stdio.h>

#include "cli/commands.h"
#include "watch/watch.h"

int command_watch(const struct options *options)
{
	const struct watch_request request = {
		.host = &options->analysed,
		.config = options->config,
		.report_dir = options->report_dir,
		.all_rpc = options->all_rpc,
	};
	struct error_record error = { 0 };
	char line[ERROR_LINE_MAX];
	int r = watch_run(&request, &error);

	if (r < 0 && error.message[0])
		fprintf(stderr, "portguard: %s\n", error_record_format(&error, line, sizeof(line)));
	return r < 0 ? EXIT_ERROR : EXIT_NOTHING_TO_DO;
}
