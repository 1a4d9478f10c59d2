#include "config.h"

#include <stdio.h>

#include "commands.h"

int command_report(const struct options *options)
{
	(void)options;
	fprintf(stderr, "portguard: 'report' is not available in this build yet\n");
	return EXIT_ERROR;
}
