/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "model/cidr.h"

enum option_id {
	OPTION_JSON = 256, OPTION_MODE, OPTION_TRUSTED, OPTION_FORCE, OPTION_ALL_RPC,
	OPTION_DRY_RUN, OPTION_ABUSE_REPORT, OPTION_REPORT_DIR, OPTION_CONFIG, OPTION_ROOT,
	OPTION_PORT, OPTION_TIMEOUT, OPTION_SERVICE, OPTION_QUIET, OPTION_VERBOSE, OPTION_VERSION, OPTION_HELP,
	OPTION_NAGIOS,
};

/* One table gives getopt its options and --help its text. */
static const struct option_spec {
	const char *name;
	const char *argument;	/* NULL: takes none */
	int id;
	const char *help;
} option_specs[] = {
	{ "json", NULL, OPTION_JSON, "machine output (one JSON object) on stdout" },
	{ "nagios", NULL, OPTION_NAGIOS, "check: one Nagios/Icinga plugin line, exit 0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN" },
	{ "mode", "auto|stop|restrict", OPTION_MODE, "override the planned action" },
	{ "trusted", "CIDR[,CIDR...]", OPTION_TRUSTED, "networks that may still reach the restricted ports (repeatable)" },
	{ "force", NULL, OPTION_FORCE, "stop the daemon even though a consumer needs it" },
	{ "all-rpc", NULL, OPTION_ALL_RPC, "restrict the ports of every registered RPC service too" },
	{ "dry-run", NULL, OPTION_DRY_RUN, "fix: print the plan and commands, change nothing" },
	{ "abuse-report", "FILE", OPTION_ABUSE_REPORT, "the provider's abuse mail or CSV, quoted in the report" },
	{ "report-dir", "DIR", OPTION_REPORT_DIR, "where reports go (default /var/lib/portguard/reports)" },
	{ "config", "FILE", OPTION_CONFIG, "configuration file (default /etc/portguard/portguard.conf)" },
	{ "root", "DIR", OPTION_ROOT, "read /proc, /etc, /run, /var below DIR" },
	{ "port", "N", OPTION_PORT, "probe: port to ask (default: the service's, 111 for the portmapper)" },
	{ "timeout", "SEC", OPTION_TIMEOUT, "probe: seconds to wait for each reply (default 2)" },
	{ "service", "NAME[,NAME...]", OPTION_SERVICE, "the services to look at (check: every one; fix: the mail's, else every exposed one; else portmapper)" },
	{ "quiet", NULL, OPTION_QUIET, "print only errors" },
	{ "verbose", NULL, OPTION_VERBOSE, "explain each step" },
	{ "version", NULL, OPTION_VERSION, "print the version" },
	{ "help", NULL, OPTION_HELP, "print this help" },
};

#define OPTION_COUNT (sizeof(option_specs) / sizeof(option_specs[0]))

static const char *const command_help[][2] = {
	{ "check", "read-only: what listens on each service's ports, who needs it, what fix would do" },
	{ "fix", "carry out the plan, verify, write the report" },
	{ "undo", "restore what the last fix changed" },
	{ "report", "write the report again from the last fix's state" },
	{ "probe HOST", "ask HOST's service from outside, as the scanners do" },
	{ "watch", "the agent: keep the last fix true until undo (portguard.service)" },
	{ "abuse-report FILE", "list the rows of the provider's mail or CSV, each with its service" },
};

void cli_print_help(void)
{
	printf("Usage: portguard COMMAND [OPTIONS]\n\nFinds and closes the open services that abuse mails report, such as the\nportmapper (rpcbind, port 111) and NTP (port 123).\n\nCommands:\n");
	for (size_t i = 0; i < sizeof(command_help) / sizeof(command_help[0]); i++)
		printf("  %-18s %s\n", command_help[i][0], command_help[i][1]);
	printf("\nOptions:\n");
	for (size_t i = 0; i < OPTION_COUNT; i++) {
		char left[64];

		snprintf(left, sizeof(left), "--%s%s%s", option_specs[i].name,
			 option_specs[i].argument ? " " : "",
			 option_specs[i].argument ? option_specs[i].argument : "");
		printf("  %-28s %s\n", left, option_specs[i].help);
	}
	printf("\nExit codes: 0 not exposed / nothing changed, 2 exposed / changed and verified, 1 error,\n"
	       "3 check --nagios: UNKNOWN (with --nagios: 0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN).\n");
}

static int parse_unsigned(const char *text, unsigned int max, unsigned int *ret_value)
{
	char *end;
	unsigned long value;

	if (text[0] < '0' || text[0] > '9')
		return -EINVAL;
	errno = 0;
	value = strtoul(text, &end, 10);
	if (errno || *end != '\0' || value > max)
		return -EINVAL;
	*ret_value = (unsigned int)value;
	return 0;
}

/* --nagios anywhere on the command line: a usage error is the plugin's
 * UNKNOWN, also on stdout, where Nagios and Icinga read the line. */
static bool nagios_wanted;

__attribute__((format(printf, 1, 2)))
static int usage_error(const char *format, ...)
{
	va_list arguments;

	fprintf(stderr, "portguard: ");
	va_start(arguments, format);
	vfprintf(stderr, format, arguments);
	va_end(arguments);
	fprintf(stderr, "; see 'portguard --help'\n");
	if (nagios_wanted) {
		printf("PORTGUARD UNKNOWN - ");
		va_start(arguments, format);
		vprintf(format, arguments);
		va_end(arguments);
		printf("\n");
	}
	return -EINVAL;
}

bool cli_nagios_wanted(int argc, char **argv)
{
	for (int i = 1; i < argc && strcmp(argv[i], "--") != 0; i++)
		if (strcmp(argv[i], "--nagios") == 0)
			return true;
	return false;
}

/* Lists the names the table knows, so the user need not guess. */
static int service_usage_error(const char *name)
{
	char known[256] = "";
	size_t used = 0;

	for (size_t i = 0; i < service_count() && used < sizeof(known); i++) {
		int n = snprintf(known + used, sizeof(known) - used, "%s%s", i ? ", " : "", service_at(i)->name);

		if (n < 0)
			break;
		used += (size_t)n;
	}
	return usage_error("--service '%s' is none of the services portguard knows (%s)", name, known);
}

/* --service NAME[,NAME...], repeatable: kept in the table's order,
 * each once. */
static int services_parse(struct options *options, const char *argument)
{
	bool named[SERVICES_MAX] = { false };
	char name[64];

	for (size_t i = 0; i < options->service_count; i++)
		for (size_t n = 0; n < service_count(); n++)
			named[n] |= options->services[i] == service_at(n);
	for (const char *item = argument;; item++) {
		size_t length = strcspn(item, ",");
		const struct service *service;

		if (length == 0 || length >= sizeof(name))
			return usage_error("--service '%s' is not a list of names like snmp,ntp", argument);
		memcpy(name, item, length);
		name[length] = '\0';
		service = service_find(name);
		if (!service)
			return service_usage_error(name);
		for (size_t n = 0; n < service_count(); n++)
			named[n] |= service == service_at(n);
		item += length;
		if (*item == '\0')
			break;
	}
	options->service_count = 0;
	for (size_t n = 0; n < service_count(); n++)
		if (named[n])
			options->services[options->service_count++] = service_at(n);
	options->service_given = true;
	return 0;
}

static int apply_option(struct options *options, int id, const char *argument)
{
	const char *bad_item = NULL;

	switch (id) {
	case OPTION_JSON: options->json = true; break;
	case OPTION_NAGIOS: options->nagios = true; break;
	case OPTION_MODE:
		options->mode = mode_from_string(argument);
		if (options->mode < 0)
			return usage_error("--mode '%s' is not auto, stop or restrict", argument);
		options->mode_given = true;
		break;
	case OPTION_TRUSTED:
		if (cidr_list_parse(argument, &options->trusted, &bad_item) < 0)
			return usage_error("--trusted: '%s' is not a network like 10.0.0.0/24 or 2001:db8::/48",
					   bad_item ? bad_item : argument);
		break;
	case OPTION_FORCE: options->force = true; break;
	case OPTION_ALL_RPC: options->all_rpc = true; break;
	case OPTION_DRY_RUN: options->dry_run = true; break;
	case OPTION_ABUSE_REPORT: options->abuse_report = argument; break;
	case OPTION_REPORT_DIR: options->report_dir = argument; break;
	case OPTION_CONFIG: options->config = argument; break;
	case OPTION_ROOT: options->root = argument; break;
	case OPTION_PORT:
		if (parse_unsigned(argument, 65535, &options->port) < 0 || options->port == 0)
			return usage_error("--port '%s' is not a port number from 1 to 65535", argument);
		break;
	case OPTION_TIMEOUT:
		if (parse_unsigned(argument, 3600, &options->timeout_seconds) < 0 || options->timeout_seconds == 0)
			return usage_error("--timeout '%s' is not a number of seconds from 1 to 3600", argument);
		break;
	case OPTION_SERVICE:
		return services_parse(options, argument);
	case OPTION_QUIET: options->quiet = true; break;
	case OPTION_VERBOSE: options->verbose = true; break;
	case OPTION_VERSION: printf("portguard %s\n", PACKAGE_VERSION); return 1;
	case OPTION_HELP: cli_print_help(); return 1;
	default: return -EINVAL;
	}
	return 0;
}

int cli_parse(int argc, char **argv, struct options *ret_options)
{
	struct option long_options[OPTION_COUNT + 1];
	struct options options = {
		.root = "", .timeout_seconds = 2, .mode = MODE_AUTO,
		.analysed = { .root_fd = -1 },
	};
	int r = 0;

	for (size_t i = 0; i < OPTION_COUNT; i++)
		long_options[i] = (struct option){ option_specs[i].name,
			option_specs[i].argument ? required_argument : no_argument, NULL, option_specs[i].id };
	long_options[OPTION_COUNT] = (struct option){ 0 };

	/* GNU getopt permutes argv: "portguard check --json" and
	 * "portguard --json check" both leave the command at argv[optind]. */
	opterr = 0;
	optind = 1;
	nagios_wanted = cli_nagios_wanted(argc, argv);
	for (;;) {
		int id = getopt_long(argc, argv, "hqV", long_options, NULL);

		if (id == -1)
			break;
		if (id == 'h') id = OPTION_HELP;
		else if (id == 'q') id = OPTION_QUIET;
		else if (id == 'V') id = OPTION_VERSION;
		if (id == '?' || id == ':') {
			r = usage_error("unknown option or missing value: '%s'", argv[optind - 1]);
			goto fail;
		}
		r = apply_option(&options, id, optarg);
		if (r != 0)
			goto fail;
	}
	if (optind < argc)
		options.command = argv[optind++];
	if (options.command && strcmp(options.command, "probe") == 0 && optind < argc)
		options.host = argv[optind++];
	else if (options.command && strcmp(options.command, "abuse-report") == 0 && optind < argc)
		options.file = argv[optind++];
	if (optind < argc) {
		r = usage_error("unexpected argument '%s'", argv[optind]);
		goto fail;
	}
	if (options.quiet && options.verbose) {
		r = usage_error("%s and --verbose exclude each other", "--quiet");
		goto fail;
	}
	if (options.nagios && options.json) {
		r = usage_error("%s and --json exclude each other", "--nagios");
		goto fail;
	}
	if (options.nagios && (!options.command || strcmp(options.command, "check") != 0)) {
		r = usage_error("--nagios is an option of check only");
		goto fail;
	}
	if (!options.service_given)
		for (size_t n = 0; n < service_count(); n++)
			if (!service_at(n)->mail_only)
				options.services[options.service_count++] = service_at(n);
	options.service = options.service_given ? options.services[0] : service_default();
	if (options.service_count > 1 && options.service_given && options.command &&
	    strcmp(options.command, "check") != 0 && strcmp(options.command, "fix") != 0) {
		r = usage_error("%s takes one --service at a time; run it once per service", options.command);
		goto fail;
	}
	/* probe asks the service's own port unless --port names another. */
	if (options.port == 0)
		options.port = service_port(options.service);
	/* Opened once: every file of the analysed host is resolved from it. */
	r = host_open(options.root, &options.analysed);
	if (r < 0) {
		fprintf(stderr, "portguard: cannot open --root %s: %s; give the directory that holds the analysed "
			"host's /etc, /proc and /var\n", options.root, strerror(-r));
		if (nagios_wanted)
			printf("PORTGUARD UNKNOWN - cannot open --root %s: %s\n", options.root, strerror(-r));
		r = -EINVAL;
		goto fail;
	}
	*ret_options = options;
	return 0;
fail:
	cli_options_free(&options);
	return r;
}

void cli_options_free(struct options *options)
{
	cidr_list_free(&options->trusted);
	host_close(&options->analysed);
}
