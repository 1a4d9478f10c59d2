/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Who still needs the service on the analysed host, each with the
 * evidence and the networks that must still reach its ports for it,
 * and how its daemon runs (systemd or not). The service finds its own
 * consumers (service.h); the engine adds the systemd units that depend
 * on the daemon, which come in from the live host. */
#ifndef PORTGUARD_ASSESS_H
#define PORTGUARD_ASSESS_H

#include <stdbool.h>
#include <stddef.h>

#include "assess/evidence.h"
#include "base/paths.h"
#include "model/model.h"
#include "services/consumer.h"
#include "services/service.h"

struct service_answer;
struct service_units;

/* A systemd unit that requires or wants the daemon: the engine's kind,
 * for every service, beside the kinds a service declares. */
extern const struct consumer_kind assess_kind_unit;

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
	const struct host *host;	/* --root, or the live system */
	const struct listener_list *listeners;	/* the live scan */
	const struct service_answer *answer;	/* NULL when not asked */
	const struct service_units *units;	/* NULL when systemd was not asked */
	int units_error;			/* why units is NULL (negative errno), 0 otherwise */
};

/* The service's consumers, then the units. Returns 0, or -EINVAL with
 * *ret_error naming file and line of input that cannot be trusted (a
 * malformed export, securenets, nfs.conf...), or -ENOMEM. */
int assess_consumers(const struct assess_input *input, struct consumer_list *ret_list,
		     struct error_record *ret_error);

/* Live: the owners of the exposed listeners (the systemd unit each runs
 * in), else the units. Below --root: the daemon's process of DIR/proc
 * and its cgroup, and the enablement link of its socket unit. */
void assess_supervision(const struct assess_input *input, struct supervision *ret_service);

/* The consumer kind called name ("nfs-server"): the engine's "unit",
 * else the service's (service_consumer_kind()); NULL when neither has it. */
const struct consumer_kind *assess_consumer_kind(const struct service *service, const char *name);

#endif
