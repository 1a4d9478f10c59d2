/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The DNS server (unbound, BIND's named, dnsmasq; port 53 udp and tcp):
 * what Shadowserver's scan_dns reports as an open resolver. */
#ifndef PORTGUARD_DNS_H
#define PORTGUARD_DNS_H

#include "services/service.h"

extern const struct service dns_service;

#endif
