/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The start commands share: libsystemd for those that ask systemd, and
 * for fix and undo the lock and the recovery of a run that was killed
 * half-way (fix/run.c), told to the user. */
#include "config.h"

#include <stdio.h>

#include "cli/commands.h"
#include "fix/run.h"
#include "record/monitor.h"
#include "systemd/libsystemd.h"
#include "systemd/systemd.h"

int command_load_libsystemd(const struct options *options, enum command_libsystemd when)
{
	char nagios_line[1024];
	int r;

	if (when == COMMAND_LIBSYSTEMD_NEVER || (when == COMMAND_LIBSYSTEMD_IF_BOOTED && systemd_booted() <= 0))
		return 0;
	r = libsystemd_load();
	if (r == 0)
		return 0;
	if (options->nagios) {
		monitor_nagios_unknown(libsystemd_load_error(), nagios_line, sizeof(nagios_line));
		printf("%s\n", nagios_line);
	}
	fprintf(stderr, "portguard: %s\n", libsystemd_load_error());
	return r;
}

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
