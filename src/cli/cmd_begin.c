/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The start fix and undo share: the lock and the recovery of a run that
 * was killed half-way (run.c), told to the user. */
#include "config.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/commands.h"
#include "fix/run.h"

int command_begin(const struct options *options, int *ret_lock_fd)
{
	char error[APPLY_ERROR_MAX + 256] = "";
	bool recovered = false;
	int r = run_begin(options, ret_lock_fd, &recovered, error, sizeof(error));

	if (r < 0)
		fprintf(stderr, "portguard: %s\n", error);
	else if (recovered)
		fprintf(stderr, "portguard: note: the previous run was interrupted; what it had changed was rolled back\n");
	return r;
}

/* For tests/integration/watch/recovery.sh, which kills a fix at a known
 * point of its journal. Honoured in every build so that the suite tests
 * the binary that ships: it stops only the process that reads it, which
 * whoever sets that process's environment can do anyway (kill -STOP);
 * sudo's env_reset drops it and units have their own environment. */
void command_test_stop(const char *point)
{
	const char *wanted = getenv("PORTGUARD_TEST_STOP");

	if (wanted && strcmp(wanted, point) == 0)
		raise(SIGSTOP);
}
