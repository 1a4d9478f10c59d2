#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "commands.h"
#include "scan.h"
#include "show.h"
#include "snapshot.h"

int command_check(const struct options *options)
{
	struct snapshot snapshot;
	char error[SNAPSHOT_ERROR_MAX] = "";
	int r = snapshot_take(options, &snapshot, error, sizeof(error));

	if (r < 0) {
		fprintf(stderr, "portguard: %s\n", error);
		return EXIT_ERROR;
	}
	if (options->json)
		r = snapshot_print_json(&snapshot, stdout);
	else if (!options->quiet)
		snapshot_print_text(&snapshot, stdout);
	bool exposed = listener_list_exposed(&snapshot.listeners);
	snapshot_free(&snapshot);
	if (r < 0)
		return EXIT_ERROR;
	return exposed ? EXIT_EXPOSED_OR_CHANGED : EXIT_NOTHING_TO_DO;
}
