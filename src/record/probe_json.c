/* SPDX-License-Identifier: GPL-2.0-or-later */
/* probe --json: the one place that spells its keys. */
#include "config.h"

#include "record/fix_scan.h"
#include "record/probe_json.h"

json_t *probe_address_json(const struct rpc_address_probe *probe, const char *verdict, const char *reason)
{
	const struct rpc_summary *summary = &probe->summary;
	/* programs that UDP alone would leak; TCP may have listed them instead */
	json_t *programs = summary->udp_answered ? rpc_programs_json(summary) : json_array();
	json_t *udp_versions = rpc_versions_json(summary->udp);
	json_t *tcp_versions = rpc_versions_json(summary->tcp);

	if (!programs || !udp_versions || !tcp_versions) {
		json_decref(programs);
		json_decref(udp_versions);
		json_decref(tcp_versions);
		return NULL;
	}
	return json_pack("{s:s, s:s, s:s?, s:{s:b, s:o, s:I, s:I, s:f, s:o}, s:{s:b, s:b, s:o}}",
			 "address", summary->peer, "verdict", verdict, "reason", reason,
			 "udp", "open", summary->udp_answered,
			 "programs", programs,
			 "request_bytes", (json_int_t)summary->request_bytes,
			 "reply_bytes", (json_int_t)summary->reply_bytes,
			 "amplification", summary->amplification,
			 "versions", udp_versions,
			 "tcp", "open", summary->tcp_open, "answered", summary->tcp_answered,
			 "versions", tcp_versions);
}

json_t *probe_json(json_t *addresses, size_t headline, const char *host, unsigned int port)
{
	json_t *root = addresses ? json_deep_copy(json_array_get(addresses, headline)) : NULL;

	if (!root || json_object_set_new(root, "host", json_string(host)) < 0 ||
	    json_object_set_new(root, "port", json_integer(port)) < 0 ||
	    json_object_set_new(root, "addresses", addresses) < 0) {
		if (!root)
			json_decref(addresses);
		json_decref(root);
		return NULL;
	}
	return root;
}
