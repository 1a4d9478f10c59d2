/* SPDX-License-Identifier: GPL-2.0-or-later */
/* memcached (port 11211 udp and tcp): what Shadowserver's scan_memcached reports. */
#ifndef PORTGUARD_MEMCACHED_H
#define PORTGUARD_MEMCACHED_H

#include "services/service.h"

extern const struct service memcached_service;

#endif
