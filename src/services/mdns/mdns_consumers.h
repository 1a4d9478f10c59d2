/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Who needs avahi: the services the host publishes to its LAN
 * (/etc/avahi/services), whose peers must still reach port 5353 from the
 * private networks of the interfaces avahi serves; nss-mdns is a note,
 * since every install puts it into nsswitch.conf. The engine adds the
 * units that depend on avahi-daemon (cups-browsed). Internal to
 * services/mdns/. */
#ifndef PORTGUARD_MDNS_CONSUMERS_H
#define PORTGUARD_MDNS_CONSUMERS_H

#include "services/consumer.h"
#include "services/mdns/mdns_config.h"
#include "services/service.h"

extern const struct consumer_kind mdns_kind_published;
extern const struct consumer_kind *const mdns_consumer_kinds[];
/* file publishes subject (a service type) on port object */
extern const struct evidence_source mdns_source_service_file;
extern const struct evidence_source *const mdns_evidence_sources[];

int mdns_find_consumers(const struct consumer_request *request, struct consumer_list *list,
			struct error_record *ret_error);

/* The private networks of the links config lets avahi serve, the LAN
 * peers' (pure, for the tests). Returns 0 or -ENOMEM. */
int mdns_lan_networks(const struct mdns_config *config, const struct local_link *links, size_t count,
		      struct cidr_list *networks);
/* Whether config lets avahi serve a link with a public address. */
bool mdns_serves_public(const struct mdns_config *config, const struct local_link *links, size_t count);

/* mDNS's answers_outsiders (service.h). */
bool mdns_answers_outsiders(const struct host *host, const struct service_answer *answer);

#endif
