/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Who on the analysed host still needs a service: consumers, each of a
 * kind, with its evidence and the networks that must still reach the
 * service for it, and notes on what was found not to need it. A service
 * declares its kinds and evidence sources and finds its consumers
 * (service.h); the engine adds the systemd units that depend on the
 * daemon, and plans, records and reports the list without knowing what
 * a kind means beyond its words. */
#ifndef PORTGUARD_CONSUMER_H
#define PORTGUARD_CONSUMER_H

#include <stdbool.h>
#include <stddef.h>

#include "base/language.h"
#include "base/paths.h"
#include "model/model.h"
#include "services/evidence.h"

#define CONSUMER_TEXT_MAX 512
#define CONSUMER_NOTES_MAX 32

struct consumer_kind {
	const char *name;			/* "nfs-server": the JSON's "kind", check's column */
	const char *description_en;		/* in a sentence: "the NFS server" */
	const char *description_de;		/* "der NFS-Server" */
	const char *label_en;			/* heads the report's item: "NFS server serving v2/v3" */
	const char *label_de;
	/* Not NULL: the label names the service's daemon between itself
	 * and these ("systemd-Unit, die " "rpcbind" " verlangt"; the
	 * engine's unit kind, which serves every service). */
	const char *label_after_daemon_en;
	const char *label_after_daemon_de;
	/* Units that serve a consumer of this kind (name prefixes,
	 * NULL-terminated; NULL for none): found beside one, a unit that
	 * depends on the daemon is explained by it. */
	const char *const *units;
};

struct consumer {
	const struct consumer_kind *kind;
	struct evidence facts;			/* where it was seen: file:line, unit, program */
	char evidence[CONSUMER_TEXT_MAX];	/* the facts in English, as check and the JSON say them */
	struct cidr_list trusted;		/* derived, normalised */
	/* The networks it needs could not all be derived (wildcard, netgroup,
	 * a name that does not resolve, an unknown caller): why, in words. */
	bool ambiguous;
	/* Nothing says whether other hosts call it at all (an unexplained RPC
	 * program or unit): restricting to loopback may cut them off, which
	 * the plan warns about instead of refusing. ambiguity says why. */
	bool callers_unknown;
	char ambiguity[CONSUMER_TEXT_MAX];
};

struct consumer_list {
	struct consumer *items;
	size_t count;
	size_t capacity;
	/* What was found not to need the service, or could not be looked at. */
	char notes[CONSUMER_NOTES_MAX][CONSUMER_TEXT_MAX];
	size_t note_count;
};

struct service_answer;

/* What a service's find_consumers looks at. */
struct consumer_request {
	const struct host *host;	/* --root, or the live system */
	const struct listener_list *listeners;	/* the live scan */
	const struct service_answer *answer;	/* the daemon's own answer; NULL when nothing listens */
};

__attribute__((format(printf, 2, 3)))
void consumer_list_note(struct consumer_list *list, const char *format, ...);
/* Appends consumer, moving its networks (normalised) and wording its
 * evidence in English. 0 or -ENOMEM (the networks are freed then). */
int consumer_list_add(struct consumer_list *list, struct consumer *consumer);
/* Whether a consumer of kind is in list. */
bool consumer_list_has(const struct consumer_list *list, const struct consumer_kind *kind);
void consumer_list_free(struct consumer_list *list);
/* A copy of from, its notes and each consumer's networks with it.
 * Returns 0 or -ENOMEM (*ret_copy then holds what was copied). */
int consumer_list_copy(const struct consumer_list *from, struct consumer_list *ret_copy);

/* Marks consumer ambiguous, keeping the first reason: the one to fix first. */
__attribute__((format(printf, 2, 3)))
void consumer_set_ambiguous(struct consumer *consumer, const char *format, ...);
__attribute__((format(printf, 2, 3)))
void consumer_set_callers_unknown(struct consumer *consumer, const char *format, ...);

/* "the NFS server", "der NFS-Server": for sentences; "?" for NULL. */
const char *consumer_kind_description(const struct consumer_kind *kind, enum language language);

#endif
