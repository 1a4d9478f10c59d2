/* SPDX-License-Identifier: GPL-2.0-or-later */
/* How abuse mails report the NetBIOS name service: Shadowserver's
 * scan_netbios, CERT-Bund's "Offener NetBIOS-Dienst". */
#ifndef PORTGUARD_NETBIOS_MAIL_H
#define PORTGUARD_NETBIOS_MAIL_H

#include "services/service.h"

extern const struct service_mail netbios_mail;

#endif
