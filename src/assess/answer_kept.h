/* SPDX-License-Identifier: GPL-2.0-or-later */
/* A service's local answer kept for the daemon that gave it, so that
 * a later look (check, fix, the agent) need not wait out the same
 * silence again. Only for a service whose probe says its answers last
 * as long as its process (service_probe.answer_lasts_per_process: wsdd
 * reads its options at start and has no reload). The record
 * (/run/portguard/answer-NAME, below --root) names the daemon by the
 * boot, the inodes of its listening sockets and each owner's pid with
 * its start time, all read from the running kernel as the sockets and
 * their owners are. Another process, a socket opened or closed (wsdd
 * opens one per address it serves), or a reboot, and the daemon is
 * asked again. */
#ifndef PORTGUARD_ANSWER_KEPT_H
#define PORTGUARD_ANSWER_KEPT_H

#include "base/paths.h"
#include "model/model.h"
#include "services/service.h"

/* The answer recorded for the daemon that holds listeners now: 0 and
 * *ret_answer (the caller frees it), -ENOENT when there is none for it
 * (or the service or the owners do not allow one), -ENOMEM. */
int answer_kept_take(const struct host *host, const struct service *service, const struct listener_list *listeners,
		     struct service_answer *ret_answer);

/* Records answer as the one of the daemon that holds listeners; a
 * record that cannot be made is no error (the next look asks again). */
void answer_kept_record(const struct host *host, const struct service *service,
			const struct listener_list *listeners, const struct service_answer *answer);

#endif
