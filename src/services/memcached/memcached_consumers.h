/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Who needs memcached: the peers of the TCP connections established to
 * it now (a client on another host, or on this one), and what its -l
 * setting in /etc/memcached.conf binds. UDP clients leave no trace. */
#ifndef PORTGUARD_MEMCACHED_CONSUMERS_H
#define PORTGUARD_MEMCACHED_CONSUMERS_H

#include "services/consumer.h"
#include "services/service.h"

#define MEMCACHED_PATH_CONFIG "/etc/memcached.conf"
#define MEMCACHED_CONFIG_LINE_MAX 4096

extern const struct consumer_kind memcached_kind_client;
extern const struct consumer_kind *const memcached_consumer_kinds[];

/* subject (the peer) is connected to port object */
extern const struct evidence_source memcached_source_connection;
extern const struct evidence_source *const memcached_evidence_sources[];

int memcached_find_consumers(const struct consumer_request *request, struct consumer_list *list,
			     struct error_record *ret_error);

#endif
