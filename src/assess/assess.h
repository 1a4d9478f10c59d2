/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Who still needs rpcbind on the analysed host, each with the evidence
 * and the networks that must still reach port 111 for it, and how
 * rpcbind itself runs (systemd or not). Reads files below --root; the
 * RPC programs and the systemd units come in from the live host. */
#ifndef PORTGUARD_ASSESS_H
#define PORTGUARD_ASSESS_H

#include <stdbool.h>
#include <stddef.h>

#include "assess/evidence.h"
#include "base/paths.h"
#include "model/model.h"
#include "services/service.h"

struct service_answer;
struct service_units;

enum consumer_kind {
	CONSUMER_NFS_SERVER,	/* serves NFSv2/v3 */
	CONSUMER_NFS_CLIENT,	/* v2/v3 mount or fstab entry with locking */
	CONSUMER_NIS,
	CONSUMER_RPC_PROGRAM,	/* another program registered with rpcbind */
	CONSUMER_UNIT,		/* a systemd unit that requires or wants rpcbind */
};

#define CONSUMER_TEXT_MAX 512
#define ASSESS_NOTES_MAX 32

struct consumer {
	enum consumer_kind kind;
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
	/* What was found not to need rpcbind, or could not be looked at. */
	char notes[ASSESS_NOTES_MAX][CONSUMER_TEXT_MAX];
	size_t note_count;
};

/* How the service's daemon runs: only one that systemd manages can be
 * stopped for good (its socket unit would start it again otherwise). */
struct supervision {
	bool under_systemd;
	bool socket_activated;
	struct service_evidence facts;
	char evidence[CONSUMER_TEXT_MAX];	/* the facts in English */
};

struct assess_input {
	const struct service *service;
	const char *root;			/* "" is the live system */
	const struct listener_list *listeners;	/* the live scan */
	const struct service_answer *answer;	/* NULL when not asked */
	const struct service_units *units;	/* NULL when systemd was not asked */
	int units_error;			/* why units is NULL (negative errno), 0 otherwise */
};

/* Returns 0, or -EINVAL with *ret_error naming file and line of input
 * that cannot be trusted (a malformed export, securenets, nfs.conf...),
 * or -ENOMEM. */
int assess_consumers(const struct assess_input *input, struct consumer_list *ret_list,
		     struct error_record *ret_error);

/* Live: the owners of the exposed listeners (the systemd unit each runs
 * in), else the units. Below --root: the daemon's process of DIR/proc
 * and its cgroup, and the enablement link of its socket unit. */
void assess_supervision(const struct assess_input *input, struct supervision *ret_service);

void consumer_list_free(struct consumer_list *list);
/* A copy of from, its notes and each consumer's networks with it.
 * Returns 0 or -ENOMEM (*ret_copy then holds what was copied). */
int consumer_list_copy(const struct consumer_list *from, struct consumer_list *ret_copy);
const char *consumer_kind_name(enum consumer_kind kind);
/* "the NFS server", "an NFS mount": for sentences. */
const char *consumer_kind_description(enum consumer_kind kind);
/* The same in a language: "der NFS-Server", "ein NFS-Mount". */
const char *consumer_kind_description_in(enum consumer_kind kind, enum language language);
/* "nfs-server" back to its kind; -EINVAL for anything else. */
int consumer_kind_from_name(const char *name);

#endif
