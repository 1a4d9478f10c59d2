/* SPDX-License-Identifier: GPL-2.0-or-later */
/* One look at port 111 as the record keeps it, typed: what check shows
 * (its JSON object, as fix saw the host before the change) or the scan
 * after the change (the listeners and the table read back). A record
 * read from disk may lack any key, so each top-level value says whether
 * it was there (FIX_SCAN_HAS_*): written back, a scan holds exactly the
 * keys it was read with, in check's order. fix_scan_json.c spells them. */
#ifndef PORTGUARD_FIX_SCAN_H
#define PORTGUARD_FIX_SCAN_H

#include <errno.h>
#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "assess/assess.h"
#include "model/action.h"
#include "model/model.h"
#include "services/service.h"

/* A yes/no that a record may not hold: written by a host without
 * systemd (null), or missing from a damaged record the report renders. */
enum fix_known { FIX_UNKNOWN, FIX_NO, FIX_YES };

/* Strings in their order (plan steps, units, warnings in English). */
struct text_list {
	char **items;
	size_t count;
};

int text_list_add(struct text_list *list, const char *text);
void text_list_free(struct text_list *list);

/* The plan as check words it: the reason and the steps in English, the
 * only form a record of 0.1.0 kept of them. */
struct fix_plan_text {
	enum action action;		/* _ACTION_INVALID when unknown */
	char *reason;			/* NULL when missing */
	struct cidr_list trusted;
	struct text_list steps;
	struct text_list units;
	uint16_t *ports;
	size_t port_count;
	bool under_systemd;
	bool socket_activated;
	struct text_list warnings;
};


/* Which keys the scan holds. */
enum {
	FIX_SCAN_HAS_VERSION = 1u << 0,
	FIX_SCAN_HAS_HOST = 1u << 1,
	FIX_SCAN_HAS_TIME = 1u << 2,
	FIX_SCAN_HAS_LISTENERS = 1u << 3,
	FIX_SCAN_HAS_ANSWER = 1u << 4,
	FIX_SCAN_HAS_CONSUMERS = 1u << 5,
	FIX_SCAN_HAS_CONSUMER_NOTES = 1u << 6,
	FIX_SCAN_HAS_PLAN = 1u << 7,
	FIX_SCAN_HAS_REPORT = 1u << 8,
	FIX_SCAN_HAS_RULES = 1u << 9,
	FIX_SCAN_HAS_ANSWER_ASKED = 1u << 10,
};

struct fix_scan {
	const struct service *service;	/* whose scan it is */
	bool present;			/* the record holds this scan at all */
	unsigned int keys;		/* FIX_SCAN_HAS_* */
	char *version;
	char *host;
	char *time;			/* RFC 3339 UTC */
	enum fix_known exposed;
	bool has_listeners;		/* as keys & FIX_SCAN_HAS_LISTENERS */
	struct listener_list listeners;
	enum fix_known owners_complete;
	/* The service's answer (before): its key is the service's
	 * (the portmapper's "rpc"), its detail the service's own. */
	bool has_answer;
	enum fix_known answer_reachable;
	struct service_answer answer;
	bool answer_asked;		/* false with answer_not_asked: asking would start the daemon */
	char *answer_not_asked;
	struct consumer_list consumers;	/* kind, evidence, trusted, ambiguity; and the notes */
	struct fix_plan_text plan;
	enum fix_known changed;
	enum fix_known verified;
	char *report;			/* NULL also for null */
	char *rules;			/* after: the table read back, nft text */
};

void fix_scan_free(struct fix_scan *scan);

struct snapshot;
/* check's look (before) as the record keeps it. Returns 0 or -ENOMEM. */
int fix_scan_from_snapshot(const struct snapshot *snapshot, struct fix_scan *ret_scan);
/* The scan after the change: the listeners (copied) and the table read
 * back as nft text (NULL when none). Returns 0 or -ENOMEM. */
int fix_scan_from_proof(const struct listener_list *listeners, bool exposed, const char *rules,
			struct fix_scan *ret_scan);

/* The owner a person asks about, as check names it: the daemon rather
 * than PID 1, but the socket unit, which is what re-opens the port,
 * rather than the service. false when the listener has no owner. */
bool listener_shown_owner(const struct listener *listener, struct owner *ret_owner);

/* fix_scan_json.c: the scan as check's JSON object, and back. Reading
 * takes what it can and leaves out what it cannot (the record may be
 * damaged); returns 0 or -ENOMEM. */
json_t *fix_scan_to_json(const struct fix_scan *scan);
int fix_scan_from_json(const json_t *object, const struct service *service, struct fix_scan *ret_scan);
struct guard_seen;
/* check --json: the scan and the agent ("guard"). NULL when out of memory. */
json_t *fix_scan_check_json(const struct fix_scan *scan, const struct guard_seen *guard);
/* check --json of several services: the first's object with guard at
 * the top (the keys of 0.1), and "services": one object per scan, its
 * "service" first, without the run's own keys. NULL when out of memory
 * or count is 0. */
json_t *fix_scan_check_services_json(const struct fix_scan *scans, size_t count, const struct guard_seen *guard);
#endif
