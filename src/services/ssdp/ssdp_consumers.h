/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Who needs minissdpd: the UPnP daemons enabled on the host that
 * announce their services through it (miniupnpd, minidlna), whose LAN
 * peers must still reach port 1900 from the private networks of the
 * interfaces minissdpd serves. The engine adds the units that depend on
 * minissdpd. Internal to services/ssdp/. */
#ifndef PORTGUARD_SSDP_CONSUMERS_H
#define PORTGUARD_SSDP_CONSUMERS_H

#include "services/consumer.h"
#include "services/service.h"
#include "services/ssdp/ssdp_config.h"

#define PATH_SYSTEMD_WANTS "/etc/systemd/system/multi-user.target.wants"

extern const struct consumer_kind ssdp_kind_announcer;
extern const struct consumer_kind *const ssdp_consumer_kinds[];
/* subject (a unit) is enabled: file is its link in multi-user.target.wants */
extern const struct evidence_source ssdp_source_enabled_unit;
extern const struct evidence_source *const ssdp_evidence_sources[];

int ssdp_find_consumers(const struct consumer_request *request, struct consumer_list *list,
			struct error_record *ret_error);

/* The private networks of the links config lets minissdpd serve, the
 * LAN peers' (pure, for the tests). Returns 0 or -ENOMEM. */
int ssdp_lan_networks(const struct ssdp_config *config, const struct local_link *links, size_t count,
		      struct cidr_list *networks);
/* Whether config lets minissdpd serve a link with a public address. */
bool ssdp_serves_public(const struct ssdp_config *config, const struct local_link *links, size_t count);

/* SSDP's answers_outsiders (service.h). */
bool ssdp_answers_outsiders(const struct host *host, const struct service_answer *answer);

#endif
