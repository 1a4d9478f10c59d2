/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "cli/commands.h"
#include "record/probe_json.h"
#include "services/service.h"

static void print_query_error(const char *host, unsigned int port, int error)
{
	switch (error) {
	case -ENOENT:
		fprintf(stderr, "portguard: cannot resolve host '%s'; check the name or give an IP address\n", host);
		break;
	case -EAGAIN:
		fprintf(stderr, "portguard: cannot resolve host '%s' now (no name server answered); give an IP address or try again\n", host);
		break;
	case -ENETUNREACH:
	case -EHOSTUNREACH:
	case -EADDRNOTAVAIL:
	case -EAFNOSUPPORT:
		fprintf(stderr, "portguard: %s is unreachable from here (%s); check the address and the route to it\n",
			host, strerror(-error));
		break;
	default:
		fprintf(stderr, "portguard: probing %s port %u failed: %s; try again\n", host, port, strerror(-error));
		break;
	}
}

static void print_text(const struct options *options, const struct service_address_answer *item)
{
	const struct service_answer *answer = &item->answer;
	const struct service_probe *probe = options->service->probe;

	printf("Probe of %s (%s) port %u, as the scanners ask it\n", options->host, answer->peer, options->port);
	if (item->unreachable) {
		printf("Verdict: unreachable - %s cannot be reached from here (%s).\n", answer->peer,
		       strerror(-item->unreachable));
		return;
	}
	probe->probe_print(answer, (uint16_t)options->port, service_address_open(probe, item), stdout);
}

static int print_json(const struct options *options, const struct service_address_list *list)
{
	json_t *root = probe_result_json(options->service->probe, list, options->host, options->port);
	int r;

	if (!root)
		return -ENOMEM;
	r = json_dumpf(root, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(10));
	fputc('\n', stdout);
	json_decref(root);
	return r < 0 ? -EIO : 0;
}

/* What the whole name gets: open if any address is, an error only when
 * no address could be judged (all unreachable, or garbage and no open). */
static int overall_exit(const struct options *options, const struct service_address_list *list)
{
	const struct service_probe *probe = options->service->probe;
	const struct service_address_answer *unreachable = NULL, *garbled = NULL;
	bool closed = false;

	for (size_t i = 0; i < list->count; i++) {
		const struct service_address_answer *item = &list->items[i];

		if (service_address_open(probe, item))
			return EXIT_EXPOSED_OR_CHANGED;
		if (item->unreachable)
			unreachable = unreachable ? unreachable : item;
		else if (probe->answer_garbled(&item->answer))
			garbled = garbled ? garbled : item;
		else
			closed = true;
	}
	if (garbled) {
		fprintf(stderr, "portguard: %s port %u %s; check what listens there\n", garbled->answer.peer,
			options->port, probe->garbled);
		return EXIT_ERROR;
	}
	if (!closed && unreachable) {
		print_query_error(options->host, options->port, unreachable->unreachable);
		return EXIT_ERROR;
	}
	return EXIT_NOTHING_TO_DO;
}

int command_probe(const struct options *options)
{
	struct service_address_list list;
	int code, r = 0;

	if (!options->host) {
		fprintf(stderr, "portguard: probe needs a host; run 'portguard probe HOST'\n");
		return EXIT_ERROR;
	}
	r = options->service->probe->ask_each(options->host, (uint16_t)options->port, options->timeout_seconds * 1000,
					      &list);
	if (r < 0) {
		print_query_error(options->host, options->port, r);
		return EXIT_ERROR;
	}
	code = overall_exit(options, &list);
	if (code != EXIT_ERROR && options->json) {
		r = print_json(options, &list);
	} else if (code != EXIT_ERROR && !options->quiet) {
		for (size_t i = 0; i < list.count; i++) {
			if (i > 0)
				fputc('\n', stdout);
			print_text(options, &list.items[i]);
		}
	}
	service_address_list_free(&list);
	if (r < 0) {
		fprintf(stderr, "portguard: writing the result failed: %s; check stdout\n", strerror(-r));
		return EXIT_ERROR;
	}
	return code;
}
