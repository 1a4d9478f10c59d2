/* SPDX-License-Identifier: GPL-2.0-or-later */
/* SNMP (snmpd, port 161 udp): what Shadowserver's scan_snmp reports. */
#ifndef PORTGUARD_SNMP_H
#define PORTGUARD_SNMP_H

#include "services/service.h"

extern const struct service snmp_service;

#endif
