/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The start fix and undo share: the lock and the recovery of a run that
 * was killed half-way (fix/run.c), told to the user. */
#include "config.h"

#include <stdio.h>

#include "cli/commands.h"
#include "fix/run.h"

void command_say_recovered(void)
{
	fprintf(stderr, "portguard: note: the previous run was interrupted; what it had changed was rolled back\n");
}

int command_begin(const struct options *options, int *ret_lock_fd)
{
	struct error_record error = { 0 };
	char line[ERROR_LINE_MAX];
	bool recovered = false;
	int r = run_begin(&options->analysed, options->command, ret_lock_fd, &recovered, &error);

	if (r < 0)
		fprintf(stderr, "portguard: %s\n", error_record_format(&error, line, sizeof(line)));
	else if (recovered)
		command_say_recovered();
	return r;
}
