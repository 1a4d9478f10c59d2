/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The snapshot rendered for check and fix: the sections of show_*.c as
 * text for people, and the JSON object of doc/json.md. snapshot.c takes
 * the look and prints nothing. */
#include "config.h"

#include <errno.h>
#include <time.h>

#include "assess/snapshot.h"
#include "kernel/scan.h"
#include "record/show.h"

#define RPC_NOT_ASKED "only systemd holds port 111 (a socket unit) and its service is not running; " \
	"a DUMP call would start it. An outsider's call would too, so the port counts as exposed."

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
	/* changed, verified and report are doc/json.md's keys for check and fix
	 * alike: check changes nothing, and what it verified is the verdict. */
	return json_pack("{s:s, s:s, s:s, s:b, s:o, s:b, s:o, s:o, s:o, s:o, s:b, s:b, s:n}",
			 "version", PACKAGE_VERSION, "host", snapshot->host, "time", time_text,
			 "exposed", listener_list_exposed(&snapshot->listeners),
			 "listeners", show_listeners_json(&snapshot->listeners),
			 /* false: a holder of some socket may be missing from its owners */
			 "owners_complete", !snapshot->listeners.owners_incomplete && !snapshot->listeners.owners_partial,
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
