/* SPDX-License-Identifier: GPL-2.0-or-later */
/* SSDP (port 1900 udp): what Shadowserver's scan_ssdp reports. */
#ifndef PORTGUARD_SSDP_H
#define PORTGUARD_SSDP_H

#include "services/service.h"

extern const struct service ssdp_service;

#endif
