/* SPDX-License-Identifier: GPL-2.0-or-later */
/* WS-Discovery's probe (internal to services/wsd/): the scanners'
 * Probe for wsdp:Device, sent unicast to the address (what an internet
 * scanner can send) and, over IPv4, to the group 239.255.255.250 on the
 * link towards it (what a host on that link sends), the replies from
 * that address counted (wsdd sends each twice, SOAP-over-UDP's
 * UNICAST_UDP_REPEAT) and read by the strict decoder of wsd_wire.c.
 * wsdd (0.7.0, measured) never answers a unicast Probe: only hosts on a
 * link it serves get its ProbeMatches. Its answer's detail is a struct
 * wsd_detail. wsd_probe.c asks, wsd_show.c words the answer for people,
 * wsd_json.c for check, the record and probe --json, wsd_report.c for
 * the report. */
#ifndef PORTGUARD_WSD_PROBE_H
#define PORTGUARD_WSD_PROBE_H

#include <stdio.h>

#include <jansson.h>

#include "services/service.h"
#include "services/wsd/wsd_wire.h"

/* A responder's copies of one reply (SOAP-over-UDP sends a unicast
 * reply twice, 50 to 250 ms apart): the wait ends at this many, or
 * this long after the last. */
#define WSD_COPIES_MAX 2
#define WSD_QUIET_MS 600

struct wsd_exchange {
	int status;			/* probe_status_text(): 0 when a match came back; -ENOTCONN not asked */
	size_t datagrams;		/* replies to this request from the address */
	size_t reply_bytes;		/* their sum */
	struct wsd_reply reply;		/* the first */
};

struct wsd_detail {
	size_t request_bytes;
	struct wsd_exchange unicast;	/* to the address: an internet scanner */
	struct wsd_exchange multicast;	/* to the group on the link towards it: a neighbour */
	/* check: a link with a public address is among those that answered
	 * (its hosts, a hoster's other customers, are outsiders) */
	bool public_link;
	char public_address[ANSWER_PEER_MAX];
};

extern const struct service_probe wsd_probe;

/* The answer's detail; one that says "not asked" when it has none. */
const struct wsd_detail *wsd_detail_of(const struct service_answer *answer);
bool wsd_answered(const struct wsd_detail *detail);
/* The exchange that answered (unicast first); NULL when none did. */
const struct wsd_exchange *wsd_answering(const struct wsd_detail *detail);
/* "ProbeMatches urn:uuid:... (wsdp:Device pub:Computer)" */
void wsd_reply_format(const struct wsd_reply *reply, char *buffer, size_t size);

void wsd_answer_print(const struct service_answer *answer, FILE *out);
void wsd_probe_print(const struct service_answer *answer, uint16_t port, bool open, FILE *out);

json_t *wsd_answer_json(const struct service_answer *answer, json_t *reachable);
int wsd_answer_from_json(const json_t *object, struct service_answer *ret_answer);
json_t *wsd_probe_json(const struct service_answer *answer);

void wsd_report_findings(const struct service_answer *answer, bool local_only, bool unanswered,
			 enum language language, struct prose *prose);
bool wsd_report_appendix(const struct service_answer *answer, char letter, bool before, struct prose *prose);

/* WS-Discovery's answers_outsiders (service.h): a unicast Probe was
 * answered, or a link with a public address was. */
bool wsd_answers_outsiders(const struct host *host, const struct service_answer *answer);

#endif
