/* SPDX-License-Identifier: GPL-2.0-or-later */
/* IPMI's probe (internal to services/ipmi/): Get Channel Authentication
 * Capabilities over RMCP, as scan_ipmi asks, of a listener of this host
 * on 623/udp (a Linux host normally has none: the BMC answers the
 * board's address on its own) and of every address of a name (probe
 * HOST, which does reach a BMC). Its detail is a struct ipmi_detail;
 * ipmi_probe.c asks and words it for people, JSON ("ipmi") and the
 * report. */
#ifndef PORTGUARD_IPMI_PROBE_H
#define PORTGUARD_IPMI_PROBE_H

#include "services/ipmi/ipmi_wire.h"
#include "services/service.h"

struct ipmi_detail {
	int status;			/* probe_status_text(): 0 answered, -ENOTCONN not asked */
	size_t reply_bytes;
	struct ipmi_reply reply;	/* when status is 0 */
};

extern const struct service_probe ipmi_probe;

const struct ipmi_detail *ipmi_detail_of(const struct service_answer *answer);

#endif
