/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Command line: the parsed options, passed down as one struct. */
#ifndef PORTGUARD_CLI_H
#define PORTGUARD_CLI_H

#include <stdbool.h>
#include "base/paths.h"
#include "model/action.h"
#include "model/model.h"
#include "services/service.h"

/* Exit codes as configuration management reads them (doc/command-line.md). */
enum exit_code {
	EXIT_NOTHING_TO_DO = 0,	/* not exposed / nothing needed to change */
	EXIT_ERROR = 1,		/* error; nothing left half-done */
	EXIT_EXPOSED_OR_CHANGED = 2,	/* check, probe: exposed; fix, undo: changed and verified */
	EXIT_NAGIOS_UNKNOWN = 3,	/* check --nagios: the plugin's UNKNOWN, a usage error included */
};

struct options {
	const char *command;
	/* check looks at every service of services, in the table's order:
	 * the table, or those --service named. fix, undo and probe take
	 * service, the first (one service a run, until fix takes several). */
	const struct service *services[SERVICES_MAX];
	size_t service_count;
	bool service_given;
	const struct service *service;
	const char *host;		/* probe */
	const char *file;		/* abuse-report */
	bool json;
	bool nagios;			/* check: the Nagios/Icinga plugin line */
	bool mode_given;
	enum mode mode;
	struct cidr_list trusted;	/* from --trusted, normalised later */
	bool force;
	bool all_rpc;
	bool dry_run;
	const char *abuse_report;
	const char *report_dir;
	const char *config;
	const char *root;		/* "" means the live system */
	struct host analysed;		/* root opened by cli_parse, closed by cli_options_free */
	unsigned int port;
	unsigned int timeout_seconds;
	bool quiet;
	bool verbose;
};

/* Parses argv into *ret_options and opens --root (or the live "/") as
 * its analysed host. On a usage error, or a --root that cannot be
 * opened as a directory, prints one line to stderr and returns -EINVAL; returns 1 when --help or --version was
 * answered and the program should exit 0. */
int cli_parse(int argc, char **argv, struct options *ret_options);
void cli_options_free(struct options *options);
/* true when argv holds --nagios: a usage error then exits
 * EXIT_NAGIOS_UNKNOWN, as the plugin guidelines ask. */
bool cli_nagios_wanted(int argc, char **argv);
void cli_print_help(void);

#endif
