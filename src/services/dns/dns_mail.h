/* SPDX-License-Identifier: GPL-2.0-or-later */
/* How abuse mails report an open DNS resolver: Shadowserver's scan_dns
 * (DNS-Open-Resolvers), CERT-Bund's "Offener DNS-Resolver". */
#ifndef PORTGUARD_DNS_MAIL_H
#define PORTGUARD_DNS_MAIL_H

#include "services/service.h"

extern const struct service_mail dns_mail;

#endif
