/* The start fix and undo share: the lock and the recovery of a run that
 * was killed half-way (run.c), told to the user. */
#include "config.h"

#include <stdio.h>

#include "commands.h"
#include "run.h"

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
