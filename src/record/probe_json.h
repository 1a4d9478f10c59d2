/* SPDX-License-Identifier: GPL-2.0-or-later */
/* probe --json: what each address of a name answered, and the keys of
 * the address that matters most at the top (doc/json.md). */
#ifndef PORTGUARD_PROBE_JSON_H
#define PORTGUARD_PROBE_JSON_H

#include <jansson.h>

#include "services/service.h"

/* The headline address's keys (the first open one, else the first
 * reached): address, verdict, reason and what the service's probe adds;
 * then host, port and "addresses" with every one. NULL when out of
 * memory. */
json_t *probe_result_json(const struct service_probe *probe, const struct service_address_list *list,
			  const char *host, unsigned int port);

#endif
