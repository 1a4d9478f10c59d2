/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Who needs ntpd's queries (mode 6): the networks its restrict lines
 * let query, each a trusted network of the restriction; whether it
 * serves time to others is a note, since the restriction keeps time
 * service for everyone. Internal to services/ntp/. */
#ifndef PORTGUARD_NTP_CONSUMERS_H
#define PORTGUARD_NTP_CONSUMERS_H

#include "base/paths.h"
#include "services/consumer.h"
#include "services/service.h"

extern const struct consumer_kind ntp_kind_query_client;
extern const struct consumer_kind *const ntp_consumer_kinds[];
/* file:line lets subject (a network) query ntpd */
extern const struct evidence_source ntp_source_restrict;
extern const struct evidence_source *const ntp_evidence_sources[];

int ntp_find_consumers(const struct consumer_request *request, struct consumer_list *list,
		       struct error_record *ret_error);

/* NTP's answers_outsiders (service.h). */
bool ntp_answers_outsiders(const struct host *host, const struct service_answer *answer);

#endif
