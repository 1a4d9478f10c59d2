/* SPDX-License-Identifier: GPL-2.0-or-later */
/* memcached's probe (internal to services/memcached/): `stats` over UDP
 * with its frame header, every datagram of the reply collected and
 * counted, and over TCP; its answer's detail is a struct
 * memcached_detail. memcached_probe.c asks, memcached_show.c words the
 * answer for people, memcached_json.c for check, the record and probe
 * --json, memcached_report.c for the report. */
#ifndef PORTGUARD_MEMCACHED_PROBE_H
#define PORTGUARD_MEMCACHED_PROBE_H

#include <stdio.h>

#include <jansson.h>

#include "services/memcached/memcached_wire.h"
#include "services/service.h"

/* What the scanners report of stats (Shadowserver's scan_memcached). */
struct memcached_leak {
	bool known;			/* a stats reply was read */
	char version[MEMCACHED_STAT_VALUE_MAX];
	int64_t pid, uptime, time, pointer_size, curr_connections, total_connections;	/* -1: not said */
	size_t stat_count;
};

struct memcached_detail {
	int udp_status;			/* probe_status_text(): 0 when stats came back */
	size_t udp_datagrams;		/* of the reply, each counted */
	size_t udp_reply_bytes;		/* their sum, frame headers too */
	bool tcp_open;			/* the connection was accepted */
	int tcp_status;
	size_t tcp_reply_bytes;
	struct memcached_leak leak;
};

extern const struct service_probe memcached_probe;

const struct memcached_detail *memcached_detail_of(const struct service_answer *answer);
/* memcached answered over UDP, TCP (stats, or an error line: it is memcached). */
bool memcached_udp_answered(const struct memcached_detail *detail);
bool memcached_tcp_answered(const struct memcached_detail *detail);

void memcached_answer_print(const struct service_answer *answer, FILE *out);
void memcached_probe_print(const struct service_answer *answer, uint16_t port, bool open, FILE *out);

json_t *memcached_answer_json(const struct service_answer *answer, json_t *reachable);
int memcached_answer_from_json(const json_t *object, struct service_answer *ret_answer);
json_t *memcached_probe_json(const struct service_answer *answer);

void memcached_report_findings(const struct service_answer *answer, bool local_only, bool unanswered,
			       enum language language, struct prose *prose);
bool memcached_report_appendix(const struct service_answer *answer, char letter, bool before, struct prose *prose);

#endif
