/* SPDX-License-Identifier: GPL-2.0-or-later */
/* How abuse mails report mDNS: Shadowserver's scan_mdns, CERT-Bund's "Offener mDNS-Dienst". */
#ifndef PORTGUARD_MDNS_MAIL_H
#define PORTGUARD_MDNS_MAIL_H

#include "services/service.h"

extern const struct service_mail mdns_mail;

#endif
