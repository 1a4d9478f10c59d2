/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The portmapper (rpcbind, port 111 tcp and udp): the first service,
 * and the example doc/HACKING.md walks through. */
#ifndef PORTGUARD_PORTMAPPER_H
#define PORTGUARD_PORTMAPPER_H

#include "services/service.h"

extern const struct service portmapper_service;

#endif
