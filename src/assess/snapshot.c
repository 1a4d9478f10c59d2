/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "config.h"

#include <errno.h>
#include <limits.h>
#include <string.h>
#include <unistd.h>

#include "assess/answer_kept.h"
#include "assess/listeners.h"
#include "assess/snapshot.h"
#include "base/paths.h"
#include "kernel/scan.h"

static void scan_error(int r, struct error_record *ret_error)
{
	switch (r) {
	case -EPROTONOSUPPORT:
		error_record_set(ret_error, NULL, 0, "the kernel has no sock_diag (NETLINK_SOCK_DIAG); load the inet_diag, tcp_diag and udp_diag modules");
		break;
	case -ENOENT:
		error_record_set(ret_error, NULL, 0, "the kernel has no inet_diag for TCP or UDP; load the tcp_diag and udp_diag modules");
		break;
	case -EINVAL:	/* inet_diag_bc_audit refused the port filter */
		error_record_set(ret_error, NULL, 0, "the kernel refused the port filter of the socket dump (%s); report this with `uname -r`", strerror(-r));
		break;
	default:
		error_record_set(ret_error, NULL, 0, "reading sockets through netlink failed: %s", strerror(-r));
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

/* How to read portguard's table: without a dump while the ruleset
 * generation says it is unchanged since portguard last read it. */
static unsigned int table_read_way(const struct snapshot_request *request)
{
	return NFT_READ_USE_KNOWN | (request->record_table ? NFT_READ_RECORD : 0) |
	       (request->keep_known_table ? NFT_READ_KEEP : 0) | (request->own_part_only ? NFT_READ_ONE_PART : 0);
}

int snapshot_scan(const struct service *const *services, size_t count, struct listener_list *ret_list,
		  struct error_record *ret_error)
{
	struct transport_port ports[SERVICES_MAX * 8];
	size_t port_count = 0;
	int r;

	for (size_t s = 0; s < count; s++)
		for (size_t p = 0; p < services[s]->port_count && port_count < sizeof(ports) / sizeof(ports[0]); p++)
			ports[port_count++] = services[s]->ports[p];
	r = scan_listeners(ports, port_count, ret_list);
	if (r == 0)
		r = listeners_attribute_scanned(services, count, ret_list);
	if (r < 0)
		scan_error(r, ret_error);
	return r;
}

/* The local daemon's answer: the one kept for it (answer_kept.h; only
 * where the service allows it), or asked now and then kept. Returns 0
 * or -ENOMEM. */
static int ask_local(const struct snapshot_request *request, struct snapshot *snapshot)
{
	const struct service *service = request->service;
	int r = answer_kept_take(request->host, service, &snapshot->listeners, &snapshot->answer);

	if (r != -ENOENT)
		return r;
	r = service->probe->ask_local(&snapshot->listeners, &snapshot->answer);
	if (r == 0)
		answer_kept_record(request->host, service, &snapshot->listeners, &snapshot->answer);
	return r;
}

int snapshot_take(const struct snapshot_request *request, struct snapshot *ret_snapshot,
		  struct error_record *ret_error)
{
	struct snapshot snapshot = { 0 };
	struct listeners_filter filter = { 0 };
	int r;

	if (gethostname(snapshot.host, sizeof(snapshot.host) - 1) < 0)
		strcpy(snapshot.host, "localhost");
	snapshot.service = request->service;
	snapshot.time = time(NULL);
	/* The table is read once here; fix hands it to apply as the prior state. */
	r = request->scanned ? listeners_pick_known(request->service, request->scanned, request->host,
						    table_read_way(request), &snapshot.listeners, &filter)
			     : listeners_read_known(request->service, request->host, table_read_way(request),
						    &snapshot.listeners, &filter);
	snapshot.installed_table = filter.table;
	snapshot.installed_table_lent = filter.table_lent;
	snapshot.installed_read = filter.read;
	if (r < 0) {
		scan_error(r, ret_error);
		return r;
	}
	snapshot.answer.request_bytes = request->service->probe->request_bytes;
	snapshot.answer_asked = snapshot.listeners.count > 0 && !query_would_activate(&snapshot.listeners);
	if (snapshot.answer_asked && ask_local(request, &snapshot) < 0) {
		error_record_set(ret_error, NULL, 0, "out of memory asking the local %s; free memory and retry",
			 request->service->name);
		snapshot_free(&snapshot);
		return -ENOMEM;
	}
	snapshot.outsiders_refused = request->service->answers_outsiders && snapshot.listeners.count > 0 &&
		!request->service->answers_outsiders(request->host, snapshot.answer_asked ? &snapshot.answer : NULL);
	r = snapshot_assess(request, &snapshot, ret_error);
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
	service_answer_free(&snapshot->answer);
	consumer_list_free(&snapshot->consumers);
	plan_free(&snapshot->plan);
	if (!snapshot->installed_table_lent)
		nft_table_free(&snapshot->installed_table);
	snapshot->installed_table = (struct nft_table){ 0 };
	snapshot->installed_table_lent = false;
}
