/* SPDX-License-Identifier: GPL-2.0-or-later */
/* What fix will do, decided from the scan and the consumers: pure data,
 * no effects. none (not exposed), stop (nobody needs rpcbind and
 * systemd manages it: both units stopped, disabled, masked) or restrict
 * (nftables: only loopback and trusted networks reach port 111). */
#ifndef PORTGUARD_PLAN_H
#define PORTGUARD_PLAN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "assess/assess.h"
#include "assess/evidence.h"
#include "base/language.h"
#include "model/action.h"
#include "model/model.h"
#include "services/service.h"

struct service_answer;

#define PLAN_TEXT_MAX 1024
#define PLAN_STEP_MAX 512
#define PLAN_STEPS_MAX 12
#define PLAN_UNITS_MAX 8
#define PLAN_WARNINGS_MAX 8
#define PLAN_PORTS_MAX 64

struct plan_input {
	const struct service *service;
	bool exposed;
	enum mode mode;				/* --mode, else the config's, else auto */
	bool force;
	bool all_rpc;
	const struct cidr_list *trusted_given;	/* --trusted and the config's trusted */
	const struct consumer_list *consumers;
	const struct supervision *supervision;
	const struct listener_list *listeners;	/* may be NULL */
	const struct service_answer *answer;	/* may be NULL */
	/* The portmapper was asked and did not answer: what is registered
	 * with it, and so whether something needs it, is not known. */
	bool registrations_unknown;
};

/* Why the plan is what it is; plan_reason_format() words it. */
enum plan_reason {
	PLAN_REASON_NOT_EXPOSED,	/* none: port 111 is not reachable from other hosts */
	PLAN_REASON_NOBODY_NEEDS_IT,	/* stop */
	PLAN_REASON_STOP_CHOSEN,	/* stop: --mode stop, and nothing needs rpcbind */
	PLAN_REASON_STOP_FORCED,	/* stop: --mode stop --force although reason_consumer needs it */
	PLAN_REASON_RESTRICT_CHOSEN,	/* restrict: --mode restrict */
	PLAN_REASON_CONSUMERS,		/* restrict: reason_consumer_count consumers, the first of reason_consumer_kind */
	PLAN_REASON_FOREIGN_HOLDER,	/* restrict: reason_process[reason_pid], not rpcbind, holds port 111 too */
	PLAN_REASON_REGISTRATIONS_UNKNOWN,	/* restrict: the portmapper did not answer at reason_address */
	PLAN_REASON_NOT_UNDER_SYSTEMD,	/* restrict: rpcbind runs as reason_service says */
	PLAN_REASON_SERVES_EVERYONE,	/* restrict: the daemon serves every host on purpose (NTP); only what its filter matches is closed */
	PLAN_REASON_EXPLAIN,		/* explain: reason_consumer (the service's explain_kind) must reach it from everywhere */
	_PLAN_REASON_MAX,
	_PLAN_REASON_INVALID = -EINVAL,
};

/* What fix will do, step by step; plan_step_format() words each with the
 * plan's units, ports and networks. */
enum plan_step {
	PLAN_STEP_SYSTEMCTL_STOP,
	PLAN_STEP_SYSTEMCTL_DISABLE,
	PLAN_STEP_SYSTEMCTL_MASK,
	PLAN_STEP_VERIFY_NOTHING_LISTENS,
	PLAN_STEP_NFT_TABLE,
	PLAN_STEP_NFT_ACCEPT_LOOPBACK,
	PLAN_STEP_NFT_ACCEPT_IPV4,
	PLAN_STEP_NFT_ACCEPT_IPV6,
	PLAN_STEP_NFT_DROP,
	PLAN_STEP_WRITE_NFT_FILE,
	PLAN_STEP_VERIFY_READ_BACK,
	_PLAN_STEP_MAX,
	_PLAN_STEP_INVALID = -EINVAL,
};

struct plan {
	const struct service *service;		/* the one the plan is for; not owned */
	enum action action;
	enum plan_reason reason;
	const struct consumer_kind *reason_consumer_kind;
	size_t reason_consumer_count;
	struct evidence reason_consumer;		/* STOP_FORCED, EXPLAIN */
	/* The same in English as assess said it, which check has always
	 * shown; "": the English is worded from the facts too. */
	char reason_consumer_text[CONSUMER_TEXT_MAX];
	char reason_process[PROCESS_NAME_MAX];		/* FOREIGN_HOLDER */
	pid_t reason_pid;
	char reason_address[64];			/* REGISTRATIONS_UNKNOWN: where it was asked last */
	struct service_evidence reason_service;		/* NOT_UNDER_SYSTEMD */
	char reason_service_text[CONSUMER_TEXT_MAX];	/* the same in English */
	struct cidr_list trusted;		/* normalised: IPv4 first, then IPv6 */
	enum plan_step steps[PLAN_STEPS_MAX];
	size_t step_count;
	char units[PLAN_UNITS_MAX][UNIT_NAME_MAX];	/* to stop, disable and mask */
	size_t unit_count;
	uint16_t ports[PLAN_PORTS_MAX];		/* to restrict: 111, and with --all-rpc the RPC services' */
	size_t port_count;
	bool under_systemd;
	bool socket_activated;
	/* For check only, in English: a trusted network that is everything,
	 * consumers whose callers are unknown. */
	char warnings[PLAN_WARNINGS_MAX][PLAN_STEP_MAX];
	size_t warning_count;
};

/* Returns 0; -EINVAL with the one-line message in *ret_error (cause; what to
 * pass) when restrict is needed but trusted networks can neither be
 * derived nor were given, or --mode stop would break a consumer (without
 * --force) or cannot work (rpcbind not under systemd); -ENOMEM. */
int plan_decide(const struct plan_input *input, struct plan *ret_plan, struct error_record *ret_error);
void plan_free(struct plan *plan);

/* The reason as one paragraph, and step index (< step_count) as one line
 * ("systemctl stop rpcbind.socket rpcbind.service"), in a language;
 * check and the JSON show the English, the report both. */
void plan_reason_format(const struct plan *plan, enum language language, char *buffer, size_t size);
void plan_step_format(const struct plan *plan, size_t index, enum language language, char *buffer, size_t size);

const char *plan_reason_to_string(enum plan_reason reason);
enum plan_reason plan_reason_from_string(const char *text);
const char *plan_step_to_string(enum plan_step step);
enum plan_step plan_step_from_string(const char *text);

#endif
