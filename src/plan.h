/* What fix will do, decided from the scan and the consumers: pure data,
 * no effects. none (not exposed), stop (nobody needs rpcbind and
 * systemd manages it: both units stopped, disabled, masked) or restrict
 * (nftables: only loopback and trusted networks reach port 111). */
#ifndef PORTGUARD_PLAN_H
#define PORTGUARD_PLAN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "assess.h"
#include "action.h"
#include "model.h"

struct rpc_summary;

#define PLAN_TEXT_MAX 1024
#define PLAN_STEP_MAX 512
#define PLAN_STEPS_MAX 12
#define PLAN_UNITS_MAX 8
#define PLAN_WARNINGS_MAX 8
#define PLAN_PORTS_MAX 64

struct plan_input {
	bool exposed;
	enum mode mode;				/* --mode, else the config's, else auto */
	bool force;
	bool all_rpc;
	const struct cidr_list *trusted_given;	/* --trusted and the config's trusted */
	const struct consumer_list *consumers;
	const struct rpcbind_service *service;
	const struct listener_list *listeners;	/* may be NULL */
	const struct rpc_summary *rpc;		/* may be NULL */
};

struct plan {
	enum action action;
	char reason[PLAN_TEXT_MAX];		/* one sentence for the server owner */
	struct cidr_list trusted;		/* normalised: IPv4 first, then IPv6 */
	char steps[PLAN_STEPS_MAX][PLAN_STEP_MAX];	/* what fix will do, as an admin reads it */
	size_t step_count;
	char units[PLAN_UNITS_MAX][UNIT_NAME_MAX];	/* to stop, disable and mask */
	size_t unit_count;
	uint16_t ports[PLAN_PORTS_MAX];		/* to restrict: 111, and with --all-rpc the RPC services' */
	size_t port_count;
	bool under_systemd;
	bool socket_activated;
	char warnings[PLAN_WARNINGS_MAX][PLAN_STEP_MAX];
	size_t warning_count;
};

/* Returns 0; -EINVAL with a one-line message in error (cause; what to
 * pass) when restrict is needed but trusted networks can neither be
 * derived nor were given, or --mode stop would break a consumer (without
 * --force) or cannot work (rpcbind not under systemd); -ENOMEM. */
int plan_decide(const struct plan_input *input, struct plan *ret_plan, char *error, size_t error_size);
void plan_free(struct plan *plan);

#endif
