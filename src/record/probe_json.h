/* SPDX-License-Identifier: GPL-2.0-or-later */
/* probe --json: what the scanners see of a portmapper, per address. */
#ifndef PORTGUARD_PROBE_JSON_H
#define PORTGUARD_PROBE_JSON_H

#include <jansson.h>
#include <stddef.h>

#include "rpc/rpc_query.h"

/* One address: its verdict ("open", "closed", "unreachable"), why it is
 * not open (NULL when it is), UDP's answers and TCP's. NULL when out of
 * memory. */
json_t *probe_address_json(const struct rpc_address_probe *probe, const char *verdict, const char *reason);
/* The headline address's keys, then host, port and every address.
 * Takes over addresses. NULL when out of memory. */
json_t *probe_json(json_t *addresses, size_t headline, const char *host, unsigned int port);

#endif
