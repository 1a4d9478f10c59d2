/* SPDX-License-Identifier: GPL-2.0-or-later */
/* IPMI's one consumer: the board's BMC, which answers 623/udp on an
 * address of its own (or one it shares with the host's port) and which
 * no rule of this host's firewall reaches. find_consumers always adds
 * it, so that the plan is "explain" (service.h, mail_only); its facts
 * say whether a process of this host listens on 623/udp as well. */
#ifndef PORTGUARD_IPMI_CONSUMERS_H
#define PORTGUARD_IPMI_CONSUMERS_H

#include "services/consumer.h"
#include "services/service.h"

extern const struct consumer_kind ipmi_kind_bmc;
extern const struct consumer_kind *const ipmi_consumer_kinds[];
/* subject: the process of this host on 623/udp, "" for none; pid its pid */
extern const struct evidence_source ipmi_source_bmc;
extern const struct evidence_source *const ipmi_evidence_sources[];

int ipmi_find_consumers(const struct consumer_request *request, struct consumer_list *list,
			struct error_record *ret_error);
/* What to change instead, in one sentence, from the BMC consumer's facts. */
void ipmi_explain(const struct evidence *facts, enum language language, char *buffer, size_t size);

#endif
