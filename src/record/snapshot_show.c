/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The snapshot rendered for check and fix: the sections of show_*.c as
 * text for people, and as check's JSON object through the record's
 * typed scan (fix_scan_json.c spells its keys). snapshot.c takes the
 * look and prints nothing. */
#include "config.h"

#include <errno.h>

#include "assess/snapshot.h"
#include "kernel/scan.h"
#include "record/fix_scan.h"
#include "record/show.h"

void snapshot_print_text(const struct snapshot *snapshot, FILE *out)
{
	show_listeners_text(out, snapshot->service, &snapshot->listeners);
	if (snapshot->listeners.count > 0) {
		fputc('\n', out);
		if (snapshot->answer_asked)
			snapshot->service->probe->answer_print(&snapshot->answer, out);
		else
			fprintf(out, "The %s was not asked: %s\n", snapshot->service->name,
				snapshot->service->probe->not_asked);
	}
	fputc('\n', out);
	show_consumers_text(out, snapshot->service, &snapshot->consumers);
	fputc('\n', out);
	show_plan_text(out, &snapshot->plan);
	if (listener_list_exposed(&snapshot->listeners) && snapshot->outsiders_refused)
		fprintf(out, "\nVerdict: not exposed - %s listens on port %u beyond loopback but answers its queries for no other host.\n",
			snapshot->service->daemon, service_port(snapshot->service));
	else
		fprintf(out, "\nVerdict: %s - port %u %s.\n", listener_list_exposed(&snapshot->listeners) ? "EXPOSED" : "not exposed",
			service_port(snapshot->service), listener_list_exposed(&snapshot->listeners)
			? "answers from beyond loopback" : "is closed or bound to loopback only");
}

json_t *snapshot_json(const struct snapshot *snapshot)
{
	struct fix_scan scan;
	json_t *object;

	if (fix_scan_from_snapshot(snapshot, &scan) < 0)
		return NULL;
	object = fix_scan_to_json(&scan);
	fix_scan_free(&scan);
	return object;
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
