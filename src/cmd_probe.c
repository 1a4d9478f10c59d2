#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "commands.h"
#include "rpc_query.h"
#include "show.h"

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

static void print_text(const struct options *options, const struct rpc_summary *summary, bool open)
{
	printf("Probe of %s (%s) port %u, as the scanners ask it\n", options->host, summary->peer, options->port);
	printf("UDP: %s\n", summary->udp_answered ? "open" : "closed");
	show_rpc_sizes_text(stdout, summary);
	printf("TCP: %s", summary->tcp_open ? "open" : "closed");
	printf(" (DUMP: %s)\n", rpc_status_text(summary->tcp[0].status));
	if (summary->count > 0)
		show_rpc_programs_text(stdout, summary);
	if (open)
		printf("\nVerdict: OPEN - %s answers on port %u from here: %zu RPC registrations visible, UDP amplification %.1fx.\n",
		       summary->peer, options->port, summary->count, summary->amplification);
	else
		printf("\nVerdict: closed - no portmapper answers on port %u of %s from here.\n",
		       options->port, summary->peer);
}

static int print_json(const struct options *options, const struct rpc_summary *summary)
{
	/* programs that UDP alone would leak; TCP may have listed them instead */
	json_t *programs = summary->udp_answered ? show_rpc_programs_json(summary) : json_array();
	json_t *udp_versions = show_rpc_versions_json(summary->udp);
	json_t *tcp_versions = show_rpc_versions_json(summary->tcp);
	json_t *root;
	int r;

	if (!programs || !udp_versions || !tcp_versions) {
		json_decref(programs);
		json_decref(udp_versions);
		json_decref(tcp_versions);
		return -ENOMEM;
	}
	root = json_pack("{s:s, s:s, s:i, s:{s:b, s:o, s:I, s:I, s:f, s:o}, s:{s:b, s:b, s:o}}",
			 "host", options->host, "address", summary->peer, "port", (int)options->port,
			 "udp", "open", summary->udp_answered,
			 "programs", programs,
			 "request_bytes", (json_int_t)summary->request_bytes,
			 "reply_bytes", (json_int_t)summary->reply_bytes,
			 "amplification", summary->amplification,
			 "versions", udp_versions,
			 "tcp", "open", summary->tcp_open, "answered", summary->tcp_answered,
			 "versions", tcp_versions);
	if (!root)
		return -ENOMEM;
	r = json_dumpf(root, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(10));
	fputc('\n', stdout);
	json_decref(root);
	return r < 0 ? -EIO : 0;
}

int command_probe(const struct options *options)
{
	struct rpc_summary summary;
	bool open;
	int r;

	if (!options->host) {
		fprintf(stderr, "portguard: probe needs a host; run 'portguard probe HOST'\n");
		return EXIT_ERROR;
	}
	r = rpc_query(options->host, (uint16_t)options->port, options->timeout_seconds * 1000, &summary);
	if (r < 0) {
		print_query_error(options->host, options->port, r);
		return EXIT_ERROR;
	}
	if (only_malformed(&summary)) {
		fprintf(stderr, "portguard: %s port %u answered over UDP with bytes that are no RPC reply to our call; check what listens there\n",
			summary.peer, options->port);
		rpc_summary_free(&summary);
		return EXIT_ERROR;
	}
	open = summary.udp_answered || summary.tcp_open;
	r = 0;
	if (options->json)
		r = print_json(options, &summary);
	else if (!options->quiet)
		print_text(options, &summary, open);
	rpc_summary_free(&summary);
	if (r < 0) {
		fprintf(stderr, "portguard: writing the result failed: %s; check stdout\n", strerror(-r));
		return EXIT_ERROR;
	}
	return open ? EXIT_EXPOSED_OR_CHANGED : EXIT_NOTHING_TO_DO;
}
