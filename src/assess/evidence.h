/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The engine's evidence: a systemd unit that depends on the service's
 * daemon (the evidence of services/evidence.h), and how the daemon runs,
 * as facts worded in either language only when shown. assess finds
 * them; check and the JSON show them in English, the report in German
 * and English. */
#ifndef PORTGUARD_EVIDENCE_H
#define PORTGUARD_EVIDENCE_H

#include <errno.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "base/language.h"
#include "model/model.h"
#include "services/evidence.h"
#include "services/service.h"

/* A systemd unit that requires, wants or is bound to the service's
 * daemon: unit subject (its states) relation object. The engine's, for
 * every service, beside the sources a service declares. */
extern const struct evidence_source assess_source_unit;

/* The evidence source called name: the engine's "unit", else the
 * service's (service_evidence_source()); NULL when neither has it. */
const struct evidence_source *assess_evidence_source(const struct service *service, const char *name);

/* How rpcbind runs, as the plan's reason may name it. */
enum service_how {
	SERVICE_HELD_FOR_UNIT,		/* port held by process[pid] for unit (PID 1: a socket unit) */
	SERVICE_HELD_BY,		/* port held by process[pid], which runs in unit or outside systemd */
	SERVICE_SYSTEMD_REPORTS,	/* systemd reports the socket's and the service's states */
	SERVICE_NO_UNIT,		/* no systemd unit for the port */
	SERVICE_RUNS_IN,		/* below --root: rpcbind (pid) runs in unit */
	SERVICE_SOCKET_ENABLED,		/* below --root: rpcbind.socket is enabled */
	SERVICE_RUNS_OUTSIDE,		/* below --root: rpcbind (pid) runs outside systemd */
	SERVICE_NONE_BELOW_ROOT,	/* below --root: neither process nor unit */
	_SERVICE_HOW_MAX,
	_SERVICE_HOW_INVALID = -EINVAL,
};

struct service_evidence {
	enum service_how how;
	char process[PROCESS_NAME_MAX];
	pid_t pid;
	char unit[UNIT_NAME_MAX];		/* "" outside systemd */
	char socket_state[UNIT_STATE_MAX];	/* SYSTEMD_REPORTS */
	char service_state[UNIT_STATE_MAX];
};

/* How the service's daemon runs, in a sentence part. */
void service_evidence_format(const struct service_evidence *evidence, const struct service *service,
			     enum language language, char *buffer, size_t size);
const char *service_how_to_string(enum service_how how);
enum service_how service_how_from_string(const char *text);

#endif
