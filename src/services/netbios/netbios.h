/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The NetBIOS name service (samba's nmbd, port 137 udp): what
 * Shadowserver's scan_netbios reports. */
#ifndef PORTGUARD_NETBIOS_H
#define PORTGUARD_NETBIOS_H

#include "services/service.h"

extern const struct service netbios_service;

#endif
