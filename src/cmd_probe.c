#include "config.h"

#include <stdio.h>

#include "commands.h"

int command_probe(const struct options *options)
{
	(void)options;
	fprintf(stderr, "portguard: 'probe' is not available in this build yet\n");
	return EXIT_ERROR;
}
