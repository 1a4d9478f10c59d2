/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "config.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "assess/listeners.h"
#include "base/paths.h"
#include "fix/verify.h"
#include "kernel/scan.h"
#include "model/cidr.h"
#include "record/show.h"

static void describe_listener(const struct listener *listener, char *buffer, size_t size)
{
	char address[CIDR_TEXT_MAX];

	snprintf(buffer, size, "%s %s%s%s:%u%s%s", transport_name(listener->transport),
		 listener->address.family == AF_INET6 ? "[" : "", ip_address_format(&listener->address, address),
		 listener->address.family == AF_INET6 ? "]" : "", listener->port,
		 listener->owner_count ? " held by " : "", listener->owner_count ? listener->owners[0].process : "");
}

int verify_request(const struct apply_request *request, struct verification *ret,
		   struct error_record *ret_error)
{
	struct verification verification = { 0 };
	struct listeners_filter filter = { 0 };
	const struct nft_ruleset *installed;
	const char *nft_error = filter.error;
	int r;

	/* After a change the dump is the proof; what it read is recorded. */
	r = listeners_read_known(request->service, request->host, NFT_READ_RECORD,
				 &verification.listeners, &filter);
	if (r < 0) {
		error_record_set(ret_error, NULL, 0, "scanning port %u again failed: %s",
				 service_port(request->service), strerror(-r));
		*ret = verification;
		return r;
	}
	r = filter.read;
	installed = r == 0 && request->ruleset ? nft_table_part(&filter.table, request->ruleset->shape.set_prefix) : NULL;
	if (r == 0)
		verification.rules = nft_table_format_text(&filter.table);
	verification.exposed = listener_list_exposed(&verification.listeners);

	if (request->action == ACTION_STOP && listener_list_has_exposed_socket(&verification.listeners)) {
		const struct listener *still = verification.listeners.items;
		char what[128];

		while (!still->exposed)
			still++;
		describe_listener(still, what, sizeof(what));
		error_record_set(ret_error, NULL, 0, "port %u still listens after the stop (%s%s); find who opens it "
				 "with 'portguard check'", service_port(request->service), what,
				 verification.listeners.count > 1 ? ", and more" : "");
		r = -EADDRINUSE;
	} else if (request->action == ACTION_RESTRICT &&
		   (r < 0 || !installed || !nft_ruleset_equal(installed, request->ruleset) ||
		    (request->table && !nft_table_equal(&filter.table, request->table)))) {
		error_record_set(ret_error, NULL, 0, "the kernel does not hold the planned table inet portguard after "
				 "applying it%s%s", nft_error[0] ? ": " : "", nft_error);
		r = -ESTALE;
	} else {
		r = 0;
	}
	listeners_filter_free(&filter);
	*ret = verification;
	return r;
}

int verification_scan(const struct verification *verification, struct fix_scan *ret_scan)
{
	return fix_scan_from_proof(&verification->listeners, verification->exposed, verification->rules, ret_scan);
}

void verification_free(struct verification *verification)
{
	listener_list_free(&verification->listeners);
	free(verification->rules);
	*verification = (struct verification){ 0 };
}
