#include "config.h"

#include <errno.h>
#include <string.h>
#include <unistd.h>

#include "listeners.h"
#include "rpc_query.h"
#include "scan.h"
#include "show.h"
#include "snapshot.h"

#define RPC_NOT_ASKED "only systemd holds port 111 (a socket unit) and its service is not running; " \
	"a DUMP call would start it. An outsider's call would too, so the port counts as exposed."

static void scan_error(int r, char *error, size_t error_size)
{
	switch (r) {
	case -EPROTONOSUPPORT:
		snprintf(error, error_size, "the kernel has no sock_diag (NETLINK_SOCK_DIAG); load the inet_diag, tcp_diag and udp_diag modules");
		break;
	case -ENOENT:
		snprintf(error, error_size, "the kernel has no inet_diag for TCP or UDP; load the tcp_diag and udp_diag modules");
		break;
	default:
		snprintf(error, error_size, "reading sockets through netlink failed: %s", strerror(-r));
		break;
	}
}

/* Sockets that only PID 1 holds belong to a socket unit whose service
 * is not running: a DUMP call would start it, and check must not change
 * the host. Nothing is registered with a portmapper that is not running. */
static bool query_would_activate(const struct listener_list *list)
{
	for (size_t i = 0; i < list->count; i++) {
		const struct listener *listener = &list->items[i];

		if (listener->owner_count == 0)
			return false;
		for (size_t o = 0; o < listener->owner_count; o++)
			if (listener->owners[o].pid != 1)
				return false;
	}
	return list->count > 0;
}

int snapshot_take(const struct options *options, struct snapshot *ret_snapshot, char *error, size_t error_size)
{
	struct snapshot snapshot = { 0 };
	struct listeners_filter filter = { 0 };
	int r;

	(void)options;
	if (gethostname(snapshot.host, sizeof(snapshot.host) - 1) < 0)
		strcpy(snapshot.host, "localhost");
	snapshot.time = time(NULL);
	/* The table is read once here; fix hands it to apply as the prior state. */
	r = listeners_read(PORTMAPPER_PORT, &snapshot.listeners, &filter);
	snapshot.installed = filter.installed;
	snapshot.installed_read = filter.read;
	if (r < 0) {
		scan_error(r, error, error_size);
		return r;
	}
	snapshot.rpc.request_bytes = RPC_DUMP_CALL_SIZE;
	snapshot.rpc_asked = snapshot.listeners.count > 0 && !query_would_activate(&snapshot.listeners);
	if (snapshot.rpc_asked && rpc_query_local(&snapshot.listeners, &snapshot.rpc) < 0) {
		snprintf(error, error_size, "out of memory asking the local portmapper; free memory and retry");
		snapshot_free(&snapshot);
		return -ENOMEM;
	}
	r = snapshot_assess(options, &snapshot, error, error_size);
	if (r < 0) {
		snapshot_free(&snapshot);
		return r;
	}
	*ret_snapshot = snapshot;
	return 0;
}

void snapshot_free(struct snapshot *snapshot)
{
	listener_list_free(&snapshot->listeners);
	rpc_summary_free(&snapshot->rpc);
	consumer_list_free(&snapshot->consumers);
	plan_free(&snapshot->plan);
	nft_ruleset_free(&snapshot->installed);
}

void snapshot_print_text(const struct snapshot *snapshot, FILE *out)
{
	show_listeners_text(out, &snapshot->listeners);
	if (snapshot->listeners.count > 0) {
		fputc('\n', out);
		if (snapshot->rpc_asked)
			show_rpc_text(out, &snapshot->rpc);
		else
			fprintf(out, "The portmapper was not asked: %s\n", RPC_NOT_ASKED);
	}
	fputc('\n', out);
	show_consumers_text(out, &snapshot->consumers);
	fputc('\n', out);
	show_plan_text(out, &snapshot->plan);
	fprintf(out, "\n%s\n", listener_list_exposed(&snapshot->listeners)
		? "Verdict: EXPOSED - port 111 answers from beyond loopback."
		: "Verdict: not exposed - port 111 is closed or bound to loopback only.");
}

json_t *snapshot_json(const struct snapshot *snapshot)
{
	json_t *rpc = show_rpc_json(&snapshot->rpc);
	char time_text[32];
	struct tm utc;

	if (rpc && !snapshot->rpc_asked && snapshot->listeners.count > 0) {
		json_object_set_new(rpc, "asked", json_false());
		json_object_set_new(rpc, "not_asked_because", json_string(RPC_NOT_ASKED));
	}

	gmtime_r(&snapshot->time, &utc);
	strftime(time_text, sizeof(time_text), "%Y-%m-%dT%H:%M:%SZ", &utc);
	/* changed, verified and report are DESIGN.md's keys for check and fix
	 * alike: check changes nothing, and what it verified is the verdict. */
	return json_pack("{s:s, s:s, s:s, s:b, s:o, s:o, s:o, s:o, s:o, s:b, s:b, s:n}",
			 "version", PACKAGE_VERSION, "host", snapshot->host, "time", time_text,
			 "exposed", listener_list_exposed(&snapshot->listeners),
			 "listeners", show_listeners_json(&snapshot->listeners),
			 "rpc", rpc,
			 "consumers", show_consumers_json(&snapshot->consumers),
			 "consumer_notes", show_consumer_notes_json(&snapshot->consumers),
			 "plan", show_plan_json(&snapshot->plan),
			 "changed", false,
			 "verified", !listener_list_exposed(&snapshot->listeners),
			 "report");
}

int snapshot_print_json(const struct snapshot *snapshot, FILE *out)
{
	json_t *root = snapshot_json(snapshot);
	int r;

	if (!root)
		return -ENOMEM;
	r = json_dumpf(root, out, JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(10));
	fputc('\n', out);
	json_decref(root);
	return r < 0 ? -EIO : 0;
}
