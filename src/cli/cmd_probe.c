/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "cli/commands.h"
#include "record/probe_json.h"
#include "record/show.h"
#include "rpc/rpc_query.h"

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

/* A reply came over UDP, but not one RPC reply to our calls could be
 * read from it: something answers, and it is no portmapper we can judge. */
static bool only_malformed(const struct rpc_summary *summary)
{
	if (summary->udp_answered || summary->tcp_open)
		return false;
	for (size_t i = 0; i < RPC_DUMP_VERSIONS; i++)
		if (summary->udp[i].status == -EBADMSG)
			return true;
	return false;
}

/* Scanners count a refusal (ICMP port unreachable over UDP, a reset
 * over TCP) as closed, just as silence. */
static const char *closed_because(const struct rpc_summary *summary)
{
	switch (summary->udp[0].status) {
	case -ECONNREFUSED:
		return "port unreachable";
	case -EHOSTUNREACH:
	case -ENETUNREACH:
	case -EACCES:
		/* Of the ICMP unreachables, a UDP socket without IP_RECVERR
		 * hears only the hard ones: a firewall answered for the host. */
		return "prohibited by a firewall";
	case -ETIMEDOUT:
		return summary->tcp[0].status == -ECONNREFUSED ? "UDP no reply, TCP refused" : "no reply";
	default:
		return rpc_status_text(summary->udp[0].status);
	}
}

static bool probe_open(const struct rpc_address_probe *probe)
{
	return !probe->unreachable && (probe->summary.udp_answered || probe->summary.tcp_open);
}

static void print_text(const struct options *options, const struct rpc_address_probe *probe)
{
	const struct rpc_summary *summary = &probe->summary;

	printf("Probe of %s (%s) port %u, as the scanners ask it\n", options->host, summary->peer, options->port);
	if (probe->unreachable) {
		printf("Verdict: unreachable - %s cannot be reached from here (%s).\n", summary->peer,
		       strerror(-probe->unreachable));
		return;
	}
	printf("UDP: %s\n", summary->udp_answered ? "open" : "closed");
	show_rpc_sizes_text(stdout, summary);
	printf("TCP: %s", summary->tcp_open ? "open" : "closed");
	printf(" (DUMP: %s)\n", rpc_status_text(summary->tcp[0].status));
	if (summary->count > 0)
		show_rpc_programs_text(stdout, summary);
	if (probe_open(probe))
		printf("\nVerdict: OPEN - %s answers on port %u from here: %zu RPC registrations visible, UDP amplification %.1fx.\n",
		       summary->peer, options->port, summary->count, summary->amplification);
	else
		printf("\nVerdict: closed (%s) - no portmapper answers on port %u of %s from here.\n",
		       closed_because(summary), options->port, summary->peer);
}

static const char *verdict_name(const struct rpc_address_probe *probe)
{
	return probe->unreachable ? "unreachable" : probe_open(probe) ? "open" : "closed";
}

static json_t *address_json(const struct rpc_address_probe *probe)
{
	return probe_address_json(probe, verdict_name(probe), probe->unreachable ? strerror(-probe->unreachable) :
				  probe_open(probe) ? NULL : closed_because(&probe->summary));
}

/* The contract keys (doc/json.md) describe the address that matters most:
 * the first open one, else the first reached; "addresses" has every one. */
static size_t headline_index(const struct rpc_address_probe_list *list)
{
	for (size_t i = 0; i < list->count; i++)
		if (probe_open(&list->items[i]))
			return i;
	for (size_t i = 0; i < list->count; i++)
		if (!list->items[i].unreachable)
			return i;
	return 0;
}

static int print_json(const struct options *options, const struct rpc_address_probe_list *list)
{
	json_t *addresses = json_array(), *root = NULL;
	int r;

	for (size_t i = 0; addresses && i < list->count; i++)
		if (json_array_append_new(addresses, address_json(&list->items[i])) < 0) {
			json_decref(addresses);
			addresses = NULL;
		}
	root = probe_json(addresses, headline_index(list), options->host, options->port);
	if (!root)
		return -ENOMEM;
	r = json_dumpf(root, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(10));
	fputc('\n', stdout);
	json_decref(root);
	return r < 0 ? -EIO : 0;
}

/* What the whole name gets: open if any address is, an error only when
 * no address could be judged (all unreachable, or garbage and no open). */
static int overall_exit(const struct options *options, const struct rpc_address_probe_list *list)
{
	const struct rpc_address_probe *unreachable = NULL, *malformed = NULL;
	bool closed = false;

	for (size_t i = 0; i < list->count; i++) {
		const struct rpc_address_probe *probe = &list->items[i];

		if (probe_open(probe))
			return EXIT_EXPOSED_OR_CHANGED;
		if (probe->unreachable)
			unreachable = unreachable ? unreachable : probe;
		else if (only_malformed(&probe->summary))
			malformed = malformed ? malformed : probe;
		else
			closed = true;
	}
	if (malformed) {
		fprintf(stderr, "portguard: %s port %u answered over UDP with bytes that are no RPC reply to our call; check what listens there\n",
			malformed->summary.peer, options->port);
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
	struct rpc_address_probe_list list;
	int code, r = 0;

	if (!options->host) {
		fprintf(stderr, "portguard: probe needs a host; run 'portguard probe HOST'\n");
		return EXIT_ERROR;
	}
	r = rpc_query_each(options->host, (uint16_t)options->port, options->timeout_seconds * 1000, &list);
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
	rpc_address_probe_list_free(&list);
	if (r < 0) {
		fprintf(stderr, "portguard: writing the result failed: %s; check stdout\n", strerror(-r));
		return EXIT_ERROR;
	}
	return code;
}
