/* SPDX-License-Identifier: GPL-2.0-or-later */
/* WS-Discovery (wsdd, port 3702 udp): what Shadowserver's
 * scan_ws_discovery reports. */
#ifndef PORTGUARD_WSD_H
#define PORTGUARD_WSD_H

#include "services/service.h"

extern const struct service wsd_service;

#endif
